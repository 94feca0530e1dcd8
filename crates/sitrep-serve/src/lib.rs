//! `sitrep serve`: the HTTP API over the pipeline and the embedded store, and the web app.
//!
//! | method | path | what |
//! |---|---|---|
//! | POST | `/v1/extract` | one article (`text/plain`, or JSON `{"id","title","text","published","source","url"}`) → its article output (SPEC §1), as `sitrep extract` writes it |
//! | POST | `/v1/articles` | store articles (a JSON article, an array of them, or JSON Lines; `Authorization: Bearer <token>`) → `201 {"stored","skipped","errors","articles"}` |
//! | GET | `/v1/events` | stored events, filtered, newest first, a page at a time |
//! | GET | `/v1/incidents` | stored incidents, filtered, newest first, a page at a time |
//! | GET | `/v1/events.geojson` | events with coordinates as a GeoJSON FeatureCollection (`next_cursor` a foreign member) |
//! | GET | `/v1/articles/{id}` | a stored article by id or hash: its text and its output, every span |
//! | GET | `/v1/health` | status, version, engine, row counts |
//! | GET | `/v1/openapi.json` | the OpenAPI 3.1 document, generated from the handlers |
//! | GET | `/`, `/assets/…` | the web app (`web/dist/`, embedded at build time) |
//!
//! Filters of the three lists (query parameters, all optional, all combined): `since`, `until`
//! (YYYY-MM-DD, inclusive), `country` (ISO alpha-3), `category` (PLOVER), `event_type`,
//! `sub_event_type` (ACLED, exact), `bbox` (`minlon,minlat,maxlon,maxlat`), `q` (words all found
//! in the sentence or the article title), `limit`, `cursor` (the `next_cursor` of the page before).
//!
//! Every error is an RFC 9457 problem (`application/problem+json`). Limits: request bodies
//! (`413`), request time (`408`), requests at once (`503`, `Retry-After`). The extraction runs on
//! its own thread pool with the one pipeline built at start-up; store reads use a pool of
//! read-only connections (WAL), so a long ingest never blocks them; writes go through one
//! connection, one batch at a time.

mod api;
mod problem;
mod web;

pub use api::ApiDoc;
pub use problem::{Problem, ProblemBody, PROBLEM_JSON};

use axum::extract::{Request, State};
use axum::http::header::{HeaderValue, CONNECTION, RETRY_AFTER};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use sitrep_pipeline::Pipeline;
use sitrep_store::Store;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// Limits on what one request may take.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Limits {
    /// Largest body of `POST /v1/extract`, in bytes.
    pub extract_bytes: usize,
    /// Largest body of `POST /v1/articles`, in bytes.
    pub ingest_bytes: usize,
    /// Longest a request may take, from its headers to its response (a client that stalls
    /// while sending its body included).
    pub timeout: Duration,
    /// Requests handled at once; more are answered 503 at once.
    pub max_concurrency: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits { extract_bytes: 2 << 20, ingest_bytes: 64 << 20, timeout: Duration::from_secs(30), max_concurrency: 256 }
    }
}

/// Everything `serve` needs.
pub struct Config {
    pub addr: SocketAddr,
    /// The store (created if missing).
    pub db: PathBuf,
    /// The bearer token writes need; `None`: writes are refused.
    pub token: Option<String>,
    pub limits: Limits,
    /// The pipeline every request extracts with, built once.
    pub pipeline: Arc<Pipeline>,
    /// How stored events are clustered into incidents after an ingest.
    pub incidents: sitrep_incidents::Params,
    /// Extraction threads (0: one per core).
    pub threads: usize,
}

impl Config {
    /// Defaults (127.0.0.1:8080, no token, [`Limits::default`]) for a store and a pipeline.
    pub fn new(db: impl Into<PathBuf>, pipeline: Pipeline, incidents: sitrep_incidents::Params) -> Config {
        Config {
            addr: SocketAddr::from(([127, 0, 0, 1], 8080)),
            db: db.into(),
            token: None,
            limits: Limits::default(),
            pipeline: Arc::new(pipeline),
            incidents,
            threads: 0,
        }
    }
}

/// The incident parameters `sitrep ingest` clusters with: the lexicon's state and non-state
/// sector groups.
pub fn incident_params(lex: &sitrep_lexicon::Lexicon) -> sitrep_incidents::Params {
    let g = &lex.events.cues.sectors;
    sitrep_incidents::Params { state_sectors: g.state.clone(), nonstate_sectors: g.nonstate.clone(), ..Default::default() }
}

