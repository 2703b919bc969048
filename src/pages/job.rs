//! `/projects/{projectId}/jobs/{jobId}`: one job in full, refreshing itself until it ends, with
//! the actions its state allows. The route component puts together the reading
//! ([`reading::use_job_reading`]), the actions ([`action::use_job_action`]), copying
//! ([`copy::use_copy`]) and the cards.

mod action;
mod cards;
mod commands;
pub mod copy;
mod notify;
mod reading;
mod toolbar;

use crate::app::router::{new_job_url, use_route_param, Route};
use crate::app::session::{require_connection, use_session, KeyTarget};
use crate::components::job_actions::JobActions;
use crate::components::job_cards::{tick_notes, JobHead, LogsCard};
use crate::components::throughput_card::throughput_card;
use crate::job::actions;
use crate::list::view::list_page_url;
use jobs_api::{ExecutionStatus, JobFilter, JobType};
use leptos::html;
use leptos::prelude::*;

#[component]
pub fn JobPage() -> impl IntoView {
    crate::browser::js::adopt_style(include_str!("../../style/job.css"));
    require_connection();
    let session = use_session();
    let project = use_route_param(|r| if let Route::Job { project, .. } = r { Some(project) } else { None });
    let job_id = use_route_param(|r| if let Route::Job { job, .. } = r { Some(job) } else { None });
    let reading = reading::use_job_reading(project, job_id);
    let (detail, loader) = (reading.detail, reading.loader);
    let act = action::use_job_action(project, job_id, reading);
    let (copy, refused) = copy::use_copy();
    let summary = Memo::new(move |_| detail.with(|d| d.as_ref().map(|d| d.job.summary.clone())));
    let field = move |pick: fn(&jobs_api::JobSummary) -> String| {
        Signal::derive(move || summary.with(|s| s.as_ref().map(pick).unwrap_or_default()))
    };
    let other = || ExecutionStatus::Other(String::new());
    let status =
        Signal::derive(move || summary.with(|s| s.as_ref().map_or_else(other, |s| s.execution_status.clone())));
    let desired =
        Signal::derive(move || summary.with(|s| s.as_ref().map_or_else(other, |s| s.desired_execution_status.clone())));
    let job_type = Signal::derive(move || {
        summary.with(|s| s.as_ref().map_or_else(|| JobType::Other(String::new()), |s| s.job_type.clone()))
    });
    let read_from_point =
        Signal::derive(move || detail.with(|d| d.as_ref().and_then(|d| d.job.read_from_point.clone())));
    let copy_id =
        Callback::new(move |()| copy.run((format!("Job ID {}", job_id.get_untracked()), job_id.get_untracked())));
    let save = Callback::new(move |(name, text): (String, String)| {
        if crate::browser::clipboard::save(&name, "application/x-ndjson", &text) {
            session.announce(format!("{name} saved."));
        } else {
            session.announce(format!("Could not save {name}: the browser refused."));
        }
    });
    // Back to the list as it was left (filters, page, sort, scroll), or to all jobs.
    let back = Signal::derive(move || {
        let all = list_page_url(&project.get(), &JobFilter::default());
        crate::app::session::last_list()
            .filter(|url| *url == all || url.strip_prefix(all.as_str()).is_some_and(|q| q.starts_with('?')))
            .unwrap_or(all)
    });
    session.offer_key_target(KeyTarget::Back(back));
    // Once a minute the notes of moments ("(5 min ago)") are worked out again: only their texts
    // change. (A running job's figures, its run time too, follow each reading.)
    let page = NodeRef::<html::Div>::new();
    Effect::new(move |last: Option<i64>| {
        let (now, root) = (reading.clock.get() as i64, page.get());
        if let (Some(root), true) = (root, last.is_some_and(|m| m != now / 60_000)) {
            tick_notes(&root, now);
        }
        now / 60_000
    });
    view! {
        <div class="job-page" node_ref=page>
            <p class="back">
                <a href=back>"← All jobs"</a>
            </p>
            {loader.error_notice(reading.reload)}
            <copy::CopyFallback refused=refused />
            <p
                class="empty"
                role="status"
                hidden=move || detail.with(Option::is_some) || loader.error.with(Option::is_some)
            >
                "Loading job…"
            </p>
            // Made once, shown from the first reading on.
            <div class="job-body" hidden=move || detail.with(Option::is_none)>
                {move || {
                    summary
                        .get()
                        .map(|s| {
                            let table = JobFilter {
                                target_table_name: Some(s.table_name().to_owned()),
                                ..JobFilter::default()
                            };
                            view! {
                                <JobHead table_list=list_page_url(&project.get(), &table) summary=s on_copy=copy_id />
                            }
                        })
                }}
                <toolbar::JobToolbar reading=reading summary=summary project=project job_id=job_id copy=copy />
                <JobActions
                    job_name=field(actions::job_name)
                    job_id=job_id
                    job_type=job_type
                    status=status
                    desired=desired
                    busy=act.busy
                    error=act.error
                    table=field(|s| s.table_name().to_owned())
                    read_from_point=read_from_point
                    run_again=Signal::derive(move || new_job_url(&project.get(), Some(&job_id.get())))
                    on_action=act.run
                />
                <cards::DetailCards reading=reading project=project />
                {throughput_card(reading.samples, status, job_type)}
                <cards::SpecCard detail=detail copy=copy />
                <LogsCard
                    logs=Signal::derive(move || detail.with(|d| d.as_ref().and_then(|d| d.logs.clone())))
                    job_id=job_id
                    on_copy=copy
                    on_download=save
                />
                <cards::JsonCard detail=detail />
            </div>
        </div>
    }
}
