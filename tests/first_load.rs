//! The first load's two halves against each other, in a real browser: src/first_load.js sends
//! exactly the request the app would send for the page it runs on (the app's storage key, stored
//! connection, route, Authorization header and list URL), or nothing; and the app takes that
//! request's answer as `first_load` says.
#![cfg(target_arch = "wasm32")]

mod support;

use jobs_api::JobFilter;
use leptos::prelude::*;
use polaris_jobs_console::api::{list_jobs_url, Connection, CredentialKind, Inflight, ListRequest, TIMEOUT_SECONDS};
use polaris_jobs_console::app::router::Route;
use polaris_jobs_console::app::session::Session;
use polaris_jobs_console::list::first_load::{self, FirstAnswer, CONNECTION_KEY, EARLY_GLOBAL};
use polaris_jobs_console::list::view::{filter_from_query, list_page_url};
use support::*;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const SCRIPT: &str = include_str!("../src/first_load.js");

fn window() -> web_sys::Window {
    web_sys::window().unwrap()
}

fn global(name: &str) -> JsValue {
    js_sys::Reflect::get(&window(), &name.into()).unwrap()
}

/// Runs the script on the current page with `fetch` recorded instead of sent: the URL and the
/// Authorization header of each request it made.
fn run_script() -> Vec<(String, String)> {
    let location = web_sys::window().unwrap().location();
    run_script_at(&location.pathname().unwrap(), &location.search().unwrap())
}

/// [`run_script`] as if the page's address were `pathname` and `search` (the script sees that
/// `location`; the browser's own is left alone, which also keeps clear of its limit on history
/// changes).
fn run_script_at(pathname: &str, search: &str) -> Vec<(String, String)> {
    let record = js_sys::Function::new_no_args(
        "window.__sent = []; window.__fetch = window.fetch;
         window.fetch = (url, init) => { window.__sent.push([url, init.headers.Authorization]); return new Promise(() => {}); };",
    );
    record.call0(&JsValue::NULL).unwrap();
    let _ = js_sys::Reflect::delete_property(&window(), &EARLY_GLOBAL.into());
    run_at(pathname, search);
    js_sys::Function::new_no_args("window.fetch = window.__fetch;").call0(&JsValue::NULL).unwrap();
    let sent: js_sys::Array = global("__sent").unchecked_into();
    sent.iter()
        .map(|r| {
            let r: js_sys::Array = r.unchecked_into();
            (r.get(0).as_string().unwrap(), r.get(1).as_string().unwrap())
        })
        .collect()
}

/// Runs the script as if the page's address were `pathname` and `search` (the script sees that
/// `location`).
fn run_at(pathname: &str, search: &str) {
    let at = js_sys::Object::new();
    js_sys::Reflect::set(&at, &"pathname".into(), &pathname.into()).unwrap();
    js_sys::Reflect::set(&at, &"search".into(), &search.into()).unwrap();
    js_sys::Function::new_with_args("location", SCRIPT).call1(&JsValue::NULL, &at).unwrap();
}

/// Stores `conn` as the app does when it connects.
fn store(conn: &Connection) {
    Owner::new().with(|| Session::new().connect(conn.clone()));
}

fn conn(kind: CredentialKind, base_url: &str, secret: &str, remember: bool) -> Connection {
    Connection {
        base_url: base_url.into(),
        project_id: "demo-project".into(),
        kind,
        secret: secret.into(),
        remember,
        made: js_sys::Date::now() as u64,
    }
}

