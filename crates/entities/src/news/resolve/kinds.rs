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
/// (in a mention of its own, or among the words no mention holds).
pub(super) fn people_taken_for_organisations(
    parts: &mut [(&'static str, Vec<Word>)],
    untagged: &[Word],
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
    let candidate = |kind: &str, words: &[Word]| {
        kind == "ORG"
            && words.len() == 2
            && words.iter().all(name_word)
            && !gazetteer.first_names.contains(words[1].text)
    };
    if !parts.iter().any(|(kind, words)| candidate(kind, words)) {
        return;
    }
    let alone: rustc_hash::FxHashSet<&str> = parts
        .iter()
        .filter_map(|(_, words)| match words.as_slice() {
            [single] => Some(single.text),
            _ => None,
        })
        .chain(untagged.iter().map(|word| word.text))
        .collect();
    for (kind, words) in parts.iter_mut() {
        if candidate(kind, words) && alone.contains(words[1].text) && !known(words) {
            *kind = "PER";
        }
    }
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
        let untagged = vec![all[4], all[9]];
        people_taken_for_organisations(&mut parts, &untagged, &gazetteer, |_| false);
        let kinds: Vec<&str> = parts.iter().map(|(kind, _)| *kind).collect();
        assert_eq!(kinds, ["PER", "ORG", "ORG", "ORG"]);
    }
}
