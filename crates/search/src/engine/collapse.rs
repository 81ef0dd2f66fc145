//! Ranking with one article per story: the search pass collects each story's best match
//! (`collect/stories.rs`) with the count, facets and timeline, and the page is cut from the
//! stories' best matches (rescored first when sorted by relevance).

use rustc_hash::FxHashMap;
use tantivy::collector::Count;
use tantivy::query::Query;
use tantivy::{DocAddress, Searcher};

use crate::collect::facets::FacetCounter;
use crate::collect::histogram::DayCounter;
use crate::collect::stories::{StoryCollapse, StoryOrder};
use crate::{SearchError, SearchRequest, SortOrder};

use super::ranking::rescore::Rescorer;
use super::{query_error, Ranked, SearchEngine};

impl SearchEngine {
    /// Whether `request`'s page shows one article per story: asked for (the default), not a
    /// listing of one story, and an index that has stories.
    pub(super) fn collapses(&self, request: &SearchRequest) -> bool {
        request.collapse && request.story.is_none() && self.schema.story.is_some()
    }

    /// One search pass keeping each story's best match; the page holds stories' best matches.
    pub(super) fn rank_collapsed(
        &self,
        searcher: &Searcher,
        request: &SearchRequest,
        query: &dyn Query,
        counters: (Option<FacetCounter>, Option<DayCounter>),
        rescorer: Option<&Rescorer>,
    ) -> Result<Ranked, SearchError> {
        let (facets, days) = counters;
        let order = match request.sort {
            SortOrder::Relevance => StoryOrder::Score,
            SortOrder::Newest => StoryOrder::Newest,
            SortOrder::Oldest => StoryOrder::Oldest,
        };
        let page_end = request.offset() + request.size;
        let depth = rescorer.map_or(page_end, |rescorer| rescorer.depth().max(page_end));
        let membership = self.shared_stories.get(searcher).map_err(query_error)?;
        let collapse = StoryCollapse::new(order, depth, membership);
        let (total, stories, facets, days) = searcher
            .search(query, &(Count, collapse, facets, days))
            .map_err(query_error)?;
        let best = stories.best;
        let mut versions: FxHashMap<DocAddress, u64> = FxHashMap::default();
        let page = match rescorer {
            // Rescoring reorders the best candidates, as without collapse: the stories' best
            // matches are the candidates.
            Some(rescorer) => {
                let mut candidates: Vec<(f32, DocAddress)> = best
                    .iter()
                    .take(depth)
                    .map(|story| (story.score, story.address))
                    .collect();
                rescorer.rescore(searcher, &mut candidates)?;
                candidates
                    .into_iter()
                    .skip(request.offset())
                    .take(request.size)
                    .collect()
            }
            None => best
                .iter()
                .skip(request.offset())
                .take(request.size)
                .map(|story| (story.score, story.address))
                .collect::<Vec<_>>(),
        };
        for story in &best {
            if page.iter().any(|(_, address)| *address == story.address) {
                versions.insert(story.address, story.matches);
            }
        }
        Ok(Ranked {
            total: total as u64,
            page,
            facets,
            days,
            stories: Some(stories.stories),
            versions,
        })
    }
}
