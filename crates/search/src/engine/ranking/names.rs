//! The entity names a query may name: every person, country and organisation value of the index
//! (as the extractor wrote it, counted as its canonical value in the registry), looked up by its
//! words lowercased and folded, so that "king charles", "Osama bin-Laden" and "XI JINPING" find
//! the name they spell.

use std::sync::{Arc, Mutex, PoisonError};

use newsroom_entities::EntityKind;
use newsroom_index::NameRegistry;
use rustc_hash::FxHashMap;
use tantivy::index::SegmentId;
use tantivy::tokenizer::{
    AsciiFoldingFilter, LowerCaser, SimpleTokenizer, TextAnalyzer, TokenStream,
};
use tantivy::Searcher;

use crate::SearchError;

/// Longest name looked up, in words.
pub(crate) const MAX_NAME_WORDS: usize = 5;

/// One entity a run of query words names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct NamedEntity {
    pub(crate) kind: EntityKind,
    pub(crate) canonical: String,
    /// Articles naming it (summed over its spellings, so an upper bound).
    pub(crate) articles: u64,
}

/// Spellings named in fewer articles are not read: the long tail of one-off values (most of
/// the index's values) holds no name a query is read as naming (see
/// [`RankingParams::entity_min_articles`](super::RankingParams)), and reading it was most of
/// the lookup's time and memory.
const MIN_SPELLING_ARTICLES: u32 = 2;

/// Entity names by their folded words (`"osama bin laden"`), and the names holding each word.
#[derive(Debug, Default)]
pub(crate) struct NameLookup {
    /// The entities of each name, most named first, by name number.
    entities: Vec<Vec<NamedEntity>>,
    /// Folded words of a name → its number.
    by_words: FxHashMap<String, u32>,
    /// Every folded word of a name with the names holding it, sorted by word (words sharing a
    /// stem share its first letters, so they sit together).
    words: Vec<(String, Vec<u32>)>,
}

impl NameLookup {
    /// Reads the name fields' term dictionaries of every segment of `searcher`.
    fn read(
        searcher: &Searcher,
        fields: &[(EntityKind, tantivy::schema::Field)],
        registry: &NameRegistry,
    ) -> Result<NameLookup, SearchError> {
        let mut folder = word_folder();
        let mut lookup = NameLookup::default();
        let mut words: FxHashMap<String, Vec<u32>> = FxHashMap::default();
        for &(kind, field) in fields {
            for segment in searcher.segment_readers() {
                let inverted_index = segment.inverted_index(field)?;
                let mut stream = inverted_index
                    .terms()
                    .stream()
                    .map_err(tantivy::TantivyError::from)?;
                while stream.advance() {
                    let articles = stream.value().doc_freq;
                    if articles < MIN_SPELLING_ARTICLES {
                        continue;
                    }
                    let Ok(raw) = std::str::from_utf8(stream.key()) else {
                        continue;
                    };
                    let Some(canonical) = registry.canonical(kind.as_str(), raw) else {
                        continue;
                    };
                    let name_words = folded_words(&mut folder, raw);
                    if name_words.is_empty() {
                        continue;
                    }
                    let key = name_words.join(" ");
                    let number = match lookup.by_words.get(&key) {
                        Some(&number) => number,
                        None => {
                            let number = lookup.entities.len() as u32;
                            lookup.entities.push(Vec::new());
                            lookup.by_words.insert(key, number);
                            for word in name_words {
                                let names = words.entry(word).or_default();
                                if names.last() != Some(&number) {
                                    names.push(number);
                                }
                            }
                            number
                        }
                    };
                    let entities = &mut lookup.entities[number as usize];
                    match entities
                        .iter_mut()
                        .find(|entity| entity.kind == kind && entity.canonical == canonical)
                    {
                        Some(entity) => entity.articles += u64::from(articles),
                        None => entities.push(NamedEntity {
                            kind,
                            canonical: canonical.to_string(),
                            articles: u64::from(articles),
                        }),
                    }
                }
            }
        }
        for entities in &mut lookup.entities {
            entities.sort_by(|a, b| {
                b.articles
                    .cmp(&a.articles)
                    .then_with(|| a.canonical.cmp(&b.canonical))
            });
        }
        lookup.words = words.into_iter().collect();
        lookup.words.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        Ok(lookup)
    }

