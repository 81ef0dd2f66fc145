//! The registry of names end to end: built at the end of `newsroom index`, applied to facets,
//! filters, chips, the article page and `stats`, and corrected with `newsroom entities
//! merge|rename|drop|keep|kind` while the server runs, with no re-indexing.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::support::{build_index, facet_counts, repo_root, run, run_failing, Server};

fn people(response: &Value) -> BTreeMap<String, u64> {
    facet_counts(response, "person")
}

fn correct(index: &std::path::Path, args: &[&str]) {
    let mut full = vec!["entities"];
    full.extend_from_slice(args);
    full.extend_from_slice(&["--index", index.to_str().unwrap()]);
    let output = run(&full);
    assert!(
        output.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn the_registry_merges_spellings_and_short_names_and_takes_corrections_live() {
    let dir = tempfile::tempdir().unwrap();
    build_index(&repo_root().join("tests/fixtures/names.jsonl"), dir.path());
    let registry = std::fs::read_to_string(dir.path().join("names.tsv")).unwrap();
    assert!(
        registry.contains("person\tSanders\tBernie Sanders"),
        "{registry}"
    );
    assert!(
        registry.contains("person\tFrancois Hollande\tFrançois Hollande"),
        "{registry}"
    );

    let server = Server::start(dir.path());
    let all = people(&server.json("/api/search?q=&facets=50", 200));
    assert_eq!(all.get("Bernie Sanders"), Some(&3), "{all:?}");
    assert_eq!(all.get("François Hollande"), Some(&3), "{all:?}");
    assert!(!all.contains_key("Sanders") && !all.contains_key("Francois Hollande"));

    // A filter on the canonical name finds the articles of every spelling.
    let filtered = server.json("/api/search?q=&person=Bernie+Sanders", 200);
    assert_eq!(filtered["total"], 3);
    let chips: Vec<&str> = filtered["hits"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|hit| hit["persons"].as_array().unwrap())
        .filter_map(Value::as_str)
        .collect();
    assert!(
        chips.iter().all(|name| *name == "Bernie Sanders"),
        "{chips:?}"
    );
    let article = server.json("/api/articles/n-05", 200);
    assert_eq!(article["persons"], serde_json::json!(["François Hollande"]));

    // Corrections show at the next request of the running server.
    correct(
        dir.path(),
        &[
            "rename",
            "--kind",
            "person",
            "François Hollande",
            "Hollande",
        ],
    );
    correct(dir.path(), &["drop", "--kind", "person", "Angela Merkel"]);
    let all = people(&server.json("/api/search?q=&facets=50", 200));
    assert_eq!(all.get("Hollande"), Some(&3), "{all:?}");
    assert!(!all.contains_key("François Hollande") && !all.contains_key("Angela Merkel"));
    assert_eq!(
        server.json("/api/search?q=&person=Hollande", 200)["total"],
        3
    );
    correct(dir.path(), &["keep", "--kind", "person", "Angela Merkel"]);
    let all = people(&server.json("/api/search?q=&facets=50", 200));
    assert_eq!(all.get("Angela Merkel"), Some(&2), "{all:?}");

    // stats counts the same way.
    let output = run(&["stats", "--index", dir.path().to_str().unwrap(), "--json"]);
    let stats: Value = serde_json::from_slice(&output.stdout).unwrap();
    let top: Vec<&str> = stats["top_persons"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|value| value["name"].as_str())
        .collect();
    assert!(
        top.contains(&"Hollande") && top.contains(&"Bernie Sanders"),
        "{top:?}"
    );

    // A correction that does not parse is refused with its line.
    std::fs::write(
        dir.path().join("names-corrections.tsv"),
        "merge\tplanet\tMars\tVenus\n",
    )
    .unwrap();
    let output = run_failing(&["stats", "--index", dir.path().to_str().unwrap()]);
    assert!(String::from_utf8_lossy(&output.stderr).contains("names-corrections.tsv:1"));
}
