//! Training: an averaged structured perceptron with Viterbi decoding.

use rustc_hash::FxHashMap;

use super::conll::Document;
use super::context::{is_headline, phrase_classes, DocumentContext, SentenceView};
use super::features::{word_info, WordInfo};
use super::model::{masked_transitions, LabelScores, Model, TaggerModel, LABEL_COUNT, START};
use super::viterbi::best_labels;
use super::{position_features, Tagger};
use crate::Gazetteer;

/// Settings of a training run.
#[derive(Debug, Clone)]
pub struct TrainOptions {
    /// Passes over the training data.
    pub epochs: usize,
    /// Seed of the sentence shuffle (same seed, same data → same model).
    pub seed: u64,
    /// Folds of the jackknife that gives the second pass first-pass labels it was not trained on.
    pub folds: usize,
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions {
            epochs: 20,
            seed: 2003,
            folds: 5,
        }
    }
}

/// A sentence as training sees it: feature ids per word and gold labels.
struct Example {
    features: Vec<Vec<u32>>,
    labels: Vec<usize>,
}

/// Weights being learnt, with the sums that averaging needs.
struct Learner {
    weights: Vec<LabelScores>,
    /// Σ (update time × update) per weight, for the averaged perceptron.
    timed_updates: Vec<LabelScores>,
    transitions: Vec<LabelScores>,
    timed_transitions: Vec<LabelScores>,
    time: f32,
}

impl Learner {
    fn update(&mut self, feature: u32, label: usize, amount: f32) {
        let feature = feature as usize;
        self.weights[feature][label] += amount;
        self.timed_updates[feature][label] += self.time * amount;
    }

    fn update_transition(&mut self, previous: usize, label: usize, amount: f32) {
        self.transitions[previous][label] += amount;
        self.timed_transitions[previous][label] += self.time * amount;
    }

    fn emissions(&self, example: &Example) -> Vec<LabelScores> {
        example
            .features
            .iter()
            .map(|features| {
                let mut scores = [0f32; LABEL_COUNT];
                for feature in features {
                    for (score, weight) in scores.iter_mut().zip(&self.weights[*feature as usize]) {
                        *score += weight;
                    }
                }
                scores
            })
            .collect()
    }

    /// Averaged weights: w − Σ(t·Δ)/T.
    fn averaged(weights: &[LabelScores], timed: &[LabelScores], time: f32) -> Vec<LabelScores> {
        weights
            .iter()
            .zip(timed)
            .map(|(weights, timed)| {
                let mut averaged = [0f32; LABEL_COUNT];
                for label in 0..LABEL_COUNT {
                    averaged[label] = weights[label] - timed[label] / time;
                }
                averaged
            })
            .collect()
    }
}

/// Feature hashes seen in training, numbered densely.
#[derive(Default)]
struct FeatureIds {
    ids: FxHashMap<u64, u32>,
    hashes: Vec<u64>,
}

impl FeatureIds {
    fn id(&mut self, hash: u64) -> u32 {
        *self.ids.entry(hash).or_insert_with(|| {
            self.hashes.push(hash);
            (self.hashes.len() - 1) as u32
        })
    }
}

/// Trains both passes of a tagger on CoNLL documents. `progress` hears about each stage.
pub fn train(
    documents: &[Document],
    gazetteer: &Gazetteer,
    options: &TrainOptions,
    mut progress: impl FnMut(&str),
) -> TaggerModel {
    let all: Vec<&Document> = documents.iter().collect();
    let first = learn(&all, None, gazetteer, options);
    progress(&format!("first pass: {} features", first.feature_count()));
    // The second pass learns from first-pass labels made by models that did not see the
    // document, as at tagging time.
    let folds = options.folds.max(2);
    let mut history: Vec<Vec<Vec<usize>>> = vec![Vec::new(); documents.len()];
    for fold in 0..folds {
        let training: Vec<&Document> = all
            .iter()
            .enumerate()
            .filter(|(index, _)| index % folds != fold)
            .map(|(_, document)| *document)
            .collect();
        let model = learn(&training, None, gazetteer, options);
        let tagger = Tagger::new(
            TaggerModel {
                first: model,
                second: Model::default(),
            },
            gazetteer.clone(),
        );
        for (index, document) in all.iter().enumerate() {
            if index % folds == fold {
                history[index] = tagger.first_pass(&words(document));
            }
        }
        progress(&format!("jackknife fold {}/{folds}", fold + 1));
    }
    let second = learn(&all, Some(&history), gazetteer, options);
    progress(&format!("second pass: {} features", second.feature_count()));
    TaggerModel { first, second }
}

