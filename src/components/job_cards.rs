//! The job page's cards below its header (progress, status, timestamps, metrics, logs) as HTML,
//! one block each for [`HtmlBlocks`](crate::components::html_blocks::HtmlBlocks): a refresh
//! re-parses only the cards whose text changed. Every value from the API is escaped.

use crate::components::metrics_card::{write_metrics_card, write_pair_start};
use crate::components::status_badge::{health_text, Badge};
use crate::format::{
    code_label, duration, escape_html, health_label, job_type_label, status_label, write_exact_utc, write_relative,
};
use jobs_api::{ExecutionStatus, HealthStatus, JobSummary, JobType, Logs, Metrics, Progress, Timestamp};

/// Batch-like jobs have a meaningful overall progress; streaming jobs run until stopped.
pub fn shows_progress(t: &JobType, s: &ExecutionStatus) -> bool {
    *t != JobType::Streaming && matches!(s, ExecutionStatus::Running | ExecutionStatus::Pending)
}

/// "connection kafka-clicks", "s3", "table orders_staging".
pub fn source_text(s: &jobs_api::Source) -> String {
    match s.connection_name.as_ref().or(s.table_name.as_ref()) {
        Some(name) => format!("{} {name}", s.kind),
        None => s.kind.to_string(),
    }
}

/// What the cards are drawn from.
pub struct CardData<'a> {
    pub summary: &'a JobSummary,
    pub max_parse_exceptions: Option<i64>,
    pub metrics: Option<&'a Metrics>,
    pub progress: Option<&'a Progress>,
    pub logs: Option<&'a Logs>,
    /// The time the relative times and a running job's run time are counted to (ms).
    pub now: i64,
}

fn text_pair(out: &mut String, label: &str, value: &str) {
    write_pair_start(out, label);
    out.push('>');
    escape_html(out, value);
    out.push_str("</dd></div>");
}

fn time_pair(out: &mut String, label: &str, ts: Option<&Timestamp>, now: i64) {
    write_pair_start(out, label);
    out.push('>');
    match ts {
        None => out.push_str("<span class=\"na\">—</span>"),
        Some(t) => match t.epoch_millis() {
            Some(ms) => {
                out.push_str("<time datetime=\"");
                escape_html(out, t.as_str());
                out.push_str("\">");
                write_exact_utc(out, ms);
                out.push_str("</time><span class=\"muted\"> (");
                write_relative(out, ms, now);
                out.push_str(")</span>");
            }
            None => {
                out.push_str("<span>");
                escape_html(out, t.as_str());
                out.push_str("</span>");
            }
        },
    }
    out.push_str("</dd></div>");
}

fn write_progress(out: &mut String, progress: Option<&Progress>) {
    let pct = (progress.map_or(0.0, |p| p.overall_progress.clamp(0.0, 1.0)) * 100.0).round() as u32;
    out.push_str(concat!(
        "<section class=\"card\" aria-labelledby=\"progress-heading\"><h2 id=\"progress-heading\">Progress</h2>",
        "<div class=\"progress\" role=\"progressbar\" aria-labelledby=\"progress-heading\" aria-valuemin=\"0\" ",
        "aria-valuemax=\"100\" aria-valuenow=\""
    ));
    out.push_str(&format!(
        "{pct}\" aria-valuetext=\"{pct} %\"><span class=\"progress-fill\" data-style=\"width:{pct}%\"></span></div><p class=\"num\">{pct} %</p></section>"
    ));
}

