//! The news entity extractor: the statistical tagger finds the mentions, the gazetteers and the
//! article itself turn them into canonical people, countries and organisations.

mod dateline;
mod resolve;
mod words;

use rustc_hash::FxHashSet as HashSet;

use crate::tagger::{spans, ModelError, Tagger};
use crate::{Entities, EntityExtractor, Gazetteer};

pub(crate) use words::Word;

/// A tagged mention: its kind (`PER`, `LOC`, `ORG`, `MISC`) and its tokens.
#[derive(Debug, Clone)]
pub(crate) struct Mention<'a> {
    pub kind: &'static str,
    pub words: Vec<Word<'a>>,
}

/// The extractor newsroom indexes with: a trained sequence tagger for mentions, then
/// canonicalisation (full names for surnames, alias tables, abbreviations defined in the
/// article, places resolved to their country, wire datelines).
#[derive(Debug, Clone)]
pub struct NewsExtractor {
    tagger: Tagger,
    gazetteer: Gazetteer,
}

impl NewsExtractor {
    /// The extractor with the model and gazetteers built into the binary.
    pub fn builtin() -> Result<NewsExtractor, ModelError> {
        NewsExtractor::with_gazetteer(Gazetteer::builtin())
    }

    /// The built-in model with another gazetteer (the built-in one plus a folder of extra
    /// aliases, for example: see [`Gazetteer::builtin_with_folder`]).
    pub fn with_gazetteer(gazetteer: Gazetteer) -> Result<NewsExtractor, ModelError> {
        Ok(NewsExtractor {
            tagger: Tagger::builtin(gazetteer.clone())?,
            gazetteer,
        })
    }

    /// A given tagger with a gazetteer.
    pub fn new(tagger: Tagger, gazetteer: Gazetteer) -> NewsExtractor {
        NewsExtractor { tagger, gazetteer }
    }

    /// Extracts from one piece of text (the title and body already joined by a blank line).
    pub fn extract_text(&self, text: &str) -> Entities {
        let sentences = words::sentences(text);
        let texts: Vec<Vec<&str>> = sentences
            .iter()
            .map(|sentence| sentence.iter().map(|word| word.text).collect())
            .collect();
        let labels = self.tagger.tag_document(&texts);
        let mut mentions = Vec::new();
        let mut untagged = Vec::with_capacity(sentences.iter().map(Vec::len).sum());
        let mut definitions = Vec::new();
        let mut covered = Vec::new();
        for (sentence, labels) in sentences.iter().zip(&labels) {
            covered.clear();
            covered.resize(sentence.len(), false);
            for (kind, start, end) in spans(labels) {
                covered[start..end].iter_mut().for_each(|c| *c = true);
                let words = &sentence[start..end];
                if let Some(short) = defined_abbreviation(sentence, end) {
                    if kind == "ORG" && end - start > 1 {
                        definitions.push((short, words.to_vec()));
                    }
                }
                if let Some(previous) = mentions.last_mut() {
                    if self.is_hyphenated_first_name(previous, kind, words, text) {
                        previous.words.extend_from_slice(words);
                        continue;
                    }
                }
                mentions.push(Mention {
                    kind,
                    words: words.to_vec(),
                });
            }
            untagged.extend(
                sentence
                    .iter()
                    .zip(&covered)
                    .filter(|(word, covered)| !**covered && word.is_word())
                    .map(|(word, _)| *word),
            );
        }
        let mentions = join_hyphenated_surnames(mentions, text);
        let dateline = dateline::dateline_place(text, &self.gazetteer);
        resolve::Resolver::new(&self.gazetteer, text).resolve(
            mentions,
            untagged,
            dateline,
            definitions,
        )
    }
}

