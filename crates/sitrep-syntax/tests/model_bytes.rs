//! A model file from outside is checked when it is loaded: damaged bytes are an error or a
//! working parser, never a panic.

use proptest::prelude::*;
use sitrep_syntax::train::{parse_conllu, train, Config};
use sitrep_syntax::Parser;
use std::sync::OnceLock;

const TREEBANK: &str = "\
1\tGunmen\t_\t_\tNNS\t_\t2\tnsubj\t_\t_
2\tkilled\t_\t_\tVBD\t_\t0\tROOT\t_\t_
3\tthree\t_\t_\tCD\t_\t4\tnummod\t_\t_
4\tvillagers\t_\t_\tNNS\t_\t2\tdobj\t_\tSpaceAfter=No
5\t.\t_\t_\t.\t_\t2\tpunct\t_\t_

1\tPolice\t_\t_\tNNS\t_\t2\tnsubj\t_\t_
2\tsaid\t_\t_\tVBD\t_\t0\tROOT\t_\t_
3\tthe\t_\t_\tDT\t_\t4\tdet\t_\t_
4\tattackers\t_\t_\tNNS\t_\t5\tnsubj\t_\t_
5\tfled\t_\t_\tVBD\t_\t2\tccomp\t_\tSpaceAfter=No
6\t.\t_\t_\t.\t_\t2\tpunct\t_\t_

";

/// A small model trained on two sentences (with weights kept, so that rows of every kind exist).
fn small_model() -> &'static [u8] {
    static MODEL: OnceLock<Vec<u8>> = OnceLock::new();
    MODEL.get_or_init(|| {
        let sents = parse_conllu(TREEBANK).unwrap();
        let mut cfg = Config { parser_epochs: 2, tagger_epochs: 2, ..Config::default() };
        cfg.prune.parser_min = 0.0;
        cfg.prune.tagger_min = 0.0;
        let trained = train(&sents, &cfg, &|_| {});
        trained.export(&cfg.prune).0
    })
}

#[test]
fn a_small_model_round_trips_and_parses() {
    let bytes = small_model().to_vec();
    let parser = Parser::from_bytes(bytes).expect("fresh model");
    let p = parser.parse(&["Gunmen", "killed", "three", "villagers", "."]);
    assert_eq!(p.len(), 5);
    assert!(parser.metadata().contains("\"parser_epochs\":2"));
}

#[test]
fn training_is_deterministic() {
    let sents = parse_conllu(TREEBANK).unwrap();
    let cfg = Config { parser_epochs: 2, tagger_epochs: 2, ..Config::default() };
    let a = train(&sents, &cfg, &|_| {}).export(&cfg.prune).0;
    let b = train(&sents, &cfg, &|_| {}).export(&cfg.prune).0;
    assert_eq!(a, b);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn damaged_models_fail_to_load_or_parse(flips in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8),
                                            cut in any::<prop::sample::Index>(), truncate in any::<bool>()) {
        let mut bytes = small_model().to_vec();
        for (at, v) in flips {
            let i = at.index(bytes.len());
            bytes[i] ^= v | 1;
        }
        if truncate {
            bytes.truncate(cut.index(bytes.len()));
        }
        if let Ok(parser) = Parser::from_bytes(bytes) {
            for words in [&["Gunmen", "killed", "three", "villagers", "."][..], &["x"], &[]] {
                let p = parser.parse(words);
                prop_assert_eq!(p.len(), words.len());
            }
        }
    }
}

/// Inputs `cargo fuzz run syntax_model` once crashed on, replayed: a damaged model whose
/// codebook holds i16::MIN (negating it overflowed when a feature's sign bit was set).
#[test]
fn fuzz_regressions_load_or_fail_cleanly_and_parse() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz-regressions");
    let mut n = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let bytes = std::fs::read(entry.unwrap().path()).unwrap();
        if let Ok(p) = Parser::from_bytes(bytes) {
            let words = ["Gunmen", "killed", "three", "villagers", "."];
            let parse = p.parse(&words);
            assert_eq!((0..words.len()).filter(|&i| parse.head(i).is_none()).count(), 1, "one root");
        }
        n += 1;
    }
    assert!(n >= 1, "the regression inputs are there");
}
