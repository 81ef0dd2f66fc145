//! Reading the indexing times documents carry (see [`crate::schema::field_names::INDEXED`]).

use tantivy::Searcher;

use crate::schema::field_names;
use crate::{IndexError, NewsSchema};

/// The largest indexing time in the index the searcher sees: `Ok(None)` when the index was
/// written before indexing times existed (its schema has no such field), `Ok(Some(0))` when it
/// holds no document yet.
///
/// Deleted documents count: an updated article's new version has a later time than its old one,
/// so the largest time is always that of a live or newer document.
pub fn newest_indexing_time(
    searcher: &Searcher,
    schema: &NewsSchema,
) -> Result<Option<u64>, IndexError> {
    if schema.indexed.is_none() {
        return Ok(None);
    }
    let mut newest = 0;
    for segment in searcher.segment_readers() {
        let column = segment.fast_fields().u64(field_names::INDEXED)?;
        if column.values.num_vals() > 0 {
            newest = newest.max(column.max_value());
        }
    }
    Ok(Some(newest))
}
