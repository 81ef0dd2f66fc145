//! Builds the registry from what the whole index holds: how many articles name each raw value.
//!
//! Rules, in order, for people and organisations (countries come from the gazetteer already):
//! 1. a value that is an ordinary word ("Well", "Media"), a place ("Denver") or a title that
//!    articles call a work ("the film Vera Drake", in two articles and a tenth of those naming
//!    it) is no person or organisation, and a "person" ending in an organisation's head word
//!    ("Clinton Foundation") is no person;
//! 2. spellings that differ only in accents, case, dots, hyphens, a "Jr." or a short first name
//!    ("Chris" for "Christopher"), or for organisations in spaces ("FoxNews"), are one value,
//!    the most frequent spelling;
//! 3. a person's single name ("Hillary", "Sanders") joins the full name that holds at least
//!    80% of the articles of all full names it could be (first or last word); when none does,
//!    or it is a first name no full name explains, it is no value;
//! 4. an organisation value that is a person's surname by rule 3 ("McConnell") is no
//!    organisation;
//! 5. a value both kinds hold stays in the kind that names it in more articles; a person
//!    loses the value only to more articles writing it as an organisation in the case and
//!    spacing of a name (not "JANE DOE" or "JaneDoe"), a tie keeps both.

use std::collections::HashMap;
use std::path::Path;

use newsroom_entities::{is_organisation_head, name_key, Gazetteer};

use super::{column_values, file, NameRegistry, REGISTRY_FILE};
use crate::{open_existing, IndexError};

/// The column of names articles call works.
const WORK_FIELD: &str = crate::schema::field_names::WORK;
/// Share of a single name's candidate articles one full name needs to take it.
const DOMINANT_SHARE: f64 = 0.8;
/// Name suffixes that do not make another person.
const SUFFIXES: [&str; 6] = ["jr", "sr", "ii", "iii", "iv", "jnr"];

/// What building the registry decided.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RegistrySummary {
    /// Raw values counted under another spelling or a full name.
    pub merged: u64,
    /// Raw values that count as no value of their kind.
    pub dropped: u64,
    /// Distinct raw values looked at.
    pub values: u64,
}

/// Builds the registry of the index in `dir` and writes it to [`REGISTRY_FILE`].
pub fn build_registry(dir: &Path, gazetteer: &Gazetteer) -> Result<RegistrySummary, IndexError> {
    let (index, _) = open_existing(dir)?;
    let searcher = index.reader()?.searcher();
    let mut counts: HashMap<&str, HashMap<String, u64>> = HashMap::new();
    for field in ["person", "org"] {
        counts.insert(field, document_counts(&searcher, field)?);
    }
    // Indexes written before works were recorded have no such column: no evidence.
    if searcher.schema().get_field(WORK_FIELD).is_ok() {
        counts.insert(WORK_FIELD, document_counts(&searcher, WORK_FIELD)?);
    }
    let merges = nickname_merges(&searcher, &counts["person"])?;
    let registry = decide(&counts, gazetteer, &merges);
    let mut summary = RegistrySummary {
        values: counts.values().map(|values| values.len() as u64).sum(),
        ..RegistrySummary::default()
    };
    for field in ["person", "org"] {
        for (_, canonical) in registry.entries(field) {
            match canonical {
                Some(_) => summary.merged += 1,
                None => summary.dropped += 1,
            }
        }
    }
    file::write_registry(&dir.join(REGISTRY_FILE), &registry)?;
    Ok(summary)
}

/// Articles (live documents) holding each raw value of a fast text field.
fn document_counts(
    searcher: &tantivy::Searcher,
    field: &str,
) -> Result<HashMap<String, u64>, IndexError> {
    let mut counts: HashMap<String, u64> = HashMap::new();
    for segment in searcher.segment_readers() {
        let Some(column) = segment.fast_fields().str(field)? else {
            continue;
        };
        let mut per_ordinal = vec![0u64; column.num_terms()];
        for doc in segment.doc_ids_alive() {
            for ordinal in column.term_ords(doc) {
                if let Some(count) = per_ordinal.get_mut(ordinal as usize) {
                    *count += 1;
                }
            }
        }
        for (ordinal, name) in column_values(&column)?.into_iter().enumerate() {
            let count = per_ordinal.get(ordinal).copied().unwrap_or(0);
            if count > 0 {
                *counts.entry(name).or_default() += count;
            }
        }
    }
    Ok(counts)
}

