//! How an article names its entities, under the names the registry counts them as (the index
//! stores them under the names the extractor gave): the order chips follow, the counts of the
//! article page, and the spellings of a filtered entity that snippets prefer.

use newsroom_entities::EntityKind;
use newsroom_index::{EntityMentions, NameRegistry, StoredArticle};
use rustc_hash::FxHashMap;

use crate::SearchRequest;

/// The article's entity mentions under their canonical names (values the registry drops left
/// out, values counting as one name merged), in the order the article first names them. Empty
/// when the index stores no mentions.
pub(crate) fn canonical_mentions(
    registry: &NameRegistry,
    mentions: &[EntityMentions],
) -> Vec<EntityMentions> {
    let mut merged: Vec<EntityMentions> = Vec::with_capacity(mentions.len());
    let mut positions: FxHashMap<(EntityKind, &str), usize> = FxHashMap::default();
    for mention in mentions {
        let Some(canonical) = registry.canonical(mention.kind.as_str(), &mention.name) else {
            continue;
        };
        let position = *positions
            .entry((mention.kind, canonical))
            .or_insert_with(|| {
                merged.push(EntityMentions {
                    kind: mention.kind,
                    name: canonical.to_string(),
                    count: 0,
                    first_offset: u32::MAX,
                    spellings: Vec::new(),
                });
                merged.len() - 1
            });
        let entity = &mut merged[position];
        entity.count += mention.count;
        entity.first_offset = entity.first_offset.min(mention.first_offset);
        let raw_spelling = (mention.name != canonical).then_some(&mention.name);
        for spelling in raw_spelling.into_iter().chain(&mention.spellings) {
            if *spelling != entity.name && !entity.spellings.contains(spelling) {
                entity.spellings.push(spelling.clone());
            }
        }
    }
    merged.sort_by_key(|entity| entity.first_offset);
    merged
}

/// Orders the article's entity lists as the article first names them (its `mentions`, under
/// the same names); names without a known mention keep their stored order, after the others.
pub(crate) fn order_by_first_mention(article: &mut StoredArticle) {
    let StoredArticle {
        persons,
        countries,
        organizations,
        mentions,
        ..
    } = article;
    if mentions.is_empty() {
        return;
    }
    for (kind, names) in [
        (EntityKind::Person, persons),
        (EntityKind::Country, countries),
        (EntityKind::Org, organizations),
    ] {
        let first_offset = |name: &String| {
            mentions
                .iter()
                .find(|entity| entity.kind == kind && entity.name == *name)
                .map_or(u32::MAX, |entity| entity.first_offset)
        };
        names.sort_by_cached_key(first_offset);
    }
}

/// The names of the request's entity filters and every spelling this article uses for them
/// ("Putin" for a filter on Vladimir Putin, "Moscow" for one on Russia).
pub(crate) fn filtered_spellings(
    request: &SearchRequest,
    mentions: &[EntityMentions],
) -> Vec<String> {
    let mut spellings = Vec::new();
    for (kind, values) in [
        (EntityKind::Person, &request.persons),
        (EntityKind::Country, &request.countries),
        (EntityKind::Org, &request.orgs),
    ] {
        for value in values {
            let named = mentions
                .iter()
                .filter(|entity| entity.kind == kind && entity.name == *value);
            for entity in named {
                spellings.extend(entity.spellings.iter().cloned());
            }
        }
    }
    spellings
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mention(
        kind: EntityKind,
        name: &str,
        count: u32,
        first: u32,
        spellings: &[&str],
    ) -> EntityMentions {
        EntityMentions {
            kind,
            name: name.to_string(),
            count,
            first_offset: first,
            spellings: spellings.iter().map(|s| s.to_string()).collect(),
        }
    }

    #[test]
    fn mentions_are_merged_under_canonical_names_in_article_order() {
        let registry = NameRegistry::default();
        let mentions = [
            mention(EntityKind::Person, "Vladimir Putin", 3, 40, &["Putin"]),
            mention(EntityKind::Country, "Russia", 2, 5, &["Moscow", "Russian"]),
        ];
        let named = canonical_mentions(&registry, &mentions);
        assert_eq!(named[0].name, "Russia");
        assert_eq!(named[1].name, "Vladimir Putin");
        assert_eq!(named[1].count, 3);
        let request = SearchRequest {
            countries: vec!["Russia".into()],
            ..SearchRequest::default()
        };
        assert_eq!(filtered_spellings(&request, &named), ["Moscow", "Russian"]);
    }
}
