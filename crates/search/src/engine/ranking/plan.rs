//! A query as the ranking reads it: its words and phrases, which must, may or must not match,
//! and the entity names among them. Only plain queries have a plan (words, "phrases", +required,
//! -excluded); a query using fields, OR, ranges, boosts or wildcards is left to the query parser
//! and ranked by classic BM25.

use tantivy::query_grammar::{parse_query, Delimiter, Occur, UserInputAst, UserInputLeaf};
use tantivy::tokenizer::TextAnalyzer;

use super::names::{folded_words, NameLookup, NamedEntity, MAX_NAME_WORDS};
use super::RankingParams;

/// Most other names sharing a stemmed word with a query's name that rescoring checks.
const MAX_OTHER_NAMES: usize = 16;

/// How a unit of the query takes part in matching.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Role {
    /// Typed plainly: with every word required (AND), all but a few may be enough (soft AND).
    Soft,
    /// Quoted or written `+word`: must match.
    Required,
    /// A word of a long query in most articles ("of" in "Bank of England"): scored where it
    /// occurs, never required nor counted as missing.
    Common,
    /// Written `-word`: must not match.
    Excluded,
}

/// One word of the query, or one phrase (quoted, or a word the analyzer splits, as "U.S.").
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Unit {
    /// Analysed words (stems) in order; more than one is matched as a phrase.
    pub(crate) words: Vec<String>,
    /// The words lowercased and folded but not stemmed, to recognise entity names.
    pub(crate) plain: Vec<String>,
    pub(crate) role: Role,
    /// Words allowed between a phrase's words (`"a b"~2`).
    pub(crate) slop: u32,
}

/// A run of query units that names known entities.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct EntitySpan {
    /// The units, `start..end`.
    pub(crate) start: usize,
    pub(crate) end: usize,
    /// The entities it names, most named first.
    pub(crate) entities: Vec<NamedEntity>,
    /// Other entities whose names hold a word of the span once stemmed ("Donna Brazile" for
    /// "Brazil"): an article naming one of them and not the span's is taken to match the
    /// words as that other name.
    pub(crate) sharing_stem: Vec<NamedEntity>,
}

/// A plain query, ready to be ranked.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct QueryPlan {
    pub(crate) units: Vec<Unit>,
    pub(crate) entities: Vec<EntitySpan>,
}

impl QueryPlan {
    /// The plan of `q`, or `None` when it is not a plain query or has no word to match.
    pub(crate) fn parse(
        q: &str,
        analyzer: &mut TextAnalyzer,
        folder: &mut TextAnalyzer,
    ) -> Option<QueryPlan> {
        let ast = parse_query(q).ok()?;
        let mut leaves = Vec::new();
        plain_leaves(&ast, None, &mut leaves)?;
        let mut units = Vec::new();
        for (occur, text, quoted, slop) in leaves {
            let words = newsroom_index::schema::tokens(analyzer, &text);
            if words.is_empty() {
                continue;
            }
            let role = match occur {
                Some(Occur::MustNot) => Role::Excluded,
                Some(Occur::Must) => Role::Required,
                _ if quoted => Role::Required,
                _ => Role::Soft,
            };
            units.push(Unit {
                words,
                plain: folded_words(folder, &text),
                role,
                slop,
            });
        }
        if units.iter().all(|unit| unit.role == Role::Excluded) {
            return None;
        }
        Some(QueryPlan {
            units,
            entities: Vec::new(),
        })
    }

