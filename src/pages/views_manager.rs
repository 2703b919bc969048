//! The jobs list's tools that its first rows do not need, in a chunk of their own (fetched once
//! the list's first answer is in, `pages::lazy::Later`), each part in its place on the list page
//! ([`parts`]; `pages::lazy::Lazy` builds each):
//!
//! - the saved views (links with Rename and Delete) and "Save view", above the filters
//!   (`saved_views` keeps them);
//! - the Table and Connection filter fields, suggesting the names of the
//!   jobs loaded so far; a value applies on Enter (a table replaces the one before; connections
//!   add up: OR);
//! - the Columns menu and Compact rows (at the saved views' end), remembered on this device
//!   ([`COLUMNS_KEY`], [`COMPACT_KEY`]) and applied as the root element's `data-hide` and
//!   `data-compact` (which src/first_load.js sets before the first paint).
//!
//! Once built, they ask for the keyboard shortcuts' chunk too (`Session::keys`).

use crate::components::confirm_dialog::ConfirmDialog;
use crate::list_view::{with_filter, ListView};
use crate::saved_views::{self, query_of, ProjectViews, VIEWS_KEY};
use crate::selection::BulkContext;
use crate::session::use_session;
use jobs_api::filter::param;
use leptos::html;
use leptos::prelude::*;
use std::collections::BTreeSet;

pub use crate::settings::{COLUMNS_KEY, COMPACT_KEY, DEFAULT_HIDDEN};

/// The columns that can be hidden: their name in `data-hide`, and their header.
pub const COLUMNS: [(&str, &str); 5] = [
    ("by", "Created by"),
    ("source", "Source"),
    ("created", "Created"),
    ("updated", "Last updated"),
    ("duration", "Duration"),
];

/// The parts of the tools, each built where it belongs on the list page.
pub mod parts {
    /// The saved views, above the filters, with Columns and Compact rows at their end.
    pub const VIEWS: u8 = 0;
    /// The Table and Connection fields, among the filters.
    pub const FIELDS: u8 = 1;
}

/// Builds one part of the tools.
pub fn part(part: u8) -> AnyView {
    crate::js::adopt_style(include_str!("../../style/list-tools.css"));
    match part {
        parts::VIEWS => {
            use_session().keys.set(true);
            view! { <Views/> }.into_any()
        }
        _ => view! { <Fields view=expect_context() bulk=expect_context()/> }.into_any(),
    }
}

fn storage() -> Option<web_sys::Storage> {
    window().local_storage().ok().flatten()
}

fn stored(key: &str) -> Option<String> {
    storage()?.get_item(key).ok().flatten()
}

fn store(key: &str, value: Option<&str>) {
    if let Some(s) = storage() {
        let _ = match value {
            Some(v) => s.set_item(key, v),
            None => s.remove_item(key),
        };
    }
}

