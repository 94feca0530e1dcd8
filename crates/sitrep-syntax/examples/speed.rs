//! Parsing speed on one thread: `cargo run --release -p sitrep-syntax --example speed -- FILE.conllu [MODEL]`.
//!
//! Reads the sentences of a CoNLL-U file, parses them once to warm the caches, then times
//! tagging alone and tagging + parsing five times each (CPU time of this thread where Linux
//! reports it), and prints the best and the median run: on a busy machine the best run is the
//! nearest to the speed of a quiet one.

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
        // The kernel's CPU clock advances in scheduler ticks: too coarse for a short run.
        (Some(a), Some(b)) if b - a > 0.05 => b - a,
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
    let runs = |f: &mut dyn FnMut()| {
        let mut t: Vec<f64> = (0..5).map(|_| timed(&mut *f)).collect();
        t.sort_by(f64::total_cmp);
        (t[0], t[2])
    };
    let (tag, _) = runs(&mut || words.iter().for_each(|w| sink += parser.tag(w).len()));
    let (best, median) = runs(&mut || words.iter().for_each(|w| sink += parser.parse(w).len()));
    let n = words.len() as f64;
    println!(
        "{{\"sentences\":{},\"tokens\":{tokens},\"tag_sentences_per_s\":{:.0},\"sentences_per_s\":{:.0},\"median_sentences_per_s\":{:.0},\"tokens_per_s\":{:.0},\"model_bytes\":{},\"check\":{sink}}}",
        words.len(),
        n / tag,
        n / best,
        n / median,
        tokens as f64 / best,
        parser.size()
    );
}
