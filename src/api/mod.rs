//! The Jobs v1 HTTP client over gloo-net: one function per endpoint, each with the user's
//! credential in the Authorization header, a time limit, and abort when superseded or when the
//! page that asked goes away (see [`Inflight`]).

pub mod credential;
pub mod error;

pub use credential::{Connection, CredentialKind};
pub use error::ApiError;

use gloo_net::http::{Method, RequestBuilder};
use jobs_api::decode::FromJson;
use jobs_api::{Job, JobFilter, JobList, Logs, Metrics, Progress, StatusRequest, StatusResponse};
use leptos::prelude::*;
use send_wrapper::SendWrapper;
use std::cell::Cell;
use std::rc::Rc;
use std::time::Duration;

/// Requests abort after this long.
pub const TIMEOUT_SECONDS: u32 = 20;

/// The largest answer the console reads (32 MiB; a page of 1000 jobs is under 1 MiB): reading
/// stops, and the request is aborted, as soon as a body passes it (see [`read_capped`]).
pub const MAX_BODY_BYTES: u64 = 32 * 1024 * 1024;

/// One request slot of a page: starting a request aborts the one before it, and the page's
/// cleanup aborts whatever is still in flight. Copy, so closures can hold it.
#[derive(Clone, Copy)]
pub struct Inflight(StoredValue<Option<SendWrapper<web_sys::AbortController>>, LocalStorage>);

impl Inflight {
    /// Must be created inside the component whose lifetime bounds the requests.
    pub fn new() -> Self {
        let slot = StoredValue::new_local(None::<SendWrapper<web_sys::AbortController>>);
        on_cleanup(move || {
            if let Some(Some(c)) = slot.try_update_value(|s| s.take()) {
                c.abort();
            }
        });
        Self(slot)
    }

    /// Aborts the request in flight, if any.
    pub fn abort(&self) {
        if let Some(Some(c)) = self.0.try_update_value(|s| s.take()) {
            c.abort();
        }
    }

    /// Takes charge of a request sent elsewhere (the early list request, see `first_load`):
    /// aborted like the slot's own, by the next request or when the page goes.
    pub fn adopt(&self, controller: web_sys::AbortController) {
        let prev = self.0.try_update_value(|s| s.replace(SendWrapper::new(controller))).flatten();
        if let Some(p) = prev {
            p.abort();
        }
    }

    /// Aborts the previous request and returns the controller for the next one.
    fn begin(&self) -> Option<web_sys::AbortController> {
        let next = web_sys::AbortController::new().ok();
        let prev = self.0.try_update_value(|s| std::mem::replace(s, next.clone().map(SendWrapper::new))).flatten();
        if let Some(p) = prev {
            p.abort();
        }
        next
    }
}

impl Default for Inflight {
    fn default() -> Self {
        Self::new()
    }
}

fn truncate(s: &str, n: usize) -> String {
    let mut out: String = s.chars().take(n).collect();
    if s.chars().count() > n {
        out.push('…');
    }
    out
}

