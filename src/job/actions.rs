//! What the job actions ("Cancel job", "Suspend", "Resume", "Reset offsets") mean to a person,
//! and sending one. Which status changes a job allows is the reference's rule
//! (`jobs_api::allowed_actions`); pages send an action through [`send`] or [`reset`], components
//! only show them.

use crate::api::{self, ApiError, Connection};
use crate::text::format::job_type_label;
use jobs_api::{
    allowed_actions, Action, ExecutionStatus, JobSummary, JobType, ReadFromPoint, StatusRequest, StatusResponse,
};

/// What a person can ask of one job on its page: a status change, or a streaming job's reset.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    Status(Action),
    Reset,
}

impl Step {
    /// The button that starts it.
    pub fn label(self) -> &'static str {
        match self {
            Step::Status(a) => label(a),
            Step::Reset => "Reset offsets",
        }
    }

    /// The button's label while the request is on its way.
    pub fn busy_label(self) -> &'static str {
        match self {
            Step::Status(a) => busy_label(a),
            Step::Reset => "Resetting…",
        }
    }
}

/// The actions a job offers now: what the reference allows from its execution status, less the
/// one already under way (its desired status, not yet reached: asked for, and taking its time).
pub fn offered(job_type: &JobType, status: &ExecutionStatus, desired: &ExecutionStatus) -> Vec<Action> {
    allowed_actions(job_type, status)
        .into_iter()
        .filter(|a| !(a.desired_status() == *desired && status != desired))
        .collect()
}

/// How a confirmation names a job: by its type and table, as people know it ("batch job into
/// orders_daily", "drop table job on web_logs").
pub fn job_name(s: &JobSummary) -> String {
    name_of(&s.job_type, s.table_name(), &s.id)
}

/// [`job_name`] from its parts: the job's type, its table ("" for none) and its id.
pub fn name_of(job_type: &JobType, table: &str, id: &str) -> String {
    let kind = match job_type {
        JobType::Sql => "SQL".to_owned(),
        t => job_type_label(t).to_ascii_lowercase(),
    };
    match job_type {
        _ if table.is_empty() => format!("{kind} job {id}"),
        JobType::Batch | JobType::Streaming | JobType::Sql => format!("{kind} job into {table}"),
        _ => format!("{kind} job on {table}"),
    }
}

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

/// The confirmation's question: "Cancel batch job into orders_daily?".
pub fn question(a: Action, job_name: &str) -> String {
    format!("{} {job_name}?", verbs(a).0)
}

/// The action's verb, and what a job is once it is done: ("Cancel", "canceled").
pub fn verbs(a: Action) -> (&'static str, &'static str) {
    match a {
        Action::Cancel => ("Cancel", "canceled"),
        Action::Suspend => ("Suspend", "suspended"),
        Action::Resume => ("Resume", "resumed"),
    }
}

