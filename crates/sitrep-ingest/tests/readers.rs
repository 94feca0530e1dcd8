//! ArticleSource over real files: every kind, compressed or not, in directories and
//! globs, with the malformed inputs a batch meets. Inputs are built here from short
//! made-up sentences.

use sitrep_ingest::{ArticleSource, Fields, IngestError, InputKind, Options, Parsed, SourceConfig};
use std::io::Write;
use std::path::{Path, PathBuf};

/// A fresh directory per test (tests run in parallel).
fn scratch(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("sitrep-ingest-{}-{test}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> String {
    let p = dir.join(name);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(&p, bytes).unwrap();
    p.to_string_lossy().into_owned()
}

fn gz(data: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    e.write_all(data).unwrap();
    e.finish().unwrap()
}

fn zst(data: &[u8]) -> Vec<u8> {
    zstd::encode_all(data, 3).unwrap()
}

fn http_record(uri: &str, html: &str) -> Vec<u8> {
    let block = format!("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n{html}");
    format!(
        "WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: {uri}\r\nWARC-Date: 2023-07-01T12:00:00Z\r\n\
         Content-Type: application/http; msgtype=response\r\nContent-Length: {}\r\n\r\n{block}\r\n\r\n",
        block.len()
    )
    .into_bytes()
}

const RSS: &str = r#"<?xml version="1.0"?><rss version="2.0"><channel><title>Valley Times</title>
<item><title>Market reopens</title><link>https://valley.example.net/market</link><pubDate>Sat, 01 Jul 2023 09:00:00 GMT</pubDate>
<description>Traders returned to the central market.</description></item></channel></rss>"#;

const ATOM: &str = r#"<feed xmlns="http://www.w3.org/2005/Atom"><title>Hill Post</title><id>urn:h</id><updated>2023-07-02T00:00:00Z</updated>
<entry><title>Road cleared</title><id>urn:h:1</id><link href="https://hill.example.net/road"/><updated>2023-07-02T08:00:00Z</updated>
<content type="html">&lt;p&gt;Crews cleared the mountain road.&lt;/p&gt;</content></entry></feed>"#;

fn collect(inputs: Vec<String>, cfg: SourceConfig) -> Vec<Result<Parsed, IngestError>> {
    ArticleSource::new(inputs, cfg).collect()
}

fn texts(v: &[Result<Parsed, IngestError>]) -> Vec<String> {
    v.iter()
        .map(|r| match r {
            Ok(p) => p.article.text.clone(),
            Err(e) => format!("ERR {e}"),
        })
        .collect()
}

#[test]
fn a_directory_of_every_kind_in_path_order() {
    let d = scratch("every-kind");
    write(&d, "a.txt", b"Rain delayed the harvest.");
    write(
        &d,
        "b.html",
        b"<html><head><meta property='og:url' content='https://b.example.net/x'><meta name='date' content='2023-06-30'></head>\
          <body><nav>Menu</nav><article><p>Police closed the bridge.</p></article></body></html>",
    );
    write(&d, "c.rss", RSS.as_bytes());
    write(&d, "d.jsonl.gz", &gz(b"{\"id\":\"j1\",\"text\":\"A ferry sank near the port.\",\"published\":\"2023-06-29T05:00:00Z\"}\n"));
    // Per-record gzip members, as CC-NEWS writes them.
    let mut per_record = gz(&http_record("https://e.example.net/1", "<p>Students returned to school.</p>"));
    per_record.extend(gz(&http_record("https://e.example.net/2", "<p>The clinic treated forty patients.</p>")));
    write(&d, "e.warc.gz", &per_record);
    write(&d, "f.txt.zst", &zst(b"Power returned to the east of the city."));
    write(&d, "g.bin", &[0x89, b'P', b'N', b'G', 0, 0, 1, 2]);
    write(&d, "sub/h.atom", ATOM.as_bytes());
    write(&d, ".hidden.txt", b"never read");

    let v = collect(vec![d.to_string_lossy().into_owned()], SourceConfig::default());
    let g = d.join("g.bin").to_string_lossy().into_owned();
    assert_eq!(
        texts(&v),
        vec![
            "Rain delayed the harvest.".to_string(),
            "Police closed the bridge.".into(),
            "Traders returned to the central market.".into(),
            "A ferry sank near the port.".into(),
            "Students returned to school.".into(),
            "The clinic treated forty patients.".into(),
            "Power returned to the east of the city.".into(),
            format!("ERR {g}: looks binary, not text (NUL byte at byte 4)"),
            "Crews cleared the mountain road.".into(),
        ]
    );
    let meta = |i: usize| v[i].as_ref().unwrap().article.meta.clone();
    assert_eq!(meta(0).id, "a");
    assert_eq!((meta(1).id.as_str(), meta(1).published.as_deref()), ("https://b.example.net/x", Some("2023-06-30")));
    assert_eq!(
        (meta(2).id.as_str(), meta(2).title.as_deref(), meta(2).published.as_deref()),
        ("https://valley.example.net/market", Some("Market reopens"), Some("2023-07-01"))
    );
    assert_eq!((meta(3).id.as_str(), meta(3).published.as_deref()), ("j1", Some("2023-06-29")));
    assert_eq!((meta(4).id.as_str(), meta(4).published.as_deref()), ("https://e.example.net/1", Some("2023-07-01")));
    assert_eq!(meta(5).url.as_deref(), Some("https://e.example.net/2"));
    assert_eq!(meta(6).id, "f");
    assert_eq!((meta(8).id.as_str(), meta(8).source.as_deref()), ("https://hill.example.net/road", Some("Hill Post")));
    let p = v[5].as_ref().unwrap();
    assert!(p.input.ends_with("e.warc.gz") && p.position.as_deref().unwrap().starts_with("record 2 at byte "));
    let r = v[7].as_ref().unwrap_err().record();
    assert_eq!((r.input, r.position), (g, None));
}

#[test]
fn globs_and_inputs_keep_their_order() {
    let d = scratch("globs");
    write(&d, "2.txt", b"Second file.");
    write(&d, "1.txt", b"First file.");
    write(&d, "3.md", b"Not matched.");
    let dir = d.to_string_lossy();
    let v = collect(
        vec![format!("{dir}/3.md"), format!("{dir}/*.txt"), format!("{dir}/none-*.txt"), format!("{dir}/missing.txt")],
        SourceConfig::default(),
    );
    let t = texts(&v);
    assert_eq!(&t[..3], ["Not matched.", "First file.", "Second file."]);
    assert!(t[3].starts_with(&format!("ERR {dir}/none-*.txt: cannot read:")) && t[3].contains("no file matches"), "{}", t[3]);
    assert!(t[4].starts_with(&format!("ERR {dir}/missing.txt: cannot read:")), "{}", t[4]);
    assert_eq!(t.len(), 5);
}

#[test]
fn malformed_inputs_are_errors_that_name_input_and_position() {
    let d = scratch("malformed");
    // A truncated gzip JSON Lines file: the lines before the break are read, then one error.
    let mut lines = String::new();
    for i in 1..=200 {
        lines += &format!("{{\"id\":\"n{i}\",\"text\":\"Report number {i} about the flood.\"}}\n");
    }
    let whole = gz(lines.as_bytes());
    let cut = write(&d, "cut.jsonl.gz", &whole[..whole.len() / 2]);
    let not_xml = write(&d, "feed.rss", b"this feed is not XML at all");
    let no_text =
        write(&d, "empty.html", b"<html><head><title>T</title></head><body><script>x()</script><footer>Copyright</footer></body></html>");
    let gz_text = write(&d, "broken.txt.gz", &gz(b"Talks ended without a deal.")[..12]);
    let v = collect(vec![cut.clone(), not_xml.clone(), no_text.clone(), gz_text.clone()], SourceConfig::default());
    let oks = v.iter().take_while(|r| r.is_ok()).count();
    assert!(oks > 0 && oks < 200, "{oks}");
    let errs: Vec<_> = v.iter().filter_map(|r| r.as_ref().err()).collect();
    assert_eq!(errs.len(), 4, "{errs:?}");
    assert!(
        errs[0].to_string().starts_with(&format!("{cut}: cannot read:")) && errs[0].to_string().contains(&format!("(after line {oks})")),
        "{}",
        errs[0]
    );
    assert!(errs[1].to_string().starts_with(&format!("{not_xml}: not a feed")), "{}", errs[1]);
    assert_eq!(errs[2].to_string(), format!("{no_text}: no body text in the HTML"));
    assert!(errs[3].to_string().starts_with(&format!("{gz_text}: cannot read:")), "{}", errs[3]);
}

#[test]
fn configured_kind_fields_and_defaults() {
    let d = scratch("config");
    let f = write(&d, "data.dump", b"{\"body\":\"Water supplies were restored.\",\"headline\":\"Water back\"}\n");
    let cfg = SourceConfig {
        kind: Some(InputKind::Jsonl),
        fields: Fields { text: "body".into(), title: "headline".into(), ..Fields::default() },
        meta: sitrep_core::ArticleMeta { source: Some("Desk".into()), ..Default::default() },
        ..SourceConfig::default()
    };
    let v = collect(vec![f.clone()], cfg);
    let p = v[0].as_ref().unwrap();
    assert_eq!(p.article.text, "Water supplies were restored.");
    assert_eq!(p.article.meta.title.as_deref(), Some("Water back"));
    assert_eq!(p.article.meta.source.as_deref(), Some("Desk"));
    assert_eq!(p.article.meta.id, format!("{f}:1"));
}

#[test]
fn a_large_warc_streams_with_a_small_limit() {
    // 2,000 records through a 4 KiB per-article limit: memory is one record, not the file.
    let d = scratch("large-warc");
    let mut data = Vec::new();
    for i in 0..2000 {
        data.extend(http_record(&format!("https://big.example.net/{i}"), &format!("<p>Update {i} on the river crossing.</p>")));
    }
    let f = write(&d, "big.warc.zst", &zst(&data));
    let cfg = SourceConfig { opts: Options { max_bytes: 4096, ..Options::default() }, ..SourceConfig::default() };
    let v = collect(vec![f], cfg);
    assert_eq!(v.len(), 2000);
    assert!(v.iter().all(|r| r.is_ok()));
    assert_eq!(v[1999].as_ref().unwrap().article.text, "Update 1999 on the river crossing.");
}

#[test]
fn a_stream_reads_like_a_file_of_its_name() {
    let data = gz(RSS.as_bytes());
    let v: Vec<_> = ArticleSource::from_reader("net", std::io::Cursor::new(data), SourceConfig::default()).collect();
    assert_eq!(texts(&v), ["Traders returned to the central market."]);
    let v: Vec<_> = ArticleSource::from_reader("x.txt", std::io::Cursor::new(vec![]), SourceConfig::default()).collect();
    assert_eq!(texts(&v), ["ERR x.txt: empty input, no text to read"]);
}

#[test]
fn a_source_can_move_to_another_thread() {
    // The pipeline reads on one thread and extracts on others.
    fn send<T: Send>(_: &T) {}
    let s = ArticleSource::new(vec![], SourceConfig::default());
    send(&s);
}