impl NewsExtractor {
    /// Whether a person mention continues `previous` across a hyphen ("Jean" + "-Claude
    /// Juncker"): the tagger sometimes cuts names at the hyphen that CoNLL never splits.
    fn is_hyphenated_first_name(
        &self,
        previous: &Mention,
        kind: &str,
        words: &[Word],
        text: &str,
    ) -> bool {
        let (Some(last), Some(next)) = (previous.words.last(), words.first()) else {
            return false;
        };
        previous.kind == "PER"
            && kind == "PER"
            && previous.words.len() == 1
            && self.gazetteer.first_names.contains(last.text)
            && text.get(last.end..next.start) == Some("-")
    }
}

/// Joins person mentions the tagger cut at the hyphen of a double-barrelled surname: a full
/// name and one word ("Alexandria Ocasio" + "-Cortez"), then the same two words wherever they
/// stand alone ("Ocasio" + "-Cortez", in a headline before the full name too). Pairs of people
/// stay apart: "Trump-Putin" (two single words no full name joins) and "Joe Biden-Putin" when
/// the article names a "... Putin" in full.
fn join_hyphenated_surnames<'a>(mentions: Vec<Mention<'a>>, text: &str) -> Vec<Mention<'a>> {
    let hyphenated = |before: &Word, after: &Word| text.get(before.end..after.start) == Some("-");
    let cut_at_hyphen = |pair: &[Mention]| match (pair[0].words.last(), pair[1].words.first()) {
        (Some(last), Some(first)) => {
            pair[0].kind == "PER" && pair[1].kind == "PER" && hyphenated(last, first)
        }
        _ => false,
    };
    // Most articles have no person mention cut at a hyphen: nothing to build for them.
    if !mentions.windows(2).any(cut_at_hyphen) {
        return mentions;
    }
    let full_name_surnames: HashSet<&str> = mentions
        .iter()
        .filter(|mention| mention.kind == "PER" && mention.words.len() > 1)
        .filter_map(|mention| mention.words.last().map(|word| word.text))
        .collect();
    // (last word of a full name, the word after its hyphen), for every full name cut there.
    let mut surnames: HashSet<(&str, &str)> = HashSet::default();
    for mention in mentions.iter().filter(|mention| mention.kind == "PER") {
        if let [_, .., before, last] = mention.words.as_slice() {
            if hyphenated(before, last) {
                surnames.insert((before.text, last.text));
            }
        }
    }
    for pair in mentions.windows(2) {
        if let ([before @ .., last], [single]) =
            (pair[0].words.as_slice(), pair[1].words.as_slice())
        {
            if pair[0].kind == "PER"
                && pair[1].kind == "PER"
                && !before.is_empty()
                && hyphenated(last, single)
                && !full_name_surnames.contains(single.text)
            {
                surnames.insert((last.text, single.text));
            }
        }
    }
    if surnames.is_empty() {
        return mentions;
    }
    let mut joined: Vec<Mention> = Vec::with_capacity(mentions.len());
    for mention in mentions {
        if let (Some(previous), [single]) = (joined.last_mut(), mention.words.as_slice()) {
            if let Some(last) = previous.words.last() {
                if previous.kind == "PER"
                    && mention.kind == "PER"
                    && hyphenated(last, single)
                    && surnames.contains(&(last.text, single.text))
                {
                    previous.words.push(*single);
                    continue;
                }
            }
        }
        joined.push(mention);
    }
    joined
}

/// The abbreviation in parentheses right after position `end` ("... Agency (IAEA)"), if any.
fn defined_abbreviation<'a>(sentence: &[Word<'a>], end: usize) -> Option<&'a str> {
    match sentence.get(end..end + 3)? {
        [open, short, close] if open.text == "(" && close.text == ")" => {
            let letters = short.text.chars().filter(|c| c.is_alphabetic()).count();
            let capitals = short.text.chars().all(|c| !c.is_lowercase());
            ((2..=10).contains(&letters) && capitals).then_some(short.text)
        }
        _ => None,
    }
}

impl EntityExtractor for NewsExtractor {
    fn extract(&self, title: &str, body: &str) -> Entities {
        self.extract_text(&crate::canonical::article_text(title, body))
    }
}
