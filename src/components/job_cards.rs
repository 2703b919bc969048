//! The job page's parts: its header (a failed job's reason, the id, type, table and badges), the
//! progress, status and timestamps cards, the logs, and [`Figures`], the label/value list every
//! card shows (the metrics card, `metrics_card`, too). What a card shows is worked out by plain
//! functions ([`status_figures`], [`time_figures`]: host-tested) from one reading of the job.
//! The page draws the cards again from each new reading, in place: only the texts and
//! attributes that changed are set, and a refresh that changed nothing draws nothing.

use crate::components::status_badge::{health_text, Badge, BadgeView};
use crate::text::format::{code_label, duration, exact, health_label, job_type_label, relative, status_label, Zone};
use crate::text::html::Html;
use jobs_api::{ExecutionStatus, HealthStatus, JobSummary, JobType, LogEntry, Logs, Timestamp};
use leptos::prelude::*;

/// One figure of a card: a label and a value in words.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Figure {
    pub label: &'static str,
    pub text: String,
    /// The value's class (`num` for a number, `na` for a value the API gives none of).
    pub class: &'static str,
    /// A tooltip with more than the text says.
    pub title: Option<String>,
    /// For a moment: its RFC 3339 form, for the `<time>` element the text is in.
    pub datetime: Option<String>,
    /// Said after the value, muted: how long ago a moment was.
    pub note: Option<String>,
    /// After the text, a link: its text and where it goes.
    pub link: Option<(String, String)>,
}

impl Figure {
    pub fn text(label: &'static str, text: impl Into<String>) -> Self {
        Figure { label, text: text.into(), ..Figure::default() }
    }

    /// A moment: exact (in `zone`, `format::exact`) and how long ago, seen at `now`; "—" when
    /// there is none, the text as it came when it is not a time.
    pub fn moment(label: &'static str, ts: Option<&Timestamp>, now: i64, zone: Zone) -> Self {
        // (An empty time is one the job's answer lacked: see `JobSummary::unreadable`.)
        match ts.filter(|t| !t.as_str().is_empty()).map(|t| (t, t.epoch_millis())) {
            None => Figure { class: "na", ..Figure::text(label, "—") },
            Some((t, None)) => Figure::text(label, t.as_str()),
            Some((t, Some(ms))) => Figure {
                datetime: Some(t.as_str().to_owned()),
                note: Some(format!(" ({})", relative(ms, now))),
                ..Figure::text(label, exact(ms, zone))
            },
        }
    }
}

/// Brings the notes of moments under `root` (" (5 min ago)", after each `<time>`) to `now`: only
/// a note whose words changed is set. The job page calls this once a minute.
pub fn tick_notes(root: &web_sys::Element, now: i64) {
    use wasm_bindgen::JsCast;
    let Ok(notes) = root.query_selector_all("time[datetime] + .rel") else { return };
    for note in (0..notes.length()).filter_map(|i| notes.item(i)).filter_map(|n| n.dyn_into::<web_sys::Element>().ok())
    {
        let ms = note
            .previous_element_sibling()
            .and_then(|t| t.get_attribute("datetime"))
            .and_then(|t| Timestamp::new(t).epoch_millis());
        let Some(ms) = ms else { continue };
        let text = format!(" ({})", relative(ms, now));
        if note.text_content().as_deref() != Some(text.as_str()) {
            note.set_text_content(Some(&text));
        }
    }
}

/// A card's figures as a definition list.
#[component]
pub fn Figures(figures: Vec<Figure>) -> impl IntoView {
    let each = figures
        .into_iter()
        .map(|f| {
            let value = match f.datetime {
                Some(dt) => view! { <time datetime=dt>{f.text}</time> }.into_any(),
                None => f.text.into_any(),
            };
            view! {
                <div class="pair">
                    <dt>{f.label}</dt>
                    <dd class=f.class title=f.title>
                        {value}
                        {f.link.map(|(text, href)| view! { <a href=href>{text}</a> })}
                        {f.note.map(|n| view! { <span class="muted rel">{n}</span> })}
                    </dd>
                </div>
            }
        })
        .collect::<Vec<_>>();
    view! { <dl class="pairs">{each}</dl> }
}

