//! `/projects/{projectId}/jobs`: the filterable, sortable, paged list. The page URL holds the
//! whole view ([`use_list_view`]); [`use_job_list`] keeps the answer for it; the page is made of
//! named parts: the filters bar, the toolbar, the pager and the table.

use crate::api::{self, ApiError, Inflight, ListRequest};
use crate::app::loader::{now_ms, use_loader, use_reader, Loader, Source, Ticket};
use crate::app::session::{require_connection, use_session, KeyTarget};
use crate::app::settings::{load_auto_refresh, store_auto_refresh, AUTO_REFRESH_CHOICES};
use crate::components::filter_chips::FilterChips;
use crate::components::job_rows::{explain_on_hover, row_key, Rows, TableHandle, HEADER};
use crate::list::first_load::{self, FirstAnswer, Hold};
use crate::list::view::{
    cleared, is_filtered, range_label, toggled, use_list_view, with_filter, without, ListView, PAGE_SIZES,
};
use crate::pages::lazy::{prefetch, Lazy, LazyPage};
use crate::pages::list_controls::{Display, Fields, ViewsContext};
use crate::text::format::{freshness, health_label, job_type_label, sort_column_label, status_label, Zone};
use crate::text::html as markup;
use jobs_api::filter::param;
use jobs_api::{ExecutionStatus, HealthStatus, JobFilter, JobList, JobType, SortColumn, SortOrder};
use leptos::prelude::*;
use std::future::Future;
use std::time::Duration;
use wasm_bindgen::JsCast;

#[component]
pub fn JobsPage() -> impl IntoView {
    require_connection();
    let view = use_list_view();
    let (list, refresh) = use_job_list(view);
    // Selecting a job loads the bulk chunk (the selection, its bar and actions), which reaches
    // the list through this.
    let bulk = BulkContext {
        // An interrupted bulk run's jobs are shown selected again, by the bulk chunk.
        wanted: RwSignal::new(
            window()
                .session_storage()
                .ok()
                .flatten()
                .is_some_and(|s| s.get_item(crate::list::selection::UNSENT_KEY).ok().flatten().is_some()),
        ),
        table: TableHandle::new(),
        answer: list.answer,
        synced: list.synced,
        project: view.project,
        filter: view.filter,
        refresh,
    };
    provide_context(bulk);
    // The saved views are a chunk of their own (`pages::views_manager`), fetched when this
    // project has some (once the first answer is in), or when "Save view" is first pressed; built
    // with the page when their code is in already (no shift above rows scrolled back to).
    let save_asked = RwSignal::new(false);
    provide_context(ViewsContext { view, save_asked });
    let views_ready = LazyPage::Views.ready();
    // Once wanted, wanted for good (the chunk sets `save_asked` back once it opened its dialog).
    let views = Memo::new(move |was: Option<&bool>| {
        views_ready
            || was == Some(&true)
            || save_asked.get()
            || ((list.answered.with(Option::is_some) || list.loader.error.with(Option::is_some))
                && crate::list::saved_views::may_have_views(
                    crate::app::settings::stored(crate::list::saved_views::VIEWS_KEY).as_deref(),
                    &view.project.get(),
                ))
    });
    view! {
        // Built while its first answer travels, and held off screen meanwhile (see first_load).
        <div class="jobs-page" hidden=move || list.hold.held()>
            <div class="page-title">
                <h1>"Jobs"</h1>
                <span class="muted">"Project "<code>{move || view.project.get()}</code></span>
                <a
                    class="btn btn-primary page-title-end"
                    href=move || crate::app::router::new_job_url(&view.project.get(), None)
                >
                    "New job"
                </a>
            </div>
            <div class="views-bar">
                {move || views.get().then(|| view! { <Lazy page=LazyPage::Views /> })}
                // Until then, "Save view" alone (a click fetches the chunk, which opens its dialog).
                <nav class="views" aria-label="Saved views" hidden=move || views.get()>
                    <button type="button" class="btn btn-small" on:click=move |_| save_asked.set(true)>
                        "Save view"
                    </button>
                </nav> <Display />
            </div>
            <FiltersBar view=view answer=list.answer />
            <div class="toolbar">
                <Toolbar list=list refresh=refresh />
                <Pager view=view list=list />
            </div>
            {list.loader.error_notice(refresh)}
            {move || bulk.wanted.get().then(|| view! { <Lazy page=LazyPage::Bulk /> })}
            <JobsTable view=view list=list bulk=bulk />
        </div>
    }
}

