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
        // Snippets hold no captions, credits or widgets: the best sentences that touch none
        // (checked best first, so a long article is not cleaned whole for every hit); when
        // every matching sentence does, the text without its boilerplate.
        let source = article.source.as_deref();
        let fragments =
            highlighter.fragments_where(&article.body, MAX_FRAGMENTS, spellings, |sentence| {
                !boilerplate.touches(source, sentence)
            });
        if fragments.is_empty() {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn article(body: &str) -> StoredArticle {
        StoredArticle {
            id: "a".to_string(),
            title: "A title".to_string(),
            body: body.to_string(),
            published: None,
            source: None,
            url: None,
            category: None,
            persons: Vec::new(),
            countries: Vec::new(),
            orgs: Vec::new(),
            story: None,
            encoded_mentions: None,
            mentions: Vec::new(),
        }
    }

    fn snippet(body: &str, query: &str) -> Vec<crate::response::Fragment> {
        let highlighter =
            Highlighter::new(std::iter::once(query.to_string()).collect(), Vec::new());
        let boilerplate = Boilerplate::default();
        make_hit(article(body), 1.0, (&highlighter, &[]), true, &boilerplate).fragments
    }

    #[test]
    fn snippets_are_the_best_sentences_without_boilerplate() {
        let body = "Storm clouds gathered.\nImage copyright Reuters Image caption Storm damage in the keys\nRead more: storm stories\nThe storm moved north.";
        let texts: Vec<String> = snippet(body, "storm").into_iter().map(|f| f.text).collect();
        assert_eq!(texts, ["Storm clouds gathered.", "The storm moved north."]);
    }

    #[test]
    fn a_match_only_in_a_caption_line_gives_the_caption_without_its_furniture() {
        let body = "Clouds gathered.\nImage copyright Reuters Image caption Storm damage in the keys\nRead more: other stories";
        let texts: Vec<String> = snippet(body, "storm").into_iter().map(|f| f.text).collect();
        assert_eq!(texts, ["Storm damage in the keys"]);
    }

    #[test]
    fn a_match_only_in_boilerplate_gives_the_clean_first_sentence() {
        let body = "Read more: weather news\nThe council met on Tuesday.";
        let texts: Vec<String> = snippet(body, "weather")
            .into_iter()
            .map(|f| f.text)
            .collect();
        assert_eq!(texts, ["The council met on Tuesday."]);
    }
}
