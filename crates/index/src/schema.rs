//! The index schema: every field name and option lives here, and everything else refers to it.

use std::path::Path;

use newsroom_entities::EntityKind;
use tantivy::schema::{
    DateOptions, DateTimePrecision, FacetOptions, Field, IndexRecordOption, Schema,
    TextFieldIndexing, TextOptions, FAST, STORED, STRING,
};
use tantivy::Index;

use crate::IndexError;

/// Name of the English analyzer used for title and body: words, lowercased, ASCII-folded, stemmed.
pub const TEXT_ANALYZER: &str = "news_en";

/// Field names, for code outside this module that must name a field (queries, aggregations, export).
pub mod field_names {
    /// Unique article id (raw, fast): the upsert key.
    pub const ID: &str = "id";
    /// Headline, analysed, positions, stored.
    pub const TITLE: &str = "title";
    /// Article text, analysed, positions, stored.
    pub const BODY: &str = "body";
    /// Publication date, fast, stored.
    pub const PUBLISHED: &str = "published";
    /// Outlet name, raw, fast, stored.
    pub const SOURCE: &str = "source";
    /// Section label, raw, fast, stored.
    pub const CATEGORY: &str = "category";
    /// Language code, raw, fast, stored.
    pub const LANGUAGE: &str = "language";
    /// Link to the original, stored only.
    pub const URL: &str = "url";
    /// Entity facets `/person/<name>`, `/country/<name>`, `/org/<name>`, stored.
    pub const ENTITY: &str = "entity";
    /// Canonical person names, raw, fast: counted by terms aggregations.
    pub const PERSON: &str = "person";
    /// Canonical country names, raw, fast.
    pub const COUNTRY: &str = "country";
    /// Canonical organisation names, raw, fast.
    pub const ORG: &str = "org";
    /// How the article names each entity (mentions, first offset, spellings), stored only.
    pub const ENTITY_MENTIONS: &str = "entity_mentions";
    /// Names the article calls works ("the film Sideways"), raw, fast: the name registry's
    /// evidence that a value is a title, not a person or an organisation. No facet.
    pub const WORK: &str = "work";
}

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

/// The schema with resolved field handles.
#[derive(Debug, Clone)]
pub struct NewsSchema {
    /// The tantivy schema.
    pub schema: Schema,
    /// See [`field_names::ID`].
    pub id: Field,
    /// See [`field_names::TITLE`].
    pub title: Field,
    /// See [`field_names::BODY`].
    pub body: Field,
    /// See [`field_names::PUBLISHED`].
    pub published: Field,
    /// See [`field_names::SOURCE`].
    pub source: Field,
    /// See [`field_names::CATEGORY`].
    pub category: Field,
    /// See [`field_names::LANGUAGE`].
    pub language: Field,
    /// See [`field_names::URL`].
    pub url: Field,
    /// See [`field_names::ENTITY`].
    pub entity: Field,
    /// See [`field_names::PERSON`].
    pub person: Field,
    /// See [`field_names::COUNTRY`].
    pub country: Field,
    /// See [`field_names::ORG`].
    pub org: Field,
    /// See [`field_names::ENTITY_MENTIONS`]; `None` in indexes written before it existed.
    pub entity_mentions: Option<Field>,
    /// See [`field_names::WORK`]; `None` in indexes written before it existed.
    pub work: Option<Field>,
}

impl NewsSchema {
    /// The field of a facet kind.
    pub fn facet_field(&self, kind: FacetKind) -> Field {
        match kind {
            FacetKind::Person => self.person,
            FacetKind::Country => self.country,
            FacetKind::Org => self.org,
            FacetKind::Source => self.source,
        }
    }

    /// Builds the schema newsroom writes.
    pub fn build() -> NewsSchema {
        Self::build_schema(true)
    }

    /// The schema, with or without the field of entity mentions (indexes written before it
    /// existed lack it and are still opened and updated).
    fn build_schema(with_mentions: bool) -> NewsSchema {
        use field_names::*;
        let mut builder = Schema::builder();
        let analysed = TextOptions::default().set_stored().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(TEXT_ANALYZER)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        );
        let raw_facet_text = STRING | FAST | STORED;
        builder.add_text_field(ID, STRING | FAST | STORED);
        builder.add_text_field(TITLE, analysed.clone());
        builder.add_text_field(BODY, analysed);
        builder.add_date_field(
            PUBLISHED,
            DateOptions::default()
                .set_indexed()
                .set_fast()
                .set_stored()
                .set_precision(DateTimePrecision::Seconds),
        );
        builder.add_text_field(SOURCE, raw_facet_text.clone());
        builder.add_text_field(CATEGORY, raw_facet_text.clone());
        builder.add_text_field(LANGUAGE, raw_facet_text);
        builder.add_text_field(URL, STORED);
        builder.add_facet_field(ENTITY, FacetOptions::default().set_stored());
        for name in [PERSON, COUNTRY, ORG] {
            builder.add_text_field(name, STRING | FAST);
        }
        if with_mentions {
            builder.add_text_field(ENTITY_MENTIONS, STORED);
            builder.add_text_field(WORK, STRING | FAST);
        }
        let schema = builder.build();
        NewsSchema::from_schema(schema, Path::new("<new>"))
            .unwrap_or_else(|_| unreachable!("the schema just built has every field"))
    }

    /// Resolves field handles in an existing index's schema.
    pub fn from_schema(schema: Schema, path: &Path) -> Result<NewsSchema, IndexError> {
        use field_names::*;
        let field = |name: &str| {
            schema
                .get_field(name)
                .map_err(|_| IndexError::SchemaMismatch {
                    path: path.to_path_buf(),
                    field: name.to_string(),
                })
        };
        Ok(NewsSchema {
            id: field(ID)?,
            title: field(TITLE)?,
            body: field(BODY)?,
            published: field(PUBLISHED)?,
            source: field(SOURCE)?,
            category: field(CATEGORY)?,
            language: field(LANGUAGE)?,
            url: field(URL)?,
            entity: field(ENTITY)?,
            person: field(PERSON)?,
            country: field(COUNTRY)?,
            org: field(ORG)?,
            entity_mentions: schema.get_field(ENTITY_MENTIONS).ok(),
            work: schema.get_field(WORK).ok(),
            schema,
        })
    }
}

