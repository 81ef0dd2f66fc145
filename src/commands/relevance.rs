//! Relevance figures of ranked runs against graded judgments, computed as
//! `../shared/relevance/score.py` computes them: nDCG@k (gain 2^grade − 1, log2 discount, ideal
//! from every judged article of the query), P@k (grade ≥ 1), MRR (first grade ≥ 1 in the top k)
//! and judged@k (share of the top k that was judged), over the queries with a relevant article.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use anyhow::Context;

/// Grades by query line (from 1) and article id.
pub struct Qrels {
    grades: HashMap<usize, HashMap<String, u8>>,
}

impl Qrels {
    /// Reads `QUERY_LINE<TAB>DOC_ID<TAB>GRADE` lines (`#` comments and blank lines skipped).
    pub fn read(path: &Path) -> anyhow::Result<Qrels> {
        let text =
            std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
        let mut grades: HashMap<usize, HashMap<String, u8>> = HashMap::new();
        for (number, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let parts: Vec<&str> = line.split('\t').collect();
            let parsed = match parts.as_slice() {
                [query, doc, grade] => query
                    .parse::<usize>()
                    .ok()
                    .zip(grade.parse::<u8>().ok())
                    .map(|(query, grade)| (query, doc.to_string(), grade)),
                _ => None,
            };
            let Some((query, doc, grade)) = parsed else {
                anyhow::bail!(
                    "{}:{}: expected QUERY<TAB>DOC<TAB>GRADE",
                    path.display(),
                    number + 1
                );
            };
            grades.entry(query).or_default().insert(doc, grade);
        }
        Ok(Qrels { grades })
    }

    /// Reads several judgment files into one: a pair judged in an earlier file keeps that
    /// grade (a project's own judgments add to a shared set, never overrule it).
    pub fn read_all(paths: &[PathBuf]) -> anyhow::Result<Qrels> {
        let mut merged = Qrels {
            grades: HashMap::new(),
        };
        for path in paths {
            for (query, judged) in Qrels::read(path)?.grades {
                let known = merged.grades.entry(query).or_default();
                for (doc, grade) in judged {
                    known.entry(doc).or_insert(grade);
                }
            }
        }
        Ok(merged)
    }

    /// The query lines (from 1) with at least one relevant article, in order.
    pub fn scored_queries(&self, query_count: usize) -> Vec<usize> {
        (1..=query_count)
            .filter(|query| {
                self.grades
                    .get(query)
                    .is_some_and(|judged| judged.values().any(|grade| *grade > 0))
            })
            .collect()
    }

    /// The grade of `doc` for query line `query`, `None` when not judged.
    pub fn grade(&self, query: usize, doc: &str) -> Option<u8> {
        self.grades
            .get(&query)
            .and_then(|judged| judged.get(doc))
            .copied()
    }

    /// The figures of one query's ranking.
    pub fn score(&self, query: usize, ranked: &[String], k: usize) -> QueryScore {
        let empty = HashMap::new();
        let judged = self.grades.get(&query).unwrap_or(&empty);
        let condensed: Vec<&String> = ranked
            .iter()
            .filter(|doc| judged.contains_key(*doc))
            .take(k)
            .collect();
        let top = &ranked[..ranked.len().min(k)];
        let gain = |grade: u8| f64::from((1u32 << grade) - 1);
        let discount = |rank: usize| (rank as f64 + 2.0).log2();
        let dcg_of = |docs: &mut dyn Iterator<Item = &String>| -> f64 {
            docs.enumerate()
                .map(|(rank, doc)| gain(judged.get(doc).copied().unwrap_or(0)) / discount(rank))
                .sum()
        };
        let dcg = dcg_of(&mut top.iter());
        let condensed_dcg = dcg_of(&mut condensed.into_iter());
        let mut ideal: Vec<u8> = judged.values().copied().collect();
        ideal.sort_unstable_by(|a, b| b.cmp(a));
        let ideal_dcg: f64 = ideal
            .iter()
            .take(k)
            .enumerate()
            .map(|(rank, grade)| gain(*grade) / discount(rank))
            .sum();
        let relevant = |doc: &String| judged.get(doc).is_some_and(|grade| *grade >= 1);
        QueryScore {
            ndcg: if ideal_dcg > 0.0 {
                dcg / ideal_dcg
            } else {
                0.0
            },
            condensed_ndcg: if ideal_dcg > 0.0 {
                condensed_dcg / ideal_dcg
            } else {
                0.0
            },
            precision: top.iter().filter(|doc| relevant(doc)).count() as f64 / k as f64,
            reciprocal_rank: top
                .iter()
                .position(relevant)
                .map_or(0.0, |rank| 1.0 / (rank as f64 + 1.0)),
            judged: if top.is_empty() {
                1.0
            } else {
                top.iter().filter(|doc| judged.contains_key(*doc)).count() as f64 / top.len() as f64
            },
        }
    }
}

