//! Pages whose code is a WebAssembly chunk of its own, fetched when it is first needed: the job
//! page, the new-job page, the Tables page, the Changes page and the connect page; and parts of
//! pages: the list's bulk actions (its first box checked), its saved views (when the project has
//! some, or "Save view" is pressed), the keyboard shortcuts (the first shortcut key pressed) and
//! the change inbox (after the list's first rows, or the Tables page's first reading; from the
//! start for a watched project). A cold load of the jobs list fetches none of them before its
//! first rows (`cargo xtask bench` counts what it fetches); a job page or the connect page opened
//! directly fetches its chunk together with the app (src/first_load.js preloads it).
//!
//! Release builds for the browser mark the split points with `wasm_split` (the
//! `wasm_split_helpers` Leptos re-exports); Trunk's post-build hook (`cargo xtask post-build`)
//! splits the linked module with `wasm-split-cli` before wasm-bindgen and wasm-opt run on each
//! part. Debug builds (`trunk serve`, the browser tests) and host builds call the pages
//! directly: one module.

use leptos::prelude::*;

/// The pages and parts in chunks, each once: the `LazyPage` variant, what its texts call it, its
/// split point (the chunk's name), the split point's preload, and how it is built. Release
/// builds for the browser get a `wasm_split` function per entry (its code, and whatever only it
/// uses, goes into its chunk); other builds call the pages directly.
macro_rules! lazy_pages {
    ($($(#[$doc:meta])* $page:ident, $noun:literal, $split:ident, $preload:ident, $build:expr;)*) => {
        #[cfg(all(target_family = "wasm", not(debug_assertions)))]
        mod split {
            use leptos::prelude::*;
            use leptos::wasm_split::SplitLoaderError;
            $(
                #[leptos::wasm_split::wasm_split($split, wasm_split_path = ::leptos::wasm_split, preload($preload), fallible)]
                pub fn $split() -> Result<AnyView, SplitLoaderError> {
                    Ok($build)
                }
            )*
        }

        /// A page whose code may be in a chunk of its own.
        #[derive(Clone, Copy, PartialEq, Eq, Debug)]
        pub enum LazyPage {
            $($(#[$doc])* $page,)*
        }

        impl LazyPage {
            /// How many there are (the release build's tables are this long).
            #[cfg_attr(not(all(target_family = "wasm", not(debug_assertions))), allow(dead_code))]
            const COUNT: usize = [$(LazyPage::$page),*].len();

            /// What the page is called in its loading and error texts.
            fn noun(self) -> &'static str {
                match self {
                    $(LazyPage::$page => $noun,)*
                }
            }

            /// Fetches the page's chunk; whether it came.
            #[cfg(all(target_family = "wasm", not(debug_assertions)))]
            async fn fetch(self) -> bool {
                match self {
                    $(LazyPage::$page => split::$preload().await.is_ok(),)*
                }
            }

            /// The page, its code being in: the call completes at once, under the caller's owner.
            #[cfg(all(target_family = "wasm", not(debug_assertions)))]
            fn build(self) -> Option<AnyView> {
                use futures::FutureExt;
                match self {
                    $(LazyPage::$page => split::$split().now_or_never()?.ok(),)*
                }
            }

            #[cfg(not(all(target_family = "wasm", not(debug_assertions))))]
            fn build(self) -> Option<AnyView> {
                Some(match self {
                    $(LazyPage::$page => $build,)*
                })
            }
        }
    };
}

lazy_pages! {
    Job, "job page", job_page, preload_job_page, view! { <crate::pages::job::JobPage/> }.into_any();
    Connect, "connect page", connect_page, preload_connect_page, view! { <crate::pages::connect::ConnectPage/> }.into_any();
    NewJob, "new-job page", new_job_page, preload_new_job_page, view! { <crate::pages::new_job::NewJobPage/> }.into_any();
    Tables, "Tables page", tables_page, preload_tables_page, view! { <crate::pages::tables::TablesPage/> }.into_any();
    Changes, "Changes page", changes_page, preload_changes_page, view! { <crate::pages::changes::ChangesPage/> }.into_any();
    /// Not a page: the change inbox's reading and its banner (after the list's first rows).
    Inbox, "change inbox", inbox, preload_inbox, view! { <crate::pages::changes::InboxPart/> }.into_any();
    /// Not a page: the jobs list's bulk actions (their dialog, run and results, and "Select all
    /// matching jobs").
    Bulk, "bulk actions", bulk_panel, preload_bulk_panel, view! { <crate::pages::bulk::BulkPanel/> }.into_any();
    /// Not a page: the jobs list's saved views.
    Views, "saved views", views_manager, preload_views_manager, crate::pages::views_manager::part();
    /// Not a page: the keyboard shortcuts (their listener and their dialog).
    Keys, "keyboard shortcuts", keys, preload_keys, view! { <crate::components::shortcuts::Shortcuts/> }.into_any();
}

/// Set per page once its chunk is in: a page opened later shows at once, with no loading state.
#[cfg(all(target_family = "wasm", not(debug_assertions)))]
static READY: [std::sync::atomic::AtomicBool; LazyPage::COUNT] =
    [const { std::sync::atomic::AtomicBool::new(false) }; LazyPage::COUNT];

impl LazyPage {
    /// Whether the page's code is in (a page built now shows at once).
    #[cfg(all(target_family = "wasm", not(debug_assertions)))]
    pub fn ready(self) -> bool {
        READY[self as usize].load(std::sync::atomic::Ordering::Relaxed)
    }

    #[cfg(all(target_family = "wasm", not(debug_assertions)))]
    async fn load(self) -> bool {
        let ok = self.fetch().await;
        if ok {
            READY[self as usize].store(true, std::sync::atomic::Ordering::Relaxed);
        }
        ok
    }

    #[cfg(not(all(target_family = "wasm", not(debug_assertions))))]
    pub fn ready(self) -> bool {
        true
    }

    #[cfg(not(all(target_family = "wasm", not(debug_assertions))))]
    async fn load(self) -> bool {
        true
    }

    fn view(self) -> AnyView {
        self.build().unwrap_or_else(|| {
            view! { <p class="notice error" role="alert">"This page's code is not loaded."</p> }.into_any()
        })
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
        static STARTED: [AtomicBool; LazyPage::COUNT] = [const { AtomicBool::new(false) }; LazyPage::COUNT];
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
    let back = match crate::app::router::use_route().get_untracked() {
        crate::app::router::Route::Job { project, .. } | crate::app::router::Route::NewJob { project }
            if matches!(page, LazyPage::Job | LazyPage::NewJob) =>
        {
            Some(crate::list::view::list_page_url(&project, &jobs_api::JobFilter::default()))
        }
        _ => None,
    };
    let loading = format!("Loading the {}…", page.noun());
    let failed = format!("The code of the {} could not be downloaded. Check the connection to this site.", page.noun());
    move || match state.get() {
        Chunk::Ready => page.view(),
        // Not pages: nothing to say while they load.
        Chunk::Loading if matches!(page, LazyPage::Views | LazyPage::Keys | LazyPage::Inbox) => ().into_any(),
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
