//! Reading a corpus: the input formats, the options, and [`read_paths`], which walks files and
//! folders (plain or gzip) and yields each record as an article or a rejection, in order.

use std::collections::VecDeque;
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::Arc;

use flate2::read::MultiGzDecoder;

use crate::{parse_date, Article, CorpusError, FieldMap, Location, MappedField, Rejection};

/// Input format of a corpus file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    /// Decide per file from the extension (after `.gz`), then from the first byte.
    #[default]
    Auto,
    /// One JSON object per line.
    Jsonl,
    /// Comma-separated values with a header row.
    Csv,
    /// Tab-separated values with a header row.
    Tsv,
    /// A `.txt` / `.md` file: first non-empty line is the title, the rest the body.
    Text,
}

impl FromStr for Format {
    type Err = CorpusError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text.to_ascii_lowercase().as_str() {
            "auto" => Ok(Format::Auto),
            "jsonl" | "ndjson" | "json" => Ok(Format::Jsonl),
            "csv" => Ok(Format::Csv),
            "tsv" => Ok(Format::Tsv),
            "text" | "txt" | "md" => Ok(Format::Text),
            _ => Err(CorpusError::UnknownFormat(text.to_string())),
        }
    }
}

/// How to read a corpus: format, field mapping and the limits that protect memory.
#[derive(Debug, Clone)]
pub struct ReadOptions {
    /// Forced format, or [`Format::Auto`].
    pub format: Format,
    /// Which input columns feed which article fields.
    pub field_map: FieldMap,
    /// Largest accepted record (a JSON line, a CSV row, a text file), in bytes.
    pub max_record_bytes: usize,
    /// Largest accepted title, in bytes.
    pub max_title_bytes: usize,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            format: Format::Auto,
            field_map: FieldMap::default(),
            max_record_bytes: 8 * 1024 * 1024,
            max_title_bytes: 4096,
        }
    }
}

/// An article read from the corpus, with where it came from and what was odd about it.
#[derive(Debug, Clone)]
pub struct ParsedArticle {
    /// The article, id filled in.
    pub article: Article,
    /// File and line of the record.
    pub location: Location,
    /// Problems that did not stop the record (an unparseable date, say).
    pub warnings: Vec<String>,
    /// Size of the raw record in bytes (after decompression).
    pub input_bytes: u64,
}

/// One input record: an article or the reason it was rejected.
#[derive(Debug, Clone)]
pub enum Record {
    /// A usable article.
    Article(Box<ParsedArticle>),
    /// A record that could not be used.
    Rejected(Rejection),
}

/// Streams every record of `paths` (files or folders, folders walked recursively in name order).
///
/// Fails up front only when a path does not exist; every later problem becomes a
/// [`Record::Rejected`] and reading goes on.
pub fn read_paths(
    paths: &[PathBuf],
    options: &ReadOptions,
) -> Result<impl Iterator<Item = Record> + Send + 'static, CorpusError> {
    let mut files = VecDeque::new();
    for path in paths {
        let metadata = std::fs::metadata(path).map_err(|source| CorpusError::Io {
            path: path.clone(),
            source,
        })?;
        if metadata.is_dir() {
            let walker = walkdir::WalkDir::new(path)
                .sort_by_file_name()
                .into_iter()
                .filter_entry(|entry| {
                    entry.depth() == 0 || !entry.file_name().to_string_lossy().starts_with('.')
                });
            for entry in walker {
                match entry {
                    Ok(entry) if entry.file_type().is_file() => {
                        files.push_back(InputFile::InFolder(entry.into_path(), path.clone()))
                    }
                    Ok(_) => {}
                    Err(error) => files.push_back(InputFile::Unreadable(
                        error.path().unwrap_or(path).to_path_buf(),
                        error.to_string(),
                    )),
                }
            }
        } else {
            files.push_back(InputFile::Given(path.clone()));
        }
    }
    Ok(RecordStream {
        files,
        current: None,
        options: options.clone(),
    })
}

enum InputFile {
    Given(PathBuf),
    /// A file found by walking a folder, with that folder.
    InFolder(PathBuf, PathBuf),
    Unreadable(PathBuf, String),
}

