//! The simulated project: jobs, their lifecycle in simulated time, listing and actions.
//!
//! Every job follows a `Plan` (how long it waits, how long it runs, how many rows and of what
//! quality, how it ends). Its state at any time follows from the plan in closed form, so a job
//! is only brought up to date (`advance`) when somebody looks, and 100,000 jobs cost nothing
//! while nobody asks.

use jobs_api::filter::JobFilter;
use jobs_api::*;
use std::collections::{HashMap, VecDeque};

/// splitmix64: small, seedable, good enough for demo data.
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Self(seed ^ 0x9E37_79B9_7F4A_7C15)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in `0..n` (n > 0).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n.max(1)
    }
    /// Uniform in `lo..=hi`.
    pub fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below((hi - lo + 1) as u64) as i64
    }
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
    pub fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
    /// A random (version 4) UUID.
    pub fn uuid(&mut self) -> String {
        let (a, b) = (self.next_u64(), self.next_u64());
        format!(
            "{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}",
            a >> 32,
            (a >> 16) & 0xffff,
            a & 0xfff,
            0x8000 | ((b >> 48) & 0x3fff),
            b & 0xffff_ffff_ffff
        )
    }
}

/// How a job ends when nobody intervenes.
#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    /// Batch-like jobs complete; streaming jobs run until suspended or canceled.
    Normal,
    /// Batch-like jobs fail after this fraction of their rows.
    FailAtFraction { at: f64, code: HealthCode, message: String },
    /// Streaming jobs fail after this much active (non-idle) time.
    FailAfterActiveMs { at: i64, code: HealthCode, message: String },
}

/// The course of one job.
/// Rows a streaming job has read after `active_ms` of reading at about `rows_per_s` (on
/// average 0.92 of it): bursts (a sin² wave, up to 1.6 times the rate) over a base that stalls
/// for 9 s of every 45 s, so that a throughput chart has something to show. Closed form (no
/// walk over time, whatever the job's age), and never decreasing. `shape` varies the wave's
/// period per job (40 to 89 s).
pub fn streamed_rows(rows_per_s: f64, active_ms: i64, shape: i64) -> u64 {
    let x = active_ms.max(0) as f64 / 1000.0;
    let (cycle, on) = (45.0, 36.0);
    let base = (x / cycle).floor() * on + (x % cycle).min(on);
    let w = std::f64::consts::TAU / (40 + shape.rem_euclid(50)) as f64;
    let bursts = x / 2.0 - (2.0 * w * x).sin() / (4.0 * w);
    (rows_per_s * (0.4 * base + 1.2 * bursts)).max(0.0) as u64
}

#[derive(Clone, Debug)]
pub struct Plan {
    pub pending_ms: i64,
    /// Batch-like: running time to the end.
    pub run_ms: i64,
    /// Batch-like: rows read in all.
    pub rows_total: u64,
    /// Streaming: rows per second while active.
    pub rows_per_s: f64,
    /// Streaming: active then idle, repeating (idle 0 = always active).
    pub active_ms: i64,
    pub idle_ms: i64,
    pub warn_rate: f64,
    pub filter_rate: f64,
    pub error_rate: f64,
    pub bytes_per_row: u64,
    /// Rows persisted per row processed (rollup), batch-like only.
    pub persist_ratio: f64,
    pub outcome: Outcome,
    /// Actions people took, replayed at their time (demo history).
    pub scheduled: VecDeque<(i64, Action, UserRef)>,
    /// A standing warning of a streaming job (e.g. lost connection) from its start.
    pub standing_warning: Option<(HealthCode, String)>,
    /// Its log entries carry neither a time nor a level (as some connectors write them; every
    /// field of a log entry is optional in the API).
    pub bare_logs: bool,
}

impl Default for Plan {
    fn default() -> Self {
        Self {
            pending_ms: 2_000,
            run_ms: 60_000,
            rows_total: 100_000,
            rows_per_s: 500.0,
            active_ms: 60_000,
            idle_ms: 0,
            warn_rate: 0.0,
            filter_rate: 0.0,
            error_rate: 0.0,
            bytes_per_row: 180,
            persist_ratio: 1.0,
            outcome: Outcome::Normal,
            scheduled: VecDeque::new(),
            standing_warning: None,
            bare_logs: false,
        }
    }
}

const MAX_LOGS: usize = 40;

/// A job and everything the simulator knows of it.
#[derive(Clone, Debug)]
pub struct SimJob {
    pub job: Job,
    pub plan: Plan,
    pub metrics: MetricTotals,
    pub logs: Vec<LogEntry>,
    pub progress: f64,
    /// Start of the current pending / running phase.
    phase_since: i64,
    /// Streaming: active time before the current running phase.
    active_before_ms: i64,
    /// Row errors already written to the log.
    logged_errors: u64,
    /// Lower-case id, table, connection, type and creator, for `searchString`.
    search_key: String,
    /// Changes only through actions, never with time.
    pinned: bool,
    /// A cancel or suspend under way: it takes effect at the time given (the desired status is
    /// recorded at once; the execution status follows then).
    transition: Option<(Action, i64, UserRef)>,
}

