//! Facet counts are exact and independent of the queries run before them: the engine keeps each
//! segment's facet columns in memory and reuses count arrays between queries, so a count left
//! behind by one query must never show up in the next.

mod common;

use newsroom_index::FacetKind;
use newsroom_search::{SearchEngine, SearchRequest};

fn facets_of(engine: &SearchEngine, q: &str) -> Vec<(String, String, u64)> {
    let request = SearchRequest {
        q: q.to_string(),
        facet_size: 50,
        ..SearchRequest::default()
    };
    let response = engine.search(&request).unwrap();
    let mut found = Vec::new();
    for (kind, values) in response.facets {
        for value in values {
            found.push((kind.clone(), value.name, value.count));
        }
    }
    found
}

/// The number of articles matching `q` that also have `value` of `kind`, by filtering.
fn filtered_total(engine: &SearchEngine, q: &str, kind: &str, value: &str) -> u64 {
    let mut request = SearchRequest {
        q: q.to_string(),
        ..SearchRequest::default()
    };
    let kind = FacetKind::parse(kind).unwrap_or_else(|| panic!("unexpected facet kind {kind}"));
    request.filters.add(kind, value);
    engine.search(&request).unwrap().total
}

#[test]
fn every_count_equals_the_filtered_total_whatever_ran_before() {
    for commit_every in [1_000, 3] {
        let (_dir, engine) = common::fixture_engine(commit_every);
        let queries = ["", "Putin", "oil", "Ukraine OR Russia", "president"];
        let first: Vec<_> = queries.iter().map(|q| facets_of(&engine, q)).collect();
        for (q, facets) in queries.iter().zip(&first) {
            assert!(!facets.is_empty() || !q.is_empty(), "{q:?} has facets");
            for (kind, value, count) in facets {
                assert_eq!(
                    *count,
                    filtered_total(&engine, q, kind, value),
                    "{kind} {value:?} for {q:?} (commit every {commit_every})"
                );
            }
        }
        // Again in reverse order: reused count arrays must start from zero.
        for (q, facets) in queries.iter().zip(&first).rev() {
            assert_eq!(&facets_of(&engine, q), facets, "{q:?} counted again");
        }
    }
}

#[test]
fn warmed_columns_count_like_columns_read_by_the_first_query() {
    let (_dir, cold) = common::fixture_engine(3);
    let (_dir2, warmed) = common::fixture_engine(3);
    warmed.warm_columns().unwrap();
    for q in ["", "Putin", "oil"] {
        let facets = facets_of(&warmed, q);
        assert!(!facets.is_empty(), "{q:?} has facets");
        assert_eq!(facets, facets_of(&cold, q), "{q:?}");
    }
}
