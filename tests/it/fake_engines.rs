//! Small in-process fakes of Quickwit 0.9 and OpenSearch REST APIs for the scale-out tests.
//! They check each request's path, headers and body against the documented APIs, keep the
//! documents in memory, and answer searches over them (substring matching, not BM25).

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::{json, Value};

/// What a fake engine saw and holds.
#[derive(Default)]
pub struct Recorded {
    /// Index definitions received (YAML for Quickwit, JSON for OpenSearch).
    pub configs: Vec<String>,
    /// Stored documents.
    pub documents: Vec<Value>,
    /// Bodies of document batches, with their sizes.
    pub batch_sizes: Vec<usize>,
    /// Search request bodies.
    pub searches: Vec<Value>,
    /// Problems found in requests (the tests assert this stays empty).
    pub violations: Vec<String>,
    /// Busy answers still to give before accepting documents (tests retries).
    pub busy_answers: usize,
    /// Whether the index exists.
    pub created: bool,
}

pub type Shared = Arc<Mutex<Recorded>>;

/// A fake engine running on an ephemeral port until the test ends.
pub struct FakeEngine {
    pub url: String,
    pub recorded: Shared,
    _runtime: tokio::runtime::Runtime,
}

fn start(router: Router, recorded: Shared) -> FakeEngine {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let listener = runtime
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    runtime.spawn(async move { axum::serve(listener, router).await });
    FakeEngine {
        url,
        recorded,
        _runtime: runtime,
    }
}

fn content_type(headers: &HeaderMap) -> String {
    headers
        .get("content-type")
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default()
        .to_string()
}

/// Checks one exported document: fields, types, RFC 3339 date.
fn check_document(document: &Value, violations: &mut Vec<String>) {
    for field in ["id", "title", "body"] {
        if !document[field].is_string() {
            violations.push(format!("document without string {field}: {document}"));
        }
    }
    for field in ["person", "country", "org"] {
        if !document[field].is_array() {
            violations.push(format!("{field} is not an array: {document}"));
        }
    }
    if let Some(date) = document.get("published") {
        let valid = date
            .as_str()
            .is_some_and(|date| chrono::DateTime::parse_from_rfc3339(date).is_ok());
        if !valid {
            violations.push(format!("published is not RFC 3339: {date}"));
        }
    }
}

// ---- Quickwit ----

/// Starts a fake Quickwit node.
pub fn quickwit(busy_answers: usize) -> FakeEngine {
    let recorded: Shared = Arc::new(Mutex::new(Recorded {
        busy_answers,
        ..Recorded::default()
    }));
    let router = Router::new()
        .route("/api/v1/indexes", post(quickwit_create))
        .route("/api/v1/indexes/{index}", get(quickwit_describe))
        .route("/api/v1/{index}/ingest", post(quickwit_ingest))
        .route("/api/v1/{index}/search", post(quickwit_search))
        .with_state(Arc::clone(&recorded));
    start(router, recorded)
}

async fn quickwit_create(
    State(state): State<Shared>,
    headers: HeaderMap,
    body: String,
) -> (StatusCode, Json<Value>) {
    let mut state = state.lock().unwrap();
    if !content_type(&headers).starts_with("application/yaml") {
        state
            .violations
            .push(format!("index config sent as {}", content_type(&headers)));
    }
    for needed in [
        "version: 0.9",
        "index_id: news",
        "timestamp_field: published",
        "type: array<text>",
    ] {
        if !body.contains(needed) {
            state
                .violations
                .push(format!("index config lacks {needed:?}"));
        }
    }
    state.configs.push(body);
    state.created = true;
    (
        StatusCode::OK,
        Json(json!({ "index_config": { "index_id": "news" } })),
    )
}

async fn quickwit_describe(State(state): State<Shared>, Path(index): Path<String>) -> StatusCode {
    let state = state.lock().unwrap();
    if state.created && index == "news" {
        StatusCode::OK
    } else {
        StatusCode::NOT_FOUND
    }
}