/// Batch-like jobs have a meaningful overall progress; streaming jobs run until stopped.
pub fn shows_progress(t: &JobType, s: &ExecutionStatus) -> bool {
    *t != JobType::Streaming && matches!(s, ExecutionStatus::Running | ExecutionStatus::Pending)
}

/// The status card: the job's state in words, its source (a connection links to the list of
/// `project`'s jobs reading from it) and who made it; a started job's run time, counted to `now`
/// while it runs.
pub fn status_figures(s: &JobSummary, project: &str, now: i64) -> Vec<Figure> {
    let mut out = vec![
        Figure::text("Execution status", status_label(&s.execution_status)),
        Figure::text("Desired status", status_label(&s.desired_execution_status)),
        Figure::text("Health", health_text(&s.health)),
    ];
    if let Some(m) = &s.health.message {
        out.push(Figure::text("Health message", m.as_str()));
    }
    out.push(match s.source.as_ref() {
        Some(src @ jobs_api::Source { connection_name: Some(name), .. }) => {
            let filter = jobs_api::JobFilter { connection_names: vec![name.clone()], ..Default::default() };
            let href = crate::list::view::list_page_url(project, &filter);
            Figure { link: Some((name.clone(), href)), ..Figure::text("Source", format!("{} ", src.kind)) }
        }
        src => Figure::text(
            "Source",
            match crate::components::job_rows::source_text(src) {
                ("", _) => "—".to_owned(),
                (kind, "") => kind.to_owned(),
                (kind, name) => format!("{kind} {name}"),
            },
        ),
    });
    out.push(Figure::text("Created by", s.created_by.username.as_str()));
    out.push(Figure::text("Last modified by", s.last_modified_by.username.as_str()));
    if let Some(started) = s.started_timestamp.as_ref().and_then(Timestamp::epoch_millis) {
        let ended = s.completed_timestamp.as_ref().and_then(Timestamp::epoch_millis);
        // Counted to now while running: it moves on with the page's minute tick ("rel").
        let class = if ended.is_none() { "rel" } else { "" };
        out.push(Figure { class, ..Figure::text("Run time", duration(ended.unwrap_or(now) - started)) });
    }
    out
}

/// The timestamps card, seen at `now`, in `zone`.
pub fn time_figures(s: &JobSummary, now: i64, zone: Zone) -> Vec<Figure> {
    vec![
        Figure::moment("Created", Some(&s.created_timestamp), now, zone),
        Figure::moment("Started", s.started_timestamp.as_ref(), now, zone),
        Figure::moment("Completed", s.completed_timestamp.as_ref(), now, zone),
        Figure::moment("Last updated", Some(&s.last_updated_timestamp), now, zone),
    ]
}

/// Why a job failed, for the header: the headline ("Failed: Unable to proceed") and the server's
/// message. `None` for a job whose health is not an error.
pub fn failure_reason(s: &JobSummary) -> Option<(String, Option<String>)> {
    if s.health.status != HealthStatus::Error {
        return None;
    }
    let what = s.health.code.as_ref().map(code_label).unwrap_or_else(|| health_label(&s.health.status));
    let status = status_label(&s.execution_status);
    let headline = if what == status { status } else { format!("{status}: {what}") };
    let message = s.health.message.as_ref().or_else(|| s.health.log.as_ref().and_then(|l| l.message.as_ref()));
    Some((headline, message.filter(|m| !m.is_empty()).cloned()))
}

/// The overall progress as whole percent, 0 to 100.
pub fn percent_done(progress: f64) -> u32 {
    (progress.clamp(0.0, 1.0) * 100.0).round() as u32
}

