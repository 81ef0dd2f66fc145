//! What an indexing run is told (options) and what it tells (progress, the summary).

use std::path::PathBuf;
use std::thread;
use std::time::Duration;

use newsroom_corpus::{ReadOptions, Rejection};

/// How many rejection reasons and warnings a summary keeps verbatim.
pub(super) const KEPT_REASONS: usize = 20;

/// Settings of one indexing run.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// Index folder (created when missing).
    pub index_dir: PathBuf,
    /// Files and folders to read.
    pub paths: Vec<PathBuf>,
    /// Format, field mapping and limits of the readers.
    pub read_options: ReadOptions,
    /// Entity-extraction worker threads, and tantivy indexing threads.
    pub threads: usize,
    /// Memory budget of tantivy's writer, in bytes, shared by its threads.
    pub memory_budget_bytes: usize,
    /// Commit after this many documents so an interrupted run keeps its work.
    pub commit_every: u64,
    /// When set, every rejection and warning is written to this file as one JSON object per line.
    pub report_path: Option<PathBuf>,
    /// When to merge the whole index into one segment at the end.
    pub merge: SegmentMerge,
}

/// When a run merges the index into one segment: searches then do their per-segment work once
/// (about 5% more requests per second on allsides), but the merge rewrites the whole index.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SegmentMerge {
    /// When the index held no documents before the run: a new archive is merged once, while
    /// later updates leave tantivy's merge policy to combine their segments.
    #[default]
    NewIndex,
    /// After every run.
    Always,
    /// Never.
    Never,
}

impl BuildOptions {
    /// Defaults: all cores, 512 MB writer budget, a commit every 50,000 documents.
    pub fn new(index_dir: PathBuf, paths: Vec<PathBuf>) -> Self {
        let threads = thread::available_parallelism().map_or(2, |n| n.get());
        BuildOptions {
            index_dir,
            paths,
            read_options: ReadOptions::default(),
            threads,
            memory_budget_bytes: 512 * 1024 * 1024,
            commit_every: 50_000,
            report_path: None,
            merge: SegmentMerge::default(),
        }
    }
}

/// Running totals of an indexing run; also the final summary.
#[derive(Debug, Clone, Default)]
pub struct BuildSummary {
    /// Records read (articles and rejected records).
    pub read: u64,
    /// Articles whose id was new to the index.
    pub indexed: u64,
    /// Articles that replaced one with the same id.
    pub updated: u64,
    /// Records that could not be used.
    pub rejected: u64,
    /// The first rejections, with file, line and reason.
    pub rejections: Vec<Rejection>,
    /// Warnings on kept records (unparseable dates ...).
    pub warnings: u64,
    /// The first warnings, as `file:line: message`.
    pub warning_samples: Vec<String>,
    /// Bytes of input records (after decompression).
    pub input_bytes: u64,
    /// Bytes of title and body text indexed.
    pub text_bytes: u64,
    /// Body lines kept out of entity extraction as boilerplate (captions, credits, widgets,
    /// template lines of a source).
    pub boilerplate_lines: u64,
    /// Template lines the corpus taught so far (over this and earlier runs).
    pub learned_boilerplate: u64,
    /// Articles that joined a story an earlier article started (near-duplicate bodies).
    pub joined_stories: u64,
    /// Articles with a body signature in the index's story table after the run.
    pub with_signature: u64,
    /// What the registry of names decided at the end of the run.
    pub registry: crate::registry::RegistrySummary,
    /// Commits made.
    pub commits: u64,
    /// Wall time so far.
    pub elapsed: Duration,
    /// Documents in the index after the run.
    pub documents_in_index: u64,
}

impl BuildSummary {
    /// Documents per second over the run.
    pub fn docs_per_second(&self) -> f64 {
        (self.indexed + self.updated) as f64 / self.elapsed.as_secs_f64().max(1e-9)
    }

    /// Input megabytes (10^6 bytes) per second over the run.
    pub fn megabytes_per_second(&self) -> f64 {
        self.input_bytes as f64 / 1e6 / self.elapsed.as_secs_f64().max(1e-9)
    }

    pub(super) fn reject(&mut self, rejection: Rejection) {
        self.read += 1;
        self.rejected += 1;
        if self.rejections.len() < KEPT_REASONS {
            self.rejections.push(rejection);
        }
    }
}

/// Receives progress while an index builds (the CLI draws a bar; tests ignore it).
pub trait BuildProgress: Send + Sync {
    /// Called every few thousand records and after each commit.
    fn update(&self, summary: &BuildSummary);
}

impl BuildProgress for () {
    fn update(&self, _summary: &BuildSummary) {}
}
