//! Timelines side by side: one series per entity (or one for the query) on shared buckets, as
//! counts and as shares of all the articles published in each bucket.

use std::sync::Arc;
use std::time::Instant;

use chrono::NaiveDate;
use newsroom_index::schema::field_names;
use serde::Serialize;
use tantivy::query::AllQuery;

use crate::collect::histogram::{read_histogram, DayCounter};
use crate::{Filters, SearchEngine, SearchError, SearchRequest};
use newsroom_index::FacetKind;

/// Most series one timeline compares.
pub const MAX_SERIES: usize = 10;

/// Several series on shared buckets.
#[derive(Debug, Clone, Serialize)]
pub struct Timelines {
    /// Bucket width: `day`, `week` or `month` (by the span of all series, as the search
    /// timeline chooses it).
    pub interval: &'static str,
    /// The shared buckets, each with the number of articles of the whole index published in it.
    pub buckets: Vec<TimelineBucket>,
    /// One series per entity asked for (or one for the query alone), in request order.
    pub series: Vec<Series>,
    /// Time spent, in milliseconds.
    pub took_ms: f64,
}

/// One shared bucket.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct TimelineBucket {
    /// First day.
    pub start: NaiveDate,
    /// Last day.
    pub end: NaiveDate,
    /// Articles of the whole index published in it (the denominator of the shares).
    pub articles: u64,
}

/// One series: an entity within the request's query and other filters.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Series {
    /// `person`, `country`, `org`, `source`, or `query` for the query alone.
    pub kind: &'static str,
    /// The entity's name (the query text for `query`).
    pub name: String,
    /// Dated articles of the series.
    pub total: u64,
    /// Articles per bucket.
    pub counts: Vec<u64>,
    /// Articles per bucket as a share of all the articles of the bucket (0 when it has none).
    pub shares: Vec<f64>,
}

impl SearchEngine {
    /// One series per entity or source value the request names (each alone, within the
    /// request's query and dates), or one series of the query when it names none; at most
    /// [`MAX_SERIES`].
    pub fn timelines(&self, request: &SearchRequest) -> Result<Timelines, SearchError> {
        let started = Instant::now();
        request.validate()?;
        let asked: Vec<(FacetKind, &String)> = request
            .filters
            .iter()
            .flat_map(|(kind, values)| values.iter().map(move |value| (kind, value)))
            .collect();
        if asked.len() > MAX_SERIES {
            return Err(SearchError::BadRequest(format!(
                "a timeline compares at most {MAX_SERIES} series, got {}",
                asked.len()
            )));
        }
        let scope = SearchRequest {
            filters: Filters::default(),
            ..request.clone()
        };
        let mut wanted: Vec<(&'static str, String, SearchRequest)> = asked
            .iter()
            .map(|(kind, value)| {
                let mut one = scope.clone();
                one.filters.add(*kind, value.as_str());
                (kind.as_str(), value.to_string(), one)
            })
            .collect();
        if wanted.is_empty() {
            wanted.push(("query", scope.q.clone(), scope.clone()));
        }
        let searcher = self.reader.searcher();
        let names = self.names.current();
        let days_of = |query: &dyn tantivy::query::Query| {
            let counter = DayCounter::new(field_names::PUBLISHED, Arc::clone(&self.day_columns));
            searcher.search(query, &counter)
        };
        let mut daily = Vec::with_capacity(wanted.len());
        for (_, _, one) in &wanted {
            let query = self.matching_query(one, names.registry())?;
            daily.push(days_of(query.as_ref())?);
        }
        let first = daily
            .iter()
            .filter_map(|days| days.first())
            .map(|d| d.0)
            .min();
        let last = daily
            .iter()
            .filter_map(|days| days.last())
            .map(|d| d.0)
            .max();
        let (Some(first), Some(last)) = (first, last) else {
            return Ok(Timelines {
                interval: "day",
                buckets: Vec::new(),
                series: wanted
                    .into_iter()
                    .map(|(kind, name, _)| Series {
                        kind,
                        name,
                        total: 0,
                        counts: Vec::new(),
                        shares: Vec::new(),
                    })
                    .collect(),
                took_ms: started.elapsed().as_secs_f64() * 1000.0,
            });
        };
        // The buckets the search timeline would draw over the span of all series.
        let layout = read_histogram(vec![(first, 1), (last, 1)]);
        let starts: Vec<NaiveDate> = layout.buckets.iter().map(|b| b.start).collect();
        let end = layout.buckets.last().map_or(last, |bucket| bucket.end);
        let per_bucket = |days: &[(NaiveDate, u64)]| into_buckets(days, &starts, end);
        let all_articles = per_bucket(&days_of(&AllQuery)?);
        let series = wanted
            .into_iter()
            .zip(&daily)
            .map(|((kind, name, _), days)| {
                let counts = per_bucket(days);
                let shares = counts
                    .iter()
                    .zip(&all_articles)
                    .map(|(count, all)| {
                        if *all == 0 {
                            0.0
                        } else {
                            *count as f64 / *all as f64
                        }
                    })
                    .collect();
                Series {
                    kind,
                    name,
                    total: days.iter().map(|(_, count)| count).sum(),
                    counts,
                    shares,
                }
            })
            .collect();
        Ok(Timelines {
            interval: layout.interval,
            buckets: layout
                .buckets
                .iter()
                .zip(all_articles)
                .map(|(bucket, articles)| TimelineBucket {
                    start: bucket.start,
                    end: bucket.end,
                    articles,
                })
                .collect(),
            series,
            took_ms: started.elapsed().as_secs_f64() * 1000.0,
        })
    }
}

/// Daily counts added up into the buckets starting on `starts` (in increasing order), the last
/// ending on `end`; days outside them are left out.
fn into_buckets(days: &[(NaiveDate, u64)], starts: &[NaiveDate], end: NaiveDate) -> Vec<u64> {
    let mut counts = vec![0u64; starts.len()];
    for (day, count) in days.iter().filter(|(day, _)| *day <= end) {
        let at = starts.partition_point(|start| start <= day);
        if let Some(slot) = at.checked_sub(1).and_then(|at| counts.get_mut(at)) {
            *slot += count;
        }
    }
    counts
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    #[test]
    fn days_fall_into_their_bucket_and_outside_days_are_left_out() {
        let starts = [day("2024-01-01"), day("2024-02-01"), day("2024-03-01")];
        let days = [
            (day("2023-12-31"), 5),
            (day("2024-01-01"), 1),
            (day("2024-01-31"), 2),
            (day("2024-02-01"), 3),
            (day("2024-03-31"), 4),
            (day("2024-04-01"), 6),
        ];
        assert_eq!(
            into_buckets(&days, &starts, day("2024-03-31")),
            vec![3, 3, 4]
        );
    }
}
