//! BM25F: one analysed word scored over title and body as one weighted text stream.
//!
//! Summing two BM25 scores (one per field, as a multi-field query parser does) saturates each
//! field's term frequency on its own, so a word once in the title and once in the body counts
//! almost twice as much as a word ten times in the body. BM25F first adds the fields' term
//! frequencies, each normalised by its own field length and the title's multiplied by a weight,
//! and saturates the sum once:
//!
//! ```text
//! tf~   = w · tf_title / (1 − b_t + b_t · len_title / avg_title) + tf_body / (1 − b + b · len_body / avg_body)
//! score = idf · tf~ · (k1 + 1) / (k1 + tf~)
//! ```
//!
//! with idf from the larger of the two fields' document frequencies. With `bm25f=0` the model
//! scores as the multi-field query parser did: each field's BM25 with its own idf, the title's
//! multiplied by the title weight, summed.

use std::sync::Arc;

use tantivy::fieldnorm::FieldNormReader;
use tantivy::postings::{Postings, SegmentPostings};
use tantivy::query::{Bm25StatisticsProvider, EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocId, DocSet, Score, SegmentReader, TantivyError, Term, TERMINATED};

use super::RankingParams;

/// The two text fields of an article as BM25F weighs them.
#[derive(Debug, Clone, Copy)]
pub(crate) struct TextFields {
    pub(crate) title: Field,
    pub(crate) body: Field,
}

/// How the two fields' scores of a word combine.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FieldScoring {
    /// One weighted text stream, saturated once (BM25F).
    Bm25f,
    /// BM25 of each field (with its own idf), the title's multiplied by the title weight,
    /// summed: what a multi-field query parser does.
    PerField,
}

/// What scoring needs to know of one word: its idf in each field and over both.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct WordWeights {
    pub(crate) title_idf: Score,
    pub(crate) body_idf: Score,
    /// From the larger of the two document frequencies (BM25F, proximity, entity bonuses).
    pub(crate) idf: Score,
}

impl WordWeights {
    /// The weights multiplied by `factor`.
    pub(crate) fn times(self, factor: Score) -> WordWeights {
        WordWeights {
            title_idf: self.title_idf * factor,
            body_idf: self.body_idf * factor,
            idf: self.idf * factor,
        }
    }
}

/// Collection statistics and parameters shared by every word of a query: the length
/// normalisation of each field by fieldnorm id, and `k1`.
#[derive(Debug)]
pub(crate) struct Bm25fModel {
    pub(crate) fields: TextFields,
    pub(crate) scoring: FieldScoring,
    pub(crate) k1: Score,
    pub(crate) title_weight: Score,
    /// Fields scored apart with tantivy's BM25 parameters (k1 1.2, b 0.75): tantivy's term
    /// queries score words the same.
    pub(crate) tantivy_scores: bool,
    /// `1 / (1 − b + b · len / avg)` by fieldnorm id, per field.
    inverse_norm_title: [Score; 256],
    inverse_norm_body: [Score; 256],
    total_docs: u64,
}

impl Bm25fModel {
    /// The model for the index `statistics` describes.
    pub(crate) fn new(
        statistics: &dyn Bm25StatisticsProvider,
        fields: TextFields,
        params: &RankingParams,
    ) -> tantivy::Result<Bm25fModel> {
        let total_docs = statistics.total_num_docs()?.max(1);
        let average = |field: Field| -> tantivy::Result<Score> {
            Ok((statistics.total_num_tokens(field)? as Score / total_docs as Score).max(1.0))
        };
        Ok(Bm25fModel {
            fields,
            scoring: if params.bm25f {
                FieldScoring::Bm25f
            } else {
                FieldScoring::PerField
            },
            k1: params.k1,
            title_weight: params.title_weight,
            tantivy_scores: !params.bm25f
                && params.k1 == 1.2
                && params.b_title == 0.75
                && params.b_body == 0.75,
            inverse_norm_title: inverse_norms(params.b_title, average(fields.title)?),
            inverse_norm_body: inverse_norms(params.b_body, average(fields.body)?),
            total_docs,
        })
    }

    /// The idfs of an analysed word.
    pub(crate) fn weights(
        &self,
        statistics: &dyn Bm25StatisticsProvider,
        word: &str,
    ) -> tantivy::Result<WordWeights> {
        let in_title = statistics.doc_freq(&Term::from_field_text(self.fields.title, word))?;
        let in_body = statistics.doc_freq(&Term::from_field_text(self.fields.body, word))?;
        Ok(WordWeights {
            title_idf: idf(in_title, self.total_docs),
            body_idf: idf(in_body, self.total_docs),
            idf: idf(in_title.max(in_body), self.total_docs),
        })
    }

