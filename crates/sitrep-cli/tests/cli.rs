//! End-to-end runs of the `sitrep` binary, as a user would.

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn sitrep(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_sitrep"));
    cmd.args(args).stdout(Stdio::piped()).stderr(Stdio::piped()).stdin(Stdio::piped());
    let mut child = cmd.spawn().expect("run sitrep");
    if let Some(data) = stdin {
        child.stdin.take().unwrap().write_all(data).unwrap();
    } else {
        drop(child.stdin.take());
    }
    child.wait_with_output().unwrap()
}

fn tmp(name: &str, data: &[u8]) -> String {
    let dir = std::env::temp_dir().join(format!("sitrep-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join(name);
    std::fs::write(&p, data).unwrap();
    p.to_string_lossy().into_owned()
}

fn example() -> String {
    concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/beledweyne.txt").to_string()
}

#[test]
fn the_example_article_is_read() {
    let out = sitrep(&["extract", "--published", "2026-03-04", &example()], None);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["article"]["id"], "beledweyne");
    assert_eq!(v["article"]["published"], "2026-03-04");
    let ents = v["entities"].as_array().unwrap();
    let names: Vec<&str> = ents.iter().map(|e| e["name"].as_str().unwrap()).collect();
    assert!(names.iter().any(|n| n.to_lowercase().contains("shabaab")), "{names:?}");
    let duale = ents.iter().find(|e| e["text"] == "Ahmed Farah Duale").expect("the colonel");
    assert_eq!(duale["kind"], "person");
    assert_eq!(duale["role"], "Colonel");
    // "on Sunday" before a Wednesday publication date
    assert!(v["dates"].as_array().unwrap().iter().any(|d| d["text"] == "Sunday" && d["value"] == "2026-03-01"));
    assert!(v["quantities"].as_array().unwrap().iter().any(|q| q["count"] == 12 && q["qualifier"] == "at_least"));
    let quotes = v["quotes"].as_array().unwrap();
    assert!(quotes.iter().any(|q| q["direct"] == true && q["speaker"]["name"] == "Ahmed Farah Duale"));
    // the dateline city is a place but not inside the first sentence
    let first = &v["sentences"][0];
    assert!(first[0].as_u64().unwrap() > "MOGADISHU".len() as u64);
}

#[test]
fn stdin_and_metadata_flags() {
    let out = sitrep(
        &["extract", "--id", "x1", "--source", "Wire", "--url", "http://example.org/a", "--title", "T", "-"],
        Some(b"Police arrested 15 protesters in Nairobi on Friday, officials said."),
    );
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["article"]["id"], "x1");
    assert_eq!(v["article"]["source"], "Wire");
    assert_eq!(v["article"]["url"], "http://example.org/a");
    assert_eq!(v["article"]["title"], "T");
    // no --published: the weekday stays unresolved
    let friday = v["dates"].as_array().unwrap().iter().find(|d| d["text"] == "Friday").unwrap();
    assert!(friday["value"].is_null());
}

#[test]
fn bad_inputs_are_reported_and_the_batch_goes_on() {
    let bad = tmp("bad.txt", b"Gunmen \xff\xfe killed two.");
    let empty = tmp("empty.txt", b"");
    let binary = tmp("junk.bin", b"\x7fELF\x02\x01\x01\x00\x00\x00");
    let good = tmp("good.txt", b"Soldiers killed 3 rebels in Goma on Monday.");
    let out = sitrep(&["extract", &bad, &empty, &binary, &good], None);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("bad.txt: invalid UTF-8 at byte 7"), "{err}");
    assert!(err.contains("empty.txt: empty input"), "{err}");
    assert!(err.contains("junk.bin: looks binary"), "{err}");
    let lines: Vec<serde_json::Value> = String::from_utf8_lossy(&out.stdout).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0]["article"]["id"], "good");
    // --lossy reads the invalid file
    let out = sitrep(&["extract", "--lossy", &bad], None);
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(v["quantities"].as_array().unwrap().iter().any(|q| q["count"] == 2));
}

