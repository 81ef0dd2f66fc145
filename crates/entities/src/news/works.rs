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
}
