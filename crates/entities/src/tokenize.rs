//! Splitting article text into words with their byte spans and where sentences start, as the
//! tagger and the rules after it read them.

/// A word of article text with its byte span.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token<'a> {
    /// The word, with a possessive `'s` removed and abbreviation dots kept (`U.S.`).
    pub text: &'a str,
    /// Byte offset of the word's start.
    pub start: usize,
    /// Byte offset just past the word as written (including any removed possessive).
    pub end: usize,
    /// Whether the word opens a sentence (after `.`, `!`, `?`, a blank line, or at the start).
    pub sentence_start: bool,
}

impl Token<'_> {
    /// Whether the word starts with an upper-case letter.
    pub fn is_capitalized(&self) -> bool {
        self.text.chars().next().is_some_and(char::is_uppercase)
    }
}

/// Abbreviations whose final dot does not end a sentence.
const TITLE_ABBREVIATIONS: [&str; 14] = [
    "Mr", "Mrs", "Ms", "Dr", "St", "Sen", "Rep", "Gov", "Gen", "Lt", "Col", "Prof", "Jr", "Sr",
];

/// Splits news text into words: hyphenated pairs split (`Trump-Putin`), possessives dropped
/// (`Putin's` → `Putin`), dotted abbreviations kept whole (`U.S.`), apostrophes inside words kept.
pub fn tokenize(text: &str) -> Vec<Token<'_>> {
    let bytes = text.as_bytes();
    // News text has a token every 5 to 6 bytes: room for all of them, so the list is not
    // copied as it grows.
    let mut tokens = Vec::with_capacity(text.len() / 4 + 16);
    let mut sentence_start = true;
    // Byte offset of the next character to read.
    let mut position = 0;
    while position < bytes.len() {
        // Spaces, a sixth of news text, only separate words.
        if bytes[position] == b' ' {
            position += 1;
            continue;
        }
        let Some(c) = char_at(text, position) else {
            break;
        };
        let start = position;
        position += c.len_utf8();
        if !is_alphanumeric(c) {
            if matches!(c, '!' | '?') || (c == '\n' && bytes.get(start + 1) == Some(&b'\n')) {
                sentence_start = true;
            } else if c == '.' {
                let after_title = tokens.last().is_some_and(|token: &Token| {
                    TITLE_ABBREVIATIONS.contains(&token.text) && token.end == start
                });
                let after_abbreviation = tokens.last().is_some_and(|token: &Token| {
                    token.text.ends_with('.') && token.end == start + 1
                });
                let after_initial = tokens.last().is_some_and(|token: &Token| {
                    token.end == start && token.text.len() == 1 && token.is_capitalized()
                });
                if !after_title && !after_abbreviation && !after_initial {
                    sentence_start = true;
                }
            } else if c == '\n' && tokens.last().is_some_and(|token| start > token.end) {
                // A line break after a headline-like line with no final punctuation.
                let line_before = &text[..start];
                if !line_before.ends_with(|c: char| c.is_alphanumeric() || c == ',') {
                    sentence_start = true;
                }
            }
            continue;
        }
        let mut end = position;
        loop {
            // ASCII letters and digits, most of news text, skip decoding.
            end += ascii_alphanumeric_run(&bytes[end..]);
            let Some(next) = char_at(text, end) else {
                break;
            };
            let after = end + next.len_utf8();
            if is_alphanumeric(next) {
                end = after;
                continue;
            }
            let joins = matches!(next, '.' | '\'' | '’');
            let followed_by_alphanumeric = char_at(text, after).is_some_and(is_alphanumeric);
            if joins
                && followed_by_alphanumeric
                && !(next == '.' && end - start > 1 && !text[start..end].contains('.'))
            {
                end = after;
                continue;
            }
            break;
        }
        let mut word = &text[start..end];
        // "U.S." keeps its final dot, and so does a middle initial ("George W. Bush", as
        // CoNLL writes it); "Feb." does not.
        let initial = word.len() == 1 && c.is_ascii_uppercase() && is_middle_initial(text, end);
        if bytes.get(end) == Some(&b'.') && (initial || word.contains('.')) {
            end += 1;
            word = &text[start..end];
        }
        position = end;
        let word = strip_possessive(word);
        tokens.push(Token {
            text: word,
            start,
            end,
            sentence_start,
        });
        sentence_start = false;
    }
    tokens
}

