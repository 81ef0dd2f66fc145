//! The index's registry of names as the engine uses it: loaded at open, reloaded when its files
//! change (a correction with `newsroom entities merge|drop|...` shows at the next request, with
//! no re-indexing and no restart), and how an article's mentions read under the registry's names.

pub(crate) mod mentions;

use std::path::{Path, PathBuf};
use std::sync::{Arc, PoisonError, RwLock};
use std::time::SystemTime;

use newsroom_index::registry::{CORRECTIONS_FILE, REGISTRY_FILE};
use newsroom_index::NameRegistry;

use crate::collect::facets::FacetNames;
use crate::SearchError;

/// When the two registry files last changed (`None` for a missing file).
type Stamp = [Option<SystemTime>; 2];

/// The registry and the facet columns read through it, replaced together when the files change.
#[derive(Debug)]
pub(crate) struct RegistryWatch {
    dir: PathBuf,
    current: RwLock<(Stamp, Arc<FacetNames>)>,
}

impl RegistryWatch {
    /// The registry of the index in `dir`, loaded now.
    pub(crate) fn open(dir: &Path) -> Result<Self, SearchError> {
        let stamp = stamp(dir);
        let registry = NameRegistry::load(dir)?;
        Ok(RegistryWatch {
            dir: dir.to_path_buf(),
            current: RwLock::new((stamp, Arc::new(FacetNames::new(Arc::new(registry))))),
        })
    }

    /// The facet columns (and their registry) to use now. A registry that no longer loads
    /// (a hand edit gone wrong) is reported and the last good one kept.
    pub(crate) fn current(&self) -> Arc<FacetNames> {
        let now = stamp(&self.dir);
        {
            let current = self.current.read().unwrap_or_else(PoisonError::into_inner);
            if current.0 == now {
                return Arc::clone(&current.1);
            }
        }
        let mut current = self.current.write().unwrap_or_else(PoisonError::into_inner);
        if current.0 != now {
            match NameRegistry::load(&self.dir) {
                Ok(registry) => {
                    tracing::info!(dir = %self.dir.display(), "registry of names reloaded");
                    *current = (now, Arc::new(FacetNames::new(Arc::new(registry))));
                }
                Err(error) => {
                    tracing::warn!(%error, "registry of names not reloaded; keeping the last one");
                    current.0 = now;
                }
            }
        }
        Arc::clone(&current.1)
    }
}

fn stamp(dir: &Path) -> Stamp {
    let modified = |name: &str| {
        std::fs::metadata(dir.join(name))
            .and_then(|metadata| metadata.modified())
            .ok()
    };
    [modified(REGISTRY_FILE), modified(CORRECTIONS_FILE)]
}
