//! `newsroom stats`

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::Args;
use newsroom_index::{index_stats, NameCount};

use crate::paths;

/// Arguments of `newsroom stats`.
#[derive(Args, Debug)]
pub struct StatsArgs {
    /// Index folder (default: index-data/index)
    #[arg(long)]
    index: Option<PathBuf>,
    /// How many top sources and entities to list
    #[arg(long, default_value_t = 10)]
    top: usize,
    /// Print JSON
    #[arg(long)]
    json: bool,
}

/// Runs `newsroom stats`.
pub fn run(args: StatsArgs) -> anyhow::Result<ExitCode> {
    let index_dir = args.index.unwrap_or_else(paths::default_index);
    let stats = index_stats(&index_dir, args.top)
        .with_context(|| format!("reading {}", index_dir.display()))?;
    let mut out = std::io::stdout().lock();
    if args.json {
        serde_json::to_writer_pretty(&mut out, &stats)?;
        writeln!(out)?;
        return Ok(ExitCode::SUCCESS);
    }
    writeln!(out, "index      {}", index_dir.display())?;
    writeln!(out, "documents  {}", stats.documents)?;
    writeln!(
        out,
        "size       {:.1} MB in {} segments",
        stats.index_bytes as f64 / 1e6,
        stats.segments
    )?;
    match stats.date_range {
        Some((first, last)) => writeln!(
            out,
            "dates      {} … {}",
            first.date_naive(),
            last.date_naive()
        )?,
        None => writeln!(out, "dates      none")?,
    }
    for (label, values) in [
        ("sources", &stats.top_sources),
        ("people", &stats.top_persons),
        ("countries", &stats.top_countries),
        ("orgs", &stats.top_orgs),
    ] {
        writeln!(out, "top {label:<10} {}", list(values))?;
    }
    writeln!(
        out,
        "distinct   {} people, {} countries, {} organisations",
        stats.distinct_persons, stats.distinct_countries, stats.distinct_orgs
    )?;
    match &stats.stories {
        Some(stories) => {
            writeln!(
                out,
                "stories    {} ({} of two articles or more, holding {} articles)",
                stories.stories,
                stories.stories_with_versions,
                stories.articles_in_versioned_stories
            )?;
            for story in &stories.largest {
                writeln!(
                    out,
                    "  story {:<17} {:>5} articles  {}",
                    story.story, story.articles, story.title
                )?;
            }
        }
        None => writeln!(
            out,
            "stories    none (index written before stories; re-index into a new folder)"
        )?,
    }
    Ok(ExitCode::SUCCESS)
}

fn list(values: &[NameCount]) -> String {
    values
        .iter()
        .map(|value| format!("{} ({})", value.name, value.count))
        .collect::<Vec<_>>()
        .join(", ")
}
