//! A real modal dialog (`<dialog>` with showModal): focus stays inside, Esc closes it.

use crate::session::use_session;
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
    on_confirm: Callback<()>,
) -> impl IntoView {
    let session = use_session();
    let dialog = NodeRef::<html::Dialog>::new();
    Effect::new(move |_| {
        let want = open.get();
        if let Some(d) = dialog.get() {
            if want && !d.open() {
                let _ = d.show_modal();
            } else if !want && d.open() {
                d.close();
            }
        }
        session.dialog_open.set(want);
    });
    on_cleanup(move || session.dialog_open.set(false));
    view! {
        <dialog node_ref=dialog class="dialog" aria-labelledby="dialog-title" aria-describedby="dialog-message"
            on:close=move |_: leptos::ev::Event| open.set(false)
            on:cancel=move |_: leptos::ev::Event| open.set(false)>
            <h2 id="dialog-title">{title}</h2>
            <p id="dialog-message">{message}</p>
            <div class="dialog-buttons">
                <button type="button" class="btn" autofocus on:click=move |_| open.set(false)>{dismiss_label}</button>
                <button type="button" class="btn btn-danger" on:click=move |_| {
                    open.set(false);
                    on_confirm.run(());
                }>{confirm_label}</button>
            </div>
        </dialog>
    }
}
