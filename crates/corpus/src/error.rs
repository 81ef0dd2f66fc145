//! The corpus crate's error, and where a rejected record came from (file and line).

use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;

/// Where a record came from: file and 1-based line number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// The input file.
    pub file: Arc<PathBuf>,
    /// 1-based line number of the record's first line (0 for whole-file problems).
    pub line: u64,
}

impl fmt::Display for Location {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(formatter, "{}:{}", self.file.display(), self.line)
    }
}

/// A record that could not become an article, with the reason a user can act on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejection {
    /// Where the record was.
    pub location: Location,
    /// What was wrong, lowercase, no trailing punctuation.
    pub reason: String,
}

impl fmt::Display for Rejection {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(formatter, "{}: {}", self.location, self.reason)
    }
}

/// Errors that stop reading before any record is produced (bad arguments, missing paths).
#[derive(Debug, thiserror::Error)]
pub enum CorpusError {
    /// A path given by the user does not exist or cannot be read.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The path.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// A `--map` argument is not `field=column` or names an unknown field.
    #[error("invalid field mapping {0:?}: expected field=column with field one of id, title, body, published, source, url, category, language")]
    InvalidMapping(String),
    /// A `--format` value is not known.
    #[error("unknown format {0:?}: expected auto, jsonl, csv, tsv or text")]
    UnknownFormat(String),
}
