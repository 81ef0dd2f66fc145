//! `newsroom search`

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::Args;
use newsroom_search::{Fragment, SearchEngine, SearchParams};

use crate::commands::index::ensure_sample_index;
use crate::paths;

/// Arguments of `newsroom search`.
#[derive(Args, Debug)]
pub struct SearchArgs {
    /// Query: words (all must match), "phrases", -excluded, OR, field:term, person:"Name"
    query: String,
    /// Index folder (default: index-data/index, built from the sample when missing)
    #[arg(long)]
    index: Option<PathBuf>,
    /// Only articles naming this person (repeatable: any of them)
    #[arg(long)]
    person: Vec<String>,
    /// Only articles naming this country (repeatable: any of them)
    #[arg(long)]
    country: Vec<String>,
    /// Only articles naming this organisation (repeatable: any of them)
    #[arg(long)]
    org: Vec<String>,
    /// Only articles from this source (repeatable: any of them)
    #[arg(long)]
    source: Vec<String>,
    /// Published on or after this date (YYYY-MM-DD)
    #[arg(long)]
    from: Option<String>,
    /// Published on or before this date (YYYY-MM-DD)
    #[arg(long)]
    to: Option<String>,
    /// relevance, newest or oldest
    #[arg(long, default_value = "relevance")]
    sort: String,
    /// Hits to show
    #[arg(long, default_value_t = 10)]
    limit: usize,
    /// Page of results (1-based)
    #[arg(long, default_value_t = 1)]
    page: usize,
    /// Facet values per kind (0: none), or a comma-separated list of kinds to count
    /// (person,country,org,source)
    #[arg(long)]
    facets: Option<String>,
    /// A facet kind to count (repeatable; all four when absent)
    #[arg(long)]
    facet: Vec<String>,
    /// Facet values per kind when `--facets` lists kinds
    #[arg(long)]
    facet_size: Option<usize>,
    /// Kinds whose values unusually frequent in the matches are listed (JLH against the whole
    /// index), comma-separated: person,country,org,source
    #[arg(long)]
    significant: Option<String>,
    /// How words combine: and (every word; from three words, all but one) or or (any word)
    #[arg(long, default_value = "and")]
    op: String,
    /// Relevance ranking: newsroom or classic (BM25 of title ×2 plus body, every word required)
    #[arg(long, default_value = "newsroom")]
    rank: String,
    /// One article per story (near-duplicates collapsed): true or false
    #[arg(long, default_value = "true")]
    collapse: String,
    /// Only the articles of this story (every version), by the story id a hit shows
    #[arg(long)]
    story: Option<String>,
    /// Print the JSON the API returns
    #[arg(long)]
    json: bool,
}

