//! Building the queries of a request: the text query, the filters (a canonical entity value
//! matches every variant the registry counts as it), the count of a selected facet value, and
//! the terms snippets highlight.

use std::collections::BTreeMap;
use std::ops::Bound;
use std::sync::Arc;

use chrono::NaiveDate;
use newsroom_entities::EntityKind;
use newsroom_index::{FacetKind, NameCount, NameRegistry};
use tantivy::collector::Count;
use tantivy::query::{AllQuery, BooleanQuery, Occur, Query, QueryParser, RangeQuery, TermQuery};
use tantivy::schema::{Facet, IndexRecordOption};
use tantivy::{Searcher, Term};

use crate::engine::query_text::{neutralize_bare_comparisons, positive_terms};
use crate::engine::seekable_union::seekable_unions;
use crate::snippet::Highlighter;
use crate::{Ranking, SearchError, SearchRequest};

use super::ranking::bm25f::{Bm25fModel, TextFields};
use super::ranking::names::word_folder;
use super::ranking::plan::QueryPlan;
use super::ranking::{plain_search, Matching, TextSearch};
use super::SearchEngine;

/// Title weight relative to body in classic BM25.
const TITLE_BOOST: f32 = 2.0;

impl SearchEngine {
    /// The text query of `q` and what ranks its results: a plain query ranked as
    /// [`super::ranking`] describes, unless the request asks for the classic ranking; any
    /// other query parsed by tantivy's query parser and ranked by classic BM25.
    pub(super) fn text_search(
        &self,
        searcher: &Searcher,
        q: &str,
        matching: Matching,
        request: &SearchRequest,
        registry: &Arc<NameRegistry>,
    ) -> Result<TextSearch, SearchError> {
        if request.ranking == Ranking::Newsroom {
            let cleaned = neutralize_bare_comparisons(q);
            let mut analyzer = newsroom_index::schema::text_analyzer();
            let mut folder = word_folder();
            if let Some(mut plan) = QueryPlan::parse(&cleaned, &mut analyzer, &mut folder) {
                let params = &self.ranking;
                let articles = searcher.num_docs().max(1) as f32;
                let body = self.schema.body;
                let mut share_of = |word: &str| {
                    let term = tantivy::Term::from_field_text(body, word);
                    searcher.doc_freq(&term).unwrap_or(0) as f32 / articles
                };
                plan.mark_common_words(params, &mut share_of);
                if params.entity_weight > 0.0 || params.name_mismatch_factor != 1.0 {
                    let names = self
                        .name_lookup
                        .get(searcher, &self.entity_fields(), registry)?;
                    let body = self.schema.body;
                    let mut articles_with = |word: &str| {
                        searcher
                            .doc_freq(&tantivy::Term::from_field_text(body, word))
                            .unwrap_or(0)
                    };
                    plan.find_entities(&names, params, &mut articles_with);
                }
                let fields = TextFields {
                    title: self.schema.title,
                    body: self.schema.body,
                };
                let model = Arc::new(Bm25fModel::new(searcher, fields, params)?);
                let idf_model = Arc::clone(&model);
                let mut idf_of = |word: &str| idf_model.weights(searcher, word);
                return plain_search(
                    plan,
                    model,
                    &mut idf_of,
                    &|kind| self.entity_field(kind),
                    registry,
                    matching,
                    params,
                );
            }
        }
        Ok(TextSearch {
            query: self.text_query(q, matching == Matching::All)?,
            every_word: None,
            rescorer: None,
        })
    }

    /// Parses the free text; `all_words` makes AND the default operator.
    pub(super) fn text_query(
        &self,
        q: &str,
        all_words: bool,
    ) -> Result<Box<dyn Query>, SearchError> {
        if q.trim().is_empty() {
            return Ok(Box::new(AllQuery));
        }
        let mut parser =
            QueryParser::for_index(&self.index, vec![self.schema.title, self.schema.body]);
        parser.set_field_boost(self.schema.title, TITLE_BOOST);
        if all_words {
            parser.set_conjunction_by_default();
        }
        let cleaned = neutralize_bare_comparisons(q);
        parser.parse_query(&cleaned).map_err(|strict_error| {
            // The lenient parser reports where the problem is; the strict one only that there is one.
            let (_, lenient_errors) = parser.parse_query_lenient(&cleaned);
            let message = lenient_errors
                .first()
                .map_or_else(|| strict_error.to_string(), ToString::to_string);
            SearchError::QuerySyntax(message)
        })
    }

    pub(super) fn filter_queries(
        &self,
        request: &SearchRequest,
        registry: &NameRegistry,
    ) -> Vec<Box<dyn Query>> {
        let mut filters: Vec<Box<dyn Query>> = request
            .filters
            .iter()
            .map(|(kind, values)| self.facet_filter(kind, values, registry))
            .collect();
        if let (Some(story), Some(field)) = (request.story, self.schema.story) {
            let term = Term::from_field_u64(field, story);
            filters.push(Box::new(TermQuery::new(term, IndexRecordOption::Basic)));
        }
        if let Some(dates) = self.date_filter(request.from, request.to) {
            filters.push(dates);
        }
        filters
    }

