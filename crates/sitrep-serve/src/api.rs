//! The `/v1` handlers, their request and response shapes, and the OpenAPI document generated
//! from them.

use crate::problem::{Problem, ProblemBody};
use crate::AppState;
use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, PathRejection, QueryRejection};
use axum::extract::{DefaultBodyLimit, Path, Query, Request, State};
use axum::http::header::{HeaderValue, AUTHORIZATION, CONTENT_TYPE, WWW_AUTHENTICATE};
use axum::http::{HeaderMap, StatusCode};
use axum::middleware::{from_fn_with_state, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use sitrep_core::{ArticleInput, ArticleMeta, ArticleOutput, Incident};
use sitrep_ingest::{IngestError, Options, Parsed};
use sitrep_pipeline::{run_batch, BatchOptions, Sink, Stats, Summary};
use sitrep_store::{BadQuery, EventQuery, Filter, IncidentQuery, Store, StoreSink};
use utoipa::{IntoParams, OpenApi, ToSchema};

pub fn routes(state: &AppState) -> axum::Router<AppState> {
    let lim = state.0.limits;
    axum::Router::new()
        .route("/v1/extract", post(extract).layer(DefaultBodyLimit::max(lim.extract_bytes)))
        // route_layer: the token is asked of POST alone (another method is a 405, not a 401),
        // and before the body is read.
        .route(
            "/v1/articles",
            post(ingest).layer(DefaultBodyLimit::max(lim.ingest_bytes)).route_layer(from_fn_with_state(state.clone(), require_token)),
        )
        .route("/v1/articles/{id}", get(article))
        .route("/v1/events", get(events))
        .route("/v1/events.geojson", get(events_geojson))
        .route("/v1/incidents", get(incidents))
        .route("/v1/health", get(health))
        .route("/v1/openapi.json", get(openapi))
}

// ---- shapes ----

/// An article to read (the fields `sitrep extract --input jsonl` reads); only `text` is required.
#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
pub struct ArticleIn {
    /// Default: `body:1` (the record's position), as for a JSON line without an id.
    pub id: Option<String>,
    pub title: Option<String>,
    pub text: String,
    /// YYYY-MM-DD (or an ISO 8601 timestamp): what relative dates ("on Monday") resolve against.
    pub published: Option<String>,
    pub source: Option<String>,
    pub url: Option<String>,
}

/// One stored event.
#[derive(Debug, Serialize, ToSchema)]
pub struct EventItem {
    /// The id of the article it was read in.
    pub article: String,
    /// The article's content hash (SHA-256 of its text).
    pub hash: String,
    /// The event exactly as the article output has it (SPEC §1 `events[]`).
    #[schema(value_type = Object)]
    pub event: Box<RawValue>,
    /// The text of the event's sentence.
    pub sentence: String,
}

/// A page of events.
#[derive(Debug, Serialize, ToSchema)]
pub struct EventPage {
    pub items: Vec<EventItem>,
    /// Pass as `cursor` for the next page; null on the last page.
    pub next_cursor: Option<String>,
    /// Items on this page.
    pub count: usize,
}

/// A page of incidents.
#[derive(Debug, Serialize, ToSchema)]
pub struct IncidentPage {
    /// Incidents as `sitrep export --level incident` reads them (SPEC's incident record: members'
    /// event and article ids, reconciled counts with every source).
    #[schema(value_type = Vec<Object>)]
    pub items: Vec<Incident>,
    pub next_cursor: Option<String>,
    pub count: usize,
}

/// One input or record of an ingest that could not be read.
#[derive(Debug, Serialize, ToSchema)]
pub struct IngestErrorItem {
    pub input: String,
    /// `line N`: the line (JSON Lines) or the item (a JSON array), from 1.
    pub position: Option<String>,
    pub reason: String,
}

/// An article stored by an ingest.
#[derive(Debug, Serialize, ToSchema)]
pub struct IngestedArticle {
    /// The id it is stored under (the first one its text was read with).
    pub id: String,
    pub hash: String,
    /// Events read in it.
    pub events: usize,
}

/// What an ingest did.
#[derive(Debug, Serialize, ToSchema)]
pub struct IngestReport {
    /// Articles extracted and stored.
    pub stored: usize,
    /// Articles the store already held, read by the same engine (matched by content hash).
    pub skipped: usize,
    pub errors: Vec<IngestErrorItem>,
    /// Caveats that did not stop an article (a `published` that is not a date).
    pub warnings: Vec<String>,
    pub articles: Vec<IngestedArticle>,
    /// `updating`: something was stored and the incidents are being re-clustered in the
    /// background (`GET /v1/health` says when they are done); `current`: nothing changed.
    pub incidents: String,
}

/// A stored article: its text and everything read in it.
#[derive(Debug, Serialize, ToSchema)]
pub struct ArticleResponse {
    pub id: String,
    pub hash: String,
    pub title: Option<String>,
    pub published: Option<String>,
    pub source: Option<String>,
    pub url: Option<String>,
    /// The text as given: every span of `output` is `[start, end)` in characters of it.
    pub text: String,
    /// The article output (SPEC §1), events included.
    #[schema(value_type = Object)]
    pub output: ArticleOutput,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct HealthCounts {
    pub articles: usize,
    pub events: usize,
    pub incidents: usize,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Health {
    /// `ok`.
    pub status: String,
    /// The sitrep version.
    pub version: String,
    /// The engine stamp every output carries (version and data fingerprint).
    pub engine: String,
    pub counts: HealthCounts,
    /// Whether the incidents are being re-clustered after an ingest (they lag the events).
    pub incidents_updating: bool,
}

/// Article metadata for a `text/plain` body.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ExtractParams {
    /// Publication date (YYYY-MM-DD): what relative dates resolve against (text/plain only).
    published: Option<String>,
    /// Article id (text/plain only; default `article`).
    id: Option<String>,
    title: Option<String>,
    source: Option<String>,
    url: Option<String>,
}

/// Filters and paging of the lists (all optional; empty values are ignored).
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListParams {
    /// On or after this day (YYYY-MM-DD); undated rows never match a date bound.
    since: Option<String>,
    /// On or before this day (YYYY-MM-DD).
    until: Option<String>,
    /// ISO 3166 alpha-3 code of the place (NGA).
    country: Option<String>,
    /// PLOVER category (ASSAULT).
    category: Option<String>,
    /// ACLED event type, exact ("Violence against civilians").
    event_type: Option<String>,
    /// ACLED sub-event type, exact ("Attack").
    sub_event_type: Option<String>,
    /// min lon,min lat,max lon,max lat; rows without coordinates never match.
    bbox: Option<String>,
    /// Words all of which the event's sentence or its article's title hold (for incidents: any
    /// member event's).
    q: Option<String>,
    /// Rows per page (events and incidents: default 100, at most 1000; GeoJSON: default 1000, at
    /// most 10000).
    #[param(value_type = Option<u32>)]
    limit: Option<String>,
    /// The `next_cursor` of the page before.
    cursor: Option<String>,
}

fn nonempty(s: &Option<String>) -> Option<String> {
    s.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_string)
}

/// A YYYY-MM-DD day (or the day of an ISO timestamp), or a 400 naming the parameter.
fn day(name: &str, s: &str) -> Result<String, Problem> {
    let ok = s.len() >= 10 && s.as_bytes()[4] == b'-' && s.as_bytes()[7] == b'-';
    match sitrep_pipeline::parse_published(s).filter(|_| ok) {
        Some(d) => Ok(d.format("%Y-%m-%d").to_string()),
        None => Err(Problem::bad_request(format!("{name}: {s:?} is not a YYYY-MM-DD date"))),
    }
}

fn bbox(s: &str) -> Result<[f64; 4], Problem> {
    let bad = || Problem::bad_request(format!("bbox: {s:?} is not min_lon,min_lat,max_lon,max_lat"));
    let v: Vec<f64> = s.split(',').map(|x| x.trim().parse::<f64>()).collect::<Result<_, _>>().map_err(|_| bad())?;
    match v.as_slice() {
        [w, so, e, n] if v.iter().all(|x| x.is_finite()) && w <= e && so <= n => Ok([*w, *so, *e, *n]),
        _ => Err(bad()),
    }
}

impl ListParams {
    fn filter(&self) -> Result<Filter, Problem> {
        Ok(Filter {
            since: nonempty(&self.since).map(|d| day("since", &d)).transpose()?,
            until: nonempty(&self.until).map(|d| day("until", &d)).transpose()?,
            country: nonempty(&self.country),
            category: nonempty(&self.category),
            bbox: nonempty(&self.bbox).map(|b| bbox(&b)).transpose()?,
        })
    }

    fn limit(&self, default: usize, max: usize) -> Result<usize, Problem> {
        match nonempty(&self.limit) {
            None => Ok(default),
            Some(s) => match s.parse::<usize>() {
                Ok(0) => Err(Problem::bad_request("limit: must be at least 1")),
                Ok(n) => Ok(n.min(max)),
                Err(_) => Err(Problem::bad_request(format!("limit: {s:?} is not a whole number"))),
            },
        }
    }

    fn events(&self, default: usize, max: usize, located: bool) -> Result<EventQuery, Problem> {
        Ok(EventQuery {
            filter: self.filter()?,
            event_type: nonempty(&self.event_type),
            sub_event_type: nonempty(&self.sub_event_type),
            q: nonempty(&self.q),
            located,
            limit: self.limit(default, max)?,
            cursor: nonempty(&self.cursor),
        })
    }
}

// ---- helpers ----

/// The media type of a request, lower-cased, without parameters (`text/plain`).
fn media_type(headers: &HeaderMap) -> String {
    let v = headers.get(CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
    v.split(';').next().unwrap_or("").trim().to_ascii_lowercase()
}

fn unsupported(kind: &str, takes: &str) -> Problem {
    let given = if kind.is_empty() { "no Content-Type".to_string() } else { format!("Content-Type {kind}") };
    Problem::new(StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type", format!("{given}: this endpoint takes {takes}"))
}

fn body_problem(r: BytesRejection, limit: usize) -> Problem {
    if r.status() == StatusCode::PAYLOAD_TOO_LARGE {
        Problem::new(StatusCode::PAYLOAD_TOO_LARGE, "payload-too-large", format!("the body is over this endpoint's limit of {limit} bytes"))
    } else {
        Problem::bad_request(format!("the body could not be read: {}", r.body_text()))
    }
}

fn query_problem(r: QueryRejection) -> Problem {
    Problem::bad_request(r.body_text())
}

/// An article that cannot be read: bad JSON is a 400, anything else (no text, not UTF-8) a 422.
fn unreadable(e: &IngestError) -> Problem {
    match e {
        IngestError::Json { message, .. } => Problem::new(StatusCode::BAD_REQUEST, "invalid-json", format!("invalid JSON: {message}")),
        IngestError::Utf8 { offset, .. } => {
            Problem::new(StatusCode::UNPROCESSABLE_ENTITY, "unreadable-article", format!("the text is not UTF-8 (at byte {offset})"))
        }
        other => Problem::new(StatusCode::UNPROCESSABLE_ENTITY, "unreadable-article", other.to_string()),
    }
}

/// No size limit here: the body limit has bounded it already.
const NO_LIMIT: Options = Options { lossy: false, max_bytes: usize::MAX };

pub(crate) fn digest(s: &str) -> [u8; 32] {
    use sha2::Digest;
    sha2::Sha256::digest(s.as_bytes()).into()
}

/// Equal digests, in time independent of where they differ.
fn same(a: &[u8; 32], b: &[u8; 32]) -> bool {
    std::hint::black_box(a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y))) == 0
}

/// A panic in a handler: a 500 problem (the panic message went to stderr already).
pub(crate) fn panic_response(_: Box<dyn std::any::Any + Send + 'static>) -> Response {
    Problem::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", "the server failed on this request").into_response()
}

impl AppState {
    /// Runs CPU-bound work on the extraction pool; a panic in it is a 500, not a lost thread.
    async fn cpu<R: Send + 'static>(&self, f: impl FnOnce() -> R + Send + 'static) -> Result<R, Problem> {
        let (tx, rx) = tokio::sync::oneshot::channel();
        self.0.cpu.spawn(move || {
            // The request gave up (timed out) while this waited: nobody wants the result.
            if tx.is_closed() {
                return;
            }
            let _ = tx.send(std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)));
        });
        match rx.await {
            Ok(Ok(r)) => Ok(r),
            Ok(Err(_)) => Err(Problem::internal("extraction", "it panicked")),
            Err(e) => Err(Problem::internal("extraction", e)),
        }
    }

    /// Runs a read on a read-only connection, off the async threads; a [`BadQuery`] is the
    /// client's 400.
    async fn read<R: Send + 'static>(&self, f: impl FnOnce(&Store) -> anyhow::Result<R> + Send + 'static) -> Result<R, Problem> {
        let st = self.clone();
        match tokio::task::spawn_blocking(move || st.0.db.read(f)).await {
            Ok(Ok(r)) => Ok(r),
            Ok(Err(e)) => match e.downcast_ref::<BadQuery>() {
                Some(b) => Err(Problem::bad_request(b.0.clone())),
                None => Err(Problem::internal("reading the store", format!("{e:#}"))),
            },
            Err(e) => Err(Problem::internal("reading the store", e)),
        }
    }
}

