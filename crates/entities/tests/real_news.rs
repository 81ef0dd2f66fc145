//! What scraped web news does to a CoNLL-trained extractor, case by case: headlines in title
//! case, laws and titles taken for organisations, hover cards, first names alone, places inside
//! other names, historical names and datelines. Text written for these tests in the style of the
//! pages where each case was seen.

use std::sync::OnceLock;

use newsroom_entities::{Entities, Entity, NewsExtractor};

fn extractor() -> &'static NewsExtractor {
    static EXTRACTOR: OnceLock<NewsExtractor> = OnceLock::new();
    EXTRACTOR.get_or_init(|| NewsExtractor::builtin().expect("built-in model loads"))
}

/// The built-in gazetteer with the shipped `extra/` files, as `newsroom` loads it.
fn extra_gazetteer() -> newsroom_entities::Gazetteer {
    let folder =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../index-data/entities/extra");
    newsroom_entities::Gazetteer::builtin_with_folder(&folder).expect("extra gazetteer loads")
}

/// The extractor with the shipped `extra/` files, loaded once for every test that needs it.
fn extractor_with_extra() -> &'static NewsExtractor {
    static EXTRACTOR: OnceLock<NewsExtractor> = OnceLock::new();
    EXTRACTOR.get_or_init(|| {
        NewsExtractor::with_gazetteer(extra_gazetteer()).expect("built-in model loads")
    })
}

fn extract(text: &str) -> Entities {
    extractor().extract_text(text)
}

fn names(entities: &[Entity]) -> Vec<&str> {
    entities.iter().map(|entity| entity.name.as_str()).collect()
}

fn assert_none_of(found: &[Entity], unwanted: &[&str]) {
    let found = names(found);
    for name in unwanted {
        assert!(!found.contains(name), "{name} in {found:?}");
    }
}

#[test]
fn laws_titles_programmes_and_buildings_are_not_organisations() {
    let found = extract(
        "Sen. Mitch McConnell said the Affordable Care Act, Obamacare and the First Amendment \
         were at stake. The Constitution came up at the State of the Union address, and Mr. \
         Biden spoke about Social Security in the Oval Office before Senate Majority Leader \
         Chuck Schumer left the Capitol. Acme Holdings LLC paid for the ads, a PAC said.",
    );
    assert_none_of(
        &found.orgs,
        &[
            "Affordable Care Act",
            "Obamacare",
            "First Amendment",
            "Constitution",
            "State of the Union",
            "Social Security",
            "Oval Office",
            "Senate Majority",
            "Capitol",
            "LLC",
            "Sen",
            "Mr",
            "PAC",
        ],
    );
    assert_none_of(&found.persons, &["Obamacare", "Constitution"]);
    assert!(names(&found.persons).contains(&"Mitch McConnell"));
}

#[test]
fn ordinary_words_are_not_people_or_organisations() {
    let found = extract(
        "Well, the damage was done. Before the vote, More than half the members left. Media \
         reports said the storm moved on. Damage was everywhere in Denver.",
    );
    assert_none_of(
        &found.persons,
        &["Well", "Damage", "Before", "Denver", "More"],
    );
    assert_none_of(&found.orgs, &["Well", "Media", "More", "Damage"]);
}

#[test]
fn headline_words_do_not_become_names() {
    let found = extract(
        "Obama Presses Putin On Strike Ukraine Peace Deal\n\nPresident Barack Obama spoke with \
         Vladimir Putin on Friday.",
    );
    assert_none_of(
        &found.persons,
        &[
            "Obama Presses Putin",
            "Strike Ukraine Peace Deal",
            "Obama Presses",
        ],
    );
    assert_none_of(&found.orgs, &["Strike Ukraine Peace Deal"]);
    let found = extract(
        "Paul Ryan Reportedly Weighs Exit; Dick Morris Says No Chance\n\nHouse Speaker Paul Ryan \
         is said to be weighing his future, and Dick Morris says he will go.",
    );
    assert!(names(&found.persons).contains(&"Paul Ryan"));
    assert!(names(&found.persons).contains(&"Dick Morris"));
    assert_none_of(
        &found.persons,
        &["Paul Ryan Reportedly", "Dick Morris Says", "No Chance"],
    );
    let found = extract(
        "Bomb Suspect Changed After Trip Abroad, Friends Say\n\nThe suspect returned from \
         Pakistan in 2014.",
    );
    assert_none_of(&found.persons, &["Trip Abroad", "Friends Say"]);
    assert_none_of(&found.orgs, &["Trip Abroad"]);
}

