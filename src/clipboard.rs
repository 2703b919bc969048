//! Copying text for a person. `navigator.clipboard` exists only on a secure page (HTTPS or
//! localhost) and may refuse (no permission, no focus): [`copy`] says whether the text got there,
//! and a page that was refused shows the text selected instead, for the person to copy
//! (`pages::job`'s fallback).

use wasm_bindgen::JsCast;

/// Writes `text` to the clipboard: `true` when it took it, `false` when there is no clipboard on
/// this page or the browser refused.
pub async fn copy(text: &str) -> bool {
    let Some(navigator) = web_sys::window().map(|w| w.navigator()) else { return false };
    // Absent on a page served over plain HTTP: calling it would throw.
    let present =
        js_sys::Reflect::get(&navigator, &"clipboard".into()).is_ok_and(|c| !c.is_undefined() && !c.is_null());
    if !present {
        return false;
    }
    let clipboard = crate::js::get(&navigator, "clipboard");
    let Some(promise) = crate::js::call(&clipboard, "writeText", &[text.into()]) else { return false };
    let Ok(promise) = promise.dyn_into::<js_sys::Promise>() else { return false };
    wasm_bindgen_futures::JsFuture::from(promise).await.is_ok()
}