pub use crate::analyzer::{text_analyzer, tokens, MAX_WORD_BYTES};

fn register_analyzers(index: &Index) {
    index.tokenizers().register(TEXT_ANALYZER, text_analyzer());
}

/// Size of the stored-document blocks new indexes compress together (tantivy's default is
/// 16 KiB). Showing a hit decompresses its whole block: with news articles of a few KB, 16 KiB
/// blocks meant decompressing two or three articles to show one, and that was the largest
/// single cost of a query with snippets. Indexes keep the size they were created with.
const DOCSTORE_BLOCK_BYTES: usize = 4096;

/// Opens the index in `dir`, creating the folder and an empty index when there is none.
pub fn create_or_open(dir: &Path) -> Result<(Index, NewsSchema), IndexError> {
    std::fs::create_dir_all(dir).map_err(|source| IndexError::Io {
        path: dir.to_path_buf(),
        source,
    })?;
    let directory =
        tantivy::directory::MmapDirectory::open(dir).map_err(|source| IndexError::Directory {
            path: dir.to_path_buf(),
            source,
        })?;
    let settings = tantivy::IndexSettings {
        docstore_blocksize: DOCSTORE_BLOCK_BYTES,
        ..tantivy::IndexSettings::default()
    };
    let index = if Index::exists(&directory).map_err(tantivy::TantivyError::from)? {
        let index = Index::open(directory)?;
        // The current schema, or the one before entity mentions were stored.
        let known =
            [true, false].map(|with_mentions| NewsSchema::build_schema(with_mentions).schema);
        if !known.contains(&index.schema()) {
            return Err(schema_error(
                tantivy::TantivyError::SchemaError(
                    "An index exists but the schema does not match.".to_string(),
                ),
                dir,
            ));
        }
        index
    } else {
        Index::builder()
            .schema(NewsSchema::build().schema)
            .settings(settings)
            .open_or_create(directory)
            .map_err(|error| schema_error(error, dir))?
    };
    let schema = NewsSchema::from_schema(index.schema(), dir)?;
    register_analyzers(&index);
    Ok((index, schema))
}

/// Opens an existing index for searching; an error when `dir` holds none.
pub fn open_existing(dir: &Path) -> Result<(Index, NewsSchema), IndexError> {
    if !dir.join("meta.json").exists() {
        return Err(IndexError::Missing(dir.to_path_buf()));
    }
    let index = Index::open_in_dir(dir)?;
    let schema = NewsSchema::from_schema(index.schema(), dir)?;
    register_analyzers(&index);
    Ok((index, schema))
}

fn schema_error(error: tantivy::TantivyError, dir: &Path) -> IndexError {
    match error {
        tantivy::TantivyError::SchemaError(message) => IndexError::SchemaMismatch {
            path: dir.to_path_buf(),
            field: message,
        },
        other => IndexError::Tantivy(other),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn indexes_written_before_entity_mentions_open_and_update_without_them() {
        let dir = tempfile::tempdir().unwrap();
        Index::create_in_dir(dir.path(), NewsSchema::build_schema(false).schema).unwrap();
        let (_, schema) = create_or_open(dir.path()).unwrap();
        assert_eq!(schema.entity_mentions, None);
        let (_, schema) = open_existing(dir.path()).unwrap();
        assert_eq!(schema.entity_mentions, None);
        assert_eq!(schema.work, None);

        let fresh = tempfile::tempdir().unwrap();
        let (_, schema) = create_or_open(fresh.path()).unwrap();
        assert!(schema.entity_mentions.is_some());
        assert!(schema.work.is_some());
        assert!(create_or_open(fresh.path()).is_ok(), "opened again");
    }

    #[test]
    fn an_index_of_another_schema_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let mut builder = Schema::builder();
        builder.add_text_field("title", STRING);
        Index::create_in_dir(dir.path(), builder.build()).unwrap();
        assert!(matches!(
            create_or_open(dir.path()),
            Err(IndexError::SchemaMismatch { .. })
        ));
    }
}
