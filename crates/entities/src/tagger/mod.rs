//! The statistical named-entity tagger: a linear-chain model (averaged structured perceptron,
//! BIO labels over PER / LOC / ORG / MISC) trained on CoNLL-format data.
//!
//! Tagging is fast because every feature but a handful depends on one word's spelling and its
//! offset in the window: the summed weights of a word type at each offset are computed once per
//! thread and cached, so a word costs one cache lookup, a few vector additions and Viterbi.

mod conll;
mod context;
mod features;
mod model;
mod sweep;
mod table;
mod train;
mod viterbi;

use std::cell::RefCell;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use rustc_hash::FxHashMap;

use xxhash_rust::xxh3::xxh3_64;

pub use conll::{read_conll, spans, Document, Evaluation, Score, Sentence};
pub use model::{Model, TaggerModel, LABELS};
pub use train::{train, TrainOptions};

use crate::{EntitiesError, Gazetteer};
use context::{
    bias_feature, context_features, fixed_feature_hash, DocumentContext, SentenceView,
    FIXED_FEATURES,
};
pub(crate) use features::title_case;
use features::{
    type_features, word_info, WordInfo, AFTER_SENTENCE, BEFORE_SENTENCE, OFFSETS, WINDOW,
};
use model::{masked_transitions, LabelScores, LABEL_COUNT};
use table::HashIndex;
use viterbi::Transitions;

/// The model shipped in `index-data/entities/` (trained by `newsroom entities train`).
const BUILTIN_MODEL: &[u8] = include_bytes!("../../../../index-data/entities/ner-model.bin");
/// Word types cached per thread before the cache is emptied (bounds memory on huge corpora).
const MAX_CACHED_TYPES: usize = 200_000;

/// Scores of one word type at each window offset, for each of the two passes (the two passes'
/// scores of one offset are side by side: the first pass reads both).
type TypeScores = [[LabelScores; 2]; OFFSETS];

/// What the layout needs of a word type, kept with its cache index (one lookup gives both)
/// and apart from its scores, so the facts of a document's words share few cache lines.
#[derive(Debug, Clone, Copy, Default)]
struct TypeFacts {
    info: WordInfo,
    /// Whether a multi-word gazetteer phrase starts with it.
    starts_phrase: bool,
}

/// Word types seen by one thread: 64-bit hash of the spelling → index into `entries`, and facts.
/// Sentences are windows of indices, so a word's 360 bytes of scores are never copied. (Keying
/// by hash, like the model's features, spares storing and comparing the strings; two spellings
/// sharing a 64-bit hash among the ≤ 200,000 cached ones is vanishingly unlikely.)
#[derive(Default)]
struct TypeCache {
    /// Id of the tagger the entries were computed for.
    owner: u64,
    ids: HashIndex<(u32, TypeFacts)>,
    /// Scores of each cached type.
    entries: Vec<TypeScores>,
}

static NEXT_TAGGER_ID: AtomicU64 = AtomicU64::new(1);

thread_local! {
    static TYPE_CACHE: RefCell<TypeCache> = RefCell::new(TypeCache::default());
}

/// A trained tagger with the gazetteer its features use. Cheap to clone and share.
#[derive(Debug, Clone)]
pub struct Tagger {
    inner: Arc<TaggerInner>,
}

#[derive(Debug)]
struct TaggerInner {
    id: u64,
    /// Each pass's label transitions (see [`masked_transitions`]), laid out for decoding.
    transitions: [Transitions; 2],
    /// Features with a weight, both passes together.
    feature_count: usize,
    gazetteer: Gazetteer,
    /// Weights of the bias feature in each pass (added to every position).
    bias: [LabelScores; 2],
    /// Weights of the numbered context features in each pass.
    numbered: [[LabelScores; FIXED_FEATURES]; 2],
    /// Both passes' weights of every feature (zeros where a pass lacks it), so each hashed
    /// context feature costs one lookup for the two passes.
    both_passes: FxHashMap<u64, [LabelScores; 2]>,
}

