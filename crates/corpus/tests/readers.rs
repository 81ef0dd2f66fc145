//! Reader behaviour on small hand-written inputs: every format, gzip, mapping, dates, bad records.

use std::io::Write;
use std::path::{Path, PathBuf};

use newsroom_corpus::{read_paths, FieldMap, Format, ReadOptions, Record};

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    std::fs::write(&path, bytes).unwrap();
    path
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

fn read_all(
    paths: &[PathBuf],
    options: &ReadOptions,
) -> (
    Vec<newsroom_corpus::ParsedArticle>,
    Vec<newsroom_corpus::Rejection>,
) {
    let mut articles = Vec::new();
    let mut rejections = Vec::new();
    for record in read_paths(paths, options).unwrap() {
        match record {
            Record::Article(parsed) => articles.push(*parsed),
            Record::Rejected(rejection) => rejections.push(rejection),
        }
    }
    (articles, rejections)
}

const JSONL: &str = r#"{"id": "a1", "title": "Talks in Geneva", "body": "Diplomats met.", "published": "2025-03-18", "source": "Wire", "url": "https://example.org/a1", "category": "world"}
{"id": "a2", "headline": "Second story", "text": "Body two.", "pubDate": "Tue, 18 Mar 2025 10:30:00 +0000", "outlet": "Other"}
"#;

#[test]
fn jsonl_plain_and_gzip_give_the_same_articles() {
    let dir = tempfile::tempdir().unwrap();
    let plain = write(dir.path(), "news.jsonl", JSONL.as_bytes());
    // Gzip is detected from the magic bytes, whatever the extension says.
    let zipped = write(dir.path(), "news-compressed.jsonl", &gzip(JSONL.as_bytes()));
    let (from_plain, rejected_plain) = read_all(&[plain], &ReadOptions::default());
    let (from_gzip, rejected_gzip) = read_all(&[zipped], &ReadOptions::default());
    assert!(rejected_plain.is_empty() && rejected_gzip.is_empty());
    let plain_articles: Vec<_> = from_plain.iter().map(|p| &p.article).collect();
    let gzip_articles: Vec<_> = from_gzip.iter().map(|p| &p.article).collect();
    assert_eq!(plain_articles, gzip_articles);
    assert_eq!(plain_articles.len(), 2);
    let second = plain_articles[1];
    assert_eq!(second.title, "Second story");
    assert_eq!(second.body, "Body two.");
    assert_eq!(second.source.as_deref(), Some("Other"));
    assert_eq!(
        second.published.unwrap().to_rfc3339(),
        "2025-03-18T10:30:00+00:00"
    );
    assert_eq!(from_plain[1].location.line, 2);
}

#[test]
fn csv_and_tsv_with_default_and_explicit_mapping() {
    let dir = tempfile::tempdir().unwrap();
    let csv = write(
        dir.path(),
        "news.csv",
        b"headline,story,date,publication\n\"Quoted, title\",\"Line one\nline two\",Mar 18 2025,Daily\nPlain,Body,2025-03-19,Daily\n",
    );
    let options = ReadOptions {
        field_map: FieldMap::with_overrides(&["body=story"]).unwrap(),
        ..ReadOptions::default()
    };
    let (articles, rejections) = read_all(&[csv], &options);
    assert!(rejections.is_empty(), "{rejections:?}");
    assert_eq!(articles.len(), 2);
    assert_eq!(articles[0].article.title, "Quoted, title");
    assert_eq!(articles[0].article.body, "Line one\nline two");
    assert_eq!(
        articles[0]
            .article
            .published
            .unwrap()
            .date_naive()
            .to_string(),
        "2025-03-18"
    );
    assert_eq!(
        articles[1].location.line, 4,
        "the second row starts on line 4 after a two-line field"
    );
    assert!(
        !articles[0].article.id.is_empty(),
        "an id is derived when the input has none"
    );

    let tsv = write(
        dir.path(),
        "news.tsv",
        b"title\tbody\nTab title\tTab body\n",
    );
    let (articles, rejections) = read_all(&[tsv], &ReadOptions::default());
    assert!(rejections.is_empty());
    assert_eq!(articles[0].article.title, "Tab title");
}

#[test]
fn text_folder_is_walked_recursively() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "a.txt",
        b"\n\nFirst title\nParagraph one.\n\nParagraph two.\n",
    );
    write(dir.path(), "sub/b.md", b"# Markdown title\nBody text.\n");
    write(dir.path(), ".hidden.txt", b"Ignored\n");
    let (articles, rejections) = read_all(&[dir.path().to_path_buf()], &ReadOptions::default());
    assert!(rejections.is_empty(), "{rejections:?}");
    let titles: Vec<&str> = articles.iter().map(|p| p.article.title.as_str()).collect();
    assert_eq!(titles, ["First title", "Markdown title"]);
    assert_eq!(articles[0].article.body, "Paragraph one.\nParagraph two.");
    // Ids come from the path relative to the folder, so they are stable across working directories.
    let (again, _) = read_all(&[dir.path().to_path_buf()], &ReadOptions::default());
    assert_eq!(articles[0].article.id, again[0].article.id);
    assert_ne!(articles[0].article.id, articles[1].article.id);
}

#[test]
fn unparseable_date_keeps_the_record_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(
        dir.path(),
        "d.jsonl",
        br#"{"title": "T", "body": "B", "published": "sometime soon"}"#,
    );
    let (articles, rejections) = read_all(&[file], &ReadOptions::default());
    assert!(rejections.is_empty());
    assert_eq!(articles[0].article.published, None);
    assert_eq!(articles[0].warnings.len(), 1);
    assert!(articles[0].warnings[0].contains("unparseable date"));
}