fn json_response(status: StatusCode, content_type: &'static str, body: Vec<u8>) -> Response {
    (status, [(CONTENT_TYPE, HeaderValue::from_static(content_type))], body).into_response()
}

// ---- handlers ----

/// Reads one article and answers its article output (SPEC §1), exactly as `sitrep extract`
/// writes it.
#[utoipa::path(
    post,
    path = "/v1/extract",
    params(ExtractParams),
    request_body(content((String = "text/plain"), (ArticleIn = "application/json")), description = "The article: its text, or a JSON article"),
    responses(
        (status = 200, description = "The article output (SPEC §1)", body = Object),
        (status = 400, description = "Invalid JSON or parameters", body = ProblemBody, content_type = "application/problem+json"),
        (status = 413, description = "Body over the limit", body = ProblemBody, content_type = "application/problem+json"),
        (status = 415, description = "Neither text/plain nor application/json", body = ProblemBody, content_type = "application/problem+json"),
        (status = 422, description = "No text to read (empty, no `text` field, not UTF-8)", body = ProblemBody, content_type = "application/problem+json"),
    )
)]
async fn extract(
    State(st): State<AppState>,
    params: Result<Query<ExtractParams>, QueryRejection>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, Problem> {
    let Query(p) = params.map_err(query_problem)?;
    let kind = media_type(&headers);
    let body = body.map_err(|r| body_problem(r, st.0.limits.extract_bytes))?;
    let input = match kind.as_str() {
        "text/plain" => {
            let published = nonempty(&p.published).map(|d| day("published", &d)).transpose()?;
            let text = sitrep_ingest::decode("the body", body.to_vec(), NO_LIMIT).map_err(|e| unreadable(&e))?;
            let meta = ArticleMeta {
                id: nonempty(&p.id).unwrap_or_else(|| "article".to_string()),
                source: nonempty(&p.source),
                url: nonempty(&p.url),
                title: nonempty(&p.title),
                published,
            };
            ArticleInput { meta, text }
        }
        "application/json" => sitrep_ingest::parse_record("body", 1, &body, NO_LIMIT).map_err(|e| unreadable(&e))?.article,
        other => return Err(unsupported(other, "text/plain or application/json")),
    };
    let pipeline = st.0.pipeline.clone();
    let json = st.cpu(move || serde_json::to_vec(&pipeline.extract(&input).0)).await?;
    let json = json.map_err(|e| Problem::internal("writing the output", e))?;
    Ok(json_response(StatusCode::OK, "application/json", json))
}

/// Media types `POST /v1/articles` takes.
const INGEST_TYPES: &[&str] =
    &["application/json", "application/x-ndjson", "application/jsonl", "application/x-jsonlines", "application/jsonlines"];

/// The records of an ingest body: one JSON article, a JSON array of them, or JSON Lines.
fn records(body: &[u8]) -> Vec<Result<Parsed, IngestError>> {
    let json_error = |e: serde_json::Error| IngestError::Json { name: "body".into(), line: e.line(), message: e.to_string() };
    if body.trim_ascii_start().starts_with(b"[") {
        return match serde_json::from_slice::<Vec<Box<RawValue>>>(body) {
            Ok(items) => {
                items.iter().enumerate().map(|(i, v)| sitrep_ingest::parse_record("body", i + 1, v.get().as_bytes(), NO_LIMIT)).collect()
            }
            Err(e) => vec![Err(json_error(e))],
        };
    }
    // One value (an object over any number of lines) is one article; else one per line.
    if serde_json::from_slice::<&RawValue>(body).is_ok() {
        return vec![sitrep_ingest::parse_record("body", 1, body, NO_LIMIT)];
    }
    body.split(|&b| b == b'\n')
        .enumerate()
        .filter(|(_, line)| !line.trim_ascii().is_empty())
        .map(|(i, line)| sitrep_ingest::parse_record("body", i + 1, line, NO_LIMIT))
        .collect()
}

/// Hands articles to the store and keeps what the report needs.
struct Report<'a> {
    store: &'a mut dyn Sink,
    report: IngestReport,
}

