//! The release build carries the job page, the new-job page, the Tables page and the connect page in WebAssembly
//! chunks of their own (src/pages/lazy.rs, xtask/src/split.rs). In real Chromium and Firefox: the
//! jobs list's first load fetches none (no chunk at all within a second of its rows); opening a job fetches its chunk once; a page opened directly
//! gets its chunk from the preload src/first_load.js adds; a chunk that cannot be fetched is an
//! error in words with a Retry button, and Retry opens the page once the chunk is back.

use e2e::*;
use std::path::PathBuf;

/// A copy of dist/ of the test's own (the test takes a chunk away), and the names of the pages'
/// chunks.
struct Site {
    dir: PathBuf,
    job: String,
    connect: String,
    new_job: String,
    tables: String,
}

fn site_copy(browser: Browser) -> Site {
    let dist = env_path("PJC_DIST_DIR");
    let site = std::env::temp_dir().join(format!("pjc-split-{}-{}", browser.name(), std::process::id()));
    let _ = std::fs::remove_dir_all(&site);
    std::fs::create_dir_all(&site).unwrap();
    let mut names = Vec::new();
    for e in std::fs::read_dir(&dist).unwrap() {
        let e = e.unwrap();
        names.push(e.file_name().to_string_lossy().into_owned());
        std::fs::copy(e.path(), site.join(e.file_name())).unwrap();
    }
    // The one chunk of a page in dist/.
    let chunk = |page: &str| {
        let found: Vec<&String> =
            names.iter().filter(|n| n.ends_with(".wasm") && n.starts_with(&format!("split_{page}"))).collect();
        assert_eq!(found.len(), 1, "one chunk of {page} in dist/: {found:?}");
        found[0].clone()
    };
    Site {
        job: chunk("job_page"),
        connect: chunk("connect_page"),
        new_job: chunk("new_job_page"),
        tables: chunk("tables_page"),
        dir: site,
    }
}

/// How `chunk` was fetched since the page's navigation: one initiator type per request.
async fn fetched(s: &Session, chunk: &str) -> serde_json::Value {
    s.js(&format!(
        "return performance.getEntriesByType('resource').filter(r => r.name.endsWith('/{chunk}')).map(r => r.initiatorType)"
    ))
    .await
}

async fn chunk_fetches(s: &Session, chunk: &str) -> u64 {
    s.js(&format!("return performance.getEntriesByType('resource').filter(r => r.name.endsWith('/{chunk}')).length"))
        .await
        .as_u64()
        .unwrap()
}

async fn open_first_job(s: &Session, nth: usize) {
    s.wait_js("the rows", "document.querySelectorAll('tbody tr[data-job-id] a.job-link').length > 2").await;
    // A script click: no pointer reaches the table, so nothing is prefetched.
    s.js(&format!("document.querySelectorAll('tbody tr[data-job-id] a.job-link')[{nth}].click(); return true;")).await;
    s.wait_js("the job page", "location.pathname.split('/').length === 5 && document.querySelector('.metrics')").await;
}

