//! Which status changes a job accepts: the reference's rules, shared by the simulator (which
//! enforces them) and the console (which shows only the actions they allow).

use crate::enums::{ExecutionStatus, JobType};
use std::fmt;

/// A user action on a job.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Action {
    Cancel,
    Suspend,
    Resume,
}

impl Action {
    pub const ALL: [Action; 3] = [Action::Cancel, Action::Suspend, Action::Resume];

    /// The `desiredExecutionStatus` that requests this action.
    pub fn desired_status(self) -> ExecutionStatus {
        match self {
            Action::Cancel => ExecutionStatus::Canceled,
            Action::Suspend => ExecutionStatus::Suspended,
            Action::Resume => ExecutionStatus::Running,
        }
    }
}

/// Why a status change is refused (the simulator's 400 message).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TransitionError(pub String);

impl fmt::Display for TransitionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for TransitionError {}

/// Checks a requested `desiredExecutionStatus` against a job's type and current status:
/// cancel a pending, running, idle or suspended job; suspend a running or idle streaming job;
/// resume (`running`) a suspended streaming job; `delete_data` jobs cannot be updated.
pub fn check_transition(
    job_type: &JobType,
    current: &ExecutionStatus,
    desired: &ExecutionStatus,
) -> Result<(), TransitionError> {
    use ExecutionStatus as S;
    let refuse = |why: String| Err(TransitionError(why));
    if *job_type == JobType::DeleteData {
        return refuse("Jobs of type delete_data cannot be updated.".into());
    }
    let streaming = *job_type == JobType::Streaming;
    match desired {
        S::Canceled => match current {
            S::Pending | S::Running | S::Idle | S::Suspended => Ok(()),
            _ => refuse(format!("Cannot cancel a job whose execution status is {current}: only pending, running, idle or suspended jobs can be canceled.")),
        },
        S::Suspended if !streaming => refuse(format!("Only streaming jobs can be suspended; this job is of type {job_type}.")),
        S::Suspended => match current {
            S::Running | S::Idle => Ok(()),
            _ => refuse(format!("Cannot suspend a streaming job whose execution status is {current}: only running or idle jobs can be suspended.")),
        },
        S::Running if !streaming => refuse(format!("Only suspended streaming jobs can be resumed; this job is of type {job_type}.")),
        S::Running => match current {
            S::Suspended => Ok(()),
            _ => refuse(format!("Cannot resume a streaming job whose execution status is {current}: only suspended jobs can be resumed.")),
        },
        other => refuse(format!(
            "Invalid desiredExecutionStatus '{other}': expected one of canceled, suspended, running."
        )),
    }
}

/// The actions the rules allow for a job, in button order.
pub fn allowed_actions(job_type: &JobType, current: &ExecutionStatus) -> Vec<Action> {
    Action::ALL.into_iter().filter(|a| check_transition(job_type, current, &a.desired_status()).is_ok()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streaming_actions() {
        use ExecutionStatus as S;
        let t = JobType::Streaming;
        assert_eq!(allowed_actions(&t, &S::Running), [Action::Cancel, Action::Suspend]);
        assert_eq!(allowed_actions(&t, &S::Idle), [Action::Cancel, Action::Suspend]);
        assert_eq!(allowed_actions(&t, &S::Suspended), [Action::Cancel, Action::Resume]);
        assert_eq!(allowed_actions(&t, &S::Pending), [Action::Cancel]);
        assert!(allowed_actions(&t, &S::Completed).is_empty());
    }

    #[test]
    fn batch_and_delete() {
        use ExecutionStatus as S;
        assert_eq!(allowed_actions(&JobType::Batch, &S::Running), [Action::Cancel]);
        assert!(allowed_actions(&JobType::Batch, &S::Failed).is_empty());
        assert!(allowed_actions(&JobType::DeleteData, &S::Running).is_empty());
        assert!(allowed_actions(&JobType::Other("x".into()), &S::Other("y".into())).is_empty());
        assert!(check_transition(&JobType::Batch, &S::Running, &S::Completed).is_err());
    }
}
