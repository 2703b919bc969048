//! `/projects/{projectId}/jobs/new[?from={jobId} | ?template={type}]`: a job spec in an editor,
//! sent as a new job. "Run again" starts from a job's spec, "New job" from a template per type.
//! The text is checked as it is typed (line and column of the first problem); "Submit job" sends
//! one `POST /jobs` without the server-managed fields (`job_spec`); a refusal shows the server's
//! message and the field it names, and the text stays as typed. Leaving with unsaved edits asks
//! first ([`ask_before_leaving`]).

use crate::api::{self, ApiError, Inflight, ListRequest};
use crate::components::spec_fields::{open_permanent_delete, SpecFields};
use crate::format::job_type_label;
use crate::job_spec::{self, SpecEdit, SpecFacts, SpecProblem, TEMPLATES};
use crate::list_view::list_page_url;
use crate::router::{job_page_url, use_location, use_route_param, NavigateOptions, Route};
use crate::session::{require_connection, use_session};
use jobs_api::{ExecutionStatus, JobFilter, JobType};
use leptos::html;
use leptos::prelude::*;

/// The question before leaving the page with edits not sent.
const LEAVE_QUESTION: &str = "Leave this page? Your edits to the job spec have not been submitted and will be lost.";

/// Where the spec to edit comes from.
#[derive(Clone, Debug, PartialEq)]
enum Origin {
    /// A job to run again (its id).
    Job(String),
    /// The template of a type (its API name).
    Template(String),
}

/// While `dirty`, leaving the page asks first: a link to a page of the console or a control of
/// class `leaves-page` (Disconnect), Back and Forward (the address is put back when the person stays), and a reload
/// or closing the tab (the browser's own question). The page's listeners capture on `window`,
/// so they run before the router's (which listens there without capturing) and can stop them;
/// the router itself knows nothing of this, which keeps it out of the list's download.
fn ask_before_leaving(dirty: Memo<bool>) {
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;
    let location = use_location();
    let stays = move || dirty.get_untracked() && !window().confirm_with_message(LEAVE_QUESTION).unwrap_or(true);
    let click = Closure::<dyn Fn(web_sys::Event)>::new(move |ev: web_sys::Event| {
        // As the router follows links (a plain click on a path of this origin), and Disconnect.
        let plain = ev.unchecked_ref::<web_sys::MouseEvent>();
        let modified =
            plain.button() != 0 || plain.meta_key() || plain.ctrl_key() || plain.shift_key() || plain.alt_key();
        let leaves = ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()).is_some_and(|e| {
            let link = e.closest("a[href^='/']:not([href^='//']):not([target]):not([download])").ok().flatten();
            (link.is_some() && !modified) || e.closest(".leaves-page").ok().flatten().is_some()
        });
        if leaves && stays() {
            ev.prevent_default();
            ev.stop_immediate_propagation();
        }
    });
    let popstate = Closure::<dyn Fn(web_sys::Event)>::new(move |ev: web_sys::Event| {
        let (path, _) = crate::router::read_location();
        if location.pathname.with_untracked(|p| *p != path) && stays() {
            ev.stop_immediate_propagation();
            let mut here = location.pathname.get_untracked();
            location.search.with_untracked(|s| {
                if !s.is_empty() {
                    here.push('?');
                    here.push_str(s);
                }
            });
            let _ = window().history().map(|h| h.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&here)));
        }
    });
    let unload = Closure::<dyn Fn(web_sys::Event)>::new(move |ev: web_sys::Event| {
        if dirty.get_untracked() {
            ev.prevent_default();
        }
    });
    let w = window();
    let listeners = [("click", click), ("popstate", popstate), ("beforeunload", unload)];
    for (name, f) in &listeners {
        let _ = w.add_event_listener_with_callback_and_bool(name, f.as_ref().unchecked_ref(), true);
    }
    let listeners = send_wrapper::SendWrapper::new(listeners);
    on_cleanup(move || {
        for (name, f) in listeners.take() {
            let _ = window().remove_event_listener_with_callback_and_bool(name, f.as_ref().unchecked_ref(), true);
        }
    });
}

