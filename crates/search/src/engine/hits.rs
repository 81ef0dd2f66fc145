//! A page's hits: stored documents under canonical names, with snippets.

use newsroom_corpus::Boilerplate;
use newsroom_index::{article_from_doc, NameRegistry, NewsSchema, StoredArticle, StoredFields};

use crate::names::mentions::{canonical_mentions, filtered_spellings, filters_entities};
use crate::response::Hit;
use crate::snippet::{fragments_html, Highlighter};
use crate::SearchRequest;

use super::MAX_FRAGMENTS;

/// A stored document as an article under canonical entity names, and the spellings it uses
/// for the entities the request filters by (decoded only when it filters by one).
pub(super) fn hit_article(
    registry: &NameRegistry,
    schema: &NewsSchema,
    document: StoredFields,
    request: &SearchRequest,
) -> (StoredArticle, Vec<String>) {
    let article = article_from_doc(schema, document);
    let spellings = if filters_entities(request) {
        filtered_spellings(registry, request, &article.decoded_mentions())
    } else {
        Vec::new()
    };
    (registry.canonical_article(article), spellings)
}

/// A stored document as an article under canonical entity names, with its mentions (merged
/// under the same names) for the article page.
pub(super) fn article_with_mentions(
    registry: &NameRegistry,
    schema: &NewsSchema,
    document: StoredFields,
) -> StoredArticle {
    let article = article_from_doc(schema, document);
    let mentions = canonical_mentions(registry, &article.decoded_mentions());
    let mut article = registry.canonical_article(article);
    article.mentions = mentions;
    article
}

/// A hit for `article`; `snippet_words` is the request's highlighter and the spellings this
/// article uses for the entities the request filters by.
pub(super) fn make_hit(
    article: StoredArticle,
    score: f32,
    snippet_words: (&Highlighter, &[String]),
    snippets: bool,
    boilerplate: &Boilerplate,
) -> Hit {
    let (highlighter, spellings) = snippet_words;
    let fragments = if snippets {
        // Snippets come from the text without captions, credits and widgets: most articles'
        // best fragments hold none, and only the others are cleaned and searched again.
        let source = article.source.as_deref();
        let fragments = highlighter.fragments(&article.body, MAX_FRAGMENTS, spellings);
        if fragments
            .iter()
            .any(|fragment| boilerplate.touches(source, &fragment.text))
        {
            let (body, _) = boilerplate.clean(source, &article.body);
            highlighter.fragments(&body, MAX_FRAGMENTS, spellings)
        } else {
            fragments
        }
    } else {
        Vec::new()
    };
    Hit {
        title_html: highlighter.highlight_all(&article.title),
        snippet_html: fragments_html(&fragments),
        fragments,
        id: article.id,
        title: article.title,
        published: article.published,
        source: article.source,
        url: article.url,
        category: article.category,
        score,
        persons: article.persons,
        countries: article.countries,
        orgs: article.orgs,
        story: article.story,
        more_versions: 0,
    }
}
