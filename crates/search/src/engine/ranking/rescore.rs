//! The second stage: the best candidates scored again, with what needs word positions and the
//! entity fields of each article, read from the postings of the query's few terms (no stored
//! document is read).
//!
//! The score of an article:
//!
//! ```text
//! text      = Σ units: BM25F of the unit's words (× name_mismatch_factor for the words of a name
//!             the article does not name while it names another name sharing their stems)
//! text      × missing_factor ^ (query words the article lacks)
//! + entity  = Σ names the query names and the article names: entity_weight · idf of the name's words
//! + proximity_weight · Σ consecutive query words a, b:
//!             min(idf_a, idf_b) · p (k1 + 1) / (k1 + p),
//!             p = Σ occurrences of b near a: 1 / distance², the title's × title_weight
//! ```
//!
//! Close means within `proximity_window` words; `b` before `a` counts one word farther.

use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::Arc;

use tantivy::postings::Postings;
use tantivy::schema::IndexRecordOption;
use tantivy::{DocAddress, DocSet, Score, Searcher, Term};

use super::bm25f::{Bm25fModel, WordWeights};
use super::plan::{QueryPlan, Role};
use super::RankingParams;

/// One positive unit of the query as rescoring reads it.
#[derive(Debug)]
struct ScoredUnit {
    /// Indices into [`Rescorer::words`].
    words: Vec<usize>,
    /// A phrase's weights (the sums of its words'), scored by how often it occurs.
    phrase: Option<WordWeights>,
    soft: bool,
    /// The entity name the unit is part of, an index into [`Rescorer::entities`].
    name: Option<usize>,
}

/// An entity name of the query as rescoring checks it.
#[derive(Debug)]
pub(crate) struct NameTerms {
    /// The query units spelling it.
    pub(crate) units: Range<usize>,
    /// Its values in the entity fields.
    pub(crate) terms: Vec<Term>,
    /// The values of the other names sharing a stemmed word with it.
    pub(crate) other_names: Vec<Term>,
    /// Added to the score of an article naming it.
    pub(crate) bonus: Score,
}

/// Rescores the best candidates of a plain query.
#[derive(Debug)]
pub(crate) struct Rescorer {
    params: RankingParams,
    model: Arc<Bm25fModel>,
    /// Distinct analysed words of the positive units, with their idf.
    words: Vec<(String, WordWeights)>,
    units: Vec<ScoredUnit>,
    /// Consecutive words of consecutive units (a word's last word and the next unit's first),
    /// indices into `words`, for proximity: the words inside a phrase are together already.
    pairs: Vec<(usize, usize)>,
    /// The entity names of the query.
    entities: Vec<NameTerms>,
    /// Whether scoring reads word positions (phrases, proximity).
    needs_positions: bool,
}

/// What rescoring reads of one candidate.
struct Features {
    /// Per word: frequency in title and body.
    frequencies: Vec<[u32; 2]>,
    /// Per word: positions in title and body.
    positions: Vec<[Vec<u32>; 2]>,
    /// Per entity name: whether the article names it.
    named: Vec<bool>,
    /// Per entity name: whether the article names another name sharing a stemmed word.
    named_other: Vec<bool>,
}

