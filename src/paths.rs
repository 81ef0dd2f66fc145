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
