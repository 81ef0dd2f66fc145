//! Words in an article that say which of two things a name means: Georgia the U.S. state or
//! the country, Turkey the bird or the country.

/// Words that show "Georgia" is the U.S. state: its places and politicians, or an article about
/// the United States (articles about the country name Tbilisi or say "Georgian").
pub(super) const GEORGIA_STATE_CUES: [&str; 24] = [
    "Atlanta",
    "Ga.",
    "Savannah",
    "Peach State",
    "Augusta",
    "Kemp",
    "Abrams",
    "Raffensperger",
    "Ossoff",
    "Warnock",
    "Perdue",
    "Loeffler",
    "Georgia voters",
    "Georgia Republicans",
    "U.S.",
    "United States",
    "American",
    "Alabama",
    "Florida",
    "Carolina",
    "Tennessee",
    "Texas",
    "Republican",
    "Democrat",
];
/// Words that show "Georgia" is the country after all.
pub(super) const GEORGIA_COUNTRY_CUES: [&str; 6] = [
    "Tbilisi",
    "Georgian",
    "Saakashvili",
    "Ossetia",
    "Abkhazia",
    "Caucasus",
];
/// Words that show "Turkey" is the bird.
pub(super) const TURKEY_BIRD_CUES: [&str; 4] = ["Thanksgiving", "roast", "stuffing", "gobble"];
/// Words that show "Turkey" is the country after all.
pub(super) const TURKEY_COUNTRY_CUES: [&str; 5] =
    ["Ankara", "Istanbul", "Turkish", "Erdogan", "Erdoğan"];
