//! What every request goes through: error bodies, authentication, CORS, the body limit, the
//! request log and injected faults.

use crate::admin::{FaultBody, RequestRecord};
use crate::Sim;
use axum::body::{to_bytes, Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use base64::Engine;
use jobs_api::{ErrorResponse, UserRef};
use std::sync::Arc;
use std::time::{Duration, Instant};

pub const MAX_BODY_BYTES: usize = 64 * 1024;

/// An error answer: a status and an ErrorResponse body.
#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub body: ErrorResponse,
}

impl ApiError {
    pub fn new(status: StatusCode, message: impl Into<String>) -> Self {
        Self { status, body: ErrorResponse::new(code_for(status), message) }
    }
    pub fn bad_request(target: &str, message: impl Into<String>) -> Self {
        let mut e = Self::new(StatusCode::BAD_REQUEST, message);
        e.body.target = Some(target.to_owned());
        e
    }
    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, message)
    }
}

/// The `code` of an ErrorResponse for an HTTP status.
pub fn code_for(status: StatusCode) -> &'static str {
    match status.as_u16() {
        400 => "BadArgument",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "NotFound",
        405 => "MethodNotAllowed",
        409 => "Conflict",
        413 => "PayloadTooLarge",
        415 => "UnsupportedMediaType",
        429 => "TooManyRequests",
        500 => "InternalError",
        502 => "BadGateway",
        503 => "ServiceUnavailable",
        504 => "GatewayTimeout",
        _ => "Error",
    }
}

pub fn json_response<T: serde::Serialize>(status: StatusCode, value: &T) -> Response {
    let body = serde_json::to_vec(value).unwrap_or_else(|_| b"{}".to_vec());
    (status, [(header::CONTENT_TYPE, "application/json")], body).into_response()
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        json_response(self.status, &self.body)
    }
}

/// Compares secrets in time that depends only on their lengths.
pub fn secret_eq(a: &[u8], b: &[u8]) -> bool {
    let mut diff = (a.len() ^ b.len()) as u64;
    for i in 0..a.len().max(b.len()) {
        let x = a.get(i).copied().unwrap_or(0);
        let y = b.get(i).copied().unwrap_or(0xff);
        diff |= u64::from(x ^ y);
    }
    diff == 0
}

fn any_secret_eq(candidates: &[String], presented: &[u8]) -> bool {
    // Check every candidate so that the time does not say which one matched.
    candidates.iter().fold(false, |found, c| secret_eq(c.as_bytes(), presented) | found)
}

/// The user name Polaris shows for an API key: a prefix and suffix, never the whole key.
pub fn masked_key_user(key: &str) -> UserRef {
    let chars: Vec<char> = key.chars().collect();
    let name = if chars.len() >= 20 {
        let head: String = chars[..9].iter().collect();
        let tail: String = chars[chars.len() - 4..].iter().collect();
        format!("api-key-{head}...{tail}")
    } else {
        let head: String = chars[..chars.len() / 4].iter().collect();
        format!("api-key-{head}...")
    };
    crate::demo::user(&name)
}

/// Who is calling.
pub struct Principal {
    pub user: UserRef,
    pub can_manage_jobs: bool,
}

