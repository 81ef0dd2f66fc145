//! Article text as the tagger reads it: sentences of words and punctuation, Penn-Treebank-like
//! (possessive `'s` and punctuation as their own tokens), each with its byte span.

use crate::tokenize;

/// One token the tagger labels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Word<'a> {
    /// The token (a word without its possessive, a punctuation character, or `'s`).
    pub text: &'a str,
    /// Byte offset of the token in the article text.
    pub start: usize,
    /// Byte offset just past it.
    pub end: usize,
}

impl Word<'_> {
    /// Whether `next` follows this token after exactly one hyphen in `text` ("Ocasio-Cortez",
    /// "Trump-Putin"): the tokenizer splits such pairs, the hyphen itself is no token.
    pub fn hyphen_joins(&self, next: &Word, text: &str) -> bool {
        text.get(self.end..next.start) == Some("-")
    }

    /// Whether the token is a word (starts with a letter or digit).
    pub fn is_word(&self) -> bool {
        match self.text.as_bytes().first() {
            Some(byte) if byte.is_ascii() => byte.is_ascii_alphanumeric(),
            _ => self.text.chars().next().is_some_and(char::is_alphanumeric),
        }
    }
}

/// Longest sentence handed to the tagger; longer runs (tables, lists) are cut.
const MAX_SENTENCE_WORDS: usize = 120;
/// Words room is made for in a new sentence (most news sentences fit, so few grow).
const SENTENCE_CAPACITY: usize = 48;
/// Punctuation that opens what follows and so belongs to the next sentence.
const OPENING: [char; 6] = ['"', '“', '‘', '(', '[', '\''];

/// Splits article text into tagger sentences.
pub(crate) fn sentences(text: &str) -> Vec<Vec<Word<'_>>> {
    let tokens = tokenize(text);
    let mut sentences: Vec<Vec<Word>> = Vec::new();
    let mut sentence: Vec<Word> = Vec::new();
    let mut previous_end = 0;
    for token in &tokens {
        let gap = &text[previous_end..token.start];
        let breaks = token.sentence_start || sentence.len() >= MAX_SENTENCE_WORDS;
        let mut opening = Vec::new();
        for (offset, c) in gap.char_indices() {
            if c.is_whitespace() {
                continue;
            }
            let start = previous_end + offset;
            let word = Word {
                text: &text[start..start + c.len_utf8()],
                start,
                end: start + c.len_utf8(),
            };
            if breaks && OPENING.contains(&c) {
                opening.push(word);
            } else if breaks {
                sentence.append(&mut opening);
                sentence.push(word);
            } else {
                sentence.push(word);
            }
        }
        if breaks && !sentence.is_empty() {
            sentences.push(std::mem::replace(
                &mut sentence,
                Vec::with_capacity(SENTENCE_CAPACITY),
            ));
        }
        sentence.extend(opening);
        let word_end = token.start + token.text.len();
        sentence.push(Word {
            text: token.text,
            start: token.start,
            end: word_end,
        });
        if token.end > word_end {
            sentence.push(Word {
                text: "'s",
                start: word_end,
                end: token.end,
            });
        }
        previous_end = token.end;
    }
    for (offset, c) in text[previous_end..].char_indices() {
        if !c.is_whitespace() {
            let start = previous_end + offset;
            sentence.push(Word {
                text: &text[start..start + c.len_utf8()],
                start,
                end: start + c.len_utf8(),
            });
        }
    }
    if !sentence.is_empty() {
        sentences.push(sentence);
    }
    sentences
}

/// The words of `text` split at single spaces, with their offsets: the tests' way of writing
/// an article's words.
#[cfg(test)]
pub(crate) fn spaced_words(text: &str) -> Vec<Word<'_>> {
    let mut at = 0;
    text.split(' ')
        .map(|piece| {
            let word = Word {
                text: piece,
                start: at,
                end: at + piece.len(),
            };
            at += piece.len() + 1;
            word
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(text: &str) -> Vec<Vec<&str>> {
        sentences(text)
            .iter()
            .map(|sentence| sentence.iter().map(|word| word.text).collect())
            .collect()
    }

    #[test]
    fn punctuation_and_possessives_are_tokens() {
        assert_eq!(
            texts("Putin's envoy (Lavrov) left. \"Kyiv, too,\" he said."),
            [
                vec!["Putin", "'s", "envoy", "(", "Lavrov", ")", "left", "."],
                vec!["\"", "Kyiv", ",", "too", ",", "\"", "he", "said", "."],
            ]
        );
    }

    #[test]
    fn spans_point_into_the_text() {
        let text = "MOSCOW, March 18 (Reuters) - Talks";
        for sentence in sentences(text) {
            for word in sentence {
                if word.text != "'s" {
                    assert_eq!(&text[word.start..word.end], word.text);
                }
            }
        }
    }
}
