//! Arbitrary bytes as an (uncompressed) WARC stream: articles with text, or errors that
//! name a record; never a panic, never a loop.
#![no_main]
use libfuzzer_sys::fuzz_target;
use sitrep_ingest::{Options, WarcRecords};

fuzz_target!(|data: &[u8]| {
    let opts = Options { lossy: true, max_bytes: 1 << 16 };
    // Each item consumes at least one byte, so a stream yields at most one item per byte.
    let mut n = 0usize;
    for item in WarcRecords::new("fuzz.warc", data, opts) {
        n += 1;
        assert!(n <= data.len() + 1);
        match item {
            Ok(p) => assert!(!p.article.text.trim().is_empty()),
            Err(e) => assert!(e.record().position.is_some_and(|p| p.starts_with("record "))),
        }
    }
});
