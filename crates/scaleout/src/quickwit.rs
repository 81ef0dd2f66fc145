//! A search backend answered by Quickwit's search API, so `newsroom serve --backend quickwit`
//! keeps the same page and `/api/search` contract over an index exported by newsroom.
//!
//! What differs from the local engine: matching is unstemmed (Quickwit 0.9 has no stemming
//! tokenizer), hits carry no score (Quickwit's search API does not return one), there is no
//! "did you mean", and entity suggestions come from a terms aggregation filtered here.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use chrono::{DateTime, NaiveDate, Utc};
use newsroom_entities::EntityKind;
use newsroom_index::{NameCount, StoredArticle};
use newsroom_search::{
    escape_html, fragments_html, read_histogram, Fragment, Hit, Operator, SearchBackend,
    SearchError, SearchRequest, SearchResponse, SortOrder,
};
use serde_json::{json, Map, Value};

use crate::http::{error_message, Http, RetryPolicy};

/// Terms fetched for entity suggestions before filtering by prefix.
const SUGGESTION_TERMS: usize = 2000;
/// The facet kinds and the Quickwit fields that hold them.
const FACET_FIELDS: [(&str, &str); 4] = [
    ("person", "person"),
    ("country", "country"),
    ("org", "org"),
    ("source", "source"),
];

/// Searches a Quickwit index built from a newsroom export.
#[derive(Debug, Clone)]
pub struct QuickwitBackend {
    http: Http,
    base: String,
    index: String,
}

impl QuickwitBackend {
    /// A backend for index `index` on the Quickwit node at `url` (`http://host:7280`).
    pub fn new(url: &str, index: &str, timeout: Duration) -> Self {
        let retry = RetryPolicy {
            max_attempts: 2,
            first_delay: Duration::from_millis(100),
        };
        QuickwitBackend {
            http: Http::new(timeout, retry),
            base: url.trim_end_matches('/').to_string(),
            index: index.to_string(),
        }
    }

    /// POSTs a search body; Quickwit's errors become the same JSON errors as local ones.
    fn search_raw(&self, body: &Value) -> Result<Value, SearchError> {
        let url = format!("{}/api/v1/{}/search", self.base, self.index);
        let remote = |status: u16, message: String| SearchError::Remote {
            backend: "quickwit",
            status,
            message,
        };
        let reply = self
            .http
            .send("POST", &url, None, Some(body.to_string().as_bytes()))
            .map_err(|error| remote(502, error.to_string()))?;
        match reply.status {
            200 => serde_json::from_str(&reply.body)
                .map_err(|error| remote(502, format!("unreadable answer: {error}"))),
            400 => Err(remote(400, error_message(&reply.body))),
            404 => Err(remote(502, format!("index {:?} not found", self.index))),
            status => Err(remote(
                502,
                format!("status {status}: {}", error_message(&reply.body)),
            )),
        }
    }
}

/// Quotes a value for a Quickwit field clause.
fn quoted(value: &str) -> String {
    let escaped = value.replace('\\', "\\\\").replace('"', "\\\"");
    format!("\"{escaped}\"")
}

/// The Quickwit query for a request: its text (AND by default, as locally) and its filters.
pub fn query_text(request: &SearchRequest, operator: Operator) -> String {
    let text = request.q.trim();
    let mut clauses = Vec::new();
    if !text.is_empty() {
        let simple = text.split_whitespace().all(|word| {
            word.chars()
                .all(|c| c.is_alphanumeric() || c == '\'' || c == '-')
        });
        let text = if operator == Operator::Or && simple {
            text.split_whitespace().collect::<Vec<_>>().join(" OR ")
        } else {
            text.to_string()
        };
        clauses.push(format!("({text})"));
    }
    for (field, values) in [
        ("person", &request.persons),
        ("country", &request.countries),
        ("org", &request.orgs),
        ("source", &request.sources),
    ] {
        if !values.is_empty() {
            let any: Vec<String> = values
                .iter()
                .map(|value| format!("{field}:{}", quoted(value)))
                .collect();
            clauses.push(format!("({})", any.join(" OR ")));
        }
    }
    // The exported index has no timestamp field (undated articles are kept), so dates are a
    // range on the `published` column: from the first day's start to the day after the last.
    if request.from.is_some() || request.to.is_some() {
        let start = request
            .from
            .map_or("*".to_string(), |day| format!("{day}T00:00:00Z"));
        let end = request
            .to
            .and_then(|day| day.succ_opt())
            .map_or("*".to_string(), |day| format!("{day}T00:00:00Z"));
        clauses.push(format!("published:[{start} TO {end}}}"));
    }
    if clauses.is_empty() {
        "*".to_string()
    } else {
        clauses.join(" AND ")
    }
}

