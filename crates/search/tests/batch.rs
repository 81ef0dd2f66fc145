//! Batch search against fixture indexes: the same answers whatever the segments, and "new since
//! last time" on an index written before articles carried their indexing time.

mod common;

use std::sync::Arc;

use newsroom_index::schema::SchemaEdition;
use newsroom_index::NewsSchema;
use newsroom_search::batch::{BatchKind, BatchLine, BatchOptions, BatchRecord};
use newsroom_search::SearchEngine;

fn lines(texts: &[&str]) -> Vec<BatchLine> {
    texts
        .iter()
        .enumerate()
        .map(|(number, text)| BatchLine::Query {
            line_number: number as u64 + 1,
            text: text.to_string(),
        })
        .collect()
}

fn answers(engine: &SearchEngine, options: BatchOptions, texts: &[&str]) -> Vec<BatchRecord> {
    let scope = engine.batch_scope(options).unwrap();
    engine.answer_lines(&scope, lines(texts)).unwrap()
}

/// People, countries and a phrase of `world.jsonl`, with one line that matches nothing.
const LINES: [&str; 5] = [
    "Vladimir Putin",
    "Ukraine",
    "oil prices",
    "Russia",
    "zzz qqq",
];

#[test]
fn answers_do_not_depend_on_how_the_index_is_cut_into_segments() {
    let (_one_dir, one_segment) = common::fixture_engine(10_000);
    let (_many_dir, many_segments) = common::fixture_engine(2);
    let options = BatchOptions {
        kind: BatchKind::Any,
        top: 3,
        ..BatchOptions::default()
    };
    let expected = answers(&one_segment, options.clone(), &LINES);
    assert_eq!(answers(&many_segments, options, &LINES), expected);
    let matched: Vec<&str> = expected
        .iter()
        .map(|record| match record {
            BatchRecord::Answer(answer) => answer.matched_by.as_str(),
            BatchRecord::Rejected(_) => "rejected",
        })
        .collect();
    assert_eq!(matched[2], "phrase", "{expected:?}");
    assert_eq!(matched[4], "none", "{expected:?}");
    for record in &expected {
        let BatchRecord::Answer(answer) = record else {
            continue;
        };
        let days: Vec<_> = answer.top.iter().map(|article| article.published).collect();
        let mut newest_first = days.clone();
        newest_first.sort_by(|a, b| b.cmp(a));
        assert_eq!(days, newest_first, "newest first: {answer:?}");
        if answer.count > 0 {
            assert!(answer.first <= answer.last, "{answer:?}");
        }
    }
}

#[test]
fn since_last_on_an_index_without_indexing_times_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let edition = NewsSchema::build_edition(SchemaEdition::Mentions);
    tantivy::Index::create_in_dir(dir.path(), edition.schema).unwrap();
    let corpus =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/world.jsonl");
    let mut build = newsroom_index::BuildOptions::new(dir.path().to_path_buf(), vec![corpus]);
    build.threads = 1;
    build.memory_budget_bytes = 32 * 1024 * 1024;
    newsroom_index::build_index(
        &build,
        Arc::new(newsroom_entities::GazetteerExtractor::default()),
        &(),
    )
    .unwrap();
    let engine = SearchEngine::open(dir.path()).unwrap();
    let scope = engine.batch_scope(BatchOptions::default()).unwrap();
    assert_eq!(scope.newest_indexed(), None);
    let since_last = BatchOptions {
        indexed_after: Some(0),
        ..BatchOptions::default()
    };
    let error = engine.batch_scope(since_last).err().unwrap();
    assert_eq!(error.status_code(), 400);
    assert!(error.to_string().contains("indexing time"), "{error}");
}
