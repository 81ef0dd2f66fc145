//! Scale-out against fakes, only for what a real engine cannot be made to do here: Quickwit
//! answering 429 (retries), OpenSearch (no node on this machine) refusing documents, an
//! unreachable engine. Export files are checked as files. Everything else runs against a real
//! Quickwit node in `quickwit_node.rs`.

use std::collections::BTreeSet;

use serde_json::Value;

use crate::fake_engines;
use crate::support::{build_index, fixture_corpus, run_failing, run_ok};

fn fixture_index() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    build_index(&fixture_corpus(), dir.path());
    dir
}

fn ndjson_files(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "ndjson"))
        .collect();
    files.sort();
    files
}

#[test]
fn export_writes_configs_and_size_bounded_ndjson() {
    let index = fixture_index();
    let out = tempfile::tempdir().unwrap();
    let quickwit = out.path().join("quickwit");
    run_ok(&[
        "export",
        "--format",
        "quickwit",
        "--index",
        index.path().to_str().unwrap(),
        "--out",
        quickwit.to_str().unwrap(),
        "--index-id",
        "news",
        "--max-file-mb",
        "0.004",
    ]);
    let config: Value =
        serde_json::from_str(&std::fs::read_to_string(quickwit.join("index-config.json")).unwrap())
            .unwrap();
    assert_eq!(config["index_id"], "news");
    assert!(config["doc_mapping"].get("timestamp_field").is_none());
    let files = ndjson_files(&quickwit);
    assert!(files.len() > 1, "small files force several chunks");
    let mut ids = BTreeSet::new();
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        assert!(
            text.len() <= 4_000 || text.lines().count() == 1,
            "{} bytes",
            text.len()
        );
        for line in text.lines() {
            let document: Value = serde_json::from_str(line).unwrap();
            assert!(document["person"].is_array() && document["country"].is_array());
            ids.insert(document["id"].as_str().unwrap().to_string());
        }
    }
    assert_eq!(ids.len(), 12, "every fixture article exported once");

    let opensearch = out.path().join("opensearch");
    run_ok(&[
        "export",
        "--format",
        "opensearch",
        "--index",
        index.path().to_str().unwrap(),
        "--out",
        opensearch.to_str().unwrap(),
    ]);
    let mapping: Value =
        serde_json::from_str(&std::fs::read_to_string(opensearch.join("index.json")).unwrap())
            .unwrap();
    assert_eq!(
        mapping["mappings"]["properties"]["body"]["analyzer"],
        "english"
    );
    let text = std::fs::read_to_string(&ndjson_files(&opensearch)[0]).unwrap();
    let lines: Vec<Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 24);
    assert_eq!(lines[0]["index"]["_id"], lines[1]["id"]);
}

#[test]
fn push_to_quickwit_creates_the_index_retries_and_counts() {
    let index = fixture_index();
    let quickwit = fake_engines::quickwit(2);
    let output = run_ok(&[
        "push",
        "--quickwit",
        &quickwit.url,
        "--index",
        "news",
        "--from",
        index.path().to_str().unwrap(),
        "--batch-mb",
        "0.002",
    ]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("created the index; sent 12 documents"),
        "{stderr}"
    );
    assert!(stderr.contains("the remote index holds 12"), "{stderr}");
    let recorded = quickwit.recorded.lock().unwrap();
    assert!(recorded.violations.is_empty(), "{:?}", recorded.violations);
    assert_eq!(recorded.configs.len(), 1);
    assert_eq!(recorded.documents.len(), 12);
    assert!(recorded.batch_sizes.len() > 1, "batches respect --batch-mb");
    assert_eq!(recorded.busy_answers, 0, "the two 429 answers were retried");
}

#[test]
fn push_to_opensearch_upserts_by_id() {
    let index = fixture_index();
    let opensearch = fake_engines::opensearch(&[]);
    for round in 0..2 {
        // The second round pushes the same ids again: an upsert, not a second copy.
        let output = run_ok(&[
            "push",
            "--opensearch",
            &opensearch.url,
            "--index",
            "news",
            "--from",
            index.path().to_str().unwrap(),
        ]);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            stderr.contains("the remote index holds 12"),
            "round {round}: {stderr}"
        );
    }
    let recorded = opensearch.recorded.lock().unwrap();
    assert!(recorded.violations.is_empty(), "{:?}", recorded.violations);
    assert_eq!(recorded.configs.len(), 1, "created once");
}

#[test]
fn push_reports_an_unreachable_engine() {
    let index = fixture_index();
    let output = run_failing(&[
        "push",
        "--quickwit",
        "http://127.0.0.1:9",
        "--index",
        "news",
        "--from",
        index.path().to_str().unwrap(),
    ]);
    assert!(String::from_utf8_lossy(&output.stderr).contains("127.0.0.1:9"));
}

#[test]
fn push_reports_every_document_opensearch_refuses() {
    let index = fixture_index();
    let opensearch = fake_engines::opensearch(&["fx-02", "fx-07"]);
    let report = tempfile::NamedTempFile::new().unwrap();
    let output = run_failing(&[
        "push",
        "--opensearch",
        &opensearch.url,
        "--index",
        "news",
        "--from",
        index.path().to_str().unwrap(),
        "--report",
        report.path().to_str().unwrap(),
    ]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("refused 2 of 12 documents") && stderr.contains("fx-02: failed to parse"),
        "{stderr}"
    );
    assert!(stderr.contains("the remote index holds 10"), "{stderr}");
    let lines: Vec<Value> = std::fs::read_to_string(report.path())
        .unwrap()
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    let ids: BTreeSet<&str> = lines.iter().filter_map(|l| l["id"].as_str()).collect();
    assert_eq!(ids, BTreeSet::from(["fx-02", "fx-07"]));
    assert!(lines[0]["reason"].as_str().unwrap().contains("published"));
}
