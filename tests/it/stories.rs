//! Near-duplicate stories end to end: indexing gives versions of one article one story (also
//! across runs), and the CLI, the API and the page show one article per story, list a story's
//! articles, turn collapse off, and refuse bad values. The fixture `stories.jsonl` holds four
//! versions of one made-up story (the same wire copy under two outlets, an updated version,
//! a second scrape), three unrelated articles and a short brief; `stories-later.jsonl` a fifth
//! version indexed by a later run.

use serde_json::Value;

use crate::support::{repo_root, run, Server};

const VERSIONS: [&str; 4] = ["fxs-wire", "fxs-courier", "fxs-updated", "fxs-scraped"];

fn index_fixture(dir: &std::path::Path, file: &str) {
    let corpus = repo_root().join("tests/fixtures").join(file);
    let output = run(&[
        "index",
        corpus.to_str().unwrap(),
        "--index",
        dir.to_str().unwrap(),
        "--threads",
        "2",
    ]);
    assert!(
        output.status.success(),
        "index failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

fn ids(response: &Value) -> Vec<&str> {
    response["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|hit| hit["id"].as_str().unwrap())
        .collect()
}

fn search_json(dir: &std::path::Path, args: &[&str]) -> Value {
    let mut all = vec!["search", "--index", dir.to_str().unwrap(), "--json"];
    all.extend_from_slice(args);
    let output = run(&all);
    assert!(
        output.status.success(),
        "search failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap()
}

#[test]
fn the_api_shows_one_article_per_story_and_lists_the_others() {
    let dir = tempfile::tempdir().unwrap();
    index_fixture(dir.path(), "stories.jsonl");
    let server = Server::start(dir.path());

    let response = server.json("/api/search?q=bridge", 200);
    // Four versions, the readers' letters and the short brief match; three stories.
    assert_eq!(response["total"], 6, "{response}");
    assert_eq!(response["stories"], 3, "{response}");
    let shown = ids(&response);
    assert_eq!(shown.len(), 3);
    let version: Vec<&Value> = response["hits"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|hit| VERSIONS.contains(&hit["id"].as_str().unwrap()))
        .collect();
    assert_eq!(version.len(), 1, "one version of the story: {shown:?}");
    assert_eq!(version[0]["more_versions"], 3);
    let story = version[0]["story"].as_u64().unwrap();
    for other in response["hits"].as_array().unwrap() {
        if other["id"] != version[0]["id"] {
            assert_eq!(other["more_versions"], 0);
            assert_ne!(other["story"].as_u64(), Some(story));
        }
    }
    // Facet counts stay per article: the four versions' sources are all counted.
    let sources = &response["facets"]["source"];
    let count_of = |name: &str| {
        sources
            .as_array()
            .unwrap()
            .iter()
            .find(|value| value["name"] == name)
            .map_or(0, |value| value["count"].as_u64().unwrap())
    };
    assert_eq!(count_of("Velda Wire"), 3, "{sources}");
    assert_eq!(count_of("Coast Courier"), 1);

    // story=ID lists the story's articles, every version, not collapsed.
    let listing = server.json(&format!("/api/search?q=bridge&story={story}"), 200);
    let mut listed = ids(&listing);
    listed.sort_unstable();
    let mut versions = VERSIONS.to_vec();
    versions.sort_unstable();
    assert_eq!(listed, versions);
    assert_eq!(listing["total"], 4);
    assert!(listing.get("stories").is_none(), "{listing}");

    // collapse=false shows every article.
    let all = server.json("/api/search?q=bridge&collapse=false", 200);
    assert_eq!(all["total"], 6);
    assert_eq!(ids(&all).len(), 6);
    assert!(all.get("stories").is_none());

    // Every sort collapses, and pages are pages of stories.
    for sort in ["newest", "oldest", "relevance"] {
        let sorted = server.json(&format!("/api/search?q=bridge&sort={sort}"), 200);
        assert_eq!(sorted["stories"], 3, "{sort}");
        assert_eq!(ids(&sorted).len(), 3, "{sort}");
    }
    // Newest first: the story shows its newest version (fxs-updated, 15 May), oldest first its
    // oldest (fxs-scraped, 13 May).
    let newest = server.json("/api/search?q=bridge&sort=newest", 200);
    assert!(ids(&newest).contains(&"fxs-updated"), "{:?}", ids(&newest));
    let oldest = server.json("/api/search?q=bridge&sort=oldest", 200);
    assert!(ids(&oldest).contains(&"fxs-scraped"), "{:?}", ids(&oldest));
    let second_page = server.json("/api/search?q=bridge&size=2&page=2", 200);
    assert_eq!(ids(&second_page).len(), 1);
    assert_eq!(second_page["stories"], 3);
    // Filters apply before collapsing: one outlet's articles only.
    let courier = server.json("/api/search?q=bridge&source=Coast+Courier", 200);
    assert_eq!(ids(&courier), ["fxs-courier"]);
    assert_eq!(courier["hits"][0]["more_versions"], 0);

    // The page links to the other versions.
    let (status, _, page) = server.get("/?q=bridge");
    assert_eq!(status, 200);
    assert!(page.contains("3 more versions"), "{page}");
    assert!(page.contains(&format!("story={story}")), "{page}");
    assert!(page.contains("6 articles in 3 stories"), "{page}");
    let (_, _, listing_page) = server.get(&format!("/?q=bridge&story={story}"));
    assert!(listing_page.contains(&format!("versions of story {story}")));
    assert!(!listing_page.contains("more versions"));
}

#[test]
fn bad_collapse_and_story_values_are_clear_400s() {
    let dir = tempfile::tempdir().unwrap();
    index_fixture(dir.path(), "stories.jsonl");
    let server = Server::start(dir.path());
    for (query, expected) in [
        ("collapse=maybe", "collapse: expected true or false"),
        ("story=abc", "story: expected a story id"),
        ("story=-1", "story: expected a story id"),
    ] {
        let response = server.json(&format!("/api/search?q=bridge&{query}"), 400);
        let message = response["error"]["message"].as_str().unwrap();
        assert!(message.contains(expected), "{query}: {message}");
    }
    // A story no article has lists nothing.
    let response = server.json("/api/search?q=bridge&story=12345", 200);
    assert_eq!(response["total"], 0);

    let index = dir.path().to_str().unwrap();
    let output = run(&["search", "bridge", "--index", index, "--collapse", "maybe"]);
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("collapse: expected true or false"),
        "{stderr}"
    );
    let output = run(&["search", "bridge", "--index", index, "--story", "abc"]);
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("story: expected a story id"));
}

#[test]
fn the_cli_collapses_lists_a_story_and_a_later_run_joins_it() {
    let dir = tempfile::tempdir().unwrap();
    index_fixture(dir.path(), "stories.jsonl");
    let collapsed = search_json(dir.path(), &["bridge"]);
    assert_eq!(collapsed["total"], 6);
    assert_eq!(collapsed["stories"], 3);
    let uncollapsed = search_json(dir.path(), &["bridge", "--collapse", "false"]);
    assert_eq!(ids(&uncollapsed).len(), 6);

    let index = dir.path().to_str().unwrap();
    let output = run(&["search", "bridge", "--index", index]);
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(text.contains("6 matches (3 stories)"), "{text}");
    assert!(text.contains("3 more versions"), "{text}");

    // The short brief has no fingerprint: a story of its own.
    let brief = collapsed["hits"]
        .as_array()
        .unwrap()
        .iter()
        .find(|hit| hit["id"] == "fxs-short")
        .expect("the brief is shown");
    assert_eq!(brief["more_versions"], 0);

    // A later run's version joins the story; nothing earlier is indexed again.
    let story = collapsed["hits"]
        .as_array()
        .unwrap()
        .iter()
        .find(|hit| VERSIONS.contains(&hit["id"].as_str().unwrap()))
        .unwrap()["story"]
        .as_u64()
        .unwrap();
    let later = repo_root().join("tests/fixtures/stories-later.jsonl");
    let output = run(&["index", later.to_str().unwrap(), "--index", index]);
    assert!(output.status.success());
    let listing = search_json(dir.path(), &["bridge", "--story", &story.to_string()]);
    assert_eq!(listing["total"], 5, "{listing}");
    assert!(ids(&listing).contains(&"fxs-later"));
    let collapsed = search_json(dir.path(), &["bridge"]);
    assert_eq!(collapsed["total"], 7);
    assert_eq!(collapsed["stories"], 3);

    // stats counts the stories.
    let output = run(&["stats", "--index", index, "--json"]);
    let stats: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(stats["stories"]["stories_with_versions"], 1, "{stats}");
    assert_eq!(stats["stories"]["largest"][0]["articles"], 5);
    assert_eq!(stats["stories"]["largest"][0]["story"], story);
    assert_eq!(stats["stories"]["stories"], 5);
}
