//! One arbitrary HTTP request to `sitrep serve`'s router (an in-process server over a store in a
//! temporary directory): the first line of the input is the method and target, the second the
//! media type and the third the authorization, the rest the body. Whatever arrives is answered
//! with a success or a 4xx problem: never a 5xx, never a panic.
#![no_main]
use axum::body::Body;
use axum::http::{header, Request};
use libfuzzer_sys::fuzz_target;
use sitrep_pipeline::Pipeline;
use sitrep_serve::{AppState, Config, Limits};
use std::sync::{Arc, OnceLock};
use tower::ServiceExt;

struct Server {
    rt: tokio::runtime::Runtime,
    app: axum::Router,
}

static SERVER: OnceLock<Server> = OnceLock::new();

fn server() -> &'static Server {
    SERVER.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("sitrep-fuzz-serve-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("temp dir");
        let lex = sitrep_lexicon::Lexicon::builtin();
        let config = Config {
            addr: "127.0.0.1:0".parse().expect("address"),
            db: dir.join("fuzz.db"),
            token: Some("fuzz-token".into()),
            limits: Limits { extract_bytes: 8192, ingest_bytes: 8192, ..Limits::default() },
            pipeline: Arc::new(Pipeline::new(&lex)),
            incidents: sitrep_serve::incident_params(&lex),
            threads: 1,
        };
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
        let app = rt.block_on(async { sitrep_serve::router(AppState::new(&config).expect("server state")) });
        Server { rt, app }
    })
}

fuzz_target!(|data: &[u8]| {
    let mut parts = data.splitn(4, |&b| b == b'\n');
    let head = parts.next().unwrap_or_default();
    let ctype = parts.next().unwrap_or_default();
    let auth = parts.next().unwrap_or_default();
    let body = parts.next().unwrap_or_default().to_vec();
    let head = String::from_utf8_lossy(head);
    let (method, target) = head.split_once(' ').unwrap_or(("GET", &head));
    let target = if target.starts_with('/') { target.to_string() } else { format!("/v1/{target}") };
    let mut req = Request::builder().method(method).uri(target);
    if !ctype.is_empty() {
        req = req.header(header::CONTENT_TYPE, ctype);
    }
    if !auth.is_empty() {
        req = req.header(header::AUTHORIZATION, auth);
    }
    // A method, target or header value that HTTP itself rejects never reaches the router.
    let Ok(req) = req.body(Body::from(body)) else { return };
    let s = server();
    s.rt.block_on(async {
        let r = s.app.clone().oneshot(req).await.expect("infallible service");
        let status = r.status();
        let ctype = r.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
        let bytes = axum::body::to_bytes(r.into_body(), usize::MAX).await.expect("body");
        assert!(!status.is_server_error(), "{status}: {}", String::from_utf8_lossy(&bytes));
        if status.is_client_error() {
            assert_eq!(ctype, "application/problem+json", "{status}");
            let p: serde_json::Value = serde_json::from_slice(&bytes).expect("problem JSON");
            assert_eq!(p["status"].as_u64(), Some(u64::from(status.as_u16())));
        }
    });
});
