//! Query building: a newsroom request as the body of Quickwit's search API (query string,
//! sort, snippet fields, terms and date-histogram aggregations).

use newsroom_index::FacetKind;
use newsroom_search::{Operator, SearchRequest, SortOrder};
use serde_json::{json, Map, Value};

/// Quotes a value for a Quickwit field clause.
pub(super) fn quoted(value: &str) -> String {
    let escaped = value.replace('\\', "\\\\").replace('"', "\\\"");
    format!("\"{escaped}\"")
}

/// The Quickwit query for a request: its text (AND by default, as locally) and its filters.
pub fn query_text(request: &SearchRequest, operator: Operator) -> String {
    let text = request.q.trim();
    let mut clauses = Vec::new();
    if !text.is_empty() {
        let simple = text.split_whitespace().all(|word| {
            word.chars()
                .all(|c| c.is_alphanumeric() || c == '\'' || c == '-')
        });
        let text = if operator == Operator::Or && simple {
            text.split_whitespace().collect::<Vec<_>>().join(" OR ")
        } else {
            text.to_string()
        };
        clauses.push(format!("({text})"));
    }
    for (kind, values) in request.filters.iter() {
        let field = kind.field_name();
        let any: Vec<String> = values
            .iter()
            .map(|value| format!("{field}:{}", quoted(value)))
            .collect();
        clauses.push(format!("({})", any.join(" OR ")));
    }
    // The exported index has no timestamp field (undated articles are kept), so dates are a
    // range on the `published` column: from the first day's start to the day after the last.
    if request.from.is_some() || request.to.is_some() {
        let start = request
            .from
            .map_or("*".to_string(), |day| format!("{day}T00:00:00Z"));
        let end = request
            .to
            .and_then(|day| day.succ_opt())
            .map_or("*".to_string(), |day| format!("{day}T00:00:00Z"));
        clauses.push(format!("published:[{start} TO {end}}}"));
    }
    if clauses.is_empty() {
        "*".to_string()
    } else {
        clauses.join(" AND ")
    }
}

/// The JSON body of Quickwit's search API for a request.
pub fn search_body(request: &SearchRequest, operator: Operator) -> Value {
    let mut body = json!({
        "query": query_text(request, operator),
        "max_hits": request.size,
        "start_offset": request.offset(),
    });
    match request.sort {
        SortOrder::Relevance => body["sort_by"] = json!("_score"),
        // Quickwit sorts a field in descending order; a leading `-` makes it ascending (checked
        // on a 0.9.0 node).
        SortOrder::Newest => body["sort_by"] = json!("published"),
        SortOrder::Oldest => body["sort_by"] = json!("-published"),
    }
    if request.snippets && !request.q.trim().is_empty() {
        // A comma-separated string: Quickwit refuses an array here (as for `search_field`).
        body["snippet_fields"] = json!("title,body");
    }
    let mut aggs = Map::new();
    if request.facet_size > 0 {
        for kind in FacetKind::ALL
            .into_iter()
            .filter(|kind| request.wants_facet(*kind))
        {
            aggs.insert(
                kind.as_str().to_string(),
                json!({ "terms": { "field": kind.field_name(), "size": request.facet_size } }),
            );
        }
    }
    if request.histogram {
        aggs.insert(
            "timeline".to_string(),
            json!({ "date_histogram": { "field": "published", "fixed_interval": "1d" } }),
        );
    }
    if !aggs.is_empty() {
        body["aggs"] = Value::Object(aggs);
    }
    body
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queries_carry_text_and_filters() {
        let mut request = SearchRequest {
            q: "ceasefire talks".into(),
            ..SearchRequest::default()
        };
        request.filters.add(FacetKind::Person, "Vladimir Putin");
        request.filters.add(FacetKind::Person, "Say \"hi\"");
        request.filters.add(FacetKind::Country, "Ukraine");
        assert_eq!(
            query_text(&request, Operator::And),
            "(ceasefire talks) AND (person:\"Vladimir Putin\" OR person:\"Say \\\"hi\\\"\") AND (country:\"Ukraine\")"
        );
        assert!(query_text(&request, Operator::Or).starts_with("(ceasefire OR talks) AND"));
        assert_eq!(query_text(&SearchRequest::default(), Operator::And), "*");
    }
}
