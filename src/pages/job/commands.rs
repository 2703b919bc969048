//! The curl commands of a job's actions, under the job page's toolbar: each shown with what it
//! does and copied on its own ("Copy the cancel command"), never with another command; "Copy as
//! curl" in the toolbar copies only the command that reads the job.

use crate::app::session::use_session;
use crate::job::actions::{self, Step};
use jobs_api::{Action, JobSummary};
use leptos::prelude::*;

/// What a step does, as the command's description says.
fn does(step: Step) -> &'static str {
    match step {
        Step::Status(a) => actions::consequence(a),
        Step::Reset => {
            "The job forgets the offsets it has read and reads again from its readFromPoint: data may be read \
             twice or skipped."
        }
    }
}

#[component]
pub fn ActionCommands(
    summary: Memo<Option<JobSummary>>,
    project: Memo<String>,
    job_id: Memo<String>,
    copy: Callback<(String, String)>,
) -> impl IntoView {
    let session = use_session();
    let steps = Memo::new(move |_| {
        summary.with(|s| {
            s.as_ref()
                .map(|s| actions::offered_steps(&s.job_type, &s.execution_status, &s.desired_execution_status))
                .unwrap_or_default()
        })
    });
    let command = move |step: Step| {
        let conn = session.connection.get_untracked()?;
        let origin = window().location().origin().unwrap_or_default();
        actions::step_command(&conn, &origin, &project.get_untracked(), &job_id.get_untracked(), step)
    };
    // Each step that can be offered, shown while it is (a fixed list: no list of views to
    // render, which would be code the job page shares with the bulk chunk's results).
    let item = move |step: Step| {
        move || steps.with(|s| s.contains(&step)).then(|| command_item(step, command(step).unwrap_or_default(), copy))
    };
    view! {
        <details class="action-commands" hidden=move || steps.with(Vec::is_empty)>
            <summary>"Commands for this job's actions (curl)"</summary>
            <p class="muted">
                "Each command below changes the job when it is run. It sends the credential from $POLARIS_API_KEY."
            </p>
            <ul class="plain">
                {item(Step::Status(Action::Cancel))}
                {item(Step::Status(Action::Suspend))}
                {item(Step::Status(Action::Resume))}
                {item(Step::Reset)}
            </ul>
        </details>
    }
}

/// One step's command: what it does, the command, its copy control.
fn command_item(step: Step, text: String, copy: Callback<(String, String)>) -> impl IntoView {
    let noun = actions::command_noun(step);
    let copied = text.clone();
    let changes = match step {
        Step::Status(Action::Resume) => "Resumes the job",
        Step::Status(Action::Suspend) => "Suspends the job",
        Step::Status(Action::Cancel) => "Cancels the job",
        Step::Reset => "Resets the job's offsets",
    };
    view! {
        <li>
            <p><strong>{changes}</strong>". "{does(step)}</p>
            <pre><code>{text}</code></pre>
            <button type="button" class="btn"
                on:click=move |_| copy.run((format!("The {noun} command"), copied.clone()))>
                {format!("Copy the {noun} command")}
            </button>
        </li>
    }
}
