//! Faults through jobs-sim's /__sim/ endpoints, in both browsers: the person sees a clear message,
//! the page stays usable, it recovers when the fault ends, and no action is lost or sent twice.
//! The matrix (fault x page x outcome) is printed.

use e2e::*;
use serde_json::{json, Value};

const LIST: &str = "/v1/projects/demo-project/jobs";

/// A request of the change inbox's reading (src/pages/changes/reading.rs), which the list's
/// first rows start: every parameter written, newest first. Not the list's own.
fn is_inbox_reading(query: &str) -> bool {
    query.starts_with("sortColumn=last_updated_date_time&sortOrder=DESC&paginationLimit=")
}

struct Matrix(Vec<[String; 3]>);

impl Matrix {
    fn add(&mut self, fault: &str, page: &str, outcome: &str) {
        self.0.push([fault.into(), page.into(), outcome.into()]);
    }
}

const ALERT: &str = "document.querySelector('[role=alert]')?.textContent || ''";

/// Injects `fault` for the next list request, refreshes, expects `says` in the alert, then the
/// list back without an alert (by itself when `auto`, else after Retry).
async fn list_fault(s: &Session, sim: &Sim, m: &mut Matrix, name: &str, fault: Value, says: &str, auto: bool) {
    sim.fault(&fault);
    // A request's 20 s time limit, a tenth as long in real time (the page's timers sped up).
    let slow = says.contains("within 20 s");
    if slow {
        s.speed_timers(10).await;
    }
    s.click_button(".refresh", "Refresh").await;
    s.wait_js_for(&format!("the {name} message"), &format!("({ALERT}).includes({says:?})"), 40).await;
    if slow {
        s.speed_timers(1).await;
    }
    assert!(
        s.js("return document.querySelectorAll('tbody tr[data-job-id]').length > 0").await.as_bool().unwrap(),
        "rows stay on screen"
    );
    if !auto {
        s.click_button("[role=alert]", "Retry").await;
    }
    s.wait_js(
        &format!("recovery after {name}"),
        "!document.querySelector('[role=alert]') && document.querySelectorAll('tbody tr[data-job-id]').length > 0",
    )
    .await;
    m.add(
        name,
        "jobs list",
        &format!("\"…{says}…\" shown, rows kept, recovered {}", if auto { "by itself" } else { "on Retry" }),
    );
}

