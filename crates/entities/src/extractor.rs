//! The dictionary-only extractor: gazetteer phrases and simple capitalisation rules, no tagger.
//! Fast and predictable; the benches keep it as a reference point for [`crate::NewsExtractor`].

use std::collections::HashMap;

use crate::canonical::{article_text, Tally, TITLE_WORDS};
use crate::gazetteer::{phrase_key, Known};
use crate::{tokenize, Entities, EntityExtractor, Gazetteer, Token};

/// Lower-case particles inside names ("Osama bin Laden", "Ursula von der Leyen").
const NAME_PARTICLES: [&str; 9] = ["bin", "al", "von", "van", "der", "de", "da", "del", "la"];
/// Longest person name we take, in tokens.
const MAX_NAME_TOKENS: usize = 4;

/// The first entity extractor: gazetteer matching for places and organisations, first-name cues
/// for people, and in-article surname resolution ("Vladimir Putin" ... "Putin's").
///
/// Fast and predictable, but it only finds people whose first name it knows and places and
/// organisations its tables list; a statistical tagger replaces the mention finder later.
#[derive(Debug, Clone)]
pub struct GazetteerExtractor {
    gazetteer: Gazetteer,
}

impl Default for GazetteerExtractor {
    fn default() -> Self {
        GazetteerExtractor::new(Gazetteer::builtin())
    }
}

#[derive(Debug)]
enum Mention<'a> {
    Person(String, usize),
    Country(u32, usize),
    Org(u32, usize),
    /// A lone capitalised word that may be the surname of a person named in full elsewhere.
    Single(&'a str, usize),
}

impl GazetteerExtractor {
    /// An extractor over the given dictionaries.
    pub fn new(gazetteer: Gazetteer) -> Self {
        GazetteerExtractor { gazetteer }
    }

    /// Extracts from one piece of text (the title and body already joined).
    pub fn extract_text(&self, text: &str) -> Entities {
        let tokens = tokenize(text);
        let mentions = self.find_mentions(text, &tokens);
        self.resolve(text, mentions)
    }

    fn find_mentions<'a>(&self, text: &str, tokens: &[Token<'a>]) -> Vec<Mention<'a>> {
        let mut mentions = Vec::new();
        let mut index = 0;
        while index < tokens.len() {
            let token = tokens[index];
            if !token.is_capitalized() {
                index += 1;
                continue;
            }
            let known = self.longest_known(text, tokens, index);
            let gazetteer_phrase_is_long = known.is_some_and(|(length, _)| length > 1);
            // A first name with a surname ("Chad Johnson") beats a one-word place ("Chad").
            if !gazetteer_phrase_is_long {
                if let Some(length) = self.person_name_length(text, tokens, index) {
                    let name_tokens = &tokens[index..index + length];
                    let key = phrase_key(name_tokens.iter().map(|t| t.text));
                    let canonical = match self.gazetteer.lookup(&key) {
                        Some(Known::Person(person)) => self.gazetteer.name(person).to_string(),
                        _ => display_name(text, name_tokens),
                    };
                    mentions.push(Mention::Person(canonical, token.start));
                    index += length;
                    continue;
                }
            }
            if let Some((length, known)) = known {
                match known {
                    Known::Place(country) => mentions.push(Mention::Country(country, token.start)),
                    Known::Org(org) => mentions.push(Mention::Org(org, token.start)),
                    Known::Person(person) => mentions.push(Mention::Person(
                        self.gazetteer.name(person).to_string(),
                        token.start,
                    )),
                    Known::Nothing => {}
                }
                index += length;
                continue;
            }
            if !TITLE_WORDS.contains(token.text) {
                mentions.push(Mention::Single(token.text, token.start));
            }
            index += 1;
        }
        mentions
    }

    /// The longest gazetteer phrase starting at `start`, over tokens joined only by spaces.
    fn longest_known(&self, text: &str, tokens: &[Token], start: usize) -> Option<(usize, Known)> {
        let mut best = None;
        let mut key = String::new();
        for length in 1..=self
            .gazetteer
            .longest_phrase_tokens
            .min(tokens.len() - start)
        {
            let token = tokens[start + length - 1];
            if length > 1 {
                if !joined_by_space(text, tokens[start + length - 2], token) {
                    break;
                }
                key.push(' ');
            }
            key.push_str(token.text);
            if let Some(known) = self.gazetteer.lookup(&key) {
                best = Some((length, known));
            }
        }
        best
    }

    /// How many tokens form a person's name starting at `start` with a known first name.
    fn person_name_length(&self, text: &str, tokens: &[Token], start: usize) -> Option<usize> {
        if !self.gazetteer.first_names.contains(tokens[start].text) {
            return None;
        }
        let mut length = 1;
        while start + length < tokens.len() && length < MAX_NAME_TOKENS {
            let previous = tokens[start + length - 1];
            let next = tokens[start + length];
            let initial = previous.text.len() == 1 && text[previous.end..].starts_with(". ");
            if !(joined_by_space(text, previous, next) || initial) || next.sentence_start {
                break;
            }
            let is_particle = NAME_PARTICLES.contains(&next.text)
                && tokens
                    .get(start + length + 1)
                    .is_some_and(Token::is_capitalized);
            // "Martin Luther King Jr.": a title word followed by a generational suffix is a surname.
            let surname_before_suffix = tokens.get(start + length + 1).is_some_and(|after| {
                matches!(after.text, "Jr" | "Sr") && joined_by_space(text, next, *after)
            });
            let is_title = TITLE_WORDS.contains(next.text) && !surname_before_suffix;
            if !(next.is_capitalized() || is_particle) || is_title {
                break;
            }
            if matches!(
                self.gazetteer.lookup(next.text),
                Some(Known::Place(_) | Known::Org(_))
            ) {
                break;
            }
            length += 1;
        }
        // A name needs a surname; a trailing particle or suffix is not one.
        while length > 1
            && (NAME_PARTICLES.contains(&tokens[start + length - 1].text)
                || matches!(tokens[start + length - 1].text, "Jr" | "Sr"))
        {
            length -= 1;
        }
        (length >= 2).then_some(length)
    }

    fn resolve(&self, text: &str, mentions: Vec<Mention>) -> Entities {
        let mut surnames: HashMap<String, String> = HashMap::new();
        for mention in &mentions {
            if let Mention::Person(name, _) = mention {
                if let Some(surname) = name.rsplit(' ').next() {
                    surnames
                        .entry(surname.to_string())
                        .or_insert_with(|| name.clone());
                }
            }
        }
        let georgia_is_us_state = text.contains("Atlanta") || text.contains("Ga.");
        let mut persons = Tally::default();
        let mut countries = Tally::default();
        let mut orgs = Tally::default();
        for mention in mentions {
            match mention {
                Mention::Person(name, offset) => persons.add(&name, offset, &name),
                Mention::Country(country, offset) => {
                    let name = self.gazetteer.name(country);
                    let name = if name == "Georgia" && georgia_is_us_state {
                        "United States"
                    } else {
                        name
                    };
                    countries.add(name, offset, name)
                }
                Mention::Org(org, offset) => {
                    orgs.add(self.gazetteer.name(org), offset, self.gazetteer.name(org))
                }
                Mention::Single(word, offset) => {
                    if let Some(full_name) = surnames.get(word) {
                        persons.add(full_name, offset, word);
                    }
                }
            }
        }
        Entities {
            persons: persons.finish(),
            countries: countries.finish(),
            orgs: orgs.finish(),
            works: Vec::new(),
        }
    }
}

