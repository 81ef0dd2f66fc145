//! Prometheus metrics of the HTTP server: request counts and latency histograms by route.

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::time::Instant;

use axum::extract::{MatchedPath, Request, State};
use axum::http::header;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::server::AppState;

/// Request counts and latency histograms by route, in Prometheus text format.
#[derive(Default)]
pub(crate) struct Metrics {
    routes: Mutex<BTreeMap<(String, u16), RouteMetrics>>,
}

/// Latency bucket upper bounds in seconds.
const LATENCY_BUCKETS: [f64; 10] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1.0, 5.0];

#[derive(Default, Clone)]
struct RouteMetrics {
    count: u64,
    seconds_sum: f64,
    buckets: [u64; LATENCY_BUCKETS.len()],
}

pub(crate) async fn record_metrics(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "unmatched".to_string(), |path| path.as_str().to_string());
    let started = Instant::now();
    let response = next.run(request).await;
    let seconds = started.elapsed().as_secs_f64();
    if let Ok(mut routes) = state.metrics.routes.lock() {
        let entry = routes
            .entry((route, response.status().as_u16()))
            .or_default();
        entry.count += 1;
        entry.seconds_sum += seconds;
        for (bucket, bound) in entry.buckets.iter_mut().zip(LATENCY_BUCKETS) {
            if seconds <= bound {
                *bucket += 1;
            }
        }
    }
    response
}

pub(crate) async fn metrics(State(state): State<AppState>) -> Response {
    let mut text = String::new();
    let engine = std::sync::Arc::clone(&state.engine);
    // A remote backend that cannot be reached leaves the gauge out rather than failing /metrics.
    if let Ok(Ok(documents)) = tokio::task::spawn_blocking(move || engine.document_count()).await {
        text.push_str(
            "# HELP newsroom_documents Live documents in the index.\n# TYPE newsroom_documents gauge\n",
        );
        text.push_str(&format!("newsroom_documents {documents}\n"));
    }
    text.push_str("# HELP newsroom_http_requests_total HTTP requests by route and status.\n# TYPE newsroom_http_requests_total counter\n");
    let routes = state
        .metrics
        .routes
        .lock()
        .map(|routes| routes.clone())
        .unwrap_or_default();
    for ((route, status), metrics) in &routes {
        text.push_str(&format!(
            "newsroom_http_requests_total{{route=\"{route}\",status=\"{status}\"}} {}\n",
            metrics.count
        ));
    }
    text.push_str("# HELP newsroom_http_request_duration_seconds Request latency by route.\n# TYPE newsroom_http_request_duration_seconds histogram\n");
    let mut by_route: BTreeMap<&str, RouteMetrics> = BTreeMap::new();
    for ((route, _), metrics) in &routes {
        let total = by_route.entry(route).or_default();
        total.count += metrics.count;
        total.seconds_sum += metrics.seconds_sum;
        for (sum, add) in total.buckets.iter_mut().zip(metrics.buckets) {
            *sum += add;
        }
    }
    for (route, metrics) in by_route {
        for (bound, count) in LATENCY_BUCKETS.iter().zip(metrics.buckets) {
            text.push_str(&format!("newsroom_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"{bound}\"}} {count}\n"));
        }
        text.push_str(&format!(
            "newsroom_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"+Inf\"}} {}\n",
            metrics.count
        ));
        text.push_str(&format!(
            "newsroom_http_request_duration_seconds_sum{{route=\"{route}\"}} {}\n",
            metrics.seconds_sum
        ));
        text.push_str(&format!(
            "newsroom_http_request_duration_seconds_count{{route=\"{route}\"}} {}\n",
            metrics.count
        ));
    }
    ([(header::CONTENT_TYPE, "text/plain; version=0.0.4")], text).into_response()
}
