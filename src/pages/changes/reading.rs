//! The change inbox's reading: the project's jobs updated since the last look, newest first,
//! then on the auto-refresh interval only the pages updated since the last reading (the Tables
//! page's way: `board::read_on`, `Jobs::merge`). The first time on a project (no look yet) it
//! reads the 500 most recently updated jobs, one request, and takes the look silently. A look moved in
//! another tab comes on the tabs' channel, and the changes are worked out anew.
//!
//! Each tab reads when it opens; after that one tab reads for all (`changes::lead`), and tells
//! the others when it found something new (they then read too). When the project is watched,
//! its new failures and health changes bring a notification, from the reading tab only.

use crate::api::{self, ApiError, Inflight, ListRequest};
use crate::app::loader::{now_ms, use_loader, use_reader, Loader, Source, Ticket};
use crate::app::router::{use_location, Location};
use crate::app::session::{use_session, Session};
use crate::changes::lead::Lead;
use crate::changes::store::{self, Said};
use crate::changes::{diff, Found, Kind, Look, Reading};
use crate::tables::board::{read_on, Jobs, MOST};
use jobs_api::{JobFilter, SortColumn, SortOrder};
use leptos::prelude::*;
use std::future::Future;

/// The first look at a project (no look yet) is of its most recently updated jobs, one request:
/// an older job that changes later counts with what its own times prove (`changes::diff`).
const FIRST_LOOK: usize = 500;
/// A page of the readings after: most of the time one page holds all that is new.
const PAGE: usize = 100;

#[derive(Clone, Copy)]
struct InboxSource {
    found: RwSignal<Option<Found>, LocalStorage>,
    clock: RwSignal<i64>,
    watched: RwSignal<bool>,
    lead: StoredValue<Lead>,
    location: Location,
    session: Session,
    project: Memo<Option<String>>,
    auto: u32,
    inflight: Inflight,
}

impl Source for InboxSource {
    type Data = Found;

    fn read(&self, ticket: Ticket) -> Option<impl Future<Output = Result<Found, ApiError>> + 'static> {
        let conn = self.session.connection.get_untracked()?;
        let project = self.project.get_untracked()?;
        let inflight = self.inflight;
        // What was read before, when it was of this project.
        let before = self.found.with_untracked(|f| f.as_ref().filter(|f| f.project == project).cloned());
        Some(async move {
            let (look, mut jobs) = match before {
                Some(f) => (Some(f.look), f.jobs),
                None => (store::load(&project), Jobs::default()),
            };
            let since = jobs.newest().or(look.as_ref().map(|l| l.at));
            let page_size = if look.is_some() { PAGE } else { FIRST_LOOK };
            let mut pages = Vec::new();
            for page in 0..MOST / page_size {
                let filter = JobFilter {
                    sort_column: Some(SortColumn::LastUpdatedDateTime),
                    sort_order: Some(SortOrder::Desc),
                    pagination_limit: Some(page_size as u32),
                    pagination_offset: Some((page * page_size) as u64),
                    ..JobFilter::default()
                };
                let req = ListRequest { conn: conn.clone(), project: project.clone(), filter };
                let list = api::list_jobs(&req, Some(inflight)).await?;
                if !ticket.is_current() {
                    return Err(ApiError::Aborted);
                }
                let go_on = look.is_some() && list.more_results_available && read_on(&list.values, page_size, since);
                pages.push(list.values);
                if !go_on {
                    break;
                }
            }
            jobs.merge(pages.into_iter().rev().flatten().collect());
            let look = look.unwrap_or_else(|| {
                // The first look at this project: everything read is seen now.
                let mut look = Look::new(now_ms() as i64);
                look.see(jobs.values());
                store::save(&project, &look);
                look
            });
            jobs.retain_updated_after(look.at);
            // Timed for `cargo xtask bench` (the `pjc:diff` measure).
            let performance = window().performance();
            if let Some(p) = &performance {
                let _ = p.mark("pjc:diff-start");
            }
            let groups = diff(&look, jobs.values());
            if let Some(p) = &performance {
                let _ = p.measure_with_start_mark("pjc:diff", "pjc:diff-start");
            }
            Ok(Found { project, look, jobs, groups })
        })
    }

    fn apply(&self, found: Found) {
        if self.lead.get_value().leading() {
            let before = self.found.with_untracked(|f| f.as_ref().filter(|f| f.project == found.project).cloned());
            if let Some(before) = before.filter(|b| b.groups != found.groups) {
                Said::New(found.project.clone()).tell();
                if self.watched.get_untracked() {
                    notify(&before, &found, self.location);
                }
            }
        }
        publish(self.session, self.found, found);
    }

    // Not a page: says nothing to the page's listeners.
    fn settle(&self, _loader: Loader) {}

    /// The reading tab reads on the auto-refresh interval (a watched project, every minute when
    /// auto-refresh is off); the others when it says it found something new.
    fn due(&self, since: f64) -> bool {
        let every = match self.auto {
            0 if self.watched.get_untracked() => 60,
            every => every,
        };
        self.lead.get_value().leading() && every > 0 && since >= f64::from(every) * 1000.0
    }

    fn tick(&self, now: f64) {
        let now = now as i64;
        if now - self.clock.get_untracked() >= 30_000 {
            self.clock.set(now);
        }
        let (Some(project), Some(beat)) = (self.project.get_untracked(), self.lead.try_update_value(|l| l.tick(now)))
        else {
            return;
        };
        if beat {
            Said::Lead(project, self.lead.get_value().me).tell();
        }
    }
}

