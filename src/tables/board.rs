//! The Tables board's rules: each target table's state, last load, recent jobs, problem and
//! running jobs, worked out from the jobs read (newest first). Pure: the page reads the jobs,
//! the host tests check the rules.
//!
//! - A load is a `batch`, `sql` or `streaming` job; `delete_data`, `drop_table` and
//!   `restore_data` jobs are shown but never count as loads. A successful load is a batch or sql
//!   job that is `completed` with health `ok` or `warn`.
//! - A table's jobs are ordered by when they were created; "the most recent load" is the newest.
//! - The state is the first that applies: Failing (the most recent load failed, or a running
//!   streaming job into the table has health `error`); Live (a streaming job into it runs with
//!   health `ok` or `warn`); with an expectation, Fresh (the last successful load ended within
//!   it), Late (within twice it), Stale (beyond), Never loaded; without one, Loaded or Never
//!   loaded.

use jobs_api::{ExecutionStatus, HealthStatus, JobSummary, JobType, Timestamp};

/// How many of a table's jobs its strip shows.
pub const RECENT: usize = 10;

/// The expectations offered, in minutes, with their words.
pub const EXPECTATIONS: [(u32, &str); 5] =
    [(15, "15 minutes"), (60, "1 hour"), (360, "6 hours"), (1_440, "1 day"), (10_080, "1 week")];

/// An expectation's words ("1 hour"), or "No expectation".
pub fn expectation_words(minutes: Option<u32>) -> &'static str {
    EXPECTATIONS.iter().find(|(m, _)| Some(*m) == minutes).map_or("No expectation", |(_, w)| w)
}

#[derive(Clone, Copy, PartialEq, Eq, Debug, Hash)]
pub enum State {
    Failing,
    Stale,
    Late,
    NeverLoaded,
    Live,
    LiveWithWarnings,
    Fresh,
    Loaded,
}

impl State {
    pub const ALL: [State; 8] = [
        State::Failing,
        State::Stale,
        State::Late,
        State::NeverLoaded,
        State::Live,
        State::LiveWithWarnings,
        State::Fresh,
        State::Loaded,
    ];

    pub fn words(self) -> &'static str {
        match self {
            State::Failing => "Failing",
            State::Stale => "Stale",
            State::Late => "Late",
            State::NeverLoaded => "Never loaded",
            State::Live => "Live",
            State::LiveWithWarnings => "Live, with warnings",
            State::Fresh => "Fresh",
            State::Loaded => "Loaded",
        }
    }

    /// The icon beside the words (the words carry the meaning; the icon is decoration).
    pub fn icon(self) -> &'static str {
        match self {
            State::Failing => "✕",
            State::Stale => "⚠",
            State::Late => "◔",
            State::NeverLoaded => "○",
            State::Live | State::LiveWithWarnings => "▶",
            State::Fresh | State::Loaded => "✓",
        }
    }

    /// The style's tone: `tone-error`, `tone-warn`, …
    pub fn tone(self) -> &'static str {
        match self {
            State::Failing => "tone-error",
            State::Stale | State::Late | State::LiveWithWarnings => "tone-warn",
            State::NeverLoaded => "tone-muted",
            State::Live => "tone-info",
            State::Fresh | State::Loaded => "tone-ok",
        }
    }

    /// Problems first: Failing, Stale, Late, Never loaded, then the rest (equal).
    pub fn rank(self) -> u8 {
        match self {
            State::Failing => 0,
            State::Stale => 1,
            State::Late => 2,
            State::NeverLoaded => 3,
            _ => 4,
        }
    }
}

/// A job in a table's strip.
#[derive(Clone, PartialEq, Debug)]
pub struct Recent {
    pub id: String,
    pub job_type: JobType,
    pub status: ExecutionStatus,
    /// When it was last updated.
    pub at: Timestamp,
}

/// What a failing table's problem is.
#[derive(Clone, PartialEq, Debug)]
pub struct Problem {
    /// The latest failed load's health code and message.
    pub code: String,
    pub message: String,
    /// When the failures in a row began (the oldest one's end), if known.
    pub since: Option<Timestamp>,
    pub in_a_row: usize,
}

