//! The statistical named-entity tagger: a linear-chain model (averaged structured perceptron,
//! BIO labels over PER / LOC / ORG / MISC) trained on CoNLL-format data.
//!
//! Tagging is fast because every feature but a handful depends on one word's spelling and its
//! offset in the window: the summed weights of a word type at each offset are computed once per
//! thread and cached, so a word costs one cache lookup, a few vector additions and Viterbi.

mod conll;
mod features;
mod model;
mod train;

use std::cell::RefCell;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use rustc_hash::FxHashMap;

pub use conll::{read_conll, spans, ConllError, Document, Evaluation, Score, Sentence};
pub use model::{Model, ModelError, TaggerModel, LABELS};
pub use train::{train, TrainOptions};

use crate::Gazetteer;
pub(crate) use features::title_case;
use features::{
    context_features, is_headline, phrase_classes, type_features, DocumentContext, AFTER_SENTENCE,
    BEFORE_SENTENCE, OFFSETS, WINDOW,
};
use model::{best_labels, LabelScores, LABEL_COUNT};

/// The model shipped in `index-data/entities/` (trained by `newsroom entities train`).
const BUILTIN_MODEL: &[u8] = include_bytes!("../../../../index-data/entities/ner-model.bin");
/// Word types cached per thread before the cache is emptied (bounds memory on huge corpora).
const MAX_CACHED_TYPES: usize = 200_000;

/// Per-offset scores of one word type, for each of the two passes.
type TypeScores = [[LabelScores; OFFSETS]; 2];

static NEXT_TAGGER_ID: AtomicU64 = AtomicU64::new(1);

thread_local! {
    /// (id of the tagger the cache belongs to, word type → scores at each offset).
    static TYPE_CACHE: RefCell<(u64, FxHashMap<Box<str>, TypeScores>)> =
        RefCell::new((0, FxHashMap::default()));
}

/// A trained tagger with the gazetteer its features use. Cheap to clone and share.
#[derive(Debug, Clone)]
pub struct Tagger {
    inner: Arc<TaggerInner>,
}

#[derive(Debug)]
struct TaggerInner {
    id: u64,
    model: TaggerModel,
    gazetteer: Gazetteer,
}

impl Tagger {
    /// A tagger over a model and the gazetteer it was trained with.
    pub fn new(model: TaggerModel, gazetteer: Gazetteer) -> Tagger {
        Tagger {
            inner: Arc::new(TaggerInner {
                id: NEXT_TAGGER_ID.fetch_add(1, Ordering::Relaxed),
                model,
                gazetteer,
            }),
        }
    }

    /// The tagger shipped in the binary, over `gazetteer`.
    pub fn builtin(gazetteer: Gazetteer) -> Result<Tagger, ModelError> {
        Ok(Tagger::new(TaggerModel::read(BUILTIN_MODEL)?, gazetteer))
    }

    /// The model's size in features.
    pub fn feature_count(&self) -> usize {
        self.inner.model.feature_count()
    }

    /// Labels (indices into [`LABELS`]) for every word of every sentence of one document.
    /// Documents are tagged whole because features look at how words are written elsewhere in
    /// the same document.
    pub fn tag_document(&self, sentences: &[Vec<&str>]) -> Vec<Vec<usize>> {
        self.tag(sentences, true)
    }

    /// Runs the first pass, and the second when `both`.
    fn tag(&self, sentences: &[Vec<&str>], both: bool) -> Vec<Vec<usize>> {
        TYPE_CACHE.with(|cache| {
            let mut cache = cache.borrow_mut();
            let (owner, types) = &mut *cache;
            if *owner != self.inner.id || types.len() > MAX_CACHED_TYPES {
                *owner = self.inner.id;
                types.clear();
            }
            let window: Vec<Vec<TypeScores>> = sentences
                .iter()
                .map(|sentence| self.window_scores(sentence, types))
                .collect();
            let document = DocumentContext::new(sentences.iter().map(Vec::as_slice));
            let first = self.tag_pass(0, sentences, &window, &document);
            if !both {
                return first;
            }
            let document = document.with_history(sentences, &first);
            self.tag_pass(1, sentences, &window, &document)
        })
    }

    /// Labels from the first pass alone (what training's second pass learns from).
    pub(crate) fn first_pass(&self, sentences: &[Vec<&str>]) -> Vec<Vec<usize>> {
        self.tag(sentences, false)
    }

