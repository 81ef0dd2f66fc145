//! Answer reading: a Quickwit search answer as a newsroom response (hits with fragments from
//! Quickwit's `<b>` snippets, facet counts from terms aggregations, the timeline from the
//! date histogram).

use std::collections::BTreeMap;
use std::time::Duration;

use chrono::{DateTime, NaiveDate, Utc};
use newsroom_index::{FacetKind, NameCount, StoredArticle};
use newsroom_search::{
    escape_html, fragments_html, read_histogram, Fragment, Hit, SearchRequest, SearchResponse,
};
use serde_json::Value;

/// Plain text and highlighted character ranges of a Quickwit snippet (`<b>` marks matches in
/// HTML-escaped text).
pub fn snippet_fragment(html: &str) -> Fragment {
    let mut text = String::new();
    let mut highlights = Vec::new();
    let mut open: Option<usize> = None;
    let mut rest = html;
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix("<b>") {
            open = Some(text.chars().count());
            rest = after;
        } else if let Some(after) = rest.strip_prefix("</b>") {
            if let Some(start) = open.take() {
                highlights.push([start, text.chars().count()]);
            }
            rest = after;
        } else if rest.starts_with('&') {
            let entity_end = rest.find(';').filter(|end| *end <= 8);
            let decoded = entity_end.and_then(|end| match &rest[..=end] {
                "&amp;" => Some('&'),
                "&lt;" => Some('<'),
                "&gt;" => Some('>'),
                "&quot;" => Some('"'),
                "&#x27;" | "&#39;" => Some('\''),
                "&#x2F;" => Some('/'),
                _ => None,
            });
            match (decoded, entity_end) {
                (Some(c), Some(end)) => {
                    text.push(c);
                    rest = &rest[end + 1..];
                }
                _ => {
                    text.push('&');
                    rest = &rest[1..];
                }
            }
        } else {
            let next = rest.chars().next().unwrap_or(' ');
            text.push(next);
            rest = &rest[next.len_utf8()..];
        }
    }
    Fragment { text, highlights }
}

fn strings(value: &Value) -> Vec<String> {
    match value {
        Value::Array(items) => items
            .iter()
            .filter_map(|item| item.as_str().map(str::to_string))
            .collect(),
        Value::String(text) => vec![text.clone()],
        _ => Vec::new(),
    }
}

fn optional_string(value: &Value) -> Option<String> {
    value.as_str().map(str::to_string)
}

/// An article from a Quickwit hit (the exported document).
pub fn article_from_hit(hit: &Value) -> StoredArticle {
    StoredArticle {
        id: hit["id"].as_str().unwrap_or_default().to_string(),
        title: hit["title"].as_str().unwrap_or_default().to_string(),
        body: hit["body"].as_str().unwrap_or_default().to_string(),
        published: hit["published"]
            .as_str()
            .and_then(|date| DateTime::parse_from_rfc3339(date).ok())
            .map(|date| date.with_timezone(&Utc)),
        source: optional_string(&hit["source"]),
        url: optional_string(&hit["url"]),
        category: optional_string(&hit["category"]),
        persons: strings(&hit[FacetKind::Person.field_name()]),
        countries: strings(&hit[FacetKind::Country.field_name()]),
        orgs: strings(&hit[FacetKind::Org.field_name()]),
        story: None,
        encoded_mentions: None,
        mentions: Vec::new(),
    }
}

/// The newsroom response for a Quickwit answer.
pub fn response_from_quickwit(
    request: &SearchRequest,
    answer: &Value,
    fallback_or: bool,
    took: Duration,
) -> SearchResponse {
    let empty = Vec::new();
    let snippets = answer["snippets"].as_array().unwrap_or(&empty);
    let hits = answer["hits"]
        .as_array()
        .unwrap_or(&empty)
        .iter()
        .enumerate()
        .map(|(position, hit)| {
            let article = article_from_hit(hit);
            let snippet = snippets.get(position);
            let fragments: Vec<Fragment> = snippet
                .map(|snippet| {
                    strings(&snippet["body"])
                        .iter()
                        .map(|s| snippet_fragment(s))
                        .collect()
                })
                .unwrap_or_default();
            let fragments = if fragments.is_empty() {
                let lead: String = article.body.chars().take(240).collect();
                vec![Fragment {
                    text: lead,
                    highlights: Vec::new(),
                }]
            } else {
                fragments.into_iter().take(3).collect()
            };
            let title_html = snippet
                .and_then(|snippet| strings(&snippet["title"]).first().cloned())
                .map(|title| fragments_html(&[snippet_fragment(&title)]))
                .unwrap_or_else(|| escape_html(&article.title));
            Hit {
                id: article.id,
                title: article.title,
                title_html,
                snippet_html: fragments_html(&fragments),
                fragments,
                published: article.published,
                source: article.source,
                url: article.url,
                category: article.category,
                score: 0.0,
                persons: article.persons,
                countries: article.countries,
                orgs: article.orgs,
                story: None,
                more_versions: 0,
            }
        })
        .collect();
    let aggregations = &answer["aggregations"];
    let mut facets = BTreeMap::new();
    for kind in FacetKind::ALL {
        if let Some(buckets) = aggregations[kind.as_str()]["buckets"].as_array() {
            let mut values: Vec<NameCount> = buckets
                .iter()
                .filter_map(|bucket| {
                    Some(NameCount {
                        name: bucket["key"].as_str()?.to_string(),
                        count: bucket["doc_count"].as_u64()?,
                    })
                })
                .collect();
            values.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.name.cmp(&b.name)));
            facets.insert(kind.as_str().to_string(), values);
        }
    }
    let histogram = request.histogram.then(|| {
        let days: Vec<(NaiveDate, u64)> = aggregations["timeline"]["buckets"]
            .as_array()
            .unwrap_or(&empty)
            .iter()
            .filter_map(|bucket| {
                let millis = bucket["key"].as_f64()? as i64;
                let day = DateTime::<Utc>::from_timestamp_millis(millis)?.date_naive();
                Some((day, bucket["doc_count"].as_u64()?))
            })
            .filter(|(_, count)| *count > 0)
            .collect();
        read_histogram(days)
    });
    SearchResponse {
        request: request.clone(),
        total: answer["num_hits"].as_u64().unwrap_or(0),
        stories: None,
        took_ms: took.as_secs_f64() * 1000.0,
        fallback_or,
        notice: fallback_or.then(|| {
            "No article contains all the words; showing articles with any of them.".to_string()
        }),
        did_you_mean: None,
        corrected_query: None,
        corrections: Vec::new(),
        hits,
        facets,
        histogram,
        significant: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snippets_become_fragments_with_character_offsets() {
        let fragment =
            snippet_fragment("Café talks: <b>Putin</b> &amp; <b>Zelensky</b> &lt;met&gt;");
        assert_eq!(fragment.text, "Café talks: Putin & Zelensky <met>");
        assert_eq!(fragment.highlights, vec![[12, 17], [20, 28]]);
        assert_eq!(
            fragments_html(&[fragment]),
            "Café talks: <mark>Putin</mark> &amp; <mark>Zelensky</mark> &lt;met&gt;"
        );
    }
}
