//! The demo project: jobs of every type, status and health, with plausible names and a few
//! weeks of history, generated from a seed. Each job is created at its time with a plan and
//! then simply run forward to "now", so its timestamps, metrics and logs tell one story.

use crate::world::{Outcome, Plan, Rng, SimJob};
use jobs_api::*;
use serde_json::json;
use std::collections::VecDeque;

const DAY: i64 = 86_400_000;
const MIN: i64 = 60_000;

const PEOPLE: &[&str] = &[
    "ana.garcia@example.com",
    "raj.patel@example.com",
    "mei.chen@example.com",
    "jonas.weber@example.com",
    "fatima.okafor@example.com",
    "liam.oconnor@example.com",
    "api-key-pok_r8Xq2...T2wz",
    "api-key-pok_ingest...9fK1",
];

const TABLES: &[&str] = &[
    "clickstream_events",
    "orders_daily",
    "ad_impressions",
    "iot_sensor_readings",
    "payments",
    "user_sessions",
    "inventory_snapshots",
    "web_logs",
    "checkout_funnel",
    "customer_profiles",
    "fraud_signals",
    "shipment_tracking",
    "app_crashes",
    "marketing_touchpoints",
    "billing_usage_hourly",
    "kafka_broker_metrics",
];

const STREAM_CONNECTIONS: &[&str] =
    &["kafka-prod-clicks", "confluent-orders", "kinesis-iot-telemetry", "msk-payments", "eventhubs-app-events"];
const BATCH_CONNECTIONS: &[&str] = &["s3-datalake-prod", "s3-partner-drops", "azure-blob-archive"];

const FAILURES: &[(HealthCode, &str)] = &[
    (
        HealthCode::CouldNotConnectToSource,
        "Could not connect to the source: access denied to the bucket. Check the connection's credentials.",
    ),
    (
        HealthCode::CannotParseSource,
        "Cannot parse the source data as the declared format (nd-json): line 1 is not a JSON object.",
    ),
    (HealthCode::RowTooLarge, "A row is larger than the maximum of 1 MiB and cannot be ingested."),
    (HealthCode::TimestampOutOfBounds, "A __time value (3023-01-01T00:00:00Z) is outside the allowed range."),
    (HealthCode::TooManyColumns, "The source has 5,214 columns; a table holds at most 5,000."),
    (HealthCode::NullTimestamp, "The primary timestamp expression evaluated to null for every row."),
    (HealthCode::TooManyPartitions, "The job would create more than 25,000 partitions. Use a coarser partitioning."),
    (HealthCode::InternalError, "An internal error occurred. Retry the job; if it fails again, contact support."),
    (HealthCode::NoRowsIngested, "No rows were ingested: every row was filtered out or could not be parsed."),
    (
        HealthCode::CannotParseMultiValueDimension,
        "Cannot parse the multi-value dimension 'tags': expected an array of strings, found an object.",
    ),
    (
        HealthCode::ColumnNameRestricted,
        "The column name '__time_ingest' is restricted: names starting with __ are reserved.",
    ),
    (
        HealthCode::ColumnTypeNotSupported,
        "The column 'payload' has type COMPLEX<json> in the source, which the table does not support.",
    ),
    (HealthCode::InvalidNullByte, "A string value holds a null byte (\\u0000) and cannot be ingested."),
    (HealthCode::QueryNotSupported, "The query is not supported: INSERT with a LIMIT clause cannot be partitioned."),
    (HealthCode::TooManyClusteredByColumns, "The query clusters by 1,600 columns; at most 1,500 are allowed."),
    (HealthCode::TooManyInputFiles, "The job reads 12,480 input files; at most 10,000 are allowed per job."),
    (
        HealthCode::TooManyRowsWithSameKey,
        "Too many rows share the key (customer_id=42): more than 1,000,000 in one partition.",
    ),
    (
        HealthCode::TooManySegmentsInTimeChunk,
        "The time chunk 2024-05-01/2024-05-02 would hold more than 5,000 segments.",
    ),
    (
        HealthCode::TooManyTimeBuckets,
        "The data spans more than 5,000 time buckets at HOUR granularity. Use a coarser one.",
    ),
    (HealthCode::Multiple, "The job failed for several reasons: cannot parse the source; a row is too large."),
];