/// What the list page shares with the bulk chunk (which keeps the selection, its bar and what it
/// starts).
#[derive(Clone, Copy)]
pub struct BulkContext {
    /// Set when a box was first checked: the list then shows the chunk.
    pub wanted: RwSignal<bool>,
    /// The table's boxes.
    pub table: TableHandle,
    /// The list's answer on screen.
    pub answer: RwSignal<Option<JobList>>,
    /// Changes each time the rows on screen were brought in step with the answer.
    pub synced: RwSignal<usize>,
    pub project: Memo<String>,
    pub filter: Memo<JobFilter>,
    /// Loads the list again (after a run).
    pub refresh: Callback<()>,
}

/// Rows built per task when a new view replaces the rows on screen.
const ROW_CHUNK: usize = 500;

/// The list the page shows: the answer for the view in the URL, loaded whenever the view
/// changes, refreshed on demand and by auto-refresh, retried after transient errors.
#[derive(Clone, Copy)]
struct JobListData {
    /// The answer on screen (`None` before the first).
    answer: RwSignal<Option<JobList>>,
    /// The view that answer is for.
    answered: RwSignal<Option<JobFilter>>,
    /// How many of the answer's rows are on screen: a new view replacing a long page is built a
    /// chunk at a time, one per task, so that no single task blocks the page.
    shown: RwSignal<usize>,
    loader: Loader,
    /// When the answer on screen came, and the clock that says how long ago that was.
    updated_at: RwSignal<Option<f64>>,
    now: RwSignal<f64>,
    /// The auto-refresh interval in seconds (0 = off).
    auto: RwSignal<u32>,
    hold: Hold,
    /// An answer was applied and the page has not said so yet (see `settle_if_done`).
    settle_pending: StoredValue<bool>,
    /// Counts the times the rows on screen were brought in step with the answer (the bulk chunk
    /// checks the boxes of selected jobs after each).
    synced: RwSignal<usize>,
}

/// The list for `view`, and a callback that loads it again now (Refresh, Retry).
fn use_job_list(view: ListView) -> (JobListData, Callback<()>) {
    let session = use_session();
    let loader = use_loader();
    // The first answer, when the app opened on this list: in already, the page is built with it;
    // on its way, the first load waits for it.
    let first = list_request(session, view).and_then(|r| first_load::take(&r));
    let hold = Hold::new(first.as_ref());
    let (seeded, first) = match first {
        Some(FirstAnswer::Ready(Ok(list))) => (Some(list), None),
        other => (None, other),
    };
    let list = JobListData {
        answered: RwSignal::new(seeded.is_some().then(|| view.filter.get_untracked())),
        settle_pending: StoredValue::new(seeded.is_some()),
        updated_at: RwSignal::new(seeded.is_some().then(now_ms)),
        answer: RwSignal::new(seeded),
        shown: RwSignal::new(usize::MAX),
        loader,
        now: RwSignal::new(now_ms()),
        auto: RwSignal::new(load_auto_refresh()),
        hold,
        synced: RwSignal::new(0),
    };
    if list.answer.with_untracked(Option::is_some) {
        loader.loaded_already();
    }
    let source = ListSource { list, view, session, first: StoredValue::new_local(first), inflight: Inflight::new() };
    let refresh = use_reader(source, loader);
    // Every change of the view loads its page; the first view's, unless it came with the app.
    let skip = StoredValue::new(list.answer.with_untracked(Option::is_some));
    Effect::new(move |_| {
        view.filter.track();
        view.project.track();
        if session.connection.with(Option::is_some) {
            if skip.get_value() {
                skip.set_value(false);
                return;
            }
            refresh.run(());
        }
    });
    (list, refresh)
}

