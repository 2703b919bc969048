//! `/projects/{projectId}/jobs/{jobId}`: one job in full, refreshing itself until it ends.

use crate::api::{self, ApiError, Inflight};
use crate::components::job_actions::JobActions;
use crate::components::metrics_card::MetricsCard;
use crate::components::status_badge::{health_text, HealthBadge, StatusBadge};
use crate::format::{code_label, duration, exact_utc, health_label, job_type_label, relative, status_label};
use crate::pages::refresh::Loader;
use crate::pages::{current_url, expire_session, now_ms, require_connection};
use crate::router::{use_navigate, use_route_param, Route};
use crate::session::use_session;
use crate::view_query::list_url;
use jobs_api::{ExecutionStatus, Job, JobFilter, JobType, Logs, Metrics, Progress, Timestamp};
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

/// Batch-like jobs have a meaningful overall progress; streaming jobs run until stopped.
pub fn shows_progress(t: &JobType, s: &ExecutionStatus) -> bool {
    *t != JobType::Streaming && matches!(s, ExecutionStatus::Running | ExecutionStatus::Pending)
}

fn time_row(label: &'static str, ts: Option<&Timestamp>, now: f64) -> impl IntoView {
    let value = match ts {
        None => view! { <span class="na">"—"</span> }.into_any(),
        Some(t) => match t.epoch_millis() {
            Some(ms) => view! {
                <time datetime=t.as_str().to_owned()>{exact_utc(ms)}</time>
                <span class="muted">" ("{relative(ms, now as i64)}")"</span>
            }
            .into_any(),
            None => view! { <span>{t.as_str().to_owned()}</span> }.into_any(),
        },
    };
    view! { <div class="pair"><dt>{label}</dt><dd>{value}</dd></div> }
}