/// A person of the demo: the same name always has the same user id.
pub fn user(name: &str) -> UserRef {
    let h = name.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3));
    UserRef { username: name.to_owned(), user_id: Some(Rng::new(h).uuid()) }
}

/// The scenario a generated job follows.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Scenario {
    Complete,
    CompleteWithParseErrors,
    ZeroRows,
    Fail(usize),
    ParseLimitExceeded,
    Cancel,
    LiveRunning,
    LivePending,
    StreamRunning,
    StreamIdleCycle,
    /// Idle now (a short burst long ago, then a long quiet spell).
    StreamIdleNow,
    StreamSuspended,
    StreamLostConnection,
    StreamUnableToProceed,
    /// Several warnings at once (`multiple`).
    StreamMultipleWarnings,
    StreamFailed,
    Unknown,
}

/// Showcase first, so that even a small demo set has every status, health and type.
const SHOWCASE: &[(JobType, Scenario)] = &[
    (JobType::Batch, Scenario::LiveRunning),
    (JobType::Streaming, Scenario::StreamRunning),
    (JobType::Batch, Scenario::LivePending),
    (JobType::Streaming, Scenario::StreamIdleNow),
    (JobType::Streaming, Scenario::StreamSuspended),
    (JobType::Streaming, Scenario::StreamIdleCycle),
    (JobType::Batch, Scenario::Fail(0)),
    (JobType::Batch, Scenario::Cancel),
    (JobType::Batch, Scenario::CompleteWithParseErrors),
    (JobType::Sql, Scenario::Complete),
    (JobType::DeleteData, Scenario::Complete),
    (JobType::DropTable, Scenario::Complete),
    (JobType::RestoreData, Scenario::Complete),
    (JobType::Batch, Scenario::ZeroRows),
    (JobType::Batch, Scenario::ParseLimitExceeded),
    (JobType::Streaming, Scenario::StreamLostConnection),
    (JobType::Streaming, Scenario::StreamFailed),
    (JobType::Sql, Scenario::LiveRunning),
    (JobType::Batch, Scenario::Unknown),
    (JobType::Streaming, Scenario::StreamUnableToProceed),
    (JobType::Sql, Scenario::Fail(7)),
    (JobType::Batch, Scenario::Fail(1)),
    (JobType::Batch, Scenario::Complete),
    (JobType::DeleteData, Scenario::LivePending),
    (JobType::RestoreData, Scenario::Cancel),
    (JobType::Streaming, Scenario::StreamMultipleWarnings),
];

fn random_kind(rng: &mut Rng) -> (JobType, Scenario) {
    let t = match rng.below(100) {
        0..=47 => JobType::Batch,
        48..=59 => JobType::Streaming,
        60..=79 => JobType::Sql,
        80..=86 => JobType::DeleteData,
        87..=92 => JobType::DropTable,
        _ => JobType::RestoreData,
    };
    let s = if t == JobType::Streaming {
        match rng.below(100) {
            0..=39 => Scenario::StreamRunning,
            40..=59 => Scenario::StreamIdleCycle,
            60..=71 => Scenario::StreamSuspended,
            72..=81 => Scenario::Cancel,
            82..=89 => Scenario::StreamFailed,
            90..=94 => Scenario::StreamLostConnection,
            95..=97 => Scenario::StreamUnableToProceed,
            _ => Scenario::StreamMultipleWarnings,
        }
    } else {
        match rng.below(100) {
            0..=66 => Scenario::Complete,
            67..=76 => Scenario::CompleteWithParseErrors,
            // (Which failure: in turn, see `generate`, so that a demo set shows each code.)
            77..=89 => Scenario::Fail(0),
            90..=91 => Scenario::ParseLimitExceeded,
            92..=96 => Scenario::Cancel,
            _ => Scenario::ZeroRows,
        }
    };
    (t, s)
}

