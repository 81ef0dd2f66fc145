//! A hash table for keys that are already 64-bit hashes, whose slot for a key can be asked for
//! before the lookup.
//!
//! The tagger looks every word of a document up in its cache of word types, a table several
//! times larger than the processor's second-level cache, so nearly every lookup of a rarer word
//! waits for memory. Asking for a whole sentence's slots first lets those waits overlap; the
//! standard map has no way to name the memory a lookup will touch, which is why this one
//! exists. Open addressing with linear probing, at most half full. (The model's feature table
//! stays a standard map: at half load its 80-byte slots made it twice as large, and the first
//! pass ran slower with it even though it executed fewer instructions.)

use newsroom_prefetch::prefetch;

/// Key marking an empty slot. A real key equal to it is stored as [`EMPTY_STAND_IN`] (two keys
/// sharing a 64-bit hash is as unlikely as any other hash collision the tagger already accepts).
const EMPTY: u64 = 0;
const EMPTY_STAND_IN: u64 = 1;

#[derive(Debug, Clone, Copy)]
struct Slot<V> {
    key: u64,
    value: V,
}

/// A map from 64-bit hashes to small values (see the module documentation).
#[derive(Debug, Clone)]
pub(crate) struct HashIndex<V> {
    slots: Vec<Slot<V>>,
    /// `64 - log2(slots.len())`: the home slot of a key is the top bits of its scrambled value.
    shift: u32,
    len: usize,
}

impl<V: Copy + Default> Default for HashIndex<V> {
    fn default() -> Self {
        HashIndex::with_capacity(0)
    }
}

impl<V: Copy + Default> HashIndex<V> {
    /// An empty table with room for `items` keys before it grows.
    pub(crate) fn with_capacity(items: usize) -> Self {
        let slots = (items.max(8) * 2).next_power_of_two();
        HashIndex {
            slots: vec![
                Slot {
                    key: EMPTY,
                    value: V::default()
                };
                slots
            ],
            shift: 64 - slots.trailing_zeros(),
            len: 0,
        }
    }

    /// Number of keys stored.
    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.len
    }

    /// The value stored for `key`.
    #[inline]
    pub(crate) fn get(&self, key: u64) -> Option<&V> {
        let key = stored_key(key);
        let mask = self.slots.len() - 1;
        let mut index = self.home(key);
        loop {
            let slot = &self.slots[index];
            if slot.key == key {
                return Some(&slot.value);
            }
            if slot.key == EMPTY {
                return None;
            }
            index = (index + 1) & mask;
        }
    }

    /// Asks the processor to start loading the slot where a lookup of `key` begins (its first
    /// cache line, which holds the key the lookup compares first).
    #[inline]
    pub(crate) fn prefetch(&self, key: u64) {
        prefetch(&self.slots[self.home(stored_key(key))].key);
    }

    /// Stores `value` for `key`, replacing any value it had.
    pub(crate) fn insert(&mut self, key: u64, value: V) {
        if (self.len + 1) * 2 > self.slots.len() {
            self.grow();
        }
        let key = stored_key(key);
        let mask = self.slots.len() - 1;
        let mut index = self.home(key);
        loop {
            let slot = &mut self.slots[index];
            if slot.key == key {
                slot.value = value;
                return;
            }
            if slot.key == EMPTY {
                *slot = Slot { key, value };
                self.len += 1;
                return;
            }
            index = (index + 1) & mask;
        }
    }

    /// Removes every key, keeping the memory.
    pub(crate) fn clear(&mut self) {
        for slot in &mut self.slots {
            slot.key = EMPTY;
        }
        self.len = 0;
    }

    fn grow(&mut self) {
        let mut bigger = HashIndex::with_capacity(self.slots.len());
        for slot in self.slots.iter().filter(|slot| slot.key != EMPTY) {
            bigger.insert(slot.key, slot.value);
        }
        *self = bigger;
    }

    /// Where the probe for `key` starts (Fibonacci hashing: feature keys are products whose low
    /// bits are weak).
    #[inline]
    fn home(&self, key: u64) -> usize {
        (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> self.shift) as usize
    }
}

#[inline]
fn stored_key(key: u64) -> u64 {
    if key == EMPTY {
        EMPTY_STAND_IN
    } else {
        key
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_what_it_stores_across_growth() {
        let mut table: HashIndex<u32> = HashIndex::default();
        let keys: Vec<u64> = (0..5_000u64)
            .map(|n| n.wrapping_mul(0x2545_F491_4F6C_DD1D) ^ (n << 7))
            .collect();
        for (value, key) in keys.iter().enumerate() {
            table.insert(*key, value as u32);
        }
        assert_eq!(table.len(), keys.len());
        for (value, key) in keys.iter().enumerate() {
            table.prefetch(*key);
            assert_eq!(table.get(*key), Some(&(value as u32)));
        }
        assert_eq!(table.get(0xDEAD_BEEF), None);
        table.insert(keys[3], 99);
        assert_eq!(table.get(keys[3]), Some(&99));
        assert_eq!(table.len(), keys.len(), "replacing adds no key");
        table.clear();
        assert_eq!(table.len(), 0);
        assert_eq!(table.get(keys[3]), None);
    }

    #[test]
    fn keys_that_share_a_home_slot_and_the_empty_key_are_kept_apart() {
        let mut table: HashIndex<u8> = HashIndex::with_capacity(4);
        let home = table.home(2);
        let mut crowded: Vec<u64> = (2..u64::MAX)
            .filter(|key| table.home(*key) == home)
            .take(6)
            .collect();
        let absent = crowded.pop();
        crowded.push(0);
        for (value, key) in crowded.iter().enumerate() {
            table.insert(*key, value as u8);
        }
        for (value, key) in crowded.iter().enumerate() {
            assert_eq!(table.get(*key), Some(&(value as u8)), "key {key}");
        }
        assert_eq!(absent.and_then(|key| table.get(key)), None);
    }
}
