//! The hand-off against a real Quickwit 0.9 node (`../shared/tools/quickwit/`), started on
//! ephemeral ports: `push` of the fixture corpus plus a slice of allsides with undated articles,
//! then `serve --backend quickwit` answering the same requests as the local index.
//!
//! Skips with a message when the binary is absent; `NEWSROOM_REQUIRE_SHARED=1` (CI) makes that a
//! failure.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::support::{
    build_index, facet_kind_subsets, fixture_corpus, run, run_failing, shared_corpus, shared_file,
    Server,
};

/// A Quickwit node in a temporary folder, killed on drop.
struct QuickwitNode {
    child: Child,
    url: String,
    _dir: tempfile::TempDir,
}

impl QuickwitNode {
    /// Unpacks the shared binary and starts a node; `None` when the binary is absent.
    fn start() -> Option<QuickwitNode> {
        let binary = unpacked_binary()?;
        // Another test may take a port between choosing it and the node binding it: the node
        // then exits at once, and a new pair of ports is tried.
        let mut failures = Vec::new();
        for _ in 0..5 {
            match QuickwitNode::try_start(&binary) {
                Ok(node) => return Some(node),
                Err(log) => failures.push(log),
            }
        }
        panic!(
            "Quickwit did not start in 5 attempts: {}",
            failures.join("\n---\n")
        );
    }

    /// Starts a node on a fresh pair of ports; the node's log when it exits before answering.
    fn try_start(binary: &Path) -> Result<QuickwitNode, String> {
        let dir = tempfile::tempdir().unwrap();
        let port = free_port_pair();
        let data = dir.path().join("qw");
        std::fs::create_dir_all(data.join("indexes")).unwrap();
        let config = dir.path().join("node.yaml");
        std::fs::write(
            &config,
            format!(
                "version: 0.8\nnode_id: newsroom-test\nlisten_address: 127.0.0.1\n\
                 rest:\n  listen_port: {port}\ngrpc_listen_port: {}\ndata_dir: {data}\n\
                 default_index_root_uri: file://{data}/indexes\nmetastore_uri: file://{data}/indexes\n",
                port + 1,
                data = data.display()
            ),
        )
        .unwrap();
        let log = std::fs::File::create(dir.path().join("node.log")).unwrap();
        let spawn = || {
            Command::new(binary)
                .args(["run", "--config", config.to_str().unwrap()])
                .env("QW_DISABLE_TELEMETRY", "1")
                .env("QW_ENABLE_JAEGER_ENDPOINT", "false")
                .stdout(log.try_clone().unwrap())
                .stderr(log.try_clone().unwrap())
                .spawn()
        };
        // A process forked by another test thread while the binary was being written holds it
        // open for a moment ("text file busy"): try again.
        let mut attempts = 0;
        let child = loop {
            match spawn() {
                Err(error) if error.raw_os_error() == Some(26) && attempts < 50 => {
                    attempts += 1;
                    std::thread::sleep(Duration::from_millis(100));
                }
                result => break result.expect("the Quickwit binary starts"),
            }
        };
        let mut node = QuickwitNode {
            child,
            url: format!("http://127.0.0.1:{port}"),
            _dir: dir,
        };
        let started = Instant::now();
        while ureq::get(&format!("{}/api/v1/version", node.url))
            .call()
            .is_err()
        {
            if node.child.try_wait().ok().flatten().is_some() {
                return Err(node.log());
            }
            assert!(
                started.elapsed() < Duration::from_secs(90),
                "Quickwit did not answer within 90 s: {}",
                node.log()
            );
            std::thread::sleep(Duration::from_millis(200));
        }
        Ok(node)
    }

    fn log(&self) -> String {
        std::fs::read_to_string(self._dir.path().join("node.log")).unwrap_or_default()
    }

    /// Creates an index from a JSON config, as a user (or an older newsroom) might have.
    fn create_index(&self, config: &Value) {
        let response = ureq::post(&format!("{}/api/v1/indexes", self.url))
            .header("content-type", "application/json")
            .send(config.to_string())
            .expect("index created");
        assert_eq!(response.status().as_u16(), 200);
    }
}

