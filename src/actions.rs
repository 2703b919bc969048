//! What the job actions ("Cancel job", "Suspend", "Resume") mean to a person, and sending one.
//! Which actions a job allows is the reference's rule (`jobs_api::allowed_actions`); pages send
//! an action through [`send`], components only show them.

use crate::api::{self, ApiError, Connection};
use jobs_api::{Action, StatusRequest, StatusResponse};

/// The button that starts the action.
pub fn label(a: Action) -> &'static str {
    match a {
        Action::Cancel => "Cancel job",
        Action::Suspend => "Suspend",
        Action::Resume => "Resume",
    }
}

/// The button's label while the request is on its way.
pub fn busy_label(a: Action) -> &'static str {
    match a {
        Action::Cancel => "Canceling…",
        Action::Suspend => "Suspending…",
        Action::Resume => "Resuming…",
    }
}

/// Whether the action stops work, and so is confirmed first.
pub fn needs_confirmation(a: Action) -> bool {
    a != Action::Resume
}

/// What the confirmation says will happen.
pub fn consequence(a: Action, job_name: &str) -> String {
    match a {
        Action::Cancel => format!("Cancel {job_name}? The job stops for good and cannot be restarted; rows already ingested stay."),
        Action::Suspend => format!("Suspend {job_name}? The job stops reading from its source until you resume it; it continues from where it stopped."),
        Action::Resume => format!("Resume {job_name}?"),
    }
}

/// What is announced when the API has taken the request.
pub fn done_message(a: Action, job_name: &str) -> String {
    match a {
        Action::Cancel => format!("Cancel requested for {job_name}."),
        Action::Suspend => format!("Suspend requested for {job_name}."),
        Action::Resume => format!("Resume requested for {job_name}."),
    }
}

/// What is shown and announced when it was not.
pub fn failure_message(a: Action, e: &ApiError) -> String {
    format!("{} failed: {}", label(a), e.message())
}

/// Asks the API for the action (`POST /jobs/{id}/status`): one request, sent once.
pub async fn send(conn: &Connection, project: &str, id: &str, a: Action) -> Result<StatusResponse, ApiError> {
    api::set_status(conn, project, id, &StatusRequest { desired_execution_status: a.desired_status() }).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_and_messages() {
        assert_eq!(label(Action::Cancel), "Cancel job");
        assert_eq!(busy_label(Action::Cancel), "Canceling…");
        assert!(consequence(Action::Suspend, "job x").contains("until you resume"));
        assert_eq!(done_message(Action::Resume, "job x"), "Resume requested for job x.");
        assert!(needs_confirmation(Action::Cancel) && !needs_confirmation(Action::Resume));
        assert_eq!(
            failure_message(Action::Suspend, &ApiError::Conflict("busy".into())),
            "Suspend failed: Conflict (409): busy"
        );
    }
}
