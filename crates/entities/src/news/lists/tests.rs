//! Tests of the list and run-together name rules.
use super::*;
use crate::gazetteer::phrase_key;

/// The words of a text split at spaces (offsets are not needed here).
fn words(text: &'static str) -> Vec<Word<'static>> {
    text.split(' ')
        .map(|text| Word {
            text,
            start: 0,
            end: 0,
        })
        .collect()
}

fn text(words: &[Word]) -> String {
    phrase_key(words.iter().map(|word| word.text))
}

fn parts(names: &[&'static str]) -> Vec<(&'static str, Vec<Word<'static>>)> {
    names.iter().map(|name| ("PER", words(name))).collect()
}

fn names(parts: Vec<(&'static str, Vec<Word>)>) -> Vec<String> {
    parts.iter().map(|(_, words)| text(words)).collect()
}

fn organisation_parts(text_of_span: &'static str) -> Vec<(&'static str, String)> {
    split_organisation_span("ORG", &words(text_of_span), &Gazetteer::builtin())
        .into_iter()
        .map(|(kind, words)| (kind, text(words)))
        .collect()
}

#[test]
fn organisation_spans_holding_two_names_split() {
    let parts = |text| organisation_parts(text);
    assert_eq!(
        parts("Jonathan Karl of ABC News"),
        [("PER", "Jonathan Karl".into()), ("ORG", "ABC News".into())]
    );
    assert_eq!(
        parts("Jennifer McCoy and Tahmina Rahman of Georgia State University"),
        [
            ("PER", "Jennifer McCoy".into()),
            ("PER", "Tahmina Rahman".into()),
            ("ORG", "Georgia State University".into())
        ]
    );
    assert_eq!(
        parts("Doane University in Nebraska"),
        [("ORG", "Doane University".into())]
    );
    assert_eq!(
        parts("Senate Democrats"),
        [("ORG", "Senate".into()), ("ORG", "Democrats".into())]
    );
    assert_eq!(
        parts("Top House Democrats"),
        [("ORG", "House".into()), ("ORG", "Democrats".into())]
    );
    assert_eq!(
        parts("California Governor Newsom"),
        [("MISC", "California".into()), ("PER", "Newsom".into())]
    );
    assert_eq!(
        parts("Supreme Court Chief Justice"),
        [("ORG", "Supreme Court".into())]
    );
    assert_eq!(parts("Oregon Democrat"), [("MISC", "Oregon".into())]);
    assert_eq!(parts("Newcomer Ciara"), [("PER", "Ciara".into())]);
    assert_eq!(parts("Sen . Hope Zarrow"), [("PER", "Hope Zarrow".into())]);
    assert_eq!(parts("Kevin Spacey"), [("PER", "Kevin Spacey".into())]);
    assert_eq!(
        parts("Obama Justice Department"),
        [("ORG", "Justice Department".into())]
    );
    for whole in [
        "Department of Justice",
        "Justice Department",
        "Republican National Committee",
        "Harris Poll",
        "Ford Motor",
        "Bank of America",
        "University of Texas",
        "Church of Jesus Christ of Latter-day Saints",
        "Federal Bureau of Investigation",
    ] {
        assert_eq!(parts(whole), [("ORG", whole.into())]);
    }
}

#[test]
fn run_together_names_split_where_the_article_names_them_apart() {
    let gazetteer = Gazetteer::builtin();
    let split = split_run_together_names(
        parts(&[
            "Lamar Alexander",
            "Lamar Alexander Andrew",
            "Mitch McConnell",
            "Alexander",
            "Rand Paul",
            "Donald Trump",
            "Trump Paul",
        ]),
        &gazetteer,
    );
    assert_eq!(
        names(split),
        [
            "Lamar Alexander",
            "Lamar Alexander",
            "Mitch McConnell",
            "Alexander",
            "Rand Paul",
            "Donald Trump",
            "Trump",
            "Paul"
        ]
    );
    // A full name written once, whose parts the article uses alone, stays whole.
    let kept = split_run_together_names(
        parts(&[
            "Sarah Huckabee Sanders",
            "Sanders",
            "Martin Luther King",
            "King",
        ]),
        &gazetteer,
    );
    assert_eq!(
        names(kept),
        [
            "Sarah Huckabee Sanders",
            "Sanders",
            "Martin Luther King",
            "King"
        ]
    );
}
