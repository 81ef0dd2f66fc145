//! The index terms a word of stored text can match, analysed once per thread: the hits of every
//! request share most of their vocabulary ("trade", "trying" and "true" come back for every
//! query starting with "tr"), so each thread keeps what it has analysed across requests.

use std::cell::RefCell;

use newsroom_index::schema::{tokens, MAX_WORD_BYTES};
use rustc_hash::FxHashMap;
use tantivy::tokenizer::{
    AsciiFoldingFilter, LowerCaser, RemoveLongFilter, SimpleTokenizer, TextAnalyzer,
};

/// Most words one thread keeps; when full it starts afresh, which bounds its memory.
const MAX_KEPT_WORDS: usize = 100_000;

/// One thread's analyzers and the words it has analysed.
struct WordTerms {
    /// Words as the body field's tokenizer reads them: lowercased and folded, not stemmed.
    words: TextAnalyzer,
    /// The index's full analyzer (stemming).
    stems: TextAnalyzer,
    /// Each word as written in stored text, with its forms and their stems.
    analysed: FxHashMap<Box<str>, Box<[String]>>,
}

thread_local! {
    static WORD_TERMS: RefCell<WordTerms> = RefCell::new(WordTerms {
        words: TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(RemoveLongFilter::limit(MAX_WORD_BYTES))
            .filter(LowerCaser)
            .filter(AsciiFoldingFilter)
            .build(),
        stems: newsroom_index::schema::text_analyzer(),
        analysed: FxHashMap::default(),
    });
}

/// Whether a run of alphanumeric characters from stored text (as written) is one of `terms`
/// once analysed the way the index analyses the body: lowercased, folded, and as is or stemmed.
pub(crate) fn matches_any(word: &str, is_term: impl Fn(&str) -> bool) -> bool {
    WORD_TERMS.with(|cell| {
        let mut word_terms = cell.borrow_mut();
        if let Some(terms) = word_terms.analysed.get(word) {
            return terms.iter().any(|term| is_term(term));
        }
        let terms = word_terms.analyse(word);
        let matched = terms.iter().any(|term| is_term(term));
        if word_terms.analysed.len() >= MAX_KEPT_WORDS {
            word_terms.analysed.clear();
        }
        word_terms.analysed.insert(word.into(), terms);
        matched
    })
}

impl WordTerms {
    fn analyse(&mut self, word: &str) -> Box<[String]> {
        if word.len() >= MAX_WORD_BYTES {
            return Box::default();
        }
        let forms = if word.is_ascii() {
            vec![word.to_ascii_lowercase()]
        } else {
            tokens(&mut self.words, word)
        };
        let mut terms = Vec::with_capacity(forms.len() * 2);
        for form in forms {
            terms.extend(tokens(&mut self.stems, &form));
            terms.push(form);
        }
        terms.into_boxed_slice()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_match_their_forms_and_stems_once_analysed_or_remembered() {
        let is_term = |term: &str| term == "elect" || term == "etat";
        for _ in 0..2 {
            assert!(matches_any("Elections", is_term));
            assert!(matches_any("ÉTAT", is_term));
            assert!(!matches_any("Electrician", |term| term == "elect"));
            assert!(!matches_any(&"elect".repeat(8), is_term));
        }
    }
}
