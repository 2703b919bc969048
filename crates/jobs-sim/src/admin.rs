//! Test endpoints under `/__sim/` (only with `--admin`): fault injection, the request log,
//! the simulated clock and job insertion.

use crate::http::{json_body, json_response, ApiError};
use crate::world::SimJob;
use crate::Sim;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use jobs_api::{Job, LogEntry, MetricTotals};
use serde::{Deserialize, Serialize};
use serde_json::json;
use std::sync::Arc;

/// What an injected fault does to the body.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FaultBody {
    /// Not JSON at all.
    Malformed,
    /// The first half of the real body.
    Truncated,
    /// No body.
    Empty,
    /// The real body followed by 33 MiB of spaces (still the same JSON), with its length.
    Huge,
    /// The real body followed by 160 MiB of spaces, streamed in chunks without a length.
    Stream,
}

/// `POST /__sim/faults`: the next `count` API requests whose path starts with `pathPrefix`
/// (and whose method is `method`, and whose query is `query` without a trailing `&`, if given)
/// are delayed by `delayMs`, and/or answered with
/// `status` (an ErrorResponse with `message`, and `Retry-After: retryAfter`), and/or get a
/// `malformed`, `truncated`, `empty`, `huge` or `stream` body, or the given `json`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Fault {
    pub path_prefix: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub method: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub query: Option<String>,
    #[serde(default = "one")]
    pub count: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry_after: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<FaultBody>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delay_ms: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// Answer with exactly this JSON instead (with `status`, 200 by default): an answer the
    /// simulator would never give itself, such as a page with one job that cannot be read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub json: Option<serde_json::Value>,
}

/// The answer to a job more than the project may hold.
pub fn too_many_jobs() -> ApiError {
    ApiError::new(
        StatusCode::CONFLICT,
        format!("The simulated project holds at most {} jobs; it is full.", crate::MAX_JOBS),
    )
}

fn one() -> u32 {
    1
}

/// One API request as the simulator received it (never its headers: they hold credentials).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RequestRecord {
    pub seq: u64,
    pub method: String,
    pub path: String,
    pub query: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
    pub status: u16,
    pub at: i64,
}

/// The request log's limits: records, bytes of one record's body, bytes of all bodies.
pub const MAX_RECORDS: usize = 20_000;
pub const MAX_RECORD_BODY: usize = 4 * 1024;
pub const MAX_LOG_BYTES: usize = 8 * 1024 * 1024;
/// The largest `advanceMs`: ten years.
pub const MAX_ADVANCE_MS: i64 = 10 * 365 * 24 * 3600 * 1000;

/// Cuts a recorded body to [`MAX_RECORD_BODY`] bytes (at a character boundary), saying so.
pub fn cut_body(body: &mut String) {
    const MARK: &str = "…[cut]";
    if body.len() <= MAX_RECORD_BODY {
        return;
    }
    let mut at = MAX_RECORD_BODY - MARK.len();
    while !body.is_char_boundary(at) {
        at -= 1;
    }
    body.truncate(at);
    body.push_str(MARK);
}

pub fn routes() -> Router<Arc<Sim>> {
    Router::new()
        .route("/__sim/faults", get(list_faults).post(add_fault).delete(clear_faults))
        .route("/__sim/requests", get(list_requests).delete(clear_requests))
        .route("/__sim/clock", get(get_clock).post(advance_clock))
        .route("/__sim/jobs", post(insert_job))
        .route("/__sim/jobs/{id}/change", post(change_job))
}

async fn list_faults(State(sim): State<Arc<Sim>>) -> Response {
    let faults = sim.faults.lock().unwrap().clone();
    json_response(StatusCode::OK, &json!({ "faults": faults }))
}

async fn add_fault(State(sim): State<Arc<Sim>>, headers: HeaderMap, body: Bytes) -> Result<Response, ApiError> {
    let v = json_body(&headers, &body)?;
    let fault: Fault =
        serde_json::from_value(v).map_err(|e| ApiError::bad_request("fault", format!("Invalid fault: {e}")))?;
    if let Some(s) = fault.status {
        if !(100..=599).contains(&s) {
            return Err(ApiError::bad_request("status", "status must be an HTTP status code"));
        }
    }
    sim.faults.lock().unwrap().push(fault.clone());
    Ok(json_response(StatusCode::CREATED, &fault))
}

async fn clear_faults(State(sim): State<Arc<Sim>>) -> StatusCode {
    sim.faults.lock().unwrap().clear();
    StatusCode::NO_CONTENT
}

