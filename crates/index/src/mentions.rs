//! How an article names its entities, stored beside the entity facets: for each facet value, in
//! the order the document holds them, its number of mentions, the offset of its first mention
//! and the other spellings the article uses ("Putin" for Vladimir Putin, "Moscow" for Russia).
//! The search page orders chips by it, the article page shows the counts and snippets prefer
//! sentences naming a filtered entity in any of its spellings.
//!
//! Stored as one text value, one line per entity: `count \t first_offset (\t spelling)*`.

use newsroom_entities::{Entity, EntityKind};
use serde::Serialize;

/// How one article names one of its entities.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EntityMentions {
    /// The entity's kind.
    pub kind: EntityKind,
    /// The entity's name as the document stores it (raw: the registry of names may count it as
    /// another).
    pub name: String,
    /// Mentions in the article.
    pub count: u32,
    /// Byte offset of the first mention in `title + "\n\n" + body`.
    pub first_offset: u32,
    /// The other ways the article writes it.
    pub spellings: Vec<String>,
}

/// Appends the stored line of `entity` to `encoded`.
pub(crate) fn push_encoded(encoded: &mut String, entity: &Entity) {
    use std::fmt::Write;
    if !encoded.is_empty() {
        encoded.push('\n');
    }
    let _ = write!(encoded, "{}\t{}", entity.count, entity.first_offset);
    for spelling in entity
        .mentions
        .iter()
        .filter(|spelling| **spelling != entity.name)
    {
        encoded.push('\t');
        // Tabs and line breaks separate the parts; a name holding one is stored with spaces.
        encoded.extend(spelling.chars().map(|c| {
            if matches!(c, '\t' | '\n' | '\r') {
                ' '
            } else {
                c
            }
        }));
    }
}

/// The mentions of the entities `names` (kind and name, in stored order) read from their stored
/// lines; empty when the lines do not match the names (an index written before mentions were
/// stored has none).
pub(crate) fn decode(names: Vec<(EntityKind, String)>, encoded: &str) -> Vec<EntityMentions> {
    if names.is_empty() || encoded.lines().count() != names.len() {
        return Vec::new();
    }
    names
        .into_iter()
        .zip(encoded.lines())
        .map(|((kind, name), line)| {
            let mut parts = line.split('\t');
            let count = parts.next().and_then(|part| part.parse().ok()).unwrap_or(1);
            let first_offset = parts
                .next()
                .and_then(|part| part.parse().ok())
                .unwrap_or(u32::MAX);
            EntityMentions {
                kind,
                name,
                count,
                first_offset,
                spellings: parts
                    .filter(|part| !part.is_empty())
                    .map(str::to_string)
                    .collect(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mentions_read_back_as_written() {
        let putin = Entity {
            name: "Vladimir Putin".into(),
            count: 4,
            first_offset: 17,
            mentions: vec!["Vladimir Putin".into(), "Putin".into(), "Mr.\tPutin".into()],
        };
        let russia = Entity {
            name: "Russia".into(),
            count: 2,
            first_offset: 3,
            mentions: vec!["Moscow".into()],
        };
        let mut encoded = String::new();
        push_encoded(&mut encoded, &putin);
        push_encoded(&mut encoded, &russia);
        let names = vec![
            (EntityKind::Person, "Vladimir Putin".to_string()),
            (EntityKind::Country, "Russia".to_string()),
        ];
        let decoded = decode(names.clone(), &encoded);
        assert_eq!(decoded[0].count, 4);
        assert_eq!(decoded[0].first_offset, 17);
        assert_eq!(decoded[0].spellings, ["Putin", "Mr. Putin"]);
        assert_eq!(decoded[1].spellings, ["Moscow"]);
        // Lines that do not match the facets are ignored, not misattributed.
        assert!(decode(names, "4\t17").is_empty());
    }
}
