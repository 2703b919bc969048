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
/// The time of the last Disconnect on this device (localStorage, ms since the epoch): a stored
/// connection made before it is deleted, not used. A tab-only copy survives its tab in ways no
/// message reaches (a closed tab reopened, a session restored, a tab duplicated or frozen).
pub const REVOKED_KEY: &str = "pjc.revoked";
/// Connections rejected with a 401 on this device (localStorage): the times they were made
/// (`Connection::made`, which every copy of one connection shares), spaced. A stored copy of
/// such a connection is deleted. Nothing of the secret is kept.
pub const REJECTED_KEY: &str = "pjc.rejected";
pub use crate::api::credential::USED_KEY;
/// A tab-only connection unused this long is forgotten (12 hours).
pub const TAB_IDLE_MS: u64 = 12 * 3600 * 1000;
/// The rejections kept (the newest).
const REJECTED_KEPT: usize = 16;

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
    /// The change inbox's chunk is wanted (`pages::changes`: after the list's first rows, the
    /// Tables page's first reading, or on the Changes page).
    pub changes_wanted: RwSignal<bool>,
    /// How many changes the inbox found unseen (the header's "Changes (N)").
    pub unseen_changes: RwSignal<usize>,
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
        let connection = load();
        // A watched project's change inbox reads from the start.
        let watched = connection.as_ref().is_some_and(|c| crate::app::settings::watched(&c.project_id));
        Self {
            connection: RwSignal::new(connection),
            dialogs: RwSignal::new(0),
            announcement: RwSignal::new(String::new()),
            local_times: RwSignal::new(crate::app::settings::load_local_times()),
            keys: RwSignal::new(false),
            changes_wanted: RwSignal::new(watched),
            unseen_changes: RwSignal::new(0),
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

    /// Disconnect: forgets the credential in this tab and in every other tab of the console on
    /// this device, open or not (see [`follow_other_tabs`] and [`REVOKED_KEY`]).
    pub fn disconnect(&self) {
        let at = now().to_string();
        if let Some(l) = local_storage() {
            let _ = l.set_item(REVOKED_KEY, &at);
        }
        self.forget(None);
        // Open tabs: at once, with the time (another tab may not read this tab's localStorage
        // write yet: Firefox passes it on later); a tab asleep meanwhile reads the time when it
        // is shown again.
        if let Ok(channel) = web_sys::BroadcastChannel::new(TABS_CHANNEL) {
            let _ = channel.post_message(&at.into());
            channel.close();
        }
    }

    /// Forgets the credential in this tab (memory) and its stored copies: those holding
    /// `secret`, or (`None`) every copy this tab can see (the base URL and project id stay, to
    /// prefill the form).
    fn forget(&self, secret: Option<&str>) {
        for s in [session_storage(), local_storage()].into_iter().flatten() {
            let stored = s.get_item(CONNECTION_KEY).ok().flatten().and_then(|t| Connection::from_json(&t));
            if secret.is_none_or(|secret| stored.is_some_and(|c| c.secret == secret)) {
                let _ = s.remove_item(CONNECTION_KEY);
            }
        }
        self.connection.set(None);
    }

    /// A 401 mid-session: forgets the rejected credential (only the copies holding it: another
    /// tab's remembered key stays) and asks for it again, coming back to this very view
    /// afterwards. (Other tabs find out with their own next request.)
    pub fn expire(&self, location: Location) {
        location.navigate(&connect_url(&current_url(), true), NavigateOptions { replace: true, ..Default::default() });
        if let Some(conn) = self.connection.get_untracked() {
            note_rejected(conn.made);
            self.forget(Some(&conn.secret));
        }
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

/// The channel the console's tabs tell each other a Disconnect on (the message: its time).
const TABS_CHANNEL: &str = "pjc.tabs";

/// A Disconnect in any tab of the console reaches this one: it forgets the credential (no
/// further request is sent with it) and goes to the connect page. So does, when the page is
/// shown again, anything that made its connection stale meanwhile (see [`stale`]). Checked at
/// once on a Disconnect message, and again whenever the page is shown (back from the
/// back/forward cache, or a hidden tab made visible: a frozen tab misses messages). Another
/// tab's 401 reaches this one with its own next request. Called once, by `App`.
pub fn follow_other_tabs() {
    let session = use_session();
    let location = use_location();
    let follow = move |why: Stale, revoked: Option<u64>| {
        if session.connection.with_untracked(Option::is_none) {
            return;
        }
        location.navigate("/", NavigateOptions { replace: true, ..Default::default() });
        // Deletes the stored copies that are stale (a newer one, made since, stays).
        let _ = load_since(revoked);
        session.connection.set(None);
        session.announce(match why {
            Stale::Revoked => "Disconnected in another tab. The credential was removed from this browser.",
            Stale::Rejected => "The credential was rejected (401) in another tab. Connect again to continue.",
            Stale::Idle => "The connection was unused for 12 hours and has been forgotten. Connect again to continue.",
        });
    };
    let check = move || {
        if let Some(why) = session.connection.with_untracked(|c| c.as_ref().and_then(|c| stale(c, now()))) {
            follow(why, None);
        }
    };
    // The page shown again (back from the back/forward cache: `pageshow`; a hidden tab made
    // visible: `visibilitychange`, which bubbles from the document): checked again.
    let shown = wasm_bindgen::closure::Closure::<dyn Fn()>::new(move || {
        if !document().hidden() {
            check();
        }
    });
    for event in ["pageshow", "visibilitychange"] {
        let _ = window().add_event_listener_with_callback(event, wasm_bindgen::JsCast::unchecked_ref(shown.as_ref()));
    }
    // A Disconnect in another tab, whatever storage it used.
    let channel = web_sys::BroadcastChannel::new(TABS_CHANNEL).ok();
    let on_message =
        wasm_bindgen::closure::Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
            if let Some(at) = e.data().as_string().and_then(|t| t.parse::<u64>().ok()) {
                follow(Stale::Revoked, Some(at));
            }
        });
    if let Some(c) = &channel {
        c.set_onmessage(Some(wasm_bindgen::JsCast::unchecked_ref(on_message.as_ref())));
    }
    let kept = send_wrapper::SendWrapper::new((channel, on_message, shown));
    on_cleanup(move || {
        let (channel, _on_message, shown) = kept.take();
        for event in ["pageshow", "visibilitychange"] {
            let _ = window()
                .remove_event_listener_with_callback(event, wasm_bindgen::JsCast::unchecked_ref(shown.as_ref()));
        }
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

/// The stored connection (this tab first, then this device), if any; a stored copy that is
/// [`stale`] is deleted, not used.
pub fn load() -> Option<Connection> {
    load_since(None)
}

/// [`load`], with a revocation time known besides the stored one (a Disconnect message's: the
/// other tab's localStorage write may not be readable here yet). Every stale copy is deleted.
fn load_since(revoked: Option<u64>) -> Option<Connection> {
    let now = now();
    let mut found = None;
    for s in [session_storage(), local_storage()].into_iter().flatten() {
        let Some(conn) = s.get_item(CONNECTION_KEY).ok().flatten().and_then(|t| Connection::from_json(&t)) else {
            continue;
        };
        if stale(&conn, now).is_some() || revoked.is_some_and(|at| conn.made <= at) {
            let _ = s.remove_item(CONNECTION_KEY);
        } else {
            found = found.or(Some(conn));
        }
    }
    found
}

/// Why a connection may no longer be used.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Stale {
    /// Made before the last Disconnect on this device.
    Revoked,
    /// Rejected (401) in some tab: copies of one connection share its time of making.
    Rejected,
    /// Kept for this tab only, and unused for [`TAB_IDLE_MS`].
    Idle,
}

/// Whether `conn` is stale at `now`, by what this device keeps ([`REVOKED_KEY`],
/// [`REJECTED_KEY`], [`USED_KEY`]).
pub fn stale(conn: &Connection, now: u64) -> Option<Stale> {
    let local = |k: &str| local_storage().and_then(|s| s.get_item(k).ok().flatten());
    let used = session_storage().and_then(|s| s.get_item(USED_KEY).ok().flatten());
    judge(conn, now, Kept { revoked: local(REVOKED_KEY), rejected: local(REJECTED_KEY), used })
}

/// What this device keeps about connections (see [`stale`]), as stored.
#[derive(Default)]
pub struct Kept {
    pub revoked: Option<String>,
    pub rejected: Option<String>,
    pub used: Option<String>,
}

/// [`stale`] on what is kept: src/first_load.js judges a stored connection the same way.
pub fn judge(conn: &Connection, now: u64, kept: Kept) -> Option<Stale> {
    // Whole milliseconds (a float's parsing and printing would add ~20 KB to the first load).
    let time = |t: &str| t.trim().parse::<u64>().ok();
    if kept.revoked.as_deref().and_then(time).is_some_and(|at| conn.made <= at) {
        return Some(Stale::Revoked);
    }
    if kept.rejected.as_deref().unwrap_or("").split(' ').filter_map(time).any(|made| made == conn.made) {
        return Some(Stale::Rejected);
    }
    let last_use = kept.used.as_deref().and_then(time).unwrap_or(conn.made).max(conn.made);
    (!conn.remember && now.saturating_sub(last_use) > TAB_IDLE_MS).then_some(Stale::Idle)
}

/// Records on this device that the connection made at `made` was rejected (the newest
/// [`REJECTED_KEPT`]).
fn note_rejected(made: u64) {
    let Some(l) = local_storage() else { return };
    let mut stamps = l.get_item(REJECTED_KEY).ok().flatten().unwrap_or_default();
    if stamps.split(' ').count() >= REJECTED_KEPT {
        stamps = stamps.split_once(' ').map(|(_, rest)| rest.to_owned()).unwrap_or_default();
    }
    let stamps = if stamps.is_empty() { made.to_string() } else { format!("{stamps} {made}") };
    let _ = l.set_item(REJECTED_KEY, &stamps);
}

/// The browser's clock, in whole milliseconds since the epoch.
fn now() -> u64 {
    js_sys::Date::now() as u64
}

/// Keeps `conn` in this tab (sessionStorage) or, remembered, on this device (localStorage).
/// Connecting for this tab only leaves another tab's remembered key alone.
fn store(conn: &Connection) {
    let text = conn.to_json();
    if conn.remember {
        if let Some(s) = session_storage() {
            let _ = s.remove_item(CONNECTION_KEY);
        }
    }
    if let Some(k) = if conn.remember { local_storage() } else { session_storage() } {
        let _ = k.set_item(CONNECTION_KEY, &text);
    }
    if let Some(s) = session_storage() {
        let _ = s.set_item(USED_KEY, &conn.made.to_string());
    }
}

#[cfg(test)]
mod tests {
    use super::{connect_url, judge, Kept, Stale, TAB_IDLE_MS};
    use crate::api::{Connection, CredentialKind};

    fn conn(made: u64, remember: bool) -> Connection {
        Connection {
            base_url: String::new(),
            project_id: "p".into(),
            kind: CredentialKind::ApiKey,
            secret: "pok_abc".into(),
            remember,
            made,
        }
    }

    fn kept(revoked: Option<&str>, rejected: Option<&str>, used: Option<&str>) -> Kept {
        Kept { revoked: revoked.map(Into::into), rejected: rejected.map(Into::into), used: used.map(Into::into) }
    }

    #[test]
    fn a_connection_made_before_the_last_disconnect_is_stale() {
        let now = 2_000_000;
        assert_eq!(judge(&conn(1000, false), now, Kept::default()), None);
        assert_eq!(judge(&conn(1000, true), now, kept(Some("1000"), None, None)), Some(Stale::Revoked));
        assert_eq!(judge(&conn(999, false), now, kept(Some("1000"), None, None)), Some(Stale::Revoked));
        assert_eq!(judge(&conn(1001, true), now, kept(Some("1000"), None, None)), None, "made after it");
        assert_eq!(judge(&conn(0, true), now, kept(Some("5"), None, None)), Some(Stale::Revoked), "stored untimed");
        assert_eq!(judge(&conn(1, true), now, kept(Some("garbage"), None, None)), None);
    }

    #[test]
    fn only_copies_of_a_rejected_connection_are_stale() {
        let now = 2_000_000;
        let rejected = "9000 4000";
        assert_eq!(judge(&conn(4000, true), now, kept(None, Some(rejected), None)), Some(Stale::Rejected));
        assert_eq!(judge(&conn(4000, false), now, kept(None, Some(rejected), None)), Some(Stale::Rejected));
        assert_eq!(judge(&conn(6000, true), now, kept(None, Some(rejected), None)), None, "connected again after");
        assert_eq!(judge(&conn(4001, true), now, kept(None, Some(rejected), None)), None, "another connection stays");
        assert_eq!(judge(&conn(4000, true), now, kept(None, Some("x 40000"), None)), None);
    }

    #[test]
    fn a_tab_only_connection_expires_after_twelve_hours_without_use() {
        let made = 1_000;
        let later = |ms: u64| made + ms;
        assert_eq!(judge(&conn(made, false), later(TAB_IDLE_MS), Kept::default()), None);
        assert_eq!(judge(&conn(made, false), later(TAB_IDLE_MS + 1), Kept::default()), Some(Stale::Idle));
        let used = later(TAB_IDLE_MS).to_string();
        assert_eq!(judge(&conn(made, false), later(TAB_IDLE_MS + 5), kept(None, None, Some(&used))), None);
        assert_eq!(judge(&conn(made, true), later(10 * TAB_IDLE_MS), Kept::default()), None, "remembered: kept");
    }

    #[test]
    fn the_connect_url_comes_back_to_the_view() {
        assert_eq!(connect_url("/projects/p/jobs?type=batch", false), "/?next=%2Fprojects%2Fp%2Fjobs%3Ftype%3Dbatch");
        assert!(connect_url("/projects/p/jobs", true).ends_with("&reason=expired"));
    }
}
