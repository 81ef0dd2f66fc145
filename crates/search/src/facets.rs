//! Facet counting over the whole matched set, straight from the fast fields' term ordinals: one
//! array increment per value of each matching document, strings resolved only for the top values.
//! (tantivy's terms aggregation did the same job at about twice the cost in the query bench.)

use std::sync::{Arc, Mutex, PoisonError};

use newsroom_index::NameCount;
use rustc_hash::FxHashMap;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::StrColumn;
use tantivy::index::SegmentId;
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

/// One facet column of one segment, read into memory once: every value's name by its number
/// (values numbered by document frequency), and every document's value numbers in one flat array.
///
/// Segments never change, and the profile of the allsides query bench showed both reads at every
/// query to be costly: the column dictionaries are blocks of zstd-compressed terms (resolving the
/// top values through them took about a quarter of a facet query), and a document's ordinals sit
/// behind a multi-value index and bit-packed values (facets for "Trump", 18,906 matches on allsides, took ~3.4 ms).
#[derive(Debug, Default)]
struct ValueNames {
    text: String,
    /// End of each value in `text`, by ordinal.
    ends: Vec<u32>,
    /// Document `d`'s ordinals are `ordinals[starts[d]..starts[d + 1]]`.
    starts: Vec<u32>,
    ordinals: Vec<u32>,
    /// Zeroed count arrays (one slot per value) left by finished queries. Reusing them matters:
    /// a fresh array of 100k+ slots is new memory, and its page faults cost more than counting.
    spare_counts: Mutex<Vec<Vec<u32>>>,
}

/// Most spare count arrays kept per column (about one per concurrent query).
const MAX_SPARE_COUNTS: usize = 16;

impl ValueNames {
    fn read(column: &StrColumn, max_doc: DocId) -> std::io::Result<ValueNames> {
        let dictionary = column.dictionary();
        let mut names = ValueNames {
            text: String::new(),
            ends: Vec::with_capacity(dictionary.num_terms()),
            starts: Vec::with_capacity(max_doc as usize + 1),
            ordinals: Vec::new(),
            spare_counts: Mutex::default(),
        };
        let mut stream = dictionary.stream()?;
        while stream.advance() {
            // Values are written from Rust strings, so they are UTF-8; anything else reads empty.
            names
                .text
                .push_str(std::str::from_utf8(stream.key()).unwrap_or_default());
            names.ends.push(names.text.len() as u32);
        }
        names.starts.push(0);
        for doc in 0..max_doc {
            names
                .ordinals
                .extend(column.term_ords(doc).map(|ordinal| ordinal as u32));
            names.starts.push(names.ordinals.len() as u32);
        }
        Ok(names.by_frequency())
    }

    /// The same column with values numbered by how many documents hold them, most first.
    /// Counting a query's matches then increments a few hot slots near the start of the count
    /// array (the names of the dozens of people in most news) instead of slots scattered over
    /// an alphabetical array of 100k+ values.
    fn by_frequency(self) -> ValueNames {
        let mut frequency = vec![0u32; self.ends.len()];
        for ordinal in &self.ordinals {
            if let Some(count) = frequency.get_mut(*ordinal as usize) {
                *count += 1;
            }
        }
        let mut order: Vec<u32> = (0..self.ends.len() as u32).collect();
        order.sort_by_key(|ordinal| std::cmp::Reverse(frequency[*ordinal as usize]));
        let mut renumbered = vec![0u32; self.ends.len()];
        let mut text = String::with_capacity(self.text.len());
        let mut ends = Vec::with_capacity(self.ends.len());
        for (new, old) in order.iter().enumerate() {
            renumbered[*old as usize] = new as u32;
            text.push_str(self.get(u64::from(*old)).unwrap_or_default());
            ends.push(text.len() as u32);
        }
        let ordinals = self
            .ordinals
            .iter()
            .map(|old| renumbered.get(*old as usize).copied().unwrap_or(u32::MAX))
            .collect();
        ValueNames {
            text,
            ends,
            starts: self.starts,
            ordinals,
            spare_counts: self.spare_counts,
        }
    }

    /// A zeroed count per value.
    fn take_counts(&self) -> Vec<u32> {
        let spare = self
            .spare_counts
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .pop();
        spare.unwrap_or_else(|| vec![0; self.ends.len()])
    }

    /// Returns counts for reuse, zeroing the slots in `seen` (the only non-zero ones).
    fn give_back_counts(&self, mut counts: Vec<u32>, seen: &[u32]) {
        for ordinal in seen {
            if let Some(count) = counts.get_mut(*ordinal as usize) {
                *count = 0;
            }
        }
        let mut spare = self
            .spare_counts
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        if spare.len() < MAX_SPARE_COUNTS {
            spare.push(counts);
        }
    }

    /// The value ordinals of one document.
    fn of_document(&self, doc: DocId) -> &[u32] {
        let doc = doc as usize;
        match (self.starts.get(doc), self.starts.get(doc + 1)) {
            (Some(start), Some(end)) => &self.ordinals[*start as usize..*end as usize],
            _ => &[],
        }
    }

    fn get(&self, ordinal: u64) -> Option<&str> {
        let index = usize::try_from(ordinal).ok()?;
        let end = *self.ends.get(index)? as usize;
        let start = index
            .checked_sub(1)
            .map_or(0, |previous| self.ends[previous] as usize);
        self.text.get(start..end)
    }
}

/// One cache entry: empty until the first query that needs it has read the column. Each entry
/// has its own lock, so concurrent first queries on a segment wait for one read instead of all
/// reading it (16 parallel reads at a server's start made its first seconds the slowest).
type Slot = Arc<Mutex<Option<Arc<ValueNames>>>>;

