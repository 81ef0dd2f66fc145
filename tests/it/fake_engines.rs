//! Small in-process fakes of the Quickwit 0.9 and OpenSearch REST APIs, only for what the real
//! engines cannot be made to do on demand: Quickwit answering 429 (retries), OpenSearch (not on
//! this machine) refusing chosen documents. Everything else is tested against a real Quickwit
//! node (`quickwit_node.rs`). Their request checks follow the engines' real deserialisation:
//! Quickwit's index config is JSON or YAML by content type, its ingest answer lists
//! `parse_failures` only with `detailed_response=true`.

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
    /// Index definitions received (JSON).
    pub configs: Vec<String>,
    /// Stored documents.
    pub documents: Vec<Value>,
    /// Bodies of document batches, with their sizes.
    pub batch_sizes: Vec<usize>,
    /// Problems found in requests (the tests assert this stays empty).
    pub violations: Vec<String>,
    /// Busy answers still to give before accepting documents (tests retries).
    pub busy_answers: usize,
    /// Whether the index exists.
    pub created: bool,
    /// Ids of documents the fake OpenSearch refuses (a mapping error per item).
    pub refused_ids: Vec<String>,
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
        .route("/api/v1/{index}/search", post(quickwit_count))
        .with_state(Arc::clone(&recorded));
    start(router, recorded)
}

async fn quickwit_create(
    State(state): State<Shared>,
    headers: HeaderMap,
    body: String,
) -> (StatusCode, Json<Value>) {
    let mut state = state.lock().unwrap();
    if !content_type(&headers).starts_with("application/json") {
        state
            .violations
            .push(format!("index config sent as {}", content_type(&headers)));
    }
    match serde_json::from_str::<Value>(&body) {
        Ok(config) => {
            if config["version"] != "0.9" || config["index_id"] != "news" {
                state.violations.push(format!("index config {config}"));
            }
            if config["doc_mapping"].get("timestamp_field").is_some() {
                state
                    .violations
                    .push("a timestamp field refuses undated articles".to_string());
            }
        }
        Err(error) => state
            .violations
            .push(format!("index config is not JSON: {error}")),
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
    if params.get("detailed_response").map(String::as_str) != Some("true") {
        state
            .violations
            .push("ingest without detailed_response=true: refusals would not be listed".into());
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
        Json(json!({
            "num_docs_for_processing": count,
            "num_ingested_docs": count,
            "num_rejected_docs": 0,
            "parse_failures": [],
        })),
    )
}

/// The document count (`max_hits: 0` searches), all that `push` asks of search.
async fn quickwit_count(State(state): State<Shared>, Json(request): Json<Value>) -> Json<Value> {
    let state = state.lock().unwrap();
    assert_eq!(request["max_hits"], 0, "push only counts");
    Json(json!({ "num_hits": state.documents.len(), "hits": [], "elapsed_time_micros": 10 }))
}

// ---- OpenSearch ----

/// Starts a fake OpenSearch node that refuses the documents with these ids.
pub fn opensearch(refused_ids: &[&str]) -> FakeEngine {
    let recorded: Shared = Arc::new(Mutex::new(Recorded {
        refused_ids: refused_ids.iter().map(|id| id.to_string()).collect(),
        ..Recorded::default()
    }));
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
    let mut errors = false;
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
        if state.refused_ids.contains(&id) {
            errors = true;
            items.push(json!({ "index": { "_id": id, "status": 400, "error": {
                "type": "mapper_parsing_exception",
                "reason": "failed to parse field [published] of type [date]",
            } } }));
            continue;
        }
        state
            .documents
            .retain(|existing| existing["id"] != id.as_str());
        state.documents.push(document);
        items.push(json!({ "index": { "_id": id, "status": 201 } }));
    }
    Json(json!({ "errors": errors, "items": items }))
}

async fn opensearch_count(State(state): State<Shared>) -> Json<Value> {
    Json(json!({ "count": state.lock().unwrap().documents.len() }))
}