impl Sink for Report<'_> {
    fn wants(&mut self, hash: &str) -> anyhow::Result<bool> {
        self.store.wants(hash)
    }
    fn article(&mut self, input: &ArticleInput, out: &ArticleOutput, stats: &Stats) -> anyhow::Result<()> {
        self.store.article(input, out, stats)?;
        self.report.articles.push(IngestedArticle { id: out.article.id.clone(), hash: out.hash.clone(), events: out.events.len() });
        Ok(())
    }
    fn error(&mut self, err: &IngestError) -> anyhow::Result<()> {
        let r = err.record();
        self.report.errors.push(IngestErrorItem { input: r.input, position: r.position, reason: r.reason });
        Ok(())
    }
    fn warning(&mut self, message: &str) -> anyhow::Result<()> {
        self.report.warnings.push(message.to_string());
        Ok(())
    }
    fn finish(&mut self, summary: &Summary) -> anyhow::Result<()> {
        self.store.finish(summary)
    }
}

impl AppState {
    /// `sitrep ingest` for records already read: extract what the store lacks, store it,
    /// re-cluster the incidents. Blocking: one writer at a time.
    fn ingest_blocking(&self, records: Vec<Result<Parsed, IngestError>>) -> anyhow::Result<IngestReport> {
        let inner = &self.0;
        inner.db.write(|store| {
            let engine = inner.pipeline.engine().to_string();
            let empty =
                IngestReport { stored: 0, skipped: 0, errors: vec![], warnings: vec![], articles: vec![], incidents: String::new() };
            let (summary, mut report) = {
                let mut sink = StoreSink::new(&mut *store, &engine, false, |_| Ok(()));
                let mut report = Report { store: &mut sink, report: empty };
                let batch = BatchOptions { threads: inner.threads, chunk: 64 };
                let summary = run_batch(records, &inner.pipeline, batch, &mut report)?;
                (summary, report.report)
            };
            report.incidents = if summary.articles > 0 { "updating" } else { "current" }.into();
            report.stored = summary.articles;
            report.skipped = summary.skipped;
            Ok(report)
        })
    }
}