/// The comparison key of a spelling: accents and case off, dots and suffixes dropped, hyphens
/// as spaces.
fn spelling_key(name: &str) -> String {
    let key = name_key(name);
    let words: Vec<&str> = key
        .split(' ')
        .filter(|word| !SUFFIXES.contains(word))
        .collect();
    words.join(" ")
}

/// The spelling key with a short first name read as its full form ("chris stevens" →
/// "christopher stevens"): names that meet here may be one person, or two (Mike Hayden the
/// governor, Michael Hayden the general).
fn nickname_key(name: &str) -> String {
    let key = spelling_key(name);
    match key.split_once(' ') {
        Some((first, rest)) => match NICKNAMES.iter().find(|(short, _)| *short == first) {
            Some((_, full)) => format!("{full} {rest}"),
            None => key,
        },
        None => key,
    }
}

/// Full names that differ only by a short first name and that some article gives both of
/// ("Chris Stevens ... Christopher Stevens"): each mapped to the most frequent of its group.
fn nickname_merges(
    searcher: &tantivy::Searcher,
    people: &HashMap<String, u64>,
) -> Result<HashMap<String, String>, IndexError> {
    let mut groups: HashMap<String, Vec<&str>> = HashMap::new();
    for name in people.keys().filter(|name| name.contains(' ')) {
        groups.entry(nickname_key(name)).or_default().push(name);
    }
    groups.retain(|_, names| {
        let mut keys: Vec<String> = names.iter().map(|name| spelling_key(name)).collect();
        keys.sort_unstable();
        keys.dedup();
        keys.len() > 1
    });
    if groups.is_empty() {
        return Ok(HashMap::new());
    }
    let group_of: HashMap<&str, &str> = groups
        .iter()
        .flat_map(|(key, names)| names.iter().map(move |name| (*name, key.as_str())))
        .collect();
    // Pairs of names of one group that appear in one article.
    let mut together: std::collections::HashSet<(String, String)> = Default::default();
    for segment in searcher.segment_readers() {
        let Some(column) = segment.fast_fields().str("person")? else {
            continue;
        };
        let names = column_values(&column)?;
        for doc in segment.doc_ids_alive() {
            let present: Vec<&str> = column
                .term_ords(doc)
                .filter_map(|ordinal| names.get(ordinal as usize))
                .map(String::as_str)
                .filter(|name| group_of.contains_key(name))
                .collect();
            for (at, first) in present.iter().enumerate() {
                for second in &present[at + 1..] {
                    if group_of[first] == group_of[second]
                        && spelling_key(first) != spelling_key(second)
                    {
                        together.insert((first.to_string(), second.to_string()));
                        together.insert((second.to_string(), first.to_string()));
                    }
                }
            }
        }
    }
    let mut merges = HashMap::new();
    for names in groups.values() {
        let Some(top) = names
            .iter()
            .max_by(|a, b| people[**a].cmp(&people[**b]).then_with(|| b.cmp(a)))
        else {
            continue;
        };
        for name in names {
            if name != top && together.contains(&(name.to_string(), top.to_string())) {
                merges.insert(name.to_string(), top.to_string());
            }
        }
    }
    Ok(merges)
}

/// Short forms of English first names and the full form they stand for, in lower case.
const NICKNAMES: [(&str, &str); 24] = [
    ("chris", "christopher"),
    ("bill", "william"),
    ("will", "william"),
    ("bob", "robert"),
    ("rob", "robert"),
    ("mike", "michael"),
    ("jim", "james"),
    ("jimmy", "james"),
    ("joe", "joseph"),
    ("tom", "thomas"),
    ("dick", "richard"),
    ("rick", "richard"),
    ("ted", "edward"),
    ("ed", "edward"),
    ("dan", "daniel"),
    ("dave", "david"),
    ("steve", "steven"),
    ("tony", "anthony"),
    ("andy", "andrew"),
    ("alex", "alexander"),
    ("ben", "benjamin"),
    ("sam", "samuel"),
    ("nick", "nicholas"),
    ("matt", "matthew"),
];

