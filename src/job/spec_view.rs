//! A job's specification, readable: what it reads, how it maps and filters, its query, the
//! intervals it deletes, written as HTML from the full job's JSON (`GET /jobs/{id}`), per job
//! type. Every value is escaped; a field the job does not have is left out; fields this module
//! does not know (a new type, a new field) are shown as rows of their own, so that nothing the
//! API sends is lost. Pure: the job page writes the result through the app's Trusted Types
//! policy, and the host tests read it.

use crate::text::format::{write_exact, Zone};
use crate::text::html::Html;
use jobs_api::Timestamp;
use serde_json::{Map, Value};

/// Fields the job page shows elsewhere (its head, status and times: the server-managed ones, and
/// the type), or that this section shows in its own way (the spec itself is the request these
/// fields came from).
fn shown_elsewhere() -> Vec<String> {
    crate::job::spec::SERVER_MANAGED.iter().chain(&["type"]).map(|s| s.to_string()).collect()
}

/// Inline data shows this many lines before "Show all".
pub const INLINE_LINES: usize = 10;

/// The section's HTML for `job` (the full job's JSON object), its moments in `zone`; `""` when
/// it is not an object.
pub fn spec_html(job: &Value, zone: Zone) -> Html {
    let Some(job) = job.as_object() else { return Html::default() };
    let mut w = Writer { out: Html::with_capacity(2048), used: shown_elsewhere(), zone };
    w.out.raw("<dl class=\"spec\">");
    let kind = job.get("type").and_then(Value::as_str).unwrap_or("");
    w.target(job, kind);
    match kind {
        "batch" | "streaming" => {
            w.source(job);
            if kind == "streaming" {
                w.text(job, "readFromPoint", "Read from");
                w.yes_no(job, "useSchemaDiscovery", "Schema discovery");
            } else {
                w.text(job, "ingestionMode", "Ingestion mode");
            }
            w.yes_no_from_spec(job, "createTableIfNotExists", "Create the table if it does not exist");
            w.mappings(job);
            w.mono(job, "filterExpression", "Filter expression");
            w.parse_exceptions(job);
        }
        "sql" => {
            if let Some(q) = job.get("query").and_then(Value::as_str) {
                w.used.push("query".into());
                w.row_start("Query");
                w.out.raw("<pre class=\"query\">");
                w.out.text(q);
                w.out.raw(
                    "</pre><button type=\"button\" class=\"btn btn-small\" data-copy=\"query\">Copy query</button>",
                );
                w.row_end();
            }
            w.generic(job, "context", "Context");
            w.generic(job, "parameters", "Parameters");
        }
        "delete_data" => w.yes_no(job, "deleteAll", "Delete all"),
        "restore_data" => {
            if let Some(i) = job.get("interval").and_then(Value::as_str) {
                w.used.push("interval".into());
                w.row_start("Interval");
                write_interval(&mut w.out, i, zone);
                w.row_end();
            }
        }
        _ => {}
    }
    // What is left: a versions list, and whatever this module does not know.
    let rest: Vec<(&String, &Value)> = job.iter().filter(|(k, _)| !w.used.iter().any(|u| u == *k)).collect();
    for (key, value) in rest {
        if !value.is_null() {
            w.row_start(&label_of(key));
            value_html(&mut w.out, value);
            w.row_end();
        }
    }
    w.out.raw("</dl>");
    w.out
}

/// A field's name as a label: "maxParseExceptions" → "Max parse exceptions".
fn label_of(key: &str) -> String {
    let mut out = String::with_capacity(key.len() + 4);
    for (i, c) in key.chars().enumerate() {
        if i == 0 {
            out.push(c.to_ascii_uppercase());
        } else if c.is_ascii_uppercase() {
            out.push(' ');
            out.push(c.to_ascii_lowercase());
        } else if c == '_' {
            out.push(' ');
        } else {
            out.push(c);
        }
    }
    out
}

struct Writer {
    out: Html,
    /// The job's fields written so far (or shown elsewhere).
    used: Vec<String>,
    zone: Zone,
}

impl Writer {
    fn row_start(&mut self, label: &str) {
        self.out.raw("<div class=\"spec-row\"><dt>");
        self.out.text(label);
        self.out.raw("</dt><dd>");
    }

    fn row_end(&mut self) {
        self.out.raw("</dd></div>");
    }

    /// A row of plain text, if the field is a non-empty string.
    fn text(&mut self, job: &Map<String, Value>, key: &str, label: &str) {
        if let Some(v) = job.get(key).and_then(Value::as_str).filter(|v| !v.is_empty()) {
            self.used.push(key.into());
            self.row_start(label);
            self.out.text(v);
            self.row_end();
        }
    }

