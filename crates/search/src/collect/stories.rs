//! Collapsing on the story id: one pass over the matches keeps each story's best match (by
//! score, or by date for the date orders) and its number of matches, so a page shows one
//! article per story and says how many other versions matched.
//!
//! Most articles are a story of their own. The documents whose story has other live articles
//! anywhere in the index are marked once per set of segments ([`SharedStories`], one bit per
//! document); a match not marked is its own story and only competes for the page in a small
//! heap, as `TopDocs` does, so only the few marked matches pay for a hash-map update.

use std::cmp::{Ordering, Reverse};
use std::collections::BinaryHeap;
use std::sync::{Arc, Mutex, PoisonError};

use rustc_hash::FxHashMap;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::Column;
use tantivy::index::SegmentId;
use tantivy::{DateTime, DocAddress, DocId, Score, Searcher, SegmentOrdinal, SegmentReader};

use newsroom_index::schema::field_names;

/// What decides a story's best match, and the order of the stories.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum StoryOrder {
    /// Highest score.
    Score,
    /// Newest publication date.
    Newest,
    /// Oldest publication date.
    Oldest,
}

/// The best match of one story among a search's matches.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct StoryBest {
    /// Higher is better: the score's bits in total order, or the date (negated for oldest first).
    key: i64,
    /// The match's score (0 when ordered by date).
    pub score: Score,
    /// The match.
    pub address: DocAddress,
    /// The story's matches, this one included.
    pub matches: u64,
}

impl StoryBest {
    /// Page order: higher key first, then the first document.
    fn rank(&self, other: &StoryBest) -> Ordering {
        self.key
            .cmp(&other.key)
            .then_with(|| other.address.cmp(&self.address))
    }
}

/// A [`StoryBest`] ordered by rank, for the heaps.
#[derive(Debug, Clone, Copy)]
struct Ranked(StoryBest);

impl PartialEq for Ranked {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}
impl Eq for Ranked {}
impl PartialOrd for Ranked {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Ranked {
    fn cmp(&self, other: &Self) -> Ordering {
        self.0.rank(&other.0)
    }
}

/// The stories of a search: how many, and the best matches of the first `depth`, in page order.
#[derive(Debug, Default)]
pub(crate) struct CollapsedStories {
    /// Stories among the matches.
    pub stories: u64,
    /// The best match of each of the first stories, best first.
    pub best: Vec<StoryBest>,
}

/// One bit per document of a segment: set when the document's story has other live articles.
#[derive(Debug, Default)]
pub(crate) struct SharedBits(Vec<u64>);

impl SharedBits {
    fn contains(&self, doc: DocId) -> bool {
        self.0
            .get(doc as usize / 64)
            .is_some_and(|word| word >> (doc % 64) & 1 == 1)
    }
}

/// The documents of stories with several live articles, per segment, for one set of segments.
#[derive(Debug, Default)]
pub(crate) struct StoryMembership {
    /// The segments (and their deletions) this was computed for.
    generation: Vec<(SegmentId, u32)>,
    shared: FxHashMap<SegmentId, Arc<SharedBits>>,
}

/// The [`StoryMembership`] of the index's current segments, computed when they change.
#[derive(Debug, Default)]
pub(crate) struct SharedStories {
    current: Mutex<Option<Arc<StoryMembership>>>,
}

impl SharedStories {
    /// The membership of `searcher`'s segments: reads every live document's story once per set
    /// of segments (a few milliseconds on allsides) and keeps it until the segments change.
    pub(crate) fn get(&self, searcher: &Searcher) -> tantivy::Result<Arc<StoryMembership>> {
        let generation: Vec<(SegmentId, u32)> = searcher
            .segment_readers()
            .iter()
            .map(|segment| (segment.segment_id(), segment.num_deleted_docs()))
            .collect();
        let mut current = self.current.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(membership) = current.as_ref() {
            if membership.generation == generation {
                return Ok(Arc::clone(membership));
            }
        }
        let mut articles: FxHashMap<u64, u32> = FxHashMap::default();
        let mut columns = Vec::new();
        for segment in searcher.segment_readers() {
            let column = segment.fast_fields().u64(field_names::STORY)?;
            for doc in segment.doc_ids_alive() {
                if let Some(story) = column.first(doc) {
                    *articles.entry(story).or_default() += 1;
                }
            }
            columns.push(column);
        }
        let mut shared = FxHashMap::default();
        for (segment, column) in searcher.segment_readers().iter().zip(columns) {
            let mut bits = vec![0u64; (segment.max_doc() as usize).div_ceil(64)];
            for doc in segment.doc_ids_alive() {
                let story = column.first(doc);
                if story.is_some_and(|story| articles.get(&story).is_some_and(|n| *n > 1)) {
                    bits[doc as usize / 64] |= 1 << (doc % 64);
                }
            }
            shared.insert(segment.segment_id(), Arc::new(SharedBits(bits)));
        }
        let membership = Arc::new(StoryMembership { generation, shared });
        *current = Some(Arc::clone(&membership));
        Ok(membership)
    }
}

/// Collects the number of stories and the best match of the first `depth` stories.
pub(crate) struct StoryCollapse {
    order: StoryOrder,
    depth: usize,
    membership: Arc<StoryMembership>,
}

impl StoryCollapse {
    /// A collector keeping the best `depth` stories by `order`.
    pub(crate) fn new(
        order: StoryOrder,
        depth: usize,
        membership: Arc<StoryMembership>,
    ) -> StoryCollapse {
        StoryCollapse {
            order,
            depth: depth.max(1),
            membership,
        }
    }
}

/// What one segment found: its single-article stories' best matches and the shared stories.
pub(crate) struct SegmentStories {
    singles: BinaryHeap<Reverse<Ranked>>,
    single_count: u64,
    shared: FxHashMap<u64, StoryBest>,
}

impl Collector for StoryCollapse {
    type Fruit = CollapsedStories;
    type Child = SegmentStoryCollapse;