/// The page's header: a failed job's reason first, the id with Copy job ID, the type and table
/// (a link to the list of that table's jobs), and the status and health badges.
#[component]
pub fn JobHead(
    summary: JobSummary,
    on_copy: Callback<()>,
    /// The list of every job of the job's table (its name links there).
    table_list: String,
) -> impl IntoView {
    let reason = failure_reason(&summary).map(|(headline, message)| {
        view! {
            <div class="notice error reason">
                <strong>{headline}</strong>
                {message.map(|m| view! { <p>{m}</p> })}
            </div>
        }
    });
    // A field the console could not read: said, and the rest shown.
    let unreadable = summary.unreadable.clone().map(|why| {
        view! {
            <div class="notice warn reason" role="status">
                <strong>"This job could not be read in full"</strong>
                <p>{format!("Some of its fields are left out: {why}.")}</p>
            </div>
        }
    });
    let table = summary.table_name().to_owned();
    let no_table = table.is_empty();
    view! {
        <header class="job-head">
            {reason} {unreadable} <h1>
                <span class="muted">"Job "</span>
                <code class="job-id">{summary.id.clone()}</code>
            </h1> <button type="button" class="btn btn-quiet" on:click=move |_| on_copy.run(())>
                "Copy job ID"
            </button> <p class="subtitle">
                <span>{job_type_label(&summary.job_type)}</span>
                <span hidden=no_table>
                    " · table "<a href=table_list>
                        <strong>{table}</strong>
                    </a>
                </span>
            </p> <div class="badges">
                <BadgeView badge=Badge::status(&summary.execution_status, Some(&summary.desired_execution_status)) />
                <BadgeView badge=Badge::health(&summary.health) />
            </div>
        </header>
    }
}

/// A batch-like job's progress under way: a progress bar and its figure (whole percent).
#[component]
pub fn ProgressCard(percent: u32) -> impl IntoView {
    let text = format!("{percent} %");
    view! {
        <section class="card" aria-labelledby="progress-heading">
            <h2 id={"progress-heading"}>"Progress"</h2>
            <div
                class="progress"
                role="progressbar"
                aria-labelledby="progress-heading"
                aria-valuemin="0"
                aria-valuemax="100"
                aria-valuenow=percent.to_string()
                aria-valuetext=text.clone()
            >
                // Through the CSSOM: the CSP allows no style attributes in markup.
                <span class="progress-fill" style:width=format!("{percent}%")></span>
            </div>
            <p class="num">{text}</p>
        </section>
    }
}

/// A card of figures under its heading (`id` names the heading for assistive technology).
#[component]
pub fn FiguresCard(heading: &'static str, id: &'static str, figures: Vec<Figure>) -> impl IntoView {
    view! {
        <section class="card" aria-labelledby=id>
            <h2 id=id>{heading}</h2>
            <Figures figures=figures />
        </section>
    }
}

/// The level chip an entry is listed under: its level's wire value, or [`OTHER_LEVEL`] for an
/// entry without a level (every field of a log entry is optional) or with one this console does
/// not know.
pub fn level_of(e: &LogEntry) -> &str {
    match &e.health_status {
        Some(h) if !h.is_other() => h.as_str(),
        _ => OTHER_LEVEL,
    }
}

/// The level chips' value for entries without a known level.
pub const OTHER_LEVEL: &str = "other";

/// An entry's level in words ("" when it has none).
fn level_label(e: &LogEntry) -> String {
    e.health_status.as_ref().map(health_label).unwrap_or_default()
}

/// Whether a log entry passes the logs card's filters: its level among `levels` and its code
/// among `codes` (each: any, when empty), and `search` in its code, level or message, with ASCII
/// letters of either case alike (Unicode's case tables would cost the job page's chunk ~6 KB
/// brotli; other letters match as typed).
pub fn log_matches(e: &LogEntry, levels: &[String], codes: &[String], search: &str) -> bool {
    let code = e.code.as_ref().map(|c| c.as_str()).unwrap_or("");
    let search = search.trim().to_ascii_lowercase();
    (levels.is_empty() || levels.iter().any(|l| l == level_of(e)))
        && (codes.is_empty() || codes.iter().any(|c| c == code))
        && (search.is_empty()
            || [e.message.as_deref().unwrap_or(""), code, &code_label_of(e), &level_label(e)]
                .iter()
                .any(|t| t.to_ascii_lowercase().contains(&search)))
}