/// The request for the view in the URL (`None` without a connection).
fn list_request(session: crate::app::session::Session, view: ListView) -> Option<ListRequest> {
    let conn = session.connection.get_untracked()?;
    Some(ListRequest { conn, project: view.project.get_untracked(), filter: view.filter.get_untracked() })
}

/// What the list reads (`loader::Source`): the page of the view in the URL.
#[derive(Clone, Copy)]
struct ListSource {
    list: JobListData,
    view: ListView,
    session: crate::app::session::Session,
    /// For the first reading: an error that came with the app, or an answer still on its way.
    first: StoredValue<Option<FirstAnswer>, LocalStorage>,
    inflight: Inflight,
}

impl Source for ListSource {
    type Data = (JobFilter, JobList);

    fn read(&self, ticket: Ticket) -> Option<impl Future<Output = Result<(JobFilter, JobList), ApiError>> + 'static> {
        let req = list_request(self.session, self.view)?;
        let inflight = self.inflight;
        let (ready, pending) = match self.first.try_update_value(Option::take).flatten() {
            Some(FirstAnswer::Ready(result)) => (Some(result), None),
            // The page's slot takes charge of the early request from now on.
            Some(FirstAnswer::Pending(pending)) => (None, Some(pending.answer(inflight))),
            None => (None, None),
        };
        Some(async move {
            let early = match (ready, pending) {
                (Some(result), _) => Some(result),
                (None, Some(answer)) => answer.await,
                (None, None) => None,
            };
            let result = match early {
                Some(result) => result,
                // A newer reading came while this one waited for the early answer: it asks.
                None if !ticket.is_current() => Err(ApiError::Aborted),
                None => api::list_jobs(&req, Some(inflight)).await,
            };
            result.map(|list| (req.filter, list))
        })
    }

    fn apply(&self, (filter, list): (JobFilter, JobList)) {
        self.list.apply(filter, list);
    }

    fn settle(&self, _: Loader) {
        self.list.hold.release();
        // Said once every row is on screen (see the table).
        self.list.settle_pending.set_value(true);
        self.list.settle_if_done();
    }

    fn due(&self, since: f64) -> bool {
        let every = self.list.auto.get_untracked();
        every > 0 && since >= f64::from(every) * 1000.0
    }

    /// The clock for "Updated N min ago" and the rows' relative times.
    fn tick(&self, now: f64) {
        self.list.now.set(now);
    }
}

impl JobListData {
    /// Puts an answer on screen for the view `filter`: only what changed.
    fn apply(&self, filter: JobFilter, list: JobList) {
        if self.answer.with_untracked(|a| a.as_ref() != Some(&list)) {
            // A new view replacing one on screen builds its rows a chunk at a time; a refresh of
            // the same view touches only the rows that changed, all at once. The first answer
            // too: nothing is on screen yet to keep responsive, and a second chunk would wait
            // for the browser to render the first (~70 ms with 1000 rows, measured).
            let replaces = self.answered.with_untracked(|a| a.as_ref().is_some_and(|a| *a != filter));
            self.shown.set(if replaces { ROW_CHUNK } else { usize::MAX });
            self.answer.set(Some(list));
        }
        if self.answered.with_untracked(|a| a.as_ref() != Some(&filter)) {
            self.answered.set(Some(filter));
        }
        self.updated_at.set(Some(now_ms()));
    }

    fn row_count(&self) -> usize {
        self.answer.with_untracked(|a| a.as_ref().map_or(0, |l| l.values.len()))
    }

    /// Tells listeners (tests, the benchmark) that the answer is applied, once every row of it is
    /// on screen.
    fn settle_if_done(&self) {
        if self.settle_pending.get_value() && self.shown.get_untracked() >= self.row_count() {
            self.settle_pending.set_value(false);
            self.loader.settled();
        }
    }
}

