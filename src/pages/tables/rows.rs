//! The board's table. Its rows are written as HTML and kept by their markup (`KeyedRows`, as
//! the jobs list's): a row is parsed again only when what it shows changed, so a refresh that
//! changed nothing changes nothing in the DOM but the relative times, which are written empty
//! and filled by `tick_times`. The idiomatic `<For>` of row components cost 12 KB brotli more
//! in the page's chunk (docs/performance.md).

use super::{BoardView, Rows};
use crate::app::session::use_session;
use crate::components::job_rows::{explain_on_hover, tick_times};
use crate::components::keyed_rows::KeyedRows;
use crate::list::view::list_page_url;
use crate::tables::board::{expectation_words, problem_words, Recent, SortBy, Table, EXPECTATIONS};
use crate::text::format::{job_type_label, status_label, write_relative};
use crate::text::html::Html;
use jobs_api::filter::encode_component;
use jobs_api::{ExecutionStatus, JobFilter, Timestamp};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

#[component]
pub fn BoardTable(
    view: BoardView,
    board: Memo<Option<Vec<Table>>>,
    rows: Rows,
    clock: RwSignal<f64>,
    set_expectation: Callback<(String, Option<u32>)>,
) -> impl IntoView {
    let session = use_session();
    let body = NodeRef::<leptos::html::Tbody>::new();
    use_board_rows(body, view.project, rows, clock);
    let on_change = move |ev: leptos::ev::Event| {
        let Some(select) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlSelectElement>().ok()) else { return };
        if let Some(table) = select.get_attribute("data-table") {
            set_expectation.run((table, select.value().parse::<u32>().ok()));
        }
    };
    let on_hover = move |ev: leptos::ev::MouseEvent| {
        let Some(el) = ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) else { return };
        // A recent job shows its symbol: its tooltip is its name, as it reads now.
        if let Some(link) = el.closest(".strip a").ok().flatten() {
            if let Ok(Some(name)) = link.query_selector(".sr-only") {
                let _ = link.set_attribute("title", &name.text_content().unwrap_or_default());
            }
        }
        explain_on_hover(&el, session.zone());
    };
    // A header that sorts: pressed again, the other way.
    let header = move |by: SortBy, label: &'static str| {
        let sort = move || {
            let desc = view.sort.get_untracked() == by && !view.desc.get_untracked();
            view.set(&view.find.get_untracked(), by, desc);
        };
        let aria = move || (view.sort.get() == by).then(|| if view.desc.get() { "descending" } else { "ascending" });
        view! {
            <th scope="col" role="columnheader" aria-sort=aria>
                <button type="button" on:click=move |_| sort()>
                    {label}
                </button>
            </th>
        }
    };
    view! {
        <div class="board-wrap" hidden=move || board.with(|b| b.as_ref().is_none_or(Vec::is_empty))>
        <table class="board" role="table">
            <caption class="sr-only">"Tables of project "{move || view.project.get()}</caption>
            <thead>
                <tr role="row">
                    {header(SortBy::Table, "Table")}
                    {header(SortBy::State, "State")}
                    {header(SortBy::LastLoaded, "Last loaded")}
                    <th scope="col" role="columnheader">"Expect new data every"</th>
                    <th scope="col" role="columnheader">"Recent jobs"</th>
                    <th scope="col" role="columnheader">"Problem"</th>
                    <th scope="col" role="columnheader">"Running"</th>
                </tr>
            </thead>
            <tbody node_ref=body on:change=on_change on:mouseover=on_hover></tbody>
        </table>
        </div>
    }
}

/// Rows put on screen per task: the first screens at once, the rest in the tasks after, so that
/// no task of a large board's first showing is long.
const CHUNK: usize = 100;

/// Keeps `body`'s rows in step with `rows` (kept by their markup, `CHUNK` more per task until all
/// are in), and their relative times with the clock.
fn use_board_rows(body: NodeRef<leptos::html::Tbody>, project: Memo<String>, rows: Rows, clock: RwSignal<f64>) {
    let kept = StoredValue::new_local(KeyedRows::new("data-table"));
    let shown = RwSignal::new(CHUNK);
    let marked = StoredValue::new((false, false));
    let marks = Memo::new(move |_| {
        let project = project.get();
        rows.with(|r| r.iter().flatten().map(|t| row(&project, t)).collect::<Vec<_>>())
    });
    Effect::new(move |_| {
        let Some(body) = body.get() else { return };
        let (project, n, now) = (project.get_untracked(), shown.get(), clock.get_untracked() as i64);
        let (synced, all) = marks.with(|m| {
            let part = &m[..n.min(m.len())];
            let keys: Vec<String> = part.iter().map(|h| h.as_str().to_owned()).collect();
            kept.update_value(|k| {
                k.sync(&body, &keys, &project, 1_500, &mut |out, i| {
                    out.html_with_times(&part[i], &|at, s| relative_to(at, now, s));
                })
            });
            (part.len(), m.len())
        });
        if synced < all {
            let more = move || {
                if shown.try_get_untracked() == Some(n) {
                    shown.set(n + CHUNK);
                }
            };
            set_timeout(more, std::time::Duration::ZERO);
        }
        // When the board's first rows, and all of them, are on screen (read by `cargo xtask bench`).
        let (first, every) = marked.get_value();
        let mark = |name: &str| window().performance().map(|p| p.mark(name));
        if synced > 0 && !first {
            let _ = mark("pjc:board");
        }
        if synced > 0 && synced == all && !every {
            let _ = mark("pjc:board-all");
        }
        marked.set_value((first || synced > 0, every || (synced > 0 && synced == all)));
    });
    // Once a minute the relative times (their texts only).
    let minute = Memo::new(move |_| (clock.get() / 60_000.0) as i64);
    Effect::new(move |_| {
        minute.track();
        if let Some(body) = body.get_untracked() {
            tick_times(&body, clock.get_untracked() as i64);
        }
    });
}

