//! The indexing time written into each document: microseconds since 1970, strictly increasing
//! in the order the writer adds documents.
//!
//! A commit makes visible exactly the documents added before it, so with times that only grow
//! in that order, "every document newer than the largest time a reader saw" is exactly "every
//! document committed after that reader looked", whatever the number of commits or of workers.

use std::time::{SystemTime, UNIX_EPOCH};

/// Hands out the indexing times of one run.
#[derive(Debug)]
pub(crate) struct IndexingClock {
    last: u64,
}

impl IndexingClock {
    /// A clock that starts after `newest_in_index` (the largest time already written, 0 for
    /// none), so a clock set back between runs still gives later runs later times.
    pub(crate) fn after(newest_in_index: u64) -> Self {
        IndexingClock {
            last: newest_in_index,
        }
    }

    /// The time of the next document: now, or one more than the last time given when the
    /// wall clock has not moved past it.
    pub(crate) fn next_time(&mut self) -> u64 {
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |since| since.as_micros() as u64);
        self.last = now.max(self.last + 1);
        self.last
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_strictly_increase_even_behind_the_index() {
        let far_future = u64::MAX / 2;
        let mut clock = IndexingClock::after(far_future);
        let first = clock.next_time();
        let second = clock.next_time();
        assert!(first > far_future);
        assert!(second > first);
        let mut fresh = IndexingClock::after(0);
        assert!(fresh.next_time() > 1_600_000_000_000_000, "a real time");
    }
}
