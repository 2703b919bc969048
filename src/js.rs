//! Calls into the browser by name, through `Reflect`, for what only a lazily loaded page does
//! (saving a file, the tab's title, a notification, measuring rows). A web-sys binding is glue
//! in the app's first load whichever chunk uses it; these reuse the few `Reflect` bindings every
//! build has.

use wasm_bindgen::{JsCast, JsValue};

/// `obj[key]` (`undefined` when it cannot be read).
pub fn get(obj: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(obj, &key.into()).unwrap_or(JsValue::UNDEFINED)
}

/// `obj[key] = value`.
pub fn set(obj: &JsValue, key: &str, value: &JsValue) {
    let _ = js_sys::Reflect::set(obj, &key.into(), value);
}

/// `obj[method](...args)`: `None` when there is no such method or it threw.
pub fn call(obj: &JsValue, method: &str, args: &[JsValue]) -> Option<JsValue> {
    let f: js_sys::Function = get(obj, method).dyn_into().ok()?;
    let list = js_sys::Array::new();
    for a in args {
        list.push(a);
    }
    js_sys::Reflect::apply(&f, obj, &list).ok()
}

/// `new window[name](...args)`.
pub fn construct(name: &str, args: &[JsValue]) -> Option<JsValue> {
    let f: js_sys::Function = get(&web_sys::window()?.into(), name).dyn_into().ok()?;
    let list = js_sys::Array::new();
    for a in args {
        list.push(a);
    }
    js_sys::Reflect::construct(&f, &list).ok()
}

/// An element's box on screen, top and bottom (`getBoundingClientRect`).
pub fn top_bottom(el: &JsValue) -> (f64, f64) {
    let rect = call(el, "getBoundingClientRect", &[]).unwrap_or(JsValue::UNDEFINED);
    (get(&rect, "top").as_f64().unwrap_or(0.0), get(&rect, "bottom").as_f64().unwrap_or(0.0))
}

/// Adds `css` to the page's style (a constructed style sheet, adopted by the document; once per
/// sheet): a lazily loaded page brings its own rules, so that the list's first load does not
/// carry them. The CSP's `style-src 'self'` governs style elements and links, not sheets built
/// by the page's own script.
pub fn adopt_style(css: &'static str) {
    thread_local! {
        static ADOPTED: std::cell::RefCell<Vec<usize>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    let key = css.as_ptr() as usize;
    if ADOPTED.with(|a| a.borrow().contains(&key)) {
        return;
    }
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
    let Some(sheet) = construct("CSSStyleSheet", &[]) else { return };
    if call(&sheet, "replaceSync", &[css.into()]).is_none() {
        return;
    }
    let sheets = js_sys::Array::from(&get(&document, "adoptedStyleSheets"));
    sheets.push(&sheet);
    set(&document, "adoptedStyleSheets", &sheets);
    ADOPTED.with(|a| a.borrow_mut().push(key));
}

/// The browser's time zone at the moment `ms`: its offset east of UTC in minutes and its short
/// name in the browser's language ("EDT", "IST", "GMT+1"), from the browser's own zone data
/// (`Date`: its time written with `timeZoneName: "short"`, the name being the last word): no
/// zone database in the download. Names are asked once per offset (a zone's standard and summer
/// times differ in both).
pub fn zone_at(ms: i64) -> (i32, String) {
    thread_local! {
        static NAMES: std::cell::RefCell<Vec<(i32, String)>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    let Some(date) = construct("Date", &[JsValue::from_f64(ms as f64)]) else { return (0, "UTC".into()) };
    let offset = call(&date, "getTimezoneOffset", &[]).and_then(|o| o.as_f64()).map_or(0, |o| -(o as i32));
    let known = NAMES.with(|n| n.borrow().iter().find(|(o, _)| *o == offset).map(|(_, name)| name.clone()));
    let name = known.unwrap_or_else(|| {
        let options = js_sys::Object::new();
        set(&options, "timeZoneName", &"short".into());
        let text = call(&date, "toLocaleTimeString", &[JsValue::UNDEFINED, options.into()]).and_then(|t| t.as_string());
        let text = text.unwrap_or_default();
        let name = text.as_bytes().iter().rposition(|&b| b == b' ').map_or("", |i| &text[i + 1..]).to_owned();
        NAMES.with(|n| n.borrow_mut().push((offset, name.clone())));
        name
    });
    (offset, name)
}

/// Opens `dialog` as a modal one, now or, while it is not in the document yet (a dialog built
/// only while it is open is connected right after its `node_ref` is set), once it is.
pub fn show_modal(dialog: web_sys::HtmlDialogElement) {
    if dialog.is_connected() {
        if !dialog.open() {
            let _ = dialog.show_modal();
        }
        return;
    }
    leptos::prelude::set_timeout(
        move || {
            if dialog.is_connected() && !dialog.open() {
                let _ = dialog.show_modal();
            }
        },
        std::time::Duration::ZERO,
    );
}

/// How many elements come before `el` among its parent's children (its place, counted from 0).
pub fn place_of(el: &web_sys::Element) -> u32 {
    let mut at = 0;
    let mut before = el.previous_element_sibling();
    while let Some(b) = before {
        at += 1;
        before = b.previous_element_sibling();
    }
    at
}

/// Focuses the input in the box `field` holds (a field's label and input); whether it could.
pub fn focus_input(field: leptos::prelude::NodeRef<leptos::html::Div>) -> bool {
    use leptos::prelude::GetUntracked;
    let input = field.get_untracked().and_then(|f| f.query_selector("input").ok().flatten());
    input.and_then(|i| i.dyn_into::<web_sys::HtmlElement>().ok()).is_some_and(|i| i.focus().is_ok())
}
