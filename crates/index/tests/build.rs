//! Index builder behaviour: upsert by id, facet fields, commits, totals.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use newsroom_entities::GazetteerExtractor;
use newsroom_index::{
    build_index, count_terms, open_existing, BuildOptions, BuildSummary, SegmentMerge,
};
use tantivy::collector::Count;
use tantivy::query::TermQuery;
use tantivy::schema::{Facet, IndexRecordOption};
use tantivy::Term;

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/world.jsonl")
}

fn build(index_dir: &Path, paths: Vec<PathBuf>) -> BuildSummary {
    let mut options = BuildOptions::new(index_dir.to_path_buf(), paths);
    options.threads = 2;
    options.memory_budget_bytes = 64 * 1024 * 1024;
    build_index(&options, Arc::new(GazetteerExtractor::default()), &()).unwrap()
}

#[test]
fn indexing_twice_keeps_the_count_and_updates_changed_articles() {
    let dir = tempfile::tempdir().unwrap();
    let index_dir = dir.path().join("index");
    let first = build(&index_dir, vec![fixture()]);
    assert_eq!(
        (first.read, first.indexed, first.updated, first.rejected),
        (12, 12, 0, 0)
    );
    assert_eq!(first.documents_in_index, 12);

    let second = build(&index_dir, vec![fixture()]);
    assert_eq!((second.read, second.indexed, second.updated), (12, 0, 12));
    assert_eq!(second.documents_in_index, 12);

    // A changed version of fx-07 replaces the old one.
    let changed = dir.path().join("changed.jsonl");
    std::fs::write(&changed, r#"{"id": "fx-07", "title": "Corrected: final ends in a draw", "body": "The cup final ended in a draw."}"#).unwrap();
    let third = build(&index_dir, vec![changed]);
    assert_eq!(
        (third.indexed, third.updated, third.documents_in_index),
        (0, 1, 12)
    );
    let (index, schema) = open_existing(&index_dir).unwrap();
    let searcher = index.reader().unwrap().searcher();
    let query = TermQuery::new(
        Term::from_field_text(schema.id, "fx-07"),
        IndexRecordOption::Basic,
    );
    assert_eq!(searcher.search(&query, &Count).unwrap(), 1);
    let top = searcher
        .search(
            &query,
            &tantivy::collector::TopDocs::with_limit(1).order_by_score(),
        )
        .unwrap();
    let document: newsroom_index::StoredFields = searcher.doc(top[0].1).unwrap();
    let stored = newsroom_index::article_from_doc(&schema, document);
    assert_eq!(stored.title, "Corrected: final ends in a draw");
}

#[test]
fn duplicate_ids_within_one_run_count_as_updates() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("dupes.jsonl");
    std::fs::write(&corpus, "{\"id\": \"x\", \"title\": \"One\", \"body\": \"a\"}\n{\"id\": \"x\", \"title\": \"Two\", \"body\": \"b\"}\n").unwrap();
    let summary = build(&dir.path().join("index"), vec![corpus]);
    assert_eq!(
        (
            summary.read,
            summary.indexed,
            summary.updated,
            summary.documents_in_index
        ),
        (2, 1, 1, 1)
    );
}

#[test]
fn entity_facets_and_fast_fields_are_filled() {
    let dir = tempfile::tempdir().unwrap();
    let index_dir = dir.path().join("index");
    build(&index_dir, vec![fixture()]);
    let (index, schema) = open_existing(&index_dir).unwrap();
    let searcher = index.reader().unwrap().searcher();
    let putin = Facet::from_path(["person", "Vladimir Putin"]);
    let query = TermQuery::new(
        Term::from_facet(schema.entity, &putin),
        IndexRecordOption::Basic,
    );
    assert_eq!(
        searcher.search(&query, &Count).unwrap(),
        2,
        "fx-01 and fx-03 name Vladimir Putin"
    );
    let counts = count_terms(
        &searcher,
        &tantivy::query::AllQuery,
        &[("country", "country"), ("source", "source")],
        50,
    )
    .unwrap();
    let as_map = |kind: &str| -> std::collections::BTreeMap<String, u64> {
        counts[kind]
            .iter()
            .map(|c| (c.name.clone(), c.count))
            .collect()
    };
    let expected_countries: std::collections::BTreeMap<String, u64> = [
        ("Ukraine", 3),
        ("Russia", 3),
        ("United States", 2),
        ("Saudi Arabia", 2),
        ("Germany", 1),
        ("Turkey", 1),
        ("France", 1),
        ("Italy", 1),
        ("China", 1),
        ("Japan", 1),
        ("Iceland", 1),
        // "Ceasefire talks in Geneva", with a GENEVA dateline.
        ("Switzerland", 1),
    ]
    .into_iter()
    .map(|(name, count)| (name.to_string(), count))
    .collect();
    assert_eq!(as_map("country"), expected_countries);
    let expected_sources: std::collections::BTreeMap<String, u64> = [
        ("Test Wire", 4),
        ("Daily Planet", 2),
        ("Money Times", 2),
        ("Science Today", 2),
        ("Sports Desk", 1),
        ("<i>Evil</i> Source", 1),
    ]
    .into_iter()
    .map(|(name, count)| (name.to_string(), count))
    .collect();
    assert_eq!(as_map("source"), expected_sources);
    // Ties are ordered by name so responses are stable.
    let top: Vec<&str> = counts["country"]
        .iter()
        .take(2)
        .map(|c| c.name.as_str())
        .collect();
    assert_eq!(top, ["Russia", "Ukraine"]);
}

