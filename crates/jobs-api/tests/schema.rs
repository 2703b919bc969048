//! Answers generated from the Polaris OpenAPI models (as Imply's `polaris-sdk` has them:
//! `JobSummaryResponse`, `JobResponse` and their subtypes per job type, `JobHealthV2` per status,
//! `JobSourceSummary` per source type, `JobLogEntry`, `JobLogsResponse`, `JobMetricsResponse`):
//! every required field present, each optional field present or absent, enum values known or
//! unknown. The decoders the app uses must read every one of them in full.

use jobs_api::decode::{from_str_with, job_list_from_str_with, read_job};
use jobs_api::*;
use proptest::prelude::*;
use serde_json::{json, Map, Value};

/// The app's float reading (the browser's `parseFloat` there; Rust's here).
fn float(t: &str) -> Option<f64> {
    t.parse::<f64>().ok().filter(|f| f.is_finite())
}

/// A wire value: one of the known ones, or one this client has never heard of.
fn wire(known: &'static [&'static str]) -> impl Strategy<Value = String> {
    prop_oneof![
        4 => proptest::sample::select(known).prop_map(str::to_owned),
        1 => "[a-z_]{1,12}".prop_map(|s| format!("new_{s}")),
    ]
}

fn timestamp() -> impl Strategy<Value = String> {
    (2020u32..2030, 1u32..=12, 1u32..=28, 0u32..24, 0u32..60, 0u32..1000, any::<bool>()).prop_map(
        |(y, mo, d, h, mi, ms, frac)| {
            if frac {
                format!("{y}-{mo:02}-{d:02}T{h:02}:{mi:02}:07.{ms:03}Z")
            } else {
                format!("{y}-{mo:02}-{d:02}T{h:02}:{mi:02}:07Z")
            }
        },
    )
}

/// An object of required members and optional ones, each optional one present or absent.
fn object(required: Vec<(&'static str, Value)>, optional: Vec<(&'static str, Value)>, keep: u64) -> Value {
    let mut m = Map::new();
    for (k, v) in required {
        m.insert(k.to_owned(), v);
    }
    for (i, (k, v)) in optional.into_iter().enumerate() {
        if keep & (1 << i) != 0 {
            m.insert(k.to_owned(), v);
        }
    }
    Value::Object(m)
}

const HEALTH_CODES: &[&str] = &["invalid_rows_found", "lost_connection_to_source", "unable_to_proceed", "canceled"];

/// `JobLogEntry`: every field optional.
fn log_entry() -> impl Strategy<Value = Value> {
    (timestamp(), wire(&["ok", "warn", "error"]), wire(HEALTH_CODES), "\\PC{0,30}", any::<u64>()).prop_map(
        |(t, h, c, m, keep)| {
            object(
                vec![],
                vec![("timestamp", json!(t)), ("healthStatus", json!(h)), ("code", json!(c)), ("message", json!(m))],
                keep,
            )
        },
    )
}

/// `JobHealthV2`: ok `{status}`, warn `{status, code, log?}`, error `{status, code, log?, message?}`.
fn health() -> impl Strategy<Value = Value> {
    (wire(&["ok", "warn", "warning", "error"]), wire(HEALTH_CODES), log_entry(), "\\PC{0,30}", any::<u64>()).prop_map(
        |(status, code, log, message, keep)| match status.as_str() {
            "ok" => json!({"status": "ok"}),
            "error" => object(
                vec![("status", json!(status)), ("code", json!(code))],
                vec![("log", log), ("message", json!(message))],
                keep,
            ),
            _ => object(vec![("status", json!(status)), ("code", json!(code))], vec![("log", log)], keep),
        },
    )
}

/// `JobSourceSummary` per source type (with the summary's required fields).
fn source_summary() -> impl Strategy<Value = Value> {
    (wire(&["azure", "connection", "inline", "s3", "table", "uploaded"]), "[a-z-]{1,12}").prop_map(|(kind, name)| {
        match kind.as_str() {
            "azure" | "connection" | "s3" => json!({"type": kind, "connectionName": name}),
            "inline" => json!({"type": kind, "data": "{\"a\":1}"}),
            "table" => json!({"type": kind, "tableName": name}),
            _ => json!({"type": kind}),
        }
    })
}

