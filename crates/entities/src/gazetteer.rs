//! The dictionaries entity extraction matches against: places and their countries, phrases that
//! name no place, first names, organisations and people under their canonical names, ordinary
//! words; built in, plus a folder of extra files a user can edit.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::path::Path;

use crate::tokenize;
use crate::EntitiesError;

/// The place gazetteer built from GeoNames data (see `scripts/build_gazetteers.py`).
const BUILTIN_PLACES: &str = include_str!("../../../index-data/entities/places.tsv");
/// Phrases that contain a place name but name no country ("Gulf of Mexico").
const BUILTIN_NOT_PLACES: &str = include_str!("../../../index-data/entities/not-places.txt");
/// First names that start a person's name.
const BUILTIN_FIRST_NAMES: &str = include_str!("../../../index-data/entities/first-names.txt");
/// Organisations with their abbreviations.
const BUILTIN_ORGANIZATIONS: &str = include_str!("../../../index-data/entities/organizations.tsv");
/// Ordinary words: written mostly in lower case in news text (see `scripts/build_common_words.py`).
const BUILTIN_COMMON_WORDS: &str = include_str!("../../../index-data/entities/common-words.txt");
/// Words news writes in lower case most of the time but not nearly always ("health", "budget"):
/// inside many names, never an organisation alone (see `scripts/build_common_words.py`).
const BUILTIN_MOSTLY_LOWER: &str =
    include_str!("../../../index-data/entities/mostly-lower-words.txt");
/// Spelling and transliteration variants of people's names.
const BUILTIN_PERSON_ALIASES: &str =
    include_str!("../../../index-data/entities/person-aliases.tsv");

/// What a known phrase names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Known {
    /// A place in the country with this index in [`Gazetteer::names`].
    Place(u32),
    /// The organisation with this index in [`Gazetteer::names`].
    Org(u32),
    /// A variant of the person with this index in [`Gazetteer::names`].
    Person(u32),
    /// A phrase that names nothing we facet on.
    Nothing,
}

/// Dictionaries the extractor matches against, keyed by phrase (tokens joined by one space).
#[derive(Debug, Clone)]
pub struct Gazetteer {
    pub(crate) phrases: HashMap<String, Known>,
    pub(crate) names: Vec<String>,
    pub(crate) first_names: HashSet<String>,
    /// For each word of a phrase that names no country ("Gulf of Mexico"), the phrases: a place
    /// word inside one of them in the text is no place, whatever span the tagger drew.
    pub(crate) traps: HashMap<String, Vec<String>>,
    /// Ordinary words, lower case: not names on their own or at a name's edge.
    pub(crate) common_words: std::sync::Arc<HashSet<String>>,
    /// Words written in lower case most of the time, lower case: no organisation alone.
    pub(crate) mostly_lower_words: std::sync::Arc<HashSet<String>>,
    pub(crate) longest_phrase_tokens: usize,
    /// Institutions named after their seat ("White House", "Kremlin", "Downing Street"): the
    /// organisation's index and the country its seat is in, so a mention names both.
    pub(crate) seats: HashMap<u32, u32>,
    /// One-word names of people ("Nixon"): checked for every capitalised word the tagger left
    /// out, so a small set answers before the phrase table is asked.
    pub(crate) one_word_people: HashSet<String>,
    /// Places of kind `region` in `places.tsv` (states, provinces: "New Hampshire", "Mass."):
    /// what follows a town's name after a comma to say where it is.
    pub(crate) regions: HashSet<String>,
    /// One-word names of organisations written with a possessive ("Lowe's", "Christie's"):
    /// the word alone is a surname, and names the organisation only with its "'s".
    pub(crate) possessive_names: HashSet<String>,
    /// The multi-word phrases and every run of words they start with, built on first use.
    phrase_runs: std::sync::OnceLock<HashMap<String, PhraseRun>>,
}

/// One run of words that starts a multi-word phrase ("Gulf", "Gulf of", "Gulf of Mexico").
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct PhraseRun {
    /// What the run names when it is a phrase of two or more words itself.
    pub known: Option<Known>,
    /// Whether a longer phrase continues it.
    pub continues: bool,
}