/// A pill's button removes its filter; the keyboard's focus goes to the pill that took its
/// place (the last, when it was the last one), or to the search when none is left.
fn remove_pill(
    view: ListView,
    pills: NodeRef<leptos::html::Div>,
    search: NodeRef<leptos::html::Div>,
) -> impl Fn(leptos::ev::MouseEvent) {
    move |ev: leptos::ev::MouseEvent| {
        let button = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|t| t.closest("[data-k]").ok().flatten());
        if let Some(b) = button {
            let (k, v) = (b.get_attribute("data-k").unwrap_or_default(), b.get_attribute("data-v").unwrap_or_default());
            view.change(|f| *f = without(f, &k, &v));
            let at = b.parent_element().map_or(0, |pill| crate::browser::js::place_of(&pill));
            set_timeout(
                move || {
                    let buttons = pills.get_untracked().and_then(|p| p.query_selector_all("button").ok());
                    let n = buttons.as_ref().map_or(0, |l| l.length());
                    let next = buttons.and_then(|l| l.item(at.min(n.saturating_sub(1))));
                    let next = next.and_then(|b| b.dyn_into::<web_sys::HtmlElement>().ok());
                    match next {
                        Some(button) => drop(button.focus()),
                        None => drop(crate::browser::js::focus_input(search)),
                    }
                },
                Duration::ZERO,
            );
        }
    }
}

/// Sort by, Order and Rows per page: selects whose options are written once.
fn sort_and_size(view: ListView) -> impl IntoView {
    let filter = view.filter;
    let sort_options: Vec<(String, String)> =
        SortColumn::ALL.iter().map(|c| (c.as_str().to_owned(), sort_column_label(c))).collect();
    let order_options = [SortOrder::Desc, SortOrder::Asc]
        .map(|o| (o.as_str().to_owned(), if o == SortOrder::Desc { "Descending" } else { "Ascending" }.to_owned()));
    let size_options: Vec<(String, String)> = PAGE_SIZES.iter().map(|n| (n.to_string(), n.to_string())).collect();

    view! {
        <div class="field inline-field">
            <Select
                id="sort-by"
                label="Sort by"
                options=sort_options
                current=Signal::derive(move || {
                    filter.with(|f| f.sort_column.clone().unwrap_or_default().as_str().to_owned())
                })
                on_change=Callback::new(move |v: String| {
                    view.change(|f| f.sort_column = SortColumn::parse_known(&v))
                })
            />
        </div>
        <div class="field inline-field">
            <Select
                id="sort-order"
                label="Order"
                options=order_options.to_vec()
                current=Signal::derive(move || {
                    filter.with(|f| f.sort_order.clone().unwrap_or_default().as_str().to_owned())
                })
                on_change=Callback::new(move |v: String| {
                    view.change(|f| f.sort_order = SortOrder::parse_known(&v))
                })
            />
        </div>
        <div class="field inline-field">
            <Select
                id="page-size"
                label="Rows per page"
                options=size_options
                current=Signal::derive(move || filter.with(|f| f.limit().to_string()))
                on_change=Callback::new(move |v: String| {
                    view.change(|f| f.pagination_limit = v.parse().ok())
                })
            />
        </div>
    }
}

/// The chip groups: Health, Type and Execution status.
fn chip_groups(view: ListView) -> impl IntoView {
    view! {
    {chip_group(
        view,
        "Health",
        param::HEALTH_STATUS,
        HealthStatus::ALL.iter().map(|v| (v.as_str().to_owned(), health_label(v))).collect(),
    )}
    {chip_group(
        view,
        "Type",
        param::TYPE,
        JobType::ALL.iter().map(|v| (v.as_str().to_owned(), job_type_label(v))).collect(),
    )}
    {chip_group(
        view,
        "Execution status",
        param::EXECUTION_STATUS,
        ExecutionStatus::ALL.iter().map(|v| (v.as_str().to_owned(), status_label(v))).collect(),
    )}
    }
}

