//! JSON Lines: one article per line, read as a stream so a multi-GB file needs one line
//! of memory at a time.

use crate::{decode, normalize_date, IngestError, Options, Parsed};
use sitrep_core::{ArticleInput, ArticleMeta};
use std::io::BufRead;

/// The JSON field names of a record, because every corpus names them its own way
/// (`body`, `content`, `maintext`…). A name with dots (`meta.title`) reaches into nested
/// objects when no field has that literal name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fields {
    pub id: String,
    pub text: String,
    pub title: String,
    pub url: String,
    pub source: String,
    pub published: String,
}

impl Default for Fields {
    fn default() -> Self {
        Fields {
            id: "id".into(),
            text: "text".into(),
            title: "title".into(),
            url: "url".into(),
            source: "source".into(),
            published: "published".into(),
        }
    }
}

/// Parses one JSON Lines record with the default field names (`id`, `text`, `title`,
/// `url`, `source`, `published`).
pub fn parse_record(name: &str, line_no: usize, line: &[u8], opts: Options) -> Result<Parsed, IngestError> {
    parse_record_with(name, line_no, line, opts, &Fields::default())
}

/// Parses one JSON Lines record with the given field names.
pub fn parse_record_with(name: &str, line_no: usize, line: &[u8], opts: Options, fields: &Fields) -> Result<Parsed, IngestError> {
    let rec = |message: String| IngestError::Record { name: name.into(), line: line_no, message };
    // The messages read as they did when these errors named `file:line` themselves.
    let text = decode(&format!("{name}:{line_no}"), line.to_vec(), opts).map_err(|e| match e {
        IngestError::Utf8 { offset, .. } => rec(format!("invalid UTF-8 at byte {offset} of the line (use --lossy)")),
        IngestError::Binary { offset, .. } => rec(format!("binary data (NUL byte at byte {offset} of the line)")),
        IngestError::Empty { .. } => rec("empty input, no text to read".into()),
        IngestError::TooLarge { size, limit, .. } => {
            rec(format!("{size} bytes is over the limit of {limit} bytes (raise it with --max-bytes)"))
        }
        other => other,
    })?;
    let value: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| IngestError::Json { name: name.into(), line: line_no, message: e.to_string() })?;
    let obj = value.as_object().ok_or_else(|| rec("expected a JSON object".into()))?;
    let get = |k: &str| -> Option<&serde_json::Value> {
        obj.get(k).or_else(|| {
            let mut parts = k.split('.');
            let mut v = obj.get(parts.next()?)?;
            for p in parts {
                v = v.as_object()?.get(p)?;
            }
            Some(v)
        })
    };
    let string = |k: &str| get(k).and_then(|v| v.as_str()).map(str::to_string);
    let mut warnings = Vec::new();
    let body = string(&fields.text).ok_or_else(|| rec(format!("no {:?} string field", fields.text)))?;
    if body.trim().is_empty() {
        return Err(rec(format!("empty {:?}", fields.text)));
    }
    let id = match get(&fields.id) {
        Some(serde_json::Value::String(s)) if !s.is_empty() => s.clone(),
        Some(serde_json::Value::Number(n)) => n.to_string(),
        _ => format!("{name}:{line_no}"),
    };
    let published = string(&fields.published).and_then(|p| {
        let day = normalize_date(&p);
        if day.is_none() {
            warnings.push(format!("{name}:{line_no}: published {p:?} is not a YYYY-MM-DD date; relative dates stay unresolved"));
        }
        day
    });
    let meta = ArticleMeta { id, source: string(&fields.source), url: string(&fields.url), title: string(&fields.title), published };
    Ok(Parsed { article: ArticleInput { meta, text: body }, warnings, input: name.into(), position: Some(format!("line {line_no}")) })
}

/// Iterates the records of a JSON Lines stream; blank lines are skipped, a line over the
/// limit is skipped (its error reported) without being held in memory. A read error (a
/// truncated gzip stream, say) is reported once and ends the stream.
pub struct JsonLines<R> {
    name: String,
    reader: R,
    opts: Options,
    fields: Fields,
    line_no: usize,
    buf: Vec<u8>,
    done: bool,
}

impl<R: BufRead> JsonLines<R> {
    pub fn new(name: &str, reader: R, opts: Options) -> Self {
        Self::with_fields(name, reader, opts, Fields::default())
    }

    pub fn with_fields(name: &str, reader: R, opts: Options, fields: Fields) -> Self {
        JsonLines { name: name.into(), reader, opts, fields, line_no: 0, buf: Vec::new(), done: false }
    }

