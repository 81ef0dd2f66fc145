//! Reading a watch-list: one name or query per line, each line either searched or rejected with
//! its number and a reason (nothing is skipped silently).

use std::io::BufRead;

use newsroom_corpus::{BoundedLines, Line};
use serde::Serialize;

use crate::SearchError;

/// Longest line searched, in bytes; a longer line is rejected (a name or a query is short: a
/// longer line is a pasted article or a file that is not a list).
pub const MAX_LINE_BYTES: usize = 1024;

/// One line of a watch-list as read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BatchLine {
    /// A line to search: its number (from 1) and its text, trimmed.
    Query {
        /// Line number in the input, from 1.
        line_number: u64,
        /// The text, without surrounding white space.
        text: String,
    },
    /// A line that is not searched, and why.
    Rejected(RejectedLine),
}

/// A line that was not searched: empty, too long or not UTF-8.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RejectedLine {
    /// Line number in the input, from 1.
    pub line_number: u64,
    /// The line as far as it can be shown (lossy for invalid UTF-8, empty for a line too long).
    pub line: String,
    /// Why it was not searched.
    pub error: String,
}

/// The lines of a watch-list, read with a bound on each line's size so that any input, however
/// large, costs the memory of one short line.
pub struct BatchLines<R> {
    lines: BoundedLines<R>,
}

impl<R: BufRead> BatchLines<R> {
    /// The lines of `reader`.
    pub fn new(reader: R) -> Self {
        BatchLines {
            lines: BoundedLines::new(reader, MAX_LINE_BYTES),
        }
    }
}

impl<R: BufRead> Iterator for BatchLines<R> {
    type Item = Result<BatchLine, SearchError>;

    fn next(&mut self) -> Option<Self::Item> {
        let (line_number, line) = self.lines.next()?;
        let line = match line {
            Ok(line) => line,
            Err(source) => {
                return Some(Err(SearchError::Input {
                    line_number,
                    source,
                }))
            }
        };
        let rejected = |line: String, error: String| {
            Some(Ok(BatchLine::Rejected(RejectedLine {
                line_number,
                line,
                error,
            })))
        };
        let bytes = match line {
            Line::Complete(bytes) => bytes,
            Line::TooLong(length) => {
                return rejected(
                    String::new(),
                    format!("line of {length} bytes is longer than the {MAX_LINE_BYTES} bytes a name or query may have"),
                )
            }
        };
        let text = match String::from_utf8(bytes) {
            Ok(text) => text,
            Err(error) => {
                let at = error.utf8_error().valid_up_to();
                let shown = String::from_utf8_lossy(error.as_bytes()).into_owned();
                return rejected(shown, format!("invalid UTF-8 at byte {}", at + 1));
            }
        };
        // A byte-order mark opens some files written by spreadsheets.
        let trimmed = text.trim_start_matches('\u{feff}').trim();
        if trimmed.is_empty() {
            return rejected(String::new(), "empty line".to_string());
        }
        Some(Ok(BatchLine::Query {
            line_number,
            text: trimmed.to_string(),
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_line_is_searched_or_rejected_with_its_number() {
        let mut input = b"Jane Doe\n\n  \r\nAcme Corp\r\n".to_vec();
        input.extend_from_slice(&[b'x'; MAX_LINE_BYTES + 1]);
        input.extend_from_slice(b"\nbad \xff byte\nlast");
        let lines: Vec<_> = BatchLines::new(&input[..]).map(Result::unwrap).collect();
        let query = |line_number, text: &str| BatchLine::Query {
            line_number,
            text: text.to_string(),
        };
        assert_eq!(lines[0], query(1, "Jane Doe"));
        assert_eq!(lines[3], query(4, "Acme Corp"));
        assert_eq!(lines[6], query(7, "last"));
        let reasons: Vec<(u64, &str)> = lines
            .iter()
            .filter_map(|line| match line {
                BatchLine::Rejected(rejected) => {
                    Some((rejected.line_number, rejected.error.as_str()))
                }
                BatchLine::Query { .. } => None,
            })
            .collect();
        assert_eq!(reasons.len(), 4);
        assert_eq!(reasons[0], (2, "empty line"));
        assert_eq!(reasons[1], (3, "empty line"));
        assert!(
            reasons[2].1.starts_with("line of 1025 bytes"),
            "{reasons:?}"
        );
        assert_eq!(reasons[3], (6, "invalid UTF-8 at byte 5"));
    }

    #[test]
    fn a_byte_order_mark_is_not_part_of_the_first_name() {
        let lines: Vec<_> = BatchLines::new("\u{feff}Jane Doe\n".as_bytes())
            .map(Result::unwrap)
            .collect();
        assert_eq!(
            lines,
            vec![BatchLine::Query {
                line_number: 1,
                text: "Jane Doe".into()
            }]
        );
    }
}
