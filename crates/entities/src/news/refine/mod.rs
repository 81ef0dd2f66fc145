//! Checks a tagged span against what real web news teaches: ordinary words are not names,
//! laws, events and titles are not organisations, a hover card repeats the name it follows.
//! The tagger learned on 1996 wire copy; scraped pages have title-case headlines, teasers and
//! widgets it never saw. Each rule trims a span or drops it; spans the gazetteers know whole are
//! left alone.

use super::lexicon::{
    EDGE_WORDS, EVENT_ENDINGS, FUNCTION_WORDS, HONORIFICS, NOT_ORGS, NOT_ORG_ENDINGS, NOT_PEOPLE,
    NOT_PERSON_ENDINGS, ORDINARY_FIRST_NAMES, ORG_HEADS, ROLE_WORDS, ROYAL_STARTS, SHIP_PREFIXES,
    STORM_WORDS,
};
use super::Word;
use crate::canonical::TITLE_WORDS;
use crate::gazetteer::{phrase_key, Gazetteer, Known};

/// Where a span stands.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Context {
    /// The gazetteers know the span whole: it is kept as it is.
    pub known_whole: bool,
    /// The sentence is a title-case headline or teaser.
    pub title_case: bool,
    /// The span starts its sentence (its first capital is no evidence of a name).
    pub sentence_start: bool,
}

/// The part of a span worth keeping as `kind` (`PER`, `ORG`, `LOC`, `MISC`), or `None`.
pub(crate) fn refine<'w>(
    kind: &str,
    words: &[Word<'w>],
    gazetteer: &Gazetteer,
    context: Context,
) -> Option<Vec<Word<'w>>> {
    if context.known_whole || words.is_empty() {
        return Some(words.to_vec());
    }
    let words = without_edge_words(kind, words);
    let words = match kind {
        "PER" | "ORG" => without_edge_words(kind, verbs::before_verb(kind, words)),
        _ => words,
    };
    if words.is_empty() || not_names::names_nothing(words) {
        return None;
    }
    match kind {
        "PER" => {
            // Inside a running sentence a capitalised ordinary word starts a name ("Rand Paul",
            // "Will Hurd", "Hope Hicks"); at a sentence's start or in a headline it proves
            // nothing.
            let capitals_count = !(context.sentence_start || context.title_case);
            refine_person(&unglued(words), gazetteer, capitals_count).map(<[Word]>::to_vec)
        }
        "ORG" => refine_org(words, gazetteer, context.title_case).map(<[Word]>::to_vec),
        _ => Some(words.to_vec()),
    }
}

/// The span without closed-class words at its edges ("Maybe Congress" → "Congress", "AP Among"
/// → "AP"). An organisation keeps a leading "The" ("The Hill"); its canonical form drops it
/// later where the gazetteers do not know the name with it.
fn without_edge_words<'a, 'w>(kind: &str, words: &'a [Word<'w>]) -> &'a [Word<'w>] {
    let edge = |word: &Word| !word.is_word() || is_edge_word(word.text);
    let mut start = 0;
    while start < words.len()
        && edge(&words[start])
        && !(kind == "ORG" && words[start].text == "The" && start + 1 < words.len())
    {
        start += 1;
    }
    let mut end = words.len();
    while end > start && edge(&words[end - 1]) {
        end -= 1;
    }
    &words[start..end]
}

/// Whether a word is one of [`EDGE_WORDS`].
pub(crate) fn is_edge_word(text: &str) -> bool {
    text.len() <= 10
        && text.starts_with(|c: char| c.is_ascii_uppercase())
        && EDGE_WORDS.contains(text)
}

/// The words up to a token that glues two words together ("AlexanderWhite" in "Lamar
/// AlexanderWhite House", where a page ran a hover card into the next word), with that token
/// cut to its first word.
fn unglued<'w>(words: &[Word<'w>]) -> Vec<Word<'w>> {
    let mut kept = Vec::with_capacity(words.len());
    for word in words {
        match glue_point(word.text) {
            Some(at) => {
                kept.push(Word {
                    text: &word.text[..at],
                    start: word.start,
                    end: word.start + at,
                });
                break;
            }
            None => kept.push(*word),
        }
    }
    kept
}