#[test]
fn jsonl_keeps_order_and_ids_for_any_thread_count() {
    let mut data = String::new();
    for i in 0..40 {
        data.push_str(&format!(
            "{{\"id\":\"a{i}\",\"published\":\"2020-01-0{}\",\"text\":\"Rebels killed {i} soldiers near Mosul on Sunday, the army said.\"}}\n",
            1 + i % 9
        ));
    }
    data.push_str("this line is not json\n");
    let f = tmp("many.jsonl", data.as_bytes());
    let one = sitrep(&["extract", "--threads", "1", &f], None);
    let two = sitrep(&["extract", "--threads", "2", &f], None);
    assert_eq!(one.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&one.stderr).contains("many.jsonl:41: invalid JSON"));
    assert_eq!(one.stdout, two.stdout);
    let ids: Vec<String> = String::from_utf8_lossy(&one.stdout)
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["article"]["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(ids, (0..40).map(|i| format!("a{i}")).collect::<Vec<_>>());
}

#[test]
fn stats_line_counts_articles() {
    let f = tmp("two.jsonl", b"{\"id\":\"1\",\"text\":\"One. Two.\"}\n{\"id\":\"2\",\"text\":\"Three.\"}\n");
    let out = sitrep(&["extract", "--stats", &f], None);
    let err = String::from_utf8_lossy(&out.stderr);
    let stats: serde_json::Value = serde_json::from_str(err.lines().last().unwrap()).unwrap();
    assert_eq!(stats["articles"], 2);
    assert_eq!(stats["sentences"], 3);
    assert_eq!(stats["bytes"], 15);
    assert_eq!(stats["parsed"], 0, "no cue, no trigger: nothing parsed");
}

