//! Routes for exploring by entity: the entity page and its JSON.

use std::sync::Arc;

use axum::extract::{FromRequestParts, Path, State};
use axum::http::request::Parts;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use axum::Json;
use newsroom_entities::EntityKind;
use newsroom_index::FacetKind;

use super::html;
use super::{page_error, ApiError, AppState, QueryPairs};
use crate::{SearchError, SearchParams};

/// An entity's kind and name from the path; undecodable input or an unknown kind is a JSON 400.
pub(super) struct EntityPath(EntityKind, String);

impl<S: Send + Sync> FromRequestParts<S> for EntityPath {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let Path((kind, name)) = Path::<(String, String)>::from_request_parts(parts, state)
            .await
            .map_err(|error| SearchError::BadRequest(format!("invalid entity path: {error}")))?;
        let kind = EntityKind::parse(&kind).ok_or_else(|| {
            SearchError::BadRequest(format!(
                "unknown entity kind {kind:?}: expected person, country or org"
            ))
        })?;
        if name.trim().is_empty() || name.len() > 200 {
            return Err(
                SearchError::BadRequest("an entity name must have 1 to 200 bytes".into()).into(),
            );
        }
        Ok(EntityPath(kind, name))
    }
}

pub(super) async fn api_entity(
    State(state): State<AppState>,
    EntityPath(kind, name): EntityPath,
    QueryPairs(pairs): QueryPairs,
) -> Result<Response, ApiError> {
    let scope = SearchParams { pairs }.into_request()?;
    let engine = Arc::clone(&state.engine);
    let page = state
        .run(move || engine.entity(kind, &name, &scope))
        .await?;
    Ok(Json(page).into_response())
}

pub(super) async fn entity_page(
    State(state): State<AppState>,
    path: Result<EntityPath, ApiError>,
    QueryPairs(pairs): QueryPairs,
) -> Response {
    let EntityPath(kind, name) = match path {
        Ok(path) => path,
        Err(ApiError(error)) => return page_error(StatusCode::BAD_REQUEST, "", &error.to_string()),
    };
    let scope = match (SearchParams { pairs }).into_request() {
        Ok(scope) => scope,
        Err(error) => return page_error(StatusCode::BAD_REQUEST, "", &error.to_string()),
    };
    let engine = Arc::clone(&state.engine);
    match state.run(move || engine.entity(kind, &name, &scope)).await {
        Ok(page) => Html(html::entity_page(&page)).into_response(),
        Err(ApiError(error)) => {
            let status = StatusCode::from_u16(error.status_code())
                .unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            page_error(status, "", &error.to_string())
        }
    }
}

/// `GET /api/trending?kind=person&from=&to=`: the search parameters validate as in
/// `/api/search`; `kind` defaults to `person`.
pub(super) async fn api_trending(
    State(state): State<AppState>,
    QueryPairs(pairs): QueryPairs,
) -> Result<Response, ApiError> {
    let kind_name = pairs.iter().find(|(key, _)| key == "kind").map_or_else(
        || "person".to_string(),
        |(_, value)| value.trim().to_string(),
    );
    let kind = FacetKind::parse(&kind_name).ok_or_else(|| {
        SearchError::BadRequest(format!(
            "unknown kind {kind_name:?}: expected person, country, org or source"
        ))
    })?;
    let request = SearchParams { pairs }.into_request()?;
    let engine = Arc::clone(&state.engine);
    let trending = state.run(move || engine.trending(kind, &request)).await?;
    Ok(Json(trending).into_response())
}

/// `GET /api/timeline?person=A&person=B&q=`: one series per entity on shared buckets.
pub(super) async fn api_timeline(
    State(state): State<AppState>,
    QueryPairs(pairs): QueryPairs,
) -> Result<Response, ApiError> {
    let request = SearchParams { pairs }.into_request()?;
    let engine = Arc::clone(&state.engine);
    let timelines = state.run(move || engine.timelines(&request)).await?;
    Ok(Json(timelines).into_response())
}

/// `GET /timeline?person=A&person=B&q=`: the same drawn as SVG line charts.
pub(super) async fn timeline_page(
    State(state): State<AppState>,
    QueryPairs(pairs): QueryPairs,
) -> Response {
    let request = match (SearchParams { pairs }).into_request() {
        Ok(request) => request,
        Err(error) => return page_error(StatusCode::BAD_REQUEST, "", &error.to_string()),
    };
    let engine = Arc::clone(&state.engine);
    let asked = request.clone();
    match state.run(move || engine.timelines(&asked)).await {
        Ok(timelines) => Html(html::timelines_page(&request, &timelines)).into_response(),
        Err(ApiError(error)) => {
            let status = StatusCode::from_u16(error.status_code())
                .unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            page_error(status, &request.q, &error.to_string())
        }
    }
}
