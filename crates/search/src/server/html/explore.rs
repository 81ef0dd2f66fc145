//! Exploring by entity on the page: the entity page, the "Unusually frequent here" panel of a
//! search, and the small links from chips and facet values to an entity's page.

use newsroom_index::FacetKind;

use crate::snippet::escape_html;
use crate::{EntityPage, SearchRequest, Significant, SignificantValue, Trending};

use super::timeline::timeline;
use super::{page, search_form, thousands, toggled, url_for, url_path_segment};

/// The kinds the page lists significant values of.
pub(crate) const SIGNIFICANT_KINDS: [FacetKind; 3] =
    [FacetKind::Person, FacetKind::Country, FacetKind::Org];

/// Rising values per kind the search page lists for a period.
pub(crate) const TRENDING_VALUES: usize = 8;

/// Whether a request narrows the archive (a query or a filter), so that values unusually
/// frequent in its matches mean something.
pub(crate) fn narrows(request: &SearchRequest) -> bool {
    !request.q.trim().is_empty()
        || !request.filters.is_empty()
        || request.from.is_some()
        || request.to.is_some()
}

/// The URL of an entity's page.
pub(super) fn entity_url(kind: FacetKind, name: &str) -> String {
    format!("/entities/{kind}/{}", escape_html(&url_path_segment(name)))
}

/// A small link to an entity's page, next to a chip or facet value whose own click filters.
pub(super) fn entity_link(kind: FacetKind, name: &str) -> String {
    if kind.entity_kind().is_none() {
        return String::new();
    }
    let escaped = escape_html(name);
    format!(
        "<a class=\"entity-link\" href=\"{}\" title=\"About {escaped}\" aria-label=\"About {escaped}\">›</a>",
        entity_url(kind, name)
    )
}

/// One significant value: its name (to its page), the filter toggle, both counts and the score.
fn significant_item(request: &SearchRequest, kind: FacetKind, value: &SignificantValue) -> String {
    let escaped = escape_html(&value.name);
    format!(
        "<li><a class=\"significant-name\" href=\"{}\">{escaped}</a>\
<a class=\"significant-filter\" href=\"{}\" title=\"Filter by {escaped}\" aria-label=\"Filter by {escaped}\">+</a>\
<span class=\"count\" title=\"{} of these articles; {} in the whole archive; JLH score {:.2}\">{} / {}</span></li>",
        entity_url(kind, &value.name),
        toggled(request, kind, &value.name),
        thousands(value.count),
        thousands(value.index_count),
        value.score,
        thousands(value.count),
        thousands(value.index_count),
    )
}

/// The sidebar panel of a search: values unusually frequent in its matches, by kind.
pub(super) fn significant_panel(request: &SearchRequest, significant: &Significant) -> String {
    let mut lists = String::new();
    for kind in SIGNIFICANT_KINDS {
        let Some(values) = significant
            .values
            .get(kind.as_str())
            .filter(|v| !v.is_empty())
        else {
            continue;
        };
        lists.push_str(&format!("<h4>{}</h4><ul>", kind.label()));
        for value in values {
            lists.push_str(&significant_item(request, kind, value));
        }
        lists.push_str("</ul>");
    }
    if lists.is_empty() {
        return lists;
    }
    format!(
        "<section class=\"facet significant\" id=\"significant\"><h3>Unusually frequent here</h3>\
<p class=\"note\">articles here / in the archive</p>{lists}</section>"
    )
}

