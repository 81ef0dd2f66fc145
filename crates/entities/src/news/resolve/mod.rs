//! From tagged mentions to canonical entities: people under their fullest name, places under
//! their country, organisations under their table name or the long form the article defines.

use std::cell::RefCell;

use rustc_hash::FxHashMap as HashMap;

use super::dateline::Dateline;
use super::hyphens::{hyphenated_surname, joined_at_hyphen};
use super::lists::split_organisation_span;
use super::refine::{names_no_organisation, refine, Context};
use super::{Mention, Word};
use crate::canonical::Tally;
use crate::gazetteer::{phrase_key, Gazetteer, Known};
use crate::Entities;

mod cues;
mod kinds;
mod names;
mod senses;
mod spans;

use spans::{national_long_form, person_words, strip_article, trim};

/// Turns one article's mentions into its entities.
pub(crate) struct Resolver<'a> {
    gazetteer: &'a Gazetteer,
    text: &'a str,
    persons: Tally,
    countries: Tally,
    orgs: Tally,
    /// What [`Resolver::lookup`] found for each run of words, keyed by the run's first byte,
    /// last byte and number of words: one article's mentions are looked up two or three
    /// times each (whole, split, as a person's name), and the key costs a string to build.
    lookups: RefCell<HashMap<(usize, usize, usize), Option<Known>>>,
}

impl<'a> Resolver<'a> {
    pub(crate) fn new(gazetteer: &'a Gazetteer, text: &'a str) -> Self {
        Resolver {
            gazetteer,
            text,
            persons: Tally::default(),
            countries: Tally::default(),
            orgs: Tally::default(),
            lookups: RefCell::default(),
        }
    }

    /// Counts the parties of U.S. party labels ("(D-Calif.)") as organisations named.
    pub(crate) fn add_party_labels(&mut self, labels: &[super::parties::PartyLabel]) {
        for label in labels {
            self.orgs.add(label.party, label.start, label.surface);
        }
    }