fn words(document: &Document) -> Vec<Vec<&str>> {
    document
        .iter()
        .map(|sentence| sentence.words.iter().map(String::as_str).collect())
        .collect()
}

/// What context features need to know about each sentence of a document, computed per word.
struct SentenceFacts {
    infos: Vec<Vec<WordInfo>>,
    headlines: Vec<bool>,
    phrases: Vec<Vec<u8>>,
}

impl SentenceFacts {
    fn of(sentences: &[Vec<&str>], gazetteer: &Gazetteer) -> SentenceFacts {
        SentenceFacts {
            infos: sentences
                .iter()
                .map(|sentence| sentence.iter().map(|word| word_info(word)).collect())
                .collect(),
            headlines: sentences.iter().map(|s| is_headline(s)).collect(),
            phrases: sentences
                .iter()
                .map(|sentence| phrase_classes(sentence, gazetteer))
                .collect(),
        }
    }

    fn view(&self, index: usize) -> SentenceView<'_> {
        SentenceView {
            infos: &self.infos[index],
            headline: self.headlines[index],
            phrases: &self.phrases[index],
        }
    }
}

/// Trains one pass; `history` holds first-pass labels per document for the second pass.
fn learn(
    documents: &[&Document],
    history: Option<&[Vec<Vec<usize>>]>,
    gazetteer: &Gazetteer,
    options: &TrainOptions,
) -> Model {
    let mut ids = FeatureIds::default();
    let mut examples = Vec::new();
    let mut buffer = Vec::new();
    for (number, document) in documents.iter().enumerate() {
        let sentences = words(document);
        let facts = SentenceFacts::of(&sentences, gazetteer);
        let infos = &facts.infos;
        let view = |index: usize| facts.view(index);
        let mut context = DocumentContext::new((0..sentences.len()).map(view));
        if let Some(history) = history {
            context = context.with_history(
                infos
                    .iter()
                    .map(Vec::as_slice)
                    .zip(history[number].iter().map(Vec::as_slice)),
            );
        }
        for (index, (sentence, words)) in document.iter().zip(&sentences).enumerate() {
            let sentence_view = view(index);
            let features = (0..words.len())
                .map(|position| {
                    buffer.clear();
                    position_features(
                        words,
                        &sentence_view,
                        position,
                        &context,
                        gazetteer,
                        &mut buffer,
                    );
                    buffer.iter().map(|hash| ids.id(*hash)).collect()
                })
                .collect();
            examples.push(Example {
                features,
                labels: sentence.labels.clone(),
            });
        }
    }
    let hashes = ids.hashes;
    let mut learner = Learner {
        weights: vec![[0f32; LABEL_COUNT]; hashes.len()],
        timed_updates: vec![[0f32; LABEL_COUNT]; hashes.len()],
        transitions: vec![[0f32; LABEL_COUNT]; LABEL_COUNT + 1],
        timed_transitions: vec![[0f32; LABEL_COUNT]; LABEL_COUNT + 1],
        time: 1.0,
    };
    let mut order: Vec<usize> = (0..examples.len()).collect();
    let mut random = options.seed.max(1);
    for _ in 0..options.epochs {
        shuffle(&mut order, &mut random);
        for &index in &order {
            learner.learn_from(&examples[index]);
        }
    }
    finish(&learner, &hashes)
}

impl Learner {
    /// Decodes one example and moves the weights towards its gold labels where it was wrong.
    fn learn_from(&mut self, example: &Example) {
        let predicted = best_labels(&self.emissions(example), &allowed(self));
        if predicted != example.labels {
            for (position, (&gold, &guess)) in example.labels.iter().zip(&predicted).enumerate() {
                if gold != guess {
                    for &feature in &example.features[position] {
                        self.update(feature, gold, 1.0);
                        self.update(feature, guess, -1.0);
                    }
                }
                let (gold_previous, guess_previous) = if position == 0 {
                    (START, START)
                } else {
                    (example.labels[position - 1], predicted[position - 1])
                };
                if (gold_previous, gold) != (guess_previous, guess) {
                    self.update_transition(gold_previous, gold, 1.0);
                    self.update_transition(guess_previous, guess, -1.0);
                }
            }
        }
        self.time += 1.0;
    }
}

/// Transition scores with forbidden transitions masked (what decoding uses).
fn allowed(learner: &Learner) -> Vec<LabelScores> {
    masked_transitions(&learner.transitions)
}

fn finish(learner: &Learner, hashes: &[u64]) -> Model {
    let weights = Learner::averaged(&learner.weights, &learner.timed_updates, learner.time);
    let transitions = Learner::averaged(
        &learner.transitions,
        &learner.timed_transitions,
        learner.time,
    );
    let weights = hashes
        .iter()
        .zip(weights)
        .filter(|(_, scores)| scores.iter().any(|score| score.abs() > 1e-3))
        .map(|(hash, scores)| (*hash, scores))
        .collect();
    Model {
        weights,
        transitions: masked_transitions(&transitions),
    }
}

