//! Criterion benches of the hot paths, on real text from `../shared/corpora` when present (the
//! bundled sample otherwise, with a message): parsing, entity extraction, indexing, and queries
//! with filters, facets, snippets and the timeline on prebuilt indexes of allsides and
//! reuters-headlines. Results go to `benches/RESULTS.md`.
//!
//! `cargo bench --bench hot_paths` (all) or `cargo bench --bench hot_paths -- query` (one group).
//! `NEWSROOM_BENCH_DOCS` sets how many articles the parse/entities/index groups use (default 2000).

use std::io::Read;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use newsroom_corpus::{read_paths, Article, ReadOptions, Record};
use newsroom_entities::{EntityExtractor, GazetteerExtractor, NewsExtractor};
use newsroom_index::{build_index, BuildOptions, FacetKind};
use newsroom_search::{SearchEngine, SearchRequest};

/// The allocator the `newsroom` binary ships with, so the benches measure what users run.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The allsides corpus, or the bundled sample with a message when `../shared` is absent.
fn corpus() -> (PathBuf, &'static str) {
    let allsides = repo().join("../shared/corpora/allsides.jsonl.gz");
    if allsides.exists() {
        return (allsides, "allsides");
    }
    eprintln!("../shared/corpora/allsides.jsonl.gz not found: benchmarking the bundled sample instead (numbers are not comparable)");
    (repo().join("index-data/sample/articles.jsonl"), "sample")
}

/// Whether the command line's filter can select a bench of `group`, so a run of one group
/// (`-- entities/extract_one_core`) skips loading the others' data, which takes minutes.
fn selected(group: &str) -> bool {
    // Options whose value is the next argument (criterion's command line).
    const TAKES_VALUE: [&str; 14] = [
        "--warm-up-time",
        "--measurement-time",
        "--profile-time",
        "--save-baseline",
        "--baseline",
        "--load-baseline",
        "--sample-size",
        "--nresamples",
        "--noise-threshold",
        "--confidence-level",
        "--significance-level",
        "--plotting-backend",
        "--output-format",
        "--color",
    ];
    let mut filters = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        if TAKES_VALUE.contains(&arg.as_str()) {
            args.next();
        } else if !arg.starts_with('-') {
            filters.push(arg);
        }
    }
    // A filter names groups only when its part before any `/` is (part of) a group name;
    // anything else ("extract", a regex) may match a bench in any group.
    const GROUPS: [&str; 5] = ["parse", "entities", "analyzer", "index", "query"];
    filters.is_empty()
        || filters.iter().any(|filter| {
            let named = filter.split('/').next().unwrap_or("");
            let names_a_group = if filter.contains('/') {
                GROUPS.contains(&named)
            } else {
                GROUPS.iter().any(|known| known.contains(named))
            };
            !names_a_group || group.contains(named)
        })
}

