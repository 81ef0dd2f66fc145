//! Hover cards some sites run into their text after a politician's name: "Sen. Mark Warner Mark
//! Robert WarnerHillicon Valley: Federal inquiry opened into Google health data deal | Facebook
//! reports … MORE (Va.)". The card starts where its first headline is glued to the name's last
//! word and ends at "MORE"; its headlines name people and companies the story does not.

use std::borrow::Cow;

/// Longest hover card cut, in bytes: a card holds a name and a few headlines.
const LONGEST_CARD: usize = 700;

/// The line without its hover cards; lines without one come back borrowed.
pub(crate) fn cut_hover_cards(line: &str) -> Cow<'_, str> {
    if memchr::memmem::find(line.as_bytes(), b" MORE").is_none() {
        return Cow::Borrowed(line);
    }
    let mut kept = String::with_capacity(line.len());
    let mut from = 0;
    let mut search = 0;
    while let Some(found) = line[search..].find(" MORE") {
        let more = search + found;
        let after = more + " MORE".len();
        search = after;
        let ends_card = line[after..]
            .chars()
            .next()
            .is_none_or(|c| matches!(c, ' ' | ',' | ')' | '.' | ';'));
        if !ends_card {
            continue;
        }
        let window_start = more.saturating_sub(LONGEST_CARD).max(from);
        let window_start = (window_start..more)
            .find(|&at| line.is_char_boundary(at))
            .unwrap_or(more);
        let Some(glue) = first_glue(&line[window_start..more]) else {
            continue;
        };
        let glue = window_start + glue;
        kept.push_str(&line[from..card_start(line, window_start, glue)]);
        from = after;
    }
    if from == 0 {
        return Cow::Borrowed(line);
    }
    kept.push_str(&line[from..]);
    Cow::Owned(kept)
}

/// Where the card that glues a headline at `glue` starts: after the name the page showed when
/// the card repeats it in full ("Mitch McConnell Addison (Mitch) Mitchell McConnellHeadline"
/// starts after the first "McConnell"), else at the glue.
fn card_start(line: &str, window_start: usize, glue: usize) -> usize {
    let word_start = line[..glue]
        .rfind(|c: char| c.is_whitespace() || c == '(')
        .map_or(0, |at| at + 1);
    let surname = &line[word_start..glue];
    let search_from = word_start.saturating_sub(100).max(window_start);
    let Some(region) = line.get(search_from..word_start) else {
        return glue;
    };
    region
        .match_indices(surname)
        .filter(|(at, _)| {
            let end = search_from + at + surname.len();
            let whole_start = *at == 0 || region[..*at].ends_with([' ', '(']);
            whole_start && line[end..].starts_with([' ', ',', ')'])
        })
        .map(|(at, _)| search_from + at + surname.len())
        .next()
        .unwrap_or(glue)
}

/// Where, in `text`, a capital follows at least four lower-case letters inside one word
/// ("WarnerHillicon"): a headline glued to a name. The first such place counts, so a card's
/// own glued words do not shorten the cut.
fn first_glue(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut lower_run = 0;
    for (at, &byte) in bytes.iter().enumerate() {
        if byte.is_ascii_lowercase() {
            lower_run += 1;
        } else if byte.is_ascii_uppercase() && lower_run >= 4 {
            return Some(at);
        } else {
            lower_run = 0;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hover_cards_are_cut_from_the_glued_headline_to_more() {
        let line = "said Sen. Mark Warner Mark Robert WarnerHillicon Valley: Federal inquiry \
                    opened into Google health data deal | Facebook reports millions of post \
                    takedowns MORE (D-Va.), on Thursday.";
        assert_eq!(
            cut_hover_cards(line),
            "said Sen. Mark Warner (D-Va.), on Thursday."
        );
        let line = "Senate Majority Leader Mitch McConnell Addison (Mitch) Mitchell \
                    McConnellSenate votes to confirm judge | Trump says MORE (R-Ky.) said.";
        assert_eq!(
            cut_hover_cards(line),
            "Senate Majority Leader Mitch McConnell (R-Ky.) said."
        );
        for untouched in [
            "Senate Majority Leader Mitch McConnell said MORE money was needed.",
            "Read MORE",
            "PowerPoint slides and nothing MOREover",
        ] {
            assert_eq!(cut_hover_cards(untouched), untouched);
        }
    }
}
