//! Person names the tagger cut at a hyphen. The tokenizer splits every hyphenated pair, so
//! "Trump-Putin" is two people; CoNLL never splits a name at its hyphen, yet the tagger sometimes
//! ends a mention there. One pass joins such mentions back and leaves pairs of people apart.

use rustc_hash::FxHashSet as HashSet;

use super::{Mention, Word};
use crate::Gazetteer;

/// Joins person mentions cut at a hyphen inside one name:
/// - a known first name and the rest of the name ("Jean" + "-Claude Juncker");
/// - a double-barrelled surname: a full name and one word ("Alexandria Ocasio" + "-Cortez"),
///   then the same two words wherever they stand alone ("Ocasio" + "-Cortez", in a headline
///   before the full name too).
///
/// Pairs of people stay apart: "Trump-Putin" (two single words no full name joins) and
/// "Joe Biden-Putin" when the article names a "... Putin" in full.
pub(crate) fn join_names_cut_at_hyphens<'a>(
    mentions: Vec<Mention<'a>>,
    text: &str,
    gazetteer: &Gazetteer,
) -> Vec<Mention<'a>> {
    // An organisation named by two names joined by a hyphen is one ("AFL-CIO").
    let mentions = if mentions
        .windows(2)
        .any(|pair| organisations_at_hyphen(&pair[0], &pair[1], text))
    {
        join_where(mentions, |previous, next| {
            organisations_at_hyphen(previous, next, text)
        })
    } else {
        mentions
    };
    // Most articles have no person mention cut at a hyphen: nothing to build for them.
    if !mentions
        .windows(2)
        .any(|pair| cut_at_hyphen(&pair[0], &pair[1], text))
    {
        return mentions;
    }
    let mentions = join_where(mentions, |previous, next| {
        previous.words.len() == 1
            && cut_at_hyphen(previous, next, text)
            && gazetteer.first_names.contains(previous.words[0].text)
    });
    let surnames = double_barrelled_surnames(&mentions, text);
    if surnames.is_empty() {
        return mentions;
    }
    join_where(mentions, |previous, next| {
        match (previous.words.last(), next.words.as_slice()) {
            (Some(last), [single]) => {
                cut_at_hyphen(previous, next, text) && surnames.contains(&(last.text, single.text))
            }
            _ => false,
        }
    })
}

/// Whether two organisation mentions meet at a hyphen ("AFL" + "-CIO").
fn organisations_at_hyphen(previous: &Mention, next: &Mention, text: &str) -> bool {
    match (previous.words.last(), next.words.first()) {
        (Some(last), Some(first)) => {
            previous.kind == "ORG" && next.kind == "ORG" && last.hyphen_joins(first, text)
        }
        _ => false,
    }
}

/// Whether two person mentions meet at a hyphen.
fn cut_at_hyphen(previous: &Mention, next: &Mention, text: &str) -> bool {
    match (previous.words.last(), next.words.first()) {
        (Some(last), Some(first)) => {
            previous.kind == "PER" && next.kind == "PER" && last.hyphen_joins(first, text)
        }
        _ => false,
    }
}

/// Appends each mention to the one before it when `joins` says so (the one before may already
/// hold earlier joins).
fn join_where<'a>(
    mentions: Vec<Mention<'a>>,
    joins: impl Fn(&Mention, &Mention) -> bool,
) -> Vec<Mention<'a>> {
    let mut joined: Vec<Mention> = Vec::with_capacity(mentions.len());
    for mention in mentions {
        match joined.last_mut() {
            Some(previous) if joins(previous, &mention) => {
                previous.words.extend_from_slice(&mention.words)
            }
            _ => joined.push(mention),
        }
    }
    joined
}

/// (the word before the hyphen, the word after it) of every double-barrelled surname the
/// article gives with a first name: written whole in one mention, or cut after a full name
/// before one word that ends no full name of the article.
fn double_barrelled_surnames<'a>(
    mentions: &[Mention<'a>],
    text: &str,
) -> HashSet<(&'a str, &'a str)> {
    let people = || mentions.iter().filter(|mention| mention.kind == "PER");
    // A mention ending in a hyphenated pair ("Lewis-Hart") ends in a double-barrelled
    // surname: its last word is no surname of its own.
    let full_name_surnames: HashSet<&str> = people()
        .filter_map(|mention| match mention.words.as_slice() {
            [.., before, last] if !before.hyphen_joins(last, text) => Some(last.text),
            _ => None,
        })
        .collect();
    let mut surnames = HashSet::default();
    for mention in people() {
        if let [_, .., before, last] = mention.words.as_slice() {
            if before.hyphen_joins(last, text) {
                surnames.insert((before.text, last.text));
            }
        }
    }
    for pair in mentions.windows(2) {
        if let ([_, .., last], [single]) = (pair[0].words.as_slice(), pair[1].words.as_slice()) {
            if cut_at_hyphen(&pair[0], &pair[1], text) && !full_name_surnames.contains(single.text)
            {
                surnames.insert((last.text, single.text));
            }
        }
    }
    surnames
}

/// The double-barrelled surname a full name (a first name, then more) ends with, as written
/// ("Alexandria Ocasio-Cortez" → "Ocasio-Cortez"), with the word before the hyphen.
pub(crate) fn hyphenated_surname<'a>(
    name: &[Word<'a>],
    text: &'a str,
) -> Option<(&'a str, &'a str)> {
    match name {
        [_, .., before, last] => Some((joined_at_hyphen(before, last, text)?, before.text)),
        _ => None,
    }
}

/// The two words as written, when one hyphen joins them ("Ocasio-Cortez").
pub(crate) fn joined_at_hyphen<'a>(before: &Word, last: &Word, text: &'a str) -> Option<&'a str> {
    if before.hyphen_joins(last, text) {
        text.get(before.start..last.end)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A person mention of the words of `text` from byte `from` to byte `to`, split at spaces
    /// and hyphens as the tokenizer splits them.
    fn person<'a>(text: &'a str, from: usize, to: usize) -> Mention<'a> {
        let mut words = Vec::new();
        let mut start = from;
        for (at, c) in text[from..to].char_indices().chain([(to - from, ' ')]) {
            if c == ' ' || c == '-' {
                if from + at > start {
                    words.push(Word {
                        text: &text[start..from + at],
                        start,
                        end: from + at,
                    });
                }
                start = from + at + 1;
            }
        }
        Mention {
            kind: "PER",
            words,
            title_case: false,
            work: false,
            quoted_title: false,
            sentence_start: false,
        }
    }

    #[test]
    fn a_full_name_cut_before_its_second_surname_is_joined_again() {
        let text = "Anne Lewis-Hart wrote it. To Lewis-Hart, it matters.";
        let mentions = vec![
            person(text, 0, 10),
            person(text, 11, 15),
            person(text, 29, 39),
        ];
        let joined = join_names_cut_at_hyphens(mentions, text, &Gazetteer::builtin());
        let names: Vec<Vec<&str>> = joined
            .iter()
            .map(|mention| mention.words.iter().map(|word| word.text).collect())
            .collect();
        assert_eq!(
            names,
            [vec!["Anne", "Lewis", "Hart"], vec!["Lewis", "Hart"]]
        );
    }
}
