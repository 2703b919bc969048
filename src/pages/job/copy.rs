//! Copying from the job page: to the clipboard, or (none on a plain-HTTP page, or refused) the
//! text shown selected for the person to copy.

use crate::app::session::use_session;
use leptos::html;
use leptos::prelude::*;

/// What was refused by the clipboard: its name and the text, shown in [`CopyFallback`].
pub type Refused = RwSignal<Option<(String, String)>>;

/// "Copy `(what, text)`": said when it worked, else shown in `refused`.
pub fn use_copy() -> (Callback<(String, String)>, Refused) {
    let session = use_session();
    let refused: Refused = RwSignal::new(None);
    let copy = Callback::new(move |(what, text): (String, String)| {
        leptos::task::spawn_local(async move {
            if crate::browser::clipboard::copy(&text).await {
                refused.set(None);
                session.announce(format!("{what} copied."));
            } else {
                refused.set(Some((what, text)));
            }
        });
    });
    (copy, refused)
}

/// The text the clipboard refused, selected, with what to press.
#[component]
pub fn CopyFallback(refused: Refused) -> impl IntoView {
    let field = NodeRef::<html::Textarea>::new();
    Effect::new(move |_| {
        if let (true, Some(t)) = (refused.with(Option::is_some), field.get()) {
            let _ = t.focus();
            t.select();
        }
    });
    move || {
        refused.get().map(|(what, text)| {
            view! {
                <div class="notice warn copy-fallback" role="alert">
                    <label for="copy-fallback">
                        {format!("{what}: this page cannot reach the clipboard (it is not served over HTTPS, or the browser refused). The text is selected below: press Ctrl+C (⌘C on a Mac) to copy it.")}
                    </label>
                    <textarea id="copy-fallback" node_ref=field readonly rows="4" spellcheck="false">{text}</textarea>
                    <button type="button" class="btn" on:click=move |_| refused.set(None)>"Done"</button>
                </div>
            }
        })
    }
}