impl Rescorer {
    pub(crate) fn new(
        plan: QueryPlan,
        model: Arc<Bm25fModel>,
        idf_of: &mut dyn FnMut(&str) -> tantivy::Result<WordWeights>,
        entities: Vec<NameTerms>,
        params: RankingParams,
    ) -> tantivy::Result<Rescorer> {
        let mut words: Vec<(String, WordWeights)> = Vec::new();
        let mut units = Vec::new();
        let mut pairs = Vec::new();
        let mut previous_last: Option<usize> = None;
        for (unit_index, unit) in plan.units.iter().enumerate() {
            if unit.role == Role::Excluded {
                continue;
            }
            let mut indices = Vec::with_capacity(unit.words.len());
            for word in &unit.words {
                let index = match words.iter().position(|(known, _)| known == word) {
                    Some(index) => index,
                    None => {
                        words.push((word.clone(), idf_of(word)?));
                        words.len() - 1
                    }
                };
                indices.push(index);
            }
            if let (Some(last), Some(&first)) = (previous_last, indices.first()) {
                if last != first {
                    pairs.push((last, first));
                }
            }
            previous_last = indices.last().copied();
            let phrase = (indices.len() > 1).then(|| {
                indices.iter().fold(WordWeights::default(), |sum, &index| {
                    let weights = words[index].1;
                    WordWeights {
                        title_idf: sum.title_idf + weights.title_idf,
                        body_idf: sum.body_idf + weights.body_idf,
                        idf: sum.idf + weights.idf,
                    }
                })
            });
            let name = entities
                .iter()
                .position(|name| name.units.contains(&unit_index));
            units.push(ScoredUnit {
                words: indices,
                phrase,
                soft: unit.role == Role::Soft,
                name,
            });
        }
        let needs_positions = units.iter().any(|unit| unit.phrase.is_some())
            || (!pairs.is_empty() && (params.proximity_weight > 0.0 || params.apart_factor != 1.0));
        Ok(Rescorer {
            needs_positions,
            params,
            model,
            words,
            units,
            pairs,
            entities,
        })
    }

    /// Whether rescoring can change the first stage's order: a one-word query naming no
    /// entity, for one, is ranked as the first stage ranks it, at no extra cost.
    /// `may_miss`: whether a match may lack a soft word.
    pub(crate) fn changes_ranking(&self, may_miss: bool) -> bool {
        let params = &self.params;
        let phrases = self.units.iter().any(|unit| unit.phrase.is_some());
        !self.entities.is_empty()
            || (may_miss && params.missing_factor != 1.0)
            || (!self.pairs.is_empty()
                && (params.proximity_weight > 0.0 || params.apart_factor != 1.0))
            // The first stage scores phrases by tantivy's BM25 of each field, the rescoring by
            // the model.
            || (phrases && !self.model.tantivy_scores)
    }

    /// How many of the best candidates are rescored.
    pub(crate) fn depth(&self) -> usize {
        self.params.rescore_depth
    }

    /// Rescores the first [`Rescorer::depth`] of `ranked` (best first) and puts them in their
    /// new order; the others keep their order, with scores scaled below the rescored ones.
    pub(crate) fn rescore(
        &self,
        searcher: &Searcher,
        ranked: &mut [(Score, DocAddress)],
    ) -> tantivy::Result<()> {
        let depth = self.depth().min(ranked.len());
        if depth == 0 {
            return Ok(());
        }
        let (head, tail) = ranked.split_at_mut(depth);
        let mut by_segment: BTreeMap<u32, Vec<usize>> = BTreeMap::new();
        for (index, (_, address)) in head.iter().enumerate() {
            by_segment
                .entry(address.segment_ord)
                .or_default()
                .push(index);
        }
        for (segment_ord, mut indices) in by_segment {
            indices.sort_by_key(|&index| head[index].1.doc_id);
            let docs: Vec<u32> = indices.iter().map(|&index| head[index].1.doc_id).collect();
            let scores = self.score_segment(searcher, segment_ord, &docs)?;
            for (index, score) in indices.into_iter().zip(scores) {
                head[index].0 = score;
            }
        }
        // Stable: equal scores keep the first stage's order.
        head.sort_by(|a, b| b.0.total_cmp(&a.0));
        let lowest = head.last().map_or(0.0, |(score, _)| *score);
        if let Some(&(first_after, _)) = tail.first() {
            if first_after > 0.0 && first_after >= lowest {
                let scale = lowest / first_after * 0.999;
                for (score, _) in tail.iter_mut() {
                    *score *= scale;
                }
            }
        }
        Ok(())
    }

