//! `POST /api/batch`, `POST /api/annotate` and `newsroom entities --index` end to end: streaming,
//! limits, and a new story resolved against the watch-list fixture index.

use std::io::{Read, Write};

use serde_json::Value;

use crate::batch::{json_lines, watchlist_index, write_list};
use crate::support::{run, Server};

/// POSTs `body` and returns status, content type and body.
fn post(server: &Server, path: &str, content_type: &str, body: &[u8]) -> (u16, String, String) {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(std::time::Duration::from_secs(120)))
        .build()
        .into();
    let mut response = agent
        .post(&format!("{}{path}", server.base))
        .header("content-type", content_type)
        .send(body)
        .expect("request completes");
    let status = response.status().as_u16();
    let content_type = response
        .headers()
        .get("content-type")
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default()
        .to_string();
    let text = response.body_mut().read_to_string().unwrap_or_default();
    (status, content_type, text)
}

#[test]
fn api_batch_streams_answers_in_input_order_and_refuses_lists_too_large() {
    let index = watchlist_index();
    let server = Server::start(index.path());
    // 600 lines: several chunks, streamed one after the other in input order.
    let body: String = (0..600)
        .map(|number| {
            if number % 2 == 0 {
                "Angela Merkel\n"
            } else {
                "\n"
            }
        })
        .collect();
    let (status, content_type, text) =
        post(&server, "/api/batch?top=1", "text/plain", body.as_bytes());
    assert_eq!(status, 200, "{text}");
    assert_eq!(content_type, "application/x-ndjson");
    let records = json_lines(&text);
    assert_eq!(records.len(), 600);
    for (number, record) in records.iter().enumerate() {
        assert_eq!(record["line_number"], number as u64 + 1);
        if number % 2 == 0 {
            assert_eq!(record["count"], 2);
        } else {
            assert_eq!(record["error"], "empty line");
        }
    }

    let (status, content_type, text) = post(
        &server,
        "/api/batch?format=csv&kind=any&top=2",
        "text/plain",
        b"France\nharbour tariff scheme",
    );
    assert_eq!(status, 200, "{text}");
    assert!(content_type.starts_with("text/csv"));
    let mut lines = text.lines();
    assert!(lines
        .next()
        .unwrap()
        .starts_with("line_number,line,matched_by"));
    assert!(lines
        .next()
        .unwrap()
        .starts_with("1,France,country,France,,2,"));
    assert!(lines
        .next()
        .unwrap()
        .starts_with("2,harbour tariff scheme,phrase,,,2,"));

    let too_many = "Angela Merkel\n".repeat(10_001);
    let (status, _, text) = post(&server, "/api/batch", "text/plain", too_many.as_bytes());
    assert_eq!(status, 413);
    assert!(text.contains("at most 10000"), "{text}");
    for (query, body) in [("", ""), ("?top=1000", "x"), ("?sort=newest", "x")] {
        let (status, content_type, text) = post(
            &server,
            &format!("/api/batch{query}"),
            "text/plain",
            body.as_bytes(),
        );
        assert_eq!(status, 400, "{query} {text}");
        assert_eq!(content_type, "application/json");
    }
}

#[test]
fn api_batch_answers_a_100_megabyte_body_with_413_before_reading_it() {
    let index = watchlist_index();
    let server = Server::start(index.path());
    let address = server.base.trim_start_matches("http://").to_string();
    let mut stream = std::net::TcpStream::connect(&address).unwrap();
    let total = 100 * 1024 * 1024;
    write!(
        stream,
        "POST /api/batch HTTP/1.1\r\nHost: {address}\r\nContent-Type: text/plain\r\nContent-Length: {total}\r\n\r\n"
    )
    .unwrap();
    // Send the body until the server stops reading; its answer comes back meanwhile.
    let mut writer = stream.try_clone().unwrap();
    let sender = std::thread::spawn(move || {
        let block = "Angela Merkel\n".repeat(4096);
        let mut sent = 0;
        while sent < total {
            if writer.write_all(block.as_bytes()).is_err() {
                break;
            }
            sent += block.len();
        }
    });
    let mut answer = Vec::new();
    let mut buffer = [0u8; 4096];
    while let Ok(read) = stream.read(&mut buffer) {
        if read == 0 {
            break;
        }
        answer.extend_from_slice(&buffer[..read]);
        if answer.windows(4).any(|window| window == b"\r\n\r\n") && answer.ends_with(b"}}") {
            break;
        }
    }
    let _ = stream.shutdown(std::net::Shutdown::Both);
    let _ = sender.join();
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
    assert!(answer.contains("\"status\":413"), "{answer}");
}

