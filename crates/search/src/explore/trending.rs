//! Trending values: which people, countries, organisations or sources a period names in a
//! larger share of its articles than the period of equal length just before it.
//!
//! Both periods are counted from the facet columns (every value of the kind over each period's
//! matches). A value is listed when at least [`MIN_SUPPORT`] articles of the period name it and
//! its rise passes a two-proportion z-test (pooled, one-sided, z ≥ 1.645: 5%); values are
//! ranked by z, so a rise backed by many articles ranks above the same rise in a few.

use std::sync::Arc;
use std::time::Instant;

use chrono::{Duration, NaiveDate};
use newsroom_index::FacetKind;
use rustc_hash::FxHashMap;
use serde::Serialize;

use super::periods::PeriodsCounter;
use super::significance::{SegmentCounts, MIN_SUPPORT};
use crate::collect::facet_columns::ValueNames;
use crate::{SearchEngine, SearchError, SearchRequest};
use newsroom_index::schema::field_names;

/// z of a one-sided test at 5%.
pub const Z_THRESHOLD: f64 = 1.645;

/// The values that rose most in a period against the period before it.
#[derive(Debug, Clone, Serialize)]
pub struct Trending {
    /// The kind counted.
    pub kind: FacetKind,
    /// The test used.
    pub test: &'static str,
    /// The period, first and last day.
    pub from: NaiveDate,
    /// Last day of the period.
    pub to: NaiveDate,
    /// First day of the baseline (the period of equal length just before).
    pub baseline_from: NaiveDate,
    /// Last day of the baseline.
    pub baseline_to: NaiveDate,
    /// Articles of the period (within the request's query and filters).
    pub articles: u64,
    /// Articles of the baseline.
    pub baseline_articles: u64,
    /// The rising values, highest z first.
    pub values: Vec<TrendingValue>,
    /// Time spent, in milliseconds.
    pub took_ms: f64,
}

/// One value whose share of articles rose.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct TrendingValue {
    /// The value.
    pub name: String,
    /// Articles of the period naming it.
    pub count: u64,
    /// Its share of the period's articles.
    pub share: f64,
    /// Articles of the baseline naming it.
    pub baseline_count: u64,
    /// Its share of the baseline's articles.
    pub baseline_share: f64,
    /// The z statistic of the rise.
    pub z: f64,
}

/// z of a two-proportion test (pooled) of `count` of `articles` against `baseline_count` of
/// `baseline_articles`; `None` when either period is empty or nothing names the value.
pub fn two_proportion_z(
    count: u64,
    articles: u64,
    baseline_count: u64,
    baseline_articles: u64,
) -> Option<f64> {
    if articles == 0 || baseline_articles == 0 {
        return None;
    }
    let (n1, n0) = (articles as f64, baseline_articles as f64);
    let pooled = (count + baseline_count) as f64 / (n1 + n0);
    let spread = (pooled * (1.0 - pooled) * (1.0 / n1 + 1.0 / n0)).sqrt();
    (spread > 0.0).then(|| (count as f64 / n1 - baseline_count as f64 / n0) / spread)
}

