//! `newsroom bench-queries`: times a query file in-process, the way `/api/search` runs it, and
//! prints the JSON line the peer-comparison harness in `../shared/peers` reads.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context;
use clap::Args;
use newsroom_index::FacetKind;
use newsroom_search::{Operator, Ranking, RankingParams, SearchEngine, SearchRequest};

/// Arguments of `newsroom bench-queries`.
#[derive(Args, Debug)]
pub struct BenchQueriesArgs {
    /// Index folder
    #[arg(long)]
    index: PathBuf,
    /// Query file: one query per line; blank lines and lines starting with # are skipped
    #[arg(long)]
    queries: PathBuf,
    /// Hits per query
    #[arg(long, default_value_t = 10)]
    k: usize,
    /// Build snippets for every hit
    #[arg(long)]
    snippets: bool,
    /// Count person and country facets over all matches
    #[arg(long)]
    facets: bool,
    /// and (newsroom's default, with OR fallback) or or (as classic BM25 engines)
    #[arg(long, default_value = "and")]
    operator: String,
    /// Timed passes over the query file
    #[arg(long, default_value_t = 3)]
    repeat: usize,
    /// Untimed passes first
    #[arg(long, default_value_t = 1)]
    warmup: usize,
    /// Write the full result (with top-k ids per query) to this file
    #[arg(long)]
    out: Option<PathBuf>,
    /// relevance ranking: newsroom (the default) or classic (BM25 of title ×2 plus body)
    #[arg(long, default_value = "newsroom")]
    ranking: String,
    /// One hit per story (the default, as the API answers) or every matching article: true or
    /// false
    #[arg(long, default_value_t = true, action = clap::ArgAction::Set)]
    collapse: bool,
    /// A ranking parameter NAME=VALUE (repeatable; see `eval-ranking` and the README)
    #[arg(long = "set", value_name = "NAME=VALUE")]
    set: Vec<String>,
}

