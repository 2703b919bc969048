use polaris_jobs_console::{pages, App};
use std::future::Future;
use std::{cell::Cell, rc::Rc};
use wasm_bindgen::JsCast;

/// How long a page built off screen waits for the prefetched first page before it is shown
/// anyway (it shows "Loading jobs…" then, and goes on waiting for that answer).
const PREFETCH_WAIT_MS: i32 = 200;

fn main() {
    console_error_panic_hook::set_once();
    // Opening on a jobs list: its request is on its way (sent by js/first-list.js while the app
    // downloaded). The app is built now, off screen, while the answer travels, and put on screen
    // when the answer is in: the page takes it in the same task, so the page and its rows come
    // in one frame, with no frame of an empty page in between (or after PREFETCH_WAIT_MS).
    let Some(prefetch) = pages::jobs::prefetch() else {
        leptos::mount::mount_to_body(App);
        return;
    };
    // When the answer is already in (read while the app downloaded), it is taken and decoded
    // now, and the page is built with its rows from the start (`pages::jobs`), not built empty
    // first and then again with them. Otherwise the page is built while the answer travels.
    let mut prefetch = Box::pin(prefetch);
    let answered = prefetch.as_mut().poll(&mut std::task::Context::from_waker(std::task::Waker::noop())).is_ready();
    let window = web_sys::window().expect("window");
    let document = window.document().expect("document");
    let stage: web_sys::HtmlElement = document.create_element("div").expect("a div").unchecked_into();
    leptos::mount::mount_to(stage.clone(), App).forget();
    let shown = Rc::new(Cell::new(false));
    let show = move || {
        if shown.replace(true) {
            return;
        }
        // The app's top-level elements move to the body as they are (Leptos keeps working on
        // the same nodes).
        let Some(body) = document.body() else { return };
        while let Some(node) = stage.first_child() {
            let _ = body.append_child(&node);
        }
    };
    if answered {
        // The rows are written by the page's first effects, later in this same task: no frame
        // comes in between.
        show();
        return;
    }
    let (show_now, show_later) = (show.clone(), show);
    wasm_bindgen_futures::spawn_local(async move {
        prefetch.await;
        show_now();
    });
    let wait = wasm_bindgen::closure::Closure::once_into_js(show_later);
    let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(wait.unchecked_ref(), PREFETCH_WAIT_MS);
}
