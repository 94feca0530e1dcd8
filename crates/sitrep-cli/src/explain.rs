//! `sitrep explain`.

use crate::DictArgs;
use sitrep_core::{ArticleInput, ArticleMeta};
use sitrep_ingest::{JsonLines, Options};
use std::io::{IsTerminal, Write};
use std::process::ExitCode;

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Color {
    /// Colours when standard output is a terminal.
    Auto,
    Always,
    Never,
}

#[derive(clap::Args, Debug)]
pub struct ExplainArgs {
    /// An article: a text file, a JSON Lines file (every line is explained), or - for stdin.
    #[arg(value_name = "FILE")]
    pub file: String,
    /// Publication date (YYYY-MM-DD) that relative dates resolve against (text input).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub published: Option<String>,
    /// Read FILE as JSON Lines even without a .jsonl name.
    #[arg(long)]
    pub jsonl: bool,
    #[arg(long, value_enum, default_value = "auto")]
    pub color: Color,
    #[command(flatten)]
    pub dict: DictArgs,
}

pub fn run(args: ExplainArgs) -> anyhow::Result<ExitCode> {
    let (_, pipeline) = args.dict.load()?;
    let opts = Options::default();
    let color = match args.color {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
    };
    let mut articles: Vec<ArticleInput> = Vec::new();
    let mut errors = 0;
    if args.jsonl || args.file.ends_with(".jsonl") {
        let bytes = match sitrep_ingest::read_all(&args.file, opts) {
            Ok(b) => b,
            Err(e) => {
                eprintln!("sitrep: error: {e}");
                return Ok(ExitCode::from(1));
            }
        };
        for item in JsonLines::new(&args.file, std::io::Cursor::new(bytes), opts) {
            match item {
                Ok(p) => articles.push(p.article),
                Err(e) => {
                    eprintln!("sitrep: error: {e}");
                    errors += 1;
                }
            }
        }
    } else {
        let meta = ArticleMeta { published: args.published.clone(), ..Default::default() };
        match sitrep_ingest::read_all(&args.file, opts).and_then(|b| sitrep_ingest::text_article(&args.file, b, meta, opts)) {
            Ok(a) => articles.push(a),
            Err(e) => {
                eprintln!("sitrep: error: {e}");
                errors += 1;
            }
        }
    }
    let stdout = std::io::stdout();
    let mut w = stdout.lock();
    for a in &articles {
        let (out, _) = pipeline.extract(a);
        write!(w, "{}", sitrep_explain::render(&out, &a.text, color))?;
        writeln!(w)?;
    }
    Ok(if errors > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
}
