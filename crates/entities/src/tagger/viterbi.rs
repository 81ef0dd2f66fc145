//! Viterbi decoding: the best label sequence of a sentence under one pass's transition scores.

use std::array::from_fn;

use super::model::{LabelScores, LABEL_COUNT, START};

/// Groups of four lanes holding one row of label scores (the last group padded).
const LANE_GROUPS: usize = LABEL_COUNT.div_ceil(4);
/// One row of label scores in four-lane groups, so Viterbi's inner loop vectorises.
type Lanes = [[f32; 4]; LANE_GROUPS];

/// A pass's transition scores laid out for decoding once per tagger (instead of once per
/// sentence): rows (from one label) for the forward pass, columns (into one label) for the
/// backtrace.
#[derive(Debug, Clone)]
pub(crate) struct Transitions {
    start: LabelScores,
    rows: [Lanes; LABEL_COUNT],
    columns: [LabelScores; LABEL_COUNT],
}

impl Transitions {
    /// Lays out `masked`, which must come from [`super::model::masked_transitions`].
    pub(crate) fn new(masked: &[LabelScores]) -> Transitions {
        Transitions {
            start: masked[START],
            rows: from_fn(|from| lanes(&masked[from])),
            columns: from_fn(|into| from_fn(|from| masked[from][into])),
        }
    }
}

/// The best label sequence for per-position label scores. `transitions` must come from
/// [`super::model::masked_transitions`].
pub(crate) fn best_labels(emissions: &[LabelScores], transitions: &[LabelScores]) -> Vec<usize> {
    best_labels_with(emissions, &Transitions::new(transitions), &mut Vec::new())
}

/// [`best_labels`] over laid-out transitions, with a buffer for the forward scores, which a
/// caller decoding many sentences keeps, so it stays in cache instead of being allocated for
/// every sentence.
pub(crate) fn best_labels_with(
    emissions: &[LabelScores],
    transitions: &Transitions,
    forward: &mut Vec<LabelScores>,
) -> Vec<usize> {
    let Some((first, rest)) = emissions.split_first() else {
        return Vec::new();
    };
    // Forward pass without back-pointers (a plain max over previous labels, which
    // vectorises); the backtrace recomputes the winning previous label for the one label it
    // follows at each position.
    forward.clear();
    forward.reserve(emissions.len());
    let mut scores: LabelScores = from_fn(|label| transitions.start[label] + first[label]);
    forward.push(scores);
    // A copy on the stack, which the compiler keeps from reloading through the reference.
    let rows = transitions.rows;
    for emission in rest {
        let mut best = [[f32::NEG_INFINITY; 4]; LANE_GROUPS];
        for (from, row) in scores.iter().zip(&rows) {
            for (best, weights) in best.iter_mut().zip(row) {
                *best = max4(*best, add4([*from; 4], *weights));
            }
        }
        for ((score, best), emission) in scores.iter_mut().zip(best.as_flattened()).zip(emission) {
            *score = best + emission;
        }
        forward.push(scores);
    }
    let mut label = (0..LABEL_COUNT)
        .max_by(|a, b| scores[*a].total_cmp(&scores[*b]))
        .unwrap_or(0);
    let mut labels = vec![0; emissions.len()];
    for position in (0..emissions.len()).rev() {
        labels[position] = label;
        if position > 0 {
            label = best_previous(&forward[position - 1], &transitions.columns[label]);
        }
    }
    labels
}

/// `scores` in lanes, padded with zeros.
fn lanes(scores: &LabelScores) -> Lanes {
    let mut out = [[0f32; 4]; LANE_GROUPS];
    out.as_flattened_mut()[..LABEL_COUNT].copy_from_slice(scores);
    out
}

#[inline(always)]
fn add4(a: [f32; 4], b: [f32; 4]) -> [f32; 4] {
    [a[0] + b[0], a[1] + b[1], a[2] + b[2], a[3] + b[3]]
}

/// Lane-wise `if candidate > best { candidate } else { best }`.
#[inline(always)]
fn max4(best: [f32; 4], candidate: [f32; 4]) -> [f32; 4] {
    let pick = |best: f32, candidate: f32| if candidate > best { candidate } else { best };
    [
        pick(best[0], candidate[0]),
        pick(best[1], candidate[1]),
        pick(best[2], candidate[2]),
        pick(best[3], candidate[3]),
    ]
}

/// The previous label Viterbi came from (ties: the lowest), given the scores at the previous
/// position and the transitions from each previous label into the label it reached.
#[inline(always)]
fn best_previous(previous_scores: &LabelScores, into_label: &LabelScores) -> usize {
    let mut best = previous_scores[0] + into_label[0];
    let mut best_label = 0;
    for previous in 1..LABEL_COUNT {
        let candidate = previous_scores[previous] + into_label[previous];
        if candidate > best {
            best = candidate;
            best_label = previous;
        }
    }
    best_label
}

#[cfg(test)]
mod tests {
    use super::super::model::{label_index, masked_transitions, transition_allowed, LABELS};
    use super::*;

    #[test]
    fn viterbi_respects_transitions() {
        let transitions = masked_transitions(&[]);
        let mut first = [0f32; LABEL_COUNT];
        first[label_index("I-PER").unwrap()] = 5.0;
        first[label_index("B-LOC").unwrap()] = 1.0;
        let labels = best_labels(&[first], &transitions);
        assert_eq!(LABELS[labels[0]], "B-LOC");
    }

    /// Viterbi the textbook way: every transition, back-pointers kept (ties: the lowest).
    fn reference_labels(emissions: &[LabelScores], transitions: &[LabelScores]) -> Vec<usize> {
        let mut scores: Vec<f32> = (0..LABEL_COUNT)
            .map(|label| transitions[START][label] + emissions[0][label])
            .collect();
        let mut pointers = Vec::new();
        for emission in &emissions[1..] {
            let mut next = vec![0f32; LABEL_COUNT];
            let mut from = vec![0usize; LABEL_COUNT];
            for label in 0..LABEL_COUNT {
                let mut best = f32::NEG_INFINITY;
                for previous in 0..LABEL_COUNT {
                    let candidate = scores[previous] + transitions[previous][label];
                    if candidate > best {
                        best = candidate;
                        from[label] = previous;
                    }
                }
                next[label] = best + emission[label];
            }
            scores = next;
            pointers.push(from);
        }
        let mut label = (0..LABEL_COUNT)
            .max_by(|a, b| scores[*a].total_cmp(&scores[*b]))
            .unwrap();
        let mut labels = vec![label];
        for from in pointers.iter().rev() {
            label = from[label];
            labels.push(label);
        }
        labels.reverse();
        labels
    }

    #[test]
    fn viterbi_equals_a_search_over_every_transition() {
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        let mut random = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            // Coarse values, so ties happen and their breaking is checked too.
            ((state >> 40) % 16) as f32 * 0.5 - 4.0
        };
        for length in 1..40 {
            let raw: Vec<LabelScores> = (0..=LABEL_COUNT)
                .map(|_| std::array::from_fn(|_| random()))
                .collect();
            let transitions = masked_transitions(&raw);
            let emissions: Vec<LabelScores> = (0..length)
                .map(|_| std::array::from_fn(|_| random()))
                .collect();
            let labels = best_labels(&emissions, &transitions);
            assert_eq!(
                labels,
                reference_labels(&emissions, &transitions),
                "length {length}"
            );
            assert!(labels
                .windows(2)
                .all(|pair| transition_allowed(pair[0], pair[1])));
        }
    }
}
