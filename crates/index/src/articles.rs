//! Every live article of an index, one at a time, under the registry's canonical names: what an
//! export or a push to another engine reads, so those need not know tantivy.

use std::path::Path;

use tantivy::{DocAddress, DocId, Searcher};

use crate::{article_from_doc, open_existing, IndexError, NameRegistry, NewsSchema};
use crate::{StoredArticle, StoredFields};

/// The live articles of an index, segment by segment, each with its entities as the registry
/// of names counts them (so facets and filters elsewhere match the local ones; a later
/// correction needs a new export).
pub struct StoredArticles {
    searcher: Searcher,
    schema: NewsSchema,
    registry: NameRegistry,
    next_segment: usize,
    segment: u32,
    alive: std::vec::IntoIter<DocId>,
    total: u64,
}

impl StoredArticles {
    /// Opens the index in `dir` (which must exist) at its last commit.
    pub fn open(dir: &Path) -> Result<StoredArticles, IndexError> {
        let (index, schema) = open_existing(dir)?;
        let registry = NameRegistry::load(dir)?;
        let searcher = index.reader()?.searcher();
        let total = searcher.num_docs();
        Ok(StoredArticles {
            searcher,
            schema,
            registry,
            next_segment: 0,
            segment: 0,
            alive: Vec::new().into_iter(),
            total,
        })
    }

    /// The number of live articles in all.
    pub fn total(&self) -> u64 {
        self.total
    }
}

impl Iterator for StoredArticles {
    type Item = Result<StoredArticle, IndexError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(doc_id) = self.alive.next() {
                let address = DocAddress::new(self.segment, doc_id);
                return Some(
                    self.searcher
                        .doc::<StoredFields>(address)
                        .map(|document| {
                            let article = article_from_doc(&self.schema, document);
                            self.registry.canonical_article(article)
                        })
                        .map_err(IndexError::from),
                );
            }
            let segment = self.searcher.segment_readers().get(self.next_segment)?;
            self.segment = self.next_segment as u32;
            self.next_segment += 1;
            self.alive = segment.doc_ids_alive().collect::<Vec<_>>().into_iter();
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use newsroom_entities::NewsExtractor;

    use super::*;
    use crate::{build_index, BuildOptions};

    /// Indexed with the extractor `newsroom index` uses, so the names read back are the
    /// production extractor's.
    #[test]
    fn every_live_article_is_read_once_across_segments_with_its_entities() {
        let dir = tempfile::tempdir().unwrap();
        let corpus = dir.path().join("corpus.jsonl");
        // Each body differs: a line repeated across articles is boilerplate, kept out of
        // extraction.
        let days = [
            "Monday",
            "Tuesday",
            "Wednesday",
            "Thursday",
            "Friday",
            "Saturday",
            "Sunday",
        ];
        let lines: Vec<String> = days
            .iter()
            .enumerate()
            .map(|(n, day)| {
                serde_json::json!({
                    "id": format!("a{n}"),
                    "title": format!("Talks, day {n}"),
                    "body": format!(
                        "Chancellor Angela Merkel met President Emmanuel Macron in Paris on {day}. \
                         Germany and France agreed to meet again in Berlin in {} weeks.",
                        n + 2
                    ),
                })
                .to_string()
            })
            .collect();
        std::fs::write(&corpus, lines.join("\n")).unwrap();
        let index_dir = dir.path().join("ix");
        let mut options = BuildOptions::new(index_dir.clone(), vec![corpus]);
        options.commit_every = 3;
        options.memory_budget_bytes = 64 * 1024 * 1024;
        let extractor = NewsExtractor::builtin().unwrap();
        build_index(&options, Arc::new(extractor), &()).unwrap();
        let articles = StoredArticles::open(&index_dir).unwrap();
        assert_eq!(articles.total(), 7);
        let articles: Vec<StoredArticle> = articles.map(|article| article.unwrap()).collect();
        let mut ids: Vec<&str> = articles.iter().map(|article| article.id.as_str()).collect();
        ids.sort();
        assert_eq!(ids, ["a0", "a1", "a2", "a3", "a4", "a5", "a6"]);
        for article in &articles {
            for person in ["Angela Merkel", "Emmanuel Macron"] {
                assert!(
                    article.persons.iter().any(|name| name == person),
                    "{article:?}"
                );
            }
            for country in ["France", "Germany"] {
                assert!(
                    article.countries.iter().any(|name| name == country),
                    "{article:?}"
                );
            }
        }
    }
}
