//! The keyboard shortcuts, on every page, and the dialog that lists them (`?`, or the footer's
//! "Keyboard shortcuts"). None fires while the person types in a field, nor with Ctrl, Alt or ⌘.
//!
//! Their code is a chunk of its own ([`Shortcuts`], `pages::lazy`), fetched when the first
//! shortcut key is pressed (or the footer's link followed): until then [`listen`], from the app's
//! start, takes those keys (kept in `Session::pending_keys`) and asks for the chunk, which does
//! what they ask for, in order, once it is in; then its own listener has the keyboard.
//!
//! The shortcuts act on what the page on screen offers them (`session::KeyTarget`): `/` its search
//! field, `r` its Refresh, `j`/`k` move the focus from one job link of its table to the next (the
//! row with the focus is outlined), `Enter` then follows that link, `x` checks the focused row's
//! box, and `Esc` on a job page goes its way back ("← All jobs"). A refresh keeps the focused
//! row (`job_rows::Rows::sync` gives the focus to a replaced row's successor).

use crate::app::router::{use_location, NavigateOptions, Route};
use crate::app::session::{use_session, KeyTarget};
use crate::components::job_rows;
use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Every shortcut and what it does, as the dialog lists them.
pub const SHORTCUTS: [(&str, &str); 8] = [
    ("/", "Focus the search"),
    ("j / k", "Next / previous job in the list"),
    ("Enter", "Open the focused job"),
    ("x", "Select the focused job"),
    ("r", "Refresh"),
    ("g then l", "Go to the jobs list"),
    ("Esc", "Close a dialog; on a job page, back to its list"),
    ("?", "Show these shortcuts"),
];

/// What a key pressed outside any field asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Command {
    Search,
    Next,
    Previous,
    Select,
    Refresh,
    /// `g`: the first key of "g then l".
    Go,
    List,
    Back,
    Help,
}

/// The command of `key` (`KeyboardEvent.key`), given whether `g` came just before.
pub fn command(key: &str, after_g: bool) -> Option<Command> {
    Some(match key {
        "l" if after_g => Command::List,
        "/" => Command::Search,
        "j" => Command::Next,
        "k" => Command::Previous,
        "x" => Command::Select,
        "r" => Command::Refresh,
        "g" => Command::Go,
        "Escape" => Command::Back,
        "?" => Command::Help,
        _ => return None,
    })
}

/// Whether keys pressed on `el` are typing (a text field, a select, an editable element): no
/// shortcut fires then.
fn typing_in(el: &web_sys::Element) -> bool {
    let tag = el.tag_name().to_ascii_lowercase();
    match tag.as_str() {
        "textarea" | "select" => true,
        "input" => !matches!(el.get_attribute("type").as_deref(), Some("checkbox" | "radio" | "button" | "submit")),
        _ => el.closest("[contenteditable]:not([contenteditable=false])").ok().flatten().is_some(),
    }
}

/// Whether `ev` may be a shortcut: no modifier, not typing in a field, no dialog open (an open
/// dialog has the keyboard; Esc closes it by itself).
fn may_fire(ev: &web_sys::KeyboardEvent, dialog_open: bool) -> bool {
    let typing = ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()).is_some_and(|t| typing_in(&t));
    !(typing
        || dialog_open
        || ev.default_prevented()
        || ev.ctrl_key()
        || ev.meta_key()
        || ev.alt_key()
        || ev.is_composing())
}

/// Takes the shortcut keys pressed before the chunk is in, and asks for it (the `App` calls
/// this once). A key kept is not the page's (`Esc` excepted: it closes what it closes).
pub fn listen() {
    let session = use_session();
    let handle = move |ev: web_sys::KeyboardEvent| {
        if session.keys_in.get_value() || !may_fire(&ev, session.dialog_open()) {
            return;
        }
        let key = ev.key();
        if command(&key, true).is_none() {
            return;
        }
        if key != "Escape" {
            ev.prevent_default();
        }
        session.pending_keys.update_value(|k| k.push(key));
        session.keys.set(true);
    };
    let listener = window_event_listener(leptos::ev::keydown, handle);
    on_cleanup(move || listener.remove());
}

/// Moves the focus to the next (or previous) job of the table, from the row that has it (or
/// from the top).
fn step(rows: &web_sys::Element, forward: bool) -> bool {
    let links = job_rows::links(rows);
    let Some(last) = links.len().checked_sub(1) else { return false };
    let at = job_rows::focused_row(rows).and_then(|r| links.iter().position(|l| r.contains(Some(l))));
    let next = match (at, forward) {
        (None, _) => 0,
        (Some(i), true) => (i + 1).min(last),
        (Some(i), false) => i.saturating_sub(1),
    };
    let _ = links[next].focus();
    if let Some(row) = links[next].closest("tr").ok().flatten() {
        let nearest = web_sys::ScrollIntoViewOptions::new();
        nearest.set_block(web_sys::ScrollLogicalPosition::Nearest);
        row.scroll_into_view_with_scroll_into_view_options(&nearest);
    }
    true
}

