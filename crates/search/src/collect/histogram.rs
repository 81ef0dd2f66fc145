//! The date histogram of the matched set: daily counts from the fast field, rolled up for display.

use std::convert::Infallible;
use std::sync::Arc;

use chrono::{DateTime, Datelike, Duration, NaiveDate};
use rustc_hash::FxHashMap;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::Column;
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

use crate::collect::segment_cache::SegmentCache;
use crate::response::{Histogram, HistogramBucket};

/// One segment's publication days, read into memory once: each document's day as an offset from
/// the segment's first day.
///
/// The timeline is on by default, and reading the `published` column per match (an optional
/// index, a block-wise linear codec) and hashing its day took most of a query's time on
/// reuters-headlines; two bytes per document, read once, turn it into one load and one increment.
#[derive(Debug)]
pub(crate) struct DayColumn {
    first_day: i64,
    /// Days from `first_day` to the last day, plus one.
    span: usize,
    /// Each document's day offset; `NO_DAY` (past every count) when it has no date.
    offsets: Vec<u16>,
    /// The documents ordered by day, built the first time a period is asked for.
    by_day: std::sync::OnceLock<DocsByDay>,
}

/// A segment's dated documents ordered by day: day offset `d` owns
/// `docs[starts[d]..starts[d + 1]]`.
#[derive(Debug)]
struct DocsByDay {
    starts: Vec<u32>,
    docs: Vec<DocId>,
}

/// The offset of a document without a date; spans must be shorter.
const NO_DAY: u16 = u16::MAX;

impl DayColumn {
    /// The column's days, or `None` when they span `NO_DAY` days or more (about 179 years;
    /// such a segment is counted straight from the tantivy column).
    fn read(column: &Column<tantivy::DateTime>, max_doc: DocId) -> Option<DayColumn> {
        let first_day = day_of(column.min_value());
        let span = usize::try_from(day_of(column.max_value()) - first_day + 1).ok()?;
        if span >= usize::from(NO_DAY) {
            return None;
        }
        let offsets = (0..max_doc)
            .map(|doc| {
                column
                    .first(doc)
                    .and_then(|date| u16::try_from(day_of(date) - first_day).ok())
                    .unwrap_or(NO_DAY)
            })
            .collect();
        Some(DayColumn {
            first_day,
            span,
            offsets,
            by_day: std::sync::OnceLock::new(),
        })
    }
}

impl DayColumn {
    /// The documents published from day `first` to day `last` (day numbers, both included),
    /// deleted ones among them: a period's documents without a pass over the segment.
    pub(crate) fn docs_between(&self, first: i64, last: i64) -> &[DocId] {
        let span = self.span as i64;
        let start = (first - self.first_day).clamp(0, span) as usize;
        let end = (last - self.first_day + 1).clamp(0, span) as usize;
        if start >= end {
            return &[];
        }
        let by_day = self.by_day.get_or_init(|| self.order_by_day());
        &by_day.docs[by_day.starts[start] as usize..by_day.starts[end] as usize]
    }

    /// A counting sort of the documents by day.
    fn order_by_day(&self) -> DocsByDay {
        let mut starts = vec![0u32; self.span + 1];
        for &offset in self.offsets.iter().filter(|&&offset| offset != NO_DAY) {
            starts[usize::from(offset) + 1] += 1;
        }
        for day in 1..starts.len() {
            starts[day] += starts[day - 1];
        }
        let mut next = starts.clone();
        let mut docs = vec![0; starts[self.span] as usize];
        for (doc, &offset) in self.offsets.iter().enumerate() {
            if offset != NO_DAY {
                let slot = &mut next[usize::from(offset)];
                docs[*slot as usize] = doc as DocId;
                *slot += 1;
            }
        }
        DocsByDay { starts, docs }
    }

    /// The day of `doc` (days since 1970-01-01), `None` when it has no date.
    pub(crate) fn day(&self, doc: DocId) -> Option<i64> {
        let offset = *self.offsets.get(doc as usize)?;
        (offset != NO_DAY).then(|| self.first_day + i64::from(offset))
    }
}

/// A date as a day number: days since 1970-01-01, as [`DayColumn::day`] gives them.
pub(crate) fn day_number(date: NaiveDate) -> i64 {
    date.signed_duration_since(NaiveDate::default()).num_days()
}

/// The day number of a stored date.
pub(crate) fn day_of_date(date: tantivy::DateTime) -> i64 {
    day_of(date)
}

