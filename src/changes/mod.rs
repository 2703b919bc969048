//! The change inbox's rules: what the console last showed of each job (`Look`), and what changed
//! since, in groups (`diff`), in words (`banner_text`, `summary`). Pure: the pages read and
//! store, the host tests check the rules.
//!
//! - A look is per project: the time it was taken and, for the [`KEPT`] most recently updated
//!   jobs, their execution status, health status and code, last-updated time, type, table and
//!   creation time. Never the key.
//! - Each changed job is in one group, the first that applies: Failed (grouped by health code and
//!   connection, or table when there is none), Got worse (health ok → warn or error, or warn →
//!   error, still running), Recovered (the table's last load had failed at the look, and a load
//!   succeeded since), Completed, Canceled or suspended, New (created since the look).

pub mod lead;
pub mod store;

use crate::tables::board::{first_of_each, Jobs};
use jobs_api::{ExecutionStatus, HealthStatus, JobFilter, JobSummary, JobType, SortColumn, SortOrder};
use leptos::prelude::*;
use std::cmp::Ordering;

/// The change inbox's reading, once its chunk runs it (`pages::changes`), for the Changes page:
/// provided by `App` (`Session::changes_wanted` asks for the chunk; `Session::unseen_changes`
/// holds the count).
#[derive(Clone, Copy, Default)]
pub struct Inbox {
    pub reading: RwSignal<Option<Reading>>,
}

/// The reading: what it found, its state, and "read again now".
#[derive(Clone, Copy)]
pub struct Reading {
    pub found: RwSignal<Option<Found>, LocalStorage>,
    pub loader: crate::app::loader::Loader,
    pub reload: Callback<()>,
    pub session: crate::app::session::Session,
    /// The time the inbox's times are written at (ms since the epoch; moved every 30 s by the
    /// reading's ticker).
    pub clock: RwSignal<i64>,
    /// "Watch this project" is on (kept per project: `store::watched`).
    pub watched: RwSignal<bool>,
}

/// A reading's result: the project's look, the jobs read that were updated since it (the most
/// recently updated first), and the changes among them.
#[derive(Clone, Default)]
pub struct Found {
    pub project: String,
    pub look: Look,
    pub jobs: Jobs,
    pub groups: Vec<Group>,
}

/// The most jobs a look keeps per project (the most recently updated).
pub const KEPT: usize = 10_000;

/// A banner is shown only when the look is older than this (ms).
pub const BANNER_AFTER_MS: i64 = 60_000;

/// What the look holds of one job.
#[derive(Clone, Debug, PartialEq)]
pub struct Seen {
    pub status: ExecutionStatus,
    pub health: HealthStatus,
    /// The health code ("" when none).
    pub code: String,
    pub updated: i64,
    pub job_type: JobType,
    pub table: String,
    pub created: i64,
}

fn ms(t: &jobs_api::Timestamp) -> i64 {
    t.epoch_millis().unwrap_or(i64::MIN)
}

impl Seen {
    pub fn of(j: &JobSummary) -> Seen {
        Seen {
            status: j.execution_status.clone(),
            health: j.health.status.clone(),
            code: j.health.code.as_ref().map(|c| c.as_str().to_owned()).unwrap_or_default(),
            updated: ms(&j.last_updated_timestamp),
            job_type: j.job_type.clone(),
            table: j.table_name().to_owned(),
            created: ms(&j.created_timestamp),
        }
    }

    fn is_load(&self) -> bool {
        matches!(self.job_type, JobType::Batch | JobType::Sql | JobType::Streaming)
    }

    fn running(&self) -> bool {
        matches!(self.status, ExecutionStatus::Pending | ExecutionStatus::Running | ExecutionStatus::Idle)
    }

    /// A load that failed, or a streaming job running in error (the Tables board's "Failing").
    fn load_failed(&self) -> bool {
        self.is_load()
            && (self.status == ExecutionStatus::Failed
                || (self.job_type == JobType::Streaming && self.running() && self.health == HealthStatus::Error))
    }

