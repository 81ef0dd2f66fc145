//! Names a page runs together: tag lists and hover cards without commas ("Lamar Alexander
//! Andrew …", "John Cornyn Dunford", "Trump Paul"), which a tagger reads as one person.

use super::Word;
use crate::canonical::{WordSet, TITLE_WORDS};
use crate::gazetteer::{Gazetteer, Known};

/// Splits person spans that are two names run together, using what the rest of the article
/// says: a span whose first words are a person the article names on its own ("Lamar Alexander")
/// ends there, and a pair of surnames of people the article names in full ("Trump Paul") is
/// two people. Other spans are left as they are.
pub(crate) fn split_run_together_names<'w>(
    parts: Vec<(&'static str, Vec<Word<'w>>)>,
    gazetteer: &Gazetteer,
) -> Vec<(&'static str, Vec<Word<'w>>)> {
    // Only a span of two words or more can be two names; most articles have none to split.
    if !parts
        .iter()
        .any(|(kind, words)| *kind == "PER" && words.len() > 1)
    {
        return parts;
    }
    let mut people: rustc_hash::FxHashMap<Vec<&str>, usize> = rustc_hash::FxHashMap::default();
    for (_, words) in parts.iter().filter(|(kind, _)| *kind == "PER") {
        *people
            .entry(words.iter().map(|word| word.text).collect())
            .or_default() += 1;
    }
    let occurrences = |name: &[&str]| people.get(name).copied().unwrap_or(0);
    let surnames: rustc_hash::FxHashSet<&str> = people
        .keys()
        .filter(|name| name.len() > 1)
        .filter_map(|name| name.last().copied())
        .collect();
    let mut split = Vec::with_capacity(parts.len());
    for (kind, words) in parts {
        if kind != "PER" || words.len() < 2 || words.iter().any(|word| !word.is_word()) {
            split.push((kind, words));
            continue;
        }
        let texts: Vec<&str> = words.iter().map(|word| word.text).collect();
        if occurrences(&texts) > 1 {
            split.push((kind, words));
            continue;
        }
        // "Lamar Alexander Andrew": the longest leading name the article names on its own.
        let leading = (2..texts.len()).rev().find(|&end| {
            occurrences(&texts[..end]) > 0
                || (occurrences(&texts[end - 1..end]) > 0 && !surnames.contains(&texts[end]))
        });
        if let Some(end) = leading {
            split.push((kind, words[..end].to_vec()));
            if words.len() - end > 1 {
                split.push((kind, words[end..].to_vec()));
            }
            continue;
        }
        // "Trump Paul": two surnames of people named in full, the first no first name.
        if let [first, second] = texts.as_slice() {
            if surnames.contains(first)
                && surnames.contains(second)
                && !gazetteer.first_names.contains(*first)
            {
                split.push((kind, words[..1].to_vec()));
                split.push((kind, words[1..].to_vec()));
                continue;
            }
        }
        split.push((kind, words));
    }
    split
}

/// Party words that follow a chamber in "Senate Democrats", "House GOP".
const PARTY_WORDS: [&str; 6] = [
    "Democrats",
    "Republicans",
    "GOP",
    "Dems",
    "Tories",
    "Labour",
];

