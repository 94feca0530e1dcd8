//! Arbitrary bytes as any input, gzip- or zstd-compressed or not, of any detected kind:
//! what `sitrep ingest` meets from stdin. Every error names the input; never a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;
use sitrep_ingest::{ArticleSource, Options, SourceConfig};

fuzz_target!(|data: &[u8]| {
    let cfg = SourceConfig { opts: Options { lossy: false, max_bytes: 1 << 16 }, ..SourceConfig::default() };
    // A gzip or zstd bomb stops at the per-article limit.
    for item in ArticleSource::from_reader("-", std::io::Cursor::new(data.to_vec()), cfg) {
        match item {
            Ok(p) => assert!(!p.article.text.trim().is_empty()),
            Err(e) => assert_eq!(e.record().input, "-"),
        }
    }
});