    /// A row of monospace text.
    fn mono(&mut self, job: &Map<String, Value>, key: &str, label: &str) {
        if let Some(v) = job.get(key).and_then(Value::as_str).filter(|v| !v.is_empty()) {
            self.used.push(key.into());
            self.row_start(label);
            self.out.raw("<code>");
            self.out.text(v);
            self.out.raw("</code>");
            self.row_end();
        }
    }

    fn yes_no(&mut self, job: &Map<String, Value>, key: &str, label: &str) {
        if let Some(v) = job.get(key).and_then(Value::as_bool) {
            self.used.push(key.into());
            self.row_start(label);
            self.out.raw(if v { "Yes" } else { "No" });
            self.row_end();
        }
    }

    /// A yes/no the full job may carry itself or only in its `spec` (the create request).
    fn yes_no_from_spec(&mut self, job: &Map<String, Value>, key: &str, label: &str) {
        if job.contains_key(key) {
            return self.yes_no(job, key, label);
        }
        if let Some(spec) = job.get("spec").and_then(Value::as_object) {
            self.yes_no(spec, key, label);
        }
    }

    /// Any value, as [`value_html`] writes it.
    fn generic(&mut self, job: &Map<String, Value>, key: &str, label: &str) {
        if let Some(v) = job.get(key).filter(|v| !v.is_null()) {
            self.used.push(key.into());
            self.row_start(label);
            value_html(&mut self.out, v);
            self.row_end();
        }
    }

    /// The table (and a delete's intervals).
    fn target(&mut self, job: &Map<String, Value>, kind: &str) {
        let Some(target) = job.get("target").and_then(Value::as_object) else { return };
        self.used.push("target".into());
        if let Some(t) = target.get("tableName").and_then(Value::as_str) {
            self.row_start("Table");
            self.out.text(t);
            self.row_end();
        }
        match target.get("intervals").and_then(Value::as_array) {
            Some(intervals) if !intervals.is_empty() => {
                self.row_start(if kind == "delete_data" { "Intervals deleted" } else { "Intervals" });
                self.out.raw("<ul class=\"plain\">");
                for i in intervals {
                    self.out.raw("<li>");
                    match i.as_str() {
                        Some(i) => write_interval(&mut self.out, i, self.zone),
                        None => value_html(&mut self.out, i),
                    }
                    self.out.raw("</li>");
                }
                self.out.raw("</ul>");
                self.row_end();
            }
            _ => {}
        }
        // Anything else the target says.
        for (k, v) in target {
            if !matches!(k.as_str(), "type" | "tableName" | "intervals") && !v.is_null() {
                self.row_start(&format!("Target {}", label_of(k).to_ascii_lowercase()));
                value_html(&mut self.out, v);
                self.row_end();
            }
        }
    }

    /// Where a batch or streaming job reads, by source type, and how.
    fn source(&mut self, job: &Map<String, Value>) {
        let Some(source) = job.get("source").and_then(Value::as_object) else { return };
        self.used.push("source".into());
        let kind = source.get("type").and_then(Value::as_str).unwrap_or("");
        self.row_start("Source");
        self.out.raw(match kind {
            "uploaded" => "Uploaded files",
            "s3" => "Amazon S3",
            "azure" => "Azure Blob Storage",
            "connection" => "Connection",
            "inline" => "Inline data",
            "table" => "Table",
            _ => "",
        });
        if !matches!(kind, "uploaded" | "s3" | "azure" | "connection" | "inline" | "table") {
            self.out.text(kind);
        }
        self.row_end();
        let mut done = vec!["type"];
        for (key, label) in [("connectionName", "Connection"), ("tableName", "Source table")] {
            if let Some(v) = source.get(key).and_then(Value::as_str) {
                done.push(key);
                self.row_start(label);
                self.out.text(v);
                self.row_end();
            }
        }
        for (key, label) in [("fileList", "Files"), ("uris", "URIs"), ("prefixes", "Prefixes"), ("objects", "Objects")]
        {
            if let Some(list) = source.get(key).and_then(Value::as_array) {
                done.push(key);
                self.row_start(label);
                self.out.raw("<ul class=\"plain mono\">");
                for item in list {
                    self.out.raw("<li>");
                    value_html(&mut self.out, item);
                    self.out.raw("</li>");
                }
                self.out.raw("</ul>");
                self.row_end();
            }
        }
        if let Some(data) = source.get("data").and_then(Value::as_str) {
            done.push("data");
            self.row_start("Data");
            let lines: Vec<&str> = data.lines().collect();
            self.out.raw("<pre class=\"data\">");
            self.out.text(&lines[..lines.len().min(INLINE_LINES)].join("\n"));
            self.out.raw("</pre>");
            if lines.len() > INLINE_LINES {
                self.out.raw("<details><summary>Show all (");
                self.out.text(&lines.len().to_string());
                self.out.raw(" lines)</summary><pre class=\"data\">");
                self.out.text(data);
                self.out.raw("</pre></details>");
            }
            self.row_end();
        }
        if let Some(schema) = source.get("inputSchema").filter(|v| !v.is_null()) {
            done.push("inputSchema");
            self.row_start("Input schema");
            value_html(&mut self.out, schema);
            self.row_end();
        }
        if let Some(f) = source.get("formatSettings").filter(|v| !v.is_null()) {
            done.push("formatSettings");
            self.row_start("Format settings");
            value_html(&mut self.out, f);
            self.row_end();
        }
        for (k, v) in source {
            if !done.contains(&k.as_str()) && !v.is_null() {
                self.row_start(&format!("Source {}", label_of(k).to_ascii_lowercase()));
                value_html(&mut self.out, v);
                self.row_end();
            }
        }
    }

