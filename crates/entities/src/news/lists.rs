//! Names a page runs together: tag lists and hover cards without commas ("Lamar Alexander
//! Andrew …", "John Cornyn Dunford", "Trump Paul"), which a tagger reads as one person.

use super::Word;
use crate::gazetteer::Gazetteer;

/// Splits person spans that are two names run together, using what the rest of the article
/// says: a span whose first words are a person the article names on its own ("Lamar Alexander")
/// ends there, and a pair of surnames of people the article names in full ("Trump Paul") is
/// two people. Other spans are left as they are.
pub(crate) fn split_run_together_names<'w>(
    parts: Vec<(&'static str, Vec<Word<'w>>)>,
    gazetteer: &Gazetteer,
) -> Vec<(&'static str, Vec<Word<'w>>)> {
    let people: Vec<Vec<&str>> = parts
        .iter()
        .filter(|(kind, _)| *kind == "PER")
        .map(|(_, words)| words.iter().map(|word| word.text).collect())
        .collect();
    let occurrences = |name: &[&str]| people.iter().filter(|other| *other == name).count();
    let surnames: Vec<&str> = people
        .iter()
        .filter(|name| name.len() > 1)
        .filter_map(|name| name.last().copied())
        .collect();
    let mut split = Vec::with_capacity(parts.len());
    for (kind, words) in parts {
        if kind != "PER" || words.len() < 2 || words.iter().any(|word| !word.is_word()) {
            split.push((kind, words));
            continue;
        }
        let texts: Vec<&str> = words.iter().map(|word| word.text).collect();
        if occurrences(&texts) > 1 {
            split.push((kind, words));
            continue;
        }
        // "Lamar Alexander Andrew": the longest leading name the article names on its own.
        let leading = (2..texts.len()).rev().find(|&end| {
            occurrences(&texts[..end]) > 0
                || (occurrences(&texts[end - 1..end]) > 0 && !surnames.contains(&texts[end]))
        });
        if let Some(end) = leading {
            split.push((kind, words[..end].to_vec()));
            if words.len() - end > 1 {
                split.push((kind, words[end..].to_vec()));
            }
            continue;
        }
        // "Trump Paul": two surnames of people named in full, the first no first name.
        if let [first, second] = texts.as_slice() {
            if surnames.contains(first)
                && surnames.contains(second)
                && !gazetteer.first_names.contains(*first)
            {
                split.push((kind, words[..1].to_vec()));
                split.push((kind, words[1..].to_vec()));
                continue;
            }
        }
        split.push((kind, words));
    }
    split
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(names: &[&'static str]) -> Vec<(&'static str, Vec<Word<'static>>)> {
        names
            .iter()
            .map(|name| {
                let words = name
                    .split(' ')
                    .map(|text| Word {
                        text,
                        start: 0,
                        end: 0,
                    })
                    .collect();
                ("PER", words)
            })
            .collect()
    }

    fn names(parts: Vec<(&'static str, Vec<Word>)>) -> Vec<String> {
        parts
            .iter()
            .map(|(_, words)| {
                words
                    .iter()
                    .map(|word| word.text)
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect()
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
}
