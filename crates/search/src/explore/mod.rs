//! Exploring by entity: the values over-represented in a set of articles compared with the whole
//! index (`significance`), the page of one entity (`entity`), the values rising in a period
//! against the period before it (`trending`), and timelines side by side (`timeline`).
//!
//! All count from the per-segment facet columns the facet counter reads (`facet_columns.rs`),
//! never from stored documents: a value's articles in the index are its document frequency in
//! the column, its articles in a set one increment per matching document.

mod entity;
mod periods;
mod significance;
mod timeline;
mod trending;

pub use entity::{EntityPage, Spelling};
pub(crate) use significance::{index_count, significant_values};
pub use significance::{Significant, SignificantValue};
pub use timeline::{Series, TimelineBucket, Timelines, MAX_SERIES};
pub use trending::{Trending, TrendingValue};