/// Puts a reading's result in the inbox: the count and the title follow, and the groups change
/// only if they did (a reading with nothing new touches no element).
fn publish(session: Session, to: RwSignal<Option<Found>, LocalStorage>, found: Found) {
    let n = crate::changes::count(&found.groups);
    if session.unseen_changes.get_untracked() != n {
        session.unseen_changes.set(n);
    }
    show_count_in_title(n);
    to.set(Some(found));
}

/// One notification for the new failures and health changes of a reading (those the reading
/// before did not have): "2 jobs failed: orders_daily, clicks_stream". Clicking it brings the
/// tab to the Changes page.
fn notify(before: &Found, now: &Found, location: Location) {
    if !crate::browser::notifications::allowed() {
        return;
    }
    let known =
        |id: &str, kind: Kind| before.groups.iter().any(|g| g.kind == kind && g.changes.iter().any(|c| c.job.id == id));
    let (mut fresh, mut kinds) = (Vec::new(), Vec::new());
    for g in now.groups.iter().filter(|g| matches!(g.kind, Kind::Failed | Kind::GotWorse)) {
        for c in g.changes.iter().filter(|c| !known(&c.job.id, g.kind)) {
            fresh.push(c);
            kinds.push(g.kind);
        }
    }
    let Some(text) = crate::changes::notification(&fresh, &kinds) else { return };
    let Some(n) = crate::browser::notifications::show(&text, &format!("Project {}", now.project)) else { return };
    let url = super::changes_url(&now.project);
    let on_click = wasm_bindgen::closure::Closure::once_into_js(move || {
        let _ = window().focus();
        location.navigate(&url, Default::default());
    });
    n.set_onclick(Some(wasm_bindgen::JsCast::unchecked_ref(&on_click)));
}

/// The tab's title starts with the count of unseen changes: "(3) Polaris Jobs Console".
fn show_count_in_title(n: usize) {
    let document = document();
    let title = document.title();
    let bare = match title.strip_prefix('(').and_then(|t| t.split_once(") ")) {
        Some((count, rest)) if count.bytes().all(|b| b.is_ascii_digit()) => rest.to_owned(),
        _ => title.clone(),
    };
    let want = if n > 0 { format!("({n}) {bare}") } else { bare };
    if want != title {
        document.set_title(&want);
    }
}

