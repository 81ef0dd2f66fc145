//! What the archive knows of the entities of a new article: each entity the extractor finds
//! in it, under the index's canonical name, with the number of archive articles that name it
//! and the links to the search filtered by it and to its page. A reporter pasting a story sees
//! at once which names are new to the archive.

use newsroom_entities::{Entities, Entity, EntityKind};
use serde::Serialize;

use crate::explore::index_count;
use crate::server::html::url_path_segment;
use crate::{SearchEngine, SearchError};

/// One entity of the text and what the archive holds of it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KnownEntity {
    /// `person`, `country` or `org`.
    pub kind: &'static str,
    /// The name as the extractor resolved it in the text.
    pub extracted: String,
    /// The name the index counts it under (the registry of names' canonical value).
    pub name: String,
    /// Mentions in the text.
    pub mentions: u32,
    /// Ways the text writes it.
    pub spellings: Vec<String>,
    /// Archive articles naming it; 0 for a name new to the archive (or one the registry of
    /// names does not count as this kind).
    pub articles: u64,
    /// The search page filtered by it (`/?person=Jane+Doe`), when the archive knows it.
    pub filter_link: Option<String>,
    /// Its entity page (`/entities/person/Jane%20Doe`), when the archive knows it.
    pub entity_page: Option<String>,
}

impl SearchEngine {
    /// The entities of an article (as the extractor found them) resolved against the index:
    /// people first, then organisations, then countries, each most mentioned first.
    pub fn annotate(&self, entities: &Entities) -> Result<Vec<KnownEntity>, SearchError> {
        let searcher = self.reader.searcher();
        let facet_names = self.names.current();
        let registry = facet_names.registry();
        let mut known = Vec::new();
        for (kind, found) in [
            (EntityKind::Person, &entities.persons),
            (EntityKind::Org, &entities.orgs),
            (EntityKind::Country, &entities.countries),
        ] {
            for Entity {
                name,
                count,
                mentions,
                ..
            } in found
            {
                let kind_name = kind.as_str();
                // `None`: the registry does not count this value as this kind.
                let canonical = registry.canonical(kind_name, name);
                let articles = match canonical {
                    Some(canonical) => index_count(&searcher, &facet_names, kind_name, canonical)?,
                    None => 0,
                };
                let canonical = canonical.unwrap_or(name).to_string();
                let links = (articles > 0).then(|| {
                    let filter = serde_urlencoded::to_string([(kind_name, canonical.as_str())])
                        .unwrap_or_default();
                    (
                        format!("/?{filter}"),
                        format!("/entities/{kind_name}/{}", url_path_segment(&canonical)),
                    )
                });
                let (filter_link, entity_page) = links.unzip();
                known.push(KnownEntity {
                    kind: kind_name,
                    extracted: name.clone(),
                    name: canonical,
                    mentions: *count,
                    spellings: mentions.clone(),
                    articles,
                    filter_link,
                    entity_page,
                });
            }
        }
        Ok(known)
    }
}
