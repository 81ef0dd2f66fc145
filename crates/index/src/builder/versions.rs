//! Which version of an article a run keeps when its input holds one id twice: the later one in
//! the input, whatever order the entity workers finish them in.

use std::collections::HashMap;

/// What the writer does with an article that just came back from the workers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Arrival {
    /// The first version of its id: added.
    New,
    /// A later version of an id the run (or the index) already has: the older one is deleted
    /// and this one added.
    Replaces,
    /// An earlier version of an id whose later version is already added: left out.
    Superseded,
}

/// The input position of the version each id of this run was added from.
#[derive(Debug, Default)]
pub(super) struct LatestVersions {
    /// Hash of the id → input position.
    added: HashMap<u64, u64>,
}

impl LatestVersions {
    /// Records the arrival of the article `id` read at input position `position`; `in_index`
    /// says whether an earlier run indexed the id.
    pub(super) fn arrive(&mut self, id: &str, position: u64, in_index: bool) -> Arrival {
        use std::hash::{BuildHasher, BuildHasherDefault};
        let id =
            BuildHasherDefault::<std::collections::hash_map::DefaultHasher>::default().hash_one(id);
        match self.added.get(&id) {
            Some(&added) if added > position => Arrival::Superseded,
            Some(_) => {
                self.added.insert(id, position);
                Arrival::Replaces
            }
            None => {
                self.added.insert(id, position);
                if in_index {
                    Arrival::Replaces
                } else {
                    Arrival::New
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_later_version_in_the_input_is_kept_whatever_the_arrival_order() {
        let mut in_order = LatestVersions::default();
        assert_eq!(in_order.arrive("a", 1, false), Arrival::New);
        assert_eq!(in_order.arrive("a", 50, false), Arrival::Replaces);

        let mut late = LatestVersions::default();
        assert_eq!(late.arrive("a", 50, false), Arrival::New);
        assert_eq!(late.arrive("a", 1, false), Arrival::Superseded);
        assert_eq!(late.arrive("a", 80, false), Arrival::Replaces);

        let mut indexed_before = LatestVersions::default();
        assert_eq!(indexed_before.arrive("b", 3, true), Arrival::Replaces);
    }
}