    fn mappings(&mut self, job: &Map<String, Value>) {
        let Some(list) = job.get("mappings").and_then(Value::as_array) else { return };
        self.used.push("mappings".into());
        self.row_start("Mappings");
        if list.is_empty() {
            self.out.raw("None");
        } else {
            self.out.raw("<table class=\"spec-table\"><thead><tr><th scope=\"col\">Column</th><th scope=\"col\">Expression</th></tr></thead><tbody>");
            for m in list {
                self.out.raw("<tr><td>");
                self.out.text(m.get("columnName").and_then(Value::as_str).unwrap_or(""));
                self.out.raw("</td><td><code>");
                self.out.text(m.get("expression").and_then(Value::as_str).unwrap_or(""));
                self.out.raw("</code></td></tr>");
            }
            self.out.raw("</tbody></table>");
        }
        self.row_end();
    }

    fn parse_exceptions(&mut self, job: &Map<String, Value>) {
        let Some(n) = job.get("maxParseExceptions").and_then(Value::as_i64) else { return };
        self.used.push("maxParseExceptions".into());
        self.row_start("Max parse exceptions");
        if n < 0 {
            self.out.raw("No limit");
        } else {
            self.out.text(&crate::text::format::thousands(n as u64));
        }
        self.row_end();
    }
}

/// "start/end" as two readable moments ("2024-01-01 00:00:00 UTC → 2024-02-01 00:00:00 UTC"),
/// each with its exact text kept in `datetime`; text that is not such an interval as it is.
pub fn write_interval(out: &mut Html, interval: &str, zone: Zone) {
    let parts = interval.split_once('/').map(|(a, b)| (Timestamp::new(a), Timestamp::new(b)));
    match parts.and_then(|(a, b)| Some(((a.epoch_millis()?, a), (b.epoch_millis()?, b)))) {
        Some(((start, a), (end, b))) => {
            for (i, (ms, ts)) in [(start, a), (end, b)].into_iter().enumerate() {
                if i == 1 {
                    out.raw(" → ");
                }
                out.raw("<time datetime=\"");
                out.text(ts.as_str());
                out.raw("\">");
                out.text_with(|s| write_exact(s, ms, true, zone));
                out.raw("</time>");
            }
        }
        None => {
            out.text(interval);
        }
    }
}

/// A JSON number as JSON writes it: integers by the app's own digits, other numbers by the
/// browser's `Number.prototype.toString` (no float formatting linked into the app; see
/// docs/performance.md).
fn write_number(out: &mut String, n: &serde_json::Number) {
    if let Some(i) = n.as_i64() {
        if i < 0 {
            out.push('-');
        }
        crate::text::format::push_padded(out, i.unsigned_abs(), 1);
    } else if let Some(u) = n.as_u64() {
        crate::text::format::push_padded(out, u, 1);
    } else if let Some(f) = n.as_f64() {
        #[cfg(target_arch = "wasm32")]
        out.push_str(&String::from(js_sys::Number::from(f).to_string_with_radix(10).unwrap_or_default()));
        #[cfg(not(target_arch = "wasm32"))]
        out.push_str(&f.to_string());
    }
}

