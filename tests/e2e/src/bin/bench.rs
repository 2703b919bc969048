//! `cargo xtask bench` runs this: first-load transfer, time to first rows against a plain
//! JavaScript page, filter change, a refresh with unchanged data, and jobs-sim latency. It prints
//! one table and writes target/bench/report.json. Not a test: nothing here passes or fails.

use e2e::*;
use serde_json::{json, Value};
use std::process::Command;
use std::time::{Duration, Instant};

fn stats(mut v: Vec<f64>) -> Value {
    v.sort_by(|a, b| a.partial_cmp(b).unwrap());
    let median = if v.is_empty() { f64::NAN } else { v[v.len() / 2] };
    json!({"median": median, "min": v.first(), "max": v.last(), "runs": v.len()})
}

fn compressed(tool: &str, args: &[&str], file: &std::path::Path) -> u64 {
    let out = Command::new(tool).args(args).arg(file).output().unwrap_or_else(|e| panic!("{tool}: {e}"));
    assert!(out.status.success(), "{tool} failed");
    out.stdout.len() as u64
}

fn transfer() -> Value {
    let dist = env_path("PJC_APP_DIST");
    let mut files = Vec::new();
    let mut total = [0u64; 3];
    let mut entries: Vec<_> = std::fs::read_dir(&dist).unwrap().map(|e| e.unwrap().path()).collect();
    entries.sort();
    for p in entries {
        let raw = std::fs::metadata(&p).unwrap().len();
        let gz = compressed("gzip", &["-9", "-c"], &p);
        let br = compressed("brotli", &["-q", "11", "-c"], &p);
        total[0] += raw;
        total[1] += gz;
        total[2] += br;
        files.push(json!({"file": p.file_name().unwrap().to_string_lossy(), "raw": raw, "gzip": gz, "brotli": br}));
    }
    json!({"files": files, "total": {"raw": total[0], "gzip": total[1], "brotli": total[2]}})
}

async fn first_rows(sim: &Sim, page: &str, limit: u32, runs: usize) -> Vec<f64> {
    let conn = json!({"base_url": "", "project_id": PROJECT, "kind": "ApiKey", "secret": DEMO_KEY, "remember": false});
    let mut out = Vec::new();
    for _ in 0..runs {
        // A new browser session each run: a cold cache.
        let s = Session::start(Browser::Chromium, false).await;
        s.goto(&format!("{}/__sim/clock", sim.base())).await;
        s.js(&format!("sessionStorage.setItem('pjc.connection', {:?}); return true;", conn.to_string())).await;
        s.goto(&format!("{}{page}?paginationLimit={limit}", sim.base())).await;
        s.wait_js_for("the first rows", "performance.getEntriesByName('pjc:first-rows').length > 0", 60).await;
        let t = s.js("return performance.getEntriesByName('pjc:first-rows')[0].startTime").await;
        out.push(t.as_f64().unwrap());
        s.close().await;
    }
    out
}

async fn connected_session(sim: &Sim, limit: u32) -> Session {
    let conn = json!({"base_url": "", "project_id": PROJECT, "kind": "ApiKey", "secret": DEMO_KEY, "remember": false});
    let s = Session::start(Browser::Chromium, false).await;
    s.goto(&format!("{}/__sim/clock", sim.base())).await;
    s.js(&format!("sessionStorage.setItem('pjc.connection', {:?}); return true;", conn.to_string())).await;
    s.goto(&format!("{}/projects/demo-project/jobs?paginationLimit={limit}", sim.base())).await;
    s.wait_js("rows", "document.querySelectorAll('tbody tr[data-job-id]').length > 0").await;
    s
}

/// From a chip click to the new rows in the DOM: [total ms, ms after the response ended, longest task ms].
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
             document.querySelector('button.chip[data-value={chip}]').click();
             const poll = () => {{
               if (ids() !== before) {{
                 const t = performance.now();
                 const r = performance.getEntriesByType('resource').filter(e => e.name.includes('/v1/projects/')).pop();
                 setTimeout(() => {{ if (obs) obs.disconnect(); done([t - t0, r ? t - r.responseEnd : -1, longest]); }}, 50);
               }} else requestAnimationFrame(poll);
             }};
             requestAnimationFrame(poll);"
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

