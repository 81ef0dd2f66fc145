//! What a query of several words that matches nothing is answered with: its spelling
//! correction when that matches with every word ("Showing results for ..."), otherwise the
//! articles matching any of its words.

use std::sync::Arc;

use tantivy::query::Query;
use tantivy::Searcher;

use crate::facets::FacetNames;
use crate::response::CorrectedWord;
use crate::suggest::{check_words, corrected_query, WordFix};
use crate::{SearchError, SearchRequest};

use super::query::with_filters;
use super::{Ranked, SearchEngine};

/// The search that replaced one matching nothing.
pub(super) enum Fallback {
    /// The corrected query matched with every word.
    Corrected {
        /// The query searched instead.
        query: String,
        /// The words changed, as typed and as searched.
        words: Vec<CorrectedWord>,
    },
    /// Articles matching any word of the query.
    AnyWord,
}

/// A fallback search: its kind, its results and the text query that produced them.
pub(super) struct FallbackResult {
    pub(super) fallback: Fallback,
    pub(super) ranked: Ranked,
    pub(super) text_query: Box<dyn Query>,
}

impl SearchEngine {
    /// The words of `q` with what spelling correction makes of each.
    pub(super) fn check_words(&self, searcher: &Searcher, q: &str) -> Vec<(String, WordFix)> {
        let analyzer = newsroom_index::schema::text_analyzer();
        check_words(
            searcher,
            &analyzer,
            [self.schema.body, self.schema.title],
            q,
        )
    }

    /// Searches again for a query of several words that matched nothing with every word: its
    /// corrected spelling first (unless the request asks for the words as typed), then any of
    /// its words. `checked` receives the spelling check, for "did you mean".
    pub(super) fn fallback(
        &self,
        searcher: &Searcher,
        request: &SearchRequest,
        filters: &[Box<dyn Query>],
        facet_names: &Arc<FacetNames>,
        checked: &mut Option<Vec<(String, WordFix)>>,
    ) -> Result<Option<FallbackResult>, SearchError> {
        if request.autocorrect {
            let words = self.check_words(searcher, &request.q);
            let corrected = corrected_query(&words);
            *checked = Some(words);
            if let Some(corrected) = corrected {
                // The corrected words are plain words: a query that does not parse is skipped.
                if let Ok(text_query) = self.text_query(&corrected, true) {
                    let ranked = self.rank(
                        searcher,
                        request,
                        with_filters(text_query.box_clone(), filters),
                        facet_names,
                    )?;
                    if ranked.total > 0 {
                        let words = checked
                            .iter()
                            .flatten()
                            .filter_map(|(word, fix)| {
                                let to = match fix {
                                    WordFix::Kept => return None,
                                    WordFix::Corrected(correction) => Some(correction.clone()),
                                    WordFix::Unknown => None,
                                };
                                Some(CorrectedWord {
                                    from: word.clone(),
                                    to,
                                })
                            })
                            .collect();
                        return Ok(Some(FallbackResult {
                            fallback: Fallback::Corrected {
                                query: corrected,
                                words,
                            },
                            ranked,
                            text_query,
                        }));
                    }
                }
            }
        }
        let text_query = self.text_query(&request.q, false)?;
        let ranked = self.rank(
            searcher,
            request,
            with_filters(text_query.box_clone(), filters),
            facet_names,
        )?;
        Ok((ranked.total > 0).then_some(FallbackResult {
            fallback: Fallback::AnyWord,
            ranked,
            text_query,
        }))
    }
}