/// The registry for these counts (field → raw value → articles).
pub(crate) fn decide(
    counts: &HashMap<&str, HashMap<String, u64>>,
    gazetteer: &Gazetteer,
    nicknames: &HashMap<String, String>,
) -> NameRegistry {
    let empty = HashMap::new();
    let people = counts.get("person").unwrap_or(&empty);
    let orgs = counts.get("org").unwrap_or(&empty);
    let works = counts.get(WORK_FIELD).unwrap_or(&empty);
    // A title: articles call it a work ("the film Vera Drake") in at least two articles and a
    // tenth of those that name it; people and organisations are almost never called one.
    let title = |name: &str, count: u64| {
        let called_work = works.get(name).copied().unwrap_or(0);
        called_work >= 2 && called_work * 10 >= count
    };
    // (field, raw) → canonical ("" for dropped); later rules overwrite earlier ones.
    let mut entries: HashMap<(String, String), String> = HashMap::new();
    let drop = |entries: &mut HashMap<(String, String), String>, field: &str, raw: &str| {
        entries.insert((field.to_string(), raw.to_string()), String::new());
    };
    // Rule 1.
    let ordinary = |name: &str| !name.contains(' ') && gazetteer.is_common_word(name);
    let mut live: HashMap<&str, HashMap<&str, u64>> = HashMap::new();
    for (field, values) in [("person", people), ("org", orgs)] {
        for (raw, count) in values {
            let organisation_named_after_someone = field == "person"
                && raw.contains(' ')
                && raw.rsplit(' ').next().is_some_and(is_organisation_head);
            let ordinary_organisation =
                field == "org" && !raw.contains(' ') && gazetteer.is_ordinary_alone(raw);
            if ordinary(raw)
                || title(raw, *count)
                || ordinary_organisation
                || gazetteer.is_place(raw)
                || organisation_named_after_someone
            {
                drop(&mut entries, field, raw);
            } else {
                live.entry(field).or_default().insert(raw.as_str(), *count);
            }
        }
    }
    // Rule 2: spellings.
    let mut canonical_of: HashMap<&str, HashMap<&str, &str>> = HashMap::new();
    let mut totals: HashMap<&str, HashMap<&str, u64>> = HashMap::new();
    for (field, values) in &live {
        let mut groups: HashMap<String, Vec<(&str, u64)>> = HashMap::new();
        for (raw, count) in values {
            // A short first name seen beside its full form goes with it (`nicknames`).
            let key = match nicknames.get(*raw) {
                Some(full) if *field == "person" => spelling_key(full),
                // An organisation written run together is the same one ("FoxNews",
                // "TimeWarner").
                _ if *field == "org" => spelling_key(raw).replace(' ', ""),
                _ => spelling_key(raw),
            };
            groups.entry(key).or_default().push((raw, *count));
        }
        for (_, mut spellings) in groups {
            spellings.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
            let canonical = spellings[0].0;
            let total: u64 = spellings.iter().map(|(_, count)| count).sum();
            *totals
                .entry(field)
                .or_default()
                .entry(canonical)
                .or_default() += total;
            for (raw, _) in &spellings {
                canonical_of
                    .entry(field)
                    .or_default()
                    .insert(raw, canonical);
                if *raw != canonical {
                    entries.insert((field.to_string(), raw.to_string()), canonical.to_string());
                }
            }
        }
    }
    // Rule 3: single names of people.
    let person_totals = totals.get("person").cloned().unwrap_or_default();
    let mut full_names_by_word: HashMap<&str, Vec<(&str, u64)>> = HashMap::new();
    let mut full_names_by_surname: HashMap<&str, Vec<(&str, u64)>> = HashMap::new();
    for (name, count) in &person_totals {
        let words: Vec<&str> = name.split(' ').collect();
        if words.len() > 1 {
            for word in [words[0], words[words.len() - 1]] {
                full_names_by_word
                    .entry(word)
                    .or_default()
                    .push((name, *count));
            }
            full_names_by_surname
                .entry(words[words.len() - 1])
                .or_default()
                .push((name, *count));
        }
    }
    // The full name a single name stands for: Some(Some(full)) when one dominates, Some(None)
    // when several share it, None when no full name has it.
    let dominant = |name: &str| -> Option<Option<&str>> {
        let full_names = full_names_by_word.get(name)?;
        let all: u64 = full_names.iter().map(|(_, count)| count).sum();
        let (full, count) = full_names
            .iter()
            .max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(a.0)))?;
        Some((*count as f64 >= DOMINANT_SHARE * all as f64).then_some(*full))
    };
    let mut surnames: HashMap<&str, &str> = HashMap::new();
    let mut dropped_people: Vec<&str> = Vec::new();
    for name in person_totals.keys().filter(|name| !name.contains(' ')) {
        match dominant(name) {
            Some(Some(full)) => {
                surnames.insert(name, full);
            }
            Some(None) => dropped_people.push(name),
            None if gazetteer.is_first_name(name) => dropped_people.push(name),
            None => {}
        }
    }
    // canonical → its raw spellings, per field.
    let mut spellings: HashMap<&str, HashMap<&str, Vec<&str>>> = HashMap::new();
    for (field, map) in &canonical_of {
        for (raw, canonical) in map {
            spellings
                .entry(field)
                .or_default()
                .entry(canonical)
                .or_default()
                .push(raw);
        }
    }
    let raws_of = |field: &str, canonical: &str| -> Vec<String> {
        spellings
            .get(field)
            .and_then(|map| map.get(canonical))
            .map(|raws| raws.iter().map(|raw| raw.to_string()).collect())
            .unwrap_or_default()
    };
    for (single, full) in &surnames {
        for raw in raws_of("person", single) {
            entries.insert(("person".into(), raw), full.to_string());
        }
    }
    for single in dropped_people {
        for raw in raws_of("person", single) {
            drop(&mut entries, "person", &raw);
        }
    }
    // Rules 4 and 5: one kind per value.
    let org_totals = totals.get("org").cloned().unwrap_or_default();
    // The articles naming an organisation in the case and spacing of a name: spellings in
    // capitals ("JANE DOE", a headline's) or run together ("JaneDoe", a hashtag's) say
    // nothing of what a name is.
    let written_as_organisation = |name: &str| -> u64 {
        raws_of("org", name)
            .iter()
            .filter(|raw| {
                raw.chars().any(char::is_lowercase) && (raw.contains(' ') || !name.contains(' '))
            })
            .filter_map(|raw| orgs.get(raw.as_str()))
            .sum()
    };
    for (name, org_count) in &org_totals {
        // A surname: the people with it are named in more articles than the organisation.
        let surname = !name.contains(' ')
            && full_names_by_surname.get(name).is_some_and(|people| {
                people.iter().map(|(_, count)| count).sum::<u64>() >= *org_count
            });
        let person_count = person_totals.get(name).copied().unwrap_or(0);
        // A full name led by a first name that people hold too ("Lleyton Hewitt").
        let someone = person_count > 0
            && name
                .split_once(' ')
                .is_some_and(|(first, _)| gazetteer.is_first_name(first));
        // Organisation tags are rarer than person tags for the same name, so a value stays an
        // organisation unless people outnumber it two to one.
        if surname || someone || person_count > 2 * org_count {
            for raw in raws_of("org", name) {
                drop(&mut entries, "org", &raw);
            }
        } else if person_count > 0 && written_as_organisation(name) > person_count {
            for raw in raws_of("person", name) {
                drop(&mut entries, "person", &raw);
            }
        }
    }
    NameRegistry::from_entries(
        entries
            .into_iter()
            .map(|((field, raw), canonical)| (field, raw, Some(canonical)))
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counts(
        people: &[(&str, u64)],
        orgs: &[(&str, u64)],
    ) -> HashMap<&'static str, HashMap<String, u64>> {
        let to_map = |values: &[(&str, u64)]| {
            values
                .iter()
                .map(|(name, count)| (name.to_string(), *count))
                .collect()
        };
        HashMap::from([("person", to_map(people)), ("org", to_map(orgs))])
    }

    #[test]
    fn titles_articles_call_works_are_no_people_or_organisations() {
        let gazetteer = Gazetteer::builtin();
        let mut counts = counts(
            &[("Vera Drake", 21), ("Imelda Staunton", 18), ("Ray", 35)],
            &[("Aviator", 35), ("Chelsea", 68)],
        );
        counts.insert(
            WORK_FIELD,
            HashMap::from([
                ("Vera Drake".to_string(), 10),
                ("Aviator".to_string(), 9),
                ("Chelsea".to_string(), 1),
                ("Imelda Staunton".to_string(), 1),
            ]),
        );
        let registry = decide(&counts, &gazetteer, &HashMap::new());
        assert_eq!(registry.canonical("person", "Vera Drake"), None);
        assert_eq!(registry.canonical("org", "Aviator"), None);
        assert_eq!(
            registry.canonical("person", "Imelda Staunton"),
            Some("Imelda Staunton"),
            "called a work once: too little"
        );
        assert_eq!(registry.canonical("org", "Chelsea"), Some("Chelsea"));
    }

    #[test]
    fn capitals_and_hashtags_do_not_make_a_person_an_organisation() {
        let gazetteer = Gazetteer::builtin();
        let registry = decide(
            &counts(
                &[("Zorvan Pellik", 5), ("Quenby Marlo", 5)],
                &[
                    ("Zorvan Pellik", 3),
                    ("ZORVAN PELLIK", 2),
                    ("ZorvanPellik", 2),
                    ("Quenby Marlo", 5),
                ],
            ),
            &gazetteer,
            &HashMap::new(),
        );
        assert_eq!(
            registry.canonical("person", "Zorvan Pellik"),
            Some("Zorvan Pellik")
        );
        assert_eq!(
            registry.canonical("person", "Quenby Marlo"),
            Some("Quenby Marlo"),
            "a tie keeps the person"
        );
    }

    #[test]
    fn the_corpus_decides_names_and_kinds() {
        let gazetteer = Gazetteer::builtin();
        let registry = decide(
            &counts(
                &[
                    ("Hillary Clinton", 6000),
                    ("Hillary", 1300),
                    ("Bill Clinton", 2000),
                    ("Clinton", 900),
                    ("Bernie Sanders", 2600),
                    ("Bernie", 400),
                    ("Sarah Sanders", 370),
                    ("Francois Hollande", 40),
                    ("François Hollande", 60),
                    ("Well", 50),
                    ("Denver", 30),
                    ("Clinton Foundation", 318),
                    ("Mitch McConnell", 2200),
                    ("Donald", 12),
                    ("Chris Stevens", 113),
                    ("Christopher Stevens", 98),
                    ("Mike Hayden", 20),
                    ("Michael Hayden", 60),
                ],
                &[
                    ("McConnell", 646),
                    ("Clinton Foundation", 200),
                    ("POLITICO", 1400),
                    ("Politico", 900),
                    ("Fox News", 3000),
                    ("FoxNews", 90),
                    ("Well", 80),
                ],
            ),
            &gazetteer,
            &HashMap::from([(
                "Christopher Stevens".to_string(),
                "Chris Stevens".to_string(),
            )]),
        );
        assert_eq!(
            registry.canonical("person", "Hillary"),
            Some("Hillary Clinton")
        );
        assert_eq!(
            registry.canonical("person", "Bernie"),
            Some("Bernie Sanders")
        );
        assert_eq!(registry.canonical("person", "Clinton"), None, "ambiguous");
        assert_eq!(
            registry.canonical("person", "Donald"),
            None,
            "a first name alone"
        );
        assert_eq!(
            registry.canonical("person", "Francois Hollande"),
            Some("François Hollande")
        );
        assert_eq!(registry.canonical("person", "Well"), None);
        assert_eq!(registry.canonical("person", "Denver"), None);
        assert_eq!(registry.canonical("person", "Clinton Foundation"), None);
        assert_eq!(
            registry.canonical("org", "Clinton Foundation"),
            Some("Clinton Foundation")
        );
        assert_eq!(registry.canonical("org", "McConnell"), None);
        assert_eq!(registry.canonical("org", "Politico"), Some("POLITICO"));
        assert_eq!(registry.canonical("org", "FoxNews"), Some("Fox News"));
        assert_eq!(registry.canonical("org", "Well"), None);
        assert_eq!(
            registry.canonical("person", "Mitch McConnell"),
            Some("Mitch McConnell")
        );
        assert_eq!(
            registry.canonical("person", "Christopher Stevens"),
            Some("Chris Stevens")
        );
        // Never named together: two people.
        assert_eq!(
            registry.canonical("person", "Mike Hayden"),
            Some("Mike Hayden")
        );
        assert_eq!(
            registry.variants("person", "Hillary Clinton"),
            ["Hillary Clinton", "Hillary"]
        );
    }
}