async fn job_page_code_on_demand(browser: Browser) {
    let Site { dir: site, job: chunk, connect: connect_chunk, new_job: new_job_chunk, tables: tables_chunk } =
        site_copy(browser);
    let site_arg = site.to_string_lossy().into_owned();
    let sim = Sim::start(&["--jobs", "60", "--frozen", "--static", &site_arg]);
    let list = format!("{}/projects/{PROJECT}/jobs", sim.base());

    let s = Session::start(browser, false).await;
    // The connect page opened directly: its chunk comes from the preload.
    s.goto(&format!("{}/", sim.base())).await;
    s.wait_js("the connect form", "document.querySelector('#project-id')").await;
    assert_eq!(fetched(&s, &connect_chunk).await, serde_json::json!(["link"]), "[{}] connect chunk", browser.name());
    // Code the two pages share, if the split made such a chunk: preloaded with either page.
    let shared = s
        .js("return performance.getEntriesByType('resource').filter(r => /[/]chunk_[^/]*[.]wasm$/.test(r.name)).map(r => r.initiatorType)")
        .await;
    assert!(
        shared.as_array().unwrap().iter().all(|t| t == "link"),
        "[{}] shared chunks from the preload: {shared}",
        browser.name()
    );
    // Only what the connect page needs: the files its meta names are all that came.
    let counts = s
        .js("return [document.querySelector('meta[name=\"pjc-chunk-connect-page\"]').content.split(' ').length,
                     performance.getEntriesByType('resource').filter(r => /[/](split|chunk)_[^/]*[.]wasm$/.test(r.name)).length]")
        .await;
    assert_eq!(counts[0], counts[1], "[{}] the connect page's files preloaded and fetched", browser.name());
    let all = std::fs::read_dir(&site)
        .unwrap()
        .filter(|e| e.as_ref().unwrap().file_name().to_string_lossy().starts_with("chunk_"))
        .count();
    assert!(counts[0].as_u64().unwrap() <= all as u64, "[{}] more files than the build has", browser.name());
    s.connect_to_list(&sim.base()).await;
    s.goto(&list).await;
    s.wait_js("the rows", "document.querySelectorAll('tbody tr[data-job-id]').length > 0").await;
    // As `cargo xtask bench` counts the first load: a second after the first rows.
    tokio::time::sleep(std::time::Duration::from_millis(1000)).await;
    // Before the first rows, no chunk; after them, only the change inbox's (its reading and
    // banner come after the first rows, issue #32) and the code it shares.
    let lazy = s
        .js("const rows = performance.getEntriesByName('pjc:first-rows')[0].startTime;
             const chunks = performance.getEntriesByType('resource').filter(r => /[/](split|chunk)_[^/]*[.]wasm$/.test(r.name));
             return [chunks.filter(r => r.startTime < rows).map(r => r.name.split('/').pop()),
                     chunks.map(r => r.name.split('/').pop()).filter(n => n.startsWith('split_'))]")
        .await;
    assert_eq!(lazy[0], serde_json::json!([]), "[{}] the list's first load fetched chunks", browser.name());
    assert!(
        lazy[1].as_array().unwrap().iter().all(|n| n.as_str().unwrap().starts_with("split_inbox-")),
        "[{}] after the first rows, only the change inbox's chunk: {}",
        browser.name(),
        lazy[1]
    );
    assert_eq!(chunk_fetches(&s, &chunk).await, 0, "[{}] the list's first load fetched the job page", browser.name());
    assert_eq!(
        chunk_fetches(&s, &connect_chunk).await,
        0,
        "[{}] the list's first load fetched the connect page",
        browser.name()
    );
    assert_eq!(
        chunk_fetches(&s, &new_job_chunk).await,
        0,
        "[{}] the list's first load fetched the new-job page",
        browser.name()
    );
    open_first_job(&s, 0).await;
    assert_eq!(chunk_fetches(&s, &chunk).await, 1, "[{}] opening a job fetched its code", browser.name());
    s.js("history.back(); return true;").await;
    open_first_job(&s, 1).await;
    assert_eq!(chunk_fetches(&s, &chunk).await, 1, "[{}] a second job reuses the code", browser.name());

    // A job page opened directly: src/first_load.js preloads the chunk with the app, and the
    // split loader's fetch takes that response (one request, from the preload).
    s.goto(&format!("{}{}", sim.base(), s.path().await)).await;
    s.wait_js("the job page, opened directly", "document.querySelector('.metrics')").await;
    assert_eq!(
        fetched(&s, &chunk).await,
        serde_json::json!(["link"]),
        "[{}] the chunk came from the preload",
        browser.name()
    );
    // The new-job page opened directly: the same.
    s.goto(&format!("{list}/new")).await;
    s.wait_js("the new-job page, opened directly", "document.querySelector('#spec-editor')").await;
    assert_eq!(
        fetched(&s, &new_job_chunk).await,
        serde_json::json!(["link"]),
        "[{}] the new-job chunk came from the preload",
        browser.name()
    );
    // The Tables page opened directly: the same.
    s.goto(&format!("{}/projects/{PROJECT}/tables", sim.base())).await;
    s.wait_js("the Tables page, opened directly", "document.querySelector('table.board tbody tr')").await;
    assert_eq!(
        fetched(&s, &tables_chunk).await,
        serde_json::json!(["link"]),
        "[{}] the Tables chunk came from the preload",
        browser.name()
    );
    s.close().await;

    // The chunk is gone (say, a deployment replaced it while the tab was open): the page says
    // so, and Retry works once the file is there again.
    let job = api_json(&sim, &format!("/v1/projects/{PROJECT}/jobs?paginationLimit=1"))["values"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let hidden = site.join(format!("{chunk}.gone"));
    std::fs::rename(site.join(&chunk), &hidden).unwrap();
    let s = Session::start(browser, false).await;
    s.connect_to_list(&sim.base()).await;
    s.goto(&format!("{list}/{job}")).await;
    s.wait_js(
        "the download error",
        "document.querySelector('main [role=alert]')?.textContent.includes('could not be downloaded')",
    )
    .await;
    // A way back to the list beside the error, as the job page itself has.
    let back = s.js("return document.querySelector('main .back a')?.getAttribute('href') ?? null").await;
    assert_eq!(back.as_str(), Some(format!("/projects/{PROJECT}/jobs").as_str()), "[{}] ← All jobs", browser.name());
    std::fs::rename(&hidden, site.join(&chunk)).unwrap();
    s.click_button("main", "Retry").await;
    s.wait_js("the job page after Retry", "document.querySelector('.metrics')").await;
    assert!(
        s.js("return !document.querySelector('main [role=alert]')").await.as_bool().unwrap(),
        "[{}] the error is gone once the page shows",
        browser.name()
    );
    s.close().await;
    let _ = std::fs::remove_dir_all(&site);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn job_page_code_on_demand_in_chromium() {
    job_page_code_on_demand(Browser::Chromium).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn job_page_code_on_demand_in_firefox() {
    job_page_code_on_demand(Browser::Firefox).await;
}
