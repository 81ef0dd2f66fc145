//! From tagged mentions to canonical entities: people under their fullest name, places under
//! their country, organisations under their table name or the long form the article defines.

use rustc_hash::FxHashMap as HashMap;

use super::dateline::Dateline;
use super::hyphens::{hyphenated_surname, joined_at_hyphen};
use super::lists::split_organisation_span;
use super::refine::{refine, Context};
use super::{Mention, Word};
use crate::canonical::{Tally, TITLE_WORDS};
use crate::gazetteer::{phrase_key, Gazetteer, Known};
use crate::tagger::title_case;
use crate::Entities;

mod cues;
mod spans;

use cues::{GEORGIA_COUNTRY_CUES, GEORGIA_STATE_CUES, TURKEY_BIRD_CUES, TURKEY_COUNTRY_CUES};
use spans::{is_initial, national_long_form, person_words, split_where, strip_article, trim};

/// Turns one article's mentions into its entities.
pub(crate) struct Resolver<'a> {
    gazetteer: &'a Gazetteer,
    text: &'a str,
    persons: Tally,
    countries: Tally,
    organizations: Tally,
}

impl<'a> Resolver<'a> {
    pub(crate) fn new(gazetteer: &'a Gazetteer, text: &'a str) -> Self {
        Resolver {
            gazetteer,
            text,
            persons: Tally::default(),
            countries: Tally::default(),
            organizations: Tally::default(),
        }
    }

    /// The text a run of words covers, with runs of whitespace as one space.
    fn surface(&self, words: &[Word]) -> String {
        let (Some(first), Some(last)) = (words.first(), words.last()) else {
            return String::new();
        };
        let covered = &self.text[first.start..last.end];
        let mut surface = String::with_capacity(covered.len());
        for piece in covered.split_whitespace() {
            if !surface.is_empty() {
                surface.push(' ');
            }
            surface.push_str(piece);
        }
        surface
    }

    /// What the gazetteers know a run of words as (its punctuation left out), looked up as
    /// written and, when it is all capitals, in title case.
    fn lookup(&self, words: &[Word]) -> Option<Known> {
        let texts = || {
            words
                .iter()
                .filter(|word| word.is_word())
                .map(|word| word.text)
        };
        let mut key = String::with_capacity(64);
        for text in texts() {
            if !key.is_empty() {
                key.push(' ');
            }
            key.push_str(text);
        }
        if let Some(known) = self.gazetteer.lookup(&key) {
            return Some(known);
        }
        if texts().any(|word| word.chars().any(char::is_lowercase)) {
            return None;
        }
        key.clear();
        for text in texts() {
            if !key.is_empty() {
                key.push(' ');
            }
            key.push_str(&title_case(text));
        }
        self.gazetteer.lookup(&key)
    }