/// The `t`-th target table of a demo spread over many (`--tables`): the demo's own names, then
/// the same with `_2`, `_3`, ... after them.
fn spread_table(t: usize) -> String {
    let base = TABLES[t % TABLES.len()];
    match t / TABLES.len() {
        0 => base.to_owned(),
        round => format!("{base}_{}", round + 1),
    }
}

/// `n` demo jobs as of `now`; with `tables`, their target tables are that many, in turn.
pub fn generate(n: usize, seed: u64, now: i64, tables: Option<usize>) -> Vec<SimJob> {
    let mut rng = Rng::new(seed);
    // Failing jobs beyond the showcase take the failure codes in turn.
    let mut failures = 1;
    let mut jobs = (0..n)
        .map(|i| {
            let (t, s) = SHOWCASE.get(i).cloned().unwrap_or_else(|| match random_kind(&mut rng) {
                (t, Scenario::Fail(_)) => {
                    failures += 1;
                    (t, Scenario::Fail(failures))
                }
                other => other,
            });
            let mut job = make_job(&mut rng, t, s, now);
            if s == Scenario::Unknown {
                job.advance(now);
                job.job.summary.execution_status = ExecutionStatus::Unknown;
                job.job.summary.health = Health::warn(HealthCode::UnableToProceed);
                return job;
            }
            job.advance(now);
            job
        })
        .collect::<Vec<_>>();
    match tables.filter(|k| *k > 0) {
        // A board of exactly that many tables (a table may then have more than one streaming
        // job running into it).
        Some(k) => {
            for (i, job) in jobs.iter_mut().enumerate() {
                if !job.job.summary.table_name().is_empty() {
                    job.retarget(&spread_table(i % k));
                }
            }
        }
        None => one_streaming_job_per_table(&mut jobs),
    }
    // The Tables board's showcase takes the last places of a set large enough to hold it.
    if n >= BOARD_FROM {
        let board = board_showcase(seed, now);
        let at = n - board.len();
        jobs.splice(at.., board);
    }
    jobs
}

/// The smallest demo set that holds the Tables board's showcase ([`board_showcase`]).
pub const BOARD_FROM: usize = 100;

