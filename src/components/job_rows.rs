//! The rows of the jobs table, written as HTML and kept by key (`keyed_rows`): a row is built
//! only when what it shows changed, a refresh that changed nothing touches nothing, and a row
//! that stays keeps its element.

use crate::components::keyed_rows::{elements, KeyedRows};
use crate::components::status_badge::Badge;
use crate::text::format::{job_type_label, push_padded, write_duration, write_exact, write_relative, Zone};
use crate::text::html::Html;
use jobs_api::filter::encode_component;
use jobs_api::{JobSummary, Timestamp};
use leptos::html;
use leptos::prelude::{GetUntracked, NodeRef};
use wasm_bindgen::JsCast;

/// Everything a row shows that can change, each part with its length in front (so no two
/// different rows share a key): a row is re-created only when this changes.
pub fn row_key(j: &JobSummary) -> String {
    let source = j.source.as_ref();
    let parts = [
        j.id.as_str(),
        j.last_updated_timestamp.as_str(),
        j.execution_status.as_str(),
        j.desired_execution_status.as_str(),
        j.health.status.as_str(),
        j.health.code.as_ref().map_or("", |c| c.as_str()),
        j.table_name(),
        source.and_then(|s| s.connection_name.as_deref()).unwrap_or_default(),
        source.and_then(|s| s.table_name.as_deref()).unwrap_or_default(),
        j.unreadable.as_deref().unwrap_or_default(),
    ];
    let mut key = String::with_capacity(parts.iter().map(|p| p.len() + 4).sum());
    for part in parts {
        push_padded(&mut key, part.len() as u64, 1);
        key.push(':');
        key.push_str(part);
    }
    key
}

/// A job's source as its kind and the connection or table it reads (`("connection",
/// "kafka-clicks")`, `("s3", "")`): the list's Source column, the job page's Source figure.
pub fn source_text(source: Option<&jobs_api::Source>) -> (&str, &str) {
    match source {
        Some(s) => (s.kind.as_str(), s.connection_name.as_deref().or(s.table_name.as_deref()).unwrap_or_default()),
        None => ("", ""),
    }
}

/// The first 8 characters of a job ID (a UUID's first group), what the list shows of it.
pub fn short_id(id: &str) -> &str {
    id.char_indices().nth(8).map_or(id, |(at, _)| &id[..at])
}

/// A link to the list filtered by `value` for the query parameter `key`, relative to the list's
/// own address (`?key=value`): the list's click handler adds it to the view on screen instead,
/// a new tab opens that filter alone.
fn filter_link(out: &mut Html, key: &'static str, value: &str) {
    if value.is_empty() {
        return;
    }
    out.raw("<a class=\"fl\" data-k=\"");
    out.raw(key);
    out.raw("\" href=\"?");
    out.raw(key);
    out.raw("=");
    out.text(&encode_component(value));
    out.raw("\">");
    out.text(value);
    out.raw("</a>");
}

/// A cell's opening tag (the roles keep the table's semantics under the grid layout).
const CELL: &str = "<td role=\"cell\">";

fn time_html(out: &mut Html, ts: &Timestamp, now: i64) {
    match ts.epoch_millis() {
        Some(ms) => {
            out.raw("<time datetime=\"");
            out.text(ts.as_str());
            out.raw("\">");
            out.text_with(|s| write_relative(s, ms, now));
            out.raw("</time>");
        }
        None => {
            out.raw("<span>");
            out.text(ts.as_str());
            out.raw("</span>");
        }
    }
}

/// Writes the rows of one project's page as HTML (`now` for the relative times), every value
/// from the API escaped; what the rows share is worked out once. Lean on purpose (a page holds
/// up to 1000 rows, and the browser's parse of them is the largest part of showing them): the
/// columns are styled by position, badge icons come from the style sheet, and tooltips are added
/// on hover ([`explain_on_hover`]).
pub struct RowWriter {
    /// `/projects/{project}/jobs/`, encoded and escaped.
    link: Html,
    now: i64,
}

impl RowWriter {
    pub fn new(project: &str, now: i64) -> Self {
        let mut link = Html::default();
        link.raw("/projects/").text(&encode_component(project));
        link.raw("/jobs/");
        Self { link, now }
    }

