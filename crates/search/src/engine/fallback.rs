//! What a query of several words that no article matches with every word is answered with: its
//! spelling correction when that matches ("Showing results for ..."), otherwise the articles
//! matching most of its words (soft AND), otherwise the articles matching any of them.

use std::sync::Arc;

use tantivy::collector::Count;
use tantivy::query::Query;
use tantivy::Searcher;

use crate::collect::facets::FacetNames;
use crate::response::CorrectedWord;
use crate::suggest::did_you_mean::{check_words, corrected_query, WordFix};
use crate::{SearchError, SearchRequest};

use newsroom_index::NameRegistry;

use super::query::with_filters;
use super::ranking::{Matching, TextSearch};
use super::{Ranked, SearchEngine};

/// Most known words left out of a corrected query that matches nothing with them ("goverment
/// shutdwn talks zebra" is answered for "government shutdown talks" when no article about the
/// shutdown talks names a zebra); the rarest go first.
const MAX_LEFT_OUT: usize = 2;

/// The search that replaced one matching nothing.
pub(super) enum Fallback {
    /// The corrected query matched with every word.
    Corrected {
        /// The query searched instead.
        query: String,
        /// The words changed, as typed and as searched.
        words: Vec<CorrectedWord>,
    },
    /// Articles matching most words of the query (soft AND found them; none has every word).
    MostWords,
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
    /// corrected spelling first (unless the request asks for the words as typed), then, unless
    /// `most_words` (soft AND found articles with most of them: `None` keeps those), any of
    /// its words. `checked` receives the spelling check, for "did you mean".
    pub(super) fn fallback(
        &self,
        searcher: &Searcher,
        request: &SearchRequest,
        (filters, registry): (&[Box<dyn Query>], &Arc<NameRegistry>),
        facet_names: &Arc<FacetNames>,
        checked: &mut Option<Vec<(String, WordFix)>>,
        most_words: bool,
    ) -> Result<Option<FallbackResult>, SearchError> {
        if request.autocorrect {
            let words = self.check_words(searcher, &request.q);
            let corrected =
                self.corrected(searcher, request, (filters, registry), facet_names, &words)?;
            *checked = Some(words);
            if corrected.is_some() {
                return Ok(corrected);
            }
        }
        if most_words {
            return Ok(None);
        }
        let TextSearch {
            query: text_query,
            rescorer,
            ..
        } = self.text_search(searcher, &request.q, Matching::Any, request, registry)?;
        let ranked = self.rank(
            searcher,
            request,
            with_filters(text_query.box_clone(), filters),
            facet_names,
            rescorer.as_ref(),
        )?;
        Ok((ranked.total > 0).then_some(FallbackResult {
            fallback: Fallback::AnyWord,
            ranked,
            text_query,
        }))
    }

    /// The results of the corrected query when it matches with every word, leaving out up to
    /// [`MAX_LEFT_OUT`] of the known words, rarest first, when it does not; `None` when no word
    /// needs correcting or nothing matches.
    fn corrected(
        &self,
        searcher: &Searcher,
        request: &SearchRequest,
        (filters, registry): (&[Box<dyn Query>], &Arc<NameRegistry>),
        facet_names: &Arc<FacetNames>,
        words: &[(String, WordFix)],
    ) -> Result<Option<FallbackResult>, SearchError> {
        let mut attempt = words.to_vec();
        for left_out in 0..=MAX_LEFT_OUT {
            if left_out > 0 {
                let rarest = attempt
                    .iter_mut()
                    .filter_map(|(_, fix)| match fix {
                        WordFix::Known(articles) => Some((*articles, fix)),
                        _ => None,
                    })
                    .min_by_key(|(articles, _)| *articles);
                let Some((_, fix)) = rarest else {
                    return Ok(None);
                };
                *fix = WordFix::LeftOut;
            }
            let Some(corrected) = corrected_query(&attempt) else {
                return Ok(None);
            };
            // The corrected words are plain words: a query that does not parse is not tried.
            let Ok(TextSearch {
                query: text_query,
                every_word,
                rescorer,
            }) = self.text_search(searcher, &corrected, Matching::All, request, registry)
            else {
                return Ok(None);
            };
            // The corrected words must match together (soft AND would let the word to leave
            // out go missing instead).
            if let Some(every_word) = every_word {
                let count = searcher.search(with_filters(every_word, filters).as_ref(), &Count)?;
                if count == 0 {
                    continue;
                }
            }
            let ranked = self.rank(
                searcher,
                request,
                with_filters(text_query.box_clone(), filters),
                facet_names,
                rescorer.as_ref(),
            )?;
            if ranked.total > 0 {
                return Ok(Some(FallbackResult {
                    fallback: Fallback::Corrected {
                        query: corrected,
                        words: changed_words(&attempt),
                    },
                    ranked,
                    text_query,
                }));
            }
        }
        Ok(None)
    }
}

/// The words spelling correction changed, as typed and as searched (`None` when left out).
fn changed_words(words: &[(String, WordFix)]) -> Vec<CorrectedWord> {
    words
        .iter()
        .filter_map(|(word, fix)| {
            let to = match fix {
                WordFix::AsTyped | WordFix::Known(_) => return None,
                WordFix::Corrected(correction) => Some(correction.clone()),
                WordFix::Unknown | WordFix::LeftOut => None,
            };
            Some(CorrectedWord {
                from: word.clone(),
                to,
            })
        })
        .collect()
}