/// The figures of one query.
#[derive(Debug, Clone, Copy, Default)]
pub struct QueryScore {
    pub ndcg: f64,
    /// nDCG of the ranking with the unjudged articles taken out first ("condensed", Sakai
    /// 2007): what the ranking would score if they were all judged as the others were likely
    /// to be, a check on figures that judged@k pulls down.
    pub condensed_ndcg: f64,
    pub precision: f64,
    pub reciprocal_rank: f64,
    pub judged: f64,
}

/// Means over queries.
pub fn mean(scores: &[QueryScore]) -> QueryScore {
    let n = scores.len().max(1) as f64;
    let sum = |value: fn(&QueryScore) -> f64| scores.iter().map(value).sum::<f64>() / n;
    QueryScore {
        ndcg: sum(|score| score.ndcg),
        condensed_ndcg: sum(|score| score.condensed_ndcg),
        precision: sum(|score| score.precision),
        reciprocal_rank: sum(|score| score.reciprocal_rank),
        judged: sum(|score| score.judged),
    }
}

/// Paired comparison of per-query values: wins, losses and the two-sided sign-flip
/// randomisation p-value (10,000 draws, fixed seed).
pub fn paired(baseline: &[f64], run: &[f64]) -> (usize, usize, f64) {
    let diffs: Vec<f64> = run.iter().zip(baseline).map(|(r, b)| r - b).collect();
    let wins = diffs.iter().filter(|d| **d > 1e-9).count();
    let losses = diffs.iter().filter(|d| **d < -1e-9).count();
    let observed = diffs.iter().sum::<f64>().abs();
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut hits = 0;
    const DRAWS: usize = 10_000;
    for _ in 0..DRAWS {
        let mut total = 0.0;
        for diff in &diffs {
            // xorshift64*
            state ^= state >> 12;
            state ^= state << 25;
            state ^= state >> 27;
            let bit = state.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 63;
            total += if bit == 1 { *diff } else { -*diff };
        }
        if total.abs() >= observed - 1e-12 {
            hits += 1;
        }
    }
    (wins, losses, hits as f64 / DRAWS as f64)
}

/// The family of a query: `phrase` (quoted), `name` (every word capitalised, name particles
/// such as "bin" or "de" aside) or `topic`.
pub fn family(query: &str) -> &'static str {
    const PARTICLES: [&str; 8] = ["bin", "de", "al", "van", "von", "da", "del", "la"];
    if query.contains('"') {
        return "phrase";
    }
    let capitalised = query.split_whitespace().all(|word| {
        PARTICLES.contains(&word) || word.chars().next().is_some_and(char::is_uppercase)
    });
    if capitalised {
        "name"
    } else {
        "topic"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn families_of_news_queries() {
        assert_eq!(family("Osama bin Laden"), "name");
        assert_eq!(family("G20 summit"), "topic");
        assert_eq!(family("\"trade war\""), "phrase");
        assert_eq!(family("interest rates"), "topic");
    }

    #[test]
    fn a_later_judgment_file_adds_pairs_and_never_overrules_an_earlier_one() {
        let dir = tempfile::tempdir().unwrap();
        let shared = dir.path().join("shared.tsv");
        let extra = dir.path().join("extra.tsv");
        std::fs::write(&shared, "1\ta\t2\n1\tb\t0\n").unwrap();
        std::fs::write(&extra, "# our judgments\n1\tb\t2\n1\tc\t1\n2\td\t2\n").unwrap();
        let qrels = Qrels::read_all(&[shared, extra]).unwrap();
        assert_eq!(qrels.grade(1, "a"), Some(2));
        assert_eq!(qrels.grade(1, "b"), Some(0), "the shared grade stands");
        assert_eq!(qrels.grade(1, "c"), Some(1));
        assert_eq!(qrels.scored_queries(2), [1, 2]);
    }

    #[test]
    fn ndcg_of_a_perfect_and_an_empty_ranking() {
        let qrels = Qrels {
            grades: HashMap::from([(
                1,
                HashMap::from([
                    ("a".to_string(), 2),
                    ("b".to_string(), 1),
                    ("c".to_string(), 0),
                ]),
            )]),
        };
        let perfect = qrels.score(1, &["a".into(), "b".into()], 10);
        assert!((perfect.ndcg - 1.0).abs() < 1e-12);
        assert_eq!(perfect.reciprocal_rank, 1.0);
        let unjudged = qrels.score(1, &["x".into(), "a".into()], 10);
        assert_eq!(unjudged.judged, 0.5);
        assert_eq!(unjudged.reciprocal_rank, 0.5);
        assert_eq!(qrels.score(1, &[], 10).ndcg, 0.0);
    }
}
