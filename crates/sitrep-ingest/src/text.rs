//! Plain text: checks and decoding shared by every reader.

use crate::{IngestError, Options};
use sitrep_core::{ArticleInput, ArticleMeta};
use std::io::Read;

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
    if name == "-" {
        read_limited(name, std::io::stdin().lock(), opts)
    } else {
        read_limited(name, std::fs::File::open(name).map_err(io)?, opts)
    }
}

/// Reads a reader to its end, refusing (without holding) more than `max_bytes`.
pub(crate) fn read_limited(name: &str, reader: impl Read, opts: Options) -> Result<Vec<u8>, IngestError> {
    let mut buf = Vec::new();
    let limit = opts.max_bytes as u64 + 1;
    reader.take(limit).read_to_end(&mut buf).map_err(|e| IngestError::Io { name: name.into(), message: e.to_string() })?;
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
            let plain = crate::strip_compression_ext(name);
            std::path::Path::new(plain).file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| name.into())
        };
    }
    Ok(ArticleInput { meta, text })
}

/// `YYYY-MM-DD` or an ISO 8601 timestamp starting with one.
pub fn valid_date(s: &str) -> bool {
    let day = s.trim().get(..10).unwrap_or(s);
    chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d").is_ok()
}

/// Reads one line (with its `\n`) from `reader` into `buf`, keeping at most `keep` bytes of it
/// but consuming all of it, so an endless line is never held in memory. Returns the line's full
/// length, or `None` at the end of the input.
pub(crate) fn read_bounded_line(reader: &mut impl std::io::BufRead, buf: &mut Vec<u8>, keep: usize) -> std::io::Result<Option<usize>> {
    buf.clear();
    let mut total = 0usize;
    let mut any = false;
    loop {
        let chunk = match reader.fill_buf() {
            Ok(c) => c,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if chunk.is_empty() {
            return Ok(any.then_some(total));
        }
        any = true;
        let (take, done) = match chunk.iter().position(|&b| b == b'\n') {
            Some(i) => (i + 1, true),
            None => (chunk.len(), false),
        };
        let room = keep.saturating_sub(buf.len());
        buf.extend_from_slice(&chunk[..take.min(room)]);
        total += take;
        reader.consume(take);
        if done {
            return Ok(Some(total));
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
    fn text_article_ids_come_from_the_file_name() {
        let a = text_article("dir/ramadi.txt", b"Text.".to_vec(), ArticleMeta::default(), opts()).unwrap();
        assert_eq!(a.meta.id, "ramadi");
        let a = text_article("dir/ramadi.txt.gz", b"Text.".to_vec(), ArticleMeta::default(), opts()).unwrap();
        assert_eq!(a.meta.id, "ramadi");
    }

    proptest::proptest! {
        #[test]
        fn random_bytes_never_panic(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..2000)) {
            let _ = decode("r", bytes.clone(), opts());
        }
    }
}
