//! Shapes of organisation spans that hold more or less than the organisation: a place's people
//! ("Londoners", "Rhode Islanders"), a person's name before "of" ("Carlson of Fox News"), a
//! place after "in" ("Doane University in Crete").

use super::super::lexicon::ORG_HEADS;
use super::super::Word;
use crate::gazetteer::{phrase_key, Gazetteer, Known};

/// Endings that make a place's name the name of its people, with what the place's name ends
/// with instead: "Londoners" (London), "Chicagoans" (Chicago), "Californians" (California),
/// "Texans" (Texas), "Alaskans" (Alaska).
const INHABITANT_ENDINGS: [(&str, &str); 5] = [
    ("ers", ""),
    ("ans", ""),
    ("ians", "ia"),
    ("ns", "s"),
    ("ns", ""),
];

/// Whether the span names the people of a place the gazetteers know ("Londoners", "Rhode
/// Islanders", "Texans"): a group of people, no organisation.
pub(super) fn names_inhabitants(words: &[Word], gazetteer: &Gazetteer) -> bool {
    let Some((last, before)) = words.split_last() else {
        return false;
    };
    if before.len() > 2 || !last.is_word() {
        return false;
    }
    INHABITANT_ENDINGS.iter().any(|(ending, place_ending)| {
        let Some(stem) = last.text.strip_suffix(ending) else {
            return false;
        };
        if stem.chars().count() < 3 {
            return false;
        }
        let place = format!("{stem}{place_ending}");
        let key = phrase_key(
            before
                .iter()
                .map(|word| word.text)
                .chain(std::iter::once(place.as_str())),
        );
        matches!(gazetteer.lookup(&key), Some(Known::Place(_)))
    })
}

/// The known organisation after "of" when a single name that heads nothing comes before it:
/// a person and where they work ("Carlson of Fox News" → "Fox News"); "Bank of America" and
/// "University of Texas" keep their head.
pub(super) fn organisation_after_of<'a, 'w>(
    words: &'a [Word<'w>],
    gazetteer: &Gazetteer,
) -> Option<&'a [Word<'w>]> {
    match words {
        [name, of, rest @ ..]
            if of.text == "of"
                && !rest.is_empty()
                && !ORG_HEADS.contains(name.text)
                && !gazetteer.is_common_word(name.text) =>
        {
            let key = phrase_key(rest.iter().map(|word| word.text));
            matches!(gazetteer.lookup(&key), Some(Known::Org(_))).then_some(rest)
        }
        _ => None,
    }
}

/// The span up to "in" after a head word: what follows is where the organisation is ("Doane
/// University in Crete" → "Doane University").
pub(super) fn without_place_after_head<'a, 'w>(words: &'a [Word<'w>]) -> &'a [Word<'w>] {
    let cut = words
        .windows(2)
        .position(|pair| ORG_HEADS.contains(pair[0].text) && pair[1].text == "in");
    match cut {
        Some(at) => &words[..=at],
        None => words,
    }
}
