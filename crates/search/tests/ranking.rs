//! What a reader notices of the ranking: an article missing one word of a long query is still
//! found (below those with every word), a name is not matched by another name sharing its stem,
//! words close together rank above scattered ones, and the notices and options keep working.

mod common;

use newsroom_search::{Operator, Ranking, RankingParams, SearchEngine, SearchRequest};

fn search(
    engine: &SearchEngine,
    q: &str,
    adjust: impl FnOnce(&mut SearchRequest),
) -> (u64, Vec<String>, Option<String>) {
    let mut request = SearchRequest {
        q: q.to_string(),
        ..SearchRequest::default()
    };
    adjust(&mut request);
    let response = engine.search(&request).unwrap();
    let ids = response.hits.into_iter().map(|hit| hit.id).collect();
    (response.total, ids, response.notice)
}

fn ids(engine: &SearchEngine, q: &str) -> Vec<String> {
    search(engine, q, |_| {}).1
}

#[test]
fn an_article_missing_one_word_of_three_is_found_below_those_with_all() {
    let (_dir, engine) = common::production_engine_of("ranking.jsonl", 100);
    let (total, ids, notice) = search(&engine, "dollar falls sharply", |_| {});
    assert_eq!(
        ids,
        ["rk-01", "rk-02"],
        "\"fell\" is not \"falls\": one word missing"
    );
    assert_eq!(total, 2);
    assert_eq!(notice, None, "an article has every word");
    let (total, ids, _) = search(&engine, "dollar falls sharply", |request| {
        request.ranking = Ranking::Classic
    });
    assert_eq!(
        (total, ids),
        (1, vec!["rk-01".to_string()]),
        "classic: every word"
    );
}

#[test]
fn two_word_queries_still_need_both_words() {
    let (_dir, engine) = common::production_engine_of("ranking.jsonl", 100);
    let (total, _, notice) = search(&engine, "dollar steady", |_| {});
    assert_eq!((total, notice), (1, None));
}

#[test]
fn when_no_article_has_every_word_the_notice_says_most_of_them() {
    let (_dir, engine) = common::production_engine_of("ranking.jsonl", 100);
    let (total, ids, notice) = search(&engine, "dollar sharply volcano", |request| {
        request.autocorrect = false
    });
    assert_eq!(total, 2);
    assert_eq!(ids.len(), 2);
    assert!(notice.unwrap().contains("most of them"));
}

#[test]
fn a_misspelt_word_of_a_long_query_is_still_corrected() {
    let (_dir, engine) = common::production_engine_of("ranking.jsonl", 100);
    let request = SearchRequest {
        q: "dolar falls sharply".to_string(),
        ..SearchRequest::default()
    };
    let response = engine.search(&request).unwrap();
    assert_eq!(
        response.corrected_query.as_deref(),
        Some("dollar falls sharply")
    );
    assert_eq!(response.hits[0].id, "rk-01");
}

#[test]
fn or_matches_any_word() {
    let (_dir, engine) = common::production_engine_of("ranking.jsonl", 100);
    let (total, _, notice) = search(&engine, "harvest auction", |request| {
        request.operator = Operator::Or
    });
    assert_eq!((total, notice), (2, None));
    let (total, _, notice) = search(&engine, "harvest auction", |_| {});
    assert_eq!(total, 2);
    assert!(
        notice.unwrap().contains("any of them"),
        "AND falls back to any word"
    );
}

#[test]
fn a_country_ranks_above_a_person_whose_name_stems_like_it() {
    let (_dir, mut engine) = common::production_engine_of("ranking.jsonl", 100);
    // The fixture names Brazil and Donna Brazile twice each: every name counts.
    engine.set_ranking(RankingParams {
        entity_min_articles: 1,
        ..RankingParams::default()
    });
    let (_, classic, _) = search(&engine, "Brazil", |request| {
        request.ranking = Ranking::Classic
    });
    assert_eq!(
        classic[0], "rk-12",
        "once stemmed, \"Brazile\" is \"brazil\", four times"
    );
    let ranked = ids(&engine, "Brazil");
    assert_eq!(ranked.len(), 4);
    let mut first_two = ranked[..2].to_vec();
    first_two.sort();
    assert_eq!(first_two, ["rk-10", "rk-11"], "{ranked:?}");
}

#[test]
fn words_close_together_rank_above_scattered_ones() {
    let (_dir, mut engine) = common::production_engine_of("ranking.jsonl", 100);
    let (_, classic, _) = search(&engine, "bond yields", |request| {
        request.ranking = Ranking::Classic
    });
    assert_eq!(classic[0], "rk-21", "more occurrences, far apart");
    engine.set_ranking(RankingParams {
        proximity_weight: 1.0,
        ..RankingParams::default()
    });
    assert_eq!(ids(&engine, "bond yields")[0], "rk-20");
}

#[test]
fn quoted_phrases_and_exclusions_keep_their_meaning() {
    let (_dir, engine) = common::production_engine_of("ranking.jsonl", 100);
    assert_eq!(ids(&engine, "\"bond yields\""), ["rk-20"]);
    let mut without = ids(&engine, "dollar -sharply");
    without.sort();
    assert_eq!(without, ["rk-03", "rk-04"]);
}
