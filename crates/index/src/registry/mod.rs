//! One registry of names per index: which raw entity values (what the extractor wrote into
//! each article) count as which canonical value, and which count as nothing.
//!
//! The extractor sees one article at a time; only the whole corpus shows that "Hillary" is
//! Hillary Clinton, that "Francois Hollande" and "François Hollande" are one man, that "Well" is
//! an ordinary word and "Clinton Foundation" an organisation. `newsroom index` builds the
//! registry from the index at the end of every run ([`build_registry`], written to
//! [`REGISTRY_FILE`]); a user corrects it with `newsroom entities merge|rename|drop|kind|keep`
//! (kept in [`CORRECTIONS_FILE`], never overwritten). It is applied where names are used, not
//! baked into the documents: facet counting maps raw values to canonical ones when it reads a
//! segment's column, a filter on a canonical value matches every raw variant, and chips, the
//! article page, `stats` and exports show canonical names. Changing it needs no re-indexing.

mod build;
mod file;

use std::collections::HashMap;
use std::path::Path;

pub use build::{build_registry, RegistrySummary};
pub use file::{add_correction, Correction};

use crate::IndexError;

/// The registry `newsroom index` writes into the index folder.
pub const REGISTRY_FILE: &str = "names.tsv";
/// The user's corrections in the index folder, applied over the registry.
pub const CORRECTIONS_FILE: &str = "names-corrections.tsv";
/// The entity fields the registry covers.
pub const ENTITY_FIELDS: [&str; 3] = ["person", "country", "org"];

/// Articles naming each canonical value of an entity field, over the live documents of
/// `searcher`, most first (ties by name): each article counted once per canonical value.
pub fn canonical_counts(
    searcher: &tantivy::Searcher,
    field: &str,
    registry: &NameRegistry,
) -> Result<Vec<crate::NameCount>, IndexError> {
    let mut counts: HashMap<String, u64> = HashMap::new();
    for segment in searcher.segment_readers() {
        let Some(column) = segment.fast_fields().str(field)? else {
            continue;
        };
        let raw = column_values(&column)?;
        let mut seen: Vec<&str> = Vec::new();
        for doc in segment.doc_ids_alive() {
            seen.clear();
            for ordinal in column.term_ords(doc) {
                let Some(name) = raw.get(ordinal as usize) else {
                    continue;
                };
                if let Some(canonical) = registry.canonical(field, name) {
                    if !seen.contains(&canonical) {
                        seen.push(canonical);
                        *counts.entry(canonical.to_string()).or_default() += 1;
                    }
                }
            }
        }
    }
    let mut counts: Vec<crate::NameCount> = counts
        .into_iter()
        .map(|(name, count)| crate::NameCount { name, count })
        .collect();
    counts.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.name.cmp(&b.name)));
    Ok(counts)
}

/// Every value of a segment's fast text column, by ordinal. The dictionary is read in order:
/// looking each ordinal up decompresses a block every time.
pub(crate) fn column_values(
    column: &tantivy::columnar::StrColumn,
) -> Result<Vec<String>, IndexError> {
    let mut values = Vec::with_capacity(column.num_terms());
    let mut stream = column
        .dictionary()
        .stream()
        .map_err(tantivy::TantivyError::from)?;
    while stream.advance() {
        values.push(
            std::str::from_utf8(stream.key())
                .unwrap_or_default()
                .to_string(),
        );
    }
    Ok(values)
}

/// Raw value → canonical value (or dropped), per entity field. Values it does not list are
/// their own canonical value.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NameRegistry {
    /// field → raw → `Some(canonical)` or `None` (not a value of this kind).
    names: HashMap<String, HashMap<String, Option<String>>>,
    /// field → canonical → the raw values that count as it (filters match them all).
    variants: HashMap<String, HashMap<String, Vec<String>>>,
}

impl NameRegistry {
    /// The registry of the index in `dir` with its corrections; empty when the index has none.
    pub fn load(dir: &Path) -> Result<NameRegistry, IndexError> {
        let mut registry = NameRegistry::default();
        for (field, raw, canonical) in file::read_registry(&dir.join(REGISTRY_FILE))? {
            registry.set(&field, raw, canonical);
        }
        for correction in file::read_corrections(&dir.join(CORRECTIONS_FILE))? {
            registry.apply(correction);
        }
        registry.index_variants();
        Ok(registry)
    }

    /// The canonical value of `raw` in `field`, or `None` when it counts as no value there.
    pub fn canonical<'a>(&'a self, field: &str, raw: &'a str) -> Option<&'a str> {
        match self.names.get(field).and_then(|names| names.get(raw)) {
            Some(Some(canonical)) => Some(canonical),
            Some(None) => None,
            None => Some(raw),
        }
    }

    /// The raw values that count as `canonical` in `field`, itself included.
    pub fn variants<'a>(&'a self, field: &str, canonical: &'a str) -> Vec<&'a str> {
        let mut variants = vec![canonical];
        if let Some(raws) = self
            .variants
            .get(field)
            .and_then(|variants| variants.get(canonical))
        {
            variants.extend(
                raws.iter()
                    .map(String::as_str)
                    .filter(|raw| *raw != canonical),
            );
        }
        variants
    }

