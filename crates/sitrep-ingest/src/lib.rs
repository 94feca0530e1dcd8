//! Ingest: bytes from outside → [`ArticleInput`]s, or errors that name the input.
//!
//! Nothing here panics on input. Invalid UTF-8 is an error with its byte offset unless
//! `lossy` is set; binary junk, empty input and input over the size limit are errors; a
//! JSON Lines file yields one result per line, so one bad line never stops the batch.
//!
//! # Batch readers
//!
//! [`ArticleSource`] turns a list of inputs (files, directories read recursively in path
//! order, glob patterns, `-` for stdin) into one stream of articles, in the order given.
//! Directory entries whose names start with `.` are skipped, and symlinked directories
//! are not followed (no cycles). Each input is first
//! unwrapped if its first bytes are a gzip (`1f 8b`) or zstd (`28 b5 2f fd`) magic number —
//! the bytes decide, so a mislabelled `.gz` still reads. Its kind is then decided in this
//! order: the kind forced by [`SourceConfig::kind`]; unambiguous content (a `WARC/` version
//! line → WARC; an `<rss`, `<feed` or `<rdf:RDF` root, or a JSON Feed `version` → feed);
//! the extension once `.gz`/`.zst`
//! is stripped (`.txt`, `.jsonl`/`.ndjson`/`.json`, `.html`/`.htm`/`.xhtml`,
//! `.rss`/`.atom`/`.xml`, `.warc`); and last, looser content (`{` → JSON Lines, an HTML tag →
//! HTML, anything else → text). What each reader keeps:
//!
//! - text: the whole input as one article ([`text_article`]), its id the file stem;
//! - JSON Lines: one article per line, the field names set by [`Fields`];
//! - HTML: the main text as paragraphs (navigation, scripts and boilerplate dropped), the
//!   title, the publication date and the canonical URL from the meta tags ([`extract_html`]),
//!   decoded in its declared charset (BOM, HTTP header or `<meta charset>`);
//! - RSS/Atom/JSON Feed: one article per item — its content (or summary) through the HTML
//!   extractor, its title, link and published (or updated) date;
//! - WARC (as CC-NEWS ships it): one article per `response` record with an HTML body; the
//!   WARC-Target-URI is the url and id, the WARC-Date the date when the page has none; HTTP
//!   chunking and gzip/deflate content encoding are undone; other records are skipped.
//!
//! Dates become `YYYY-MM-DD` ([`normalize_date`]) or are dropped with a warning. Ids:
//! the URL when there is one, else `input:position` (`a.rss:item 3`), else the input.
//!
//! JSON Lines and WARC stream record by record, so memory is bounded by
//! [`Options::max_bytes`] (one article) whatever the input's size; text, HTML and feed
//! files are one document each and are read whole up to that same limit. Every failure is
//! an [`IngestError`] naming the input and, where there is one, the position in it (JSON
//! line, WARC record and byte offset — in the uncompressed stream —, feed item), and the
//! batch goes on; [`IngestError::record`] gives it as data for an errors file.

mod compress;
mod date;
mod detect;
mod error;
mod feed;
mod html;
mod jsonl;
mod source;
mod text;
mod warc;

pub use compress::{open_input, Compression};
pub use date::normalize_date;
pub use detect::{detect, strip_compression_ext, InputKind};
pub use error::{ErrorRecord, IngestError};
pub use feed::feed_articles;
pub use html::{extract_html, html_article, HtmlDoc};
pub use jsonl::{parse_record, parse_record_with, Fields, JsonLines};
pub use source::{ArticleSource, SourceConfig};
pub use text::{decode, read_all, text_article, valid_date};
pub use warc::WarcRecords;

use sitrep_core::ArticleInput;

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

/// An article read from some input, with warnings that did not stop it.
#[derive(Debug, Clone)]
pub struct Parsed {
    pub article: ArticleInput,
    pub warnings: Vec<String>,
    /// The input it came from, as given (a path, or `-` for stdin).
    pub input: String,
    /// Where in the input: `line 3`, `item 2`, `record 5 at byte 1234`; `None` for a whole file.
    pub position: Option<String>,
}
