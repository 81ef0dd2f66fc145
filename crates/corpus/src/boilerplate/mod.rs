//! Boilerplate lines of scraped news: photo captions and credits, share and newsletter widgets,
//! copyright footers, "JUST WATCHED", related-link teasers. They are kept out of entity
//! extraction (and snippets); the stored text is unchanged.
//!
//! Two sources of evidence: a shipped list of markers common to news sites ([`MARKERS`]), and
//! the corpus itself. A [`BoilerplateLearner`] counts, per source, in how many articles each
//! line occurs (lines compared lower-cased, digits as `0`, spaces folded, so "Copyright © 2019"
//! and "© 2020" are one line); a line repeated across many articles of one source is a template
//! line, not reporting. The counts are saved in the index folder so a later run keeps learning.

use std::collections::{HashMap, HashSet};
use std::io::{Read, Write};
use std::path::Path;

mod captions;
mod hover;
mod keys;

use captions::starts_with_marker;
pub use captions::{strip_captions, CREDITS, MARKERS};
use keys::{line_key, source_key};

/// Lines up to this many bytes count as short (captions, credits, widgets).
const SHORT_LINE: usize = 160;
/// Lines longer than this are not learned (template paragraphs are shorter).
const LONGEST_LEARNED: usize = 600;
/// A short line is a template line of its source when it occurs in this many articles of it...
const SHORT_REPEATS: u32 = 5;
/// ...and a long one (a paragraph repeated verbatim) when it occurs in this many.
const LONG_REPEATS: u32 = 20;

/// Counts of lines per source, as learned so far.
#[derive(Debug, Default, Clone)]
pub struct BoilerplateLearner {
    /// (source hash, line hash) → articles of that source holding the line.
    counts: HashMap<(u64, u64), u32>,
}

impl BoilerplateLearner {
    /// Counts the distinct lines of one article of `source`.
    pub fn learn(&mut self, source: Option<&str>, body: &str) {
        let source = source_key(source);
        let mut seen = HashSet::new();
        for line in body.lines() {
            // Long paragraphs repeat only in copies of one story; learning them costs most of
            // the hashing, and a template paragraph is short of this.
            if line.len() > LONGEST_LEARNED {
                continue;
            }
            let key = line_key(line);
            if key != 0 && seen.insert(key) {
                *self.counts.entry((source, key)).or_default() += 1;
            }
        }
    }

    /// The lines learned so far that are template lines.
    pub fn boilerplate(&self) -> Boilerplate {
        let learned = self
            .counts
            .iter()
            .filter(|(_, count)| **count >= SHORT_REPEATS)
            .map(|((source, line), count)| (*source, *line, *count))
            .collect::<Vec<_>>();
        let mut lines = HashMap::new();
        for (source, line, count) in learned {
            lines.insert((source, line), count);
        }
        Boilerplate { lines }
    }

    /// The body without its boilerplate as learned so far (see [`Boilerplate::clean`]): lines
    /// count as template lines once they reach the thresholds, so a run that learns as it reads
    /// treats a source's template line as boilerplate from its fifth article on.
    pub fn clean<'a>(
        &self,
        source: Option<&str>,
        body: &'a str,
    ) -> (std::borrow::Cow<'a, str>, usize) {
        clean_with(&self.counts, source, body)
    }

    /// The lines of `body` that [`BoilerplateLearner::clean`] leaves out or changes, as they
    /// stand in the text (for `--report`).
    pub fn boilerplate_lines<'a>(&self, source: Option<&str>, body: &'a str) -> Vec<&'a str> {
        let source = source_key(source);
        body.lines()
            .filter(|line| {
                is_template_in(&self.counts, source, line)
                    || strip_captions(line).len() != line.len()
            })
            .collect()
    }

    /// Template lines learned so far.
    pub fn learned_lines(&self) -> usize {
        self.counts
            .values()
            .filter(|count| **count >= SHORT_REPEATS)
            .count()
    }

    /// Reads counts saved by [`BoilerplateLearner::save`]; a missing file is an empty learner.
    pub fn load(path: &Path) -> std::io::Result<BoilerplateLearner> {
        let mut bytes = Vec::new();
        match std::fs::File::open(path) {
            Ok(mut file) => file.read_to_end(&mut bytes)?,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                return Ok(Self::default())
            }
            Err(error) => return Err(error),
        };
        let mut counts = HashMap::with_capacity(bytes.len() / 20);
        for entry in bytes.chunks_exact(20) {
            let number = |range: std::ops::Range<usize>| {
                let mut buffer = [0u8; 8];
                buffer[..range.len()].copy_from_slice(&entry[range]);
                u64::from_le_bytes(buffer)
            };
            counts.insert((number(0..8), number(8..16)), number(16..20) as u32);
        }
        Ok(BoilerplateLearner { counts })
    }

    /// Saves the counts of lines seen more than once (a line seen once cannot be told from
    /// reporting yet, and most lines are seen once): 20 bytes per entry.
    pub fn save(&self, path: &Path) -> std::io::Result<()> {
        let mut out = std::io::BufWriter::new(std::fs::File::create(path)?);
        for ((source, line), count) in &self.counts {
            if *count > 1 {
                out.write_all(&source.to_le_bytes())?;
                out.write_all(&line.to_le_bytes())?;
                out.write_all(&count.to_le_bytes())?;
            }
        }
        out.flush()
    }
}

