//! Server-rendered HTML: the search page, the article page and error pages. Every piece of article
//! or query text goes through [`escape_html`]; links to sources only for http(s) URLs.

mod chips;
mod compare;
mod explore;
mod notices;
mod timeline;

pub(crate) use compare::timelines_page;
use explore::{entity_link, significant_panel, trending_panel};
pub(crate) use explore::{entity_page, narrows, SIGNIFICANT_KINDS, TRENDING_VALUES};
use notices::notices;
pub(crate) use notices::thousands;
use timeline::timeline;

use newsroom_index::{FacetKind, NameCount, StoredArticle};

use crate::snippet::escape_html;
use crate::{SearchRequest, SearchResponse, SortOrder};

/// The page's stylesheet, served from `/static/style.css` (no inline styles: strict CSP).
pub(crate) const STYLESHEET: &str = include_str!("../../../static/style.css");
/// The page's small enhancement script, served from `/static/app.js`.
pub(crate) const SCRIPT: &str = include_str!("../../../static/app.js");

fn page(title: &str, body: &str) -> String {
    format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
<title>{}</title><link rel=\"stylesheet\" href=\"/static/style.css\"><script src=\"/static/app.js\" defer></script></head>\
<body>{body}</body></html>",
        escape_html(title)
    )
}

pub(super) fn url_for(pairs: &[(&str, String)]) -> String {
    let encoded = serde_urlencoded::to_string(pairs).unwrap_or_default();
    if encoded.is_empty() {
        "/".into()
    } else {
        format!("/?{}", escape_html(&encoded))
    }
}

fn search_form(request: &SearchRequest) -> String {
    let mut hidden = String::new();
    for (key, value) in request.to_pairs() {
        // A new query searches every story again.
        if matches!(key, "q" | "sort" | "page" | "story") {
            continue;
        }
        hidden.push_str(&format!(
            "<input type=\"hidden\" name=\"{key}\" value=\"{}\">",
            escape_html(&value)
        ));
    }
    // The order a query gets by default (newest first without a query) is sent as no value, so
    // that typing a query on the page without one ranks it by relevance, and the reverse.
    let default_sort = if request.q.trim().is_empty() {
        SortOrder::Newest
    } else {
        SortOrder::Relevance
    };
    let option = |order: SortOrder, label: &str| {
        let selected = if request.sort == order {
            " selected"
        } else {
            ""
        };
        let value = if order == default_sort {
            ""
        } else {
            order.as_str()
        };
        format!(
            "<option value=\"{value}\" data-sort=\"{}\"{selected}>{label}</option>",
            order.as_str()
        )
    };
    format!(
        "<header><a class=\"brand\" href=\"/\">newsroom</a>\
<form class=\"search\" method=\"get\" action=\"/\" role=\"search\">\
<label for=\"q\" class=\"visually-hidden\">Search articles</label>\
<input id=\"q\" name=\"q\" type=\"search\" value=\"{}\" placeholder=\"Search news…\" autocomplete=\"off\" list=\"q-suggestions\"><datalist id=\"q-suggestions\"></datalist>{hidden}\
<label for=\"sort\" class=\"visually-hidden\">Sort</label><select id=\"sort\" name=\"sort\">{}{}{}</select>\
<button type=\"submit\">Search</button></form></header>",
        escape_html(&request.q),
        option(SortOrder::Relevance, "Most relevant"),
        option(SortOrder::Newest, "Newest"),
        option(SortOrder::Oldest, "Oldest"),
    )
}

/// The search page for a request and its response.
pub(crate) fn search_page(
    request: &SearchRequest,
    response: &SearchResponse,
    trending: &[crate::Trending],
) -> String {
    let mut body = search_form(request);
    body.push_str("<div class=\"layout\"><aside class=\"facets\" aria-label=\"Filters\">");
    body.push_str(&filter_form(request));
    for kind in FacetKind::ALL {
        if let Some(values) = response.facets.get(kind.as_str()) {
            body.push_str(&facet_list(request, kind, values));
        }
    }
    if let Some(significant) = &response.significant {
        body.push_str(&significant_panel(request, significant));
    }
    body.push_str(&trending_panel(request, trending));
    body.push_str("</aside><main>");
    body.push_str(&active_filters(request));
    let stories = match response.stories {
        Some(stories) if stories != response.total => format!(
            " in {} {}",
            thousands(stories),
            if stories == 1 { "story" } else { "stories" }
        ),
        _ => String::new(),
    };
    body.push_str(&format!(
        "<p class=\"summary\" id=\"summary\">{} {}{stories} · {:.1} ms</p>",
        thousands(response.total),
        if response.total == 1 {
            "article"
        } else {
            "articles"
        },
        response.took_ms
    ));
    body.push_str(&notices(request, response));
    if let Some(histogram) = &response.histogram {
        body.push_str(&timeline(request, histogram));
    }
    body.push_str("<ol class=\"hits\">");
    for hit in &response.hits {
        body.push_str(&hit_opening(hit, "h2"));
        body.push_str("</p>");
        body.push_str(&more_versions(request, hit));
        body.push_str(&chips::hit_chips(request, hit));
        body.push_str("</li>");
    }
    body.push_str("</ol>");
    // A collapsed page is paged by stories.
    body.push_str(&pager(request, response.stories.unwrap_or(response.total)));
    body.push_str("</main></div>");
    page(
        &format!(
            "{} — newsroom",
            if request.q.is_empty() {
                "Search"
            } else {
                &request.q
            }
        ),
        &body,
    )
}

