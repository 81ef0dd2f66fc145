//! The timeline above the hits: matches per day, week or month as an SVG bar chart.

use crate::SearchRequest;

use super::{thousands, url_for};

/// The date histogram as an SVG bar chart; each bar links to its period.
pub(super) fn timeline(request: &SearchRequest, histogram: &crate::Histogram) -> String {
    if histogram.buckets.is_empty() {
        return String::new();
    }
    let max = histogram
        .buckets
        .iter()
        .map(|b| b.count)
        .max()
        .unwrap_or(1)
        .max(1) as f64;
    let width = 100.0 / histogram.buckets.len() as f64;
    let mut bars = String::new();
    for (position, bucket) in histogram.buckets.iter().enumerate() {
        let height =
            (bucket.count as f64 / max * 56.0).max(if bucket.count > 0 { 2.0 } else { 0.0 });
        let mut next = request.clone();
        next.from = Some(bucket.start);
        next.to = Some(bucket.end);
        next.page = 1;
        let label = format!(
            "{} – {}: {} articles",
            bucket.start,
            bucket.end,
            thousands(bucket.count)
        );
        bars.push_str(&format!(
            "<a href=\"{}\" class=\"bar\" aria-label=\"{label}\"><title>{label}</title><rect x=\"{:.3}%\" y=\"{:.1}\" width=\"{:.3}%\" height=\"{:.1}\"></rect><rect class=\"hit-area\" x=\"{:.3}%\" y=\"0\" width=\"{:.3}%\" height=\"60\"></rect></a>",
            url_for(&next.to_pairs()),
            position as f64 * width,
            60.0 - height,
            (width * 0.85).max(0.05),
            height,
            position as f64 * width,
            width,
        ));
    }
    let first = histogram
        .buckets
        .first()
        .map(|b| b.start.to_string())
        .unwrap_or_default();
    let last = histogram
        .buckets
        .last()
        .map(|b| b.end.to_string())
        .unwrap_or_default();
    format!(
        "<figure class=\"timeline\"><svg role=\"img\" aria-label=\"Matches per {}\" viewBox=\"0 0 100 60\" preserveAspectRatio=\"none\" width=\"100%\" height=\"60\">{bars}</svg>\
<figcaption>{first} <span>matches per {}</span> {last}</figcaption></figure>",
        histogram.interval, histogram.interval
    )
}