/// Fisher–Yates with a xorshift generator (reproducible without a dependency).
fn shuffle(order: &mut [usize], state: &mut u64) {
    for index in (1..order.len()).rev() {
        *state ^= *state << 13;
        *state ^= *state >> 7;
        *state ^= *state << 17;
        let other = (*state % (index as u64 + 1)) as usize;
        order.swap(index, other);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tagger::conll::read_conll;

    /// Labels from summing every feature hash of each position, as training sees them.
    fn decode_from_features(
        sentences: &[Vec<&str>],
        model: &Model,
        history: Option<&[Vec<usize>]>,
        gazetteer: &Gazetteer,
    ) -> Vec<Vec<usize>> {
        let facts = SentenceFacts::of(sentences, gazetteer);
        let view = |index: usize| facts.view(index);
        let mut context = DocumentContext::new((0..sentences.len()).map(view));
        if let Some(history) = history {
            context = context.with_history(
                facts
                    .infos
                    .iter()
                    .map(Vec::as_slice)
                    .zip(history.iter().map(Vec::as_slice)),
            );
        }
        sentences
            .iter()
            .enumerate()
            .map(|(index, words)| {
                let emissions: Vec<LabelScores> = (0..words.len())
                    .map(|position| {
                        let mut features = Vec::new();
                        position_features(
                            words,
                            &view(index),
                            position,
                            &context,
                            gazetteer,
                            &mut features,
                        );
                        let mut scores = [0f32; LABEL_COUNT];
                        for feature in features {
                            model.add_feature(feature, &mut scores);
                        }
                        scores
                    })
                    .collect();
                best_labels(&emissions, &model.transitions)
            })
            .collect()
    }

    /// Tagging sums cached per-type scores, one lookup per hashed context feature for both
    /// passes, and numbered features; training sums every feature hash of a position. Both must
    /// decode the same labels for the same model, in each pass, or the second pass learns from
    /// first-pass labels it will never see at tagging time.
    #[test]
    fn cached_tagging_decodes_like_the_training_features() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../tests/fixtures/tiny.conll");
        let documents = read_conll(&path).expect("fixture reads");
        let gazetteer = Gazetteer::builtin();
        let all: Vec<&Document> = documents.iter().collect();
        let options = TrainOptions {
            epochs: 3,
            ..TrainOptions::default()
        };
        let first = learn(&all, None, &gazetteer, &options);
        let history: Vec<Vec<Vec<usize>>> = all
            .iter()
            .map(|document| decode_from_features(&words(document), &first, None, &gazetteer))
            .collect();
        let second = learn(&all, Some(&history), &gazetteer, &options);
        assert!(second.feature_count() > 0);
        let first_only = Tagger::new(
            TaggerModel {
                first: first.clone(),
                second: Model::default(),
            },
            gazetteer.clone(),
        );
        let both = Tagger::new(
            TaggerModel {
                first,
                second: second.clone(),
            },
            gazetteer.clone(),
        );
        let mut entities = 0;
        let mut relevant_sentences = 0;
        for (document, first_labels) in all.iter().zip(&history) {
            let sentences = words(document);
            assert_eq!(&first_only.first_pass(&sentences), first_labels);
            assert_eq!(&both.first_pass(&sentences), first_labels);
            let expected =
                decode_from_features(&sentences, &second, Some(first_labels), &gazetteer);
            // Sentences without a word the first pass put in an entity keep their first labels.
            let entity_words: std::collections::HashSet<String> = sentences
                .iter()
                .zip(first_labels)
                .flat_map(|(words, labels)| {
                    crate::tagger::conll::spans(labels)
                        .into_iter()
                        .flat_map(|(_, start, end)| &words[start..end])
                        .map(|word| word.to_lowercase())
                        .collect::<Vec<_>>()
                })
                .collect();
            let tagged = both.tag_document(&sentences);
            for (index, words) in sentences.iter().enumerate() {
                let relevant = words
                    .iter()
                    .any(|word| entity_words.contains(&word.to_lowercase()));
                relevant_sentences += usize::from(relevant);
                let wanted = if relevant {
                    &expected[index]
                } else {
                    &first_labels[index]
                };
                assert_eq!(&tagged[index], wanted, "{words:?}");
            }
            entities += expected
                .iter()
                .flatten()
                .filter(|label| **label != 0)
                .count();
        }
        assert!(entities > 10, "the model tags entities: {entities}");
        assert!(relevant_sentences > 0, "the second pass ran");
    }
}
