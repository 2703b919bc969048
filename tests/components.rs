//! Components mounted in a real browser and exercised as a person would.
#![cfg(target_arch = "wasm32")]

mod support;

use jobs_api::{Action, ExecutionStatus, Health, HealthCode, HealthStatus, JobType, MetricTotals};
use leptos::prelude::*;
use polaris_jobs_console::app::session::Session;
use polaris_jobs_console::components::filter_chips::FilterChips;
use polaris_jobs_console::components::job_actions::JobActions;
use polaris_jobs_console::components::job_rows::{explain_on_hover, RowWriter};
use polaris_jobs_console::components::metrics_card::MetricsCard;
use polaris_jobs_console::components::status_badge::{status_look, Badge, BadgeView};
use polaris_jobs_console::job::actions::Step;
use polaris_jobs_console::text::format::Zone;
use support::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn chips_toggle_with_aria_pressed() {
    let host = host();
    let selected = RwSignal::new(vec!["ok".to_owned()]);
    let toggled = RwSignal::new(Vec::<String>::new());
    let _mounted = leptos::mount::mount_to(host.clone(), move || {
        view! {
            <FilterChips name="Health"
                options=vec![("ok".into(), "OK".into()), ("warn".into(), "Warn".into()), ("error".into(), "Error".into())]
                selected=selected
                on_toggle=Callback::new(move |v: String| {
                    toggled.update(|t| t.push(v.clone()));
                    selected.update(|s| if let Some(i) = s.iter().position(|x| *x == v) { s.remove(i); } else { s.push(v) });
                })/>
        }
    });
    leptos::task::tick().await;
    let group = q(&host, "[role=group]").expect("a group");
    let name_id = group.get_attribute("aria-labelledby").unwrap();
    assert_eq!(text(&q(&host, &format!("#{name_id}")).unwrap()), "Health");
    let chip = |label: &str| qa(&host, "button.chip").into_iter().find(|b| text(b).ends_with(label)).unwrap();
    assert_eq!(chip("OK").get_attribute("aria-pressed").as_deref(), Some("true"));
    assert_eq!(chip("Warn").get_attribute("aria-pressed").as_deref(), Some("false"));
    click(&chip("Warn"));
    click(&chip("Error"));
    leptos::task::tick().await;
    assert_eq!(toggled.get_untracked(), ["warn", "error"]);
    assert_eq!(chip("Warn").get_attribute("aria-pressed").as_deref(), Some("true"));
    click(&chip("OK"));
    leptos::task::tick().await;
    assert_eq!(chip("OK").get_attribute("aria-pressed").as_deref(), Some("false"));
}

/// Each badge as the jobs table writes it (HTML) and as the job page shows it (a view), side by
/// side: the same element.
async fn both_ways(badges: Vec<Badge>) -> (Vec<web_sys::Element>, Vec<web_sys::Element>) {
    with_style_sheet();
    let written = host();
    let mut html = polaris_jobs_console::text::html::Html::default();
    for b in &badges {
        b.write_html(&mut html);
    }
    polaris_jobs_console::text::html::set_inner(&written, &html);
    let viewed = host();
    let mounted = leptos::mount::mount_to(viewed.clone(), move || {
        badges.iter().map(|b| view! { <BadgeView badge=b.clone()/> }).collect_view()
    });
    leptos::task::tick().await;
    std::mem::forget(mounted);
    (qa(&written, ".badge"), qa(&viewed, ".badge"))
}

fn same_badge(a: &web_sys::Element, b: &web_sys::Element) {
    for attr in ["class", "data-status", "data-health"] {
        assert_eq!(a.get_attribute(attr), b.get_attribute(attr), "{attr}");
    }
    assert_eq!(text(a), text(b));
}