fn code_label_of(e: &LogEntry) -> String {
    e.code.as_ref().map(code_label).unwrap_or_default()
}

/// An entry's time as shown: exact in `zone`, the raw text when it is not a time, "—" when the
/// entry has none.
fn entry_time(e: &LogEntry, zone: Zone) -> String {
    match &e.timestamp {
        Some(t) => t.epoch_millis().map_or_else(|| t.as_str().to_owned(), |ms| exact(ms, zone)),
        None => "—".to_owned(),
    }
}

/// The entries as text, one line each, as shown: time (in `zone`), level, code, message (for
/// "Copy logs").
pub fn logs_text(entries: &[LogEntry], zone: Zone) -> String {
    let mut out = String::new();
    for e in entries {
        let parts = [entry_time(e, zone), level_label(e), code_label_of(e), e.message.clone().unwrap_or_default()];
        out.push_str(parts.iter().filter(|p| !p.is_empty()).cloned().collect::<Vec<_>>().join("  ").as_str());
        out.push('\n');
    }
    out
}

/// The entries as JSON Lines, each the API's log entry with the fields it has (for "Download
/// logs").
pub fn logs_jsonl(entries: &[LogEntry]) -> String {
    use jobs_api::decode::quote;
    let mut out = String::new();
    for e in entries {
        let fields = [
            ("timestamp", e.timestamp.as_ref().map(|t| t.as_str())),
            ("healthStatus", e.health_status.as_ref().map(|h| h.as_str())),
            ("code", e.code.as_ref().map(|c| c.as_str())),
            ("message", e.message.as_deref()),
        ];
        let written: Vec<String> =
            fields.iter().filter_map(|(k, v)| v.map(|v| format!("\"{k}\":{}", quote(v)))).collect();
        out.push('{');
        out.push_str(&written.join(","));
        out.push_str("}\n");
    }
    out
}

/// The logs table's rows as HTML, every value escaped; each row carries a key (`data-k`) that
/// stays while its entry does (its fields, and which of equal entries it is), so that the page
/// can keep what the person reads in place when new entries come in on top. Times in `zone`.
pub fn log_rows_html(entries: &[LogEntry], zone: Zone) -> Html {
    let mut seen: Vec<(u64, u32)> = Vec::new();
    let mut out = Html::with_capacity(entries.len() * 160);
    for e in entries {
        let (code, message) = (code_label_of(e), e.message.as_deref().unwrap_or(""));
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for part in [
            e.timestamp.as_ref().map_or("", |t| t.as_str()),
            e.health_status.as_ref().map_or("", |h| h.as_str()),
            e.code.as_ref().map_or("", |c| c.as_str()),
            message,
        ] {
            for b in part.bytes().chain([0]) {
                h = (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3);
            }
        }
        let n = match seen.iter_mut().find(|(k, _)| *k == h) {
            Some((_, n)) => {
                *n += 1;
                *n
            }
            None => {
                seen.push((h, 0));
                0
            }
        };
        out.raw("<tr data-k=\"").text(&format!("{h:x}-{n}")).raw("\"><td class=\"col-time\">");
        match e.timestamp.as_ref().map(|t| (t, t.epoch_millis())) {
            Some((t, Some(ms))) => {
                out.raw("<time datetime=\"");
                out.text(t.as_str());
                out.raw("\">");
                out.text(&exact(ms, zone));
                out.raw("</time>");
            }
            Some((t, None)) => {
                out.text(t.as_str());
            }
            None => {
                out.raw("<span aria-label=\"No time\">—</span>");
            }
        }
        out.raw("</td><td>");
        match &e.health_status {
            Some(h) => out.text(&health_label(h)),
            None => out.raw("<span aria-label=\"No level\">—</span>"),
        };
        out.raw("</td><td>");
        out.text(&code);
        out.raw("</td><td class=\"log-message\">");
        out.text(message);
        out.raw("</td></tr>");
    }
    out
}

