//! The entities crate's one error type: reading gazetteer files, model files and CoNLL data.

use std::path::PathBuf;

/// Errors of loading what the extractor needs (gazetteers, the tagger model) and of reading
/// training data.
#[derive(Debug, thiserror::Error)]
pub enum EntitiesError {
    /// A gazetteer or CoNLL file could not be read.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// A model file could not be read or written.
    #[error("model file: {0}")]
    Model(#[from] std::io::Error),
    /// The file is not a newsroom tagger model.
    #[error("not a newsroom entity model (bad header or truncated file)")]
    ModelFormat,
    /// A CoNLL line does not have a word and a tag, or the tag is not one the tagger knows.
    #[error("{path}:{line}: {reason}")]
    Line {
        /// The file.
        path: PathBuf,
        /// 1-based line number.
        line: usize,
        /// What is wrong.
        reason: String,
    },
}
