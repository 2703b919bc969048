//! The Changes page's groups: a section per kind with its count, a group per cause within
//! Failed, and for each group its jobs and "Select these jobs", "Show in list", "Mark as seen".

use super::reading::mark_seen;
use crate::app::router::{job_page_url, use_location};
use crate::changes::{Change, Group, Inbox, Kind};
use crate::list::selection::{Picked, Unsent};
use crate::list::view::list_page_url;
use crate::text::format::{job_type_label, relative};
use leptos::prelude::*;

/// Every kind that has changes, in order.
#[component]
pub fn Kinds(project: String, groups: Vec<Group>, clock: RwSignal<i64>) -> impl IntoView {
    crate::changes::Kind::ALL
        .iter()
        .filter_map(|kind| {
            let of: Vec<Group> = groups.iter().filter(|g| g.kind == *kind).cloned().collect();
            let n: usize = of.iter().map(|g| g.changes.len()).sum();
            (n > 0).then(|| {
                let heading = format!("{} ({n})", kind.heading());
                let (id, labelled_by) = (format!("changes-{}", kind.slug()), format!("changes-{}", kind.slug()));
                let blocks = of
                    .into_iter()
                    .map(|g| view! { <GroupBlock project=project.clone() group=g clock=clock/> })
                    .collect_view();
                view! {
                    <section class="change-kind" aria-labelledby=labelled_by>
                        <h2 id=id>{heading}</h2>
                        {blocks}
                    </section>
                }
            })
        })
        .collect_view()
}

/// One group: its title (a cause's, within Failed), its actions and its jobs.
#[component]
fn GroupBlock(project: String, group: Group, clock: RwSignal<i64>) -> impl IntoView {
    let inbox = expect_context::<Inbox>();
    let location = use_location();
    let title = group.title();
    let ids: Vec<String> = group.changes.iter().map(|c| c.job.id.clone()).collect();
    let list_url = list_page_url(&project, &group.list_filter());
    let select = {
        let (project, title, list_url) = (project.clone(), title.clone(), list_url.clone());
        let jobs: Vec<Picked> = group.changes.iter().map(|c| Picked::of(&c.job)).collect();
        move |_| {
            let note = format!("Selected from Changes: {title}.");
            Unsent { project: project.clone(), note, jobs: jobs.clone() }.keep();
            location.navigate(&list_url, Default::default());
        }
    };
    let mark = move |_| {
        if let Some(r) = inbox.reading.get_untracked() {
            mark_seen(r, Some(&ids));
        }
    };
    let lines = group
        .changes
        .into_iter()
        .map(|c| view! { <ChangeLine project=project.clone() change=c clock=clock/> })
        .collect_view();
    let heading = (group.kind == Kind::Failed).then(|| view! { <h3>{title.clone()}</h3> });
    view! {
        <div class="change-group" role="group" aria-label=title>
            {heading}
            <div class="group-actions">
                <button type="button" class="btn" on:click=select>"Select these jobs"</button>
                <a class="btn" href=list_url>"Show in list"</a>
                <button type="button" class="btn" on:click=mark>"Mark as seen"</button>
            </div>
            <ul class="change-lines">{lines}</ul>
        </div>
    }
}

/// A job's line: its table (a link to the job), type, change, when, and the error.
#[component]
fn ChangeLine(project: String, change: Change, clock: RwSignal<i64>) -> impl IntoView {
    let j = &change.job;
    let name = if j.table_name().is_empty() { j.id.clone() } else { j.table_name().to_owned() };
    let at = change.at;
    let exact = crate::text::format::exact_utc(at);
    let message = change.message();
    view! {
        <li class="change-line">
            <a href=job_page_url(&project, &j.id)>{name}</a>
            <span class="change-type">{job_type_label(&j.job_type)}</span>
            <span class="change-words">{change.words()}</span>
            <time datetime=exact.clone() title=exact>{move || relative(at, clock.get())}</time>
            {(!message.is_empty()).then(|| view! { <span class="change-message">{message}</span> })}
        </li>
    }
}