/// Read-only connections kept for reuse (more are opened when more readers run at once).
const IDLE_READERS: usize = 16;

/// The store: one writer, a pool of read-only connections.
struct Db {
    path: PathBuf,
    writer: Mutex<Store>,
    readers: Mutex<Vec<Store>>,
}

impl Db {
    fn open(path: &Path) -> anyhow::Result<Db> {
        // Opened for writing first: creates the file and brings its schema up to date, which
        // read-only connections cannot.
        let writer = Store::open(path)?;
        Ok(Db { path: path.to_path_buf(), writer: Mutex::new(writer), readers: Mutex::new(Vec::new()) })
    }

    /// Runs `f` on a read-only connection.
    fn read<R>(&self, f: impl FnOnce(&Store) -> anyhow::Result<R>) -> anyhow::Result<R> {
        let idle = self.readers.lock().unwrap_or_else(|e| e.into_inner()).pop();
        let conn = match idle {
            Some(c) => c,
            None => Store::open_read_only(&self.path)?,
        };
        let r = f(&conn);
        let mut pool = self.readers.lock().unwrap_or_else(|e| e.into_inner());
        if pool.len() < IDLE_READERS {
            pool.push(conn);
        }
        r
    }

    /// Runs `f` with the writer, one at a time.
    fn write<R>(&self, f: impl FnOnce(&mut Store) -> anyhow::Result<R>) -> anyhow::Result<R> {
        let mut guard = match self.writer.lock() {
            Ok(g) => g,
            Err(poisoned) => {
                // A write panicked half-way: a fresh connection drops its open transaction.
                let mut g = poisoned.into_inner();
                *g = Store::open(&self.path)?;
                self.writer.clear_poison();
                g
            }
        };
        let r = f(&mut guard);
        if r.is_err() {
            // What a failed batch wrote since its last commit is dropped, not left for the next.
            guard.rollback();
        }
        r
    }
}

struct Inner {
    pipeline: Arc<Pipeline>,
    incidents: sitrep_incidents::Params,
    /// SHA-256 of the token: compared in constant time, whatever the length given.
    token: Option<[u8; 32]>,
    limits: Limits,
    db: Db,
    /// Extraction runs here, off the async threads.
    cpu: rayon::ThreadPool,
    threads: usize,
    busy: tokio::sync::Semaphore,
    recluster: Arc<Recluster>,
}

/// Incidents are re-clustered from all stored events after an ingest (38 s for a million
/// events here): in the background, so an ingest answers once its articles are stored, and
/// coalesced, so a burst of ingests costs one more run, not one each.
#[derive(Default)]
struct Recluster {
    /// (wanted, running)
    state: Mutex<(bool, bool)>,
    wake: std::sync::Condvar,
}

impl Recluster {
    fn request(&self) {
        self.state.lock().unwrap_or_else(|e| e.into_inner()).0 = true;
        self.wake.notify_one();
    }

    /// Whether the incidents lag the events (a run is wanted or running).
    fn pending(&self) -> bool {
        let s = self.state.lock().unwrap_or_else(|e| e.into_inner());
        s.0 || s.1
    }

    /// The worker: runs until the server state is gone.
    fn run(self: Arc<Self>, server: std::sync::Weak<Inner>) {
        loop {
            {
                let mut s = self.state.lock().unwrap_or_else(|e| e.into_inner());
                while !s.0 {
                    if server.strong_count() == 0 {
                        return;
                    }
                    s = self.wake.wait_timeout(s, Duration::from_millis(500)).unwrap_or_else(|e| e.into_inner()).0;
                }
                *s = (false, true);
            }
            if let Some(inner) = server.upgrade() {
                if let Err(e) = inner.db.write(|store| store.recluster(inner.incidents.clone())) {
                    eprintln!("sitrep serve: error: re-clustering incidents: {e:#}");
                }
            }
            self.state.lock().unwrap_or_else(|e| e.into_inner()).1 = false;
        }
    }
}

/// What every handler shares.
#[derive(Clone)]
pub struct AppState(Arc<Inner>);

