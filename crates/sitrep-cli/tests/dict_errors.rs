//! A malformed `--dict` directory is a usage error for every command that reads one: exit
//! status 2, one line naming the file, the line and the key, and no panic.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn sitrep(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sitrep")).args(args).output().expect("run sitrep")
}

fn example() -> String {
    concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/beledweyne.txt").to_string()
}

/// A fresh `--dict` directory holding `file` with `text`.
fn dict_dir(tag: &str, file: &str, text: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("sitrep-dict-errors-{tag}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join(file), text).unwrap();
    dir
}

/// Runs every command that takes `--dict` with `dir` and checks each fails as a usage error
/// whose message holds `expected`.
fn assert_rejected(dir: &Path, file: &str, expected: &str) {
    let d = dir.to_str().unwrap();
    let ex = example();
    let runs: [Vec<&str>; 4] = [
        vec!["extract", "--dict", d, &ex],
        vec!["explain", "--dict", d, &ex],
        vec!["eval", "--dict", d, "/nonexistent/gold.jsonl"],
        vec!["geocode", "--dict", d, "Kabul"],
    ];
    for args in runs {
        let out = sitrep(&args);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(!err.contains("panicked"), "{args:?}: {err}");
        let line = format!("dictionary file {} is not valid: {expected}", dir.join(file).display());
        assert!(err.contains(&line), "{args:?}: expected {line:?} in {err}");
        assert_eq!(err.trim_end().lines().count(), 1, "{args:?}: one line: {err}");
        assert!(out.stdout.is_empty(), "{args:?}");
    }
}

#[test]
fn an_unknown_key_in_a_dict_file_is_a_usage_error() {
    let dir = dict_dir("unknown-key", "places.toml", "prepositions = [\"in\", \"near\"]\n\n# a typo\nprepositons = [\"at\"]\n");
    assert_rejected(&dir, "places.toml", "line 4: unknown field `prepositons`, expected one of `prepositions`");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_bad_enum_value_in_a_dict_file_is_a_usage_error() {
    let dir = dict_dir("bad-kind", "organizations.toml", "[[org]]\nname = \"Reuters\"\nkind = \"press\"\n");
    assert_rejected(&dir, "organizations.toml", "line 3: key `kind`: unknown variant `press`, expected one of `state`");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_bad_taxonomy_name_in_a_dict_file_is_a_usage_error() {
    let text = "[cues]\nnegation = []\nrequest = []\nplan = []\npredict = []\nhypothetical = []\npassive_aux = []\n\
                prepositions = []\nspeaker_place = []\nclause_breaks = []\nperson_units = {}\nrefusal_category = \"REJECT\"\n\n\
                [[trigger]]\nid = \"assault.hit\"\ncategory = \"ASSUALT\"\nlemmas = [\"hit\"]\n";
    let dir = dict_dir("bad-category", "events.toml", text);
    assert_rejected(&dir, "events.toml", "line 16: key `category`: unknown PLOVER category `ASSUALT`, expected one of AGREE");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_toml_syntax_error_in_a_dict_file_is_a_usage_error() {
    let dir = dict_dir("syntax", "dates.toml", "months = [\n  [\"January\", \"Jan\"],\n  [\"February\" \"Feb\"],\n]\n");
    assert_rejected(&dir, "dates.toml", "line 3: ");
    std::fs::remove_dir_all(&dir).unwrap();
}
