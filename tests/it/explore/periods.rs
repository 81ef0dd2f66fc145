//! Trending values of a period and timelines side by side.

use serde_json::Value;

use super::{server, total};
use crate::support::encode;

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
fn trending_within_a_query_counts_only_its_matches() {
    let (_dir, server, _articles) = server();
    let now = "from=2024-04-01&to=2024-04-30";
    let before = "from=2024-03-02&to=2024-03-31";
    // A query narrows both periods: the matches are placed by day one by one.
    for scope in ["q=summit", "country=United%20States"] {
        let trending = server.json(&format!("/api/trending?kind=person&{now}&{scope}"), 200);
        assert!(
            trending["articles"].as_u64() > Some(0),
            "{scope} matches nothing"
        );
        assert_eq!(
            trending["articles"].as_u64(),
            Some(total(&server, &format!("{scope}&{now}"))),
            "{scope}"
        );
        assert_eq!(
            trending["baseline_articles"].as_u64(),
            Some(total(&server, &format!("{scope}&{before}"))),
            "{scope}"
        );
        for value in trending["values"].as_array().unwrap() {
            let filter = format!("person={}", encode(value["name"].as_str().unwrap()));
            assert_eq!(
                value["count"].as_u64(),
                Some(total(&server, &format!("{scope}&{now}&{filter}"))),
                "{scope} {value}"
            );
        }
    }
}