/// Middleware of `POST /v1/articles`: the bearer token, checked before the body is read.
async fn require_token(State(st): State<AppState>, req: Request, next: Next) -> Response {
    let Some(want) = st.0.token else {
        return Problem::new(StatusCode::FORBIDDEN, "writes-disabled", "this server was started without --token-file: it takes no writes")
            .into_response();
    };
    let given = req.headers().get(AUTHORIZATION).and_then(|v| v.to_str().ok()).and_then(|v| {
        let (scheme, token) = v.trim().split_once(' ')?;
        scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
    });
    match given {
        None => Problem::new(StatusCode::UNAUTHORIZED, "unauthorized", "writes need Authorization: Bearer <token>")
            .with_header(WWW_AUTHENTICATE, "Bearer realm=\"sitrep\"")
            .into_response(),
        Some(t) if !same(&digest(t), &want) => {
            Problem::new(StatusCode::FORBIDDEN, "forbidden", "that token is not this server's").into_response()
        }
        Some(_) => next.run(req).await,
    }
}

/// Stores articles (the path of `sitrep ingest`: the same text is stored once, by content
/// hash; an article the store holds from the same engine is skipped) and re-clusters the
/// incidents.
#[utoipa::path(
    post,
    path = "/v1/articles",
    request_body(
        content((ArticleIn = "application/json"), (String = "application/x-ndjson")),
        description = "One JSON article, a JSON array of them, or JSON Lines (one article a line)"
    ),
    security(("bearer" = [])),
    responses(
        (status = 201, description = "What was stored; records that could not be read are listed in `errors`", body = IngestReport),
        (status = 400, description = "Invalid JSON (no record could be read)", body = ProblemBody, content_type = "application/problem+json"),
        (status = 401, description = "No bearer token", body = ProblemBody, content_type = "application/problem+json"),
        (status = 403, description = "Wrong token, or the server takes no writes (started without --token-file)", body = ProblemBody, content_type = "application/problem+json"),
        (status = 413, description = "Body over the limit", body = ProblemBody, content_type = "application/problem+json"),
        (status = 415, description = "Not JSON", body = ProblemBody, content_type = "application/problem+json"),
        (status = 422, description = "No article could be read (no text)", body = ProblemBody, content_type = "application/problem+json"),
    )
)]
async fn ingest(State(st): State<AppState>, headers: HeaderMap, body: Result<Bytes, BytesRejection>) -> Result<Response, Problem> {
    let kind = media_type(&headers);
    if !INGEST_TYPES.contains(&kind.as_str()) {
        return Err(unsupported(&kind, "application/json or application/x-ndjson"));
    }
    let body = body.map_err(|r| body_problem(r, st.0.limits.ingest_bytes))?;
    let records = records(&body);
    if !records.iter().any(|r| r.is_ok()) {
        return Err(match records.iter().find_map(|r| r.as_ref().err()) {
            Some(e) => unreadable(e),
            None => Problem::new(StatusCode::UNPROCESSABLE_ENTITY, "unreadable-article", "the body holds no article"),
        });
    }
    let st2 = st.clone();
    let report = tokio::task::spawn_blocking(move || st2.ingest_blocking(records)).await.map_err(|e| Problem::internal("ingest", e))?;
    let report = report.map_err(|e| Problem::internal("ingest", format!("{e:#}")))?;
    if report.stored > 0 {
        st.0.recluster.request();
    }
    let body = serde_json::to_vec(&report).map_err(|e| Problem::internal("ingest", e))?;
    Ok(json_response(StatusCode::CREATED, "application/json", body))
}

