//! Counting over the whole matched set: facet counts, the date histogram, and the per-segment
//! columns they read, loaded once per segment and shared by every search of an engine.

pub(crate) mod facet_columns;
pub(crate) mod facets;
pub(crate) mod histogram;
pub(crate) mod segment_cache;
pub(crate) mod stories;
