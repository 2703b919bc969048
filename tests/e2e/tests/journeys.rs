//! User journeys in real headless Chromium and Firefox, against the release build served by
//! jobs-sim (`--static`, same origin) and by nginx with deploy/nginx.conf (/v1/ proxied). Each
//! journey is a test of its own per browser (`newcomer::in_chromium`, ...), with a fresh
//! simulator and browser session, so that a failure names the journey.

use e2e::*;
use fantoccini::key::Key;
use serde_json::{json, Value};

/// A journey as two tests, one per browser: `$body` runs with a new browser session `$s` (light
/// theme), a fresh frozen simulator `$sim` of 200 demo jobs (or started with `$args`), and
/// `$base`, the app's origin there.
macro_rules! journey {
    ($name:ident, |$s:ident, $sim:ident, $base:ident| $body:expr) => {
        journey!($name, ["--jobs", "200", "--frozen"], |$s, $sim, $base| $body);
    };
    ($name:ident, $args:expr, |$s:ident, $sim:ident, $base:ident| $body:expr) => {
        mod $name {
            use super::*;

            async fn run(browser: Browser) {
                let $sim = Sim::start(&$args);
                let $base = $sim.base();
                let $base = $base.as_str();
                let $s = Session::start(browser, false).await;
                let _ = (&$sim, $base);
                $body.await;
                $s.close().await;
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn in_chromium() {
                run(Browser::Chromium).await;
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn in_firefox() {
                run(Browser::Firefox).await;
            }
        }
    };
}

journey!(newcomer, |s, sim, base| newcomer(&s, base, false));
journey!(filters, |s, sim, base| async {
    s.connect_to_list(base).await;
    filters(&s, &sim, base, false).await;
});
journey!(detail, |s, sim, base| async {
    s.connect_to_list(base).await;
    detail(&s, &sim, base, false).await;
});
journey!(actions, |s, sim, base| async {
    s.connect_to_list(base).await;
    actions(&s, &sim, base, false).await;
});
journey!(live_updates, |s, sim, base| async {
    s.connect_to_list(base).await;
    live(&s, &sim, base).await;
});
journey!(disconnect, |s, sim, base| async {
    s.connect_to_list(base).await;
    disconnect(&s, &sim, base).await;
});
journey!(payloads_render_as_text, |s, sim, base| async {
    s.connect_to_list(base).await;
    payloads_render_as_text(&s, &sim, base).await;
});
journey!(run_again_and_new_job, |s, sim, base| async {
    s.connect_to_list(base).await;
    run_again(&s, &sim, base).await;
    new_job_from_each_template(&s, &sim, base).await;
});
journey!(bulk_actions, |s, sim, base| async {
    s.connect_to_list(base).await;
    bulk_cancel(&s, &sim, base).await;
    bulk_pauses_on_429(&s, &sim, base).await;
    bulk_stop(&s, &sim, base).await;
});
// More jobs than a selection holds.
journey!(select_all_matching, ["--jobs", "6000", "--frozen"], |s, sim, base| async {
    s.connect_to_list(base).await;
    select_all_matching(&s, &sim, base).await;
});
journey!(job_page_tools, |s, sim, base| async {
    s.connect_to_list(base).await;
    job_page_tools(&s, &sim, base).await;
});
journey!(find_jobs_fast, |s, sim, base| async {
    s.connect_to_list(base).await;
    table_click_and_saved_view(&s, base).await;
    keyboard_only(&s, &sim, base).await;
    narrow_screen(&s, base).await;
});
journey!(the_real_contract, |s, sim, base| async {
    s.connect_to_list(base).await;
    logs_without_time_or_level(&s, &sim, base).await;
    one_job_that_cannot_be_read(&s, &sim, base).await;
    replace_a_running_streaming_job(&s, &sim, base).await;
    sql_query_as_text(&s, &sim, base).await;
    permanent_delete_asks_for_the_table(&s, &sim, base).await;
});
journey!(tables_board, |s, sim, base| async {
    s.connect_to_list(base).await;
    tables_board(&s, &sim, base).await;
    tables_board_refresh(&s, &sim, base).await;
});
// The most jobs the board counts, read in full; and a reading stopped part way.
journey!(tables_board_at_ten_thousand, ["--jobs", "10000", "--frozen"], |s, sim, base| async {
    s.connect_to_list(base).await;
    tables_board_reads_and_stops(&s, &sim, base).await;
});
journey!(change_inbox, |s, sim, base| change_inbox(&s, &sim, base));
journey!(watch_a_project, |s, sim, base| watch_a_project(&s, &sim, base));
journey!(disconnect_reaches_every_tab, |s, sim, base| disconnect_in_two_tabs(&s, &sim, base));
// The shipped nginx recipe: the same app and API through deploy/nginx.conf.
journey!(nginx, |s, sim, base| async {
    let nginx = Nginx::start(&sim);
    newcomer(&s, &nginx.base(), false).await;
    detail(&s, &sim, &nginx.base(), false).await;
});
journey!(accessible_in_both_themes, |s, sim, base| async {
    accessible(&s, &sim, base, false).await;
    // The dark theme in a session of its own (the theme is the browser's).
    let dark = Session::start(s.browser, true).await;
    newcomer(&dark, base, true).await;
    detail(&dark, &sim, base, true).await;
    accessible(&dark, &sim, base, true).await;
    dark.close().await;
});

/// Journey 1: Newcomer: a wrong key stays on connect with a 401 in words, a forbidden key explains the
/// permission, the demo key shows the list.
async fn newcomer(s: &Session, base: &str, dark: bool) {
    s.connect(base, "pok_wrong_key").await;
    s.wait_js("the 401 message", "document.querySelector('[role=alert]')?.textContent.includes('401')").await;
    assert_eq!(s.path().await, "/");
    assert!(s
        .js("return !!document.querySelector('meta[http-equiv=Content-Security-Policy]')")
        .await
        .as_bool()
        .unwrap());
    s.screenshot("connect-401", dark).await;
    // Where the key would go, before Connect: the host, or why not.
    s.fill("#base-url", "https://Org.US-East-1.aws.api.imply.io/").await;
    s.wait_js("the host", "document.getElementById('base-url-target').textContent.includes('Your key will be sent to org.us-east-1.aws.api.imply.io.')").await;
    // A host this page's Content-Security-Policy does not let it reach: said before Connect,
    // rather than "Cannot reach the API" after.
    s.fill("#base-url", "https://evil.example").await;
    s.wait_js("the policy's refusal", "document.getElementById('base-url-target').textContent.includes('Content-Security-Policy does not allow it to reach https://evil.example')").await;
    s.fill("#base-url", "").await;
    s.wait_js(
        "this site",
        "document.getElementById('base-url-target').textContent.includes(\"this site's /v1 proxy\")",
    )
    .await;
    s.connect(base, FORBIDDEN_KEY).await;
    s.wait_js("the 403 message", "document.querySelector('[role=alert]')?.textContent.includes('ManageIngestionJobs')")
        .await;
    s.connect(base, DEMO_KEY).await;
    s.wait_js(
        "the list",
        "location.pathname === '/projects/demo-project/jobs' && document.querySelectorAll('tbody tr').length > 0",
    )
    .await;
    s.screenshot("list", dark).await;
    // The credential is in no URL, cookie, page text, or localStorage (not remembered).
    let leaks = s.js(&format!(
        "const k = {DEMO_KEY:?}; return [location.href.includes(k), document.cookie.includes(k), document.body.innerText.includes(k), JSON.stringify(localStorage).includes(k)]"
    )).await;
    assert_eq!(leaks, json!([false, false, false, false]));
}

/// Journey 2: Filters: chips across groups, the URL carries them, rows equal the API's answer, reload /
/// Back / Forward restore, Clear filters resets; search, sort and paging in the URL.
async fn filters(s: &Session, sim: &Sim, base: &str, dark: bool) {
    s.goto(&format!("{base}/projects/demo-project/jobs")).await;
    s.wait_js("rows", "document.querySelectorAll('tbody tr').length > 0").await;
    for v in ["batch", "streaming", "ok", "error"] {
        let before = s.path().await;
        s.js(&format!("document.querySelector('button.chip[data-value={v}]').click(); return true;")).await;
        s.wait_js("the URL to change", &format!("location.pathname + location.search !== {before:?}")).await;
    }
    let q = "type=batch&type=streaming&healthStatus=ok&healthStatus=error";
    assert_eq!(s.path().await, format!("/projects/demo-project/jobs?{q}"));
    let want: Vec<String> = api_json(sim, &format!("/v1/projects/demo-project/jobs?{q}"))["values"]
        .as_array()
        .unwrap()
        .iter()
        .map(|j| j["id"].as_str().unwrap().to_owned())
        .collect();
    assert!(!want.is_empty());
    let want_js = serde_json::to_string(&want).unwrap();
    let same_rows = format!("JSON.stringify([...document.querySelectorAll('tbody tr[data-job-id]')].map(r => r.dataset.jobId)) === {want_js:?}");
    s.wait_js("rows equal to the API's", &same_rows).await;
    s.screenshot("list-filtered", dark).await;
    s.client.refresh().await.unwrap();
    s.wait_js("rows after reload", &same_rows).await;
    assert_eq!(
        s.js("return document.querySelector('button.chip[data-value=streaming]').getAttribute('aria-pressed')").await,
        "true"
    );
    s.client.back().await.unwrap();
    s.wait_js("Back", "location.search === '?type=batch&type=streaming&healthStatus=ok'").await;
    s.client.forward().await.unwrap();
    s.wait_js("Forward", &format!("location.search === '?{q}'")).await;
    s.wait_js("rows after Forward", &same_rows).await;
    s.click_button(".filter-row", "Clear filters").await;
    s.wait_js("cleared", "location.search === ''").await;
    // Search (debounced), sort and page size: all in the URL.
    s.fill("#search", "orders").await;
    s.wait_js("search in the URL", "location.search === '?searchString=orders'").await;
    s.js("const e = document.getElementById('sort-by'); e.value = 'target_table_name'; e.dispatchEvent(new Event('change')); return true;").await;
    s.wait_js("sort in the URL", "location.search.includes('sortColumn=target_table_name')").await;
    s.js("const e = document.getElementById('page-size'); e.value = '25'; e.dispatchEvent(new Event('change')); return true;").await;
    s.wait_js("page size in the URL", "location.search.includes('paginationLimit=25')").await;
    s.fill("#search", "").await;
    s.wait_js("no search", "!location.search.includes('searchString')").await;
    s.wait_js("25 rows", "document.querySelectorAll('tbody tr[data-job-id]').length === 25").await;
    s.click_button(".pager", "Next page").await;
    s.wait_js("page 2", "location.search.includes('paginationOffset=25') && document.querySelector('.range').textContent === 'Rows 26–50'").await;

    // A link with filters that have no chips: each shows as a pill, and each reaches the API.
    let jobs = api_json(sim, "/v1/projects/demo-project/jobs?paginationLimit=1000");
    let job = jobs["values"]
        .as_array()
        .unwrap()
        .iter()
        .find(|j| j["source"]["connectionName"].is_string())
        .expect("a job reading a connection");
    let (connection, table) =
        (job["source"]["connectionName"].as_str().unwrap(), job["target"]["tableName"].as_str().unwrap());
    let query = format!("connectionName={connection}&targetTableName={table}");
    s.goto(&format!("{base}/projects/demo-project/jobs?{query}")).await;
    let pills = format!("JSON.stringify([...document.querySelectorAll('.pills [role=listitem] > span')].map(p => p.textContent)) === {:?}",
        serde_json::to_string(&[format!("Connection: {connection}"), format!("Table: {table}")]).unwrap());
    s.wait_js("both pills", &pills).await;
    s.wait_js(
        "the job's row",
        &format!("document.querySelector('tr[data-job-id=\"{}\"]')", job["id"].as_str().unwrap()),
    )
    .await;
    let asked = api_json(sim, "/__sim/requests?method=GET&pathPrefix=/v1/projects/demo-project/jobs");
    assert!(
        asked["requests"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["query"].as_str().is_some_and(|q| q.contains(&format!("connectionName={connection}"))
                && q.contains(&format!("targetTableName={table}")))),
        "both parameters sent: {asked}"
    );
}

/// Journey 3: Detail: badge, health, metrics and progress equal the API's answers; Copy job ID; Show JSON.
async fn detail(s: &Session, sim: &Sim, base: &str, dark: bool) {
    let running = api_json(sim, "/v1/projects/demo-project/jobs?type=batch&executionStatus=running");
    let job = &running["values"][0];
    let id = job["id"].as_str().unwrap();
    s.goto(&format!("{base}/projects/demo-project/jobs?type=batch&executionStatus=running")).await;
    s.wait_js("the row", &format!("document.querySelector('tr[data-job-id=\"{id}\"] a')")).await;
    s.js(&format!("document.querySelector('tr[data-job-id=\"{id}\"] a').click(); return true;")).await;
    s.wait_js(
        "the detail page",
        &format!("location.pathname === '/projects/demo-project/jobs/{id}' && document.querySelector('.metrics')"),
    )
    .await;
    let metrics = api_json(sim, &format!("/v1/projects/demo-project/jobs/{id}/metrics"));
    let progress = api_json(sim, &format!("/v1/projects/demo-project/jobs/{id}/progress"));
    let shown = s.js("return Object.fromEntries([...document.querySelectorAll('.metrics .pair')].map(p => [p.querySelector('dt').textContent, p.querySelector('dd').textContent]))").await;
    let thousands = |v: &Value| {
        let n = v.as_u64().unwrap().to_string();
        let mut out = String::new();
        for (i, c) in n.chars().enumerate() {
            if i > 0 && (n.len() - i).is_multiple_of(3) {
                out.push(',');
            }
            out.push(c);
        }
        out
    };
    assert_eq!(shown["Rows processed"], thousands(&metrics["totals"]["numRowsProcessed"]));
    assert_eq!(shown["Rows skipped by error"], thousands(&metrics["totals"]["numRowsSkippedByError"]));
    assert_eq!(shown["Rows skipped by filter"], "n/a");
    let pct = (progress["overallProgress"].as_f64().unwrap() * 100.0).round();
    assert_eq!(
        s.js("return document.querySelector('[role=progressbar]').getAttribute('aria-valuenow')").await,
        pct.to_string()
    );
    assert_eq!(
        s.js("return document.querySelector('.job-head [data-status]').dataset.status").await,
        job["executionStatus"]
    );
    assert_eq!(
        s.js("return document.querySelector('.job-head [data-health]').dataset.health").await,
        job["health"]["status"]
    );
    s.screenshot("detail", dark).await;
    s.click_button(".job-head", "Copy job ID").await;
    // Copied, or (a headless browser may refuse the clipboard) the id shown selected to copy.
    s.wait_js(
        "the copy outcome",
        &format!("/Job ID .* copied/.test(document.querySelector('[role=status].toast').textContent) || document.getElementById('copy-fallback')?.value === {id:?}"),
    )
    .await;
    if s.js("return !!document.getElementById('copy-fallback')").await == true {
        s.screenshot("copy-fallback", dark).await;
        s.click_button(".copy-fallback", "Done").await;
    }
    s.click_button("main", "Show JSON").await;
    s.wait_js("the JSON", &format!("document.getElementById('job-json')?.textContent.includes('\"id\": \"{id}\"')"))
        .await;
}

/// Moves the simulator's (frozen) clock on.
fn advance_clock(sim: &Sim, ms: u64) {
    let (status, _, body) =
        http(sim.port, "POST", "/__sim/clock", None, Some(&format!(r#"{{"advanceMs": {ms}}}"#)), &[]);
    assert_eq!(status, 200, "{body}");
}

async fn posts(sim: &Sim, id: &str) -> Vec<Value> {
    let v =
        api_json(sim, &format!("/__sim/requests?method=POST&pathPrefix=/v1/projects/demo-project/jobs/{id}/status"));
    v["requests"].as_array().unwrap().clone()
}

/// Clicks "Cancel job" until its dialog is open: the page's first reading of the job can replace
/// the action buttons just as one is clicked (a click on the replaced button does nothing).
async fn open_cancel_dialog(s: &Session) {
    for _ in 0..5 {
        s.click_button(".actions", "Cancel job").await;
        for _ in 0..20 {
            if s.js("return document.querySelector('dialog')?.open === true").await.as_bool() == Some(true) {
                return;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
    }
    s.wait_js("the dialog", "document.querySelector('dialog').open").await;
}

/// Journey 4: Actions: cancel a running batch job through the dialog (exactly one POST); suspend and
/// resume a streaming job; no actions on a finished job, no Suspend on a batch job.
async fn actions(s: &Session, sim: &Sim, base: &str, dark: bool) {
    let batch = api_json(sim, "/v1/projects/demo-project/jobs?type=batch&executionStatus=running");
    let id = batch["values"].as_array().unwrap().last().unwrap()["id"].as_str().unwrap().to_owned();
    s.goto(&format!("{base}/projects/demo-project/jobs/{id}")).await;
    // Escape, a real key press, closes the dialog and sends nothing.
    open_cancel_dialog(s).await;
    s.wait_js("the focus in the dialog", "document.querySelector('dialog').contains(document.activeElement)").await;
    s.client.active_element().await.unwrap().send_keys(&Key::Escape).await.unwrap();
    s.wait_js("the dialog closed by Escape", "!document.querySelector('dialog').open").await;
    assert!(posts(sim, &id).await.is_empty(), "Escape sent nothing");
    open_cancel_dialog(s).await;
    assert!(s.js("return document.querySelector('.actions > button') && ![...document.querySelectorAll('.actions > button')].some(b => b.textContent === 'Suspend')").await.as_bool().unwrap());
    s.screenshot("dialog", dark).await;
    assert!(s
        .js("return document.querySelector('dialog h2').textContent")
        .await
        .as_str()
        .unwrap()
        .starts_with("Cancel batch job into "));
    s.js("const b = [...document.querySelectorAll('dialog button')].find(b => b.textContent === 'Cancel job'); b.click(); b.click(); return true;").await;
    // Stopping takes time (the simulator's transition, its clock frozen here): the page says the
    // cancel is under way, offers it no more, and shows the end without a reload.
    s.wait_js(
        "canceling",
        "document.querySelector('.job-head [data-status=running]')?.textContent === 'Running → canceling'",
    )
    .await;
    assert!(s
        .js("return ![...document.querySelectorAll('.actions > button')].some(b => b.textContent === 'Cancel job')")
        .await
        .as_bool()
        .unwrap());
    advance_clock(sim, 3_000);
    s.wait_js("canceled", "document.querySelector('.job-head [data-status=canceled]')").await;
    let p = posts(sim, &id).await;
    assert_eq!(p.len(), 1, "{p:?}");
    assert_eq!(
        serde_json::from_str::<Value>(p[0]["body"].as_str().unwrap()).unwrap(),
        json!({"desiredExecutionStatus": "canceled"})
    );
    assert_eq!(api_json(sim, &format!("/v1/projects/demo-project/jobs/{id}/status"))["executionStatus"], "canceled");
    s.wait_js("no actions on a finished job", "document.querySelectorAll('.actions > button').length === 0").await;

    let streaming = api_json(sim, "/v1/projects/demo-project/jobs?type=streaming&executionStatus=running");
    let sid = streaming["values"][0]["id"].as_str().unwrap().to_owned();
    s.goto(&format!("{base}/projects/demo-project/jobs/{sid}")).await;
    s.click_button(".actions", "Suspend").await;
    s.wait_js("the dialog", "document.querySelector('dialog').open").await;
    s.click_button("dialog", "Suspend").await;
    s.wait_js(
        "suspending",
        "document.querySelector('.job-head [data-status=running]')?.textContent === 'Running → suspending'",
    )
    .await;
    advance_clock(sim, 3_000);
    s.wait_js("suspended", "document.querySelector('.job-head [data-status=suspended]')").await;
    s.click_button(".actions", "Resume").await;
    s.wait_js("running again", "document.querySelector('.job-head [data-status=running]')").await;
    let bodies: Vec<Value> =
        posts(sim, &sid).await.iter().map(|r| serde_json::from_str(r["body"].as_str().unwrap()).unwrap()).collect();
    assert_eq!(bodies, [json!({"desiredExecutionStatus": "suspended"}), json!({"desiredExecutionStatus": "running"})]);

    // Reset offsets: confirmed by typing the table's name; one POST /reset; the metrics start
    // again from zero.
    let table = api_json(sim, &format!("/v1/projects/demo-project/jobs/{sid}"))["target"]["tableName"]
        .as_str()
        .unwrap()
        .to_owned();
    s.wait_js("rows processed", "document.querySelector('.metrics .pair dd')?.textContent !== '0'").await;
    s.click_button(".actions", "Reset offsets").await;
    s.wait_js("the reset dialog", "document.querySelector('dialog').open && document.getElementById('dialog-typed')")
        .await;
    let confirm = "[...document.querySelectorAll('dialog button')].find(b => b.textContent === 'Reset offsets')";
    assert!(s.js(&format!("return {confirm}.disabled")).await.as_bool().unwrap(), "disabled until the name is typed");
    s.fill("#dialog-typed", &table).await;
    s.wait_js("the button enabled", &format!("!{confirm}.disabled")).await;
    s.js(&format!("{confirm}.click(); return true;")).await;
    s.wait_js(
        "the reset announced",
        "document.querySelector('[role=status].toast').textContent.includes('Offsets reset')",
    )
    .await;
    s.wait_js("the metrics from zero", "document.querySelector('.metrics .pair dd').textContent === '0'").await;
    let resets =
        api_json(sim, &format!("/__sim/requests?method=POST&pathPrefix=/v1/projects/demo-project/jobs/{sid}/reset"));
    assert_eq!(resets["requests"].as_array().unwrap().len(), 1);
}

/// Journey 5: Live: with auto-refresh on and simulated time moving, a running job's row updates without a
/// reload, and rows whose data did not change are the same DOM elements.
async fn live(s: &Session, sim: &Sim, base: &str) {
    s.goto(&format!("{base}/projects/demo-project/jobs?paginationLimit=250")).await;
    s.wait_js("rows", "document.querySelectorAll('tbody tr[data-job-id]').length > 0").await;
    s.js("const e = document.getElementById('auto-refresh'); e.value = '5'; e.dispatchEvent(new Event('change')); return true;").await;
    s.js("document.querySelectorAll('tbody tr[data-job-id]').forEach(r => r.__seen = true); return true;").await;
    let pending = api_json(sim, "/v1/projects/demo-project/jobs?executionStatus=pending&type=batch");
    let id = pending["values"][0]["id"].as_str().unwrap().to_owned();
    let (status, _, _) = http(sim.port, "POST", "/__sim/clock", None, Some(r#"{"advanceMs": 600000}"#), &[]);
    assert_eq!(status, 200);
    s.wait_js(
        "the pending job running",
        &format!("document.querySelector('tr[data-job-id=\"{id}\"] [data-status=running]')"),
    )
    .await;
    let kept = s.js("const rows = [...document.querySelectorAll('tbody tr[data-job-id]')]; return [rows.filter(r => r.__seen).length, rows.length]").await;
    let (kept, total) = (kept[0].as_u64().unwrap(), kept[1].as_u64().unwrap());
    assert!(kept > 0 && kept < total, "unchanged rows stay ({kept} of {total})");
    s.js("const e = document.getElementById('auto-refresh'); e.value = '0'; e.dispatchEvent(new Event('change')); return true;").await;

    // The detail page of a running job follows by itself too.
    let running = api_json(sim, "/v1/projects/demo-project/jobs?type=batch&executionStatus=running");
    let rid = running["values"][0]["id"].as_str().unwrap().to_owned();
    s.goto(&format!("{base}/projects/demo-project/jobs/{rid}")).await;
    s.wait_js("the progress bar", "document.querySelector('[role=progressbar]')").await;
    let before = s.js("return [Number(document.querySelector('[role=progressbar]').getAttribute('aria-valuenow')), document.querySelector('.metrics .pair dd').textContent]").await;
    let (status, _, _) = http(sim.port, "POST", "/__sim/clock", None, Some(r#"{"advanceMs": 120000}"#), &[]);
    assert_eq!(status, 200);
    s.wait_js_for(
        "progress and metrics to grow",
        &format!("(() => {{ const p = document.querySelector('[role=progressbar]'); const d = document.querySelector('.metrics .pair dd').textContent; return (!p || Number(p.getAttribute('aria-valuenow')) > {}) && d !== {:?}; }})()", before[0], before[1].as_str().unwrap()),
        30,
    )
    .await;
}

/// Journey 6: Disconnect: the credential leaves both storages; the next visit asks for it again.
/// A copy that outlived it (a closed tab reopened, a session restored, a tab duplicated: the
/// browser brings its sessionStorage back) is deleted, not used: no request is sent with it.
async fn disconnect(s: &Session, sim: &Sim, base: &str) {
    s.goto(&format!("{base}/projects/demo-project/jobs")).await;
    let copy = s.js("return sessionStorage.getItem('pjc.connection')").await;
    assert!(copy.as_str().is_some_and(|c| c.contains("\"made\":")), "a tab-only connection with its time: {copy}");
    s.click_button("header", "Disconnect").await;
    s.wait_js("the connect page", "location.pathname === '/' && document.getElementById('secret')").await;
    let stored =
        s.js("return [sessionStorage.getItem('pjc.connection'), localStorage.getItem('pjc.connection')]").await;
    assert_eq!(stored, json!([null, null]));
    s.goto(&format!("{base}/projects/demo-project/jobs")).await;
    s.wait_js("asked again", "location.pathname === '/' && document.getElementById('secret')").await;
    // The tab as the browser restores it: its sessionStorage copy is back.
    s.js(&format!("sessionStorage.setItem('pjc.connection', {copy}); return true;")).await;
    http(sim.port, "DELETE", "/__sim/requests", None, None, &[]);
    s.goto(&format!("{base}/projects/demo-project/jobs")).await;
    s.wait_js(
        "asked again, the copy deleted",
        "location.pathname === '/' && document.getElementById('secret') && !sessionStorage.getItem('pjc.connection')",
    )
    .await;
    let asked = api_json(sim, "/__sim/requests?pathPrefix=/v1/");
    assert_eq!(asked["requests"], json!([]), "nothing was sent with the forgotten key");
}

/// `text` is one command for bash (it parses: `bash -n`), and one `curl`.
fn one_shell_command(text: &str) {
    let out = std::process::Command::new("bash").args(["-n", "-c", text]).output().expect("bash");
    assert!(out.status.success(), "bash -n: {}\n{text}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(text.matches("curl ").count(), 1, "{text}");
}

/// Connects on the connect page of the current tab, remembered on this device or not, and waits
/// for the list.
async fn connect_here(s: &Session, base: &str, remember: bool) {
    s.goto(&format!("{base}/")).await;
    s.fill("#project-id", PROJECT).await;
    s.fill("#secret", DEMO_KEY).await;
    if remember {
        s.js("document.querySelector('input[name=remember]').click(); return true;").await;
    }
    s.click_button("form", "Connect").await;
    s.wait_js("the list", "document.querySelectorAll('tbody tr[data-job-id]').length > 0").await;
}

/// Disconnect in one tab reaches the others: with the credential remembered (localStorage) and
/// with it kept per tab (sessionStorage), the other tab drops it, goes to the connect page, and
/// sends no further request with it.
async fn disconnect_in_two_tabs(s: &Session, sim: &Sim, base: &str) {
    let first = s.client.window().await.unwrap();
    s.goto(&format!("{base}/")).await;
    s.js("sessionStorage.clear(); localStorage.clear(); return true;").await;
    for remember in [true, false] {
        s.client.switch_to_window(first.clone()).await.unwrap();
        connect_here(s, base, remember).await;
        let second = s.client.new_window(true).await.unwrap().handle;
        s.client.switch_to_window(second.clone()).await.unwrap();
        if remember {
            // The remembered credential: the second tab is connected as it opens.
            s.goto(&format!("{base}/projects/demo-project/jobs")).await;
            s.wait_js("the list in the second tab", "document.querySelectorAll('tbody tr[data-job-id]').length > 0")
                .await;
        } else {
            connect_here(s, base, false).await;
        }
        // Auto-refresh every 5 s in the second tab: it would keep asking with the credential.
        s.js("const e = document.getElementById('auto-refresh'); e.value = '5'; e.dispatchEvent(new Event('change')); return true;").await;
        s.client.switch_to_window(first.clone()).await.unwrap();
        s.click_button("header", "Disconnect").await;
        s.wait_js("the connect page", "location.pathname === '/' && document.getElementById('secret')").await;
        http(sim.port, "DELETE", "/__sim/requests", None, None, &[]);
        s.client.switch_to_window(second.clone()).await.unwrap();
        s.wait_js(
            "the second tab on the connect page",
            "location.pathname === '/' && document.getElementById('secret') && !sessionStorage.getItem('pjc.connection') && !localStorage.getItem('pjc.connection')",
        )
        .await;
        assert!(s
            .js("return document.body.innerText.includes('Disconnected in another tab')")
            .await
            .as_bool()
            .unwrap());
        // A minute later by the page's clock, far past the auto-refresh interval, and two ticks of
        // its timers: nothing is asked with the dropped credential.
        s.advance_clock(60_000).await;
        s.two_ticks().await;
        let asked = api_json(sim, "/__sim/requests?pathPrefix=/v1/");
        assert_eq!(asked["requests"], json!([]), "requests after Disconnect (remembered: {remember})");
        s.client.close_window().await.unwrap();
    }
    s.client.switch_to_window(first).await.unwrap();
}

/// Security: names, messages and logs holding HTML and script render as text; no request leaves
/// for another origin.
async fn payloads_render_as_text(s: &Session, sim: &Sim, base: &str) {
    let evil = "<img src=x onerror=\"window.__pwned=1\"><script>window.__pwned=1</script><b id=injected>b</b>";
    let id = "0000e2e0-0000-4000-8000-00000000a11e";
    let job = json!({"job": {
        "id": id, "type": "streaming",
        "target": {"type": "table", "tableName": evil},
        "source": {"type": "connection", "connectionName": evil},
        "desiredExecutionStatus": "running", "executionStatus": "running",
        "health": {"status": "error", "code": "internal_error", "message": evil},
        "createdBy": {"username": evil}, "createdTimestamp": "2024-05-01T00:00:00Z",
        "lastModifiedBy": {"username": evil}, "lastUpdatedTimestamp": "2030-01-01T00:00:00Z"
    }, "logs": [{"timestamp": "2024-05-01T00:00:00Z", "healthStatus": "error", "code": "internal_error", "message": evil}]});
    let (status, _, body) = http(sim.port, "POST", "/__sim/jobs", None, Some(&job.to_string()), &[]);
    assert_eq!(status, 201, "{body}");
    s.goto(&format!("{base}/projects/demo-project/jobs")).await;
    s.wait_js("the row", &format!("document.querySelector('tr[data-job-id=\"{id}\"]')")).await;
    s.goto(&format!("{base}/projects/demo-project/jobs/{id}")).await;
    s.wait_js("the detail with logs", "document.querySelector('.logs')").await;
    s.click_button("main", "Show JSON").await;
    s.wait_js("the JSON", "document.getElementById('job-json')").await;
    let checks = s.js("return [window.__pwned === undefined, !document.getElementById('injected'), document.body.innerText.includes('<b id=injected>b</b>'), document.querySelectorAll('img').length]").await;
    assert_eq!(checks, json!([true, true, true, 0]));
    let origins =
        s.js("return [...new Set(performance.getEntriesByType('resource').map(e => new URL(e.name).origin))]").await;
    assert_eq!(origins, json!([base]), "no request leaves for another origin");
    // Trusted Types: the app writes its HTML (rows, chips, options) through its policy, so it
    // works with the policy's header on (it is, here); any other string written as HTML is
    // refused, and reported. Both browsers enforce it (Firefox from 148). The default policy
    // refuses markup that would shadow the page's globals (an `id`, a `name`) and links that
    // resolve to another site, however they are written. (By its name: in Firefox, WebDriver's
    // script runs in a sandbox whose `TypeError` is not the page's.)
    let refused = s
        .js("let reported = []; document.addEventListener('securitypolicyviolation', e => reported.push(e.violatedDirective));
             const refused = (html) => { try { document.createElement('div').innerHTML = html; return false; } catch (e) { return e?.name === 'TypeError'; } };
             const all = ['<img src=x onerror=\"window.__pwned=2\">', '<a id=\"pjcFirstList\">x</a>', '<input name=\"trustedTypes\">',
                          '<a href=\"/\\\\evil.example\">x</a>', '<a href=\"/\\t/evil.example\">x</a>'].map(refused);
             const inert = !refused('<p class=\"muted\"><a href=\"/projects/p/jobs\">x</a></p>');
             return new Promise(done => setTimeout(() => done([!!window.trustedTypes, all, inert, reported]), 50));")
        .await;
    assert_eq!(
        (&refused[0], &refused[1], &refused[2]),
        (&json!(true), &json!([true, true, true, true, true]), &json!(true)),
        "[{}] an injected innerHTML is refused: {refused}",
        s.browser.name()
    );
    let reported: Vec<&str> = refused[3].as_array().unwrap().iter().filter_map(|v| v.as_str()).collect();
    assert!(reported.contains(&"require-trusted-types-for"), "and reported: {refused}");
    let version = s.js("return navigator.userAgent").await;
    println!("payloads_render_as_text ran in {version}");
    assert!(s.js("return window.__pwned === undefined").await.as_bool().unwrap());
}

/// axe-core on each main view: zero serious or critical violations.
async fn accessible(s: &Session, sim: &Sim, base: &str, dark: bool) {
    let theme = if dark { "dark" } else { "light" };
    let mut found = Vec::new();
    s.goto(&format!("{base}/")).await;
    s.js("sessionStorage.clear(); return true;").await;
    s.goto(&format!("{base}/")).await;
    s.css("#secret").await;
    found.extend(s.axe_serious().await.into_iter().map(|v| format!("connect/{theme}: {v}")));
    s.connect(base, DEMO_KEY).await;
    s.wait_js("rows", "document.querySelectorAll('tbody tr').length > 0").await;
    found.extend(s.axe_serious().await.into_iter().map(|v| format!("list/{theme}: {v}")));
    let running = api_json(sim, "/v1/projects/demo-project/jobs?type=streaming&executionStatus=running");
    let id = running["values"][0]["id"].as_str().unwrap().to_owned();
    s.goto(&format!("{base}/projects/demo-project/jobs/{id}")).await;
    s.wait_js("the detail", "document.querySelector('.metrics')").await;
    found.extend(s.axe_serious().await.into_iter().map(|v| format!("detail/{theme}: {v}")));
    s.click_button(".actions", "Suspend").await;
    s.wait_js("the dialog", "document.querySelector('dialog').open").await;
    found.extend(s.axe_serious().await.into_iter().map(|v| format!("dialog/{theme}: {v}")));
    s.screenshot("dialog-suspend", dark).await;
    s.click_button("dialog", "Keep job").await;
    s.goto(&format!("{base}/projects/demo-project/tables")).await;
    s.wait_js("the board", "document.querySelector('table.board tbody tr')").await;
    found.extend(s.axe_serious().await.into_iter().map(|v| format!("tables/{theme}: {v}")));
    s.screenshot("tables", dark).await;
    assert!(found.is_empty(), "[{}] accessibility violations:\n{}", s.browser.name(), found.join("\n"));
}

/// The POSTs that created jobs (`POST /jobs`), with their bodies.
fn creations(sim: &Sim) -> Vec<Value> {
    let v = api_json(sim, "/__sim/requests?method=POST&pathPrefix=/v1/projects/demo-project/jobs");
    v["requests"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["path"] == "/v1/projects/demo-project/jobs")
        .map(|r| serde_json::from_str(r["body"].as_str().unwrap()).unwrap())
        .collect()
}

/// Waits for the page of a job other than `/jobs/new` and returns its id.
async fn new_job_page(s: &Session) -> String {
    s.wait_js(
        "the new job's page",
        "/^\\/projects\\/demo-project\\/jobs\\/[0-9a-f-]{36}$/.test(location.pathname) && document.querySelector('.job-head')",
    )
    .await;
    s.js("return location.pathname.split('/').pop()").await.as_str().unwrap().to_owned()
}

/// Journey: Run again: a failed SQL job's page offers "Run again"; its spec opens in the editor,
/// the query is edited, "Submit job" sends one POST /jobs without the server's fields, and the new
/// job is in the list.
async fn run_again(s: &Session, sim: &Sim, base: &str) {
    let failed = api_json(sim, "/v1/projects/demo-project/jobs?type=sql&executionStatus=failed");
    let id = failed["values"][0]["id"].as_str().expect("a failed SQL job in the demo set").to_owned();
    s.goto(&format!("{base}/projects/demo-project/jobs/{id}")).await;
    s.wait_js("Run again", "[...document.querySelectorAll('.actions a')].some(a => a.textContent === 'Run again')")
        .await;
    s.js("[...document.querySelectorAll('.actions a')].find(a => a.textContent === 'Run again').click(); return true;")
        .await;
    s.wait_js(
        "the editor with the job's spec",
        "document.getElementById('spec-editor')?.value.includes('\"type\": \"sql\"')",
    )
    .await;
    assert_eq!(s.path().await, format!("/projects/demo-project/jobs/new?from={id}"));
    assert_eq!(s.js("return document.querySelector('label[for=spec-editor]').textContent").await, "Job spec (JSON)");
    // The edit as a person makes it: the query typed in place of the old one.
    s.js(r#"const e = document.getElementById('spec-editor'); const spec = JSON.parse(e.value);
        spec.query = 'INSERT INTO "orders_rerun"\nSELECT 1 AS x\nPARTITIONED BY DAY';
        e.value = JSON.stringify(spec, null, 2); e.dispatchEvent(new Event('input')); return true;"#)
        .await;
    s.wait_js("checked", "document.getElementById('spec-check').textContent === 'Valid JSON.'").await;
    let before = creations(sim).len();
    s.click_button(".form-buttons", "Submit job").await;
    let new_id = new_job_page(s).await;
    assert_ne!(new_id, id);
    let sent = creations(sim);
    assert_eq!(sent.len(), before + 1, "one POST /jobs");
    let body = sent.last().unwrap();
    assert_eq!(body["type"], "sql");
    assert_eq!(body["query"], "INSERT INTO \"orders_rerun\"\nSELECT 1 AS x\nPARTITIONED BY DAY");
    for field in ["id", "executionStatus", "desiredExecutionStatus", "health", "createdBy", "createdTimestamp", "spec"]
    {
        assert!(body.get(field).is_none(), "{field} is the server's: {body}");
    }
    // The new job in the list.
    s.goto(&format!("{base}/projects/demo-project/jobs?searchString={new_id}")).await;
    s.wait_js("the new job's row", &format!("document.querySelector('tbody tr[data-job-id=\"{new_id}\"]')")).await;
}

/// Journey: "New job" on the list opens the editor with a template per type; each, submitted as
/// it stands, is accepted and becomes a job of that type.
async fn new_job_from_each_template(s: &Session, sim: &Sim, base: &str) {
    for t in ["batch", "sql", "streaming", "delete_data", "drop_table", "restore_data"] {
        s.goto(&format!("{base}/projects/demo-project/jobs")).await;
        s.wait_js("New job", "[...document.querySelectorAll('a')].some(a => a.textContent === 'New job')").await;
        s.js("[...document.querySelectorAll('a')].find(a => a.textContent === 'New job').click(); return true;").await;
        s.wait_js("the editor", "document.getElementById('spec-editor')?.value.includes('\"type\": \"batch\"')").await;
        let select = s.css("#template").await;
        select.select_by_value(t).await.unwrap();
        s.wait_js(
            &format!("the {t} template"),
            // Batch is the default: choosing it again changes nothing.
            &format!("document.getElementById('spec-editor').value.includes('\"type\": \"{t}\"') && (location.search === '?template={t}' || {})", t == "batch"),
        )
        .await;
        s.click_button(".form-buttons", "Submit job").await;
        let id = new_job_page(s).await;
        assert_eq!(api_json(sim, &format!("/v1/projects/demo-project/jobs/{id}"))["type"], t);
    }
}

/// The status POSTs the simulator received for each of these jobs.
fn status_posts(sim: &Sim, ids: &[String]) -> Vec<usize> {
    let v = api_json(sim, "/__sim/requests?method=POST&pathPrefix=/v1/projects/demo-project/jobs/");
    let all = v["requests"].as_array().unwrap();
    ids.iter()
        .map(|id| all.iter().filter(|r| r["path"] == format!("/v1/projects/demo-project/jobs/{id}/status")).count())
        .collect()
}

/// Clicks a job's box on the list ("Select job {table} ({id})").
async fn pick(s: &Session, table: &str, id: &str) {
    let sel = format!("input[aria-label=\"Select job {table} ({id})\"]");
    s.wait_js(&format!("the box of {table}"), &format!("document.querySelector('{sel}')")).await;
    s.js(&format!("document.querySelector('{sel}').click(); return true;")).await;
}

/// The outcome and detail of a job's row in the results table.
async fn result_of(s: &Session, id: &str) -> (String, String) {
    let v = s
        .js(&format!(
            "const tr = [...document.querySelectorAll('.bulk-results tbody tr')].find(r => r.textContent.includes({id:?}));
             return [tr.cells[1].textContent, tr.cells[2].textContent];"
        ))
        .await;
    (v[0].as_str().unwrap().to_owned(), v[1].as_str().unwrap().to_owned())
}

/// Opens the bulk dialog for `action` ("Cancel selected") and confirms with `label`, typing the
/// count first when asked.
async fn confirm_bulk(s: &Session, action: &str, heading: &str, label: &str, typed: Option<&str>) {
    s.click_button(".selection-bar", action).await;
    s.wait_js("the bulk dialog", "document.querySelector('dialog.bulk-dialog')?.open").await;
    s.wait_js(
        &format!("the heading {heading:?}"),
        &format!("[...document.querySelectorAll('dialog h3')].some(h => h.textContent === {heading:?})"),
    )
    .await;
    let confirm = format!("[...document.querySelectorAll('dialog button')].find(b => b.textContent === {label:?})");
    if let Some(n) = typed {
        assert!(s.js(&format!("return {confirm}.disabled")).await.as_bool().unwrap(), "disabled until {n} is typed");
        assert_eq!(
            s.js("return document.querySelector('label[for=bulk-typed]').textContent").await,
            format!("Type {n} to confirm")
        );
        s.fill("#bulk-typed", n).await;
    }
    s.wait_js("the confirm button enabled", &format!("!{confirm}.disabled")).await;
    s.js(&format!("{confirm}.click(); return true;")).await;
}

/// Journey: bulk cancel of 30 jobs selected across 2 pages; the simulator refuses one (409) and
/// fails one (503): one POST per job, the per-job results, and "Retry failed" resends only the
/// failed one.
async fn bulk_cancel(s: &Session, sim: &Sim, base: &str) {
    let ids = sim.insert_running("bulkc", 30, 0xb0);
    let (refused, failed) = (&ids[7], &ids[27]);
    for (id, status, message) in
        [(refused, 409, "The job is being updated by someone else."), (failed, 503, "Maintenance")]
    {
        sim.fault(&json!({"pathPrefix": format!("/v1/projects/demo-project/jobs/{id}/status"), "method": "POST", "status": status, "message": message}));
    }
    s.goto(&format!("{base}/projects/demo-project/jobs?searchString=bulkc_&sortColumn=target_table_name&sortOrder=ASC&paginationLimit=25")).await;
    s.wait_js("25 rows", "document.querySelectorAll('tbody tr[data-job-id]').length === 25").await;
    // Page 1: all of it, by the header's box.
    s.js("document.querySelector('input[aria-label=\"Select all on this page\"]').click(); return true;").await;
    s.wait_js("25 selected", "document.querySelector('.selection-bar .count')?.textContent === '25 selected'").await;
    assert!(s
        .js("return [...document.querySelectorAll('tbody input[type=checkbox]')].every(b => b.checked)")
        .await
        .as_bool()
        .unwrap());
    // Page 2: the selection stays; five more.
    s.click_button(".pager", "Next page").await;
    s.wait_js("page 2", "document.querySelectorAll('tbody tr[data-job-id]').length === 5").await;
    s.wait_js(
        "the header's box clear",
        "!document.querySelector('input[aria-label=\"Select all on this page\"]').checked",
    )
    .await;
    for (i, id) in ids.iter().enumerate().skip(25) {
        pick(s, &format!("bulkc_{i:03}"), id).await;
    }
    s.wait_js("30 selected", "document.querySelector('.selection-bar .count').textContent === '30 selected'").await;
    // Sorting keeps the selection, and the boxes show it.
    s.css("#sort-order").await.select_by_value("DESC").await.unwrap();
    s.wait_js("sorted", "!location.search.includes('sortOrder=ASC') && document.querySelector('tbody tr[data-job-id]').textContent.includes('bulkc_029')").await;
    s.wait_js("the boxes checked", "document.querySelectorAll('tbody input:checked').length === 25 && document.querySelector('input[aria-label=\"Select all on this page\"]').checked").await;
    assert_eq!(s.js("return document.querySelector('.selection-bar .count').textContent").await, "30 selected");
    confirm_bulk(s, "Cancel selected", "30 jobs will be canceled", "Cancel 30 jobs", Some("30")).await;
    s.wait_js(
        "the summary",
        "document.querySelector('.bulk-summary').textContent === 'Cancel: 28 done, 1 refused, 1 failed.'",
    )
    .await;
    s.screenshot("bulk-results", false).await;
    assert_eq!(status_posts(sim, &ids), vec![1; 30], "exactly one POST per job");
    let (outcome, detail) = result_of(s, refused).await;
    assert_eq!(outcome, "Refused");
    assert!(detail.contains("being updated by someone else"), "{detail}");
    let (outcome, detail) = result_of(s, failed).await;
    assert_eq!(outcome, "Failed");
    assert!(detail.contains("503"), "{detail}");
    assert_eq!(result_of(s, &ids[0]).await.0, "Done");
    // The summary was said in the live region too.
    s.wait_js(
        "announced",
        "document.querySelector('[role=status].toast')?.textContent.includes('28 done, 1 refused, 1 failed')",
    )
    .await;

    s.click_button("dialog", "Retry failed").await;
    s.wait_js(
        "the retry's summary",
        "document.querySelector('.bulk-summary').textContent === 'Cancel: 29 done, 1 refused.'",
    )
    .await;
    let mut expected = vec![1; 30];
    expected[27] = 2;
    assert_eq!(status_posts(sim, &ids), expected, "the retry resent only the failed job");
    assert_eq!(result_of(s, failed).await.0, "Done");
    // Closing keeps what was not done selected.
    s.click_button("dialog", "Close").await;
    s.wait_js("1 selected", "document.querySelector('.selection-bar .count')?.textContent === '1 selected'").await;
    s.click_button(".selection-bar", "Clear selection").await;
    s.wait_js("no selection", "!document.querySelector('.selection-bar')").await;
    // What the bar said of the 5,000 ended with them.
    s.js("document.querySelector('tbody input[type=checkbox]').click(); return true;").await;
    s.wait_js("1 selected", "document.querySelector('.selection-bar .count')?.textContent === '1 selected'").await;
    assert_eq!(s.js("return document.querySelector('.selection-bar .note')?.textContent ?? null").await, Value::Null);
    s.click_button(".selection-bar", "Clear selection").await;
    s.wait_js("no selection", "!document.querySelector('.selection-bar')").await;
}

/// Journey: a 429 with Retry-After pauses all sending, then the job goes again (one request that
/// counted).
async fn bulk_pauses_on_429(s: &Session, sim: &Sim, base: &str) {
    let ids = sim.insert_running("bulkr", 6, 0xb1);
    sim.fault(&json!({"pathPrefix": format!("/v1/projects/demo-project/jobs/{}/status", ids[1]), "method": "POST", "status": 429, "retryAfter": 2}));
    s.goto(&format!(
        "{base}/projects/demo-project/jobs?searchString=bulkr_&sortColumn=target_table_name&sortOrder=ASC"
    ))
    .await;
    s.wait_js("6 rows", "document.querySelectorAll('tbody tr[data-job-id]').length === 6").await;
    s.js("document.querySelector('input[aria-label=\"Select all on this page\"]').click(); return true;").await;
    let started = std::time::Instant::now();
    confirm_bulk(s, "Cancel selected", "6 jobs will be canceled", "Cancel 6 jobs", None).await;
    s.wait_js(
        "the pause",
        "document.querySelector('dialog .notice')?.textContent.includes('(429): sending paused for 2 s')",
    )
    .await;
    s.wait_js("the summary", "document.querySelector('.bulk-summary').textContent === 'Cancel: 6 done.'").await;
    assert!(started.elapsed() >= std::time::Duration::from_secs(2), "the run waited the Retry-After");
    assert_eq!(status_posts(sim, &ids), [1, 2, 1, 1, 1, 1], "the refused request is sent again, the others once");
    s.click_button("dialog", "Close").await;
    s.wait_js("no selection", "!document.querySelector('.selection-bar')").await;
}

/// Journey: "Stop" sends nothing more: the jobs not sent yet are "Not sent", and the simulator saw
/// only the requests of the others.
async fn bulk_stop(s: &Session, sim: &Sim, base: &str) {
    let ids = sim.insert_running("bulks", 20, 0xb2);
    // Slow answers, so that Stop comes while most jobs wait.
    sim.fault(&json!({"pathPrefix": "/v1/projects/demo-project/jobs/", "method": "POST", "delayMs": 700, "count": 40}));
    s.goto(&format!(
        "{base}/projects/demo-project/jobs?searchString=bulks_&sortColumn=target_table_name&sortOrder=ASC"
    ))
    .await;
    s.wait_js("20 rows", "document.querySelectorAll('tbody tr[data-job-id]').length === 20").await;
    s.js("document.querySelector('input[aria-label=\"Select all on this page\"]').click(); return true;").await;
    confirm_bulk(s, "Cancel selected", "20 jobs will be canceled", "Cancel 20 jobs", Some("20")).await;
    s.click_button("dialog", "Stop").await;
    s.wait_js("the end", "document.querySelector('.bulk-summary').textContent.startsWith('Cancel: ')").await;
    let text = s.js("return document.querySelector('.bulk-summary').textContent").await;
    let sent: usize = status_posts(sim, &ids).iter().sum();
    assert!(sent <= 4, "at most the 4 requests on their way when Stop came: {sent}");
    let not_sent = s
        .js("return [...document.querySelectorAll('.bulk-results tbody tr')].filter(r => r.cells[1].textContent === 'Not sent').length")
        .await
        .as_u64()
        .unwrap() as usize;
    assert_eq!(not_sent + sent, 20, "{text}");
    assert!(text.as_str().unwrap().contains(&format!("{not_sent} not sent")), "{text}");
    // Nothing goes out afterwards either.
    tokio::time::sleep(std::time::Duration::from_millis(1000)).await;
    assert_eq!(status_posts(sim, &ids).iter().sum::<usize>(), sent);
    s.click_button("dialog", "Close").await;
}

/// The list requests of 1000 jobs the simulator received with this query part.
fn pages_of_1000(sim: &Sim, with: &str) -> usize {
    let v = api_json(sim, "/__sim/requests?method=GET&pathPrefix=/v1/projects/demo-project/jobs");
    v["requests"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["path"] == "/v1/projects/demo-project/jobs")
        .filter(|r| r["query"].as_str().is_some_and(|q| q.contains("paginationLimit=1000") && q.contains(with)))
        .count()
}

/// Journey: "Select all matching jobs" pages through the filter's jobs 1000 at a time, and stops
/// at 5,000 saying so; with a filter that matches fewer, it takes them all.
async fn select_all_matching(s: &Session, sim: &Sim, base: &str) {
    let first = s.js("return document.querySelector('tbody tr[data-job-id]').dataset.jobId").await;
    s.js("document.querySelector('tbody input[type=checkbox]').click(); return true;").await;
    s.wait_js("1 selected", "document.querySelector('.selection-bar .count')?.textContent === '1 selected'").await;
    s.click_button(".selection-bar", "Select all matching jobs").await;
    s.wait_js(
        "the stop at 5,000",
        "document.querySelector('.selection-bar .note')?.textContent === 'Stopped at 5,000 selected jobs, the most one selection holds. More jobs match this filter.'",
    )
    .await;
    assert_eq!(s.js("return document.querySelector('.selection-bar .count').textContent").await, "5,000 selected");
    assert_eq!(pages_of_1000(sim, ""), 5, "five pages of 1000");
    assert!(first.is_string());
    s.click_button(".selection-bar", "Clear selection").await;
    s.wait_js("no selection", "!document.querySelector('.selection-bar')").await;
    // What the bar said of the 5,000 ended with them.
    s.js("document.querySelector('tbody input[type=checkbox]').click(); return true;").await;
    s.wait_js("1 selected", "document.querySelector('.selection-bar .count')?.textContent === '1 selected'").await;
    assert_eq!(s.js("return document.querySelector('.selection-bar .note')?.textContent ?? null").await, Value::Null);
    s.click_button(".selection-bar", "Clear selection").await;
    s.wait_js("no selection", "!document.querySelector('.selection-bar')").await;

    // A filter that matches fewer: every one of them, in as many pages as it takes.
    let mut sql = 0;
    let mut offset = 0;
    loop {
        let page = api_json(
            sim,
            &format!("/v1/projects/demo-project/jobs?type=sql&paginationLimit=1000&paginationOffset={offset}"),
        );
        sql += page["values"].as_array().unwrap().len();
        offset += 1000;
        if page["moreResultsAvailable"] != true {
            break;
        }
    }
    s.goto(&format!("{base}/projects/demo-project/jobs?type=sql")).await;
    s.wait_js("rows", "document.querySelectorAll('tbody tr[data-job-id]').length > 0").await;
    s.js("document.querySelector('tbody input[type=checkbox]').click(); return true;").await;
    let before = pages_of_1000(sim, "type=sql");
    s.click_button(".selection-bar", "Select all matching jobs").await;
    let n = format!("{sql}");
    let grouped = if sql >= 1000 { format!("{},{:03}", sql / 1000, sql % 1000) } else { n };
    s.wait_js(
        "every SQL job",
        &format!("document.querySelector('.selection-bar .note')?.textContent === 'Selected every job that matches the filter: {grouped} read, {grouped} selected in all.'"),
    )
    .await;
    assert_eq!(
        s.js("return document.querySelector('.selection-bar .count').textContent").await,
        format!("{grouped} selected")
    );
    assert_eq!(pages_of_1000(sim, "type=sql") - before, sql.div_ceil(1000).max(1));
}

/// Journey: the job page's tools. A failed SQL job's query readable in its specification and
/// copied (on a page without a clipboard: shown selected); "Copy as curl" without the key; the
/// logs filtered by level and downloaded as the entries shown; a delete job says it reports no
/// row metrics; "← All jobs" goes back to the list's view and scroll position.
async fn job_page_tools(s: &Session, sim: &Sim, base: &str) {
    let failed = api_json(sim, "/v1/projects/demo-project/jobs?type=sql&executionStatus=failed");
    let id = failed["values"][0]["id"].as_str().unwrap().to_owned();
    let query = api_json(sim, &format!("/v1/projects/demo-project/jobs/{id}"))["query"].as_str().unwrap().to_owned();
    s.goto(&format!("{base}/projects/demo-project/jobs/{id}")).await;
    s.wait_js("the specification", "document.querySelector('.spec pre.query')").await;
    assert_eq!(s.js("return document.querySelector('.spec pre.query').textContent").await, query.as_str());
    // As on a plain-HTTP host: no clipboard.
    s.js("Object.defineProperty(navigator, 'clipboard', {value: undefined, configurable: true}); return true;").await;
    s.click_button(".spec", "Copy query").await;
    s.wait_js("the query shown selected", "document.getElementById('copy-fallback')?.value.length > 0").await;
    assert_eq!(s.js("return document.getElementById('copy-fallback').value").await, query.as_str());
    assert_eq!(
        s.js("const t = document.getElementById('copy-fallback'); return document.activeElement === t && t.selectionStart === 0 && t.selectionEnd === t.value.length").await,
        true
    );
    s.click_button(".job-toolbar", "Copy as curl").await;
    s.wait_js("the curl command", "document.getElementById('copy-fallback')?.value.startsWith('# Read the job')").await;
    let curl = s.js("return document.getElementById('copy-fallback').value").await;
    let curl = curl.as_str().unwrap();
    assert!(
        curl.contains(&format!("curl -sS -u \"$POLARIS_API_KEY:\" '{base}/v1/projects/demo-project/jobs/{id}'")),
        "{curl}"
    );
    assert!(!curl.contains(DEMO_KEY), "{curl}");
    // Pasted into a terminal, it reads the job and nothing else.
    one_shell_command(curl);
    assert!(!curl.contains("-X"), "{curl}");
    s.click_button(".copy-fallback", "Done").await;

    // A running job: each action's command on its own, with what it does.
    let running = api_json(sim, "/v1/projects/demo-project/jobs?type=streaming&executionStatus=running");
    let rid = running["values"][0]["id"].as_str().unwrap().to_owned();
    s.goto(&format!("{base}/projects/demo-project/jobs/{rid}")).await;
    s.wait_js("the actions' commands", "document.querySelector('.action-commands:not([hidden]) summary')").await;
    s.js("Object.defineProperty(navigator, 'clipboard', {value: undefined, configurable: true}); document.querySelector('.action-commands summary').click(); return true;").await;
    let says = s.js("return document.querySelector('.action-commands').innerText").await;
    assert!(
        says.as_str().unwrap().contains("Cancels the job") && says.as_str().unwrap().contains("Suspends the job"),
        "{says}"
    );
    s.click_button(".action-commands", "Copy the cancel command").await;
    s.wait_js("the cancel command", "document.getElementById('copy-fallback')?.value.startsWith('# Cancel job')").await;
    let cancel = s.js("return document.getElementById('copy-fallback').value").await;
    let cancel = cancel.as_str().unwrap();
    one_shell_command(cancel);
    assert!(
        cancel.contains(&format!(
            "-d '{{\"desiredExecutionStatus\":\"canceled\"}}' '{base}/v1/projects/demo-project/jobs/{rid}/status'"
        )),
        "{cancel}"
    );
    assert!(!cancel.contains("suspended"), "one command a copy: {cancel}");
    s.click_button(".copy-fallback", "Done").await;
    assert_eq!(
        api_json(sim, &format!("/v1/projects/demo-project/jobs/{rid}"))["executionStatus"],
        "running",
        "copying changed nothing"
    );
    s.goto(&format!("{base}/projects/demo-project/jobs/{id}")).await;
    s.wait_js("the specification", "document.querySelector('.spec pre.query')").await;

    // Logs: filtered by level in the page, downloaded as shown.
    s.wait_js("log rows", "document.querySelectorAll('.logs tbody tr').length > 0").await;
    let all = s.js("return document.querySelectorAll('.logs tbody tr').length").await.as_u64().unwrap();
    s.click_button(".log-filters", "✓Error").await;
    s.wait_js(
        "only errors",
        "[...document.querySelectorAll('.logs tbody tr')].every(r => r.cells[1].textContent === 'Error')",
    )
    .await;
    let errors = s.js("return document.querySelectorAll('.logs tbody tr').length").await.as_u64().unwrap();
    assert!(errors >= 1 && errors <= all, "{errors} of {all}");
    s.js("window.__saved = null; const real = URL.createObjectURL; URL.createObjectURL = b => { window.__saved = b; return real(b); }; return true;").await;
    s.click_button(".log-filters", "Download logs").await;
    s.wait_js("the file", "window.__saved").await;
    let lines = s
        .client
        .execute_async(
            "const done = arguments[arguments.length - 1]; window.__saved.text().then(t => done(t));",
            vec![],
        )
        .await
        .unwrap();
    let lines: Vec<Value> = lines.as_str().unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len() as u64, errors, "the entries shown");
    assert!(lines.iter().all(|l| l["healthStatus"] == "error"), "{lines:?}");

    // A delete job has no row metrics to show; its intervals read in either zone ("Times").
    let delete = api_json(sim, "/v1/projects/demo-project/jobs?type=delete_data");
    let did = delete["values"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|v| v["id"].as_str())
        .find(|id| api_json(sim, &format!("/v1/projects/demo-project/jobs/{id}"))["target"]["intervals"].is_array())
        .expect("a delete job with intervals")
        .to_owned();
    s.goto(&format!("{base}/projects/demo-project/jobs/{did}")).await;
    s.wait_js(
        "no row metrics",
        "document.querySelector('.metrics')?.textContent.includes('This job type reports no row metrics.')",
    )
    .await;
    let interval = "[...document.querySelectorAll('.spec time')].map(t => [t.getAttribute('datetime'), t.textContent])";
    s.wait_js("the interval", &format!("{interval}.length >= 2")).await;
    let utc: Vec<(String, String)> = serde_json::from_value(s.js(&format!("return {interval}")).await).unwrap();
    for (datetime, shown) in &utc {
        // `2024-01-01T00:00:00Z` reads `2024-01-01 00:00:00 UTC`.
        assert_eq!(*shown, format!("{} UTC", datetime.trim_end_matches('Z').replacen('T', " ", 1)), "{utc:?}");
    }
    s.click_button("header", "Local").await;
    // The browser's own reading of each moment in its zone (New York here: `cargo xtask test`).
    let local_of = "(d) => { const p = {}; for (const x of new Intl.DateTimeFormat('en-CA', {year: 'numeric', month: '2-digit', \
        day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23'}).formatToParts(new Date(d))) p[x.type] = x.value; \
        const zone = new Intl.DateTimeFormat(undefined, {timeZoneName: 'short'}).formatToParts(new Date(d)).find((x) => x.type === 'timeZoneName').value; \
        return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second} ${zone}`; }";
    s.wait_js("the interval in the browser's zone", &format!("{interval}.every(([d, t]) => t === ({local_of})(d))"))
        .await;
    let local: Vec<(String, String)> = serde_json::from_value(s.js(&format!("return {interval}")).await).unwrap();
    assert_eq!(
        local.iter().map(|l| &l.0).collect::<Vec<_>>(),
        utc.iter().map(|u| &u.0).collect::<Vec<_>>(),
        "datetime stays exact"
    );
    if utc[0].0 == "2024-01-01T00:00:00Z" {
        assert!(local[0].1.starts_with("2023-12-31 19:00:00 "), "New York's evening before: {local:?}");
    }
    assert!(local.iter().all(|(_, t)| !t.ends_with(" UTC")), "{local:?}");
    s.click_button("header", "UTC").await;
    s.wait_js("the interval in UTC again", &format!("{interval}.every(([d, t]) => t.endsWith(' UTC'))")).await;

    // A running streaming job's throughput, from the page's readings: the summary in words, both
    // series drawn, each stretch read out from the keyboard.
    let streaming = api_json(sim, "/v1/projects/demo-project/jobs?type=streaming&executionStatus=running");
    let sid = streaming["values"][0]["id"].as_str().unwrap().to_owned();
    s.goto(&format!("{base}/projects/demo-project/jobs/{sid}")).await;
    s.wait_js(
        "the first reading",
        "document.getElementById('throughput-summary')?.textContent.includes('next reading')",
    )
    .await;
    for _ in 0..3 {
        s.wait_js("idle", "[...document.querySelectorAll('.job-toolbar button')].some(b => b.textContent === 'Refresh' && !b.disabled)").await;
        // Time passes between readings (a stretch is the time from one to the next): the page's
        // clock is moved on rather than waited for.
        s.advance_clock(2_000).await;
        s.click_button(".job-toolbar", "Refresh").await;
    }
    s.wait_js("the summary", "/^About [0-9,]+ rows\\/s over the last [0-9]+ seconds?; [0-9,]+ errors?$/.test(document.getElementById('throughput-summary').textContent)").await;
    assert!(s.js("return document.querySelectorAll('.throughput .chart polyline').length").await == 2);
    s.js("const c = document.querySelector('.throughput .chart'); c.focus(); c.dispatchEvent(new KeyboardEvent('keydown', {key: 'Home', bubbles: true})); return true;").await;
    s.wait_js("the readout", "/^[0-9:]+ UTC: [0-9,]+ rows\\/s, [0-9,]+ errors\\/s/.test(document.querySelector('.chart-readout').textContent)").await;
    s.screenshot("throughput", false).await;

    // "← All jobs" returns to the view the job was opened from, scrolled as it was.
    let view = "/projects/demo-project/jobs?type=batch&sortOrder=ASC&paginationLimit=50&paginationOffset=50";
    s.goto(&format!("{base}{view}")).await;
    s.wait_js("rows", "document.querySelectorAll('tbody tr[data-job-id]').length > 20").await;
    s.js("window.scrollTo(0, 400); return true;").await;
    s.wait_js("scrolled", "window.scrollY > 300").await;
    let y = s.js("return window.scrollY").await.as_f64().unwrap();
    s.js("document.querySelectorAll('tbody a.job-link')[15].click(); return true;").await;
    s.wait_js("the job page", "document.querySelector('.job-head')").await;
    s.js("[...document.querySelectorAll('a')].find(a => a.textContent === '← All jobs').click(); return true;").await;
    s.wait_js("the list again", &format!("location.pathname + location.search === {view:?} && document.querySelectorAll('tbody tr[data-job-id]').length > 20")).await;
    s.wait_js("scrolled as before", &format!("Math.abs(window.scrollY - {y}) < 2")).await;
}

/// Sends keys to whatever has the focus, as the keyboard would (no mouse).
async fn keys(s: &Session, text: &str) {
    s.client.active_element().await.unwrap().send_keys(text).await.unwrap();
}

fn pills_are(expected: &[String]) -> String {
    format!(
        "JSON.stringify([...document.querySelectorAll('.pills [role=listitem] > span')].map(p => p.textContent)) === {:?}",
        serde_json::to_string(expected).unwrap()
    )
}

/// Finding, 1: a table clicked in a row filters the list by it; the view saved under a name is
/// there after a reload and is where `/` goes.
async fn table_click_and_saved_view(s: &Session, base: &str) {
    s.goto(&format!("{base}/projects/demo-project/jobs?healthStatus=ok")).await;
    s.wait_js("rows", "document.querySelector('tbody tr[data-job-id] a.fl[data-k=targetTableName]')").await;
    let table = s.js("return document.querySelector('tbody a.fl[data-k=targetTableName]').textContent").await;
    let table = table.as_str().unwrap().to_owned();
    s.css("tbody a.fl[data-k=targetTableName]").await.click().await.unwrap();
    s.wait_js("the table's pill", &pills_are(&["Health: OK".into(), format!("Table: {table}")])).await;
    s.wait_js(
        "only that table's jobs",
        &format!("[...document.querySelectorAll('tbody tr[data-job-id]')].length > 0 && [...document.querySelectorAll('tbody tr[data-job-id]')].every(r => r.querySelector('a.fl').textContent === {table:?})"),
    )
    .await;
    let filtered = s.path().await;
    assert!(
        filtered.contains(&format!("targetTableName={table}")) && filtered.contains("healthStatus=ok"),
        "{filtered}"
    );

    // Saved under a name, in the page's own dialog (its code fetched by the first press, from
    // the keyboard): dismissed with Esc, the focus lands on "Save view"; pressed again, the
    // dialog is back.
    s.js("[...document.querySelectorAll('nav.views button')].find(b => b.textContent === 'Save view').focus(); return true;")
        .await;
    keys(s, &Key::Enter.to_string()).await;
    s.wait_js(
        "the name dialog",
        "document.querySelector('dialog')?.open && document.activeElement?.id === 'view-name'",
    )
    .await;
    keys(s, &Key::Escape.to_string()).await;
    s.wait_js(
        "the focus on Save view",
        "!document.querySelector('dialog') && document.activeElement?.textContent === 'Save view' && !document.activeElement.closest('[hidden]')",
    )
    .await;
    keys(s, &Key::Enter.to_string()).await;
    s.wait_js(
        "the name dialog again",
        "document.querySelector('dialog')?.open && document.activeElement?.id === 'view-name'",
    )
    .await;
    assert_eq!(s.js("return document.querySelector('label[for=view-name]').textContent").await, "View name");
    keys(s, "Healthy table").await;
    keys(s, &Key::Enter.to_string()).await;
    s.wait_js("the view's link", "[...document.querySelectorAll('nav.views a')].some(a => a.textContent === 'Healthy table' && a.getAttribute('aria-current') === 'page')").await;
    assert!(s.js("return !document.querySelector('dialog')").await.as_bool().unwrap(), "the dialog is gone");
    let stored = s.js("return localStorage.getItem('pjc.views')").await;
    let stored = stored.as_str().unwrap();
    assert!(stored.contains("Healthy table") && !stored.contains("pok_"), "{stored}");

    // After a reload of the unfiltered list: the link is there and brings the view back.
    s.goto(&format!("{base}/projects/demo-project/jobs")).await;
    s.wait_js(
        "the view's link after a reload",
        "[...document.querySelectorAll('nav.views a')].some(a => a.textContent === 'Healthy table')",
    )
    .await;
    s.js("[...document.querySelectorAll('nav.views a')].find(a => a.textContent === 'Healthy table').click(); return true;").await;
    s.wait_js("the view's pills", &pills_are(&["Health: OK".into(), format!("Table: {table}")])).await;
    assert_eq!(s.path().await, filtered);

    // `/` with the stored connection: the last view used.
    s.goto(&format!("{base}/")).await;
    s.wait_js("the last view", &format!("location.pathname + location.search === {filtered:?}")).await;
    s.wait_js("its pills", &pills_are(&["Health: OK".into(), format!("Table: {table}")])).await;
}

/// Finding, 2: keyboard only: the third job opened, back to the list, refreshed.
async fn keyboard_only(s: &Session, sim: &Sim, base: &str) {
    s.goto(&format!("{base}/projects/demo-project/jobs")).await;
    s.wait_js("rows", "document.querySelectorAll('tbody tr[data-job-id]').length >= 3").await;
    let ids = s.row_ids().await;
    // The shortcuts' code comes once the list is in.
    s.wait_js("the footer's link", "document.querySelector('footer a')?.textContent === 'Keyboard shortcuts'").await;
    s.wait_js_for(
        "j takes the focus to the first job",
        "(document.activeElement === document.body || !document.activeElement.closest('tbody')) ? (document.body.dispatchEvent(new KeyboardEvent('keydown', {key: 'j', bubbles: true, cancelable: true})), false) : true",
        20,
    )
    .await;
    // That `j` was the first; two more by the keyboard.
    keys(s, "jj").await;
    s.wait_js(
        "the third row focused",
        &format!("document.activeElement.closest('tr')?.dataset.jobId === {:?}", ids[2]),
    )
    .await;
    keys(s, &Key::Enter.to_string()).await;
    s.wait_js("the third job's page", &format!("location.pathname.endsWith({:?})", ids[2])).await;
    s.wait_js("its heading", "document.querySelector('.job-page h1')").await;
    keys(s, &Key::Escape.to_string()).await;
    s.wait_js("back to the list", "location.pathname === '/projects/demo-project/jobs' && document.querySelectorAll('tbody tr[data-job-id]').length >= 3").await;
    let before = api_json(sim, "/__sim/requests?method=GET&pathPrefix=/v1/projects/demo-project/jobs")["requests"]
        .as_array()
        .unwrap()
        .len();
    keys(s, "r").await;
    let mut after = before;
    for _ in 0..100 {
        after = api_json(sim, "/__sim/requests?method=GET&pathPrefix=/v1/projects/demo-project/jobs")["requests"]
            .as_array()
            .unwrap()
            .len();
        if after > before {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert!(after > before, "r refreshed the list");
    // `?` lists the shortcuts; Esc closes that.
    keys(s, "?").await;
    s.wait_js("the shortcuts", "document.querySelector('dialog.shortcuts')?.open").await;
    keys(s, &Key::Escape.to_string()).await;
    s.wait_js("closed", "!document.querySelector('dialog.shortcuts')").await;
    assert_eq!(s.path().await, "/projects/demo-project/jobs", "Esc closed the dialog and stayed");
}

/// Finding, 3: on a phone (390 × 844) the first screen shows jobs, each readable without
/// scrolling sideways, and the folded filters work.
async fn narrow_screen(s: &Session, base: &str) {
    s.client.set_window_size(390, 844).await.unwrap();
    s.goto(&format!("{base}/projects/demo-project/jobs")).await;
    // Chromium takes 390 px; headless Firefox keeps a minimum window width of its own, still
    // under the 640 px breakpoint (the width is printed).
    s.wait_js("narrow", "matchMedia('(max-width: 640px)').matches").await;
    println!("[{}] narrow viewport: {} px wide", s.browser.name(), s.js("return innerWidth").await);
    s.wait_js("rows", "document.querySelector('tbody tr[data-job-id]')").await;
    let seen = s
        .js("const r = document.querySelector('tbody tr[data-job-id]'); const b = r.getBoundingClientRect();
             const cells = [4, 6, 7, 10].map(i => r.children[i - 1].getBoundingClientRect());
             return [b.top >= 0 && b.bottom <= innerHeight, cells.every(c => c.width > 0 && c.left >= 0 && c.right <= innerWidth + 1), document.querySelector('#search').offsetParent === null]")
        .await;
    assert_eq!(
        seen,
        json!([true, true, true]),
        "a row on the first screen, its table, status, health and update in view; the filters folded"
    );
    let toggle = "document.querySelector('button.filters-toggle')";
    assert_eq!(s.js(&format!("return {toggle}.textContent")).await, "Filters");
    s.css("button.filters-toggle").await.click().await.unwrap();
    s.wait_js("the filters open", &format!("{toggle}.getAttribute('aria-expanded') === 'true' && document.querySelector('#search').offsetParent !== null")).await;
    s.css("button.chip[data-value=error]").await.click().await.unwrap();
    s.wait_js("the pill", &pills_are(&["Health: Error".into()])).await;
    s.wait_js("the count", &format!("{toggle}.textContent === 'Filters (1)'")).await;
    assert!(s.path().await.contains("healthStatus=error"));
    s.css("button.filters-toggle").await.click().await.unwrap();
    s.wait_js("folded, the pill still there", &format!("{toggle}.getAttribute('aria-expanded') === 'false' && document.querySelector('.pills [role=listitem]').offsetParent !== null")).await;
    s.client.set_window_size(1280, 900).await.unwrap();
}

/// A job as the API might send it: every required field, `health` and `id` as given.
fn listed_job(id: &str, table: &str, health: Value) -> Value {
    json!({
        "id": id, "type": "streaming", "target": {"type": "table", "tableName": table},
        "source": {"type": "connection", "connectionName": "kafka-e2e"},
        "desiredExecutionStatus": "running", "executionStatus": "running", "health": health,
        "createdBy": {"username": "e2e@example.com", "userId": "u-e2e"}, "createdTimestamp": "2024-05-01T00:00:00Z",
        "lastModifiedBy": {"username": "e2e@example.com", "userId": "u-e2e"}, "lastUpdatedTimestamp": "2024-05-01T00:00:00Z"
    })
}

/// Journey: a job whose log entries lack a time and a level (every field of a log entry is
/// optional) shows on the list and on its page: "—" for the time and the level, listed under the
/// "Other" level chip.
async fn logs_without_time_or_level(s: &Session, sim: &Sim, base: &str) {
    let id = "0bad1095-0000-4000-8000-000000000001";
    let bare = json!({"code": "lost_connection_to_source", "message": "Broker list refreshed"});
    let job =
        listed_job(id, "bare_logs_table", json!({"status": "warn", "code": "lost_connection_to_source", "log": bare}));
    let insert = json!({"job": job, "logs": [
        bare,
        {"message": "Consumer group rebalanced"},
        {"timestamp": "2024-05-01T00:00:05Z", "healthStatus": "warn", "code": "lost_connection_to_source", "message": "Retrying"}
    ]});
    let (status, _, body) = http(sim.port, "POST", "/__sim/jobs", None, Some(&insert.to_string()), &[]);
    assert_eq!(status, 201, "{body}");
    s.goto(&format!("{base}/projects/demo-project/jobs?searchString={id}")).await;
    s.wait_js("its row", &format!("document.querySelector('tbody tr[data-job-id=\"{id}\"] a.job-link')")).await;
    assert_eq!(s.js("return document.querySelectorAll('tbody tr.unreadable').length").await, 0);
    s.goto(&format!("{base}/projects/demo-project/jobs/{id}")).await;
    s.wait_js("its logs", "document.querySelectorAll('table.logs tbody tr').length === 3").await;
    let rows = s
        .js("return [...document.querySelectorAll('table.logs tbody tr')].map(r => [...r.cells].map(c => c.textContent))")
        .await;
    let rows: Vec<Vec<String>> = serde_json::from_value(rows).unwrap();
    // Newest first; the entries without a time after those with one.
    assert!(rows[0][0].contains("2024-05-01"), "{rows:?}");
    assert_eq!(rows[0][1], "Warn");
    assert_eq!((rows[1][0].as_str(), rows[1][1].as_str()), ("—", "—"), "{rows:?}");
    assert_eq!(
        (rows[2][0].as_str(), rows[2][1].as_str(), rows[2][3].as_str()),
        ("—", "—", "Consumer group rebalanced")
    );
    // The level chips: the entries without a level are under "Other".
    let other = "document.querySelector('.log-filters button.chip[data-value=other]')";
    assert!(s.js(&format!("return {other}.textContent")).await.as_str().unwrap().ends_with("Other"));
    s.js(&format!("{other}.click(); return true;")).await;
    s.wait_js("only the entries without a level", "document.querySelectorAll('table.logs tbody tr').length === 2")
        .await;
    s.js(&format!("{other}.click(); return true;")).await;
}

/// Journey: one job of a list page that cannot be read (a required field missing) never blanks
/// the page: the other jobs show as usual, and in its place a row says so, with its id and why.
async fn one_job_that_cannot_be_read(s: &Session, sim: &Sim, base: &str) {
    let mut broken = listed_job("0bad1095-0000-4000-8000-000000000002", "broken_table", json!({"status": "ok"}));
    broken.as_object_mut().unwrap().remove("createdTimestamp");
    let page = json!({"values": [
        listed_job("0bad1095-0000-4000-8000-000000000003", "first_table", json!({"status": "ok"})),
        broken,
        listed_job("0bad1095-0000-4000-8000-000000000004", "third_table", json!({"status": "ok"}))
    ], "moreResultsAvailable": false});
    sim.fault(&json!({"pathPrefix": "/v1/projects/demo-project/jobs", "method": "GET", "json": page}));
    s.goto(&format!("{base}/projects/demo-project/jobs?healthStatus=ok")).await;
    s.wait_js("three rows", "document.querySelectorAll('tbody tr[data-job-id]').length === 3").await;
    let rows = s.js("return [...document.querySelectorAll('tbody tr[data-job-id]')].map(r => r.textContent)").await;
    let rows: Vec<String> = serde_json::from_value(rows).unwrap();
    assert!(rows[0].contains("first_table") && rows[2].contains("third_table"), "{rows:?}");
    assert!(
        rows[1].contains("This job could not be read")
            && rows[1].contains("0bad1095-0000-4000-8000-000000000002")
            && rows[1].contains("missing createdTimestamp"),
        "{rows:?}"
    );
    // It cannot be selected for a bulk action; the others can.
    assert_eq!(s.js("return document.querySelectorAll('tbody tr.unreadable input[type=checkbox]').length").await, 0);
    assert_eq!(
        s.js("return document.querySelectorAll('tbody tr:not(.unreadable) input[type=checkbox]').length").await,
        2
    );
    assert!(s.axe_serious().await.is_empty(), "{:?}", s.axe_serious().await);
    s.screenshot("unreadable-row", false).await;
}

/// Journey: Run again of a running streaming job: the page says its table already has one
/// running and links it; without "Replace the running job" the API refuses (its message beside
/// the box), with it the new job is created and the running one canceled.
async fn replace_a_running_streaming_job(s: &Session, sim: &Sim, base: &str) {
    let running = api_json(sim, "/v1/projects/demo-project/jobs?type=streaming&executionStatus=running");
    let job = &running["values"][0];
    let (id, table) = (job["id"].as_str().unwrap().to_owned(), job["target"]["tableName"].as_str().unwrap().to_owned());
    s.goto(&format!("{base}/projects/demo-project/jobs/new?from={id}")).await;
    s.wait_js(
        "the running job named",
        &format!(
            "document.querySelector('.replace-running')?.textContent.includes({:?})",
            format!("{table} already has a running streaming job")
        ),
    )
    .await;
    assert_eq!(
        s.js("return document.querySelector('.replace-running a').getAttribute('href')").await,
        format!("/projects/demo-project/jobs/{id}")
    );
    assert_eq!(s.js("return document.getElementById('replace-running').checked").await, false);
    let before = creations(sim).len();
    s.click_button(".form-buttons", "Submit job").await;
    s.wait_js(
        "the refusal beside the box",
        "document.querySelector('.replace-running [role=alert]:not([hidden])')?.textContent.includes('replaceRunning')",
    )
    .await;
    s.screenshot("replace-running", false).await;
    assert_eq!(creations(sim).len(), before + 1, "one refused POST");
    assert_eq!(s.path().await, format!("/projects/demo-project/jobs/new?from={id}"));
    // Ticked: the spec says so; unticked: it does not; ticked again and sent.
    s.css("#replace-running").await.click().await.unwrap();
    s.wait_js(
        "replaceRunning in the spec",
        "document.getElementById('spec-editor').value.includes('\"replaceRunning\": true')",
    )
    .await;
    s.css("#replace-running").await.click().await.unwrap();
    s.wait_js("no replaceRunning", "!document.getElementById('spec-editor').value.includes('replaceRunning')").await;
    s.css("#replace-running").await.click().await.unwrap();
    s.click_button(".form-buttons", "Submit job").await;
    let new_id = new_job_page(s).await;
    assert_eq!(creations(sim).last().unwrap()["replaceRunning"], true);
    assert_eq!(api_json(sim, &format!("/v1/projects/demo-project/jobs/{id}"))["executionStatus"], "canceled");
    assert_eq!(
        api_json(sim, &format!("/v1/projects/demo-project/jobs/{new_id}"))["target"]["tableName"],
        table.as_str()
    );
}

/// Journey: Run again of a SQL job: the query is a field of its own, lines of SQL (no `\n`
/// escapes to edit), kept in step with the spec both ways.
async fn sql_query_as_text(s: &Session, sim: &Sim, base: &str) {
    let sql = api_json(sim, "/v1/projects/demo-project/jobs?type=sql&executionStatus=failed");
    let id = sql["values"][0]["id"].as_str().unwrap().to_owned();
    let query = api_json(sim, &format!("/v1/projects/demo-project/jobs/{id}"))["query"].as_str().unwrap().to_owned();
    s.goto(&format!("{base}/projects/demo-project/jobs/new?from={id}")).await;
    s.wait_js("the SQL query field", "document.getElementById('sql-query')?.value.length > 0").await;
    assert_eq!(s.js("return document.querySelector('label[for=sql-query]').textContent").await, "SQL query");
    assert_eq!(s.js("return document.getElementById('sql-query').value").await, query.as_str());
    assert!(query.contains('\n'), "a multi-line query: {query}");
    // Typed in the field: the spec follows.
    s.fill("#sql-query", "INSERT INTO \"fixed\"\nSELECT 1\nPARTITIONED BY DAY").await;
    s.wait_js("the spec's query", "JSON.parse(document.getElementById('spec-editor').value).query === 'INSERT INTO \"fixed\"\\nSELECT 1\\nPARTITIONED BY DAY'").await;
    // Edited in the spec: the field follows.
    s.js(r#"const e = document.getElementById('spec-editor'); const spec = JSON.parse(e.value);
        spec.query = 'SELECT 2\nFROM "x"'; e.value = JSON.stringify(spec, null, 2);
        e.dispatchEvent(new Event('input')); return true;"#)
        .await;
    s.wait_js("the field's query", "document.getElementById('sql-query').value === 'SELECT 2\\nFROM \"x\"'").await;
    assert_eq!(s.js("return getComputedStyle(document.getElementById('sql-query')).whiteSpace").await, "pre");
    s.screenshot("sql-query", false).await;
    assert!(s
        .js("return document.querySelector('#sql-query').closest('.editor').querySelector('.gutter').textContent")
        .await
        .as_str()
        .unwrap()
        .starts_with("1\n2"));
}

/// Journey: a delete without soft delete asks for the table's name before it is sent.
async fn permanent_delete_asks_for_the_table(s: &Session, sim: &Sim, base: &str) {
    s.goto(&format!("{base}/projects/demo-project/jobs/new?template=delete_data")).await;
    s.wait_js("the soft delete box", "document.getElementById('soft-delete')?.checked === true").await;
    assert_eq!(
        s.js("return document.querySelector('label[for=soft-delete]').textContent").await,
        "Keep the data restorable (soft delete)"
    );
    s.css("#soft-delete").await.click().await.unwrap();
    s.wait_js("no softDelete", "!document.getElementById('spec-editor').value.includes('softDelete')").await;
    let before = creations(sim).len();
    s.click_button(".form-buttons", "Submit job").await;
    s.wait_js("the dialog", "document.querySelector('dialog[open] label[for=dialog-typed]')?.textContent === 'Type the table name to delete its data permanently'").await;
    let confirm =
        "[...document.querySelectorAll('dialog[open] button')].find(b => b.textContent === 'Delete permanently')";
    s.screenshot("permanent-delete", false).await;
    assert_eq!(s.js(&format!("return ({confirm}).disabled")).await, true);
    assert_eq!(creations(sim).len(), before, "nothing sent before the name is typed");
    s.fill("#dialog-typed", "example_events").await;
    s.wait_js("Delete permanently enabled", &format!("!({confirm}).disabled")).await;
    s.js(&format!("({confirm}).click(); return true;")).await;
    let id = new_job_page(s).await;
    let body = creations(sim).last().unwrap().clone();
    assert_eq!(body["type"], "delete_data");
    assert!(body.get("softDelete").is_none(), "{body}");
    assert_eq!(api_json(sim, &format!("/v1/projects/demo-project/jobs/{id}"))["type"], "delete_data");
}

/// The board's row of `table` (a JavaScript expression).
fn board_row(table: &str) -> String {
    format!("[...document.querySelectorAll('table.board tbody tr')].find(r => r.dataset.table === {table:?})")
}

/// The text of cell `i` (0: State, 1: Last loaded, ... 5: Running) of `table`'s row.
fn board_cell(table: &str, i: usize) -> String {
    format!("{}?.querySelectorAll('td')[{i}]?.textContent", board_row(table))
}

/// Sets `table`'s expectation as a person does (a change that bubbles).
async fn expect(s: &Session, table: &str, minutes: &str) {
    s.js(&format!(
        "const e = {}.querySelector('select'); e.value = {minutes:?}; e.dispatchEvent(new Event('change', {{bubbles: true}})); return true;",
        board_row(table)
    ))
    .await;
}

/// Journey: the Tables board. Reached from the header; each state of the demo's tables; an
/// expectation that makes a table Fresh, Late or Stale at once and after a reload; a strip link
/// opens its job, a table's link its jobs; the CSV holds the rows shown.
async fn tables_board(s: &Session, sim: &Sim, base: &str) {
    s.js(
        "[...document.querySelectorAll('.header-links a')].find(a => a.textContent === 'Tables').click(); return true;",
    )
    .await;
    s.wait_js("the board", "document.querySelector('table.board tbody tr')").await;
    assert_eq!(s.path().await, "/projects/demo-project/tables");
    assert_eq!(s.js("return document.querySelector('h1').textContent").await, "Tables");
    assert_eq!(
        s.js("return [...document.querySelectorAll('.header-links a')].map(a => a.textContent + ':' + a.getAttribute('aria-current'))").await,
        json!(["Jobs:false", "Tables:page", "Changes:false"])
    );
    for (table, state) in [
        ("partner_feed_daily", "Failing"),
        ("invoices", "Loaded"),
        ("ride_events", "Live"),
        ("sensor_alerts", "Live, with warnings"),
        ("new_signups", "Never loaded"),
        ("legacy_events", "Never loaded"),
        ("exchange_rates", "Loaded"),
    ] {
        s.wait_js(&format!("{table}: {state}"), &format!("{}?.endsWith({state:?})", board_cell(table, 0))).await;
    }
    let problem = s.js(&format!("return {}", board_cell("partner_feed_daily", 4))).await;
    assert!(problem.as_str().unwrap().contains("(2 failed in a row)"), "{problem}");
    assert!(problem.as_str().unwrap().contains("Failing since "), "{problem}");
    let recovered = s.js(&format!("return {}", board_cell("invoices", 4))).await;
    assert!(recovered.as_str().unwrap().starts_with("Recovered "), "{recovered}");
    assert_eq!(s.js(&format!("return {}", board_cell("ride_events", 1))).await, "Streaming now");
    let strip = s.js(&format!("return {}.querySelectorAll('.strip a').length", board_row("hourly_rollups"))).await;
    assert_eq!(strip, 10, "the last 10 of a table's 14 jobs");

    // An hour's expectation: loaded 20 min ago Fresh, 90 min ago Late, 5 h ago Stale, at once.
    for (table, state) in [("exchange_rates", "Fresh"), ("product_catalog", "Late"), ("store_footfall", "Stale")] {
        expect(s, table, "60").await;
        s.wait_js(&format!("{table}: {state}"), &format!("{}?.endsWith({state:?})", board_cell(table, 0))).await;
    }
    // Remembered on this device.
    s.goto(&format!("{base}/projects/demo-project/tables")).await;
    s.wait_js("store_footfall still Stale", &format!("{}?.endsWith('Stale')", board_cell("store_footfall", 0))).await;
    assert_eq!(s.js(&format!("return {}.querySelector('select').value", board_row("store_footfall"))).await, "60");
    let counts = s.js("return document.querySelector('.board-counts').textContent").await;
    let counts = counts.as_str().unwrap();
    // (The demo's other tables have no expectation: only these three are fresh, late or stale.)
    assert!(
        counts.contains(" tables: ") && counts.contains(" 1 stale, 1 late, ") && counts.contains(" 1 fresh, "),
        "{counts}"
    );
    // Problems first.
    let first = s.js("return document.querySelector('table.board tbody tr td').textContent").await;
    assert!(first.as_str().unwrap().ends_with("Failing"), "{first}");

    // The CSV of the rows shown.
    s.fill("#find-table", "store_").await;
    s.wait_js("one row", "document.querySelectorAll('table.board tbody tr').length === 1").await;
    assert!(s.path().await.contains("find=store_"));
    s.js("window.__saved = null; window.__name = null; const real = URL.createObjectURL; URL.createObjectURL = b => { window.__saved = b; return real(b); };
          const click = HTMLAnchorElement.prototype.click; HTMLAnchorElement.prototype.click = function () { if (this.download) window.__name = this.download; return click.call(this); }; return true;")
        .await;
    s.click_button(".board-tools", "Download CSV").await;
    s.wait_js("the file", "window.__saved && window.__name").await;
    assert_eq!(s.js("return window.__name").await, "demo-project-tables.csv");
    let csv = s
        .client
        .execute_async(
            "const done = arguments[arguments.length - 1]; window.__saved.text().then(t => done(t));",
            vec![],
        )
        .await
        .unwrap();
    let lines: Vec<&str> = csv.as_str().unwrap().lines().collect();
    assert_eq!(lines[0], "Table,State,Last loaded,Expect new data every,Running,Problem");
    assert_eq!(lines.len(), 2, "{lines:?}");
    let fields: Vec<&str> = lines[1].split(',').collect();
    assert_eq!((fields[0], fields[1], fields[3], fields[4]), ("store_footfall", "Stale", "1 hour", "0"));
    assert!(fields[2].ends_with('Z') && fields[2].contains('T'), "RFC 3339, UTC: {}", fields[2]);
    s.js("const e = document.getElementById('find-table'); e.value = ''; e.dispatchEvent(new Event('input', {bubbles: true})); return true;").await;
    s.wait_js("every row again", &board_row("partner_feed_daily")).await;
    assert!(!s.path().await.contains("find="));

    // A strip link opens its job; the table's link, its jobs.
    let id = s.js(&format!("const a = [...{}.querySelectorAll('.strip a')].pop(); a.click(); return a.getAttribute('href').split('/').pop()", board_row("partner_feed_daily"))).await;
    let id = id.as_str().unwrap().to_owned();
    s.wait_js("the job page", &format!("location.pathname.endsWith({id:?}) && document.querySelector('.metrics')"))
        .await;
    let job = api_json(sim, &format!("/v1/projects/demo-project/jobs/{id}"));
    assert_eq!(job["target"]["tableName"], "partner_feed_daily");
    s.goto(&format!("{base}/projects/demo-project/tables")).await;
    s.wait_js("the board", &board_row("invoices")).await;
    s.js(&format!("{}.querySelector('th a').click(); return true;", board_row("invoices"))).await;
    s.wait_js(
        "the list of its jobs",
        "location.search === '?targetTableName=invoices' && document.querySelector('tbody tr[data-job-id]')",
    )
    .await;
    let tables = s.js("return [...new Set([...document.querySelectorAll('tbody tr[data-job-id]')].map(r => r.children[3].textContent))]").await;
    assert_eq!(tables, json!(["invoices"]));
    assert_eq!(
        s.js("return [...document.querySelectorAll('.header-links a')].map(a => a.getAttribute('aria-current'))").await,
        json!(["page", "false", "false"])
    );

    // At 390 px each table is a block, and nothing scrolls sideways.
    s.client.set_window_size(390, 844).await.unwrap();
    s.goto(&format!("{base}/projects/demo-project/tables")).await;
    s.wait_js("narrow", "matchMedia('(max-width: 640px)').matches").await;
    s.wait_js("the board", &board_row("invoices")).await;
    let fits = s.js("return [document.documentElement.scrollWidth <= innerWidth, getComputedStyle(document.querySelector('table.board tbody tr')).display]").await;
    assert_eq!(fits, json!([true, "block"]));
    s.client.set_window_size(1280, 900).await.unwrap();
}

/// GET requests for pages of the project's jobs, newest first, 1000 a page.
fn board_pages(sim: &Sim) -> usize {
    pages_of_1000(sim, "sortColumn=last_updated_date_time")
}

/// Journey: with auto-refresh on, the board reads again; a reading that finds nothing new reads
/// one page and changes nothing in the DOM; a job that changed moves its table at the next one.
async fn tables_board_refresh(s: &Session, sim: &Sim, base: &str) {
    s.js("localStorage.setItem('pjc.autoRefresh', '5'); return true;").await;
    s.goto(&format!("{base}/projects/demo-project/tables")).await;
    s.wait_js("the board, read", &format!("{} && !document.querySelector('.board-reading')", board_row("invoices")))
        .await;
    s.js("window.__settled = 0; addEventListener('pjc:settled', () => window.__settled++);
          window.__mutations = 0; new MutationObserver(rs => { window.__mutations += rs.filter(r => !(r.type === 'characterData' || (r.type === 'childList' && r.target.nodeName === 'TIME'))).length; })
            .observe(document.querySelector('main'), {subtree: true, childList: true, attributes: true, characterData: true}); return true;")
        .await;
    let before = board_pages(sim);
    for _ in 0..2 {
        let seen = s.js("return window.__settled").await.as_u64().unwrap();
        s.advance_clock(5_000).await;
        s.wait_js("the next reading", &format!("window.__settled > {seen}")).await;
    }
    assert_eq!(board_pages(sim) - before, 2, "one page per unchanged reading");
    assert_eq!(s.js("return window.__mutations").await, 0, "no DOM mutation after unchanged readings");
    // A job that fails now: its table is Failing at the next reading.
    let loaded = api_json(sim, "/v1/projects/demo-project/jobs?targetTableName=exchange_rates");
    assert!(loaded["values"].as_array().is_some_and(|v| !v.is_empty()));
    let failing = json!({"job": {
        "id": "7ab1e500-0000-4000-8000-000000000001", "type": "batch",
        "target": {"type": "table", "tableName": "exchange_rates"},
        "desiredExecutionStatus": "running", "executionStatus": "failed",
        "health": {"status": "error", "code": "unable_to_proceed", "message": "the source went away"},
        "createdBy": {"username": "t@example.com"}, "createdTimestamp": "2099-01-01T00:00:00Z",
        "lastModifiedBy": {"username": "t@example.com"}, "lastUpdatedTimestamp": "2099-01-01T00:10:00Z",
        "completedTimestamp": "2099-01-01T00:10:00Z"
    }});
    let (status, _, body) = http(sim.port, "POST", "/__sim/jobs", None, Some(&failing.to_string()), &[]);
    assert_eq!(status, 201, "{body}");
    s.advance_clock(5_000).await;
    s.wait_js("exchange_rates Failing", &format!("{}?.endsWith('Failing')", board_cell("exchange_rates", 0))).await;
    s.js("localStorage.setItem('pjc.autoRefresh', '0'); return true;").await;
}

/// Journey: 10,000 jobs read in full (ten pages), and a reading stopped part way keeps what it
/// read and says so.
async fn tables_board_reads_and_stops(s: &Session, sim: &Sim, base: &str) {
    let before = board_pages(sim);
    s.goto(&format!("{base}/projects/demo-project/tables")).await;
    s.wait_js_for("the board", &board_row("hourly_rollups"), 60).await;
    assert_eq!(board_pages(sim) - before, 10, "ten pages of 1000");
    let notes =
        s.js("return [...document.querySelectorAll('.tables-page .notice')].filter(n => !n.hidden).length").await;
    assert_eq!(notes, 0, "every job was counted");
    // Slow pages: Stop while the second is on its way.
    sim.fault(&json!({"pathPrefix": "/v1/projects/demo-project/jobs", "method": "GET", "count": 3, "delayMs": 1500}));
    s.goto(&format!("{base}/projects/demo-project/tables")).await;
    s.wait_js(
        "the count of jobs read",
        "document.querySelector('.board-reading')?.textContent.startsWith('Reading jobs: 1,000')",
    )
    .await;
    s.click_button(".board-reading", "Stop").await;
    s.wait_js(
        "the stop said",
        "[...document.querySelectorAll('.tables-page .notice')].some(n => !n.hidden && n.textContent === 'Stopped after reading 2,000 jobs; older jobs are not counted')",
    )
    .await;
    s.wait_js("the board of what was read", "document.querySelector('table.board tbody tr')").await;
    assert_eq!(s.js("return document.querySelector('.board-reading')").await, Value::Null);
}

/// Journey: jobs change while the console is closed; after a reload the banner and the Changes
/// page say what changed, "Copy summary" works through the clipboard fallback, "Select these
/// jobs" leads to a bulk cancel of exactly those jobs, and "Mark all as seen" clears the banner.
async fn change_inbox(s: &Session, sim: &Sim, base: &str) {
    let ids = sim.insert_running("inbox", 3, 0x1b0);
    s.connect_to_list(base).await;
    // The first look is taken silently after the first rows.
    s.wait_js("the first look", "localStorage.getItem('pjc.look.demo-project')?.split('\\n').length > 200").await;
    let asked = api_json(sim, "/__sim/requests?method=GET&pathPrefix=/v1/projects/demo-project/jobs");
    let firsts = asked["requests"].as_array().unwrap().iter();
    let firsts = firsts.filter(|r| r["query"].as_str().is_some_and(|q| q.contains("paginationLimit=500"))).count();
    assert_eq!(firsts, 1, "the first look: one request of the 500 most recently updated jobs");
    assert_eq!(s.js("return document.querySelector('.inbox-banner') === null").await, true);
    // That look two hours old, and the console closed.
    s.js("const k = 'pjc.look.demo-project'; const t = localStorage.getItem(k).split('\\n');
          t[0] = 'look1\\t' + (Date.now() - 7260000); localStorage.setItem(k, t.join('\\n')); return true;")
        .await;
    s.goto("about:blank").await;
    sim.change(&ids[0], &json!({"executionStatus": "failed", "health": {"status": "error", "code": "lost_connection_to_source", "message": "Lost the stream."}}));
    for id in &ids[1..] {
        sim.change(id, &json!({"health": {"status": "error", "code": "unable_to_proceed", "message": "Stuck."}}));
    }
    s.goto(&format!("{base}/projects/demo-project/jobs")).await;
    s.wait_js("the banner", "document.querySelector('.inbox-banner')").await;
    assert_eq!(
        s.js("return document.querySelector('.inbox-banner span').textContent").await,
        "Since your last look 2 h ago: 1 failed, 2 got worse"
    );
    s.wait_js(
        "the header's count",
        "[...document.querySelectorAll('.header-links a')].some(a => a.textContent === 'Changes (3)')",
    )
    .await;
    assert!(s.js("return document.title").await.as_str().unwrap().starts_with("(3) Polaris Jobs"));
    s.screenshot("inbox-banner", false).await;
    s.click_button(".inbox-banner", "Show changes").await;
    s.wait_js("the Changes page", "document.querySelectorAll('.change-group').length === 2").await;
    let headings = s.js("return [...document.querySelectorAll('.change-kind h2')].map(h => h.textContent)").await;
    assert_eq!(headings, json!(["Failed (1)", "Got worse (2)"]));
    assert_eq!(
        s.js("return document.querySelector('.change-group h3').textContent").await,
        "lost_connection_to_source · table inbox_000 · 1 job"
    );
    let line = s.js("return document.querySelector('.change-line').textContent").await;
    assert!(line.as_str().unwrap().contains("running → failed"), "{line}");
    s.screenshot("changes-page", false).await;
    // Copy summary, with no clipboard on the page: the text shown selected.
    s.js("Object.defineProperty(navigator, 'clipboard', {value: undefined, configurable: true}); return true;").await;
    s.click_button(".changes-tools", "Copy summary").await;
    s.wait_js("the fallback", "document.querySelector('.copy-fallback textarea')").await;
    let summary = s.js("return document.querySelector('.copy-fallback textarea').value").await;
    let summary = summary.as_str().unwrap();
    let lines: Vec<&str> = summary.lines().collect();
    assert_eq!(lines.len(), 3, "{summary}");
    assert!(
        lines[0].starts_with("Polaris jobs, project demo-project, since ")
            && lines[0].ends_with("1 failed, 2 got worse"),
        "{summary}"
    );
    assert!(
        lines[1].starts_with("- Failed: lost_connection_to_source · table inbox_000 · 1 job: inbox_000 http"),
        "{summary}"
    );
    assert!(lines[2].contains("Got worse · 2 jobs: inbox_001, inbox_002 http"), "{summary}");
    assert!(!summary.contains("pok_"), "no key in the summary");
    s.click_button(".copy-fallback", "Done").await;
    // Select these jobs (the two that got worse): a bulk cancel of exactly those.
    s.js("[...document.querySelectorAll('.change-group')][1].querySelector('button').click(); return true;").await;
    s.wait_js("2 selected", "document.querySelector('.selection-bar .count')?.textContent === '2 selected'").await;
    confirm_bulk(s, "Cancel selected", "2 jobs will be canceled", "Cancel 2 jobs", None).await;
    s.wait_js("the summary", "document.querySelector('.bulk-summary')?.textContent === 'Cancel: 2 done.'").await;
    assert_eq!(status_posts(sim, &ids), vec![0, 1, 1], "exactly the selected jobs");
    s.click_button("dialog", "Close").await;
    // A second tab shows the banner too; Mark all as seen in the first clears it there.
    s.wait_js("the banner", "document.querySelector('.inbox-banner')").await;
    let first = s.client.window().await.unwrap();
    let second = s.client.new_window(true).await.unwrap().handle;
    s.client.switch_to_window(second.clone()).await.unwrap();
    connect_here(s, base, false).await;
    s.wait_js("the banner in the second tab", "document.querySelector('.inbox-banner')").await;
    s.client.switch_to_window(first.clone()).await.unwrap();
    s.click_button(".inbox-banner", "Mark all as seen").await;
    s.wait_js("no banner", "!document.querySelector('.inbox-banner')").await;
    s.client.switch_to_window(second).await.unwrap();
    s.wait_js("no banner in the second tab", "!document.querySelector('.inbox-banner')").await;
    s.wait_js(
        "no count there",
        "[...document.querySelectorAll('.header-links a')].some(a => a.textContent === 'Changes')",
    )
    .await;
    s.client.close_window().await.unwrap();
    s.client.switch_to_window(first).await.unwrap();
    s.wait_js("no count", "[...document.querySelectorAll('.header-links a')].some(a => a.textContent === 'Changes')")
        .await;
    assert_eq!(s.js("return document.title").await, "Polaris Jobs Console");
}

/// Journey: "Watch this project" with notifications granted (the browser's permission set as a
/// person would): a job that fails brings a notification naming its table, from the one tab
/// that reads.
async fn watch_a_project(s: &Session, sim: &Sim, base: &str) {
    let ids = sim.insert_running("watch", 2, 0x1c0);
    s.connect_to_list(base).await;
    s.wait_js("the first look", "localStorage.getItem('pjc.look.demo-project')").await;
    s.js("const e = document.getElementById('auto-refresh'); e.value = '5'; e.dispatchEvent(new Event('change')); return true;").await;
    s.goto(&format!("{base}/projects/demo-project/changes")).await;
    s.set_permission("notifications", "granted").await;
    // What the page shows, seen through the real Notification.
    s.js("const Real = window.Notification; window.pjcShown = [];
          window.Notification = class extends Real { constructor(t, o) { super(t, o); window.pjcShown.push([t, o && o.body]); } };
          return true;").await;
    s.wait_js("the switch", "document.querySelector('button[role=switch]:not([disabled])')").await;
    s.click_button(".changes-tools", "Watch this project").await;
    s.wait_js(
        "watching, notifications granted",
        "document.querySelector('.toast')?.textContent.startsWith('Watching demo-project: a notification')",
    )
    .await;
    assert_eq!(s.js("return document.querySelector('button[role=switch]').getAttribute('aria-checked')").await, "true");
    // Time moves past the look; then the job fails.
    advance_clock(sim, 60_000);
    sim.change(&ids[0], &json!({"executionStatus": "failed", "health": {"status": "error", "code": "unable_to_proceed", "message": "Stuck."}}));
    s.wait_js_for("the notification", "(window.pjcShown || []).some(n => n[0].includes('watch_000'))", 30).await;
    let shown = s.js("return window.pjcShown.find(n => n[0].includes('watch_000'))").await;
    assert!(shown[0].as_str().unwrap().contains("failed: "), "{shown}");
    assert_eq!(shown[1], "Project demo-project");
    // Remembered: a reload finds the switch on.
    s.goto(&format!("{base}/projects/demo-project/changes")).await;
    s.wait_js(
        "the switch on",
        "document.querySelector('button[role=switch]')?.getAttribute('aria-checked') === 'true'",
    )
    .await;
    assert_eq!(s.js("return localStorage.getItem('pjc.watch.demo-project')").await, "1");
}
