use super::*;

fn highlighter(terms: &[&str], literals: &[&str]) -> Highlighter {
    Highlighter::new(
        terms.iter().map(|t| t.to_string()).collect(),
        literals.iter().map(|t| t.to_string()).collect(),
    )
}

#[test]
fn highlights_stemmed_matches_and_merges_phrases() {
    let html =
        highlighter(&["time", "warner"], &[]).highlight_all("Ad sales boost Time Warner profit");
    assert_eq!(html, "Ad sales boost <mark>Time Warner</mark> profit");
    let html = highlighter(&["talk"], &[]).highlight_all("Talks began; talking helps");
    assert_eq!(html, "<mark>Talks</mark> began; <mark>talking</mark> helps");
}

#[test]
fn picks_matching_sentences_in_text_order() {
    let text =
        "First line about nothing. Second mentions oil prices. Third is dull. Fourth: oil again.";
    let fragments = highlighter(&["oil"], &[]).fragments(text, 2, &[]);
    let texts: Vec<&str> = fragments.iter().map(|f| f.text.as_str()).collect();
    assert_eq!(texts, ["Second mentions oil prices.", "Fourth: oil again."]);
    assert_eq!(fragments[0].highlights, vec![[16, 19]]);
}

#[test]
fn offsets_are_characters_and_html_is_escaped() {
    let fragments = highlighter(&["café"], &[]).fragments("Le <b>café</b> à Paris.", 3, &[]);
    assert_eq!(
        fragments[0].highlights.len(),
        0,
        "café is folded to cafe by the analyzer"
    );
    let fragments =
        highlighter(&["cafe"], &[]).fragments("Un café à Paris, «cafe» <script>.", 3, &[]);
    assert_eq!(fragments[0].highlights, vec![[3, 7], [18, 22]]);
    assert_eq!(
        fragments_html(&fragments),
        "Un <mark>café</mark> à Paris, «<mark>cafe</mark>» &lt;script&gt;."
    );
}

#[test]
fn entity_literals_are_highlighted() {
    let html =
        highlighter(&[], &["Vladimir Putin"]).highlight_all("Talks with Vladimir Putin ended");
    assert_eq!(html, "Talks with <mark>Vladimir Putin</mark> ended");
}

#[test]
fn long_sentences_are_windowed_around_the_match() {
    let long = format!("{} oil {}", "word ".repeat(100), "more ".repeat(100));
    let fragments = highlighter(&["oil"], &[]).fragments(&long, 1, &[]);
    let fragment = &fragments[0];
    assert!(fragment.text.chars().count() <= FRAGMENT_CHARS + 4);
    let [start, end] = fragment.highlights[0];
    let marked: String = fragment
        .text
        .chars()
        .skip(start)
        .take(end - start)
        .collect();
    assert_eq!(marked, "oil");
}

#[test]
fn character_ranges_convert_to_the_same_bytes_in_one_pass() {
    let text = "Zelenskyy’s “peace” plan — Kyiv, Ukraine; naïve café";
    let chars = text.chars().count();
    let cases: [&[[usize; 2]]; 5] = [
        &[[0, 9], [13, 18], [27, 31]],
        &[[0, 4], [4, 9]],
        &[[3, 3], [chars - 4, chars]],
        &[[40, 45], [2, 6]],
        &[[chars, chars + 3]],
    ];
    for highlights in cases {
        let expected: Vec<Range<usize>> = highlights
            .iter()
            .map(|[start, end]| char_to_byte(text, *start)..char_to_byte(text, *end))
            .collect();
        assert_eq!(byte_ranges(text, highlights), expected, "{highlights:?}");
    }
}

#[test]
fn escaping_copies_the_text_between_special_characters() {
    assert_eq!(
        escape_html(r#"<a href="x">Tom & Jerry's</a> — “ok”"#),
        "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt; — “ok”"
    );
    assert_eq!(escape_html(""), "");
}

#[test]
fn fragments_are_joined_by_one_ellipsis() {
    let fragment = |text: &str| Fragment {
        text: text.to_string(),
        highlights: Vec::new(),
    };
    let cases = [
        (["One.", "Two."], "One. … Two."),
        (
            ["… chemical weapons, U.S. …", "… by Lavrov …"],
            "… chemical weapons, U.S. … by Lavrov …",
        ),
        (["Start …", "Next."], "Start … Next."),
        (["Start.", "… middle"], "Start. … middle"),
    ];
    for ([first, second], expected) in cases {
        let html = fragments_html(&[fragment(first), fragment(second)]);
        assert_eq!(html, expected);
        assert!(!html.contains("… …"), "{html}");
    }
}

#[test]
fn sentences_naming_a_filtered_entity_with_query_words_come_first() {
    let text = "Peace talks resumed, and peace talks may go on. Peace talks stalled again. \
                Moscow said nothing. Peace talks were held once more. The Kremlin welcomed the talks.";
    let highlighter = highlighter(&["peac", "talk"], &["Vladimir Putin", "Putin"]);
    let spellings = ["Kremlin".to_string(), "Moscow".to_string()];
    let fragments = highlighter.fragments(text, 2, &spellings);
    let texts: Vec<&str> = fragments.iter().map(|f| f.text.as_str()).collect();
    // "Moscow said nothing." names the entity without a query word: not preferred.
    assert_eq!(
        texts,
        [
            "Peace talks resumed, and peace talks may go on.",
            "The Kremlin welcomed the talks."
        ]
    );
    // Without the article's spellings nothing names the entity: the best sentences by matches.
    let fragments = highlighter.fragments(text, 2, &[]);
    assert!(fragments.iter().all(|f| !f.text.contains("Kremlin")));
}

#[test]
fn a_sentence_the_text_repeats_is_shown_once() {
    let text = "Rates rose again today.\nRates rose again today.\nShares fell as rates climbed.";
    let fragments = highlighter(&["rate"], &[]).fragments(text, 3, &[]);
    let texts: Vec<&str> = fragments.iter().map(|f| f.text.as_str()).collect();
    assert_eq!(
        texts,
        ["Rates rose again today.", "Shares fell as rates climbed."]
    );
}