fn reports_rows(t: &JobType) -> bool {
    matches!(t, JobType::Batch | JobType::Streaming | JobType::Sql)
}

impl SimJob {
    /// A new job, pending since `created_ms`.
    pub fn new(mut job: Job, plan: Plan, created_ms: i64) -> Self {
        let s = &mut job.summary;
        s.execution_status = ExecutionStatus::Pending;
        s.desired_execution_status = ExecutionStatus::Running;
        s.created_timestamp = Timestamp::from_epoch_millis(created_ms);
        s.last_updated_timestamp = Timestamp::from_epoch_millis(created_ms);
        s.started_timestamp = None;
        s.completed_timestamp = None;
        s.health = Health::ok();
        let search_key = Self::search_key_of(s);
        let metrics = if reports_rows(&s.job_type) { Self::zero_metrics(&s.job_type) } else { MetricTotals::default() };
        Self {
            job,
            plan,
            metrics,
            logs: Vec::new(),
            progress: 0.0,
            phase_since: created_ms,
            active_before_ms: 0,
            logged_errors: 0,
            search_key,
            pinned: false,
            transition: None,
        }
    }

    /// Lower-case id, table, connection, type and creator, for `searchString`.
    fn search_key_of(s: &JobSummary) -> String {
        [
            s.id.as_str(),
            s.table_name(),
            s.source.as_ref().and_then(|x| x.connection_name.as_deref()).unwrap_or(""),
            s.job_type.as_str(),
            s.created_by.username.as_str(),
        ]
        .join("\u{1}")
        .to_lowercase()
    }

    /// Points the job at another table (its spec too).
    pub fn retarget(&mut self, table: &str) {
        if let Some(t) = self.job.summary.target.as_mut() {
            t.table_name = table.to_owned();
        }
        if let Some(t) = self.job.spec.as_mut().and_then(|s| s.get_mut("target")) {
            t["tableName"] = table.into();
        }
        self.search_key = Self::search_key_of(&self.job.summary);
    }

    /// A job stored as given (e.g. inserted by a test): it changes only through actions.
    pub fn pinned(job: Job, metrics: MetricTotals, logs: Vec<LogEntry>, progress: f64) -> Self {
        let mut sim = Self::new(job.clone(), Plan::default(), 0);
        sim.job = job;
        sim.metrics = metrics;
        sim.logs = logs;
        sim.progress = progress;
        sim.pinned = true;
        sim
    }

    fn zero_metrics(t: &JobType) -> MetricTotals {
        let streaming = *t == JobType::Streaming;
        MetricTotals {
            num_rows_processed: Some(0),
            num_rows_processed_with_warning: Some(0),
            num_rows_skipped_by_filter: streaming.then_some(0),
            num_rows_skipped_by_error: Some(0),
            num_rows_persisted: (!streaming).then_some(0),
            num_bytes_processed: Some(0),
        }
    }

    pub fn id(&self) -> &str {
        &self.job.summary.id
    }

    pub fn status(&self) -> &ExecutionStatus {
        &self.job.summary.execution_status
    }

    fn streaming(&self) -> bool {
        self.job.summary.job_type == JobType::Streaming
    }

    /// Still changes by itself (or has history to replay, or a transition under way).
    pub fn is_live(&self) -> bool {
        if self.transition.is_some() {
            return true;
        }
        if self.pinned {
            return false;
        }
        match self.status() {
            ExecutionStatus::Pending | ExecutionStatus::Running | ExecutionStatus::Idle => true,
            ExecutionStatus::Suspended => !self.plan.scheduled.is_empty(),
            _ => false,
        }
    }

    /// Changes the job at `at` (the admin endpoint's, and the demo's changes over time): its
    /// execution status (a finished job is then pinned) and its health.
    pub fn force(&mut self, at: i64, status: Option<ExecutionStatus>, health: Option<Health>) {
        if let Some(status) = status {
            if status.is_finished() {
                self.job.summary.completed_timestamp = Some(Timestamp::from_epoch_millis(at));
                self.pinned = true;
                self.transition = None;
            }
            self.job.summary.desired_execution_status = status.clone();
            self.job.summary.execution_status = status;
        }
        if let Some(h) = health {
            match h.code {
                Some(code) => {
                    self.set_health(at, h.status, code, h.message.unwrap_or_else(|| "Changed by the simulator.".into()))
                }
                None => self.job.summary.health = h,
            }
        }
        self.touch(at);
    }

    fn touch(&mut self, at: i64) {
        self.job.summary.last_updated_timestamp = Timestamp::from_epoch_millis(at);
    }

