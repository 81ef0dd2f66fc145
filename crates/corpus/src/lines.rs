//! Line splitting with a bound on one line's size, so a huge line costs no more memory than a
//! short one and is reported instead of read.

use std::io::{self, BufRead};

/// One physical line of input, or the size of a line too long to keep.
#[derive(Debug, PartialEq, Eq)]
pub enum Line {
    /// The line's bytes without the trailing `\n` / `\r\n`.
    Complete(Vec<u8>),
    /// The line's full length in bytes; its content was discarded while reading.
    TooLong(usize),
}

/// Splits a reader into lines without ever holding more than `max_line_bytes` of one line, so a
/// 50 MB line costs no more memory than a short one.
pub struct BoundedLines<R> {
    reader: R,
    max_line_bytes: usize,
    line_number: u64,
    finished: bool,
}

impl<R: BufRead> BoundedLines<R> {
    /// Lines of `reader`, each kept only when at most `max_line_bytes` long; numbered from 1.
    pub fn new(reader: R, max_line_bytes: usize) -> Self {
        BoundedLines {
            reader,
            max_line_bytes,
            line_number: 0,
            finished: false,
        }
    }

    fn read_line(&mut self) -> io::Result<Option<Line>> {
        let mut buffer = Vec::new();
        let mut total_len = 0usize;
        let mut saw_any = false;
        loop {
            let available = match self.reader.fill_buf() {
                Ok(available) => available,
                Err(error) if error.kind() == io::ErrorKind::Interrupted => continue,
                Err(error) => return Err(error),
            };
            if available.is_empty() {
                break;
            }
            saw_any = true;
            let newline = available.iter().position(|&byte| byte == b'\n');
            let chunk_len = newline.unwrap_or(available.len());
            if total_len + chunk_len <= self.max_line_bytes {
                buffer.extend_from_slice(&available[..chunk_len]);
            } else {
                buffer = Vec::new();
            }
            total_len += chunk_len;
            let consumed = newline.map_or(chunk_len, |_| chunk_len + 1);
            self.reader.consume(consumed);
            if newline.is_some() {
                break;
            }
        }
        if !saw_any {
            return Ok(None);
        }
        if total_len > self.max_line_bytes {
            return Ok(Some(Line::TooLong(total_len)));
        }
        if buffer.last() == Some(&b'\r') {
            buffer.pop();
        }
        Ok(Some(Line::Complete(buffer)))
    }
}

impl<R: BufRead> Iterator for BoundedLines<R> {
    type Item = (u64, io::Result<Line>);

    fn next(&mut self) -> Option<Self::Item> {
        if self.finished {
            return None;
        }
        self.line_number += 1;
        match self.read_line() {
            Ok(Some(line)) => Some((self.line_number, Ok(line))),
            Ok(None) => {
                self.finished = true;
                None
            }
            Err(error) => {
                self.finished = true;
                Some((self.line_number, Err(error)))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_lines_and_measures_long_ones() {
        let input = b"short\r\nthis one is far too long\n\nlast";
        let lines: Vec<_> = BoundedLines::new(&input[..], 10)
            .map(|(number, line)| (number, line.unwrap()))
            .collect();
        assert_eq!(
            lines,
            vec![
                (1, Line::Complete(b"short".to_vec())),
                (2, Line::TooLong(24)),
                (3, Line::Complete(Vec::new())),
                (4, Line::Complete(b"last".to_vec())),
            ]
        );
    }

    #[test]
    fn long_line_across_buffer_refills() {
        let mut input = vec![b'x'; 100_000];
        input.push(b'\n');
        input.extend_from_slice(b"ok\n");
        let reader = std::io::BufReader::with_capacity(64, &input[..]);
        let lines: Vec<_> = BoundedLines::new(reader, 1000)
            .map(|(_, line)| line.unwrap())
            .collect();
        assert_eq!(
            lines,
            vec![Line::TooLong(100_000), Line::Complete(b"ok".to_vec())]
        );
    }
}