const JOB_TYPES: &[&str] = &["batch", "sql", "streaming", "delete_data", "drop_table", "restore_data"];
const STATUSES: &[&str] =
    &["pending", "running", "suspended", "completed", "failed", "canceled", "idle", "canceling", "suspending"];

/// `JobSummaryResponse` per job type.
fn summary() -> impl Strategy<Value = (String, Value)> {
    (
        ("[0-9a-f]{8}-[0-9a-f]{4}", wire(JOB_TYPES), wire(STATUSES), wire(STATUSES), health()),
        (timestamp(), timestamp(), timestamp(), timestamp(), source_summary(), "[a-z_]{1,20}", any::<u64>()),
    )
        .prop_map(
            |((id, kind, status, desired, health), (created, updated, started, completed, source, table, keep))| {
                let user = json!({"username": "ana@example.com", "userId": "u-1"});
                let mut target = json!({"type": "table", "tableName": table});
                if keep & (1 << 10) != 0 {
                    target["intervals"] = json!(["2024-01-01/2024-02-01"]);
                }
                let mut required = vec![
                    ("id", json!(id)),
                    ("type", json!(kind)),
                    ("target", target),
                    ("desiredExecutionStatus", json!(desired)),
                    ("executionStatus", json!(status)),
                    ("health", health),
                    ("createdBy", user.clone()),
                    ("createdTimestamp", json!(created)),
                    ("lastModifiedBy", user),
                    ("lastUpdatedTimestamp", json!(updated)),
                ];
                let mut optional = vec![("startedTimestamp", json!(started)), ("completedTimestamp", json!(completed))];
                match kind.as_str() {
                    "batch" | "streaming" => required.push(("source", source)),
                    "sql" | "delete_data" | "drop_table" | "restore_data" => {}
                    // A type this client does not know may carry a source or not.
                    _ => optional.push(("source", source)),
                }
                (id, object(required, optional, keep))
            },
        )
}