    fn for_segment(
        &self,
        segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<SegmentStoryCollapse> {
        let shared = self.membership.shared.get(&reader.segment_id()).cloned();
        let stories = match &shared {
            Some(_) => Some(reader.fast_fields().u64(field_names::STORY)?),
            None => None,
        };
        let dates = match self.order {
            StoryOrder::Score => None,
            StoryOrder::Newest | StoryOrder::Oldest => {
                Some(reader.fast_fields().date(field_names::PUBLISHED)?)
            }
        };
        Ok(SegmentStoryCollapse {
            segment,
            order: self.order,
            depth: self.depth,
            shared,
            stories,
            dates,
            found: SegmentStories {
                singles: BinaryHeap::with_capacity(self.depth + 1),
                single_count: 0,
                shared: FxHashMap::default(),
            },
        })
    }

    fn requires_scoring(&self) -> bool {
        self.order == StoryOrder::Score
    }

    fn merge_fruits(&self, segment_fruits: Vec<SegmentStories>) -> tantivy::Result<Self::Fruit> {
        let mut shared: FxHashMap<u64, StoryBest> = FxHashMap::default();
        let mut best: Vec<StoryBest> = Vec::new();
        let mut single_count = 0;
        for fruit in segment_fruits {
            single_count += fruit.single_count;
            best.extend(fruit.singles.into_iter().map(|Reverse(Ranked(best))| best));
            for (story, found) in fruit.shared {
                shared
                    .entry(story)
                    .and_modify(|kept| keep_better(kept, found))
                    .or_insert(found);
            }
        }
        let stories = single_count + shared.len() as u64;
        best.extend(shared.into_values());
        best.sort_unstable_by(|a, b| b.rank(a));
        best.truncate(self.depth);
        Ok(CollapsedStories { stories, best })
    }
}

/// Merges `found` into `kept`, two best matches of one story: the better one, both counts.
fn keep_better(kept: &mut StoryBest, found: StoryBest) {
    let matches = kept.matches + found.matches;
    if found.rank(kept) == Ordering::Greater {
        *kept = found;
    }
    kept.matches = matches;
}

/// [`StoryCollapse`] over one segment.
pub(crate) struct SegmentStoryCollapse {
    segment: SegmentOrdinal,
    order: StoryOrder,
    depth: usize,
    /// `None` when no document of the segment shares its story.
    shared: Option<Arc<SharedBits>>,
    stories: Option<Column<u64>>,
    dates: Option<Column<DateTime>>,
    found: SegmentStories,
}

impl SegmentCollector for SegmentStoryCollapse {
    type Fruit = SegmentStories;

