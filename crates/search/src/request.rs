//! A search request: its parameters, their defaults and limits, and their validation, shared by
//! the CLI, the JSON API and the page.

use chrono::{DateTime, NaiveDate, Utc};
use newsroom_index::FacetKind;
use serde::Serialize;

use crate::SearchError;

mod filters;

pub use filters::Filters;

/// Largest page size a request may ask for.
pub const MAX_PAGE_SIZE: usize = 100;
/// Deepest result a request may page to (page × size).
pub const MAX_RESULT_WINDOW: usize = 10_000;
/// Longest accepted query text, in bytes.
pub const MAX_QUERY_BYTES: usize = 4096;
/// Deepest parenthesis nesting accepted in a query (the parser recurses on each level).
pub const MAX_QUERY_NESTING: usize = 16;
/// Most whitespace-separated terms accepted in a query.
pub const MAX_QUERY_TERMS: usize = 64;
/// Most facet values per kind a request may ask for.
pub const MAX_FACET_SIZE: usize = 100;
/// Significant values per kind when a request does not say (`significant_size`).
pub const DEFAULT_SIGNIFICANT_SIZE: usize = 10;

/// Result order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SortOrder {
    /// BM25 score, ties broken by newest first.
    #[default]
    Relevance,
    /// Newest publication date first.
    Newest,
    /// Oldest publication date first.
    Oldest,
}

impl SortOrder {
    /// Parses `relevance`, `newest` or `oldest`.
    pub fn parse(text: &str) -> Result<SortOrder, SearchError> {
        match text {
            "" | "relevance" => Ok(SortOrder::Relevance),
            "newest" | "date" => Ok(SortOrder::Newest),
            "oldest" => Ok(SortOrder::Oldest),
            other => Err(SearchError::BadRequest(format!(
                "unknown sort {other:?}: expected relevance, newest or oldest"
            ))),
        }
    }

    /// The order's name in URLs.
    pub fn as_str(self) -> &'static str {
        match self {
            SortOrder::Relevance => "relevance",
            SortOrder::Newest => "newest",
            SortOrder::Oldest => "oldest",
        }
    }
}

/// How the words of a query combine.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Operator {
    /// Every word must match; when nothing matches, any word (and the response says so).
    #[default]
    And,
    /// Any word may match (as classic BM25 engines rank by default).
    Or,
}

/// How results are ranked by relevance.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Ranking {
    /// BM25F over title and body, soft AND, proximity and entity names (see `engine::ranking`).
    #[default]
    Newsroom,
    /// The ranking before it (`rank=classic`): BM25 of title (×2) plus body, every word
    /// required; kept as the baseline the evaluation compares against.
    Classic,
}

/// A validated search request, shared by the CLI, the JSON API and the web page.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SearchRequest {
    /// Free-text query (words, "phrases", -exclusions, OR, field:term); empty matches everything.
    pub q: String,
    /// Facet filters by kind (OR within a kind, AND across kinds).
    #[serde(flatten)]
    pub filters: Filters,
    /// Earliest publication date (inclusive).
    pub from: Option<NaiveDate>,
    /// Latest publication date (inclusive).
    pub to: Option<NaiveDate>,
    /// Result order.
    pub sort: SortOrder,
    /// How query words combine.
    pub operator: Operator,
    /// How results are ranked by relevance.
    pub ranking: Ranking,
    /// 1-based page number.
    pub page: usize,
    /// Hits per page (1..=[`MAX_PAGE_SIZE`]).
    pub size: usize,
    /// Facet values per kind; 0 turns facets off.
    pub facet_size: usize,
    /// Which facet kinds to count; empty means all.
    pub facet_kinds: Vec<FacetKind>,
    /// Whether to build snippets.
    pub snippets: bool,
    /// Whether to compute the date histogram.
    pub histogram: bool,
    /// Whether a query of several words that matches nothing may be answered by its spelling
    /// correction (`autocorrect=0` searches the words as typed).
    pub autocorrect: bool,
    /// Kinds whose values over-represented in the matches are listed (`significant=person,org`);
    /// empty lists none.
    pub significant: Vec<FacetKind>,
    /// Significant values per kind (1..=[`MAX_FACET_SIZE`]).
    pub significant_size: usize,
    /// Whether a page shows one article per story (near-duplicates collapsed, `collapse=false`
    /// shows every article).
    pub collapse: bool,
    /// Only the articles of this story (`story=ID`), every version listed.
    pub story: Option<u64>,
}

