//! `sitrep parse`: the tokens, sentences, Penn tags and dependency tree of each article, as
//! CoNLL-U, for inspection; with `--tokens-only`, tokens and sentences alone (the syntax
//! model's input, from which its silver data is built).

use crate::extract::{read_articles, InputArgs};
use crate::DictArgs;
use sitrep_core::{ArticleInput, ArticleMeta};
use sitrep_pipeline::Pipeline;
use sitrep_syntax::Parser;
use std::io::{BufWriter, Write};
use std::process::ExitCode;
use std::time::Instant;

#[derive(clap::Args, Debug)]
pub struct ParseArgs {
    /// Input files; `-` or none reads standard input.
    #[arg(value_name = "FILE")]
    pub files: Vec<String>,
    /// Tokens and sentences only: tag, head and label columns are `_` (no model is loaded).
    #[arg(long)]
    pub tokens_only: bool,
    /// Print a JSON line of counts on stderr at the end; `seconds` is the time spent in the
    /// tagger and parser alone (what `bench/run` reports as their speed).
    #[arg(long)]
    pub stats: bool,
    #[command(flatten)]
    pub input: InputArgs,
    #[command(flatten)]
    pub dict: DictArgs,
}

pub fn run(args: ParseArgs) -> anyhow::Result<ExitCode> {
    let (_, pipeline) = args.dict.load()?;
    let pipeline = pipeline.without_events().without_resolution();
    // The syntax model: the dictionary directory's `syntax.bin` if it has one, else the built-in.
    let parser = (!args.tokens_only).then(|| pipeline.parser());
    let files = if args.files.is_empty() { vec!["-".to_string()] } else { args.files.clone() };
    let stdout = std::io::stdout();
    let mut out = BufWriter::with_capacity(1 << 16, stdout.lock());
    let mut errors = 0;
    let mut stats = Stats::default();
    let started = Instant::now();
    errors += read_articles(&files, &args.input, ArticleMeta::default(), &mut |a| {
        stats.articles += 1;
        stats.bytes += a.text.len();
        write_conllu(&pipeline, parser, &a, &mut out, &mut stats)
    })?;
    out.flush()?;
    if args.stats {
        eprintln!(
            "{}",
            serde_json::json!({"articles": stats.articles, "bytes": stats.bytes, "sentences": stats.sentences, "tokens": stats.tokens,
                "seconds": stats.parse_seconds, "total_seconds": started.elapsed().as_secs_f64(), "errors": errors})
        );
    }
    Ok(if errors > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

#[derive(Default)]
struct Stats {
    articles: usize,
    bytes: usize,
    sentences: usize,
    tokens: usize,
    /// Time inside `Parser::parse` only.
    parse_seconds: f64,
}

/// One CoNLL-U block per sentence: `# sent_id = ARTICLE-N`, `# text = …` (line breaks as
/// spaces), then one line per token; `SpaceAfter=No` where the next token touches it. With a
/// parser, XPOS, HEAD (1-based, 0 for the root) and DEPREL are filled; the other columns are `_`.
fn write_conllu(
    pipeline: &Pipeline,
    parser: Option<&Parser>,
    a: &ArticleInput,
    out: &mut dyn Write,
    stats: &mut Stats,
) -> anyhow::Result<()> {
    let (norm, seg) = pipeline.segment(a);
    let text = &norm.text;
    for (n, s) in seg.sentences.iter().enumerate() {
        writeln!(out, "# sent_id = {}-{}", a.meta.id, n + 1)?;
        writeln!(out, "# text = {}", one_line(&text[s.start..s.end]))?;
        let toks = &seg.tokens[s.first_token..s.end_token];
        let words: Vec<&str> = toks.iter().map(|t| t.text(text)).collect();
        let t0 = Instant::now();
        let parse = parser.map(|p| p.parse(&words));
        stats.parse_seconds += t0.elapsed().as_secs_f64();
        stats.sentences += 1;
        stats.tokens += words.len();
        for (i, t) in toks.iter().enumerate() {
            let touching = toks.get(i + 1).is_some_and(|next| next.start == t.end);
            let misc = if touching { "SpaceAfter=No" } else { "_" };
            let word = one_line(t.text(text));
            match &parse {
                Some(p) => {
                    let head = p.head(i).map_or(0, |h| h + 1);
                    writeln!(out, "{}\t{word}\t_\t_\t{}\t_\t{head}\t{}\t_\t{misc}", i + 1, p.tags[i], p.deps[i])?
                }
                None => writeln!(out, "{}\t{word}\t_\t_\t_\t_\t_\t_\t_\t{misc}", i + 1)?,
            }
        }
        writeln!(out)?;
    }
    Ok(())
}

/// CoNLL-U fields hold no tabs or line breaks.
fn one_line(s: &str) -> String {
    s.chars().map(|c| if c == '\t' || c == '\n' || c == '\r' { ' ' } else { c }).collect()
}
