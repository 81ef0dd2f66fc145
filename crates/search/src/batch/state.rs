//! The state file of "new since last time": the watermark of the last complete run.
//!
//! A run reads the watermark, reports only articles indexed after it, and, once its output is
//! complete, writes the newest indexing time it saw. The file is replaced atomically (a
//! temporary file in the same folder, synced, then renamed over it), so a run that fails at any
//! point leaves the previous state, and the next run reports everything that one missed.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::SearchError;

/// What a complete run leaves for the next one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SinceLastState {
    /// The index the watermark belongs to (its folder, made absolute).
    pub index: PathBuf,
    /// The newest indexing time the run saw (microseconds since 1970): the next run reports
    /// articles indexed after it.
    pub indexed_up_to: u64,
    /// When the run completed.
    pub completed_at: DateTime<Utc>,
}

impl SinceLastState {
    /// The state left in `path` for the index in `index_dir`; `Ok(None)` when there is no state
    /// file yet (a first run: every article is new). A state file of another index, or one that
    /// is not a state file, is an error rather than a silent fresh start.
    pub fn load(path: &Path, index_dir: &Path) -> Result<Option<SinceLastState>, SearchError> {
        let text = match fs::read_to_string(path) {
            Ok(text) => text,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(error) => return Err(state_error(path, format!("cannot read it: {error}"))),
        };
        let state: SinceLastState = serde_json::from_str(&text)
            .map_err(|error| state_error(path, format!("not a batch state file: {error}")))?;
        let index = absolute(index_dir);
        if state.index != index {
            return Err(state_error(
                path,
                format!(
                    "it belongs to the index {}, not {}; use one state file per index",
                    state.index.display(),
                    index.display()
                ),
            ));
        }
        Ok(Some(state))
    }

    /// The state of a run on the index in `index_dir` that saw indexing times up to
    /// `indexed_up_to`, completed now.
    pub fn completed(index_dir: &Path, indexed_up_to: u64) -> SinceLastState {
        SinceLastState {
            index: absolute(index_dir),
            indexed_up_to,
            completed_at: Utc::now(),
        }
    }

    /// Replaces the state file atomically: the old state stays whole until the new one is.
    pub fn save(&self, path: &Path) -> Result<(), SearchError> {
        let file_name = path
            .file_name()
            .ok_or_else(|| state_error(path, "not a file path".to_string()))?;
        let mut temporary_name = file_name.to_os_string();
        temporary_name.push(format!(".tmp-{}", std::process::id()));
        let temporary = path.with_file_name(temporary_name);
        let written = (|| -> std::io::Result<()> {
            let mut file = fs::File::create(&temporary)?;
            serde_json::to_writer_pretty(&mut file, self)?;
            file.write_all(b"\n")?;
            file.sync_all()?;
            fs::rename(&temporary, path)
        })();
        written.map_err(|error| {
            let _ = fs::remove_file(&temporary);
            state_error(path, format!("cannot write it: {error}"))
        })
    }
}

/// The folder as an absolute path (as given when it cannot be resolved).
fn absolute(dir: &Path) -> PathBuf {
    dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf())
}

fn state_error(path: &Path, reason: String) -> SearchError {
    SearchError::State {
        path: path.to_path_buf(),
        reason,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_saved_state_loads_back_for_its_index_only() {
        let dir = tempfile::tempdir().unwrap();
        let index = dir.path().join("ix");
        let other = dir.path().join("other");
        fs::create_dir_all(&index).unwrap();
        fs::create_dir_all(&other).unwrap();
        let path = dir.path().join("state.json");
        assert_eq!(SinceLastState::load(&path, &index).unwrap(), None);
        let state = SinceLastState::completed(&index, 42);
        state.save(&path).unwrap();
        assert_eq!(SinceLastState::load(&path, &index).unwrap(), Some(state));
        let error = SinceLastState::load(&path, &other).unwrap_err().to_string();
        assert!(error.contains("belongs to the index"), "{error}");
        let leftovers = fs::read_dir(dir.path()).unwrap().count();
        assert_eq!(leftovers, 3, "no temporary file left");
    }

    #[test]
    fn a_file_that_is_not_a_state_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.json");
        fs::write(&path, "names.txt by mistake").unwrap();
        let error = SinceLastState::load(&path, dir.path()).unwrap_err();
        assert!(error.to_string().contains("not a batch state file"));
    }
}
