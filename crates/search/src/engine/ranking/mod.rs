//! How articles are ranked for a plain query (words, "phrases", +required, -excluded).
//!
//! Two stages. The first runs over every match and picks the candidates:
//! - each word is scored over title and body ([`bm25f`]): as one weighted text stream (BM25F,
//!   the default) or by the sum of each field's BM25 (as the classic ranking);
//! - soft AND: a query of [`RankingParams::soft_and_from`] words or more matches an article
//!   missing one of them (two from six words on), where plain AND would drop it, when fewer
//!   than [`RankingParams::soft_and_below`] articles have every word; words in most articles
//!   ("of") are scored but neither required nor counted.
//!
//! The second rescores the best [`RankingParams::rescore_depth`] candidates with what is too
//! costly to compute for every match ([`rescore`]): how close together the query's words are,
//! how many of the query's words an article lacks, and, when the query names a known entity
//! (a person, country or organisation value of the index, or a spelling the registry counts
//! as it; see [`names`]), whether the article names it (a bonus) or matches the words as
//! another name (an article about Donna Brazile matches "brazil" once stemmed, but does not
//! name the country).
//!
//! Queries using fields, OR, ranges, boosts or wildcards, and requests with `rank=classic`, are
//! ranked as before: tantivy's BM25 of title (×2) plus body, every word required.

pub(crate) mod bm25f;
pub(crate) mod names;
pub(crate) mod plan;
pub(crate) mod rescore;

use std::sync::Arc;

use tantivy::query::{
    BooleanQuery, BoostQuery, ConstScoreQuery, Occur, PhraseQuery, Query, TermQuery,
};
use tantivy::schema::IndexRecordOption;
use tantivy::Term;

use bm25f::{Bm25fModel, Bm25fQuery, TextFields, WordWeights};
use plan::{QueryPlan, Role, Unit};
use rescore::Rescorer;

use crate::SearchError;

/// The parameters of the ranking, chosen on the development set (`newsroom eval-ranking`,
/// figures in benches/RESULTS.md).
#[derive(Debug, Clone, PartialEq)]
pub struct RankingParams {
    /// Title and body scored as one weighted stream (BM25F); otherwise each field's BM25 is
    /// summed (the title's times `title_weight`), as the classic ranking does.
    pub bm25f: bool,
    /// Term-frequency saturation.
    pub k1: f32,
    /// Length normalisation of the title.
    pub b_title: f32,
    /// Length normalisation of the body.
    pub b_body: f32,
    /// Weight of a title occurrence relative to a body occurrence.
    pub title_weight: f32,
    /// Queries of this many words or more may match an article missing one word (two from
    /// three words more); 0 turns soft AND off.
    pub soft_and_from: usize,
    /// Soft AND looks for articles missing a word only when fewer articles than this have
    /// every word (0: always).
    pub soft_and_below: usize,
    /// With soft AND, words in a larger share of the articles than this ("of", "the") are
    /// scored but neither required nor counted as words.
    pub common_word_share: f32,
    /// Multiplies the text score of an article for each query word it lacks.
    pub missing_factor: f32,
    /// Weight of the proximity of consecutive query words.
    pub proximity_weight: f32,
    /// Multiplies the text score of an article for each pair of consecutive query words it
    /// holds but never within `proximity_window` words of each other.
    pub apart_factor: f32,
    /// Farthest apart two words count as close.
    pub proximity_window: u32,
    /// Candidates rescored by proximity, missing words and names.
    pub rescore_depth: usize,
    /// Bonus of an article naming an entity the query names, in units of the name's idf.
    pub entity_weight: f32,
    /// Multiplies the text score of a name's words in an article that does not name it but
    /// names another entity whose name has the same stemmed word ("Donna Brazile" for "Brazil").
    pub name_mismatch_factor: f32,
    /// Fewest articles naming an entity for a query to be read as naming it.
    pub entity_min_articles: u64,
    /// Smallest share of the articles holding a name's rarest word that must name it.
    pub entity_min_share: f32,
}

