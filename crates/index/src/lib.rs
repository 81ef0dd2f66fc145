//! The newsroom index: the tantivy schema (the one place field names live), the streaming builder
//! that turns a corpus into an index with entity facets and upsert by id, and index statistics.
#![warn(missing_docs)]

mod analyzer;
mod builder;
mod document;
mod error;
mod mentions;
pub mod registry;
pub mod schema;
mod stats;
pub mod stories;

pub use builder::{
    build_index, BuildOptions, BuildProgress, BuildSummary, SegmentMerge, BOILERPLATE_FILE,
};
pub use document::{article_from_doc, StoredArticle, StoredFields};
pub use error::IndexError;
pub use mentions::EntityMentions;
pub use registry::NameRegistry;
pub use schema::{create_or_open, open_existing, NewsSchema};
pub use stats::{count_terms, index_stats, IndexStats, NameCount};
