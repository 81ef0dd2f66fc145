//! The CLI: index, search, stats, entities, on fixtures and on the shared BBC corpus.

use serde_json::Value;

use crate::support::{build_index, fixture_corpus, run, run_failing, run_ok, shared_corpus};

#[test]
fn index_summary_adds_up_and_exit_code_reflects_success() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.jsonl");
    std::fs::write(
        &bad,
        "{\"title\": \"Good\", \"body\": \"ok\"}\nnot json\n{\"title\": \"\"}\n",
    )
    .unwrap();
    let index = dir.path().join("index");
    let output = run_ok(&[
        "index",
        bad.to_str().unwrap(),
        "--index",
        index.to_str().unwrap(),
    ]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("read      3"), "{stderr}");
    assert!(stderr.contains("indexed   1"), "{stderr}");
    assert!(stderr.contains("rejected  2"), "{stderr}");
    assert!(stderr.contains("bad.jsonl:2: invalid JSON"), "{stderr}");
    assert!(
        stderr.contains("bad.jsonl:3: missing title and body"),
        "{stderr}"
    );

    let only_bad = dir.path().join("only-bad.jsonl");
    std::fs::write(&only_bad, "nope\n").unwrap();
    run_failing(&[
        "index",
        only_bad.to_str().unwrap(),
        "--index",
        dir.path().join("other").to_str().unwrap(),
    ]);
}

#[test]
fn search_json_has_hits_snippets_entities_and_facets() {
    let dir = tempfile::tempdir().unwrap();
    build_index(&fixture_corpus(), dir.path());
    let output = run_ok(&[
        "search",
        "prisoner exchange",
        "--index",
        dir.path().to_str().unwrap(),
        "--json",
    ]);
    let response: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(response["total"], 1);
    let hit = &response["hits"][0];
    assert_eq!(hit["id"], "fx-01");
    assert_eq!(
        hit["title_html"],
        "Putin and Zelensky agree to <mark>prisoner exchange</mark>"
    );
    assert!(hit["snippet_html"]
        .as_str()
        .unwrap()
        .contains("<mark>prisoner exchange</mark>"));
    assert_eq!(
        hit["persons"],
        serde_json::json!(["Vladimir Putin", "Volodymyr Zelensky"])
    );
    let countries: Vec<&str> = response["facets"]["country"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        countries,
        ["Russia", "Turkey", "Ukraine"],
        "equal counts in name order"
    );
}

