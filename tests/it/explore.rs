//! Exploring by entity against a real server: significant values of a search and the entity
//! page, each count checked against a naive computation (filtered searches, and the generated
//! corpus itself).

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::Value;

use crate::support::{build_index, encode, Server};

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

fn server() -> (tempfile::TempDir, Server, Vec<Value>) {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("stories.jsonl");
    let articles = write_corpus(&corpus);
    let index = dir.path().join("index");
    build_index(&corpus, &index);
    let server = Server::start(&index);
    (dir, server, articles)
}

fn total(server: &Server, query: &str) -> u64 {
    server.json(&format!("/api/search?{query}&facets=0&size=1"), 200)["total"]
        .as_u64()
        .unwrap()
}

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

/// z of the two-proportion test as the API documents it.
fn two_proportion_z(count: u64, articles: u64, baseline_count: u64, baseline: u64) -> f64 {
    let (n1, n0) = (articles as f64, baseline as f64);
    let pooled = (count + baseline_count) as f64 / (n1 + n0);
    let spread = (pooled * (1.0 - pooled) * (1.0 / n1 + 1.0 / n0)).sqrt();
    (count as f64 / n1 - baseline_count as f64 / n0) / spread
}

#[test]
fn trending_values_rise_against_the_period_before() {
    let (_dir, server, articles) = server();
    let trending = server.json(
        "/api/trending?kind=person&from=2024-04-01&to=2024-04-30",
        200,
    );
    assert_eq!(trending["baseline_from"], "2024-03-02");
    assert_eq!(trending["baseline_to"], "2024-03-31");
    let in_period = |from: &str, to: &str| {
        articles
            .iter()
            .filter(|article| {
                let day = article["published"].as_str().unwrap();
                (from..=to).contains(&day)
            })
            .count() as u64
    };
    let (articles_now, articles_before) = (
        in_period("2024-04-01", "2024-04-30"),
        in_period("2024-03-02", "2024-03-31"),
    );
    assert_eq!(trending["articles"].as_u64(), Some(articles_now));
    assert_eq!(
        trending["baseline_articles"].as_u64(),
        Some(articles_before)
    );
    // Every value of the period, counted by filtered searches: listed exactly when named in 3
    // articles or more with z of at least 1.645, with both counts, shares and z.
    let now = "from=2024-04-01&to=2024-04-30";
    let before = "from=2024-03-02&to=2024-03-31";
    let facets = server.json(
        &format!("/api/search?q=&{now}&facets=person&facet_size=100"),
        200,
    );
    let listed = trending["values"].as_array().unwrap();
    for entry in facets["facets"]["person"].as_array().unwrap() {
        let name = entry["name"].as_str().unwrap();
        let filter = format!("person={}", encode(name));
        let count = total(&server, &format!("q=&{now}&{filter}"));
        let baseline_count = total(&server, &format!("q=&{before}&{filter}"));
        let z = two_proportion_z(count, articles_now, baseline_count, articles_before);
        let value = listed.iter().find(|value| value["name"] == name);
        assert_eq!(
            value.is_some(),
            count >= 3 && z >= 1.645,
            "{name}: {count}, z {z}"
        );
        if let Some(value) = value {
            assert_eq!(value["count"].as_u64(), Some(count));
            assert_eq!(value["baseline_count"].as_u64(), Some(baseline_count));
            let share = count as f64 / articles_now as f64;
            assert!((value["share"].as_f64().unwrap() - share).abs() < 1e-9);
            assert!((value["z"].as_f64().unwrap() - z).abs() < 1e-9);
        }
    }
    // Joe Biden comments on the summit and the markets in April, not in March.
    assert_eq!(listed[0]["name"], "Joe Biden");
    assert!(trending["test"].as_str().unwrap().contains("z-test"));
    // Nothing before the first article: no baseline, nothing rises.
    let first = server.json(
        "/api/trending?kind=person&from=2024-01-01&to=2024-01-31",
        200,
    );
    assert_eq!(first["baseline_articles"], 0);
    assert!(first["values"].as_array().unwrap().is_empty());
    // The errors of /api/search.
    server.json("/api/trending?kind=person&from=2024-04-01", 400);
    server.json(
        "/api/trending?kind=planet&from=2024-04-01&to=2024-04-30",
        400,
    );
    server.json(
        "/api/trending?kind=person&from=2024-04-30&to=2024-04-01",
        400,
    );
    server.json("/api/trending?from=2024-04-01&to=2024-04-30&size=0", 400);
    // The page shows it when a period is chosen.
    let (_, _, html) = server.get("/?q=&from=2024-04-01&to=2024-04-30");
    assert!(html.contains("Rising in this period"), "{html}");
    assert!(
        html.contains("href=\"/entities/person/Joe%20Biden\""),
        "{html}"
    );
}

