//! The first and last publication day of a matched set, in the same pass as its count.
//!
//! A watch-list line needs only those two days, not a timeline: this collector keeps a minimum
//! and a maximum per segment and reads nothing else.

use chrono::{DateTime, NaiveDate};
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::Column;
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

/// Collects the earliest and latest `published` value of the matches.
pub(crate) struct DateSpan {
    /// The date fast field.
    pub(crate) field: &'static str,
}

/// The earliest and latest publication time of one segment's matches (seconds since 1970).
pub(crate) struct SegmentDateSpan {
    column: Option<Column<tantivy::DateTime>>,
    span: Option<(i64, i64)>,
}

impl Collector for DateSpan {
    /// The first and last day, `None` when no match is dated.
    type Fruit = Option<(NaiveDate, NaiveDate)>;
    type Child = SegmentDateSpan;

    fn for_segment(
        &self,
        _segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<SegmentDateSpan> {
        Ok(SegmentDateSpan {
            column: reader.fast_fields().date(self.field).ok(),
            span: None,
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, segment_spans: Vec<Option<(i64, i64)>>) -> tantivy::Result<Self::Fruit> {
        let span = segment_spans
            .into_iter()
            .flatten()
            .reduce(|a, b| (a.0.min(b.0), a.1.max(b.1)));
        let day = |seconds: i64| DateTime::from_timestamp(seconds, 0).map(|time| time.date_naive());
        Ok(span.and_then(|(first, last)| day(first).zip(day(last))))
    }
}

impl SegmentCollector for SegmentDateSpan {
    type Fruit = Option<(i64, i64)>;

    #[inline]
    fn collect(&mut self, doc: DocId, _score: Score) {
        let Some(column) = &self.column else {
            return;
        };
        if let Some(published) = column.first(doc) {
            let seconds = published.into_timestamp_secs();
            self.span = Some(match self.span {
                Some((first, last)) => (first.min(seconds), last.max(seconds)),
                None => (seconds, seconds),
            });
        }
    }

    fn harvest(self) -> Self::Fruit {
        self.span
    }
}
