//! `POST /api/annotate`: an article's text in, its entities resolved against the index out.
//!
//! The entity extractor (tagger model and gazetteers) is loaded the first time the route is
//! asked, on a search thread, and kept: a server that never annotates never pays for it.

use std::sync::{Arc, OnceLock};

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use newsroom_entities::EntityExtractor;
use serde::Deserialize;

use super::{json_error, read_body, ApiError, AppState};
use crate::SearchError;

/// Largest article accepted, in bytes.
pub(super) const MAX_ANNOTATE_BODY_BYTES: usize = 1024 * 1024;

/// A function loading the entity extractor (its error as text).
type LoadExtractor = dyn Fn() -> Result<Arc<dyn EntityExtractor>, String> + Send + Sync;

/// What loads the entity extractor, for the server to call when it first needs it.
#[derive(Clone)]
pub struct ExtractorLoader(Option<Arc<LoadExtractor>>);

impl ExtractorLoader {
    /// A loader calling `load` (once, on the first annotation).
    pub fn new(
        load: impl Fn() -> Result<Arc<dyn EntityExtractor>, String> + Send + Sync + 'static,
    ) -> Self {
        ExtractorLoader(Some(Arc::new(load)))
    }

    /// No extractor: `POST /api/annotate` answers 503 (a remote backend's server).
    pub fn none() -> Self {
        ExtractorLoader(None)
    }
}

impl std::fmt::Debug for ExtractorLoader {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let state = if self.0.is_some() { "set" } else { "none" };
        write!(formatter, "ExtractorLoader({state})")
    }
}

/// The extractor, loaded on first use; a failure to load is kept and reported to every call.
pub(super) struct Annotator {
    loader: ExtractorLoader,
    loaded: OnceLock<Result<Arc<dyn EntityExtractor>, String>>,
}

impl Annotator {
    pub(super) fn new(loader: ExtractorLoader) -> Self {
        Annotator {
            loader,
            loaded: OnceLock::new(),
        }
    }

    /// The extractor, loading it now when this is the first call (it blocks: call it on a
    /// search thread).
    fn extractor(&self) -> Result<Arc<dyn EntityExtractor>, SearchError> {
        let loaded = self.loaded.get_or_init(|| {
            let Some(load) = &self.loader.0 else {
                return Err("this server runs without the entity extractor".to_string());
            };
            let started = std::time::Instant::now();
            let extractor = load();
            tracing::info!(
                ms = started.elapsed().as_millis(),
                ok = extractor.is_ok(),
                "entity extractor loaded for annotations"
            );
            extractor
        });
        loaded
            .clone()
            .map_err(|reason| SearchError::Unavailable(format!("cannot annotate: {reason}")))
    }
}

/// The JSON form of the body.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ArticleText {
    #[serde(default)]
    title: String,
    #[serde(default)]
    body: String,
}

/// Answers `POST /api/annotate`: JSON `{"title", "body"}` (with a JSON content type) or the
/// plain text of the article.
pub(super) async fn api_annotate(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let too_large = || {
        format!(
            "the article is larger than the {} MiB an annotation accepts",
            MAX_ANNOTATE_BODY_BYTES / (1024 * 1024)
        )
    };
    let body = match read_body(body, too_large) {
        Ok(body) => body,
        Err(response) => return *response,
    };
    let is_json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.starts_with("application/json"));
    let article = if is_json {
        match serde_json::from_slice::<ArticleText>(&body) {
            Ok(article) => article,
            Err(error) => {
                return json_error(
                    StatusCode::BAD_REQUEST,
                    &format!("the body is not {{\"title\": ..., \"body\": ...}}: {error}"),
                )
            }
        }
    } else {
        match String::from_utf8(body.to_vec()) {
            Ok(text) => ArticleText {
                title: String::new(),
                body: text,
            },
            Err(error) => {
                return json_error(
                    StatusCode::BAD_REQUEST,
                    &format!(
                        "the body is not UTF-8 text (invalid at byte {})",
                        error.utf8_error().valid_up_to() + 1
                    ),
                )
            }
        }
    };
    if article.title.trim().is_empty() && article.body.trim().is_empty() {
        return json_error(
            StatusCode::BAD_REQUEST,
            "the body holds no text to annotate",
        );
    }
    let engine = Arc::clone(&state.engine);
    let annotator = Arc::clone(&state.annotator);
    let answer = state
        .run(move || {
            let started = std::time::Instant::now();
            let extractor = annotator.extractor()?;
            let entities = extractor.extract(&article.title, &article.body);
            let known = engine.annotate(&entities)?;
            Ok((known, started.elapsed().as_secs_f64() * 1000.0))
        })
        .await;
    match answer {
        Ok((entities, took_ms)) => {
            Json(serde_json::json!({ "entities": entities, "took_ms": took_ms })).into_response()
        }
        Err(ApiError(error)) => ApiError(error).into_response(),
    }
}
