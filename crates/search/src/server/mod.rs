//! The HTTP server: JSON API (`/api/...`), the search page (`/`), article pages, health and metrics.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::DefaultBodyLimit;
use axum::extract::{FromRequestParts, Path, Request, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use newsroom_entities::EntityKind;
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;
use tracing::info;

mod annotate;
mod batch;
mod explore;
pub(crate) mod html;
mod metrics;
mod workers;

use crate::{SearchBackend, SearchEngine, SearchError, SearchParams, SearchRequest};
use annotate::Annotator;
pub use annotate::ExtractorLoader;
use metrics::{metrics, record_metrics, Metrics};
use workers::Workers;

/// How the server runs.
#[derive(Debug, Clone)]
pub struct ServerConfig {
    /// Index folder.
    pub index_dir: PathBuf,
    /// Listen address; port 0 picks a free port (printed on stderr).
    pub addr: SocketAddr,
    /// Origins allowed by CORS; empty turns CORS off.
    pub cors_origins: Vec<String>,
    /// Longest a request may take before a 408 answer.
    pub timeout: Duration,
    /// Loads the entity extractor `POST /api/annotate` runs, on its first call.
    pub extractor: ExtractorLoader,
}

#[derive(Clone)]
pub(crate) struct AppState {
    pub(crate) engine: Arc<dyn SearchBackend>,
    pub(crate) metrics: Arc<Metrics>,
    workers: Workers,
    annotator: Arc<Annotator>,
}

/// Opens the index and serves until SIGINT or SIGTERM; `listening` hears the bound address
/// (the caller prints it: the library does not).
pub async fn serve(
    config: ServerConfig,
    listening: impl FnOnce(SocketAddr),
) -> Result<(), SearchError> {
    let index_dir = config.index_dir.clone();
    let engine = tokio::task::spawn_blocking(move || SearchEngine::open(&index_dir))
        .await
        .map_err(|error| SearchError::Internal(format!("opening the index failed: {error}")))??;
    let engine = Arc::new(engine);
    let warming = Arc::clone(&engine);
    tokio::task::spawn_blocking(move || {
        let started = std::time::Instant::now();
        match warming.warm_columns() {
            Ok(()) => tracing::info!(
                ms = started.elapsed().as_millis(),
                "facet and day columns loaded"
            ),
            Err(error) => {
                tracing::warn!(%error, "loading facet and day columns ahead of searches failed")
            }
        }
    });
    serve_backend(engine, config, listening).await
}

/// Serves `backend` (the local index or a remote engine) until SIGINT or SIGTERM; `listening`
/// hears the bound address.
pub async fn serve_backend(
    backend: Arc<dyn SearchBackend>,
    config: ServerConfig,
    listening: impl FnOnce(SocketAddr),
) -> Result<(), SearchError> {
    let backend_name = backend.name();
    let app = router(backend, &config);
    let listener = tokio::net::TcpListener::bind(config.addr)
        .await
        .map_err(|source| SearchError::Serve {
            addr: config.addr,
            source,
        })?;
    let local = listener.local_addr().map_err(|source| SearchError::Serve {
        addr: config.addr,
        source,
    })?;
    listening(local);
    info!(%local, index = %config.index_dir.display(), backend = backend_name, "serving");
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown_signal())
        .await
        .map_err(|source| SearchError::Serve {
            addr: local,
            source,
        })
}

/// The application's routes and middleware, for `serve` and for in-process tests.
pub fn router(engine: Arc<dyn SearchBackend>, config: &ServerConfig) -> Router {
    let state = AppState {
        workers: Workers::for_backend(engine.cpu_bound()),
        engine,
        metrics: Arc::new(Metrics::default()),
        annotator: Arc::new(Annotator::new(config.extractor.clone())),
    };
    let app = Router::new()
        .route("/", get(search_page))
        .route("/articles/{id}", get(article_page))
        .route("/entities/{kind}/{name}", get(explore::entity_page))
        .route("/static/style.css", get(stylesheet))
        .route("/static/app.js", get(script))
        .route("/api/search", get(api_search))
        .route("/api/articles/{id}", get(api_article))
        .route("/api/entities", get(api_entities))
        .route("/api/entities/{kind}/{name}", get(explore::api_entity))
        .route("/api/trending", get(explore::api_trending))
        .route("/api/timeline", get(explore::api_timeline))
        .route("/timeline", get(explore::timeline_page))
        .route("/api/openapi.json", get(openapi))
        .route("/healthz", get(health))
        .route("/metrics", get(metrics))
        .layer(RequestBodyLimitLayer::new(64 * 1024));
    // Lists to check are larger than any other request: their routes have a limit of their own.
    let list_routes = Router::new()
        .route("/api/batch", post(batch::api_batch))
        .layer(DefaultBodyLimit::max(batch::MAX_BATCH_BODY_BYTES));
    let article_routes = Router::new()
        .route("/api/annotate", post(annotate::api_annotate))
        .layer(DefaultBodyLimit::max(annotate::MAX_ANNOTATE_BODY_BYTES));
    let mut app = app
        .merge(list_routes)
        .merge(article_routes)
        .fallback(not_found)
        .layer(middleware::from_fn_with_state(
            state.clone(),
            record_metrics,
        ))
        .layer(middleware::from_fn(security_headers))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            config.timeout,
        ))
        .layer(TraceLayer::new_for_http())
        .with_state(state);
    if !config.cors_origins.is_empty() {
        let origins: Vec<HeaderValue> = config
            .cors_origins
            .iter()
            .filter_map(|origin| HeaderValue::from_str(origin).ok())
            .collect();
        app = app.layer(CorsLayer::new().allow_origin(AllowOrigin::list(origins)));
    }
    app
}

