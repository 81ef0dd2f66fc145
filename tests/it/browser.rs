//! The web page in a real browser: headless Chromium driven through ChromeDriver (Debian's
//! `chromium` and `chromium-driver`, installed by `scripts/install-test-deps.sh`).

use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{ClientBuilder, Locator};

use crate::support::{build_index, fixture_corpus, repo_root, skip_or_fail, Server};

struct ChromeDriver {
    child: Child,
    port: u16,
}

impl Drop for ChromeDriver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn find_program(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(name))
        .find(|candidate| candidate.is_file())
}

/// Chromium and ChromeDriver, or `None` through the one gate of `skip_or_fail` (a failure in
/// CI, where `NEWSROOM_REQUIRE_BROWSER=1`).
fn browser_programs() -> Option<(PathBuf, PathBuf)> {
    let chromium = find_program("chromium").or_else(|| find_program("chromium-browser"));
    let driver = find_program("chromedriver");
    match (chromium, driver) {
        (Some(chromium), Some(driver)) => Some((chromium, driver)),
        _ => {
            skip_or_fail("the browser test needs chromium and chromedriver (scripts/install-test-deps.sh installs them)");
            None
        }
    }
}

fn start_chromedriver(driver: &PathBuf) -> ChromeDriver {
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let child = Command::new(driver)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromedriver starts");
    let deadline = Instant::now() + Duration::from_secs(20);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            Instant::now() < deadline,
            "chromedriver did not listen on port {port}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    ChromeDriver { child, port }
}

