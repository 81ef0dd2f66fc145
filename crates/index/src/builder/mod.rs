//! The streaming index builder: reader thread → entity workers → tantivy writer, bounded channels.

mod clock;
mod options;
mod report;
mod versions;

use clock::IndexingClock;
use options::KEPT_REASONS;
pub use options::{BuildOptions, BuildProgress, BuildSummary, SegmentMerge};
use report::Report;
use versions::{Arrival, LatestVersions};

use std::sync::Arc;
use std::thread;
use std::time::{Duration, Instant};

use crossbeam_channel::bounded;
use newsroom_corpus::{read_paths, BoilerplateLearner, ParsedArticle, Record, Rejection};
use newsroom_entities::EntityExtractor;
use tantivy::{IndexWriter, TantivyDocument, Term};
use tracing::{info, warn};

use crate::document::to_document;
use crate::stories::{signature, story_of_id, Signature, StoryTable, STORIES_FILE};
use crate::{create_or_open, newest_indexing_time, IndexError};

/// The file in the index folder that keeps the line counts boilerplate is learned from.
pub const BOILERPLATE_FILE: &str = "boilerplate.bin";

/// Records learned from before the first is cleaned of boilerplate, at most...
const LOOKAHEAD_RECORDS: usize = 5_000;
/// ...and at most this many bytes of text.
const LOOKAHEAD_BYTES: usize = 64 * 1024 * 1024;

/// An article with its finished document, on its way to the writer.
struct Prepared {
    /// Position of the record in the input (the later of two versions of an id is kept).
    position: u64,
    parsed: Box<ParsedArticle>,
    document: TantivyDocument,
    /// Lines of the body left out of extraction as boilerplate (or cut as caption furniture).
    boilerplate_lines: usize,
    /// MinHash signature of the body without boilerplate (`None`: too short, or an index
    /// without stories).
    signature: Option<Box<Signature>>,
    /// Those lines' text, when `--report` lists them.
    removed: Vec<String>,
}

/// An article's text without its boilerplate, when the reader cut any.
struct Cleaned {
    body: String,
    lines: usize,
    /// The lines left out or changed, when `--report` lists them.
    removed: Vec<String>,
}

enum Item {
    Article(Prepared),
    Rejected(Rejection),
}

