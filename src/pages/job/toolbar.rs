//! The job page's toolbar: Refresh with how fresh the page is, "Copy link", "Copy as curl" (the
//! request that reads the job, without the key: nothing that changes it) and "Notify me when
//! this job ends"; under it, the commands of the job's actions, each copied on its own.

use super::notify::{use_notify, Notify};
use super::reading::JobReading;
use crate::app::session::{use_session, KeyTarget};
use crate::job::actions;
use crate::text::format::freshness;
use jobs_api::JobSummary;
use leptos::prelude::*;

#[component]
pub fn JobToolbar(
    reading: JobReading,
    summary: Memo<Option<JobSummary>>,
    project: Memo<String>,
    job_id: Memo<String>,
    copy: Callback<(String, String)>,
) -> impl IntoView {
    let session = use_session();
    let (notify, ask_to_notify) = use_notify(summary);
    let busy = reading.loader.busy;
    session.offer_key_target(KeyTarget::Refresh(Callback::new(move |()| {
        if !busy.get_untracked() {
            reading.reload.run(());
        }
    })));
    let updated = Memo::new(move |_| reading.updated_at.get().map(|t| freshness(t as i64, reading.clock.get() as i64)));
    let finished = move || summary.with(|s| s.as_ref().is_some_and(|s| s.execution_status.is_finished()));
    let copy_link = move |_| copy.run(("Link".to_owned(), window().location().href().unwrap_or_default()));
    let copy_curl = move |_| {
        let Some(conn) = session.connection.get_untracked() else { return };
        let origin = window().location().origin().unwrap_or_default();
        match actions::read_command(&conn, &origin, &project.get_untracked(), &job_id.get_untracked()) {
            Some(text) => copy.run(("The curl command".to_owned(), text)),
            None => session.announce("This job's id cannot be written in a URL: no command to copy."),
        }
    };
    view! {
        <div class="toolbar job-toolbar">
            <div class="refresh">
                <button aria-keyshortcuts="r" type="button" class="btn" on:click=move |_| reading.reload.run(())
                    prop:disabled=move || busy.get() aria-busy=move || busy.get().to_string()>
                    {move || if busy.get() { "Refreshing…" } else { "Refresh" }}
                </button>
                <span class="muted updated rel" aria-live="off">{move || updated.get()}</span>
            </div>
            <div class="tools">
                <button type="button" class="btn btn-quiet" on:click=copy_link>"Copy link"</button>
                <button type="button" class="btn btn-quiet" on:click=copy_curl>"Copy as curl"</button>
                <button type="button" class="btn btn-quiet" on:click=move |_| ask_to_notify.run(())
                    hidden=move || notify.get() != Notify::Off || finished()>
                    "Notify me when this job ends"
                </button>
            </div>
        </div>
        <super::commands::ActionCommands summary=summary project=project job_id=job_id copy=copy />
    }
}
