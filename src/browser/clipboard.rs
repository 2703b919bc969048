//! Handing text to a person: the clipboard, and a file the browser saves. `navigator.clipboard`
//! exists only on a secure page (HTTPS or localhost) and may refuse (no permission, no focus):
//! [`copy`] says whether the text got there, and a page that was refused shows the text selected
//! instead, for the person to copy (`pages::job::copy`).

/// Writes `text` to the clipboard: `true` when it took it, `false` when there is no clipboard on
/// this page or the browser refused.
pub async fn copy(text: &str) -> bool {
    let Some(navigator) = web_sys::window().map(|w| w.navigator()) else { return false };
    // Absent on a page served over plain HTTP: calling it would throw.
    let clipboard = navigator.clipboard();
    if !clipboard.is_object() {
        return false;
    }
    wasm_bindgen_futures::JsFuture::from(clipboard.write_text(text)).await.is_ok()
}

/// Saves `text` as a file named `name` of type `mime` (a Blob, through a link with `download`):
/// the browser's own download, nothing sent anywhere.
pub fn save(name: &str, mime: &str, text: &str) -> bool {
    use wasm_bindgen::JsCast;
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let parts = js_sys::Array::of1(&text.into());
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else { return false };
    let Ok(href) = web_sys::Url::create_object_url_with_blob(&blob) else { return false };
    let document = leptos::prelude::document();
    let (Ok(a), Some(body)) = (document.create_element("a"), document.body()) else { return false };
    let Ok(a) = a.dyn_into::<web_sys::HtmlElement>() else { return false };
    let _ = a.set_attribute("href", &href);
    let _ = a.set_attribute("download", name);
    a.set_hidden(true);
    let _ = body.append_child(&a);
    a.click();
    a.remove();
    // Once the browser has the file.
    leptos::prelude::set_timeout(
        move || drop(web_sys::Url::revoke_object_url(&href)),
        std::time::Duration::from_secs(10),
    );
    true
}
