//! MinHash signatures of article bodies: for each of 64 hash functions, the least hash of the
//! body's word 3-shingles. Two signatures agree at a position with probability equal to the
//! Jaccard similarity of the two bodies' shingle sets (Broder 1997), so the share of agreeing
//! positions estimates how much of the text two articles have in common.
//!
//! Why MinHash rather than SimHash: SimHash (tried first) measures the whole body's direction,
//! and on the allsides corpus articles sharing a long embedded block (a 43-caption photo
//! gallery in many CNN pages) were 0 to 3 bits apart while their own text had nothing in
//! common, and true copies with a changed paragraph were 4 to 5 bits apart; no bit threshold
//! separated them. MinHash estimates the shared share directly, and a Jaccard threshold does.
//! The cost is 256 bytes per article in the story table (64 × u32) instead of 8. No maintained
//! crate offers MinHash over word shingles with LSH tables that can be saved and extended
//! (`gaoya` keeps its index in memory only); the signature is 30 lines.

use xxhash_rust::xxh3::{xxh3_64, xxh3_64_with_seed};

/// Words a body needs for a signature. Shorter texts (headlines, title-only records, blurbs)
/// have too few shingles for their similarity to mean anything: they get no signature and are
/// each a story of their own.
pub const MIN_WORDS: usize = 50;

/// Words per shingle.
const SHINGLE_WORDS: usize = 3;

/// Hash functions (positions) of a signature.
pub const SIGNATURE_HASHES: usize = 64;

/// A MinHash signature.
pub type Signature = [u32; SIGNATURE_HASHES];

/// The least Jaccard similarity (estimated) at which two bodies are the same story: copies
/// and updated versions share most of their text; different articles on one event, or pages
/// sharing an embedded block, about half at most.
pub const STORY_SIMILARITY: f64 = 0.75;

/// The MinHash signature of `body`'s word 3-shingles (words: runs of letters and digits,
/// lowercased), or `None` when it has fewer than [`MIN_WORDS`] words.
pub fn signature(body: &str) -> Option<Signature> {
    let word_hashes: Vec<u64> = words(body)
        .map(|word| xxh3_64(word.to_lowercase().as_bytes()))
        .collect();
    if word_hashes.len() < MIN_WORDS {
        return None;
    }
    let mut signature = [u32::MAX; SIGNATURE_HASHES];
    let mut bytes = [0u8; 8 * SHINGLE_WORDS];
    for shingle in word_hashes.windows(SHINGLE_WORDS) {
        for (slot, hash) in bytes.chunks_exact_mut(8).zip(shingle) {
            slot.copy_from_slice(&hash.to_le_bytes());
        }
        let hash = xxh3_64_with_seed(&bytes, SHINGLE_WORDS as u64);
        // 64 hash functions from one hash: multiply-shift with fixed odd multipliers.
        for (position, least) in signature.iter_mut().enumerate() {
            let permuted = (hash ^ SALTS[position]).wrapping_mul(MULTIPLIERS[position]) >> 32;
            *least = (*least).min(permuted as u32);
        }
    }
    Some(signature)
}

/// The estimated Jaccard similarity of two signatures' bodies: the share of equal positions.
pub fn similarity(a: &Signature, b: &Signature) -> f64 {
    let equal = a.iter().zip(b).filter(|(x, y)| x == y).count();
    equal as f64 / SIGNATURE_HASHES as f64
}

/// Odd multipliers of the hash functions (fixed: signatures are saved and compared across runs).
const MULTIPLIERS: [u64; SIGNATURE_HASHES] = constants(0x9E37_79B9_7F4A_7C15, 1);
/// Values xored into the shingle hash before each multiplication.
const SALTS: [u64; SIGNATURE_HASHES] = constants(0xD1B5_4A32_D192_ED03, 0);

/// `SIGNATURE_HASHES` well-mixed constants from a SplitMix64 sequence, `| low_bit`.
const fn constants(seed: u64, low_bit: u64) -> [u64; SIGNATURE_HASHES] {
    let mut values = [0u64; SIGNATURE_HASHES];
    let mut state = seed;
    let mut index = 0;
    while index < SIGNATURE_HASHES {
        state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        values[index] = (z ^ (z >> 31)) | low_bit;
        index += 1;
    }
    values
}

/// The words of `text`: maximal runs of alphanumeric characters.
fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    const STORY: &str = "The harbour authority of Port Velda said on Tuesday that the old \
        swing bridge over the Marrow canal will close for eighteen months while engineers \
        replace its rusted gears, a repair the city council has postponed three times since \
        the winter floods. Ferry operators welcomed the decision but warned that the temporary \
        crossing planned downstream cannot carry lorries, and shop owners on Quay Street fear \
        losing customers during the summer season when visitors usually fill the waterfront \
        cafes and the weekly fish market draws crowds from the neighbouring villages.";

    const OTHER: &str = "Scientists at the northern observatory recorded an unusual burst of \
        radio waves from a distant galaxy last spring, and after months of checking their \
        instruments they now believe the signal came from two neutron stars colliding. \
        The team plans to publish its measurements next month and invites other \
        observatories to compare their archives from the same night, since a second \
        detection would confirm the timing and help estimate the distance of the event.";

    const MORE: &str = "At a public meeting on Thursday evening residents asked why the \
        council had not started the work during the quiet months, and the deputy mayor \
        answered that the steel for the new gears had to be cast abroad and arrived only \
        in March. She promised free parking near the temporary crossing, extra buses on \
        market days and a weekly newsletter on the progress of the repairs, and said the \
        harbour museum would stay open throughout with a small exhibition about the \
        history of the bridge and the families who kept it turning for a century.";

    /// An article of a few hundred words, as most news articles are.
    fn article() -> String {
        format!(
            "{STORY}\n{MORE}\n{}",
            STORY.replace("Port Velda", "the port")
        )
    }

    #[test]
    fn a_lightly_edited_copy_is_as_similar_as_a_story_needs() {
        let article = article();
        let edited = article.replace("Tuesday", "Wednesday").replacen(
            "the winter floods",
            "last winter's floods",
            1,
        );
        let (a, b) = (signature(&article).unwrap(), signature(&edited).unwrap());
        assert!(
            similarity(&a, &b) >= STORY_SIMILARITY,
            "{}",
            similarity(&a, &b)
        );
        // Case and punctuation are not part of the words.
        let shouted = article.to_uppercase().replace(',', "");
        assert_eq!(signature(&shouted), Some(a));
    }

    #[test]
    fn an_unrelated_text_is_far() {
        let (a, b) = (signature(&article()).unwrap(), signature(OTHER).unwrap());
        assert!(similarity(&a, &b) < 0.2, "{}", similarity(&a, &b));
    }

    #[test]
    fn half_shared_texts_are_not_the_same_story() {
        // Two articles that share one long block (an embedded gallery, a quoted statement)
        // and differ in the rest.
        let first = format!("{STORY}\n{MORE}");
        let second = format!("{OTHER}\n{MORE}");
        let (a, b) = (signature(&first).unwrap(), signature(&second).unwrap());
        assert!(
            similarity(&a, &b) < STORY_SIMILARITY,
            "{}",
            similarity(&a, &b)
        );
    }

    #[test]
    fn short_texts_have_no_signature() {
        assert_eq!(signature("Bridge closes for repairs in Port Velda"), None);
        assert_eq!(signature(""), None);
    }
}
