//! Pages whose code is a WebAssembly chunk of its own, fetched when it is first needed: the job
//! page, the new-job page and the connect page; and parts of pages: the list's bulk actions
//! (its first box checked), its saved views (when the project has some, or "Save view" is
//! pressed) and the keyboard shortcuts (the first shortcut key pressed). A cold load of the
//! jobs list fetches none of them (`cargo xtask bench` counts what it fetches until a second
//! after the first rows); a job page or the connect page opened directly fetches its chunk
//! together with the app (src/first_load.js preloads it).
//!
//! Release builds for the browser mark the split points with `wasm_split` (the
//! `wasm_split_helpers` Leptos re-exports); Trunk's post-build hook (`cargo xtask post-build`)
//! splits the linked module with `wasm-split-cli` before wasm-bindgen and wasm-opt run on each
//! part. Debug builds (`trunk serve`, the browser tests) and host builds call the pages
//! directly: one module.

use leptos::prelude::*;

#[cfg(all(target_family = "wasm", not(debug_assertions)))]
mod split {
    use leptos::prelude::*;
    use leptos::wasm_split::SplitLoaderError;

    /// Builds the job page; its code (and whatever only it uses) goes into its chunk.
    #[leptos::wasm_split::wasm_split(
        job_page,
        wasm_split_path = ::leptos::wasm_split,
        preload(preload_job_page),
        fallible
    )]
    pub fn job_page() -> Result<AnyView, SplitLoaderError> {
        Ok(view! { <crate::pages::job::JobPage/> }.into_any())
    }

    /// Builds the new-job page, the same way.
    #[leptos::wasm_split::wasm_split(
        new_job_page,
        wasm_split_path = ::leptos::wasm_split,
        preload(preload_new_job_page),
        fallible
    )]
    pub fn new_job_page() -> Result<AnyView, SplitLoaderError> {
        Ok(view! { <crate::pages::new_job::NewJobPage/> }.into_any())
    }

    /// Builds the list's bulk actions (their dialog, run and results, and "Select all matching
    /// jobs"), the same way.
    #[leptos::wasm_split::wasm_split(
        bulk_panel,
        wasm_split_path = ::leptos::wasm_split,
        preload(preload_bulk_panel),
        fallible
    )]
    pub fn bulk_panel() -> Result<AnyView, SplitLoaderError> {
        Ok(view! { <crate::pages::bulk::BulkPanel/> }.into_any())
    }

    /// Builds the jobs list's saved views (`pages::views_manager`), the same way.
    #[leptos::wasm_split::wasm_split(
        views_manager,
        wasm_split_path = ::leptos::wasm_split,
        preload(preload_views_manager),
        fallible
    )]
    pub fn views_manager() -> Result<AnyView, SplitLoaderError> {
        Ok(crate::pages::views_manager::part())
    }

    /// Builds the keyboard shortcuts (their listener and their dialog), the same way.
    #[leptos::wasm_split::wasm_split(keys, wasm_split_path = ::leptos::wasm_split, preload(preload_keys), fallible)]
    pub fn keys() -> Result<AnyView, SplitLoaderError> {
        Ok(view! { <crate::components::shortcuts::Shortcuts/> }.into_any())
    }

    /// Builds the connect page, the same way.
    #[leptos::wasm_split::wasm_split(
        connect_page,
        wasm_split_path = ::leptos::wasm_split,
        preload(preload_connect_page),
        fallible
    )]
    pub fn connect_page() -> Result<AnyView, SplitLoaderError> {
        Ok(view! { <crate::pages::connect::ConnectPage/> }.into_any())
    }
}

/// A page whose code may be in a chunk of its own.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum LazyPage {
    Job,
    Connect,
    NewJob,
    /// Not a page: the jobs list's bulk actions.
    Bulk,
    /// Not a page: the jobs list's saved views.
    Views,
    /// Not a page: the keyboard shortcuts (their listener and their dialog).
    Keys,
}

/// Set per page once its chunk is in: a page opened later shows at once, with no loading state.
#[cfg(all(target_family = "wasm", not(debug_assertions)))]
static READY: [std::sync::atomic::AtomicBool; 6] = [const { std::sync::atomic::AtomicBool::new(false) }; 6];

