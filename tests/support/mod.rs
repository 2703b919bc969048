//! Helpers shared by the browser tests: DOM queries, events, waiting for a condition.
#![allow(dead_code)]

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Element, HtmlElement, HtmlInputElement};

pub fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

/// A fresh element in the page to mount into.
pub fn host() -> HtmlElement {
    let el: HtmlElement = document().create_element("div").unwrap().unchecked_into();
    document().body().unwrap().append_child(&el).unwrap();
    el
}

pub async fn sleep(ms: i32) {
    let p = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window().unwrap().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms).unwrap();
    });
    JsFuture::from(p).await.unwrap();
}

/// Polls `cond` every 50 ms for up to `seconds`.
pub async fn wait_for(what: &str, seconds: u32, mut cond: impl FnMut() -> bool) {
    for _ in 0..seconds * 20 {
        if cond() {
            return;
        }
        sleep(50).await;
    }
    panic!(
        "timed out after {seconds} s waiting for {what}; page text: {}",
        document().body().unwrap().text_content().unwrap_or_default()
    );
}

pub fn q(root: &Element, sel: &str) -> Option<Element> {
    root.query_selector(sel).unwrap()
}

pub fn qa(root: &Element, sel: &str) -> Vec<Element> {
    let list = root.query_selector_all(sel).unwrap();
    (0..list.length()).filter_map(|i| list.item(i)).map(|n| n.unchecked_into()).collect()
}

pub fn text(el: &Element) -> String {
    el.text_content().unwrap_or_default().trim().to_owned()
}

pub fn click(el: &Element) {
    el.unchecked_ref::<HtmlElement>().click();
}

/// The first button whose text is `label`.
pub fn button(root: &Element, label: &str) -> Option<Element> {
    qa(root, "button").into_iter().find(|b| text(b) == label)
}

/// Types into an input as a person would (value, then an input event).
pub fn type_into(root: &Element, sel: &str, value: &str) {
    let input: HtmlInputElement = q(root, sel).unwrap_or_else(|| panic!("no {sel}")).unchecked_into();
    input.set_value(value);
    let ev = web_sys::Event::new("input").unwrap();
    input.dispatch_event(&ev).unwrap();
}

pub fn location_path() -> String {
    let l = web_sys::window().unwrap().location();
    format!("{}{}", l.pathname().unwrap(), l.search().unwrap())
}

/// Puts the page at `path` (the router reads it when the app mounts).
pub fn go_to(path: &str) {
    web_sys::window()
        .unwrap()
        .history()
        .unwrap()
        .replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(path))
        .unwrap();
}

pub fn clear_storage() {
    let w = web_sys::window().unwrap();
    w.session_storage().unwrap().unwrap().clear().unwrap();
    w.local_storage().unwrap().unwrap().clear().unwrap();
}

thread_local! {
    static BUSY: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Held while a test owns the page (its URL and storage): wasm-bindgen-test runs async tests
/// concurrently, and page tests must not share the location bar.
pub struct Exclusive;

impl Drop for Exclusive {
    fn drop(&mut self) {
        BUSY.with(|b| b.set(false));
    }
}

pub async fn exclusive() -> Exclusive {
    // A test that panics never drops its guard (WebAssembly does not unwind): the panic hook
    // frees the page for the next test, so that one failure is reported as one, not as every
    // test after it waiting for the page.
    static HOOK: std::sync::Once = std::sync::Once::new();
    HOOK.call_once(|| {
        let before = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            BUSY.with(|b| b.set(false));
            before(info);
        }));
    });
    while BUSY.with(|b| b.replace(true)) {
        sleep(20).await;
    }
    Exclusive
}

/// A button of the job actions bar by its label (not the dialog's).
pub fn action_button(root: &Element, label: &str) -> Option<Element> {
    qa(root, ".actions > button").into_iter().find(|b| text(b) == label)
}

/// The app's style sheet in the test page (once), for what it draws: badge icons, ellipses.
pub fn with_style_sheet() {
    if document().get_element_by_id("pjc-test-style").is_some() {
        return;
    }
    let style = document().create_element("style").unwrap();
    style.set_id("pjc-test-style");
    // The app's sheet, and the ones its chunks adopt when they come.
    let sheets = [
        include_str!("../../style/main.css"),
        include_str!("../../style/job.css"),
        include_str!("../../style/bulk.css"),
        include_str!("../../style/new-job.css"),
        include_str!("../../style/connect.css"),
    ];
    style.set_text_content(Some(&sheets.concat()));
    document().head().unwrap().append_child(&style).unwrap();
}

/// What the style sheet draws before `el` (`::before`'s computed `content`).
pub fn content_before(el: &Element) -> String {
    let style = web_sys::window().unwrap().get_computed_style_with_pseudo_elt(el, "::before").unwrap().unwrap();
    style.get_property_value("content").unwrap()
}

thread_local! {
    /// How far [`FakeClock`] has moved the page's clock (`Date.now`) ahead of the real one.
    static CLOCK_SHIFT: std::rc::Rc<std::cell::Cell<f64>> = std::rc::Rc::new(std::cell::Cell::new(0.0));
}

/// The page's clock, moved on by the test instead of waited for: `Date.now`, which the app
/// reads for its readings and refreshes, returns the real time plus what [`FakeClock::advance`]
/// added. Dropped (also by a failing test), the clock is real again.
pub struct FakeClock;

impl FakeClock {
    pub fn new() -> Self {
        let date = js_sys::Reflect::get(&js_sys::global(), &"Date".into()).unwrap();
        if js_sys::Reflect::get(&date, &"pjcFake".into()).unwrap().is_undefined() {
            let real: js_sys::Function = js_sys::Reflect::get(&date, &"now".into()).unwrap().unchecked_into();
            let shift = CLOCK_SHIFT.with(|s| s.clone());
            let this = date.clone();
            let now = wasm_bindgen::closure::Closure::<dyn Fn() -> f64>::new(move || {
                real.call0(&this).unwrap().as_f64().unwrap() + shift.get()
            });
            js_sys::Reflect::set(&date, &"now".into(), now.as_ref()).unwrap();
            js_sys::Reflect::set(&date, &"pjcFake".into(), &true.into()).unwrap();
            now.forget();
        }
        FakeClock
    }

    /// Moves the page's clock `ms` on.
    pub fn advance(&self, ms: f64) {
        CLOCK_SHIFT.with(|s| s.set(s.get() + ms));
    }
}

impl Drop for FakeClock {
    fn drop(&mut self) {
        CLOCK_SHIFT.with(|s| s.set(0.0));
    }
}

/// Waits until `ms` have passed since `since` (`Date.now()` then): a window that must last at
/// least as long as something of the app's (its busy delay), however quickly the rest went.
/// With a [`FakeClock`], `since` must be read after its last move.
pub async fn until_at_least(since: f64, ms: f64) {
    let left = since + ms - js_sys::Date::now();
    if left > 0.0 {
        sleep(left.ceil() as i32).await;
    }
}
