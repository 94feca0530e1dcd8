//! `sitrep-syntax-train`: trains the tagger and parser on silver CoNLL-U and writes the model
//! file; or, with `--model` and no `--train`, scores an existing model.
//!
//! ```text
//! sitrep-syntax-train --train T.conllu [--train T2.conllu …] --heldout H.conllu
//!     [--heldout-lower HL.conllu] --out data/syntax/model.bin [--epochs N] [--tagger-epochs N]
//! sitrep-syntax-train --model data/syntax/model.bin --heldout H.conllu [--heldout-lower HL.conllu]
//! ```
//!
//! Options (defaults in `train::Config`): `--epochs` parser epochs (10), `--tagger-epochs` (5),
//! `--explore` the probability of following a wrong prediction from the second parser epoch
//! (0.9); pruning of the exported model: `--parser-min`/`--tagger-min` drop averaged weights
//! under that magnitude (3.0 / 1.0), `--parser-updates`/`--tagger-updates` drop features that
//! took part in fewer updates (1); `--quant` the `i16` value of the largest weight (2048);
//! `--parser-dense`/`--tagger-dense` rows with that many weights are stored dense (12 / 16).
//! `--sweep 2/1,3/1` also exports and scores the model under each `PARSER_MIN/TAGGER_MIN`
//! (to choose the pruning; printed to standard error).
//!
//! Prints one JSON object: training figures and, per heldout file, tag accuracy, UAS and LAS
//! over all tokens and without punctuation (gold label `punct`), and parsing speed on one thread.
//! Progress goes to standard error. The same inputs always give the same model bytes.

use sitrep_syntax::train::{self, Config, Sentence};
use sitrep_syntax::Parser;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

const USAGE: &str = "usage: sitrep-syntax-train --train FILE [--train FILE …] --heldout FILE [--heldout-lower FILE] --out PATH
           [--epochs N] [--tagger-epochs N] [--explore P]
           [--parser-min W] [--tagger-min W] [--parser-updates N] [--tagger-updates N]
           [--quant Q] [--parser-dense N] [--tagger-dense N] [--sweep PMIN/TMIN,…]
       sitrep-syntax-train --model PATH --heldout FILE [--heldout-lower FILE]";

struct Args {
    train: Vec<PathBuf>,
    heldout: Option<PathBuf>,
    heldout_lower: Option<PathBuf>,
    out: Option<PathBuf>,
    model: Option<PathBuf>,
    cfg: Config,
    /// Pruning settings (parser_min, tagger_min) to try after training.
    sweep: Vec<(f64, f64)>,
}

fn args() -> Result<Args, String> {
    let mut a =
        Args { train: vec![], heldout: None, heldout_lower: None, out: None, model: None, cfg: Config::default(), sweep: Vec::new() };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut value = || it.next().ok_or_else(|| format!("{flag} needs a value"));
        match flag.as_str() {
            "--train" => a.train.push(value()?.into()),
            "--heldout" => a.heldout = Some(value()?.into()),
            "--heldout-lower" => a.heldout_lower = Some(value()?.into()),
            "--out" => a.out = Some(value()?.into()),
            "--model" => a.model = Some(value()?.into()),
            "--epochs" => a.cfg.parser_epochs = value()?.parse().map_err(|e| format!("--epochs: {e}"))?,
            "--tagger-epochs" => a.cfg.tagger_epochs = value()?.parse().map_err(|e| format!("--tagger-epochs: {e}"))?,
            "--explore" => a.cfg.explore = value()?.parse().map_err(|e| format!("--explore: {e}"))?,
            "--parser-min" => a.cfg.prune.parser_min = value()?.parse().map_err(|e| format!("--parser-min: {e}"))?,
            "--tagger-min" => a.cfg.prune.tagger_min = value()?.parse().map_err(|e| format!("--tagger-min: {e}"))?,
            "--parser-updates" => a.cfg.prune.parser_updates = value()?.parse().map_err(|e| format!("--parser-updates: {e}"))?,
            "--tagger-updates" => a.cfg.prune.tagger_updates = value()?.parse().map_err(|e| format!("--tagger-updates: {e}"))?,
            "--quant" => a.cfg.prune.quant = value()?.parse().map_err(|e| format!("--quant: {e}"))?,
            "--parser-dense" => a.cfg.prune.parser_dense = value()?.parse().map_err(|e| format!("--parser-dense: {e}"))?,
            "--tagger-dense" => a.cfg.prune.tagger_dense = value()?.parse().map_err(|e| format!("--tagger-dense: {e}"))?,
            "--sweep" => {
                for pair in value()?.split(',') {
                    let (p, t) = pair.split_once('/').ok_or("--sweep takes PARSER_MIN/TAGGER_MIN,…")?;
                    let num = |x: &str| x.parse::<f64>().map_err(|e| format!("--sweep: {e}"));
                    a.sweep.push((num(p)?, num(t)?));
                }
            }
            "-h" | "--help" => return Err(USAGE.into()),
            other => return Err(format!("unknown argument `{other}`\n{USAGE}")),
        }
    }
    if a.heldout.is_none() || (a.train.is_empty() && a.model.is_none()) || (!a.train.is_empty() && a.out.is_none()) {
        return Err(USAGE.into());
    }
    Ok(a)
}