    /// One row.
    pub fn write(&self, out: &mut Html, j: &JobSummary) {
        if let Some(reason) = &j.unreadable {
            return self.write_unreadable(out, &j.id, reason);
        }
        let now = self.now;
        out.raw("<tr role=\"row\" data-job-id=\"");
        out.text(&j.id);
        out.raw("\">");
        // The box that selects the job for a bulk action (checked by the list, not written here:
        // a row is kept while the selection changes).
        out.raw("<td role=\"cell\" class=\"pick\"><input type=\"checkbox\" aria-label=\"Select job ");
        match j.table_name() {
            "" => out.text(&job_type_label(&j.job_type)),
            table => out.text(table),
        };
        out.raw(" (");
        out.text(&j.id);
        out.raw(")\"></td>");
        // The ID short (its first 8 characters), the whole of it in the link's name and tooltip.
        out.raw(CELL);
        self.job_link(out, &j.id, short_id(&j.id));
        out.raw("</td>");
        out.raw(CELL);
        out.text(&job_type_label(&j.job_type));
        out.raw("</td>");
        // The table and the connection are links to the list filtered by them (the list adds
        // that filter to its view when they are clicked: `filter_link`).
        out.raw(CELL);
        filter_link(out, "targetTableName", j.table_name());
        out.raw("</td>");
        let (kind, name) = source_text(j.source.as_ref());
        out.raw(CELL);
        out.raw("<span class=\"muted\">");
        out.text(kind);
        out.raw("</span> ");
        match j.source.as_ref().and_then(|s| s.connection_name.as_deref()) {
            Some(c) => filter_link(out, "connectionName", c),
            None => {
                out.text(name);
            }
        }
        out.raw("</td>");
        out.raw(CELL);
        Badge::status(&j.execution_status, Some(&j.desired_execution_status)).write_html(out);
        out.raw("</td>");
        out.raw(CELL);
        Badge::health(&j.health).write_html(out);
        out.raw("</td>");
        out.raw(CELL);
        out.text(&j.created_by.username);
        out.raw("</td>");
        out.raw(CELL);
        time_html(out, &j.created_timestamp, now);
        out.raw("</td>");
        out.raw(CELL);
        time_html(out, &j.last_updated_timestamp, now);
        out.raw("</td>");
        out.raw(CELL);
        let ran = j.started_timestamp.as_ref().and_then(Timestamp::epoch_millis);
        let ended = j.completed_timestamp.as_ref().and_then(Timestamp::epoch_millis);
        if let (Some(a), Some(b)) = (ran, ended) {
            out.text_with(|s| write_duration(s, b - a));
        }
        out.raw("</td></tr>");
    }

    /// A link to a job's page showing `text`, the whole ID as its name and tooltip.
    fn job_link(&self, out: &mut Html, id: &str, text: &str) {
        out.raw("<a class=\"job-link\" href=\"");
        out.html(&self.link);
        out.text(&encode_component(id));
        out.raw("\" aria-label=\"");
        out.text(id);
        out.raw("\" title=\"");
        out.text(id);
        out.raw("\">");
        out.text(text);
        out.raw("</a>");
    }

    /// The row of a job that could not be read: in its place, with its ID (a link to its page,
    /// which shows what could be read) where it has one, and why. No box: it cannot be selected.
    fn write_unreadable(&self, out: &mut Html, id: &str, reason: &str) {
        out.raw("<tr role=\"row\" class=\"unreadable\" data-job-id=\"");
        out.text(id);
        out.raw("\"><td role=\"cell\"></td><td role=\"cell\">This job could not be read");
        if !id.is_empty() {
            out.raw(" (");
            self.job_link(out, id, id);
            out.raw(")");
        }
        out.raw(": ");
        out.text(reason);
        out.raw("</td></tr>");
    }
}

/// The tooltip of what the pointer is on, added when the pointer reaches it (the rows carry
/// none, to stay lean): a time's exact moment (in the zone chosen now), and the whole text of a cell or badge
/// that ends in an ellipsis. `target` is the element the pointer entered; its ancestors up to
/// its cell are looked at too. Nothing outside a cell (a row's edge, the table) is looked at.
pub fn explain_on_hover(target: &web_sys::Element, zone: Zone) {
    let Ok(Some(cell)) = target.closest("td") else { return };
    let mut at = Some(target.clone());
    while let Some(el) = at {
        let tag = el.tag_name();
        if tag.eq_ignore_ascii_case("time") {
            let ms = el.get_attribute("datetime").and_then(|t| Timestamp::new(t).epoch_millis());
            if let Some(ms) = ms {
                let mut exact = String::with_capacity(28);
                write_exact(&mut exact, ms, true, zone);
                let _ = el.set_attribute("title", &exact);
            }
        } else if !el.has_attribute("title") && el.scroll_width() > el.client_width() {
            let _ = el.set_attribute("title", &el.text_content().unwrap_or_default());
        }
        if el == cell {
            break;
        }
        at = el.parent_element();
    }
}

