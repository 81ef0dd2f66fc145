//! Document-level scoring against hand-made gold lists: for each article, the set of people,
//! countries and organisations it names, each under a canonical name with accepted variants.
//! This is what a facet shows (one value per article), so it is what real-news quality is
//! judged on; CoNLL's mention-level scores are in [`crate::tagger`].

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::canonical::name_key;
use crate::{Entities, EntityKind};

/// One article's gold entities. Each entry is a canonical name, optionally followed by `|` and
/// other accepted names of the same entity (`"Federal Bureau of Investigation|FBI"`).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct GoldDocument {
    /// The article id in the corpus.
    pub id: String,
    /// People.
    #[serde(default)]
    pub person: Vec<String>,
    /// Countries.
    #[serde(default)]
    pub country: Vec<String>,
    /// Organisations.
    #[serde(default)]
    pub org: Vec<String>,
}

impl GoldDocument {
    fn entries(&self, kind: EntityKind) -> &[String] {
        match kind {
            EntityKind::Person => &self.person,
            EntityKind::Country => &self.country,
            EntityKind::Org => &self.org,
        }
    }
}

/// Counts of one kind: gold entities, predicted values, and predicted values that are right.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct DocumentCounts {
    /// Entities in the gold lists.
    pub gold: u64,
    /// Values the extractor gave.
    pub predicted: u64,
    /// Predicted values matching a gold entity (each gold entity matched once).
    pub correct: u64,
}

impl DocumentCounts {
    /// Share of predicted values that are right (1 when nothing was predicted).
    pub fn precision(&self) -> f64 {
        ratio(self.correct, self.predicted)
    }

    /// Share of gold entities found (1 when there were none).
    pub fn recall(&self) -> f64 {
        ratio(self.correct, self.gold)
    }

    /// Harmonic mean of precision and recall.
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

fn ratio(part: u64, whole: u64) -> f64 {
    if whole == 0 {
        1.0
    } else {
        part as f64 / whole as f64
    }
}

/// One wrong or missing value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DocumentError {
    /// The article.
    pub id: String,
    /// The kind of entity.
    pub kind: EntityKind,
    /// `spurious` (predicted, not in gold) or `missed` (in gold, not predicted).
    pub error: &'static str,
    /// The value (predicted name, or the gold canonical name).
    pub name: String,
}

/// Scores of a set of articles, per kind, with every error.
#[derive(Debug, Clone, Default, Serialize)]
pub struct DocumentEvaluation {
    /// Counts per kind.
    pub by_kind: BTreeMap<EntityKind, DocumentCounts>,
    /// Every spurious and missed value.
    pub errors: Vec<DocumentError>,
}

impl DocumentEvaluation {
    /// Adds one article's extraction against its gold lists.
    pub fn add(&mut self, gold: &GoldDocument, found: &Entities) {
        for kind in [EntityKind::Person, EntityKind::Country, EntityKind::Org] {
            let predicted = match kind {
                EntityKind::Person => &found.persons,
                EntityKind::Country => &found.countries,
                EntityKind::Org => &found.orgs,
            };
            let names: Vec<&str> = predicted.iter().map(|e| e.name.as_str()).collect();
            self.add_kind(&gold.id, kind, gold.entries(kind), &names);
        }
    }

    fn add_kind(&mut self, id: &str, kind: EntityKind, gold: &[String], predicted: &[&str]) {
        let gold_keys: Vec<Vec<String>> = gold
            .iter()
            .map(|entry| entry.split('|').map(name_key).collect())
            .collect();
        let mut matched = vec![false; gold.len()];
        let counts = self.by_kind.entry(kind).or_default();
        counts.gold += gold.len() as u64;
        counts.predicted += predicted.len() as u64;
        for name in predicted {
            let key = name_key(name);
            let hit = gold_keys
                .iter()
                .enumerate()
                .find(|(at, keys)| !matched[*at] && keys.contains(&key));
            match hit {
                Some((at, _)) => {
                    matched[at] = true;
                    counts.correct += 1;
                }
                None => self.errors.push(DocumentError {
                    id: id.to_string(),
                    kind,
                    error: "spurious",
                    name: name.to_string(),
                }),
            }
        }
        for (entry, found) in gold.iter().zip(&matched) {
            if !found {
                let canonical = entry.split('|').next().unwrap_or(entry);
                self.errors.push(DocumentError {
                    id: id.to_string(),
                    kind,
                    error: "missed",
                    name: canonical.to_string(),
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Entity;

    fn entity(name: &str) -> Entity {
        Entity {
            name: name.into(),
            count: 1,
            first_offset: 0,
            mentions: Vec::new(),
        }
    }

    #[test]
    fn variants_match_and_duplicates_count_against_precision() {
        let gold = GoldDocument {
            id: "a".into(),
            person: vec!["Hillary Clinton".into(), "François Hollande".into()],
            country: vec!["United States|US".into()],
            org: vec!["Federal Bureau of Investigation|FBI".into()],
        };
        let found = Entities {
            persons: vec![
                entity("Hillary Clinton"),
                entity("Hillary"),
                entity("Francois Hollande"),
            ],
            countries: vec![entity("U.S."), entity("Mexico")],
            orgs: Vec::new(),
            works: Vec::new(),
        };
        let mut evaluation = DocumentEvaluation::default();
        evaluation.add(&gold, &found);
        let person = evaluation.by_kind[&EntityKind::Person];
        assert_eq!((person.gold, person.predicted, person.correct), (2, 3, 2));
        let country = evaluation.by_kind[&EntityKind::Country];
        assert_eq!(
            (country.gold, country.predicted, country.correct),
            (1, 2, 1)
        );
        let org = evaluation.by_kind[&EntityKind::Org];
        assert_eq!((org.correct, org.recall(), org.precision()), (0, 0.0, 1.0));
        let errors: Vec<(&str, &str)> = evaluation
            .errors
            .iter()
            .map(|e| (e.error, e.name.as_str()))
            .collect();
        assert_eq!(
            errors,
            [
                ("spurious", "Hillary"),
                ("spurious", "Mexico"),
                ("missed", "Federal Bureau of Investigation")
            ]
        );
    }

    #[test]
    fn keys_ignore_case_accents_dots_and_hyphens() {
        assert_eq!(name_key("U.S."), "us");
        assert_eq!(name_key("  François   Hollande "), "francois hollande");
        assert_eq!(name_key("Jean-Claude Juncker"), "jean claude juncker");
        assert_eq!(name_key("AFL–CIO"), name_key("AFL-CIO"));
        assert_eq!(name_key("Moody’s Analytics"), name_key("Moody's Analytics"));
    }
}
