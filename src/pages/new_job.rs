//! `/projects/{projectId}/jobs/new[?from={jobId} | ?template={type}]`: a job spec in an editor,
//! sent as a new job. "Run again" starts from a job's spec, "New job" from a template per type.
//! The text is checked as it is typed (line and column of the first problem); "Submit job" sends
//! one `POST /jobs` without the server-managed fields (`job_spec`); a refusal shows the server's
//! message and the field it names, and the text stays as typed. Leaving with unsaved edits asks
//! first (`leaving`).

mod editor;
mod leaving;
mod running;
mod submit;
mod text;

use crate::app::router::{job_page_url, use_location, use_route_param, NavigateOptions, Route};
use crate::app::session::require_connection;
use crate::components::spec_fields::{open_permanent_delete, SpecFields};
use crate::job::spec::{self as job_spec, SpecEdit, SpecFacts, TEMPLATES};
use crate::list::view::list_page_url;
use crate::text::format::job_type_label;
use jobs_api::JobFilter;
use leptos::html;
use leptos::prelude::*;
use text::SpecText;

#[component]
pub fn NewJobPage() -> impl IntoView {
    crate::browser::js::adopt_style(include_str!("../../style/new-job.css"));
    require_connection();
    let location = use_location();
    let project = use_route_param(|r| if let Route::NewJob { project } = r { Some(project) } else { None });
    // Read once: a template chosen here changes the query, not the page.
    let from = location.query_untracked("from").and_then(crate::app::router::path_id);
    let spec = SpecText::new();
    let template = RwSignal::new(String::new());
    if from.is_none() {
        let name = location.query_untracked("template").filter(|t| job_spec::template(t).is_some());
        template.set(name.unwrap_or_else(|| "batch".to_owned()));
        if let Some((_, t)) = job_spec::template(&template.get_untracked()) {
            spec.put(t.to_owned());
        }
    }
    let source = text::use_source_job(project, from.clone(), spec);
    let checked = Memo::new(move |_| spec.text.with(|t| job_spec::create_request(t)));
    // What the fields beside the editor show of the spec, and their edits of it.
    let facts = Memo::new(move |_| spec.text.with(|t| job_spec::facts(t)));
    let edit = Callback::new(move |e: SpecEdit| {
        if let Some(t) = spec.text.with_untracked(|x| job_spec::apply(x, &e)) {
            spec.replace(t);
        }
    });
    let running = running::use_running_stream(project, facts);
    // The fields beside the editor (and the permanent-delete dialog) are under this element.
    let tools = NodeRef::<html::Div>::new();
    let dirty = Memo::new(move |_| spec.text.with(|t| spec.saved.with(|s| t != s)));
    leaving::ask_before_leaving(dirty);
    let editor = NodeRef::<html::Textarea>::new();
    let submit = submit::use_submit(project, spec, checked);
    // A delete that cannot be undone asks for the table's name first.
    let send = move || match facts.with_untracked(|f| f.clone().filter(SpecFacts::deletes_permanently)) {
        Some(f) => open_permanent_delete(tools, &f),
        None => submit.send.run(()),
    };
    // The API's refusal of a second streaming job into a table, shown beside "Replace the
    // running job".
    let refused_replace = Memo::new(move |_| {
        submit
            .error
            .with(|e| e.as_ref().filter(|(_, t)| t.as_deref() == Some("replaceRunning")).map(|(m, _)| m.clone()))
    });
    let back = {
        let from = from.clone();
        Signal::derive(move || match &from {
            Some(id) => job_page_url(&project.get(), id),
            None => list_page_url(&project.get(), &JobFilter::default()),
        })
    };
    let invalid = move || checked.with(Result::is_err);
    let format = move |_| {
        if let Some(f) = spec.text.with_untracked(|t| job_spec::format(t)) {
            spec.replace(f);
        }
    };
    view! {
        <div class="new-job-page">
            <p class="back">
                <a href=back>{if from.is_some() { "← Back to the job" } else { "← All jobs" }}</a>
            </p>
            <h1>{if from.is_some() { "Run again" } else { "New job" }}</h1>
            {match from.clone() {
                Some(id) => source_line(id, source.name).into_any(),
                None => template_chooser(project, template, spec, dirty, submit.error).into_any(),
            }}
            // (`hidden`, not `Show`s: each `Show` is code of its own in the chunk, ~1 KB.)
            <p class="empty" role="status" hidden=move || source.loaded.get() || source.error.with(Option::is_some)>
                "Loading the job's spec…"
            </p>
            {move || {
                source
                    .error
                    .get()
                    .map(|e| {
                        view! {
                            <div class="notice error" role="alert">
                                <span>{format!("The job to run again could not be read. {}", e.message())}</span>
                                " "
                                <button type="button" class="btn" on:click=move |_| source.retry.run(())>
                                    "Retry"
                                </button>
                            </div>
                        }
                    })
            }}
            <div hidden=move || !source.loaded.get()>
                <SpecFields
                    root=tools
                    facts=facts
                    edit=edit
                    running=running
                    refused=refused_replace
                    on_confirm=submit.send
                />
                {editor::spec_editor(spec, checked, editor)}
                {submit::submit_error(submit.error, spec, editor)}
                <div class="form-buttons">
                    <button
                        type="button"
                        class="btn btn-primary"
                        prop:disabled=move || submit.busy.get() || invalid()
                        aria-busy=move || submit.busy.get().to_string()
                        on:click=move |_| send()
                    >
                        {move || if submit.busy.get() { "Submitting…" } else { "Submit job" }}
                    </button>
                    <button type="button" class="btn" prop:disabled=invalid on:click=format>
                        "Format JSON"
                    </button>
                    <a class="btn btn-quiet" href=back>
                        "Cancel"
                    </a>
                </div>
            </div>
        </div>
    }
}

