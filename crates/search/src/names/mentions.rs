//! How an article names its entities, under the names the registry counts them as (the index
//! stores them under the names the extractor gave): the counts of the article page, and the
//! spellings of a filtered entity that snippets prefer.

use newsroom_entities::EntityKind;
use newsroom_index::{EntityMentions, FacetKind, NameRegistry};

use crate::SearchRequest;

/// The article's entity mentions (as stored) under their canonical names: values the registry
/// drops left out, values counting as one name merged (counts summed, spellings joined), in
/// stored order.
pub(crate) fn canonical_mentions(
    registry: &NameRegistry,
    mentions: &[EntityMentions],
) -> Vec<EntityMentions> {
    let mut merged: Vec<EntityMentions> = Vec::with_capacity(mentions.len());
    for mention in mentions {
        let Some(canonical) = registry.canonical(mention.kind.as_str(), &mention.name) else {
            continue;
        };
        let position = match merged
            .iter()
            .position(|entity| entity.kind == mention.kind && entity.name == canonical)
        {
            Some(position) => position,
            None => {
                merged.push(EntityMentions {
                    kind: mention.kind,
                    name: canonical.to_string(),
                    count: 0,
                    spellings: Vec::new(),
                });
                merged.len() - 1
            }
        };
        let entity = &mut merged[position];
        entity.count += mention.count;
        let raw_spelling = (mention.name != canonical).then_some(&mention.name);
        for spelling in raw_spelling.into_iter().chain(&mention.spellings) {
            if *spelling != entity.name && !entity.spellings.contains(spelling) {
                entity.spellings.push(spelling.clone());
            }
        }
    }
    merged
}

/// Whether the request filters by a person, a country or an organisation.
pub(crate) fn filters_entities(request: &SearchRequest) -> bool {
    EntityKind::ALL
        .into_iter()
        .any(|kind| !request.filters.of(FacetKind::of_entity(kind)).is_empty())
}

/// Every spelling an article uses for the entities the request filters by, other than the
/// filter values themselves ("Putin" for a filter on Vladimir Putin, "Moscow" for one on
/// Russia), from its mentions as stored (raw names, mapped through the registry here).
pub(crate) fn filtered_spellings(
    registry: &NameRegistry,
    request: &SearchRequest,
    mentions: &[EntityMentions],
) -> Vec<String> {
    let mut spellings: Vec<String> = Vec::new();
    for mention in mentions {
        let filtered = request.filters.of(FacetKind::of_entity(mention.kind));
        let Some(canonical) = registry.canonical(mention.kind.as_str(), &mention.name) else {
            continue;
        };
        if !filtered.iter().any(|value| value == canonical) {
            continue;
        }
        let raw_spelling = (mention.name != canonical).then_some(&mention.name);
        for spelling in raw_spelling.into_iter().chain(&mention.spellings) {
            if !spellings.contains(spelling) {
                spellings.push(spelling.clone());
            }
        }
    }
    spellings
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mention(kind: EntityKind, name: &str, count: u32, spellings: &[&str]) -> EntityMentions {
        EntityMentions {
            kind,
            name: name.to_string(),
            count,
            spellings: spellings.iter().map(|s| s.to_string()).collect(),
        }
    }

    #[test]
    fn spellings_of_the_filtered_entities_only() {
        let registry = NameRegistry::default();
        let mentions = [
            mention(EntityKind::Country, "Russia", 2, &["Moscow", "Russian"]),
            mention(EntityKind::Person, "Vladimir Putin", 3, &["Putin"]),
        ];
        let mut request = SearchRequest::default();
        request.filters.add(FacetKind::Country, "Russia");
        assert!(filters_entities(&request));
        assert_eq!(
            filtered_spellings(&registry, &request, &mentions),
            ["Moscow", "Russian"]
        );
        let merged = canonical_mentions(&registry, &mentions);
        assert_eq!(merged[1].count, 3);
        assert_eq!(merged[1].spellings, ["Putin"]);
    }
}
