//! Search over a newsroom index: one request type for the CLI, the JSON API and the web page;
//! BM25 ranking with a boosted title, entity and date filters, facet counts, a date histogram and
//! sentence-aligned highlighted snippets. The `server` module serves it over HTTP.
#![warn(missing_docs)]

mod annotate;
mod backend;
pub mod batch;
mod collect;
mod engine;
mod error;
mod explore;
mod names;
mod request;
mod response;
pub mod server;
mod snippet;
mod suggest;

pub use annotate::KnownEntity;
pub use backend::SearchBackend;
pub use collect::histogram::read_histogram;
pub use engine::{RankingParams, SearchEngine};
pub use error::SearchError;
pub use explore::{
    EntityPage, Series, Significant, SignificantValue, Spelling, TimelineBucket, Timelines,
    Trending, TrendingValue, MAX_SERIES,
};
pub use request::{
    Filters, Operator, Ranking, SearchParams, SearchRequest, SortOrder, MAX_PAGE_SIZE,
    MAX_RESULT_WINDOW,
};
pub use response::{CorrectedWord, Fragment, Histogram, HistogramBucket, Hit, SearchResponse};
pub use snippet::escape_html;
pub use snippet::fragments_html;
