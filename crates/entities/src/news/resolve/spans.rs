//! Small helpers over the words of a mention: edges trimmed, the words of a person's name,
//! initials, runs between cut points, canonical forms of organisation names.

use super::super::Word;
use crate::canonical::TITLE_WORDS;

/// Words that end a name but are not part of the canonical form: generational suffixes and
/// post-nominal letters of a rank, an office or an honour ("Jane Doe QC", "John Roe MP").
const NAME_SUFFIXES: [&str; 20] = [
    "Jr", "Sr", "Jr.", "Sr.", "QC", "KC", "MP", "MEP", "MSP", "MLA", "AM", "OBE", "MBE", "CBE",
    "KBE", "DBE", "PhD", "Ph.D.", "Esq", "Esq.",
];

/// A mention without punctuation or a possessive at its edges.
pub(super) fn trim<'a, 'w>(words: &'a [Word<'w>]) -> &'a [Word<'w>] {
    let keep = |word: &Word| word.is_word() && word.text != "'s";
    let start = words.iter().position(keep).unwrap_or(words.len());
    let end = words.iter().rposition(keep).map_or(start, |end| end + 1);
    &words[start..end.max(start)]
}

/// The words of a person mention that are the name: no titles before it, no "Jr." or "QC"
/// after it.
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

/// Head words that alone name no organisation in particular ("the University said", "the
/// Commission"); an article naming the organisation in full counts them under the full name.
const GENERIC_HEADS: [&str; 28] = [
    "University",
    "College",
    "School",
    "Commission",
    "Committee",
    "Department",
    "Ministry",
    "Agency",
    "Office",
    "Bureau",
    "Board",
    "Council",
    "Foundation",
    "Institute",
    "Association",
    "Organization",
    "Organisation",
    "Company",
    "Corporation",
    "Group",
    "Center",
    "Centre",
    "Club",
    "League",
    "Coalition",
    "Network",
    "Authority",
    "Police",
];

/// Whether an organisation's name is a head word alone ("University").
pub(super) fn is_generic_head(name: &str) -> bool {
    GENERIC_HEADS.contains(&name)
}

/// "the European Commission" → "European Commission".
pub(super) fn strip_article(name: &str) -> &str {
    name.strip_prefix("the ")
        .or_else(|| name.strip_prefix("The "))
        .unwrap_or(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::news::words::spaced_words as words;

    fn name(text: &str) -> String {
        let words = words(text);
        let kept: Vec<&str> = person_words(&words).iter().map(|word| word.text).collect();
        kept.join(" ")
    }

    #[test]
    fn a_head_word_alone_is_generic() {
        assert!(is_generic_head("University"));
        assert!(is_generic_head("Commission"));
        assert!(!is_generic_head("Congress"));
        assert!(!is_generic_head("Harbour University"));
    }

    #[test]
    fn titles_and_suffixes_are_no_part_of_a_name() {
        assert_eq!(name("Senator Jane Roe Jr."), "Jane Roe");
        assert_eq!(name("Alice Barrister QC"), "Alice Barrister");
        assert_eq!(name("Tom Member MP"), "Tom Member");
        assert_eq!(name("Dr Ann Knight OBE"), "Ann Knight");
        assert_eq!(name("Robert Quayle"), "Robert Quayle");
    }
}
