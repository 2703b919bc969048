//! The job page's code in a WebAssembly chunk of its own, fetched when it is first needed: the
//! jobs list's first load does not carry it (`cargo xtask bench` counts the list's first load).
//!
//! Release builds for the browser mark the split point with `wasm_split` (the `wasm_split_helpers`
//! Leptos re-exports); Trunk's post-build hook (`cargo xtask csp-hook`) splits the linked module
//! with `wasm-split-cli` before wasm-bindgen and wasm-opt run on each part. Debug builds
//! (`trunk serve`, the browser tests) and host builds call the page directly: one module.

use leptos::prelude::*;

#[cfg(all(target_family = "wasm", not(debug_assertions)))]
mod split {
    use leptos::prelude::*;
    use leptos::wasm_split::SplitLoaderError;

    /// Builds the job page; its code (and whatever only it uses) goes into the chunk.
    #[leptos::wasm_split::wasm_split(
        job_page,
        wasm_split_path = ::leptos::wasm_split,
        preload(preload_job_page),
        fallible
    )]
    pub fn job_page() -> Result<AnyView, SplitLoaderError> {
        Ok(view! { <crate::pages::job::JobPage/> }.into_any())
    }
}

/// Starts fetching the job page's chunk (a no-op once it is there, or in a one-module build):
/// the jobs list calls this when a pointer or the focus reaches a job link, so that opening
/// the job rarely waits for the chunk.
pub fn prefetch_job_page() {
    #[cfg(all(target_family = "wasm", not(debug_assertions)))]
    {
        use std::sync::atomic::{AtomicBool, Ordering};
        /// One fetch at a time from here (pointer events come by the dozen).
        static STARTED: AtomicBool = AtomicBool::new(false);
        if ready_now() || STARTED.swap(true, Ordering::Relaxed) {
            return;
        }
        leptos::task::spawn_local(async {
            // A failure is shown when the page is opened (and retried there); the next
            // pointer or focus on a job link tries again.
            if !loaded().await {
                STARTED.store(false, Ordering::Relaxed);
            }
        });
    }
}

/// Where the job page's code stands.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Chunk {
    Loading,
    Ready,
    Failed,
}

/// The job page, once its code is in. While the chunk loads the page says so; a chunk that
/// could not be fetched (offline, a new deployment removed it) is an error with a Retry button,
/// never a blank page.
#[component]
pub fn LazyJobPage() -> impl IntoView {
    let state = RwSignal::new(Chunk::Loading);
    let load = move || {
        state.set(Chunk::Loading);
        leptos::task::spawn_local(async move {
            let ok = loaded().await;
            if state.try_get_untracked().is_some() {
                state.set(if ok { Chunk::Ready } else { Chunk::Failed });
            }
        });
    };
    if ready_now() {
        state.set(Chunk::Ready);
    } else {
        load();
    }
    move || match state.get() {
        Chunk::Ready => job_page_view(),
        Chunk::Loading => view! { <p class="empty" role="status">"Loading job…"</p> }.into_any(),
        Chunk::Failed => view! {
            <div class="notice error" role="alert">
                <span>"The job page's code could not be downloaded. Check the connection to this site."</span>
                " "<button type="button" class="btn" on:click=move |_| load()>"Retry"</button>
            </div>
        }
        .into_any(),
    }
}

/// Set once the chunk is in: a page opened later shows at once, with no loading state.
#[cfg(all(target_family = "wasm", not(debug_assertions)))]
static READY: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

#[cfg(all(target_family = "wasm", not(debug_assertions)))]
fn ready_now() -> bool {
    READY.load(std::sync::atomic::Ordering::Relaxed)
}

#[cfg(all(target_family = "wasm", not(debug_assertions)))]
async fn loaded() -> bool {
    let ok = split::preload_job_page().await.is_ok();
    if ok {
        READY.store(true, std::sync::atomic::Ordering::Relaxed);
    }
    ok
}

#[cfg(all(target_family = "wasm", not(debug_assertions)))]
fn job_page_view() -> AnyView {
    use futures::FutureExt;
    // The chunk is in (Ready), so the call completes at once, under this closure's owner.
    match split::job_page().now_or_never() {
        Some(Ok(view)) => view,
        _ => view! { <p class="notice error" role="alert">"The job page's code is not loaded."</p> }.into_any(),
    }
}

#[cfg(not(all(target_family = "wasm", not(debug_assertions))))]
fn ready_now() -> bool {
    true
}

#[cfg(not(all(target_family = "wasm", not(debug_assertions))))]
async fn loaded() -> bool {
    true
}

#[cfg(not(all(target_family = "wasm", not(debug_assertions))))]
fn job_page_view() -> AnyView {
    view! { <crate::pages::job::JobPage/> }.into_any()
}
