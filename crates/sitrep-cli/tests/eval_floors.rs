//! `sitrep eval` on the team gold set and the shared example must not fall below the floors
//! recorded in eval/floors.toml.

mod common;
use common::PLOVER;

use std::process::Command;

fn floors(section: &str) -> Vec<(String, f64)> {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../eval/floors.toml")).unwrap();
    let v: toml::Value = toml::from_str(&text).unwrap();
    let Some(t) = v.get(section).and_then(|t| t.as_table()) else { return vec![] };
    t.iter().map(|(k, x)| (k.clone(), x.as_float().or_else(|| x.as_integer().map(|i| i as f64)).unwrap())).collect()
}

fn eval_json(files: &[String]) -> serde_json::Value {
    let out = Command::new(env!("CARGO_BIN_EXE_sitrep")).arg("eval").arg("--json").args(files).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

/// "events.recall" → v["events"]["recall"]
fn get(v: &serde_json::Value, key: &str) -> Option<f64> {
    key.split('.').try_fold(v, |v, k| v.get(k)).and_then(|x| x.as_f64())
}

fn check(section: &str, report: &serde_json::Value) {
    for (key, floor) in floors(section) {
        let got = get(report, &key).unwrap_or_else(|| panic!("{section}: {key} missing from sitrep eval --json"));
        assert!(got + 1e-9 >= floor, "{section}: {key} = {got:.3}, below its floor {floor:.3}");
    }
    let max = format!("{section}_max");
    for (key, ceiling) in floors(&max) {
        let got = get(report, &key).unwrap_or_else(|| panic!("{max}: {key} missing from sitrep eval --json"));
        assert!(got <= ceiling + 1e-9, "{max}: {key} = {got}, above its ceiling {ceiling}");
    }
}

#[test]
fn team_gold_set_stays_above_its_floors() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../eval/gold");
    let mut files: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "jsonl"))
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    files.sort();
    let report = eval_json(&files);
    for key in
        ["events.precision", "events.recall", "events.f1", "quotes.precision", "quotes.recall", "quotes.f1", "traps.sprung", "traps.total"]
    {
        assert!(key.split('.').try_fold(&report, |v, k| v.get(k)).is_some(), "{key} missing");
    }
    check("team", &report);
    for cat in PLOVER {
        let matched = report["categories"][cat]["matched"].as_u64().unwrap_or(0);
        assert!(matched >= 1, "no gold {cat} event of the team set is found");
    }
}

#[test]
fn shared_example_stays_above_its_floors() {
    let Some(gold) = sitrep_test_support::shared_file("examples/ramadi.gold.jsonl") else { return };
    let report = eval_json(&[gold.to_string_lossy().into_owned()]);
    check("ramadi", &report);
}

#[test]
fn toponym_dev_set_stays_above_its_floor() {
    let file = concat!(env!("CARGO_MANIFEST_DIR"), "/../../eval/geo/toponyms.jsonl");
    let out = Command::new(env!("CARGO_BIN_EXE_sitrep")).args(["geocode", "--json", "--eval", file]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(report["total"].as_u64().unwrap() >= 300, "the dev set has at least 300 toponyms");
    check("geo", &report);
}
