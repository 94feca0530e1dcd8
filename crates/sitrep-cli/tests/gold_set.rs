//! The team gold set keeps the coverage the eval issue asks for.

mod common;
use common::PLOVER;

use std::collections::BTreeMap;

fn strings(v: &serde_json::Value) -> Vec<String> {
    match v {
        serde_json::Value::String(s) => vec![s.clone()],
        serde_json::Value::Array(a) => a.iter().filter_map(|x| x.as_str().map(str::to_string)).collect(),
        _ => vec![],
    }
}

#[test]
fn gold_set_covers_every_category_sub_event_and_trap_kind() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../eval/gold");
    let mut passages = 0;
    let mut exhaustive = 0;
    let mut cats: BTreeMap<String, usize> = BTreeMap::new();
    let mut subs: BTreeMap<String, usize> = BTreeMap::new();
    let mut traps = (0, 0);
    for entry in std::fs::read_dir(dir).expect("eval/gold") {
        let path = entry.unwrap().path();
        if path.extension().and_then(|e| e.to_str()) != Some("jsonl") {
            continue;
        }
        for (n, line) in std::fs::read_to_string(&path).unwrap().lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let v: serde_json::Value = serde_json::from_str(line).unwrap_or_else(|e| panic!("{}:{}: {e}", path.display(), n + 1));
            let text = v["text"].as_str().unwrap_or_else(|| panic!("{}:{}: inline text", path.display(), n + 1));
            passages += 1;
            if v["exhaustive"] == true {
                exhaustive += 1;
            }
            for ev in v["events"].as_array().unwrap() {
                let evidence = ev["evidence"].as_str().unwrap();
                assert!(text.contains(evidence), "{}:{}: evidence not verbatim: {evidence}", path.display(), n + 1);
                for c in strings(&ev["category"]) {
                    *cats.entry(c).or_default() += 1;
                }
                for a in strings(&ev["acled"]) {
                    *subs.entry(a).or_default() += 1;
                }
            }
            for t in v["traps"].as_array().into_iter().flatten() {
                if t.get("no_asserted_event").is_some() {
                    traps.0 += 1;
                }
                if t.get("no_event_location").is_some() {
                    traps.1 += 1;
                }
            }
        }
    }
    assert!(passages >= 60, "{passages} passages");
    assert!(exhaustive >= 20, "{exhaustive} exhaustive");
    for c in PLOVER {
        assert!(cats.get(c).copied().unwrap_or(0) >= 3, "{c}: {:?}", cats.get(c));
    }
    for (t, ts) in sitrep_core::taxonomy::ACLED_TYPES {
        for s in ts.iter().map(|sub| format!("{t}/{sub}")) {
            assert!(subs.get(&s).copied().unwrap_or(0) >= 1, "no gold event with ACLED {s}");
        }
    }
    assert!(traps.0 >= 10 && traps.1 >= 10, "{traps:?}");
}
