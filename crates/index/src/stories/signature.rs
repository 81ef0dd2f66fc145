//! MinHash signatures of article bodies, by one-permutation hashing: each of the body's word
//! 3-shingles is hashed once, the hash's top 6 bits pick one of 64 bins and each bin keeps its
//! least hash (Li, Owen and Zhang 2012); a bin no shingle fell into takes the value of the next
//! filled bin, marked with its distance (densification by rotation, Shrivastava and Li 2014).
//! Two signatures agree in a bin with probability close to the Jaccard similarity of the two
//! bodies' shingle sets, so the share of agreeing bins estimates how much of the text two
//! articles have in common. One hash per shingle instead of 64 (classic MinHash) keeps the
//! signature a small part of indexing.
//!
//! Why MinHash rather than SimHash: SimHash (tried first) measures the whole body's direction,
//! and on the allsides corpus articles sharing a long embedded block (a 43-caption photo
//! gallery in many CNN pages) were 0 to 3 bits apart while their own text had nothing in
//! common, and true copies with a changed paragraph were 4 to 5 bits apart; no bit threshold
//! separated them. MinHash estimates the shared share directly, and a Jaccard threshold does.
//! The cost is 256 bytes per article in the story table (64 × u32) instead of 8. No maintained
//! crate offers MinHash over word shingles with LSH tables that can be saved and extended
//! (`gaoya` keeps its index in memory only); the signature is 40 lines.

use xxhash_rust::xxh3::xxh3_64;

/// Words a body needs for a signature. Shorter texts (headlines, title-only records, blurbs)
/// have too few shingles for their similarity to mean anything: they get no signature and are
/// each a story of their own.
pub const MIN_WORDS: usize = 50;

/// Bins (hash values) of a signature.
pub const SIGNATURE_HASHES: usize = 64;

/// A MinHash signature.
pub type Signature = [u32; SIGNATURE_HASHES];

/// The least Jaccard similarity (estimated) at which two bodies are the same story: copies
/// and updated versions share most of their text; different articles on one event, or pages
/// sharing an embedded block, about half at most.
pub const STORY_SIMILARITY: f64 = 0.75;

/// Bits of a shingle hash below the bin number.
const VALUE_BITS: u32 = 64 - SIGNATURE_HASHES.trailing_zeros();

/// The MinHash signature of `body`'s word 3-shingles (words: runs of letters and digits,
/// lowercased), or `None` when it has fewer than [`MIN_WORDS`] words.
pub fn signature(body: &str) -> Option<Signature> {
    let mut lowercase = String::new();
    let word_hashes: Vec<u64> = words(body)
        .map(|word| {
            if word
                .bytes()
                .any(|byte| !byte.is_ascii_lowercase() && !byte.is_ascii_digit())
            {
                lowercase.clear();
                lowercase.extend(word.chars().flat_map(char::to_lowercase));
                xxh3_64(lowercase.as_bytes())
            } else {
                xxh3_64(word.as_bytes())
            }
        })
        .collect();
    if word_hashes.len() < MIN_WORDS {
        return None;
    }
    let mut bins = [u64::MAX; SIGNATURE_HASHES];
    for shingle in word_hashes.windows(3) {
        let hash = mix(shingle[0] ^ shingle[1].rotate_left(21) ^ shingle[2].rotate_left(42));
        let bin = (hash >> VALUE_BITS) as usize;
        let value = hash & ((1 << VALUE_BITS) - 1);
        bins[bin] = bins[bin].min(value);
    }
    let mut signature = [0u32; SIGNATURE_HASHES];
    for (bin, slot) in signature.iter_mut().enumerate() {
        // Some bin is filled: there are 48 shingles or more.
        let (distance, value) = (0..SIGNATURE_HASHES)
            .map(|distance| (distance, bins[(bin + distance) % SIGNATURE_HASHES]))
            .find(|(_, value)| *value != u64::MAX)?;
        *slot = (value >> (VALUE_BITS - 32)) as u32 ^ (distance as u32).wrapping_mul(0x9E37_79B9);
    }
    Some(signature)
}

/// The estimated Jaccard similarity of two signatures' bodies: the share of equal positions.
pub fn similarity(a: &Signature, b: &Signature) -> f64 {
    let equal = a.iter().zip(b).filter(|(x, y)| x == y).count();
    equal as f64 / SIGNATURE_HASHES as f64
}

/// SplitMix64's finaliser: spreads the combined word hashes over all 64 bits.
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
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
