//! The pages driven in a real browser against a running jobs-sim over real HTTP. `cargo xtask
//! test` starts the simulator (with this page's origin allowed through CORS) and passes its URL.
#![cfg(target_arch = "wasm32")]

mod support;

use gloo_net::http::Request;
use polaris_jobs_console::app::loader::BUSY_AFTER_MS;
use polaris_jobs_console::App;
use serde_json::{json, Value};
use support::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const KEY: &str = "pok_demo_a7F3kQ9xLm2Vt8RzY4wN6pB1cD5hJ0sE";
const PROJECT: &str = "demo-project";

// option_env!, not env!: the file still compiles outside `cargo xtask test` (e.g. for clippy),
// and the tests then fail with a message that says how to run them.
#[allow(clippy::option_env_unwrap)]
fn sim() -> &'static str {
    option_env!("PJC_SIM_URL").expect("PJC_SIM_URL is not set: run the browser tests with `cargo xtask test`")
}

#[allow(clippy::option_env_unwrap)]
fn forbidden_key() -> &'static str {
    option_env!("PJC_SIM_FORBIDDEN_KEY")
        .expect("PJC_SIM_FORBIDDEN_KEY is not set: run the browser tests with `cargo xtask test`")
}

/// Stores a connection as the connect page would, for pages that need one.
fn connect_as(key: &str) {
    store_connection("ApiKey", key);
}

/// Stores a connection of this kind ("ApiKey", "OAuthToken") and secret, in the stored form.
fn store_connection(kind: &str, secret: &str) {
    let conn = json!({"base_url": sim(), "project_id": PROJECT, "kind": kind, "secret": secret, "remember": false,
        "made": js_sys::Date::now() as u64});
    web_sys::window()
        .unwrap()
        .session_storage()
        .unwrap()
        .unwrap()
        .set_item("pjc.connection", &conn.to_string())
        .unwrap();
}

fn mount_app() -> (web_sys::HtmlElement, impl Drop) {
    let h = host();
    let m = leptos::mount::mount_to(h.clone(), App);
    (h, m)
}

/// Waits up to `seconds` for the page's alert to say `what`.
async fn alert_says(host: &web_sys::Element, what: &str, seconds: u32) {
    wait_for(&format!("an alert saying {what:?}"), seconds, || {
        q(host, "[role=alert]").is_some_and(|a| text(&a).contains(what))
    })
    .await;
}

/// The app on its connect page, nothing stored.
async fn connect_page() -> (web_sys::HtmlElement, impl Drop) {
    clear_storage();
    go_to("/");
    let (host, mounted) = mount_app();
    wait_for("the connect form", 10, || q(&host, "#secret").is_some()).await;
    (host, mounted)
}

