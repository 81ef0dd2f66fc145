//! Property tests (the fuzzing substitute on a stable toolchain): request validation and the
//! search engine never panic on arbitrary input, and snippet HTML never lets markup through.

use std::sync::OnceLock;

use newsroom_search::{escape_html, SearchEngine, SearchError, SearchParams, SearchRequest};
use proptest::prelude::*;

mod common;

fn engine() -> &'static SearchEngine {
    static ENGINE: OnceLock<(tempfile::TempDir, SearchEngine)> = OnceLock::new();
    let (_, engine) = ENGINE.get_or_init(|| common::fixture_engine(50_000));
    engine
}

fn query_text() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            Just("\"".to_string()),
            Just("(".to_string()),
            Just(")".to_string()),
            Just("-".to_string()),
            Just(" OR ".to_string()),
            Just(" AND ".to_string()),
            Just("title:".to_string()),
            Just("person:".to_string()),
            Just("*".to_string()),
            Just("~".to_string()),
            Just("^2".to_string()),
            Just("<".to_string()),
            Just(">".to_string()),
            Just("[".to_string()),
            Just(" TO ".to_string()),
            Just("]".to_string()),
            Just("/".to_string()),
            Just(":".to_string()),
            Just("ceasefire".to_string()),
            Just("oil".to_string()),
            Just("\u{200f}".to_string()),
            Just("e\u{301}".to_string()),
            Just("🕊".to_string()),
            "[a-z]{1,6}",
            any::<char>().prop_map(|c| c.to_string()),
        ],
        0..12,
    )
    .prop_map(|parts| parts.concat())
}

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(256)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), ..ProptestConfig::default() })]

    #[test]
    fn any_query_is_answered_or_rejected_as_bad_input(
        q in query_text(),
        size in prop_oneof![Just("10".to_string()), "[0-9]{0,7}"],
        page in prop_oneof![Just("1".to_string()), "[0-9]{0,10}"],
        from in prop_oneof![Just(String::new()), Just("2025-03-01".to_string()), "[0-9-]{0,12}"],
        person in prop_oneof![Just(String::new()), Just("Vladimir Putin".to_string()), any::<String>()],
    ) {
        let pairs = vec![
            ("q".to_string(), q), ("size".to_string(), size), ("page".to_string(), page),
            ("from".to_string(), from), ("person".to_string(), person),
        ];
        match (SearchParams { pairs }).into_request() {
            Ok(request) => match engine().search(&request) {
                Ok(response) => {
                    prop_assert!(response.hits.len() <= request.size);
                    for hit in &response.hits {
                        let without_marks = hit.snippet_html.replace("<mark>", "").replace("</mark>", "");
                        prop_assert!(!without_marks.contains('<'), "markup leaked: {}", hit.snippet_html);
                        for fragment in &hit.fragments {
                            let chars = fragment.text.chars().count();
                            for [start, end] in &fragment.highlights {
                                prop_assert!(start < end && *end <= chars);
                            }
                        }
                    }
                }
                Err(SearchError::QuerySyntax(_)) | Err(SearchError::BadRequest(_)) => {}
                Err(other) => prop_assert!(false, "a server error for bad input: {other}"),
            },
            Err(SearchError::BadRequest(_)) => {}
            Err(other) => prop_assert!(false, "unexpected error kind: {other}"),
        }
    }

    #[test]
    fn escaping_removes_every_markup_character(text in any::<String>()) {
        let escaped = escape_html(&text);
        prop_assert!(!escaped.contains(['<', '>', '"', '\'']));
    }
}

/// Found by the property test in CI: an exists query on a field without a fast column.
#[test]
fn exists_queries_on_text_fields_are_bad_requests() {
    for q in ["title:*", "body:*", "title:* AND oil", "~:* TO ceasefire"] {
        let request = SearchRequest {
            q: q.to_string(),
            ..SearchRequest::default()
        };
        match engine().search(&request) {
            Ok(_) | Err(SearchError::BadRequest(_)) | Err(SearchError::QuerySyntax(_)) => {}
            Err(other) => panic!("{q}: {other}"),
        }
    }
}