/// Reads the `Authorization` header: `Basic <raw key>`, `Basic base64(key:)` (standard or
/// URL-safe alphabet) or `Bearer <token>`.
pub fn authenticate(sim: &Sim, headers: &HeaderMap) -> Result<Principal, ApiError> {
    let unauthorized = |m: &str| ApiError::new(StatusCode::UNAUTHORIZED, m);
    let value = headers
        .get(header::AUTHORIZATION)
        .ok_or_else(|| {
            unauthorized(
                "No credentials: send an Authorization header with an API key (Basic) or an OAuth token (Bearer).",
            )
        })?
        .to_str()
        .map_err(|_| unauthorized("The Authorization header is not valid text."))?;
    let (scheme, rest) = value.trim().split_once(' ').unwrap_or((value, ""));
    let rest = rest.trim();
    let invalid = || unauthorized("The credentials are invalid or expired.");
    if scheme.eq_ignore_ascii_case("Bearer") {
        if !rest.is_empty() && any_secret_eq(&sim.config.bearer_tokens, rest.as_bytes()) {
            return Ok(Principal { user: crate::demo::user("oauth-user@example.com"), can_manage_jobs: true });
        }
        return Err(invalid());
    }
    if !scheme.eq_ignore_ascii_case("Basic") {
        return Err(unauthorized("Unsupported authorization scheme: use Basic (API key) or Bearer (OAuth token)."));
    }
    // The raw key, or base64("key:") as HTTP Basic with an empty password: in the standard
    // alphabet (curl --user), or in the URL-safe one (`-` and `_`: Imply's Python SDK).
    use base64::engine::general_purpose::{STANDARD, URL_SAFE};
    let decoded = |engine: &base64::engine::GeneralPurpose| {
        engine
            .decode(rest)
            .ok()
            .and_then(|b| String::from_utf8(b).ok())
            .and_then(|s| s.split_once(':').map(|(k, _)| k.to_owned()))
    };
    for key in [Some(rest.to_owned()), decoded(&STANDARD), decoded(&URL_SAFE)].into_iter().flatten() {
        if key.is_empty() {
            continue;
        }
        let allowed = any_secret_eq(&sim.api_keys, key.as_bytes());
        let forbidden = any_secret_eq(&sim.config.forbidden_keys, key.as_bytes());
        if allowed || forbidden {
            return Ok(Principal { user: masked_key_user(&key), can_manage_jobs: allowed });
        }
    }
    Err(invalid())
}

fn cors_origin(sim: &Sim, headers: &HeaderMap) -> Option<HeaderValue> {
    let origin = headers.get(header::ORIGIN)?;
    let o = origin.to_str().ok()?;
    sim.config.cors_origins.iter().any(|allowed| allowed == o).then(|| origin.clone())
}

