//! Sentence boundaries for snippets, found around the matches only: a sentence ends after `.`,
//! `!` or `?` followed by a space and an uppercase letter or a quote, and at line breaks.
//!
//! Whether a byte ends a sentence depends only on it and the two bytes after it, so the sentence
//! holding a match is found by scanning out from the match; a long article body is not split
//! whole for every hit (splitting it whole took ~9% of a snippets + facets query).

use std::ops::Range;

/// If a sentence ends at byte `index`: where it ends (the next one starts at `index + 1`).
fn sentence_end_at(bytes: &[u8], index: usize) -> Option<usize> {
    match bytes.get(index)? {
        b'\n' => Some(index),
        b'.' | b'!' | b'?' => {
            let followed = bytes.get(index + 1) == Some(&b' ')
                && bytes
                    .get(index + 2)
                    .is_some_and(|next| next.is_ascii_uppercase() || *next == b'"');
            followed.then_some(index + 1)
        }
        _ => None,
    }
}

/// The sentence (trimmed of white space) holding byte `at`, which is not white space.
pub(crate) fn sentence_around(text: &str, at: usize) -> Range<usize> {
    let bytes = text.as_bytes();
    let at = at.min(bytes.len());
    let start = previous_end(bytes, at).map_or(0, |index| index + 1);
    let end = next_end(bytes, at).unwrap_or(bytes.len());
    trimmed(text, start..end).unwrap_or(at..at)
}

/// The last byte before `at` that ends a sentence (found with SIMD byte search: the candidates
/// are line breaks and the three punctuation marks).
fn previous_end(bytes: &[u8], at: usize) -> Option<usize> {
    let line_break = memchr::memrchr(b'\n', &bytes[..at]);
    let after_break = line_break.map_or(0, |index| index + 1);
    memchr::memrchr3_iter(b'.', b'!', b'?', &bytes[after_break..at])
        .map(|offset| after_break + offset)
        .find(|index| sentence_end_at(bytes, *index).is_some())
        .or(line_break)
}

/// Where the first sentence ending at or after byte `at` ends.
fn next_end(bytes: &[u8], at: usize) -> Option<usize> {
    let line_break = memchr::memchr(b'\n', &bytes[at..]).map(|offset| at + offset);
    let before_break = line_break.unwrap_or(bytes.len());
    memchr::memchr3_iter(b'.', b'!', b'?', &bytes[at..before_break])
        .find_map(|offset| sentence_end_at(bytes, at + offset))
        .or(line_break)
}

/// The first sentence with something in it, if any.
pub(crate) fn first_sentence(text: &str) -> Option<Range<usize>> {
    let bytes = text.as_bytes();
    let mut start = 0;
    for index in 0..bytes.len() {
        if let Some(end) = sentence_end_at(bytes, index) {
            if let Some(sentence) = trimmed(text, start..end) {
                return Some(sentence);
            }
            start = index + 1;
        }
    }
    trimmed(text, start..bytes.len())
}

/// `range` without leading and trailing white space; `None` when nothing else is left.
fn trimmed(text: &str, range: Range<usize>) -> Option<Range<usize>> {
    let slice = text.get(range.clone())?;
    let leading = slice.len() - slice.trim_start().len();
    let trailing = slice.len() - slice.trim_end().len();
    (leading + trailing < slice.len()).then(|| range.start + leading..range.end - trailing)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every sentence of `text`, splitting it whole (what the scans must agree with).
    fn all_sentences(text: &str) -> Vec<Range<usize>> {
        let mut sentences = Vec::new();
        let mut start = 0;
        for index in 0..text.len() {
            if let Some(end) = sentence_end_at(text.as_bytes(), index) {
                sentences.extend(trimmed(text, start..end));
                start = index + 1;
            }
        }
        sentences.extend(trimmed(text, start..text.len()));
        sentences
    }

    const TEXT: &str =
        "  \nMOSCOW (Reuters) - Talks began. \"We agree,\" he said! Prices rose 3.5% \
        in the U.S. on Monday?  Yes. no split here. e.g. this\n\nLast line ... End";

    #[test]
    fn the_sentence_around_any_word_is_the_one_a_full_split_gives() {
        let sentences = all_sentences(TEXT);
        assert_eq!(sentences.len(), 5, "{sentences:?}");
        for (at, c) in TEXT.char_indices() {
            if c.is_whitespace() {
                continue;
            }
            let expected = sentences
                .iter()
                .find(|sentence| sentence.contains(&at))
                .expect("every non-space byte is in a sentence");
            assert_eq!(&sentence_around(TEXT, at), expected, "at byte {at}");
        }
    }

    #[test]
    fn first_sentence_skips_blank_lines() {
        assert_eq!(
            &TEXT[first_sentence(TEXT).unwrap()],
            "MOSCOW (Reuters) - Talks began."
        );
        assert_eq!(first_sentence(" \n \n"), None);
        assert_eq!(&"One line"[first_sentence("One line").unwrap()], "One line");
    }
}
