//! Errors as RFC 9457 problem details: every error response of the API is
//! `application/problem+json` with `type`, `title`, `status` and `detail`.

use axum::extract::Request;
use axum::http::header::{HeaderName, HeaderValue, CONTENT_LENGTH, CONTENT_TYPE};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde::Serialize;

pub const PROBLEM_JSON: &str = "application/problem+json";

/// The body of every error response.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize, utoipa::ToSchema)]
pub struct ProblemBody {
    /// A URI naming the kind of problem: `urn:sitrep:problem:<kind>` (e.g. `invalid-json`,
    /// `payload-too-large`, `unauthorized`, `not-found`, `timeout`, `busy`).
    #[serde(rename = "type")]
    pub kind: String,
    /// The HTTP status's reason phrase.
    pub title: String,
    pub status: u16,
    /// What went wrong with this request, for a person.
    pub detail: String,
}

/// An error response: a status, a kind (the last part of `type`), a detail, extra headers.
#[derive(Debug)]
pub struct Problem {
    pub status: StatusCode,
    pub kind: &'static str,
    pub detail: String,
    pub headers: Vec<(HeaderName, HeaderValue)>,
}

impl Problem {
    pub fn new(status: StatusCode, kind: &'static str, detail: impl Into<String>) -> Problem {
        Problem { status, kind, detail: detail.into(), headers: Vec::new() }
    }

    pub fn with_header(mut self, name: HeaderName, value: &'static str) -> Problem {
        self.headers.push((name, HeaderValue::from_static(value)));
        self
    }

    pub fn bad_request(detail: impl Into<String>) -> Problem {
        Problem::new(StatusCode::BAD_REQUEST, "bad-request", detail)
    }

    pub fn not_found(detail: impl Into<String>) -> Problem {
        Problem::new(StatusCode::NOT_FOUND, "not-found", detail)
    }

    /// A failure of the server itself: the cause is logged, the client told only that it happened.
    pub fn internal(what: &str, err: impl std::fmt::Display) -> Problem {
        eprintln!("sitrep serve: error: {what}: {err}");
        Problem::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", format!("{what} failed on the server"))
    }

    pub fn body(&self) -> ProblemBody {
        ProblemBody {
            kind: format!("urn:sitrep:problem:{}", self.kind),
            title: self.status.canonical_reason().unwrap_or("Error").to_string(),
            status: self.status.as_u16(),
            detail: self.detail.clone(),
        }
    }
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        let body = serde_json::to_vec(&self.body()).unwrap_or_default();
        let mut resp = (self.status, [(CONTENT_TYPE, HeaderValue::from_static(PROBLEM_JSON))], body).into_response();
        for (k, v) in self.headers {
            resp.headers_mut().insert(k, v);
        }
        resp
    }
}

/// The kind of problem a bare status means (for responses axum makes itself, e.g. 405).
fn kind_of(status: StatusCode) -> &'static str {
    match status.as_u16() {
        400 => "bad-request",
        401 => "unauthorized",
        403 => "forbidden",
        404 => "not-found",
        405 => "method-not-allowed",
        408 => "timeout",
        413 => "payload-too-large",
        415 => "unsupported-media-type",
        422 => "unprocessable",
        503 => "busy",
        s if s >= 500 => "internal",
        _ => "error",
    }
}

/// Middleware: an error response that is not yet a problem (axum's own 405, a bare status
/// from any layer) becomes one, keeping its headers (`Allow`).
pub async fn problems(req: Request, next: Next) -> Response {
    let resp = next.run(req).await;
    let status = resp.status();
    let is_problem = resp.headers().get(CONTENT_TYPE).is_some_and(|v| v.as_bytes().starts_with(PROBLEM_JSON.as_bytes()));
    if !(status.is_client_error() || status.is_server_error()) || is_problem {
        return resp;
    }
    let (mut parts, _) = resp.into_parts();
    let detail = match status {
        StatusCode::METHOD_NOT_ALLOWED => {
            let allow = parts.headers.get(axum::http::header::ALLOW).and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
            format!("this path does not take that method (it takes: {allow})")
        }
        _ => status.canonical_reason().unwrap_or("error").to_string(),
    };
    parts.headers.remove(CONTENT_LENGTH);
    let mut fresh = Problem::new(status, kind_of(status), detail).into_response();
    for (k, v) in parts.headers.iter() {
        if k != CONTENT_TYPE {
            fresh.headers_mut().insert(k.clone(), v.clone());
        }
    }
    fresh
}