fn bench_docs() -> usize {
    std::env::var("NEWSROOM_BENCH_DOCS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(2000)
}

fn first_articles(limit: usize) -> Vec<Article> {
    let (path, _) = corpus();
    read_paths(&[path], &ReadOptions::default())
        .expect("corpus readable")
        .filter_map(|record| match record {
            Record::Article(parsed) => Some(parsed.article),
            Record::Rejected(_) => None,
        })
        .take(limit)
        .collect()
}

/// The first `limit` lines of the corpus as raw JSON Lines bytes (decompressed).
fn first_lines(limit: usize) -> Vec<u8> {
    let (path, _) = corpus();
    let file = std::fs::File::open(&path).expect("corpus readable");
    let mut text = Vec::new();
    if path.extension().is_some_and(|e| e == "gz") {
        flate2::read::MultiGzDecoder::new(file)
            .read_to_end(&mut text)
            .expect("gzip readable");
    } else {
        std::io::BufReader::new(file)
            .read_to_end(&mut text)
            .expect("readable");
    }
    let cut = text
        .iter()
        .enumerate()
        .filter(|(_, b)| **b == b'\n')
        .nth(limit - 1)
        .map_or(text.len(), |(i, _)| i + 1);
    text.truncate(cut);
    text
}

fn parse(c: &mut Criterion) {
    if !selected("parse") {
        return;
    }
    let lines = first_lines(bench_docs());
    let dir = tempfile::tempdir().unwrap();
    let gz_path = dir.path().join("bench.jsonl.gz");
    {
        use std::io::Write;
        let mut encoder = flate2::write::GzEncoder::new(
            std::fs::File::create(&gz_path).unwrap(),
            flate2::Compression::default(),
        );
        encoder.write_all(&lines).unwrap();
        encoder.finish().unwrap();
    }
    let mut group = c.benchmark_group("parse");
    group.throughput(Throughput::Bytes(lines.len() as u64));
    group.bench_function("jsonl_gzip_to_articles", |b| {
        b.iter(|| {
            let count = read_paths(std::slice::from_ref(&gz_path), &ReadOptions::default())
                .unwrap()
                .count();
            assert!(count > 0);
            count
        })
    });
    group.finish();
}

fn entities(c: &mut Criterion) {
    if !selected("entities") {
        return;
    }
    let articles = first_articles(bench_docs());
    let bytes: usize = articles.iter().map(Article::text_bytes).sum();
    // The extractor `newsroom index` uses: the built-in model and gazetteers plus the shipped
    // extra files (the well-known organisations and surnames).
    let extra = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("index-data/entities/extra");
    let gazetteer = newsroom_entities::Gazetteer::builtin_with_folder(&extra)
        .expect("the shipped extra gazetteer files load");
    let extractor = NewsExtractor::with_gazetteer(gazetteer).expect("built-in entity model loads");
    let gazetteer_only = GazetteerExtractor::default();
    let mut group = c.benchmark_group("entities");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function("gazetteer_only_one_core", |b| {
        b.iter(|| {
            let mut found = 0;
            for article in &articles {
                let entities = gazetteer_only.extract(&article.title, &article.body);
                found += entities.persons.len() + entities.countries.len();
            }
            found
        })
    });
    group.bench_function("extract_one_core", |b| {
        b.iter(|| {
            let mut found = 0;
            for article in &articles {
                let entities = extractor.extract(&article.title, &article.body);
                found += entities.persons.len() + entities.countries.len();
            }
            found
        })
    });
    group.finish();
}

/// The title/body analyzer (with its stem cache) against tantivy's plain stemming pipeline.
fn analyzer(c: &mut Criterion) {
    if !selected("analyzer") {
        return;
    }
    use tantivy::tokenizer::{
        AsciiFoldingFilter, Language, LowerCaser, RemoveLongFilter, SimpleTokenizer, Stemmer,
        TextAnalyzer,
    };
    let articles = first_articles(bench_docs());
    let bytes: usize = articles.iter().map(Article::text_bytes).sum();
    let mut group = c.benchmark_group("analyzer");
    group.throughput(Throughput::Bytes(bytes as u64));
    let count_tokens = |analyzer: &mut TextAnalyzer| {
        let mut tokens = 0usize;
        for article in &articles {
            let mut stream = analyzer.token_stream(&article.body);
            while stream.advance() {
                tokens += 1;
            }
        }
        tokens
    };
    let mut cached = newsroom_index::schema::text_analyzer();
    group.bench_function("news_en_cached_stems", |b| {
        b.iter(|| count_tokens(&mut cached))
    });
    let mut plain = TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .filter(Stemmer::new(Language::English))
        .build();
    group.bench_function("tantivy_stemmer", |b| b.iter(|| count_tokens(&mut plain)));
    // The story signature each article's body gets at ingest (bodies only: its share of the
    // indexing run's text is `text_bytes`' share of body bytes).
    group.bench_function("story_signature", |b| {
        b.iter(|| {
            articles
                .iter()
                .filter_map(|article| newsroom_index::stories::signature(&article.body))
                .count()
        })
    });
    group.finish();
}

fn index(c: &mut Criterion) {
    if !selected("index") {
        return;
    }
    let lines = first_lines(bench_docs());
    let dir = tempfile::tempdir().unwrap();
    let corpus_path = dir.path().join("bench.jsonl");
    std::fs::write(&corpus_path, &lines).unwrap();
    let mut group = c.benchmark_group("index");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(30));
    group.throughput(Throughput::Bytes(lines.len() as u64));
    group.bench_function(
        BenchmarkId::new("build_with_entities_2_threads", bench_docs()),
        |b| {
            b.iter(|| {
                let index_dir = tempfile::tempdir().unwrap();
                let mut options =
                    BuildOptions::new(index_dir.path().to_path_buf(), vec![corpus_path.clone()]);
                options.threads = 2;
                let summary =
                    build_index(&options, Arc::new(NewsExtractor::builtin().unwrap()), &())
                        .unwrap();
                assert_eq!(summary.rejected, 0);
                summary.documents_in_index
            })
        },
    );
    group.finish();
}