/// Where a token made of two capitalised words glued together splits: a capital after at
/// least four lower-case letters, followed by two more ("SchumerHow"); not "McConnell",
/// "DeSantis" or "MacArthur".
fn glue_point(token: &str) -> Option<usize> {
    let bytes = token.as_bytes();
    if bytes.len() < 7 || !bytes[0].is_ascii_uppercase() {
        return None;
    }
    let mut lower_run = 0;
    for (at, byte) in bytes.iter().enumerate().skip(1) {
        if byte.is_ascii_lowercase() {
            lower_run += 1;
        } else if byte.is_ascii_uppercase()
            && lower_run >= 4
            && bytes[at + 1..].iter().take(2).all(u8::is_ascii_lowercase)
            && bytes.len() - at >= 3
        {
            return Some(at);
        } else {
            return None;
        }
    }
    None
}

/// Whether a word is an ordinary word of the language (mostly written in lower case).
fn is_common(word: &Word, gazetteer: &Gazetteer) -> bool {
    gazetteer.is_common_word(word.text)
}

fn is_lower(word: &Word) -> bool {
    word.text.chars().next().is_some_and(char::is_lowercase)
}

fn refine_person<'a, 'w>(
    words: &'a [Word<'w>],
    gazetteer: &Gazetteer,
    capitals_count: bool,
) -> Option<&'a [Word<'w>]> {
    let first_name = |word: &Word| gazetteer.first_names.contains(word.text);
    // Roles and ordinary words before the name ("Singer Jenifer", "Counsel Mueller"), verbs and
    // lower-case words after it ("Baker has", "Paul Ryan Reportedly").
    let mut start = 0;
    let name_follows = |at: usize| {
        capitals_count
            && ORDINARY_FIRST_NAMES.contains(words[at].text)
            && words.len() - at == 2
            && !is_common(&words[at + 1], gazetteer)
            && !is_lower(&words[at + 1])
    };
    while start < words.len()
        && ((is_common(&words[start], gazetteer) && !name_follows(start))
            || is_lower(&words[start])
            || TITLE_WORDS.contains(words[start].text))
    {
        start += 1;
    }
    let mut end = words.len();
    // A title after the name belongs to the next one ("Love Gov" of "Mia Love Gov. Herbert").
    while end > start + 1 && TITLE_WORDS.contains(words[end - 1].text) {
        end -= 1;
    }
    // A trailing ordinary word after a first name is a surname ("Neil Young").
    while end > start + 1
        && (is_common(&words[end - 1], gazetteer) || is_lower(&words[end - 1]))
        && !(end - 2 == start && first_name(&words[start]) && !is_lower(&words[end - 1]))
    {
        end -= 1;
    }
    let words = cut_hover_card(&words[start..end]);
    // "Clinton Foundation", "Trump Administration": an organisation named after a person;
    // "Silver Spring", "Pearl Harbor", "Johnson Amendment": a place, an event or a law.
    if words.len() > 1
        && words.last().is_some_and(|word| {
            ORG_HEADS.contains(word.text) || NOT_PERSON_ENDINGS.contains(word.text)
        })
    {
        return None;
    }
    let joined: Vec<&str> = words.iter().map(|word| word.text).collect();
    if NOT_PEOPLE.contains(joined.join(" ").as_str()) {
        return None;
    }
    // "Sony Ericsson", "Goldman Sachs": a name led by a known organisation's.
    if let [first, _, ..] = words {
        if !first_name(first) && matches!(gazetteer.lookup(first.text), Some(Known::Org(_))) {
            return None;
        }
    }
    match words {
        [] => None,
        [single] if NOT_PEOPLE.contains(single.text) || NOT_ORGS.contains(single.text) => None,
        [single]
            if is_common(single, gazetteer)
                || gazetteer.is_ordinary_alone(single.text)
                || is_all_caps_word(single) =>
        {
            None
        }
        [first, ..] if STORM_WORDS.contains(first.text) => None,
        [first, ..] => {
            // A run holding ordinary words is a headline or a teaser ("Are Split", "Such Fear",
            // "Minute Hates"), unless it starts with a first name ("Neil Young").
            let ordinary = words
                .iter()
                .any(|word| is_common(word, gazetteer) && !first_name(word));
            let name_with_ordinary_first_word = capitals_count
                && ORDINARY_FIRST_NAMES.contains(first.text)
                && words.len() == 2
                && !is_common(&words[1], gazetteer)
                && !is_lower(&words[1]);
            (!ordinary || first_name(first) || name_with_ordinary_first_word).then_some(words)
        }
    }
}

