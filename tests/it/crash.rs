//! Crash safety: `newsroom index` killed with SIGKILL at random points leaves an index that opens,
//! searches and holds whole commits; re-running completes with the right count and no duplicates.

use std::path::Path;
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::support::{newsroom, run, run_ok};

const ARTICLES: usize = 6000;
const COMMIT_EVERY: usize = 500;

fn write_corpus(path: &Path) {
    let mut text = String::new();
    for number in 0..ARTICLES {
        text.push_str(&format!(
            "{{\"id\": \"crash-{number:05}\", \"title\": \"Report {number} on talks in Geneva\", \"body\": \"Officials from France and Germany met on day {number}. Vladimir Putin was not present. The talks covered trade, energy and security in detail.\", \"published\": \"2024-01-{:02}\"}}\n",
            number % 28 + 1
        ));
    }
    std::fs::write(path, text).unwrap();
}

fn document_count(index: &Path) -> u64 {
    let output = run_ok(&["stats", "--index", index.to_str().unwrap(), "--json"]);
    let stats: Value = serde_json::from_slice(&output.stdout).unwrap();
    stats["documents"].as_u64().unwrap()
}

/// A small deterministic pseudo-random sequence (no test dependency needed).
fn next_random(state: &mut u64) -> u64 {
    *state = state
        .wrapping_mul(6364136223846793005)
        .wrapping_add(1442695040888963407);
    *state >> 33
}

#[cfg(unix)]
#[test]
fn sigkill_mid_index_keeps_whole_commits_and_rerun_completes() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus.jsonl");
    write_corpus(&corpus);
    let index = dir.path().join("index");
    let index_args = [
        "index",
        corpus.to_str().unwrap(),
        "--index",
        index.to_str().unwrap(),
        "--threads",
        "2",
        "--commit-every",
        &COMMIT_EVERY.to_string(),
        "--memory-mb",
        "64",
    ];
    // How long a full run takes on this machine sets the range of kill points.
    let started = Instant::now();
    let full = newsroom().args(index_args).output().unwrap();
    assert!(full.status.success());
    let full_run = started.elapsed();
    assert_eq!(document_count(&index), ARTICLES as u64);
    std::fs::remove_dir_all(&index).unwrap();

    let mut seed = 0x5eed_u64 ^ u64::from(std::process::id());
    let mut kills = 0;
    let mut previous_count = 0;
    let mut attempts = 0;
    // Kill points spread over the first 80% of a full run (the end is the final merge).
    let mut window_ms = (full_run.as_millis() as u64 * 4 / 5).max(50);
    while kills < 10 && attempts < 40 {
        attempts += 1;
        let mut child = newsroom()
            .args(index_args)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let delay = Duration::from_millis(next_random(&mut seed) % window_ms);
        std::thread::sleep(delay);
        if child.try_wait().unwrap().is_none() {
            child.kill().unwrap(); // SIGKILL on unix
            kills += 1;
        } else {
            // Runs finish sooner than the timed one (a loaded machine, a warm cache): aim earlier.
            window_ms = (window_ms / 2).max(20);
        }
        child.wait().unwrap();
        if !index.join("meta.json").exists() {
            continue; // killed before the first commit created the index
        }
        let count = document_count(&index);
        // Upsert by id: a rerun replaces documents, so the count never shrinks. Starting from an
        // empty index, only whole commits are visible. (Later runs add articles in a slightly
        // different order across worker threads, so their commits overlap earlier ones.)
        assert!(
            count >= previous_count,
            "count went from {previous_count} to {count}"
        );
        assert!(count <= ARTICLES as u64, "duplicates: {count}");
        if previous_count == 0 {
            assert!(
                count.is_multiple_of(COMMIT_EVERY as u64) || count == ARTICLES as u64,
                "partial commit: {count}"
            );
        }
        previous_count = count;
        let search = run_ok(&[
            "search",
            "Geneva talks",
            "--index",
            index.to_str().unwrap(),
            "--json",
            "--limit",
            "1",
        ]);
        let response: Value = serde_json::from_slice(&search.stdout).unwrap();
        assert_eq!(response["total"].as_u64().unwrap(), count);
    }
    eprintln!(
        "crash: {kills} SIGKILLs in {attempts} runs (a full run took {full_run:?}); {previous_count} documents before the final run"
    );
    assert!(
        kills >= 10,
        "only {kills} runs were killed before finishing"
    );
    let rerun = newsroom().args(index_args).output().unwrap();
    assert!(
        rerun.status.success(),
        "{}",
        String::from_utf8_lossy(&rerun.stderr)
    );
    assert_eq!(
        document_count(&index),
        ARTICLES as u64,
        "every article once, no duplicates"
    );
}

#[test]
fn a_second_index_run_fails_fast_while_one_runs() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus.jsonl");
    write_corpus(&corpus);
    let index = dir.path().join("index");
    let args = [
        "index",
        corpus.to_str().unwrap(),
        "--index",
        index.to_str().unwrap(),
        "--threads",
        "1",
    ];
    // The first run must still hold the lock when the second starts; on a fast machine it may
    // finish first, so try a few times with a fresh index before calling the lock unexercised.
    let mut second = None;
    for _ in 0..5 {
        let _ = std::fs::remove_dir_all(&index);
        let mut first = newsroom()
            .args(args)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        // Wait for the first run to hold the writer lock.
        let deadline = Instant::now() + Duration::from_secs(20);
        while !index.join(".tantivy-writer.lock").exists() && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(20));
        }
        let attempt = run(&args);
        let still_running = first.try_wait().unwrap().is_none();
        first.wait().unwrap();
        if still_running {
            second = Some(attempt);
            break;
        }
    }
    let Some(second) = second else {
        crate::support::skip_or_fail("the first run always finished before the second started");
        return;
    };
    assert!(!second.status.success());
    assert!(
        String::from_utf8_lossy(&second.stderr).contains("locked by another running"),
        "{}",
        String::from_utf8_lossy(&second.stderr)
    );
}