/// The [`DayColumn`] of every segment queried so far (`None`: no readable column, or a span
/// too wide); shared by all searches of one engine.
pub(crate) type DayColumns = SegmentCache<Option<Arc<DayColumn>>>;

impl DayColumns {
    /// The days of `field` in `segment`, read now unless already in memory.
    pub(crate) fn days(&self, segment: &SegmentReader, field: &str) -> Option<Arc<DayColumn>> {
        let read = || {
            let column = segment.fast_fields().date(field).ok()?;
            DayColumn::read(&column, segment.max_doc()).map(Arc::new)
        };
        let Ok(days) = self.get_or_read::<Infallible>(segment, field, || Ok(read()));
        days.as_ref().clone()
    }

    /// Reads the days of `field` in `segment` now unless they are already in memory (a server
    /// does this for every segment as it starts).
    pub(crate) fn load(&self, segment: &SegmentReader, field: &str) {
        self.days(segment, field);
    }
}

/// Counts matching documents per publication day, from the `published` fast field.
pub(crate) struct DayCounter {
    field: String,
    columns: Arc<DayColumns>,
}

impl DayCounter {
    pub(crate) fn new(field: &str, columns: Arc<DayColumns>) -> Self {
        DayCounter {
            field: field.to_string(),
            columns,
        }
    }
}

/// One segment's day counts.
pub(crate) enum SegmentDayCounter {
    /// A count per day of the segment's span.
    Dense {
        column: Arc<DayColumn>,
        counts: Vec<u32>,
    },
    /// Days too far apart for a count array, read from the tantivy column.
    Sparse {
        column: Column<tantivy::DateTime>,
        days: FxHashMap<i64, u32>,
    },
    /// No readable `published` column.
    NoDates,
}

impl Collector for DayCounter {
    type Fruit = Vec<(NaiveDate, u64)>;
    type Child = SegmentDayCounter;

