//! The new-job page's tools beside its JSON editor, each kept in step with one member of the
//! spec (`job_spec::SpecEdit`): a SQL job's query as lines of text, a delete's "soft delete",
//! a streaming job's "replace the running job"; and the dialog before a permanent delete.

use crate::job::spec::{SpecEdit, SpecFacts};
use jobs_api::JobType;
use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// The fields beside the editor and the permanent-delete dialog, written as HTML once; what
/// changes is set by [`sync`] (see [`SpecFields`]).
const MARKUP: &str = concat!(
    r#"<div class="field" data-for="sql" hidden><label for="sql-query">SQL query</label>"#,
    r#"<div class="editor"><pre class="gutter" aria-hidden="true">1</pre>"#,
    r#"<textarea id="sql-query" spellcheck="false" autocomplete="off" autocapitalize="off" wrap="off" rows="10" aria-describedby="sql-query-help"></textarea></div>"#,
    r#"<p id="sql-query-help" class="help">The spec's query, kept in step with the JSON below both ways.</p></div>"#,
    r#"<div class="field check-field" data-for="delete" hidden>"#,
    r#"<input id="soft-delete" type="checkbox" aria-describedby="soft-delete-help"><label for="soft-delete">Keep the data restorable (soft delete)</label>"#,
    r#"<p id="soft-delete-help" class="help"></p></div>"#,
    r#"<div class="field check-field replace-running" role="group" aria-labelledby="replace-running-says" data-for="stream" hidden>"#,
    r#"<p id="replace-running-says" class="notice warn"><span></span><a hidden><code></code></a><span></span></p>"#,
    r#"<input id="replace-running" type="checkbox" aria-describedby="replace-running-help"><label for="replace-running">Replace the running job</label>"#,
    r#"<p id="replace-running-help" class="help">A table takes one streaming job at a time: ticked, the running job is canceled and this one takes its place (replaceRunning).</p>"#,
    r#"<p class="notice error" hidden></p></div>"#,
    r#"<dialog class="dialog" aria-labelledby="permanent-title" aria-describedby="permanent-message"><h2 id="permanent-title"></h2>"#,
    r#"<p id="permanent-message">Without soft delete the data cannot be restored. To keep it restorable, go back and tick "Keep the data restorable (soft delete)".</p>"#,
    r#"<div class="field"><label for="dialog-typed">Type the table name to delete its data permanently</label>"#,
    r#"<input id="dialog-typed" type="text" autocomplete="off" spellcheck="false"></div>"#,
    r#"<div class="dialog-buttons"><button type="button" class="btn" data-act="keep" autofocus>Keep editing</button>"#,
    r#"<button type="button" class="btn btn-danger" data-act="confirm" disabled>Delete permanently</button></div></dialog>"#,
);