/// What the list shows: the chips of each group, the search, the sort and the page size.
#[component]
fn FiltersBar(view: ListView, answer: RwSignal<Option<JobList>>) -> impl IntoView {
    let filter = view.filter;
    // The search field: typed text, sent (debounced) as searchString.
    let search_text = RwSignal::new(String::new());
    // Every active filter as a pill, each with a button that removes it
    // (`list_view::active_filters`: what the list's request carries, those from the URL too),
    // written as HTML when the view changes; one listener for the buttons.
    let pills = NodeRef::<leptos::html::Div>::new();
    // How many there are, for the narrow screen's "Filters (2)".
    let active = RwSignal::new(0_usize);
    // The search field's box (its label and input): `/` focuses the input in it.
    let search = NodeRef::<leptos::html::Div>::new();
    use_session().offer_key_target(KeyTarget::Search(search));
    Effect::new(move |shown: Option<String>| {
        search_text.set(filter.with(|f| f.search_string.clone().unwrap_or_default()));
        let html = filter.with(crate::components::filter_chips::pills_html);
        if let Some(el) = pills.get() {
            if shown.as_deref() != Some(html.as_str()) {
                markup::set_inner(&el, &html);
                active.set(el.child_element_count() as usize);
            }
        }
        String::from(html)
    });
    let remove = remove_pill(view, pills, search);
    let debounce = StoredValue::new(None::<TimeoutHandle>);
    let on_search = move |ev: leptos::ev::Event| {
        let text = event_target_value(&ev);
        search_text.set(text.clone());
        if let Some(h) = debounce.get_value() {
            h.clear();
        }
        let search = move || {
            let q = text.trim().to_owned();
            view.change_typing(|f| f.search_string = (!q.is_empty()).then_some(q));
        };
        debounce.set_value(set_timeout_with_handle(search, Duration::from_millis(300)).ok());
    };

    view! {
        <section class="filters card" aria-label="Filters">
            // On a narrow screen the filters fold behind this (style/main.css), the pills stay;
            // the filters' effect writes how many there are.
            <button
                type="button"
                class="btn filters-toggle"
                id="filters-toggle"
                aria-controls="filter-fields"
                aria-expanded="false"
                on:click=|ev| {
                    let b = event_target::<web_sys::Element>(&ev);
                    let open = b.get_attribute("aria-expanded").as_deref() != Some("true");
                    let _ = b.set_attribute("aria-expanded", if open { "true" } else { "false" });
                }
            >
                {move || match active.get() {
                    0 => "Filters".to_owned(),
                    n => format!("Filters ({n})"),
                }}
            </button>
            <div class="filter-fields" id="filter-fields">
                {chip_groups(view)}
                <div class="filter-row">
                    <div class="field inline-field" node_ref=search>
                        <label for="search">"Search"</label>
                        <input
                            id="search"
                            type="search"
                            placeholder="Job ID, table, connection, type, creator"
                            prop:value=move || search_text.get()
                            on:input=on_search
                            on:change=on_search
                        />
                    </div>
                    <Fields view=view answer=answer />
                    {sort_and_size(view)}
                    <button
                        type="button"
                        class="btn btn-quiet"
                        on:click=move |_| view.change(|f| *f = cleared(f))
                        prop:disabled=move || !filter.with(is_filtered)
                    >
                        "Clear filters"
                    </button>
                </div>
            </div>
            <div class="pills" role="list" aria-label="Active filters" node_ref=pills on:click=remove></div>
        </section>
    }
}

/// One group of chips, the values of the query parameter `key` (each chip's value is the API's,
/// its text the label): a click toggles its value in the filter. Not generic over the value's
/// type: one copy of this code serves the three groups.
fn chip_group(view: ListView, name: &'static str, key: &'static str, options: Vec<(String, String)>) -> impl IntoView {
    let selected = Signal::derive(move || {
        view.filter
            .with(|f| f.to_query_pairs().into_iter().filter(|(k, _)| *k == key).map(|(_, v)| v).collect::<Vec<_>>())
    });
    let on_toggle = Callback::new(move |value: String| view.change(|f| *f = toggled(f, key, &value)));
    view! { <FilterChips name=name options=options selected=selected on_toggle=on_toggle /> }
}

/// A label and its select, whose options are written as HTML once, kept at `current` by one effect
/// (rather than a reactive `selected` per option: the list page's first build is on the way to
/// its first rows).
#[component]
fn Select(
    id: &'static str,
    label: &'static str,
    /// `(value, label)` per option.
    options: Vec<(String, String)>,
    #[prop(into)] current: Signal<String>,
    on_change: Callback<String>,
) -> impl IntoView {
    let select = NodeRef::<leptos::html::Select>::new();
    Effect::new(move |_| {
        let value = current.get();
        if let Some(el) = select.get() {
            if el.value() != value {
                el.set_value(&value);
            }
        }
    });
    view! {
        <label for=id>{label}</label>
        <select
            id=id
            node_ref=select
            prop:innerHTML=markup::value(
                &markup::options(options.iter().map(|(v, l)| (v.as_str(), l.as_str())), &current.get_untracked()),
            )
            on:change=move |ev| on_change.run(event_target_value(&ev))
        ></select>
    }
}

