//! Reading the project's jobs for the Tables board: newest first, 1,000 a page, up to the
//! 10,000 most recently updated; a refresh reads only the pages that hold jobs updated since the
//! last reading and merges them by id. Stop keeps what was read. Errors, 401 and 429 as on the
//! list (`loader::use_reader`).

use crate::api::{self, ApiError, Inflight, ListRequest};
use crate::app::loader::{now_ms, use_loader, use_reader, Loader, Source, Ticket};
use crate::app::session::{use_session, Session};
use crate::tables::board::{read_on, Jobs, MOST};
use jobs_api::{JobFilter, JobSummary, SortColumn, SortOrder};
use leptos::prelude::*;
use std::future::Future;

/// A page of the reading.
pub const PAGE: usize = 1_000;

/// The board's data.
#[derive(Clone, Copy)]
pub struct BoardReading {
    /// The jobs read (`None` before the first reading ends).
    pub jobs: RwSignal<Option<Jobs>, LocalStorage>,
    /// Jobs read so far in the reading under way (`None` when none is).
    pub progress: RwSignal<Option<usize>>,
    /// More jobs exist than the 10,000 read.
    pub more: RwSignal<bool>,
    /// The reading was stopped before its end.
    pub stopped: RwSignal<bool>,
    /// The clock, every second.
    pub clock: RwSignal<f64>,
    pub loader: Loader,
    pub reload: Callback<()>,
    stop: StoredValue<bool>,
}

impl BoardReading {
    /// Stops the reading under way after the page on its way: what was read stays.
    pub fn stop(&self) {
        self.stop.set_value(true);
    }
}

#[derive(Clone, Copy)]
struct BoardSource {
    board: BoardReading,
    session: Session,
    project: Memo<String>,
    auto: Signal<u32>,
    inflight: Inflight,
}

/// What a reading brings: the jobs, whether more exist, whether it was stopped.
type Read = (Jobs, bool, bool);

impl Source for BoardSource {
    type Data = Read;

    fn read(&self, ticket: Ticket) -> Option<impl Future<Output = Result<Read, ApiError>> + 'static> {
        let conn = self.session.connection.get_untracked()?;
        let project = self.project.get_untracked();
        let (board, inflight) = (self.board, self.inflight);
        let mut jobs = board.jobs.with_untracked(|j| j.clone()).unwrap_or_default();
        // The pages read, merged into what was known once at the end (a merge sorts every job),
        // the last read first: its word on a job is the newest.
        let mut pages: Vec<Vec<JobSummary>> = Vec::new();
        let since = jobs.newest();
        board.stop.set_value(false);
        Some(async move {
            let mut read = 0;
            let (mut more, mut stopped) = (false, false);
            for page in 0..MOST / PAGE {
                let filter = JobFilter {
                    sort_column: Some(SortColumn::LastUpdatedDateTime),
                    sort_order: Some(SortOrder::Desc),
                    pagination_limit: Some(PAGE as u32),
                    pagination_offset: Some((page * PAGE) as u64),
                    ..JobFilter::default()
                };
                let req = ListRequest { conn: conn.clone(), project: project.clone(), filter };
                let list = api::list_jobs(&req, Some(inflight)).await?;
                if !ticket.is_current() {
                    return Err(ApiError::Aborted);
                }
                read += list.values.len();
                more = list.more_results_available;
                let go_on = list.more_results_available && read_on(&list.values, PAGE, since);
                pages.push(list.values);
                if since.is_none() {
                    board.progress.set(Some(read));
                }
                if board.stop.get_value() {
                    stopped = go_on;
                    break;
                }
                if !go_on {
                    break;
                }
            }
            // A refresh that stopped early read the newest: what is older is as it was.
            jobs.merge(pages.into_iter().rev().flatten().collect());
            Ok((jobs, more && since.is_none() && !stopped, stopped))
        })
    }

    fn apply(&self, (jobs, more, stopped): Read) {
        self.board.jobs.set(Some(jobs));
        if self.board.more.get_untracked() != more {
            self.board.more.set(more);
        }
        if self.board.stopped.get_untracked() != stopped {
            self.board.stopped.set(stopped);
        }
    }

    fn settle(&self, loader: Loader) {
        self.board.progress.set(None);
        loader.settled();
    }

    fn due(&self, since: f64) -> bool {
        let every = self.auto.get_untracked();
        every > 0 && since >= f64::from(every) * 1000.0
    }

    fn tick(&self, now: f64) {
        self.board.clock.set(now);
    }
}

/// Reads `project`'s jobs for the board, again on the app's auto-refresh interval.
pub fn use_board_reading(project: Memo<String>) -> BoardReading {
    let session = use_session();
    let loader = use_loader();
    let auto = RwSignal::new(crate::app::settings::load_auto_refresh());
    let board = BoardReading {
        jobs: RwSignal::new_local(None),
        progress: RwSignal::new(None),
        more: RwSignal::new(false),
        stopped: RwSignal::new(false),
        clock: RwSignal::new(now_ms()),
        loader,
        reload: Callback::new(|()| {}),
        stop: StoredValue::new(false),
    };
    let source = BoardSource { board, session, project, auto: auto.into(), inflight: Inflight::new() };
    let reload = use_reader(source, loader);
    Effect::new(move |_| {
        project.track();
        if session.connection.with(Option::is_some) {
            board.jobs.set(None);
            board.progress.set(Some(0));
            reload.run(());
        }
    });
    BoardReading { reload, ..board }
}
