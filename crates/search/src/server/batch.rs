//! `POST /api/batch`: a watch-list in the body (one name or query per line), the answers
//! streamed back in input order as each chunk of lines is answered.
//!
//! The whole body is read first (it is bounded: [`MAX_BATCH_BODY_BYTES`], at most
//! [`MAX_BATCH_LINES`] lines), so a list too large is refused with a JSON error before any work.
//! Each chunk of lines then runs on the search threads like any search, so other requests are
//! answered between chunks, and goes out as soon as it is written.

use std::io::Cursor;
use std::sync::Arc;

use axum::body::{Body, Bytes};
use axum::extract::rejection::BytesRejection;
use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use tokio::sync::mpsc;

use super::{json_error, read_body, ApiError, AppState, QueryPairs};
use crate::batch::{
    BatchFormat, BatchKind, BatchLine, BatchLines, BatchOptions, BatchRecord, BatchWriter,
    CHUNK_LINES,
};
use crate::SearchError;

/// Most lines one request may send.
pub(super) const MAX_BATCH_LINES: usize = 10_000;
/// Largest body accepted, in bytes (10,000 names of 400 bytes each).
pub(super) const MAX_BATCH_BODY_BYTES: usize = 4 * 1024 * 1024;

/// Answers `POST /api/batch`.
pub(super) async fn api_batch(
    State(state): State<AppState>,
    QueryPairs(pairs): QueryPairs,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let too_large = || {
        format!(
            "the body is larger than the {} MiB a batch may send; split the list (at most {MAX_BATCH_LINES} lines per request)",
            MAX_BATCH_BODY_BYTES / (1024 * 1024)
        )
    };
    let body = match read_body(body, too_large) {
        Ok(body) => body,
        Err(response) => return *response,
    };
    let (options, format) = match batch_params(&pairs) {
        Ok(params) => params,
        Err(error) => return ApiError(error).into_response(),
    };
    let line_count = count_lines(&body);
    if line_count == 0 {
        return json_error(
            StatusCode::BAD_REQUEST,
            "the body holds no lines: send one name or query per line",
        );
    }
    if line_count > MAX_BATCH_LINES {
        return json_error(
            StatusCode::PAYLOAD_TOO_LARGE,
            &format!("the body holds {line_count} lines; a batch may have at most {MAX_BATCH_LINES}: split the list"),
        );
    }
    let mut lines = BatchLines::new(Cursor::new(body));
    // The first chunk is answered before the response starts, so a request the index cannot
    // answer (a remote backend, a bad option) gets its error status.
    let first = match answer_chunk(&state, &options, &mut lines).await {
        Ok(records) => records,
        Err(error) => return ApiError(error).into_response(),
    };
    let first_bytes = match encode(&first, format, options.top, true) {
        Ok(bytes) => bytes,
        Err(error) => return ApiError(error).into_response(),
    };
    let (sender, receiver) = mpsc::channel::<Result<Bytes, SearchError>>(2);
    tokio::spawn(async move {
        if sender.send(Ok(first_bytes)).await.is_err() {
            return;
        }
        loop {
            let answered = match answer_chunk(&state, &options, &mut lines).await {
                Ok(records) if records.is_empty() => return,
                Ok(records) => encode(&records, format, options.top, false),
                Err(error) => Err(error),
            };
            let failed = answered.is_err();
            if let Err(error) = &answered {
                tracing::error!(%error, "a batch failed while its answer was streamed");
            }
            // The client left (the receiver is gone), or the stream ends on the error.
            if sender.send(answered).await.is_err() || failed {
                return;
            }
        }
    });
    let stream = futures_util::stream::unfold(receiver, |mut receiver| async move {
        receiver.recv().await.map(|chunk| (chunk, receiver))
    });
    (
        [
            (header::CONTENT_TYPE, format.content_type().to_string()),
            (
                header::HeaderName::from_static("x-batch-lines"),
                line_count.to_string(),
            ),
        ],
        Body::from_stream(stream),
    )
        .into_response()
}

