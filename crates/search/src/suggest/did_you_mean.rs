//! "Did you mean": corrections of misspelt query words, built from the index's own terms.

use rustc_hash::FxHashMap as HashMap;

use tantivy::collector::TopDocs;
use tantivy::query::{FuzzyTermQuery, TermQuery};
use tantivy::schema::{Field, IndexRecordOption, Value};
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{Searcher, TantivyDocument, Term};
use tantivy_fst::Automaton;

/// How much more frequent a correction must be than a word that is in the index.
const RARER_BY: u64 = 20;
/// Fewest articles a correction must appear in (rarer terms are often typos themselves).
const MIN_FREQUENCY: u64 = 3;
/// How many candidate terms (most frequent first) are checked against article text.
const MAX_CANDIDATES: usize = 5;
/// Shortest word worth correcting.
const MIN_WORD_CHARS: usize = 4;

/// What spelling correction makes of one word of a query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum WordFix {
    /// Not a plain word (an operator, a phrase, a field, a short word): searched as typed.
    AsTyped,
    /// A plain word in the index (in this many articles' text) with no far more frequent close
    /// spelling: searched as typed.
    Known(u64),
    /// The word is absent from the index, or far rarer than this close spelling.
    Corrected(String),
    /// No article has the word and no close spelling is frequent: left out.
    Unknown,
    /// A known word left out so that the corrected words match together (see `engine::fallback`).
    LeftOut,
}

/// The words of a query (split on white space) with what spelling correction makes of each.
///
/// Each unknown or rare word is replaced by the most frequent indexed term within one edit (two
/// for words of six or more characters), shown as articles spell it; a word that is rare but
/// real is kept unless a close spelling is far more frequent.
pub(crate) fn check_words(
    searcher: &Searcher,
    analyzer: &TextAnalyzer,
    fields: [Field; 2],
    q: &str,
) -> Vec<(String, WordFix)> {
    let [body, title] = fields;
    q.split_whitespace()
        .map(|word| {
            let plain = word
                .chars()
                .all(|c| c.is_alphanumeric() || c == '\'' || c == '-');
            let upper = word == "OR" || word == "AND" || word == "NOT";
            if !plain || upper || word.chars().count() < MIN_WORD_CHARS {
                return (word.to_string(), WordFix::AsTyped);
            }
            let fix = match correct_word(searcher, analyzer, body, word) {
                Some(correction) => WordFix::Corrected(correction),
                None => match frequencies(searcher, analyzer, [body, title], word) {
                    Some([0, 0]) => WordFix::Unknown,
                    Some([in_bodies, _]) => WordFix::Known(in_bodies),
                    None => WordFix::AsTyped,
                },
            };
            (word.to_string(), fix)
        })
        .collect()
}

/// The query with every correctable word corrected (unknown words as typed), when one is: the
/// "did you mean" of a query few articles match.
pub(crate) fn did_you_mean(words: &[(String, WordFix)]) -> Option<String> {
    let changed = words
        .iter()
        .any(|(_, fix)| matches!(fix, WordFix::Corrected(_)));
    changed.then(|| {
        let fixed: Vec<&str> = words
            .iter()
            .map(|(word, fix)| match fix {
                WordFix::Corrected(correction) => correction.as_str(),
                _ => word.as_str(),
            })
            .collect();
        fixed.join(" ")
    })
}

/// The query to search instead of one that matched nothing: corrected words replaced, words no
/// article has (and words left out) left out. `None` when nothing changed or nothing would be
/// left.
pub(crate) fn corrected_query(words: &[(String, WordFix)]) -> Option<String> {
    let unchanged = words
        .iter()
        .all(|(_, fix)| matches!(fix, WordFix::AsTyped | WordFix::Known(_)));
    if unchanged {
        return None;
    }
    let kept: Vec<&str> = words
        .iter()
        .filter_map(|(word, fix)| match fix {
            WordFix::AsTyped | WordFix::Known(_) => Some(word.as_str()),
            WordFix::Corrected(correction) => Some(correction.as_str()),
            WordFix::Unknown | WordFix::LeftOut => None,
        })
        .collect();
    (!kept.is_empty()).then(|| kept.join(" "))
}

