//! The rules of a bulk run, with no page and no signal: which job is sent when, and what each
//! answer means. The bulk actions' dialog (`pages::bulk`) gives it the world through [`Env`]
//! (the clock, a timer, the request) and shows what it reports; the host tests give it a fake
//! one.
//!
//! - Jobs are sent in the order given, at most [`CONCURRENCY`] at once, each once.
//! - A 429 is not an answer (the refused request did nothing): all sending waits for its
//!   Retry-After ([`DEFAULT_PAUSE_S`] when it names none), then that job goes again, first.
//! - [`Pool::stop`] sends nothing more; what had not been sent is handed back.
//! - A 401 ends the run: with the credential refused nothing more can succeed.

use crate::api::ApiError;
use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::future::Future;

/// Requests on their way at once, at most.
pub const CONCURRENCY: usize = 4;
/// The pause after a 429 that named none, in seconds.
pub const DEFAULT_PAUSE_S: u32 = 5;
/// The longest wait in one step during a pause, in ms, so that Stop is seen soon.
const PAUSE_STEP_MS: f64 = 200.0;

/// Where one job of a run stands.
#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    /// Not sent yet (or paused by a 429, to be sent again).
    Waiting,
    Sending,
    Done,
    /// The API answered no (4xx): its message.
    Refused(String),
    /// The request failed (network, time-out, 5xx): why.
    Failed(String),
    /// Never sent: why (the action does not apply, or the run was stopped first).
    NotSent(String),
}

impl Outcome {
    /// An API error as the outcome of a job's request; `None` for a 429 (pause and send again).
    pub fn of_error(e: &ApiError) -> Option<Outcome> {
        Some(match e {
            ApiError::RateLimited { .. } => return None,
            ApiError::Server { .. }
            | ApiError::Unavailable { .. }
            | ApiError::Network { .. }
            | ApiError::Timeout { .. }
            | ApiError::BadResponse(_)
            | ApiError::TooLarge { .. } => Outcome::Failed(e.message()),
            ApiError::Aborted => Outcome::NotSent(e.message()),
            _ => Outcome::Refused(e.message()),
        })
    }
}

/// What the pool needs from the world. `job` is the index of a job in the caller's list.
pub trait Env {
    /// Milliseconds on a clock that only moves forward.
    fn now_ms(&self) -> f64;
    /// Resolves after `ms` milliseconds.
    fn sleep(&self, ms: f64) -> impl Future<Output = ()>;
    /// The action's request for one job.
    fn send(&self, job: usize) -> impl Future<Output = Result<(), ApiError>>;
    /// Where a job stands now (`Sending`, an answer, or `Waiting` again after a 429).
    fn outcome(&self, job: usize, outcome: Outcome);
    /// A pause for a 429 began (its seconds) or ended (`None`).
    fn paused(&self, seconds: Option<u32>);
}

/// One run: its queue, the pause a 429 set, and whether it was stopped.
#[derive(Debug, Default)]
pub struct Pool {
    queue: RefCell<VecDeque<usize>>,
    /// Until when (ms) all sending waits.
    pause_until: Cell<f64>,
    pausing: Cell<bool>,
    stopped: Cell<bool>,
}

impl Pool {
    pub fn new(jobs: impl IntoIterator<Item = usize>) -> Self {
        Pool { queue: RefCell::new(jobs.into_iter().collect()), ..Pool::default() }
    }

    /// Sends nothing more; the requests on their way still get their answers.
    pub fn stop(&self) {
        self.stopped.set(true);
    }

    pub fn is_stopped(&self) -> bool {
        self.stopped.get()
    }

    /// Sends every job, as the rules say, and hands back those never sent (stopped first).
    pub async fn run(&self, env: &impl Env) -> Vec<usize> {
        futures::future::join_all((0..CONCURRENCY).map(|_| self.worker(env))).await;
        if self.pausing.replace(false) {
            env.paused(None);
        }
        self.queue.borrow_mut().drain(..).collect()
    }

    async fn worker(&self, env: &impl Env) {
        loop {
            if !self.wait_out_pause(env).await {
                return;
            }
            let Some(job) = self.queue.borrow_mut().pop_front() else { return };
            env.outcome(job, Outcome::Sending);
            let outcome = match env.send(job).await {
                Ok(()) => Outcome::Done,
                Err(ApiError::RateLimited { retry_after }) => {
                    let secs = retry_after.unwrap_or(DEFAULT_PAUSE_S);
                    let until = env.now_ms() + f64::from(secs) * 1000.0;
                    self.pause_until.set(self.pause_until.get().max(until));
                    self.pausing.set(true);
                    env.paused(Some(secs));
                    env.outcome(job, Outcome::Waiting);
                    self.queue.borrow_mut().push_front(job);
                    continue;
                }
                Err(e) => {
                    if e == ApiError::Unauthorized {
                        self.stop();
                    }
                    Outcome::of_error(&e).unwrap_or_else(|| Outcome::Failed(e.message()))
                }
            };
            env.outcome(job, outcome);
        }
    }