/// The next chunk of lines, answered on the search threads; empty at the end of the body.
async fn answer_chunk(
    state: &AppState,
    options: &BatchOptions,
    lines: &mut BatchLines<Cursor<Bytes>>,
) -> Result<Vec<BatchRecord>, SearchError> {
    let chunk: Vec<BatchLine> = lines.by_ref().take(CHUNK_LINES).collect::<Result<_, _>>()?;
    if chunk.is_empty() {
        return Ok(Vec::new());
    }
    let engine = Arc::clone(&state.engine);
    let options = options.clone();
    state
        .workers
        .run(move || engine.answer_batch(&options, chunk))
        .await
}

/// Records as bytes of the answer; `header` for the first chunk (CSV only).
fn encode(
    records: &[BatchRecord],
    format: BatchFormat,
    top: usize,
    header: bool,
) -> Result<Bytes, SearchError> {
    let mut writer = if header {
        BatchWriter::new(format, top, Vec::new())?
    } else {
        BatchWriter::continuing(format, top, Vec::new())
    };
    for record in records {
        writer.write(record)?;
    }
    Ok(Bytes::from(writer.finish()?))
}

/// Lines of the body, the last one counted even without its newline.
fn count_lines(body: &[u8]) -> usize {
    let newlines = memchr::memchr_iter(b'\n', body).count();
    newlines + usize::from(!body.is_empty() && !body.ends_with(b"\n"))
}

/// The query string of a batch: `kind`, `from`, `to`, `top`, `format`; anything else is a 400.
fn batch_params(pairs: &[(String, String)]) -> Result<(BatchOptions, BatchFormat), SearchError> {
    let mut options = BatchOptions::default();
    let mut format = BatchFormat::Jsonl;
    let bad = |message: String| SearchError::BadRequest(message);
    let day = |key: &str, value: &str| {
        NaiveDate::parse_from_str(value, "%Y-%m-%d")
            .map_err(|_| bad(format!("{key} must be a date YYYY-MM-DD, got {value:?}")))
    };
    for (key, value) in pairs {
        match key.as_str() {
            "kind" => {
                options.kind = BatchKind::parse(value)
                    .ok_or_else(|| bad(format!("kind must be person or any, got {value:?}")))?
            }
            "from" => options.from = Some(day(key, value)?),
            "to" => options.to = Some(day(key, value)?),
            "top" => {
                options.top = value
                    .parse()
                    .map_err(|_| bad(format!("top must be a number, got {value:?}")))?
            }
            "format" => {
                format = BatchFormat::parse(value)
                    .ok_or_else(|| bad(format!("format must be csv or jsonl, got {value:?}")))?
            }
            other => {
                return Err(bad(format!(
                    "unknown parameter {other:?}: a batch takes kind, from, to, top and format"
                )))
            }
        }
    }
    options.validate()?;
    Ok((options, format))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_counted_with_or_without_a_final_newline() {
        assert_eq!(count_lines(b""), 0);
        assert_eq!(count_lines(b"a"), 1);
        assert_eq!(count_lines(b"a\n"), 1);
        assert_eq!(count_lines(b"a\n\nb"), 3);
    }

    #[test]
    fn unknown_or_bad_parameters_are_refused() {
        let pairs = |key: &str, value: &str| vec![(key.to_string(), value.to_string())];
        assert!(batch_params(&pairs("kind", "any")).is_ok());
        for (key, value) in [
            ("kind", "place"),
            ("top", "101"),
            ("top", "-1"),
            ("from", "yesterday"),
            ("format", "xml"),
            ("q", "x"),
        ] {
            let error = batch_params(&pairs(key, value)).unwrap_err();
            assert_eq!(error.status_code(), 400, "{key}={value}");
        }
    }
}
