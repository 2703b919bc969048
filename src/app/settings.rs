//! What the console remembers on this device besides the connection: the connect form's
//! prefill (everything but the secret), the jobs list's auto-refresh interval, and the time
//! zone exact times are shown in. localStorage,
//! never with the credential.

use jobs_api::decode::{quote, Fields};

const SETTINGS_KEY: &str = "pjc.settings";
const AUTO_REFRESH_KEY: &str = "pjc.autoRefresh";
/// "local" when exact times are shown in the browser's zone (the header's "Times").
const TIMES_KEY: &str = "pjc.times";

/// The jobs list's hidden columns, space-separated (`pages::list_controls::COLUMNS`); src/first_load.js
/// sets the root element's `data-hide` from it before the first paint.
pub const COLUMNS_KEY: &str = "pjc.columns";
/// The columns hidden until the person chooses.
pub const DEFAULT_HIDDEN: &str = "duration";
/// "1" for compact rows (the root element's `data-compact`, set by src/first_load.js too).
pub const COMPACT_KEY: &str = "pjc.compact";

/// The key prefix of a project watched on this device ("Watch this project" on its Changes
/// page: its change inbox reads from the start, whatever page is open).
pub const WATCH_KEY: &str = "pjc.watch.";

/// Whether `project` is watched on this device.
pub fn watched(project: &str) -> bool {
    stored(&format!("{WATCH_KEY}{project}")).is_some()
}

/// Auto-refresh choices of the jobs list, in seconds (0 = off).
pub const AUTO_REFRESH_CHOICES: [u32; 5] = [0, 5, 15, 30, 60];

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

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// The text stored under `key` on this device.
pub fn stored(key: &str) -> Option<String> {
    local_storage()?.get_item(key).ok().flatten()
}

/// Stores `value` under `key` (`None` removes it).
pub fn store(key: &str, value: Option<&str>) {
    if let Some(s) = local_storage() {
        let _ = match value {
            Some(v) => s.set_item(key, v),
            None => s.remove_item(key),
        };
    }
}

/// The connect form's prefill, as last connected.
pub fn load_settings() -> Settings {
    stored(SETTINGS_KEY).and_then(|t| Settings::from_json(&t)).unwrap_or_default()
}

pub fn store_settings(settings: &Settings) {
    store(SETTINGS_KEY, Some(&settings.to_json()));
}

/// The remembered auto-refresh interval in seconds (0 = off).
pub fn load_auto_refresh() -> u32 {
    stored(AUTO_REFRESH_KEY).and_then(|v| v.parse().ok()).filter(|v| AUTO_REFRESH_CHOICES.contains(v)).unwrap_or(0)
}

pub fn store_auto_refresh(seconds: u32) {
    store(AUTO_REFRESH_KEY, Some(&seconds.to_string()));
}

/// Whether exact times are shown in the browser's zone (UTC otherwise, the default).
pub fn load_local_times() -> bool {
    stored(TIMES_KEY).as_deref() == Some("local")
}

pub fn store_local_times(local: bool) {
    store(TIMES_KEY, Some(if local { "local" } else { "utc" }));
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