    fn log(&mut self, at: i64, status: HealthStatus, code: Option<HealthCode>, message: String) {
        if self.logs.len() >= MAX_LOGS {
            self.logs.remove(0);
        }
        let bare = self.plan.bare_logs;
        self.logs.push(LogEntry {
            timestamp: (!bare).then(|| Timestamp::from_epoch_millis(at)),
            health_status: (!bare).then_some(status),
            code,
            message: Some(message),
        });
    }

    fn set_health(&mut self, at: i64, status: HealthStatus, code: HealthCode, message: String) {
        self.log(at, status.clone(), Some(code.clone()), message.clone());
        let entry = self.logs.last().cloned();
        let is_error = status == HealthStatus::Error;
        self.job.summary.health = Health { status, code: Some(code), message: is_error.then_some(message), log: entry };
    }

    /// Active (row-producing) time of a streaming job `elapsed` ms into its running phase.
    fn phase_active(&self, elapsed: i64) -> i64 {
        let (a, i) = (self.plan.active_ms.max(1), self.plan.idle_ms.max(0));
        if i == 0 {
            return elapsed.max(0);
        }
        let cycle = a + i;
        let (n, r) = (elapsed.max(0) / cycle, elapsed.max(0) % cycle);
        n * a + r.min(a)
    }

    /// When the job ends by itself, if it does.
    fn end_time(&self) -> Option<i64> {
        if self.streaming() {
            let Outcome::FailAfterActiveMs { at, .. } = &self.plan.outcome else { return None };
            let need = (at - self.active_before_ms).max(0);
            let (a, i) = (self.plan.active_ms.max(1), self.plan.idle_ms.max(0));
            let offset = if i == 0 { need } else { need / a * (a + i) + need % a };
            Some(self.phase_since.saturating_add(offset))
        } else {
            let f = match &self.plan.outcome {
                Outcome::FailAtFraction { at, .. } => at.clamp(0.0, 1.0),
                _ => 1.0,
            };
            Some(self.phase_since.saturating_add((self.plan.run_ms as f64 * f) as i64))
        }
    }

    /// The cancel or suspend under way, if it takes effect by `now`: its time.
    fn transition_due(&self, now: i64) -> Option<i64> {
        self.transition.as_ref().map(|t| t.1).filter(|t| *t <= now)
    }

    /// The transition under way takes effect at its time (nothing if the job ended before).
    fn complete_transition(&mut self) {
        if let Some((action, at, by)) = self.transition.take() {
            if check_transition(&self.job.summary.job_type, self.status(), &action.desired_status()).is_ok() {
                if matches!(self.status(), ExecutionStatus::Running | ExecutionStatus::Idle) {
                    self.credit(at);
                }
                self.take_effect(action, at, &by);
            }
        }
    }

    /// Brings the job to simulated time `now`.
    pub fn advance(&mut self, now: i64) {
        if self.pinned {
            if self.transition_due(now).is_some() {
                self.complete_transition();
            }
            return;
        }
        for _ in 0..256 {
            // A transition under way goes first when it is due before the job's next event.
            if let Some(due) = self.transition_due(now) {
                let next = match self.status() {
                    ExecutionStatus::Pending => Some(self.phase_since.saturating_add(self.plan.pending_ms)),
                    ExecutionStatus::Running | ExecutionStatus::Idle => self.end_time(),
                    _ => None,
                };
                let next = match (next, self.plan.scheduled.front().map(|s| s.0)) {
                    (Some(a), Some(b)) => Some(a.min(b)),
                    (a, b) => a.or(b),
                };
                if next.is_none_or(|n| due <= n) {
                    self.complete_transition();
                    continue;
                }
            }
            let sched = self.plan.scheduled.front().map(|s| s.0).filter(|t| *t <= now);
            match self.status().clone() {
                ExecutionStatus::Pending => {
                    let start = self.phase_since.saturating_add(self.plan.pending_ms);
                    if let Some(t) = sched.filter(|t| *t < start) {
                        self.replay_scheduled(t);
                    } else if start <= now {
                        self.start(start);
                    } else {
                        return;
                    }
                }
                ExecutionStatus::Running | ExecutionStatus::Idle => {
                    let end = self.end_time();
                    let horizon = end.map_or(now, |e| e.min(now));
                    if let Some(t) = sched.filter(|t| *t <= horizon) {
                        self.credit(t);
                        self.replay_scheduled(t);
                    } else if let Some(e) = end.filter(|e| *e <= now) {
                        self.credit(e);
                        self.finish(e);
                        return;
                    } else {
                        self.credit(now);
                        return;
                    }
                }
                ExecutionStatus::Suspended => match sched {
                    Some(t) => self.replay_scheduled(t),
                    None => return,
                },
                _ => return,
            }
        }
    }

    fn replay_scheduled(&mut self, t: i64) {
        if let Some((_, action, user)) = self.plan.scheduled.pop_front() {
            // The demo's history: actions that took effect long ago.
            let _ = self.apply(action, t, &user, 0);
        }
    }