fn read(path: &Path) -> Result<Vec<Sentence>, String> {
    let s = train::read_conllu(path)?;
    eprintln!("read {} sentences from {}", s.len(), path.display());
    Ok(s)
}

fn run() -> Result<(), String> {
    let a = args()?;
    let heldout = read(a.heldout.as_deref().expect("checked"))?;
    let heldout_lower = a.heldout_lower.as_deref().map(read).transpose()?;
    let mut fields = Vec::new();
    let parser = if a.train.is_empty() {
        Parser::from_path(a.model.as_ref().expect("checked")).map_err(|e| e.to_string())?
    } else {
        let mut sents = Vec::new();
        for path in &a.train {
            sents.extend(read(path)?);
        }
        let trained = train::train(&sents, &a.cfg, &|msg| eprintln!("{msg}"));
        if !a.sweep.is_empty() {
            sweep(&trained, &a.cfg.prune, &a.sweep, &heldout, heldout_lower.as_deref());
        }
        let (model, tagger_features, parser_features) = trained.export(&a.cfg.prune);
        let out = a.out.as_ref().expect("checked");
        if let Some(dir) = out.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        }
        std::fs::write(out, &model).map_err(|e| format!("{}: {e}", out.display()))?;
        eprintln!("wrote {} ({} bytes)", out.display(), model.len());
        fields.push(format!(
            "\"training\":{{\"sentences\":{},\"parser_sentences\":{},\"tagger_epochs\":{},\"parser_epochs\":{},\"explore\":{},\"jackknife_tag\":{:.4},\"tagger_features\":{},\"parser_features\":{},\"seconds\":{:.1}}}",
            trained.sentences,
            trained.parser_sentences,
            a.cfg.tagger_epochs,
            a.cfg.parser_epochs,
            a.cfg.explore,
            trained.jackknife_tag_accuracy,
            tagger_features,
            parser_features,
            trained.seconds
        ));
        Parser::from_bytes(model).map_err(|e| e.to_string())?
    };
    fields.push(format!("\"model_bytes\":{}", parser.size()));
    fields.push(format!("\"heldout\":{}", train::evaluate(&parser, &heldout).json()));
    if let Some(h) = &heldout_lower {
        fields.push(format!("\"heldout_lower\":{}", train::evaluate(&parser, h).json()));
    }
    println!("{{{}}}", fields.join(","));
    Ok(())
}

/// Size and accuracy of the model under several pruning settings (to choose the defaults).
fn sweep(trained: &train::Trained, base: &train::Prune, settings: &[(f64, f64)], heldout: &[Sentence], lower: Option<&[Sentence]>) {
    for &(pmin, tmin) in settings {
        let prune = train::Prune { parser_min: pmin, tagger_min: tmin, ..*base };
        let (model, _, pf) = trained.export(&prune);
        let size = model.len();
        let parser = Parser::from_bytes(model).expect("fresh model");
        let _ = train::evaluate(&parser, heldout);
        let m = train::evaluate(&parser, heldout);
        let l = lower.map(|l| train::evaluate(&parser, l).json()).unwrap_or_default();
        eprintln!("sweep parser_min={pmin} tagger_min={tmin}: {size} bytes, {pf} features; {} {l}", m.json());
    }
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("sitrep-syntax-train: {e}");
            ExitCode::from(2)
        }
    }
}