#[wasm_bindgen_test]
async fn the_script_sends_the_request_the_app_would_send() {
    let _page = exclusive().await;
    let connections = [
        conn(CredentialKind::ApiKey, "", "pok_demo_a7F3kQ9xLm2Vt8RzY4wN6pB1cD5hJ0sE", false),
        conn(CredentialKind::ApiKey, " https://org.us-east-1.aws.api.imply.io// ", "pok_x:y z", true),
        conn(CredentialKind::OAuthToken, "http://127.0.0.1:9", "eyJhbGciOi.J9.x-y_z", false),
    ];
    let filters = [
        JobFilter::default(),
        filter_from_query("type=batch&type=sql&healthStatus=error&searchString=a%20b%2Fc&paginationLimit=250"),
        filter_from_query("executionStatus=running&sortColumn=target_table_name&sortOrder=ASC&paginationOffset=100"),
        filter_from_query("connectionName=kafka%20one&connectionName=s3&targetTableName=t%26x"),
    ];
    let mut checked = 0;
    for c in &connections {
        for project in ["demo-project", "my project", "ü/ß"] {
            for f in &filters {
                clear_storage();
                store(c);
                let page = list_page_url(project, f);
                let (path, query) =
                    page.split_once('?').map_or((page.as_str(), String::new()), |(p, q)| (p, format!("?{q}")));
                let Route::Jobs { project: routed } = Route::of(path) else { panic!("{page} is a list") };
                let req = ListRequest { conn: c.clone(), project: routed, filter: f.clone() };
                let sent = run_script_at(path, &query);
                assert_eq!(sent, [(list_jobs_url(&req), c.authorization())], "{page} with {c:?}");
                // What it leaves for the app: the same URL, and the request's controller.
                let early = global(EARLY_GLOBAL);
                let url = js_sys::Reflect::get(&early, &"url".into()).unwrap().as_string();
                assert_eq!(url, Some(list_jobs_url(&req)));
                let controller = js_sys::Reflect::get(&early, &"controller".into()).unwrap();
                assert!(controller.is_instance_of::<web_sys::AbortController>());
                checked += 1;
            }
        }
    }
    assert_eq!(checked, 36);
    // A trailing slash is the same route.
    clear_storage();
    store(&connections[0]);
    go_to("/projects/demo-project/jobs/");
    assert!(matches!(Route::of("/projects/demo-project/jobs/"), Route::Jobs { .. }));
    assert_eq!(run_script().len(), 1);
    clear_storage();
}

#[wasm_bindgen_test]
async fn the_script_sends_nothing_where_the_app_would_not_take_it() {
    let _page = exclusive().await;
    let key = conn(CredentialKind::ApiKey, "", "pok_demo", false);
    clear_storage();
    store(&key);
    for path in [
        "/",
        "/projects/demo-project/jobs/j1",
        "/projects/demo-project/jobs/new",
        "/projects/demo-project",
        "/projects//jobs",
        "/nope",
    ] {
        go_to(path);
        assert!(!matches!(Route::of(path), Route::Jobs { .. }), "{path}");
        assert_eq!(run_script(), [], "{path}");
        assert!(global(EARLY_GLOBAL).is_undefined(), "{path}");
    }
    // Not connected (the app asks for the credential first), or a stored value the app does not
    // read back as a connection.
    go_to("/projects/demo-project/jobs");
    clear_storage();
    assert_eq!(run_script(), []);
    for stored in
        ["{}", "null", "[]", r#"{"base_url":"","project_id":"p","kind":"Password","secret":"s","remember":false}"#]
    {
        window().session_storage().unwrap().unwrap().set_item(CONNECTION_KEY, stored).unwrap();
        assert!(Connection::from_json(stored).is_none());
        assert_eq!(run_script(), [], "{stored}");
    }
    // A secret that is not printable ASCII: the app encodes it itself.
    clear_storage();
    store(&conn(CredentialKind::OAuthToken, "", "tök", false));
    assert_eq!(run_script(), []);
    clear_storage();
}

/// A small deterministic generator of filters, for the cases below.
struct Cases(u64);

impl Cases {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        ((self.0 >> 33) % n as u64) as usize
    }

    fn pick<T: Clone>(&mut self, all: &[T]) -> Vec<T> {
        all.iter().filter(|_| self.next(3) == 0).cloned().collect()
    }

    fn text(&mut self) -> Option<String> {
        const TEXTS: [&str; 9] = ["orders", "a b", "x/y&z=1", "ü ß", "o'k (1)*!", "t~_.-", "+plus", "%25", " lead"];
        (self.next(3) == 0).then(|| TEXTS[self.next(TEXTS.len())].to_owned())
    }

    fn filter(&mut self) -> JobFilter {
        use jobs_api::{ExecutionStatus, HealthStatus, JobType, SortColumn, SortOrder};
        JobFilter {
            types: self.pick(JobType::ALL),
            execution_statuses: self.pick(ExecutionStatus::ALL),
            health_statuses: self.pick(HealthStatus::ALL),
            connection_names: (0..self.next(3)).filter_map(|_| self.text()).collect(),
            target_table_name: self.text(),
            target_table_id: self.text(),
            search_string: self.text(),
            sort_column: (self.next(2) == 0).then(|| SortColumn::ALL[self.next(SortColumn::ALL.len())].clone()),
            sort_order: (self.next(2) == 0).then(|| SortOrder::ALL[self.next(2)].clone()),
            pagination_limit: (self.next(2) == 0).then(|| [25, 50, 100, 250, 1000][self.next(5)]),
            pagination_offset: (self.next(2) == 0).then(|| [0, 25, 100, u64::MAX][self.next(4)]),
        }
    }
}

