//! Verbs and adverbs are never part of a name. A title-case headline capitalises them
//! ("Ex-Aide Says", "Agency Fires Chiefs", "Senator Reportedly Quits"), and the tagger, which
//! learned that capitals start names, runs them into the name before or after them.

use super::Word;
use crate::canonical::WordSet;

/// Verbs headlines and quotes capitalise (third person, past tense, a few participles): none
/// of them is ever a word of a person's or an organisation's name. Verbs that are also names
/// or ordinary parts of names ("Will", "May", "Hits", "Signs", "Faces") are left out.
static HEADLINE_VERBS: WordSet = WordSet::new(&[
    "Says",
    "Said",
    "Tells",
    "Told",
    "Asks",
    "Asked",
    "Warns",
    "Warned",
    "Slams",
    "Blasts",
    "Fires",
    "Fired",
    "Urges",
    "Urged",
    "Vows",
    "Vowed",
    "Claims",
    "Denies",
    "Denied",
    "Admits",
    "Admitted",
    "Defends",
    "Announces",
    "Announced",
    "Reveals",
    "Revealed",
    "Rejects",
    "Rejected",
    "Sues",
    "Sued",
    "Seeks",
    "Sought",
    "Pushes",
    "Raising",
    "Resigns",
    "Resigned",
    "Quits",
    "Accuses",
    "Accused",
    "Criticizes",
    "Criticises",
    "Praises",
    "Praised",
    "Responds",
    "Responded",
    "Insists",
    "Insisted",
    "Confirms",
    "Confirmed",
    "Threatens",
    "Threatened",
    "Unveils",
    "Unveiled",
    "Launches",
    "Endorses",
    "Endorsed",
    "Nominates",
    "Nominated",
    "Explains",
    "Explained",
    "Predicts",
    "Predicted",
    "Wants",
    "Wanted",
    "Thinks",
    "Believes",
    "Agrees",
    "Agreed",
    "Orders",
    "Ordered",
    "Reacts",
    "Reacted",
]);

/// Endings of the adverbs of manner and attitude headlines capitalise ("Reportedly",
/// "Officially", "Quickly"); a word must be long enough that a name of that shape ("Kelly",
/// "Sally", "Beverly") is not one of them.
const ADVERB_ENDINGS: [&str; 8] = [
    "edly", "ally", "ously", "ively", "ently", "antly", "ingly", "fully",
];

/// Whether a word is a verb or an adverb that no name holds.
pub(super) fn is_verb_or_adverb(text: &str) -> bool {
    HEADLINE_VERBS.contains(text)
        || (text.len() >= 7
            && text.starts_with(|c: char| c.is_ascii_uppercase())
            && text.bytes().skip(1).all(|byte| byte.is_ascii_lowercase())
            && ADVERB_ENDINGS.iter().any(|ending| text.ends_with(ending)))
}

/// The name in a span that a verb or an adverb runs into: the words before the first one
/// ("Jarrett Says" → "Jarrett"); a span that starts with one is a headline's clause, and only
/// a person's name after it counts ("Says Jarrett" → "Jarrett"; "Raising Fears Of Meddling" →
/// nothing).
pub(super) fn before_verb<'a, 'w>(kind: &str, words: &'a [Word<'w>]) -> &'a [Word<'w>] {
    let Some(at) = words.iter().position(|word| is_verb_or_adverb(word.text)) else {
        return words;
    };
    if at > 0 {
        return &words[..at];
    }
    if kind != "PER" {
        return &[];
    }
    let rest = &words[1..];
    match rest.iter().position(|word| is_verb_or_adverb(word.text)) {
        Some(next) => &rest[..next],
        None => rest,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::news::words::spaced_words as words;

    fn kept(kind: &str, text: &str) -> String {
        let words = words(text);
        let kept: Vec<&str> = before_verb(kind, &words)
            .iter()
            .map(|word| word.text)
            .collect();
        kept.join(" ")
    }

    #[test]
    fn a_name_ends_before_a_verb_or_an_adverb() {
        assert_eq!(kept("PER", "Ann Sterling Says"), "Ann Sterling");
        assert_eq!(kept("PER", "Bob Carver Reportedly"), "Bob Carver");
        assert_eq!(
            kept("ORG", "Harbour Agency Fires News Chiefs"),
            "Harbour Agency"
        );
        assert_eq!(kept("PER", "Says Mary Holt"), "Mary Holt");
        assert_eq!(kept("ORG", "Raising Fears Of Meddling"), "");
    }

    #[test]
    fn names_shaped_like_adverbs_stay_names() {
        assert_eq!(kept("PER", "Kelly Sally"), "Kelly Sally");
        assert_eq!(kept("ORG", "Daily Mail"), "Daily Mail");
        assert_eq!(kept("ORG", "National Assembly"), "National Assembly");
        assert!(is_verb_or_adverb("Officially"));
        assert!(!is_verb_or_adverb("Beverly"));
    }
}