fn write_overview(out: &mut String, d: &CardData) {
    let s = d.summary;
    let health = &s.health;
    out.push_str(
        "<div class=\"grid\"><section class=\"card\" aria-labelledby=\"status-heading\"><h2 id=\"status-heading\">Status</h2><dl class=\"pairs\">",
    );
    text_pair(out, "Execution status", &status_label(&s.execution_status));
    text_pair(out, "Desired status", &status_label(&s.desired_execution_status));
    text_pair(out, "Health", &health_text(health));
    if let Some(m) = &health.message {
        text_pair(out, "Health message", m);
    }
    text_pair(out, "Source", &s.source.as_ref().map(source_text).unwrap_or_else(|| "—".into()));
    text_pair(out, "Created by", &s.created_by.username);
    text_pair(out, "Last modified by", &s.last_modified_by.username);
    let started = s.started_timestamp.as_ref().and_then(Timestamp::epoch_millis);
    let ended = s.completed_timestamp.as_ref().and_then(Timestamp::epoch_millis);
    if let Some(st) = started {
        text_pair(out, "Run time", &duration(ended.unwrap_or(d.now) - st));
    }
    out.push_str(
        "</dl></section><section class=\"card\" aria-labelledby=\"times-heading\"><h2 id=\"times-heading\">Timestamps</h2><dl class=\"pairs\">",
    );
    time_pair(out, "Created", Some(&s.created_timestamp), d.now);
    time_pair(out, "Started", s.started_timestamp.as_ref(), d.now);
    time_pair(out, "Completed", s.completed_timestamp.as_ref(), d.now);
    time_pair(out, "Last updated", Some(&s.last_updated_timestamp), d.now);
    out.push_str("</dl></section></div>");
}

fn write_logs(out: &mut String, logs: Option<&Logs>) {
    out.push_str("<section class=\"card\" aria-labelledby=\"logs-heading\"><h2 id=\"logs-heading\">Logs</h2>");
    match logs {
        None => out.push_str("<p class=\"muted\">Logs could not be read.</p>"),
        Some(l) if l.logs.is_empty() => out.push_str("<p class=\"muted\">No log entries.</p>"),
        Some(l) => {
            out.push_str(concat!(
                "<table class=\"logs\"><thead><tr><th scope=\"col\">Time</th><th scope=\"col\">Health</th>",
                "<th scope=\"col\">Code</th><th scope=\"col\">Message</th></tr></thead><tbody>"
            ));
            // Newest first.
            let mut entries: Vec<_> = l.logs.iter().collect();
            entries.sort_by(|a, b| b.timestamp.cmp(&a.timestamp));
            for e in entries {
                out.push_str("<tr><td class=\"col-time\">");
                match e.timestamp.epoch_millis() {
                    Some(ms) => write_exact_utc(out, ms),
                    None => escape_html(out, e.timestamp.as_str()),
                }
                out.push_str("</td><td>");
                escape_html(out, &health_label(&e.health_status));
                out.push_str("</td><td>");
                escape_html(out, &e.code.as_ref().map(code_label).unwrap_or_default());
                out.push_str("</td><td class=\"log-message\">");
                escape_html(out, e.message.as_deref().unwrap_or_default());
                out.push_str("</td></tr>");
            }
            out.push_str("</tbody></table>");
        }
    }
    out.push_str("</section>");
}