impl Gazetteer {
    /// The gazetteer shipped inside the binary (built from `index-data/entities/`).
    pub fn builtin() -> Gazetteer {
        Gazetteer::from_texts(
            BUILTIN_PLACES,
            BUILTIN_NOT_PLACES,
            BUILTIN_FIRST_NAMES,
            BUILTIN_ORGANIZATIONS,
            BUILTIN_PERSON_ALIASES,
        )
    }

    /// The built-in gazetteer plus the entries of any of the five files present in `folder`
    /// (`places.tsv`, `not-places.txt`, `first-names.txt`, `organizations.tsv`,
    /// `person-aliases.tsv`): a way to add aliases without recompiling.
    pub fn builtin_with_folder(folder: &Path) -> Result<Gazetteer, EntitiesError> {
        let read = |name: &str| -> Result<String, EntitiesError> {
            let path = folder.join(name);
            match std::fs::read_to_string(&path) {
                Ok(text) => Ok(text),
                Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(String::new()),
                Err(source) => Err(EntitiesError::Io { path, source }),
            }
        };
        let mut gazetteer = Gazetteer::builtin();
        let extra = Gazetteer::from_texts(
            &read("places.tsv")?,
            &read("not-places.txt")?,
            &read("first-names.txt")?,
            &read("organizations.tsv")?,
            &read("person-aliases.tsv")?,
        );
        gazetteer.merge(extra);
        Ok(gazetteer)
    }

    fn merge(&mut self, other: Gazetteer) {
        for (phrase, known) in other.phrases {
            let known = match known {
                Known::Place(index) => Known::Place(self.intern(&other.names[index as usize])),
                Known::Org(index) => Known::Org(self.intern(&other.names[index as usize])),
                Known::Person(index) => Known::Person(self.intern(&other.names[index as usize])),
                Known::Nothing => Known::Nothing,
            };
            self.insert_phrase(phrase, known);
        }
        self.first_names.extend(other.first_names);
        self.one_word_people.extend(other.one_word_people);
        self.regions.extend(other.regions);
        self.possessive_names.extend(other.possessive_names);
        for (word, phrases) in other.traps {
            self.traps.entry(word).or_default().extend(phrases);
        }
        self.longest_phrase_tokens = self.longest_phrase_tokens.max(other.longest_phrase_tokens);
        self.phrase_runs = std::sync::OnceLock::new();
    }

    /// Whether `word` is an ordinary word of the language (written mostly in lower case in news
    /// text), ignoring case: not a name on its own.
    pub fn is_common_word(&self, word: &str) -> bool {
        with_lower_case(word, |lower| self.common_words.contains(lower))
    }

    /// Whether `word` is an ordinary word that names no organisation on its own, ignoring
    /// case: an ordinary word, or one news writes in lower case most of the time ("Health",
    /// "Budget", "Daily").
    pub fn is_ordinary_alone(&self, word: &str) -> bool {
        with_lower_case(word, |lower| {
            self.common_words.contains(lower) || self.mostly_lower_words.contains(lower)
        })
    }

    /// Whether a one-word name is known only with a possessive ("Lowe" of "Lowe's"): written
    /// without it, the word is a surname.
    pub(crate) fn only_with_possessive(&self, key: &str) -> bool {
        self.possessive_names.contains(key)
    }

    /// Whether `word` is a first name that starts people's names.
    pub fn is_first_name(&self, word: &str) -> bool {
        self.first_names.contains(word)
    }

    /// Whether the gazetteers know `name` as a place (a country, a region or a city).
    pub fn is_place(&self, name: &str) -> bool {
        matches!(self.lookup(name), Some(Known::Place(_)))
    }

    /// The country of a place the gazetteers know ("Calif." → "United States").
    pub(crate) fn country_of(&self, name: &str) -> Option<&str> {
        match self.lookup_text(name) {
            Some(Known::Place(country)) => Some(self.name(country)),
            _ => None,
        }
    }

    /// Whether a phrase (its key, see [`phrase_key`]) names a place: in a country, or one of
    /// the phrases that name no country ("New Mexico", "Gulf of Mexico"; also slugs such as
    /// "UPDATE").
    pub(crate) fn is_place_phrase(&self, key: &str) -> bool {
        matches!(self.lookup(key), Some(Known::Place(_) | Known::Nothing))
    }