/// The front door: CORS, body limit, request log, faults, and ErrorResponse bodies for
/// answers the router gives without one (404, 405).
pub async fn front(State(sim): State<Arc<Sim>>, req: Request, next: Next) -> Response {
    let started = Instant::now();
    let allow_origin = cors_origin(&sim, req.headers());
    let is_preflight = req.method() == Method::OPTIONS
        && req.headers().contains_key(header::ORIGIN)
        && req.headers().contains_key(header::ACCESS_CONTROL_REQUEST_METHOD);
    if is_preflight {
        let Some(origin) = allow_origin else {
            return ApiError::new(StatusCode::FORBIDDEN, "This origin is not allowed (CORS).").into_response();
        };
        let mut r = StatusCode::NO_CONTENT.into_response();
        let h = r.headers_mut();
        h.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin);
        h.insert(header::ACCESS_CONTROL_ALLOW_METHODS, HeaderValue::from_static("GET, POST, PUT, DELETE, OPTIONS"));
        h.insert(header::ACCESS_CONTROL_ALLOW_HEADERS, HeaderValue::from_static("authorization, content-type, accept"));
        h.insert(header::ACCESS_CONTROL_MAX_AGE, HeaderValue::from_static("600"));
        h.insert(header::VARY, HeaderValue::from_static("Origin"));
        return r;
    }

    let (parts, body) = req.into_parts();
    let method = parts.method.clone();
    let path = parts.uri.path().to_owned();
    let query = parts.uri.query().unwrap_or("").to_owned();
    let bytes = match to_bytes(body, MAX_BODY_BYTES).await {
        Ok(b) => b,
        Err(_) => {
            let mut r = ApiError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                format!("The request body is larger than {MAX_BODY_BYTES} bytes."),
            )
            .into_response();
            add_cors(&mut r, allow_origin);
            return r;
        }
    };
    // The test endpoints change what the API answers and show what it was asked: only for a
    // client on this machine (its address a loopback one) asking for this machine's address,
    // never one a web page reached by another name (DNS rebinding).
    let peer = parts.extensions.get::<axum::extract::ConnectInfo<std::net::SocketAddr>>().map(|c| c.0.ip());
    if path.starts_with("/__sim/")
        && !(peer.is_some_and(|ip| ip.is_loopback()) && for_this_machine(&sim, parts.headers.get(header::HOST)))
    {
        let mut r = ApiError::new(
            StatusCode::FORBIDDEN,
            "The test endpoints answer only clients on this machine, asking for its address (Host: 127.0.0.1 or \
             localhost).",
        )
        .into_response();
        add_cors(&mut r, allow_origin);
        return r;
    }
    let is_api = path.starts_with("/v1/");
    let fault = if is_api { sim.take_fault(method.as_str(), &path, &query) } else { None };
    let recorded = is_api && sim.config.admin;
    let body_text = (recorded && !bytes.is_empty())
        .then(|| String::from_utf8_lossy(&bytes[..bytes.len().min(crate::admin::MAX_RECORD_BODY + 4)]).into_owned());
    let req = Request::from_parts(parts, Body::from(bytes.clone()));

    let mut response = match fault {
        Some(f) => {
            if let Some(ms) = f.delay_ms {
                tokio::time::sleep(Duration::from_millis(ms)).await;
            }
            match (f.status, &f.body) {
                _ if f.json.is_some() => {
                    let status = f.status.and_then(|s| StatusCode::from_u16(s).ok()).unwrap_or(StatusCode::OK);
                    json_response(status, &f.json)
                }
                (Some(status), body) => {
                    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
                    let mut r = match body {
                        Some(FaultBody::Malformed) => malformed(status),
                        Some(FaultBody::Truncated) => {
                            let e = ApiError::new(status, f.message.clone().unwrap_or_else(|| "Injected fault".into()));
                            truncate(e.into_response()).await
                        }
                        Some(FaultBody::Empty) => status.into_response(),
                        Some(FaultBody::Huge) => {
                            let e = ApiError::new(status, f.message.clone().unwrap_or_else(|| "Injected fault".into()));
                            pad(e.into_response()).await
                        }
                        Some(FaultBody::Stream) => {
                            let e = ApiError::new(status, f.message.clone().unwrap_or_else(|| "Injected fault".into()));
                            stream_padded(e.into_response()).await
                        }
                        None => ApiError::new(
                            status,
                            f.message.clone().unwrap_or_else(|| format!("Injected fault: HTTP {}", status.as_u16())),
                        )
                        .into_response(),
                    };
                    if let Some(secs) = f.retry_after {
                        r.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(secs));
                    }
                    r
                }
                (None, Some(FaultBody::Malformed)) => malformed(StatusCode::OK),
                (None, Some(FaultBody::Truncated)) => truncate(next.run(req).await).await,
                (None, Some(FaultBody::Huge)) => pad(next.run(req).await).await,
                (None, Some(FaultBody::Stream)) => stream_padded(next.run(req).await).await,
                (None, Some(FaultBody::Empty)) => {
                    let r = next.run(req).await;
                    let (parts, _) = r.into_parts();
                    Response::from_parts(parts, Body::empty())
                }
                (None, None) => next.run(req).await,
            }
        }
        None => next.run(req).await,
    };

    // Give router-made answers (unknown route, wrong method) an ErrorResponse body.
    let status = response.status();
    let is_json =
        response.headers().get(header::CONTENT_TYPE).is_some_and(|v| v.as_bytes().starts_with(b"application/json"));
    if (status == StatusCode::NOT_FOUND || status == StatusCode::METHOD_NOT_ALLOWED) && !is_json {
        let msg = if status == StatusCode::NOT_FOUND {
            format!("No such resource: {path}")
        } else {
            format!("Method {method} is not allowed on {path}")
        };
        let allow = response.headers().get(header::ALLOW).cloned();
        response = ApiError::new(status, msg).into_response();
        if let Some(a) = allow {
            response.headers_mut().insert(header::ALLOW, a);
        }
    }
    add_cors(&mut response, allow_origin);
    // Serving the app, every answer carries the static host's headers (deploy/
    // security-headers.conf), the API's and the 404s' too, as nginx adds them to each.
    if sim.config.static_dir.is_some() {
        for (name, value) in crate::security_headers() {
            response.headers_mut().entry(name).or_insert(value);
        }
    }

    if recorded {
        sim.record(RequestRecord {
            seq: 0,
            method: method.to_string(),
            path: path.clone(),
            query: query.clone(),
            body: body_text,
            status: response.status().as_u16(),
            at: sim.clock.now_ms(),
        });
    }
    if !sim.config.quiet {
        let q = if query.is_empty() { String::new() } else { format!("?{query}") };
        eprintln!("{} {}{} -> {} ({} ms)", method, path, q, response.status().as_u16(), started.elapsed().as_millis());
    }
    response
}

