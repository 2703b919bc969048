//! The job page's actions: one request at a time however often the person clicks, its result
//! said, its failure shown beside the buttons, and the job read again whatever the answer.

use super::reading::JobReading;
use crate::api::ApiError;
use crate::app::router::use_location;
use crate::app::session::use_session;
use crate::job::actions::{self, Step};
use leptos::prelude::*;

/// The action on its way, why the last one failed, and "do this step".
#[derive(Clone, Copy)]
pub struct JobAction {
    pub busy: RwSignal<Option<Step>>,
    pub error: RwSignal<Option<String>>,
    pub run: Callback<Step>,
}

pub fn use_job_action(project: Memo<String>, job_id: Memo<String>, reading: JobReading) -> JobAction {
    let session = use_session();
    let location = use_location();
    let busy = RwSignal::new(None::<Step>);
    let error = RwSignal::new(None::<String>);
    let detail = reading.detail;
    let job_name =
        move || detail.with_untracked(|d| d.as_ref().map(|d| actions::job_name(&d.job.summary)).unwrap_or_default());
    let run = Callback::new(move |step: Step| {
        if busy.get_untracked().is_some() {
            return;
        }
        let Some(conn) = session.connection.get_untracked() else { return };
        busy.set(Some(step));
        error.set(None);
        let (p, id) = (project.get_untracked(), job_id.get_untracked());
        let read_from_point = detail.with_untracked(|d| d.as_ref().and_then(|d| d.job.read_from_point.clone()));
        leptos::task::spawn_local(async move {
            let result = match step {
                Step::Status(a) => {
                    actions::send(&conn, &p, &id, a).await.map(|_| actions::done_message(a, &job_name()))
                }
                Step::Reset => actions::reset(&conn, &p, &id)
                    .await
                    .map(|()| actions::reset_done_message(&job_name(), read_from_point.as_ref())),
            };
            // The page may have gone meanwhile.
            if busy.try_set(None).is_some() {
                return;
            }
            match result {
                Ok(done) => session.announce(done),
                Err(ApiError::Unauthorized) => return session.expire(location),
                Err(e) => {
                    let text = actions::failure_message(step, &e);
                    error.set(Some(text.clone()));
                    session.announce(text);
                }
            }
            // Whatever the answer, the job as it is now.
            reading.reload.run(());
        });
    });
    JobAction { busy, error, run }
}
