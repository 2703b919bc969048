//! The job spec a person edits on the new-job page: the spec of a job to run again, the example
//! spec of each job type, where the text is not JSON (line and column, in words), and the
//! request body made from it. `POST /jobs` takes a job spec, the object a full job returns as
//! `spec`; whatever the server manages itself ([`SERVER_MANAGED`]) is never sent.

use jobs_api::json::{self, Json, SyntaxError};
use jobs_api::JobType;

/// The fields of a job the server sets, never a create request's: dropped from a spec before it
/// is shown and again before it is sent (a whole job pasted in the editor has them all), with
/// `spec`, a full job's copy of its own create request.
pub const SERVER_MANAGED: [&str; 11] = [
    "id",
    "desiredExecutionStatus",
    "executionStatus",
    "health",
    "createdBy",
    "createdTimestamp",
    "lastModifiedBy",
    "lastUpdatedTimestamp",
    "startedTimestamp",
    "completedTimestamp",
    "spec",
];

/// A fraction as JSON number text: the browser's own (see [`json::FloatWriter`]).
pub fn float_text(f: f64) -> String {
    #[cfg(target_arch = "wasm32")]
    return js_sys::Number::from(f)
        .to_string_with_radix(10)
        .ok()
        .and_then(|s| s.as_string())
        .unwrap_or_else(|| "0".into());
    #[cfg(not(target_arch = "wasm32"))]
    f.to_string()
}

/// Drops the server-managed members of a spec object; the names dropped, in the text's order
/// (once each).
fn drop_server_managed(members: &mut Vec<(std::borrow::Cow<'_, str>, Json<'_>)>) -> Vec<String> {
    let mut dropped: Vec<String> = Vec::new();
    members.retain(|(k, _)| {
        let managed = SERVER_MANAGED.contains(&k.as_ref());
        if managed && !dropped.iter().any(|d| d == k) {
            dropped.push(k.to_string());
        }
        !managed
    });
    dropped
}

/// The spec to edit for running a job again, from the job as `GET /jobs/{id}` sent it: its
/// `spec` (the whole job when it has none), without server-managed fields, indented by two
/// spaces. `None` when the text is not a JSON object.
pub fn spec_of_job(job_text: &str) -> Option<String> {
    let job = crate::api::parse_json(job_text).ok()?;
    let Json::Object(mut members) = job else { return None };
    let spec = members.iter().rposition(|(k, _)| k == "spec").map(|i| members.swap_remove(i).1);
    let mut members = match spec {
        Some(Json::Object(spec)) => spec,
        _ => members,
    };
    drop_server_managed(&mut members);
    Some(json::write(&Json::Object(members), 2, float_text))
}

/// The editor's text, formatted: two spaces per level (the text as it is when it is not JSON).
pub fn format(text: &str) -> Option<String> {
    crate::api::parse_json(text).ok().map(|v| json::write(&v, 2, float_text))
}

/// Where the text stops being JSON, as a person reads it: lines and columns from 1, columns in
/// characters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxProblem {
    pub line: usize,
    pub column: usize,
    /// What was expected there ("expected a comma or }").
    pub what: &'static str,
    /// The problem's place in the text in UTF-16 units (where a text field puts its caret).
    pub utf16_at: u32,
}

impl std::fmt::Display for SyntaxProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Line {}, column {}: {}", self.line, self.column, self.what)
    }
}

/// The reader's account of a problem in words for people.
fn words(what: &'static str) -> &'static str {
    match what {
        "expected `,` or `}`" => "expected a comma or }",
        "expected `,` or `]`" => "expected a comma or ]",
        "expected `:`" => "expected a colon",
        "expected a key" => "expected a key in double quotes",
        "trailing characters" => "unexpected text after the end of the spec",
        "end of text where a value belongs" => "the text ends where a value belongs",
        "end of text in a string" => "a string that is not closed",
        other => other,
    }
}

/// [`SyntaxProblem`] of a reader's error in `text`.
pub fn syntax_problem(text: &str, e: &SyntaxError) -> SyntaxProblem {
    let at = e.at.min(text.len());
    // The error's byte is a character boundary, except inside a multi-byte character.
    let at = (0..=at).rev().find(|i| text.is_char_boundary(*i)).unwrap_or(0);
    let before = &text[..at];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    SyntaxProblem {
        line: before.matches('\n').count() + 1,
        column: before[line_start..].chars().count() + 1,
        what: words(e.what),
        utf16_at: before.encode_utf16().count() as u32,
    }
}

/// Why the editor's text cannot be sent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SpecProblem {
    Syntax(SyntaxProblem),
    /// JSON, but not an object.
    NotAnObject,
}

