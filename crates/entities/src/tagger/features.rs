//! Feature templates of the sequence tagger.
//!
//! Features come in two families, split so tagging can be fast:
//! - *type features* depend only on one word's spelling and its offset in the window around the
//!   tagged position (−2..=2), so the summed weights of a word type at each offset are computed
//!   once and cached;
//! - *context features* depend on where the word stands (sentence start, inside a multi-word
//!   gazetteer phrase, how the same word is written elsewhere in the document); there are few of
//!   them per position.
//!
//! Every feature is a 64-bit hash of its template, offset and value, so models need no string
//! vocabulary at run time.

use std::collections::HashSet;

use rustc_hash::FxHashMap;

use xxhash_rust::xxh3::xxh3_64_with_seed;

use crate::gazetteer::{Gazetteer, Known};

/// Words on each side of the tagged position that features look at.
pub(crate) const WINDOW: usize = 2;
/// Offsets in the window, −WINDOW..=WINDOW.
pub(crate) const OFFSETS: usize = 2 * WINDOW + 1;
/// The word before a sentence's first word.
pub(crate) const BEFORE_SENTENCE: &str = "\u{0}<s>";
/// The word after a sentence's last word.
pub(crate) const AFTER_SENTENCE: &str = "\u{0}</s>";

/// Template ids (part of the hash seed; never renumber without retraining).
mod template {
    pub const WORD: u64 = 0;
    pub const LOWER: u64 = 1;
    pub const SHAPE: u64 = 2;
    pub const PREFIX: u64 = 3; // 3..=6 for lengths 1..=4
    pub const SUFFIX: u64 = 7; // 7..=10 for lengths 1..=4
    pub const GAZETTEER: u64 = 11;
    pub const LENGTH: u64 = 12;
    pub const BIAS: u64 = 100;
    pub const SENTENCE_START: u64 = 101;
    pub const PHRASE: u64 = 102;
    pub const DOCUMENT: u64 = 103;
    pub const HEADLINE: u64 = 104;
    pub const BIGRAM_BEFORE: u64 = 105;
    pub const BIGRAM_AFTER: u64 = 106;
    pub const SHAPE_TRIGRAM: u64 = 107;
    pub const HISTORY_MAJORITY: u64 = 108;
    pub const HISTORY_LONG: u64 = 109;
}

fn hash(template: u64, offset: isize, value: &str) -> u64 {
    let seed = template * 16 + (offset + WINDOW as isize) as u64;
    xxh3_64_with_seed(value.as_bytes(), seed)
}

/// Appends the type features of `word` seen at window `offset` (−2..=2 from the tagged word).
pub(crate) fn type_features(word: &str, offset: isize, gazetteer: &Gazetteer, out: &mut Vec<u64>) {
    let lower = word.to_lowercase();
    let shape = word_shape(word);
    out.push(hash(template::LOWER, offset, &lower));
    out.push(hash(template::SHAPE, offset, &shape));
    if offset.unsigned_abs() > 1 {
        return;
    }
    out.push(hash(template::WORD, offset, word));
    let chars: Vec<char> = lower.chars().collect();
    let suffix = |length: usize| -> String { chars[chars.len() - length..].iter().collect() };
    if chars.len() >= 3 {
        out.push(hash(template::SUFFIX + 2, offset, &suffix(3)));
    }
    for class in gazetteer_classes(word, gazetteer) {
        out.push(hash(template::GAZETTEER, offset, class));
    }
    if offset != 0 {
        return;
    }
    for length in 1..=4.min(chars.len()) {
        let prefix: String = chars[..length].iter().collect();
        out.push(hash(template::PREFIX + length as u64 - 1, 0, &prefix));
        if length != 3 {
            out.push(hash(
                template::SUFFIX + length as u64 - 1,
                0,
                &suffix(length),
            ));
        }
    }
    let length_class = match chars.len() {
        0..=2 => "short",
        3..=5 => "mid",
        6..=9 => "long",
        _ => "very long",
    };
    out.push(hash(template::LENGTH, 0, length_class));
}

/// The gazetteer lists a word is in, looked up as written and, for an all-capitals word, in
/// title case (headlines and datelines are written in capitals).
fn gazetteer_classes(word: &str, gazetteer: &Gazetteer) -> Vec<&'static str> {
    let mut classes = Vec::new();
    let mut look = |form: &str| {
        match gazetteer.lookup(form) {
            Some(Known::Place(_)) => classes.push("place"),
            Some(Known::Org(_)) => classes.push("org"),
            Some(Known::Person(_)) => classes.push("person"),
            Some(Known::Nothing) => classes.push("not place"),
            None => {}
        }
        if gazetteer.first_names.contains(form) {
            classes.push("first name");
        }
    };
    look(word);
    if word.len() > 1 && word.chars().all(|c| !c.is_lowercase()) {
        look(&title_case(word));
    }
    classes
}