async fn quickwit_ingest(
    State(state): State<Shared>,
    Path(index): Path<String>,
    Query(params): Query<BTreeMap<String, String>>,
    headers: HeaderMap,
    body: Bytes,
) -> (StatusCode, Json<Value>) {
    let mut state = state.lock().unwrap();
    if !state.created || index != "news" {
        return (
            StatusCode::NOT_FOUND,
            Json(json!({ "message": "index not found" })),
        );
    }
    if state.busy_answers > 0 {
        state.busy_answers -= 1;
        return (
            StatusCode::TOO_MANY_REQUESTS,
            Json(json!({ "message": "rate limited" })),
        );
    }
    if !content_type(&headers).starts_with("application/x-ndjson") {
        state
            .violations
            .push(format!("ingest sent as {}", content_type(&headers)));
    }
    if !matches!(
        params.get("commit").map(String::as_str),
        Some("auto" | "wait_for" | "force")
    ) {
        state
            .violations
            .push(format!("bad commit parameter {params:?}"));
    }
    if body.len() > 10 * 1024 * 1024 {
        state
            .violations
            .push(format!("ingest payload of {} bytes", body.len()));
    }
    state.batch_sizes.push(body.len());
    let text = String::from_utf8_lossy(&body).into_owned();
    let mut count = 0;
    for line in text.lines().filter(|line| !line.trim().is_empty()) {
        match serde_json::from_str::<Value>(line) {
            Ok(document) => {
                let mut violations = Vec::new();
                check_document(&document, &mut violations);
                state.violations.extend(violations);
                state.documents.push(document);
                count += 1;
            }
            Err(error) => state
                .violations
                .push(format!("invalid NDJSON line: {error}")),
        }
    }
    (
        StatusCode::OK,
        Json(json!({ "num_docs_for_processing": count })),
    )
}