/// The codes `logs` have, newest first, each once: "code label" per line.
fn codes_present(logs: Option<&Logs>) -> String {
    let mut out = String::new();
    for c in newest_first(logs).iter().filter_map(|e| e.code.as_ref()) {
        if !out.lines().any(|line| line.split_once(' ').is_some_and(|(v, _)| v == c.as_str())) {
            out.push_str(&format!("{} {}\n", c.as_str(), code_label(c)));
        }
    }
    out
}

/// The Level chips' options: every health status, and "Other" for an entry without one.
fn level_options() -> Vec<(String, String)> {
    HealthStatus::ALL
        .iter()
        .map(|h| (h.as_str().to_owned(), health_label(h)))
        .chain([(OTHER_LEVEL.to_owned(), "Other".to_owned())])
        .collect()
}

/// The Code chips, for the codes `present` ("code label" per line); none without a code.
fn code_chips(present: Memo<String>, codes: RwSignal<Vec<String>>) -> impl IntoView {
    use crate::components::filter_chips::FilterChips;
    move || {
        present.with(|c| {
            let options: Vec<(String, String)> =
                c.lines().filter_map(|l| l.split_once(' ')).map(|(v, l)| (v.to_owned(), l.to_owned())).collect();
            (!options.is_empty()).then(|| {
                view! { <FilterChips name="Code" options=options selected=codes on_toggle=toggle(codes) /> }
            })
        })
    }
}

/// A chip group's toggle: the value clicked goes in or out of `set`.
fn toggle(set: RwSignal<Vec<String>>) -> Callback<String> {
    Callback::new(move |v: String| {
        set.update(|s| match s.iter().position(|x| *x == v) {
            Some(i) => {
                s.remove(i);
            }
            None => s.push(v),
        })
    })
}

/// The log's entries, newest first, and the codes they have (wire value, label).
fn newest_first(logs: Option<&Logs>) -> Vec<LogEntry> {
    let mut entries: Vec<LogEntry> = logs.map(|l| l.logs.clone()).unwrap_or_default();
    crate::text::format::insertion_sort_by(&mut entries, |a, b| a.timestamp > b.timestamp);
    entries
}