/// Whether `host` (the Host header) names where the simulator listens: its address, or
/// `127.0.0.1`, `localhost` or `[::1]` with its port.
pub fn for_this_machine(sim: &Sim, host: Option<&HeaderValue>) -> bool {
    let (Some(host), Some(addr)) = (host.and_then(|h| h.to_str().ok()), sim.listening.get()) else { return false };
    let port = addr.port();
    let host = host.to_ascii_lowercase();
    let mut names = vec![format!("127.0.0.1:{port}"), format!("localhost:{port}"), format!("[::1]:{port}")];
    if !addr.ip().is_unspecified() {
        names.push(addr.to_string());
    }
    names.contains(&host)
}

fn add_cors(r: &mut Response, origin: Option<HeaderValue>) {
    if let Some(o) = origin {
        let h = r.headers_mut();
        h.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, o);
        h.insert(header::ACCESS_CONTROL_EXPOSE_HEADERS, HeaderValue::from_static("Retry-After"));
        h.append(header::VARY, HeaderValue::from_static("Origin"));
    }
}

fn malformed(status: StatusCode) -> Response {
    (status, [(header::CONTENT_TYPE, "application/json")], "{\"values\": [{\"id\": \"0191104b-\", oops").into_response()
}

/// The same answer with only the first half of its body.
async fn truncate(r: Response) -> Response {
    let (mut parts, body) = r.into_parts();
    let bytes: Bytes = to_bytes(body, usize::MAX).await.unwrap_or_default();
    let cut = bytes.slice(..bytes.len() / 2);
    parts.headers.remove(header::CONTENT_LENGTH);
    Response::from_parts(parts, Body::from(cut))
}

/// How much a `huge` fault adds to a body: more than any client should read.
pub const HUGE_PADDING: usize = 33 * 1024 * 1024;

/// The same answer followed by [`HUGE_PADDING`] spaces (JSON allows them), with its length.
async fn pad(r: Response) -> Response {
    let (mut parts, body) = r.into_parts();
    let mut bytes = to_bytes(body, usize::MAX).await.unwrap_or_default().to_vec();
    bytes.resize(bytes.len() + HUGE_PADDING, b' ');
    parts.headers.insert(header::CONTENT_LENGTH, HeaderValue::from(bytes.len()));
    Response::from_parts(parts, Body::from(bytes))
}

/// How much a `stream` fault sends after the real body, in chunks, with no length: far more
/// than any client should read (a client that reads it all holds 160 MiB).
pub const STREAM_PADDING: usize = 160 * 1024 * 1024;
const STREAM_CHUNK: usize = 256 * 1024;

/// The same answer followed by [`STREAM_PADDING`] spaces sent as they are made (chunked, no
/// `Content-Length`): only a client that counts what it reads can stop it.
async fn stream_padded(r: Response) -> Response {
    let (mut parts, body) = r.into_parts();
    let head = to_bytes(body, usize::MAX).await.unwrap_or_default();
    parts.headers.remove(header::CONTENT_LENGTH);
    let spaces = Bytes::from(vec![b' '; STREAM_CHUNK]);
    let chunks = std::iter::once(head)
        .chain(std::iter::repeat_n(spaces, STREAM_PADDING / STREAM_CHUNK))
        .map(Ok::<_, std::convert::Infallible>);
    Response::from_parts(parts, Body::from_stream(futures_util::stream::iter(chunks)))
}

/// Checks `Content-Type: application/json` (415) and decodes the body (400).
pub fn json_body(headers: &HeaderMap, body: &[u8]) -> Result<serde_json::Value, ApiError> {
    let ct = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
    let mime = ct.split(';').next().unwrap_or("").trim();
    if !mime.eq_ignore_ascii_case("application/json") {
        return Err(ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            format!("Content-Type must be application/json (got '{}').", if ct.is_empty() { "none" } else { ct }),
        ));
    }
    serde_json::from_slice(body)
        .map_err(|e| ApiError::new(StatusCode::BAD_REQUEST, format!("The request body is not valid JSON: {e}")))
}