/// The script sends its request only for a query the app writes itself (`list_page_url` of the
/// filter the app reads from it): any other query, a hand-edited or foreign one, is the app's to
/// send in its own form.
#[wasm_bindgen_test]
async fn the_script_sends_only_the_apps_own_form_of_a_query() {
    let _page = exclusive().await;
    clear_storage();
    store(&conn(CredentialKind::ApiKey, "", "pok_demo", false));
    let mut cases = Cases(7);
    let mut queries: Vec<String> = Vec::new();
    for _ in 0..150 {
        let page = list_page_url("p", &cases.filter());
        let query = page.split_once('?').map(|(_, q)| format!("?{q}")).unwrap_or_default();
        // The query as the app writes it, and forms of it the app does not write.
        let pairs: Vec<&str> = query.trim_start_matches('?').split('&').filter(|p| !p.is_empty()).collect();
        let mut swapped = pairs.clone();
        if swapped.len() > 1 {
            let (i, j) = (cases.next(swapped.len()), cases.next(swapped.len()));
            swapped.swap(i, j);
        }
        queries.push(query.clone());
        queries.push(format!("?{}", swapped.join("&")));
        queries.push(query.replace("%20", "+").replace("%2F", "%2f"));
        if let Some(first) = pairs.first() {
            queries.push(format!("{query}&{first}"));
        }
    }
    for extra in [
        "?paginationLimit=999999&anything=x",
        "?paginationLimit=100",
        "?sortOrder=DESC",
        "?sortColumn=last_updated_date_time",
        "?paginationOffset=0",
        "?paginationOffset=007",
        "?paginationOffset=18446744073709551616",
        "?healthStatus=warning",
        "?type=Batch",
        "?searchString=%20",
        "?targetTableName=",
        "?type=batch&",
        "?type",
        "?searchString=%E0%A4%A",
    ] {
        queries.push(extra.to_owned());
    }
    let (mut sent, mut held) = (0, 0);
    for query in &queries {
        let page = format!("/projects/p/jobs{query}");
        let apps_own = list_page_url("p", &filter_from_query(query)) == page;
        let sends = run_script_at("/projects/p/jobs", query).len() == 1;
        assert_eq!(sends, apps_own, "{page}: the script {} it", if sends { "sends" } else { "does not send" });
        if sends {
            sent += 1;
        } else {
            held += 1;
        }
    }
    assert!(sent >= 150 && held >= 150, "both kinds were tried: {sent} sent, {held} not");
    clear_storage();
}

#[wasm_bindgen_test]
async fn the_scripts_request_ends_at_the_apps_time_limit_as_a_time_out() {
    let _page = exclusive().await;
    clear_storage();
    let c = conn(CredentialKind::ApiKey, "", "pok_demo", false);
    store(&c);
    // The page's timers kept instead of run, and a request that never answers (but stops when
    // aborted, as the browser's does).
    js_sys::Function::new_no_args(
        "window.__timers = []; window.__setTimeout = window.setTimeout; window.__fetch = window.fetch;
         window.setTimeout = (f, ms) => { window.__timers.push([f, ms]); return 0; };
         window.fetch = (url, init) => new Promise((_, reject) =>
             init.signal.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))));",
    )
    .call0(&JsValue::NULL)
    .unwrap();
    run_at("/projects/demo-project/jobs", "");
    js_sys::Function::new_no_args("window.setTimeout = window.__setTimeout; window.fetch = window.__fetch;")
        .call0(&JsValue::NULL)
        .unwrap();
    let timers: js_sys::Array = global("__timers").unchecked_into();
    let limits: Vec<js_sys::Array> = timers.iter().map(|t| t.unchecked_into()).collect();
    assert_eq!(limits.len(), 1, "one timer: the request's");
    assert_eq!(limits[0].get(1).as_f64(), Some(f64::from(TIMEOUT_SECONDS) * 1000.0), "the app's time limit");
    // The time passes: the request is cut, and the app reads a time-out, as for its own requests.
    let req = ListRequest { conn: c, project: "demo-project".into(), filter: JobFilter::default() };
    let owner = Owner::new();
    let answer = owner.with(|| {
        let Some(FirstAnswer::Pending(p)) = first_load::take(&req) else { panic!("pending") };
        p.answer(Inflight::new())
    });
    limits[0].get(0).unchecked_into::<js_sys::Function>().call0(&JsValue::NULL).unwrap();
    assert_eq!(answer.await, Some(Err(polaris_jobs_console::api::ApiError::Timeout { seconds: TIMEOUT_SECONDS })));
    owner.cleanup();
    let _ = js_sys::Reflect::delete_property(&window(), &EARLY_GLOBAL.into());
    clear_storage();
}

