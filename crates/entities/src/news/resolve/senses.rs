//! Where the words around a name say it is used as no organisation: a seat named as a place
//! ("sat in the White House"), a wire credit ("(CNN) —"), a name inside a longer phrase that
//! is no organisation ("Air Force One", "Treasury bonds").

use super::Word;
use crate::gazetteer::{Gazetteer, Known};

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

/// Whether `words` are a credit: the outlet in parentheses before a dash at the start of a
/// paragraph, after nothing but a capitalised dateline ("(CNN) —", "WASHINGTON (AP) -"; with
/// nothing before it, no dash is needed: "(CNN)The"), or
/// the agency after a slash that ends a photo credit's line ("AP Photo/Reuters", "HCSO/via
/// Reuters"; not "a Washington Post/ABC News poll").
pub(super) fn is_wire_credit(text: &str, words: &[Word]) -> bool {
    let (Some(first), Some(last)) = (words.first(), words.last()) else {
        return false;
    };
    let before = &text[..first.start];
    let line_ends = text[last.end..]
        .trim_start_matches([' ', '\t'])
        .chars()
        .next()
        .is_none_or(|c| c == '\n');
    if (before.ends_with('/') || before.ends_with("/via ")) && line_ends {
        return true;
    }
    let line_start = text[..first.start].rfind('\n').map_or(0, |at| at + 1);
    let Some(head) = text[line_start..first.start].trim_end().strip_suffix('(') else {
        return false;
    };
    let dateline_only = head
        .chars()
        .all(|c| !c.is_lowercase() && (c.is_alphabetic() || " ,.'-".contains(c)));
    let after = text[last.end..].trim_start();
    // "(CNN)The storm hit", "(CNN) The storm hit": at a paragraph's start, no dash needed.
    let paragraph_start = head.trim().is_empty();
    dateline_only
        && after.strip_prefix(')').is_some_and(|rest| {
            let rest = rest.trim_start_matches(' ');
            rest.starts_with(['-', '—', '–'])
                || (paragraph_start && rest.starts_with(|c: char| c.is_uppercase()))
        })
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

/// Whether the place ending at byte `end` of `text` is followed by ", " and a region (a state,
/// a province) of another country ("Manchester, New Hampshire", "Cambridge, Mass."): a town
/// named after another, which the region locates. A list of places ("Tel Aviv, Chicago and
/// Athens", "Iran, Libya") is no such thing.
pub(super) fn located_in_other_country(
    gazetteer: &Gazetteer,
    text: &str,
    end: usize,
    country: u32,
) -> bool {
    let Some(rest) = text[end..].strip_prefix(',') else {
        return false;
    };
    let words: Vec<&str> = rest
        .split_whitespace()
        .take(3)
        .map(|word| word.trim_end_matches([',', ';', ':', ')']))
        .collect();
    (1..=words.len()).rev().any(|count| {
        let words = &words[..count];
        let phrase = words.join(" ");
        [phrase.as_str(), phrase.trim_end_matches('.')]
            .iter()
            .any(|key| match gazetteer.lookup(key) {
                Some(Known::Place(other)) => other != country && gazetteer.regions.contains(*key),
                _ => false,
            })
    })
}

/// Words after a nation's adjective that make it a language ("the English version", "French
/// subtitles").
const LANGUAGE_NOUNS: [&str; 10] = [
    "version",
    "versions",
    "translation",
    "language",
    "subtitles",
    "speaker",
    "speakers",
    "accent",
    "dub",
    "dubbed",
];

/// Whether a place word ending at byte `end` of `text` names a language or a group of another
/// country rather than the country: "the English version", "Japanese-Americans".
pub(super) fn language_or_group(text: &str, end: usize) -> bool {
    let rest = &text[end..];
    if rest.starts_with("-American") || rest.starts_with("-speaking") {
        return true;
    }
    let next = rest
        .split_whitespace()
        .next()
        .unwrap_or("")
        .trim_end_matches(|c: char| !c.is_alphabetic());
    rest.starts_with(char::is_whitespace) && LANGUAGE_NOUNS.contains(&next)
}

/// Whether a person's name is a photo credit: glued by a slash to the agency or the outlet
/// ("Jane Doe/Reuters", "AP Photo/Jane Doe", "(Jane Doe/Daily Courier file photo)").
pub(super) fn is_photo_credit(text: &str, words: &[Word]) -> bool {
    let (Some(first), Some(last)) = (words.first(), words.last()) else {
        return false;
    };
    let agency_after = text[last.end..]
        .strip_prefix('/')
        .is_some_and(|rest| rest.starts_with(|c: char| c.is_uppercase()));
    let agency_before = text[..first.start]
        .strip_suffix('/')
        .is_some_and(|before| before.ends_with(|c: char| c.is_alphanumeric()));
    agency_after || agency_before
}

/// Whether a one-word name is the plural of the surname of someone the article names in
/// full ("the Obamas" beside "Michelle Obama"): a family, no organisation.
pub(super) fn family_of<V>(words: &[Word], surnames: &rustc_hash::FxHashMap<String, V>) -> bool {
    match words {
        [single] => single
            .text
            .strip_suffix('s')
            .is_some_and(|surname| surnames.contains_key(surname)),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_plural_of_a_known_surname_is_a_family() {
        let mut surnames = rustc_hash::FxHashMap::default();
        surnames.insert("Hollis".to_string(), "Jane Hollis".to_string());
        surnames.insert("Baker".to_string(), "Tom Baker".to_string());
        let word = |text: &'static str| Word {
            text,
            start: 0,
            end: text.len(),
        };
        assert!(family_of(&[word("Bakers")], &surnames));
        assert!(!family_of(&[word("Hollis")], &surnames));
        assert!(!family_of(&[word("Smiths")], &surnames));
    }

    #[test]
    fn a_name_glued_to_an_agency_by_a_slash_is_a_photo_credit() {
        let name = |text: &'static str, name: &str| {
            let start = text.find(name).unwrap_or(0);
            let middle = start + name.find(' ').unwrap_or(0);
            vec![
                Word {
                    text: &text[start..middle],
                    start,
                    end: middle,
                },
                Word {
                    text: &text[middle + 1..start + name.len()],
                    start: middle + 1,
                    end: start + name.len(),
                },
            ]
        };
        for text in [
            "(Ann Cole/Daily Courier file photo)",
            "Ann Cole/AP",
            "AP Photo/Ann Cole",
        ] {
            assert!(is_photo_credit(text, &name(text, "Ann Cole")), "{text}");
        }
        for text in ["Ann Cole said / and left", "in 2/ Ann Cole wrote"] {
            assert!(!is_photo_credit(text, &name(text, "Ann Cole")), "{text}");
        }
    }

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
    fn a_town_named_after_another_is_where_the_comma_says() {
        let gazetteer = Gazetteer::builtin();
        let country_of = |name: &str| match gazetteer.lookup(name) {
            Some(Known::Place(country)) => country,
            _ => panic!("{name} is a place"),
        };
        let uk = country_of("Manchester");
        for text in [
            "a crowd in Manchester, New Hampshire in June",
            "Cambridge, Massachusetts, is home to",
        ] {
            let end = text.find(',').unwrap_or(0);
            assert!(
                located_in_other_country(&gazetteer, text, end, uk),
                "{text}"
            );
        }
        for text in [
            "in Manchester, where it rained",
            "Manchester, England, and",
            "Manchester, France and Spain",
            "in Tel Aviv, Chicago and Athens",
        ] {
            let end = text.find(',').unwrap_or(0);
            assert!(
                !located_in_other_country(&gazetteer, text, end, uk),
                "{text}"
            );
        }
    }

    #[test]
    fn a_nations_adjective_before_version_or_american_is_no_country() {
        let after = |text: &str, word: &str| text.find(word).unwrap_or(0) + word.len();
        for (text, word) in [
            (
                "will consider the English version of the decision.",
                "English",
            ),
            (
                "the internment of Japanese-Americans during the war",
                "Japanese",
            ),
            ("with French subtitles.", "French"),
        ] {
            assert!(language_or_group(text, after(text, word)), "{text}");
        }
        for (text, word) in [
            ("English fans travelled", "English"),
            ("the French versioning system", "French"),
            ("French troops", "French"),
        ] {
            assert!(!language_or_group(text, after(text, word)), "{text}");
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
            "the suspect in court.\nHCSO/via CNN\nStudents said",
            "Evan Vucci/CNN",
            "Title\n\n(CNN)The storm hit",
            "Title\n(CNN) The storm hit",
        ] {
            assert!(is_wire_credit(text, &[word(text, "CNN")]), "{text}");
        }
        for text in [
            "He told CNN (CNN) that",
            "a poll (CNN) found",
            "a poll (CNN) Later",
            "The network (CNN) — which",
            "a report via CNN said",
            "a new Washington Post/CNN poll found",
        ] {
            assert!(!is_wire_credit(text, &[word(text, "CNN")]), "{text}");
        }
    }
}
