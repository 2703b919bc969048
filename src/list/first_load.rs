//! The first answer of a jobs list opened directly: asked for while the app still downloads,
//! and taken by the list page when it starts.
//!
//! # Contract
//!
//! Two halves, one here and one in `src/first_load.js` (which the build writes into
//! index.html, allowed by its CSP hash, so that it runs while the page is parsed):
//!
//! 1. The script, when the page is a jobs list (`/projects/{projectId}/jobs`) and a connection
//!    is stored under [`CONNECTION_KEY`] and is not stale (judged as
//!    [`session::judge`](crate::app::session::judge) does; a stale one is deleted), sends that list's request at once: the URL is the
//!    connection's API root, `/v1/projects/{projectId}/jobs` and the page's own query;
//!    the header is [`Connection::authorization`](crate::api::Connection::authorization)'s. It
//!    reads the body as it arrives and leaves `window[EARLY_GLOBAL]`:
//!    `{url, controller, answer, got?, timedOut?}`, where `answer` settles once `got`
//!    (`{status, retryAfter, body: Uint8Array}`, or `{status, tooLarge: bytes}` when the body
//!    passed [`api::MAX_BODY_BYTES`](crate::api::MAX_BODY_BYTES): it stopped reading there and
//!    aborted) is set, and rejects when the request ended
//!    without an HTTP answer: aborted, failed, or cut at the app's time limit
//!    ([`api::TIMEOUT_SECONDS`](crate::api::TIMEOUT_SECONDS); `timedOut` is set then). Nothing is sent for any other page or without a stored
//!    connection. (On a job page or the connect page, it preloads that page's code chunk.)
//! 2. The list page calls [`take`] once, for the request it would send itself
//!    ([`ListRequest`]), before it is built:
//!    - `None`: nothing was sent, or it was sent for another URL (a query the app does not
//!      write itself; that request is aborted). The page asks itself.
//!    - `Some(FirstAnswer::Ready(result))`: the answer was in, decoded now; the page is built
//!      with it (rows in its first build, no empty build before). An error is applied as the
//!      page's first answer would be.
//!    - `Some(FirstAnswer::Pending(pending))`: still on its way. The page is built at once but
//!      held off screen ([`Hold`], at most [`HOLD_MS`]), and [`Pending::answer`] waits for the
//!      answer; the page's request slot takes charge of that request meanwhile (a newer request
//!      or the page going away aborts it). A time-out is the page's answer (its time-out
//!      message, with Retry); an early request that ended otherwise without an HTTP answer gives
//!      `None`, and the page asks itself.
//!
//!    Either way `window[EARLY_GLOBAL]` is gone once its answer is taken: one answer, taken once.
//!
//! The facts both halves share (the storage key, the stored connection's shape, the route, the
//! header forms, the list URL for a query) are the Rust code's; `tests/first_load.rs` runs the
//! script in Chromium and Firefox and fails when it drifts from them.

use crate::api::{self, ApiError, Inflight, ListRequest};
use jobs_api::JobList;
use leptos::prelude::*;
use std::future::Future;
use std::time::Duration;
use wasm_bindgen::{JsCast, JsValue};

pub use crate::app::session::CONNECTION_KEY;

/// The global the script leaves its request in.
pub const EARLY_GLOBAL: &str = "pjcFirstList";

/// How long a page waiting for its first answer is held off screen: it is built meanwhile, and
/// shown with its rows in one frame when the answer comes in time, or showing that it loads
/// after this.
pub const HOLD_MS: u64 = 200;

/// The list's first answer, as [`take`] finds it.
pub enum FirstAnswer {
    /// In when the page asked, decoded.
    Ready(Result<JobList, ApiError>),
    /// On its way.
    Pending(Pending),
}

/// The early request, still on its way.
pub struct Pending {
    early: JsValue,
}

