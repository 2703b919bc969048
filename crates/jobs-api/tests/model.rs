//! The model against the vendor's own samples, round trips and arbitrary input.

use jobs_api::*;
use proptest::prelude::*;
use serde_json::{json, Value};

fn sample(name: &str) -> String {
    std::fs::read_to_string(format!("{}/tests/samples/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

#[test]
fn vendor_list_sample_decodes() {
    let list: JobList = serde_json::from_str(&sample("list-response.json")).unwrap();
    assert!(!list.more_results_available);
    let job = &list.values[0];
    assert_eq!(job.job_type, JobType::Batch);
    assert_eq!(job.execution_status, ExecutionStatus::Completed);
    assert_eq!(job.desired_execution_status, ExecutionStatus::Running);
    assert_eq!(job.health.status, HealthStatus::Ok);
    assert_eq!(job.table_name(), "example-table");
    let source = job.source.as_ref().unwrap();
    assert_eq!(source.kind, SourceType::Inline);
    assert_eq!(source.data.as_deref(), Some("{example-data}"));
    assert_eq!(job.created_by.username, "api-key-pok_XXXXX...XXXXXX");
    // The page's placeholder timestamps are kept as text, not refused.
    assert_eq!(job.created_timestamp.as_str(), "2024-08-01TXX:XX:XX.XXXXXXX");
    assert_eq!(job.created_timestamp.epoch_millis(), None);
    assert!(job.target.as_ref().unwrap().intervals.is_none());
}

#[test]
fn vendor_status_and_metrics_samples_decode() {
    let s: StatusResponse = serde_json::from_str(&sample("status-response.json")).unwrap();
    assert_eq!(s.execution_status, ExecutionStatus::Idle);
    let r: StatusRequest = serde_json::from_str(&sample("status-request.json")).unwrap();
    assert_eq!(r.desired_execution_status, ExecutionStatus::Canceled);
    let m: Metrics = serde_json::from_str(&sample("metrics-response.json")).unwrap();
    assert_eq!(m.totals.num_rows_processed, Some(99_999));
    assert_eq!(m.totals.num_rows_skipped_by_error, Some(2));
    assert_eq!(m.totals.num_rows_persisted, None);
    assert_eq!(m.totals.num_bytes_processed, None);
}

fn full_job() -> Value {
    json!({
        "id": "efb35e3e-406e-4127-ad2e-280fede4f431",
        "type": "streaming",
        "target": {"type": "table", "tableName": "clicks", "intervals": ["2024-01-01/2024-02-01"]},
        "source": {"type": "connection", "connectionName": "kafka-clicks", "formatSettings": {"format": "nd-json"}},
        "desiredExecutionStatus": "running",
        "executionStatus": "running",
        "health": {"status": "warning", "code": "invalid_rows_found",
                   "log": {"timestamp": "2024-08-01T10:00:00.1234567Z", "healthStatus": "warn",
                           "code": "invalid_rows_found", "message": "Unparseable row at offset 42"}},
        "createdBy": {"username": "ana@example.com", "userId": "u-1"},
        "createdTimestamp": "2024-08-01T09:00:00.0000000",
        "lastModifiedBy": {"username": "ana@example.com", "userId": "u-1"},
        "lastUpdatedTimestamp": "2024-08-01T10:00:00+02:00",
        "startedTimestamp": "2024-08-01T09:00:05Z",
        "spec": {"type": "streaming"},
        "readFromPoint": "latest",
        "useSchemaDiscovery": true,
        "mappings": [{"columnName": "__time", "expression": "TIME_PARSE(\"ts\")"}],
        "maxParseExceptions": 100
    })
}

#[test]
fn full_job_decodes_with_per_type_fields_and_unknown_source_fields() {
    let job: Job = serde_json::from_value(full_job()).unwrap();
    assert_eq!(job.summary.health.status, HealthStatus::Warn);
    assert_eq!(job.summary.health.code, Some(HealthCode::InvalidRowsFound));
    assert_eq!(job.read_from_point, Some(ReadFromPoint::Latest));
    assert_eq!(job.max_parse_exceptions, Some(100));
    assert_eq!(job.summary.source.as_ref().unwrap().name(), "kafka-clicks");
    assert_eq!(job.summary.source.as_ref().unwrap().extra["formatSettings"]["format"], "nd-json");
    assert_eq!(job.summary.created_timestamp.epoch_millis(), Some(1_722_502_800_000));
    assert_eq!(job.summary.last_updated_timestamp.epoch_millis(), Some(1_722_499_200_000));
    let again: Job = serde_json::from_value(serde_json::to_value(&job).unwrap()).unwrap();
    assert_eq!(again, job);
}

#[test]
fn unknown_enum_values_keep_their_raw_string() {
    let mut v = full_job();
    v["type"] = json!("kinesis_v2");
    v["executionStatus"] = json!("draining");
    v["health"] = json!({"status": "degraded", "code": "quota_reached"});
    v["source"]["type"] = json!("gcs");
    let job: Job = serde_json::from_value(v).unwrap();
    assert_eq!(job.summary.job_type, JobType::Other("kinesis_v2".into()));
    assert_eq!(job.summary.execution_status.as_str(), "draining");
    assert_eq!(job.summary.health.status.as_str(), "degraded");
    assert_eq!(job.summary.health.code.as_ref().unwrap().as_str(), "quota_reached");
    let out = serde_json::to_value(&job).unwrap();
    assert_eq!(out["type"], "kinesis_v2");
    assert_eq!(out["health"]["code"], "quota_reached");
}

#[test]
fn every_known_enum_value_round_trips() {
    fn check<T: serde::Serialize + serde::de::DeserializeOwned + PartialEq + std::fmt::Debug>(all: &[T]) {
        for v in all {
            let s = serde_json::to_string(v).unwrap();
            assert_eq!(&serde_json::from_str::<T>(&s).unwrap(), v, "{s}");
        }
    }
    check(JobType::ALL);
    check(ExecutionStatus::ALL);
    check(HealthStatus::ALL);
    check(HealthCode::ALL);
    check(SourceType::ALL);
    check(SortColumn::ALL);
    check(SortOrder::ALL);
    assert_eq!(HealthCode::WARNINGS.len(), 5);
    assert_eq!(HealthCode::errors().count(), 21);
}

#[test]
fn error_response_forms() {
    let e: ErrorResponse = serde_json::from_str(r#"{"message":"Token expired"}"#).unwrap();
    assert_eq!(e.code, "");
    assert_eq!(e.message, "Token expired");
    let e: ErrorResponse = serde_json::from_str(
        r#"{"code":"BadArgument","message":"bad","target":"type","details":[{"code":"x","message":"y"}],"innererror":{"a":1}}"#,
    )
    .unwrap();
    assert_eq!(e.target.as_deref(), Some("type"));
    assert_eq!(e.details[0].message, "y");
    assert_eq!(serde_json::from_value::<ErrorResponse>(serde_json::to_value(&e).unwrap()).unwrap(), e);
}

#[test]
fn logs_progress_list_round_trip() {
    let logs: Logs = serde_json::from_value(json!({"logs": [
        {"timestamp": "2024-08-01T10:00:00Z", "healthStatus": "error", "code": "row_too_large", "message": "too big"},
        {"timestamp": "2024-08-01T10:00:01Z", "healthStatus": "ok"}
    ]}))
    .unwrap();
    assert_eq!(logs.logs.len(), 2);
    // Every field of an entry may be missing.
    let bare: Logs = serde_json::from_value(json!({"logs": [{}, {"message": "no time, no level"}]})).unwrap();
    assert_eq!(bare.logs[0], LogEntry::default());
    assert_eq!(bare.logs[1].timestamp, None);
    assert_eq!(bare.logs[1].health_status, None);
    assert_eq!(jobs_api::decode::from_str::<Logs>(&serde_json::to_string(&bare).unwrap()).unwrap(), bare);
    assert_eq!(serde_json::from_value::<Logs>(serde_json::to_value(&logs).unwrap()).unwrap(), logs);
    let p: Progress = serde_json::from_str(r#"{"overallProgress":0.25}"#).unwrap();
    assert_eq!(p.overall_progress, 0.25);
    let list: JobList = serde_json::from_value(json!({"values": [], "moreResultsAvailable": true})).unwrap();
    assert!(list.more_results_available && list.values.is_empty());
}

fn vec_of<T: Clone + std::fmt::Debug + 'static>(all: &'static [T]) -> impl Strategy<Value = Vec<T>> {
    proptest::collection::vec(proptest::sample::select(all), 0..4)
}

fn arb_filter() -> impl Strategy<Value = JobFilter> {
    let text = || proptest::option::of("\\PC{1,20}");
    (
        vec_of(JobType::ALL),
        vec_of(ExecutionStatus::ALL),
        vec_of(HealthStatus::ALL),
        proptest::collection::vec("\\PC{0,12}", 0..3),
        (text(), text(), text()),
        proptest::option::of(proptest::sample::select(SortColumn::ALL)),
        proptest::option::of(proptest::sample::select(SortOrder::ALL)),
        proptest::option::of(1u32..=1000),
        proptest::option::of(0u64..1_000_000),
    )
        .prop_map(
            |(
                types,
                execution_statuses,
                health_statuses,
                connection_names,
                (table, table_id, search),
                sort_column,
                sort_order,
                pagination_limit,
                pagination_offset,
            )| JobFilter {
                types,
                execution_statuses,
                health_statuses,
                connection_names,
                target_table_name: table,
                target_table_id: table_id,
                search_string: search,
                sort_column,
                sort_order,
                pagination_limit,
                pagination_offset,
            },
        )
}

fn arb_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        any::<f64>().prop_filter("finite", |f| f.is_finite()).prop_map(|f| json!(f)),
        prop_oneof![
            "\\PC{0,12}",
            proptest::sample::select(vec![
                "batch",
                "running",
                "warn",
                "warning",
                "ok",
                "2024-01-01T00:00:00Z",
                "table"
            ])
            .prop_map(String::from)
        ]
        .prop_map(Value::String),
    ];
    let keys = proptest::sample::select(vec![
        "id",
        "type",
        "target",
        "source",
        "tableName",
        "health",
        "status",
        "code",
        "log",
        "values",
        "moreResultsAvailable",
        "executionStatus",
        "desiredExecutionStatus",
        "createdTimestamp",
        "lastUpdatedTimestamp",
        "createdBy",
        "username",
        "totals",
        "numRowsProcessed",
        "logs",
        "timestamp",
        "healthStatus",
        "overallProgress",
        "message",
        "details",
        "spec",
        "mappings",
    ]);
    leaf.prop_recursive(4, 48, 6, move |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
            proptest::collection::btree_map(keys.clone().prop_map(String::from), inner, 0..8)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

proptest! {
    #[test]
    fn filter_query_pairs_round_trip(f in arb_filter()) {
        let pairs = f.to_query_pairs();
        prop_assert_eq!(&JobFilter::from_query_pairs(pairs.iter().map(|(k, v)| (*k, v.as_str()))).unwrap(), &f);
        prop_assert_eq!(&JobFilter::from_query_string(&f.to_query_string()).unwrap(), &f);
    }

    #[test]
    fn arbitrary_json_never_panics_a_decoder(v in arb_json()) {
        never_panics(&v.to_string());
    }

    #[test]
    fn arbitrary_text_never_panics_a_decoder(text in "\\PC{0,200}") {
        never_panics(&text);
        let _ = JobFilter::from_query_string(&text);
        let _ = jobs_api::time::parse_rfc3339_millis(&text);
    }
}

/// Every decoder the app uses on `text`: its JSON reader, the hand decoder of each answer, the
/// job list read as it comes, with the browser's float reading as the app has it (Rust's here).
/// Any outcome but a panic is fine.
fn never_panics(text: &str) {
    let float = |t: &str| t.parse::<f64>().ok().filter(|f| f.is_finite());
    let _ = jobs_api::json::parse(text).map(|v| v.to_value());
    let _ = jobs_api::json::parse_with(text, float);
    let _ = jobs_api::decode::job_list_from_str_with(text, float);
    let _ = jobs_api::decode::from_str_with::<JobList>(text, float);
    let _ = jobs_api::decode::from_str_with::<Job>(text, float);
    let _ = jobs_api::decode::from_str_with::<JobSummary>(text, float);
    let _ = jobs_api::decode::from_str_with::<Metrics>(text, float);
    let _ = jobs_api::decode::from_str_with::<Logs>(text, float);
    let _ = jobs_api::decode::from_str_with::<Progress>(text, float);
    let _ = jobs_api::decode::from_str_with::<StatusResponse>(text, float);
    let _ = jobs_api::decode::from_str_with::<ErrorResponse>(text, float);
}

/// Both decoders on one text: the hand decoder (what the browser app uses) must give exactly
/// what the serde derive gives, or fail where it fails. With `lenient_serde`, serde may also
/// succeed where the hand decoder fails (serde takes a struct written as an array of its
/// fields; the API never sends one and the hand decoder refuses it).
fn agree<T>(text: &str, lenient_serde: bool) -> Result<(), String>
where
    T: serde::de::DeserializeOwned + jobs_api::decode::FromJson + PartialEq + std::fmt::Debug,
{
    let by_serde = serde_json::from_str::<T>(text);
    let by_hand = jobs_api::decode::from_str::<T>(text);
    match (&by_serde, &by_hand) {
        (Ok(a), Ok(b)) if a == b => Ok(()),
        (Err(_), Err(_)) => Ok(()),
        (Ok(_), Err(_)) if lenient_serde => Ok(()),
        _ => Err(format!("{}: serde {by_serde:?}, by hand {by_hand:?}, on {text}", std::any::type_name::<T>())),
    }
}

/// A page of jobs decoded as it is read (what the browser app does with lists) gives exactly
/// what the hand decoder gives from the whole tree: the same value, or the same message.
fn streaming_agrees(text: &str) -> Result<(), String> {
    let streamed = jobs_api::decode::job_list_from_str_with(text, |t| t.parse().ok());
    let whole = jobs_api::decode::from_str::<JobList>(text);
    if streamed == whole {
        Ok(())
    } else {
        Err(format!("streamed {streamed:?}, whole {whole:?}, on {text}"))
    }
}

/// A page of jobs: where serde reads it, the hand decoder reads the same. Where serde refuses
/// it for one odd job, the hand decoder keeps that job in its place, marked unreadable, and
/// reads every other job as serde reads that job alone.
fn list_agrees(text: &str, lenient_serde: bool) -> Result<(), String> {
    let by_serde = serde_json::from_str::<JobList>(text);
    let by_hand = jobs_api::decode::from_str::<JobList>(text);
    let items = || serde_json::from_str::<Value>(text).ok()?.get("values")?.as_array().cloned();
    match (&by_serde, &by_hand) {
        (Ok(a), Ok(b)) if a == b => Ok(()),
        (Err(_), Err(_)) => Ok(()),
        (Ok(_), Err(_)) if lenient_serde => Ok(()),
        (Err(_), Ok(list)) if list.values.iter().any(|j| j.unreadable.is_some()) => {
            let Some(items) = items() else { return Ok(()) };
            for (item, job) in items.iter().zip(&list.values) {
                let alone = serde_json::from_value::<JobSummary>(item.clone());
                match (&job.unreadable, alone) {
                    (None, Ok(j)) if &j == job => {}
                    (Some(_), Err(_)) => {}
                    (Some(_), Ok(_)) if lenient_serde => {}
                    (_, alone) => return Err(format!("job {job:?} but serde alone {alone:?}, on {text}")),
                }
            }
            Ok(())
        }
        _ => Err(format!("JobList: serde {by_serde:?}, by hand {by_hand:?}, on {text}")),
    }
}

fn agree_all(text: &str, lenient_serde: bool) -> Result<(), String> {
    streaming_agrees(text)?;
    list_agrees(text, lenient_serde)?;
    agree::<Job>(text, lenient_serde)?;
    agree::<JobSummary>(text, lenient_serde)?;
    agree::<Metrics>(text, lenient_serde)?;
    agree::<Logs>(text, lenient_serde)?;
    agree::<Progress>(text, lenient_serde)?;
    agree::<StatusResponse>(text, lenient_serde)?;
    agree::<ErrorResponse>(text, lenient_serde)
}

#[test]
fn the_hand_decoder_agrees_with_serde_on_the_samples() {
    for name in ["list-response.json", "metrics-response.json", "status-response.json"] {
        agree_all(&sample(name), false).unwrap();
    }
    let list: JobList = jobs_api::decode::from_str(&sample("list-response.json")).unwrap();
    assert_eq!(list.values[0].table_name(), "example-table");
    agree_all(&full_job().to_string(), false).unwrap();
    let job: Job = jobs_api::decode::from_str(&full_job().to_string()).unwrap();
    assert_eq!(job.summary.health.status, HealthStatus::Warn);
    assert_eq!(job.summary.source.as_ref().unwrap().extra["formatSettings"], json!({"format": "nd-json"}));
    let list = json!({"values": [full_job(), full_job()], "moreResultsAvailable": true}).to_string();
    agree_all(&list, false).unwrap();
    agree_all(r#"{"overallProgress": 1}"#, false).unwrap();
    agree_all(r#"{"logs": [{"timestamp": "2024-08-01T10:00:00Z", "healthStatus": "warning"}]}"#, false).unwrap();
    agree_all(r#"{"totals": {"numRowsProcessed": 1.5}}"#, false).unwrap();
    agree_all(r#"{"totals": {"numRowsProcessed": -1}}"#, false).unwrap();
    agree_all(r#"{"code": "x", "details": null}"#, false).unwrap();
    // Lists read as they come: every shape of `values`, named twice, failures before a syntax
    // error, nesting at the limit.
    let job = full_job().to_string();
    for text in [
        format!(r#"{{"values": [{job}, {job}], "values": [{job}]}}"#),
        format!(r#"{{"values": [{job}, {{"id": 1}}], "values": [{job}]}}"#),
        format!(r#"{{"values": [{job}], "values": [{{"id": 1}}, {job}]}}"#),
        format!(r#"{{"values": [{job}], "values": null}}"#),
        format!(r#"{{"values": null, "values": [{job}]}}"#),
        format!(r#"{{"values": [{{"id": 1}}, {job}, ]}}"#),
        r#"{"values": [{"id": 1}], "moreResultsAvailable": 3}"#.to_owned(),
        format!(r#"{{"moreResultsAvailable": true, "values": [{job}]}} x"#),
        r#" { "values" : [ ] , "moreResultsAvailable" : true } "#.to_owned(),
        r#"{"values": {}}"#.to_owned(),
        r#"{"values": [[]]}"#.to_owned(),
        r#"{"more": [1, 2]}"#.to_owned(),
        r#"[{"values": []}]"#.to_owned(),
        r#"{"values": [], "a": "#.to_owned(),
        format!(r#"{{"values": [{}{}]}}"#, "[".repeat(125), "]".repeat(125)),
        format!(r#"{{"values": [{}{}]}}"#, "[".repeat(126), "]".repeat(126)),
        String::new(),
    ] {
        streaming_agrees(&text).unwrap();
        // (serde refuses a field named twice; both hand decoders take the last, as for maps.)
        if text.matches("\"values\"").count() < 2 {
            list_agrees(&text, false).unwrap();
        }
    }
    // One job that cannot be read stays in its place, with what could be read and why not.
    let bad = json!({"values": [full_job(), {"id": "x"}, [1], full_job()]}).to_string();
    for list in [
        jobs_api::decode::from_str::<JobList>(&bad).unwrap(),
        jobs_api::decode::job_list_from_str_with(&bad, |t| t.parse().ok()).unwrap(),
    ] {
        assert_eq!(list.values.len(), 4);
        assert_eq!(list.values[0].unreadable, None);
        assert_eq!(list.values[1].id, "x");
        assert_eq!(list.values[1].unreadable.as_deref(), Some("missing type"));
        assert_eq!(list.values[2].id, "");
        assert_eq!(list.values[2].unreadable.as_deref(), Some("expected an object, found an array"));
        assert_eq!(list.values[3], list.values[0]);
    }
    let mut j = full_job();
    j.as_object_mut().unwrap().remove("createdTimestamp");
    let list = json!({"values": [j]}).to_string();
    let list = jobs_api::decode::job_list_from_str_with(&list, |t| t.parse().ok()).unwrap();
    assert_eq!(list.values[0].unreadable.as_deref(), Some("missing createdTimestamp"));
    assert_eq!(list.values[0].id, "efb35e3e-406e-4127-ad2e-280fede4f431");
    // The job page reads what it can, and says what it could not.
    let e = jobs_api::decode::from_str::<Job>(&j.to_string()).unwrap_err();
    assert_eq!(e.to_string(), "missing createdTimestamp");
    let job = jobs_api::decode::read_job(&j.to_string(), |t| t.parse().ok()).unwrap();
    assert_eq!(job.summary.unreadable.as_deref(), Some("missing createdTimestamp"));
    assert_eq!(job.summary.table_name(), "clicks");
    assert_eq!(job.read_from_point, Some(ReadFromPoint::Latest));
    assert!(jobs_api::decode::read_job("{", |t| t.parse().ok()).is_err());
    let mut j = full_job();
    j["health"]["status"] = json!(3);
    let e = jobs_api::decode::from_str::<Job>(&j.to_string()).unwrap_err();
    assert_eq!(e.to_string(), "health.status: expected a string (HealthStatus), found a number");
}

/// `full_job()` with one field (at any depth) removed or replaced by a scalar, null or `{}`.
fn mutated_job() -> impl Strategy<Value = Value> {
    let replacement = prop_oneof![
        Just(None),
        Just(Some(Value::Null)),
        any::<bool>().prop_map(|b| Some(json!(b))),
        any::<i64>().prop_map(|n| Some(json!(n))),
        Just(Some(json!(0.5))),
        Just(Some(json!(u64::MAX))),
        "\\PC{0,8}".prop_map(|s| Some(json!(s))),
        Just(Some(json!({}))),
    ];
    (any::<prop::sample::Index>(), replacement, any::<bool>()).prop_map(|(at, with, in_list)| {
        let mut job = full_job();
        // Every object member of the job, by path.
        fn paths(v: &Value, prefix: Vec<String>, out: &mut Vec<Vec<String>>) {
            if let Value::Object(m) = v {
                for (k, child) in m {
                    let mut p = prefix.clone();
                    p.push(k.clone());
                    out.push(p.clone());
                    paths(child, p, out);
                }
            }
        }
        let mut all = Vec::new();
        paths(&job, Vec::new(), &mut all);
        let path = at.get(&all).clone();
        let (last, parents) = path.split_last().unwrap();
        let mut parent = &mut job;
        for k in parents {
            parent = parent.get_mut(k).unwrap();
        }
        let m = parent.as_object_mut().unwrap();
        match with {
            None => {
                m.remove(last);
            }
            Some(v) => {
                m.insert(last.clone(), v);
            }
        }
        if in_list {
            json!({"values": [full_job(), job], "moreResultsAvailable": false})
        } else {
            job
        }
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]
    #[test]
    fn the_hand_decoder_agrees_with_serde_on_mutated_jobs(v in mutated_job()) {
        agree_all(&v.to_string(), false).map_err(TestCaseError::fail)?;
    }

    #[test]
    fn the_hand_decoder_never_takes_what_serde_refuses(v in arb_json()) {
        agree_all(&v.to_string(), true).map_err(TestCaseError::fail)?;
    }
}

proptest! {
    #[test]
    fn quoted_strings_read_back_as_themselves(s in "\\PC{0,40}|[\\x00-\\x1f\"\\\\]{0,10}") {
        let back: String = serde_json::from_str(&jobs_api::decode::quote(&s)).unwrap();
        prop_assert_eq!(back, s);
    }
}

/// The app's JSON reader (`jobs_api::json`) against serde_json on one text: the same value, or
/// both refuse it.
fn reads_like_serde_json(text: &str) -> Result<(), TestCaseError> {
    let ours = jobs_api::json::parse(text).map(|v| v.to_value());
    let theirs = serde_json::from_str::<Value>(text);
    match (&ours, &theirs) {
        (Ok(a), Ok(b)) if a == b => Ok(()),
        (Err(_), Err(_)) => Ok(()),
        _ => Err(TestCaseError::fail(format!("ours {ours:?}, serde_json {theirs:?}, on {text:?}"))),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]
    #[test]
    fn the_json_reader_reads_what_serde_json_reads(
        v in arb_json(),
        at in any::<prop::sample::Index>(),
        junk in "[\\[\\]{}:,\"\\\\0-9eE.+\\- a-z\\x00-\\x1f]{0,3}",
    ) {
        let text = v.to_string();
        reads_like_serde_json(&text)?;
        reads_like_serde_json(&serde_json::to_string_pretty(&v).unwrap())?;
        // The same text with a few characters put in somewhere (mostly no longer JSON).
        let cuts: Vec<usize> = text.char_indices().map(|(i, _)| i).chain([text.len()]).collect();
        let cut = *at.get(&cuts);
        reads_like_serde_json(&format!("{}{junk}{}", &text[..cut], &text[cut..]))?;
        // And cut short there.
        reads_like_serde_json(&text[..cut])?;
    }
}
