//! The jobs the list has selected for a bulk action, across pages, sorts and refreshes, and what a
//! bulk action applies to. The list's rows carry a box per job; checking the first loads a chunk
//! of its own (`pages::bulk`) that keeps the [`Selection`], checks the boxes, and holds the
//! selection bar, the bulk dialog, its run and the walk through every matching job. It reaches
//! the list through `pages::jobs::BulkContext`.

use crate::job::actions::offered;
use crate::text::format::status_label;
use jobs_api::{Action, ExecutionStatus, JobFilter, JobSummary, JobType};
use std::collections::HashMap;

/// The most jobs one selection holds ("Select all matching jobs" stops there).
pub const MAX_SELECTED: usize = 5000;

/// Where jobs are handed to the list to be selected, in this tab (sessionStorage): what a bulk
/// run that was cut short (its page left while it sent: another tab's Disconnect, the tab
/// closed) did not send, or a Changes group's "Select these jobs". The list shows those jobs
/// selected, with the note, the next time it is shown ([`Unsent`]).
pub const UNSENT_KEY: &str = "pjc.unsent";

/// What the selection keeps of a job: what names it, and what decides whether an action
/// applies to it (its latest statuses).
#[derive(Clone, Debug, PartialEq)]
pub struct Picked {
    pub id: String,
    pub job_type: JobType,
    pub table: String,
    pub status: ExecutionStatus,
    pub desired: ExecutionStatus,
}

impl Picked {
    pub fn of(j: &JobSummary) -> Picked {
        Picked {
            id: j.id.clone(),
            job_type: j.job_type.clone(),
            table: j.table_name().to_owned(),
            status: j.execution_status.clone(),
            desired: j.desired_execution_status.clone(),
        }
    }

    /// "batch job into orders_daily" (`actions::job_name`).
    pub fn name(&self) -> String {
        crate::job::actions::name_of(&self.job_type, &self.table, &self.id)
    }
}

/// Selected jobs in the order they were selected, each as last seen: of one project, never
/// sent to another.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Selection {
    project: String,
    order: Vec<String>,
    jobs: HashMap<String, Picked>,
}

impl Selection {
    /// An empty selection of `project`'s jobs.
    pub fn of(project: &str) -> Selection {
        Selection { project: project.to_owned(), ..Selection::default() }
    }

    /// The project its jobs belong to.
    pub fn project(&self) -> &str {
        &self.project
    }

    /// Selects a job as it was picked before (an interrupted run's, see [`Unsent`]).
    pub fn add(&mut self, p: Picked) {
        if !self.jobs.contains_key(&p.id) && self.order.len() < MAX_SELECTED {
            self.order.push(p.id.clone());
            self.jobs.insert(p.id.clone(), p);
        }
    }

    pub fn len(&self) -> usize {
        self.order.len()
    }

    pub fn is_empty(&self) -> bool {
        self.order.is_empty()
    }

    pub fn contains(&self, id: &str) -> bool {
        self.jobs.contains_key(id)
    }

    /// The selected jobs, in the order they were selected.
    pub fn jobs(&self) -> impl Iterator<Item = &Picked> {
        self.order.iter().filter_map(|id| self.jobs.get(id))
    }

    /// Selects (`on`) or unselects these jobs; a selection that is full takes no more. Returns
    /// how many were added.
    pub fn set(&mut self, jobs: &[JobSummary], on: bool) -> usize {
        let mut added = 0;
        // A job that could not be read is never selected: no action can be judged for it.
        for j in jobs.iter().filter(|j| j.unreadable.is_none()) {
            if on {
                if !self.jobs.contains_key(&j.id) && self.order.len() < MAX_SELECTED {
                    self.order.push(j.id.clone());
                    self.jobs.insert(j.id.clone(), Picked::of(j));
                    added += 1;
                }
            } else if self.jobs.remove(&j.id).is_some() {
                self.order.retain(|id| *id != j.id);
            }
        }
        added
    }

    /// Keeps only the jobs `keep` says yes to.
    pub fn retain(&mut self, mut keep: impl FnMut(&Picked) -> bool) {
        self.jobs.retain(|_, j| keep(j));
        let jobs = &self.jobs;
        self.order.retain(|id| jobs.contains_key(id));
    }

    /// Takes in the latest summaries of selected jobs (a refresh, another page): whether any
    /// changed.
    pub fn refresh(&mut self, jobs: &[JobSummary]) -> bool {
        let mut changed = false;
        for j in jobs {
            if let Some(old) = self.jobs.get_mut(&j.id) {
                let new = Picked::of(j);
                if *old != new {
                    *old = new;
                    changed = true;
                }
            }
        }
        changed
    }

    /// Whether every one of these jobs is selected, and whether some are (the header's box).
    pub fn covers(&self, jobs: &[JobSummary]) -> (bool, bool) {
        let n = jobs.iter().filter(|j| self.contains(&j.id)).count();
        (n > 0 && n == jobs.len(), n > 0)
    }
}