    /// `names` of one document as canonical values: mapped, dropped ones left out, each once,
    /// in their first order.
    pub fn map_names(&self, field: &str, names: &[String]) -> Vec<String> {
        let mut mapped: Vec<String> = Vec::with_capacity(names.len());
        for name in names {
            if let Some(canonical) = self.canonical(field, name) {
                if !mapped.iter().any(|seen| seen == canonical) {
                    mapped.push(canonical.to_string());
                }
            }
        }
        mapped
    }

    /// An article with its entity names as the registry counts them.
    pub fn canonical_article(&self, mut article: crate::StoredArticle) -> crate::StoredArticle {
        article.persons = self.map_names("person", &article.persons);
        article.countries = self.map_names("country", &article.countries);
        article.orgs = self.map_names("org", &article.orgs);
        article
    }

    /// Entries of `field`, for writing the file (sorted by raw value).
    pub(crate) fn entries(&self, field: &str) -> Vec<(&str, Option<&str>)> {
        let mut entries: Vec<(&str, Option<&str>)> = self
            .names
            .get(field)
            .map(|names| {
                names
                    .iter()
                    .map(|(raw, canonical)| (raw.as_str(), canonical.as_deref()))
                    .collect()
            })
            .unwrap_or_default();
        entries.sort_unstable();
        entries
    }

    pub(crate) fn set(&mut self, field: &str, raw: String, canonical: Option<String>) {
        let canonical = canonical.filter(|canonical| *canonical != raw || canonical.is_empty());
        let names = self.names.entry(field.to_string()).or_default();
        match canonical {
            Some(canonical) if canonical.is_empty() => {
                names.insert(raw, None);
            }
            Some(canonical) => {
                names.insert(raw, Some(canonical));
            }
            None if names.contains_key(&raw) => {
                // Mapping a value to itself undoes an entry.
                names.remove(&raw);
            }
            None => {}
        }
    }

    fn apply(&mut self, correction: Correction) {
        match correction {
            Correction::Merge { field, from, into } => {
                // Whatever counted as `from` now counts as `into` too.
                let names = self.names.entry(field.clone()).or_default();
                for canonical in names.values_mut().flatten() {
                    if *canonical == from {
                        *canonical = into.clone();
                    }
                }
                self.set(&field, from, Some(into));
            }
            Correction::Drop { field, name } => self.set(&field, name, Some(String::new())),
            Correction::Keep { field, name } => {
                if let Some(names) = self.names.get_mut(&field) {
                    names.remove(&name);
                }
            }
            Correction::Kind { name, field } => {
                for other in ENTITY_FIELDS.iter().filter(|other| **other != field) {
                    self.set(other, name.clone(), Some(String::new()));
                }
                if let Some(names) = self.names.get_mut(&field) {
                    names.remove(&name);
                }
            }
        }
    }

    fn index_variants(&mut self) {
        self.variants.clear();
        for (field, names) in &self.names {
            let variants = self.variants.entry(field.clone()).or_default();
            for (raw, canonical) in names {
                if let Some(canonical) = canonical {
                    variants
                        .entry(canonical.clone())
                        .or_default()
                        .push(raw.clone());
                }
            }
            for raws in variants.values_mut() {
                raws.sort_unstable();
            }
        }
    }

    /// A registry from entries (for tests and the builder).
    pub(crate) fn from_entries(entries: Vec<(String, String, Option<String>)>) -> NameRegistry {
        let mut registry = NameRegistry::default();
        for (field, raw, canonical) in entries {
            registry.set(&field, raw, canonical);
        }
        registry.index_variants();
        registry
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn registry() -> NameRegistry {
        NameRegistry::from_entries(vec![
            (
                "person".into(),
                "Hillary".into(),
                Some("Hillary Clinton".into()),
            ),
            ("person".into(), "Well".into(), Some(String::new())),
            ("org".into(), "Politico".into(), Some("POLITICO".into())),
        ])
    }

    #[test]
    fn raw_values_map_to_canonical_ones_and_back() {
        let registry = registry();
        assert_eq!(
            registry.canonical("person", "Hillary"),
            Some("Hillary Clinton")
        );
        assert_eq!(registry.canonical("person", "Well"), None);
        assert_eq!(registry.canonical("person", "Joe Biden"), Some("Joe Biden"));
        assert_eq!(
            registry.variants("person", "Hillary Clinton"),
            ["Hillary Clinton", "Hillary"]
        );
        let names = ["Hillary Clinton", "Well", "Hillary", "Joe Biden"].map(String::from);
        assert_eq!(
            registry.map_names("person", &names),
            ["Hillary Clinton", "Joe Biden"]
        );
    }

    #[test]
    fn corrections_merge_drop_keep_and_set_the_kind() {
        let mut registry = registry();
        registry.apply(Correction::Merge {
            field: "person".into(),
            from: "Hillary Clinton".into(),
            into: "Hillary Rodham Clinton".into(),
        });
        registry.apply(Correction::Keep {
            field: "person".into(),
            name: "Well".into(),
        });
        registry.apply(Correction::Kind {
            name: "Clinton Foundation".into(),
            field: "org".into(),
        });
        registry.index_variants();
        assert_eq!(
            registry.canonical("person", "Hillary"),
            Some("Hillary Rodham Clinton")
        );
        assert_eq!(registry.canonical("person", "Well"), Some("Well"));
        assert_eq!(registry.canonical("person", "Clinton Foundation"), None);
        assert_eq!(
            registry.canonical("org", "Clinton Foundation"),
            Some("Clinton Foundation")
        );
    }
}
