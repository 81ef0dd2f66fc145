//! Shapes of spans that name no person and no organisation whatever their words: a lone
//! letter ("U" of a cut "U-6"), a plural of an abbreviation ("WMDs", "Green MEPs": things or
//! members, not a body) and a storm ("Hurricane Ida").

use super::Word;
use crate::news::lexicon::STORM_WORDS;

/// Whether a span names nothing by its shape alone.
pub(super) fn names_nothing(words: &[Word]) -> bool {
    let Some(last) = words.last() else {
        return false;
    };
    let single_letter = words.len() == 1 && last.text.chars().count() == 1;
    single_letter
        || is_abbreviation_plural(last.text)
        || words
            .first()
            .is_some_and(|first| words.len() > 1 && STORM_WORDS.contains(first.text))
}

/// Whether a word is the plural of an abbreviation: two capitals or more and a lower-case
/// "s" ("MPs", "CEOs", "WMDs").
fn is_abbreviation_plural(text: &str) -> bool {
    text.strip_suffix('s')
        .is_some_and(|stem| stem.len() >= 2 && stem.bytes().all(|byte| byte.is_ascii_uppercase()))
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::news::words::spaced_words as words;

    #[test]
    fn letters_plurals_of_abbreviations_and_storms_name_nothing() {
        for text in ["U", "WMDs", "Green MEPs", "CEOs", "Hurricane Bertha"] {
            assert!(names_nothing(&words(text)), "{text}");
        }
        for text in ["UN", "NATO", "Mrs", "Hurricanes", "BBC News", "Storm"] {
            assert!(!names_nothing(&words(text)), "{text}");
        }
    }
}
