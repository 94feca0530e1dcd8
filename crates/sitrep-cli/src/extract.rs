//! `sitrep extract`.

use crate::DictArgs;
use anyhow::Context;
use rayon::prelude::*;
use sitrep_core::{ArticleInput, ArticleMeta, ArticleOutput};
use sitrep_ingest::{IngestError, JsonLines, Options};
use sitrep_pipeline::Pipeline;
use std::io::{BufWriter, Write};
use std::process::ExitCode;
use std::time::Instant;

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
    /// Print a JSON line of counts and timing on stderr at the end.
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

/// How many articles are read before a parallel batch runs.
const BATCH: usize = 512;

pub fn run(args: ExtractArgs) -> anyhow::Result<ExitCode> {
    let (_, mut pipeline) = args.dict.load()?;
    if args.no_events {
        pipeline = pipeline.without_events();
    }
    if args.no_geo {
        pipeline = pipeline.without_resolution();
    }
    let pool = rayon::ThreadPoolBuilder::new().num_threads(args.threads.unwrap_or(0)).build().context("starting worker threads")?;
    let files = if args.files.is_empty() { vec!["-".to_string()] } else { args.files.clone() };
    let kind_of =
        |f: &str| args.input.unwrap_or(if f.ends_with(".jsonl") || f.ends_with(".ndjson") { InputKind::Jsonl } else { InputKind::Text });
    let format = args.format.unwrap_or(if files.len() > 1 || files.iter().any(|f| kind_of(f) == InputKind::Jsonl) {
        Format::Jsonl
    } else {
        Format::Json
    });
    let opts = Options { lossy: args.lossy, max_bytes: args.max_bytes };

    let stdout = std::io::stdout();
    let mut out = Writer::new(BufWriter::with_capacity(1 << 16, stdout.lock()), format);
    let mut errors = 0usize;
    let mut counts = Counts::default();
    let started = Instant::now();
    let mut batch: Vec<ArticleInput> = Vec::with_capacity(BATCH);
    let meta = ArticleMeta {
        id: args.id.clone().unwrap_or_default(),
        source: args.source.clone(),
        url: args.url.clone(),
        title: args.title.clone(),
        published: args.published.clone(),
    };
    for file in &files {
        errors += read_articles(file, kind_of(file), &meta, opts, &mut |a| {
            batch.push(a);
            if batch.len() >= BATCH {
                flush(&pool, &pipeline, &mut batch, &mut out, &mut counts)?;
            }
            Ok(())
        })?;
    }
    flush(&pool, &pipeline, &mut batch, &mut out, &mut counts)?;
    out.finish()?;
    if args.stats {
        let secs = started.elapsed().as_secs_f64();
        eprintln!(
            "{}",
            serde_json::json!({"articles": counts.articles, "bytes": counts.bytes, "sentences": counts.sentences, "parsed": counts.parsed, "seconds": secs, "errors": errors})
        );
    }
    Ok(if errors > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
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
    let report = |e: &IngestError| eprintln!("sitrep: error: {e}");
    let mut errors = 0;
    match kind {
        InputKind::Text => match sitrep_ingest::read_all(file, opts).and_then(|b| sitrep_ingest::text_article(file, b, meta.clone(), opts))
        {
            Ok(a) => f(a)?,
            Err(e) => {
                report(&e);
                errors += 1;
            }
        },
        InputKind::Jsonl => {
            let reader: Box<dyn std::io::BufRead> = if file == "-" {
                Box::new(std::io::BufReader::new(std::io::stdin()))
            } else {
                match std::fs::File::open(file) {
                    Ok(fh) => Box::new(std::io::BufReader::with_capacity(1 << 20, fh)),
                    Err(e) => {
                        report(&IngestError::Io { name: file.to_string(), message: e.to_string() });
                        return Ok(1);
                    }
                }
            };
            for item in JsonLines::new(file, reader, opts) {
                match item {
                    Ok(p) => {
                        for w in &p.warnings {
                            eprintln!("sitrep: warning: {w}");
                        }
                        f(p.article)?;
                    }
                    Err(e) => {
                        report(&e);
                        errors += 1;
                    }
                }
            }
        }
    }
    Ok(errors)
}

#[derive(Default)]
struct Counts {
    articles: usize,
    bytes: usize,
    sentences: usize,
    parsed: usize,
}

fn flush<W: Write>(
    pool: &rayon::ThreadPool,
    pipeline: &Pipeline,
    batch: &mut Vec<ArticleInput>,
    out: &mut Writer<W>,
    counts: &mut Counts,
) -> anyhow::Result<()> {
    if batch.is_empty() {
        return Ok(());
    }
    // Parallel across articles, written in input order.
    let results: Vec<(ArticleOutput, sitrep_pipeline::Stats)> = pool.install(|| batch.par_iter().map(|a| pipeline.extract(a)).collect());
    for (o, s) in results {
        counts.articles += 1;
        counts.bytes += s.bytes;
        counts.sentences += s.sentences;
        counts.parsed += s.parsed;
        out.write(&o)?;
    }
    batch.clear();
    Ok(())
}

/// Writes articles as JSON, JSON Lines or pretty JSON; arrays when there are several.
struct Writer<W: Write> {
    w: W,
    format: Format,
    written: usize,
    held: Option<ArticleOutput>,
}

impl<W: Write> Writer<W> {
    fn new(w: W, format: Format) -> Self {
        Writer { w, format, written: 0, held: None }
    }

    fn emit(&mut self, o: &ArticleOutput) -> anyhow::Result<()> {
        match self.format {
            Format::Pretty => serde_json::to_writer_pretty(&mut self.w, o)?,
            _ => serde_json::to_writer(&mut self.w, o)?,
        }
        Ok(())
    }

    fn write(&mut self, o: &ArticleOutput) -> anyhow::Result<()> {
        if self.format == Format::Jsonl {
            serde_json::to_writer(&mut self.w, o)?;
            self.w.write_all(b"\n")?;
            self.written += 1;
            return Ok(());
        }
        // A single article prints as one object; from the second on, as an array.
        if self.written == 0 && self.held.is_none() {
            self.held = Some(o.clone());
            return Ok(());
        }
        if let Some(first) = self.held.take() {
            self.w.write_all(b"[")?;
            self.emit(&first)?;
            self.written = 1;
        }
        self.w.write_all(b",\n")?;
        self.emit(o)?;
        self.written += 1;
        Ok(())
    }

    fn finish(&mut self) -> anyhow::Result<()> {
        if let Some(first) = self.held.take() {
            self.emit(&first)?;
            self.w.write_all(b"\n")?;
        } else if self.written > 0 && self.format != Format::Jsonl {
            self.w.write_all(b"]\n")?;
        }
        self.w.flush()?;
        Ok(())
    }
}