impl Drop for QuickwitNode {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The Quickwit binary, unpacked once per test run into cargo's temporary folder.
fn unpacked_binary() -> Option<PathBuf> {
    static UNPACKED: std::sync::Mutex<Option<PathBuf>> = std::sync::Mutex::new(None);
    let packed = shared_file("tools/quickwit/quickwit-0.9.0-linux-x86_64.gz")?;
    let mut unpacked = UNPACKED
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    if let Some(binary) = unpacked.as_ref() {
        return Some(binary.clone());
    }
    let binary = Path::new(env!("CARGO_TARGET_TMPDIR")).join("quickwit-0.9.0");
    let partial = binary.with_extension("partial");
    let mut reader = flate2::read::GzDecoder::new(std::fs::File::open(packed).unwrap());
    let mut file = std::fs::File::create(&partial).unwrap();
    std::io::copy(&mut reader, &mut file).unwrap();
    file.flush().unwrap();
    drop(file);
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&partial, std::fs::Permissions::from_mode(0o755)).unwrap();
    std::fs::rename(&partial, &binary).unwrap();
    *unpacked = Some(binary.clone());
    Some(binary)
}

/// A REST port whose successor (Quickwit's gRPC port) is free too.
fn free_port_pair() -> u16 {
    loop {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        if port < u16::MAX && std::net::TcpListener::bind(("127.0.0.1", port + 1)).is_ok() {
            return port;
        }
    }
}

/// The fixture corpus plus the first `articles` of allsides (which include undated ones).
fn mixed_corpus(dir: &Path, articles: usize) -> Option<(PathBuf, usize)> {
    let allsides = shared_corpus("allsides.jsonl.gz")?;
    let path = dir.join("mixed.jsonl");
    let mut out = std::fs::File::create(&path).unwrap();
    out.write_all(&std::fs::read(fixture_corpus()).unwrap())
        .unwrap();
    let reader = BufReader::new(flate2::read::GzDecoder::new(
        std::fs::File::open(allsides).unwrap(),
    ));
    let mut undated = 0;
    for line in reader.lines().take(articles) {
        let line = line.unwrap();
        let article: Value = serde_json::from_str(&line).unwrap();
        undated += usize::from(article["published"].is_null());
        writeln!(out, "{line}").unwrap();
    }
    Some((path, undated))
}