    /// Scores of `docs` (ascending ids) of one segment.
    fn score_segment(
        &self,
        searcher: &Searcher,
        segment_ord: u32,
        docs: &[u32],
    ) -> tantivy::Result<Vec<Score>> {
        let reader = searcher.segment_reader(segment_ord);
        let fields = [self.model.fields.title, self.model.fields.body];
        // Positions cost more to read than frequencies: only for phrases and proximity.
        let record = if self.needs_positions {
            IndexRecordOption::WithFreqsAndPositions
        } else {
            IndexRecordOption::WithFreqs
        };
        let mut features: Vec<Features> = docs
            .iter()
            .map(|_| Features {
                frequencies: vec![[0; 2]; self.words.len()],
                positions: vec![[Vec::new(), Vec::new()]; self.words.len()],
                named: vec![false; self.entities.len()],
                named_other: vec![false; self.entities.len()],
            })
            .collect();
        for (word_index, (word, _)) in self.words.iter().enumerate() {
            for (field_index, field) in fields.iter().enumerate() {
                let term = Term::from_field_text(*field, word);
                let Some(mut postings) = reader
                    .inverted_index(*field)?
                    .read_postings(&term, record)?
                else {
                    continue;
                };
                for (doc, doc_features) in docs.iter().zip(features.iter_mut()) {
                    if postings.doc() < *doc {
                        postings.seek(*doc);
                    }
                    if postings.doc() == *doc {
                        doc_features.frequencies[word_index][field_index] = postings.term_freq();
                        if self.needs_positions {
                            postings
                                .positions(&mut doc_features.positions[word_index][field_index]);
                        }
                    }
                }
            }
        }
        for (entity_index, name) in self.entities.iter().enumerate() {
            let all_terms = name.terms.iter().map(|term| (term, true));
            let other_terms = name.other_names.iter().map(|term| (term, false));
            for (term, own) in all_terms.chain(other_terms) {
                let Some(mut postings) = reader
                    .inverted_index(term.field())?
                    .read_postings(term, IndexRecordOption::Basic)?
                else {
                    continue;
                };
                for (doc, doc_features) in docs.iter().zip(features.iter_mut()) {
                    if postings.doc() < *doc {
                        postings.seek(*doc);
                    }
                    if postings.doc() == *doc {
                        if own {
                            doc_features.named[entity_index] = true;
                        } else {
                            doc_features.named_other[entity_index] = true;
                        }
                    }
                }
            }
        }
        let title_norms = reader.get_fieldnorms_reader(fields[0])?;
        let body_norms = reader.get_fieldnorms_reader(fields[1])?;
        Ok(docs
            .iter()
            .zip(&features)
            .map(|(doc, doc_features)| {
                let norms = [
                    title_norms.fieldnorm_id(*doc),
                    body_norms.fieldnorm_id(*doc),
                ];
                self.score(doc_features, norms)
            })
            .collect())
    }

    fn score(&self, features: &Features, norms: [u8; 2]) -> Score {
        let model = &self.model;
        let params = &self.params;
        let word_scores: Vec<Score> = self
            .words
            .iter()
            .zip(&features.frequencies)
            .map(|((_, weights), [title, body])| {
                model.score(weights, (*title, norms[0]), (*body, norms[1]))
            })
            .collect();
        let mut text = 0.0;
        let mut missing = 0;
        for unit in &self.units {
            let (mut unit_score, matched) = match &unit.phrase {
                None => {
                    let word = unit.words[0];
                    (word_scores[word], features.frequencies[word] != [0, 0])
                }
                Some(weights) => {
                    let [title, body] = [0, 1].map(|field| {
                        phrase_frequency(&unit.words, |word| &features.positions[word][field])
                    });
                    let score = model.score(weights, (title, norms[0]), (body, norms[1]));
                    (score, title + body > 0)
                }
            };
            if unit.soft && !matched {
                missing += 1;
            }
            if let Some(name) = unit.name {
                if !features.named[name] && features.named_other[name] {
                    unit_score *= params.name_mismatch_factor;
                }
            }
            text += unit_score;
        }
        let mut score = text * params.missing_factor.powi(missing);
        if params.apart_factor != 1.0 {
            score *= params.apart_factor.powi(self.pairs_apart(features));
        }
        for (name, named) in self.entities.iter().zip(&features.named) {
            if *named {
                score += name.bonus;
            }
        }
        if params.proximity_weight > 0.0 {
            score += params.proximity_weight * self.proximity(features);
        }
        score
    }