/// Runs `newsroom search`.
pub fn run(args: SearchArgs) -> anyhow::Result<ExitCode> {
    let index_dir = match &args.index {
        Some(dir) => dir.clone(),
        None => {
            let dir = paths::default_index();
            ensure_sample_index(&dir)?;
            dir
        }
    };
    let mut pairs = vec![
        ("q".to_string(), args.query.clone()),
        ("sort".to_string(), args.sort.clone()),
        ("size".to_string(), args.limit.to_string()),
        ("page".to_string(), args.page.to_string()),
        ("op".to_string(), args.op.clone()),
        ("rank".to_string(), args.rank.clone()),
        ("collapse".to_string(), args.collapse.clone()),
    ];
    pairs.extend(
        args.story
            .iter()
            .map(|story| ("story".to_string(), story.clone())),
    );
    for (key, values) in [
        ("person", &args.person),
        ("country", &args.country),
        ("org", &args.org),
        ("source", &args.source),
    ] {
        pairs.extend(values.iter().map(|value| (key.to_string(), value.clone())));
    }
    pairs.extend(
        args.from
            .iter()
            .map(|from| ("from".to_string(), from.clone())),
    );
    pairs.extend(args.to.iter().map(|to| ("to".to_string(), to.clone())));
    pairs.extend(
        args.facets
            .iter()
            .map(|facets| ("facets".to_string(), facets.clone())),
    );
    pairs.extend(
        args.facet
            .iter()
            .map(|kind| ("facet".to_string(), kind.clone())),
    );
    pairs.extend(
        args.facet_size
            .iter()
            .map(|size| ("facet_size".to_string(), size.to_string())),
    );
    pairs.extend(
        args.significant
            .iter()
            .map(|kinds| ("significant".to_string(), kinds.clone())),
    );
    let request = SearchParams { pairs }.into_request()?;
    let engine = SearchEngine::open(&index_dir)
        .with_context(|| format!("opening {}", index_dir.display()))?;
    let response = engine.search(&request)?;
    let mut out = std::io::stdout().lock();
    if args.json {
        serde_json::to_writer_pretty(&mut out, &response)?;
        writeln!(out)?;
        return Ok(ExitCode::SUCCESS);
    }
    let colour = std::io::stdout().is_terminal();
    match response.stories {
        Some(stories) => writeln!(
            out,
            "{} matches ({stories} stories) in {:.1} ms",
            response.total, response.took_ms
        )?,
        None => writeln!(
            out,
            "{} matches in {:.1} ms",
            response.total, response.took_ms
        )?,
    }
    if let Some(notice) = &response.notice {
        writeln!(out, "note: {notice}")?;
    }
    for (rank, hit) in response.hits.iter().enumerate() {
        let date = hit
            .published
            .map(|d| d.date_naive().to_string())
            .unwrap_or_else(|| "undated".into());
        let source = hit.source.as_deref().unwrap_or("unknown source");
        let title = if colour {
            format!("\x1b[1m{}\x1b[0m", hit.title)
        } else {
            hit.title.clone()
        };
        writeln!(
            out,
            "\n{:>2}. {title}\n    {date} · {source} · {}",
            rank + 1 + request.offset(),
            hit.id
        )?;
        for fragment in &hit.fragments {
            writeln!(out, "    {}", render_fragment(fragment, colour))?;
        }
        if let (Some(story), more @ 1..) = (hit.story, hit.more_versions) {
            let versions = if more == 1 { "version" } else { "versions" };
            writeln!(
                out,
                "    {more} more {versions}: newsroom search '{}' --story {story}",
                request.q.replace('\'', "'\\''")
            )?;
        }
        for (label, names) in [
            ("people", &hit.persons),
            ("countries", &hit.countries),
            ("orgs", &hit.orgs),
        ] {
            if !names.is_empty() {
                writeln!(out, "    {label}: {}", names.join(", "))?;
            }
        }
    }
    for (kind, values) in &response.facets {
        if kind == "source" || values.is_empty() {
            continue;
        }
        let listed: Vec<String> = values
            .iter()
            .map(|v| format!("{} ({})", v.name, v.count))
            .collect();
        writeln!(out, "\n{kind}: {}", listed.join(", "))?;
    }
    for (kind, values) in response.significant.iter().flat_map(|s| &s.values) {
        let listed: Vec<String> = values
            .iter()
            .map(|v| format!("{} ({} here, {} in all)", v.name, v.count, v.index_count))
            .collect();
        writeln!(out, "\nunusually frequent {kind}: {}", listed.join(", "))?;
    }
    Ok(ExitCode::SUCCESS)
}

/// Marks highlights with bold yellow on a terminal, `[...]` otherwise.
fn render_fragment(fragment: &Fragment, colour: bool) -> String {
    let (open, close) = if colour {
        ("\x1b[1;33m", "\x1b[0m")
    } else {
        ("[", "]")
    };
    let chars: Vec<char> = fragment.text.chars().collect();
    let mut rendered = String::with_capacity(fragment.text.len() + 16);
    let mut position = 0;
    for [start, end] in &fragment.highlights {
        if *start < position || *end > chars.len() {
            continue;
        }
        rendered.extend(&chars[position..*start]);
        rendered.push_str(open);
        rendered.extend(&chars[*start..*end]);
        rendered.push_str(close);
        position = *end;
    }
    rendered.extend(&chars[position..]);
    rendered
}