/// The page of one entity.
pub(crate) fn entity_page(entity: &EntityPage) -> String {
    let label = entity.kind.singular_label();
    // The search page for the entity's articles: the scope with the entity as a filter.
    let mut filtered = entity.request.clone();
    filtered.page = 1;
    let list = filtered.filters.of_mut(entity.kind);
    if !list.contains(&entity.name) {
        list.push(entity.name.clone());
    }
    let name = escape_html(&entity.name);
    let mut body = search_form(&entity.request);
    body.push_str("<main class=\"entity-page\">");
    body.push_str(&format!(
        "<h1 id=\"entity-name\">{name} <span class=\"kind\">{label}</span></h1>"
    ));
    let seen = match (entity.first_seen, entity.last_seen) {
        (Some(first), Some(last)) => format!(" · first seen {first} · last seen {last}"),
        _ => String::new(),
    };
    let in_index = if entity.index_count == entity.articles {
        String::new()
    } else {
        format!(" ({} in the whole archive)", thousands(entity.index_count))
    };
    body.push_str(&format!(
        "<p class=\"summary\" id=\"entity-summary\">{} {}{in_index}{seen} · <a href=\"{}\">search these articles</a></p>",
        thousands(entity.articles),
        if entity.articles == 1 { "article" } else { "articles" },
        url_for(&filtered.to_pairs()),
    ));
    if let Some(histogram) = &entity.timeline {
        body.push_str(&timeline(&filtered, histogram));
    }
    // Side by side over time with the person most unusually frequent with it.
    if let Some(top) = entity.related.values.get("person").and_then(|v| v.first()) {
        let mut pairs = vec![
            (entity.kind.as_str(), entity.name.clone()),
            ("person", top.name.clone()),
        ];
        if !entity.request.q.is_empty() {
            pairs.push(("q", entity.request.q.clone()));
        }
        let encoded = serde_urlencoded::to_string(&pairs).unwrap_or_default();
        body.push_str(&format!(
            "<p class=\"compare-link\"><a href=\"/timeline?{}\">{name} and {} over time</a></p>",
            escape_html(&encoded),
            escape_html(&top.name)
        ));
    }
    body.push_str(
        "<div class=\"entity-columns\"><section class=\"related\" aria-label=\"Related entities\">",
    );
    body.push_str(&format!(
        "<h2>Unusually frequent with {name}</h2><p class=\"note\">in {} articles / in the archive (JLH score)</p>",
        thousands(entity.articles)
    ));
    for kind in SIGNIFICANT_KINDS {
        let values = entity
            .related
            .values
            .get(kind.as_str())
            .map_or(&[][..], Vec::as_slice);
        if values.is_empty() {
            continue;
        }
        body.push_str(&format!(
            "<section class=\"facet\" data-kind=\"{kind}\"><h3>{}</h3><ul>",
            kind.label()
        ));
        for value in values {
            body.push_str(&significant_item(&filtered, kind, value));
        }
        body.push_str("</ul></section>");
    }
    if entity.spellings.len() > 1 {
        body.push_str("<section class=\"facet spellings\"><h3>Spellings</h3><ul>");
        for spelling in &entity.spellings {
            body.push_str(&format!(
                "<li>{} <span class=\"count\">{}</span></li>",
                escape_html(&spelling.name),
                thousands(spelling.count)
            ));
        }
        body.push_str("</ul></section>");
    }
    body.push_str("</section><section class=\"entity-articles\"><h2>");
    body.push_str(if entity.request.q.trim().is_empty() {
        "Latest articles"
    } else {
        "Most relevant articles"
    });
    body.push_str("</h2><ol class=\"hits\">");
    for hit in &entity.top_articles {
        body.push_str(&super::hit_opening(hit, "h3"));
        body.push_str("</p></li>");
    }
    body.push_str("</ol></section></div></main>");
    page(&format!("{} — newsroom", entity.name), &body)
}

/// The sidebar panel of a search over a period: values whose share of articles rose against
/// the period before it, by kind, with both shares.
pub(super) fn trending_panel(request: &SearchRequest, trending: &[Trending]) -> String {
    let mut lists = String::new();
    for values in trending.iter().filter(|values| !values.values.is_empty()) {
        let label = values.kind.label();
        lists.push_str(&format!("<h4>{label}</h4><ul>"));
        for value in &values.values {
            let escaped = escape_html(&value.name);
            lists.push_str(&format!(
                "<li><a class=\"significant-name\" href=\"{}\">{escaped}</a>\
<a class=\"significant-filter\" href=\"{}\" title=\"Filter by {escaped}\" aria-label=\"Filter by {escaped}\">+</a>\
<span class=\"count\" title=\"{} of {} articles in this period, {} of {} before; z = {:.1}\">{:.1}% ← {:.1}%</span></li>",
                entity_url(values.kind, &value.name),
                toggled(request, values.kind, &value.name),
                thousands(value.count),
                thousands(values.articles),
                thousands(value.baseline_count),
                thousands(values.baseline_articles),
                value.z,
                value.share * 100.0,
                value.baseline_share * 100.0,
            ));
        }
        lists.push_str("</ul>");
    }
    let Some(first) = trending.first() else {
        return String::new();
    };
    if lists.is_empty() {
        return lists;
    }
    format!(
        "<section class=\"facet trending\" id=\"trending\"><h3>Rising in this period</h3>\
<p class=\"note\">share of articles here ← {} to {} (two-proportion z-test)</p>{lists}</section>",
        first.baseline_from, first.baseline_to
    )
}