    /// How many pairs of consecutive query words (both in the article) never come within
    /// `proximity_window` words of each other.
    fn pairs_apart(&self, features: &Features) -> i32 {
        let window = self.params.proximity_window;
        let mut apart = 0;
        for &(first, second) in &self.pairs {
            let [title_first, body_first] = &features.positions[first];
            let [title_second, body_second] = &features.positions[second];
            let present = |positions: [&Vec<u32>; 2]| positions.iter().any(|p| !p.is_empty());
            if !present([title_first, body_first]) || !present([title_second, body_second]) {
                continue;
            }
            let close = closeness(title_first, title_second, window)
                + closeness(body_first, body_second, window);
            if close == 0.0 {
                apart += 1;
            }
        }
        apart
    }

    /// Σ over consecutive query words of their saturated closeness.
    fn proximity(&self, features: &Features) -> Score {
        let window = self.params.proximity_window;
        let mut total = 0.0;
        for &(first, second) in &self.pairs {
            let [title_first, body_first] = &features.positions[first];
            let [title_second, body_second] = &features.positions[second];
            let closeness = self.model.title_weight * closeness(title_first, title_second, window)
                + closeness(body_first, body_second, window);
            if closeness > 0.0 {
                let idf = self.words[first].1.idf.min(self.words[second].1.idf);
                total += self.model.saturate(idf, closeness);
            }
        }
        total
    }
}

/// How often the words (indices into `positions_of`) occur in a row.
fn phrase_frequency<'a>(words: &[usize], positions_of: impl Fn(usize) -> &'a Vec<u32>) -> u32 {
    let Some((&first, rest)) = words.split_first() else {
        return 0;
    };
    positions_of(first)
        .iter()
        .filter(|&&start| {
            rest.iter().enumerate().all(|(offset, &word)| {
                positions_of(word)
                    .binary_search(&(start + offset as u32 + 1))
                    .is_ok()
            })
        })
        .count() as u32
}

/// Σ over the positions of `second` of `1 / d²`, `d` the distance to the nearest position of
/// `first` (one more when `second` comes first), when within `window`.
fn closeness(first: &[u32], second: &[u32], window: u32) -> Score {
    if first.is_empty() || second.is_empty() {
        return 0.0;
    }
    let mut total = 0.0;
    let mut next_first = 0;
    for &position in second {
        while next_first < first.len() && first[next_first] < position {
            next_first += 1;
        }
        let before = next_first
            .checked_sub(1)
            .map(|index| position - first[index]);
        let after = first
            .get(next_first)
            .map(|&first_position| first_position - position + 1);
        let distance = match (before, after) {
            (Some(before), Some(after)) => before.min(after),
            (Some(distance), None) | (None, Some(distance)) => distance,
            (None, None) => continue,
        };
        if distance >= 1 && distance <= window {
            total += 1.0 / (distance * distance) as Score;
        }
    }
    total
}

#[cfg(test)]
mod tests {
    use super::closeness;

    #[test]
    fn adjacent_words_are_closest_and_far_words_do_not_count() {
        assert_eq!(closeness(&[3], &[4], 8), 1.0);
        // Reversed order counts one word farther.
        assert_eq!(closeness(&[4], &[3], 8), 0.25);
        assert_eq!(closeness(&[1], &[3], 8), 0.25);
        assert_eq!(closeness(&[1], &[30], 8), 0.0);
        assert_eq!(closeness(&[], &[3], 8), 0.0);
        // Each occurrence of the second word counts once, by its nearest first word.
        assert_eq!(closeness(&[1, 10], &[2, 11], 8), 2.0);
    }
}