    fn start(&mut self, t: i64) {
        let s = &mut self.job.summary;
        s.execution_status = ExecutionStatus::Running;
        if s.started_timestamp.is_none() {
            s.started_timestamp = Some(Timestamp::from_epoch_millis(t));
        }
        self.phase_since = t;
        self.touch(t);
        if let Some((code, message)) = self.plan.standing_warning.clone() {
            self.set_health(t, HealthStatus::Warn, code, message);
        }
    }

    /// Metrics, progress, parse-error logs and (streaming) running/idle at time `t`. A batch-like
    /// job reads at a steady rate; a streaming job in bursts and stalls ([`streamed_rows`]).
    fn credit(&mut self, t: i64) {
        if self.pinned {
            return;
        }
        let (active_ms, idle_ms, rows_per_s, run_ms, rows_total) =
            (self.plan.active_ms, self.plan.idle_ms, self.plan.rows_per_s, self.plan.run_ms, self.plan.rows_total);
        let rows_seen = if self.streaming() {
            let active = self.active_before_ms + self.phase_active(t - self.phase_since);
            // Running or idle, and since when.
            if idle_ms > 0 {
                let cycle = active_ms.max(1) + idle_ms;
                let elapsed = (t - self.phase_since).max(0);
                let cycle_start = self.phase_since + elapsed / cycle * cycle;
                let (status, since) = if elapsed % cycle < active_ms {
                    (ExecutionStatus::Running, cycle_start)
                } else {
                    (ExecutionStatus::Idle, cycle_start + active_ms)
                };
                if *self.status() != status {
                    self.job.summary.execution_status = status;
                    self.touch(since.max(self.phase_since));
                }
            }
            streamed_rows(rows_per_s, active, self.plan.active_ms)
        } else {
            let f = if run_ms <= 0 { 1.0 } else { ((t - self.phase_since) as f64 / run_ms as f64).clamp(0.0, 1.0) };
            self.progress = f;
            (rows_total as f64 * f) as u64
        };
        if !reports_rows(&self.job.summary.job_type) {
            return;
        }
        let streaming = self.streaming();
        let p = &self.plan;
        let errors = (rows_seen as f64 * p.error_rate) as u64;
        let warnings = (rows_seen as f64 * p.warn_rate) as u64;
        let filtered = if streaming { (rows_seen as f64 * p.filter_rate) as u64 } else { 0 };
        let processed = rows_seen.saturating_sub(errors + warnings + filtered);
        self.metrics = MetricTotals {
            num_rows_processed: Some(processed),
            num_rows_processed_with_warning: Some(warnings),
            num_rows_skipped_by_filter: streaming.then_some(filtered),
            num_rows_skipped_by_error: Some(errors),
            num_rows_persisted: (!streaming).then(|| ((processed + warnings) as f64 * p.persist_ratio) as u64),
            num_bytes_processed: Some(rows_seen * p.bytes_per_row),
        };
        if errors > self.logged_errors {
            let first_new = self.logged_errors;
            // Log the first few new parse errors, as Polaris keeps a sample of them.
            for n in first_new..errors.min(first_new + 3) {
                let line = 1 + (n * 7919 + 104_729) % rows_seen.max(1);
                self.log(
                    t,
                    HealthStatus::Warn,
                    Some(HealthCode::InvalidRowsFound),
                    format!("Unable to parse row {line}: Unexpected character ('}}' (code 125)): was expecting double-quote to start field name"),
                );
            }
            self.logged_errors = errors;
            if self.job.summary.health.status == HealthStatus::Ok {
                let limit =
                    self.job.max_parse_exceptions.map_or(String::new(), |m| format!(" (maxParseExceptions is {m})"));
                self.set_health(
                    t,
                    HealthStatus::Warn,
                    HealthCode::InvalidRowsFound,
                    format!("Some rows could not be parsed and were skipped{limit}."),
                );
            }
        }
    }

    fn finish(&mut self, t: i64) {
        let outcome = self.plan.outcome.clone();
        let s = &mut self.job.summary;
        s.completed_timestamp = Some(Timestamp::from_epoch_millis(t));
        match outcome {
            Outcome::FailAtFraction { code, message, .. } | Outcome::FailAfterActiveMs { code, message, .. } => {
                s.execution_status = ExecutionStatus::Failed;
                self.set_health(t, HealthStatus::Error, code, message);
            }
            Outcome::Normal => {
                s.execution_status = ExecutionStatus::Completed;
                self.progress = 1.0;
                if reports_rows(&self.job.summary.job_type) && self.plan.rows_total == 0 {
                    self.set_health(
                        t,
                        HealthStatus::Warn,
                        HealthCode::NoRowsFound,
                        "The job completed but found no rows to ingest.".into(),
                    );
                }
            }
        }
        self.touch(t);
    }

