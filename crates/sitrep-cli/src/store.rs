//! `sitrep ingest`, `sitrep reextract`, `sitrep export`, `sitrep query`: the batch path into the
//! embedded store and out of it.

use crate::extract::InputArgs;
use crate::DictArgs;
use anyhow::Context;
use sitrep_core::{ArticleInput, ArticleMeta, ArticleOutput};
use sitrep_ingest::{IngestError, Parsed};
use sitrep_pipeline::{run_batch, BatchOptions, Pipeline, Sink, Stats, Summary};
use sitrep_store::{Filter, Store, StoreSink};
use std::io::{BufWriter, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(clap::Args, Debug)]
pub struct IngestArgs {
    /// Inputs: files, directories (read recursively) or - for standard input.
    #[arg(value_name = "INPUT")]
    pub inputs: Vec<String>,
    /// The database (created if missing).
    #[arg(long, default_value = "sitrep.db")]
    pub db: PathBuf,
    /// Worker threads (default: all cores).
    #[arg(long)]
    pub threads: Option<usize>,
    /// Articles read and extracted per parallel round (memory grows with it).
    #[arg(long, default_value_t = 512)]
    pub chunk: usize,
    /// Write one JSON line per input or record that could not be read (input, position, reason).
    #[arg(long, value_name = "FILE")]
    pub errors: Option<PathBuf>,
    #[command(flatten)]
    pub input: InputArgs,
    #[command(flatten)]
    pub dict: DictArgs,
}

#[derive(clap::Args, Debug)]
pub struct ReextractArgs {
    #[arg(long, default_value = "sitrep.db")]
    pub db: PathBuf,
    /// Re-extract every stored article, not only those an older engine read.
    #[arg(long)]
    pub all: bool,
    #[arg(long)]
    pub threads: Option<usize>,
    #[command(flatten)]
    pub dict: DictArgs,
}

/// Filters shared by `export` and `query`.
#[derive(clap::Args, Debug, Clone)]
pub struct FilterArgs {
    /// Events dated on or after this day (YYYY-MM-DD).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub since: Option<String>,
    /// Events dated on or before this day (YYYY-MM-DD).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub until: Option<String>,
    /// ISO 3166 alpha-3 code of the event's place (e.g. NGA).
    #[arg(long)]
    pub country: Option<String>,
    /// PLOVER category (e.g. ASSAULT).
    #[arg(long)]
    pub category: Option<String>,
    /// Bounding box: min_lon,min_lat,max_lon,max_lat.
    #[arg(long, value_name = "W,S,E,N", value_parser = parse_bbox)]
    pub bbox: Option<[f64; 4]>,
    /// Rows: one per event, or one per incident.
    #[arg(long, value_enum, default_value = "event")]
    pub level: Level,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Level {
    Event,
    Incident,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    /// ACLED's CSV columns (asserted events with an ACLED view).
    AcledCsv,
    /// PLOVER JSON Lines (asserted events).
    PloverJsonl,
    /// A GeoJSON FeatureCollection of points (events with coordinates).
    Geojson,
    /// Every field, one row per event or incident.
    Csv,
    /// The columns of csv, typed, as Parquet (pandas, DuckDB, polars); best with -o FILE.
    Parquet,
}

#[derive(clap::Args, Debug)]
pub struct ExportArgs {
    #[arg(long, default_value = "sitrep.db")]
    pub db: PathBuf,
    #[arg(long, value_enum)]
    pub format: ExportFormat,
    /// Output file (default: standard output).
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    #[command(flatten)]
    pub filter: FilterArgs,
}

#[derive(clap::Args, Debug)]
pub struct QueryArgs {
    #[arg(long, default_value = "sitrep.db")]
    pub db: PathBuf,
    /// Rows shown at most (0: all).
    #[arg(long, default_value_t = 50)]
    pub limit: usize,
    #[command(flatten)]
    pub filter: FilterArgs,
}

fn parse_bbox(s: &str) -> Result<[f64; 4], String> {
    let v: Vec<f64> = s.split(',').map(|x| x.trim().parse::<f64>()).collect::<Result<_, _>>().map_err(|e| format!("{s:?}: {e}"))?;
    match v.as_slice() {
        [w, so, e, n] if w <= e && so <= n => Ok([*w, *so, *e, *n]),
        _ => Err(format!("{s:?} is not min_lon,min_lat,max_lon,max_lat")),
    }
}

impl FilterArgs {
    fn filter(&self) -> anyhow::Result<Filter> {
        for d in [&self.since, &self.until].into_iter().flatten() {
            if !sitrep_ingest::valid_date(d) {
                anyhow::bail!("{d:?} is not a YYYY-MM-DD date");
            }
        }
        Ok(Filter {
            since: self.since.clone(),
            until: self.until.clone(),
            country: self.country.clone(),
            category: self.category.clone(),
            bbox: self.bbox,
        })
    }
}

/// A sink that shows progress on a terminal and hands everything on.
struct Progress<'a> {
    inner: &'a mut dyn Sink,
    bar: Option<indicatif::ProgressBar>,
}