async fn shutdown_signal() {
    let interrupt = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = interrupt => {},
        _ = terminate => {},
    }
    info!("shutting down");
}

/// A domain error as an HTTP response: JSON `{ "error": { "status", "message" } }`.
struct ApiError(SearchError);

impl From<SearchError> for ApiError {
    fn from(error: SearchError) -> Self {
        ApiError(error)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status =
            StatusCode::from_u16(self.0.status_code()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        if status.is_server_error() {
            tracing::error!(error = %self.0, "request failed");
        }
        json_error(status, &self.0.to_string())
    }
}

fn json_error(status: StatusCode, message: &str) -> Response {
    let body = serde_json::json!({ "error": { "status": status.as_u16(), "message": message } });
    (status, Json(body)).into_response()
}

/// A POST body, or the JSON error its rejection is answered with: `too_large` says what the
/// route accepts when the body is over its limit (413).
fn read_body(
    body: Result<axum::body::Bytes, axum::extract::rejection::BytesRejection>,
    too_large: impl FnOnce() -> String,
) -> Result<axum::body::Bytes, Box<Response>> {
    body.map_err(|rejection| {
        Box::new(if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
            json_error(StatusCode::PAYLOAD_TOO_LARGE, &too_large())
        } else {
            json_error(
                rejection.status(),
                &format!("the body cannot be read: {}", rejection.body_text()),
            )
        })
    })
}

/// The query string as ordered `(key, value)` pairs; undecodable input is a JSON 400, not a panic
/// or a plain-text rejection.
struct QueryPairs(Vec<(String, String)>);

impl<S: Send + Sync> FromRequestParts<S> for QueryPairs {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let query = parts.uri.query().unwrap_or("");
        serde_urlencoded::from_str::<Vec<(String, String)>>(query)
            .map(QueryPairs)
            .map_err(|error| {
                json_error(
                    StatusCode::BAD_REQUEST,
                    &format!("invalid query string: {error}"),
                )
            })
    }
}

/// An article id from the path; undecodable input is a JSON 400.
struct ArticleId(String);

impl<S: Send + Sync> FromRequestParts<S> for ArticleId {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        Path::<String>::from_request_parts(parts, state)
            .await
            .map(|Path(id)| ArticleId(id))
            .map_err(|error| {
                json_error(
                    StatusCode::BAD_REQUEST,
                    &format!("invalid article id: {error}"),
                )
            })
    }
}

impl AppState {
    /// Runs a blocking backend call off the async threads.
    async fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> Result<T, SearchError> + Send + 'static,
    ) -> Result<T, ApiError> {
        self.workers.run(work).await.map_err(ApiError)
    }
}

async fn api_search(
    State(state): State<AppState>,
    QueryPairs(pairs): QueryPairs,
) -> Result<Response, ApiError> {
    let request = SearchParams { pairs }.into_request()?;
    let engine = Arc::clone(&state.engine);
    let response = state.run(move || engine.search(&request)).await?;
    Ok(Json(response).into_response())
}

async fn api_article(
    State(state): State<AppState>,
    ArticleId(id): ArticleId,
) -> Result<Response, ApiError> {
    let engine = Arc::clone(&state.engine);
    let article = state.run(move || engine.article(&id)).await?;
    Ok(Json(article).into_response())
}

