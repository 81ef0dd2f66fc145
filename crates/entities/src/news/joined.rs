//! Organisation spans that run over the marks of a list: a semicolon ("Radio Asia; Office of
//! Broadcasting") or an "and" between two names one of which the gazetteers or the word lists
//! know alone ("Medicare and Social Security", "NATO and Amnesty Group").

use super::lexicon::{NOT_ORGS, ORG_HEADS};
use super::Word;
use crate::gazetteer::{phrase_key, Gazetteer};

/// Words after which an "and" joins two words of one name ("Department of Health and Human
/// Services", "Centers for Disease Control and Prevention").
const NAME_JOINERS: [&str; 3] = ["of", "for", "on"];

/// The names a list span holds, or `None` when it is no list: pieces between semicolons, or
/// the two sides of an "and" when one of them is known alone and nothing makes the "and" part
/// of one name.
pub(crate) fn split_list<'a, 'w>(
    words: &'a [Word<'w>],
    gazetteer: &Gazetteer,
) -> Option<Vec<&'a [Word<'w>]>> {
    if words.iter().any(|word| word.text == ";") {
        return Some(
            words
                .split(|word| word.text == ";")
                .filter(|piece| piece.iter().any(Word::is_word))
                .collect(),
        );
    }
    let at = words.iter().position(|word| word.text == "and")?;
    let (left, right) = (&words[..at], &words[at + 1..]);
    let capitalised = |piece: &[Word]| {
        piece
            .first()
            .is_some_and(|word| word.text.starts_with(|c: char| c.is_uppercase()))
    };
    if !capitalised(left) || !capitalised(right) {
        return None;
    }
    if left.iter().any(|word| NAME_JOINERS.contains(&word.text)) {
        return None;
    }
    let head = |piece: &[Word]| piece.iter().any(|word| ORG_HEADS.contains(word.text));
    // "Bill and Melinda Gates Foundation", "Ways and Means Committee": one name's head.
    if head(right) && !head(left) {
        return None;
    }
    let known = |piece: &[Word]| {
        let key = phrase_key(piece.iter().map(|word| word.text));
        NOT_ORGS.contains(key.as_str()) || gazetteer.lookup(&key).is_some()
    };
    (known(left) || known(right)).then(|| vec![left, right])
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::news::words::spaced_words as words;

    fn pieces(text: &str) -> Option<Vec<String>> {
        let gazetteer = Gazetteer::builtin();
        let words = words(text);
        split_list(&words, &gazetteer).map(|pieces| {
            pieces
                .iter()
                .map(|piece| {
                    let texts: Vec<&str> = piece.iter().map(|word| word.text).collect();
                    texts.join(" ")
                })
                .collect()
        })
    }

    #[test]
    fn a_list_of_names_is_split_at_semicolons_and_a_known_and() {
        assert_eq!(
            pieces("Radio North ; Radio South ; Office of Harbour Broadcasting"),
            Some(vec![
                "Radio North".to_string(),
                "Radio South".to_string(),
                "Office of Harbour Broadcasting".to_string()
            ])
        );
        assert_eq!(
            pieces("Medicare and Social Security"),
            Some(vec!["Medicare".to_string(), "Social Security".to_string()])
        );
        assert_eq!(
            pieces("NATO and Harbour Watch"),
            Some(vec!["NATO".to_string(), "Harbour Watch".to_string()])
        );
    }

    #[test]
    fn an_and_inside_one_name_stays() {
        assert_eq!(pieces("Department of Health and Human Services"), None);
        assert_eq!(pieces("Bill and Melinda Gates Foundation"), None);
        assert_eq!(pieces("House Ways and Means Committee"), None);
        assert_eq!(pieces("Marks and Spencer"), None);
    }
}