/// The corpora the query group runs on: allsides (full articles) and reuters-headlines (1.12 M
/// short documents) from `../shared/corpora`, or the bundled sample with a message.
fn query_corpora() -> Vec<(PathBuf, &'static str)> {
    let mut corpora = vec![corpus()];
    let headlines = repo().join("../shared/corpora/reuters-headlines.jsonl.gz");
    if headlines.exists() {
        corpora.push((headlines, "reuters-headlines"));
    } else {
        eprintln!(
            "../shared/corpora/reuters-headlines.jsonl.gz not found: its query benches are skipped"
        );
    }
    corpora
}

/// A prebuilt index of the whole corpus `path`, kept under `target/bench-index/NAME` between runs.
fn query_index(path: &std::path::Path, name: &str) -> PathBuf {
    let index_dir = repo().join("target/bench-index").join(name);
    if !index_dir.join("meta.json").exists() {
        eprintln!(
            "building the query bench index at {} (once)",
            index_dir.display()
        );
        let options = BuildOptions::new(index_dir.clone(), vec![path.to_path_buf()]);
        build_index(&options, Arc::new(NewsExtractor::builtin().unwrap()), &())
            .expect("bench index builds");
    }
    index_dir
}

fn request(q: &str) -> SearchRequest {
    SearchRequest {
        q: q.into(),
        facet_size: 0,
        snippets: false,
        histogram: false,
        ..SearchRequest::default()
    }
}

/// The person named in the most documents of the index (the person filter's value).
fn top_person(engine: &SearchEngine) -> String {
    engine
        .search(&SearchRequest {
            facet_size: 1,
            snippets: false,
            histogram: false,
            ..SearchRequest::default()
        })
        .ok()
        .and_then(|response| {
            response
                .facets
                .get("person")
                .and_then(|p| p.first())
                .map(|p| p.name.clone())
        })
        .unwrap_or_else(|| "Donald Trump".into())
}

/// The query cases of issue 5, each a request as `/api/search` gets it.
fn query_cases(top_person: &str) -> Vec<(&'static str, SearchRequest)> {
    vec![
        ("single_term", request("election")),
        ("two_terms_and", request("health care")),
        ("phrase", request("\"supreme court\"")),
        ("person_filter", {
            let mut filtered = request("election");
            filtered.filters.add(FacetKind::Person, top_person);
            filtered
        }),
        (
            "facets_person_country",
            SearchRequest {
                facet_size: 10,
                facet_kinds: vec![FacetKind::Person, FacetKind::Country],
                ..request("election")
            },
        ),
        (
            "snippets",
            SearchRequest {
                snippets: true,
                ..request("election")
            },
        ),
        (
            "timeline",
            SearchRequest {
                histogram: true,
                ..request("election")
            },
        ),
        ("all_together", {
            let mut together = SearchRequest {
                facet_size: 10,
                snippets: true,
                histogram: true,
                ..request("election")
            };
            together.filters.add(FacetKind::Person, top_person);
            together
        }),
    ]
}

fn query(c: &mut Criterion) {
    if !selected("query") {
        return;
    }
    for (path, name) in query_corpora() {
        let index_dir = query_index(&path, name);
        let engine = SearchEngine::open(&index_dir).expect("index opens");
        let mut group = c.benchmark_group(format!("query/{name}"));
        for (case, search) in query_cases(&top_person(&engine)) {
            let total = engine.search(&search).expect("search works").total;
            eprintln!("query/{name}/{case}: {total} matches");
            group.bench_function(case, |b| {
                b.iter(|| engine.search(&search).expect("search works").total)
            });
        }
        group.finish();
    }
}

criterion_group!(benches, parse, entities, analyzer, index, query);
criterion_main!(benches);