type FileRecords = Box<dyn Iterator<Item = Record> + Send>;

struct RecordStream {
    files: VecDeque<InputFile>,
    current: Option<FileRecords>,
    options: ReadOptions,
}

impl Iterator for RecordStream {
    type Item = Record;

    fn next(&mut self) -> Option<Record> {
        loop {
            if let Some(current) = &mut self.current {
                if let Some(record) = current.next() {
                    return Some(record);
                }
                self.current = None;
            }
            let file = self.files.pop_front()?;
            match open_file(file, &self.options) {
                Ok(Some(records)) => self.current = Some(records),
                Ok(None) => {}
                Err(rejection) => return Some(Record::Rejected(rejection)),
            }
        }
    }
}

fn whole_file_rejection(path: &Path, reason: String) -> Rejection {
    Rejection {
        location: Location {
            file: Arc::new(path.to_path_buf()),
            line: 0,
        },
        reason,
    }
}

/// Opens one file with gzip detection and picks its reader; `Ok(None)` for an empty file.
fn open_file(file: InputFile, options: &ReadOptions) -> Result<Option<FileRecords>, Rejection> {
    // A text file's identity is its path relative to the folder given (or its name), so the same
    // folder indexed from another working directory gives the same ids.
    let (path, in_folder, identity) = match file {
        InputFile::Given(path) => {
            let name = path.file_name().map(|n| n.to_string_lossy().to_string());
            let identity = name.unwrap_or_else(|| path.to_string_lossy().to_string());
            (path, false, identity)
        }
        InputFile::InFolder(path, root) => {
            let relative = path.strip_prefix(&root).unwrap_or(&path);
            let identity = relative.to_string_lossy().to_string();
            (path, true, identity)
        }
        InputFile::Unreadable(path, reason) => return Err(whole_file_rejection(&path, reason)),
    };
    let opened = File::open(&path)
        .map_err(|error| whole_file_rejection(&path, format!("cannot open file: {error}")))?;
    let mut raw = BufReader::with_capacity(256 * 1024, opened);
    let is_gzip = raw
        .fill_buf()
        .map_err(|error| whole_file_rejection(&path, format!("cannot read file: {error}")))?
        .starts_with(&[0x1f, 0x8b]);
    let mut reader: Box<dyn BufRead + Send> = if is_gzip {
        Box::new(BufReader::with_capacity(
            256 * 1024,
            MultiGzDecoder::new(raw),
        ))
    } else {
        Box::new(raw)
    };
    let first_bytes = match reader.fill_buf() {
        Ok(bytes) => bytes,
        Err(error) => {
            return Err(whole_file_rejection(
                &path,
                format!("cannot read file: {error}"),
            ))
        }
    };
    if first_bytes.is_empty() {
        return Ok(None);
    }
    let format = match options.format {
        Format::Auto => match detect_format(&path, first_bytes) {
            Some(format) => format,
            None if in_folder => {
                return Err(whole_file_rejection(
                    &path,
                    "unsupported file type in folder (expected .jsonl, .json, .csv, .tsv, .txt or .md, optionally .gz); use --format to force one".into(),
                ))
            }
            None => Format::Text,
        },
        forced => forced,
    };
    let file = Arc::new(path);
    let records: FileRecords = match format {
        Format::Jsonl | Format::Auto => Box::new(crate::jsonl::records(file, reader, options)),
        Format::Csv => Box::new(crate::csv_reader::records(file, reader, b',', options)),
        Format::Tsv => Box::new(crate::csv_reader::records(file, reader, b'\t', options)),
        Format::Text => {
            let mut limited = Vec::new();
            let limit = options.max_record_bytes as u64 + 1;
            let read = reader.take(limit).read_to_end(&mut limited);
            Box::new(std::iter::once(crate::text::record(
                file, &identity, read, limited, options,
            )))
        }
    };
    Ok(Some(records))
}

