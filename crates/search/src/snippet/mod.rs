//! Snippets that read well: sentence-aligned fragments, phrase matches as one span, excluded terms
//! never highlighted (they are not in the term set), window measured in characters.

use newsroom_entities::is_alphanumeric;
use rustc_hash::FxHashSet as HashSet;
use std::ops::Range;

mod html;
pub(crate) mod sentences;
pub(crate) mod text_runs;
pub(crate) mod word_terms;

#[cfg(test)]
use html::byte_ranges;
use html::render_html;
pub use html::{escape_html, fragments_html};

use crate::snippet::sentences::{first_sentence, sentence_around};
use crate::snippet::text_runs::{alphanumeric_runs, prefixed_runs};
use crate::Fragment;

/// Longest fragment, in characters.
const FRAGMENT_CHARS: usize = 220;
/// How many characters of context to keep before the first match of a long sentence.
const CONTEXT_BEFORE_CHARS: usize = 60;

/// Finds and marks query matches in stored text; built once per request.
pub(crate) struct Highlighter {
    /// Analysed (lowercased, stemmed) query terms to highlight.
    terms: HashSet<String>,
    /// The terms' first two characters as ASCII bytes (zero-padded, without repeats): English
    /// stems keep a word's first letters, so only words starting with one can stem to a term.
    /// `None` when a term starts with a non-ASCII character.
    ascii_prefixes: Option<Vec<[u8; 2]>>,
    /// Entity names (ASCII-lowercased) from the request's filters, highlighted literally.
    literals: Vec<String>,
}

impl Highlighter {
    /// A highlighter of `terms` (as the index analyses them, stemmed) and of entity names
    /// `literals` (matched as written, ignoring ASCII case).
    pub(crate) fn new(terms: HashSet<String>, literals: Vec<String>) -> Self {
        let literals = literals
            .into_iter()
            .map(|literal| literal.to_ascii_lowercase())
            .filter(|literal| literal.len() >= 2)
            .collect();
        // English stems keep the word's first letters ("elections" -> "elect"), so a word that
        // does not start with a term's first two characters cannot stem to that term.
        let term_prefixes: Vec<String> = terms
            .iter()
            .map(|term| term.chars().take(2).collect())
            .collect();
        let ascii_prefixes = term_prefixes
            .iter()
            .map(|prefix: &String| {
                let bytes = prefix.as_bytes();
                prefix.is_ascii().then(|| {
                    [
                        bytes.first().copied().unwrap_or(0),
                        bytes.get(1).copied().unwrap_or(0),
                    ]
                })
            })
            .collect::<Option<Vec<[u8; 2]>>>()
            .map(|mut prefixes| {
                prefixes.sort_unstable();
                prefixes.dedup();
                prefixes
            });
        Highlighter {
            terms,
            ascii_prefixes,
            literals,
        }
    }

    /// Whether one run of alphanumeric characters from stored text stems to a query term.
    fn word_matches(&self, word: &str) -> bool {
        crate::snippet::word_terms::matches_any(word, |term| self.terms.contains(term))
    }

    /// Byte ranges of matches in `text`: all of them sorted and merged when only spaces separate
    /// them, and, sorted apart, those of query terms and those of entity names (the
    /// highlighter's and `spellings`, the article's other ways of writing them).
    fn match_ranges(&self, text: &str, spellings: &[String]) -> Matches {
        let mut terms = Vec::new();
        // The prefix search and the entity names both read the text ASCII-lowercased.
        let searches_lowered = self.ascii_prefixes.is_some() && !self.terms.is_empty();
        let has_names = !self.literals.is_empty() || !spellings.is_empty();
        let lowered = if searches_lowered || has_names {
            text.to_ascii_lowercase()
        } else {
            String::new()
        };
        if !self.terms.is_empty() {
            // Each run is one token of the `words` analyzer.
            let mut consider = |start: usize, word| {
                if self.word_matches(word) {
                    terms.push(start..start + word.len());
                }
            };
            match &self.ascii_prefixes {
                Some(prefixes) => {
                    for (start, word) in prefixed_runs(text, &lowered, prefixes) {
                        consider(start, word);
                    }
                }
                None => {
                    for (start, word) in alphanumeric_runs(text) {
                        consider(start, word);
                    }
                }
            }
        }
        let mut names = Vec::new();
        if has_names {
            let spellings = spellings
                .iter()
                .map(|spelling| spelling.to_ascii_lowercase())
                .filter(|spelling| spelling.len() >= 2);
            for literal in self.literals.iter().cloned().chain(spellings) {
                let mut from = 0;
                while let Some(found) = lowered[from..].find(literal.as_str()) {
                    let start = from + found;
                    let end = start + literal.len();
                    if is_word_boundary(text, start) && is_word_boundary(text, end) {
                        names.push(start..end);
                    }
                    from = end;
                }
            }
            names.sort_by_key(|range| (range.start, range.end));
        }
        if terms.is_empty() || names.is_empty() {
            // No sentence can be preferred: the ranges are only highlighted.
            let mut all = terms;
            all.append(&mut names);
            return Matches {
                all: merge_ranges(text, all),
                terms: Vec::new(),
                names: Vec::new(),
            };
        }
        let all = merge_ranges(text, terms.iter().chain(&names).cloned().collect());
        Matches { all, terms, names }
    }

