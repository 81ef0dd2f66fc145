//! The search crate's one error type: each variant maps to one HTTP status and a JSON error
//! body (the server's own failures to listen or serve included).

/// Errors of a search request; each maps to one HTTP status.
#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    /// The request is invalid (a bad date, a size out of range, an unknown facet kind).
    #[error("{0}")]
    BadRequest(String),
    /// The query text does not parse.
    #[error("query syntax error: {0}")]
    QuerySyntax(String),
    /// No article has the requested id.
    #[error("no article with id {0:?}")]
    NotFound(String),
    /// No article in the index names this entity.
    #[error("no {kind} named {name:?} in the index")]
    UnknownEntity {
        /// `person`, `country` or `org`.
        kind: &'static str,
        /// The name asked for.
        name: String,
    },
    /// The index could not be read.
    #[error(transparent)]
    Index(#[from] newsroom_index::IndexError),
    /// Tantivy failed while searching.
    #[error("search failed: {0}")]
    Tantivy(#[from] tantivy::TantivyError),
    /// The server failed to run the request (a bug: the search task panicked).
    #[error("{0}")]
    Internal(String),
    /// A watch-list could not be read.
    #[error("cannot read line {line_number} of the input: {source}")]
    Input {
        /// The line being read.
        line_number: u64,
        /// What the reader reported.
        #[source]
        source: std::io::Error,
    },
    /// The server lacks what the request needs (the entity extractor failed to load).
    #[error("{0}")]
    Unavailable(String),
    /// The answers could not be written.
    #[error("cannot write the output: {0}")]
    Output(#[source] std::io::Error),
    /// The state file of a "new since last time" batch cannot be used.
    #[error("state file {path}: {reason}")]
    State {
        /// The state file.
        path: std::path::PathBuf,
        /// What is wrong with it.
        reason: String,
    },
    /// A remote search engine refused the request or could not be reached.
    #[error("{backend}: {message}")]
    Remote {
        /// Which engine (`quickwit`).
        backend: &'static str,
        /// The HTTP status to answer with (400 for a query it rejects, 502 when it fails).
        status: u16,
        /// What went wrong.
        message: String,
    },
    /// The server could not listen on its address, or failed while serving.
    #[error("server error on {addr}: {source}")]
    Serve {
        /// The listen address.
        addr: std::net::SocketAddr,
        /// The underlying error.
        source: std::io::Error,
    },
}

impl SearchError {
    /// The HTTP status this error is reported with.
    pub fn status_code(&self) -> u16 {
        match self {
            SearchError::BadRequest(_)
            | SearchError::QuerySyntax(_)
            | SearchError::Input { .. }
            | SearchError::State { .. } => 400,
            SearchError::NotFound(_) | SearchError::UnknownEntity { .. } => 404,
            SearchError::Index(_)
            | SearchError::Tantivy(_)
            | SearchError::Internal(_)
            | SearchError::Serve { .. }
            | SearchError::Output(_) => 500,
            SearchError::Unavailable(_) => 503,
            SearchError::Remote { status, .. } => *status,
        }
    }
}
