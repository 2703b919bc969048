//! `cargo xtask bench` runs this: first-load transfer, time to first rows against a plain
//! JavaScript page, filter change, a refresh with unchanged data, a bulk cancel of 200 jobs,
//! endurance, and jobs-sim latency. It prints
//! one table and writes target/bench/report.json. Not a test: nothing here passes or fails.

use e2e::*;
use serde_json::{json, Value};
use std::process::Command;
use std::time::{Duration, Instant};

fn stats(mut v: Vec<f64>) -> Value {
    v.sort_by(|a, b| a.partial_cmp(b).unwrap());
    let median = if v.is_empty() { f64::NAN } else { v[v.len() / 2] };
    // Every run's figure too (in order of size, to one decimal): the spread is more than its ends.
    let samples: Vec<f64> = v.iter().map(|x| (x * 10.0).round() / 10.0).collect();
    json!({"median": median, "min": v.first(), "max": v.last(), "runs": v.len(), "samples": samples})
}

fn compressed(tool: &str, args: &[&str], file: &std::path::Path) -> u64 {
    let out = Command::new(tool).args(args).arg(file).output().unwrap_or_else(|e| panic!("{tool}: {e}"));
    assert!(out.status.success(), "{tool} failed");
    out.stdout.len() as u64
}

/// Raw, gzip and brotli bytes of each file of the app's dist/ in two groups: what the jobs
/// list's first load fetched (`first`, by file name) and the rest (the chunks fetched later).
fn transfer(first: &[String]) -> Value {
    let dist = env_path("PJC_APP_DIST");
    let mut groups = [(Vec::new(), [0u64; 3]), (Vec::new(), [0u64; 3])];
    let mut entries: Vec<_> = std::fs::read_dir(&dist).unwrap().map(|e| e.unwrap().path()).collect();
    entries.sort();
    for p in entries {
        let name = p.file_name().unwrap().to_string_lossy().into_owned();
        let raw = std::fs::metadata(&p).unwrap().len();
        let gz = compressed("gzip", &["-9", "-c"], &p);
        let br = compressed("brotli", &["-q", "11", "-c"], &p);
        let (files, total) = &mut groups[usize::from(!first.contains(&name))];
        total[0] += raw;
        total[1] += gz;
        total[2] += br;
        files.push(json!({"file": name, "raw": raw, "gzip": gz, "brotli": br}));
    }
    let group = |(files, total): &(Vec<Value>, [u64; 3])| json!({"files": files, "total": {"raw": total[0], "gzip": total[1], "brotli": total[2]}});
    let mut out = group(&groups[0]);
    out["later"] = group(&groups[1]);
    out
}

