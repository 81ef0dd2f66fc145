//! Index definitions for the remote engines, generated from the newsroom schema so they follow it
//! when it changes: a Quickwit 0.9 index config (`index-config.json`) and an OpenSearch mapping.

use newsroom_index::schema::field_names;
use serde::Serialize;
use serde_json::{json, Map, Value};
use tantivy::schema::{FieldType, IndexRecordOption, Schema};

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

/// Fields holding several canonical entity names per article.
const MULTI_VALUED: [&str; 3] = [field_names::PERSON, field_names::COUNTRY, field_names::ORG];

/// The exported fields of a newsroom schema, in schema order. The `entity` facet field is left
/// out: its content is exported as the `person`, `country` and `org` arrays. The `story` id is
/// left out too: Quickwit cannot collapse on it, so the Quickwit backend shows every article.
pub fn exported_fields(schema: &Schema) -> Vec<ExportedField> {
    schema
        .fields()
        .filter_map(|(_, entry)| {
            let name = entry.name().to_string();
            match entry.field_type() {
                FieldType::Str(options) => {
                    let indexing = options.get_indexing_options();
                    Some(match indexing {
                        None => ExportedField::StoredOnly { name },
                        Some(_) if MULTI_VALUED.contains(&name.as_str()) => {
                            ExportedField::KeywordArray { name }
                        }
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

/// A Quickwit 0.9 index configuration (`POST /api/v1/indexes`, or `quickwit index create
/// --index-config index-config.json`), serialised by serde from [`QuickwitIndexConfig`].
///
/// It sets no `timestamp_field`: Quickwit rejects every document without one, and a news
/// archive has undated articles (4,410 of allsides' 37,554). The cost is that Quickwit cannot
/// skip whole splits by time for a date-filtered search (dates are filtered by a range query
/// on the `published` fast field instead). Quickwit 0.9 has no stemming tokenizer (`en_stem` is
/// refused, "unknown tokenizer", on a 0.9.0 node), so text uses `default`: matching there is
/// unstemmed.
pub fn quickwit_index_config(schema: &Schema, index_id: &str) -> QuickwitIndexConfig {
    let mut field_mappings = Vec::new();
    let mut default_search_fields = Vec::new();
    for field in exported_fields(schema) {
        let name = field.name().to_string();
        let mapping = match &field {
            ExportedField::Text { .. } => {
                default_search_fields.push(name.clone());
                QuickwitField {
                    record: Some("position"),
                    fieldnorms: Some(true),
                    ..QuickwitField::new(name, "text", Some("default"))
                }
            }
            ExportedField::Keyword { .. } => QuickwitField {
                fast: Some(true),
                ..QuickwitField::new(name, "text", Some("raw"))
            },
            ExportedField::KeywordArray { .. } => QuickwitField {
                fast: Some(true),
                ..QuickwitField::new(name, "array<text>", Some("raw"))
            },
            ExportedField::Date { .. } => QuickwitField {
                input_formats: Some(vec!["rfc3339"]),
                output_format: Some("rfc3339"),
                fast: Some(true),
                fast_precision: Some("seconds"),
                ..QuickwitField::new(name, "datetime", None)
            },
            ExportedField::StoredOnly { .. } => QuickwitField {
                indexed: Some(false),
                ..QuickwitField::new(name, "text", None)
            },
        };
        field_mappings.push(mapping);
    }
    QuickwitIndexConfig {
        version: "0.9",
        index_id: index_id.to_string(),
        doc_mapping: QuickwitDocMapping {
            mode: "lenient",
            field_mappings,
        },
        search_settings: QuickwitSearchSettings {
            default_search_fields,
        },
        indexing_settings: QuickwitIndexingSettings {
            commit_timeout_secs: 10,
        },
    }
}

/// A Quickwit 0.9 index configuration: the parts newsroom sets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct QuickwitIndexConfig {
    /// Config format version.
    pub version: &'static str,
    /// The index id.
    pub index_id: String,
    /// Fields and how they are indexed.
    pub doc_mapping: QuickwitDocMapping,
    /// Fields searched when a query names none.
    pub search_settings: QuickwitSearchSettings,
    /// Commit timing.
    pub indexing_settings: QuickwitIndexingSettings,
}

/// `doc_mapping` of a Quickwit index config.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct QuickwitDocMapping {
    /// `lenient`: fields outside the mapping are ignored, not refused.
    pub mode: &'static str,
    /// One entry per exported field.
    pub field_mappings: Vec<QuickwitField>,
}

/// One field mapping of a Quickwit index config (options left out are Quickwit's defaults).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct QuickwitField {
    /// Field name.
    pub name: String,
    /// `text`, `array<text>` or `datetime`.
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// `default` (words, lower case) or `raw` (the whole value).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tokenizer: Option<&'static str>,
    /// `position` for phrase queries.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub record: Option<&'static str>,
    /// Field lengths for BM25.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fieldnorms: Option<bool>,
    /// A column for aggregations and sorting.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fast: Option<bool>,
    /// Date input formats.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub input_formats: Option<Vec<&'static str>>,
    /// Date output format.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub output_format: Option<&'static str>,
    /// Precision of a date column.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fast_precision: Option<&'static str>,
    /// `false` for stored-only fields.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub indexed: Option<bool>,
    /// Whether the value is returned with hits (always, so hits can be shown).
    pub stored: bool,
}

impl QuickwitField {
    fn new(name: String, kind: &'static str, tokenizer: Option<&'static str>) -> Self {
        QuickwitField {
            name,
            kind,
            tokenizer,
            record: None,
            fieldnorms: None,
            fast: None,
            input_formats: None,
            output_format: None,
            fast_precision: None,
            indexed: None,
            stored: true,
        }
    }
}

/// `search_settings` of a Quickwit index config.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct QuickwitSearchSettings {
    /// The analysed text fields.
    pub default_search_fields: Vec<String>,
}

/// `indexing_settings` of a Quickwit index config.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct QuickwitIndexingSettings {
    /// Seconds before Quickwit commits what it received.
    pub commit_timeout_secs: u32,
}

impl QuickwitIndexConfig {
    /// The config as pretty-printed JSON (what `export` writes and `push` sends).
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }
}

/// An OpenSearch index body (`PUT /{index}`) for the schema: `english`-analysed text with
/// offsets for highlighting, `keyword` facets, `date` dates.
pub fn opensearch_index_body(schema: &Schema) -> Value {
    let mut properties = Map::new();
    for field in exported_fields(schema) {
        let mapping = match &field {
            ExportedField::Text { .. } => {
                json!({ "type": "text", "analyzer": "english", "index_options": "offsets" })
            }
            ExportedField::Keyword { .. } | ExportedField::KeywordArray { .. } => {
                json!({ "type": "keyword" })
            }
            ExportedField::Date { .. } => {
                json!({ "type": "date", "format": "strict_date_optional_time" })
            }
            ExportedField::StoredOnly { .. } => json!({ "type": "keyword", "index": false }),
        };
        properties.insert(field.name().to_string(), mapping);
    }
    json!({ "mappings": { "dynamic": false, "properties": properties } })
}

#[cfg(test)]
mod tests {
    use newsroom_index::NewsSchema;
    use tantivy::schema::{STORED, STRING};

    use super::*;

    /// The config as Quickwit reads it: parsed back from the JSON text.
    fn parsed(config: &QuickwitIndexConfig) -> Value {
        serde_json::from_str(&config.to_json()).expect("the config is JSON")
    }

    fn field<'a>(config: &'a Value, name: &str) -> &'a Value {
        config["doc_mapping"]["field_mappings"]
            .as_array()
            .and_then(|fields| fields.iter().find(|field| field["name"] == name))
            .unwrap_or_else(|| panic!("{name} missing from {config}"))
    }

    #[test]
    fn quickwit_config_has_every_field_with_its_options() {
        let config = parsed(&quickwit_index_config(&NewsSchema::build().schema, "news"));
        assert_eq!(config["version"], "0.9");
        assert_eq!(config["index_id"], "news");
        for name in ["title", "body"] {
            let text = field(&config, name);
            assert_eq!(text["type"], "text");
            assert_eq!(text["tokenizer"], "default");
            assert_eq!(text["record"], "position");
            assert_eq!(text["fieldnorms"], true);
        }
        for name in ["id", "source", "category"] {
            assert_eq!(field(&config, name)["tokenizer"], "raw");
            assert_eq!(field(&config, name)["fast"], true);
        }
        for name in ["person", "country", "org"] {
            assert_eq!(field(&config, name)["type"], "array<text>");
            assert_eq!(field(&config, name)["fast"], true);
        }
        let published = field(&config, "published");
        assert_eq!(published["type"], "datetime");
        assert_eq!(published["input_formats"], json!(["rfc3339"]));
        assert_eq!(field(&config, "url")["indexed"], false);
        assert!(
            config["doc_mapping"].get("timestamp_field").is_none(),
            "undated articles must be accepted"
        );
        assert_eq!(
            config["search_settings"]["default_search_fields"],
            json!(["title", "body"])
        );
        let names: Vec<&str> = config["doc_mapping"]["field_mappings"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|field| field["name"].as_str())
            .collect();
        assert!(
            !names.contains(&"entity"),
            "the facet field is exported as arrays"
        );
    }

    #[test]
    fn configs_follow_schema_changes() {
        let mut builder = Schema::builder();
        for (_, entry) in NewsSchema::build().schema.fields() {
            builder.add_field(entry.clone());
        }
        builder.add_text_field("desk", STRING | STORED);
        let changed = builder.build();
        let config = parsed(&quickwit_index_config(&changed, "news"));
        assert_eq!(field(&config, "desk")["tokenizer"], "raw");
        let body = opensearch_index_body(&changed);
        assert_eq!(body["mappings"]["properties"]["desk"]["type"], "keyword");
    }

    #[test]
    fn opensearch_mapping_types() {
        let body = opensearch_index_body(&NewsSchema::build().schema);
        let properties = &body["mappings"]["properties"];
        assert_eq!(properties["title"]["analyzer"], "english");
        assert_eq!(properties["body"]["index_options"], "offsets");
        assert_eq!(properties["person"]["type"], "keyword");
        assert_eq!(properties["published"]["type"], "date");
        assert_eq!(properties["url"]["index"], false);
        assert!(properties.get("entity").is_none());
    }

    #[test]
    fn odd_index_ids_are_escaped_json() {
        let config = quickwit_index_config(&NewsSchema::build().schema, "a\"b");
        assert_eq!(parsed(&config)["index_id"], "a\"b");
    }
}
