//! People the tagger took for organisations. It learned first names from 1996 wire copy and
//! reads a name whose first name it never saw as an organisation ("Rayshard Brooks", "Federica
//! Mogherini"); the article gives it away by naming the person again by the last word alone
//! ("Brooks was shot"), as news names people and almost never organisations.

use super::Word;
use crate::gazetteer::Gazetteer;
use crate::news::is_organisation_head;
use crate::news::lexicon::{NOT_ORGS, NOT_ORG_ENDINGS, ORDINARY_FIRST_NAMES};

/// Institutions that are no head words of a name but end one ("Texas Senate").
const INSTITUTIONS: [&str; 8] = [
    "Senate",
    "House",
    "Legislature",
    "Cabinet",
    "Government",
    "Navy",
    "Marines",
    "Guard",
];

/// Titles that only ever stand before a person's name.
const PERSON_TITLES: [&str; 15] = [
    "Mr",
    "Mrs",
    "Ms",
    "Dr",
    "Sen",
    "Rep",
    "Gov",
    "Sir",
    "Senator",
    "President",
    "Governor",
    "Congressman",
    "Congresswoman",
    "Representative",
    "Mayor",
];

/// Whether the word before byte `start` of `text` is a person's title ("Sen. Rand Paul").
fn after_person_title(text: &str, start: usize) -> bool {
    let previous = text[..start]
        .trim_end()
        .rsplit(char::is_whitespace)
        .next()
        .unwrap_or("")
        .trim_end_matches('.');
    PERSON_TITLES.contains(&previous)
}

/// Turns into people the organisation spans of capitalised words after a person's title
/// ("Sen. Rand Paul"), and the two-word organisation spans, unknown to the gazetteers, made of two
/// capitalised words that are no ordinary words, whose last word the article also writes alone
/// (not after the first word).
pub(super) fn people_taken_for_organisations(
    parts: &mut [(&'static str, Vec<Word>)],
    text: &str,
    gazetteer: &Gazetteer,
    known: impl Fn(&[Word]) -> bool,
) {
    let name_word = |word: &Word| {
        let mut chars = word.text.chars();
        chars.next().is_some_and(char::is_uppercase)
            && word.text.len() > 2
            && chars.all(char::is_lowercase)
            && !gazetteer.is_ordinary_alone(word.text)
            && !is_organisation_head(word.text)
            && !INSTITUTIONS.contains(&word.text)
            && gazetteer.lookup(word.text).is_none()
    };
    // "Rand Paul", "Hope Hicks": a first name that is also an ordinary word.
    let ordinary_first_name = |word: &Word| ORDINARY_FIRST_NAMES.contains(word.text);
    for (kind, words) in parts.iter_mut() {
        let candidate = *kind == "ORG"
            && words.len() == 2
            && (name_word(&words[0]) || ordinary_first_name(&words[0]))
            && name_word(&words[1])
            && !NOT_ORGS.contains(words[1].text)
            && !NOT_ORG_ENDINGS.contains(words[1].text)
            && !gazetteer.first_names.contains(words[1].text);
        let titled = *kind == "ORG"
            && (1..=3).contains(&words.len())
            && words.iter().all(|word| {
                word.text.starts_with(|c: char| c.is_uppercase())
                    && word.text.chars().all(char::is_alphabetic)
                    && !is_organisation_head(word.text)
            })
            && after_person_title(text, words[0].start);
        if (titled || candidate && written_alone(text, words[0].text, words[1].text))
            && !known(words)
        {
            *kind = "PER";
        }
    }
}

/// Whether `text` has `last` as a word of its own that does not follow `first` ("Brooks"
/// beside "Rayshard Brooks").
fn written_alone(text: &str, first: &str, last: &str) -> bool {
    text.match_indices(last).any(|(at, _)| {
        let before = &text[..at];
        let after = &text[at + last.len()..];
        !before.ends_with(|c: char| c.is_alphanumeric())
            && !after.starts_with(|c: char| c.is_alphanumeric())
            && !before.trim_end().ends_with(first)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::news::words::spaced_words as words;

    #[test]
    fn a_name_the_article_shortens_to_its_last_word_is_a_person() {
        let gazetteer = Gazetteer::builtin();
        let text = "Zorvan Pellik Harbour Fund Pellik Quenby Marlo Texas Senate Senate \
                    Hope Quarrick Quarrick Summer Olympics Olympics";
        let all = words(text);
        let mut parts = vec![
            ("ORG", all[0..2].to_vec()),
            ("ORG", all[2..4].to_vec()),
            ("ORG", all[5..7].to_vec()),
            ("ORG", all[7..9].to_vec()),
            ("ORG", all[10..12].to_vec()),
            ("ORG", all[13..15].to_vec()),
        ];
        people_taken_for_organisations(&mut parts, text, &gazetteer, |_| false);
        let kinds: Vec<&str> = parts.iter().map(|(kind, _)| *kind).collect();
        assert_eq!(kinds, ["PER", "ORG", "ORG", "ORG", "PER", "ORG"]);
        let text = "met Sen. Hope Zarrow and the Rep. Harbour Committee";
        let all = words(text);
        let mut parts = vec![("ORG", all[2..4].to_vec()), ("ORG", all[7..9].to_vec())];
        people_taken_for_organisations(&mut parts, text, &gazetteer, |_| false);
        let kinds: Vec<&str> = parts.iter().map(|(kind, _)| *kind).collect();
        assert_eq!(kinds, ["PER", "ORG"]);
    }
}
