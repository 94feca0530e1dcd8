//! The batch path end to end: `sitrep ingest` into a store, incidents, exports, and a killed
//! ingest that re-runs to the same database as a clean one.

use sitrep_store::{Filter, Store};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn sitrep(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sitrep")).args(args).output().expect("run sitrep")
}

fn dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("sitrep-ingest-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// `n` distinct short reports written from team sentences (towns, counts and days vary).
fn reports(n: usize) -> String {
    let towns = ["Marib", "Taiz", "Aden", "Hodeidah", "Sanaa", "Ibb"];
    let days = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"];
    let mut out = String::new();
    for i in 0..n {
        let town = towns[i % towns.len()];
        let day = days[i % days.len()];
        let text = format!(
            "Fighters shelled {town} on {day}, killing {} civilians, residents said. Police arrested {} men in {town} after the attack. Report number {i}.",
            2 + i % 7,
            1 + i % 5
        );
        out.push_str(
            &serde_json::json!({"id": format!("r{i}"), "published": format!("2024-03-{:02}", 1 + i % 28), "text": text}).to_string(),
        );
        out.push('\n');
    }
    out
}

#[test]
fn ingesting_twice_leaves_the_same_rows() {
    let d = dir("twice");
    let input = d.join("in.jsonl");
    std::fs::write(&input, reports(12)).unwrap();
    let db = d.join("s.db");
    let first = sitrep(&["ingest", s(&input), "--db", s(&db)]);
    assert!(first.status.success(), "{}", String::from_utf8_lossy(&first.stderr));
    let summary = String::from_utf8_lossy(&first.stderr);
    assert!(summary.contains("12 articles read") && summary.contains("incidents"), "{summary}");
    let before = Store::open(&db).unwrap().dump().unwrap();
    let counts = Store::open(&db).unwrap().counts().unwrap();
    assert_eq!(counts.articles, 12);
    assert!(counts.events >= 24 && counts.incidents >= 1, "{counts:?}");
    let again = sitrep(&["ingest", s(&input), "--db", s(&db)]);
    assert!(again.status.success());
    assert!(
        String::from_utf8_lossy(&again.stderr).contains("0 articles read (12 already stored)"),
        "{}",
        String::from_utf8_lossy(&again.stderr)
    );
    assert_eq!(Store::open(&db).unwrap().dump().unwrap(), before);
    // A re-extraction of everything replaces the rows with the same rows.
    let re = sitrep(&["reextract", "--db", s(&db), "--all"]);
    assert!(re.status.success(), "{}", String::from_utf8_lossy(&re.stderr));
    assert!(String::from_utf8_lossy(&re.stderr).contains("12 articles read"));
    assert_eq!(Store::open(&db).unwrap().dump().unwrap(), before);
    std::fs::remove_dir_all(&d).unwrap();
}

#[test]
fn a_killed_ingest_reruns_to_the_database_of_a_clean_run() {
    let d = dir("kill");
    let input = d.join("in.jsonl");
    let n = 300;
    std::fs::write(&input, reports(n)).unwrap();
    let clean = d.join("clean.db");
    let out = sitrep(&["ingest", s(&input), "--db", s(&clean), "--threads", "2"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let want = Store::open(&clean).unwrap().dump().unwrap();

    let killed = d.join("killed.db");
    let mut child = Command::new(env!("CARGO_BIN_EXE_sitrep"))
        // Small rounds, so articles are committed while the rest are still being read.
        .args(["ingest", s(&input), "--db", s(&killed), "--threads", "1", "--chunk", "8"])
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Wait until some articles are committed, then kill it mid-way.
    let started = std::time::Instant::now();
    let mut seen = 0;
    while started.elapsed().as_secs() < 120 {
        std::thread::sleep(std::time::Duration::from_millis(20));
        // A read-only look: opening it as a store would take locks (WAL, migrations) the
        // ingest then waits on.
        let flags = rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY;
        if let Ok(conn) = rusqlite::Connection::open_with_flags(&killed, flags) {
            if let Ok(n) = conn.query_row("SELECT count(*) FROM articles", [], |r| r.get::<_, i64>(0)) {
                seen = n as usize;
                if seen >= 32 {
                    break;
                }
            }
        }
    }
    let still_running = child.try_wait().unwrap().is_none();
    child.kill().unwrap(); // SIGKILL on Unix
    child.wait().unwrap();
    assert!(still_running && seen >= 32 && seen < n, "the ingest must be killed mid-way (saw {seen} of {n} articles)");
    let partial = Store::open(&killed).unwrap().counts().unwrap();
    assert!(partial.articles < n, "{partial:?}");
    let out = sitrep(&["ingest", s(&input), "--db", s(&killed), "--threads", "2"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(Store::open(&killed).unwrap().dump().unwrap(), want);
    std::fs::remove_dir_all(&d).unwrap();
}

#[test]
fn bad_inputs_become_error_records_and_the_batch_goes_on() {
    let d = dir("errors");
    let inputs = d.join("inputs");
    std::fs::create_dir_all(inputs.join("sub")).unwrap();
    std::fs::write(inputs.join("a.jsonl"), format!("{}not json\n{{\"text\": \"\"}}\n", reports(2))).unwrap();
    std::fs::write(inputs.join("sub/b.txt"), "Police arrested nine protesters in Lagos on Monday.").unwrap();
    std::fs::write(inputs.join("sub/c.bin"), b"PK\x03\x04\x00\x00junk").unwrap();
    let db = d.join("s.db");
    let errors = d.join("errors.jsonl");
    let out = sitrep(&["ingest", s(&inputs), "--db", s(&db), "--errors", s(&errors)]);
    assert_eq!(out.status.code(), Some(1), "completed with errors");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("completed with errors"), "{stderr}");
    assert_eq!(Store::open(&db).unwrap().counts().unwrap().articles, 3, "2 JSON lines and the text file");
    let lines: Vec<serde_json::Value> =
        std::fs::read_to_string(&errors).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 3, "{lines:?}");
    let at = |i: usize| (lines[i]["input"].as_str().unwrap().rsplit('/').next().unwrap().to_string(), lines[i]["position"].clone());
    assert_eq!(at(0), ("a.jsonl".to_string(), serde_json::json!("line 3")), "{lines:?}");
    assert_eq!(at(1), ("a.jsonl".to_string(), serde_json::json!("line 4")), "{lines:?}");
    assert_eq!(at(2).0, "c.bin", "{lines:?}");
    assert!(lines[2]["reason"].as_str().unwrap().contains("binary"), "{lines:?}");
    std::fs::remove_dir_all(&d).unwrap();
}

#[derive(serde::Deserialize)]
struct Gold {
    act: Vec<GoldAct>,
}

#[derive(serde::Deserialize)]
struct GoldAct {
    article: String,
    incident: String,
    category: String,
    trigger: String,
}

/// The team corpus: 12 articles on 4 real events, and 3 decoys that must stay apart.
#[test]
fn reports_of_four_real_events_make_four_incidents() {
    let d = dir("incidents");
    let db = d.join("s.db");
    let corpus = root().join("eval/incidents/articles.jsonl");
    let out = sitrep(&["ingest", s(&corpus), "--db", s(&db)]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let gold: Gold = toml::from_str(&std::fs::read_to_string(root().join("eval/incidents/gold.toml")).unwrap()).unwrap();
    let store = Store::open(&db).unwrap();
    let incidents = store.incidents(&Filter::default()).unwrap();
    // Items: the acts of gold.toml, each labelled with its real-world event.
    let events = store.events(&Filter::default()).unwrap();
    let (mut pred, mut want) = (Vec::new(), Vec::new());
    let mut labels: Vec<&str> = Vec::new();
    for (i, inc) in incidents.iter().enumerate() {
        for id in &inc.events {
            let e = &events.iter().find(|(_, e)| &e.id == id).expect("a member is a stored event").1;
            let Some(g) = gold.act.iter().find(|g| g.article == e.article.id && g.category == e.category && g.trigger == e.trigger.text)
            else {
                continue;
            };
            let label = labels.iter().position(|l| *l == g.incident).unwrap_or_else(|| {
                labels.push(&g.incident);
                labels.len() - 1
            });
            pred.push(i);
            want.push(label);
        }
    }
    let (p, r) = sitrep_incidents::pairwise(&pred, &want);
    eprintln!("incident clustering on eval/incidents: pairwise precision {p:.3}, recall {r:.3} over {} events", pred.len());
    // Every real event is one incident holding all three of its reports, and nothing else.
    for label in ["chibok", "garissa", "westgate", "womens-march"] {
        let mut ids: Vec<&str> = gold.act.iter().filter(|g| g.incident == label).map(|g| g.article.as_str()).collect();
        ids.sort();
        ids.dedup();
        let holding: Vec<&sitrep_core::Incident> =
            incidents.iter().filter(|inc| inc.articles.len() > 1 && inc.articles.iter().any(|a| ids.contains(&a.as_str()))).collect();
        assert_eq!(holding.len(), 1, "{label}: {:?}", holding.iter().map(|i| &i.articles).collect::<Vec<_>>());
        let mut got: Vec<&str> = holding[0].articles.iter().map(|a| a.as_str()).collect();
        got.sort();
        assert_eq!(got, ids, "{label}");
    }
    // The decoys (the same town a week later; other towns the same day) stay alone.
    for decoy in gold.act.iter().filter(|g| g.article.starts_with("decoy-")) {
        for inc in incidents.iter().filter(|i| i.articles.contains(&decoy.article)) {
            assert_eq!(inc.articles, vec![decoy.article.clone()], "{}", decoy.article);
        }
    }
    assert_eq!(pred.len(), gold.act.len(), "every act of gold.toml is found in some incident");
    assert_eq!(incidents.iter().filter(|i| i.articles.len() > 1).count(), 4);
    assert!(p >= 0.99 && r >= 0.99, "pairwise precision {p:.3}, recall {r:.3}");
    // Counts are reconciled by the latest report, with the range kept.
    let garissa = incidents.iter().find(|i| i.articles.iter().any(|a| a == "garissa-1") && i.articles.len() == 3).unwrap();
    let k = garissa.size.killed.as_ref().expect("a death toll");
    assert_eq!((k.count, k.min, k.max, k.sources.len()), (148, 70, 148, 3));
    std::fs::remove_dir_all(&d).unwrap();
}

#[test]
fn exports_open_in_other_readers() {
    let d = dir("export");
    let db = d.join("s.db");
    let out = sitrep(&["ingest", s(&root().join("eval/incidents/articles.jsonl")), "--db", s(&db)]);
    assert!(out.status.success());
    // GeoJSON: checked against a GeoJSON schema by Python's jsonschema, not by our writer.
    let geo = d.join("events.geojson");
    let out = sitrep(&["export", "--db", s(&db), "--format", "geojson", "-o", s(&geo)]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let check = Command::new("python3")
        .args([
            "-c",
            "import json,sys,jsonschema; jsonschema.validate(json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))); print(len(json.load(open(sys.argv[1]))['features']))",
            s(&geo),
            s(&root().join("eval/schemas/geojson-featurecollection.schema.json")),
        ])
        .output()
        .expect("python3 with jsonschema (installed on this machine's image)");
    assert!(check.status.success(), "{}", String::from_utf8_lossy(&check.stderr));
    let features: usize = String::from_utf8_lossy(&check.stdout).trim().parse().unwrap();
    assert!(features >= 15, "{features}");
    // ACLED CSV: ACLED's header, one row per asserted event with an ACLED view, Kenya named.
    let out = sitrep(&["export", "--db", s(&db), "--format", "acled-csv", "--country", "KEN"]);
    assert!(out.status.success());
    let mut rd = csv::Reader::from_reader(&out.stdout[..]);
    let header: Vec<String> = rd.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(&header[..7], ["event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type"]);
    let rows: Vec<csv::StringRecord> = rd.records().map(|r| r.unwrap()).collect();
    let country = header.iter().position(|h| h == "country").unwrap();
    assert!(rows.len() >= 7 && rows.iter().all(|r| &r[country] == "Kenya"), "{rows:?}");
    // Filters: a bounding box around Nairobi holds the Westgate reports only.
    let out = sitrep(&["export", "--db", s(&db), "--format", "csv", "--level", "incident", "--bbox", "36.6,-1.5,37.1,-1.1"]);
    let mut rd = csv::Reader::from_reader(&out.stdout[..]);
    let articles = rd.headers().unwrap().iter().position(|h| h == "articles").unwrap();
    let rows: Vec<csv::StringRecord> = rd.records().map(|r| r.unwrap()).collect();
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert_eq!(&rows[0][articles], "westgate-1; westgate-2; westgate-3");
    // PLOVER lines parse and carry PLOVER's names.
    let out = sitrep(&["export", "--db", s(&db), "--format", "plover-jsonl", "--category", "PROTEST"]);
    let lines: Vec<serde_json::Value> = String::from_utf8_lossy(&out.stdout).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 3);
    assert!(lines.iter().all(|v| v["event"][0] == "PROTEST" && v["event_loc"]["country_code"] == "USA"), "{lines:?}");
    // A terminal table.
    let out = sitrep(&["query", "--db", s(&db), "--level", "incident", "--category", "protest"]);
    let table = String::from_utf8_lossy(&out.stdout);
    assert!(table.contains("Washington") && table.contains("3 sources") && table.contains("(1 of 1 rows)"), "{table}");
    // Missing database: a clear error.
    let out = sitrep(&["query", "--db", s(&d.join("none.db"))]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no database at"));
    std::fs::remove_dir_all(&d).unwrap();
}

/// A Python with pyarrow: the system's, else a virtual environment made once under the target
/// directory (pip reaches the Python package registry from this machine).
fn python_with_pyarrow() -> PathBuf {
    let system = PathBuf::from("python3");
    if Command::new(&system).args(["-c", "import pyarrow"]).output().is_ok_and(|o| o.status.success()) {
        return system;
    }
    let venv = Path::new(env!("CARGO_TARGET_TMPDIR")).join("pyarrow-venv");
    let python = venv.join("bin/python");
    if !Command::new(&python).args(["-c", "import pyarrow"]).output().is_ok_and(|o| o.status.success()) {
        let made = Command::new("python3").args(["-m", "venv", s(&venv)]).status().expect("python3 -m venv");
        assert!(made.success(), "could not make a virtual environment at {}", venv.display());
        let pip = Command::new(venv.join("bin/pip")).args(["install", "-q", "pyarrow"]).status().expect("pip");
        assert!(pip.success(), "pip install pyarrow failed (the Python package registry must be reachable)");
    }
    python
}

#[test]
fn parquet_exports_read_back_in_pyarrow() {
    let d = dir("parquet");
    let db = d.join("s.db");
    let out = sitrep(&["ingest", s(&root().join("eval/incidents/articles.jsonl")), "--db", s(&db)]);
    assert!(out.status.success());
    let events = d.join("events.parquet");
    let incidents = d.join("incidents.parquet");
    for (level, path) in [("event", &events), ("incident", &incidents)] {
        let out = sitrep(&["export", "--db", s(&db), "--format", "parquet", "--level", level, "-o", s(path)]);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    }
    let script = r#"
import json, sys
import pyarrow.parquet as pq
ev = pq.read_table(sys.argv[1])
inc = pq.read_table(sys.argv[2])
types = {f.name: str(f.type) for f in ev.schema}
rows = inc.to_pylist()
garissa = [r for r in rows if r["articles"] and "garissa-1" in r["articles"] and r["sources"] == 3]
print(json.dumps({"events": ev.num_rows, "incidents": inc.num_rows, "lat": types["lat"], "killed": types["killed"],
                  "historical": types["historical"], "category": types["category"],
                  "garissa_killed": garissa[0]["killed"] if garissa else None}))
"#;
    let py = Command::new(python_with_pyarrow()).args(["-c", script, s(&events), s(&incidents)]).output().unwrap();
    assert!(py.status.success(), "{}", String::from_utf8_lossy(&py.stderr));
    let v: serde_json::Value = serde_json::from_slice(&py.stdout).unwrap();
    let store = Store::open(&db).unwrap();
    let counts = store.counts().unwrap();
    assert_eq!(v["events"], counts.events);
    assert_eq!(v["incidents"], counts.incidents);
    assert_eq!((v["lat"].as_str(), v["killed"].as_str(), v["historical"].as_str()), (Some("double"), Some("int64"), Some("bool")));
    assert_eq!(v["category"], "string");
    assert_eq!(v["garissa_killed"], 148);
    std::fs::remove_dir_all(&d).unwrap();
}

/// One WARC response record holding an HTML page.
fn warc_record(uri: &str, date: &str, html: &str) -> Vec<u8> {
    let http = format!("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n{html}");
    let mut out = format!(
        "WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: {uri}\r\nWARC-Date: {date}\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: {}\r\n\r\n",
        http.len()
    )
    .into_bytes();
    out.extend(http.as_bytes());
    out.extend(b"\r\n\r\n");
    out
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(bytes).unwrap();
    e.finish().unwrap()
}

#[test]
fn html_feeds_and_warc_go_into_the_store_with_their_metadata() {
    let d = dir("kinds");
    let inputs = d.join("inputs");
    std::fs::create_dir_all(&inputs).unwrap();
    // CC-NEWS style: one gzip member per record.
    let page = |title: &str, body: &str| {
        format!("<html><head><title>{title}</title></head><body><nav>Home | World</nav><article><p>{body}</p></article><footer>Contact us</footer></body></html>")
    };
    let mut warc = gzip(&warc_record(
        "https://news.example/a",
        "2024-03-05T10:00:00Z",
        &page("Clashes in Marib", "Fighters shelled Marib on Monday, killing four civilians, residents said."),
    ));
    warc.extend(gzip(&warc_record(
        "https://news.example/b",
        "2024-03-06T09:00:00Z",
        &page("Arrests in Lagos", "Police in Lagos arrested 12 protesters on Tuesday."),
    )));
    std::fs::write(inputs.join("crawl.warc.gz"), warc).unwrap();
    std::fs::write(
        inputs.join("feed.rss"),
        r#"<?xml version="1.0"?><rss version="2.0"><channel><title>Team Wire</title>
<item><title>Ceasefire talks</title><link>https://wire.example/1</link><pubDate>Thu, 07 Mar 2024 08:00:00 +0000</pubDate>
<description>&lt;p&gt;Rebel and army delegations met in Geneva on Wednesday for ceasefire talks.&lt;/p&gt;</description></item>
</channel></rss>"#,
    )
    .unwrap();
    std::fs::write(
        inputs.join("page.html"),
        r#"<html><head><meta property="article:published_time" content="2024-03-08T12:00:00+03:00"><link rel="canonical" href="https://paper.example/story"><title>Protest</title></head>
<body><main><p>Thousands of teachers marched in Nairobi on Thursday to demand higher pay.</p></main></body></html>"#,
    )
    .unwrap();
    let db = d.join("s.db");
    let out = sitrep(&["ingest", s(&inputs), "--db", s(&db)]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let store = Store::open(&db).unwrap();
    assert_eq!(store.counts().unwrap().articles, 4);
    let events = store.events(&Filter::default()).unwrap();
    let find = |url: &str| events.iter().map(|(_, e)| e).filter(|e| e.article.url.as_deref() == Some(url)).collect::<Vec<_>>();
    let marib = find("https://news.example/a");
    let shelling = marib.iter().find(|e| e.category == "ASSAULT").expect("the WARC page's shelling");
    assert_eq!(shelling.article.published.as_deref(), Some("2024-03-05"), "WARC-Date when the page gives none");
    assert_eq!(shelling.date.as_ref().and_then(|x| x.value.as_deref()), Some("2024-03-04"), "'on Monday' before 5 March");
    assert_eq!(shelling.size.killed.as_ref().map(|c| c.count), Some(4));
    let talks = find("https://wire.example/1");
    assert!(talks.iter().any(|e| e.category == "CONSULT" && e.article.source.as_deref() == Some("Team Wire")), "{talks:?}");
    let march = find("https://paper.example/story");
    assert!(march.iter().any(|e| e.category == "PROTEST" && e.article.published.as_deref() == Some("2024-03-08")), "{march:?}");
    // Navigation and footers are not text: no event and no sentence comes from them.
    assert!(events.iter().all(|(_, e)| !e.trigger.text.contains("Contact")));
    std::fs::remove_dir_all(&d).unwrap();
}