/// How many articles have `word` (analysed) in their body and in their title, `None` when it
/// analyses to nothing.
fn frequencies(
    searcher: &Searcher,
    analyzer: &TextAnalyzer,
    fields: [Field; 2],
    word: &str,
) -> Option<[u64; 2]> {
    let stem = analysed(analyzer, word)?;
    let frequency = |field: Field| {
        searcher
            .doc_freq(&Term::from_field_text(field, &stem))
            .unwrap_or(0)
    };
    Some(fields.map(frequency))
}

fn analysed(analyzer: &TextAnalyzer, word: &str) -> Option<String> {
    let mut analyzer = analyzer.clone();
    let mut stream = analyzer.token_stream(word);
    stream.next().map(|token| token.text.clone())
}

fn correct_word(
    searcher: &Searcher,
    analyzer: &TextAnalyzer,
    body: Field,
    word: &str,
) -> Option<String> {
    let stem = analysed(analyzer, word)?;
    let term = Term::from_field_text(body, &stem);
    // A rare spelling is corrected only to a far more frequent one ("goverment" -> "government").
    let own_frequency = searcher.doc_freq(&term).ok()?;
    let needed_frequency = own_frequency.saturating_mul(RARER_BY).max(MIN_FREQUENCY);
    // No term is in more articles than there are: a common word ("rates") cannot have a
    // correction, so its dictionary walk is skipped.
    if needed_frequency > searcher.num_docs() {
        return None;
    }
    let max_distance = if stem.chars().count() >= 6 { 2 } else { 1 };
    let typed = word.to_lowercase();
    // One edit first: most typos are one edit away, and the wider automaton costs far more.
    (1..=max_distance).find_map(|distance| {
        let candidates = fuzzy_candidates(searcher, &term, &stem, distance, needed_frequency)?;
        // Stems are not words: judge each candidate by the article word closest to what was typed.
        // Candidates come most frequent first, so the first one spelt one edit from the typed word
        // is the answer (no article word is the typed word itself: its own stem is no candidate).
        let mut best: Option<(usize, String)> = None;
        for (_, candidate) in candidates.into_iter().take(MAX_CANDIDATES) {
            let surface = closest_surface_form(
                searcher,
                analyzer,
                (body, &candidate),
                &typed,
                usize::from(distance),
            );
            let Some(surface) = surface else {
                continue;
            };
            let surface_distance = edit_distance(&typed, &surface);
            // Better no suggestion than a far-fetched one.
            if surface_distance > usize::from(distance) {
                continue;
            }
            if best
                .as_ref()
                .is_none_or(|(closest, _)| surface_distance < *closest)
            {
                best = Some((surface_distance, surface));
            }
            if surface_distance <= 1 {
                break;
            }
        }
        best.map(|(_, surface)| surface)
    })
}

/// A Levenshtein automaton restricted to terms that start with the same character as the
/// typed word, as Lucene's `DirectSpellChecker` does by default (`minPrefix` 1): typos are rarely
/// in the first letter, and walking the dictionary under one first letter instead of all of
/// them took "interst rates" (snippets and facets, allsides) from 10.4 to 5.3 ms.
struct SameFirstByte<A> {
    first: u8,
    edits: A,
}

impl<A: Automaton> Automaton for SameFirstByte<A> {
    /// Bytes read so far (capped at 1), or `None` once the first byte differed.
    type State = Option<(bool, A::State)>;

    fn start(&self) -> Self::State {
        Some((false, self.edits.start()))
    }

    fn is_match(&self, state: &Self::State) -> bool {
        state
            .as_ref()
            .is_some_and(|(started, edits)| *started && self.edits.is_match(edits))
    }

    fn can_match(&self, state: &Self::State) -> bool {
        state
            .as_ref()
            .is_some_and(|(_, edits)| self.edits.can_match(edits))
    }

    fn accept(&self, state: &Self::State, byte: u8) -> Self::State {
        let (started, edits) = state.as_ref()?;
        if !started && byte != self.first {
            return None;
        }
        Some((true, self.edits.accept(edits, byte)))
    }
}

