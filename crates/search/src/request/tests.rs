use super::*;

fn params(pairs: &[(&str, &str)]) -> SearchParams {
    SearchParams {
        pairs: pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
    }
}

#[test]
fn repeated_filters_accumulate() {
    let request = params(&[
        ("q", "talks"),
        ("person", "A B"),
        ("person", "C D"),
        ("country", "Ukraine"),
    ])
    .into_request()
    .unwrap();
    assert_eq!(request.filters.of(FacetKind::Person), ["A B", "C D"]);
    assert_eq!(request.filters.of(FacetKind::Country), ["Ukraine"]);
}

#[test]
fn out_of_range_values_are_bad_requests() {
    for bad in [
        vec![("size", "0")],
        vec![("size", "1000000")],
        vec![("page", "1000000000")],
        vec![("page", "x")],
        vec![("from", "2025-13-01")],
        vec![("from", "2025-03-02"), ("to", "2025-03-01")],
        vec![("sort", "random")],
        // Found by the property test: tantivy's nanosecond timestamps overflow far from today.
        vec![("from", "0001-01-01")],
        vec![("to", "99999-01-01")],
    ] {
        let result = params(&bad).into_request();
        assert!(
            matches!(result, Err(SearchError::BadRequest(_))),
            "{bad:?} gave {result:?}"
        );
    }
}

#[test]
fn an_empty_query_lists_newest_first_unless_asked_otherwise() {
    let request = params(&[("q", " "), ("country", "Ukraine")])
        .into_request()
        .unwrap();
    assert_eq!(request.sort, SortOrder::Newest);
    assert_eq!(params(&[]).into_request().unwrap().sort, SortOrder::Newest);
    let asked = params(&[("sort", "relevance")]).into_request().unwrap();
    assert_eq!(asked.sort, SortOrder::Relevance);
    assert_eq!(asked.to_pairs(), [("sort", "relevance".to_string())]);
    let with_query = params(&[("q", "talks")]).into_request().unwrap();
    assert_eq!(with_query.sort, SortOrder::Relevance);
}

#[test]
fn partial_dates_are_accepted() {
    let request = params(&[("from", "2025-03"), ("to", "2026")])
        .into_request()
        .unwrap();
    assert_eq!(request.from, NaiveDate::from_ymd_opt(2025, 3, 1));
    assert_eq!(request.to, NaiveDate::from_ymd_opt(2026, 1, 1));
}

#[test]
fn significant_kinds_are_listed_or_repeated_once_each() {
    let request = params(&[
        ("q", "talks"),
        ("significant", "person,org"),
        ("significant", "person"),
        ("significant_size", "5"),
    ])
    .into_request()
    .unwrap();
    assert_eq!(request.significant, [FacetKind::Person, FacetKind::Org]);
    assert_eq!(request.significant_size, 5);
    for bad in [
        vec![("significant", "planets")],
        vec![("significant_size", "0")],
        vec![("significant_size", "101")],
        vec![("significant_size", "many")],
    ] {
        assert!(params(&bad).into_request().is_err(), "{bad:?}");
    }
}

#[test]
fn rank_classic_selects_the_baseline_ranking_and_round_trips() {
    let request = params(&[("q", "talks"), ("rank", "classic"), ("op", "or")])
        .into_request()
        .unwrap();
    assert_eq!(request.ranking, Ranking::Classic);
    assert_eq!(request.operator, Operator::Or);
    let pairs = request.to_pairs();
    assert!(pairs.contains(&("rank", "classic".to_string())));
    assert!(pairs.contains(&("op", "or".to_string())));
    let default = params(&[("q", "talks")]).into_request().unwrap();
    assert_eq!(default.ranking, Ranking::Newsroom);
    assert!(params(&[("rank", "bm99")]).into_request().is_err());
}
