//! The browser's own services, typed: small bindings (`js`) and the clipboard.

pub mod clipboard;
pub mod js;
