//! `sitrep extract`.

use crate::DictArgs;
use sitrep_core::{ArticleInput, ArticleMeta};
use sitrep_ingest::{IngestError, JsonLines, Options, Parsed};
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
    /// Each line is a JSON article: id, text, title, url, source, published.
    Jsonl,
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
    /// How to read inputs (default: jsonl for *.jsonl names, text otherwise).
    #[arg(long, value_enum)]
    pub input: Option<InputKind>,
    /// Replace invalid UTF-8 with U+FFFD instead of reporting an error.
    #[arg(long)]
    pub lossy: bool,
    /// Largest article (or JSON line) accepted, in bytes.
    #[arg(long, default_value_t = sitrep_ingest::DEFAULT_MAX_BYTES)]
    pub max_bytes: usize,
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
    let kind_of =
        |f: &str| args.input.unwrap_or(if f.ends_with(".jsonl") || f.ends_with(".ndjson") { InputKind::Jsonl } else { InputKind::Text });
    let format = args.format.unwrap_or(if files.len() > 1 || files.iter().any(|f| kind_of(f) == InputKind::Jsonl) {
        Format::Jsonl
    } else {
        Format::Json
    });
    let opts = Options { lossy: args.lossy, max_bytes: args.max_bytes };
    let meta = ArticleMeta {
        id: args.id.clone().unwrap_or_default(),
        source: args.source.clone(),
        url: args.url.clone(),
        title: args.title.clone(),
        published: args.published.clone(),
    };
    let source = files.iter().flat_map(|f| articles_of(f, kind_of(f), &meta, opts));
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

/// The articles of one input (a text file, or JSON Lines), or the errors that name it.
pub fn articles_of(
    file: &str,
    kind: InputKind,
    meta: &ArticleMeta,
    opts: Options,
) -> Box<dyn Iterator<Item = Result<Parsed, IngestError>>> {
    match kind {
        InputKind::Text => {
            let a = sitrep_ingest::read_all(file, opts).and_then(|b| sitrep_ingest::text_article(file, b, meta.clone(), opts));
            Box::new(std::iter::once(a.map(|article| Parsed { article, warnings: vec![] })))
        }
        InputKind::Jsonl => {
            let reader: Box<dyn std::io::BufRead> = if file == "-" {
                Box::new(std::io::BufReader::new(std::io::stdin()))
            } else {
                match std::fs::File::open(file) {
                    Ok(fh) => Box::new(std::io::BufReader::with_capacity(1 << 20, fh)),
                    Err(e) => return Box::new(std::iter::once(Err(IngestError::Io { name: file.to_string(), message: e.to_string() }))),
                }
            };
            Box::new(JsonLines::new(file, reader, opts))
        }
    }
}

/// Reads one input (a text file, or JSON Lines) and hands each article to `f`; every bad input
/// or record is reported on stderr naming it, and the batch goes on. Returns the number of errors.
pub fn read_articles(
    file: &str,
    kind: InputKind,
    meta: &ArticleMeta,
    opts: Options,
    f: &mut dyn FnMut(ArticleInput) -> anyhow::Result<()>,
) -> anyhow::Result<usize> {
    let mut errors = 0;
    for item in articles_of(file, kind, meta, opts) {
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
