//! Titles of works (films, albums, books, shows): "the film Sideways", "Dreamworks hit Shrek",
//! "Million Dollar Baby star Hilary Swank". A tagger reads them as organisations or people;
//! once the article calls a name a work, it is no entity anywhere in the article.

use super::Word;

/// Words right before a title that say it names a work ("the film Sideways"). Words that are
/// also verbs or sports words ("hit", "play", "show", "game", "star": "Arsenal star Thierry
/// Henry", "FBI director") are left out.
const WORK_NOUNS: [&str; 25] = [
    "film",
    "films",
    "movie",
    "movies",
    "musical",
    "album",
    "albums",
    "song",
    "songs",
    "novel",
    "book",
    "sitcom",
    "documentary",
    "drama",
    "comedy",
    "thriller",
    "sequel",
    "opera",
    "soap",
    "blockbuster",
    "biopic",
    "cartoon",
    "animation",
    "franchise",
    "series",
];

/// Words right after a title that say it names a work ("Shrek sequel").
const WORK_FOLLOWERS: [&str; 3] = ["co-star", "sequel", "soundtrack"];

/// Whether the span `start..end` of `sentence` is the title of a work by the words around it.
pub(crate) fn names_a_work(sentence: &[Word], start: usize, end: usize) -> bool {
    let before = start
        .checked_sub(1)
        .and_then(|at| sentence.get(at))
        .is_some_and(|word| WORK_NOUNS.contains(&word.text));
    let after = sentence
        .get(end)
        .is_some_and(|word| WORK_FOLLOWERS.contains(&word.text));
    before || after
}

/// Longest quotation, in tokens, read as a title.
const LONGEST_QUOTED_TITLE: usize = 12;

/// Lower-case words a title keeps inside it ("Face the Nation", "The Lifespan of Written
/// Constitutions").
const TITLE_SMALL_WORDS: [&str; 14] = [
    "a", "an", "and", "at", "by", "for", "from", "in", "of", "on", "or", "the", "to", "with",
];

/// The words of the title in quotation marks the span `start..end` lies in, if it lies in one:
/// two words or more, each capitalised but for small joining words ("said on “Face the
/// Nation” on CBS", "authors of “The Lifespan of Written Constitutions,”"). Quoted speech holds
/// lower-case words (“Democrats will win,”). The whole title is the work: a name inside it
/// ("The Late Show with Stephen Colbert") is no title elsewhere.
pub(crate) fn quoted_title(sentence: &[Word], start: usize, end: usize) -> Option<(usize, usize)> {
    // The tagger sometimes takes the marks into the span.
    let first = sentence[start..end].iter().position(Word::is_word)?;
    let last = sentence[start..end].iter().rposition(Word::is_word)?;
    let (start, end) = (start + first, start + last + 1);
    let is_open = |word: &Word| matches!(word.text, "“" | "\"");
    let is_close = |word: &Word| matches!(word.text, "”" | "\"");
    let open = sentence[..start].iter().rposition(|word| !word.is_word())?;
    if !is_open(&sentence[open]) {
        return None;
    }
    let mut close = sentence[end..]
        .iter()
        .position(|word| !word.is_word() && word.text != "&" && word.text != "'s")
        .map(|at| end + at)?;
    // A comma or full stop the marks take in at the end (“The Lifespan of Written
    // Constitutions,”).
    let ends_with_stop = matches!(sentence[close].text, "," | ".");
    if ends_with_stop {
        close += 1;
    }
    let closing = sentence.get(close)?;
    let quoted_end = close - usize::from(ends_with_stop);
    let quoted = &sentence[open + 1..quoted_end];
    let title = is_close(closing)
        && quoted.len() >= 2
        && quoted.len() <= LONGEST_QUOTED_TITLE
        && quoted.iter().all(|word| {
            !word.is_word()
                || TITLE_SMALL_WORDS.contains(&word.text)
                || word
                    .text
                    .starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit())
        });
    title.then_some((open + 1, quoted_end))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentence(text: &str) -> Vec<Word<'_>> {
        text.split(' ')
            .map(|text| Word {
                text,
                start: 0,
                end: 0,
            })
            .collect()
    }

    #[test]
    fn titles_are_known_by_the_words_around_them() {
        assert!(names_a_work(&sentence("the film Sideways won"), 2, 3));
        assert!(names_a_work(&sentence("the animation Shrek 2 made"), 2, 3));
        assert!(names_a_work(&sentence("the Shrek sequel made"), 1, 2));
        assert!(!names_a_work(&sentence("Arsenal star Thierry Henry"), 0, 1));
        assert!(!names_a_work(&sentence("FBI director James Comey"), 0, 1));
        assert!(!names_a_work(&sentence("the firm Google said"), 2, 3));
        assert!(!names_a_work(
            &sentence("said Paul Giamatti yesterday"),
            1,
            3
        ));
    }

    #[test]
    fn quoted_titles_are_works_and_quoted_speech_is_not() {
        let show = sentence("Lankford said on “ Face the Nation ” on CBS");
        assert_eq!(quoted_title(&show, 4, 7), Some((4, 7)));
        assert_eq!(quoted_title(&show, 6, 7), Some((4, 7)));
        let book = sentence("authors of “ The Lifespan of Written Constitutions , ” said");
        assert_eq!(quoted_title(&book, 4, 8), Some((3, 8)));
        let radio = sentence("on the “ Rick & Bubba ” radio show");
        assert_eq!(quoted_title(&radio, 2, 7), Some((3, 6)));
        let speech = sentence("“ Democrats will win , ” Pelosi said");
        assert_eq!(quoted_title(&speech, 1, 2), None);
        let one_word = sentence("the “ Squad ” voted");
        assert_eq!(quoted_title(&one_word, 2, 3), None);
        let unquoted = sentence("Face the Nation aired on CBS");
        assert_eq!(quoted_title(&unquoted, 0, 3), None);
    }
}