/// The boilerplate a corpus taught, plus the shipped markers.
#[derive(Debug, Default, Clone)]
pub struct Boilerplate {
    /// (source hash, line hash) → articles of the source holding it, for repeated lines.
    lines: HashMap<(u64, u64), u32>,
}

impl Boilerplate {
    /// Whether `line` of an article of `source` is boilerplate through and through (nothing of
    /// it is kept for extraction).
    #[cfg(test)]
    pub(crate) fn is_boilerplate(&self, source: Option<&str>, line: &str) -> bool {
        self.is_template(source, line)
            || strip_captions(line).trim().is_empty() && !line.trim().is_empty()
    }

    /// The body without its boilerplate: template and widget lines left out, caption furniture
    /// and photo credits cut from caption lines. Also how many lines were changed or left out.
    pub fn clean<'a>(
        &self,
        source: Option<&str>,
        body: &'a str,
    ) -> (std::borrow::Cow<'a, str>, usize) {
        clean_with(&self.lines, source, body)
    }

    /// Whether a piece of an article's text (a snippet fragment) holds boilerplate: a widget
    /// or template line, caption furniture or a credit. Cheap enough to check a few fragments
    /// before deciding to clean the whole text.
    pub fn touches(&self, source: Option<&str>, text: &str) -> bool {
        let text = text.trim_matches(|c: char| c == '…' || c.is_whitespace());
        text.lines()
            .any(|line| self.is_template(source, line) || strip_captions(line).len() != line.len())
    }

    /// Whether a whole line is a template line (learned) or a widget line (marked).
    fn is_template(&self, source: Option<&str>, line: &str) -> bool {
        is_template_in(&self.lines, source_key(source), line)
    }

    /// Template lines learned from the corpus.
    pub fn learned_lines(&self) -> usize {
        self.lines.len()
    }
}

/// Whether the first line of a body is its byline: a name of two or three capitalised words
/// alone on the line ("Erika Rawes"), with no punctuation to make it a sentence.
fn is_byline(line: &str) -> bool {
    let words: Vec<&str> = line.split_whitespace().collect();
    (2..=3).contains(&words.len())
        && !line.trim_end().ends_with('.')
        && words.iter().all(|word| {
            word.chars().next().is_some_and(char::is_uppercase)
                && word.chars().any(char::is_lowercase)
                && word
                    .chars()
                    .all(|c| c.is_alphabetic() || matches!(c, '-' | '\'' | '.'))
        })
}

/// [`Boilerplate::clean`] over a table of line counts.
fn clean_with<'a>(
    counts: &HashMap<(u64, u64), u32>,
    source: Option<&str>,
    body: &'a str,
) -> (std::borrow::Cow<'a, str>, usize) {
    let source = source_key(source);
    let mut touched = 0;
    let mut kept = String::with_capacity(body.len());
    for (number, line) in body.lines().enumerate() {
        let cleaned = if is_template_in(counts, source, line) || number == 0 && is_byline(line) {
            None
        } else {
            Some(strip_captions(line))
        };
        match cleaned {
            Some(text) if text.len() == line.len() => push_line(&mut kept, line),
            Some(text) => {
                touched += 1;
                if !text.trim().is_empty() {
                    push_line(&mut kept, &text);
                }
            }
            None => touched += 1,
        }
    }
    if touched == 0 {
        (std::borrow::Cow::Borrowed(body), 0)
    } else {
        (std::borrow::Cow::Owned(kept), touched)
    }
}

