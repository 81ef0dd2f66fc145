//! `newsroom entities eval --docs GOLD --corpus FILE`: document-level precision, recall and F1
//! per kind on hand-annotated real articles, with every error listed.

use std::collections::{BTreeMap, HashMap};
use std::io::Write;
use std::process::ExitCode;

use anyhow::Context;
use newsroom_corpus::{read_paths, BoilerplateLearner, ReadOptions, Record};
use newsroom_entities::document_eval::{DocumentEvaluation, GoldDocument};
use newsroom_entities::{Entities, Entity, EntityExtractor};
use newsroom_index::NameRegistry;

use super::entities_model::EvalArgs;

/// Scores the extractor on the gold documents of `--docs`, found in `--corpus`.
pub fn eval_documents(args: EvalArgs) -> anyhow::Result<ExitCode> {
    let (Some(docs), corpus) = (&args.docs, &args.corpus) else {
        anyhow::bail!("--docs GOLD is needed");
    };
    anyhow::ensure!(!corpus.is_empty(), "--corpus FILE is needed with --docs");
    let text =
        std::fs::read_to_string(docs).with_context(|| format!("reading {}", docs.display()))?;
    let mut gold: HashMap<String, GoldDocument> = HashMap::new();
    for (number, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let document: GoldDocument = serde_json::from_str(line)
            .with_context(|| format!("{}:{}: not a gold document", docs.display(), number + 1))?;
        gold.insert(document.id.clone(), document);
    }
    let extractor = crate::paths::news_extractor(args.gazetteer.as_deref())?;
    let registry = match &args.index {
        Some(dir) => Some(
            NameRegistry::load(dir)
                .with_context(|| format!("reading the registry of names of {}", dir.display()))?,
        ),
        None => None,
    };
    // Boilerplate is learned from the whole corpus first, as `newsroom index` does.
    let mut learner = BoilerplateLearner::default();
    for record in read_paths(corpus, &ReadOptions::default())? {
        if let Record::Article(parsed) = record {
            learner.learn(parsed.article.source.as_deref(), &parsed.article.body);
        }
    }
    let boilerplate = learner.boilerplate();
    let mut evaluation = DocumentEvaluation::default();
    let mut scored = 0;
    for record in read_paths(corpus, &ReadOptions::default())? {
        let Record::Article(parsed) = record else {
            continue;
        };
        let Some(document) = gold.remove(&parsed.article.id) else {
            continue;
        };
        let article = &parsed.article;
        let (body, _) = boilerplate.clean(article.source.as_deref(), &article.body);
        let mut found = extractor.extract(&article.title, &body);
        if let Some(registry) = &registry {
            canonical_entities(&mut found, registry);
        }
        evaluation.add(&document, &found);
        scored += 1;
    }
    if !gold.is_empty() {
        let mut missing: Vec<&String> = gold.keys().collect();
        missing.sort();
        eprintln!(
            "warning: {} gold articles are not in {}: {}",
            missing.len(),
            corpus
                .iter()
                .map(|path| path.display().to_string())
                .collect::<Vec<_>>()
                .join(", "),
            missing
                .iter()
                .take(10)
                .map(|id| id.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    let mut out = std::io::stdout().lock();
    if args.json {
        let value = serde_json::json!({
            "articles": scored,
            "by_kind": evaluation.by_kind.iter().map(|(kind, counts)| (kind, serde_json::json!({
                "gold": counts.gold, "predicted": counts.predicted, "correct": counts.correct,
                "precision": counts.precision(), "recall": counts.recall(), "f1": counts.f1(),
            }))).collect::<BTreeMap<_, _>>(),
            "errors": evaluation.errors,
        });
        writeln!(out, "{value}")?;
        return Ok(ExitCode::SUCCESS);
    }
    writeln!(out, "{scored} articles, document level")?;
    writeln!(
        out,
        "{:<8} {:>6} {:>6} {:>6} {:>7} {:>7} {:>7}",
        "kind", "gold", "found", "right", "P", "R", "F1"
    )?;
    for (kind, counts) in &evaluation.by_kind {
        writeln!(
            out,
            "{:<8} {:>6} {:>6} {:>6} {:>7.3} {:>7.3} {:>7.3}",
            kind.as_str(),
            counts.gold,
            counts.predicted,
            counts.correct,
            counts.precision(),
            counts.recall(),
            counts.f1()
        )?;
    }
    writeln!(out, "\nerrors (kind, error, value, article):")?;
    let mut errors = evaluation.errors.clone();
    errors.sort_by(|a, b| (a.kind, a.error, &a.name).cmp(&(b.kind, b.error, &b.name)));
    for error in &errors {
        writeln!(
            out,
            "{:<8} {:<9} {:<40} {}",
            error.kind.as_str(),
            error.error,
            error.name,
            error.id
        )?;
    }
    Ok(ExitCode::SUCCESS)
}

/// The entities as the registry counts them: canonical names, dropped ones left out, each once.
fn canonical_entities(found: &mut Entities, registry: &NameRegistry) {
    for (field, entities) in [
        ("person", &mut found.persons),
        ("country", &mut found.countries),
        ("org", &mut found.orgs),
    ] {
        let mut mapped: Vec<Entity> = Vec::with_capacity(entities.len());
        for entity in entities.drain(..) {
            let Some(canonical) = registry.canonical(field, &entity.name) else {
                continue;
            };
            if mapped.iter().all(|seen| seen.name != canonical) {
                mapped.push(Entity {
                    name: canonical.to_string(),
                    ..entity
                });
            }
        }
        *entities = mapped;
    }
}
