//! Ingest: bytes from outside → [`ArticleInput`]s, or errors that name the input.
//!
//! Nothing here panics on input. Invalid UTF-8 is an error with its byte offset unless
//! `lossy` is set; binary junk, empty input and input over the size limit are errors; a
//! JSON Lines file yields one result per line, so one bad line never stops the batch.

use sitrep_core::{ArticleInput, ArticleMeta};
use std::io::{BufRead, Read};

/// Default limit for one article (or one JSON line): 128 MiB.
pub const DEFAULT_MAX_BYTES: usize = 128 << 20;

#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// Replace invalid UTF-8 with U+FFFD instead of failing.
    pub lossy: bool,
    pub max_bytes: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options { lossy: false, max_bytes: DEFAULT_MAX_BYTES }
    }
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum IngestError {
    #[error("{name}: cannot read: {message}")]
    Io { name: String, message: String },
    #[error("{name}: invalid UTF-8 at byte {offset} (use --lossy to replace invalid bytes)")]
    Utf8 { name: String, offset: usize },
    #[error("{name}: looks binary, not text (NUL byte at byte {offset})")]
    Binary { name: String, offset: usize },
    #[error("{name}: empty input, no text to read")]
    Empty { name: String },
    #[error("{name}: {size} bytes is over the limit of {limit} bytes (raise it with --max-bytes)")]
    TooLarge { name: String, size: usize, limit: usize },
    #[error("{name}:{line}: invalid JSON: {message}")]
    Json { name: String, line: usize, message: String },
    #[error("{name}:{line}: {message}")]
    Record { name: String, line: usize, message: String },
}

/// Checks and decodes the bytes of one text.
pub fn decode(name: &str, bytes: Vec<u8>, opts: Options) -> Result<String, IngestError> {
    if bytes.len() > opts.max_bytes {
        return Err(IngestError::TooLarge { name: name.into(), size: bytes.len(), limit: opts.max_bytes });
    }
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(IngestError::Empty { name: name.into() });
    }
    if let Some(offset) = memchr_nul(&bytes) {
        return Err(IngestError::Binary { name: name.into(), offset });
    }
    let text = match String::from_utf8(bytes) {
        Ok(s) => s,
        Err(e) if opts.lossy => String::from_utf8_lossy(e.as_bytes()).into_owned(),
        Err(e) => return Err(IngestError::Utf8 { name: name.into(), offset: e.utf8_error().valid_up_to() }),
    };
    // Unicode spaces only (no-break, ideographic, vertical tab…) are empty too; found by fuzzing.
    if text.trim().is_empty() {
        return Err(IngestError::Empty { name: name.into() });
    }
    Ok(text)
}

fn memchr_nul(b: &[u8]) -> Option<usize> {
    b.iter().position(|&x| x == 0)
}

/// Reads a whole input (a path, or `-` for stdin), refusing more than `max_bytes`.
pub fn read_all(name: &str, opts: Options) -> Result<Vec<u8>, IngestError> {
    let io = |e: std::io::Error| IngestError::Io { name: name.into(), message: e.to_string() };
    let mut buf = Vec::new();
    let limit = opts.max_bytes as u64 + 1;
    if name == "-" {
        std::io::stdin().lock().take(limit).read_to_end(&mut buf).map_err(io)?;
    } else {
        std::fs::File::open(name).map_err(io)?.take(limit).read_to_end(&mut buf).map_err(io)?;
    }
    if buf.len() > opts.max_bytes {
        return Err(IngestError::TooLarge { name: name.into(), size: buf.len(), limit: opts.max_bytes });
    }
    Ok(buf)
}

/// One plain-text article; `meta.id` defaults to the file's stem.
pub fn text_article(name: &str, bytes: Vec<u8>, mut meta: ArticleMeta, opts: Options) -> Result<ArticleInput, IngestError> {
    let text = decode(name, bytes, opts)?;
    if meta.id.is_empty() {
        meta.id = if name == "-" {
            "stdin".into()
        } else {
            std::path::Path::new(name).file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| name.into())
        };
    }
    Ok(ArticleInput { meta, text })
}

/// An article parsed from one JSON line, with warnings that did not stop it.
#[derive(Debug, Clone)]
pub struct Parsed {
    pub article: ArticleInput,
    pub warnings: Vec<String>,
}

