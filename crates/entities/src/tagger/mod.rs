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
use xxhash_rust::xxh3::xxh3_64;

pub use conll::{read_conll, spans, ConllError, Document, Evaluation, Score, Sentence};
pub use model::{Model, ModelError, TaggerModel, LABELS};
pub use train::{train, TrainOptions};

use crate::Gazetteer;
pub(crate) use features::title_case;
use features::{
    bias_feature, context_features, fixed_feature_hash, is_headline, phrase_classes, type_features,
    word_info, DocumentContext, SentenceView, WordInfo, AFTER_SENTENCE, BEFORE_SENTENCE,
    FIXED_FEATURES, OFFSETS, WINDOW,
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

/// Word types seen by one thread: 64-bit hash of the spelling → index into `entries`.
/// Sentences are windows of indices, so a word's 360 bytes of scores are never copied. (Keying
/// by hash, like the model's features, spares storing and comparing the strings; two spellings
/// sharing a 64-bit hash among the ≤ 200,000 cached ones is vanishingly unlikely.)
#[derive(Default)]
struct TypeCache {
    /// Id of the tagger the entries were computed for.
    owner: u64,
    ids: FxHashMap<u64, u32>,
    entries: Vec<CachedType>,
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
    model: TaggerModel,
    gazetteer: Gazetteer,
    /// Weights of the bias feature in each pass (added to every position).
    bias: [LabelScores; 2],
    /// Weights of the numbered context features in each pass.
    numbered: [[LabelScores; FIXED_FEATURES]; 2],
}

/// One document laid out flat for tagging: sentence `s` owns `infos[ranges[s]]`, and its
/// window (type ids padded with `WINDOW` boundary ids on each side) starts at `windows[s]`.
struct Layout<'a> {
    sentences: &'a [Vec<&'a str>],
    ranges: Vec<std::ops::Range<usize>>,
    window_ids: Vec<u32>,
    window_starts: Vec<usize>,
    infos: Vec<WordInfo>,
    headlines: Vec<bool>,
    phrases: Vec<Vec<u8>>,
}

impl Layout<'_> {
    fn view(&self, sentence: usize) -> SentenceView<'_> {
        SentenceView {
            infos: &self.infos[self.ranges[sentence].clone()],
            headline: self.headlines[sentence],
            phrases: &self.phrases[sentence],
        }
    }

    fn views(&self) -> impl Iterator<Item = SentenceView<'_>> {
        (0..self.sentences.len()).map(|sentence| self.view(sentence))
    }
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
        Tagger {
            inner: Arc::new(TaggerInner {
                id: NEXT_TAGGER_ID.fetch_add(1, Ordering::Relaxed),
                model,
                gazetteer,
                bias,
                numbered,
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
            let cache = &mut *cache;
            if cache.owner != self.inner.id || cache.entries.len() > MAX_CACHED_TYPES {
                cache.owner = self.inner.id;
                cache.ids.clear();
                cache.entries.clear();
            }
            let layout = self.layout(sentences, cache);
            let document = DocumentContext::new(layout.views());
            let first: Vec<Vec<usize>> = self
                .tag_pass(0, &layout, &cache.entries, &document)
                .into_iter()
                .map(Option::unwrap_or_default)
                .collect();
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
            self.tag_pass(1, &layout, &cache.entries, &document)
                .into_iter()
                .zip(first)
                .map(|(second, first)| second.unwrap_or(first))
                .collect()
        })
    }

    /// Looks every word up in the type cache and lays the document out for the passes.
    fn layout<'a>(&self, sentences: &'a [Vec<&'a str>], cache: &mut TypeCache) -> Layout<'a> {
        let before = self.type_id(BEFORE_SENTENCE, cache);
        let after = self.type_id(AFTER_SENTENCE, cache);
        let words: usize = sentences.iter().map(Vec::len).sum();
        let mut layout = Layout {
            sentences,
            ranges: Vec::with_capacity(sentences.len()),
            window_ids: Vec::with_capacity(words + sentences.len() * 2 * WINDOW),
            window_starts: Vec::with_capacity(sentences.len()),
            infos: Vec::with_capacity(words),
            headlines: sentences.iter().map(|s| is_headline(s)).collect(),
            phrases: sentences
                .iter()
                .map(|sentence| phrase_classes(sentence, &self.inner.gazetteer))
                .collect(),
        };
        for sentence in sentences {
            layout.window_starts.push(layout.window_ids.len());
            let first_info = layout.infos.len();
            layout.window_ids.extend([before; WINDOW]);
            for word in sentence {
                let id = self.type_id(word, cache);
                layout.window_ids.push(id);
                layout.infos.push(cache.entries[id as usize].info);
            }
            layout.window_ids.extend([after; WINDOW]);
            layout.ranges.push(first_info..layout.infos.len());
        }
        layout
    }

    /// Labels from the first pass alone (what training's second pass learns from).
    pub(crate) fn first_pass(&self, sentences: &[Vec<&str>]) -> Vec<Vec<usize>> {
        self.tag(sentences, false)
    }

    fn tag_pass(
        &self,
        pass: usize,
        layout: &Layout,
        entries: &[CachedType],
        document: &DocumentContext,
    ) -> Vec<Option<Vec<usize>>> {
        let model = if pass == 0 {
            &self.inner.model.first
        } else {
            &self.inner.model.second
        };
        let bias = self.inner.bias[pass];
        let numbered_weights = &self.inner.numbered[pass];
        let mut context = Vec::new();
        let mut numbered = Vec::new();
        let mut emissions: Vec<LabelScores> = Vec::new();
        (0..layout.sentences.len())
            .map(|index| {
                let sentence = layout.view(index);
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
                let window = &layout.window_ids[layout.window_starts[index]..];
                emissions.clear();
                for position in 0..sentence.infos.len() {
                    let mut scores = bias;
                    for (slot, id) in window[position..position + OFFSETS].iter().enumerate() {
                        let add = &entries[*id as usize].scores[pass][slot];
                        for (score, add) in scores.iter_mut().zip(add) {
                            *score += add;
                        }
                    }
                    context.clear();
                    numbered.clear();
                    context_features(&sentence, position, document, &mut context, &mut numbered);
                    for feature in &context {
                        model.add_feature(*feature, &mut scores);
                    }
                    for feature in &numbered {
                        let weights = &numbered_weights[usize::from(*feature)];
                        for (score, weight) in scores.iter_mut().zip(weights) {
                            *score += weight;
                        }
                    }
                    emissions.push(scores);
                }
                Some(best_labels(&emissions, &model.transitions))
            })
            .collect()
    }

    /// The cache index of a word type, computing its entry on first sight: slot `s` of its
    /// scores holds its weights when it stands `s - WINDOW` positions from the tagged word.
    fn type_id(&self, word: &str, cache: &mut TypeCache) -> u32 {
        let key = xxh3_64(word.as_bytes());
        if let Some(id) = cache.ids.get(&key) {
            return *id;
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
        let id = cache.entries.len() as u32;
        cache.entries.push(CachedType {
            scores,
            info: word_info(word),
        });
        cache.ids.insert(key, id);
        id
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
    out.push(bias_feature());
    let mut numbered = Vec::new();
    context_features(sentence, index, document, out, &mut numbered);
    out.extend(numbered.into_iter().map(fixed_feature_hash));
}
