//! `/projects/{projectId}/jobs/{jobId}`: one job in full, refreshing itself until it ends, with
//! the actions its state allows.

use crate::actions::{self, Step};
use crate::api::{self, ApiError, Inflight};
use crate::components::job_actions::JobActions;
use crate::components::job_cards::{
    percent_done, shows_progress, status_figures, time_figures, FiguresCard, JobHead, LogsCard, ProgressCard,
};
use crate::components::metrics_card::{reports_rows, MetricsCard};
use crate::components::throughput_card::throughput_card;
use crate::format::freshness;
use crate::list_view::list_page_url;
use crate::loader::{now_ms, use_loader};
use crate::router::{new_job_url, use_location, use_route_param, Route};
use crate::session::{require_connection, use_session};
use crate::throughput::Throughput;
use jobs_api::{ExecutionStatus, Job, JobFilter, JobType, Logs, Metrics, Progress};
use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// How often an unfinished job is read again.
const REFRESH_MS: f64 = 5_000.0;

/// One reading of the job: itself (and its JSON as it came, for "Show JSON") and its figures,
/// each `None` when it could not be read.
#[derive(Clone, PartialEq)]
struct Detail {
    job: Job,
    raw: String,
    metrics: Option<Metrics>,
    progress: Option<Progress>,
    logs: Option<Logs>,
}

/// Saves `text` as a file named `name` (a Blob, through a link with `download`): the browser's
/// own download, nothing sent anywhere.
fn download(name: &str, text: &str) -> bool {
    use crate::js::{call, construct, get, set};
    let make = || -> Option<(wasm_bindgen::JsValue, wasm_bindgen::JsValue)> {
        let options = js_sys::Object::new();
        set(&options, "type", &"application/x-ndjson".into());
        let parts = js_sys::Array::new();
        parts.push(&text.into());
        let blob = construct("Blob", &[parts.into(), options.into()])?;
        let url = get(&window().into(), "URL");
        let href = call(&url, "createObjectURL", &[blob])?;
        Some((url, href))
    };
    let Some((url, href)) = make() else { return false };
    let (Ok(a), Some(body)) = (document().create_element("a"), document().body()) else { return false };
    let _ = a.set_attribute("href", &href.as_string().unwrap_or_default());
    let _ = a.set_attribute("download", name);
    let _ = a.set_attribute("hidden", "");
    call(&body, "append", &[a.clone().into()]);
    call(&a, "click", &[]);
    a.remove();
    // Once the browser has the file.
    let (url, href) = (send_wrapper::SendWrapper::new(url), send_wrapper::SendWrapper::new(href));
    set_timeout(move || drop(call(&url, "revokeObjectURL", &[(*href).clone()])), std::time::Duration::from_secs(10));
    true
}

/// The job's full JSON as the specification section shows it.
fn spec_of(raw: &str) -> String {
    api::parse_json(raw).map(|j| crate::spec_view::spec_html(&j.to_value())).unwrap_or_default()
}

/// Where "Notify me when this job ends" stands.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Notify {
    Off,
    /// A notification when the job ends.
    On,
    /// Notifications refused: the tab's title says it instead.
    Title,
    /// Said once.
    Done,
}

/// The browser's notification permission ("granted", "denied", "default"), or `None` without
/// the Notification API.
fn notification_permission() -> Option<String> {
    let n = crate::js::get(&window().into(), "Notification");
    (!n.is_undefined()).then(|| crate::js::get(&n, "permission").as_string()).flatten()
}

/// Shows a system notification (`new Notification(title, {body})`).
fn notify(title: &str, body: &str) -> bool {
    let options = js_sys::Object::new();
    crate::js::set(&options, "body", &body.into());
    crate::js::construct("Notification", &[title.into(), options.into()]).is_some()
}

/// The tab's title, and setting it.
fn title() -> String {
    crate::js::get(&document().into(), "title").as_string().unwrap_or_default()
}

fn set_title(t: &str) {
    crate::js::set(&document().into(), "title", &t.into());
}

/// The job as the API sent it, indented by the browser's JSON (the text as it came if it is
/// not JSON).
fn pretty_json(raw: &str) -> String {
    js_sys::JSON::parse(raw)
        .and_then(|v| js_sys::JSON::stringify_with_replacer_and_space(&v, &wasm_bindgen::JsValue::NULL, &2.into()))
        .ok()
        .and_then(|s| s.as_string())
        .unwrap_or_else(|| raw.to_owned())
}

