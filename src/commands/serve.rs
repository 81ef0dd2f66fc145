//! `newsroom serve`

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::Args;

use crate::commands::index::ensure_sample_index;
use crate::paths;

/// Arguments of `newsroom serve`.
#[derive(Args, Debug)]
pub struct ServeArgs {
    /// Index folder (default: index-data/index, built from the sample when missing)
    #[arg(long)]
    index: Option<PathBuf>,
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
    };
    let runtime = tokio::runtime::Runtime::new().context("starting the async runtime")?;
    runtime.block_on(newsroom_search::server::serve(config))?;
    Ok(ExitCode::SUCCESS)
}