    pub(crate) fn resolve(
        mut self,
        mentions: Vec<Mention>,
        untagged: Vec<Word>,
        dateline: Option<Dateline>,
        definitions: Vec<(&str, Vec<Word>)>,
    ) -> Entities {
        let in_dateline = |word: &Word| {
            dateline
                .as_ref()
                .is_some_and(|d| word.start >= d.start && word.start < d.end)
        };
        let mut parts: Vec<(&'static str, Vec<Word>)> = Vec::new();
        let mut works: rustc_hash::FxHashSet<String> = rustc_hash::FxHashSet::default();
        // The words of every mention in running text: an organisation a title-case line
        // (a headline, a teaser) names with an ordinary word in it ("GOP Rich", "Celebrities
        // Read") must be named there too, or be known.
        // Built only for articles with a title-case line that names something.
        let running_text: rustc_hash::FxHashSet<String> =
            if mentions.iter().any(|mention| mention.title_case) {
                mentions
                    .iter()
                    .filter(|mention| !mention.title_case)
                    .map(|mention| phrase_key(trim(&mention.words).iter().map(|word| word.text)))
                    .collect()
            } else {
                rustc_hash::FxHashSet::default()
            };
        let supported = |kind: &str, piece: &[Word]| {
            kind != "ORG"
                || !piece
                    .iter()
                    .any(|word| self.gazetteer.is_ordinary_alone(word.text))
                || piece
                    .iter()
                    .any(|word| super::is_organisation_head(word.text))
                || running_text.contains(&phrase_key(piece.iter().map(|word| word.text)))
        };
        for mention in mentions {
            if mention.words.first().is_some_and(in_dateline) {
                continue;
            }
            // A known name in quotation marks is that name ("“Black Lives Matter” signs").
            if mention.quoted_title && self.lookup(trim(&mention.words)).is_none() {
                works.insert(phrase_key(
                    trim(&mention.words).iter().map(|word| word.text),
                ));
                continue;
            }
            self.split_pairs(&mention, |part| {
                let part = trim(part);
                let whole = self.lookup(part).is_some();
                let pieces = if whole {
                    vec![(mention.kind, part)]
                } else {
                    split_organisation_span(mention.kind, part, self.gazetteer)
                };
                let split = pieces.len() > 1;
                for (kind, piece) in pieces {
                    let piece = trim(piece);
                    let context = Context {
                        known_whole: whole || split && self.lookup(piece).is_some(),
                        title_case: mention.title_case,
                        sentence_start: mention.sentence_start,
                    };
                    if let Some(piece) = refine(kind, piece, self.gazetteer, context) {
                        let piece = trim(&piece);
                        if mention.work {
                            works.insert(phrase_key(piece.iter().map(|word| word.text)));
                        } else if mention.title_case
                            && !context.known_whole
                            && self.lookup(piece).is_none()
                            && !supported(kind, piece)
                        {
                            // "Celebrities Read", "GOP Rich": capitals of a headline.
                        } else if !piece.is_empty() {
                            parts.push((kind, piece.to_vec()));
                        }
                    }
                }
            });
        }
        // A name the article calls a work is no person or organisation anywhere in it.
        if !works.is_empty() {
            parts.retain(|(kind, words)| {
                !matches!(*kind, "PER" | "ORG" | "MISC")
                    || !works.contains(&phrase_key(words.iter().map(|word| word.text)))
            });
        }
        let mut parts = super::lists::split_run_together_names(parts, self.gazetteer);
        kinds::people_taken_for_organisations(&mut parts, self.text, self.gazetteer, |words| {
            self.lookup(words).is_some()
        });
        // What the gazetteers know each part as, looked up once for the passes below.
        let known: Vec<Option<Known>> = parts.iter().map(|(_, words)| self.lookup(words)).collect();
        if let Some((dateline, country)) = dateline
            .as_ref()
            .and_then(|dateline| Some((dateline, dateline.country?)))
        {
            let name = self.gazetteer.name(country).to_string();
            self.countries.add(&name, dateline.start, &dateline.place);
        }
        // People first: full names give the surnames that later single words resolve to.
        let mut people: Vec<(String, Vec<Word>)> = Vec::new();
        for ((kind, words), known) in parts.iter().zip(&known) {
            // A name the gazetteers know as an organisation or as naming nothing ("Freddie
            // Mac", "Outlook Stable" in rating headlines) is not a person, whatever the tagger
            // thought.
            // A place ("Denver", "Hermosa Beach") is not a person either, unless it is also a
            // first name that starts a longer name.
            let place = matches!(known, Some(Known::Place(_)))
                && !(words.len() > 1 && self.gazetteer.first_names.contains(words[0].text));
            let not_a_person = matches!(known, Some(Known::Org(_) | Known::Nothing))
                || place
                || senses::is_photo_credit(self.text, words);
            if *kind == "PER" && !not_a_person {
                let name_words = person_words(words);
                if !name_words.is_empty() {
                    people.push((self.person_name(name_words), name_words.to_vec()));
                }
            }
        }
        let mut surnames: HashMap<String, String> = HashMap::default();
        for (name, words) in &people {
            if words.iter().filter(|word| word.is_word()).count() > 1 {
                if let Some(last) = words.last() {
                    surnames
                        .entry(last.text.to_string())
                        .or_insert_with(|| name.clone());
                }
                // A double-barrelled surname ("Ocasio-Cortez") stands for the name too.
                if let Some((surname, _)) = hyphenated_surname(words, self.text) {
                    surnames
                        .entry(surname.to_string())
                        .or_insert_with(|| name.clone());
                }
            }
        }
        // So does its first half alone ("Ocasio", where the tagger left "-Cortez" out), unless
        // a full name ends with that word.
        for (name, words) in &people {
            if let Some((_, first_half)) = hyphenated_surname(words, self.text) {
                surnames
                    .entry(first_half.to_string())
                    .or_insert_with(|| name.clone());
            }
        }
        let first_names: Vec<&str> = people
            .iter()
            .filter(|(_, words)| words.len() > 1)
            .filter_map(|(_, words)| words.first().map(|word| word.text))
            .collect();
        // First names of the full names, when only one person of the article has it: "Bernie"
        // is Bernie Sanders there. A first name alone that no full name explains is dropped.
        let mut given: HashMap<&str, Option<&String>> = HashMap::default();
        for (name, words) in &people {
            if let [first, _, ..] = words.as_slice() {
                given
                    .entry(first.text)
                    .and_modify(|known| {
                        if known.is_some_and(|known| known != name) {
                            *known = None;
                        }
                    })
                    .or_insert(Some(name));
            }
        }
        let mut single_names: HashMap<&str, usize> = HashMap::default();
        for (_, words) in &people {
            if let [single] = words.as_slice() {
                *single_names.entry(single.text).or_default() += 1;
            }
        }
        for (name, words) in &people {
            if let [single] = words.as_slice() {
                if !surnames.contains_key(single.text)
                    && self.gazetteer.first_names.contains(single.text)
                {
                    let Some(Some(full_name)) = given.get(single.text) else {
                        continue;
                    };
                    let surface = self.surface(words);
                    self.persons.add(full_name, single.start, &surface);
                    continue;
                }
            }
            // A single name no full name of the article explains, named once, after no title
            // and known to no gazetteer, is too little to go on ("Titanic", "Tube", "Whiner");
            // "Senator Sanders" is someone (the index's registry may know whom).
            if let [single] = words.as_slice() {
                let once = single_names.get(single.text).copied().unwrap_or(0) < 2;
                if once
                    && !self.after_title(single)
                    && !surnames.contains_key(single.text)
                    && !matches!(self.gazetteer.lookup(single.text), Some(Known::Person(_)))
                {
                    continue;
                }
            }
            let name = match words.as_slice() {
                [single] => surnames.get(single.text).unwrap_or(name),
                [before, last] => joined_at_hyphen(before, last, self.text)
                    .and_then(|surname| surnames.get(surname))
                    .unwrap_or(name),
                _ => name,
            };
            let offset = words.first().map_or(0, |word| word.start);
            self.persons.add(name, offset, &self.surface(words));
        }
        let mut abbreviations = self.abbreviations(&parts, &known);
        // Definitions in the text ("Doctors Without Borders (MSF)") beat matching initials;
        // the short form of a law or a programme ("Immigration and Nationality Act (INA)")
        // names no organisation.
        let mut not_organisations: rustc_hash::FxHashSet<&str> = Default::default();
        for (short, long) in definitions {
            if self.lookup(&long).is_none() && names_no_organisation(&long) {
                not_organisations.insert(short);
                continue;
            }
            let long = match self.lookup(&long) {
                Some(Known::Org(org)) => self.gazetteer.name(org).to_string(),
                _ => strip_article(&self.surface(&long)).to_string(),
            };
            abbreviations.insert(short.to_string(), long);
        }
        let gazetteer = self.gazetteer;
        // Whether a place's spelling is located in another country anywhere in the article.
        let mut located: HashMap<&str, bool> = HashMap::default();
        // Only a spelling right before a comma can be located so: the commas are found once,
        // and each spelling is compared with the text before each of them.
        let commas: Vec<usize> = self.text.match_indices(',').map(|(at, _)| at).collect();
        for ((kind, words), known) in parts.iter().zip(&known) {
            let offset = words.first().map_or(0, |word| word.start);
            match (*kind, *known) {
                // A known organisation's one-word name that is the surname of someone the
                // article names in full is that person ("Tate" beside "Catherine Tate").
                (_, Some(Known::Org(_)))
                    if words.len() == 1 && surnames.contains_key(words[0].text) =>
                {
                    let surface = self.surface(words);
                    self.persons.add(&surnames[words[0].text], offset, &surface);
                }
                ("PER", Some(Known::Org(org))) => self.add_organisation(org, words),
                (_, Some(Known::Place(country))) => {
                    let single = words.len() == 1;
                    if words
                        .iter()
                        .any(|word| gazetteer.inside_trap(self.text, word.start, word.end))
                    {
                        continue; // "Mexico" of "the Gulf of Mexico"
                    }
                    let names_the_country =
                        phrase_key(words.iter().map(|word| word.text)) == gazetteer.name(country);
                    // Any of its mentions in the article located so ("Bristol's old Town
                    // Hall" beside "Bristol, New Hampshire").
                    // Each place written once in the text is scanned once per article.
                    let mut located_elsewhere = || {
                        let surface = &self.text[words[0].start..words[words.len() - 1].end];
                        *located.entry(surface).or_insert_with(|| {
                            commas.iter().any(|&comma| {
                                self.text[..comma].ends_with(surface)
                                    && senses::located_in_other_country(
                                        gazetteer, self.text, comma, country,
                                    )
                            })
                        })
                    };
                    if !names_the_country && !words.is_empty() && located_elsewhere() {
                        continue; // "Manchester" of "Manchester, New Hampshire"
                    }
                    if single && senses::language_or_group(self.text, words[0].end) {
                        continue; // "the English version", "Japanese-Americans"
                    }
                    if single && first_names.contains(&words[0].text) {
                        continue; // "Chad" of "Chad Johnson"
                    }
                    if let Some(full_name) = single.then(|| surnames.get(words[0].text)).flatten() {
                        // "Jordan" after "Paulette Jordan": the person again.
                        let surface = self.surface(words);
                        self.persons.add(full_name, offset, &surface);
                        continue;
                    }
                    if let Some(name) = self.country_in_context(country) {
                        let surface = self.surface(words);
                        self.countries.add(name, offset, &surface);
                    }
                }
                ("PER", _) => {}
                (_, Some(Known::Org(org))) => self.add_organisation(org, words),
                // A known alias of a person, whatever the tagger thought it was.
                (_, Some(Known::Person(person))) => {
                    let surface = self.surface(words);
                    self.persons.add(gazetteer.name(person), offset, &surface);
                }
                // A surname the article gives in full is that person ("McConnell").
                ("ORG", None) if words.len() == 1 && surnames.contains_key(words[0].text) => {
                    let surface = self.surface(words);
                    self.persons.add(&surnames[words[0].text], offset, &surface);
                }
                // "the Obamas": a family of someone the article names.
                ("ORG", None) if senses::family_of(words, &surnames) => {}
                ("ORG", None)
                    if senses::is_wire_credit(self.text, words)
                        || senses::inside_nothing_phrase(gazetteer, self.text, words)
                        || not_organisations.contains(self.surface(words).as_str()) => {}
                ("ORG", None) => {
                    // "U.S. Federal Trade Commission": the known organisation.
                    if let Some((org, name)) = self.known_after_national_prefix(words) {
                        self.add_organisation(org, name);
                        continue;
                    }
                    // "Securities & Exchange Commission": the known name with "and".
                    if let Some(org) = self.known_with_and(words) {
                        self.add_organisation(org, words);
                        continue;
                    }
                    let surface = self.surface(words);
                    let name = abbreviations
                        .get(surface.as_str())
                        .cloned()
                        .unwrap_or_else(|| national_long_form(strip_article(&surface)));
                    self.orgs.add(&name, offset, &surface);
                }
                _ => {}
            }
        }
        for word in untagged {
            if in_dateline(&word) || !word.text.chars().next().is_some_and(char::is_uppercase) {
                continue;
            }
            if let Some(full_name) = surnames.get(word.text) {
                self.persons.add(full_name, word.start, word.text);
            } else if let Some(long) = abbreviations.get(word.text) {
                self.orgs.add(long, word.start, word.text);
            } else if let Some(Known::Person(person)) = self
                .gazetteer
                .one_word_people
                .contains(word.text)
                .then(|| self.gazetteer.lookup(word.text))
                .flatten()
            {
                // A surname that means one person in news ("Nixon"), where the tagger saw none.
                self.persons
                    .add(self.gazetteer.name(person), word.start, word.text);
            }
        }
        self.orgs.merge_shortened(&[' ', '-']);
        self.orgs
            .merge_leading(|name| gazetteer.lookup(name).is_some() || gazetteer.is_place(name));
        // A head word no full name of the article took in names no organisation.
        self.orgs.retain(|name| !spans::is_generic_head(name));
        self.persons.merge_shortened(&[' ']);
        self.persons.merge_accents();
        self.persons.merge_reversed();
        self.orgs.merge_accents();
        self.persons.absorb_same_names(&mut self.orgs);
        let mut works: Vec<String> = works
            .into_iter()
            .map(|work| spans::strip_article(&work).to_string())
            .collect();
        works.sort_unstable();
        works.dedup();
        Entities {
            persons: self.persons.finish(),
            countries: self.countries.finish(),
            orgs: self.orgs.finish(),
            works,
        }
    }

    /// Adds a known organisation, and the country of its seat for an institution named after
    /// one ("the Kremlin said" names Russia too). Not when the words around make the name a
    /// credit or part of a longer phrase, and only the country when they make a seat a place
    /// ("sat in the White House").
    fn add_organisation(&mut self, org: u32, words: &[Word]) {
        if senses::is_wire_credit(self.text, words)
            || senses::inside_nothing_phrase(self.gazetteer, self.text, words)
        {
            return;
        }
        let offset = words.first().map_or(0, |word| word.start);
        let surface = self.surface(words);
        let seat = self.gazetteer.seat(org);
        if seat.is_none() || !senses::seat_as_place(self.text, offset) {
            self.orgs.add(self.gazetteer.name(org), offset, &surface);
        }
        if let Some(country) = seat {
            if let Some(name) = self.country_in_context(country) {
                self.countries.add(name, offset, &surface);
            }
        }
    }
}
