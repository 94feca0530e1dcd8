//! `sitrep extract`.

use crate::DictArgs;
use sitrep_core::{ArticleInput, ArticleMeta};
use sitrep_ingest::{ArticleSource, Fields, Options, SourceConfig};
use sitrep_pipeline::{run_batch, BatchOptions, JsonFormat, JsonWriter};
use std::io::BufWriter;
use std::process::ExitCode;

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// One compact JSON object (an array for several articles).
    Json,
    /// One compact JSON object per line.
    Jsonl,
    /// Indented JSON (an array for several articles).
    Pretty,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum InputKind {
    /// Each input is one article of plain UTF-8 text.
    Text,
    /// Each line is a JSON article (fields: see --text-field and the others).
    Jsonl,
    /// Each input is one HTML page: its main text, title, date and URL.
    Html,
    /// An RSS, Atom or JSON Feed file: each item is an article.
    Feed,
    /// A WARC file (CC-NEWS style): each HTML response record is an article.
    Warc,
}

impl InputKind {
    fn ingest(self) -> sitrep_ingest::InputKind {
        match self {
            InputKind::Text => sitrep_ingest::InputKind::Text,
            InputKind::Jsonl => sitrep_ingest::InputKind::Jsonl,
            InputKind::Html => sitrep_ingest::InputKind::Html,
            InputKind::Feed => sitrep_ingest::InputKind::Feed,
            InputKind::Warc => sitrep_ingest::InputKind::Warc,
        }
    }
}

/// How inputs are read: shared by every command that reads articles.
#[derive(clap::Args, Debug, Clone)]
pub struct InputArgs {
    /// How to read inputs (default: detected from the content and the name, after undoing gzip
    /// or zstd compression).
    #[arg(long, value_enum)]
    pub input: Option<InputKind>,
    /// Replace invalid UTF-8 with U+FFFD instead of reporting an error.
    #[arg(long)]
    pub lossy: bool,
    /// Largest article (or JSON line, or WARC record) accepted, in bytes.
    #[arg(long, default_value_t = sitrep_ingest::DEFAULT_MAX_BYTES)]
    pub max_bytes: usize,
    /// JSON Lines field holding the article text (a dotted path reaches a nested object).
    #[arg(long, default_value = "text", value_name = "FIELD")]
    pub text_field: String,
    /// JSON Lines field holding the publication date.
    #[arg(long, default_value = "published", value_name = "FIELD")]
    pub date_field: String,
    /// JSON Lines field holding the article id.
    #[arg(long, default_value = "id", value_name = "FIELD")]
    pub id_field: String,
    /// JSON Lines field holding the title.
    #[arg(long, default_value = "title", value_name = "FIELD")]
    pub title_field: String,
    /// JSON Lines field holding the URL.
    #[arg(long, default_value = "url", value_name = "FIELD")]
    pub url_field: String,
    /// JSON Lines field holding the source name.
    #[arg(long, default_value = "source", value_name = "FIELD")]
    pub source_field: String,
}

impl InputArgs {
    /// The articles of `inputs` (files, directories, globs, `-`), streamed, or the errors
    /// that name them; `meta` fills what a text input cannot say.
    pub fn source(&self, inputs: &[String], meta: ArticleMeta) -> ArticleSource {
        let fields = Fields {
            id: self.id_field.clone(),
            text: self.text_field.clone(),
            title: self.title_field.clone(),
            url: self.url_field.clone(),
            source: self.source_field.clone(),
            published: self.date_field.clone(),
        };
        let cfg = SourceConfig {
            opts: Options { lossy: self.lossy, max_bytes: self.max_bytes },
            kind: self.input.map(InputKind::ingest),
            fields,
            meta,
        };
        ArticleSource::new(inputs.to_vec(), cfg)
    }

    /// Whether the inputs may hold several articles (so JSON Lines suits them best).
    fn many(&self, inputs: &[String]) -> bool {
        let multi = |f: &str| {
            let name = sitrep_ingest::strip_compression_ext(f);
            [".jsonl", ".ndjson", ".json", ".warc", ".rss", ".atom", ".xml", ".rdf"].iter().any(|x| name.ends_with(x))
                || f.contains(['*', '?', '['])
                || std::path::Path::new(f).is_dir()
        };
        inputs.len() > 1
            || matches!(self.input, Some(InputKind::Jsonl | InputKind::Feed | InputKind::Warc))
            || (self.input.is_none() && inputs.iter().any(|f| multi(f)))
    }
}

