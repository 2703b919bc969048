//! What both data pages share: the state of their loading (one request at a time, a stale
//! answer dropped), and one ticker that refreshes when due, retries transient errors with
//! back-off (or the server's Retry-After), and pauses while the tab is hidden or a dialog is open.
//!
//! Why not a `LocalResource` under `<Transition>` and `<ErrorBoundary>`: a page keeps its last
//! answer on screen under an error notice (an error boundary replaces its children), retries on a
//! schedule of its own (the error's Retry-After or back-off, paused while the tab is hidden or a
//! dialog is open), shows itself busy only after [`BUSY_AFTER_MS`], and applies an answer only
//! when it differs from the one on screen, so that an unchanged refresh touches nothing.

use crate::api::ApiError;
use crate::app::router::{use_location, Location};
use crate::app::session::{use_session, Session};
use leptos::prelude::*;
use std::future::Future;
use std::time::Duration;
use wasm_bindgen::JsCast;

/// Milliseconds since the epoch, from the browser's clock.
pub fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// How long a request runs before the page shows it as busy: a quick refresh changes nothing
/// on screen (no flashing label, and no DOM mutation when the data did not change).
pub const BUSY_AFTER_MS: u64 = 400;

/// The event every data page sends on `window` when it has applied an answer (data or error),
/// with the WebAssembly memory size in bytes as `detail`: for tests and `cargo xtask bench`.
pub const SETTLED_EVENT: &str = "pjc:settled";

#[derive(Clone, Copy)]
pub struct Loader {
    /// A request is on its way (for the logic; the page shows `busy`).
    pub loading: RwSignal<bool>,
    /// A request has been on its way for longer than [`BUSY_AFTER_MS`].
    pub busy: RwSignal<bool>,
    pub error: RwSignal<Option<ApiError>>,
    failures: StoredValue<u32>,
    last_attempt: StoredValue<f64>,
    seq: StoredValue<u64>,
    busy_timer: StoredValue<Option<TimeoutHandle>>,
    session: Session,
    location: Location,
}

/// The loading state of the page that calls it (inside its component).
pub fn use_loader() -> Loader {
    Loader::new()
}

/// What a data page reads and does with each reading; [`use_reader`] runs the protocol around
/// it. Implemented by the page's data (signals: `Copy`).
pub trait Source: Copy + Send + Sync + 'static {
    type Data: 'static;
    /// A reading's requests (`None` while there is no connection). `ticket` says whether the
    /// reading is still the latest, for a reading that waits before it asks.
    fn read(&self, ticket: Ticket) -> Option<impl Future<Output = Result<Self::Data, ApiError>> + 'static>;
    /// Puts the latest reading on screen, touching only what it changed.
    fn apply(&self, data: Self::Data);
    /// Whether a reading is due, `since` ms after the last one (auto-refresh).
    fn due(&self, since: f64) -> bool;
    /// After a reading was dealt with (data or error): the page says it has settled.
    fn settle(&self, loader: Loader) {
        loader.settled();
    }
    /// Every second, with the clock.
    fn tick(&self, _now: f64) {}
}

/// One reading under way.
#[derive(Clone, Copy)]
pub struct Ticket {
    loader: Loader,
    my: u64,
}

impl Ticket {
    /// Whether no newer reading began since this one (and the page is still there).
    pub fn is_current(&self) -> bool {
        self.loader.is_current(self.my)
    }
}

/// The loading protocol both data pages follow: a reading begins (a newer one makes the older
/// one's answer stale), runs in a task, and is applied only if it is still the latest; an error
/// goes to `loader` (shown, retried or back to connect); then the page settles. One ticker reads
/// again when due and after transient errors. Returns "read again now" (Refresh, Retry, a new
/// view).
pub fn use_reader<S: Source>(source: S, loader: Loader) -> Callback<()> {
    let load = move || {
        let my = loader.begin();
        let Some(reading) = source.read(Ticket { loader, my }) else {
            loader.finish(my);
            return;
        };
        leptos::task::spawn_local(async move {
            let result = reading.await;
            if !loader.finish(my) {
                return;
            }
            match result {
                Ok(data) => {
                    source.apply(data);
                    loader.succeeded();
                }
                Err(e) => loader.handle_error(e),
            }
            source.settle(loader);
        });
    };
    loader.run_ticker(move |t| source.tick(t), move |since| source.due(since), load);
    Callback::new(move |()| {
        loader.reset_backoff();
        load();
    })
}

impl Loader {
    fn new() -> Self {
        Self {
            session: use_session(),
            location: use_location(),
            loading: RwSignal::new(false),
            busy: RwSignal::new(false),
            error: RwSignal::new(None),
            failures: StoredValue::new(0),
            last_attempt: StoredValue::new(0.0),
            seq: StoredValue::new(0),
            busy_timer: StoredValue::new(None),
        }
    }

