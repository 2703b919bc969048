//! Decoding the API's JSON by hand, from one generic parse (`json::Json`), with the
//! same results as the serde derives of the model (the simulator and the host tests use those;
//! `tests/model.rs` checks that both agree, value for value and failure for failure). One
//! difference by design: serde also takes a struct written as a JSON array of its fields in
//! order; the API never sends that, and this decoder refuses it.
//!
//! Why: in the browser, a derived deserializer per type is a large part of the WebAssembly
//! download; one generic parse plus these small functions is a fraction of it.

use crate::enums::{ExecutionStatus, HealthCode, HealthStatus, IngestionMode, JobType, ReadFromPoint, SourceType};
use crate::error::ErrorResponse;
use crate::job::*;
use crate::json::{member, Json};
use crate::time::Timestamp;
use serde_json::Value;
use std::borrow::Cow;
use std::fmt;

/// Why a JSON text is not the expected value, and where (`values[3].health.status`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DecodeError {
    pub path: String,
    pub message: String,
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

impl DecodeError {
    fn new(message: String) -> Self {
        DecodeError { path: String::new(), message }
    }

    /// The same error, one level further out (`place` is a field name or `[index]`).
    fn at(mut self, place: &str) -> Self {
        self.path = if self.path.is_empty() {
            place.to_owned()
        } else if self.path.starts_with('[') {
            format!("{place}{}", self.path)
        } else {
            format!("{place}.{}", self.path)
        };
        self
    }
}

fn expected(what: &str, got: &Json<'_>) -> DecodeError {
    let kind = match got {
        Json::Null => "null",
        Json::Bool(_) => "a boolean",
        Json::Number(_) => "a number",
        Json::String(_) => "a string",
        Json::Array(_) => "an array",
        Json::Object(_) => "an object",
    };
    DecodeError::new(format!("expected {what}, found {kind}"))
}