async fn faults_in(browser: Browser) {
    // Actions take effect at once here: these tests are about faults (the journeys show a cancel
    // taking its time).
    let mut sim = Sim::start(&["--jobs", "80", "--frozen", "--transition-ms", "0"]);
    let base = sim.base();
    let s = Session::start(browser, false).await;
    let mut m = Matrix(Vec::new());
    s.connect_to_list(&base).await;

    // The list's own request (the default view's query), not the change inbox's reading.
    let get = |extra: Value| {
        let mut f = json!({"pathPrefix": LIST, "method": "GET", "query": ""});
        f.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
        f
    };
    // (fault, what is injected, what the person reads, recovers without a click)
    let cases = [
        ("403", get(json!({"status": 403})), "ManageIngestionJobs", false),
        ("404", get(json!({"status": 404})), "Not found (404)", false),
        ("429 + Retry-After: 2", get(json!({"status": 429, "retryAfter": 2})), "wait 2 s", true),
        ("500", get(json!({"status": 500})), "HTTP 500", true),
        ("503", get(json!({"status": 503, "message": "Down for maintenance"})), "maintenance", true),
        ("malformed JSON", get(json!({"body": "malformed"})), "not the expected JSON", true),
        ("truncated body", get(json!({"body": "truncated"})), "not the expected JSON", true),
        ("slower than the 20 s limit", get(json!({"delayMs": 24000})), "did not answer within 20 s", true),
    ];
    for (name, fault, says, auto) in cases {
        list_fault(&s, &sim, &mut m, name, fault, says, auto).await;
    }

    // The API process killed, then restarted on the same port.
    sim.kill();
    s.click_button(".refresh", "Refresh").await;
    s.wait_js("the network message", &format!("({ALERT}).includes('Cannot reach the API')")).await;
    sim.restart();
    s.wait_js(
        "recovery after the restart",
        "!document.querySelector('[role=alert]') && document.querySelectorAll('tbody tr[data-job-id]').length > 0",
    )
    .await;
    m.add("API killed and restarted", "jobs list", "\"Cannot reach the API…\" shown, rows kept, recovered by itself");

    // Detail page: a 503 on reading, then a 409 on an action: the refusal is shown, nothing is
    // sent twice, and the next try goes through.
    let running = api_json(&sim, "/v1/projects/demo-project/jobs?type=batch&executionStatus=running");
    let id = running["values"][0]["id"].as_str().unwrap().to_owned();
    sim.fault(&json!({"pathPrefix": format!("{LIST}/{id}"), "method": "GET", "status": 503, "retryAfter": 1}));
    s.goto(&format!("{base}/projects/demo-project/jobs/{id}")).await;
    s.wait_js("the 503 on the detail page", &format!("({ALERT}).includes('maintenance')")).await;
    s.wait_js(
        "the detail after recovery",
        "!document.querySelector('[role=alert]') && document.querySelector('.metrics')",
    )
    .await;
    m.add("503 + Retry-After: 1", "job detail", "maintenance message, recovered by itself");

    sim.fault(&json!({"pathPrefix": format!("{LIST}/{id}/status"), "method": "POST", "status": 409, "message": "The job is being updated elsewhere."}));
    s.click_button(".actions", "Cancel job").await;
    s.click_button("dialog", "Cancel job").await;
    s.wait_js(
        "the 409 message",
        "document.querySelector('.actions [role=alert]')?.textContent.includes('being updated elsewhere')",
    )
    .await;
    assert_eq!(
        api_json(&sim, &format!("{LIST}/{id}/status"))["executionStatus"],
        "running",
        "the refused action changed nothing"
    );
    s.click_button(".actions", "Cancel job").await;
    s.click_button("dialog", "Cancel job").await;
    s.wait_js("canceled", "document.querySelector('.job-head [data-status=canceled]')").await;
    let posts = api_json(&sim, &format!("/__sim/requests?method=POST&pathPrefix={LIST}/{id}/status"));
    let statuses: Vec<u64> =
        posts["requests"].as_array().unwrap().iter().map(|r| r["status"].as_u64().unwrap()).collect();
    assert_eq!(statuses, [409, 200], "one refused, one accepted: nothing lost, nothing sent twice");
    m.add("409 on Cancel job", "job detail", "server's message shown, job unchanged, the retry sent once");

    // A 401 in the middle of the session: back to connect, and after connecting, the same view.
    s.goto(&format!("{base}/projects/demo-project/jobs?type=batch")).await;
    s.wait_js("rows", "document.querySelectorAll('tbody tr[data-job-id]').length > 0").await;
    sim.fault(&json!({"pathPrefix": LIST, "method": "GET", "query": "type=batch", "status": 401}));
    s.click_button(".refresh", "Refresh").await;
    s.wait_js("the connect page", "location.pathname === '/' && location.search.includes('reason=expired')").await;
    s.wait_js("the notice", "document.body.innerText.includes('Connect again')").await;
    s.fill("#secret", DEMO_KEY).await;
    s.click_button("form", "Connect").await;
    s.wait_js("the same view again", "location.pathname + location.search === '/projects/demo-project/jobs?type=batch' && document.querySelectorAll('tbody tr[data-job-id]').length > 0").await;
    m.add("401 mid-session", "jobs list", "back to connect, credential dropped, the view restored after connecting");

    // A list opened directly (here a reload): its first request leaves while the app downloads
    // (src/first_load.js) and the app takes that answer, data or error, instead of asking again.
    let list_gets = |sim: &Sim| -> Vec<(String, u64)> {
        let v = api_json(sim, &format!("/__sim/requests?method=GET&pathPrefix={LIST}"));
        v["requests"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|r| r["path"] == LIST && !is_inbox_reading(r["query"].as_str().unwrap()))
            // gloo-net ends a URL that has a query with "&"; the same request either way.
            .map(|r| (r["query"].as_str().unwrap().trim_end_matches('&').to_owned(), r["status"].as_u64().unwrap()))
            .collect()
    };
    http(sim.port, "DELETE", "/__sim/requests", None, None, &[]);
    s.goto(&format!("{base}/projects/demo-project/jobs?type=batch")).await;
    s.wait_js(
        "rows after a reload",
        "document.querySelectorAll('tbody tr[data-job-id]').length > 0 && !window.pjcFirstList",
    )
    .await;
    assert_eq!(list_gets(&sim), [("type=batch".to_owned(), 200)], "one list request for a list opened directly");
    http(sim.port, "DELETE", "/__sim/requests", None, None, &[]);
    sim.fault(&json!({"pathPrefix": LIST, "method": "GET", "query": "type=batch", "status": 503, "retryAfter": 1, "message": "Down for maintenance"}));
    s.goto(&format!("{base}/projects/demo-project/jobs?type=batch")).await;
    s.wait_js("the 503 of the first request", &format!("({ALERT}).includes('maintenance')")).await;
    s.wait_js(
        "recovery",
        "!document.querySelector('[role=alert]') && document.querySelectorAll('tbody tr[data-job-id]').length > 0",
    )
    .await;
    assert_eq!(
        list_gets(&sim),
        [("type=batch".to_owned(), 503), ("type=batch".to_owned(), 200)],
        "the early request's 503 is the page's first answer, then one retry"
    );
    // A slow first answer: the page goes on screen without it, saying it is loading (the page is
    // built off screen while the answer travels, and shown after a moment at most), then takes
    // that answer when it comes rather than asking again.
    http(sim.port, "DELETE", "/__sim/requests", None, None, &[]);
    sim.fault(&json!({"pathPrefix": LIST, "method": "GET", "query": "type=batch", "delayMs": 2500}));
    s.goto(&format!("{base}/projects/demo-project/jobs?type=batch")).await;
    s.wait_js(
        "the page on screen, loading",
        "!!document.querySelector('main .jobs-page .table-wrap') && document.body.innerText.includes('Loading jobs') \
         && document.querySelectorAll('tbody tr[data-job-id]').length === 0 && !!window.pjcFirstList",
    )
    .await;
    s.wait_js("rows", "document.querySelectorAll('tbody tr[data-job-id]').length > 0 && !window.pjcFirstList").await;
    assert_eq!(list_gets(&sim), [("type=batch".to_owned(), 200)], "one list request, though its answer was slow");
    // A list URL the app does not write itself (the default page size spelled out): the app
    // sends its own request for the view and leaves the early one.
    s.goto(&format!("{base}/projects/demo-project/jobs?paginationLimit=100&type=batch")).await;
    s.wait_js("rows", "document.querySelectorAll('tbody tr[data-job-id]').length > 0 && !window.pjcFirstList").await;
    assert_eq!(list_gets(&sim).last().map(|r| r.0.as_str()), Some("type=batch"), "the app's own request");
    assert!(!list_gets(&sim).iter().any(|r| r.0.contains("paginationLimit=100")), "no early request for it");
    // A query the app does not write, with values the API would refuse: no early request at all;
    // the app sends its own reading of it.
    http(sim.port, "DELETE", "/__sim/requests", None, None, &[]);
    s.goto(&format!("{base}/projects/demo-project/jobs?paginationLimit=999999&anything=x")).await;
    s.wait_js("rows", "document.querySelectorAll('tbody tr[data-job-id]').length > 0 && !window.pjcFirstList").await;
    assert_eq!(list_gets(&sim), [(String::new(), 200)], "only the app's own request");
    // The early request stalls: it ends at the app's time limit like any request, in words, with
    // Retry (it no longer leaves the list "Loading jobs…" for good).
    http(sim.port, "DELETE", "/__sim/requests", None, None, &[]);
    sim.fault(&json!({"pathPrefix": LIST, "method": "GET", "query": "type=batch", "delayMs": 26000, "count": 1}));
    s.goto(&format!("{base}/projects/demo-project/jobs?type=batch")).await;
    let timed_out = format!(
        "({ALERT}).includes('did not answer within 20 s') && [...document.querySelectorAll('[role=alert] button')].some(b => b.textContent === 'Retry')"
    );
    s.wait_js_for("the time-out of the first request, with Retry", &timed_out, 40).await;
    s.wait_js(
        "recovery",
        "!document.querySelector('[role=alert]') && document.querySelectorAll('tbody tr[data-job-id]').length > 0",
    )
    .await;
    m.add(
        "list opened directly",
        "jobs list",
        "one request, sent before the app loaded; its 503 shown, then recovered; a slow one waited for, a stalled one cut at 20 s; none for a foreign query",
    );

    let mut table = format!("Fault matrix in {}:\n{:<28} | {:<11} | outcome\n", browser.name(), "fault", "page");
    for [f, p, o] in &m.0 {
        table.push_str(&format!("{f:<28} | {p:<11} | {o}\n"));
    }
    println!("\n{table}");
    let dir = env_path("PJC_SCREENSHOT_DIR").parent().unwrap().to_path_buf();
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join(format!("fault-matrix-{}.txt", browser.name())), table).unwrap();
    s.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn faults_in_chromium() {
    faults_in(Browser::Chromium).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn faults_in_firefox() {
    faults_in(Browser::Firefox).await;
}
