//! `newsroom export` and `newsroom push`: hand the enriched index to Quickwit or OpenSearch.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::{Args, ValueEnum};
use newsroom_scaleout::{ExportFormat, ExportOptions, PushOptions, Target};

use crate::paths;
use crate::progress::CountProgress;

/// Target engine of an export.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum FormatArg {
    /// Quickwit 0.9: index-config.json + NDJSON for the ingest API
    Quickwit,
    /// OpenSearch: index.json (mapping) + NDJSON for the _bulk API
    Opensearch,
}

/// Arguments of `newsroom export`.
#[derive(Args, Debug)]
pub struct ExportArgs {
    /// Target engine
    #[arg(long, value_enum)]
    format: FormatArg,
    /// Newsroom index folder to export (default: index-data/index)
    #[arg(long)]
    index: Option<PathBuf>,
    /// Folder to write the index definition and NDJSON files into
    #[arg(long)]
    out: PathBuf,
    /// Index id written into the Quickwit config
    #[arg(long, default_value = "newsroom")]
    index_id: String,
    /// Largest NDJSON file in MB (Quickwit's default ingest limit is 10 MB)
    #[arg(long, default_value_t = 9.5)]
    max_file_mb: f64,
}

/// Runs `newsroom export`.
pub fn export(args: ExportArgs) -> anyhow::Result<ExitCode> {
    let max_file_bytes = (args.max_file_mb * 1_000_000.0) as u64;
    anyhow::ensure!(max_file_bytes >= 1_000, "--max-file-mb is too small");
    let options = ExportOptions {
        index_dir: args.index.unwrap_or_else(paths::default_index),
        out_dir: args.out,
        format: match args.format {
            FormatArg::Quickwit => ExportFormat::Quickwit,
            FormatArg::Opensearch => ExportFormat::OpenSearch,
        },
        index_id: args.index_id,
        max_file_bytes,
    };
    let progress = CountProgress::new("exported");
    let summary = newsroom_scaleout::export(&options, |done, total| progress.update(done, total))
        .with_context(|| format!("exporting {}", options.index_dir.display()))?;
    progress.finish();
    eprintln!(
        "exported {} documents into {} files ({:.1} MB) and {}",
        summary.documents,
        summary.files.len(),
        summary.bytes as f64 / 1e6,
        summary.config.display()
    );
    Ok(ExitCode::SUCCESS)
}

/// Arguments of `newsroom push`.
#[derive(Args, Debug)]
#[command(group(clap::ArgGroup::new("engine").required(true).args(["quickwit", "opensearch"])))]
pub struct PushArgs {
    /// Quickwit REST address, such as http://127.0.0.1:7280
    #[arg(long)]
    quickwit: Option<String>,
    /// OpenSearch address, such as http://127.0.0.1:9200
    #[arg(long)]
    opensearch: Option<String>,
    /// Name of the remote index (created from the schema when missing)
    #[arg(long)]
    index: String,
    /// Newsroom index folder to read (default: index-data/index)
    #[arg(long)]
    from: Option<PathBuf>,
    /// Largest request body in MB
    #[arg(long, default_value_t = 8.0)]
    batch_mb: f64,
    /// Write every document the remote engine refused (id and reason) to FILE as JSON Lines
    #[arg(long)]
    report: Option<PathBuf>,
}

/// Refusals printed at the end of a push; `--report` lists all.
const REFUSALS_SHOWN: usize = 20;

/// Runs `newsroom push`.
pub fn push(args: PushArgs) -> anyhow::Result<ExitCode> {
    let target = match (args.quickwit, args.opensearch) {
        (Some(url), _) => Target::Quickwit {
            url,
            index: args.index,
        },
        (None, Some(url)) => Target::OpenSearch {
            url,
            index: args.index,
        },
        (None, None) => anyhow::bail!("give --quickwit URL or --opensearch URL"),
    };
    let mut options = PushOptions::new(args.from.unwrap_or_else(paths::default_index), target);
    options.batch_bytes = (args.batch_mb * 1024.0 * 1024.0) as usize;
    anyhow::ensure!(options.batch_bytes >= 1_024, "--batch-mb is too small");
    let progress = CountProgress::new("sent");
    let summary = newsroom_scaleout::push(&options, |done, total| progress.update(done, total))
        .with_context(|| format!("pushing {}", options.index_dir.display()))?;
    progress.finish();
    eprintln!(
        "{}sent {} documents in {} batches; the remote index holds {}",
        if summary.created_index {
            "created the index; "
        } else {
            ""
        },
        summary.documents,
        summary.batches,
        summary.remote_count
    );
    if let Some(path) = &args.report {
        let mut lines = String::new();
        for rejection in &summary.rejected {
            lines.push_str(&serde_json::to_string(rejection)?);
            lines.push('\n');
        }
        std::fs::write(path, lines).with_context(|| format!("writing {}", path.display()))?;
    }
    if summary.rejected.is_empty() {
        return Ok(ExitCode::SUCCESS);
    }
    eprintln!(
        "error: the remote engine refused {} of {} documents (first {}{}):",
        summary.rejected.len(),
        summary.documents,
        summary.rejected.len().min(REFUSALS_SHOWN),
        if args.report.is_some() {
            ""
        } else {
            "; --report FILE lists all"
        }
    );
    for rejection in summary.rejected.iter().take(REFUSALS_SHOWN) {
        eprintln!(
            "  {}: {}",
            rejection.id.as_deref().unwrap_or("(unknown id)"),
            rejection.reason
        );
    }
    Ok(ExitCode::FAILURE)
}
