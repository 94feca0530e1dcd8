//! Arbitrary bytes as a JSON Lines stream and as a text file: errors, never panics.
#![no_main]
use libfuzzer_sys::fuzz_target;
use sitrep_ingest::{decode, JsonLines, Options};

fuzz_target!(|data: &[u8]| {
    let small = Options { lossy: false, max_bytes: 4096 };
    for item in JsonLines::new("fuzz", data, small) {
        if let Ok(p) = item {
            assert!(!p.article.text.trim().is_empty());
        }
    }
    let _ = decode("fuzz", data.to_vec(), Options::default());
    if let Ok(s) = decode("fuzz", data.to_vec(), Options { lossy: true, ..Options::default() }) {
        assert!(!s.trim().is_empty());
    }
});
