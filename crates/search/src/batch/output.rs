//! Writing batch answers as CSV (one row per line, for a spreadsheet) or JSON Lines (one object
//! per line, for a program), in input order, each as soon as it is answered.

use std::io::Write;

use super::BatchRecord;
use crate::SearchError;

/// The output format of a batch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BatchFormat {
    /// A header row, then one row per input line; the top articles as `top_N_id`,
    /// `top_N_title`, `top_N_date` column triples; `error` says why a rejected line was not
    /// searched (its `matched_by` is `rejected`).
    Csv,
    /// One JSON object per input line: a [`super::BatchAnswer`], or a
    /// [`super::RejectedLine`] (with `error`).
    Jsonl,
}

impl BatchFormat {
    /// Reads `csv` or `jsonl`.
    pub fn parse(text: &str) -> Option<BatchFormat> {
        match text {
            "csv" => Some(BatchFormat::Csv),
            "jsonl" | "ndjson" => Some(BatchFormat::Jsonl),
            _ => None,
        }
    }

    /// The HTTP content type of the format.
    pub fn content_type(self) -> &'static str {
        match self {
            BatchFormat::Csv => "text/csv; charset=utf-8",
            BatchFormat::Jsonl => "application/x-ndjson",
        }
    }
}

/// Writes batch records to `W` in one format.
pub struct BatchWriter<W: Write> {
    top: usize,
    output: Output<W>,
}

enum Output<W: Write> {
    /// Boxed: the CSV writer's buffer state is large next to a bare writer.
    Csv(Box<csv::Writer<W>>),
    Jsonl(W),
}

impl<W: Write> BatchWriter<W> {
    /// A writer of `format` with `top` articles per line (the CSV header is written now).
    pub fn new(format: BatchFormat, top: usize, output: W) -> Result<Self, SearchError> {
        let output = match format {
            BatchFormat::Csv => {
                let mut csv = csv::Writer::from_writer(output);
                csv.write_record(csv_header(top)).map_err(csv_error)?;
                Output::Csv(Box::new(csv))
            }
            BatchFormat::Jsonl => Output::Jsonl(output),
        };
        Ok(BatchWriter { top, output })
    }

    /// A writer that continues an output already begun: no CSV header (the server writes a
    /// streamed answer one chunk of lines at a time).
    pub fn continuing(format: BatchFormat, top: usize, output: W) -> Self {
        let output = match format {
            BatchFormat::Csv => Output::Csv(Box::new(csv::Writer::from_writer(output))),
            BatchFormat::Jsonl => Output::Jsonl(output),
        };
        BatchWriter { top, output }
    }

    /// Writes one record.
    pub fn write(&mut self, record: &BatchRecord) -> Result<(), SearchError> {
        match &mut self.output {
            Output::Csv(csv) => csv
                .write_record(csv_row(record, self.top))
                .map_err(csv_error),
            Output::Jsonl(json) => {
                serde_json::to_writer(&mut *json, record)
                    .map_err(|error| output_error(std::io::Error::other(error)))?;
                json.write_all(b"\n").map_err(output_error)
            }
        }
    }

    /// Flushes and returns the output.
    pub fn finish(self) -> Result<W, SearchError> {
        let mut output = match self.output {
            Output::Csv(csv) => csv
                .into_inner()
                .map_err(|error| output_error(error.into_error()))?,
            Output::Jsonl(json) => json,
        };
        output.flush().map_err(output_error)?;
        Ok(output)
    }
}

fn csv_header(top: usize) -> Vec<String> {
    let mut header: Vec<String> = [
        "line_number",
        "line",
        "matched_by",
        "name",
        "also",
        "count",
        "first",
        "last",
    ]
    .map(String::from)
    .to_vec();
    for rank in 1..=top {
        for column in ["id", "title", "date"] {
            header.push(format!("top_{rank}_{column}"));
        }
    }
    header.push("error".to_string());
    header
}

