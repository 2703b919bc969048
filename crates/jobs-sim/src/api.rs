//! The Jobs v1 endpoints under `/v1/projects/{projectId}/jobs`.

use crate::http::{authenticate, json_body, json_response, ApiError};
use crate::world::{Plan, SimJob};
use crate::Sim;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use jobs_api::*;
use serde_json::{json, Value};
use std::sync::Arc;

pub fn routes() -> Router<Arc<Sim>> {
    Router::new()
        .route("/v1/projects/{project}/jobs", get(list).post(create))
        .route("/v1/projects/{project}/jobs/{job}", get(get_job).put(put_answering_the_job))
        .route("/v1/projects/{project}/jobs/{job}/status", get(get_status).post(post_status).put(put_answering_the_job))
        .route("/v1/projects/{project}/jobs/{job}/metrics", get(metrics))
        .route("/v1/projects/{project}/jobs/{job}/logs", get(logs))
        .route("/v1/projects/{project}/jobs/{job}/progress", get(progress))
        .route("/v1/projects/{project}/jobs/{job}/reset", post(reset))
}

/// Authenticates, checks the permission and the project: 401, then 403, then 404.
fn guard(sim: &Sim, headers: &HeaderMap, project: &str) -> Result<UserRef, ApiError> {
    let p = authenticate(sim, headers)?;
    if !p.can_manage_jobs {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "The credentials lack the ManageIngestionJobs permission for this project.",
        ));
    }
    if project != sim.config.project_id {
        return Err(ApiError::not_found(format!("Project {project} was not found.")));
    }
    Ok(p.user)
}

fn job_not_found(id: &str) -> ApiError {
    ApiError::not_found(format!("Job {id} was not found."))
}

/// Runs `f` on the job, brought up to the current simulated time.
fn with_job<T>(sim: &Sim, id: &str, f: impl FnOnce(&SimJob) -> T) -> Result<T, ApiError> {
    let now = sim.clock.now_ms();
    let mut world = sim.world.lock().unwrap();
    world.advance(now);
    world.get(id).map(f).ok_or_else(|| job_not_found(id))
}

async fn list(
    State(sim): State<Arc<Sim>>,
    Path(project): Path<String>,
    headers: HeaderMap,
    RawQuery(q): RawQuery,
) -> Result<Response, ApiError> {
    guard(&sim, &headers, &project)?;
    let filter = JobFilter::from_query_string(q.as_deref().unwrap_or(""))
        .map_err(|e| ApiError::bad_request(e.parameter, e.to_string()))?;
    let now = sim.clock.now_ms();
    let mut world = sim.world.lock().unwrap();
    world.advance(now);
    let (values, more) = world.list(&filter);
    Ok(json_response(StatusCode::OK, &json!({ "values": values, "moreResultsAvailable": more })))
}

async fn get_job(
    State(sim): State<Arc<Sim>>,
    Path((project, id)): Path<(String, String)>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    guard(&sim, &headers, &project)?;
    with_job(&sim, &id, |j| json_response(StatusCode::OK, &j.job))
}

async fn get_status(
    State(sim): State<Arc<Sim>>,
    Path((project, id)): Path<(String, String)>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    guard(&sim, &headers, &project)?;
    with_job(&sim, &id, |j| json_response(StatusCode::OK, &json!({ "executionStatus": j.status() })))
}

/// Applies a `{"desiredExecutionStatus": ...}` body; returns the job afterwards.
fn change_status(sim: &Sim, headers: &HeaderMap, project: &str, id: &str, body: &[u8]) -> Result<Job, ApiError> {
    let user = guard(sim, headers, project)?;
    let v = json_body(headers, body)?;
    let desired = v
        .get("desiredExecutionStatus")
        .ok_or_else(|| ApiError::bad_request("desiredExecutionStatus", "desiredExecutionStatus is required."))?
        .as_str()
        .ok_or_else(|| ApiError::bad_request("desiredExecutionStatus", "desiredExecutionStatus must be a string."))?;
    let desired = ExecutionStatus::parse(desired);
    let now = sim.clock.now_ms();
    let mut world = sim.world.lock().unwrap();
    world.advance(now);
    let job = world.get_mut(id).ok_or_else(|| job_not_found(id))?;
    let action = Action::ALL.into_iter().find(|a| a.desired_status() == desired);
    let result = match action {
        Some(a) => job.apply(a, now, &user, sim.config.transition_ms),
        None => check_transition(&job.job.summary.job_type, job.status(), &desired),
    };
    result.map_err(|e| ApiError::bad_request("desiredExecutionStatus", e.0))?;
    let out = job.job.clone();
    world.relive(id);
    Ok(out)
}

