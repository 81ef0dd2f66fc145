//! The kinds of facet an article is filtered and counted by, with their names, fields and
//! labels: the one table every other part of newsroom loops over.

use newsroom_entities::EntityKind;

use super::field_names;

/// What an article is filtered and counted by: the three kinds of entity the extractor finds,
/// and the article's source. The one table of facet kinds: each kind's name in URLs and JSON,
/// its index field and its labels; adding a kind is a variant here (the compiler lists every
/// `match` that must learn it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FacetKind {
    /// People named in the article.
    Person,
    /// Countries named in the article.
    Country,
    /// Organisations named in the article.
    Org,
    /// The outlet that published the article.
    Source,
}

impl FacetKind {
    /// Every kind, in display order.
    pub const ALL: [FacetKind; 4] = [
        FacetKind::Person,
        FacetKind::Country,
        FacetKind::Org,
        FacetKind::Source,
    ];

    /// The kind of an entity the extractor finds.
    pub fn of_entity(kind: EntityKind) -> FacetKind {
        match kind {
            EntityKind::Person => FacetKind::Person,
            EntityKind::Country => FacetKind::Country,
            EntityKind::Org => FacetKind::Org,
        }
    }

    /// The entity kind this facet counts, `None` for the source.
    pub fn entity_kind(self) -> Option<EntityKind> {
        match self {
            FacetKind::Person => Some(EntityKind::Person),
            FacetKind::Country => Some(EntityKind::Country),
            FacetKind::Org => Some(EntityKind::Org),
            FacetKind::Source => None,
        }
    }

    /// The kind's name in URLs, filters and JSON keys (`person`, `country`, `org`, `source`).
    pub fn as_str(self) -> &'static str {
        match self {
            FacetKind::Person => "person",
            FacetKind::Country => "country",
            FacetKind::Org => "org",
            FacetKind::Source => "source",
        }
    }

    /// The raw, fast field holding the kind's values.
    pub fn field_name(self) -> &'static str {
        match self {
            FacetKind::Person => field_names::PERSON,
            FacetKind::Country => field_names::COUNTRY,
            FacetKind::Org => field_names::ORG,
            FacetKind::Source => field_names::SOURCE,
        }
    }

    /// The kind's heading in pages ("People").
    pub fn label(self) -> &'static str {
        match self {
            FacetKind::Person => "People",
            FacetKind::Country => "Countries",
            FacetKind::Org => "Organisations",
            FacetKind::Source => "Sources",
        }
    }

    /// One value's kind in pages ("Person").
    pub fn singular_label(self) -> &'static str {
        match self {
            FacetKind::Person => "Person",
            FacetKind::Country => "Country",
            FacetKind::Org => "Organisation",
            FacetKind::Source => "Source",
        }
    }

    /// Parses a kind's name; the entity kinds also by the spellings [`EntityKind::parse`]
    /// accepts (`people`, `organisation`, ...).
    pub fn parse(name: &str) -> Option<FacetKind> {
        match name {
            "source" | "sources" => Some(FacetKind::Source),
            other => EntityKind::parse(other).map(FacetKind::of_entity),
        }
    }
}

impl std::fmt::Display for FacetKind {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::NewsSchema;

    #[test]
    fn every_facet_kind_reads_back_from_its_name_and_has_a_field_of_the_schema() {
        let schema = NewsSchema::build();
        for kind in FacetKind::ALL {
            assert_eq!(FacetKind::parse(kind.as_str()), Some(kind));
            assert_eq!(
                schema.schema.get_field_name(schema.facet_field(kind)),
                kind.field_name()
            );
            if let Some(entity) = kind.entity_kind() {
                assert_eq!(FacetKind::of_entity(entity), kind);
                assert_eq!(entity.as_str(), kind.as_str());
            }
        }
        assert_eq!(FacetKind::parse("organisation"), Some(FacetKind::Org));
        assert_eq!(FacetKind::parse("people"), Some(FacetKind::Person));
        assert_eq!(FacetKind::parse("place"), None);
    }
}