fn csv_row(record: &BatchRecord, top: usize) -> Vec<String> {
    let day = |day: Option<chrono::NaiveDate>| day.map(|day| day.to_string()).unwrap_or_default();
    let mut row = Vec::with_capacity(9 + 3 * top);
    match record {
        BatchRecord::Answer(answer) => {
            row.extend([
                answer.line_number.to_string(),
                answer.line.clone(),
                answer.matched_by.as_str().to_string(),
                answer.name.clone().unwrap_or_default(),
                answer.also.join(" "),
                answer.count.to_string(),
                day(answer.first),
                day(answer.last),
            ]);
            for rank in 0..top {
                match answer.top.get(rank) {
                    Some(article) => row.extend([
                        article.id.clone(),
                        article.title.clone(),
                        day(article.published),
                    ]),
                    None => row.extend([String::new(), String::new(), String::new()]),
                }
            }
            row.push(String::new());
        }
        BatchRecord::Rejected(rejected) => {
            row.extend([
                rejected.line_number.to_string(),
                rejected.line.clone(),
                "rejected".to_string(),
            ]);
            row.resize(8 + 3 * top, String::new());
            row.push(rejected.error.clone());
        }
    }
    row
}

fn csv_error(error: csv::Error) -> SearchError {
    match error.into_kind() {
        csv::ErrorKind::Io(error) => output_error(error),
        other => output_error(std::io::Error::other(format!("{other:?}"))),
    }
}

fn output_error(error: std::io::Error) -> SearchError {
    SearchError::Output(error)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::batch::{BatchAnswer, BatchArticle, MatchedBy, RejectedLine};

    fn records() -> Vec<BatchRecord> {
        vec![
            BatchRecord::Answer(BatchAnswer {
                line_number: 1,
                line: "Jane \"JD\" Doe, Jr".into(),
                matched_by: MatchedBy::Person,
                name: Some("Jane Doe".into()),
                also: vec!["org"],
                count: 2,
                first: chrono::NaiveDate::from_ymd_opt(2020, 1, 2),
                last: chrono::NaiveDate::from_ymd_opt(2021, 3, 4),
                top: vec![BatchArticle {
                    id: "a1".into(),
                    title: "Doe, again".into(),
                    published: chrono::NaiveDate::from_ymd_opt(2021, 3, 4),
                }],
            }),
            BatchRecord::Rejected(RejectedLine {
                line_number: 2,
                line: String::new(),
                error: "empty line".into(),
            }),
        ]
    }

    #[test]
    fn csv_rows_have_the_header_width_and_quote_commas() {
        let mut writer = BatchWriter::new(BatchFormat::Csv, 2, Vec::new()).unwrap();
        for record in records() {
            writer.write(&record).unwrap();
        }
        let text = String::from_utf8(writer.finish().unwrap()).unwrap();
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        let header = reader.headers().unwrap().clone();
        assert_eq!(header.len(), 8 + 6 + 1);
        let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        assert!(rows.iter().all(|row| row.len() == header.len()));
        assert_eq!(&rows[0][1], "Jane \"JD\" Doe, Jr");
        assert_eq!(&rows[0][4], "org");
        assert_eq!(&rows[0][8], "a1");
        assert_eq!(&rows[0][9], "Doe, again");
        assert_eq!(&rows[0][11], "", "no second article");
        assert_eq!(&rows[1][2], "rejected");
        assert_eq!(&rows[1][14], "empty line");
    }

    #[test]
    fn json_lines_carry_answers_and_rejections() {
        let mut writer = BatchWriter::new(BatchFormat::Jsonl, 2, Vec::new()).unwrap();
        for record in records() {
            writer.write(&record).unwrap();
        }
        let text = String::from_utf8(writer.finish().unwrap()).unwrap();
        let lines: Vec<serde_json::Value> = text
            .lines()
            .map(|line| serde_json::from_str(line).unwrap())
            .collect();
        assert_eq!(lines[0]["matched_by"], "person");
        assert_eq!(lines[0]["top"][0]["published"], "2021-03-04");
        assert_eq!(lines[1]["error"], "empty line");
        assert_eq!(lines[1]["line_number"], 2);
    }
}