impl Default for SearchRequest {
    fn default() -> Self {
        SearchRequest {
            q: String::new(),
            filters: Filters::default(),
            from: None,
            to: None,
            sort: SortOrder::Relevance,
            operator: Operator::And,
            ranking: Ranking::Newsroom,
            page: 1,
            size: 10,
            facet_size: 10,
            facet_kinds: Vec::new(),
            snippets: true,
            histogram: true,
            autocorrect: true,
            significant: Vec::new(),
            significant_size: DEFAULT_SIGNIFICANT_SIZE,
            collapse: true,
            story: None,
        }
    }
}

/// Raw, unvalidated request parameters as they come from a URL query string or the CLI.
#[derive(Debug, Clone, Default)]
pub struct SearchParams {
    /// `(key, value)` pairs in order; keys may repeat.
    pub pairs: Vec<(String, String)>,
}

impl SearchParams {
    /// Validates the parameters into a request; unknown keys are ignored. Without a query (with
    /// or without filters) relevance orders nothing, so the default order is newest first.
    pub fn into_request(self) -> Result<SearchRequest, SearchError> {
        let mut request = SearchRequest::default();
        let mut sort_given = false;
        for (key, value) in self.pairs {
            let value = value.trim().to_string();
            let filter_kind = kind_named(&key);
            if let Some(kind) = filter_kind {
                if !value.is_empty() {
                    request.filters.add(kind, value);
                }
                continue;
            }
            match key.as_str() {
                "q" => request.q = value,
                "from" if !value.is_empty() => request.from = Some(parse_day("from", &value)?),
                "to" if !value.is_empty() => request.to = Some(parse_day("to", &value)?),
                "sort" => {
                    request.sort = SortOrder::parse(&value)?;
                    sort_given = !value.is_empty();
                }
                "op" | "operator" => {
                    request.operator = match value.to_ascii_lowercase().as_str() {
                        "" | "and" => Operator::And,
                        "or" => Operator::Or,
                        other => {
                            return Err(SearchError::BadRequest(format!(
                                "unknown operator {other:?}: expected and or or"
                            )))
                        }
                    }
                }
                "rank" | "ranking" => {
                    request.ranking = match value.to_ascii_lowercase().as_str() {
                        "" | "newsroom" => Ranking::Newsroom,
                        "classic" => Ranking::Classic,
                        other => {
                            return Err(SearchError::BadRequest(format!(
                                "unknown ranking {other:?}: expected newsroom or classic"
                            )))
                        }
                    }
                }
                "page" if !value.is_empty() => request.page = parse_number("page", &value)?,
                "size" if !value.is_empty() => request.size = parse_number("size", &value)?,
                // `facets=N` sets the values per kind; `facets=person,country` (as Meilisearch and
                // Typesense write it) names the kinds, with the size in `facet_size`.
                "facets" if !value.is_empty() => {
                    if value.bytes().all(|byte| byte.is_ascii_digit()) {
                        request.facet_size = parse_number("facets", &value)?
                    } else {
                        for kind in value.split(',').map(str::trim).filter(|k| !k.is_empty()) {
                            request.facet_kinds.push(parse_kind("facet", kind)?);
                        }
                    }
                }
                "facet_size" if !value.is_empty() => {
                    request.facet_size = parse_number("facet_size", &value)?
                }
                "facet" if !value.is_empty() => {
                    request.facet_kinds.push(parse_kind("facet", &value)?)
                }
                // Repeated or comma-separated, like `facets`.
                "significant" if !value.is_empty() => {
                    for name in value.split(',').map(str::trim).filter(|k| !k.is_empty()) {
                        let kind = parse_kind("significant", name)?;
                        if !request.significant.contains(&kind) {
                            request.significant.push(kind);
                        }
                    }
                }
                "significant_size" if !value.is_empty() => {
                    request.significant_size = parse_number("significant_size", &value)?
                }
                "snippets" => request.snippets = value != "0" && value != "false",
                "histogram" => request.histogram = value != "0" && value != "false",
                "autocorrect" => request.autocorrect = value != "0" && value != "false",
                "collapse" => request.collapse = parse_switch("collapse", &value)?,
                "story" if !value.is_empty() => {
                    request.story = Some(value.parse::<u64>().map_err(|_| {
                        SearchError::BadRequest(format!(
                            "story: expected a story id (a whole number), got {value:?}"
                        ))
                    })?)
                }
                _ => {}
            }
        }
        if !sort_given && request.q.trim().is_empty() {
            request.sort = SortOrder::Newest;
        }
        request.validate()?;
        Ok(request)
    }
}

