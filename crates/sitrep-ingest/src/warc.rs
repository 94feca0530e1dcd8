//! WARC files as CC-NEWS ships them: a stream of records, of which the `response` records
//! with an HTML payload are articles. Read record by record, so a multi-GB file needs one
//! record of memory; a record over the size limit is skipped without being held.

use crate::html::html_parsed;
use crate::{IngestError, Options, Parsed};
use sitrep_core::ArticleMeta;
use std::io::{BufRead, Read};

/// Longest header line (WARC or HTTP) read before the record is declared broken.
const MAX_LINE: usize = 64 << 10;
/// Most header lines in one WARC header block.
const MAX_HEADERS: usize = 512;

/// The articles of a WARC stream (already decompressed). Positions are `record N at byte
/// B`: N counts every record from 1, B is the offset of its `WARC/` line in the
/// uncompressed stream. A record with a bad `Content-Length` is reported and the reader
/// looks for the next `WARC/` line; a truncated stream is reported and ends the input.
pub struct WarcRecords<R> {
    name: String,
    reader: R,
    opts: Options,
    defaults: ArticleMeta,
    offset: u64,
    record_no: usize,
    /// A `WARC/` line already read while checking the end of the previous record.
    pending: Option<u64>,
    /// After a framing error: skip lines until the next `WARC/` line.
    resync: bool,
    done: bool,
    line: Vec<u8>,
}

enum Line {
    Eof,
    Read,
    TooLong,
}

impl<R: BufRead> WarcRecords<R> {
    pub fn new(name: &str, reader: R, opts: Options) -> Self {
        Self::with_defaults(name, reader, opts, ArticleMeta::default())
    }

    /// `defaults` fill what a page does not say (its source, say).
    pub fn with_defaults(name: &str, reader: R, opts: Options, defaults: ArticleMeta) -> Self {
        WarcRecords {
            name: name.into(),
            reader,
            opts,
            defaults,
            offset: 0,
            record_no: 0,
            pending: None,
            resync: false,
            done: false,
            line: Vec::new(),
        }
    }

    /// Reads one line (with its `\n`) into `self.line`, holding at most `MAX_LINE` bytes.
    fn read_line(&mut self) -> std::io::Result<Line> {
        Ok(match crate::text::read_bounded_line(&mut self.reader, &mut self.line, MAX_LINE)? {
            None => Line::Eof,
            Some(total) => {
                self.offset += total as u64;
                if total > MAX_LINE {
                    Line::TooLong
                } else {
                    Line::Read
                }
            }
        })
    }

    fn err(&self, position: &str, message: String) -> IngestError {
        IngestError::Item { name: self.name.clone(), position: position.into(), message }
    }

    fn io_err(&mut self, position: &str, e: std::io::Error) -> IngestError {
        self.done = true;
        self.err(position, format!("cannot read: {e}"))
    }

