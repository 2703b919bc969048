//! `/projects/{projectId}/jobs`: the filterable, sortable, paged list. The page URL holds the
//! whole view, in the API's own query parameters.

use crate::api::{self, ApiError, Connection, Inflight};
use crate::components::filter_chips::FilterChips;
use crate::components::html_blocks::{keep_choice, options_html};
use crate::components::job_rows::{explain_on_hover, row_key, Rows};
use crate::format::{freshness, job_type_label, sort_column_label, status_label};
use crate::pages::refresh::Loader;
use crate::pages::{now_ms, require_connection};
use crate::router::{read_location, use_location, use_navigate, use_route_param, NavigateOptions, Route};
use crate::session::{load_auto_refresh, store_auto_refresh, use_session};
use crate::view_query::{cleared, filter_from_query, is_filtered, list_url, range_label, toggle, PAGE_SIZES};
use crate::AUTO_REFRESH_CHOICES;
use jobs_api::{ExecutionStatus, HealthStatus, JobFilter, JobList, JobType, SortColumn, SortOrder};
use leptos::prelude::*;
use std::time::Duration;
use wasm_bindgen::JsCast;

/// The first page of the list the app opened on, asked for while the app was starting.
// One value of it lives (in a thread-local): the size of the variants does not matter.
#[allow(clippy::large_enum_variant)]
enum Prefetch {
    /// Not asked for (the app opened elsewhere), or already served or given up.
    Closed,
    /// On its way, for `view`. The owner keeps its abort slot alive until the page takes over;
    /// `wakers` are the page's loads waiting for it.
    Waiting {
        slot: Inflight,
        owner: Owner,
        view: View,
        wakers: Vec<std::task::Waker>,
    },
    Ready {
        view: View,
        result: Result<JobList, ApiError>,
    },
}

/// What a list request is for: the connection, the project and the filter.
type View = (Connection, String, JobFilter);

/// Whether `v` is the request for this connection, project and filter.
fn is_view(v: &View, conn: &Connection, project: &str, f: &JobFilter) -> bool {
    v.0 == *conn && v.1 == project && v.2 == *f
}

thread_local! {
    static PREFETCH: std::cell::RefCell<Prefetch> = const { std::cell::RefCell::new(Prefetch::Closed) };
}

/// When the app opens on a jobs list with a stored connection: that list's first request, to
/// send before the page is built (see `main`), so that its rows can be on screen in the same
/// frame as the page. `None` otherwise.
pub fn prefetch() -> Option<impl std::future::Future<Output = ()>> {
    let (path, search) = read_location();
    let Route::Jobs { project } = Route::of(&path) else { return None };
    let conn = crate::session::load()?;
    let filter = filter_from_query(&search);
    let owner = Owner::new();
    let slot = owner.with(Inflight::new);
    let view = (conn.clone(), project.clone(), filter.clone());
    PREFETCH.with(|p| *p.borrow_mut() = Prefetch::Waiting { slot, owner, view, wakers: Vec::new() });
    Some(async move {
        // Sent by index.html before the app loaded, when it is this very request.
        let result = match api::early_list(&conn, &project, &filter).await {
            Some(result) => result,
            // Unless the page has given up on it meanwhile (it asks itself then).
            None if PREFETCH.with(|p| matches!(*p.borrow(), Prefetch::Waiting { .. })) => {
                api::list_jobs(&conn, &project, &filter, Some(slot)).await
            }
            None => return,
        };
        PREFETCH.with(|p| {
            let mut p = p.borrow_mut();
            // Too late when the page has asked for another view itself, and aborted this one.
            if let Prefetch::Waiting { wakers, .. } = std::mem::replace(&mut *p, Prefetch::Closed) {
                *p = Prefetch::Ready { view: (conn, project, filter), result };
                wakers.into_iter().for_each(std::task::Waker::wake);
            }
        });
    })
}