    /// The whole text, escaped, with matches marked.
    pub(crate) fn highlight_all(&self, text: &str) -> String {
        render_html(text, &self.match_ranges(text, &[]).all)
    }

    /// Up to `max_fragments` sentence-aligned fragments, best first by matches, in text order.
    /// When the request filters by entities, sentences naming one (as the highlighter's names or
    /// `spellings`) and holding a query word come first.
    ///
    /// The text is analysed once; matches are then assigned to the sentences that hold them.
    pub(crate) fn fragments(
        &self,
        text: &str,
        max_fragments: usize,
        spellings: &[String],
    ) -> Vec<Fragment> {
        self.fragments_where(text, max_fragments, spellings, |_| true)
    }

    /// [`Self::fragments`] from the sentences `usable` accepts (given the sentence's text), best
    /// first until `max_fragments` are found; empty when it accepts none. The sentences are
    /// asked in the order of their scores, so a caller's check (boilerplate) usually runs on a
    /// few sentences instead of the whole text.
    pub(crate) fn fragments_where(
        &self,
        text: &str,
        max_fragments: usize,
        spellings: &[String],
        mut usable: impl FnMut(&str) -> bool,
    ) -> Vec<Fragment> {
        let Matches { all, terms, names } = self.match_ranges(text, spellings);
        let prefers_names = !terms.is_empty() && !names.is_empty();
        let preferred = |sentence: &Range<usize>| {
            prefers_names && holds_one(&terms, sentence) && holds_one(&names, sentence)
        };
        let mut scored: Vec<ScoredSentence> = Vec::new();
        let mut sentence: Option<(Range<usize>, Vec<Range<usize>>)> = None;
        // Matches are sorted: each opens a new sentence unless it lies in the current one. A
        // match running past the end of its sentence is not shown.
        for range in all {
            if sentence
                .as_ref()
                .is_none_or(|(current, _)| range.start >= current.end)
            {
                if let Some((current, matches)) = sentence.take() {
                    let preferred = preferred(&current);
                    push_scored(text, current, matches, preferred, &mut scored);
                }
                sentence = Some((sentence_around(text, range.start), Vec::new()));
            }
            if let Some((current, matches)) = &mut sentence {
                if range.start >= current.start && range.end <= current.end {
                    matches.push(range.start - current.start..range.end - current.start);
                }
            }
        }
        if let Some((current, matches)) = sentence {
            let preferred = preferred(&current);
            push_scored(text, current, matches, preferred, &mut scored);
        }
        if scored.is_empty() {
            return first_sentence(text)
                .filter(|first| usable(&text[first.clone()]))
                .map(|first| vec![make_fragment(&text[first], &[])])
                .unwrap_or_default();
        }
        scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.start.cmp(&b.1.start)));
        // A sentence a page repeats (a lede shown twice) is shown once. At most
        // `USABLE_CHECKS_PER_FRAGMENT` sentences per fragment are asked: a page whose best
        // sentences are all refused (a photo gallery's captions) is left to the caller.
        let mut kept: Vec<&str> = Vec::with_capacity(max_fragments);
        let mut checks = max_fragments * USABLE_CHECKS_PER_FRAGMENT;
        scored.retain(|(_, sentence, _)| {
            let sentence = &text[sentence.clone()];
            if kept.len() == max_fragments || checks == 0 || kept.contains(&sentence) {
                return false;
            }
            checks -= 1;
            let keep = usable(sentence);
            if keep {
                kept.push(sentence);
            }
            keep
        });
        scored.sort_by_key(|(_, sentence, _)| sentence.start);
        scored
            .into_iter()
            .map(|(_, sentence, matches)| make_fragment(&text[sentence], &matches))
            .collect()
    }
}

/// The matches of a text: all (for highlighting), and those of query terms and of entity names
/// (both empty when one of them is: then no sentence is preferred).
struct Matches {
    all: Vec<Range<usize>>,
    terms: Vec<Range<usize>>,
    names: Vec<Range<usize>>,
}

/// Whether one of `ranges` (sorted by start) lies inside `sentence`.
fn holds_one(ranges: &[Range<usize>], sentence: &Range<usize>) -> bool {
    let first_inside = ranges.partition_point(|range| range.start < sentence.start);
    ranges
        .get(first_inside)
        .is_some_and(|range| range.end <= sentence.end)
}

