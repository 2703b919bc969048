//! Components mounted in a real browser and exercised as a person would.
#![cfg(target_arch = "wasm32")]

mod support;

use jobs_api::{ExecutionStatus, Health, HealthCode, HealthStatus, JobType, MetricTotals};
use leptos::prelude::*;
use polaris_jobs_console::components::filter_chips::FilterChips;
use polaris_jobs_console::components::html_blocks::HtmlBlocks;
use polaris_jobs_console::components::job_actions::JobActions;
use polaris_jobs_console::components::job_rows::{explain_on_hover, write_row};
use polaris_jobs_console::components::metrics_card::write_metrics_card;
use polaris_jobs_console::components::status_badge::{status_look, Badge};
use polaris_jobs_console::session::Session;
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

#[wasm_bindgen_test]
async fn status_badges_in_words_with_icon_including_unknown_values() {
    let host = host();
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
    let all = cases.clone();
    let html: Vec<String> = all
        .iter()
        .map(|(s, d, _)| {
            let mut out = String::new();
            Badge::status(s, d.as_ref()).write_html(&mut out);
            out
        })
        .collect();
    with_style_sheet();
    let _mounted = leptos::mount::mount_to(host.clone(), move || view! { <HtmlBlocks blocks=Signal::stored(html)/> });
    leptos::task::tick().await;
    let badges = qa(&host, ".badge");
    assert_eq!(badges.len(), cases.len());
    for (badge, (status, _, want)) in badges.iter().zip(&cases) {
        // The words are the badge's whole text: the icon is drawn, not read.
        assert_eq!(text(badge), *want);
        assert_eq!(badge.get_attribute("data-status").unwrap(), status.as_str());
        // An icon besides the colour, with empty alternative text (or, in a browser without
        // that syntax, the icon alone).
        let icon = status_look(status).0;
        let drawn = content_before(badge);
        assert!(drawn == format!("\"{icon}\" / \"\"") || drawn == format!("\"{icon}\""), "{status:?}: {drawn}");
        assert!(badge.class_name().contains("tone-"));
    }
}