#[test]
fn search_filters_by_person_and_date_from_the_cli() {
    let dir = tempfile::tempdir().unwrap();
    build_index(&fixture_corpus(), dir.path());
    let index = dir.path().to_str().unwrap();
    let output = run_ok(&[
        "search",
        "",
        "--index",
        index,
        "--person",
        "Volodymyr Zelensky",
        "--from",
        "2025-01-01",
        "--sort",
        "newest",
        "--json",
    ]);
    let response: Value = serde_json::from_slice(&output.stdout).unwrap();
    let ids: Vec<&str> = response["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["fx-01", "fx-08"]);

    let plain = run(&["search", "ceasefire", "--index", index, "--limit", "2"]);
    let text = String::from_utf8_lossy(&plain.stdout);
    assert!(text.starts_with("3 matches"), "{text}");
    assert!(
        text.contains("[ceasefire]"),
        "matches are bracketed when not on a terminal: {text}"
    );
}

#[test]
fn bad_search_arguments_fail_with_a_message() {
    let dir = tempfile::tempdir().unwrap();
    build_index(&fixture_corpus(), dir.path());
    let output = run_failing(&[
        "search",
        "x",
        "--index",
        dir.path().to_str().unwrap(),
        "--from",
        "yesterday",
    ]);
    assert!(String::from_utf8_lossy(&output.stderr).contains("invalid date"));
    let output = run_failing(&[
        "search",
        "x",
        "--index",
        dir.path().join("nothing").to_str().unwrap(),
    ]);
    assert!(String::from_utf8_lossy(&output.stderr).contains("no index at"));
}

#[test]
fn stats_json_reports_documents_size_and_dates() {
    let dir = tempfile::tempdir().unwrap();
    build_index(&fixture_corpus(), dir.path());
    let output = run_ok(&["stats", "--index", dir.path().to_str().unwrap(), "--json"]);
    let stats: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(stats["documents"], 12);
    assert!(stats["index_bytes"].as_u64().unwrap() > 1000);
    assert_eq!(stats["date_range"][0], "2024-08-10T00:00:00Z");
    assert_eq!(stats["date_range"][1], "2025-03-21T00:00:00Z");
    assert_eq!(stats["top_sources"][0]["name"], "Test Wire");
}

#[test]
fn entities_command_reads_text_from_stdin() {
    use std::io::Write;
    let mut child = crate::support::newsroom()
        .args(["entities", "-", "--json"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"Russian President Vladimir Putin met officials in Kyiv. Putin left.")
        .unwrap();
    let output = child.wait_with_output().unwrap();
    let found: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(found["persons"][0]["name"], "Vladimir Putin");
    assert_eq!(found["persons"][0]["count"], 2);
    let countries: Vec<&str> = found["countries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(countries, ["Russia", "Ukraine"]);
}

#[test]
fn help_and_version_explain_each_command() {
    let output = run(&["--version"]);
    assert!(String::from_utf8_lossy(&output.stdout).starts_with("newsroom "));
    for command in ["index", "search", "stats", "serve", "entities"] {
        let output = run(&[command, "--help"]);
        let help = String::from_utf8_lossy(&output.stdout);
        assert!(
            output.status.success() && help.contains("Example"),
            "{command} --help lacks an example: {help}"
        );
    }
}

#[test]
fn bbc_corpus_end_to_end_time_warner_first() {
    let Some(bbc) = shared_corpus("bbc.jsonl.gz") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("bbc");
    let output = run_ok(&[
        "index",
        bbc.to_str().unwrap(),
        "--index",
        index.to_str().unwrap(),
    ]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("read      2127")
            && stderr.contains("indexed   2127")
            && stderr.contains("rejected  0"),
        "{stderr}"
    );
    let output = run(&[
        "search",
        "Time Warner profit",
        "--index",
        index.to_str().unwrap(),
        "--json",
    ]);
    let response: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(response["hits"][0]["id"], "bbc-business-001");
    // Indexing the same corpus again updates every article and keeps the count.
    let output = run(&[
        "index",
        bbc.to_str().unwrap(),
        "--index",
        index.to_str().unwrap(),
    ]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("updated   2127") && stderr.contains("documents 2127 in the index"),
        "{stderr}"
    );
}

#[test]
fn bench_queries_prints_the_harness_json_line_and_writes_results() {
    let dir = tempfile::tempdir().unwrap();
    build_index(&fixture_corpus(), dir.path());
    let queries = dir.path().join("queries.txt");
    std::fs::write(
        &queries,
        "# comment\nceasefire\n\n\"oil prices\"\nno-such-word-anywhere\n",
    )
    .unwrap();
    let out = dir.path().join("out.json");
    let output = run_ok(&[
        "bench-queries",
        "--index",
        dir.path().to_str().unwrap(),
        "--queries",
        queries.to_str().unwrap(),
        "--k",
        "2",
        "--snippets",
        "--facets",
        "--repeat",
        "2",
        "--warmup",
        "1",
        "--out",
        out.to_str().unwrap(),
    ]);
    let line: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(line["engine"], "newsroom");
    assert_eq!(line["queries"], 3);
    assert_eq!(line["samples"], 6);
    assert_eq!(line["zero_hit_queries"], 1);
    for key in ["p50_ms", "p95_ms", "p99_ms", "mean_ms", "qps"] {
        assert!(line[key].as_f64().unwrap() > 0.0, "{key}");
    }
    assert!(line.get("results").is_none(), "results only in --out");
    let full: Value = serde_json::from_slice(&std::fs::read(&out).unwrap()).unwrap();
    assert_eq!(
        full["results"],
        serde_json::json!([["fx-03", "fx-09"], ["fx-02"], []])
    );
}
