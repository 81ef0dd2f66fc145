//! The news extractor end to end: tagger, canonical names, countries, organisations, datelines
//! and the traps the issue lists, on text written for these tests.

use std::sync::OnceLock;

use newsroom_entities::{Entities, Entity, NewsExtractor};

fn extractor() -> &'static NewsExtractor {
    static EXTRACTOR: OnceLock<NewsExtractor> = OnceLock::new();
    EXTRACTOR.get_or_init(|| NewsExtractor::builtin().expect("built-in model loads"))
}

fn extract(text: &str) -> Entities {
    extractor().extract_text(text)
}

fn names(entities: &[Entity]) -> Vec<(&str, u32)> {
    entities
        .iter()
        .map(|entity| (entity.name.as_str(), entity.count))
        .collect()
}

const WIRE_STORY: &str = "Putin, Zelenskiy trade blame as Trump-Putin call nears

MOSCOW, March 18 (Reuters) - Russian President Vladimir Putin told U.S. President Donald Trump on Tuesday that Moscow was ready for talks, the Kremlin said, as Ukraine's Volodymyr Zelenskiy accused Russia of stalling. Putin's aide Yuri Ushakov said the two leaders discussed a ceasefire.

The International Atomic Energy Agency (IAEA) said its inspectors at the Zaporizhzhia plant reported shelling. IAEA chief Rafael Grossi urged restraint. The U.S.-Russia talks in Riyadh, Saudi Arabia, were also attended by Secretary of State Marco Rubio.

\"We want peace,\" Zelensky said in Kyiv. Trump's envoy Steve Witkoff met NATO officials in Brussels, and British Prime Minister Keir Starmer spoke to French President Emmanuel Macron.";

#[test]
fn wire_story_gives_exact_canonical_entities() {
    let found = extract(WIRE_STORY);
    assert_eq!(
        names(&found.persons),
        [
            ("Vladimir Putin", 4),
            ("Volodymyr Zelensky", 3),
            ("Donald Trump", 3),
            ("Yuri Ushakov", 1),
            ("Rafael Grossi", 1),
            ("Marco Rubio", 1),
            ("Steve Witkoff", 1),
            ("Keir Starmer", 1),
            ("Emmanuel Macron", 1),
        ]
    );
    assert_eq!(
        names(&found.countries),
        [
            ("Russia", 6), // "the Kremlin" names Russia too
            ("Ukraine", 3),
            ("United States", 2),
            ("Saudi Arabia", 2),
            ("Belgium", 1),
            ("United Kingdom", 1),
            ("France", 1),
        ]
    );
    let organizations = names(&found.orgs);
    assert_eq!(organizations[0], ("International Atomic Energy Agency", 3));
    assert!(organizations.contains(&("North Atlantic Treaty Organization", 1)));
    // Evidence: the ways the article wrote each entity.
    let putin = &found.persons[0];
    assert!(putin.mentions.contains(&"Putin".to_string()));
    assert!(putin.mentions.contains(&"Vladimir Putin".to_string()));
    let russia = &found.countries[0];
    assert!(
        russia.mentions.contains(&"MOSCOW".to_string()),
        "the dateline counts"
    );
}

#[test]
fn titles_are_not_part_of_names() {
    let found =
        extract("Secretary of State Marco Rubio and special envoy Steve Witkoff met Mr. Grossi.");
    let persons: Vec<&str> = found.persons.iter().map(|p| p.name.as_str()).collect();
    assert!(persons.contains(&"Marco Rubio"), "{persons:?}");
    assert!(persons.contains(&"Steve Witkoff"), "{persons:?}");
    assert!(!persons
        .iter()
        .any(|name| name.contains("Secretary") || name.contains("Mr")));
}

#[test]
fn datelines_locate_the_story() {
    let found = extract("Plant to close\n\nROCHESTER, N.Y., Feb 26 - The plant will close in June, the company said.");
    assert_eq!(names(&found.countries), [("United States", 1)]);
    let found = extract("Drones hit power lines\n\nKYIV, Ukraine (AP) — Drones hit power lines overnight, officials said.");
    assert_eq!(names(&found.countries)[0].0, "Ukraine");
}

