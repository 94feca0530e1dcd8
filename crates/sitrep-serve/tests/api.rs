//! The HTTP API end to end: every endpoint's answers checked by value, and its errors (bad JSON,
//! oversized bodies, tokens, unknown ids, a stalled client, too many requests at once).

use axum::body::Body;
use axum::http::{header, HeaderMap, Method, Request, StatusCode};
use serde_json::Value;
use sitrep_pipeline::Pipeline;
use sitrep_serve::{AppState, Config, Limits};
use std::collections::BTreeSet;
use std::io::{Read, Write};
use std::path::PathBuf;
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};
use tower::ServiceExt;

const TOKEN: &str = "s3cret-token";

// Short articles written for these tests.
const BORNO: &str = "Gunmen attacked a village near Maiduguri on Sunday, killing 12 people, police said.";
const LAGOS: &str = "Police in Lagos arrested 20 protesters on Tuesday after a march against fuel prices.";
const MARIB: &str = "Government troops shelled the town of Marib on Monday, killing four civilians, residents said.";

fn pipeline() -> Arc<Pipeline> {
    static P: OnceLock<Arc<Pipeline>> = OnceLock::new();
    P.get_or_init(|| Arc::new(Pipeline::new(&sitrep_lexicon::Lexicon::builtin()))).clone()
}

/// A store in a directory of its own, removed at the end.
struct Env {
    dir: PathBuf,
    app: axum::Router,
}

impl Drop for Env {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn config(name: &str, token: Option<&str>, limits: Limits) -> (Config, PathBuf) {
    let dir = std::env::temp_dir().join(format!("sitrep-serve-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let config = Config {
        addr: "127.0.0.1:0".parse().unwrap(),
        db: dir.join("s.db"),
        token: token.map(str::to_string),
        limits,
        pipeline: pipeline(),
        incidents: sitrep_serve::incident_params(&sitrep_lexicon::Lexicon::builtin()),
        threads: 2,
    };
    (config, dir)
}

fn env_with(name: &str, token: Option<&str>, limits: Limits) -> Env {
    let (config, dir) = config(name, token, limits);
    let app = sitrep_serve::router(AppState::new(&config).unwrap());
    Env { dir, app }
}

fn env(name: &str) -> Env {
    env_with(name, Some(TOKEN), Limits::default())
}

struct Reply {
    status: StatusCode,
    headers: HeaderMap,
    body: Vec<u8>,
}

impl Reply {
    fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&self.body)))
    }
    fn content_type(&self) -> &str {
        self.headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("")
    }
    /// The answer is an RFC 9457 problem of this status and kind.
    fn assert_problem(&self, status: u16, kind: &str) {
        assert_eq!(self.status.as_u16(), status, "{}", String::from_utf8_lossy(&self.body));
        assert_eq!(self.content_type(), "application/problem+json");
        let p = self.json();
        assert_eq!(p["type"], format!("urn:sitrep:problem:{kind}"), "{p}");
        assert_eq!(p["status"], status);
        assert!(p["title"].as_str().is_some_and(|t| !t.is_empty()), "{p}");
        assert!(p["detail"].as_str().is_some_and(|t| !t.is_empty()), "{p}");
    }
}

async fn send(app: &axum::Router, req: Request<Body>) -> Reply {
    let resp = app.clone().oneshot(req).await.unwrap();
    let status = resp.status();
    let headers = resp.headers().clone();
    let body = axum::body::to_bytes(resp.into_body(), usize::MAX).await.unwrap().to_vec();
    Reply { status, headers, body }
}

async fn get(app: &axum::Router, uri: &str) -> Reply {
    send(app, Request::get(uri).body(Body::empty()).unwrap()).await
}

async fn post(app: &axum::Router, uri: &str, content_type: &str, body: impl Into<Body>, token: Option<&str>) -> Reply {
    let mut req = Request::post(uri).header(header::CONTENT_TYPE, content_type);
    if let Some(t) = token {
        req = req.header(header::AUTHORIZATION, format!("Bearer {t}"));
    }
    send(app, req.body(body.into()).unwrap()).await
}

