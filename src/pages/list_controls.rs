//! The jobs list's controls that come with its first load: the Table and Connection filter
//! fields ([`Fields`], among the filters) and the Columns menu with Compact rows ([`Display`],
//! above them). The saved views are a chunk of their own (`pages::views_manager`).
//!
//! - Table and Connection suggest the names of the jobs loaded since the list opened (this
//!   project's); a value applies on Enter (a table replaces the one before; connections add up:
//!   OR), and the field empties for the next one.
//! - Columns and Compact rows are remembered on this device ([`COLUMNS_KEY`], [`COMPACT_KEY`])
//!   and applied as the root element's `data-hide` and `data-compact` (which src/first_load.js
//!   sets before the first paint).

use crate::app::settings::{store, COLUMNS_KEY, COMPACT_KEY, DEFAULT_HIDDEN};
use crate::list::view::{with_filter, ListView};
use crate::text::html::{self as markup, Html};
use jobs_api::JobList;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// The columns that can be hidden: their name in `data-hide`, and their header.
pub const COLUMNS: [(&str, &str); 5] = [
    ("by", "Created by"),
    ("source", "Source"),
    ("created", "Created"),
    ("updated", "Last updated"),
    ("duration", "Duration"),
];

/// What the saved views' chunk gets from the list (context): the list's view, and whether
/// "Save view" was pressed before the chunk was in (it opens its dialog once built, and sets
/// this back).
#[derive(Clone, Copy)]
pub struct ViewsContext {
    pub view: ListView,
    pub save_asked: RwSignal<bool>,
}

/// Adds `name` to the sorted `names` unless it is there; whether it was added.
pub fn add_name(names: &mut Vec<String>, name: &str) -> bool {
    match names.binary_search_by(|n| n.as_str().cmp(name)) {
        Ok(_) => false,
        Err(at) => {
            names.insert(at, name.to_owned());
            true
        }
    }
}

/// The Table and Connection fields as HTML (written once; `Fields` listens on their wrapper).
const FIELDS_HTML: &str = concat!(
    r#"<div class="field inline-field"><label for="table-filter">Table</label>"#,
    r#"<input id="table-filter" type="text" list="table-suggestions" autocomplete="off" spellcheck="false" "#,
    r#"placeholder="Table name, then Enter" data-k="targetTableName">"#,
    r#"<datalist id="table-suggestions"></datalist></div>"#,
    r#"<div class="field inline-field"><label for="connection-filter">Connection</label>"#,
    r#"<input id="connection-filter" type="text" list="connection-suggestions" autocomplete="off" spellcheck="false" "#,
    r#"placeholder="Connection name, then Enter" data-k="connectionName">"#,
    r#"<datalist id="connection-suggestions"></datalist></div>"#,
);

/// The Table and Connection fields; `answer` is the list's answer on screen. Their markup is
/// written as HTML, the suggestions too (one effect), and one listener takes Enter in either.
#[component]
pub fn Fields(view: ListView, answer: RwSignal<Option<JobList>>) -> impl IntoView {
    let fields = NodeRef::<leptos::html::Div>::new();
    // Every table and connection of the jobs loaded since the list was opened (this project's):
    // the effect's own state, written into the datalists when it grew.
    Effect::new(move |names: Option<(String, Vec<String>, Vec<String>)>| {
        // Names are taken in once their lists are there to write them into.
        let Some(fields) = fields.get() else { return names.unwrap_or_default() };
        let project = view.project.get();
        let (mut t, mut c) = match names {
            Some((p, t, c)) if p == project => (t, c),
            _ => (Vec::new(), Vec::new()),
        };
        let mut grew = false;
        answer.with(|a| {
            for j in a.iter().flat_map(|l| l.values.iter()) {
                if !j.table_name().is_empty() {
                    grew |= add_name(&mut t, j.table_name());
                }
                if let Some(name) = j.source.as_ref().and_then(|s| s.connection_name.as_deref()) {
                    grew |= add_name(&mut c, name);
                }
            }
        });
        if grew {
            for (id, names) in [("table-suggestions", &t), ("connection-suggestions", &c)] {
                if let Ok(Some(list)) = fields.query_selector(&format!("#{id}")) {
                    markup::set_inner(&list, &markup::options(names.iter().map(|n| (n.as_str(), "")), ""));
                }
            }
        }
        (project, t, c)
    });
    let apply = move |ev: leptos::ev::KeyboardEvent| {
        let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else { return };
        let Some(key) = input.get_attribute("data-k").filter(|_| ev.key() == "Enter") else { return };
        ev.prevent_default();
        let value = input.value();
        if !value.trim().is_empty() {
            view.change(|f| *f = with_filter(f, &key, &value));
            input.set_value("");
        }
    };
    view! {
        <div
            class="fields"
            node_ref=fields
            prop:innerHTML=markup::value(&markup::literal(FIELDS_HTML))
            on:keydown=apply
        ></div>
    }
}