/// Whether a whole line is a template line (by the counts) or a widget line (marked).
fn is_template_in(counts: &HashMap<(u64, u64), u32>, source: u64, line: &str) -> bool {
    let trimmed = line.trim();
    if trimmed.is_empty() {
        return false;
    }
    if starts_with_marker(trimmed) {
        return true;
    }
    // Lines this long are never learned; most of an article's text is in them.
    if trimmed.len() > LONGEST_LEARNED || counts.is_empty() {
        return false;
    }
    match counts.get(&(source, line_key(trimmed))) {
        Some(count) if trimmed.len() <= SHORT_LINE => *count >= SHORT_REPEATS,
        Some(count) => *count >= LONG_REPEATS,
        None => false,
    }
}

fn push_line(text: &mut String, line: &str) {
    if !text.is_empty() {
        text.push('\n');
    }
    text.push_str(line);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_repeated_across_a_sources_articles_are_learned() {
        let mut learner = BoilerplateLearner::default();
        for (year, topic) in (2015..2021).zip(["budget", "storm", "vote", "trade", "court", "oil"])
        {
            let body =
                format!("A story about the {topic}.\nNewsletters Manage Newsletters Daily {year}");
            learner.learn(Some("Daily Planet"), &body);
        }
        learner.learn(
            Some("Other Paper"),
            "Newsletters Manage Newsletters Daily 2020",
        );
        let boilerplate = learner.boilerplate();
        let line = "Newsletters Manage Newsletters Daily 2031";
        assert!(boilerplate.is_boilerplate(Some("Daily Planet"), line));
        assert!(!boilerplate.is_boilerplate(Some("Other Paper"), line));
        assert!(!boilerplate.is_boilerplate(Some("Daily Planet"), "A story about the vote."));
        let (clean, removed) = boilerplate.clean(
            Some("Daily Planet"),
            "Real reporting here.\nNewsletters Manage Newsletters Daily 2019\nMore reporting.",
        );
        assert_eq!(removed, 1);
        assert_eq!(clean, "Real reporting here.\nMore reporting.");
    }

    #[test]
    fn a_sign_up_widgets_button_and_footer_are_left_out_wherever_they_stand() {
        let boilerplate = Boilerplate::default();
        let footer =
            "This site is protected by reCAPTCHA and the Google Privacy Policy and Terms of Service apply.";
        assert!(boilerplate.is_boilerplate(Some("Any Paper"), footer));
        let widget = format!("Politics in your inbox each morning. Email Sign Up {footer}");
        let (clean, removed) = boilerplate.clean(None, &widget);
        assert_eq!(removed, 1);
        assert!(
            clean.starts_with("Politics in your inbox each morning."),
            "{clean}"
        );
        assert!(
            !clean.contains("Google") && !clean.contains("Sign"),
            "{clean}"
        );
    }

    #[test]
    fn a_name_alone_on_the_first_line_is_a_byline() {
        let boilerplate = Boilerplate::default();
        let (clean, removed) = boilerplate.clean(None, "Erika Rawes\nFood prices rose again.");
        assert_eq!((clean.as_ref(), removed), ("Food prices rose again.", 1));
        for body in [
            "WASHINGTON\nFood prices rose.",
            "Food prices rose.\nErika Rawes",
            "Prices Rose Again.\nMore.",
        ] {
            assert_eq!(boilerplate.clean(None, body).0, body, "{body}");
        }
    }

    #[test]
    fn counts_survive_a_save_and_load() {
        let mut learner = BoilerplateLearner::default();
        for _ in 0..3 {
            learner.learn(Some("S"), "Sign-in wall text\nunique");
        }
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("boilerplate.bin");
        learner.save(&path).unwrap();
        let mut again = BoilerplateLearner::load(&path).unwrap();
        for _ in 0..2 {
            again.learn(Some("S"), "Sign-in wall text");
        }
        assert!(again
            .boilerplate()
            .is_boilerplate(Some("S"), "Sign-in wall text"));
        assert!(BoilerplateLearner::load(&dir.path().join("none"))
            .unwrap()
            .counts
            .is_empty());
    }
}
