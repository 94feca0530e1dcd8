//! Parsing speed on one thread: `cargo run --release -p sitrep-syntax --example speed -- FILE.conllu [MODEL]`.
//!
//! Reads the sentences of a CoNLL-U file, parses them once to warm the caches, then times
//! tagging alone and tagging + parsing (CPU time of this thread where Linux reports it).

use sitrep_syntax::{train, Parser};
use std::time::Instant;

fn cpu() -> Option<f64> {
    let t = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    Some(t.split_whitespace().next()?.parse::<f64>().ok()? / 1e9)
}

fn timed(f: impl FnOnce()) -> f64 {
    let (w, c) = (Instant::now(), cpu());
    f();
    match (c, cpu()) {
        (Some(a), Some(b)) => b - a,
        _ => w.elapsed().as_secs_f64(),
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(file) = args.first() else {
        eprintln!("usage: speed FILE.conllu [MODEL]");
        std::process::exit(2);
    };
    let owned;
    let parser = match args.get(1) {
        Some(m) => {
            owned = Parser::from_path(m.as_ref()).expect("model");
            &owned
        }
        None => Parser::builtin(),
    };
    let sents = train::read_conllu(file.as_ref()).expect("conllu");
    let words: Vec<Vec<&str>> = sents.iter().map(|s| s.words.iter().map(String::as_str).collect()).collect();
    let tokens: usize = words.iter().map(Vec::len).sum();
    let mut sink = 0usize;
    for w in &words {
        sink += parser.parse(w).len();
    }
    let tag = timed(|| words.iter().for_each(|w| sink += parser.tag(w).len()));
    let parse = timed(|| words.iter().for_each(|w| sink += parser.parse(w).len()));
    println!(
        "{{\"sentences\":{},\"tokens\":{tokens},\"tag_sentences_per_s\":{:.0},\"sentences_per_s\":{:.0},\"tokens_per_s\":{:.0},\"model_bytes\":{},\"check\":{sink}}}",
        words.len(),
        words.len() as f64 / tag,
        words.len() as f64 / parse,
        tokens as f64 / parse,
        parser.size()
    );
}