/// The new-job page's tools beside its editor, each bound to one member of the spec: a SQL
/// job's query as lines of SQL (not a JSON string with `\n` in it); a delete's "soft delete"
/// (ticked, the data can be brought back; unticked, it is gone for good); and, for a streaming
/// job into a table that has one running, which one and the choice to replace it
/// (`replaceRunning`), with the API's refusal of that case. And the dialog that asks for the
/// table's name before a permanent delete ([`open_permanent_delete`]).
///
/// Written as HTML once, shown or hidden by the spec's type, kept in step by one effect and
/// one listener per kind of event: as `view!`s (and `ConfirmDialog`) they made the new-job
/// page's download 9 KB brotli larger, past its budget (docs/performance.md).
#[component]
pub fn SpecFields(
    /// The element the tools are written into (the page opens the dialog through it).
    root: NodeRef<html::Div>,
    /// What the spec says (`None` while it is not a JSON object).
    facts: Memo<Option<SpecFacts>>,
    /// Makes a change to the spec.
    edit: Callback<SpecEdit>,
    /// The streaming job running into the spec's table, and its page, if one is known.
    running: RwSignal<Option<(String, String)>>,
    /// The API's message when it refused the job as a second streaming job into its table.
    refused: Memo<Option<String>>,
    /// A permanent delete was confirmed.
    on_confirm: Callback<()>,
) -> impl IntoView {
    Effect::new(move |_| {
        let Some(el) = root.get() else { return };
        if el.first_element_child().is_none() {
            crate::text::html::set_inner(&el, &crate::text::html::literal(MARKUP));
        }
        facts.with(|f| running.with(|r| refused.with(|m| sync(&el, f.as_ref(), r.as_ref(), m.as_deref()))));
    });
    // (The event's own target, not Leptos' `event_target`: its instance landed in the list's
    // first load.)
    let on_input = move |ev: leptos::ev::Event| {
        let Some(field) = target_of(&ev) else { return };
        match field.get_attribute("id").as_deref() {
            Some("sql-query") => edit.run(SpecEdit::Query(field.value())),
            Some("dialog-typed") => {
                if let Some((b, name)) = root.get_untracked().and_then(|r| dialog_of(&r)).and_then(|d| confirm_of(&d)) {
                    disable(&b, field.value().trim() != name);
                }
            }
            _ => {}
        }
    };
    let on_change = move |ev: leptos::ev::Event| {
        let Some(field) = target_of(&ev) else { return };
        match field.get_attribute("id").as_deref() {
            Some("soft-delete") => edit.run(SpecEdit::Flag("softDelete", field.checked())),
            Some("replace-running") => edit.run(SpecEdit::Flag("replaceRunning", field.checked())),
            _ => {}
        }
    };
    let on_click = move |ev: leptos::ev::MouseEvent| {
        let act = target_of(&ev).and_then(|t| t.get_attribute("data-act"));
        let Some(r) = root.get_untracked() else { return };
        let dialog = dialog_of(&r);
        match (act.as_deref(), dialog) {
            (Some("keep"), Some(d)) => d.close(),
            (Some("confirm"), Some(d)) if confirm_of(&d).is_some_and(|(b, _)| !b.has_attribute("disabled")) => {
                d.close();
                on_confirm.run(());
            }
            _ => {}
        }
    };
    view! { <div class="spec-tools" node_ref=root on:input=on_input on:change=on_change on:click=on_click></div> }
}

/// The element an event happened on, as a field (text area, box or button: their `value` and
/// `checked` are read by name).
fn target_of(ev: &web_sys::Event) -> Option<web_sys::HtmlInputElement> {
    Some(ev.target()?.unchecked_into())
}

