//! The registry's two plain files in the index folder, tab-separated so a user can read and edit
//! them: `names.tsv` (`field<TAB>raw<TAB>canonical`, an empty canonical meaning "not a value of
//! this kind"), written by `newsroom index`; and `names-corrections.tsv`, one correction per line
//! (`merge<TAB>field<TAB>from<TAB>into`, `drop<TAB>field<TAB>name`, `keep<TAB>field<TAB>name`,
//! `kind<TAB>name<TAB>field`), appended by `newsroom entities merge|rename|drop|keep|kind`.

use std::io::Write;
use std::path::Path;

use super::{NameRegistry, ENTITY_FIELDS};
use crate::IndexError;

/// One user correction of the registry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Correction {
    /// `from` (and everything that counted as it) counts as `into`; also a rename.
    Merge {
        /// Entity field: person, country or org.
        field: String,
        /// The value merged away.
        from: String,
        /// The value it joins (may be a new name).
        into: String,
    },
    /// `name` is no value of this kind.
    Drop {
        /// Entity field.
        field: String,
        /// The value.
        name: String,
    },
    /// `name` stays a value of its own, whatever the registry decided.
    Keep {
        /// Entity field.
        field: String,
        /// The value.
        name: String,
    },
    /// `name` is a value of `field` only: dropped from the other entity fields.
    Kind {
        /// The value.
        name: String,
        /// The one field it belongs to.
        field: String,
    },
}

impl Correction {
    fn line(&self) -> String {
        match self {
            Correction::Merge { field, from, into } => format!("merge\t{field}\t{from}\t{into}"),
            Correction::Drop { field, name } => format!("drop\t{field}\t{name}"),
            Correction::Keep { field, name } => format!("keep\t{field}\t{name}"),
            Correction::Kind { name, field } => format!("kind\t{name}\t{field}"),
        }
    }

    fn parse(line: &str) -> Option<Correction> {
        let columns: Vec<&str> = line.split('\t').map(str::trim).collect();
        let field = |name: &str| ENTITY_FIELDS.contains(&name).then(|| name.to_string());
        match columns.as_slice() {
            ["merge" | "rename", kind, from, into] if !from.is_empty() && !into.is_empty() => {
                Some(Correction::Merge {
                    field: field(kind)?,
                    from: from.to_string(),
                    into: into.to_string(),
                })
            }
            ["drop", kind, name] if !name.is_empty() => Some(Correction::Drop {
                field: field(kind)?,
                name: name.to_string(),
            }),
            ["keep", kind, name] if !name.is_empty() => Some(Correction::Keep {
                field: field(kind)?,
                name: name.to_string(),
            }),
            ["kind", name, kind] if !name.is_empty() => Some(Correction::Kind {
                name: name.to_string(),
                field: field(kind)?,
            }),
            _ => None,
        }
    }
}

fn io_error(path: &Path) -> impl Fn(std::io::Error) -> IndexError + '_ {
    move |source| IndexError::Io {
        path: path.to_path_buf(),
        source,
    }
}

fn read_lines(path: &Path) -> Result<Vec<String>, IndexError> {
    match std::fs::read_to_string(path) {
        Ok(text) => Ok(text
            .lines()
            .filter(|line| !line.trim().is_empty() && !line.starts_with('#'))
            .map(str::to_string)
            .collect()),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(Vec::new()),
        Err(error) => Err(io_error(path)(error)),
    }
}

/// The entries of a registry file; lines that do not parse are an error naming the line.
pub(super) fn read_registry(
    path: &Path,
) -> Result<Vec<(String, String, Option<String>)>, IndexError> {
    let mut entries = Vec::new();
    for (number, line) in read_lines(path)?.iter().enumerate() {
        let mut columns = line.split('\t');
        match (columns.next(), columns.next(), columns.next()) {
            (Some(field), Some(raw), canonical) if ENTITY_FIELDS.contains(&field) => {
                let canonical = canonical.unwrap_or("").to_string();
                entries.push((field.to_string(), raw.to_string(), Some(canonical)));
            }
            _ => {
                return Err(IndexError::Registry(format!(
                    "{}:{}: expected field<TAB>raw<TAB>canonical, got {line:?}",
                    path.display(),
                    number + 1
                )))
            }
        }
    }
    Ok(entries)
}

/// The corrections of a corrections file, in order; lines that do not parse are an error.
pub(super) fn read_corrections(path: &Path) -> Result<Vec<Correction>, IndexError> {
    let mut corrections = Vec::new();
    for (number, line) in read_lines(path)?.iter().enumerate() {
        let correction = Correction::parse(line).ok_or_else(|| {
            IndexError::Registry(format!(
                "{}:{}: not a correction (merge|rename FIELD FROM INTO, drop|keep FIELD NAME, kind NAME FIELD): {line:?}",
                path.display(),
                number + 1
            ))
        })?;
        corrections.push(correction);
    }
    Ok(corrections)
}

/// Writes the registry file.
pub(super) fn write_registry(path: &Path, registry: &NameRegistry) -> Result<(), IndexError> {
    let io = io_error(path);
    let mut out = std::io::BufWriter::new(std::fs::File::create(path).map_err(&io)?);
    writeln!(
        out,
        "# field<TAB>raw value<TAB>canonical value (empty: not a value of this kind). Written by \
         `newsroom index`; correct it with `newsroom entities merge|rename|drop|keep|kind`."
    )
    .map_err(&io)?;
    for field in ENTITY_FIELDS {
        for (raw, canonical) in registry.entries(field) {
            writeln!(out, "{field}\t{raw}\t{}", canonical.unwrap_or("")).map_err(&io)?;
        }
    }
    out.flush().map_err(&io)
}

/// Appends a correction to the corrections file of the index in `dir`.
pub fn add_correction(dir: &Path, correction: &Correction) -> Result<(), IndexError> {
    let path = dir.join(super::CORRECTIONS_FILE);
    let io = io_error(&path);
    let mut file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&path)
        .map_err(&io)?;
    writeln!(file, "{}", correction.line()).map_err(&io)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn corrections_round_trip_and_bad_lines_are_errors() {
        let dir = tempfile::tempdir().unwrap();
        let corrections = [
            Correction::Merge {
                field: "person".into(),
                from: "Hillary".into(),
                into: "Hillary Clinton".into(),
            },
            Correction::Drop {
                field: "org".into(),
                name: "LLC".into(),
            },
            Correction::Kind {
                name: "Clinton Foundation".into(),
                field: "org".into(),
            },
        ];
        for correction in &corrections {
            add_correction(dir.path(), correction).unwrap();
        }
        let path = dir.path().join(super::super::CORRECTIONS_FILE);
        assert_eq!(read_corrections(&path).unwrap(), corrections);
        std::fs::write(&path, "merge\tplanet\tMars\tVenus\n").unwrap();
        assert!(read_corrections(&path)
            .unwrap_err()
            .to_string()
            .contains(":1: not a correction"));
    }
}
