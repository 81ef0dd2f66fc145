//! The date histogram of the matched set: daily counts from tantivy, rolled up for display.

use chrono::{Datelike, Duration, NaiveDate};

use crate::response::{Histogram, HistogramBucket};

/// The aggregation request for daily counts of `field` (only days with matches).
pub(crate) fn daily_aggregation(field: &str) -> serde_json::Value {
    serde_json::json!({ "date_histogram": { "field": field, "fixed_interval": "1d", "min_doc_count": 1 } })
}

/// Rolls daily counts into day, week or month buckets depending on the span of the matches.
pub(crate) fn read_histogram(aggregations: &serde_json::Value) -> Histogram {
    let days: Vec<(NaiveDate, u64)> = aggregations
        .get("histogram")
        .and_then(|histogram| histogram.get("buckets"))
        .and_then(|buckets| buckets.as_array())
        .map(|buckets| {
            buckets
                .iter()
                .filter_map(|bucket| {
                    let millis = bucket.get("key")?.as_f64()? as i64;
                    let count = bucket.get("doc_count")?.as_u64()?;
                    let day = chrono::DateTime::from_timestamp_millis(millis)?.date_naive();
                    (count > 0).then_some((day, count))
                })
                .collect()
        })
        .unwrap_or_default();
    let (Some(first), Some(last)) = (days.first().map(|d| d.0), days.last().map(|d| d.0)) else {
        return Histogram {
            interval: "day",
            buckets: Vec::new(),
        };
    };
    let span_days = (last - first).num_days();
    let (interval, bucket_start): (&'static str, fn(NaiveDate) -> NaiveDate) = if span_days <= 62 {
        ("day", |day| day)
    } else if span_days <= 366 {
        ("week", |day| {
            day - Duration::days(i64::from(day.weekday().num_days_from_monday()))
        })
    } else {
        ("month", |day| day.with_day(1).unwrap_or(day))
    };
    let next_start = |start: NaiveDate| match interval {
        "day" => start + Duration::days(1),
        "week" => start + Duration::days(7),
        _ => start
            .checked_add_months(chrono::Months::new(1))
            .unwrap_or(start + Duration::days(31)),
    };
    let mut buckets: Vec<HistogramBucket> = Vec::new();
    let mut start = bucket_start(first);
    let mut day_iter = days.into_iter().peekable();
    while start <= last {
        let end = next_start(start);
        let mut count = 0;
        while let Some((day, day_count)) = day_iter.peek() {
            if *day >= end {
                break;
            }
            count += day_count;
            day_iter.next();
        }
        buckets.push(HistogramBucket {
            start,
            end: end - Duration::days(1),
            count,
        });
        start = end;
    }
    Histogram { interval, buckets }
}
