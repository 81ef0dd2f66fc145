//! Concurrent load: 16 clients hammer the server with mixed requests for 60 s (NEWSROOM_LOAD_SECONDS)
//! while `newsroom index` adds documents to the same index. No 5xx, no request slower than the
//! server's timeout, and the new documents become searchable without a restart.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::support::{build_index, fixture_corpus, newsroom, Server};

#[test]
fn sixteen_clients_while_indexing_get_no_server_errors() {
    let seconds: u64 = std::env::var("NEWSROOM_LOAD_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(60);
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("index");
    build_index(&fixture_corpus(), &index);
    let server = Arc::new(Server::start(&index));

    let extra = dir.path().join("extra.jsonl");
    let lines: String = (0..4000)
        .map(|n| format!("{{\"id\": \"load-{n}\", \"title\": \"Zeppelin bulletin {n}\", \"body\": \"Airship news from Berlin and Paris, item {n}. Vladimir Putin was mentioned.\", \"published\": \"2025-01-{:02}\"}}\n", n % 28 + 1))
        .collect();
    std::fs::write(&extra, lines).unwrap();

    let stop = Arc::new(AtomicBool::new(false));
    let requests = Arc::new(AtomicU64::new(0));
    let server_errors = Arc::new(AtomicU64::new(0));
    let slowest_ms = Arc::new(AtomicU64::new(0));
    let paths = [
        "/api/search?q=ceasefire",
        "/api/search?q=talks+ukraine&person=Vladimir+Putin",
        "/api/search?q=zeppelin&facets=20",
        "/api/search?q=&sort=newest&page=2",
        "/api/search?q=%22oil+prices%22&country=Russia",
        "/api/entities?kind=person&prefix=vl",
        "/api/articles/fx-01",
        "/?q=ceasefire&person=Volodymyr+Zelensky",
        "/api/search?q=ceasfire",
    ];
    let clients: Vec<_> = (0..16)
        .map(|client| {
            let (server, stop, requests, server_errors, slowest_ms) = (
                Arc::clone(&server),
                Arc::clone(&stop),
                Arc::clone(&requests),
                Arc::clone(&server_errors),
                Arc::clone(&slowest_ms),
            );
            std::thread::spawn(move || {
                let mut turn = client;
                while !stop.load(Ordering::Relaxed) {
                    let started = Instant::now();
                    let (status, _, _) = server.get(paths[turn % paths.len()]);
                    slowest_ms.fetch_max(started.elapsed().as_millis() as u64, Ordering::Relaxed);
                    requests.fetch_add(1, Ordering::Relaxed);
                    if status >= 500 {
                        server_errors.fetch_add(1, Ordering::Relaxed);
                    }
                    turn += 1;
                }
            })
        })
        .collect();

    // Index while the load runs.
    std::thread::sleep(Duration::from_secs(seconds / 6));
    let indexing = newsroom()
        .args([
            "index",
            extra.to_str().unwrap(),
            "--index",
            index.to_str().unwrap(),
            "--threads",
            "1",
            "--commit-every",
            "500",
        ])
        .output()
        .unwrap();
    assert!(
        indexing.status.success(),
        "{}",
        String::from_utf8_lossy(&indexing.stderr)
    );
    let started = Instant::now();
    let mut searchable_after = None;
    while started.elapsed() < Duration::from_secs(seconds) {
        if searchable_after.is_none()
            && server.json("/api/search?q=zeppelin&size=1", 200)["total"] == 4000
        {
            searchable_after = Some(started.elapsed());
        }
        std::thread::sleep(Duration::from_millis(250));
    }
    stop.store(true, Ordering::Relaxed);
    for client in clients {
        client.join().unwrap();
    }
    let total = requests.load(Ordering::Relaxed);
    eprintln!(
        "load: {total} requests in {seconds} s by 16 clients, {} 5xx, slowest {} ms, new documents searchable {:?} after indexing ended",
        server_errors.load(Ordering::Relaxed),
        slowest_ms.load(Ordering::Relaxed),
        searchable_after
    );
    assert_eq!(server_errors.load(Ordering::Relaxed), 0);
    assert!(
        slowest_ms.load(Ordering::Relaxed) < 10_000,
        "a request took longer than the 10 s timeout"
    );
    assert!(
        searchable_after.is_some(),
        "the 4,000 new documents never became searchable"
    );
    assert!(total > 100);
}