    /// A batch or sql load that completed without error, or a streaming job running healthy.
    fn load_succeeded(&self) -> bool {
        match self.job_type {
            JobType::Batch | JobType::Sql => {
                self.status == ExecutionStatus::Completed && self.health != HealthStatus::Error
            }
            JobType::Streaming => self.running() && self.health == HealthStatus::Ok,
            _ => false,
        }
    }
}

fn rank(h: &HealthStatus) -> u8 {
    match h {
        HealthStatus::Ok => 0,
        HealthStatus::Warn => 1,
        _ => 2,
    }
}

/// What the console last showed of a project's jobs, and when.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Look {
    /// When it was taken (ms since the epoch): "Mark all as seen".
    pub at: i64,
    /// By id, each once (looked up by binary search: no hash map's code in the download).
    seen: Vec<(String, Seen)>,
}

impl Look {
    pub fn new(at: i64) -> Look {
        Look { at, seen: Vec::new() }
    }

    pub fn get(&self, id: &str) -> Option<&Seen> {
        self.seen.binary_search_by(|(k, _)| k.as_str().cmp(id)).ok().map(|i| &self.seen[i].1)
    }

    pub fn len(&self) -> usize {
        self.seen.len()
    }

    pub fn is_empty(&self) -> bool {
        self.seen.is_empty()
    }

    /// Records these jobs as seen as they are now; beyond [`KEPT`], the least recently updated
    /// go.
    pub fn see<'a>(&mut self, jobs: impl IntoIterator<Item = &'a JobSummary>) {
        let mut fresh: Vec<(String, Seen)> = jobs
            .into_iter()
            .filter(|j| j.unreadable.is_none() && !j.id.contains(['\t', '\n']))
            .map(|j| (j.id.clone(), Seen::of(j)))
            .collect();
        // The new word on a job first: a stable sort keeps it before the old one, which goes.
        fresh.append(&mut self.seen);
        self.seen = fresh;
        self.settle();
        self.keep(KEPT);
    }

    /// Sorted by id, the first of each id kept.
    fn settle(&mut self) {
        let firsts = first_of_each(self.seen.iter().map(|(id, _)| id.as_str()));
        self.seen = take_in(std::mem::take(&mut self.seen), firsts);
    }

    /// Keeps only the `n` most recently updated jobs (a store that is full).
    pub fn keep(&mut self, n: usize) {
        if self.seen.len() <= n {
            return;
        }
        // The oldest time kept (the latest time with at least `n` jobs updated then or later, by
        // halving: no sort), and how many of the jobs updated then go too.
        let at_or_after = |t: i64| self.seen.iter().filter(|(_, s)| s.updated >= t).count();
        let (mut lo, mut hi) = (i64::MIN, i64::MAX);
        while lo < hi {
            // The upper middle, in (lo, hi] (widened: the ends are i64's).
            let mid = (i128::from(lo) + i128::from(hi) + 1).div_euclid(2) as i64;
            if at_or_after(mid) >= n {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        let cut = lo;
        let mut drop_at_cut = at_or_after(cut) - n;
        self.seen.retain(|(_, s)| match s.updated.cmp(&cut) {
            Ordering::Greater => true,
            Ordering::Less => false,
            Ordering::Equal if drop_at_cut > 0 => {
                drop_at_cut -= 1;
                false
            }
            Ordering::Equal => true,
        });
    }

    /// The stored form: `look1`, the time, then a line per job: id, status, health, code,
    /// updated, type, table, created, split by tabs.
    pub fn to_text(&self) -> String {
        let mut out = format!("look1\t{}", self.at);
        for (id, s) in &self.seen {
            let table = s.table.replace(['\t', '\n'], " ");
            out.push('\n');
            for (i, f) in [
                id.as_str(),
                s.status.as_str(),
                s.health.as_str(),
                &s.code,
                &s.updated.to_string(),
                s.job_type.as_str(),
                &table,
                &s.created.to_string(),
            ]
            .iter()
            .enumerate()
            {
                if i > 0 {
                    out.push('\t');
                }
                out.push_str(f);
            }
        }
        out
    }

    /// Reads the stored form back; `None` for anything else (a line that is not a job's is left
    /// out).
    pub fn from_text(text: &str) -> Option<Look> {
        let mut lines = text.lines();
        let at = lines.next()?.strip_prefix("look1\t")?.parse().ok()?;
        let mut seen = Vec::new();
        for line in lines {
            let f: Vec<&str> = line.split('\t').collect();
            let [id, status, health, code, updated, job_type, table, created] = f[..] else { continue };
            let (Ok(updated), Ok(created)) = (updated.parse(), created.parse()) else { continue };
            seen.push((
                id.to_owned(),
                Seen {
                    status: ExecutionStatus::parse(status),
                    health: HealthStatus::parse(health),
                    code: code.to_owned(),
                    updated,
                    job_type: JobType::parse(job_type),
                    table: table.to_owned(),
                    created,
                },
            ));
        }
        let mut look = Look { at, seen };
        look.settle();
        Some(look)
    }
}

/// A group's kind, in the order the page shows them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    Failed,
    GotWorse,
    Recovered,
    Completed,
    Stopped,
    New,
}

