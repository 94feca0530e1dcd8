//! `sitrep explain`.

use crate::extract::{read_articles, InputArgs, InputKind};
use crate::DictArgs;
use sitrep_core::{ArticleInput, ArticleMeta};
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
    /// Read FILE as JSON Lines whatever its name and content (same as --input jsonl).
    #[arg(long)]
    pub jsonl: bool,
    #[command(flatten)]
    pub input: InputArgs,
    #[arg(long, value_enum, default_value = "auto")]
    pub color: Color,
    #[command(flatten)]
    pub dict: DictArgs,
}

pub fn run(args: ExplainArgs) -> anyhow::Result<ExitCode> {
    let (_, pipeline) = args.dict.load()?;
    let color = match args.color {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
    };
    let mut input = args.input.clone();
    if args.jsonl {
        input.input = Some(InputKind::Jsonl);
    }
    let meta = ArticleMeta { published: args.published.clone(), ..Default::default() };
    let mut articles: Vec<ArticleInput> = Vec::new();
    let errors = read_articles(std::slice::from_ref(&args.file), &input, meta, &mut |a| {
        articles.push(a);
        Ok(())
    })?;
    let stdout = std::io::stdout();
    let mut w = stdout.lock();
    for a in &articles {
        let (out, _) = pipeline.extract(a);
        write!(w, "{}", sitrep_explain::render(&out, &a.text, color))?;
        writeln!(w)?;
    }
    Ok(if errors > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
}