async fn post_status(
    State(sim): State<Arc<Sim>>,
    Path((project, id)): Path<(String, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let job = change_status(&sim, &headers, &project, &id, &body)?;
    Ok(json_response(StatusCode::OK, &json!({ "executionStatus": job.summary.execution_status })))
}

/// `PUT /jobs/{id}` and `PUT /jobs/{id}/status`: the same change as `POST /status`, answered
/// with the whole job (as the vendor's sample answers a PUT to /status).
async fn put_answering_the_job(
    State(sim): State<Arc<Sim>>,
    Path((project, id)): Path<(String, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let job = change_status(&sim, &headers, &project, &id, &body)?;
    Ok(json_response(StatusCode::OK, &job))
}

async fn metrics(
    State(sim): State<Arc<Sim>>,
    Path((project, id)): Path<(String, String)>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    guard(&sim, &headers, &project)?;
    with_job(&sim, &id, |j| json_response(StatusCode::OK, &Metrics { totals: j.metrics.clone() }))
}

async fn logs(
    State(sim): State<Arc<Sim>>,
    Path((project, id)): Path<(String, String)>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    guard(&sim, &headers, &project)?;
    with_job(&sim, &id, |j| json_response(StatusCode::OK, &Logs { logs: j.logs.clone() }))
}

async fn progress(
    State(sim): State<Arc<Sim>>,
    Path((project, id)): Path<(String, String)>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    guard(&sim, &headers, &project)?;
    with_job(&sim, &id, |j| json_response(StatusCode::OK, &Progress { overall_progress: j.progress }))
}

async fn reset(
    State(sim): State<Arc<Sim>>,
    Path((project, id)): Path<(String, String)>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let user = guard(&sim, &headers, &project)?;
    let now = sim.clock.now_ms();
    let mut world = sim.world.lock().unwrap();
    world.advance(now);
    let job = world.get_mut(&id).ok_or_else(|| job_not_found(&id))?;
    job.reset(now, &user).map_err(|e| ApiError::bad_request("type", e.0))?;
    Ok(StatusCode::OK.into_response())
}

fn str_field<'a>(v: &'a Value, key: &str, target: &str) -> Result<Option<&'a str>, ApiError> {
    match v.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(_) => Err(ApiError::bad_request(target, format!("{target} must be a string."))),
    }
}

fn required<'a>(v: &'a Value, key: &str, target: &str) -> Result<&'a str, ApiError> {
    str_field(v, key, target)?
        .filter(|s| !s.is_empty())
        .ok_or_else(|| ApiError::bad_request(target, format!("{target} is required.")))
}

