//! "Notify me when this job ends": a system notification once the page sees the job end, or,
//! where notifications are refused, the tab's title (given back when the page goes).

use crate::app::session::use_session;
use crate::browser::notifications;
use crate::job::actions;
use jobs_api::{ExecutionStatus, JobSummary};
use leptos::prelude::*;

/// Where the notification stands.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Notify {
    Off,
    /// A notification when the job ends.
    On,
    /// Notifications refused: the tab's title says it instead.
    Title,
    /// Said once.
    Done,
}

/// The notification's state for the job `summary` shows, and the button's "ask": permission is
/// asked for then, and the answer said.
pub fn use_notify(summary: Memo<Option<JobSummary>>) -> (RwSignal<Notify>, Callback<()>) {
    let session = use_session();
    let state = RwSignal::new(Notify::Off);
    let title_before = StoredValue::new(None::<String>);
    Effect::new(move |_| {
        let Some(s) = summary.get() else { return };
        let now = state.get();
        if !s.execution_status.is_finished() || !matches!(now, Notify::On | Notify::Title) {
            return;
        }
        let table = if s.table_name().is_empty() { s.id.clone() } else { s.table_name().to_owned() };
        let outcome = crate::text::format::status_label(&s.execution_status).to_ascii_lowercase();
        let mark = match s.execution_status {
            ExecutionStatus::Completed => "✓",
            ExecutionStatus::Failed => "✕",
            _ => "⊘",
        };
        let said = format!("{mark} {table} {outcome}");
        if now == Notify::On
            && notifications::show(&said, &format!("The {} has {outcome}.", actions::job_name(&s))).is_some()
        {
            session.announce(format!("Notified: {table} {outcome}."));
        } else {
            title_before.set_value(Some(document().title()));
            document().set_title(&said);
        }
        state.set(Notify::Done);
    });
    on_cleanup(move || {
        if let Some(t) = title_before.try_get_value().flatten() {
            document().set_title(&t);
        }
    });
    let answered = move |granted: bool| {
        if granted {
            let _ = state.try_set(Notify::On);
            session.announce("You will be notified when this job ends.");
        } else {
            let _ = state.try_set(Notify::Title);
            session.announce("Notifications are blocked for this site: the tab's title will say when the job ends.");
        }
    };
    let ask = Callback::new(move |()| {
        leptos::task::spawn_local(async move { answered(notifications::ask().await) });
    });
    (state, ask)
}