/// A stored connection made before the last Disconnect on this device, or before its secret was
/// rejected, or kept for this tab and unused for 12 hours, is stale: the script judges it as the
/// app does (`session::stale`), sends nothing with it and deletes it, and leaves every other
/// copy alone. A tab-only connection never deletes another tab's remembered key.
#[wasm_bindgen_test]
async fn the_script_and_the_app_ignore_and_delete_a_stale_connection() {
    use polaris_jobs_console::app::session::{self, REJECTED_KEY, REVOKED_KEY, TAB_IDLE_MS, USED_KEY};
    let _page = exclusive().await;
    let (local, tab) = (window().local_storage().unwrap().unwrap(), window().session_storage().unwrap().unwrap());
    let now = js_sys::Date::now() as u64;
    let made = |c: Connection, at: u64| Connection { made: at, ..c };
    let tab_key = conn(CredentialKind::ApiKey, "", "pok_tab_key", false);
    let kept_key = conn(CredentialKind::ApiKey, "", "pok_remembered", true);
    // (what is stored: tab-only, remembered; what the device keeps: revoked, rejected, used;
    // which copy the script sends with, and which copies stay.)
    type Case<'a> = (Option<Connection>, Option<Connection>, [Option<String>; 3], Option<&'a str>, [bool; 2]);
    let cases: Vec<(&str, Case)> = vec![
        ("fresh", (Some(made(tab_key.clone(), now)), None, [None, None, None], Some("pok_tab_key"), [true, false])),
        (
            "a Disconnect after it was made",
            (
                Some(made(tab_key.clone(), now - 5)),
                Some(made(kept_key.clone(), now - 5)),
                [Some((now - 1).to_string()), None, None],
                None,
                [false, false],
            ),
        ),
        (
            "a remembered key made after the Disconnect",
            (
                None,
                Some(made(kept_key.clone(), now)),
                [Some((now - 1).to_string()), None, None],
                Some("pok_remembered"),
                [false, true],
            ),
        ),
        (
            "rejected (401): only its copies go",
            (
                Some(made(tab_key.clone(), now - 5)),
                Some(made(kept_key.clone(), now - 6)),
                [None, Some(format!("17 {}", now - 5)), None],
                Some("pok_remembered"),
                [false, true],
            ),
        ),
        (
            "tab-only, unused for 12 hours",
            (Some(made(tab_key.clone(), now - TAB_IDLE_MS - 5000)), None, [None, None, None], None, [false, false]),
        ),
        (
            "tab-only, used an hour ago",
            (
                Some(made(tab_key.clone(), now - TAB_IDLE_MS - 5000)),
                None,
                [None, None, Some((now - 3_600_000).to_string())],
                Some("pok_tab_key"),
                [true, false],
            ),
        ),
        (
            "remembered, unused for days",
            (
                None,
                Some(made(kept_key.clone(), now - 4 * TAB_IDLE_MS)),
                [None, None, None],
                Some("pok_remembered"),
                [false, true],
            ),
        ),
    ];
    for (what, (in_tab, remembered, [revoked, rejected, used], sends, stays)) in cases {
        for app in [false, true] {
            clear_storage();
            if let Some(c) = &in_tab {
                tab.set_item(CONNECTION_KEY, &c.to_json()).unwrap();
            }
            if let Some(c) = &remembered {
                local.set_item(CONNECTION_KEY, &c.to_json()).unwrap();
            }
            for (key, value, storage) in
                [(REVOKED_KEY, &revoked, &local), (REJECTED_KEY, &rejected, &local), (USED_KEY, &used, &tab)]
            {
                if let Some(v) = value {
                    storage.set_item(key, v).unwrap();
                }
            }
            let used_secret = if app {
                session::load().map(|c| c.secret)
            } else {
                let sent = run_script_at("/projects/demo-project/jobs", "");
                sent.first().map(|(_, auth)| {
                    if auth.contains(&polaris_jobs_console::api::credential::base64(b"pok_tab_key:")) {
                        "pok_tab_key".to_owned()
                    } else {
                        "pok_remembered".to_owned()
                    }
                })
            };
            let who = if app { "the app" } else { "the script" };
            assert_eq!(used_secret.as_deref(), sends, "{what}: {who} used");
            let kept =
                [tab.get_item(CONNECTION_KEY).unwrap().is_some(), local.get_item(CONNECTION_KEY).unwrap().is_some()];
            assert_eq!(kept, stays, "{what}: {who} kept (tab, device)");
        }
    }
    // Connecting for this tab only leaves another tab's remembered key alone.
    clear_storage();
    local.set_item(CONNECTION_KEY, &made(kept_key.clone(), now).to_json()).unwrap();
    store(&made(tab_key.clone(), now));
    assert!(local.get_item(CONNECTION_KEY).unwrap().is_some(), "the remembered key stays");
    assert_eq!(session::load().map(|c| c.secret).as_deref(), Some("pok_tab_key"), "this tab's own first");
    let _ = js_sys::Reflect::delete_property(&window(), &EARLY_GLOBAL.into());
    clear_storage();
}

