//! "Cancel job", "Suspend", "Resume": only what the transition rules allow, confirmed where it
//! stops work, one request per action, every outcome announced.

use crate::api::{self, ApiError};
use crate::components::confirm_dialog::ConfirmDialog;
use crate::session::use_session;
use jobs_api::{allowed_actions, Action, ExecutionStatus, JobType, StatusRequest};
use leptos::prelude::*;

pub fn action_label(a: Action) -> &'static str {
    match a {
        Action::Cancel => "Cancel job",
        Action::Suspend => "Suspend",
        Action::Resume => "Resume",
    }
}

pub fn action_busy_label(a: Action) -> &'static str {
    match a {
        Action::Cancel => "Canceling…",
        Action::Suspend => "Suspending…",
        Action::Resume => "Resuming…",
    }
}

/// What the confirmation says will happen.
pub fn consequence(a: Action, job_name: &str) -> String {
    match a {
        Action::Cancel => format!("Cancel {job_name}? The job stops for good and cannot be restarted; rows already ingested stay."),
        Action::Suspend => format!("Suspend {job_name}? The job stops reading from its source until you resume it; it continues from where it stopped."),
        Action::Resume => format!("Resume {job_name}?"),
    }
}

pub fn done_message(a: Action, job_name: &str) -> String {
    match a {
        Action::Cancel => format!("Cancel requested for {job_name}."),
        Action::Suspend => format!("Suspend requested for {job_name}."),
        Action::Resume => format!("Resume requested for {job_name}."),
    }
}

#[component]
pub fn JobActions(
    project: String,
    job_id: String,
    /// How the job is named in the dialog and messages (id and table).
    job_name: String,
    #[prop(into)] job_type: Signal<JobType>,
    #[prop(into)] status: Signal<ExecutionStatus>,
    /// Called after an action's request finished (success or refusal): re-read the job.
    on_done: Callback<()>,
    /// Called with an error that needs the page's handling (e.g. 401).
    on_error: Callback<ApiError>,
) -> impl IntoView {
    let session = use_session();
    let busy = RwSignal::new(None::<Action>);
    let confirming = RwSignal::new(None::<Action>);
    let dialog_open = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let actions = Memo::new(move |_| allowed_actions(&job_type.get(), &status.get()));
    let name = StoredValue::new(job_name);
    let ids = StoredValue::new((project, job_id));

    let run = move |a: Action| {
        // One request at a time: double clicks and repeated confirms do nothing more.
        if busy.get_untracked().is_some() {
            return;
        }
        busy.set(Some(a));
        error.set(None);
        let Some(conn) = session.connection.get_untracked() else { return };
        let (project, id) = ids.get_value();
        leptos::task::spawn_local(async move {
            let req = StatusRequest { desired_execution_status: a.desired_status() };
            let result = api::set_status(&conn, &project, &id, &req).await;
            let _ = busy.try_set(None);
            match result {
                Ok(_) => session.announce(done_message(a, &name.get_value())),
                Err(e) => {
                    let text = format!("{} failed: {}", action_label(a), e.message());
                    let _ = error.try_set(Some(text.clone()));
                    session.announce(text);
                    on_error.run(e);
                }
            }
            on_done.run(());
        });
    };

    let click = move |a: Action| match a {
        Action::Resume => run(a),
        _ => {
            confirming.set(Some(a));
            dialog_open.set(true);
        }
    };

    // One place per action, in the reference's order: a button that stays allowed keeps its
    // element (and focus) when the others come and go.
    let button = move |a: Action| {
        view! {
            <Show when=move || actions.with(|l| l.contains(&a))>
                <button type="button" class=if a == Action::Resume { "btn" } else { "btn btn-danger-outline" }
                    prop:disabled=move || busy.get().is_some()
                    aria-busy=move || (busy.get() == Some(a)).to_string()
                    on:click=move |_| click(a)>
                    {move || if busy.get() == Some(a) { action_busy_label(a) } else { action_label(a) }}
                </button>
            </Show>
        }
    };

    view! {
        <div class="actions" role="group" aria-label="Job actions">
            {Action::ALL.into_iter().map(button).collect_view()}
            <Show when=move || error.with(Option::is_some)>
                <p class="notice error" role="alert">{move || error.get()}</p>
            </Show>
            <ConfirmDialog
                open=dialog_open
                title=Signal::derive(move || confirming.get().map(|a| format!("{}?", action_label(a))).unwrap_or_default())
                message=Signal::derive(move || confirming.get().map(|a| consequence(a, &name.get_value())).unwrap_or_default())
                confirm_label=Signal::derive(move || confirming.get().map(action_label).unwrap_or_default().to_owned())
                dismiss_label="Keep job".to_owned()
                on_confirm=Callback::new(move |_| {
                    if let Some(a) = confirming.get_untracked() {
                        run(a);
                    }
                })
            />
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_and_messages() {
        assert_eq!(action_label(Action::Cancel), "Cancel job");
        assert_eq!(action_busy_label(Action::Cancel), "Canceling…");
        assert!(consequence(Action::Suspend, "job x").contains("until you resume"));
    }
}
