//! Small helpers over the words of a mention: edges trimmed, the words of a person's name,
//! initials, runs between cut points, canonical forms of organisation names.

use super::super::Word;
use crate::canonical::TITLE_WORDS;

/// Words that end a name but are not part of the canonical form.
const NAME_SUFFIXES: [&str; 4] = ["Jr", "Sr", "Jr.", "Sr."];

/// A mention without punctuation or a possessive at its edges.
pub(super) fn trim<'a, 'w>(words: &'a [Word<'w>]) -> &'a [Word<'w>] {
    let keep = |word: &Word| word.is_word() && word.text != "'s";
    let start = words.iter().position(keep).unwrap_or(words.len());
    let end = words.iter().rposition(keep).map_or(start, |end| end + 1);
    &words[start..end.max(start)]
}

/// The words of a person mention that are the name: no titles before it, no "Jr." after it.
pub(super) fn person_words<'a, 'w>(words: &'a [Word<'w>]) -> &'a [Word<'w>] {
    let start = words
        .iter()
        .position(|word| {
            word.is_word()
                && !TITLE_WORDS.contains(word.text)
                && word.text.chars().next().is_some_and(char::is_uppercase)
        })
        .unwrap_or(words.len());
    let mut end = words.len();
    while end > start && (NAME_SUFFIXES.contains(&words[end - 1].text) || !words[end - 1].is_word())
    {
        end -= 1;
    }
    trim(&words[start..end])
}

/// An initial with its dot: "W.", "H.W.".
pub(super) fn is_initial(word: &str) -> bool {
    word.len() >= 2
        && word.ends_with('.')
        && word.split('.').all(|part| {
            part.is_empty() || (part.len() == 1 && part.chars().all(|c| c.is_ascii_uppercase()))
        })
}

/// The non-empty runs of `words` between the positions where `cut` holds.
pub(super) fn split_where<'a, 'w>(
    words: &'a [Word<'w>],
    cut: impl Fn(usize) -> bool,
) -> Vec<&'a [Word<'w>]> {
    let mut runs = Vec::new();
    let mut start = 0;
    for index in 0..=words.len() {
        if index == words.len() || cut(index) {
            if index > start {
                runs.push(&words[start..index]);
            }
            start = index + 1;
        }
    }
    runs
}

/// A U.S. body under its long form, as it is known ("U.S. Army" → "United States Army",
/// "U.S. Commission on Civil Rights" → "United States Commission on Civil Rights"); other names
/// as they are.
pub(super) fn national_long_form(name: &str) -> String {
    let body = ["U.S. ", "US "]
        .iter()
        .find_map(|short| name.strip_prefix(short));
    match body {
        Some(body)
            if body
                .split(' ')
                .any(|word| crate::news::is_organisation_head(word) || word == "Senate") =>
        {
            format!("United States {body}")
        }
        _ => name.to_string(),
    }
}

/// "the European Commission" → "European Commission".
pub(super) fn strip_article(name: &str) -> &str {
    name.strip_prefix("the ")
        .or_else(|| name.strip_prefix("The "))
        .unwrap_or(name)
}
