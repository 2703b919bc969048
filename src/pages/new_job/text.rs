//! The spec's text and where it came from: a template, or the job to run again (read once).

use crate::api::{self, ApiError, Inflight};
use crate::app::router::use_location;
use crate::app::session::use_session;
use crate::job::spec as job_spec;
use jobs_api::JobType;
use leptos::prelude::*;

/// The editor's text: `text` as typed; `content` what the page puts in the editor (a template,
/// a job's spec, the formatted text); `saved` the text that counts as no edits.
#[derive(Clone, Copy)]
pub struct SpecText {
    pub text: RwSignal<String>,
    pub content: RwSignal<String>,
    pub saved: RwSignal<String>,
}

impl SpecText {
    pub fn new() -> Self {
        SpecText {
            text: RwSignal::new(String::new()),
            content: RwSignal::new(String::new()),
            saved: RwSignal::new(String::new()),
        }
    }

    /// A new text in the editor, with nothing edited.
    pub fn put(&self, t: String) {
        self.text.set(t.clone());
        self.saved.set(t.clone());
        self.content.set(t);
    }

    /// An edit by the page (the fields beside the editor, Format JSON): the editor shows it.
    pub fn replace(&self, t: String) {
        self.text.set(t.clone());
        self.content.set(t);
    }
}

/// The job to run again: its spec once read (into `spec`), its name for the heading, and "read
/// it again" after an error.
#[derive(Clone, Copy)]
pub struct SourceJob {
    pub loaded: RwSignal<bool>,
    pub error: RwSignal<Option<ApiError>>,
    /// "streaming job into orders", once read.
    pub name: RwSignal<String>,
    pub retry: Callback<()>,
}

/// Reads the job `from` (when there is one) into `spec`, when connected.
pub fn use_source_job(project: Memo<String>, from: Option<String>, spec: SpecText) -> SourceJob {
    let session = use_session();
    let location = use_location();
    let (loaded, error, name) = (RwSignal::new(from.is_none()), RwSignal::new(None), RwSignal::new(String::new()));
    let inflight = Inflight::new();
    let load = Callback::new(move |()| {
        let (Some(id), Some(conn)) = (from.clone(), session.connection.get_untracked()) else { return };
        let p = project.get_untracked();
        error.set(None);
        leptos::task::spawn_local(async move {
            let result = api::get_job_text(&conn, &p, &id, Some(inflight)).await;
            if loaded.try_get_untracked().is_none() {
                return;
            }
            match result {
                Ok(raw) => match job_spec::spec_of_job(&raw) {
                    Some(text) => {
                        let f = job_spec::facts(&text).unwrap_or_default();
                        let kind = f.job_type.unwrap_or(JobType::Other(String::new()));
                        name.set(crate::job::actions::name_of(&kind, &f.table, &id));
                        spec.put(text);
                        loaded.set(true);
                    }
                    None => error.set(Some(ApiError::BadResponse("the job is not a JSON object".into()))),
                },
                Err(ApiError::Unauthorized) => session.expire(location),
                Err(ApiError::Aborted) => {}
                Err(e) => error.set(Some(e)),
            }
        });
    });
    Effect::new(move |_| {
        if session.connection.with(Option::is_some) && !loaded.get_untracked() {
            load.run(());
        }
    });
    SourceJob { loaded, error, name, retry: load }
}
