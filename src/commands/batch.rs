//! `newsroom batch`: a watch-list against the index, one answer per line.

use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use chrono::NaiveDate;
use clap::Args;
use newsroom_search::batch::{
    BatchFormat, BatchKind, BatchLine, BatchLines, BatchOptions, BatchRecord, BatchTotals,
    BatchWriter, SinceLastState, CHUNK_LINES,
};
use newsroom_search::SearchEngine;

use crate::progress::LineProgress;

/// Arguments of `newsroom batch`.
#[derive(Args, Debug)]
pub struct BatchArgs {
    /// The list: one name or query per line (UTF-8), or - for stdin
    input: PathBuf,
    /// Index folder
    #[arg(long)]
    index: PathBuf,
    /// person (the person facet, then the phrase) or any (person, org, country, then the phrase)
    #[arg(long, default_value = "person", value_parser = parse_kind)]
    kind: BatchKind,
    /// Only articles published on or after this day (YYYY-MM-DD)
    #[arg(long)]
    from: Option<NaiveDate>,
    /// Only articles published on or before this day (YYYY-MM-DD)
    #[arg(long)]
    to: Option<NaiveDate>,
    /// csv or jsonl
    #[arg(long, default_value = "csv", value_parser = parse_format)]
    format: BatchFormat,
    /// Articles listed per line, newest first (0 to 100)
    #[arg(long, default_value_t = 5)]
    top: usize,
    /// Report only articles indexed after the last complete run with this state file (created
    /// when missing: the first run reports everything); rewritten once the output is complete
    #[arg(long, value_name = "STATE_FILE")]
    since_last: Option<PathBuf>,
    /// Write the answers to this file instead of stdout
    #[arg(long)]
    out: Option<PathBuf>,
}

fn parse_kind(text: &str) -> Result<BatchKind, String> {
    BatchKind::parse(text).ok_or_else(|| format!("expected person or any, got {text:?}"))
}

fn parse_format(text: &str) -> Result<BatchFormat, String> {
    BatchFormat::parse(text).ok_or_else(|| format!("expected csv or jsonl, got {text:?}"))
}

/// Runs `newsroom batch`.
pub fn run(args: BatchArgs) -> anyhow::Result<ExitCode> {
    let engine = SearchEngine::open(&args.index)
        .with_context(|| format!("opening {}", args.index.display()))?;
    let previous = match &args.since_last {
        Some(state_file) => SinceLastState::load(state_file, &args.index)?,
        None => None,
    };
    // A first run with a state file reports every article that has an indexing time.
    let indexed_after = args
        .since_last
        .as_ref()
        .map(|_| previous.as_ref().map_or(0, |state| state.indexed_up_to));
    let options = BatchOptions {
        kind: args.kind,
        from: args.from,
        to: args.to,
        top: args.top,
        indexed_after,
    };
    let scope = engine.batch_scope(options)?;
    let input_name = args.input.display().to_string();
    let input: Box<dyn BufRead> = if args.input == Path::new("-") {
        Box::new(std::io::stdin().lock())
    } else {
        let file = File::open(&args.input).with_context(|| format!("opening {input_name}"))?;
        Box::new(BufReader::with_capacity(1 << 16, file))
    };
    let output: Box<dyn Write> = match &args.out {
        Some(path) => Box::new(BufWriter::new(
            File::create(path).with_context(|| format!("creating {}", path.display()))?,
        )),
        None => Box::new(BufWriter::new(std::io::stdout().lock())),
    };
    let mut writer = BatchWriter::new(args.format, args.top, output)?;
    let progress = LineProgress::new();
    let mut totals = BatchTotals::default();
    let mut lines = BatchLines::new(input);
    loop {
        let chunk: Vec<BatchLine> = lines
            .by_ref()
            .take(CHUNK_LINES)
            .collect::<Result<_, _>>()
            .with_context(|| format!("reading {input_name}"))?;
        if chunk.is_empty() {
            break;
        }
        let chunk_lines = chunk.len() as u64;
        for record in engine.answer_lines(&scope, chunk)? {
            if let BatchRecord::Rejected(rejected) = &record {
                progress.print(&format!(
                    "{input_name}:{}: line not searched: {}",
                    rejected.line_number, rejected.error
                ));
            }
            totals.count(&record);
            writer.write(&record)?;
        }
        progress.advance(chunk_lines);
    }
    writer.finish()?;
    progress.finish();
    eprintln!(
        "{} lines read: {} answered ({} with articles), {} not searched",
        totals.read, totals.answered, totals.matched, totals.rejected
    );
    if let Some(state_file) = &args.since_last {
        // Only now that every answer is written: a failed run leaves the state as it was.
        let seen = scope.newest_indexed().unwrap_or_default();
        let watermark = previous.map_or(seen, |state| state.indexed_up_to.max(seen));
        SinceLastState::completed(&args.index, watermark).save(state_file)?;
    }
    Ok(ExitCode::SUCCESS)
}
