//! `sitrep`: reads news articles, writes event data. This binary only parses arguments
//! and wires the library crates: ingest → pipeline → writers.

mod dict;
mod eval;
mod explain;
mod extract;
mod geocode;
mod parse;
mod serve;
mod store;

use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

/// mimalloc instead of the system allocator: an article makes thousands of short-lived strings
/// and vectors (mentions, spans, candidate lists), and glibc's malloc and free were about 6% of
/// a one-thread extraction.
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(name = "sitrep", version, about = "Conflict-event data from news text, every field traced to its characters")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Read articles (text files, JSON Lines, or - for stdin) and print what they say.
    Extract(extract::ExtractArgs),
    /// Score extraction against gold files (SPEC §3): events, fields, quotes, traps.
    Eval(eval::EvalArgs),
    /// Show each event of an article with its rule, confidence and spans marked in its sentence.
    Explain(explain::ExplainArgs),
    /// Look place names up in the offline gazetteer, or score place resolution on a dev set.
    Geocode(geocode::GeocodeArgs),
    /// Print each sentence's tokens, tags and dependency tree as CoNLL-U.
    Parse(parse::ParseArgs),
    /// Convert dictionaries from other formats (`sitrep dict import-petrarch DIR --out DIR`).
    Dict(dict::DictCmd),
    /// Read articles into the embedded store (SQLite) and cluster their events into incidents.
    Ingest(store::IngestArgs),
    /// Re-read stored articles an older engine extracted (all of them with --all).
    Reextract(store::ReextractArgs),
    /// Write stored events or incidents as ACLED CSV, PLOVER JSON Lines, GeoJSON or CSV.
    Export(store::ExportArgs),
    /// Show stored events or incidents as a table, filtered.
    Query(store::QueryArgs),
    /// Serve the HTTP API (extract, ingest, query the store) and the web app.
    Serve(serve::ServeArgs),
}

/// Options shared by every command that reads text.
#[derive(clap::Args, Debug, Clone)]
pub struct DictArgs {
    /// Directory of TOML data files replacing the built-in ones file by file.
    #[arg(long, value_name = "DIR")]
    pub dict: Option<PathBuf>,
}

impl DictArgs {
    /// The dictionaries and the pipeline built on them: every command that reads text starts
    /// here, so a `--dict` directory's `syntax.bin` is the model every stage parses with.
    pub fn load(&self) -> anyhow::Result<(sitrep_lexicon::Lexicon, sitrep_pipeline::Pipeline)> {
        use anyhow::Context;
        let dir = self.dict.as_deref();
        let lex = sitrep_lexicon::Lexicon::load(dir).context("loading dictionaries")?;
        // The `--dict` directory's `syntax.bin`, else the built-in model (borrowed, not copied).
        // One model for the whole run: leaking it gives the `'static` borrow the pipeline's
        // worker threads share.
        let parser = sitrep_syntax::Parser::load(dir).context("loading the syntax model")?;
        let pipeline =
            sitrep_pipeline::Pipeline::new(&lex).with_parser(Box::leak(Box::new(parser))).with_engine(sitrep_pipeline::engine_stamp(dir));
        Ok((lex, pipeline))
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Extract(args) => extract::run(args),
        Command::Eval(args) => eval::run(args),
        Command::Explain(args) => explain::run(args),
        Command::Geocode(args) => geocode::run(args),
        Command::Parse(args) => parse::run(args),
        Command::Dict(args) => dict::run(args),
        Command::Ingest(args) => store::ingest(args),
        Command::Reextract(args) => store::reextract(args),
        Command::Export(args) => store::export(args),
        Command::Query(args) => store::query(args),
        Command::Serve(args) => serve::run(args),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("sitrep: error: {e:#}");
            ExitCode::from(2)
        }
    }
}