/// One row of the board.
#[derive(Clone, PartialEq, Debug)]
pub struct Table {
    pub name: String,
    pub state: State,
    /// The end of the last successful load, if one was read (as the API wrote it).
    pub last_loaded: Option<Timestamp>,
    pub expectation: Option<u32>,
    /// The last [`RECENT`] jobs of any type, oldest first.
    pub recent: Vec<Recent>,
    pub problem: Option<Problem>,
    /// When the last load succeeded, after a failure among the jobs read.
    pub recovered: Option<Timestamp>,
    /// Pending or running jobs of any type.
    pub running: usize,
}

impl Table {
    pub fn is_live(&self) -> bool {
        matches!(self.state, State::Live | State::LiveWithWarnings)
    }
}

fn is_load(t: &JobType) -> bool {
    matches!(t, JobType::Batch | JobType::Sql | JobType::Streaming)
}

fn succeeded(j: &JobSummary) -> bool {
    matches!(j.job_type, JobType::Batch | JobType::Sql)
        && j.execution_status == ExecutionStatus::Completed
        && matches!(j.health.status, HealthStatus::Ok | HealthStatus::Warn)
}

fn running_streaming(j: &JobSummary) -> bool {
    j.job_type == JobType::Streaming && j.execution_status == ExecutionStatus::Running
}

/// A load that counts as a failure: one that failed, or a running streaming job in error.
fn failed(j: &JobSummary) -> bool {
    j.execution_status == ExecutionStatus::Failed || (running_streaming(j) && j.health.status == HealthStatus::Error)
}

/// When a job ended (its completion, else its last update), as a time and as the API wrote it.
fn ended(j: &JobSummary) -> Option<(i64, &Timestamp)> {
    fn at(t: &Timestamp) -> Option<(i64, &Timestamp)> {
        Some((t.epoch_millis()?, t))
    }
    j.completed_timestamp.as_ref().and_then(at).or_else(|| at(&j.last_updated_timestamp))
}

fn created(j: &JobSummary) -> i64 {
    j.created_timestamp.epoch_millis().or_else(|| j.last_updated_timestamp.epoch_millis()).unwrap_or(i64::MIN)
}

/// The board: one row per target table of `jobs`, in name order, judged at `now` with each
/// table's expectation (minutes) from `expectation`.
pub fn tables<'a>(
    jobs: impl IntoIterator<Item = &'a JobSummary>,
    expectation: impl Fn(&str) -> Option<u32>,
    now: i64,
) -> Vec<Table> {
    // By table, each table's oldest first (the id keeps equal times in a fixed order).
    let mut jobs: Vec<(&str, i64, &JobSummary)> = jobs
        .into_iter()
        .filter(|j| j.unreadable.is_none() && !j.table_name().is_empty())
        .map(|j| (j.table_name(), created(j), j))
        .collect();
    jobs.sort_unstable_by(|a, b| (a.0, a.1, &a.2.id).cmp(&(b.0, b.1, &b.2.id)));
    jobs.chunk_by(|a, b| a.0 == b.0)
        .map(|run| {
            let name = run[0].0;
            let jobs: Vec<&JobSummary> = run.iter().map(|j| j.2).collect();
            judge(name, &jobs, expectation(name), now)
        })
        .collect()
}

/// One table's row from its jobs, oldest first.
fn judge(name: &str, jobs: &[&JobSummary], expectation: Option<u32>, now: i64) -> Table {
    let loads: Vec<&JobSummary> = jobs.iter().copied().filter(|j| is_load(&j.job_type)).collect();
    let last_loaded = loads.iter().filter(|j| succeeded(j)).filter_map(|j| ended(j)).max_by_key(|(ms, _)| *ms);
    let newest_load = loads.last();
    let streaming_error = loads.iter().any(|j| running_streaming(j) && j.health.status == HealthStatus::Error);
    let live = loads.iter().filter(|j| running_streaming(j)).map(|j| &j.health.status).fold(None, |seen, h| match h {
        HealthStatus::Ok => Some(seen.unwrap_or(State::Live)),
        HealthStatus::Warn => Some(State::LiveWithWarnings),
        _ => seen,
    });
    let failing = newest_load.is_some_and(|j| j.execution_status == ExecutionStatus::Failed) || streaming_error;
    let state = if failing {
        State::Failing
    } else if let Some(live) = live {
        live
    } else {
        match (expectation, last_loaded) {
            (_, None) => State::NeverLoaded,
            (None, Some(_)) => State::Loaded,
            (Some(minutes), Some((at, _))) => {
                let late = now.saturating_sub(at);
                let within = i64::from(minutes) * 60_000;
                if late <= within {
                    State::Fresh
                } else if late <= within * 2 {
                    State::Late
                } else {
                    State::Stale
                }
            }
        }
    };
    let problem = failing.then(|| problem(&loads)).flatten();
    let recovered = match newest_load {
        Some(j) if succeeded(j) && loads.iter().any(|l| failed(l)) => ended(j).map(|(_, t)| t.clone()),
        _ => None,
    };
    let recent = jobs[jobs.len().saturating_sub(RECENT)..]
        .iter()
        .map(|j| Recent {
            id: j.id.clone(),
            job_type: j.job_type.clone(),
            status: j.execution_status.clone(),
            at: j.last_updated_timestamp.clone(),
        })
        .collect();
    let running = jobs
        .iter()
        .filter(|j| matches!(j.execution_status, ExecutionStatus::Pending | ExecutionStatus::Running))
        .count();
    let last_loaded = last_loaded.map(|(_, t)| t.clone());
    Table { name: name.to_owned(), state, last_loaded, expectation, recent, problem, recovered, running }
}