    /// Applies a user's action at time `at` (call `advance(at)` first). The desired status is
    /// recorded at once; a cancel or suspend takes effect `delay_ms` later (a resume at once).
    /// Asking again for what is already desired changes nothing (idempotent); a contrary action
    /// follows the rules from the current status and replaces the one under way.
    pub fn apply(&mut self, action: Action, at: i64, by: &UserRef, delay_ms: i64) -> Result<(), TransitionError> {
        let desired = action.desired_status();
        let s = &self.job.summary;
        // Asked again for a cancel or suspend under way, or reached: the same answer, nothing new.
        let under_way = self.transition.as_ref().is_some_and(|t| t.0 == action);
        let reached = s.execution_status == desired && action != Action::Resume;
        if s.desired_execution_status == desired && (under_way || reached) {
            return Ok(());
        }
        check_transition(&s.job_type, &s.execution_status, &desired)?;
        if delay_ms > 0 && action != Action::Resume {
            self.job.summary.desired_execution_status = desired;
            self.job.summary.last_modified_by = by.clone();
            let what = if action == Action::Cancel { "Cancel" } else { "Suspend" };
            self.log(at, HealthStatus::Ok, None, format!("{what} requested by {}.", by.username));
            self.touch(at);
            self.transition = Some((action, at.saturating_add(delay_ms), by.clone()));
            return Ok(());
        }
        self.transition = None;
        if matches!(self.status(), ExecutionStatus::Running | ExecutionStatus::Idle) {
            self.credit(at);
        }
        self.take_effect(action, at, by);
        Ok(())
    }

    /// An action taking effect at `at`.
    fn take_effect(&mut self, action: Action, at: i64, by: &UserRef) {
        match action {
            Action::Cancel => {
                self.job.summary.execution_status = ExecutionStatus::Canceled;
                self.job.summary.completed_timestamp = Some(Timestamp::from_epoch_millis(at));
                self.set_health(
                    at,
                    HealthStatus::Error,
                    HealthCode::Canceled,
                    format!("The job was canceled by {}.", by.username),
                );
            }
            Action::Suspend => {
                self.active_before_ms += self.phase_active(at - self.phase_since);
                self.job.summary.execution_status = ExecutionStatus::Suspended;
                self.log(at, HealthStatus::Ok, None, format!("The job was suspended by {}.", by.username));
            }
            Action::Resume => {
                self.phase_since = at;
                self.job.summary.execution_status = ExecutionStatus::Running;
                self.log(at, HealthStatus::Ok, None, format!("The job was resumed by {}.", by.username));
            }
        }
        self.job.summary.desired_execution_status = action.desired_status();
        self.job.summary.last_modified_by = by.clone();
        self.touch(at);
    }

    /// `POST /reset`: a streaming job reads again from its `readFromPoint`.
    pub fn reset(&mut self, at: i64, by: &UserRef) -> Result<(), TransitionError> {
        if !self.streaming() {
            return Err(TransitionError("Only streaming jobs can be reset.".into()));
        }
        if self.status().is_finished() {
            return Err(TransitionError(format!("Cannot reset a job whose execution status is {}.", self.status())));
        }
        self.active_before_ms = 0;
        self.logged_errors = 0;
        if matches!(self.status(), ExecutionStatus::Running | ExecutionStatus::Idle) {
            self.phase_since = at;
        }
        self.metrics = Self::zero_metrics(&JobType::Streaming);
        let from = self.job.read_from_point.as_ref().map_or("earliest", |r| r.as_str()).to_owned();
        self.log(
            at,
            HealthStatus::Ok,
            None,
            format!("The job was reset by {} and reads again from {from}.", by.username),
        );
        self.job.summary.last_modified_by = by.clone();
        self.touch(at);
        Ok(())
    }

    pub fn matches(&self, f: &JobFilter) -> bool {
        let search = f.search_string.as_ref().map(|q| q.to_lowercase()).filter(|q| !q.is_empty());
        self.matches_fields(f) && search.is_none_or(|q| self.search_key.contains(&q))
    }

    /// [`SimJob::matches`] but for the search string.
    fn matches_fields(&self, f: &JobFilter) -> bool {
        let s = &self.job.summary;
        (f.types.is_empty() || f.types.contains(&s.job_type))
            && (f.execution_statuses.is_empty() || f.execution_statuses.contains(&s.execution_status))
            && (f.health_statuses.is_empty() || f.health_statuses.contains(&s.health.status))
            && (f.connection_names.is_empty()
                || s.source
                    .as_ref()
                    .and_then(|x| x.connection_name.as_ref())
                    .is_some_and(|c| f.connection_names.contains(c)))
            && f.target_table_name.as_ref().is_none_or(|t| s.table_name() == t)
            && f.target_table_id.as_ref().is_none_or(|t| table_id(s.table_name()) == *t)
    }

    /// What a list's order and filters read of the job: when it is unchanged after an
    /// advance, the job keeps its place in the list orders.
    fn list_fingerprint(&self) -> (ExecutionStatus, HealthStatus, Option<i64>) {
        let s = &self.job.summary;
        (s.execution_status.clone(), s.health.status.clone(), s.last_updated_timestamp.epoch_millis())
    }
}