/// Reads the corpus, extracts entities and writes the index; returns what happened.
///
/// Upsert: an article whose id is already in the index (or earlier in this run's input)
/// replaces it.
/// Commits every `commit_every` documents and at the end.
pub fn build_index(
    options: &BuildOptions,
    extractor: Arc<dyn EntityExtractor>,
    progress: &dyn BuildProgress,
) -> Result<BuildSummary, IndexError> {
    let started = Instant::now();
    let (index, schema) = create_or_open(&options.index_dir)?;
    let threads = options.threads.max(1);
    let budget = options.memory_budget_bytes.max(threads * 16 * 1024 * 1024);
    let mut writer: IndexWriter =
        index
            .writer_with_num_threads(threads, budget)
            .map_err(|error| match error {
                tantivy::TantivyError::LockFailure(..) => {
                    IndexError::Locked(options.index_dir.clone())
                }
                other => IndexError::Tantivy(other),
            })?;
    // A run killed before its commit leaves files no commit refers to (delete bitsets, segment
    // parts). Remove them first: a re-run of the same input reaches the same opstamps and would
    // otherwise fail on "file already exists".
    let removed = writer.garbage_collect_files().wait()?;
    if !removed.deleted_files.is_empty() {
        info!(
            files = removed.deleted_files.len(),
            "removed files left by an interrupted run"
        );
    }
    let existing = index.reader()?.searcher();
    let mut indexing_clock =
        IndexingClock::after(newest_indexing_time(&existing, &schema)?.unwrap_or_default());
    let merge_at_end = match options.merge {
        SegmentMerge::NewIndex => existing.num_docs() == 0,
        SegmentMerge::Always => true,
        SegmentMerge::Never => false,
    };
    if merge_at_end {
        // Segments merged along the way would be merged again at the end, and a segment in a
        // background merge cannot join the final one.
        writer.set_merge_policy(Box::new(tantivy::indexer::NoMergePolicy));
    }
    // Boilerplate is learned as the input is read, on top of what earlier runs learned: the
    // reader thread counts each article's lines per source, then cuts the lines that are
    // boilerplate by then (a source's template line from its fifth article on) from the text
    // the extractor sees. No second read of the input.
    let boilerplate_path = options.index_dir.join(BOILERPLATE_FILE);
    let mut learner =
        BoilerplateLearner::load(&boilerplate_path).map_err(|source| IndexError::Io {
            path: boilerplate_path.clone(),
            source,
        })?;
    // Near-duplicate bodies share a story id, with the stories of earlier runs (see `stories`).
    let stories_path = options.index_dir.join(STORIES_FILE);
    let mut stories = StoryTable::load(&stories_path)?;
    let records = read_paths(&options.paths, &options.read_options)?;
    let list_boilerplate = options.report_path.is_some();

    let (record_sender, record_receiver) = bounded::<(u64, Record, Option<Cleaned>)>(1024);
    let (item_sender, item_receiver) = bounded::<Item>(1024);
    let reader_thread = thread::Builder::new()
        .name("corpus-reader".into())
        .spawn(move || {
            let mut records = records.into_iter();
            // The first records are all learned from before any is cleaned, so a small corpus,
            // or the start of a large one, is cleaned with everything it teaches.
            let mut window = Vec::new();
            let mut window_bytes = 0;
            while window.len() < LOOKAHEAD_RECORDS && window_bytes < LOOKAHEAD_BYTES {
                let Some(record) = records.next() else {
                    break;
                };
                if let Record::Article(parsed) = &record {
                    learner.learn(parsed.article.source.as_deref(), &parsed.article.body);
                    window_bytes += parsed.article.body.len();
                }
                window.push(record);
            }
            let clean = |learner: &BoilerplateLearner, record: &Record| match record {
                Record::Article(parsed) => {
                    let article = &parsed.article;
                    let source = article.source.as_deref();
                    match learner.clean(source, &article.body) {
                        (std::borrow::Cow::Owned(body), lines) => {
                            let removed = if list_boilerplate {
                                learner
                                    .boilerplate_lines(source, &article.body)
                                    .into_iter()
                                    .map(str::to_string)
                                    .collect()
                            } else {
                                Vec::new()
                            };
                            Some(Cleaned {
                                body,
                                lines,
                                removed,
                            })
                        }
                        (std::borrow::Cow::Borrowed(_), _) => None,
                    }
                }
                Record::Rejected(_) => None,
            };
            let mut position = 0u64;
            for record in window {
                let cleaned = clean(&learner, &record);
                position += 1;
                if record_sender.send((position, record, cleaned)).is_err() {
                    return learner;
                }
            }
            for record in records {
                if let Record::Article(parsed) = &record {
                    learner.learn(parsed.article.source.as_deref(), &parsed.article.body);
                }
                let cleaned = clean(&learner, &record);
                position += 1;
                if record_sender.send((position, record, cleaned)).is_err() {
                    break;
                }
            }
            learner
        })
        .map_err(|source| IndexError::Io {
            path: options.index_dir.clone(),
            source,
        })?;
    let mut workers = Vec::new();
    for worker_number in 0..threads {
        let receiver = record_receiver.clone();
        let sender = item_sender.clone();
        let extractor = Arc::clone(&extractor);
        let schema = schema.clone();
        let worker = thread::Builder::new()
            .name(format!("entities-{worker_number}"))
            .spawn(move || {
                for (position, record, cleaned) in receiver {
                    let item = match record {
                        Record::Article(parsed) => {
                            let article = &parsed.article;
                            let (body, boilerplate_lines) = match &cleaned {
                                Some(cleaned) => (cleaned.body.as_str(), cleaned.lines),
                                None => (article.body.as_str(), 0),
                            };
                            let entities = extractor.extract(&article.title, body);
                            let document = to_document(&schema, article, &entities);
                            let signature =
                                schema.story.and_then(|_| signature(body)).map(Box::new);
                            Item::Article(Prepared {
                                position,
                                parsed,
                                document,
                                boilerplate_lines,
                                signature,
                                removed: cleaned.map(|cleaned| cleaned.removed).unwrap_or_default(),
                            })
                        }
                        Record::Rejected(rejection) => Item::Rejected(rejection),
                    };
                    if sender.send(item).is_err() {
                        break;
                    }
                }
            })
            .map_err(|source| IndexError::Io {
                path: options.index_dir.clone(),
                source,
            })?;
        workers.push(worker);
    }
    drop(record_receiver);
    drop(item_sender);

    let mut report = match &options.report_path {
        Some(path) => Some(Report::create(path)?),
        None => None,
    };
    let mut summary = BuildSummary::default();
    let mut versions = LatestVersions::default();
    let mut since_commit = 0u64;
    let mut last_report = Instant::now();
    for item in item_receiver {
        let Prepared {
            position,
            parsed,
            mut document,
            boilerplate_lines,
            signature,
            removed,
        } = match item {
            Item::Article(prepared) => prepared,
            Item::Rejected(rejection) => {
                if let Some(report) = &mut report {
                    report.rejection(&rejection)?;
                }
                summary.reject(rejection);
                continue;
            }
        };
        summary.read += 1;
        let id = &parsed.article.id;
        let id_term = Term::from_field_text(schema.id, id);
        let in_index = existing.doc_freq(&id_term).unwrap_or(0) > 0;
        let arrival = versions.arrive(id, position, in_index);
        match arrival {
            Arrival::New => summary.indexed += 1,
            Arrival::Replaces => {
                writer.delete_term(id_term);
                summary.updated += 1;
            }
            // Its later version is in already: this one counts as replaced by it.
            Arrival::Superseded => summary.updated += 1,
        }
        if arrival != Arrival::Superseded {
            if let Some(field) = schema.indexed {
                // Stamped here, in the order of adding, not by the workers: see `clock.rs`.
                document.add_u64(field, indexing_clock.next_time());
            }
            if let Some(field) = schema.story {
                let story = stories.assign(id, signature.as_deref());
                if signature.is_some() && story != story_of_id(id) {
                    summary.joined_stories += 1;
                }
                document.add_u64(field, story);
            }
            writer.add_document(document)?;
        }
        summary.boilerplate_lines += boilerplate_lines as u64;
        if let Some(report) = &mut report {
            for line in &removed {
                report.boilerplate(&parsed.location, line)?;
            }
        }
        summary.input_bytes += parsed.input_bytes;
        summary.text_bytes += parsed.article.text_bytes() as u64;
        for warning in &parsed.warnings {
            if let Some(report) = &mut report {
                report.warning(&parsed.location, warning)?;
            }
            summary.warnings += 1;
            if summary.warning_samples.len() < KEPT_REASONS {
                summary
                    .warning_samples
                    .push(format!("{}: {warning}", parsed.location));
            }
        }
        since_commit += 1;
        if since_commit >= options.commit_every {
            writer.commit()?;
            // The table follows the committed documents: a run stopped later loses neither.
            if schema.story.is_some() {
                stories.save(&stories_path)?;
            }
            summary.commits += 1;
            since_commit = 0;
            info!(
                documents = summary.indexed + summary.updated,
                "index committed"
            );
        }
        if last_report.elapsed() >= Duration::from_millis(200) {
            summary.elapsed = started.elapsed();
            progress.update(&summary);
            last_report = Instant::now();
        }
    }
    for worker in workers {
        if worker.join().is_err() {
            warn!("an entity worker panicked; its current article was lost");
        }
    }
    let learner = match reader_thread.join() {
        Ok(learner) => Some(learner),
        Err(_) => {
            warn!("the corpus reader panicked; the rest of the input was not read");
            None
        }
    };
    writer.commit()?;
    summary.commits += 1;
    if schema.story.is_some() {
        stories.save(&stories_path)?;
    }
    summary.with_signature = stories.len() as u64;
    if let Some(learner) = learner {
        learner
            .save(&boilerplate_path)
            .map_err(|source| IndexError::Io {
                path: boilerplate_path.clone(),
                source,
            })?;
        summary.learned_boilerplate = learner.learned_lines() as u64;
    }
    if let Some(report) = report {
        report.finish()?;
    }
    if merge_at_end {
        let segments = index.searchable_segment_ids()?;
        if segments.len() > 1 {
            info!(
                segments = segments.len(),
                "merging the index into one segment"
            );
            match writer.merge(&segments).wait() {
                Ok(_) => {
                    writer.garbage_collect_files().wait()?;
                }
                Err(error) => warn!(
                    %error,
                    "the index could not be merged into one segment; it stays as committed"
                ),
            }
        }
    }
    writer.wait_merging_threads()?;
    // The registry of names, from the whole index as it is now (earlier runs included).
    let registry_started = Instant::now();
    let builtin;
    let gazetteer = match extractor.gazetteer() {
        Some(gazetteer) => gazetteer,
        None => {
            builtin = newsroom_entities::Gazetteer::builtin();
            &builtin
        }
    };
    summary.registry = crate::registry::build_registry(&options.index_dir, gazetteer)?;
    info!(
        values = summary.registry.values,
        merged = summary.registry.merged,
        dropped = summary.registry.dropped,
        seconds = registry_started.elapsed().as_secs_f64(),
        "built the registry of names"
    );
    let reader = index.reader()?;
    reader.reload()?;
    summary.documents_in_index = reader.searcher().num_docs();
    summary.elapsed = started.elapsed();
    progress.update(&summary);
    Ok(summary)
}
