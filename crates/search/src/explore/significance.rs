//! Significant values: which people, countries, organisations or sources are unusually frequent
//! in a set of articles compared with the whole index.
//!
//! The score is JLH, the default of Elasticsearch's `significant_terms`: with `p` the share of the
//! matched articles naming a value and `q` its share of all articles, `(p - q) · p / q`, for
//! values named more often in the matches than in the index (`p > q`). It weighs both how much a
//! value rises (the ratio) and how much of the set it covers (the difference), so a name in most
//! of the matches but common everywhere ranks below one the story is about. Values need at least
//! [`MIN_SUPPORT`] matched articles, as `min_doc_count` in Elasticsearch: a name in one or two
//! articles of the set is noise, however rare. Values the request filters by are left out:
//! every match names them.

use std::collections::BTreeMap;
use std::sync::Arc;

use newsroom_index::FacetKind;
use rustc_hash::FxHashMap;
use serde::Serialize;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::query::Query;
use tantivy::{DocId, Score, Searcher, SegmentOrdinal, SegmentReader};

use crate::collect::facet_columns::{FacetNames, ValueNames};
use crate::{SearchError, SearchRequest};

/// Fewest matched articles a value needs to be listed.
pub const MIN_SUPPORT: u64 = 3;

/// The values over-represented in a set of articles, by kind, with the score's name and both
/// sizes so each value's two shares can be read off its counts.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Significant {
    /// The score used: `jlh`.
    pub score: &'static str,
    /// Articles in the set (the matches).
    pub matched: u64,
    /// Articles in the whole index.
    pub index: u64,
    /// Per kind (`person`, `country`, `org`, `source`), the highest scores first (ties by name).
    pub values: BTreeMap<String, Vec<SignificantValue>>,
}

/// One value over-represented in a set of articles.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct SignificantValue {
    /// The value (canonical name, as facets show it).
    pub name: String,
    /// Its JLH score.
    pub score: f64,
    /// Matched articles naming it.
    pub count: u64,
    /// Articles in the whole index naming it.
    pub index_count: u64,
}

/// JLH of a value in `count` of `matched` articles and in `index_count` of `index` articles;
/// `None` when the value is not more frequent in the set than in the index.
pub fn jlh(count: u64, matched: u64, index_count: u64, index: u64) -> Option<f64> {
    if matched == 0 || index == 0 || index_count == 0 {
        return None;
    }
    let in_set = count as f64 / matched as f64;
    let in_index = index_count as f64 / index as f64;
    (in_set > in_index).then(|| (in_set - in_index) * in_set / in_index)
}

/// The most significant values of each kind `request` asks for among the articles `query` (the
/// request's query with its filters) matches.
pub(crate) fn significant_values(
    searcher: &Searcher,
    query: &dyn Query,
    request: &SearchRequest,
    names: &Arc<FacetNames>,
) -> Result<Significant, SearchError> {
    let counter = SignificanceCounter {
        kinds: request.significant.clone(),
        filtered: request
            .filters
            .iter()
            .flat_map(|(kind, values)| values.iter().map(move |value| (kind, value.clone())))
            .collect(),
        size: request.significant_size,
        index: searcher.num_docs(),
        names: Arc::clone(names),
    };
    Ok(searcher.search(query, &counter)?)
}

/// Counts every value of the chosen columns over the matching documents, then scores them
/// against the columns' document frequencies.
struct SignificanceCounter {
    kinds: Vec<FacetKind>,
    /// The values the request filters by, by kind, left out.
    filtered: Vec<(FacetKind, String)>,
    size: usize,
    /// Live documents in the index.
    index: u64,
    names: Arc<FacetNames>,
}

/// One segment's matches, listed as they come and counted when harvested.
pub(super) struct SegmentSignificance {
    pub(super) columns: Vec<Option<Arc<ValueNames>>>,
    pub(super) docs: Vec<DocId>,
}

/// One segment's counts of one column: (value number, matched documents) for every value the
/// matches hold, with the column that names them.
pub(super) struct SegmentCounts {
    pub(super) names: Option<Arc<ValueNames>>,
    pub(super) counted: Vec<(u32, u32)>,
    pub(super) matched: u64,
}

impl Collector for SignificanceCounter {
    type Fruit = Significant;
    type Child = SegmentSignificance;