impl LazyPage {
    /// What the page is called in its loading and error texts.
    fn noun(self) -> &'static str {
        match self {
            LazyPage::Job => "job page",
            LazyPage::Connect => "connect page",
            LazyPage::NewJob => "new-job page",
            LazyPage::Bulk => "bulk actions",
            LazyPage::Views => "saved views",
            LazyPage::Keys => "keyboard shortcuts",
        }
    }

    /// Whether the page's code is in (a page built now shows at once).
    #[cfg(all(target_family = "wasm", not(debug_assertions)))]
    pub fn ready(self) -> bool {
        READY[self as usize].load(std::sync::atomic::Ordering::Relaxed)
    }

    #[cfg(all(target_family = "wasm", not(debug_assertions)))]
    async fn load(self) -> bool {
        let ok = match self {
            LazyPage::Job => split::preload_job_page().await.is_ok(),
            LazyPage::Connect => split::preload_connect_page().await.is_ok(),
            LazyPage::NewJob => split::preload_new_job_page().await.is_ok(),
            LazyPage::Bulk => split::preload_bulk_panel().await.is_ok(),
            LazyPage::Views => split::preload_views_manager().await.is_ok(),
            LazyPage::Keys => split::preload_keys().await.is_ok(),
        };
        if ok {
            READY[self as usize].store(true, std::sync::atomic::Ordering::Relaxed);
        }
        ok
    }

    #[cfg(all(target_family = "wasm", not(debug_assertions)))]
    fn view(self) -> AnyView {
        use futures::FutureExt;
        // The chunk is in (`ready`), so the call completes at once, under the caller's owner.
        let built = match self {
            LazyPage::Job => split::job_page().now_or_never(),
            LazyPage::Connect => split::connect_page().now_or_never(),
            LazyPage::NewJob => split::new_job_page().now_or_never(),
            LazyPage::Bulk => split::bulk_panel().now_or_never(),
            LazyPage::Views => split::views_manager().now_or_never(),
            LazyPage::Keys => split::keys().now_or_never(),
        };
        match built {
            Some(Ok(view)) => view,
            _ => view! { <p class="notice error" role="alert">"This page's code is not loaded."</p> }.into_any(),
        }
    }

    #[cfg(not(all(target_family = "wasm", not(debug_assertions))))]
    pub fn ready(self) -> bool {
        true
    }

    #[cfg(not(all(target_family = "wasm", not(debug_assertions))))]
    async fn load(self) -> bool {
        true
    }

    #[cfg(not(all(target_family = "wasm", not(debug_assertions))))]
    fn view(self) -> AnyView {
        match self {
            LazyPage::Job => view! { <crate::pages::job::JobPage/> }.into_any(),
            LazyPage::Connect => view! { <crate::pages::connect::ConnectPage/> }.into_any(),
            LazyPage::NewJob => view! { <crate::pages::new_job::NewJobPage/> }.into_any(),
            LazyPage::Bulk => view! { <crate::pages::bulk::BulkPanel/> }.into_any(),
            LazyPage::Views => crate::pages::views_manager::part(),
            LazyPage::Keys => view! { <crate::components::shortcuts::Shortcuts/> }.into_any(),
        }
    }
}

/// Starts fetching a page's chunk (a no-op once it is there, or in a one-module build): the jobs
/// list calls this for the job page when a pointer or the focus reaches its rows, and for the bulk
/// actions when they reach a row's box, so that what comes next rarely waits for its chunk.
pub fn prefetch(page: LazyPage) {
    #[cfg(all(target_family = "wasm", not(debug_assertions)))]
    {
        use std::sync::atomic::{AtomicBool, Ordering};
        /// One fetch at a time per chunk from here (pointer events come by the dozen).
        static STARTED: [AtomicBool; 6] = [const { AtomicBool::new(false) }; 6];
        if page.ready() || STARTED[page as usize].swap(true, Ordering::Relaxed) {
            return;
        }
        leptos::task::spawn_local(async move {
            // A failure is shown when the page is opened (and retried there); the next
            // pointer or focus tries again.
            if !page.load().await {
                STARTED[page as usize].store(false, Ordering::Relaxed);
            }
        });
    }
    #[cfg(not(all(target_family = "wasm", not(debug_assertions))))]
    let _ = page;
}

/// Where a page's code stands.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Chunk {
    Loading,
    Ready,
    Failed,
}

/// The page, once its code is in. While the chunk loads the page says so; a chunk that could not
/// be fetched (offline, a new deployment removed it) is an error with a Retry button, never a
/// blank page.
#[component]
pub fn Lazy(page: LazyPage) -> impl IntoView {
    let state = RwSignal::new(Chunk::Loading);
    let load = move || {
        state.set(Chunk::Loading);
        leptos::task::spawn_local(async move {
            let ok = page.load().await;
            if state.try_get_untracked().is_some() {
                state.set(if ok { Chunk::Ready } else { Chunk::Failed });
            }
        });
    };
    if page.ready() {
        state.set(Chunk::Ready);
    } else {
        load();
    }
    // Away from a job page whose code is missing, as the page itself would lead: its list.
    let back = match crate::router::use_route().get_untracked() {
        crate::router::Route::Job { project, .. } | crate::router::Route::NewJob { project }
            if matches!(page, LazyPage::Job | LazyPage::NewJob) =>
        {
            Some(crate::list_view::list_page_url(&project, &jobs_api::JobFilter::default()))
        }
        _ => None,
    };
    let loading = format!("Loading the {}…", page.noun());
    let failed = format!("The code of the {} could not be downloaded. Check the connection to this site.", page.noun());
    move || match state.get() {
        Chunk::Ready => page.view(),
        // Not pages: nothing to say while they load.
        Chunk::Loading if matches!(page, LazyPage::Views | LazyPage::Keys) => ().into_any(),
        Chunk::Loading => view! { <p class="empty" role="status">{loading.clone()}</p> }.into_any(),
        Chunk::Failed => view! {
            {back.clone().map(|href| view! { <p class="back"><a href=href>"← All jobs"</a></p> })}
            <div class="notice error" role="alert">
                <span>{failed.clone()}</span>
                " "<button type="button" class="btn" on:click=move |_| load()>"Retry"</button>
            </div>
        }
        .into_any(),
    }
}
