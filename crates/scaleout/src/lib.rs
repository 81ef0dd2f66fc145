//! Beyond one machine: hand a newsroom index, with its extracted people, countries and
//! organisations, to a distributed engine, and search it there with the same API and page.
//!
//! - [`mapping`]: Quickwit index config and OpenSearch mapping generated from the schema;
//! - [`export`]: the enriched documents as size-bounded NDJSON files;
//! - [`push`]: index creation and batched ingestion over HTTP with retries;
//! - [`quickwit`]: a [`newsroom_search::SearchBackend`] answered by Quickwit's search API.
#![warn(missing_docs)]

pub mod export;
mod http;
pub mod mapping;
pub mod push;
pub mod quickwit;

pub use export::{export, ExportFormat, ExportOptions, ExportSummary};
pub use http::RetryPolicy;
pub use push::{push, PushOptions, PushSummary, Target};
pub use quickwit::QuickwitBackend;

/// Errors of exporting, pushing and remote searching.
#[derive(Debug, thiserror::Error)]
pub enum ScaleOutError {
    /// The newsroom index could not be read.
    #[error(transparent)]
    Index(#[from] newsroom_index::IndexError),
    /// A file could not be written.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: std::path::PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// The remote engine answered with an error or could not be reached.
    #[error("{url}: {message}")]
    Remote {
        /// The request URL.
        url: String,
        /// HTTP status, when there was an answer.
        status: Option<u16>,
        /// What went wrong.
        message: String,
    },
    /// The remote engine holds a different number of documents than were sent.
    #[error("the remote index has {remote} documents after the push, {sent} were sent")]
    CountMismatch {
        /// Documents sent.
        sent: u64,
        /// Documents the remote index reports.
        remote: u64,
    },
}