impl Kind {
    pub const ALL: [Kind; 6] =
        [Kind::Failed, Kind::GotWorse, Kind::Recovered, Kind::Completed, Kind::Stopped, Kind::New];

    /// The group's heading.
    pub fn heading(self) -> &'static str {
        match self {
            Kind::Failed => "Failed",
            Kind::GotWorse => "Got worse",
            Kind::Recovered => "Recovered",
            Kind::Completed => "Completed",
            Kind::Stopped => "Canceled or suspended",
            Kind::New => "New",
        }
    }

    /// How the banner counts it ("3 failed").
    fn counted(self) -> &'static str {
        match self {
            Kind::Failed => "failed",
            Kind::GotWorse => "got worse",
            Kind::Recovered => "recovered",
            Kind::Completed => "completed",
            Kind::Stopped => "canceled or suspended",
            Kind::New => "new",
        }
    }

    /// A word for the URL (`#failed`).
    pub fn slug(self) -> &'static str {
        match self {
            Kind::Failed => "failed",
            Kind::GotWorse => "got-worse",
            Kind::Recovered => "recovered",
            Kind::Completed => "completed",
            Kind::Stopped => "canceled-or-suspended",
            Kind::New => "new",
        }
    }
}

/// One job's change.
#[derive(Clone, Debug, PartialEq)]
pub struct Change {
    pub job: JobSummary,
    /// What it was ("running", "new"; for Got worse and a streaming Recovered, the health).
    pub from: String,
    /// What it is ("failed").
    pub to: String,
    /// When it changed (its end, else its last update).
    pub at: i64,
}

impl Change {
    /// "running → failed".
    pub fn words(&self) -> String {
        format!("{} → {}", self.from, self.to)
    }

    /// The error message, or the health code, or "".
    pub fn message(&self) -> String {
        let h = &self.job.health;
        match (&h.message, &h.code) {
            (Some(m), _) if !m.is_empty() => m.clone(),
            (_, Some(c)) if h.status != HealthStatus::Ok => c.as_str().to_owned(),
            _ => String::new(),
        }
    }
}

/// What a failure group shares: its health code, and its connection or else its table.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Cause {
    pub code: String,
    pub connection: Option<String>,
    pub table: String,
}

/// A group of changes: a kind (for Failed, one per cause) and its jobs, the latest change first.
#[derive(Clone, Debug, PartialEq)]
pub struct Group {
    pub kind: Kind,
    pub cause: Option<Cause>,
    pub changes: Vec<Change>,
}

fn plural(n: usize, one: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {one}s")
    }
}

impl Group {
    /// The group's title: "lost_connection_to_source · connection kafka-prod · 3 jobs", or
    /// "Completed · 5 jobs".
    pub fn title(&self) -> String {
        let count = plural(self.changes.len(), "job");
        match &self.cause {
            Some(c) => {
                let code = if c.code.is_empty() { "no health code" } else { &c.code };
                let via = match &c.connection {
                    Some(conn) => format!("connection {conn}"),
                    None if c.table.is_empty() => "no table".to_owned(),
                    None => format!("table {}", c.table),
                };
                format!("{code} · {via} · {count}")
            }
            None => format!("{} · {count}", self.kind.heading()),
        }
    }

