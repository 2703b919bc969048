//! Sending the spec: one request at a time; the new job's page, or why it was refused (the
//! server's message and the field it names), the text staying as typed.

use super::text::SpecText;
use crate::api::{self, ApiError};
use crate::app::router::{job_page_url, use_location, NavigateOptions};
use crate::app::session::use_session;
use crate::job::spec::{self as job_spec, CreateRequest, SpecProblem};
use leptos::html;
use leptos::prelude::*;

/// A refusal: the message, and the spec's field it names.
pub type Refusal = (String, Option<String>);

#[derive(Clone, Copy)]
pub struct Submit {
    pub busy: RwSignal<bool>,
    pub error: RwSignal<Option<Refusal>>,
    pub send: Callback<()>,
}

pub fn use_submit(project: Memo<String>, spec: SpecText, checked: Memo<Result<CreateRequest, SpecProblem>>) -> Submit {
    let session = use_session();
    let location = use_location();
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<Refusal>);
    let send = Callback::new(move |()| {
        if busy.get_untracked() {
            return;
        }
        let (Ok(req), Some(conn)) = (checked.get_untracked(), session.connection.get_untracked()) else { return };
        let p = project.get_untracked();
        busy.set(true);
        error.set(None);
        leptos::task::spawn_local(async move {
            let result = api::create_job(&conn, &p, req.body).await;
            if busy.try_set(false).is_some() {
                return;
            }
            match result {
                Ok(job) => {
                    // Sent: nothing to lose any more.
                    spec.saved.set(spec.text.get_untracked());
                    let name = crate::job::actions::job_name(&job.summary);
                    session.announce(format!("Created the {name} ({}).", job.summary.id));
                    location.navigate(&job_page_url(&p, &job.summary.id), NavigateOptions::default());
                }
                // Not `session.expire`: that would leave the page and the edits with it.
                Err(e @ ApiError::Unauthorized) => error.set(Some((e.message(), None))),
                Err(ApiError::BadRequest { message, target }) => {
                    error.set(Some((format!("The API refused the job spec (400): {message}"), target)))
                }
                Err(e @ ApiError::Timeout { .. }) => error.set(Some((
                    format!(
                        "{} The job may have been created: look for it in the jobs list before submitting again.",
                        e.message()
                    ),
                    None,
                ))),
                Err(e) => error.set(Some((e.message(), None))),
            }
        });
    });
    Submit { busy, error, send }
}

/// Why the API refused the spec (but a refusal of "Replace the running job", shown beside it),
/// with "Show the field" when it names one (selected in the `editor`).
pub fn submit_error(
    error: RwSignal<Option<Refusal>>,
    spec: SpecText,
    editor: NodeRef<html::Textarea>,
) -> impl IntoView {
    move || {
        error.get().filter(|(_, t)| t.as_deref() != Some("replaceRunning")).map(|(message, target)| {
            view! {
                <div class="notice error" role="alert">
                    <span>{message}</span>
                    {target.map(|t| {
                        let field = t.clone();
                        let show = move |_| {
                            if let Some((a, b)) = spec.text.with_untracked(|x| job_spec::field_range(x, &field)) {
                                super::editor::select(editor, a, b);
                            }
                        };
                        view! {
                            <span>"Field: " <code>{t}</code></span>
                            <button type="button" class="btn btn-small" on:click=show>"Show the field"</button>
                        }
                    })}
                </div>
            }
        })
    }
}