/// Stored events, filtered, newest first (undated last), a page at a time.
#[utoipa::path(
    get,
    path = "/v1/events",
    params(ListParams),
    responses(
        (status = 200, description = "A page of events", body = EventPage),
        (status = 400, description = "A bad parameter or cursor", body = ProblemBody, content_type = "application/problem+json"),
    )
)]
async fn events(State(st): State<AppState>, params: Result<Query<ListParams>, QueryRejection>) -> Result<Response, Problem> {
    let Query(p) = params.map_err(query_problem)?;
    let query = p.events(100, 1000, false)?;
    let body = st
        .read(move |s| {
            let page = s.event_page(&query)?;
            let items = page
                .items
                .into_iter()
                .map(|r| Ok(EventItem { article: r.article, hash: r.hash, event: RawValue::from_string(r.json)?, sentence: r.sentence }))
                .collect::<Result<Vec<_>, serde_json::Error>>()?;
            Ok(serde_json::to_vec(&EventPage { count: items.len(), items, next_cursor: page.next })?)
        })
        .await?;
    Ok(json_response(StatusCode::OK, "application/json", body))
}

/// Stored events with coordinates as a GeoJSON FeatureCollection (the features of
/// `sitrep export --format geojson`), with `next_cursor` and `count` as foreign members.
#[utoipa::path(
    get,
    path = "/v1/events.geojson",
    params(ListParams),
    responses(
        (status = 200, description = "A FeatureCollection of points", body = Object, content_type = "application/geo+json"),
        (status = 400, description = "A bad parameter or cursor", body = ProblemBody, content_type = "application/problem+json"),
    )
)]
async fn events_geojson(State(st): State<AppState>, params: Result<Query<ListParams>, QueryRejection>) -> Result<Response, Problem> {
    let Query(p) = params.map_err(query_problem)?;
    let query = p.events(1000, 10_000, true)?;
    let body = st
        .read(move |s| {
            let page = s.event_page(&query)?;
            let mut features = Vec::with_capacity(page.items.len());
            for r in &page.items {
                let event: sitrep_core::Event = serde_json::from_str(&r.json)?;
                features.extend(sitrep_export::event_feature(&sitrep_export::Row { event: &event, sentence: &r.sentence }));
            }
            let n = features.len();
            let fc = serde_json::json!({"type": "FeatureCollection", "features": features, "next_cursor": page.next, "count": n});
            Ok(serde_json::to_vec(&fc)?)
        })
        .await?;
    Ok(json_response(StatusCode::OK, "application/geo+json", body))
}

