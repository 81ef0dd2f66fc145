//! `newsroom index`

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Context;
use clap::{Args, ValueEnum};
use newsroom_corpus::{FieldMap, Format, ReadOptions};
use newsroom_index::{build_index, BuildOptions, BuildSummary, SegmentMerge};

use crate::paths;
use crate::progress::IndexProgress;

/// Arguments of `newsroom index`.
#[derive(Args, Debug)]
pub struct IndexArgs {
    /// Files or folders to index (default: the bundled sample corpus)
    paths: Vec<PathBuf>,
    /// Index folder (created when missing; default: index-data/index)
    #[arg(long)]
    index: Option<PathBuf>,
    /// Folder of extra gazetteer files (person-aliases.tsv, organizations.tsv, places.tsv,
    /// not-places.txt, first-names.txt) added to the built-in ones; default:
    /// index-data/entities/extra when it exists
    #[arg(long)]
    gazetteer: Option<PathBuf>,
    /// Input format: auto (by extension and content), jsonl, csv, tsv or text
    #[arg(long, default_value = "auto")]
    format: String,
    /// Map an article field to an input column, e.g. --map title=headline (repeatable)
    #[arg(long = "map", value_name = "FIELD=COLUMN")]
    maps: Vec<String>,
    /// Entity-extraction and indexing threads (default: all cores)
    #[arg(long)]
    threads: Option<usize>,
    /// Memory budget of the index writer in MB
    #[arg(long, default_value_t = 512)]
    memory_mb: usize,
    /// Commit every N documents, so an interrupted run keeps what was committed
    #[arg(long, default_value_t = 50_000)]
    commit_every: u64,
    /// Reject records (JSON lines, CSV rows, text files) larger than this many bytes
    #[arg(long, default_value_t = 8 * 1024 * 1024)]
    max_record_bytes: usize,
    /// Reject records whose title is longer than this many bytes
    #[arg(long, default_value_t = 4096)]
    max_title_bytes: usize,
    /// Write every rejected record and warning (file, line, reason) to this file as JSON Lines
    #[arg(long, value_name = "FILE")]
    report: Option<PathBuf>,
    /// When to merge the index into one segment at the end: searches then do less work per
    /// segment (about 5% more requests per second on allsides) and the run takes 10–16% longer
    /// on allsides. new-index (default): only when the index was empty before the run, so later
    /// updates do not rewrite it; always; never
    #[arg(long, value_enum, default_value = "new-index")]
    merge: MergeWhen,
}

/// `--merge` values.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum MergeWhen {
    /// Only when the index held no documents before the run.
    NewIndex,
    /// After every run.
    Always,
    /// Never.
    Never,
}

/// Runs `newsroom index`.
pub fn run(args: IndexArgs) -> anyhow::Result<ExitCode> {
    let paths = if args.paths.is_empty() {
        vec![paths::sample_corpus()]
    } else {
        args.paths.clone()
    };
    let index_dir = args.index.clone().unwrap_or_else(paths::default_index);
    let format: Format = args.format.parse()?;
    let read_options = ReadOptions {
        format,
        field_map: FieldMap::with_overrides(&args.maps)?,
        max_record_bytes: args.max_record_bytes,
        max_title_bytes: args.max_title_bytes,
    };
    let mut options = BuildOptions::new(index_dir.clone(), paths);
    options.read_options = read_options;
    if let Some(threads) = args.threads {
        options.threads = threads.max(1);
    }
    options.memory_budget_bytes = args.memory_mb.max(32) * 1024 * 1024;
    options.commit_every = args.commit_every.max(1);
    options.report_path = args.report.clone();
    options.merge = match args.merge {
        MergeWhen::NewIndex => SegmentMerge::NewIndex,
        MergeWhen::Always => SegmentMerge::Always,
        MergeWhen::Never => SegmentMerge::Never,
    };
    let summary = build(&options, args.gazetteer.as_deref())?;
    print_summary(&summary, &index_dir);
    if summary.indexed + summary.updated == 0 {
        eprintln!("error: nothing could be indexed");
        return Ok(ExitCode::FAILURE);
    }
    Ok(ExitCode::SUCCESS)
}

/// Builds an index with the news extractor (plus any extra gazetteer folder) and a progress
/// display.
pub fn build(
    options: &BuildOptions,
    gazetteer: Option<&std::path::Path>,
) -> anyhow::Result<BuildSummary> {
    let progress = IndexProgress::new();
    let extractor = Arc::new(crate::paths::news_extractor(gazetteer)?);
    let result = build_index(options, extractor, &progress)
        .with_context(|| format!("indexing into {}", options.index_dir.display()));
    progress.finish();
    result
}

/// Builds the default index from the bundled sample when it does not exist yet.
pub fn ensure_sample_index(index_dir: &Path) -> anyhow::Result<()> {
    if index_dir.join("meta.json").exists() {
        return Ok(());
    }
    let sample = paths::sample_corpus();
    eprintln!(
        "no index at {}: building it from the sample corpus {}",
        index_dir.display(),
        sample.display()
    );
    let summary = build(
        &BuildOptions::new(index_dir.to_path_buf(), vec![sample]),
        None,
    )?;
    print_summary(&summary, index_dir);
    Ok(())
}

fn print_summary(summary: &BuildSummary, index_dir: &Path) {
    eprintln!(
        "indexed into {}\n  read      {}\n  indexed   {} (new)\n  updated   {}\n  rejected  {}\n  warnings  {}\n  boilerplate {} lines kept out of entity extraction ({} template lines learned)\n  names     {} values: {} counted under another name, {} not counted (names.tsv)\n  stories   {} articles joined an earlier article's story ({} bodies long enough to compare, stories.bin)\n  documents {} in the index\n  elapsed   {:.2} s — {:.0} docs/s, {:.1} MB/s input, {:.1} MB/s text",
        index_dir.display(),
        summary.read,
        summary.indexed,
        summary.updated,
        summary.rejected,
        summary.warnings,
        summary.boilerplate_lines,
        summary.learned_boilerplate,
        summary.registry.values,
        summary.registry.merged,
        summary.registry.dropped,
        summary.joined_stories,
        summary.with_signature,
        summary.documents_in_index,
        summary.elapsed.as_secs_f64(),
        summary.docs_per_second(),
        summary.megabytes_per_second(),
        summary.text_bytes as f64 / 1e6 / summary.elapsed.as_secs_f64().max(1e-9),
    );
    if !summary.rejections.is_empty() {
        eprintln!(
            "rejected records (first {} of {}; --report FILE lists all):",
            summary.rejections.len(),
            summary.rejected
        );
        for rejection in &summary.rejections {
            eprintln!("  {rejection}");
        }
    }
    if !summary.warning_samples.is_empty() {
        eprintln!("warnings (first {}):", summary.warning_samples.len());
        for warning in &summary.warning_samples {
            eprintln!("  {warning}");
        }
    }
}
