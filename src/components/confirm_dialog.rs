//! A real modal dialog (`<dialog>` with showModal): focus stays inside, Esc closes it. For an
//! action that cannot be taken back, the person types a given text (the table's name, the
//! number of jobs) before the confirm button can be pressed.

use crate::app::session::use_session;
use leptos::html;
use leptos::prelude::*;

#[component]
pub fn ConfirmDialog(
    /// Whether the dialog is shown.
    open: RwSignal<bool>,
    /// The dialog's heading.
    #[prop(into)]
    title: Signal<String>,
    /// What will happen, in words.
    #[prop(into)]
    message: Signal<String>,
    /// The confirm button's label: the action's name.
    #[prop(into)]
    confirm_label: Signal<String>,
    /// Label of the button that keeps things as they are.
    #[prop(into)]
    dismiss_label: Signal<String>,
    /// What must be typed to confirm, and the field's label (`None`: confirm at once).
    #[prop(optional, into)]
    typed: Signal<Option<(String, String)>>,
    on_confirm: Callback<()>,
) -> impl IntoView {
    let session = use_session();
    let dialog = NodeRef::<html::Dialog>::new();
    let typing = RwSignal::new(String::new());
    Effect::new(move |_| {
        let want = open.get();
        if let Some(d) = dialog.get() {
            if want && !d.open() {
                typing.set(String::new());
                crate::browser::js::show_modal(d.clone());
            } else if !want && d.open() {
                d.close();
            }
        }
    });
    session.count_dialog(Some(open));
    let ready = move || typed.with(|t| t.as_ref().is_none_or(|(expected, _)| typing.with(|v| v.trim() == expected)));
    view! {
        <dialog node_ref=dialog class="dialog" aria-labelledby="dialog-title" aria-describedby="dialog-message"
            on:close=move |_: leptos::ev::Event| open.set(false)
            on:cancel=move |_: leptos::ev::Event| open.set(false)>
            <h2 id="dialog-title">{title}</h2>
            <p id="dialog-message">{message}</p>
            {move || typed.get().map(|(_, label)| view! {
                <div class="field">
                    <label for="dialog-typed">{label}</label>
                    <input id="dialog-typed" type="text" autocomplete="off" spellcheck="false"
                        prop:value=move || typing.get() on:input=move |ev| typing.set(event_target_value(&ev))/>
                </div>
            })}
            <div class="dialog-buttons">
                <button type="button" class="btn" autofocus on:click=move |_| open.set(false)>{dismiss_label}</button>
                <button type="button" class="btn btn-danger" prop:disabled=move || !ready() on:click=move |_| {
                    if ready() {
                        open.set(false);
                        on_confirm.run(());
                    }
                }>{confirm_label}</button>
            </div>
        </dialog>
    }
}