/// The job's log, newest first, filtered in the browser by level, code and text; the shown
/// entries copied as text or downloaded as `{jobId}-logs.jsonl`. `logs` is `None` when the logs
/// could not be read. Kept across readings: the filters stay, and new entries come in on top
/// without moving what the person reads. The chips are the list's (`FilterChips`); the rows are
/// written as escaped HTML ([`log_rows_html`]).
#[component]
pub fn LogsCard(
    logs: Signal<Option<Logs>>,
    #[prop(into)] job_id: Signal<String>,
    /// Copies (what, text): the page knows how, and what to do when it cannot.
    on_copy: Callback<(String, String)>,
    /// Saves (file name, text).
    on_download: Callback<(String, String)>,
) -> impl IntoView {
    use crate::components::filter_chips::FilterChips;
    let levels = RwSignal::new(Vec::<String>::new());
    let codes = RwSignal::new(Vec::<String>::new());
    let search = RwSignal::new(String::new());
    let count = RwSignal::new(String::new());
    // The entries the filters let through (untracked: for Copy and Download).
    let shown = move || {
        let all = logs.with_untracked(|l| newest_first(l.as_ref()));
        let (lv, cs, q) = (levels.get_untracked(), codes.get_untracked(), search.get_untracked());
        all.into_iter().filter(|e| log_matches(e, &lv, &cs, &q)).collect::<Vec<_>>()
    };
    // The rows, written as HTML when the log or a filter changes. New entries come in on top:
    // the row at the top of the viewport stays where it is on screen.
    let tbody = NodeRef::<leptos::html::Tbody>::new();
    let session = crate::app::session::use_session();
    Effect::new(move |_| {
        logs.track();
        let zone = session.zone();
        levels.track();
        codes.track();
        search.track();
        let Some(tbody) = tbody.get() else { return };
        let (rows, of) = (shown(), logs.with_untracked(|l| l.as_ref().map_or(0, |l| l.logs.len())));
        count.set(if rows.len() == of { format!("{of} entries") } else { format!("{} of {of} entries", rows.len()) });
        let html = log_rows_html(&rows, zone);
        let top_bottom = |el: &web_sys::Element| {
            let rect = el.get_bounding_client_rect();
            (rect.top(), rect.bottom())
        };
        let anchor = (top_bottom(&tbody).0 < 0.0)
            .then(|| {
                let rows = tbody.children();
                (0..rows.length()).filter_map(|i| rows.item(i)).find(|r| top_bottom(r).1 > 0.0)
            })
            .flatten()
            .and_then(|r| Some((r.get_attribute("data-k")?, top_bottom(&r).0)));
        crate::text::html::set_inner(&tbody, &html);
        if let Some((k, top)) = anchor {
            if let Ok(Some(row)) = tbody.query_selector(&format!("tr[data-k=\"{k}\"]")) {
                window().scroll_by_with_x_and_y(0.0, top_bottom(&row).0 - top);
            }
        }
    });
    // The codes these logs have ("code label" per line): their chips are made again only when
    // that set changes.
    let present_codes = Memo::new(move |_| logs.with(|l| codes_present(l.as_ref())));
    let says = move || {
        logs.with(|l| match l {
            None => Some("Logs could not be read."),
            Some(l) if l.logs.is_empty() => Some("No log entries."),
            Some(_) => None,
        })
    };
    view! {
        <section class="card logs-card" aria-labelledby="logs-heading">
            <h2 id={"logs-heading"}>"Logs"</h2>
            {move || says().map(|says| view! { <p class="muted">{says}</p> })}
            <div class="log-filters" hidden=move || says().is_some()>
                <FilterChips name="Level" options=level_options() selected=levels on_toggle=toggle(levels) />
                {code_chips(present_codes, codes)}
                <div class="field inline-field">
                    <label for="log-search">"Search logs"</label>
                    <input
                        id="log-search"
                        type="search"
                        prop:value=move || search.get()
                        on:input=move |ev| search.set(event_target_value(&ev))
                    />
                </div>
                <span class="muted" aria-live="polite">
                    {move || count.get()}
                </span>
                <button
                    type="button"
                    class="btn btn-quiet"
                    on:click=move |_| {
                        on_copy.run(("Logs".to_owned(), logs_text(&shown(), untrack(|| session.zone()))))
                    }
                >
                    "Copy logs"
                </button>
                <button
                    type="button"
                    class="btn btn-quiet"
                    on:click=move |_| {
                        on_download.run((format!("{}-logs.jsonl", job_id.get_untracked()), logs_jsonl(&shown())))
                    }
                >
                    "Download logs"
                </button>
            </div>
            <table class="logs" hidden=move || says().is_some()>
                <thead>
                    <tr>
                        <th scope="col">"Time"</th>
                        <th scope="col">"Health"</th>
                        <th scope="col">"Code"</th>
                        <th scope="col">"Message"</th>
                    </tr>
                </thead>
                <tbody node_ref=tbody></tbody>
            </table>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn summary(status: &str, extra: &str) -> JobSummary {
        let text = format!(
            r#"{{"id":"j1","type":"batch","executionStatus":"{status}","desiredExecutionStatus":"running",
               "health":{{"status":"error","code":"unable_to_proceed","message":"<b>bad</b>"}},
               "createdBy":{{"username":"a&b","userId":"u"}},"lastModifiedBy":{{"username":"c","userId":"u2"}},
               "createdTimestamp":"2024-08-01T12:00:00Z","lastUpdatedTimestamp":"not a time",
               "startedTimestamp":"2024-08-01T12:01:00Z",
               "target":{{"type":"table","tableName":"t"}},
               "source":{{"type":"connection","connectionName":"c\"1"}}{extra}}}"#
        );
        jobs_api::decode::from_str(&text).unwrap()
    }

    fn now() -> i64 {
        Timestamp::new("2024-08-01T12:05:00Z").epoch_millis().unwrap()
    }

    fn texts(figures: &[Figure]) -> Vec<(&str, &str)> {
        figures.iter().map(|f| (f.label, f.text.as_str())).collect()
    }

    #[test]
    fn progress_for_batch_like_running_jobs_only() {
        assert!(shows_progress(&JobType::Batch, &ExecutionStatus::Running));
        assert!(shows_progress(&JobType::Sql, &ExecutionStatus::Pending));
        assert!(!shows_progress(&JobType::Streaming, &ExecutionStatus::Running));
        assert!(!shows_progress(&JobType::Batch, &ExecutionStatus::Completed));
        assert_eq!((percent_done(0.426), percent_done(1.7), percent_done(-1.0)), (43, 100, 0));
    }

    #[test]
    fn the_status_card_says_the_state_source_and_run_time() {
        let s = summary("running", "");
        assert_eq!(
            texts(&status_figures(&s, "p 1", now())),
            [
                ("Execution status", "Running"),
                ("Desired status", "Running"),
                ("Health", "Error: Unable to proceed"),
                ("Health message", "<b>bad</b>"),
                ("Source", "connection "),
                ("Created by", "a&b"),
                ("Last modified by", "c"),
                ("Run time", "4 min 0 s"),
            ]
        );
        // The connection links to the list of the project's jobs reading from it.
        let source = status_figures(&s, "p 1", now()).into_iter().find(|f| f.label == "Source").unwrap();
        assert_eq!(source.link, Some(("c\"1".to_owned(), "/projects/p%201/jobs?connectionName=c%221".to_owned())));
        let done = summary("completed", r#","completedTimestamp":"2024-08-01T12:03:30Z""#);
        assert_eq!(status_figures(&done, "p", now()).last().unwrap().text, "2 min 30 s", "counted to the end");
        let mut quiet = summary("pending", "");
        quiet.health = jobs_api::Health::ok();
        quiet.started_timestamp = None;
        let labels: Vec<&str> = status_figures(&quiet, "p", now()).iter().map(|f| f.label).collect();
        assert!(!labels.contains(&"Health message") && !labels.contains(&"Run time"), "{labels:?}");
    }

    #[test]
    fn moments_are_exact_and_relative_or_as_they_came() {
        let f = time_figures(&summary("running", ""), now(), Zone::Utc);
        assert_eq!(f[0].text, "2024-08-01 12:00:00 UTC");
        assert_eq!(f[0].datetime.as_deref(), Some("2024-08-01T12:00:00Z"));
        assert_eq!(f[0].note.as_deref(), Some(" (5 min ago)"));
        assert_eq!((f[2].text.as_str(), f[2].class, &f[2].datetime), ("—", "na", &None), "no completion yet");
        assert_eq!((f[3].text.as_str(), &f[3].note), ("not a time", &None), "a text that is not a time, as it came");
    }

    #[test]
    fn a_failed_job_says_why() {
        assert_eq!(
            failure_reason(&summary("failed", "")),
            Some(("Failed: Unable to proceed".into(), Some("<b>bad</b>".into())))
        );
        let mut canceled = summary("canceled", "");
        canceled.health = jobs_api::Health::error(jobs_api::HealthCode::Canceled, "");
        assert_eq!(failure_reason(&canceled), Some(("Canceled".into(), None)));
        let mut ok = summary("running", "");
        ok.health = jobs_api::Health::ok();
        assert_eq!(failure_reason(&ok), None, "no reason for a healthy job");
    }

    #[test]
    fn sources_in_words() {
        use crate::components::job_rows::source_text;
        let s: jobs_api::Source =
            jobs_api::decode::from_str(r#"{"type":"connection","connectionName":"kafka-clicks"}"#).unwrap();
        assert_eq!(source_text(Some(&s)), ("connection", "kafka-clicks"));
        let s: jobs_api::Source = jobs_api::decode::from_str(r#"{"type":"s3"}"#).unwrap();
        assert_eq!(source_text(Some(&s)), ("s3", ""));
        let s: jobs_api::Source = jobs_api::decode::from_str(r#"{"type":"table","tableName":"t"}"#).unwrap();
        assert_eq!(source_text(Some(&s)), ("table", "t"));
        assert_eq!(source_text(None), ("", ""));
    }
}
