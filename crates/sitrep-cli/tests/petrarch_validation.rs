//! PETRARCH2's own validation suite (`../shared/peers/petrarch2/validation/PETR.UnitTest.records.xml`)
//! as a test: with the `PETR.Validate.*` dictionaries as the PETRARCH layer, sitrep codes the
//! `<Text>` of every record (its own segmentation and parse, never the records' `<Parse>` trees)
//! and the share of records coded exactly right must stay at or above [`FLOOR`].
//!
//! How the suite is run (the same as `sitrep` would be by a user with these dictionaries):
//! - `sitrep dict import-petrarch` converts `PETR.Validate.{actors,agents,discards,verbs}.txt`
//!   into a temporary `--dict` directory; its `petrarch/*.toml` replace the built-in PETRARCH
//!   files (the team's own lexicon stays loaded). The directory also gets `petrarch/filter.toml`
//!   (the built-in one with `coded_only_events = true`: PETRARCH codes every verb pattern with a
//!   dyad) and `petrarch/crosswalk.toml` (the built-in one, plus the codes the suite invents —
//!   `901`…`915`, `345`, … — that no crosswalk lists, under a placeholder category, since an event
//!   needs a PLOVER category);
//! - each record is one article, its `date` the publication date (date-bounded actors);
//! - a record's codings are every (actor code, recipient code, event code) of the events that
//!   carry `cameo`, where a role's codes are the distinct `cameo` codes of its parties, without a
//!   code another of them extends ("CAL" beside "CALGOV": a modifier read as a mention of its
//!   own), a code with `/` ("FRO/BIL/SAM") standing for each of its parts, and only codings with a
//!   coded source and target (the suite's `require_dyad`) that differ (no actor acts on itself);
//! - exactly right: that set equals the record's `<EventCoding>` set (`noevents`: empty).
//!   The 7 records of category `ERROR` (and those whose coding is an `error`) test PETRARCH's
//!   input checks (bad parse trees, datelines, discards) and are left out.

use std::collections::{BTreeMap, BTreeSet};
use std::process::Command;

/// The share of records coded exactly right that the test holds sitrep to (reached when it was
/// recorded; see BENCHMARKS.md, "PETRARCH2 validation suite").
// 178/277 (0.643) on branch cameo; 177/277 (0.639) once merged with session 13's party rules
// (one DEMO record's parties read differently); 184/277 (0.664) on branch valid with clausal
// complements climbed, reciprocal team events and coordinated parties; 195/277 (0.704) with
// `[--- <date]` read, state agents, adjacent appositions and uncoded team roles; 199/277 (0.718)
// with "White House" read as an actor; 203/277 (0.733) with the dictionary's country codes;
// 208/277 (0.751) with capitals coded as states and adjuncts kept apart from the verb's act;
// 210/277 (0.758) with the place of the act as the last target; 222/277 (0.801) on branch
// valid2 (a name claiming its role word, `^` skipping a noun phrase, names with their article,
// coordinated names and modifiers, a modal coded by its verb, acts with agents of their own);
// 225/277 (0.812) with no verb inside a prepositional phrase, a pronoun's complement clause
// giving its coded phrase, and a participle complement of "was" read as passive; 230/277
// (0.830) with words joined to the verb, verbless complements, modals never coded themselves
// and pattern words matched as written.
const FLOOR: f64 = 0.825;

fn sitrep(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_sitrep")).args(args).output().expect("run sitrep")
}

/// The value of attribute `key` in a tag's attribute text (`key="v"` or `key = "v"`).
fn attr(tag: &str, key: &str) -> Option<String> {
    let mut from = 0;
    while let Some(i) = tag[from..].find(key) {
        let at = from + i;
        from = at + key.len();
        let before_ok = at == 0 || !tag.as_bytes()[at - 1].is_ascii_alphanumeric();
        let rest = tag[from..].trim_start();
        if !before_ok || !rest.starts_with('=') {
            continue;
        }
        let rest = rest[1..].trim_start().strip_prefix('"')?;
        return rest.find('"').map(|e| rest[..e].to_string());
    }
    None
}

struct Record {
    id: String,
    category: String,
    date: Option<String>,
    text: String,
    codings: BTreeSet<(String, String, String)>,
}

