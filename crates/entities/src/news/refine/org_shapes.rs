//! Shapes of organisation spans that hold more or less than the organisation: a place's people
//! ("Londoners", "Rhode Islanders"), a person's name before "of" ("Carlson of Fox News"), a
//! place after "in" ("Doane University in Crete"), a poll after its pollster ("Quinnipiac
//! University Poll"), a headline run into a known name ("Twitter The White House").

use super::super::lexicon::ORG_HEADS;
use super::super::Word;
use crate::canonical::TITLE_WORDS;
use crate::gazetteer::{phrase_key, Gazetteer, Known};

/// Whether a span is only titles ("Retired Adm", "Rear Admiral"): a person's, no
/// organisation.
pub(super) fn only_titles(words: &[Word]) -> bool {
    words.iter().all(|word| TITLE_WORDS.contains(word.text))
}

/// Names of programmes, policies and diseases a headline or a list runs into the name of a
/// body after them ("Obamacare Senate vote", "Brexit Party" is known whole).
const PROGRAMMES: [&str; 12] = [
    "Obamacare",
    "ObamaCare",
    "Medicare",
    "Medicaid",
    "Brexit",
    "DACA",
    "COVID",
    "Covid",
    "Coronavirus",
    "Ebola",
    "Zika",
    "GDP",
];

/// The span without a leading name of a programme, a policy or a disease, which is no
/// organisation ("Obamacare Senate" → "Senate").
pub(super) fn without_leading_non_organisation<'a, 'w>(words: &'a [Word<'w>]) -> &'a [Word<'w>] {
    match words {
        [first, rest @ ..]
            if PROGRAMMES.contains(&first.text)
                && rest
                    .first()
                    .is_some_and(|next| next.text.starts_with(|c: char| c.is_uppercase())) =>
        {
            rest
        }
        _ => words,
    }
}

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

/// Last words that name what an organisation runs, not the organisation, after a head word
/// ("Quinnipiac University Poll", "International Longshoremen's Association Office").
const RUN_BY_THE_HEAD: [&str; 4] = ["Poll", "Polls", "Survey", "Office"];

/// The span without a poll or an office after the organisation's head word.
pub(super) fn without_what_the_head_runs<'a, 'w>(words: &'a [Word<'w>]) -> &'a [Word<'w>] {
    match words {
        [.., head, last]
            if ORG_HEADS.contains(head.text) && RUN_BY_THE_HEAD.contains(&last.text) =>
        {
            &words[..words.len() - 1]
        }
        _ => words,
    }
}

/// The known organisation from a "The" inside the span on, where a headline or a widget ran
/// into its name ("Twitter The White House", "... Of Pandemic The Centers for Disease Control
/// and Prevention").
pub(super) fn known_from_inner_the<'a, 'w>(
    words: &'a [Word<'w>],
    gazetteer: &Gazetteer,
) -> Option<&'a [Word<'w>]> {
    let at = words.iter().rposition(|word| word.text == "The")?;
    if at == 0 || at + 1 >= words.len() {
        return None;
    }
    let known = |from: usize| {
        let key = phrase_key(words[from..].iter().map(|word| word.text));
        matches!(gazetteer.lookup(&key), Some(Known::Org(_)))
    };
    (known(at) || known(at + 1)).then_some(&words[at..])
}
