//! `sitrep eval`.

use crate::DictArgs;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args, Debug)]
pub struct EvalArgs {
    /// Gold files (JSON Lines, SPEC §3).
    #[arg(value_name = "GOLD.jsonl", required = true)]
    pub gold: Vec<PathBuf>,
    /// Print one JSON object with stable keys instead of tables.
    #[arg(long)]
    pub json: bool,
    /// List unmatched gold events, wrong fields, missed quotes and sprung traps.
    #[arg(long)]
    pub show_misses: bool,
    #[command(flatten)]
    pub dict: DictArgs,
}

/// Scores are reported, not judged: only unreadable or malformed gold makes this fail
/// (exit status 2, one `FILE:LINE: key: problem` line per problem).
pub fn run(args: EvalArgs) -> anyhow::Result<ExitCode> {
    let (_, pipeline) = args.dict.load()?;
    let report = match sitrep_eval::evaluate_files(&args.gold, &pipeline) {
        Ok(r) => r,
        Err(e) => {
            for line in e.to_string().lines() {
                eprintln!("sitrep: error: {line}");
            }
            return Ok(ExitCode::from(2));
        }
    };
    if args.json {
        println!("{}", serde_json::to_string_pretty(&report.to_json())?);
    } else {
        print!("{}", report.render_table(args.show_misses));
    }
    Ok(ExitCode::SUCCESS)
}