/// Refresh, auto-refresh and how fresh the list is.
#[component]
fn Toolbar(list: JobListData, refresh: Callback<()>) -> impl IntoView {
    let busy = list.loader.busy;
    use_session().offer_key_target(KeyTarget::Refresh(Callback::new(move |()| {
        if !busy.get_untracked() {
            refresh.run(());
        }
    })));
    let auto_options: Vec<(String, String)> = AUTO_REFRESH_CHOICES
        .iter()
        .map(|s| (s.to_string(), if *s == 0 { "Off".to_owned() } else { format!("{s} s") }))
        .collect();
    // To the minute: a refresh that changed nothing changes nothing on screen either.
    let updated = Memo::new(move |_| list.updated_at.get().map(|t| freshness(t as i64, list.now.get() as i64)));
    view! {
        <div class="refresh">
            <button
                type="button"
                class="btn"
                aria-keyshortcuts="r"
                on:click=move |_| refresh.run(())
                prop:disabled=move || busy.get()
                aria-busy=move || busy.get().to_string()
            >
                {move || if busy.get() { "Refreshing…" } else { "Refresh" }}
            </button>
            <Select
                id="auto-refresh"
                label="Auto-refresh"
                options=auto_options
                current=Signal::derive(move || list.auto.get().to_string())
                on_change=Callback::new(move |v: String| {
                    let every = v.parse().unwrap_or(0);
                    store_auto_refresh(every);
                    list.auto.set(every);
                })
            />
            <span class="muted updated rel" aria-live="off">
                {move || updated.get()}
            </span>
        </div>
    }
}

/// Which rows these are, and the pages before and after.
#[component]
fn Pager(view: ListView, list: JobListData) -> impl IntoView {
    let offset = Memo::new(move |_| list.answered.with(|f| f.as_ref().map_or(0, JobFilter::offset)));
    let count = Memo::new(move |_| list.answer.with(|a| a.as_ref().map_or(0, |l| l.values.len())));
    let more = Memo::new(move |_| list.answer.with(|a| a.as_ref().is_some_and(|l| l.more_results_available)));
    view! {
        <nav class="pager" aria-label="Pages">
            <span class="range">{move || range_label(offset.get(), count.get())}</span>
            <button
                type="button"
                class="btn"
                on:click=move |_| view.turn_page(false)
                prop:disabled=move || view.filter.with(|f| f.offset() == 0)
            >
                "Previous page"
            </button>
            <button type="button" class="btn" on:click=move |_| view.turn_page(true) prop:disabled=move || !more.get()>
                "Next page"
            </button>
        </nav>
    }
}