/// Sends one request; the body of a success as text.
async fn send(
    conn: &Connection,
    slot: Option<Inflight>,
    method: Method,
    url: String,
    body: Option<String>,
) -> Result<String, ApiError> {
    // A credential the browser would refuse in a header: refused here, in words (the browser's
    // refusal would be thrown, not returned).
    let authorization = conn.authorization();
    if !authorization.bytes().all(|b| (0x20..0x7f).contains(&b)) {
        return Err(ApiError::Credential);
    }
    // An id `.` or `..` would make the browser ask for another path (percent-encoding does not
    // stop it): refused here, whatever built the URL.
    if let Some(seg) = dot_segment(&url) {
        return Err(ApiError::BadId(seg.to_owned()));
    }
    credential::note_use();
    let controller = match slot {
        Some(s) => s.begin(),
        None => web_sys::AbortController::new().ok(),
    };
    let signal = controller.as_ref().map(|c| c.signal());
    let timed_out = Rc::new(Cell::new(false));
    let timer = {
        let (timed_out, controller) = (timed_out.clone(), controller.clone());
        let abort = move || {
            timed_out.set(true);
            if let Some(c) = &controller {
                c.abort();
            }
        };
        set_timeout_with_handle(abort, Duration::from_secs(u64::from(TIMEOUT_SECONDS))).ok()
    };
    let mut rb = RequestBuilder::new(&url)
        .method(method)
        .header("Authorization", &authorization)
        .header("Accept", "application/json")
        .abort_signal(signal.as_ref());
    let request = match body {
        Some(b) => rb.header("Content-Type", "application/json").body(b),
        None => {
            rb = rb.cache(web_sys::RequestCache::NoStore);
            rb.build()
        }
    }
    // Only the browser refuses to build a request (a header value it does not take): its own
    // words. (gloo-net's full error text would link serde_json's and std::io's messages.)
    .map_err(|e| {
        ApiError::BadResponse(match e {
            gloo_net::Error::JsError(js) => truncate(&js.message, 120),
            _ => "The request could not be built.".to_owned(),
        })
    })?;
    let aborted = || signal.as_ref().is_some_and(|s| s.aborted());
    let failed = |timed_out: &Rc<Cell<bool>>| {
        if timed_out.get() {
            ApiError::Timeout { seconds: TIMEOUT_SECONDS }
        } else if aborted() {
            ApiError::Aborted
        } else if let Some(origin) = credential::origin_of(&url).filter(|o| !credential::page_allows(o)) {
            ApiError::Blocked { origin: origin.to_owned() }
        } else {
            ApiError::Network { base: conn.api_label() }
        }
    };
    let result = async {
        let resp = request.send().await.map_err(|_| failed(&timed_out))?;
        read(resp).await.map_err(|_| failed(&timed_out))?
    }
    .await;
    if let Some(t) = timer {
        t.clear();
    }
    if let (Err(ApiError::TooLarge { .. }), Some(c)) = (&result, &controller) {
        // The rest of that body is not wanted.
        c.abort();
    }
    result
}

/// A `.` or `..` segment in a URL's path, which the browser would resolve away.
fn dot_segment(url: &str) -> Option<&str> {
    let path = url.split(['?', '#']).next().unwrap_or("");
    path.split('/').find(|s| jobs_api::filter::is_dot_segment(s))
}

/// The body of a success, or the API's error for its status. `Err(())` when the body could
/// not be read (the caller knows why: aborted, timed out, network).
async fn read(resp: gloo_net::http::Response) -> Result<Result<String, ApiError>, ()> {
    let status = resp.status();
    let retry_after = resp.headers().get("retry-after");
    let announced = resp.headers().get("content-length").and_then(|n| n.trim().parse::<u64>().ok());
    if let Some(bytes) = announced.filter(|n| *n > MAX_BODY_BYTES) {
        return Ok(Err(ApiError::TooLarge { bytes }));
    }
    let body = match read_capped(&resp).await? {
        Ok(body) => body,
        Err(bytes) => return Ok(Err(ApiError::TooLarge { bytes })),
    };
    Ok(answer_of(status, body, retry_after.as_deref()))
}

/// The body, read chunk by chunk as it arrives and counted: `Err(bytes read)` as soon as it
/// passes [`MAX_BODY_BYTES`] (the caller aborts the request; nothing more is read), whatever
/// `Content-Length` said. The chunks stay the browser's until the whole body is in; then each is
/// copied once into the app's memory, which a body too large never reaches. (A body read as text
/// would cross into it through wasm-bindgen's string passing, a JavaScript loop over every
/// character: ~5 ms for a page of 100 jobs on a cold start, measured.) `Err(())` when reading
/// failed.
async fn read_capped(resp: &gloo_net::http::Response) -> Result<Result<Vec<u8>, u64>, ()> {
    use wasm_bindgen::JsCast;
    let Some(stream) = resp.body() else { return Ok(Ok(Vec::new())) };
    let reader = web_sys::ReadableStreamDefaultReader::new(&stream).map_err(|_| ())?;
    let (mut chunks, mut size) = (Vec::new(), 0u64);
    loop {
        let read = wasm_bindgen_futures::JsFuture::from(reader.read()).await.map_err(|_| ())?;
        let read: web_sys::ReadableStreamReadResult = read.unchecked_into();
        if read.get_done().unwrap_or(true) {
            break;
        }
        let chunk: js_sys::Uint8Array = read.get_value().unchecked_into();
        size += u64::from(chunk.length());
        if size > MAX_BODY_BYTES {
            return Ok(Err(size));
        }
        chunks.push(chunk);
    }
    let mut body = vec![0; size as usize];
    let mut at = 0;
    for chunk in chunks {
        let end = at + chunk.length() as usize;
        chunk.copy_to(&mut body[at..end]);
        at = end;
    }
    Ok(Ok(body))
}

