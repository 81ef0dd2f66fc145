use tantivy::indexer::NoMergePolicy;
use tantivy::schema::{Schema, TEXT};
use tantivy::tokenizer::{LowerCaser, SimpleTokenizer};
use tantivy::{doc, Index};

use super::*;

/// A searcher over `texts` as stored bodies, one segment per text, and a lowercasing analyzer.
fn one_segment_each(texts: &[&str]) -> (Searcher, [Field; 2], TextAnalyzer) {
    let mut builder = Schema::builder();
    let body = builder.add_text_field("body", TEXT | tantivy::schema::STORED);
    let title = builder.add_text_field("title", TEXT);
    let index = Index::create_in_ram(builder.build());
    let mut writer = index.writer_with_num_threads(1, 15_000_000).unwrap();
    writer.set_merge_policy(Box::new(NoMergePolicy));
    for text in texts {
        writer.add_document(doc!(body => *text)).unwrap();
        writer.commit().unwrap();
    }
    let analyzer = TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(LowerCaser)
        .build();
    (index.reader().unwrap().searcher(), [body, title], analyzer)
}

fn suggest(
    searcher: &Searcher,
    fields: [Field; 2],
    analyzer: &TextAnalyzer,
    q: &str,
) -> Option<String> {
    did_you_mean(&check_words(searcher, analyzer, fields, q))
}

#[test]
fn frequency_counts_every_segment() {
    // Three articles, one per segment: no single segment reaches MIN_FREQUENCY.
    let (searcher, fields, analyzer) =
        one_segment_each(&["ceasefire talks", "a ceasefire holds", "the ceasefire ends"]);
    assert_eq!(searcher.segment_readers().len(), 3);
    let suggestion = suggest(&searcher, fields, &analyzer, "ceasfire");
    assert_eq!(suggestion.as_deref(), Some("ceasefire"));
    assert_eq!(suggest(&searcher, fields, &analyzer, "ceasefire"), None);
}

#[test]
fn corrections_keep_the_first_letter() {
    let (searcher, fields, analyzer) = one_segment_each(&["the election and the earthquake"; 5]);
    let suggest = |q: &str| suggest(&searcher, fields, &analyzer, q);
    assert_eq!(suggest("eartquake").as_deref(), Some("earthquake"));
    assert_eq!(suggest("electoin").as_deref(), Some("election"));
    // One edit away, but in the first letter: not corrected (Lucene's minPrefix 1).
    assert_eq!(suggest("rlection"), None);
}

#[test]
fn longer_queries_are_corrected_word_by_word_and_unknown_words_left_out() {
    let mut texts = vec!["the government shutdown talks"; 30];
    texts.push("a zebra escaped");
    let (searcher, fields, analyzer) = one_segment_each(&texts);
    let words = check_words(
        &searcher,
        &analyzer,
        fields,
        "goverment shutdwn talks xylophone",
    );
    assert_eq!(
        corrected_query(&words).as_deref(),
        Some("government shutdown talks")
    );
    assert_eq!(
        did_you_mean(&words).as_deref(),
        Some("government shutdown talks xylophone")
    );
    // A rare but real word stays, and so does the query when nothing needs changing.
    let words = check_words(&searcher, &analyzer, fields, "zebra talks");
    assert_eq!(words[0].1, WordFix::Known(1), "{words:?}");
    assert_eq!(words[1].1, WordFix::Known(30), "{words:?}");
    assert_eq!(corrected_query(&words), None);
    // Nothing left once unknown words are left out: no query to search instead.
    let words = check_words(&searcher, &analyzer, fields, "xylophone quarkonium");
    assert_eq!(corrected_query(&words), None);
}

#[test]
fn corrections_are_spelt_as_the_closest_word_of_a_few_articles() {
    // Indexed with stems, as the index's analyzer does: "interests" and "interest" are one
    // term; the best-scoring article only writes "interests".
    let analyzer = newsroom_index::schema::text_analyzer();
    let indexing = tantivy::schema::TextOptions::default()
        .set_stored()
        .set_indexing_options(tantivy::schema::TextFieldIndexing::default().set_tokenizer("stems"));
    let mut builder = Schema::builder();
    let body = builder.add_text_field("body", indexing.clone());
    let title = builder.add_text_field("title", indexing);
    let index = Index::create_in_ram(builder.build());
    index.tokenizers().register("stems", analyzer.clone());
    let mut writer = index.writer_with_num_threads(1, 15_000_000).unwrap();
    writer.add_document(doc!(body => "Interests")).unwrap();
    for _ in 0..4 {
        writer
            .add_document(doc!(body => "The interest rates rose, and with them interests on debt, as interests do."))
            .unwrap();
    }
    writer.commit().unwrap();
    let searcher = index.reader().unwrap().searcher();
    let suggestion = suggest(&searcher, [body, title], &analyzer, "interst");
    assert_eq!(suggestion.as_deref(), Some("interest"));
}

#[test]
fn edit_distance_counts_characters() {
    assert_eq!(edit_distance("elecion", "election"), 1);
    assert_eq!(edit_distance("café", "cafe"), 1);
    assert_eq!(edit_distance("", "abc"), 3);
}