/// Keeps the table's rows in step with the answer (`Rows`, by key; a new view a chunk per
/// task) and their relative times with the clock; marks when the first rows are on screen.
fn sync_rows(view: ListView, list: JobListData, tbody: NodeRef<leptos::html::Tbody>) {
    let rows = StoredValue::new_local(Rows::default());
    // Once a minute the rows' relative times (their texts only).
    Effect::new(move |last: Option<i64>| {
        let (now, tbody) = (list.now.get() as i64, tbody.get());
        if let (Some(tbody), true) = (tbody, last.is_some_and(|m| m != now / 60_000)) {
            crate::components::job_rows::tick_times(&tbody, now);
        }
        now / 60_000
    });
    let marked = StoredValue::new(false);
    let session = use_session();
    let row_count = Memo::new(move |_| list.answer.with(|a| a.as_ref().map_or(0, |l| l.values.len())));
    // Once per answer, not once per chunk.
    let keys = Memo::new(move |_| {
        list.answer.with(|a| a.as_ref().map_or_else(Vec::new, |l| l.values.iter().map(row_key).collect::<Vec<_>>()))
    });
    Effect::new(move |_| {
        let Some(tbody) = tbody.get() else { return };
        let (n, len) = (list.shown.get(), row_count.get());
        let project = view.project.get_untracked();
        list.answer.with(|a| {
            keys.with(|k| {
                let jobs = a.as_ref().map_or(&[][..], |l| &l.values[..n.min(l.values.len())]);
                rows.update_value(|r| r.sync(&tbody, jobs, &k[..jobs.len()], &project, now_ms() as i64));
            })
        });
        list.synced.update(|s| *s += 1);
        if n < len {
            // The next chunk in a task of its own.
            let next = move || {
                if list.shown.try_get_untracked() == Some(n) {
                    list.shown.set(n + ROW_CHUNK);
                }
            };
            set_timeout(next, Duration::ZERO);
            return;
        }
        // Back from a job: where the list was scrolled to, once its rows are in.
        if len > 0 {
            if let Some(y) = crate::app::session::take_list_scroll(&here()) {
                window().scroll_to_with_x_and_y(0.0, y);
            }
        }
        // When the first page of rows is on screen (read by `cargo xtask bench`).
        if len > 0 && !marked.get_value() {
            marked.set_value(true);
            if let Some(p) = window().performance() {
                let _ = p.mark("pjc:first-rows");
            }
            // Then the change inbox's reading and banner (a chunk).
            if !session.changes_wanted.get_untracked() {
                session.changes_wanted.set(true);
            }
        }
        list.settle_if_done();
    });
}

/// This page's address (path and query).
fn here() -> String {
    let (path, search) = crate::app::router::read_location();
    if search.is_empty() {
        path
    } else {
        format!("{path}?{search}")
    }
}

/// The jobs table: the answer's rows, kept in step with it by key (see `Rows`), and what the
/// list says when it has none.
#[component]
fn JobsTable(view: ListView, list: JobListData, bulk: BulkContext) -> impl IntoView {
    let tbody = bulk.table.body;
    let session = use_session();
    session.offer_key_target(KeyTarget::Rows(tbody));
    let local_times = session.local_times;
    sync_rows(view, list, tbody);
    // A job opened from here: "← All jobs" on its page comes back to this view, scrolled as it was.
    let remember = move |_: leptos::ev::MouseEvent| {
        crate::app::session::remember_list(here(), window().scroll_y().unwrap_or(0.0));
    };
    let sort_click = move |ev: leptos::ev::MouseEvent| {
        let column = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|t| t.closest("[data-sort]").ok().flatten())
            .and_then(|b| b.get_attribute("data-sort"));
        if let Some(column) = column.and_then(|c| SortColumn::parse_known(&c)) {
            view.change(|f| {
                let ascending = sorted_ascending(f, &column);
                f.sort_order = Some(if ascending { SortOrder::Asc } else { SortOrder::Desc });
                f.sort_column = Some(column);
            });
        }
    };
    // A table or connection clicked in a row: that filter added to the view on screen.
    let filter_click = move |ev: leptos::ev::MouseEvent| {
        if ev.button() != 0 || ev.ctrl_key() || ev.meta_key() || ev.shift_key() || ev.alt_key() {
            return;
        }
        let link = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|t| t.closest("a.fl").ok().flatten());
        if let Some(link) = link {
            ev.prevent_default();
            let value = link.text_content().unwrap_or_default();
            let key = link.get_attribute("data-k").unwrap_or_default();
            view.change(|f| *f = with_filter(f, &key, &value));
        }
    };
    // The header says which column the list is sorted by.
    Effect::new(move |_| {
        let Some(head) = tbody.get().and_then(|b| b.previous_element_sibling()) else { return };
        view.filter.with(|f| {
            let column = f.sort_column.clone().unwrap_or_default();
            sort_marks(&head, column.as_str(), f.sort_order == Some(SortOrder::Asc))
        });
    });
    let busy = list.loader.busy;
    // The previous view stays on screen, veiled, until the new one's answer is in.
    let stale = move || list.answered.with(|a| a.as_ref() != Some(&view.filter.get()));
    view! {
        <div class="table-wrap" class:stale=stale aria-busy=move || busy.get().to_string()>
            // A box checked (a row's, or the header's): the bulk chunk takes over the selection.
            <table
                class="jobs"
                role="table"
                on:change=move |_| {
                    if !bulk.wanted.get_untracked() {
                        bulk.wanted.set(true)
                    }
                }
                on:click=remember
            >
                <caption class="sr-only">"Jobs of project "{move || view.project.get()}</caption>
                // Headers of the columns the API sorts by are buttons (`sort_click`); the sorted
                // one says so in `aria-sort` (`sort_marks`).
                <thead
                    role="rowgroup"
                    on:click=sort_click
                    prop:innerHTML=markup::value(&markup::literal(HEADER))
                ></thead>
                // A pointer or the focus on the rows: the job page's code is fetched before a job
                // is opened.
                <tbody
                    role="rowgroup"
                    node_ref=tbody
                    on:click=filter_click
                    on:pointerover=move |ev| {
                        prefetch(LazyPage::Job);
                        if let Some(el) = ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) {
                            if el.class_name() == "pick"
                                || el.parent_element().is_some_and(|p| p.class_name() == "pick")
                            {
                                prefetch(LazyPage::Bulk);
                            }
                            explain_on_hover(&el, Zone::local(local_times.get_untracked()));
                        }
                    }
                    on:focusin=|_| prefetch(LazyPage::Job)
                ></tbody>
            </table>
            <EmptyList view=view list=list />
        </div>
    }
}

