//! The indexes the search crate's integration tests run against: `tests/fixtures/world.jsonl`
//! (and `ranking.jsonl` for the ranking tests).

use std::sync::Arc;

use newsroom_search::SearchEngine;

/// Indexes the fixture into a temporary folder, committing every `commit_every` articles (a small
/// number leaves several segments), and opens it.
#[allow(dead_code)]
pub fn fixture_engine(commit_every: u64) -> (tempfile::TempDir, SearchEngine) {
    engine_of("world.jsonl", commit_every)
}

/// Indexes `tests/fixtures/<fixture>` as [`fixture_engine`] does, with the gazetteer extractor
/// (whose names the fixtures' expectations list).
#[allow(dead_code)]
pub fn engine_of(fixture: &str, commit_every: u64) -> (tempfile::TempDir, SearchEngine) {
    engine_with(
        fixture,
        commit_every,
        Arc::new(newsroom_entities::GazetteerExtractor::default()),
    )
}

/// Indexes `tests/fixtures/<fixture>` with the extractor `newsroom index` uses.
#[allow(dead_code)]
pub fn production_engine_of(fixture: &str, commit_every: u64) -> (tempfile::TempDir, SearchEngine) {
    let extractor = newsroom_entities::NewsExtractor::builtin().unwrap();
    engine_with(fixture, commit_every, Arc::new(extractor))
}

fn engine_with(
    fixture: &str,
    commit_every: u64,
    extractor: Arc<dyn newsroom_entities::EntityExtractor>,
) -> (tempfile::TempDir, SearchEngine) {
    let dir = tempfile::tempdir().unwrap();
    let corpus = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures")
        .join(fixture);
    let mut options = newsroom_index::BuildOptions::new(dir.path().to_path_buf(), vec![corpus]);
    options.threads = 1;
    options.memory_budget_bytes = 32 * 1024 * 1024;
    options.commit_every = commit_every;
    newsroom_index::build_index(&options, extractor, &()).unwrap();
    let engine = SearchEngine::open(dir.path()).unwrap();
    (dir, engine)
}
