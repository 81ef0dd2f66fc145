//! `newsroom batch` end to end: a watch-list of names and phrases against hand-written fixture
//! articles, "new since last time" across two index runs, and bad input.

use std::io::Write;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::support::{build_index, repo_root, run};

/// A file of `tests/fixtures`.
fn fixture(name: &str) -> PathBuf {
    repo_root().join("tests/fixtures").join(name)
}

/// An index of the watch-list fixture articles.
pub(crate) fn watchlist_index() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    build_index(&fixture("watchlist.jsonl"), dir.path());
    dir
}

/// Writes `bytes` to `dir/name`.
pub(crate) fn write_list(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
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

/// One JSON value per line.
pub(crate) fn json_lines(text: &str) -> Vec<Value> {
    text.lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect()
}

const NAMES: &str =
    "Angela Merkel\nEmmanuel Macron\nharbour tariff scheme\nNobody Atall Here\nEMMANUEL macron\n";

#[test]
fn batch_csv_gives_each_line_its_match_count_dates_and_newest_articles() {
    let index = watchlist_index();
    let list = write_list(index.path(), "names.txt", NAMES.as_bytes());
    let (ok, stdout, stderr) = batch(&list, index.path(), &["--top", "2"]);
    assert!(ok, "{stderr}");
    let mut reader = csv::Reader::from_reader(stdout.as_bytes());
    let header = reader.headers().unwrap().clone();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 5, "{stdout}");
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
    assert_eq!(cell(4, "matched_by"), "person", "found by its folded words");
    assert_eq!(cell(4, "name"), "Emmanuel Macron");
    assert_eq!(cell(4, "count"), "2");
    assert!(stderr.contains("5 lines read: 5 answered (4 with articles), 0 not searched"));
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
    assert_eq!(counts(&stdout), [2, 2, 2, 0, 2]);
    let first_state = std::fs::read_to_string(&state).unwrap();

    // Nothing indexed since: nothing to report.
    let (_, stdout, _) = batch(&list, index.path(), &since_last);
    assert_eq!(counts(&stdout), [0, 0, 0, 0, 0]);

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
    assert_eq!(counts(&stdout), [1, 0, 1, 0, 0], "{stdout}");
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
