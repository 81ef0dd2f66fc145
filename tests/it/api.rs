//! The JSON API and the page against a real server on an ephemeral port, on the fixture corpus.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::support::{
    build_index, encode, facet_counts, facet_kind_subsets, fixture_corpus, Server, FACET_KINDS,
};

fn server() -> (tempfile::TempDir, Server) {
    let dir = tempfile::tempdir().unwrap();
    build_index(&fixture_corpus(), dir.path());
    let server = Server::start(dir.path());
    (dir, server)
}

fn ids(response: &Value) -> Vec<String> {
    response["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|hit| hit["id"].as_str().unwrap().to_string())
        .collect()
}

/// Source counts computed from the fixture file itself, not from the index.
fn fixture_source_counts(filter: impl Fn(&Value) -> bool) -> BTreeMap<String, u64> {
    let mut counts = BTreeMap::new();
    for line in std::fs::read_to_string(fixture_corpus()).unwrap().lines() {
        let article: Value = serde_json::from_str(line).unwrap();
        if filter(&article) {
            *counts
                .entry(article["source"].as_str().unwrap().to_string())
                .or_default() += 1;
        }
    }
    counts
}

fn facet_map(response: &Value, kind: &str) -> BTreeMap<String, u64> {
    facet_counts(response, kind)
}

#[test]
fn ranking_prefers_title_matches_and_and_falls_back_to_or() {
    let (_dir, server) = server();
    let response = server.json("/api/search?q=ceasefire", 200);
    assert_eq!(response["total"], 3);
    assert_eq!(ids(&response)[0], "fx-03", "the title match ranks first");
    assert_eq!(response["fallback_or"], false);

    let response = server.json("/api/search?q=ceasefire+volcano", 200);
    assert_eq!(response["fallback_or"], true);
    assert_eq!(response["total"], 4);
    assert!(response["notice"].as_str().unwrap().contains("any of them"));
}

#[test]
fn phrases_and_exclusions() {
    let (_dir, server) = server();
    let response = server.json("/api/search?q=%22oil+prices%22", 200);
    assert_eq!(ids(&response), ["fx-02"]);
    let response = server.json("/api/search?q=ceasefire+-Zelensky", 200);
    let found = ids(&response);
    assert!(
        !found.contains(&"fx-08".to_string()) && found.contains(&"fx-03".to_string()),
        "{found:?}"
    );
    let snippet = response["hits"][0]["snippet_html"].as_str().unwrap();
    assert!(
        !snippet.contains("<mark>Zelensky"),
        "excluded terms are never highlighted: {snippet}"
    );
}

#[test]
fn filters_combine_and_facets_match_independent_counts() {
    let (_dir, server) = server();
    let everything = server.json("/api/search?q=&facets=50", 200);
    assert_eq!(everything["total"], 12);
    assert_eq!(
        facet_map(&everything, "source"),
        fixture_source_counts(|_| true)
    );

    let response = server.json("/api/search?person=Volodymyr+Zelensky&facets=50", 200);
    let mut found = ids(&response);
    found.sort();
    assert_eq!(found, ["fx-01", "fx-05", "fx-08"]);
    let zelensky_articles = ["fx-01", "fx-05", "fx-08"];
    assert_eq!(
        facet_map(&response, "source"),
        fixture_source_counts(
            |article| zelensky_articles.contains(&article["id"].as_str().unwrap())
        )
    );
    assert_eq!(facet_map(&response, "person")["Volodymyr Zelensky"], 3);

    // AND across fields, OR within one.
    let response = server.json(
        "/api/search?person=Volodymyr+Zelensky&country=Saudi+Arabia",
        200,
    );
    assert_eq!(ids(&response), ["fx-08"]);
    let response = server.json(
        "/api/search?country=Saudi+Arabia&country=Japan&sort=oldest",
        200,
    );
    assert_eq!(ids(&response), ["fx-10", "fx-02", "fx-08"]);
    let response = server.json(
        "/api/search?source=Money+Times&from=2025-01-01&to=2025-12-31",
        200,
    );
    assert_eq!(ids(&response), ["fx-10"]);
}

#[test]
fn selected_facet_value_stays_visible() {
    let (_dir, server) = server();
    let response = server.json("/api/search?country=Iceland&facets=1", 200);
    let countries = facet_map(&response, "country");
    assert_eq!(countries.get("Iceland"), Some(&1), "{countries:?}");
}

#[test]
fn histogram_buckets_cover_the_matches() {
    let (_dir, server) = server();
    let response = server.json("/api/search?q=&size=1", 200);
    let histogram = &response["histogram"];
    assert_eq!(histogram["interval"], "week");
    let buckets = histogram["buckets"].as_array().unwrap();
    let counted: u64 = buckets.iter().map(|b| b["count"].as_u64().unwrap()).sum();
    assert_eq!(
        counted, 11,
        "every dated article is in one bucket (fx-12 has no date)"
    );
    assert_eq!(buckets.first().unwrap()["start"], "2024-08-05");
    let response = server.json("/api/search?q=&from=2025-03-01&to=2025-03-31", 200);
    assert_eq!(response["histogram"]["interval"], "day");
}

#[test]
fn paging_is_bounded() {
    let (_dir, server) = server();
    let page_two = server.json("/api/search?q=&size=5&page=2&sort=newest", 200);
    assert_eq!(page_two["hits"].as_array().unwrap().len(), 5);
    let page_one = server.json("/api/search?q=&size=5&page=1&sort=newest", 200);
    assert!(ids(&page_one).iter().all(|id| !ids(&page_two).contains(id)));
    let beyond = server.json("/api/search?q=&size=5&page=3", 200);
    assert_eq!(beyond["hits"].as_array().unwrap().len(), 2);
}

#[test]
fn entity_suggestions_by_prefix() {
    let (_dir, server) = server();
    let response = server.json("/api/entities?kind=person&prefix=zel", 200);
    assert_eq!(response["suggestions"][0]["name"], "Volodymyr Zelensky");
    assert_eq!(response["suggestions"][0]["count"], 3);
    let response = server.json("/api/entities?kind=country&prefix=UK", 200);
    assert_eq!(response["suggestions"][0]["name"], "Ukraine");
}

#[test]
fn errors_are_json_with_status_and_message() {
    let (_dir, server) = server();
    for (path, status) in [
        ("/api/search?from=2025-99-01", 400),
        ("/api/search?size=0", 400),
        ("/api/search?size=1000000", 400),
        ("/api/search?page=1000000000", 400),
        ("/api/search?sort=sideways", 400),
        ("/api/search?q=title:(unclosed", 400),
        ("/api/entities?kind=planet", 400),
        ("/api/articles/does-not-exist", 404),
        ("/no/such/route", 404),
    ] {
        let error = server.json(path, status);
        assert_eq!(error["error"]["status"], status, "{path}");
        assert!(
            !error["error"]["message"].as_str().unwrap().is_empty(),
            "{path}"
        );
    }
}

#[test]
fn article_api_and_health() {
    let (_dir, server) = server();
    let article = server.json("/api/articles/fx-05", 200);
    assert_eq!(article["title"], "Wheat harvest in Ukraine recovers");
    assert_eq!(article["countries"][0], "Ukraine");
    let health = server.json("/healthz", 200);
    assert_eq!(health["documents"], 12);
    server.json("/api/search?q=oil", 200);
    let (status, _, metrics) = server.get("/metrics");
    assert_eq!(status, 200);
    assert!(metrics.contains("newsroom_documents 12"));
    assert!(
        metrics.contains("newsroom_http_requests_total{route=\"/api/search\",status=\"200\"} 1"),
        "{metrics}"
    );
    assert!(metrics.contains(
        "newsroom_http_request_duration_seconds_bucket{route=\"/api/search\",le=\"+Inf\"} 1"
    ));
}

#[test]
fn html_escapes_article_text_and_the_query() {
    let (_dir, server) = server();
    let (status, content_type, page) = server.get("/?q=%3E%3Cscript%3Ealert%3C%2Fscript%3E+markup");
    assert_eq!(status, 200);
    assert!(content_type.starts_with("text/html"));
    assert!(
        !page.contains("<script>alert"),
        "no raw script from the query or the article"
    );
    assert!(
        page.contains("&gt;&lt;script&gt;alert&lt;/script&gt;"),
        "the query is echoed escaped"
    );
    // A query that does not parse gets an error page that echoes it escaped too.
    let (status, _, page) = server.get("/?q=%3Cscript%3Ealert(2)%3C%2Fscript%3E+(");
    assert_eq!(status, 400);
    assert!(!page.contains("<script>alert") && page.contains("&lt;script&gt;alert(2)"));
    let (_, _, page) = server.get("/?q=payload");
    // The whole payload, escaped character for character, around the highlighted word.
    let escaped_body =
        "Body with &lt;b&gt;tags&lt;/b&gt; &amp; an &lt;img src=x onerror=alert(1)&gt; \
                        <mark>payload</mark>, about the ceasefire talks.";
    assert!(page.contains(escaped_body), "{page}");
    assert!(
        page.contains("&lt;script&gt;alert(&#39;xss&#39;)&lt;/script&gt; Headline with markup"),
        "{page}"
    );
    assert!(!page.contains("<img"));
    assert!(!page.contains("<i>Evil</i>"));
    assert!(
        !page.contains("javascript:alert"),
        "non-http urls are not links"
    );
    let (_, _, article_page) = server.get("/articles/fx-09");
    assert!(!article_page.contains("<script>alert") && !article_page.contains("javascript:"));
    let api = server.json("/api/search?q=payload", 200);
    assert_eq!(
        api["hits"][0]["title_html"],
        "&lt;script&gt;alert(&#39;xss&#39;)&lt;/script&gt; Headline with markup"
    );
    assert_eq!(api["hits"][0]["snippet_html"], escaped_body);
    let headers = server.headers("/");
    let header = |name: &str| {
        headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    assert!(header("content-security-policy").contains("default-src 'self'"));
    assert!(!header("content-security-policy").contains("unsafe-inline"));
    assert_eq!(header("x-content-type-options"), "nosniff");
    assert_eq!(header("referrer-policy"), "no-referrer");
}

#[test]
fn page_works_without_javascript() {
    let (_dir, server) = server();
    let (status, _, page) = server.get("/?q=ceasefire&person=Volodymyr+Zelensky");
    assert_eq!(status, 200);
    assert!(page.contains("<form class=\"search\" method=\"get\" action=\"/\""));
    assert!(page.contains("1 article"), "fx-08 only");
    assert!(page.contains("<mark>ceasefire</mark>"));
    assert!(page.contains("aria-label=\"Remove filter Volodymyr Zelensky\""));
    assert!(page.contains("<svg role=\"img\""), "timeline drawn");
    let (status, _, _) = server.get("/?size=0");
    assert_eq!(status, 400);
}

#[test]
fn typo_gets_a_did_you_mean_from_the_index_terms() {
    let (_dir, server) = server();
    let response = server.json("/api/search?q=ceasfire", 200);
    assert_eq!(response["total"], 0);
    assert_eq!(response["did_you_mean"], "ceasefire");
    let response = server.json("/api/search?q=ceasefire", 200);
    assert_eq!(response["did_you_mean"], Value::Null);
}

#[test]
fn syntax_errors_say_where() {
    let (_dir, server) = server();
    let error = server.json("/api/search?q=title:(unclosed", 400);
    assert!(
        error["error"]["message"]
            .as_str()
            .unwrap()
            .contains("at position 15"),
        "{error}"
    );
}

#[test]
fn entity_filter_prefers_and_highlights_fragments_naming_the_entity() {
    let (_dir, server) = server();
    let response = server.json("/api/search?q=exchange&person=Vladimir+Putin", 200);
    let snippet = response["hits"][0]["snippet_html"].as_str().unwrap();
    assert!(snippet.contains("<mark>Vladimir Putin</mark>"), "{snippet}");
    assert!(
        snippet.contains("<mark>Putin</mark>&#39;s envoy"),
        "the surname is highlighted too: {snippet}"
    );
}

#[test]
fn openapi_document_describes_every_api_route_and_search_parameter() {
    let (_dir, server) = server();
    let spec = server.json("/api/openapi.json", 200);
    assert_eq!(spec["openapi"], "3.0.3");
    for route in [
        "/api/search",
        "/api/articles/{id}",
        "/api/entities",
        "/api/entities/{kind}/{name}",
        "/api/trending",
        "/api/timeline",
        "/healthz",
        "/metrics",
    ] {
        assert!(spec["paths"][route]["get"].is_object(), "{route} missing");
    }
    let documented: Vec<&str> = spec["paths"]["/api/search"]["get"]["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    // A valid value for every parameter the server reads (request.rs): each must be
    // documented, and each documented one must be accepted on its own and all together.
    let examples: BTreeMap<&str, &str> = [
        ("q", "oil"),
        ("person", "x"),
        ("country", "y"),
        ("org", "z"),
        ("source", "w"),
        ("from", "2020-01-01"),
        ("to", "2026-01-01"),
        ("op", "or"),
        ("sort", "newest"),
        ("page", "1"),
        ("size", "5"),
        ("facets", "person,org"),
        ("facet_size", "3"),
        ("facet", "country"),
        ("snippets", "false"),
        ("histogram", "false"),
        ("autocorrect", "false"),
        ("significant", "person,org"),
        ("significant_size", "4"),
        ("rank", "classic"),
        ("collapse", "false"),
        ("story", "12345"),
    ]
    .into_iter()
    .collect();
    for parameter in examples.keys() {
        assert!(documented.contains(parameter), "{parameter} undocumented");
    }
    let mut all = Vec::new();
    for parameter in &documented {
        let value = examples
            .get(parameter)
            .unwrap_or_else(|| panic!("documented parameter {parameter} has no example here"));
        server.json(&format!("/api/search?{parameter}={value}"), 200);
        all.push(format!("{parameter}={value}"));
    }
    let response = server.json(&format!("/api/search?{}", all.join("&")), 200);
    assert_eq!(response["total"], 0);
}

#[test]
fn server_sees_new_commits_without_restart() {
    let dir = tempfile::tempdir().unwrap();
    build_index(&fixture_corpus(), dir.path());
    let server = Server::start(dir.path());
    assert_eq!(server.json("/api/search?q=zeppelin", 200)["total"], 0);
    let extra = dir.path().join("extra.jsonl");
    std::fs::write(
        &extra,
        r#"{"id": "new-1", "title": "Zeppelin returns", "body": "An airship flew over the city."}"#,
    )
    .unwrap();
    build_index(&extra, dir.path());
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    loop {
        if server.json("/api/search?q=zeppelin", 200)["total"] == 1 {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the new article never became searchable"
        );
        std::thread::sleep(std::time::Duration::from_millis(200));
    }
    assert_eq!(server.json("/healthz", 200)["documents"], 13);
}

#[test]
fn facet_kinds_can_be_chosen() {
    let (_dir, server) = server();
    let response = server.json("/api/search?q=&facet=person&facet=country", 200);
    let kinds: Vec<&str> = response["facets"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(kinds, ["country", "person"]);
    server.json("/api/search?facet=planets", 400);
}

/// Every non-empty subset of the facet kinds, asked as repeated `facet=` and as `facets=a,b`:
/// each kind's counts sit under its own key, and each count equals the total of a search
/// filtered by that value.
#[test]
fn every_subset_of_facet_kinds_is_answered_under_its_own_keys() {
    let (dir, server) = server();
    let everything = server.json("/api/search?q=&facets=100", 200);
    for chosen in facet_kind_subsets() {
        let repeated: String = chosen.iter().map(|kind| format!("&facet={kind}")).collect();
        let listed = format!("&facets={}&facet_size=100", chosen.join(","));
        for asked in [format!("{repeated}&facets=100"), listed] {
            let response = server.json(&format!("/api/search?q={asked}"), 200);
            let keys: Vec<&str> = response["facets"]
                .as_object()
                .unwrap()
                .keys()
                .map(String::as_str)
                .collect();
            let mut expected = chosen.clone();
            expected.sort_unstable();
            assert_eq!(keys, expected, "{asked}");
            for kind in &chosen {
                assert_eq!(
                    facet_map(&response, kind),
                    facet_map(&everything, kind),
                    "{kind} for {asked}"
                );
            }
        }
    }
    // The counts themselves: each value's count is the total of the search filtered by it.
    for kind in FACET_KINDS {
        let values = facet_map(&everything, kind);
        assert!(!values.is_empty(), "the fixture has {kind} values");
        for (value, count) in values {
            let filtered = server.json(
                &format!("/api/search?q=&{kind}={}&facets=0", encode(&value)),
                200,
            );
            assert_eq!(filtered["total"].as_u64(), Some(count), "{kind}={value}");
        }
    }
    // The CLI gives the same keys and counts.
    for kinds in ["org", "source", "person,org", "country,org,source"] {
        let output = crate::support::run(&[
            "search",
            "",
            "--index",
            dir.path().to_str().unwrap(),
            "--facets",
            kinds,
            "--facet-size",
            "100",
            "--json",
        ]);
        assert!(output.status.success(), "{output:?}");
        let response: Value = serde_json::from_slice(&output.stdout).unwrap();
        for kind in kinds.split(',') {
            assert_eq!(facet_map(&response, kind), facet_map(&everything, kind));
        }
        assert_eq!(
            response["facets"].as_object().unwrap().len(),
            kinds.split(',').count()
        );
    }
    server.json("/api/search?facets=person,planets", 400);
}

#[test]
fn json_keeps_its_names_for_each_kind_of_entity() {
    let (_dir, server) = server();
    let response = server.json("/api/search?q=&size=100", 200);
    let hits = response["hits"].as_array().unwrap();
    for hit in hits {
        for key in ["persons", "countries", "organizations"] {
            assert!(hit[key].is_array(), "hit {} lacks {key}: {hit}", hit["id"]);
        }
    }
    assert!(
        hits.iter()
            .any(|hit| !hit["organizations"].as_array().unwrap().is_empty()),
        "some fixture article names an organisation"
    );
    for key in ["persons", "countries", "orgs", "sources"] {
        assert!(
            response["request"][key].is_array(),
            "request echo lacks {key}"
        );
    }
    let article_id = hits[0]["id"].as_str().unwrap();
    let article = server.json(&format!("/api/articles/{}", encode(article_id)), 200);
    assert!(article["organizations"].is_array(), "{article}");
}