    #[inline]
    fn collect(&mut self, doc: DocId, score: Score) {
        let key = match (&self.dates, self.order) {
            (None, _) | (_, StoryOrder::Score) => score_key(score),
            (Some(dates), order) => match dates.first(doc) {
                Some(date) if order == StoryOrder::Newest => date.into_timestamp_micros(),
                Some(date) => -date.into_timestamp_micros(),
                None => i64::MIN,
            },
        };
        let found = StoryBest {
            key,
            score: if self.order == StoryOrder::Score {
                score
            } else {
                0.0
            },
            address: DocAddress::new(self.segment, doc),
            matches: 1,
        };
        let story = match (&self.shared, &self.stories) {
            (Some(shared), Some(stories)) if shared.contains(doc) => stories.first(doc),
            _ => None,
        };
        match story {
            Some(story) => {
                self.found
                    .shared
                    .entry(story)
                    .and_modify(|kept| keep_better(kept, found))
                    .or_insert(found);
            }
            None => {
                self.found.single_count += 1;
                let singles = &mut self.found.singles;
                if singles.len() < self.depth {
                    singles.push(Reverse(Ranked(found)));
                } else if singles
                    .peek()
                    .is_some_and(|Reverse(worst)| Ranked(found) > *worst)
                {
                    singles.pop();
                    singles.push(Reverse(Ranked(found)));
                }
            }
        }
    }

    fn harvest(self) -> Self::Fruit {
        self.found
    }
}

/// A score as an `i64` in the same order (IEEE total order on the bits).
fn score_key(score: Score) -> i64 {
    let bits = score.to_bits() as i32;
    i64::from(bits ^ (((bits >> 31) as u32) >> 1) as i32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn score_keys_keep_the_order_of_scores() {
        let scores = [-3.5f32, -0.0, 0.0, 0.25, 1.0, 7.5, 1e9];
        let keys: Vec<i64> = scores.iter().map(|score| score_key(*score)).collect();
        assert!(keys.windows(2).all(|pair| pair[0] <= pair[1]), "{keys:?}");
    }

    fn best(segment: u32, doc: u32, score: f32) -> StoryBest {
        StoryBest {
            key: score_key(score),
            score,
            address: DocAddress::new(segment, doc),
            matches: 1,
        }
    }

    #[test]
    fn a_story_keeps_its_best_match_and_counts_them_all_across_segments() {
        let collapse = StoryCollapse::new(StoryOrder::Score, 10, Arc::default());
        let first = SegmentStories {
            singles: [Reverse(Ranked(best(0, 2, 1.0)))].into_iter().collect(),
            single_count: 1,
            shared: [(7, best(0, 1, 2.0))].into_iter().collect(),
        };
        let second = SegmentStories {
            singles: BinaryHeap::new(),
            single_count: 0,
            shared: [(7, best(1, 5, 3.0))].into_iter().collect(),
        };
        let collapsed = collapse.merge_fruits(vec![first, second]).unwrap();
        assert_eq!(collapsed.stories, 2);
        assert_eq!(collapsed.best.len(), 2);
        assert_eq!(collapsed.best[0].address, DocAddress::new(1, 5));
        assert_eq!(collapsed.best[0].matches, 2);
        assert_eq!(collapsed.best[1].address, DocAddress::new(0, 2));
        assert_eq!(collapsed.best[1].matches, 1);
    }

    #[test]
    fn only_the_first_stories_are_kept_but_all_are_counted() {
        let collapse = StoryCollapse::new(StoryOrder::Score, 2, Arc::default());
        let mut segment = SegmentStoryCollapse {
            segment: 0,
            order: StoryOrder::Score,
            depth: 2,
            shared: None,
            stories: None,
            dates: None,
            found: SegmentStories {
                singles: BinaryHeap::new(),
                single_count: 0,
                shared: FxHashMap::default(),
            },
        };
        for (doc, score) in [(0, 1.0), (1, 5.0), (2, 3.0), (3, 4.0)] {
            segment.collect(doc, score);
        }
        let collapsed = collapse.merge_fruits(vec![segment.harvest()]).unwrap();
        assert_eq!(collapsed.stories, 4);
        let docs: Vec<u32> = collapsed.best.iter().map(|b| b.address.doc_id).collect();
        assert_eq!(docs, [1, 3]);
    }
}