/// The streaming job that has not ended into the table a streaming spec targets, if any (its id
/// and page), looked up again when the table changes: a table takes one streaming job at a time.
fn use_running_stream(project: Memo<String>, facts: Memo<Option<SpecFacts>>) -> RwSignal<Option<(String, String)>> {
    let session = use_session();
    let running = RwSignal::new(None::<(String, String)>);
    let table = Memo::new(move |_| {
        facts.with(|f| f.as_ref().filter(|f| f.job_type == Some(JobType::Streaming)).map(|f| f.table.clone()))
    });
    let slot = Inflight::new();
    Effect::new(move |_| {
        running.set(None);
        let (Some(t), Some(conn)) = (table.get().filter(|t| !t.is_empty()), session.connection.get_untracked()) else {
            return;
        };
        let project = project.get_untracked();
        let filter = JobFilter {
            types: vec![JobType::Streaming],
            execution_statuses: vec![
                ExecutionStatus::Pending,
                ExecutionStatus::Running,
                ExecutionStatus::Idle,
                ExecutionStatus::Suspended,
            ],
            target_table_name: Some(t.clone()),
            pagination_limit: Some(1),
            ..JobFilter::default()
        };
        leptos::task::spawn_local(async move {
            let answer = api::list_jobs(&ListRequest { conn, project: project.clone(), filter }, Some(slot)).await;
            // Only for the table the spec names now (a newer lookup aborted this one otherwise).
            if let (Ok(list), Some(true)) = (answer, table.try_with_untracked(|now| now.as_deref() == Some(&t))) {
                running.set(list.values.first().map(|j| (j.id.clone(), job_page_url(&project, &j.id))));
            }
        });
    });
    running
}

