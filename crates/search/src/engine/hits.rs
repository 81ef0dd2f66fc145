//! A page's hits: stored documents under canonical names, with snippets.

use newsroom_corpus::Boilerplate;
use newsroom_index::{article_from_doc, NameRegistry, NewsSchema, StoredArticle, StoredFields};

use crate::names::mentions::{canonical_mentions, filtered_spellings, filters_entities};
use crate::response::{Fragment, Hit};
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

/// Longest start of an article that snippets are built from, in bytes (about 1,600 words;
/// Lucene's highlighter reads the first 10,000 characters by default): a news story's best
/// sentences are in its first pages, and searching and cleaning a photo gallery or a
/// transcript of 50–80 KB for every hit cost several times the rest of the query.
const SNIPPET_TEXT_BYTES: usize = 10_000;

/// The start of `body` snippets are built from: up to [`SNIPPET_TEXT_BYTES`], cut at the last
/// line break before it (else at a character boundary).
fn snippet_text(body: &str) -> &str {
    if body.len() <= SNIPPET_TEXT_BYTES {
        return body;
    }
    let mut end = SNIPPET_TEXT_BYTES;
    while !body.is_char_boundary(end) {
        end -= 1;
    }
    let end = body[..end].rfind('\n').filter(|&at| at > 0).unwrap_or(end);
    &body[..end]
}

/// The snippet of `text`: its best sentences that touch no captions, credits or widgets
/// (checked best first, so a long article is not cleaned whole for every hit). When every
/// sentence asked touches some, those sentences cleaned ("Hide Caption 3 of 55 Mourners
/// gather" gives "Mourners gather"); when nothing of them is left, the sentences of the whole
/// text without its boilerplate.
fn fragments_without_boilerplate(
    text: &str,
    source: Option<&str>,
    (highlighter, spellings): (&Highlighter, &[String]),
    boilerplate: &Boilerplate,
) -> Vec<Fragment> {
    // The refused sentences, cleaned, with where they start in `text`.
    let mut cleaned: Vec<(usize, String)> = Vec::new();
    let fragments = highlighter.fragments_where(text, MAX_FRAGMENTS, spellings, |sentence| {
        if !boilerplate.touches(source, sentence) {
            return true;
        }
        let (clean, _) = boilerplate.clean(source, sentence);
        if !clean.trim().is_empty() {
            // `sentence` is a slice of `text`.
            let start = sentence.as_ptr() as usize - text.as_ptr() as usize;
            cleaned.push((start, clean.into_owned()));
        }
        false
    });
    if !fragments.is_empty() {
        return fragments;
    }
    cleaned.sort_by_key(|(start, _)| *start);
    let joined: Vec<&str> = cleaned.iter().map(|(_, text)| text.as_str()).collect();
    let from_cleaned = highlighter.fragments(&joined.join("\n"), MAX_FRAGMENTS, spellings);
    if from_cleaned
        .iter()
        .any(|fragment| !fragment.highlights.is_empty())
    {
        return from_cleaned;
    }
    let (clean, _) = boilerplate.clean(source, text);
    highlighter.fragments(&clean, MAX_FRAGMENTS, spellings)
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
    let fragments = if snippets {
        let source = article.source.as_deref();
        let start = snippet_text(&article.body);
        let fragments = fragments_without_boilerplate(start, source, snippet_words, boilerplate);
        let matched = |fragments: &[Fragment]| fragments.iter().any(|f| !f.highlights.is_empty());
        if start.len() < article.body.len() && !matched(&fragments) {
            // No match in the article's start: the whole text, whatever it costs.
            fragments_without_boilerplate(&article.body, source, snippet_words, boilerplate)
        } else {
            fragments
        }
    } else {
        Vec::new()
    };
    Hit {
        title_html: snippet_words.0.highlight_all(&article.title),
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
            ..StoredArticle::default()
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
    fn snippets_come_from_the_start_of_a_long_article() {
        let filler = "Filler words here. ".repeat(2_000);
        let body = format!("Opening line.\n{filler}\nA storm far down the page.");
        assert_eq!(snippet_text(&body), "Opening line.");
        let texts: Vec<String> = snippet(&body, "open").into_iter().map(|f| f.text).collect();
        assert_eq!(texts, ["Opening line."]);
        // A match only past the start is still found.
        let texts: Vec<String> = snippet(&body, "storm")
            .into_iter()
            .map(|f| f.text)
            .collect();
        assert_eq!(texts, ["A storm far down the page."]);
        let one_line = "word ".repeat(5_000);
        assert_eq!(snippet_text(&one_line).len(), SNIPPET_TEXT_BYTES);
        assert_eq!(snippet_text("short\ntext"), "short\ntext");
    }

    #[test]
    fn a_photo_gallery_gives_its_captions_without_their_furniture() {
        let body = "Gallery: the storm Hide Caption 1 of 2 Storm clouds over the bay. Hide Caption 2 of 2 Storm damage downtown.";
        let texts: Vec<String> = snippet(body, "storm").into_iter().map(|f| f.text).collect();
        let joined = texts.join(" | ");
        assert!(!joined.to_lowercase().contains("hide caption"), "{joined}");
        assert!(joined.contains("Storm damage downtown."), "{joined}");
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
