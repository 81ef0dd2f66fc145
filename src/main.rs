//! `newsroom`: index news archives and search them with entity facets.

mod commands;
mod paths;
mod progress;

use std::process::ExitCode;

use clap::{Parser, Subcommand};
use tracing_subscriber::EnvFilter;

/// Full-text search for news archives, with facets of the people, countries and organisations
/// named in the articles.
#[derive(Parser)]
#[command(name = "newsroom", version, about, long_about = None)]
#[command(
    after_help = "Examples:\n  newsroom index articles.jsonl.gz --index my-index\n  newsroom search \"peace talks\" --person \"Vladimir Putin\" --index my-index\n  newsroom serve --index my-index"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Index JSON Lines, CSV/TSV files or folders of .txt/.md articles (upsert by id)
    #[command(
        after_help = "Examples:\n  newsroom index                                  # the bundled sample into index-data/index\n  newsroom index news.jsonl.gz --index ix\n  newsroom index dump.csv --map title=headline --map body=story --index ix\n  newsroom index articles/ --format text --index ix"
    )]
    Index(commands::index::IndexArgs),
    /// Search an index from the terminal
    #[command(
        after_help = "Examples:\n  newsroom search \"Time Warner profit\"\n  newsroom search talks --person \"Vladimir Putin\" --country Ukraine --from 2025-03-01 --json"
    )]
    Search(Box<commands::search::SearchArgs>),
    /// Check a list of names or queries against an index: count, first and last day, newest articles
    #[command(
        after_help = "Examples:\n  newsroom batch names.txt --index ix > answers.csv\n  newsroom batch names.txt --index ix --kind any --format jsonl --top 3\n  newsroom batch names.txt --index ix --since-last names.state --out new-today.csv   # a daily cron job"
    )]
    Batch(commands::batch::BatchArgs),
    /// Show what an index holds: documents, dates, top sources and entities, size
    #[command(after_help = "Example:\n  newsroom stats --index ix --json")]
    Stats(commands::stats::StatsArgs),
    /// Serve the web page and JSON API (builds the sample index first when there is none)
    #[command(
        after_help = "Examples:\n  newsroom serve                      # sample index on http://127.0.0.1:8080\n  newsroom serve --index ix --addr 0.0.0.0:9000"
    )]
    Serve(commands::serve::ServeArgs),
    /// Time a file of queries in-process (for benchmarks and the peer comparison harness)
    #[command(
        name = "bench-queries",
        after_help = "Example:\n  newsroom bench-queries --index ix --queries ../shared/peers/queries/news-queries.txt --snippets --facets --out results.json"
    )]
    BenchQueries(commands::bench_queries::BenchQueriesArgs),
    /// Time entity pages and significant values in-process (for benchmarks)
    #[command(
        name = "bench-explore",
        after_help = "Example:\n  newsroom bench-explore --index ix --queries ../shared/peers/queries/news-queries.txt --people 1000"
    )]
    BenchExplore(commands::bench_explore::BenchExploreArgs),
    /// Score the ranking on judged queries (nDCG@k, P@k, MRR, judged@k) against the classic one
    #[command(
        name = "eval-ranking",
        after_help = "Examples:\n  newsroom eval-ranking --index ix --queries ../shared/relevance/allsides-dev.queries.txt --qrels ../shared/relevance/allsides-dev.qrels.tsv\n  newsroom eval-ranking --index ix --queries Q --qrels QRELS --sweep k1=0.9,1.2 --sweep title_weight=2,3 --compare run.json"
    )]
    EvalRanking(commands::eval_ranking::EvalRankingArgs),
    /// Print the entities the extractor finds in an article (text file, JSON Lines, or - for stdin)
    #[command(
        after_help = "Examples:\n  newsroom entities story.txt\n  echo 'Vladimir Putin met officials in Kyiv.' | newsroom entities - --json"
    )]
    Entities(commands::entities::EntitiesArgs),
    /// Export the enriched index for Quickwit or OpenSearch (config/mapping + NDJSON files)
    #[command(
        after_help = "Examples:\n  newsroom export --format quickwit --index ix --out export/\n  newsroom export --format opensearch --index ix --out export-os/"
    )]
    Export(commands::scaleout::ExportArgs),
    /// Send the enriched index to a Quickwit or OpenSearch cluster (creates the index when missing)
    #[command(
        after_help = "Examples:\n  newsroom push --quickwit http://127.0.0.1:7280 --index news --from ix\n  newsroom push --opensearch http://127.0.0.1:9200 --index news --from ix"
    )]
    Push(commands::scaleout::PushArgs),
}

/// mimalloc instead of the system allocator: searches and extraction allocate many small,
/// short-lived buffers across threads, where glibc's malloc showed up at ~10% of the server's
/// profile under load.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| EnvFilter::new("info,tantivy=warn")),
        )
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .init();
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Index(args) => commands::index::run(args),
        Command::Search(args) => commands::search::run(*args),
        Command::Stats(args) => commands::stats::run(args),
        Command::Batch(args) => commands::batch::run(args),
        Command::Serve(args) => commands::serve::run(args),
        Command::Entities(args) => commands::entities::run(args),
        Command::BenchQueries(args) => commands::bench_queries::run(args),
        Command::BenchExplore(args) => commands::bench_explore::run(args),
        Command::EvalRanking(args) => commands::eval_ranking::run(args),
        Command::Export(args) => commands::scaleout::export(args),
        Command::Push(args) => commands::scaleout::push(args),
    };
    match result {
        Ok(code) => code,
        Err(error) => {
            if is_broken_pipe(&error) {
                return ExitCode::SUCCESS;
            }
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}

/// A closed pipe (`newsroom search ... | head`) is not an error.
fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