    /// Finds the entity names among the units that match (longest first, left to right).
    /// `articles_with` gives the articles holding an analysed word: a one-word name must be
    /// named in a share of the articles holding the word ([`RankingParams::entity_min_share`]),
    /// so that "privacy" is not read as an organisation some article called "Privacy".
    pub(crate) fn find_entities(
        &mut self,
        names: &NameLookup,
        params: &RankingParams,
        articles_with: &mut dyn FnMut(&str) -> u64,
    ) {
        let mut start = 0;
        while start < self.units.len() {
            let mut found = None;
            for end in (start + 1..=self.units.len()).rev() {
                let span = &self.units[start..end];
                if span.iter().any(|unit| unit.role == Role::Excluded) {
                    continue;
                }
                let words: Vec<String> = span
                    .iter()
                    .flat_map(|unit| unit.plain.iter().cloned())
                    .collect();
                if words.len() > MAX_NAME_WORDS {
                    continue;
                }
                let mut entities = known_entities(names.get(&words), params);
                if let Some(most) = entities.first().map(|most| most.articles) {
                    let rarest = span
                        .iter()
                        .flat_map(|unit| unit.words.iter())
                        .map(|word| articles_with(word))
                        .min()
                        .unwrap_or(0);
                    // A name of several words is specific enough; one word may be a common word.
                    if words.len() == 1 && (most as f32) < params.entity_min_share * rarest as f32 {
                        entities.clear();
                    }
                }
                if !entities.is_empty() {
                    found = Some((end, entities));
                    break;
                }
            }
            match found {
                Some((end, entities)) => {
                    let mut sharing_stem: Vec<NamedEntity> = Vec::new();
                    let checks_others = params.name_mismatch_factor != 1.0;
                    for unit in self.units[start..end].iter().filter(|_| checks_others) {
                        for (plain, stem) in unit.plain.iter().zip(&unit.words) {
                            let others = names.sharing_stem(
                                plain,
                                stem,
                                params.entity_min_articles,
                                MAX_OTHER_NAMES,
                            );
                            for entity in others {
                                if !entities.contains(&entity) && !sharing_stem.contains(&entity) {
                                    sharing_stem.push(entity);
                                }
                            }
                        }
                    }
                    // The most named: rescoring reads each one's postings.
                    sharing_stem.sort_by_key(|entity| std::cmp::Reverse(entity.articles));
                    sharing_stem.truncate(MAX_OTHER_NAMES);
                    self.entities.push(EntitySpan {
                        start,
                        end,
                        entities,
                        sharing_stem,
                    });
                    start = end;
                }
                None => start += 1,
            }
        }
    }

    /// Makes the plain words of a long query (one soft AND applies to) that appear in more
    /// than [`RankingParams::common_word_share`] of the articles [`Role::Common`], as long as
    /// another word is left to match. `share_of` gives an analysed word's share of articles.
    /// Requiring them costs much and selects nothing; counting them as words would let
    /// "Bank of England" match an article with "bank" and "of" only.
    pub(crate) fn mark_common_words(
        &mut self,
        params: &RankingParams,
        share_of: &mut dyn FnMut(&str) -> f32,
    ) {
        let positive = self.positive().count();
        if params.allowed_missing(positive) == 0 {
            return;
        }
        let common: Vec<bool> = self
            .units
            .iter()
            .map(|unit| {
                unit.role == Role::Soft
                    && unit.words.len() == 1
                    && share_of(&unit.words[0]) > params.common_word_share
            })
            .collect();
        let left = self
            .positive()
            .zip(&common)
            .filter(|(_, common)| !**common)
            .count();
        if left == 0 {
            return;
        }
        for (unit, common) in self.units.iter_mut().zip(common) {
            if common {
                unit.role = Role::Common;
            }
        }
    }

    /// The units that match positively (soft, required and common).
    pub(crate) fn positive(&self) -> impl Iterator<Item = &Unit> {
        self.units.iter().filter(|unit| unit.role != Role::Excluded)
    }

    /// Soft units, and how many of them may be missing from a match with AND (counted over
    /// the soft and required units: common words do not count).
    pub(crate) fn soft_units(&self, params: &RankingParams) -> (usize, usize) {
        let count = |role: Role| self.units.iter().filter(|unit| unit.role == role).count();
        let soft = count(Role::Soft);
        let counted = soft + count(Role::Required);
        (soft, params.allowed_missing(counted).min(soft))
    }
}

/// The entities of a name worth treating as one: named in enough articles, and not far less
/// often than the most named one.
fn known_entities(entities: &[NamedEntity], params: &RankingParams) -> Vec<NamedEntity> {
    let Some(most) = entities.first() else {
        return Vec::new();
    };
    entities
        .iter()
        .filter(|entity| entity.articles >= params.entity_min_articles)
        .filter(|entity| entity.articles as f32 >= most.articles as f32 * 0.25)
        .cloned()
        .collect()
}

