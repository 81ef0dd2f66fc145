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

use xxhash_rust::xxh3::xxh3_64;

/// Markers of widget lines: a line starting with one (ignoring case) is boilerplate.
pub const MARKERS: [&str; 31] = [
    "just watched",
    "enlarge this image",
    "toggle caption",
    "read more",
    "more:",
    "related:",
    "related coverage",
    "follow ",
    "sign up",
    "subscribe",
    "copyright",
    "©",
    "click here",
    "advertisement",
    "story continued below",
    "reporting by",
    "editing by",
    "additional reporting",
    "watch:",
    "watch the",
    "listen:",
    "share this",
    "share on",
    "email this",
    "__",
    "this article originally appeared",
    "this story has been updated",
    "replay more videos",
    "play video",
    "getty images",
    "ap photo",
];

/// Caption furniture removed from a line, keeping the caption itself: "Media caption Looters in
/// Miami" keeps "Looters in Miami".
const CAPTION_PHRASES: [&str; 6] = [
    "image copyright",
    "media playback is unsupported on your device",
    "media caption",
    "image caption",
    "hide caption",
    "photos:",
];

/// Parts of the caption phrases and credits as news writes them (capitalised, lower case, upper
/// case): a line holding none of them holds no caption furniture or credit.
const CLUES: [&str; 24] = [
    "aption",
    "APTION",
    "hotos:",
    "HOTOS:",
    "opyright",
    "OPYRIGHT",
    "layback",
    "AP Photo",
    "AP PHOTO",
    "AP photo",
    "Getty",
    "GETTY",
    "/Reuters",
    "Reuters/",
    "REUTERS/",
    "/REUTERS",
    "/AFP",
    "AFP/",
    "contributed to this",
    "Contributed to this",
    "rights reserved",
    "Rights Reserved",
    "RIGHTS RESERVED",
    "ll rights",
];

