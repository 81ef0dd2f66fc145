//! Tests of the real-news span rules.
use super::*;
use crate::news::extend::extend_organisations;

use crate::news::words::spaced_words as words;

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
    assert_eq!(
        extended("the 1999 Columbine High School massacre", (2, 3)),
        "Columbine High School"
    );
    assert_eq!(
        extended("the Senate Judiciary Committee on Tuesday", (1, 2)),
        "Senate Judiciary Committee"
    );
    assert_eq!(extended("Google Stock Hits Record", (0, 1)), "Google");
}

#[test]
fn a_name_before_a_school_is_the_school() {
    let sentence = words("students of Saugus High School ran");
    let spans = extend_organisations(&sentence, vec![("PER", 2, 3)], &Gazetteer::builtin());
    assert_eq!(spans, [("ORG", 2, 5)]);
    let sentence = words("the Trump Administration said");
    let spans = extend_organisations(&sentence, vec![("PER", 1, 2)], &Gazetteer::builtin());
    assert_eq!(spans, [("PER", 1, 2)]);
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
        "Latinos",
        "DUI",
        "PMI",
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

#[test]
fn the_people_of_a_place_are_no_organisation() {
    for people in [
        "Londoners",
        "Texans",
        "Californians",
        "Chicagoans",
        "Rhode Islanders",
    ] {
        assert_eq!(kept("ORG", people), None, "{people}");
    }
    for name in ["Rangers", "Packers", "Baltimore Orioles"] {
        assert_eq!(kept("ORG", name).as_deref(), Some(name), "{name}");
    }
}

#[test]
fn a_name_before_of_and_a_place_after_in_are_cut_off() {
    assert_eq!(
        kept("ORG", "Carlson of Associated Press").as_deref(),
        Some("Associated Press")
    );
    assert_eq!(
        kept("ORG", "Bank of America").as_deref(),
        Some("Bank of America")
    );
    assert_eq!(
        kept("ORG", "Doane University in Crete").as_deref(),
        Some("Doane University")
    );
    assert_eq!(
        kept("ORG", "Long Island University Post in Brookville").as_deref(),
        Some("Long Island University Post")
    );
}

#[test]
fn organisation_names_go_on_left_over_hyphenated_words() {
    let text = "by the European Low-fare Airlines Association and";
    let sentence = &crate::news::words::sentences(text)[0];
    let head = sentence
        .iter()
        .position(|word| word.text == "Airlines")
        .unwrap_or_default();
    let spans = extend_organisations(
        sentence,
        vec![("ORG", head, head + 2)],
        &Gazetteer::builtin(),
    );
    let (_, start, end) = spans[0];
    let words: Vec<&str> = sentence[start..end].iter().map(|word| word.text).collect();
    assert_eq!(
        words,
        ["European", "Low", "-", "fare", "Airlines", "Association"]
    );
    let text = "passed the GOP-controlled Congress and";
    let sentence = &crate::news::words::sentences(text)[0];
    let spans = extend_organisations(sentence, vec![("ORG", 5, 6)], &Gazetteer::builtin());
    assert_eq!(sentence[spans[0].1].text, "Congress");
}

#[test]
fn polls_offices_headlines_and_ordinary_words_around_a_name_are_cut_off() {
    assert_eq!(
        kept("ORG", "Quinnipiac University Poll").as_deref(),
        Some("Quinnipiac University")
    );
    assert_eq!(
        kept("ORG", "International Longshoremen's Association Office").as_deref(),
        Some("International Longshoremen's Association")
    );
    assert_eq!(kept("ORG", "Home Office").as_deref(), Some("Home Office"));
    assert_eq!(
        kept("ORG", "Twitter The Associated Press").as_deref(),
        Some("The Associated Press")
    );
    assert_eq!(kept("ORG", "NATO Leaders").as_deref(), Some("NATO"));
    assert_eq!(kept("ORG", "Bollywood DVD"), None);
    assert_eq!(kept("PER", "DVDs"), None);
    assert_eq!(kept("ORG", "U.S. Mexico Canada Agreement"), None);
}

#[test]
fn laws_and_programmes_name_no_organisation() {
    let law = words("Immigration and Nationality Act");
    assert!(names_no_organisation(&law));
    let school = words("University of Texas School of Law");
    assert!(!names_no_organisation(&school));
}

#[test]
fn titles_programmes_and_companies_are_no_names_of_their_own() {
    assert_eq!(kept("ORG", "Retired Adm"), None);
    assert_eq!(kept("PER", "Rear Adm"), None);
    assert_eq!(kept("ORG", "Obamacare Senate"), Some("Senate".to_string()));
    assert_eq!(kept("PER", "Google Pixelton"), None);
    assert_eq!(kept("PER", "Harbour Channel"), None);
    assert_eq!(kept("PER", "Jane Doe QC"), Some("Jane Doe QC".to_string()));
}