/// The page header's blocks around its Copy job ID button: above it a failed job's reason
/// and the title, below it the type and table, and the status and health badges.
pub fn head_blocks(s: &JobSummary) -> [Vec<String>; 2] {
    let mut above = Vec::with_capacity(2);
    if s.health.status == HealthStatus::Error {
        let what = s.health.code.as_ref().map(code_label).unwrap_or_else(|| health_label(&s.health.status));
        let status = status_label(&s.execution_status);
        let headline = if what == status { status } else { format!("{status}: {what}") };
        let msg = s.health.message.as_ref().or_else(|| s.health.log.as_ref().and_then(|l| l.message.as_ref()));
        let mut out = String::from("<div class=\"notice error reason\"><strong>");
        escape_html(&mut out, &headline);
        out.push_str("</strong>");
        if let Some(msg) = msg.filter(|m| !m.is_empty()) {
            out.push_str("<p>");
            escape_html(&mut out, msg);
            out.push_str("</p>");
        }
        out.push_str("</div>");
        above.push(out);
    }
    let mut title = String::from("<h1><span class=\"muted\">Job </span><code class=\"job-id\">");
    escape_html(&mut title, &s.id);
    title.push_str("</code></h1>");
    above.push(title);

    let mut subtitle = String::from("<p class=\"subtitle\"><span>");
    escape_html(&mut subtitle, &job_type_label(&s.job_type));
    subtitle.push_str("</span>");
    if !s.table_name().is_empty() {
        subtitle.push_str("<span> · table <strong>");
        escape_html(&mut subtitle, s.table_name());
        subtitle.push_str("</strong></span>");
    }
    subtitle.push_str("</p>");
    let mut badges = String::from("<div class=\"badges\">");
    Badge::status(&s.execution_status, Some(&s.desired_execution_status)).write_html(&mut badges);
    Badge::health(&s.health).write_html(&mut badges);
    badges.push_str("</div>");
    [above, vec![subtitle, badges]]
}

/// The cards, one HTML block each: progress (batch-like jobs under way), status and
/// timestamps, metrics, logs.
pub fn job_cards(d: &CardData) -> Vec<String> {
    let s = d.summary;
    let mut cards = Vec::with_capacity(4);
    let mut card = |write: &dyn Fn(&mut String)| {
        let mut out = String::new();
        write(&mut out);
        cards.push(out);
    };
    if shows_progress(&s.job_type, &s.execution_status) {
        card(&|out| write_progress(out, d.progress));
    }
    card(&|out| write_overview(out, d));
    card(&|out| match d.metrics {
        Some(m) => write_metrics_card(out, &m.totals, &s.execution_status, d.max_parse_exceptions),
        None => out.push_str(
            "<section class=\"card\"><h2>Metrics</h2><p class=\"muted\">Metrics could not be read.</p></section>",
        ),
    });
    card(&|out| write_logs(out, d.logs));
    cards
}

#[cfg(test)]
mod tests {
    use super::*;
    use jobs_api::{LogEntry, MetricTotals};

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