    /// The group's tables, each once, in the order of its jobs.
    pub fn tables(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for c in &self.changes {
            let t = c.job.table_name();
            if !t.is_empty() && !out.contains(&t) {
                out.push(t);
            }
        }
        out
    }

    /// The jobs list's filter that comes closest to this group (the API cannot filter by id,
    /// health code or time): its statuses, and its one connection or table when it has one.
    pub fn list_filter(&self) -> JobFilter {
        use ExecutionStatus as S;
        let mut f = JobFilter {
            sort_column: Some(SortColumn::LastUpdatedDateTime),
            sort_order: Some(SortOrder::Desc),
            ..JobFilter::default()
        };
        match self.kind {
            Kind::Failed => f.execution_statuses = vec![S::Failed],
            Kind::GotWorse => {
                f.execution_statuses = vec![S::Running];
                f.health_statuses = vec![HealthStatus::Warn, HealthStatus::Error];
            }
            Kind::Recovered => {}
            Kind::Completed => f.execution_statuses = vec![S::Completed],
            Kind::Stopped => f.execution_statuses = vec![S::Canceled, S::Suspended],
            Kind::New => f.sort_column = Some(SortColumn::CreatedDateTime),
        }
        let one = |of: &dyn Fn(&JobSummary) -> Option<String>| {
            let first = of(&self.changes.first()?.job)?;
            self.changes.iter().all(|c| of(&c.job).as_ref() == Some(&first)).then_some(first)
        };
        let connection = |j: &JobSummary| j.source.as_ref().and_then(|s| s.connection_name.clone());
        if let Some(conn) = one(&connection) {
            f.connection_names = vec![conn];
        } else if let Some(table) = one(&|j: &JobSummary| Some(j.table_name().to_owned()).filter(|t| !t.is_empty())) {
            f.target_table_name = Some(table);
        }
        f
    }
}

/// The changes since `look` among `jobs` (the jobs read, each once): the groups, in the page's
/// order (Failed by cause, the largest first). A job updated at or before the look has not
/// changed; a job the look does not hold counts only with what its own times prove (created, or
/// ended, since the look).
pub fn diff<'a>(look: &Look, jobs: impl IntoIterator<Item = &'a JobSummary>) -> Vec<Group> {
    let changed: Vec<(&JobSummary, Seen)> = jobs
        .into_iter()
        .filter(|j| j.unreadable.is_none() && ms(&j.last_updated_timestamp) > look.at)
        .map(|j| (j, Seen::of(j)))
        .filter(|(j, now)| look.get(&j.id) != Some(now))
        .collect();
    let recovered = recoveries(look, &changed);
    // Failed by cause, the other kinds each one group (in `Kind::ALL`'s order).
    let mut failed: Vec<Group> = Vec::new();
    let mut others: [Vec<Change>; 5] = Default::default();
    for (j, now) in changed {
        let before = look.get(&j.id);
        let from = match before {
            Some(s) => s.status.as_str().to_owned(),
            None if now.created > look.at => "new".to_owned(),
            None => "not seen".to_owned(),
        };
        let ended = j.completed_timestamp.as_ref().map_or(now.updated, ms);
        // Without the look's word, a status counts only if it was reached since the look.
        let reached = |status: &ExecutionStatus| match before {
            Some(s) => s.status != *status,
            None => ended > look.at,
        };
        let change = |from: String, to: &str, at: i64| Change { job: j.clone(), from, to: to.to_owned(), at };
        let status = now.status.as_str();
        let (kind, change) = if now.status == ExecutionStatus::Failed && reached(&now.status) {
            let connection = j.source.as_ref().and_then(|s| s.connection_name.clone());
            let table = if connection.is_some() { String::new() } else { now.table.clone() };
            let cause = Cause { code: now.code.clone(), connection, table };
            let change = change(from, status, ended);
            match failed.iter_mut().find(|g| g.cause.as_ref() == Some(&cause)) {
                Some(g) => g.changes.push(change),
                None => failed.push(Group { kind: Kind::Failed, cause: Some(cause), changes: vec![change] }),
            }
            continue;
        } else if now.running()
            && rank(&now.health) > before.map_or(0, |s| if s.running() { rank(&s.health) } else { 0 })
            && (before.is_some() || now.created > look.at)
        {
            let was = before.map_or("ok", |s| if s.running() { s.health.as_str() } else { "ok" });
            (Kind::GotWorse, change(format!("health {was}"), now.health.as_str(), now.updated))
        } else if let Some((_, was)) = recovered.iter().find(|(id, _)| *id == j.id) {
            let to = if now.job_type == JobType::Streaming { now.health.as_str() } else { status };
            (Kind::Recovered, change(was.clone(), to, ended))
        } else if now.status == ExecutionStatus::Completed && reached(&now.status) {
            (Kind::Completed, change(from, status, ended))
        } else if matches!(now.status, ExecutionStatus::Canceled | ExecutionStatus::Suspended) && reached(&now.status) {
            (Kind::Stopped, change(from, status, ended))
        } else if before.is_none() && now.created > look.at {
            (Kind::New, change(from, status, now.created))
        } else {
            continue;
        };
        others[kind as usize - 1].push(change);
    }
    // The largest failure first (there are few causes: a short sort).
    crate::text::format::insertion_sort_by(&mut failed, |a, b| {
        (b.changes.len(), &a.cause) < (a.changes.len(), &b.cause)
    });
    let mut groups = failed;
    for (kind, changes) in Kind::ALL[1..].iter().zip(others) {
        if !changes.is_empty() {
            groups.push(Group { kind: *kind, cause: None, changes });
        }
    }
    for g in &mut groups {
        latest_first(&mut g.changes);
    }
    groups
}

