//! Where the bundled resources and the default index live.

use std::path::PathBuf;

/// The `index-data` folder: `./index-data` when it holds the sample, else the one of the source
/// tree the binary was built from.
pub fn index_data_dir() -> PathBuf {
    if let Ok(dir) = std::env::var("NEWSROOM_DATA") {
        return PathBuf::from(dir);
    }
    let local = PathBuf::from("index-data");
    if local.join("sample").is_dir() {
        return local;
    }
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("index-data")
}

/// The bundled sample corpus file.
pub fn sample_corpus() -> PathBuf {
    index_data_dir().join("sample").join("articles.jsonl")
}

/// The default index, built from the sample.
pub fn default_index() -> PathBuf {
    index_data_dir().join("index")
}

/// Where extra gazetteer files are looked for when no folder is given.
pub fn extra_gazetteer_dir() -> PathBuf {
    index_data_dir().join("entities/extra")
}

/// The entity extractor: the built-in model and gazetteers, plus the files of `folder` (or of
/// [`extra_gazetteer_dir`] when it exists), so aliases can be added without recompiling.
pub fn news_extractor(
    folder: Option<&std::path::Path>,
) -> anyhow::Result<newsroom_entities::NewsExtractor> {
    use anyhow::Context;
    let default = extra_gazetteer_dir();
    let folder = match folder {
        Some(folder) => {
            anyhow::ensure!(
                folder.is_dir(),
                "gazetteer folder {} not found",
                folder.display()
            );
            Some(folder)
        }
        None => default.is_dir().then_some(default.as_path()),
    };
    let gazetteer = match folder {
        Some(folder) => {
            tracing::info!(folder = %folder.display(), "adding gazetteer files");
            newsroom_entities::Gazetteer::builtin_with_folder(folder)?
        }
        None => newsroom_entities::Gazetteer::builtin(),
    };
    newsroom_entities::NewsExtractor::with_gazetteer(gazetteer).context("loading the entity model")
}