/// The script reads the answer as it arrives and counts it: past the app's cap it aborts the
/// request and keeps only the count, whatever the length announced (here none); the app reads
/// that as "too large".
#[wasm_bindgen_test]
async fn the_scripts_answer_is_cut_at_the_cap_while_it_streams() {
    use polaris_jobs_console::api::{ApiError, MAX_BODY_BYTES};
    let _page = exclusive().await;
    clear_storage();
    let c = conn(CredentialKind::ApiKey, "", "pok_demo", false);
    store(&c);
    // An answer of 1 MiB chunks that never ends, pulled as read.
    js_sys::Function::new_no_args(
        "window.__pulled = 0; window.__fetch = window.fetch;
         window.fetch = (url, init) => { window.__signal = init.signal; return Promise.resolve(new Response(new ReadableStream({
             pull(c) { window.__pulled++; c.enqueue(new Uint8Array(1 << 20)); } }, { highWaterMark: 0 }), { status: 200 })); };",
    )
    .call0(&JsValue::NULL)
    .unwrap();
    run_at("/projects/demo-project/jobs", "");
    js_sys::Function::new_no_args("window.fetch = window.__fetch;").call0(&JsValue::NULL).unwrap();
    let early = global(EARLY_GLOBAL);
    let answer: js_sys::Promise = js_sys::Reflect::get(&early, &"answer".into()).unwrap().unchecked_into();
    let _ = wasm_bindgen_futures::JsFuture::from(answer).await;
    let got = js_sys::Reflect::get(&early, &"got".into()).unwrap();
    let too_large = js_sys::Reflect::get(&got, &"tooLarge".into()).unwrap().as_f64().unwrap();
    assert!(too_large > MAX_BODY_BYTES as f64 && too_large <= (MAX_BODY_BYTES + (1 << 20)) as f64, "{too_large}");
    assert!(js_sys::Reflect::get(&got, &"body".into()).unwrap().is_undefined(), "no body kept");
    let pulled = global("__pulled").as_f64().unwrap();
    assert!(pulled <= 36.0, "read on after the cap: {pulled} chunks");
    let signal: web_sys::AbortSignal = global("__signal").unchecked_into();
    assert!(signal.aborted(), "the request is aborted");
    let req = ListRequest { conn: c, project: "demo-project".into(), filter: JobFilter::default() };
    let owner = Owner::new();
    let taken = owner.with(|| first_load::take(&req));
    assert!(
        matches!(taken, Some(FirstAnswer::Ready(Err(ApiError::TooLarge { bytes }))) if bytes as f64 == too_large),
        "the app reads it as too large"
    );
    owner.cleanup();
    clear_storage();
}

