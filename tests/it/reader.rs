//! What a reader notices in the first minute on the page and in the API: misspelt words inside
//! longer queries, the archive without a query, how snippets read, the chips of a hit and of an
//! article, and snippets that name the entity a search filters by.

use std::io::Write;

use serde_json::Value;

use crate::support::{build_index, repo_root, Server};

/// A server over `tests/fixtures/reader.jsonl`.
fn reader_server() -> (tempfile::TempDir, Server) {
    let dir = tempfile::tempdir().unwrap();
    build_index(&repo_root().join("tests/fixtures/reader.jsonl"), dir.path());
    let server = Server::start(dir.path());
    (dir, server)
}

fn hit<'a>(response: &'a Value, id: &str) -> &'a Value {
    response["hits"]
        .as_array()
        .unwrap()
        .iter()
        .find(|hit| hit["id"] == id)
        .unwrap_or_else(|| panic!("{id} is not among the hits: {response}"))
}

fn strings(value: &Value) -> Vec<String> {
    value
        .as_array()
        .unwrap()
        .iter()
        .map(|item| item.as_str().unwrap().to_string())
        .collect()
}

#[test]
fn misspelt_words_in_a_longer_query_are_corrected_when_nothing_matches_them_all() {
    let (_dir, server) = reader_server();
    // The example: two misspelt words, and a rare real word no shutdown article has.
    let response = server.json("/api/search?q=goverment+shutdwn+talks+zebra", 200);
    assert_eq!(response["corrected_query"], "government shutdown talks");
    assert_eq!(
        response["corrections"],
        serde_json::json!([
            { "from": "goverment", "to": "government" },
            { "from": "shutdwn", "to": "shutdown" },
            { "from": "zebra", "to": null },
        ])
    );
    assert_eq!(response["fallback_or"], false);
    assert_eq!(
        response["total"], 4,
        "the four articles on the shutdown talks"
    );
    assert_eq!(
        response["notice"],
        "Showing results for government shutdown talks; search instead for goverment shutdwn talks zebra"
    );
    assert_eq!(response["did_you_mean"], Value::Null, "already applied");
    let title = response["hits"][0]["title_html"].as_str().unwrap();
    assert!(
        title.contains("<mark>"),
        "corrected words are highlighted: {title}"
    );

    // A word no article has is left out too.
    let response = server.json("/api/search?q=goverment+shutdwn+talks+xylophone", 200);
    assert_eq!(response["corrected_query"], "government shutdown talks");
    assert_eq!(
        response["corrections"][2],
        serde_json::json!({ "from": "xylophone", "to": null })
    );

    // The page says so, with a link to the words as typed, which are then searched as typed.
    let (status, _, page) = server.get("/?q=goverment+shutdwn+talks+zebra");
    assert_eq!(status, 200);
    assert!(page.contains("Showing results for <a href=\"/?q=government+shutdown+talks\"><strong>government shutdown talks</strong></a>; search instead for <a href=\"/?q=goverment+shutdwn+talks+zebra&amp;autocorrect=0\">goverment shutdwn talks zebra</a>"), "{page}");
    let as_typed = server.json(
        "/api/search?q=goverment+shutdwn+talks+zebra&autocorrect=0",
        200,
    );
    assert_eq!(as_typed["corrected_query"], Value::Null);
    assert_eq!(as_typed["fallback_or"], true);
    assert_eq!(as_typed["did_you_mean"], "government shutdown talks zebra");

    // Without a misspelling a rare but real word is left alone: the articles with most of the
    // words (soft AND: three of four) are shown, and the notice says so.
    let response = server.json("/api/search?q=zebra+government+shutdown+talks", 200);
    assert_eq!(response["corrected_query"], Value::Null);
    assert_eq!(response["corrections"], serde_json::json!([]));
    assert_eq!(response["fallback_or"], false);
    assert_eq!(response["total"], 4, "the shutdown articles, not the zebra");
    assert!(response["notice"]
        .as_str()
        .unwrap()
        .contains("most of them"));
    // With two words, AND still falls back to any word.
    let response = server.json("/api/search?q=zebra+shutdown", 200);
    assert_eq!(response["fallback_or"], true);
    assert!(response["notice"].as_str().unwrap().contains("any of them"));

    // One misspelt word still gets "did you mean", on the page too.
    let response = server.json("/api/search?q=goverment", 200);
    assert_eq!(response["total"], 0);
    assert_eq!(response["did_you_mean"], "government");
    let (_, _, page) = server.get("/?q=goverment");
    assert!(
        page.contains("Did you mean <a href=\"/?q=government\">government</a>?"),
        "{page}"
    );
}