/// Tables in every state of the Tables board, their jobs stored as they are (they keep these
/// states): failing (two failures in a row), recovered, live, live with warnings, one each that
/// is fresh, late and stale under a 1-hour expectation, one never loaded (its first load
/// running), one with only delete jobs, and one with more than 10 jobs.
pub fn board_showcase(seed: u64, now: i64) -> Vec<SimJob> {
    const H: i64 = 60 * MIN;
    use ExecutionStatus::{Completed, Failed, Running};
    let failure = || Health::error(HealthCode::CannotParseSource, FAILURES[1].1);
    // (table, type, status, health, ended this long ago; a running job's health is its kind)
    let mut plan: Vec<(&str, JobType, ExecutionStatus, Health, i64)> = vec![
        ("partner_feed_daily", JobType::Batch, Completed, Health::ok(), 50 * H),
        ("partner_feed_daily", JobType::Batch, Failed, failure(), 26 * H),
        ("partner_feed_daily", JobType::Batch, Failed, failure(), 2 * H),
        ("invoices", JobType::Batch, Failed, failure(), 6 * H),
        ("invoices", JobType::Batch, Completed, Health::ok(), H),
        ("ride_events", JobType::Streaming, Running, Health::ok(), 0),
        ("sensor_alerts", JobType::Streaming, Running, Health::warn(HealthCode::LostConnectionToSource), 0),
        ("exchange_rates", JobType::Sql, Completed, Health::ok(), 20 * MIN),
        ("product_catalog", JobType::Batch, Completed, Health::ok(), 90 * MIN),
        ("store_footfall", JobType::Batch, Completed, Health::ok(), 5 * H),
        ("new_signups", JobType::Batch, Running, Health::ok(), 0),
        ("legacy_events", JobType::DeleteData, Completed, Health::ok(), 72 * H),
        ("legacy_events", JobType::DeleteData, Completed, Health::ok(), 30 * H),
    ];
    for k in (0..14).rev() {
        plan.push(("hourly_rollups", JobType::Sql, Completed, Health::ok(), k * H + 30 * MIN));
    }
    let mut rng = Rng::new(seed ^ 0x007a_b1e5);
    plan.into_iter()
        .map(|(table, t, status, health, ago)| {
            if status == Running {
                // Running jobs run as the others do (a stream in its scenario; a first load that
                // takes hours).
                let scenario = match (&t, &health.status) {
                    (JobType::Streaming, HealthStatus::Warn) => Scenario::StreamLostConnection,
                    (JobType::Streaming, _) => Scenario::StreamRunning,
                    _ => Scenario::LiveRunning,
                };
                let mut job = make_job(&mut rng, t, scenario, now);
                job.plan.run_ms = 8 * H;
                job.retarget(table);
                job.advance(now);
                return job;
            }
            let mut job = make_job(&mut rng, t, Scenario::Complete, now).job;
            let old = job.summary.table_name().to_owned();
            if let Some(q) = job.query.as_mut() {
                *q = q.replace(&old, table);
            }
            let ended = now - ago;
            let s = &mut job.summary;
            s.target = Some(Target {
                table_name: table.to_owned(),
                ..s.target.clone().unwrap_or_else(|| Target::table(table))
            });
            s.execution_status = status;
            s.health = health;
            s.created_timestamp = Timestamp::from_epoch_millis(ended - 8 * MIN - 30_000);
            s.started_timestamp = Some(Timestamp::from_epoch_millis(ended - 8 * MIN));
            s.completed_timestamp = Some(Timestamp::from_epoch_millis(ended));
            s.last_updated_timestamp = Timestamp::from_epoch_millis(ended);
            if let Some(t) = job.spec.as_mut().and_then(|s| s.get_mut("target")) {
                t["tableName"] = table.into();
            }
            let rows = 120_000;
            let metrics = MetricTotals {
                num_rows_processed: Some(rows),
                num_rows_processed_with_warning: Some(0),
                num_rows_skipped_by_filter: None,
                num_rows_skipped_by_error: Some(0),
                num_rows_persisted: Some(rows),
                num_bytes_processed: Some(rows * 200),
            };
            SimJob::pinned(job, metrics, Vec::new(), 1.0)
        })
        .collect()
}

/// A table takes one streaming job at a time (the API refuses a second one): a streaming job
/// that has not ended, into a table that already has one, goes to a regional twin of that
/// table instead (`payments_eu`; past those, `payments_2`). The showcase comes first and keeps its tables.
fn one_streaming_job_per_table(jobs: &mut [SimJob]) {
    const REGIONS: &[&str] = &["eu", "us", "apac", "latam", "ca", "uk", "de", "jp", "br", "in", "au", "mx"];
    let mut taken = std::collections::HashSet::new();
    for job in jobs.iter_mut() {
        let s = &job.job.summary;
        if s.job_type != JobType::Streaming || job.status().is_finished() {
            continue;
        }
        let table = s.table_name().to_owned();
        let free = std::iter::once(table.clone())
            .chain(REGIONS.iter().map(|r| format!("{table}_{r}")))
            .chain((2..).map(|n| format!("{table}_{n}")))
            .find(|t| !taken.contains(t))
            .unwrap_or_default();
        if free != table {
            job.retarget(&free);
        }
        taken.insert(free);
    }
}