#[wasm_bindgen_test]
async fn status_badges_in_words_with_icon_including_unknown_values() {
    let mut cases: Vec<(ExecutionStatus, Option<ExecutionStatus>, &str)> = vec![
        (ExecutionStatus::Pending, None, "Pending"),
        (ExecutionStatus::Running, None, "Running"),
        (ExecutionStatus::Completed, None, "Completed"),
        (ExecutionStatus::Idle, None, "Idle"),
        (ExecutionStatus::Canceled, None, "Canceled"),
        (ExecutionStatus::Failed, None, "Failed"),
        (ExecutionStatus::Suspended, None, "Suspended"),
        (ExecutionStatus::Unknown, None, "Unknown"),
        (ExecutionStatus::Other("draining".into()), None, "draining"),
    ];
    cases.push((ExecutionStatus::Running, Some(ExecutionStatus::Suspended), "Running → suspending"));
    cases.push((ExecutionStatus::Suspended, Some(ExecutionStatus::Running), "Suspended → resuming"));
    cases.push((ExecutionStatus::Completed, Some(ExecutionStatus::Running), "Completed"));
    let (written, viewed) = both_ways(cases.iter().map(|(s, d, _)| Badge::status(s, d.as_ref())).collect()).await;
    assert_eq!((written.len(), viewed.len()), (cases.len(), cases.len()));
    for ((badge, view), (status, _, want)) in written.iter().zip(&viewed).zip(&cases) {
        same_badge(badge, view);
        // The words are the badge's whole text: the icon is drawn, not read.
        assert_eq!(text(badge), *want);
        assert_eq!(badge.get_attribute("data-status").unwrap(), status.as_str());
        assert!(!view.has_attribute("data-health"));
        // An icon besides the colour, with empty alternative text (or, in a browser without
        // that syntax, the icon alone).
        let icon = status_look(status).0;
        for drawn in [content_before(badge), content_before(view)] {
            assert!(drawn == format!("\"{icon}\" / \"\"") || drawn == format!("\"{icon}\""), "{status:?}: {drawn}");
        }
        assert!(badge.class_name().contains("tone-"));
    }
}

#[wasm_bindgen_test]
async fn health_badges_show_status_and_code() {
    let healths = [
        Health::ok(),
        Health::warn(HealthCode::LostConnectionToSource),
        Health::error(HealthCode::RowTooLarge, "too big"),
        Health {
            status: HealthStatus::Other("degraded".into()),
            code: Some(HealthCode::Other("quota_hit".into())),
            message: None,
            log: None,
        },
    ];
    let (written, viewed) = both_ways(healths.iter().map(Badge::health).collect()).await;
    for (a, b) in written.iter().zip(&viewed) {
        same_badge(a, b);
    }
    let texts: Vec<String> = viewed.iter().map(text).collect();
    assert_eq!(texts, ["OK", "Warn: Lost connection to source", "Error: Row too large", "degraded: quota_hit"]);
    let icons: Vec<String> = viewed.iter().map(content_before).collect();
    for (drawn, want) in icons.iter().zip(["✓", "!", "✕", "?"]) {
        assert!(drawn.starts_with(&format!("\"{want}\"")), "{drawn}");
    }
}