/// Brings the rows' relative times ("5 min ago") under `root` to `now`: only a time whose words
/// changed is set, nothing else is touched (a row is kept while its key stays, and the key
/// leaves the time out). The list calls this once a minute.
pub fn tick_times(root: &web_sys::Element, now: i64) {
    let Ok(times) = root.query_selector_all("time[datetime]") else { return };
    let mut text = String::new();
    for el in (0..times.length()).filter_map(|i| times.item(i)).filter_map(|n| n.dyn_into::<web_sys::Element>().ok()) {
        let Some(ms) = el.get_attribute("datetime").and_then(|t| Timestamp::new(t).epoch_millis()) else { continue };
        text.clear();
        write_relative(&mut text, ms, now);
        if el.text_content().as_deref() != Some(text.as_str()) {
            el.set_text_content(Some(&text));
        }
    }
}

/// The rows on screen, by key, in order (`KeyedRows`: the keyboard's place follows the job).
pub struct Rows(KeyedRows);

impl Default for Rows {
    fn default() -> Self {
        Rows(KeyedRows::new("data-job-id"))
    }
}

impl Rows {
    /// Makes `tbody` show `jobs`, in order: kept rows stay as they are, new or changed ones are
    /// parsed from HTML together. Nothing is touched when nothing changed. `keys` are the jobs'
    /// `row_key`s.
    pub fn sync(&mut self, tbody: &web_sys::Element, jobs: &[JobSummary], keys: &[String], project: &str, now: i64) {
        let writer = RowWriter::new(project, now);
        // About 0.8 KB a row.
        self.0.sync(tbody, keys, project, 900, &mut |out, i| writer.write(out, &jobs[i]));
    }
}

/// The jobs table's header row. The columns the API sorts by (`sortColumn`) have a button that
/// sorts by them (`data-sort`: the API's value); Job ID, Health and Duration have none.
pub const HEADER: &str = concat!(
    "<tr role=\"row\"><th scope=\"col\" role=\"columnheader\" class=\"pick\"><input type=\"checkbox\" aria-label=\"Select all on this page\"></th>",
    "<th scope=\"col\" role=\"columnheader\">Job ID</th>",
    "<th scope=\"col\" role=\"columnheader\"><button type=\"button\" data-sort=\"type\">Type</button></th>",
    "<th scope=\"col\" role=\"columnheader\"><button type=\"button\" data-sort=\"target_table_name\">Target table</button></th>",
    "<th scope=\"col\" role=\"columnheader\"><button type=\"button\" data-sort=\"source_name\">Source</button></th>",
    "<th scope=\"col\" role=\"columnheader\"><button type=\"button\" data-sort=\"execution_status\">Status</button></th>",
    "<th scope=\"col\" role=\"columnheader\">Health</th>",
    "<th scope=\"col\" role=\"columnheader\"><button type=\"button\" data-sort=\"created_by_user_name\">Created by</button></th>",
    "<th scope=\"col\" role=\"columnheader\"><button type=\"button\" data-sort=\"created_date_time\">Created</button></th>",
    "<th scope=\"col\" role=\"columnheader\"><button type=\"button\" data-sort=\"last_updated_date_time\">Last updated</button></th>",
    "<th scope=\"col\" role=\"columnheader\">Duration</th></tr>"
);

/// The jobs table's boxes as the bulk actions use them: by job id, without knowing the markup
/// (only this module knows what it writes).
#[derive(Clone, Copy)]
pub struct TableHandle {
    /// The table's `<tbody>` (its `<thead>` is the element before it).
    pub body: NodeRef<html::Tbody>,
}

impl TableHandle {
    pub fn new() -> Self {
        TableHandle { body: NodeRef::new() }
    }

    /// The box of each row on screen, with its job's id.
    pub fn boxes(&self) -> Vec<(String, web_sys::HtmlInputElement)> {
        let rows = self.body.get_untracked().map(|b| elements(b.children())).unwrap_or_default();
        rows.iter().filter_map(|tr| Some((tr.get_attribute("data-job-id")?, row_box(tr)?))).collect()
    }

