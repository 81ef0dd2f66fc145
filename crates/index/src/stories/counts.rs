//! How many stories an index holds and which are the largest (for `newsroom stats`).

use rustc_hash::FxHashMap;
use serde::Serialize;
use tantivy::collector::TopDocs;
use tantivy::query::TermQuery;
use tantivy::schema::IndexRecordOption;
use tantivy::{Searcher, Term};

use crate::document::{article_from_doc, StoredFields};
use crate::schema::field_names;
use crate::{IndexError, NewsSchema};

/// The stories of an index.
#[derive(Debug, Clone, Default, Serialize)]
pub struct StoryCounts {
    /// Distinct stories among the live articles (an article with no near-duplicate is a story
    /// of one).
    pub stories: u64,
    /// Stories of two articles or more.
    pub stories_with_versions: u64,
    /// Articles in those stories.
    pub articles_in_versioned_stories: u64,
    /// The largest stories, most articles first.
    pub largest: Vec<StorySize>,
}

/// One story and its size.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StorySize {
    /// The story id (`story=ID` lists its articles).
    pub story: u64,
    /// Live articles in it.
    pub articles: u64,
    /// The title of one of them.
    pub title: String,
}

/// Counts the live articles of every story; `None` for an index without stories.
pub fn story_counts(
    searcher: &Searcher,
    schema: &NewsSchema,
    top: usize,
) -> Result<Option<StoryCounts>, IndexError> {
    let Some(story_field) = schema.story else {
        return Ok(None);
    };
    let mut sizes: FxHashMap<u64, u64> = FxHashMap::default();
    for segment in searcher.segment_readers() {
        let column = segment.fast_fields().u64(field_names::STORY)?;
        for doc in segment.doc_ids_alive() {
            if let Some(story) = column.first(doc) {
                *sizes.entry(story).or_default() += 1;
            }
        }
    }
    let mut versioned: Vec<(u64, u64)> = sizes
        .iter()
        .filter(|(_, articles)| **articles >= 2)
        .map(|(story, articles)| (*story, *articles))
        .collect();
    versioned.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let mut largest = Vec::new();
    for &(story, articles) in versioned.iter().take(top) {
        let query = TermQuery::new(
            Term::from_field_u64(story_field, story),
            IndexRecordOption::Basic,
        );
        let found = searcher.search(&query, &TopDocs::with_limit(1).order_by_score())?;
        let title = match found.first() {
            Some((_, address)) => {
                let fields: StoredFields = searcher.doc(*address)?;
                article_from_doc(schema, fields).title
            }
            None => String::new(),
        };
        largest.push(StorySize {
            story,
            articles,
            title,
        });
    }
    Ok(Some(StoryCounts {
        stories: sizes.len() as u64,
        stories_with_versions: versioned.len() as u64,
        articles_in_versioned_stories: versioned.iter().map(|(_, articles)| articles).sum(),
        largest,
    }))
}