    /// The score of a word of `weights` with these frequencies and fieldnorm ids.
    #[inline]
    pub(crate) fn score(&self, weights: &WordWeights, title: (u32, u8), body: (u32, u8)) -> Score {
        let k1 = self.k1;
        match self.scoring {
            FieldScoring::Bm25f => {
                let pseudo_frequency = self.title_weight
                    * title.0 as Score
                    * self.inverse_norm_title[title.1 as usize]
                    + body.0 as Score * self.inverse_norm_body[body.1 as usize];
                if pseudo_frequency <= 0.0 {
                    return 0.0;
                }
                weights.idf * pseudo_frequency * (k1 + 1.0) / (k1 + pseudo_frequency)
            }
            FieldScoring::PerField => {
                let field =
                    |idf: Score, (frequency, norm_id): (u32, u8), inverse_norms: &[Score; 256]| {
                        if frequency == 0 {
                            return 0.0;
                        }
                        let frequency = frequency as Score;
                        idf * frequency * (k1 + 1.0)
                            / (frequency + k1 / inverse_norms[norm_id as usize])
                    };
                self.title_weight * field(weights.title_idf, title, &self.inverse_norm_title)
                    + field(weights.body_idf, body, &self.inverse_norm_body)
            }
        }
    }

    /// Saturates a closeness (or any frequency-like value) into a score of weight `idf`.
    #[inline]
    pub(crate) fn saturate(&self, idf: Score, value: Score) -> Score {
        if value <= 0.0 {
            return 0.0;
        }
        idf * value * (self.k1 + 1.0) / (self.k1 + value)
    }
}

fn inverse_norms(b: Score, average: Score) -> [Score; 256] {
    let mut norms = [0.0; 256];
    for (id, norm) in norms.iter_mut().enumerate() {
        let length = FieldNormReader::id_to_fieldnorm(id as u8) as Score;
        *norm = 1.0 / (1.0 - b + b * length / average);
    }
    norms
}

/// tantivy's (and Lucene's) BM25 idf.
pub(crate) fn idf(doc_freq: u64, doc_count: u64) -> Score {
    let doc_freq = doc_freq.min(doc_count);
    let x = ((doc_count - doc_freq) as Score + 0.5) / (doc_freq as Score + 0.5);
    (1.0 + x).ln()
}

/// Matches the articles with `word` (an analysed term) in the title or the body, scored by BM25F.
#[derive(Debug, Clone)]
pub(crate) struct Bm25fQuery {
    word: String,
    terms: [Term; 2],
    model: Arc<Bm25fModel>,
}

impl Bm25fQuery {
    pub(crate) fn new(word: &str, model: Arc<Bm25fModel>) -> Bm25fQuery {
        let fields = model.fields;
        Bm25fQuery {
            word: word.to_string(),
            terms: [
                Term::from_field_text(fields.title, word),
                Term::from_field_text(fields.body, word),
            ],
            model,
        }
    }
}

impl Query for Bm25fQuery {
    fn weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let weights = match enable_scoring {
            EnableScoring::Enabled {
                statistics_provider,
                ..
            } => self.model.weights(statistics_provider, &self.word)?,
            EnableScoring::Disabled { .. } => WordWeights::default(),
        };
        Ok(Box::new(Bm25fWeight {
            terms: self.terms.clone(),
            model: Arc::clone(&self.model),
            weights,
            record: if enable_scoring.is_scoring_enabled() {
                IndexRecordOption::WithFreqs
            } else {
                IndexRecordOption::Basic
            },
        }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        for term in &self.terms {
            visitor(term, false);
        }
    }
}

struct Bm25fWeight {
    terms: [Term; 2],
    model: Arc<Bm25fModel>,
    weights: WordWeights,
    record: IndexRecordOption,
}

impl Weight for Bm25fWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let [title_term, body_term] = &self.terms;
        let postings = |term: &Term| -> tantivy::Result<Option<SegmentPostings>> {
            Ok(reader
                .inverted_index(term.field())?
                .read_postings(term, self.record)?)
        };
        let title = postings(title_term)?;
        let body = postings(body_term)?;
        if title.is_none() && body.is_none() {
            return Ok(Box::new(tantivy::query::EmptyScorer));
        }
        let mut scorer = Bm25fScorer {
            title,
            body,
            title_norms: reader.get_fieldnorms_reader(self.model.fields.title)?,
            body_norms: reader.get_fieldnorms_reader(self.model.fields.body)?,
            model: Arc::clone(&self.model),
            weights: self.weights.times(boost),
            doc: 0,
        };
        scorer.settle();
        Ok(Box::new(scorer))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let mut scorer = self.scorer(reader, 1.0)?;
        if scorer.seek(doc) != doc {
            return Err(TantivyError::InvalidArgument(format!(
                "document #{doc} does not match"
            )));
        }
        Ok(Explanation::new("BM25F of title and body", scorer.score()))
    }
}

/// The union of a word's title and body postings.
struct Bm25fScorer {
    title: Option<SegmentPostings>,
    body: Option<SegmentPostings>,
    title_norms: FieldNormReader,
    body_norms: FieldNormReader,
    model: Arc<Bm25fModel>,
    weights: WordWeights,
    doc: DocId,
}