    /// The header's box, "Select all on this page".
    pub fn page_box(&self) -> Option<web_sys::HtmlInputElement> {
        self.body.get_untracked()?.previous_element_sibling()?.query_selector(".pick input").ok()??.dyn_into().ok()
    }

    /// Calls `changed` with each box a person checks or unchecks: a row's (`Some(job id)`) or the
    /// page's (`None`), and whether it is checked now; until the calling component goes.
    pub fn on_box_change(&self, changed: impl Fn(Option<String>, bool) + 'static) {
        use wasm_bindgen::closure::Closure;
        let Some(table) = self.body.get_untracked().and_then(|b| b.parent_element()) else { return };
        let listener = Closure::<dyn Fn(web_sys::Event)>::new(move |ev: web_sys::Event| {
            let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else { return };
            let Some(row) =
                input.parent_element().filter(|c| c.class_name() == "pick").and_then(|c| c.parent_element())
            else {
                return;
            };
            changed(row.get_attribute("data-job-id"), input.checked());
        });
        let _ = table.add_event_listener_with_callback("change", listener.as_ref().unchecked_ref());
        let listening = send_wrapper::SendWrapper::new((table, listener));
        leptos::prelude::on_cleanup(move || {
            let (table, listener) = listening.take();
            let _ = table.remove_event_listener_with_callback("change", listener.as_ref().unchecked_ref());
        });
    }
}

impl Default for TableHandle {
    fn default() -> Self {
        Self::new()
    }
}

/// The box of a row.
pub fn row_box(row: &web_sys::Element) -> Option<web_sys::HtmlInputElement> {
    row.query_selector("td.pick input").ok()??.dyn_into().ok()
}

fn job_link(row: &web_sys::Element) -> Option<web_sys::HtmlElement> {
    row.query_selector("a.job-link").ok()??.dyn_into().ok()
}

/// The job links of the rows in `body` (the table's `<tbody>`), in order.
pub fn links(body: &web_sys::Element) -> Vec<web_sys::HtmlElement> {
    elements(body.children()).iter().filter_map(job_link).collect()
}

/// The row of `body` that has the keyboard's focus (its link or its box).
pub fn focused_row(body: &web_sys::Element) -> Option<web_sys::Element> {
    let row = leptos::prelude::document().active_element()?.closest("tr").ok()??;
    (row.parent_element().as_ref() == Some(body)).then_some(row)
}

#[cfg(test)]
mod tests {
    use super::*;
    use jobs_api::{ExecutionStatus, Health, HealthCode};

    /// One row as `RowWriter` writes it.
    fn row(project: &str, now: i64, j: &JobSummary) -> String {
        let mut h = Html::default();
        RowWriter::new(project, now).write(&mut h, j);
        h.as_str().to_owned()
    }

