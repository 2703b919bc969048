//! Shared harness: a jobs-sim on an ephemeral loopback port, served in-process over real HTTP.
#![allow(dead_code)]

use jobs_sim::cli::{Config, DEMO_API_KEY};
use jobs_sim::Sim;
use reqwest::{Client, RequestBuilder, Response};
use serde_json::Value;
use std::sync::Arc;
use tokio::sync::oneshot;

pub const KEY: &str = DEMO_API_KEY;
pub const PROJECT: &str = "demo-project";
/// 2024-06-01T00:00:00Z: pinned so that runs are reproducible.
pub const NOW: i64 = 1_717_200_000_000;

pub struct TestSim {
    pub base: String,
    pub client: Client,
    pub sim: Arc<Sim>,
    _stop: oneshot::Sender<()>,
}

pub fn config() -> Config {
    Config {
        addr: "127.0.0.1:0".parse().unwrap(),
        admin: true,
        quiet: true,
        frozen: true,
        now_ms: Some(NOW),
        // Actions take effect at once, unless a test says otherwise.
        transition_ms: 0,
        ..Config::default()
    }
}

pub async fn start(config: Config) -> TestSim {
    let listener = tokio::net::TcpListener::bind(config.addr).await.unwrap();
    let addr = listener.local_addr().unwrap();
    let sim = Arc::new(Sim::new(config));
    let (tx, rx) = oneshot::channel::<()>();
    tokio::spawn(jobs_sim::serve(sim.clone(), listener, async move {
        let _ = rx.await;
    }));
    TestSim { base: format!("http://{addr}"), client: Client::new(), sim, _stop: tx }
}

impl TestSim {
    pub fn jobs_url(&self) -> String {
        format!("{}/v1/projects/{PROJECT}/jobs", self.base)
    }

    pub fn job_url(&self, id: &str, rest: &str) -> String {
        format!("{}/{id}{rest}", self.jobs_url())
    }

    /// A request with the demo key in the standard Basic form.
    pub fn authed(&self, rb: RequestBuilder) -> RequestBuilder {
        rb.basic_auth(KEY, Some(""))
    }

    pub async fn get(&self, url: &str) -> Response {
        self.authed(self.client.get(url)).send().await.unwrap()
    }

    pub async fn get_json(&self, url: &str) -> Value {
        let r = self.get(url).await;
        assert_eq!(r.status(), 200, "GET {url}");
        r.json().await.unwrap()
    }

    pub async fn post_json(&self, url: &str, body: &Value) -> Response {
        self.authed(self.client.post(url)).json(body).send().await.unwrap()
    }

    /// Every job, through the list endpoint's pages (by `query`, without paging keys).
    pub async fn all_jobs(&self, query: &str) -> Vec<Value> {
        let mut out = Vec::new();
        let mut offset = 0;
        loop {
            let sep = if query.is_empty() { "" } else { "&" };
            let v = self
                .get_json(&format!("{}?{query}{sep}paginationLimit=1000&paginationOffset={offset}", self.jobs_url()))
                .await;
            let page = v["values"].as_array().unwrap().clone();
            offset += page.len();
            out.extend(page);
            if !v["moreResultsAvailable"].as_bool().unwrap() {
                return out;
            }
        }
    }

    pub async fn admin_post(&self, path: &str, body: &Value) -> Response {
        self.client.post(format!("{}{path}", self.base)).json(body).send().await.unwrap()
    }

    /// Stores a job exactly as given (it then changes only through actions).
    pub async fn insert_job(&self, job: &Value) {
        let r = self.admin_post("/__sim/jobs", &serde_json::json!({ "job": job })).await;
        assert_eq!(r.status(), 201, "{}", r.text().await.unwrap());
    }

    pub async fn advance(&self, ms: i64) {
        let r = self.admin_post("/__sim/clock", &serde_json::json!({ "advanceMs": ms })).await;
        assert_eq!(r.status(), 200);
    }
}

/// A minimal job of a type and status.
pub fn job_json(id: &str, kind: &str, status: &str) -> Value {
    serde_json::json!({
        "id": id,
        "type": kind,
        "target": {"type": "table", "tableName": format!("t_{kind}"), "intervals": null},
        "desiredExecutionStatus": "running",
        "executionStatus": status,
        "health": {"status": "ok"},
        "createdBy": {"username": "tester@example.com", "userId": "u-1"},
        "createdTimestamp": "2024-05-01T00:00:00Z",
        "lastModifiedBy": {"username": "tester@example.com", "userId": "u-1"},
        "lastUpdatedTimestamp": "2024-05-01T00:00:00Z"
    })
}

/// Asserts an ErrorResponse body with this status; returns it.
pub async fn expect_error(r: Response, status: u16) -> Value {
    assert_eq!(r.status(), status);
    assert!(
        r.headers().get("content-type").is_some_and(|v| v.to_str().unwrap().starts_with("application/json")),
        "JSON error body"
    );
    let v: Value = r.json().await.unwrap();
    assert!(v["code"].is_string() && v["message"].as_str().is_some_and(|m| !m.is_empty()), "{v}");
    v
}
