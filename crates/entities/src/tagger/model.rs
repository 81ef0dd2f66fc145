//! The trained linear model: feature weights per label, label transitions, and its file format.

use crate::EntitiesError;
use std::io::{Read, Write};

use rustc_hash::FxHashMap;

/// The tag set: BIO over the four CoNLL types.
pub const LABELS: [&str; 9] = [
    "O", "B-PER", "I-PER", "B-LOC", "I-LOC", "B-ORG", "I-ORG", "B-MISC", "I-MISC",
];
/// The entity kinds, in label order (kind `k` has labels `2k + 1` = B and `2k + 2` = I).
pub(crate) const KINDS: [&str; 4] = ["PER", "LOC", "ORG", "MISC"];
/// Number of labels.
pub(crate) const LABEL_COUNT: usize = LABELS.len();
/// Row of [`Model::transitions`] used before a sentence's first word.
pub(crate) const START: usize = LABEL_COUNT;

/// Scores of every label for one feature.
pub(crate) type LabelScores = [f32; LABEL_COUNT];

const MAGIC: &[u8; 8] = b"NRNER02\n";

/// Index of a label name in [`LABELS`], or `None` for tags outside the set.
pub(crate) fn label_index(tag: &str) -> Option<usize> {
    LABELS.iter().position(|label| *label == tag)
}

/// Whether `current` may follow `previous` (`I-X` only continues `B-X` or `I-X`).
pub(crate) fn transition_allowed(previous: usize, current: usize) -> bool {
    let current = LABELS[current];
    let Some(kind) = current.strip_prefix("I-") else {
        return true;
    };
    previous != START && LABELS[previous].get(2..) == Some(kind)
}

/// Feature weights and transition scores of a trained tagger.
#[derive(Debug, Clone, Default)]
pub struct Model {
    pub(crate) weights: FxHashMap<u64, LabelScores>,
    /// `transitions[previous][current]`, with row [`START`] for the first word.
    pub(crate) transitions: Vec<LabelScores>,
}

impl Model {
    /// Number of features with a weight.
    pub fn feature_count(&self) -> usize {
        self.weights.len()
    }

    /// Adds the weights of `feature` to `scores`.
    #[inline]
    pub(crate) fn add_feature(&self, feature: u64, scores: &mut LabelScores) {
        if let Some(weights) = self.weights.get(&feature) {
            for (score, weight) in scores.iter_mut().zip(weights) {
                *score += weight;
            }
        }
    }

    fn write_body(&self, out: &mut impl Write) -> Result<(), EntitiesError> {
        let largest = self
            .weights
            .values()
            .flatten()
            .fold(0f32, |largest, weight| largest.max(weight.abs()));
        let scale = if largest > 0.0 {
            f32::from(i16::MAX) / largest
        } else {
            1.0
        };
        out.write_all(&scale.to_le_bytes())?;
        for row in &self.transitions {
            for score in row {
                out.write_all(&score.to_le_bytes())?;
            }
        }
        let mut features: Vec<(&u64, &LabelScores)> = self.weights.iter().collect();
        features.sort_by_key(|(feature, _)| **feature);
        out.write_all(&(features.len() as u64).to_le_bytes())?;
        for (feature, weights) in features {
            out.write_all(&feature.to_le_bytes())?;
            for weight in weights {
                let quantised = (weight * scale).round() as i16;
                out.write_all(&quantised.to_le_bytes())?;
            }
        }
        Ok(())
    }

    fn read_body(input: &mut impl Read) -> Result<Model, EntitiesError> {
        let scale = f32::from_le_bytes(read_array(input)?);
        if !(scale.is_finite() && scale > 0.0) {
            return Err(EntitiesError::ModelFormat);
        }
        let mut transitions = vec![[0f32; LABEL_COUNT]; LABEL_COUNT + 1];
        for row in &mut transitions {
            for score in row.iter_mut() {
                *score = f32::from_le_bytes(read_array(input)?);
            }
        }
        let count = u64::from_le_bytes(read_array(input)?);
        let count = usize::try_from(count).map_err(|_| EntitiesError::ModelFormat)?;
        let mut weights = FxHashMap::default();
        weights.reserve(count.min(10_000_000));
        for _ in 0..count {
            let feature = u64::from_le_bytes(read_array(input)?);
            let mut scores = [0f32; LABEL_COUNT];
            for score in &mut scores {
                *score = f32::from(i16::from_le_bytes(read_array(input)?)) / scale;
            }
            weights.insert(feature, scores);
        }
        Ok(Model {
            weights,
            transitions: masked_transitions(&transitions),
        })
    }
}