fn make_job(rng: &mut Rng, t: JobType, s: Scenario, now: i64) -> SimJob {
    let creator_name = *rng.pick(PEOPLE);
    let creator = user(creator_name);
    let table = (*rng.pick(TABLES)).to_owned();
    let streaming = t == JobType::Streaming;

    // When it was created: live scenarios just now, the rest over six weeks (more recent more likely).
    let created = match s {
        Scenario::LiveRunning => now - rng.range(20_000, 90_000),
        Scenario::LivePending => now - rng.range(1_000, 5_000),
        Scenario::StreamIdleNow => now - 90 * MIN,
        Scenario::StreamRunning
        | Scenario::StreamIdleCycle
        | Scenario::StreamLostConnection
        | Scenario::StreamUnableToProceed
        | Scenario::StreamMultipleWarnings => now - rng.range(2 * DAY, 40 * DAY),
        _ => {
            let u = rng.unit();
            now - (u * u * 42.0 * DAY as f64) as i64 - rng.range(30 * MIN, 90 * MIN)
        }
    };

    let mut plan = Plan {
        pending_ms: rng.range(3_000, 45_000),
        run_ms: match t {
            JobType::DropTable | JobType::DeleteData => rng.range(5_000, 60_000),
            JobType::RestoreData => rng.range(20_000, 5 * MIN),
            _ => rng.range(2 * MIN, 40 * MIN),
        },
        rows_total: rng.range(20_000, 40_000_000) as u64,
        rows_per_s: rng.range(50, 8_000) as f64,
        active_ms: rng.range(2 * MIN, 20 * MIN),
        idle_ms: 0,
        warn_rate: if rng.chance(0.3) { rng.unit() * 0.002 } else { 0.0 },
        filter_rate: if streaming && rng.chance(0.5) { rng.unit() * 0.2 } else { 0.0 },
        error_rate: 0.0,
        bytes_per_row: rng.range(90, 1_400) as u64,
        persist_ratio: if rng.chance(0.4) { 0.35 + rng.unit() * 0.6 } else { 1.0 },
        outcome: Outcome::Normal,
        scheduled: VecDeque::new(),
        standing_warning: None,
        bare_logs: false,
    };
    let max_parse_exceptions: Option<i64> = match t {
        JobType::Batch | JobType::Streaming => {
            Some(if rng.chance(0.5) { 2_147_483_647 } else { *rng.pick(&[0, 10, 100, 1_000]) })
        }
        _ => None,
    };

    match s {
        Scenario::LiveRunning => {
            plan.pending_ms = rng.range(2_000, 10_000);
            plan.run_ms = rng.range(15 * MIN, 30 * MIN);
            plan.rows_total = rng.range(5_000_000, 60_000_000) as u64;
        }
        Scenario::LivePending => {
            plan.pending_ms = rng.range(2 * MIN, 6 * MIN);
        }
        // Still running when the status turns unknown.
        Scenario::Unknown => plan.run_ms = 365 * DAY,
        Scenario::CompleteWithParseErrors => {
            plan.error_rate = 0.00001 + rng.unit() * 0.0005;
            plan.warn_rate = rng.unit() * 0.001;
        }
        Scenario::ZeroRows => plan.rows_total = 0,
        Scenario::Fail(k) => {
            let (code, message) = &FAILURES[k % FAILURES.len()];
            plan.outcome =
                Outcome::FailAtFraction { at: rng.unit() * 0.6, code: code.clone(), message: (*message).into() };
        }
        Scenario::ParseLimitExceeded | Scenario::StreamFailed => {}
        Scenario::Cancel => {
            let who = user(rng.pick::<&str>(PEOPLE));
            let at = if streaming {
                created + plan.pending_ms + rng.range(MIN, 3 * DAY)
            } else {
                created + plan.pending_ms + (plan.run_ms as f64 * rng.unit() * 0.8) as i64
            };
            plan.scheduled.push_back((at.min(now - MIN), Action::Cancel, who));
        }
        Scenario::StreamIdleCycle => plan.idle_ms = rng.range(MIN, 10 * MIN),
        Scenario::StreamIdleNow => {
            plan.pending_ms = 10_000;
            plan.active_ms = 20 * MIN;
            plan.idle_ms = 12 * 60 * MIN;
        }
        Scenario::StreamSuspended => {
            let who = user(rng.pick::<&str>(PEOPLE));
            let at = (created + plan.pending_ms + rng.range(MIN, DAY)).min(now - MIN);
            plan.scheduled.push_back((at, Action::Suspend, who));
        }
        Scenario::StreamLostConnection => {
            // This connector writes its log lines without a time or a level.
            plan.bare_logs = true;
            plan.standing_warning = Some((
                HealthCode::LostConnectionToSource,
                "Lost the connection to the Kafka cluster; retrying. Rows are not read meanwhile.".into(),
            ));
        }
        Scenario::StreamMultipleWarnings => {
            plan.standing_warning = Some((
                HealthCode::Multiple,
                "Several warnings: the connection to the source drops now and then, and some rows cannot be parsed."
                    .into(),
            ));
        }
        Scenario::StreamUnableToProceed => {
            plan.standing_warning = Some((
                HealthCode::UnableToProceed,
                "The job cannot proceed: the topic's retention dropped offsets it had not yet read.".into(),
            ));
        }
        _ => {}
    }
    let mpe = max_parse_exceptions.unwrap_or(i64::MAX);
    if s == Scenario::ParseLimitExceeded && !streaming {
        let limit = if mpe > 1_000_000 { 100 } else { mpe };
        plan.error_rate = (limit as f64 + 50.0) / plan.rows_total.max(1) as f64 * 3.0;
    }
    if s == Scenario::StreamFailed {
        plan.error_rate = 0.01;
    }
    // A job fails when its rows skipped by error exceed maxParseExceptions.
    if let Some(limit) = max_parse_exceptions.filter(|_| plan.error_rate > 0.0) {
        let limit =
            if s == Scenario::ParseLimitExceeded || s == Scenario::StreamFailed { limit.min(100) } else { limit };
        let message = format!("Rows skipped by parse errors exceeded maxParseExceptions ({limit}).");
        if streaming {
            // limit + 2: enough that the floored counts are past the limit at that moment.
            let rows_to_fail = (limit + 2) as f64 / plan.error_rate;
            let at = (rows_to_fail / plan.rows_per_s * 1000.0).ceil() as i64 + 1;
            plan.outcome = Outcome::FailAfterActiveMs { at, code: HealthCode::CannotParseSource, message };
        } else {
            let expected = plan.rows_total as f64 * plan.error_rate;
            if expected.floor() > limit as f64 {
                let at = ((limit + 2) as f64 / expected).min(1.0);
                plan.outcome = Outcome::FailAtFraction { at, code: HealthCode::CannotParseSource, message };
            }
        }
    }
    let max_parse_exceptions = if s == Scenario::ParseLimitExceeded || s == Scenario::StreamFailed {
        max_parse_exceptions.map(|m| m.min(100))
    } else {
        max_parse_exceptions
    };

    let id = rng.uuid();
    let (source, extras) = source_for(rng, &t, &table);
    let target = match t {
        JobType::Sql => None,
        JobType::DeleteData | JobType::RestoreData if rng.chance(0.6) => Some(Target {
            intervals: Some(vec!["2024-01-01T00:00:00Z/2024-02-01T00:00:00Z".into()]),
            ..Target::table(&table)
        }),
        _ => Some(Target::table(&table)),
    };
    let summary = JobSummary {
        id,
        job_type: t.clone(),
        target: target.or_else(|| Some(Target::table(&table))),
        source,
        desired_execution_status: ExecutionStatus::Running,
        execution_status: ExecutionStatus::Pending,
        health: Health::ok(),
        created_by: creator.clone(),
        created_timestamp: Timestamp::from_epoch_millis(created),
        last_modified_by: creator,
        last_updated_timestamp: Timestamp::from_epoch_millis(created),
        started_timestamp: None,
        completed_timestamp: None,
        unreadable: None,
    };
    let mut job = Job::from_summary(summary);
    job.max_parse_exceptions = max_parse_exceptions;
    match t {
        JobType::Batch => {
            job.ingestion_mode = Some(if rng.chance(0.8) { IngestionMode::Append } else { IngestionMode::Replace });
            job.mappings = Some(mappings());
            if rng.chance(0.2) {
                job.filter_expression = Some("\"country\" IN ('US', 'CA', 'MX')".into());
            }
        }
        JobType::Streaming => {
            job.read_from_point = Some(if rng.chance(0.7) { ReadFromPoint::Latest } else { ReadFromPoint::Earliest });
            job.use_schema_discovery = Some(rng.chance(0.4));
            job.mappings = Some(mappings());
        }
        JobType::Sql => {
            job.query = Some(format!(
                "INSERT INTO \"{table}\"\nSELECT TIME_PARSE(\"timestamp\") AS \"__time\", *\nFROM TABLE(EXTERN('{{\"type\":\"s3\",\"uris\":[\"s3://acme-datalake/{table}/2024/06/part-0001.json.gz\"]}}', '{{\"type\":\"json\"}}'))\nPARTITIONED BY DAY"
            ));
            job.context = Some(json!({"maxParseExceptions": 100}));
            job.parameters = Some(json!([]));
        }
        JobType::DeleteData => {
            job.delete_all = Some(job.summary.target.as_ref().is_none_or(|t| t.intervals.is_none()));
        }
        JobType::RestoreData => {
            job.interval = Some("2024-01-01T00:00:00Z/2024-02-01T00:00:00Z".into());
            job.versions = Some(vec![Timestamp::from_epoch_millis(created - 3 * DAY).as_str().to_owned()]);
        }
        _ => {}
    }
    let mut spec = serde_json::to_value(&job).unwrap_or_default();
    if let Some(o) = spec.as_object_mut() {
        for k in [
            "id",
            "desiredExecutionStatus",
            "executionStatus",
            "health",
            "createdBy",
            "createdTimestamp",
            "lastModifiedBy",
            "lastUpdatedTimestamp",
            "startedTimestamp",
            "completedTimestamp",
        ] {
            o.remove(k);
        }
        o.extend(extras);
    }
    job.spec = Some(spec);
    SimJob::new(job, plan, created)
}

