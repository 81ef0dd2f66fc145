//! The notes above the hits and the way counts are written.

use crate::snippet::escape_html;
use crate::{SearchRequest, SearchResponse};

use super::url_for;

/// The notes above the hits: the corrected query searched instead (with a link to the words as
/// typed), the OR fallback, "did you mean".
pub(super) fn notices(request: &SearchRequest, response: &SearchResponse) -> String {
    let mut html = String::new();
    let with_query = |q: &str, autocorrect: bool| {
        let mut next = request.clone();
        next.q = q.to_string();
        next.page = 1;
        next.autocorrect = autocorrect;
        url_for(&next.to_pairs())
    };
    if let Some(corrected) = &response.corrected_query {
        html.push_str(&format!(
            "<p class=\"notice corrected\" role=\"status\">Showing results for <a href=\"{}\"><strong>{}</strong></a>; search instead for <a href=\"{}\">{}</a></p>",
            with_query(corrected, true),
            escape_html(corrected),
            with_query(&request.q, false),
            escape_html(&request.q),
        ));
    } else if let Some(notice) = &response.notice {
        html.push_str(&format!(
            "<p class=\"notice\" role=\"status\">{}</p>",
            escape_html(notice)
        ));
    }
    if let Some(suggestion) = &response.did_you_mean {
        html.push_str(&format!(
            "<p class=\"notice did-you-mean\">Did you mean <a href=\"{}\">{}</a>?</p>",
            with_query(suggestion, true),
            escape_html(suggestion)
        ));
    }
    html
}

/// A count with thousands separators (11,897).
pub(crate) fn thousands(count: u64) -> String {
    let digits = count.to_string();
    let mut grouped = String::with_capacity(digits.len() + digits.len() / 3);
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    grouped
}