/// `s` as a JSON string literal (quotes included), for the few bodies written by hand.
pub fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if u32::from(c) < 0x20 => out.push_str(&format!("\\u{:04x}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A value decoded from parsed JSON.
pub trait FromJson: Sized {
    fn from_json(v: &Json<'_>) -> Result<Self, DecodeError>;
}

/// Parses `text` and decodes it as `T`.
pub fn from_str<T: FromJson>(text: &str) -> Result<T, DecodeError> {
    from_str_with(text, |t| t.parse().ok())
}

/// `from_str` with the caller's float reader (see `json::parse_with`).
pub fn from_str_with<T: FromJson>(text: &str, float: crate::json::FloatReader) -> Result<T, DecodeError> {
    let v = crate::json::parse_with(text, float).map_err(|e| DecodeError::new(e.to_string()))?;
    T::from_json(&v)
}

impl FromJson for String {
    fn from_json(v: &Json<'_>) -> Result<Self, DecodeError> {
        v.as_str().map(str::to_owned).ok_or_else(|| expected("a string", v))
    }
}

impl FromJson for bool {
    fn from_json(v: &Json<'_>) -> Result<Self, DecodeError> {
        v.as_bool().ok_or_else(|| expected("a boolean", v))
    }
}

impl FromJson for u64 {
    fn from_json(v: &Json<'_>) -> Result<Self, DecodeError> {
        v.as_u64().ok_or_else(|| expected("a whole number of at least 0", v))
    }
}

impl FromJson for i64 {
    fn from_json(v: &Json<'_>) -> Result<Self, DecodeError> {
        v.as_i64().ok_or_else(|| expected("a whole number", v))
    }
}

impl FromJson for f64 {
    fn from_json(v: &Json<'_>) -> Result<Self, DecodeError> {
        v.as_f64().ok_or_else(|| expected("a number", v))
    }
}

impl FromJson for Value {
    fn from_json(v: &Json<'_>) -> Result<Self, DecodeError> {
        Ok(v.to_value())
    }
}

impl<T: FromJson> FromJson for Vec<T> {
    fn from_json(v: &Json<'_>) -> Result<Self, DecodeError> {
        let items = v.as_array().ok_or_else(|| expected("an array", v))?;
        items.iter().enumerate().map(|(i, item)| T::from_json(item).map_err(|e| e.at(&format!("[{i}]")))).collect()
    }
}

impl FromJson for Timestamp {
    fn from_json(v: &Json<'_>) -> Result<Self, DecodeError> {
        v.as_str().map(Timestamp::new).ok_or_else(|| expected("an RFC 3339 timestamp string", v))
    }
}

macro_rules! string_enums {
    ($($t:ident),+) => {$(
        impl FromJson for $t {
            fn from_json(v: &Json<'_>) -> Result<Self, DecodeError> {
                v.as_str().map($t::parse).ok_or_else(|| expected(concat!("a string (", stringify!($t), ")"), v))
            }
        }
    )+};
}
string_enums!(ExecutionStatus, HealthCode, HealthStatus, IngestionMode, JobType, ReadFromPoint, SourceType);

/// The fields of one JSON object, for decoders of other types (the app's stored settings).
pub struct Fields<'a>(&'a [(Cow<'a, str>, Json<'a>)]);

impl<'a> Fields<'a> {
    pub fn of(v: &'a Json<'a>) -> Result<Self, DecodeError> {
        v.as_object().map(Fields).ok_or_else(|| expected("an object", v))
    }

    /// A field that must be there (and not null, unless `T` allows it).
    pub fn req<T: FromJson>(&self, key: &str) -> Result<T, DecodeError> {
        match member(self.0, key) {
            Some(v) => T::from_json(v).map_err(|e| e.at(key)),
            None => Err(DecodeError::new(format!("missing {key}"))),
        }
    }

    /// A field that may be missing or null.
    pub fn opt<T: FromJson>(&self, key: &str) -> Result<Option<T>, DecodeError> {
        match member(self.0, key) {
            None | Some(Json::Null) => Ok(None),
            Some(v) => T::from_json(v).map(Some).map_err(|e| e.at(key)),
        }
    }

    /// A field that may be missing (then `default`), but not null.
    pub fn or<T: FromJson>(&self, key: &str, default: impl FnOnce() -> T) -> Result<T, DecodeError> {
        match member(self.0, key) {
            None => Ok(default()),
            Some(v) => T::from_json(v).map_err(|e| e.at(key)),
        }
    }
}

impl FromJson for UserRef {
    fn from_json(v: &Json<'_>) -> Result<Self, DecodeError> {
        let f = Fields::of(v)?;
        Ok(UserRef { username: f.or("username", String::new)?, user_id: f.opt("userId")? })
    }
}

impl FromJson for Target {
    fn from_json(v: &Json<'_>) -> Result<Self, DecodeError> {
        let f = Fields::of(v)?;
        Ok(Target {
            kind: f.or("type", || "table".to_owned())?,
            table_name: f.or("tableName", String::new)?,
            intervals: f.opt("intervals")?,
        })
    }
}

impl FromJson for Source {
    fn from_json(v: &Json<'_>) -> Result<Self, DecodeError> {
        const KNOWN: [&str; 4] = ["type", "connectionName", "tableName", "data"];
        let f = Fields::of(v)?;
        // Not collected: collecting into the map would sort with the standard library's stable
        // sort, ~3 KB of the app's first load for this one use.
        let extra = crate::json::object_value(f.0, &KNOWN);
        Ok(Source {
            kind: f.req("type")?,
            connection_name: f.opt("connectionName")?,
            table_name: f.opt("tableName")?,
            data: f.opt("data")?,
            extra,
        })
    }
}

impl FromJson for LogEntry {
    fn from_json(v: &Json<'_>) -> Result<Self, DecodeError> {
        let f = Fields::of(v)?;
        Ok(LogEntry {
            timestamp: f.opt("timestamp")?,
            // (Read as text, then parsed: one reader less in the list's first load.)
            health_status: f.opt::<String>("healthStatus")?.map(|h| HealthStatus::parse(&h)),
            code: f.opt("code")?,
            message: f.opt("message")?,
        })
    }
}

impl FromJson for Health {
    fn from_json(v: &Json<'_>) -> Result<Self, DecodeError> {
        let f = Fields::of(v)?;
        Ok(Health { status: f.req("status")?, code: f.opt("code")?, message: f.opt("message")?, log: f.opt("log")? })
    }
}

/// What a job's reader does with a field it cannot read: [`Strict`] fails the job there;
/// [`Lax`] keeps the first such field (where, and why) and an empty value in its place, so that
/// one odd field shows as such instead of failing the job. One list of a job's fields serves
/// both (`summary`, `job`); the strict reader compiles to plain `?`s (the list's first load
/// carries only it), the lax one is for the job page.
trait Policy {
    fn take<T>(&mut self, read: Result<T, DecodeError>, empty: impl FnOnce() -> T) -> Result<T, DecodeError>;

    /// A field that may be missing or null (`Fields::opt`), read under this policy.
    fn opt<T: FromJson>(&mut self, f: &Fields<'_>, key: &str) -> Result<Option<T>, DecodeError> {
        self.take(f.opt(key), || None)
    }
}

struct Strict;

impl Policy for Strict {
    fn take<T>(&mut self, read: Result<T, DecodeError>, _: impl FnOnce() -> T) -> Result<T, DecodeError> {
        read
    }
}

#[derive(Default)]
struct Lax(Option<DecodeError>);

impl Policy for Lax {
    fn take<T>(&mut self, read: Result<T, DecodeError>, empty: impl FnOnce() -> T) -> Result<T, DecodeError> {
        Ok(read.unwrap_or_else(|e| {
            self.0.get_or_insert(e);
            empty()
        }))
    }
}

fn summary<P: Policy>(f: &Fields<'_>, p: &mut P) -> Result<JobSummary, DecodeError> {
    let empty = || Timestamp::new("");
    Ok(JobSummary {
        id: p.take(f.req("id"), String::new)?,
        job_type: p.take(f.req("type"), || JobType::Other(String::new()))?,
        target: p.opt(f, "target")?,
        source: p.opt(f, "source")?,
        desired_execution_status: p.take(f.req("desiredExecutionStatus"), || ExecutionStatus::Other(String::new()))?,
        execution_status: p.take(f.req("executionStatus"), || ExecutionStatus::Other(String::new()))?,
        health: p.take(f.or("health", Health::default), Health::default)?,
        created_by: p.take(f.or("createdBy", UserRef::default), UserRef::default)?,
        created_timestamp: p.take(f.req("createdTimestamp"), empty)?,
        last_modified_by: p.take(f.or("lastModifiedBy", UserRef::default), UserRef::default)?,
        last_updated_timestamp: p.take(f.req("lastUpdatedTimestamp"), empty)?,
        started_timestamp: p.opt(f, "startedTimestamp")?,
        completed_timestamp: p.opt(f, "completedTimestamp")?,
        unreadable: None,
    })
}

/// One job of a list: read in full, or, when it cannot be, kept in its place with its id
/// (where it has a readable one) and the reason in `unreadable`.
fn listed_job(v: &Json<'_>) -> JobSummary {
    let (e, f) = match Fields::of(v) {
        Ok(f) => match summary(&f, &mut Strict) {
            Ok(job) => return job,
            Err(e) => (e, Some(f)),
        },
        Err(e) => (e, None),
    };
    let id = f.and_then(|f| f.opt::<String>("id").ok().flatten()).unwrap_or_default();
    JobSummary { unreadable: Some(e.to_string()), ..JobSummary::empty(id, JobType::Other(String::new())) }
}

impl FromJson for JobSummary {
    fn from_json(v: &Json<'_>) -> Result<Self, DecodeError> {
        summary(&Fields::of(v)?, &mut Strict)
    }
}

impl FromJson for Mapping {
    fn from_json(v: &Json<'_>) -> Result<Self, DecodeError> {
        let f = Fields::of(v)?;
        Ok(Mapping { column_name: f.req("columnName")?, expression: f.req("expression")? })
    }
}

fn job<P: Policy>(f: &Fields<'_>, p: &mut P) -> Result<Job, DecodeError> {
    Ok(Job {
        summary: summary(f, p)?,
        spec: p.opt(f, "spec")?,
        ingestion_mode: p.opt(f, "ingestionMode")?,
        mappings: p.opt(f, "mappings")?,
        max_parse_exceptions: p.opt(f, "maxParseExceptions")?,
        filter_expression: p.opt(f, "filterExpression")?,
        query: p.opt(f, "query")?,
        read_from_point: p.opt(f, "readFromPoint")?,
        use_schema_discovery: p.opt(f, "useSchemaDiscovery")?,
        context: p.opt(f, "context")?,
        parameters: p.opt(f, "parameters")?,
        delete_all: p.opt(f, "deleteAll")?,
        versions: p.opt(f, "versions")?,
        interval: p.opt(f, "interval")?,
    })
}

impl FromJson for Job {
    fn from_json(v: &Json<'_>) -> Result<Self, DecodeError> {
        job(&Fields::of(v)?, &mut Strict)
    }
}

/// A job as `GET /jobs/{id}` answers it, read as far as it can be (the job page shows what
/// could be read, and `summary.unreadable` says what could not). Fails only on a text that is
/// not JSON.
pub fn read_job(text: &str, float: crate::json::FloatReader) -> Result<Job, DecodeError> {
    let v = crate::json::parse_with(text, float).map_err(|e| DecodeError::new(e.to_string()))?;
    let mut lax = Lax::default();
    let f = lax.take(Fields::of(&v), || Fields(&[]))?;
    let mut job = job(&f, &mut lax)?;
    job.summary.unreadable = lax.0.map(|e| e.to_string());
    Ok(job)
}

impl FromJson for JobList {
    fn from_json(v: &Json<'_>) -> Result<Self, DecodeError> {
        let f = Fields::of(v)?;
        let values = match member(f.0, "values") {
            Some(Json::Array(items)) => items.iter().map(listed_job).collect(),
            _ => f.req("values")?,
        };
        Ok(JobList { values, more_results_available: f.or("moreResultsAvailable", || false)? })
    }
}

/// A page of jobs decoded as it is read, job by job (see `json::parse_streaming`): the same
/// value, or the same failure with the same message, as `from_str_with::<JobList>`, with far
/// less memory in between (one job's tree at a time instead of the whole page's). A job that
/// cannot be read stays in its place, marked (`JobSummary::unreadable`).
pub fn job_list_from_str_with(text: &str, float: crate::json::FloatReader) -> Result<JobList, DecodeError> {
    // The jobs of the array being read: for the last array named `values` when the object
    // names it twice (the last one counts, as in `Fields`).
    let mut values = Vec::new();
    let v = crate::json::parse_streaming(text, float, "values", &mut |s| match s {
        crate::json::Streamed::Start => values.clear(),
        crate::json::Streamed::Item(item) => values.push(listed_job(&item)),
    })
    .map_err(|e| DecodeError::new(e.to_string()))?;
    let f = Fields::of(&v)?;
    let values = match member(f.0, "values") {
        // An array is always read as it came (its place here is empty).
        Some(Json::Array(_)) => values,
        // Missing, or not an array: refused as the whole-tree decoder refuses it.
        _ => f.req("values")?,
    };
    Ok(JobList { values, more_results_available: f.or("moreResultsAvailable", || false)? })
}

impl FromJson for StatusResponse {
    fn from_json(v: &Json<'_>) -> Result<Self, DecodeError> {
        Ok(StatusResponse { execution_status: Fields::of(v)?.req("executionStatus")? })
    }
}

impl FromJson for MetricTotals {
    fn from_json(v: &Json<'_>) -> Result<Self, DecodeError> {
        let f = Fields::of(v)?;
        Ok(MetricTotals {
            num_rows_processed: f.opt("numRowsProcessed")?,
            num_rows_processed_with_warning: f.opt("numRowsProcessedWithWarning")?,
            num_rows_skipped_by_filter: f.opt("numRowsSkippedByFilter")?,
            num_rows_skipped_by_error: f.opt("numRowsSkippedByError")?,
            num_rows_persisted: f.opt("numRowsPersisted")?,
            num_bytes_processed: f.opt("numBytesProcessed")?,
        })
    }
}

impl FromJson for Metrics {
    fn from_json(v: &Json<'_>) -> Result<Self, DecodeError> {
        Ok(Metrics { totals: Fields::of(v)?.or("totals", MetricTotals::default)? })
    }
}

impl FromJson for Logs {
    fn from_json(v: &Json<'_>) -> Result<Self, DecodeError> {
        Ok(Logs { logs: Fields::of(v)?.or("logs", Vec::new)? })
    }
}

impl FromJson for Progress {
    fn from_json(v: &Json<'_>) -> Result<Self, DecodeError> {
        Ok(Progress { overall_progress: Fields::of(v)?.req("overallProgress")? })
    }
}

impl FromJson for ErrorResponse {
    fn from_json(v: &Json<'_>) -> Result<Self, DecodeError> {
        let f = Fields::of(v)?;
        Ok(ErrorResponse {
            code: f.or("code", String::new)?,
            message: f.or("message", String::new)?,
            target: f.opt("target")?,
            details: f.or("details", Vec::new)?,
            innererror: f.opt("innererror")?,
        })
    }
}