/// DOM mutation records in the table and in the whole page, and main-thread task time, for a
/// refresh whose data did not change.
async fn unchanged_refresh(sim: &Sim, runs: usize) -> (Vec<f64>, Vec<f64>) {
    let s = connected_session(sim, 100).await;
    let (mut table, mut page) = (Vec::new(), Vec::new());
    for _ in 0..runs {
        let v = s.client.execute_async(
            "const done = arguments[arguments.length - 1];
             let inTable = 0, all = 0;
             const mo = new MutationObserver(recs => { all += recs.length; inTable += recs.filter(r => r.target.closest && r.target.closest('table') || (r.target.parentElement && r.target.parentElement.closest('table'))).length; });
             mo.observe(document.body, {subtree: true, childList: true, attributes: true, characterData: true});
             const btn = [...document.querySelectorAll('.refresh button')].find(b => b.textContent.trim() === 'Refresh');
             btn.click();
             const wait = () => { if (btn.textContent.trim() === 'Refresh' && btn.getAttribute('aria-busy') === 'false') setTimeout(() => { mo.disconnect(); done([inTable, all]); }, 100); else setTimeout(wait, 10); };
             setTimeout(wait, 10);", vec![]).await.unwrap();
        table.push(v[0].as_f64().unwrap());
        page.push(v[1].as_f64().unwrap());
    }
    s.close().await;
    (table, page)
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
    let runs: usize = std::env::var("BENCH_RUNS").ok().and_then(|v| v.parse().ok()).unwrap_or(5);
    let transfer = transfer();
    let sim = Sim::start(&["--jobs", "2000", "--frozen"]);
    let mut first = serde_json::Map::new();
    for limit in [100, 1000] {
        let ours = first_rows(&sim, "/projects/demo-project/jobs", limit, runs).await;
        let plain = first_rows(&sim, "/plain.html", limit, runs).await;
        let ratio = stats(ours.clone())["median"].as_f64().unwrap() / stats(plain.clone())["median"].as_f64().unwrap();
        first
            .insert(limit.to_string(), json!({"console_ms": stats(ours), "plain_js_ms": stats(plain), "ratio": ratio}));
    }
    let mut filter = serde_json::Map::new();
    for limit in [100, 1000] {
        let (total, after, long) = filter_change(&sim, limit, runs).await;
        filter.insert(limit.to_string(), json!({"click_to_rows_ms": stats(total), "after_response_ms": stats(after), "longest_task_ms": stats(long)}));
    }
    let (table, page) = unchanged_refresh(&sim, runs).await;
    let latency = sim_latency();
    let report = json!({
        "date": String::from_utf8_lossy(&Command::new("date").arg("-u").arg("+%Y-%m-%d").output().unwrap().stdout).trim(),
        "machine": format!("{} cores, headless Chromium", std::thread::available_parallelism().map_or(0, |n| n.get())),
        "first_load_transfer_bytes": transfer,
        "time_to_first_rows": first,
        "filter_change": filter,
        "unchanged_refresh_100_rows": {"table_mutation_records": stats(table), "page_mutation_records": stats(page)},
        "jobs_sim": latency,
        "not_measured_yet": ["main-thread time per refresh", "endurance: memory after 500 list and 500 detail refreshes"],
    });
    let out = env_path("PJC_BENCH_OUT");
    std::fs::create_dir_all(out.parent().unwrap()).unwrap();
    std::fs::write(&out, serde_json::to_string_pretty(&report).unwrap()).unwrap();

    println!("\nPolaris Jobs Console benchmark ({} runs each; median [min–max])", runs);
    println!("\n1. First-load transfer (bytes)");
    println!("   {:<48} {:>10} {:>10} {:>10}", "file", "raw", "gzip", "brotli");
    for f in report["first_load_transfer_bytes"]["files"].as_array().unwrap() {
        println!("   {:<48} {:>10} {:>10} {:>10}", f["file"].as_str().unwrap(), f["raw"], f["gzip"], f["brotli"]);
    }
    let t = &report["first_load_transfer_bytes"]["total"];
    println!("   {:<48} {:>10} {:>10} {:>10}", "total", t["raw"], t["gzip"], t["brotli"]);
    let fmt = |v: &Value| {
        format!(
            "{:.1} [{:.1}–{:.1}]",
            v["median"].as_f64().unwrap_or(f64::NAN),
            v["min"].as_f64().unwrap_or(f64::NAN),
            v["max"].as_f64().unwrap_or(f64::NAN)
        )
    };
    println!("\n2. Time to first rows, cold cache (ms from navigation start)");
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
        "\n4. Refresh with unchanged data, 100 rows: table mutation records {}  page {}",
        fmt(&r["table_mutation_records"]),
        fmt(&r["page_mutation_records"])
    );
    println!("\n6. jobs-sim, 100,000 jobs, filtered sorted page of 100: p50 {:.2} ms  p99 {:.2} ms  {:.0} requests/s (4 clients)",
        report["jobs_sim"]["p50_ms"].as_f64().unwrap(), report["jobs_sim"]["p99_ms"].as_f64().unwrap(), report["jobs_sim"]["requests_per_second"].as_f64().unwrap());
    println!("\nNot measured yet: {}", report["not_measured_yet"]);
    println!("Report: {}", out.display());
}