    /// Counts the parties of U.S. party labels ("(D-Calif.)") as organisations named.
    pub(crate) fn add_party_labels(&mut self, labels: &[super::parties::PartyLabel]) {
        for label in labels {
            self.organizations
                .add(label.party, label.start, label.surface);
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
        for mention in mentions {
            if mention.words.first().is_some_and(in_dateline) {
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
        let parts = super::lists::split_run_together_names(parts, self.gazetteer);
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
            let not_a_person = matches!(known, Some(Known::Org(_) | Known::Nothing)) || place;
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
        // Definitions in the text ("Doctors Without Borders (MSF)") beat matching initials.
        for (short, long) in definitions {
            let long = match self.lookup(&long) {
                Some(Known::Org(org)) => self.gazetteer.name(org).to_string(),
                _ => strip_article(&self.surface(&long)).to_string(),
            };
            abbreviations.insert(short.to_string(), long);
        }
        let gazetteer = self.gazetteer;
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
                ("ORG", None) => {
                    let surface = self.surface(words);
                    let name = abbreviations
                        .get(surface.as_str())
                        .cloned()
                        .unwrap_or_else(|| national_long_form(strip_article(&surface)));
                    self.organizations.add(&name, offset, &surface);
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
                self.organizations.add(long, word.start, word.text);
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
        self.organizations.merge_shortened();
        self.persons.merge_accents();
        self.persons.merge_reversed();
        self.organizations.merge_accents();
        self.persons.absorb_same_names(&mut self.organizations);
        Entities {
            persons: self.persons.finish(),
            countries: self.countries.finish(),
            organizations: self.organizations.finish(),
        }
    }

    /// Whether the word before `word` in the text is a title ("Senator", "Mr.", "Gen.").
    fn after_title(&self, word: &Word) -> bool {
        let before = self.text[..word.start].trim_end();
        let previous = before
            .rsplit(char::is_whitespace)
            .next()
            .unwrap_or("")
            .trim_end_matches('.');
        !previous.is_empty() && TITLE_WORDS.contains(previous)
    }

    /// Adds a known organisation, and the country of its seat for an institution named after
    /// one ("the Kremlin said" names Russia too).
    fn add_organisation(&mut self, org: u32, words: &[Word]) {
        let offset = words.first().map_or(0, |word| word.start);
        let surface = self.surface(words);
        self.organizations
            .add(self.gazetteer.name(org), offset, &surface);
        if let Some(country) = self.gazetteer.seat(org) {
            if let Some(name) = self.country_in_context(country) {
                self.countries.add(name, offset, &surface);
            }
        }
    }

    /// Splits hyphenated pairs ("Trump-Putin", "U.S.-Russia") into their two names, but keeps
    /// hyphenated first names ("Jean-Claude Juncker") and names the gazetteer knows whole.
    /// Each part is handed to `part`, in order.
    fn split_pairs<'w>(&self, mention: &Mention<'w>, mut part: impl FnMut(&[Word<'w>])) {
        let words = &mention.words;
        let is_hyphen = |index: usize| {
            words[index].text == "-"
                && words[index - 1].end == words[index].start
                && words[index].end == words[index + 1].start
        };
        let inner = 1..words.len().saturating_sub(1);
        // "Ban Ki-moon", "al-Assad": a lower-case word after the hyphen continues one name;
        // "AFL-CIO": an organisation is split only into names the gazetteers know.
        let continues_name = |index: usize| {
            words[index + 1]
                .text
                .chars()
                .next()
                .is_some_and(char::is_lowercase)
        };
        let unknown_org_pair = |index: usize| {
            mention.kind == "ORG"
                && (self.lookup(&words[..index]).is_none()
                    || self.lookup(&words[index + 1..]).is_none())
        };
        let splits =
            |index: usize| is_hyphen(index) && !continues_name(index) && !unknown_org_pair(index);
        if !inner.clone().any(splits) || self.lookup(words).is_some() {
            part(words);
            return;
        }
        let hyphens: Vec<usize> = inner.filter(|&index| splits(index)).collect();
        let mut start = 0;
        for hyphen in hyphens {
            let left = &words[start..hyphen];
            let joined_first_name = mention.kind == "PER"
                && left.len() == 1
                && self.gazetteer.first_names.contains(left[0].text);
            if joined_first_name {
                continue;
            }
            part(left);
            start = hyphen + 1;
        }
        part(&words[start..]);
    }

    /// The canonical name of a person mention: the alias table's name when it knows the
    /// mention, else the mention without middle initials ("John A. Boehner" → "John Boehner"),
    /// so a person is one facet value whether or not a text gives the initials. Initials that
    /// tell people apart ("George W. Bush", "George H. W. Bush") are kept by the alias table.
    fn person_name(&self, words: &[Word]) -> String {
        if let Some(Known::Person(person)) = self.lookup(words) {
            return self.gazetteer.name(person).to_string();
        }
        let inner = 1..words.len().saturating_sub(1);
        let is_middle_initial =
            |index: usize| inner.contains(&index) && is_initial(words[index].text);
        if !(0..words.len()).any(is_middle_initial) {
            return self.surface(words);
        }
        let runs: Vec<&[Word]> = split_where(words, is_middle_initial);
        let kept: Vec<Word> = runs.iter().flat_map(|run| run.iter().copied()).collect();
        if let Some(Known::Person(person)) = self.lookup(&kept) {
            return self.gazetteer.name(person).to_string();
        }
        let parts: Vec<String> = runs.iter().map(|run| self.surface(run)).collect();
        parts.join(" ")
    }

    /// Short forms the article defines ("International Atomic Energy Agency (IAEA)") or that
    /// are the initials of an organisation it names, mapped to the long name.
    /// `known` holds what the gazetteers know each part as.
    fn abbreviations(
        &self,
        parts: &[(&'static str, Vec<Word>)],
        known: &[Option<Known>],
    ) -> HashMap<String, String> {
        let mut abbreviations = HashMap::default();
        let long_names: Vec<String> = parts
            .iter()
            .zip(known)
            .filter(|((kind, words), _)| *kind == "ORG" && words.len() > 1)
            .map(|((_, words), known)| match known {
                Some(Known::Org(org)) => self.gazetteer.name(*org).to_string(),
                _ => strip_article(&self.surface(words)).to_string(),
            })
            .collect();
        for long in long_names {
            let initials: String = long
                .split([' ', '-'])
                .filter(|word| word.chars().next().is_some_and(char::is_uppercase))
                .filter_map(|word| word.chars().next())
                .collect();
            if initials.chars().count() >= 2 {
                abbreviations.entry(initials).or_insert(long);
            }
        }
        abbreviations
    }

    /// The country name for a place, unless the article shows the name means something else.
    fn country_in_context(&self, country: u32) -> Option<&'a str> {
        let name = self.gazetteer.name(country);
        let mentions_any = |cues: &[&str]| cues.iter().any(|cue| self.text.contains(cue));
        match name {
            "Georgia"
                if mentions_any(&GEORGIA_STATE_CUES) && !mentions_any(&GEORGIA_COUNTRY_CUES) =>
            {
                Some("United States")
            }
            "Turkey" if mentions_any(&TURKEY_BIRD_CUES) && !mentions_any(&TURKEY_COUNTRY_CUES) => {
                None
            }
            _ => Some(name),
        }
    }
}
