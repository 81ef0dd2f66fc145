//! The news entity extractor: the statistical tagger finds the mentions, the gazetteers and the
//! article itself turn them into canonical people, countries and organisations.

mod credits;
mod cut;
mod dateline;
mod extend;
mod hyphens;
mod joined;
mod lexicon;
mod lists;
mod parties;
mod refine;
mod resolve;
mod words;
mod works;

use crate::tagger::{spans, Tagger};
use crate::EntitiesError;
use crate::{Entities, EntityExtractor, Gazetteer};

pub(crate) use words::Word;

/// Whether `word` heads an organisation's name ("Foundation", "Committee", "Party"): a name
/// ending in one names an organisation, even when it starts with a person's name.
pub fn is_organisation_head(word: &str) -> bool {
    lexicon::ORG_HEADS.contains(word)
}

/// A tagged mention: its kind (`PER`, `LOC`, `ORG`, `MISC`) and its tokens.
#[derive(Debug, Clone)]
pub(crate) struct Mention<'a> {
    pub kind: &'static str,
    pub words: Vec<Word<'a>>,
    /// Whether the sentence is written in title case or capitals (a headline, a teaser), where
    /// capitals say little about names.
    pub title_case: bool,
    /// Whether the words around it call it the title of a work ("the film Sideways").
    pub work: bool,
    /// Whether it is a whole title in quotation marks (“Face the Nation”): a work under that
    /// title, while a name inside it ("The Late Show with Stephen Colbert") still counts where
    /// the article names it outside the title.
    pub quoted_title: bool,
    /// Whether it starts its sentence, where a capital says nothing about a name.
    pub sentence_start: bool,
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
    pub fn builtin() -> Result<NewsExtractor, EntitiesError> {
        NewsExtractor::with_gazetteer(Gazetteer::builtin())
    }

    /// The built-in model with another gazetteer (the built-in one plus a folder of extra
    /// aliases, for example: see [`Gazetteer::builtin_with_folder`]).
    pub fn with_gazetteer(gazetteer: Gazetteer) -> Result<NewsExtractor, EntitiesError> {
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
            let sentence_spans = spans(labels);
            if sentence_spans.is_empty() {
                untagged.extend(sentence.iter().filter(|word| word.is_word()).copied());
                continue;
            }
            let title_case = is_title_case(sentence);
            covered.clear();
            covered.resize(sentence.len(), false);
            let sentence_spans =
                extend::extend_organisations(sentence, sentence_spans, &self.gazetteer);
            let sentence_spans = cut::at_line_breaks(sentence, sentence_spans, text);
            for (kind, start, end) in
                cut::over_cut_words(sentence, sentence_spans, text, &self.gazetteer)
            {
                covered[start..end].iter_mut().for_each(|c| *c = true);
                // A name inside a quoted title stands for the whole title, a work.
                let quoted = works::quoted_title(sentence, start, end);
                let work = works::names_a_work(sentence, start, end);
                let (start, end) = quoted.unwrap_or((start, end));
                let words = &sentence[start..end];
                if let Some(short) = defined_abbreviation(sentence, end) {
                    if kind == "ORG" && end - start > 1 {
                        definitions.push((short, words.to_vec()));
                    }
                }
                mentions.push(Mention {
                    kind,
                    words: words.to_vec(),
                    title_case,
                    work,
                    quoted_title: quoted.is_some(),
                    sentence_start: sentence[..start].iter().all(|word| !word.is_word()),
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
        let mut mentions = hyphens::join_names_cut_at_hyphens(mentions, text, &self.gazetteer);
        // Who reported, edited or helped is no one the story names.
        let credits = credits::credit_lines(text);
        if !credits.is_empty() {
            let credited = |word: &Word| credits::in_credit(&credits, word.start);
            mentions.retain(|mention| !mention.words.first().is_some_and(credited));
            untagged.retain(|word| !credited(word));
        }
        let dateline = dateline::dateline_place(text, &self.gazetteer);
        let mut resolver = resolve::Resolver::new(&self.gazetteer, text);
        resolver.add_party_labels(&parties::party_labels(text, &self.gazetteer));
        resolver.resolve(mentions, untagged, dateline, definitions)
    }
}

/// Whether most words of a sentence after the first start with a capital (four words or more):
/// a title-case headline or teaser.
fn is_title_case(sentence: &[Word]) -> bool {
    let mut words = 0;
    let mut capitalised = 0;
    for word in sentence.iter().filter(|word| word.is_word()).skip(1) {
        words += 1;
        capitalised += usize::from(word.text.chars().next().is_some_and(char::is_uppercase));
    }
    words >= 3 && capitalised * 10 >= words * 7
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

    fn gazetteer(&self) -> Option<&Gazetteer> {
        Some(&self.gazetteer)
    }
}