async fn wait_for_url(client: &fantoccini::Client, needle: &str) -> String {
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let url = client.current_url().await.unwrap().to_string();
        if url.contains(needle) {
            return url;
        }
        assert!(
            Instant::now() < deadline,
            "URL never contained {needle:?}; it is {url}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// The label of the sort menu's selected order.
async fn selected_sort(client: &fantoccini::Client) -> String {
    client
        .find(Locator::Css("#sort option:checked"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn search_facet_timeline_and_back_in_a_real_browser() {
    let Some((chromium, driver)) = browser_programs() else {
        return;
    };
    let index = tempfile::tempdir().unwrap();
    build_index(&fixture_corpus(), index.path());
    let server = Server::start(index.path());
    let chromedriver = start_chromedriver(&driver);
    let profile = tempfile::tempdir().unwrap();
    let mut capabilities = serde_json::Map::new();
    capabilities.insert(
        "goog:chromeOptions".into(),
        serde_json::json!({
            "binary": chromium,
            "args": [
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--window-size=1280,1000",
                format!("--user-data-dir={}", profile.path().display()),
            ]
        }),
    );
    // ChromeDriver speaks plain HTTP on loopback: no TLS stack needed.
    let connector = hyper_util::client::legacy::connect::HttpConnector::new();
    let client = ClientBuilder::new(connector)
        .capabilities(capabilities)
        .connect(&format!("http://127.0.0.1:{}", chromedriver.port))
        .await
        .expect("a browser session starts");

    // Type a query and submit the form.
    client.goto(&server.base).await.unwrap();
    let search_box = client.wait().for_element(Locator::Css("#q")).await.unwrap();
    // Without a query the archive is listed newest first, and the sort menu says so.
    assert_eq!(selected_sort(&client).await, "Newest");
    // Entity autocomplete: typing the start of a name offers a person query for it.
    search_box.send_keys("Volo").await.unwrap();
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let options = client
            .find_all(Locator::Css("#q-suggestions option"))
            .await
            .unwrap();
        let mut values = Vec::new();
        for option in &options {
            values.push(option.attr("value").await.unwrap().unwrap_or_default());
        }
        if values
            .iter()
            .any(|value| value == "person:\"Volodymyr Zelensky\"")
        {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "no autocomplete suggestion; options: {values:?}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    search_box.clear().await.unwrap();
    search_box.send_keys("ceasefire").await.unwrap();
    client
        .find(Locator::Css("form.search button[type=submit]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_for_url(&client, "q=ceasefire").await;
    let summary = client
        .wait()
        .for_element(Locator::Css("#summary"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(summary.starts_with("3 articles"), "{summary}");
    // A query typed on the newest-first page is ranked by relevance.
    assert_eq!(selected_sort(&client).await, "Most relevant");
    let marks = client.find_all(Locator::Css(".hit mark")).await.unwrap();
    assert!(!marks.is_empty(), "matches are highlighted");
    assert_eq!(marks[0].text().await.unwrap().to_lowercase(), "ceasefire");

    // Click a person facet: the results narrow and the URL records the filter.
    let facet = client
        .find(Locator::XPath(
            "//section[@data-kind='person']//a[contains(., 'Volodymyr Zelensky')]",
        ))
        .await
        .unwrap();
    facet.click().await.unwrap();
    let filtered_url = wait_for_url(&client, "person=Volodymyr+Zelensky").await;
    let summary = client
        .find(Locator::Css("#summary"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(summary.starts_with("1 article"), "{summary}");
    let chip = client
        .find(Locator::Css(".active-filters .chip"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(chip.contains("Volodymyr Zelensky"), "{chip}");

    // Click a timeline bar: the URL gains the bar's period.
    let bar = client
        .find(Locator::Css("figure.timeline a.bar rect.hit-area"))
        .await
        .unwrap();
    bar.click().await.unwrap();
    let dated_url = wait_for_url(&client, "from=2025-03-10").await;
    assert!(dated_url.contains("to=2025-03-10"), "{dated_url}");
    let screenshot = client.screenshot().await.unwrap();
    let screenshot_path = repo_root().join("target/browser-search-page.png");
    std::fs::create_dir_all(screenshot_path.parent().unwrap()).unwrap();
    std::fs::write(&screenshot_path, screenshot).unwrap();

    // Back returns to the filtered page without the date.
    client.back().await.unwrap();
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let url = client.current_url().await.unwrap().to_string();
        if url == filtered_url {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "back did not return to {filtered_url}; at {url}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }

    // The small link next to a person facet opens that person's page; its link back to the
    // search filters by the person.
    let about = client
        .find(Locator::XPath(
            "//section[@data-kind='person']//li[.//a[contains(., 'Volodymyr Zelensky')]]/a[@class='entity-link']",
        ))
        .await
        .unwrap();
    about.click().await.unwrap();
    wait_for_url(&client, "/entities/person/Volodymyr%20Zelensky").await;
    let heading = client
        .wait()
        .for_element(Locator::Css("#entity-name"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(heading.starts_with("Volodymyr Zelensky"), "{heading}");
    let summary = client
        .find(Locator::Css("#entity-summary"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(summary.starts_with("3 articles"), "{summary}");
    let articles = client
        .find_all(Locator::Css(".entity-articles .hit"))
        .await
        .unwrap();
    assert_eq!(articles.len(), 3);
    assert!(client
        .find(Locator::Css("figure.timeline svg"))
        .await
        .is_ok());
    let screenshot = client.screenshot().await.unwrap();
    std::fs::write(
        repo_root().join("target/browser-entity-page.png"),
        screenshot,
    )
    .unwrap();
    client
        .find(Locator::LinkText("search these articles"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_for_url(&client, "person=Volodymyr+Zelensky").await;
    let summary = client
        .wait()
        .for_element(Locator::Css("#summary"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(summary.starts_with("3 articles"), "{summary}");

    // One article per story, and the link to the other versions lists them.
    let stories_index = tempfile::tempdir().unwrap();
    build_index(
        &crate::support::repo_root().join("tests/fixtures/stories.jsonl"),
        stories_index.path(),
    );
    let stories_server = Server::start(stories_index.path());
    client
        .goto(&format!("{}/?q=bridge", stories_server.base))
        .await
        .unwrap();
    let summary = client
        .wait()
        .for_element(Locator::Css("#summary"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(summary.starts_with("6 articles in 3 stories"), "{summary}");
    let more = client.find(Locator::Css("a.more-versions")).await.unwrap();
    assert_eq!(more.text().await.unwrap(), "3 more versions");
    more.click().await.unwrap();
    wait_for_url(&client, "story=").await;
    let summary = client
        .wait()
        .for_element(Locator::Css("#summary"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(summary.starts_with("4 articles"), "{summary}");
    assert_eq!(
        client.find_all(Locator::Css(".hit")).await.unwrap().len(),
        4
    );
    client.close().await.unwrap();
}
