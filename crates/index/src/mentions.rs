//! How an article names its entities, stored beside the entity facets (which are stored in the
//! order the article first names them): for each facet value, in the order the document holds
//! them, its number of mentions and the other spellings the article uses ("Putin" for Vladimir
//! Putin, "Moscow" for Russia). The article page shows the counts and snippets prefer sentences
//! naming a filtered entity in any of its spellings.
//!
//! Stored as one text value, one line per entity: `count (\t spelling)*`. It is decoded only when
//! needed (an article page, a search filtering by entities), not for every hit.

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
    /// The other ways the article writes it.
    pub spellings: Vec<String>,
}

/// Appends the stored line of `entity` to `encoded`.
pub(crate) fn push_encoded(encoded: &mut String, entity: &Entity) {
    use std::fmt::Write;
    if !encoded.is_empty() {
        encoded.push('\n');
    }
    let _ = write!(encoded, "{}", entity.count);
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
pub(crate) fn decode<'a>(
    names: impl Iterator<Item = (EntityKind, &'a String)>,
    encoded: &str,
) -> Vec<EntityMentions> {
    let mut lines = encoded.lines();
    let mut decoded = Vec::new();
    for (kind, name) in names {
        let Some(line) = lines.next() else {
            return Vec::new();
        };
        let mut parts = line.split('\t');
        let count = parts.next().and_then(|part| part.parse().ok()).unwrap_or(1);
        decoded.push(EntityMentions {
            kind,
            name: name.clone(),
            count,
            spellings: parts
                .filter(|part| !part.is_empty())
                .map(str::to_string)
                .collect(),
        });
    }
    if lines.next().is_some() {
        return Vec::new();
    }
    decoded
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
        let (putin, russia) = ("Vladimir Putin".to_string(), "Russia".to_string());
        let names = [(EntityKind::Person, &putin), (EntityKind::Country, &russia)];
        let decoded = decode(names.into_iter(), &encoded);
        assert_eq!(decoded[0].count, 4);
        assert_eq!(decoded[0].spellings, ["Putin", "Mr. Putin"]);
        assert_eq!(decoded[1].count, 2);
        assert_eq!(decoded[1].spellings, ["Moscow"]);
        // Lines that do not match the facets are ignored, not misattributed.
        assert!(decode(names.into_iter(), "4\tPutin").is_empty());
        assert!(decode(names[..1].iter().copied(), &encoded).is_empty());
    }
}