impl SearchRequest {
    /// Checks bounds: sizes, paging depth, query length, date order.
    pub fn validate(&self) -> Result<(), SearchError> {
        let bad = |message: String| Err(SearchError::BadRequest(message));
        if self.size == 0 || self.size > MAX_PAGE_SIZE {
            return bad(format!(
                "size must be between 1 and {MAX_PAGE_SIZE}, got {}",
                self.size
            ));
        }
        if self.page == 0 {
            return bad("page must be 1 or more".into());
        }
        if self.page.saturating_mul(self.size) > MAX_RESULT_WINDOW {
            return bad(format!(
                "page {} of size {} is beyond the first {MAX_RESULT_WINDOW} results; narrow the query instead",
                self.page, self.size
            ));
        }
        if self.facet_size > MAX_FACET_SIZE {
            return bad(format!(
                "facets must be between 0 and {MAX_FACET_SIZE}, got {}",
                self.facet_size
            ));
        }
        if self.significant_size == 0 || self.significant_size > MAX_FACET_SIZE {
            return bad(format!(
                "significant_size must be between 1 and {MAX_FACET_SIZE}, got {}",
                self.significant_size
            ));
        }
        if self.q.len() > MAX_QUERY_BYTES {
            return bad(format!(
                "query is {} bytes, longer than the limit of {MAX_QUERY_BYTES}",
                self.q.len()
            ));
        }
        let mut depth = 0usize;
        for c in self.q.chars() {
            match c {
                '(' => {
                    depth += 1;
                    if depth > MAX_QUERY_NESTING {
                        return bad(format!(
                            "query nests parentheses deeper than {MAX_QUERY_NESTING} levels"
                        ));
                    }
                }
                ')' => depth = depth.saturating_sub(1),
                _ => {}
            }
        }
        if self.q.split_whitespace().count() > MAX_QUERY_TERMS {
            return bad(format!("query has more than {MAX_QUERY_TERMS} terms"));
        }
        for (name, date) in [("from", self.from), ("to", self.to)] {
            if date.is_some_and(|date| !(1700..=2200).contains(&chrono::Datelike::year(&date))) {
                return bad(format!("{name}: year must be between 1700 and 2200"));
            }
        }
        if let (Some(from), Some(to)) = (self.from, self.to) {
            if from > to {
                return bad(format!("from {from} is after to {to}"));
            }
        }
        Ok(())
    }

    /// Whether the response counts facet `kind`.
    pub fn wants_facet(&self, kind: FacetKind) -> bool {
        self.facet_size > 0 && (self.facet_kinds.is_empty() || self.facet_kinds.contains(&kind))
    }

    /// Offset of the page's first hit.
    pub fn offset(&self) -> usize {
        (self.page - 1) * self.size
    }