impl Default for RankingParams {
    /// The values chosen on the development set (benches/RESULTS.md, "Ranking").
    fn default() -> Self {
        RankingParams {
            bm25f: true,
            k1: 2.0,
            b_title: 0.75,
            b_body: 0.75,
            title_weight: 16.0,
            soft_and_from: 3,
            soft_and_below: 100,
            common_word_share: 0.7,
            missing_factor: 0.6,
            proximity_weight: 0.05,
            apart_factor: 1.0,
            proximity_window: 4,
            rescore_depth: 50,
            entity_weight: 0.5,
            name_mismatch_factor: 0.4,
            entity_min_articles: 5,
            entity_min_share: 0.1,
        }
    }
}

impl RankingParams {
    /// Sets one parameter by name (`k1`, `b_title`, ...), as `eval-ranking --set` does.
    pub fn set(&mut self, name: &str, value: &str) -> Result<(), SearchError> {
        let bad = || SearchError::BadRequest(format!("bad value {value:?} for {name}"));
        let float = || value.parse::<f32>().map_err(|_| bad());
        let whole = || value.parse::<u64>().map_err(|_| bad());
        match name {
            "bm25f" => self.bm25f = float()? != 0.0,
            "k1" => self.k1 = float()?,
            "b_title" => self.b_title = float()?,
            "b_body" => self.b_body = float()?,
            "b" => {
                self.b_body = float()?;
                self.b_title = self.b_body;
            }
            "title_weight" => self.title_weight = float()?,
            "soft_and_from" => self.soft_and_from = whole()? as usize,
            "common_word_share" => self.common_word_share = float()?,
            "soft_and_below" => self.soft_and_below = whole()? as usize,
            "missing_factor" => self.missing_factor = float()?,
            "proximity_weight" => self.proximity_weight = float()?,
            "apart_factor" => self.apart_factor = float()?,
            "proximity_window" => self.proximity_window = whole()? as u32,
            "rescore_depth" => self.rescore_depth = whole()? as usize,
            "entity_weight" => self.entity_weight = float()?,
            "name_mismatch_factor" => self.name_mismatch_factor = float()?,
            "entity_min_articles" => self.entity_min_articles = whole()?,
            "entity_min_share" => self.entity_min_share = float()?,
            _ => {
                return Err(SearchError::BadRequest(format!(
                    "unknown ranking parameter {name:?}"
                )))
            }
        }
        Ok(())
    }

    /// How many of a query's `words` an article may lack and still match with AND.
    pub(crate) fn allowed_missing(&self, words: usize) -> usize {
        if self.soft_and_from < 2 || words < self.soft_and_from {
            return 0;
        }
        1 + (words - self.soft_and_from) / 3
    }
}

/// How the words of a query must match.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Matching {
    /// Every word (softened by soft AND).
    All,
    /// Any word.
    Any,
}

/// The text query of a request and what ranks its results.
pub(crate) struct TextSearch {
    /// The query that finds and scores the matches.
    pub(crate) query: Box<dyn Query>,
    /// With soft AND in effect: the query requiring every word (its count decides the
    /// fallbacks and the "did you mean").
    pub(crate) every_word: Option<Box<dyn Query>>,
    /// Rescores the best matches.
    pub(crate) rescorer: Option<Rescorer>,
}

