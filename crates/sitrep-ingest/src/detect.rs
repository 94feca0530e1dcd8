//! Which reader an input needs, from its name and its first bytes.

/// The kinds of input [`crate::ArticleSource`] reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputKind {
    Text,
    Jsonl,
    Html,
    Feed,
    Warc,
}

/// The name without a trailing `.gz` or `.zst`, so `a.warc.gz` is known as a WARC file.
pub fn strip_compression_ext(name: &str) -> &str {
    for ext in [".gz", ".zst", ".GZ", ".ZST"] {
        if let Some(s) = name.strip_suffix(ext) {
            return s;
        }
    }
    name
}

/// Decides the kind of an (already decompressed) input from its name and first bytes.
///
/// Unambiguous content wins over the name (a WARC is a WARC whatever it is called), then
/// the extension, then looser content; what is none of these is text. See the crate doc.
pub fn detect(name: &str, head: &[u8]) -> InputKind {
    let start = skip_preamble(head);
    if start.starts_with(b"WARC/") {
        return InputKind::Warc;
    }
    // A JSON Feed is one JSON document, not JSON Lines, even when named `.json`.
    if is_feed(start) || (start.starts_with(b"{") && find(&start[..start.len().min(4096)], b"jsonfeed.org/version").is_some()) {
        return InputKind::Feed;
    }
    let plain = strip_compression_ext(name);
    let ext = std::path::Path::new(plain).extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
    match ext.as_deref() {
        Some("txt" | "text") => return InputKind::Text,
        Some("jsonl" | "ndjson" | "json") => return InputKind::Jsonl,
        Some("html" | "htm" | "xhtml" | "shtml") => return InputKind::Html,
        Some("rss" | "atom" | "xml" | "rdf") => return InputKind::Feed,
        Some("warc") => return InputKind::Warc,
        _ => {}
    }
    if start.starts_with(b"{") {
        return InputKind::Jsonl;
    }
    if looks_html(start) {
        return InputKind::Html;
    }
    InputKind::Text
}

/// Skips a UTF-8 byte-order mark and leading whitespace.
fn skip_preamble(head: &[u8]) -> &[u8] {
    let head = head.strip_prefix(b"\xef\xbb\xbf").unwrap_or(head);
    let ws = head.iter().take_while(|b| b.is_ascii_whitespace()).count();
    &head[ws..]
}

fn lower_prefix(b: &[u8], n: usize) -> Vec<u8> {
    b.iter().take(n).map(u8::to_ascii_lowercase).collect()
}

/// An XML document whose first element is `<rss`, `<feed` or `<rdf:RDF` (after any
/// declaration, comments and processing instructions in the sniffed head).
fn is_feed(start: &[u8]) -> bool {
    if !start.starts_with(b"<") {
        return false;
    }
    let head = lower_prefix(start, 4096);
    let mut rest = &head[..];
    // Skip `<?…?>`, `<!--…-->` and `<!DOCTYPE…>` until the first element.
    loop {
        rest = skip_preamble(rest);
        if rest.starts_with(b"<?") || rest.starts_with(b"<!") {
            let end = if rest.starts_with(b"<!--") { find(rest, b"-->").map(|i| i + 3) } else { find(rest, b">").map(|i| i + 1) };
            match end {
                Some(e) => rest = &rest[e..],
                None => return false,
            }
        } else {
            break;
        }
    }
    [&b"<rss"[..], b"<feed", b"<rdf:rdf"]
        .iter()
        .any(|t| rest.starts_with(t) && rest.get(t.len()).is_none_or(|c| !c.is_ascii_alphanumeric()))
}

fn looks_html(start: &[u8]) -> bool {
    let head = lower_prefix(start, 1024);
    head.starts_with(b"<!doctype html")
        || [&b"<html"[..], b"<head", b"<body", b"<meta", b"<title", b"<article", b"<p>", b"<div"].iter().any(|t| find(&head, t).is_some())
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(hay, needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_then_extension_then_content() {
        assert_eq!(detect("x.txt", b"WARC/1.1\r\n"), InputKind::Warc);
        assert_eq!(detect("x", b"\xef\xbb\xbf<?xml version=\"1.0\"?>\n<!-- c -->\n<rss version=\"2.0\">"), InputKind::Feed);
        assert_eq!(detect("x", b"<feed xmlns=\"http://www.w3.org/2005/Atom\">"), InputKind::Feed);
        assert_eq!(detect("x", b"<feeder>"), InputKind::Text);
        assert_eq!(detect("a.JSONL.gz", b"junk"), InputKind::Jsonl);
        assert_eq!(detect("f.json", br#"{"version": "https://jsonfeed.org/version/1.1", "items": []}"#), InputKind::Feed);
        assert_eq!(detect("a.rss", b"not xml at all"), InputKind::Feed);
        assert_eq!(detect("a.warc.zst", b""), InputKind::Warc);
        assert_eq!(detect("a.txt", b"<html>"), InputKind::Text);
        assert_eq!(detect("a", b"  {\"text\": 1}"), InputKind::Jsonl);
        assert_eq!(detect("a", b"<!DOCTYPE html><html>"), InputKind::Html);
        assert_eq!(detect("a", b"Fighting resumed near the dam."), InputKind::Text);
    }
}