fn mappings() -> Vec<Mapping> {
    vec![
        Mapping { column_name: "__time".into(), expression: "TIME_PARSE(\"timestamp\")".into() },
        Mapping { column_name: "country".into(), expression: "\"geo\".\"country\"".into() },
        Mapping { column_name: "revenue".into(), expression: "CAST(\"amount\" AS DOUBLE)".into() },
    ]
}

fn source_for(rng: &mut Rng, t: &JobType, table: &str) -> (Option<Source>, serde_json::Map<String, serde_json::Value>) {
    let mut extra = serde_json::Map::new();
    let source = |kind: SourceType| Source {
        kind,
        connection_name: None,
        table_name: None,
        data: None,
        extra: Default::default(),
    };
    let mut s = match t {
        JobType::Streaming => {
            let mut s = source(SourceType::Connection);
            s.connection_name = Some((*rng.pick(STREAM_CONNECTIONS)).into());
            s.extra.insert("formatSettings".into(), json!({"format": "nd-json"}));
            Some(s)
        }
        JobType::Batch => Some(match rng.below(10) {
            0..=3 => {
                let mut s = source(SourceType::Connection);
                s.connection_name = Some((*rng.pick(BATCH_CONNECTIONS)).into());
                s.extra.insert("prefixes".into(), json!([format!("{table}/2024/")]));
                s
            }
            4..=5 => {
                let mut s = source(SourceType::S3);
                s.connection_name = Some("s3-datalake-prod".into());
                s.extra.insert("uris".into(), json!([format!("s3://acme-datalake/{table}/part-0001.parquet")]));
                s
            }
            6 => {
                let mut s = source(SourceType::Table);
                s.table_name = Some(format!("{table}_staging"));
                s
            }
            7 => {
                let mut s = source(SourceType::Azure);
                s.connection_name = Some("azure-blob-archive".into());
                s.extra.insert("uris".into(), json!([format!("azure://archive/{table}.csv.gz")]));
                s
            }
            8 => {
                let mut s = source(SourceType::Uploaded);
                s.extra.insert("fileList".into(), json!([format!("{table}_export.json")]));
                s
            }
            _ => {
                let mut s = source(SourceType::Inline);
                s.data = Some("{\"timestamp\":\"2024-06-01T00:00:00Z\",\"country\":\"US\",\"amount\":12.5}".into());
                s
            }
        }),
        _ => None,
    };
    // Files say nothing of their columns: a file-like source names them (the API requires it).
    if let Some(s) = s
        .as_mut()
        .filter(|s| matches!(s.kind, SourceType::S3 | SourceType::Azure | SourceType::Uploaded | SourceType::Inline))
    {
        s.extra.insert(
            "inputSchema".into(),
            json!([
                {"name": "timestamp", "dataType": "string"},
                {"name": "country", "dataType": "string"},
                {"name": "amount", "dataType": "double"}
            ]),
        );
    }
    if let Some(s) = &s {
        extra.insert("source".into(), serde_json::to_value(s).unwrap_or_default());
    }
    (s, extra)
}