fn records(xml: &str) -> Vec<Record> {
    let mut out = Vec::new();
    // comments hold example markup: drop them first
    let mut clean = String::with_capacity(xml.len());
    let mut rest = xml;
    while let Some(i) = rest.find("<!--") {
        clean.push_str(&rest[..i]);
        rest = rest[i..].find("-->").map_or("", |e| &rest[i + e + 3..]);
    }
    clean.push_str(rest);
    for (n, chunk) in clean.split("<Sentence ").skip(1).enumerate() {
        let Some(end) = chunk.find("</Sentence>") else { continue };
        let chunk = &chunk[..end];
        let head = &chunk[..chunk.find('>').unwrap_or(0)];
        let category = attr(head, "category").unwrap_or_default();
        let mut codings = BTreeSet::new();
        let mut error = false;
        for c in chunk.split("<EventCoding").skip(1) {
            let tag = &c[..c.find('>').unwrap_or(c.len())];
            if attr(tag, "error").is_some() {
                error = true;
            }
            if let (Some(s), Some(t), Some(e)) = (attr(tag, "sourcecode"), attr(tag, "targetcode"), attr(tag, "eventcode")) {
                codings.insert((s, t, e));
            }
        }
        if category == "ERROR" || error {
            continue;
        }
        let text = chunk
            .split_once("<Text>")
            .and_then(|(_, t)| t.split_once("</Text>"))
            .map(|(t, _)| t.split_whitespace().collect::<Vec<_>>().join(" ").replace("&amp;", "&"))
            .unwrap_or_default();
        let date = attr(head, "date").filter(|d| d.len() == 8).map(|d| format!("{}-{}-{}", &d[..4], &d[4..6], &d[6..]));
        // the suite's categories, without their variants ("AGENTS", "COMPOUNDx")
        let category = match category.as_str() {
            "AGENTS" => "AGENT".to_string(),
            c => c.trim_end_matches('x').to_string(),
        };
        out.push(Record { id: format!("{n:03}:{}", attr(head, "id").unwrap_or_default()), category, date, text, codings });
    }
    out
}

/// The codes of one role of an event (see the module documentation).
fn role_codes(parties: &serde_json::Value) -> Vec<String> {
    let mut codes: BTreeSet<String> = BTreeSet::new();
    for p in parties.as_array().into_iter().flatten() {
        if let Some(c) = p["cameo"].as_str() {
            codes.extend(c.split('/').filter(|x| !x.is_empty()).map(str::to_string));
        }
    }
    let all = codes.clone();
    codes.retain(|c| !all.iter().any(|o| o != c && o.starts_with(c.as_str())));
    codes.into_iter().collect()
}

fn codings(out: &serde_json::Value) -> BTreeSet<(String, String, String)> {
    let mut got = BTreeSet::new();
    for e in out["events"].as_array().into_iter().flatten() {
        let Some(code) = e["cameo"]["code"].as_str() else { continue };
        for s in role_codes(&e["actor"]) {
            for t in role_codes(&e["recipient"]).into_iter().filter(|t| *t != s) {
                got.insert((s.clone(), t, code.to_string()));
            }
        }
    }
    got
}