/// The rows carry no tooltips; the pointer adds them where they say more: a time's exact
/// moment, and the whole text of a cell cut by an ellipsis (not of one shown whole).
#[wasm_bindgen_test]
async fn rows_explain_times_and_cut_texts_on_hover() {
    with_style_sheet();
    let host = host();
    let text_of = format!(
        r#"{{"id":"job-1","type":"batch","executionStatus":"running","desiredExecutionStatus":"running",
            "health":{{"status":"ok"}},"createdBy":{{"username":"u"}},
            "createdTimestamp":"2024-08-01T12:00:00Z","lastUpdatedTimestamp":"2024-08-01T12:04:00.250Z",
            "target":{{"type":"table","tableName":"{}"}}}}"#,
        "a_very_long_table_name_".repeat(8)
    );
    let job: jobs_api::JobSummary = jobs_api::decode::from_str(&text_of).unwrap();
    let mut rows = polaris_jobs_console::text::html::Html::default();
    let now = jobs_api::Timestamp::new("2024-08-01T12:05:00Z").epoch_millis().unwrap();
    RowWriter::new("p", now).write(&mut rows, &job);
    host.set_inner_html(&format!(r#"<table class="jobs" role="table"><tbody role="rowgroup">{rows}</tbody></table>"#));
    host.style().set_property("width", "80rem").unwrap();
    let cells = qa(&host, "td");
    // No tooltip before the pointer comes (but the short job ID's whole ID).
    assert_eq!(qa(&host, "[title]").iter().map(|e| e.get_attribute("title").unwrap()).collect::<Vec<_>>(), ["job-1"]);
    // A time: its exact moment in UTC.
    let updated = q(&cells[9], "time").unwrap();
    explain_on_hover(&updated, Zone::Utc);
    assert_eq!(updated.get_attribute("title").as_deref(), Some("2024-08-01 12:04:00 UTC"));
    // A cut text: the whole of it; a text shown whole gets none.
    explain_on_hover(&cells[3], Zone::Utc);
    assert_eq!(cells[3].get_attribute("title"), Some("a_very_long_table_name_".repeat(8)));
    explain_on_hover(&cells[2], Zone::Utc);
    assert_eq!(cells[2].get_attribute("title"), None);
    // From a row's edge (not in a cell), in a table wider than its scrolling box: nothing
    // outside the cells gets the table's text as its tooltip.
    host.style().set_property("width", "20rem").unwrap();
    host.style().set_property("overflow-x", "auto").unwrap();
    explain_on_hover(&q(&host, "tr").unwrap(), Zone::Utc);
    assert!(!host.has_attribute("title"), "the scrolling box got a tooltip");
    for outside in qa(&host, "table, tbody, tr") {
        assert!(!outside.has_attribute("title"), "{} got a tooltip", outside.tag_name());
    }
    host.style().set_property("width", "80rem").unwrap();
    // From the badge inside a cell that fits: nothing to add.
    explain_on_hover(&q(&cells[5], ".badge").unwrap(), Zone::Utc);
    assert_eq!(qa(&cells[5], "[title]").len() + usize::from(cells[5].has_attribute("title")), 0);
}

#[wasm_bindgen_test]
async fn metrics_card_values_na_and_flags() {
    let host = host();
    let totals = RwSignal::new(Some(MetricTotals {
        num_rows_processed: Some(99_999),
        num_rows_processed_with_warning: Some(0),
        num_rows_skipped_by_filter: None,
        num_rows_skipped_by_error: Some(90),
        num_rows_persisted: Some(42_000),
        num_bytes_processed: Some(5 * 1024 * 1024),
    }));
    let _mounted = leptos::mount::mount_to(host.clone(), move || {
        // As the job page draws it: again from each reading, in place.
        move || view! { <MetricsCard totals=totals.get() status=ExecutionStatus::Running max_parse_exceptions=Some(100)/> }
    });
    leptos::task::tick().await;
    let section = q(&host, "section").unwrap();
    let heading = q(&section, "h2").unwrap();
    assert_eq!(text(&heading), "Metrics");
    assert_eq!(section.get_attribute("aria-labelledby").as_deref(), heading.get_attribute("id").as_deref());
    let pairs = || -> Vec<(String, String)> {
        qa(&host, ".pair").iter().map(|p| (text(&q(p, "dt").unwrap()), text(&q(p, "dd").unwrap()))).collect()
    };
    let get = |k: &str| pairs().into_iter().find(|(l, _)| l == k).map(|(_, v)| v).unwrap();
    assert_eq!(get("Rows processed"), "99,999");
    assert_eq!(get("Rows with warnings"), "0");
    assert_eq!(get("Rows skipped by filter"), "n/a");
    assert_eq!(get("Rows skipped by error"), "90");
    assert_eq!(get("Rows persisted"), "42,000");
    assert_eq!(get("Bytes processed"), "5.0 MiB");
    let bytes = qa(&host, ".pair dd").into_iter().find(|d| text(d) == "5.0 MiB").unwrap();
    assert_eq!(bytes.get_attribute("title").as_deref(), Some("5,242,880 bytes"));
    let na = qa(&host, ".pair dd").into_iter().find(|d| text(d) == "n/a").unwrap();
    assert!(na.class_name().contains("na"));
    let bar = q(&host, ".share-bar[role=img]").unwrap().get_attribute("aria-label").unwrap();
    assert_eq!(bar, "Share of rows: Processed 99.9 %, Skipped by error 0.1 %");
    assert!(text(&host).contains("near maxParseExceptions"));
    // The share bar's widths come through the CSSOM (the CSP allows no style attributes).
    let seg: web_sys::HtmlElement = q(&host, ".seg-ok").unwrap().unchecked_into();
    assert_eq!(seg.style().get_property_value("flex-grow").unwrap(), "99999");

    // One figure changes: its text changes, the other figures keep their elements and text.
    let kept = qa(&host, ".pair dd");
    totals.update(|t| t.as_mut().unwrap().num_rows_persisted = Some(43_000));
    leptos::task::tick().await;
    assert_eq!(get("Rows persisted"), "43,000");
    let now = qa(&host, ".pair dd");
    assert!(kept.iter().zip(&now).all(|(a, b)| a == b), "every figure keeps its element");
    // Metrics that could not be read say so.
    totals.set(None);
    leptos::task::tick().await;
    let says = q(&host, "p.muted").unwrap();
    assert_eq!(text(&says), "Metrics could not be read.");
    assert!(!says.has_attribute("hidden"), "it says so");
    assert!(qa(&host, ".pair").is_empty() && q(&host, ".share-bar").unwrap().has_attribute("hidden"), "and only that");
}

/// The reference's rules, written out here independently of the app.
fn expected_buttons(t: &JobType, s: &ExecutionStatus) -> Vec<&'static str> {
    use ExecutionStatus as S;
    if *t == JobType::DeleteData {
        return vec![];
    }
    let mut out = vec![];
    if matches!(s, S::Pending | S::Running | S::Idle | S::Suspended) {
        out.push("Cancel job");
    }
    if *t == JobType::Streaming && matches!(s, S::Running | S::Idle) {
        out.push("Suspend");
    }
    if *t == JobType::Streaming && *s == S::Suspended {
        out.push("Resume");
    }
    if *t == JobType::Streaming && matches!(s, S::Running | S::Idle | S::Suspended) {
        out.push("Reset offsets");
    }
    out
}