impl SearchEngine {
    /// The values of `kind` rising most in the period `request.from..=request.to` (both needed)
    /// against the period of equal length before it, within the request's query and filters;
    /// `request.size` values at most.
    pub fn trending(
        &self,
        kind: FacetKind,
        request: &SearchRequest,
    ) -> Result<Trending, SearchError> {
        let started = Instant::now();
        request.validate()?;
        let (Some(from), Some(to)) = (request.from, request.to) else {
            return Err(SearchError::BadRequest(
                "trending needs a period: from and to".into(),
            ));
        };
        let days = (to - from).num_days() + 1;
        let baseline_to = from - Duration::days(1);
        let baseline_from = from - Duration::days(days);
        let searcher = self.reader.searcher();
        let names = self.names.current();
        // Every match of the query and filters, whatever its date; the collector places each
        // in the period, the baseline or neither by its day.
        let undated = SearchRequest {
            from: None,
            to: None,
            ..request.clone()
        };
        let query = self.matching_query(&undated, names.registry())?;
        let counter = PeriodsCounter {
            kind,
            names: Arc::clone(&names),
            days: Arc::clone(&self.day_columns),
            field: field_names::PUBLISHED,
            period: (from, to),
            baseline: (baseline_from, baseline_to),
        };
        // With no query and no filter, each period's articles come straight from the day
        // columns; otherwise the collector places every match.
        let unfiltered = undated.q.trim().is_empty() && undated.filters.is_empty();
        let fruits = match unfiltered
            .then(|| counter.count_all(&searcher))
            .transpose()?
        {
            Some(Some(fruits)) => fruits,
            _ => searcher.search(query.as_ref(), &counter)?,
        };
        let (period, baseline): (Vec<Vec<SegmentCounts>>, Vec<Vec<SegmentCounts>>) =
            fruits.into_iter().unzip();
        let counts = |segments: Vec<Vec<SegmentCounts>>| {
            let segments: Vec<SegmentCounts> = segments.into_iter().flatten().collect();
            ValueCounts {
                articles: segments.iter().map(|segment| segment.matched).sum(),
                segments,
            }
        };
        let (period, baseline) = (counts(period), counts(baseline));
        let rising = |name: &str, count: u64, baseline_count: u64| {
            let z = two_proportion_z(count, period.articles, baseline_count, baseline.articles)?;
            (count >= MIN_SUPPORT && z >= Z_THRESHOLD).then(|| TrendingValue {
                name: name.to_string(),
                count,
                share: count as f64 / period.articles as f64,
                baseline_count,
                baseline_share: baseline_count as f64 / baseline.articles as f64,
                z,
            })
        };
        let mut values: Vec<TrendingValue> = match (period.one_column(), baseline.one_column()) {
            // One segment (what `newsroom index` builds): values compared by number, and only
            // the rising ones named.
            (Some((names, now)), Some((same, before))) if Arc::ptr_eq(names, same) => {
                let before: FxHashMap<u32, u32> = before.iter().copied().collect();
                now.iter()
                    .filter(|(_, count)| u64::from(*count) >= MIN_SUPPORT)
                    .filter_map(|(ordinal, count)| {
                        let baseline_count = before.get(ordinal).copied().unwrap_or(0);
                        let name = names.get(u64::from(*ordinal))?;
                        rising(name, u64::from(*count), u64::from(baseline_count))
                    })
                    .collect()
            }
            _ => {
                let before = baseline.by_name();
                period
                    .by_name()
                    .into_iter()
                    .filter_map(|(name, count)| {
                        rising(name, count, before.get(name).copied().unwrap_or(0))
                    })
                    .collect()
            }
        };
        values.sort_by(|a, b| b.z.total_cmp(&a.z).then_with(|| a.name.cmp(&b.name)));
        values.truncate(request.size);
        Ok(Trending {
            kind,
            test: "two-proportion z-test (pooled), one-sided, z >= 1.645",
            from,
            to,
            baseline_from,
            baseline_to,
            articles: period.articles,
            baseline_articles: baseline.articles,
            values,
            took_ms: started.elapsed().as_secs_f64() * 1000.0,
        })
    }
}

/// Articles matched, and how many name each value of one kind.
struct ValueCounts {
    articles: u64,
    segments: Vec<SegmentCounts>,
}

/// A segment's column and its (value number, count) pairs.
type CountedColumn<'a> = (&'a Arc<ValueNames>, &'a [(u32, u32)]);

impl ValueCounts {
    /// The counts of the one segment holding the column, with the column, when only one does.
    fn one_column(&self) -> Option<CountedColumn<'_>> {
        let mut columns = self
            .segments
            .iter()
            .filter_map(|segment| Some((segment.names.as_ref()?, segment.counted.as_slice())));
        match (columns.next(), columns.next()) {
            (Some(only), None) => Some(only),
            _ => None,
        }
    }

    /// Every value's count, summed over the segments by name.
    fn by_name(&self) -> FxHashMap<&str, u64> {
        let mut counts: FxHashMap<&str, u64> = FxHashMap::default();
        for segment in &self.segments {
            let Some(names) = &segment.names else {
                continue;
            };
            for (ordinal, count) in &segment.counted {
                if let Some(name) = names.get(u64::from(*ordinal)) {
                    *counts.entry(name).or_default() += u64::from(*count);
                }
            }
        }
        counts
    }
}

#[cfg(test)]
mod tests {
    use super::two_proportion_z;

    #[test]
    fn z_grows_with_the_rise_and_the_evidence() {
        // 30 of 100 against 10 of 100: pooled 0.2, spread sqrt(0.16 · 0.02) = 0.0566, z = 3.54.
        let z = two_proportion_z(30, 100, 10, 100).unwrap();
        assert!((z - 3.5355).abs() < 1e-3, "{z}");
        // The same shares over ten times the articles: z grows by sqrt(10).
        let larger = two_proportion_z(300, 1000, 100, 1000).unwrap();
        assert!((larger / z - 10f64.sqrt()).abs() < 1e-9);
        // A fall is negative; an empty period or a value nowhere has no z.
        assert!(two_proportion_z(10, 100, 30, 100).unwrap() < 0.0);
        assert_eq!(two_proportion_z(3, 0, 1, 10), None);
        assert_eq!(two_proportion_z(0, 10, 0, 10), None);
    }
}
