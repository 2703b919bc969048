//! `/projects/{projectId}/tables`: is my data fresh? One row per target table found among the
//! project's jobs (the 10,000 most recently updated): its state, its last load, how often new
//! data is expected, its recent jobs, its problem and what runs into it now. The rules are
//! `tables::board`'s; the URL holds the search (`find`) and the sort (`sort`, `order`).

mod reading;
mod rows;

use crate::app::loader::now_ms;
use crate::app::router::{use_location, use_route_param, NavigateOptions, Route};
use crate::app::session::{require_connection, use_session};
use crate::tables::board::{counts, csv, shown, tables, SortBy, Table};
use crate::tables::expectations::Expectations;
use crate::text::format::thousands;
use jobs_api::filter::encode_component;
use leptos::prelude::*;

/// The page's URL for a search and a sort.
pub fn tables_url(project: &str, find: &str, sort: SortBy, desc: bool) -> String {
    let mut q = Vec::new();
    if !find.is_empty() {
        q.push(format!("find={}", encode_component(find)));
    }
    if sort != SortBy::default() {
        q.push(format!("sort={}", sort.as_str()));
    }
    if desc {
        q.push("order=desc".to_owned());
    }
    let base = format!("/projects/{}/tables", encode_component(project));
    if q.is_empty() {
        base
    } else {
        format!("{base}?{}", q.join("&"))
    }
}

/// What the URL holds: the search and the sort.
#[derive(Clone, Copy)]
pub struct BoardView {
    pub project: Memo<String>,
    pub find: Memo<String>,
    pub sort: Memo<SortBy>,
    pub desc: Memo<bool>,
}

impl BoardView {
    /// Shows `find`, sorted by `sort` (`desc`), in the URL (replacing the entry: typing is not
    /// history).
    pub fn set(&self, find: &str, sort: SortBy, desc: bool) {
        let url = tables_url(&self.project.get_untracked(), find, sort, desc);
        use_location().navigate(&url, NavigateOptions { replace: true, scroll: false });
    }
}

#[component]
pub fn TablesPage() -> impl IntoView {
    crate::browser::js::adopt_style(include_str!("../../style/tables.css"));
    require_connection();
    let session = use_session();
    let location = use_location();
    let project = use_route_param(|r| if let Route::Tables { project } = r { Some(project) } else { None });
    let view = BoardView {
        project,
        find: Memo::new(move |_| location.query("find").unwrap_or_default()),
        sort: Memo::new(move |_| location.query("sort").and_then(|s| SortBy::parse(&s)).unwrap_or_default()),
        desc: Memo::new(move |_| location.query("order").as_deref() == Some("desc")),
    };
    let reading = reading::use_board_reading(project);
    // The change inbox's reading and banner once the board's first reading is in.
    Effect::new(move |_| {
        if reading.jobs.with(Option::is_some) && !session.changes_wanted.get_untracked() {
            session.changes_wanted.set(true);
        }
    });
    let expectations = RwSignal::new(Expectations::load());
    // Judged again when the jobs or an expectation change, and once a minute.
    let minute = Memo::new(move |_| (reading.clock.get() / 60_000.0) as i64);
    let board = Memo::new(move |_| {
        minute.track();
        let (now, p) = (now_ms() as i64, project.get());
        reading.jobs.with(|j| j.as_ref().map(|j| expectations.with(|e| tables(j.values(), |n| e.get(&p, n), now))))
    });
    let rows = Memo::new(move |_| {
        board.with(|b| b.as_ref().map(|b| shown(b, &view.find.get(), view.sort.get(), view.desc.get())))
    });
    let set_expectation = Callback::new(move |(table, minutes): (String, Option<u32>)| {
        expectations.update(|e| {
            e.set(&project.get_untracked(), &table, minutes);
            e.store();
        });
    });
    let download = move |_| {
        let (name, text) = (
            format!("{}-tables.csv", project.get_untracked()),
            rows.with_untracked(|r| csv(r.as_deref().unwrap_or_default())),
        );
        if crate::browser::clipboard::save(&name, "text/csv", &text) {
            session.announce(format!("{name} saved."));
        } else {
            session.announce(format!("Could not save {name}: the browser refused."));
        }
    };
    view! {
        <div class="tables-page">
            <h1>"Tables"</h1>
            {reading.loader.error_notice(reading.reload)}
            <ReadingStatus reading=reading/>
            <div class="board-tools" hidden=move || board.with(Option::is_none)>
                <FindTable view=view/>
                <button type="button" class="btn" on:click=download>"Download CSV"</button>
                <button type="button" class="btn" on:click=move |_| reading.reload.run(())>"Refresh"</button>
                <p class="board-counts" role="status">{move || rows.with(|r| r.as_deref().map(counts))}</p>
            </div>
            {move || board.with(|b| b.as_ref().is_some_and(Vec::is_empty)).then(|| view! {
                <p class="empty">"No job of this project writes into a table yet."</p>
            })}
            <rows::BoardTable view=view board=board rows=rows clock=reading.clock set_expectation=set_expectation/>
        </div>
    }
}

/// "Reading jobs: 3,000" and Stop while the first reading runs; what was left out after it.
#[component]
fn ReadingStatus(reading: reading::BoardReading) -> impl IntoView {
    let reading_now = move || reading.progress.get().filter(|_| reading.jobs.with(Option::is_none));
    view! {
        {move || reading_now().map(|n| view! {
            <p class="board-reading" role="status">
                {format!("Reading jobs: {}", thousands(n as u64))}
                " "<button type="button" class="btn btn-small" on:click=move |_| reading.stop()>"Stop"</button>
            </p>
        })}
        <p class="notice" hidden=move || !reading.more.get()>
            "Counted the 10,000 most recently updated jobs; older jobs are not counted"
        </p>
        <p class="notice" hidden=move || !reading.stopped.get()>
            {move || reading.jobs.with(|j| format!(
                "Stopped after reading {} jobs; older jobs are not counted",
                thousands(j.as_ref().map_or(0, |j| j.len()) as u64)
            ))}
        </p>
    }
}

/// "Find a table": the search in the URL, as it is typed.
#[component]
fn FindTable(view: BoardView) -> impl IntoView {
    let on_input = move |ev: leptos::ev::Event| {
        view.set(&event_target_value(&ev), view.sort.get_untracked(), view.desc.get_untracked())
    };
    view! {
        <div class="field inline-field">
            <label for="find-table">"Find a table"</label>
            <input id="find-table" type="search" autocomplete="off" spellcheck="false"
                prop:value=move || view.find.get() on:input=on_input/>
        </div>
    }
}

/// The rows the board shows, for a row's own memo.
pub type Rows = Memo<Option<Vec<Table>>>;
