//! Facet columns read into memory once per segment, in the layout counting wants: values numbered
//! by how many documents hold them, each document's value numbers in one flat array, sorted.

use std::sync::{Arc, Mutex, PoisonError};

use newsroom_index::NameRegistry;
use newsroom_prefetch::prefetch;
use tantivy::columnar::StrColumn;
use tantivy::{DocId, SegmentReader};

use crate::collect::segment_cache::SegmentCache;

/// One facet column of one segment, read into memory once: every value's name by its number
/// (values numbered by document frequency, most first), and every document's value numbers in
/// one flat array.
///
/// Segments never change, and the profile of the allsides query bench showed both reads at every
/// query to be costly: the column dictionaries are blocks of zstd-compressed terms (resolving the
/// top values through them took about a quarter of a facet query), and a document's ordinals sit
/// behind a multi-value index and bit-packed values (facets for "Trump", 18,906 matches on allsides, took ~3.4 ms).
#[derive(Debug, Default)]
pub(crate) struct ValueNames {
    text: String,
    /// End of each value in `text`, by ordinal.
    ends: Vec<u32>,
    /// Document `d`'s ordinals are `ordinals[starts[d]..starts[d + 1]]`, in increasing order.
    starts: Vec<u32>,
    ordinals: Vec<u32>,
    /// Documents holding each value, by ordinal (so never increasing).
    document_frequency: Vec<u32>,
    /// The ordinals in the order of their names, to find a value by name.
    by_name: Vec<u32>,
    /// The inverse: each ordinal's place in the order of names.
    name_ranks: Vec<u32>,
    /// Zeroed count arrays (one slot per value) left by finished queries. Reusing them matters:
    /// a fresh array of 100k+ slots is new memory, and its page faults cost more than counting.
    spare_counts: Mutex<Vec<Vec<u32>>>,
}

/// Most spare count arrays kept per column (about one per concurrent query).
const MAX_SPARE_COUNTS: usize = 16;

impl ValueNames {
    /// Reads a segment's column, with each raw value counted as its canonical value in the
    /// registry (values the registry drops are left out, and a document holding two variants of
    /// one value holds it once).
    fn read(
        column: &StrColumn,
        max_doc: DocId,
        field: &str,
        registry: &NameRegistry,
    ) -> std::io::Result<ValueNames> {
        let dictionary = column.dictionary();
        let mut names = Vec::with_capacity(dictionary.num_terms());
        let mut stream = dictionary.stream()?;
        while stream.advance() {
            // Values are written from Rust strings, so they are UTF-8; anything else reads empty.
            names.push(
                std::str::from_utf8(stream.key())
                    .unwrap_or_default()
                    .to_string(),
            );
        }
        let (names, canonical_of) = canonical_names(&names, field, registry);
        let mut starts = Vec::with_capacity(max_doc as usize + 1);
        let mut ordinals: Vec<u32> = Vec::new();
        starts.push(0);
        for doc in 0..max_doc {
            let first = ordinals.len();
            match &canonical_of {
                None => ordinals.extend(column.term_ords(doc).map(|ordinal| ordinal as u32)),
                Some(canonical_of) => {
                    ordinals.extend(
                        column
                            .term_ords(doc)
                            .filter_map(|ordinal| canonical_of.get(ordinal as usize).copied())
                            .flatten(),
                    );
                    ordinals[first..].sort_unstable();
                    let mut kept = first;
                    for index in first..ordinals.len() {
                        if index == first || ordinals[index] != ordinals[kept - 1] {
                            ordinals[kept] = ordinals[index];
                            kept += 1;
                        }
                    }
                    ordinals.truncate(kept);
                }
            }
            starts.push(ordinals.len() as u32);
        }
        Ok(ValueNames::by_frequency(&names, starts, ordinals))
    }

    /// The column of values `names` (by ordinal, in increasing order) where document `d` holds the values
    /// `ordinals[starts[d]..starts[d + 1]]`, renumbered by how many documents hold each value,
    /// most first. Counting a query's matches then increments a few hot slots near the start of
    /// the count array (the names of the dozens of people in most news) instead of slots
    /// scattered over an alphabetical array of 100k+ values. Ordinals past `names` are dropped.
    pub(crate) fn by_frequency(
        names: &[String],
        starts: Vec<u32>,
        ordinals: Vec<u32>,
    ) -> ValueNames {
        let mut frequency = vec![0u32; names.len()];
        for ordinal in &ordinals {
            if let Some(count) = frequency.get_mut(*ordinal as usize) {
                *count += 1;
            }
        }
        let mut order: Vec<u32> = (0..names.len() as u32).collect();
        order.sort_by_key(|ordinal| std::cmp::Reverse(frequency[*ordinal as usize]));
        let mut renumbered = vec![0u32; names.len()];
        let mut text = String::new();
        let mut ends = Vec::with_capacity(names.len());
        for (new, old) in order.iter().enumerate() {
            renumbered[*old as usize] = new as u32;
            text.push_str(&names[*old as usize]);
            ends.push(text.len() as u32);
        }
        let mut kept_starts = Vec::with_capacity(starts.len());
        let mut kept = Vec::with_capacity(ordinals.len());
        kept_starts.push(0);
        for window in starts.windows(2) {
            let first = kept.len();
            let document = ordinals.get(window[0] as usize..window[1] as usize);
            let valid = document.unwrap_or_default();
            kept.extend(valid.iter().filter_map(|old| renumbered.get(*old as usize)));
            kept[first..].sort_unstable();
            kept_starts.push(kept.len() as u32);
        }
        let document_frequency = order.iter().map(|old| frequency[*old as usize]).collect();
        let name_ranks = order;
        ValueNames {
            text,
            ends,
            starts: kept_starts,
            ordinals: kept,
            document_frequency,
            by_name: renumbered,
            name_ranks,
            spare_counts: Mutex::default(),
        }
    }