/// The files of the site a cold load of the jobs list fetched: the page, and every script,
/// style and WebAssembly file the browser asked for until a second after the first rows. The
/// job page's chunk is not among them unless the list fetched it.
async fn first_load_files(sim: &Sim) -> Vec<String> {
    let s = Session::start(Browser::Chromium, false).await;
    store_demo_connection(&s, sim).await;
    s.goto(&format!("{}/projects/{PROJECT}/jobs", sim.base())).await;
    s.wait_js_for("the first rows", "performance.getEntriesByName('pjc:first-rows').length > 0", 60).await;
    tokio::time::sleep(Duration::from_secs(1)).await;
    // A chunk counts when it was asked for before the first rows (the change inbox's comes
    // after them, by design: "fetched later").
    let names = s
        .js("const rows = performance.getEntriesByName('pjc:first-rows')[0].startTime;
             return performance.getEntriesByType('resource')
            .filter(r => !/[/](split|chunk)_[^/]*[.]wasm$/.test(r.name) || r.startTime < rows)
            .map(r => new URL(r.name))
            .filter(u => u.origin === location.origin && !u.pathname.startsWith('/v1/'))
            .map(u => u.pathname.slice(1))")
        .await;
    s.close().await;
    let mut names: Vec<String> = names.as_array().unwrap().iter().map(|n| n.as_str().unwrap().to_owned()).collect();
    names.push("index.html".into());
    names
}

/// Stores the demo connection in `s` (on the simulator's origin, as the app would after
/// connecting), so that the pages opened next are connected.
async fn store_demo_connection(s: &Session, sim: &Sim) {
    let conn = json!({"base_url": "", "project_id": PROJECT, "kind": "ApiKey", "secret": DEMO_KEY, "remember": false});
    s.goto(&format!("{}/__sim/clock", sim.base())).await;
    // Made now, by the page's clock (a stored connection without the time it was made is not used).
    s.js(&format!("const c = {conn}; c.made = Date.now(); sessionStorage.setItem('pjc.connection', JSON.stringify(c)); return true;"))
        .await;
}

/// How long a new browser is left to settle before a page is loaded in it (`BENCH_SETTLE_MS`,
/// 1000 by default). A browser that has just started is busy with its own start for about a
/// second (its other processes and services compete for the machine's cores), and a load in that
/// time measured the browser's start as much as the page: both pages' times swung by a third from
/// run to run. The cache stays cold: the browser has loaded nothing but the simulator's clock page.
fn settle() -> Duration {
    Duration::from_millis(std::env::var("BENCH_SETTLE_MS").ok().and_then(|v| v.parse().ok()).unwrap_or(1000))
}

/// One cold load of `page` (a new browser session: a cold cache) until its first rows: ms from
/// navigation start.
async fn first_rows_once(sim: &Sim, page: &str, limit: u32) -> f64 {
    let s = Session::start(Browser::Chromium, false).await;
    store_demo_connection(&s, sim).await;
    tokio::time::sleep(settle()).await;
    // The list URL as the app writes it: the default page size (100) is left out.
    let query = if limit == 100 { String::new() } else { format!("?paginationLimit={limit}") };
    s.goto(&format!("{}{page}{query}", sim.base())).await;
    s.wait_js_for("the first rows", "performance.getEntriesByName('pjc:first-rows').length > 0", 60).await;
    let t = s.js("return performance.getEntriesByName('pjc:first-rows')[0].startTime").await;
    s.close().await;
    t.as_f64().unwrap()
}

/// The console and the plain page in turns (which one goes first alternates), so that a slow
/// spell of the machine weighs on both: [console ms], [plain ms].
async fn first_rows(sim: &Sim, limit: u32, runs: usize) -> (Vec<f64>, Vec<f64>) {
    let (mut ours, mut plain) = (Vec::new(), Vec::new());
    for run in 0..runs {
        if run % 2 == 0 {
            ours.push(first_rows_once(sim, "/projects/demo-project/jobs", limit).await);
            plain.push(first_rows_once(sim, "/plain.html", limit).await);
        } else {
            plain.push(first_rows_once(sim, "/plain.html", limit).await);
            ours.push(first_rows_once(sim, "/projects/demo-project/jobs", limit).await);
        }
    }
    (ours, plain)
}

async fn connected_session(sim: &Sim, limit: u32) -> Session {
    let s = Session::start(Browser::Chromium, false).await;
    store_demo_connection(&s, sim).await;
    s.goto(&format!("{}/projects/demo-project/jobs?paginationLimit={limit}", sim.base())).await;
    s.wait_js("rows", "document.querySelectorAll('tbody tr[data-job-id]').length > 0").await;
    s
}

/// From a chip click until the page has every new row in the DOM (its settled event): [total ms,
/// ms after the response ended, longest task ms].
async fn filter_change(sim: &Sim, limit: u32, runs: usize) -> (Vec<f64>, Vec<f64>, Vec<f64>) {
    let s = connected_session(sim, limit).await;
    let (mut total, mut after, mut long) = (Vec::new(), Vec::new(), Vec::new());
    for i in 0..runs * 2 {
        // The same chip on, then off again: every run changes the rows.
        let chip = "ok";
        let _ = i;
        let script = format!(
            "const done = arguments[arguments.length - 1];
             const ids = () => [...document.querySelectorAll('tbody tr[data-job-id]')].map(r => r.dataset.jobId).join();
             const before = ids(); let longest = 0;
             let obs = null;
             try {{ obs = new PerformanceObserver(l => l.getEntries().forEach(e => longest = Math.max(longest, e.duration))); obs.observe({{type: 'longtask'}}); }} catch (e) {{}}
             performance.clearResourceTimings();
             const t0 = performance.now();
             // Done when the page says every row of the answer is on screen.
             window.addEventListener('pjc:settled', () => {{
               const t = performance.now();
               if (ids() === before) {{ done([-1, -1, -1]); return; }}
               const r = performance.getEntriesByType('resource').filter(e => e.name.includes('/v1/projects/')).pop();
               setTimeout(() => {{ if (obs) obs.disconnect(); done([t - t0, r ? t - r.responseEnd : -1, longest]); }}, 100);
             }}, {{once: true}});
             document.querySelector('button.chip[data-value={chip}]').click();"
        );
        let v = s.client.execute_async(&script, vec![]).await.unwrap();
        total.push(v[0].as_f64().unwrap());
        after.push(v[1].as_f64().unwrap());
        long.push(v[2].as_f64().unwrap());
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    s.close().await;
    (total, after, long)
}

/// A main-thread probe for in-page scripts: a MessageChannel ping-pong that counts every gap
/// over 1 ms between its messages as time the main thread was busy (script, style, layout,
/// paint: whatever ran in between). `probe.stop()` returns the busy milliseconds.
const PROBE: &str = "const probe = (() => { let busy = 0, last = performance.now(), on = true; const ch = new MessageChannel();
  ch.port1.onmessage = () => { const t = performance.now(); if (t - last > 1) busy += t - last; last = t; if (on) ch.port2.postMessage(0); };
  ch.port2.postMessage(0); return { stop: () => { on = false; return busy; } }; })();";