/// `count` short articles, one a day from 2020-01-01, alternating between two sources.
fn dated_corpus(count: usize) -> tempfile::NamedTempFile {
    let mut file = tempfile::Builder::new()
        .suffix(".jsonl")
        .tempfile()
        .unwrap();
    let first = chrono::NaiveDate::from_ymd_opt(2020, 1, 1).unwrap();
    for day in 0..count {
        let date = first + chrono::Duration::days(day as i64);
        let source = if day % 2 == 0 {
            "Even Times"
        } else {
            "Odd Post"
        };
        let line = serde_json::json!({
            "id": format!("day-{day}"),
            "title": format!("Notes of day {day}"),
            "body": format!("The council met on day {day} and adjourned."),
            "published": date.to_string(),
            "source": source,
        });
        writeln!(file, "{line}").unwrap();
    }
    file
}

fn published(response: &Value) -> Vec<String> {
    response["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|hit| hit["published"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn the_archive_without_a_query_lists_the_newest_first_and_counts_in_thousands() {
    let corpus = dated_corpus(1_001);
    let dir = tempfile::tempdir().unwrap();
    build_index(corpus.path(), dir.path());
    let server = Server::start(dir.path());

    for path in [
        "/api/search",
        "/api/search?q=",
        "/api/search?source=Odd+Post",
    ] {
        let response = server.json(path, 200);
        assert_eq!(response["request"]["sort"], "newest", "{path}");
        let dates = published(&response);
        let mut newest_first = dates.clone();
        newest_first.sort_by(|a, b| b.cmp(a));
        assert_eq!(dates, newest_first, "{path}");
    }
    let response = server.json("/api/search", 200);
    assert!(
        response["hits"][0]["published"]
            .as_str()
            .unwrap()
            .starts_with("2022-09-27"),
        "the last day of the corpus first: {}",
        response["hits"][0]["published"]
    );
    // Asked for, relevance stays; a query ranks by relevance.
    let asked = server.json("/api/search?sort=relevance", 200);
    assert_eq!(asked["request"]["sort"], "relevance");
    let query = server.json("/api/search?q=council", 200);
    assert_eq!(query["request"]["sort"], "relevance");

    // The page's sort menu says so, and its counts have thousands separators.
    let (status, _, page) = server.get("/");
    assert_eq!(status, 200);
    assert!(
        page.contains("data-sort=\"newest\" selected>Newest</option>"),
        "{page}"
    );
    assert!(page.contains("1,001 articles"), "{page}");
    let (_, _, page) = server.get("/?q=council");
    assert!(
        page.contains("data-sort=\"relevance\" selected>Most relevant</option>"),
        "{page}"
    );
    assert!(page.contains("1,001 articles"));
}

#[test]
fn snippets_join_fragments_with_one_ellipsis_and_read_past_abbreviations() {
    let (_dir, server) = reader_server();
    let response = server.json("/api/search?q=ceasefire", 200);
    let snippet = hit(&response, "snip-1");
    let html = snippet["snippet_html"].as_str().unwrap();
    assert!(!html.contains("… …"), "{html}");
    assert_eq!(html.matches('…').count(), 3, "{html}");
    let texts: Vec<String> = snippet["fragments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|fragment| fragment["text"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(texts.len(), 3, "{texts:?}");
    assert_eq!(
        texts[2],
        "Sen. Smith told Mr. Jones on Jan. 5 that the U.S. Congress backed the ceasefire.",
        "no sentence ends after an abbreviation"
    );
}

#[test]
fn hit_chips_follow_the_article_lead_with_the_filter_and_group_by_kind() {
    let (_dir, server) = reader_server();
    let article = server.json("/api/articles/summit-1", 200);
    let body = article["body"].as_str().unwrap().to_string();
    let position = |name: &str| {
        let surname = name.rsplit(' ').next().unwrap();
        body.find(surname)
            .unwrap_or_else(|| panic!("{surname} in the text"))
    };

    // The API lists a hit's people in the order the article names them.
    let response = server.json("/api/search?q=summit", 200);
    let persons = strings(&hit(&response, "summit-1")["persons"]);
    assert!(
        persons.len() > 6,
        "the summit names ten leaders: {persons:?}"
    );
    let positions: Vec<usize> = persons.iter().map(|name| position(name)).collect();
    let mut in_text_order = positions.clone();
    in_text_order.sort_unstable();
    assert_eq!(positions, in_text_order, "{persons:?}");

    // The page groups a hit's chips by kind, a handful each, and counts the rest.
    let (_, _, page) = server.get("/?q=summit");
    let people = chip_group(&page, "person");
    assert_eq!(chip_names(&people), persons[..6], "{people}");
    assert!(
        people.contains(&format!(">+{} more</a>", persons.len() - 6)),
        "{people}"
    );
    assert!(page.matches("class=\"chip ").count() <= 20);

    // Filtered by a person the article names last, that chip comes first and is marked.
    let (_, _, page) = server.get("/?q=summit&person=Vladimir+Putin");
    let people = chip_group(&page, "person");
    assert!(
        people.contains("<a class=\"chip person selected\" href=\"/?q=summit\" aria-current=\"true\" title=\"Filtering by Vladimir Putin; select to remove the filter\">Vladimir Putin</a>"),
        "{people}"
    );
    assert_eq!(chip_names(&people)[0], "Vladimir Putin");
    let groups = page.find("chip-group person").unwrap();
    assert!(
        groups < page.find("chip-group country").unwrap(),
        "the filtered kind first"
    );

    // The article page groups its entities by kind, most mentioned first, with their counts.
    let (_, _, page) = server.get("/articles/summit-1");
    for label in [
        "<h2>People</h2>",
        "<h2>Countries</h2>",
        "<h2>Organisations</h2>",
    ] {
        assert!(page.contains(label), "{label}: {page}");
    }
    // Most mentioned first, each with its count (the article names Putin more than anyone).
    let people_start = page.find("<h2>People</h2><ul>").unwrap();
    let people = &page[people_start..people_start + page[people_start..].find("</ul>").unwrap()];
    assert!(
        people.starts_with("<h2>People</h2><ul><li><a class=\"chip person\" href=\"/?person=Vladimir+Putin\">Vladimir Putin</a> <span class=\"count\" title=\""),
        "{people}"
    );
    let counts: Vec<u32> = people
        .split("<span class=\"count\" title=\"")
        .skip(1)
        .map(|rest| rest.split(' ').next().unwrap().parse().unwrap())
        .collect();
    assert!(counts.len() >= 2 && counts[0] > 1, "{people}");
    assert!(counts.windows(2).all(|pair| pair[0] >= pair[1]), "{people}");
}

/// The HTML of the first hit's chip group of `kind`.
fn chip_group(page: &str, kind: &str) -> String {
    let start = page
        .find(&format!("<span class=\"chip-group {kind}\""))
        .unwrap_or_else(|| panic!("no {kind} chips in {page}"));
    let end = start + page[start..].find("</span>").unwrap();
    page[start..end].to_string()
}

/// The names on the chips of a chip group's HTML, in order.
fn chip_names(group: &str) -> Vec<String> {
    group
        .split("<a class=\"chip ")
        .skip(1)
        .filter_map(|chip| {
            let text = chip.split_once('>')?.1;
            Some(text.split_once("</a>")?.0.to_string())
        })
        .collect()
}

#[test]
fn snippets_prefer_sentences_naming_the_filtered_entity_in_the_articles_spelling() {
    let (_dir, server) = reader_server();
    let response = server.json("/api/search?q=peace+talks&person=Vladimir+Putin", 200);
    let html = hit(&response, "talks-1")["snippet_html"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        html.contains("<mark>Vladimir Putin</mark> said the <mark>talks</mark>"),
        "{html}"
    );
    // Russia is named "Moscow" and "Russian" here: sentences naming it so come first.
    let response = server.json("/api/search?q=peace+talks&country=Russia", 200);
    let html = hit(&response, "talks-1")["snippet_html"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        html.contains("<mark>Moscow</mark> welcomed the <mark>talks</mark>"),
        "{html}"
    );
    // Without a filter the sentences with the most query words win.
    let response = server.json("/api/search?q=peace+talks", 200);
    let html = hit(&response, "talks-1")["snippet_html"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(!html.contains("Moscow"), "{html}");
}
