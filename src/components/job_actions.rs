//! The job's action buttons ("Cancel job", "Suspend", "Resume"): only what the transition rules
//! allow, confirmed where the action stops work, disabled while one is on its way. The page sends
//! the action (`on_action`) and says how it went (`busy`, `error`).

use crate::actions::{busy_label, consequence, label, needs_confirmation, offered, question};
use crate::components::confirm_dialog::ConfirmDialog;
use jobs_api::{Action, ExecutionStatus, JobType};
use leptos::prelude::*;

#[component]
pub fn JobActions(
    /// How the job is named in the dialog (its type and table: see `actions::job_name`).
    #[prop(into)]
    job_name: Signal<String>,
    /// The job's id, said in the dialog too.
    #[prop(into)]
    job_id: Signal<String>,
    #[prop(into)] job_type: Signal<JobType>,
    #[prop(into)] status: Signal<ExecutionStatus>,
    /// The status the job was last asked for: an action under way is not offered again.
    #[prop(into)]
    desired: Signal<ExecutionStatus>,
    /// The action whose request is on its way, if any: every button waits for it.
    #[prop(into)]
    busy: Signal<Option<Action>>,
    /// Why the last action failed, in words.
    #[prop(into)]
    error: Signal<Option<String>>,
    /// An action the person asked for (and confirmed, where it needs it).
    on_action: Callback<Action>,
) -> impl IntoView {
    let confirming = RwSignal::new(None::<Action>);
    let dialog_open = RwSignal::new(false);
    let actions = Memo::new(move |_| offered(&job_type.get(), &status.get(), &desired.get()));

    let click = move |a: Action| {
        if needs_confirmation(a) {
            confirming.set(Some(a));
            dialog_open.set(true);
        } else {
            on_action.run(a);
        }
    };

    // One place per action, in the reference's order: a button that stays allowed keeps its
    // element (and focus) when the others come and go.
    let button = move |a: Action| {
        let mine = Signal::derive(move || busy.get() == Some(a));
        view! {
            <Show when=move || actions.with(|l| l.contains(&a))>
                <button type="button" class=if a == Action::Resume { "btn" } else { "btn btn-danger-outline" }
                    prop:disabled=Signal::derive(move || busy.get().is_some())
                    aria-busy=Signal::derive(move || mine.get().to_string())
                    on:click=move |_| click(a)>
                    {Signal::derive(move || if mine.get() { busy_label(a) } else { label(a) })}
                </button>
            </Show>
        }
    };

    view! {
        <div class="actions" role="group" aria-label="Job actions">
            {Action::ALL.into_iter().map(button).collect_view()}
            <Show when=move || error.with(Option::is_some)>
                <p class="notice error" role="alert">{error}</p>
            </Show>
            <ConfirmDialog
                open=dialog_open
                title=Signal::derive(move || confirming.get().map(|a| question(a, &job_name.get())).unwrap_or_default())
                message=Signal::derive(move || {
                    confirming.get().map(|a| format!("{} (Job {}.)", consequence(a), job_id.get())).unwrap_or_default()
                })
                confirm_label=Signal::derive(move || confirming.get().map(label).unwrap_or_default().to_owned())
                dismiss_label="Keep job".to_owned()
                on_confirm=Callback::new(move |_| {
                    if let Some(a) = confirming.get_untracked() {
                        on_action.run(a);
                    }
                })
            />
        </div>
    }
}