/// For a refresh whose data did not change (Refresh clicked, until the page has applied the
/// answer and 100 ms more): DOM mutation records in the table and in the whole page, and the
/// main thread's busy time (and the same window's busy time with no refresh, for comparison).
async fn unchanged_refresh(sim: &Sim, runs: usize) -> (Vec<f64>, Vec<f64>, Vec<f64>, Vec<f64>) {
    let s = connected_session(sim, 100).await;
    let (mut table, mut page, mut busy, mut idle) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for _ in 0..runs {
        // The same window with nothing happening: the probe's own floor.
        let v = s
            .client
            .execute_async(
                &format!(
                    "const done = arguments[arguments.length - 1]; {PROBE}
             setTimeout(() => done(probe.stop()), 150);"
                ),
                vec![],
            )
            .await
            .unwrap();
        idle.push(v.as_f64().unwrap());
        let v = s.client.execute_async(&format!(
            "const done = arguments[arguments.length - 1];
             let inTable = 0, all = 0;
             // The minute's tick of relative times (a <time>'s text, or an element marked rel) is not counted.
             const el = r => r.target.closest ? r.target : r.target.parentElement;
             const counted = recs => recs.filter(r => !(el(r) && el(r).closest('time, .rel')));
             const mo = new MutationObserver(recs => {{ recs = counted(recs); all += recs.length; inTable += recs.filter(r => el(r) && el(r).closest('table')).length; }});
             mo.observe(document.body, {{subtree: true, childList: true, attributes: true, characterData: true}});
             {PROBE}
             window.addEventListener('pjc:settled', () => setTimeout(() => {{ mo.disconnect(); done([inTable, all, probe.stop()]); }}, 100), {{once: true}});
             [...document.querySelectorAll('.refresh button')].find(b => b.textContent.trim() === 'Refresh').click();"), vec![]).await.unwrap();
        table.push(v[0].as_f64().unwrap());
        page.push(v[1].as_f64().unwrap());
        busy.push(v[2].as_f64().unwrap());
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    s.close().await;
    (table, page, busy, idle)
}

/// The Tables board over 10,000 jobs in 500 tables (its own simulator), opened from the list's
/// header (so that an observer of long tasks is in place before it): ms from the last page's
/// answer until the board's first rows are on screen, and until all its rows are, the longest
/// task in that time (0: none over 50 ms), and
/// for an unchanged refresh (Refresh pressed, until settled and 100 ms more): the list requests
/// it made and the DOM mutation records in the board (relative times not counted).
async fn tables_board(runs: usize) -> Value {
    let sim = Sim::start(&["--jobs", "10000", "--tables", "500", "--frozen"]);
    let (mut after, mut every, mut longest, mut requests, mut records) = (vec![], vec![], vec![], vec![], vec![]);
    let mut tables = 0.0;
    for _ in 0..runs {
        let s = connected_session(&sim, 100).await;
        s.js("window.__longest = []; new PerformanceObserver(l => l.getEntries().forEach(e => window.__longest.push([e.startTime, e.duration]))).observe({entryTypes: ['longtask']});
              performance.clearResourceTimings();
              [...document.querySelectorAll('.header-links a')].find(a => a.textContent === 'Tables').click(); return true;")
            .await;
        s.wait_js_for("the board", "performance.getEntriesByName('pjc:board').length > 0", 120).await;
        s.wait_js_for("every row", "performance.getEntriesByName('pjc:board-all').length > 0", 60).await;
        let v = s
            .js("const at = name => performance.getEntriesByName(name)[0].startTime;
                 const last = Math.max(...performance.getEntriesByType('resource').filter(e => e.name.includes('/v1/projects/')).map(e => e.responseEnd));
                 const tasks = window.__longest.filter(([t, d]) => t + d >= last && t <= at('pjc:board-all')).map(([t, d]) => d);
                 return [at('pjc:board') - last, at('pjc:board-all') - last, Math.max(0, ...tasks), document.querySelectorAll('table.board tbody tr').length]")
            .await;
        after.push(v[0].as_f64().unwrap());
        every.push(v[1].as_f64().unwrap());
        longest.push(v[2].as_f64().unwrap());
        tables = v[3].as_f64().unwrap();
        s.wait_js("the reading settled", "!document.querySelector('.board-reading')").await;
        let v = s.client.execute_async(
            "const done = arguments[arguments.length - 1];
             let n = 0;
             const before = performance.getEntriesByType('resource').filter(e => e.name.includes('/v1/projects/')).length;
             const el = r => r.target.closest ? r.target : r.target.parentElement;
             const mo = new MutationObserver(recs => { n += recs.filter(r => !(el(r) && el(r).closest('time'))).length; });
             mo.observe(document.querySelector('table.board'), {subtree: true, childList: true, attributes: true, characterData: true});
             window.addEventListener('pjc:settled', () => setTimeout(() => { mo.disconnect();
               done([performance.getEntriesByType('resource').filter(e => e.name.includes('/v1/projects/')).length - before, n]); }, 100), {once: true});
             [...document.querySelectorAll('.board-tools button')].find(b => b.textContent.trim() === 'Refresh').click();", vec![]).await.unwrap();
        requests.push(v[0].as_f64().unwrap());
        records.push(v[1].as_f64().unwrap());
        s.close().await;
    }
    json!({"tables": tables, "answer_to_board_ms": stats(after), "answer_to_every_row_ms": stats(every), "longest_task_ms": stats(longest),
           "unchanged_refresh_requests": stats(requests), "unchanged_refresh_mutation_records": stats(records)})
}

/// The change inbox over 10,000 jobs (its own simulator): the diff of 10,000 jobs that all
/// changed since a look (the app's `pjc:diff` measure, ms), and then a reading with nothing new
/// (Refresh on the Changes page, until the next `pjc:diff` and 100 ms more): the list requests it
/// made and the DOM mutation records on the page (relative times not counted).
async fn change_inbox(runs: usize) -> Value {
    let sim = Sim::start(&["--jobs", "10000", "--frozen"]);
    let (mut diff_ms, mut requests, mut records) = (vec![], vec![], vec![]);
    let mut lines = 0.0;
    for _ in 0..runs {
        let s = connected_session(&sim, 100).await;
        s.wait_js_for(
            "the first look",
            "(localStorage.getItem('pjc.look.demo-project') || '').split('\\n').length > 400",
            120,
        )
        .await;
        // That look made at the epoch, its 500 jobs pending and healthy then: all 10,000 jobs
        // changed since (the others new to it).
        s.js("const k = 'pjc.look.demo-project'; const t = localStorage.getItem(k).split('\\n'); t[0] = 'look1\\t0';
              for (let i = 1; i < t.length; i++) { const f = t[i].split('\\t'); f[1] = 'pending'; f[2] = 'ok'; f[3] = ''; f[4] = '0'; t[i] = f.join('\\t'); }
              localStorage.setItem(k, t.join('\\n')); return true;")
            .await;
        s.goto(&format!("{}/projects/demo-project/changes", sim.base())).await;
        s.wait_js_for(
            "the changes",
            "performance.getEntriesByName('pjc:diff').length > 0 && document.querySelector('.change-line')",
            120,
        )
        .await;
        let v = s.js("return [performance.getEntriesByName('pjc:diff')[0].duration, document.querySelectorAll('.change-line').length]").await;
        diff_ms.push(v[0].as_f64().unwrap());
        lines = v[1].as_f64().unwrap();
        let v = s.client.execute_async(
            "const done = arguments[arguments.length - 1];
             let n = 0;
             const reads = () => performance.getEntriesByType('resource').filter(e => e.name.includes('/v1/projects/')).length;
             const before = reads(), diffs = performance.getEntriesByName('pjc:diff').length;
             const el = r => r.target.closest ? r.target : r.target.parentElement;
             const mo = new MutationObserver(recs => { n += recs.filter(r => !(el(r) && el(r).closest('time'))).length; });
             mo.observe(document.querySelector('main'), {subtree: true, childList: true, attributes: true, characterData: true});
             const t = setInterval(() => { if (performance.getEntriesByName('pjc:diff').length > diffs) { clearInterval(t);
               setTimeout(() => { mo.disconnect(); done([reads() - before, n]); }, 100); } }, 10);
             [...document.querySelectorAll('.changes-tools button')].find(b => b.textContent.trim() === 'Refresh').click();", vec![]).await.unwrap();
        requests.push(v[0].as_f64().unwrap());
        records.push(v[1].as_f64().unwrap());
        s.close().await;
    }
    json!({"change_lines": lines, "diff_ms": stats(diff_ms), "nothing_new_requests": stats(requests), "nothing_new_mutation_records": stats(records)})
}

/// A bulk cancel of 200 jobs: 200 running batch jobs of their own selected on one page, "Cancel
/// selected", the count typed; from the confirm click until the results' summary is on screen
/// (ms), and the status POSTs the simulator received for those jobs (each run's). Each run has
/// jobs of its own (a canceled job cannot be canceled again).
async fn bulk_cancel(sim: &Sim, runs: usize) -> (Vec<f64>, Vec<f64>) {
    let s = connected_session(sim, 100).await;
    let (mut ms, mut posts) = (Vec::new(), Vec::new());
    for run in 0..runs {
        let prefix = format!("bench{run:02}bulk");
        let ids = sim.insert_running(&prefix, 200, 0xbe00 + run as u32);
        s.goto(&format!("{}/projects/demo-project/jobs?searchString={prefix}_&paginationLimit=250", sim.base())).await;
        s.wait_js("200 rows", "document.querySelectorAll('tbody tr[data-job-id]').length === 200").await;
        s.js("document.querySelector('input[aria-label=\"Select all on this page\"]').click(); return true;").await;
        s.wait_js("200 selected", "document.querySelector('.selection-bar .count')?.textContent === '200 selected'")
            .await;
        s.click_button(".selection-bar", "Cancel selected").await;
        s.wait_js("the dialog", "document.getElementById('bulk-typed')").await;
        s.fill("#bulk-typed", "200").await;
        let confirm = "[...document.querySelectorAll('dialog button')].find(b => b.textContent === 'Cancel 200 jobs')";
        s.wait_js("the confirm button", &format!("!{confirm}.disabled")).await;
        let v = s
            .client
            .execute_async(
                &format!(
                    "const done = arguments[arguments.length - 1];
                     const t0 = performance.now();
                     const summary = () => document.querySelector('.bulk-summary');
                     const mo = new MutationObserver(() => {{
                       if (summary() && summary().textContent) {{ mo.disconnect(); done(performance.now() - t0); }}
                     }});
                     mo.observe(document.body, {{subtree: true, childList: true, characterData: true}});
                     {confirm}.click();"
                ),
                vec![],
            )
            .await
            .unwrap();
        ms.push(v.as_f64().unwrap());
        let log = api_json(sim, "/__sim/requests?method=POST&pathPrefix=/v1/projects/demo-project/jobs/");
        let sent = log["requests"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|r| ids.iter().any(|id| r["path"] == format!("/v1/projects/demo-project/jobs/{id}/status")))
            .count();
        posts.push(sent as f64);
        s.click_button("dialog", "Close").await;
    }
    s.close().await;
    (ms, posts)
}

/// Endurance: the app's own auto-refresh (every 5 s of page time, run 50 times as fast by
/// benches/timewarp.js) 500 times on a 100-row list and twice as often on a running job's page
/// with its throughput chart drawing (past the chart's 720 stretches, so that its thinning runs),
/// on a live simulator (the data changes as jobs run). JS heap (after a forced GC) and
/// WebAssembly memory before (after 20 warm-up refreshes) and after; the chart's stretches at
/// the end.
async fn endurance(refreshes: u64) -> Value {
    // The app with the clock warp loaded first, on a site of its own.
    let dist = env_path("PJC_DIST_DIR");
    let site = dist.parent().unwrap().join("site-warp");
    let _ = std::fs::remove_dir_all(&site);
    std::fs::create_dir_all(&site).unwrap();
    for e in std::fs::read_dir(&dist).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), site.join(e.file_name())).unwrap();
    }
    let index = std::fs::read_to_string(site.join("index.html")).unwrap();
    let index = index.replacen("<script", "<script src=\"/timewarp.js\"></script><script", 1);
    assert!(index.contains("timewarp.js"), "index.html has a script to put the warp before");
    std::fs::write(site.join("index.html"), index).unwrap();
    let site_arg = site.to_string_lossy().into_owned();
    let sim = Sim::start(&["--jobs", "2000", "--static", &site_arg]);
    let s = Session::start_with(Browser::Chromium, false, &["--js-flags=--expose-gc", "--enable-precise-memory-info"])
        .await;
    store_demo_connection(&s, &sim).await;
    s.js("localStorage.setItem('pjc.autoRefresh', '5'); return true;").await;
    // A running streaming job (it refreshes for as long as it runs).
    let (_, _, body) = http(
        sim.port,
        "GET",
        "/v1/projects/demo-project/jobs?type=streaming&executionStatus=running&paginationLimit=1",
        Some(DEMO_KEY),
        None,
        &[],
    );
    let job = serde_json::from_str::<Value>(&body).unwrap()["values"][0]["id"]
        .as_str()
        .expect("a running streaming job")
        .to_owned();
    let mut out = serde_json::Map::new();
    for (name, path, refreshes) in [
        ("list_100_rows", "/projects/demo-project/jobs?paginationLimit=100".to_owned(), refreshes),
        ("job_detail", format!("/projects/demo-project/jobs/{job}"), refreshes * 2),
    ] {
        s.goto(&format!("{}{path}", sim.base())).await;
        s.js("window.__settled = 0; window.__wasm = 0; window.addEventListener('pjc:settled', e => { window.__settled++; window.__wasm = e.detail; }); return true;").await;
        let measure = "const done = arguments[arguments.length - 1]; const n = window.__settled; gc(); setTimeout(() => { gc(); done([performance.memory.usedJSHeapSize, window.__wasm, n]); }, 50);";
        s.wait_js_for("20 warm-up refreshes", "window.__settled >= 20", 120).await;
        let before = s.client.execute_async(measure, vec![]).await.unwrap();
        let start = Instant::now();
        s.wait_js_for(&format!("{refreshes} refreshes"), &format!("window.__settled >= {}", 20 + refreshes), 900).await;
        let seconds = start.elapsed().as_secs_f64();
        let after = s.client.execute_async(measure, vec![]).await.unwrap();
        let f = |v: &Value, i: usize| v[i].as_f64().unwrap();
        // The throughput chart's stretches (two points of its step line each).
        let stretches = s
            .js("const l = document.querySelector('.throughput .s-rows'); return l ? l.getAttribute('points').trim().split(' ').length / 2 : null")
            .await;
        out.insert(
            name.into(),
            json!({
                "refreshes": f(&after, 2) - f(&before, 2),
                "seconds": seconds,
                "js_heap_before": f(&before, 0), "js_heap_after": f(&after, 0),
                "wasm_memory_before": f(&before, 1), "wasm_memory_after": f(&after, 1),
                "growth_bytes": (f(&after, 0) - f(&before, 0)) + (f(&after, 1) - f(&before, 1)),
                "chart_stretches": stretches,
            }),
        );
    }
    s.close().await;
    Value::Object(out)
}

/// jobs-sim with 100,000 jobs: latency of a filtered, sorted page of 100 and requests per second.
fn sim_latency() -> Value {
    let sim = Sim::start(&["--jobs", "100000", "--frozen"]);
    let path = "/v1/projects/demo-project/jobs?type=batch&type=sql&healthStatus=ok&healthStatus=warn&sortColumn=target_table_name&sortOrder=ASC&paginationLimit=100";
    for _ in 0..20 {
        http(sim.port, "GET", path, Some(DEMO_KEY), None, &[]);
    }
    let mut lat = Vec::new();
    for _ in 0..300 {
        let t = Instant::now();
        let (status, _, _) = http(sim.port, "GET", path, Some(DEMO_KEY), None, &[]);
        assert_eq!(status, 200);
        lat.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    lat.sort_by(|a, b| a.partial_cmp(b).unwrap());
    let pct = |p: f64| lat[((lat.len() as f64 * p) as usize).min(lat.len() - 1)];
    // Throughput: 4 client threads for 3 s over loopback (bounded in time and count).
    let port = sim.port;
    let start = Instant::now();
    let handles: Vec<_> = (0..4)
        .map(|_| {
            std::thread::spawn(move || {
                let mut n = 0u64;
                while start.elapsed() < Duration::from_secs(3) && n < 100_000 {
                    http(port, "GET", path, Some(DEMO_KEY), None, &[]);
                    n += 1;
                }
                n
            })
        })
        .collect();
    let count: u64 = handles.into_iter().map(|h| h.join().unwrap()).sum();
    json!({"jobs": 100000, "p50_ms": pct(0.5), "p99_ms": pct(0.99), "requests_per_second": count as f64 / start.elapsed().as_secs_f64()})
}

#[tokio::main]
async fn main() {
    // Odd, so that a median is one run's figure; enough that one slow run does not move it.
    let runs: usize = std::env::var("BENCH_RUNS").ok().and_then(|v| v.parse().ok()).unwrap_or(11);
    let sim = Sim::start(&["--jobs", "2000", "--frozen"]);
    let transfer = transfer(&first_load_files(&sim).await);
    let mut first = serde_json::Map::new();
    for limit in [100, 1000] {
        let (ours, plain) = first_rows(&sim, limit, runs).await;
        let ratio = stats(ours.clone())["median"].as_f64().unwrap() / stats(plain.clone())["median"].as_f64().unwrap();
        first
            .insert(limit.to_string(), json!({"console_ms": stats(ours), "plain_js_ms": stats(plain), "ratio": ratio}));
    }
    let mut filter = serde_json::Map::new();
    for limit in [100, 1000] {
        let (total, after, long) = filter_change(&sim, limit, runs).await;
        filter.insert(limit.to_string(), json!({"click_to_rows_ms": stats(total), "after_response_ms": stats(after), "longest_task_ms": stats(long)}));
    }
    let (table, page, busy, idle) = unchanged_refresh(&sim, runs).await;
    // Fewer runs: each inserts 200 jobs and sends 200 requests.
    let (bulk_ms, bulk_posts) = bulk_cancel(&sim, runs.min(5)).await;
    // Fewer runs: each reads 10,000 jobs.
    let board = tables_board(runs.min(5)).await;
    // Fewer runs: each reads 10,000 jobs twice.
    let inbox = change_inbox(runs.min(5)).await;
    let refreshes: u64 = std::env::var("BENCH_REFRESHES").ok().and_then(|v| v.parse().ok()).unwrap_or(500);
    let endurance = endurance(refreshes).await;
    let latency = sim_latency();
    let report = json!({
        "date": String::from_utf8_lossy(&Command::new("date").arg("-u").arg("+%Y-%m-%d").output().unwrap().stdout).trim(),
        "machine": format!("{} cores, headless Chromium", std::thread::available_parallelism().map_or(0, |n| n.get())),
        "first_load_transfer_bytes": transfer,
        "browser_settle_ms": settle().as_millis() as u64,
        "time_to_first_rows": first,
        "filter_change": filter,
        "unchanged_refresh_100_rows": {"table_mutation_records": stats(table), "page_mutation_records": stats(page),
            "main_thread_busy_ms": stats(busy), "main_thread_busy_ms_without_refresh": stats(idle)},
        "bulk_cancel_200_jobs": {"confirm_to_results_ms": stats(bulk_ms), "status_posts": bulk_posts},
        "tables_board_10000_jobs": board,
        "change_inbox_10000_jobs": inbox,
        "endurance": endurance,
        "jobs_sim": latency,
    });
    let out = env_path("PJC_BENCH_OUT");
    std::fs::create_dir_all(out.parent().unwrap()).unwrap();
    std::fs::write(&out, serde_json::to_string_pretty(&report).unwrap()).unwrap();

    println!("\nPolaris Jobs Console benchmark ({} runs each; median [min–max])", runs);
    println!("\n1. First-load transfer of the jobs list (bytes)");
    println!("   {:<48} {:>10} {:>10} {:>10}", "file", "raw", "gzip", "brotli");
    for f in report["first_load_transfer_bytes"]["files"].as_array().unwrap() {
        println!("   {:<48} {:>10} {:>10} {:>10}", f["file"].as_str().unwrap(), f["raw"], f["gzip"], f["brotli"]);
    }
    let t = &report["first_load_transfer_bytes"]["total"];
    println!("   {:<48} {:>10} {:>10} {:>10}", "total", t["raw"], t["gzip"], t["brotli"]);
    println!("   fetched later (not on the list's first load):");
    for f in report["first_load_transfer_bytes"]["later"]["files"].as_array().unwrap() {
        println!("   {:<48} {:>10} {:>10} {:>10}", f["file"].as_str().unwrap(), f["raw"], f["gzip"], f["brotli"]);
    }
    let fmt = |v: &Value| {
        format!(
            "{:.1} [{:.1}–{:.1}]",
            v["median"].as_f64().unwrap_or(f64::NAN),
            v["min"].as_f64().unwrap_or(f64::NAN),
            v["max"].as_f64().unwrap_or(f64::NAN)
        )
    };
    println!(
        "\n2. Time to first rows, cold cache (ms from navigation start; each load in a new browser, left {} ms to settle)",
        settle().as_millis()
    );
    for limit in ["100", "1000"] {
        let r = &report["time_to_first_rows"][limit];
        println!(
            "   {limit:>4} rows: console {}  plain JS {}  ratio {:.2}",
            fmt(&r["console_ms"]),
            fmt(&r["plain_js_ms"]),
            r["ratio"].as_f64().unwrap()
        );
    }
    println!("\n3. Filter change (chip click to updated rows, ms)");
    for limit in ["100", "1000"] {
        let r = &report["filter_change"][limit];
        println!(
            "   {limit:>4} rows: total {}  after the response {}  longest task {}",
            fmt(&r["click_to_rows_ms"]),
            fmt(&r["after_response_ms"]),
            fmt(&r["longest_task_ms"])
        );
    }
    let r = &report["unchanged_refresh_100_rows"];
    println!(
        "\n4. Refresh with unchanged data, 100 rows: table mutation records {}  page {}\n   main thread busy {} ms (same window without a refresh: {} ms)",
        fmt(&r["table_mutation_records"]),
        fmt(&r["page_mutation_records"]),
        fmt(&r["main_thread_busy_ms"]),
        fmt(&r["main_thread_busy_ms_without_refresh"])
    );
    let b = &report["bulk_cancel_200_jobs"];
    println!(
        "\n5. Bulk cancel of 200 jobs (confirm to results, ms): {}  status POSTs per run: {}",
        fmt(&b["confirm_to_results_ms"]),
        b["status_posts"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| format!("{:.0}", v.as_f64().unwrap_or(f64::NAN)))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let t = &report["tables_board_10000_jobs"];
    println!(
        "\n6. Tables board, 10,000 jobs over {} tables: last answer to the board on screen {} ms, to every row {} ms,\n   longest task {} ms; unchanged refresh: {} list requests, {} mutation records in the board",
        t["tables"].as_f64().unwrap_or(f64::NAN),
        fmt(&t["answer_to_board_ms"]),
        fmt(&t["answer_to_every_row_ms"]),
        fmt(&t["longest_task_ms"]),
        fmt(&t["unchanged_refresh_requests"]),
        fmt(&t["unchanged_refresh_mutation_records"])
    );
    let c = &report["change_inbox_10000_jobs"];
    println!(
        "\n6b. Change inbox, 10,000 jobs changed since the look ({} lines): diff {} ms; a reading with nothing new: {} list requests, {} mutation records",
        c["change_lines"].as_f64().unwrap_or(f64::NAN),
        fmt(&c["diff_ms"]),
        fmt(&c["nothing_new_requests"]),
        fmt(&c["nothing_new_mutation_records"])
    );
    println!("\n7. Endurance (auto-refresh, clock warped x50; bytes after a forced GC)");
    for name in ["list_100_rows", "job_detail"] {
        let e = &report["endurance"][name];
        println!(
            "   {name:<14} {:.0} refreshes in {:.0} s: JS heap {:.0} -> {:.0}  WASM memory {:.0} -> {:.0}  growth {:.0} B{}",
            e["refreshes"].as_f64().unwrap(),
            e["seconds"].as_f64().unwrap(),
            e["js_heap_before"].as_f64().unwrap(),
            e["js_heap_after"].as_f64().unwrap(),
            e["wasm_memory_before"].as_f64().unwrap(),
            e["wasm_memory_after"].as_f64().unwrap(),
            e["growth_bytes"].as_f64().unwrap(),
            e["chart_stretches"].as_f64().map(|n| format!("  chart stretches {n:.0}")).unwrap_or_default()
        );
    }
    println!("\n8. jobs-sim, 100,000 jobs, filtered sorted page of 100: p50 {:.2} ms  p99 {:.2} ms  {:.0} requests/s (4 clients)",
        report["jobs_sim"]["p50_ms"].as_f64().unwrap(), report["jobs_sim"]["p99_ms"].as_f64().unwrap(), report["jobs_sim"]["requests_per_second"].as_f64().unwrap());
    println!("Report: {}", out.display());
}
