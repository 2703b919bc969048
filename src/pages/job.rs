//! `/projects/{projectId}/jobs/{jobId}`: one job in full, refreshing itself until it ends.

use crate::api::{self, ApiError, Inflight};
use crate::components::html_blocks::HtmlBlocks;
use crate::components::job_actions::JobActions;
use crate::components::job_cards::{head_blocks, job_cards, CardData};
use crate::pages::refresh::Loader;
use crate::pages::{current_url, expire_session, now_ms, require_connection};
use crate::router::{use_navigate, use_route_param, Route};
use crate::session::use_session;
use crate::view_query::list_url;
use jobs_api::{ExecutionStatus, Job, JobFilter, JobType, Logs, Metrics, Progress};
use leptos::prelude::*;

/// How often an unfinished job is re-read.
const REFRESH_MS: f64 = 5_000.0;

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
    let navigate = use_navigate();
    let project = use_route_param(|r| match r {
        Route::Job { project, .. } => Some(project),
        _ => None,
    });
    let job_id = use_route_param(|r| match r {
        Route::Job { job, .. } => Some(job),
        _ => None,
    });

    let detail = RwSignal::new(None::<Detail>);
    let loader = Loader::new();
    let error = loader.error;
    let show_json = RwSignal::new(false);
    // One slot per request of a refresh: each is aborted by the next refresh or when the page goes.
    let (inflight, slot_metrics, slot_progress, slot_logs) =
        (Inflight::new(), Inflight::new(), Inflight::new(), Inflight::new());

    let load = {
        let navigate = navigate.clone();
        move || {
            let Some(conn) = session.connection.get_untracked() else { return };
            let (p, id) = (project.get_untracked(), job_id.get_untracked());
            let my = loader.begin();
            let navigate = navigate.clone();
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
                            detail.set(Some(d));
                        }
                        loader.succeeded();
                    }
                    Err(e) => loader.handle_error(e, session, navigate),
                }
                loader.settled();
            });
        }
    };

    require_connection(session, navigate.clone());
    {
        let load = load.clone();
        Effect::new(move |_| {
            project.with(|_| ());
            job_id.with(|_| ());
            if session.connection.with(Option::is_some) {
                detail.set(None);
                load();
            }
        });
    }

    let now = RwSignal::new(now_ms());
    // Refreshes itself while the job is unfinished, and stops when it ends.
    loader.run_ticker(
        session,
        |_| (),
        move |since| {
            let unfinished =
                detail.with_untracked(|d| d.as_ref().is_some_and(|d| !d.job.summary.execution_status.is_finished()));
            if unfinished && since >= REFRESH_MS {
                now.set(now_ms());
                true
            } else {
                false
            }
        },
        load.clone(),
    );

    let reload = {
        let load = load.clone();
        Callback::new(move |_: ()| load())
    };
    let on_action_error = {
        let navigate = navigate.clone();
        Callback::new(move |e: ApiError| {
            if e == ApiError::Unauthorized {
                expire_session(session, navigate.clone(), &current_url());
            }
        })
    };
    let copy_id = move |_| {
        let id = job_id.get_untracked();
        let clipboard = window().navigator().clipboard();
        let promise = clipboard.write_text(&id);
        leptos::task::spawn_local(async move {
            match wasm_bindgen_futures::JsFuture::from(promise).await {
                Ok(_) => session.announce(format!("Job ID {id} copied.")),
                Err(_) => session.announce("Could not copy the job ID: the browser refused clipboard access."),
            }
        });
    };

    let job_type = Signal::derive(move || {
        detail.with(|d| d.as_ref().map(|d| d.job.summary.job_type.clone()).unwrap_or(JobType::Other(String::new())))
    });
    let status = Signal::derive(move || {
        detail.with(|d| {
            d.as_ref().map(|d| d.job.summary.execution_status.clone()).unwrap_or(ExecutionStatus::Other(String::new()))
        })
    });

    // The header's text, as HTML (see `head_blocks`).
    let head =
        Memo::new(move |_| detail.with(|d| d.as_ref().map_or_else(Default::default, |d| head_blocks(&d.job.summary))));
    // The cards below the header, as HTML: only a card whose text changed is drawn again.
    let cards = Memo::new(move |_| {
        detail.with(|d| {
            d.as_ref().map_or_else(Vec::new, |d| {
                job_cards(&CardData {
                    summary: &d.job.summary,
                    max_parse_exceptions: d.job.max_parse_exceptions,
                    metrics: d.metrics.as_ref(),
                    progress: d.progress.as_ref(),
                    logs: d.logs.as_ref(),
                    now: now.get_untracked() as i64,
                })
            })
        })
    });

    view! {
        <div class="job-page">
            <p class="back"><a href=move || list_url(&project.get(), &JobFilter::default())>"← All jobs"</a></p>
            {loader.error_notice(reload)}
            <Show when=move || detail.with(Option::is_none) && error.with(Option::is_none)>
                <p class="empty" role="status">"Loading job…"</p>
            </Show>
            <Show when=move || detail.with(Option::is_some)>
                <header class="job-head">
                    <HtmlBlocks class="blocks" blocks=Signal::derive(move || head.with(|h| h[0].clone()))/>
                    <button type="button" class="btn btn-quiet" on:click=copy_id>"Copy job ID"</button>
                    <HtmlBlocks class="blocks" blocks=Signal::derive(move || head.with(|h| h[1].clone()))/>
                </header>
                <JobActions
                    project=project.get_untracked()
                    job_id=job_id.get_untracked()
                    job_name=format!("job {}", job_id.get_untracked())
                    job_type=job_type
                    status=status
                    on_done=reload
                    on_error=on_action_error/>
                <HtmlBlocks blocks=cards/>
                <section class="card">
                    <button type="button" class="btn btn-quiet" aria-expanded=move || show_json.get().to_string()
                        aria-controls="job-json" on:click=move |_| show_json.update(|v| *v = !*v)>
                        {move || if show_json.get() { "Hide JSON" } else { "Show JSON" }}
                    </button>
                    <Show when=move || show_json.get()>
                        <pre id="job-json" class="json">
                            {move || detail.with(|d| d.as_ref().map(|d| pretty_json(&d.raw)).unwrap_or_default())}
                        </pre>
                    </Show>
                </section>
            </Show>
        </div>
    }
}
