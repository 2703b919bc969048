//! System notifications: whether the browser has them, asking for permission, showing one.

use web_sys::{Notification, NotificationOptions, NotificationPermission};

/// Whether this browser has notifications at all.
pub fn supported() -> bool {
    web_sys::window().is_some_and(|w| js_sys::Object::has_own(&w, &"Notification".into()))
}

/// Whether notifications may be shown now (granted before; nothing is asked).
pub fn allowed() -> bool {
    supported() && Notification::permission() == NotificationPermission::Granted
}

/// Asks for permission when it was neither granted nor refused yet: whether it is granted.
pub async fn ask() -> bool {
    if !supported() {
        return false;
    }
    match Notification::permission() {
        NotificationPermission::Granted => true,
        NotificationPermission::Denied => false,
        _ => {
            let Ok(asked) = Notification::request_permission() else { return false };
            let answer = wasm_bindgen_futures::JsFuture::from(asked).await.ok().and_then(|v| v.as_string());
            answer.as_deref() == Some("granted")
        }
    }
}

/// Shows a system notification (`None` when the browser refused).
pub fn show(title: &str, body: &str) -> Option<Notification> {
    let options = NotificationOptions::new();
    options.set_body(body);
    Notification::new_with_options(title, &options).ok()
}