impl std::fmt::Display for SpecProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SpecProblem::Syntax(p) => p.fmt(f),
            SpecProblem::NotAnObject => f.write_str("A job spec is a JSON object: { … }"),
        }
    }
}

/// What `POST /jobs` sends for the editor's text: the body, and the server-managed fields left
/// out of it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CreateRequest {
    pub body: String,
    pub dropped: Vec<String>,
}

/// The create request of the editor's text: the spec object on one line, without
/// server-managed fields; or why there is none.
pub fn create_request(text: &str) -> Result<CreateRequest, SpecProblem> {
    match crate::api::parse_json(text) {
        Err(e) => Err(SpecProblem::Syntax(syntax_problem(text, &e))),
        Ok(Json::Object(mut members)) => {
            let dropped = drop_server_managed(&mut members);
            Ok(CreateRequest { body: json::write(&Json::Object(members), 0, float_text), dropped })
        }
        Ok(_) => Err(SpecProblem::NotAnObject),
    }
}

/// Where the field a 400 names (`target`, e.g. `source.fileList`) is in the text: the key of its
/// last segment, found after the keys of the segments before it where they are there, as a
/// UTF-16 range for a text field's selection. `None` when that key is not in the text.
pub fn field_range(text: &str, target: &str) -> Option<(u32, u32)> {
    // `mappings[0].expression` -> mappings, expression
    let keys: Vec<&str> = target.split('.').filter_map(|s| s.split('[').next()).filter(|k| !k.is_empty()).collect();
    let (last, parents) = keys.split_last()?;
    let mut from = 0;
    for parent in parents {
        if let Some((_, end)) = key_at(text, parent, from) {
            from = end;
        }
    }
    let (start, end) = key_at(text, last, from).or_else(|| key_at(text, last, 0))?;
    let utf16 = |b: usize| text[..b].encode_utf16().count() as u32;
    Some((utf16(start), utf16(end)))
}

/// The byte range of the first `"key"` at or after `from` that is a member's key (a colon
/// follows), not a value that spells it.
fn key_at(text: &str, key: &str, mut from: usize) -> Option<(usize, usize)> {
    let quoted = json::write(&Json::String(key.into()), 0, float_text);
    while let Some(i) = text[from..].find(&quoted) {
        let (start, end) = (from + i, from + i + quoted.len());
        if text[end..].trim_start().starts_with(':') {
            return Some((start, end));
        }
        from = end;
    }
    None
}

/// What the new-job page's own fields show of a spec: its type, its target table, whether a
/// delete keeps its data restorable (`softDelete`), whether a streaming job replaces the one
/// running into its table (`replaceRunning`), and a SQL job's query.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SpecFacts {
    pub job_type: Option<JobType>,
    pub table: String,
    pub soft_delete: bool,
    pub replace_running: bool,
    pub query: Option<String>,
}

impl SpecFacts {
    /// A delete of data or of a table that cannot be undone (no `softDelete: true`).
    pub fn deletes_permanently(&self) -> bool {
        matches!(self.job_type, Some(JobType::DeleteData | JobType::DropTable)) && !self.soft_delete
    }
}