    /// The articles holding any of `values` of `kind`: a canonical value matches every raw
    /// value the registry counts as it. Entities are matched in the facet field of all
    /// entities, sources in their own field.
    pub(crate) fn facet_filter(
        &self,
        kind: FacetKind,
        values: &[String],
        registry: &NameRegistry,
    ) -> Box<dyn Query> {
        let any_of = values
            .iter()
            .flat_map(|value| registry.variants(kind.field_name(), value))
            .map(|value| {
                let term = if kind.entity_kind().is_some() {
                    Term::from_facet(
                        self.schema.entity,
                        &Facet::from_path([kind.as_str(), value]),
                    )
                } else {
                    Term::from_field_text(self.schema.facet_field(kind), value)
                };
                (
                    Occur::Should,
                    Box::new(TermQuery::new(term, IndexRecordOption::Basic)) as Box<dyn Query>,
                )
            })
            .collect();
        Box::new(BooleanQuery::new(any_of))
    }

    /// The articles naming any of `values` of the entity kind `kind` (see [`Self::facet_filter`]).
    pub(crate) fn entity_filter(
        &self,
        kind: EntityKind,
        values: &[String],
        registry: &NameRegistry,
    ) -> Box<dyn Query> {
        self.facet_filter(FacetKind::of_entity(kind), values, registry)
    }

    /// The articles published from `from` to `to` (days included), `None` when neither is set.
    pub(crate) fn date_filter(
        &self,
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
    ) -> Option<Box<dyn Query>> {
        if from.is_none() && to.is_none() {
            return None;
        }
        let day_term = |day: NaiveDate| {
            let seconds = day
                .and_hms_opt(0, 0, 0)
                .map_or(0, |t| t.and_utc().timestamp());
            Term::from_field_date(
                self.schema.published,
                tantivy::DateTime::from_timestamp_secs(seconds),
            )
        };
        let lower = from.map_or(Bound::Unbounded, |from| Bound::Included(day_term(from)));
        let upper = to
            .and_then(|to| to.succ_opt())
            .map_or(Bound::Unbounded, |after| Bound::Excluded(day_term(after)));
        Some(Box::new(RangeQuery::new(lower, upper)))
    }

    /// A selected filter value stays in its facet list with its count even when not in the top N.
    pub(super) fn keep_selected_visible(
        &self,
        searcher: &Searcher,
        query: &dyn Query,
        request: &SearchRequest,
        registry: &NameRegistry,
        facets: &mut BTreeMap<String, Vec<NameCount>>,
    ) -> Result<(), SearchError> {
        for (kind, selected) in request.filters.iter() {
            if !request.wants_facet(kind) {
                continue;
            }
            let field = self.schema.facet_field(kind);
            let values = facets.entry(kind.as_str().to_string()).or_default();
            for value in selected {
                if values.iter().any(|known| &known.name == value) {
                    continue;
                }
                let any_variant = registry
                    .variants(kind.field_name(), value)
                    .into_iter()
                    .map(|variant| {
                        let term = Term::from_field_text(field, variant);
                        (
                            Occur::Should,
                            Box::new(TermQuery::new(term, IndexRecordOption::Basic))
                                as Box<dyn Query>,
                        )
                    })
                    .collect();
                let with_value = BooleanQuery::new(vec![
                    (Occur::Must, query.box_clone()),
                    (Occur::Must, Box::new(BooleanQuery::new(any_variant))),
                ]);
                let count =
                    searcher.search(seekable_unions(Box::new(with_value)).as_ref(), &Count)?;
                values.push(NameCount {
                    name: value.clone(),
                    count: count as u64,
                });
            }
        }
        Ok(())
    }

    pub(super) fn highlighter(&self, query: &dyn Query, request: &SearchRequest) -> Highlighter {
        let mut terms = Vec::new();
        positive_terms(query, &mut terms);
        let text_fields = [self.schema.title, self.schema.body];
        let words: rustc_hash::FxHashSet<String> = terms
            .iter()
            .filter(|term| text_fields.contains(&term.field()))
            .filter_map(|term| term.value().as_str().map(str::to_string))
            .collect();
        // A filtered entity is highlighted by its full name and, for people, by the surname that
        // later mentions use ("Putin" for "Vladimir Putin").
        let persons = request.filters.of(FacetKind::Person);
        let surnames = persons.iter().filter_map(|name| {
            let surname = name.rsplit(' ').next()?;
            (surname.len() > 2 && surname != name).then(|| surname.to_string())
        });
        let literals = persons
            .iter()
            .chain(request.filters.of(FacetKind::Country))
            .chain(request.filters.of(FacetKind::Org))
            .cloned()
            .chain(surnames)
            .collect();
        Highlighter::new(words, literals)
    }
}

/// The text query with the filters as required clauses, ready to run (see `seekable_union`).
pub(crate) fn with_filters(
    text_query: Box<dyn Query>,
    filters: &[Box<dyn Query>],
) -> Box<dyn Query> {
    if filters.is_empty() {
        return seekable_unions(text_query);
    }
    let mut clauses = vec![(Occur::Must, text_query)];
    clauses.extend(
        filters
            .iter()
            .map(|filter| (Occur::Must, filter.box_clone())),
    );
    seekable_unions(Box::new(BooleanQuery::new(clauses)))
}
