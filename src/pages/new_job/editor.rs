//! The spec's editor: numbered lines beside the text, the text checked as it is typed (line and
//! column of the first problem, "Go to the problem"), and the fields the server sets listed as
//! not sent.

use super::text::SpecText;
use crate::job::spec::{CreateRequest, SpecProblem};
use leptos::html;
use leptos::prelude::*;

/// Puts the caret (or a selection) at UTF-16 offsets of the editor's text, and the focus in it.
pub fn select(editor: NodeRef<html::Textarea>, start: u32, end: u32) {
    if let Some(e) = editor.get_untracked() {
        let _ = e.focus();
        let _ = e.set_selection_range(start, end);
    }
}

pub fn spec_editor(
    spec: SpecText,
    checked: Memo<Result<CreateRequest, SpecProblem>>,
    editor: NodeRef<html::Textarea>,
) -> impl IntoView {
    let gutter = NodeRef::<html::Pre>::new();
    let lines = Memo::new(move |_| spec.text.with(|t| t.matches('\n').count() + 1));
    let problem = move || checked.with(|c| c.as_ref().err().cloned());
    let dropped = move || checked.with(|c| c.as_ref().map(|r| r.dropped.clone()).unwrap_or_default());
    let follow = move |_| {
        if let (Some(e), Some(g)) = (editor.get_untracked(), gutter.get_untracked()) {
            g.set_scroll_top(e.scroll_top());
        }
    };
    view! {
        <div class="field">
            <label for="spec-editor">"Job spec (JSON)"</label>
            <div class="editor">
                <pre class="gutter" node_ref=gutter aria-hidden="true">
                    {move || (1..=lines.get()).map(|n| n.to_string()).collect::<Vec<_>>().join("\n")}
                </pre>
                <textarea id="spec-editor" node_ref=editor spellcheck="false" autocomplete="off"
                    autocapitalize="off" wrap="off" rows="24"
                    aria-describedby="spec-check"
                    aria-invalid=move || problem().is_some().to_string()
                    prop:value=move || spec.content.get()
                    on:input=move |ev| spec.text.set(event_target_value(&ev))
                    on:scroll=follow></textarea>
            </div>
            <p id="spec-check" class="help" class:invalid=move || problem().is_some()>
                {move || match problem() {
                    None => "Valid JSON.".to_owned(),
                    Some(p) => p.to_string(),
                }}
                {move || problem().and_then(|p| match p {
                    SpecProblem::Syntax(p) => Some(view! {
                        " "<button type="button" class="btn btn-quiet btn-small"
                            on:click=move |_| select(editor, p.utf16_at, p.utf16_at)>"Go to the problem"</button>
                    }),
                    SpecProblem::NotAnObject => None,
                })}
            </p>
            <p class="help" hidden=move || dropped().is_empty()>
                "Not sent, as the server sets them: " {move || dropped().join(", ")} "."
            </p>
        </div>
    }
}