/// The facts of the editor's text; `None` when it is not a JSON object.
pub fn facts(text: &str) -> Option<SpecFacts> {
    let Ok(Json::Object(members)) = crate::api::parse_json(text) else { return None };
    let get = |k: &str| json::member(&members, k);
    let flag = |k: &str| get(k).and_then(Json::as_bool) == Some(true);
    // A SQL job names its table in its query, not in `target`.
    let table = get("target")
        .and_then(Json::as_object)
        .and_then(|t| json::member(t, "tableName"))
        .and_then(Json::as_str)
        .unwrap_or_default();
    Some(SpecFacts {
        job_type: get("type").and_then(Json::as_str).map(JobType::parse),
        table: table.to_owned(),
        soft_delete: flag("softDelete"),
        replace_running: flag("replaceRunning"),
        query: get("query").and_then(Json::as_str).map(str::to_owned),
    })
}

/// A change the page's own fields make to the spec.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SpecEdit {
    /// The SQL query, as typed in its own field.
    Query(String),
    /// A switch: `true` sets the member to `true`, `false` removes it (each defaults to false).
    Flag(&'static str, bool),
}

/// The editor's text with `edit` made, formatted as "Format JSON" formats it (a member that is
/// there keeps its place; a new one goes last); `None` when the text is not a JSON object.
pub fn apply(text: &str, edit: &SpecEdit) -> Option<String> {
    let Ok(Json::Object(mut members)) = crate::api::parse_json(text) else { return None };
    let (key, value) = match edit {
        SpecEdit::Query(q) => ("query", Some(Json::String(q.as_str().into()))),
        SpecEdit::Flag(key, on) => (*key, on.then_some(Json::Bool(true))),
    };
    match (members.iter().rposition(|(k, _)| k == key), value) {
        (Some(last), Some(v)) => {
            // (A key written twice: the last one counts; it stays, the others go.)
            members[last].1 = v;
            let mut at = 0;
            members.retain(|(k, _)| {
                at += 1;
                k != key || at - 1 == last
            });
        }
        (None, Some(v)) => members.push((key.into(), v)),
        (_, None) => members.retain(|(k, _)| k != key),
    }
    Some(json::write(&Json::Object(members), 2, float_text))
}

/// The example specs the "New job" page starts from, one per job type: complete, with example
/// values, as `POST /jobs` takes them (the simulator accepts each as it stands; a host test sends
/// them). In the page's menu order.
pub const TEMPLATES: [(JobType, &str); 6] = [
    (JobType::Batch, BATCH),
    (JobType::Sql, SQL),
    (JobType::Streaming, STREAMING),
    (JobType::DeleteData, DELETE_DATA),
    (JobType::DropTable, DROP_TABLE),
    (JobType::RestoreData, RESTORE_DATA),
];

/// The template of a type (by its API name, as the page's `?template=` has it).
pub fn template(name: &str) -> Option<(JobType, &'static str)> {
    TEMPLATES.iter().find(|(t, _)| t.as_str() == name).map(|(t, text)| (t.clone(), *text))
}

const BATCH: &str = r#"{
  "type": "batch",
  "target": {
    "type": "table",
    "tableName": "example_events"
  },
  "createTableIfNotExists": true,
  "source": {
    "type": "uploaded",
    "fileList": [
      "events-2024-06-01.json.gz"
    ],
    "inputSchema": [
      {
        "name": "timestamp",
        "dataType": "string"
      },
      {
        "name": "country",
        "dataType": "string"
      },
      {
        "name": "bytes",
        "dataType": "long"
      }
    ],
    "formatSettings": {
      "format": "nd-json"
    }
  },
  "mappings": [
    {
      "columnName": "__time",
      "expression": "TIME_PARSE(\"timestamp\")"
    },
    {
      "columnName": "country",
      "expression": "\"country\""
    },
    {
      "columnName": "bytes",
      "expression": "\"bytes\""
    }
  ],
  "ingestionMode": "append",
  "maxParseExceptions": 100
}"#;

const SQL: &str = r#"{
  "type": "sql",
  "query": "INSERT INTO \"example_events\"\nSELECT\n  TIME_PARSE(\"timestamp\") AS \"__time\",\n  \"country\",\n  \"bytes\"\nFROM TABLE(POLARIS_SOURCE('{\"type\":\"uploaded\",\"fileList\":[\"events-2024-06-01.json.gz\"],\"formatSettings\":{\"format\":\"nd-json\"},\"inputSchema\":[{\"name\":\"timestamp\",\"dataType\":\"string\"},{\"name\":\"country\",\"dataType\":\"string\"},{\"name\":\"bytes\",\"dataType\":\"long\"}]}'))\nWHERE \"bytes\" > ?\nPARTITIONED BY DAY",
  "context": {
    "maxParseExceptions": 100
  },
  "parameters": [
    {
      "type": "LONG",
      "value": 0
    }
  ]
}"#;

