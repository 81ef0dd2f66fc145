//! Timeline counts are exact: every bucket holds as many articles as a date-range search over
//! the same days finds, however many segments the index has and whatever ran before.

mod common;

use newsroom_search::{SearchEngine, SearchRequest};

fn timeline_of(engine: &SearchEngine, q: &str) -> (String, Vec<(String, String, u64)>) {
    let request = SearchRequest {
        q: q.to_string(),
        histogram: true,
        ..SearchRequest::default()
    };
    let histogram = engine.search(&request).unwrap().histogram.unwrap();
    let buckets = histogram
        .buckets
        .iter()
        .map(|bucket| {
            (
                bucket.start.to_string(),
                bucket.end.to_string(),
                bucket.count,
            )
        })
        .collect();
    (histogram.interval.to_string(), buckets)
}

/// Matches of `q` published from `from` to `to` (inclusive), by the date filter.
fn dated_total(engine: &SearchEngine, q: &str, from: &str, to: &str) -> u64 {
    let request = SearchRequest {
        q: q.to_string(),
        from: Some(from.parse().unwrap()),
        to: Some(to.parse().unwrap()),
        ..SearchRequest::default()
    };
    engine.search(&request).unwrap().total
}

#[test]
fn every_bucket_equals_the_date_filtered_total() {
    for commit_every in [1_000, 3] {
        let (_dir, engine) = common::fixture_engine(commit_every);
        let all = engine.document_count();
        // The fixture has one article without a date: in the total, in no bucket.
        let (interval, buckets) = timeline_of(&engine, "");
        assert_eq!(interval, "week");
        assert_eq!(buckets.iter().map(|b| b.2).sum::<u64>(), all - 1);
        for q in ["", "Putin", "oil", "Ukraine OR Russia", "president"] {
            let (_, buckets) = timeline_of(&engine, q);
            assert!(!buckets.is_empty(), "{q:?} has a timeline");
            for (start, end, count) in &buckets {
                assert_eq!(
                    *count,
                    dated_total(&engine, q, start, end),
                    "{q:?} from {start} to {end} (commit every {commit_every})"
                );
            }
            assert_eq!(timeline_of(&engine, q).1, buckets, "{q:?} counted again");
        }
    }
}

#[test]
fn warmed_day_columns_count_like_columns_read_by_the_first_query() {
    let (_dir, cold) = common::fixture_engine(3);
    let (_dir2, warmed) = common::fixture_engine(3);
    warmed.warm_columns().unwrap();
    for q in ["", "Putin", "oil"] {
        assert_eq!(timeline_of(&warmed, q), timeline_of(&cold, q), "{q:?}");
    }
}