    /// The next record: `Ok(Some(article))`, `Ok(None)` for a record that is not an
    /// article (or the end), or an error.
    fn record(&mut self) -> Result<Option<Parsed>, IngestError> {
        // Find the version line, skipping blank lines between records (and, after a
        // framing error, everything up to the next record).
        let start = loop {
            if let Some(p) = self.pending.take() {
                break p;
            }
            let start = self.offset;
            let at = format!("record {} at byte {start}", self.record_no + 1);
            match self.read_line().map_err(|e| self.io_err(&at, e))? {
                Line::Eof => {
                    self.done = true;
                    return Ok(None);
                }
                Line::TooLong if !self.resync => {
                    self.resync = true;
                    return Err(self.err(&at, "expected a WARC/1.x version line, found a very long line".into()));
                }
                Line::TooLong => continue,
                Line::Read => {}
            }
            if self.line.starts_with(b"WARC/") {
                self.resync = false;
                break start;
            }
            if self.line.iter().all(u8::is_ascii_whitespace) || self.resync {
                continue;
            }
            self.resync = true;
            return Err(self.err(&at, "expected a WARC/1.x version line".into()));
        };
        self.record_no += 1;
        let at = format!("record {} at byte {start}", self.record_no);

        // Header block.
        let mut headers: Vec<(String, String)> = Vec::new();
        loop {
            match self.read_line().map_err(|e| self.io_err(&at, e))? {
                Line::Eof => {
                    self.done = true;
                    return Err(self.err(&at, "truncated: the stream ends inside the WARC header".into()));
                }
                Line::TooLong => {
                    self.resync = true;
                    return Err(self.err(&at, "a WARC header line is over 64 KiB".into()));
                }
                Line::Read => {}
            }
            let line = String::from_utf8_lossy(&self.line);
            let line = line.trim_end_matches(['\r', '\n']);
            if line.is_empty() {
                break;
            }
            if headers.len() >= MAX_HEADERS {
                self.resync = true;
                return Err(self.err(&at, format!("more than {MAX_HEADERS} WARC header lines")));
            }
            if line.starts_with([' ', '\t']) {
                if let Some(last) = headers.last_mut() {
                    last.1.push(' ');
                    last.1.push_str(line.trim());
                }
                continue;
            }
            match line.split_once(':') {
                Some((k, v)) => headers.push((k.trim().to_ascii_lowercase(), v.trim().to_string())),
                None => {
                    self.resync = true;
                    return Err(self.err(&at, format!("a WARC header line without a colon: {:?}", clip(line))));
                }
            }
        }
        let header = |k: &str| headers.iter().find(|(hk, _)| hk == k).map(|(_, v)| v.as_str());
        let length: u64 = match header("content-length").map(|v| v.parse::<u64>()) {
            Some(Ok(n)) => n,
            Some(Err(_)) => {
                self.resync = true;
                let v = header("content-length").unwrap_or_default();
                return Err(self.err(&at, format!("bad Content-Length {:?}", clip(v))));
            }
            None => {
                self.resync = true;
                return Err(self.err(&at, "no Content-Length".into()));
            }
        };
        let kind = header("warc-type").unwrap_or_default().to_ascii_lowercase();
        let ctype = header("content-type").map(str::to_ascii_lowercase);
        // A `resource` record holding a page itself (as wget --warc and some archivers
        // write local copies) is read too; its charset comes from its Content-Type.
        let direct = kind == "resource" && ctype.as_deref().is_some_and(|t| t.contains("html"));
        let wanted = direct || (kind == "response" && ctype.as_deref().is_none_or(|t| t.contains("http")));
        let target = header("warc-target-uri").map(|u| u.trim_matches(['<', '>']).to_string()).filter(|u| !u.is_empty());
        let warc_date = header("warc-date").map(str::to_string);

        // Block: held only when it may be an article and fits the limit.
        let limit = self.opts.max_bytes as u64 + MAX_LINE as u64;
        let body = if wanted && length <= limit {
            let mut body = Vec::with_capacity(length.min(1 << 20) as usize);
            let got = (&mut self.reader).take(length).read_to_end(&mut body).map_err(|e| self.io_err(&at, e))?;
            self.offset += got as u64;
            if (got as u64) < length {
                self.done = true;
                return Err(self.err(&at, format!("truncated: Content-Length is {length} but only {got} bytes follow")));
            }
            Some(body)
        } else {
            let got = std::io::copy(&mut (&mut self.reader).take(length), &mut std::io::sink()).map_err(|e| self.io_err(&at, e))?;
            self.offset += got;
            if got < length {
                self.done = true;
                return Err(self.err(&at, format!("truncated: Content-Length is {length} but only {got} bytes follow")));
            }
            None
        };

        // The record ends with two CRLFs; anything else means the length was wrong.
        for _ in 0..2 {
            let line_start = self.offset;
            match self.read_line().map_err(|e| self.io_err(&at, e))? {
                Line::Eof => break,
                Line::Read if self.line.iter().all(|b| *b == b'\r' || *b == b'\n') => continue,
                _ => {
                    if self.line.starts_with(b"WARC/") {
                        self.pending = Some(line_start);
                    } else {
                        self.resync = true;
                    }
                    return Err(self.err(&at, format!("record does not end where its Content-Length ({length}) says")));
                }
            }
        }

        if wanted && length > limit {
            return Err(
                self.err(&at, format!("{length} bytes is over the limit of {} bytes (raise it with --max-bytes)", self.opts.max_bytes))
            );
        }
        let Some(body) = body else { return Ok(None) };
        let page = if direct {
            let charset = ctype.as_deref().and_then(charset_of);
            HttpPage { body: &body, charset, chunked: false, encoding: None }
        } else {
            let Some(page) = http_html(&body) else { return Ok(None) };
            page
        };
        let payload = page.payload(self.opts.max_bytes).map_err(|m| self.err(&at, m))?;
        let html = crate::html::decode_html(&self.name, payload, page.charset.as_deref(), self.opts).map_err(|e| {
            let reason = e.record().reason;
            self.err(&at, format!("the page: {reason}"))
        })?;
        html_parsed(&self.name, Some(at), &html, target, warc_date.as_deref(), &self.defaults).map(Some)
    }
}