/// How many sentences [`Highlighter::fragments_where`] asks about, per fragment wanted.
const USABLE_CHECKS_PER_FRAGMENT: usize = 3;

/// What [`make_fragment`] puts before a window that starts inside its sentence.
pub(crate) const ELLIPSIS_BEFORE: &str = "… ";
/// What [`make_fragment`] puts after a window that ends inside its sentence.
pub(crate) const ELLIPSIS_AFTER: &str = " …";

pub(crate) fn char_to_byte(text: &str, char_index: usize) -> usize {
    text.char_indices()
        .nth(char_index)
        .map_or(text.len(), |(byte, _)| byte)
}

/// Cuts a long sentence to a window around its first match and converts ranges to characters.
fn make_fragment(sentence: &str, matches: &[Range<usize>]) -> Fragment {
    let total_chars = sentence.chars().count();
    let (mut window_start, mut window_end) = (0, sentence.len());
    if total_chars > FRAGMENT_CHARS {
        let first_match = matches.first().map_or(0, |range| range.start);
        let first_match_char = sentence[..first_match].chars().count();
        let start_char = first_match_char.saturating_sub(CONTEXT_BEFORE_CHARS);
        let start_char = start_char.min(total_chars.saturating_sub(FRAGMENT_CHARS));
        window_start = char_to_byte(sentence, start_char);
        window_end = char_to_byte(sentence, start_char + FRAGMENT_CHARS);
        // Do not cut words in half.
        if window_start > 0 {
            if let Some(space) = sentence[window_start..window_end].find(' ') {
                window_start += space + 1;
            }
        }
        if window_end < sentence.len() {
            if let Some(space) = sentence[window_start..window_end].rfind(' ') {
                window_end = window_start + space;
            }
        }
    }
    let prefix = if window_start > 0 {
        ELLIPSIS_BEFORE
    } else {
        ""
    };
    let suffix = if window_end < sentence.len() {
        ELLIPSIS_AFTER
    } else {
        ""
    };
    let prefix_chars = prefix.chars().count();
    let body = &sentence[window_start..window_end];
    let highlights = matches
        .iter()
        .filter(|range| range.start >= window_start && range.end <= window_end)
        .map(|range| {
            let start = prefix_chars + body[..range.start - window_start].chars().count();
            let end = start + sentence[range.clone()].chars().count();
            [start, end]
        })
        .collect();
    Fragment {
        text: format!("{prefix}{body}{suffix}"),
        highlights,
    }
}

fn is_word_boundary(text: &str, byte: usize) -> bool {
    let before = text[..byte].chars().next_back();
    let after = text[byte..].chars().next();
    !(before.is_some_and(is_alphanumeric) && after.is_some_and(is_alphanumeric))
}

fn merge_ranges(text: &str, mut ranges: Vec<Range<usize>>) -> Vec<Range<usize>> {
    ranges.sort_by_key(|range| (range.start, range.end));
    let mut merged: Vec<Range<usize>> = Vec::with_capacity(ranges.len());
    for range in ranges {
        if let Some(last) = merged.last_mut() {
            let gap_is_space =
                range.start >= last.end && text[last.end..range.start].chars().all(|c| c == ' ');
            if range.start <= last.end || gap_is_space {
                last.end = last.end.max(range.end);
                continue;
            }
        }
        merged.push(range);
    }
    merged
}

/// A sentence holding matches: its score (preferred first, then by matches), its byte range,
/// and its matches' ranges within it.
type ScoredSentence = ((bool, usize), Range<usize>, Vec<Range<usize>>);

/// Scores a sentence (preferred ones first: they name a filtered entity and hold a query word)
/// by its distinct matched words, then by its matches, and keeps it.
fn push_scored(
    text: &str,
    sentence: Range<usize>,
    matches: Vec<Range<usize>>,
    preferred: bool,
    scored: &mut Vec<ScoredSentence>,
) {
    if matches.is_empty() {
        return;
    }
    let sentence_text = &text[sentence.clone()];
    let word = |range: &Range<usize>| &sentence_text[range.clone()];
    // A sentence holds a few matches: comparing each with the ones before it is cheaper than
    // hashing lowercased copies.
    let distinct = (0..matches.len())
        .filter(|&index| {
            !matches[..index]
                .iter()
                .any(|earlier| same_word(word(earlier), word(&matches[index])))
        })
        .count();
    scored.push(((preferred, distinct * 4 + matches.len()), sentence, matches));
}

/// Whether two matched words are the same once lowercased.
fn same_word(a: &str, b: &str) -> bool {
    if a.is_ascii() && b.is_ascii() {
        a.eq_ignore_ascii_case(b)
    } else {
        a.to_lowercase() == b.to_lowercase()
    }
}

#[cfg(test)]
mod tests;
