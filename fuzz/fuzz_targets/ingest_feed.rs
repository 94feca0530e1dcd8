//! Arbitrary bytes as an RSS/Atom/JSON feed: items with text or errors naming the item.
#![no_main]
use libfuzzer_sys::fuzz_target;
use sitrep_ingest::{feed_articles, Options};

fuzz_target!(|data: &[u8]| {
    let opts = Options { lossy: true, max_bytes: 1 << 20 };
    if let Ok(items) = feed_articles("fuzz.xml", data, &Default::default(), opts) {
        for (i, item) in items.into_iter().enumerate() {
            match item {
                Ok(p) => {
                    assert!(!p.article.text.trim().is_empty());
                    assert!(p.article.meta.published.as_deref().is_none_or(|d| d.len() == 10));
                }
                Err(e) => assert_eq!(e.record().position, Some(format!("item {}", i + 1))),
            }
        }
    }
});
