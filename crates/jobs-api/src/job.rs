//! Jobs, their health, metrics, logs and progress, as the Jobs v1 API sends them.

use crate::enums::{ExecutionStatus, HealthCode, HealthStatus, IngestionMode, JobType, ReadFromPoint, SourceType};
use crate::time::Timestamp;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// `createdBy` / `lastModifiedBy`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct UserRef {
    #[serde(default)]
    pub username: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
}

/// `target`: the table a job writes to.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Target {
    #[serde(rename = "type", default = "table_kind")]
    pub kind: String,
    #[serde(default)]
    pub table_name: String,
    /// Time intervals a job replaces or deletes; `null` in most samples.
    #[serde(default)]
    pub intervals: Option<Vec<String>>,
}

fn table_kind() -> String {
    "table".to_owned()
}

impl Target {
    pub fn table(name: impl Into<String>) -> Self {
        Self { kind: table_kind(), table_name: name.into(), intervals: None }
    }
}

/// `source`: where a batch or streaming job reads. Fields not modelled here (input schema,
/// format settings, URIs, ...) are kept in `extra`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Source {
    #[serde(rename = "type")]
    pub kind: SourceType,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub connection_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub table_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data: Option<String>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl Source {
    /// What a person calls this source: its connection, table or kind.
    pub fn name(&self) -> &str {
        self.connection_name.as_deref().or(self.table_name.as_deref()).unwrap_or_else(|| self.kind.as_str())
    }
}

/// One log line of a job (`GET .../logs` and `health.log`). Every field is optional in the
/// OpenAPI models (`JobLogEntry`): an entry may lack its time or its level.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct LogEntry {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timestamp: Option<Timestamp>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub health_status: Option<HealthStatus>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<HealthCode>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
}

/// `health` of a job.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Health {
    pub status: HealthStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<HealthCode>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub log: Option<LogEntry>,
}

impl Health {
    pub fn ok() -> Self {
        Self { status: HealthStatus::Ok, code: None, message: None, log: None }
    }

    pub fn warn(code: HealthCode) -> Self {
        Self { status: HealthStatus::Warn, code: Some(code), message: None, log: None }
    }

    pub fn error(code: HealthCode, message: impl Into<String>) -> Self {
        Self { status: HealthStatus::Error, code: Some(code), message: Some(message.into()), log: None }
    }
}

impl Default for Health {
    fn default() -> Self {
        Self::ok()
    }
}

/// A job as the list endpoint returns it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct JobSummary {
    pub id: String,
    #[serde(rename = "type")]
    pub job_type: JobType,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<Target>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<Source>,
    pub desired_execution_status: ExecutionStatus,
    pub execution_status: ExecutionStatus,
    #[serde(default)]
    pub health: Health,
    #[serde(default)]
    pub created_by: UserRef,
    pub created_timestamp: Timestamp,
    #[serde(default)]
    pub last_modified_by: UserRef,
    pub last_updated_timestamp: Timestamp,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub started_timestamp: Option<Timestamp>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub completed_timestamp: Option<Timestamp>,
    /// Why this job could not be read in full ("missing createdTimestamp"), or `None`. Set only
    /// by the app's lenient readers (`decode::job_list_from_str_with`, `decode::read_job`): the
    /// fields that could not be read hold empty values, and the list shows such a job as a row
    /// of its own instead of failing the page. Never sent.
    #[serde(skip)]
    pub unreadable: Option<String>,
}

impl JobSummary {
    /// A job with its id and type and every other field empty: what a new job is before the
    /// server fills it in (the simulator's), or a job of a list that could not be read.
    pub fn empty(id: String, job_type: JobType) -> Self {
        let unknown = || ExecutionStatus::Other(String::new());
        JobSummary {
            id,
            job_type,
            target: None,
            source: None,
            desired_execution_status: unknown(),
            execution_status: unknown(),
            health: Health::default(),
            created_by: UserRef::default(),
            created_timestamp: Timestamp::new(""),
            last_modified_by: UserRef::default(),
            last_updated_timestamp: Timestamp::new(""),
            started_timestamp: None,
            completed_timestamp: None,
            unreadable: None,
        }
    }

    /// The target table's name, or "" for jobs without one.
    pub fn table_name(&self) -> &str {
        self.target.as_ref().map_or("", |t| t.table_name.as_str())
    }
}

/// `mappings[]` of batch and streaming jobs.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Mapping {
    pub column_name: String,
    pub expression: String,
}

/// A job as `GET /jobs/{id}` returns it: the summary plus `spec` and the per-type fields.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Job {
    #[serde(flatten)]
    pub summary: JobSummary,
    /// The request the job was created from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub spec: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ingestion_mode: Option<IngestionMode>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mappings: Option<Vec<Mapping>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_parse_exceptions: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filter_expression: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub query: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub read_from_point: Option<ReadFromPoint>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub use_schema_discovery: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub context: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parameters: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delete_all: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub versions: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interval: Option<String>,
}

impl Job {
    /// A full job with only the summary's fields.
    pub fn from_summary(summary: JobSummary) -> Self {
        Self {
            summary,
            spec: None,
            ingestion_mode: None,
            mappings: None,
            max_parse_exceptions: None,
            filter_expression: None,
            query: None,
            read_from_point: None,
            use_schema_discovery: None,
            context: None,
            parameters: None,
            delete_all: None,
            versions: None,
            interval: None,
        }
    }
}

/// `GET /jobs` response.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct JobList {
    pub values: Vec<JobSummary>,
    #[serde(default)]
    pub more_results_available: bool,
}

/// Body of `POST|PUT /jobs/{id}/status` and `PUT /jobs/{id}`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StatusRequest {
    pub desired_execution_status: ExecutionStatus,
}

/// Response of `GET|POST /jobs/{id}/status`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StatusResponse {
    pub execution_status: ExecutionStatus,
}

/// `totals` of `GET /jobs/{id}/metrics`. Every figure is optional: a job type that does not
/// report a figure leaves it out.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct MetricTotals {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub num_rows_processed: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub num_rows_processed_with_warning: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub num_rows_skipped_by_filter: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub num_rows_skipped_by_error: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub num_rows_persisted: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub num_bytes_processed: Option<u64>,
}

/// `GET /jobs/{id}/metrics` response.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct Metrics {
    #[serde(default)]
    pub totals: MetricTotals,
}

/// `GET /jobs/{id}/logs` response.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct Logs {
    #[serde(default)]
    pub logs: Vec<LogEntry>,
}

/// `GET /jobs/{id}/progress` response.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Progress {
    pub overall_progress: f64,
}
