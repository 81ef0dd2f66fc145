//! The index schema: every field name and option lives here, and everything else refers to it.

use std::path::Path;

use tantivy::schema::{
    DateOptions, DateTimePrecision, FacetOptions, Field, IndexRecordOption, NumericOptions, Schema,
    TextFieldIndexing, TextOptions, FAST, STORED, STRING,
};
use tantivy::Index;

use crate::IndexError;

mod exported;
mod facet_kind;

pub use exported::{exported_fields, ExportedField};
pub use facet_kind::FacetKind;

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
    /// When the article was written into the index (microseconds since 1970, strictly
    /// increasing in the order documents are added), fast only: what `batch --since-last`
    /// compares with its watermark. Not the publication date.
    pub const INDEXED: &str = "indexed";
    /// Story id (u64 under 2^53), indexed, fast, stored: articles whose bodies are
    /// near-duplicates share one (see `stories`); search collapses on it.
    pub const STORY: &str = "story";
}

/// The schemas newsroom has written, oldest first; every one of them still opens and updates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SchemaEdition {
    /// The first schema: no entity mentions, no works, no indexing time.
    Original,
    /// Adds the stored entity mentions and the `work` column.
    Mentions,
    /// Adds the `indexed` time of each document.
    IndexingTime,
    /// Adds the `story` id of each document (the current schema).
    Stories,
}

impl SchemaEdition {
    /// Every edition, oldest first.
    pub const ALL: [SchemaEdition; 4] = [
        SchemaEdition::Original,
        SchemaEdition::Mentions,
        SchemaEdition::IndexingTime,
        SchemaEdition::Stories,
    ];
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
    /// See [`field_names::INDEXED`]; `None` in indexes written before it existed.
    pub indexed: Option<Field>,
    /// See [`field_names::STORY`]; `None` in indexes written before stories existed.
    pub story: Option<Field>,
}

impl NewsSchema {
    /// How each field leaves for another engine (see [`ExportedField`]).
    pub fn exported_fields(&self) -> Vec<ExportedField> {
        exported_fields(&self.schema)
    }

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
        Self::build_edition(SchemaEdition::Stories)
    }

    /// The schema of one edition (indexes written by an older edition lack the later fields and
    /// are still opened and updated).
    pub fn build_edition(edition: SchemaEdition) -> NewsSchema {
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
        if edition != SchemaEdition::Original {
            builder.add_text_field(ENTITY_MENTIONS, STORED);
            builder.add_text_field(WORK, STRING | FAST);
        }
        if matches!(
            edition,
            SchemaEdition::IndexingTime | SchemaEdition::Stories
        ) {
            builder.add_u64_field(INDEXED, NumericOptions::default().set_fast());
        }
        if edition == SchemaEdition::Stories {
            // `INDEXED` here is the field name; the flag is spelt out.
            builder.add_u64_field(STORY, tantivy::schema::INDEXED | FAST | STORED);
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
            indexed: schema.get_field(INDEXED).ok(),
            story: schema.get_field(STORY).ok(),
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
        // The current schema or an older edition.
        let known = SchemaEdition::ALL.map(|edition| NewsSchema::build_edition(edition).schema);
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
    fn indexes_written_before_entity_mentions_open_and_update_without_them() {
        let dir = tempfile::tempdir().unwrap();
        Index::create_in_dir(
            dir.path(),
            NewsSchema::build_edition(SchemaEdition::Original).schema,
        )
        .unwrap();
        let (_, schema) = create_or_open(dir.path()).unwrap();
        assert_eq!(schema.entity_mentions, None);
        let (_, schema) = open_existing(dir.path()).unwrap();
        assert_eq!(schema.entity_mentions, None);
        assert_eq!(schema.work, None);
        assert_eq!(schema.story, None);

        let fresh = tempfile::tempdir().unwrap();
        let (_, schema) = create_or_open(fresh.path()).unwrap();
        assert!(schema.entity_mentions.is_some());
        assert!(schema.work.is_some());
        assert!(schema.indexed.is_some());
        assert!(schema.story.is_some());
        assert!(create_or_open(fresh.path()).is_ok(), "opened again");
    }

    #[test]
    fn indexes_written_before_stories_open_without_a_story_field() {
        let dir = tempfile::tempdir().unwrap();
        let edition = NewsSchema::build_edition(SchemaEdition::IndexingTime);
        Index::create_in_dir(dir.path(), edition.schema).unwrap();
        let (_, schema) = create_or_open(dir.path()).unwrap();
        assert!(schema.indexed.is_some());
        assert_eq!(schema.story, None);
    }

    #[test]
    fn indexes_written_before_indexing_times_open_and_update_without_them() {
        let dir = tempfile::tempdir().unwrap();
        let edition = NewsSchema::build_edition(SchemaEdition::Mentions);
        Index::create_in_dir(dir.path(), edition.schema).unwrap();
        let (_, schema) = create_or_open(dir.path()).unwrap();
        assert!(schema.entity_mentions.is_some());
        assert_eq!(schema.indexed, None);
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
