//! What both data pages share: the state of their loading (one request at a time, a stale
//! answer dropped), and one ticker that refreshes when due, retries transient errors with
//! back-off (or the server's Retry-After), and pauses while the tab is hidden or a dialog is open.

use crate::api::ApiError;
use crate::pages::now_ms;
use crate::session::Session;
use leptos::prelude::*;
use std::time::Duration;

#[derive(Clone, Copy)]
pub struct Loader {
    pub loading: RwSignal<bool>,
    pub error: RwSignal<Option<ApiError>>,
    failures: StoredValue<u32>,
    last_attempt: StoredValue<f64>,
    seq: StoredValue<u64>,
}

impl Loader {
    pub fn new() -> Self {
        Self {
            loading: RwSignal::new(false),
            error: RwSignal::new(None),
            failures: StoredValue::new(0),
            last_attempt: StoredValue::new(0.0),
            seq: StoredValue::new(0),
        }
    }

    /// Starts a request; returns its number.
    pub fn begin(&self) -> u64 {
        let my = self.seq.get_value() + 1;
        self.seq.set_value(my);
        self.last_attempt.set_value(now_ms());
        self.loading.set(true);
        my
    }

    /// False when a newer request was sent since `my` (its answer must be dropped), or the
    /// page is gone. Otherwise marks loading done.
    pub fn finish(&self, my: u64) -> bool {
        if self.seq.try_get_value() != Some(my) {
            return false;
        }
        self.loading.set(false);
        true
    }

    pub fn succeeded(&self) {
        self.error.set(None);
        self.failures.set_value(0);
    }

    pub fn failed(&self, e: ApiError) {
        self.failures.update_value(|n| *n += 1);
        // Back-off counts from the failure, not from when the request left: a request that
        // timed out after 20 s is not retried at once.
        self.last_attempt.set_value(now_ms());
        self.error.set(Some(e));
    }

    /// What every page does with a failed load: nothing for an abort (a newer request or the
    /// page leaving), back to connect for a 401, else show it (and retry if transient).
    pub fn handle_error(&self, e: ApiError, session: Session, navigate: impl Fn(&str, crate::router::NavigateOptions)) {
        match e {
            ApiError::Aborted => {}
            ApiError::Unauthorized => crate::pages::expire_session(session, navigate, &crate::pages::current_url()),
            e => self.failed(e),
        }
    }

    /// Back-off starts over (the person asked, or the view changed).
    pub fn reset_backoff(&self) {
        self.failures.set_value(0);
    }

    /// Calls `load` every second when due: after a transient error once its retry delay has
    /// passed; otherwise when `due_since(ms since the last attempt)` says so. `tick` gets the
    /// clock every second.
    pub fn run_ticker(
        self,
        session: Session,
        tick: impl Fn(f64) + 'static,
        due_since: impl Fn(f64) -> bool + 'static,
        load: impl Fn() + 'static,
    ) {
        let ticker = move || {
            let t = now_ms();
            tick(t);
            if self.loading.get_untracked() || document().hidden() || session.dialog_open.get_untracked() {
                return;
            }
            let since = t - self.last_attempt.get_value();
            let due = match self.error.get_untracked() {
                Some(e) if e.is_transient() => {
                    since >= f64::from(e.retry_delay_ms(self.failures.get_value().saturating_sub(1)))
                }
                Some(_) => false,
                None => due_since(since),
            };
            if due {
                load();
            }
        };
        if let Ok(handle) = set_interval_with_handle(ticker, Duration::from_secs(1)) {
            on_cleanup(move || handle.clear());
        }
    }
}

impl Default for Loader {
    fn default() -> Self {
        Self::new()
    }
}
