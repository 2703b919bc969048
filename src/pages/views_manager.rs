//! The jobs list's saved views, a chunk of its own (`pages::lazy`, `LazyPage::Views`): links
//! above the filters, each with Rename and Delete, and "Save view" (its name asked in the page's
//! dialog). `saved_views` keeps them. The list fetches this chunk when the project has saved
//! views (once its first answer is in), or when "Save view" is first pressed (the list's own
//! button until then: `list_controls::ViewsContext`).

use crate::app::session::use_session;
use crate::app::settings::{store, stored};
use crate::components::confirm_dialog::ConfirmDialog;
use crate::list::saved_views::{self, query_of, ProjectViews, VIEWS_KEY};
use crate::pages::list_controls::ViewsContext;
use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Builds the saved views.
pub fn part() -> AnyView {
    crate::browser::js::adopt_style(include_str!("../../style/views-and-shortcuts.css"));
    view! { <Views /> }.into_any()
}

/// This project's saved views, kept on this device.
#[derive(Clone, Copy)]
struct Saved {
    views: RwSignal<ProjectViews>,
    /// The list's view on screen, as a saved view's query.
    current: Memo<String>,
    /// Stores the views and shows them.
    keep: Callback<ProjectViews>,
}

/// The name dialog: saving the view on screen (`Some(None)`) or renaming the view at
/// `Some(Some(i))`; `None` while closed.
#[derive(Clone, Copy)]
struct Naming {
    what: RwSignal<Option<Option<usize>>>,
    name: RwSignal<String>,
    problem: RwSignal<Option<&'static str>>,
}

impl Naming {
    fn start(&self, saved: Saved, what: Option<usize>) {
        let old = what.and_then(|at| saved.views.with_untracked(|v| v.views.get(at).map(|v| v.name.clone())));
        self.name.set(old.unwrap_or_default());
        self.problem.set(None);
        self.what.set(Some(what));
    }
}

