//! Exploring by entity: the values over-represented in a set of articles compared with the whole
//! index (`significance`), and the page of one entity (`entity`).
//!
//! Both count from the per-segment facet columns the facet counter reads (`facet_columns.rs`),
//! never from stored documents: a value's articles in the index are its document frequency in
//! the column, its articles in a set one increment per matching document.

mod entity;
mod significance;

pub use entity::{EntityPage, Spelling};
pub(crate) use significance::significant_values;
pub use significance::{Significant, SignificantValue};