async fn api_entities(
    State(state): State<AppState>,
    QueryPairs(pairs): QueryPairs,
) -> Result<Response, ApiError> {
    let value = |key: &str| pairs.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone());
    let kind_name = value("kind").unwrap_or_else(|| "person".into());
    let kind = EntityKind::parse(&kind_name).ok_or_else(|| {
        SearchError::BadRequest(format!(
            "unknown entity kind {kind_name:?}: expected person, country or org"
        ))
    })?;
    let prefix = value("prefix").unwrap_or_default();
    if prefix.len() > 200 {
        return Err(SearchError::BadRequest("prefix is longer than 200 bytes".into()).into());
    }
    let limit = match value("limit") {
        Some(limit) => limit
            .parse::<usize>()
            .ok()
            .filter(|limit| (1..=100).contains(limit))
            .ok_or_else(|| {
                SearchError::BadRequest(format!("limit must be between 1 and 100, got {limit:?}"))
            })?,
        None => 10,
    };
    let engine = Arc::clone(&state.engine);
    let suggestions = state
        .run(move || engine.suggest(kind, &prefix, limit))
        .await?;
    Ok(
        Json(serde_json::json!({ "kind": kind.as_str(), "suggestions": suggestions }))
            .into_response(),
    )
}

async fn search_page(State(state): State<AppState>, QueryPairs(pairs): QueryPairs) -> Response {
    let raw_query = pairs
        .iter()
        .find(|(k, _)| k == "q")
        .map(|(_, v)| v.clone())
        .unwrap_or_default();
    let request = match (SearchParams { pairs }).into_request() {
        Ok(request) => request,
        Err(error) => return page_error(StatusCode::BAD_REQUEST, &raw_query, &error.to_string()),
    };
    let engine = Arc::clone(&state.engine);
    let mut page_request = request.clone();
    // The "Unusually frequent here" panel, for a search that narrows the archive (the local
    // index only).
    if state.engine.explores() && html::narrows(&request) && page_request.significant.is_empty() {
        page_request.significant = html::SIGNIFICANT_KINDS.to_vec();
    }
    // The "Rising in this period" panel, when the request chooses a period.
    let period = state.engine.explores() && request.from.is_some() && request.to.is_some();
    let answer = state.run(move || {
        let response = engine.search(&page_request)?;
        let mut trending = Vec::new();
        if period {
            let scope = SearchRequest {
                size: html::TRENDING_VALUES,
                ..page_request
            };
            for kind in html::SIGNIFICANT_KINDS {
                trending.push(engine.trending(kind, &scope)?);
            }
        }
        Ok((response, trending))
    });
    match answer.await {
        Ok((response, trending)) => {
            Html(html::search_page(&request, &response, &trending)).into_response()
        }
        Err(ApiError(error)) => {
            let status = StatusCode::from_u16(error.status_code())
                .unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            page_error(status, &raw_query, &error.to_string())
        }
    }
}

fn page_error(status: StatusCode, query: &str, message: &str) -> Response {
    (status, Html(html::error_page(query, message))).into_response()
}

async fn article_page(State(state): State<AppState>, ArticleId(id): ArticleId) -> Response {
    let engine = Arc::clone(&state.engine);
    match state.run(move || engine.article(&id)).await {
        Ok(article) => Html(html::article_page(&article)).into_response(),
        Err(ApiError(error)) => {
            let status = StatusCode::from_u16(error.status_code())
                .unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            page_error(status, "", &error.to_string())
        }
    }
}

async fn stylesheet() -> Response {
    (
        [(header::CONTENT_TYPE, "text/css; charset=utf-8")],
        html::STYLESHEET,
    )
        .into_response()
}

async fn script() -> Response {
    (
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
        html::SCRIPT,
    )
        .into_response()
}

/// The OpenAPI 3 description of the API, kept next to the code it describes.
const OPENAPI: &str = include_str!("../../static/openapi.json");

async fn openapi() -> Response {
    ([(header::CONTENT_TYPE, "application/json")], OPENAPI).into_response()
}

async fn health(State(state): State<AppState>) -> Response {
    let engine = Arc::clone(&state.engine);
    // Not queued behind searches: a health check answers at once, even under load.
    match Workers::Blocking
        .run(move || engine.document_count())
        .await
        .map_err(ApiError)
    {
        Ok(documents) => Json(serde_json::json!({
            "status": "ok",
            "backend": state.engine.name(),
            "documents": documents
        }))
        .into_response(),
        Err(error) => error.into_response(),
    }
}

async fn not_found() -> Response {
    json_error(StatusCode::NOT_FOUND, "no such route")
}

async fn security_headers(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    response
}
