//! Entity name suggestions for autocomplete: prefix matches over a field's term dictionary.

use std::collections::HashMap;

use newsroom_index::{NameCount, NameRegistry};
use tantivy::schema::Field;
use tantivy::Searcher;

use crate::SearchError;

/// Names in `field` with a word starting with `prefix` (case- and accent-insensitive), most
/// documents first.
pub(crate) fn entity_suggestions(
    searcher: &Searcher,
    field: Field,
    prefix: &str,
    limit: usize,
    (kind, registry): (&str, &NameRegistry),
) -> Result<Vec<NameCount>, SearchError> {
    // One analyzer for the whole scan: building one per dictionary term dominated the request.
    let mut folder = folding_analyzer();
    let prefix = fold(&mut folder, prefix.trim());
    let mut counts: HashMap<String, u64> = HashMap::new();
    for segment in searcher.segment_readers() {
        let inverted_index = segment.inverted_index(field)?;
        let mut stream = inverted_index
            .terms()
            .stream()
            .map_err(tantivy::TantivyError::from)?;
        while stream.advance() {
            let Ok(name) = std::str::from_utf8(stream.key()) else {
                continue;
            };
            let folded = fold(&mut folder, name);
            let matches = prefix.is_empty()
                || folded.starts_with(&prefix)
                || folded
                    .split([' ', '-'])
                    .any(|word| word.starts_with(&prefix));
            // Counted under the registry's canonical value (a document naming two variants
            // of one value counts twice here: suggestions order names, they do not count them).
            if let (true, Some(canonical)) = (matches, registry.canonical(kind, name)) {
                *counts.entry(canonical.to_string()).or_default() +=
                    u64::from(stream.value().doc_freq);
            }
        }
    }
    let mut suggestions: Vec<NameCount> = counts
        .into_iter()
        .map(|(name, count)| NameCount { name, count })
        .collect();
    suggestions.sort_by(|a, b| b.count.cmp(&a.count).then(a.name.cmp(&b.name)));
    suggestions.truncate(limit);
    Ok(suggestions)
}

/// Lowercases and removes common accents, for prefix matching.
fn folding_analyzer() -> tantivy::tokenizer::TextAnalyzer {
    tantivy::tokenizer::TextAnalyzer::builder(tantivy::tokenizer::RawTokenizer::default())
        .filter(tantivy::tokenizer::LowerCaser)
        .filter(tantivy::tokenizer::AsciiFoldingFilter)
        .build()
}

/// Folds a name with `analyzer` (see [`folding_analyzer`]).
fn fold(analyzer: &mut tantivy::tokenizer::TextAnalyzer, text: &str) -> String {
    let mut stream = analyzer.token_stream(text);
    let mut folded = String::new();
    while let Some(token) = stream.next() {
        folded.push_str(&token.text);
    }
    folded
}