/// Jobs handed to the list to be selected ([`UNSENT_KEY`]: an interrupted bulk run's unsent
/// jobs, or a Changes group's), and what is said of them.
#[derive(Clone, Debug, PartialEq)]
pub struct Unsent {
    pub project: String,
    pub note: String,
    pub jobs: Vec<Picked>,
}

impl Unsent {
    /// Hands the jobs to the list (this tab's [`UNSENT_KEY`]), replacing what was there.
    pub fn keep(&self) {
        if let Some(s) = web_sys::window().and_then(|w| w.session_storage().ok().flatten()) {
            let _ = s.set_item(UNSENT_KEY, &self.to_text());
        }
    }

    /// The stored form: the project, the note, then a line per job: its id, type, table, status
    /// and desired status, split by tabs (none of them holds a tab or a line break).
    pub fn to_text(&self) -> String {
        let mut out = format!("{}\n{}", self.project, self.note);
        for j in &self.jobs {
            let fields = [j.id.as_str(), j.job_type.as_str(), &j.table, j.status.as_str(), j.desired.as_str()];
            out = format!("{out}\n{}", fields.join("\t"));
        }
        out
    }

    /// Reads the stored form back (a line that is not a job's is left out); `None` for
    /// anything else.
    pub fn from_text(text: &str) -> Option<Unsent> {
        let mut lines = text.lines();
        let (project, note) = (lines.next()?.to_owned(), lines.next()?.to_owned());
        let jobs = lines
            .filter_map(|line| {
                let mut f = line.split('\t');
                Some(Picked {
                    id: f.next()?.to_owned(),
                    job_type: JobType::parse(f.next()?),
                    table: f.next()?.to_owned(),
                    status: ExecutionStatus::parse(f.next()?),
                    desired: ExecutionStatus::parse(f.next()?),
                })
            })
            .collect();
        Some(Unsent { project, note, jobs })
    }
}

/// The filter as far as the selection is concerned: what it matches, not its order or page (a
/// change of those keeps the selection without asking).
pub fn matching_part(f: &JobFilter) -> JobFilter {
    JobFilter { sort_column: None, sort_order: None, pagination_limit: None, pagination_offset: None, ..f.clone() }
}