    fn for_segment(
        &self,
        _segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<SegmentDayCounter> {
        if let Some(column) = self.columns.days(reader, &self.field) {
            return Ok(SegmentDayCounter::Dense {
                counts: vec![0; column.span],
                column,
            });
        }
        Ok(match reader.fast_fields().date(&self.field) {
            Ok(column) => SegmentDayCounter::Sparse {
                column,
                days: FxHashMap::default(),
            },
            Err(_) => SegmentDayCounter::NoDates,
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, segment_fruits: Vec<Vec<(i64, u64)>>) -> tantivy::Result<Self::Fruit> {
        let mut days: Vec<(i64, u64)> = segment_fruits.into_iter().flatten().collect();
        days.sort_unstable_by_key(|(day, _)| *day);
        days.dedup_by(|later, earlier| {
            let same_day = later.0 == earlier.0;
            if same_day {
                earlier.1 += later.1;
            }
            same_day
        });
        Ok(days
            .into_iter()
            .filter_map(|(day, count)| {
                Some((
                    DateTime::from_timestamp(day * SECONDS_PER_DAY, 0)?.date_naive(),
                    count,
                ))
            })
            .collect())
    }
}

impl SegmentCollector for SegmentDayCounter {
    /// (day since the epoch, matches), in day order.
    type Fruit = Vec<(i64, u64)>;

    #[inline]
    fn collect(&mut self, doc: DocId, _score: Score) {
        match self {
            SegmentDayCounter::Dense { column, counts } => {
                // A document without a date has `NO_DAY`, past the end of `counts`.
                let offset = column.offsets.get(doc as usize);
                if let Some(count) = offset.and_then(|offset| counts.get_mut(usize::from(*offset)))
                {
                    *count += 1;
                }
            }
            SegmentDayCounter::Sparse { column, days } => {
                if let Some(date) = column.first(doc) {
                    *days.entry(day_of(date)).or_default() += 1;
                }
            }
            SegmentDayCounter::NoDates => {}
        }
    }

    fn harvest(self) -> Self::Fruit {
        match self {
            SegmentDayCounter::Dense { column, counts } => (column.first_day..)
                .zip(counts)
                .filter(|(_, count)| *count > 0)
                .map(|(day, count)| (day, u64::from(count)))
                .collect(),
            SegmentDayCounter::Sparse { days, .. } => {
                let mut days: Vec<(i64, u64)> = days
                    .into_iter()
                    .map(|(day, count)| (day, u64::from(count)))
                    .collect();
                days.sort_unstable();
                days
            }
            SegmentDayCounter::NoDates => Vec::new(),
        }
    }
}

/// Days since the Unix epoch of `date`.
fn day_of(date: tantivy::DateTime) -> i64 {
    date.into_timestamp_secs().div_euclid(SECONDS_PER_DAY)
}

const SECONDS_PER_DAY: i64 = 86_400;

/// Rolls daily counts (in date order) into day, week or month buckets depending on the span of
/// the matches: how every backend builds the timeline.
pub fn read_histogram(days: Vec<(NaiveDate, u64)>) -> Histogram {
    let (Some(first), Some(last)) = (days.first().map(|d| d.0), days.last().map(|d| d.0)) else {
        return Histogram {
            interval: "day",
            buckets: Vec::new(),
            first: None,
            last: None,
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
    Histogram {
        interval,
        buckets,
        first: Some(first),
        last: Some(last),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::query::AllQuery;
    use tantivy::schema::{DateOptions, Schema, FAST};
    use tantivy::{doc, Index};

    /// An index whose documents were published on `days` (`None`: no date), in one segment.
    fn index_of(days: &[Option<&str>]) -> Index {
        let mut schema = Schema::builder();
        let published = schema.add_date_field("published", DateOptions::from(FAST));
        let index = Index::create_in_ram(schema.build());
        let mut writer: tantivy::IndexWriter =
            index.writer_with_num_threads(1, 15_000_000).unwrap();
        for day in days {
            let mut document = doc!();
            if let Some(day) = day {
                let date: NaiveDate = day.parse().unwrap();
                let seconds = date.and_hms_opt(13, 30, 0).unwrap().and_utc().timestamp();
                document.add_date(published, tantivy::DateTime::from_timestamp_secs(seconds));
            }
            writer.add_document(document).unwrap();
        }
        writer.commit().unwrap();
        index
    }

    fn counted(index: &Index) -> Vec<(String, u64)> {
        let searcher = index.reader().unwrap().searcher();
        let counter = DayCounter::new("published", Arc::default());
        let days = searcher.search(&AllQuery, &counter).unwrap();
        days.into_iter()
            .map(|(day, count)| (day.to_string(), count))
            .collect()
    }

    fn dense(index: &Index) -> bool {
        let searcher = index.reader().unwrap().searcher();
        let segment = &searcher.segment_readers()[0];
        let column = segment.fast_fields().date("published").unwrap();
        DayColumn::read(&column, segment.max_doc()).is_some()
    }

    #[test]
    fn days_close_together_are_counted_in_an_array() {
        let index = index_of(&[
            Some("2025-03-02"),
            None,
            Some("2024-12-31"),
            Some("2025-03-02"),
            Some("1970-01-01"),
        ]);
        assert!(dense(&index));
        let expected = [("1970-01-01", 1), ("2024-12-31", 1), ("2025-03-02", 2)];
        let expected: Vec<_> = expected.map(|(d, n)| (d.to_string(), n)).into();
        assert_eq!(counted(&index), expected);
    }

    #[test]
    fn segments_counting_the_same_day_add_up() {
        let counter = DayCounter::new("published", Arc::default());
        let (first, second) = (vec![(3, 2), (10, 1)], vec![(0, 4), (3, 5), (11, 1)]);
        let merged = counter
            .merge_fruits(vec![first, second, Vec::new()])
            .unwrap();
        let days: Vec<(String, u64)> = merged
            .into_iter()
            .map(|(day, count)| (day.to_string(), count))
            .collect();
        let expected = [
            ("1970-01-01", 4),
            ("1970-01-04", 7),
            ("1970-01-11", 1),
            ("1970-01-12", 1),
        ];
        let expected: Vec<_> = expected.map(|(d, n)| (d.to_string(), n)).into();
        assert_eq!(days, expected);
    }

    #[test]
    fn days_centuries_apart_are_counted_from_the_column() {
        let index = index_of(&[
            Some("2100-06-15"),
            Some("1850-01-01"),
            None,
            Some("2100-06-15"),
        ]);
        assert!(!dense(&index));
        let expected = [("1850-01-01", 1), ("2100-06-15", 2)];
        let expected: Vec<_> = expected.map(|(d, n)| (d.to_string(), n)).into();
        assert_eq!(counted(&index), expected);
    }
}