    /// Where the value `ordinal` comes in the order of names (for ties between counts).
    pub(crate) fn name_rank(&self, ordinal: u32) -> u32 {
        self.name_ranks
            .get(ordinal as usize)
            .copied()
            .unwrap_or(u32::MAX)
    }

    /// The ordinal of the value `name`, if the column has it.
    pub(crate) fn ordinal_of(&self, name: &str) -> Option<u32> {
        let found = self.by_name.binary_search_by(|ordinal| {
            self.get(u64::from(*ordinal)).unwrap_or_default().cmp(name)
        });
        found.ok().map(|index| self.by_name[index])
    }

    /// Number of distinct values.
    pub(crate) fn len(&self) -> usize {
        self.ends.len()
    }

    /// How many documents hold the value `ordinal` (0 past the last value).
    pub(crate) fn document_frequency(&self, ordinal: usize) -> u32 {
        self.document_frequency
            .get(ordinal)
            .copied()
            .unwrap_or_default()
    }

    /// A zeroed count per value.
    pub(crate) fn take_counts(&self) -> Vec<u32> {
        let spare = self
            .spare_counts
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .pop();
        spare.unwrap_or_else(|| vec![0; self.ends.len()])
    }

    /// Returns counts for reuse, zeroing the slots in `seen` (the only non-zero ones).
    pub(crate) fn give_back_counts(&self, mut counts: Vec<u32>, seen: &[u32]) {
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

    /// Asks the processor to start loading where document `doc`'s entry in `starts` lies.
    #[inline]
    pub(crate) fn prefetch_start(&self, doc: DocId) {
        if let Some(start) = self.starts.get(doc as usize) {
            prefetch(start);
        }
    }

    /// Asks the processor to start loading document `doc`'s first ordinals (reading its entry
    /// in `starts`, which `prefetch_start` should have asked for a while before).
    #[inline]
    pub(crate) fn prefetch_ordinals(&self, doc: DocId) {
        if let Some(first) = self
            .starts
            .get(doc as usize)
            .and_then(|start| self.ordinals.get(*start as usize))
        {
            prefetch(first);
        }
    }

    /// The value ordinals of one document, in increasing order.
    #[inline]
    pub(crate) fn of_document(&self, doc: DocId) -> &[u32] {
        let doc = doc as usize;
        match (self.starts.get(doc), self.starts.get(doc + 1)) {
            (Some(start), Some(end)) => &self.ordinals[*start as usize..*end as usize],
            _ => &[],
        }
    }

    /// The name of value `ordinal`.
    pub(crate) fn get(&self, ordinal: u64) -> Option<&str> {
        let index = usize::try_from(ordinal).ok()?;
        let end = *self.ends.get(index)? as usize;
        let start = index
            .checked_sub(1)
            .map_or(0, |previous| self.ends[previous] as usize);
        self.text.get(start..end)
    }
}

/// Raw values (in dictionary order) as canonical values: the canonical names in name order, and
/// each raw ordinal's canonical ordinal (`None` for dropped values); `None` for both when the
/// registry changes nothing in this column.
fn canonical_names(
    raw: &[String],
    field: &str,
    registry: &NameRegistry,
) -> (Vec<String>, Option<Vec<Option<u32>>>) {
    let mapped: Vec<Option<&str>> = raw
        .iter()
        .map(|name| registry.canonical(field, name))
        .collect();
    if mapped
        .iter()
        .zip(raw)
        .all(|(canonical, name)| *canonical == Some(name.as_str()))
    {
        return (raw.to_vec(), None);
    }
    let mut names: Vec<&str> = mapped.iter().flatten().copied().collect();
    names.sort_unstable();
    names.dedup();
    let canonical_of = mapped
        .iter()
        .map(|canonical| {
            canonical.and_then(|name| names.binary_search(&name).ok().map(|at| at as u32))
        })
        .collect();
    (
        names.into_iter().map(str::to_string).collect(),
        Some(canonical_of),
    )
}

/// The [`ValueNames`] of every (segment, facet field) queried so far, as canonical values of one
/// registry of names; shared by all searches of one engine (a new registry gets a new cache).
#[derive(Debug, Default)]
pub(crate) struct FacetNames {
    columns: SegmentCache<ValueNames>,
    registry: Arc<NameRegistry>,
}

impl FacetNames {
    /// An empty cache for columns read through `registry`.
    pub(crate) fn new(registry: Arc<NameRegistry>) -> Self {
        FacetNames {
            columns: SegmentCache::default(),
            registry,
        }
    }

    /// The registry the columns are read through.
    pub(crate) fn registry(&self) -> &Arc<NameRegistry> {
        &self.registry
    }

    /// Forgets segments that are no longer part of the index.
    pub(crate) fn retain(&self, live: &[tantivy::index::SegmentId]) {
        self.columns.retain(live);
    }

    /// The column of `field` in `segment`, read now unless already in memory.
    pub(crate) fn names(
        &self,
        segment: &SegmentReader,
        field: &str,
        column: &StrColumn,
    ) -> tantivy::Result<Arc<ValueNames>> {
        let max_doc = segment.max_doc();
        Ok(self.columns.get_or_read(segment, field, || {
            ValueNames::read(column, max_doc, field, &self.registry)
        })?)
    }

    /// Reads the column of `field` in `segment` now unless it is already in memory (a server
    /// does this for every segment as it starts, so its first searches do not pay for it).
    pub(crate) fn load(&self, segment: &SegmentReader, field: &str) -> tantivy::Result<()> {
        if let Some(column) = segment.fast_fields().str(field)? {
            self.names(segment, field, &column)?;
        }
        Ok(())
    }
}
