//! The first load's two halves against each other, in a real browser: src/first_load.js sends
//! exactly the request the app would send for the page it runs on (the app's storage key, stored
//! connection, route, Authorization header and list URL), or nothing; and the app takes that
//! request's answer as `first_load` says.
#![cfg(target_arch = "wasm32")]

mod support;

use jobs_api::JobFilter;
use leptos::prelude::*;
use polaris_jobs_console::api::{list_jobs_url, Connection, CredentialKind, Inflight, ListRequest, TIMEOUT_SECONDS};
use polaris_jobs_console::first_load::{self, FirstAnswer, CONNECTION_KEY, EARLY_GLOBAL};
use polaris_jobs_console::list_view::{filter_from_query, list_page_url};
use polaris_jobs_console::router::Route;
use polaris_jobs_console::session::Session;
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
    let record = js_sys::Function::new_no_args(
        "window.__sent = []; window.__fetch = window.fetch;
         window.fetch = (url, init) => { window.__sent.push([url, init.headers.Authorization]); return new Promise(() => {}); };",
    );
    record.call0(&JsValue::NULL).unwrap();
    let _ = js_sys::Reflect::delete_property(&window(), &EARLY_GLOBAL.into());
    js_sys::Function::new_no_args(SCRIPT).call0(&JsValue::NULL).unwrap();
    js_sys::Function::new_no_args("window.fetch = window.__fetch;").call0(&JsValue::NULL).unwrap();
    let sent: js_sys::Array = global("__sent").unchecked_into();
    sent.iter()
        .map(|r| {
            let r: js_sys::Array = r.unchecked_into();
            (r.get(0).as_string().unwrap(), r.get(1).as_string().unwrap())
        })
        .collect()
}

/// Stores `conn` as the app does when it connects.
fn store(conn: &Connection) {
    Owner::new().with(|| Session::new().connect(conn.clone()));
}

fn conn(kind: CredentialKind, base_url: &str, secret: &str, remember: bool) -> Connection {
    Connection { base_url: base_url.into(), project_id: "demo-project".into(), kind, secret: secret.into(), remember }
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
                go_to(&page);
                let Route::Jobs { project: routed } = Route::of(page.split('?').next().unwrap()) else {
                    panic!("{page} is a list");
                };
                let req = ListRequest { conn: c.clone(), project: routed, filter: f.clone() };
                let sent = run_script();
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
    for path in ["/", "/projects/demo-project/jobs/j1", "/projects/demo-project", "/projects//jobs", "/nope"] {
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

#[wasm_bindgen_test]
fn the_script_cuts_its_request_at_the_apps_time_limit() {
    let line = SCRIPT.lines().find(|l| l.contains("const TIME_LIMIT_MS")).expect("the time limit in the script");
    let value = line.split('=').nth(1).unwrap().trim();
    let ms: u32 = value.split(|c: char| !c.is_ascii_digit()).next().unwrap().parse().unwrap();
    assert_eq!(ms, TIMEOUT_SECONDS * 1000);
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
