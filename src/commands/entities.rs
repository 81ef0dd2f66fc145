//! `newsroom entities`

use std::io::{Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::{Args, Subcommand};
use newsroom_corpus::{read_paths, ReadOptions, Record};
use newsroom_entities::{Entities, EntityExtractor};
use newsroom_search::{KnownEntity, SearchEngine};

/// Arguments of `newsroom entities`.
#[derive(Args, Debug)]
#[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
pub struct EntitiesArgs {
    #[command(subcommand)]
    action: Option<ModelAction>,
    /// A text file (the article text), a JSON Lines file of articles, or - for text on stdin
    #[arg(required = true)]
    input: Option<PathBuf>,
    /// Print one JSON object per article
    #[arg(long)]
    json: bool,
    /// Folder of extra gazetteer files added to the built-in ones (see `newsroom index --help`)
    #[arg(long)]
    gazetteer: Option<PathBuf>,
    /// Resolve the entities against this index: canonical name, archive articles naming it,
    /// the link to its filter
    #[arg(long)]
    index: Option<PathBuf>,
}

/// Training and evaluating the entity tagger; correcting an index's registry of names.
#[derive(Subcommand, Debug)]
enum ModelAction {
    /// Train the tagger on CoNLL-format data (WORD ... TAG per line, IOB1 or IOB2)
    #[command(
        after_help = "Example:\n  newsroom entities train --data ../shared/ner/conll2003 --out index-data/entities/ner-model.bin"
    )]
    Train(super::entities_model::TrainArgs),
    /// Score the tagger on CoNLL-format data: entity-level precision, recall and F1 per type
    #[command(
        after_help = "Example:\n  newsroom entities eval --data ../shared/ner/conll2003/dev.txt --json"
    )]
    Eval(super::entities_model::EvalArgs),
    /// Count one value of an index's facets as another (a spelling, a short name); no re-indexing
    #[command(
        after_help = "Example:\n  newsroom entities merge --index ix --kind person \"Chris Stevens\" \"Christopher Stevens\""
    )]
    Merge(super::entities_names::MergeArgs),
    /// Show a value of an index's facets under another name; no re-indexing
    #[command(
        after_help = "Example:\n  newsroom entities rename --index ix --kind org \"POLITICO\" \"Politico\""
    )]
    Rename(super::entities_names::MergeArgs),
    /// Take a value out of an index's facets of one kind ("not a person"); no re-indexing
    #[command(after_help = "Example:\n  newsroom entities drop --index ix --kind org LLC")]
    Drop(super::entities_names::NameArgs),
    /// Keep a value the registry would merge or drop as a value of its own
    #[command(after_help = "Example:\n  newsroom entities keep --index ix --kind person Madonna")]
    Keep(super::entities_names::NameArgs),
    /// Make a value one kind only (dropped from the others)
    #[command(
        after_help = "Example:\n  newsroom entities kind --index ix \"Clinton Foundation\" org"
    )]
    Kind(super::entities_names::KindArgs),
}

/// Runs `newsroom entities`.
pub fn run(args: EntitiesArgs) -> anyhow::Result<ExitCode> {
    let input = match args.action {
        Some(ModelAction::Train(train)) => return super::entities_model::train(train),
        Some(ModelAction::Eval(eval)) => return super::entities_model::eval(eval),
        Some(ModelAction::Merge(args) | ModelAction::Rename(args)) => {
            return super::entities_names::merge(args)
        }
        Some(ModelAction::Drop(args)) => return super::entities_names::drop_name(args),
        Some(ModelAction::Keep(args)) => return super::entities_names::keep(args),
        Some(ModelAction::Kind(args)) => return super::entities_names::kind(args),
        None => args.input.context("an input file (or -) is required")?,
    };
    let archive = match &args.index {
        Some(dir) => {
            Some(SearchEngine::open(dir).with_context(|| format!("opening {}", dir.display()))?)
        }
        None => None,
    };
    let extractor = crate::paths::news_extractor(args.gazetteer.as_deref())?;
    let mut out = std::io::stdout().lock();
    let print =
        |out: &mut std::io::StdoutLock, id: Option<&str>, entities: &Entities| match &archive {
            Some(engine) => print_known(out, id, &engine.annotate(entities)?, args.json),
            None => print_entities(out, id, entities, args.json),
        };
    let is_json_input = input
        .extension()
        .is_some_and(|extension| matches!(extension.to_str(), Some("json" | "jsonl" | "gz")));
    if input.as_os_str() == "-" || !is_json_input {
        let mut text = String::new();
        if input.as_os_str() == "-" {
            std::io::stdin()
                .read_to_string(&mut text)
                .context("reading stdin")?;
        } else {
            text = std::fs::read_to_string(&input)
                .with_context(|| format!("reading {}", input.display()))?;
        }
        let entities = extractor.extract_text(&text);
        print(&mut out, None, &entities)?;
        return Ok(ExitCode::SUCCESS);
    }
    for record in read_paths(std::slice::from_ref(&input), &ReadOptions::default())? {
        match record {
            Record::Article(parsed) => {
                let entities = extractor.extract(&parsed.article.title, &parsed.article.body);
                print(&mut out, Some(&parsed.article.id), &entities)?;
            }
            Record::Rejected(rejection) => eprintln!("skipped {rejection}"),
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn print_entities(
    out: &mut impl Write,
    id: Option<&str>,
    entities: &Entities,
    json: bool,
) -> anyhow::Result<()> {
    if json {
        let value = serde_json::json!({ "id": id, "persons": entities.persons, "countries": entities.countries, "organizations": entities.orgs });
        writeln!(out, "{value}")?;
        return Ok(());
    }
    if let Some(id) = id {
        writeln!(out, "{id}")?;
    }
    for (label, list) in [
        ("people", &entities.persons),
        ("countries", &entities.countries),
        ("orgs", &entities.orgs),
    ] {
        let names: Vec<String> = list
            .iter()
            .map(|e| format!("{} ×{} (@{})", e.name, e.count, e.first_offset))
            .collect();
        writeln!(out, "  {label:<10} {}", names.join(", "))?;
    }
    Ok(())
}

/// Entities resolved against an index: what the archive knows of each.
fn print_known(
    out: &mut impl Write,
    id: Option<&str>,
    known: &[KnownEntity],
    json: bool,
) -> anyhow::Result<()> {
    if json {
        let value = serde_json::json!({ "id": id, "entities": known });
        writeln!(out, "{value}")?;
        return Ok(());
    }
    if let Some(id) = id {
        writeln!(out, "{id}")?;
    }
    for entity in known {
        let archive = match &entity.filter_link {
            Some(link) => format!("{} archive articles  {link}", entity.articles),
            None => "new to the archive".to_string(),
        };
        let renamed = if entity.name == entity.extracted {
            String::new()
        } else {
            format!(" (as {})", entity.extracted)
        };
        writeln!(
            out,
            "  {:<8} {}{renamed} ×{}  {archive}",
            entity.kind, entity.name, entity.mentions
        )?;
    }
    Ok(())
}
