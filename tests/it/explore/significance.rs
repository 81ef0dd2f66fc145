//! Significant values of a search, the entity page, and the links to it.

use std::collections::BTreeMap;

use serde_json::Value;

use super::{server, total};
use crate::support::{encode, Server};

/// JLH as the API documents it.
fn jlh(count: u64, matched: u64, index_count: u64, index: u64) -> f64 {
    let (p, q) = (
        count as f64 / matched as f64,
        index_count as f64 / index as f64,
    );
    (p - q) * p / q
}

/// Checks a `significant` object against filtered searches within `scope` (a query string):
/// both counts of every value, its score, the order, and that every value of the matches with
/// at least 3 articles and a higher share than in the index is listed, but for the values the
/// scope filters by.
fn check_significant(server: &Server, scope: &str, significant: &Value) {
    let matched = total(server, scope);
    let index = total(server, "q=");
    assert_eq!(significant["score"], "jlh");
    assert_eq!(significant["matched"].as_u64(), Some(matched), "{scope}");
    assert_eq!(significant["index"].as_u64(), Some(index));
    let everything = server.json(&format!("/api/search?{scope}&facets=100&size=1"), 200);
    for (kind, values) in significant["values"].as_object().unwrap() {
        let values = values.as_array().unwrap();
        let mut last_score = f64::INFINITY;
        for value in values {
            let name = value["name"].as_str().unwrap();
            let filter = format!("{kind}={}", encode(name));
            // Filters of one kind are OR'ed: within a scope filtering that kind, the value is
            // asked as a field clause of the query (AND) instead.
            let within = if scope.contains(&format!("&{kind}=")) {
                let clause = encode(&format!(" {kind}:\"{name}\""));
                scope.replacen("q=", &format!("q={clause}"), 1)
            } else {
                format!("{scope}&{filter}")
            };
            let count = total(server, &within);
            let index_count = total(server, &format!("q=&{filter}"));
            assert_eq!(
                value["count"].as_u64(),
                Some(count),
                "{kind} {name} in {scope}"
            );
            assert_eq!(
                value["index_count"].as_u64(),
                Some(index_count),
                "{kind} {name}"
            );
            let score = value["score"].as_f64().unwrap();
            let expected = jlh(count, matched, index_count, index);
            assert!(
                (score - expected).abs() < 1e-9,
                "{name}: {score} vs {expected}"
            );
            assert!(score <= last_score, "{kind} in score order");
            last_score = score;
        }
        // Every value frequent enough and over-represented is there.
        let listed: Vec<&str> = values.iter().filter_map(|v| v["name"].as_str()).collect();
        for entry in everything["facets"][kind].as_array().unwrap() {
            let name = entry["name"].as_str().unwrap();
            if scope.contains(&format!("{kind}={}", encode(name))) {
                assert!(
                    !listed.contains(&name),
                    "the filter {kind}={name} is left out"
                );
                continue;
            }
            let count = entry["count"].as_u64().unwrap();
            let index_count = total(server, &format!("q=&{kind}={}", encode(name)));
            let over = count as f64 / matched as f64 > index_count as f64 / index as f64;
            assert_eq!(
                listed.contains(&name),
                count >= 3 && over,
                "{kind} {name}: {count} of {matched}, {index_count} of {index}"
            );
        }
    }
}

#[test]
fn significant_values_are_the_over_represented_ones_with_both_counts() {
    let (_dir, server, _) = server();
    let scopes = [
        "q=summit",
        "q=election",
        "q=markets&from=2024-02-01",
        "q=&country=Japan",
        "q=talks",
    ];
    for scope in scopes {
        let response = server.json(
            &format!(
                "/api/search?{scope}&significant=person,country,org,source&significant_size=100"
            ),
            200,
        );
        check_significant(&server, scope, &response["significant"]);
    }
    // Joe Biden is in a third of the summit articles but in more than half of all: not listed.
    let summit = server.json("/api/search?q=summit&significant=person", 200);
    let people: Vec<&str> = summit["significant"]["values"]["person"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|value| value["name"].as_str())
        .collect();
    assert_eq!(people, ["Angela Merkel", "Emmanuel Macron"]);
    assert_eq!(
        summit["significant"]["values"].as_object().unwrap().len(),
        1
    );
    // In the election he is, after Kamala Harris (in every election article and nowhere else).
    let election = server.json(
        "/api/search?q=election&significant=person&significant_size=1",
        200,
    );
    let first = &election["significant"]["values"]["person"][0];
    assert_eq!(first["name"], "Kamala Harris");
    // Not asked: null. Asked wrongly: the JSON 400s of /api/search.
    assert!(server.json("/api/search?q=summit", 200)["significant"].is_null());
    for bad in [
        "significant=planets",
        "significant=person&significant_size=0",
        "significant=person&significant_size=101",
        "significant=person&size=0",
    ] {
        let error = server.json(&format!("/api/search?q=summit&{bad}"), 400);
        assert_eq!(error["error"]["status"], 400, "{bad}");
    }
}