#[wasm_bindgen_test]
async fn actions_visible_per_type_and_status() {
    let host = host();
    let job_type = RwSignal::new(JobType::Batch);
    let status = RwSignal::new(ExecutionStatus::Running);
    let _mounted = leptos::mount::mount_to(host.clone(), move || {
        provide_context(Session::new());
        view! {
            // Each status as reached (asked for and there): nothing under way.
            <JobActions job_name="batch job into t" job_id="j1" job_type=job_type status=status desired=status
                busy={None::<Step>} error={None::<String>} on_action=Callback::new(|_| ())/>
        }
    });
    for t in JobType::ALL {
        for s in ExecutionStatus::ALL {
            job_type.set(t.clone());
            status.set(s.clone());
            leptos::task::tick().await;
            let shown: Vec<String> = qa(&host, ".actions > button").iter().map(text).collect();
            assert_eq!(shown, expected_buttons(t, s), "{t} {s}");
        }
    }
}

/// The dialog is a real modal, says what will happen to which job, and only its confirm button
/// asks for the action; Resume needs no confirmation. (Escape, a real key press, is checked end
/// to end: tests/e2e.)
#[wasm_bindgen_test]
async fn actions_are_confirmed_in_a_modal_dialog_that_names_the_job() {
    let host = host();
    let asked = RwSignal::new(Vec::<Step>::new());
    let status = RwSignal::new(ExecutionStatus::Running);
    let desired = RwSignal::new(ExecutionStatus::Running);
    let busy = RwSignal::new(None::<Step>);
    let _mounted = leptos::mount::mount_to(host.clone(), move || {
        provide_context(Session::new());
        view! {
            <JobActions job_name="streaming job into clicks" job_id="j1" table="clicks" job_type=JobType::Streaming status=status
                desired=desired busy=busy error={None::<String>} on_action=Callback::new(move |a| asked.update(|l| l.push(a)))/>
        }
    });
    leptos::task::tick().await;
    let dialog: web_sys::HtmlDialogElement = q(&host, "dialog").unwrap().unchecked_into();
    assert!(!dialog.open());
    click(&button(&host, "Suspend").unwrap());
    leptos::task::tick().await;
    assert!(dialog.open(), "opens as a modal");
    assert!(dialog.matches(":modal").unwrap(), "a real modal dialog");
    // Named by its type and table (and its id), what happens in words.
    assert_eq!(text(&q(&dialog, "h2").unwrap()), "Suspend streaming job into clicks?");
    let body = text(&dialog);
    assert!(body.contains("until you resume") && body.contains("(Job j1.)"), "{body}");
    assert!(button(&dialog, "Suspend").is_some(), "the confirm button repeats the action");
    click(&button(&dialog, "Keep job").unwrap());
    leptos::task::tick().await;
    assert!(!dialog.open());
    assert!(asked.get_untracked().is_empty(), "Keep job asks for nothing");
    click(&button(&host, "Cancel job").unwrap());
    leptos::task::tick().await;
    click(&button(&dialog, "Cancel job").unwrap());
    leptos::task::tick().await;
    assert!(!dialog.open());
    assert_eq!(asked.get_untracked(), [Step::Status(Action::Cancel)]);
    // While an action is on its way, every button waits.
    busy.set(Some(Step::Status(Action::Cancel)));
    leptos::task::tick().await;
    assert!(qa(&host, ".actions > button").iter().all(|b| b.has_attribute("disabled")));
    assert!(action_button(&host, "Canceling…").is_some());
    // A cancel under way: not offered again; the contrary suspend still is.
    busy.set(None);
    desired.set(ExecutionStatus::Canceled);
    leptos::task::tick().await;
    let shown: Vec<String> = qa(&host, ".actions > button").iter().map(text).collect();
    assert_eq!(shown, ["Suspend", "Reset offsets"]);
    // A reset: its consequence in words, confirmed only once the table's name is typed.
    click(&action_button(&host, "Reset offsets").unwrap());
    leptos::task::tick().await;
    assert_eq!(text(&q(&dialog, "h2").unwrap()), "Reset the offsets of streaming job into clicks?");
    assert!(text(&dialog).contains("from the latest offset") && text(&dialog).contains("read twice or skipped"));
    let label = q(&dialog, "label[for=dialog-typed]").unwrap();
    assert_eq!(text(&label), "Type the table name to confirm");
    let confirm = button(&dialog, "Reset offsets").unwrap();
    assert!(confirm.has_attribute("disabled"));
    type_into(&dialog, "#dialog-typed", "click");
    leptos::task::tick().await;
    assert!(confirm.has_attribute("disabled"), "not the table's name yet");
    type_into(&dialog, "#dialog-typed", "clicks");
    leptos::task::tick().await;
    assert!(!confirm.has_attribute("disabled"));
    click(&confirm);
    leptos::task::tick().await;
    assert_eq!(asked.get_untracked().last(), Some(&Step::Reset));
    desired.set(ExecutionStatus::Suspended);
    status.set(ExecutionStatus::Suspended);
    leptos::task::tick().await;
    click(&action_button(&host, "Resume").unwrap());
    leptos::task::tick().await;
    assert!(!dialog.open(), "Resume acts at once");
    assert_eq!(asked.get_untracked().last(), Some(&Step::Status(Action::Resume)));
}

