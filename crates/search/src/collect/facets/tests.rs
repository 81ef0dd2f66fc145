use super::candidates::COUNT_BUCKETS;
use super::*;

/// A column of `names` (in increasing order) over documents holding the given ordinals.
fn column(names: &[String], documents: &[Vec<u32>]) -> Arc<ValueNames> {
    let mut starts = vec![0];
    let mut ordinals = Vec::new();
    for document in documents {
        ordinals.extend(document);
        starts.push(ordinals.len() as u32);
    }
    Arc::new(ValueNames::by_frequency(names, starts, ordinals))
}

/// Deterministic documents of 0 to 6 values each, skewed towards the first names.
fn documents(count: usize, values: u32, seed: u64) -> Vec<Vec<u32>> {
    let mut state = seed;
    let mut next = move || {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (state >> 33) as u32
    };
    (0..count)
        .map(|_| {
            let mut document: Vec<u32> = (0..next() % 7)
                .map(|_| {
                    let a = next() % values;
                    a.min(next() % values)
                })
                .collect();
            document.sort_unstable();
            document.dedup();
            document
        })
        .collect()
}

/// The top `top` values by counting every matching document's values, ties by name.
fn counted_naively(
    names: &[String],
    segments: &[(Vec<Vec<u32>>, Vec<DocId>)],
    top: usize,
) -> Vec<NameCount> {
    let mut counts: FxHashMap<&str, u64> = FxHashMap::default();
    for (documents, matches) in segments {
        for doc in matches {
            for ordinal in &documents[*doc as usize] {
                *counts.entry(names[*ordinal as usize].as_str()).or_default() += 1;
            }
        }
    }
    let mut counts: Vec<(&str, u64)> = counts.into_iter().collect();
    counts.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
    counts.truncate(top);
    counts
        .into_iter()
        .map(|(name, count)| NameCount {
            name: name.to_string(),
            count,
        })
        .collect()
}

fn counted(
    names: &[String],
    segments: &[(Vec<Vec<u32>>, Vec<DocId>)],
    top: usize,
    head_values: usize,
) -> Vec<NameCount> {
    let counter = FacetCounter::new(&["person"], top, Arc::default());
    let fruits = segments
        .iter()
        .map(|(documents, matches)| {
            let mut segment = SegmentFacetCounter {
                columns: vec![Some(OrdinalCounts::new(
                    column(names, documents),
                    head_values,
                ))],
                docs: Vec::new(),
                keep: per_segment_candidates(top),
            };
            for doc in matches {
                segment.collect(*doc, 0.0);
            }
            segment.harvest()
        })
        .collect();
    let mut merged = counter.merge_fruits(fruits).unwrap_or_default();
    merged.pop().unwrap_or_default()
}

#[test]
fn counting_the_frequent_values_first_gives_the_exact_top_values() {
    let names: Vec<String> = (0..300).map(|i| format!("name {i:03}")).collect();
    let documents = documents(2000, 300, 7);
    let all: Vec<DocId> = (0..2000).collect();
    for matches in [
        all.clone(),
        all.iter().copied().filter(|doc| doc % 3 == 0).collect(),
        all[..40].to_vec(),
        vec![5],
    ] {
        let segments = [(documents.clone(), matches)];
        for (top, head_values) in [(10, 1), (10, 8), (3, 50), (10, 300), (1, 4096)] {
            assert_eq!(
                counted(&names, &segments, top, head_values),
                counted_naively(&names, &segments, top),
                "top {top}, head {head_values}, {} matches",
                segments[0].1.len()
            );
        }
    }
}

#[test]
fn counts_merged_from_several_segments_are_exact() {
    let names: Vec<String> = (0..300).map(|i| format!("name {i:03}")).collect();
    // Each segment favours other names, so a leading value is rare in some segments and
    // not among their candidates.
    let segments: Vec<(Vec<Vec<u32>>, Vec<DocId>)> = (0..3u32)
        .map(|segment| {
            let documents: Vec<Vec<u32>> = documents(700, 300, u64::from(segment) + 1)
                .into_iter()
                .map(|document| document.iter().map(|o| (o + segment * 97) % 300).collect())
                .collect();
            let matches = (0..700).filter(|doc| doc % (segment + 2) != 0).collect();
            (documents, matches)
        })
        .collect();
    let every_count = counted_naively(&names, &segments, names.len());
    for head_values in [4, 64, 4096] {
        let shown = counted(&names, &segments, 10, head_values);
        assert_eq!(shown.len(), 10);
        for value in &shown {
            let exact = every_count.iter().find(|known| known.name == value.name);
            assert_eq!(Some(value), exact, "head {head_values}");
        }
        assert!(shown.windows(2).all(|pair| pair[0].count >= pair[1].count));
    }
}

#[test]
fn the_lowest_listed_count_is_the_last_place_of_the_highest() {
    let mut state = 7u64;
    let mut next = move || {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (state >> 33) as u32
    };
    for round in 0..200 {
        // Mostly zeros and small counts, some past the histogram's last bucket.
        let counts: Vec<u32> = (0..4096)
            .map(|_| match next() % 100 {
                0..=69 => 0,
                70..=97 => next() % (round % 40 + 1),
                _ => next() % 1000,
            })
            .collect();
        for keep in [1, 10, 80, 4096, 5000] {
            let mut sorted: Vec<u32> = counts.iter().copied().filter(|&c| c > 0).collect();
            sorted.sort_unstable_by(|a, b| b.cmp(a));
            let expected = match sorted.get(keep - 1) {
                Some(&last_place) => last_place.min(COUNT_BUCKETS as u32 - 1),
                None => 0,
            };
            assert_eq!(
                lowest_of_highest(&counts, keep),
                expected,
                "round {round}, keep {keep}"
            );
        }
    }
}
