//! The date histogram of the matched set: daily counts from the fast field, rolled up for display.

use std::collections::HashMap;

use chrono::{DateTime, Datelike, Duration, NaiveDate};
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::Column;
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

use crate::response::{Histogram, HistogramBucket};

/// Counts matching documents per publication day, from the `published` fast field.
pub(crate) struct DayCounter {
    field: String,
}

impl DayCounter {
    pub(crate) fn new(field: &str) -> Self {
        DayCounter {
            field: field.to_string(),
        }
    }
}

pub(crate) struct SegmentDayCounter {
    column: Option<Column<tantivy::DateTime>>,
    days: HashMap<i64, u64>,
}

impl Collector for DayCounter {
    type Fruit = Vec<(NaiveDate, u64)>;
    type Child = SegmentDayCounter;

    fn for_segment(
        &self,
        _segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<SegmentDayCounter> {
        let column = reader.fast_fields().date(&self.field).ok();
        Ok(SegmentDayCounter {
            column,
            days: HashMap::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, segment_fruits: Vec<Vec<(i64, u64)>>) -> tantivy::Result<Self::Fruit> {
        let mut merged: HashMap<i64, u64> = HashMap::new();
        for fruit in segment_fruits {
            for (day, count) in fruit {
                *merged.entry(day).or_default() += count;
            }
        }
        let mut days: Vec<(NaiveDate, u64)> = merged
            .into_iter()
            .filter_map(|(day, count)| {
                Some((
                    DateTime::from_timestamp(day * SECONDS_PER_DAY, 0)?.date_naive(),
                    count,
                ))
            })
            .collect();
        days.sort();
        Ok(days)
    }
}

impl SegmentCollector for SegmentDayCounter {
    type Fruit = Vec<(i64, u64)>;

    fn collect(&mut self, doc: DocId, _score: Score) {
        if let Some(column) = &self.column {
            if let Some(date) = column.first(doc) {
                *self
                    .days
                    .entry(date.into_timestamp_secs().div_euclid(SECONDS_PER_DAY))
                    .or_default() += 1;
            }
        }
    }

    fn harvest(self) -> Self::Fruit {
        self.days.into_iter().collect()
    }
}

const SECONDS_PER_DAY: i64 = 86_400;

/// Rolls daily counts (in date order) into day, week or month buckets depending on the span of
/// the matches: how every backend builds the timeline.
pub fn read_histogram(days: Vec<(NaiveDate, u64)>) -> Histogram {
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
