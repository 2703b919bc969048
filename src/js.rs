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
