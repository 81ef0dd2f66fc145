//! `newsroom eval-ranking`: runs judged queries through the engine with the classic ranking
//! (the baseline) and the current one (or a sweep of its parameters), and prints nDCG@k, P@k,
//! MRR and judged@k, per query family, with paired comparisons against the baseline and the
//! articles a ranking brings into the top k that nobody judged.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::Args;
use newsroom_search::{Operator, Ranking, RankingParams, SearchEngine, SearchRequest};

use super::relevance::{family, mean, paired, Qrels, QueryScore};

/// Arguments of `newsroom eval-ranking`.
#[derive(Args, Debug)]
pub struct EvalRankingArgs {
    /// Index folder
    #[arg(long)]
    index: PathBuf,
    /// Query file: one query per line (a judgment's query number is its line number)
    #[arg(long)]
    queries: PathBuf,
    /// Judgments: QUERY_LINE<TAB>DOC_ID<TAB>GRADE (0, 1 or 2); repeatable (a pair judged in
    /// an earlier file keeps that grade)
    #[arg(long, required = true)]
    qrels: Vec<PathBuf>,
    /// Cut-off of the figures
    #[arg(long, default_value_t = 10)]
    k: usize,
    /// and (the default) or or
    #[arg(long, default_value = "and")]
    operator: String,
    /// Runs to score alongside: files written by `bench-queries --out` or `eval-ranking --out`
    #[arg(long)]
    compare: Vec<PathBuf>,
    /// A ranking parameter NAME=VALUE (repeatable; names in the README)
    #[arg(long = "set", value_name = "NAME=VALUE")]
    set: Vec<String>,
    /// Evaluates every combination of values: NAME=V1,V2,... (repeatable)
    #[arg(long, value_name = "NAME=V1,V2")]
    sweep: Vec<String>,
    /// Write the run of the (last) ranking evaluated, as `bench-queries --out` does
    #[arg(long)]
    out: Option<PathBuf>,
    /// Print every query's nDCG
    #[arg(long)]
    per_query: bool,
}

/// One ranked run: per query line, the ids and titles of the top k.
struct Run {
    name: String,
    ranked: Vec<Vec<(String, String)>>,
}

/// Runs `newsroom eval-ranking`.
pub fn run(args: EvalRankingArgs) -> anyhow::Result<ExitCode> {
    let text = std::fs::read_to_string(&args.queries)
        .with_context(|| format!("reading {}", args.queries.display()))?;
    let queries: Vec<&str> = text.lines().map(str::trim).collect();
    let qrels = Qrels::read_all(&args.qrels)?;
    let scored = qrels.scored_queries(queries.len());
    anyhow::ensure!(
        !scored.is_empty(),
        "no judged query in {}",
        args.qrels
            .iter()
            .map(|path| path.display().to_string())
            .collect::<Vec<_>>()
            .join(", ")
    );
    let operator = super::bench_queries::parse_operator(&args.operator)?;
    let mut engine = SearchEngine::open(&args.index)
        .with_context(|| format!("opening {}", args.index.display()))?;
    let base_params = super::bench_queries::ranking_params(&args.set)?;
    let mut runs = vec![rank_all(
        &engine,
        &queries,
        args.k,
        operator,
        Ranking::Classic,
    )?];
    runs[0].name = "classic (baseline)".to_string();
    for (label, params) in sweep(&base_params, &args.sweep)? {
        engine.set_ranking(params);
        let mut run = rank_all(&engine, &queries, args.k, operator, Ranking::Newsroom)?;
        run.name = format!("newsroom{label}");
        runs.push(run);
    }
    for path in &args.compare {
        runs.push(read_run(path, queries.len())?);
    }
    let mut out = std::io::stdout().lock();
    report(&mut out, &runs, &queries, &qrels, &scored, &args)?;
    if let Some(path) = &args.out {
        let last = runs
            .iter()
            .rev()
            .find(|run| run.name.starts_with("newsroom"))
            .unwrap_or(&runs[0]);
        let ids: Vec<Vec<&str>> = last
            .ranked
            .iter()
            .map(|top| top.iter().take(args.k).map(|(id, _)| id.as_str()).collect())
            .collect();
        let json = serde_json::json!({"engine": "newsroom", "ranking": last.name, "k": args.k, "results": ids});
        std::fs::write(path, serde_json::to_vec(&json)?)
            .with_context(|| format!("writing {}", path.display()))?;
    }
    Ok(ExitCode::SUCCESS)
}

/// Every combination of the swept values over `base`, with a label naming the swept values
/// (and the `--set` ones); one unlabelled combination without sweeps.
fn sweep(base: &RankingParams, sweeps: &[String]) -> anyhow::Result<Vec<(String, RankingParams)>> {
    let mut combinations = vec![(String::new(), base.clone())];
    for sweep in sweeps {
        let (name, values) = sweep
            .split_once('=')
            .with_context(|| format!("--sweep {sweep:?}: expected NAME=V1,V2"))?;
        let mut next = Vec::new();
        for (label, params) in &combinations {
            for value in values.split(',') {
                let mut params = params.clone();
                params.set(name, value)?;
                next.push((format!("{label} {name}={value}"), params));
            }
        }
        combinations = next;
    }
    Ok(combinations)
}