    /// The type scores of a sentence's words, padded with the sentence-boundary words.
    fn window_scores(
        &self,
        sentence: &[&str],
        types: &mut FxHashMap<Box<str>, TypeScores>,
    ) -> Vec<TypeScores> {
        let mut window: Vec<TypeScores> = Vec::with_capacity(sentence.len() + 2 * WINDOW);
        for _ in 0..WINDOW {
            window.push(self.type_scores(BEFORE_SENTENCE, types));
        }
        for word in sentence {
            window.push(self.type_scores(word, types));
        }
        for _ in 0..WINDOW {
            window.push(self.type_scores(AFTER_SENTENCE, types));
        }
        window
    }

    fn tag_pass(
        &self,
        pass: usize,
        sentences: &[Vec<&str>],
        window: &[Vec<TypeScores>],
        document: &DocumentContext,
    ) -> Vec<Vec<usize>> {
        let model = if pass == 0 {
            &self.inner.model.first
        } else {
            &self.inner.model.second
        };
        let mut context = Vec::new();
        sentences
            .iter()
            .zip(window)
            .map(|(sentence, window)| {
                let headline = is_headline(sentence);
                let phrases = phrase_classes(sentence, &self.inner.gazetteer);
                let emissions: Vec<LabelScores> = (0..sentence.len())
                    .map(|position| {
                        let mut scores = [0f32; LABEL_COUNT];
                        for (slot, word_scores) in
                            window[position..position + OFFSETS].iter().enumerate()
                        {
                            for (score, add) in scores.iter_mut().zip(&word_scores[pass][slot]) {
                                *score += add;
                            }
                        }
                        context.clear();
                        context_features(
                            sentence,
                            position,
                            headline,
                            phrases[position].as_deref(),
                            document,
                            &mut context,
                        );
                        for feature in &context {
                            model.add_feature(*feature, &mut scores);
                        }
                        scores
                    })
                    .collect();
                best_labels(&emissions, &model.transitions)
            })
            .collect()
    }

    /// The cached per-offset scores of a word type: slot `s` holds its scores when it stands
    /// `s - WINDOW` positions from the word being tagged.
    fn type_scores(&self, word: &str, types: &mut FxHashMap<Box<str>, TypeScores>) -> TypeScores {
        if let Some(scores) = types.get(word) {
            return *scores;
        }
        let mut scores = [[[0f32; LABEL_COUNT]; OFFSETS]; 2];
        let [first, second] = &mut scores;
        let model = &self.inner.model;
        let mut features = Vec::with_capacity(32);
        for (slot, (first, second)) in first.iter_mut().zip(second.iter_mut()).enumerate() {
            features.clear();
            let offset = slot as isize - WINDOW as isize;
            type_features(word, offset, &self.inner.gazetteer, &mut features);
            for feature in &features {
                model.first.add_feature(*feature, first);
                model.second.add_feature(*feature, second);
            }
        }
        types.insert(word.into(), scores);
        scores
    }

    /// Tags CoNLL documents and scores the result against their gold labels.
    pub fn evaluate(&self, documents: &[Document]) -> Evaluation {
        let mut evaluation = Evaluation::default();
        for document in documents {
            let sentences: Vec<Vec<&str>> = document
                .iter()
                .map(|sentence| sentence.words.iter().map(String::as_str).collect())
                .collect();
            let predicted = self.tag_document(&sentences);
            for (sentence, labels) in document.iter().zip(&predicted) {
                evaluation.add(&sentence.labels, labels);
            }
        }
        evaluation.finish();
        evaluation
    }
}

/// All features of position `index` (training's view; tagging sums the same weights through the
/// per-type cache).
pub(crate) fn position_features(
    sentence: &[&str],
    index: usize,
    headline: bool,
    phrase_class: Option<&str>,
    document: &DocumentContext,
    gazetteer: &Gazetteer,
    out: &mut Vec<u64>,
) {
    for offset in -(WINDOW as isize)..=WINDOW as isize {
        let at = index as isize + offset;
        let word = if at < 0 {
            BEFORE_SENTENCE
        } else if at as usize >= sentence.len() {
            AFTER_SENTENCE
        } else {
            sentence[at as usize]
        };
        type_features(word, offset, gazetteer, out);
    }
    context_features(sentence, index, headline, phrase_class, document, out);
}
