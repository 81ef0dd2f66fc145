//! Timelines side by side: one server-rendered SVG line chart per measure (articles, share of
//! all articles), one line per series, with a legend; no script needed.

use newsroom_index::FacetKind;

use crate::snippet::escape_html;
use crate::{Filters, SearchRequest, Timelines};

use super::explore::entity_url;
use super::{page, search_form, thousands};

/// Line colours, one per series (presentation attributes: the CSP allows no inline styles).
const COLOURS: [&str; 10] = [
    "#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#7f7f7f",
    "#bcbd22", "#17becf",
];
const WIDTH: f64 = 600.0;
const HEIGHT: f64 = 160.0;

/// The page of `GET /timeline`.
pub(crate) fn timelines_page(request: &SearchRequest, timelines: &Timelines) -> String {
    let mut body = search_form(&SearchRequest {
        filters: Filters::default(),
        ..request.clone()
    });
    body.push_str("<main class=\"compare\"><h1>Over time</h1>");
    body.push_str("<ul class=\"legend\" id=\"legend\">");
    for (series, colour) in timelines.series.iter().zip(COLOURS.iter().cycle()) {
        let name = escape_html(&series.name);
        let entity_kind = FacetKind::parse(series.kind).filter(|kind| kind.entity_kind().is_some());
        let label = match entity_kind {
            Some(kind) => format!("<a href=\"{}\">{name}</a>", entity_url(kind, &series.name)),
            None => name.clone(),
        };
        body.push_str(&format!(
            "<li><svg width=\"14\" height=\"14\" aria-hidden=\"true\"><rect width=\"14\" height=\"14\" fill=\"{colour}\"></rect></svg> {label} <span class=\"count\">{} articles</span></li>",
            thousands(series.total)
        ));
    }
    body.push_str("</ul>");
    if timelines.buckets.is_empty() {
        body.push_str("<p class=\"summary\">No dated article matches.</p>");
    } else {
        let counts: Vec<Vec<f64>> = timelines
            .series
            .iter()
            .map(|series| series.counts.iter().map(|count| *count as f64).collect())
            .collect();
        let shares: Vec<Vec<f64>> = timelines
            .series
            .iter()
            .map(|series| series.shares.iter().map(|share| share * 100.0).collect())
            .collect();
        body.push_str(&chart(
            timelines,
            &counts,
            "articles",
            "Articles per",
            |v| thousands(v.round() as u64),
        ));
        body.push_str(&chart(
            timelines,
            &shares,
            "shares",
            "Share of all articles per",
            |v| format!("{v:.1}%"),
        ));
    }
    body.push_str("</main>");
    page("Over time — newsroom", &body)
}

/// One line chart of `values` (a row per series, a value per bucket).
fn chart(
    timelines: &Timelines,
    values: &[Vec<f64>],
    id: &str,
    title: &str,
    label: impl Fn(f64) -> String,
) -> String {
    let highest = values
        .iter()
        .flatten()
        .copied()
        .fold(0.0f64, f64::max)
        .max(f64::MIN_POSITIVE);
    let buckets = timelines.buckets.len();
    let x = |at: usize| {
        if buckets <= 1 {
            WIDTH / 2.0
        } else {
            at as f64 * WIDTH / (buckets - 1) as f64
        }
    };
    let mut lines = String::new();
    for (row, colour) in values.iter().zip(COLOURS.iter().cycle()) {
        let points: Vec<String> = row
            .iter()
            .enumerate()
            .map(|(at, value)| format!("{:.1},{:.1}", x(at), HEIGHT - value / highest * HEIGHT))
            .collect();
        lines.push_str(&format!(
            "<polyline fill=\"none\" stroke=\"{colour}\" stroke-width=\"2\" vector-effect=\"non-scaling-stroke\" points=\"{}\"></polyline>",
            points.join(" ")
        ));
    }
    let (first, last) = (
        timelines.buckets.first().map(|b| b.start.to_string()),
        timelines.buckets.last().map(|b| b.end.to_string()),
    );
    format!(
        "<figure class=\"compare-chart\" id=\"chart-{id}\"><figcaption>{title} {} (highest {})</figcaption>\
<svg role=\"img\" aria-label=\"{title} {}\" viewBox=\"0 0 {WIDTH} {HEIGHT}\" preserveAspectRatio=\"none\" width=\"100%\" height=\"{HEIGHT}\">{lines}</svg>\
<p class=\"axis\"><span>{}</span><span>{}</span></p></figure>",
        timelines.interval,
        label(highest),
        timelines.interval,
        first.unwrap_or_default(),
        last.unwrap_or_default(),
    )
}
