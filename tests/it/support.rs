//! Helpers: run the binary, build fixture indexes, start the server, find shared corpora.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::Duration;

/// The `newsroom` binary cargo built for these tests.
pub fn newsroom() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_newsroom"));
    command.env("RUST_LOG", "warn");
    command
}

/// Runs the binary and returns its output, panicking with stderr when it cannot start.
pub fn run(args: &[&str]) -> Output {
    newsroom()
        .args(args)
        .output()
        .expect("the newsroom binary runs")
}

/// Runs the binary and asserts that it succeeded (its arguments and stderr show when not).
pub fn run_ok(args: &[&str]) -> Output {
    let output = run(args);
    assert!(
        output.status.success(),
        "newsroom {} failed ({}):\n{}",
        args.join(" "),
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

/// Runs the binary and asserts that it failed (as bad input must make it).
pub fn run_failing(args: &[&str]) -> Output {
    let output = run(args);
    assert!(
        !output.status.success(),
        "newsroom {} succeeded, expected a failure:\n{}",
        args.join(" "),
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

/// The repository root.
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The hand-written fixture corpus.
pub fn fixture_corpus() -> PathBuf {
    repo_root().join("tests/fixtures/world.jsonl")
}

/// A corpus from `../shared/corpora`, or `None` when it is absent (see [`shared_file`]).
pub fn shared_corpus(name: &str) -> Option<PathBuf> {
    shared_file(&format!("corpora/{name}"))
}

/// The one gate of tests that cannot run here: a message and a skip on a developer machine, a
/// failure in CI (`CI=true` or any `NEWSROOM_REQUIRE_*=1`, as `.ci/run` sets).
pub fn skip_or_fail(reason: &str) {
    let required = std::env::var("CI").as_deref() == Ok("true")
        || std::env::vars()
            .any(|(name, value)| name.starts_with("NEWSROOM_REQUIRE_") && value == "1");
    if required {
        panic!("{reason} (required in CI)");
    }
    eprintln!("skipping: {reason}");
}

/// A file under `../shared` (a corpus, the NER data), or `None` when absent, through the one
/// gate of [`skip_or_fail`].
pub fn shared_file(relative: &str) -> Option<PathBuf> {
    let path = repo_root().join("../shared").join(relative);
    if path.exists() {
        return Some(path);
    }
    skip_or_fail(&format!("{} not present", path.display()));
    None
}

/// Builds an index of `corpus` in `dir` with the binary.
pub fn build_index(corpus: &Path, dir: &Path) {
    run_ok(&[
        "index",
        corpus.to_str().unwrap(),
        "--index",
        dir.to_str().unwrap(),
        "--threads",
        "2",
    ]);
}

/// A running `newsroom serve`, killed on drop.
pub struct Server {
    child: Child,
    /// `http://127.0.0.1:PORT`
    pub base: String,
}

impl Server {
    /// Starts the server on an ephemeral port and waits until it listens.
    pub fn start(index: &Path) -> Server {
        Server::start_with(&["--index", index.to_str().unwrap()])
    }

    /// Starts `newsroom serve` with extra arguments on an ephemeral port.
    pub fn start_with(args: &[&str]) -> Server {
        let mut child = newsroom()
            .arg("serve")
            .args(args)
            .args(["--addr", "127.0.0.1:0"])
            .stderr(Stdio::piped())
            .stdout(Stdio::null())
            .spawn()
            .expect("server starts");
        let stderr = child.stderr.take().expect("stderr is piped");
        let mut lines = BufReader::new(stderr).lines();
        let base = loop {
            let line = lines
                .next()
                .expect("server printed its address")
                .expect("stderr is readable");
            if let Some(address) = line.strip_prefix("listening on ") {
                break address.trim().to_string();
            }
        };
        // Keep draining stderr so the server never blocks on a full pipe.
        std::thread::spawn(move || for _ in lines {});
        Server { child, base }
    }

    /// GET a path; returns status, content type and body.
    pub fn get(&self, path_and_query: &str) -> (u16, String, String) {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_secs(30)))
            .build()
            .into();
        let mut response = agent
            .get(&format!("{}{}", self.base, path_and_query))
            .call()
            .expect("request completes");
        let status = response.status().as_u16();
        let content_type = response
            .headers()
            .get("content-type")
            .and_then(|value| value.to_str().ok())
            .unwrap_or("")
            .to_string();
        let body = response.body_mut().read_to_string().unwrap_or_default();
        (status, content_type, body)
    }

    /// GET over a raw socket, for requests the HTTP client refuses to send (URIs over 64 kB).
    pub fn raw_get(&self, path_and_query: &str) -> (u16, String) {
        use std::io::{Read, Write};
        let address = self.base.trim_start_matches("http://");
        let mut stream = std::net::TcpStream::connect(address).expect("server reachable");
        stream
            .set_read_timeout(Some(Duration::from_secs(30)))
            .unwrap();
        write!(
            stream,
            "GET {path_and_query} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut response = String::new();
        let _ = stream.read_to_string(&mut response);
        let status = response
            .split(' ')
            .nth(1)
            .and_then(|code| code.parse().ok())
            .unwrap_or(0);
        (status, response)
    }

    /// GET a path and parse the JSON body, asserting the status.
    pub fn json(&self, path_and_query: &str, expected_status: u16) -> serde_json::Value {
        let (status, content_type, body) = self.get(path_and_query);
        assert_eq!(status, expected_status, "GET {path_and_query}: {body}");
        assert!(
            content_type.starts_with("application/json"),
            "GET {path_and_query}: content type {content_type}"
        );
        serde_json::from_str(&body)
            .unwrap_or_else(|error| panic!("GET {path_and_query}: {error}: {body}"))
    }

    /// Response headers of a GET.
    pub fn headers(&self, path_and_query: &str) -> Vec<(String, String)> {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .build()
            .into();
        let response = agent
            .get(&format!("{}{}", self.base, path_and_query))
            .call()
            .expect("request completes");
        response
            .headers()
            .iter()
            .map(|(name, value)| {
                (
                    name.as_str().to_string(),
                    value.to_str().unwrap_or("").to_string(),
                )
            })
            .collect()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The facet kinds of a search response.
pub const FACET_KINDS: [&str; 4] = ["person", "country", "org", "source"];

/// Every non-empty subset of [`FACET_KINDS`] (15), each in table order.
pub fn facet_kind_subsets() -> Vec<Vec<&'static str>> {
    (1u32..16)
        .map(|mask| {
            FACET_KINDS
                .iter()
                .enumerate()
                .filter(|(bit, _)| mask & (1 << bit) != 0)
                .map(|(_, kind)| *kind)
                .collect()
        })
        .collect()
}

/// One kind's facet values of a search response as name → count.
pub fn facet_counts(
    response: &serde_json::Value,
    kind: &str,
) -> std::collections::BTreeMap<String, u64> {
    response["facets"][kind]
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or_default()
        .iter()
        .map(|value| {
            (
                value["name"].as_str().unwrap_or_default().to_string(),
                value["count"].as_u64().unwrap_or_default(),
            )
        })
        .collect()
}

/// Percent-encodes a query value.
pub fn encode(value: &str) -> String {
    value
        .bytes()
        .map(|byte| match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' => {
                (byte as char).to_string()
            }
            _ => format!("%{byte:02X}"),
        })
        .collect()
}
