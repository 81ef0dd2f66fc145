//! A request's facet filters, keyed by facet kind: the values an article must carry, one of each
//! kind's (OR within a kind, AND across kinds).

use newsroom_index::FacetKind;
use serde::ser::{Serialize, SerializeMap, Serializer};

/// The facet filters of a request: for each kind of [`FacetKind::ALL`], the values asked for.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filters {
    values: [Vec<String>; FacetKind::ALL.len()],
}

impl Filters {
    /// The values asked for of one kind (empty when the kind is not filtered).
    pub fn of(&self, kind: FacetKind) -> &[String] {
        &self.values[kind as usize]
    }

    /// The values of one kind, to change.
    pub fn of_mut(&mut self, kind: FacetKind) -> &mut Vec<String> {
        &mut self.values[kind as usize]
    }

    /// Adds a value of one kind.
    pub fn add(&mut self, kind: FacetKind, value: impl Into<String>) {
        self.values[kind as usize].push(value.into());
    }

    /// The filtered kinds with their values, in table order.
    pub fn iter(&self) -> impl Iterator<Item = (FacetKind, &[String])> {
        FacetKind::ALL
            .into_iter()
            .map(|kind| (kind, self.of(kind)))
            .filter(|(_, values)| !values.is_empty())
    }

    /// Whether no kind is filtered.
    pub fn is_empty(&self) -> bool {
        self.values.iter().all(Vec::is_empty)
    }
}

/// The key of a kind's values in the request echoed by the JSON API (`persons`, `countries`,
/// `orgs`, `sources`), as the API has always written them.
fn json_key(kind: FacetKind) -> &'static str {
    match kind {
        FacetKind::Person => "persons",
        FacetKind::Country => "countries",
        FacetKind::Org => "orgs",
        FacetKind::Source => "sources",
    }
}

impl Serialize for Filters {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(FacetKind::ALL.len()))?;
        for kind in FacetKind::ALL {
            map.serialize_entry(json_key(kind), self.of(kind))?;
        }
        map.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_kept_per_kind_and_listed_in_table_order() {
        let mut filters = Filters::default();
        assert!(filters.is_empty());
        filters.add(FacetKind::Source, "BBC");
        filters.add(FacetKind::Person, "Angela Merkel");
        filters.add(FacetKind::Person, "Olaf Scholz");
        assert_eq!(
            filters.of(FacetKind::Person),
            ["Angela Merkel", "Olaf Scholz"]
        );
        assert!(filters.of(FacetKind::Org).is_empty());
        let kinds: Vec<FacetKind> = filters.iter().map(|(kind, _)| kind).collect();
        assert_eq!(kinds, [FacetKind::Person, FacetKind::Source]);
        assert!(!filters.is_empty());
    }

    #[test]
    fn the_json_api_keeps_its_key_for_every_kind() {
        let mut filters = Filters::default();
        filters.add(FacetKind::Org, "NATO");
        let json = serde_json::to_value(&filters).unwrap_or_default();
        assert_eq!(
            json,
            serde_json::json!({"persons": [], "countries": [], "orgs": ["NATO"], "sources": []})
        );
    }
}