fn hit_ids(response: &Value) -> BTreeSet<String> {
    response["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|hit| hit["id"].as_str().unwrap().to_string())
        .collect()
}

/// A facet list as a map, keeping only values counted above the list's last place (values tied
/// at the cut-off may differ between engines that both answer correctly).
fn facet_above_cut(response: &Value, kind: &str) -> BTreeMap<String, u64> {
    let values = response["facets"][kind].as_array().unwrap();
    let last = values
        .iter()
        .filter_map(|value| value["count"].as_u64())
        .min()
        .unwrap_or(0);
    values
        .iter()
        .map(|v| {
            (
                v["name"].as_str().unwrap().to_string(),
                v["count"].as_u64().unwrap(),
            )
        })
        .filter(|(_, count)| *count > last || values.len() < 100)
        .collect()
}

fn timeline(response: &Value) -> BTreeMap<String, u64> {
    response["histogram"]["buckets"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|bucket| bucket["count"].as_u64() > Some(0))
        .map(|b| {
            (
                b["start"].as_str().unwrap().to_string(),
                b["count"].as_u64().unwrap(),
            )
        })
        .collect()
}

#[test]
fn push_and_serve_against_a_real_quickwit_node() {
    let Some(node) = QuickwitNode::start() else {
        return;
    };
    let work = tempfile::tempdir().unwrap();
    let Some((corpus, undated)) = mixed_corpus(work.path(), 400) else {
        return;
    };
    assert!(undated > 0, "the slice holds undated articles");
    let index = work.path().join("ix");
    build_index(&corpus, &index);
    let output = run(&[
        "push",
        "--quickwit",
        &node.url,
        "--index",
        "news",
        "--from",
        index.to_str().unwrap(),
        "--batch-mb",
        "0.5",
    ]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}\n{}", node.log());
    assert!(
        stderr.contains("created the index; sent 412 documents")
            && stderr.contains("the remote index holds 412"),
        "every article arrives, dated or not: {stderr}"
    );

    let local = Server::start(&index);
    let remote = Server::start_with(&[
        "--backend",
        "quickwit",
        "--quickwit",
        &node.url,
        "--index",
        "news",
    ]);
    let health = remote.json("/healthz", 200);
    assert_eq!(health["backend"], "quickwit");
    assert_eq!(health["documents"], 412);

    // Requests without text: totals, hits, facets and timelines agree exactly.
    for query in [
        "q=",
        "q=&country=Ukraine",
        "q=&person=Barack+Obama&country=Syria",
        "q=&org=Republican+Party&org=Democratic+Party",
        "q=&source=BBC+News",
        "q=&from=2014-01-01&to=2014-12-31",
        "q=&from=2016-11-08",
        "q=&to=2012-06-30&person=Barack+Obama",
        "q=&country=Iceland&size=50",
    ] {
        let path = format!("/api/search?{query}&facets=100&size=100");
        let local_answer = local.json(&path, 200);
        let remote_answer = remote.json(&path, 200);
        assert_eq!(local_answer["total"], remote_answer["total"], "{query}");
        if local_answer["total"].as_u64() <= Some(100) {
            assert_eq!(hit_ids(&local_answer), hit_ids(&remote_answer), "{query}");
        }
        for kind in ["person", "country", "org", "source"] {
            assert_eq!(
                facet_above_cut(&local_answer, kind),
                facet_above_cut(&remote_answer, kind),
                "{query} {kind}"
            );
        }
        assert_eq!(timeline(&local_answer), timeline(&remote_answer), "{query}");
    }

    // Every subset of facet kinds is answered under its own keys.
    let all = remote.json("/api/search?q=&facets=20", 200);
    for chosen in facet_kind_subsets() {
        let answer = remote.json(
            &format!("/api/search?q=&facets={}&facet_size=20", chosen.join(",")),
            200,
        );
        let keys: BTreeSet<&str> = answer["facets"]
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(keys, chosen.iter().copied().collect(), "{chosen:?}");
        for kind in chosen {
            assert_eq!(answer["facets"][kind], all["facets"][kind], "{kind}");
        }
    }

    // Sorting by date: the same dates in the same order, pages included.
    for query in [
        "q=&sort=newest&size=30",
        "q=&sort=oldest&size=30&from=2010-01-01",
        "q=&sort=newest&size=20&page=3",
    ] {
        let dates = |answer: &Value| -> Vec<String> {
            answer["hits"]
                .as_array()
                .unwrap()
                .iter()
                .map(|hit| hit["published"].as_str().unwrap_or("").to_string())
                .collect()
        };
        let path = format!("/api/search?{query}");
        assert_eq!(
            dates(&local.json(&path, 200)),
            dates(&remote.json(&path, 200)),
            "{query}"
        );
    }

    // Text: Quickwit matches unstemmed words, so its matches are within the local ones, and the
    // same for words without inflected forms in the corpus. (With an exclusion neither holds:
    // each side excludes its own forms of the word.)
    for (query, relation) in [
        ("q=ceasefire", Relation::Same),
        ("q=Benghazi", Relation::Same),
        ("q=%22oil+prices%22", Relation::Within),
        ("q=Obama+-Clinton", Relation::Unrelated),
        ("q=Zelensky+OR+Benghazi", Relation::Same),
        ("q=title:ceasefire", Relation::Same),
        ("q=Benghazi&person=Hillary+Clinton", Relation::Same),
        (
            "q=Obama&from=2013-01-01&to=2013-12-31&country=Syria",
            Relation::Within,
        ),
        ("q=Obama+Romney&op=or", Relation::Within),
    ] {
        let path = format!("/api/search?{query}&size=100");
        let local_answer = local.json(&path, 200);
        let remote_answer = remote.json(&path, 200);
        let (local_ids, remote_ids) = (hit_ids(&local_answer), hit_ids(&remote_answer));
        let (local_total, remote_total) = (
            local_answer["total"].as_u64().unwrap(),
            remote_answer["total"].as_u64().unwrap(),
        );
        assert!(remote_total > 0, "{query} finds articles on Quickwit");
        match relation {
            Relation::Same => {
                assert_eq!(local_total, remote_total, "{query}");
                if local_total <= 100 {
                    assert_eq!(local_ids, remote_ids, "{query}");
                }
            }
            Relation::Within => {
                assert!(remote_total <= local_total, "{query}");
                if local_total <= 100 {
                    assert!(remote_ids.is_subset(&local_ids), "{query}");
                }
            }
            Relation::Unrelated => {}
        }
        for hit in remote_answer["hits"].as_array().unwrap() {
            let marked = hit["snippet_html"].as_str().unwrap().contains("<mark>")
                || hit["title_html"].as_str().unwrap().contains("<mark>");
            assert!(marked, "{query}: a hit without a marked word: {hit}");
        }
    }
    let excluded = remote.json("/api/search?q=Obama+-Clinton&size=100", 200);
    for hit in excluded["hits"].as_array().unwrap() {
        let text = format!("{} {}", hit["title"], hit["snippet_html"]);
        assert!(!text.contains("Clinton"), "{text}");
    }

    // The OR fallback, articles (dated and undated), suggestions and errors.
    let fallback = remote.json("/api/search?q=ceasefire+zzyzxq", 200);
    assert_eq!(fallback["fallback_or"], true);
    assert_eq!(
        fallback["total"],
        local.json("/api/search?q=ceasefire", 200)["total"]
    );
    let undated_id = undated_article(&corpus);
    for id in ["fx-01", undated_id.as_str()] {
        let mut article = local.json(&format!("/api/articles/{id}"), 200);
        // Stories are kept by the local index only (the story id is not exported).
        assert!(article["story"].is_u64(), "{article}");
        article.as_object_mut().unwrap().remove("story");
        assert_eq!(
            article,
            remote.json(&format!("/api/articles/{id}"), 200),
            "{id}"
        );
    }
    remote.json("/api/articles/no-such-id", 404);
    let suggestions = remote.json("/api/entities?kind=person&prefix=obam", 200);
    assert_eq!(suggestions["suggestions"][0]["name"], "Barack Obama");
    let error = remote.json("/api/search?q=((broken", 400);
    assert!(
        error["error"]["message"]
            .as_str()
            .unwrap()
            .contains("quickwit"),
        "{error}"
    );
    let (status, _, page) = remote.get("/?q=ceasefire");
    assert_eq!(status, 200);
    assert!(page.contains("<mark>"));
}

/// How Quickwit's matches for a text query relate to the local ones.
enum Relation {
    /// The same articles.
    Same,
    /// A subset (the local engine also matches inflected forms).
    Within,
    /// No fixed relation (exclusions of inflected forms).
    Unrelated,
}

/// The id of the first undated article of a corpus file.
fn undated_article(corpus: &Path) -> String {
    std::fs::read_to_string(corpus)
        .unwrap()
        .lines()
        .map(|line| serde_json::from_str::<Value>(line).unwrap())
        .find(|article| article["published"].is_null())
        .and_then(|article| article["id"].as_str().map(str::to_string))
        .expect("an undated article")
}

/// An index created beforehand with a timestamp field refuses undated articles: `push` names
/// each with Quickwit's reason, writes them to `--report`, and fails.
#[test]
fn push_reports_the_documents_a_real_node_refuses() {
    let Some(node) = QuickwitNode::start() else {
        return;
    };
    let work = tempfile::tempdir().unwrap();
    let index = work.path().join("ix");
    build_index(&fixture_corpus(), &index);
    let undated = undated_article(&fixture_corpus());
    node.create_index(&serde_json::json!({
        "version": "0.9",
        "index_id": "dated-only",
        "doc_mapping": {
            "mode": "lenient",
            "field_mappings": [
                { "name": "id", "type": "text", "tokenizer": "raw", "fast": true },
                { "name": "published", "type": "datetime", "input_formats": ["rfc3339"], "fast": true },
            ],
            "timestamp_field": "published",
        },
    }));
    let report = work.path().join("refused.jsonl");
    let output = run_failing(&[
        "push",
        "--quickwit",
        &node.url,
        "--index",
        "dated-only",
        "--from",
        index.to_str().unwrap(),
        "--report",
        report.to_str().unwrap(),
    ]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("refused 1 of 12 documents"), "{stderr}");
    assert!(stderr.contains(&undated), "{stderr}");
    assert!(stderr.contains("the remote index holds 11"), "{stderr}");
    let lines: Vec<Value> = std::fs::read_to_string(&report)
        .unwrap()
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0]["id"], undated.as_str());
    assert!(
        lines[0]["reason"].as_str().unwrap().contains("timestamp"),
        "{}",
        lines[0]
    );
}