#[derive(clap::Args, Debug)]
pub struct ExtractArgs {
    /// Input files; `-` or none reads standard input.
    #[arg(value_name = "FILE")]
    pub files: Vec<String>,
    /// Publication date (YYYY-MM-DD) that relative dates resolve against (text input).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub published: Option<String>,
    /// Source name recorded in `article.source` (text input).
    #[arg(long)]
    pub source: Option<String>,
    /// URL recorded in `article.url` (text input).
    #[arg(long)]
    pub url: Option<String>,
    /// Title recorded in `article.title` (text input).
    #[arg(long)]
    pub title: Option<String>,
    /// Article id (text input; default: the file name without extension).
    #[arg(long)]
    pub id: Option<String>,
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    #[command(flatten)]
    pub input: InputArgs,
    /// Worker threads (default: all cores). Output is the same for any value.
    #[arg(long)]
    pub threads: Option<usize>,
    /// Print a JSON line of counts and timing on stderr at the end (`parsed`: the sentences
    /// the stages had the dependency parser parse).
    #[arg(long)]
    pub stats: bool,
    /// Skip event coding (entities, places, dates, quantities and quotes only).
    #[arg(long)]
    pub no_events: bool,
    /// Skip place resolution (no gazetteer look-ups: places stay `resolved: false`).
    #[arg(long)]
    pub no_geo: bool,
    #[command(flatten)]
    pub dict: DictArgs,
}

fn parse_date(s: &str) -> Result<String, String> {
    if s.len() == 10 && sitrep_ingest::valid_date(s) {
        Ok(s.to_string())
    } else {
        Err(format!("{s:?} is not a YYYY-MM-DD date"))
    }
}

pub fn run(args: ExtractArgs) -> anyhow::Result<ExitCode> {
    let (_, mut pipeline) = args.dict.load()?;
    if args.no_events {
        pipeline = pipeline.without_events();
    }
    if args.no_geo {
        pipeline = pipeline.without_resolution();
    }
    let files = if args.files.is_empty() { vec!["-".to_string()] } else { args.files.clone() };
    let format = args.format.unwrap_or(if args.input.many(&files) { Format::Jsonl } else { Format::Json });
    let meta = ArticleMeta {
        id: args.id.clone().unwrap_or_default(),
        source: args.source.clone(),
        url: args.url.clone(),
        title: args.title.clone(),
        published: args.published.clone(),
    };
    let source = args.input.source(&files, meta);
    let stdout = std::io::stdout();
    let format = match format {
        Format::Json => JsonFormat::Json,
        Format::Jsonl => JsonFormat::Jsonl,
        Format::Pretty => JsonFormat::Pretty,
    };
    let mut out = JsonWriter::new(BufWriter::with_capacity(1 << 16, stdout.lock()), format);
    let batch = BatchOptions { threads: args.threads.unwrap_or(0), ..Default::default() };
    let summary = run_batch(source, &pipeline, batch, &mut out)?;
    if args.stats {
        eprintln!(
            "{}",
            serde_json::json!({"articles": summary.articles, "bytes": summary.bytes, "sentences": summary.sentences, "parsed": summary.parsed, "seconds": summary.seconds, "errors": summary.errors})
        );
    }
    Ok(if summary.errors > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

/// Reads the articles of `inputs` and hands each to `f`; every bad input or record is reported
/// on stderr naming it, and the batch goes on. Returns the number of errors.
pub fn read_articles(
    inputs: &[String],
    args: &InputArgs,
    meta: ArticleMeta,
    f: &mut dyn FnMut(ArticleInput) -> anyhow::Result<()>,
) -> anyhow::Result<usize> {
    let mut errors = 0;
    for item in args.source(inputs, meta) {
        match item {
            Ok(p) => {
                for w in &p.warnings {
                    eprintln!("sitrep: warning: {w}");
                }
                f(p.article)?;
            }
            Err(e) => {
                eprintln!("sitrep: error: {e}");
                errors += 1;
            }
        }
    }
    Ok(errors)
}