#[test]
fn the_entity_page_counts_its_articles_spellings_and_company() {
    let (_dir, server, articles) = server();
    let page = server.json("/api/entities/person/Joe%20Biden?significant_size=100", 200);
    // Naive, from the corpus: the articles naming him, their first and last day.
    let naming: Vec<&Value> = articles
        .iter()
        .filter(|article| article["body"].as_str().unwrap().contains("Joe Biden"))
        .collect();
    let days: Vec<&str> = naming
        .iter()
        .map(|article| article["published"].as_str().unwrap())
        .collect();
    assert_eq!(page["kind"], "person");
    assert_eq!(page["name"], "Joe Biden");
    assert_eq!(page["articles"].as_u64(), Some(naming.len() as u64));
    assert_eq!(page["index_count"].as_u64(), Some(naming.len() as u64));
    assert_eq!(page["first_seen"].as_str(), days.iter().min().copied());
    assert_eq!(page["last_seen"].as_str(), days.iter().max().copied());
    let timeline = &page["timeline"];
    let in_buckets: u64 = timeline["buckets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|bucket| bucket["count"].as_u64().unwrap())
        .sum();
    assert_eq!(in_buckets, naming.len() as u64);
    // Per month, as the corpus has them.
    let mut by_month: BTreeMap<String, u64> = BTreeMap::new();
    for day in &days {
        *by_month.entry(day[..7].to_string()).or_default() += 1;
    }
    if timeline["interval"] == "month" {
        for bucket in timeline["buckets"].as_array().unwrap() {
            let month = &bucket["start"].as_str().unwrap()[..7];
            let expected = by_month.get(month).copied().unwrap_or(0);
            assert_eq!(bucket["count"].as_u64(), Some(expected), "{month}");
        }
    }
    assert_eq!(page["spellings"][0]["name"], "Joe Biden");
    assert_eq!(
        page["spellings"][0]["count"].as_u64(),
        Some(naming.len() as u64)
    );
    assert_eq!(page["top_articles"].as_array().unwrap().len(), 10);
    // Related entities: counted within his articles against the whole index, himself left out.
    check_significant(&server, "q=&person=Joe%20Biden", &page["related"]);
    let people: Vec<&str> = page["related"]["values"]["person"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|value| value["name"].as_str())
        .collect();
    assert!(people.contains(&"Kamala Harris"), "{people:?}");
    assert!(!people.contains(&"Joe Biden"));

    // A scope narrows it, with the same parameters as /api/search.
    let scoped = server.json("/api/entities/person/Joe%20Biden?q=summit&size=2", 200);
    let in_summit = naming
        .iter()
        .filter(|article| article["title"].as_str().unwrap().starts_with("summit"))
        .count();
    assert_eq!(scoped["articles"].as_u64(), Some(in_summit as u64));
    assert_eq!(scoped["index_count"].as_u64(), Some(naming.len() as u64));
    assert_eq!(scoped["top_articles"].as_array().unwrap().len(), 2);

    // Errors are the JSON errors of the API.
    let unknown = server.json("/api/entities/person/Nobody%20Here", 404);
    assert_eq!(unknown["error"]["status"], 404);
    server.json("/api/entities/planet/Mars", 400);
    server.json("/api/entities/person/Joe%20Biden?size=0", 400);
    server.json(
        "/api/entities/person/Joe%20Biden?significant_size=1000",
        400,
    );
    server.json("/api/entities/person/Joe%20Biden?from=2024-13-45", 400);
    // Another person in the scope would widen it (filters of one kind are OR'ed): refused.
    server.json(
        "/api/entities/person/Joe%20Biden?person=Kamala%20Harris",
        400,
    );
    let same = server.json("/api/entities/person/Joe%20Biden?person=Joe%20Biden", 200);
    assert_eq!(same["articles"], page["articles"]);
}

#[test]
fn pages_link_entities_and_show_what_is_unusually_frequent() {
    let (_dir, server, _) = server();
    let (status, content_type, html) = server.get("/entities/person/Joe%20Biden");
    assert_eq!(status, 200);
    assert!(content_type.starts_with("text/html"), "{content_type}");
    assert!(html.contains("<h1 id=\"entity-name\">Joe Biden"), "{html}");
    assert!(html.contains("20 articles"), "{html}");
    assert!(
        html.contains("href=\"/entities/person/Kamala%20Harris\""),
        "{html}"
    );
    // The filtered search is one click away.
    assert!(html.contains("href=\"/?person=Joe+Biden\""), "{html}");
    let (status, _, html) = server.get("/entities/person/Nobody%20Here");
    assert_eq!(status, 404);
    assert!(html.contains("no person named"), "{html}");

    // The search page: the panel, and entity links next to facet values and chips, whose own
    // links still toggle the filter.
    let (_, _, html) = server.get("/?q=summit");
    assert!(html.contains("Unusually frequent here"), "{html}");
    assert!(
        html.contains("href=\"/entities/person/Angela%20Merkel\""),
        "{html}"
    );
    assert!(
        html.contains("href=\"/?q=summit&amp;person=Angela+Merkel\""),
        "{html}"
    );
    // Without a query or filter every article matches: nothing is unusual.
    let (_, _, html) = server.get("/");
    assert!(!html.contains("Unusually frequent here"));
}

#[test]
fn the_cli_lists_significant_values_as_the_api_does() {
    let (dir, server, _) = server();
    let index = dir.path().join("index");
    let output = crate::support::run(&[
        "search",
        "summit",
        "--index",
        index.to_str().unwrap(),
        "--significant",
        "person,country",
        "--json",
    ]);
    assert!(output.status.success(), "{output:?}");
    let response: Value = serde_json::from_slice(&output.stdout).unwrap();
    let api = server.json("/api/search?q=summit&significant=person,country", 200);
    assert_eq!(response["significant"], api["significant"]);
    assert!(!api["significant"]["values"]["person"]
        .as_array()
        .unwrap()
        .is_empty());
}