/// Parses one JSON Lines record (`id`, `text`, `title`, `url`, `source`, `published`).
pub fn parse_record(name: &str, line_no: usize, line: &[u8], opts: Options) -> Result<Parsed, IngestError> {
    let text = decode(&format!("{name}:{line_no}"), line.to_vec(), opts).map_err(|e| match e {
        IngestError::Utf8 { offset, .. } => IngestError::Record {
            name: name.into(),
            line: line_no,
            message: format!("invalid UTF-8 at byte {offset} of the line (use --lossy)"),
        },
        IngestError::Binary { offset, .. } => IngestError::Record {
            name: name.into(),
            line: line_no,
            message: format!("binary data (NUL byte at byte {offset} of the line)"),
        },
        other => other,
    })?;
    let value: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| IngestError::Json { name: name.into(), line: line_no, message: e.to_string() })?;
    let obj = value.as_object().ok_or_else(|| IngestError::Record {
        name: name.into(),
        line: line_no,
        message: "expected a JSON object".into(),
    })?;
    let mut warnings = Vec::new();
    let string = |k: &str| obj.get(k).and_then(|v| v.as_str()).map(str::to_string);
    let body = string("text").ok_or_else(|| IngestError::Record {
        name: name.into(),
        line: line_no,
        message: "no \"text\" string field".into(),
    })?;
    if body.trim().is_empty() {
        return Err(IngestError::Record { name: name.into(), line: line_no, message: "empty \"text\"".into() });
    }
    let id = match obj.get("id") {
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(serde_json::Value::Number(n)) => n.to_string(),
        _ => format!("{name}:{line_no}"),
    };
    let mut published = string("published");
    if let Some(p) = &published {
        if !valid_date(p) {
            warnings.push(format!("{name}:{line_no}: published {p:?} is not a YYYY-MM-DD date; relative dates stay unresolved"));
            published = None;
        }
    }
    let meta = ArticleMeta { id, source: string("source"), url: string("url"), title: string("title"), published };
    Ok(Parsed { article: ArticleInput { meta, text: body }, warnings })
}

/// `YYYY-MM-DD` or an ISO 8601 timestamp starting with one.
pub fn valid_date(s: &str) -> bool {
    let day = s.trim().get(..10).unwrap_or(s);
    chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d").is_ok()
}

/// Iterates the records of a JSON Lines stream; blank lines are skipped, a line over the
/// limit is skipped (its error reported) without being held in memory.
pub struct JsonLines<R> {
    name: String,
    reader: R,
    opts: Options,
    line_no: usize,
    buf: Vec<u8>,
}

impl<R: BufRead> JsonLines<R> {
    pub fn new(name: &str, reader: R, opts: Options) -> Self {
        JsonLines { name: name.into(), reader, opts, line_no: 0, buf: Vec::new() }
    }

    /// Reads one line into `buf`, keeping at most `max_bytes + 1` bytes of it.
    fn read_line(&mut self) -> std::io::Result<Option<usize>> {
        self.buf.clear();
        let mut total = 0usize;
        let mut any = false;
        loop {
            let chunk = self.reader.fill_buf()?;
            if chunk.is_empty() {
                return Ok(any.then_some(total));
            }
            any = true;
            let (take, done) = match chunk.iter().position(|&b| b == b'\n') {
                Some(i) => (i + 1, true),
                None => (chunk.len(), false),
            };
            let room = (self.opts.max_bytes + 1).saturating_sub(self.buf.len());
            self.buf.extend_from_slice(&chunk[..take.min(room)]);
            total += take;
            self.reader.consume(take);
            if done {
                return Ok(Some(total));
            }
        }
    }
}

impl<R: BufRead> Iterator for JsonLines<R> {
    type Item = Result<Parsed, IngestError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            let total = match self.read_line() {
                Ok(Some(n)) => n,
                Ok(None) => return None,
                Err(e) => return Some(Err(IngestError::Io { name: self.name.clone(), message: e.to_string() })),
            };
            self.line_no += 1;
            if total > self.opts.max_bytes + 1 {
                return Some(Err(IngestError::TooLarge {
                    name: format!("{}:{}", self.name, self.line_no),
                    size: total,
                    limit: self.opts.max_bytes,
                }));
            }
            while self.buf.last().is_some_and(|b| *b == b'\n' || *b == b'\r') {
                self.buf.pop();
            }
            if self.buf.iter().all(|b| b.is_ascii_whitespace()) {
                continue;
            }
            return Some(parse_record(&self.name, self.line_no, &self.buf, self.opts));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn opts() -> Options {
        Options::default()
    }