/// Any JSON value, readable: text as text, yes/no, numbers, a list of scalars as a list, a list
/// of objects as a table (a column per key), an object as a table of keys and values.
pub fn value_html(out: &mut Html, v: &Value) {
    match v {
        Value::Null => {}
        Value::Bool(b) => {
            out.raw(if *b { "Yes" } else { "No" });
        }
        Value::Number(n) => {
            out.text_with(|s| write_number(s, n));
        }
        Value::String(s) => {
            out.text(s);
        }
        Value::Array(items) if items.iter().all(|i| i.is_object()) && !items.is_empty() => {
            let mut keys: Vec<&String> = Vec::new();
            for i in items {
                for k in i.as_object().into_iter().flat_map(|o| o.keys()) {
                    if !keys.contains(&k) {
                        keys.push(k);
                    }
                }
            }
            // What names a row first (the keys come sorted).
            let rank = |k: &&String| ["name", "columnName", "type"].iter().position(|f| f == k).unwrap_or(3);
            crate::text::format::insertion_sort_by(&mut keys, |a, b| rank(a) < rank(b));
            out.raw("<table class=\"spec-table\"><thead><tr>");
            for k in &keys {
                out.raw("<th scope=\"col\">");
                out.text(&label_of(k));
                out.raw("</th>");
            }
            out.raw("</tr></thead><tbody>");
            for i in items {
                out.raw("<tr>");
                for k in &keys {
                    out.raw("<td>");
                    if let Some(v) = i.get(k.as_str()) {
                        value_html(out, v);
                    }
                    out.raw("</td>");
                }
                out.raw("</tr>");
            }
            out.raw("</tbody></table>");
        }
        Value::Array(items) => {
            out.raw("<ul class=\"plain\">");
            for i in items {
                out.raw("<li>");
                value_html(out, i);
                out.raw("</li>");
            }
            out.raw("</ul>");
        }
        Value::Object(map) => {
            out.raw("<table class=\"spec-table kv\"><tbody>");
            for (k, v) in map {
                out.raw("<tr><th scope=\"row\">");
                out.text(k);
                out.raw("</th><td>");
                value_html(out, v);
                out.raw("</td></tr>");
            }
            out.raw("</tbody></table>");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_batch_job_reads_as_its_source_mappings_and_limits() {
        let job = json!({
            "id": "j1", "type": "batch", "executionStatus": "running",
            "target": {"type": "table", "tableName": "orders<1>", "intervals": null},
            "source": {"type": "uploaded", "fileList": ["a.json", "b&c.json"], "formatSettings": {"format": "nd-json"},
                       "inputSchema": [{"name": "ts", "dataType": "string"}]},
            "ingestionMode": "append", "mappings": [{"columnName": "__time", "expression": "TIME_PARSE(\"ts\")"}],
            "filterExpression": "\"x\" > 1", "maxParseExceptions": -1, "newField": {"a": 1},
            "spec": {"createTableIfNotExists": true}
        });
        let html = spec_html(&job, Zone::Utc);
        for part in [
            "<dt>Table</dt><dd>orders&lt;1&gt;</dd>",
            "<dt>Source</dt><dd>Uploaded files</dd>",
            "<li>a.json</li><li>b&amp;c.json</li>",
            "<dt>Format settings</dt><dd><table class=\"spec-table kv\"><tbody><tr><th scope=\"row\">format</th><td>nd-json</td></tr>",
            "<th scope=\"col\">Name</th><th scope=\"col\">Data type</th>",
            "<dt>Ingestion mode</dt><dd>append</dd>",
            "<dt>Create the table if it does not exist</dt><dd>Yes</dd>",
            "<th scope=\"col\">Column</th><th scope=\"col\">Expression</th></tr></thead><tbody><tr><td>__time</td><td><code>TIME_PARSE(&quot;ts&quot;)</code></td></tr>",
            "<dt>Filter expression</dt><dd><code>&quot;x&quot; &gt; 1</code></dd>",
            "<dt>Max parse exceptions</dt><dd>No limit</dd>",
            // Unknown fields are kept.
            "<dt>New field</dt><dd><table class=\"spec-table kv\"><tbody><tr><th scope=\"row\">a</th><td>1</td></tr>",
        ] {
            assert!(html.contains(part), "{part}\n{html}");
        }
        assert!(!html.contains("undefined") && !html.contains("null") && !html.contains("executionStatus"), "{html}");
        assert!(!html.contains("<dt>Spec</dt>"), "{html}");
    }

    #[test]
    fn sources_inline_data_and_streaming_fields() {
        let data: String = (1..=12).map(|i| format!("{{\"n\":{i}}}\n")).collect();
        let job = json!({"type": "batch", "source": {"type": "inline", "data": data}, "maxParseExceptions": 100});
        let html = spec_html(&job, Zone::Utc);
        assert!(html.contains("<dt>Source</dt><dd>Inline data</dd>"), "{html}");
        assert!(html.contains("{&quot;n&quot;:10}</pre><details><summary>Show all (12 lines)</summary>"), "{html}");
        assert!(!html[..html.find("<details>").unwrap()].contains("{&quot;n&quot;:11}"), "ten lines first");
        assert!(html.contains("<dt>Max parse exceptions</dt><dd>100</dd>"), "{html}");

        let job =
            json!({"type": "batch", "source": {"type": "s3", "connectionName": "lake", "prefixes": ["s3://b/p/"]}});
        let html = spec_html(&job, Zone::Utc);
        assert!(
            html.contains("<dd>Amazon S3</dd>")
                && html.contains("<dt>Connection</dt><dd>lake</dd>")
                && html.contains("<dt>Prefixes</dt>"),
            "{html}"
        );

        let job = json!({"type": "streaming", "source": {"type": "connection", "connectionName": "kafka"},
            "readFromPoint": "latest", "useSchemaDiscovery": false, "mappings": []});
        let html = spec_html(&job, Zone::Utc);
        for part in [
            "<dt>Connection</dt><dd>kafka</dd>",
            "<dt>Read from</dt><dd>latest</dd>",
            "<dt>Schema discovery</dt><dd>No</dd>",
            "<dt>Mappings</dt><dd>None</dd>",
        ] {
            assert!(html.contains(part), "{part}\n{html}");
        }
    }

    #[test]
    fn sql_delete_restore_drop_and_unknown_types() {
        let job = json!({"type": "sql", "query": "INSERT INTO \"t\"\nSELECT '<b>'", "context": {"maxNumTasks": 2, "ratio": 0.5, "offset": -3},
            "parameters": [{"type": "LONG", "value": 0}]});
        let html = spec_html(&job, Zone::Utc);
        assert!(html.contains("<pre class=\"query\">INSERT INTO &quot;t&quot;\nSELECT &#39;&lt;b&gt;&#39;</pre><button type=\"button\" class=\"btn btn-small\" data-copy=\"query\">Copy query</button>"), "{html}");
        assert!(html.contains("<dt>Context</dt><dd><table class=\"spec-table kv\"><tbody><tr><th scope=\"row\">maxNumTasks</th><td>2</td></tr><tr><th scope=\"row\">offset</th><td>-3</td></tr><tr><th scope=\"row\">ratio</th><td>0.5</td>"), "{html}");
        assert!(html.contains("<th scope=\"col\">Type</th><th scope=\"col\">Value</th></tr></thead><tbody><tr><td>LONG</td><td>0</td>"), "{html}");

        let job = json!({"type": "delete_data", "target": {"type": "table", "tableName": "web",
            "intervals": ["2024-01-01T00:00:00Z/2024-02-01T00:00:00Z", "not an interval"]}, "deleteAll": false});
        let html = spec_html(&job, Zone::Utc);
        assert!(html.contains("<dt>Intervals deleted</dt><dd><ul class=\"plain\"><li><time datetime=\"2024-01-01T00:00:00Z\">2024-01-01 00:00:00 UTC</time> → <time datetime=\"2024-02-01T00:00:00Z\">2024-02-01 00:00:00 UTC</time></li><li>not an interval</li>"), "{html}");
        assert!(html.contains("<dt>Delete all</dt><dd>No</dd>"), "{html}");

        let job = json!({"type": "restore_data", "target": {"tableName": "web"}, "interval": "2024-01-01T00:00:00Z/2024-01-02T00:00:00Z", "versions": ["v1", "v2"]});
        let html = spec_html(&job, Zone::Utc);
        assert!(
            html.contains("<dt>Interval</dt><dd><time")
                && html.contains("<dt>Versions</dt><dd><ul class=\"plain\"><li>v1</li><li>v2</li></ul>"),
            "{html}"
        );

        assert_eq!(
            spec_html(&json!({"type": "drop_table", "target": {"tableName": "old"}}), Zone::Utc),
            "<dl class=\"spec\"><div class=\"spec-row\"><dt>Table</dt><dd>old</dd></div></dl>"
        );

        let html = spec_html(
            &json!({"type": "compact_table", "target": {"tableName": "t"}, "level": 3, "options": ["a"]}),
            Zone::Utc,
        );
        assert!(
            html.contains("<dt>Level</dt><dd>3</dd>")
                && html.contains("<dt>Options</dt><dd><ul class=\"plain\"><li>a</li></ul>"),
            "{html}"
        );
        assert_eq!(spec_html(&json!("not a job"), Zone::Utc), "");
    }
}