/// The parts of an organisation span that holds more than one name, each with its kind:
/// "Jonathan Karl of ABC News" is a person of an organisation, "Doane University in Crete" an
/// organisation in a place, "Senate Democrats" a chamber and a party. Other spans come back
/// whole, with their kind.
pub(crate) fn split_organisation_span<'a, 'w>(
    kind: &'static str,
    words: &'a [Word<'w>],
    gazetteer: &Gazetteer,
) -> Vec<(&'static str, &'a [Word<'w>])> {
    if kind != "ORG" {
        return vec![(kind, words)];
    }
    if let Some(pieces) = super::joined::split_list(words, gazetteer) {
        return pieces.into_iter().map(|piece| (kind, piece)).collect();
    }
    // After any closed-class word a headline put first ("Top House Democrats").
    let core = &words[words
        .iter()
        .position(|word| !super::refine::is_edge_word(word.text))
        .unwrap_or(words.len())..];
    if let [chamber, party] = core {
        if matches!(chamber.text, "Senate" | "House") && PARTY_WORDS.contains(&party.text) {
            return vec![(kind, &core[..1]), (kind, &core[1..])];
        }
    }
    // "Trump White House", "Bush Justice Department": a known organisation after a name
    // the gazetteers do not know (a president's, the era's) is that organisation.
    if let [first, rest @ ..] = words {
        let known_rest = rest.len() > 1
            && matches!(
                gazetteer.lookup(&crate::gazetteer::phrase_key(
                    rest.iter().map(|word| word.text)
                )),
                Some(Known::Org(_))
            );
        if known_rest
            && first.text.starts_with(|c: char| c.is_uppercase())
            && !super::is_organisation_head(first.text)
            && match gazetteer.lookup(first.text) {
                Some(Known::Person(_)) => true,
                None => !gazetteer.is_common_word(first.text),
                Some(_) => false,
            }
        {
            return vec![(kind, rest)];
        }
    }
    if let Some(parts) = split_at_person_title(words, gazetteer) {
        return parts;
    }
    if is_person_name(words, gazetteer) {
        return vec![("PER", words)];
    }
    // "… in Crete": an organisation in a place the gazetteers know.
    if let Some(at) = words.iter().position(|word| word.text == "in") {
        let place: Vec<&str> = words[at + 1..].iter().map(|word| word.text).collect();
        if at > 0 && !place.is_empty() && gazetteer.country_of(&place.join(" ")).is_some() {
            return vec![(kind, &words[..at])];
        }
    }
    // "Jonathan Karl of ABC News", "Jennifer McCoy and Tahmina Rahman of Georgia State
    // University": people named before the organisation they speak for.
    if let Some(at) = words.iter().position(|word| word.text == "of") {
        let person = &words[..at];
        let people_first = person
            .first()
            .is_some_and(|word| gazetteer.first_names.contains(word.text));
        let people_end = person
            .last()
            .is_some_and(|word| !super::is_organisation_head(word.text));
        if (2..=6).contains(&person.len()) && people_first && people_end {
            let mut parts: Vec<(&'static str, &'a [Word<'w>])> = person
                .split(|word| word.text == "and")
                .filter(|name| !name.is_empty())
                .map(|name| ("PER", name))
                .collect();
            parts.push((kind, &words[at + 1..]));
            return parts;
        }
    }
    vec![(kind, words)]
}

/// Titles that stand only before a person's name, or after the place or party the person
/// is of ("Oregon Democrat", "Galveston County Sheriff"): never inside an organisation's name
/// but after "of" ("Department of Justice").
static PERSON_TITLES: WordSet = WordSet::new(&[
    "Actor",
    "Actress",
    "Col",
    "Congressman",
    "Congresswoman",
    "Democrat",
    "Dr",
    "Gov",
    "Governor",
    "Judge",
    "Justice",
    "Lt",
    "Mayor",
    "Mr",
    "Mrs",
    "Ms",
    "Newcomer",
    "Rapper",
    "Rep",
    "Representative",
    "Republican",
    "Sen",
    "Senator",
    "Sheriff",
    "Singer",
    "Sprinter",
    "Sprinters",
]);

/// An organisation span with a person's title in it ("California Governor Newsom", "Supreme
/// Court Justice", "Oregon Democrat", "Newcomer Ciara"): the name after the title is a person,
/// and what comes before it an organisation only when it reads as one ("Supreme Court"); a
/// place there ("California") is handed on as a place. `None` when the span has no such title.
fn split_at_person_title<'a, 'w>(
    words: &'a [Word<'w>],
    gazetteer: &Gazetteer,
) -> Option<Vec<(&'static str, &'a [Word<'w>])>> {
    let at = words
        .iter()
        .position(|word| PERSON_TITLES.contains(word.text))?;
    let capitalised = |word: &Word| word.text.starts_with(|c: char| c.is_uppercase());
    // The title's abbreviation dot is no part of the name ("Sen. Rand Paul").
    let after = match &words[at + 1..] {
        [dot, rest @ ..] if dot.text == "." => rest,
        rest => rest,
    };
    let person = (1..=4).contains(&after.len())
        && after.iter().all(|word| capitalised(word) && word.is_word())
        && !after
            .iter()
            .any(|word| super::is_organisation_head(word.text));
    // "Department of Justice", "Justice Department": the title word is part of the name.
    if !person && (!after.is_empty() || at == 0) {
        return None;
    }
    if at > 0 && !capitalised(&words[at - 1]) {
        return None;
    }
    let mut before = &words[..at];
    while let [rest @ .., last] = before {
        if !TITLE_WORDS.contains(last.text) && last.is_word() {
            break;
        }
        before = rest;
    }
    let mut parts = Vec::with_capacity(2);
    if !before.is_empty() {
        let last = before[before.len() - 1].text;
        let organisation = super::is_organisation_head(last)
            || matches!(
                gazetteer.lookup(&crate::gazetteer::phrase_key(
                    before.iter().map(|word| word.text)
                )),
                Some(Known::Org(_))
            );
        parts.push((if organisation { "ORG" } else { "MISC" }, before));
    }
    if person {
        parts.push(("PER", after));
    }
    Some(parts)
}

/// Whether an organisation span is a person's name: a first name and a surname that is no
/// ordinary word or organisation word ("Meryl Streep"; not "Harris Poll", "Ford Motor").
fn is_person_name(words: &[Word], gazetteer: &Gazetteer) -> bool {
    let [first, surname] = words else {
        return false;
    };
    gazetteer.first_names.contains(first.text)
        && !gazetteer.is_common_word(first.text)
        && surname.text.starts_with(|c: char| c.is_uppercase())
        && surname.text.chars().skip(1).all(char::is_lowercase)
        && !gazetteer.is_common_word(surname.text)
        && !super::is_organisation_head(surname.text)
        && gazetteer.lookup(surname.text).is_none()
}

#[cfg(test)]
mod tests;
