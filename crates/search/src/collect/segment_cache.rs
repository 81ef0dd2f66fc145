//! Per-segment columns read into memory once and shared by every search of an engine.
//!
//! Segments never change, so a column laid out the way counting wants (facet values, days) can
//! be read once per segment and field, then reused until the segment merges away.

use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use rustc_hash::FxHashMap;
use tantivy::index::SegmentId;
use tantivy::SegmentReader;

/// One cache entry: empty until the first query that needs it has read the column. Each entry
/// has its own lock, so concurrent first queries on a segment wait for one read instead of all
/// reading it (16 parallel reads at a server's start made its first seconds the slowest).
type Slot<T> = Arc<Mutex<Option<Arc<T>>>>;

/// The `T` of every (segment, field) read so far. Entries of segments that merged away are
/// dropped by [`SegmentCache::retain`].
#[derive(Debug)]
pub(crate) struct SegmentCache<T> {
    by_segment: Mutex<FxHashMap<(SegmentId, String), Slot<T>>>,
}

impl<T> Default for SegmentCache<T> {
    fn default() -> Self {
        SegmentCache {
            by_segment: Mutex::default(),
        }
    }
}

impl<T> SegmentCache<T> {
    /// The entry of `field` in `segment`, made by `read` now unless already in memory. A read
    /// that fails leaves the entry empty for the next query to try again.
    pub(crate) fn get_or_read<E>(
        &self,
        segment: &SegmentReader,
        field: &str,
        read: impl FnOnce() -> Result<T, E>,
    ) -> Result<Arc<T>, E> {
        let key = (segment.segment_id(), field.to_string());
        let slot = Arc::clone(self.lock().entry(key).or_default());
        let mut entry = slot.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(cached) = entry.as_ref() {
            return Ok(Arc::clone(cached));
        }
        let fresh = Arc::new(read()?);
        *entry = Some(Arc::clone(&fresh));
        Ok(fresh)
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

    fn lock(&self) -> MutexGuard<'_, FxHashMap<(SegmentId, String), Slot<T>>> {
        // The map holds only slots, each valid whatever a panicking thread was doing.
        self.by_segment
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }
}