/// Validates a create request as the reference describes it and returns the job to create.
pub fn validate_create(v: &Value) -> Result<Job, ApiError> {
    if !v.is_object() {
        return Err(ApiError::bad_request("body", "The request body must be a JSON object."));
    }
    let kind = required(v, "type", "type")?;
    let job_type = JobType::parse_known(kind).ok_or_else(|| {
        ApiError::bad_request(
            "type",
            format!(
                "Invalid job type '{kind}': expected one of {}.",
                JobType::ALL.iter().map(|t| t.as_str()).collect::<Vec<_>>().join(", ")
            ),
        )
    })?;
    let target = match v.get("target") {
        Some(t @ Value::Object(_)) => {
            let tt = str_field(t, "type", "target.type")?.unwrap_or("table");
            if tt != "table" {
                return Err(ApiError::bad_request(
                    "target.type",
                    format!("Invalid target type '{tt}': expected table."),
                ));
            }
            let name = str_field(t, "tableName", "target.tableName")?.unwrap_or("");
            let n = name.chars().count();
            if !(1..=255).contains(&n) {
                return Err(ApiError::bad_request("target.tableName", "target.tableName must be 1 to 255 characters."));
            }
            let intervals = match t.get("intervals") {
                None | Some(Value::Null) => None,
                Some(Value::Array(a)) if a.iter().all(Value::is_string) => {
                    Some(a.iter().filter_map(|x| x.as_str().map(String::from)).collect())
                }
                Some(_) => {
                    return Err(ApiError::bad_request(
                        "target.intervals",
                        "target.intervals must be a list of strings.",
                    ))
                }
            };
            Some(Target { intervals, ..Target::table(name) })
        }
        None | Some(Value::Null) if job_type == JobType::Sql => None,
        None | Some(Value::Null) => return Err(ApiError::bad_request("target", "target is required.")),
        Some(_) => return Err(ApiError::bad_request("target", "target must be an object.")),
    };
    let source = match (&job_type, v.get("source")) {
        (JobType::Batch | JobType::Streaming, None | Some(Value::Null)) => {
            return Err(ApiError::bad_request("source", format!("source is required for {job_type} jobs.")))
        }
        (JobType::Batch | JobType::Streaming, Some(s)) => {
            let src: Source = serde_json::from_value(s.clone())
                .map_err(|e| ApiError::bad_request("source", format!("Invalid source: {e}")))?;
            let need = |field: &str, present: bool| {
                if present {
                    Ok(())
                } else {
                    Err(ApiError::bad_request(
                        &format!("source.{field}"),
                        format!("source.{field} is required for {} sources.", src.kind),
                    ))
                }
            };
            match &src.kind {
                SourceType::Connection => {
                    need("connectionName", src.connection_name.as_deref().is_some_and(|c| !c.is_empty()))?
                }
                SourceType::Table => need("tableName", src.table_name.as_deref().is_some_and(|c| !c.is_empty()))?,
                SourceType::Inline => need("data", src.data.is_some())?,
                SourceType::Uploaded => need("fileList", src.extra.get("fileList").is_some_and(Value::is_array))?,
                SourceType::S3 | SourceType::Azure => {
                    need("connectionName", src.connection_name.as_deref().is_some_and(|c| !c.is_empty()))?;
                    need(
                        "uris",
                        ["uris", "prefixes", "objects"].iter().any(|k| src.extra.get(*k).is_some_and(Value::is_array)),
                    )?
                }
                SourceType::Other(k) => {
                    return Err(ApiError::bad_request("source.type", format!("Invalid source type '{k}'.")))
                }
            }
            // Files have no schema of their own to discover: the job must say what they hold.
            if job_type == JobType::Batch
                && matches!(src.kind, SourceType::Uploaded | SourceType::Inline | SourceType::S3 | SourceType::Azure)
            {
                need("inputSchema", src.extra.get("inputSchema").is_some_and(Value::is_array))?;
            }
            if job_type == JobType::Streaming && src.kind != SourceType::Connection {
                return Err(ApiError::bad_request("source.type", "Streaming jobs read from a connection."));
            }
            Some(src)
        }
        _ => None,
    };
    let query = str_field(v, "query", "query")?;
    if job_type == JobType::Sql && query.is_none_or(str::is_empty) {
        return Err(ApiError::bad_request("query", "query is required for sql jobs."));
    }
    let max_parse_exceptions = match v.get("maxParseExceptions") {
        None | Some(Value::Null) => None,
        Some(x) => Some(x.as_i64().filter(|n| *n >= -1).ok_or_else(|| {
            ApiError::bad_request("maxParseExceptions", "maxParseExceptions must be a whole number, -1 or more.")
        })?),
    };
    let enum_field = |key: &str, allowed: &[&str]| -> Result<Option<String>, ApiError> {
        match str_field(v, key, key)? {
            None => Ok(None),
            Some(s) if allowed.contains(&s) => Ok(Some(s.to_owned())),
            Some(s) => {
                Err(ApiError::bad_request(key, format!("Invalid {key} '{s}': expected one of {}.", allowed.join(", "))))
            }
        }
    };
    let interval = str_field(v, "interval", "interval")?;
    if job_type == JobType::RestoreData && interval.is_none_or(str::is_empty) {
        return Err(ApiError::bad_request("interval", "interval is required for restore_data jobs."));
    }
    for key in ["softDelete", "replaceRunning", "deleteAll", "useSchemaDiscovery"] {
        if v.get(key).is_some_and(|b| !b.is_boolean() && !b.is_null()) {
            return Err(ApiError::bad_request(key, format!("{key} must be true or false.")));
        }
    }
    let ingestion_mode = enum_field("ingestionMode", &["append", "replace"])?;
    let read_from_point = enum_field("readFromPoint", &["earliest", "latest"])?;
    let mappings = match v.get("mappings") {
        None | Some(Value::Null) => None,
        Some(m) => Some(
            serde_json::from_value::<Vec<Mapping>>(m.clone())
                .map_err(|e| ApiError::bad_request("mappings", format!("Invalid mappings: {e}")))?,
        ),
    };
    // For SQL, the target table is the one the query inserts into.
    let target = target.or_else(|| {
        let q = query.unwrap_or("");
        let upper = q.to_ascii_uppercase();
        let at = upper.find("INSERT INTO").map(|i| i + 11).or_else(|| upper.find("REPLACE INTO").map(|i| i + 12))?;
        let name: String = q[at..]
            .trim_start()
            .trim_start_matches('"')
            .chars()
            .take_while(|c| *c != '"' && !c.is_whitespace())
            .collect();
        (!name.is_empty()).then(|| Target::table(name))
    });

    let streaming = job_type == JobType::Streaming;
    let summary = JobSummary {
        target,
        source,
        desired_execution_status: ExecutionStatus::Running,
        execution_status: ExecutionStatus::Pending,
        ..JobSummary::empty(String::new(), job_type)
    };
    let mut job = Job::from_summary(summary);
    job.spec = Some(v.clone());
    job.max_parse_exceptions = max_parse_exceptions;
    job.ingestion_mode = ingestion_mode.as_deref().map(IngestionMode::parse);
    // A streaming job reads from the latest offset unless it says otherwise.
    job.read_from_point =
        read_from_point.as_deref().map(ReadFromPoint::parse).or(streaming.then_some(ReadFromPoint::Latest));
    job.mappings = mappings;
    job.query = query.map(String::from);
    job.filter_expression = str_field(v, "filterExpression", "filterExpression")?.map(String::from);
    job.use_schema_discovery = v.get("useSchemaDiscovery").and_then(Value::as_bool);
    job.context = v.get("context").cloned();
    job.parameters = v.get("parameters").cloned();
    job.delete_all = v.get("deleteAll").and_then(Value::as_bool);
    job.interval = interval.map(String::from);
    Ok(job)
}

