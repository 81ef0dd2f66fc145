//! The newsroom index: the tantivy schema (the one place field names live), the streaming builder
//! that turns a corpus into an index with entity facets and upsert by id, and index statistics.
#![warn(missing_docs)]

mod analyzer;
mod articles;
mod builder;
mod document;
mod error;
mod indexing_time;
mod mentions;
pub mod registry;
pub mod schema;
mod stats;
pub mod stories;

pub use articles::StoredArticles;
pub use builder::{
    build_index, BuildOptions, BuildProgress, BuildSummary, SegmentMerge, BOILERPLATE_FILE,
};
pub use document::{article_from_doc, StoredArticle, StoredFields};
pub use error::IndexError;
pub use indexing_time::newest_indexing_time;
pub use mentions::EntityMentions;
pub use registry::NameRegistry;
pub use schema::{create_or_open, open_existing, FacetKind, NewsSchema};
pub use stats::{count_terms, index_stats, IndexStats, NameCount};
