//! Feature templates of the sequence tagger, and the type features (the context features are in
//! `context.rs`).
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
pub(super) mod template {
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

/// What context features need to know about one word, computed once per word type.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct WordInfo {
    /// Hash of the lower-cased word.
    pub lower: u64,
    /// Hash of the word's shape.
    pub shape: u64,
    /// Whether it starts with an upper-case letter.
    pub capitalized: bool,
    /// Whether it starts with a lower-case letter.
    pub lowercase_initial: bool,
}

/// The [`WordInfo`] of a word.
pub(crate) fn word_info(word: &str) -> WordInfo {
    let first = word.chars().next();
    WordInfo {
        lower: xxh3_64_with_seed(word.to_lowercase().as_bytes(), 0),
        shape: xxh3_64_with_seed(word_shape(word).as_bytes(), 1),
        capitalized: first.is_some_and(char::is_uppercase),
        lowercase_initial: first.is_some_and(char::is_lowercase),
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
}