async fn create(
    State(sim): State<Arc<Sim>>,
    Path(project): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let user = guard(&sim, &headers, &project)?;
    if sim.world.lock().unwrap().is_full() {
        return Err(crate::admin::too_many_jobs());
    }
    let v = json_body(&headers, &body)?;
    let mut job = validate_create(&v)?;
    let now = sim.clock.now_ms();
    let mut world = sim.world.lock().unwrap();
    world.advance(now);
    // A table is the target of one streaming job at a time: a second one is refused, unless it
    // replaces the one running (which is then canceled).
    if job.summary.job_type == JobType::Streaming {
        let table = job.summary.table_name().to_owned();
        if let Some(running) = world.running_streaming_job_into(&table) {
            if v.get("replaceRunning").and_then(Value::as_bool) != Some(true) {
                return Err(ApiError::bad_request(
                    "replaceRunning",
                    format!(
                        "Table {table} already has a running streaming job ({running}). Set replaceRunning to true \
                         to replace it."
                    ),
                ));
            }
            if let Some(old) = world.get_mut(&running) {
                old.apply(Action::Cancel, now, &user, 0).map_err(|e| ApiError::bad_request("replaceRunning", e.0))?;
            }
        }
    }
    job.summary.id = sim.next_id();
    job.summary.created_by = user.clone();
    job.summary.last_modified_by = user;
    // Inline data has as many rows as lines; other sources a modest, deterministic number.
    let rows = match job.summary.source.as_ref().and_then(|s| s.data.as_deref()) {
        Some(d) => d.lines().filter(|l| !l.trim().is_empty()).count() as u64,
        None => 250_000,
    };
    let plan = Plan { pending_ms: 3_000, run_ms: 45_000, rows_total: rows, rows_per_s: 400.0, ..Plan::default() };
    let sim_job = SimJob::new(job, plan, now);
    let out = sim_job.job.clone();
    world.insert(sim_job);
    let mut response = json_response(StatusCode::CREATED, &out);
    // Where the new job lives (the SDK reads it).
    let location = format!(
        "/v1/projects/{}/jobs/{}",
        jobs_api::filter::encode_component(&project),
        jobs_api::filter::encode_component(&out.summary.id)
    );
    if let Ok(value) = axum::http::HeaderValue::from_str(&location) {
        response.headers_mut().insert(axum::http::header::LOCATION, value);
    }
    Ok(response)
}
