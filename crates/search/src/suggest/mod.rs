//! Suggestions built from the index's own terms: "did you mean" corrections of misspelt query
//! words, and entity names for the search box's autocomplete.

pub(crate) mod autocomplete;
pub(crate) mod did_you_mean;
