//! Answering the lines of a watch-list against one view of the index.

use std::ops::Bound;
use std::sync::Arc;

use newsroom_entities::EntityKind;
use newsroom_index::schema::field_names;
use newsroom_index::{article_from_doc, newest_indexing_time, StoredFields};
use rayon::prelude::*;
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{Query, RangeQuery};
use tantivy::{Order, Searcher, Term};

use super::date_span::DateSpan;
use super::{BatchAnswer, BatchArticle, BatchLine, BatchOptions, BatchRecord, MatchedBy};
use crate::collect::facets::FacetNames;
use crate::engine::query::with_filters;
use crate::engine::query_error;
use crate::engine::ranking::bm25f::TextFields;
use crate::engine::ranking::names::{folded_words, word_folder, NameLookup};
use crate::engine::ranking::words_match;
use crate::explore::index_count;
use crate::{SearchEngine, SearchError};

/// One view of the index (the segments and registry of names as they were when the batch
/// started) and the filters every line is narrowed by: all lines of a batch see the same
/// articles, even when the index commits meanwhile.
pub struct BatchScope {
    searcher: Searcher,
    facet_names: Arc<FacetNames>,
    /// Entity names by their folded words, for lines that write a name otherwise.
    names_by_words: Arc<NameLookup>,
    /// Publication dates and indexing time, as the options ask.
    filters: Vec<Box<dyn Query>>,
    options: BatchOptions,
    newest_indexed: Option<u64>,
}

impl BatchScope {
    /// The largest indexing time in this view (`None` for an index written before indexing
    /// times existed): the watermark the next "new since last time" run starts after.
    pub fn newest_indexed(&self) -> Option<u64> {
        self.newest_indexed
    }

    /// The options the lines are searched with.
    pub fn options(&self) -> &BatchOptions {
        &self.options
    }
}

impl SearchEngine {
    /// The view of the index a batch runs on, with its filters. A "new since last time" batch
    /// on an index written before indexing times existed is an error: every article would be
    /// new, or none, and neither is true.
    pub fn batch_scope(&self, options: BatchOptions) -> Result<BatchScope, SearchError> {
        options.validate()?;
        let searcher = self.reader.searcher();
        let facet_names = self.names.current();
        let newest_indexed = newest_indexing_time(&searcher, &self.schema)?;
        let names_by_words =
            self.name_lookup
                .get(&searcher, &self.entity_fields(), facet_names.registry())?;
        let mut filters = Vec::new();
        if let Some(dates) = self.date_filter(options.from, options.to) {
            filters.push(dates);
        }
        if let Some(after) = options.indexed_after {
            let Some(field) = self.schema.indexed else {
                return Err(SearchError::BadRequest(
                    "this index was built before articles carried their indexing time, so what is new since the last run cannot be told; rebuild it with `newsroom index` into a new folder".to_string(),
                ));
            };
            let after = Term::from_field_u64(field, after);
            filters.push(Box::new(RangeQuery::new(
                Bound::Excluded(after),
                Bound::Unbounded,
            )));
        }
        Ok(BatchScope {
            searcher,
            facet_names,
            names_by_words,
            filters,
            options,
            newest_indexed,
        })
    }

    /// Answers a chunk of lines in parallel (on the current rayon pool), in input order;
    /// rejected lines pass through as they are.
    pub fn answer_lines(
        &self,
        scope: &BatchScope,
        lines: Vec<BatchLine>,
    ) -> Result<Vec<BatchRecord>, SearchError> {
        lines
            .into_par_iter()
            .map(|line| match line {
                BatchLine::Query { line_number, text } => self
                    .answer_line(scope, line_number, text)
                    .map(BatchRecord::Answer),
                BatchLine::Rejected(rejected) => Ok(BatchRecord::Rejected(rejected)),
            })
            .collect()
    }

    /// One line: the first entity kind the index knows the name as, else the phrase.
    fn answer_line(
        &self,
        scope: &BatchScope,
        line_number: u64,
        text: String,
    ) -> Result<BatchAnswer, SearchError> {
        let registry = scope.facet_names.registry();
        let mut known: Vec<(EntityKind, String)> = Vec::new();
        for &kind in scope.options.kind.kinds() {
            // `None`: the registry drops this value from the kind ("not a person").
            let Some(canonical) = registry.canonical(kind.as_str(), &text) else {
                continue;
            };
            let articles = index_count(
                &scope.searcher,
                &scope.facet_names,
                kind.as_str(),
                canonical,
            )?;
            if articles > 0 {
                known.push((kind, canonical.to_string()));
            }
        }
        if known.is_empty() {
            // Written otherwise ("angela merkel", "Osama bin-Laden"): the name its folded words
            // spell, when the index names it in a few articles (see `NameLookup`).
            let words = folded_words(&mut word_folder(), &text);
            let spelled = scope.names_by_words.get(&words);
            for &kind in scope.options.kind.kinds() {
                if let Some(entity) = spelled.iter().find(|entity| entity.kind == kind) {
                    known.push((kind, entity.canonical.clone()));
                }
            }
        }
        let mut answer = BatchAnswer {
            line_number,
            line: text,
            matched_by: MatchedBy::None,
            name: None,
            also: known
                .iter()
                .skip(1)
                .map(|(kind, _)| kind.as_str())
                .collect(),
            count: 0,
            first: None,
            last: None,
            top: Vec::new(),
        };
        let query = match known.into_iter().next() {
            Some((kind, canonical)) => {
                let filter = self.entity_filter(kind, std::slice::from_ref(&canonical), registry);
                answer.matched_by = MatchedBy::of_kind(kind);
                answer.name = Some(canonical);
                filter
            }
            None => {
                let mut analyzer = newsroom_index::schema::text_analyzer();
                let words = newsroom_index::schema::tokens(&mut analyzer, &answer.line);
                if words.is_empty() {
                    return Ok(answer);
                }
                let fields = TextFields {
                    title: self.schema.title,
                    body: self.schema.body,
                };
                answer.matched_by = MatchedBy::Phrase;
                words_match(&words, 0, fields)
            }
        };
        self.count_and_list(scope, query, &mut answer)?;
        if answer.matched_by == MatchedBy::Phrase && answer.count == 0 {
            answer.matched_by = MatchedBy::None;
        }
        Ok(answer)
    }

    /// Fills in the count, the first and last day and the newest articles of `query` in scope,
    /// in one pass over its matches.
    fn count_and_list(
        &self,
        scope: &BatchScope,
        query: Box<dyn Query>,
        answer: &mut BatchAnswer,
    ) -> Result<(), SearchError> {
        let searcher = &scope.searcher;
        let query = with_filters(query, &scope.filters);
        let newest = (scope.options.top > 0).then(|| {
            TopDocs::with_limit(scope.options.top)
                .order_by_fast_field::<tantivy::DateTime>(field_names::PUBLISHED, Order::Desc)
        });
        let span = DateSpan {
            field: field_names::PUBLISHED,
        };
        let (count, newest, first_and_last) = searcher
            .search(query.as_ref(), &(Count, newest, span))
            .map_err(query_error)?;
        answer.count = count as u64;
        (answer.first, answer.last) = first_and_last.unzip();
        for (_, address) in newest.unwrap_or_default() {
            let document: StoredFields = searcher.doc(address)?;
            let article = article_from_doc(&self.schema, document);
            answer.top.push(BatchArticle {
                id: article.id,
                title: article.title,
                published: article.published.map(|time| time.date_naive()),
            });
        }
        Ok(())
    }
}