/// For the page's first load only: the prefetched answer (data or error, applied as the page's
/// own first answer would be) when it is for this view, waited for if it is still on its way.
/// Whatever the outcome, later loads make their own requests; a prefetch for another view is
/// aborted (the page asks itself).
async fn take_prefetched(conn: &Connection, project: &str, f: &JobFilter) -> Option<Result<JobList, ApiError>> {
    let is_this = |v: &View| is_view(v, conn, project, f);
    std::future::poll_fn(|cx| {
        PREFETCH.with(|p| match &mut *p.borrow_mut() {
            Prefetch::Waiting { view, wakers, .. } if is_this(view) => {
                wakers.push(cx.waker().clone());
                std::task::Poll::Pending
            }
            _ => std::task::Poll::Ready(()),
        })
    })
    .await;
    match PREFETCH.with(|p| std::mem::replace(&mut *p.borrow_mut(), Prefetch::Closed)) {
        Prefetch::Ready { view, result } if is_this(&view) => Some(result),
        Prefetch::Waiting { slot, owner, wakers, .. } => {
            api::abort_early_list();
            slot.abort();
            owner.cleanup();
            // Loads that waited for it are older than this one: they end (see the page's load).
            wakers.into_iter().for_each(std::task::Waker::wake);
            None
        }
        _ => None,
    }
}

/// The prefetched first page when it is already in, and for this view: the page is built with
/// its rows from the start (see `main`, which takes the early answer before the app is built when
/// it is in). An error is left where it is, for the page's first load to apply as usual.
fn prefetched_now(conn: &Connection, project: &str, f: &JobFilter) -> Option<JobList> {
    PREFETCH.with(|p| {
        let mut p = p.borrow_mut();
        match std::mem::replace(&mut *p, Prefetch::Closed) {
            Prefetch::Ready { view, result: Ok(list) } if is_view(&view, conn, project, f) => Some(list),
            other => {
                *p = other;
                None
            }
        }
    })
}

/// Rows built per task when a new view arrives.
const ROW_CHUNK: usize = 500;