    fn data<'a>(s: &'a JobSummary, metrics: Option<&'a Metrics>, logs: Option<&'a Logs>) -> CardData<'a> {
        let now = Timestamp::new("2024-08-01T12:05:00Z").epoch_millis().unwrap();
        CardData { summary: s, max_parse_exceptions: None, metrics, progress: None, logs, now }
    }

    #[test]
    fn progress_for_batch_like_running_jobs_only() {
        assert!(shows_progress(&JobType::Batch, &ExecutionStatus::Running));
        assert!(shows_progress(&JobType::Sql, &ExecutionStatus::Pending));
        assert!(!shows_progress(&JobType::Streaming, &ExecutionStatus::Running));
        assert!(!shows_progress(&JobType::Batch, &ExecutionStatus::Completed));
    }

    #[test]
    fn every_card_one_element_every_value_escaped() {
        let s = summary("running", "");
        let logs = Logs {
            logs: vec![
                LogEntry {
                    timestamp: Timestamp::new("2024-08-01T12:02:00Z"),
                    health_status: jobs_api::HealthStatus::Warn,
                    code: None,
                    message: Some("<img src=x onerror=alert(1)>".into()),
                },
                LogEntry {
                    timestamp: Timestamp::new("2024-08-01T12:03:00Z"),
                    health_status: jobs_api::HealthStatus::Error,
                    code: Some(jobs_api::HealthCode::InvalidRowsFound),
                    message: None,
                },
            ],
        };
        let metrics = Metrics { totals: MetricTotals { num_rows_processed: Some(5), ..Default::default() } };
        let progress = Progress { overall_progress: 0.426 };
        let cards = job_cards(&CardData { progress: Some(&progress), ..data(&s, Some(&metrics), Some(&logs)) });
        assert_eq!(cards.len(), 4);
        for c in &cards {
            assert!(c.starts_with("<section ") || c.starts_with("<div class=\"grid\">"), "{c}");
            assert!(c.ends_with("</section>") || c.ends_with("</section></div>"), "{c}");
        }
        let all = cards.concat();
        assert!(!all.contains("<b>") && !all.contains("<img"), "{all}");
        assert!(cards[0].contains(r#"aria-valuenow="43" aria-valuetext="43 %""#), "{}", cards[0]);
        assert!(cards[0].contains(r#"data-style="width:43%""#), "{}", cards[0]);
        let overview = &cards[1];
        assert!(overview.contains("<dt>Health</dt><dd>Error: Unable to proceed</dd>"), "{overview}");
        assert!(overview.contains("<dt>Health message</dt><dd>&lt;b&gt;bad&lt;/b&gt;</dd>"), "{overview}");
        assert!(overview.contains("<dt>Source</dt><dd>connection c&quot;1</dd>"), "{overview}");
        assert!(overview.contains("<dt>Created by</dt><dd>a&amp;b</dd>"), "{overview}");
        assert!(overview.contains("<dt>Run time</dt><dd>4 min 0 s</dd>"), "{overview}");
        assert!(
            overview.contains(r#"<time datetime="2024-08-01T12:00:00Z">2024-08-01 12:00:00 UTC</time><span class="muted"> (5 min ago)</span>"#),
            "{overview}"
        );
        assert!(overview.contains(r#"<dt>Completed</dt><dd><span class="na">—</span></dd>"#), "{overview}");
        assert!(overview.contains("<dt>Last updated</dt><dd><span>not a time</span></dd>"), "{overview}");
        assert!(cards[2].contains(r#"<dt>Rows processed</dt><dd class="num">5</dd>"#), "{}", cards[2]);
        let logs = &cards[3];
        let newest = logs.find("12:03:00").unwrap();
        assert!(newest < logs.find("12:02:00").unwrap(), "newest first: {logs}");
        assert!(logs.contains("&lt;img src=x onerror=alert(1)&gt;"), "{logs}");
        assert!(logs.contains("<td>Error</td><td>Invalid rows found</td>"), "{logs}");
    }

    #[test]
    fn the_header_says_why_a_job_failed() {
        let [above, below] = head_blocks(&summary("failed", ""));
        assert_eq!(above.len(), 2);
        assert_eq!(
            above[0],
            r#"<div class="notice error reason"><strong>Failed: Unable to proceed</strong><p>&lt;b&gt;bad&lt;/b&gt;</p></div>"#
        );
        assert_eq!(above[1], r#"<h1><span class="muted">Job </span><code class="job-id">j1</code></h1>"#);
        assert_eq!(below[0], r#"<p class="subtitle"><span>Batch</span><span> · table <strong>t</strong></span></p>"#);
        assert!(below[1].starts_with(r#"<div class="badges"><span class="badge "#), "{}", below[1]);
        assert!(below[1].contains(r#"data-status="failed""#) && below[1].contains(r#"data-health="error""#));
        let mut ok = summary("running", "");
        ok.health = jobs_api::Health::ok();
        assert_eq!(head_blocks(&ok)[0].len(), 1, "no reason for a healthy job");
    }

    #[test]
    fn what_could_not_be_read_says_so() {
        let s = summary("completed", r#","completedTimestamp":"2024-08-01T12:03:30Z""#);
        let cards = job_cards(&data(&s, None, None));
        assert_eq!(cards.len(), 3, "no progress card for a finished job");
        assert!(cards[0].contains("<dt>Run time</dt><dd>2 min 30 s</dd>"), "{}", cards[0]);
        assert!(cards[1].contains("Metrics could not be read."));
        assert!(cards[2].contains("Logs could not be read."));
        let empty = Logs::default();
        assert!(job_cards(&data(&s, None, Some(&empty)))[2].contains("No log entries."));
    }
}