/// The dialog's rows: each shortcut's keys and what it does.
fn shortcut_rows() -> impl IntoView {
    SHORTCUTS
        .iter()
        .map(|(keys, what)| {
            let keys = keys.split(' ').map(|k| match k {
                "/" if keys.len() > 1 => view! { " / " }.into_any(),
                "then" => view! { " then " }.into_any(),
                k => view! { <kbd>{k}</kbd> }.into_any(),
            });
            view! {
                <tr>
                    <th scope="row">{keys.collect_view()}</th>
                    <td>{*what}</td>
                </tr>
            }
        })
        .collect_view()
}

/// The shortcuts' own listener, the keys pressed before it came done first, and the dialog that
/// lists them.
#[component]
pub fn Shortcuts() -> impl IntoView {
    crate::browser::js::adopt_style(include_str!("../../style/views-and-shortcuts.css"));
    let session = use_session();
    let location = use_location();
    let back =
        move || session.key_target(|t| if let KeyTarget::Back(url) = t { Some(url.get_untracked()) } else { None });
    let rows =
        move || session.key_target(|t| if let KeyTarget::Rows(rows) = t { Some(*rows) } else { None })?.get_untracked();
    let after_g = StoredValue::new(0.0_f64);
    let go = move |url: Option<String>| url.map(|u| location.navigate(&u, NavigateOptions::default())).is_some();
    let go_list = move || {
        let url = match location.route.get_untracked() {
            Route::Jobs { .. } => return false,
            _ => back().or_else(|| {
                session.connection.with_untracked(|c| {
                    c.as_ref().map(|c| crate::list::view::list_page_url(&c.project_id, &Default::default()))
                })
            }),
        };
        go(url)
    };
    // Does what `key` asks for; whether it did anything.
    let run = move |key: &str| {
        let now = js_sys::Date::now();
        let g = now - after_g.get_value() < 1500.0;
        after_g.set_value(0.0);
        let Some(cmd) = command(key, g) else { return false };
        match cmd {
            Command::Search => session
                .key_target(|t| if let KeyTarget::Search(field) = t { Some(*field) } else { None })
                .is_some_and(crate::browser::js::focus_input),
            Command::Next => rows().is_some_and(|r| step(&r, true)),
            Command::Previous => rows().is_some_and(|r| step(&r, false)),
            Command::Select => {
                let row = rows().and_then(|r| job_rows::focused_row(&r));
                row.and_then(|r| job_rows::row_box(&r)).map(|b| b.click()).is_some()
            }
            Command::Refresh => session
                .key_target(|t| if let KeyTarget::Refresh(refresh) = t { Some(*refresh) } else { None })
                .map(|refresh| refresh.run(()))
                .is_some(),
            Command::Go => {
                after_g.set_value(now);
                true
            }
            Command::List => go_list(),
            Command::Back => match location.route.get_untracked() {
                Route::Job { .. } => go(back()),
                _ => false,
            },
            Command::Help => {
                session.shortcuts.set(true);
                true
            }
        }
    };
    let listener = window_event_listener(leptos::ev::keydown, move |ev: web_sys::KeyboardEvent| {
        if may_fire(&ev, session.dialog_open()) && run(&ev.key()) {
            ev.prevent_default();
        }
    });
    session.keys_in.set_value(true);
    for key in session.pending_keys.try_update_value(std::mem::take).unwrap_or_default() {
        run(&key);
    }
    on_cleanup(move || {
        listener.remove();
        session.keys_in.set_value(false);
    });

    // The dialog is in the page only while it is open.
    let dialog = NodeRef::<html::Dialog>::new();
    session.count_dialog(Some(session.shortcuts));
    Effect::new(move |_| {
        if let Some(d) = dialog.get() {
            crate::browser::js::show_modal(d.clone());
        }
    });
    move || {
        session.shortcuts.get().then(|| {
            view! {
                <dialog
                    node_ref=dialog
                    class="dialog shortcuts"
                    aria-labelledby="shortcuts-title"
                    on:close=move |_: leptos::ev::Event| session.shortcuts.set(false)
                >
                    <h2 id={"shortcuts-title"}>"Keyboard shortcuts"</h2>
                    <p class="muted">"Not while typing in a field."</p>
                    <table>
                        <thead>
                            <tr>
                                <th scope="col">"Key"</th>
                                <th scope="col">"Does"</th>
                            </tr>
                        </thead>
                        <tbody>{shortcut_rows()}</tbody>
                    </table>
                    <div class="dialog-buttons">
                        <button type="button" class="btn" autofocus on:click=move |_| session.shortcuts.set(false)>
                            "Close"
                        </button>
                    </div>
                </dialog>
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_map_to_their_commands() {
        assert_eq!(command("/", false), Some(Command::Search));
        assert_eq!(command("j", false), Some(Command::Next));
        assert_eq!(command("k", false), Some(Command::Previous));
        assert_eq!(command("x", false), Some(Command::Select));
        assert_eq!(command("r", false), Some(Command::Refresh));
        assert_eq!(command("g", false), Some(Command::Go));
        assert_eq!(command("l", true), Some(Command::List));
        assert_eq!(command("l", false), None);
        assert_eq!(command("Escape", false), Some(Command::Back));
        assert_eq!(command("?", false), Some(Command::Help));
        assert_eq!(command("R", false), None);
        assert_eq!(command("Enter", false), None, "Enter is the focused link's own");
    }
}
