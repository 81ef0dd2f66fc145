//! A word searched in the title and the body is a union of two postings lists. tantivy runs
//! such a union by buffering windows of 4,096 documents, which is fast to walk through but slow
//! to skip in: inside an intersection ("putin ukraine", or any query with a filter) every skip
//! past the window clears and refills it. [`SeekableUnion`] is the same union, scored the same
//! way (the sum of its clauses' scores, in clause order), that skips by moving each clause with
//! its own skip list. [`seekable_unions`] puts it where a union is skipped through.

use tantivy::query::{
    BooleanQuery, EmptyScorer, EnableScoring, Explanation, Occur, Query, Scorer, Weight,
};
use tantivy::{DocId, DocSet, Score, SegmentReader, TantivyError, Term, TERMINATED};

/// Rewrites `query` so that the unions of SHOULD clauses that an intersection, a required
/// clause or an exclusion skips through are [`SeekableUnion`]s; the documents matched and their
/// scores do not change. Unions walked from start to end keep tantivy's buffered union.
pub(crate) fn seekable_unions(query: Box<dyn Query>) -> Box<dyn Query> {
    rewrite(query, false)
}

/// `skipped`: whether the scorer of `query` will be moved by `seek` rather than `advance`.
fn rewrite(query: Box<dyn Query>, skipped: bool) -> Box<dyn Query> {
    let Some(boolean) = query.downcast_ref::<BooleanQuery>() else {
        return query;
    };
    let clauses = boolean.clauses();
    let minimum_should_match = boolean.get_minimum_number_should_match();
    let all_should = clauses.iter().all(|(occur, _)| *occur == Occur::Should);
    if skipped && all_should && clauses.len() >= 2 && minimum_should_match == 1 {
        let clauses = clauses
            .iter()
            .map(|(_, clause)| rewrite(clause.box_clone(), true))
            .collect();
        return Box::new(SeekableUnion { clauses });
    }
    let required = clauses
        .iter()
        .filter(|(occur, _)| *occur == Occur::Must)
        .count();
    let rewritten = clauses
        .iter()
        .map(|(occur, clause)| {
            let clause_skipped = match occur {
                // Several required clauses intersect; a lone one is moved as its parent is.
                Occur::Must => required >= 2 || skipped,
                // Optional clauses are sought to each document the required ones match.
                Occur::Should => required > 0,
                Occur::MustNot => true,
            };
            (*occur, rewrite(clause.box_clone(), clause_skipped))
        })
        .collect();
    Box::new(BooleanQuery::with_minimum_required_clauses(
        rewritten,
        minimum_should_match,
    ))
}

/// Matches the documents any clause matches; a document's score is the sum of the scores of the
/// clauses that match it.
#[derive(Debug)]
pub(crate) struct SeekableUnion {
    clauses: Vec<Box<dyn Query>>,
}

impl Clone for SeekableUnion {
    fn clone(&self) -> Self {
        SeekableUnion {
            clauses: self
                .clauses
                .iter()
                .map(|clause| clause.box_clone())
                .collect(),
        }
    }
}

impl Query for SeekableUnion {
    fn weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let weights = self
            .clauses
            .iter()
            .map(|clause| clause.weight(enable_scoring))
            .collect::<tantivy::Result<_>>()?;
        Ok(Box::new(SeekableUnionWeight { weights }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        for clause in &self.clauses {
            clause.query_terms(visitor);
        }
    }
}

struct SeekableUnionWeight {
    weights: Vec<Box<dyn Weight>>,
}

impl Weight for SeekableUnionWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let mut scorers = Vec::with_capacity(self.weights.len());
        for weight in &self.weights {
            let scorer = weight.scorer(reader, boost)?;
            if scorer.doc() != TERMINATED {
                scorers.push(scorer);
            }
        }
        // A clause alone keeps its own scorer type (tantivy specialises intersections of terms).
        if scorers.len() <= 1 {
            return Ok(scorers.pop().unwrap_or_else(|| Box::new(EmptyScorer)));
        }
        let doc = scorers
            .iter()
            .map(|scorer| scorer.doc())
            .min()
            .unwrap_or(TERMINATED);
        Ok(Box::new(SeekableUnionScorer { scorers, doc }))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let mut scorer = self.scorer(reader, 1.0)?;
        if scorer.seek(doc) != doc {
            return Err(TantivyError::InvalidArgument(format!(
                "document #{doc} does not match"
            )));
        }
        let mut explanation = Explanation::new("sum of the matching clauses", scorer.score());
        for weight in &self.weights {
            if let Ok(clause) = weight.explain(reader, doc) {
                explanation.add_detail(clause);
            }
        }
        Ok(explanation)
    }
}

/// The union's position is the lowest position of its clauses; clauses past it wait there.
struct SeekableUnionScorer {
    scorers: Vec<Box<dyn Scorer>>,
    doc: DocId,
}

impl SeekableUnionScorer {
    fn settle(&mut self) -> DocId {
        self.doc = self
            .scorers
            .iter()
            .map(|scorer| scorer.doc())
            .min()
            .unwrap_or(TERMINATED);
        self.doc
    }
}

impl DocSet for SeekableUnionScorer {
    fn advance(&mut self) -> DocId {
        for scorer in &mut self.scorers {
            if scorer.doc() == self.doc {
                scorer.advance();
            }
        }
        self.settle()
    }

    fn seek(&mut self, target: DocId) -> DocId {
        if self.doc >= target {
            return self.doc;
        }
        for scorer in &mut self.scorers {
            if scorer.doc() < target {
                scorer.seek(target);
            }
        }
        self.settle()
    }

    fn doc(&self) -> DocId {
        self.doc
    }

    fn size_hint(&self) -> u32 {
        self.scorers
            .iter()
            .map(|scorer| scorer.size_hint())
            .fold(0u32, u32::saturating_add)
    }

    /// As tantivy's union: the sum of its clauses' costs (an intersection leads with its
    /// cheapest member, so the same member leads as before).
    fn cost(&self) -> u64 {
        self.scorers.iter().map(|scorer| scorer.cost()).sum()
    }
}

impl Scorer for SeekableUnionScorer {
    fn score(&mut self) -> Score {
        let doc = self.doc;
        let mut score = 0.0;
        for scorer in &mut self.scorers {
            if scorer.doc() == doc {
                score += scorer.score();
            }
        }
        score
    }
}

#[cfg(test)]
mod tests;
