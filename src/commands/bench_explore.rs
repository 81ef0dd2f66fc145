//! `newsroom bench-explore`: times exploring by entity in-process: the entity page of the most
//! frequent people, significant values on top of the searches of a query file, and trending
//! people over every calendar month of the index.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context;
use clap::Args;
use newsroom_entities::EntityKind;
use newsroom_index::FacetKind;
use newsroom_search::{SearchEngine, SearchParams, SearchRequest};

use super::bench_queries::percentile;

/// Arguments of `newsroom bench-explore`.
#[derive(Args, Debug)]
pub struct BenchExploreArgs {
    /// Index folder
    #[arg(long)]
    index: PathBuf,
    /// Query file for significant values: one query per line; blank lines and # lines skipped
    #[arg(long)]
    queries: PathBuf,
    /// Entity pages of this many of the most frequent people (trending is timed over every
    /// calendar month of the index)
    #[arg(long, default_value_t = 1000)]
    people: usize,
    /// Timed passes
    #[arg(long, default_value_t = 3)]
    repeat: usize,
    /// Untimed passes first
    #[arg(long, default_value_t = 1)]
    warmup: usize,
}

/// Runs `newsroom bench-explore`.
pub fn run(args: BenchExploreArgs) -> anyhow::Result<ExitCode> {
    let text = std::fs::read_to_string(&args.queries)
        .with_context(|| format!("reading {}", args.queries.display()))?;
    let queries = super::bench_queries::query_lines(&text);
    let engine = SearchEngine::open(&args.index)
        .with_context(|| format!("opening {}", args.index.display()))?;
    engine.warm_columns()?;
    // The API's defaults: 10 hits with snippets, every facet kind, the timeline.
    let plain: Vec<SearchRequest> = queries
        .iter()
        .map(|q| request(&[("q", q)]))
        .collect::<anyhow::Result<_>>()?;
    let significant: Vec<SearchRequest> = queries
        .iter()
        .map(|q| request(&[("q", q), ("significant", "person,country,org")]))
        .collect::<anyhow::Result<_>>()?;
    let people = engine.suggest(EntityKind::Person, "", args.people)?;
    let scope = request(&[])?;
    // Every calendar month with articles, from the timeline of the whole index.
    let everything = engine.search(&request(&[("q", ""), ("size", "1"), ("facets", "0")])?)?;
    let months: Vec<SearchRequest> = everything
        .histogram
        .map(|histogram| histogram.buckets)
        .unwrap_or_default()
        .iter()
        .filter(|bucket| bucket.count > 0)
        .map(|bucket| {
            let (from, to) = (bucket.start.to_string(), bucket.end.to_string());
            request(&[("from", &from), ("to", &to)])
        })
        .collect::<anyhow::Result<_>>()?;
    let search = |request: &SearchRequest| {
        // A query the parser rejects counts as one with no results.
        let _ = engine.search(request);
    };
    for _ in 0..args.warmup {
        plain.iter().chain(&significant).for_each(search);
        for person in &people {
            engine.entity(EntityKind::Person, &person.name, &scope)?;
        }
        for month in &months {
            engine.trending(FacetKind::Person, month)?;
        }
    }
    let (mut plain_ms, mut significant_ms, mut added_ms, mut entity_ms, mut trending_ms) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for _ in 0..args.repeat.max(1) {
        // Each query plain then with significant values, so both see the same machine.
        for (without, with) in plain.iter().zip(&significant) {
            let without_ms = timed(|| search(without));
            let with_ms = timed(|| search(with));
            plain_ms.push(without_ms);
            significant_ms.push(with_ms);
            added_ms.push(with_ms - without_ms);
        }
        for person in &people {
            let started = Instant::now();
            engine.entity(EntityKind::Person, &person.name, &scope)?;
            entity_ms.push(started.elapsed().as_secs_f64() * 1000.0);
        }
        for month in &months {
            let started = Instant::now();
            engine.trending(FacetKind::Person, month)?;
            trending_ms.push(started.elapsed().as_secs_f64() * 1000.0);
        }
    }
    let summary = serde_json::json!({
        "queries": queries.len(),
        "people": people.len(),
        "repeat": args.repeat.max(1),
        "search_ms": summarize(plain_ms),
        "search_with_significant_ms": summarize(significant_ms),
        "significant_added_ms": summarize(added_ms),
        "entity_page_ms": summarize(entity_ms),
        "months": months.len(),
        "trending_month_ms": summarize(trending_ms),
    });
    writeln!(std::io::stdout().lock(), "{summary}")?;
    Ok(ExitCode::SUCCESS)
}

/// A request from query pairs, validated as the API validates them.
fn request(pairs: &[(&str, &str)]) -> anyhow::Result<SearchRequest> {
    let pairs = pairs
        .iter()
        .map(|(key, value)| (key.to_string(), value.to_string()))
        .collect();
    Ok(SearchParams { pairs }.into_request()?)
}

fn timed(work: impl FnOnce()) -> f64 {
    let started = Instant::now();
    work();
    started.elapsed().as_secs_f64() * 1000.0
}

/// p50, p99, mean and max of latencies in milliseconds.
fn summarize(mut latencies: Vec<f64>) -> serde_json::Value {
    latencies.sort_by(f64::total_cmp);
    let round = |value: f64| (value * 1000.0).round() / 1000.0;
    let mean = latencies.iter().sum::<f64>() / latencies.len().max(1) as f64;
    serde_json::json!({
        "samples": latencies.len(),
        "p50": round(percentile(&latencies, 50.0)),
        "p99": round(percentile(&latencies, 99.0)),
        "mean": round(mean),
        "max": round(latencies.last().copied().unwrap_or(0.0)),
    })
}
