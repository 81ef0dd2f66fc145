//! Context features of the sequence tagger: where a word stands (sentence start, inside a
//! multi-word gazetteer phrase, in a headline) and how the same word is written, or was tagged,
//! elsewhere in the document. There are few per position; those with few possible values are
//! numbered so tagging weighs them once per model.

use rustc_hash::{FxHashMap, FxHashSet};

use super::features::{template, word_info, WordInfo, AFTER_SENTENCE, BEFORE_SENTENCE};
use super::model::KINDS;
use crate::gazetteer::{Gazetteer, Known};

/// Combines a template and values into one feature hash.
fn mix(template: u64, parts: &[u64]) -> u64 {
    let mut state = template.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ 0xD6E8_FEB8_6659_FD93;
    for part in parts {
        state ^= *part;
        state = state.wrapping_mul(0xBF58_476D_1CE4_E5B9);
        state ^= state >> 31;
    }
    state
}

/// What the context features of a document need: how its words are written elsewhere in it.
#[derive(Debug, Default)]
pub(crate) struct DocumentContext {
    /// Words (lower-case hashes) seen written in lower case.
    lower_case: FxHashSet<u64>,
    /// Words seen capitalised, not at a sentence start, in a sentence that is not all capitals.
    capitalized_inside: FxHashSet<u64>,
    /// What the first pass found for each word, when this is the second pass.
    history: Option<FxHashMap<u64, History>>,
}

/// A 256-bit filter of word hashes that answers "certainly not in the set" for most words
/// with one bit test, sparing a hash probe.
#[derive(Debug, Default)]
struct WordFilter([u64; 4]);

impl WordFilter {
    fn bit(word: u64) -> (usize, u64) {
        let bit = word >> 56;
        ((bit >> 6) as usize, 1 << (bit & 63))
    }

    fn insert(&mut self, word: u64) {
        let (block, mask) = Self::bit(word);
        self.0[block] |= mask;
    }

    fn may_contain(&self, word: u64) -> bool {
        let (block, mask) = Self::bit(word);
        self.0[block] & mask != 0
    }
}

/// What the first pass tagged one word as across a document.
#[derive(Debug, Default, Clone, Copy)]
struct History {
    /// Times the word was inside an entity of each kind.
    inside: [u16; 4],
    /// Whether it was part of a multi-word entity of each kind ("Blackburn" in "Peter Blackburn").
    inside_long: [bool; 4],
}

/// One sentence as context features see it.
pub(crate) struct SentenceView<'a> {
    /// Per-word facts, in order.
    pub infos: &'a [WordInfo],
    /// Whether the sentence is written in capitals.
    pub headline: bool,
    /// Multi-word gazetteer phrase class of each word (see [`phrase_classes`]).
    pub phrases: &'a [u8],
}

