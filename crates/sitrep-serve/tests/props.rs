//! Whatever a client sends — any body under any media type, any query string, any cursor — the
//! server answers: a success, or an RFC 9457 problem of a 4xx status. Never a 5xx, never a panic.

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use proptest::prelude::*;
use sitrep_pipeline::Pipeline;
use sitrep_serve::{AppState, Config, Limits};
use std::path::PathBuf;
use std::sync::{Arc, OnceLock};
use tower::ServiceExt;

const TOKEN: &str = "prop-token";

/// One server (store in a directory of its own, kept for the whole test binary) and a runtime.
struct Server {
    app: axum::Router,
    rt: tokio::runtime::Runtime,
    _dir: PathBuf,
}

fn server() -> &'static Server {
    static S: OnceLock<Server> = OnceLock::new();
    S.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("sitrep-serve-props-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let lex = sitrep_lexicon::Lexicon::builtin();
        let config = Config {
            addr: "127.0.0.1:0".parse().unwrap(),
            db: dir.join("s.db"),
            token: Some(TOKEN.into()),
            limits: Limits { extract_bytes: 4096, ingest_bytes: 8192, ..Limits::default() },
            pipeline: Arc::new(Pipeline::new(&lex)),
            incidents: sitrep_serve::incident_params(&lex),
            threads: 1,
        };
        let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build().unwrap();
        let app = rt.block_on(async { sitrep_serve::router(AppState::new(&config).unwrap()) });
        Server { app, rt, _dir: dir }
    })
}

/// Sends one request; checks the answer is a success, or a problem whose `status` is the HTTP
/// status and a 4xx; returns the status.
fn answer(req: Request<Body>) -> Result<StatusCode, TestCaseError> {
    let s = server();
    let (status, ctype, body) = s.rt.block_on(async {
        let r = s.app.clone().oneshot(req).await.unwrap();
        let status = r.status();
        let ctype = r.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
        let body = axum::body::to_bytes(r.into_body(), usize::MAX).await.unwrap();
        (status, ctype, body)
    });
    prop_assert!(!status.is_server_error(), "{status}: {}", String::from_utf8_lossy(&body));
    if !status.is_success() {
        prop_assert!(status.is_client_error(), "{status}");
        prop_assert_eq!(ctype.as_str(), "application/problem+json");
        let p: serde_json::Value = serde_json::from_slice(&body).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(p["status"].as_u64(), Some(status.as_u16() as u64));
        prop_assert!(p["title"].is_string() && p["type"].is_string());
    }
    Ok(status)
}

/// Bodies: raw bytes, text, and JSON-ish fragments that get further into the readers.
fn body() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        proptest::collection::vec(any::<u8>(), 0..600),
        ".{0,300}".prop_map(String::into_bytes),
        (".{0,200}", prop_oneof![Just("2024-02-30"), Just("2024-01-05"), Just(""), Just("x")])
            .prop_map(|(t, d)| { serde_json::json!({"id": "p", "text": t, "published": d}).to_string().into_bytes() }),
        proptest::collection::vec(
            prop_oneof![
                Just("{"),
                Just("}"),
                Just("["),
                Just("]"),
                Just("\"text\":"),
                Just("\"x\""),
                Just(","),
                Just("\n"),
                Just("null"),
                Just("1e999")
            ],
            0..40
        )
        .prop_map(|v| v.concat().into_bytes()),
    ]
}

fn media_type() -> impl Strategy<Value = Option<&'static str>> {
    prop_oneof![
        Just(None),
        Just(Some("application/json")),
        Just(Some("application/x-ndjson")),
        Just(Some("text/plain; charset=utf-8")),
        Just(Some("text/html")),
        Just(Some("application/json; charset=latin1")),
    ]
}

fn post(path: &str, ctype: Option<&str>, token: bool, body: Vec<u8>) -> Request<Body> {
    let mut b = Request::builder().method(Method::POST).uri(path);
    if let Some(c) = ctype {
        b = b.header(header::CONTENT_TYPE, c);
    }
    if token {
        b = b.header(header::AUTHORIZATION, format!("Bearer {TOKEN}"));
    }
    b.body(Body::from(body)).unwrap()
}

/// A query string of the list endpoints' parameters (and unknown ones), values percent-encoded
/// from any text.
fn query() -> impl Strategy<Value = String> {
    let name = prop_oneof![
        Just("since"),
        Just("until"),
        Just("country"),
        Just("category"),
        Just("event_type"),
        Just("sub_event_type"),
        Just("bbox"),
        Just("q"),
        Just("limit"),
        Just("cursor"),
        Just("nonsense"),
    ];
    let value = prop_oneof![
        ".{0,30}",
        Just("1,2,3,4".to_string()),
        Just("-180,-90,180,90".to_string()),
        Just("NaN,0,1,1".to_string()),
        Just("2024-01-01".to_string()),
        Just("0".to_string()),
        Just("99999999999999999999".to_string()),
        "[0-9a-f]{0,12}\\.[0-9-]{0,6}",
        Just("x' OR 1=1 --".to_string()),
    ];
    proptest::collection::vec((name, value), 0..5).prop_map(|pairs| {
        let mut q = url_encoded::Serializer::new();
        for (k, v) in &pairs {
            q.append(k, v);
        }
        q.finish()
    })
}

/// `application/x-www-form-urlencoded` by hand (no extra dependency for one test).
mod url_encoded {
    pub struct Serializer(String);
    impl Serializer {
        pub fn new() -> Self {
            Serializer(String::new())
        }
        pub fn append(&mut self, k: &str, v: &str) {
            if !self.0.is_empty() {
                self.0.push('&');
            }
            for (i, s) in [k, v].into_iter().enumerate() {
                if i == 1 {
                    self.0.push('=');
                }
                for b in s.bytes() {
                    if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
                        self.0.push(b as char);
                    } else {
                        self.0.push_str(&format!("%{b:02X}"));
                    }
                }
            }
        }
        pub fn finish(self) -> String {
            self.0
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn any_extract_body_gets_an_answer(body in body(), ctype in media_type()) {
        let status = answer(post("/v1/extract", ctype, false, body))?;
        prop_assert!(matches!(status.as_u16(), 200 | 400 | 413 | 415 | 422), "{status}");
    }

    #[test]
    fn any_ingest_body_gets_an_answer(body in body(), ctype in media_type(), token in any::<bool>()) {
        let status = answer(post("/v1/articles", ctype, token, body))?;
        if !token {
            prop_assert_eq!(status, StatusCode::UNAUTHORIZED);
        } else {
            prop_assert!(matches!(status.as_u16(), 201 | 400 | 413 | 415 | 422), "{status}");
        }
    }

    #[test]
    fn any_query_gets_a_page_or_a_bad_request(q in query(), which in 0..3usize) {
        let path = ["/v1/events", "/v1/incidents", "/v1/events.geojson"][which];
        let req = Request::builder().uri(format!("{path}?{q}")).body(Body::empty()).unwrap();
        let status = answer(req)?;
        prop_assert!(matches!(status.as_u16(), 200 | 400), "{status} for {path}?{q}");
    }

    #[test]
    fn any_article_id_is_found_or_not(id in ".{1,40}") {
        let mut enc = url_encoded::Serializer::new();
        enc.append("x", &id);
        let id = enc.finish().split_once('=').map(|(_, v)| v.to_string()).unwrap_or_default();
        let req = Request::builder().uri(format!("/v1/articles/{id}")).body(Body::empty()).unwrap();
        let status = answer(req)?;
        prop_assert!(matches!(status.as_u16(), 200 | 404), "{status}");
    }
}
