//! The job's action buttons ("Cancel job", "Suspend", "Resume", "Reset offsets"): only what the
//! transition rules allow and no action already under way, confirmed where the action stops
//! work (a reset by typing the table's name), disabled while one is on its way. The page sends
//! the action (`on_action`) and says how it went (`busy`, `error`).

use crate::components::confirm_dialog::ConfirmDialog;
use crate::job::actions::{consequence, needs_confirmation, offered_steps, question, reset_consequence, Step};
use jobs_api::{Action, ExecutionStatus, JobType, ReadFromPoint};
use leptos::prelude::*;

#[component]
pub fn JobActions(
    /// How the job is named in the dialog (its type and table: see `actions::job_name`).
    #[prop(into)]
    job_name: Signal<String>,
    /// The job's id, said in the dialog too.
    #[prop(into)]
    job_id: Signal<String>,
    /// The table the job writes to (typed to confirm a reset).
    #[prop(optional, into)]
    table: Signal<String>,
    /// Where a streaming job reads from after a reset.
    #[prop(optional, into)]
    read_from_point: Signal<Option<ReadFromPoint>>,
    #[prop(into)] job_type: Signal<JobType>,
    #[prop(into)] status: Signal<ExecutionStatus>,
    /// The status the job was last asked for: an action under way is not offered again.
    #[prop(into)]
    desired: Signal<ExecutionStatus>,
    /// The step whose request is on its way, if any: every button waits for it.
    #[prop(into)]
    busy: Signal<Option<Step>>,
    /// Why the last step failed, in words.
    #[prop(into)]
    error: Signal<Option<String>>,
    /// A step the person asked for (and confirmed, where it needs it).
    on_action: Callback<Step>,
    /// Where "Run again" goes (the new-job page with this job's spec); no link when empty.
    #[prop(optional, into)]
    run_again: Signal<String>,
) -> impl IntoView {
    let confirming = RwSignal::new(None::<Step>);
    let dialog_open = RwSignal::new(false);
    let steps = Memo::new(move |_| offered_steps(&job_type.get(), &status.get(), &desired.get()));

    let click = move |step: Step| match step {
        Step::Status(a) if !needs_confirmation(a) => on_action.run(step),
        _ => {
            confirming.set(Some(step));
            dialog_open.set(true);
        }
    };

    // One place per step, in the reference's order, filled while the step is offered: a button
    // that stays offered keeps its element (and focus) when the others come and go.
    let button = move |step: Step| {
        let mine = move || busy.get() == Some(step);
        let class = if step == Step::Status(Action::Resume) { "btn" } else { "btn btn-danger-outline" };
        move || {
            steps.with(|l| l.contains(&step)).then(|| {
                view! {
                    <button
                        type="button"
                        class=class
                        prop:disabled=move || busy.with(Option::is_some)
                        aria-busy=move || mine().to_string()
                        on:click=move |_| click(step)
                    >
                        {move || if mine() { step.busy_label() } else { step.label() }}
                    </button>
                }
            })
        }
    };
    let all = Action::ALL.into_iter().map(Step::Status).chain([Step::Reset]);

    view! {
        <div class="actions" role="group" aria-label="Job actions">
            {all.map(button).collect_view()}
            {move || {
                (!run_again.with(String::is_empty))
                    .then(|| {
                        view! {
                            <a class="btn" href=run_again>
                                "Run again"
                            </a>
                        }
                    })
            }}
            {move || {
                error
                    .get()
                    .map(|e| {
                        view! {
                            <p class="notice error" role="alert">
                                {e}
                            </p>
                        }
                    })
            }}
            <ConfirmDialog
                open=dialog_open
                title=Signal::derive(move || match confirming.get() {
                    Some(Step::Status(a)) => question(a, &job_name.get()),
                    Some(Step::Reset) => format!("Reset the offsets of {}?", job_name.get()),
                    None => String::new(),
                })
                message=Signal::derive(move || {
                    let what = match confirming.get() {
                        Some(Step::Status(a)) => consequence(a).to_owned(),
                        Some(Step::Reset) => reset_consequence(read_from_point.get().as_ref()),
                        None => return String::new(),
                    };
                    format!("{what} (Job {}.)", job_id.get())
                })
                confirm_label=Signal::derive(move || confirming.get().map(Step::label).unwrap_or_default().to_owned())
                dismiss_label="Keep job".to_owned()
                typed=Signal::derive(move || {
                    (confirming.get() == Some(Step::Reset))
                        .then(|| (table.get(), "Type the table name to confirm".to_owned()))
                })
                on_confirm=Callback::new(move |_| {
                    if let Some(step) = confirming.get_untracked() {
                        on_action.run(step);
                    }
                })
            />
        </div>
    }
}