#[component]
pub fn JobsPage() -> impl IntoView {
    let session = use_session();
    let navigate = use_navigate();
    let location = use_location();
    let project = use_route_param(|r| match r {
        Route::Jobs { project } => Some(project),
        _ => None,
    });
    let filter = Memo::new(move |_| filter_from_query(&location.search.get()));

    // The first page, when it came with the app (see `prefetched_now`).
    let first_filter = filter.get_untracked();
    let seeded = session
        .connection
        .with_untracked(|c| c.as_ref().and_then(|c| prefetched_now(c, &project.get_untracked(), &first_filter)));
    let first_load_done = seeded.is_some();
    let data_filter = RwSignal::new(first_load_done.then_some(first_filter));
    let data = RwSignal::new(seeded);
    // How many of the rows are on screen: a long page is built in chunks, one per task, so
    // that no single task blocks the page (1000 rows at once would take several hundred ms).
    let shown = RwSignal::new(usize::MAX);
    // Said once the seeded first page's rows are on screen too.
    let settle_pending = StoredValue::new(first_load_done);
    let loader = Loader::new();
    if first_load_done {
        loader.loaded_already();
    }
    let (error, busy) = (loader.error, loader.busy);
    let updated_at = RwSignal::new(first_load_done.then(now_ms));
    let now = RwSignal::new(now_ms());
    let auto = RwSignal::new(load_auto_refresh());
    let inflight = Inflight::new();

    // The view the person asked for last. The URL follows a navigation a moment later, so quick
    // successive clicks build on this, never on a URL that has not caught up yet.
    let intent = StoredValue::new(filter.get_untracked());
    Effect::new(move |_| intent.set_value(filter.get()));
    let current = move || intent.get_value();
    let go = {
        let navigate = navigate.clone();
        move |f: JobFilter, replace: bool| {
            intent.set_value(f.clone());
            navigate(&list_url(&project.get_untracked(), &f), NavigateOptions { replace, scroll: false });
        }
    };

    // The answer is applied and every row of it on screen: tell listeners (tests, benchmark).
    let row_count = Memo::new(move |_| data.with(|d| d.as_ref().map_or(0, |l| l.values.len())));
    let settle_if_done = move || {
        if settle_pending.get_value() && shown.get_untracked() >= row_count.get_untracked() {
            settle_pending.set_value(false);
            loader.settled();
        }
    };

    let load = {
        let navigate = navigate.clone();
        move || {
            let Some(conn) = session.connection.get_untracked() else { return };
            let (f, p) = (filter.get_untracked(), project.get_untracked());
            let my = loader.begin();
            let navigate = navigate.clone();
            leptos::task::spawn_local(async move {
                let result = match take_prefetched(&conn, &p, &f).await {
                    Some(result) => result,
                    // A newer load came while this one waited for the prefetch: it asks.
                    None if !loader.is_current(my) => return,
                    None => api::list_jobs(&conn, &p, &f, Some(inflight)).await,
                };
                // A response to a request that a newer one replaced is dropped.
                if !loader.finish(my) {
                    return;
                }
                match result {
                    Ok(list) => {
                        if data.with_untracked(|d| d.as_ref() != Some(&list)) {
                            // A new view replacing one on screen builds its rows a chunk at a
                            // time, so that the page stays responsive; a refresh of the same view
                            // only touches the rows that changed, all at once. The first answer
                            // too: nothing is on screen yet to keep responsive, and a second chunk
                            // would wait for the browser to render the first (~70 ms with 1000
                            // rows, measured).
                            let replaces = data_filter.with_untracked(|d| d.as_ref().is_some_and(|d| *d != f));
                            shown.set(if replaces { ROW_CHUNK } else { usize::MAX });
                            data.set(Some(list));
                        }
                        if data_filter.with_untracked(|d| d.as_ref() != Some(&f)) {
                            data_filter.set(Some(f));
                        }
                        loader.succeeded();
                        updated_at.set(Some(now_ms()));
                    }
                    Err(e) => loader.handle_error(e, session, navigate),
                }
                // Said once every row is on screen (see the row chunks below).
                settle_pending.set_value(true);
                settle_if_done();
            });
        }
    };

    // Not connected: ask for the credential first, then come back here.
    require_connection(session, navigate.clone());

    // Every change of the view (URL) loads its page; the first view's, unless it came with the app.
    {
        let load = load.clone();
        let skip = StoredValue::new(first_load_done);
        Effect::new(move |_| {
            filter.with(|_| ());
            project.with(|_| ());
            if session.connection.with(Option::is_some) {
                loader.reset_backoff();
                if skip.get_value() {
                    skip.set_value(false);
                    return;
                }
                load();
            }
        });
    }

    // One ticker: the clock for "Updated N s ago", auto-refresh and retries after errors.
    loader.run_ticker(
        session,
        move |t| now.set(t),
        move |since| {
            let every = auto.get_untracked();
            every > 0 && since >= f64::from(every) * 1000.0
        },
        load.clone(),
    );

    // The search field: typed text, sent (debounced) as searchString.
    let search_text = RwSignal::new(String::new());
    Effect::new(move |_| search_text.set(filter.with(|f| f.search_string.clone().unwrap_or_default())));
    let debounce = StoredValue::new(None::<TimeoutHandle>);
    let on_search = {
        let go = go.clone();
        move |ev: leptos::ev::Event| {
            let text = event_target_value(&ev);
            search_text.set(text.clone());
            if let Some(h) = debounce.get_value() {
                h.clear();
            }
            let go = go.clone();
            let h = set_timeout_with_handle(
                move || {
                    let mut f = current();
                    let q = text.trim().to_owned();
                    f.search_string = (!q.is_empty()).then_some(q);
                    f.pagination_offset = None;
                    if f != current() {
                        go(f, true);
                    }
                },
                Duration::from_millis(300),
            )
            .ok();
            debounce.set_value(h);
        }
    };

    let chip_group = {
        let go = go.clone();
        move |name: &'static str,
              options: Vec<(String, String)>,
              get: fn(&JobFilter) -> Vec<String>,
              set: fn(&mut JobFilter, String)| {
            let go = go.clone();
            view! {
                <FilterChips name=name options=options
                    selected=Signal::derive(move || filter.with(get))
                    on_toggle=Callback::new(move |v: String| {
                        let mut f = current();
                        set(&mut f, v);
                        f.pagination_offset = None;
                        go(f, false);
                    })/>
            }
        }
    };
    let health_chips = chip_group(
        "Health",
        HealthStatus::ALL.iter().map(|h| (h.as_str().to_owned(), crate::format::health_label(h))).collect(),
        |f| f.health_statuses.iter().map(|v| v.as_str().to_owned()).collect(),
        |f, v| f.health_statuses = toggle(&f.health_statuses, &HealthStatus::parse(&v)),
    );
    let type_chips = chip_group(
        "Type",
        JobType::ALL.iter().map(|t| (t.as_str().to_owned(), job_type_label(t))).collect(),
        |f| f.types.iter().map(|v| v.as_str().to_owned()).collect(),
        |f, v| f.types = toggle(&f.types, &JobType::parse(&v)),
    );
    let status_chips = chip_group(
        "Execution status",
        ExecutionStatus::ALL.iter().map(|s| (s.as_str().to_owned(), status_label(s))).collect(),
        |f| f.execution_statuses.iter().map(|v| v.as_str().to_owned()).collect(),
        |f, v| f.execution_statuses = toggle(&f.execution_statuses, &ExecutionStatus::parse(&v)),
    );

    let clear = {
        let go = go.clone();
        move |_| go(cleared(&current()), false)
    };
    let set_sort = {
        let go = go.clone();
        move |ev: leptos::ev::Event| {
            let mut f = current();
            f.sort_column = SortColumn::parse_known(&event_target_value(&ev));
            f.pagination_offset = None;
            go(f, false);
        }
    };
    let set_order = {
        let go = go.clone();
        move |ev: leptos::ev::Event| {
            let mut f = current();
            f.sort_order = SortOrder::parse_known(&event_target_value(&ev));
            f.pagination_offset = None;
            go(f, false);
        }
    };
    let set_limit = {
        let go = go.clone();
        move |ev: leptos::ev::Event| {
            let mut f = current();
            f.pagination_limit = event_target_value(&ev).parse().ok();
            f.pagination_offset = None;
            go(f, false);
        }
    };
    let page = {
        let go = go.clone();
        move |forward: bool| {
            let mut f = current();
            let limit = u64::from(f.limit());
            let offset = f.offset();
            f.pagination_offset = Some(if forward { offset + limit } else { offset.saturating_sub(limit) });
            go(f, false);
        }
    };
    let page_prev = page.clone();
    let refresh = {
        let load = load.clone();
        move |_| {
            loader.reset_backoff();
            load();
        }
    };
    let reload = {
        let load = load.clone();
        Callback::new(move |_: ()| load())
    };

    // The rows on screen: the first `shown` of the answer, kept in step with it by key (see
    // `Rows`). A long new page is built in chunks, the next one in a task of its own.
    let tbody = NodeRef::<leptos::html::Tbody>::new();
    let rows = StoredValue::new_local(Rows::default());
    let marked = StoredValue::new(false);
    // Once per answer, not once per chunk.
    let keys = Memo::new(move |_| {
        data.with(|d| d.as_ref().map_or_else(Vec::new, |l| l.values.iter().map(row_key).collect::<Vec<_>>()))
    });
    Effect::new(move |_| {
        let Some(tbody) = tbody.get() else { return };
        let n = shown.get();
        let len = row_count.get();
        let p = project.get_untracked();
        data.with(|d| {
            keys.with(|k| {
                let list = d.as_ref().map_or(&[][..], |l| &l.values[..n.min(l.values.len())]);
                rows.update_value(|r| r.sync(&tbody, list, &k[..list.len()], &p, now_ms() as i64));
            })
        });
        if n < len {
            set_timeout(
                move || {
                    if shown.try_get_untracked() == Some(n) {
                        shown.set(n + ROW_CHUNK);
                    }
                },
                Duration::ZERO,
            );
            return;
        }
        // A performance mark when the first page of rows is on screen (read by `cargo xtask bench`).
        if len > 0 && !marked.get_value() {
            marked.set_value(true);
            if let Some(p) = window().performance() {
                let _ = p.mark("pjc:first-rows");
            }
        }
        settle_if_done();
    });
    let more = Memo::new(move |_| data.with(|d| d.as_ref().is_some_and(|l| l.more_results_available)));
    // Whether the answer has no jobs (`None` before the first): the empty states follow this,
    // not the answer itself (reading that would copy every job of it on each change).
    let empty = Memo::new(move |_| data.with(|d| d.as_ref().map(|l| l.values.is_empty())));
    let shown_offset = Memo::new(move |_| data_filter.with(|f| f.as_ref().map_or(0, JobFilter::offset)));
    // To the minute: a refresh that changed nothing changes nothing on screen either.
    let updated_text = Memo::new(move |_| updated_at.get().map(|t| freshness(t as i64, now.get() as i64)));
    let stale = move || data_filter.with(|d| d.as_ref() != Some(&filter.get()));

    // The selects' options as HTML, each select kept at its value by one effect.
    let (sort_by, sort_order, page_size, auto_refresh) =
        (NodeRef::new(), NodeRef::new(), NodeRef::new(), NodeRef::new());
    let sort_options: Vec<(String, String)> =
        SortColumn::ALL.iter().map(|c| (c.as_str().to_owned(), sort_column_label(c))).collect();
    let order_options = [SortOrder::Desc, SortOrder::Asc]
        .map(|o| (o.as_str().to_owned(), if o == SortOrder::Desc { "Descending" } else { "Ascending" }.to_owned()));
    let size_options: Vec<(String, String)> = PAGE_SIZES.iter().map(|n| (n.to_string(), n.to_string())).collect();
    let auto_options: Vec<(String, String)> = AUTO_REFRESH_CHOICES
        .iter()
        .map(|s| (s.to_string(), if *s == 0 { "Off".to_owned() } else { format!("{s} s") }))
        .collect();
    let sort_by_now = move || filter.with(|f| f.sort_column.clone().unwrap_or_default().as_str().to_owned());
    let sort_order_now = move || filter.with(|f| f.sort_order.clone().unwrap_or_default().as_str().to_owned());
    let page_size_now = move || filter.with(|f| f.limit().to_string());
    keep_choice(sort_by, sort_by_now);
    keep_choice(sort_order, sort_order_now);
    keep_choice(page_size, page_size_now);
    keep_choice(auto_refresh, move || auto.get().to_string());

    // Each part type-erased (smaller view types to build and move: −0.3 KB brotli).
    let filters = view! {
            <section class="filters card" aria-label="Filters">
                {health_chips}
                {type_chips}
                {status_chips}
                <div class="filter-row">
                    <div class="field inline-field">
                        <label for="search">"Search"</label>
                        <input id="search" type="search" placeholder="Job ID, table, connection, type, creator"
                            prop:value=move || search_text.get() on:input=on_search.clone() on:change=on_search/>
                    </div>
                    <div class="field inline-field">
                        <label for="sort-by">"Sort by"</label>
                        <select id="sort-by" on:change=set_sort node_ref=sort_by inner_html=options_html(&sort_options, &untrack(sort_by_now))></select>
                    </div>
                    <div class="field inline-field">
                        <label for="sort-order">"Order"</label>
                        <select id="sort-order" on:change=set_order node_ref=sort_order inner_html=options_html(&order_options, &untrack(sort_order_now))></select>
                    </div>
                    <div class="field inline-field">
                        <label for="page-size">"Rows per page"</label>
                        <select id="page-size" on:change=set_limit node_ref=page_size inner_html=options_html(&size_options, &untrack(page_size_now))></select>
                    </div>
                    <button type="button" class="btn btn-quiet" on:click=clear.clone()
                        prop:disabled=move || !filter.with(is_filtered)>"Clear filters"</button>
                </div>
            </section>
    }
    .into_any();
    let toolbar = view! {
            <div class="toolbar">
                <div class="refresh">
                    <button type="button" class="btn" on:click=refresh prop:disabled=move || busy.get()
                        aria-busy=move || busy.get().to_string()>
                        {move || if busy.get() { "Refreshing…" } else { "Refresh" }}
                    </button>
                    <label for="auto-refresh">"Auto-refresh"</label>
                    <select id="auto-refresh" node_ref=auto_refresh inner_html=options_html(&auto_options, &auto.get_untracked().to_string())
                        on:change=move |ev| {
                            let v = event_target_value(&ev).parse().unwrap_or(0);
                            store_auto_refresh(v);
                            auto.set(v);
                        }></select>
                    <span class="muted updated" aria-live="off">
                        {move || updated_text.get()}
                    </span>
                </div>
                <nav class="pager" aria-label="Pages">
                    <span class="range">{move || range_label(shown_offset.get(), row_count.get())}</span>
                    <button type="button" class="btn" on:click=move |_| page_prev(false)
                        prop:disabled=move || filter.with(|f| f.offset() == 0)>"Previous page"</button>
                    <button type="button" class="btn" on:click=move |_| page(true)
                        prop:disabled=move || !more.get()>"Next page"</button>
                </nav>
            </div>
    }
    .into_any();
    let table = view! {
            <div class="table-wrap" class:stale=stale aria-busy=move || busy.get().to_string()>
                <table class="jobs" role="table">
                    <caption class="sr-only">"Jobs of project "{move || project.get()}</caption>
                    <thead role="rowgroup">
                        <tr role="row">
                            <th scope="col" role="columnheader">"Job ID"</th>
                            <th scope="col" role="columnheader">"Type"</th>
                            <th scope="col" role="columnheader">"Target table"</th>
                            <th scope="col" role="columnheader">"Source"</th>
                            <th scope="col" role="columnheader">"Status"</th>
                            <th scope="col" role="columnheader">"Health"</th>
                            <th scope="col" role="columnheader">"Created by"</th>
                            <th scope="col" role="columnheader">"Created"</th>
                            <th scope="col" role="columnheader">"Last updated"</th>
                        </tr>
                    </thead>
                    <tbody role="rowgroup" node_ref=tbody
                        on:pointerover=|ev| {
                            crate::pages::lazy::prefetch_job_page();
                            if let Some(el) = ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) {
                                explain_on_hover(&el);
                            }
                        }
                        on:focusin=|_| crate::pages::lazy::prefetch_job_page()></tbody>
                </table>
                {move || {
                    match empty.get() {
                        None if error.with(Option::is_none) => Some(view! { <p class="empty" role="status">"Loading jobs…"</p> }.into_any()),
                        Some(true) => Some(if filter.with(is_filtered) {
                            let clear = clear.clone();
                            view! { <div class="empty"><p>"No jobs match these filters."</p><button type="button" class="btn" on:click=clear>"Clear filters"</button></div> }.into_any()
                        } else if filter.with(|f| f.offset() > 0) {
                            view! { <div class="empty"><p>"No jobs on this page."</p><a href=list_url(&project.get_untracked(), &JobFilter { pagination_offset: None, ..filter.get_untracked() })>"First page"</a></div> }.into_any()
                        } else {
                            view! { <p class="empty">"No jobs in this project yet."</p> }.into_any()
                        }),
                        _ => None,
                    }
                }}
            </div>
    }
    .into_any();
    view! {
        <div class="jobs-page">
            <div class="page-title">
                <h1>"Jobs"</h1>
                <span class="muted">"Project "<code>{move || project.get()}</code></span>
            </div>
            {filters}
            {toolbar}
            {loader.error_notice(reload)}

            {table}
        </div>
    }
}
