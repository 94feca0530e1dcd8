//! Compiles `data/lexicon/petrarch/actors.toml` (~35,000 names) into a sorted static table
//! (`OUT_DIR/petrarch_actors.rs`), so the recognizer looks names up without parsing TOML or
//! building anything at start-up. The schema is `src/petrarch/mod.rs` (`ActorsFile`); a test
//! there checks that this table equals the one built from the file parsed with that schema.
//! It also writes `verbs.toml` and `agents.toml` as JSON (`OUT_DIR/petrarch_{verbs,agents}.json`).

use serde::Deserialize;
use std::fmt::Write;

#[derive(Deserialize)]
struct File {
    #[serde(default)]
    actor: Vec<Actor>,
}

#[derive(Deserialize)]
struct Actor {
    name: String,
    #[serde(default)]
    synonyms: Vec<String>,
    #[serde(default)]
    codes: Vec<Code>,
}

#[derive(Deserialize)]
struct Code {
    code: String,
    from: Option<String>,
    until: Option<String>,
}

// The folding of `petrarch::key`, from the one file both use.
include!("src/petrarch/fold.rs");

fn day(s: &Option<String>, open: u32) -> u32 {
    match s {
        Some(s) => s.replace('-', "").parse().unwrap_or_else(|_| panic!("actors.toml: bad date {s}")),
        None => open,
    }
}

fn main() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/lexicon/petrarch/actors.toml");
    println!("cargo:rerun-if-changed={path}");
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=src/petrarch/fold.rs");
    let file: File = match std::fs::read_to_string(path) {
        Ok(text) => toml::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}")),
        Err(_) => File { actor: Vec::new() },
    };
    let mut out = String::from("pub static ACTORS: &[ActorRec] = &[\n");
    let mut keys: Vec<(String, u32)> = Vec::new();
    for (i, a) in file.actor.iter().enumerate() {
        let codes: Vec<String> = a
            .codes
            .iter()
            .map(|c| format!("CodeRec {{ code: {:?}, from: {}, until: {} }}", c.code, day(&c.from, 0), day(&c.until, u32::MAX)))
            .collect();
        let _ = writeln!(out, "ActorRec {{ name: {:?}, codes: &[{}] }},", a.name, codes.join(", "));
        for p in std::iter::once(&a.name).chain(&a.synonyms) {
            let k = key(p);
            if !k.is_empty() {
                keys.push((k, i as u32));
            }
        }
    }
    // the first record with codes naming a key keeps it (a record without codes only when no other names it)
    let bare = |i: u32| file.actor[i as usize].codes.is_empty();
    keys.sort_by(|a, b| a.0.cmp(&b.0).then(bare(a.1).cmp(&bare(b.1))).then(a.1.cmp(&b.1)));
    keys.dedup_by(|b, a| a.0 == b.0);
    out.push_str("];\npub static KEYS: &[(&str, u32)] = &[\n");
    for (k, i) in &keys {
        let _ = writeln!(out, "({k:?}, {i}),");
    }
    out.push_str("];\npub static PREFIXES: &[u64] = &[\n");
    for (k, _) in &keys {
        let _ = writeln!(out, "{},", prefix8(k));
    }
    out.push_str("];\n");
    let out_dir = std::path::PathBuf::from(std::env::var("OUT_DIR").unwrap());
    std::fs::write(out_dir.join("petrarch_actors.rs"), out).unwrap();

    // The verbs and agents as JSON, which parses several times faster than their TOML when the
    // event coder first needs them (the schema still checks them then, and a test checks the
    // JSON reads as the TOML does).
    for name in ["verbs", "agents"] {
        let path = format!("{}/../../data/lexicon/petrarch/{name}.toml", env!("CARGO_MANIFEST_DIR"));
        println!("cargo:rerun-if-changed={path}");
        let json = match std::fs::read_to_string(&path) {
            Ok(text) => {
                let value: toml::Value = toml::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"));
                serde_json::to_string(&value).unwrap()
            }
            Err(_) => "{}".to_string(),
        };
        std::fs::write(out_dir.join(format!("petrarch_{name}.json")), json).unwrap();
    }
}