/// Runs `newsroom bench-queries`.
pub fn run(args: BenchQueriesArgs) -> anyhow::Result<ExitCode> {
    let text = std::fs::read_to_string(&args.queries)
        .with_context(|| format!("reading {}", args.queries.display()))?;
    let queries = query_lines(&text);
    anyhow::ensure!(
        !queries.is_empty(),
        "no queries in {}",
        args.queries.display()
    );
    let operator = parse_operator(&args.operator)?;
    let ranking = match args.ranking.as_str() {
        "newsroom" => Ranking::Newsroom,
        "classic" => Ranking::Classic,
        other => anyhow::bail!("--ranking must be newsroom or classic, not {other:?}"),
    };
    let mut engine = SearchEngine::open(&args.index)
        .with_context(|| format!("opening {}", args.index.display()))?;
    engine.set_ranking(ranking_params(&args.set)?);
    let requests: Vec<SearchRequest> = queries
        .iter()
        .map(|q| SearchRequest {
            q: q.to_string(),
            size: args.k.clamp(1, newsroom_search::MAX_PAGE_SIZE),
            snippets: args.snippets,
            facet_size: if args.facets { 10 } else { 0 },
            // The comparison measures person and country counts, as the peers are asked for.
            facet_kinds: vec![FacetKind::Person, FacetKind::Country],
            histogram: false,
            operator,
            ranking,
            collapse: args.collapse,
            ..SearchRequest::default()
        })
        .collect();
    let run_one = |request: &SearchRequest| -> Vec<String> {
        // A query the parser rejects counts as one with no results, as in the peers.
        engine
            .search(request)
            .map(|response| response.hits.into_iter().map(|hit| hit.id).collect())
            .unwrap_or_default()
    };
    for _ in 0..args.warmup {
        for request in &requests {
            run_one(request);
        }
    }
    let mut latencies_ms = Vec::with_capacity(requests.len() * args.repeat.max(1));
    let mut results: Vec<Vec<String>> = Vec::new();
    let all_started = Instant::now();
    for pass in 0..args.repeat.max(1) {
        for request in &requests {
            let started = Instant::now();
            let ids = run_one(request);
            latencies_ms.push(started.elapsed().as_secs_f64() * 1000.0);
            if pass == 0 {
                results.push(ids);
            }
        }
    }
    let wall_seconds = all_started.elapsed().as_secs_f64();
    let mut sorted = latencies_ms.clone();
    sorted.sort_by(f64::total_cmp);
    let round = |value: f64| (value * 1000.0).round() / 1000.0;
    let mut summary = serde_json::json!({
        "engine": "newsroom",
        "queries": queries.len(),
        "repeat": args.repeat.max(1),
        "samples": latencies_ms.len(),
        "k": args.k,
        "snippets": args.snippets,
        "facets": args.facets,
        "operator": args.operator,
        "ranking": args.ranking,
        "collapse": args.collapse,
        "warmup": args.warmup,
        "p50_ms": round(percentile(&sorted, 50.0)),
        "p95_ms": round(percentile(&sorted, 95.0)),
        "p99_ms": round(percentile(&sorted, 99.0)),
        "mean_ms": round(sorted.iter().sum::<f64>() / sorted.len() as f64),
        "max_ms": round(sorted.last().copied().unwrap_or(0.0)),
        "qps": (latencies_ms.len() as f64 / wall_seconds * 10.0).round() / 10.0,
        "zero_hit_queries": results.iter().filter(|ids| ids.is_empty()).count(),
        "version": env!("CARGO_PKG_VERSION"),
    });
    if let Some(out) = &args.out {
        let mut full = summary.clone();
        full["results"] = serde_json::json!(results);
        full["latencies_ms"] = serde_json::json!(latencies_ms[..queries.len()]
            .iter()
            .map(|l| round(*l))
            .collect::<Vec<_>>());
        std::fs::write(out, serde_json::to_vec(&full)?)
            .with_context(|| format!("writing {}", out.display()))?;
        summary["out"] = serde_json::json!(out);
    }
    let mut stdout = std::io::stdout().lock();
    writeln!(stdout, "{summary}")?;
    Ok(ExitCode::SUCCESS)
}

/// Percentile with linear interpolation between ranks (numpy's default), on sorted values.
/// The queries of a query file: one per line, blank lines and `#` lines skipped.
pub(crate) fn query_lines(text: &str) -> Vec<&str> {
    text.lines()
        .map(str::trim)
        .filter(|q| !q.is_empty() && !q.starts_with('#'))
        .collect()
}

/// `--operator and|or`.
pub(crate) fn parse_operator(operator: &str) -> anyhow::Result<Operator> {
    match operator {
        "and" => Ok(Operator::And),
        "or" => Ok(Operator::Or),
        other => anyhow::bail!("--operator must be and or or, not {other:?}"),
    }
}

/// The ranking parameters with every `--set NAME=VALUE` applied.
pub(crate) fn ranking_params(settings: &[String]) -> anyhow::Result<RankingParams> {
    let mut params = RankingParams::default();
    for setting in settings {
        let (name, value) = setting
            .split_once('=')
            .with_context(|| format!("--set {setting:?}: expected NAME=VALUE"))?;
        params.set(name, value)?;
    }
    Ok(params)
}

pub(crate) fn percentile(sorted: &[f64], p: f64) -> f64 {
    match sorted.len() {
        0 => 0.0,
        1 => sorted[0],
        len => {
            let position = (len - 1) as f64 * p / 100.0;
            let lower = position.floor() as usize;
            let upper = position.ceil() as usize;
            sorted[lower] + (sorted[upper] - sorted[lower]) * (position - lower as f64)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::percentile;

    #[test]
    fn percentile_interpolates_like_numpy() {
        let values = [1.0, 2.0, 3.0, 4.0];
        assert_eq!(percentile(&values, 50.0), 2.5);
        assert_eq!(percentile(&values, 100.0), 4.0);
        assert_eq!(percentile(&values, 0.0), 1.0);
    }
}
