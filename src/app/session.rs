//! The app-wide state, provided once in `App`: the connection (credential included), whether a
//! modal dialog is open, and the polite announcements. Also where the connection is kept
//! (sessionStorage, or localStorage when remembered) and what a page does without one.

use crate::api::Connection;
use crate::app::router::{read_location, use_location, Location, NavigateOptions};
use crate::app::settings::{store_settings, Settings};
use leptos::html;
use leptos::prelude::*;

/// Where the connection is stored, in sessionStorage or localStorage (src/first_load.js reads it
/// there too: see `first_load`).
pub const CONNECTION_KEY: &str = "pjc.connection";

#[derive(Clone, Copy)]
pub struct Session {
    pub connection: RwSignal<Option<Connection>>,
    /// How many modal dialogs are open (`count_dialog`): auto-refresh pauses and no keyboard
    /// shortcut fires while any is.
    pub dialogs: RwSignal<usize>,
    /// Text for the polite live region (and the visible toast).
    pub announcement: RwSignal<String>,
    /// Exact times in the browser's zone rather than UTC (the header's "Times"; remembered on
    /// this device). Views that write exact times read it to be written again when it changes.
    pub local_times: RwSignal<bool>,
    /// The keyboard shortcuts' chunk is wanted (a shortcut key pressed, or the footer's link).
    pub keys: RwSignal<bool>,
    /// Shortcut keys pressed before that chunk was in, for it to do in order.
    pub pending_keys: StoredValue<Vec<String>>,
    /// That chunk's listener is on (the first one then lets the keys be).
    pub keys_in: StoredValue<bool>,
    /// The dialog listing the keyboard shortcuts is open (`?`, or the footer's link).
    pub shortcuts: RwSignal<bool>,
    /// What the pages on screen offer the keyboard shortcuts ([`Session::offer_key_target`]),
    /// each with the number of its offer.
    key_targets: StoredValue<Vec<(u64, KeyTarget)>>,
}

/// Something a page offers the keyboard shortcuts (components/shortcuts.rs) while it is there.
#[derive(Clone)]
pub enum KeyTarget {
    /// The search field's box (its label and input): `/`.
    Search(NodeRef<html::Div>),
    /// Refresh: `r` (the page's own rule: nothing while it is busy).
    Refresh(Callback<()>),
    /// Where "← All jobs" goes: `Esc` on a job page, and `g` then `l`.
    Back(Signal<String>),
    /// The jobs table's rows: `j`, `k`, `x`.
    Rows(NodeRef<html::Tbody>),
}

thread_local! {
    /// The jobs list's URL and scroll position when a job was last opened from it.
    static LAST_LIST: std::cell::RefCell<Option<(String, f64)>> = const { std::cell::RefCell::new(None) };
}

/// Remembers the list's view (its URL) and scroll position as a job is opened from it: "← All
/// jobs" on the job's page goes back there.
pub fn remember_list(url: String, scroll_y: f64) {
    LAST_LIST.with(|l| *l.borrow_mut() = Some((url, scroll_y)));
}

/// The list view a job was last opened from, if any.
pub fn last_list() -> Option<String> {
    LAST_LIST.with(|l| l.borrow().as_ref().map(|(url, _)| url.clone()))
}

/// The scroll position to restore on the list at `url`, once (when it is the view a job was
/// opened from).
pub fn take_list_scroll(url: &str) -> Option<f64> {
    LAST_LIST.with(|l| {
        let mut l = l.borrow_mut();
        let (at, y) = l.as_mut()?;
        if at != url || *y <= 0.0 {
            return None;
        }
        Some(std::mem::take(y))
    })
}