/// The literal leaves of a plain query: `(occur, text, quoted, slop)` in order; `None` when
/// the query uses anything else.
fn plain_leaves(
    ast: &UserInputAst,
    occur: Option<Occur>,
    leaves: &mut Vec<(Option<Occur>, String, bool, u32)>,
) -> Option<()> {
    match ast {
        UserInputAst::Clause(clauses) => {
            for (inner, clause) in clauses {
                let combined = match (occur, *inner) {
                    (None, inner) => inner,
                    (outer, None) => outer,
                    (Some(outer), Some(inner)) if outer == inner => Some(outer),
                    _ => return None,
                };
                if combined == Some(Occur::Should) {
                    return None;
                }
                plain_leaves(clause, combined, leaves)?;
            }
            Some(())
        }
        UserInputAst::Boost(..) => None,
        UserInputAst::Leaf(leaf) => match leaf.as_ref() {
            UserInputLeaf::Literal(literal)
                if literal.field_name.is_none()
                    && !literal.prefix
                    && literal.delimiter != Delimiter::SingleQuotes =>
            {
                leaves.push((
                    occur,
                    literal.phrase.clone(),
                    literal.delimiter == Delimiter::DoubleQuotes,
                    literal.slop,
                ));
                Some(())
            }
            _ => None,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::ranking::names::word_folder;

    fn plan(q: &str) -> Option<QueryPlan> {
        let mut analyzer = newsroom_index::schema::text_analyzer();
        QueryPlan::parse(q, &mut analyzer, &mut word_folder())
    }

    #[test]
    fn plain_words_are_soft_quoted_and_plus_required_minus_excluded() {
        let plan = plan("Osama bin-Laden \"central banks\" +rates -Fed").unwrap();
        let roles: Vec<(Vec<&str>, Role)> = plan
            .units
            .iter()
            .map(|unit| (unit.words.iter().map(String::as_str).collect(), unit.role))
            .collect();
        assert_eq!(
            roles,
            [
                (vec!["osama"], Role::Soft),
                (vec!["bin", "laden"], Role::Soft),
                (vec!["central", "bank"], Role::Required),
                (vec!["rate"], Role::Required),
                (vec!["fed"], Role::Excluded),
            ]
        );
        assert_eq!(
            plan.units[1].plain,
            ["bin", "laden"],
            "names are looked up unstemmed"
        );
    }

    #[test]
    fn queries_with_other_syntax_have_no_plan() {
        for q in [
            "title:brexit",
            "brexit OR remain",
            "\"trade wa\"*",
            "(a OR b) c",
            "a^2 b",
            "-only",
        ] {
            assert_eq!(plan(q), None, "{q}");
        }
        assert!(plan("trade AND war").is_some(), "AND is every word anyway");
    }

    #[test]
    fn words_in_most_articles_do_not_count_in_long_queries() {
        let params = RankingParams::default();
        let mut share_of = |word: &str| if word == "of" { 0.99 } else { 0.05 };
        let mut long = plan("Bank of England").unwrap();
        long.mark_common_words(&params, &mut share_of);
        let roles: Vec<Role> = long.units.iter().map(|unit| unit.role).collect();
        assert_eq!(roles, [Role::Soft, Role::Common, Role::Soft]);
        assert_eq!(
            long.soft_units(&params),
            (2, 0),
            "bank and england, both required"
        );
        let mut short = plan("of england").unwrap();
        short.mark_common_words(&params, &mut share_of);
        assert!(
            short.units.iter().all(|unit| unit.role == Role::Soft),
            "plain AND"
        );
    }

    #[test]
    fn long_queries_may_miss_one_word_then_two() {
        let params = RankingParams::default();
        let missing: Vec<usize> = (1..=9).map(|words| params.allowed_missing(words)).collect();
        assert_eq!(missing, [0, 0, 1, 1, 1, 2, 2, 2, 3]);
        let off = RankingParams {
            soft_and_from: 0,
            ..RankingParams::default()
        };
        assert_eq!(off.allowed_missing(5), 0);
    }
}