#[test]
fn bad_records_are_reported_with_line_and_reason_and_counts_add_up() {
    let dir = tempfile::tempdir().unwrap();
    let mut lines: Vec<Vec<u8>> = vec![
        br#"{"id": "ok1", "title": "Good", "body": "Fine."}"#.to_vec(),
        br#"{"id": "bad-json", "title": "Trunc"#.to_vec(),
        b"{\"id\": \"bad-utf8\", \"title\": \"\xff\xfe\", \"body\": \"x\"}".to_vec(),
        br#"{"id": "empty", "title": "", "body": "   "}"#.to_vec(),
        br#"{"id": "types", "title": ["not", "a", "string"], "body": "x"}"#.to_vec(),
        br#"[1, 2, 3]"#.to_vec(),
        Vec::new(),
        format!(
            r#"{{"id": "huge", "title": "Big", "body": "{}"}}"#,
            "x".repeat(5000)
        )
        .into_bytes(),
        br#"{"id": "ok2", "title": "Also good", "body": "Fine \u0000 with a NUL."}"#.to_vec(),
    ];
    lines.push(Vec::new());
    let file = write(dir.path(), "mixed.jsonl", &lines.join(&b'\n'));
    let empty = write(dir.path(), "empty.jsonl", b"");
    let options = ReadOptions {
        max_record_bytes: 1000,
        ..ReadOptions::default()
    };
    let (articles, rejections) = read_all(&[file, empty], &options);
    let ids: Vec<&str> = articles.iter().map(|p| p.article.id.as_str()).collect();
    assert_eq!(ids, ["ok1", "ok2"]);
    assert_eq!(articles[1].article.body, "Fine  with a NUL.");
    assert_eq!(
        articles[1].warnings.len(),
        1,
        "removed control characters are reported"
    );
    let reasons: Vec<(u64, &str)> = rejections
        .iter()
        .map(|r| (r.location.line, r.reason.as_str()))
        .collect();
    assert_eq!(reasons.len(), 6, "{reasons:?}");
    assert_eq!(reasons[0].0, 2);
    assert!(reasons[0].1.starts_with("invalid JSON"));
    assert_eq!(reasons[1], (3, "invalid UTF-8 at byte 29"));
    assert_eq!(reasons[2], (4, "missing title and body"));
    assert_eq!(
        reasons[3],
        (5, "field title: expected a string, found an array")
    );
    assert_eq!(reasons[4], (6, "expected a JSON object, found an array"));
    assert_eq!(reasons[5].0, 8);
    assert!(reasons[5].1.contains("over the limit of 1000"));
    // Non-blank lines: 8; every one is either an article or a rejection.
    assert_eq!(articles.len() + rejections.len(), 8);
}

#[test]
fn truncated_gzip_reports_an_error_and_keeps_what_was_read() {
    let dir = tempfile::tempdir().unwrap();
    let mut many = String::new();
    for number in 0..2000 {
        many.push_str(&format!("{{\"id\": \"n{number}\", \"title\": \"Title {number}\", \"body\": \"Body {number} with some words to compress.\"}}\n"));
    }
    let compressed = gzip(many.as_bytes());
    let cut = write(
        dir.path(),
        "cut.jsonl.gz",
        &compressed[..compressed.len() / 2],
    );
    let (articles, rejections) = read_all(&[cut], &ReadOptions::default());
    assert!(
        articles.len() > 100 && articles.len() < 2000,
        "read {}",
        articles.len()
    );
    assert_eq!(rejections.len(), 1);
    assert!(
        rejections[0].reason.starts_with("read error"),
        "{}",
        rejections[0].reason
    );
}

#[test]
fn csv_row_with_wrong_column_count_is_rejected() {
    let dir = tempfile::tempdir().unwrap();
    let csv = write(
        dir.path(),
        "bad.csv",
        b"title,body\nGood,Row\nToo,many,columns\nAlso good,Row\n",
    );
    let (articles, rejections) = read_all(&[csv], &ReadOptions::default());
    assert_eq!(articles.len(), 2);
    assert_eq!(rejections.len(), 1);
    assert_eq!(rejections[0].location.line, 3);
    assert_eq!(rejections[0].reason, "row has 3 columns, the header has 2");
}

#[test]
fn binary_and_unsupported_files_in_a_folder_are_reported() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "good.txt", b"Title\nBody\n");
    write(dir.path(), "binary.txt", b"Ti\x00tle\x01\x02");
    write(dir.path(), "photo.png", b"\x89PNG\r\n\x1a\n");
    let (articles, rejections) = read_all(&[dir.path().to_path_buf()], &ReadOptions::default());
    assert_eq!(articles.len(), 1);
    let reasons: Vec<&str> = rejections.iter().map(|r| r.reason.as_str()).collect();
    assert_eq!(reasons.len(), 2);
    assert!(reasons[0].contains("binary file"));
    assert!(reasons[1].contains("unsupported file type"));
}

#[test]
fn forced_format_and_missing_path() {
    let dir = tempfile::tempdir().unwrap();
    let odd = write(
        dir.path(),
        "news.data",
        b"{\"title\": \"T\", \"body\": \"B\"}\n",
    );
    let options = ReadOptions {
        format: Format::Jsonl,
        ..ReadOptions::default()
    };
    let (articles, _) = read_all(&[odd], &options);
    assert_eq!(articles.len(), 1);
    assert!(read_paths(&[dir.path().join("missing.jsonl")], &ReadOptions::default()).is_err());
}
