//! Opening an input and unwrapping gzip or zstd, decided by the first bytes so that a
//! misnamed file (or stdin) still reads.

use std::io::{BufRead, BufReader, Cursor, Read};

/// How an input was compressed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Compression {
    None,
    /// One or more gzip members (CC-NEWS WARC files gzip each record on its own).
    Gzip,
    Zstd,
}

/// A boxed reader that can move to another thread with the source that holds it.
pub type Input = Box<dyn BufRead + Send>;

const HEAD: usize = 8 << 10;
const BUF: usize = 64 << 10;

/// Reads up to `HEAD` bytes without losing them: the head and a reader that yields the
/// head again, then the rest. Works on pipes, where one `read` may return a few bytes.
/// A read error inside the head (a gzip stream truncated after a few records) is kept for
/// later, so the records before it are still read.
pub(crate) fn peek(mut r: impl Read + Send + 'static) -> std::io::Result<(Vec<u8>, Input)> {
    let mut head = Vec::with_capacity(HEAD);
    let rest: Box<dyn Read + Send> = match (&mut r).take(HEAD as u64).read_to_end(&mut head) {
        Ok(_) => Box::new(r),
        Err(e) if !head.is_empty() => Box::new(Failing(Some(e))),
        Err(e) => return Err(e),
    };
    let again = Cursor::new(head.clone()).chain(rest);
    Ok((head, Box::new(BufReader::with_capacity(BUF, again))))
}

/// Yields the error that stopped the peek, where the stream broke.
struct Failing(Option<std::io::Error>);

impl Read for Failing {
    fn read(&mut self, _: &mut [u8]) -> std::io::Result<usize> {
        Err(self.0.take().unwrap_or_else(|| std::io::Error::other("the stream broke earlier")))
    }
}

/// Opens a path (or `-` for stdin) and unwraps one layer of gzip or zstd. Returns the
/// decompressed stream's first bytes (for [`crate::detect`]), the stream and what it was.
pub fn open_input(name: &str) -> std::io::Result<(Vec<u8>, Input, Compression)> {
    let raw: Box<dyn Read + Send> = if name == "-" { Box::new(std::io::stdin()) } else { Box::new(std::fs::File::open(name)?) };
    decompress(raw)
}

/// Unwraps gzip or zstd from any reader, by magic bytes.
pub(crate) fn decompress(raw: impl Read + Send + 'static) -> std::io::Result<(Vec<u8>, Input, Compression)> {
    let (head, reader) = peek(raw)?;
    let (inner, kind): (Box<dyn Read + Send>, _) = if head.starts_with(&[0x1f, 0x8b]) {
        (Box::new(flate2::bufread::MultiGzDecoder::new(reader)), Compression::Gzip)
    } else if head.starts_with(&[0x28, 0xb5, 0x2f, 0xfd]) {
        (Box::new(zstd::stream::read::Decoder::with_buffer(reader)?), Compression::Zstd)
    } else {
        return Ok((head, reader, Compression::None));
    };
    let (head, reader) = peek(inner)?;
    Ok((head, reader, kind))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn gz(data: &[u8]) -> Vec<u8> {
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        e.write_all(data).unwrap();
        e.finish().unwrap()
    }

    #[test]
    fn magic_bytes_decide() {
        let text = b"Troops crossed the river at dawn.".to_vec();
        let (head, mut r, c) = decompress(Cursor::new(text.clone())).unwrap();
        assert_eq!((head.as_slice(), c), (&text[..], Compression::None));
        let mut all = Vec::new();
        r.read_to_end(&mut all).unwrap();
        assert_eq!(all, text);

        // Two gzip members, as a per-record WARC.gz has them.
        let mut two = gz(b"first ");
        two.extend(gz(b"second"));
        let (head, _, c) = decompress(Cursor::new(two)).unwrap();
        assert_eq!((head.as_slice(), c), (&b"first second"[..], Compression::Gzip));

        // Truncated: what came before the break is still there, then the error.
        let cut = gz(&text);
        let (head, mut r, _) = decompress(Cursor::new(cut[..cut.len() - 6].to_vec())).unwrap();
        assert_eq!(head, text);
        assert!(r.read_to_end(&mut Vec::new()).is_err());

        let z = zstd::encode_all(&text[..], 1).unwrap();
        let (head, _, c) = decompress(Cursor::new(z)).unwrap();
        assert_eq!((head.as_slice(), c), (&text[..], Compression::Zstd));
    }

    #[test]
    fn a_long_stream_is_read_whole_after_the_peek() {
        let big: Vec<u8> = (0..100_000u32).map(|i| b'a' + (i % 26) as u8).collect();
        let (head, mut r, _) = decompress(Cursor::new(zstd::encode_all(&big[..], 1).unwrap())).unwrap();
        assert_eq!(head.len(), HEAD);
        let mut all = Vec::new();
        r.read_to_end(&mut all).unwrap();
        assert_eq!(all, big);
    }
}
