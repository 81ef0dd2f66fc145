//! Named-entity extraction for news articles: the people, countries and organisations an article
//! names, each under one canonical name, with how often and where first.
//!
//! Extraction goes through the [`EntityExtractor`] trait so the index pipeline does not care which
//! extractor runs. [`NewsExtractor`] is the one indexing uses: a trained sequence tagger
//! ([`tagger`]) finds the mentions, rules learned from real web news check them, and the
//! gazetteers and the article itself give each its canonical name. `GazetteerExtractor`, the
//! first, dictionary-only implementation, stays behind the `reference-extractor` feature as a
//! fast reference for the benches and tests.
//! [`document_eval`] scores an extractor against hand-made document-level gold lists.
#![warn(missing_docs)]

mod canonical;
pub mod document_eval;
mod error;
#[cfg(feature = "reference-extractor")]
mod extractor;
mod gazetteer;
mod news;
pub mod tagger;
mod tokenize;

use serde::{Deserialize, Serialize};

pub use canonical::name_key;
pub use error::EntitiesError;
#[cfg(feature = "reference-extractor")]
pub use extractor::GazetteerExtractor;
pub use gazetteer::Gazetteer;
pub use news::{is_organisation_head, NewsExtractor};
pub use tokenize::{is_alphanumeric, tokenize, Token};

/// One canonical entity of an article.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entity {
    /// Canonical name ("Vladimir Putin", "United States", "United Nations").
    pub name: String,
    /// Number of mentions in the article.
    pub count: u32,
    /// Byte offset of the first mention in `title + "\n\n" + body`.
    pub first_offset: u32,
    /// The distinct ways the article writes it (the evidence behind the canonical name).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub mentions: Vec<String>,
}

/// Everything an extractor found in one article, most mentioned first.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entities {
    /// People, by canonical full name.
    pub persons: Vec<Entity>,
    /// Countries, by canonical English short name.
    pub countries: Vec<Entity>,
    /// Organisations, by canonical name (`organizations` in JSON, as newsroom has always
    /// written it).
    #[serde(rename = "organizations")]
    pub orgs: Vec<Entity>,
    /// Names the article calls works ("the film Sideways"), without a leading "The": no
    /// entities here, and evidence for the index's name registry that a name the tagger
    /// reads as a person or an organisation elsewhere is a title ("Vera Drake").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub works: Vec<String>,
}

/// The kinds of entity newsroom facets on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EntityKind {
    /// A person.
    Person,
    /// A country.
    Country,
    /// An organisation.
    Org,
}

impl EntityKind {
    /// Every kind, in display order.
    pub const ALL: [EntityKind; 3] = [EntityKind::Person, EntityKind::Country, EntityKind::Org];

    /// The kind's name in facet paths, URLs and JSON (`person`, `country`, `org`).
    pub fn as_str(self) -> &'static str {
        match self {
            EntityKind::Person => "person",
            EntityKind::Country => "country",
            EntityKind::Org => "org",
        }
    }

    /// Parses `person`, `country` or `org` (also `organization`, `people`, `countries`).
    pub fn parse(text: &str) -> Option<EntityKind> {
        match text {
            "person" | "persons" | "people" => Some(EntityKind::Person),
            "country" | "countries" => Some(EntityKind::Country),
            "org" | "orgs" | "organization" | "organizations" | "organisation" => {
                Some(EntityKind::Org)
            }
            _ => None,
        }
    }
}

impl Entities {
    /// The entities of one kind.
    pub fn of_kind(&self, kind: EntityKind) -> &[Entity] {
        match kind {
            EntityKind::Person => &self.persons,
            EntityKind::Country => &self.countries,
            EntityKind::Org => &self.orgs,
        }
    }
}

/// Finds the entities of an article. Implementations are shared across indexing threads.
pub trait EntityExtractor: Send + Sync {
    /// Extracts the entities named in an article's title and body.
    fn extract(&self, title: &str, body: &str) -> Entities;

    /// The gazetteers the extractor resolves names with (built-in plus any extra files), so
    /// the index's registry of names judges places and organisations as the extractor did;
    /// `None` for extractors without one (the built-in gazetteers are used then).
    fn gazetteer(&self) -> Option<&Gazetteer> {
        None
    }
}