    /// Whether the word at `start..end` of `text` stands inside a phrase that names no country
    /// ("Mexico" in "the Gulf of Mexico", "Spanish" in "a Spanish class").
    pub(crate) fn inside_trap(&self, text: &str, start: usize, end: usize) -> bool {
        self.trap_around(text, start, end).is_some()
    }

    /// The byte range of `text` of a phrase naming no country that holds the word at
    /// `start..end`, if any.
    pub(crate) fn trap_around(
        &self,
        text: &str,
        start: usize,
        end: usize,
    ) -> Option<(usize, usize)> {
        let word = text.get(start..end)?;
        let phrases = self.traps.get(word)?;
        phrases.iter().find_map(|phrase| {
            phrase.match_indices(word).find_map(|(at, _)| {
                let phrase_start = start.checked_sub(at)?;
                let phrase_end = phrase_start + phrase.len();
                text.get(phrase_start..phrase_end)
                    .is_some_and(|found| found.eq_ignore_ascii_case(phrase))
                    .then_some((phrase_start, phrase_end))
            })
        })
    }

    /// Whether some phrase of two or more words starts with `word`.
    pub(crate) fn starts_phrase(&self, word: &str) -> bool {
        self.phrase_run(word).is_some_and(|run| run.continues)
    }

    /// What is known of a run of words (joined by single spaces) that starts a phrase of two or
    /// more words; `None` when no such phrase starts with it, so no longer run can be a phrase.
    pub(crate) fn phrase_run(&self, run: &str) -> Option<PhraseRun> {
        self.phrase_runs
            .get_or_init(|| {
                let mut runs: HashMap<String, PhraseRun> = HashMap::default();
                for (phrase, known) in &self.phrases {
                    if !phrase.contains(' ') {
                        continue;
                    }
                    runs.entry(phrase.clone()).or_default().known = Some(*known);
                    for (end, _) in phrase.match_indices(' ') {
                        runs.entry(phrase[..end].to_string()).or_default().continues = true;
                    }
                }
                runs
            })
            .get(run)
            .copied()
    }

    fn from_texts(
        places: &str,
        not_places: &str,
        first_names: &str,
        organizations: &str,
        person_aliases: &str,
    ) -> Gazetteer {
        let mut gazetteer = Gazetteer {
            phrases: HashMap::default(),
            names: Vec::new(),
            first_names: data_lines(first_names).map(str::to_string).collect(),
            common_words: builtin_words(&COMMON_WORDS, BUILTIN_COMMON_WORDS),
            mostly_lower_words: builtin_words(&MOSTLY_LOWER_WORDS, BUILTIN_MOSTLY_LOWER),
            traps: HashMap::default(),
            longest_phrase_tokens: 1,
            seats: HashMap::default(),
            one_word_people: HashSet::default(),
            regions: HashSet::default(),
            possessive_names: HashSet::default(),
            phrase_runs: std::sync::OnceLock::new(),
        };
        for line in data_lines(places) {
            let mut columns = line.split('\t');
            if let (Some(surface), Some(country)) = (columns.next(), columns.next()) {
                let index = gazetteer.intern(country);
                gazetteer.add_phrase(surface, Known::Place(index));
                if columns.next() == Some("region") {
                    gazetteer.regions.insert(surface.to_string());
                }
            }
        }
        for line in data_lines(not_places) {
            gazetteer.add_phrase(line, Known::Nothing);
            for word in line.split([' ', '-']).filter(|word| !word.is_empty()) {
                gazetteer
                    .traps
                    .entry(word.to_string())
                    .or_default()
                    .push(line.to_string());
            }
        }
        for (table, make, people) in [
            (organizations, Known::Org as fn(u32) -> Known, false),
            (person_aliases, Known::Person as fn(u32) -> Known, true),
        ] {
            for line in data_lines(table) {
                let (canonical, variants) = line.split_once('\t').unwrap_or((line, ""));
                let index = gazetteer.intern(canonical.trim());
                gazetteer.add_phrase(canonical, make(index));
                if people && !canonical.trim().contains(' ') {
                    gazetteer
                        .one_word_people
                        .insert(canonical.trim().to_string());
                }
                for variant in variants.split('|').filter(|v| !v.trim().is_empty()) {
                    gazetteer.add_phrase(variant, make(index));
                    if people && !variant.trim().contains(' ') {
                        gazetteer.one_word_people.insert(variant.trim().to_string());
                    }
                }
            }
        }
        gazetteer
    }