#[test]
fn api_annotate_and_entities_index_resolve_a_new_story_against_the_archive() {
    let index = watchlist_index();
    let story = "Angela Merkel met Quentin Zaborowski-Feld in Berlin on Thursday. Angela Merkel said little.";
    let server = Server::start(index.path());
    let article = serde_json::json!({ "title": "A meeting in Berlin", "body": story }).to_string();
    let (status, _, text) = post(
        &server,
        "/api/annotate",
        "application/json",
        article.as_bytes(),
    );
    assert_eq!(status, 200, "{text}");
    let answer: Value = serde_json::from_str(&text).unwrap();
    let entities = answer["entities"].as_array().unwrap();
    let merkel = entities
        .iter()
        .find(|entity| entity["name"] == "Angela Merkel")
        .unwrap_or_else(|| panic!("{text}"));
    assert_eq!(merkel["kind"], "person");
    assert_eq!(merkel["articles"], 2);
    assert_eq!(merkel["filter_link"], "/?person=Angela+Merkel");
    assert_eq!(merkel["entity_page"], "/entities/person/Angela%20Merkel");
    let new_names: Vec<&Value> = entities
        .iter()
        .filter(|entity| entity["articles"] == 0)
        .collect();
    assert!(
        new_names
            .iter()
            .all(|entity| entity["filter_link"].is_null()),
        "{text}"
    );

    let (status, _, text) = post(&server, "/api/annotate", "text/plain", story.as_bytes());
    assert_eq!(status, 200, "{text}");
    assert!(
        text.contains("\"filter_link\":\"/?person=Angela+Merkel\""),
        "{text}"
    );
    for (content_type, body) in [
        ("application/json", "{\"text\": 1}".as_bytes()),
        ("text/plain", b"  ".as_slice()),
        ("text/plain", b"bad \xff".as_slice()),
    ] {
        let (status, _, text) = post(&server, "/api/annotate", content_type, body);
        assert_eq!(status, 400, "{text}");
    }

    let story_file = write_list(index.path(), "story.txt", story.as_bytes());
    let output = run(&[
        "entities",
        story_file.to_str().unwrap(),
        "--index",
        index.path().to_str().unwrap(),
        "--json",
    ]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let printed: Value = serde_json::from_slice(&output.stdout).unwrap();
    let merkel = printed["entities"]
        .as_array()
        .unwrap()
        .iter()
        .find(|entity| entity["name"] == "Angela Merkel")
        .unwrap();
    assert_eq!(merkel["articles"], 2);
    assert_eq!(merkel["filter_link"], "/?person=Angela+Merkel");
}

#[test]
fn openapi_documents_the_batch_and_annotate_routes_and_every_batch_parameter() {
    let index = watchlist_index();
    let server = Server::start(index.path());
    let spec = server.json("/api/openapi.json", 200);
    assert!(spec["paths"]["/api/annotate"]["post"].is_object());
    let batch = &spec["paths"]["/api/batch"]["post"];
    let documented: Vec<&str> = batch["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|parameter| parameter["name"].as_str().unwrap())
        .collect();
    let examples = [
        ("kind", "any"),
        ("from", "2019-01-01"),
        ("to", "2020-01-01"),
        ("top", "3"),
        ("format", "csv"),
    ];
    for (name, value) in examples {
        assert!(documented.contains(&name), "{name} undocumented");
        let (status, _, text) = post(
            &server,
            &format!("/api/batch?{name}={value}"),
            "text/plain",
            b"Angela Merkel",
        );
        assert_eq!(status, 200, "{name}: {text}");
    }
    assert_eq!(documented.len(), examples.len(), "{documented:?}");
}
