use polaris_jobs_console::{pages, App};
use std::{cell::Cell, rc::Rc};
use wasm_bindgen::JsCast;

/// How long the app waits for a prefetched first page before it is built anyway.
const PREFETCH_WAIT_MS: i32 = 200;

fn main() {
    console_error_panic_hook::set_once();
    let mounted = Rc::new(Cell::new(false));
    let mount = move || {
        if !mounted.replace(true) {
            leptos::mount::mount_to_body(App);
        }
    };
    // Opening on a jobs list: its request leaves now, in parallel with building the app, and
    // the app is built when the answer is in (or after PREFETCH_WAIT_MS at most), so that the
    // page and its rows come in one frame.
    match pages::jobs::prefetch() {
        Some(prefetch) => {
            let (m1, m2) = (mount.clone(), mount);
            wasm_bindgen_futures::spawn_local(async move {
                prefetch.await;
                m1();
            });
            let wait = wasm_bindgen::closure::Closure::once_into_js(m2);
            let _ = web_sys::window()
                .expect("window")
                .set_timeout_with_callback_and_timeout_and_arguments_0(wait.unchecked_ref(), PREFETCH_WAIT_MS);
        }
        None => mount(),
    }
}