/// Whether a span is made of place names the gazetteers know (a country's or not: "New
/// Mexico"), repeated or with labels
/// (all-capital words, "Gov", "In") between them, and at least one place.
fn only_places(words: &[Word], gazetteer: &Gazetteer) -> bool {
    // Such a list repeats a word ("Alabama Alabama"); most spans repeat none and are let go
    // without a lookup.
    let repeats = words
        .iter()
        .enumerate()
        .any(|(at, word)| words[at + 1..].iter().any(|later| later.text == word.text));
    if !repeats {
        return false;
    }
    let mut places = 0;
    let mut at = 0;
    'words: while at < words.len() {
        let word = &words[at];
        if is_all_caps_word(word) || matches!(word.text, "Gov" | "In" | "Gov.") {
            at += 1;
            continue;
        }
        // The longest place of up to three words starting here ("New Mexico").
        for length in (1..=3.min(words.len() - at)).rev() {
            let key = phrase_key(words[at..at + length].iter().map(|word| word.text));
            if gazetteer.is_place_phrase(&key) {
                places += 1;
                at += length;
                continue 'words;
            }
        }
        return false;
    }
    places > 1
}

fn is_all_caps_word(word: &Word) -> bool {
    word.text.chars().count() > 2 && !word.text.chars().any(char::is_lowercase)
}

/// The name a hover card follows: news sites show "Mitch McConnell Addison (Mitch) Mitchell
/// McConnell" or "Luther Strange Luther Johnson Strange", which a tagger reads as one span.
/// When a word of the span comes again later in it, the name ends at its first occurrence.
fn cut_hover_card<'a, 'w>(words: &'a [Word<'w>]) -> &'a [Word<'w>] {
    if words.len() < 3 {
        return words;
    }
    let name_words: Vec<usize> = (0..words.len()).filter(|&i| words[i].is_word()).collect();
    for (position, &at) in name_words.iter().enumerate().skip(1) {
        let repeats = name_words[position + 1..]
            .iter()
            .any(|&later| words[later].text == words[at].text);
        let first_repeats = name_words[position + 1..]
            .iter()
            .any(|&later| words[later].text == words[name_words[0]].text);
        if repeats || (position == 1 && first_repeats) {
            return &words[..=at];
        }
    }
    words
}

/// Whether an organisation-like name ends in a word that makes it a law, a programme or an
/// event ("U.S. Constitution", "Affordable Care Act", "Santa Fe High School Shooting"); a head
/// word keeps a name an organisation ("University of Texas School of Law").
pub(crate) fn names_no_organisation(words: &[Word]) -> bool {
    let Some(last) = words.last() else {
        return false;
    };
    EVENT_ENDINGS.contains(last.text)
        || (NOT_ORG_ENDINGS.contains(last.text)
            && !words.iter().any(|word| ORG_HEADS.contains(word.text)))
}

