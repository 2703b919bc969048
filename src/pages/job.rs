//! `/projects/{projectId}/jobs/{jobId}`: one job in full, refreshing itself until it ends, with
//! the actions its state allows.

use crate::actions::{self, Step};
use crate::api::{self, ApiError, Inflight};
use crate::components::job_actions::JobActions;
use crate::components::job_cards::{
    percent_done, shows_progress, status_figures, time_figures, FiguresCard, JobHead, LogsCard, ProgressCard,
};
use crate::components::metrics_card::MetricsCard;
use crate::list_view::list_page_url;
use crate::loader::{now_ms, use_loader};
use crate::router::{new_job_url, use_location, use_route_param, Route};
use crate::session::{require_connection, use_session};
use jobs_api::{ExecutionStatus, Job, JobFilter, JobType, Logs, Metrics, Progress};
use leptos::prelude::*;

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
    // When the detail on screen was read: relative times and a running job's run time count to it
    // (so that a refresh that changed nothing changes nothing on screen either).
    let read_at = RwSignal::new(now_ms() as i64);
    let loader = use_loader();
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
                    if detail.with_untracked(|old| old.as_ref() != Some(&d)) {
                        read_at.set(now_ms() as i64);
                        detail.set(Some(d));
                    }
                    loader.succeeded();
                }
                Err(e) => loader.handle_error(e),
            }
            loader.settled();
        });
    };
    let reload = Callback::new(move |()| load());

    // A new job (or a connection again): read it.
    Effect::new(move |_| {
        project.track();
        job_id.track();
        if session.connection.with(Option::is_some) {
            detail.set(None);
            load();
        }
    });
    // Read again while the job is unfinished; it stops when the job ends.
    loader.run_ticker(
        |_| (),
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

    let copy_id = Callback::new(move |()| {
        let id = job_id.get_untracked();
        let promise = window().navigator().clipboard().write_text(&id);
        leptos::task::spawn_local(async move {
            match wasm_bindgen_futures::JsFuture::from(promise).await {
                Ok(_) => session.announce(format!("Job ID {id} copied.")),
                Err(_) => session.announce("Could not copy the job ID: the browser refused clipboard access."),
            }
        });
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
    // The cards, drawn again from each new reading: in place, only what changed is set.
    let cards = move || {
        detail.with(|d| {
            let d = d.as_ref()?;
            let (s, now) = (&d.job.summary, read_at.get());
            let progress = shows_progress(&s.job_type, &s.execution_status)
                .then(|| percent_done(d.progress.as_ref().map_or(0.0, |p| p.overall_progress)));
            Some(view! {
                {progress.map(|percent| view! { <ProgressCard percent=percent/> })}
                <div class="grid">
                    <FiguresCard heading="Status" id="status-heading" figures=status_figures(s, now)/>
                    <FiguresCard heading="Timestamps" id="times-heading" figures=time_figures(s, now)/>
                </div>
                <MetricsCard totals=d.metrics.as_ref().map(|m| m.totals.clone()) status=s.execution_status.clone()
                    max_parse_exceptions=d.job.max_parse_exceptions/>
                <LogsCard logs=d.logs.clone()/>
            })
        })
    };
    let show_json = RwSignal::new(false);

    view! {
        <div class="job-page">
            <p class="back"><a href=Signal::derive(move || list_page_url(&project.get(), &JobFilter::default()))>"← All jobs"</a></p>
            {loader.error_notice(reload)}
            <Show when=move || detail.with(Option::is_none) && loader.error.with(Option::is_none)>
                <p class="empty" role="status">"Loading job…"</p>
            </Show>
            <Show when=move || detail.with(Option::is_some)>
                {move || summary.get().map(|s| view! { <JobHead summary=s on_copy=copy_id/> })}
                <JobActions job_name=Signal::derive(move || summary.with(|s| s.as_ref().map(actions::job_name).unwrap_or_default()))
                    job_id=job_id job_type=job_type status=status desired=desired busy=busy error=action_error
                    table=Signal::derive(move || summary.with(|s| s.as_ref().map(|s| s.table_name().to_owned()).unwrap_or_default()))
                    read_from_point=read_from_point
                    run_again=Signal::derive(move || new_job_url(&project.get(), Some(&job_id.get())))
                    on_action=on_action/>
                {cards}
                <section class="card">
                    <button type="button" class="btn btn-quiet" aria-expanded=Signal::derive(move || show_json.get().to_string())
                        aria-controls="job-json" on:click=move |_| show_json.update(|v| *v = !*v)>
                        {Signal::derive(move || if show_json.get() { "Hide JSON" } else { "Show JSON" })}
                    </button>
                    <Show when=move || show_json.get()>
                        <pre id="job-json" class="json">
                            {Signal::derive(move || detail.with(|d| d.as_ref().map(|d| pretty_json(&d.raw)).unwrap_or_default()))}
                        </pre>
                    </Show>
                </section>
            </Show>
        </div>
    }
}