/// Builds the ranked search of a plain query.
pub(crate) fn plain_search(
    plan: QueryPlan,
    model: Arc<Bm25fModel>,
    idf_of: &mut dyn FnMut(&str) -> tantivy::Result<WordWeights>,
    entity_fields: &dyn Fn(newsroom_entities::EntityKind) -> tantivy::schema::Field,
    registry: &newsroom_index::NameRegistry,
    matching: Matching,
    params: &RankingParams,
) -> Result<TextSearch, SearchError> {
    let fields = model.fields;
    let (soft, allowed_missing) = plan.soft_units(params);
    let required_units = plan.units.iter().any(|unit| unit.role == Role::Required);
    let matching_clauses = |minimum_soft: usize| -> Box<dyn Query> {
        // Every soft word required: an intersection, as tantivy would make of it anyway, but
        // with the words as required clauses `seekable_unions` sees skipped through.
        let all_soft = minimum_soft == soft;
        let soft_occur = if all_soft { Occur::Must } else { Occur::Should };
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = plan
            .units
            .iter()
            .filter_map(|unit| match unit.role {
                Role::Soft => Some((soft_occur, unit_query(unit, &model))),
                Role::Required => Some((Occur::Must, unit_query(unit, &model))),
                Role::Excluded => Some((Occur::MustNot, unit_match(unit, fields))),
                Role::Common => None,
            })
            .collect();
        if clauses.len() == 1 && clauses[0].0 != Occur::MustNot {
            return clauses.remove(0).1;
        }
        if all_soft || minimum_soft <= 1 {
            let minimum = if all_soft { 0 } else { minimum_soft };
            return Box::new(BooleanQuery::with_minimum_required_clauses(
                clauses, minimum,
            ));
        }
        // Soft AND: the articles with all but a few soft words are the union of the
        // intersections of every such subset, each as cheap as its rarest word; a minimum
        // number of clauses would walk every article holding any word ("of" in "Bank of
        // England"). The words then score the articles the union finds.
        match soft_subsets(&plan, minimum_soft, fields) {
            Some(enough_words) => {
                clauses.push((
                    Occur::Must,
                    Box::new(ConstScoreQuery::new(enough_words, 0.0)),
                ));
                Box::new(BooleanQuery::new(clauses))
            }
            None => Box::new(BooleanQuery::with_minimum_required_clauses(
                clauses,
                minimum_soft,
            )),
        }
    };
    // Common words score the articles the others match.
    let clauses = |minimum_soft: usize| -> Box<dyn Query> {
        let core = matching_clauses(minimum_soft);
        let common: Vec<(Occur, Box<dyn Query>)> = plan
            .units
            .iter()
            .filter(|unit| unit.role == Role::Common)
            .map(|unit| (Occur::Should, unit_query(unit, &model)))
            .collect();
        if common.is_empty() {
            return core;
        }
        let mut clauses = vec![(Occur::Must, core)];
        clauses.extend(common);
        Box::new(BooleanQuery::new(clauses))
    };
    let minimum_soft = match matching {
        Matching::All => soft - allowed_missing,
        Matching::Any if required_units => 0,
        Matching::Any => 1.min(soft),
    };
    let text = clauses(minimum_soft);
    let every_word = (matching == Matching::All && allowed_missing > 0).then(|| clauses(soft));
    let mut entity_terms = Vec::new();
    // Every spelling of the query's names; the other names by their canonical value alone
    // (there may be a dozen, each with many spellings, and each term is a postings list read).
    let name_terms = |entities: &[names::NamedEntity], spellings: usize| -> Vec<Term> {
        entities
            .iter()
            .flat_map(|entity| {
                let field = entity_fields(entity.kind);
                registry
                    .variants(entity.kind.as_str(), &entity.canonical)
                    .into_iter()
                    .take(spellings)
                    .map(move |raw| Term::from_field_text(field, raw))
            })
            .collect()
    };
    for span in &plan.entities {
        let terms = name_terms(&span.entities, usize::MAX);
        let other_names = name_terms(&span.sharing_stem, 1);
        let mut name_idf = 0.0;
        for unit in &plan.units[span.start..span.end] {
            for word in &unit.words {
                name_idf += idf_of(word)?.idf;
            }
        }
        let bonus = params.entity_weight * name_idf;
        entity_terms.push(rescore::NameTerms {
            units: span.start..span.end,
            terms,
            other_names,
            bonus,
        });
    }
    // Whether an article may lack a word the rescoring counts as missing.
    let may_miss = match matching {
        Matching::All => allowed_missing > 0,
        Matching::Any => soft > 1,
    };
    let rescorer = Rescorer::new(plan, model, idf_of, entity_terms, params.clone())?;
    Ok(TextSearch {
        query: text,
        every_word,
        rescorer: rescorer.changes_ranking(may_miss).then_some(rescorer),
    })
}

/// Most intersections a soft AND query is matched as (beyond, a minimum number of clauses).
const MAX_SOFT_SUBSETS: usize = 16;

