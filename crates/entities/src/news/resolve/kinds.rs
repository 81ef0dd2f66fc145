//! People the tagger took for organisations. It learned first names from 1996 wire copy and
//! reads a name whose first name it never saw as an organisation ("Rayshard Brooks", "Federica
//! Mogherini"); the article gives it away by naming the person again by the last word alone
//! ("Brooks was shot"), as news names people and almost never organisations.

use super::Word;
use crate::gazetteer::Gazetteer;
use crate::news::is_organisation_head;

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

/// Turns into people the two-word organisation spans, unknown to the gazetteers, made of two
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
    for (kind, words) in parts.iter_mut() {
        let candidate = *kind == "ORG"
            && words.len() == 2
            && words.iter().all(name_word)
            && !gazetteer.first_names.contains(words[1].text);
        if candidate && written_alone(text, words[0].text, words[1].text) && !known(words) {
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

    fn words(text: &str) -> Vec<Word<'_>> {
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

    #[test]
    fn a_name_the_article_shortens_to_its_last_word_is_a_person() {
        let gazetteer = Gazetteer::builtin();
        let text = "Zorvan Pellik Harbour Fund Pellik Quenby Marlo Texas Senate Senate";
        let all = words(text);
        let mut parts = vec![
            ("ORG", all[0..2].to_vec()),
            ("ORG", all[2..4].to_vec()),
            ("ORG", all[5..7].to_vec()),
            ("ORG", all[7..9].to_vec()),
        ];
        people_taken_for_organisations(&mut parts, text, &gazetteer, |_| false);
        let kinds: Vec<&str> = parts.iter().map(|(kind, _)| *kind).collect();
        assert_eq!(kinds, ["PER", "ORG", "ORG", "ORG"]);
    }
}
