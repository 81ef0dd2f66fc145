//! `newsroom push`: create the remote index when missing, stream the enriched documents to it in
//! batches, and check the remote count.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use newsroom_index::open_existing;
use serde_json::{json, Value};

use crate::export::{for_each_article, record, ExportFormat};
use crate::http::{error_message, Http, Reply, RetryPolicy};
use crate::mapping::{opensearch_index_body, quickwit_index_config};
use crate::ScaleOutError;

/// Where documents go.
#[derive(Debug, Clone)]
pub enum Target {
    /// A Quickwit 0.9 cluster (any node's REST address) and index id.
    Quickwit {
        /// Base URL, such as `http://127.0.0.1:7280`.
        url: String,
        /// Index id.
        index: String,
    },
    /// An OpenSearch cluster and index name.
    OpenSearch {
        /// Base URL, such as `http://127.0.0.1:9200`.
        url: String,
        /// Index name.
        index: String,
    },
}

/// Settings of a push.
#[derive(Debug, Clone)]
pub struct PushOptions {
    /// The newsroom index to read.
    pub index_dir: PathBuf,
    /// The remote engine.
    pub target: Target,
    /// Largest request body in bytes (Quickwit refuses ingest payloads over 10 MB by default).
    pub batch_bytes: usize,
    /// Retries on 429/503 and connection failures.
    pub retry: RetryPolicy,
    /// How long to wait for the remote count to reach the number sent.
    pub count_timeout: Duration,
}

impl PushOptions {
    /// Defaults: 8 MB batches, 6 attempts from 0.5 s, 120 s for the final count.
    pub fn new(index_dir: PathBuf, target: Target) -> Self {
        PushOptions {
            index_dir,
            target,
            batch_bytes: 8 * 1024 * 1024,
            retry: RetryPolicy::default(),
            count_timeout: Duration::from_secs(120),
        }
    }
}

/// What a push did.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct PushSummary {
    /// Whether the remote index was created by this push.
    pub created_index: bool,
    /// Documents sent.
    pub documents: u64,
    /// Requests that carried documents.
    pub batches: u64,
    /// Documents the remote index reports at the end.
    pub remote_count: u64,
}

/// Pushes every document of the index. `progress` hears (documents sent, total).
pub fn push(
    options: &PushOptions,
    progress: impl Fn(u64, u64),
) -> Result<PushSummary, ScaleOutError> {
    let http = Http::new(Duration::from_secs(120), options.retry);
    let (_, schema) = open_existing(&options.index_dir)?;
    let (format, base, index) = match &options.target {
        Target::Quickwit { url, index } => (ExportFormat::Quickwit, url, index),
        Target::OpenSearch { url, index } => (ExportFormat::OpenSearch, url, index),
    };
    let base = base.trim_end_matches('/').to_string();
    let mut summary = PushSummary {
        created_index: match format {
            ExportFormat::Quickwit => {
                let config = quickwit_index_config(&schema.schema, index);
                ensure_index(
                    &http,
                    &format!("{base}/api/v1/indexes/{index}"),
                    "GET",
                    || {
                        (
                            "POST",
                            format!("{base}/api/v1/indexes"),
                            "application/yaml",
                            config.into_bytes(),
                        )
                    },
                )?
            }
            ExportFormat::OpenSearch => {
                let body = opensearch_index_body(&schema.schema).to_string();
                ensure_index(&http, &format!("{base}/{index}"), "HEAD", || {
                    (
                        "PUT",
                        format!("{base}/{index}"),
                        "application/json",
                        body.into_bytes(),
                    )
                })?
            }
        },
        ..PushSummary::default()
    };
    // Quickwit appends (no upsert by id): what was there before counts towards the final total.
    let before = if summary.created_index || format == ExportFormat::OpenSearch {
        0
    } else {
        remote_count(&http, &options.target, &base)?
    };
    let mut batch: Vec<u8> = Vec::new();
    let mut in_batch = 0u64;
    let mut total = 0;
    let send = |batch: &[u8], last: bool| -> Result<(), ScaleOutError> {
        match format {
            ExportFormat::Quickwit => {
                let commit = if last { "force" } else { "auto" };
                let url = format!("{base}/api/v1/{index}/ingest?commit={commit}");
                expect_ok(
                    &url,
                    http.send("POST", &url, Some("application/x-ndjson"), Some(batch))?,
                )
                .map(|_| ())
            }
            ExportFormat::OpenSearch => {
                let url = format!("{base}/{index}/_bulk");
                let reply = expect_ok(
                    &url,
                    http.send("POST", &url, Some("application/x-ndjson"), Some(batch))?,
                )?;
                bulk_errors(&url, &reply)
            }
        }
    };
    for_each_article(&options.index_dir, |article, count| {
        total = count;
        {
            let record = record(format, &article);
            if !batch.is_empty() && batch.len() + record.len() > options.batch_bytes {
                send(&batch, false)?;
                summary.batches += 1;
                summary.documents += in_batch;
                progress(summary.documents, total);
                batch.clear();
                in_batch = 0;
            }
            batch.extend_from_slice(&record);
            in_batch += 1;
            Ok(())
        }
    })?;
    if !batch.is_empty() || format == ExportFormat::Quickwit {
        send(&batch, true)?;
        summary.batches += u64::from(!batch.is_empty());
        summary.documents += in_batch;
        progress(summary.documents, total);
    }
    // OpenSearch replaces documents by _id, so an existing index may hold more than was sent.
    let expected = before + summary.documents;
    let at_least = format == ExportFormat::OpenSearch && !summary.created_index;
    summary.remote_count = wait_for_count(
        &http,
        &options.target,
        &base,
        expected,
        at_least,
        options.count_timeout,
    )?;
    Ok(summary)
}

