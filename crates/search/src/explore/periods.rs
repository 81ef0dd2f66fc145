//! One pass over a search's matches that counts every value of one kind in two periods at
//! once, placing each match by its publication day from the in-memory day column.
//!
//! Trending compares a period with the one before it. Selecting each period with a date-range
//! query scans the whole `published` column twice, which grows with the index, not with the
//! period (on 1.16 M articles it was most of a request's time); reading the day of each match
//! from the day column the timeline keeps in memory costs one load per match.

use std::sync::Arc;

use chrono::NaiveDate;
use newsroom_index::FacetKind;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::Column;
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

use super::significance::{SegmentCounts, SegmentSignificance};
use crate::collect::facet_columns::FacetNames;
use crate::collect::histogram::{day_number, day_of_date, DayColumn, DayColumns};

/// Counts of one kind's values over the matches of each of two periods.
pub(super) struct PeriodsCounter {
    /// The kind counted.
    pub(super) kind: FacetKind,
    /// Value names of the index's facet columns.
    pub(super) names: Arc<FacetNames>,
    /// The engine's day columns.
    pub(super) days: Arc<DayColumns>,
    /// The date field the periods are of.
    pub(super) field: &'static str,
    /// The period, first and last day included.
    pub(super) period: (NaiveDate, NaiveDate),
    /// The period it is compared with.
    pub(super) baseline: (NaiveDate, NaiveDate),
}

/// Where a segment's documents' days come from.
enum SegmentDays {
    /// The day column in memory.
    Memory(Arc<DayColumn>),
    /// The tantivy column (a segment whose dates span too many days for the day column).
    Column(Column<tantivy::DateTime>),
    /// No dates: no document is in either period.
    Missing,
}

impl SegmentDays {
    fn day(&self, doc: DocId) -> Option<i64> {
        match self {
            SegmentDays::Memory(days) => days.day(doc),
            SegmentDays::Column(column) => column.first(doc).map(day_of_date),
            SegmentDays::Missing => None,
        }
    }
}

/// One segment's matches sorted into the two periods.
pub(super) struct SegmentPeriods {
    days: SegmentDays,
    period: (i64, i64),
    baseline: (i64, i64),
    now: SegmentSignificance,
    before: SegmentSignificance,
}

impl Collector for PeriodsCounter {
    type Fruit = Vec<(Vec<SegmentCounts>, Vec<SegmentCounts>)>;
    type Child = SegmentPeriods;

    fn for_segment(
        &self,
        _segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<SegmentPeriods> {
        let column = match reader.fast_fields().str(self.kind.field_name())? {
            Some(column) => Some(self.names.names(reader, self.kind.field_name(), &column)?),
            None => None,
        };
        let days = match self.days.days(reader, self.field) {
            Some(days) => SegmentDays::Memory(days),
            None => match reader.fast_fields().date(self.field) {
                Ok(column) => SegmentDays::Column(column),
                Err(_) => SegmentDays::Missing,
            },
        };
        let numbers = |(first, last): (NaiveDate, NaiveDate)| (day_number(first), day_number(last));
        let significance = |column| SegmentSignificance {
            columns: vec![column],
            docs: Vec::new(),
        };
        Ok(SegmentPeriods {
            days,
            period: numbers(self.period),
            baseline: numbers(self.baseline),
            now: significance(column.clone()),
            before: significance(column),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(
        &self,
        segments: Vec<(Vec<SegmentCounts>, Vec<SegmentCounts>)>,
    ) -> tantivy::Result<Self::Fruit> {
        Ok(segments)
    }
}

impl SegmentCollector for SegmentPeriods {
    type Fruit = (Vec<SegmentCounts>, Vec<SegmentCounts>);

    fn collect(&mut self, doc: DocId, _score: Score) {
        let Some(day) = self.days.day(doc) else {
            return;
        };
        let within = |(first, last): (i64, i64)| first <= day && day <= last;
        if within(self.period) {
            self.now.docs.push(doc);
        } else if within(self.baseline) {
            self.before.docs.push(doc);
        }
    }

    fn harvest(self) -> Self::Fruit {
        (self.now.harvest(), self.before.harvest())
    }
}

impl PeriodsCounter {
    /// The counts of both periods over every live article, read from each segment's documents
    /// ordered by day: work in proportion to the two periods' articles, not to the index.
    /// `None` when a segment has no day column (the caller then runs the collector).
    pub(super) fn count_all(
        &self,
        searcher: &tantivy::Searcher,
    ) -> tantivy::Result<Option<<Self as Collector>::Fruit>> {
        let (period, baseline) = (
            (day_number(self.period.0), day_number(self.period.1)),
            (day_number(self.baseline.0), day_number(self.baseline.1)),
        );
        let mut fruits = Vec::with_capacity(searcher.segment_readers().len());
        for reader in searcher.segment_readers() {
            let Some(days) = self.days.days(reader, self.field) else {
                return Ok(None);
            };
            let column = match reader.fast_fields().str(self.kind.field_name())? {
                Some(column) => Some(self.names.names(reader, self.kind.field_name(), &column)?),
                None => None,
            };
            let live = |docs: &[DocId]| -> Vec<DocId> {
                match reader.alive_bitset() {
                    Some(alive) => docs
                        .iter()
                        .copied()
                        .filter(|&doc| alive.is_alive(doc))
                        .collect(),
                    None => docs.to_vec(),
                }
            };
            let counts = |(first, last): (i64, i64), column| {
                SegmentSignificance {
                    columns: vec![column],
                    docs: live(days.docs_between(first, last)),
                }
                .harvest()
            };
            fruits.push((counts(period, column.clone()), counts(baseline, column)));
        }
        Ok(Some(fruits))
    }
}