async fn sim_get(path: &str) -> Value {
    Request::get(&format!("{}{path}", sim()))
        .header("Authorization", &format!("Basic {KEY}"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

async fn sim_post(path: &str, body: Value) -> u16 {
    Request::post(&format!("{}{path}", sim())).json(&body).unwrap().send().await.unwrap().status()
}

fn row_ids(root: &web_sys::Element) -> Vec<String> {
    qa(root, "tbody tr[data-job-id]").iter().map(|r| r.get_attribute("data-job-id").unwrap()).collect()
}

#[wasm_bindgen_test]
async fn connect_reports_401_in_words_then_connects() {
    let _page = exclusive().await;
    let (host, _m) = connect_page().await;
    assert!(q(&host, "label[for=base-url]").is_some_and(|l| text(&l) == "API base URL"));
    assert_eq!(q(&host, "#secret").unwrap().get_attribute("type").as_deref(), Some("password"));
    type_into(&host, "#base-url", sim());
    type_into(&host, "#project-id", PROJECT);
    type_into(&host, "#secret", "pok_wrong_key");
    click(&button(&host, "Connect").unwrap());
    alert_says(&host, "401", 10).await;
    assert_eq!(location_path(), "/", "stays on the connect page");
    assert!(!text(&host).contains("pok_wrong_key"), "the key is never in the page text");
    type_into(&host, "#secret", KEY);
    click(&button(&host, "Connect").unwrap());
    wait_for("the jobs list", 10, || location_path() == "/projects/demo-project/jobs" && !row_ids(&host).is_empty())
        .await;
    assert!(!location_path().contains(KEY));
    let stored = web_sys::window().unwrap().local_storage().unwrap().unwrap().get_item("pjc.connection").unwrap();
    assert!(stored.is_none(), "not remembered unless asked");
    clear_storage();
}

#[wasm_bindgen_test]
async fn a_forbidden_key_explains_the_missing_permission() {
    let _page = exclusive().await;
    let (host, _m) = connect_page().await;
    type_into(&host, "#base-url", sim());
    type_into(&host, "#project-id", PROJECT);
    type_into(&host, "#secret", forbidden_key());
    click(&button(&host, "Connect").unwrap());
    alert_says(&host, "ManageIngestionJobs", 10).await;
    clear_storage();
}

#[wasm_bindgen_test]
async fn chips_update_the_url_and_rows_equal_the_api_answer() {
    let _page = exclusive().await;
    clear_storage();
    connect_as(KEY);
    go_to("/projects/demo-project/jobs");
    let (host, _m) = mount_app();
    wait_for("rows", 10, || !row_ids(&host).is_empty()).await;
    let chip = |v: &str| q(&host, &format!("button.chip[data-value={v}]")).unwrap();
    click(&chip("batch"));
    wait_for("type=batch in the URL", 5, || location_path().ends_with("?type=batch")).await;
    click(&chip("sql"));
    click(&chip("error"));
    wait_for("the URL", 5, || location_path() == "/projects/demo-project/jobs?type=batch&type=sql&healthStatus=error")
        .await;
    wait_for("the SQL chip pressed", 5, || chip("sql").get_attribute("aria-pressed").as_deref() == Some("true")).await;
    assert_eq!(chip("streaming").get_attribute("aria-pressed").as_deref(), Some("false"));
    let api = sim_get("/v1/projects/demo-project/jobs?type=batch&type=sql&healthStatus=error").await;
    let want: Vec<String> =
        api["values"].as_array().unwrap().iter().map(|j| j["id"].as_str().unwrap().to_owned()).collect();
    assert!(!want.is_empty());
    wait_for("the filtered rows", 10, || row_ids(&host) == want).await;
    click(&button(&host, "Clear filters").unwrap());
    wait_for("cleared URL", 5, || location_path() == "/projects/demo-project/jobs").await;
    clear_storage();
}

#[wasm_bindgen_test]
async fn an_unknown_job_is_a_404_in_words() {
    let _page = exclusive().await;
    clear_storage();
    connect_as(KEY);
    go_to("/projects/demo-project/jobs/00000000-0000-4000-8000-00000000beef");
    let (host, _m) = mount_app();
    wait_for("the 404", 10, || {
        q(&host, "[role=alert]")
            .is_some_and(|a| text(&a).contains("404") && text(&a).contains("00000000-0000-4000-8000-00000000beef"))
    })
    .await;
    clear_storage();
}

#[wasm_bindgen_test]
async fn maintenance_503_is_explained_and_the_list_recovers() {
    let _page = exclusive().await;
    clear_storage();
    connect_as(KEY);
    assert_eq!(
        sim_post(
            "/__sim/faults",
            json!({"pathPrefix": "/v1/projects/demo-project/jobs", "status": 503, "retryAfter": 1, "count": 1})
        )
        .await,
        201
    );
    go_to("/projects/demo-project/jobs");
    let (host, _m) = mount_app();
    alert_says(&host, "maintenance", 10).await;
    wait_for("rows after the retry", 15, || !row_ids(&host).is_empty() && q(&host, "[role=alert]").is_none()).await;
    clear_storage();
}

#[wasm_bindgen_test]
async fn a_401_mid_session_goes_back_to_connect_keeping_the_view() {
    let _page = exclusive().await;
    clear_storage();
    connect_as("pok_revoked_key");
    go_to("/projects/demo-project/jobs?type=streaming");
    let (host, _m) = mount_app();
    wait_for("the connect page", 10, || location_path().starts_with("/?next=")).await;
    assert!(location_path().contains("reason=expired"));
    assert!(location_path().contains("%2Fprojects%2Fdemo-project%2Fjobs%3Ftype%3Dstreaming"));
    let s = web_sys::window().unwrap().session_storage().unwrap().unwrap();
    assert!(s.get_item("pjc.connection").unwrap().is_none(), "the rejected credential is forgotten");
    wait_for("the notice", 5, || text(&host).contains("Connect again")).await;
    clear_storage();
}

/// A job id no earlier run used (the simulator may outlive one run of the tests).
fn fresh_id(n: u32) -> String {
    let t = js_sys::Date::now() as u64;
    format!("{:08x}-0000-4000-8000-{:012x}", n, t % 0x1_0000_0000_0000)
}

async fn insert(id: &str, kind: &str, status: &str) {
    insert_into(id, kind, status, "browser_test").await;
}

/// Inserts a job that never changes by itself (the simulator pins inserted jobs). A suspended or
/// canceled job was asked to be so (a desired status of running would be a resume under way).
async fn insert_into(id: &str, kind: &str, status: &str, table: &str) {
    let desired = if matches!(status, "suspended" | "canceled") { status } else { "running" };
    let job = json!({"job": {
        "id": id, "type": kind, "target": {"type": "table", "tableName": table},
        "desiredExecutionStatus": desired, "executionStatus": status, "health": {"status": "ok"},
        "createdBy": {"username": "t@example.com"}, "createdTimestamp": "2024-05-01T00:00:00Z",
        "lastModifiedBy": {"username": "t@example.com"}, "lastUpdatedTimestamp": "2024-05-01T00:00:00Z"
    }});
    assert_eq!(sim_post("/__sim/jobs", job).await, 201);
}

async fn posts_to(id: &str) -> Vec<Value> {
    let v =
        sim_get(&format!("/__sim/requests?method=POST&pathPrefix=/v1/projects/demo-project/jobs/{id}/status")).await;
    v["requests"].as_array().unwrap().clone()
}

#[wasm_bindgen_test]
async fn double_clicks_send_one_request_and_the_outcome_is_announced() {
    let _page = exclusive().await;
    clear_storage();
    connect_as(KEY);
    let id = &fresh_id(1);
    insert(id, "batch", "running").await;
    go_to(&format!("/projects/demo-project/jobs/{id}"));
    let (host, _m) = mount_app();
    wait_for("the Cancel job button", 10, || action_button(&host, "Cancel job").is_some()).await;
    assert!(action_button(&host, "Suspend").is_none(), "no Suspend on a batch job");
    click(&action_button(&host, "Cancel job").unwrap());
    leptos::task::tick().await;
    let dialog = q(&host, "dialog").unwrap();
    let confirm = button(&dialog, "Cancel job").unwrap();
    click(&confirm);
    click(&confirm);
    wait_for("the announcement", 10, || text(&host).contains("Cancel requested")).await;
    wait_for("the job re-read as canceled", 10, || q(&host, ".job-head [data-status=canceled]").is_some()).await;
    let posts = posts_to(id).await;
    assert_eq!(posts.len(), 1, "{posts:?}");
    assert_eq!(
        serde_json::from_str::<Value>(posts[0]["body"].as_str().unwrap()).unwrap(),
        json!({"desiredExecutionStatus": "canceled"})
    );
    assert!(action_button(&host, "Cancel job").is_none(), "no actions on a finished job");

    // Resume acts at once: a double click is still one request.
    let id2 = &fresh_id(2);
    insert(id2, "streaming", "suspended").await;
    drop(_m);
    go_to(&format!("/projects/demo-project/jobs/{id2}"));
    let (host, _m2) = mount_app();
    wait_for("the Resume button", 10, || action_button(&host, "Resume").is_some()).await;
    let resume = action_button(&host, "Resume").unwrap();
    click(&resume);
    click(&resume);
    wait_for("resumed", 10, || q(&host, ".job-head [data-status=running]").is_some()).await;
    assert_eq!(posts_to(id2).await.len(), 1);
    clear_storage();
}

/// A stand-in for the browser's `Notification`: the permission `permission`, asking answers
/// `answer`, and every notification shown is kept in `window.pjcNotes` as `[title, body]`.
/// Gives back the real one.
fn fake_notifications(permission: &str, answer: &str) -> impl Drop {
    let window: wasm_bindgen::JsValue = web_sys::window().unwrap().into();
    let real = js_sys::Reflect::get(&window, &"Notification".into()).unwrap();
    let fake = js_sys::Function::new_with_args(
        "permission, answer",
        "window.pjcNotes = [];
         return class { constructor(title, options) { window.pjcNotes.push([title, options && options.body]); }
             static get permission() { return permission; }
             static requestPermission() { permission = answer; return Promise.resolve(answer); } };",
    )
    .call2(&wasm_bindgen::JsValue::NULL, &permission.into(), &answer.into())
    .unwrap();
    js_sys::Reflect::set(&window, &"Notification".into(), &fake).unwrap();
    struct Restore(wasm_bindgen::JsValue, wasm_bindgen::JsValue);
    impl Drop for Restore {
        fn drop(&mut self) {
            js_sys::Reflect::set(&self.0, &"Notification".into(), &self.1).unwrap();
        }
    }
    Restore(window, real)
}

fn notes() -> Vec<Value> {
    let window: wasm_bindgen::JsValue = web_sys::window().unwrap().into();
    let notes = js_sys::Reflect::get(&window, &"pjcNotes".into()).unwrap();
    serde_json::from_str(&js_sys::JSON::stringify(&notes).unwrap().as_string().unwrap()).unwrap()
}

/// Cancels the job on the page through its Cancel job button and dialog.
async fn cancel_on_page(host: &web_sys::Element) {
    wait_for("the Cancel job button", 10, || action_button(host, "Cancel job").is_some()).await;
    click(&action_button(host, "Cancel job").unwrap());
    leptos::task::tick().await;
    click(&button(&q(host, "dialog").unwrap(), "Cancel job").unwrap());
    wait_for("the job re-read as canceled", 10, || q(host, ".job-head [data-status=canceled]").is_some()).await;
}

#[wasm_bindgen_test]
async fn notify_me_says_when_the_job_ends_by_a_notification_or_the_tab_title() {
    let _page = exclusive().await;
    clear_storage();
    connect_as(KEY);
    // Allowed when asked: a system notification once the page sees the job end.
    let _fake = fake_notifications("default", "granted");
    let id = &fresh_id(40);
    insert_into(id, "batch", "running", "notified_table").await;
    go_to(&format!("/projects/demo-project/jobs/{id}"));
    let (host, m) = mount_app();
    wait_for("the Notify me button", 10, || button(&host, "Notify me when this job ends").is_some()).await;
    click(&button(&host, "Notify me when this job ends").unwrap());
    wait_for("the promise", 5, || text(&host).contains("You will be notified when this job ends.")).await;
    assert!(button(&host, "Notify me when this job ends").is_some_and(|b| b.has_attribute("hidden")));
    cancel_on_page(&host).await;
    wait_for("the notification", 5, || !notes().is_empty()).await;
    assert_eq!(notes(), vec![json!(["⊘ notified_table canceled", "The batch job into notified_table has canceled."])]);
    drop(m);
    drop(_fake);

    // Refused: the tab's title says it, and is given back when the page goes.
    let _fake = fake_notifications("denied", "denied");
    let id = &fresh_id(41);
    insert_into(id, "batch", "running", "titled_table").await;
    let before = document().title();
    go_to(&format!("/projects/demo-project/jobs/{id}"));
    let (host, m) = mount_app();
    wait_for("the Notify me button", 10, || button(&host, "Notify me when this job ends").is_some()).await;
    click(&button(&host, "Notify me when this job ends").unwrap());
    wait_for("the refusal", 5, || text(&host).contains("the tab's title will say when the job ends")).await;
    cancel_on_page(&host).await;
    wait_for("the title", 5, || document().title() == "⊘ titled_table canceled").await;
    assert!(notes().is_empty());
    drop(m);
    assert_eq!(document().title(), before);
    clear_storage();
}

#[wasm_bindgen_test]
async fn a_refused_action_shows_the_server_message() {
    let _page = exclusive().await;
    clear_storage();
    connect_as(KEY);
    let id = &fresh_id(3);
    insert(id, "streaming", "running").await;
    assert_eq!(sim_post("/__sim/faults", json!({"pathPrefix": format!("/v1/projects/demo-project/jobs/{id}/status"), "method": "POST", "status": 409, "message": "The job is being updated by someone else."})).await, 201);
    go_to(&format!("/projects/demo-project/jobs/{id}"));
    let (host, _m) = mount_app();
    wait_for("the Suspend button", 10, || action_button(&host, "Suspend").is_some()).await;
    click(&action_button(&host, "Suspend").unwrap());
    leptos::task::tick().await;
    click(&button(&q(&host, "dialog").unwrap(), "Suspend").unwrap());
    wait_for("the refusal", 10, || {
        q(&host, ".actions [role=alert]").is_some_and(|a| text(&a).contains("being updated by someone else"))
    })
    .await;
    clear_storage();
}

#[wasm_bindgen_test]
async fn a_refresh_whose_data_did_not_change_changes_nothing_in_the_dom() {
    let _page = exclusive().await;
    clear_storage();
    connect_as(KEY);
    // Jobs of their own, which nothing changes while the test runs.
    let table = format!("refresh_probe_{}", js_sys::Date::now() as u64);
    for n in 0..3 {
        insert_into(&fresh_id(20 + n), "batch", "completed", &table).await;
    }
    go_to(&format!("/projects/demo-project/jobs?searchString={table}"));
    let (host, _m) = mount_app();
    wait_for("the three rows", 10, || row_ids(&host).len() == 3).await;
    let watch = Watch::new(&host);
    for round in 1..=3 {
        let clicked = js_sys::Date::now();
        click(&button(&host, "Refresh").unwrap());
        wait_for("the refresh to settle", 10, || watch.settled.get() == round).await;
        // Past the moment the page would show itself busy, had it not cancelled that.
        until_at_least(clicked, BUSY_AFTER_MS as f64 + 100.0).await;
        assert_eq!(watch.records(), 0, "DOM mutation records after unchanged refresh {round}");
    }
    assert_eq!(row_ids(&host).len(), 3);
    drop(watch);
    clear_storage();
}

/// How many of these mutation records are not the minute's tick of a relative time (the text of
/// a `<time>`, or of an element marked `rel`), nor the throughput chart's lines and summary
/// (every reading of a running job is a new stretch of the chart, and moves its summary on).
fn not_times(records: &js_sys::Array) -> u32 {
    use wasm_bindgen::JsCast;
    records
        .iter()
        .filter(|r| {
            let r: &web_sys::MutationRecord = r.unchecked_ref();
            let target = r.target().and_then(|t| match t.dyn_ref::<web_sys::Element>() {
                Some(e) => Some(e.clone()),
                None => t.parent_element(),
            });
            !target.is_some_and(|e| {
                e.closest("time, .rel, .throughput .chart-box, #throughput-summary").ok().flatten().is_some()
            })
        })
        .count() as u32
}

/// Counts DOM mutation records under `root` (the minute's tick of relative times left out) and
/// `pjc:settled` events, until dropped.
struct Watch {
    settled: std::rc::Rc<std::cell::Cell<u32>>,
    records: std::rc::Rc<std::cell::Cell<u32>>,
    observer: web_sys::MutationObserver,
    _on_settled: wasm_bindgen::closure::Closure<dyn Fn()>,
    _on_mutations: wasm_bindgen::closure::Closure<dyn Fn(js_sys::Array)>,
}

impl Watch {
    fn new(root: &web_sys::Element) -> Watch {
        use std::{cell::Cell, rc::Rc};
        use wasm_bindgen::{closure::Closure, JsCast};
        let settled = Rc::new(Cell::new(0u32));
        let on_settled = {
            let settled = settled.clone();
            Closure::<dyn Fn()>::new(move || settled.set(settled.get() + 1))
        };
        web_sys::window()
            .unwrap()
            .add_event_listener_with_callback("pjc:settled", on_settled.as_ref().unchecked_ref())
            .unwrap();
        let records = Rc::new(Cell::new(0u32));
        let on_mutations = {
            let records = records.clone();
            Closure::<dyn Fn(js_sys::Array)>::new(move |r: js_sys::Array| records.set(records.get() + not_times(&r)))
        };
        let observer = web_sys::MutationObserver::new(on_mutations.as_ref().unchecked_ref()).unwrap();
        let options = web_sys::MutationObserverInit::new();
        options.set_subtree(true);
        options.set_child_list(true);
        options.set_attributes(true);
        options.set_character_data(true);
        observer.observe_with_options(root, &options).unwrap();
        Watch { settled, records, observer, _on_settled: on_settled, _on_mutations: on_mutations }
    }

    /// Mutation records so far, those not yet delivered included (the minute's tick of relative
    /// times left out).
    fn records(&self) -> u32 {
        self.records.get() + not_times(&self.observer.take_records())
    }
}

impl Drop for Watch {
    fn drop(&mut self) {
        use wasm_bindgen::JsCast;
        self.observer.disconnect();
        let _ = web_sys::window()
            .unwrap()
            .remove_event_listener_with_callback("pjc:settled", self._on_settled.as_ref().unchecked_ref());
    }
}

/// Moves the page's clock on 5 s twice (rather than waiting), each time until the page's next
/// reading has settled and past the moment it would have shown itself busy: the DOM mutation
/// records `watch` saw meanwhile.
async fn two_more_readings(watch: &Watch) -> u32 {
    let before = watch.records();
    let clock = FakeClock::new();
    for _ in 0..2 {
        let seen = watch.settled.get();
        clock.advance(5_000.0);
        // Read after the move: `until_at_least` counts on the same (moved) clock.
        let started = js_sys::Date::now();
        wait_for("the next reading", 10, || watch.settled.get() > seen).await;
        // Past the moment the page would show itself busy, had it not cancelled that.
        until_at_least(started, BUSY_AFTER_MS as f64 + 100.0).await;
    }
    watch.records() - before
}

/// The job page of a running job re-reads it every few seconds; when nothing changed, nothing on
/// the page changes either: no DOM mutation at all.
#[wasm_bindgen_test]
async fn a_job_page_refresh_whose_data_did_not_change_changes_nothing_in_the_dom() {
    let _page = exclusive().await;
    clear_storage();
    connect_as(KEY);
    // A job of its own, which nothing changes while the test runs, with figures and a log.
    let id = &fresh_id(30);
    let job = json!({"job": {
        "id": id, "type": "batch", "target": {"type": "table", "tableName": "still_table"},
        "source": {"type": "s3", "connectionName": "s3-still"},
        "desiredExecutionStatus": "running", "executionStatus": "running",
        "health": {"status": "warn", "code": "invalid_rows_found"},
        "createdBy": {"username": "t@example.com"}, "createdTimestamp": "2024-05-01T00:00:00Z",
        "lastModifiedBy": {"username": "t@example.com"}, "lastUpdatedTimestamp": "2024-05-01T00:10:00Z",
        "startedTimestamp": "2024-05-01T00:00:05Z"
    }, "metrics": {"numRowsProcessed": 1200, "numRowsSkippedByError": 3, "numBytesProcessed": 4096},
       "logs": [{"timestamp": "2024-05-01T00:05:00Z", "healthStatus": "warn", "code": "invalid_rows_found", "message": "row 7"}],
       "progress": 0.4});
    assert_eq!(sim_post("/__sim/jobs", job).await, 201);
    go_to(&format!("/projects/demo-project/jobs/{id}"));
    let (host, _m) = mount_app();
    let watch = Watch::new(&host);
    wait_for("the job page", 10, || q(&host, ".metrics").is_some() && q(&host, ".logs").is_some()).await;
    assert!(text(&host).contains("1,200") && text(&host).contains("row 7"), "{}", text(&host));
    wait_for("the first reading to settle", 10, || watch.settled.get() >= 1).await;
    // Two more readings (one every 5 s of the page's clock while the job runs), each the same as
    // the first.
    assert_eq!(two_more_readings(&watch).await, 0, "DOM mutation records after unchanged readings");
    assert_eq!(q(&host, "[role=progressbar]").unwrap().get_attribute("aria-valuenow").as_deref(), Some("40"));
    drop(watch);
    clear_storage();
}

/// A key or token with a character the browser cannot put in a header is refused in words on
/// the connect page (its position, never the key), and a stored one makes no request: nothing
/// throws out of the app.
#[wasm_bindgen_test]
async fn a_credential_that_cannot_be_sent_is_refused_in_words() {
    let _page = exclusive().await;
    let (host, _m) = connect_page().await;
    type_into(&host, "#base-url", sim());
    type_into(&host, "#project-id", PROJECT);
    for (secret, at) in [("pok_demo\u{200B}key", 9), ("pok_клю", 5), ("pok_d\u{e9}mo", 6)] {
        type_into(&host, "#secret", secret);
        click(&button(&host, "Connect").unwrap());
        let says = format!("The API key contains a character that cannot be sent (position {at}).");
        wait_for(&says, 5, || q(&host, "[role=alert]").is_some_and(|a| text(&a) == says)).await;
        assert!(!text(&host).contains(secret), "the key is never shown");
        assert_eq!(location_path(), "/");
    }
    drop(_m);
    // A stored token with a line break (an input field would have dropped it): the list says so
    // and sends nothing.
    store_connection("OAuthToken", "tok\nen");
    go_to("/projects/demo-project/jobs");
    let (host, _m) = mount_app();
    alert_says(&host, "cannot be sent in a request", 10).await;
    clear_storage();
}

/// The connect page says where the credential will go, as the browser's URL parser reads the
/// base URL, and refuses what a parser would read otherwise than a person, or what this page's
/// Content-Security-Policy does not let it reach.
#[wasm_bindgen_test]
async fn the_connect_page_says_where_the_key_goes() {
    let _page = exclusive().await;
    let (host, _m) = connect_page().await;
    let target = || text(&q(&host, "#base-url-target").unwrap());
    let says = |base: &str, want: &str| {
        type_into(&host, "#base-url", base);
        let host = host.clone();
        let want = want.to_owned();
        async move {
            wait_for(&want, 5, || q(&host, "#base-url-target").is_some_and(|t| text(&t).contains(&want))).await;
        }
    };
    says("", "Your key will be sent to this site's /v1 proxy.").await;
    says("https://Org.US-East-1.aws.api.imply.io/", "Your key will be sent to org.us-east-1.aws.api.imply.io.").await;
    says("https://exämple.api.imply.io", "xn--exmple-cua.api.imply.io").await;
    says("https://evil.example\\x.api.imply.io", "backslash").await;
    says("https://a@x.api.imply.io", "user name").await;
    says("http://x.api.imply.io", "https://").await;
    // Refused on Connect too: nothing is sent.
    type_into(&host, "#project-id", PROJECT);
    type_into(&host, "#secret", KEY);
    click(&button(&host, "Connect").unwrap());
    alert_says(&host, "https://", 5).await;
    // (What the page's policy would block gets its own words: end to end, where the page has
    // its policy; a policy put into this test page would stay for every later test.)
    assert!(target().contains("https://"), "{}", target());
    clear_storage();
}

/// The list asked once with the simulator's `body` fault (`huge`, `stream`): the console refuses
/// the answer in words, within `seconds`, and shows no row.
async fn the_list_refuses_a_body_too_large(body: &str, seconds: u32) {
    assert_eq!(
        sim_post(
            "/__sim/faults",
            json!({"pathPrefix": "/v1/projects/demo-project/jobs", "method": "GET", "body": body})
        )
        .await,
        201
    );
    go_to("/projects/demo-project/jobs");
    let (host, _m) = mount_app();
    wait_for("the refusal", seconds, || {
        q(&host, "[role=alert]").is_some_and(|a| {
            text(&a).contains("too large") && text(&a).contains("past what the console reads (32.0 MiB)")
        })
    })
    .await;
    assert!(row_ids(&host).is_empty());
}

/// An answer larger than the console reads is refused in words before it is decoded.
#[wasm_bindgen_test]
async fn an_answer_too_large_to_read_is_refused_in_words() {
    let _page = exclusive().await;
    clear_storage();
    connect_as(KEY);
    the_list_refuses_a_body_too_large("huge", 20).await;
    clear_storage();
}

/// The tab's memory: the WebAssembly memory's size, and (Chromium) the JavaScript heap.
fn memory_bytes() -> f64 {
    let wasm: js_sys::WebAssembly::Memory = wasm_bindgen::memory().unchecked_into();
    let wasm = wasm.buffer().unchecked_into::<js_sys::ArrayBuffer>().byte_length() as f64;
    let perf = js_sys::Reflect::get(&web_sys::window().unwrap().performance().unwrap(), &"memory".into()).unwrap();
    let js = js_sys::Reflect::get(&perf, &"usedJSHeapSize".into()).ok().and_then(|v| v.as_f64()).unwrap_or(0.0);
    wasm + js
}

/// A huge answer sent in chunks, with no length announced (the simulator's `stream` fault: 160
/// MiB): the console stops reading at its cap and aborts the request, says the answer is too
/// large, and the tab's memory grows by far less than the answer.
#[wasm_bindgen_test]
async fn a_huge_answer_without_a_length_is_cut_at_the_cap_while_it_streams() {
    let _page = exclusive().await;
    clear_storage();
    connect_as(KEY);
    let before = memory_bytes();
    the_list_refuses_a_body_too_large("stream", 60).await;
    let grown = memory_bytes() - before;
    assert!(grown < 100.0 * 1024.0 * 1024.0, "the tab's memory grew by {} MiB", grown / 1048576.0);
    clear_storage();
}

/// The POSTs to `/jobs` itself (job creations), as the simulator recorded them.
async fn creations() -> Vec<Value> {
    let v = sim_get("/__sim/requests?method=POST&pathPrefix=/v1/projects/demo-project/jobs").await;
    v["requests"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["path"] == "/v1/projects/demo-project/jobs")
        .cloned()
        .collect()
}

fn editor_value(host: &web_sys::Element) -> String {
    q(host, "#spec-editor").unwrap().unchecked_into::<web_sys::HtmlTextAreaElement>().value()
}

fn submit_disabled(host: &web_sys::Element) -> bool {
    button(host, "Submit job").unwrap().unchecked_into::<web_sys::HtmlButtonElement>().disabled()
}

#[wasm_bindgen_test]
async fn the_spec_editor_checks_as_typed_and_keeps_the_text_when_refused() {
    let _page = exclusive().await;
    // The app's page has its style sheet (the editor's own rules use its custom properties).
    with_style_sheet();
    clear_storage();
    connect_as(KEY);
    go_to("/projects/demo-project/jobs/new?template=sql");
    let (host, _m) = mount_app();
    wait_for("the editor with the SQL template", 10, || {
        q(&host, "#spec-editor").is_some() && editor_value(&host).contains("\"type\": \"sql\"")
    })
    .await;
    let label = q(&host, "label[for=spec-editor]").unwrap();
    assert_eq!(text(&label), "Job spec (JSON)");
    let family = web_sys::window()
        .unwrap()
        .get_computed_style(&q(&host, "#spec-editor").unwrap())
        .unwrap()
        .unwrap()
        .get_property_value("font-family")
        .unwrap();
    assert!(family.contains("mono"), "a monospace editor: {family}");
    assert_eq!(text(&q(&host, "#spec-check").unwrap()), "Valid JSON.");
    assert!(!submit_disabled(&host));

    // A missing comma: line and column, live, and no way to submit.
    type_into(&host, "#spec-editor", "{\n  \"type\": \"batch\",\n  \"target\": {} \"x\": 1\n}");
    leptos::task::tick().await;
    let check = text(&q(&host, "#spec-check").unwrap());
    assert!(check.starts_with("Line 3, column 16: expected a comma"), "{check}");
    assert!(submit_disabled(&host));
    assert_eq!(q(&host, "#spec-editor").unwrap().get_attribute("aria-invalid").as_deref(), Some("true"));
    assert!(button(&host, "Go to the problem").is_some());

    // Valid JSON the server refuses: its message and field, the text as typed, one request.
    let before = creations().await.len();
    let refused = "{\n  \"type\": \"sql\",\n  \"query\": \"\",\n  \"id\": \"not-sent\"\n}";
    type_into(&host, "#spec-editor", refused);
    leptos::task::tick().await;
    assert_eq!(text(&q(&host, "#spec-check").unwrap()), "Valid JSON.");
    assert!(text(&host).contains("Not sent, as the server sets them: id."), "{}", text(&host));
    let submit = button(&host, "Submit job").unwrap();
    click(&submit);
    click(&submit);
    alert_says(&host, "The API refused the job spec (400)", 10).await;
    let alert = q(&host, "[role=alert]").unwrap();
    assert!(text(&alert).contains("Field: query"), "{}", text(&alert));
    assert_eq!(editor_value(&host), refused);

    // Leaving with edits asks first; staying keeps the page and the text.
    let w = web_sys::window().unwrap();
    let real_confirm = js_sys::Reflect::get(&w, &"confirm".into()).unwrap();
    let asked = js_sys::Function::new_with_args("q", "(window.__asked = window.__asked || []).push(q); return false;");
    js_sys::Reflect::set(&w, &"confirm".into(), &asked).unwrap();
    let all_jobs = qa(&host, "a").into_iter().find(|a| text(a) == "← All jobs").unwrap();
    click(&all_jobs);
    leptos::task::tick().await;
    js_sys::Reflect::set(&w, &"confirm".into(), &real_confirm).unwrap();
    let questions = js_sys::Reflect::get(&w, &"__asked".into()).unwrap();
    assert_eq!(js_sys::Array::from(&questions).length(), 1, "one question before leaving");
    assert!(location_path().ends_with("/jobs/new?template=sql"), "stayed: {}", location_path());
    assert_eq!(editor_value(&host), refused);
    let sent = creations().await;
    assert_eq!(sent.len(), before + 1, "one POST /jobs for a double click");
    let body: Value = serde_json::from_str(sent.last().unwrap()["body"].as_str().unwrap()).unwrap();
    assert!(body.get("id").is_none(), "server-managed fields are never sent: {body}");

    // Fixed: 201, and the page of the new job.
    type_into(
        &host,
        "#spec-editor",
        &refused.replace("\"query\": \"\"", "\"query\": \"INSERT INTO editor_test SELECT 1\""),
    );
    leptos::task::tick().await;
    click(&button(&host, "Submit job").unwrap());
    leptos::task::tick().await;
    wait_for("the new job's page", 10, || {
        let p = location_path();
        p.starts_with("/projects/demo-project/jobs/") && !p.contains("/new")
    })
    .await;
    wait_for("the new job's table", 10, || text(&host).contains("editor_test")).await;
    assert_eq!(creations().await.len(), before + 2);
    clear_storage();
}

fn dialog_headings(host: &web_sys::Element) -> Vec<String> {
    qa(host, "dialog h3").iter().map(text).collect()
}

fn disabled(b: &web_sys::Element) -> bool {
    b.clone().unchecked_into::<web_sys::HtmlButtonElement>().disabled()
}

/// The selection bar and the bulk dialog: what applies and what does not (with its reason), the
/// typed count above 10 jobs, "Keep jobs" sends nothing, and a filter change asks about the
/// selection.
#[wasm_bindgen_test]
async fn the_bulk_dialog_says_what_will_happen_before_anything_is_sent() {
    let _page = exclusive().await;
    clear_storage();
    connect_as(KEY);
    let ids: Vec<String> = (0..12).map(|i| fresh_id(100 + i)).collect();
    for (i, id) in ids.iter().enumerate() {
        insert_into(id, "batch", if i == 11 { "completed" } else { "running" }, &format!("bulkdlg_{i:02}")).await;
    }
    go_to("/projects/demo-project/jobs?searchString=bulkdlg_&sortColumn=target_table_name&sortOrder=ASC");
    let (host, _m) = mount_app();
    wait_for("12 rows", 10, || qa(&host, "tbody tr[data-job-id]").len() == 12).await;
    let label = format!("Select job bulkdlg_00 ({})", ids[0]);
    assert!(q(&host, &format!("input[aria-label=\"{label}\"]")).is_some(), "a box named {label:?}");
    click(&q(&host, "input[aria-label=\"Select all on this page\"]").unwrap());
    wait_for("12 selected", 10, || q(&host, ".selection-bar .count").is_some_and(|c| text(&c) == "12 selected")).await;
    for name in
        ["Cancel selected", "Suspend selected", "Resume selected", "Select all matching jobs", "Clear selection"]
    {
        assert!(button(&host, name).is_some(), "the bar offers {name:?}");
    }

    // Nothing applies: said, and nothing to confirm.
    click(&button(&host, "Suspend selected").unwrap());
    wait_for("the dialog", 10, || q(&host, "dialog.bulk-dialog").is_some()).await;
    assert_eq!(dialog_headings(&host), ["No selected job can be suspended", "12 jobs will not be suspended"]);
    assert!(text(&q(&host, "dialog").unwrap()).contains("Only streaming jobs can be suspended"));
    assert!(disabled(&button(&host, "Suspend 0 jobs").unwrap()));
    click(&button(&host, "Keep jobs").unwrap());
    wait_for("the dialog closed", 10, || q(&host, "dialog.bulk-dialog").is_none()).await;

    // Eleven apply, one is already completed; the count is typed to confirm.
    click(&button(&host, "Cancel selected").unwrap());
    wait_for("the dialog", 10, || q(&host, "dialog.bulk-dialog").is_some()).await;
    assert_eq!(dialog_headings(&host), ["11 jobs will be canceled", "1 job will not be canceled"]);
    let dialog = q(&host, "dialog").unwrap();
    assert!(
        text(&dialog).contains(&format!("batch job into bulkdlg_11 {}: Already completed", ids[11])),
        "{}",
        text(&dialog)
    );
    assert_eq!(text(&q(&dialog, "label[for=bulk-typed]").unwrap()), "Type 11 to confirm");
    let confirm = button(&dialog, "Cancel 11 jobs").unwrap();
    assert!(disabled(&confirm));
    type_into(&dialog, "#bulk-typed", "10");
    leptos::task::tick().await;
    assert!(disabled(&confirm), "the wrong count");
    type_into(&dialog, "#bulk-typed", "11");
    leptos::task::tick().await;
    assert!(!disabled(&confirm));
    click(&button(&dialog, "Keep jobs").unwrap());
    wait_for("the dialog closed", 10, || q(&host, "dialog.bulk-dialog").is_none()).await;
    for id in &ids {
        assert!(posts_to(id).await.is_empty(), "Keep jobs sent nothing");
    }

    // A filter change asks; the selection is kept or cleared as answered.
    click(&q(&host, "button.chip[data-value=batch]").unwrap());
    wait_for("the question", 10, || button(&host, "Keep selection").is_some()).await;
    click(&button(&host, "Keep selection").unwrap());
    wait_for("kept", 10, || button(&host, "Cancel selected").is_some()).await;
    assert_eq!(text(&q(&host, ".selection-bar .count").unwrap()), "12 selected");
    click(&q(&host, "button.chip[data-value=batch]").unwrap());
    wait_for("the question", 10, || button(&host, "Keep selection").is_some()).await;
    click(&button(&host, "Clear selection").unwrap());
    wait_for("no selection", 10, || q(&host, ".selection-bar").is_none()).await;
    assert!(qa(&host, "tbody input:checked").is_empty());
    clear_storage();
}

/// The job page's logs, filtered in the page by level, code and text; the specification of a
/// batch job readable and escaped.
#[wasm_bindgen_test]
async fn logs_filter_by_level_code_and_text_and_the_spec_is_readable() {
    let _page = exclusive().await;
    clear_storage();
    connect_as(KEY);
    let id = fresh_id(200);
    let entry = |ts: &str, status: &str, code: Option<&str>, message: &str| {
        let mut e = json!({"timestamp": ts, "healthStatus": status, "message": message});
        if let Some(c) = code {
            e["code"] = json!(c);
        }
        e
    };
    let body = json!({
        "job": {
            "id": id, "type": "batch", "target": {"type": "table", "tableName": "logs_<b>"},
            "source": {"type": "uploaded", "fileList": ["a<1>.json"]},
            "mappings": [{"columnName": "__time", "expression": "TIME_PARSE(\"ts\")"}],
            "maxParseExceptions": -1,
            "desiredExecutionStatus": "running", "executionStatus": "running", "health": {"status": "ok"},
            "createdBy": {"username": "t@example.com"}, "createdTimestamp": "2024-05-01T00:00:00Z",
            "lastModifiedBy": {"username": "t@example.com"}, "lastUpdatedTimestamp": "2024-05-01T00:00:00Z"
        },
        "logs": [
            entry("2024-05-01T00:01:00Z", "ok", None, "Started reading"),
            entry("2024-05-01T00:02:00Z", "warn", Some("invalid_rows_found"), "3 rows could not be parsed"),
            entry("2024-05-01T00:03:00Z", "error", Some("could_not_connect_to_source"), "Connection refused by <host>"),
            entry("2024-05-01T00:04:00Z", "ok", None, "Reading again"),
        ]
    });
    assert_eq!(sim_post("/__sim/jobs", body).await, 201);
    go_to(&format!("/projects/demo-project/jobs/{id}"));
    let (host, _m) = mount_app();
    wait_for("the logs", 10, || qa(&host, ".logs tbody tr").len() == 4).await;
    let rows =
        |host: &web_sys::Element| qa(host, ".logs tbody tr").iter().map(|r| text(&qa(r, "td")[3])).collect::<Vec<_>>();
    assert_eq!(
        rows(&host),
        ["Reading again", "Connection refused by <host>", "3 rows could not be parsed", "Started reading"]
    );
    let chip =
        |label: &str| qa(&host, ".log-filters button.chip").into_iter().find(|b| text(b).ends_with(label)).unwrap();
    click(&chip("Error"));
    click(&chip("Warn"));
    leptos::task::tick().await;
    assert_eq!(rows(&host), ["Connection refused by <host>", "3 rows could not be parsed"]);
    assert_eq!(chip("Warn").get_attribute("aria-pressed").as_deref(), Some("true"));
    assert!(text(&q(&host, ".log-filters").unwrap()).contains("2 of 4 entries"));
    click(&chip("Invalid rows found"));
    leptos::task::tick().await;
    assert_eq!(rows(&host), ["3 rows could not be parsed"]);
    click(&chip("Invalid rows found"));
    click(&chip("Error"));
    click(&chip("Warn"));
    type_into(&host, "#log-search", "READING");
    leptos::task::tick().await;
    assert_eq!(rows(&host), ["Reading again", "Started reading"]);

    // The specification: escaped values, a table of mappings, no limit.
    let spec = q(&host, ".spec").unwrap();
    assert!(q(&spec, "b").is_none(), "values are text, not markup");
    assert!(text(&spec).contains("logs_<b>") && text(&spec).contains("a<1>.json"), "{}", text(&spec));
    assert_eq!(qa(&spec, "table th").iter().map(text).collect::<Vec<_>>(), ["Column", "Expression"]);
    assert!(text(&spec).contains("No limit"));
    clear_storage();
}

/// The page's clock (`Date.now`) `days` ahead of the real one until dropped; dropped, even by a
/// failing test, it is the real one again.
struct ClockAhead {
    date: js_sys::Object,
    real_now: wasm_bindgen::JsValue,
}

impl ClockAhead {
    fn days(days: u32) -> ClockAhead {
        let w = web_sys::window().unwrap();
        let date: js_sys::Object = js_sys::Reflect::get(&w, &"Date".into()).unwrap().unchecked_into();
        let real_now = js_sys::Reflect::get(&date, &"now".into()).unwrap();
        let later = js_sys::Function::new_with_args("", &format!("return this.__real() + {days} * 86400000;"));
        js_sys::Reflect::set(&date, &"__real".into(), &real_now).unwrap();
        js_sys::Reflect::set(&date, &"now".into(), &later.bind0(&date)).unwrap();
        ClockAhead { date, real_now }
    }
}

impl Drop for ClockAhead {
    fn drop(&mut self) {
        let _ = js_sys::Reflect::set(&self.date, &"now".into(), &self.real_now);
    }
}

/// Relative times stay true on the job page: when the clock moves on, the notes of its moments
/// ("(2 min ago)") say so within the minute's tick, and nothing else in the page changes.
#[wasm_bindgen_test]
async fn relative_times_move_on_with_the_clock_and_nothing_else_does() {
    let _page = exclusive().await;
    clear_storage();
    connect_as(KEY);
    let id = fresh_id(300);
    insert_into(&id, "batch", "running", "tick_test").await;

    go_to(&format!("/projects/demo-project/jobs/{id}"));
    let (host, _m) = mount_app();
    wait_for("the job page", 10, || q(&host, ".metrics").is_some()).await;
    let notes = |host: &web_sys::Element| qa(host, ".rel").iter().map(text).collect::<Vec<_>>();
    let before = notes(&host);
    let watch = Watch::new(&host);
    // Three days on.
    let clock = ClockAhead::days(3);
    wait_for("the notes moved on", 5, || notes(&host) != before).await;
    let after = notes(&host);
    drop(clock);
    assert!(after.iter().any(|t| t.contains(" d ago")), "{before:?} -> {after:?}");
    assert_eq!(watch.records(), 0, "only the times' texts changed");
    clear_storage();
}

/// The list's relative times stay true too: when the clock moves on, the rows' times say so
/// within the minute's tick, and nothing else in the list changes (no row is built again).
#[wasm_bindgen_test]
async fn the_lists_relative_times_move_on_with_the_clock_and_nothing_else_does() {
    let _page = exclusive().await;
    clear_storage();
    connect_as(KEY);
    let table = format!("list_tick_{}", js_sys::Date::now() as u64);
    for n in 0..2 {
        insert_into(&fresh_id(310 + n), "batch", "running", &table).await;
    }

    go_to(&format!("/projects/demo-project/jobs?searchString={table}"));
    let (host, _m) = mount_app();
    wait_for("the two rows", 10, || row_ids(&host).len() == 2).await;
    let times = |host: &web_sys::Element| qa(host, "tbody time").iter().map(text).collect::<Vec<_>>();
    let (before, rows) = (times(&host), qa(&host, "tbody tr"));
    assert_eq!(before.len(), 4, "created and last updated of each row: {before:?}");
    let watch = Watch::new(&host);
    // 400 days on: the rows' times (of 2024) read more days ago than they did.
    let clock = ClockAhead::days(400);
    wait_for("the times moved on", 5, || times(&host) != before).await;
    let after = times(&host);
    drop(clock);
    let days = |t: &str| t.strip_suffix(" d ago").and_then(|d| d.parse::<u32>().ok());
    for (b, a) in before.iter().zip(&after) {
        assert_eq!(days(a), days(b).map(|d| d + 400), "{before:?} -> {after:?}");
    }
    assert!(qa(&host, "tbody tr").iter().zip(&rows).all(|(a, b)| a == b), "the rows are the same elements");
    assert_eq!(watch.records(), 0, "only the times' texts changed");
    clear_storage();
}

/// `ms` as the browser's own `Intl` writes it in its zone, in the console's form
/// (`2024-01-15 07:00:00 EST`): worked out here apart from the app's way.
fn local_exact(ms: f64) -> String {
    let f = js_sys::Function::new_with_args(
        "ms",
        "const p = {}; for (const x of new Intl.DateTimeFormat('en-CA', {year: 'numeric', month: '2-digit', \
         day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23'}).formatToParts(ms)) \
         p[x.type] = x.value; \
         const zone = new Intl.DateTimeFormat(undefined, {timeZoneName: 'short'}).formatToParts(ms).find((x) => x.type === 'timeZoneName').value; \
         return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second} ${zone}`;",
    );
    f.call1(&wasm_bindgen::JsValue::NULL, &ms.into()).unwrap().as_string().unwrap()
}

/// The pointer reaching `el` (a bubbling `pointerover`).
fn hover(el: &web_sys::Element) {
    let f = js_sys::Function::new_with_args("el", "el.dispatchEvent(new Event('pointerover', {bubbles: true}))");
    f.call1(&wasm_bindgen::JsValue::NULL, el).unwrap();
}

/// "Times" in the header: UTC by default; "Local" writes every exact time of the page (the
/// timestamps card, the logs, a delete job's intervals, a row's tooltip) in the browser's zone
/// with its short name, keeps the `datetime` attributes exact, and is remembered on the device.
#[wasm_bindgen_test]
async fn times_switch_between_utc_and_the_browsers_zone_and_are_remembered() {
    let _page = exclusive().await;
    clear_storage();
    connect_as(KEY);
    let id = fresh_id(320);
    let job = json!({"job": {
        "id": id, "type": "delete_data", "target": {"type": "table", "tableName": "zone_table",
            "intervals": ["2024-07-01T00:00:00Z/2024-07-02T00:00:00Z"]},
        "desiredExecutionStatus": "running", "executionStatus": "completed", "health": {"status": "ok"},
        "createdBy": {"username": "t@example.com"}, "createdTimestamp": "2024-01-15T12:00:00Z",
        "lastModifiedBy": {"username": "t@example.com"}, "lastUpdatedTimestamp": "2024-01-15T12:30:00Z"
    }, "logs": [{"timestamp": "2024-01-15T12:10:00Z", "healthStatus": "ok", "message": "deleted"}]});
    assert_eq!(sim_post("/__sim/jobs", job).await, 201);
    let (jan, log, jul) = (1_705_320_000_000.0, 1_705_320_600_000.0, 1_719_792_000_000.0);

    go_to(&format!("/projects/demo-project/jobs/{id}"));
    let (host, m) = mount_app();
    wait_for("the job page", 10, || q(&host, ".spec").is_some() && q(&host, ".logs time").is_some()).await;
    let group = q(&host, "header [role=group][aria-labelledby=times-label]").expect("the Times switch");
    assert_eq!(text(&q(&host, "#times-label").unwrap()), "Times");
    let pressed = |name: &str| {
        qa(&group, "button").into_iter().find(|b| text(b) == name).and_then(|b| b.get_attribute("aria-pressed"))
    };
    assert_eq!((pressed("UTC").as_deref(), pressed("Local").as_deref()), (Some("true"), Some("false")));
    let page = text(&host);
    for utc in ["2024-01-15 12:00:00 UTC", "2024-01-15 12:10:00 UTC", "2024-07-01 00:00:00 UTC"] {
        assert!(page.contains(utc), "{utc} in {page}");
    }

    click(&qa(&group, "button").into_iter().find(|b| text(b) == "Local").unwrap());
    let local = [local_exact(jan), local_exact(log), local_exact(jul), local_exact(jul + 86_400_000.0)];
    // `cargo xtask test` runs the browsers in New York's zone: local times differ from UTC ones.
    assert!(!local[0].ends_with(" UTC"), "the browser's zone is not UTC: {local:?}");
    wait_for("the times in the browser's zone", 5, || {
        let page = text(&host);
        local.iter().all(|t| page.contains(t.as_str()))
    })
    .await;
    assert_eq!((pressed("UTC").as_deref(), pressed("Local").as_deref()), (Some("false"), Some("true")));
    let datetimes: Vec<String> =
        qa(&host, ".job-page time").iter().filter_map(|t| t.get_attribute("datetime")).collect();
    for exact in ["2024-01-15T12:00:00Z", "2024-01-15T12:10:00Z", "2024-07-01T00:00:00Z"] {
        assert!(datetimes.iter().any(|d| d == exact), "datetime stays exact: {datetimes:?}");
    }
    let stored = web_sys::window().unwrap().local_storage().unwrap().unwrap().get_item("pjc.times").unwrap();
    assert_eq!(stored.as_deref(), Some("local"));

    // The job's table links to the list of that table's jobs, its filter shown as a pill.
    let table_link = q(&host, ".job-head a").expect("the table's link");
    assert_eq!(
        table_link.get_attribute("href").as_deref(),
        Some("/projects/demo-project/jobs?targetTableName=zone_table")
    );
    click(&table_link);
    wait_for("the table's jobs", 10, || {
        location_path() == "/projects/demo-project/jobs?targetTableName=zone_table"
            && qa(&host, ".pills [role=listitem] > span").iter().any(|p| text(p) == "Table: zone_table")
    })
    .await;

    // Remembered: the list opened afresh writes a row's tooltip in the browser's zone.
    drop(m);
    go_to(&format!("/projects/demo-project/jobs?searchString={id}"));
    let (host, _m) = mount_app();
    wait_for("the row", 10, || row_ids(&host).len() == 1).await;
    let group = q(&host, "header [role=group]").unwrap();
    let local_button = qa(&group, "button").into_iter().find(|b| text(b) == "Local").unwrap();
    assert_eq!(local_button.get_attribute("aria-pressed").as_deref(), Some("true"));
    let created = q(&host, "tbody time[datetime='2024-01-15T12:00:00Z']").unwrap();
    hover(&created);
    assert_eq!(created.get_attribute("title"), Some(local_exact(jan)));
    // Back to UTC: the tooltip follows.
    click(&qa(&group, "button").into_iter().find(|b| text(b) == "UTC").unwrap());
    hover(&created);
    assert_eq!(created.get_attribute("title").as_deref(), Some("2024-01-15 12:00:00 UTC"));
    clear_storage();
}

/// The job page keeps each reading's totals and draws throughput from them: the chart's summary
/// says the rate in words, and the arrow keys read each stretch out.
#[wasm_bindgen_test]
async fn the_throughput_chart_says_its_rate_in_words_and_reads_out_each_stretch() {
    let _page = exclusive().await;
    clear_storage();
    connect_as(KEY);
    let id = fresh_id(330);
    let job = |processed: u64, errors: u64| {
        json!({"job": {
            "id": id, "type": "streaming", "target": {"type": "table", "tableName": "rate_table"},
            "desiredExecutionStatus": "running", "executionStatus": "running", "health": {"status": "ok"},
            "createdBy": {"username": "t@example.com"}, "createdTimestamp": "2024-05-01T00:00:00Z",
            "lastModifiedBy": {"username": "t@example.com"}, "lastUpdatedTimestamp": "2024-05-01T00:00:00Z"
        }, "metrics": {"numRowsProcessed": processed, "numRowsSkippedByError": errors}})
    };
    assert_eq!(sim_post("/__sim/jobs", job(1000, 0)).await, 201);
    go_to(&format!("/projects/demo-project/jobs/{id}"));
    let (host, _m) = mount_app();
    let watch = Watch::new(&host);
    let summary = |host: &web_sys::Element| q(host, "#throughput-summary").map(|p| text(&p)).unwrap_or_default();
    wait_for("the first reading", 10, || summary(&host).contains("next reading") && watch.settled.get() >= 1).await;
    assert!(q(&host, ".throughput .chart-box[hidden]").is_some(), "no chart before a second reading");
    // A second of the page's clock between the readings, without waiting it.
    let clock = FakeClock::new();
    clock.advance(1_000.0);
    assert_eq!(sim_post("/__sim/jobs", job(6000, 2)).await, 201);
    click(&button(&host, "Refresh").unwrap());
    wait_for("the summary", 10, || summary(&host).starts_with("About ")).await;
    let says = summary(&host);
    // 5,000 rows in the second (and the few milliseconds the test took) between the readings.
    let rate: u64 = says["About ".len()..says.find(" rows/s").unwrap()].replace(',', "").parse().unwrap();
    assert!((4000..=5000).contains(&rate), "{says}");
    assert!(says.contains(" rows/s over the last 1 second; 2 errors"), "{says}");
    let chart = q(&host, ".throughput .chart[role=group][aria-describedby=throughput-summary]").expect("the chart");
    assert!(chart.get_attribute("aria-label").unwrap().contains("arrow keys"));
    assert_eq!(qa(&chart, "polyline").len(), 2, "rows and errors");
    // The keyboard reads the stretch out, and the cursor stands on it.
    chart.unchecked_ref::<web_sys::HtmlElement>().focus().unwrap();
    let key = js_sys::Function::new_with_args(
        "el",
        "el.dispatchEvent(new KeyboardEvent('keydown', {key: 'End', bubbles: true}))",
    );
    key.call1(&wasm_bindgen::JsValue::NULL, &chart).unwrap();
    let readout = text(&q(&host, ".chart-readout").unwrap());
    assert!(readout.contains(" rows/s, 1 errors/s (over 1."), "{readout}");
    assert!(readout.contains(" UTC: "), "the time of the reading, in the zone chosen: {readout}");
    let cursor = q(&chart, ".chart-cursor").expect("the cursor");
    // The one stretch spans the chart: the cursor stands in its middle.
    assert_eq!(cursor.get_attribute("x1").as_deref(), Some("500"));
    // Leaving the chart takes the cursor away and empties the readout.
    chart.unchecked_ref::<web_sys::HtmlElement>().blur().unwrap();
    assert!(q(&chart, ".chart-cursor").is_none());
    assert_eq!(text(&q(&host, ".chart-readout").unwrap()), "");
    clear_storage();
}

/// A job page's connection links to the list of the jobs reading from it, its filter shown as a
/// pill.
#[wasm_bindgen_test]
async fn a_job_pages_connection_filters_the_list_by_it() {
    let _page = exclusive().await;
    clear_storage();
    connect_as(KEY);
    let id = fresh_id(321);
    let job = json!({"job": {
        "id": id, "type": "streaming", "target": {"type": "table", "tableName": "clicks_stream"},
        "source": {"type": "connection", "connectionName": "kafka link"},
        "desiredExecutionStatus": "running", "executionStatus": "running", "health": {"status": "ok"},
        "createdBy": {"username": "t@example.com"}, "createdTimestamp": "2024-01-15T12:00:00Z",
        "lastModifiedBy": {"username": "t@example.com"}, "lastUpdatedTimestamp": "2024-01-15T12:30:00Z"
    }});
    assert_eq!(sim_post("/__sim/jobs", job).await, 201);
    go_to(&format!("/projects/demo-project/jobs/{id}"));
    let (host, _m) = mount_app();
    wait_for("the status card", 10, || q(&host, "#status-heading").is_some()).await;
    let source = qa(&host, ".pair").into_iter().find(|p| q(p, "dt").is_some_and(|d| text(&d) == "Source")).unwrap();
    assert_eq!(text(&q(&source, "dd").unwrap()).trim(), "connection kafka link");
    let link = q(&source, "dd a").expect("the connection's link");
    assert_eq!(text(&link), "kafka link");
    assert_eq!(link.get_attribute("href").as_deref(), Some("/projects/demo-project/jobs?connectionName=kafka%20link"));
    click(&link);
    wait_for("the connection's jobs", 10, || {
        location_path() == "/projects/demo-project/jobs?connectionName=kafka%20link"
            && qa(&host, ".pills [role=listitem] > span").iter().any(|p| text(p) == "Connection: kafka link")
    })
    .await;
    wait_for("its job listed", 10, || q(&host, &format!("tr[data-job-id='{id}']")).is_some()).await;
    clear_storage();
}

/// No filter narrows the list unseen: a link's `targetTableName` and `connectionName` show as
/// pills (and are what the API is asked for); a pill's button removes its filter, the others
/// stay.
#[wasm_bindgen_test]
async fn every_filter_of_the_url_shows_as_a_pill_and_each_pill_removes_its_filter() {
    let _page = exclusive().await;
    clear_storage();
    connect_as(KEY);
    let table = format!("pill_table_{}", js_sys::Date::now() as u64);
    go_to(&format!("/projects/demo-project/jobs?connectionName=kafka-pills&targetTableName={table}&healthStatus=ok"));
    let (host, _m) = mount_app();
    let pills =
        |host: &web_sys::Element| qa(host, ".pills [role=listitem] > span").iter().map(text).collect::<Vec<_>>();
    wait_for("the pills", 10, || pills(&host).len() == 3).await;
    assert_eq!(pills(&host), ["Health: OK", "Connection: kafka-pills", format!("Table: {table}").as_str()]);
    assert_eq!(q(&host, ".pills").unwrap().get_attribute("aria-label").as_deref(), Some("Active filters"));
    // What the API was asked.
    let asked = sim_get("/__sim/requests?method=GET&pathPrefix=/v1/projects/demo-project/jobs").await;
    let asked = asked["requests"].as_array().unwrap();
    assert!(
        asked.iter().any(|r| r["query"].as_str().is_some_and(
            |q| q.contains("connectionName=kafka-pills") && q.contains(&format!("targetTableName={table}"))
        )),
        "{asked:?}"
    );
    // The table's pill removed: the other two stay, in the URL too.
    let remove =
        q(&host, &format!(".pills button[aria-label='Remove filter Table: {table}']")).expect("the pill's button");
    click(&remove);
    wait_for("the table's pill gone", 10, || pills(&host).len() == 2).await;
    assert_eq!(pills(&host), ["Health: OK", "Connection: kafka-pills"]);
    let search = web_sys::window().unwrap().location().search().unwrap();
    assert!(!search.contains("targetTableName") && search.contains("connectionName=kafka-pills"), "{search}");
    // The keyboard's focus stays among the pills: on the one that took the removed one's place
    // (the last here), then on the search once none is left.
    let focused = || document().active_element().and_then(|e| e.get_attribute("aria-label")).unwrap_or_default();
    wait_for("the focus on the last pill", 5, || focused() == "Remove filter Connection: kafka-pills").await;
    click(&q(&host, ".pills button[aria-label='Remove filter Health: OK']").unwrap());
    wait_for("one pill", 10, || pills(&host).len() == 1).await;
    wait_for("the focus on the remaining pill", 5, || focused() == "Remove filter Connection: kafka-pills").await;
    click(&q(&host, ".pills button").unwrap());
    wait_for("no pill", 10, || pills(&host).is_empty()).await;
    wait_for("the focus on the search", 5, || document().active_element().is_some_and(|e| e.id() == "search")).await;
    clear_storage();
}

/// A `keydown` of `key` on `target`, as the keyboard sends it (bubbling, cancelable).
fn press(target: &web_sys::EventTarget, key: &str) -> bool {
    let init = web_sys::KeyboardEventInit::new();
    init.set_key(key);
    init.set_bubbles(true);
    init.set_cancelable(true);
    let ev = web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    target.dispatch_event(&ev).unwrap()
}

fn focused_job() -> Option<String> {
    document()
        .active_element()
        .and_then(|a| a.closest("tr[data-job-id]").ok().flatten())
        .and_then(|r| r.get_attribute("data-job-id"))
}

/// The Table and Connection fields suggest the names of the jobs loaded, and a value applies on
/// Enter (a pill, the URL, the request); connections add up.
#[wasm_bindgen_test]
async fn the_table_and_connection_fields_suggest_loaded_names_and_apply_on_enter() {
    let _page = exclusive().await;
    clear_storage();
    connect_as(KEY);
    go_to("/projects/demo-project/jobs?type=streaming");
    let (host, _m) = mount_app();
    wait_for("rows", 10, || !qa(&host, "tbody tr[data-job-id]").is_empty()).await;
    wait_for("the fields", 10, || q(&host, "#table-filter").is_some() && q(&host, "#connection-filter").is_some())
        .await;
    assert_eq!(text(&q(&host, "label[for=table-filter]").unwrap()), "Table");
    assert_eq!(text(&q(&host, "label[for=connection-filter]").unwrap()), "Connection");
    // Every table and connection on screen is suggested.
    let options = |id: &str| {
        qa(&host, &format!("#{id} option")).iter().filter_map(|o| o.get_attribute("value")).collect::<Vec<_>>()
    };
    let tables: Vec<String> = qa(&host, "tbody a.fl[data-k=targetTableName]").iter().map(text).collect();
    let connections: Vec<String> = qa(&host, "tbody a.fl[data-k=connectionName]").iter().map(text).collect();
    assert!(!tables.is_empty() && !connections.is_empty());
    wait_for("the suggestions", 10, || tables.iter().all(|t| options("table-suggestions").contains(t))).await;
    assert!(
        connections.iter().all(|c| options("connection-suggestions").contains(c)),
        "{:?}",
        options("connection-suggestions")
    );
    assert_eq!(q(&host, "#table-filter").unwrap().get_attribute("list").as_deref(), Some("table-suggestions"));

    // A key other than Enter does nothing; Enter applies.
    let field: web_sys::HtmlInputElement = q(&host, "#table-filter").unwrap().unchecked_into();
    field.set_value(&tables[0]);
    press(&field, "a");
    assert!(!location_path().contains("targetTableName"));
    press(&field, "Enter");
    let pills = || qa(&host, ".pills [role=listitem] > span").iter().map(text).collect::<Vec<_>>();
    wait_for("the table's pill", 10, || pills().contains(&format!("Table: {}", tables[0]))).await;
    assert!(location_path().contains(&format!("targetTableName={}", tables[0])), "{}", location_path());
    assert_eq!(field.value(), "", "the field is ready for the next value");
    // Two connections: both pills, both parameters (OR).
    let field: web_sys::HtmlInputElement = q(&host, "#connection-filter").unwrap().unchecked_into();
    for c in ["conn_one", "conn two"] {
        field.set_value(c);
        press(&field, "Enter");
        wait_for("the connection's pill", 10, || pills().contains(&format!("Connection: {c}"))).await;
    }
    assert!(location_path().contains("connectionName=conn_one&connectionName=conn%20two"), "{}", location_path());
    clear_storage();
}

/// The keyboard: `/`, `j`/`k`, `x`, `r`, `?`; none of them while typing in a field, and the
/// focused row keeps the focus when a refresh replaces it.
#[wasm_bindgen_test]
async fn shortcuts_move_through_rows_and_never_fire_while_typing() {
    let _page = exclusive().await;
    clear_storage();
    connect_as(KEY);
    go_to("/projects/demo-project/jobs?paginationLimit=25");
    let (host, _m) = mount_app();
    wait_for("rows", 10, || qa(&host, "tbody tr[data-job-id]").len() > 3).await;
    wait_for("the footer's link", 10, || q(&host, "footer a").is_some_and(|a| text(&a) == "Keyboard shortcuts")).await;
    let rows: Vec<String> =
        qa(&host, "tbody tr[data-job-id]").iter().filter_map(|r| r.get_attribute("data-job-id")).collect();
    let body: web_sys::EventTarget = document().body().unwrap().into();
    // The first shortcut key asks for the shortcuts' code (in this build, there at once), kept
    // until it is in, and done then.
    assert!(!press(&body, "j"), "a shortcut key is not the page's");
    wait_for("j moves to the first row", 10, || focused_job().is_some()).await;
    assert_eq!(focused_job().as_deref(), Some(rows[0].as_str()));
    let active = || document().active_element().unwrap();
    press(&active(), "j");
    press(&active(), "j");
    assert_eq!(focused_job().as_deref(), Some(rows[2].as_str()));
    press(&active(), "k");
    assert_eq!(focused_job().as_deref(), Some(rows[1].as_str()));
    assert!(active().matches("a.job-link").unwrap(), "the row's link has the focus (Enter opens it)");
    // x checks the focused row's box.
    press(&active(), "x");
    let boxed: web_sys::HtmlInputElement =
        q(&host, &format!("tr[data-job-id='{}'] input[type=checkbox]", rows[1])).unwrap().unchecked_into();
    wait_for("the row selected", 10, || boxed.checked()).await;
    wait_for("the selection bar", 10, || q(&host, ".selection-bar").is_some()).await;
    click(&button(&host, "Clear selection").unwrap());

    // `/` focuses the search; typed there, j and ? are letters, not shortcuts.
    press(&active(), "/");
    assert_eq!(active().id(), "search");
    assert!(press(&active(), "j"), "not taken: the field gets it");
    assert!(press(&active(), "?"));
    assert_eq!(active().id(), "search");
    assert!(q(&host, "dialog.shortcuts").is_none());
    for id in ["table-filter", "sort-by"] {
        let field: web_sys::HtmlElement = q(&host, &format!("#{id}")).unwrap().unchecked_into();
        field.focus().unwrap();
        press(&field, "k");
        press(&field, "r");
        assert_eq!(active().id(), id);
    }

    // r refreshes: the list's request is sent again.
    let asked = || async {
        sim_get("/__sim/requests?method=GET&pathPrefix=/v1/projects/demo-project/jobs").await["requests"]
            .as_array()
            .unwrap()
            .len()
    };
    let before = asked().await;
    press(&body, "r");
    let mut more = false;
    for _ in 0..100 {
        if asked().await > before {
            more = true;
            break;
        }
        sleep(50).await;
    }
    assert!(more, "r sent the list's request again");

    // ? lists every shortcut; the footer's link too.
    press(&body, "?");
    wait_for("the dialog", 10, || q(&host, "dialog.shortcuts").is_some_and(|d| d.has_attribute("open"))).await;
    let dialog = q(&host, "dialog.shortcuts").unwrap();
    assert_eq!(text(&q(&dialog, "h2").unwrap()), "Keyboard shortcuts");
    for key in ["/", "j", "k", "Enter", "x", "r", "g", "l", "Esc", "?"] {
        assert!(qa(&dialog, "kbd").iter().any(|k| text(k) == key), "the dialog lists {key}");
    }
    click(&button(&dialog, "Close").unwrap());
    wait_for("closed", 10, || q(&host, "dialog.shortcuts").is_none()).await;
    click(&q(&host, "footer a").unwrap());
    wait_for("the dialog again", 10, || q(&host, "dialog.shortcuts").is_some()).await;
    click(&button(&q(&host, "dialog.shortcuts").unwrap(), "Close").unwrap());
    wait_for("closed again", 10, || q(&host, "dialog.shortcuts").is_none()).await;
    clear_storage();
}

/// The headers of the columns the API sorts by sort the list, and say so with `aria-sort`.
#[wasm_bindgen_test]
async fn sortable_headers_sort_and_say_how() {
    let _page = exclusive().await;
    clear_storage();
    connect_as(KEY);
    go_to("/projects/demo-project/jobs");
    let (host, _m) = mount_app();
    wait_for("rows", 10, || !qa(&host, "tbody tr[data-job-id]").is_empty()).await;
    let sorted = || {
        qa(&host, "thead th[aria-sort]")
            .iter()
            .map(|t| (text(t), t.get_attribute("aria-sort").unwrap()))
            .collect::<Vec<_>>()
    };
    wait_for("the default sort marked", 10, || sorted() == [("Last updated".to_owned(), "descending".to_owned())])
        .await;
    let buttons: Vec<String> = qa(&host, "thead th button").iter().map(text).collect();
    assert_eq!(buttons, ["Type", "Target table", "Source", "Status", "Created by", "Created", "Last updated"]);
    assert!(qa(&host, "thead th").iter().any(|t| text(t) == "Health" && q(t, "button").is_none()));
    click(&button(&host, "Target table").unwrap());
    wait_for("sorted by table, A to Z", 10, || sorted() == [("Target table".to_owned(), "ascending".to_owned())]).await;
    assert!(location_path().contains("sortColumn=target_table_name&sortOrder=ASC"), "{}", location_path());
    wait_for("the sort select follows", 10, || {
        q(&host, "#sort-by").map(|s| s.unchecked_into::<web_sys::HtmlSelectElement>().value()).as_deref()
            == Some("target_table_name")
    })
    .await;
    click(&button(&host, "Target table").unwrap());
    wait_for("Z to A", 10, || sorted() == [("Target table".to_owned(), "descending".to_owned())]).await;
    assert!(
        location_path().contains("sortColumn=target_table_name") && !location_path().contains("sortOrder"),
        "{}",
        location_path()
    );
    clear_storage();
}

/// Saved views: "Save view" asks for a name in the page's dialog, the view's link brings the
/// view back, Rename and Delete work on it; stored under one key, per project, without the
/// credential.
#[wasm_bindgen_test]
async fn views_are_saved_renamed_and_deleted() {
    let _page = exclusive().await;
    clear_storage();
    connect_as(KEY);
    go_to("/projects/demo-project/jobs?healthStatus=error&sortColumn=type&sortOrder=ASC&paginationLimit=25");
    let (host, _m) = mount_app();
    wait_for("the views", 10, || button(&host, "Save view").is_some()).await;
    click(&button(&host, "Save view").unwrap());
    wait_for("the name dialog", 10, || q(&host, "dialog").is_some_and(|d| d.has_attribute("open"))).await;
    assert_eq!(text(&q(&host, "label[for=view-name]").unwrap()), "View name");
    // No name: said, nothing saved.
    click(&button(&q(&host, "dialog").unwrap(), "Save").unwrap());
    wait_for("the problem", 5, || text(&q(&host, "#view-name-problem").unwrap()) == "Enter a name for the view.").await;
    type_into(&host, "#view-name", "Errors by type");
    click(&button(&q(&host, "dialog").unwrap(), "Save").unwrap());
    wait_for("the link", 10, || qa(&host, "nav.views a").iter().any(|a| text(a) == "Errors by type")).await;
    assert!(q(&host, "dialog").is_none());
    let link = q(&host, "nav.views a").unwrap();
    assert_eq!(link.get_attribute("aria-current").as_deref(), Some("page"));
    assert_eq!(
        link.get_attribute("href").as_deref(),
        Some("/projects/demo-project/jobs?healthStatus=error&sortColumn=type&sortOrder=ASC&paginationLimit=25")
    );
    let stored = web_sys::window().unwrap().local_storage().unwrap().unwrap().get_item("pjc.views").unwrap().unwrap();
    assert!(
        stored.contains("\"demo-project\"") && stored.contains("Errors by type") && !stored.contains(KEY),
        "{stored}"
    );
    // Renamed.
    click(&q(&host, "nav.views button[aria-label='Rename view Errors by type']").unwrap());
    wait_for("the rename dialog", 10, || q(&host, "dialog h2").is_some_and(|h| text(&h) == "Rename view")).await;
    type_into(&host, "#view-name", "Errors");
    click(&button(&q(&host, "dialog").unwrap(), "Save").unwrap());
    wait_for("renamed", 10, || qa(&host, "nav.views a").iter().map(text).collect::<Vec<_>>() == ["Errors"]).await;
    // Another view; the first link brings its view back.
    click(&q(&host, ".pills button").unwrap());
    wait_for("another view", 10, || !location_path().contains("healthStatus")).await;
    wait_for("not current", 10, || q(&host, "nav.views a").unwrap().get_attribute("aria-current").is_none()).await;
    click(&q(&host, "nav.views a").unwrap());
    wait_for("the view back", 10, || location_path().contains("healthStatus=error&sortColumn=type")).await;
    // Deleted, after a confirmation.
    click(&q(&host, "nav.views button[aria-label='Delete view Errors']").unwrap());
    wait_for("the confirmation", 10, || q(&host, "dialog h2").is_some_and(|h| text(&h) == "Delete view Errors?")).await;
    click(&button(&q(&host, "dialog").unwrap(), "Delete view").unwrap());
    wait_for("gone", 10, || qa(&host, "nav.views a").is_empty()).await;
    clear_storage();
}

/// Columns and Compact rows: shown or hidden on the root element, remembered on this device.
#[wasm_bindgen_test]
async fn columns_and_compact_rows_are_chosen_and_remembered() {
    let _page = exclusive().await;
    clear_storage();
    connect_as(KEY);
    go_to("/projects/demo-project/jobs");
    let (host, _m) = mount_app();
    wait_for("the menu", 10, || q(&host, "details.menu summary").is_some_and(|s| text(&s) == "Columns")).await;
    let root = document().document_element().unwrap();
    let boxes = qa(&host, "details.menu input[type=checkbox]");
    let labels: Vec<String> = qa(&host, "details.menu label").iter().map(|l| text(l).trim().to_owned()).collect();
    assert_eq!(labels, ["Created by", "Source", "Created", "Last updated", "Duration"]);
    click(&boxes[0]);
    wait_for("Created by hidden", 5, || {
        root.get_attribute("data-hide").is_some_and(|h| h.split(' ').any(|x| x == "by"))
    })
    .await;
    let stored = web_sys::window().unwrap().local_storage().unwrap().unwrap().get_item("pjc.columns").unwrap();
    assert!(stored.is_some_and(|s| s.contains("by")));
    click(&button(&host, "Compact rows").unwrap());
    wait_for("compact", 5, || root.has_attribute("data-compact")).await;
    wait_for("pressed", 5, || {
        button(&host, "Compact rows").unwrap().get_attribute("aria-pressed").as_deref() == Some("true")
    })
    .await;
    click(&button(&host, "Compact rows").unwrap());
    click(&boxes[0]);
    wait_for("back", 5, || {
        !root.has_attribute("data-compact") && !root.get_attribute("data-hide").unwrap_or_default().contains("by")
    })
    .await;
    clear_storage();
}

/// The Tables board: a row per target table with its state in words; an expectation re-judges
/// its table at once and is remembered on this device; the table links to its jobs, the strip
/// to each job, "running" to the table's pending and running jobs.
#[wasm_bindgen_test]
async fn the_tables_board_judges_each_table_and_remembers_expectations() {
    let _page = exclusive().await;
    clear_storage();
    connect_as(KEY);
    let now = js_sys::Date::now() as i64;
    let at = |hours_ago: i64| jobs_api::time::format_rfc3339_millis(now - hours_ago * 3_600_000);
    let tag = format!("board{}", now % 1_000_000_000);
    let job = |n: u32, kind: &str, status: &str, health: Value, table: &str, hours_ago: i64| {
        let mut j = json!({"job": {
            "id": fresh_id(500 + n), "type": kind, "target": {"type": "table", "tableName": format!("{tag}_{table}")},
            "desiredExecutionStatus": "running", "executionStatus": status, "health": health,
            "createdBy": {"username": "t@example.com"}, "createdTimestamp": at(hours_ago + 1),
            "lastModifiedBy": {"username": "t@example.com"}, "lastUpdatedTimestamp": at(hours_ago)
        }});
        if matches!(status, "completed" | "failed") {
            j["job"]["completedTimestamp"] = json!(at(hours_ago));
        }
        j
    };
    let failure = json!({"status": "error", "code": "unable_to_proceed", "message": "bad file"});
    for j in [
        job(1, "batch", "completed", json!({"status": "ok"}), "loaded", 3),
        job(2, "batch", "completed", json!({"status": "ok"}), "failing", 5),
        job(3, "batch", "failed", failure.clone(), "failing", 3),
        job(4, "sql", "failed", failure, "failing", 2),
        job(5, "streaming", "running", json!({"status": "ok"}), "live", 1),
        job(6, "delete_data", "completed", json!({"status": "ok"}), "deletes", 1),
    ] {
        assert_eq!(sim_post("/__sim/jobs", j).await, 201);
    }
    go_to(&format!("/projects/demo-project/tables?find={tag}"));
    let (host, m) = mount_app();
    wait_for("the board", 10, || qa(&host, "table.board tbody tr").len() == 4).await;
    assert_eq!(text(&q(&host, "h1").unwrap()), "Tables");
    let row = |host: &web_sys::Element, table: &str| {
        qa(host, "table.board tbody tr")
            .into_iter()
            .find(|r| q(r, "th").is_some_and(|th| text(&th) == format!("{tag}_{table}")))
            .unwrap_or_else(|| panic!("no row for {table}"))
    };
    let state = |host: &web_sys::Element, table: &str| text(&qa(&row(host, table), "td")[0]);
    // Problems first, then by name.
    let order: Vec<String> = qa(&host, "table.board tbody th").iter().map(text).collect();
    assert_eq!(
        order,
        [format!("{tag}_failing"), format!("{tag}_deletes"), format!("{tag}_live"), format!("{tag}_loaded")]
    );
    assert!(state(&host, "failing").ends_with("Failing"), "{}", state(&host, "failing"));
    assert!(state(&host, "live").ends_with("Live"));
    assert!(state(&host, "loaded").ends_with("Loaded"));
    assert!(state(&host, "deletes").ends_with("Never loaded"));
    let problem = text(&qa(&row(&host, "failing"), "td")[4]);
    assert!(problem.contains("unable_to_proceed: bad file") && problem.contains("(2 failed in a row)"), "{problem}");
    assert_eq!(text(&qa(&row(&host, "live"), "td")[1]), "Streaming now");
    assert_eq!(text(&qa(&row(&host, "live"), "td")[5]), "1 running");
    let strip = qa(&row(&host, "failing"), ".strip a");
    // Each shows its status's symbol (drawn by the style sheet, not read out).
    let symbols: Vec<String> = strip
        .iter()
        .map(|a| {
            let style = web_sys::window().unwrap().get_computed_style_with_pseudo_elt(a, "::before").unwrap().unwrap();
            style.get_property_value("content").unwrap()
        })
        .collect();
    assert!(
        symbols[0].starts_with("\"✓\"") && symbols[1].starts_with("\"✕\"") && symbols[2].starts_with("\"✕\""),
        "{symbols:?}"
    );
    // Each named in words (its hidden text): the kind, the status, how long ago.
    let name = text(&q(&strip[1], ".sr-only").unwrap());
    assert_eq!(name, "batch job, failed, 3 h ago");
    assert_eq!(text(&q(&strip[2], ".sr-only").unwrap()), "sql job, failed, 2 h ago");
    // Under the pointer, the same words as its tooltip.
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    strip[1].dispatch_event(&web_sys::Event::new_with_event_init_dict("mouseover", &init).unwrap()).unwrap();
    assert_eq!(strip[1].get_attribute("title").as_deref(), Some("batch job, failed, 3 h ago"));
    assert!(strip[2].get_attribute("href").unwrap().starts_with("/projects/demo-project/jobs/"));
    let link = q(&row(&host, "loaded"), "th a").unwrap().get_attribute("href").unwrap();
    assert_eq!(link, format!("/projects/demo-project/jobs?targetTableName={tag}_loaded"));
    assert!(text(&host).contains("4 tables: 1 failing, 1 never loaded, 1 live, 1 loaded"), "{}", text(&host));
    // An hour's expectation for a table loaded 3 h ago: Stale at once, and after a reload.
    let select: web_sys::HtmlSelectElement = q(&row(&host, "loaded"), "select").unwrap().unchecked_into();
    assert_eq!(select.get_attribute("aria-label").unwrap(), format!("Expect new data into {tag}_loaded every"));
    select.set_value("60");
    // As a person's choice does: a change event that bubbles.
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    select.dispatch_event(&web_sys::Event::new_with_event_init_dict("change", &init).unwrap()).unwrap();
    wait_for("Stale", 5, || state(&host, "loaded").ends_with("Stale")).await;
    assert!(web_sys::window()
        .unwrap()
        .local_storage()
        .unwrap()
        .unwrap()
        .get_item("pjc.expectations")
        .unwrap()
        .unwrap()
        .contains(&format!("\"{tag}_loaded\":60")));
    drop(m);
    let (host, _m) = mount_app();
    wait_for("the board again", 10, || qa(&host, "table.board tbody tr").len() == 4).await;
    assert!(state(&host, "loaded").ends_with("Stale"));
    clear_storage();
}

/// The board refreshes on the app's auto-refresh interval; a refresh that finds nothing new for
/// the tables shown changes nothing in the DOM.
#[wasm_bindgen_test]
async fn a_board_refresh_that_changed_nothing_changes_nothing_in_the_dom() {
    let _page = exclusive().await;
    clear_storage();
    connect_as(KEY);
    web_sys::window().unwrap().local_storage().unwrap().unwrap().set_item("pjc.autoRefresh", "5").unwrap();
    let now = js_sys::Date::now() as i64;
    let tag = format!("still{}", now % 1_000_000_000);
    let job = json!({"job": {
        "id": fresh_id(540), "type": "batch", "target": {"type": "table", "tableName": format!("{tag}_t")},
        "desiredExecutionStatus": "running", "executionStatus": "completed", "health": {"status": "ok"},
        "createdBy": {"username": "t@example.com"}, "createdTimestamp": "2024-05-01T00:00:00Z",
        "lastModifiedBy": {"username": "t@example.com"}, "lastUpdatedTimestamp": "2024-05-01T00:10:00Z",
        "completedTimestamp": "2024-05-01T00:10:00Z"
    }});
    assert_eq!(sim_post("/__sim/jobs", job).await, 201);
    go_to(&format!("/projects/demo-project/tables?find={tag}"));
    let (host, _m) = mount_app();
    let watch = Watch::new(&host);
    wait_for("the board", 10, || qa(&host, "table.board tbody tr").len() == 1).await;
    wait_for("the first reading to settle", 10, || watch.settled.get() >= 1).await;
    assert_eq!(two_more_readings(&watch).await, 0, "DOM mutation records after unchanged readings");
    drop(watch);
    clear_storage();
}

/// The board's errors are the list's: a 503 in words, then the board once the retry answers; a
/// rejected key back to connect with the board's URL kept.
#[wasm_bindgen_test]
async fn the_board_explains_errors_as_the_list_does() {
    let _page = exclusive().await;
    clear_storage();
    connect_as(KEY);
    let fault = json!({"pathPrefix": "/v1/projects/demo-project/jobs", "status": 503, "retryAfter": 1, "count": 1});
    assert_eq!(sim_post("/__sim/faults", fault).await, 201);
    go_to("/projects/demo-project/tables?sort=table");
    let (host, m) = mount_app();
    alert_says(&host, "maintenance", 10).await;
    wait_for("the board after the retry", 15, || {
        !qa(&host, "table.board tbody tr").is_empty() && q(&host, "[role=alert]").is_none()
    })
    .await;
    drop(m);
    clear_storage();
    connect_as("pok_revoked_key");
    go_to("/projects/demo-project/tables?sort=table");
    let (_host, _m) = mount_app();
    wait_for("the connect page", 10, || location_path().starts_with("/?next=")).await;
    assert!(location_path().contains("reason=expired"));
    assert!(location_path().contains("%2Fprojects%2Fdemo-project%2Ftables%3Fsort%3Dtable"), "{}", location_path());
    clear_storage();
}

/// A Disconnect in another tab that this one missed (it was frozen, hidden, or in the back/forward
/// cache): the revocation time it left is checked again when the page is shown, and the
/// credential goes.
#[wasm_bindgen_test]
async fn a_disconnect_this_tab_missed_signs_it_out_when_shown_again() {
    use polaris_jobs_console::app::session::REVOKED_KEY;
    let _page = exclusive().await;
    let local = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    let show_again: [(&str, fn()); 2] = [
        ("visible again", || {
            // As the browser fires it: at the document, bubbling.
            js_sys::Function::new_no_args("document.dispatchEvent(new Event('visibilitychange', { bubbles: true }))")
                .call0(&wasm_bindgen::JsValue::NULL)
                .unwrap();
        }),
        ("back from the back/forward cache", || {
            js_sys::Function::new_no_args("dispatchEvent(new PageTransitionEvent('pageshow', { persisted: true }))")
                .call0(&wasm_bindgen::JsValue::NULL)
                .unwrap();
        }),
    ];
    for (how, show) in show_again {
        clear_storage();
        connect_as(KEY);
        go_to("/projects/demo-project/jobs");
        let (host, _m) = mount_app();
        wait_for("rows", 10, || !row_ids(&host).is_empty()).await;
        // Shown again with nothing new: it stays.
        show();
        leptos::task::tick().await;
        assert_eq!(location_path(), "/projects/demo-project/jobs", "{how}");
        // Another tab disconnected meanwhile.
        local.set_item(REVOKED_KEY, &(js_sys::Date::now() as u64 + 1).to_string()).unwrap();
        show();
        wait_for("the connect page", 10, || location_path() == "/").await;
        wait_for("the notice", 5, || text(&host).contains("Disconnected in another tab")).await;
        let tab = web_sys::window().unwrap().session_storage().unwrap().unwrap();
        assert!(tab.get_item("pjc.connection").unwrap().is_none(), "{how}: the stale copy is deleted");
    }
    clear_storage();
}

/// Links are judged by where the browser would go: a link written to look like a path of this
/// site but resolving elsewhere is not followed in place, nor admitted by the default policy.
#[wasm_bindgen_test]
fn links_are_judged_by_the_origin_they_resolve_to() {
    use polaris_jobs_console::browser::js::same_origin_url;
    let here = web_sys::window().unwrap().location().origin().unwrap();
    for away in [
        "/\\evil.example",
        "/\t/evil.example",
        "//evil.example/x",
        "https://evil.example/",
        "javascript:alert(1)",
        "\\\\evil.example",
    ] {
        assert!(same_origin_url(away).is_none(), "{away:?}");
    }
    let url = same_origin_url("/projects/p/jobs?type=batch#top").expect("a path of this site");
    assert_eq!(
        (url.origin(), url.pathname(), url.search(), url.hash()),
        (here, "/projects/p/jobs".into(), "?type=batch".into(), "#top".into())
    );
    assert!(same_origin_url("#main").is_some() && same_origin_url("jobs/j1").is_some());
}

/// Jobs of the bulk dialog's run, inserted running into tables `{prefix}_00`, …
async fn running_jobs(prefix: &str, n: u32, seed: u32) -> Vec<String> {
    let ids: Vec<String> = (0..n).map(|i| fresh_id(seed + i)).collect();
    for (i, id) in ids.iter().enumerate() {
        insert_into(id, "batch", "running", &format!("{prefix}_{i:02}")).await;
    }
    ids
}

/// The list of `prefix`'s jobs with every one selected, the bulk cancel confirmed and sending.
async fn cancel_all(prefix: &str, n: usize) -> (web_sys::HtmlElement, impl Drop) {
    go_to(&format!("/projects/demo-project/jobs?searchString={prefix}_&sortColumn=target_table_name&sortOrder=ASC"));
    let (host, m) = mount_app();
    wait_for("the rows", 10, || row_ids(&host).len() == n).await;
    click(&q(&host, "input[aria-label=\"Select all on this page\"]").unwrap());
    wait_for("selected", 10, || button(&host, "Cancel selected").is_some()).await;
    click(&button(&host, "Cancel selected").unwrap());
    wait_for("the dialog", 10, || q(&host, "dialog.bulk-dialog").is_some()).await;
    click(&button(&q(&host, "dialog").unwrap(), &format!("Cancel {n} jobs")).unwrap());
    (host, m)
}

async fn clear_faults() {
    let r = Request::delete(&format!("{}/__sim/faults", sim())).send().await.unwrap();
    assert_eq!(r.status(), 204);
}

/// A 401 in the middle of a bulk run: the dialog stays with its results and says how many were
/// not sent; the connect page comes only when it is closed.
#[wasm_bindgen_test]
async fn a_401_during_a_bulk_run_keeps_the_results_until_the_dialog_closes() {
    let _page = exclusive().await;
    clear_storage();
    connect_as(KEY);
    let ids = running_jobs("bulk401", 8, 300).await;
    let status = |delay: u32, extra: Value| {
        let mut f = json!({"pathPrefix": "/v1/projects/demo-project/jobs/", "method": "POST", "delayMs": delay});
        f.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
        f
    };
    // The first request is rejected; the three sent with it are answered after it.
    assert_eq!(sim_post("/__sim/faults", status(150, json!({"status": 401, "count": 1}))).await, 201);
    assert_eq!(sim_post("/__sim/faults", status(600, json!({"count": 3}))).await, 201);
    let (host, _m) = cancel_all("bulk401", 8).await;
    wait_for("the end of the run", 20, || {
        q(&host, ".bulk-summary").is_some_and(|s| text(&s).starts_with("The credential was rejected: 4 not sent."))
    })
    .await;
    assert!(q(&host, "dialog.bulk-dialog").is_some(), "the dialog stays");
    assert_eq!(location_path().split('?').next(), Some("/projects/demo-project/jobs"));
    let not_sent = qa(&host, ".bulk-results [data-outcome='Not sent']").len();
    assert_eq!(not_sent, 4);
    let sent: usize = futures::future::join_all(ids.iter().map(|id| posts_to(id))).await.iter().map(Vec::len).sum();
    assert_eq!(sent, 4, "nothing more was sent after the 401");
    click(&button(&q(&host, "dialog").unwrap(), "Close").unwrap());
    wait_for("the connect page", 10, || location_path().starts_with("/?next=")).await;
    assert!(location_path().contains("reason=expired"));
    clear_faults().await;
    clear_storage();
}

/// Leaving the page while a bulk run sends asks first; "no" stays. Left anyway, the jobs not
/// sent are selected again the next time the list is shown, with what happened.
#[wasm_bindgen_test]
async fn leaving_during_a_bulk_run_asks_and_what_was_not_sent_comes_back() {
    let _page = exclusive().await;
    clear_storage();
    connect_as(KEY);
    let ids = running_jobs("bulkleave", 6, 400).await;
    let slow = json!({"pathPrefix": "/v1/projects/demo-project/jobs/", "method": "POST", "delayMs": 1500, "count": 6});
    assert_eq!(sim_post("/__sim/faults", slow).await, 201);
    let (host, m) = cancel_all("bulkleave", 6).await;
    wait_for("sending", 10, || q(&host, ".bulk-progress").is_some()).await;
    js_sys::Function::new_no_args("window.__asked = []; window.__answer = false; window.__confirm = window.confirm; window.confirm = (q) => { window.__asked.push(q); return window.__answer; };")
        .call0(&wasm_bindgen::JsValue::NULL)
        .unwrap();
    let asked = || {
        js_sys::Reflect::get(&web_sys::window().unwrap(), &"__asked".into()).unwrap().unchecked_into::<js_sys::Array>()
    };
    let link = q(&host, ".bulk-results a").unwrap();
    click(&link);
    leptos::task::tick().await;
    assert_eq!(asked().length(), 1, "asked before leaving");
    assert!(asked().get(0).as_string().unwrap().contains("still sending"));
    assert_eq!(location_path().split('?').next(), Some("/projects/demo-project/jobs"), "stayed");
    assert!(q(&host, ".bulk-progress").is_some(), "still sending");
    // Yes: the page goes, and the run with it.
    js_sys::Reflect::set(&web_sys::window().unwrap(), &"__answer".into(), &true.into()).unwrap();
    click(&q(&host, ".bulk-results a").unwrap());
    wait_for("the job page", 10, || location_path().starts_with("/projects/demo-project/jobs/")).await;
    drop(m);
    js_sys::Function::new_no_args("window.confirm = window.__confirm;").call0(&wasm_bindgen::JsValue::NULL).unwrap();
    // The list again: the four jobs never sent are selected, and it says why.
    go_to("/projects/demo-project/jobs?searchString=bulkleave_&sortColumn=target_table_name&sortOrder=ASC");
    let (host, _m) = mount_app();
    wait_for("the note", 20, || {
        q(&host, ".selection-bar .note")
            .is_some_and(|n| text(&n).contains("cut short when the page was left: 2 jobs not sent"))
    })
    .await;
    assert_eq!(text(&q(&host, ".selection-bar .count").unwrap()), "2 selected");
    // The four on their way were answered (the simulator logs a request once answered).
    let mut sent = 0;
    for _ in 0..50 {
        sent = futures::future::join_all(ids.iter().map(|id| posts_to(id))).await.iter().map(Vec::len).sum::<usize>();
        if sent == 4 {
            break;
        }
        sleep(100).await;
    }
    assert_eq!(sent, 4, "four were on their way, and no more was sent");
    clear_faults().await;
    clear_storage();
}

/// A selection is of one project: another project's list starts without it, and going back
/// does not bring it back.
#[wasm_bindgen_test]
async fn a_selection_is_cleared_when_the_project_changes() {
    let _page = exclusive().await;
    clear_storage();
    connect_as(KEY);
    running_jobs("bulkproject", 3, 500).await;
    go_to("/projects/demo-project/jobs?searchString=bulkproject_");
    let (host, _m) = mount_app();
    wait_for("the rows", 10, || row_ids(&host).len() == 3).await;
    click(&q(&host, "input[aria-label=\"Select all on this page\"]").unwrap());
    wait_for("selected", 10, || q(&host, ".selection-bar .count").is_some_and(|c| text(&c) == "3 selected")).await;
    let navigate = |to: &str| {
        web_sys::window()
            .unwrap()
            .history()
            .unwrap()
            .push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(to))
            .unwrap();
        web_sys::window().unwrap().dispatch_event(&web_sys::Event::new("popstate").unwrap()).unwrap();
    };
    navigate("/projects/other-project/jobs?searchString=bulkproject_");
    wait_for("no selection", 10, || q(&host, ".selection-bar").is_none()).await;
    navigate("/projects/demo-project/jobs?searchString=bulkproject_");
    wait_for("the rows", 10, || row_ids(&host).len() == 3).await;
    assert!(q(&host, ".selection-bar").is_none(), "the earlier selection stays gone");
    assert!(qa(&host, "tbody input:checked").is_empty());
    clear_storage();
}

/// A look of `demo-project` taken `ago_ms` before now that saw these jobs running and healthy
/// (inserted jobs: created and last updated on 2024-05-01).
fn store_look(ago_ms: u64, jobs: &[(&str, &str)]) {
    let at = js_sys::Date::now() as u64 - ago_ms;
    let then = 1_714_521_600_000u64;
    let mut text = format!("look1\t{at}");
    for (id, table) in jobs {
        text.push_str(&format!("\n{id}\trunning\tok\t\t{then}\tbatch\t{table}\t{then}"));
    }
    let storage = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    storage.set_item("pjc.look.demo-project", &text).unwrap();
}

#[wasm_bindgen_test]
async fn the_inbox_says_what_changed_since_the_last_look_and_marks_it_seen() {
    let _page = exclusive().await;
    clear_storage();
    connect_as(KEY);
    let ids = running_jobs("inboxtest", 3, 700).await;
    store_look(
        2 * 3600 * 1000 + 60_000,
        &[(&ids[0], "inboxtest_00"), (&ids[1], "inboxtest_01"), (&ids[2], "inboxtest_02")],
    );
    let lost = json!({"executionStatus": "failed",
        "health": {"status": "error", "code": "lost_connection_to_source", "message": "Lost the stream."}});
    assert_eq!(sim_post(&format!("/__sim/jobs/{}/change", ids[0]), lost).await, 200);
    assert_eq!(sim_post(&format!("/__sim/jobs/{}/change", ids[1]), json!({"executionStatus": "completed"})).await, 200);
    go_to("/projects/demo-project/jobs?searchString=inboxtest_");
    let (host, _m) = mount_app();
    // The banner comes after the list's first rows.
    wait_for("the rows", 10, || row_ids(&host).len() == 3).await;
    wait_for("the banner", 10, || q(&host, ".inbox-banner").is_some()).await;
    let banner = text(&q(&host, ".inbox-banner span").unwrap());
    assert!(banner.starts_with("Since your last look 2 h ago: "), "{banner}");
    assert!(banner.contains(" failed") && banner.contains(" completed"), "{banner}");
    assert!(!banner.contains(" 0 "), "zeros are left out: {banner}");
    let header = qa(&host, ".header-links a").into_iter().find(|a| text(a).starts_with("Changes")).unwrap();
    assert!(text(&header).starts_with("Changes ("), "{}", text(&header));
    assert!(web_sys::window().unwrap().document().unwrap().title().starts_with('('));

    // The Changes page: the failure under its cause, with its line.
    click(&button(&host, "Show changes").unwrap());
    wait_for("the Changes page", 10, || q(&host, ".changes-page .change-group").is_some()).await;
    assert_eq!(location_path(), "/projects/demo-project/changes");
    let failed = qa(&host, ".change-group")
        .into_iter()
        .find(|g| text(g).contains("inboxtest_00"))
        .expect("the failed job's group");
    let title = failed.get_attribute("aria-label").unwrap();
    assert!(title.starts_with("lost_connection_to_source · "), "{title}");
    let line = text(&qa(&failed, "li").into_iter().find(|l| text(l).contains("inboxtest_00")).unwrap());
    assert!(line.contains("running → failed") && line.contains("Lost the stream.") && line.contains("Batch"), "{line}");
    let completed = qa(&host, ".change-group").into_iter().find(|g| text(g).contains("inboxtest_01")).unwrap();
    assert!(text(&completed).contains("running → completed"));
    assert!(!text(&q(&host, ".changes-page").unwrap()).contains("inboxtest_02"), "an unchanged job is not listed");

    // Select these jobs: the list with exactly that job selected.
    click(&button(&failed, "Select these jobs").unwrap());
    wait_for("the selection", 10, || q(&host, ".selection-bar .count").is_some_and(|c| text(&c) == "1 selected")).await;
    assert!(location_path().starts_with("/projects/demo-project/jobs?executionStatus=failed"), "{}", location_path());
    assert!(text(&q(&host, ".selection-bar").unwrap()).contains("Selected from Changes"));

    // Mark all as seen: the banner goes, the look moves to now.
    wait_for("the banner", 10, || q(&host, ".inbox-banner").is_some()).await;
    let before = js_sys::Date::now() as i64;
    click(&button(&host, "Mark all as seen").unwrap());
    wait_for("no banner", 10, || q(&host, ".inbox-banner").is_none()).await;
    let stored = web_sys::window()
        .unwrap()
        .local_storage()
        .unwrap()
        .unwrap()
        .get_item("pjc.look.demo-project")
        .unwrap()
        .unwrap();
    let at: i64 = stored.lines().next().unwrap().strip_prefix("look1\t").unwrap().parse().unwrap();
    assert!(at >= before, "the look moved to now");
    assert!(!stored.contains("pok_"), "the look holds no key");
    clear_storage();
}

#[wasm_bindgen_test]
async fn watching_a_project_notifies_each_new_failure_once() {
    let _page = exclusive().await;
    clear_storage();
    connect_as(KEY);
    let storage = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    storage.set_item("pjc.autoRefresh", "5").unwrap();
    let _fake = fake_notifications("default", "granted");
    let ids = running_jobs("watchtest", 2, 800).await;
    store_look(3600 * 1000, &[(&ids[0], "watchtest_00"), (&ids[1], "watchtest_01")]);
    go_to("/projects/demo-project/changes");
    let (host, _m) = mount_app();
    let switch = || q(&host, "button[role=switch]").unwrap();
    wait_for("the switch", 10, || q(&host, "button[role=switch]:not([disabled])").is_some()).await;
    assert_eq!(text(&switch()), "Watch this project");
    assert_eq!(switch().get_attribute("aria-checked").as_deref(), Some("false"));
    assert!(notes().is_empty());
    click(&switch());
    wait_for("the announcement", 5, || {
        q(&host, ".toast").is_some_and(|t| text(&t).starts_with("Watching demo-project: a notification"))
    })
    .await;
    assert_eq!(switch().get_attribute("aria-checked").as_deref(), Some("true"));
    assert_eq!(storage.get_item("pjc.watch.demo-project").unwrap().as_deref(), Some("1"));
    let lost = json!({"executionStatus": "failed", "health": {"status": "error", "code": "lost_connection_to_source"}});
    assert_eq!(sim_post(&format!("/__sim/jobs/{}/change", ids[0]), lost).await, 200);
    let worse = json!({"health": {"status": "error", "code": "unable_to_proceed", "message": "Stuck."}});
    assert_eq!(sim_post(&format!("/__sim/jobs/{}/change", ids[1]), worse).await, 200);
    // The tab leads after 5 s alone, then reads every 5 s: one notification for both.
    let mentions = |id: &str| notes().iter().filter(|n| n[0].as_str().unwrap_or("").contains(id)).count();
    wait_for("the notification", 20, || mentions("watchtest_00") > 0).await;
    let note = notes().into_iter().find(|n| n[0].as_str().unwrap().contains("watchtest_00")).unwrap();
    let title = note[0].as_str().unwrap();
    assert!(title.contains("failed: ") && title.contains("got worse: ") && title.contains("watchtest_01"), "{title}");
    assert_eq!(note[1], "Project demo-project");
    // The next reading brings nothing new of these: no second notification.
    sleep(6000).await;
    assert_eq!((mentions("watchtest_00"), mentions("watchtest_01")), (1, 1));
    click(&switch());
    wait_for("off", 5, || switch().get_attribute("aria-checked").as_deref() == Some("false")).await;
    assert_eq!(storage.get_item("pjc.watch.demo-project").unwrap(), None);
    clear_storage();
}