/// The JSON body of Quickwit's search API for a request.
pub fn search_body(request: &SearchRequest, operator: Operator) -> Value {
    let mut body = json!({
        "query": query_text(request, operator),
        "max_hits": request.size,
        "start_offset": request.offset(),
    });
    match request.sort {
        SortOrder::Relevance => body["sort_by"] = json!("_score"),
        // Quickwit sorts a field in descending order; a leading `-` makes it ascending (checked
        // on a 0.9.0 node).
        SortOrder::Newest => body["sort_by"] = json!("published"),
        SortOrder::Oldest => body["sort_by"] = json!("-published"),
    }
    if request.snippets && !request.q.trim().is_empty() {
        // A comma-separated string: Quickwit refuses an array here (as for `search_field`).
        body["snippet_fields"] = json!("title,body");
    }
    let mut aggs = Map::new();
    if request.facet_size > 0 {
        for (kind, field) in FACET_FIELDS {
            if request.wants_facet(kind) {
                aggs.insert(
                    kind.to_string(),
                    json!({ "terms": { "field": field, "size": request.facet_size } }),
                );
            }
        }
    }
    if request.histogram {
        aggs.insert(
            "timeline".to_string(),
            json!({ "date_histogram": { "field": "published", "fixed_interval": "1d" } }),
        );
    }
    if !aggs.is_empty() {
        body["aggs"] = Value::Object(aggs);
    }
    body
}

/// Plain text and highlighted character ranges of a Quickwit snippet (`<b>` marks matches in
/// HTML-escaped text).
pub fn snippet_fragment(html: &str) -> Fragment {
    let mut text = String::new();
    let mut highlights = Vec::new();
    let mut open: Option<usize> = None;
    let mut rest = html;
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix("<b>") {
            open = Some(text.chars().count());
            rest = after;
        } else if let Some(after) = rest.strip_prefix("</b>") {
            if let Some(start) = open.take() {
                highlights.push([start, text.chars().count()]);
            }
            rest = after;
        } else if rest.starts_with('&') {
            let entity_end = rest.find(';').filter(|end| *end <= 8);
            let decoded = entity_end.and_then(|end| match &rest[..=end] {
                "&amp;" => Some('&'),
                "&lt;" => Some('<'),
                "&gt;" => Some('>'),
                "&quot;" => Some('"'),
                "&#x27;" | "&#39;" => Some('\''),
                "&#x2F;" => Some('/'),
                _ => None,
            });
            match (decoded, entity_end) {
                (Some(c), Some(end)) => {
                    text.push(c);
                    rest = &rest[end + 1..];
                }
                _ => {
                    text.push('&');
                    rest = &rest[1..];
                }
            }
        } else {
            let next = rest.chars().next().unwrap_or(' ');
            text.push(next);
            rest = &rest[next.len_utf8()..];
        }
    }
    Fragment { text, highlights }
}

fn strings(value: &Value) -> Vec<String> {
    match value {
        Value::Array(items) => items
            .iter()
            .filter_map(|item| item.as_str().map(str::to_string))
            .collect(),
        Value::String(text) => vec![text.clone()],
        _ => Vec::new(),
    }
}

fn optional_string(value: &Value) -> Option<String> {
    value.as_str().map(str::to_string)
}