/// `hidden` (space-separated column names) with `column` shown if it was hidden, hidden if not.
pub fn toggled(hidden: &str, column: &str) -> String {
    let mut out = String::with_capacity(hidden.len() + column.len() + 1);
    let mut was = false;
    for h in hidden.split(' ').filter(|h| !h.is_empty()) {
        if h == column {
            was = true;
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(h);
    }
    if !was {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(column);
    }
    out
}

/// The Columns menu (a box per column, checked when shown: not in `hidden`) and Compact rows
/// (pressed when `compact`), as HTML.
pub fn display_html(hidden: &str, compact: bool) -> Html {
    let mut out = markup::literal(concat!(
        r#"<details class="menu"><summary class="btn">Columns</summary>"#,
        r#"<fieldset class="menu-body"><legend class="sr-only">Columns shown</legend>"#,
    ));
    for (id, label) in COLUMNS {
        out.raw(r#"<label class="menu-item"><input type="checkbox" data-col=""#).text(id).raw("\"");
        if !hidden.split(' ').any(|h| h == id) {
            out.raw(" checked");
        }
        out.raw("> ").text(label).raw("</label>");
    }
    out.raw(r#"</fieldset></details><button type="button" class="chip" data-compact aria-pressed=""#);
    out.raw(if compact { "true" } else { "false" }).raw(r#"">Compact rows</button>"#);
    out
}

/// The columns the root element hides now (`data-hide`, which src/first_load.js set).
fn hidden_now(root: &web_sys::Element) -> String {
    root.get_attribute("data-hide").unwrap_or_else(|| DEFAULT_HIDDEN.to_owned())
}

/// Columns and Compact rows: their markup written as HTML from what the root element says now.
#[component]
pub fn Display() -> impl IntoView {
    let root = document().document_element();
    let compact = root.as_ref().is_some_and(|r| r.has_attribute("data-compact"));
    let hidden = root.as_ref().map_or_else(|| DEFAULT_HIDDEN.to_owned(), hidden_now);
    let target = |ev: &web_sys::Event| ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok());
    // One listener for both (a box's click comes after its check changed, by pointer or key):
    // a column shown or hidden, or Compact rows pressed; each remembered.
    let click = move |ev: web_sys::MouseEvent| {
        let (Some(el), Some(r)) = (target(&ev), document().document_element()) else { return };
        if let Some(id) = el.get_attribute("data-col") {
            let text = toggled(&hidden_now(&r), &id);
            let _ = r.set_attribute("data-hide", &text);
            store(COLUMNS_KEY, Some(&text));
        } else if el.has_attribute("data-compact") {
            let on = !r.has_attribute("data-compact");
            let _ = if on { r.set_attribute("data-compact", "") } else { r.remove_attribute("data-compact") };
            let _ = el.set_attribute("aria-pressed", if on { "true" } else { "false" });
            store(COMPACT_KEY, on.then_some("1"));
        }
    };
    // Esc closes the menu, and the focus goes back to its button.
    let close = move |ev: leptos::ev::KeyboardEvent| {
        let menu = target(&ev).and_then(|t| t.closest("details[open]").ok().flatten());
        if let Some(d) = menu.filter(|_| ev.key() == "Escape") {
            ev.prevent_default();
            ev.stop_propagation();
            let _ = d.remove_attribute("open");
            if let Ok(Some(s)) = d.query_selector("summary") {
                let _ = s.unchecked_into::<web_sys::HtmlElement>().focus();
            }
        }
    };
    view! {
        <div
            class="display"
            prop:innerHTML=markup::value(&display_html(&hidden, compact))
            on:click=click
            on:keydown=close
        ></div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_kept_sorted_once_each() {
        let mut names = Vec::new();
        assert!(add_name(&mut names, "orders"));
        assert!(add_name(&mut names, "accounts"));
        assert!(!add_name(&mut names, "orders"));
        assert!(add_name(&mut names, "zebra"));
        assert_eq!(names, ["accounts", "orders", "zebra"]);
    }

    #[test]
    fn the_fields_carry_the_query_parameters_they_set() {
        use jobs_api::filter::param;
        assert!(FIELDS_HTML.contains(r#"id="table-filter" "#));
        assert!(FIELDS_HTML.contains(&format!(r#"data-k="{}">"#, param::TARGET_TABLE_NAME)));
        assert!(FIELDS_HTML.contains(&format!(r#"data-k="{}">"#, param::CONNECTION_NAME)));
    }

    #[test]
    fn the_columns_menu_says_what_is_shown() {
        let html = display_html("duration by", true);
        assert!(html.contains(r#"data-col="by">"#), "hidden: not checked");
        assert!(html.contains(r#"data-col="source" checked>"#));
        assert!(html.contains(r#"data-col="duration">"#));
        assert!(html.contains(r#"aria-pressed="true">Compact rows"#));
        assert!(display_html("", false).matches(" checked>").count() == COLUMNS.len());
        assert!(display_html("", false).contains(r#"aria-pressed="false""#));
    }

    #[test]
    fn a_column_toggles_in_the_hidden_list() {
        assert_eq!(toggled("duration", "by"), "duration by");
        assert_eq!(toggled("duration by", "duration"), "by");
        assert_eq!(toggled("", "source"), "source");
        assert_eq!(toggled("  by ", "by"), "");
    }
}
