//! `--report FILE`: every rejection and warning of a run, as JSON Lines.

use std::path::PathBuf;

use newsroom_corpus::Rejection;

use crate::IndexError;

/// The full list of rejections and warnings of a run, as JSON Lines.
pub(super) struct Report {
    path: PathBuf,
    out: std::io::BufWriter<std::fs::File>,
}

impl Report {
    pub(super) fn create(path: &std::path::Path) -> Result<Report, IndexError> {
        let file = std::fs::File::create(path).map_err(|source| IndexError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        Ok(Report {
            path: path.to_path_buf(),
            out: std::io::BufWriter::new(file),
        })
    }

    fn write(&mut self, value: serde_json::Value) -> Result<(), IndexError> {
        use std::io::Write;
        writeln!(self.out, "{value}").map_err(|source| IndexError::Io {
            path: self.path.clone(),
            source,
        })
    }

    pub(super) fn rejection(&mut self, rejection: &Rejection) -> Result<(), IndexError> {
        self.write(serde_json::json!({
            "kind": "rejected",
            "file": rejection.location.file.display().to_string(),
            "line": rejection.location.line,
            "reason": rejection.reason,
        }))
    }

    /// One line kept out of entity extraction as boilerplate.
    pub(super) fn boilerplate(
        &mut self,
        location: &newsroom_corpus::Location,
        text: &str,
    ) -> Result<(), IndexError> {
        self.write(serde_json::json!({
            "kind": "boilerplate",
            "file": location.file.display().to_string(),
            "line": location.line,
            "text": text,
        }))
    }

    pub(super) fn warning(
        &mut self,
        location: &newsroom_corpus::Location,
        message: &str,
    ) -> Result<(), IndexError> {
        self.write(serde_json::json!({
            "kind": "warning",
            "file": location.file.display().to_string(),
            "line": location.line,
            "reason": message,
        }))
    }

    pub(super) fn finish(mut self) -> Result<(), IndexError> {
        use std::io::Write;
        self.out.flush().map_err(|source| IndexError::Io {
            path: self.path.clone(),
            source,
        })
    }
}