/// A job's fields by name.
type Fields = Vec<(&'static str, Value)>;

/// `JobResponse`: the summary, `spec`, and the per-type fields, each optional one present or not.
fn full_job() -> impl Strategy<Value = (String, Value)> {
    (summary(), any::<u64>()).prop_map(|((id, mut job), keep)| {
        let kind = job["type"].as_str().unwrap().to_owned();
        job["spec"] = json!({"type": kind});
        let (required, optional): (Fields, Fields) = match kind.as_str() {
            "batch" => (
                vec![],
                vec![
                    ("context", json!({"maxNumTasks": 2})),
                    ("filterExpression", json!("\"a\" > 1")),
                    ("ingestionMode", json!(if keep & 1 == 0 { "append" } else { "replace" })),
                    ("mappings", json!([{"columnName": "__time", "expression": "TIME_PARSE(\"t\")"}])),
                    ("maxParseExceptions", json!(100)),
                    ("query", json!("SELECT 1")),
                ],
            ),
            "sql" => (
                vec![("query", json!("INSERT INTO t SELECT 1"))],
                vec![("context", json!({})), ("parameters", json!([{"type": "VARCHAR", "value": "x"}]))],
            ),
            "streaming" => (
                vec![],
                vec![
                    ("mappings", json!([{"columnName": "a", "expression": "\"a\"", "isAggregation": false}])),
                    ("dimensionExclusions", json!(["b"])),
                    ("useSchemaDiscovery", json!(true)),
                    ("filterExpression", json!("1")),
                    ("lateMessageRejectionPeriod", json!("P1D")),
                    ("earlyMessageRejectionPeriod", json!("P1D")),
                    ("readFromPoint", json!(if keep & 1 == 0 { "earliest" } else { "latest" })),
                    ("maxParseExceptions", json!(5)),
                ],
            ),
            "delete_data" => (vec![], vec![("deleteAll", json!(false)), ("versions", json!(["v1"]))]),
            "restore_data" => (vec![("interval", json!("2024-01-01/2024-02-01"))], vec![("versions", json!(["v1"]))]),
            _ => (vec![], vec![]),
        };
        let m = job.as_object_mut().unwrap();
        for (k, v) in required {
            m.insert(k.to_owned(), v);
        }
        for (i, (k, v)) in optional.into_iter().enumerate() {
            if keep & (1 << (i + 1)) != 0 {
                m.insert(k.to_owned(), v);
            }
        }
        (id, job)
    })
}

/// The log entry as read matches the generated one field for field.
fn same_entry(read: &LogEntry, sent: &Value) -> Result<(), TestCaseError> {
    prop_assert_eq!(read.timestamp.as_ref().map(|t| t.as_str()), sent["timestamp"].as_str());
    prop_assert_eq!(
        read.health_status.as_ref().map(|h| h.as_str()),
        sent["healthStatus"].as_str().map(|h| {
            if h == "warning" {
                "warn"
            } else {
                h
            }
        })
    );
    prop_assert_eq!(read.code.as_ref().map(|c| c.as_str()), sent["code"].as_str());
    prop_assert_eq!(read.message.as_deref(), sent["message"].as_str());
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    #[test]
    fn every_legal_list_page_is_read_in_full(
        jobs in proptest::collection::vec(summary(), 0..6),
        more in proptest::option::of(any::<bool>()),
    ) {
        let mut page = json!({"values": jobs.iter().map(|(_, j)| j.clone()).collect::<Vec<_>>()});
        if let Some(more) = more {
            page["moreResultsAvailable"] = json!(more);
        }
        let list = job_list_from_str_with(&page.to_string(), float).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(list.values.len(), jobs.len());
        prop_assert_eq!(list.more_results_available, more.unwrap_or(false));
        for (read, (id, sent)) in list.values.iter().zip(&jobs) {
            prop_assert_eq!(&read.unreadable, &None, "{}", sent);
            prop_assert_eq!(&read.id, id);
            prop_assert_eq!(read.job_type.as_str(), sent["type"].as_str().unwrap());
            prop_assert_eq!(read.table_name(), sent["target"]["tableName"].as_str().unwrap());
            if let Some(log) = sent["health"].get("log") {
                same_entry(read.health.log.as_ref().unwrap(), log)?;
            }
        }
    }

    #[test]
    fn every_legal_job_is_read_in_full((id, sent) in full_job()) {
        let text = sent.to_string();
        let job = read_job(&text, float).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(&job.summary.unreadable, &None, "{}", text);
        prop_assert_eq!(&job.summary.id, &id);
        prop_assert_eq!(job.query.as_deref(), sent["query"].as_str());
        prop_assert_eq!(job.interval.as_deref(), sent["interval"].as_str());
        // The strict decoder (tests, other tools) takes it too.
        prop_assert!(from_str_with::<Job>(&text, float).is_ok());
    }

    #[test]
    fn every_legal_log_is_read_in_full(entries in proptest::collection::vec(log_entry(), 0..8)) {
        let text = json!({"logs": entries}).to_string();
        let logs: Logs = from_str_with(&text, float).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(logs.logs.len(), entries.len());
        for (read, sent) in logs.logs.iter().zip(&entries) {
            same_entry(read, sent)?;
        }
    }

    #[test]
    fn every_legal_metrics_answer_is_read_in_full(figures in proptest::collection::vec(any::<u32>(), 6), keep in any::<u64>()) {
        let names = ["numRowsProcessed", "numRowsProcessedWithWarning", "numRowsSkippedByFilter",
                     "numRowsSkippedByError", "numRowsPersisted", "numBytesProcessed"];
        let totals = object(vec![], names.iter().zip(&figures).map(|(k, v)| (*k, json!(v))).collect(), keep);
        let answer = if keep & (1 << 20) != 0 { json!({"totals": totals}) } else { json!({}) };
        let m: Metrics = from_str_with(&answer.to_string(), float).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(m.totals.num_rows_processed, answer["totals"]["numRowsProcessed"].as_u64());
        prop_assert_eq!(m.totals.num_bytes_processed, answer["totals"]["numBytesProcessed"].as_u64());
    }
}