/// The app reads JSON floats with the browser's `parseFloat` (see `api::browser_float`): the
/// same f64 as Rust's correctly rounded parser, hard cases included, and nothing out of range.
#[wasm_bindgen_test]
fn the_browser_reads_json_floats_like_rust() {
    use polaris_jobs_console::api::browser_float;
    for text in [
        "0.1",
        "-1.5",
        "1e23",
        "8.98846567431158e307",
        "1.7976931348623157e308",
        "2.2250738585072011e-308",
        "4.9e-324",
        "2e-324",
        "1e-400",
        "-0.0",
        "9007199254740993.0",
        "0.30000000000000004",
        "123456789012345678901234567890e-5",
        "7.038531e-26",
        "1.2345678901234567e-300",
        "3.141592653589793238462643383279",
    ] {
        assert_eq!(browser_float(text), text.parse::<f64>().ok(), "{text}");
        assert_eq!(browser_float(text).map(f64::to_bits), text.parse::<f64>().ok().map(f64::to_bits), "{text}");
    }
    assert_eq!(browser_float("1e309"), None);
    assert_eq!(browser_float("-1e400"), None);
}

/// The Trusted Types `default` policy's check (src/html/trusted_types.rs): markup that can neither run
/// nor load anything passes; anything else is refused, judged on the parsed elements (so text
/// that merely reads like a handler passes), links by the origin they resolve to, and no `id` or
/// `name` (they would shadow the page's globals: DOM clobbering).
#[wasm_bindgen_test]
fn only_inert_markup_passes_the_default_policy() {
    use polaris_jobs_console::text::html::inert;
    for ok in [
        "",
        "<p class=\"muted\">Loading…</p>",
        "<thead role=\"rowgroup\"><tr role=\"row\"><th scope=\"col\">Job ID</th></tr></thead>",
        "<a href=\"/projects/p/jobs\">All jobs</a><a href=\"#main\">Skip</a>",
        "<span aria-hidden=\"true\" data-x=\"1\">&lt;img src=x onerror=alert(1)&gt; onclick=</span>",
        // The list's boxes, the bulk dialog's progress, the editor.
        "<th class=\"pick\"><input type=\"checkbox\" aria-label=\"Select all on this page\"></th>",
        "<progress max=\"5000\"></progress><textarea spellcheck=\"false\" wrap=\"off\" rows=\"24\"></textarea>",
    ] {
        assert!(inert(ok), "{ok}");
    }
    for refused in [
        "<img src=x onerror=alert(1)>",
        "<script>alert(1)</script>",
        "<div onclick=\"alert(1)\">x</div>",
        "<a href=\"javascript:alert(1)\">x</a>",
        "<a href=\"//evil.example/\">x</a>",
        "<a href=\"https://evil.example/\">x</a>",
        "<svg><a>x</a></svg>",
        "<iframe srcdoc=\"x\"></iframe>",
        "<p style=\"background:url(//x)\">x</p>",
        "<form action=\"/x\"><button>x</button></form>",
        "<math><mi>x</mi></math>",
        "<link rel=stylesheet href=/x.css>",
        "<input type=\"image\" src=\"//evil.example/x.png\">",
        "<input formaction=\"javascript:alert(1)\">",
        "<a href=\"/\\evil.example\">x</a>",
        "<a href=\"/\t/evil.example\">x</a>",
        "<a href=\" /\\/evil.example\">x</a>",
        "<a id=\"pjcFirstList\">x</a>",
        "<span id=\"x\">x</span>",
        "<input name=\"trustedTypes\">",
        "<select NAME=\"y\"></select>",
    ] {
        assert!(!inert(refused), "{refused}");
    }
}