/// Phrases that make a short line (a caption or a credit) boilerplate wherever they stand in it.
pub const CREDITS: [&str; 8] = [
    "ap photo",
    "getty images",
    "/reuters",
    "reuters/",
    "/afp",
    "afp/",
    "contributed to this report",
    "all rights reserved",
];

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
    pub fn is_boilerplate(&self, source: Option<&str>, line: &str) -> bool {
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

/// [`Boilerplate::clean`] over a table of line counts.
fn clean_with<'a>(
    counts: &HashMap<(u64, u64), u32>,
    source: Option<&str>,
    body: &'a str,
) -> (std::borrow::Cow<'a, str>, usize) {
    let source = source_key(source);
    let mut touched = 0;
    let mut kept = String::with_capacity(body.len());
    for line in body.lines() {
        let cleaned = if is_template_in(counts, source, line) {
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

/// Whether a line starts with a widget marker (ignoring case).
fn starts_with_marker(line: &str) -> bool {
    let head = line.as_bytes();
    let marked = MARKERS.iter().any(|marker| {
        head.len() >= marker.len() && head[..marker.len()].eq_ignore_ascii_case(marker.as_bytes())
    });
    if marked {
        return true;
    }
    let tail = line
        .get(line.len().saturating_sub(40)..)
        .unwrap_or(line)
        .to_lowercase();
    if tail.trim_end().ends_with("contributed to this report.")
        || tail.trim_end().ends_with("contributed to this report")
    {
        return true;
    }
    line.len() <= 2 * SHORT_LINE && {
        let lower = line.to_lowercase();
        lower.contains("contributed to this report") || lower.contains("all rights reserved")
    }
}

/// A line without caption furniture ("Media caption", "Hide Caption 3 of 55") and, in short
/// lines, without photo credits ("(AP Photo/Evan Vucci)", "Pool/Getty Images"). Lines without
/// any come back unchanged (same length).
pub fn strip_captions(line: &str) -> std::borrow::Cow<'_, str> {
    // Most lines hold none of the phrases: a SIMD search for their distinctive parts, in the
    // cases news writes them, rules them out before any lower-casing.
    static FINDERS: std::sync::OnceLock<Vec<memchr::memmem::Finder<'static>>> =
        std::sync::OnceLock::new();
    let finders = FINDERS.get_or_init(|| CLUES.iter().map(memchr::memmem::Finder::new).collect());
    let bytes = line.as_bytes();
    let maybe = finders.iter().any(|finder| finder.find(bytes).is_some());
    if !maybe {
        return std::borrow::Cow::Borrowed(line);
    }
    let lower = line.to_lowercase();
    let has_caption = CAPTION_PHRASES.iter().any(|phrase| lower.contains(phrase));
    let any_credit = CREDITS.iter().any(|credit| lower.contains(credit));
    let has_credit = line.len() <= 2 * SHORT_LINE && any_credit;
    if !has_caption && !any_credit || lower.len() != line.len() {
        return std::borrow::Cow::Borrowed(line);
    }
    // `lower` has the same byte offsets as `line` (checked above), so cuts carry over.
    let mut text = line.to_string();
    // "Image copyright Reuters Image caption Looters in Miami": the credit runs to the caption.
    if lower.starts_with("image copyright") {
        text = match lower.find("image caption") {
            Some(at) => line[at + "image caption".len()..].to_string(),
            None => String::new(),
        };
    }
    // Every phrase found in one lower-cased copy, cut from the right so offsets stay valid.
    let lowered = text.to_lowercase();
    if lowered.len() == text.len() {
        let mut cuts: Vec<(usize, usize)> = Vec::new();
        for phrase in CAPTION_PHRASES
            .iter()
            .filter(|phrase| lowered.contains(*phrase))
        {
            for (at, _) in lowered.match_indices(phrase) {
                let mut end = at + phrase.len();
                if *phrase == "hide caption" {
                    // "Hide Caption 3 of 55"
                    let rest = &text[end..];
                    let numbers = rest
                        .split_whitespace()
                        .take(3)
                        .take_while(|word| {
                            word.chars().all(|c| c.is_ascii_digit()) || *word == "of"
                        })
                        .map(|word| rest.find(word).map_or(0, |start| start + word.len()))
                        .last()
                        .unwrap_or(0);
                    end += numbers;
                }
                cuts.push((at, end));
            }
        }
        cuts.sort_unstable();
        for (start, end) in cuts.into_iter().rev() {
            if end <= text.len() && text.is_char_boundary(start) && text.is_char_boundary(end) {
                text.replace_range(start..end, " ");
            }
        }
    }
    if has_credit {
        let mut kept = Vec::new();
        let mut depth_start = None;
        let words: Vec<&str> = text.split_whitespace().collect();
        for (at, word) in words.iter().enumerate() {
            if word.starts_with('(') {
                depth_start = Some(at);
            }
            let credit_word = word.contains('/')
                || matches!(
                    *word,
                    "Getty" | "Images" | "Photo" | "AP" | "(AP" | "Reuters" | "AFP"
                );
            if depth_start.is_none() && !credit_word {
                kept.push(*word);
            }
            if word.ends_with(')') {
                if let Some(start) = depth_start.take() {
                    let group = words[start..=at].join(" ").to_lowercase();
                    if !CREDITS.iter().any(|credit| group.contains(credit)) {
                        kept.extend(&words[start..=at]);
                    }
                }
            }
        }
        text = kept.join(" ");
    }
    if !has_credit && any_credit {
        text = cut_inline_credits(&text);
    }
    std::borrow::Cow::Owned(text.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// A paragraph without the photo credits pages run into it: parenthesised ones ("(AP
/// Photo/Evan Vucci)") and "| Name/Getty Images" ones.
fn cut_inline_credits(text: &str) -> String {
    let words: Vec<&str> = text.split_whitespace().collect();
    let is_credit = |word: &str| {
        let lower = word.to_lowercase();
        CREDITS.iter().any(|credit| lower.contains(credit))
            || lower.contains("/getty")
            || lower.ends_with("/ap")
            || lower.contains("/afp")
    };
    let mut kept: Vec<&str> = Vec::with_capacity(words.len());
    let mut at = 0;
    while at < words.len() {
        let word = words[at];
        // "(AP Photo/J. Scott Applewhite)": up to the closing parenthesis, when it is a credit.
        if word.starts_with('(') {
            if let Some(end) = (at..words.len().min(at + 8)).find(|&end| words[end].ends_with(')'))
            {
                let group = words[at..=end].join(" ").to_lowercase();
                if CREDITS.iter().any(|credit| group.contains(credit)) {
                    at = end + 1;
                    continue;
                }
            }
        }
        // "| Chip Somodevilla/Getty Images": from the bar to the credit.
        if word == "|" {
            if let Some(end) = (at + 1..words.len().min(at + 7)).find(|&end| is_credit(words[end]))
            {
                let end = if words.get(end + 1) == Some(&"Images") {
                    end + 1
                } else {
                    end
                };
                at = end + 1;
                continue;
            }
        }
        kept.push(word);
        at += 1;
    }
    kept.join(" ")
}

fn source_key(source: Option<&str>) -> u64 {
    xxh3_64(source.unwrap_or("").trim().to_lowercase().as_bytes())
}

/// The hash lines are compared by (0 for blank lines): lower case, digits as `0`, spaces folded.
/// Streams the line through the hasher without building the key.
fn line_key(line: &str) -> u64 {
    // Plain ASCII lines (nearly all) are folded into a buffer byte by byte and hashed once.
    if line.len() <= 1024 && line.is_ascii() {
        let mut buffer = [0u8; 1024];
        let mut filled = 0;
        let mut space = false;
        for &byte in line.as_bytes() {
            if byte.is_ascii_whitespace() {
                space = filled > 0;
                continue;
            }
            if space {
                buffer[filled] = b' ';
                filled += 1;
                space = false;
            }
            buffer[filled] = if byte.is_ascii_digit() {
                b'0'
            } else {
                byte.to_ascii_lowercase()
            };
            filled += 1;
        }
        return if filled == 0 {
            0
        } else {
            xxh3_64(&buffer[..filled]).max(1)
        };
    }
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    let mut buffer = [0u8; 64];
    let mut filled = 0;
    let mut any = false;
    let mut push = |bytes: &[u8], buffer: &mut [u8; 64], filled: &mut usize| {
        if *filled + bytes.len() > buffer.len() {
            hasher.update(&buffer[..*filled]);
            *filled = 0;
        }
        buffer[*filled..*filled + bytes.len()].copy_from_slice(bytes);
        *filled += bytes.len();
    };
    for word in line.split_whitespace() {
        if any {
            push(b" ", &mut buffer, &mut filled);
        }
        any = true;
        for c in word.chars() {
            if c.is_ascii() {
                let byte = if c.is_ascii_digit() {
                    b'0'
                } else {
                    c.to_ascii_lowercase() as u8
                };
                push(&[byte], &mut buffer, &mut filled);
            } else {
                for lower in c.to_lowercase() {
                    let mut utf8 = [0u8; 4];
                    push(
                        lower.encode_utf8(&mut utf8).as_bytes(),
                        &mut buffer,
                        &mut filled,
                    );
                }
            }
        }
    }
    if !any {
        return 0;
    }
    hasher.update(&buffer[..filled]);
    hasher.digest().max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widget_lines_are_boilerplate_and_captions_keep_their_words() {
        let boilerplate = Boilerplate::default();
        for line in [
            "JUST WATCHED Watch: the storm",
            "The Associated Press contributed to this report.",
            "Image copyright Getty Images",
            "Sign up for Daily Newsletters Manage Newsletters",
        ] {
            assert!(boilerplate.is_boilerplate(None, line), "{line}");
        }
        let cases = [
            (
                "Media playback is unsupported on your device Media caption Looters in Miami",
                "Looters in Miami",
            ),
            (
                "Voters line up in Ohio. Hide Caption 3 of 55",
                "Voters line up in Ohio.",
            ),
            (
                "Senate Majority Leader Mitch McConnell speaks. (AP Photo/J. Scott Applewhite)",
                "Senate Majority Leader Mitch McConnell speaks.",
            ),
            (
                "The storm moved into the Gulf of Mexico on Tuesday.",
                "The storm moved into the Gulf of Mexico on Tuesday.",
            ),
            (
                "Follow-up talks are planned for March.",
                "Follow-up talks are planned for March.",
            ),
        ];
        for (line, kept) in cases {
            assert!(!boilerplate.is_boilerplate(None, line), "{line}");
            assert_eq!(boilerplate.clean(None, line).0, kept);
        }
    }

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
    fn line_keys_agree_on_ascii_and_other_lines() {
        // The ASCII fast path and the general path fold the same way.
        let general = |line: &str| {
            let folded: String = line
                .split_whitespace()
                .map(|word| {
                    word.chars()
                        .map(|c| if c.is_ascii_digit() { '0' } else { c })
                        .flat_map(char::to_lowercase)
                        .collect::<String>()
                })
                .collect::<Vec<_>>()
                .join(" ");
            xxh3_64(folded.as_bytes()).max(1)
        };
        for line in [
            "  Copyright © 2019 The Daily",
            "Sign up  for the Daily\tNews 2020 ",
            "é café",
        ] {
            assert_eq!(line_key(line), general(line), "{line}");
        }
        assert_eq!(line_key("Sign up 2019"), line_key("sign  UP 2020"));
        assert_eq!(line_key("   "), 0);
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
