//! `/projects/{projectId}/changes`: what changed since the last look, in groups (Failed by cause,
//! Got worse, Recovered, Completed, Canceled or suspended, New), each with "Select these jobs",
//! "Show in list" and "Mark as seen"; "Copy summary" and "Mark all as seen" for all. Also the
//! inbox's part that every page has once it is wanted ([`InboxPart`]): its reading and the
//! banner on the list and the Tables page. The rules are `changes`'s.

mod group;
mod reading;

use crate::app::loader::now_ms;
use crate::app::router::{use_route, use_route_param, Route};
use crate::app::session::{require_connection, use_session};
use crate::changes::{banner_text, summary, Inbox, BANNER_AFTER_MS};
use crate::pages::job::copy::{use_copy, CopyFallback};
use jobs_api::filter::encode_component;
use leptos::prelude::*;

/// The Changes page's URL.
pub fn changes_url(project: &str) -> String {
    format!("/projects/{}/changes", encode_component(project))
}

/// The inbox's reading, and its banner on the jobs list and the Tables page.
#[component]
pub fn InboxPart() -> impl IntoView {
    crate::browser::js::adopt_style(include_str!("../../style/changes.css"));
    let reading = reading::use_inbox_reading();
    expect_context::<Inbox>().reading.set(Some(reading));
    let route = use_route();
    let clock = reading.clock;
    let text = Memo::new(move |_| {
        let project = match route.get() {
            Route::Jobs { project } | Route::Tables { project } => project,
            _ => return None,
        };
        let now = clock.get();
        reading.found.with(|f| {
            let f = f.as_ref().filter(|f| f.project == project && !f.groups.is_empty())?;
            (now - f.look.at > BANNER_AFTER_MS).then(|| (project, banner_text(&f.groups, f.look.at, now)))
        })
    });
    let location = crate::app::router::use_location();
    move || {
        text.get().map(|(project, text)| {
            let show = move |_| location.navigate(&changes_url(&project), Default::default());
            view! {
                <div class="notice inbox-banner" role="region" aria-label="Changes since your last look">
                    <span>{text}</span>
                    <button type="button" class="btn" on:click=show>"Show changes"</button>
                    <button type="button" class="btn" on:click=move |_| reading::mark_seen(reading, None)>
                        "Mark all as seen"
                    </button>
                </div>
            }
        })
    }
}

#[component]
pub fn ChangesPage() -> impl IntoView {
    crate::browser::js::adopt_style(include_str!("../../style/changes.css"));
    require_connection();
    let inbox = expect_context::<Inbox>();
    let session = use_session();
    if !session.changes_wanted.get_untracked() {
        session.changes_wanted.set(true);
    }
    let project = use_route_param(|r| if let Route::Changes { project } = r { Some(project) } else { None });
    // What was read of this project (a reading of another one is not shown here).
    let groups = Memo::new(move |_| {
        let p = project.get();
        let r = inbox.reading.get()?;
        r.found.with(|f| f.as_ref().filter(|f| f.project == p).map(|f| (f.look.at, f.groups.clone(), r.clock)))
    });
    let (copy, refused) = use_copy();
    let copy_summary = move |_| {
        let Some((at, g, _)) = groups.get_untracked() else { return };
        let origin = window().location().origin().unwrap_or_default();
        copy.run(("Summary".to_owned(), summary(&project.get_untracked(), &g, at, now_ms() as i64, &origin)));
    };
    let other_project = move || session.connection.with(|c| c.as_ref().is_some_and(|c| c.project_id != project.get()));
    view! {
        <div class="changes-page">
            <h1>"Changes"</h1>
            <p class="notice" hidden=move || !other_project()>
                "The console is connected to another project: its changes are shown on its own Changes page."
            </p>
            <p class="look-line">
                {move || groups.get().map(|(at, _, clock)| format!(
                    "Since your last look: {} ({})",
                    crate::text::format::exact(at, session.zone()),
                    crate::text::format::relative(at, clock.get()),
                ))}
            </p>
            <div class="changes-tools">
                <button type="button" class="btn" on:click=copy_summary disabled=move || groups.with(Option::is_none)>
                    "Copy summary"
                </button>
                <button type="button" class="btn" on:click=move |_| mark_all(inbox)
                    disabled=move || groups.with(|g| g.as_ref().is_none_or(|(_, g, _)| g.is_empty()))>
                    "Mark all as seen"
                </button>
                <button type="button" class="btn" on:click=move |_| refresh(inbox)>"Refresh"</button>
                <WatchSwitch project=project/>
            </div>
            <CopyFallback refused=refused/>
            {move || inbox.reading.get().map(|r| r.loader.error_notice(r.reload))}
            {move || match groups.get() {
                None => view! { <p class="empty" role="status">"Reading the changes…"</p> }.into_any(),
                Some((_, g, _)) if g.is_empty() => {
                    view! { <p class="empty" role="status">"Nothing changed since your last look."</p> }.into_any()
                }
                Some((_, g, clock)) => view! {
                    <p class="changes-count" role="status">{crate::changes::counts_text(&g)}</p>
                    <group::Kinds project=project.get_untracked() groups=g clock=clock/>
                }
                .into_any(),
            }}
        </div>
    }
}

fn refresh(inbox: Inbox) {
    if let Some(r) = inbox.reading.get_untracked() {
        r.reload.run(());
    }
}

fn mark_all(inbox: Inbox) {
    if let Some(r) = inbox.reading.get_untracked() {
        reading::mark_seen(r, None);
    }
}

/// "Watch this project": remembered per project on this device; turning it on asks for
/// notifications (and only then).
#[component]
fn WatchSwitch(project: Memo<String>) -> impl IntoView {
    let inbox = expect_context::<Inbox>();
    let session = use_session();
    let on = move || inbox.reading.get().is_some_and(|r| r.watched.get());
    let toggle = move |_| {
        let Some(r) = inbox.reading.get_untracked() else { return };
        let (p, on) = (project.get_untracked(), !r.watched.get_untracked());
        crate::app::settings::store(&format!("{}{p}", crate::app::settings::WATCH_KEY), on.then_some("1"));
        r.watched.set(on);
        if !on {
            session.announce(format!("No longer watching {p}."));
            return;
        }
        leptos::task::spawn_local(async move {
            session.announce(if crate::browser::notifications::ask().await {
                format!("Watching {p}: a notification for each new failure or health change while the console is open.")
            } else {
                format!("Watching {p}. Notifications are blocked for this site: the tab's title and the header's count say what changed.")
            });
        });
    };
    view! {
        <button type="button" class="btn switch" role="switch" aria-checked=move || on().to_string()
            disabled=move || inbox.reading.with(Option::is_none) on:click=toggle>
            "Watch this project"
        </button>
    }
}