/// The latest change first (then by id: a job changes once in a group, so the order is total
/// and an unstable sort gives it; the standard library's stable sort was 1.5 KB more).
fn latest_first(changes: &mut [Change]) {
    changes.sort_unstable_by(|a, b| b.at.cmp(&a.at).then_with(|| a.job.id.cmp(&b.job.id)));
}

/// The items at `places`, in that order (each place at most once).
fn take_in<T>(items: Vec<T>, places: Vec<usize>) -> Vec<T> {
    let mut all: Vec<Option<T>> = items.into_iter().map(Some).collect();
    places.into_iter().filter_map(|i| all[i].take()).collect()
}

/// The jobs that brought their table back (by id), with what the table's last load was at the
/// look ("failed", or "health error" for a streaming job): each table whose newest load had
/// failed at the look and whose newest load now, changed since, succeeded.
fn recoveries(look: &Look, changed: &[(&JobSummary, Seen)]) -> Vec<(String, String)> {
    // Each table's newest load among the jobs that changed: the table's newest now, unless the
    // look knows a newer one (which then has not changed). With the table's newest load at the
    // look, and whether a streaming load of it was in error then.
    type AtLook<'a> = Option<(&'a Seen, bool)>;
    let mut tables: Vec<(&JobSummary, &Seen, AtLook)> = Vec::new();
    for (j, s) in changed {
        if !s.is_load() || s.table.is_empty() {
            continue;
        }
        match tables.iter_mut().find(|(_, n, _)| n.table == s.table) {
            Some(t) if s.created > t.1.created => *t = (j, s, None),
            Some(_) => {}
            None => tables.push((j, s, None)),
        }
    }
    // (A batch or sql load still under way has not told yet: the last one that ended counts.)
    let told = |s: &&Seen| s.is_load() && (s.status.is_finished() || s.job_type == JobType::Streaming);
    for s in look.seen.iter().map(|(_, s)| s).filter(told) {
        let Some((_, _, at)) = tables.iter_mut().find(|(_, n, _)| n.table == s.table) else { continue };
        let (last, error) = at.get_or_insert((s, false));
        *error |= s.job_type == JobType::Streaming && s.load_failed();
        if s.created > last.created {
            *last = s;
        }
    }
    let mut out = Vec::new();
    for (j, now, at) in tables {
        let Some((last, streaming_error)) = at else { continue };
        if last.created > now.created || !(last.load_failed() || streaming_error) || !now.load_succeeded() {
            continue;
        }
        let was = match look.get(&j.id) {
            Some(s) if s.job_type == JobType::Streaming && s.health != HealthStatus::Ok => {
                format!("health {}", s.health.as_str())
            }
            _ => last.status.as_str().to_owned(),
        };
        out.push((j.id.clone(), was));
    }
    out
}

