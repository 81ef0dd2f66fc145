//! Credit lines: who reported, wrote, edited or helped with the story ("With assistance by
//! …", "Reporting by …", "Contributing: …", "… contributed to this report."). They are
//! boilerplate, not the story, and the people they name are not in the news.

/// How a credit line starts, after any dashes or bullets.
const CREDIT_STARTS: [&str; 14] = [
    "With assistance by",
    "With assistance from",
    "Contributing:",
    "Contributors:",
    "Reporting by",
    "Additional reporting by",
    "Additional reporting from",
    "Editing by",
    "Edited by",
    "Writing by",
    "Compiled by",
    "Disclosure:",
    "To contact the reporter",
    "To contact the editor",
];

/// What a credit line says at its end ("Jane Doe contributed to this report.").
const CREDIT_ENDS: [&str; 4] = [
    "contributed reporting",
    "contributed to this report",
    "contributed to this story",
    "contributed to this article",
];

/// Longest line read as a credit: a paragraph of the story is longer.
const LONGEST_CREDIT: usize = 600;

/// The byte ranges of `text`'s credit lines, in order.
pub(crate) fn credit_lines(text: &str) -> Vec<(usize, usize)> {
    let mut lines = Vec::new();
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        let end = start + line.len();
        if line.len() <= LONGEST_CREDIT && is_credit(line) {
            lines.push((start, end));
        }
        start = end;
    }
    lines
}

/// Whether one line of text is a credit.
fn is_credit(line: &str) -> bool {
    let body = line.trim_start_matches(|c: char| {
        c.is_whitespace() || matches!(c, '-' | '—' | '–' | '*' | '•')
    });
    if CREDIT_STARTS.iter().any(|start| body.starts_with(start)) {
        return true;
    }
    let body = body.trim_end_matches(|c: char| c.is_whitespace() || matches!(c, '.' | ')'));
    CREDIT_ENDS.iter().any(|end| {
        body.len() >= end.len()
            && body.is_char_boundary(body.len() - end.len())
            && body[body.len() - end.len()..].eq_ignore_ascii_case(end)
    })
}

/// Whether byte `at` falls inside one of `lines` (sorted, as [`credit_lines`] gives them).
pub(crate) fn in_credit(lines: &[(usize, usize)], at: usize) -> bool {
    lines.iter().any(|&(start, end)| at >= start && at < end)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn credited(text: &str) -> Vec<&str> {
        credit_lines(text)
            .into_iter()
            .map(|(start, end)| text[start..end].trim_end())
            .collect()
    }

    #[test]
    fn credit_lines_are_found_by_their_start_or_their_end() {
        let text = "Rates rose on Friday, Jane Park said.\n\
                    — With assistance by Ann Lee and Bo Chan\n\
                    Tom Weller in Leeds contributed to this report.\n\
                    Contributing: Rosa Diaz\n\
                    Disclosure: This story was edited by Max Stone.";
        assert_eq!(
            credited(text),
            [
                "— With assistance by Ann Lee and Bo Chan",
                "Tom Weller in Leeds contributed to this report.",
                "Contributing: Rosa Diaz",
                "Disclosure: This story was edited by Max Stone.",
            ]
        );
        let at = text.find("Ann Lee").unwrap_or(0);
        assert!(in_credit(&credit_lines(text), at));
        assert!(!in_credit(&credit_lines(text), 0));
    }

    #[test]
    fn a_story_paragraph_mentioning_reporting_is_no_credit() {
        let text = "Reporters said the editing by the board was slow.\n\
                    She contributed reporting skills to the team for years.";
        assert!(credited(text).is_empty());
    }
}
