//! Building the queries of a request: the text query, the filters (a canonical entity value
//! matches every variant the registry counts as it), the count of a selected facet value, and
//! the terms snippets highlight.

use std::collections::BTreeMap;
use std::ops::Bound;
use std::sync::Arc;

use chrono::NaiveDate;
use newsroom_entities::EntityKind;
use newsroom_index::NameCount;
use tantivy::collector::Count;
use tantivy::query::{AllQuery, BooleanQuery, Occur, Query, QueryParser, RangeQuery, TermQuery};
use tantivy::schema::{Facet, IndexRecordOption};
use tantivy::{Searcher, Term};

use crate::engine::query_text::{neutralize_bare_comparisons, positive_terms};
use crate::engine::seekable_union::seekable_unions;
use crate::snippet::Highlighter;
use crate::{Ranking, SearchError, SearchRequest};
use newsroom_index::NameRegistry;

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
        let mut filters: Vec<Box<dyn Query>> = Vec::new();
        for (kind, values) in [
            (EntityKind::Person, &request.persons),
            (EntityKind::Country, &request.countries),
            (EntityKind::Org, &request.orgs),
        ] {
            if values.is_empty() {
                continue;
            }
            // A canonical value matches every raw value the registry counts as it.
            let any_of = values
                .iter()
                .flat_map(|value| registry.variants(kind.as_str(), value))
                .map(|value| {
                    let facet = Facet::from_path([kind.as_str(), value]);
                    let term = Term::from_facet(self.schema.entity, &facet);
                    (
                        Occur::Should,
                        Box::new(TermQuery::new(term, IndexRecordOption::Basic)) as Box<dyn Query>,
                    )
                })
                .collect();
            filters.push(Box::new(BooleanQuery::new(any_of)));
        }
        if !request.sources.is_empty() {
            let any_of = request
                .sources
                .iter()
                .map(|source| {
                    let term = Term::from_field_text(self.schema.source, source);
                    (
                        Occur::Should,
                        Box::new(TermQuery::new(term, IndexRecordOption::Basic)) as Box<dyn Query>,
                    )
                })
                .collect();
            filters.push(Box::new(BooleanQuery::new(any_of)));
        }
        if let (Some(story), Some(field)) = (request.story, self.schema.story) {
            let term = Term::from_field_u64(field, story);
            filters.push(Box::new(TermQuery::new(term, IndexRecordOption::Basic)));
        }
        if request.from.is_some() || request.to.is_some() {
            let day_term = |day: NaiveDate| {
                let seconds = day
                    .and_hms_opt(0, 0, 0)
                    .map_or(0, |t| t.and_utc().timestamp());
                Term::from_field_date(
                    self.schema.published,
                    tantivy::DateTime::from_timestamp_secs(seconds),
                )
            };
            let lower = request
                .from
                .map_or(Bound::Unbounded, |from| Bound::Included(day_term(from)));
            let upper = request
                .to
                .and_then(|to| to.succ_opt())
                .map_or(Bound::Unbounded, |after| Bound::Excluded(day_term(after)));
            filters.push(Box::new(RangeQuery::new(lower, upper)));
        }
        filters
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
        for (name, field, selected) in [
            ("person", self.schema.person, &request.persons),
            ("country", self.schema.country, &request.countries),
            ("org", self.schema.org, &request.orgs),
            ("source", self.schema.source, &request.sources),
        ] {
            if !request.wants_facet(name) {
                continue;
            }
            let values = facets.entry(name.to_string()).or_default();
            for value in selected {
                if values.iter().any(|known| &known.name == value) {
                    continue;
                }
                let any_variant = registry
                    .variants(name, value)
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
        let surnames = request.persons.iter().filter_map(|name| {
            let surname = name.rsplit(' ').next()?;
            (surname.len() > 2 && surname != name).then(|| surname.to_string())
        });
        let literals = request
            .persons
            .iter()
            .chain(&request.countries)
            .chain(&request.orgs)
            .cloned()
            .chain(surnames)
            .collect();
        Highlighter::new(words, literals)
    }
}

/// The text query with the filters as required clauses, ready to run (see `seekable_union`).
pub(super) fn with_filters(
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