    fn job(id: &str) -> JobSummary {
        let text = format!(
            r#"{{"id":{},"type":"batch","executionStatus":"running","desiredExecutionStatus":"suspended",
               "health":{{"status":"warn","code":"invalid_rows_found"}},"createdBy":{{"username":"a<b>","userId":"u"}},
               "createdTimestamp":"2024-08-01T12:00:00Z","lastUpdatedTimestamp":"not a time",
               "target":{{"type":"table","tableName":"t&1"}},
               "source":{{"type":"connection","connectionName":"c\"1"}}}}"#,
            jobs_api::decode::quote(id)
        );
        jobs_api::decode::from_str(&text).unwrap()
    }

    #[test]
    fn a_row_has_every_column_and_escapes_every_value() {
        let now = jobs_api::Timestamp::new("2024-08-01T12:05:00Z").epoch_millis().unwrap();
        let out = row("p 1", now, &job("j/1\"><script>"));
        assert_eq!(out.matches("<td role=\"cell\">").count(), 10);
        assert!(
            out.contains(r#"<td role="cell" class="pick"><input type="checkbox" aria-label="Select job t&amp;1 (j/1&quot;&gt;&lt;script&gt;)"></td>"#),
            "{out}"
        );
        assert!(!out.contains("<script>"), "{out}");
        assert!(
            out.starts_with(
                r#"<tr role="row" data-job-id="j/1&quot;&gt;&lt;script&gt;"><td role="cell" class="pick">"#
            ),
            "{out}"
        );
        assert!(
            out.contains(r#"<a class="job-link" href="/projects/p%201/jobs/j%2F1%22%3E%3Cscript%3E" aria-label="j/1&quot;&gt;&lt;script&gt;" title="j/1&quot;&gt;&lt;script&gt;">j/1&quot;&gt;&lt;sc</a>"#),
            "{out}"
        );
        // The table and the connection filter the list.
        assert!(
            out.contains(r#"<span class="muted">connection</span> <a class="fl" data-k="connectionName" href="?connectionName=c%221">c&quot;1</a></td>"#),
            "{out}"
        );
        assert!(out.contains(r#"<td role="cell"><a class="fl" data-k="targetTableName" href="?targetTableName=t%261">t&amp;1</a></td>"#), "{out}");
        assert!(out.contains(r#"<td role="cell">a&lt;b&gt;</td>"#), "{out}");
        assert!(out.contains(r#"<time datetime="2024-08-01T12:00:00Z">5 min ago</time>"#), "{out}");
        // Tooltips are added on hover, not written into every row (but the short ID's).
        assert_eq!(out.matches("title=").count(), 1, "{out}");
        assert!(out.contains("<span>not a time</span>"), "{out}");
        assert!(out.contains("Running → suspending"), "{out}");
        assert!(out.contains("Warn: Invalid rows found"), "{out}");
        // Duration: only of a job that ran and ended.
        assert!(out.ends_with("<td role=\"cell\"></td></tr>"), "{out}");
        let mut ended = job("b");
        ended.started_timestamp = Some(jobs_api::Timestamp::new("2024-08-01T12:00:00Z"));
        ended.completed_timestamp = Some(jobs_api::Timestamp::new("2024-08-01T12:03:30Z"));
        let out = row("p", now, &ended);
        assert!(out.ends_with("<td role=\"cell\">3 min 30 s</td></tr>"), "{out}");
    }

    #[test]
    fn a_job_id_is_shown_by_its_first_8_characters() {
        assert_eq!(short_id("0f8e2a4c-1b2d-4e5f-8a9b-0c1d2e3f4a5b"), "0f8e2a4c");
        assert_eq!(short_id("short"), "short");
        assert_eq!(short_id("ééééééééé"), "éééééééé");
    }

    #[test]
    fn the_key_changes_with_what_the_row_shows() {
        let a = job("a");
        let mut b = a.clone();
        assert_eq!(row_key(&a), row_key(&b));
        assert_eq!(row_key(&a), "1:a10:not a time7:running9:suspended4:warn18:invalid_rows_found3:t&13:c\"10:0:");
        let mut f = a.clone();
        f.id = "a10:".into();
        f.last_updated_timestamp = jobs_api::Timestamp::new("not a");
        assert_ne!(row_key(&a), row_key(&f));
        b.health = Health::error(HealthCode::Canceled, "x");
        assert_ne!(row_key(&a), row_key(&b));
        let mut c = a.clone();
        c.execution_status = ExecutionStatus::Completed;
        assert_ne!(row_key(&a), row_key(&c));
        let mut d = a.clone();
        d.source.as_mut().unwrap().connection_name = Some("other".into());
        assert_ne!(row_key(&a), row_key(&d));
        let mut e = a.clone();
        e.unreadable = Some("missing createdTimestamp".into());
        assert_ne!(row_key(&a), row_key(&e));
    }

    #[test]
    fn a_job_that_could_not_be_read_has_a_row_of_its_own() {
        let mut j = job("j<1>");
        j.unreadable = Some("missing <createdTimestamp>".into());
        let out = row("p", 0, &j);
        assert_eq!(
            out,
            "<tr role=\"row\" class=\"unreadable\" data-job-id=\"j&lt;1&gt;\"><td role=\"cell\"></td><td role=\"cell\">\
             This job could not be read (<a class=\"job-link\" href=\"/projects/p/jobs/j%3C1%3E\" \
             aria-label=\"j&lt;1&gt;\" title=\"j&lt;1&gt;\">j&lt;1&gt;</a>): missing &lt;createdTimestamp&gt;</td></tr>"
        );
        // Without an ID: no link, no box.
        j.id.clear();
        let out = row("p", 0, &j);
        assert!(out.contains("This job could not be read: missing"), "{out}");
        assert!(!out.contains("<a ") && !out.contains("checkbox"), "{out}");
    }
}
