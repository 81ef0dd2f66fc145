//! The index crate's error.

use std::path::PathBuf;

/// Errors opening, building or reading an index.
#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    /// Tantivy reported an error.
    #[error("index error: {0}")]
    Tantivy(#[from] tantivy::TantivyError),
    /// Another process holds the index writer lock.
    #[error("index {0} is locked by another running `newsroom index`; wait for it to finish")]
    Locked(PathBuf),
    /// The directory holds no newsroom index.
    #[error("no index at {0}; build one with `newsroom index PATHS --index {0}`")]
    Missing(PathBuf),
    /// The directory holds an index with another schema.
    #[error("index at {path} was built with a different schema (missing field {field}); rebuild it into a new directory")]
    SchemaMismatch {
        /// The index directory.
        path: PathBuf,
        /// A field the index lacks.
        field: String,
    },
    /// The index folder could not be opened as a tantivy directory.
    #[error("cannot open the index folder {path}")]
    Directory {
        /// The folder.
        path: PathBuf,
        /// What tantivy reported (its source chain kept).
        #[source]
        source: tantivy::directory::error::OpenDirectoryError,
    },
    /// File system error.
    #[error("cannot access {path}: {source}")]
    Io {
        /// The path.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// Reading the corpus failed before any record was read.
    #[error(transparent)]
    Corpus(#[from] newsroom_corpus::CorpusError),
    /// The registry of names or its corrections file cannot be read.
    #[error("registry of names: {0}")]
    Registry(String),
    /// The story table of the index folder is damaged.
    #[error(
        "story table {path} is damaged ({reason}); delete it and re-index to rebuild the stories"
    )]
    Stories {
        /// The file.
        path: PathBuf,
        /// What is wrong with it.
        reason: String,
    },
    /// An aggregation response did not have the expected shape.
    #[error("unexpected aggregation result: {0}")]
    Aggregation(String),
}
