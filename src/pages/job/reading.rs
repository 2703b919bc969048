//! Reading one job: the job, its metrics, progress and logs together, again every
//! [`REFRESH_MS`] while it is unfinished, each reading's row totals kept for the throughput
//! chart, by the loading protocol of `loader::use_reader`.

use crate::api::{self, ApiError, Inflight};
use crate::app::loader::{now_ms, use_loader, use_reader, Loader, Source, Ticket};
use crate::app::session::{use_session, Session};
use crate::job::throughput::Throughput;
use jobs_api::{Job, Logs, Metrics, Progress};
use leptos::prelude::*;
use std::future::Future;

/// How often an unfinished job is read again.
const REFRESH_MS: f64 = 5_000.0;

/// One reading of the job: itself (and its JSON as it came, for "Show JSON") and its figures,
/// each `None` when it could not be read.
#[derive(Clone, PartialEq)]
pub struct Detail {
    pub job: Job,
    pub raw: String,
    pub metrics: Option<Metrics>,
    pub progress: Option<Progress>,
    pub logs: Option<Logs>,
}

/// The job page's data.
#[derive(Clone, Copy)]
pub struct JobReading {
    /// The latest reading that changed anything (`None` before the first).
    pub detail: RwSignal<Option<Detail>>,
    /// Every reading's row totals, for the throughput chart.
    pub samples: RwSignal<Throughput>,
    /// When the detail on screen was read: relative times and a running job's run time count to
    /// it, so that a refresh that changed nothing changes nothing on screen either.
    pub read_at: RwSignal<i64>,
    /// When the job was last read (changed or not), and the clock "Updated …" counts with
    /// (every second).
    pub updated_at: RwSignal<Option<f64>>,
    pub clock: RwSignal<f64>,
    pub loader: Loader,
    /// Reads the job again now.
    pub reload: Callback<()>,
}

/// What the page reads (`loader::Source`).
#[derive(Clone, Copy)]
struct JobSource {
    session: Session,
    project: Memo<String>,
    job_id: Memo<String>,
    detail: RwSignal<Option<Detail>>,
    samples: RwSignal<Throughput>,
    read_at: RwSignal<i64>,
    updated_at: RwSignal<Option<f64>>,
    clock: RwSignal<f64>,
    /// One slot per request of a reading: each is aborted by the next reading or when the page
    /// goes.
    slots: [Inflight; 4],
}

impl Source for JobSource {
    type Data = Detail;

    fn read(&self, _: Ticket) -> Option<impl Future<Output = Result<Detail, ApiError>> + 'static> {
        let conn = self.session.connection.get_untracked()?;
        let (p, id, slots) = (self.project.get_untracked(), self.job_id.get_untracked(), self.slots);
        Some(async move {
            let (job, raw) = api::get_job(&conn, &p, &id, Some(slots[0])).await?;
            let (m, pr, l) = futures::join!(
                api::get_metrics(&conn, &p, &id, Some(slots[1])),
                api::get_progress(&conn, &p, &id, Some(slots[2])),
                api::get_logs(&conn, &p, &id, Some(slots[3]))
            );
            // The job itself decides the page; a side figure that failed shows as missing.
            if [m.as_ref().err(), pr.as_ref().err(), l.as_ref().err()].contains(&Some(&ApiError::Unauthorized)) {
                return Err(ApiError::Unauthorized);
            }
            Ok(Detail { job, raw, metrics: m.ok(), progress: pr.ok(), logs: l.ok() })
        })
    }

    fn apply(&self, d: Detail) {
        if let Some(t) = d.metrics.as_ref().map(|m| &m.totals).filter(|t| t.num_rows_processed.is_some()) {
            let (rows, errors) = (t.num_rows_processed.unwrap_or(0), t.num_rows_skipped_by_error.unwrap_or(0));
            self.samples.update(|s| s.add(now_ms() as i64, rows, errors));
        }
        if self.detail.with_untracked(|old| old.as_ref() != Some(&d)) {
            self.read_at.set(now_ms() as i64);
            self.detail.set(Some(d));
        }
        self.updated_at.set(Some(now_ms()));
    }

    fn tick(&self, now: f64) {
        self.clock.set(now);
    }

    fn due(&self, since: f64) -> bool {
        let unfinished =
            self.detail.with_untracked(|d| d.as_ref().is_some_and(|d| !d.job.summary.execution_status.is_finished()));
        unfinished && since >= REFRESH_MS
    }
}

/// Reads the job `job_id` of `project` whenever either changes (or the connection comes back),
/// and again while it runs.
pub fn use_job_reading(project: Memo<String>, job_id: Memo<String>) -> JobReading {
    let session = use_session();
    let source = JobSource {
        session,
        project,
        job_id,
        detail: RwSignal::new(None),
        samples: RwSignal::new(Throughput::default()),
        read_at: RwSignal::new(now_ms() as i64),
        updated_at: RwSignal::new(None),
        clock: RwSignal::new(now_ms()),
        slots: [Inflight::new(), Inflight::new(), Inflight::new(), Inflight::new()],
    };
    let loader = use_loader();
    let reload = use_reader(source, loader);
    Effect::new(move |_| {
        project.track();
        job_id.track();
        if session.connection.with(Option::is_some) {
            source.detail.set(None);
            source.samples.set(Throughput::default());
            reload.run(());
        }
    });
    let JobSource { detail, samples, read_at, updated_at, clock, .. } = source;
    JobReading { detail, samples, read_at, updated_at, clock, loader, reload }
}
