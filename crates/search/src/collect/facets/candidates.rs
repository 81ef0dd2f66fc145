//! Choosing a segment's candidate values among its counts: the last place among the highest
//! counts, and the values kept at it (ties by name).

use crate::collect::facet_columns::ValueNames;

/// Counts from this one up share a histogram bucket.
pub(super) const COUNT_BUCKETS: usize = 256;

/// The `keep`-th highest of `counts` (or `COUNT_BUCKETS - 1` when it is higher): every count
/// among the `keep` highest, ties at the last place included, is at least this. 0 when fewer
/// than `keep` counts are positive.
pub(super) fn lowest_of_highest(counts: &[u32], keep: usize) -> u32 {
    let mut histogram = [0u32; COUNT_BUCKETS];
    for block in counts.chunks(16) {
        if block.iter().fold(0, |any, count| any | count) == 0 {
            continue;
        }
        for &count in block {
            histogram[(count as usize).min(COUNT_BUCKETS - 1)] += 1;
        }
    }
    let mut at_or_above = 0;
    for bucket in (1..COUNT_BUCKETS).rev() {
        at_or_above += histogram[bucket] as usize;
        if at_or_above >= keep {
            return bucket as u32;
        }
    }
    0
}

/// Keeps the `keep` (count, value) pairs with the highest counts, ties by name. Only the values
/// tied at the last place kept have their names compared: small match sets tie thousands of
/// values at a count of 1 or 2, and each comparison by name is a lookup in a large array.
pub(super) fn keep_highest(names: &ValueNames, top: &mut Vec<(u32, u32)>, keep: usize) {
    let Some(last_kept) = keep.checked_sub(1) else {
        top.clear();
        return;
    };
    if top.len() <= keep {
        return;
    }
    top.select_nth_unstable_by(last_kept, |a, b| b.0.cmp(&a.0));
    let threshold = top[last_kept].0;
    let mut kept: Vec<(u32, u32)> = top
        .iter()
        .filter(|(count, _)| *count > threshold)
        .copied()
        .collect();
    let mut tied: Vec<(u32, u32)> = top
        .iter()
        .filter(|(count, _)| *count == threshold)
        .copied()
        .collect();
    let room = keep - kept.len();
    if tied.len() > room {
        tied.select_nth_unstable_by_key(room, |(_, ordinal)| names.name_rank(*ordinal));
        tied.truncate(room);
    }
    kept.extend(tied);
    *top = kept;
}
