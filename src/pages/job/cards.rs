//! The job page's cards drawn from each reading: progress, status and times, metrics, the
//! specification and the JSON as it came.

use super::reading::{Detail, JobReading};
use crate::app::session::use_session;
use crate::components::job_cards::{
    percent_done, shows_progress, status_figures, time_figures, FiguresCard, ProgressCard,
};
use crate::components::metrics_card::{reports_rows, MetricsCard};
use crate::text::format::Zone;
use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Progress (while it means something), status, timestamps and metrics: drawn again from each
/// new reading, in place, only what changed set.
#[component]
pub fn DetailCards(reading: JobReading, project: Memo<String>) -> impl IntoView {
    let session = use_session();
    move || {
        reading.detail.with(|d| {
            let d = d.as_ref()?;
            let (s, now) = (&d.job.summary, reading.read_at.get());
            // Exact times in the zone chosen.
            let zone = session.zone();
            let progress = shows_progress(&s.job_type, &s.execution_status)
                .then(|| percent_done(d.progress.as_ref().map_or(0.0, |p| p.overall_progress)));
            Some(view! {
                {progress.map(|percent| view! { <ProgressCard percent=percent/> })}
                <div class="grid">
                    <FiguresCard heading="Status" id="status-heading" figures=status_figures(s, &project.get(), now)/>
                    <FiguresCard heading="Timestamps" id="times-heading" figures=time_figures(s, now, zone)/>
                </div>
                {metrics(d)}
            })
        })
    }
}

fn metrics(d: &Detail) -> AnyView {
    let s = &d.job.summary;
    if reports_rows(&s.job_type) {
        view! {
            <MetricsCard totals=d.metrics.as_ref().map(|m| m.totals.clone()) status=s.execution_status.clone()
                max_parse_exceptions=d.job.max_parse_exceptions/>
        }
        .into_any()
    } else {
        view! {
            <section class="card metrics" aria-labelledby="metrics-heading">
                <h2 id={"metrics-heading"}>"Metrics"</h2>
                <p class="muted">"This job type reports no row metrics."</p>
            </section>
        }
        .into_any()
    }
}

/// The job's full JSON as the specification section shows it, its moments in `zone`.
fn spec_of(raw: &str, zone: Zone) -> crate::text::html::Html {
    crate::api::parse_json(raw).map(|j| crate::job::spec_view::spec_html(&j.to_value(), zone)).unwrap_or_default()
}

/// The specification, written as HTML (escaped, through the app's policy) when it changes; its
/// intervals in the zone chosen (again when that changes). A SQL job's "Copy query" copies it.
#[component]
pub fn SpecCard(detail: RwSignal<Option<Detail>>, copy: Callback<(String, String)>) -> impl IntoView {
    let session = use_session();
    let spec = Memo::new(move |_| {
        let zone = session.zone();
        detail.with(|d| d.as_ref().map(|d| spec_of(&d.raw, zone)).unwrap_or_default())
    });
    let body = NodeRef::<html::Div>::new();
    Effect::new(move |_| {
        let html = spec.get();
        if let Some(el) = body.get() {
            crate::text::html::set_inner(&el, &html);
        }
    });
    let copy_query = move |ev: leptos::ev::MouseEvent| {
        let on_button = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|t| t.closest("[data-copy=query]").ok().flatten())
            .is_some();
        if on_button {
            if let Some(q) = detail.with_untracked(|d| d.as_ref().and_then(|d| d.job.query.clone())) {
                copy.run(("Query".to_owned(), q));
            }
        }
    };
    view! {
        <section class="card spec-card" aria-labelledby="spec-heading">
            <h2 id={"spec-heading"}>"Specification"</h2>
            <div node_ref=body on:click=copy_query></div>
        </section>
    }
}

/// The job as the API sent it, indented by the browser's JSON (the text as it came if it is
/// not JSON).
fn pretty_json(raw: &str) -> String {
    js_sys::JSON::parse(raw)
        .and_then(|v| js_sys::JSON::stringify_with_replacer_and_space(&v, &wasm_bindgen::JsValue::NULL, &2.into()))
        .ok()
        .and_then(|s| s.as_string())
        .unwrap_or_else(|| raw.to_owned())
}

/// "Show JSON": the job as it came, written only while shown.
#[component]
pub fn JsonCard(detail: RwSignal<Option<Detail>>) -> impl IntoView {
    let shown = RwSignal::new(false);
    view! {
        <section class="card">
            <button type="button" class="btn btn-quiet" aria-expanded=move || shown.get().to_string()
                aria-controls="job-json" on:click=move |_| shown.update(|v| *v = !*v)>
                {move || if shown.get() { "Hide JSON" } else { "Show JSON" }}
            </button>
            {move || shown.get().then(|| view! {
                <pre id="job-json" class="json">
                    {move || detail.with(|d| d.as_ref().map(|d| pretty_json(&d.raw)).unwrap_or_default())}
                </pre>
            })}
        </section>
    }
}
