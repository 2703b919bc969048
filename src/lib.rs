//! Polaris Jobs Console: a browser UI for Imply Polaris ingestion jobs (Jobs v1 API).
//!
//! `App` provides the session and the router and shows the page of the route. Modules depend
//! downwards only: pages -> components -> list, job -> app -> api -> text, browser -> the
//! jobs-api model. The page URL is the single source of truth for what the list shows; the
//! connection lives in [`app::session::Session`]. docs/architecture.md maps the rest.

pub mod api;
pub mod app;
pub mod browser;
pub mod changes;
pub mod components;
pub mod job;
pub mod list;
pub mod pages;
pub mod tables;
pub mod text;

use app::router::{self, Route};
use app::session::{use_session, Session};
use jobs_api::filter::encode_component;
use leptos::prelude::*;

pub const APP_TITLE: &str = "Polaris Jobs Console";

/// The page header: product name, the "Times" switch (UTC or the browser's zone), connected
/// project, Disconnect.
#[component]
pub fn AppHeader() -> impl IntoView {
    let session = use_session();
    let location = router::use_location();
    let disconnect = move |_| {
        session.disconnect();
        session.announce("Disconnected. The credential was removed from this browser.");
        location.navigate("/", Default::default());
    };
    // A button of the "Times" switch: pressed while its zone is the one shown.
    let choice = move |local: bool, name: &'static str| {
        view! {
            <button
                type="button"
                class="chip"
                aria-pressed=move || (session.local_times.get() == local).to_string()
                on:click=move |_| session.set_local_times(local)
            >
                {name}
            </button>
        }
    };
    view! {
        <header class="app-header">
            <a class="skip-link" href="#main">
                "Skip to content"
            </a>
            <a href="/" class="brand">
                {APP_TITLE}
            </a>
            <div class="times" role="group" aria-labelledby="times-label">
                <span id={"times-label"}>"Times"</span>
                {choice(false, "UTC")}
                {choice(true, "Local")}
            </div>
            // Shown while connected (`hidden`, not a `Show`: no children machinery in the first
            // load for one group).
            <div class="header-connected" hidden=move || session.connection.with(Option::is_none)>
                <HeaderLinks/>
                <span class="header-project">
                    "Project "
                    <code>{move || session.connection.with(|c| c.as_ref().map(|c| c.project_id.clone()))}</code>
                </span>
                // A page with work to lose asks first (`leaves-page`: see pages::new_job).
                <button type="button" class="btn btn-quiet leaves-page" on:click=disconnect>
                    "Disconnect"
                </button>
            </div>
        </header>
    }
}

/// "Jobs", "Tables" and "Changes": the connected project's boards, the one on screen marked current.
#[component]
fn HeaderLinks() -> impl IntoView {
    let route = router::use_route();
    let session = use_session();
    // One link's view for both (one instantiation): `on` says whether its board is on screen.
    // The project is read as the links are drawn: connecting to another one moves them.
    let link = move |board: &'static str, label: &'static str, on: fn(&Route) -> bool| {
        let href = move || {
            let project = session.connection.with(|c| c.as_ref().map(|c| encode_component(&c.project_id)));
            format!("/projects/{}/{board}", project.unwrap_or_default())
        };
        let current = move || (if route.with(on) { "page" } else { "false" }).to_owned();
        // "Changes (3)" while three changes are unseen.
        let words = move || match session.unseen_changes.get() {
            n if n > 0 && board == "changes" => format!("{label} ({n})"),
            _ => label.to_owned(),
        };
        view! { <a href=href aria-current=current>{words}</a> }
    };
    view! {
        <nav class="header-links" aria-label="Boards">
            {link("jobs", "Jobs", |r| matches!(r, Route::Jobs { .. }))}
            {link("tables", "Tables", |r| matches!(r, Route::Tables { .. }))}
            {link("changes", "Changes", |r| matches!(r, Route::Changes { .. }))}
        </nav>
    }
}

/// The polite live region every outcome is announced in, shown as a toast too.
#[component]
pub fn Announcer() -> impl IntoView {
    let session = use_session();
    // The toast hides itself after a while; the live region keeps no stale text either.
    let timer = StoredValue::new(None::<TimeoutHandle>);
    Effect::new(move |_| {
        if session.announcement.with(String::is_empty) {
            return;
        }
        if let Some(t) = timer.get_value() {
            t.clear();
        }
        let t =
            set_timeout_with_handle(move || session.announcement.set(String::new()), std::time::Duration::from_secs(6))
                .ok();
        timer.set_value(t);
    });
    view! {
        <div
            class="toast"
            role="status"
            aria-live="polite"
            class:empty=move || session.announcement.with(String::is_empty)
        >
            {move || session.announcement.get()}
        </div>
    }
}

/// The whole app.
#[component]
pub fn App() -> impl IntoView {
    provide_context(Session::new());
    provide_context(changes::Inbox::default());
    router::provide_router();
    app::session::follow_other_tabs();
    // The page changes with the route only; a new query (filters, page) stays on the same page.
    let route = router::use_route();
    let page = Memo::new(move |_| std::mem::discriminant(&route.get()));
    // The keyboard shortcuts: their chunk comes with the first shortcut key pressed.
    components::shortcuts::listen();
    let session = use_session();
    view! {
        <AppHeader />
        <main id="main" class="page" tabindex="-1">
            // The change inbox: its reading and banner, once wanted (after the list's first rows).
            {move || session.changes_wanted.get().then(|| view! { <pages::lazy::Lazy page=pages::lazy::LazyPage::Inbox /> })}
            {move || {
                // Read, not just tracked: a memo that is only tracked is never computed, and then
                // never notices the route changing.
                let _ = page.get();
                match route.get_untracked() {
                    Route::Connect => view! { <pages::lazy::Lazy page=pages::lazy::LazyPage::Connect /> }.into_any(),
                    Route::Jobs { .. } => view! { <pages::jobs::JobsPage /> }.into_any(),
                    Route::Job { .. } => view! { <pages::lazy::Lazy page=pages::lazy::LazyPage::Job /> }.into_any(),
                    Route::NewJob { .. } => {
                        view! { <pages::lazy::Lazy page=pages::lazy::LazyPage::NewJob /> }.into_any()
                    }
                    Route::Tables { .. } => {
                        view! { <pages::lazy::Lazy page=pages::lazy::LazyPage::Tables /> }.into_any()
                    }
                    Route::Changes { .. } => {
                        view! { <pages::lazy::Lazy page=pages::lazy::LazyPage::Changes /> }.into_any()
                    }
                    Route::NotFound => view! { <pages::not_found::NotFound /> }.into_any(),
                }
            }}
        </main>
        <footer class="app-footer">
            <a
                href="#keyboard-shortcuts"
                on:click=move |ev| {
                    ev.prevent_default();
                    session.keys.set(true);
                    session.shortcuts.set(true);
                }
            >
                "Keyboard shortcuts"
            </a>
        </footer>
        {move || session.keys.get().then(|| view! { <pages::lazy::Lazy page=pages::lazy::LazyPage::Keys /> })}
        <Announcer />
    }
}
