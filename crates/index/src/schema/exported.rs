//! How each field of a newsroom schema leaves for another engine: what the export, the Quickwit
//! index config and the OpenSearch mapping need to know of the schema, read from it so they
//! follow it when it changes (and so the crates that write them need not know tantivy).

use tantivy::schema::{FieldType, IndexRecordOption, Schema};

use super::FacetKind;

/// How one newsroom field is exported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExportedField {
    /// Analysed full text (title, body): searched, with positions for phrases.
    Text {
        /// Field name.
        name: String,
    },
    /// An exact string, fast (id, source, category, language).
    Keyword {
        /// Field name.
        name: String,
    },
    /// Several exact strings per document (person, country, org), fast for terms aggregations.
    KeywordArray {
        /// Field name.
        name: String,
    },
    /// A date (RFC 3339 in the export), fast; the timestamp field.
    Date {
        /// Field name.
        name: String,
    },
    /// Kept with the document but not searchable (url).
    StoredOnly {
        /// Field name.
        name: String,
    },
}

impl ExportedField {
    /// The field's name.
    pub fn name(&self) -> &str {
        match self {
            ExportedField::Text { name }
            | ExportedField::Keyword { name }
            | ExportedField::KeywordArray { name }
            | ExportedField::Date { name }
            | ExportedField::StoredOnly { name } => name,
        }
    }
}

/// The exported fields of a newsroom schema, in schema order. The `entity` facet field is left
/// out: its content is exported as the entity kinds' arrays (`person`, `country`, `org`). The
/// `story` id is left out too: Quickwit cannot collapse on it, so the Quickwit backend shows
/// every article.
pub fn exported_fields(schema: &Schema) -> Vec<ExportedField> {
    let multi_valued = |name: &str| {
        FacetKind::ALL
            .iter()
            .any(|kind| kind.entity_kind().is_some() && kind.field_name() == name)
    };
    schema
        .fields()
        .filter_map(|(_, entry)| {
            let name = entry.name().to_string();
            match entry.field_type() {
                FieldType::Str(options) => {
                    let indexing = options.get_indexing_options();
                    Some(match indexing {
                        None => ExportedField::StoredOnly { name },
                        Some(_) if multi_valued(&name) => ExportedField::KeywordArray { name },
                        Some(indexing)
                            if indexing.tokenizer() == "raw"
                                || indexing.index_option() == IndexRecordOption::Basic =>
                        {
                            ExportedField::Keyword { name }
                        }
                        Some(_) => ExportedField::Text { name },
                    })
                }
                FieldType::Date(_) => Some(ExportedField::Date { name }),
                _ => None,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use tantivy::schema::{STORED, STRING};

    use super::*;
    use crate::schema::NewsSchema;

    fn kind_of<'a>(fields: &'a [ExportedField], name: &str) -> &'a ExportedField {
        fields
            .iter()
            .find(|field| field.name() == name)
            .unwrap_or_else(|| panic!("{name} is not exported: {fields:?}"))
    }

    #[test]
    fn every_field_is_exported_by_its_options_and_the_facet_field_as_arrays() {
        let fields = exported_fields(&NewsSchema::build().schema);
        for name in ["title", "body"] {
            assert!(matches!(kind_of(&fields, name), ExportedField::Text { .. }));
        }
        for name in ["id", "source", "category"] {
            assert!(matches!(
                kind_of(&fields, name),
                ExportedField::Keyword { .. }
            ));
        }
        for name in ["person", "country", "org"] {
            assert!(matches!(
                kind_of(&fields, name),
                ExportedField::KeywordArray { .. }
            ));
        }
        assert!(matches!(
            kind_of(&fields, "published"),
            ExportedField::Date { .. }
        ));
        assert!(matches!(
            kind_of(&fields, "url"),
            ExportedField::StoredOnly { .. }
        ));
        assert!(fields.iter().all(|field| field.name() != "entity"));
    }

    #[test]
    fn a_field_added_to_the_schema_is_exported_too() {
        let mut builder = Schema::builder();
        for (_, entry) in NewsSchema::build().schema.fields() {
            builder.add_field(entry.clone());
        }
        builder.add_text_field("desk", STRING | STORED);
        let fields = exported_fields(&builder.build());
        assert_eq!(
            kind_of(&fields, "desk"),
            &ExportedField::Keyword {
                name: "desk".into()
            }
        );
    }
}
