//! One search pass over the matches of a request's final query: the count, the page (best
//! candidates for rescoring, or the page itself), the facet counts and the days, collected
//! together; collapsed to one article per story when the request asks for it (`collapse.rs`).

use std::sync::Arc;

use chrono::NaiveDate;

use tantivy::collector::{Count, TopDocs};
use tantivy::query::Query;
use tantivy::{DocAddress, Order, Searcher};

use newsroom_index::schema::field_names;
use newsroom_index::{FacetKind, NameCount};

use super::ranking::rescore::Rescorer;
use super::SearchEngine;
use crate::collect::facets::{FacetCounter, FacetNames};
use crate::collect::histogram::DayCounter;
use crate::{SearchError, SearchRequest, SortOrder};

/// One search pass: the count, the page (score, address), facet counts and days, as asked.
pub(super) struct Ranked {
    pub(super) total: u64,
    pub(super) page: Vec<(f32, DocAddress)>,
    pub(super) facets: Option<Vec<Vec<NameCount>>>,
    pub(super) days: Option<Vec<(NaiveDate, u64)>>,
    /// Stories among the matches, when the page shows one article per story.
    pub(super) stories: Option<u64>,
    /// Matches of each page hit's story (collapsed pages only).
    pub(super) versions: rustc_hash::FxHashMap<DocAddress, u64>,
}

impl SearchEngine {
    pub(super) fn rank(
        &self,
        searcher: &Searcher,
        request: &SearchRequest,
        query: Box<dyn Query>,
        facet_names: &Arc<FacetNames>,
        rescorer: Option<&Rescorer>,
    ) -> Result<Ranked, SearchError> {
        // Rescoring reorders the best candidates: they are collected from the first, and the
        // page is cut from the new order.
        let rescorer = rescorer.filter(|_| request.sort == SortOrder::Relevance);
        let top = match rescorer {
            Some(rescorer) => {
                TopDocs::with_limit(rescorer.depth().max(request.offset() + request.size))
            }
            None => TopDocs::with_limit(request.size).and_offset(request.offset()),
        };
        let facet_fields: Vec<&str> = FacetKind::ALL
            .into_iter()
            .filter(|kind| request.wants_facet(*kind))
            .map(FacetKind::field_name)
            .collect();
        let facets = (!facet_fields.is_empty())
            .then(|| FacetCounter::new(&facet_fields, request.facet_size, Arc::clone(facet_names)));
        let days = request
            .histogram
            .then(|| DayCounter::new(field_names::PUBLISHED, Arc::clone(&self.day_columns)));
        if self.collapses(request) {
            return self.rank_collapsed(
                searcher,
                request,
                query.as_ref(),
                (facets, days),
                rescorer,
            );
        }
        let (total, page, facets, days) = match request.sort {
            SortOrder::Relevance => searcher
                .search(query.as_ref(), &(Count, top.order_by_score(), facets, days))
                .map_err(query_error)?,
            SortOrder::Newest | SortOrder::Oldest => {
                let order = if request.sort == SortOrder::Newest {
                    Order::Desc
                } else {
                    Order::Asc
                };
                let by_date =
                    top.order_by_fast_field::<tantivy::DateTime>(field_names::PUBLISHED, order);
                let (total, page, facets, days) = searcher
                    .search(query.as_ref(), &(Count, by_date, facets, days))
                    .map_err(query_error)?;
                let page = page
                    .into_iter()
                    .map(|(_, address)| (0.0, address))
                    .collect();
                (total, page, facets, days)
            }
        };
        let page = match rescorer {
            Some(rescorer) => {
                let mut ranked = page;
                rescorer.rescore(searcher, &mut ranked)?;
                ranked
                    .into_iter()
                    .skip(request.offset())
                    .take(request.size)
                    .collect()
            }
            None => page,
        };
        Ok(Ranked {
            total: total as u64,
            page,
            facets,
            days,
            stories: None,
            versions: rustc_hash::FxHashMap::default(),
        })
    }
}

/// A query the schema cannot run (`title:*` needs a fast field, `nosuchfield:*` names no
/// field) is the user's mistake: 400, not 500.
pub(crate) fn query_error(error: tantivy::TantivyError) -> SearchError {
    use tantivy::TantivyError;
    match error {
        TantivyError::SchemaError(message) | TantivyError::InvalidArgument(message) => {
            SearchError::BadRequest(format!("the query cannot run on this index: {message}"))
        }
        TantivyError::FieldNotFound(field) => {
            SearchError::BadRequest(format!("the query names an unknown field {field:?}"))
        }
        other => SearchError::Tantivy(other),
    }
}