#[test]
fn hover_cards_and_glued_words_leave_the_name() {
    let found = extract(
        "The race pits Sen. Luther Strange Luther Johnson StrangeState officials said Roy Moore \
         would win. Sen. Lamar AlexanderWhite House aides said little.",
    );
    let persons = names(&found.persons);
    assert!(persons.contains(&"Luther Strange"), "{persons:?}");
    assert_none_of(
        &found.persons,
        &[
            "Luther Strange Luther Johnson StrangeState",
            "Luther Strange Luther Johnson Strange",
            "Lamar AlexanderWhite House",
        ],
    );
}

#[test]
fn split_names_are_joined_and_titles_cut() {
    let found = extract(
        "The AFL-CIO backed the bill in the House Ways and Means Committee. PM Arseniy \
         Yatsenyuk met Special Counsel Robert Mueller, and Congressman John Conyers spoke.",
    );
    let organizations = names(&found.orgs);
    assert!(organizations.contains(&"AFL-CIO"), "{organizations:?}");
    assert!(
        organizations.contains(&"House Ways and Means Committee"),
        "{organizations:?}"
    );
    assert_none_of(
        &found.orgs,
        &["AFL", "CIO", "Means Committee", "PM Arseniy Yatsenyuk"],
    );
    let persons = names(&found.persons);
    for name in ["Arseniy Yatsenyuk", "Robert Mueller", "John Conyers"] {
        assert!(persons.contains(&name), "{name} not in {persons:?}");
    }
    assert_none_of(&found.persons, &["Counsel Mueller", "Congressman Conyers"]);
}

#[test]
fn first_names_and_accents_join_the_full_name() {
    let found = extract(
        "Hillary Clinton and Bernie Sanders debated. Later Hillary said Bernie was wrong. \
         Francois Hollande met the press; François Hollande said little.",
    );
    let persons = names(&found.persons);
    assert_none_of(&found.persons, &["Hillary", "Bernie"]);
    assert!(persons.contains(&"Hillary Clinton") && persons.contains(&"Bernie Sanders"));
    let hollande: Vec<&&str> = persons.iter().filter(|n| n.contains("Hollande")).collect();
    assert_eq!(hollande.len(), 1, "{persons:?}");
    assert_none_of(&found.orgs, &["François Hollande", "Francois Hollande"]);
    // A first name no full name of the article explains is no facet value.
    let found = extract("Donald said the deal was done.");
    assert_none_of(&found.persons, &["Donald"]);
}

#[test]
fn places_inside_other_names_give_no_country() {
    let found = extract("The storm moved into the Gulf of Mexico on Tuesday.");
    assert_none_of(&found.countries, &["Mexico"]);
    let found = extract("She took a Spanish class at the community college in Ohio.");
    assert_none_of(&found.countries, &["Spain"]);
    let found = extract("Voters in Atlanta, Georgia, lined up as Gov. Brian Kemp watched.");
    assert_none_of(&found.countries, &["Georgia"]);
    assert!(names(&found.countries).contains(&"United States"));
    let found = extract("Georgian troops left Tbilisi as Georgia's president spoke.");
    assert!(names(&found.countries).contains(&"Georgia"));
}

