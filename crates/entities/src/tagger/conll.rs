//! CoNLL-format data (one `WORD ... TAG` line per token, blank lines between sentences,
//! `-DOCSTART-` between documents) and the entity-level scorer of the CoNLL shared tasks.

use crate::EntitiesError;
use std::collections::BTreeMap;
use std::path::Path;

use serde::Serialize;

use super::model::{label_index, KINDS};

/// One sentence with its gold tags (indices into [`super::LABELS`]).
#[derive(Debug, Clone, Default)]
pub struct Sentence {
    /// The words.
    pub words: Vec<String>,
    /// The gold label of each word.
    pub labels: Vec<usize>,
}

/// One document (article): its sentences.
pub type Document = Vec<Sentence>;

/// Reads a CoNLL file into documents. The tag is the last column; IOB1 tags are converted to
/// IOB2 so spans are identical either way.
pub fn read_conll(path: &Path) -> Result<Vec<Document>, EntitiesError> {
    let text = std::fs::read_to_string(path).map_err(|source| EntitiesError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let mut documents: Vec<Document> = vec![Vec::new()];
    let mut sentence = Sentence::default();
    let finish_sentence = |documents: &mut Vec<Document>, sentence: &mut Sentence| {
        if !sentence.words.is_empty() {
            if let Some(document) = documents.last_mut() {
                document.push(std::mem::take(sentence));
            }
        }
    };
    for (number, line) in text.lines().enumerate() {
        let line = line.trim_end();
        if line.is_empty() {
            finish_sentence(&mut documents, &mut sentence);
            continue;
        }
        let mut columns = line.split_whitespace();
        let word = columns.next().unwrap_or_default();
        if word == "-DOCSTART-" {
            finish_sentence(&mut documents, &mut sentence);
            if documents
                .last()
                .is_some_and(|document| !document.is_empty())
            {
                documents.push(Vec::new());
            }
            continue;
        }
        let Some(tag) = columns.last() else {
            return Err(EntitiesError::Line {
                path: path.to_path_buf(),
                line: number + 1,
                reason: "expected a word and a tag".to_string(),
            });
        };
        let mut label = label_index(tag).ok_or_else(|| EntitiesError::Line {
            path: path.to_path_buf(),
            line: number + 1,
            reason: format!("unknown tag {tag:?} (expected O, B-/I- PER, LOC, ORG or MISC)"),
        })?;
        // IOB1 → IOB2: an inside tag that does not continue an entity of its kind begins one.
        if let Some(kind) = tag.strip_prefix("I-") {
            let continues = sentence
                .labels
                .last()
                .is_some_and(|previous| super::LABELS[*previous].get(2..) == Some(kind));
            if !continues {
                label = label_index(&format!("B-{kind}")).unwrap_or(label);
            }
        }
        sentence.words.push(word.to_string());
        sentence.labels.push(label);
    }
    finish_sentence(&mut documents, &mut sentence);
    documents.retain(|document| !document.is_empty());
    Ok(documents)
}

/// Whether a label of [`super::LABELS`] continues an entity (I-X).
fn is_inside(label: usize) -> bool {
    label != 0 && label.is_multiple_of(2)
}

/// The kind of a label of [`super::LABELS`]: 0 for O, else one more than its index in
/// [`KINDS`].
fn kind_number(label: usize) -> usize {
    label.div_ceil(2)
}

/// The entity spans of a label sequence: (kind, first word, end word).
pub fn spans(labels: &[usize]) -> Vec<(&'static str, usize, usize)> {
    let mut spans = Vec::new();
    for_each_span(labels, |kind, start, end| {
        spans.push((KINDS[kind], start, end))
    });
    spans
}

/// Hands each entity span of a label sequence to `span` as (index into [`KINDS`], first word,
/// end word), in order, with no list in between.
pub(crate) fn for_each_span(labels: &[usize], mut span: impl FnMut(usize, usize, usize)) {
    let mut open: Option<(usize, usize)> = None;
    for (index, label) in labels.iter().enumerate() {
        let kind = kind_number(*label);
        let continues = is_inside(*label) && open.is_some_and(|(open_kind, _)| open_kind == kind);
        if continues {
            continue;
        }
        if let Some((open_kind, start)) = open.take() {
            span(open_kind - 1, start, index);
        }
        if kind != 0 {
            open = Some((kind, index));
        }
    }
    if let Some((kind, start)) = open {
        span(kind - 1, start, labels.len());
    }
}

/// Precision, recall and F1 of one entity type (or of all).
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct Score {
    /// Entities in the gold data.
    pub gold: usize,
    /// Entities the tagger found.
    pub predicted: usize,
    /// Found entities whose type and span are exactly right.
    pub correct: usize,
    /// correct / predicted.
    pub precision: f64,
    /// correct / gold.
    pub recall: f64,
    /// Harmonic mean of precision and recall.
    pub f1: f64,
}

/// Entity-level scores per type and overall (exact span and type match).
#[derive(Debug, Clone, Default, Serialize)]
pub struct Evaluation {
    /// Scores per type (PER, LOC, ORG, MISC).
    pub by_type: BTreeMap<String, Score>,
    /// Scores over all types.
    pub overall: Score,
    /// Tokens tagged.
    pub tokens: usize,
}

impl Evaluation {
    /// Counts one sentence's gold and predicted labels.
    pub fn add(&mut self, gold: &[usize], predicted: &[usize]) {
        self.tokens += gold.len();
        let gold_spans = spans(gold);
        let predicted_spans = spans(predicted);
        for span in &gold_spans {
            self.by_type.entry(span.0.to_string()).or_default().gold += 1;
            self.overall.gold += 1;
        }
        for span in &predicted_spans {
            let correct = gold_spans.contains(span);
            for score in [
                self.by_type.entry(span.0.to_string()).or_default(),
                &mut self.overall,
            ] {
                score.predicted += 1;
                score.correct += usize::from(correct);
            }
        }
    }

    /// Computes precision, recall and F1 from the counts.
    pub fn finish(&mut self) {
        for score in self.by_type.values_mut().chain([&mut self.overall]) {
            let ratio = |part: usize, whole: usize| {
                if whole == 0 {
                    0.0
                } else {
                    part as f64 / whole as f64
                }
            };
            score.precision = ratio(score.correct, score.predicted);
            score.recall = ratio(score.correct, score.gold);
            let sum = score.precision + score.recall;
            score.f1 = if sum == 0.0 {
                0.0
            } else {
                2.0 * score.precision * score.recall / sum
            };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(tags: &[&str]) -> Vec<usize> {
        tags.iter().map(|tag| label_index(tag).unwrap()).collect()
    }

    #[test]
    fn spans_follow_bio() {
        let found = spans(&labels(&["B-PER", "I-PER", "O", "B-LOC", "B-LOC", "I-ORG"]));
        assert_eq!(
            found,
            [("PER", 0, 2), ("LOC", 3, 4), ("LOC", 4, 5), ("ORG", 5, 6)]
        );
    }

    #[test]
    fn scoring_needs_exact_spans() {
        let mut evaluation = Evaluation::default();
        evaluation.add(
            &labels(&["B-PER", "I-PER", "O", "B-LOC"]),
            &labels(&["B-PER", "O", "O", "B-LOC"]),
        );
        evaluation.finish();
        assert_eq!(evaluation.overall.correct, 1);
        assert_eq!(evaluation.by_type["PER"].correct, 0);
        assert!((evaluation.overall.f1 - 0.5).abs() < 1e-9);
    }

    #[test]
    fn reads_documents_and_converts_iob1() {
        let dir = std::env::temp_dir().join(format!("newsroom-conll-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("tiny.txt");
        std::fs::write(
            &path,
            "-DOCSTART- -X- -X- O\n\nEU NNP B-NP I-ORG\nrejects VBZ B-VP O\n\n-DOCSTART- -X- O\n\nPeter NNP B-NP I-PER\nBlackburn NNP I-NP I-PER",
        )
        .unwrap();
        let documents = read_conll(&path).unwrap();
        assert_eq!(documents.len(), 2);
        assert_eq!(documents[1][0].words, ["Peter", "Blackburn"]);
        assert_eq!(documents[1][0].labels, labels(&["B-PER", "I-PER"]));
        assert_eq!(documents[0][0].labels, labels(&["B-ORG", "O"]));
        std::fs::write(&path, "EU NNP B-NP B-FOO\n").unwrap();
        assert!(matches!(
            read_conll(&path),
            Err(EntitiesError::Line { line: 1, .. })
        ));
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn label_kinds_follow_the_label_names() {
        for (label, name) in super::super::LABELS.iter().enumerate() {
            let (prefix, kind) = name.split_at(name.find('-').map_or(name.len(), |dash| dash + 1));
            let number = kind_number(label);
            let numbered_kind = if number == 0 { "" } else { KINDS[number - 1] };
            assert_eq!(numbered_kind, kind, "{name}");
            assert_eq!(is_inside(label), prefix == "I-", "{name}");
        }
    }
}