/// What the confirmation says will happen.
pub fn consequence(a: Action) -> &'static str {
    match a {
        Action::Cancel => "The job stops for good and cannot be restarted; rows already ingested stay. Stopping takes a moment: the status says so meanwhile.",
        Action::Suspend => "The job stops reading from its source until you resume it; it continues from where it stopped. Stopping takes a moment: the status says so meanwhile.",
        Action::Resume => "The job reads from its source again, from where it stopped.",
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

/// What is announced when the API has reset a job's offsets.
pub fn reset_done_message(job_name: &str, read_from_point: Option<&ReadFromPoint>) -> String {
    format!("Offsets reset: the {job_name} reads again from {}.", reads_from(read_from_point).0)
}

/// Where a streaming job reads from after a reset, in words, and what that means. A job whose
/// spec has no `readFromPoint` reads from the latest offset (the API's default).
fn reads_from(read_from_point: Option<&ReadFromPoint>) -> (String, &'static str) {
    match read_from_point {
        Some(ReadFromPoint::Latest) | None => {
            ("the latest offset".into(), "the newest data on the topic, skipping what arrived meanwhile")
        }
        Some(ReadFromPoint::Earliest) => ("the earliest offset".into(), "the oldest data the topic still holds"),
        Some(ReadFromPoint::Other(raw)) => (format!("its readFromPoint, {raw}"), "the point it names"),
    }
}

/// What is shown and announced when a step was not taken.
pub fn failure_message(step: Step, e: &ApiError) -> String {
    format!("{} failed: {}", step.label(), e.message())
}

/// Asks the API for the action (`POST /jobs/{id}/status`): one request, sent once.
pub async fn send(conn: &Connection, project: &str, id: &str, a: Action) -> Result<StatusResponse, ApiError> {
    api::set_status(conn, project, id, &StatusRequest { desired_execution_status: a.desired_status() }).await
}

/// Every step a job offers now, in the reference's order: its status actions ([`offered`]),
/// then "Reset offsets" ([`reset_offered`]).
pub fn offered_steps(job_type: &JobType, status: &ExecutionStatus, desired: &ExecutionStatus) -> Vec<Step> {
    let mut steps: Vec<Step> = offered(job_type, status, desired).into_iter().map(Step::Status).collect();
    if reset_offered(job_type, status) {
        steps.push(Step::Reset);
    }
    steps
}

/// Whether a job offers "Reset offsets": a streaming job that is running, idle or suspended.
pub fn reset_offered(job_type: &JobType, status: &ExecutionStatus) -> bool {
    *job_type == JobType::Streaming
        && matches!(status, ExecutionStatus::Running | ExecutionStatus::Idle | ExecutionStatus::Suspended)
}

/// What a reset does, in words: where the job reads again from, and what that can mean.
pub fn reset_consequence(read_from_point: Option<&ReadFromPoint>) -> String {
    let (from, meaning) = reads_from(read_from_point);
    let why = if read_from_point.is_none() { " (its spec sets no readFromPoint)" } else { "" };
    format!(
        "The job forgets the offsets it has read and reads again from {from}{why}: {meaning}. \
         Data may be read twice or skipped. Its metrics start again from zero."
    )
}

/// Asks the API to reset a streaming job's offsets (`POST /jobs/{id}/reset`).
pub async fn reset(conn: &Connection, project: &str, id: &str) -> Result<(), ApiError> {
    api::reset_job(conn, project, id).await
}

/// A step's command as its copy control names it: "Copy the {noun} command".
pub fn command_noun(step: Step) -> &'static str {
    match step {
        Step::Status(Action::Cancel) => "cancel",
        Step::Status(Action::Suspend) => "suspend",
        Step::Status(Action::Resume) => "resume",
        Step::Reset => "reset",
    }
}

/// `text` as one shell word in single quotes: nothing in it is expanded (a `'` is written `'\''`).
pub fn shell_quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', r"'\''"))
}

/// How a curl command sends the credential: `$POLARIS_API_KEY` (never the credential itself).
fn curl_auth(conn: &Connection) -> &'static str {
    match conn.kind {
        api::CredentialKind::ApiKey => "-u \"$POLARIS_API_KEY:\"",
        api::CredentialKind::OAuthToken => "-H \"Authorization: Bearer $POLARIS_API_KEY\"",
    }
}

/// A job's API URL for a curl command, absolute: the connection's API base URL, or `origin`
/// (this page's) when it uses the same-origin proxy. `None` for a project or job id that a URL
/// would read as another path (`.` or `..`).
fn curl_url(conn: &Connection, origin: &str, project: &str, id: &str, rest: &str) -> Option<String> {
    if jobs_api::filter::is_dot_segment(project) || jobs_api::filter::is_dot_segment(id) {
        return None;
    }
    let u = conn.job_url(project, id, rest);
    Some(if u.starts_with('/') { format!("{}{u}", origin.trim_end_matches('/')) } else { u })
}

/// The command that reads a job ("Copy as curl"): one `curl`, a GET, nothing that changes it.
pub fn read_command(conn: &Connection, origin: &str, project: &str, id: &str) -> Option<String> {
    let url = curl_url(conn, origin, project, id, "")?;
    Some(format!("# Read the job (changes nothing)\ncurl -sS {} {}\n", curl_auth(conn), shell_quote(&url)))
}