/// Sets what the tools show for the spec `f`, the running job `running` and the refusal
/// `refused`; touches only what differs (a value being typed keeps its caret).
fn sync(root: &web_sys::Element, f: Option<&SpecFacts>, running: Option<&(String, String)>, refused: Option<&str>) {
    let kind = f.and_then(|f| f.job_type.as_ref());
    let has = |p: fn(&SpecFacts) -> bool| f.is_some_and(p);
    let find = |sel: &str| root.query_selector(sel).ok().flatten();
    let show = |el: Option<web_sys::Element>, on: bool| {
        if let Some(el) = el {
            if el.has_attribute("hidden") == on {
                let _ = if on { el.remove_attribute("hidden") } else { el.set_attribute("hidden", "") };
            }
        }
    };
    let text = |el: Option<web_sys::Element>, t: &str| {
        if let Some(el) = el.filter(|el| el.text_content().as_deref() != Some(t)) {
            el.set_text_content(Some(t));
        }
    };
    let check = |sel: &str, on: bool| {
        if let Some(b) = find(sel).map(|b| b.unchecked_into::<web_sys::HtmlInputElement>()) {
            if b.checked() != on {
                b.set_checked(on);
            }
        }
    };
    // The SQL query, and its lines numbered.
    show(find("[data-for=sql]"), kind == Some(&JobType::Sql));
    let query = f.and_then(|f| f.query.as_deref()).unwrap_or_default();
    let lines = query.matches('\n').count() + 1;
    if let Some(area) = find("#sql-query").map(|a| a.unchecked_into::<web_sys::HtmlInputElement>()) {
        if area.value() != query {
            area.set_value(query);
        }
        // As tall as the query (at least 10 lines): the numbers beside it never scroll apart.
        let _ = area.set_attribute("rows", &lines.max(10).to_string());
    }
    text(find("[data-for=sql] .gutter"), &(1..=lines).map(|n| n.to_string()).collect::<Vec<_>>().join("\n"));
    // Soft delete.
    show(find("[data-for=delete]"), matches!(kind, Some(JobType::DeleteData | JobType::DropTable)));
    check("#soft-delete", has(|f| f.soft_delete));
    text(
        find("#soft-delete-help"),
        if has(|f| f.soft_delete) {
            "softDelete is set: a Restore data job can bring the data back."
        } else {
            "Not ticked: the data is deleted permanently and cannot be restored."
        },
    );
    // A streaming job already running into the table.
    let replace = has(|f| f.replace_running);
    show(
        find("[data-for=stream]"),
        kind == Some(&JobType::Streaming) && (running.is_some() || replace || refused.is_some()),
    );
    let table = f.map_or("", |f| f.table.as_str());
    text(
        find("#replace-running-says span"),
        &match running {
            Some(_) => format!("{table} already has a running streaming job: "),
            None => format!("{table} may already have a running streaming job."),
        },
    );
    let link = find("#replace-running-says a");
    if let Some(a) = &link {
        let (id, href) = running.map_or(("", ""), |(id, href)| (id.as_str(), href.as_str()));
        let _ = a.set_attribute("href", href);
        text(a.first_element_child(), id);
    }
    show(link, running.is_some());
    text(find("#replace-running-says span:last-child"), if running.is_some() { "." } else { "" });
    check("#replace-running", replace);
    // The refusal: an alert while it is shown (no hidden alert lingers in the page).
    let alert = find("[data-for=stream] .error");
    if let Some(a) = &alert {
        let _ = if refused.is_some() { a.set_attribute("role", "alert") } else { a.remove_attribute("role") };
    }
    text(alert.clone(), refused.unwrap_or_default());
    show(alert, refused.is_some());
}

/// The permanent-delete dialog under the tools' element.
fn dialog_of(root: &web_sys::Element) -> Option<web_sys::HtmlDialogElement> {
    Some(root.query_selector("dialog").ok()??.unchecked_into())
}

/// The dialog's confirm button and the table name it waits for.
fn confirm_of(dialog: &web_sys::HtmlDialogElement) -> Option<(web_sys::Element, String)> {
    let button = dialog.query_selector("[data-act=confirm]").ok()??;
    Some((button, dialog.get_attribute("data-name").unwrap_or_default()))
}

/// Disables or enables a button (by its attribute: no binding of its own in the app's glue).
fn disable(button: &web_sys::Element, off: bool) {
    let _ = if off { button.set_attribute("disabled", "") } else { button.remove_attribute("disabled") };
}

/// Opens the permanent-delete dialog for this spec: its heading names the job and the table,
/// the field is emptied and the confirm button disabled until the name is typed.
pub fn open_permanent_delete(root: NodeRef<html::Div>, spec: &SpecFacts) {
    let Some(dialog) = root.get_untracked().and_then(|r| dialog_of(&r)) else { return };
    let title = match spec.job_type {
        Some(JobType::DropTable) => format!("Drop the table {} permanently?", spec.table),
        _ => format!("Delete data from {} permanently?", spec.table),
    };
    let _ = dialog.set_attribute("data-name", &spec.table);
    if let Some(h) = dialog.first_element_child() {
        h.set_text_content(Some(&title));
    }
    if let Some(field) = dialog.query_selector("input").ok().flatten() {
        field.unchecked_into::<web_sys::HtmlInputElement>().set_value("");
    }
    if let Some((b, _)) = confirm_of(&dialog) {
        disable(&b, true);
    }
    let _ = dialog.show_modal();
}