    #[test]
    fn invalid_utf8_names_the_byte() {
        let e = decode("a.txt", b"ok \xff bad".to_vec(), opts()).unwrap_err();
        assert_eq!(e, IngestError::Utf8 { name: "a.txt".into(), offset: 3 });
        assert!(e.to_string().contains("a.txt") && e.to_string().contains("byte 3"));
        let lossy = decode("a.txt", b"ok \xff bad".to_vec(), Options { lossy: true, ..opts() }).unwrap();
        assert_eq!(lossy, "ok \u{fffd} bad");
    }

    #[test]
    fn empty_binary_and_oversized_inputs_are_errors() {
        assert!(matches!(decode("e", vec![], opts()), Err(IngestError::Empty { .. })));
        assert!(matches!(decode("e", b" \n\t".to_vec(), opts()), Err(IngestError::Empty { .. })));
        // Unicode spaces only: no-break space, vertical tab, ideographic space
        assert!(matches!(decode("e", "\u{a0}\u{b}\u{3000}".as_bytes().to_vec(), opts()), Err(IngestError::Empty { .. })));
        assert!(matches!(decode("b", b"PK\x03\x04\x00\x00".to_vec(), opts()), Err(IngestError::Binary { offset: 4, .. })));
        let small = Options { max_bytes: 4, ..opts() };
        assert!(matches!(decode("big", b"hello".to_vec(), small), Err(IngestError::TooLarge { size: 5, .. })));
    }

    #[test]
    fn jsonl_bad_lines_do_not_stop_the_batch() {
        let data = b"{\"id\":\"a\",\"text\":\"One.\",\"published\":\"2015-05-18\"}\n\nnot json\n{\"id\":2,\"text\":\"Two.\",\"published\":\"May 5\"}\n{\"text\":5}\n[1]\n{\"text\":\"\\u00e9t\xff\"}\n{\"text\":\"last\"}";
        let items: Vec<_> = JsonLines::new("in.jsonl", &data[..], opts()).collect();
        assert_eq!(items.len(), 7);
        let a = items[0].as_ref().unwrap();
        assert_eq!(a.article.meta.id, "a");
        assert_eq!(a.article.meta.published.as_deref(), Some("2015-05-18"));
        assert!(matches!(&items[1], Err(IngestError::Json { line: 3, .. })));
        let two = items[2].as_ref().unwrap();
        assert_eq!(two.article.meta.id, "2");
        assert_eq!(two.article.meta.published, None);
        assert_eq!(two.warnings.len(), 1);
        assert!(matches!(&items[3], Err(IngestError::Record { line: 5, .. })));
        assert!(matches!(&items[4], Err(IngestError::Record { line: 6, .. })));
        assert!(matches!(&items[5], Err(IngestError::Record { line: 7, .. })));
        assert_eq!(items[6].as_ref().unwrap().article.text, "last");
        assert_eq!(items[6].as_ref().unwrap().article.meta.id, "in.jsonl:8");
    }

    #[test]
    fn an_oversized_line_is_skipped_and_the_next_read() {
        let mut data = b"{\"text\":\"".to_vec();
        data.extend(std::iter::repeat_n(b'x', 5000));
        data.extend(b"\"}\n{\"text\":\"ok\"}\n");
        let o = Options { max_bytes: 100, ..opts() };
        let items: Vec<_> = JsonLines::new("x", &data[..], o).collect();
        assert!(matches!(&items[0], Err(IngestError::TooLarge { .. })));
        assert_eq!(items[1].as_ref().unwrap().article.text, "ok");
    }

    #[test]
    fn text_article_ids_come_from_the_file_name() {
        let a = text_article("dir/ramadi.txt", b"Text.".to_vec(), ArticleMeta::default(), opts()).unwrap();
        assert_eq!(a.meta.id, "ramadi");
    }

    proptest::proptest! {
        #[test]
        fn random_bytes_never_panic(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..2000)) {
            let _ = decode("r", bytes.clone(), opts());
            let n = JsonLines::new("r", &bytes[..], opts()).count();
            proptest::prop_assert!(n <= bytes.iter().filter(|b| **b == b'\n').count() + 1);
        }
    }
}