/// Whether the capital letter ending at `end` is a name's middle initial: a dot, one space and a
/// capitalised word follow ("W. Bush"), and a capitalised word comes before ("George W.").
fn is_middle_initial(text: &str, end: usize) -> bool {
    let after = &text[end..];
    let next_is_name = after
        .strip_prefix(". ")
        .and_then(|rest| rest.chars().next())
        .is_some_and(char::is_uppercase);
    let before = text[..end - 1].trim_end_matches(' ');
    let previous_is_name = before.len() + 1 < end
        && before
            .rsplit(|c: char| !c.is_alphanumeric())
            .next()
            .and_then(|word| word.chars().next())
            .is_some_and(char::is_uppercase);
    next_is_name && previous_is_name
}

/// `char::is_alphanumeric`, answered without Unicode tables for ASCII and for the General
/// Punctuation block (curly quotes, dashes), the non-ASCII characters news text has most: the
/// tables take about 176 instructions for each of those. Shared with the snippet highlighter.
#[inline]
pub fn is_alphanumeric(c: char) -> bool {
    if c.is_ascii() {
        ASCII_ALPHANUMERIC[c as usize]
    } else if ('\u{2000}'..='\u{206F}').contains(&c) {
        false
    } else {
        c.is_alphanumeric()
    }
}

/// Which bytes are ASCII letters and digits.
static ASCII_ALPHANUMERIC: [bool; 256] = {
    let mut table = [false; 256];
    let mut byte = 0;
    while byte < 256 {
        table[byte] = (byte as u8).is_ascii_alphanumeric();
        byte += 1;
    }
    table
};

/// How many ASCII letters and digits `bytes` starts with.
#[inline]
fn ascii_alphanumeric_run(bytes: &[u8]) -> usize {
    bytes
        .iter()
        .position(|byte| !ASCII_ALPHANUMERIC[usize::from(*byte)])
        .unwrap_or(bytes.len())
}

/// The character starting at byte `position` (which must be a character boundary).
#[inline]
fn char_at(text: &str, position: usize) -> Option<char> {
    match text.as_bytes().get(position) {
        Some(byte) if byte.is_ascii() => Some(char::from(*byte)),
        Some(_) => text[position..].chars().next(),
        None => None,
    }
}

fn strip_possessive(word: &str) -> &str {
    // Every possessive ends in one of these bytes (`’` ends in 0x99).
    if !matches!(word.as_bytes().last(), Some(b's' | b'S' | b'\'' | 0x99)) {
        return word;
    }
    for suffix in ["'s", "’s", "'S"] {
        if let Some(stem) = word.strip_suffix(suffix) {
            if !stem.is_empty() {
                return stem;
            }
        }
    }
    word.strip_suffix('\'')
        .or_else(|| word.strip_suffix('’'))
        .unwrap_or(word)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<&str> {
        tokenize(text).iter().map(|token| token.text).collect()
    }

    fn sentence_starts(text: &str) -> Vec<&str> {
        tokenize(text)
            .iter()
            .filter(|token| token.sentence_start)
            .map(|token| token.text)
            .collect()
    }

    #[test]
    fn alphanumeric_shortcut_agrees_with_unicode() {
        for c in ('\0'..='\u{3000}').chain(['\u{1F600}', '\u{10FFFF}']) {
            assert_eq!(is_alphanumeric(c), c.is_alphanumeric(), "{:X}", c as u32);
        }
    }

    #[test]
    fn splits_news_text() {
        assert_eq!(
            words("Putin's talks: Trump-Putin summit in the U.S. on Feb. 3."),
            ["Putin", "talks", "Trump", "Putin", "summit", "in", "the", "U.S.", "on", "Feb", "3"]
        );
        assert_eq!(
            words("U.S.-Russia ties don't improve"),
            ["U.S.", "Russia", "ties", "don't", "improve"]
        );
        assert_eq!(words("“Kyiv” — said"), ["Kyiv", "said"]);
    }

    #[test]
    fn middle_initials_keep_their_dot() {
        assert_eq!(
            words("President George W. Bush met Donald J. Trump, said Plan A. officials"),
            [
                "President",
                "George",
                "W.",
                "Bush",
                "met",
                "Donald",
                "J.",
                "Trump",
                "said",
                "Plan",
                "A",
                "officials"
            ]
        );
        assert_eq!(
            sentence_starts("George W. Bush spoke. He left"),
            ["George", "He"]
        );
    }

    #[test]
    fn marks_sentence_starts() {
        assert_eq!(
            sentence_starts("He left. Mr. Smith stayed in the U.S. Army today"),
            ["He", "Mr"]
        );
    }

    #[test]
    fn offsets_point_into_the_text() {
        let text = "Talks in Moscow's center";
        let moscow = tokenize(text)[2];
        assert_eq!(moscow.text, "Moscow");
        assert_eq!(
            &text[moscow.start..moscow.start + moscow.text.len()],
            "Moscow"
        );
    }
}
