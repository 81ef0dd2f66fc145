//! A search backend answered by Quickwit's search API, so `newsroom serve --backend quickwit`
//! keeps the same page and `/api/search` contract over an index exported by newsroom.
//!
//! What differs from the local engine: matching is unstemmed (Quickwit 0.9 has no stemming
//! tokenizer), hits carry no score (Quickwit's search API does not return one), there is no
//! "did you mean", and entity suggestions come from a terms aggregation filtered here.
//! `query.rs` builds Quickwit's request, `answer.rs` reads its answer.

use std::time::{Duration, Instant};

use newsroom_entities::EntityKind;
use newsroom_index::{NameCount, StoredArticle};
use newsroom_search::{Operator, SearchBackend, SearchError, SearchRequest, SearchResponse};
use serde_json::{json, Value};

use crate::http::{error_message, Http, RetryPolicy};

mod answer;
mod query;

pub use answer::{article_from_hit, response_from_quickwit, snippet_fragment};
use query::quoted;
pub use query::{query_text, search_body};

/// Terms fetched for entity suggestions before filtering by prefix.
const SUGGESTION_TERMS: usize = 2000;

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
        let field = newsroom_index::FacetKind::of_entity(kind).field_name();
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
