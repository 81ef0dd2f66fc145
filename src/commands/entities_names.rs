//! `newsroom entities merge|rename|drop|keep|kind`: corrections of an index's registry of names,
//! applied at the next request of a running server, with no re-indexing.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::{Args, ValueEnum};
use newsroom_index::registry::{add_correction, Correction, CORRECTIONS_FILE};
use newsroom_index::NameRegistry;

use crate::paths;

/// An entity kind, as the registry names its fields.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum KindArg {
    /// People.
    Person,
    /// Countries.
    Country,
    /// Organisations.
    Org,
}

impl KindArg {
    fn field(self) -> &'static str {
        match self {
            KindArg::Person => "person",
            KindArg::Country => "country",
            KindArg::Org => "org",
        }
    }
}

/// Arguments of `merge` and `rename`.
#[derive(Args, Debug)]
pub struct MergeArgs {
    /// Index folder (default: index-data/index)
    #[arg(long)]
    index: Option<PathBuf>,
    /// Kind of entity
    #[arg(long, value_enum, default_value = "person")]
    kind: KindArg,
    /// The value merged away (and every spelling that counted as it)
    from: String,
    /// The value it joins (an existing value, or a new name: a rename)
    into: String,
}

/// Arguments of `drop` and `keep`.
#[derive(Args, Debug)]
pub struct NameArgs {
    /// Index folder (default: index-data/index)
    #[arg(long)]
    index: Option<PathBuf>,
    /// Kind of entity
    #[arg(long, value_enum, default_value = "person")]
    kind: KindArg,
    /// The value
    name: String,
}

/// Arguments of `kind`.
#[derive(Args, Debug)]
pub struct KindArgs {
    /// Index folder (default: index-data/index)
    #[arg(long)]
    index: Option<PathBuf>,
    /// The value
    name: String,
    /// The one kind it is
    #[arg(value_enum)]
    kind: KindArg,
}

/// Records one correction and checks that the registry still loads with it.
fn record(index: Option<PathBuf>, correction: Correction) -> anyhow::Result<ExitCode> {
    let dir = index.unwrap_or_else(paths::default_index);
    anyhow::ensure!(
        dir.join("meta.json").exists(),
        "no index at {}; build one with `newsroom index PATHS --index {}`",
        dir.display(),
        dir.display()
    );
    add_correction(&dir, &correction)
        .with_context(|| format!("recording the correction in {}", dir.display()))?;
    NameRegistry::load(&dir).context("reading the registry back")?;
    eprintln!(
        "recorded in {}; a running server shows it at its next request",
        dir.join(CORRECTIONS_FILE).display()
    );
    Ok(ExitCode::SUCCESS)
}

/// `merge` (and `rename`).
pub fn merge(args: MergeArgs) -> anyhow::Result<ExitCode> {
    let correction = Correction::Merge {
        field: args.kind.field().to_string(),
        from: args.from,
        into: args.into,
    };
    record(args.index, correction)
}

/// `drop`.
pub fn drop_name(args: NameArgs) -> anyhow::Result<ExitCode> {
    let correction = Correction::Drop {
        field: args.kind.field().to_string(),
        name: args.name,
    };
    record(args.index, correction)
}

/// `keep`.
pub fn keep(args: NameArgs) -> anyhow::Result<ExitCode> {
    let correction = Correction::Keep {
        field: args.kind.field().to_string(),
        name: args.name,
    };
    record(args.index, correction)
}

/// `kind`.
pub fn kind(args: KindArgs) -> anyhow::Result<ExitCode> {
    let correction = Correction::Kind {
        name: args.name,
        field: args.kind.field().to_string(),
    };
    record(args.index, correction)
}
