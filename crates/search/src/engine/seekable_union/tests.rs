use tantivy::collector::{Count, TopDocs};
use tantivy::query::{BooleanQuery, BoostQuery, Occur, Query, QueryParser, TermQuery};
use tantivy::schema::{IndexRecordOption, Schema, TEXT};
use tantivy::{doc, DocAddress, Index, Term};

use super::{seekable_unions, SeekableUnion};

/// 30,000 documents over a small vocabulary, in three segments: postings of every length, from
/// a few documents to most of them, and skips far past tantivy's 4,096-document window.
fn index() -> (Index, QueryParser) {
    let mut schema = Schema::builder();
    let title = schema.add_text_field("title", TEXT);
    let body = schema.add_text_field("body", TEXT);
    let index = Index::create_in_ram(schema.build());
    let mut writer = index
        .writer_with_num_threads(1, 50_000_000)
        .unwrap_or_else(|error| panic!("writer: {error}"));
    let words = ["alpha", "beta", "gamma", "delta", "kappa", "omega", "sigma"];
    // Word i appears in a document with probability about 1 / 2^i.
    let mut state = 0x2545_f491_4f6c_dd1du64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for number in 0..30_000u32 {
        let mut field_text = |length: usize| {
            let mut text = Vec::new();
            for _ in 0..length {
                let draw = next();
                let rank = (draw.trailing_zeros() as usize).min(words.len() - 1);
                text.push(words[rank]);
            }
            text.join(" ")
        };
        let (title_text, body_text) = (field_text(2), field_text(6));
        writer
            .add_document(doc!(title => title_text, body => body_text))
            .unwrap_or_else(|error| panic!("add: {error}"));
        if number % 10_000 == 9_999 {
            writer
                .commit()
                .unwrap_or_else(|error| panic!("commit: {error}"));
        }
    }
    let mut parser = QueryParser::for_index(&index, vec![title, body]);
    parser.set_field_boost(title, 2.0);
    parser.set_conjunction_by_default();
    (index, parser)
}

/// Every match of `query` with its score, in document order, and the count.
fn matches(index: &Index, query: &dyn Query) -> (Vec<(DocAddress, f32)>, usize) {
    let searcher = index
        .reader()
        .unwrap_or_else(|error| panic!("reader: {error}"))
        .searcher();
    let (mut top, count) = searcher
        .search(
            query,
            &(TopDocs::with_limit(30_000).order_by_score(), Count),
        )
        .unwrap_or_else(|error| panic!("search: {error}"));
    top.sort_by_key(|(_, address)| *address);
    let scored = top
        .into_iter()
        .map(|(score, address)| (address, score))
        .collect();
    (scored, count)
}

#[test]
fn rewritten_queries_match_the_same_documents_with_the_same_scores() {
    let (index, parser) = index();
    let texts = [
        "alpha beta",
        "sigma omega",
        "alpha sigma kappa",
        "beta -gamma",
        "+omega alpha",
        "\"alpha beta\" kappa",
        "(alpha OR sigma) delta",
        "omega",
    ];
    let mut unions_replaced = 0;
    for text in texts {
        let parsed = parser
            .parse_query(text)
            .unwrap_or_else(|error| panic!("{text}: {error}"));
        // With and without a filter, as the engine builds them.
        let filter = || {
            Box::new(TermQuery::new(
                Term::from_field_text(
                    index
                        .schema()
                        .get_field("body")
                        .unwrap_or_else(|_| panic!()),
                    "delta",
                ),
                IndexRecordOption::Basic,
            )) as Box<dyn Query>
        };
        let filtered = BooleanQuery::new(vec![
            (Occur::Must, parsed.box_clone()),
            (Occur::Must, filter()),
        ]);
        for query in [parsed.box_clone(), Box::new(filtered) as Box<dyn Query>] {
            let rewritten = seekable_unions(query.box_clone());
            if format!("{rewritten:?}").contains("SeekableUnion") {
                unions_replaced += 1;
            }
            let (before, before_count) = matches(&index, query.as_ref());
            let (after, after_count) = matches(&index, rewritten.as_ref());
            assert_eq!(before_count, after_count, "{text}");
            assert!(
                !before.is_empty() || text == "beta -gamma",
                "{text} matches nothing"
            );
            assert_eq!(before, after, "{text}");
        }
    }
    // Every query but the single word unfiltered skips through unions.
    assert!(unions_replaced >= 12, "only {unions_replaced} rewritten");
}

#[test]
fn a_union_walked_from_the_start_is_left_as_it_is() {
    let (index, parser) = index();
    let query = parser
        .parse_query("omega")
        .unwrap_or_else(|error| panic!("{error}"));
    let rewritten = seekable_unions(query.box_clone());
    assert!(!format!("{rewritten:?}").contains("SeekableUnion"));
    assert_eq!(
        matches(&index, query.as_ref()),
        matches(&index, rewritten.as_ref())
    );
}

#[test]
fn a_union_scores_the_sum_of_its_clauses_walked_and_sought() {
    let (index, _) = index();
    let schema = index.schema();
    let field = |name: &str| schema.get_field(name).unwrap_or_else(|_| panic!("{name}"));
    let term = |name: &str, word: &str| {
        Box::new(TermQuery::new(
            Term::from_field_text(field(name), word),
            IndexRecordOption::WithFreqs,
        )) as Box<dyn Query>
    };
    let union = SeekableUnion {
        clauses: vec![
            Box::new(BoostQuery::new(term("title", "sigma"), 2.0)),
            term("body", "sigma"),
        ],
    };
    let tantivy_union = BooleanQuery::new(vec![
        (
            Occur::Should,
            Box::new(BoostQuery::new(term("title", "sigma"), 2.0)) as Box<dyn Query>,
        ),
        (Occur::Should, term("body", "sigma")),
    ]);
    // Walked on its own.
    assert_eq!(matches(&index, &union), matches(&index, &tantivy_union));
    // Sought: an intersection leads with its cheapest member, and "omega" in titles alone is
    // rarer than "sigma" in titles or bodies.
    let with_rarer = |query: Box<dyn Query>| {
        BooleanQuery::new(vec![
            (Occur::Must, query),
            (Occur::Must, term("title", "omega")),
        ])
    };
    let sought = matches(&index, &with_rarer(Box::new(union.clone())));
    assert!(!sought.0.is_empty());
    assert_eq!(
        sought,
        matches(&index, &with_rarer(Box::new(tantivy_union)))
    );
}