impl Session {
    /// Counts a modal dialog of the calling component as open while `open` is true (`None`: while
    /// the component is there), and no longer once the component goes.
    pub fn count_dialog(&self, open: Option<RwSignal<bool>>) {
        let dialogs = self.dialogs;
        let counted = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let c = counted.clone();
        Effect::new(move |_| {
            let now = open.is_none_or(|o| o.get());
            if c.swap(now, std::sync::atomic::Ordering::Relaxed) != now {
                dialogs.update(|n| *n = if now { *n + 1 } else { n.saturating_sub(1) });
            }
        });
        on_cleanup(move || {
            if counted.swap(false, std::sync::atomic::Ordering::Relaxed) {
                dialogs.try_update(|n| *n = n.saturating_sub(1));
            }
        });
    }

    /// Offers `target` to the keyboard shortcuts until the calling component goes (the latest
    /// offer of a kind is the one they use).
    pub fn offer_key_target(&self, target: KeyTarget) {
        static OFFERS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        let mine = OFFERS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        self.key_targets.update_value(|t| t.push((mine, target)));
        let targets = self.key_targets;
        on_cleanup(move || {
            targets.try_update_value(|t| t.retain(|(offer, _)| *offer != mine));
        });
    }

    /// The latest target `pick` takes.
    pub fn key_target<T>(&self, pick: impl Fn(&KeyTarget) -> Option<T>) -> Option<T> {
        self.key_targets.try_with_value(|t| t.iter().rev().find_map(|(_, target)| pick(target))).flatten()
    }

    /// Whether a modal dialog is open.
    pub fn dialog_open(&self) -> bool {
        self.dialogs.get_untracked() > 0
    }

    pub fn new() -> Self {
        Self {
            connection: RwSignal::new(load()),
            dialogs: RwSignal::new(0),
            announcement: RwSignal::new(String::new()),
            local_times: RwSignal::new(crate::app::settings::load_local_times()),
            keys: RwSignal::new(false),
            pending_keys: StoredValue::new(Vec::new()),
            keys_in: StoredValue::new(false),
            shortcuts: RwSignal::new(false),
            key_targets: StoredValue::new(Vec::new()),
        }
    }

    /// The zone exact times are written in (tracked: a view that writes them follows "Times").
    pub fn zone(&self) -> crate::text::format::Zone {
        crate::text::format::Zone::local(self.local_times.get())
    }

    /// Shows exact times in the browser's zone (`true`) or in UTC, and remembers it.
    pub fn set_local_times(&self, local: bool) {
        crate::app::settings::store_local_times(local);
        self.local_times.set(local);
    }

    /// Keeps the connection: sessionStorage, or localStorage when "Remember on this device".
    pub fn connect(&self, conn: Connection) {
        store(&conn);
        store_settings(&Settings {
            base_url: conn.base_url.clone(),
            project_id: conn.project_id.clone(),
            oauth: conn.kind == crate::api::CredentialKind::OAuthToken,
        });
        self.connection.set(Some(conn));
    }

    /// Disconnect: forgets the credential in this tab and in every other open tab of the console
    /// (see [`follow_other_tabs`]).
    pub fn disconnect(&self) {
        self.forget();
        // Other tabs: a localStorage entry's removal reaches them as a `storage` event; a
        // sessionStorage one does not (each tab has its own), hence the message.
        if let Ok(channel) = web_sys::BroadcastChannel::new(TABS_CHANNEL) {
            let _ = channel.post_message(&DISCONNECTED.into());
            channel.close();
        }
    }

    /// Forgets the credential in this tab: memory, sessionStorage and localStorage (the base URL
    /// and project id stay, to prefill the form).
    fn forget(&self) {
        for s in [session_storage(), local_storage()].into_iter().flatten() {
            let _ = s.remove_item(CONNECTION_KEY);
        }
        self.connection.set(None);
    }