/// The words of the text clause `(...)` and the `field:"value"` filters of a generated query.
fn parse_query(query: &str) -> (Vec<String>, Vec<(String, Vec<String>)>) {
    let mut words = Vec::new();
    let mut filters = Vec::new();
    for clause in query.split(" AND ") {
        let clause = clause.trim().trim_start_matches('(').trim_end_matches(')');
        if clause == "*" {
            continue;
        }
        if clause.contains(":\"") {
            let mut field = String::new();
            let mut values = Vec::new();
            for alternative in clause.split(" OR ") {
                if let Some((name, value)) = alternative.split_once(':') {
                    field = name.to_string();
                    values.push(value.trim_matches('"').to_string());
                }
            }
            filters.push((field, values));
        } else {
            words.extend(clause.split_whitespace().map(str::to_lowercase));
        }
    }
    (words, filters)
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

async fn quickwit_search(
    State(state): State<Shared>,
    Path(index): Path<String>,
    headers: HeaderMap,
    Json(request): Json<Value>,
) -> (StatusCode, Json<Value>) {
    let mut state = state.lock().unwrap();
    if index != "news" || !state.created {
        return (
            StatusCode::NOT_FOUND,
            Json(json!({ "message": "index not found" })),
        );
    }
    if !content_type(&headers).starts_with("application/json") {
        state
            .violations
            .push(format!("search sent as {}", content_type(&headers)));
    }
    state.searches.push(request.clone());
    let Some(query) = request["query"].as_str() else {
        return (
            StatusCode::BAD_REQUEST,
            Json(json!({ "message": "query is mandatory" })),
        );
    };
    if query.contains("((") {
        return (
            StatusCode::BAD_REQUEST,
            Json(json!({ "message": "Failed to parse query" })),
        );
    }
    let (words, filters) = parse_query(query);
    let documents = state.documents.clone();
    let matched: Vec<&Value> = documents
        .iter()
        .filter(|document| {
            let text = format!("{} {}", document["title"], document["body"]).to_lowercase();
            words.iter().all(|word| text.contains(word.as_str()))
                && filters.iter().all(|(field, values)| {
                    let held: Vec<&str> = match &document[field] {
                        Value::Array(items) => items.iter().filter_map(Value::as_str).collect(),
                        Value::String(value) => vec![value.as_str()],
                        _ => Vec::new(),
                    };
                    values.iter().any(|value| held.contains(&value.as_str()))
                })
        })
        .collect();
    let offset = request["start_offset"].as_u64().unwrap_or(0) as usize;
    let max_hits = request["max_hits"].as_u64().unwrap_or(20) as usize;
    let hits: Vec<Value> = matched
        .iter()
        .skip(offset)
        .take(max_hits)
        .map(|d| (*d).clone())
        .collect();
    let mut answer = json!({ "num_hits": matched.len(), "hits": hits, "elapsed_time_micros": 10 });
    if request.get("snippet_fields").is_some() {
        let snippets: Vec<Value> = hits
            .iter()
            .map(|hit| {
                let body = hit["body"].as_str().unwrap_or_default();
                let mut html = escape(body);
                for word in &words {
                    if let Some(at) = html.to_lowercase().find(word.as_str()) {
                        let found = html[at..at + word.len()].to_string();
                        html.replace_range(at..at + word.len(), &format!("<b>{found}</b>"));
                    }
                }
                json!({ "body": [html] })
            })
            .collect();
        answer["snippets"] = json!(snippets);
    }
    if let Some(aggs) = request["aggs"].as_object() {
        let mut aggregations = serde_json::Map::new();
        for (name, agg) in aggs {
            if let Some(field) = agg["terms"]["field"].as_str() {
                let mut counts: BTreeMap<String, u64> = BTreeMap::new();
                for document in &matched {
                    match &document[field] {
                        Value::Array(items) => {
                            for item in items.iter().filter_map(Value::as_str) {
                                *counts.entry(item.to_string()).or_default() += 1;
                            }
                        }
                        Value::String(value) => *counts.entry(value.clone()).or_default() += 1,
                        _ => {}
                    }
                }
                let mut buckets: Vec<(String, u64)> = counts.into_iter().collect();
                buckets.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
                buckets.truncate(agg["terms"]["size"].as_u64().unwrap_or(10) as usize);
                let buckets: Vec<Value> = buckets
                    .into_iter()
                    .map(|(key, doc_count)| json!({ "key": key, "doc_count": doc_count }))
                    .collect();
                aggregations.insert(name.clone(), json!({ "buckets": buckets }));
            } else if agg["date_histogram"]["fixed_interval"] == "1d" {
                let mut days: BTreeMap<i64, u64> = BTreeMap::new();
                for document in &matched {
                    if let Some(date) = document["published"]
                        .as_str()
                        .and_then(|d| chrono::DateTime::parse_from_rfc3339(d).ok())
                    {
                        let day = date.timestamp().div_euclid(86_400) * 86_400_000;
                        *days.entry(day).or_default() += 1;
                    }
                }
                let buckets: Vec<Value> = days
                    .into_iter()
                    .map(|(key, doc_count)| json!({ "key": key as f64, "doc_count": doc_count }))
                    .collect();
                aggregations.insert(name.clone(), json!({ "buckets": buckets }));
            } else {
                state
                    .violations
                    .push(format!("unsupported aggregation {agg}"));
            }
        }
        answer["aggregations"] = Value::Object(aggregations);
    }
    (StatusCode::OK, Json(answer))
}

// ---- OpenSearch ----

/// Starts a fake OpenSearch node.
pub fn opensearch() -> FakeEngine {
    let recorded: Shared = Arc::new(Mutex::new(Recorded::default()));
    let router = Router::new()
        .route(
            "/{index}",
            axum::routing::head(opensearch_exists).put(opensearch_create),
        )
        .route("/{index}/_bulk", post(opensearch_bulk))
        .route(
            "/{index}/_refresh",
            post(|| async { Json(json!({ "_shards": { "failed": 0 } })) }),
        )
        .route("/{index}/_count", get(opensearch_count))
        .with_state(Arc::clone(&recorded));
    start(router, recorded)
}

async fn opensearch_exists(State(state): State<Shared>) -> StatusCode {
    if state.lock().unwrap().created {
        StatusCode::OK
    } else {
        StatusCode::NOT_FOUND
    }
}

async fn opensearch_create(State(state): State<Shared>, body: String) -> Json<Value> {
    let mut state = state.lock().unwrap();
    match serde_json::from_str::<Value>(&body) {
        Ok(mapping) => {
            if mapping["mappings"]["properties"]["person"]["type"] != "keyword" {
                state
                    .violations
                    .push("person is not a keyword field".to_string());
            }
        }
        Err(error) => state
            .violations
            .push(format!("mapping is not JSON: {error}")),
    }
    state.configs.push(body);
    state.created = true;
    Json(json!({ "acknowledged": true }))
}

async fn opensearch_bulk(
    State(state): State<Shared>,
    headers: HeaderMap,
    body: String,
) -> Json<Value> {
    let mut state = state.lock().unwrap();
    if !content_type(&headers).starts_with("application/x-ndjson") {
        state
            .violations
            .push(format!("bulk sent as {}", content_type(&headers)));
    }
    state.batch_sizes.push(body.len());
    let lines: Vec<&str> = body.lines().filter(|line| !line.is_empty()).collect();
    let mut items = Vec::new();
    for pair in lines.chunks(2) {
        let action: Value = serde_json::from_str(pair[0]).unwrap_or(Value::Null);
        let Some(id) = action["index"]["_id"].as_str() else {
            state
                .violations
                .push(format!("bulk action without index._id: {}", pair[0]));
            continue;
        };
        let document: Value = pair
            .get(1)
            .and_then(|line| serde_json::from_str(line).ok())
            .unwrap_or(Value::Null);
        let mut violations = Vec::new();
        check_document(&document, &mut violations);
        state.violations.extend(violations);
        let id = id.to_string();
        state
            .documents
            .retain(|existing| existing["id"] != id.as_str());
        state.documents.push(document);
        items.push(json!({ "index": { "_id": id, "status": 201 } }));
    }
    Json(json!({ "errors": false, "items": items }))
}

async fn opensearch_count(State(state): State<Shared>) -> Json<Value> {
    Json(json!({ "count": state.lock().unwrap().documents.len() }))
}
