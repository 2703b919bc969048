//! jobs-sim over real HTTP on an ephemeral port.

mod util;

use base64::Engine;
use serde_json::{json, Value};
use std::collections::BTreeSet;
use util::*;

const TYPES: [&str; 6] = ["batch", "streaming", "sql", "delete_data", "drop_table", "restore_data"];
const STATUSES: [&str; 8] = ["pending", "running", "completed", "idle", "canceled", "failed", "suspended", "unknown"];

fn ids(jobs: &[Value]) -> Vec<String> {
    jobs.iter().map(|j| j["id"].as_str().unwrap().to_owned()).collect()
}

// ---------- auth ----------

#[tokio::test]
async fn every_auth_form_and_failure() {
    let mut c = config();
    c.api_keys = vec![KEY.into()];
    c.bearer_tokens = vec!["oauth-token-1".into()];
    c.forbidden_keys = vec!["pok_readonly_key_0000000000".into()];
    let s = start(c).await;
    let url = s.jobs_url();
    let get = |auth: Option<String>| {
        let mut rb = s.client.get(&url);
        if let Some(a) = auth {
            rb = rb.header("Authorization", a);
        }
        rb.send()
    };
    let b64 = |x: &str| base64::engine::general_purpose::STANDARD.encode(x);
    // The docs' raw form, the SDK's standard form, and OAuth.
    assert_eq!(get(Some(format!("Basic {KEY}"))).await.unwrap().status(), 200);
    assert_eq!(get(Some(format!("Basic {}", b64(&format!("{KEY}:"))))).await.unwrap().status(), 200);
    assert_eq!(get(Some("Bearer oauth-token-1".into())).await.unwrap().status(), 200);
    for bad in [
        None,
        Some("Basic pok_wrong".to_owned()),
        Some(format!("Basic {}", b64("pok_wrong:"))),
        Some("Bearer wrong".to_owned()),
        Some(format!("Bearer {KEY}")),
        Some(format!("Token {KEY}")),
        Some("Basic ".to_owned()),
        Some(format!("Basic {}", &KEY[..KEY.len() - 1])),
    ] {
        let v = expect_error(get(bad.clone()).await.unwrap(), 401).await;
        assert!(!v.to_string().contains(KEY), "no secret in {v}");
        assert!(bad.is_none() || !v.to_string().contains("pok_wrong"));
    }
    let v = expect_error(get(Some("Basic pok_readonly_key_0000000000".into())).await.unwrap(), 403).await;
    assert!(v["message"].as_str().unwrap().contains("ManageIngestionJobs"));
    // Forbidden everywhere, including actions.
    let r = s
        .client
        .post(s.job_url("x", "/status"))
        .header("Authorization", "Basic pok_readonly_key_0000000000")
        .json(&json!({"desiredExecutionStatus": "canceled"}))
        .send()
        .await
        .unwrap();
    expect_error(r, 403).await;
    // Unknown project: 404, after authentication.
    let r = s.get(&format!("{}/v1/projects/nope/jobs", s.base)).await;
    expect_error(r, 404).await;
    let r = s.client.get(format!("{}/v1/projects/nope/jobs", s.base)).send().await.unwrap();
    expect_error(r, 401).await;
}

#[tokio::test]
async fn the_caller_is_recorded_without_the_key() {
    let s = start(config()).await;
    let r = s
        .post_json(&s.jobs_url(), &json!({"type": "drop_table", "target": {"type": "table", "tableName": "old"}}))
        .await;
    assert_eq!(r.status(), 201);
    let job: Value = r.json().await.unwrap();
    let user = job["createdBy"]["username"].as_str().unwrap();
    assert!(user.starts_with("api-key-pok_demo"), "{user}");
    assert!(!user.contains(KEY));
}

// ---------- list: filters, sorting, paging ----------

