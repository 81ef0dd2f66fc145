//! Stories: articles whose bodies are near-duplicates (the same wire story republished, updated
//! versions of one article, one page scraped twice) share a story id, so search can show one
//! article per story.
//!
//! Each article with a long enough body (boilerplate left out) gets a MinHash signature
//! (`signature.rs`); the [`StoryTable`] finds, through LSH band tables, the earlier article most
//! similar to it, and when their estimated Jaccard similarity reaches [`STORY_SIMILARITY`] the
//! new article joins that article's story; otherwise it starts a new story. The table is kept in
//! the index folder ([`STORIES_FILE`]), so a later run's articles join the stories of earlier
//! runs without re-indexing anything.

mod counts;
mod signature;

pub use counts::{story_counts, StoryCounts, StorySize};
pub use signature::{
    signature, similarity, Signature, MIN_WORDS, SIGNATURE_HASHES, STORY_SIMILARITY,
};

use std::collections::HashMap;
use std::io::{BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};

use rustc_hash::FxHashMap;

use crate::IndexError;

/// The file in the index folder that keeps every signature with its article id and story.
pub const STORIES_FILE: &str = "stories.bin";

/// The first bytes of [`STORIES_FILE`], with its format version.
const MAGIC: &[u8; 8] = b"NRSTORY3";

/// Story ids stay under 2^53 so that JSON readers holding numbers as doubles read them exactly.
const STORY_ID_BITS: u32 = 53;

/// Signatures are cut into this many bands of [`BAND_ROWS`] positions; only articles equal on
/// a whole band are compared. Two bodies of similarity `s` share a band with probability
/// 1 − (1 − s⁴)¹⁶: 0.998 at the threshold of 0.75, 0.64 at 0.5, 0.03 at 0.2.
const BANDS: usize = 16;
/// Positions per band.
const BAND_ROWS: usize = SIGNATURE_HASHES / BANDS;

/// The story id of an article that starts a story (or has no signature): a hash of its id, so
/// the same article gets the same story in any run.
pub fn story_of_id(id: &str) -> u64 {
    xxhash_rust::xxh3::xxh3_64(id.as_bytes()) & ((1 << STORY_ID_BITS) - 1)
}

/// One article with a signature.
#[derive(Debug, Clone)]
struct Entry {
    id: String,
    signature: Signature,
    story: u64,
    /// False once the article was indexed again (its new version has its own entry).
    live: bool,
}

/// Every signature of an index with its story, and the band tables that find similar ones.
#[derive(Debug, Default)]
pub struct StoryTable {
    entries: Vec<Entry>,
    by_id: HashMap<String, usize>,
    /// For each band, the entries by the hash of their signature's positions in it.
    bands: [FxHashMap<u64, Vec<u32>>; BANDS],
}

impl StoryTable {
    /// Reads the table an earlier run saved in `path`; an empty table when there is no file.
    pub fn load(path: &Path) -> Result<StoryTable, IndexError> {
        let mut table = StoryTable::default();
        let file = match std::fs::File::open(path) {
            Ok(file) => file,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(table),
            Err(source) => return Err(io_error(path, source)),
        };
        let mut reader = BufReader::new(file);
        let corrupt = |reason: &str| IndexError::Stories {
            path: path.to_path_buf(),
            reason: reason.to_string(),
        };
        let mut magic = [0u8; 8];
        reader
            .read_exact(&mut magic)
            .map_err(|_| corrupt("too short for a story table"))?;
        if &magic != MAGIC {
            return Err(corrupt("not a story table of this version"));
        }
        let count = read_u64(&mut reader).map_err(|_| corrupt("truncated"))?;
        for _ in 0..count {
            let story = read_u64(&mut reader).map_err(|_| corrupt("truncated"))?;
            let length = read_u64(&mut reader).map_err(|_| corrupt("truncated"))?;
            if length > 1 << 20 {
                return Err(corrupt("an article id longer than 1 MiB"));
            }
            let mut id = vec![0u8; length as usize];
            reader
                .read_exact(&mut id)
                .map_err(|_| corrupt("truncated"))?;
            let id = String::from_utf8(id).map_err(|_| corrupt("an article id is not UTF-8"))?;
            let mut signature = [0u32; SIGNATURE_HASHES];
            let mut bytes = [0u8; 4];
            for position in &mut signature {
                reader
                    .read_exact(&mut bytes)
                    .map_err(|_| corrupt("truncated"))?;
                *position = u32::from_le_bytes(bytes);
            }
            table.insert(id, signature, story);
        }
        Ok(table)
    }