impl Tagger {
    /// A tagger over a model and the gazetteer it was trained with.
    pub fn new(mut model: TaggerModel, gazetteer: Gazetteer) -> Tagger {
        for pass in [&mut model.first, &mut model.second] {
            pass.transitions = masked_transitions(&pass.transitions);
        }
        let mut bias = [[0f32; LABEL_COUNT]; 2];
        model.first.add_feature(bias_feature(), &mut bias[0]);
        model.second.add_feature(bias_feature(), &mut bias[1]);
        let mut numbered = [[[0f32; LABEL_COUNT]; FIXED_FEATURES]; 2];
        let [first_numbered, second_numbered] = &mut numbered;
        for (index, (first, second)) in first_numbered.iter_mut().zip(second_numbered).enumerate() {
            let feature = fixed_feature_hash(index as u8);
            model.first.add_feature(feature, first);
            model.second.add_feature(feature, second);
        }
        let feature_count = model.feature_count();
        let mut both_passes: FxHashMap<u64, [LabelScores; 2]> = FxHashMap::default();
        both_passes.reserve(model.first.weights.len().max(model.second.weights.len()));
        for (pass, weights) in [model.first.weights, model.second.weights]
            .into_iter()
            .enumerate()
        {
            for (feature, scores) in weights {
                both_passes.entry(feature).or_default()[pass] = scores;
            }
        }
        Tagger {
            inner: Arc::new(TaggerInner {
                id: NEXT_TAGGER_ID.fetch_add(1, Ordering::Relaxed),
                transitions: [
                    Transitions::new(&model.first.transitions),
                    Transitions::new(&model.second.transitions),
                ],
                feature_count,
                gazetteer,
                bias,
                numbered,
                both_passes,
            }),
        }
    }

    /// The tagger shipped in the binary, over `gazetteer`.
    pub fn builtin(gazetteer: Gazetteer) -> Result<Tagger, EntitiesError> {
        Ok(Tagger::new(TaggerModel::read(BUILTIN_MODEL)?, gazetteer))
    }

    /// The model's size in features.
    pub fn feature_count(&self) -> usize {
        self.inner.feature_count
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
            let cache = &mut *cache;
            if cache.owner != self.inner.id || cache.entries.len() > MAX_CACHED_TYPES {
                cache.owner = self.inner.id;
                cache.ids.clear();
                cache.entries.clear();
            }
            let layout = sweep::Layout::new(self, sentences, cache);
            let document = DocumentContext::new(layout.views());
            let mut second_partial = Vec::with_capacity(if both { layout.infos.len() } else { 0 });
            let first = sweep::first_pass(
                &self.inner,
                &layout,
                &cache.entries,
                &document,
                both.then_some(&mut second_partial),
            );
            if !both {
                return first;
            }
            let document = document.with_history(
                layout
                    .ranges
                    .iter()
                    .map(|range| &layout.infos[range.clone()])
                    .zip(first.iter().map(Vec::as_slice)),
            );
            sweep::second_pass(&self.inner, &layout, &document, &second_partial, first)
        })
    }

    /// Labels from the first pass alone (what training's second pass learns from).
    pub(crate) fn first_pass(&self, sentences: &[Vec<&str>]) -> Vec<Vec<usize>> {
        self.tag(sentences, false)
    }

    /// The cache index of a word type and its facts, computing its entry on first sight: slot
    /// `s` of its scores holds its weights when it stands `s - WINDOW` positions from the tagged
    /// word.
    #[inline]
    fn type_id(&self, word: &str, cache: &mut TypeCache) -> (u32, TypeFacts) {
        self.type_id_with_key(word, type_key(word), cache)
    }

    /// [`Tagger::type_id`] of a word whose [`type_key`] is known.
    #[inline]
    fn type_id_with_key(&self, word: &str, key: u64, cache: &mut TypeCache) -> (u32, TypeFacts) {
        match cache.ids.get(key) {
            Some(found) => *found,
            None => self.add_type(word, key, cache),
        }
    }

    /// Computes and caches the entry of a word type seen for the first time.
    #[cold]
    fn add_type(&self, word: &str, key: u64, cache: &mut TypeCache) -> (u32, TypeFacts) {
        let mut scores = [[[0f32; LABEL_COUNT]; 2]; OFFSETS];
        let mut features = Vec::with_capacity(32);
        for (slot, [first, second]) in scores.iter_mut().enumerate() {
            features.clear();
            let offset = slot as isize - WINDOW as isize;
            type_features(word, offset, &self.inner.gazetteer, &mut features);
            for feature in &features {
                if let Some([first_weights, second_weights]) = self.inner.both_passes.get(feature) {
                    sweep::add(first, first_weights);
                    sweep::add(second, second_weights);
                }
            }
        }
        let id = cache.entries.len() as u32;
        cache.entries.push(scores);
        let facts = TypeFacts {
            info: word_info(word),
            starts_phrase: self.inner.gazetteer.starts_phrase(word),
        };
        cache.ids.insert(key, (id, facts));
        (id, facts)
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

/// The key of a word type in the [`TypeCache`].
#[inline]
fn type_key(word: &str) -> u64 {
    xxh3_64(word.as_bytes())
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
    out.push(bias_feature());
    let mut numbered = Vec::new();
    context_features(sentence, index, document, out, &mut numbered);
    out.extend(numbered.into_iter().map(fixed_feature_hash));
}
