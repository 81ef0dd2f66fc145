//! Progress of long work: a bar on a terminal, periodic log lines otherwise.

use std::io::IsTerminal;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressStyle};
use newsroom_index::{BuildProgress, BuildSummary};
use tracing::info;

/// Shows indexing progress on stderr.
pub struct IndexProgress {
    bar: Option<ProgressBar>,
    last_log: Mutex<Instant>,
}

impl IndexProgress {
    /// A spinner when stderr is a terminal, log lines every 5 s when not.
    pub fn new() -> Self {
        let bar = std::io::stderr().is_terminal().then(|| {
            let bar = ProgressBar::new_spinner();
            bar.set_style(
                ProgressStyle::with_template("{spinner} {elapsed_precise} {msg}")
                    .unwrap_or_else(|_| ProgressStyle::default_spinner()),
            );
            bar.enable_steady_tick(Duration::from_millis(120));
            bar
        });
        IndexProgress {
            bar,
            last_log: Mutex::new(Instant::now()),
        }
    }

    /// Removes the bar before the summary is printed.
    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

fn describe(summary: &BuildSummary) -> String {
    format!(
        "{} read, {} indexed, {} updated, {} rejected — {:.0} docs/s, {:.1} MB/s",
        summary.read,
        summary.indexed,
        summary.updated,
        summary.rejected,
        summary.docs_per_second(),
        summary.megabytes_per_second()
    )
}

impl BuildProgress for IndexProgress {
    fn update(&self, summary: &BuildSummary) {
        if let Some(bar) = &self.bar {
            bar.set_message(describe(summary));
            return;
        }
        if let Ok(mut last_log) = self.last_log.lock() {
            if last_log.elapsed() >= Duration::from_secs(5) {
                info!(
                    read = summary.read,
                    indexed = summary.indexed,
                    updated = summary.updated,
                    rejected = summary.rejected,
                    "indexing"
                );
                *last_log = Instant::now();
            }
        }
    }
}

/// A bar of documents done out of a total on a terminal; log lines every 5 s otherwise.
pub struct CountProgress {
    bar: Option<ProgressBar>,
    what: &'static str,
    last_log: Mutex<Instant>,
}

impl CountProgress {
    /// Progress of `what` ("exported", "sent").
    pub fn new(what: &'static str) -> Self {
        let bar = std::io::stderr().is_terminal().then(|| {
            let bar = ProgressBar::new(0);
            bar.set_style(
                ProgressStyle::with_template("{bar:40} {pos}/{len} {msg} {elapsed_precise}")
                    .unwrap_or_else(|_| ProgressStyle::default_bar()),
            );
            bar.set_message(what);
            bar
        });
        CountProgress {
            bar,
            what,
            last_log: Mutex::new(Instant::now()),
        }
    }

    /// Reports `done` of `total`.
    pub fn update(&self, done: u64, total: u64) {
        if let Some(bar) = &self.bar {
            bar.set_length(total);
            bar.set_position(done);
            return;
        }
        if let Ok(mut last) = self.last_log.lock() {
            if last.elapsed() >= Duration::from_secs(5) || done == total {
                info!("{done}/{total} documents {}", self.what);
                *last = Instant::now();
            }
        }
    }

    /// Removes the bar.
    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

/// A count of lines answered on a terminal (the length of a list read from a stream is not
/// known in advance); nothing otherwise, where the totals at the end say it all.
pub struct LineProgress {
    bar: Option<ProgressBar>,
}

impl LineProgress {
    /// A spinner when stderr is a terminal.
    pub fn new() -> Self {
        let bar = std::io::stderr().is_terminal().then(|| {
            let bar = ProgressBar::new_spinner();
            bar.set_style(
                ProgressStyle::with_template("{spinner} {elapsed_precise} {pos} lines answered")
                    .unwrap_or_else(|_| ProgressStyle::default_spinner()),
            );
            bar.enable_steady_tick(Duration::from_millis(120));
            bar
        });
        LineProgress { bar }
    }

    /// Adds `lines` to the count.
    pub fn advance(&self, lines: u64) {
        if let Some(bar) = &self.bar {
            bar.inc(lines);
        }
    }

    /// Prints `message` on stderr without tearing the bar.
    pub fn print(&self, message: &str) {
        match &self.bar {
            Some(bar) => bar.suspend(|| eprintln!("{message}")),
            None => eprintln!("{message}"),
        }
    }

    /// Removes the bar.
    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}