/// The saved views of this project and "Save view".
#[component]
fn Views() -> impl IntoView {
    let session = use_session();
    let ViewsContext { view, save_asked: asked } = expect_context();
    let project = view.project;
    let views = RwSignal::new(ProjectViews::default());
    Effect::new(move |_| views.set(saved_views::read(stored(VIEWS_KEY).as_deref(), &project.get())));
    let keep = Callback::new(move |pv: ProjectViews| {
        let text = saved_views::write(stored(VIEWS_KEY).as_deref(), &project.get_untracked(), &pv);
        store(VIEWS_KEY, Some(&text));
        views.set(pv);
    });
    let saved = Saved { views, current: Memo::new(move |_| view.filter.with(query_of)), keep };
    let naming = Naming { what: RwSignal::new(None), name: RwSignal::new(String::new()), problem: RwSignal::new(None) };
    // "Save view" pressed before this chunk was in: its dialog, now.
    if asked.get_untracked() {
        asked.set(false);
        naming.start(saved, None);
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
    let delete = Callback::new(move |()| {
        if let Some(at) = deleting.get_untracked() {
            let gone = deleting_name();
            let mut pv = views.get_untracked();
            pv.delete(at);
            keep.run(pv);
            session.announce(format!("View {gone} deleted."));
        }
    });
    let ask_delete = Callback::new(move |at: usize| {
        deleting.set(Some(at));
        confirm_open.set(true);
    });
    view! {
        <nav class="views" aria-label="Saved views">
            <span class="views-name">"Views"</span>
            {move || views.with(|v| v.views.is_empty()).then(|| view! { <span class="muted">"None saved yet"</span> })}
            <ul class="views-list">{view_links(project, saved, naming, ask_delete)}</ul>
            <button type="button" class="btn btn-small save-view" on:click=move |_| naming.start(saved, None)>
                "Save view"
            </button>
        </nav>
        {move || naming.what.with(Option::is_some).then(|| name_dialog(saved, naming))}
        {move || {
            confirm_open
                .get()
                .then(|| {
                    view! {
                        <ConfirmDialog
                            open=confirm_open
                            title=Signal::derive(move || format!("Delete view {}?", deleting_name()))
                            message=Signal::derive(|| {
                                "Only the saved view goes; no job and no filter of the list changes.".to_owned()
                            })
                            confirm_label=Signal::derive(|| "Delete view".to_owned())
                            dismiss_label=Signal::derive(|| "Keep it".to_owned())
                            on_confirm=delete
                        />
                    }
                })
        }}
    }
}

/// A link per saved view (the one on screen marked current), each with Rename and Delete.
fn view_links(project: Memo<String>, saved: Saved, naming: Naming, ask_delete: Callback<usize>) -> impl IntoView {
    move || {
        let p = project.get();
        saved.views.with(|pv| {
            pv.views
                .iter()
                .enumerate()
                .map(|(at, v)| {
                    let href = crate::list::view::list_page_url(&p, &crate::list::view::filter_from_query(&v.query));
                    let (vname, query) = (v.name.clone(), v.query.clone());
                    let here = query == saved.current.get();
                    let used = move |_| {
                        let mut pv = saved.views.get_untracked();
                        pv.last = Some(query.clone());
                        saved.keep.run(pv);
                    };
                    view! {
                        <li class="view">
                            <a href=href aria-current=here.then_some("page") on:click=used>
                                {vname.clone()}
                            </a>
                            <button
                                type="button"
                                class="btn btn-small btn-quiet"
                                aria-label=format!("Rename view {vname}")
                                on:click=move |_| naming.start(saved, Some(at))
                            >
                                "Rename"
                            </button>
                            <button
                                type="button"
                                class="btn btn-small btn-quiet"
                                aria-label=format!("Delete view {vname}")
                                on:click=move |_| ask_delete.run(at)
                            >
                                "Delete"
                            </button>
                        </li>
                    }
                })
                .collect_view()
        })
    }
}

/// The dialog that names the view to save, or the view to rename; in the page only while open.
fn name_dialog(saved: Saved, naming: Naming) -> impl IntoView {
    let session = use_session();
    let Naming { what, name, problem } = naming;
    let dialog = NodeRef::<html::Dialog>::new();
    Effect::new(move |_| {
        if let Some(d) = dialog.get() {
            crate::browser::js::show_modal(d);
        }
    });
    session.count_dialog(None);
    let submit = move || {
        let Some(which) = what.get_untracked() else { return };
        let text = name.get_untracked().trim().to_owned();
        if text.is_empty() {
            problem.set(Some("Enter a name for the view."));
            return;
        }
        let mut pv = saved.views.get_untracked();
        let said = match which {
            None if pv.save(&text, &saved.current.get_untracked()) => {
                format!("View {text} updated with the list as it is now.")
            }
            None => format!("View {text} saved."),
            Some(at) => {
                let old = pv.views.get(at).map(|v| v.name.clone()).unwrap_or_default();
                pv.rename(at, &text);
                format!("View {old} renamed to {text}.")
            }
        };
        saved.keep.run(pv);
        what.set(None);
        session.announce(said);
    };
    // Opened by the list's own "Save view" (hidden since), the focus has nowhere to go back
    // to: it goes to this one, in the views bar before the dialog (both `Views`' own markup).
    let closed = move |_: leptos::ev::Event| {
        let bar = dialog.get_untracked().and_then(|d| d.previous_element_sibling());
        let save = bar.and_then(|b| b.query_selector(".save-view").ok().flatten());
        let save = send_wrapper::SendWrapper::new(save.and_then(|b| b.dyn_into::<web_sys::HtmlElement>().ok()));
        what.set(None);
        let refocus = move || {
            let lost = match (document().active_element(), document().body()) {
                (Some(a), Some(body)) => a == *body || a.closest("[hidden]").ok().flatten().is_some(),
                _ => true,
            };
            if let Some(b) = save.take().filter(|_| lost) {
                let _ = b.focus();
            }
        };
        set_timeout(refocus, std::time::Duration::ZERO);
    };
    let renaming = move || what.get().flatten().is_some();
    view! {
        <dialog node_ref=dialog class="dialog" aria-labelledby="view-dialog-title" on:close=closed>
            <div>
                <h2 id="view-dialog-title">{move || if renaming() { "Rename view" } else { "Save view" }}</h2>
                <p class="muted">
                    {move || {
                        if renaming() {
                            "The view keeps its filters, sort and page size."
                        } else {
                            "Saves the list's filters, sort and page size on this device."
                        }
                    }}
                </p>
                <div class="field">
                    <label for="view-name">"View name"</label>
                    <input
                        id="view-name"
                        type="text"
                        autocomplete="off"
                        required
                        aria-invalid=move || problem.with(Option::is_some).then_some("true")
                        aria-describedby="view-name-problem"
                        on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                            if ev.key() == "Enter" {
                                ev.prevent_default();
                                submit();
                            }
                        }
                        prop:value=move || name.get()
                        on:input=move |ev| {
                            name.set(event_target_value(&ev));
                            problem.set(None);
                        }
                    />
                    <p id="view-name-problem" class="field-error" role="alert">
                        {move || problem.get()}
                    </p>
                </div>
                <div class="dialog-buttons">
                    <button type="button" class="btn" on:click=move |_| what.set(None)>
                        "Cancel"
                    </button>
                    <button type="button" class="btn btn-primary" on:click=move |_| submit()>
                        "Save"
                    </button>
                </div>
            </div>
        </dialog>
    }
}