/// The answer to the request the script sent for `req`, if it sent that very request (see the
/// module's contract). Called once, by the list page, before it is built.
pub fn take(req: &ListRequest) -> Option<FirstAnswer> {
    let early = early_request()?;
    if field(&early, "url").and_then(|u| u.as_string()) != Some(api::list_jobs_url(req)) {
        forget();
        if let Some(controller) = controller(&early) {
            controller.abort();
        }
        return None;
    }
    // Already read (the usual case, the app starting after the answer came): decoded now, so
    // that the page is built with its rows.
    if let Some(got) = field(&early, "got").filter(JsValue::is_object) {
        forget();
        return Some(FirstAnswer::Ready(decode(&got)?));
    }
    Some(FirstAnswer::Pending(Pending { early }))
}

impl Pending {
    /// The answer once it is in, decoded. `slot` takes charge of the request now (before the
    /// future is first polled). `None` when the request ended without an HTTP answer (network
    /// failure, aborted).
    pub fn answer(self, slot: Inflight) -> impl Future<Output = Option<Result<JobList, ApiError>>> {
        if let Some(controller) = controller(&self.early) {
            slot.adopt(controller);
        }
        async move {
            let answer = field(&self.early, "answer")?.dyn_into::<js_sys::Promise>().ok()?;
            let settled = wasm_bindgen_futures::JsFuture::from(answer).await;
            forget();
            if settled.is_err() && field(&self.early, "timedOut").is_some_and(|t| t.is_truthy()) {
                return Some(Err(ApiError::Timeout { seconds: api::TIMEOUT_SECONDS }));
            }
            settled.ok()?;
            decode(&field(&self.early, "got").filter(JsValue::is_object)?)
        }
    }
}

/// Whether the list page is held off screen while its first answer travels: from [`take`]'s
/// `Pending` until the page has applied that answer, or [`HOLD_MS`] at most.
#[derive(Clone, Copy)]
pub struct Hold(RwSignal<bool>);

impl Hold {
    /// Held when the first answer is pending.
    pub fn new(first: Option<&FirstAnswer>) -> Self {
        let held = RwSignal::new(matches!(first, Some(FirstAnswer::Pending(_))));
        if held.get_untracked() {
            set_timeout(move || Hold(held).release(), Duration::from_millis(HOLD_MS));
        }
        Hold(held)
    }

    /// Whether the page is held now (tracked).
    pub fn held(&self) -> bool {
        self.0.get()
    }

    /// On screen from now on (the page has its answer, or waited long enough).
    pub fn release(&self) {
        if self.0.try_get_untracked() == Some(true) {
            self.0.set(false);
        }
    }
}

fn early_request() -> Option<JsValue> {
    js_sys::Reflect::get(&web_sys::window()?.into(), &EARLY_GLOBAL.into()).ok().filter(JsValue::is_object)
}

fn field(of: &JsValue, name: &str) -> Option<JsValue> {
    js_sys::Reflect::get(of, &name.into()).ok().filter(|v| !v.is_undefined())
}

fn controller(early: &JsValue) -> Option<web_sys::AbortController> {
    field(early, "controller")?.dyn_into().ok()
}

/// The request is the page's from now on: nobody else takes it.
fn forget() {
    if let Some(w) = web_sys::window() {
        let _ = js_sys::Reflect::delete_property(&w.into(), &EARLY_GLOBAL.into());
    }
}

/// `got` (`{status, retryAfter, body}`) as the list page's answer; `None` if it is not one.
fn decode(got: &JsValue) -> Option<Result<JobList, ApiError>> {
    if let Some(bytes) = field(got, "tooLarge").and_then(|b| b.as_f64()) {
        return Some(Err(ApiError::TooLarge { bytes: bytes as u64 }));
    }
    let status = field(got, "status")?.as_f64()? as u16;
    let body = field(got, "body")?.dyn_into::<js_sys::Uint8Array>().ok()?.to_vec();
    let retry_after = field(got, "retryAfter").and_then(|r| r.as_string());
    Some(api::list_from_http(status, body, retry_after.as_deref()))
}
