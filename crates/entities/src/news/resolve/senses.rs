//! Where the words around a name say it is used as no organisation: a seat named as a place
//! ("sat in the White House"), a wire credit ("(CNN) —"), a name inside a longer phrase that
//! is no organisation ("Air Force One", "Treasury bonds").

use super::Word;
use crate::gazetteer::Gazetteer;

/// Words before a seat's name that make it the building or the office to be won, not the
/// institution speaking ("in the White House", "win the White House").
const PLACE_VERBS_AND_PREPOSITIONS: [&str; 17] = [
    "in", "at", "into", "inside", "outside", "near", "win", "wins", "won", "winning", "enter",
    "entered", "entering", "reach", "occupy", "occupied", "retake",
];

/// Whether the word before the name at byte `start` of `text` (after an optional "the") makes
/// a seat's name a place or an office to be won: "sat in the White House", "since Trump
/// entered the White House".
pub(super) fn seat_as_place(text: &str, start: usize) -> bool {
    let mut before = text[..start].split_whitespace().rev();
    let mut word = before.next().unwrap_or("");
    if word.eq_ignore_ascii_case("the") {
        word = before.next().unwrap_or("");
    }
    let word = word.trim_matches(|c: char| !c.is_alphanumeric());
    PLACE_VERBS_AND_PREPOSITIONS
        .iter()
        .any(|verb| verb.eq_ignore_ascii_case(word))
}

/// Whether `words` are a wire credit at the start of a paragraph: the outlet in parentheses
/// before a dash, after nothing but a capitalised dateline ("(CNN) —", "WASHINGTON (AP) -").
pub(super) fn is_wire_credit(text: &str, words: &[Word]) -> bool {
    let (Some(first), Some(last)) = (words.first(), words.last()) else {
        return false;
    };
    let line_start = text[..first.start].rfind('\n').map_or(0, |at| at + 1);
    let Some(head) = text[line_start..first.start].trim_end().strip_suffix('(') else {
        return false;
    };
    let dateline_only = head
        .chars()
        .all(|c| !c.is_lowercase() && (c.is_alphabetic() || " ,.'-".contains(c)));
    let after = text[last.end..].trim_start();
    dateline_only
        && after
            .strip_prefix(')')
            .is_some_and(|rest| rest.trim_start().starts_with(['-', '—', '–']))
}

/// Whether `words` are part of a longer phrase the gazetteers know as naming nothing ("Air
/// Force" of "Air Force One", "Treasury" of "Treasury bonds"); a name that is the whole phrase
/// ("Washington Post", kept from naming a place) is not.
pub(super) fn inside_nothing_phrase(gazetteer: &Gazetteer, text: &str, words: &[Word]) -> bool {
    let (Some(first), Some(last)) = (words.first(), words.last()) else {
        return false;
    };
    gazetteer
        .trap_around(text, first.start, first.end)
        .is_some_and(|(start, end)| {
            start <= first.start && end >= last.end && end - start > last.end - first.start
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_seat_after_a_preposition_or_winning_is_a_place() {
        let at = |text: &str| text.find("White House").unwrap_or(0);
        for text in [
            "the president sat in the White House, flanked by",
            "since Trump has entered the White House",
            "if they win the White House",
        ] {
            assert!(seat_as_place(text, at(text)), "{text}");
        }
        for text in [
            "The White House said on Monday",
            "contacts with the White House.",
            "with its close ties to the White House, the company",
            "a statement from the White House",
        ] {
            assert!(!seat_as_place(text, at(text)), "{text}");
        }
    }

    #[test]
    fn an_outlet_in_parentheses_before_a_dash_is_a_credit() {
        let word = |text: &'static str, word: &str| {
            let start = text.find(word).unwrap_or(0);
            Word {
                text: &text[start..start + word.len()],
                start,
                end: start + word.len(),
            }
        };
        for text in [
            "(CNN) — The storm hit",
            "Title\n\nWASHINGTON (CNN) - The storm hit",
        ] {
            assert!(is_wire_credit(text, &[word(text, "CNN")]), "{text}");
        }
        for text in [
            "He told CNN (CNN) that",
            "a poll (CNN) found",
            "The network (CNN) — which",
        ] {
            assert!(!is_wire_credit(text, &[word(text, "CNN")]), "{text}");
        }
    }
}
