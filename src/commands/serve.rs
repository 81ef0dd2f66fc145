//! `newsroom serve`

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::{Args, ValueEnum};

use crate::commands::index::ensure_sample_index;
use crate::paths;

/// Which engine answers searches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Backend {
    /// The local newsroom index
    Local,
    /// A Quickwit index filled by `newsroom push --quickwit`
    Quickwit,
}

/// Arguments of `newsroom serve`.
#[derive(Args, Debug)]
pub struct ServeArgs {
    /// Index folder (default: index-data/index, built from the sample when missing); with
    /// --backend quickwit, the Quickwit index id
    #[arg(long)]
    index: Option<PathBuf>,
    /// Which engine answers searches
    #[arg(long, value_enum, default_value_t = Backend::Local)]
    backend: Backend,
    /// Quickwit REST address for --backend quickwit, such as http://127.0.0.1:7280
    #[arg(long, required_if_eq("backend", "quickwit"))]
    quickwit: Option<String>,
    /// Address to listen on
    #[arg(long, default_value = "127.0.0.1:8080")]
    addr: SocketAddr,
    /// Allow cross-origin requests from this origin (repeatable; default: none)
    #[arg(long)]
    cors_origin: Vec<String>,
    /// Request timeout in seconds
    #[arg(long, default_value_t = 10)]
    timeout_secs: u64,
}

/// Runs `newsroom serve`.
pub fn run(args: ServeArgs) -> anyhow::Result<ExitCode> {
    if args.backend == Backend::Quickwit {
        return run_quickwit(args);
    }
    let index_dir = match &args.index {
        Some(dir) => dir.clone(),
        None => {
            let dir = paths::default_index();
            ensure_sample_index(&dir)?;
            dir
        }
    };
    let config = newsroom_search::server::ServerConfig {
        index_dir,
        addr: args.addr,
        cors_origins: args.cors_origin,
        timeout: std::time::Duration::from_secs(args.timeout_secs.max(1)),
        // The extractor `POST /api/annotate` runs, loaded on its first call.
        extractor: newsroom_search::server::ExtractorLoader::new(|| {
            paths::news_extractor(None)
                .map(|extractor| {
                    std::sync::Arc::new(extractor)
                        as std::sync::Arc<dyn newsroom_entities::EntityExtractor>
                })
                .map_err(|error| format!("{error:#}"))
        }),
    };
    let runtime = tokio::runtime::Runtime::new().context("starting the async runtime")?;
    runtime.block_on(newsroom_search::server::serve(config, announce))?;
    Ok(ExitCode::SUCCESS)
}

/// Tells the user (and the tests, which read it) where the server listens.
fn announce(address: std::net::SocketAddr) {
    eprintln!("listening on http://{address}");
}

/// Serves the page and API from a Quickwit index.
fn run_quickwit(args: ServeArgs) -> anyhow::Result<ExitCode> {
    let url = args
        .quickwit
        .context("--backend quickwit needs --quickwit URL")?;
    let index = args
        .index
        .map(|index| index.to_string_lossy().into_owned())
        .context("--backend quickwit needs --index NAME (the Quickwit index id)")?;
    let timeout = std::time::Duration::from_secs(args.timeout_secs.max(1));
    let backend = newsroom_scaleout::QuickwitBackend::new(&url, &index, timeout);
    let config = newsroom_search::server::ServerConfig {
        index_dir: PathBuf::from(format!("{url}/api/v1/{index}")),
        addr: args.addr,
        cors_origins: args.cors_origin,
        timeout,
        extractor: newsroom_search::server::ExtractorLoader::none(),
    };
    let runtime = tokio::runtime::Runtime::new().context("starting the async runtime")?;
    runtime.block_on(newsroom_search::server::serve_backend(
        std::sync::Arc::new(backend),
        config,
        announce,
    ))?;
    Ok(ExitCode::SUCCESS)
}