impl DocumentContext {
    /// Learns from every sentence of a document. Features only ask how the document writes
    /// capitalised words that open a sentence or stand in a headline, so only those words are
    /// looked for in the rest of it.
    pub(crate) fn new<'a>(sentences: impl Iterator<Item = SentenceView<'a>> + Clone) -> Self {
        let mut context = DocumentContext::default();
        let mut asked: FxHashSet<u64> = FxHashSet::default();
        let mut asked_filter = WordFilter::default();
        for sentence in sentences.clone() {
            let checked = if sentence.headline {
                sentence.infos
            } else {
                &sentence.infos[..sentence.infos.len().min(1)]
            };
            for info in checked.iter().filter(|info| info.capitalized) {
                asked.insert(info.lower);
                asked_filter.insert(info.lower);
            }
        }
        if asked.is_empty() {
            return context;
        }
        for sentence in sentences {
            for (index, info) in sentence.infos.iter().enumerate() {
                if !asked_filter.may_contain(info.lower) || !asked.contains(&info.lower) {
                    continue;
                }
                if info.lowercase_initial {
                    context.lower_case.insert(info.lower);
                } else if info.capitalized && index > 0 && !sentence.headline {
                    context.capitalized_inside.insert(info.lower);
                }
            }
        }
        context
    }

    /// Whether the first pass put this word (lower-case hash) in an entity in the document.
    pub(crate) fn in_history(&self, lower: u64) -> bool {
        self.history
            .as_ref()
            .is_some_and(|history| history.contains_key(&lower))
    }

    /// Adds what a first tagging pass found (labels per word of every sentence), for the second
    /// pass: a name tagged as a person once is likely a person throughout the article.
    pub(crate) fn with_history<'a>(
        mut self,
        sentences: impl IntoIterator<Item = (&'a [WordInfo], &'a [usize])>,
    ) -> Self {
        let mut history: FxHashMap<u64, History> = FxHashMap::default();
        for (sentence, labels) in sentences {
            super::conll::for_each_span(labels, |kind, start, end| {
                for info in &sentence[start..end] {
                    let entry = history.entry(info.lower).or_default();
                    entry.inside[kind] = entry.inside[kind].saturating_add(1);
                    entry.inside_long[kind] |= end - start > 1;
                }
            });
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

/// Phrase classes: 0 none, then begin/inside for place, org, person and not-a-place.
#[cfg(test)]
const PHRASE_NAMES: [&str; 9] = [
    "",
    "B-place",
    "I-place",
    "B-org",
    "I-org",
    "B-person",
    "I-person",
    "B-not place",
    "I-not place",
];

/// Where a sentence's multi-word gazetteer phrases are: one class per word (an index into
/// `PHRASE_NAMES`; 0 outside any phrase). Phrases start with a capitalised word.
pub(crate) fn phrase_classes(sentence: &[&str], gazetteer: &Gazetteer) -> Vec<u8> {
    phrase_classes_where(
        sentence,
        |index| gazetteer.starts_phrase(sentence[index]),
        gazetteer,
    )
}

/// [`phrase_classes`], told by `starts_phrase(index)` whether a phrase may start at a word
/// (the tagger knows it per word type).
pub(crate) fn phrase_classes_where(
    sentence: &[&str],
    starts_phrase: impl Fn(usize) -> bool,
    gazetteer: &Gazetteer,
) -> Vec<u8> {
    let mut classes = vec![0u8; sentence.len()];
    let mut key = String::with_capacity(64);
    let mut start = 0;
    while start < sentence.len() {
        if !starts_phrase(start) {
            start += 1;
            continue;
        }
        let mut best = None;
        key.clear();
        key.push_str(sentence[start]);
        for length in 2..=sentence.len() - start {
            key.push(' ');
            key.push_str(sentence[start + length - 1]);
            let Some(run) = gazetteer.phrase_run(&key) else {
                break;
            };
            if let Some(known) = run.known {
                best = Some((length, known));
            }
            if !run.continues {
                break;
            }
        }
        let Some((length, known)) = best else {
            start += 1;
            continue;
        };
        let begin = match known {
            Known::Place(_) => 1,
            Known::Org(_) => 3,
            Known::Person(_) => 5,
            Known::Nothing => 7,
        };
        classes[start] = begin;
        for class in &mut classes[start + 1..start + length] {
            *class = begin + 1;
        }
        start += length;
    }
    classes
}

/// The facts of the sentence-boundary words.
fn boundary_infos() -> &'static (WordInfo, WordInfo) {
    static INFOS: std::sync::OnceLock<(WordInfo, WordInfo)> = std::sync::OnceLock::new();
    INFOS.get_or_init(|| (word_info(BEFORE_SENTENCE), word_info(AFTER_SENTENCE)))
}

/// The feature every position has (its weights are the labels' prior scores). Tagging adds them
/// once per position instead of looking them up.
pub(crate) fn bias_feature() -> u64 {
    mix(template::BIAS, &[])
}

/// Context features with few possible values are numbered (below) so tagging can look their
/// weights up once per model instead of hashing them at every position.
mod fixed {
    pub const SENTENCE_START: u8 = 0; // + capitalised (0..=1)
    pub const PHRASE: u8 = 2; // + phrase class (0..=8)
    pub const HEADLINE: u8 = 11; // + capitalised (0..=1)
    pub const HISTORY_MAJORITY: u8 = 13; // + majority kind (0 none, 1..=4)
    pub const HISTORY_LONG: u8 = 18; // + kind (0..=3)
    pub const DOCUMENT: u8 = 22; // + evidence (0..=3)
    pub const COUNT: usize = 26;
}

/// How many numbered context features there are.
pub(crate) const FIXED_FEATURES: usize = fixed::COUNT;

/// The feature hash of numbered context feature `index` (< [`FIXED_FEATURES`]).
pub(crate) fn fixed_feature_hash(index: u8) -> u64 {
    let (template, first) = match index {
        fixed::SENTENCE_START..fixed::PHRASE => (template::SENTENCE_START, fixed::SENTENCE_START),
        fixed::PHRASE..fixed::HEADLINE => (template::PHRASE, fixed::PHRASE),
        fixed::HEADLINE..fixed::HISTORY_MAJORITY => (template::HEADLINE, fixed::HEADLINE),
        fixed::HISTORY_MAJORITY..fixed::HISTORY_LONG => {
            (template::HISTORY_MAJORITY, fixed::HISTORY_MAJORITY)
        }
        fixed::HISTORY_LONG..fixed::DOCUMENT => (template::HISTORY_LONG, fixed::HISTORY_LONG),
        _ => (template::DOCUMENT, fixed::DOCUMENT),
    };
    mix(template, &[u64::from(index - first)])
}

/// The context features of position `index` of a sentence, except [`bias_feature`]: hashed
/// ones are appended to `hashed`, numbered ones (see [`fixed_feature_hash`]) to `numbered`.
pub(crate) fn context_features(
    sentence: &SentenceView,
    index: usize,
    document: &DocumentContext,
    hashed: &mut Vec<u64>,
    numbered: &mut Vec<u8>,
) {
    hashed_context_features(sentence, index, |feature| hashed.push(feature));
    numbered_context_features(sentence, index, document, |feature| numbered.push(feature));
}

/// The hashed context features of position `index` (the words and shapes around it), handed to
/// `feature` in order. They do not depend on the first pass's findings, so both passes share them.
#[inline]
pub(crate) fn hashed_context_features(
    sentence: &SentenceView,
    index: usize,
    mut feature: impl FnMut(u64),
) {
    let (before_sentence, after_sentence) = boundary_infos();
    let info = sentence.infos[index];
    let before = index
        .checked_sub(1)
        .map_or(before_sentence, |before| &sentence.infos[before]);
    let after = sentence.infos.get(index + 1).unwrap_or(after_sentence);
    feature(mix(template::BIGRAM_BEFORE, &[before.lower, info.lower]));
    feature(mix(template::BIGRAM_AFTER, &[info.lower, after.lower]));
    feature(mix(
        template::SHAPE_TRIGRAM,
        &[before.shape, info.shape, after.shape],
    ));
}

/// The numbered context features of position `index` (see [`fixed_feature_hash`]), including
/// the first pass's findings when `document` holds them, handed to `feature` in order (tagging
/// adds each one's weights at once, with no list in between).
#[inline]
pub(crate) fn numbered_context_features(
    sentence: &SentenceView,
    index: usize,
    document: &DocumentContext,
    mut feature: impl FnMut(u8),
) {
    let info = sentence.infos[index];
    let capitalized = u8::from(info.capitalized);
    if index == 0 {
        feature(fixed::SENTENCE_START + capitalized);
    }
    let phrase = sentence.phrases[index];
    if phrase != 0 {
        feature(fixed::PHRASE + phrase);
    }
    if sentence.headline {
        feature(fixed::HEADLINE + capitalized);
    }
    if let Some(history) = &document.history {
        let found = history.get(&info.lower);
        let majority = found
            .and_then(|found| {
                (0..KINDS.len())
                    .filter(|kind| found.inside[*kind] > 0)
                    .max_by_key(|kind| found.inside[*kind])
            })
            .map_or(0, |kind| kind as u8 + 1);
        feature(fixed::HISTORY_MAJORITY + majority);
        if let Some(found) = found {
            for (kind, long) in found.inside_long.iter().enumerate() {
                if *long {
                    feature(fixed::HISTORY_LONG + kind as u8);
                }
            }
        }
    }
    if info.capitalized && (index == 0 || sentence.headline) {
        let seen_lower = document.lower_case.contains(&info.lower);
        let seen_capitalized = document.capitalized_inside.contains(&info.lower);
        let evidence = u8::from(seen_lower) * 2 + u8::from(seen_capitalized);
        feature(fixed::DOCUMENT + evidence);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headlines_are_all_capitals() {
        assert!(is_headline(&[
            "SOCCER", "-", "JAPAN", "GET", "LUCKY", "WIN"
        ]));
        assert!(!is_headline(&["Japan", "won"]));
        assert!(!is_headline(&["-"]));
    }

    #[test]
    fn numbered_features_hash_like_their_templates() {
        assert_eq!(fixed_feature_hash(1), mix(template::SENTENCE_START, &[1]));
        assert_eq!(
            fixed_feature_hash(fixed::PHRASE + 8),
            mix(template::PHRASE, &[8])
        );
        assert_eq!(
            fixed_feature_hash(fixed::DOCUMENT + 3),
            mix(template::DOCUMENT, &[3])
        );
        assert_eq!(
            fixed_feature_hash(fixed::HISTORY_LONG),
            mix(template::HISTORY_LONG, &[0])
        );
    }

    #[test]
    fn phrases_are_marked_begin_and_inside() {
        let gazetteer = Gazetteer::builtin();
        let classes = phrase_classes(&["in", "the", "Gulf", "of", "Mexico", "today"], &gazetteer);
        assert_eq!(PHRASE_NAMES[usize::from(classes[2])], "B-not place");
        assert_eq!(PHRASE_NAMES[usize::from(classes[4])], "I-not place");
        assert_eq!(classes[5], 0);
    }
}
