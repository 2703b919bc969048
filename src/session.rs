//! The app-wide state: the connection (credential included), whether a modal dialog is open,
//! and the polite announcements. Provided once in `App`.

use crate::api::Connection;
use jobs_api::decode::{quote, Fields};
use leptos::prelude::*;

const STORAGE_KEY: &str = "pjc.connection";
const AUTO_REFRESH_KEY: &str = "pjc.autoRefresh";
const SETTINGS_KEY: &str = "pjc.settings";

/// What the connect form is prefilled with: everything but the secret.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Settings {
    pub base_url: String,
    pub project_id: String,
    pub oauth: bool,
}

impl Settings {
    pub fn to_json(&self) -> String {
        format!(
            r#"{{"base_url":{},"project_id":{},"oauth":{}}}"#,
            quote(&self.base_url),
            quote(&self.project_id),
            self.oauth
        )
    }

    /// The stored form read back (missing fields as their defaults); `None` if it is not one.
    pub fn from_json(text: &str) -> Option<Settings> {
        let v = crate::api::parse_json(text).ok()?;
        let f = Fields::of(&v).ok()?;
        Some(Settings {
            base_url: f.or("base_url", String::new).ok()?,
            project_id: f.or("project_id", String::new).ok()?,
            oauth: f.or("oauth", || false).ok()?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::Settings;

    #[test]
    fn settings_read_back() {
        let s = Settings { base_url: "https://a.api.imply.io".into(), project_id: "p\"1".into(), oauth: true };
        assert_eq!(Settings::from_json(&s.to_json()), Some(s));
        assert_eq!(Settings::from_json(r#"{"project_id":"p"}"#).map(|s| s.project_id), Some("p".into()));
        assert_eq!(Settings::from_json("[]"), None);
    }
}

pub fn load_settings() -> Settings {
    local_storage()
        .and_then(|s| s.get_item(SETTINGS_KEY).ok().flatten())
        .and_then(|t| Settings::from_json(&t))
        .unwrap_or_default()
}

fn store_settings(conn: &Connection) {
    let settings = Settings {
        base_url: conn.base_url.clone(),
        project_id: conn.project_id.clone(),
        oauth: conn.kind == crate::api::CredentialKind::OAuthToken,
    };
    if let Some(s) = local_storage() {
        let _ = s.set_item(SETTINGS_KEY, &settings.to_json());
    }
}

#[derive(Clone, Copy)]
pub struct Session {
    pub connection: RwSignal<Option<Connection>>,
    /// A modal dialog is open: auto-refresh pauses.
    pub dialog_open: RwSignal<bool>,
    /// Text for the polite live region (and the visible toast).
    pub announcement: RwSignal<String>,
}

impl Session {
    pub fn new() -> Self {
        Self {
            connection: RwSignal::new(load()),
            dialog_open: RwSignal::new(false),
            announcement: RwSignal::new(String::new()),
        }
    }

    /// Keeps the connection: sessionStorage, or localStorage when "Remember on this device".
    pub fn connect(&self, conn: Connection) {
        store(&conn);
        store_settings(&conn);
        self.connection.set(Some(conn));
    }

    /// Forgets the credential everywhere: memory, sessionStorage and localStorage (the base URL
    /// and project id stay, to prefill the form).
    pub fn disconnect(&self) {
        for s in [session_storage(), local_storage()].into_iter().flatten() {
            let _ = s.remove_item(STORAGE_KEY);
        }
        self.connection.set(None);
    }

    pub fn announce(&self, text: impl Into<String>) {
        self.announcement.set(text.into());
    }
}

impl Default for Session {
    fn default() -> Self {
        Self::new()
    }
}

pub fn use_session() -> Session {
    expect_context::<Session>()
}

fn session_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok().flatten()
}

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// The stored connection (this tab first, then this device), if any.
pub fn load() -> Option<Connection> {
    [session_storage(), local_storage()]
        .into_iter()
        .flatten()
        .find_map(|s| s.get_item(STORAGE_KEY).ok().flatten())
        .and_then(|text| Connection::from_json(&text))
}

fn store(conn: &Connection) {
    let text = conn.to_json();
    let (keep, other) =
        if conn.remember { (local_storage(), session_storage()) } else { (session_storage(), local_storage()) };
    if let Some(o) = other {
        let _ = o.remove_item(STORAGE_KEY);
    }
    if let Some(k) = keep {
        let _ = k.set_item(STORAGE_KEY, &text);
    }
}

/// The remembered auto-refresh interval in seconds (0 = off).
pub fn load_auto_refresh() -> u32 {
    local_storage()
        .and_then(|s| s.get_item(AUTO_REFRESH_KEY).ok().flatten())
        .and_then(|v| v.parse().ok())
        .filter(|v| crate::AUTO_REFRESH_CHOICES.contains(v))
        .unwrap_or(0)
}

pub fn store_auto_refresh(seconds: u32) {
    if let Some(s) = local_storage() {
        let _ = s.set_item(AUTO_REFRESH_KEY, &seconds.to_string());
    }
}