#[wasm_bindgen_test]
async fn health_badges_show_status_and_code() {
    let host = host();
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
    let html: Vec<String> = healths
        .iter()
        .map(|h| {
            let mut out = String::new();
            Badge::health(h).write_html(&mut out);
            out
        })
        .collect();
    with_style_sheet();
    let _mounted = leptos::mount::mount_to(host.clone(), move || view! { <HtmlBlocks blocks=Signal::stored(html)/> });
    leptos::task::tick().await;
    let badges = qa(&host, ".badge");
    let texts: Vec<String> = badges.iter().map(text).collect();
    assert_eq!(texts, ["OK", "Warn: Lost connection to source", "Error: Row too large", "degraded: quota_hit"]);
    let icons: Vec<String> = badges.iter().map(content_before).collect();
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
    let mut rows = String::new();
    let now = jobs_api::Timestamp::new("2024-08-01T12:05:00Z").epoch_millis().unwrap();
    write_row(&mut rows, &job, "p", now);
    host.set_inner_html(&format!(r#"<table class="jobs" role="table"><tbody role="rowgroup">{rows}</tbody></table>"#));
    host.style().set_property("width", "80rem").unwrap();
    let cells = qa(&host, "td");
    assert!(qa(&host, "[title]").is_empty(), "no tooltip before the pointer comes");
    // A time: its exact moment in UTC.
    let updated = q(&cells[8], "time").unwrap();
    explain_on_hover(&updated);
    assert_eq!(updated.get_attribute("title").as_deref(), Some("2024-08-01 12:04:00 UTC"));
    // A cut text: the whole of it; a text shown whole gets none.
    explain_on_hover(&cells[2]);
    assert_eq!(cells[2].get_attribute("title"), Some("a_very_long_table_name_".repeat(8)));
    explain_on_hover(&cells[1]);
    assert_eq!(cells[1].get_attribute("title"), None);
    // From a row's edge (not in a cell), in a table wider than its scrolling box: nothing
    // outside the cells gets the table's text as its tooltip.
    host.style().set_property("width", "20rem").unwrap();
    host.style().set_property("overflow-x", "auto").unwrap();
    explain_on_hover(&q(&host, "tr").unwrap());
    assert!(!host.has_attribute("title"), "the scrolling box got a tooltip");
    for outside in qa(&host, "table, tbody, tr") {
        assert!(!outside.has_attribute("title"), "{} got a tooltip", outside.tag_name());
    }
    host.style().set_property("width", "80rem").unwrap();
    // From the badge inside a cell that fits: nothing to add.
    explain_on_hover(&q(&cells[4], ".badge").unwrap());
    assert_eq!(qa(&cells[4], "[title]").len() + usize::from(cells[4].has_attribute("title")), 0);
}

#[wasm_bindgen_test]
async fn metrics_card_values_na_and_flags() {
    let host = host();
    let totals = MetricTotals {
        num_rows_processed: Some(99_999),
        num_rows_processed_with_warning: Some(0),
        num_rows_skipped_by_filter: None,
        num_rows_skipped_by_error: Some(90),
        num_rows_persisted: Some(42_000),
        num_bytes_processed: Some(5 * 1024 * 1024),
    };
    let mut card = String::new();
    write_metrics_card(&mut card, &totals, &ExecutionStatus::Running, Some(100));
    let blocks = RwSignal::new(vec![card]);
    let _mounted = leptos::mount::mount_to(host.clone(), move || view! { <HtmlBlocks blocks=blocks/> });
    leptos::task::tick().await;
    let section = q(&host, "section").unwrap();
    let heading = q(&section, "h2").unwrap();
    assert_eq!(text(&heading), "Metrics");
    let pairs: Vec<(String, String)> =
        qa(&host, ".pair").iter().map(|p| (text(&q(p, "dt").unwrap()), text(&q(p, "dd").unwrap()))).collect();
    let get = |k: &str| pairs.iter().find(|(l, _)| l == k).map(|(_, v)| v.clone()).unwrap();
    assert_eq!(get("Rows processed"), "99,999");
    assert_eq!(get("Rows with warnings"), "0");
    assert_eq!(get("Rows skipped by filter"), "n/a");
    assert_eq!(get("Rows skipped by error"), "90");
    assert_eq!(get("Rows persisted"), "42,000");
    assert_eq!(get("Bytes processed"), "5.0 MiB");
    let bytes = qa(&host, ".pair dd").into_iter().find(|d| text(d) == "5.0 MiB").unwrap();
    assert_eq!(bytes.get_attribute("title").as_deref(), Some("5,242,880 bytes"));
    assert!(q(&host, ".share-bar[role=img]").unwrap().get_attribute("aria-label").unwrap().contains("Processed"));
    assert!(text(&host).contains("near maxParseExceptions"));
    // The share bar's widths come through the CSSOM (the CSP allows no style attributes).
    let seg: web_sys::HtmlElement = q(&host, ".seg-ok").unwrap().unchecked_into();
    assert_eq!(seg.style().get_property_value("flex-grow").unwrap(), "99999");
    assert!(seg.get_attribute("style").unwrap_or_default().contains("flex-grow"));

    // A second block added, then only the first one changed: the second keeps its element.
    let first = q(&host, "section.metrics").unwrap();
    blocks.update(|b| b.push("<section class=\"card logs-card\"><p>one</p></section>".into()));
    leptos::task::tick().await;
    let logs_card = q(&host, ".logs-card").unwrap();
    assert_eq!(qa(&host, "section").len(), 2);
    blocks.update(|b| b[0] = b[0].replace("99,999", "100,000"));
    leptos::task::tick().await;
    assert!(text(&host).contains("100,000"));
    assert!(!first.is_connected(), "the changed block is drawn again");
    assert!(logs_card.is_connected(), "the unchanged block keeps its element");
    // The same blocks again: nothing is touched.
    let now_first = q(&host, "section.metrics").unwrap();
    blocks.update(|b| b[1] = b[1].clone());
    leptos::task::tick().await;
    assert!(now_first.is_connected() && logs_card.is_connected());
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
            <JobActions project="p".to_owned() job_id="j1".to_owned() job_name="job j1".to_owned()
                job_type=job_type status=status on_done=Callback::new(|_| ()) on_error=Callback::new(|_| ())/>
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

#[wasm_bindgen_test]
async fn confirm_dialog_is_modal_names_the_job_and_closes_on_escape() {
    let host = host();
    let _mounted = leptos::mount::mount_to(host.clone(), move || {
        provide_context(Session::new());
        view! {
            <JobActions project="p".to_owned() job_id="j1".to_owned() job_name="job j1 (table clicks)".to_owned()
                job_type=JobType::Streaming status=ExecutionStatus::Running
                on_done=Callback::new(|_| ()) on_error=Callback::new(|_| ())/>
        }
    });
    leptos::task::tick().await;
    let dialog: web_sys::HtmlDialogElement = q(&host, "dialog").unwrap().unchecked_into();
    assert!(!dialog.open());
    click(&button(&host, "Suspend").unwrap());
    leptos::task::tick().await;
    assert!(dialog.open(), "opens as a modal");
    assert!(dialog.matches(":modal").unwrap(), "a real modal dialog");
    let body = text(&dialog);
    assert!(body.contains("job j1 (table clicks)") && body.contains("until you resume"), "{body}");
    assert!(button(&dialog, "Suspend").is_some(), "the confirm button repeats the action");
    click(&button(&dialog, "Keep job").unwrap());
    leptos::task::tick().await;
    assert!(!dialog.open());
    // Esc: the browser fires `cancel` on the dialog.
    click(&button(&host, "Cancel job").unwrap());
    leptos::task::tick().await;
    assert!(dialog.open());
    assert!(button(&dialog, "Cancel job").is_some());
    dialog.dispatch_event(&web_sys::Event::new("cancel").unwrap()).unwrap();
    leptos::task::tick().await;
    assert!(!dialog.open());
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