/// The saved views of this project and "Save view".
#[component]
fn Views() -> impl IntoView {
    let session = use_session();
    let view = expect_context::<ListView>();
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
    // The dialogs are in the page only while they are open.
    Effect::new(move |_| {
        let open = naming.with(Option::is_some);
        if let Some(d) = dialog.get() {
            if open && !d.open() {
                crate::js::show_modal(d.clone());
            }
        }
        session.dialog_open.set(open);
    });
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
            <button type="button" class="btn btn-small" on:click=move |_| start(None)>"Save view"</button>
            <Display/>
        </nav>
        {move || naming.with(Option::is_some).then(|| view! {
        <dialog node_ref=dialog class="dialog" aria-labelledby="view-dialog-title"
            on:close=move |_: leptos::ev::Event| naming.set(None)>
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

/// The datalist options of `names` (escaped).
pub fn options_html(names: &BTreeSet<String>) -> String {
    let mut out = String::new();
    for n in names {
        out.push_str("<option value=\"");
        crate::format::escape_html(&mut out, n);
        out.push_str("\"></option>");
    }
    out
}

/// The Table and Connection fields.
#[component]
fn Fields(view: ListView, bulk: BulkContext) -> impl IntoView {
    // Every table and connection of the jobs loaded since the list was opened (this project's).
    let names = StoredValue::new((String::new(), BTreeSet::<String>::new(), BTreeSet::<String>::new()));
    let tables = NodeRef::<html::Datalist>::new();
    let connections = NodeRef::<html::Datalist>::new();
    Effect::new(move |_| {
        let project = view.project.get();
        let grew = bulk.answer.with(|a| {
            names
                .try_update_value(|(p, t, c)| {
                    if *p != project {
                        *p = project.clone();
                        t.clear();
                        c.clear();
                    }
                    let before = t.len() + c.len();
                    for j in a.iter().flat_map(|l| l.values.iter()) {
                        if !j.table_name().is_empty() && !t.contains(j.table_name()) {
                            t.insert(j.table_name().to_owned());
                        }
                        if let Some(name) = j.source.as_ref().and_then(|s| s.connection_name.as_deref()) {
                            if !c.contains(name) {
                                c.insert(name.to_owned());
                            }
                        }
                    }
                    t.len() + c.len() != before
                })
                .unwrap_or(false)
        });
        if grew {
            names.with_value(|(_, t, c)| {
                if let (Some(tl), Some(cl)) = (tables.get(), connections.get()) {
                    crate::trusted_html::set_inner_html(&tl, &options_html(t));
                    crate::trusted_html::set_inner_html(&cl, &options_html(c));
                }
            });
        }
    });
    let apply = move |key: &'static str| {
        move |ev: leptos::ev::KeyboardEvent| {
            if ev.key() != "Enter" {
                return;
            }
            ev.prevent_default();
            let input = event_target::<web_sys::HtmlInputElement>(&ev);
            let value = input.value();
            if !value.trim().is_empty() {
                view.change(|f| *f = with_filter(f, key, &value));
                input.set_value("");
            }
        }
    };
    view! {
        <div class="field inline-field">
            <label for="table-filter">"Table"</label>
            <input id="table-filter" type="text" list="table-suggestions" autocomplete="off" spellcheck="false"
                placeholder="Table name, then Enter" on:keydown=apply(param::TARGET_TABLE_NAME)/>
            <datalist id="table-suggestions" node_ref=tables></datalist>
        </div>
        <div class="field inline-field">
            <label for="connection-filter">"Connection"</label>
            <input id="connection-filter" type="text" list="connection-suggestions" autocomplete="off" spellcheck="false"
                placeholder="Connection name, then Enter" on:keydown=apply(param::CONNECTION_NAME)/>
            <datalist id="connection-suggestions" node_ref=connections></datalist>
        </div>
    }
}

/// The columns hidden now (`data-hide` of the root element).
fn hidden() -> String {
    document()
        .document_element()
        .and_then(|r| r.get_attribute("data-hide"))
        .unwrap_or_else(|| DEFAULT_HIDDEN.to_owned())
}

/// Columns and Compact rows.
#[component]
fn Display() -> impl IntoView {
    let root = document().document_element();
    let compact = RwSignal::new(root.as_ref().is_some_and(|r| r.has_attribute("data-compact")));
    let shown = RwSignal::new(hidden());
    let toggle = move |id: &'static str| {
        let mut now: Vec<String> = shown.get_untracked().split_whitespace().map(str::to_owned).collect();
        match now.iter().position(|h| h == id) {
            Some(at) => {
                now.remove(at);
            }
            None => now.push(id.to_owned()),
        }
        let text = now.join(" ");
        if let Some(r) = document().document_element() {
            let _ = r.set_attribute("data-hide", &text);
        }
        store(COLUMNS_KEY, Some(&text));
        shown.set(text);
    };
    let boxes = COLUMNS
        .iter()
        .map(|&(id, label)| {
            let on = move || !shown.with(|h| h.split_whitespace().any(|x| x == id));
            view! {
                <label class="menu-item">
                    <input type="checkbox" prop:checked=on on:change=move |_| toggle(id)/>
                    " "{label}
                </label>
            }
        })
        .collect_view();
    let details = NodeRef::<html::Details>::new();
    // Esc closes the menu, and the focus goes back to its button.
    let close = move |ev: leptos::ev::KeyboardEvent| {
        if ev.key() == "Escape" {
            if let Some(d) = details.get_untracked() {
                if d.open() {
                    ev.prevent_default();
                    ev.stop_propagation();
                    d.set_open(false);
                    if let Ok(Some(s)) = d.query_selector("summary") {
                        let _ = s.unchecked_into::<web_sys::HtmlElement>().focus();
                    }
                }
            }
        }
    };
    view! {
        <div class="display">
            <details class="menu" node_ref=details on:keydown=close>
                <summary class="btn">"Columns"</summary>
                <fieldset class="menu-body">
                    <legend class="sr-only">"Columns shown"</legend>
                    {boxes}
                </fieldset>
            </details>
            <button type="button" class="chip" aria-pressed=move || compact.get().to_string() on:click=move |_| {
                let on = !compact.get_untracked();
                if let Some(r) = document().document_element() {
                    let _ = if on { r.set_attribute("data-compact", "") } else { r.remove_attribute("data-compact") };
                }
                store(COMPACT_KEY, on.then_some("1"));
                compact.set(on);
            }>"Compact rows"</button>
        </div>
    }
}

use wasm_bindgen::JsCast;
