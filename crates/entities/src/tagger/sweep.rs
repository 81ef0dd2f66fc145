//! The two tagging passes over one document laid out flat.
//!
//! The first pass sums, for every position, the weights of both passes at once: the word types
//! around it and the hashed context features are the same for both, so each cached type and
//! each feature lookup is touched once. The second pass then only adds its numbered features
//! (which see the first pass's findings) to the sums kept for it. It adds them last, as one sum
//! over all features would, so the scores equal those of running the passes apart (where one
//! pass lacks a feature the other has, it adds zeros, which changes no value).

use super::context::{
    hashed_context_features, is_headline, numbered_context_features, phrase_classes_where,
    DocumentContext, SentenceView,
};
use super::features::{WordInfo, AFTER_SENTENCE, BEFORE_SENTENCE, OFFSETS, WINDOW};
use super::model::LabelScores;
use super::viterbi::best_labels_with;
use super::{type_key, Tagger, TaggerInner, TypeCache, TypeScores};
use newsroom_prefetch::prefetch;

/// One document laid out flat for tagging: sentence `s` owns `infos[ranges[s]]`, and its
/// window (type ids padded with `WINDOW` boundary ids on each side) starts at `window_starts[s]`.
pub(super) struct Layout<'a> {
    sentences: &'a [Vec<&'a str>],
    pub(super) ranges: Vec<std::ops::Range<usize>>,
    window_ids: Vec<u32>,
    window_starts: Vec<usize>,
    pub(super) infos: Vec<WordInfo>,
    headlines: Vec<bool>,
    phrases: Vec<Vec<u8>>,
}

impl<'a> Layout<'a> {
    /// Looks every word up in the type cache (filling it) and lays the document out.
    pub(super) fn new(
        tagger: &Tagger,
        sentences: &'a [Vec<&'a str>],
        cache: &mut TypeCache,
    ) -> Layout<'a> {
        let (before, _) = tagger.type_id(BEFORE_SENTENCE, cache);
        let (after, _) = tagger.type_id(AFTER_SENTENCE, cache);
        let words: usize = sentences.iter().map(Vec::len).sum();
        let mut layout = Layout {
            sentences,
            ranges: Vec::with_capacity(sentences.len()),
            window_ids: Vec::with_capacity(words + sentences.len() * 2 * WINDOW),
            window_starts: Vec::with_capacity(sentences.len()),
            infos: Vec::with_capacity(words),
            headlines: sentences.iter().map(|s| is_headline(s)).collect(),
            phrases: Vec::with_capacity(sentences.len()),
        };
        // Whether a gazetteer phrase may start at each word of the sentence being laid out.
        let mut starts_phrase = Vec::new();
        let mut keys = Vec::new();
        for sentence in sentences {
            layout.window_starts.push(layout.window_ids.len());
            let first_info = layout.infos.len();
            layout.window_ids.extend([before; WINDOW]);
            starts_phrase.clear();
            // All the sentence's cache slots are asked for before the first is read, so the
            // misses of its rarer words overlap instead of following one another.
            keys.clear();
            for word in sentence {
                let key = type_key(word);
                cache.ids.prefetch(key);
                keys.push(key);
            }
            for (word, key) in sentence.iter().zip(&keys) {
                let (id, facts) = tagger.type_id_with_key(word, *key, cache);
                // The first pass reads every word's scores soon, in an order the hardware
                // cannot guess; asking for them now overlaps the cache misses.
                prefetch(&cache.entries[id as usize]);
                layout.window_ids.push(id);
                layout.infos.push(facts.info);
                starts_phrase.push(facts.starts_phrase);
            }
            layout.window_ids.extend([after; WINDOW]);
            layout.ranges.push(first_info..layout.infos.len());
            layout.phrases.push(phrase_classes_where(
                sentence,
                |index| starts_phrase[index],
                &tagger.inner.gazetteer,
            ));
        }
        layout
    }

    fn view(&self, sentence: usize) -> SentenceView<'_> {
        SentenceView {
            infos: &self.infos[self.ranges[sentence].clone()],
            headline: self.headlines[sentence],
            phrases: &self.phrases[sentence],
        }
    }

    /// Every sentence as context features see it.
    pub(super) fn views(&self) -> impl Iterator<Item = SentenceView<'_>> + Clone {
        (0..self.sentences.len()).map(|sentence| self.view(sentence))
    }
}

