//! Hostile and odd requests: each gets a fast JSON 4xx or a bounded, correct answer, and the
//! server stays up.

use crate::support::{build_index, fixture_corpus, Server};

#[test]
fn hostile_requests_get_json_errors_or_bounded_answers() {
    let dir = tempfile::tempdir().unwrap();
    build_index(&fixture_corpus(), dir.path());
    let server = Server::start(dir.path());
    let long_query = format!("/api/search?q={}", "a".repeat(100_000));
    let many_terms = format!("/api/search?q={}", vec!["word"; 10_000].join("+"));
    let nested = format!("/api/search?q={}oil{}", "(".repeat(5000), ")".repeat(5000));
    let nested_short = format!("/api/search?q={}oil{}", "(".repeat(100), ")".repeat(100));
    // Over 64 kB the URI cannot be represented (the `http` crate's limit): hyper answers 414 at once.
    let (status, _) = server.raw_get(&long_query);
    assert_eq!(status, 414, "100 kB query");
    let (status, response) = server.raw_get(&format!("/api/search?q={}", "a".repeat(60_000)));
    assert_eq!(status, 400, "60 kB query");
    assert!(
        response.contains("longer than the limit"),
        "{}",
        &response[..response.len().min(400)]
    );
    for path in [
        many_terms.as_str(),
        nested.as_str(),
        nested_short.as_str(),
        "/api/search?size=1000000",
        "/api/search?page=1000000000",
        "/api/search?from=2025-02-30",
        "/api/search?to=tomorrow",
        "/api/entities?kind=galaxy",
        "/api/articles/%FF",
    ] {
        let (status, content_type, body) = server.get(path);
        assert!(
            (400..500).contains(&status),
            "{}: status {status}",
            &path[..path.len().min(60)]
        );
        assert!(
            content_type.starts_with("application/json"),
            "{}: {content_type} {body}",
            &path[..path.len().min(60)]
        );
        let error: serde_json::Value = serde_json::from_str(&body).unwrap();
        assert_eq!(error["error"]["status"], status);
    }
    // Odd but valid input gets a normal answer.
    for query in [
        "%E2%80%8Fceasefire%E2%80%8E", // RTL and LTR marks
        "cafe%CC%81",                  // combining accent
        "%F0%9F%95%8A%EF%B8%8F+peace", // emoji
        "*fire",
        "fire*",
        "%2F.*%2F",
        "title:%2Fcease.*%2F",
        "body:oil~2",
        "-oil",
        "%22%22",
        "OR+AND",
        "%ED%A0%80", // a lone surrogate, not valid UTF-8: decoded as U+FFFD
        "%FF%FE",
    ] {
        let (status, content_type, body) = server.get(&format!("/api/search?q={query}"));
        assert!(status == 200 || status == 400, "{query}: {status} {body}");
        assert!(content_type.starts_with("application/json"), "{query}");
    }
    assert_eq!(
        server.json("/healthz", 200)["status"],
        "ok",
        "the server is still up"
    );
}