/// Matches the articles holding at least `minimum` of the plan's soft units: the union of the
/// intersections of every subset of that size; `None` when there would be more than
/// [`MAX_SOFT_SUBSETS`].
fn soft_subsets(plan: &QueryPlan, minimum: usize, fields: TextFields) -> Option<Box<dyn Query>> {
    let soft: Vec<&Unit> = plan
        .units
        .iter()
        .filter(|unit| unit.role == Role::Soft)
        .collect();
    let mut subsets: Vec<Vec<usize>> = vec![Vec::new()];
    for index in 0..soft.len() {
        let mut next = Vec::new();
        for subset in subsets {
            // Room left for the subset to reach `minimum` with the units after this one.
            if subset.len() + (soft.len() - index) > minimum {
                next.push(subset.clone());
            }
            if subset.len() < minimum {
                let mut with = subset;
                with.push(index);
                next.push(with);
            }
        }
        if next.len() > MAX_SOFT_SUBSETS * 4 {
            return None;
        }
        subsets = next;
    }
    subsets.retain(|subset| subset.len() == minimum);
    if subsets.len() > MAX_SOFT_SUBSETS {
        return None;
    }
    let intersections = subsets
        .iter()
        .map(|subset| {
            let all: Vec<(Occur, Box<dyn Query>)> = subset
                .iter()
                .map(|&index| (Occur::Must, unit_match(soft[index], fields)))
                .collect();
            (
                Occur::Should,
                Box::new(BooleanQuery::new(all)) as Box<dyn Query>,
            )
        })
        .collect();
    // The constant score hides the union from `seekable_unions` (run on the whole query): its
    // intersections skip through their words' unions, so they are rewritten here.
    Some(crate::engine::seekable_union::seekable_unions(Box::new(
        BooleanQuery::new(intersections),
    )))
}

/// A unit scored by the model: a word by BM25F (or its fields' BM25), a phrase by each
/// field's phrase BM25 (the rescoring scores the best candidates' phrases with the model).
/// Fields scored apart use tantivy's own term queries, which score the same and let it skip
/// through unions by their score bounds (block WAND).
fn unit_query(unit: &Unit, model: &Arc<Bm25fModel>) -> Box<dyn Query> {
    let fields = model.fields;
    if let [word] = unit.words.as_slice() {
        if !model.tantivy_scores {
            return Box::new(Bm25fQuery::new(word, Arc::clone(model)));
        }
        let term = |field| -> Box<dyn Query> {
            Box::new(TermQuery::new(
                Term::from_field_text(field, word),
                IndexRecordOption::WithFreqs,
            ))
        };
        return Box::new(BooleanQuery::new(vec![
            (
                Occur::Should,
                Box::new(BoostQuery::new(term(fields.title), model.title_weight)),
            ),
            (Occur::Should, term(fields.body)),
        ]));
    }
    let phrase = |field| -> Box<dyn Query> { Box::new(phrase_query(unit, field)) };
    Box::new(BooleanQuery::new(vec![
        (
            Occur::Should,
            Box::new(BoostQuery::new(phrase(fields.title), model.title_weight)),
        ),
        (Occur::Should, phrase(fields.body)),
    ]))
}

/// A phrase unit's words in one field, with the unit's slop.
fn phrase_query(unit: &Unit, field: tantivy::schema::Field) -> PhraseQuery {
    words_phrase(&unit.words, unit.slop, field)
}

/// The phrase of analysed `words` in `field`, with up to `slop` words between them.
fn words_phrase(words: &[String], slop: u32, field: tantivy::schema::Field) -> PhraseQuery {
    let terms = words
        .iter()
        .enumerate()
        .map(|(offset, word)| (offset, Term::from_field_text(field, word)))
        .collect();
    PhraseQuery::new_with_offset_and_slop(terms, slop)
}

/// Matches a unit (a word or a phrase) in the title or the body, unscored.
fn unit_match(unit: &Unit, fields: TextFields) -> Box<dyn Query> {
    words_match(&unit.words, unit.slop, fields)
}

/// Matches analysed `words` (one word, or a phrase with up to `slop` words between its words)
/// in the title or the body, unscored; `words` is not empty.
pub(crate) fn words_match(words: &[String], slop: u32, fields: TextFields) -> Box<dyn Query> {
    let in_field = |field| -> Box<dyn Query> {
        if let [word] = words {
            return Box::new(TermQuery::new(
                Term::from_field_text(field, word),
                IndexRecordOption::Basic,
            ));
        }
        Box::new(words_phrase(words, slop, field))
    };
    Box::new(BooleanQuery::new(vec![
        (Occur::Should, in_field(fields.title)),
        (Occur::Should, in_field(fields.body)),
    ]))
}