/// What "Run again" starts from: the job's name (once read) and id.
fn source_line(id: String, name: RwSignal<String>) -> impl IntoView {
    view! {
        <p class="subtitle">
            {move || name.with(|n| if n.is_empty() { String::new() } else { format!("The spec of the {n}, ") })} "job "
            <code>{id}</code>
            ". Edit it, then submit it as a new job; the server's own fields (id, statuses, times) are left out."
        </p>
    }
}

/// "Template": a complete example per job type; choosing one with edits asks first, and the
/// address says which (`?template=`).
fn template_chooser(
    project: Memo<String>,
    template: RwSignal<String>,
    spec: SpecText,
    dirty: Memo<bool>,
    error: RwSignal<Option<submit::Refusal>>,
) -> impl IntoView {
    let location = use_location();
    let choose = move |ev: leptos::ev::Event| {
        let name = event_target_value(&ev);
        let Some((t, text)) = job_spec::template(&name) else { return };
        let question = format!("Replace your edits with the {} template?", job_type_label(&t));
        if dirty.get_untracked() && !window().confirm_with_message(&question).unwrap_or(false) {
            // Stay with the template the text came from.
            if let Some(select) =
                ev.target().and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlSelectElement>(t).ok())
            {
                select.set_value(&template.get_untracked());
            }
            return;
        }
        template.set(name.clone());
        spec.put(text.to_owned());
        error.set(None);
        let url = format!("{}?template={name}", crate::app::router::new_job_url(&project.get_untracked(), None));
        location.navigate(&url, NavigateOptions { replace: true, scroll: false });
    };
    view! {
        <div class="field inline-field">
            <label for="template">"Template"</label>
            <select id="template" on:change=choose prop:value=move || template.get()>
                {TEMPLATES
                    .iter()
                    .map(|(t, _)| view! { <option value=t.as_str()>{job_type_label(t)}</option> })
                    .collect_view()}
            </select>
            <p class="help">"A complete example of that job type: edit its values, then submit it."</p>
        </div>
    }
}
