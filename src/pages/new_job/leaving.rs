//! Leaving the new-job page with edits not sent asks first.

use crate::app::router::use_location;
use leptos::prelude::*;

/// The question before leaving the page with edits not sent.
const LEAVE_QUESTION: &str = "Leave this page? Your edits to the job spec have not been submitted and will be lost.";

/// While `dirty`, leaving the page asks first: a link to a page of the console or a control of
/// class `leaves-page` (Disconnect), Back and Forward (the address is put back when the person stays), and a reload
/// or closing the tab (the browser's own question). The page's listeners capture on `window`,
/// so they run before the router's (which listens there without capturing) and can stop them;
/// the router itself knows nothing of this, which keeps it out of the list's download.
pub fn ask_before_leaving(dirty: Memo<bool>) {
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;
    let location = use_location();
    let stays = move || dirty.get_untracked() && !window().confirm_with_message(LEAVE_QUESTION).unwrap_or(true);
    let click = Closure::<dyn Fn(web_sys::Event)>::new(move |ev: web_sys::Event| {
        // As the router follows links (a plain click on a path of this origin), and Disconnect.
        let plain = ev.unchecked_ref::<web_sys::MouseEvent>();
        let modified =
            plain.button() != 0 || plain.meta_key() || plain.ctrl_key() || plain.shift_key() || plain.alt_key();
        let leaves = ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()).is_some_and(|e| {
            let link = e.closest("a[href^='/']:not([href^='//']):not([target]):not([download])").ok().flatten();
            (link.is_some() && !modified) || e.closest(".leaves-page").ok().flatten().is_some()
        });
        if leaves && stays() {
            ev.prevent_default();
            ev.stop_immediate_propagation();
        }
    });
    let popstate = Closure::<dyn Fn(web_sys::Event)>::new(move |ev: web_sys::Event| {
        let (path, _) = crate::app::router::read_location();
        if location.pathname.with_untracked(|p| *p != path) && stays() {
            ev.stop_immediate_propagation();
            let mut here = location.pathname.get_untracked();
            location.search.with_untracked(|s| {
                if !s.is_empty() {
                    here.push('?');
                    here.push_str(s);
                }
            });
            let _ = window().history().map(|h| h.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&here)));
        }
    });
    let unload = Closure::<dyn Fn(web_sys::Event)>::new(move |ev: web_sys::Event| {
        if dirty.get_untracked() {
            ev.prevent_default();
        }
    });
    let w = window();
    let listeners = [("click", click), ("popstate", popstate), ("beforeunload", unload)];
    for (name, f) in &listeners {
        let _ = w.add_event_listener_with_callback_and_bool(name, f.as_ref().unchecked_ref(), true);
    }
    let listeners = send_wrapper::SendWrapper::new(listeners);
    on_cleanup(move || {
        for (name, f) in listeners.take() {
            let _ = window().remove_event_listener_with_callback_and_bool(name, f.as_ref().unchecked_ref(), true);
        }
    });
}