/// The HTML payload of an HTTP response, with what is needed to read it.
struct HttpPage<'a> {
    body: &'a [u8],
    charset: Option<String>,
    chunked: bool,
    encoding: Option<String>,
}

impl HttpPage<'_> {
    /// The payload with transfer and content encodings undone, at most `limit` bytes.
    /// (Common Crawl stores payloads decoded and renames the headers, but other
    /// crawlers keep them as sent.)
    fn payload(&self, limit: usize) -> Result<Vec<u8>, String> {
        let body = if self.chunked { dechunk(self.body).ok_or("broken chunked transfer encoding")? } else { self.body.to_vec() };
        let over = || format!("the decompressed page is over the limit of {limit} bytes (raise it with --max-bytes)");
        let inflate = |r: &mut dyn Read| -> Result<Vec<u8>, String> {
            let mut out = Vec::new();
            r.take(limit as u64 + 1).read_to_end(&mut out).map_err(|e| format!("cannot decompress the page: {e}"))?;
            if out.len() > limit {
                return Err(over());
            }
            Ok(out)
        };
        match self.encoding.as_deref() {
            None | Some("" | "identity") => Ok(body),
            Some("gzip" | "x-gzip") => inflate(&mut flate2::read::MultiGzDecoder::new(&body[..])),
            Some("deflate") => inflate(&mut flate2::read::ZlibDecoder::new(&body[..])),
            Some(other) => Err(format!("unsupported Content-Encoding {:?}", clip(other))),
        }
    }
}

/// The `charset` parameter of a (lowercased) Content-Type.
fn charset_of(ctype: &str) -> Option<String> {
    ctype.split(';').find_map(|p| p.trim().strip_prefix("charset=")).map(|c| c.trim_matches(['"', '\'']).to_string())
}

/// Undoes `Transfer-Encoding: chunked`; `None` when the chunks are malformed.
fn dechunk(mut b: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(b.len());
    loop {
        let eol = find(b, b"\n")?;
        let line = std::str::from_utf8(&b[..eol]).ok()?.trim();
        let size = usize::from_str_radix(line.split(';').next()?.trim(), 16).ok()?;
        b = &b[eol + 1..];
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(b.get(..size)?);
        b = &b[size..];
        b = b.strip_prefix(b"\r\n").or_else(|| b.strip_prefix(b"\n")).unwrap_or(b);
    }
}

/// The HTML payload of an HTTP response: `None` when the status is not 2xx or the
/// content is not HTML (robots.txt, images, redirects are not articles).
fn http_html(block: &[u8]) -> Option<HttpPage<'_>> {
    let (head, body) = match find(block, b"\r\n\r\n") {
        Some(i) => (&block[..i], &block[i + 4..]),
        None => {
            let i = find(block, b"\n\n")?;
            (&block[..i], &block[i + 2..])
        }
    };
    let head = String::from_utf8_lossy(head);
    let mut lines = head.lines();
    let status = lines.next()?;
    let code: u16 = status.split_whitespace().nth(1)?.parse().ok()?;
    if !(200..300).contains(&code) {
        return None;
    }
    let headers: Vec<(String, String)> =
        lines.filter_map(|l| l.split_once(':')).map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_ascii_lowercase())).collect();
    let header = |k: &str| headers.iter().find(|(hk, _)| hk == k).map(|(_, v)| v.clone());
    let ctype = header("content-type");
    let html = match &ctype {
        Some(t) => t.contains("html"),
        None => {
            let lower: Vec<u8> = body.iter().take(1024).map(u8::to_ascii_lowercase).collect();
            find(&lower, b"<html").is_some() || find(&lower, b"<!doctype html").is_some()
        }
    };
    let charset = ctype.as_deref().and_then(charset_of);
    let chunked = header("transfer-encoding").is_some_and(|t| t.contains("chunked"));
    html.then_some(HttpPage { body, charset, chunked, encoding: header("content-encoding") })
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(hay, needle)
}

fn clip(s: &str) -> String {
    s.chars().take(60).collect()
}

