//! Spans the tagger ended one word short: before the second half of a hyphenated name
//! ("Wal" of "Wal-Mart", "Anne Lewis" of "Anne Lewis-Hart"), or before the word that makes
//! the name a law or a prize ("Clean Water" + "Act", "Pulitzer" + "Prize"), which the
//! refining rules can only drop once they see it; after an ordinary word that is a first
//! name ("Rand" of "Rand Paul"). And spans it ran over a line break.

use super::lexicon::{NOT_PERSON_ENDINGS, ORDINARY_FIRST_NAMES};
use super::Word;
use crate::canonical::WordSet;
use crate::gazetteer::Gazetteer;

/// Words that make the name before them a law, an agreement or a prize, no organisation.
static LAW_ENDINGS: WordSet = WordSet::new(&[
    "Act",
    "Acts",
    "Amendment",
    "Bill",
    "Law",
    "Treaty",
    "Accord",
    "Agreement",
    "Doctrine",
    "Award",
    "Awards",
    "Prize",
]);

/// Prefixes that make the name after them a stance ("pro-Kremlin", "anti-Smith").
const STANCE_PREFIXES: [&str; 4] = ["pro", "anti", "Pro", "Anti"];

/// The spans of one sentence, each person or organisation starting after a stance prefix
/// ("anti-"), extended over a capitalised word right after a hyphen that no other span holds
/// and that is no ordinary word, and over a last word that makes it a law or a prize (for
/// people, a place, an event or an outlet too: "Silver" + "Spring").
pub(crate) fn over_cut_words(
    sentence: &[Word],
    mut spans: Vec<(&'static str, usize, usize)>,
    text: &str,
    gazetteer: &Gazetteer,
) -> Vec<(&'static str, usize, usize)> {
    // Spans come in order and apart: the one after a span is the only one that can start
    // where it ends.
    for at in 0..spans.len() {
        let next_start = spans.get(at + 1).map_or(usize::MAX, |&(_, start, _)| start);
        let previous_end = at.checked_sub(1).map_or(0, |before| spans[before].2);
        let (kind, start, end) = &mut spans[at];
        if !matches!(*kind, "PER" | "ORG") {
            continue;
        }
        // "Rand" + "Paul", "Hope" + "Hicks": a first name that is also an ordinary word,
        // left out before a person's name, inside a sentence.
        if *kind == "PER"
            && *start > previous_end.max(1)
            && ORDINARY_FIRST_NAMES.contains(sentence[*start - 1].text)
            && sentence[..*start - 1].iter().any(Word::is_word)
        {
            *start -= 1;
        }
        // "anti-Smith Freedom Party": the name after "anti-" or "pro-" is what the
        // organisation is for or against, no word of its name.
        if *start > 0
            && *end - *start > 1
            && STANCE_PREFIXES.contains(&sentence[*start - 1].text)
            && sentence[*start - 1].hyphen_joins(&sentence[*start], text)
        {
            *start += 1;
        }
        let free = |at: usize| at < sentence.len() && at != next_start;
        let capitalised = |word: &Word| word.text.starts_with(|c: char| c.is_uppercase());
        while free(*end)
            && *end > 0
            && sentence[*end - 1].hyphen_joins(&sentence[*end], text)
            && capitalised(&sentence[*end])
            && sentence[*end].is_word()
            && !gazetteer.is_common_word(sentence[*end].text)
        {
            *end += 1;
        }
        if free(*end) {
            let next = sentence[*end].text;
            let ends_name = match *kind {
                "ORG" => LAW_ENDINGS.contains(next),
                _ => LAW_ENDINGS.contains(next) || NOT_PERSON_ENDINGS.contains(next),
            };
            if ends_name {
                *end += 1;
            }
        }
    }
    spans
}

/// The spans of one sentence cut at line breaks: no name runs from one line into the next
/// ("… Daily Courier" + "Harvest Day is …", where a credit line ends without a stop).
pub(crate) fn at_line_breaks(
    sentence: &[Word],
    spans: Vec<(&'static str, usize, usize)>,
    text: &str,
) -> Vec<(&'static str, usize, usize)> {
    let breaks_after = |at: usize| {
        text.get(sentence[at].end..sentence[at + 1].start)
            .is_some_and(|gap| gap.contains('\n'))
    };
    // One look for a line break over each span's text, which seldom holds one.
    let holds_break = |start: usize, end: usize| {
        end - start > 1
            && text
                .get(sentence[start].end..sentence[end - 1].start)
                .is_some_and(|inside| inside.contains('\n'))
    };
    if !spans.iter().any(|&(_, start, end)| holds_break(start, end)) {
        return spans;
    }
    let mut cut = Vec::with_capacity(spans.len() + 1);
    for (kind, start, end) in spans {
        let mut from = start;
        for at in start..end - 1 {
            if breaks_after(at) {
                cut.push((kind, from, at + 1));
                from = at + 1;
            }
        }
        cut.push((kind, from, end));
    }
    cut
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Words split at spaces and hyphens, as the tokenizer splits them.
    fn words(text: &str) -> Vec<Word<'_>> {
        let mut words = Vec::new();
        let mut start = None;
        for (at, c) in text.char_indices().chain([(text.len(), ' ')]) {
            match (c == ' ' || c == '-', start) {
                (true, Some(from)) => {
                    words.push(Word {
                        text: &text[from..at],
                        start: from,
                        end: at,
                    });
                    start = None;
                }
                (false, None) => start = Some(at),
                _ => {}
            }
        }
        words
    }

    fn extended(text: &str, span: (&'static str, usize, usize)) -> String {
        let sentence = words(text);
        let spans = over_cut_words(&sentence, vec![span], text, &Gazetteer::builtin());
        let (_, start, end) = spans[0];
        let texts: Vec<&str> = sentence[start..end].iter().map(|word| word.text).collect();
        texts.join(" ")
    }

    #[test]
    fn a_name_goes_on_over_its_hyphenated_half_and_its_law_word() {
        assert_eq!(
            extended("shares of Zel-Mart rose", ("ORG", 2, 3)),
            "Zel Mart"
        );
        assert_eq!(
            extended("said Anne Lewis-Hart today", ("PER", 1, 3)),
            "Anne Lewis Hart"
        );
        assert_eq!(
            extended("under the Clean Harbour Act of 1990", ("ORG", 2, 4)),
            "Clean Harbour Act"
        );
    }

    #[test]
    fn no_name_runs_over_a_line_break() {
        let text = "Ann Lee, Daily Courier\nHarvest Day came";
        let sentence: Vec<Word> = text
            .split([' ', '\n'])
            .scan(0, |at, piece| {
                let word = Word {
                    text: piece,
                    start: *at,
                    end: *at + piece.len(),
                };
                *at += piece.len() + 1;
                Some(word)
            })
            .collect();
        assert_eq!(
            at_line_breaks(&sentence, vec![("ORG", 2, 5)], text),
            [("ORG", 2, 4), ("ORG", 4, 5)]
        );
        assert_eq!(
            at_line_breaks(&sentence, vec![("PER", 0, 2)], text),
            [("PER", 0, 2)]
        );
    }

    #[test]
    fn an_ordinary_first_name_left_out_before_a_name_is_taken_in() {
        assert_eq!(
            extended("met Sen. Rand Paul today", ("PER", 3, 4)),
            "Rand Paul"
        );
        assert_eq!(extended("Hope Hicks said", ("PER", 1, 2)), "Hicks");
        assert_eq!(extended("a Grace Kelly film", ("PER", 1, 3)), "Grace Kelly");
    }

    #[test]
    fn a_stance_prefix_is_no_part_of_the_name_after_it() {
        assert_eq!(
            extended("the anti-Smith Freedom Party said", ("ORG", 2, 5)),
            "Freedom Party"
        );
        assert_eq!(extended("a pro-Smith rally", ("PER", 2, 3)), "Smith");
    }

    #[test]
    fn ordinary_words_and_other_names_stop_it() {
        assert_eq!(extended("the Lewis-Era rules", ("PER", 1, 2)), "Lewis");
        assert_eq!(
            extended("the Lewis-Hart meeting", ("PER", 1, 2)),
            "Lewis Hart"
        );
        let sentence = words("the Lewis-Hart meeting");
        let spans = over_cut_words(
            &sentence,
            vec![("PER", 1, 2), ("PER", 2, 3)],
            "the Lewis-Hart meeting",
            &Gazetteer::builtin(),
        );
        assert_eq!(spans, [("PER", 1, 2), ("PER", 2, 3)]);
    }
}
