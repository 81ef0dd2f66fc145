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
    context_features, is_headline, phrase_classes, type_features, word_info, DocumentContext,
    SentenceView, WordInfo, AFTER_SENTENCE, BEFORE_SENTENCE, OFFSETS, WINDOW,
};
use model::{best_labels, masked_transitions, LabelScores, LABEL_COUNT};

/// The model shipped in `index-data/entities/` (trained by `newsroom entities train`).
const BUILTIN_MODEL: &[u8] = include_bytes!("../../../../index-data/entities/ner-model.bin");
/// Word types cached per thread before the cache is emptied (bounds memory on huge corpora).
const MAX_CACHED_TYPES: usize = 200_000;

/// Per-offset scores of one word type, for each of the two passes.
type TypeScores = [[LabelScores; OFFSETS]; 2];

/// What the tagger caches per word type: its scores at each window offset and its facts.
#[derive(Debug, Clone, Copy)]
struct CachedType {
    scores: TypeScores,
    info: WordInfo,
}

static NEXT_TAGGER_ID: AtomicU64 = AtomicU64::new(1);

thread_local! {
    /// (id of the tagger the cache belongs to, word type → scores and facts).
    static TYPE_CACHE: RefCell<(u64, FxHashMap<Box<str>, CachedType>)> =
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
    pub fn new(mut model: TaggerModel, gazetteer: Gazetteer) -> Tagger {
        for pass in [&mut model.first, &mut model.second] {
            pass.transitions = masked_transitions(&pass.transitions);
        }
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
            let boundary = [
                self.cached_type(BEFORE_SENTENCE, types).scores,
                self.cached_type(AFTER_SENTENCE, types).scores,
            ];
            let mut windows: Vec<Vec<TypeScores>> = Vec::with_capacity(sentences.len());
            let mut infos: Vec<Vec<WordInfo>> = Vec::with_capacity(sentences.len());
            for sentence in sentences {
                let mut window = Vec::with_capacity(sentence.len() + 2 * WINDOW);
                let mut sentence_infos = Vec::with_capacity(sentence.len());
                window.extend([boundary[0]; WINDOW]);
                for word in sentence {
                    let cached = self.cached_type(word, types);
                    window.push(cached.scores);
                    sentence_infos.push(cached.info);
                }
                window.extend([boundary[1]; WINDOW]);
                windows.push(window);
                infos.push(sentence_infos);
            }
            let headlines: Vec<bool> = sentences.iter().map(|s| is_headline(s)).collect();
            let phrases: Vec<Vec<u8>> = sentences
                .iter()
                .map(|sentence| phrase_classes(sentence, &self.inner.gazetteer))
                .collect();
            let views =
                || {
                    infos.iter().zip(&headlines).zip(&phrases).map(
                        |((infos, headline), phrases)| SentenceView {
                            infos,
                            headline: *headline,
                            phrases,
                        },
                    )
                };
            let document = DocumentContext::new(views());
            let first: Vec<Vec<usize>> = self
                .tag_pass(0, views(), &windows, &document)
                .into_iter()
                .map(Option::unwrap_or_default)
                .collect();
            if !both {
                return first;
            }
            let document = document.with_history(&infos, &first);
            self.tag_pass(1, views(), &windows, &document)
                .into_iter()
                .zip(first)
                .map(|(second, first)| second.unwrap_or(first))
                .collect()
        })
    }

    /// Labels from the first pass alone (what training's second pass learns from).
    pub(crate) fn first_pass(&self, sentences: &[Vec<&str>]) -> Vec<Vec<usize>> {
        self.tag(sentences, false)
    }

    fn tag_pass<'a>(
        &self,
        pass: usize,
        sentences: impl Iterator<Item = SentenceView<'a>>,
        windows: &[Vec<TypeScores>],
        document: &DocumentContext,
    ) -> Vec<Option<Vec<usize>>> {
        let model = if pass == 0 {
            &self.inner.model.first
        } else {
            &self.inner.model.second
        };
        let mut context = Vec::new();
        let mut emissions: Vec<LabelScores> = Vec::new();
        sentences
            .zip(windows)
            .map(|(sentence, window)| {
                // The second pass can only change sentences holding a word the first pass put
                // in an entity somewhere in the document; the others keep their first labels.
                let relevant = pass == 0
                    || sentence
                        .infos
                        .iter()
                        .any(|info| document.in_history(info.lower));
                if !relevant {
                    return None;
                }
                emissions.clear();
                for position in 0..sentence.infos.len() {
                    let mut scores = [0f32; LABEL_COUNT];
                    for (slot, word_scores) in
                        window[position..position + OFFSETS].iter().enumerate()
                    {
                        for (score, add) in scores.iter_mut().zip(&word_scores[pass][slot]) {
                            *score += add;
                        }
                    }
                    context.clear();
                    context_features(&sentence, position, document, &mut context);
                    for feature in &context {
                        model.add_feature(*feature, &mut scores);
                    }
                    emissions.push(scores);
                }
                Some(best_labels(&emissions, &model.transitions))
            })
            .collect()
    }

    /// The cached scores and facts of a word type: slot `s` of the scores holds its weights
    /// when it stands `s - WINDOW` positions from the word being tagged.
    fn cached_type(&self, word: &str, types: &mut FxHashMap<Box<str>, CachedType>) -> CachedType {
        if let Some(cached) = types.get(word) {
            return *cached;
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
        let cached = CachedType {
            scores,
            info: word_info(word),
        };
        types.insert(word.into(), cached);
        cached
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
    words: &[&str],
    sentence: &SentenceView,
    index: usize,
    document: &DocumentContext,
    gazetteer: &Gazetteer,
    out: &mut Vec<u64>,
) {
    for offset in -(WINDOW as isize)..=WINDOW as isize {
        let at = index as isize + offset;
        let word = if at < 0 {
            BEFORE_SENTENCE
        } else if at as usize >= words.len() {
            AFTER_SENTENCE
        } else {
            words[at as usize]
        };
        type_features(word, offset, gazetteer, out);
    }
    context_features(sentence, index, document, out);
}