fn rank_all(
    engine: &SearchEngine,
    queries: &[&str],
    k: usize,
    operator: Operator,
    ranking: Ranking,
) -> anyhow::Result<Run> {
    let mut ranked = Vec::with_capacity(queries.len());
    for q in queries {
        if q.is_empty() {
            ranked.push(Vec::new());
            continue;
        }
        let request = SearchRequest {
            q: q.to_string(),
            // Deeper than k, for the condensed figure.
            size: (3 * k).clamp(1, newsroom_search::MAX_PAGE_SIZE),
            snippets: false,
            facet_size: 0,
            histogram: false,
            operator,
            ranking,
            ..SearchRequest::default()
        };
        // A query the parser rejects counts as one with no results, as in bench-queries.
        let hits = engine
            .search(&request)
            .map(|response| response.hits)
            .unwrap_or_default();
        ranked.push(hits.into_iter().map(|hit| (hit.id, hit.title)).collect());
    }
    Ok(Run {
        name: String::new(),
        ranked,
    })
}

fn read_run(path: &PathBuf, query_count: usize) -> anyhow::Result<Run> {
    let text = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
    let json: serde_json::Value = serde_json::from_slice(&text)?;
    let results = json["results"]
        .as_array()
        .with_context(|| format!("{}: no \"results\" list", path.display()))?;
    anyhow::ensure!(
        results.len() == query_count,
        "{}: {} result lists for {query_count} queries",
        path.display(),
        results.len()
    );
    let ranked = results
        .iter()
        .map(|ids| {
            ids.as_array()
                .map(|ids| {
                    ids.iter()
                        .filter_map(|id| id.as_str())
                        .map(|id| (id.to_string(), String::new()))
                        .collect()
                })
                .unwrap_or_default()
        })
        .collect();
    Ok(Run {
        name: path.display().to_string(),
        ranked,
    })
}

fn report(
    out: &mut impl Write,
    runs: &[Run],
    queries: &[&str],
    qrels: &Qrels,
    scored: &[usize],
    args: &EvalRankingArgs,
) -> anyhow::Result<()> {
    let k = args.k;
    let families = ["name", "topic", "phrase"];
    let per_run: Vec<Vec<QueryScore>> = runs
        .iter()
        .map(|run| {
            scored
                .iter()
                .map(|&query| {
                    let ids: Vec<String> = run.ranked[query - 1]
                        .iter()
                        .map(|(id, _)| id.clone())
                        .collect();
                    qrels.score(query, &ids, k)
                })
                .collect()
        })
        .collect();
    let counts: Vec<usize> = families
        .iter()
        .map(|name| {
            scored
                .iter()
                .filter(|q| family(queries[**q - 1]) == *name)
                .count()
        })
        .collect();
    writeln!(
        out,
        "{} judged queries ({}); operator {}",
        scored.len(),
        families
            .iter()
            .zip(&counts)
            .map(|(name, count)| format!("{count} {name}s"))
            .collect::<Vec<_>>()
            .join(", "),
        args.operator
    )?;
    writeln!(
        out,
        "{:<44} nDCG@{k:<3} P@{k:<4} MRR    judged  name   topic  phrase | W/L    p     | nDCG'@{k}",
        "ranking"
    )?;
    let baseline: Vec<f64> = per_run[0].iter().map(|score| score.ndcg).collect();
    for (run, scores) in runs.iter().zip(&per_run) {
        let all = mean(scores);
        let by_family: Vec<String> = families
            .iter()
            .map(|name| {
                let of_family: Vec<QueryScore> = scored
                    .iter()
                    .zip(scores)
                    .filter(|(q, _)| family(queries[**q - 1]) == *name)
                    .map(|(_, score)| *score)
                    .collect();
                format!("{:.3}", mean(&of_family).ndcg)
            })
            .collect();
        let ndcg: Vec<f64> = scores.iter().map(|score| score.ndcg).collect();
        let (wins, losses, p) = paired(&baseline, &ndcg);
        writeln!(
            out,
            "{:<44} {:.4}   {:.4}  {:.4} {:.3}   {}  | {:<6} {p:.3} | {:.4}",
            run.name,
            all.ndcg,
            all.precision,
            all.reciprocal_rank,
            all.judged,
            by_family.join("  "),
            format!("{wins}/{losses}"),
            all.condensed_ndcg,
        )?;
    }
    if args.per_query {
        writeln!(out, "\nnDCG@{k} per query ({}):", run_names(runs))?;
        for (index, &query) in scored.iter().enumerate() {
            let values: Vec<String> = per_run
                .iter()
                .map(|scores| format!("{:.3}", scores[index].ndcg))
                .collect();
            writeln!(
                out,
                "  {query:3} {:<28} {}",
                queries[query - 1],
                values.join("  ")
            )?;
        }
    }
    // What each ranking brings into the top k that nobody judged (counted as not relevant).
    for run in &runs[1..] {
        let mut unjudged = Vec::new();
        for &query in scored {
            let baseline_ids: Vec<&String> = runs[0].ranked[query - 1]
                .iter()
                .take(k)
                .map(|(id, _)| id)
                .collect();
            for (id, title) in run.ranked[query - 1].iter().take(k) {
                if qrels.grade(query, id).is_none() && !baseline_ids.contains(&id) {
                    unjudged.push((query, id, title));
                }
            }
        }
        if unjudged.is_empty() {
            continue;
        }
        writeln!(
            out,
            "\nunjudged in the top {k} of {} ({}):",
            run.name,
            unjudged.len()
        )?;
        for (query, id, title) in unjudged {
            writeln!(out, "  {query:3} {:<24} {id}  {title}", queries[query - 1])?;
        }
    }
    Ok(())
}

fn run_names(runs: &[Run]) -> String {
    runs.iter()
        .map(|run| run.name.as_str())
        .collect::<Vec<_>>()
        .join(" | ")
}
