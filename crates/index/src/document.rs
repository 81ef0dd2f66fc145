//! Between articles and index documents: an article with its entities as a document to write, and
//! a stored document read back as an article.

use chrono::{DateTime, Utc};
use newsroom_corpus::Article;
use newsroom_entities::{Entities, EntityKind};
use serde::Serialize;
use tantivy::schema::document::{DeserializeError, DocumentDeserialize, DocumentDeserializer};
use tantivy::schema::{Facet, Field, OwnedValue};
use tantivy::{DateTime as TantivyDateTime, TantivyDocument};

use crate::mentions::EntityMentions;
use crate::NewsSchema;

/// Turns an article and its entities into the tantivy document newsroom stores.
pub(crate) fn to_document(
    schema: &NewsSchema,
    article: &Article,
    entities: &Entities,
) -> TantivyDocument {
    let mut document = TantivyDocument::default();
    document.add_text(schema.id, &article.id);
    document.add_text(schema.title, &article.title);
    document.add_text(schema.body, &article.body);
    if let Some(published) = article.published {
        document.add_date(
            schema.published,
            TantivyDateTime::from_timestamp_secs(published.timestamp()),
        );
    }
    let optional_fields = [
        (schema.source, &article.source),
        (schema.category, &article.category),
        (schema.language, &article.language),
        (schema.url, &article.url),
    ];
    for (field, value) in optional_fields {
        if let Some(value) = value {
            document.add_text(field, value);
        }
    }
    let mut mentions = String::new();
    for kind in EntityKind::ALL {
        let text_field = match kind {
            EntityKind::Person => schema.person,
            EntityKind::Country => schema.country,
            EntityKind::Org => schema.org,
        };
        // In the order the article first names them: the order of a hit's chips.
        let mut in_article_order: Vec<_> = entities.of_kind(kind).iter().collect();
        in_article_order.sort_by_key(|entity| entity.first_offset);
        for entity in in_article_order {
            document.add_facet(
                schema.entity,
                Facet::from_path([kind.as_str(), entity.name.as_str()]),
            );
            document.add_text(text_field, &entity.name);
            crate::mentions::push_encoded(&mut mentions, entity);
        }
    }
    if let Some(field) = schema.work {
        for work in &entities.works {
            document.add_text(field, work);
        }
    }
    // Indexes written before mentions were stored have no field for them.
    if let Some(field) = schema.entity_mentions {
        if !mentions.is_empty() {
            document.add_text(field, &mentions);
        }
    }
    document
}

/// An article as read back from the index, with its entity names by kind.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct StoredArticle {
    /// Article id.
    pub id: String,
    /// Headline.
    pub title: String,
    /// Full text.
    pub body: String,
    /// Publication time.
    pub published: Option<DateTime<Utc>>,
    /// Outlet.
    pub source: Option<String>,
    /// Link to the original.
    pub url: Option<String>,
    /// Section label.
    pub category: Option<String>,
    /// People named, in the order the article first names them (most mentioned first in
    /// indexes written before that order).
    pub persons: Vec<String>,
    /// Countries named, in the same order.
    pub countries: Vec<String>,
    /// Organisations named, in the same order (`organizations` in JSON, as the API has always
    /// written it).
    #[serde(rename = "organizations")]
    pub orgs: Vec<String>,
    /// The article's story (see `stories`); `None` for indexes written before stories existed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub story: Option<u64>,
    /// How the article names each entity, as stored (see [`StoredArticle::decoded_mentions`]);
    /// `None` for indexes written before it was stored. Not part of the article's JSON.
    #[serde(skip)]
    pub encoded_mentions: Option<String>,
    /// How the article names each entity (mentions, other spellings), for readers that ask for
    /// it (the article page); empty otherwise. Not part of the article's JSON.
    #[serde(skip)]
    pub mentions: Vec<EntityMentions>,
}

impl StoredArticle {
    /// How the article names each entity of `persons`, `countries` and `orgs`, under
    /// those names: call it before the names are mapped through the registry of names (the
    /// stored lines follow the stored names). Empty for indexes that store no mentions.
    pub fn decoded_mentions(&self) -> Vec<EntityMentions> {
        let Some(encoded) = &self.encoded_mentions else {
            return Vec::new();
        };
        let names = [
            (EntityKind::Person, &self.persons),
            (EntityKind::Country, &self.countries),
            (EntityKind::Org, &self.orgs),
        ]
        .into_iter()
        .flat_map(|(kind, names)| names.iter().map(move |name| (kind, name)));
        crate::mentions::decode(names, encoded)
    }
}

