//! The jobs list's saved views, a chunk of its own (`pages::lazy`, `LazyPage::Views`): links
//! above the filters, each with Rename and Delete, and "Save view" (its name asked in the page's
//! dialog). `saved_views` keeps them. The list fetches this chunk when the project has saved
//! views (once its first answer is in), or when "Save view" is first pressed (the list's own
//! button until then: `list_controls::ViewsContext`).

use crate::components::confirm_dialog::ConfirmDialog;
use crate::pages::list_controls::ViewsContext;
use crate::saved_views::{self, query_of, ProjectViews, VIEWS_KEY};
use crate::session::use_session;
use crate::settings::{store, stored};
use leptos::html;
use leptos::prelude::*;

/// Builds the saved views.
pub fn part() -> AnyView {
    crate::js::adopt_style(include_str!("../../style/views-and-shortcuts.css"));
    view! { <Views/> }.into_any()
}

/// The saved views of this project and "Save view".
#[component]
fn Views() -> impl IntoView {
    let session = use_session();
    let ViewsContext { view, save_asked: asked } = expect_context();
    let project = view.project;
    let views = RwSignal::new(ProjectViews::default());
    Effect::new(move |_| views.set(saved_views::read(stored(VIEWS_KEY).as_deref(), &project.get())));
    let keep = move |pv: ProjectViews| {
        let text = saved_views::write(stored(VIEWS_KEY).as_deref(), &project.get_untracked(), &pv);
        store(VIEWS_KEY, Some(&text));
        views.set(pv);
    };
    let current = Memo::new(move |_| view.filter.with(query_of));

    // The name dialog: saving the view on screen (`None`) or renaming the view at `Some(i)`.
    let naming = RwSignal::new(None::<Option<usize>>);
    let name = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<&'static str>);
    let dialog = NodeRef::<html::Dialog>::new();
    let save_button = NodeRef::<html::Button>::new();
    // The dialogs are in the page only while they are open.
    Effect::new(move |_| {
        let open = naming.with(Option::is_some);
        if let Some(d) = dialog.get().filter(|_| open) {
            crate::js::show_modal(d);
        }
    });
    session.count_dialog(move || naming.with(Option::is_some));
    let submit = move || {
        let Some(what) = naming.get_untracked() else { return };
        let text = name.get_untracked().trim().to_owned();
        if text.is_empty() {
            problem.set(Some("Enter a name for the view."));
            return;
        }
        let mut pv = views.get_untracked();
        let said = match what {
            None => {
                if pv.save(&text, &current.get_untracked()) {
                    format!("View {text} updated with the list as it is now.")
                } else {
                    format!("View {text} saved.")
                }
            }
            Some(at) => {
                let old = pv.views.get(at).map(|v| v.name.clone()).unwrap_or_default();
                pv.rename(at, &text);
                format!("View {old} renamed to {text}.")
            }
        };
        keep(pv);
        naming.set(None);
        session.announce(said);
    };
    let start = move |what: Option<usize>| {
        name.set(
            what.and_then(|at| views.with_untracked(|v| v.views.get(at).map(|v| v.name.clone()))).unwrap_or_default(),
        );
        problem.set(None);
        naming.set(Some(what));
    };

    // "Save view" pressed before this chunk was in: its dialog, now.
    if asked.get_untracked() {
        asked.set(false);
        start(None);
    }

    let deleting = RwSignal::new(None::<usize>);
    let confirm_open = RwSignal::new(false);
    Effect::new(move |_| {
        if !confirm_open.get() {
            deleting.set(None);
        }
    });
    let deleting_name = move || {
        deleting.get().and_then(|at| views.with(|v| v.views.get(at).map(|v| v.name.clone()))).unwrap_or_default()
    };

    let links = move || {
        let p = project.get();
        views.with(|pv| {
            pv.views
                .iter()
                .enumerate()
                .map(|(at, v)| {
                    let href = crate::list_view::list_page_url(&p, &crate::list_view::filter_from_query(&v.query));
                    let (vname, query) = (v.name.clone(), v.query.clone());
                    let here = query == current.get();
                    let used = move |_| {
                        let mut pv = views.get_untracked();
                        pv.last = Some(query.clone());
                        keep(pv);
                    };
                    view! {
                        <li class="view">
                            <a href=href aria-current=here.then_some("page") on:click=used>{vname.clone()}</a>
                            <button type="button" class="btn btn-small btn-quiet" aria-label=format!("Rename view {vname}")
                                on:click=move |_| start(Some(at))>"Rename"</button>
                            <button type="button" class="btn btn-small btn-quiet" aria-label=format!("Delete view {vname}")
                                on:click=move |_| {
                                    deleting.set(Some(at));
                                    confirm_open.set(true);
                                }>"Delete"</button>
                        </li>
                    }
                })
                .collect_view()
        })
    };
    view! {
        <nav class="views" aria-label="Saved views">
            <span class="views-name">"Views"</span>
            {move || views.with(|v| v.views.is_empty()).then(|| view! { <span class="muted">"None saved yet"</span> })}
            <ul class="views-list">{links}</ul>
            <button type="button" class="btn btn-small save-view" node_ref=save_button on:click=move |_| start(None)>"Save view"</button>
        </nav>
        {move || naming.with(Option::is_some).then(|| view! {
        <dialog node_ref=dialog class="dialog" aria-labelledby="view-dialog-title"
            on:close=move |_: leptos::ev::Event| {
                naming.set(None);
                // Opened by the list's own "Save view" (hidden since), the focus has nowhere to
                // go back to: it goes to this one.
                set_timeout(
                    move || {
                        let lost = match (document().active_element(), document().body()) {
                            (Some(a), Some(body)) => a == *body || a.closest("[hidden]").ok().flatten().is_some(),
                            _ => true,
                        };
                        if let Some(b) = save_button.get_untracked().filter(|_| lost) {
                            let _ = b.focus();
                        }
                    },
                    std::time::Duration::ZERO,
                );
            }>
            <div>
                <h2 id="view-dialog-title">
                    {move || if naming.get().flatten().is_some() { "Rename view" } else { "Save view" }}
                </h2>
                <p class="muted">
                    {move || if naming.get().flatten().is_some() {
                        "The view keeps its filters, sort and page size."
                    } else {
                        "Saves the list's filters, sort and page size on this device."
                    }}
                </p>
                <div class="field">
                    <label for="view-name">"View name"</label>
                    <input id="view-name" type="text" autocomplete="off" required
                        aria-invalid=move || problem.with(Option::is_some).then_some("true")
                        aria-describedby="view-name-problem"
                        on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                            if ev.key() == "Enter" {
                                ev.prevent_default();
                                submit();
                            }
                        }
                        prop:value=move || name.get() on:input=move |ev| {
                            name.set(event_target_value(&ev));
                            problem.set(None);
                        }/>
                    <p id="view-name-problem" class="field-error" role="alert">{move || problem.get()}</p>
                </div>
                <div class="dialog-buttons">
                    <button type="button" class="btn" on:click=move |_| naming.set(None)>"Cancel"</button>
                    <button type="button" class="btn btn-primary" on:click=move |_| submit()>"Save"</button>
                </div>
            </div>
        </dialog>
        })}
        {move || confirm_open.get().then(|| view! {
        <ConfirmDialog open=confirm_open
            title=Signal::derive(move || format!("Delete view {}?", deleting_name()))
            message=Signal::derive(|| "Only the saved view goes; no job and no filter of the list changes.".to_owned())
            confirm_label=Signal::derive(|| "Delete view".to_owned())
            dismiss_label=Signal::derive(|| "Keep it".to_owned())
            on_confirm=Callback::new(move |()| {
                if let Some(at) = deleting.get_untracked() {
                    let gone = deleting_name();
                    let mut pv = views.get_untracked();
                    pv.delete(at);
                    keep(pv);
                    session.announce(format!("View {gone} deleted."));
                }
            })/>
        })}
    }
}
