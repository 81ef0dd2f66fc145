//! U.S. party labels after a politician's name: "(D-Calif.)", "(R-New York)", ", R-Texas,".
//! They name the party though no word of the party's name is written out.

use crate::gazetteer::Gazetteer;

/// The parties the labels' letters stand for.
const PARTY_LETTERS: [(char, &str); 2] = [('D', "Democratic Party"), ('R', "Republican Party")];

/// One party label found in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PartyLabel<'a> {
    /// The party's canonical name.
    pub party: &'static str,
    /// Byte offset of the label's letter.
    pub start: usize,
    /// The label as written ("D-Calif.").
    pub surface: &'a str,
}

/// The party labels of `text`: a party letter, a hyphen and a U.S. state (as the gazetteer
/// knows it: "Calif.", "Texas", "New York"), after "(" or ", ", and followed by ")" or ",".
pub(crate) fn party_labels<'a>(text: &'a str, gazetteer: &Gazetteer) -> Vec<PartyLabel<'a>> {
    let mut labels = Vec::new();
    let bytes = text.as_bytes();
    for (at, _) in text.match_indices('-') {
        let Some(letter) = at.checked_sub(1).map(|before| bytes[before] as char) else {
            continue;
        };
        let Some(&(_, party)) = PARTY_LETTERS.iter().find(|(l, _)| *l == letter) else {
            continue;
        };
        let start = at - 1;
        let opens = text[..start].ends_with('(') || text[..start].ends_with(", ");
        if !opens {
            continue;
        }
        let rest = &text[at + 1..];
        let Some(end) = rest.find([')', ',', ';']) else {
            continue;
        };
        let state = rest[..end].trim();
        if state.is_empty() || state.len() > 20 || !state.starts_with(char::is_uppercase) {
            continue;
        }
        if gazetteer.country_of(state) == Some("United States") {
            labels.push(PartyLabel {
                party,
                start,
                surface: &text[start..at + 1 + end],
            });
        }
    }
    labels
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parties(text: &str) -> Vec<&'static str> {
        party_labels(text, &Gazetteer::builtin())
            .into_iter()
            .map(|label| label.party)
            .collect()
    }

    #[test]
    fn labels_after_names_give_the_party() {
        assert_eq!(
            parties("Sen. Kamala Harris (D-Calif.) and Rep. Paul Ryan (R-Wis.) spoke."),
            ["Democratic Party", "Republican Party"]
        );
        assert_eq!(
            parties("said Rep. Elise Stefanik, R-New York, on Monday."),
            ["Republican Party"]
        );
        for text in [
            "the D-Day landings (D-Day)",
            "a B-52 over (R-Rated) films",
            "the AR-15 rifle",
            "Mary-Kate (D-Smith)",
        ] {
            assert!(parties(text).is_empty(), "{text}");
        }
    }
}