/// A failing table's problem: the latest failed load (a streaming job in error first), and how
/// many loads in a row, newest back, failed.
fn problem(loads: &[&JobSummary]) -> Option<Problem> {
    let latest = loads
        .iter()
        .rev()
        .find(|j| running_streaming(j) && j.health.status == HealthStatus::Error)
        .or_else(|| loads.iter().rev().find(|j| j.execution_status == ExecutionStatus::Failed))?;
    let run: Vec<&&JobSummary> = loads.iter().rev().take_while(|j| failed(j)).collect();
    Some(Problem {
        code: latest.health.code.as_ref().map(|c| c.as_str().to_owned()).unwrap_or_default(),
        message: latest.health.message.clone().unwrap_or_default(),
        since: run.last().and_then(|j| ended(j)).map(|(_, t)| t.clone()),
        in_a_row: run.len().max(1),
    })
}

/// The order the board is shown in.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub enum SortBy {
    /// Problems first, then by name.
    #[default]
    State,
    Table,
    LastLoaded,
}

impl SortBy {
    /// The URL's word for it (`sort=`).
    pub fn as_str(self) -> &'static str {
        match self {
            SortBy::State => "state",
            SortBy::Table => "table",
            SortBy::LastLoaded => "last_loaded",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [SortBy::State, SortBy::Table, SortBy::LastLoaded].into_iter().find(|b| b.as_str() == s)
    }
}

/// `tables` in the order `by` (descending when `desc`); equal rows by name. The rows whose name
/// holds `find` (case-insensitive, ASCII) only.
pub fn shown(tables: &[Table], find: &str, by: SortBy, desc: bool) -> Vec<Table> {
    let find = find.trim().to_ascii_lowercase();
    let mut out: Vec<Table> =
        tables.iter().filter(|t| find.is_empty() || t.name.to_ascii_lowercase().contains(&find)).cloned().collect();
    // Names are unique: the order is total, an unstable sort is enough.
    out.sort_unstable_by(|a, b| {
        let order = match by {
            SortBy::State => a.state.rank().cmp(&b.state.rank()),
            SortBy::Table => a.name.cmp(&b.name),
            // Never loaded last when ascending (oldest first).
            SortBy::LastLoaded => {
                let ms = |t: &Table| t.last_loaded.as_ref().and_then(Timestamp::epoch_millis).unwrap_or(i64::MAX);
                ms(a).cmp(&ms(b))
            }
        };
        let order = if desc { order.reverse() } else { order };
        order.then_with(|| a.name.cmp(&b.name))
    });
    out
}

/// "14 tables: 2 failing, 1 stale, 1 late, 3 fresh, 2 live, 5 loaded" (the zero parts left out).
pub fn counts(tables: &[Table]) -> String {
    let n = |states: &[State]| tables.iter().filter(|t| states.contains(&t.state)).count();
    let parts = [
        (n(&[State::Failing]), "failing"),
        (n(&[State::Stale]), "stale"),
        (n(&[State::Late]), "late"),
        (n(&[State::NeverLoaded]), "never loaded"),
        (n(&[State::Fresh]), "fresh"),
        (n(&[State::Live, State::LiveWithWarnings]), "live"),
        (n(&[State::Loaded]), "loaded"),
    ];
    let said: Vec<String> = parts.iter().filter(|(n, _)| *n > 0).map(|(n, w)| format!("{n} {w}")).collect();
    let tables = match tables.len() {
        1 => "1 table".to_owned(),
        n => format!("{n} tables"),
    };
    if said.is_empty() {
        tables
    } else {
        format!("{tables}: {}", said.join(", "))
    }
}