/// The new-job page's tools beside its editor, each bound to one member of the spec: the SQL
/// query as lines with their numbers, soft delete, replacing a running streaming job, and the
/// dialog before a permanent delete.
#[wasm_bindgen_test]
async fn spec_tools_follow_and_edit_the_spec() {
    use polaris_jobs_console::components::spec_fields::{open_permanent_delete, SpecFields};
    use polaris_jobs_console::job::spec::{self as job_spec, SpecEdit};
    let host = host();
    let spec = RwSignal::new(r#"{"type":"sql","query":"SELECT 1\nFROM \"t\""}"#.to_owned());
    let facts = Memo::new(move |_| spec.with(|t| job_spec::facts(t)));
    let edits = RwSignal::new(Vec::<SpecEdit>::new());
    let edit = Callback::new(move |e: SpecEdit| {
        edits.update(|x| x.push(e.clone()));
        if let Some(t) = spec.with_untracked(|t| job_spec::apply(t, &e)) {
            spec.set(t);
        }
    });
    let running = RwSignal::new(Some(("j-9".to_owned(), "/projects/p/jobs/j-9".to_owned())));
    let refused = RwSignal::new(None::<String>);
    let refused_memo = Memo::new(move |_| refused.get());
    let confirmed = RwSignal::new(0);
    let root = NodeRef::<leptos::html::Div>::new();
    let _mounted = leptos::mount::mount_to(host.clone(), move || {
        view! {
            <SpecFields root=root facts=facts edit=edit running=running refused=refused_memo
                on_confirm=Callback::new(move |()| confirmed.update(|n| *n += 1))/>
        }
    });
    leptos::task::tick().await;
    let shown = |sel: &str| !q(&host, sel).unwrap().has_attribute("hidden");
    // Typing as a browser reports it: an input event that bubbles (the tools listen on their root).
    let type_in = |sel: &str, value: &str| {
        let field = q(&host, sel).unwrap();
        let _ = js_sys::Reflect::set(&field, &"value".into(), &value.into());
        let init = web_sys::EventInit::new();
        init.set_bubbles(true);
        field.dispatch_event(&web_sys::Event::new_with_event_init_dict("input", &init).unwrap()).unwrap();
    };
    // A SQL spec: its query in a labelled field of its own, lines numbered; typing edits the spec.
    assert!(shown("[data-for=sql]") && !shown("[data-for=delete]") && !shown("[data-for=stream]"));
    assert_eq!(text(&q(&host, "label[for=sql-query]").unwrap()), "SQL query");
    let sql = q(&host, "#sql-query").unwrap().unchecked_into::<web_sys::HtmlTextAreaElement>();
    assert_eq!(sql.value(), "SELECT 1\nFROM \"t\"");
    assert_eq!(text(&q(&host, "[data-for=sql] .gutter").unwrap()), "1\n2");
    type_in("#sql-query", "SELECT 2\nFROM \"u\"\nWHERE 1");
    leptos::task::tick().await;
    assert_eq!(edits.get_untracked(), [SpecEdit::Query("SELECT 2\nFROM \"u\"\nWHERE 1".into())]);
    assert!(spec.get_untracked().contains(r#""query": "SELECT 2\nFROM \"u\"\nWHERE 1""#));
    assert_eq!(text(&q(&host, "[data-for=sql] .gutter").unwrap()), "1\n2\n3");
    // A drop: soft delete ticked as the spec says; unticked, the spec loses it.
    spec.set(r#"{"type":"drop_table","target":{"type":"table","tableName":"t1"},"softDelete":true}"#.into());
    leptos::task::tick().await;
    assert!(shown("[data-for=delete]") && !shown("[data-for=sql]"));
    assert_eq!(text(&q(&host, "label[for=soft-delete]").unwrap()), "Keep the data restorable (soft delete)");
    let soft = q(&host, "#soft-delete").unwrap().unchecked_into::<web_sys::HtmlInputElement>();
    assert!(soft.checked());
    click(&soft);
    leptos::task::tick().await;
    assert!(!spec.get_untracked().contains("softDelete"));
    assert!(text(&q(&host, "#soft-delete-help").unwrap()).contains("deleted permanently"));
    // The permanent delete's dialog: the name typed enables "Delete permanently".
    open_permanent_delete(root, &facts.get_untracked().unwrap());
    let dialog = q(&host, "dialog").unwrap().unchecked_into::<web_sys::HtmlDialogElement>();
    assert!(dialog.open());
    assert_eq!(text(&q(&host, "dialog h2").unwrap()), "Drop the table t1 permanently?");
    assert_eq!(
        text(&q(&host, "label[for=dialog-typed]").unwrap()),
        "Type the table name to delete its data permanently"
    );
    let confirm = button(&host, "Delete permanently").unwrap();
    assert!(confirm.has_attribute("disabled"));
    type_in("#dialog-typed", "t");
    assert!(confirm.has_attribute("disabled"));
    type_in("#dialog-typed", "t1");
    assert!(!confirm.has_attribute("disabled"));
    click(&confirm);
    assert!(!dialog.open());
    assert_eq!(confirmed.get_untracked(), 1);
    // A streaming job into a table that has one running: named and linked; the box edits the spec.
    spec.set(r#"{"type":"streaming","target":{"type":"table","tableName":"orders_stream"}}"#.into());
    leptos::task::tick().await;
    assert!(shown("[data-for=stream]") && !shown("[data-for=delete]"));
    let says = text(&q(&host, "#replace-running-says").unwrap());
    assert_eq!(says, "orders_stream already has a running streaming job: j-9.");
    assert_eq!(
        q(&host, "#replace-running-says a").unwrap().get_attribute("href").as_deref(),
        Some("/projects/p/jobs/j-9")
    );
    assert_eq!(text(&q(&host, "label[for=replace-running]").unwrap()), "Replace the running job");
    click(&q(&host, "#replace-running").unwrap());
    leptos::task::tick().await;
    assert!(spec.get_untracked().contains(r#""replaceRunning": true"#));
    assert!(!shown("[data-for=stream] .error") && q(&host, "[role=alert]").is_none());
    refused.set(Some("Table orders_stream already has a running streaming job.".into()));
    leptos::task::tick().await;
    assert!(shown("[data-for=stream] [role=alert]"));
    assert_eq!(
        text(&q(&host, "[data-for=stream] [role=alert]").unwrap()),
        "Table orders_stream already has a running streaming job."
    );
    // None known (the API refused all the same): said without a link.
    running.set(None);
    leptos::task::tick().await;
    assert_eq!(
        text(&q(&host, "#replace-running-says").unwrap()),
        "orders_stream may already have a running streaming job."
    );
    assert!(!shown("#replace-running-says a"));
    // A batch spec: none of them.
    spec.set(r#"{"type":"batch"}"#.into());
    leptos::task::tick().await;
    assert!(!shown("[data-for=sql]") && !shown("[data-for=delete]") && !shown("[data-for=stream]"));
}