    fn intern(&mut self, name: &str) -> u32 {
        if let Some(index) = self.names.iter().position(|known| known == name) {
            return index as u32;
        }
        self.names.push(name.to_string());
        (self.names.len() - 1) as u32
    }

    fn add_phrase(&mut self, surface: &str, known: Known) {
        let tokens = tokenize(surface.trim());
        if tokens.is_empty() {
            return;
        }
        self.longest_phrase_tokens = self.longest_phrase_tokens.max(tokens.len());
        let key = phrase_key(tokens.iter().map(|token| token.text));
        match tokens.as_slice() {
            [token] if token.end > token.start + token.text.len() => {
                self.possessive_names.insert(key.clone());
            }
            _ => {
                self.possessive_names.remove(&key);
            }
        }
        self.insert_phrase(key, known);
    }

    /// Records what a phrase names. A phrase that is both a place and an organisation (the
    /// "White House") names the organisation, and the organisation's seat is that place.
    fn insert_phrase(&mut self, key: String, known: Known) {
        match (self.phrases.get(&key).copied(), known) {
            (Some(Known::Place(country)), Known::Org(org)) => {
                self.seats.insert(org, country);
            }
            (Some(Known::Org(org)), Known::Place(country)) => {
                self.seats.insert(org, country);
                return;
            }
            _ => {}
        }
        self.phrases.insert(key, known);
    }

    /// The country an organisation named after its seat stands in ("Kremlin" → Russia).
    pub(crate) fn seat(&self, org: u32) -> Option<u32> {
        self.seats.get(&org).copied()
    }

    /// Looks up text as written ("Calif.", "New York"), tokenized as phrases are.
    fn lookup_text(&self, text: &str) -> Option<Known> {
        let tokens = tokenize(text);
        self.lookup(&phrase_key(tokens.iter().map(|token| token.text)))
    }

    /// Looks a phrase up by its tokens' texts.
    pub(crate) fn lookup(&self, key: &str) -> Option<Known> {
        self.phrases.get(key).copied()
    }

    /// The canonical name behind an index stored in a [`Known`].
    pub(crate) fn name(&self, index: u32) -> &str {
        &self.names[index as usize]
    }
}

/// Calls `check` with `word` in lower case: short ASCII words (most) lower-cased on the stack,
/// others in a new string.
pub(crate) fn with_lower_case<T>(word: &str, check: impl FnOnce(&str) -> T) -> T {
    let mut buffer = [0u8; 24];
    let bytes = word.as_bytes();
    if bytes.len() > buffer.len() || !word.is_ascii() {
        return check(&word.to_lowercase());
    }
    for (slot, byte) in buffer.iter_mut().zip(bytes) {
        *slot = byte.to_ascii_lowercase();
    }
    // ASCII bytes lower-cased are ASCII: always UTF-8.
    check(std::str::from_utf8(&buffer[..bytes.len()]).unwrap_or_default())
}

/// Joins token texts with single spaces, the key form of every phrase.
pub(crate) fn phrase_key<'a>(words: impl Iterator<Item = &'a str>) -> String {
    // Room for nearly every phrase, so building a key rarely reallocates.
    let mut key = String::with_capacity(64);
    for word in words {
        if !key.is_empty() {
            key.push(' ');
        }
        key.push_str(word);
    }
    key
}

/// The shipped ordinary words, read once per process and shared by every gazetteer.
static COMMON_WORDS: WordList = std::sync::OnceLock::new();
/// The shipped mostly-lower-case words, likewise.
static MOSTLY_LOWER_WORDS: WordList = std::sync::OnceLock::new();

type WordList = std::sync::OnceLock<std::sync::Arc<HashSet<String>>>;

/// A shipped word list, parsed on first use.
fn builtin_words(list: &'static WordList, text: &'static str) -> std::sync::Arc<HashSet<String>> {
    list.get_or_init(|| std::sync::Arc::new(data_lines(text).map(str::to_string).collect()))
        .clone()
}

fn data_lines(text: &str) -> impl Iterator<Item = &str> {
    text.lines()
        .map(str::trim_end)
        .filter(|line| !line.trim().is_empty() && !line.starts_with('#'))
}