impl AppState {
    /// Opens (creating and migrating) the store and starts the extraction threads.
    pub fn new(config: &Config) -> anyhow::Result<AppState> {
        let db = Db::open(&config.db)?;
        let threads = if config.threads == 0 { std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1) } else { config.threads };
        let cpu = rayon::ThreadPoolBuilder::new().num_threads(threads).thread_name(|i| format!("sitrep-extract-{i}")).build()?;
        if config.token.as_deref().is_some_and(|t| t.trim().is_empty()) {
            anyhow::bail!("the token is empty: an empty token would let anyone write");
        }
        let token = config.token.as_deref().map(|t| api::digest(t.trim()));
        let recluster = Arc::new(Recluster::default());
        let state = AppState(Arc::new(Inner {
            pipeline: config.pipeline.clone(),
            incidents: config.incidents.clone(),
            token,
            limits: config.limits,
            db,
            cpu,
            threads,
            busy: tokio::sync::Semaphore::new(config.limits.max_concurrency.max(1)),
            recluster: recluster.clone(),
        }));
        let server = Arc::downgrade(&state.0);
        std::thread::Builder::new().name("sitrep-incidents".into()).spawn(move || recluster.run(server))?;
        Ok(state)
    }
}

/// Middleware: at most `max_concurrency` requests at once (the rest get 503 at once, not a
/// queue), and none longer than `timeout` (408, and the connection is closed, since a body may
/// be left unread).
async fn guard(State(st): State<AppState>, req: Request, next: Next) -> Response {
    let Ok(_permit) = st.0.busy.try_acquire() else {
        return Problem::new(StatusCode::SERVICE_UNAVAILABLE, "busy", "too many requests at once; retry shortly")
            .with_header(RETRY_AFTER, "1")
            .into_response();
    };
    let limit = st.0.limits.timeout;
    match tokio::time::timeout(limit, next.run(req)).await {
        Ok(resp) => resp,
        Err(_) => {
            let mut resp = Problem::new(
                StatusCode::REQUEST_TIMEOUT,
                "timeout",
                format!("the request was not received and answered within {:.1} s", limit.as_secs_f64()),
            )
            .into_response();
            resp.headers_mut().insert(CONNECTION, HeaderValue::from_static("close"));
            resp
        }
    }
}

/// The whole service: the API, the web app, the limits and the problem responses.
pub fn router(state: AppState) -> axum::Router {
    use axum::middleware::{from_fn, from_fn_with_state};
    api::routes(&state)
        .merge(web::routes())
        .fallback(web::fallback)
        // Order: the outermost layer is the last added. A panic in a handler becomes a 500
        // problem; every error becomes a problem; then the limits.
        .layer(tower_http::catch_panic::CatchPanicLayer::custom(api::panic_response))
        .layer(from_fn(problem::problems))
        .layer(from_fn_with_state(state.clone(), guard))
        .with_state(state)
}

/// Serves until SIGINT or SIGTERM; prints the address it listens on (the port chosen, with
/// port 0) on stderr.
pub async fn serve(config: Config) -> anyhow::Result<()> {
    let state = AppState::new(&config)?;
    let listener = tokio::net::TcpListener::bind(config.addr).await?;
    let addr = listener.local_addr()?;
    eprintln!("sitrep serve: listening on http://{addr} (store {})", config.db.display());
    serve_on(listener, state, shutdown()).await;
    eprintln!("sitrep serve: stopped");
    Ok(())
}

/// Serves `state` on `listener` until `stop` completes, then lets open requests finish (for at
/// most the request time limit). HTTP/1.1; a client that has not sent its headers within the
/// request time limit is disconnected (the router's limit starts once they are in).
pub async fn serve_on(listener: tokio::net::TcpListener, state: AppState, stop: impl std::future::Future<Output = ()>) {
    use hyper_util::rt::{TokioIo, TokioTimer};
    let limit = state.0.limits.timeout;
    let app = router(state);
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    let mut stop = std::pin::pin!(stop);
    loop {
        let stream = tokio::select! {
            r = listener.accept() => match r {
                Ok((s, _)) => s,
                Err(e) => {
                    // Out of file descriptors, say: wait rather than spin.
                    eprintln!("sitrep serve: accept: {e}");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            _ = &mut stop => break,
        };
        let _ = stream.set_nodelay(true);
        let service = hyper_util::service::TowerToHyperService::new(app.clone());
        let mut http = hyper::server::conn::http1::Builder::new();
        http.timer(TokioTimer::new()).header_read_timeout(limit);
        let conn = graceful.watch(http.serve_connection(TokioIo::new(stream), service));
        tokio::spawn(async move {
            let _ = conn.await;
        });
    }
    drop(listener);
    tokio::select! {
        _ = graceful.shutdown() => {},
        _ = tokio::time::sleep(limit) => {},
    }
}

async fn shutdown() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
}

/// [`serve`] on a runtime of its own (the `sitrep serve` command).
pub fn run(config: Config) -> anyhow::Result<()> {
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().thread_name("sitrep-serve").build()?;
    rt.block_on(serve(config))
}