    /// The request as URL query pairs (for links in the page that keep the state).
    pub fn to_pairs(&self) -> Vec<(&'static str, String)> {
        let mut pairs = Vec::new();
        if !self.q.is_empty() {
            pairs.push(("q", self.q.clone()));
        }
        for (kind, values) in self.filters.iter() {
            for value in values {
                pairs.push((kind.as_str(), value.clone()));
            }
        }
        if let Some(from) = self.from {
            pairs.push(("from", from.to_string()));
        }
        if let Some(to) = self.to {
            pairs.push(("to", to.to_string()));
        }
        // An empty query's default is newest first, so its relevance order is written out.
        let default_sort = if self.q.trim().is_empty() {
            SortOrder::Newest
        } else {
            SortOrder::Relevance
        };
        if self.sort != default_sort {
            pairs.push(("sort", self.sort.as_str().to_string()));
        }
        if !self.autocorrect {
            pairs.push(("autocorrect", "0".to_string()));
        }
        if self.operator == Operator::Or {
            pairs.push(("op", "or".to_string()));
        }
        if self.ranking == Ranking::Classic {
            pairs.push(("rank", "classic".to_string()));
        }
        if !self.collapse {
            pairs.push(("collapse", "false".to_string()));
        }
        if let Some(story) = self.story {
            pairs.push(("story", story.to_string()));
        }
        if self.size != SearchRequest::default().size {
            pairs.push(("size", self.size.to_string()));
        }
        if self.page != 1 {
            pairs.push(("page", self.page.to_string()));
        }
        pairs
    }
}

/// Parses a filter date: `YYYY-MM-DD`, `YYYY-MM` (first day) or `YYYY` (first day).
fn parse_day(name: &str, text: &str) -> Result<NaiveDate, SearchError> {
    let parsed = NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(&format!("{text}-01"), "%Y-%m-%d"))
        .or_else(|_| NaiveDate::parse_from_str(&format!("{text}-01-01"), "%Y-%m-%d"))
        .ok()
        .or_else(|| {
            DateTime::parse_from_rfc3339(text)
                .ok()
                .map(|d| d.with_timezone(&Utc).date_naive())
        });
    parsed.ok_or_else(|| {
        SearchError::BadRequest(format!(
            "{name}: invalid date {text:?}, expected YYYY-MM-DD"
        ))
    })
}

/// The facet kind whose URL name is exactly `name` (requests take no other spelling).
fn kind_named(name: &str) -> Option<FacetKind> {
    FacetKind::ALL
        .into_iter()
        .find(|kind| kind.as_str() == name)
}

/// A facet kind named by parameter `parameter`, or a 400 listing the kinds there are.
fn parse_kind(parameter: &str, name: &str) -> Result<FacetKind, SearchError> {
    kind_named(name).ok_or_else(|| {
        let kinds: Vec<&str> = FacetKind::ALL.iter().map(|kind| kind.as_str()).collect();
        let number = if parameter == "facet" {
            "a number of values or "
        } else {
            ""
        };
        SearchError::BadRequest(format!(
            "unknown {parameter} kind {name:?}: expected {number}kinds among {}",
            kinds.join(", ")
        ))
    })
}

/// A yes/no parameter: `true`/`1`/`yes`/`on` or `false`/`0`/`no`/`off` (empty: yes); anything
/// else is a 400 rather than a guess.
fn parse_switch(name: &str, text: &str) -> Result<bool, SearchError> {
    match text.to_ascii_lowercase().as_str() {
        "" | "true" | "1" | "yes" | "on" => Ok(true),
        "false" | "0" | "no" | "off" => Ok(false),
        other => Err(SearchError::BadRequest(format!(
            "{name}: expected true or false, got {other:?}"
        ))),
    }
}

fn parse_number(name: &str, text: &str) -> Result<usize, SearchError> {
    text.parse::<usize>().map_err(|_| {
        SearchError::BadRequest(format!("{name}: expected a whole number, got {text:?}"))
    })
}

#[cfg(test)]
mod tests;