    /// Writes the live entries to `path` (through a temporary file, renamed over the old one).
    pub fn save(&self, path: &Path) -> Result<(), IndexError> {
        let temporary = path.with_extension("bin.tmp");
        let file = std::fs::File::create(&temporary).map_err(|e| io_error(&temporary, e))?;
        let mut writer = BufWriter::new(file);
        let live: Vec<&Entry> = self.entries.iter().filter(|entry| entry.live).collect();
        let mut write = || -> std::io::Result<()> {
            writer.write_all(MAGIC)?;
            writer.write_all(&(live.len() as u64).to_le_bytes())?;
            for entry in &live {
                writer.write_all(&entry.story.to_le_bytes())?;
                writer.write_all(&(entry.id.len() as u64).to_le_bytes())?;
                writer.write_all(entry.id.as_bytes())?;
                for position in entry.signature {
                    writer.write_all(&position.to_le_bytes())?;
                }
            }
            writer.flush()
        };
        write().map_err(|e| io_error(&temporary, e))?;
        std::fs::rename(&temporary, path).map_err(|e| io_error(path, e))
    }

    /// The story of article `id` with this body signature (`None`: too short for one): the
    /// story of the most similar earlier article when their similarity reaches
    /// [`STORY_SIMILARITY`], else a new story. An article indexed again replaces its earlier
    /// signature.
    pub fn assign(&mut self, id: &str, signature: Option<&Signature>) -> u64 {
        if let Some(earlier) = self.by_id.get(id) {
            self.entries[*earlier].live = false;
        }
        let Some(signature) = signature else {
            self.by_id.remove(id);
            return story_of_id(id);
        };
        let story = self
            .most_similar(signature)
            .map_or_else(|| story_of_id(id), |entry| entry.story);
        self.insert(id.to_string(), *signature, story);
        story
    }

    /// Articles with a signature in the table.
    pub fn len(&self) -> usize {
        self.by_id.len()
    }

    /// Whether no article has a signature.
    pub fn is_empty(&self) -> bool {
        self.by_id.is_empty()
    }

    /// The live entry most similar to `signature` at [`STORY_SIMILARITY`] or more (the
    /// earliest among equally similar ones).
    fn most_similar(&self, signature: &Signature) -> Option<&Entry> {
        let mut best: Option<(usize, u32)> = None;
        for (band, table) in self.bands.iter().enumerate() {
            let Some(candidates) = table.get(&band_key(signature, band)) else {
                continue;
            };
            for &index in candidates {
                let entry = &self.entries[index as usize];
                let equal = equal_positions(&entry.signature, signature);
                let better = best.is_none_or(|(best_equal, best_index)| {
                    (equal, std::cmp::Reverse(index)) > (best_equal, std::cmp::Reverse(best_index))
                });
                if entry.live && better {
                    best = Some((equal, index));
                }
            }
        }
        best.filter(|(equal, _)| *equal as f64 / SIGNATURE_HASHES as f64 >= STORY_SIMILARITY)
            .map(|(_, index)| &self.entries[index as usize])
    }