#[test]
fn petrarch2_validation_records_are_coded_right_at_or_above_the_floor() {
    let Some(xml_path) = sitrep_test_support::shared_file("peers/petrarch2/validation/PETR.UnitTest.records.xml") else { return };
    let Some(dicts) = sitrep_test_support::shared_file("peers/petrarch2/dictionaries") else { return };
    let dir = std::env::temp_dir().join(format!("sitrep-petrarch-validation-{}", std::process::id()));
    let lex = dir.join("lex");
    std::fs::create_dir_all(&lex).unwrap();
    let (dicts_s, lex_s) = (dicts.to_string_lossy().into_owned(), lex.to_string_lossy().into_owned());
    let run = sitrep(&[
        "dict",
        "import-petrarch",
        &dicts_s,
        "--out",
        &lex_s,
        "--actors",
        "PETR.Validate.actors.txt",
        "--agents",
        "PETR.Validate.agents.txt",
        "--discards",
        "PETR.Validate.discards.txt",
        "--verbs",
        "PETR.Validate.verbs.txt",
    ]);
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));

    // the crosswalk, with the codes only the suite uses under a placeholder category
    let data = concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/lexicon/petrarch/");
    let crosswalk_text = std::fs::read_to_string(format!("{data}crosswalk.toml")).unwrap();
    let crosswalk: sitrep_lexicon::petrarch::CrosswalkFile = toml::from_str(&crosswalk_text).unwrap();
    let known: BTreeSet<&str> = crosswalk.code.iter().map(|e| e.cameo.as_str()).collect();
    let verbs: sitrep_lexicon::petrarch::VerbsFile =
        toml::from_str(&std::fs::read_to_string(lex.join("petrarch/verbs.toml")).unwrap()).unwrap();
    let mut codes: BTreeSet<String> = BTreeSet::new();
    for g in &verbs.group {
        codes.extend(g.code.clone());
        codes.extend(g.verbs.iter().filter_map(|v| v.code.clone()));
        codes.extend(g.patterns.iter().flat_map(|p| p.code.iter().chain(&p.alt).cloned()));
    }
    let mut text = crosswalk_text.trim_end().trim_end_matches(']').to_string();
    for c in codes.iter().filter(|c| !known.contains(c.as_str()) && !c.get(..2).is_some_and(|r| known.contains(r))) {
        text.push_str(&format!("  {{ cameo = \"{c}\", category = \"CONSULT\" }},\n"));
    }
    text.push_str("]\n");
    std::fs::write(lex.join("petrarch/crosswalk.toml"), text).unwrap();
    let filter = std::fs::read_to_string(format!("{data}filter.toml")).unwrap();
    assert!(filter.contains("coded_only_events = false"), "filter.toml names the switch");
    std::fs::write(
        lex.join("petrarch/filter.toml"),
        filter
            .replace("coded_only_events = false", "coded_only_events = true")
            .replace("read_country_codes = false", "read_country_codes = true"),
    )
    .unwrap();

    let records = records(&std::fs::read_to_string(&xml_path).unwrap());
    assert!(records.len() >= 270, "{} records read", records.len());
    let input = dir.join("records.jsonl");
    let lines: Vec<String> =
        records.iter().map(|r| serde_json::json!({"id": r.id, "text": r.text, "published": r.date}).to_string()).collect();
    std::fs::write(&input, lines.join("\n") + "\n").unwrap();
    let run = sitrep(&["extract", "--threads", "1", "--dict", &lex_s, &input.to_string_lossy()]);
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let outputs: Vec<serde_json::Value> =
        String::from_utf8_lossy(&run.stdout).lines().map(|l| serde_json::from_str(l).expect("one JSON record per line")).collect();
    assert_eq!(outputs.len(), records.len());

    let mut per: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    let mut wrong = Vec::new();
    for (r, out) in records.iter().zip(&outputs) {
        assert_eq!(out["article"]["id"].as_str(), Some(r.id.as_str()));
        let got = codings(out);
        let e = per.entry(r.category.as_str()).or_default();
        e.1 += 1;
        if got == r.codings {
            e.0 += 1;
        } else {
            wrong.push(format!("{} want {:?} got {:?}", r.id, r.codings, got));
        }
    }
    let right: usize = per.values().map(|x| x.0).sum();
    let share = right as f64 / records.len() as f64;
    println!("PETRARCH2 validation: {right}/{} records exactly right = {share:.3}", records.len());
    for (c, (ok, n)) in &per {
        println!("  {c:<9} {ok:>3}/{n:<3} {:.3}", *ok as f64 / *n as f64);
    }
    if std::env::var_os("SITREP_VALIDATION_VERBOSE").is_some() {
        for w in &wrong {
            println!("{w}");
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    assert!(share >= FLOOR, "{right}/{} = {share:.3} exactly right, below the floor {FLOOR}", records.len());
}

#[test]
fn records_and_attributes_are_read() {
    let xml = "<Sentences><!-- <Sentence x> --><Sentence date=\"19950101\" id=\"DEMO-00\" category=\"DEMO\">\n<EventCoding sourcecode=\"ARN\" targetcode=\"GON\" eventcode=\"064\"></EventCoding>\n<Text>\nArnor  restores\nties.\n</Text></Sentence>\n<Sentence id=\"E\" category=\"ERROR\"><EventCoding error=\"x\"></EventCoding><Text>x</Text></Sentence><Sentence id=\"N\" category=\"COMPOUNDx\"><EventCoding noevents = \"True\"></EventCoding><Text>y</Text></Sentence></Sentences>";
    let r = records(xml);
    assert_eq!(r.len(), 2, "the ERROR record is left out");
    assert_eq!((r[0].text.as_str(), r[0].date.as_deref(), r[0].category.as_str()), ("Arnor restores ties.", Some("1995-01-01"), "DEMO"));
    assert_eq!(r[0].codings.iter().next().map(|c| c.2.as_str()), Some("064"));
    assert!(r[1].codings.is_empty() && r[1].category == "COMPOUND");
    let parties = serde_json::json!([{"cameo": "CAL"}, {"cameo": "CALGOV"}, {"cameo": "FRO/BIL"}, {}]);
    assert_eq!(role_codes(&parties), vec!["BIL", "CALGOV", "FRO"]);
}
