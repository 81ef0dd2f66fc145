//! Runs a [`SearchRequest`] against the index: query, filters, sort, facets, histogram, snippets.

mod collapse;
mod fallback;
mod hits;
mod pass;

pub(crate) use pass::query_error;
use pass::Ranked;
pub(crate) mod query;
pub(crate) mod query_text;
pub(crate) mod ranking;
pub(crate) mod seekable_union;

use fallback::{Fallback, FallbackResult};
use hits::{article_with_mentions, hit_article, make_hit};
use query::with_filters;
use ranking::names::NameLookupCache;
pub use ranking::RankingParams;
use ranking::{Matching, TextSearch};

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

use newsroom_entities::EntityKind;
use newsroom_index::schema::field_names;
use newsroom_index::{
    open_existing, FacetKind, NameCount, NewsSchema, StoredArticle, StoredFields,
};
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{Query, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::{Index, IndexReader, Term};

use crate::collect::histogram::{read_histogram, DayColumns};
use crate::explore::significant_values;
use crate::names::RegistryWatch;
use crate::response::SearchResponse;
use crate::suggest::autocomplete::entity_suggestions;
use crate::{Operator, SearchError, SearchRequest, SortOrder};
use newsroom_corpus::{Boilerplate, BoilerplateLearner};

/// Fragments per hit.
const MAX_FRAGMENTS: usize = 3;
/// Below this many hits a response carries a spelling suggestion when one exists.
const FEW_HITS: u64 = 3;

/// An open index ready to answer requests; cheap to share behind an `Arc`.
pub struct SearchEngine {
    index: Index,
    pub(crate) reader: IndexReader,
    pub(crate) schema: NewsSchema,
    /// The registry of names and the facet columns read through it.
    pub(crate) names: RegistryWatch,
    /// Boilerplate lines, kept out of snippets.
    boilerplate: Arc<Boilerplate>,
    pub(crate) day_columns: Arc<DayColumns>,
    /// Which documents share their story with other articles (collapse's fast path).
    shared_stories: crate::collect::stories::SharedStories,
    /// The parameters of the ranking (see `ranking`).
    ranking: RankingParams,
    /// The entity names a query may name, read once per set of segments and registry.
    pub(crate) name_lookup: NameLookupCache,
}

impl SearchEngine {
    /// Opens the index in `dir`; the reader follows new commits by itself.
    pub fn open(dir: &Path) -> Result<SearchEngine, SearchError> {
        let (index, schema) = open_existing(dir)?;
        let reader = index.reader()?;
        // The boilerplate indexing learned (kept out of snippets); markers alone without it.
        let boilerplate_path = dir.join(newsroom_index::BOILERPLATE_FILE);
        let boilerplate = BoilerplateLearner::load(&boilerplate_path)
            .map_err(|source| {
                SearchError::Index(newsroom_index::IndexError::Io {
                    path: boilerplate_path.clone(),
                    source,
                })
            })?
            .boilerplate();
        Ok(SearchEngine {
            index,
            reader,
            schema,
            boilerplate: Arc::new(boilerplate),
            names: RegistryWatch::open(dir)?,
            day_columns: Arc::default(),
            shared_stories: Default::default(),
            ranking: RankingParams::default(),
            name_lookup: NameLookupCache::default(),
        })
    }

    /// Changes the ranking parameters (to evaluate them: `newsroom eval-ranking --set`).
    pub fn set_ranking(&mut self, params: RankingParams) {
        self.ranking = params;
    }

    /// The parameters of the ranking.
    pub fn ranking(&self) -> &RankingParams {
        &self.ranking
    }

    /// Reads every segment's facet and day columns into memory now (see `collect/facets.rs` and
    /// `collect/histogram.rs`) so the first searches do not pay for it; a server runs this in the
    /// background as it starts.
    pub fn warm_columns(&self) -> Result<(), SearchError> {
        let searcher = self.reader.searcher();
        let facet_names = self.names.current();
        for segment in searcher.segment_readers() {
            for kind in FacetKind::ALL {
                facet_names.load(segment, kind.field_name())?;
            }
            self.day_columns.load(segment, field_names::PUBLISHED);
        }
        self.name_lookup
            .get(&searcher, &self.entity_fields(), facet_names.registry())?;
        Ok(())
    }

    /// Reloads the reader now rather than waiting for the background reload.
    pub fn reload(&self) -> Result<(), SearchError> {
        Ok(self.reader.reload()?)
    }

    /// Live documents in the index.
    pub fn document_count(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// Answers a search request.
    pub fn search(&self, request: &SearchRequest) -> Result<SearchResponse, SearchError> {
        let started = Instant::now();
        request.validate()?;
        if request.story.is_some() && self.schema.story.is_none() {
            return Err(SearchError::BadRequest(
                "this index was written before stories existed; re-index it into a new folder to list a story's articles".into(),
            ));
        }
        let searcher = self.reader.searcher();
        let segments: Vec<_> = searcher
            .segment_readers()
            .iter()
            .map(|segment| segment.segment_id())
            .collect();
        let facet_names = self.names.current();
        facet_names.retain(&segments);
        self.day_columns.retain(&segments);
        let registry = Arc::clone(facet_names.registry());
        let filters = self.filter_queries(request, &registry);
        let matching = match request.operator {
            Operator::And => Matching::All,
            Operator::Or => Matching::Any,
        };
        let TextSearch {
            query: soft_query,
            every_word,
            rescorer,
        } = self.text_search(&searcher, &request.q, matching, request, &registry)?;
        // Soft AND: the articles with every word are ranked first; only when there are few
        // of them are the articles missing a word (scored lower) looked for too: walking
        // those costs several times the query for long queries of common words.
        let rank_with = |query: &dyn Query| {
            self.rank(
                &searcher,
                request,
                with_filters(query.box_clone(), &filters),
                &facet_names,
                rescorer.as_ref(),
            )
        };
        let enough = self.ranking.soft_and_below as u64;
        let (text_query, mut ranked, all_words_total) = match every_word {
            Some(every_word) if enough > 0 => {
                let all_words = rank_with(every_word.as_ref())?;
                let all_words_total = all_words.total;
                if all_words_total >= enough {
                    (every_word, all_words, all_words_total)
                } else {
                    (
                        soft_query.box_clone(),
                        rank_with(soft_query.as_ref())?,
                        all_words_total,
                    )
                }
            }
            Some(every_word) => {
                let count = searcher
                    .search(with_filters(every_word, &filters).as_ref(), &Count)
                    .map_err(query_error)? as u64;
                (
                    soft_query.box_clone(),
                    rank_with(soft_query.as_ref())?,
                    count,
                )
            }
            None => {
                let ranked = rank_with(soft_query.as_ref())?;
                let total = ranked.total;
                (soft_query, ranked, total)
            }
        };
        let mut used_query = text_query;
        let mut fallback = None;
        let mut checked_words = None;
        if matching == Matching::All
            && all_words_total == 0
            && request.q.split_whitespace().count() > 1
        {
            let most_words = ranked.total > 0;
            let found = self.fallback(
                &searcher,
                request,
                (&filters, &registry),
                &facet_names,
                &mut checked_words,
                most_words,
            )?;
            if let Some(found) = found {
                let FallbackResult {
                    fallback: kind,
                    ranked: fallback_ranked,
                    text_query,
                } = found;
                ranked = fallback_ranked;
                used_query = text_query;
                fallback = Some(kind);
            } else if most_words {
                fallback = Some(Fallback::MostWords);
            }
        }
        let highlighter = self.highlighter(used_query.as_ref(), request);
        let mut hits = Vec::with_capacity(ranked.page.len());
        for (score, address) in &ranked.page {
            let document: StoredFields = searcher.doc(*address)?;
            let (article, spellings) = hit_article(&registry, &self.schema, document, request);
            let mut hit = make_hit(
                article,
                *score,
                (&highlighter, &spellings),
                request.snippets,
                &self.boilerplate,
            );
            hit.more_versions = ranked
                .versions
                .get(address)
                .map_or(0, |matches| matches.saturating_sub(1));
            hits.push(hit);
        }
        if request.sort == SortOrder::Relevance {
            // Equal scores: newest first (a stable sort keeps tantivy's order otherwise).
            hits.sort_by(|a, b| {
                b.score
                    .total_cmp(&a.score)
                    .then(b.published.cmp(&a.published))
            });
        }
        let mut facets = BTreeMap::new();
        if let Some(counted) = ranked.facets {
            // The counter counts only the requested kinds, in table order.
            let requested = FacetKind::ALL
                .into_iter()
                .filter(|kind| request.wants_facet(*kind));
            for (kind, values) in requested.zip(counted) {
                facets.insert(kind.as_str().to_string(), values);
            }
            let query = with_filters(used_query.box_clone(), &filters);
            self.keep_selected_visible(&searcher, query.as_ref(), request, &registry, &mut facets)?;
        }
        let significant = if request.significant.is_empty() {
            None
        } else {
            let query = with_filters(used_query.box_clone(), &filters);
            Some(significant_values(
                &searcher,
                query.as_ref(),
                request,
                &facet_names,
            )?)
        };
        let histogram = ranked.days.map(read_histogram);
        let corrected = matches!(fallback, Some(Fallback::Corrected { .. }));
        let did_you_mean =
            if all_words_total < FEW_HITS && !corrected && !request.q.trim().is_empty() {
                let words =
                    checked_words.unwrap_or_else(|| self.check_words(&searcher, &request.q));
                crate::suggest::did_you_mean::did_you_mean(&words)
            } else {
                None
            };
        let (fallback_or, notice, corrected_query, corrections) = match fallback {
            Some(Fallback::AnyWord) => (
                true,
                Some(
                    "no article matches all the words; showing articles that match any of them"
                        .to_string(),
                ),
                None,
                Vec::new(),
            ),
            Some(Fallback::MostWords) => (
                false,
                Some(
                    "no article matches all the words; showing articles that match most of them"
                        .to_string(),
                ),
                None,
                Vec::new(),
            ),
            Some(Fallback::Corrected { query, words }) => (
                false,
                Some(format!(
                    "Showing results for {query}; search instead for {}",
                    request.q
                )),
                Some(query),
                words,
            ),
            None => (false, None, None, Vec::new()),
        };
        Ok(SearchResponse {
            request: request.clone(),
            did_you_mean,
            corrected_query,
            corrections,
            total: ranked.total,
            stories: ranked.stories,
            took_ms: started.elapsed().as_secs_f64() * 1000.0,
            fallback_or,
            notice,
            hits,
            facets,
            histogram,
            significant,
        })
    }

    /// The article with this id, or `NotFound`.
    pub fn article(&self, id: &str) -> Result<StoredArticle, SearchError> {
        let searcher = self.reader.searcher();
        let query = TermQuery::new(
            Term::from_field_text(self.schema.id, id),
            IndexRecordOption::Basic,
        );
        let top = searcher.search(&query, &TopDocs::with_limit(1).order_by_score())?;
        let Some((_, address)) = top.first() else {
            return Err(SearchError::NotFound(id.to_string()));
        };
        let document: StoredFields = searcher.doc(*address)?;
        let registry = Arc::clone(self.names.current().registry());
        Ok(article_with_mentions(&registry, &self.schema, document))
    }

    /// Entity names of `kind` starting with `prefix` (any word of the name; case-insensitive),
    /// most documents first.
    pub fn suggest(
        &self,
        kind: EntityKind,
        prefix: &str,
        limit: usize,
    ) -> Result<Vec<NameCount>, SearchError> {
        let field = self.entity_field(kind);
        let names = self.names.current();
        entity_suggestions(
            &self.reader.searcher(),
            field,
            prefix,
            limit,
            (kind.as_str(), names.registry()),
        )
    }

    /// The query of `request` as typed (its words and filters, no spelling fallback): what the
    /// explore module counts over.
    pub(crate) fn matching_query(
        &self,
        request: &SearchRequest,
        registry: &newsroom_index::NameRegistry,
    ) -> Result<Box<dyn Query>, SearchError> {
        let filters = self.filter_queries(request, registry);
        let text_query = self.text_query(&request.q, request.operator == Operator::And)?;
        Ok(with_filters(text_query, &filters))
    }

    /// The fields of entity names, by kind.
    pub(crate) fn entity_fields(&self) -> [(EntityKind, tantivy::schema::Field); 3] {
        [EntityKind::Person, EntityKind::Country, EntityKind::Org]
            .map(|kind| (kind, self.entity_field(kind)))
    }

    pub(crate) fn entity_field(&self, kind: EntityKind) -> tantivy::schema::Field {
        match kind {
            EntityKind::Person => self.schema.person,
            EntityKind::Country => self.schema.country,
            EntityKind::Org => self.schema.org,
        }
    }
}
