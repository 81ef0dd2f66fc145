//! What the HTTP server needs from a search engine, so the same API and page can be answered by
//! the local index or by a remote engine (Quickwit) when an archive outgrows one machine.

use newsroom_entities::EntityKind;
use newsroom_index::{FacetKind, NameCount, StoredArticle};

use crate::batch::{BatchLine, BatchOptions, BatchRecord};
use crate::{
    EntityPage, KnownEntity, SearchEngine, SearchError, SearchRequest, SearchResponse, Timelines,
    Trending,
};

/// A search engine the server can answer requests with. Calls block; the server runs them off
/// its async threads.
pub trait SearchBackend: Send + Sync + 'static {
    /// Runs a validated search request.
    fn search(&self, request: &SearchRequest) -> Result<SearchResponse, SearchError>;
    /// One article by id.
    fn article(&self, id: &str) -> Result<StoredArticle, SearchError>;
    /// Entity names of `kind` matching `prefix`, most documents first.
    fn suggest(
        &self,
        kind: EntityKind,
        prefix: &str,
        limit: usize,
    ) -> Result<Vec<NameCount>, SearchError>;
    /// The page of one entity within the articles `scope` selects. Only the local index
    /// answers it; other backends say so with a 400.
    fn entity(
        &self,
        kind: EntityKind,
        name: &str,
        scope: &SearchRequest,
    ) -> Result<EntityPage, SearchError> {
        let _ = (kind, name, scope);
        Err(SearchError::BadRequest(format!(
            "entity pages are answered by the local index only, not by the {} backend",
            self.name()
        )))
    }
    /// The values of `kind` rising most in the request's period against the period before it.
    /// Only the local index answers it; other backends say so with a 400.
    fn trending(&self, kind: FacetKind, request: &SearchRequest) -> Result<Trending, SearchError> {
        let _ = (kind, request);
        Err(SearchError::BadRequest(format!(
            "trending values are counted by the local index only, not by the {} backend",
            self.name()
        )))
    }
    /// One series per entity the request names (or one for its query) on shared buckets.
    /// Only the local index answers it; other backends say so with a 400.
    fn timelines(&self, request: &SearchRequest) -> Result<Timelines, SearchError> {
        let _ = request;
        Err(SearchError::BadRequest(format!(
            "timelines side by side are counted by the local index only, not by the {} backend",
            self.name()
        )))
    }
    /// Answers a chunk of watch-list lines (see [`crate::batch`]). Only the local index
    /// answers it; other backends say so with a 400.
    fn answer_batch(
        &self,
        options: &BatchOptions,
        lines: Vec<BatchLine>,
    ) -> Result<Vec<BatchRecord>, SearchError> {
        let _ = (options, lines);
        Err(SearchError::BadRequest(format!(
            "batch search is answered by the local index only, not by the {} backend",
            self.name()
        )))
    }
    /// The entities of an article resolved against the index (see [`crate::KnownEntity`]).
    /// Only the local index answers it; other backends say so with a 400.
    fn annotate(
        &self,
        entities: &newsroom_entities::Entities,
    ) -> Result<Vec<KnownEntity>, SearchError> {
        let _ = entities;
        Err(SearchError::BadRequest(format!(
            "annotations are resolved by the local index only, not by the {} backend",
            self.name()
        )))
    }
    /// Number of searchable documents.
    fn document_count(&self) -> Result<u64, SearchError>;
    /// A short name for logs and `/healthz` (`local`, `quickwit`).
    fn name(&self) -> &'static str;
    /// Whether it counts significant values and answers entity pages (the local index does).
    fn explores(&self) -> bool {
        false
    }
    /// Whether calls spend their time on this machine's cores rather than waiting on another
    /// machine: the server then runs them on one thread per core instead of a thread per call.
    fn cpu_bound(&self) -> bool {
        false
    }
}

impl SearchBackend for SearchEngine {
    fn search(&self, request: &SearchRequest) -> Result<SearchResponse, SearchError> {
        SearchEngine::search(self, request)
    }

    fn article(&self, id: &str) -> Result<StoredArticle, SearchError> {
        SearchEngine::article(self, id)
    }

    fn suggest(
        &self,
        kind: EntityKind,
        prefix: &str,
        limit: usize,
    ) -> Result<Vec<NameCount>, SearchError> {
        SearchEngine::suggest(self, kind, prefix, limit)
    }

    fn entity(
        &self,
        kind: EntityKind,
        name: &str,
        scope: &SearchRequest,
    ) -> Result<EntityPage, SearchError> {
        SearchEngine::entity(self, kind, name, scope)
    }

    fn trending(&self, kind: FacetKind, request: &SearchRequest) -> Result<Trending, SearchError> {
        SearchEngine::trending(self, kind, request)
    }

    fn timelines(&self, request: &SearchRequest) -> Result<Timelines, SearchError> {
        SearchEngine::timelines(self, request)
    }

    fn answer_batch(
        &self,
        options: &BatchOptions,
        lines: Vec<BatchLine>,
    ) -> Result<Vec<BatchRecord>, SearchError> {
        let scope = self.batch_scope(options.clone())?;
        self.answer_lines(&scope, lines)
    }

    fn annotate(
        &self,
        entities: &newsroom_entities::Entities,
    ) -> Result<Vec<KnownEntity>, SearchError> {
        SearchEngine::annotate(self, entities)
    }

    fn document_count(&self) -> Result<u64, SearchError> {
        Ok(SearchEngine::document_count(self))
    }

    fn name(&self) -> &'static str {
        "local"
    }

    fn cpu_bound(&self) -> bool {
        true
    }

    fn explores(&self) -> bool {
        true
    }
}
