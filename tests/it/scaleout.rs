//! Scale-out: export files, `push` to (fake) Quickwit and OpenSearch, and `serve --backend
//! quickwit` answering like the local engine.

use std::collections::BTreeSet;

use serde_json::Value;

use crate::fake_engines;
use crate::support::{build_index, fixture_corpus, run, Server};

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
    let output = run(&[
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
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let config = std::fs::read_to_string(quickwit.join("index-config.yaml")).unwrap();
    assert!(config.contains("index_id: news") && config.contains("timestamp_field: published"));
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
    let output = run(&[
        "export",
        "--format",
        "opensearch",
        "--index",
        index.path().to_str().unwrap(),
        "--out",
        opensearch.to_str().unwrap(),
    ]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
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
    let output = run(&[
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
    assert!(output.status.success(), "{stderr}");
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
    let opensearch = fake_engines::opensearch();
    for round in 0..2 {
        let output = run(&[
            "push",
            "--opensearch",
            &opensearch.url,
            "--index",
            "news",
            "--from",
            index.path().to_str().unwrap(),
        ]);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(output.status.success(), "round {round}: {stderr}");
        assert!(stderr.contains("the remote index holds 12"), "{stderr}");
    }
    let recorded = opensearch.recorded.lock().unwrap();
    assert!(recorded.violations.is_empty(), "{:?}", recorded.violations);
    assert_eq!(recorded.configs.len(), 1, "created once");
}

#[test]
fn push_reports_an_unreachable_engine() {
    let index = fixture_index();
    let output = run(&[
        "push",
        "--quickwit",
        "http://127.0.0.1:9",
        "--index",
        "news",
        "--from",
        index.path().to_str().unwrap(),
    ]);
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("127.0.0.1:9"));
}

fn hit_ids(response: &Value) -> BTreeSet<String> {
    response["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|hit| hit["id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn serve_with_the_quickwit_backend_answers_like_the_local_engine() {
    let index = fixture_index();
    let quickwit = fake_engines::quickwit(0);
    let output = run(&[
        "push",
        "--quickwit",
        &quickwit.url,
        "--index",
        "news",
        "--from",
        index.path().to_str().unwrap(),
    ]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let local = Server::start(index.path());
    let remote = Server::start_with(&[
        "--backend",
        "quickwit",
        "--quickwit",
        &quickwit.url,
        "--index",
        "news",
    ]);
    for query in [
        "q=ceasefire",
        "q=ceasefire&person=Volodymyr+Zelensky",
        "country=Ukraine&size=50",
    ] {
        let local_answer = local.json(&format!("/api/search?{query}"), 200);
        let remote_answer = remote.json(&format!("/api/search?{query}"), 200);
        assert_eq!(local_answer["total"], remote_answer["total"], "{query}");
        assert_eq!(hit_ids(&local_answer), hit_ids(&remote_answer), "{query}");
        for kind in ["person", "country", "org", "source"] {
            assert_eq!(
                local_answer["facets"][kind], remote_answer["facets"][kind],
                "{query} {kind}"
            );
        }
    }
    let answer = remote.json("/api/search?q=ceasefire", 200);
    let first = &answer["hits"][0];
    assert!(first["snippet_html"]
        .as_str()
        .unwrap()
        .to_lowercase()
        .contains("<mark>ceasefire</mark>"));
    assert!(first["fragments"][0]["highlights"]
        .as_array()
        .is_some_and(|h| !h.is_empty()));
    assert!(answer["histogram"]["buckets"]
        .as_array()
        .is_some_and(|b| !b.is_empty()));
    {
        let recorded = quickwit.recorded.lock().unwrap();
        let sent = &recorded.searches;
        assert!(sent
            .iter()
            .any(|body| body["snippet_fields"] == serde_json::json!(["title", "body"])));
        assert!(sent
            .iter()
            .any(|body| body["aggs"]["person"]["terms"]["field"] == "person"));
        assert!(recorded.violations.is_empty(), "{:?}", recorded.violations);
    }

    let local_article = local.json("/api/articles/fx-01", 200);
    let remote_article = remote.json("/api/articles/fx-01", 200);
    assert_eq!(local_article, remote_article);
    remote.json("/api/articles/no-such-id", 404);
    let suggestions = remote.json("/api/entities?kind=person&prefix=zel", 200);
    assert_eq!(suggestions["suggestions"][0]["name"], "Volodymyr Zelensky");
    let health = remote.json("/healthz", 200);
    assert_eq!(health["backend"], "quickwit");
    assert_eq!(health["documents"], 12);
    let error = remote.json("/api/search?q=((broken", 400);
    assert!(error["error"]["message"]
        .as_str()
        .unwrap()
        .contains("Failed to parse query"));
    let (status, _, page) = remote.get("/?q=ceasefire");
    assert_eq!(status, 200);
    assert!(page.contains("<mark>"));
}
