//! Property tests (the fuzzing substitute on a stable toolchain): readers never panic on arbitrary
//! bytes and account for every non-blank line.

use newsroom_corpus::{read_paths, Format, ReadOptions, Record};
use proptest::prelude::*;

fn lines_strategy() -> impl Strategy<Value = Vec<Vec<u8>>> {
    let json_like = prop::collection::vec(
        prop_oneof![
            Just(b"{\"title\": \"".to_vec()),
            Just(b"\", \"body\": \"".to_vec()),
            Just(b"\"}".to_vec()),
            Just(b"{\"id\": 7, \"title\": [1]}".to_vec()),
            Just(b"\\u0000".to_vec()),
            Just(vec![0xff, 0xfe]),
            Just(b"\r".to_vec()),
            prop::collection::vec(any::<u8>(), 0..20),
            "[a-zA-Z ]{0,12}".prop_map(|s| s.into_bytes()),
        ],
        0..8,
    )
    .prop_map(|parts| {
        parts
            .concat()
            .into_iter()
            .filter(|b| *b != b'\n')
            .collect::<Vec<u8>>()
    });
    prop::collection::vec(json_like, 0..30)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), ..ProptestConfig::default() })]

    #[test]
    fn jsonl_reader_accounts_for_every_line(lines in lines_strategy(), limit in 1usize..200) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("fuzz.jsonl");
        std::fs::write(&path, lines.join(&b'\n')).unwrap();
        let options = ReadOptions { max_record_bytes: limit, ..ReadOptions::default() };
        let records: Vec<Record> = read_paths(&[path], &options).unwrap().collect();
        // Blank lines are not records, except one over the size limit: its content is skipped
        // unread, so it is reported as too long rather than silently dropped.
        let expected = lines
            .iter()
            .filter(|line| line.len() > limit || !line.iter().all(|b| b.is_ascii_whitespace()))
            .count();
        prop_assert_eq!(records.len(), expected);
        for record in records {
            if let Record::Article(parsed) = record {
                prop_assert!(!parsed.article.id.is_empty());
                prop_assert!(!(parsed.article.title.trim().is_empty() && parsed.article.body.trim().is_empty()));
            }
        }
    }

    #[test]
    fn csv_and_text_readers_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..400), as_text in any::<bool>()) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("fuzz.data");
        std::fs::write(&path, &bytes).unwrap();
        let format = if as_text { Format::Text } else { Format::Csv };
        let options = ReadOptions { format, ..ReadOptions::default() };
        let count = read_paths(&[path], &options).unwrap().count();
        prop_assert!(count <= bytes.len() + 1);
    }
}

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(256)
}
