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
    /// Documents the remote engine refused, each with its id and the engine's reason.
    pub rejected: Vec<Rejection>,
}

/// A document the remote engine refused.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Rejection {
    /// The article id, when the refused document could be read back.
    pub id: Option<String>,
    /// The engine's reason, as it gave it.
    pub reason: String,
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
                let config = quickwit_index_config(&schema.exported_fields(), index).to_json();
                ensure_index(
                    &http,
                    &format!("{base}/api/v1/indexes/{index}"),
                    "GET",
                    || {
                        (
                            "POST",
                            format!("{base}/api/v1/indexes"),
                            "application/json",
                            config.into_bytes(),
                        )
                    },
                )?
            }
            ExportFormat::OpenSearch => {
                let body = opensearch_index_body(&schema.exported_fields()).to_string();
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
    // Both engines answer 200 when some documents of a batch are refused: the refusals are read
    // from each answer.
    let send = |batch: &[u8], last: bool| -> Result<Vec<Rejection>, ScaleOutError> {
        match format {
            ExportFormat::Quickwit => {
                let commit = if last { "force" } else { "auto" };
                let url =
                    format!("{base}/api/v1/{index}/ingest?commit={commit}&detailed_response=true");
                let reply = expect_ok(
                    &url,
                    http.send("POST", &url, Some("application/x-ndjson"), Some(batch))?,
                )?;
                ingest_rejections(&url, &reply)
            }
            ExportFormat::OpenSearch => {
                let url = format!("{base}/{index}/_bulk");
                let reply = expect_ok(
                    &url,
                    http.send("POST", &url, Some("application/x-ndjson"), Some(batch))?,
                )?;
                bulk_rejections(&url, &reply)
            }
        }
    };
    for_each_article(&options.index_dir, |article, count| {
        total = count;
        {
            let record = record(format, &article);
            if !batch.is_empty() && batch.len() + record.len() > options.batch_bytes {
                let refused = send(&batch, false)?;
                summary.rejected.extend(refused);
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
        let refused = send(&batch, true)?;
        summary.rejected.extend(refused);
        summary.batches += u64::from(!batch.is_empty());
        summary.documents += in_batch;
        progress(summary.documents, total);
    }
    // OpenSearch replaces documents by _id, so an existing index may hold more than was sent.
    let expected = before + summary.documents - summary.rejected.len() as u64;
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

/// The documents Quickwit refused in one ingest answer (`detailed_response=true` lists each
/// with the document text and a message; the counts alone say only how many).
fn ingest_rejections(url: &str, reply: &Reply) -> Result<Vec<Rejection>, ScaleOutError> {
    let value: Value =
        serde_json::from_str(&reply.body).map_err(|error| ScaleOutError::Remote {
            url: url.to_string(),
            status: Some(reply.status),
            message: format!("unreadable ingest answer: {error}"),
        })?;
    let refused = value["num_rejected_docs"].as_u64().unwrap_or(0);
    let mut rejections: Vec<Rejection> = value["parse_failures"]
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or_default()
        .iter()
        .map(|failure| Rejection {
            id: failure["document"]
                .as_str()
                .and_then(|document| serde_json::from_str::<Value>(document).ok())
                .and_then(|document| document["id"].as_str().map(str::to_string)),
            reason: failure["message"].as_str().unwrap_or("refused").to_string(),
        })
        .collect();
    // A refusal the answer counts but does not describe is still reported.
    while (rejections.len() as u64) < refused {
        rejections.push(Rejection {
            id: None,
            reason: "refused by Quickwit without details".to_string(),
        });
    }
    Ok(rejections)
}

/// The documents OpenSearch refused in one `_bulk` answer (it answers 200 when items fail).
fn bulk_rejections(url: &str, reply: &Reply) -> Result<Vec<Rejection>, ScaleOutError> {
    let value: Value =
        serde_json::from_str(&reply.body).map_err(|error| ScaleOutError::Remote {
            url: url.to_string(),
            status: Some(reply.status),
            message: format!("unreadable _bulk answer: {error}"),
        })?;
    if value["errors"] != Value::Bool(true) {
        return Ok(Vec::new());
    }
    Ok(value["items"]
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or_default()
        .iter()
        .filter_map(|item| item.get("index"))
        .filter(|item| item["status"].as_u64().is_some_and(|status| status >= 300))
        .map(|item| Rejection {
            id: item["_id"].as_str().map(str::to_string),
            reason: item["error"]["reason"]
                .as_str()
                .or_else(|| item["error"]["type"].as_str())
                .unwrap_or("refused")
                .to_string(),
        })
        .collect())
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
