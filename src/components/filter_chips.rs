//! A named group of toggle chips (`aria-pressed`), any number selected.
//!
//! The chips are written as HTML once, in the state they are in, and one effect keeps their
//! state in step (only the attributes that changed); one listener on the group takes every
//! click. A Leptos view per chip (two reactive attributes and a listener each) made the jobs
//! page's first build several milliseconds slower for its 17 chips.

use crate::list::view::active_filters;
use crate::text::html::{self as markup, Html};
use jobs_api::filter::JobFilter;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// One group: its visible name, its chips (wire value, label), which are on, and what a click
/// toggles.
#[component]
pub fn FilterChips(
    /// The group's visible name, e.g. "Health".
    name: &'static str,
    /// `(wire value, label)` per chip, in display order.
    options: Vec<(String, String)>,
    /// Wire values currently selected.
    #[prop(into)]
    selected: Signal<Vec<String>>,
    /// Called with the wire value of the chip clicked.
    on_toggle: Callback<String>,
) -> impl IntoView {
    let id = format!("chips-{}", name.to_ascii_lowercase().replace(' ', "-"));
    let html = selected.with_untracked(|s| chips_html(&id, name, &options, s));
    let group = NodeRef::<leptos::html::Div>::new();
    Effect::new(move |_| {
        let Some(group) = group.get() else { return };
        selected.with(|s| sync_pressed(&group, s));
    });
    let on_click = move |ev: leptos::ev::MouseEvent| {
        let chip = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|t| t.closest("button.chip").ok().flatten());
        if let Some(value) = chip.and_then(|c| c.get_attribute("data-value")) {
            on_toggle.run(value);
        }
    };
    view! {
        <div
            class="chip-group"
            role="group"
            aria-labelledby=id
            node_ref=group
            prop:innerHTML=markup::value(&html)
            on:click=on_click
        ></div>
    }
}

/// The group's name and chips, `selected` ones pressed (every value escaped).
pub fn chips_html(id: &str, name: &str, options: &[(String, String)], selected: &[String]) -> Html {
    let mut out = Html::with_capacity(80 + options.len() * 140);
    out.raw("<span class=\"chip-group-name\" id=\"");
    out.text(id);
    out.raw("\">");
    out.text(name);
    out.raw("</span>");
    for (value, label) in options {
        let on = selected.contains(value);
        out.raw("<button type=\"button\" class=\"");
        out.raw(if on { "chip on" } else { "chip" });
        out.raw("\" data-value=\"");
        out.text(value);
        out.raw("\" aria-pressed=\"");
        out.raw(if on { "true" } else { "false" });
        out.raw("\"><span class=\"chip-check\" aria-hidden=\"true\">✓</span>");
        out.text(label);
        out.raw("</button>");
    }
    out
}

/// The pills of [`active_filters`] as HTML (every value escaped): each says its filter and has a
/// button that removes it ("Remove filter Table: orders_daily"), which names the filter in
/// `data-k` and `data-v`.
pub fn pills_html(f: &JobFilter) -> Html {
    let mut out = Html::default();
    for (key, value, words) in active_filters(f) {
        out.raw("<span class=\"pill\" role=\"listitem\"><span>");
        out.text(&words);
        out.raw("</span><button type=\"button\" data-k=\"");
        out.raw(key);
        out.raw("\" data-v=\"");
        out.text(&value);
        out.raw("\" aria-label=\"Remove filter ");
        out.text(&words);
        out.raw("\">×</button></span>");
    }
    out
}

/// Presses the chips whose value is in `selected` and releases the others, touching only the
/// ones whose state changed.
fn sync_pressed(group: &web_sys::Element, selected: &[String]) {
    let Ok(chips) = group.query_selector_all("button.chip") else { return };
    for chip in (0..chips.length()).filter_map(|i| chips.item(i)).filter_map(|n| n.dyn_into::<web_sys::Element>().ok())
    {
        let on = chip.get_attribute("data-value").is_some_and(|v| selected.contains(&v));
        let pressed = if on { "true" } else { "false" };
        if chip.get_attribute("aria-pressed").as_deref() != Some(pressed) {
            let _ = chip.set_attribute("aria-pressed", pressed);
            let _ = chip.class_list().toggle_with_force("on", on);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chips_are_written_pressed_or_not_with_every_value_escaped() {
        let options = vec![("ok".to_owned(), "OK".to_owned()), ("a\"<b>".to_owned(), "A & B".to_owned())];
        let html = chips_html("chips-health", "Health", &options, &["ok".to_owned()]);
        assert_eq!(
            html.as_str(),
            concat!(
                r#"<span class="chip-group-name" id="chips-health">Health</span>"#,
                r#"<button type="button" class="chip on" data-value="ok" aria-pressed="true"><span class="chip-check" aria-hidden="true">✓</span>OK</button>"#,
                r#"<button type="button" class="chip" data-value="a&quot;&lt;b&gt;" aria-pressed="false"><span class="chip-check" aria-hidden="true">✓</span>A &amp; B</button>"#,
            )
        );
    }

    #[test]
    fn each_pill_says_its_filter_and_names_it_for_its_button() {
        let f = crate::list::view::filter_from_query("connectionName=s3%20%3Cb%3E&type=batch");
        let html = pills_html(&f);
        assert!(html.contains(r#"<span class="pill" role="listitem"><span>Connection: s3 &lt;b&gt;</span><button type="button" data-k="connectionName" data-v="s3 &lt;b&gt;" aria-label="Remove filter Connection: s3 &lt;b&gt;">×</button></span>"#), "{html}");
        assert_eq!(pills_html(&JobFilter::default()), "");
        assert_eq!(html.matches("class=\"pill\"").count(), 2);
    }
}
