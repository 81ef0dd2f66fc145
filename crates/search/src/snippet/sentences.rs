//! Sentence boundaries for snippets, found around the matches only: a sentence ends after `.`,
//! `!` or `?` followed by a space and an uppercase letter or a quote, and at line breaks; a
//! period closing an abbreviation ("U.S.", "Mr.", "Sen.", "Jan.") or an initial ("John F.
//! Kennedy") ends no sentence.
//!
//! Whether a byte ends a sentence depends only on it, the two bytes after it and the word before
//! it, so the sentence holding a match is found by scanning out from the match; a long article
//! body is not split whole for every hit (splitting it whole took ~9% of a snippets + facets
//! query).

use std::ops::Range;

/// Words news writes with a period that rarely ends a sentence (titles, ranks, months, company
/// suffixes, "vs.", "No."), as written before the period; case matters ("no." ends a sentence,
/// "No. 10" does not). Dotted abbreviations ("U.S.", "D.C.") and initials are recognised by
/// their form, see [`is_abbreviation`].
pub(crate) const ABBREVIATIONS: [&str; 48] = [
    "Mr", "Mrs", "Ms", "Dr", "Prof", "Rev", "Hon", "Sen", "Sens", "Rep", "Reps", "Gov", "Gen",
    "Lt", "Col", "Maj", "Capt", "Cmdr", "Adm", "Sgt", "Cpl", "Pvt", "Supt", "Jan", "Feb", "Mar",
    "Apr", "Aug", "Sept", "Sep", "Oct", "Nov", "Dec", "St", "Ste", "Mt", "Ft", "Jr", "Sr", "Inc",
    "Co", "Corp", "Ltd", "Bros", "vs", "No", "Nos", "approx",
];

/// Longest word [`is_abbreviation`] looks at, in bytes (dotted forms such as "U.S.A" included).
const LONGEST_ABBREVIATION: usize = 8;

/// If a sentence ends at byte `index`: where it ends (the next one starts at `index + 1`).
fn sentence_end_at(bytes: &[u8], index: usize) -> Option<usize> {
    match bytes.get(index)? {
        b'\n' => Some(index),
        mark @ (b'.' | b'!' | b'?') => {
            let followed = bytes.get(index + 1) == Some(&b' ')
                && bytes
                    .get(index + 2)
                    .is_some_and(|next| next.is_ascii_uppercase() || *next == b'"');
            let abbreviation = *mark == b'.' && is_abbreviation(word_before(bytes, index));
            (followed && !abbreviation).then_some(index + 1)
        }
        _ => None,
    }
}

/// The run of ASCII letters and periods just before byte `index` (the word a period closes),
/// empty when it is longer than any abbreviation or follows another word character.
fn word_before(bytes: &[u8], index: usize) -> &[u8] {
    let mut start = index;
    while start > 0 && index - start <= LONGEST_ABBREVIATION {
        let byte = bytes[start - 1];
        if byte.is_ascii_alphabetic() || byte == b'.' {
            start -= 1;
        } else {
            break;
        }
    }
    let glued = start > 0 && (bytes[start - 1].is_ascii_alphanumeric() || bytes[start - 1] >= 0x80);
    if glued || index - start > LONGEST_ABBREVIATION {
        return &[];
    }
    &bytes[start..index]
}

/// Whether a word closed by a period is an abbreviation rather than the end of a sentence: one
/// of [`ABBREVIATIONS`], an initial ("F" in "John F. Kennedy"), or letters separated by periods
/// ("U.S", "D.C", "a.m").
fn is_abbreviation(word: &[u8]) -> bool {
    if word.is_empty() {
        return false;
    }
    let initial = word.len() == 1 && word[0].is_ascii_uppercase();
    let dotted = word.len() >= 3
        && word
            .iter()
            .enumerate()
            .all(|(position, byte)| (position % 2 == 1) == (*byte == b'.'));
    initial
        || dotted
        || ABBREVIATIONS
            .iter()
            .any(|abbreviation| abbreviation.as_bytes() == word)
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

    /// The sentence around the word after `abbreviation` in a line that names it mid-sentence.
    fn sentence_after(abbreviation: &str) -> String {
        let text =
            format!("Markets fell. Officials met {abbreviation} Smith and Jones today. Then rain.");
        let at = text.find("Smith").unwrap();
        text[sentence_around(&text, at)].to_string()
    }

    #[test]
    fn no_sentence_ends_after_an_abbreviation() {
        for abbreviation in ABBREVIATIONS {
            assert_eq!(
                sentence_after(&format!("{abbreviation}.")),
                format!("Officials met {abbreviation}. Smith and Jones today."),
                "{abbreviation}."
            );
        }
    }

    #[test]
    fn no_sentence_ends_after_titles_of_people() {
        for title in [
            "Mr.", "Mrs.", "Ms.", "Dr.", "Sen.", "Rep.", "Gov.", "Gen.", "Lt.", "Col.",
        ] {
            assert!(
                sentence_after(title).starts_with("Officials met"),
                "{title}"
            );
        }
    }

    #[test]
    fn no_sentence_ends_after_abbreviated_months() {
        for month in ["Jan.", "Feb.", "Aug.", "Sept.", "Oct.", "Nov.", "Dec."] {
            assert!(
                sentence_after(month).starts_with("Officials met"),
                "{month}"
            );
        }
    }

    #[test]
    fn no_sentence_ends_after_company_suffixes_and_names() {
        for word in [
            "St.", "Jr.", "Sr.", "Inc.", "Co.", "Corp.", "Ltd.", "vs.", "No.",
        ] {
            assert!(sentence_after(word).starts_with("Officials met"), "{word}");
        }
    }

    #[test]
    fn no_sentence_ends_after_dotted_abbreviations_or_initials() {
        for word in [
            "U.S.", "U.N.", "D.C.", "U.K.", "U.S.A.", "a.m.", "p.m.", "F.",
        ] {
            assert!(sentence_after(word).starts_with("Officials met"), "{word}");
        }
    }

    #[test]
    fn ordinary_words_still_end_sentences() {
        // "no" in lower case, a word ending in an abbreviation's letters, a long word.
        let text = "He said no. Then he left the Senate floor. Officials met. Smith spoke.";
        let at = text.find("Smith").unwrap();
        assert_eq!(&text[sentence_around(text, at)], "Smith spoke.");
        let at = text.find("Then").unwrap();
        assert_eq!(
            &text[sentence_around(text, at)],
            "Then he left the Senate floor."
        );
        let at = text.find("Officials").unwrap();
        assert_eq!(&text[sentence_around(text, at)], "Officials met.");
        assert_eq!(all_sentences(text).len(), 4);
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