    /// Reads one line into `buf`, keeping at most `max_bytes + 1` bytes of it.
    fn read_line(&mut self) -> std::io::Result<Option<usize>> {
        crate::text::read_bounded_line(&mut self.reader, &mut self.buf, self.opts.max_bytes + 1)
    }
}

impl<R: BufRead> Iterator for JsonLines<R> {
    type Item = Result<Parsed, IngestError>;

    fn next(&mut self) -> Option<Self::Item> {
        while !self.done {
            let total = match self.read_line() {
                Ok(Some(n)) => n,
                Ok(None) => return None,
                Err(e) => {
                    // A broken stream (truncated gzip) would fail again on every call.
                    self.done = true;
                    let message = format!("{e} (after line {})", self.line_no);
                    return Some(Err(IngestError::Io { name: self.name.clone(), message }));
                }
            };
            self.line_no += 1;
            if total > self.opts.max_bytes + 1 {
                return Some(Err(IngestError::Record {
                    name: self.name.clone(),
                    line: self.line_no,
                    message: format!("{total} bytes is over the limit of {} bytes (raise it with --max-bytes)", self.opts.max_bytes),
                }));
            }
            while self.buf.last().is_some_and(|b| *b == b'\n' || *b == b'\r') {
                self.buf.pop();
            }
            if self.buf.iter().all(|b| b.is_ascii_whitespace()) {
                continue;
            }
            return Some(parse_record_with(&self.name, self.line_no, &self.buf, self.opts, &self.fields));
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn opts() -> Options {
        Options::default()
    }

    #[test]
    fn jsonl_bad_lines_do_not_stop_the_batch() {
        let data = b"{\"id\":\"a\",\"text\":\"One.\",\"published\":\"2015-05-18\"}\n\nnot json\n{\"id\":2,\"text\":\"Two.\",\"published\":\"May 5\"}\n{\"text\":5}\n[1]\n{\"text\":\"\\u00e9t\xff\"}\n{\"text\":\"last\"}";
        let items: Vec<_> = JsonLines::new("in.jsonl", &data[..], opts()).collect();
        assert_eq!(items.len(), 7);
        let a = items[0].as_ref().unwrap();
        assert_eq!(a.article.meta.id, "a");
        assert_eq!(a.article.meta.published.as_deref(), Some("2015-05-18"));
        assert_eq!(a.position.as_deref(), Some("line 1"));
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
        let e = items[0].as_ref().unwrap_err();
        assert!(matches!(e, IngestError::Record { line: 1, .. }));
        assert!(e.to_string().starts_with("x:1: 5012 bytes is over the limit of 100 bytes"), "{e}");
        assert_eq!(items[1].as_ref().unwrap().article.text, "ok");
    }

    #[test]
    fn field_names_are_configurable_and_dates_normalized() {
        let fields = Fields {
            id: "doc_id".into(),
            text: "body".into(),
            title: "meta.headline".into(),
            url: "link".into(),
            source: "outlet".into(),
            published: "date".into(),
        };
        let data = br#"{"doc_id":"n1","body":"Shelling hit the port.","meta":{"headline":"Port shelled"},"link":"https://example.org/n1","outlet":"Example Wire","date":"Tue, 05 Mar 2024 10:00:00 GMT"}
{"text":"default names are not read"}"#;
        let items: Vec<_> = JsonLines::with_fields("f.jsonl", &data[..], opts(), fields).collect();
        let a = &items[0].as_ref().unwrap().article;
        assert_eq!(a.text, "Shelling hit the port.");
        let m = &a.meta;
        assert_eq!(
            (m.id.as_str(), m.title.as_deref(), m.url.as_deref(), m.source.as_deref(), m.published.as_deref()),
            ("n1", Some("Port shelled"), Some("https://example.org/n1"), Some("Example Wire"), Some("2024-03-05"))
        );
        let e = items[1].as_ref().unwrap_err();
        assert_eq!(e.to_string(), "f.jsonl:2: no \"body\" string field");
    }

    #[test]
    fn a_read_error_ends_the_stream_once() {
        struct Broken;
        impl std::io::Read for Broken {
            fn read(&mut self, _: &mut [u8]) -> std::io::Result<usize> {
                Err(std::io::Error::new(std::io::ErrorKind::UnexpectedEof, "truncated"))
            }
        }
        let items: Vec<_> = JsonLines::new("b", std::io::BufReader::new(Broken), opts()).collect();
        assert_eq!(items.len(), 1);
        assert!(matches!(&items[0], Err(IngestError::Io { .. })));
    }

    proptest::proptest! {
        #[test]
        fn random_bytes_never_panic(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..2000)) {
            let n = JsonLines::new("r", &bytes[..], opts()).count();
            proptest::prop_assert!(n <= bytes.iter().filter(|b| **b == b'\n').count() + 1);
        }
    }
}
