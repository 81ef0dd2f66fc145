//! What a run of words is called: its surface text, what the gazetteers know it as, a
//! person's canonical name, the abbreviations an article defines, and the country a place
//! stands for in the article.

use rustc_hash::FxHashMap as HashMap;

use super::cues::{
    GEORGIA_COUNTRY_CUES, GEORGIA_STATE_CUES, TURKEY_BIRD_CUES, TURKEY_COUNTRY_CUES,
};
use super::spans::{is_initial, split_where, strip_article};
use super::{Mention, Resolver, Word};
use crate::canonical::TITLE_WORDS;
use crate::gazetteer::Known;
use crate::tagger::title_case;

impl<'a> Resolver<'a> {
    /// The text a run of words covers, with runs of whitespace as one space.
    pub(super) fn surface(&self, words: &[Word]) -> String {
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
    pub(super) fn lookup(&self, words: &[Word]) -> Option<Known> {
        let (Some(first), Some(last)) = (words.first(), words.last()) else {
            return self.gazetteer.lookup("");
        };
        let run = (first.start, last.end, words.len());
        if let Some(known) = self.lookups.borrow().get(&run) {
            return *known;
        }
        let known = self.lookup_uncached(words);
        self.lookups.borrow_mut().insert(run, known);
        known
    }

    pub(super) fn lookup_uncached(&self, words: &[Word]) -> Option<Known> {
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
            // "Harper" in a list of players is no "Harper's".
            let possessive = || {
                words.last().is_some_and(|last| {
                    let after = &self.text[last.end.min(self.text.len())..];
                    after.starts_with("'s") || after.starts_with("’s")
                })
            };
            if !key.contains(' ') && self.gazetteer.only_with_possessive(&key) && !possessive() {
                return None;
            }
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

    /// Whether the word before `word` in the text is a title ("Senator", "Mr.", "Gen.").
    pub(super) fn after_title(&self, word: &Word) -> bool {
        let before = self.text[..word.start].trim_end();
        let previous = before
            .rsplit(char::is_whitespace)
            .next()
            .unwrap_or("")
            .trim_end_matches('.');
        !previous.is_empty() && TITLE_WORDS.contains(previous)
    }

    /// Splits hyphenated pairs ("Trump-Putin", "U.S.-Russia") into their two names, but keeps
    /// hyphenated first names ("Jean-Claude Juncker") and names the gazetteer knows whole.
    /// Each part is handed to `part`, in order.
    pub(super) fn split_pairs<'w>(&self, mention: &Mention<'w>, mut part: impl FnMut(&[Word<'w>])) {
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

    /// The known organisation a name written with "&" is with "and" ("Securities & Exchange
    /// Commission").
    pub(super) fn known_with_and(&self, words: &[Word]) -> Option<u32> {
        if !words.iter().any(|word| word.text == "&") {
            return None;
        }
        let key = crate::gazetteer::phrase_key(
            words
                .iter()
                .filter(|word| word.is_word() || word.text == "&")
                .map(|word| if word.text == "&" { "and" } else { word.text }),
        );
        match self.gazetteer.lookup(&key) {
            Some(Known::Org(org)) => Some(org),
            _ => None,
        }
    }

    /// The known organisation a name is after a national prefix ("U.S. Federal Trade
    /// Commission", "US Navy"), with its words: the gazetteers know it without the prefix.
    pub(super) fn known_after_national_prefix<'w, 'm>(
        &self,
        words: &'m [Word<'w>],
    ) -> Option<(u32, &'m [Word<'w>])> {
        match words {
            [prefix, rest @ ..] if matches!(prefix.text, "U.S." | "US") && !rest.is_empty() => {
                match self.lookup(rest) {
                    Some(Known::Org(org)) => Some((org, rest)),
                    _ => None,
                }
            }
            _ => None,
        }
    }

    /// The canonical name of a person mention: the alias table's name when it knows the
    /// mention, else the mention without middle initials ("John A. Boehner" → "John Boehner"),
    /// so a person is one facet value whether or not a text gives the initials. Initials that
    /// tell people apart ("George W. Bush", "George H. W. Bush") are kept by the alias table.
    pub(super) fn person_name(&self, words: &[Word]) -> String {
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
    pub(super) fn abbreviations(
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
    pub(super) fn country_in_context(&self, country: u32) -> Option<&'a str> {
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

#[cfg(test)]
mod tests {
    use super::*;

    use crate::news::words::spaced_words as words;

    #[test]
    fn a_known_organisation_after_a_national_prefix_is_that_organisation() {
        let gazetteer = crate::Gazetteer::builtin();
        for text in [
            "U.S. Securities and Exchange Commission",
            "US Environmental Protection Agency",
        ] {
            let resolver = Resolver::new(&gazetteer, text);
            let words = words(text);
            let found = resolver.known_after_national_prefix(&words);
            assert!(
                found.is_some_and(|(_, rest)| rest.len() + 1 == words.len()),
                "{text}"
            );
        }
        let text = "U.S. Harbour Watch";
        let resolver = Resolver::new(&gazetteer, text);
        assert!(resolver.known_after_national_prefix(&words(text)).is_none());
    }

    #[test]
    fn an_ampersand_stands_for_and() {
        let gazetteer = crate::Gazetteer::builtin();
        let text = "Securities & Exchange Commission";
        let resolver = Resolver::new(&gazetteer, text);
        assert!(resolver.known_with_and(&words(text)).is_some());
        let text = "Harbour & Dock Commission";
        let resolver = Resolver::new(&gazetteer, text);
        assert!(resolver.known_with_and(&words(text)).is_none());
    }

    #[test]
    fn a_name_known_with_a_possessive_needs_it() {
        let extra = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../index-data/entities/extra");
        let gazetteer = crate::Gazetteer::builtin_with_folder(&extra).expect("extra lists load");
        let text = "Lowe scored; Lowe's shares rose";
        let resolver = Resolver::new(&gazetteer, text);
        let word = |start: usize| Word {
            text: &text[start..start + 4],
            start,
            end: start + 4,
        };
        assert_eq!(resolver.lookup(&[word(0)]), None);
        assert!(matches!(resolver.lookup(&[word(13)]), Some(Known::Org(_))));
    }
}
