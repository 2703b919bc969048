//! The streaming job already running into the table a streaming spec targets.

use crate::api::{self, Inflight, ListRequest};
use crate::app::router::job_page_url;
use crate::app::session::use_session;
use crate::job::spec::SpecFacts;
use jobs_api::{ExecutionStatus, JobFilter, JobType};
use leptos::prelude::*;

/// The streaming job that has not ended into the table a streaming spec targets, if any (its id
/// and page), looked up again when the table changes: a table takes one streaming job at a time.
pub fn use_running_stream(project: Memo<String>, facts: Memo<Option<SpecFacts>>) -> RwSignal<Option<(String, String)>> {
    let session = use_session();
    let running = RwSignal::new(None::<(String, String)>);
    let table = Memo::new(move |_| {
        facts.with(|f| f.as_ref().filter(|f| f.job_type == Some(JobType::Streaming)).map(|f| f.table.clone()))
    });
    let slot = Inflight::new();
    Effect::new(move |_| {
        running.set(None);
        let (Some(t), Some(conn)) = (table.get().filter(|t| !t.is_empty()), session.connection.get_untracked()) else {
            return;
        };
        let project = project.get_untracked();
        let filter = JobFilter {
            types: vec![JobType::Streaming],
            execution_statuses: vec![
                ExecutionStatus::Pending,
                ExecutionStatus::Running,
                ExecutionStatus::Idle,
                ExecutionStatus::Suspended,
            ],
            target_table_name: Some(t.clone()),
            pagination_limit: Some(1),
            ..JobFilter::default()
        };
        leptos::task::spawn_local(async move {
            let answer = api::list_jobs(&ListRequest { conn, project: project.clone(), filter }, Some(slot)).await;
            // Only for the table the spec names now (a newer lookup aborted this one otherwise).
            if let (Ok(list), Some(true)) = (answer, table.try_with_untracked(|now| now.as_deref() == Some(&t))) {
                running.set(list.values.first().map(|j| (j.id.clone(), job_page_url(&project, &j.id))));
            }
        });
    });
    running
}