/// A form to add a person, country or organisation filter, with autocomplete when JS runs.
fn filter_form(request: &SearchRequest) -> String {
    let mut hidden = String::new();
    for (key, value) in request.to_pairs() {
        if key == "page" {
            continue;
        }
        hidden.push_str(&format!(
            "<input type=\"hidden\" name=\"{key}\" value=\"{}\">",
            escape_html(&value)
        ));
    }
    format!(
        "<form class=\"add-filter\" method=\"get\" action=\"/\">{hidden}\
<label for=\"add-person\">Filter by person</label><input id=\"add-person\" name=\"person\" list=\"person-suggestions\" data-kind=\"person\" autocomplete=\"off\">\
<datalist id=\"person-suggestions\"></datalist><button type=\"submit\">Add</button></form>"
    )
}

fn facet_list(request: &SearchRequest, kind: FacetKind, values: &[NameCount]) -> String {
    if values.is_empty() {
        return String::new();
    }
    let selected = request.filters.of(kind);
    let label = kind.label();
    let mut html = format!("<section class=\"facet\" data-kind=\"{kind}\"><h3>{label}</h3><ul>");
    for value in values {
        let is_selected = selected.contains(&value.name);
        html.push_str(&format!(
            "<li><a href=\"{}\" role=\"checkbox\" aria-checked=\"{is_selected}\" class=\"facet-value{}\"><span class=\"box\" aria-hidden=\"true\">{}</span> {} <span class=\"count\">{}</span></a>{}</li>",
            toggled(request, kind, &value.name),
            if is_selected { " selected" } else { "" },
            if is_selected { "☑" } else { "☐" },
            escape_html(&value.name),
            thousands(value.count),
            entity_link(kind, &value.name)
        ));
    }
    html.push_str("</ul></section>");
    html
}

/// The URL of the request with a filter value added, or removed when present; back to page 1.
pub(super) fn toggled(request: &SearchRequest, kind: FacetKind, value: &str) -> String {
    let mut next = request.clone();
    next.page = 1;
    let list = next.filters.of_mut(kind);
    if let Some(position) = list.iter().position(|existing| existing == value) {
        list.remove(position);
    } else {
        list.push(value.to_string());
    }
    url_for(&next.to_pairs())
}

fn active_filters(request: &SearchRequest) -> String {
    let mut chips = String::new();
    for (kind, values) in request.filters.iter() {
        for value in values {
            chips.push_str(&format!(
                "<a class=\"chip active {kind}\" href=\"{}\" aria-label=\"Remove filter {}\">{} ×</a>",
                toggled(request, kind, value),
                escape_html(value),
                escape_html(value)
            ));
        }
    }
    if request.from.is_some() || request.to.is_some() {
        let mut next = request.clone();
        next.from = None;
        next.to = None;
        next.page = 1;
        let label = format!(
            "{} – {}",
            request.from.map(|d| d.to_string()).unwrap_or_default(),
            request.to.map(|d| d.to_string()).unwrap_or_default()
        );
        chips.push_str(&format!(
            "<a class=\"chip active date\" href=\"{}\" aria-label=\"Remove date filter\">{} ×</a>",
            url_for(&next.to_pairs()),
            escape_html(&label)
        ));
    }
    if let Some(story) = request.story {
        let mut next = request.clone();
        next.story = None;
        next.page = 1;
        chips.push_str(&format!(
            "<a class=\"chip active story\" href=\"{}\" aria-label=\"Show every story\">versions of story {story} ×</a>",
            url_for(&next.to_pairs()),
        ));
    }
    if chips.is_empty() {
        return chips;
    }
    format!("<nav class=\"active-filters\" aria-label=\"Active filters\">{chips}</nav>")
}

/// The "N more versions" link of a hit whose story has other matching articles: the same
/// search, listing that story's articles (`story=ID`).
fn more_versions(request: &SearchRequest, hit: &crate::response::Hit) -> String {
    let (Some(story), more @ 1..) = (hit.story, hit.more_versions) else {
        return String::new();
    };
    let mut listing = request.clone();
    listing.story = Some(story);
    listing.page = 1;
    format!(
        "<p class=\"versions\"><a class=\"more-versions\" href=\"{}\">{} more {}</a></p>",
        url_for(&listing.to_pairs()),
        thousands(more),
        if more == 1 { "version" } else { "versions" }
    )
}

