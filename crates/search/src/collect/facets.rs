//! Facet counting over the whole matched set, straight from the columns of `facet_columns`: one
//! array increment per value of each matching document, strings resolved only for the top values.
//! (tantivy's terms aggregation did the same job at about twice the cost in the query bench.)
//!
//! A segment's matches are listed as they are collected and counted when it is harvested, one
//! column at a time. Only a column's most frequent values are counted first. A rarer value
//! holds few documents, so it can reach the top values only when the top counts are small too;
//! the rare values are counted afterwards, over the same matches, exactly in that case.
//! Broad queries, where counting costs, skip the long tail of names, and the counters they do
//! touch fit in the L1 cache.

use std::sync::Arc;

use newsroom_index::NameCount;
use rustc_hash::FxHashMap;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

pub(crate) use crate::collect::facet_columns::FacetNames;
use crate::collect::facet_columns::ValueNames;
use candidates::{keep_highest, lowest_of_highest};

/// How many of a column's most frequent values are counted before the others: 16 KiB of
/// counters.
const HEAD_VALUES: usize = 4096;

/// How many candidate values each segment proposes. The leading merged values are counted again
/// in every segment, so the counts shown are exact; a value can only be missed if it is outside
/// every segment's candidates yet in the overall top N.
fn per_segment_candidates(top: usize) -> usize {
    top * 4 + 40
}

/// Counts the values of raw fast text fields over matching documents; fruit: per field, the top
/// values by count (ties by name).
pub(crate) struct FacetCounter {
    fields: Vec<String>,
    top: usize,
    names: Arc<FacetNames>,
}

impl FacetCounter {
    pub(crate) fn new(fields: &[&str], top: usize, names: Arc<FacetNames>) -> Self {
        FacetCounter {
            fields: fields.iter().map(|f| f.to_string()).collect(),
            top,
            names,
        }
    }
}

pub(crate) struct SegmentFacetCounter {
    columns: Vec<Option<OrdinalCounts>>,
    /// The matching documents, for the columns whose rarer values must be counted after all.
    docs: Vec<DocId>,
    keep: usize,
}

/// Counts of the most frequent values of one column (value `v` in slot `v`).
struct OrdinalCounts {
    names: Arc<ValueNames>,
    head: Vec<u32>,
}

impl OrdinalCounts {
    /// Counts for `names`; the first `head_values` (the most frequent) are counted before the rest.
    fn new(names: Arc<ValueNames>, head_values: usize) -> OrdinalCounts {
        OrdinalCounts {
            head: vec![0; names.len().min(head_values)],
            names,
        }
    }

    /// Counts the frequent values of one matching document (its values are in increasing order,
    /// so the first rare one ends them).
    #[inline]
    fn add_document(&mut self, doc: DocId) {
        for &ord in self.names.of_document(doc) {
            match self.head.get_mut(ord as usize) {
                Some(count) => *count += 1,
                None => break,
            }
        }
    }

    /// Counts the frequent values of `docs` (in increasing order). The column's arrays are
    /// larger than the processor's caches and a document's values lie where its entry in
    /// `starts` says, so both are asked for ahead, in two steps, while earlier documents count.
    fn count_documents(&mut self, docs: &[DocId]) {
        const AHEAD: usize = 8;
        for (index, &doc) in docs.iter().enumerate() {
            if let Some(&later) = docs.get(index + 2 * AHEAD) {
                self.names.prefetch_start(later);
            }
            if let Some(&next) = docs.get(index + AHEAD) {
                self.names.prefetch_ordinals(next);
            }
            self.add_document(doc);
        }
    }