/// The command that asks for one step: copied on its own, never with another command.
pub fn step_command(conn: &Connection, origin: &str, project: &str, id: &str, step: Step) -> Option<String> {
    let auth = curl_auth(conn);
    Some(match step {
        Step::Status(a) => {
            let body = format!(r#"{{"desiredExecutionStatus":"{}"}}"#, a.desired_status().as_str());
            format!(
                "# {} (changes the job)\ncurl -sS {auth} -X POST -H 'Content-Type: application/json' -d {} {}\n",
                label(a),
                shell_quote(&body),
                shell_quote(&curl_url(conn, origin, project, id, "/status")?)
            )
        }
        Step::Reset => format!(
            "# Reset offsets (changes the job)\ncurl -sS {auth} -X POST {}\n",
            shell_quote(&curl_url(conn, origin, project, id, "/reset")?)
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn curl_commands_name_the_variable_never_the_secret_and_read_apart_from_steps() {
        let mut conn = Connection {
            base_url: String::new(),
            project_id: "p 1".into(),
            kind: api::CredentialKind::ApiKey,
            secret: "pok_very_secret_key".into(),
            remember: false,
            made: 0,
        };
        let origin = "https://console.example/";
        assert_eq!(
            read_command(&conn, origin, "p 1", "j-1").unwrap(),
            "# Read the job (changes nothing)\ncurl -sS -u \"$POLARIS_API_KEY:\" 'https://console.example/v1/projects/p%201/jobs/j-1'\n"
        );
        assert_eq!(
            step_command(&conn, origin, "p 1", "j-1", Step::Status(Action::Cancel)).unwrap(),
            "# Cancel job (changes the job)\ncurl -sS -u \"$POLARIS_API_KEY:\" -X POST -H 'Content-Type: application/json' -d '{\"desiredExecutionStatus\":\"canceled\"}' 'https://console.example/v1/projects/p%201/jobs/j-1/status'\n"
        );
        assert_eq!(
            step_command(&conn, origin, "p 1", "j-1", Step::Reset).unwrap(),
            "# Reset offsets (changes the job)\ncurl -sS -u \"$POLARIS_API_KEY:\" -X POST 'https://console.example/v1/projects/p%201/jobs/j-1/reset'\n"
        );
        conn.kind = api::CredentialKind::OAuthToken;
        // A base URL the shell would expand, were it not single-quoted.
        conn.base_url = "https://org.api.imply.io/$(touch x)/`id`/'q'".into();
        let text = read_command(&conn, origin, "p", "$HOME").unwrap();
        assert_eq!(
            text,
            "# Read the job (changes nothing)\ncurl -sS -H \"Authorization: Bearer $POLARIS_API_KEY\" 'https://org.api.imply.io/$(touch x)/`id`/'\\''q'\\''/v1/projects/p/jobs/%24HOME'\n"
        );
        for t in [text, step_command(&conn, "", "p", "j", Step::Status(Action::Suspend)).unwrap()] {
            assert!(!t.contains("pok_very_secret_key") && !t.contains(&conn.authorization()), "{t}");
        }
        // An id a URL would read as another path: no command.
        assert_eq!(read_command(&conn, origin, "p", ".."), None);
        assert_eq!(step_command(&conn, origin, "..", "j", Step::Reset), None);
        assert_eq!(shell_quote("it's"), r"'it'\''s'");
        assert_eq!(command_noun(Step::Status(Action::Cancel)), "cancel");
    }

    /// Pasted into a shell, "Copy as curl" is one command that reads and changes nothing; each
    /// step's command is one command of its own (bash parses them: `bash -n`).
    #[cfg(not(target_arch = "wasm32"))]
    #[test]
    fn copied_commands_are_one_shell_command_each() {
        let conn = Connection {
            base_url: "https://org.api.imply.io/a'b$(x)".into(),
            project_id: "p".into(),
            kind: api::CredentialKind::ApiKey,
            secret: "s".into(),
            remember: false,
            made: 0,
        };
        let parses = |text: &str| {
            let out = std::process::Command::new("bash").args(["-n", "-c", text]).output().expect("bash");
            assert!(out.status.success(), "{text}: {}", String::from_utf8_lossy(&out.stderr));
        };
        let read = read_command(&conn, "", "p 1", "j;rm -rf ~").unwrap();
        parses(&read);
        assert_eq!(read.matches("curl ").count(), 1, "{read}");
        assert!(!read.contains("-X"), "{read}");
        for step in
            [Step::Status(Action::Cancel), Step::Status(Action::Suspend), Step::Status(Action::Resume), Step::Reset]
        {
            let text = step_command(&conn, "", "p", "j`x`", step).unwrap();
            parses(&text);
            assert_eq!(text.matches("curl ").count(), 1, "{text}");
        }
    }

    #[test]
    fn an_action_under_way_is_not_offered_again() {
        use ExecutionStatus as S;
        let (b, st) = (JobType::Batch, JobType::Streaming);
        assert_eq!(offered(&b, &S::Running, &S::Running), [Action::Cancel]);
        assert_eq!(offered(&b, &S::Running, &S::Canceled), [], "a cancel under way");
        assert_eq!(offered(&st, &S::Running, &S::Suspended), [Action::Cancel], "the contrary one stays");
        assert_eq!(offered(&st, &S::Running, &S::Canceled), [Action::Suspend]);
        assert_eq!(offered(&st, &S::Suspended, &S::Suspended), [Action::Cancel, Action::Resume], "reached");
        assert_eq!(offered(&st, &S::Canceled, &S::Canceled), []);
    }

    #[test]
    fn jobs_are_named_by_type_and_table() {
        let job = |t: &str, table: &str| -> JobSummary {
            jobs_api::decode::from_str(&format!(
                r#"{{"id":"j1","type":"{t}","executionStatus":"running","desiredExecutionStatus":"running",
                   "createdTimestamp":"2024-08-01T12:00:00Z","lastUpdatedTimestamp":"2024-08-01T12:00:00Z",
                   "target":{{"type":"table","tableName":"{table}"}}}}"#
            ))
            .unwrap()
        };
        assert_eq!(job_name(&job("batch", "orders_daily")), "batch job into orders_daily");
        assert_eq!(job_name(&job("sql", "t")), "SQL job into t");
        assert_eq!(job_name(&job("drop_table", "web_logs")), "drop table job on web_logs");
        assert_eq!(job_name(&job("streaming", "")), "streaming job j1");
    }

    #[test]
    fn a_reset_is_offered_and_explained() {
        use ExecutionStatus as S;
        for s in [S::Running, S::Idle, S::Suspended] {
            assert!(reset_offered(&JobType::Streaming, &s));
        }
        assert!(!reset_offered(&JobType::Streaming, &S::Canceled) && !reset_offered(&JobType::Batch, &S::Running));
        let latest = reset_consequence(Some(&ReadFromPoint::Latest));
        assert!(latest.contains("from the latest offset:") && latest.contains("read twice or skipped"), "{latest}");
        assert!(reset_consequence(Some(&ReadFromPoint::Earliest)).contains("from the earliest offset"));
        // No readFromPoint in the spec: the API's default, the latest offset.
        let unset = reset_consequence(None);
        assert!(unset.contains("from the latest offset (its spec sets no readFromPoint)"), "{unset}");
        assert_eq!(
            reset_done_message("streaming job into t", None),
            "Offsets reset: the streaming job into t reads again from the latest offset."
        );
    }

    #[test]
    fn labels_and_messages() {
        assert_eq!(label(Action::Cancel), "Cancel job");
        assert_eq!(busy_label(Action::Cancel), "Canceling…");
        assert!(consequence(Action::Suspend).contains("until you resume"));
        assert_eq!(question(Action::Cancel, "batch job into orders_daily"), "Cancel batch job into orders_daily?");
        assert_eq!(done_message(Action::Resume, "job x"), "Resume requested for job x.");
        assert!(needs_confirmation(Action::Cancel) && !needs_confirmation(Action::Resume));
        assert_eq!(
            failure_message(Step::Status(Action::Suspend), &ApiError::Conflict("busy".into())),
            "Suspend failed: Conflict (409): busy"
        );
        assert_eq!(
            reset_done_message("streaming job into clicks", Some(&ReadFromPoint::Latest)),
            "Offsets reset: the streaming job into clicks reads again from the latest offset."
        );
    }
}
