//! Words of stored text as the highlighter reads them: runs of alphanumeric characters (what
//! tantivy's `SimpleTokenizer` calls tokens) with their byte offsets, all of them or only those
//! starting with given bytes.

/// Runs of alphanumeric characters (what tantivy's `SimpleTokenizer` calls tokens), with
/// their byte offsets.
pub(crate) fn alphanumeric_runs(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|run| !run.is_empty())
        .map(move |run| (run.as_ptr() as usize - text.as_ptr() as usize, run))
}

/// The runs of [`alphanumeric_runs`] whose first byte is marked in `start_bytes`, found by
/// scanning for those bytes (a few instructions per byte instead of decoding every character).
pub(crate) fn runs_starting_with<'a>(
    text: &'a str,
    start_bytes: &'a [bool; 256],
) -> impl Iterator<Item = (usize, &'a str)> + 'a {
    let bytes = text.as_bytes();
    let mut position = 0;
    std::iter::from_fn(move || loop {
        let start = position
            + bytes
                .get(position..)?
                .iter()
                .position(|byte| start_bytes[usize::from(*byte)])?;
        position = start + 1;
        if !text.is_char_boundary(start) || is_alphanumeric_before(text, start) {
            continue;
        }
        let length: usize = text[start..]
            .chars()
            .take_while(|c| c.is_alphanumeric())
            .map(char::len_utf8)
            .sum();
        if length > 0 {
            position = start + length;
            return Some((start, &text[start..start + length]));
        }
    })
}

/// Whether the character just before byte `at` (a character boundary) is alphanumeric.
fn is_alphanumeric_before(text: &str, at: usize) -> bool {
    text[..at]
        .chars()
        .next_back()
        .is_some_and(char::is_alphanumeric)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scanning_for_start_bytes_finds_the_same_runs() {
        let text = "Trump's talks: ÉTATS-Unis, «trade» with Tōkyō; xtrump 2025 tt";
        let mut start_bytes = [false; 256];
        for byte in [b't', b'T', b'2'] {
            start_bytes[usize::from(byte)] = true;
        }
        start_bytes[0x80..].fill(true);
        let scanned: Vec<(usize, &str)> = runs_starting_with(text, &start_bytes).collect();
        let expected: Vec<(usize, &str)> = alphanumeric_runs(text)
            .filter(|(_, run)| start_bytes[usize::from(run.as_bytes()[0])])
            .collect();
        assert_eq!(scanned, expected);
        assert_eq!(scanned[0], (0, "Trump"));
    }
}