const STREAMING: &str = r#"{
  "type": "streaming",
  "target": {
    "type": "table",
    "tableName": "example_clicks"
  },
  "createTableIfNotExists": true,
  "source": {
    "type": "connection",
    "connectionName": "example_kafka",
    "inputSchema": [
      {
        "name": "timestamp",
        "dataType": "string"
      },
      {
        "name": "page",
        "dataType": "string"
      },
      {
        "name": "userId",
        "dataType": "string"
      }
    ],
    "formatSettings": {
      "format": "nd-json"
    }
  },
  "mappings": [
    {
      "columnName": "__time",
      "expression": "TIME_PARSE(\"timestamp\")"
    },
    {
      "columnName": "page",
      "expression": "\"page\""
    },
    {
      "columnName": "user_id",
      "expression": "\"userId\""
    }
  ],
  "readFromPoint": "latest",
  "useSchemaDiscovery": false,
  "maxParseExceptions": -1
}"#;

const DELETE_DATA: &str = r#"{
  "type": "delete_data",
  "target": {
    "type": "table",
    "tableName": "example_events",
    "intervals": [
      "2024-06-01T00:00:00Z/2024-06-02T00:00:00Z"
    ]
  },
  "softDelete": true
}"#;

const DROP_TABLE: &str = r#"{
  "type": "drop_table",
  "target": {
    "type": "table",
    "tableName": "example_events_old"
  },
  "softDelete": true
}"#;

const RESTORE_DATA: &str = r#"{
  "type": "restore_data",
  "target": {
    "type": "table",
    "tableName": "example_events"
  },
  "interval": "2024-06-01T00:00:00Z/2024-06-02T00:00:00Z",
  "versions": [
    "2024-06-03T00:00:00.000Z"
  ]
}"#;

#[cfg(test)]
mod tests {
    use super::*;

