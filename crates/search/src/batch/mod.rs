//! Batch search of a watch-list: one answer per line (a name or a query), for the daily check
//! of a list of people, organisations and places against the archive, or against what came in
//! since the last check.
//!
//! Each line is looked up as an entity value first (the registry of names maps a spelling to its
//! canonical value, and the filter on that value matches all its raw variants, as a search
//! filter does), then by its lowercased, folded words (the names a query may name, read for the
//! ranking: "angela merkel" finds Angela Merkel when the index names her in at least two
//! articles), then, failing that, as the exact phrase in the title or the body. An answer
//! gives how the line matched, the number of articles in scope, the first and last publication
//! day, and the newest K articles. Lines are answered in parallel, a chunk at a time, in input
//! order; nothing per line is bigger than its answer, and no facet, snippet or timeline is
//! computed.
//!
//! `input.rs` reads the lines (each searched or rejected with a reason), `answer.rs` answers
//! them, `date_span.rs` collects the first and last day, `output.rs` writes CSV or JSON Lines,
//! and `state.rs` keeps the watermark of "new since last time".

mod answer;
mod date_span;
mod input;
mod output;
mod state;

use chrono::NaiveDate;
use newsroom_entities::EntityKind;
use serde::Serialize;

pub use answer::BatchScope;
pub use input::{BatchLine, BatchLines, RejectedLine, MAX_LINE_BYTES};
pub use output::{BatchFormat, BatchWriter};
pub use state::SinceLastState;

use crate::SearchError;

/// Most articles listed per line.
pub const MAX_TOP: usize = 100;
/// Lines answered together (in parallel), then written before the next chunk is read: what
/// keeps memory flat whatever the length of the list.
pub const CHUNK_LINES: usize = 256;

/// Which entity kinds a line is looked up as before the phrase.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BatchKind {
    /// The person facet only.
    Person,
    /// Person, then organisation, then country: the first kind the index knows the name as
    /// answers; the other kinds that know it are listed in [`BatchAnswer::also`].
    Any,
}

impl BatchKind {
    /// Reads `person` or `any`.
    pub fn parse(text: &str) -> Option<BatchKind> {
        match text {
            "person" => Some(BatchKind::Person),
            "any" => Some(BatchKind::Any),
            _ => None,
        }
    }

    /// The entity kinds tried, in order.
    pub(crate) fn kinds(self) -> &'static [EntityKind] {
        match self {
            BatchKind::Person => &[EntityKind::Person],
            BatchKind::Any => &[EntityKind::Person, EntityKind::Org, EntityKind::Country],
        }
    }
}

/// What every line of a batch is searched with.
#[derive(Debug, Clone)]
pub struct BatchOptions {
    /// The entity kinds a line is looked up as.
    pub kind: BatchKind,
    /// First publication day counted (included).
    pub from: Option<NaiveDate>,
    /// Last publication day counted (included).
    pub to: Option<NaiveDate>,
    /// Articles listed per line, newest first (0 to [`MAX_TOP`]).
    pub top: usize,
    /// Only articles indexed after this indexing time (see
    /// [`newsroom_index::schema::field_names::INDEXED`]): "new since last time".
    pub indexed_after: Option<u64>,
}

impl Default for BatchOptions {
    fn default() -> Self {
        BatchOptions {
            kind: BatchKind::Person,
            from: None,
            to: None,
            top: 5,
            indexed_after: None,
        }
    }
}

impl BatchOptions {
    /// Checks the options a user chose: the top size and the order of the dates.
    pub fn validate(&self) -> Result<(), SearchError> {
        if self.top > MAX_TOP {
            return Err(SearchError::BadRequest(format!(
                "top must be between 0 and {MAX_TOP}, got {}",
                self.top
            )));
        }
        if let (Some(from), Some(to)) = (self.from, self.to) {
            if from > to {
                return Err(SearchError::BadRequest(format!(
                    "from ({from}) is after to ({to})"
                )));
            }
        }
        Ok(())
    }
}

/// How a line matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum MatchedBy {
    /// A value of the person facet.
    Person,
    /// A value of the organisation facet.
    Org,
    /// A value of the country facet.
    Country,
    /// The exact phrase (its words in order, as the title and body analyzer reads them).
    Phrase,
    /// No entity value of that name, and no article in scope holds the phrase.
    None,
}

impl MatchedBy {
    /// The label written in the output.
    pub fn as_str(self) -> &'static str {
        match self {
            MatchedBy::Person => "person",
            MatchedBy::Org => "org",
            MatchedBy::Country => "country",
            MatchedBy::Phrase => "phrase",
            MatchedBy::None => "none",
        }
    }

    fn of_kind(kind: EntityKind) -> MatchedBy {
        match kind {
            EntityKind::Person => MatchedBy::Person,
            EntityKind::Org => MatchedBy::Org,
            EntityKind::Country => MatchedBy::Country,
        }
    }
}

/// The answer to one line of a watch-list.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BatchAnswer {
    /// Line number in the input, from 1.
    pub line_number: u64,
    /// The line as searched (trimmed).
    pub line: String,
    /// How it matched.
    pub matched_by: MatchedBy,
    /// The canonical entity value matched (`None` for a phrase or no match).
    pub name: Option<String>,
    /// Other kinds the index also knows the name as (with `--kind any`), in the order tried.
    pub also: Vec<&'static str>,
    /// Articles in scope (dates, new since last time) that match.
    pub count: u64,
    /// Publication day of the first of them.
    pub first: Option<NaiveDate>,
    /// Publication day of the last of them.
    pub last: Option<NaiveDate>,
    /// The newest of them (by publication date), at most `top`.
    pub top: Vec<BatchArticle>,
}

/// An article listed in an answer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BatchArticle {
    /// Article id.
    pub id: String,
    /// Headline.
    pub title: String,
    /// Publication day.
    pub published: Option<NaiveDate>,
}

/// One line's outcome: answered, or rejected with a reason.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum BatchRecord {
    /// The line was searched.
    Answer(BatchAnswer),
    /// The line was not searched.
    Rejected(RejectedLine),
}

/// Lines read, answered and rejected: read = answered + rejected.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct BatchTotals {
    /// Lines read.
    pub read: u64,
    /// Lines searched.
    pub answered: u64,
    /// Lines rejected (empty, too long, invalid UTF-8).
    pub rejected: u64,
    /// Answered lines with at least one article.
    pub matched: u64,
}

impl BatchTotals {
    /// Counts one line's outcome.
    pub fn count(&mut self, record: &BatchRecord) {
        self.read += 1;
        match record {
            BatchRecord::Answer(answer) => {
                self.answered += 1;
                if answer.count > 0 {
                    self.matched += 1;
                }
            }
            BatchRecord::Rejected(_) => self.rejected += 1,
        }
    }
}
