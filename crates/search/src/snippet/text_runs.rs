//! Words of stored text as the highlighter reads them: runs of alphanumeric characters (what
//! tantivy's `SimpleTokenizer` calls tokens) with their byte offsets, all of them or only those
//! that can stem to a query term.

use memchr::{memchr_iter, memmem};
use newsroom_entities::is_alphanumeric;

/// Runs of alphanumeric characters (what tantivy's `SimpleTokenizer` calls tokens), with
/// their byte offsets.
pub(crate) fn alphanumeric_runs(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.split(|c: char| !is_alphanumeric(c))
        .filter(|run| !run.is_empty())
        .map(move |run| (run.as_ptr() as usize - text.as_ptr() as usize, run))
}

/// The runs of [`alphanumeric_runs`] that may stem to a term whose first two characters are
/// ASCII, in text order: runs whose first two bytes, ASCII-lowercased, are one of `prefixes`
/// (a zero second byte stands for "any", for one-letter terms), and runs with a non-ASCII byte
/// among their first two whose first character may still fold to a prefix's first letter.
///
/// English stems keep a word's first letters, so no other run can match. The prefixes are found
/// with SIMD substring search in `lowered` (`text` ASCII-lowercased), a fraction of an
/// instruction per byte, instead of stopping at every word.
pub(crate) fn prefixed_runs<'a>(
    text: &'a str,
    lowered: &str,
    prefixes: &[[u8; 2]],
) -> Vec<(usize, &'a str)> {
    let bytes = text.as_bytes();
    let lowered = lowered.as_bytes();
    let mut starts = Vec::new();
    for prefix in prefixes {
        let found: Box<dyn Iterator<Item = usize>> = if prefix[1] == 0 {
            Box::new(memchr_iter(prefix[0], lowered))
        } else {
            Box::new(memmem::find_iter(lowered, prefix))
        };
        starts.extend(found.filter(|&at| !is_alphanumeric_before(text, at)));
    }
    // Where a non-ASCII character is the first or the second of a run, folding decides.
    let first_letters: Vec<u8> = prefixes.iter().map(|prefix| prefix[0]).collect();
    let mut at = 0;
    while let Some(found) = next_non_ascii(bytes, at) {
        at = found + 1;
        let Some(character) = text.get(found..).and_then(|rest| rest.chars().next()) else {
            continue; // not a character boundary
        };
        if !is_alphanumeric(character) {
            continue;
        }
        if !is_alphanumeric_before(text, found) {
            starts.push(found);
        } else if let Some(&before) = found.checked_sub(1).and_then(|i| lowered.get(i)) {
            let run_start = found - 1;
            if first_letters.contains(&before) && !is_alphanumeric_before(text, run_start) {
                starts.push(run_start);
            }
        }
    }
    starts.sort_unstable();
    starts.dedup();
    starts
        .into_iter()
        .filter_map(|start| {
            let length = run_length(&text[start..]);
            (length > 0).then(|| (start, &text[start..start + length]))
        })
        .collect()
}

/// Byte length of the alphanumeric run at the start of `text`.
fn run_length(text: &str) -> usize {
    let ascii = text
        .bytes()
        .take_while(|byte| byte.is_ascii_alphanumeric())
        .count();
    match text[ascii..].chars().next() {
        Some(next) if !next.is_ascii() && is_alphanumeric(next) => {
            ascii
                + text[ascii..]
                    .chars()
                    .take_while(|c| is_alphanumeric(*c))
                    .map(char::len_utf8)
                    .sum::<usize>()
        }
        _ => ascii,
    }
}

/// The first byte at or after `from` that is not ASCII, eight bytes at a time.
fn next_non_ascii(bytes: &[u8], from: usize) -> Option<usize> {
    const HIGH_BITS: u64 = 0x8080_8080_8080_8080;
    let rest = bytes.get(from..)?;
    let mut chunks = rest.chunks_exact(8);
    let mut offset = 0;
    for chunk in &mut chunks {
        let word = u64::from_le_bytes(chunk.try_into().unwrap_or([0; 8]));
        let high = word & HIGH_BITS;
        if high != 0 {
            return Some(from + offset + (high.trailing_zeros() / 8) as usize);
        }
        offset += 8;
    }
    let tail = chunks.remainder();
    tail.iter()
        .position(|byte| !byte.is_ascii())
        .map(|position| from + offset + position)
}

/// Whether the character just before byte `at` (a character boundary) is alphanumeric.
fn is_alphanumeric_before(text: &str, at: usize) -> bool {
    match at.checked_sub(1).map(|before| text.as_bytes()[before]) {
        None => false,
        Some(byte) if byte.is_ascii() => byte.is_ascii_alphanumeric(),
        Some(_) => text[..at].chars().next_back().is_some_and(is_alphanumeric),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What [`prefixed_runs`] must return, from the definition, word by word.
    fn expected<'a>(text: &'a str, prefixes: &[[u8; 2]]) -> Vec<(usize, &'a str)> {
        alphanumeric_runs(text)
            .filter(|(_, run)| {
                let bytes = run.as_bytes();
                let first = bytes[0].to_ascii_lowercase();
                let second = bytes.get(1).map(u8::to_ascii_lowercase);
                if !first.is_ascii() {
                    return true;
                }
                prefixes.iter().any(|&[one, two]| {
                    one == first
                        && match second {
                            Some(second) => !second.is_ascii() || two == 0 || two == second,
                            None => two == 0,
                        }
                })
            })
            .collect()
    }

    #[test]
    fn prefix_search_finds_the_runs_that_may_match() {
        let text = "Trump's talks: ÉTATS-Unis, «trade» with Tōkyō; xtrump 2025 tt T \
                    TRUMP’s “trust” Tŕump atrium éte 20 2 a1 ña Étre";
        for prefixes in [
            vec![*b"tr"],
            vec![*b"tr", *b"to"],
            vec![*b"20", [b't', 0]],
            vec![*b"et", *b"na"],
            vec![[b'a', 0]],
        ] {
            assert_eq!(
                prefixed_runs(text, &text.to_ascii_lowercase(), &prefixes),
                expected(text, &prefixes),
                "{prefixes:?}"
            );
        }
        assert_eq!(
            prefixed_runs(text, &text.to_ascii_lowercase(), &[*b"tr"])[0],
            (0, "Trump")
        );
    }

    #[test]
    fn non_ascii_bytes_are_found_in_every_position_of_a_chunk() {
        for position in 0..20 {
            let mut text = "a".repeat(20);
            text.replace_range(position..position + 1, "é");
            assert_eq!(next_non_ascii(text.as_bytes(), 0), Some(position));
            assert_eq!(next_non_ascii(text.as_bytes(), position + 2), None);
        }
    }
}