#[component]
pub fn JobPage() -> impl IntoView {
    crate::js::adopt_style(include_str!("../../style/job.css"));
    let session = use_session();
    let location = use_location();
    let project = use_route_param(|r| match r {
        Route::Job { project, .. } => Some(project),
        _ => None,
    });
    let job_id = use_route_param(|r| match r {
        Route::Job { job, .. } => Some(job),
        _ => None,
    });
    require_connection();

    let detail = RwSignal::new(None::<Detail>);
    // Every reading's row totals, for the throughput chart.
    let samples = RwSignal::new(Throughput::default());
    // When the detail on screen was read: relative times and a running job's run time count to it
    // (so that a refresh that changed nothing changes nothing on screen either; the notes move on
    // once a minute, `tick_notes`).
    let read_at = RwSignal::new(now_ms() as i64);
    // When the job was last read (changed or not), and the clock "Updated …" counts with.
    let updated_at = RwSignal::new(None::<f64>);
    let clock = RwSignal::new(now_ms());
    let loader = use_loader();
    let minute = std::cell::Cell::new(now_ms() as i64 / 60_000);
    // One slot per request of a reading: each is aborted by the next reading or when the page goes.
    let (inflight, slot_metrics, slot_progress, slot_logs) =
        (Inflight::new(), Inflight::new(), Inflight::new(), Inflight::new());

    let load = move || {
        let Some(conn) = session.connection.get_untracked() else { return };
        let (p, id) = (project.get_untracked(), job_id.get_untracked());
        let my = loader.begin();
        leptos::task::spawn_local(async move {
            let result = async {
                let (job, raw) = api::get_job(&conn, &p, &id, Some(inflight)).await?;
                let (m, pr, l) = futures::join!(
                    api::get_metrics(&conn, &p, &id, Some(slot_metrics)),
                    api::get_progress(&conn, &p, &id, Some(slot_progress)),
                    api::get_logs(&conn, &p, &id, Some(slot_logs))
                );
                // The job itself decides the page; a side figure that failed shows as missing.
                for e in [m.as_ref().err(), pr.as_ref().err(), l.as_ref().err()].into_iter().flatten() {
                    if *e == ApiError::Unauthorized {
                        return Err(ApiError::Unauthorized);
                    }
                }
                Ok(Detail { job, raw, metrics: m.ok(), progress: pr.ok(), logs: l.ok() })
            }
            .await;
            if !loader.finish(my) {
                return;
            }
            match result {
                Ok(d) => {
                    if let Some(t) = d.metrics.as_ref().map(|m| &m.totals).filter(|t| t.num_rows_processed.is_some()) {
                        let (rows, errors) =
                            (t.num_rows_processed.unwrap_or(0), t.num_rows_skipped_by_error.unwrap_or(0));
                        samples.update(|s| s.add(now_ms() as i64, rows, errors));
                    }
                    if detail.with_untracked(|old| old.as_ref() != Some(&d)) {
                        read_at.set(now_ms() as i64);
                        detail.set(Some(d));
                    }
                    updated_at.set(Some(now_ms()));
                    loader.succeeded();
                }
                Err(e) => loader.handle_error(e),
            }
            loader.settled();
        });
    };
    let reload = Callback::new(move |()| {
        loader.reset_backoff();
        load();
    });

    // A new job (or a connection again): read it.
    Effect::new(move |_| {
        project.track();
        job_id.track();
        if session.connection.with(Option::is_some) {
            detail.set(None);
            samples.set(Throughput::default());
            load();
        }
    });
    // Read again while the job is unfinished; it stops when the job ends.
    loader.run_ticker(
        move |t| {
            clock.set(t);
            // Once a minute the notes of moments ("(5 min ago)") are worked out again: only their
            // texts change. (A running job's figures, its run time too, follow each reading.)
            if (t as i64) / 60_000 != minute.replace((t as i64) / 60_000) {
                if let Some(body) = document().body() {
                    crate::components::job_cards::tick_notes(&body, t as i64);
                }
            }
        },
        move |since| {
            let unfinished =
                detail.with_untracked(|d| d.as_ref().is_some_and(|d| !d.job.summary.execution_status.is_finished()));
            unfinished && since >= REFRESH_MS
        },
        load,
    );

    // The action on its way, and why the last one failed: one request at a time, however often
    // the person clicks.
    let busy = RwSignal::new(None::<Step>);
    let action_error = RwSignal::new(None::<String>);
    let job_name =
        move || detail.with_untracked(|d| d.as_ref().map(|d| actions::job_name(&d.job.summary)).unwrap_or_default());
    let read_from_point =
        Signal::derive(move || detail.with(|d| d.as_ref().and_then(|d| d.job.read_from_point.clone())));
    let on_action = Callback::new(move |step: Step| {
        if busy.get_untracked().is_some() {
            return;
        }
        let Some(conn) = session.connection.get_untracked() else { return };
        busy.set(Some(step));
        action_error.set(None);
        let (p, id) = (project.get_untracked(), job_id.get_untracked());
        leptos::task::spawn_local(async move {
            let result = match step {
                Step::Status(a) => {
                    actions::send(&conn, &p, &id, a).await.map(|_| actions::done_message(a, &job_name()))
                }
                Step::Reset => actions::reset(&conn, &p, &id)
                    .await
                    .map(|()| actions::reset_done_message(&job_name(), read_from_point.get_untracked().as_ref())),
            };
            // The page may have gone meanwhile.
            if busy.try_set(None).is_some() {
                return;
            }
            match result {
                Ok(done) => session.announce(done),
                Err(ApiError::Unauthorized) => return session.expire(location),
                Err(e) => {
                    let text = actions::failure_message(step, &e);
                    action_error.set(Some(text.clone()));
                    session.announce(text);
                }
            }
            // Whatever the answer, the job as it is now.
            load();
        });
    });

    // Copying: to the clipboard, or (none on a plain-HTTP page, or refused) the text shown
    // selected for the person to copy.
    let fallback = RwSignal::new(None::<(String, String)>);
    let copy = Callback::new(move |(what, text): (String, String)| {
        leptos::task::spawn_local(async move {
            if crate::clipboard::copy(&text).await {
                fallback.set(None);
                session.announce(format!("{what} copied."));
            } else {
                fallback.set(Some((what, text)));
            }
        });
    });
    let copy_id =
        Callback::new(move |()| copy.run((format!("Job ID {}", job_id.get_untracked()), job_id.get_untracked())));
    let save = Callback::new(move |(name, text): (String, String)| {
        if download(&name, &text) {
            session.announce(format!("{name} saved."));
        } else {
            session.announce(format!("Could not save {name}: the browser refused."));
        }
    });

    let summary = Memo::new(move |_| detail.with(|d| d.as_ref().map(|d| d.job.summary.clone())));
    let status = Signal::derive(move || {
        summary
            .with(|s| s.as_ref().map(|s| s.execution_status.clone()).unwrap_or(ExecutionStatus::Other(String::new())))
    });
    let desired = Signal::derive(move || {
        summary.with(|s| {
            s.as_ref().map(|s| s.desired_execution_status.clone()).unwrap_or(ExecutionStatus::Other(String::new()))
        })
    });
    let job_type = Signal::derive(move || {
        summary.with(|s| s.as_ref().map(|s| s.job_type.clone()).unwrap_or(JobType::Other(String::new())))
    });
    // "Notify me when this job ends": once, when the page sees it end.
    let notify_state = RwSignal::new(Notify::Off);
    let title_before = StoredValue::new(None::<String>);
    Effect::new(move |_| {
        let Some(s) = summary.get() else { return };
        let state = notify_state.get();
        if !s.execution_status.is_finished() || !matches!(state, Notify::On | Notify::Title) {
            return;
        }
        let table = if s.table_name().is_empty() { s.id.clone() } else { s.table_name().to_owned() };
        let outcome = crate::format::status_label(&s.execution_status).to_ascii_lowercase();
        let mark = match s.execution_status {
            ExecutionStatus::Completed => "✓",
            ExecutionStatus::Failed => "✕",
            _ => "⊘",
        };
        let said = format!("{mark} {table} {outcome}");
        if state == Notify::On && notify(&said, &format!("The {} has {outcome}.", actions::job_name(&s))) {
            session.announce(format!("Notified: {table} {outcome}."));
        } else {
            title_before.set_value(Some(title()));
            set_title(&said);
        }
        notify_state.set(Notify::Done);
    });
    on_cleanup(move || {
        if let Some(t) = title_before.try_get_value().flatten() {
            set_title(&t);
        }
    });
    let ask_to_notify = move |_| {
        let refused = "Notifications are blocked for this site: the tab's title will say when the job ends.";
        match notification_permission().as_deref() {
            Some("granted") => {
                notify_state.set(Notify::On);
                session.announce("You will be notified when this job ends.");
            }
            Some("denied") | None => {
                notify_state.set(Notify::Title);
                session.announce(refused);
            }
            Some(_) => {
                let ask = crate::js::call(&crate::js::get(&window().into(), "Notification"), "requestPermission", &[])
                    .and_then(|p| p.dyn_into::<js_sys::Promise>().ok());
                leptos::task::spawn_local(async move {
                    let answer = match ask {
                        Some(p) => wasm_bindgen_futures::JsFuture::from(p).await.ok().and_then(|v| v.as_string()),
                        None => None,
                    };
                    if answer.as_deref() == Some("granted") {
                        let _ = notify_state.try_set(Notify::On);
                        session.announce("You will be notified when this job ends.");
                    } else {
                        let _ = notify_state.try_set(Notify::Title);
                        session.announce(refused);
                    }
                });
            }
        }
    };
    let updated = Memo::new(move |_| updated_at.get().map(|t| freshness(t as i64, clock.get() as i64)));
    let copy_link = move |_| {
        copy.run((
            "Link".to_owned(),
            crate::js::get(&window().location().into(), "href").as_string().unwrap_or_default(),
        ))
    };
    let copy_curl = move |_| {
        let Some(conn) = session.connection.get_untracked() else { return };
        let steps: Vec<Step> = summary.with_untracked(|s| {
            let Some(s) = s else { return Vec::new() };
            let mut steps: Vec<Step> = actions::offered(&s.job_type, &s.execution_status, &s.desired_execution_status)
                .into_iter()
                .map(Step::Status)
                .collect();
            if actions::reset_offered(&s.job_type, &s.execution_status) {
                steps.push(Step::Reset);
            }
            steps
        });
        let origin = crate::js::get(&window().location().into(), "origin").as_string().unwrap_or_default();
        let text = actions::curl_commands(&conn, &origin, &project.get_untracked(), &job_id.get_untracked(), &steps);
        copy.run(("curl commands".to_owned(), text));
    };
    // The specification, written as HTML (escaped, through the app's policy) when it changes.
    // (Its intervals are written in the zone chosen: again when that changes.)
    let spec = Memo::new(move |_| {
        session.local_times.track();
        detail.with(|d| d.as_ref().map(|d| spec_of(&d.raw)).unwrap_or_default())
    });
    let spec_el = NodeRef::<html::Div>::new();
    Effect::new(move |_| {
        let html = spec.get();
        if let Some(el) = spec_el.get() {
            crate::trusted_html::set_inner_html(&el, &html);
        }
    });
    let copy_query = move |ev: leptos::ev::MouseEvent| {
        let on_button = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|t| t.closest("[data-copy=query]").ok().flatten())
            .is_some();
        if on_button {
            if let Some(q) = detail.with_untracked(|d| d.as_ref().and_then(|d| d.job.query.clone())) {
                copy.run(("Query".to_owned(), q));
            }
        }
    };
    let fallback_text = NodeRef::<html::Textarea>::new();
    Effect::new(move |_| {
        if let (Some(_), Some(t)) = (fallback.with(|f| f.is_some()).then_some(()), fallback_text.get()) {
            let _ = t.focus();
            crate::js::call(&t, "select", &[]);
        }
    });
    // Back to the list as it was left (filters, page, sort, scroll), or to all jobs.
    let back = Signal::derive(move || {
        let all = list_page_url(&project.get(), &JobFilter::default());
        crate::session::last_list()
            .filter(|url| *url == all || url.strip_prefix(all.as_str()).is_some_and(|q| q.starts_with('?')))
            .unwrap_or(all)
    });

    // The cards, drawn again from each new reading: in place, only what changed is set.
    let cards = move || {
        detail.with(|d| {
            let d = d.as_ref()?;
            let (s, now) = (&d.job.summary, read_at.get());
            // Exact times in the zone chosen.
            session.local_times.track();
            let progress = shows_progress(&s.job_type, &s.execution_status)
                .then(|| percent_done(d.progress.as_ref().map_or(0.0, |p| p.overall_progress)));
            Some(view! {
                {progress.map(|percent| view! { <ProgressCard percent=percent/> })}
                <div class="grid">
                    <FiguresCard heading="Status" id="status-heading" figures=status_figures(s, &project.get(), now)/>
                    <FiguresCard heading="Timestamps" id="times-heading" figures=time_figures(s, now)/>
                </div>
                {if reports_rows(&s.job_type) {
                    view! {
                        <MetricsCard totals=d.metrics.as_ref().map(|m| m.totals.clone()) status=s.execution_status.clone()
                            max_parse_exceptions=d.job.max_parse_exceptions/>
                    }.into_any()
                } else {
                    view! {
                        <section class="card metrics" aria-labelledby="metrics-heading">
                            <h2 id="metrics-heading">"Metrics"</h2>
                            <p class="muted">"This job type reports no row metrics."</p>
                        </section>
                    }.into_any()
                }}
            })
        })
    };
    let show_json = RwSignal::new(false);

    view! {
        <div class="job-page">
            <p class="back"><a href=back>"← All jobs"</a></p>
            {loader.error_notice(reload)}
            {move || fallback.get().map(|(what, text)| view! {
                <div class="notice warn copy-fallback" role="alert">
                    <label for="copy-fallback">
                        {format!("{what}: this page cannot reach the clipboard (it is not served over HTTPS, or the browser refused). The text is selected below: press Ctrl+C (⌘C on a Mac) to copy it.")}
                    </label>
                    <textarea id="copy-fallback" node_ref=fallback_text readonly rows="4" spellcheck="false">{text}</textarea>
                    <button type="button" class="btn" on:click=move |_| fallback.set(None)>"Done"</button>
                </div>
            })}
            <p class="empty" role="status" hidden=move || detail.with(Option::is_some) || loader.error.with(Option::is_some)>
                "Loading job…"
            </p>
            // Made once, shown from the first reading on.
            <div class="job-body" hidden=move || detail.with(Option::is_none)>
                {move || summary.get().map(|s| {
                    let table = JobFilter { target_table_name: Some(s.table_name().to_owned()), ..JobFilter::default() };
                    view! { <JobHead table_list=list_page_url(&project.get(), &table) summary=s on_copy=copy_id/> }
                })}
                <div class="toolbar job-toolbar">
                    <div class="refresh">
                        <button aria-keyshortcuts="r" type="button" class="btn" on:click=move |_| reload.run(()) prop:disabled=move || loader.busy.get()
                            aria-busy=move || loader.busy.get().to_string()>
                            {move || if loader.busy.get() { "Refreshing…" } else { "Refresh" }}
                        </button>
                        <span class="muted updated rel" aria-live="off">{move || updated.get()}</span>
                    </div>
                    <div class="tools">
                        <button type="button" class="btn btn-quiet" on:click=copy_link>"Copy link"</button>
                        <button type="button" class="btn btn-quiet" on:click=copy_curl>"Copy as curl"</button>
                        <button type="button" class="btn btn-quiet" on:click=ask_to_notify
                            hidden=move || notify_state.get() != Notify::Off || status.with(ExecutionStatus::is_finished)>
                            "Notify me when this job ends"
                        </button>
                    </div>
                </div>
                <JobActions job_name=Signal::derive(move || summary.with(|s| s.as_ref().map(actions::job_name).unwrap_or_default()))
                    job_id=job_id job_type=job_type status=status desired=desired busy=busy error=action_error
                    table=Signal::derive(move || summary.with(|s| s.as_ref().map(|s| s.table_name().to_owned()).unwrap_or_default()))
                    read_from_point=read_from_point
                    run_again=Signal::derive(move || new_job_url(&project.get(), Some(&job_id.get())))
                    on_action=on_action/>
                {cards}
                {throughput_card(samples, status, job_type)}
                <section class="card spec-card" aria-labelledby="spec-heading">
                    <h2 id="spec-heading">"Specification"</h2>
                    <div node_ref=spec_el on:click=copy_query></div>
                </section>
                <LogsCard logs=Signal::derive(move || detail.with(|d| d.as_ref().and_then(|d| d.logs.clone())))
                    job_id=job_id on_copy=copy on_download=save/>
                <section class="card">
                    <button type="button" class="btn btn-quiet" aria-expanded=move || show_json.get().to_string()
                        aria-controls="job-json" on:click=move |_| show_json.update(|v| *v = !*v)>
                        {move || if show_json.get() { "Hide JSON" } else { "Show JSON" }}
                    </button>
                    {move || show_json.get().then(|| view! {
                        <pre id="job-json" class="json">
                            {move || detail.with(|d| d.as_ref().map(|d| pretty_json(&d.raw)).unwrap_or_default())}
                        </pre>
                    })}
                </section>
            </div>
        </div>
    }
}
