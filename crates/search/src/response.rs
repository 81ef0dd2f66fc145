//! What a search answers: hits with snippets and entities, facet counts, the date histogram and
//! the notices about how the query was read; serialised as the JSON API's answer.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use newsroom_index::NameCount;
use serde::Serialize;

use crate::SearchRequest;

/// The answer to a [`SearchRequest`]: the JSON of `/api/search` and `newsroom search --json`.
#[derive(Debug, Clone, Serialize)]
pub struct SearchResponse {
    /// The request as validated.
    pub request: SearchRequest,
    /// Number of matching articles.
    pub total: u64,
    /// Number of stories among the matching articles, when the page shows one article per story
    /// (`collapse`, the default); `None` when it does not (`collapse=false`, `story=ID`, an
    /// index written before stories, or a backend that cannot collapse): then left out of
    /// the JSON.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stories: Option<u64>,
    /// Time spent searching, in milliseconds.
    pub took_ms: f64,
    /// True when no article matched all words and the results match any word instead.
    pub fallback_or: bool,
    /// A note for the user (such as the OR fallback), when there is one.
    pub notice: Option<String>,
    /// A corrected query when the words look misspelt and few articles match.
    pub did_you_mean: Option<String>,
    /// When no article matched all the words as typed but their spelling correction did: the
    /// query whose results these are (`autocorrect=0` searches the words as typed).
    pub corrected_query: Option<String>,
    /// The words spelling correction changed to make `corrected_query`, in query order.
    pub corrections: Vec<CorrectedWord>,
    /// The page of hits.
    pub hits: Vec<Hit>,
    /// Facet counts over the whole matched set, by kind (`person`, `country`, `org`, `source`).
    pub facets: BTreeMap<String, Vec<NameCount>>,
    /// Matches over time.
    pub histogram: Option<Histogram>,
    /// Values unusually frequent in the matches compared with the whole index, for the kinds
    /// `significant` asks for (`None` when it asks for none).
    pub significant: Option<crate::Significant>,
}

/// A word of the query that spelling correction changed.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct CorrectedWord {
    /// The word as typed.
    pub from: String,
    /// The word searched instead; `None` when it was left out (no article has it and no close
    /// spelling is frequent, or no article has it with the corrected words).
    pub to: Option<String>,
}

/// One result.
#[derive(Debug, Clone, Serialize)]
pub struct Hit {
    /// Article id.
    pub id: String,
    /// Headline.
    pub title: String,
    /// Headline, HTML-escaped, matches in `<mark>`.
    pub title_html: String,
    /// Up to three fragments, HTML-escaped, matches in `<mark>`, joined with one ` … `.
    pub snippet_html: String,
    /// The fragments as plain text with match offsets.
    pub fragments: Vec<Fragment>,
    /// Publication time.
    pub published: Option<DateTime<Utc>>,
    /// Outlet.
    pub source: Option<String>,
    /// Link to the original.
    pub url: Option<String>,
    /// Section label.
    pub category: Option<String>,
    /// BM25 score (0 when sorted by date).
    pub score: f32,
    /// People named in the article, in the order it first names them (most mentioned first in
    /// indexes written before mention details were stored).
    pub persons: Vec<String>,
    /// Countries named in the article, in the same order.
    pub countries: Vec<String>,
    /// Organisations named in the article, in the same order (`organizations` in JSON, as the
    /// API has always written it).
    #[serde(rename = "organizations")]
    pub orgs: Vec<String>,
    /// The article's story (near-duplicate articles share one; `story=ID` lists them);
    /// `None` for indexes written before stories and for backends without them.
    pub story: Option<u64>,
    /// Other matching articles of the same story the collapsed page leaves out (0 when none or
    /// when the page is not collapsed).
    pub more_versions: u64,
}

/// A plain-text snippet fragment with its highlighted ranges.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Fragment {
    /// The fragment text.
    pub text: String,
    /// Highlighted ranges as `[start, end)` character offsets into `text`.
    pub highlights: Vec<[usize; 2]>,
}

/// A date histogram of the matched set.
#[derive(Debug, Clone, Serialize)]
pub struct Histogram {
    /// Bucket width: `day`, `week` or `month`.
    pub interval: &'static str,
    /// Buckets in date order (empty buckets included between the first and last).
    pub buckets: Vec<HistogramBucket>,
    /// The first day with a match.
    pub first: Option<NaiveDate>,
    /// The last day with a match.
    pub last: Option<NaiveDate>,
}

/// One histogram bar.
#[derive(Debug, Clone, Serialize)]
pub struct HistogramBucket {
    /// First day of the bucket.
    pub start: NaiveDate,
    /// Last day of the bucket.
    pub end: NaiveDate,
    /// Matching articles published in it.
    pub count: u64,
}