/// An article from a Quickwit hit (the exported document).
pub fn article_from_hit(hit: &Value) -> StoredArticle {
    StoredArticle {
        id: hit["id"].as_str().unwrap_or_default().to_string(),
        title: hit["title"].as_str().unwrap_or_default().to_string(),
        body: hit["body"].as_str().unwrap_or_default().to_string(),
        published: hit["published"]
            .as_str()
            .and_then(|date| DateTime::parse_from_rfc3339(date).ok())
            .map(|date| date.with_timezone(&Utc)),
        source: optional_string(&hit["source"]),
        url: optional_string(&hit["url"]),
        category: optional_string(&hit["category"]),
        persons: strings(&hit["person"]),
        countries: strings(&hit["country"]),
        organizations: strings(&hit["org"]),
        story: None,
        encoded_mentions: None,
        mentions: Vec::new(),
    }
}

/// The newsroom response for a Quickwit answer.
pub fn response_from_quickwit(
    request: &SearchRequest,
    answer: &Value,
    fallback_or: bool,
    took: Duration,
) -> SearchResponse {
    let empty = Vec::new();
    let snippets = answer["snippets"].as_array().unwrap_or(&empty);
    let hits = answer["hits"]
        .as_array()
        .unwrap_or(&empty)
        .iter()
        .enumerate()
        .map(|(position, hit)| {
            let article = article_from_hit(hit);
            let snippet = snippets.get(position);
            let fragments: Vec<Fragment> = snippet
                .map(|snippet| {
                    strings(&snippet["body"])
                        .iter()
                        .map(|s| snippet_fragment(s))
                        .collect()
                })
                .unwrap_or_default();
            let fragments = if fragments.is_empty() {
                let lead: String = article.body.chars().take(240).collect();
                vec![Fragment {
                    text: lead,
                    highlights: Vec::new(),
                }]
            } else {
                fragments.into_iter().take(3).collect()
            };
            let title_html = snippet
                .and_then(|snippet| strings(&snippet["title"]).first().cloned())
                .map(|title| fragments_html(&[snippet_fragment(&title)]))
                .unwrap_or_else(|| escape_html(&article.title));
            Hit {
                id: article.id,
                title: article.title,
                title_html,
                snippet_html: fragments_html(&fragments),
                fragments,
                published: article.published,
                source: article.source,
                url: article.url,
                category: article.category,
                score: 0.0,
                persons: article.persons,
                countries: article.countries,
                organizations: article.organizations,
                story: None,
                more_versions: 0,
            }
        })
        .collect();
    let aggregations = &answer["aggregations"];
    let mut facets = BTreeMap::new();
    for (kind, _) in FACET_FIELDS {
        if let Some(buckets) = aggregations[kind]["buckets"].as_array() {
            let mut values: Vec<NameCount> = buckets
                .iter()
                .filter_map(|bucket| {
                    Some(NameCount {
                        name: bucket["key"].as_str()?.to_string(),
                        count: bucket["doc_count"].as_u64()?,
                    })
                })
                .collect();
            values.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.name.cmp(&b.name)));
            facets.insert(kind.to_string(), values);
        }
    }
    let histogram = request.histogram.then(|| {
        let days: Vec<(NaiveDate, u64)> = aggregations["timeline"]["buckets"]
            .as_array()
            .unwrap_or(&empty)
            .iter()
            .filter_map(|bucket| {
                let millis = bucket["key"].as_f64()? as i64;
                let day = DateTime::<Utc>::from_timestamp_millis(millis)?.date_naive();
                Some((day, bucket["doc_count"].as_u64()?))
            })
            .filter(|(_, count)| *count > 0)
            .collect();
        read_histogram(days)
    });
    SearchResponse {
        request: request.clone(),
        total: answer["num_hits"].as_u64().unwrap_or(0),
        stories: None,
        took_ms: took.as_secs_f64() * 1000.0,
        fallback_or,
        notice: fallback_or.then(|| {
            "No article contains all the words; showing articles with any of them.".to_string()
        }),
        did_you_mean: None,
        corrected_query: None,
        corrections: Vec::new(),
        hits,
        facets,
        histogram,
        significant: None,
    }
}