/// `GET /__sim/requests[?method=POST&pathPrefix=/v1/...]`
async fn list_requests(State(sim): State<Arc<Sim>>, RawQuery(q): RawQuery) -> Response {
    let pairs = jobs_api::filter::decode_query(q.as_deref().unwrap_or(""));
    let want = |k: &str| pairs.iter().find(|(key, _)| key == k).map(|(_, v)| v.clone());
    let (method, prefix) = (want("method"), want("pathPrefix"));
    let log = sim.requests.lock().unwrap();
    let requests: Vec<&RequestRecord> = log
        .iter()
        .filter(|r| method.as_ref().is_none_or(|m| r.method.eq_ignore_ascii_case(m)))
        .filter(|r| prefix.as_ref().is_none_or(|p| r.path.starts_with(p.as_str())))
        .collect();
    json_response(StatusCode::OK, &json!({ "requests": requests }))
}

async fn clear_requests(State(sim): State<Arc<Sim>>) -> StatusCode {
    sim.requests.lock().unwrap().clear();
    StatusCode::NO_CONTENT
}

fn clock_json(sim: &Sim) -> serde_json::Value {
    let now = sim.clock.now_ms();
    json!({ "nowMs": now, "now": jobs_api::time::format_rfc3339_millis(now), "frozen": sim.clock.frozen })
}

async fn get_clock(State(sim): State<Arc<Sim>>) -> Response {
    json_response(StatusCode::OK, &clock_json(&sim))
}

/// `POST /__sim/clock {"advanceMs": N}`: moves simulated time forward.
async fn advance_clock(State(sim): State<Arc<Sim>>, headers: HeaderMap, body: Bytes) -> Result<Response, ApiError> {
    let v = json_body(&headers, &body)?;
    let ms =
        v.get("advanceMs").and_then(|x| x.as_i64()).filter(|x| (0..=MAX_ADVANCE_MS).contains(x)).ok_or_else(|| {
            ApiError::bad_request(
                "advanceMs",
                format!("advanceMs must be a whole number of milliseconds from 0 to {MAX_ADVANCE_MS} (ten years)"),
            )
        })?;
    sim.clock.advance(ms);
    Ok(json_response(StatusCode::OK, &clock_json(&sim)))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct Insert {
    job: Job,
    #[serde(default)]
    metrics: MetricTotals,
    #[serde(default)]
    logs: Vec<LogEntry>,
    #[serde(default)]
    progress: f64,
}

/// `POST /__sim/jobs {"job": {...}, "metrics"?, "logs"?, "progress"?}`: stores a job exactly as
/// given (it then changes only through actions).
async fn insert_job(State(sim): State<Arc<Sim>>, headers: HeaderMap, body: Bytes) -> Result<Response, ApiError> {
    let v = json_body(&headers, &body)?;
    let ins: Insert =
        serde_json::from_value(v).map_err(|e| ApiError::bad_request("job", format!("Invalid job: {e}")))?;
    let job = ins.job.clone();
    let mut world = sim.world.lock().unwrap();
    if world.is_full() && !world.contains(&job.summary.id) {
        return Err(too_many_jobs());
    }
    world.insert(SimJob::pinned(ins.job, ins.metrics, ins.logs, ins.progress));
    Ok(json_response(StatusCode::CREATED, &job))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct Change {
    #[serde(default)]
    execution_status: Option<jobs_api::ExecutionStatus>,
    #[serde(default)]
    health: Option<jobs_api::Health>,
}

/// `POST /__sim/jobs/{id}/change {"executionStatus"?: "failed", "health"?: {"status": "error",
/// "code"?: "…", "message"?: "…"}}`: changes a job now, as if it had happened (a change for the
/// console's inbox to find); a job that ends so changes no more by itself.
async fn change_job(
    State(sim): State<Arc<Sim>>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let v = json_body(&headers, &body)?;
    let change: Change =
        serde_json::from_value(v).map_err(|e| ApiError::bad_request("change", format!("Invalid change: {e}")))?;
    let now = sim.clock.now_ms();
    let mut world = sim.world.lock().unwrap();
    world.advance(now);
    let job = world.get_mut(&id).ok_or_else(|| ApiError::not_found(format!("No job {id}.")))?;
    job.force(now, change.execution_status, change.health);
    let summary = job.job.summary.clone();
    Ok(json_response(StatusCode::OK, &summary))
}