impl<'a> Progress<'a> {
    fn new(inner: &'a mut dyn Sink) -> Self {
        // Only on a terminal: piped or redirected runs get the summary alone.
        let bar = std::io::stderr().is_terminal().then(|| {
            let b = indicatif::ProgressBar::new_spinner();
            b.set_style(
                indicatif::ProgressStyle::with_template("{spinner} {elapsed} {pos} articles {msg}")
                    .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
            );
            b
        });
        Progress { inner, bar }
    }
}

impl Sink for Progress<'_> {
    fn wants(&mut self, hash: &str) -> anyhow::Result<bool> {
        self.inner.wants(hash)
    }
    fn article(&mut self, input: &ArticleInput, out: &ArticleOutput, stats: &Stats) -> anyhow::Result<()> {
        if let Some(b) = &self.bar {
            b.inc(1);
            b.set_message(format!("{} events in the last", out.events.len()));
        }
        self.inner.article(input, out, stats)
    }
    fn error(&mut self, err: &IngestError) -> anyhow::Result<()> {
        if let Some(b) = &self.bar {
            b.suspend(|| self.inner.error(err))
        } else {
            self.inner.error(err)
        }
    }
    fn warning(&mut self, message: &str) -> anyhow::Result<()> {
        self.inner.warning(message)
    }
    fn finish(&mut self, summary: &Summary) -> anyhow::Result<()> {
        if let Some(b) = self.bar.take() {
            b.finish_and_clear();
        }
        self.inner.finish(summary)
    }
}

/// Reports an unreadable input on stderr and, with `--errors`, as a JSON line.
fn error_reporter(path: Option<&Path>) -> anyhow::Result<impl FnMut(&IngestError) -> anyhow::Result<()>> {
    let mut file = match path {
        Some(p) => Some(BufWriter::new(std::fs::File::create(p).with_context(|| format!("creating {}", p.display()))?)),
        None => None,
    };
    Ok(move |e: &IngestError| {
        eprintln!("sitrep: error: {e}");
        if let Some(f) = file.as_mut() {
            serde_json::to_writer(&mut *f, &e.record())?;
            f.write_all(b"\n")?;
            f.flush()?;
        }
        Ok(())
    })
}

/// Clusters every stored event into incidents and stores them; returns how many. The sides
/// of a conflict are the lexicon's sector groups, as the event coder's ACLED rules read them.
fn recluster(store: &mut Store, lex: &sitrep_lexicon::Lexicon) -> anyhow::Result<usize> {
    let g = &lex.events.cues.sectors;
    let p = sitrep_incidents::Params { state_sectors: g.state.clone(), nonstate_sectors: g.nonstate.clone(), ..Default::default() };
    store.recluster(p)
}