impl SearchBackend for QuickwitBackend {
    fn search(&self, request: &SearchRequest) -> Result<SearchResponse, SearchError> {
        let started = Instant::now();
        request.validate()?;
        if !request.significant.is_empty() {
            return Err(SearchError::BadRequest(
                "significant values are counted by the local index only, not by the quickwit backend"
                    .into(),
            ));
        }
        // Quickwit has no collapse: its results are every matching article (`stories` absent,
        // `collapse` has no effect), and the story id is not exported, so no story is listed.
        if request.story.is_some() {
            return Err(SearchError::BadRequest(
                "stories (story=ID) are kept by the local index only, not by the quickwit backend"
                    .into(),
            ));
        }
        let answer = self.search_raw(&search_body(request, request.operator))?;
        let words = request.q.split_whitespace().count();
        let retry_with_or = request.operator == Operator::And
            && words > 1
            && answer["num_hits"].as_u64() == Some(0);
        if retry_with_or {
            let answer = self.search_raw(&search_body(request, Operator::Or))?;
            if answer["num_hits"].as_u64().unwrap_or(0) > 0 {
                return Ok(response_from_quickwit(
                    request,
                    &answer,
                    true,
                    started.elapsed(),
                ));
            }
        }
        Ok(response_from_quickwit(
            request,
            &answer,
            false,
            started.elapsed(),
        ))
    }

    fn article(&self, id: &str) -> Result<StoredArticle, SearchError> {
        let body = json!({ "query": format!("id:{}", quoted(id)), "max_hits": 1 });
        let answer = self.search_raw(&body)?;
        answer["hits"]
            .as_array()
            .and_then(|hits| hits.first())
            .map(article_from_hit)
            .ok_or_else(|| SearchError::NotFound(id.to_string()))
    }

    fn suggest(
        &self,
        kind: EntityKind,
        prefix: &str,
        limit: usize,
    ) -> Result<Vec<NameCount>, SearchError> {
        let field = kind.as_str();
        let body = json!({
            "query": "*",
            "max_hits": 0,
            "aggs": { "names": { "terms": { "field": field, "size": SUGGESTION_TERMS } } },
        });
        let answer = self.search_raw(&body)?;
        let prefix = prefix.trim().to_lowercase();
        let mut names: Vec<NameCount> = answer["aggregations"]["names"]["buckets"]
            .as_array()
            .map(Vec::as_slice)
            .unwrap_or_default()
            .iter()
            .filter_map(|bucket| {
                Some(NameCount {
                    name: bucket["key"].as_str()?.to_string(),
                    count: bucket["doc_count"].as_u64()?,
                })
            })
            .filter(|name| {
                let lower = name.name.to_lowercase();
                prefix.is_empty()
                    || lower.starts_with(&prefix)
                    || lower
                        .split([' ', '-'])
                        .any(|word| word.starts_with(&prefix))
            })
            .collect();
        names.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.name.cmp(&b.name)));
        names.truncate(limit);
        Ok(names)
    }

    fn document_count(&self) -> Result<u64, SearchError> {
        let answer = self.search_raw(&json!({ "query": "*", "max_hits": 0 }))?;
        Ok(answer["num_hits"].as_u64().unwrap_or(0))
    }

    fn name(&self) -> &'static str {
        "quickwit"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snippets_become_fragments_with_character_offsets() {
        let fragment =
            snippet_fragment("Café talks: <b>Putin</b> &amp; <b>Zelensky</b> &lt;met&gt;");
        assert_eq!(fragment.text, "Café talks: Putin & Zelensky <met>");
        assert_eq!(fragment.highlights, vec![[12, 17], [20, 28]]);
        assert_eq!(
            fragments_html(&[fragment]),
            "Café talks: <mark>Putin</mark> &amp; <mark>Zelensky</mark> &lt;met&gt;"
        );
    }

    #[test]
    fn queries_carry_text_and_filters() {
        let request = SearchRequest {
            q: "ceasefire talks".into(),
            persons: vec!["Vladimir Putin".into(), "Say \"hi\"".into()],
            countries: vec!["Ukraine".into()],
            ..SearchRequest::default()
        };
        assert_eq!(
            query_text(&request, Operator::And),
            "(ceasefire talks) AND (person:\"Vladimir Putin\" OR person:\"Say \\\"hi\\\"\") AND (country:\"Ukraine\")"
        );
        assert!(query_text(&request, Operator::Or).starts_with("(ceasefire OR talks) AND"));
        assert_eq!(query_text(&SearchRequest::default(), Operator::And), "*");
    }
}
