//! Property tests for the batch readers: arbitrary bytes never panic, and every article
//! a reader accepts has text.

use proptest::prelude::*;
use sitrep_core::ArticleMeta;
use sitrep_ingest::{extract_html, feed_articles, html_article, ArticleSource, InputKind, Options, SourceConfig, WarcRecords};

fn small() -> Options {
    Options { lossy: true, max_bytes: 1 << 16 }
}

/// Bytes that are often near a format: a prefix of it, then noise.
fn near(prefixes: &'static [&'static [u8]]) -> impl Strategy<Value = Vec<u8>> {
    (proptest::sample::select(prefixes), proptest::collection::vec(any::<u8>(), 0..1500)).prop_map(|(p, mut tail)| {
        let mut v = p.to_vec();
        v.append(&mut tail);
        v
    })
}

const HTML: &[&[u8]] = &[
    b"",
    b"<html><body><p>",
    b"<article><p>Shots were heard.</p>",
    b"<!DOCTYPE html><head><meta name=date content=",
    b"<div class=nav><a>",
];
const FEED: &[&[u8]] = &[
    b"",
    b"<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><item><description>",
    b"<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry><content type=\"html\">",
    b"{\"version\":\"https://jsonfeed.org/version/1\",\"items\":[",
];
const ANY: &[&[u8]] = &[b"", b"WARC/1.0\r\n", b"\x1f\x8b\x08\x00\x00\x00\x00\x00", b"\x28\xb5\x2f\xfd", b"{\"text\":\"", b"<rss>"];

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn html_never_panics_and_accepts_only_text(bytes in near(HTML)) {
        let s = String::from_utf8_lossy(&bytes);
        let d = extract_html(&s);
        prop_assert!(!d.text.contains("\n\n\n"));
        prop_assert_eq!(d.text.trim(), d.text.as_str());
        if let Ok(p) = html_article("p.html", bytes.clone(), &ArticleMeta::default(), small()) {
            prop_assert!(!p.article.text.trim().is_empty());
            prop_assert!(!p.article.meta.id.is_empty());
        }
    }

    #[test]
    fn feeds_never_panic_and_accept_only_text(bytes in near(FEED)) {
        if let Ok(items) = feed_articles("f.xml", &bytes, &ArticleMeta::default(), small()) {
            for p in items.into_iter().flatten() {
                prop_assert!(!p.article.text.trim().is_empty());
                prop_assert!(p.article.meta.published.as_deref().is_none_or(|d| d.len() == 10));
            }
        }
    }

    #[test]
    fn warc_never_panics_and_accepts_only_text(bytes in near(&[b"", b"WARC/1.1\r\nWARC-Type: response\r\nContent-Length: 30\r\n\r\nHTTP/1.1 200 OK\r\n\r\n<html><p>"])) {
        for p in WarcRecords::new("w.warc", &bytes[..], small()).flatten() {
            prop_assert!(!p.article.text.trim().is_empty());
        }
    }

    /// Whatever a file holds, compressed or not, of any kind: the source reports and goes on.
    #[test]
    fn source_never_panics(bytes in near(ANY), kind in proptest::option::of(proptest::sample::select(vec![InputKind::Text, InputKind::Jsonl, InputKind::Html, InputKind::Feed, InputKind::Warc]))) {
        let dir = std::env::temp_dir().join(format!("sitrep-ingest-prop-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let f = dir.join(format!("in-{:x}.dat", bytes.iter().fold(0u64, |h, b| h.wrapping_mul(31).wrapping_add(*b as u64))));
        std::fs::write(&f, &bytes).unwrap();
        let name = f.to_string_lossy().into_owned();
        let cfg = SourceConfig { opts: small(), kind, ..SourceConfig::default() };
        for item in ArticleSource::new(vec![name.clone()], cfg) {
            match item {
                Ok(p) => prop_assert!(!p.article.text.trim().is_empty()),
                Err(e) => prop_assert_eq!(e.record().input, name.clone()),
            }
        }
        let _ = std::fs::remove_file(&f);
    }
}
