//! The enriched documents of a newsroom index as NDJSON files for Quickwit's ingest API or
//! OpenSearch's `_bulk` API, streamed one document at a time and cut into size-bounded files.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use newsroom_index::{open_existing, StoredArticle, StoredArticles};
use serde_json::{json, Value};

use crate::mapping::{opensearch_index_body, quickwit_index_config};
use crate::ScaleOutError;

/// Quickwit's default ingest payload limit is 10 MB: files stay under it.
pub const DEFAULT_MAX_FILE_BYTES: u64 = 9_500_000;

/// Which engine the export is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    /// Quickwit 0.9: `index-config.json` and documents, one JSON object per line.
    Quickwit,
    /// OpenSearch: `index.json` (mapping) and `_bulk` files (`index` action with `_id`).
    OpenSearch,
}

/// Settings of an export.
#[derive(Debug, Clone)]
pub struct ExportOptions {
    /// The newsroom index to read.
    pub index_dir: PathBuf,
    /// Folder to write into (created when missing).
    pub out_dir: PathBuf,
    /// Target engine.
    pub format: ExportFormat,
    /// Index name written into the Quickwit config.
    pub index_id: String,
    /// Largest NDJSON file in bytes.
    pub max_file_bytes: u64,
}

/// What an export wrote.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct ExportSummary {
    /// Documents exported.
    pub documents: u64,
    /// The NDJSON files, in order.
    pub files: Vec<PathBuf>,
    /// The index definition file.
    pub config: PathBuf,
    /// Bytes of NDJSON written.
    pub bytes: u64,
}

/// One exported document: the article with its entity arrays, dates in RFC 3339.
pub fn document_json(article: &StoredArticle) -> Value {
    let mut document = json!({
        "id": article.id,
        "title": article.title,
        "body": article.body,
        "person": article.persons,
        "country": article.countries,
        "org": article.orgs,
    });
    let optional = [
        ("published", article.published.map(|date| date.to_rfc3339())),
        ("source", article.source.clone()),
        ("category", article.category.clone()),
        ("url", article.url.clone()),
    ];
    for (name, value) in optional {
        if let Some(value) = value {
            document[name] = Value::String(value);
        }
    }
    document
}

/// Calls `visit` with every live article of the index, one at a time, and the number of
/// articles in all. Entities leave as the registry of names counts them, so the remote facets
/// and filters match the local ones (a later correction needs a new push).
pub fn for_each_article(
    index_dir: &Path,
    mut visit: impl FnMut(StoredArticle, u64) -> Result<(), ScaleOutError>,
) -> Result<(), ScaleOutError> {
    let articles = StoredArticles::open(index_dir)?;
    let total = articles.total();
    for article in articles {
        visit(article?, total)?;
    }
    Ok(())
}

/// NDJSON files that never exceed a size and never split a record.
pub(crate) struct ChunkedWriter {
    dir: PathBuf,
    max_bytes: u64,
    current: Option<(BufWriter<File>, u64)>,
    files: Vec<PathBuf>,
    bytes: u64,
}

impl ChunkedWriter {
    pub(crate) fn new(dir: &Path, max_bytes: u64) -> Self {
        ChunkedWriter {
            dir: dir.to_path_buf(),
            max_bytes,
            current: None,
            files: Vec::new(),
            bytes: 0,
        }
    }

    /// Writes one record (one or more complete lines).
    pub(crate) fn write(&mut self, record: &[u8]) -> Result<(), ScaleOutError> {
        let length = record.len() as u64;
        if self
            .current
            .as_ref()
            .is_some_and(|(_, written)| written + length > self.max_bytes)
        {
            self.finish_file()?;
        }
        if self.current.is_none() {
            let path = self
                .dir
                .join(format!("docs-{:05}.ndjson", self.files.len() + 1));
            let file = File::create(&path).map_err(|source| ScaleOutError::Io {
                path: path.clone(),
                source,
            })?;
            self.files.push(path);
            self.current = Some((BufWriter::new(file), 0));
        }
        if let Some((writer, written)) = &mut self.current {
            writer
                .write_all(record)
                .map_err(|source| ScaleOutError::Io {
                    path: self.files.last().cloned().unwrap_or_default(),
                    source,
                })?;
            *written += length;
            self.bytes += length;
        }
        Ok(())
    }