#[test]
fn historical_names_and_wire_datelines_resolve() {
    let found = extract(
        "Hoechst AG of West Germany said its plant in Ludwigshafen, West Germany, would close.",
    );
    assert_eq!(names(&found.countries), ["Germany"]);
    let found = extract("FRANKFURT, March 3 - The Bundesbank left its rates unchanged.");
    assert_eq!(names(&found.countries), ["Germany"]);
    let found = extract("BONN, Jan 12 - Ministers met again.");
    assert_eq!(names(&found.countries), ["Germany"]);
    let found = extract("The Soviet Union and the USSR's allies met in Burma, then in Zaire.");
    let countries = names(&found.countries);
    for name in [
        "Soviet Union",
        "Myanmar",
        "Democratic Republic of the Congo",
    ] {
        assert!(countries.contains(&name), "{name} not in {countries:?}");
    }
    assert_none_of(&found.countries, &["Russia"]);
    let found = extract("Chris Stevens was killed in Benghazi in 2012.");
    assert_none_of(&found.persons, &["Benghazi"]);
    assert!(names(&found.countries).contains(&"Libya"));
}

#[test]
fn an_organisation_named_after_a_hyphen_is_the_longer_name() {
    let found = extract(
        "The sprinter was accused by the United States Anti-Doping Agency (USADA) of doping.",
    );
    assert_eq!(names(&found.orgs), ["United States Anti-Doping Agency"]);
}

#[test]
fn quoted_titles_are_works_not_organisations() {
    let found = extract(
        "Mr. Lankford said on “Face the Nation” that the Senate would act, and later he told \
         the “Rick & Bubba” radio show the same.",
    );
    assert_none_of(&found.orgs, &["Face the Nation", "Rick & Bubba"]);
    assert!(names(&found.orgs).contains(&"Senate"));
}

#[test]
fn a_name_inside_a_quoted_title_is_still_named_elsewhere() {
    let found = extract(
        "Stephen Colbert mocked the senator on “The Late Show with Stephen Colbert” on Monday,          and the senator answered on “Fox News Sunday” before Fox News aired a second interview.",
    );
    assert!(names(&found.persons).contains(&"Stephen Colbert"));
    assert!(names(&found.orgs).contains(&"Fox News"));
}

#[test]
fn a_known_organisation_in_quotation_marks_is_still_one() {
    let found = extract("Protesters held signs praising “Human Rights Watch” outside the court.");
    assert!(names(&found.orgs).contains(&"Human Rights Watch"));
}

#[test]
fn a_city_named_alone_is_a_place_with_the_shipped_extra_gazetteer() {
    let gazetteer = extra_gazetteer();
    assert!(gazetteer.is_place("Memphis"));
    assert!(gazetteer.is_place("Bay State"));
    assert!(gazetteer.is_place("London Heathrow"));
    assert!(gazetteer.is_place("Southern California"));
    let found = extractor_with_extra().extract_text(
        "Democrats running outside big cities like Nashville and Memphis struggle, and the Bay \
         State's race was quiet.",
    );
    assert_none_of(&found.orgs, &["Memphis", "Bay State"]);
    assert_eq!(names(&found.countries), ["United States"]);
}

#[test]
fn a_cut_al_qaeda_and_anti_semitism_name_no_other_organisation() {
    let extractor = extractor_with_extra();
    let found = extractor.extract_text(
        "Officials said the cell answered to al-Qaeda. Critics said the group had ignored \
         anti-Semitism for years, and that Qaeda recruiters were still active in the region.",
    );
    assert_none_of(&found.orgs, &["Qaeda", "Semitism"]);
    assert!(names(&found.orgs).contains(&"al-Qaeda"), "{:?}", found.orgs);
}

#[test]
fn agreements_slogans_eras_and_molecules_are_not_organisations() {
    let extractor = extractor_with_extra();
    let found = extractor.extract_text(
        "The senator wore a MAGA hat at Mar-a-Lago and said NAFTA and the TPP had failed since \
         the Great Depression. DNA evidence, FISA warrants and the Bill of Rights came up, as \
         did the MeToo movement.",
    );
    assert_none_of(
        &found.orgs,
        &[
            "MAGA",
            "Lago",
            "NAFTA",
            "TPP",
            "Great Depression",
            "DNA",
            "FISA",
            "Bill of Rights",
            "MeToo",
        ],
    );
}