/// Why `action` does not apply to a job, in words ("Already completed", "Only streaming jobs can
/// be suspended"), or `None` when it does (the job page's rule: `actions::offered`).
pub fn not_applicable(action: Action, j: &Picked) -> Option<String> {
    let (status, desired) = (&j.status, &j.desired);
    if offered(&j.job_type, status, desired).contains(&action) {
        return None;
    }
    let verb = crate::job::actions::verbs(action).1;
    Some(match status {
        ExecutionStatus::Completed | ExecutionStatus::Canceled | ExecutionStatus::Failed => {
            format!("Already {}", status_label(status).to_ascii_lowercase())
        }
        _ if action != Action::Cancel && j.job_type != JobType::Streaming => {
            format!("Only streaming jobs can be {verb}")
        }
        _ if desired == &action.desired_status() && status != desired => format!("Already being {verb}"),
        _ if status == &action.desired_status() => format!("Already {}", status_label(status).to_ascii_lowercase()),
        _ => format!("Cannot be {verb} while {}", status_label(status).to_ascii_lowercase()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use ExecutionStatus as S;

    #[test]
    fn an_interrupted_runs_jobs_read_back() {
        let unsent = Unsent {
            project: "p 1".into(),
            note: "Cancel was cut short: 2 jobs not sent.".into(),
            jobs: vec![
                Picked::of(&job("a b/c&d", "batch", "running", "running")),
                Picked::of(&job("x%y", "streaming", "suspended", "suspended")),
                Picked::of(&job("z", "sql", "running", "canceled")),
            ],
        };
        assert_eq!(Unsent::from_text(&unsent.to_text()), Some(unsent));
        let only_note = Unsent { project: "p".into(), note: "note".into(), jobs: vec![] };
        assert_eq!(Unsent::from_text("p\nnote\nid\tbatch"), Some(only_note));
        assert_eq!(Unsent::from_text(""), None);
        let mut s = Selection::of("p");
        s.add(Picked::of(&job("a", "batch", "running", "running")));
        s.add(Picked::of(&job("a", "batch", "running", "running")));
        assert_eq!((s.len(), s.project()), (1, "p"));
    }

    fn job(id: &str, t: &str, status: &str, desired: &str) -> JobSummary {
        jobs_api::decode::from_str(&format!(
            r#"{{"id":"{id}","type":"{t}","executionStatus":"{status}","desiredExecutionStatus":"{desired}",
               "createdTimestamp":"2024-08-01T12:00:00Z","lastUpdatedTimestamp":"2024-08-01T12:00:00Z",
               "target":{{"type":"table","tableName":"t_{id}"}}}}"#
        ))
        .unwrap()
    }

    #[test]
    fn a_selection_keeps_order_and_latest_summaries_and_stops_when_full() {
        let (a, b, c) = (
            job("a", "batch", "running", "running"),
            job("b", "sql", "pending", "running"),
            job("c", "streaming", "idle", "running"),
        );
        let mut s = Selection::default();
        assert_eq!(s.set(&[b.clone(), a.clone()], true), 2);
        assert_eq!(s.set(&[a.clone(), c.clone()], true), 1, "a job is selected once");
        assert_eq!(s.jobs().map(|j| j.id.as_str()).collect::<Vec<_>>(), ["b", "a", "c"]);
        assert_eq!(s.covers(&[a.clone(), b.clone()]), (true, true));
        s.set(std::slice::from_ref(&a), false);
        assert_eq!(s.covers(&[a.clone(), b.clone()]), (false, true));
        assert_eq!(s.covers(std::slice::from_ref(&a)), (false, false));
        assert_eq!(s.covers(&[]), (false, false));
        assert_eq!(s.len(), 2);

        // A refresh takes in what changed, and only for selected jobs.
        let mut b2 = b.clone();
        b2.execution_status = S::Canceled;
        assert!(s.refresh(&[b2.clone(), a.clone()]));
        assert!(!s.refresh(&[b2.clone()]));
        assert_eq!(s.jobs().next().unwrap().status, S::Canceled);
        assert_eq!(s.jobs().next().unwrap().name(), "SQL job into t_b");
        assert!(!s.contains("a"));

        s.retain(|j| j.id != "b");
        assert_eq!(s.jobs().map(|j| j.id.as_str()).collect::<Vec<_>>(), ["c"]);

        let many: Vec<JobSummary> =
            (0..MAX_SELECTED + 10).map(|i| job(&format!("j{i}"), "batch", "running", "running")).collect();
        let mut full = Selection::default();
        assert_eq!(full.set(&many, true), MAX_SELECTED);
        assert_eq!(full.len(), MAX_SELECTED);
        assert_eq!(full.set(&[c], true), 0, "a full selection takes no more");
    }

    #[test]
    fn order_and_page_are_not_part_of_what_a_filter_matches() {
        let f = JobFilter::from_query_string(
            "type=batch&searchString=x&sortColumn=type&sortOrder=ASC&paginationLimit=50&paginationOffset=50",
        )
        .unwrap();
        let g = JobFilter::from_query_string("searchString=x&type=batch").unwrap();
        assert_eq!(matching_part(&f), matching_part(&g));
        assert_ne!(matching_part(&f), matching_part(&JobFilter::from_query_string("type=sql").unwrap()));
    }

    #[test]
    fn each_action_applies_as_on_the_job_page_and_says_why_not() {
        let na = |a, t, s, d| not_applicable(a, &Picked::of(&job("x", t, s, d)));
        assert_eq!(na(Action::Cancel, "batch", "running", "running"), None);
        assert_eq!(na(Action::Cancel, "sql", "pending", "running"), None);
        assert_eq!(na(Action::Cancel, "batch", "completed", "running").as_deref(), Some("Already completed"));
        assert_eq!(na(Action::Cancel, "batch", "canceled", "canceled").as_deref(), Some("Already canceled"));
        assert_eq!(na(Action::Cancel, "batch", "failed", "running").as_deref(), Some("Already failed"));
        assert_eq!(na(Action::Cancel, "batch", "running", "canceled").as_deref(), Some("Already being canceled"));
        assert_eq!(na(Action::Suspend, "streaming", "running", "running"), None);
        assert_eq!(na(Action::Suspend, "streaming", "idle", "running"), None);
        assert_eq!(
            na(Action::Suspend, "batch", "running", "running").as_deref(),
            Some("Only streaming jobs can be suspended")
        );
        assert_eq!(na(Action::Suspend, "streaming", "suspended", "suspended").as_deref(), Some("Already suspended"));
        assert_eq!(
            na(Action::Suspend, "streaming", "running", "suspended").as_deref(),
            Some("Already being suspended")
        );
        assert_eq!(
            na(Action::Suspend, "streaming", "pending", "running").as_deref(),
            Some("Cannot be suspended while pending")
        );
        assert_eq!(na(Action::Resume, "streaming", "suspended", "suspended"), None);
        assert_eq!(na(Action::Resume, "streaming", "running", "running").as_deref(), Some("Already running"));
        assert_eq!(
            na(Action::Resume, "sql", "running", "running").as_deref(),
            Some("Only streaming jobs can be resumed")
        );
        assert_eq!(na(Action::Resume, "streaming", "completed", "running").as_deref(), Some("Already completed"));
    }
}
