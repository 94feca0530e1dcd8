//! [`ArticleSource`]: many inputs of any kind → one deterministic stream of articles.

use crate::compress::{decompress, open_input, Input};
use crate::text::read_limited;
use crate::{detect, feed_articles, html_article, text_article, Fields, IngestError, InputKind, JsonLines, Options, Parsed, WarcRecords};
use sitrep_core::ArticleMeta;
use std::collections::VecDeque;

/// How [`ArticleSource`] reads its inputs.
#[derive(Debug, Clone, Default)]
pub struct SourceConfig {
    pub opts: Options,
    /// The kind of every input; `None` detects each one (see the crate doc).
    pub kind: Option<InputKind>,
    /// JSON Lines field names.
    pub fields: Fields,
    /// Metadata for text inputs (`id`, `source`, `url`, `title`, `published`); for HTML,
    /// feed and WARC inputs only what the document does not say (its `source`, mostly).
    /// An `id` given here names every text input, so leave it empty for a batch.
    pub meta: ArticleMeta,
}

type Items = Box<dyn Iterator<Item = Result<Parsed, IngestError>> + Send>;

/// Reads files, directories (recursively, entries in path order, hidden ones skipped),
/// glob patterns (matches in path order) and `-` (stdin), in the order given, one article
/// or one error at a time. An empty list reads stdin.
///
/// Only one input is open at a time, and JSON Lines and WARC inputs are streamed, so
/// memory stays bounded by the per-article limit whatever the inputs' sizes.
pub struct ArticleSource {
    cfg: SourceConfig,
    pending: VecDeque<Pending>,
    current: Option<Items>,
}

struct Pending {
    name: String,
    /// Found in a directory or by a glob: a real path, never a pattern.
    listed: bool,
}

impl ArticleSource {
    pub fn new(inputs: Vec<String>, cfg: SourceConfig) -> Self {
        let inputs = if inputs.is_empty() { vec!["-".to_string()] } else { inputs };
        let pending = inputs.into_iter().map(|name| Pending { name, listed: false }).collect();
        ArticleSource { cfg, pending, current: None }
    }

    /// Reads one stream that is not a file (a socket, a buffer, a fuzzer's bytes) as the
    /// input `name`: unwrapped and detected like a file of that name.
    pub fn from_reader(name: &str, reader: impl std::io::Read + Send + 'static, cfg: SourceConfig) -> Self {
        let mut s = ArticleSource { cfg, pending: VecDeque::new(), current: None };
        let opened =
            decompress(reader).map_err(|e| IngestError::Io { name: name.into(), message: e.to_string() }).and_then(|(head, reader, _)| {
                let kind = s.cfg.kind.unwrap_or_else(|| detect(name, &head));
                s.items(name.to_string(), kind, reader)
            });
        s.current = Some(match opened {
            Ok(items) => items,
            Err(e) => Box::new(std::iter::once(Err(e))),
        });
        s
    }

    /// Opens one input: a file becomes an item iterator; a directory or pattern puts its
    /// entries at the front of the queue and yields nothing itself.
    fn open(&mut self, p: Pending) -> Result<Option<Items>, IngestError> {
        let name = p.name;
        let io = |e: std::io::Error| IngestError::Io { name: name.clone(), message: e.to_string() };
        if name != "-" {
            match std::fs::metadata(&name) {
                Ok(m) if m.is_dir() => {
                    let mut entries = Vec::new();
                    for entry in std::fs::read_dir(&name).map_err(io)? {
                        let entry = entry.map_err(io)?;
                        if entry.file_name().to_string_lossy().starts_with('.') {
                            continue;
                        }
                        // Symlinked directories are not followed (no cycles); symlinked files are read.
                        let ft = entry.file_type().map_err(io)?;
                        let path = entry.path();
                        if ft.is_symlink() && path.is_dir() {
                            continue;
                        }
                        entries.push(path);
                    }
                    entries.sort();
                    for path in entries.into_iter().rev() {
                        self.pending.push_front(Pending { name: path.to_string_lossy().into_owned(), listed: true });
                    }
                    return Ok(None);
                }
                Ok(_) => {}
                Err(e) if !p.listed && name.contains(['*', '?', '[']) => {
                    let paths = glob::glob(&name)
                        .map_err(|g| IngestError::Invalid { name: name.clone(), message: format!("bad glob pattern: {g}") })?;
                    let mut found: Vec<_> = paths.filter_map(Result::ok).collect();
                    if found.is_empty() {
                        return Err(IngestError::Io { name: name.clone(), message: format!("{e}; no file matches the pattern") });
                    }
                    found.sort();
                    for path in found.into_iter().rev() {
                        self.pending.push_front(Pending { name: path.to_string_lossy().into_owned(), listed: true });
                    }
                    return Ok(None);
                }
                Err(e) => return Err(io(e)),
            }
        }
        let (head, reader, _) = open_input(&name).map_err(io)?;
        let kind = self.cfg.kind.unwrap_or_else(|| detect(&name, &head));
        self.items(name, kind, reader).map(Some)
    }

    fn items(&self, name: String, kind: InputKind, reader: Input) -> Result<Items, IngestError> {
        let opts = self.cfg.opts;
        let defaults = self.cfg.meta.clone();
        Ok(match kind {
            InputKind::Text => {
                let bytes = read_limited(&name, reader, opts)?;
                let article = text_article(&name, bytes, defaults, opts)?;
                Box::new(std::iter::once(Ok(Parsed { article, warnings: Vec::new(), input: name, position: None })))
            }
            InputKind::Html => {
                let bytes = read_limited(&name, reader, opts)?;
                Box::new(std::iter::once(html_article(&name, bytes, &defaults, opts)))
            }
            InputKind::Feed => {
                let bytes = read_limited(&name, reader, opts)?;
                Box::new(feed_articles(&name, &bytes, &defaults, opts)?.into_iter())
            }
            InputKind::Jsonl => {
                let source = defaults.source;
                Box::new(JsonLines::with_fields(&name, reader, opts, self.cfg.fields.clone()).map(move |r| {
                    r.map(|mut p| {
                        if p.article.meta.source.is_none() {
                            p.article.meta.source.clone_from(&source);
                        }
                        p
                    })
                }))
            }
            InputKind::Warc => Box::new(WarcRecords::with_defaults(&name, reader, opts, defaults)),
        })
    }
}

impl Iterator for ArticleSource {
    type Item = Result<Parsed, IngestError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(cur) = &mut self.current {
                match cur.next() {
                    Some(item) => return Some(item),
                    None => self.current = None,
                }
            }
            let p = self.pending.pop_front()?;
            match self.open(p) {
                Ok(items) => self.current = items,
                Err(e) => return Some(Err(e)),
            }
        }
    }
}