impl EntityExtractor for GazetteerExtractor {
    fn extract(&self, title: &str, body: &str) -> Entities {
        self.extract_text(&article_text(title, body))
    }
}

/// A name as written, with the dots of initials kept ("John F. Kennedy").
fn display_name(text: &str, tokens: &[Token]) -> String {
    let mut name = String::new();
    for token in tokens {
        if !name.is_empty() {
            name.push(' ');
        }
        name.push_str(token.text);
        if token.text.len() == 1 && text[token.end..].starts_with('.') {
            name.push('.');
        }
    }
    name
}

fn joined_by_space(text: &str, left: Token, right: Token) -> bool {
    let between = &text[left.end..right.start];
    !between.is_empty() && between.len() <= 2 && between.chars().all(|c| c == ' ' || c == '-')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Entity;

    fn names(entities: &[Entity]) -> Vec<&str> {
        entities.iter().map(|entity| entity.name.as_str()).collect()
    }

    fn extract(text: &str) -> Entities {
        GazetteerExtractor::default().extract_text(text)
    }

    #[test]
    fn resolves_surnames_and_possessives_to_the_full_name() {
        let found = extract("Putin warns West\n\nRussian President Vladimir Putin said on Monday that Putin's plan stands.");
        assert_eq!(names(&found.persons), ["Vladimir Putin"]);
        assert_eq!(found.persons[0].count, 3);
        assert_eq!(found.persons[0].first_offset, 0);
        assert_eq!(names(&found.countries), ["Russia"]);
    }

    #[test]
    fn countries_from_names_abbreviations_demonyms_and_capitals() {
        let found = extract(
            "Washington and Moscow began talks. The U.S. and Ukrainian envoys met in Kyiv.",
        );
        assert_eq!(
            names(&found.countries),
            ["United States", "Ukraine", "Russia"]
        );
        assert_eq!(found.countries[0].count, 2);
    }

    #[test]
    fn place_traps_produce_no_country() {
        let found =
            extract("Oil rigs in the Gulf of Mexico and voters in New Mexico and Latin America.");
        assert!(found.countries.is_empty(), "{:?}", found.countries);
        let found = extract("Striker Chad Johnson scored twice.");
        assert!(!names(&found.countries).contains(&"Chad"));
        assert_eq!(names(&found.persons), ["Chad Johnson"]);
    }

    #[test]
    fn georgia_is_the_state_when_the_story_is_in_atlanta() {
        let found = extract("Voters in Georgia lined up in Atlanta on Tuesday.");
        assert_eq!(names(&found.countries), ["United States"]);
        let found = extract("Georgia and Armenia signed a deal.");
        assert_eq!(names(&found.countries), ["Georgia", "Armenia"]);
    }

    #[test]
    fn aliases_merge_transliterations_and_abbreviations() {
        let found = extract("Volodymyr Zelenskyy met NATO officials. Zelensky thanked the North Atlantic Treaty Organization.");
        assert_eq!(names(&found.persons), ["Volodymyr Zelensky"]);
        assert_eq!(found.persons[0].count, 2);
        assert_eq!(names(&found.orgs), ["North Atlantic Treaty Organization"]);
        assert_eq!(found.orgs[0].count, 2);
    }

    #[test]
    fn initials_and_suffix_names_stay_whole() {
        let found = extract("President John F. Kennedy met Martin Luther King Jr. and George W. Bush. Kennedy left.");
        assert_eq!(
            names(&found.persons),
            ["John F. Kennedy", "Martin Luther King", "George W. Bush"]
        );
        assert_eq!(found.persons[0].count, 2);
    }

    #[test]
    fn titles_are_not_part_of_names_and_hyphenated_pairs_split() {
        let found = extract(
            "President Joe Biden and Prime Minister Boris Johnson held Biden-Johnson talks.",
        );
        assert_eq!(names(&found.persons), ["Joe Biden", "Boris Johnson"]);
        assert_eq!(found.persons[0].count, 2);
    }
}
