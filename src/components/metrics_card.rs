//! The "Metrics" section: label/value pairs, a share bar of the row counts, and flags.

use crate::format::{bytes, escape_html, percent, thousands};
use jobs_api::{ExecutionStatus, MetricTotals};

/// `(label, value)` per figure, in reading order ("n/a" where the API gives none).
pub fn metric_rows(t: &MetricTotals) -> [(&'static str, Option<u64>); 5] {
    [
        ("Rows processed", t.num_rows_processed),
        ("Rows with warnings", t.num_rows_processed_with_warning),
        ("Rows skipped by filter", t.num_rows_skipped_by_filter),
        ("Rows skipped by error", t.num_rows_skipped_by_error),
        ("Rows persisted", t.num_rows_persisted),
    ]
}

pub fn count_text(v: Option<u64>) -> String {
    v.map_or_else(|| "n/a".to_owned(), thousands)
}

/// Warnings worth a flag, in words.
pub fn metric_flags(t: &MetricTotals, status: &ExecutionStatus, max_parse_exceptions: Option<i64>) -> Vec<String> {
    let mut flags = Vec::new();
    let ingested = t.num_rows_processed.unwrap_or(0) + t.num_rows_processed_with_warning.unwrap_or(0);
    if status.is_finished() && t.num_rows_processed.is_some() && ingested == 0 {
        flags.push("This job finished without ingesting any rows.".to_owned());
    }
    if let (Some(errors), Some(limit)) = (t.num_rows_skipped_by_error, max_parse_exceptions) {
        // Polaris's "no limit" is i32::MAX; a limit is near at 80 %.
        if limit >= 0 && limit < i64::from(i32::MAX) {
            let limit = limit as u64;
            if errors > limit {
                flags.push(format!(
                    "Rows skipped by error ({}) exceed maxParseExceptions ({}).",
                    thousands(errors),
                    thousands(limit)
                ));
            } else if errors > 0 && errors * 5 >= limit * 4 {
                flags.push(format!(
                    "Rows skipped by error ({}) are near maxParseExceptions ({}): the job fails past it.",
                    thousands(errors),
                    thousands(limit)
                ));
            }
        }
    }
    flags
}

/// The share of each row count in all rows read, as whole percent (for the bar and its text).
pub fn shares(t: &MetricTotals) -> Vec<(&'static str, &'static str, u64)> {
    let parts = [
        ("Processed", "seg-ok", t.num_rows_processed.unwrap_or(0)),
        ("With warnings", "seg-warn", t.num_rows_processed_with_warning.unwrap_or(0)),
        ("Skipped by filter", "seg-muted", t.num_rows_skipped_by_filter.unwrap_or(0)),
        ("Skipped by error", "seg-error", t.num_rows_skipped_by_error.unwrap_or(0)),
    ];
    let total: u64 = parts.iter().map(|p| p.2).sum();
    if total == 0 {
        return Vec::new();
    }
    parts.into_iter().filter(|p| p.2 > 0).collect()
}

/// `<dt>label</dt><dd …>`: one figure of a card, its label and value escaped.
pub fn write_pair_start(out: &mut String, label: &str) {
    out.push_str("<div class=\"pair\"><dt>");
    escape_html(out, label);
    out.push_str("</dt><dd");
}

/// The "Metrics" card as HTML (for [`HtmlBlocks`](crate::components::html_blocks::HtmlBlocks)),
/// every text escaped; "n/a" where the API gives no figure.
pub fn write_metrics_card(
    out: &mut String,
    totals: &MetricTotals,
    status: &ExecutionStatus,
    max_parse_exceptions: Option<i64>,
) {
    let parts = shares(totals);
    let total: u64 = parts.iter().map(|p| p.2).sum();
    let bar_label =
        parts.iter().map(|(l, _, n)| format!("{l} {} %", percent(*n, total))).collect::<Vec<_>>().join(", ");
    out.push_str(
        "<section class=\"card metrics\" aria-labelledby=\"metrics-heading\"><h2 id=\"metrics-heading\">Metrics</h2><dl class=\"pairs\">",
    );
    let bytes_value = totals.num_bytes_processed;
    let figures = metric_rows(totals).map(|(label, v)| (label, v, count_text(v), None));
    let bytes_figure = (
        "Bytes processed",
        bytes_value,
        bytes_value.map_or_else(|| "n/a".to_owned(), bytes),
        bytes_value.map(|b| format!("{} bytes", thousands(b))),
    );
    for (label, v, text, title) in figures.into_iter().chain([bytes_figure]) {
        write_pair_start(out, label);
        out.push_str(if v.is_none() { " class=\"num na\"" } else { " class=\"num\"" });
        if let Some(title) = title {
            out.push_str(" title=\"");
            escape_html(out, &title);
            out.push('"');
        }
        out.push('>');
        escape_html(out, &text);
        out.push_str("</dd></div>");
    }
    out.push_str("</dl>");
    if !parts.is_empty() {
        out.push_str("<div class=\"share-bar\" role=\"img\" aria-label=\"Share of rows: ");
        escape_html(out, &bar_label);
        out.push_str("\">");
        for (label, class, n) in &parts {
            out.push_str("<span class=\"seg ");
            out.push_str(class);
            out.push_str("\" title=\"");
            escape_html(out, &format!("{label}: {}", thousands(*n)));
            out.push_str("\" data-style=\"flex-grow:");
            out.push_str(&n.to_string());
            out.push_str("\"></span>");
        }
        out.push_str("</div><p class=\"share-legend muted\">");
        escape_html(out, &bar_label);
        out.push_str("</p>");
    }
    for flag in metric_flags(totals, status, max_parse_exceptions) {
        out.push_str("<p class=\"notice warn\"><span aria-hidden=\"true\">⚠ </span>");
        escape_html(out, &flag);
        out.push_str("</p>");
    }
    out.push_str("</section>");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn totals(processed: u64, errors: u64) -> MetricTotals {
        MetricTotals {
            num_rows_processed: Some(processed),
            num_rows_processed_with_warning: Some(0),
            num_rows_skipped_by_filter: None,
            num_rows_skipped_by_error: Some(errors),
            num_rows_persisted: Some(processed),
            num_bytes_processed: Some(1536),
        }
    }

    #[test]
    fn values_and_na() {
        let rows = metric_rows(&totals(99_999, 2));
        assert_eq!(count_text(rows[0].1), "99,999");
        assert_eq!(count_text(rows[2].1), "n/a");
        assert_eq!(rows.map(|r| r.0)[3], "Rows skipped by error");
    }

    #[test]
    fn flags() {
        assert_eq!(
            metric_flags(&totals(0, 0), &ExecutionStatus::Completed, None),
            ["This job finished without ingesting any rows."]
        );
        assert!(metric_flags(&totals(0, 0), &ExecutionStatus::Running, None).is_empty());
        assert!(
            metric_flags(&totals(10, 85), &ExecutionStatus::Running, Some(100))[0].contains("near maxParseExceptions")
        );
        assert!(metric_flags(&totals(10, 101), &ExecutionStatus::Failed, Some(100))[0].contains("exceed"));
        assert!(metric_flags(&totals(10, 79), &ExecutionStatus::Running, Some(100)).is_empty());
        assert!(metric_flags(&totals(10, 5_000), &ExecutionStatus::Running, Some(2_147_483_647)).is_empty());
    }

    #[test]
    fn the_card_has_every_figure_and_escapes() {
        let mut out = String::new();
        let mut t = totals(98, 2);
        t.num_bytes_processed = None;
        write_metrics_card(&mut out, &t, &ExecutionStatus::Completed, Some(2));
        assert!(out.starts_with(r#"<section class="card metrics" aria-labelledby="metrics-heading">"#), "{out}");
        assert!(out.ends_with("</section>"), "{out}");
        assert_eq!(out.matches(r#"<div class="pair">"#).count(), 6);
        assert!(out.contains(r#"<dt>Rows processed</dt><dd class="num">98</dd>"#), "{out}");
        assert!(out.contains(r#"<dt>Rows skipped by filter</dt><dd class="num na">n/a</dd>"#), "{out}");
        assert!(out.contains(r#"<dt>Bytes processed</dt><dd class="num na">n/a</dd>"#), "{out}");
        assert!(out.contains(r#"aria-label="Share of rows: Processed 98.0 %, Skipped by error 2.0 %""#), "{out}");
        assert!(
            out.contains(r#"<span class="seg seg-error" title="Skipped by error: 2" data-style="flex-grow:2"></span>"#),
            "{out}"
        );
        assert!(out.contains("are near maxParseExceptions (2)"), "{out}");
        let mut out = String::new();
        write_metrics_card(&mut out, &MetricTotals::default(), &ExecutionStatus::Running, None);
        assert!(!out.contains("share-bar") && !out.contains("notice"), "{out}");
        assert!(out.contains(r#"<dt>Bytes processed</dt><dd class="num na">n/a</dd>"#), "{out}");
    }

    #[test]
    fn share_parts() {
        let s = shares(&totals(98, 2));
        assert_eq!(s.len(), 2);
        assert!(shares(&MetricTotals::default()).is_empty());
    }
}