/// The project's look moved (here, or in another tab: its message carries it): the changes
/// worked out again from what was read.
fn rework(session: Session, to: RwSignal<Option<Found>, LocalStorage>, project: &str, look: Look) {
    let Some(mut found) = to.get_untracked().filter(|f| f.project == project) else { return };
    found.jobs.retain_updated_after(look.at);
    found.groups = diff(&look, found.jobs.values());
    found.look = look;
    publish(session, to, found);
}

/// Runs the reading while the app is connected (the project is the connection's), and follows
/// the looks moved in other tabs. Returns "read again now".
pub fn use_inbox_reading() -> Reading {
    let session = use_session();
    let loader = use_loader();
    let found = RwSignal::new_local(None);
    let now = now_ms();
    let clock = RwSignal::new(now as i64);
    let project = Memo::new(move |_| session.connection.with(|c| c.as_ref().map(|c| c.project_id.clone())));
    let watched = RwSignal::new(false);
    // A random number for this tab (tabs only tell who leads apart).
    let lead = StoredValue::new(Lead::new((js_sys::Math::random() * 9e15) as u64, now as i64));
    let source = InboxSource {
        found,
        clock,
        watched,
        lead,
        location: use_location(),
        session,
        project,
        auto: crate::app::settings::load_auto_refresh(),
        inflight: Inflight::new(),
    };
    let reload = use_reader(source, loader);
    Effect::new(move |_| {
        if let Some(p) = project.get() {
            watched.set(crate::app::settings::watched(&p));
            reload.run(());
        }
    });
    let reading = Reading { found, loader, reload, session, clock, watched };
    follow_other_tabs(reading, lead, project);
    reading
}

/// What the other tabs say: a look moved, who reads, something new.
fn follow_other_tabs(reading: Reading, lead: StoredValue<Lead>, project: Memo<Option<String>>) {
    use wasm_bindgen::prelude::*;
    let Ok(channel) = web_sys::BroadcastChannel::new(store::LOOKS_CHANNEL) else { return };
    let on_message = Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |ev: web_sys::MessageEvent| {
        let Some(said) = ev.data().as_string().and_then(|t| Said::from_text(&t)) else { return };
        let ours = |p: &String| project.get_untracked().as_ref() == Some(p);
        match said {
            Said::Look(p, text) => {
                if let Some(look) = Look::from_text(&text) {
                    rework(reading.session, reading.found, &p, look);
                }
            }
            Said::Lead(p, tab) if ours(&p) => lead.update_value(|l| l.heard(tab, now_ms() as i64)),
            Said::Gone(p, tab) if ours(&p) => lead.update_value(|l| l.gone(tab)),
            Said::New(p) if ours(&p) => reading.reload.run(()),
            _ => {}
        }
    });
    channel.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // A reading tab that closes says so: another takes over at once.
    let on_hide = Closure::<dyn Fn()>::new(move || {
        let l = lead.get_value();
        if let (true, Some(p)) = (l.leading(), project.get_untracked()) {
            Said::Gone(p, l.me).tell();
        }
    });
    let _ = window().add_event_listener_with_callback("pagehide", on_hide.as_ref().unchecked_ref());
    let kept = send_wrapper::SendWrapper::new((channel, on_message, on_hide));
    on_cleanup(move || {
        let _ = window().remove_event_listener_with_callback("pagehide", kept.2.as_ref().unchecked_ref());
        kept.0.close();
    });
}

/// Marks these jobs (`None`: every job, and the look moves to now) as seen: kept on this device
/// and told to the other tabs.
pub fn mark_seen(reading: Reading, ids: Option<&[String]>) {
    let session = reading.session;
    let Some(found) = reading.found.get_untracked() else { return };
    let mut look = found.look.clone();
    match ids {
        None => {
            look.at = now_ms() as i64;
            look.see(found.jobs.values());
        }
        Some(ids) => look.see(found.jobs.values().filter(|j| ids.contains(&j.id))),
    }
    let project = found.project.clone();
    if !store::save(&project, &look) {
        session.announce("Could not keep what was seen: this browser's storage refused.");
    }
    Said::Look(project.clone(), look.to_text()).tell();
    rework(session, reading.found, &project, look);
}
