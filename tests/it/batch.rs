//! `newsroom batch` and `POST /api/batch` end to end: a watch-list of names and phrases against
//! hand-written fixture articles, "new since last time" across two index runs, and bad input.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::support::{build_index, repo_root, run, Server};

fn fixture(name: &str) -> PathBuf {
    repo_root().join("tests/fixtures").join(name)
}

fn watchlist_index() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    build_index(&fixture("watchlist.jsonl"), dir.path());
    dir
}

fn write_list(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

/// Runs `newsroom batch LIST --index INDEX ARGS`; returns status, stdout and stderr.
fn batch(list: &Path, index: &Path, args: &[&str]) -> (bool, String, String) {
    let mut full = vec![
        "batch",
        list.to_str().unwrap(),
        "--index",
        index.to_str().unwrap(),
    ];
    full.extend_from_slice(args);
    let output = run(&full);
    (
        output.status.success(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

fn json_lines(text: &str) -> Vec<Value> {
    text.lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect()
}

const NAMES: &str = "Angela Merkel\nEmmanuel Macron\nharbour tariff scheme\nNobody Atall Here\n";

#[test]
fn batch_csv_gives_each_line_its_match_count_dates_and_newest_articles() {
    let index = watchlist_index();
    let list = write_list(index.path(), "names.txt", NAMES.as_bytes());
    let (ok, stdout, stderr) = batch(&list, index.path(), &["--top", "2"]);
    assert!(ok, "{stderr}");
    let mut reader = csv::Reader::from_reader(stdout.as_bytes());
    let header = reader.headers().unwrap().clone();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 4, "{stdout}");
    let cell = |row: usize, column: &str| {
        let at = header.iter().position(|name| name == column).unwrap();
        rows[row][at].to_string()
    };
    assert_eq!(cell(0, "matched_by"), "person");
    assert_eq!(cell(0, "name"), "Angela Merkel");
    assert_eq!(cell(0, "count"), "2");
    assert_eq!(cell(0, "first"), "2019-03-01");
    assert_eq!(cell(0, "last"), "2019-06-10");
    assert_eq!(cell(0, "top_1_id"), "w-02", "newest first");
    assert_eq!(cell(0, "top_2_id"), "w-01");
    assert_eq!(cell(2, "matched_by"), "phrase", "not an entity: the phrase");
    assert_eq!(cell(2, "count"), "2");
    assert_eq!(cell(3, "matched_by"), "none");
    assert_eq!(cell(3, "count"), "0");
    assert!(stderr.contains("4 lines read: 4 answered (3 with articles), 0 not searched"));
}

#[test]
fn batch_jsonl_honours_kind_dates_and_top() {
    let index = watchlist_index();
    let list = write_list(index.path(), "names.txt", b"Angela Merkel\nFrance\n");
    let (ok, stdout, stderr) = batch(
        &list,
        index.path(),
        &[
            "--format",
            "jsonl",
            "--top",
            "1",
            "--from",
            "2019-06-01",
            "--to",
            "2020-12-31",
        ],
    );
    assert!(ok, "{stderr}");
    let answers = json_lines(&stdout);
    assert_eq!(
        answers[0]["count"], 1,
        "only the June article is in the dates"
    );
    assert_eq!(answers[0]["top"].as_array().unwrap().len(), 1);
    assert_eq!(answers[0]["top"][0]["id"], "w-02");
    // A country is not a person: with --kind person, "France" is only a phrase (in no text).
    assert_eq!(answers[1]["matched_by"], "none");

    let (ok, stdout, _) = batch(&list, index.path(), &["--format", "jsonl", "--kind", "any"]);
    assert!(ok);
    let answers = json_lines(&stdout);
    assert_eq!(answers[1]["matched_by"], "country");
    assert_eq!(answers[1]["name"], "France");
    assert_eq!(answers[1]["count"], 2);
    assert_eq!(
        answers[1]["top"].as_array().unwrap().len(),
        2,
        "top 5 by default"
    );

    let (ok, _, stderr) = batch(&list, index.path(), &["--top", "500"]);
    assert!(!ok);
    assert!(stderr.contains("top must be between 0 and 100"), "{stderr}");
}

#[test]
fn since_last_reports_only_articles_indexed_after_the_previous_complete_run() {
    let index = watchlist_index();
    let work = tempfile::tempdir().unwrap();
    let list = write_list(work.path(), "names.txt", NAMES.as_bytes());
    let state = work.path().join("names.state");
    let state_arg = state.to_str().unwrap();
    let counts = |stdout: &str| -> Vec<u64> {
        json_lines(stdout)
            .iter()
            .map(|answer| answer["count"].as_u64().unwrap())
            .collect()
    };
    let since_last = ["--format", "jsonl", "--since-last", state_arg];

    // First run: no state yet, every article is new.
    let (ok, stdout, stderr) = batch(&list, index.path(), &since_last);
    assert!(ok, "{stderr}");
    assert_eq!(counts(&stdout), [2, 2, 2, 0]);
    let first_state = std::fs::read_to_string(&state).unwrap();

    // Nothing indexed since: nothing to report.
    let (_, stdout, _) = batch(&list, index.path(), &since_last);
    assert_eq!(counts(&stdout), [0, 0, 0, 0]);

    // A second index run adds a Merkel article and an old note published in 2018: indexing
    // time counts, not the publication date.
    build_index(&fixture("watchlist-later.jsonl"), index.path());
    let state_before_failure = std::fs::read_to_string(&state).unwrap();
    let failing = batch(
        &list,
        index.path(),
        &["--since-last", state_arg, "--out", "/dev/full"],
    );
    assert!(!failing.0, "writing to a full device fails");
    assert_eq!(
        std::fs::read_to_string(&state).unwrap(),
        state_before_failure,
        "a failed run leaves the state file as it was"
    );
    let (ok, stdout, stderr) = batch(&list, index.path(), &since_last);
    assert!(ok, "{stderr}");
    let answers = json_lines(&stdout);
    assert_eq!(counts(&stdout), [1, 0, 1, 0], "{stdout}");
    assert_eq!(answers[0]["top"][0]["id"], "w-05");
    assert_eq!(answers[2]["top"][0]["id"], "w-06");
    assert_ne!(std::fs::read_to_string(&state).unwrap(), first_state);

    // The state belongs to its index.
    let other = watchlist_index();
    let (ok, _, stderr) = batch(&list, other.path(), &since_last);
    assert!(!ok);
    assert!(stderr.contains("belongs to the index"), "{stderr}");
}

#[test]
fn bad_lines_are_reported_with_their_number_and_the_totals_add_up() {
    let index = watchlist_index();
    let mut input = b"Angela Merkel\n\n".to_vec();
    input.extend(std::iter::repeat_n(b'x', 10 * 1024));
    input.extend_from_slice(b"\nMerkel \xff\xfe Macron\nEmmanuel Macron");
    let list = write_list(index.path(), "bad.txt", &input);
    let (ok, stdout, stderr) = batch(&list, index.path(), &["--format", "jsonl"]);
    assert!(ok, "{stderr}");
    let records = json_lines(&stdout);
    assert_eq!(records.len(), 5, "one record per line: {stdout}");
    assert_eq!(records[1]["error"], "empty line");
    assert!(records[2]["error"]
        .as_str()
        .unwrap()
        .contains("10240 bytes"));
    assert!(records[3]["error"]
        .as_str()
        .unwrap()
        .contains("invalid UTF-8"));
    assert_eq!(records[4]["count"], 2);
    for line in [2, 3, 4] {
        assert!(
            stderr.contains(&format!("bad.txt:{line}: line not searched")),
            "{stderr}"
        );
    }
    assert!(stderr.contains("5 lines read: 2 answered (2 with articles), 3 not searched"));
}

#[test]
fn a_100_megabyte_list_streams_through_the_cli() {
    let index = watchlist_index();
    let path = index.path().join("huge.txt");
    let mut file = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
    file.write_all(b"Angela Merkel\n").unwrap();
    let block = vec![b'x'; 1024 * 1024];
    for _ in 0..100 {
        file.write_all(&block).unwrap();
    }
    file.write_all(b"\nEmmanuel Macron\n").unwrap();
    file.flush().unwrap();
    drop(file);
    let (ok, stdout, stderr) = batch(&path, index.path(), &["--format", "jsonl"]);
    std::fs::remove_file(&path).unwrap();
    assert!(ok, "{stderr}");
    let records = json_lines(&stdout);
    assert_eq!(records.len(), 3);
    assert!(records[1]["error"]
        .as_str()
        .unwrap()
        .contains("104857600 bytes"));
    assert_eq!(records[2]["count"], 2);
}

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