/// How many changes there are in all.
pub fn count(groups: &[Group]) -> usize {
    groups.iter().map(|g| g.changes.len()).sum()
}

/// The counts per kind, in order, leaving out the zeros: "3 failed, 1 got worse, 4 new".
pub fn counts_text(groups: &[Group]) -> String {
    Kind::ALL
        .iter()
        .filter_map(|k| {
            let n: usize = groups.iter().filter(|g| g.kind == *k).map(|g| g.changes.len()).sum();
            (n > 0).then(|| format!("{n} {}", k.counted()))
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The banner's text: "Since your last look 2 h ago: 3 failed, 1 got worse, 4 new".
pub fn banner_text(groups: &[Group], look_at: i64, now: i64) -> String {
    format!("Since your last look {}: {}", crate::text::format::relative(look_at, now), counts_text(groups))
}

/// The text "Copy summary" copies, for an incident channel: a first line with the project and
/// the counts, then a line per group with its count, its tables and a link to its jobs (the
/// job's page for one job, else the list as the group's filter shows it). `origin` is the
/// console's ("https://console.example.com"). No key: only names, counts and links.
pub fn summary(project: &str, groups: &[Group], look_at: i64, now: i64, origin: &str) -> String {
    use crate::list::view::list_page_url;
    let mut out = format!(
        "Polaris jobs, project {project}, since {} ({}): {}",
        crate::text::format::exact_utc(look_at),
        crate::text::format::relative(look_at, now),
        counts_text(groups)
    );
    if groups.is_empty() {
        out.push_str("no changes");
    }
    for g in groups {
        let tables = g.tables();
        let shown: Vec<&str> = tables.iter().copied().take(5).collect();
        let mut names = shown.join(", ");
        if tables.len() > shown.len() {
            names.push_str(&format!(" and {} more", tables.len() - shown.len()));
        }
        let link = match &g.changes[..] {
            [one] => crate::app::router::job_page_url(project, &one.job.id),
            _ => list_page_url(project, &g.list_filter()),
        };
        let title = match g.kind {
            Kind::Failed => format!("Failed: {}", g.title()),
            _ => g.title(),
        };
        let tables = if names.is_empty() { String::new() } else { format!(": {names}") };
        out.push_str(&format!("\n- {title}{tables} {origin}{link}"));
    }
    out
}

/// The notification for the new failures and health changes of a reading: "2 jobs failed:
/// orders_daily, clicks_stream", or `None` when there are none.
pub fn notification(fresh: &[&Change], kinds: &[Kind]) -> Option<String> {
    let failed: Vec<&&Change> = fresh.iter().zip(kinds).filter(|(_, k)| **k == Kind::Failed).map(|(c, _)| c).collect();
    let worse = fresh.len() - failed.len();
    let names = |cs: &mut dyn Iterator<Item = &&Change>| {
        let mut names: Vec<&str> = Vec::new();
        for c in cs {
            let n = if c.job.table_name().is_empty() { c.job.id.as_str() } else { c.job.table_name() };
            if !names.contains(&n) {
                names.push(n);
            }
        }
        names.join(", ")
    };
    let mut parts = Vec::new();
    if !failed.is_empty() {
        parts.push(format!("{} failed: {}", plural(failed.len(), "job"), names(&mut failed.iter().copied())));
    }
    if worse > 0 {
        let others: Vec<&Change> =
            fresh.iter().zip(kinds).filter(|(_, k)| **k != Kind::Failed).map(|(c, _)| *c).collect();
        parts.push(format!("{} got worse: {}", plural(worse, "job"), names(&mut others.iter())));
    }
    (!parts.is_empty()).then(|| parts.join("; "))
}

#[cfg(test)]
mod tests;
