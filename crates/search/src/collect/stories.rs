//! Collapsing on the story id: one pass over the matches keeps, for each story, its best match
//! (by score, or by date for the date orders) and the number of its matches, so a page shows one
//! article per story and says how many other versions matched.
//!
//! Every match is looked at anyway (the count, facets and timeline need them all), so keeping the
//! best per story costs one fast-field read and one hash-map update per match; the page is then
//! cut from the stories' best matches, in order, with any offset.

use rustc_hash::FxHashMap;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::Column;
use tantivy::{DateTime, DocAddress, DocId, Score, SegmentOrdinal, SegmentReader};

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
    /// Whether `self` ranks before `other` (ties: the first document).
    fn beats(&self, other: &StoryBest) -> bool {
        (self.key, std::cmp::Reverse(self.address)) > (other.key, std::cmp::Reverse(other.address))
    }
}

/// Collects the best match and the match count of every story.
pub(crate) struct StoryCollapse {
    order: StoryOrder,
}

impl StoryCollapse {
    /// A collector keeping each story's best match by `order`.
    pub(crate) fn new(order: StoryOrder) -> StoryCollapse {
        StoryCollapse { order }
    }
}

/// The stories' best matches in page order (best first), with the number of stories.
pub(crate) fn in_page_order(stories: FxHashMap<u64, StoryBest>) -> Vec<StoryBest> {
    let mut best: Vec<StoryBest> = stories.into_values().collect();
    best.sort_unstable_by(|a, b| b.key.cmp(&a.key).then_with(|| a.address.cmp(&b.address)));
    best
}

impl Collector for StoryCollapse {
    type Fruit = FxHashMap<u64, StoryBest>;
    type Child = SegmentStoryCollapse;

    fn for_segment(
        &self,
        segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<SegmentStoryCollapse> {
        let stories = reader.fast_fields().u64(field_names::STORY)?;
        let dates = match self.order {
            StoryOrder::Score => None,
            StoryOrder::Newest | StoryOrder::Oldest => {
                Some(reader.fast_fields().date(field_names::PUBLISHED)?)
            }
        };
        Ok(SegmentStoryCollapse {
            segment,
            order: self.order,
            stories,
            dates,
            best: FxHashMap::default(),
        })
    }

    fn requires_scoring(&self) -> bool {
        self.order == StoryOrder::Score
    }

    fn merge_fruits(
        &self,
        segment_fruits: Vec<FxHashMap<u64, StoryBest>>,
    ) -> tantivy::Result<Self::Fruit> {
        let mut fruits = segment_fruits.into_iter();
        let mut merged = fruits.next().unwrap_or_default();
        for fruit in fruits {
            for (story, best) in fruit {
                merged
                    .entry(story)
                    .and_modify(|kept| {
                        let matches = kept.matches + best.matches;
                        if best.beats(kept) {
                            *kept = best;
                        }
                        kept.matches = matches;
                    })
                    .or_insert(best);
            }
        }
        Ok(merged)
    }
}

/// [`StoryCollapse`] over one segment.
pub(crate) struct SegmentStoryCollapse {
    segment: SegmentOrdinal,
    order: StoryOrder,
    stories: Column<u64>,
    dates: Option<Column<DateTime>>,
    best: FxHashMap<u64, StoryBest>,
}

/// Story ids are under 2^53; a document without one (none is written so) is a story of its
/// own under a key no story id takes.
const OWN_STORY: u64 = 1 << 63;

impl SegmentCollector for SegmentStoryCollapse {
    type Fruit = FxHashMap<u64, StoryBest>;

    #[inline]
    fn collect(&mut self, doc: DocId, score: Score) {
        let story = self
            .stories
            .first(doc)
            .unwrap_or(OWN_STORY | u64::from(self.segment) << 32 | u64::from(doc));
        let key = match (&self.dates, self.order) {
            (None, _) | (_, StoryOrder::Score) => score_key(score),
            (Some(dates), order) => match dates.first(doc) {
                Some(date) if order == StoryOrder::Newest => date.into_timestamp_micros(),
                Some(date) => -date.into_timestamp_micros(),
                None => i64::MIN,
            },
        };
        let candidate = StoryBest {
            key,
            score: if self.order == StoryOrder::Score {
                score
            } else {
                0.0
            },
            address: DocAddress::new(self.segment, doc),
            matches: 1,
        };
        self.best
            .entry(story)
            .and_modify(|kept| {
                let matches = kept.matches + 1;
                if candidate.beats(kept) {
                    *kept = candidate;
                }
                kept.matches = matches;
            })
            .or_insert(candidate);
    }

    fn harvest(self) -> Self::Fruit {
        self.best
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

    #[test]
    fn a_story_keeps_its_best_match_and_counts_them_all() {
        let collapse = StoryCollapse::new(StoryOrder::Score);
        let best = |segment, doc, score: f32| StoryBest {
            key: score_key(score),
            score,
            address: DocAddress::new(segment, doc),
            matches: 1,
        };
        let first: FxHashMap<u64, StoryBest> = [(7, best(0, 1, 2.0)), (8, best(0, 2, 1.0))]
            .into_iter()
            .collect();
        let second: FxHashMap<u64, StoryBest> = [(7, best(1, 5, 3.0))].into_iter().collect();
        let merged = collapse.merge_fruits(vec![first, second]).unwrap();
        let page = in_page_order(merged);
        assert_eq!(page.len(), 2);
        assert_eq!(page[0].address, DocAddress::new(1, 5));
        assert_eq!(page[0].matches, 2);
        assert_eq!(page[1].address, DocAddress::new(0, 2));
        assert_eq!(page[1].matches, 1);
    }
}
