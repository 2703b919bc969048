//! The "Metrics" section: label/value pairs, a share bar of the row counts, and flags.

use crate::format::{bytes, one_decimal, thousands};
use jobs_api::{ExecutionStatus, MetricTotals};
use leptos::prelude::*;

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

#[component]
pub fn MetricsCard(
    totals: MetricTotals,
    status: ExecutionStatus,
    #[prop(optional)] max_parse_exceptions: Option<i64>,
) -> impl IntoView {
    let flags = metric_flags(&totals, &status, max_parse_exceptions);
    let parts = shares(&totals);
    let total: u64 = parts.iter().map(|p| p.2).sum();
    let bar_label = parts
        .iter()
        .map(|(l, _, n)| format!("{l} {} %", one_decimal(u128::from(*n) * 100, u128::from(total.max(1)))))
        .collect::<Vec<_>>()
        .join(", ");
    let rows = metric_rows(&totals);
    let bytes_value = totals.num_bytes_processed;
    view! {
        <section class="card metrics" aria-labelledby="metrics-heading">
            <h2 id="metrics-heading">"Metrics"</h2>
            <dl class="pairs">
                {rows
                    .into_iter()
                    .map(|(label, v)| {
                        view! {
                            <div class="pair">
                                <dt>{label}</dt>
                                <dd class="num" class:na=v.is_none()>{count_text(v)}</dd>
                            </div>
                        }
                    })
                    .collect_view()}
                <div class="pair">
                    <dt>"Bytes processed"</dt>
                    <dd class="num" class:na=bytes_value.is_none()
                        title=bytes_value.map(|b| format!("{} bytes", thousands(b)))>
                        {bytes_value.map_or_else(|| "n/a".to_owned(), bytes)}
                    </dd>
                </div>
            </dl>
            {(!parts.is_empty()).then(|| view! {
                <div class="share-bar" role="img" aria-label=format!("Share of rows: {bar_label}")>
                    {parts.iter().map(|(label, class, n)| view! {
                        <span class=format!("seg {class}") title=format!("{label}: {}", thousands(*n))
                            style:flex-grow=n.to_string()></span>
                    }).collect_view()}
                </div>
                <p class="share-legend muted">{bar_label.clone()}</p>
            })}
            {flags.into_iter().map(|f| view! { <p class="notice warn"><span aria-hidden="true">"⚠ "</span>{f}</p> }).collect_view()}
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
    fn share_parts() {
        let s = shares(&totals(98, 2));
        assert_eq!(s.len(), 2);
        assert!(shares(&MetricTotals::default()).is_empty());
    }
}
