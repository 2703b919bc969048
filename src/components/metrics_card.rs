//! The "Metrics" card: label/value pairs, a bar of the row counts' shares, and flags.

use crate::components::job_cards::{Figure, Figures};
use crate::text::format::{bytes, percent, thousands};
use jobs_api::{ExecutionStatus, MetricTotals};
use leptos::prelude::*;

/// The card's figures, in reading order: "n/a" where the API gives none, bytes in binary units
/// with the exact count in the tooltip.
pub fn metric_figures(t: &MetricTotals) -> Vec<Figure> {
    let counts = [
        ("Rows processed", t.num_rows_processed),
        ("Rows with warnings", t.num_rows_processed_with_warning),
        ("Rows skipped by filter", t.num_rows_skipped_by_filter),
        ("Rows skipped by error", t.num_rows_skipped_by_error),
        ("Rows persisted", t.num_rows_persisted),
    ];
    let figure = |label, v: Option<u64>, text: fn(u64) -> String| match v {
        None => Figure { class: "num na", ..Figure::text(label, "n/a") },
        Some(n) => Figure { class: "num", ..Figure::text(label, text(n)) },
    };
    let mut out: Vec<Figure> = counts.into_iter().map(|(label, v)| figure(label, v, thousands)).collect();
    let mut bytes_figure = figure("Bytes processed", t.num_bytes_processed, bytes);
    bytes_figure.title = t.num_bytes_processed.map(|b| format!("{} bytes", thousands(b)));
    out.push(bytes_figure);
    out
}

/// Warnings worth a flag, in words.
pub fn metric_flags(t: &MetricTotals, status: &ExecutionStatus, max_parse_exceptions: Option<i64>) -> Vec<String> {
    let mut flags = Vec::new();
    // Figures from the API: added and multiplied without overflow, whatever they are.
    let ingested = t.num_rows_processed.unwrap_or(0).saturating_add(t.num_rows_processed_with_warning.unwrap_or(0));
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
            } else if errors > 0 && errors.saturating_mul(5) >= limit.saturating_mul(4) {
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
    parts.into_iter().filter(|p| p.2 > 0).collect()
}

/// Whether a job of this type reports row metrics: delete data, drop table and restore data do
/// not (their page says so rather than six "n/a").
pub fn reports_rows(t: &jobs_api::JobType) -> bool {
    use jobs_api::JobType;
    !matches!(t, JobType::DeleteData | JobType::DropTable | JobType::RestoreData)
}

/// The "Metrics" card: every figure ("n/a" where the API gives none), a bar of the rows' shares
/// and the flags. `totals` is `None` when the metrics could not be read.
#[component]
pub fn MetricsCard(
    totals: Option<MetricTotals>,
    /// The job's status (a finished job that ingested nothing is flagged).
    status: ExecutionStatus,
    /// The job's limit of rows skipped by error (errors near it are flagged).
    max_parse_exceptions: Option<i64>,
) -> impl IntoView {
    let parts = totals.as_ref().map(shares).unwrap_or_default();
    let total = parts.iter().fold(0u64, |sum, p| sum.saturating_add(p.2));
    let legend = parts.iter().map(|(l, _, n)| format!("{l} {} %", percent(*n, total))).collect::<Vec<_>>().join(", ");
    let segments = parts
        .iter()
        .map(|&(label, class, n)| {
            // Widths through the CSSOM: the CSP allows no style attributes in markup.
            view! {
                <span
                    class=format!("seg {class}")
                    title=format!("{label}: {}", thousands(n))
                    style:flex-grow=n.to_string()
                ></span>
            }
        })
        .collect::<Vec<_>>();
    let flags = totals
        .as_ref()
        .map(|t| metric_flags(t, &status, max_parse_exceptions))
        .unwrap_or_default()
        .into_iter()
        .map(|flag| {
            view! {
                <p class="notice warn">
                    <span aria-hidden="true">"⚠ "</span>
                    {flag}
                </p>
            }
        })
        .collect::<Vec<_>>();
    view! {
        <section class="card metrics" aria-labelledby="metrics-heading">
            <h2 id={"metrics-heading"}>"Metrics"</h2>
            <p class="muted" hidden=totals.is_some()>
                "Metrics could not be read."
            </p>
            {totals.as_ref().map(|t| view! { <Figures figures=metric_figures(t) /> })}
            <div class="share-bar" role="img" aria-label=format!("Share of rows: {legend}") hidden=parts.is_empty()>
                {segments}
            </div>
            <p class="share-legend muted" hidden=parts.is_empty()>
                {legend}
            </p>
            {flags}
        </section>
    }
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
        let rows = metric_figures(&totals(99_999, 2));
        assert_eq!((rows[0].label, rows[0].text.as_str(), rows[0].class), ("Rows processed", "99,999", "num"));
        assert_eq!((rows[2].text.as_str(), rows[2].class), ("n/a", "num na"));
        assert_eq!(rows[3].label, "Rows skipped by error");
        assert_eq!((rows[5].text.as_str(), rows[5].title.as_deref()), ("1.5 KiB", Some("1,536 bytes")));
        assert_eq!(rows.len(), 6);
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
    fn figures_at_the_end_of_u64_do_not_overflow() {
        let max = MetricTotals {
            num_rows_processed: Some(u64::MAX),
            num_rows_processed_with_warning: Some(u64::MAX),
            num_rows_skipped_by_filter: Some(u64::MAX),
            num_rows_skipped_by_error: Some(u64::MAX),
            num_rows_persisted: Some(u64::MAX),
            num_bytes_processed: Some(u64::MAX),
        };
        // A finished job with rows is not "finished without ingesting any rows" (a wrapped sum
        // would say so).
        let flags = metric_flags(&max, &ExecutionStatus::Completed, Some(i64::from(i32::MAX) - 1));
        assert_eq!(flags.len(), 1, "{flags:?}");
        assert!(flags[0].contains("exceed maxParseExceptions"), "{flags:?}");
        assert_eq!(shares(&max).len(), 4);
        assert_eq!(metric_figures(&max)[0].text, "18,446,744,073,709,551,615");
        let near = MetricTotals { num_rows_skipped_by_error: Some(u64::MAX / 4), ..max };
        assert!(metric_flags(&near, &ExecutionStatus::Running, Some(i64::from(i32::MAX) - 1))[0].contains("exceed"));
    }

    #[test]
    fn share_parts() {
        let s = shares(&totals(98, 2));
        assert_eq!(s.len(), 2);
        assert!(shares(&MetricTotals::default()).is_empty());
    }
}