    /// The entities `words` (folded) spell, most named first.
    pub(crate) fn get(&self, words: &[String]) -> &[NamedEntity] {
        self.by_words
            .get(&words.join(" "))
            .map_or(&[], |&number| self.entities[number as usize].as_slice())
    }

    /// The `limit` most named entities whose names hold another word with the stem of `word`
    /// (folded) than `word` itself: the names an article may match the word by ("Donna
    /// Brazile" for "brazil"), most named first, leaving out those named in fewer than
    /// `min_articles` articles.
    pub(crate) fn sharing_stem(
        &self,
        word: &str,
        stem: &str,
        min_articles: u64,
        limit: usize,
    ) -> Vec<NamedEntity> {
        // English stems keep a word's letters but for the last ("happy" is "happi"): the
        // candidates start with the others. Stems that short name nothing specific.
        let letters = stem.chars().count();
        if letters < 3 {
            return Vec::new();
        }
        let prefix: String = stem.chars().take(letters - 1).collect();
        let first = self
            .words
            .partition_point(|(known, _)| known.as_str() < prefix.as_str());
        let mut stemmer = newsroom_index::schema::text_analyzer();
        let mut found: Vec<&NamedEntity> = Vec::new();
        for (other, names) in self.words[first..]
            .iter()
            .take_while(|(known, _)| known.starts_with(&prefix))
        {
            if other == word || newsroom_index::schema::tokens(&mut stemmer, other) != [stem] {
                continue;
            }
            for &number in names {
                let entities = &self.entities[number as usize];
                found.extend(
                    entities
                        .iter()
                        .filter(|entity| entity.articles >= min_articles),
                );
            }
        }
        found.sort_by(|a, b| {
            b.articles
                .cmp(&a.articles)
                .then_with(|| a.canonical.cmp(&b.canonical))
        });
        found.dedup_by(|a, b| a.kind == b.kind && a.canonical == b.canonical);
        found.into_iter().take(limit).cloned().collect()
    }
}

/// Lowercased, ASCII-folded words, as names are looked up.
pub(crate) fn word_folder() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .build()
}

/// The folded words of `text`.
pub(crate) fn folded_words(folder: &mut TextAnalyzer, text: &str) -> Vec<String> {
    let mut stream = folder.token_stream(text);
    let mut words = Vec::new();
    while let Some(token) = stream.next() {
        words.push(token.text.clone());
    }
    words
}

/// A lookup with the segments and the registry it was read from.
type ReadLookup = (Vec<SegmentId>, Arc<NameRegistry>, Arc<NameLookup>);

/// The lookup of the current segments and registry, read again when either changes.
#[derive(Default)]
pub(crate) struct NameLookupCache {
    current: Mutex<Option<ReadLookup>>,
}

impl NameLookupCache {
    /// The lookup for `searcher`'s segments and `registry`.
    pub(crate) fn get(
        &self,
        searcher: &Searcher,
        fields: &[(EntityKind, tantivy::schema::Field)],
        registry: &Arc<NameRegistry>,
    ) -> Result<Arc<NameLookup>, SearchError> {
        let segments: Vec<SegmentId> = searcher
            .segment_readers()
            .iter()
            .map(|segment| segment.segment_id())
            .collect();
        let mut current = self.current.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some((known_segments, known_registry, lookup)) = current.as_ref() {
            if *known_segments == segments && Arc::ptr_eq(known_registry, registry) {
                return Ok(Arc::clone(lookup));
            }
        }
        let lookup = Arc::new(NameLookup::read(searcher, fields, registry)?);
        *current = Some((segments, Arc::clone(registry), Arc::clone(&lookup)));
        Ok(lookup)
    }
}
