//! Entity chips: a hit's, grouped by kind in the order the article names them (a filtered value
//! first and marked), and the article page's entities with their mention counts.

use newsroom_entities::EntityKind;
use newsroom_index::{EntityMentions, FacetKind, StoredArticle};

use crate::snippet::escape_html;
use crate::{Hit, SearchRequest};

use super::explore::entity_link;
use super::{thousands, toggled, url_for, url_path_segment};

/// Most chips of one kind a hit shows; the rest are counted in "+N more".
const CHIPS_PER_KIND: usize = 6;
/// Most chips a hit shows in all.
const MAX_HIT_CHIPS: usize = 20;

/// A hit's chips: grouped by kind (kinds holding a filtered value first), each group in the
/// order the article names them with filtered values first, a handful each and "+N more".
pub(super) fn hit_chips(request: &SearchRequest, hit: &Hit) -> String {
    let names_of = |kind: EntityKind| match kind {
        EntityKind::Person => &hit.persons,
        EntityKind::Country => &hit.countries,
        EntityKind::Org => &hit.orgs,
    };
    let mut groups: Vec<_> = EntityKind::ALL
        .into_iter()
        .map(|kind| {
            let selected = request.filters.of(FacetKind::of_entity(kind));
            let names = names_of(kind);
            // Filtered values first, then the others, each in article order.
            let ordered: Vec<(&String, bool)> = names
                .iter()
                .filter(|name| selected.contains(name))
                .map(|name| (name, true))
                .chain(
                    names
                        .iter()
                        .filter(|name| !selected.contains(name))
                        .map(|name| (name, false)),
                )
                .collect();
            (FacetKind::of_entity(kind), ordered)
        })
        .filter(|(_, ordered)| !ordered.is_empty())
        .collect();
    // Stable: kinds holding a filtered value come first, the others keep their order.
    groups.sort_by_key(|(_, ordered)| !ordered.first().is_some_and(|(_, selected)| *selected));
    let article_url = format!("/articles/{}", escape_html(&url_path_segment(&hit.id)));
    let mut shown_in_all = 0;
    let mut html = String::from("<div class=\"chips\">");
    for (kind, ordered) in groups {
        let room = CHIPS_PER_KIND.min(MAX_HIT_CHIPS - shown_in_all);
        if room == 0 {
            break;
        }
        let kind_name = kind.as_str();
        let label = kind.label();
        let plural = label.to_lowercase();
        html.push_str(&format!(
            "<span class=\"chip-group {kind_name}\" data-kind=\"{kind_name}\" aria-label=\"{label}\">"
        ));
        for (name, selected) in ordered.iter().take(room) {
            let url = toggled(request, kind, name);
            let escaped = escape_html(name);
            if *selected {
                html.push_str(&format!(
                    "<a class=\"chip {kind_name} selected\" href=\"{url}\" aria-current=\"true\" title=\"Filtering by {escaped}; select to remove the filter\">{escaped}</a>"
                ));
            } else {
                html.push_str(&format!(
                    "<a class=\"chip {kind_name}\" href=\"{url}\">{escaped}</a>"
                ));
            }
            html.push_str(&entity_link(kind, name));
        }
        let shown = ordered.len().min(room);
        shown_in_all += shown;
        let more = ordered.len() - shown;
        if more > 0 {
            html.push_str(&format!(
                "<a class=\"chip-more\" href=\"{article_url}\" title=\"{} more {plural} named in the article\">+{} more</a>",
                thousands(more as u64),
                thousands(more as u64)
            ));
        }
        html.push_str("</span>");
    }
    html.push_str("</div>");
    html
}

/// The article page's entities, grouped by kind, most mentioned first, with their mention counts
/// (without counts when the index stores no mentions).
pub(super) fn article_entities(article: &StoredArticle) -> String {
    let mut html =
        String::from("<section class=\"entities\" aria-label=\"Named in this article\">");
    for kind in EntityKind::ALL {
        let label = FacetKind::of_entity(kind).label();
        let names = match kind {
            EntityKind::Person => &article.persons,
            EntityKind::Country => &article.countries,
            EntityKind::Org => &article.orgs,
        };
        if names.is_empty() {
            continue;
        }
        let mention = |name: &String| -> Option<&EntityMentions> {
            article
                .mentions
                .iter()
                .find(|mention| mention.kind == kind && mention.name == *name)
        };
        let mut counted: Vec<(&String, Option<&EntityMentions>)> =
            names.iter().map(|name| (name, mention(name))).collect();
        // Most mentioned first; equal counts in article order (a stable sort keeps it).
        counted.sort_by_key(|(_, mention)| std::cmp::Reverse(mention.map_or(0, |m| m.count)));
        let kind_name = kind.as_str();
        html.push_str(&format!(
            "<div class=\"entity-group\" data-kind=\"{kind_name}\"><h2>{label}</h2><ul>"
        ));
        for (name, mention) in counted {
            let url = url_for(&[(kind_name, name.clone())]);
            let count = mention.map_or_else(String::new, |mention| {
                let mentions = if mention.count == 1 {
                    "mention"
                } else {
                    "mentions"
                };
                let count = thousands(u64::from(mention.count));
                format!(" <span class=\"count\" title=\"{count} {mentions}\">{count}</span>")
            });
            html.push_str(&format!(
                "<li><a class=\"chip {kind_name}\" href=\"{url}\">{}</a>{count}</li>",
                escape_html(name)
            ));
        }
        html.push_str("</ul></div>");
    }
    html.push_str("</section>");
    html
}