/// Indexed terms within `distance` edits of `term`, frequent enough, most frequent first.
fn fuzzy_candidates(
    searcher: &Searcher,
    term: &Term,
    stem: &str,
    distance: u8,
    needed_frequency: u64,
) -> Option<Vec<(u64, String)>> {
    let automaton = SameFirstByte {
        first: *stem.as_bytes().first()?,
        edits: FuzzyTermQuery::new(term.clone(), distance, true)
            .automaton()
            .ok()?,
    };
    // Document frequencies are per segment: sum them, or the answer would depend on how the
    // index happens to be split into segments.
    let mut frequencies: HashMap<String, u64> = HashMap::default();
    for segment in searcher.segment_readers() {
        let inverted_index = segment.inverted_index(term.field()).ok()?;
        let mut stream = inverted_index
            .terms()
            .search(&automaton)
            .into_stream()
            .ok()?;
        while stream.advance() {
            let Ok(candidate) = std::str::from_utf8(stream.key()) else {
                continue;
            };
            if candidate != stem {
                *frequencies.entry(candidate.to_string()).or_default() +=
                    u64::from(stream.value().doc_freq);
            }
        }
    }
    let mut candidates: Vec<(u64, String)> = frequencies
        .into_iter()
        .filter(|(_, frequency)| *frequency >= needed_frequency)
        .map(|(candidate, frequency)| (frequency, candidate))
        .collect();
    // Most frequent first; ties alphabetically so the answer is deterministic.
    candidates.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    Some(candidates)
}

/// Most articles read for the way they spell a correction.
const SURFACE_ARTICLES: usize = 3;

/// The word of the articles containing `stem` in `body` (the best few) that analyses to it and
/// is closest to `typed`: one article may only write "interests" where "interest" is one edit
/// from "interst". Reading stops at a word `enough` edits away or closer.
fn closest_surface_form(
    searcher: &Searcher,
    analyzer: &TextAnalyzer,
    (body, stem): (Field, &str),
    typed: &str,
    enough: usize,
) -> Option<String> {
    let query = TermQuery::new(Term::from_field_text(body, stem), IndexRecordOption::Basic);
    let top = searcher
        .search(
            &query,
            &TopDocs::with_limit(SURFACE_ARTICLES).order_by_score(),
        )
        .ok()?;
    // Stems keep a word's first letters, so only words sharing them are worth analysing.
    let prefix: String = stem.chars().take(2).collect();
    let mut best: Option<(usize, String)> = None;
    for (_, address) in top {
        let Ok(document) = searcher.doc::<TantivyDocument>(address) else {
            continue;
        };
        let Some(text) = document.get_first(body).and_then(|value| value.as_str()) else {
            continue;
        };
        let closest = text
            .split(|c: char| !c.is_alphanumeric() && c != '\'')
            .filter(|word| !word.is_empty() && word.len() < 40)
            .map(str::to_lowercase)
            .filter(|word| word.starts_with(&prefix))
            .filter(|word| analysed(analyzer, word).as_deref() == Some(stem))
            .map(|word| (edit_distance(typed, &word), word))
            .min();
        if let Some(closest) = closest {
            if best.as_ref().is_none_or(|best| closest < *best) {
                best = Some(closest);
            }
        }
        if best
            .as_ref()
            .is_some_and(|(distance, _)| *distance <= enough)
        {
            break;
        }
    }
    best.map(|(_, word)| word)
}

/// Levenshtein distance in characters.
fn edit_distance(left: &str, right: &str) -> usize {
    let right: Vec<char> = right.chars().collect();
    let mut previous: Vec<usize> = (0..=right.len()).collect();
    for (i, left_char) in left.chars().enumerate() {
        let mut current = vec![i + 1; right.len() + 1];
        for (j, right_char) in right.iter().enumerate() {
            let substitution = previous[j] + usize::from(left_char != *right_char);
            current[j + 1] = substitution.min(previous[j + 1] + 1).min(current[j] + 1);
        }
        previous = current;
    }
    previous[right.len()]
}

#[cfg(test)]
mod tests;