/// The [`ValueNames`] of every (segment, facet field) queried so far; shared by all searches of
/// one engine. Entries of segments that merged away are dropped by [`FacetNames::retain`].
#[derive(Debug, Default)]
pub(crate) struct FacetNames {
    by_segment: Mutex<FxHashMap<(SegmentId, String), Slot>>,
}

impl FacetNames {
    fn names(
        &self,
        segment: &SegmentReader,
        field: &str,
        column: &StrColumn,
    ) -> tantivy::Result<Arc<ValueNames>> {
        let (segment, max_doc) = (segment.segment_id(), segment.max_doc());
        let slot = Arc::clone(self.lock().entry((segment, field.to_string())).or_default());
        // A read that failed leaves the slot empty for the next query to try again.
        let mut names = slot.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(names) = names.as_ref() {
            return Ok(Arc::clone(names));
        }
        let read = Arc::new(ValueNames::read(column, max_doc)?);
        *names = Some(Arc::clone(&read));
        Ok(read)
    }

    /// Reads the column of `field` in `segment` now unless it is already in memory (a server
    /// does this for every segment as it starts, so its first searches do not pay for it).
    pub(crate) fn load(&self, segment: &SegmentReader, field: &str) -> tantivy::Result<()> {
        if let Some(column) = segment.fast_fields().str(field)? {
            self.names(segment, field, &column)?;
        }
        Ok(())
    }

    /// Forgets segments that are no longer part of the index.
    pub(crate) fn retain(&self, live: &[SegmentId]) {
        let mut by_segment = self.lock();
        if by_segment
            .keys()
            .any(|(segment, _)| !live.contains(segment))
        {
            by_segment.retain(|(segment, _), _| live.contains(segment));
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, FxHashMap<(SegmentId, String), Slot>> {
        // The map holds only slots, each valid whatever a panicking thread was doing.
        self.by_segment
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }
}

/// How many values per segment are resolved to names when an index has several segments: enough
/// that the merged top N is exact unless counts are spread thinly across segments.
fn per_segment_candidates(top: usize) -> usize {
    top * 10 + 100
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
    keep: usize,
}

/// Counts per term ordinal of one column, with the list of ordinals seen so harvesting does not
/// scan the whole dictionary (100k+ names) for a query that matched a few documents.
struct OrdinalCounts {
    names: Arc<ValueNames>,
    counts: Vec<u32>,
    seen: Vec<u32>,
}

impl OrdinalCounts {
    /// Counts the values of one matching document.
    #[inline]
    fn add_document(&mut self, doc: DocId) {
        for &ord in self.names.of_document(doc) {
            if let Some(count) = self.counts.get_mut(ord as usize) {
                if *count == 0 {
                    self.seen.push(ord);
                }
                *count += 1;
            }
        }
    }
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
            columns.push(Some(OrdinalCounts {
                counts: names.take_counts(),
                names,
                seen: Vec::new(),
            }));
        }
        Ok(SegmentFacetCounter {
            columns,
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
        // Names are borrowed from the segments' columns; only the final top N are copied.
        let mut merged: Vec<FxHashMap<&str, u64>> = vec![FxHashMap::default(); self.fields.len()];
        for fruit in &segment_fruits {
            for (field_index, values) in fruit.iter().enumerate() {
                for (count, ordinal) in &values.top {
                    if let Some(name) = values.names.get(u64::from(*ordinal)) {
                        *merged[field_index].entry(name).or_default() += u64::from(*count);
                    }
                }
            }
        }
        Ok(merged
            .into_iter()
            .map(|counts| {
                let mut values: Vec<(&str, u64)> = counts.into_iter().collect();
                let by_count_then_name =
                    |a: &(&str, u64), b: &(&str, u64)| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0));
                if values.len() > self.top {
                    values.select_nth_unstable_by(self.top, by_count_then_name);
                    values.truncate(self.top);
                }
                values.sort_unstable_by(by_count_then_name);
                values
                    .into_iter()
                    .map(|(name, count)| NameCount {
                        name: name.to_string(),
                        count,
                    })
                    .collect()
            })
            .collect())
    }
}

/// One segment's candidates for the top values of one field: (count, value number) pairs and
/// the column that names them.
pub(crate) struct SegmentValues {
    names: Arc<ValueNames>,
    top: Vec<(u32, u32)>,
}

impl SegmentCollector for SegmentFacetCounter {
    type Fruit = Vec<SegmentValues>;

    fn collect(&mut self, doc: DocId, _score: Score) {
        for column in self.columns.iter_mut().flatten() {
            column.add_document(doc);
        }
    }

    /// Column by column over a block of matches (tantivy hands over blocks when no score is
    /// needed), so each column's arrays stay in cache for the whole block.
    fn collect_block(&mut self, docs: &[DocId]) {
        for column in self.columns.iter_mut().flatten() {
            for &doc in docs {
                column.add_document(doc);
            }
        }
    }

    fn harvest(self) -> Self::Fruit {
        let keep = self.keep;
        self.columns
            .into_iter()
            .map(|column| {
                let Some(OrdinalCounts {
                    names,
                    counts,
                    seen,
                }) = column
                else {
                    return SegmentValues {
                        names: Arc::default(),
                        top: Vec::new(),
                    };
                };
                let mut top: Vec<(u32, u32)> = seen
                    .iter()
                    .map(|ord| (counts[*ord as usize], *ord))
                    .collect();
                if top.len() > keep {
                    top.select_nth_unstable_by(keep, |a, b| b.0.cmp(&a.0));
                    top.truncate(keep);
                }
                names.give_back_counts(counts, &seen);
                SegmentValues { names, top }
            })
            .collect()
    }
}
