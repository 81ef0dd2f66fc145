//! Tests of the real-news span rules.
use super::*;
use crate::news::extend::extend_organisations;

fn words(text: &str) -> Vec<Word<'_>> {
    let mut out = Vec::new();
    let mut at = 0;
    for piece in text.split(' ') {
        out.push(Word {
            text: piece,
            start: at,
            end: at + piece.len(),
        });
        at += piece.len() + 1;
    }
    out
}

fn kept(kind: &str, text: &str) -> Option<String> {
    let gazetteer = Gazetteer::builtin();
    let words = words(text);
    let context = Context {
        known_whole: false,
        title_case: text.split(' ').count() > 3,
        sentence_start: true,
    };
    refine(kind, &words, &gazetteer, context).map(|words: Vec<Word>| {
        words
            .iter()
            .map(|word| word.text)
            .collect::<Vec<_>>()
            .join(" ")
    })
}

fn extended(text: &str, tagged: (usize, usize)) -> String {
    let sentence = words(text);
    let spans = extend_organisations(
        &sentence,
        vec![("ORG", tagged.0, tagged.1)],
        &Gazetteer::builtin(),
    );
    let (_, start, end) = spans[0];
    sentence[start..end]
        .iter()
        .map(|word| word.text)
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn organisation_names_go_on_after_of_for_and_on() {
    assert_eq!(
        extended("the U.S. Commission on Civil Rights said", (1, 3)),
        "U.S. Commission on Civil Rights"
    );
    assert_eq!(
        extended(
            "the Organisation for the Prohibition of Chemical Weapons said",
            (1, 2)
        ),
        "Organisation for the Prohibition of Chemical Weapons"
    );
    assert_eq!(
        extended("the Congress on Russian meddling", (1, 2)),
        "Congress"
    );
    assert_eq!(
        extended("the Commission on Monday said", (1, 2)),
        "Commission"
    );
    assert_eq!(
        extended("the Justice Department and FBI agreed", (1, 3)),
        "Justice Department"
    );
    assert_eq!(
        extended("the Committee on drug pricing", (1, 2)),
        "Committee"
    );
}

#[test]
fn inside_a_sentence_an_ordinary_first_name_starts_a_name() {
    let gazetteer = Gazetteer::builtin();
    let inside = Context {
        known_whole: false,
        title_case: false,
        sentence_start: false,
    };
    let at_start = Context {
        sentence_start: true,
        ..inside
    };
    for name in ["Rand Paul", "Will Hurd", "Hope Hicks"] {
        let found = refine("PER", &words(name), &gazetteer, inside).map(|words| {
            words
                .iter()
                .map(|word| word.text)
                .collect::<Vec<_>>()
                .join(" ")
        });
        assert_eq!(found.as_deref(), Some(name));
    }
    let found = refine("PER", &words("Well Done"), &gazetteer, at_start);
    assert!(found.is_none());
}

#[test]
fn people_lose_roles_verbs_and_hover_cards() {
    assert_eq!(
        kept("PER", "Paul Ryan Reportedly").as_deref(),
        Some("Paul Ryan")
    );
    assert_eq!(kept("PER", "Singer Jenifer").as_deref(), Some("Jenifer"));
    assert_eq!(kept("PER", "Baker has").as_deref(), Some("Baker"));
    assert_eq!(
        kept("PER", "Luther Strange Luther Johnson Strange").as_deref(),
        Some("Luther Strange")
    );
    assert_eq!(
        kept("PER", "Mitch McConnell Addison Mitchell McConnell").as_deref(),
        Some("Mitch McConnell")
    );
    assert_eq!(
        kept("PER", "Dick Morris Says").as_deref(),
        Some("Dick Morris")
    );
    assert_eq!(kept("PER", "Neil Young").as_deref(), Some("Neil Young"));
    assert_eq!(
        kept("PER", "Lamar AlexanderWhite House").as_deref(),
        Some("Lamar Alexander")
    );
    assert_eq!(
        kept("PER", "Mitch McConnell").as_deref(),
        Some("Mitch McConnell")
    );
    assert_eq!(kept("PER", "Mia Love Gov").as_deref(), Some("Mia Love"));
    assert_eq!(kept("PER", "Hey Joe").as_deref(), Some("Joe"));
    for junk in [
        "Well",
        "Damage",
        "Before",
        "No Chance",
        "Trip Abroad",
        "Superstorm Sandy",
        "Tiananmen Sq",
        "Awards",
    ] {
        assert_eq!(kept("PER", junk), None, "{junk}");
    }
}

#[test]
fn organisations_lose_laws_titles_and_headlines() {
    for junk in [
        "LLC",
        "Sen",
        "Mr",
        "Constitution",
        "Obamacare",
        "Affordable Care Act",
        "First Amendment",
        "State of the Union",
        "Social Security",
        "Oval Office",
        "MORE",
        "Media",
        "Well",
        "Photos",
        "Warren Proposes Universal Child Care Plan Funded",
        "Alabama Alabama",
        "New Mexico New Mexico Gov",
        "Emperor of Morocco",
        "Santa Fe School Shooting",
        "POTUS",
    ] {
        assert_eq!(kept("ORG", junk), None, "{junk}");
    }
    assert_eq!(kept("ORG", "Senate Majority").as_deref(), Some("Senate"));
    assert_eq!(kept("ORG", "U.S. Constitution"), None);
    for name in [
        "House Ways and Means Committee",
        "Federal Bureau of Investigation",
        "Republican Party",
        "Reuters",
    ] {
        assert_eq!(kept("ORG", name).as_deref(), Some(name), "{name}");
    }
}
