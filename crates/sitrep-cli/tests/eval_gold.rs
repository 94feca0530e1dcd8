//! `sitrep eval` rejects malformed gold files (exit status 2, FILE:LINE and the key on stderr)
//! and still scores well-formed ones.

use serde_json::{json, Value};
use std::process::{Command, Output};

const TEXT: &str = "Rebels seized the town of Kidal on Sunday, killing 4 soldiers. \u{201C}We will return,\u{201D} said Ali Musa.";

fn sitrep(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sitrep")).args(args).output().expect("run sitrep")
}

fn tmp(name: &str, data: &str) -> String {
    let dir = std::env::temp_dir().join(format!("sitrep-eval-gold-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join(name);
    std::fs::write(&p, data).unwrap();
    p.to_string_lossy().into_owned()
}

/// A well-formed gold article using every key.
fn article(id: &str) -> Value {
    json!({
        "id": id, "published": "2020-03-02", "source": "Test", "text": TEXT, "exhaustive": true,
        "events": [{
            "evidence": "seized the town of Kidal", "category": ["ASSAULT", "COERCE"],
            "acled": "Battles/Non-state actor overtakes territory", "modality": "asserted",
            "actor": {"name": "rebels", "sector": "REB"}, "recipient": {"name": "soldiers", "country": "MLI"},
            "location": [{"name": "Kidal", "country": "MLI", "lat": 18.44, "lon": 1.41}, {"name": "Kidal"}],
            "date": "2020-03-01", "killed": 4, "injured": 0, "arrested": 0, "displaced": 0
        }],
        "quotes": [{"speaker": "Ali Musa", "contains": "We will return"}],
        "traps": [{"evidence": "We will return", "no_asserted_event": true}, {"no_event_location": "Seoul"}]
    })
}

/// A gold file whose line 1 is well-formed and line 2 is `article` changed by `bad`.
fn gold_with(name: &str, bad: impl FnOnce(&mut Value)) -> String {
    let mut second = article("t2");
    bad(&mut second);
    tmp(name, &format!("{}\n{}\n", article("t1"), second))
}

/// `sitrep eval` on it exits 2 and names FILE:2 and every one of `wants` on one line of stderr.
fn rejected(name: &str, bad: impl FnOnce(&mut Value), wants: &[&str]) {
    let path = gold_with(name, bad);
    let out = sitrep(&["eval", &path]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{name}: {err}");
    assert!(out.stdout.is_empty(), "{name}: nothing is scored");
    let line = err.lines().find(|l| l.contains(&format!("{name}:2: "))).unwrap_or_else(|| panic!("{name}:2 not named in {err}"));
    for w in wants {
        assert!(line.contains(w), "{name}: {w:?} not in {line:?}");
    }
}

#[test]
fn a_well_formed_gold_file_is_scored() {
    let path = gold_with("good.jsonl", |_| {});
    let out = sitrep(&["eval", "--json", &path]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["events"]["gold"], 2);
    assert_eq!(v["quotes"]["gold"], 2);
    assert_eq!(v["traps"]["total"], 4);
}

#[test]
fn evidence_not_in_the_text_is_rejected() {
    rejected("evidence.jsonl", |a| a["events"][0]["evidence"] = json!("captured Kidal"), &["events[0].evidence", "captured Kidal"]);
    rejected("trap_evidence.jsonl", |a| a["traps"][0]["evidence"] = json!("will never return"), &["traps[0].evidence"]);
}

#[test]
fn a_quote_not_in_the_text_is_rejected() {
    rejected("quote.jsonl", |a| a["quotes"][0]["contains"] = json!("We shall return"), &["quotes[0].contains"]);
}

#[test]
fn an_unknown_plover_category_is_rejected() {
    rejected("category.jsonl", |a| a["events"][0]["category"] = json!("NOPE"), &["events[0].category", "NOPE"]);
    rejected("category_list.jsonl", |a| a["events"][0]["category"] = json!(["ASSAULT", "assault"]), &["events[0].category", "assault"]);
}

#[test]
fn an_unknown_modality_is_rejected() {
    rejected("modality.jsonl", |a| a["events"][0]["modality"] = json!(["asserted", "certain"]), &["events[0].modality", "certain"]);
}

#[test]
fn an_unknown_acled_type_or_sub_type_is_rejected() {
    rejected("acled_type.jsonl", |a| a["events"][0]["acled"] = json!("Battle"), &["events[0].acled", "Battle"]);
    rejected("acled_sub.jsonl", |a| a["events"][0]["acled"] = json!("Battles/Skirmish"), &["events[0].acled", "Skirmish"]);
    // the spelling is SPEC §2's exactly
    rejected("acled_case.jsonl", |a| a["events"][0]["acled"] = json!("Riots/mob violence"), &["events[0].acled"]);
}

#[test]
fn unknown_keys_are_rejected_at_every_level() {
    rejected("top_key.jsonl", |a| a["exhaustve"] = json!(true), &["exhaustve"]);
    rejected(
        "event_key.jsonl",
        |a| {
            let e = a["events"][0].as_object_mut().unwrap();
            let c = e.remove("category").unwrap();
            e.insert("catgory".into(), c);
        },
        &["events[0]", "catgory"],
    );
    rejected("entity_key.jsonl", |a| a["events"][0]["actor"]["nmae"] = json!("rebels"), &["events[0].actor", "nmae"]);
    rejected("location_key.jsonl", |a| a["events"][0]["location"][1]["lattitude"] = json!(18.4), &["events[0].location", "lattitude"]);
    rejected("quote_key.jsonl", |a| a["quotes"][0]["speakr"] = json!("Ali Musa"), &["quotes[0]", "speakr"]);
    rejected("trap_key.jsonl", |a| a["traps"][1]["no_event_locaton"] = json!("Kidal"), &["traps[1]", "no_event_locaton"]);
}

#[test]
fn bad_dates_are_rejected() {
    rejected("published.jsonl", |a| a["published"] = json!("02/03/2020"), &["published", "02/03/2020"]);
    rejected("date_month.jsonl", |a| a["events"][0]["date"] = json!("2020-13"), &["events[0].date", "2020-13"]);
    rejected("date_day.jsonl", |a| a["events"][0]["date"] = json!("2019-02-29"), &["events[0].date"]);
    rejected("date_short.jsonl", |a| a["events"][0]["date"] = json!("2020-3-1"), &["events[0].date"]);
}

#[test]
fn counts_must_be_non_negative_integers() {
    rejected("count_negative.jsonl", |a| a["events"][0]["killed"] = json!(-1), &["events[0].killed"]);
    rejected("count_fraction.jsonl", |a| a["events"][0]["injured"] = json!(2.5), &["events[0].injured"]);
    rejected("count_string.jsonl", |a| a["events"][0]["displaced"] = json!("8000"), &["events[0].displaced"]);
}

#[test]
fn every_problem_of_a_file_is_reported_and_no_file_is_scored() {
    let bad = tmp("two_bad_lines.jsonl", &format!("{}\n{}\n", json!({"id": "a", "text": "x", "exhaustve": true}), json!({"id": "b"})));
    let good = gold_with("good_first.jsonl", |_| {});
    let out = sitrep(&["eval", &good, &bad]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("two_bad_lines.jsonl:1: ") && err.contains("exhaustve"), "{err}");
    assert!(err.contains("two_bad_lines.jsonl:2: ") && err.contains("text"), "{err}");
}