#[test]
fn a_bad_dict_dir_and_a_bad_date_are_usage_errors() {
    let out = sitrep(&["extract", "--dict", "/nonexistent/dir", &example()], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("/nonexistent/dir"));
    let out = sitrep(&["extract", "--published", "18/05/2015", &example()], None);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn a_dict_dir_overrides_the_builtin_data() {
    let dir = std::env::temp_dir().join(format!("sitrep-dict-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("groups.toml"),
        "[[group]]\nname = \"Blue Hand Brigade\"\naliases = [\"BHB\"]\ncountries = [\"NGA\"]\nsector = [\"REB\"]\n",
    )
    .unwrap();
    let text = b"The BHB attacked a convoy near Maiduguri.";
    let out = sitrep(&["extract", "--dict", dir.to_str().unwrap(), "-"], Some(text));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let e = v["entities"].as_array().unwrap().iter().find(|e| e["text"] == "BHB").expect("user group");
    assert_eq!(e["name"], "Blue Hand Brigade");
    assert_eq!(e["country"], "NGA");
}

#[test]
fn a_50_megabyte_input_is_read() {
    let para = "Gunmen killed at least 12 people in an attack on a market in Kano on Friday, police said. \"We will find them,\" the governor said.\n";
    let mut big = String::with_capacity(50 << 20);
    while big.len() < 50 << 20 {
        big.push_str(para);
    }
    let f = tmp("big.txt", big.as_bytes());
    let out = sitrep(&["extract", "--format", "jsonl", &f], None);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let n = big.len() / para.len();
    assert_eq!(v["sentences"].as_array().unwrap().len(), 2 * n);
    std::fs::remove_file(&f).unwrap();
}

#[test]
fn the_example_article_yields_coded_events() {
    let out = sitrep(&["extract", "--published", "2026-03-04", &example()], None);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let events = v["events"].as_array().unwrap();
    let first = &events[0];
    assert_eq!(first["category"], "ASSAULT");
    assert_eq!(first["modality"], "asserted");
    assert_eq!(first["actor"][0]["name"], "al-Shabaab");
    assert_eq!(first["size"]["killed"]["count"], 12);
    assert_eq!(first["size"]["killed"]["qualifier"], "at_least");
    assert_eq!(first["date"]["value"], "2026-03-01");
    assert_eq!(first["location"]["name"], "Beledweyne");
    assert_eq!(first["id"].as_str().unwrap().len(), 16);
    // The arrests, with their count; the planned deployment is not asserted.
    assert!(events.iter().any(|e| e["category"] == "COERCE" && e["size"]["arrested"]["count"] == 15));
    assert!(events.iter().any(|e| e["category"] == "MOBILIZE" && e["modality"] == "planned"));
    // The dateline city is never an event location.
    assert!(events.iter().all(|e| e["location"]["name"] != "MOGADISHU"));
}

#[test]
fn explain_marks_each_span_of_each_event() {
    let out = sitrep(&["explain", "--color", "never", "--published", "2026-03-04", &example()], None);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let s = String::from_utf8(out.stdout).unwrap();
    assert!(s.contains("#1 ASSAULT asserted"), "{s}");
    assert!(s.contains("[Al-Shabaab fighters](actor) [stormed](trigger)"), "{s}");
    assert!(s.contains("[at least 12](count)"), "{s}");
    assert!(s.contains("rule assault.attack:active"), "{s}");
    assert!(!s.contains('\x1b'), "no colour codes when asked for none");
    let out = sitrep(&["explain", "--color", "always", &example()], None);
    assert!(String::from_utf8(out.stdout).unwrap().contains("\x1b[1;31mstormed\x1b[0m"));
    let out = sitrep(&["explain", "/nonexistent/article.txt"], None);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("/nonexistent/article.txt"));
}

#[test]
fn geocode_lists_ranked_candidates_and_takes_context() {
    let out = sitrep(&["geocode", "--json", "Ramadi", "Anbar province"], None);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let ramadi = &v[0]["candidates"][0];
    assert_eq!(ramadi["country"], "IRQ");
    assert!((ramadi["lat"].as_f64().unwrap() - 33.42).abs() < 0.1);
    assert_eq!(v[1]["candidates"][0]["feature"], "admin1");
    let lbn = sitrep(&["geocode", "--json", "--context", "LBN", "Tripoli"], None);
    let v: serde_json::Value = serde_json::from_slice(&lbn.stdout).unwrap();
    assert_eq!(v[0]["candidates"][0]["country"], "LBN");
    let lby = sitrep(&["geocode", "--json", "--context", "LBY", "Tripoli"], None);
    let v: serde_json::Value = serde_json::from_slice(&lby.stdout).unwrap();
    assert_eq!(v[0]["candidates"][0]["country"], "LBY");
}

#[test]
fn extracted_places_and_event_locations_carry_coordinates() {
    let out = sitrep(&["extract", "--published", "2026-03-04", &example()], None);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let loc = &v["events"][0]["location"];
    assert_eq!(loc["name"], "Beledweyne");
    assert_eq!(loc["country"], "SOM");
    assert_eq!(loc["resolved"], true);
    assert!(loc["geonameid"].as_u64().is_some());
    assert!((loc["lat"].as_f64().unwrap() - 4.74).abs() < 0.2, "{loc}");
    // Every place mention is resolved or says what it could have been.
    for p in v["places"].as_array().unwrap() {
        assert!(p["resolved"] == true || p["candidates"].is_array(), "{p}");
    }
}

#[test]
fn parse_prints_conllu_with_trees() {
    let text = b"Gunmen killed three villagers in the north. Police said the attackers fled.";
    let out = sitrep(&["parse", "-"], Some(text));
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let conllu = String::from_utf8(out.stdout).unwrap();
    let blocks: Vec<&str> = conllu.trim_end().split("\n\n").collect();
    assert_eq!(blocks.len(), 2, "{conllu}");
    for block in blocks {
        let rows: Vec<Vec<&str>> = block.lines().filter(|l| !l.starts_with('#')).map(|l| l.split('\t').collect()).collect();
        assert!(rows.iter().all(|r| r.len() == 10 && r[4] != "_" && r[7] != "_"), "{block}");
        let roots = rows.iter().filter(|r| r[6] == "0").count();
        assert_eq!(roots, 1, "{block}");
        assert!(rows.iter().all(|r| (r[6] == "0") == (r[7] == "ROOT")), "{block}");
    }
    assert!(conllu.contains("\tkilled\t_\t_\tVBD\t_\t0\tROOT\t"), "{conllu}");
    // --tokens-only leaves the columns empty.
    let out = sitrep(&["parse", "--tokens-only", "-"], Some(text));
    let conllu = String::from_utf8(out.stdout).unwrap();
    assert!(conllu.contains("2\tkilled\t_\t_\t_\t_\t_\t_\t_\t_\n"), "{conllu}");
}

#[test]
fn parse_reads_a_dict_syntax_model() {
    let dir = std::env::temp_dir().join(format!("sitrep-cli-syntax-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("syntax.bin"), b"garbage").unwrap();
    // every command that reads text parses with the --dict model, not only `parse`
    for cmd in ["parse", "extract", "explain"] {
        let out = sitrep(&[cmd, "--dict", dir.to_str().unwrap(), "-"], Some(b"Rebels fled."));
        assert_eq!(out.status.code(), Some(2), "{cmd}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("syntax.bin"), "{cmd}: {err}");
    }
    std::fs::remove_dir_all(&dir).unwrap();
}
