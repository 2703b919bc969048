//! A named group of toggle chips (`aria-pressed`), any number selected.

use leptos::prelude::*;

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
    let labelled_by = id.clone();
    view! {
        <div class="chip-group" role="group" aria-labelledby=labelled_by>
            <span class="chip-group-name" id=id>{name}</span>
            {options
                .into_iter()
                .map(|(value, label)| {
                    let v = value.clone();
                    let pressed = move || selected.with(|s| s.contains(&v));
                    let pressed2 = pressed.clone();
                    view! {
                        <button type="button" class="chip" data-value=value.clone()
                            aria-pressed=move || pressed().to_string()
                            class:on=pressed2
                            on:click=move |_| on_toggle.run(value.clone())>
                            <span class="chip-check" aria-hidden="true">"✓"</span>
                            {label}
                        </button>
                    }
                })
                .collect_view()}
        </div>
    }
}