/// Stored incidents (events of several reports clustered), filtered by their start date,
/// place, category and ACLED view, newest first, a page at a time.
#[utoipa::path(
    get,
    path = "/v1/incidents",
    params(ListParams),
    responses(
        (status = 200, description = "A page of incidents", body = IncidentPage),
        (status = 400, description = "A bad parameter or cursor", body = ProblemBody, content_type = "application/problem+json"),
    )
)]
async fn incidents(State(st): State<AppState>, params: Result<Query<ListParams>, QueryRejection>) -> Result<Response, Problem> {
    let Query(p) = params.map_err(query_problem)?;
    let query = IncidentQuery {
        filter: p.filter()?,
        event_type: nonempty(&p.event_type),
        sub_event_type: nonempty(&p.sub_event_type),
        q: nonempty(&p.q),
        limit: p.limit(100, 1000)?,
        cursor: nonempty(&p.cursor),
    };
    let body = st
        .read(move |s| {
            let page = s.incident_page(&query)?;
            Ok(serde_json::to_vec(&IncidentPage { count: page.items.len(), items: page.items, next_cursor: page.next })?)
        })
        .await?;
    Ok(json_response(StatusCode::OK, "application/json", body))
}

/// A stored article by its id or its content hash: text, metadata and the article output with
/// every span.
#[utoipa::path(
    get,
    path = "/v1/articles/{id}",
    params(("id" = String, Path, description = "The article's id or its content hash")),
    responses(
        (status = 200, description = "The article", body = ArticleResponse),
        (status = 404, description = "No such article", body = ProblemBody, content_type = "application/problem+json"),
    )
)]
async fn article(State(st): State<AppState>, id: Result<Path<String>, PathRejection>) -> Result<Response, Problem> {
    let Path(id) = id.map_err(|r| Problem::bad_request(r.body_text()))?;
    let key = id.clone();
    let body = st
        .read(move |s| {
            let Some(a) = s.article(&key)? else { return Ok(None) };
            let resp = ArticleResponse {
                id: a.id,
                hash: a.hash,
                title: a.title,
                published: a.published,
                source: a.source,
                url: a.url,
                text: a.text,
                output: a.output,
            };
            Ok(Some(serde_json::to_vec(&resp)?))
        })
        .await?;
    match body {
        Some(b) => Ok(json_response(StatusCode::OK, "application/json", b)),
        None => Err(Problem::not_found(format!("no article with id or hash {id:?}"))),
    }
}