    /// Waits while a 429's pause lasts, in steps; `false` once stopped.
    async fn wait_out_pause(&self, env: &impl Env) -> bool {
        loop {
            if self.stopped.get() {
                return false;
            }
            let wait = self.pause_until.get() - env.now_ms();
            if wait <= 0.0 {
                if self.pausing.replace(false) {
                    env.paused(None);
                }
                return true;
            }
            env.sleep(wait.min(PAUSE_STEP_MS)).await;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures::channel::oneshot;
    use futures::executor::LocalPool;
    use futures::task::LocalSpawnExt;
    use std::rc::Rc;

    /// How the test answers one request.
    type Answer = oneshot::Sender<Result<(), ApiError>>;
    /// What a run handed back once it ended (`None` while it runs).
    type Left = Rc<RefCell<Option<Vec<usize>>>>;

    /// A world whose requests end when the test says, on a clock the test moves.
    #[derive(Default)]
    struct Fake {
        now: Cell<f64>,
        /// Timers: when each ends, and who waits.
        timers: RefCell<Vec<(f64, oneshot::Sender<()>)>>,
        /// Requests on their way: the job and how to answer it.
        open: RefCell<Vec<(usize, Answer)>>,
        /// Every job in the order sent (a job sent again after a 429 is there twice).
        sent: RefCell<Vec<usize>>,
        most_at_once: Cell<usize>,
        outcomes: RefCell<Vec<(usize, Outcome)>>,
        pauses: RefCell<Vec<Option<u32>>>,
    }

    impl Env for Fake {
        fn now_ms(&self) -> f64 {
            self.now.get()
        }
        fn sleep(&self, ms: f64) -> impl Future<Output = ()> {
            let (tx, rx) = oneshot::channel();
            self.timers.borrow_mut().push((self.now.get() + ms, tx));
            async move {
                let _ = rx.await;
            }
        }
        fn send(&self, job: usize) -> impl Future<Output = Result<(), ApiError>> {
            let (tx, rx) = oneshot::channel();
            self.open.borrow_mut().push((job, tx));
            self.sent.borrow_mut().push(job);
            self.most_at_once.set(self.most_at_once.get().max(self.open.borrow().len()));
            async move { rx.await.unwrap_or(Err(ApiError::Aborted)) }
        }
        fn outcome(&self, job: usize, outcome: Outcome) {
            self.outcomes.borrow_mut().push((job, outcome));
        }
        fn paused(&self, seconds: Option<u32>) {
            self.pauses.borrow_mut().push(seconds);
        }
    }

    impl Fake {
        /// Answers the request for `job`.
        fn answer(&self, job: usize, answer: Result<(), ApiError>) {
            let at = self.open.borrow().iter().position(|(j, _)| *j == job).expect("that job is on its way");
            let (_, tx) = self.open.borrow_mut().remove(at);
            let _ = tx.send(answer);
        }
        fn on_the_way(&self) -> Vec<usize> {
            self.open.borrow().iter().map(|(j, _)| *j).collect()
        }
        /// Moves the clock by `ms`, ending the timers due.
        fn advance(&self, ms: f64) {
            self.now.set(self.now.get() + ms);
            let now = self.now.get();
            let (due, later) = self.timers.take().into_iter().partition::<Vec<_>, _>(|(at, _)| *at <= now);
            *self.timers.borrow_mut() = later;
            for (_, tx) in due {
                let _ = tx.send(());
            }
        }
        fn last_outcome(&self, job: usize) -> Option<Outcome> {
            self.outcomes.borrow().iter().rev().find(|(j, _)| *j == job).map(|(_, o)| o.clone())
        }
    }

    /// A run of `jobs` jobs on a fake world, and what it handed back once it ended.
    fn start(jobs: usize) -> (LocalPool, Rc<Fake>, Rc<Pool>, Left) {
        let (mut exec, fake, pool) = (LocalPool::new(), Rc::new(Fake::default()), Rc::new(Pool::new(0..jobs)));
        let left = Rc::new(RefCell::new(None));
        let (f, p, l) = (fake.clone(), pool.clone(), left.clone());
        exec.spawner().spawn_local(async move { *l.borrow_mut() = Some(p.run(&*f).await) }).unwrap();
        exec.run_until_stalled();
        (exec, fake, pool, left)
    }

    #[test]
    fn jobs_go_in_order_four_at_a_time_each_once() {
        let (mut exec, fake, _pool, left) = start(10);
        assert_eq!(fake.on_the_way(), [0, 1, 2, 3]);
        // Answers in any order free a place for the next job in line.
        for job in [2, 0, 3, 1, 4, 5, 6, 7, 8, 9] {
            fake.answer(job, Ok(()));
            exec.run_until_stalled();
            assert!(fake.on_the_way().len() <= CONCURRENCY);
        }
        assert_eq!(*fake.sent.borrow(), (0..10).collect::<Vec<_>>());
        assert_eq!(fake.most_at_once.get(), CONCURRENCY);
        assert_eq!(left.borrow().as_deref(), Some(&[][..]));
        assert!((0..10).all(|j| fake.last_outcome(j) == Some(Outcome::Done)));
    }

    #[test]
    fn a_429_pauses_every_worker_then_that_job_goes_again_first() {
        let (mut exec, fake, _pool, left) = start(6);
        fake.answer(1, Err(ApiError::RateLimited { retry_after: Some(2) }));
        exec.run_until_stalled();
        assert_eq!(fake.last_outcome(1), Some(Outcome::Waiting));
        assert_eq!(*fake.pauses.borrow(), [Some(2)]);
        // Answers during the pause send nothing new.
        fake.answer(0, Ok(()));
        fake.answer(2, Err(ApiError::Conflict("busy".into())));
        exec.run_until_stalled();
        assert_eq!(fake.on_the_way(), [3]);
        fake.advance(1_900.0);
        exec.run_until_stalled();
        assert_eq!(fake.on_the_way(), [3]);
        // Once it is over: the refused job first, then the rest, up to four at once.
        fake.advance(200.0);
        exec.run_until_stalled();
        assert_eq!(fake.on_the_way(), [3, 1, 4, 5]);
        assert_eq!(*fake.pauses.borrow(), [Some(2), None]);
        for job in [3, 1, 4, 5] {
            fake.answer(job, Ok(()));
        }
        exec.run_until_stalled();
        assert_eq!(*fake.sent.borrow(), [0, 1, 2, 3, 1, 4, 5]);
        assert!(matches!(fake.last_outcome(2), Some(Outcome::Refused(m)) if m.contains("busy")));
        assert_eq!(left.borrow().as_deref(), Some(&[][..]));
    }

    #[test]
    fn a_429_without_retry_after_pauses_for_the_default() {
        let (mut exec, fake, _pool, _left) = start(5);
        fake.answer(0, Err(ApiError::RateLimited { retry_after: None }));
        exec.run_until_stalled();
        assert_eq!(*fake.pauses.borrow(), [Some(DEFAULT_PAUSE_S)]);
        fake.answer(1, Ok(()));
        fake.advance(f64::from(DEFAULT_PAUSE_S) * 1000.0 - 1.0);
        exec.run_until_stalled();
        assert_eq!(fake.on_the_way(), [2, 3]);
        fake.advance(1.0);
        exec.run_until_stalled();
        assert_eq!(fake.on_the_way(), [2, 3, 0, 4]);
    }

    #[test]
    fn stop_sends_nothing_more_and_hands_back_the_rest() {
        let (mut exec, fake, pool, left) = start(9);
        pool.stop();
        fake.answer(0, Ok(()));
        fake.answer(1, Err(ApiError::Network { base: "x".into() }));
        exec.run_until_stalled();
        assert_eq!(fake.on_the_way(), [2, 3], "those on their way still get their answers");
        assert!(left.borrow().is_none());
        fake.answer(2, Ok(()));
        fake.answer(3, Ok(()));
        exec.run_until_stalled();
        assert_eq!(left.borrow().as_deref(), Some(&[4, 5, 6, 7, 8][..]));
        assert_eq!(fake.sent.borrow().len(), 4);
        assert!(matches!(fake.last_outcome(1), Some(Outcome::Failed(_))));
    }

    #[test]
    fn stop_during_a_pause_ends_the_run_without_sending_again() {
        let (mut exec, fake, pool, left) = start(4);
        fake.answer(0, Err(ApiError::RateLimited { retry_after: Some(60) }));
        for job in 1..4 {
            fake.answer(job, Ok(()));
        }
        exec.run_until_stalled();
        pool.stop();
        fake.advance(PAUSE_STEP_MS);
        exec.run_until_stalled();
        assert_eq!(left.borrow().as_deref(), Some(&[0][..]));
        assert_eq!(*fake.pauses.borrow(), [Some(60), None]);
    }

    #[test]
    fn a_401_ends_the_run() {
        let (mut exec, fake, pool, left) = start(7);
        fake.answer(2, Err(ApiError::Unauthorized));
        exec.run_until_stalled();
        assert!(pool.is_stopped());
        assert!(matches!(fake.last_outcome(2), Some(Outcome::Refused(_))));
        for job in [0, 1, 3] {
            fake.answer(job, Ok(()));
        }
        exec.run_until_stalled();
        assert_eq!(left.borrow().as_deref(), Some(&[4, 5, 6][..]));
        assert_eq!(fake.sent.borrow().len(), 4);
    }

    #[test]
    fn errors_are_outcomes_and_a_429_is_not() {
        assert_eq!(Outcome::of_error(&ApiError::RateLimited { retry_after: Some(2) }), None);
        assert!(
            matches!(Outcome::of_error(&ApiError::Conflict("busy".into())), Some(Outcome::Refused(m)) if m.contains("busy"))
        );
        assert!(matches!(Outcome::of_error(&ApiError::NotFound("gone".into())), Some(Outcome::Refused(_))));
        assert!(matches!(Outcome::of_error(&ApiError::Unavailable { retry_after: None }), Some(Outcome::Failed(_))));
        assert!(matches!(
            Outcome::of_error(&ApiError::Server { status: 500, message: String::new() }),
            Some(Outcome::Failed(_))
        ));
        assert!(matches!(Outcome::of_error(&ApiError::Network { base: "x".into() }), Some(Outcome::Failed(_))));
    }
}