/// A stable id for a table name (the simulator has no table registry of its own).
pub fn table_id(name: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in name.bytes() {
        h = (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3);
    }
    Rng::new(h).uuid()
}

fn sort_key_cmp(a: &JobSummary, b: &JobSummary, column: &SortColumn) -> std::cmp::Ordering {
    fn src_name(j: &JobSummary) -> &str {
        j.source.as_ref().map_or("", |s| s.name())
    }
    fn src_type(j: &JobSummary) -> &str {
        j.source.as_ref().map_or("", |s| s.kind.as_str())
    }
    fn src_part(j: &JobSummary, part: fn(&jobs_api::Source) -> &Option<String>) -> &str {
        j.source.as_ref().and_then(|s| part(s).as_deref()).unwrap_or("")
    }
    match column {
        SortColumn::LastUpdatedDateTime => a.last_updated_timestamp.cmp(&b.last_updated_timestamp),
        SortColumn::CreatedDateTime => a.created_timestamp.cmp(&b.created_timestamp),
        SortColumn::CreatedByUserName => a.created_by.username.cmp(&b.created_by.username),
        SortColumn::ExecutionStatus => a.execution_status.as_str().cmp(b.execution_status.as_str()),
        SortColumn::SourceName => src_name(a).cmp(src_name(b)),
        SortColumn::SourceType => src_type(a).cmp(src_type(b)),
        SortColumn::TargetTableName => a.table_name().cmp(b.table_name()),
        SortColumn::Type => a.job_type.as_str().cmp(b.job_type.as_str()),
        // The deprecated columns (`SortColumn::DEPRECATED`).
        SortColumn::Other(c) if c == "source_connection_name" => {
            src_part(a, |s| &s.connection_name).cmp(src_part(b, |s| &s.connection_name))
        }
        SortColumn::Other(c) if c == "source_table_name" => {
            src_part(a, |s| &s.table_name).cmp(src_part(b, |s| &s.table_name))
        }
        SortColumn::Other(_) => std::cmp::Ordering::Equal,
    }
}

/// The list's order: the column in the asked order, then the id (ascending) to break ties.
pub fn compare_jobs(a: &JobSummary, b: &JobSummary, column: &SortColumn, order: &SortOrder) -> std::cmp::Ordering {
    let by_column = sort_key_cmp(a, b, column);
    let by_column = if *order == SortOrder::Asc { by_column } else { by_column.reverse() };
    by_column.then_with(|| a.id.cmp(&b.id))
}

/// All jobs of the project.
#[derive(Debug, Default)]
pub struct World {
    pub jobs: Vec<SimJob>,
    index: HashMap<String, usize>,
    /// Jobs that still change by themselves.
    live: Vec<usize>,
    /// The time the live jobs were last brought to (nothing to do until it moves).
    advanced_to: Option<i64>,
    /// Every job's position in each list order asked for so far, built on first use and kept
    /// up to date with the jobs that changed since (so a page of 100 from 100,000 jobs walks
    /// only as far as the page reaches instead of sorting all matches each time).
    orders: Vec<((SortColumn, SortOrder), Vec<u32>)>,
    /// Jobs changed (or added) since the orders were last brought up to date.
    changed: Vec<usize>,
    /// Every job's search key, in job order, each followed by a NUL; `search_starts[i]` is
    /// where job i's begins. One substring scan over it answers a search of all jobs.
    search_text: String,
    search_starts: Vec<usize>,
    /// The demo's changes over time (`--churn`): when the next is due, and what decides it.
    churn: Option<Churn>,
}

/// How often the demo changes by itself with `--churn` (simulated ms).
pub const CHURN_MS: i64 = 90_000;

#[derive(Debug)]
struct Churn {
    next_at: i64,
    n: u64,
    rng: Rng,
    /// The streaming job that lost its connection, to recover next.
    degraded: Option<String>,
}

impl World {
    pub fn new(jobs: Vec<SimJob>) -> Self {
        let mut w = World::default();
        for j in jobs {
            w.insert(j);
        }
        // The default order (last updated, newest first) is ready before the first request.
        w.list(&JobFilter::default());
        w
    }

    /// Whether it holds [`crate::MAX_JOBS`] jobs: no more can be created or inserted.
    pub fn is_full(&self) -> bool {
        self.jobs.len() >= crate::MAX_JOBS
    }

    /// Whether a job with this id is there.
    pub fn contains(&self, id: &str) -> bool {
        self.index.contains_key(id)
    }

    /// Adds or replaces a job (by id).
    pub fn insert(&mut self, job: SimJob) {
        let live = job.is_live();
        let idx = match self.index.get(job.id()) {
            Some(&i) => {
                self.jobs[i] = job;
                i
            }
            None => {
                self.index.insert(job.id().to_owned(), self.jobs.len());
                self.jobs.push(job);
                self.jobs.len() - 1
            }
        };
        // The search text is rebuilt on the next search.
        self.search_starts.clear();
        if live && !self.live.contains(&idx) {
            self.live.push(idx);
        }
        self.changed.push(idx);
    }