/// The problem column in words, without the times (the page writes those in the zone chosen):
/// `(code and message, in a row)`.
pub fn problem_words(p: &Problem) -> String {
    let mut out = p.code.clone();
    if !p.message.is_empty() {
        if !out.is_empty() {
            out.push_str(": ");
        }
        out.push_str(&p.message);
    }
    out
}

/// The board as CSV: a header, then one line per table: name, state, last loaded (RFC 3339,
/// UTC), expectation, running, problem.
pub fn csv(tables: &[Table]) -> String {
    let mut out = String::from("Table,State,Last loaded,Expect new data every,Running,Problem\n");
    for t in tables {
        let last = t.last_loaded.as_ref().map_or("", Timestamp::as_str);
        let expectation = t.expectation.map(|m| expectation_words(Some(m))).unwrap_or("");
        let problem = match (&t.problem, &t.recovered) {
            (Some(p), _) => {
                let since = p.since.as_ref().map_or("", Timestamp::as_str);
                format!("{}; failing since {since} ({} failed in a row)", problem_words(p), p.in_a_row)
            }
            (None, Some(at)) => format!("Recovered {}", at.as_str()),
            _ => String::new(),
        };
        let fields = [t.name.as_str(), t.state.words(), last, expectation, &t.running.to_string(), &problem];
        for (i, f) in fields.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            csv_field(&mut out, f);
        }
        out.push('\n');
    }
    out
}

/// A CSV field, quoted when it holds a comma, a quote or a line break (quotes doubled), and
/// with a leading `=`, `+`, `-` or `@` made text so that a spreadsheet does not run it.
fn csv_field(out: &mut String, f: &str) {
    let formula = f.starts_with(['=', '+', '-', '@']);
    if f.contains([',', '"', '\n', '\r']) || formula {
        out.push('"');
        if formula {
            out.push('\'');
        }
        for c in f.chars() {
            if c == '"' {
                out.push('"');
            }
            out.push(c);
        }
        out.push('"');
    } else {
        out.push_str(f);
    }
}

/// The jobs read so far, one per id, the most recently updated first; and how far a refresh
/// must read again.
#[derive(Default, Clone)]
pub struct Jobs {
    jobs: Vec<JobSummary>,
}

/// The most jobs the board counts (the most recently updated).
pub const MOST: usize = 10_000;

fn updated(j: &JobSummary) -> i64 {
    j.last_updated_timestamp.epoch_millis().unwrap_or(i64::MIN)
}

impl Jobs {
    pub fn len(&self) -> usize {
        self.jobs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.jobs.is_empty()
    }

    /// The latest last-updated time among the jobs read: a refresh reads back to it.
    pub fn newest(&self) -> Option<i64> {
        self.jobs.first().map(updated)
    }

    /// Takes in a page of jobs read newest first: each replaces what was known of it. Beyond
    /// [`MOST`], the least recently updated go.
    pub fn merge(&mut self, page: Vec<JobSummary>) {
        let mut all = page;
        all.append(&mut self.jobs);
        // The first of each id is the newest word on it (the page comes first).
        let mut keep = vec![false; all.len()];
        for place in first_of_each(all.iter().map(|j| j.id.as_str())) {
            keep[place] = true;
        }
        let mut keep = keep.into_iter();
        all.retain(|_| keep.next().unwrap_or(false));
        all.sort_unstable_by(|a, b| updated(b).cmp(&updated(a)).then_with(|| a.id.cmp(&b.id)));
        all.truncate(MOST);
        self.jobs = all;
    }

    /// Keeps only the jobs last updated after `at` (ms since the epoch).
    pub fn retain_updated_after(&mut self, at: i64) {
        self.jobs.retain(|j| updated(j) > at);
    }

    /// The jobs, the most recently updated first.
    pub fn values(&self) -> impl Iterator<Item = &JobSummary> {
        self.jobs.iter()
    }