    const JOB: &str = r#"{"id":"j-1","type":"sql","target":{"type":"table","tableName":"t"},
        "desiredExecutionStatus":"running","executionStatus":"failed","health":{"status":"error","code":"internal_error"},
        "createdBy":{"username":"a","userId":"u"},"createdTimestamp":"2024-01-01T00:00:00Z",
        "lastModifiedBy":{"username":"a","userId":"u"},"lastUpdatedTimestamp":"2024-01-01T00:00:00Z",
        "startedTimestamp":"2024-01-01T00:00:00Z","completedTimestamp":"2024-01-01T00:01:00Z",
        "query":"INSERT INTO t SELECT 1","spec":{"type":"sql","query":"INSERT INTO t\nSELECT 1","context":{"a":1.5},"parameters":[]}}"#;

    #[test]
    fn a_job_to_run_again_is_its_spec() {
        assert_eq!(
            spec_of_job(JOB).unwrap(),
            "{\n  \"type\": \"sql\",\n  \"query\": \"INSERT INTO t\\nSELECT 1\",\n  \"context\": {\n    \"a\": 1.5\n  },\n  \"parameters\": []\n}"
        );
        // A job without a spec: the job, less what the server manages.
        let no_spec = JOB.split(",\"spec\"").next().unwrap().to_owned() + "}";
        let spec: serde_json::Value = serde_json::from_str(&spec_of_job(&no_spec).unwrap()).unwrap();
        assert_eq!(
            spec,
            serde_json::json!({"type":"sql","target":{"type":"table","tableName":"t"},"query":"INSERT INTO t SELECT 1"})
        );
        // A spec holding server-managed fields loses them too.
        let odd =
            r#"{"spec":{"type":"batch","id":"x","health":{"status":"ok"},"target":{"type":"table","tableName":"t"}}}"#;
        assert_eq!(
            serde_json::from_str::<serde_json::Value>(&spec_of_job(odd).unwrap()).unwrap(),
            serde_json::json!({"type":"batch","target":{"type":"table","tableName":"t"}})
        );
        assert_eq!(spec_of_job("[1]"), None);
        assert_eq!(spec_of_job("nope"), None);
    }

    #[test]
    fn the_request_drops_every_server_managed_field_and_keeps_the_rest() {
        let req = create_request(JOB).unwrap();
        assert_eq!(
            req.dropped,
            [
                "id",
                "desiredExecutionStatus",
                "executionStatus",
                "health",
                "createdBy",
                "createdTimestamp",
                "lastModifiedBy",
                "lastUpdatedTimestamp",
                "startedTimestamp",
                "completedTimestamp",
                "spec"
            ]
        );
        let sent: serde_json::Value = serde_json::from_str(&req.body).unwrap();
        assert_eq!(
            sent,
            serde_json::json!({"type":"sql","target":{"type":"table","tableName":"t"},"query":"INSERT INTO t SELECT 1"})
        );
        // Fields of the same names deeper down are the spec's own, and stay.
        let nested = r#"{"type":"sql","query":"q","context":{"id":7,"health":"x"},"id":"a","id":"b"}"#;
        let req = create_request(nested).unwrap();
        assert_eq!(req.dropped, ["id"]);
        assert_eq!(req.body, r#"{"type":"sql","query":"q","context":{"id":7,"health":"x"}}"#);
        // Nothing to drop: the same spec, on one line, members in order, numbers exact.
        let req = create_request("{\n \"b\": 18446744073709551615,\n \"a\": [-1, 0.25, \"é\\n\"]\n}").unwrap();
        assert!(req.dropped.is_empty());
        assert_eq!(req.body, r#"{"b":18446744073709551615,"a":[-1,0.25,"é\n"]}"#);
    }

    #[test]
    fn text_that_is_not_a_spec_says_where_and_why() {
        let text = "{\n  \"type\": \"sql\",\n  \"limit\": 1 \"context\": {}\n}";
        let Err(SpecProblem::Syntax(p)) = create_request(text) else { panic!() };
        assert_eq!((p.line, p.column), (3, 14));
        assert_eq!(p.to_string(), "Line 3, column 14: expected a comma or }");
        assert_eq!(p.utf16_at as usize, text.find("\"context\"").unwrap());
        // Columns count characters; the caret's place counts UTF-16 units.
        let text = "{\"é😀\": 1,}";
        let Err(SpecProblem::Syntax(p)) = create_request(text) else { panic!() };
        assert_eq!((p.line, p.column, p.utf16_at), (1, 10, 10));
        assert_eq!(p.what, "expected a key in double quotes");
        let Err(SpecProblem::Syntax(p)) = create_request("") else { panic!() };
        assert_eq!(p.to_string(), "Line 1, column 1: the text ends where a value belongs");
        assert_eq!(create_request("[1]"), Err(SpecProblem::NotAnObject));
        assert_eq!(create_request(" \"x\" "), Err(SpecProblem::NotAnObject));
    }

    #[test]
    fn the_field_a_refusal_names_is_found_as_a_key() {
        let text = "{\"fileList\": \"fileList\",\n \"source\": {\"é\": 1, \"fileList\" : []}}";
        let (a, b) = field_range(text, "source.fileList").unwrap();
        let utf16: Vec<u16> = text.encode_utf16().collect();
        assert_eq!(String::from_utf16(&utf16[a as usize..b as usize]).unwrap(), "\"fileList\"");
        assert_eq!(a as usize, text.rfind("\"fileList\"").unwrap() - 1, "the key under source");
        assert_eq!(field_range(text, "fileList"), Some((1, 11)));
        assert_eq!(field_range(text, "other.fileList"), Some((1, 11)), "a parent not there is passed over");
        assert_eq!(field_range(text, "mappings[0].expression"), None);
        assert!(field_range("{\"mappings\": []}", "mappings[0]").is_some());
        assert_eq!(field_range(text, ""), None);
    }

    #[test]
    fn templates_are_complete_specs_of_their_type_formatted_as_the_editor_does() {
        for (t, text) in TEMPLATES {
            let v: serde_json::Value = serde_json::from_str(text).unwrap();
            assert_eq!(v["type"], t.as_str());
            assert_eq!(format(text).as_deref(), Some(text), "{t:?} is formatted");
            let req = create_request(text).unwrap();
            assert!(req.dropped.is_empty());
            assert_eq!(template(t.as_str()).map(|(_, x)| x), Some(text));
        }
        let types: Vec<_> = TEMPLATES.iter().map(|(t, _)| t.as_str()).collect();
        assert_eq!(types, ["batch", "sql", "streaming", "delete_data", "drop_table", "restore_data"]);
        assert_eq!(template("nope"), None);
    }

    #[test]
    fn the_fields_of_the_page_read_and_edit_the_spec() {
        let f = facts(TEMPLATES[3].1).unwrap();
        assert_eq!(
            (f.job_type.clone(), f.table.as_str(), f.soft_delete),
            (Some(JobType::DeleteData), "example_events", true)
        );
        assert!(!f.deletes_permanently());
        // Unticked: the member goes, and the delete is permanent; ticked again: back, last.
        let permanent = apply(TEMPLATES[4].1, &SpecEdit::Flag("softDelete", false)).unwrap();
        assert!(!permanent.contains("softDelete"), "{permanent}");
        assert!(facts(&permanent).unwrap().deletes_permanently());
        assert_eq!(apply(&permanent, &SpecEdit::Flag("softDelete", true)).as_deref(), Some(TEMPLATES[4].1));
        assert!(facts(r#"{"type":"drop_table","softDelete":false}"#).unwrap().deletes_permanently());
        assert!(!facts(r#"{"type":"batch"}"#).unwrap().deletes_permanently());
        // replaceRunning is set to true or removed.
        let stream = apply(TEMPLATES[2].1, &SpecEdit::Flag("replaceRunning", true)).unwrap();
        assert!(stream.ends_with(",\n  \"replaceRunning\": true\n}"), "{stream}");
        assert!(facts(&stream).unwrap().replace_running);
        assert_eq!(apply(&stream, &SpecEdit::Flag("replaceRunning", false)).as_deref(), Some(TEMPLATES[2].1));
        // The SQL query as multi-line text, both ways, in its place.
        let sql = facts(TEMPLATES[1].1).unwrap().query.unwrap();
        assert!(sql.starts_with("INSERT INTO \"example_events\"\nSELECT\n"), "{sql}");
        let edited = apply(TEMPLATES[1].1, &SpecEdit::Query("SELECT 1\nFROM \"t\"".into())).unwrap();
        assert!(edited.starts_with("{\n  \"type\": \"sql\",\n  \"query\": \"SELECT 1\\nFROM \\\"t\\\"\","), "{edited}");
        assert_eq!(facts(&edited).unwrap().query.as_deref(), Some("SELECT 1\nFROM \"t\""));
        // A key written twice: the one that counts is set, the other goes.
        assert_eq!(
            apply(r#"{"query":"a","type":"sql","query":"b"}"#, &SpecEdit::Query("c".into())).as_deref(),
            Some("{\n  \"type\": \"sql\",\n  \"query\": \"c\"\n}")
        );
        assert_eq!(apply("[1]", &SpecEdit::Query("c".into())), None);
        assert_eq!(facts("{"), None);
    }

    /// The simulator's validation of a create request (the reference's rules) takes each
    /// template as it stands.
    #[test]
    #[cfg(not(target_arch = "wasm32"))]
    fn the_simulator_accepts_every_template() {
        for (t, text) in TEMPLATES {
            let body = create_request(text).unwrap().body;
            let v: serde_json::Value = serde_json::from_str(&body).unwrap();
            let job = jobs_sim::api::validate_create(&v).unwrap_or_else(|e| panic!("{t:?}: {e:?}"));
            assert_eq!(job.summary.job_type, t);
            assert!(!job.summary.table_name().is_empty(), "{t:?} names its table");
        }
    }
}
