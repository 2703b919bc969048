//! Polaris Jobs Console: the app shell. The real UI (connect, jobs list, job detail, actions)
//! is built on this in the next milestone.

use leptos::prelude::*;

pub const APP_TITLE: &str = "Polaris Jobs Console";

/// The page header with the product name.
#[component]
pub fn AppHeader() -> impl IntoView {
    view! {
        <header class="app-header">
            <span class="brand">{APP_TITLE}</span>
        </header>
    }
}

/// The whole app.
#[component]
pub fn App() -> impl IntoView {
    view! {
        <AppHeader/>
        <main id="main" class="page">
            <h1>{APP_TITLE}</h1>
            <p>"Watch and steer Imply Polaris ingestion jobs."</p>
        </main>
    }
}
