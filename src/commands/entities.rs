//! `newsroom entities`

use std::io::{Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::Args;
use newsroom_corpus::{read_paths, ReadOptions, Record};
use newsroom_entities::{Entities, EntityExtractor, GazetteerExtractor};

/// Arguments of `newsroom entities`.
#[derive(Args, Debug)]
pub struct EntitiesArgs {
    /// A text file (the article text), a JSON Lines file of articles, or - for text on stdin
    input: PathBuf,
    /// Print one JSON object per article
    #[arg(long)]
    json: bool,
}

/// Runs `newsroom entities`.
pub fn run(args: EntitiesArgs) -> anyhow::Result<ExitCode> {
    let extractor = GazetteerExtractor::default();
    let mut out = std::io::stdout().lock();
    let is_json_input = args
        .input
        .extension()
        .is_some_and(|extension| matches!(extension.to_str(), Some("json" | "jsonl" | "gz")));
    if args.input.as_os_str() == "-" || !is_json_input {
        let mut text = String::new();
        if args.input.as_os_str() == "-" {
            std::io::stdin()
                .read_to_string(&mut text)
                .context("reading stdin")?;
        } else {
            text = std::fs::read_to_string(&args.input)
                .with_context(|| format!("reading {}", args.input.display()))?;
        }
        let entities = extractor.extract_text(&text);
        print_entities(&mut out, None, &entities, args.json)?;
        return Ok(ExitCode::SUCCESS);
    }
    for record in read_paths(std::slice::from_ref(&args.input), &ReadOptions::default())? {
        match record {
            Record::Article(parsed) => {
                let entities = extractor.extract(&parsed.article.title, &parsed.article.body);
                print_entities(&mut out, Some(&parsed.article.id), &entities, args.json)?;
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
        let value = serde_json::json!({ "id": id, "persons": entities.persons, "countries": entities.countries, "organizations": entities.organizations });
        writeln!(out, "{value}")?;
        return Ok(());
    }
    if let Some(id) = id {
        writeln!(out, "{id}")?;
    }
    for (label, list) in [
        ("people", &entities.persons),
        ("countries", &entities.countries),
        ("orgs", &entities.organizations),
    ] {
        let names: Vec<String> = list
            .iter()
            .map(|e| format!("{} ×{} (@{})", e.name, e.count, e.first_offset))
            .collect();
        writeln!(out, "  {label:<10} {}", names.join(", "))?;
    }
    Ok(())
}