fn detect_format(path: &Path, first_bytes: &[u8]) -> Option<Format> {
    let name = path.file_name()?.to_string_lossy().to_ascii_lowercase();
    let name = name.strip_suffix(".gz").unwrap_or(&name);
    let extension = Path::new(name)
        .extension()
        .map(|e| e.to_string_lossy().to_string());
    match extension.as_deref() {
        Some("jsonl" | "ndjson" | "json") => Some(Format::Jsonl),
        Some("csv") => Some(Format::Csv),
        Some("tsv" | "tab") => Some(Format::Tsv),
        Some("txt" | "md" | "markdown" | "text") => Some(Format::Text),
        _ => {
            let first = first_bytes
                .iter()
                .find(|byte| !byte.is_ascii_whitespace())?;
            (*first == b'{').then_some(Format::Jsonl)
        }
    }
}

/// A raw value of one input column, before it becomes an article field.
pub(crate) enum RawValue<'a> {
    Missing,
    Null,
    Text(&'a str),
    Number(String),
    Other(&'static str),
}

/// Turns looked-up columns into an article, or the reason the record cannot be one.
pub(crate) fn assemble<'a>(
    mut lookup: impl FnMut(MappedField) -> RawValue<'a>,
    options: &ReadOptions,
    warnings: &mut Vec<String>,
) -> Result<Article, String> {
    let mut text_field = |field: MappedField, warnings: &mut Vec<String>| match lookup(field) {
        RawValue::Missing | RawValue::Null => Ok(None),
        RawValue::Text(text) => Ok(Some(clean_text(text, field, warnings))),
        RawValue::Number(number) if field != MappedField::Title && field != MappedField::Body => {
            Ok(Some(number))
        }
        RawValue::Number(_) => Err(format!(
            "field {}: expected a string, found a number",
            field.name()
        )),
        RawValue::Other(kind) => Err(format!(
            "field {}: expected a string, found {kind}",
            field.name()
        )),
    };
    let title = text_field(MappedField::Title, warnings)?.unwrap_or_default();
    let body = text_field(MappedField::Body, warnings)?.unwrap_or_default();
    if title.trim().is_empty() && body.trim().is_empty() {
        return Err("missing title and body".into());
    }
    if title.len() > options.max_title_bytes {
        return Err(format!(
            "title is {} bytes, over the limit of {} (--max-title-bytes)",
            title.len(),
            options.max_title_bytes
        ));
    }
    let id = text_field(MappedField::Id, warnings)?.unwrap_or_default();
    let published = match text_field(MappedField::Published, warnings) {
        Ok(Some(date_text)) => {
            let parsed = parse_date(&date_text);
            if parsed.is_none() {
                warnings.push(format!(
                    "unparseable date {:?}, kept without a date",
                    truncate(&date_text, 40)
                ));
            }
            parsed
        }
        Ok(None) => None,
        Err(reason) => {
            warnings.push(format!("{reason}, kept without a date"));
            None
        }
    };
    let mut optional =
        |field: MappedField, warnings: &mut Vec<String>| match text_field(field, warnings) {
            Ok(value) => value
                .map(|v| v.trim().to_string())
                .filter(|v| !v.is_empty()),
            Err(reason) => {
                warnings.push(format!("{reason}, field ignored"));
                None
            }
        };
    let source = optional(MappedField::Source, warnings);
    let url = optional(MappedField::Url, warnings);
    let category = optional(MappedField::Category, warnings);
    let language = optional(MappedField::Language, warnings);
    let mut article = Article {
        id: id.trim().to_string(),
        title: title.trim().to_string(),
        body,
        published,
        source,
        url,
        category,
        language,
    };
    article.ensure_id();
    Ok(article)
}

/// Drops control characters (NUL and friends) that no article text should carry, with a warning.
fn clean_text(text: &str, field: MappedField, warnings: &mut Vec<String>) -> String {
    let is_unwanted = |c: char| c.is_control() && c != '\n' && c != '\t';
    if !text.chars().any(is_unwanted) {
        return text.to_string();
    }
    let removed = text.chars().filter(|&c| is_unwanted(c)).count();
    warnings.push(format!(
        "field {}: removed {removed} control characters",
        field.name()
    ));
    text.chars()
        .map(|c| if c == '\r' { '\n' } else { c })
        .filter(|&c| !is_unwanted(c))
        .collect()
}

fn truncate(text: &str, max_chars: usize) -> String {
    text.chars().take(max_chars).collect()
}
