//! The web app: the files of `web/dist/`, embedded at build time (build.rs), served at `/`
//! (index.html), `/assets/…` and any other path they have; a path they lack is a 404 problem.

use crate::AppState;
use crate::Problem;
use axum::http::header::{HeaderValue, CACHE_CONTROL, CONTENT_TYPE};
use axum::http::{Method, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

include!(concat!(env!("OUT_DIR"), "/assets.rs"));

/// Served at `/` when `web/dist/` has no index.html (a checkout without the built app).
const PLACEHOLDER: &[u8] = b"<!doctype html><meta charset=\"utf-8\"><title>sitrep</title>\
<p>The web app is not built into this binary. The API: <a href=\"/v1/health\">/v1/health</a>, \
<a href=\"/v1/openapi.json\">/v1/openapi.json</a>.</p>\n";

pub fn routes() -> axum::Router<AppState> {
    axum::Router::new().route("/", get(index)).route("/assets/{*path}", get(asset))
}

fn content_type(path: &str) -> &'static str {
    let ext = path.rsplit_once('.').map(|x| x.1.to_ascii_lowercase()).unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "json" | "map" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "ttf" => "font/ttf",
        "wasm" => "application/wasm",
        "txt" => "text/plain; charset=utf-8",
        "webmanifest" => "application/manifest+json",
        _ => "application/octet-stream",
    }
}

fn find(path: &str) -> Option<&'static [u8]> {
    ASSETS.iter().find(|(name, _)| *name == path).map(|(_, bytes)| *bytes)
}

fn file(path: &str, bytes: &'static [u8]) -> Response {
    // Built assets carry a content hash in their names: cached for good; the rest revalidated.
    let cache = if path.starts_with("assets/") { "public, max-age=31536000, immutable" } else { "no-cache" };
    let mut resp = bytes.into_response();
    resp.headers_mut().insert(CONTENT_TYPE, HeaderValue::from_static(content_type(path)));
    resp.headers_mut().insert(CACHE_CONTROL, HeaderValue::from_static(cache));
    resp
}

async fn index() -> Response {
    file("index.html", find("index.html").unwrap_or(PLACEHOLDER))
}

async fn asset(axum::extract::Path(path): axum::extract::Path<String>) -> Response {
    let full = format!("assets/{path}");
    match find(&full) {
        Some(bytes) => file(&full, bytes),
        None => Problem::not_found(format!("no asset {path:?}")).into_response(),
    }
}

/// Every other path: a file of the app (favicon.ico, robots.txt) or a 404 problem.
pub async fn fallback(method: Method, uri: Uri) -> Response {
    let path = uri.path().trim_start_matches('/');
    if method == Method::GET || method == Method::HEAD {
        if let Some(bytes) = find(path).filter(|_| !path.is_empty()) {
            return file(path, bytes);
        }
    }
    Problem::not_found(format!("nothing at {}", uri.path())).into_response()
}