impl<R: BufRead> Iterator for WarcRecords<R> {
    type Item = Result<Parsed, IngestError>;

    fn next(&mut self) -> Option<Self::Item> {
        while !self.done {
            match self.record() {
                Ok(Some(p)) => return Some(Ok(p)),
                Ok(None) => continue,
                Err(e) => return Some(Err(e)),
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn http(ctype: &str, body: &str) -> String {
        format!("HTTP/1.1 200 OK\r\nContent-Type: {ctype}\r\nServer: test\r\n\r\n{body}")
    }

    fn record(kind: &str, uri: &str, block: &str) -> String {
        let len = block.len();
        format!(
            "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\nWARC-Date: 2024-02-10T06:00:00Z\r\n\
             Content-Type: application/http; msgtype={kind}\r\nContent-Length: {len}\r\n\r\n{block}\r\n\r\n"
        )
    }

    fn page(title: &str, body: &str) -> String {
        format!("<html><head><title>{title}</title></head><body><nav><a href='/'>Home</a></nav><p>{body}</p></body></html>")
    }

    fn read(data: &[u8], opts: Options) -> Vec<Result<Parsed, IngestError>> {
        WarcRecords::new("cc.warc", data, opts).collect()
    }

    #[test]
    fn response_records_with_html_are_articles() {
        let mut w = String::from("WARC/1.0\r\nWARC-Type: warcinfo\r\nContent-Length: 9\r\n\r\nsoftware!\r\n\r\n");
        w += &record("request", "https://a.example.com/1", "GET /1 HTTP/1.1\r\n\r\n");
        w += &record(
            "response",
            "https://a.example.com/1",
            &http("text/html; charset=utf-8", &page("Dam repaired", "Workers repaired the dam.")),
        );
        w += &record("response", "https://a.example.com/logo.png", &http("image/png", "PNG"));
        w += &record(
            "response",
            "https://a.example.com/2",
            &http("text/html", "<meta name='pubdate' content='2024-02-09'><article><p>Second story text.</p></article>"),
        );
        let v = read(w.as_bytes(), Options::default());
        assert_eq!(v.len(), 2, "{v:?}");
        let a = v[0].as_ref().unwrap();
        assert_eq!(a.article.text, "Workers repaired the dam.");
        let m = &a.article.meta;
        assert_eq!(m.id, "https://a.example.com/1");
        assert_eq!(m.url.as_deref(), Some("https://a.example.com/1"));
        assert_eq!(m.title.as_deref(), Some("Dam repaired"));
        // No date in the page: the WARC-Date.
        assert_eq!(m.published.as_deref(), Some("2024-02-10"));
        let third = w.match_indices("WARC/1.0").nth(2).unwrap().0;
        assert_eq!(a.position, Some(format!("record 3 at byte {third}")));
        let b = v[1].as_ref().unwrap();
        assert_eq!(b.article.meta.published.as_deref(), Some("2024-02-09"));
        assert_eq!(b.position.as_deref().unwrap().split(' ').nth(1), Some("5"));
    }

    #[test]
    fn a_bad_content_length_is_reported_and_the_next_record_read() {
        let good = record("response", "https://b.example.com/ok", &http("text/html", &page("t", "Convoy reached the town.")));
        let mut bad = record("response", "https://b.example.com/bad", &http("text/html", &page("t", "Lost text.")));
        bad = bad.replace("Content-Length: ", "Content-Length: x");
        let mut short = record("response", "https://b.example.com/short", &http("text/html", &page("t", "Cut text.")));
        let len = short.split("Content-Length: ").nth(1).unwrap().split('\r').next().unwrap().to_string();
        short = short.replace(&format!("Content-Length: {len}"), &format!("Content-Length: {}", len.parse::<usize>().unwrap() - 20));
        let w = format!("{bad}{short}{good}");
        let v = read(w.as_bytes(), Options::default());
        let errs: Vec<String> = v.iter().filter_map(|r| r.as_ref().err()).map(|e| e.to_string()).collect();
        assert_eq!(errs.len(), 2, "{v:?}");
        assert!(errs[0].starts_with("cc.warc: record 1 at byte 0: bad Content-Length \"x"), "{}", errs[0]);
        assert!(errs[1].starts_with("cc.warc: record 2 at byte "), "{}", errs[1]);
        assert!(errs[1].contains("does not end where its Content-Length"), "{}", errs[1]);
        let ok: Vec<_> = v.iter().filter_map(|r| r.as_ref().ok()).collect();
        assert_eq!(ok.len(), 1);
        assert_eq!(ok[0].article.text, "Convoy reached the town.");
        assert_eq!(ok[0].position.as_deref().unwrap().split(' ').nth(1), Some("3"));
    }

    #[test]
    fn truncated_and_oversized_records() {
        let full = record("response", "https://c.example.com/1", &http("text/html", &page("t", "A long enough story.")));
        let cut = &full[..full.len() - 30];
        let v = read(cut.as_bytes(), Options::default());
        assert_eq!(v.len(), 1);
        let e = v[0].as_ref().unwrap_err().to_string();
        assert!(e.starts_with("cc.warc: record 1 at byte 0: truncated: Content-Length is"), "{e}");

        let big = record("response", "https://c.example.com/big", &http("text/html", &page("t", &"word ".repeat(30_000))));
        let small = record("response", "https://c.example.com/small", &http("text/html", &page("t", "Small story.")));
        let v = read(format!("{big}{small}").as_bytes(), Options { max_bytes: 1000, ..Options::default() });
        assert!(v[0].as_ref().unwrap_err().to_string().contains("over the limit of 1000 bytes"));
        assert_eq!(v[1].as_ref().unwrap().article.text, "Small story.");
    }

    #[test]
    fn an_html_response_without_text_is_an_error_with_its_record() {
        let w = record("response", "https://d.example.com/empty", &http("text/html", "<html><body><script>x()</script></body></html>"));
        let v = read(w.as_bytes(), Options::default());
        assert_eq!(v[0].as_ref().unwrap_err().to_string(), "cc.warc: record 1 at byte 0: no body text in the HTML");
    }

    #[test]
    fn encoded_and_chunked_payloads_are_undone() {
        use std::io::Write;
        let html = "<html><body><p>Rescue teams searched the rubble.</p></body></html>";
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all(html.as_bytes()).unwrap();
        let gz = gz.finish().unwrap();
        let mut block = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=UTF-8\r\nContent-Encoding: gzip\r\n\r\n".to_vec();
        block.extend(&gz);
        let mut w = format!(
            "WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://g.example.com/\r\nContent-Length: {}\r\n\r\n",
            block.len()
        )
        .into_bytes();
        w.extend(&block);
        w.extend(b"\r\n\r\n");
        let (a, b) = html.split_at(20);
        let chunked = format!(
            "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n\r\n{:x}\r\n{a}\r\n{:x}\r\n{b}\r\n0\r\n\r\n",
            a.len(),
            b.len()
        );
        w.extend(record("response", "https://g.example.com/c", &chunked).as_bytes());
        let v = read(&w, Options::default());
        assert_eq!(v.len(), 2, "{v:?}");
        for r in &v {
            assert_eq!(r.as_ref().unwrap().article.text, "Rescue teams searched the rubble.");
        }
        let latin = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=iso-8859-1\r\n\r\n<p>Caf\xe9 reopened.</p>";
        let mut w = format!("WARC/1.0\r\nWARC-Type: response\r\nContent-Length: {}\r\n\r\n", latin.len()).into_bytes();
        w.extend(latin);
        w.extend(b"\r\n\r\n");
        assert_eq!(read(&w, Options::default())[0].as_ref().unwrap().article.text, "Café reopened.");
        let page = "<p>A resource record holds the page itself.</p>";
        let w = format!("WARC/1.0\r\nWARC-Type: resource\r\nWARC-Target-URI: file:///p.html\r\nContent-Type: text/html\r\nContent-Length: {}\r\n\r\n{page}\r\n\r\n", page.len());
        let v = read(w.as_bytes(), Options::default());
        assert_eq!(v[0].as_ref().unwrap().article.meta.id, "file:///p.html");
    }

    proptest::proptest! {
        #[test]
        fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..3000), warc_prefix in proptest::bool::ANY) {
            let mut data = if warc_prefix { b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 40\r\n\r\nHTTP/1.1 200 OK\r\n\r\n<html>".to_vec() } else { Vec::new() };
            data.extend(bytes);
            for p in WarcRecords::new("p", &data[..], Options { lossy: true, max_bytes: 1 << 16 }).flatten() {
                proptest::prop_assert!(!p.article.text.trim().is_empty());
            }
        }
    }
}