fn pager(request: &SearchRequest, total: u64) -> String {
    let pages = total
        .div_ceil(request.size as u64)
        .min((crate::MAX_RESULT_WINDOW / request.size) as u64);
    if pages <= 1 {
        return String::new();
    }
    let mut html = String::from("<nav class=\"pager\" aria-label=\"Pages\">");
    let link = |page: usize, label: &str, rel: &str| {
        let mut next = request.clone();
        next.page = page;
        format!(
            "<a href=\"{}\" rel=\"{rel}\">{label}</a>",
            url_for(&next.to_pairs())
        )
    };
    if request.page > 1 {
        html.push_str(&link(request.page - 1, "← Previous", "prev"));
    }
    html.push_str(&format!(
        "<span>Page {} of {}</span>",
        thousands(request.page as u64),
        thousands(pages)
    ));
    if (request.page as u64) < pages {
        html.push_str(&link(request.page + 1, "Next →", "next"));
    }
    html.push_str("</nav>");
    html
}

/// The full text of one article with its entities.
pub(crate) fn article_page(article: &StoredArticle) -> String {
    let mut body = search_form(&SearchRequest::default());
    body.push_str("<main class=\"article\"><article>");
    body.push_str(&format!("<h1>{}</h1>", escape_html(&article.title)));
    let date = article
        .published
        .map(|d| d.date_naive().to_string())
        .unwrap_or_else(|| "undated".into());
    body.push_str(&format!(
        "<p class=\"meta\"><time>{date}</time> · {}",
        escape_html(article.source.as_deref().unwrap_or("unknown source"))
    ));
    if let Some(url) = article.url.as_deref().filter(|url| is_web_url(url)) {
        body.push_str(&format!(
            " · <a href=\"{}\" rel=\"noopener noreferrer\">original</a>",
            escape_html(url)
        ));
    }
    body.push_str("</p>");
    body.push_str(&chips::article_entities(article));
    for paragraph in article.body.split('\n').filter(|p| !p.trim().is_empty()) {
        body.push_str(&format!("<p>{}</p>", escape_html(paragraph)));
    }
    body.push_str("</article></main>");
    page(&article.title, &body)
}

/// A page for a bad request or a missing article.
pub(crate) fn error_page(query: &str, message: &str) -> String {
    let request = SearchRequest {
        q: query.to_string(),
        ..SearchRequest::default()
    };
    let body = format!(
        "{}<main><p class=\"error\" role=\"alert\">{}</p></main>",
        search_form(&request),
        escape_html(message)
    );
    page("Error — newsroom", &body)
}

fn is_web_url(url: &str) -> bool {
    let lowered = url.trim_start().to_ascii_lowercase();
    lowered.starts_with("http://") || lowered.starts_with("https://")
}

pub(crate) fn url_path_segment(id: &str) -> String {
    let encoded = serde_urlencoded::to_string([("", id)]).unwrap_or_default();
    encoded.trim_start_matches('=').replace('+', "%20")
}

/// A hit's list item up to its snippet, left open: the headline (linked to the original, or to
/// the article page) under heading `level`, the date, source and full-text link, and the opened
/// snippet paragraph with the snippet in it. The caller closes the paragraph and the item.
pub(crate) fn hit_opening(hit: &crate::response::Hit, level: &str) -> String {
    let link = match &hit.url {
        Some(url) if is_web_url(url) => escape_html(url),
        _ => format!("/articles/{}", escape_html(&url_path_segment(&hit.id))),
    };
    let date = hit
        .published
        .map(|d| d.date_naive().to_string())
        .unwrap_or_else(|| "undated".into());
    format!(
        "<li class=\"hit\"><{level}><a href=\"{link}\" rel=\"noopener noreferrer\">{}</a></{level}>\
<p class=\"meta\"><time>{date}</time> · {} · <a href=\"/articles/{}\">full text</a></p><p class=\"snippet\">{}",
        hit.title_html,
        escape_html(hit.source.as_deref().unwrap_or("unknown source")),
        escape_html(&url_path_segment(&hit.id)),
        hit.snippet_html,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_web_urls_become_links() {
        assert!(is_web_url("https://example.org/a"));
        assert!(!is_web_url("javascript:alert(1)"));
        assert!(!is_web_url("data:text/html,x"));
    }

    #[test]
    fn counts_have_thousands_separators() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1_000), "1,000");
        assert_eq!(thousands(11_897), "11,897");
        assert_eq!(thousands(1_234_567), "1,234,567");
    }

    #[test]
    fn toggling_adds_then_removes_a_filter() {
        let request = SearchRequest {
            q: "talks".into(),
            ..SearchRequest::default()
        };
        let added = toggled(&request, FacetKind::Person, "Vladimir Putin");
        assert_eq!(added, "/?q=talks&amp;person=Vladimir+Putin");
        let mut with_person = request.clone();
        with_person.filters.add(FacetKind::Person, "Vladimir Putin");
        assert_eq!(
            toggled(&with_person, FacetKind::Person, "Vladimir Putin"),
            "/?q=talks"
        );
    }
}