#[test]
fn country_traps_give_no_country() {
    let found = extract(
        "Oil rigs in the Gulf of Mexico were shut as storms hit New Mexico and Jersey City.",
    );
    let countries: Vec<&str> = found.countries.iter().map(|c| c.name.as_str()).collect();
    assert!(!countries.contains(&"Mexico"), "{countries:?}");
    assert!(!countries.contains(&"Jersey"), "{countries:?}");
    let found = extract("Running back Chad Johnson scored twice as Chad's team won.");
    assert!(
        !found.countries.iter().any(|c| c.name == "Chad"),
        "{:?}",
        found.countries
    );
    let found = extract("Families bought Turkey and stuffing for Thanksgiving dinner on Thursday.");
    assert!(
        !found.countries.iter().any(|c| c.name == "Turkey"),
        "{:?}",
        found.countries
    );
    let found = extract("Turkey and Greece signed a deal in Ankara on Monday.");
    assert!(found.countries.iter().any(|c| c.name == "Turkey"));
    let found = extract("Voters in Georgia lined up in Atlanta on Tuesday to elect a governor.");
    let countries: Vec<&str> = found.countries.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(countries, ["United States"]);
}

#[test]
fn hyphenated_pairs_are_two_entities_and_hyphenated_names_one() {
    let found =
        extract("Joe Biden and Boris Johnson held Biden-Johnson talks with Jean-Claude Juncker.");
    let persons: Vec<&str> = found.persons.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(
        persons,
        ["Joe Biden", "Boris Johnson", "Jean-Claude Juncker"]
    );
    assert_eq!(found.persons[0].count, 2);
}

#[test]
fn double_barrelled_surnames_stay_whole_and_pairs_of_people_stay_apart() {
    let found = extract(
        "Ocasio-Cortez slams Trump-Putin summit\n\nRep. Alexandria Ocasio-Cortez said the summit \
         between Donald Trump and Vladimir Putin was a mistake. Ocasio-Cortez said Joe \
         Biden-Putin talks were not planned.",
    );
    assert_eq!(
        names(&found.persons),
        [
            ("Alexandria Ocasio-Cortez", 3),
            ("Vladimir Putin", 3),
            ("Donald Trump", 2),
            ("Joe Biden", 1),
        ]
    );
}

#[test]
fn the_first_half_of_a_double_barrelled_surname_names_the_person() {
    let found = extract(
        "Rep. Alexandria Ocasio-Cortez spoke on Monday. Later, Ocasio told reporters she would \
         vote no.",
    );
    assert_eq!(names(&found.persons), [("Alexandria Ocasio-Cortez", 2)]);
}

#[test]
fn aliases_merge_transliterations() {
    let found = extract("Muammar Qaddafi ruled Libya for decades. Gaddafi was killed in 2011.");
    assert_eq!(names(&found.persons), [("Muammar Gaddafi", 2)]);
}

#[test]
fn abbreviations_defined_in_parentheses_merge_with_the_long_name() {
    let found = extract(
        "Doctors Without Borders (MSF) said its clinic in Gaza was hit. MSF staff were evacuated, \
         and MSF asked for a pause.",
    );
    let organizations = names(&found.orgs);
    // The long name, the abbreviation in parentheses and its two later uses.
    assert_eq!(
        organizations[0],
        ("Doctors Without Borders", 4),
        "{organizations:?}"
    );
}

#[test]
fn middle_initials_are_dropped_unless_they_tell_people_apart() {
    let found = extract(
        "Former President George H.W. Bush and his son, former President George W. Bush, \
         met House Speaker John A. Boehner in Texas. Boehner thanked both men.",
    );
    let mut people = names(&found.persons);
    people.sort();
    assert_eq!(
        people,
        [
            ("George H. W. Bush", 1),
            ("George W. Bush", 1),
            ("John Boehner", 2)
        ]
    );
}
