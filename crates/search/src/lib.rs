//! Search over a newsroom index: one request type for the CLI, the JSON API and the web page;
//! BM25 ranking with a boosted title, entity and date filters, facet counts, a date histogram and
//! sentence-aligned highlighted snippets. The `server` module serves it over HTTP.
#![warn(missing_docs)]

mod backend;
mod engine;
mod entity_mentions;
mod entity_suggest;
mod error;
mod explore;
mod facet_columns;
mod facets;
mod histogram;
mod html;
mod metrics;
mod names;
mod query_text;
mod request;
mod response;
mod seekable_union;
mod segment_cache;
mod sentences;
pub mod server;
mod snippet;
mod suggest;
mod text_runs;
mod word_terms;
mod workers;

pub use backend::SearchBackend;
pub use engine::{RankingParams, SearchEngine};
pub use error::SearchError;
pub use explore::{
    EntityPage, Series, Significant, SignificantValue, Spelling, TimelineBucket, Timelines,
    Trending, TrendingValue, MAX_SERIES,
};
pub use histogram::read_histogram;
pub use request::{
    Operator, Ranking, SearchParams, SearchRequest, SortOrder, MAX_PAGE_SIZE, MAX_RESULT_WINDOW,
};
pub use response::{CorrectedWord, Fragment, Histogram, HistogramBucket, Hit, SearchResponse};
pub use snippet::escape_html;
pub use snippet::fragments_html;
