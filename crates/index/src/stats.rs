//! Index statistics and the terms-aggregation counting shared with search facets.

use std::collections::HashMap;
use std::path::Path;

use chrono::{DateTime, Utc};
use serde::Serialize;
use tantivy::aggregation::agg_req::Aggregations;
use tantivy::aggregation::{AggContextParams, AggregationCollector};
use tantivy::query::Query;
use tantivy::Searcher;

use crate::registry::canonical_counts;
use crate::schema::{field_names, FacetKind};
use crate::{open_existing, IndexError, NameRegistry};

/// A value with the number of documents that have it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NameCount {
    /// The value (a source, a canonical entity name ...).
    pub name: String,
    /// Number of matching documents with it.
    pub count: u64,
}

/// What `newsroom stats` reports.
#[derive(Debug, Clone, Serialize)]
pub struct IndexStats {
    /// Live documents.
    pub documents: u64,
    /// Bytes of the index folder on disk.
    pub index_bytes: u64,
    /// Earliest and latest publication date, when any document has one.
    pub date_range: Option<(DateTime<Utc>, DateTime<Utc>)>,
    /// Segments in the index.
    pub segments: usize,
    /// Most frequent sources.
    pub top_sources: Vec<NameCount>,
    /// Most frequently named people (by documents).
    pub top_persons: Vec<NameCount>,
    /// Most frequently named countries (by documents).
    pub top_countries: Vec<NameCount>,
    /// Most frequently named organisations (by documents); `top_organizations` in JSON.
    #[serde(rename = "top_organizations")]
    pub top_orgs: Vec<NameCount>,
    /// Distinct people named across the index.
    pub distinct_persons: u64,
    /// Distinct countries named across the index.
    pub distinct_countries: u64,
    /// Distinct organisations named across the index; `distinct_organizations` in JSON.
    #[serde(rename = "distinct_organizations")]
    pub distinct_orgs: u64,
    /// Stories of near-duplicate articles; `None` for indexes written before stories existed.
    pub stories: Option<crate::stories::StoryCounts>,
}

/// Reads statistics of the index in `dir`.
pub fn index_stats(dir: &Path, top: usize) -> Result<IndexStats, IndexError> {
    let (index, schema) = open_existing(dir)?;
    let searcher = index.reader()?.searcher();
    let mut earliest: Option<i64> = None;
    let mut latest: Option<i64> = None;
    for segment in searcher.segment_readers() {
        let column = segment.fast_fields().date(field_names::PUBLISHED)?;
        if column.num_docs() == 0 || column.values.num_vals() == 0 {
            continue;
        }
        let min = column.min_value().into_timestamp_secs();
        let max = column.max_value().into_timestamp_secs();
        earliest = Some(earliest.map_or(min, |e| e.min(min)));
        latest = Some(latest.map_or(max, |l| l.max(max)));
    }
    let date_range = match (earliest, latest) {
        (Some(earliest), Some(latest)) => {
            DateTime::from_timestamp(earliest, 0).zip(DateTime::from_timestamp(latest, 0))
        }
        _ => None,
    };
    let source = FacetKind::Source;
    let fields = [(source.as_str(), source.field_name())];
    let mut counts = count_terms(&searcher, &tantivy::query::AllQuery, &fields, top)?;
    // Entities as the registry of names counts them.
    let registry = NameRegistry::load(dir)?;
    for kind in [FacetKind::Person, FacetKind::Country, FacetKind::Org] {
        counts.insert(
            kind.as_str().to_string(),
            canonical_counts(&searcher, kind.field_name(), &registry)?,
        );
    }
    let distinct = |kind: FacetKind| {
        counts
            .get(kind.as_str())
            .map_or(0, |values| values.len() as u64)
    };
    let (distinct_persons, distinct_countries, distinct_orgs) = (
        distinct(FacetKind::Person),
        distinct(FacetKind::Country),
        distinct(FacetKind::Org),
    );
    let mut take = |kind: FacetKind| {
        let mut values = counts.remove(kind.as_str()).unwrap_or_default();
        values.truncate(top);
        values
    };
    let stories = crate::stories::story_counts(&searcher, &schema, top)?;
    Ok(IndexStats {
        stories,
        documents: searcher.num_docs(),
        index_bytes: folder_bytes(dir),
        date_range,
        segments: searcher.segment_readers().len(),
        top_sources: take(FacetKind::Source),
        top_persons: take(FacetKind::Person),
        top_countries: take(FacetKind::Country),
        top_orgs: take(FacetKind::Org),
        distinct_persons,
        distinct_countries,
        distinct_orgs,
    })
}

/// Counts the most frequent values of raw fast text fields over the documents matching `query`,
/// in one pass: `fields` are (result name, field name) pairs.
pub fn count_terms(
    searcher: &Searcher,
    query: &dyn Query,
    fields: &[(&str, &str)],
    top: usize,
) -> Result<HashMap<String, Vec<NameCount>>, IndexError> {
    let mut request = serde_json::Map::new();
    for (name, field) in fields {
        request.insert(name.to_string(), terms_aggregation(field, top));
    }
    let aggregations: Aggregations = serde_json::from_value(serde_json::Value::Object(request))
        .map_err(|error| IndexError::Aggregation(error.to_string()))?;
    let collector = AggregationCollector::from_aggs(aggregations, AggContextParams::default());
    let results = searcher.search(query, &collector)?;
    let json = serde_json::to_value(&results)
        .map_err(|error| IndexError::Aggregation(error.to_string()))?;
    let mut counts = HashMap::new();
    for (name, _) in fields {
        counts.insert(name.to_string(), read_term_buckets(&json, name)?);
    }
    Ok(counts)
}

/// The JSON of a terms aggregation returning the `top` most frequent values of `field`.
fn terms_aggregation(field: &str, top: usize) -> serde_json::Value {
    serde_json::json!({ "terms": { "field": field, "size": top.max(1), "min_doc_count": 1 } })
}

/// Reads the buckets of the terms aggregation named `name` from aggregation results as JSON.
fn read_term_buckets(
    results: &serde_json::Value,
    name: &str,
) -> Result<Vec<NameCount>, IndexError> {
    let buckets = results
        .get(name)
        .and_then(|result| result.get("buckets"))
        .and_then(|buckets| buckets.as_array())
        .ok_or_else(|| IndexError::Aggregation(format!("no buckets for {name}")))?;
    let mut counts: Vec<NameCount> = buckets
        .iter()
        .filter_map(|bucket| {
            let key = bucket.get("key")?.as_str()?.to_string();
            let count = bucket.get("doc_count")?.as_u64()?;
            Some(NameCount { name: key, count })
        })
        .collect();
    // Equal counts in name order, so the same request always gives the same list.
    counts.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.name.cmp(&b.name)));
    Ok(counts)
}

fn folder_bytes(dir: &Path) -> u64 {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .filter_map(|entry| entry.metadata().ok())
                .filter(|metadata| metadata.is_file())
                .map(|metadata| metadata.len())
                .sum()
        })
        .unwrap_or(0)
}
