//! The page of one entity: how many articles name it, when, under which spellings, the latest
//! or most relevant of them, and the entities unusually frequent with it.

use std::collections::BTreeMap;
use std::time::Instant;

use chrono::NaiveDate;
use newsroom_entities::EntityKind;
use newsroom_index::FacetKind;
use serde::Serialize;
use tantivy::schema::Facet;
use tantivy::Term;

use super::significance::Significant;
use crate::{Histogram, Hit, SearchEngine, SearchError, SearchRequest};

/// Everything the entity page shows, as `GET /api/entities/{kind}/{name}` answers it.
#[derive(Debug, Clone, Serialize)]
pub struct EntityPage {
    /// The entity's kind (a person, a country or an organisation).
    pub kind: FacetKind,
    /// The canonical name.
    pub name: String,
    /// The scope as validated: a query and filters narrowing the articles (none by default).
    pub request: SearchRequest,
    /// Articles naming it within the scope.
    pub articles: u64,
    /// Articles naming it in the whole index.
    pub index_count: u64,
    /// Day of the first dated article naming it within the scope.
    pub first_seen: Option<NaiveDate>,
    /// Day of the last dated article naming it within the scope.
    pub last_seen: Option<NaiveDate>,
    /// Its articles by day, week or month (calendar months for spans over a year).
    pub timeline: Option<Histogram>,
    /// The raw spellings the registry of names counts as this value, most articles first.
    pub spellings: Vec<Spelling>,
    /// A page of its articles: newest first, or by relevance when the scope has a query.
    pub top_articles: Vec<Hit>,
    /// People, countries and organisations unusually frequent in its articles compared with the
    /// whole index (itself left out), with the score and both counts.
    pub related: Significant,
    /// Time spent, in milliseconds.
    pub took_ms: f64,
}

/// One spelling of an entity and the articles that write it so.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Spelling {
    /// The value as the extractor wrote it.
    pub name: String,
    /// Articles holding that value.
    pub count: u64,
}

/// The kinds related entities are listed for.
const RELATED_KINDS: [EntityKind; 3] = EntityKind::ALL;

impl SearchEngine {
    /// The page of the entity `name` of `kind`, within the articles `scope` selects (its query,
    /// filters and dates; its page size sets the articles listed, `significant_size` the related
    /// values per kind). `UnknownEntity` when no article in the index names it.
    pub fn entity(
        &self,
        kind: EntityKind,
        name: &str,
        scope: &SearchRequest,
    ) -> Result<EntityPage, SearchError> {
        let started = Instant::now();
        scope.validate()?;
        let searcher = self.reader.searcher();
        let facet_names = self.names.current();
        // A spelling the registry counts under another name opens that name's page.
        let name = facet_names
            .registry()
            .canonical(kind.as_str(), name)
            .unwrap_or(name)
            .to_string();
        let name = name.as_str();
        let index_count =
            super::significance::index_count(&searcher, &facet_names, kind.as_str(), name)?;
        if index_count == 0 {
            return Err(SearchError::UnknownEntity {
                kind: kind.as_str(),
                name: name.to_string(),
            });
        }
        let mut request = scope.clone();
        let filter = request.filters.of_mut(FacetKind::of_entity(kind));
        // Filters of one kind widen each other (OR): a scope naming another value of this kind
        // would count articles without the entity.
        if filter.iter().any(|value| value != name) {
            return Err(SearchError::BadRequest(format!(
                "the page of a {kind} cannot be narrowed by other {kind} filters (filters of one kind match any of their values)",
                kind = kind.as_str()
            )));
        }
        if filter.is_empty() {
            filter.push(name.to_string());
        }
        request.facet_size = 0;
        request.histogram = true;
        request.significant = RELATED_KINDS.map(FacetKind::of_entity).to_vec();
        // The entity is a filter, so it is left out of its own related values.
        let response = self.search(&request)?;
        let related = response.significant.unwrap_or_else(|| Significant {
            score: "jlh",
            matched: response.total,
            index: searcher.num_docs(),
            values: BTreeMap::new(),
        });
        let registry = facet_names.registry();
        let mut spellings: Vec<Spelling> = registry
            .variants(kind.as_str(), name)
            .into_iter()
            .map(|raw| {
                let facet = Facet::from_path([kind.as_str(), raw]);
                let term = Term::from_facet(self.schema.entity, &facet);
                let count = searcher.doc_freq(&term).unwrap_or_default();
                Spelling {
                    name: raw.to_string(),
                    count,
                }
            })
            .filter(|spelling| spelling.count > 0)
            .collect();
        spellings.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.name.cmp(&b.name)));
        let (first_seen, last_seen) = response
            .histogram
            .as_ref()
            .map_or((None, None), |histogram| (histogram.first, histogram.last));
        Ok(EntityPage {
            kind: FacetKind::of_entity(kind),
            name: name.to_string(),
            request: scope.clone(),
            articles: response.total,
            index_count,
            first_seen,
            last_seen,
            timeline: response.histogram,
            spellings,
            top_articles: response.hits,
            related,
            took_ms: started.elapsed().as_secs_f64() * 1000.0,
        })
    }
}