fn refine_org<'a, 'w>(
    words: &'a [Word<'w>],
    gazetteer: &Gazetteer,
    title_case: bool,
) -> Option<&'a [Word<'w>]> {
    let head = |word: &Word| ORG_HEADS.contains(word.text);
    let acronym = |word: &Word| {
        let letters = word.text.chars().filter(|c| c.is_alphabetic()).count();
        (2..=5).contains(&letters)
            && !word.text.chars().any(char::is_lowercase)
            && !is_common(word, gazetteer)
    };
    let edge = |word: &Word| {
        !head(word)
            && (is_lower(word)
                || !word.is_word()
                || ROLE_WORDS.contains(word.text)
                || (title_case || is_all_caps_word(word)) && is_common(word, gazetteer))
    };
    // "Londoners", "Rhode Islanders": the people of a place.
    if org_shapes::names_inhabitants(words, gazetteer) {
        return None;
    }
    if let Some(organisation) = org_shapes::organisation_after_of(words, gazetteer) {
        return Some(organisation);
    }
    if let Some(organisation) = org_shapes::known_from_inner_the(words, gazetteer) {
        return Some(organisation);
    }
    let words = org_shapes::without_what_the_head_runs(org_shapes::without_place_after_head(
        org_shapes::without_leading_non_organisation(words),
    ));
    if org_shapes::only_titles(words) {
        return None;
    }
    // A name with a head word or led by an acronym is taken whole ("Federal Bureau of
    // Investigation", "BBC Radio 5 Live").
    if names_no_organisation(words) {
        return None;
    }
    let (mut start, mut end) = (0, words.len());
    let whole = words.iter().any(head) || (!title_case && words.first().is_some_and(acronym));
    if !whole {
        while start < words.len() && edge(&words[start]) {
            start += 1;
        }
        while end > start && (edge(&words[end - 1]) || is_common(&words[end - 1], gazetteer)) {
            end -= 1;
        }
    } else if !words.iter().any(head) {
        // Led by an acronym: ordinary words after it are no part of it ("NATO Leaders").
        while end > start + 1 && is_common(&words[end - 1], gazetteer) {
            end -= 1;
        }
    }
    let words = &words[start..end];
    let first = words.first()?;
    let surface: Vec<&str> = words.iter().map(|word| word.text).collect();
    // "Mr Trump", "Sen McConnell": a person with a title, not an organisation.
    if NOT_ORGS.contains(surface.join(" ").as_str())
        || SHIP_PREFIXES.contains(first.text)
        || (words.len() > 1 && HONORIFICS.contains(first.text))
    {
        return None;
    }
    if names_no_organisation(words) {
        return None;
    }
    // "Emperor of Morocco", "Queen and Prince of Wales": a ruler or an honour.
    if ROYAL_STARTS.contains(first.text) && !words.iter().any(head) {
        return None;
    }
    // "Alabama Alabama", "New Mexico New Mexico Gov", "DEMOCRAT California California": places
    // (and labels) a campaign page lists, no organisation.
    if only_places(words, gazetteer) {
        return None;
    }
    if whole {
        return Some(words);
    }
    let ordinary: Vec<bool> = words
        .iter()
        .filter(|word| !FUNCTION_WORDS.contains(word.text))
        .map(|word| is_common(word, gazetteer))
        .collect();
    // In a headline or teaser, an ordinary word marks a slogan ("Warren Proposes Universal Child
    // Care Plan Funded"); in running text, capitals make a name of ordinary words ("Doctors
    // Without Borders"), but one ordinary word alone is none.
    let slogan = if title_case {
        ordinary.iter().any(|&o| o)
    } else {
        ordinary.iter().all(|&o| o) && ordinary.len() == 1
    };
    let ordinary_alone = words.len() == 1 && gazetteer.is_ordinary_alone(first.text);
    if slogan || ordinary_alone || (words.len() == 1 && is_lower(first)) {
        return None;
    }
    Some(words)
}

mod not_names;
mod org_shapes;
mod verbs;

#[cfg(test)]
mod tests;
