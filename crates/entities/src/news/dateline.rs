//! Wire datelines ("MOSCOW, March 18 (Reuters) -", "ROCHESTER, N.Y., Feb 26 -",
//! "KYIV, Ukraine (AP) —"): where the story was filed, which locates it in a country.

use crate::gazetteer::{phrase_key, Gazetteer, Known};
use crate::tagger::title_case;
use crate::tokenize;

/// Marks that end a dateline.
const MARKERS: [&str; 9] = [
    "(Reuters)",
    "(AP)",
    "(AFP)",
    "(Bloomberg)",
    "(UPI)",
    " - ",
    " — ",
    " – ",
    "--",
];
/// Paragraphs looked at for a dateline.
const PARAGRAPHS: usize = 3;

/// A dateline: the country of its place (when the gazetteer knows it), its byte span and its
/// place text. Mentions inside a dateline are not entities of their own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Dateline {
    pub country: Option<u32>,
    pub start: usize,
    pub end: usize,
    pub place: String,
}

/// Finds a dateline at the start of one of the first paragraphs and resolves its place.
pub(crate) fn dateline_place(text: &str, gazetteer: &Gazetteer) -> Option<Dateline> {
    let mut paragraph_starts = vec![0];
    paragraph_starts.extend(
        text.match_indices('\n')
            .map(|(index, _)| index + 1)
            .take(PARAGRAPHS * 2),
    );
    paragraph_starts
        .into_iter()
        .filter_map(|start| {
            let skipped = text[start..].len() - text[start..].trim_start().len();
            parse(text, start + skipped, gazetteer)
        })
        .next()
}

fn parse(text: &str, start: usize, gazetteer: &Gazetteer) -> Option<Dateline> {
    let line_end = text[start..]
        .find('\n')
        .map_or(text.len(), |end| start + end);
    let mut head_end = start;
    while head_end < line_end && head_end - start <= 120 {
        let c = text[head_end..].chars().next()?;
        if c == ','
            || c == '('
            || c == '—'
            || c == '–'
            || (c == '-' && text[head_end..].starts_with("- "))
        {
            break;
        }
        head_end += c.len_utf8();
    }
    let head = text[start..head_end].trim();
    let letters = head.chars().filter(|c| c.is_alphabetic()).count();
    let capitals = head
        .chars()
        .all(|c| !c.is_lowercase() && (c.is_alphabetic() || " .'-".contains(c)));
    if !(2..=40).contains(&letters) || !capitals {
        return None;
    }
    let head_end = start + head.len();
    let mut window_end = (head_end + 80).min(line_end);
    while !text.is_char_boundary(window_end) {
        window_end -= 1;
    }
    let window = &text[head_end..window_end];
    let marker = MARKERS
        .iter()
        .filter_map(|marker| window.find(marker).map(|at| at + marker.len()))
        .min()?;
    let end = head_end + marker;
    // The place itself, then the comma-separated parts after it ("N.Y.", "Ukraine").
    let mut candidates = vec![head.to_string()];
    candidates.extend(
        text[head_end..end]
            .split([',', '('])
            .map(str::trim)
            .filter(|part| part.chars().next().is_some_and(char::is_uppercase))
            .map(str::to_string),
    );
    let lookup = |candidate: &str| {
        let words: Vec<&str> = tokenize(candidate).iter().map(|word| word.text).collect();
        let title_words: Vec<String> = words.iter().map(|word| title_case(word)).collect();
        let keys = [
            phrase_key(words.iter().copied()),
            phrase_key(title_words.iter().map(String::as_str)),
        ];
        keys.into_iter().find_map(|key| gazetteer.lookup(&key))
    };
    let resolved = candidates
        .iter()
        .find_map(|candidate| match lookup(candidate) {
            Some(Known::Place(country)) => Some((country, candidate.clone())),
            _ => None,
        });
    match resolved {
        Some((country, place)) => Some(Dateline {
            country: Some(country),
            start,
            end,
            place,
        }),
        // A place the gazetteer does not know ("BELFAST — ...") still makes a dateline in the
        // body, unless the capitals are a name it knows ("NATO - ...") or this is the headline.
        None if start > 0 && lookup(head).is_none() => Some(Dateline {
            country: None,
            start,
            end,
            place: head.to_string(),
        }),
        None => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn country(text: &str) -> Option<String> {
        let gazetteer = Gazetteer::builtin();
        dateline_place(text, &gazetteer)
            .and_then(|found| found.country)
            .map(|country| gazetteer.name(country).to_string())
    }

    #[test]
    fn wire_datelines_locate_the_story() {
        assert_eq!(
            country("Talks resume\n\nMOSCOW, March 18 (Reuters) - Officials met.").as_deref(),
            Some("Russia")
        );
        assert_eq!(
            country("Plant closes\n\nROCHESTER, N.Y., Feb 26 - The plant shut.").as_deref(),
            Some("United States")
        );
        assert_eq!(
            country("Strikes\n\nKYIV, Ukraine (AP) — Drones hit.").as_deref(),
            Some("Ukraine")
        );
    }

    #[test]
    fn ordinary_openings_are_not_datelines() {
        assert_eq!(
            country("Talks resume\n\nThe talks, in Moscow, resumed - slowly."),
            None
        );
        let gazetteer = Gazetteer::builtin();
        assert_eq!(
            dateline_place("NATO - a history\n\nIt began in 1949.", &gazetteer),
            None
        );
        assert_eq!(
            dateline_place("Talks\n\nNATO — The alliance met.", &gazetteer),
            None,
            "a known organisation is not a dateline place"
        );
        let unknown = dateline_place("Deal\n\nTOBERMORY — Negotiators agreed.", &gazetteer);
        assert_eq!(
            unknown.map(|found| (found.place, found.country)),
            Some(("TOBERMORY".to_string(), None))
        );
    }
}