fn current(postings: &Option<SegmentPostings>) -> DocId {
    postings.as_ref().map_or(TERMINATED, DocSet::doc)
}

impl Bm25fScorer {
    fn settle(&mut self) -> DocId {
        self.doc = current(&self.title).min(current(&self.body));
        self.doc
    }
}

impl DocSet for Bm25fScorer {
    fn advance(&mut self) -> DocId {
        let doc = self.doc;
        for postings in [&mut self.title, &mut self.body].into_iter().flatten() {
            if postings.doc() == doc {
                postings.advance();
            }
        }
        self.settle()
    }

    fn seek(&mut self, target: DocId) -> DocId {
        if self.doc >= target {
            return self.doc;
        }
        for postings in [&mut self.title, &mut self.body].into_iter().flatten() {
            if postings.doc() < target {
                postings.seek(target);
            }
        }
        self.settle()
    }

    fn doc(&self) -> DocId {
        self.doc
    }

    fn size_hint(&self) -> u32 {
        // The body's postings hold nearly every document of the title's.
        [&self.title, &self.body]
            .into_iter()
            .flatten()
            .map(|postings| postings.size_hint())
            .max()
            .unwrap_or(0)
    }
}

impl Scorer for Bm25fScorer {
    fn score(&mut self) -> Score {
        let doc = self.doc;
        let frequency = |postings: &Option<SegmentPostings>| match postings {
            Some(postings) if postings.doc() == doc => postings.term_freq(),
            _ => 0,
        };
        let title = (frequency(&self.title), self.title_norms.fieldnorm_id(doc));
        let body = (frequency(&self.body), self.body_norms.fieldnorm_id(doc));
        self.model.score(&self.weights, title, body)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 100 documents, titles of 10 words and bodies of 100 on average; every word in 10 of
    /// them, in the title and the body alike.
    struct Statistics;

    impl Bm25StatisticsProvider for Statistics {
        fn total_num_tokens(&self, field: Field) -> tantivy::Result<u64> {
            Ok(if field == Field::from_field_id(0) {
                1_000
            } else {
                10_000
            })
        }
        fn total_num_docs(&self) -> tantivy::Result<u64> {
            Ok(100)
        }
        fn doc_freq(&self, _: &Term) -> tantivy::Result<u64> {
            Ok(10)
        }
    }

    /// A title once and the body three times, fields of (about) average length.
    fn lengths() -> ((u32, u8), (u32, u8)) {
        (
            (1, FieldNormReader::fieldnorm_to_id(10)),
            (3, FieldNormReader::fieldnorm_to_id(100)),
        )
    }

    /// `1 − b + b · len / avg` of a fieldnorm id (lengths are stored rounded).
    fn norm(id: u8, average: f32) -> f32 {
        0.25 + 0.75 * FieldNormReader::id_to_fieldnorm(id) as f32 / average
    }

    /// The model with k1 1.2, b 0.75 and a title weight of 2 (the formulas below spell them
    /// out, whatever the defaults).
    fn model(bm25f: bool) -> (Bm25fModel, WordWeights) {
        let params = RankingParams {
            bm25f,
            k1: 1.2,
            b_title: 0.75,
            b_body: 0.75,
            title_weight: 2.0,
            ..RankingParams::default()
        };
        let fields = TextFields {
            title: Field::from_field_id(0),
            body: Field::from_field_id(1),
        };
        let model = Bm25fModel::new(&Statistics, fields, &params).unwrap();
        let weights = model.weights(&Statistics, "word").unwrap();
        (model, weights)
    }

    #[test]
    fn bm25f_adds_the_fields_frequencies_then_saturates_once() {
        let (model, weights) = model(true);
        let idf = (1.0f32 + 90.5 / 10.5).ln();
        assert!((weights.idf - idf).abs() < 1e-6);
        // Fields of (about) average length: the title's occurrence counts twice, tf~ ≈ 2 + 3.
        let (title, body) = lengths();
        let tf = 2.0 / norm(title.1, 10.0) + 3.0 / norm(body.1, 100.0);
        let expected = idf * tf * 2.2 / (1.2 + tf);
        assert!((model.score(&weights, title, body) - expected).abs() < 1e-4);
        assert_eq!(model.score(&weights, (0, 0), (0, 0)), 0.0);
    }

    #[test]
    fn per_field_scoring_sums_two_bm25_scores_as_the_classic_ranking() {
        let (model, weights) = model(false);
        let idf = (1.0f32 + 90.5 / 10.5).ln();
        let (title, body) = lengths();
        let expected = 2.0 * idf * 2.2 / (1.0 + 1.2 * norm(title.1, 10.0))
            + idf * 3.0 * 2.2 / (3.0 + 1.2 * norm(body.1, 100.0));
        assert!((model.score(&weights, title, body) - expected).abs() < 1e-4);
    }
}
