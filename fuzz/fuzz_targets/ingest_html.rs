//! Arbitrary bytes as an HTML page: an article with text, or a clear error; never a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;
use sitrep_ingest::{extract_html, html_article, Options};

fuzz_target!(|data: &[u8]| {
    let opts = Options { lossy: true, max_bytes: 1 << 20 };
    let d = extract_html(&String::from_utf8_lossy(data));
    assert_eq!(d.text.trim(), d.text);
    assert!(!d.text.contains("\n\n\n"));
    if let Ok(p) = html_article("fuzz.html", data.to_vec(), &Default::default(), opts) {
        assert!(!p.article.text.trim().is_empty());
        assert!(!p.article.meta.id.is_empty());
        assert!(p.article.meta.published.as_deref().is_none_or(|d| d.len() == 10));
    }
});
