//! A messy corpus: 1,000 good articles mixed with many kinds of bad records. Every good record is
//! searchable, every bad one is reported with file, line and reason, and the totals add up.

use std::io::Write;

use serde_json::Value;

use crate::support::{run, run_ok};

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

fn good(number: usize) -> String {
    format!("{{\"id\": \"good-{number:04}\", \"title\": \"Good article {number}\", \"body\": \"Quarterly harvest report number {number}.\", \"published\": \"2024-05-01\"}}")
}

#[test]
fn messy_corpus_is_fully_accounted_for() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    std::fs::create_dir_all(corpus.join("texts")).unwrap();

    // 1. JSON Lines: 900 good articles with bad records between them.
    let mut lines: Vec<String> = (0..900).map(good).collect();
    lines.insert(10, r#"{"id": "trunc", "title": "Truncated"#.into()); // truncated JSON
    lines.insert(20, r#"{"id": "no-text", "title": "", "body": ""}"#.into()); // missing title and body
    lines.insert(
        30,
        r#"{"id": "types", "title": {"nested": true}, "body": 42}"#.into(),
    ); // wrong types
    lines.insert(
        40,
        "{\"id\": \"nul\", \"title\": \"Raw\u{0}NUL\", \"body\": \"x\"}".into(),
    ); // raw NUL: invalid JSON
    lines.insert(50, r#"{"id": "good-0001", "title": "Good article 1, corrected", "body": "Corrected harvest report."}"#.into()); // duplicate id
    let mut jsonl = lines.join("\n").into_bytes();
    jsonl
        .extend_from_slice(b"\n{\"id\": \"utf8\", \"title\": \"\xc3\x28 bad\", \"body\": \"x\"}\n"); // invalid UTF-8
    jsonl.extend_from_slice(
        format!(
            "{{\"id\": \"huge\", \"title\": \"Huge\", \"body\": \"{}\"}}\n",
            "x".repeat(50 * 1024 * 1024)
        )
        .as_bytes(),
    ); // 50 MB body
    std::fs::write(corpus.join("news.jsonl"), &jsonl).unwrap();

    // 2. CSV: 50 good rows and one with the wrong column count.
    let mut csv = String::from("id,title,body\n");
    for number in 900..950 {
        csv.push_str(&format!(
            "good-{number:04},Good article {number},Quarterly harvest report number {number}.\n"
        ));
        if number == 925 {
            csv.push_str("bad-row,too,many,columns\n");
        }
    }
    std::fs::write(corpus.join("more.csv"), csv).unwrap();

    // 3. Text files: 25 good ones and a binary file.
    for number in 950..975 {
        std::fs::write(
            corpus.join("texts").join(format!("{number}.txt")),
            format!("Good article {number}\nQuarterly harvest report number {number}.\n"),
        )
        .unwrap();
    }
    std::fs::write(
        corpus.join("texts/binary.txt"),
        b"\x7fELF\x02\x01\x01\x00\x00\x00\x00",
    )
    .unwrap();

    // 4. Gzip: 25 good in one file, a second file cut in half, and an empty file.
    let gz: String = (975..1000).map(|n| good(n) + "\n").collect();
    std::fs::write(corpus.join("tail.jsonl.gz"), gzip(gz.as_bytes())).unwrap();
    let many: String = (0..3000).map(|n| format!("{{\"id\": \"cut-{n}\", \"title\": \"Cut {n}\", \"body\": \"Text that compresses {n}.\"}}\n")).collect();
    let compressed = gzip(many.as_bytes());
    std::fs::write(
        corpus.join("cut.jsonl.gz"),
        &compressed[..compressed.len() / 2],
    )
    .unwrap();
    std::fs::write(corpus.join("empty.jsonl"), b"").unwrap();

    let index = dir.path().join("index");
    let report = dir.path().join("report.jsonl");
    let output = run_ok(&[
        "index",
        corpus.to_str().unwrap(),
        "--index",
        index.to_str().unwrap(),
        "--report",
        report.to_str().unwrap(),
        "--max-record-bytes",
        "1048576",
    ]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    let number_after = |label: &str| -> u64 {
        let line = stderr
            .lines()
            .find(|line| line.starts_with(&format!("  {label} ")))
            .unwrap_or_else(|| panic!("{label} missing: {stderr}"));
        line.split_whitespace().nth(1).unwrap().parse().unwrap()
    };
    let (read, indexed, updated, rejected) = (
        number_after("read"),
        number_after("indexed"),
        number_after("updated"),
        number_after("rejected"),
    );
    assert_eq!(read, indexed + updated + rejected, "{stderr}");
    assert_eq!(updated, 1, "the duplicate id replaced the first version");

    // Every rejection is in the report with file, line and reason.
    let report_text = std::fs::read_to_string(&report).unwrap();
    let entries: Vec<Value> = report_text
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    let rejections: Vec<&Value> = entries.iter().filter(|e| e["kind"] == "rejected").collect();
    assert_eq!(rejections.len() as u64, rejected);
    let find = |file_end: &str, reason_part: &str| {
        rejections.iter().any(|e| {
            e["file"].as_str().unwrap().ends_with(file_end)
                && e["reason"].as_str().unwrap().contains(reason_part)
        })
    };
    assert!(find("news.jsonl", "invalid JSON"), "truncated JSON");
    assert!(find("news.jsonl", "missing title and body"));
    assert!(find("news.jsonl", "expected a string, found an object"));
    assert!(find("news.jsonl", "invalid UTF-8"));
    assert!(
        find("news.jsonl", "over the limit of 1048576"),
        "50 MB body"
    );
    assert!(find("more.csv", "row has 4 columns, the header has 3"));
    assert!(find("binary.txt", "binary file"));
    assert!(find("cut.jsonl.gz", "read error"));
    let truncated = rejections
        .iter()
        .find(|e| e["reason"].as_str().unwrap().contains("EOF while parsing"))
        .unwrap();
    assert_eq!(
        truncated["line"], 11,
        "line numbers are 1-based physical lines"
    );
    assert!(rejections
        .iter()
        .all(|e| e["line"].is_u64() && !e["file"].as_str().unwrap().is_empty()));

    // Every good article is searchable: 1,000 good ones plus the part of the cut file read before
    // the cut (those are good records too).
    let search = run(&[
        "search",
        "harvest",
        "--index",
        index.to_str().unwrap(),
        "--json",
        "--limit",
        "1",
    ]);
    let response: Value = serde_json::from_slice(&search.stdout).unwrap();
    assert_eq!(
        response["total"], 1000,
        "every good article matches 'harvest'"
    );
    let stats = run(&["stats", "--index", index.to_str().unwrap(), "--json"]);
    let stats: Value = serde_json::from_slice(&stats.stdout).unwrap();
    assert_eq!(
        stats["documents"].as_u64().unwrap(),
        indexed,
        "indexed counts new documents"
    );
    let corrected = run(&[
        "search",
        "corrected",
        "--index",
        index.to_str().unwrap(),
        "--json",
    ]);
    let corrected: Value = serde_json::from_slice(&corrected.stdout).unwrap();
    assert_eq!(corrected["hits"][0]["id"], "good-0001");
}