/// "3 h ago" for a time the API wrote (nothing when it cannot be read).
fn relative_to(at: &str, now: i64, out: &mut String) {
    if let Some(ms) = Timestamp::new(at).epoch_millis() {
        write_relative(out, ms, now);
    }
}

/// A moment, its relative words left out of the row's markup (its key, which must stay the same
/// as time passes): they are filled when the row is shown and by `tick_times` once a minute. The
/// exact time is its tooltip on hover.
fn moment(out: &mut Html, at: &Timestamp) {
    out.raw("<time datetime=\"").text(at.as_str());
    out.raw("\"></time>");
}

/// A list link filtered by `filter`.
fn list_link(out: &mut Html, project: &str, filter: &JobFilter, text: &str) {
    out.raw("<a href=\"").text(&list_page_url(project, filter));
    out.raw("\">").text(text);
    out.raw("</a>");
}

/// One table's row: its name (a link to its jobs), state, last load, expectation, recent jobs,
/// problem and running jobs.
pub fn row(project: &str, t: &Table) -> Html {
    let mut out = Html::with_capacity(1_500);
    let o = &mut out;
    o.raw("<tr role=\"row\" data-table=\"").text(&t.name);
    o.raw("\"><th scope=\"row\" role=\"rowheader\">");
    let mut filter = JobFilter { target_table_name: Some(t.name.clone()), ..JobFilter::default() };
    list_link(o, project, &filter, &t.name);
    o.raw("</th><td role=\"cell\"><span class=\"state ").raw(t.state.tone());
    o.raw("\"><span aria-hidden=\"true\">").raw(t.state.icon());
    o.raw(" </span>").raw(t.state.words());
    o.raw("</span></td><td role=\"cell\">");
    match &t.last_loaded {
        _ if t.is_live() => {
            o.raw("Streaming now");
        }
        Some(at) => moment(o, at),
        None => {
            o.raw("—");
        }
    }
    o.raw("</td><td role=\"cell\"><select data-table=\"").text(&t.name);
    o.raw("\" aria-label=\"Expect new data into ").text(&t.name);
    o.raw(" every\">");
    let options =
        std::iter::once((None, expectation_words(None))).chain(EXPECTATIONS.iter().map(|&(m, w)| (Some(m), w)));
    for (minutes, words) in options {
        o.raw("<option value=\"").text(&minutes.map(|m| m.to_string()).unwrap_or_default());
        o.raw(if minutes == t.expectation { "\" selected>" } else { "\">" }).raw(words);
        o.raw("</option>");
    }
    o.raw("</select></td><td role=\"cell\"><div class=\"strip\">");
    for r in &t.recent {
        strip_job(o, project, r);
    }
    o.raw("</div></td><td role=\"cell\">");
    problem(o, t);
    o.raw("</td><td role=\"cell\">");
    if t.running == 0 {
        o.raw("—");
    } else {
        filter.execution_statuses = vec![ExecutionStatus::Pending, ExecutionStatus::Running];
        list_link(o, project, &filter, &format!("{} running", t.running));
    }
    o.raw("</td></tr>");
    out
}

/// A job of the strip: a link to its page named in words ("batch job, failed, 2 h ago"), its
/// status's symbol drawn by the style sheet (✓ completed, ✕ failed, ⊘ canceled, ▶ running,
/// ⏸ suspended, … else).
fn strip_job(o: &mut Html, project: &str, r: &Recent) {
    o.raw("<a class=\"s-").text(r.status.as_str());
    o.raw("\" href=\"/projects/").text(&encode_component(project));
    o.raw("/jobs/").text(&encode_component(&r.id));
    o.raw("\"><span class=\"sr-only\">").text(&job_type_label(&r.job_type).to_ascii_lowercase());
    o.raw(" job, ").text(&status_label(&r.status).to_ascii_lowercase());
    if r.at.epoch_millis().is_some() {
        o.raw(", ");
        moment(o, &r.at);
    }
    o.raw("</span></a>");
}

/// A failing table's latest failed load and since when; a table that recovered, when.
fn problem(o: &mut Html, t: &Table) {
    match (&t.problem, &t.recovered) {
        (Some(p), _) => {
            o.raw("<span class=\"problem\">").text(&problem_words(p));
            o.raw("</span><span class=\"since\">Failing");
            if let Some(at) = &p.since {
                o.raw(" since ");
                moment(o, at);
            }
            o.raw(" (").text_with(|s| s.push_str(&p.in_a_row.to_string()));
            o.raw(" failed in a row)</span>");
        }
        (None, Some(at)) => {
            o.raw("<span class=\"recovered\">Recovered ");
            moment(o, at);
            o.raw("</span>");
        }
        _ => {}
    }
}