    /// Changes the demo by itself from `start` on, every [`CHURN_MS`]: a running job fails, a
    /// streaming job loses its connection, that job recovers, in turn.
    pub fn churn_from(&mut self, start: i64, seed: u64) {
        self.churn = Some(Churn { next_at: start + CHURN_MS, n: 0, rng: Rng::new(seed ^ 0xc4a2), degraded: None });
    }

    /// The churn's changes due by `now`, each at its time (after the jobs were brought there).
    fn churn_until(&mut self, now: i64) {
        let Some(mut churn) = self.churn.take() else { return };
        while churn.next_at <= now {
            let at = churn.next_at;
            self.advance_live(at);
            let running = |j: &SimJob, streaming: bool| {
                j.status() == &ExecutionStatus::Running && (j.job.summary.job_type == JobType::Streaming) == streaming
            };
            let (id, status, health) = match (churn.n % 3, churn.degraded.take()) {
                (2, Some(id)) => (Some(id), None, Health::ok()),
                (1, _) => {
                    let candidates: Vec<usize> =
                        (0..self.jobs.len()).filter(|&i| running(&self.jobs[i], true)).collect();
                    let id = (!candidates.is_empty()).then(|| {
                        self.jobs[candidates[churn.rng.below(candidates.len() as u64) as usize]].id().to_owned()
                    });
                    churn.degraded = id.clone();
                    let lost = "The connection to the source was lost; retrying.".to_owned();
                    (
                        id,
                        None,
                        Health {
                            status: HealthStatus::Error,
                            code: Some(HealthCode::LostConnectionToSource),
                            message: Some(lost),
                            log: None,
                        },
                    )
                }
                _ => {
                    let candidates: Vec<usize> =
                        (0..self.jobs.len()).filter(|&i| running(&self.jobs[i], false)).collect();
                    let id = (!candidates.is_empty()).then(|| {
                        self.jobs[candidates[churn.rng.below(candidates.len() as u64) as usize]].id().to_owned()
                    });
                    let code = churn.rng.pick(&[HealthCode::UnableToProceed, HealthCode::CannotParseSource]).clone();
                    let message = "The job could not go on and stopped.".to_owned();
                    (
                        id,
                        Some(ExecutionStatus::Failed),
                        Health { status: HealthStatus::Error, code: Some(code), message: Some(message), log: None },
                    )
                }
            };
            if let Some(job) = id.and_then(|id| self.get_mut(&id)) {
                job.force(at, status, Some(health));
            }
            churn.n += 1;
            churn.next_at += CHURN_MS;
        }
        self.churn = Some(churn);
    }

    /// Brings every live job to `now` (nothing to do when time has not moved since the last
    /// call, as with `--frozen`: then only actions change jobs, and they update them directly).
    pub fn advance(&mut self, now: i64) {
        if self.advanced_to == Some(now) {
            return;
        }
        self.churn_until(now);
        self.advance_live(now);
    }

    fn advance_live(&mut self, now: i64) {
        self.advanced_to = Some(now);
        let (jobs, changed) = (&mut self.jobs, &mut self.changed);
        self.live.retain(|&i| {
            let before = jobs[i].list_fingerprint();
            jobs[i].advance(now);
            if jobs[i].list_fingerprint() != before {
                changed.push(i);
            }
            jobs[i].is_live()
        });
    }

    pub fn get(&self, id: &str) -> Option<&SimJob> {
        self.index.get(id).map(|&i| &self.jobs[i])
    }

    /// The job, to change it (it is then placed anew in the list orders).
    pub fn get_mut(&mut self, id: &str) -> Option<&mut SimJob> {
        let i = *self.index.get(id)?;
        self.changed.push(i);
        Some(&mut self.jobs[i])
    }

    /// The id of a streaming job into `table` that has not ended (running, pending, idle or
    /// suspended), if there is one: a table takes one streaming job at a time.
    pub fn running_streaming_job_into(&self, table: &str) -> Option<String> {
        self.live.iter().map(|&i| &self.jobs[i]).find_map(|j| {
            let s = &j.job.summary;
            (s.job_type == JobType::Streaming && s.table_name() == table && !j.status().is_finished())
                .then(|| s.id.clone())
        })
    }

    /// Marks a job live again after an action (e.g. a resume).
    pub fn relive(&mut self, id: &str) {
        if let Some(&i) = self.index.get(id) {
            if self.jobs[i].is_live() && !self.live.contains(&i) {
                self.live.push(i);
            }
        }
    }