fn article(id: &str, published: &str, title: &str, text: &str) -> Value {
    serde_json::json!({"id": id, "published": published, "title": title, "text": text, "source": "test wire"})
}

/// The three test articles as JSON Lines, with a broken line between them.
fn jsonl() -> String {
    [
        article("borno-1", "2024-03-04", "Village attacked in Borno", BORNO).to_string(),
        "{\"id\": \"broken\", \"text\": ".to_string(),
        article("lagos-1", "2024-03-06", "Arrests in Lagos", LAGOS).to_string(),
        article("marib-1", "2024-02-20", "Shelling in Yemen", MARIB).to_string(),
    ]
    .join("\n")
}

/// An env with the three articles stored.
async fn loaded(name: &str) -> Env {
    let e = env(name);
    let r = post(&e.app, "/v1/articles", "application/x-ndjson", jsonl(), Some(TOKEN)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", String::from_utf8_lossy(&r.body));
    settled(&e.app).await;
    e
}

/// Waits for the incidents to be re-clustered after an ingest; returns the health then.
async fn settled(app: &axum::Router) -> Value {
    let started = Instant::now();
    loop {
        let h = get(app, "/v1/health").await.json();
        if h["incidents_updating"] == false {
            return h;
        }
        assert!(started.elapsed() < Duration::from_secs(20), "incidents never settled: {h}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

fn chars(s: &str, span: &Value) -> String {
    let (a, b) = (span[0].as_u64().unwrap() as usize, span[1].as_u64().unwrap() as usize);
    s.chars().skip(a).take(b - a).collect()
}

/// Every event of every page of `uri` (which has no `cursor`), following `next_cursor`.
async fn all_pages(app: &axum::Router, uri: &str) -> (Vec<Value>, usize) {
    let mut out = Vec::new();
    let mut pages = 0;
    let mut cursor: Option<String> = None;
    loop {
        let u = match &cursor {
            Some(c) => format!("{uri}&cursor={c}"),
            None => uri.to_string(),
        };
        let r = get(app, &u).await;
        assert_eq!(r.status, StatusCode::OK, "{}", String::from_utf8_lossy(&r.body));
        let page = r.json();
        let items = page["items"].as_array().unwrap().clone();
        assert_eq!(page["count"], items.len());
        out.extend(items);
        pages += 1;
        assert!(pages < 100, "pagination does not end");
        match page["next_cursor"].as_str() {
            Some(c) => cursor = Some(c.to_string()),
            None => break,
        }
    }
    (out, pages)
}

fn event_keys(items: &[Value]) -> Vec<(String, String)> {
    items.iter().map(|i| (i["hash"].as_str().unwrap().to_string(), i["event"]["id"].as_str().unwrap().to_string())).collect()
}

#[tokio::test]
async fn extract_of_plain_text_is_the_article_output_of_sitrep_extract() {
    let e = env("extract-text");
    let r = post(&e.app, "/v1/extract?published=2024-03-04&id=borno-1&title=Borno", "text/plain; charset=utf-8", BORNO, None).await;
    assert_eq!(r.status, StatusCode::OK, "{}", String::from_utf8_lossy(&r.body));
    assert_eq!(r.content_type(), "application/json");
    let out = r.json();
    assert_eq!(out["article"]["id"], "borno-1");
    assert_eq!(out["article"]["published"], "2024-03-04");
    assert_eq!(out["article"]["title"], "Borno");
    let attack = out["events"].as_array().unwrap().iter().find(|ev| ev["category"] == "ASSAULT").unwrap_or_else(|| panic!("{out}"));
    assert_eq!(attack["size"]["killed"]["count"], 12, "{attack}");
    // Exactly what the pipeline gives (what `sitrep extract` prints) for the same article.
    let input = sitrep_core::ArticleInput {
        meta: sitrep_core::ArticleMeta {
            id: "borno-1".into(),
            title: Some("Borno".into()),
            published: Some("2024-03-04".into()),
            ..Default::default()
        },
        text: BORNO.into(),
    };
    let want = serde_json::to_value(pipeline().extract(&input).0).unwrap();
    assert_eq!(out, want);
}

#[tokio::test]
async fn extract_of_a_json_article_reads_its_fields() {
    let e = env("extract-json");
    let body = article("marib-1", "2024-02-20", "Shelling in Yemen", MARIB).to_string();
    let r = post(&e.app, "/v1/extract", "application/json", body, None).await;
    assert_eq!(r.status, StatusCode::OK, "{}", String::from_utf8_lossy(&r.body));
    let out = r.json();
    assert_eq!(out["article"]["id"], "marib-1");
    assert_eq!(out["article"]["source"], "test wire");
    assert_eq!(out["hash"], sitrep_pipeline::content_hash(MARIB));
    let ev = &out["events"][0];
    assert_eq!(ev["size"]["killed"]["count"], 4, "{out}");
    assert_eq!(ev["location"]["country"], "YEM", "{ev}");
    // Every span indexes the text it was given.
    assert_eq!(chars(MARIB, &ev["trigger"]["span"]), ev["trigger"]["text"].as_str().unwrap());
}

#[tokio::test]
async fn extract_refuses_bad_bodies_with_problems() {
    let e = env_with("extract-bad", None, Limits { extract_bytes: 1000, ..Limits::default() });
    post(&e.app, "/v1/extract", "application/json", "{\"text\": \"unterminated", None).await.assert_problem(400, "invalid-json");
    post(&e.app, "/v1/extract", "application/json", "{\"title\": \"no text\"}", None).await.assert_problem(422, "unreadable-article");
    post(&e.app, "/v1/extract", "text/plain", "   \n ", None).await.assert_problem(422, "unreadable-article");
    post(&e.app, "/v1/extract", "text/plain", vec![0x66u8, 0xff, 0xfe, 0x20], None).await.assert_problem(422, "unreadable-article");
    post(&e.app, "/v1/extract", "text/html", "<p>Troops shelled the town.</p>", None).await.assert_problem(415, "unsupported-media-type");
    let big = "Troops shelled the town. ".repeat(50);
    assert!(big.len() > 1000);
    post(&e.app, "/v1/extract", "text/plain", big, None).await.assert_problem(413, "payload-too-large");
    post(&e.app, "/v1/extract?published=last%20week", "text/plain", BORNO, None).await.assert_problem(400, "bad-request");
    // Under the limit still works.
    assert_eq!(post(&e.app, "/v1/extract", "text/plain", BORNO, None).await.status, StatusCode::OK);
}

#[tokio::test]
async fn writes_need_the_token() {
    let e = env("token");
    let body = article("a", "2024-03-04", "t", BORNO).to_string();
    let r = post(&e.app, "/v1/articles", "application/json", body.clone(), None).await;
    r.assert_problem(401, "unauthorized");
    assert_eq!(r.headers.get(header::WWW_AUTHENTICATE).unwrap(), "Bearer realm=\"sitrep\"");
    post(&e.app, "/v1/articles", "application/json", body.clone(), Some("s3cret-tokeN")).await.assert_problem(403, "forbidden");
    post(&e.app, "/v1/articles", "application/json", body.clone(), Some("s3cret")).await.assert_problem(403, "forbidden");
    // Another scheme is no token.
    let req = Request::post("/v1/articles")
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::AUTHORIZATION, format!("Basic {TOKEN}"))
        .body(Body::from(body.clone()))
        .unwrap();
    send(&e.app, req).await.assert_problem(401, "unauthorized");
    assert_eq!(get(&e.app, "/v1/health").await.json()["counts"]["articles"], 0);
    assert_eq!(post(&e.app, "/v1/articles", "application/json", body.clone(), Some(TOKEN)).await.status, StatusCode::CREATED);
    assert_eq!(get(&e.app, "/v1/health").await.json()["counts"]["articles"], 1);

    // Started without a token: no writes at all.
    let ro = env_with("token-none", None, Limits::default());
    let r = post(&ro.app, "/v1/articles", "application/json", body, Some(TOKEN)).await;
    r.assert_problem(403, "writes-disabled");
    assert!(r.json()["detail"].as_str().unwrap().contains("without --token-file"));
}

#[tokio::test]
async fn ingest_stores_each_text_once_and_reports_bad_records() {
    let e = env("ingest");
    let r = post(&e.app, "/v1/articles", "application/x-ndjson", jsonl(), Some(TOKEN)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", String::from_utf8_lossy(&r.body));
    let rep = r.json();
    assert_eq!((rep["stored"].as_u64(), rep["skipped"].as_u64()), (Some(3), Some(0)), "{rep}");
    let errors = rep["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 1, "{rep}");
    assert_eq!(errors[0]["position"], "line 2");
    let ids: BTreeSet<&str> = rep["articles"].as_array().unwrap().iter().map(|a| a["id"].as_str().unwrap()).collect();
    assert_eq!(ids, BTreeSet::from(["borno-1", "lagos-1", "marib-1"]));
    let borno = rep["articles"].as_array().unwrap().iter().find(|a| a["id"] == "borno-1").unwrap();
    assert_eq!(borno["hash"], sitrep_pipeline::content_hash(BORNO));
    assert!(borno["events"].as_u64().unwrap() >= 1, "{rep}");
    assert_eq!(rep["incidents"], "updating");
    let h = settled(&e.app).await;
    assert!(h["counts"]["incidents"].as_u64().unwrap() >= 3, "{h}");

    // The same texts again (an array this time, one under a new id): nothing new.
    let again = serde_json::json!([article("copy", "2024-03-05", "copy", BORNO), article("lagos-1", "2024-03-06", "x", LAGOS)]);
    let rep = post(&e.app, "/v1/articles", "application/json", again.to_string(), Some(TOKEN)).await.json();
    assert_eq!((rep["stored"].as_u64(), rep["skipped"].as_u64()), (Some(0), Some(2)), "{rep}");
    assert_eq!(rep["incidents"], "current");
    let h = get(&e.app, "/v1/health").await.json();
    assert_eq!(h["counts"]["articles"], 3, "{h}");

    // Nothing readable at all is a problem, not a report.
    post(&e.app, "/v1/articles", "application/json", "[{\"id\": 1,", Some(TOKEN)).await.assert_problem(400, "invalid-json");
    post(&e.app, "/v1/articles", "application/json", "{\"id\": \"x\"}", Some(TOKEN)).await.assert_problem(422, "unreadable-article");
    post(&e.app, "/v1/articles", "text/plain", BORNO, Some(TOKEN)).await.assert_problem(415, "unsupported-media-type");
    let small = env_with("ingest-small", Some(TOKEN), Limits { ingest_bytes: 100, ..Limits::default() });
    post(&small.app, "/v1/articles", "application/json", article("a", "2024-03-04", "t", BORNO).to_string(), Some(TOKEN))
        .await
        .assert_problem(413, "payload-too-large");
}

#[tokio::test]
async fn events_are_listed_filtered_and_paged() {
    let e = loaded("events").await;
    let all = get(&e.app, "/v1/events").await;
    assert_eq!(all.status, StatusCode::OK);
    let page = all.json();
    let items = page["items"].as_array().unwrap();
    let total = get(&e.app, "/v1/health").await.json()["counts"]["events"].as_u64().unwrap() as usize;
    assert_eq!(items.len(), total);
    assert!(total >= 3, "{page}");
    assert_eq!(page["next_cursor"], Value::Null);
    // Newest first: Lagos (March 6) before Borno (March 3) before Marib (February).
    let dates: Vec<&str> = items.iter().map(|i| i["event"]["date"]["value"].as_str().unwrap_or("")).collect();
    let mut sorted = dates.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(dates, sorted);
    let borno = items.iter().find(|i| i["article"] == "borno-1").unwrap_or_else(|| panic!("{page}"));
    assert_eq!(borno["hash"], sitrep_pipeline::content_hash(BORNO));
    assert_eq!(borno["sentence"], BORNO);
    assert_eq!(borno["event"]["category"], "ASSAULT");

    // Filters narrow.
    let assault = get(&e.app, "/v1/events?category=assault").await.json();
    let n_assault = assault["count"].as_u64().unwrap();
    assert!(n_assault >= 2 && (n_assault as usize) < total, "{assault}");
    assert!(assault["items"].as_array().unwrap().iter().all(|i| i["event"]["category"] == "ASSAULT"));
    let nga = get(&e.app, "/v1/events?country=NGA").await.json();
    let arts: BTreeSet<&str> = nga["items"].as_array().unwrap().iter().map(|i| i["article"].as_str().unwrap()).collect();
    assert_eq!(arts, BTreeSet::from(["borno-1", "lagos-1"]), "{nga}");
    let march = get(&e.app, "/v1/events?since=2024-03-01&until=2024-03-31").await.json();
    assert!(march["items"].as_array().unwrap().iter().all(|i| i["article"] != "marib-1"), "{march}");
    assert!(march["count"].as_u64().unwrap() >= 2);
    let feb = get(&e.app, "/v1/events?until=2024-02-29").await.json();
    let arts: BTreeSet<&str> = feb["items"].as_array().unwrap().iter().map(|i| i["article"].as_str().unwrap()).collect();
    assert_eq!(arts, BTreeSet::from(["marib-1"]), "{feb}");
    // A box around Maiduguri only.
    let boxed = get(&e.app, "/v1/events?bbox=12.5,11.0,13.8,12.5").await.json();
    let arts: BTreeSet<&str> = boxed["items"].as_array().unwrap().iter().map(|i| i["article"].as_str().unwrap()).collect();
    assert_eq!(arts, BTreeSet::from(["borno-1"]), "{boxed}");
    // Words of the sentence, or of the title.
    let q = get(&e.app, "/v1/events?q=protesters").await.json();
    assert!(q["count"].as_u64().unwrap() >= 1);
    assert!(q["items"].as_array().unwrap().iter().all(|i| i["article"] == "lagos-1"), "{q}");
    let q = get(&e.app, "/v1/events?q=yemen%20shelling").await.json();
    assert!(q["count"].as_u64().unwrap() >= 1);
    assert!(q["items"].as_array().unwrap().iter().all(|i| i["article"] == "marib-1"), "{q}");
    assert_eq!(get(&e.app, "/v1/events?q=protesters%20marib").await.json()["count"], 0);
    // ACLED columns.
    let ty = borno["event"]["acled"]["event_type"].as_str().unwrap_or_else(|| panic!("{borno}"));
    let typed = get(&e.app, &format!("/v1/events?event_type={}", ty.replace(' ', "%20"))).await.json();
    assert!(typed["items"].as_array().unwrap().iter().any(|i| i["article"] == "borno-1"), "{typed}");
    assert!(typed["items"].as_array().unwrap().iter().all(|i| i["event"]["acled"]["event_type"] == ty));

    // A page of one at a time visits every event exactly once, in the same order.
    let (paged, pages) = all_pages(&e.app, "/v1/events?limit=1").await;
    assert_eq!(pages, total);
    assert_eq!(event_keys(&paged), event_keys(items));
    let (paged, _) = all_pages(&e.app, "/v1/events?limit=2&country=NGA").await;
    assert_eq!(event_keys(&paged), event_keys(nga["items"].as_array().unwrap()));
}

#[tokio::test]
async fn parameters_are_bound_never_sql() {
    let e = loaded("sql").await;
    for uri in [
        "/v1/events?country=x%27%20OR%201%3D1%20--",
        "/v1/events?category=%27%3B%20DROP%20TABLE%20events%3B%20--",
        "/v1/events?event_type=%22%20OR%20%22%22%3D%22",
        "/v1/events?q=x%27%20OR%201%3D1%20--",
        "/v1/events?q=%22protesters%22%20OR%20*",
        "/v1/incidents?country=x%27%20OR%201%3D1%20--",
        "/v1/incidents?q=%27%29%29%20OR%20%281%3D1",
    ] {
        let r = get(&e.app, uri).await;
        assert_eq!(r.status, StatusCode::OK, "{uri}: {}", String::from_utf8_lossy(&r.body));
        assert_eq!(r.json()["count"], 0, "{uri}");
    }
    // Still all there.
    assert!(get(&e.app, "/v1/health").await.json()["counts"]["events"].as_u64().unwrap() >= 3);
    assert_eq!(get(&e.app, "/v1/articles/x%27%20OR%201%3D1%20--").await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn bad_parameters_are_problems() {
    let e = loaded("params").await;
    for uri in [
        "/v1/events?limit=abc",
        "/v1/events?limit=0",
        "/v1/events?since=yesterday",
        "/v1/events?until=2024-13-45",
        "/v1/events?bbox=1,2,3",
        "/v1/events?bbox=10,0,5,1",
        "/v1/events?bbox=a,b,c,d",
        "/v1/events?cursor=zz.notarow",
        "/v1/events?cursor=nodot",
        "/v1/incidents?cursor=41.zz",
        "/v1/events.geojson?limit=-1",
    ] {
        get(&e.app, uri).await.assert_problem(400, "bad-request");
    }
    // Empty values are no filter (as a form sends them).
    let all = get(&e.app, "/v1/events").await.json();
    assert_eq!(get(&e.app, "/v1/events?country=&q=&since=&bbox=&limit=").await.json(), all);
    // Over the maximum is the maximum.
    assert_eq!(get(&e.app, "/v1/events?limit=999999").await.json(), all);
}

#[tokio::test]
async fn geojson_has_the_located_events() {
    let e = loaded("geojson").await;
    let r = get(&e.app, "/v1/events.geojson").await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.content_type(), "application/geo+json");
    let fc = r.json();
    assert_eq!(fc["type"], "FeatureCollection");
    let features = fc["features"].as_array().unwrap();
    assert_eq!(fc["count"], features.len());
    let f = features.iter().find(|f| f["properties"]["article"] == "borno-1").unwrap_or_else(|| panic!("{fc}"));
    assert_eq!(f["geometry"]["type"], "Point");
    let (lon, lat) = (f["geometry"]["coordinates"][0].as_f64().unwrap(), f["geometry"]["coordinates"][1].as_f64().unwrap());
    assert!((12.5..13.8).contains(&lon) && (11.0..12.5).contains(&lat), "{f}");
    assert_eq!(f["properties"]["category"], "ASSAULT");
    assert_eq!(f["properties"]["killed"], 12);
    // Paged like the events; every feature has a point.
    let (first, _) = (get(&e.app, "/v1/events.geojson?limit=1").await.json(), ());
    assert_eq!(first["features"].as_array().unwrap().len(), 1);
    if features.len() > 1 {
        let c = first["next_cursor"].as_str().expect("a next page");
        let second = get(&e.app, &format!("/v1/events.geojson?limit=1&cursor={c}")).await.json();
        assert_eq!(second["features"][0], features[1]);
    }
}

#[tokio::test]
async fn incidents_are_listed_and_filtered() {
    let e = loaded("incidents").await;
    let page = get(&e.app, "/v1/incidents").await.json();
    let items = page["items"].as_array().unwrap();
    let h = get(&e.app, "/v1/health").await.json();
    assert_eq!(page["count"], h["counts"]["incidents"]);
    assert!(!items.is_empty(), "{page}");
    let borno_hash = sitrep_pipeline::content_hash(BORNO);
    let inc = items.iter().find(|i| i["articles"].as_array().unwrap().iter().any(|a| a == "borno-1")).unwrap_or_else(|| panic!("{page}"));
    assert_eq!(inc["category"], "ASSAULT");
    assert_eq!(inc["size"]["killed"]["count"], 12, "{inc}");
    assert!(!borno_hash.is_empty());
    let nga = get(&e.app, "/v1/incidents?country=NGA&category=ASSAULT").await.json();
    assert!(nga["items"].as_array().unwrap().iter().any(|i| i["id"] == inc["id"]), "{nga}");
    assert!(nga["items"].as_array().unwrap().iter().all(|i| i["location"]["country"] == "NGA"));
    assert_eq!(get(&e.app, "/v1/incidents?country=YEM&category=ASSAULT&q=maiduguri").await.json()["count"], 0);
    let q = get(&e.app, "/v1/incidents?q=maiduguri").await.json();
    assert!(q["items"].as_array().unwrap().iter().any(|i| i["id"] == inc["id"]), "{q}");
    let (paged, _) = all_pages(&e.app, "/v1/incidents?limit=1").await;
    let ids: Vec<&Value> = paged.iter().map(|i| &i["id"]).collect();
    let want: Vec<&Value> = items.iter().map(|i| &i["id"]).collect();
    assert_eq!(ids, want);
}

#[tokio::test]
async fn an_article_comes_back_with_its_text_and_every_span() {
    let e = loaded("article").await;
    let hash = sitrep_pipeline::content_hash(BORNO);
    let by_id = get(&e.app, "/v1/articles/borno-1").await;
    assert_eq!(by_id.status, StatusCode::OK);
    let a = by_id.json();
    assert_eq!(a["id"], "borno-1");
    assert_eq!(a["hash"], hash);
    assert_eq!(a["title"], "Village attacked in Borno");
    assert_eq!(a["published"], "2024-03-04");
    assert_eq!(a["text"], BORNO);
    assert_eq!(get(&e.app, &format!("/v1/articles/{hash}")).await.json(), a);
    let out = &a["output"];
    let events = out["events"].as_array().unwrap();
    assert!(!events.is_empty());
    // Every span of the output slices the text to its `text`.
    let mut checked = 0;
    fn walk(v: &Value, text: &str, checked: &mut usize) {
        match v {
            Value::Object(m) => {
                if let (Some(span @ Value::Array(_)), Some(Value::String(t))) = (m.get("span"), m.get("text")) {
                    if !t.is_empty() {
                        assert_eq!(&chars(text, span), t, "{v}");
                        *checked += 1;
                    }
                }
                m.values().for_each(|x| walk(x, text, checked));
            }
            Value::Array(a) => a.iter().for_each(|x| walk(x, text, checked)),
            _ => {}
        }
    }
    walk(out, BORNO, &mut checked);
    assert!(checked >= 5, "{checked} spans");
    assert_eq!(out["entities"].as_array().map(|x| x.is_empty()), Some(false));
    // The same as extracting it again.
    let fresh = post(
        &e.app,
        "/v1/extract",
        "application/json",
        article("borno-1", "2024-03-04", "Village attacked in Borno", BORNO).to_string(),
        None,
    )
    .await;
    let mut fresh = fresh.json();
    fresh["article"]["source"] = Value::String("test wire".into());
    assert_eq!(out["events"], fresh["events"]);

    let r = get(&e.app, "/v1/articles/no-such-article").await;
    r.assert_problem(404, "not-found");
}

#[tokio::test]
async fn health_openapi_routes_and_the_web_app() {
    let e = loaded("misc").await;
    let h = get(&e.app, "/v1/health").await.json();
    assert_eq!(h["status"], "ok");
    assert_eq!(h["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(h["engine"], pipeline().engine());
    assert_eq!(h["counts"]["articles"], 3);

    let doc = get(&e.app, "/v1/openapi.json").await.json();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."), "{doc}");
    for p in ["/v1/extract", "/v1/articles", "/v1/events", "/v1/events.geojson", "/v1/incidents", "/v1/articles/{id}", "/v1/health"] {
        assert!(doc["paths"][p].is_object(), "{p} missing");
    }
    assert!(doc["components"]["schemas"]["EventPage"].is_object());
    assert!(doc["components"]["securitySchemes"]["bearer"].is_object());
    let params: Vec<&str> =
        doc["paths"]["/v1/events"]["get"]["parameters"].as_array().unwrap().iter().map(|p| p["name"].as_str().unwrap()).collect();
    for want in ["since", "until", "country", "category", "event_type", "sub_event_type", "bbox", "q", "limit", "cursor"] {
        assert!(params.contains(&want), "{params:?}");
    }

    get(&e.app, "/v1/nothing-here").await.assert_problem(404, "not-found");
    let r = send(&e.app, Request::builder().method(Method::DELETE).uri("/v1/events").body(Body::empty()).unwrap()).await;
    r.assert_problem(405, "method-not-allowed");
    assert!(r.headers.get(header::ALLOW).is_some());
    // A GET of the write endpoint is a 405, not a 401.
    get(&e.app, "/v1/articles").await.assert_problem(405, "method-not-allowed");

    let index = get(&e.app, "/").await;
    assert_eq!(index.status, StatusCode::OK);
    assert!(index.content_type().starts_with("text/html"));
    assert!(String::from_utf8_lossy(&index.body).contains("sitrep"));
    get(&e.app, "/assets/no-such-file.js").await.assert_problem(404, "not-found");
}

/// Reads an HTTP response's status line from a raw stream (or `None` if it closed first).
fn status_line(s: &mut std::net::TcpStream) -> Option<String> {
    let mut buf = Vec::new();
    let mut byte = [0u8; 1];
    while !buf.ends_with(b"\r\n") {
        match s.read(&mut byte) {
            Ok(1) => buf.push(byte[0]),
            _ => return None,
        }
    }
    Some(String::from_utf8_lossy(&buf).trim().to_string())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stalled_client_times_out_and_the_limit_on_requests_holds() {
    let limits = Limits { timeout: Duration::from_millis(800), max_concurrency: 1, ..Limits::default() };
    let (config, dir) = config("slow", Some(TOKEN), limits);
    let state = AppState::new(&config).unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(sitrep_serve::serve_on(listener, state, std::future::pending()));

    let result = tokio::task::spawn_blocking(move || {
        // Headers and a tenth of the body promised, then nothing.
        let mut slow = std::net::TcpStream::connect(addr).unwrap();
        slow.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        let started = Instant::now();
        write!(slow, "POST /v1/extract HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: 1000\r\n\r\nGunmen att").unwrap();
        slow.flush().unwrap();
        std::thread::sleep(Duration::from_millis(200));
        // Meanwhile the one request slot is taken: another request is turned away at once.
        let mut other = std::net::TcpStream::connect(addr).unwrap();
        other.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        write!(other, "GET /v1/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").unwrap();
        let mut busy = String::new();
        let _ = other.read_to_string(&mut busy);
        let line = status_line(&mut slow);
        let elapsed = started.elapsed();
        // A client that never finishes its headers is disconnected too.
        let mut mute = std::net::TcpStream::connect(addr).unwrap();
        mute.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        let began = Instant::now();
        write!(mute, "GET /v1/health HTTP/1.1\r\nHost: x\r\n").unwrap();
        let mut rest = Vec::new();
        let _ = mute.read_to_end(&mut rest);
        let mute_for = began.elapsed();
        assert!(rest.is_empty() || rest.starts_with(b"HTTP/1.1 408"), "{}", String::from_utf8_lossy(&rest));
        // The slot is free again.
        let mut s = std::net::TcpStream::connect(addr).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        write!(s, "GET /v1/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").unwrap();
        let mut ok = String::new();
        let _ = s.read_to_string(&mut ok);
        (elapsed, line, busy, ok, mute_for)
    })
    .await
    .unwrap();
    let (elapsed, line, busy, ok, mute_for) = result;
    assert!(mute_for >= Duration::from_millis(700) && mute_for < Duration::from_secs(5), "{mute_for:?}");
    assert!(busy.starts_with("HTTP/1.1 503"), "{busy}");
    assert!(busy.to_ascii_lowercase().contains("retry-after: 1"), "{busy}");
    assert!(busy.contains("urn:sitrep:problem:busy"), "{busy}");
    assert_eq!(line.as_deref(), Some("HTTP/1.1 408 Request Timeout"));
    assert!(elapsed >= Duration::from_millis(700) && elapsed < Duration::from_secs(5), "{elapsed:?}");
    assert!(ok.starts_with("HTTP/1.1 200"), "{ok}");
    let _ = std::fs::remove_dir_all(dir);
}
