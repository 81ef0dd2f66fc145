//! `newsroom entities train` and `newsroom entities eval`: the tagger's training and scoring.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context;
use clap::Args;
use newsroom_entities::tagger::{self, Evaluation, Tagger, TaggerModel, TrainOptions};
use newsroom_entities::Gazetteer;

/// Arguments of `newsroom entities train`.
#[derive(Args, Debug)]
pub struct TrainArgs {
    /// CoNLL training data: a file, or a folder holding train.txt (and dev.txt, scored after
    /// every epoch)
    #[arg(long)]
    data: PathBuf,
    /// Held-out CoNLL file scored after every epoch (default: dev.txt next to train.txt)
    #[arg(long)]
    dev: Option<PathBuf>,
    /// Where to write the model
    #[arg(long, default_value = "index-data/entities/ner-model.bin")]
    out: PathBuf,
    /// Passes over the training data
    #[arg(long, default_value_t = TrainOptions::default().epochs)]
    epochs: usize,
    /// Seed of the sentence shuffle (same data and seed give the same model)
    #[arg(long, default_value_t = TrainOptions::default().seed)]
    seed: u64,
    /// Folds of the jackknife that gives the second pass unseen first-pass labels
    #[arg(long, default_value_t = TrainOptions::default().folds)]
    folds: usize,
}

/// Arguments of `newsroom entities eval`.
#[derive(Args, Debug)]
#[command(group(clap::ArgGroup::new("gold").required(true).args(["data", "docs"])))]
pub struct EvalArgs {
    /// CoNLL file with gold tags (mention-level scores of the tagger)
    #[arg(long)]
    data: Option<PathBuf>,
    /// JSON Lines of hand-made document-level gold lists (id, person, country, org): scores the
    /// whole extractor on real articles, as the facets show them
    #[arg(long)]
    pub docs: Option<PathBuf>,
    /// The corpus files holding the articles of --docs (JSON Lines, plain or gzip; repeatable).
    /// Boilerplate is learned from all of them, as indexing does
    #[arg(long)]
    pub corpus: Vec<PathBuf>,
    /// Folder of extra gazetteer files (as for `newsroom index`)
    #[arg(long)]
    pub gazetteer: Option<PathBuf>,
    /// An index of the corpus whose registry of names is applied to what the extractor finds,
    /// as facets show it
    #[arg(long)]
    pub index: Option<PathBuf>,
    /// Model file to score (default: the model built into this binary)
    #[arg(long)]
    model: Option<PathBuf>,
    /// Print the scores as JSON
    #[arg(long)]
    pub json: bool,
}

/// Runs `newsroom entities train`.
pub fn train(args: TrainArgs) -> anyhow::Result<ExitCode> {
    let (train_path, dev_path) = if args.data.is_dir() {
        let dev = args.data.join("dev.txt");
        (
            args.data.join("train.txt"),
            args.dev.or_else(|| dev.exists().then_some(dev)),
        )
    } else {
        (args.data.clone(), args.dev)
    };
    let documents = tagger::read_conll(&train_path)?;
    let sentences: usize = documents.iter().map(Vec::len).sum();
    tracing::info!(
        "training on {}: {} documents, {sentences} sentences",
        train_path.display(),
        documents.len()
    );
    let dev = dev_path.as_deref().map(tagger::read_conll).transpose()?;
    let gazetteer = Gazetteer::builtin();
    let options = TrainOptions {
        epochs: args.epochs,
        seed: args.seed,
        folds: args.folds,
    };
    let started = Instant::now();
    let model = tagger::train(&documents, &gazetteer, &options, |stage| {
        eprintln!("{:>4.0} s  {stage}", started.elapsed().as_secs_f64());
    });
    if let Some(dev) = &dev {
        let evaluation = Tagger::new(model.clone(), gazetteer.clone()).evaluate(dev);
        eprintln!("held-out:");
        print_table(&mut std::io::stderr(), &evaluation)?;
    }
    write_model(&model, &args.out)?;
    eprintln!(
        "wrote {} ({} features, {} bytes) in {:.0} s",
        args.out.display(),
        model.feature_count(),
        std::fs::metadata(&args.out).map(|m| m.len()).unwrap_or(0),
        started.elapsed().as_secs_f64()
    );
    Ok(ExitCode::SUCCESS)
}

fn write_model(model: &TaggerModel, path: &Path) -> anyhow::Result<()> {
    if let Some(parent) = path
        .parent()
        .filter(|parent| !parent.as_os_str().is_empty())
    {
        std::fs::create_dir_all(parent)
            .with_context(|| format!("creating {}", parent.display()))?;
    }
    let file =
        std::fs::File::create(path).with_context(|| format!("creating {}", path.display()))?;
    model
        .write(std::io::BufWriter::new(file))
        .with_context(|| format!("writing {}", path.display()))
}

/// Runs `newsroom entities eval`.
pub fn eval(args: EvalArgs) -> anyhow::Result<ExitCode> {
    let Some(data) = args.data.clone() else {
        return super::entities_eval::eval_documents(args);
    };
    let gazetteer = Gazetteer::builtin();
    let tagger = match &args.model {
        Some(path) => {
            let file =
                std::fs::File::open(path).with_context(|| format!("opening {}", path.display()))?;
            let model = TaggerModel::read(std::io::BufReader::new(file))
                .with_context(|| format!("reading {}", path.display()))?;
            Tagger::new(model, gazetteer)
        }
        None => Tagger::builtin(gazetteer).context("loading the built-in model")?,
    };
    let documents = tagger::read_conll(&data)?;
    let started = Instant::now();
    let evaluation = tagger.evaluate(&documents);
    let seconds = started.elapsed().as_secs_f64();
    let mut out = std::io::stdout().lock();
    if args.json {
        let value = serde_json::json!({
            "data": data,
            "by_type": evaluation.by_type,
            "overall": evaluation.overall,
            "tokens": evaluation.tokens,
            "seconds": seconds,
        });
        writeln!(out, "{value}")?;
    } else {
        print_table(&mut out, &evaluation)?;
        writeln!(
            out,
            "{} tokens in {seconds:.2} s ({:.0} tokens/s)",
            evaluation.tokens,
            evaluation.tokens as f64 / seconds.max(1e-9)
        )?;
    }
    Ok(ExitCode::SUCCESS)
}

fn print_table(out: &mut impl Write, evaluation: &Evaluation) -> anyhow::Result<()> {
    writeln!(
        out,
        "{:<8} {:>6} {:>6} {:>6} {:>7} {:>7} {:>7}",
        "type", "gold", "found", "right", "P", "R", "F1"
    )?;
    let rows = evaluation
        .by_type
        .iter()
        .map(|(kind, score)| (kind.as_str(), score))
        .chain([("overall", &evaluation.overall)]);
    for (kind, score) in rows {
        writeln!(
            out,
            "{kind:<8} {:>6} {:>6} {:>6} {:>7.4} {:>7.4} {:>7.4}",
            score.gold, score.predicted, score.correct, score.precision, score.recall, score.f1
        )?;
    }
    Ok(())
}