    fn for_segment(
        &self,
        _segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<SegmentSignificance> {
        let mut columns = Vec::with_capacity(self.kinds.len());
        for kind in &self.kinds {
            let field = kind.field_name();
            let column = match reader.fast_fields().str(field)? {
                Some(column) => Some(self.names.names(reader, field, &column)?),
                None => None,
            };
            columns.push(column);
        }
        Ok(SegmentSignificance {
            columns,
            docs: Vec::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, segments: Vec<Vec<SegmentCounts>>) -> tantivy::Result<Significant> {
        let matched = segments
            .iter()
            .filter_map(|columns| columns.first())
            .map(|counts| counts.matched)
            .sum();
        let mut values = BTreeMap::new();
        for (position, kind) in self.kinds.iter().enumerate() {
            let columns: Vec<&SegmentCounts> = segments
                .iter()
                .filter_map(|columns| columns.get(position))
                .collect();
            let filtered: Vec<&str> = self
                .filtered
                .iter()
                .filter(|(filtered_kind, _)| filtered_kind == kind)
                .map(|(_, value)| value.as_str())
                .collect();
            let mut scored =
                score_column(&columns, matched, self.index, self.size + filtered.len());
            scored.retain(|value| !filtered.contains(&value.name.as_str()));
            scored.truncate(self.size);
            values.insert(kind.as_str().to_string(), scored);
        }
        Ok(Significant {
            score: "jlh",
            matched,
            index: self.index,
            values,
        })
    }
}

/// The `size` highest-scoring values of one kind over its segments' counts.
fn score_column(
    segments: &[&SegmentCounts],
    matched: u64,
    index: u64,
    size: usize,
) -> Vec<SignificantValue> {
    let mut with_columns = segments.iter().filter_map(|segment| {
        let names = segment.names.as_ref()?;
        Some((names, &segment.counted))
    });
    if let (Some((names, counted)), None) = (with_columns.next(), with_columns.next()) {
        return score_one_segment(names, counted, matched, index, size);
    }
    // name → (matched articles, articles in the segments that counted it, segments that did)
    let mut merged: FxHashMap<&str, (u64, u64, usize)> = FxHashMap::default();
    for segment in segments {
        let Some(names) = &segment.names else {
            continue;
        };
        for (ordinal, count) in &segment.counted {
            if let Some(name) = names.get(u64::from(*ordinal)) {
                let entry = merged.entry(name).or_default();
                entry.0 += u64::from(*count);
                entry.1 += u64::from(names.document_frequency(*ordinal as usize));
                entry.2 += 1;
            }
        }
    }
    let columns = segments.iter().filter(|s| s.names.is_some()).count();
    let mut scored: Vec<SignificantValue> = merged
        .into_iter()
        .filter(|(_, (count, _, _))| *count >= MIN_SUPPORT)
        .filter_map(|(name, (count, mut index_count, seen_in))| {
            if seen_in < columns {
                // Segments where no match names it still hold it in the index.
                index_count = segments
                    .iter()
                    .filter_map(|segment| segment.names.as_ref())
                    .filter_map(|names| {
                        let ordinal = names.ordinal_of(name)?;
                        Some(u64::from(names.document_frequency(ordinal as usize)))
                    })
                    .sum();
            }
            let score = jlh(count, matched, index_count, index)?;
            Some(SignificantValue {
                name: name.to_string(),
                score,
                count,
                index_count,
            })
        })
        .collect();
    scored.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then_with(|| a.name.cmp(&b.name))
    });
    scored.truncate(size);
    scored
}

/// [`score_column`] for an index of one segment (what `newsroom index` builds): values keep
/// their numbers until the last few are named, instead of every counted value being hashed by
/// name (a broad query counts tens of thousands).
fn score_one_segment(
    names: &ValueNames,
    counted: &[(u32, u32)],
    matched: u64,
    index: u64,
    size: usize,
) -> Vec<SignificantValue> {
    let mut scored: Vec<(f64, u32, u32)> = counted
        .iter()
        .filter(|(_, count)| u64::from(*count) >= MIN_SUPPORT)
        .filter_map(|(ordinal, count)| {
            let index_count = names.document_frequency(*ordinal as usize);
            let score = jlh(u64::from(*count), matched, u64::from(index_count), index)?;
            Some((score, *ordinal, *count))
        })
        .collect();
    let by_score_then_name = |a: &(f64, u32, u32), b: &(f64, u32, u32)| {
        b.0.total_cmp(&a.0)
            .then_with(|| names.name_rank(a.1).cmp(&names.name_rank(b.1)))
    };
    if scored.len() > size && size > 0 {
        scored.select_nth_unstable_by(size - 1, by_score_then_name);
        scored.truncate(size);
    }
    scored.sort_unstable_by(by_score_then_name);
    scored
        .into_iter()
        .filter_map(|(score, ordinal, count)| {
            Some(SignificantValue {
                name: names.get(u64::from(ordinal))?.to_string(),
                score,
                count: u64::from(count),
                index_count: u64::from(names.document_frequency(ordinal as usize)),
            })
        })
        .collect()
}

impl SegmentCollector for SegmentSignificance {
    type Fruit = Vec<SegmentCounts>;

    fn collect(&mut self, doc: DocId, _score: Score) {
        self.docs.push(doc);
    }

    fn collect_block(&mut self, docs: &[DocId]) {
        self.docs.extend_from_slice(docs);
    }

    /// Counts column by column over all the matches, every value (rare ones included: a name
    /// the story is about is often rare in the index).
    fn harvest(self) -> Self::Fruit {
        let matched = self.docs.len() as u64;
        self.columns
            .into_iter()
            .map(|column| {
                let Some(names) = column else {
                    return SegmentCounts {
                        names: None,
                        counted: Vec::new(),
                        matched,
                    };
                };
                let mut counts = names.take_counts();
                let mut seen: Vec<u32> = Vec::new();
                for &doc in &self.docs {
                    for &ordinal in names.of_document(doc) {
                        if let Some(count) = counts.get_mut(ordinal as usize) {
                            if *count == 0 {
                                seen.push(ordinal);
                            }
                            *count += 1;
                        }
                    }
                }
                let counted = seen
                    .iter()
                    .map(|ordinal| (*ordinal, counts[*ordinal as usize]))
                    .collect();
                names.give_back_counts(counts, &seen);
                SegmentCounts {
                    names: Some(names),
                    counted,
                    matched,
                }
            })
            .collect()
    }
}

/// Articles in the whole index naming the value `name` of `kind`, from the columns' document
/// frequencies (0 when no article does).
pub(crate) fn index_count(
    searcher: &Searcher,
    names: &FacetNames,
    kind: &str,
    name: &str,
) -> Result<u64, SearchError> {
    let mut count = 0;
    for segment in searcher.segment_readers() {
        let Some(column) = segment.fast_fields().str(kind)? else {
            continue;
        };
        let values = names.names(segment, kind, &column)?;
        if let Some(ordinal) = values.ordinal_of(name) {
            count += u64::from(values.document_frequency(ordinal as usize));
        }
    }
    Ok(count)
}

#[cfg(test)]
mod tests;