#[cfg(test)]
mod codes {
    use super::*;

    /// The default demo set shows every health code of the reference: each error code on some
    /// job, and each warning code, `multiple` included.
    #[test]
    fn the_demo_set_shows_every_health_code() {
        let now = jobs_api::time::parse_rfc3339_millis("2026-06-01T12:00:00Z").unwrap();
        let jobs = generate(crate::cli::DEFAULT_JOBS, 1, now, None);
        let seen = |status: HealthStatus| -> Vec<HealthCode> {
            jobs.iter()
                .filter(|j| j.job.summary.health.status == status)
                .filter_map(|j| j.job.summary.health.code.clone())
                .collect()
        };
        let (errors, warnings) = (seen(HealthStatus::Error), seen(HealthStatus::Warn));
        for code in HealthCode::errors() {
            assert!(errors.contains(code), "no demo job fails with {code}");
        }
        for code in HealthCode::WARNINGS {
            assert!(warnings.contains(code), "no demo job warns with {code}");
        }
    }
}

#[cfg(test)]
mod spread {
    use super::*;
    use std::collections::HashSet;

    /// `--tables 500`: the demo's jobs write into exactly 500 tables (and the board's showcase
    /// into its own).
    #[test]
    fn the_demo_spreads_over_as_many_tables_as_asked() {
        let now = jobs_api::time::parse_rfc3339_millis("2026-06-01T12:00:00Z").unwrap();
        let jobs = generate(10_000, 1, now, Some(500));
        let tables: HashSet<&str> = jobs.iter().map(|j| j.job.summary.table_name()).filter(|t| !t.is_empty()).collect();
        let showcase: HashSet<String> =
            board_showcase(1, now).iter().map(|j| j.job.summary.table_name().to_owned()).collect();
        assert_eq!(tables.len(), 500 + showcase.len());
        assert!(tables.contains("orders_daily_2") && tables.contains("clickstream_events"));
        assert_eq!(spread_table(0), TABLES[0]);
        assert_eq!(spread_table(TABLES.len() + 1), format!("{}_2", TABLES[1]));
    }
}
