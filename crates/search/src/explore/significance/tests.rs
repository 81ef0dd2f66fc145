use super::*;

/// A column of `names` (in increasing order) over documents holding the given ordinals.
fn column(names: &[&str], documents: &[Vec<u32>]) -> Arc<ValueNames> {
    let names: Vec<String> = names.iter().map(|name| name.to_string()).collect();
    let mut starts = vec![0];
    let mut ordinals = Vec::new();
    for document in documents {
        ordinals.extend(document);
        starts.push(ordinals.len() as u32);
    }
    Arc::new(ValueNames::by_frequency(&names, starts, ordinals))
}

fn harvested(names: Arc<ValueNames>, matches: &[DocId]) -> SegmentCounts {
    let mut segment = SegmentSignificance {
        columns: vec![Some(names)],
        docs: Vec::new(),
    };
    for doc in matches {
        segment.collect(*doc, 0.0);
    }
    segment.harvest().remove(0)
}

#[test]
fn jlh_weighs_the_rise_and_the_coverage() {
    // In half the set, in 1% of the index: (0.5 - 0.01) · 0.5 / 0.01.
    let score = jlh(50, 100, 100, 10_000).unwrap();
    assert!((score - 24.5).abs() < 1e-9, "{score}");
    // As frequent in the set as in the index, or less: not listed.
    assert_eq!(jlh(10, 100, 100, 1_000), None);
    assert_eq!(jlh(1, 100, 500, 1_000), None);
    assert_eq!(jlh(0, 0, 0, 1_000), None);
}

/// Two segments, a value matched in only one of them: its index count still sums both, the
/// counts equal a naive count, and values under the minimum support are left out.
#[test]
fn segments_add_up_to_naive_counts() {
    let names = ["Ann", "Bob", "Cy", "Dee"];
    // Segment 1: Ann in 4 documents, Bob in 3, Cy in 1; segment 2: Ann in 2, Bob in 4, Dee in 3.
    let first = vec![
        vec![0, 1],
        vec![0, 1],
        vec![0, 1],
        vec![0, 2],
        vec![],
        vec![],
    ];
    let second = vec![
        vec![0, 1],
        vec![1],
        vec![0, 1, 3],
        vec![1, 3],
        vec![3],
        vec![],
    ];
    let first_matches = [0, 1, 2, 3];
    let second_matches = [2, 4];
    let segments = [
        harvested(column(&names, &first), &first_matches),
        harvested(column(&names, &second), &second_matches),
    ];
    let borrowed: Vec<&SegmentCounts> = segments.iter().collect();
    let matched = 6;
    let index = 12;
    let scored = score_column(&borrowed, matched, index, 10);
    // Naive: Ann is named by matches 0..=3 of segment 1 and match 2 of segment 2 (5 of 6),
    // Bob by 3 + 1, Dee by 2 (under the minimum support), Cy by 1.
    let expected = [("Ann", 5, 6), ("Bob", 4, 7)];
    let mut expected: Vec<SignificantValue> = expected
        .iter()
        .filter_map(|(name, count, index_count)| {
            Some(SignificantValue {
                name: name.to_string(),
                score: jlh(*count, matched, *index_count, index)?,
                count: *count,
                index_count: *index_count,
            })
        })
        .collect();
    expected.sort_by(|a, b| b.score.total_cmp(&a.score));
    assert_eq!(scored, expected);
    assert_eq!(scored[0].name, "Ann");
}

/// A value absent from the matches of one segment has its index count from both segments.
#[test]
fn a_segment_without_matches_still_counts_in_the_index() {
    let names = ["Ann", "Bob"];
    let first = vec![vec![0], vec![0], vec![0], vec![1]];
    let second = vec![vec![0], vec![1], vec![1], vec![1]];
    let segments = [
        harvested(column(&names, &first), &[0, 1, 2]),
        harvested(column(&names, &second), &[]),
    ];
    let borrowed: Vec<&SegmentCounts> = segments.iter().collect();
    let scored = score_column(&borrowed, 3, 8, 10);
    assert_eq!(scored.len(), 1);
    assert_eq!((scored[0].count, scored[0].index_count), (3, 4));
}

/// One segment takes the path that names only the values kept: the same values, scores and
/// order as the general path over the same counts.
#[test]
fn one_segment_scores_as_several_do() {
    let names = ["Ann", "Bob", "Cy", "Dee", "Eve"];
    let documents: Vec<Vec<u32>> = (0..40u32)
        .map(|doc| {
            (0..5u32)
                .filter(|value| (doc + 1) % (value + 2) == 0)
                .collect()
        })
        .collect();
    let matches: Vec<DocId> = (0..40).filter(|doc| doc % 3 == 0).collect();
    let segment = harvested(column(&names, &documents), &matches);
    let empty = harvested(column(&names, &[]), &[]);
    let matched = matches.len() as u64;
    for size in [1, 2, 10] {
        let alone = score_column(&[&segment], matched, 40, size);
        let general = score_column(&[&segment, &empty], matched, 40, size);
        assert_eq!(alone, general, "size {size}");
        assert!(!alone.is_empty());
    }
}
