//! One module per route.

pub mod connect;
pub mod job;
pub mod jobs;
pub mod not_found;

use crate::session::Session;
use leptos::prelude::*;
use leptos_router::hooks::use_location;
use leptos_router::NavigateOptions;

/// The page's own URL (path and query), to come back to after connecting again.
pub fn current_url() -> String {
    let loc = use_location();
    let search = loc.search.get_untracked();
    let search = search.trim_start_matches('?');
    let path = loc.pathname.get_untracked();
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
    session.disconnect();
    session.announce("The credential was rejected (401). Connect again to continue.");
    navigate(&connect_url(here, true), NavigateOptions { replace: true, ..Default::default() });
}

/// Milliseconds since the epoch, from the browser's clock.
pub fn now_ms() -> f64 {
    js_sys::Date::now()
}