/// Marks the header of the column the list is sorted by: `aria-sort` on its cell (the others
/// have none).
fn sort_marks(head: &web_sys::Element, column: &str, ascending: bool) {
    let Ok(buttons) = head.query_selector_all("[data-sort]") else { return };
    for b in (0..buttons.length()).filter_map(|i| buttons.item(i)).filter_map(|n| n.dyn_into::<web_sys::Element>().ok())
    {
        let Some(th) = b.parent_element() else { continue };
        if b.get_attribute("data-sort").as_deref() == Some(column) {
            let _ = th.set_attribute("aria-sort", if ascending { "ascending" } else { "descending" });
        } else {
            let _ = th.remove_attribute("aria-sort");
        }
    }
}

/// The order a click on `column`'s header sorts in: the other way round when the list is sorted
/// by it already; otherwise A to Z for names, newest first for times.
pub fn sorted_ascending(f: &JobFilter, column: &SortColumn) -> bool {
    if f.sort_column.clone().unwrap_or_default() == *column {
        return f.sort_order.clone().unwrap_or_default() == SortOrder::Desc;
    }
    !matches!(column, SortColumn::CreatedDateTime | SortColumn::LastUpdatedDateTime)
}

/// What the table says without rows: loading, nothing matches, nothing on this page, or no job
/// at all.
#[component]
fn EmptyList(view: ListView, list: JobListData) -> impl IntoView {
    // Whether the answer has no jobs (`None` before the first): this, not the answer itself
    // (reading that would copy every job of it on each change).
    let empty = Memo::new(move |_| list.answer.with(|a| a.as_ref().map(|l| l.values.is_empty())));
    let filter = view.filter;
    move || match empty.get() {
        None if list.loader.error.with(Option::is_none) => Some(
            view! {
                <p class="empty" role="status">
                    "Loading jobs…"
                </p>
            }
            .into_any(),
        ),
        Some(true) if filter.with(is_filtered) => Some(
            view! {
                <div class="empty">
                    <p>"No jobs match these filters."</p>
                    <button type="button" class="btn" on:click=move |_| view.change(|f| *f = cleared(f))>
                        "Clear filters"
                    </button>
                </div>
            }
            .into_any(),
        ),
        Some(true) if filter.with(|f| f.offset() > 0) => {
            let first = view.url_of(&JobFilter { pagination_offset: None, ..filter.get_untracked() });
            Some(
                view! {
                    <div class="empty">
                        <p>"No jobs on this page."</p>
                        <a href=first>"First page"</a>
                    </div>
                }
                .into_any(),
            )
        }
        Some(true) => Some(view! { <p class="empty">"No jobs in this project yet."</p> }.into_any()),
        _ => None,
    }
}