    /// Starts a request; returns its number.
    pub fn begin(&self) -> u64 {
        let my = self.seq.get_value() + 1;
        self.seq.set_value(my);
        self.last_attempt.set_value(now_ms());
        if !self.loading.get_untracked() {
            self.loading.set(true);
        }
        if let Some(t) = self.busy_timer.get_value() {
            t.clear();
        }
        let busy = self.busy;
        let timer = set_timeout_with_handle(
            move || {
                if !busy.try_get_untracked().unwrap_or(true) {
                    busy.set(true);
                }
            },
            Duration::from_millis(BUSY_AFTER_MS),
        )
        .ok();
        self.busy_timer.set_value(timer);
        my
    }

    /// A load that was done before the page was built (its first page came with the app): the
    /// next auto-refresh counts from now.
    pub fn loaded_already(&self) {
        self.last_attempt.set_value(now_ms());
    }

    /// Whether `my` is the latest request (and the page is still there).
    pub fn is_current(&self, my: u64) -> bool {
        self.seq.try_get_value() == Some(my)
    }

    /// False when a newer request was sent since `my` (its answer must be dropped), or the
    /// page is gone. Otherwise marks loading done.
    pub fn finish(&self, my: u64) -> bool {
        if !self.is_current(my) {
            return false;
        }
        self.loading.set(false);
        if let Some(t) = self.busy_timer.get_value() {
            t.clear();
        }
        if self.busy.get_untracked() {
            self.busy.set(false);
        }
        true
    }

    pub fn succeeded(&self) {
        if self.error.with_untracked(Option::is_some) {
            self.error.set(None);
        }
        self.failures.set_value(0);
    }

    /// Tells whoever listens that the page has applied an answer ([`SETTLED_EVENT`]), in a task
    /// of its own: after the reactive updates (microtasks) have put it in the DOM.
    pub fn settled(&self) {
        set_timeout(Self::dispatch_settled, Duration::ZERO);
    }

    fn dispatch_settled() {
        let memory: js_sys::WebAssembly::Memory = wasm_bindgen::memory().unchecked_into();
        let bytes = memory.buffer().unchecked_into::<js_sys::ArrayBuffer>().byte_length();
        let init = web_sys::CustomEventInit::new();
        init.set_detail(&f64::from(bytes).into());
        if let Ok(ev) = web_sys::CustomEvent::new_with_event_init_dict(SETTLED_EVENT, &init) {
            let _ = window().dispatch_event(&ev);
        }
    }

    fn failed(&self, e: ApiError) {
        self.failures.update_value(|n| *n += 1);
        // Back-off counts from the failure, not from when the request left: a request that
        // timed out after 20 s is not retried at once.
        self.last_attempt.set_value(now_ms());
        self.error.set(Some(e));
    }

    /// What every page does with a failed load: nothing for an abort (a newer request or the
    /// page leaving), back to connect for a 401, else show it (and retry if transient).
    pub fn handle_error(&self, e: ApiError) {
        match e {
            ApiError::Aborted => {}
            ApiError::Unauthorized => self.session.expire(self.location),
            e => self.failed(e),
        }
    }

    /// The page's failed load in words, with a Retry button (which starts the back-off over
    /// and calls `load`), and "Retrying automatically." where the ticker will.
    pub fn error_notice(self, load: Callback<()>) -> impl IntoView {
        move || {
            self.error.get().map(|e| {
                let retry = move |_| {
                    self.reset_backoff();
                    load.run(());
                };
                view! {
                    <div class="notice error" role="alert">
                        <span>{e.message()}</span>
                        {e.is_transient().then(|| view! { <span class="muted">" Retrying automatically."</span> })}
                        " "<button type="button" class="btn" on:click=retry>"Retry"</button>
                    </div>
                }
            })
        }
    }

    /// Back-off starts over (the person asked, or the view changed).
    pub fn reset_backoff(&self) {
        self.failures.set_value(0);
    }

    /// Calls `load` every second when due: after a transient error once its retry delay has
    /// passed; otherwise when `due_since(ms since the last attempt)` says so. `tick` gets the
    /// clock every second.
    fn run_ticker(
        self,
        tick: impl Fn(f64) + 'static,
        due_since: impl Fn(f64) -> bool + 'static,
        load: impl Fn() + 'static,
    ) {
        let ticker = move || {
            let t = now_ms();
            tick(t);
            if self.loading.get_untracked() || document().hidden() || self.session.dialog_open() {
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