/// The filter, computed here independently of the simulator.
fn expected(
    all: &[Value],
    types: &[&str],
    statuses: &[&str],
    health: &[&str],
    search: Option<&str>,
) -> BTreeSet<String> {
    let any = |set: &[&str], v: &Value| set.is_empty() || set.contains(&v.as_str().unwrap_or(""));
    all.iter()
        .filter(|j| {
            any(types, &j["type"]) && any(statuses, &j["executionStatus"]) && any(health, &j["health"]["status"])
        })
        .filter(|j| {
            search.is_none_or(|q| {
                let q = q.to_lowercase();
                [
                    &j["id"],
                    &j["target"]["tableName"],
                    &j["source"]["connectionName"],
                    &j["type"],
                    &j["createdBy"]["username"],
                ]
                .iter()
                .any(|v| v.as_str().is_some_and(|s| s.to_lowercase().contains(&q)))
            })
        })
        .map(|j| j["id"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn filters_same_key_or_different_keys_and() {
    let mut c = config();
    c.jobs = 600;
    let s = start(c).await;
    let all = s.all_jobs("").await;
    assert_eq!(all.len(), 600);
    // (type, executionStatus, healthStatus, searchString)
    type Case<'a> = (&'a [&'a str], &'a [&'a str], &'a [&'a str], Option<&'a str>);
    let cases: &[Case] = &[
        (&["batch"], &[], &[], None),
        (&["batch", "sql"], &[], &[], None),
        (&[], &["running", "idle", "pending"], &[], None),
        (&[], &[], &["ok", "error"], None),
        (&["batch"], &[], &["ok", "error"], None),
        (&["streaming", "batch"], &["failed", "canceled"], &["error"], None),
        (&["drop_table"], &["completed"], &["warn"], None),
        (&[], &[], &[], Some("ORDERS")),
        (&["batch"], &[], &[], Some("example.com")),
        (&[], &[], &[], Some("kafka-prod")),
        (&[], &[], &[], Some("no-such-thing")),
    ];
    for (types, statuses, health, search) in cases {
        let mut q: Vec<String> = Vec::new();
        q.extend(types.iter().map(|t| format!("type={t}")));
        q.extend(statuses.iter().map(|t| format!("executionStatus={t}")));
        q.extend(health.iter().map(|t| format!("healthStatus={t}")));
        if let Some(x) = search {
            q.push(format!("searchString={x}"));
        }
        let got: BTreeSet<String> = ids(&s.all_jobs(&q.join("&")).await).into_iter().collect();
        assert_eq!(got, expected(&all, types, statuses, health, *search), "query {}", q.join("&"));
    }
    // The SDK's spelling "warning" means warn.
    assert_eq!(s.all_jobs("healthStatus=warning").await, s.all_jobs("healthStatus=warn").await);
}

#[tokio::test]
async fn connection_and_table_filters() {
    let s = start(config()).await;
    let all = s.all_jobs("").await;
    let conn = all.iter().find_map(|j| j["source"]["connectionName"].as_str()).unwrap().to_owned();
    let got = s.all_jobs(&format!("connectionName={conn}&connectionName=none")).await;
    assert!(!got.is_empty());
    assert_eq!(got.len(), all.iter().filter(|j| j["source"]["connectionName"] == conn.as_str()).count());
    let table = all[0]["target"]["tableName"].as_str().unwrap().to_owned();
    let got = s.all_jobs(&format!("targetTableName={table}")).await;
    assert!(got.iter().all(|j| j["target"]["tableName"] == table.as_str()));
    assert_eq!(got.len(), all.iter().filter(|j| j["target"]["tableName"] == table.as_str()).count());
}

fn column_value(j: &Value, column: &str) -> String {
    let source_name = || {
        ["connectionName", "tableName"]
            .iter()
            .find_map(|k| j["source"][*k].as_str())
            .or(j["source"]["type"].as_str())
            .unwrap_or("")
            .to_owned()
    };
    match column {
        "last_updated_date_time" => j["lastUpdatedTimestamp"].as_str().unwrap().to_owned(),
        "created_date_time" => j["createdTimestamp"].as_str().unwrap().to_owned(),
        "created_by_user_name" => j["createdBy"]["username"].as_str().unwrap().to_owned(),
        "execution_status" => j["executionStatus"].as_str().unwrap().to_owned(),
        "source_name" => source_name(),
        "source_type" => j["source"]["type"].as_str().unwrap_or("").to_owned(),
        "target_table_name" => j["target"]["tableName"].as_str().unwrap_or("").to_owned(),
        "type" => j["type"].as_str().unwrap().to_owned(),
        _ => unreachable!(),
    }
}

#[tokio::test]
async fn sorting_by_every_column_both_orders_with_id_tie_break_and_paging() {
    let s = start(config()).await;
    for column in [
        "last_updated_date_time",
        "created_date_time",
        "created_by_user_name",
        "execution_status",
        "source_name",
        "source_type",
        "target_table_name",
        "type",
    ] {
        for order in ["ASC", "DESC"] {
            // Pages of 7 put together equal one page of everything.
            let mut paged = Vec::new();
            let mut offset = 0;
            loop {
                let v = s
                    .get_json(&format!(
                        "{}?sortColumn={column}&sortOrder={order}&paginationLimit=7&paginationOffset={offset}",
                        s.jobs_url()
                    ))
                    .await;
                let page = v["values"].as_array().unwrap().clone();
                assert!(page.len() <= 7);
                offset += page.len();
                paged.extend(page);
                if !v["moreResultsAvailable"].as_bool().unwrap() {
                    break;
                }
                assert_eq!(offset % 7, 0, "a full page before more results");
            }
            assert_eq!(paged.len(), jobs_sim::cli::DEFAULT_JOBS);
            // Timestamps here are all UTC with millisecond digits, so text order is time order.
            let mut want = paged.clone();
            want.sort_by(|a, b| {
                let c = column_value(a, column).cmp(&column_value(b, column));
                let c = if order == "ASC" { c } else { c.reverse() };
                c.then_with(|| a["id"].as_str().cmp(&b["id"].as_str()))
            });
            assert_eq!(ids(&paged), ids(&want), "{column} {order}");
        }
    }
    // Defaults: last updated, newest first, 100 a page.
    let v = s.get_json(&s.jobs_url()).await;
    let page = v["values"].as_array().unwrap();
    assert_eq!(page.len(), 100);
    assert!(v["moreResultsAvailable"].as_bool().unwrap());
    assert!(page
        .windows(2)
        .all(|w| column_value(&w[0], "last_updated_date_time") >= column_value(&w[1], "last_updated_date_time")));
    // Past the end: empty, no more.
    let all = jobs_sim::cli::DEFAULT_JOBS;
    let v = s.get_json(&format!("{}?paginationOffset={all}", s.jobs_url())).await;
    assert_eq!(v, json!({"values": [], "moreResultsAvailable": false}));
    let v = s.get_json(&format!("{}?paginationOffset={}&paginationLimit=40", s.jobs_url(), all - 40)).await;
    assert_eq!((v["values"].as_array().unwrap().len(), v["moreResultsAvailable"].as_bool()), (40, Some(false)));
}

#[tokio::test]
async fn invalid_parameters_are_400_naming_the_parameter() {
    let s = start(config()).await;
    for (q, param) in [
        ("type=nope", "type"),
        ("executionStatus=done", "executionStatus"),
        ("healthStatus=bad", "healthStatus"),
        ("sortColumn=id", "sortColumn"),
        ("sortOrder=desc", "sortOrder"),
        ("paginationLimit=0", "paginationLimit"),
        ("paginationLimit=1001", "paginationLimit"),
        ("paginationLimit=ten", "paginationLimit"),
        ("paginationOffset=-1", "paginationOffset"),
    ] {
        let v = expect_error(s.get(&format!("{}?{q}", s.jobs_url())).await, 400).await;
        assert_eq!(v["target"], param, "{q}");
        assert!(v["message"].as_str().unwrap().contains(param), "{q}: {v}");
    }
    assert_eq!(s.get(&format!("{}?paginationLimit=1000&unknownKey=1", s.jobs_url())).await.status(), 200);
}

// ---------- per-job endpoints ----------

#[tokio::test]
async fn per_job_endpoints() {
    let s = start(config()).await;
    let all = s.all_jobs("").await;
    let job = all.iter().find(|j| j["type"] == "batch" && j["executionStatus"] == "completed").unwrap();
    let id = job["id"].as_str().unwrap();
    let full = s.get_json(&s.job_url(id, "")).await;
    assert_eq!(full["id"], id);
    assert!(full["spec"].is_object() && full["ingestionMode"].is_string() && full["mappings"].is_array());
    assert_eq!(s.get_json(&s.job_url(id, "/status")).await, json!({"executionStatus": "completed"}));
    let m = s.get_json(&s.job_url(id, "/metrics")).await;
    for k in [
        "numRowsProcessed",
        "numRowsProcessedWithWarning",
        "numRowsSkippedByError",
        "numRowsPersisted",
        "numBytesProcessed",
    ] {
        assert!(m["totals"][k].is_u64(), "{k} in {m}");
    }
    assert!(m["totals"].get("numRowsSkippedByFilter").is_none(), "filter rows apply to streaming only");
    assert_eq!(s.get_json(&s.job_url(id, "/progress")).await, json!({"overallProgress": 1.0}));
    assert!(s.get_json(&s.job_url(id, "/logs")).await["logs"].is_array());
    for rest in ["", "/status", "/metrics", "/logs", "/progress"] {
        let v = expect_error(s.get(&s.job_url("00000000-0000-4000-8000-000000000000", rest)).await, 404).await;
        assert!(v["message"].as_str().unwrap().contains("00000000-0000-4000-8000-000000000000"));
    }
    let streaming = all.iter().find(|j| j["type"] == "streaming" && j["executionStatus"] == "running").unwrap();
    let m = s.get_json(&s.job_url(streaming["id"].as_str().unwrap(), "/metrics")).await;
    assert!(m["totals"]["numRowsSkippedByFilter"].is_u64() && m["totals"].get("numRowsPersisted").is_none(), "{m}");
}

/// The reference's rules, written out independently of jobs_api::check_transition.
fn allowed(kind: &str, status: &str, desired: &str) -> bool {
    if kind == "delete_data" {
        return false;
    }
    match desired {
        "canceled" => ["pending", "running", "idle", "suspended"].contains(&status),
        "suspended" => kind == "streaming" && ["running", "idle"].contains(&status),
        "running" => kind == "streaming" && status == "suspended",
        _ => false,
    }
}

#[tokio::test]
async fn transition_matrix_every_type_status_and_desired_status() {
    let s = start(config()).await;
    let mut n = 0;
    for kind in TYPES {
        for status in STATUSES {
            for desired in ["canceled", "suspended", "running", "completed", "pending", "bogus"] {
                n += 1;
                let id = format!("00000000-0000-4000-8000-{n:012}");
                s.insert_job(&job_json(&id, kind, status)).await;
                let r = s.post_json(&s.job_url(&id, "/status"), &json!({"desiredExecutionStatus": desired})).await;
                let case = format!("{kind} {status} -> {desired}");
                if allowed(kind, status, desired) {
                    assert_eq!(r.status(), 200, "{case}");
                    let v: Value = r.json().await.unwrap();
                    assert_eq!(v, json!({"executionStatus": desired}), "{case}");
                    let job = s.get_json(&s.job_url(&id, "")).await;
                    assert_eq!(job["desiredExecutionStatus"], desired, "{case}");
                    assert_eq!(job["lastModifiedBy"]["username"].as_str().unwrap().get(..16), Some("api-key-pok_demo"));
                } else {
                    let v = expect_error(r, 400).await;
                    assert_eq!(v["target"], "desiredExecutionStatus", "{case}");
                    let job = s.get_json(&s.job_url(&id, "")).await;
                    assert_eq!(job["executionStatus"], status, "{case}: unchanged");
                }
            }
        }
    }
    assert_eq!(n, 6 * 8 * 6);
}

/// Transitions take time (docs/jobs-api.md): the desired status at once, the execution status
/// `--transition-ms` later; the same request again is idempotent; a contrary one replaces it.
#[tokio::test]
async fn a_cancel_or_suspend_takes_effect_after_the_transition_time() {
    let s = start(jobs_sim::cli::Config { transition_ms: 2_000, ..config() }).await;
    let (batch, stream) = ("33333333-0000-4000-8000-000000000001", "33333333-0000-4000-8000-000000000002");
    s.insert_job(&job_json(batch, "batch", "running")).await;
    s.insert_job(&job_json(stream, "streaming", "running")).await;
    let s = &s;
    let post = |id: &'static str, desired: &'static str| async move {
        s.post_json(&s.job_url(id, "/status"), &json!({"desiredExecutionStatus": desired})).await
    };
    // Asked: recorded at once, under way.
    let r = post(batch, "canceled").await;
    assert_eq!(r.status(), 200);
    assert_eq!(r.json::<Value>().await.unwrap(), json!({"executionStatus": "running"}));
    let job = s.get_json(&s.job_url(batch, "")).await;
    assert_eq!((&job["executionStatus"], &job["desiredExecutionStatus"]), (&json!("running"), &json!("canceled")));
    let logs = s.get_json(&s.job_url(batch, "/logs")).await["logs"].as_array().unwrap().len();
    // Again while under way: 200, no new transition, no new log entry.
    s.advance(1_000).await;
    assert_eq!(post(batch, "canceled").await.status(), 200);
    assert_eq!(s.get_json(&s.job_url(batch, "/logs")).await["logs"].as_array().unwrap().len(), logs);
    s.advance(999).await;
    assert_eq!(s.get_json(&s.job_url(batch, "/status")).await["executionStatus"], "running");
    s.advance(1).await;
    let job = s.get_json(&s.job_url(batch, "")).await;
    assert_eq!((&job["executionStatus"], &job["health"]["code"]), (&json!("canceled"), &json!("canceled")));
    assert_eq!(job["completedTimestamp"], jobs_api::time::format_rfc3339_millis(NOW + 2_000).as_str(), "at its time");
    // A suspend under way, then a contrary cancel (allowed from running): the cancel replaces it.
    assert_eq!(post(stream, "suspended").await.status(), 200);
    assert_eq!(post(stream, "running").await.status(), 400, "resume is not allowed from running");
    s.advance(500).await;
    assert_eq!(post(stream, "canceled").await.status(), 200);
    s.advance(1_600).await;
    assert_eq!(s.get_json(&s.job_url(stream, "/status")).await["executionStatus"], "running", "the suspend is gone");
    s.advance(400).await;
    assert_eq!(s.get_json(&s.job_url(stream, "/status")).await["executionStatus"], "canceled");
    // A resume acts at once.
    let resumable = "33333333-0000-4000-8000-000000000003";
    s.insert_job(&job_json(resumable, "streaming", "suspended")).await;
    let r = post(resumable, "running").await;
    assert_eq!(r.json::<Value>().await.unwrap(), json!({"executionStatus": "running"}));
}

#[tokio::test]
async fn cancel_leaves_the_job_canceled_with_health_error_canceled() {
    let s = start(config()).await;
    let id = "11111111-0000-4000-8000-000000000001";
    s.insert_job(&job_json(id, "batch", "running")).await;
    s.advance(5_000).await;
    let r = s.post_json(&s.job_url(id, "/status"), &json!({"desiredExecutionStatus": "canceled"})).await;
    assert_eq!(r.status(), 200);
    let job = s.get_json(&s.job_url(id, "")).await;
    assert_eq!(job["executionStatus"], "canceled");
    assert_eq!(job["desiredExecutionStatus"], "canceled");
    assert_eq!(job["health"]["status"], "error");
    assert_eq!(job["health"]["code"], "canceled");
    let at = jobs_api::time::format_rfc3339_millis(NOW + 5_000);
    assert_eq!(job["completedTimestamp"], at.as_str());
    assert_eq!(job["lastUpdatedTimestamp"], at.as_str());
    // PUT forms answer with the job; a second cancel changes nothing (idempotent).
    s.advance(1_000).await;
    let r = s
        .authed(s.client.put(s.job_url(id, "/status")))
        .json(&json!({"desiredExecutionStatus": "canceled"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let again: Value = r.json().await.unwrap();
    assert_eq!((&again["executionStatus"], &again["lastUpdatedTimestamp"]), (&json!("canceled"), &json!(at)));
    let id2 = "11111111-0000-4000-8000-000000000002";
    s.insert_job(&job_json(id2, "streaming", "running")).await;
    let r = s
        .authed(s.client.put(s.job_url(id2, "")))
        .json(&json!({"desiredExecutionStatus": "suspended"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let v: Value = r.json().await.unwrap();
    assert_eq!((v["id"].as_str(), v["executionStatus"].as_str()), (Some(id2), Some("suspended")));
    let r = s
        .authed(s.client.put(s.job_url(id2, "/status")))
        .json(&json!({"desiredExecutionStatus": "running"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.json::<Value>().await.unwrap()["executionStatus"], "running");
}

// ---------- lifecycle in simulated time ----------

#[tokio::test]
async fn batch_job_lifecycle_pending_running_completed() {
    let s = start(config()).await;
    let data = (0..1000).map(|i| format!("{{\"n\":{i}}}")).collect::<Vec<_>>().join("\n");
    let r = s
        .post_json(
            &s.jobs_url(),
            &json!({
                "type": "batch",
                "target": {"type": "table", "tableName": "numbers"},
                "source": {"type": "inline", "data": data, "inputSchema": [{"name": "n", "dataType": "long"}]},
                "ingestionMode": "append"
            }),
        )
        .await;
    assert_eq!(r.status(), 201);
    let job: Value = r.json().await.unwrap();
    let id = job["id"].as_str().unwrap().to_owned();
    assert_eq!(job["executionStatus"], "pending");
    assert!(job.get("startedTimestamp").is_none());
    assert_eq!(s.get_json(&s.job_url(&id, "/progress")).await["overallProgress"], 0.0);

    s.advance(3_000).await;
    let job = s.get_json(&s.job_url(&id, "")).await;
    assert_eq!(job["executionStatus"], "running");
    assert_eq!(job["startedTimestamp"], jobs_api::time::format_rfc3339_millis(NOW + 3_000).as_str());

    s.advance(20_000).await;
    let p1 = s.get_json(&s.job_url(&id, "/progress")).await["overallProgress"].as_f64().unwrap();
    let m1 = s.get_json(&s.job_url(&id, "/metrics")).await["totals"]["numRowsProcessed"].as_u64().unwrap();
    s.advance(10_000).await;
    let p2 = s.get_json(&s.job_url(&id, "/progress")).await["overallProgress"].as_f64().unwrap();
    let m2 = s.get_json(&s.job_url(&id, "/metrics")).await["totals"]["numRowsProcessed"].as_u64().unwrap();
    assert!(0.0 < p1 && p1 < p2 && p2 < 1.0, "{p1} {p2}");
    assert!(0 < m1 && m1 < m2 && m2 < 1000, "{m1} {m2}");

    s.advance(60_000).await;
    let job = s.get_json(&s.job_url(&id, "")).await;
    assert_eq!(job["executionStatus"], "completed");
    assert_eq!(job["health"]["status"], "ok");
    assert_eq!(job["completedTimestamp"], jobs_api::time::format_rfc3339_millis(NOW + 48_000).as_str());
    let m = s.get_json(&s.job_url(&id, "/metrics")).await;
    assert_eq!(m["totals"]["numRowsProcessed"], 1000);
    assert_eq!(s.get_json(&s.job_url(&id, "/progress")).await["overallProgress"], 1.0);
}

#[tokio::test]
async fn streaming_job_grows_while_running_not_while_suspended() {
    let s = start(config()).await;
    let r = s
        .post_json(
            &s.jobs_url(),
            &json!({
                "type": "streaming",
                "target": {"type": "table", "tableName": "clicks"},
                "source": {"type": "connection", "connectionName": "kafka-clicks"},
                "readFromPoint": "earliest"
            }),
        )
        .await;
    let id = r.json::<Value>().await.unwrap()["id"].as_str().unwrap().to_owned();
    let rows = |v: Value| v["totals"]["numRowsProcessed"].as_u64().unwrap();
    s.advance(10_000).await;
    assert_eq!(s.get_json(&s.job_url(&id, "/status")).await["executionStatus"], "running");
    let a = rows(s.get_json(&s.job_url(&id, "/metrics")).await);
    s.advance(10_000).await;
    let b = rows(s.get_json(&s.job_url(&id, "/metrics")).await);
    assert!(a > 0 && b > a, "{a} {b}");
    let r = s.post_json(&s.job_url(&id, "/status"), &json!({"desiredExecutionStatus": "suspended"})).await;
    assert_eq!(r.json::<Value>().await.unwrap()["executionStatus"], "suspended");
    s.advance(60_000).await;
    let c = rows(s.get_json(&s.job_url(&id, "/metrics")).await);
    assert_eq!(c, b, "no rows while suspended");
    let r = s.post_json(&s.job_url(&id, "/status"), &json!({"desiredExecutionStatus": "running"})).await;
    assert_eq!(r.status(), 200);
    s.advance(10_000).await;
    assert!(rows(s.get_json(&s.job_url(&id, "/metrics")).await) > c);
    // Reset: streaming only, metrics start over.
    let r = s.authed(s.client.post(s.job_url(&id, "/reset"))).send().await.unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(rows(s.get_json(&s.job_url(&id, "/metrics")).await), 0);
    let logs = s.get_json(&s.job_url(&id, "/logs")).await;
    assert!(logs["logs"].as_array().unwrap().iter().any(|l| l["message"].as_str().unwrap().contains("reset")));
}

#[tokio::test]
async fn demo_jobs_move_with_the_clock() {
    // Real time moves the clock when it is not frozen (`Clock`'s own test); here the clock is
    // moved on, and a running batch job's progress follows it.
    let s = start(config()).await;
    let running = s.all_jobs("type=batch&executionStatus=running").await;
    assert!(!running.is_empty());
    let id = running[0]["id"].as_str().unwrap().to_owned();
    let p1 = s.get_json(&s.job_url(&id, "/progress")).await["overallProgress"].as_f64().unwrap();
    s.advance(60_000).await;
    let p2 = s.get_json(&s.job_url(&id, "/progress")).await["overallProgress"].as_f64().unwrap();
    assert!(p2 > p1, "{p1} -> {p2}");
}

// ---------- the demo set ----------

#[tokio::test]
async fn demo_set_covers_every_type_status_and_health() {
    let s = start(config()).await;
    let all = s.all_jobs("").await;
    let set = |f: &dyn Fn(&Value) -> String| all.iter().map(f).collect::<BTreeSet<String>>();
    let types = set(&|j| j["type"].as_str().unwrap().into());
    assert_eq!(types, TYPES.iter().map(|s| s.to_string()).collect());
    let statuses = set(&|j| j["executionStatus"].as_str().unwrap().into());
    assert_eq!(statuses, STATUSES.iter().map(|s| s.to_string()).collect());
    let health = set(&|j| j["health"]["status"].as_str().unwrap().into());
    assert_eq!(health, ["error", "ok", "warn"].iter().map(|s| s.to_string()).collect());
    let warn_codes =
        set(&|j| if j["health"]["status"] == "warn" { j["health"]["code"].to_string() } else { String::new() });
    let error_codes =
        set(&|j| if j["health"]["status"] == "error" { j["health"]["code"].to_string() } else { String::new() });
    assert!(warn_codes.len() >= 4, "{warn_codes:?}");
    assert!(error_codes.len() >= 6, "{error_codes:?}");
    // Timestamps spread over weeks; several creators and tables.
    let created: Vec<i64> = all
        .iter()
        .map(|j| jobs_api::time::parse_rfc3339_millis(j["createdTimestamp"].as_str().unwrap()).unwrap())
        .collect();
    let span = created.iter().max().unwrap() - created.iter().min().unwrap();
    assert!(span > 14 * 86_400_000, "{span}");
    assert!(set(&|j| j["createdBy"]["username"].as_str().unwrap().into()).len() >= 5);
    assert!(set(&|j| j["target"]["tableName"].as_str().unwrap_or("").into()).len() >= 8);
    // Some jobs have parse-exception logs.
    let mut with_parse_logs = 0;
    for j in all.iter().filter(|j| j["health"]["code"] == "invalid_rows_found") {
        let logs = s.get_json(&s.job_url(j["id"].as_str().unwrap(), "/logs")).await;
        if logs["logs"].as_array().unwrap().iter().any(|l| l["message"].as_str().unwrap().contains("Unable to parse")) {
            with_parse_logs += 1;
        }
    }
    assert!(with_parse_logs >= 2);
    // Truthful timestamps.
    for j in &all {
        let t = |k: &str| j[k].as_str().map(|x| jobs_api::time::parse_rfc3339_millis(x).unwrap());
        let (c, u) = (t("createdTimestamp").unwrap(), t("lastUpdatedTimestamp").unwrap());
        assert!(c <= u && u <= NOW, "{j}");
        if let Some(st) = t("startedTimestamp") {
            assert!(c <= st && st <= u);
        }
        let finished = ["completed", "failed", "canceled"].contains(&j["executionStatus"].as_str().unwrap());
        assert_eq!(t("completedTimestamp").is_some(), finished, "{j}");
        if j["executionStatus"] == "pending" {
            assert!(t("startedTimestamp").is_none());
        }
    }
}

#[tokio::test]
async fn jobs_fail_when_rows_skipped_by_error_exceed_max_parse_exceptions() {
    let mut c = config();
    c.jobs = 400;
    let s = start(c).await;
    let failed = s.all_jobs("type=batch&executionStatus=failed").await;
    let mut checked = 0;
    let over_limit = |j: &&Value| j["health"]["message"].as_str().is_some_and(|m| m.contains("maxParseExceptions"));
    for j in failed.iter().filter(over_limit) {
        let id = j["id"].as_str().unwrap();
        let full = s.get_json(&s.job_url(id, "")).await;
        let limit = full["maxParseExceptions"].as_u64().unwrap();
        let errors = s.get_json(&s.job_url(id, "/metrics")).await["totals"]["numRowsSkippedByError"].as_u64().unwrap();
        assert!(errors > limit, "{errors} > {limit}");
        assert_eq!(full["health"]["code"], "cannot_parse_source");
        checked += 1;
    }
    assert!(checked > 0);
    // And no finished job that did not fail has more errors than its limit.
    for j in s.all_jobs("type=batch&executionStatus=completed").await.iter().take(60) {
        let id = j["id"].as_str().unwrap();
        let full = s.get_json(&s.job_url(id, "")).await;
        let errors = s.get_json(&s.job_url(id, "/metrics")).await["totals"]["numRowsSkippedByError"].as_u64().unwrap();
        assert!(errors <= full["maxParseExceptions"].as_u64().unwrap());
    }
}

#[tokio::test]
async fn same_seed_same_data() {
    let a = start(config()).await;
    let b = start(config()).await;
    assert_eq!(a.all_jobs("").await, b.all_jobs("").await);
    let mut c = config();
    c.seed = 2;
    let other = start(c).await;
    assert_ne!(ids(&a.all_jobs("").await), ids(&other.all_jobs("").await));
}

#[tokio::test]
async fn a_hundred_thousand_jobs_start_and_serve() {
    let mut c = config();
    c.jobs = 100_000;
    let t = std::time::Instant::now();
    let s = start(c).await;
    let started = t.elapsed();
    let t = std::time::Instant::now();
    let v = s
        .get_json(&format!(
            "{}?type=batch&healthStatus=error&sortColumn=target_table_name&sortOrder=ASC&paginationLimit=100",
            s.jobs_url()
        ))
        .await;
    println!("100,000 jobs: generated in {started:?}, a filtered sorted page of 100 in {:?}", t.elapsed());
    assert_eq!(v["values"].as_array().unwrap().len(), 100);
    assert!(v["moreResultsAvailable"].as_bool().unwrap());
    // The most the project holds: no job more, created or inserted (a job replaced is fine).
    assert_eq!(jobs_sim::MAX_JOBS, 100_000);
    let create = json!({"type": "batch", "target": {"type": "table", "tableName": "t"},
        "source": {"type": "inline", "data": "{}", "formatSettings": {"format": "nd-json"}}});
    let r = s.post_json(&s.jobs_url(), &create).await;
    assert!(expect_error(r, 409).await["message"].as_str().unwrap().contains("at most 100000 jobs"));
    let r = s
        .admin_post(
            "/__sim/jobs",
            &json!({"job": job_json("99999999-0000-4000-8000-000000000001", "batch", "running")}),
        )
        .await;
    expect_error(r, 409).await;
    let first = v["values"][0].clone();
    assert_eq!(s.admin_post("/__sim/jobs", &json!({"job": first})).await.status(), 201);
}

// ---------- create ----------

#[tokio::test]
async fn create_validates_type_target_and_source() {
    let s = start(config()).await;
    let url = s.jobs_url();
    let cases: &[(Value, &str)] = &[
        (json!({"target": {"type": "table", "tableName": "t"}}), "type"),
        (json!({"type": "bulk", "target": {"type": "table", "tableName": "t"}}), "type"),
        (json!({"type": "drop_table"}), "target"),
        (json!({"type": "drop_table", "target": {"type": "table", "tableName": ""}}), "target.tableName"),
        (json!({"type": "drop_table", "target": {"type": "table", "tableName": "x".repeat(256)}}), "target.tableName"),
        (json!({"type": "drop_table", "target": {"type": "view", "tableName": "t"}}), "target.type"),
        (json!({"type": "batch", "target": {"type": "table", "tableName": "t"}}), "source"),
        (
            json!({"type": "batch", "target": {"type": "table", "tableName": "t"}, "source": {"type": "connection"}}),
            "source.connectionName",
        ),
        (
            json!({"type": "batch", "target": {"type": "table", "tableName": "t"}, "source": {"type": "ftp"}}),
            "source.type",
        ),
        (
            json!({"type": "streaming", "target": {"type": "table", "tableName": "t"}, "source": {"type": "inline", "data": "{}"}}),
            "source.type",
        ),
        (json!({"type": "sql"}), "query"),
        (
            json!({"type": "batch", "target": {"type": "table", "tableName": "t"}, "source": {"type": "inline", "data": "{}", "inputSchema": []}, "ingestionMode": "upsert"}),
            "ingestionMode",
        ),
        // File-like sources must say what the files hold; s3 and azure name their connection.
        (
            json!({"type": "batch", "target": {"type": "table", "tableName": "t"}, "source": {"type": "inline", "data": "{}"}}),
            "source.inputSchema",
        ),
        (
            json!({"type": "batch", "target": {"type": "table", "tableName": "t"}, "source": {"type": "uploaded", "fileList": ["a.json"]}}),
            "source.inputSchema",
        ),
        (
            json!({"type": "batch", "target": {"type": "table", "tableName": "t"}, "source": {"type": "s3", "connectionName": "c", "uris": ["s3://b/a"]}}),
            "source.inputSchema",
        ),
        (
            json!({"type": "batch", "target": {"type": "table", "tableName": "t"}, "source": {"type": "azure", "connectionName": "c", "uris": ["azure://b/a"]}}),
            "source.inputSchema",
        ),
        (
            json!({"type": "batch", "target": {"type": "table", "tableName": "t"}, "source": {"type": "s3", "uris": ["s3://b/a"], "inputSchema": []}}),
            "source.connectionName",
        ),
        (json!({"type": "restore_data", "target": {"type": "table", "tableName": "t"}}), "interval"),
        (
            json!({"type": "drop_table", "target": {"type": "table", "tableName": "t"}, "softDelete": "yes"}),
            "softDelete",
        ),
        (json!([1, 2]), "body"),
    ];
    for (body, target) in cases {
        let v = expect_error(s.post_json(&url, body).await, 400).await;
        assert_eq!(v["target"], *target, "{body}: {v}");
    }
    let r = s
        .post_json(
            &url,
            &json!({"type": "sql", "query": "INSERT INTO \"events\" SELECT * FROM src PARTITIONED BY DAY"}),
        )
        .await;
    assert_eq!(r.status(), 201);
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["target"]["tableName"], "events");
    assert_eq!(v["spec"]["type"], "sql");
    // The new job is listed.
    let listed = s.all_jobs("type=sql").await;
    assert!(listed.iter().any(|j| j["id"] == v["id"]));
}

#[tokio::test]
async fn body_limits_content_types_and_malformed_json() {
    let s = start(config()).await;
    let url = s.jobs_url();
    let big = json!({"type": "batch", "pad": "x".repeat(70 * 1024)});
    expect_error(s.post_json(&url, &big).await, 413).await;
    let r = s.authed(s.client.post(&url)).header("content-type", "text/plain").body("{}").send().await.unwrap();
    expect_error(r, 415).await;
    let r = s.authed(s.client.post(&url)).body("{}").send().await.unwrap();
    expect_error(r, 415).await;
    let r = s
        .authed(s.client.post(&url))
        .header("content-type", "application/json")
        .body("{\"type\": ")
        .send()
        .await
        .unwrap();
    expect_error(r, 400).await;
    let r = s
        .authed(s.client.post(s.job_url("x", "/status")))
        .header("content-type", "application/json; charset=utf-8")
        .body("nope")
        .send()
        .await
        .unwrap();
    expect_error(r, 400).await;
}

#[tokio::test]
async fn unknown_routes_and_methods_answer_error_responses() {
    let s = start(config()).await;
    expect_error(s.get(&format!("{}/v2/projects", s.base)).await, 404).await;
    expect_error(s.get(&format!("{}/v1/projects/{PROJECT}/jobs/a/b/c", s.base)).await, 404).await;
    let r = s.authed(s.client.delete(s.jobs_url())).send().await.unwrap();
    expect_error(r, 405).await;
}

// ---------- CORS ----------

#[tokio::test]
async fn cors_preflight_allowed_and_refused() {
    let mut c = config();
    c.cors_origins = vec!["http://127.0.0.1:9000".into()];
    let s = start(c).await;
    let preflight = |origin: &'static str| {
        s.client
            .request(reqwest::Method::OPTIONS, s.jobs_url())
            .header("Origin", origin)
            .header("Access-Control-Request-Method", "POST")
            .header("Access-Control-Request-Headers", "authorization, content-type")
            .send()
    };
    let r = preflight("http://127.0.0.1:9000").await.unwrap();
    assert_eq!(r.status(), 204);
    let h = r.headers();
    assert_eq!(h["access-control-allow-origin"], "http://127.0.0.1:9000");
    assert!(h["access-control-allow-headers"].to_str().unwrap().contains("authorization"));
    assert!(h["access-control-allow-methods"].to_str().unwrap().contains("POST"));
    let r = preflight("http://evil.example").await.unwrap();
    assert_eq!(r.status(), 403);
    assert!(r.headers().get("access-control-allow-origin").is_none());
    // Actual requests: the header only for the allowed origin, also on errors.
    let r = s.authed(s.client.get(s.jobs_url())).header("Origin", "http://127.0.0.1:9000").send().await.unwrap();
    assert_eq!(r.headers()["access-control-allow-origin"], "http://127.0.0.1:9000");
    let r = s.client.get(s.jobs_url()).header("Origin", "http://127.0.0.1:9000").send().await.unwrap();
    assert_eq!(r.status(), 401);
    assert_eq!(r.headers()["access-control-allow-origin"], "http://127.0.0.1:9000");
    let r = s.authed(s.client.get(s.jobs_url())).header("Origin", "http://evil.example").send().await.unwrap();
    assert!(r.headers().get("access-control-allow-origin").is_none());
}

// ---------- fault injection and the request log ----------

#[tokio::test]
async fn faults_status_retry_after_count_and_prefix() {
    let s = start(config()).await;
    let r = s.admin_post("/__sim/faults", &json!({"pathPrefix": "/v1/projects/demo-project/jobs", "status": 503, "retryAfter": 7, "count": 2, "message": "Down for maintenance"})).await;
    assert_eq!(r.status(), 201);
    for _ in 0..2 {
        let r = s.get(&s.jobs_url()).await;
        assert_eq!(r.headers()["retry-after"], "7");
        let v = expect_error(r, 503).await;
        assert_eq!(v["message"], "Down for maintenance");
    }
    assert_eq!(s.get(&s.jobs_url()).await.status(), 200, "the fault is used up");
    // Method filter: only POSTs.
    s.admin_post("/__sim/faults", &json!({"pathPrefix": "/v1/", "method": "POST", "status": 409})).await;
    assert_eq!(s.get(&s.jobs_url()).await.status(), 200);
    expect_error(s.post_json(&s.job_url("x", "/status"), &json!({"desiredExecutionStatus": "canceled"})).await, 409)
        .await;
    // Query filter: only the request with exactly that query (a trailing "&" aside).
    s.admin_post("/__sim/faults", &json!({"pathPrefix": "/v1/", "query": "type=batch", "status": 503})).await;
    assert_eq!(s.get(&s.jobs_url()).await.status(), 200, "no query");
    assert_eq!(s.get(&format!("{}?type=batch&sortOrder=ASC", s.jobs_url())).await.status(), 200, "another query");
    expect_error(s.get(&format!("{}?type=batch&", s.jobs_url())).await, 503).await;
    let faults: Value = s.client.get(format!("{}/__sim/faults", s.base)).send().await.unwrap().json().await.unwrap();
    assert_eq!(faults, json!({"faults": []}));
}

#[tokio::test]
async fn faults_malformed_truncated_empty_and_delay() {
    let s = start(config()).await;
    s.admin_post("/__sim/faults", &json!({"pathPrefix": "/v1/", "body": "malformed"})).await;
    let r = s.get(&s.jobs_url()).await;
    assert_eq!(r.status(), 200);
    assert!(serde_json::from_str::<Value>(&r.text().await.unwrap()).is_err());

    s.admin_post("/__sim/faults", &json!({"pathPrefix": "/v1/", "body": "truncated"})).await;
    let full = s.get(&s.jobs_url()).await.text().await.unwrap();
    assert!(serde_json::from_str::<Value>(&full).is_err(), "truncated");
    let whole = s.get(&s.jobs_url()).await.text().await.unwrap();
    assert!(whole.starts_with(&full) && full.len() == whole.len() / 2);

    s.admin_post("/__sim/faults", &json!({"pathPrefix": "/v1/", "status": 500, "body": "empty"})).await;
    let r = s.get(&s.jobs_url()).await;
    assert_eq!(r.status(), 500);
    assert!(r.text().await.unwrap().is_empty());

    // Huge: the same JSON, padded past what a client should read, its length announced.
    s.admin_post("/__sim/faults", &json!({"pathPrefix": "/v1/", "body": "huge"})).await;
    let r = s.get(&s.jobs_url()).await;
    let announced: usize = r.headers()["content-length"].to_str().unwrap().parse().unwrap();
    let huge = r.text().await.unwrap();
    assert_eq!(huge.len(), announced);
    assert_eq!(huge.len(), whole.len() + jobs_sim::http::HUGE_PADDING);
    assert_eq!(serde_json::from_str::<Value>(&huge).unwrap(), serde_json::from_str::<Value>(&whole).unwrap());

    s.admin_post("/__sim/faults", &json!({"pathPrefix": "/v1/", "delayMs": 400})).await;
    let t = std::time::Instant::now();
    assert_eq!(s.get(&s.jobs_url()).await.status(), 200);
    assert!(t.elapsed() >= std::time::Duration::from_millis(400));

    // Stream: the same JSON, then far more than a client should read, in chunks, no length.
    s.admin_post("/__sim/faults", &json!({"pathPrefix": "/v1/", "body": "stream"})).await;
    let mut r = s.get(&s.jobs_url()).await;
    assert_eq!(r.status(), 200);
    assert!(r.headers().get("content-length").is_none());
    let (mut read, mut head) = (0, Vec::new());
    while read <= 40 << 20 {
        let chunk = r.chunk().await.unwrap().expect("more than 40 MiB");
        if head.len() < whole.len() {
            head.extend_from_slice(&chunk[..chunk.len().min(whole.len() - head.len())]);
        }
        read += chunk.len();
    }
    assert_eq!(head, whole.as_bytes());
    drop(r);

    let r = s.admin_post("/__sim/faults", &json!({"pathPrefix": "/v1/", "status": 42})).await;
    expect_error(r, 400).await;
    let r = s.admin_post("/__sim/faults", &json!({"path": "/v1/"})).await;
    expect_error(r, 400).await;
}

#[tokio::test]
async fn request_log_records_api_requests_without_credentials() {
    let s = start(config()).await;
    let id = "22222222-0000-4000-8000-000000000001";
    s.insert_job(&job_json(id, "batch", "running")).await;
    s.client.delete(format!("{}/__sim/requests", s.base)).send().await.unwrap();
    s.get(&format!("{}?type=batch&type=sql", s.jobs_url())).await;
    s.post_json(&s.job_url(id, "/status"), &json!({"desiredExecutionStatus": "canceled"})).await;
    let log: Value =
        s.client.get(format!("{}/__sim/requests?method=POST", s.base)).send().await.unwrap().json().await.unwrap();
    let posts = log["requests"].as_array().unwrap();
    assert_eq!(posts.len(), 1);
    assert_eq!(posts[0]["path"], format!("/v1/projects/{PROJECT}/jobs/{id}/status"));
    assert_eq!(
        serde_json::from_str::<Value>(posts[0]["body"].as_str().unwrap()).unwrap(),
        json!({"desiredExecutionStatus": "canceled"})
    );
    assert_eq!(posts[0]["status"], 200);
    let all: Value = s.client.get(format!("{}/__sim/requests", s.base)).send().await.unwrap().json().await.unwrap();
    assert_eq!(all["requests"][0]["query"], "type=batch&type=sql");
    assert!(!all.to_string().contains(KEY));
}

#[tokio::test]
async fn admin_endpoints_exist_only_with_admin() {
    let mut c = config();
    c.admin = false;
    let s = start(c).await;
    let r = s.admin_post("/__sim/faults", &json!({"pathPrefix": "/v1/", "status": 500})).await;
    expect_error(r, 404).await;
    assert_eq!(s.get(&s.jobs_url()).await.status(), 200);
    // Without --admin, nothing is recorded (nobody could read it).
    let r = s.post_json(&s.jobs_url(), &json!({"type": "batch", "pad": "x".repeat(9000)})).await;
    assert_eq!(r.status(), 400);
    assert!(s.sim.requests.lock().unwrap().is_empty());
}

/// A recorded body is cut to 4 KB, and the log keeps at most 8 MB of bodies (the oldest go).
#[tokio::test]
async fn the_request_log_is_bounded() {
    use jobs_sim::admin::{RequestRecord, MAX_LOG_BYTES, MAX_RECORD_BODY};
    let s = start(config()).await;
    let r = s.post_json(&s.jobs_url(), &json!({"type": "batch", "pad": "é".repeat(30_000)})).await;
    assert_eq!(r.status(), 400);
    let log: Value = s.client.get(format!("{}/__sim/requests", s.base)).send().await.unwrap().json().await.unwrap();
    let body = log["requests"][0]["body"].as_str().unwrap();
    assert!(body.len() <= MAX_RECORD_BODY && body.ends_with("…[cut]"), "{}", body.len());
    let record = |i: u64| RequestRecord {
        seq: 0,
        method: "POST".into(),
        path: format!("/v1/{i}"),
        query: String::new(),
        body: Some("x".repeat(100_000)),
        status: 200,
        at: 0,
    };
    for i in 0..200 {
        s.sim.record(record(i));
    }
    let log = s.sim.requests.lock().unwrap();
    assert!(log.body_bytes() <= MAX_LOG_BYTES, "{}", log.body_bytes());
    assert!(log.iter().all(|r| r.body.as_ref().unwrap().len() <= MAX_RECORD_BODY));
    assert_eq!(log.iter().last().unwrap().path, "/v1/199", "the newest stays");
}

/// The simulated clock moves at most ten years a request, and never wraps.
#[tokio::test]
async fn the_clock_is_bounded() {
    let s = start(config()).await;
    let max = jobs_sim::admin::MAX_ADVANCE_MS;
    for bad in [json!(max + 1), json!(-1), json!(i64::MAX), json!(1e300), json!("5")] {
        let r = s.admin_post("/__sim/clock", &json!({ "advanceMs": bad })).await;
        expect_error(r, 400).await;
    }
    for _ in 0..3 {
        s.advance(max).await;
    }
    s.sim.clock.advance(i64::MAX);
    s.sim.clock.advance(i64::MAX);
    assert_eq!(s.sim.clock.now_ms(), i64::MAX, "saturates");
}

/// The admin endpoints can make a change happen now: a running job fails, a streaming job's
/// health degrades and recovers; the list shows it as the newest update.
#[tokio::test]
async fn a_change_can_be_forced() {
    let s = start(config()).await;
    let running = s.all_jobs("executionStatus=running&type=batch").await;
    let id = running[0]["id"].as_str().unwrap().to_owned();
    s.advance(60_000).await;
    let change = json!({"executionStatus": "failed", "health": {"status": "error", "code": "lost_connection_to_source", "message": "Lost kafka-prod."}});
    let r = s.admin_post(&format!("/__sim/jobs/{id}/change"), &change).await;
    assert_eq!(r.status(), 200);
    let job: serde_json::Value = s.get(&s.job_url(&id, "")).await.json().await.unwrap();
    assert_eq!(job["executionStatus"], "failed");
    assert_eq!(job["desiredExecutionStatus"], "failed");
    assert_eq!(job["health"]["code"], "lost_connection_to_source");
    assert_eq!(job["health"]["message"], "Lost kafka-prod.");
    assert_eq!(job["completedTimestamp"], job["lastUpdatedTimestamp"]);
    // The newest update first in the default order, and it stays failed as time passes.
    let newest: serde_json::Value = s.get(&format!("{}?paginationLimit=1", s.jobs_url())).await.json().await.unwrap();
    assert_eq!(newest["values"][0]["id"], id.as_str());
    s.advance(600_000).await;
    let job: serde_json::Value = s.get(&s.job_url(&id, "")).await.json().await.unwrap();
    assert_eq!(job["executionStatus"], "failed");
    // Health alone; an unknown job is a 404, a wrong field a 400.
    let streaming = s.all_jobs("executionStatus=running&type=streaming").await;
    let sid = streaming[0]["id"].as_str().unwrap().to_owned();
    let warn = json!({"health": {"status": "warn", "code": "invalid_rows_found"}});
    assert_eq!(s.admin_post(&format!("/__sim/jobs/{sid}/change"), &warn).await.status(), 200);
    let job: serde_json::Value = s.get(&s.job_url(&sid, "")).await.json().await.unwrap();
    assert_eq!((job["executionStatus"].as_str(), job["health"]["status"].as_str()), (Some("running"), Some("warn")));
    expect_error(s.admin_post("/__sim/jobs/nope/change", &warn).await, 404).await;
    expect_error(s.admin_post(&format!("/__sim/jobs/{sid}/change"), &json!({"colour": "red"})).await, 400).await;
}

/// With `--churn` the demo changes by itself every 90 simulated seconds: a running job fails,
/// a streaming job loses its connection, then recovers.
#[tokio::test]
async fn the_demo_churns_when_asked() {
    use jobs_sim::world::CHURN_MS;
    let mut c = config();
    c.churn = true;
    let s = start(c).await;
    let at = |v: &Value| jobs_api::Timestamp::new(v["lastUpdatedTimestamp"].as_str().unwrap()).epoch_millis().unwrap();
    let newest_url = format!("{}?paginationLimit=1", s.jobs_url());
    let start_ms = s.sim.clock.now_ms();
    s.advance(CHURN_MS).await;
    let failed = s.get_json(&newest_url).await["values"][0].clone();
    assert_eq!(
        (failed["executionStatus"].as_str(), failed["health"]["status"].as_str()),
        (Some("failed"), Some("error"))
    );
    assert_eq!(at(&failed), start_ms + CHURN_MS);
    s.advance(CHURN_MS).await;
    let lost = s.get_json(&newest_url).await["values"][0].clone();
    assert_eq!(lost["type"], "streaming");
    assert_eq!(
        (lost["executionStatus"].as_str(), lost["health"]["code"].as_str()),
        (Some("running"), Some("lost_connection_to_source"))
    );
    s.advance(CHURN_MS).await;
    let back = s.get_json(&s.job_url(lost["id"].as_str().unwrap(), "")).await;
    assert_eq!((back["executionStatus"].as_str(), back["health"]["status"].as_str()), (Some("running"), Some("ok")));
}

// ---------- robustness ----------

#[tokio::test]
async fn concurrent_requests_are_safe() {
    let s = std::sync::Arc::new(start(config()).await);
    let all = s.all_jobs("executionStatus=running").await;
    let mut tasks = Vec::new();
    for i in 0..64 {
        let s = s.clone();
        let id = all[i % all.len()]["id"].as_str().unwrap().to_owned();
        tasks.push(tokio::spawn(async move {
            match i % 4 {
                0 => s.get(&format!("{}?sortColumn=type&paginationLimit=50", s.jobs_url())).await.status().as_u16(),
                1 => s.get(&s.job_url(&id, "/metrics")).await.status().as_u16(),
                2 => s
                    .post_json(&s.job_url(&id, "/status"), &json!({"desiredExecutionStatus": "canceled"}))
                    .await
                    .status()
                    .as_u16(),
                _ => s.get(&s.job_url(&id, "")).await.status().as_u16(),
            }
        }));
    }
    for t in tasks {
        assert!([200, 400].contains(&t.await.unwrap()));
    }
    assert_eq!(s.get(&s.jobs_url()).await.status(), 200);
}

// ---------- static hosting ----------

#[tokio::test]
async fn static_files_with_index_fallback_for_client_routes() {
    let dir = std::env::temp_dir().join(format!("jobs-sim-static-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("index.html"), "<!doctype html><title>app</title>").unwrap();
    std::fs::write(dir.join("app-1a2b.wasm"), b"\0asm").unwrap();
    std::fs::write(dir.join("app-1a2b.js"), "export {}").unwrap();
    let mut c = config();
    c.static_dir = Some(dir.clone());
    let s = start(c).await;
    let get = |p: &str| s.client.get(format!("{}{p}", s.base)).send();
    let r = get("/").await.unwrap();
    assert_eq!(r.headers()["content-type"], "text/html; charset=utf-8");
    assert_eq!(r.headers()["cache-control"], "no-cache");
    let r = get("/app-1a2b.wasm").await.unwrap();
    assert_eq!(r.headers()["content-type"], "application/wasm");
    assert!(r.headers()["cache-control"].to_str().unwrap().contains("immutable"));
    assert_eq!(get("/app-1a2b.js").await.unwrap().headers()["content-type"], "text/javascript; charset=utf-8");
    let r = get("/projects/demo-project/jobs/abc").await.unwrap();
    assert_eq!(r.status(), 200);
    assert!(r.text().await.unwrap().contains("<title>app</title>"));
    assert_eq!(get("/missing.js").await.unwrap().status(), 404);
    assert_eq!(get("/../Cargo.toml").await.unwrap().status(), 404);
    assert_eq!(get("/%2e%2e/Cargo.toml").await.unwrap().status(), 404);
    // The API still answers, and unknown API paths are not the app.
    assert_eq!(s.get(&s.jobs_url()).await.status(), 200);
    expect_error(get("/v1/nope").await.unwrap(), 404).await;
    // Its answers carry the recipe's headers too: JSON, 401, 404 (as nginx adds them to each).
    for r in [
        s.get(&s.jobs_url()).await,
        get("/v1/projects/demo-project/jobs").await.unwrap(),
        get("/v1/nope").await.unwrap(),
        get("/missing.js").await.unwrap(),
    ] {
        let h = r.headers();
        assert!(h["content-security-policy"].to_str().unwrap().contains("default-src 'none'"), "{}", r.url());
        assert_eq!(h["x-content-type-options"], "nosniff", "{}", r.url());
    }
    // The static host's headers, as the recipe sends them: the console's CSP, no framing.
    let conf =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../deploy/security-headers.conf")).unwrap();
    for path in ["/", "/app-1a2b.wasm", "/projects/demo-project/jobs"] {
        let r = get(path).await.unwrap();
        let h = r.headers();
        let csp = h["content-security-policy"].to_str().unwrap();
        assert!(csp.contains("frame-ancestors 'none'") && conf.contains(csp), "{path}: {csp}");
        assert_eq!(h["x-frame-options"], "DENY", "{path}");
        assert_eq!(h["x-content-type-options"], "nosniff", "{path}");
        assert_eq!(h["referrer-policy"], "no-referrer", "{path}");
    }
}

/// With `--admin`, the test endpoints answer only requests for this machine's address: a page
/// that reached the simulator under another name (DNS rebinding) can neither inject faults nor
/// read the request log.
// Multi-threaded: the raw requests below block their thread while the simulator answers.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn test_endpoints_answer_only_requests_for_this_machine() {
    let s = start(config()).await;
    let port = s.base.rsplit(':').next().unwrap().to_owned();
    // reqwest sends the Host it connects to; a raw request says any Host it likes.
    let with_host = |host: String, method: &str, path: &str, body: &str| {
        use std::io::{Read, Write};
        let mut c = std::net::TcpStream::connect(s.base.trim_start_matches("http://")).unwrap();
        write!(
            c,
            "{method} {path} HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        )
        .unwrap();
        let mut out = String::new();
        c.read_to_string(&mut out).unwrap();
        out.split(' ').nth(1).unwrap().parse::<u16>().unwrap()
    };
    let fault = r#"{"pathPrefix": "/v1/", "status": 500}"#;
    for host in
        ["evil.example", "evil.example:80", &format!("attacker.test:{port}"), "127.0.0.1", &format!("127.0.0.2:{port}")]
    {
        assert_eq!(with_host(host.to_owned(), "POST", "/__sim/faults", fault), 403, "{host}");
        assert_eq!(with_host(host.to_owned(), "GET", "/__sim/requests", ""), 403, "{host}");
    }
    assert!(s.sim.faults.lock().unwrap().is_empty(), "no fault was injected");
    for host in [format!("127.0.0.1:{port}"), format!("localhost:{port}"), format!("LOCALHOST:{port}")] {
        assert_eq!(with_host(host.clone(), "GET", "/__sim/requests", ""), 200, "{host}");
    }
    // The API itself answers whatever the Host (a proxy may pass its own): here, unauthenticated.
    assert_eq!(with_host("evil.example".into(), "GET", "/v1/projects/demo-project/jobs", ""), 401);
}

/// The test endpoints answer only clients whose address is a loopback one, whatever Host they
/// say: listening on every address, a client reaching this machine's network address is refused.
#[tokio::test]
async fn test_endpoints_answer_only_clients_on_this_machine() {
    let mut c = config();
    c.addr = "0.0.0.0:0".parse().unwrap();
    let s = start(c).await;
    let port = s.base.rsplit(':').next().unwrap().to_owned();
    // This machine's address on its network: the source address of a route out (no packet is sent).
    let Some(ip) = ["192.0.2.1:9", "10.255.255.254:9", "172.31.255.254:9"].into_iter().find_map(|to| {
        let u = std::net::UdpSocket::bind("0.0.0.0:0").ok()?;
        u.connect(to).ok()?;
        Some(u.local_addr().ok()?.ip()).filter(|ip| !ip.is_loopback() && !ip.is_unspecified())
    }) else {
        eprintln!("no network address on this machine: only the loopback side is checked");
        return;
    };
    let r = s.client.get(format!("http://{ip}:{port}/__sim/requests")).header("Host", format!("127.0.0.1:{port}"));
    expect_error(r.send().await.unwrap(), 403).await;
    assert_eq!(s.client.get(format!("http://127.0.0.1:{port}/__sim/requests")).send().await.unwrap().status(), 200);
    // The API answers on any address.
    assert_eq!(
        s.authed(s.client.get(format!("http://{ip}:{port}/v1/projects/{PROJECT}/jobs"))).send().await.unwrap().status(),
        200
    );
}

#[tokio::test]
async fn create_follows_the_sdk_contract() {
    let s = start(config()).await;
    let url = s.jobs_url();
    let schema = json!([{"name": "a", "dataType": "string"}]);
    // Each file-like source with its schema is accepted; the answer says where the job lives.
    for source in [
        json!({"type": "inline", "data": "{\"a\":1}", "inputSchema": schema}),
        json!({"type": "uploaded", "fileList": ["a.json"], "inputSchema": schema}),
        json!({"type": "s3", "connectionName": "s3-c", "uris": ["s3://b/a.json"], "inputSchema": schema}),
        json!({"type": "azure", "connectionName": "az-c", "prefixes": ["x/"], "inputSchema": schema}),
    ] {
        let body = json!({"type": "batch", "target": {"type": "table", "tableName": "files"}, "source": source});
        let r = s.post_json(&url, &body).await;
        assert_eq!(r.status(), 201, "{body}");
        let location = r.headers()["location"].to_str().unwrap().to_owned();
        let v: Value = r.json().await.unwrap();
        assert_eq!(location, format!("/v1/projects/{PROJECT}/jobs/{}", v["id"].as_str().unwrap()));
    }
    // Soft deletes, and a restore with its interval.
    for body in [
        json!({"type": "delete_data", "target": {"type": "table", "tableName": "t"}, "softDelete": true}),
        json!({"type": "drop_table", "target": {"type": "table", "tableName": "t"}, "softDelete": false}),
        json!({"type": "restore_data", "target": {"type": "table", "tableName": "t"}, "interval": "2024-01-01/2024-02-01"}),
    ] {
        let r = s.post_json(&url, &body).await;
        assert_eq!(r.status(), 201, "{body}");
        let v: Value = r.json().await.unwrap();
        assert_eq!(v["spec"], body);
    }
    // A streaming job reads from the latest offset unless told otherwise.
    let stream = |table: &str| {
        json!({"type": "streaming", "target": {"type": "table", "tableName": table},
               "source": {"type": "connection", "connectionName": "kafka-1"}})
    };
    let r = s.post_json(&url, &stream("live_table")).await;
    assert_eq!(r.status(), 201);
    let first: Value = r.json().await.unwrap();
    assert_eq!(first["readFromPoint"], "latest");
    // One streaming job per table: a second is refused, naming the table and the running job...
    let v = expect_error(s.post_json(&url, &stream("live_table")).await, 400).await;
    assert_eq!(v["target"], "replaceRunning");
    let message = v["message"].as_str().unwrap();
    assert!(message.contains("live_table") && message.contains(first["id"].as_str().unwrap()), "{message}");
    // ... another table is fine ...
    assert_eq!(s.post_json(&url, &stream("other_table")).await.status(), 201);
    // ... and with replaceRunning the new one is taken and the running one canceled.
    let mut replacing = stream("live_table");
    replacing["replaceRunning"] = json!(true);
    replacing["readFromPoint"] = json!("earliest");
    let r = s.post_json(&url, &replacing).await;
    assert_eq!(r.status(), 201);
    let second: Value = r.json().await.unwrap();
    assert_eq!(second["readFromPoint"], "earliest");
    let old = s.get_json(&s.job_url(first["id"].as_str().unwrap(), "")).await;
    assert_eq!(old["executionStatus"], "canceled");
    // The replaced job no longer holds the table: a third one is refused for the second's sake.
    let v = expect_error(s.post_json(&url, &stream("live_table")).await, 400).await;
    assert!(v["message"].as_str().unwrap().contains(second["id"].as_str().unwrap()), "{v}");
}

#[tokio::test]
async fn sdk_credentials_and_deprecated_sort_columns() {
    const SDK_KEY: &str = "pok_sdk~key?>>~1";
    let mut c = config();
    c.api_keys = vec![SDK_KEY.into()];
    let s = start(c).await;
    let url = s.jobs_url();
    let get = |auth: String| s.client.get(&url).header("Authorization", auth).send();
    let standard = base64::engine::general_purpose::STANDARD.encode(format!("{SDK_KEY}:"));
    let url_safe = base64::engine::general_purpose::URL_SAFE.encode(format!("{SDK_KEY}:"));
    assert_ne!(standard, url_safe, "the key must tell the alphabets apart");
    for auth in [format!("Basic {SDK_KEY}"), format!("Basic {standard}"), format!("Basic {url_safe}")] {
        assert_eq!(get(auth.clone()).await.unwrap().status(), 200, "{auth}");
    }
    let wrong = base64::engine::general_purpose::URL_SAFE.encode("pok_sdk~key?>>~2:");
    expect_error(get(format!("Basic {wrong}")).await.unwrap(), 401).await;
    // The deprecated sort columns are still accepted, and sort.
    let s = start(config()).await;
    for (column, field) in [("source_connection_name", "connectionName"), ("source_table_name", "tableName")] {
        let v = s.get_json(&format!("{}?sortColumn={column}&sortOrder=ASC&paginationLimit=1000", s.jobs_url())).await;
        let names: Vec<&str> =
            v["values"].as_array().unwrap().iter().map(|j| j["source"][field].as_str().unwrap_or("")).collect();
        assert!(names.windows(2).all(|w| w[0] <= w[1]), "{column}: {names:?}");
    }
}

#[tokio::test]
async fn the_demo_set_follows_the_contract() {
    let s = start(config()).await;
    let jobs = s.all_jobs("").await;
    // A table takes one streaming job at a time.
    let mut live_streams: Vec<&str> = jobs
        .iter()
        .filter(|j| {
            j["type"] == "streaming"
                && !["completed", "failed", "canceled"].contains(&j["executionStatus"].as_str().unwrap())
        })
        .map(|j| j["target"]["tableName"].as_str().unwrap())
        .collect();
    let n = live_streams.len();
    live_streams.sort_unstable();
    live_streams.dedup();
    assert_eq!(live_streams.len(), n, "two live streaming jobs share a table");
    // File-like sources name their connection and their schema; some logs lack a time and a level.
    let mut bare_logs = 0;
    for j in &jobs {
        let kind = j["source"]["type"].as_str().unwrap_or("");
        if ["s3", "azure"].contains(&kind) {
            assert!(j["source"]["connectionName"].is_string(), "{j}");
        }
        let full = s.get_json(&s.job_url(j["id"].as_str().unwrap(), "")).await;
        if j["type"] == "batch" && ["s3", "azure", "inline", "uploaded"].contains(&kind) {
            assert!(full["source"]["inputSchema"].is_array(), "{full}");
            assert!(full["spec"]["source"]["inputSchema"].is_array(), "{full}");
        }
        let logs = s.get_json(&s.job_url(j["id"].as_str().unwrap(), "/logs")).await;
        bare_logs += logs["logs"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e.get("timestamp").is_none() && e.get("healthStatus").is_none())
            .count();
    }
    assert!(bare_logs > 0, "no demo log entry without a time and a level");
}

// ---------- the Tables board's showcase ----------

/// The demo project has a table in every state of the Tables board (`demo::board_showcase`).
#[tokio::test]
async fn the_demo_has_a_table_in_every_state_of_the_tables_board() {
    let s = start(config()).await;
    const MIN: i64 = 60_000;
    // A table's jobs, oldest first: (type, status, health, ended minutes before now).
    let table = |name: &'static str| {
        let s = &s;
        async move {
            let mut jobs = s.all_jobs(&format!("targetTableName={name}")).await;
            jobs.sort_by_key(|j| j["createdTimestamp"].as_str().unwrap().to_owned());
            jobs.iter()
                .map(|j| {
                    let ended = j["completedTimestamp"]
                        .as_str()
                        .map(|t| (NOW - jobs_api::time::parse_rfc3339_millis(t).unwrap()) / MIN);
                    (
                        j["type"].as_str().unwrap().to_owned(),
                        j["executionStatus"].as_str().unwrap().to_owned(),
                        j["health"]["status"].as_str().unwrap().to_owned(),
                        ended,
                    )
                })
                .collect::<Vec<_>>()
        }
    };
    let t = |k: &str, st: &str, h: &str, ended: Option<i64>| (k.to_owned(), st.to_owned(), h.to_owned(), ended);
    assert_eq!(
        table("partner_feed_daily").await,
        [
            t("batch", "completed", "ok", Some(50 * 60)),
            t("batch", "failed", "error", Some(26 * 60)),
            t("batch", "failed", "error", Some(2 * 60))
        ],
        "failing: two failures in a row"
    );
    assert_eq!(
        table("invoices").await,
        [t("batch", "failed", "error", Some(6 * 60)), t("batch", "completed", "ok", Some(60))],
        "recovered"
    );
    assert_eq!(table("ride_events").await, [t("streaming", "running", "ok", None)], "live");
    assert_eq!(table("sensor_alerts").await, [t("streaming", "running", "warn", None)], "live, with warnings");
    // Under a 1-hour expectation: fresh, late, stale.
    assert_eq!(table("exchange_rates").await, [t("sql", "completed", "ok", Some(20))]);
    assert_eq!(table("product_catalog").await, [t("batch", "completed", "ok", Some(90))]);
    assert_eq!(table("store_footfall").await, [t("batch", "completed", "ok", Some(5 * 60))]);
    assert_eq!(table("new_signups").await, [t("batch", "running", "ok", None)], "never loaded, its first load running");
    let deletes = table("legacy_events").await;
    assert!(deletes.len() == 2 && deletes.iter().all(|j| j.0 == "delete_data"), "{deletes:?}");
    assert_eq!(table("hourly_rollups").await.len(), 14, "more than the board's 10 recent jobs");
}