/// The separator between the parts of tantivy's encoded facet paths (`Facet::to_path` splits
/// on it; tantivy does not export it).
const FACET_SEPARATOR: char = '\u{0}';

/// A stored document as tantivy's store reads it, (field, value) pairs in order: read with
/// `searcher.doc::<StoredFields>(address)`, its strings then move into a [`StoredArticle`]
/// instead of being copied twice (into a `TantivyDocument`'s compact form, then out of it).
#[derive(Debug, Default)]
pub struct StoredFields(Vec<(Field, OwnedValue)>);

impl DocumentDeserialize for StoredFields {
    fn deserialize<'de, D>(mut deserializer: D) -> Result<Self, DeserializeError>
    where
        D: DocumentDeserializer<'de>,
    {
        let mut fields = Vec::with_capacity(deserializer.size_hint());
        while let Some(field_value) = deserializer.next_field::<OwnedValue>()? {
            fields.push(field_value);
        }
        Ok(StoredFields(fields))
    }
}

/// Reads a stored document back into a [`StoredArticle`] (the first value of each text field).
pub fn article_from_doc(schema: &NewsSchema, document: StoredFields) -> StoredArticle {
    let mut stored = StoredArticle::default();
    let (mut id, mut title, mut body) = (None, None, None);
    for (field, value) in document.0 {
        match value {
            OwnedValue::Str(text) => {
                let slot = if field == schema.id {
                    &mut id
                } else if field == schema.title {
                    &mut title
                } else if field == schema.body {
                    &mut body
                } else if field == schema.source {
                    &mut stored.source
                } else if field == schema.url {
                    &mut stored.url
                } else if field == schema.category {
                    &mut stored.category
                } else if Some(field) == schema.entity_mentions {
                    &mut stored.encoded_mentions
                } else {
                    continue;
                };
                slot.get_or_insert(text);
            }
            OwnedValue::Date(date) if field == schema.published && stored.published.is_none() => {
                stored.published = DateTime::<Utc>::from_timestamp(date.into_timestamp_secs(), 0);
            }
            OwnedValue::U64(story) if Some(field) == schema.story => stored.story = Some(story),
            OwnedValue::Facet(facet) if field == schema.entity => {
                // The encoded form of a facet path (what `Facet::to_path` splits, without a copy).
                let mut parts = facet.encoded_str().split(FACET_SEPARATOR);
                let (Some(kind), Some(name)) = (parts.next(), parts.next()) else {
                    continue;
                };
                let list = match EntityKind::parse(kind) {
                    Some(EntityKind::Person) => &mut stored.persons,
                    Some(EntityKind::Country) => &mut stored.countries,
                    Some(EntityKind::Org) => &mut stored.orgs,
                    None => continue,
                };
                list.push(name.to_string());
            }
            _ => {}
        }
    }
    stored.id = id.unwrap_or_default();
    stored.title = title.unwrap_or_default();
    stored.body = body.unwrap_or_default();
    stored
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entity_facets_read_back_as_names_by_kind() {
        let schema = NewsSchema::build();
        let entities = [
            ("person", "Jean-Luc Picard"),
            ("country", "Bosnia and Herzegovina"),
            ("org", "AC/DC"),
            ("person", "O'Neill \\ Smith"),
            ("place", "Atlantis"),
        ];
        let mut fields = vec![
            (schema.title, OwnedValue::Str("First title".into())),
            (schema.title, OwnedValue::Str("Second title".into())),
        ];
        fields.extend(entities.iter().map(|(kind, name)| {
            let facet = Facet::from_path([*kind, *name]);
            (schema.entity, OwnedValue::Facet(facet))
        }));
        let article = article_from_doc(&schema, StoredFields(fields));
        assert_eq!(article.title, "First title");
        assert_eq!(article.persons, ["Jean-Luc Picard", "O'Neill \\ Smith"]);
        assert_eq!(article.countries, ["Bosnia and Herzegovina"]);
        assert_eq!(article.orgs, ["AC/DC"]);
    }
}