/// Whether the server is up, what it runs, and how much the store holds.
#[utoipa::path(get, path = "/v1/health", responses((status = 200, description = "Up", body = Health)))]
async fn health(State(st): State<AppState>) -> Result<Response, Problem> {
    // Asked before the counts are read: "not updating" then means the counts are settled ones.
    let updating = st.0.recluster.pending();
    let c = st.read(|s| s.counts()).await?;
    let h = Health {
        status: "ok".into(),
        version: env!("CARGO_PKG_VERSION").into(),
        engine: st.0.pipeline.engine().into(),
        counts: HealthCounts { articles: c.articles, events: c.events, incidents: c.incidents },
        incidents_updating: updating,
    };
    let body = serde_json::to_vec(&h).map_err(|e| Problem::internal("health", e))?;
    Ok(json_response(StatusCode::OK, "application/json", body))
}

/// This document.
#[utoipa::path(get, path = "/v1/openapi.json", responses((status = 200, description = "The OpenAPI document", body = Object)))]
async fn openapi() -> Response {
    static DOC: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
    let doc = DOC.get_or_init(|| serde_json::to_vec(&ApiDoc::openapi()).unwrap_or_default());
    json_response(StatusCode::OK, "application/json", doc.clone())
}

/// The bearer scheme `POST /v1/articles` asks for.
struct BearerAuth;

impl utoipa::Modify for BearerAuth {
    fn modify(&self, doc: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};
        let components = doc.components.get_or_insert_with(Default::default);
        components.add_security_scheme("bearer", SecurityScheme::Http(Http::new(HttpAuthScheme::Bearer)));
    }
}

/// The OpenAPI document of the API, generated from the handlers and their types. The big
/// records of SPEC §1 (the article output, events, incidents) are described as objects here;
/// SPEC.md §1 is their schema.
#[derive(OpenApi)]
#[openapi(
    info(title = "sitrep", description = "Conflict-event records from news text: extract, store, query. Errors are RFC 9457 problems."),
    paths(extract, ingest, events, events_geojson, incidents, article, health, openapi),
    components(schemas(
        ProblemBody,
        ArticleIn,
        EventItem,
        EventPage,
        IncidentPage,
        IngestReport,
        IngestedArticle,
        IngestErrorItem,
        ArticleResponse,
        Health,
        HealthCounts
    )),
    modifiers(&BearerAuth)
)]
pub struct ApiDoc;
