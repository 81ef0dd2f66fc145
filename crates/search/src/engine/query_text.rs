//! Helpers over query text and parsed queries.

use tantivy::query::{BooleanQuery, Occur, Query};
use tantivy::Term;

/// Terms of the query outside any must-not clause: what snippets should highlight.
pub(crate) fn positive_terms(query: &dyn Query, terms: &mut Vec<Term>) {
    if let Some(boolean) = query.downcast_ref::<BooleanQuery>() {
        for (occur, clause) in boolean.clauses() {
            if *occur != Occur::MustNot {
                positive_terms(clause.as_ref(), terms);
            }
        }
        return;
    }
    query.query_terms(&mut |term, _| terms.push(term.clone()));
}

/// Turns `<` and `>` that do not follow a `field:` into spaces: in a news search box they are
/// punctuation (or pasted markup), not the range operators of the query grammar.
pub(crate) fn neutralize_bare_comparisons(q: &str) -> std::borrow::Cow<'_, str> {
    if !q.contains(['<', '>']) {
        return std::borrow::Cow::Borrowed(q);
    }
    let mut cleaned = String::with_capacity(q.len());
    let mut previous = ' ';
    for c in q.chars() {
        if matches!(c, '<' | '>') && previous != ':' {
            cleaned.push(' ');
        } else {
            cleaned.push(c);
        }
        previous = c;
    }
    std::borrow::Cow::Owned(cleaned)
}
