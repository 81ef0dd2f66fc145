//! Article model and streaming readers for news corpora.
//!
//! A corpus is one or more files or folders: JSON Lines (plain or gzip), CSV/TSV with a header row,
//! or folders of `.txt` / `.md` files. [`read_paths`] turns them into one stream of [`Record`]s:
//! every input record comes out either as a parsed [`Article`] or as a [`Rejection`] that says
//! which file, which line and why, so that totals always add up.
#![warn(missing_docs)]

mod article;
pub mod boilerplate;
mod csv_reader;
mod dates;
mod error;
mod jsonl;
mod lines;
mod mapping;
mod reader;
mod text;

pub use article::{stable_id, Article};
pub use boilerplate::{Boilerplate, BoilerplateLearner};
pub use dates::{parse_date, SUPPORTED_YEARS};
pub use error::{CorpusError, Location, Rejection};
pub use lines::{BoundedLines, Line};
pub use mapping::{FieldMap, MappedField};
pub use reader::{read_paths, Format, ParsedArticle, ReadOptions, Record};