/// "MOSCOW" → "Moscow".
pub(crate) fn title_case(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    for (index, c) in word.chars().enumerate() {
        if index == 0 {
            out.extend(c.to_uppercase());
        } else {
            out.extend(c.to_lowercase());
        }
    }
    out
}

/// The word's shape with runs collapsed: "Putin" → "Xx", "U.S." → "X.X.", "1996-08-22" → "d-d-d".
fn word_shape(word: &str) -> String {
    let mut shape = String::new();
    let mut last = None;
    for c in word.chars() {
        let class = if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_numeric() {
            'd'
        } else {
            c
        };
        if last != Some(class) || !matches!(class, 'X' | 'x' | 'd') {
            shape.push(class);
        }
        last = Some(class);
    }
    shape
}

/// What the context features of a document need: how its words are written elsewhere in it.
#[derive(Debug, Default)]
pub(crate) struct DocumentContext {
    /// Lower-cased words seen written in lower case.
    lower_case: HashSet<String>,
    /// Lower-cased words seen capitalised, not at a sentence start, in a sentence that is not all
    /// capitals.
    capitalized_inside: HashSet<String>,
    /// What the first pass found for each lower-cased word, when this is the second pass.
    history: Option<FxHashMap<String, History>>,
}

/// Entity kinds in the order [`History`] counts them.
const KINDS: [&str; 4] = ["PER", "LOC", "ORG", "MISC"];

/// What the first pass tagged one word as across a document.
#[derive(Debug, Default, Clone, Copy)]
struct History {
    /// Times the word was inside an entity of each kind.
    inside: [u16; 4],
    /// Whether it was part of a multi-word entity of each kind ("Blackburn" in "Peter Blackburn").
    inside_long: [bool; 4],
}

impl DocumentContext {
    /// Learns from every sentence of a document (each a list of words).
    pub(crate) fn new<'a>(sentences: impl IntoIterator<Item = &'a [&'a str]>) -> Self {
        let mut context = DocumentContext::default();
        for sentence in sentences {
            let headline = is_headline(sentence);
            for (index, word) in sentence.iter().enumerate() {
                let Some(first) = word.chars().next() else {
                    continue;
                };
                if first.is_lowercase() {
                    context.lower_case.insert(word.to_string());
                } else if first.is_uppercase() && index > 0 && !headline {
                    context.capitalized_inside.insert(word.to_lowercase());
                }
            }
        }
        context
    }

    /// Adds what a first tagging pass found (labels per word of every sentence), for the second
    /// pass: a name tagged as a person once is likely a person throughout the article.
    pub(crate) fn with_history(mut self, sentences: &[Vec<&str>], labels: &[Vec<usize>]) -> Self {
        let mut history: FxHashMap<String, History> = FxHashMap::default();
        for (sentence, labels) in sentences.iter().zip(labels) {
            for (kind, start, end) in super::conll::spans(labels) {
                let Some(kind) = KINDS.iter().position(|known| *known == kind) else {
                    continue;
                };
                for word in &sentence[start..end] {
                    let entry = history.entry(word.to_lowercase()).or_default();
                    entry.inside[kind] = entry.inside[kind].saturating_add(1);
                    entry.inside_long[kind] |= end - start > 1;
                }
            }
        }
        self.history = Some(history);
        self
    }
}

/// Whether a sentence is written in capitals (a headline or a dateline).
pub(crate) fn is_headline(sentence: &[&str]) -> bool {
    let mut letters = 0;
    for word in sentence {
        for c in word.chars().filter(|c| c.is_alphabetic()) {
            if c.is_lowercase() {
                return false;
            }
            letters += 1;
        }
    }
    letters >= 4
}