    fn finish_file(&mut self) -> Result<(), ScaleOutError> {
        if let Some((mut writer, _)) = self.current.take() {
            writer.flush().map_err(|source| ScaleOutError::Io {
                path: self.files.last().cloned().unwrap_or_default(),
                source,
            })?;
        }
        Ok(())
    }

    pub(crate) fn finish(mut self) -> Result<(Vec<PathBuf>, u64), ScaleOutError> {
        self.finish_file()?;
        Ok((self.files, self.bytes))
    }
}

/// The NDJSON record of one article for `format` (a `_bulk` record is two lines).
pub fn record(format: ExportFormat, article: &StoredArticle) -> Vec<u8> {
    let mut line = Vec::new();
    if format == ExportFormat::OpenSearch {
        let action = json!({ "index": { "_id": article.id } });
        line.extend_from_slice(action.to_string().as_bytes());
        line.push(b'\n');
    }
    line.extend_from_slice(document_json(article).to_string().as_bytes());
    line.push(b'\n');
    line
}

/// Exports an index. `progress` hears (documents done, documents in total).
pub fn export(
    options: &ExportOptions,
    progress: impl Fn(u64, u64),
) -> Result<ExportSummary, ScaleOutError> {
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| ScaleOutError::Io { path, source }
    };
    std::fs::create_dir_all(&options.out_dir).map_err(io(&options.out_dir))?;
    let (_, schema) = open_existing(&options.index_dir)?;
    let (config, text) = match options.format {
        ExportFormat::Quickwit => (
            options.out_dir.join("index-config.json"),
            quickwit_index_config(&schema.exported_fields(), &options.index_id).to_json(),
        ),
        ExportFormat::OpenSearch => (
            options.out_dir.join("index.json"),
            serde_json::to_string_pretty(&opensearch_index_body(&schema.exported_fields()))
                .unwrap_or_default(),
        ),
    };
    std::fs::write(&config, text).map_err(io(&config))?;
    let mut writer = ChunkedWriter::new(&options.out_dir, options.max_file_bytes);
    let mut total = 0;
    let mut documents = 0;
    for_each_article(&options.index_dir, |article, count| {
        total = count;
        {
            writer.write(&record(options.format, &article))?;
            documents += 1;
            if documents % 1000 == 0 {
                progress(documents, total);
            }
            Ok(())
        }
    })?;
    progress(documents, total);
    let (files, bytes) = writer.finish()?;
    Ok(ExportSummary {
        documents,
        files,
        config,
        bytes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunks_stay_under_the_limit_and_keep_every_record() {
        let dir = tempfile::tempdir().unwrap();
        let mut writer = ChunkedWriter::new(dir.path(), 100);
        for index in 0..50 {
            writer
                .write(format!("{{\"n\":{index},\"pad\":\"xxxxxxxxxxxxxx\"}}\n").as_bytes())
                .unwrap();
        }
        let (files, _) = writer.finish().unwrap();
        assert!(files.len() > 1);
        let mut seen = Vec::new();
        for file in &files {
            let text = std::fs::read_to_string(file).unwrap();
            assert!(text.len() <= 100, "{} bytes", text.len());
            for line in text.lines() {
                let value: Value = serde_json::from_str(line).unwrap();
                seen.push(value["n"].as_u64().unwrap());
            }
        }
        assert_eq!(seen, (0..50).collect::<Vec<u64>>());
    }

    #[test]
    fn documents_have_rfc3339_dates_and_entity_arrays() {
        let article = StoredArticle {
            id: "a1".into(),
            title: "T".into(),
            body: "B".into(),
            published: chrono::DateTime::from_timestamp(1_742_256_000, 0),
            source: Some("Wire".into()),
            url: None,
            category: None,
            persons: vec!["Vladimir Putin".into()],
            countries: vec!["Russia".into(), "Ukraine".into()],
            orgs: Vec::new(),
            story: None,
            encoded_mentions: None,
            mentions: Vec::new(),
        };
        let bulk = String::from_utf8(record(ExportFormat::OpenSearch, &article)).unwrap();
        let lines: Vec<Value> = bulk
            .lines()
            .map(|line| serde_json::from_str(line).unwrap())
            .collect();
        assert_eq!(lines[0]["index"]["_id"], "a1");
        assert_eq!(lines[1]["published"], "2025-03-18T00:00:00+00:00");
        assert_eq!(lines[1]["country"], json!(["Russia", "Ukraine"]));
        assert_eq!(lines[1]["org"], json!([]));
        assert!(lines[1].get("url").is_none());
    }
}
