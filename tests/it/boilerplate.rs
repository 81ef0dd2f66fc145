//! Boilerplate (captions, credits, widgets and template lines a source repeats) kept out of
//! entity facets and snippets, with the stored text unchanged, on a hand-written corpus of one
//! source whose articles share a newsletter footer.

use serde_json::Value;

use crate::support::{repo_root, run_ok, Server};

#[test]
fn boilerplate_stays_out_of_facets_and_snippets_but_not_out_of_the_text() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = repo_root().join("tests/fixtures/boilerplate.jsonl");
    let report = dir.path().join("report.jsonl");
    let output = run_ok(&[
        "index",
        corpus.to_str().unwrap(),
        "--index",
        dir.path().join("ix").to_str().unwrap(),
        "--report",
        report.to_str().unwrap(),
    ]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    // Six footers, six copyright lines, one caption line cut.
    assert!(
        stderr.contains(
            "boilerplate 13 lines kept out of entity extraction (2 template lines learned)"
        ),
        "{stderr}"
    );
    // --report lists each line with its file and line number.
    let listed: Vec<Value> = std::fs::read_to_string(&report)
        .unwrap()
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .filter(|entry: &Value| entry["kind"] == "boilerplate")
        .collect();
    assert_eq!(listed.len(), 13);
    assert!(listed.iter().any(|entry| entry["text"]
        .as_str()
        .unwrap()
        .contains("Manage Your Newsletter Preferences")));
    assert!(listed.iter().all(|entry| entry["line"].as_u64().is_some()));
    let server = Server::start(&dir.path().join("ix"));
    let all = server.json("/api/search?q=&facets=100", 200);
    let values: Vec<String> = ["person", "org", "country"]
        .iter()
        .flat_map(|kind| all["facets"][kind].as_array().unwrap().clone())
        .map(|value| value["name"].as_str().unwrap().to_string())
        .collect();
    for junk in [
        "Daily Planet Morning Briefing",
        "LLC",
        "Media",
        "Newsletter",
        "Looters",
    ] {
        assert!(
            !values.iter().any(|value| value.contains(junk)),
            "{junk} in {values:?}"
        );
    }
    assert!(values.contains(&"Priya Raman".to_string()), "{values:?}");

    // The footer's words are still searchable (the text is stored as it was) ...
    let footer = server.json("/api/search?q=newsletter+preferences", 200);
    assert_eq!(footer["total"], 6);
    // ... but no snippet shows the footer or the caption furniture.
    for query in ["q=newsletter+preferences", "q=looters", "q=harbour"] {
        let answer = server.json(&format!("/api/search?{query}"), 200);
        for hit in answer["hits"].as_array().unwrap() {
            let snippet = hit["snippet_html"].as_str().unwrap();
            assert!(
                !snippet.contains("Manage Your Newsletter") && !snippet.contains("Media caption"),
                "{query}: {snippet}"
            );
        }
    }
    let looters = server.json("/api/search?q=looters", 200);
    let snippet = looters["hits"][0]["snippet_html"].as_str().unwrap();
    assert!(
        snippet.contains("<mark>Looters</mark> ransack"),
        "{snippet}"
    );
    let article: Value = server.json("/api/articles/bp-06", 200);
    assert!(article["body"]
        .as_str()
        .unwrap()
        .contains("Media playback is unsupported on your device"));
}