#[wasm_bindgen_test]
fn the_script_sets_the_lists_columns_and_density_from_the_apps_keys() {
    use polaris_jobs_console::app::settings::{COLUMNS_KEY, COMPACT_KEY, DEFAULT_HIDDEN};
    let root = web_sys::window().unwrap().document().unwrap().document_element().unwrap();
    let storage = window().local_storage().unwrap().unwrap();
    storage.remove_item(COLUMNS_KEY).unwrap();
    storage.remove_item(COMPACT_KEY).unwrap();
    run_script_at("/", "");
    assert_eq!(root.get_attribute("data-hide").as_deref(), Some(DEFAULT_HIDDEN));
    assert!(!root.has_attribute("data-compact"));
    storage.set_item(COLUMNS_KEY, "by created").unwrap();
    storage.set_item(COMPACT_KEY, "1").unwrap();
    run_script_at("/projects/p/jobs/j1", "");
    assert_eq!(root.get_attribute("data-hide").as_deref(), Some("by created"));
    assert!(root.has_attribute("data-compact"));
    storage.remove_item(COLUMNS_KEY).unwrap();
    storage.remove_item(COMPACT_KEY).unwrap();
    root.remove_attribute("data-compact").unwrap();
    root.remove_attribute("data-hide").unwrap();
}

/// Leaves an early request as the script would, its answer in (`got`) or still to come.
fn leave_early(url: &str, got: Option<(u16, &str)>) -> web_sys::AbortController {
    let controller = web_sys::AbortController::new().unwrap();
    let early = js_sys::Object::new();
    let set = |k: &str, v: &JsValue| js_sys::Reflect::set(&early, &k.into(), v).unwrap();
    set("url", &url.into());
    set("controller", &controller);
    if let Some((status, body)) = got {
        let got = js_sys::Object::new();
        js_sys::Reflect::set(&got, &"status".into(), &f64::from(status).into()).unwrap();
        js_sys::Reflect::set(&got, &"retryAfter".into(), &JsValue::NULL).unwrap();
        js_sys::Reflect::set(&got, &"body".into(), &js_sys::Uint8Array::from(body.as_bytes())).unwrap();
        set("got", &got);
        set("answer", &js_sys::Promise::resolve(&JsValue::UNDEFINED));
    } else {
        set("answer", &js_sys::Promise::new(&mut |_, _| {}));
    }
    js_sys::Reflect::set(&window(), &EARLY_GLOBAL.into(), &early).unwrap();
    controller
}

#[wasm_bindgen_test]
async fn the_app_takes_the_answer_to_its_own_request_only() {
    let _page = exclusive().await;
    let req = ListRequest {
        conn: conn(CredentialKind::ApiKey, "", "pok_demo", false),
        project: "demo-project".into(),
        filter: filter_from_query("type=batch"),
    };
    let body = r#"{"values": [], "moreResultsAvailable": true}"#;
    // Its answer, in already: decoded at once, and taken once.
    leave_early(&list_jobs_url(&req), Some((200, body)));
    match first_load::take(&req) {
        Some(FirstAnswer::Ready(Ok(list))) => assert!(list.more_results_available && list.values.is_empty()),
        _ => panic!("the answer that was in"),
    }
    assert!(global(EARLY_GLOBAL).is_undefined() && first_load::take(&req).is_none(), "taken once");
    // An error answer is the page's first answer too.
    leave_early(&list_jobs_url(&req), Some((503, "")));
    assert!(matches!(first_load::take(&req), Some(FirstAnswer::Ready(Err(_)))));
    // Another view's request: aborted, not taken.
    let other = leave_early(&list_jobs_url(&ListRequest { filter: JobFilter::default(), ..req.clone() }), None);
    assert!(first_load::take(&req).is_none());
    assert!(other.signal().aborted() && global(EARLY_GLOBAL).is_undefined());
    // Still on its way: the page's slot takes charge of it (its next request aborts it).
    let pending = leave_early(&list_jobs_url(&req), None);
    let owner = Owner::new();
    owner.with(|| {
        let slot = Inflight::new();
        let Some(FirstAnswer::Pending(p)) = first_load::take(&req) else { panic!("pending") };
        let _answer = p.answer(slot);
        assert!(!pending.signal().aborted());
        slot.abort();
    });
    assert!(pending.signal().aborted(), "the slot aborts the adopted request");
    owner.cleanup();
    let _ = js_sys::Reflect::delete_property(&window(), &EARLY_GLOBAL.into());
}