    fn insert(&mut self, id: String, signature: Signature, story: u64) {
        let index = self.entries.len() as u32;
        for (band, table) in self.bands.iter_mut().enumerate() {
            table
                .entry(band_key(&signature, band))
                .or_default()
                .push(index);
        }
        if let Some(earlier) = self.by_id.insert(id.clone(), index as usize) {
            self.entries[earlier].live = false;
        }
        self.entries.push(Entry {
            id,
            signature,
            story,
            live: true,
        });
    }
}

/// Positions at which two signatures agree.
fn equal_positions(a: &Signature, b: &Signature) -> usize {
    a.iter().zip(b).filter(|(x, y)| x == y).count()
}

/// The hash of a signature's positions in band `band`.
fn band_key(signature: &Signature, band: usize) -> u64 {
    let mut bytes = [0u8; 4 * BAND_ROWS];
    let rows = &signature[band * BAND_ROWS..(band + 1) * BAND_ROWS];
    for (slot, value) in bytes.chunks_exact_mut(4).zip(rows) {
        slot.copy_from_slice(&value.to_le_bytes());
    }
    xxhash_rust::xxh3::xxh3_64_with_seed(&bytes, band as u64)
}

fn read_u64(reader: &mut impl Read) -> std::io::Result<u64> {
    let mut bytes = [0u8; 8];
    reader.read_exact(&mut bytes)?;
    Ok(u64::from_le_bytes(bytes))
}

fn io_error(path: &Path, source: std::io::Error) -> IndexError {
    IndexError::Io {
        path: PathBuf::from(path),
        source,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A signature whose first `equal` positions are `base`'s and the rest different.
    fn sharing(base: &Signature, equal: usize) -> Signature {
        let mut other = *base;
        for value in other.iter_mut().skip(equal) {
            *value = value.wrapping_add(1);
        }
        other
    }

    fn base() -> Signature {
        std::array::from_fn(|position| position as u32 * 7919)
    }

    #[test]
    fn similar_signatures_share_a_story_and_others_do_not() {
        let mut table = StoryTable::default();
        let first = table.assign("a", Some(&base()));
        assert_eq!(first, story_of_id("a"));
        assert_eq!(table.assign("b", Some(&sharing(&base(), 56))), first);
        // Half the positions: below the threshold, although the bands meet.
        assert_eq!(
            table.assign("c", Some(&sharing(&base(), 32))),
            story_of_id("c")
        );
        assert_eq!(table.assign("short", None), story_of_id("short"));
        assert_eq!(table.len(), 3);
    }

    #[test]
    fn a_later_run_joins_the_stories_of_an_earlier_one() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(STORIES_FILE);
        let mut table = StoryTable::load(&path).unwrap();
        assert!(table.is_empty());
        let story = table.assign("first-run", Some(&base()));
        table.save(&path).unwrap();

        let mut table = StoryTable::load(&path).unwrap();
        assert_eq!(table.len(), 1);
        assert_eq!(
            table.assign("second-run", Some(&sharing(&base(), 60))),
            story
        );
        assert_ne!(table.assign("other", Some(&[1; SIGNATURE_HASHES])), story);
    }

    #[test]
    fn an_article_indexed_again_replaces_its_signature() {
        let mut table = StoryTable::default();
        table.assign("a", Some(&base()));
        table.assign("a", Some(&[3; SIGNATURE_HASHES]));
        assert_eq!(table.len(), 1);
        // Nothing joins the signature "a" no longer has.
        assert_eq!(table.assign("b", Some(&base())), story_of_id("b"));
    }

    #[test]
    fn a_damaged_file_is_an_error_not_an_empty_table() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(STORIES_FILE);
        std::fs::write(&path, b"NRSTORY3\x05\0\0\0\0\0\0\0").unwrap();
        assert!(matches!(
            StoryTable::load(&path),
            Err(IndexError::Stories { .. })
        ));
        std::fs::write(&path, b"something else").unwrap();
        assert!(StoryTable::load(&path).is_err());
    }
}