/// Creates the index unless `probe` finds it; returns whether it was created.
fn ensure_index(
    http: &Http,
    probe: &str,
    probe_method: &str,
    create: impl FnOnce() -> (&'static str, String, &'static str, Vec<u8>),
) -> Result<bool, ScaleOutError> {
    let reply = http.send(probe_method, probe, None, None)?;
    match reply.status {
        200 => Ok(false),
        404 => {
            let (method, url, content_type, body) = create();
            expect_ok(
                &url,
                http.send(method, &url, Some(content_type), Some(&body))?,
            )?;
            Ok(true)
        }
        status => Err(ScaleOutError::Remote {
            url: probe.to_string(),
            status: Some(status),
            message: error_message(&reply.body),
        }),
    }
}

fn expect_ok(url: &str, reply: Reply) -> Result<Reply, ScaleOutError> {
    if (200..300).contains(&reply.status) {
        Ok(reply)
    } else {
        Err(ScaleOutError::Remote {
            url: url.to_string(),
            status: Some(reply.status),
            message: error_message(&reply.body),
        })
    }
}

/// OpenSearch answers `_bulk` with 200 even when items fail: report the first failure.
fn bulk_errors(url: &str, reply: &Reply) -> Result<(), ScaleOutError> {
    let value: Value = serde_json::from_str(&reply.body).unwrap_or(Value::Null);
    if value["errors"] != Value::Bool(true) {
        return Ok(());
    }
    let items = value["items"].as_array().cloned().unwrap_or_default();
    let failed: Vec<&Value> = items
        .iter()
        .filter_map(|item| item.get("index"))
        .filter(|item| item["status"].as_u64().is_some_and(|status| status >= 300))
        .collect();
    let first = failed.first().map_or_else(String::new, |item| {
        format!(
            "document {}: {}",
            item["_id"],
            item["error"]["reason"].as_str().unwrap_or("failed")
        )
    });
    Err(ScaleOutError::Remote {
        url: url.to_string(),
        status: Some(reply.status),
        message: format!(
            "{} of {} documents were refused; first: {first}",
            failed.len(),
            items.len()
        ),
    })
}

/// Polls the remote count until it reaches `sent` (or more, when `at_least`) or the timeout
/// passes.
fn wait_for_count(
    http: &Http,
    target: &Target,
    base: &str,
    sent: u64,
    at_least: bool,
    timeout: Duration,
) -> Result<u64, ScaleOutError> {
    let started = Instant::now();
    loop {
        let count = remote_count(http, target, base)?;
        if count >= sent || started.elapsed() >= timeout {
            return if count == sent || (at_least && count > sent) {
                Ok(count)
            } else {
                Err(ScaleOutError::CountMismatch {
                    sent,
                    remote: count,
                })
            };
        }
        std::thread::sleep(Duration::from_millis(500));
    }
}

/// Documents in the remote index.
fn remote_count(http: &Http, target: &Target, base: &str) -> Result<u64, ScaleOutError> {
    match target {
        Target::Quickwit { index, .. } => {
            let url = format!("{base}/api/v1/{index}/search");
            let body = json!({ "query": "*", "max_hits": 0 }).to_string();
            let reply = expect_ok(&url, http.send("POST", &url, None, Some(body.as_bytes()))?)?;
            json_u64(&url, &reply.body, "num_hits")
        }
        Target::OpenSearch { index, .. } => {
            let refresh = format!("{base}/{index}/_refresh");
            expect_ok(&refresh, http.send("POST", &refresh, None, None)?)?;
            let url = format!("{base}/{index}/_count");
            let reply = expect_ok(&url, http.send("GET", &url, None, None)?)?;
            json_u64(&url, &reply.body, "count")
        }
    }
}

fn json_u64(url: &str, body: &str, key: &str) -> Result<u64, ScaleOutError> {
    serde_json::from_str::<Value>(body)
        .ok()
        .and_then(|value| value[key].as_u64())
        .ok_or_else(|| ScaleOutError::Remote {
            url: url.to_string(),
            status: None,
            message: format!(
                "answer has no {key}: {}",
                body.chars().take(200).collect::<String>()
            ),
        })
}