/// A trained tagger: the first-pass model, and the second-pass model that also sees what the
/// first pass found elsewhere in the document.
#[derive(Debug, Clone, Default)]
pub struct TaggerModel {
    /// Tags from the words alone.
    pub first: Model,
    /// Tags again with the first pass's document-wide findings as features.
    pub second: Model,
}

impl TaggerModel {
    /// Number of features with a weight, both passes together.
    pub fn feature_count(&self) -> usize {
        self.first.feature_count() + self.second.feature_count()
    }

    /// Writes the model (gzip-compressed, weights quantised to 16 bits).
    pub fn write(&self, out: impl Write) -> Result<(), EntitiesError> {
        let mut out = flate2::write::GzEncoder::new(out, flate2::Compression::best());
        out.write_all(MAGIC)?;
        self.first.write_body(&mut out)?;
        self.second.write_body(&mut out)?;
        out.finish()?;
        Ok(())
    }

    /// Reads a model written by [`TaggerModel::write`].
    pub fn read(input: impl Read) -> Result<TaggerModel, EntitiesError> {
        let mut input = flate2::read::GzDecoder::new(input);
        let mut magic = [0u8; 8];
        read_exact(&mut input, &mut magic)?;
        if &magic != MAGIC {
            return Err(EntitiesError::ModelFormat);
        }
        let first = Model::read_body(&mut input)?;
        let second = Model::read_body(&mut input)?;
        Ok(TaggerModel { first, second })
    }
}

fn read_exact(input: &mut impl Read, buffer: &mut [u8]) -> Result<(), EntitiesError> {
    input.read_exact(buffer).map_err(|error| {
        if error.kind() == std::io::ErrorKind::UnexpectedEof {
            EntitiesError::ModelFormat
        } else {
            EntitiesError::Model(error)
        }
    })
}

fn read_array<const N: usize>(input: &mut impl Read) -> Result<[u8; N], EntitiesError> {
    let mut buffer = [0u8; N];
    read_exact(input, &mut buffer)?;
    Ok(buffer)
}

/// Transition scores with every forbidden transition (see [`transition_allowed`]) set so low
/// that Viterbi never takes it: decoding then needs no test per transition.
pub(crate) fn masked_transitions(transitions: &[LabelScores]) -> Vec<LabelScores> {
    let mut masked = vec![[FORBIDDEN; LABEL_COUNT]; LABEL_COUNT + 1];
    for (previous, row) in masked.iter_mut().enumerate() {
        for (current, score) in row.iter_mut().enumerate() {
            if transition_allowed(previous, current) {
                *score = transitions
                    .get(previous)
                    .and_then(|row| row.get(current))
                    .copied()
                    .unwrap_or(0.0);
            }
        }
    }
    masked
}

/// The score of a forbidden transition.
const FORBIDDEN: f32 = -1e6;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inside_labels_only_continue_their_kind() {
        let b_per = label_index("B-PER").unwrap();
        let i_per = label_index("I-PER").unwrap();
        let i_loc = label_index("I-LOC").unwrap();
        assert!(transition_allowed(b_per, i_per));
        assert!(!transition_allowed(b_per, i_loc));
        assert!(!transition_allowed(START, i_per));
        assert!(transition_allowed(0, b_per));
    }

    #[test]
    fn model_round_trips_through_its_file_format() {
        let mut first = Model {
            transitions: vec![[0.5f32; LABEL_COUNT]; LABEL_COUNT + 1],
            ..Model::default()
        };
        first
            .weights
            .insert(42, [1.0, -2.0, 0.0, 0.25, 0.0, 0.0, 0.0, 0.0, 3.0]);
        let model = TaggerModel {
            second: first.clone(),
            first,
        };
        let mut bytes = Vec::new();
        model.write(&mut bytes).unwrap();
        let read = TaggerModel::read(bytes.as_slice()).unwrap();
        assert_eq!(read.second.transitions[0][0], 0.5, "O after O is kept");
        let i_per = label_index("I-PER").unwrap();
        assert!(
            read.second.transitions[START][i_per] < -1e5,
            "I-PER cannot start"
        );
        let weights = read.first.weights[&42];
        assert!((weights[1] + 2.0).abs() < 1e-3 && (weights[8] - 3.0).abs() < 1e-3);
        assert!(matches!(
            TaggerModel::read(&bytes[..bytes.len() / 2]),
            Err(EntitiesError::ModelFormat | EntitiesError::Model(_))
        ));
    }
}
