//! Plain-text and Markdown files as articles: the first non-empty line is the title.

use std::path::PathBuf;
use std::sync::Arc;

use crate::{stable_id, Article, Location, ParsedArticle, ReadOptions, Record, Rejection};

/// Turns one text or Markdown file into an article: first non-empty line = title, rest = body.
///
/// A text file has no id, so its id is derived from `identity` (its path relative to the folder
/// given): renaming a file makes a new article.
pub(crate) fn record(
    file: Arc<PathBuf>,
    identity: &str,
    read: std::io::Result<usize>,
    bytes: Vec<u8>,
    options: &ReadOptions,
) -> Record {
    let location = Location {
        file: Arc::clone(&file),
        line: 1,
    };
    let reject = |reason: String| {
        Record::Rejected(Rejection {
            location: location.clone(),
            reason,
        })
    };
    if let Err(error) = read {
        return reject(format!("cannot read file: {error}"));
    }
    if bytes.len() > options.max_record_bytes {
        return reject(format!(
            "file is over the limit of {} bytes (--max-record-bytes)",
            options.max_record_bytes
        ));
    }
    if bytes.contains(&0) {
        return reject("binary file (contains NUL bytes), not text".into());
    }
    let text = match std::str::from_utf8(&bytes) {
        Ok(text) => text.trim_start_matches('\u{feff}'),
        Err(error) => return reject(format!("invalid UTF-8 at byte {}", error.valid_up_to())),
    };
    let mut lines = text.lines().map(str::trim).filter(|line| !line.is_empty());
    let Some(first_line) = lines.next() else {
        return reject("missing title and body".into());
    };
    let title = first_line.trim_start_matches('#').trim().to_string();
    if title.len() > options.max_title_bytes {
        return reject(format!(
            "title is {} bytes, over the limit of {} (--max-title-bytes)",
            title.len(),
            options.max_title_bytes
        ));
    }
    let body = lines.collect::<Vec<_>>().join("\n");
    let article = Article {
        id: stable_id(&[identity]),
        title,
        body,
        ..Article::default()
    };
    Record::Article(Box::new(ParsedArticle {
        article,
        location,
        warnings: Vec::new(),
        input_bytes: bytes.len() as u64,
    }))
}