#[component]
pub fn NewJobPage() -> impl IntoView {
    crate::js::adopt_style(include_str!("../../style/new-job.css"));
    let session = use_session();
    let location = use_location();
    let project = use_route_param(|r| match r {
        Route::NewJob { project } => Some(project),
        _ => None,
    });
    require_connection();
    // Read once: a template chosen here changes the query, not the page.
    let origin = match location.query_untracked("from").filter(|id| !id.is_empty()) {
        Some(id) => Origin::Job(id),
        None => Origin::Template(
            location
                .query_untracked("template")
                .filter(|t| job_spec::template(t).is_some())
                .unwrap_or_else(|| "batch".to_owned()),
        ),
    };
    let from = match &origin {
        Origin::Job(id) => Some(id.clone()),
        Origin::Template(_) => None,
    };

    // The editor's text as typed; `content` is what the page puts in the editor (a template, a
    // job's spec, the formatted text), and `saved` the text that counts as no edits.
    let text = RwSignal::new(String::new());
    let content = RwSignal::new(String::new());
    let saved = RwSignal::new(String::new());
    let put = move |t: String| {
        text.set(t.clone());
        saved.set(t.clone());
        content.set(t);
    };
    let template = RwSignal::new(match &origin {
        Origin::Template(t) => t.clone(),
        Origin::Job(_) => String::new(),
    });
    if let Some((_, t)) = job_spec::template(&template.get_untracked()) {
        put(t.to_owned());
    }

    // The job to run again: its spec once read, its name for the heading.
    let loaded = RwSignal::new(from.is_none());
    let load_error = RwSignal::new(None::<ApiError>);
    let source_name = RwSignal::new(String::new());
    let inflight = Inflight::new();
    let load = {
        let from = from.clone();
        move || {
            let (Some(id), Some(conn)) = (from.clone(), session.connection.get_untracked()) else { return };
            let p = project.get_untracked();
            load_error.set(None);
            leptos::task::spawn_local(async move {
                let result = api::get_job_text(&conn, &p, &id, Some(inflight)).await;
                if loaded.try_get_untracked().is_none() {
                    return;
                }
                match result {
                    Ok(raw) => match job_spec::spec_of_job(&raw) {
                        Some(spec) => {
                            let f = job_spec::facts(&spec).unwrap_or_default();
                            let kind = f.job_type.unwrap_or(JobType::Other(String::new()));
                            source_name.set(crate::actions::name_of(&kind, &f.table, &id));
                            put(spec);
                            loaded.set(true);
                        }
                        None => load_error.set(Some(ApiError::BadResponse("the job is not a JSON object".into()))),
                    },
                    Err(ApiError::Unauthorized) => session.expire(location),
                    Err(ApiError::Aborted) => {}
                    Err(e) => load_error.set(Some(e)),
                }
            });
        }
    };
    {
        let load = load.clone();
        Effect::new(move |_| {
            if session.connection.with(Option::is_some) && !loaded.get_untracked() {
                load();
            }
        });
    }

    let checked = Memo::new(move |_| text.with(|t| job_spec::create_request(t)));
    // What the fields beside the editor show of the spec, and their edits of it.
    let facts = Memo::new(move |_| text.with(|t| job_spec::facts(t)));
    let edit = Callback::new(move |e: SpecEdit| {
        if let Some(t) = text.with_untracked(|x| job_spec::apply(x, &e)) {
            text.set(t.clone());
            content.set(t);
        }
    });
    let running = use_running_stream(project, facts);
    // The fields beside the editor (and the permanent-delete dialog) are under this element.
    let tools = NodeRef::<html::Div>::new();
    let dirty = Memo::new(move |_| text.with(|t| saved.with(|s| t != s)));
    ask_before_leaving(dirty);

    let editor = NodeRef::<html::Textarea>::new();
    let gutter = NodeRef::<html::Pre>::new();
    // Puts the caret (or a selection) at UTF-16 offsets of the text, and the focus in the editor.
    let select = move |start: u32, end: u32| {
        if let Some(e) = editor.get_untracked() {
            let _ = e.focus();
            let _ = e.set_selection_range(start, end);
        }
    };

    // Sending: one request at a time; the outcome, or why it was refused.
    let busy = RwSignal::new(false);
    let submit_error = RwSignal::new(None::<(String, Option<String>)>);
    let send = move || {
        if busy.get_untracked() {
            return;
        }
        let (Ok(req), Some(conn)) = (checked.get_untracked(), session.connection.get_untracked()) else { return };
        let p = project.get_untracked();
        busy.set(true);
        submit_error.set(None);
        leptos::task::spawn_local(async move {
            let result = api::create_job(&conn, &p, req.body).await;
            if busy.try_set(false).is_some() {
                return;
            }
            match result {
                Ok(job) => {
                    // Sent: nothing to lose any more.
                    saved.set(text.get_untracked());
                    session.announce(format!(
                        "Created the {} ({}).",
                        crate::actions::job_name(&job.summary),
                        job.summary.id
                    ));
                    location.navigate(&job_page_url(&p, &job.summary.id), NavigateOptions::default());
                }
                // Not `session.expire`: that would leave the page and the edits with it.
                Err(e @ ApiError::Unauthorized) => submit_error.set(Some((e.message(), None))),
                Err(ApiError::BadRequest { message, target }) => {
                    submit_error.set(Some((format!("The API refused the job spec (400): {message}"), target)))
                }
                Err(e @ ApiError::Timeout { .. }) => submit_error.set(Some((
                    format!(
                        "{} The job may have been created: look for it in the jobs list before submitting again.",
                        e.message()
                    ),
                    None,
                ))),
                Err(e) => submit_error.set(Some((e.message(), None))),
            }
        });
    };

    // A delete that cannot be undone asks for the table's name first.
    let submit = move || match facts.with_untracked(|f| f.clone().filter(SpecFacts::deletes_permanently)) {
        Some(f) => open_permanent_delete(tools, &f),
        None => send(),
    };

    // The API's refusal of a second streaming job into a table, shown beside "Replace the
    // running job".
    let refused_replace = Memo::new(move |_| {
        submit_error
            .with(|e| e.as_ref().filter(|(_, t)| t.as_deref() == Some("replaceRunning")).map(|(m, _)| m.clone()))
    });

    let choose_template = move |ev: leptos::ev::Event| {
        let name = event_target_value(&ev);
        let Some((t, spec)) = job_spec::template(&name) else { return };
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
        put(spec.to_owned());
        submit_error.set(None);
        let url = format!("{}?template={name}", crate::router::new_job_url(&project.get_untracked(), None));
        location.navigate(&url, NavigateOptions { replace: true, scroll: false });
    };

    let back = {
        let from = from.clone();
        Signal::derive(move || match &from {
            Some(id) => job_page_url(&project.get(), id),
            None => list_page_url(&project.get(), &JobFilter::default()),
        })
    };
    let lines = Memo::new(move |_| text.with(|t| t.matches('\n').count() + 1));
    let problem = move || checked.with(|c| c.as_ref().err().cloned());
    let dropped = move || checked.with(|c| c.as_ref().map(|r| r.dropped.clone()).unwrap_or_default());

    view! {
        <div class="new-job-page">
            <p class="back"><a href=back>{if from.is_some() { "← Back to the job" } else { "← All jobs" }}</a></p>
            <h1>{if from.is_some() { "Run again" } else { "New job" }}</h1>
            {match from.clone() {
                Some(id) => view! {
                    <p class="subtitle">
                        {move || source_name.with(|n| if n.is_empty() { String::new() } else { format!("The spec of the {n}, ") })}
                        "job " <code>{id}</code>
                        ". Edit it, then submit it as a new job; the server's own fields (id, statuses, times) are left out."
                    </p>
                }.into_any(),
                None => view! {
                    <div class="field inline-field">
                        <label for="template">"Template"</label>
                        <select id="template" on:change=choose_template prop:value=move || template.get()>
                            {TEMPLATES.iter().map(|(t, _)| view! {
                                <option value=t.as_str()>{job_type_label(t)}</option>
                            }).collect_view()}
                        </select>
                        <p class="help">"A complete example of that job type: edit its values, then submit it."</p>
                    </div>
                }.into_any(),
            }}
            // (`hidden`, not `Show`s: each `Show` is code of its own in the chunk, ~1 KB.)
            <p class="empty" role="status" hidden=move || loaded.get() || load_error.with(Option::is_some)>
                "Loading the job's spec…"
            </p>
            {move || load_error.get().map(|e| {
                let load = load.clone();
                view! {
                    <div class="notice error" role="alert">
                        <span>{format!("The job to run again could not be read. {}", e.message())}</span>
                        " "<button type="button" class="btn" on:click=move |_| load()>"Retry"</button>
                    </div>
                }
            })}
            <div hidden=move || !loaded.get()>
                <SpecFields root=tools facts=facts edit=edit running=running refused=refused_replace
                    on_confirm=Callback::new(move |()| send())/>
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
                            prop:value=move || content.get()
                            on:input=move |ev| text.set(event_target_value(&ev))
                            on:scroll=move |_| {
                                if let (Some(e), Some(g)) = (editor.get_untracked(), gutter.get_untracked()) {
                                    g.set_scroll_top(e.scroll_top());
                                }
                            }></textarea>
                    </div>
                    <p id="spec-check" class="help" class:invalid=move || problem().is_some()>
                        {move || match problem() {
                            None => "Valid JSON.".to_owned(),
                            Some(p) => p.to_string(),
                        }}
                        {move || problem().and_then(|p| match p {
                            SpecProblem::Syntax(p) => Some(view! {
                                " "<button type="button" class="btn btn-quiet btn-small"
                                    on:click=move |_| select(p.utf16_at, p.utf16_at)>"Go to the problem"</button>
                            }),
                            SpecProblem::NotAnObject => None,
                        })}
                    </p>
                    <p class="help" hidden=move || dropped().is_empty()>
                        "Not sent, as the server sets them: " {move || dropped().join(", ")} "."
                    </p>
                </div>
                {move || submit_error.get().filter(|(_, t)| t.as_deref() != Some("replaceRunning")).map(|(message, target)| view! {
                    <div class="notice error" role="alert">
                        <span>{message}</span>
                        {target.map(|t| {
                            let field = t.clone();
                            view! {
                                <span>"Field: " <code>{t}</code></span>
                                <button type="button" class="btn btn-small" on:click=move |_| {
                                    if let Some((a, b)) = text.with_untracked(|x| job_spec::field_range(x, &field)) {
                                        select(a, b);
                                    }
                                }>"Show the field"</button>
                            }
                        })}
                    </div>
                })}
                <div class="form-buttons">
                    <button type="button" class="btn btn-primary"
                        prop:disabled=move || busy.get() || problem().is_some()
                        aria-busy=move || busy.get().to_string()
                        on:click=move |_| submit()>
                        {move || if busy.get() { "Submitting…" } else { "Submit job" }}
                    </button>
                    <button type="button" class="btn" prop:disabled=move || problem().is_some()
                        on:click=move |_| {
                            if let Some(f) = text.with_untracked(|t| job_spec::format(t)) {
                                text.set(f.clone());
                                content.set(f);
                            }
                        }>"Format JSON"</button>
                    <a class="btn btn-quiet" href=back>"Cancel"</a>
                </div>
            </div>
        </div>
    }
}