    /// This segment's candidates: the `keep` values with the highest counts over `docs` (ties
    /// by name), counting the rare values too when one of them could be among those.
    fn into_values(self, docs: &Arc<Vec<DocId>>, keep: usize) -> SegmentValues {
        // Only counts that can be among the `keep` highest are listed (a broad query has
        // thousands of values counted); blocks of counters all zero are skipped whole.
        let lowest_listed = lowest_of_highest(&self.head, keep).max(1);
        let mut top: Vec<(u32, u32)> = Vec::with_capacity(keep * 2);
        for (block, counts) in (0u32..).step_by(16).zip(self.head.chunks(16)) {
            if counts.iter().fold(0, |highest, count| highest.max(*count)) < lowest_listed {
                continue;
            }
            for (ord, count) in (block..).zip(counts) {
                if *count >= lowest_listed {
                    top.push((*count, ord));
                }
            }
        }
        keep_highest(&self.names, &mut top, keep);
        // A rare value holds at most as many documents as the most frequent of them, and at
        // most all the matches.
        let rare_at_most =
            (self.names.document_frequency(self.head.len()) as usize).min(docs.len()) as u32;
        let lowest_kept = if top.len() < keep {
            0
        } else {
            top.iter().map(|(count, _)| *count).min().unwrap_or(0)
        };
        let mut rare = None;
        if rare_at_most > 0 && rare_at_most >= lowest_kept {
            let counted = self.count_rare_values(docs);
            top.extend(
                counted
                    .seen
                    .iter()
                    .map(|ord| (counted.counts[*ord as usize], *ord)),
            );
            keep_highest(&self.names, &mut top, keep);
            rare = Some(counted);
        }
        SegmentValues {
            names: self.names,
            top,
            head: self.head,
            rare,
            docs: Arc::clone(docs),
        }
    }

    /// Counts the values past the head over `docs`.
    fn count_rare_values(&self, docs: &[DocId]) -> RareCounts {
        let first_rare = self.head.len() as u32;
        let mut counts = self.names.take_counts();
        let mut seen = Vec::new();
        for &doc in docs {
            let values = self.names.of_document(doc);
            let rare = &values[values.partition_point(|ord| *ord < first_rare)..];
            for &ord in rare {
                if let Some(count) = counts.get_mut(ord as usize) {
                    if *count == 0 {
                        seen.push(ord);
                    }
                    *count += 1;
                }
            }
        }
        RareCounts { counts, seen }
    }
}

/// Counts of a column's rare values (a slot per value) and the values counted.
struct RareCounts {
    counts: Vec<u32>,
    seen: Vec<u32>,
}

impl Collector for FacetCounter {
    type Fruit = Vec<Vec<NameCount>>;
    type Child = SegmentFacetCounter;