    /// One page of the list: the matching jobs in order, and whether more follow.
    pub fn list(&mut self, f: &JobFilter) -> (Vec<&JobSummary>, bool) {
        let key = (f.sort_column.clone().unwrap_or_default(), f.sort_order.clone().unwrap_or_default());
        self.sync_orders();
        let pos = match self.orders.iter().position(|(k, _)| *k == key) {
            Some(p) => p,
            None => {
                let mut order: Vec<u32> = (0..self.jobs.len() as u32).collect();
                let jobs = &self.jobs;
                order.sort_unstable_by(|&a, &b| {
                    compare_jobs(&jobs[a as usize].job.summary, &jobs[b as usize].job.summary, &key.0, &key.1)
                });
                self.orders.push((key, order));
                self.orders.len() - 1
            }
        };
        let offset = usize::try_from(f.offset()).unwrap_or(usize::MAX);
        let limit = f.limit() as usize;
        let search = f.search_string.as_ref().map(|q| q.to_lowercase()).filter(|q| !q.is_empty());
        let found = search.as_deref().map(|q| self.search(q));
        let mut page = Vec::new();
        let mut seen = 0usize;
        for &i in &self.orders[pos].1 {
            let job = &self.jobs[i as usize];
            if found.as_ref().is_some_and(|hits| !hits[i as usize]) || !job.matches_fields(f) {
                continue;
            }
            if seen >= offset.saturating_add(limit) {
                return (page, true);
            }
            if seen >= offset {
                page.push(&job.job.summary);
            }
            seen += 1;
        }
        (page, false)
    }

    /// Which jobs' search keys contain `q` (lowercase, not empty).
    fn search(&mut self, q: &str) -> Vec<bool> {
        if q.contains('\0') {
            return self.jobs.iter().map(|j| j.search_key.contains(q)).collect();
        }
        if self.search_starts.len() != self.jobs.len() {
            self.search_text.clear();
            self.search_starts.clear();
            for j in &self.jobs {
                self.search_starts.push(self.search_text.len());
                self.search_text.push_str(&j.search_key);
                self.search_text.push('\0');
            }
        }
        let mut hits = vec![false; self.jobs.len()];
        let finder = memchr::memmem::Finder::new(q.as_bytes());
        let text = self.search_text.as_bytes();
        let mut from = 0;
        while let Some(at) = finder.find(&text[from..]) {
            // The job whose key holds the hit (a hit never spans the NUL after a key).
            let job = self.search_starts.partition_point(|&s| s <= from + at) - 1;
            hits[job] = true;
            match self.search_starts.get(job + 1) {
                Some(&next) => from = next,
                None => break,
            }
        }
        hits
    }

    /// Places the jobs changed since the last call anew in every order built so far: out of
    /// the order, sorted among themselves, then each inserted where a binary search puts it.
    fn sync_orders(&mut self) {
        if self.changed.is_empty() {
            return;
        }
        let mut changed = std::mem::take(&mut self.changed);
        changed.sort_unstable();
        changed.dedup();
        let n = self.jobs.len();
        let jobs = &self.jobs;
        let mut is_changed = vec![false; n];
        for &i in &changed {
            is_changed[i] = true;
        }
        for ((column, order), positions) in &mut self.orders {
            let cmp = |a: u32, b: u32| {
                compare_jobs(&jobs[a as usize].job.summary, &jobs[b as usize].job.summary, column, order)
            };
            if changed.len() > n / 16 {
                *positions = (0..n as u32).collect();
                positions.sort_unstable_by(|&a, &b| cmp(a, b));
                continue;
            }
            positions.retain(|&i| !is_changed[i as usize]);
            let mut moved: Vec<u32> = changed.iter().map(|&i| i as u32).collect();
            moved.sort_unstable_by(|&a, &b| cmp(a, b));
            let mut merged = Vec::with_capacity(n);
            let mut from = 0;
            for m in moved {
                let at = from + positions[from..].partition_point(|&p| cmp(p, m) == std::cmp::Ordering::Less);
                merged.extend_from_slice(&positions[from..at]);
                merged.push(m);
                from = at;
            }
            merged.extend_from_slice(&positions[from..]);
            *positions = merged;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::streamed_rows;

    /// A streaming job's rows never go back, and its rate over 5 s windows bursts above and
    /// stalls below its nominal rate; on average it is near it.
    #[test]
    fn streaming_rows_come_in_bursts_and_stalls_and_never_go_back() {
        let (rate, shape) = (1000.0, 60_000);
        let mut last = 0;
        let mut rates = Vec::new();
        for t in (0..=600_000).step_by(1000) {
            let rows = streamed_rows(rate, t, shape);
            assert!(rows >= last, "at {t} ms: {rows} < {last}");
            if t % 5000 == 0 && t > 0 {
                rates.push((rows - streamed_rows(rate, t - 5000, shape)) as f64 / 5.0);
            }
            last = rows;
        }
        let (min, max) = rates.iter().fold((f64::MAX, 0.0_f64), |(a, b), r| (a.min(*r), b.max(*r)));
        assert!(min < 0.5 * rate && max > 1.3 * rate, "{min} .. {max}");
        let mean = last as f64 / 600.0;
        assert!((0.8 * rate..1.05 * rate).contains(&mean), "{mean}");
        assert_eq!(streamed_rows(rate, 0, shape), 0);
    }
}