#[test]
fn commits_happen_every_n_documents() {
    let dir = tempfile::tempdir().unwrap();
    let mut options = BuildOptions::new(dir.path().join("index"), vec![fixture()]);
    options.threads = 1;
    options.memory_budget_bytes = 64 * 1024 * 1024;
    options.commit_every = 5;
    let summary = build_index(&options, Arc::new(GazetteerExtractor::default()), &()).unwrap();
    assert_eq!(summary.commits, 3, "after 5, after 10, and at the end");
}

#[test]
fn a_second_writer_fails_fast_with_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let index_dir = dir.path().join("index");
    build(&index_dir, vec![fixture()]);
    let (index, _) = open_existing(&index_dir).unwrap();
    let _held: tantivy::IndexWriter = index.writer(50_000_000).unwrap();
    let mut options = BuildOptions::new(index_dir.clone(), vec![fixture()]);
    options.threads = 1;
    let error = build_index(&options, Arc::new(GazetteerExtractor::default()), &()).unwrap_err();
    assert!(
        error.to_string().contains("locked by another running"),
        "{error}"
    );
}

#[test]
fn new_indexes_store_documents_in_small_blocks() {
    let dir = tempfile::tempdir().unwrap();
    build(dir.path(), vec![fixture()]);
    let (index, _) = open_existing(dir.path()).unwrap();
    assert_eq!(
        index.settings().docstore_blocksize,
        4096,
        "showing a hit decompresses one block: 16 KiB held several articles"
    );
}

#[test]
fn a_new_index_is_merged_into_one_segment_with_every_document_and_entity() {
    let dir = tempfile::tempdir().unwrap();
    let build_with = |name: &str, merge: bool| {
        let mut options = BuildOptions::new(dir.path().join(name), vec![fixture()]);
        options.threads = 1;
        options.memory_budget_bytes = 64 * 1024 * 1024;
        // A commit every 4 articles leaves several segments to merge.
        options.commit_every = 4;
        options.merge = if merge {
            SegmentMerge::NewIndex
        } else {
            SegmentMerge::Never
        };
        build_index(&options, Arc::new(GazetteerExtractor::default()), &()).unwrap();
        open_existing(&dir.path().join(name)).unwrap()
    };
    let (split, schema) = build_with("split", false);
    let (merged, _) = build_with("merged", true);
    assert!(split.searchable_segment_ids().unwrap().len() > 1);
    assert_eq!(merged.searchable_segment_ids().unwrap().len(), 1);
    let count = |index: &tantivy::Index, term: Term| {
        let query = TermQuery::new(term, IndexRecordOption::Basic);
        index
            .reader()
            .unwrap()
            .searcher()
            .search(&query, &Count)
            .unwrap()
    };
    let france = Term::from_facet(schema.entity, &Facet::from_path(["country", "France"]));
    let word = Term::from_field_text(schema.body, "putin");
    for term in [france, word] {
        assert!(count(&split, term.clone()) > 0, "{term:?}");
        assert_eq!(
            count(&split, term.clone()),
            count(&merged, term.clone()),
            "{term:?}"
        );
    }
    let documents = |index: &tantivy::Index| index.reader().unwrap().searcher().num_docs();
    assert_eq!(documents(&split), documents(&merged));
    // An update of an index that had documents is not merged by default.
    let (updated, _) = build_with("merged", true);
    assert!(updated.searchable_segment_ids().unwrap().len() > 1);
    assert_eq!(documents(&updated), documents(&merged));
}
