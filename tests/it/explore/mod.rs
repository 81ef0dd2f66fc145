//! Exploring by entity against a real server: significant values, the entity page, trending
//! and timelines side by side, each count checked against a naive computation (filtered
//! searches, and the generated corpus itself).

mod periods;
mod significance;

use std::path::Path;

use serde_json::Value;

use crate::support::{build_index, Server};

/// Three stories of twelve articles each, over six months: an election (Joe Biden, Kamala
/// Harris), a summit (Angela Merkel, Emmanuel Macron, Germany, France) and markets (Janet
/// Yellen, Japan). Joe Biden also comments in a third of the summit and markets articles, so he
/// is frequent everywhere and unusually frequent only in the election.
fn write_corpus(path: &Path) -> Vec<Value> {
    let stories = [
        ("election", "President Joe Biden campaigned with Kamala Harris in Pennsylvania on Monday as the election neared. Kamala Harris told voters in Ohio that the election would be close."),
        ("summit", "Chancellor Angela Merkel met President Emmanuel Macron in Berlin for a summit on European defence. Angela Merkel said Germany and France agreed on the summit statement."),
        ("markets", "Treasury Secretary Janet Yellen said markets in Japan steadied after the Bank of Japan kept rates unchanged. Janet Yellen spoke to investors in Tokyo about markets."),
    ];
    let mut articles = Vec::new();
    for round in 0..12 {
        for (story, body) in stories {
            let number = articles.len() + 1;
            let comment = if story != "election" && round % 3 == 0 {
                " Joe Biden later commented on the talks."
            } else {
                ""
            };
            articles.push(serde_json::json!({
                "id": format!("ex-{number:02}"),
                "title": format!("{story} news {round}"),
                "body": format!("{body}{comment}"),
                "published": format!("2024-{:02}-{:02}", 1 + round % 6, 1 + number % 27),
                "source": format!("{story} desk"),
            }));
        }
    }
    let lines: Vec<String> = articles.iter().map(Value::to_string).collect();
    std::fs::write(path, lines.join("\n")).unwrap();
    articles
}

pub(super) fn server() -> (tempfile::TempDir, Server, Vec<Value>) {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("stories.jsonl");
    let articles = write_corpus(&corpus);
    let index = dir.path().join("index");
    build_index(&corpus, &index);
    let server = Server::start(&index);
    (dir, server, articles)
}

pub(super) fn total(server: &Server, query: &str) -> u64 {
    server.json(&format!("/api/search?{query}&facets=0&size=1"), 200)["total"]
        .as_u64()
        .unwrap()
}

/// The same corpus indexed in two runs (the second run adds to the index without merging it, so
/// the index has several segments) answers every explore request as the one-segment index does.
#[test]
fn several_segments_answer_as_one() {
    let (dir, merged, articles) = server();
    let halves = [&articles[..18], &articles[18..]];
    let index = dir.path().join("two-runs");
    for (number, half) in halves.iter().enumerate() {
        let corpus = dir.path().join(format!("half-{number}.jsonl"));
        let lines: Vec<String> = half.iter().map(Value::to_string).collect();
        std::fs::write(&corpus, lines.join("\n")).unwrap();
        build_index(&corpus, &index);
    }
    let stats = crate::support::run(&["stats", "--index", index.to_str().unwrap(), "--json"]);
    let stats: Value = serde_json::from_slice(&stats.stdout).unwrap();
    assert!(stats["segments"].as_u64() > Some(1), "{stats}");
    let split = Server::start(&index);
    for path in [
        "/api/search?q=election&significant=person,country,org,source&significant_size=100",
        "/api/search?q=&significant=person&country=Japan",
        "/api/trending?kind=person&from=2024-04-01&to=2024-04-30",
        "/api/trending?kind=country&from=2024-03-01&to=2024-05-31&size=100",
        "/api/timeline?person=Joe%20Biden&person=Janet%20Yellen",
    ] {
        let (one, two) = (merged.json(path, 200), split.json(path, 200));
        for key in ["significant", "values", "series", "buckets", "articles"] {
            assert_eq!(one[key], two[key], "{key} of {path}");
        }
    }
    let path = "/api/entities/person/Joe%20Biden?significant_size=100";
    let (one, two) = (merged.json(path, 200), split.json(path, 200));
    for key in [
        "articles",
        "index_count",
        "first_seen",
        "last_seen",
        "timeline",
        "spellings",
        "related",
    ] {
        assert_eq!(one[key], two[key], "{key} of {path}");
    }
}
