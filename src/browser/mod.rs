//! The browser's own services, typed: small bindings (`js`), the clipboard and notifications.

pub mod clipboard;
pub mod js;
pub mod notifications;