/// "connection kafka-clicks", "s3", "table orders_staging".
pub fn source_text(s: &jobs_api::Source) -> String {
    match s.connection_name.as_ref().or(s.table_name.as_ref()) {
        Some(name) => format!("{} {name}", s.kind),
        None => s.kind.to_string(),
    }
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
    let retry = {
        let load = load.clone();
        move |_| {
            loader.reset_backoff();
            load();
        }
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

    view! {
        <div class="job-page">
            <p class="back"><a href=move || list_url(&project.get(), &JobFilter::default())>"← All jobs"</a></p>
            {move || error.get().map(|e| {
                let retry = retry.clone();
                view! {
                    <div class="notice error" role="alert">
                        <span>{e.message()}</span>
                        {e.is_transient().then(|| view! { <span class="muted">" Retrying automatically."</span> })}
                        " "<button type="button" class="btn" on:click=retry>"Retry"</button>
                    </div>
                }
            })}
            <Show when=move || detail.with(Option::is_none) && error.with(Option::is_none)>
                <p class="empty" role="status">"Loading job…"</p>
            </Show>
            <Show when=move || detail.with(Option::is_some)>
                {move || detail.with(|d| d.as_ref().map(|d| {
                    let s = &d.job.summary;
                    let failed_reason = (s.health.status == jobs_api::HealthStatus::Error).then(|| {
                        let what = s.health.code.as_ref().map(code_label).unwrap_or_else(|| health_label(&s.health.status));
                        let status = status_label(&s.execution_status);
                        let headline = if what == status { status } else { format!("{status}: {what}") };
                        let msg = s.health.message.clone().or_else(|| s.health.log.as_ref().and_then(|l| l.message.clone())).unwrap_or_default();
                        view! {
                            <div class="notice error reason">
                                <strong>{headline}</strong>
                                {(!msg.is_empty()).then(|| view! { <p>{msg}</p> })}
                            </div>
                        }
                    });
                    view! {
                        <header class="job-head">
                            {failed_reason}
                            <h1><span class="muted">"Job "</span><code class="job-id">{s.id.clone()}</code></h1>
                            <button type="button" class="btn btn-quiet" on:click=copy_id>"Copy job ID"</button>
                            <p class="subtitle">
                                <span>{job_type_label(&s.job_type)}</span>
                                {(!s.table_name().is_empty()).then(|| view! { <span>" · table "<strong>{s.table_name().to_owned()}</strong></span> })}
                            </p>
                            <div class="badges">
                                <StatusBadge status=s.execution_status.clone() desired=s.desired_execution_status.clone()/>
                                <HealthBadge health=s.health.clone()/>
                            </div>
                        </header>
                    }
                }))}
                <JobActions
                    project=project.get_untracked()
                    job_id=job_id.get_untracked()
                    job_name=format!("job {}", job_id.get_untracked())
                    job_type=job_type
                    status=status
                    on_done=reload
                    on_error=on_action_error/>
                {move || detail.with(|d| d.as_ref().map(|d| {
                    let s = &d.job.summary;
                    let progress = d.progress.as_ref().map(|p| p.overall_progress.clamp(0.0, 1.0));
                    let progress_view = (shows_progress(&s.job_type, &s.execution_status)).then(|| {
                        let pct = (progress.unwrap_or(0.0) * 100.0).round() as u32;
                        view! {
                            <section class="card" aria-labelledby="progress-heading">
                                <h2 id="progress-heading">"Progress"</h2>
                                <div class="progress" role="progressbar" aria-labelledby="progress-heading"
                                    aria-valuemin="0" aria-valuemax="100" aria-valuenow=pct.to_string()
                                    aria-valuetext=format!("{pct} %")>
                                    <span class="progress-fill" style:width=format!("{pct}%")></span>
                                </div>
                                <p class="num">{format!("{pct} %")}</p>
                            </section>
                        }
                    });
                    let health = &s.health;
                    let src = s.source.as_ref().map(source_text).unwrap_or_else(|| "—".into());
                    let started = s.started_timestamp.as_ref().and_then(Timestamp::epoch_millis);
                    let ended = s.completed_timestamp.as_ref().and_then(Timestamp::epoch_millis);
                    let ran = started.map(|st| duration(ended.unwrap_or(now.get_untracked() as i64) - st));
                    view! {
                        {progress_view}
                        <div class="grid">
                            <section class="card" aria-labelledby="status-heading">
                                <h2 id="status-heading">"Status"</h2>
                                <dl class="pairs">
                                    <div class="pair"><dt>"Execution status"</dt><dd>{status_label(&s.execution_status)}</dd></div>
                                    <div class="pair"><dt>"Desired status"</dt><dd>{status_label(&s.desired_execution_status)}</dd></div>
                                    <div class="pair"><dt>"Health"</dt><dd>{health_text(health)}</dd></div>
                                    {health.message.clone().map(|m| view! { <div class="pair"><dt>"Health message"</dt><dd>{m}</dd></div> })}
                                    <div class="pair"><dt>"Source"</dt><dd>{src}</dd></div>
                                    <div class="pair"><dt>"Created by"</dt><dd>{s.created_by.username.clone()}</dd></div>
                                    <div class="pair"><dt>"Last modified by"</dt><dd>{s.last_modified_by.username.clone()}</dd></div>
                                    {ran.map(|r| view! { <div class="pair"><dt>"Run time"</dt><dd>{r}</dd></div> })}
                                </dl>
                            </section>
                            <section class="card" aria-labelledby="times-heading">
                                <h2 id="times-heading">"Timestamps"</h2>
                                <dl class="pairs">
                                    {time_row("Created", Some(&s.created_timestamp), now.get_untracked())}
                                    {time_row("Started", s.started_timestamp.as_ref(), now.get_untracked())}
                                    {time_row("Completed", s.completed_timestamp.as_ref(), now.get_untracked())}
                                    {time_row("Last updated", Some(&s.last_updated_timestamp), now.get_untracked())}
                                </dl>
                            </section>
                        </div>
                        {match &d.metrics {
                            Some(m) => view! { <MetricsCard totals=m.totals.clone() status=s.execution_status.clone() max_parse_exceptions=d.job.max_parse_exceptions.unwrap_or(i64::MAX)/> }.into_any(),
                            None => view! { <section class="card"><h2>"Metrics"</h2><p class="muted">"Metrics could not be read."</p></section> }.into_any(),
                        }}
                        <section class="card" aria-labelledby="logs-heading">
                            <h2 id="logs-heading">"Logs"</h2>
                            {match &d.logs {
                                None => view! { <p class="muted">"Logs could not be read."</p> }.into_any(),
                                Some(l) if l.logs.is_empty() => view! { <p class="muted">"No log entries."</p> }.into_any(),
                                Some(l) => {
                                    let mut entries = l.logs.clone();
                                    entries.sort_by(|a, b| b.timestamp.cmp(&a.timestamp));
                                    view! {
                                        <table class="logs">
                                            <thead><tr><th scope="col">"Time"</th><th scope="col">"Health"</th><th scope="col">"Code"</th><th scope="col">"Message"</th></tr></thead>
                                            <tbody>
                                                {entries.into_iter().map(|e| view! {
                                                    <tr>
                                                        <td class="col-time">{e.timestamp.epoch_millis().map(exact_utc).unwrap_or_else(|| e.timestamp.as_str().to_owned())}</td>
                                                        <td>{health_label(&e.health_status)}</td>
                                                        <td>{e.code.as_ref().map(code_label).unwrap_or_default()}</td>
                                                        <td class="log-message">{e.message.clone().unwrap_or_default()}</td>
                                                    </tr>
                                                }).collect_view()}
                                            </tbody>
                                        </table>
                                    }.into_any()
                                }
                            }}
                        </section>
                        <section class="card">
                            <button type="button" class="btn btn-quiet" aria-expanded=move || show_json.get().to_string()
                                aria-controls="job-json" on:click=move |_| show_json.update(|v| *v = !*v)>
                                {move || if show_json.get() { "Hide JSON" } else { "Show JSON" }}
                            </button>
                            <Show when=move || show_json.get()>
                                <pre id="job-json" class="json">{
                                    detail.with_untracked(|d| d.as_ref().map(|d| {
                                        pretty_json(&d.raw)
                                    }).unwrap_or_default())
                                }</pre>
                            </Show>
                        </section>
                    }
                }))}
            </Show>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn progress_for_batch_like_running_jobs_only() {
        assert!(shows_progress(&JobType::Batch, &ExecutionStatus::Running));
        assert!(shows_progress(&JobType::Sql, &ExecutionStatus::Pending));
        assert!(!shows_progress(&JobType::Streaming, &ExecutionStatus::Running));
        assert!(!shows_progress(&JobType::Batch, &ExecutionStatus::Completed));
    }
}