    #[cfg(test)]
    fn all(&self) -> Vec<JobSummary> {
        let mut all = self.jobs.clone();
        all.sort_by(|a, b| a.id.cmp(&b.id));
        all
    }
}

/// Whether a refresh must read the page after `page` (read newest first, `limit` a page): the
/// page was full and its oldest job was updated at or after `since` (the newest time known
/// before the refresh), so that jobs updated since may be on the next one.
pub fn read_on(page: &[JobSummary], limit: usize, since: Option<i64>) -> bool {
    page.len() >= limit
        && match since {
            None => true,
            Some(since) => page.last().and_then(|j| j.last_updated_timestamp.epoch_millis()).is_none_or(|t| t >= since),
        }
}

/// The place of the first of each key (of equal keys, the one earliest in the list), in the
/// keys' order: what [`Jobs::merge`] and the change inbox's look (`changes::Look`) keep of a list
/// that names a job more than once.
pub fn first_of_each<'a>(keys: impl Iterator<Item = &'a str>) -> Vec<usize> {
    let mut order: Vec<(&str, usize)> = keys.zip(0..).collect();
    order.sort_unstable();
    order.dedup_by(|later, earlier| later.0 == earlier.0);
    order.into_iter().map(|(_, place)| place).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use jobs_api::{Health, HealthCode, Target};

    const H: i64 = 3_600_000;
    const NOW: i64 = 1_800_000_000_000;

    fn job(id: &str, table: &str, t: JobType, status: ExecutionStatus, health: Health, age_h: i64) -> JobSummary {
        let mut j = JobSummary::empty(id.into(), t);
        j.target = Some(Target::table(table));
        j.execution_status = status;
        j.health = health;
        let at = Timestamp::from_epoch_millis(NOW - age_h * H);
        j.created_timestamp = Timestamp::from_epoch_millis(NOW - age_h * H - 60_000);
        j.last_updated_timestamp = at.clone();
        if j.execution_status.is_finished() {
            j.completed_timestamp = Some(at);
        }
        j
    }

    fn ok() -> Health {
        Health::ok()
    }

    fn err(code: HealthCode, m: &str) -> Health {
        Health::error(code, m)
    }

    use ExecutionStatus as S;
    use JobType as T;

    fn state(jobs: &[JobSummary], expect: Option<u32>) -> State {
        let t = tables(jobs, |_| expect, NOW);
        assert_eq!(t.len(), 1);
        t[0].state
    }

    #[test]
    fn each_state_and_its_precedence() {
        let done = |id, age| job(id, "t", T::Batch, S::Completed, ok(), age);
        let failed = |id, age| job(id, "t", T::Batch, S::Failed, err(HealthCode::UnableToProceed, "bad"), age);
        // The newest load failed: Failing, even with a live stream (started before it) beside it.
        let live = job("s", "t", T::Streaming, S::Running, ok(), 0);
        let mut older_live = live.clone();
        older_live.created_timestamp = Timestamp::from_epoch_millis(NOW - 2 * H);
        assert_eq!(state(&[done("a", 3), failed("b", 1), older_live], Some(60)), State::Failing);
        // A stream started after the failure is the most recent load: Live.
        assert_eq!(state(&[done("a", 3), failed("b", 1), live.clone()], Some(60)), State::Live);
        // A running stream in error: Failing.
        let mut erring = live.clone();
        erring.health = err(HealthCode::LostConnectionToSource, "gone");
        assert_eq!(state(&[done("a", 0), erring], None), State::Failing);
        // Live, before any expectation.
        assert_eq!(state(&[done("a", 30), live.clone()], Some(60)), State::Live);
        let mut warn = live;
        warn.health = Health { status: HealthStatus::Warn, ..Health::ok() };
        assert_eq!(state(&[warn], None), State::LiveWithWarnings);
        // A success after the failure: no longer failing.
        assert_eq!(state(&[failed("a", 3), done("b", 2)], None), State::Loaded);
        // Delete jobs never count as loads: a table with only those was never loaded.
        assert_eq!(state(&[job("d", "t", T::DeleteData, S::Completed, ok(), 1)], None), State::NeverLoaded);
        assert_eq!(state(&[job("d", "t", T::DeleteData, S::Completed, ok(), 1)], Some(60)), State::NeverLoaded);
        // A failed delete is not a failed load.
        let del_failed = job("d", "t", T::DropTable, S::Failed, err(HealthCode::UnableToProceed, "x"), 0);
        assert_eq!(state(&[done("a", 2), del_failed], None), State::Loaded);
        // Completed with health error is not a success.
        assert_eq!(
            state(&[job("e", "t", T::Sql, S::Completed, err(HealthCode::UnableToProceed, "x"), 1)], None),
            State::NeverLoaded
        );
        // Warn still counts.
        let warned = job("w", "t", T::Sql, S::Completed, Health { status: HealthStatus::Warn, ..Health::ok() }, 1);
        assert_eq!(state(&[warned], None), State::Loaded);
    }

    #[test]
    fn fresh_late_and_stale_at_their_edges() {
        let at = |minutes_ago: i64| {
            let mut j = job("a", "t", T::Batch, S::Completed, ok(), 0);
            j.completed_timestamp = Some(Timestamp::from_epoch_millis(NOW - minutes_ago * 60_000));
            vec![j]
        };
        assert_eq!(state(&at(60), Some(60)), State::Fresh);
        assert_eq!(state(&at(61), Some(60)), State::Late);
        assert_eq!(state(&at(120), Some(60)), State::Late);
        assert_eq!(state(&at(121), Some(60)), State::Stale);
        assert_eq!(state(&at(0), Some(15)), State::Fresh);
        assert_eq!(state(&at(10_000), None), State::Loaded);
        // The end of the last successful load counts, not a later failure's.
        let t = tables(&at(30), |_| None, NOW);
        assert_eq!(t[0].last_loaded.as_ref().and_then(Timestamp::epoch_millis), Some(NOW - 30 * 60_000));
    }

    #[test]
    fn the_problem_says_since_when_and_how_many_in_a_row_and_recovery_is_seen() {
        let failed = |id, age| job(id, "t", T::Batch, S::Failed, err(HealthCode::UnableToProceed, "bad file"), age);
        let jobs = [job("a", "t", T::Batch, S::Completed, ok(), 5), failed("b", 3), failed("c", 2), failed("d", 1)];
        let t = &tables(&jobs, |_| None, NOW)[0];
        let p = t.problem.as_ref().unwrap();
        assert_eq!(
            (p.code.as_str(), p.message.as_str(), p.in_a_row, p.since.as_ref().and_then(Timestamp::epoch_millis)),
            ("unable_to_proceed", "bad file", 3, Some(NOW - 3 * H))
        );
        assert_eq!(problem_words(p), "unable_to_proceed: bad file");
        assert_eq!(t.recovered, None);
        let mut back = jobs.to_vec();
        back.push(job("e", "t", T::Batch, S::Completed, ok(), 0));
        let t = &tables(&back, |_| None, NOW)[0];
        assert_eq!(
            (t.state, t.problem.is_none(), t.recovered.as_ref().and_then(Timestamp::epoch_millis)),
            (State::Loaded, true, Some(NOW))
        );
    }

    #[test]
    fn the_strip_holds_the_last_ten_oldest_first_and_running_counts_any_type() {
        let mut jobs: Vec<JobSummary> =
            (0..12).map(|i| job(&format!("j{i:02}"), "t", T::Batch, S::Completed, ok(), 20 - i)).collect();
        jobs.push(job("p", "t", T::DeleteData, S::Pending, ok(), 0));
        jobs.push(job("r", "t", T::Streaming, S::Running, ok(), 0));
        jobs.push(job("x", "other", T::Batch, S::Running, ok(), 0));
        jobs.push(job("none", "", T::Batch, S::Running, ok(), 0));
        let t = tables(&jobs, |_| None, NOW);
        assert_eq!(t.iter().map(|t| t.name.as_str()).collect::<Vec<_>>(), ["other", "t"]);
        let ids: Vec<&str> = t[1].recent.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(ids, ["j04", "j05", "j06", "j07", "j08", "j09", "j10", "j11", "p", "r"]);
        assert_eq!(t[1].running, 2);
    }

    #[test]
    fn sorting_puts_problems_first_and_find_filters_by_name() {
        let mk = |name: &str, state, last: Option<i64>| Table {
            name: name.into(),
            state,
            last_loaded: last.map(Timestamp::from_epoch_millis),
            expectation: None,
            recent: vec![],
            problem: None,
            recovered: None,
            running: 0,
        };
        let all = vec![
            mk("b_fresh", State::Fresh, Some(5)),
            mk("a_live", State::Live, None),
            mk("c_stale", State::Stale, Some(1)),
            mk("d_failing", State::Failing, Some(3)),
            mk("e_never", State::NeverLoaded, None),
            mk("f_late", State::Late, Some(2)),
        ];
        let names = |t: Vec<Table>| t.into_iter().map(|t| t.name).collect::<Vec<_>>();
        assert_eq!(
            names(shown(&all, "", SortBy::State, false)),
            ["d_failing", "c_stale", "f_late", "e_never", "a_live", "b_fresh"]
        );
        assert_eq!(names(shown(&all, "", SortBy::Table, true))[0], "f_late");
        assert_eq!(
            names(shown(&all, "", SortBy::LastLoaded, false)),
            ["c_stale", "f_late", "d_failing", "b_fresh", "a_live", "e_never"]
        );
        assert_eq!(names(shown(&all, " A_L ", SortBy::State, false)), ["a_live"]);
        assert_eq!(counts(&all), "6 tables: 1 failing, 1 stale, 1 late, 1 never loaded, 1 fresh, 1 live");
        assert_eq!(counts(&[]), "0 tables");
        assert_eq!(SortBy::parse("last_loaded"), Some(SortBy::LastLoaded));
    }

    #[test]
    fn the_csv_has_a_line_per_table_quoted_where_needed() {
        let failed = job("b", "x,\"y\"", T::Batch, S::Failed, err(HealthCode::UnableToProceed, "bad, file"), 1);
        let mut t =
            tables(&[failed, job("c", "=sum", T::Sql, S::Completed, ok(), 2)], |n| (n == "=sum").then_some(60), NOW);
        t.sort_by(|a, b| a.name.cmp(&b.name));
        let text = csv(&t);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "Table,State,Last loaded,Expect new data every,Running,Problem");
        assert_eq!(lines[1], "\"'=sum\",Late,2027-01-15T06:00:00.000Z,1 hour,0,");
        assert_eq!(
            lines[2],
            "\"x,\"\"y\"\"\",Failing,,,0,\"unable_to_proceed: bad, file; failing since 2027-01-15T07:00:00.000Z (1 failed in a row)\""
        );
        assert_eq!(lines.len(), 3);
    }

    #[test]
    fn a_refresh_reads_only_the_pages_updated_since_and_merges_by_id() {
        let page = |ids: &[(&str, i64)]| -> Vec<JobSummary> {
            ids.iter().map(|(id, age)| job(id, "t", T::Batch, S::Running, ok(), *age)).collect()
        };
        let mut known = Jobs::default();
        known.merge(page(&[("a", 1), ("b", 2), ("c", 3)]));
        let since = known.newest();
        assert_eq!(since, Some(NOW - H));
        // A full page whose oldest job is newer than what was known: read on.
        assert!(read_on(&page(&[("d", 0), ("a", 0)]), 2, since));
        // A full page reaching back past it: stop.
        assert!(!read_on(&page(&[("d", 0), ("b", 2)]), 2, since));
        // A page that was not full: the end.
        assert!(!read_on(&page(&[("d", 0)]), 2, since));
        // The first reading reads every full page.
        assert!(read_on(&page(&[("d", 0), ("b", 2)]), 2, None));
        let mut moved = page(&[("a", 0)]);
        moved[0].execution_status = S::Completed;
        known.merge(moved);
        assert_eq!(known.len(), 3);
        assert_eq!(known.all().iter().find(|j| j.id == "a").unwrap().execution_status, S::Completed);
    }

    #[test]
    fn the_first_of_each_key_in_the_keys_order() {
        assert_eq!(first_of_each(["b", "a", "b", "c", "a"].into_iter()), [1, 0, 3]);
        assert!(first_of_each(std::iter::empty()).is_empty());
    }

    #[test]
    fn at_most_the_ten_thousand_most_recently_updated_are_kept() {
        let mut known = Jobs::default();
        known.merge((0..MOST as i64 + 5).map(|i| job(&format!("j{i}"), "t", T::Batch, S::Running, ok(), i)).collect());
        assert_eq!(known.len(), MOST);
        assert!(known.all().iter().all(|j| j.id != format!("j{}", MOST + 4)), "the oldest went");
    }
}