/// Adds one feature's weights to a position's scores.
pub(super) fn add(scores: &mut LabelScores, weights: &LabelScores) {
    for (score, weight) in scores.iter_mut().zip(weights) {
        *score += weight;
    }
}

/// First-pass labels of every sentence. With `second`, also pushes each position's
/// second-pass scores from everything but the numbered context features, in document order.
pub(super) fn first_pass(
    tagger: &TaggerInner,
    layout: &Layout,
    entries: &[TypeScores],
    document: &DocumentContext,
    mut second: Option<&mut Vec<LabelScores>>,
) -> Vec<Vec<usize>> {
    let both = second.is_some();
    let mut emissions: Vec<LabelScores> = Vec::new();
    let mut forward = Vec::new();
    (0..layout.sentences.len())
        .map(|index| {
            let sentence = layout.view(index);
            let window = &layout.window_ids[layout.window_starts[index]..];
            emissions.clear();
            for position in 0..sentence.infos.len() {
                let mut first_scores = tagger.bias[0];
                let mut second_scores = tagger.bias[1];
                for (slot, id) in window[position..position + OFFSETS].iter().enumerate() {
                    let [first_weights, second_weights] = &entries[*id as usize][slot];
                    add(&mut first_scores, first_weights);
                    if both {
                        add(&mut second_scores, second_weights);
                    }
                }
                hashed_context_features(&sentence, position, |feature| {
                    if let Some([first_weights, second_weights]) = tagger.both_passes.get(&feature)
                    {
                        add(&mut first_scores, first_weights);
                        if both {
                            add(&mut second_scores, second_weights);
                        }
                    }
                });
                numbered_context_features(&sentence, position, document, |feature| {
                    add(&mut first_scores, &tagger.numbered[0][usize::from(feature)]);
                });
                emissions.push(first_scores);
                if let Some(second) = second.as_deref_mut() {
                    second.push(second_scores);
                }
            }
            best_labels_with(&emissions, &tagger.transitions[0], &mut forward)
        })
        .collect()
}

/// Second-pass labels: `partial` holds what [`first_pass`] summed for the second pass and
/// `document` the first pass's findings. Sentences the second pass cannot change keep their
/// `first` labels.
pub(super) fn second_pass(
    tagger: &TaggerInner,
    layout: &Layout,
    document: &DocumentContext,
    partial: &[LabelScores],
    first: Vec<Vec<usize>>,
) -> Vec<Vec<usize>> {
    let mut emissions: Vec<LabelScores> = Vec::new();
    let mut forward = Vec::new();
    first
        .into_iter()
        .enumerate()
        .map(|(index, first_labels)| {
            let sentence = layout.view(index);
            // Only sentences holding a capitalised word the first pass put in an entity
            // somewhere in the document are tagged again (lower-case words in entities, such as
            // "the" of "The New York Times", put nearly every sentence in that set, and
            // retagging for them changed no CoNLL dev score).
            let relevant = sentence
                .infos
                .iter()
                .any(|info| info.capitalized && document.in_history(info.lower));
            if !relevant {
                return first_labels;
            }
            let sums = &partial[layout.ranges[index].clone()];
            emissions.clear();
            for (position, sum) in sums.iter().enumerate() {
                let mut scores = *sum;
                numbered_context_features(&sentence, position, document, |feature| {
                    add(&mut scores, &tagger.numbered[1][usize::from(feature)]);
                });
                emissions.push(scores);
            }
            best_labels_with(&emissions, &tagger.transitions[1], &mut forward)
        })
        .collect()
}