/// Where a sentence's multi-word gazetteer phrases are: one class per word ("B-place", ...).
pub(crate) fn phrase_classes(sentence: &[&str], gazetteer: &Gazetteer) -> Vec<Option<String>> {
    let mut classes = vec![None; sentence.len()];
    let mut start = 0;
    while start < sentence.len() {
        let mut best = None;
        let mut key = String::new();
        let longest = gazetteer.longest_phrase_tokens.min(sentence.len() - start);
        for length in 1..=longest {
            if length > 1 {
                key.push(' ');
            }
            key.push_str(sentence[start + length - 1]);
            if length > 1 {
                if let Some(known) = gazetteer.lookup(&key) {
                    best = Some((length, known));
                }
            }
        }
        let Some((length, known)) = best else {
            start += 1;
            continue;
        };
        let name = match known {
            Known::Place(_) => "place",
            Known::Org(_) => "org",
            Known::Person(_) => "person",
            Known::Nothing => "not place",
        };
        for (offset, class) in classes[start..start + length].iter_mut().enumerate() {
            let prefix = if offset == 0 { "B" } else { "I" };
            *class = Some(format!("{prefix}-{name}"));
        }
        start += length;
    }
    classes
}

/// Appends the context features of position `index` of `sentence`.
pub(crate) fn context_features(
    sentence: &[&str],
    index: usize,
    headline: bool,
    phrase_class: Option<&str>,
    document: &DocumentContext,
    out: &mut Vec<u64>,
) {
    out.push(hash(template::BIAS, 0, ""));
    let word = sentence[index];
    let before = index
        .checked_sub(1)
        .map_or(BEFORE_SENTENCE, |before| sentence[before]);
    let after = sentence.get(index + 1).copied().unwrap_or(AFTER_SENTENCE);
    let mut pair = String::with_capacity(before.len() + word.len() + after.len() + 2);
    pair.push_str(&before.to_lowercase());
    pair.push(' ');
    pair.push_str(&word.to_lowercase());
    out.push(hash(template::BIGRAM_BEFORE, 0, &pair));
    pair.clear();
    pair.push_str(&word.to_lowercase());
    pair.push(' ');
    pair.push_str(&after.to_lowercase());
    out.push(hash(template::BIGRAM_AFTER, 0, &pair));
    pair.clear();
    for part in [before, word, after] {
        pair.push_str(&word_shape(part));
        pair.push(' ');
    }
    out.push(hash(template::SHAPE_TRIGRAM, 0, &pair));
    let capitalized = word.chars().next().is_some_and(char::is_uppercase);
    if index == 0 {
        let class = if capitalized { "cap" } else { "other" };
        out.push(hash(template::SENTENCE_START, 0, class));
    }
    if let Some(class) = phrase_class {
        out.push(hash(template::PHRASE, 0, class));
    }
    if headline {
        out.push(hash(
            template::HEADLINE,
            0,
            if capitalized { "cap" } else { "other" },
        ));
    }
    if let Some(history) = &document.history {
        let found = history.get(&word.to_lowercase());
        let majority = found
            .and_then(|found| {
                (0..KINDS.len())
                    .filter(|kind| found.inside[*kind] > 0)
                    .max_by_key(|kind| found.inside[*kind])
            })
            .map_or("none", |kind| KINDS[kind]);
        out.push(hash(template::HISTORY_MAJORITY, 0, majority));
        if let Some(found) = found {
            for (kind, long) in KINDS.iter().zip(found.inside_long) {
                if long {
                    out.push(hash(template::HISTORY_LONG, 0, kind));
                }
            }
        }
    }
    if capitalized && (index == 0 || headline) {
        let lower = word.to_lowercase();
        let seen_lower = document.lower_case.contains(&lower);
        let seen_capitalized = document.capitalized_inside.contains(&lower);
        let evidence = match (seen_lower, seen_capitalized) {
            (true, false) => "common word",
            (false, true) => "name",
            (true, true) => "both",
            (false, false) => "unknown",
        };
        out.push(hash(template::DOCUMENT, 0, evidence));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes_collapse_runs() {
        assert_eq!(word_shape("Putin"), "Xx");
        assert_eq!(word_shape("U.S."), "X.X.");
        assert_eq!(word_shape("1996-08-22"), "d-d-d");
        assert_eq!(word_shape("McDonald"), "XxXx");
    }

    #[test]
    fn headlines_are_all_capitals() {
        assert!(is_headline(&[
            "SOCCER", "-", "JAPAN", "GET", "LUCKY", "WIN"
        ]));
        assert!(!is_headline(&["Japan", "won"]));
        assert!(!is_headline(&["-"]));
    }

    #[test]
    fn phrases_are_marked_begin_and_inside() {
        let gazetteer = Gazetteer::builtin();
        let classes = phrase_classes(&["in", "the", "Gulf", "of", "Mexico", "today"], &gazetteer);
        assert_eq!(classes[2].as_deref(), Some("B-not place"));
        assert_eq!(classes[4].as_deref(), Some("I-not place"));
        assert_eq!(classes[5], None);
    }
}