/// A body's text as the browser's `Response.text()` reads it: UTF-8, a leading byte order mark
/// dropped, each malformed sequence read as U+FFFD.
fn utf8_text(mut body: Vec<u8>) -> String {
    if body.starts_with(b"\xEF\xBB\xBF") {
        body.drain(..3);
    }
    String::from_utf8(body).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// A list request's HTTP answer (status, body bytes, Retry-After) as `list_jobs` gives it: for
/// an answer read elsewhere (the early list request, see `first_load`).
pub fn list_from_http(status: u16, body: Vec<u8>, retry_after: Option<&str>) -> Result<JobList, ApiError> {
    answer_of(status, body, retry_after).and_then(|text| decode_list(&text))
}

/// An HTTP answer's body bytes: refused when larger than the console reads, else [`answer`].
fn answer_of(status: u16, body: Vec<u8>, retry_after: Option<&str>) -> Result<String, ApiError> {
    match body.len() as u64 {
        bytes if bytes > MAX_BODY_BYTES => Err(ApiError::TooLarge { bytes }),
        _ => answer(status, utf8_text(body), retry_after),
    }
}

/// An HTTP answer's body: the text of a success, or the API's error for its status.
fn answer(status: u16, text: String, retry_after: Option<&str>) -> Result<String, ApiError> {
    if (200..300).contains(&status) {
        Ok(text)
    } else {
        Err(ApiError::from_status(status, &text, retry_after))
    }
}

/// One generic JSON parse and the model's hand decoder (see `jobs_api::decode`: far smaller in
/// the download than a serde deserializer per type, with the same results).
fn decode<T: FromJson>(text: &str) -> Result<T, ApiError> {
    jobs_api::decode::from_str_with(text, browser_float).map_err(not_expected)
}

/// An answer that is not what the API sends, in words (where it went wrong included).
fn not_expected(e: jobs_api::decode::DecodeError) -> ApiError {
    ApiError::BadResponse(truncate(&e.to_string(), 120))
}

/// A page of jobs, decoded job by job as it is read (`jobs_api::decode::job_list_from_str_with`:
/// the same result as `decode`, with one job's JSON tree in memory at a time, not the page's).
fn decode_list(text: &str) -> Result<JobList, ApiError> {
    jobs_api::decode::job_list_from_str_with(text, browser_float).map_err(not_expected)
}

/// The browser's float reading (`parseFloat`: correctly rounded, like Rust's, but already in
/// the browser; Rust's parser would add ~10 KB of tables to the download). Only ever given a
/// JSON number's text, which `parseFloat` reads whole.
pub fn browser_float(text: &str) -> Option<f64> {
    #[cfg(target_arch = "wasm32")]
    let f = js_sys::Number::parse_float(text);
    // Host tests of the app's logic.
    #[cfg(not(target_arch = "wasm32"))]
    let f: f64 = text.parse().ok()?;
    Some(f).filter(|f| f.is_finite())
}

/// A JSON text read with the browser's float reading (see `browser_float`).
pub fn parse_json(text: &str) -> Result<jobs_api::json::Json<'_>, jobs_api::json::SyntaxError> {
    jobs_api::json::parse_with(text, browser_float)
}

/// One page of a project's jobs list: as whom, which project, which filter (sort and page
/// included).
#[derive(Clone, Debug, PartialEq)]
pub struct ListRequest {
    pub conn: Connection,
    pub project: String,
    pub filter: JobFilter,
}

/// `GET /jobs?{filter}`
pub async fn list_jobs(req: &ListRequest, slot: Option<Inflight>) -> Result<JobList, ApiError> {
    decode_list(&send(&req.conn, slot, Method::GET, list_jobs_url(req), None).await?)
}

/// The API's URL of `GET /jobs?{filter}` (the page's own URL for the list is
/// `list_view::list_page_url`).
pub fn list_jobs_url(req: &ListRequest) -> String {
    let q = req.filter.to_query_string();
    let base = req.conn.jobs_url_for(&req.project);
    if q.is_empty() {
        base
    } else {
        format!("{base}?{q}")
    }
}

/// `GET /jobs/{id}`, keeping the raw JSON for "Show JSON".
pub async fn get_job(
    conn: &Connection,
    project: &str,
    id: &str,
    slot: Option<Inflight>,
) -> Result<(Job, String), ApiError> {
    let text = get_job_text(conn, project, id, slot).await?;
    // Read as far as it goes: a field that cannot be read is said (`summary.unreadable`), the
    // rest shown.
    let job = jobs_api::decode::read_job(&text, browser_float).map_err(not_expected)?;
    Ok((job, text))
}