    fn for_segment(
        &self,
        _segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<SegmentFacetCounter> {
        let mut columns = Vec::with_capacity(self.fields.len());
        for field in &self.fields {
            let column = reader.fast_fields().str(field)?;
            let Some(column) = column else {
                columns.push(None);
                continue;
            };
            let names = self.names.names(reader, field, &column)?;
            columns.push(Some(OrdinalCounts::new(names, HEAD_VALUES)));
        }
        Ok(SegmentFacetCounter {
            columns,
            docs: Vec::new(),
            keep: per_segment_candidates(self.top),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(
        &self,
        segment_fruits: Vec<Vec<SegmentValues>>,
    ) -> tantivy::Result<Self::Fruit> {
        // Names are borrowed from the segments' columns; only the final top N are copied. Each
        // name's sum comes with the number of segments that proposed it.
        let mut merged: Vec<FxHashMap<&str, (u64, usize)>> =
            vec![FxHashMap::default(); self.fields.len()];
        for fruit in &segment_fruits {
            for (field_index, values) in fruit.iter().enumerate() {
                for (count, ordinal) in &values.top {
                    if let Some(name) = values.names.get(u64::from(*ordinal)) {
                        let (sum, segments) = merged[field_index].entry(name).or_default();
                        *sum += u64::from(*count);
                        *segments += 1;
                    }
                }
            }
        }
        let by_count_then_name =
            |a: &(&str, u64, bool), b: &(&str, u64, bool)| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0));
        let top_values = merged
            .into_iter()
            .enumerate()
            .map(|(field_index, counts)| {
                // (name, count, whether the count is exact)
                let mut values: Vec<(&str, u64, bool)> = counts
                    .into_iter()
                    .map(|(name, (sum, segments))| (name, sum, segments == segment_fruits.len()))
                    .collect();
                // A sum misses the segments where its value was not a candidate: the leading
                // values are counted again, exactly, in every segment.
                if values.iter().any(|(_, _, exact)| !exact) {
                    keep_first(&mut values, self.top * 2, by_count_then_name);
                    for (name, count, exact) in &mut values {
                        if !*exact {
                            *count = segment_fruits
                                .iter()
                                .filter_map(|fruit| fruit.get(field_index))
                                .map(|segment| segment.count_of(name))
                                .sum();
                        }
                    }
                }
                keep_first(&mut values, self.top, by_count_then_name);
                values.sort_unstable_by(by_count_then_name);
                values
                    .into_iter()
                    .map(|(name, count, _)| NameCount {
                        name: name.to_string(),
                        count,
                    })
                    .collect()
            })
            .collect();
        for values in segment_fruits.into_iter().flatten() {
            values.give_back();
        }
        Ok(top_values)
    }
}

/// Keeps the first `keep` values in `order` (in any order).
fn keep_first<T>(
    values: &mut Vec<T>,
    keep: usize,
    order: impl FnMut(&T, &T) -> std::cmp::Ordering,
) {
    if values.len() > keep {
        values.select_nth_unstable_by(keep, order);
        values.truncate(keep);
    }
}

/// One segment's candidates for the top values of one field, as (count, value number) pairs,
/// with the column that names them and what it takes to count any other value.
pub(crate) struct SegmentValues {
    names: Arc<ValueNames>,
    top: Vec<(u32, u32)>,
    /// Counts of the column's most frequent values.
    head: Vec<u32>,
    /// Counts of the others, when they were counted.
    rare: Option<RareCounts>,
    /// The segment's matching documents.
    docs: Arc<Vec<DocId>>,
}

impl SegmentValues {
    fn empty() -> SegmentValues {
        SegmentValues {
            names: Arc::default(),
            top: Vec::new(),
            head: Vec::new(),
            rare: None,
            docs: Arc::default(),
        }
    }

    /// Returns the rare counts for reuse by later queries.
    fn give_back(self) {
        if let Some(RareCounts { counts, seen }) = self.rare {
            self.names.give_back_counts(counts, &seen);
        }
    }

    /// How many of the segment's matching documents hold the value `name`.
    fn count_of(&self, name: &str) -> u64 {
        let Some(ordinal) = self.names.ordinal_of(name) else {
            return 0;
        };
        if let Some(count) = self.head.get(ordinal as usize) {
            return u64::from(*count);
        }
        if let Some(rare) = &self.rare {
            return rare
                .counts
                .get(ordinal as usize)
                .map_or(0, |count| u64::from(*count));
        }
        self.docs
            .iter()
            .filter(|doc| {
                self.names
                    .of_document(**doc)
                    .binary_search(&ordinal)
                    .is_ok()
            })
            .count() as u64
    }
}

impl SegmentCollector for SegmentFacetCounter {
    type Fruit = Vec<SegmentValues>;

    /// Matches are only listed here; they are counted in `harvest`.
    fn collect(&mut self, doc: DocId, _score: Score) {
        self.docs.push(doc);
    }

    fn collect_block(&mut self, docs: &[DocId]) {
        self.docs.extend_from_slice(docs);
    }

    /// Counts column by column over all the matches: one column's arrays are read in document
    /// order while they are in cache, instead of every column's in turn for each match between
    /// the query's scoring work.
    fn harvest(self) -> Self::Fruit {
        let (docs, keep) = (Arc::new(self.docs), self.keep);
        self.columns
            .into_iter()
            .map(|column| match column {
                Some(mut column) => {
                    column.count_documents(&docs);
                    column.into_values(&docs, keep)
                }
                None => SegmentValues::empty(),
            })
            .collect()
    }
}

mod candidates;
#[cfg(test)]
mod tests;