    /// A 401 mid-session: forgets the rejected credential and asks for it again, coming back to
    /// this very view afterwards. (Other tabs find out with their own next request.)
    pub fn expire(&self, location: Location) {
        location.navigate(&connect_url(&current_url(), true), NavigateOptions { replace: true, ..Default::default() });
        self.forget();
        self.announce("The credential was rejected (401). Connect again to continue.");
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

/// The channel the console's tabs tell each other a Disconnect on, and the message.
const TABS_CHANNEL: &str = "pjc.tabs";
const DISCONNECTED: &str = "disconnected";

/// A Disconnect in any open tab of the console reaches this one: it forgets the credential (no
/// further request is sent with it) and goes to the connect page. Called once, by `App`.
pub fn follow_other_tabs() {
    let session = use_session();
    let location = use_location();
    let follow = move || {
        if session.connection.with_untracked(Option::is_none) {
            return;
        }
        location.navigate("/", NavigateOptions { replace: true, ..Default::default() });
        session.forget();
        session.announce("Disconnected in another tab. The credential was removed from this browser.");
    };
    // A remembered credential (localStorage) removed, or the storage cleared, in another tab.
    let storage = window_event_listener(leptos::ev::storage, move |e| {
        let ours = e.key().is_none_or(|k| k == CONNECTION_KEY);
        if ours && e.new_value().is_none() && load().is_none() {
            follow();
        }
    });
    // A Disconnect in another tab, whatever storage it used.
    let channel = web_sys::BroadcastChannel::new(TABS_CHANNEL).ok();
    let on_message =
        wasm_bindgen::closure::Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
            if e.data().as_string().as_deref() == Some(DISCONNECTED) {
                follow();
            }
        });
    if let Some(c) = &channel {
        c.set_onmessage(Some(wasm_bindgen::JsCast::unchecked_ref(on_message.as_ref())));
    }
    let kept = send_wrapper::SendWrapper::new((channel, on_message));
    on_cleanup(move || {
        storage.remove();
        let (channel, _on_message) = kept.take();
        if let Some(c) = channel {
            c.close();
        }
    });
}

/// For a page that needs a connection: without one, it goes to the connect page, coming back
/// here afterwards (unless it is already on its way there, e.g. after a 401).
pub fn require_connection() {
    let session = use_session();
    let location = use_location();
    Effect::new(move |_| {
        if session.connection.with(Option::is_none) {
            let here = current_url();
            if here.starts_with("/projects/") {
                location.navigate(&connect_url(&here, false), NavigateOptions { replace: true, ..Default::default() });
            }
        }
    });
}

/// The page's own URL (path and query), to come back to after connecting again. Read from the
/// browser, so it is right in async tasks too.
fn current_url() -> String {
    let (path, search) = read_location();
    if search.is_empty() {
        path
    } else {
        format!("{path}?{search}")
    }
}

/// The connect page, coming back to `here` afterwards (`reason=expired` after a 401).
fn connect_url(here: &str, expired: bool) -> String {
    let next = jobs_api::filter::encode_component(here);
    if expired {
        format!("/?next={next}&reason=expired")
    } else {
        format!("/?next={next}")
    }
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
        .find_map(|s| s.get_item(CONNECTION_KEY).ok().flatten())
        .and_then(|text| Connection::from_json(&text))
}

fn store(conn: &Connection) {
    let text = conn.to_json();
    let (keep, other) =
        if conn.remember { (local_storage(), session_storage()) } else { (session_storage(), local_storage()) };
    if let Some(o) = other {
        let _ = o.remove_item(CONNECTION_KEY);
    }
    if let Some(k) = keep {
        let _ = k.set_item(CONNECTION_KEY, &text);
    }
}

#[cfg(test)]
mod tests {
    use super::connect_url;

    #[test]
    fn the_connect_url_comes_back_to_the_view() {
        assert_eq!(connect_url("/projects/p/jobs?type=batch", false), "/?next=%2Fprojects%2Fp%2Fjobs%3Ftype%3Dbatch");
        assert!(connect_url("/projects/p/jobs", true).ends_with("&reason=expired"));
    }
}