#[test]
fn timelines_side_by_side_share_their_buckets() {
    let (_dir, server, articles) = server();
    let names = ["Joe Biden", "Kamala Harris", "Janet Yellen"];
    let query: Vec<String> = names
        .iter()
        .map(|name| format!("person={}", encode(name)))
        .collect();
    let timelines = server.json(&format!("/api/timeline?{}", query.join("&")), 200);
    let buckets = timelines["buckets"].as_array().unwrap();
    let series = timelines["series"].as_array().unwrap();
    assert_eq!(series.len(), names.len());
    // Naive, from the corpus: articles per bucket, all of them and those naming each person.
    let in_bucket = |bucket: &Value, article: &Value| {
        let day = article["published"].as_str().unwrap();
        (bucket["start"].as_str().unwrap()..=bucket["end"].as_str().unwrap()).contains(&day)
    };
    for bucket in buckets {
        let all = articles.iter().filter(|a| in_bucket(bucket, a)).count() as u64;
        assert_eq!(bucket["articles"].as_u64(), Some(all), "{bucket}");
    }
    for (series, name) in series.iter().zip(names) {
        assert_eq!(series["kind"], "person");
        assert_eq!(series["name"], name);
        let counts = series["counts"].as_array().unwrap();
        let shares = series["shares"].as_array().unwrap();
        assert_eq!(counts.len(), buckets.len());
        for ((bucket, count), share) in buckets.iter().zip(counts).zip(shares) {
            let naming = articles
                .iter()
                .filter(|a| in_bucket(bucket, a))
                .filter(|a| a["body"].as_str().unwrap().contains(name))
                .count() as u64;
            assert_eq!(count.as_u64(), Some(naming), "{name} in {bucket}");
            let all = bucket["articles"].as_u64().unwrap();
            let expected = if all == 0 {
                0.0
            } else {
                naming as f64 / all as f64
            };
            assert!((share.as_f64().unwrap() - expected).abs() < 1e-9);
        }
        let total = total(&server, &format!("q=&person={}", encode(name)));
        assert_eq!(series["total"].as_u64(), Some(total));
    }
    // The query scopes every series; without an entity the query is the one series.
    let scoped = server.json("/api/timeline?q=summit&person=Joe%20Biden", 200);
    assert_eq!(scoped["series"][0]["total"].as_u64(), Some(4));
    let alone = server.json("/api/timeline?q=summit", 200);
    assert_eq!(alone["series"][0]["kind"], "query");
    assert_eq!(alone["series"][0]["total"].as_u64(), Some(12));
    // Errors as /api/search's.
    let many: Vec<String> = (0..11).map(|i| format!("person=P{i}")).collect();
    server.json(&format!("/api/timeline?{}", many.join("&")), 400);
    server.json("/api/timeline?person=Joe%20Biden&from=yesterday", 400);
    // The page draws one line per series in each chart, with a legend, without scripts.
    let (status, _, html) = server.get(&format!("/timeline?{}", query.join("&")));
    assert_eq!(status, 200);
    assert_eq!(html.matches("<polyline").count(), 2 * names.len(), "{html}");
    for name in names {
        assert!(html.contains(&format!(">{name}</a>")), "{name}: {html}");
    }
    // The entity page links to it.
    let (_, _, html) = server.get("/entities/person/Joe%20Biden");
    assert!(
        html.contains("/timeline?person=Joe+Biden&amp;person="),
        "{html}"
    );
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
