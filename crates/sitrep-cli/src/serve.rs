//! `sitrep serve`: the HTTP API (crate `sitrep-serve`); this only reads the options.

use crate::DictArgs;
use anyhow::Context;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

#[derive(clap::Args, Debug)]
pub struct ServeArgs {
    /// The database (created if missing).
    #[arg(long, default_value = "sitrep.db")]
    pub db: PathBuf,
    /// Address to listen on (port 0: any free port; the one chosen is printed).
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub addr: std::net::SocketAddr,
    /// File holding the bearer token writes (POST /v1/articles) need; without it, writes are refused.
    #[arg(long, value_name = "FILE")]
    pub token_file: Option<PathBuf>,
    /// Longest a request may take, in seconds (a client stalling mid-body included).
    #[arg(long, default_value_t = 30.0, value_name = "SECONDS")]
    pub timeout_s: f64,
    /// Requests handled at once; more are answered 503.
    #[arg(long, default_value_t = 256)]
    pub max_concurrency: usize,
    /// Largest body of POST /v1/extract, in bytes.
    #[arg(long, default_value_t = 2 << 20)]
    pub max_extract_bytes: usize,
    /// Largest body of POST /v1/articles, in bytes.
    #[arg(long, default_value_t = 64 << 20)]
    pub max_ingest_bytes: usize,
    /// Extraction threads (default: all cores).
    #[arg(long)]
    pub threads: Option<usize>,
    #[command(flatten)]
    pub dict: DictArgs,
}

pub fn run(args: ServeArgs) -> anyhow::Result<ExitCode> {
    if !(args.timeout_s.is_finite() && args.timeout_s > 0.0) {
        anyhow::bail!("--timeout-s must be a positive number of seconds");
    }
    let token = match &args.token_file {
        Some(p) => Some(std::fs::read_to_string(p).with_context(|| format!("reading the token file {}", p.display()))?.trim().to_string()),
        None => None,
    };
    let (lex, pipeline) = args.dict.load()?;
    let mut config = sitrep_serve::Config::new(&args.db, pipeline, sitrep_serve::incident_params(&lex));
    config.addr = args.addr;
    config.token = token;
    config.threads = args.threads.unwrap_or(0);
    config.limits = sitrep_serve::Limits {
        extract_bytes: args.max_extract_bytes,
        ingest_bytes: args.max_ingest_bytes,
        timeout: Duration::from_secs_f64(args.timeout_s),
        max_concurrency: args.max_concurrency.max(1),
    };
    sitrep_serve::run(config)?;
    Ok(ExitCode::SUCCESS)
}
