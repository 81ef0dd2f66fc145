//! JSON Lines input: one article object per line, its fields found through the column mapping;
//! a line that cannot be read as an article is a rejection with its line number and reason.

use std::io::BufRead;
use std::path::PathBuf;
use std::sync::Arc;

use serde_json::Value;

use crate::lines::{BoundedLines, Line};
use crate::reader::{assemble, RawValue};
use crate::{Location, ParsedArticle, ReadOptions, Record, Rejection};

/// Streams the records of a JSON Lines file; blank lines are not records.
pub(crate) fn records(
    file: Arc<PathBuf>,
    reader: Box<dyn BufRead + Send>,
    options: &ReadOptions,
) -> impl Iterator<Item = Record> + Send {
    let options = options.clone();
    BoundedLines::new(reader, options.max_record_bytes).filter_map(move |(line_number, line)| {
        let location = Location {
            file: Arc::clone(&file),
            line: line_number,
        };
        let reject = |reason: String| {
            Some(Record::Rejected(Rejection {
                location: location.clone(),
                reason,
            }))
        };
        let bytes = match line {
            Ok(Line::Complete(bytes)) => bytes,
            Ok(Line::TooLong(length)) => {
                return reject(format!(
                    "record is {length} bytes, over the limit of {} (--max-record-bytes)",
                    options.max_record_bytes
                ))
            }
            Err(error) => return reject(format!("read error, rest of file skipped: {error}")),
        };
        if bytes.iter().all(|byte| byte.is_ascii_whitespace()) {
            return None;
        }
        Some(parse_line(&bytes, location, &options))
    })
}

fn parse_line(bytes: &[u8], location: Location, options: &ReadOptions) -> Record {
    let reject = |reason: String| {
        Record::Rejected(Rejection {
            location: location.clone(),
            reason,
        })
    };
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(error) => return reject(format!("invalid UTF-8 at byte {}", error.valid_up_to())),
    };
    let object = match serde_json::from_str::<Value>(text) {
        Ok(Value::Object(object)) => object,
        Ok(other) => {
            return reject(format!(
                "expected a JSON object, found {}",
                json_kind(&other)
            ))
        }
        Err(error) => return reject(format!("invalid JSON: {error}")),
    };
    let mut warnings = Vec::new();
    let lookup = |field| {
        let found = options
            .field_map
            .columns(field)
            .iter()
            .find_map(|column| object.get(column.as_str()));
        match found {
            None => RawValue::Missing,
            Some(Value::Null) => RawValue::Null,
            Some(Value::String(text)) => RawValue::Text(text),
            Some(Value::Number(number)) => RawValue::Number(number.to_string()),
            Some(other) => RawValue::Other(json_kind(other)),
        }
    };
    match assemble(lookup, options, &mut warnings) {
        Ok(article) => Record::Article(Box::new(ParsedArticle {
            article,
            location,
            warnings,
            input_bytes: bytes.len() as u64 + 1,
        })),
        Err(reason) => reject(reason),
    }
}

fn json_kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}
