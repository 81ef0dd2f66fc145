//! Organisation spans the tagger cut short, extended over the words it left out: left over
//! capitalised and joining words before a head word ("House" + "Ways and" + "Means Committee"),
//! right over "of", "for" and "on" and the capitalised words after them ("Commission" + "on
//! Civil Rights").

use super::lexicon::ORG_HEADS;
use super::refine::is_edge_word;
use super::Word;
use crate::canonical::TITLE_WORDS;
use crate::gazetteer::Gazetteer;

/// Organisation spans ending in a head word, extended left over the capitalised words,
/// joining words and hyphenated words the tagger left out ("House" + "Ways and" + "Means
/// Committee" → "House Ways and Means Committee"; "European Low-fare" + "Airlines
/// Association"); spans the extension covers are dropped.
pub(crate) fn extend_organisations(
    sentence: &[Word],
    spans: Vec<(&'static str, usize, usize)>,
    gazetteer: &Gazetteer,
) -> Vec<(&'static str, usize, usize)> {
    let tagged_org = |index: usize| {
        spans
            .iter()
            .any(|&(kind, start, end)| kind == "ORG" && (start..end).contains(&index))
    };
    let mut extended: Vec<(&'static str, usize, usize)> = Vec::with_capacity(spans.len());
    for &(kind, start, end) in &spans {
        // One name before capitalised words ending in a place's head word is that place's
        // name ("Saugus" + "High School"); "Trump Administration" stays a person's.
        let kind = if kind == "PER"
            && end - start == 1
            && head_follows(sentence, end)
                .is_some_and(|at| PLACE_HEADS.contains(&sentence[at].text))
        {
            "ORG"
        } else {
            kind
        };
        let mut new_start = start;
        if kind == "ORG" && ORG_HEADS.contains(sentence[end - 1].text) {
            while new_start > 0 {
                let previous = &sentence[new_start - 1];
                let capitalised = previous.text.chars().next().is_some_and(char::is_uppercase);
                let joining = matches!(previous.text, "and" | "of" | "&" | "for");
                // "Low-fare" of "European Low-fare Airlines Association": a hyphenated word
                // that starts with a capital.
                let hyphenated = in_capitalised_compound(sentence, new_start - 1);
                let allowed = (capitalised && (new_start - 1 > 0 || tagged_org(new_start - 1)))
                    || joining
                    || hyphenated;
                if !allowed || TITLE_WORDS.contains(previous.text) {
                    break;
                }
                new_start -= 1;
            }
            // Never start on a joining word.
            while new_start < start
                && matches!(sentence[new_start].text, "and" | "of" | "&" | "for")
            {
                new_start += 1;
            }
        }
        let new_end = if kind == "ORG" {
            extended_right(sentence, end, gazetteer)
        } else {
            end
        };
        if extended
            .last()
            .is_some_and(|&(_, _, kept_end)| kept_end >= new_end && kept_end > start)
        {
            continue; // inside the span the last one was extended over
        }
        extended.retain(|&(_, kept_start, kept_end)| kept_start < new_start || kept_end > new_end);
        extended.push((kind, new_start, new_end));
    }
    extended
}

/// Whether the token at `at` is a hyphen or the word after one inside a word that starts with a
/// capital ("-" and "fare" of "Low-fare"): the hyphen touches the words on both sides, and the
/// word is part of a name, not a description ("GOP-controlled").
fn in_capitalised_compound(sentence: &[Word], at: usize) -> bool {
    let hyphen_at = |hyphen: usize| {
        hyphen > 0
            && sentence.get(hyphen).is_some_and(|word| word.text == "-")
            && sentence.get(hyphen + 1).is_some_and(|next| {
                let (before, word) = (&sentence[hyphen - 1], &sentence[hyphen]);
                before.end == word.start
                    && word.end == next.start
                    && before.text.chars().next().is_some_and(char::is_uppercase)
            })
    };
    let word_after_hyphen = |hyphen: usize| {
        sentence
            .get(hyphen + 1)
            .is_some_and(|word| !describes_the_name(word.text))
    };
    (hyphen_at(at) && word_after_hyphen(at))
        || (at > 0 && hyphen_at(at - 1) && word_after_hyphen(at - 1))
}

/// Whether the lower-case end of a hyphenated word makes it describe the name after it rather
/// than start it ("GOP-controlled Congress", "Saudi-led coalition", "state-run").
fn describes_the_name(after_hyphen: &str) -> bool {
    after_hyphen.ends_with("ed")
        || matches!(
            after_hyphen,
            "run" | "born" | "built" | "made" | "held" | "wide"
        )
}

/// Where an organisation's name ending at `end` really ends: over the capitalised words up to a
/// head word when it ends in none ("Columbine" + "High School"), then over "of", "for", "on" and
/// "the" and the capitalised words after them ("Commission" + "on Civil Rights",
/// "Organisation" + "for the Prohibition of Chemical Weapons"), not over a date ("Commission on
/// Monday").
fn extended_right(sentence: &[Word], end: usize, gazetteer: &Gazetteer) -> usize {
    if !ORG_HEADS.contains(sentence[end - 1].text) {
        // A name cut before the capitalised words that end in its head ("Columbine" + "High
        // School", "Senate" + "Judiciary Committee").
        return match head_follows(sentence, end) {
            Some(head) => extended_right(sentence, head + 1, gazetteer),
            None => end,
        };
    }
    let capitalised = |word: &Word| {
        word.text.chars().next().is_some_and(char::is_uppercase)
            && !CALENDAR_WORDS.contains(&word.text)
            && !is_edge_word(word.text)
    };
    let mut new_end = end;
    let mut at = end;
    while let Some(word) = sentence.get(at) {
        let mut next = at;
        if matches!(word.text, "of" | "for" | "on") {
            next += 1;
            if sentence.get(next).is_some_and(|word| word.text == "the") {
                next += 1;
            }
        } else if at == end {
            break; // the name goes on only after a joining word
        }
        let first_capitalised = next;
        while sentence.get(next).is_some_and(capitalised) {
            next += 1;
        }
        // "Congress on Russian interference": a lone place word or demonym is no part of it.
        let lone_place = next == first_capitalised + 1
            && gazetteer
                .country_of(sentence[first_capitalised].text)
                .is_some();
        if next == first_capitalised || lone_place {
            break;
        }
        new_end = next;
        at = next;
    }
    new_end
}

/// Where the head word is that ends the capitalised words right after `end`, within
/// [`MOST_WORDS_BEFORE_A_HEAD`] words ("School" of "High School" after "Columbine").
fn head_follows(sentence: &[Word], end: usize) -> Option<usize> {
    sentence[end..]
        .iter()
        .take(MOST_WORDS_BEFORE_A_HEAD)
        .take_while(|word| {
            word.text.chars().next().is_some_and(char::is_uppercase)
                && !CALENDAR_WORDS.contains(&word.text)
                && !is_edge_word(word.text)
                && !TITLE_WORDS.contains(word.text)
        })
        .position(|word| ORG_HEADS.contains(word.text))
        .map(|at| end + at)
}

/// Head words of institutions that are places too, often named after a town or a person
/// ("Saugus High School", "Salem Baptist Church").
const PLACE_HEADS: [&str; 6] = [
    "School",
    "College",
    "University",
    "Church",
    "Center",
    "Centre",
];

/// Most capitalised words between a name the tagger cut short and the head word that ends it.
const MOST_WORDS_BEFORE_A_HEAD: usize = 3;

/// Days and months: a capitalised word after an organisation's name that is no part of it.
const CALENDAR_WORDS: [&str; 19] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
    "January",
    "February",
    "March",
    "April",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
    "Sept",
];
