//! CSV and TSV input: a header row names the columns, each later row is one article.

use std::io::BufRead;
use std::path::PathBuf;
use std::sync::Arc;

use crate::reader::{assemble, RawValue};
use crate::{Location, MappedField, ParsedArticle, ReadOptions, Record, Rejection};

/// Streams the rows of a CSV/TSV file with a header row; the header names the columns.
pub(crate) fn records(
    file: Arc<PathBuf>,
    reader: Box<dyn BufRead + Send>,
    delimiter: u8,
    options: &ReadOptions,
) -> Box<dyn Iterator<Item = Record> + Send> {
    let mut csv_reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .has_headers(true)
        .from_reader(reader);
    let header_location = Location {
        file: Arc::clone(&file),
        line: 1,
    };
    let header: Vec<String> = match csv_reader.byte_headers() {
        Ok(header) => header
            .iter()
            .map(|name| {
                String::from_utf8_lossy(name)
                    .trim_start_matches('\u{feff}')
                    .to_string()
            })
            .collect(),
        Err(error) => {
            return Box::new(std::iter::once(Record::Rejected(Rejection {
                location: header_location,
                reason: format!("cannot read the header row: {error}"),
            })))
        }
    };
    let columns = options.field_map.resolve_header(&header);
    let has_text_column = columns
        .iter()
        .any(|(field, _)| matches!(field, MappedField::Title | MappedField::Body));
    if !has_text_column {
        return Box::new(std::iter::once(Record::Rejected(Rejection {
            location: header_location,
            reason: format!(
                "no title or body column in header {header:?}; map one with --map title=COLUMN or --map body=COLUMN"
            ),
        })));
    }
    let options = options.clone();
    let mut rows = csv_reader.into_byte_records();
    let mut stopped = false;
    Box::new(std::iter::from_fn(move || {
        if stopped {
            return None;
        }
        let row = rows.next()?;
        let row = match row {
            Ok(row) => row,
            Err(error) => {
                let line = error.position().map_or(0, |position| position.line());
                if error.is_io_error() {
                    stopped = true;
                }
                return Some(Record::Rejected(Rejection {
                    location: Location {
                        file: Arc::clone(&file),
                        line,
                    },
                    reason: format!("invalid CSV row: {error}"),
                }));
            }
        };
        let location = Location {
            file: Arc::clone(&file),
            line: row.position().map_or(0, |position| position.line()),
        };
        let reject = |reason: String| {
            Some(Record::Rejected(Rejection {
                location: location.clone(),
                reason,
            }))
        };
        if row.len() != header.len() {
            return reject(format!(
                "row has {} columns, the header has {}",
                row.len(),
                header.len()
            ));
        }
        let row_bytes = row.as_slice().len();
        if row_bytes > options.max_record_bytes {
            return reject(format!(
                "record is {row_bytes} bytes, over the limit of {} (--max-record-bytes)",
                options.max_record_bytes
            ));
        }
        let mut fields = Vec::with_capacity(row.len());
        for (index, raw) in row.iter().enumerate() {
            match std::str::from_utf8(raw) {
                Ok(text) => fields.push(text),
                Err(error) => {
                    return reject(format!(
                        "invalid UTF-8 in column {:?} at byte {}",
                        header[index],
                        error.valid_up_to()
                    ))
                }
            }
        }
        let lookup = |field| {
            columns.iter().find(|(mapped, _)| *mapped == field).map_or(
                RawValue::Missing,
                |(_, index)| match fields[*index] {
                    "" => RawValue::Null,
                    text => RawValue::Text(text),
                },
            )
        };
        let mut warnings = Vec::new();
        match assemble(lookup, &options, &mut warnings) {
            Ok(article) => Some(Record::Article(Box::new(ParsedArticle {
                article,
                location,
                warnings,
                input_bytes: row_bytes as u64,
            }))),
            Err(reason) => reject(reason),
        }
    }))
}