fn report(what: &str, s: &Summary, store: &Store, db: &Path) -> anyhow::Result<ExitCode> {
    let c = store.counts()?;
    eprintln!(
        "sitrep {what}: {} articles read ({} already stored), {} events, {} errors, {:.2} MB/s; {} now holds {} articles, {} events, {} incidents",
        s.articles,
        s.skipped,
        s.events,
        s.errors,
        s.mb_per_s(),
        db.display(),
        c.articles,
        c.events,
        c.incidents
    );
    if s.errors > 0 {
        eprintln!("sitrep {what}: completed with errors");
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}

pub fn ingest(args: IngestArgs) -> anyhow::Result<ExitCode> {
    let (lex, pipeline) = args.dict.load()?;
    let mut store = Store::open(&args.db)?;
    let inputs = if args.inputs.is_empty() { vec!["-".to_string()] } else { args.inputs.clone() };
    // Streamed: one record at a time, whatever the size of a file.
    let source = args.input.source(&inputs, ArticleMeta::default());
    let summary = run_into_store(
        source,
        &pipeline,
        &mut store,
        false,
        BatchOptions { threads: args.threads.unwrap_or(0), chunk: args.chunk },
        args.errors.as_deref(),
    )?;
    recluster(&mut store, &lex)?;
    report("ingest", &summary, &store, &args.db)
}

fn run_into_store<I>(
    source: I,
    pipeline: &Pipeline,
    store: &mut Store,
    replace: bool,
    batch: BatchOptions,
    errors: Option<&Path>,
) -> anyhow::Result<Summary>
where
    I: IntoIterator<Item = Result<Parsed, IngestError>>,
{
    let engine = pipeline.engine().to_string();
    let mut sink = StoreSink::new(store, &engine, replace, error_reporter(errors)?);
    let mut progress = Progress::new(&mut sink);
    run_batch(source, pipeline, batch, &mut progress)
}

pub fn reextract(args: ReextractArgs) -> anyhow::Result<ExitCode> {
    let (lex, pipeline) = args.dict.load()?;
    let mut store = Store::open(&args.db)?;
    let stale = store.articles_to_reextract(if args.all { None } else { Some(pipeline.engine()) })?;
    let source = stale.into_iter().map(|article| {
        let input = article.meta.id.clone();
        Ok(Parsed { article, warnings: vec![], input, position: None })
    });
    let summary = run_into_store(
        source,
        &pipeline,
        &mut store,
        true,
        BatchOptions { threads: args.threads.unwrap_or(0), ..Default::default() },
        None,
    )?;
    recluster(&mut store, &lex)?;
    report("reextract", &summary, &store, &args.db)
}

fn open_existing(db: &Path) -> anyhow::Result<Store> {
    if !db.exists() {
        anyhow::bail!("no database at {} (run `sitrep ingest` first, or pass --db)", db.display());
    }
    Store::open(db)
}

pub fn export(args: ExportArgs) -> anyhow::Result<ExitCode> {
    let store = open_existing(&args.db)?;
    let filter = args.filter.filter()?;
    let format = match args.format {
        ExportFormat::AcledCsv => sitrep_export::Format::AcledCsv,
        ExportFormat::PloverJsonl => sitrep_export::Format::PloverJsonl,
        ExportFormat::Geojson => sitrep_export::Format::Geojson,
        ExportFormat::Csv => sitrep_export::Format::Csv,
        ExportFormat::Parquet => sitrep_export::Format::Parquet,
    };
    let mut out: Box<dyn Write + Send> = match &args.output {
        Some(p) => Box::new(BufWriter::new(std::fs::File::create(p).with_context(|| format!("creating {}", p.display()))?)),
        None => Box::new(BufWriter::new(std::io::stdout())),
    };
    let n = match args.filter.level {
        Level::Event => {
            let events = store.events_with_sentences(&filter)?;
            let rows: Vec<sitrep_export::Row> = events.iter().map(|(_, event, sentence)| sitrep_export::Row { event, sentence }).collect();
            sitrep_export::write_events(format, &rows, &mut out)?
        }
        Level::Incident => sitrep_export::write_incidents(format, &store.incidents(&filter)?, &mut out)?,
    };
    out.flush()?;
    eprintln!("sitrep export: {n} rows");
    Ok(ExitCode::SUCCESS)
}

pub fn query(args: QueryArgs) -> anyhow::Result<ExitCode> {
    let store = open_existing(&args.db)?;
    let filter = args.filter.filter()?;
    let mut rows: Vec<[String; 7]> = Vec::new();
    let place = |p: Option<&sitrep_core::Place>| {
        p.map(|p| format!("{}{}", p.name, p.country.as_deref().map(|c| format!(" ({c})")).unwrap_or_default())).unwrap_or_default()
    };
    let total = match args.filter.level {
        Level::Event => {
            let events = store.events(&filter)?;
            for (_, e) in &events {
                let names = |v: &[sitrep_core::Entity]| {
                    v.iter().map(|x| if x.name.is_empty() { x.text.clone() } else { x.name.clone() }).collect::<Vec<_>>().join(", ")
                };
                rows.push([
                    e.date.as_ref().and_then(|d| d.value.clone()).unwrap_or_default(),
                    e.category.clone(),
                    e.acled.as_ref().map(|a| a.sub_event_type.clone()).unwrap_or_default(),
                    place(e.location.as_ref()),
                    format!("{} → {}", names(&e.actor), names(&e.recipient)),
                    e.size.killed.as_ref().map(|c| c.count.to_string()).unwrap_or_default(),
                    e.article.id.clone(),
                ]);
            }
            events.len()
        }
        Level::Incident => {
            let incidents = store.incidents(&filter)?;
            for i in &incidents {
                rows.push([
                    i.date_start.clone().unwrap_or_default(),
                    i.category.clone(),
                    i.acled.as_ref().map(|a| a.sub_event_type.clone()).unwrap_or_default(),
                    place(i.location.as_ref()),
                    format!("{} → {}", i.actors.join(", "), i.recipients.join(", ")),
                    i.size.killed.as_ref().map(|r| r.count.to_string()).unwrap_or_default(),
                    format!("{} sources", i.articles.len()),
                ]);
            }
            incidents.len()
        }
    };
    let header = ["date", "category", "acled", "place", "who → whom", "killed", "source"].map(String::from);
    let shown: Vec<&[String; 7]> =
        std::iter::once(&header).chain(rows.iter().take(if args.limit == 0 { usize::MAX } else { args.limit })).collect();
    // Columns as wide as their widest cell, capped so a long party list does not wrap the table.
    let width: Vec<usize> = (0..7).map(|c| shown.iter().map(|r| r[c].chars().count()).max().unwrap_or(0).min(40)).collect();
    let stdout = std::io::stdout();
    let mut w = BufWriter::new(stdout.lock());
    for r in &shown {
        let cells: Vec<String> = r
            .iter()
            .zip(&width)
            .map(|(cell, &wd)| {
                let t: String = if cell.chars().count() > wd { cell.chars().take(wd - 1).chain(['…']).collect() } else { cell.clone() };
                format!("{t:<wd$}")
            })
            .collect();
        writeln!(w, "{}", cells.join("  ").trim_end())?;
    }
    writeln!(w, "({} of {total} rows)", shown.len() - 1)?;
    w.flush()?;
    Ok(ExitCode::SUCCESS)
}
