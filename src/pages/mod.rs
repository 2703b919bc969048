//! One module per route.

pub mod connect;
pub mod job;
pub mod jobs;
pub mod lazy;
pub mod not_found;
pub mod refresh;

use crate::router::NavigateOptions;
use crate::session::Session;
use leptos::prelude::*;

/// The page's own URL (path and query), to come back to after connecting again. Read from the
/// browser, so it also works in async tasks outside the router's context.
pub fn current_url() -> String {
    let (path, search) = crate::router::read_location();
    if search.is_empty() {
        path
    } else {
        format!("{path}?{search}")
    }
}

/// The connect page, coming back to `here` afterwards (`reason=expired` after a 401).
pub fn connect_url(here: &str, expired: bool) -> String {
    let next = jobs_api::filter::encode_component(here);
    if expired {
        format!("/?next={next}&reason=expired")
    } else {
        format!("/?next={next}")
    }
}

/// A 401 mid-session: forget the rejected credential and ask for it again, keeping the view.
pub fn expire_session(session: Session, navigate: impl Fn(&str, NavigateOptions), here: &str) {
    navigate(&connect_url(here, true), NavigateOptions { replace: true, ..Default::default() });
    session.disconnect();
    session.announce("The credential was rejected (401). Connect again to continue.");
}

/// Sends a page that needs a connection to the connect page when there is none (unless it is
/// already on its way there, e.g. after a 401).
pub fn require_connection(session: Session, navigate: impl Fn(&str, NavigateOptions) + 'static) {
    Effect::new(move |_| {
        if session.connection.with(Option::is_none) {
            let here = current_url();
            if here.starts_with("/projects/") {
                navigate(&connect_url(&here, false), NavigateOptions { replace: true, ..Default::default() });
            }
        }
    });
}

/// Milliseconds since the epoch, from the browser's clock.
pub fn now_ms() -> f64 {
    js_sys::Date::now()
}