/// `GET /jobs/{id}` as the API sent it (the new-job page takes the spec from it).
pub async fn get_job_text(
    conn: &Connection,
    project: &str,
    id: &str,
    slot: Option<Inflight>,
) -> Result<String, ApiError> {
    send(conn, slot, Method::GET, conn.job_url(project, id, ""), None).await
}

pub async fn get_metrics(
    conn: &Connection,
    project: &str,
    id: &str,
    slot: Option<Inflight>,
) -> Result<Metrics, ApiError> {
    decode(&send(conn, slot, Method::GET, conn.job_url(project, id, "/metrics"), None).await?)
}

pub async fn get_progress(
    conn: &Connection,
    project: &str,
    id: &str,
    slot: Option<Inflight>,
) -> Result<Progress, ApiError> {
    decode(&send(conn, slot, Method::GET, conn.job_url(project, id, "/progress"), None).await?)
}

pub async fn get_logs(conn: &Connection, project: &str, id: &str, slot: Option<Inflight>) -> Result<Logs, ApiError> {
    decode(&send(conn, slot, Method::GET, conn.job_url(project, id, "/logs"), None).await?)
}

/// `POST /jobs` with a create request's body (see `job_spec::create_request`): the new job, as
/// the 201 answer has it.
pub async fn create_job(conn: &Connection, project: &str, body: String) -> Result<Job, ApiError> {
    decode(&send(conn, None, Method::POST, conn.jobs_url_for(project), Some(body)).await?)
}

/// `POST /jobs/{id}/reset` (a streaming job reads again from its readFromPoint): empty answer.
pub async fn reset_job(conn: &Connection, project: &str, id: &str) -> Result<(), ApiError> {
    send(conn, None, Method::POST, conn.job_url(project, id, "/reset"), None).await.map(|_| ())
}

/// `POST /jobs/{id}/status {"desiredExecutionStatus": ...}`
pub async fn set_status(
    conn: &Connection,
    project: &str,
    id: &str,
    req: &StatusRequest,
) -> Result<StatusResponse, ApiError> {
    let body =
        format!(r#"{{"desiredExecutionStatus":{}}}"#, jobs_api::decode::quote(req.desired_execution_status.as_str()));
    decode(&send(conn, None, Method::POST, conn.job_url(project, id, "/status"), Some(body)).await?)
}

#[cfg(test)]
mod tests {
    use super::{dot_segment, utf8_text, Connection, CredentialKind};

    #[test]
    fn an_id_a_url_reads_as_another_path_is_never_sent() {
        let conn = Connection {
            base_url: "https://x.api.imply.io".into(),
            project_id: "p".into(),
            kind: CredentialKind::ApiKey,
            secret: "s".into(),
            remember: false,
            made: 0,
        };
        // jobs/../status would be /v1/projects/p/status.
        assert_eq!(dot_segment(&conn.job_url("p", "..", "/status")), Some(".."));
        assert_eq!(dot_segment(&conn.job_url("p", ".", "")), Some("."));
        assert_eq!(dot_segment(&conn.jobs_url_for("..")), Some(".."));
        assert_eq!(dot_segment(&conn.job_url("p", "../status", "")), None, "one segment: %2F");
        assert_eq!(dot_segment(&conn.job_url("p", "a.b", "/logs")), None);
        assert_eq!(dot_segment(&format!("{}?from=..", conn.jobs_url_for("p"))), None, "a query is no path");
    }

    #[test]
    fn a_body_is_read_as_the_browser_reads_text() {
        assert_eq!(utf8_text(br#"{"values":[]}"#.to_vec()), r#"{"values":[]}"#);
        assert_eq!(utf8_text("Zürich ✓".as_bytes().to_vec()), "Zürich ✓");
        // The byte order mark goes, once; an invalid sequence is one replacement character.
        assert_eq!(utf8_text(b"\xEF\xBB\xBF\xEF\xBB\xBF{}".to_vec()), "\u{feff}{}");
        assert_eq!(utf8_text(b"a\xFFb\xE2\x9Cc".to_vec()), "a\u{fffd}b\u{fffd}c");
        assert_eq!(utf8_text(Vec::new()), "");
    }
}
