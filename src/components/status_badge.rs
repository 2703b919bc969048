//! Execution status and health, each in words with an icon and a colour (never colour alone).

use crate::format::{code_label, health_label, pending_change_label, status_label};
use jobs_api::{ExecutionStatus, Health, HealthStatus};
use leptos::prelude::*;

/// The icon (decorative: the words carry the meaning) and the colour class of a status.
pub fn status_look(s: &ExecutionStatus) -> (&'static str, &'static str) {
    match s {
        ExecutionStatus::Pending => ("◷", "tone-muted"),
        ExecutionStatus::Running => ("▶", "tone-info"),
        ExecutionStatus::Completed => ("✓", "tone-ok"),
        ExecutionStatus::Idle => ("◌", "tone-info"),
        ExecutionStatus::Canceled => ("⊘", "tone-muted"),
        ExecutionStatus::Failed => ("✕", "tone-error"),
        // Not U+23F8 (pause symbol): many system fonts lack it and it shows as a box.
        ExecutionStatus::Suspended => ("‖", "tone-warn"),
        ExecutionStatus::Unknown | ExecutionStatus::Other(_) => ("?", "tone-muted"),
    }
}

pub fn health_look(h: &HealthStatus) -> (&'static str, &'static str) {
    match h {
        HealthStatus::Ok => ("✓", "tone-ok"),
        HealthStatus::Warn => ("!", "tone-warn"),
        HealthStatus::Error => ("✕", "tone-error"),
        HealthStatus::Other(_) => ("?", "tone-muted"),
    }
}

/// The change a job is being asked to make, when it is not there yet: "canceling",
/// "suspending", "resuming". `None` for the ordinary course (a pending job about to run).
pub fn pending_change(status: &ExecutionStatus, desired: &ExecutionStatus) -> Option<String> {
    use ExecutionStatus as S;
    if status == desired || status.is_finished() {
        return None;
    }
    match (status, desired) {
        (_, S::Canceled | S::Suspended) => Some(pending_change_label(desired)),
        (S::Suspended, S::Running) => Some("resuming".into()),
        _ => None,
    }
}

/// "Running", or "Running → suspending" while a change is under way.
pub fn status_text(status: &ExecutionStatus, desired: Option<&ExecutionStatus>) -> String {
    let base = status_label(status);
    match desired.and_then(|d| pending_change(status, d)) {
        Some(change) => format!("{base} → {change}"),
        None => base,
    }
}

/// The execution status badge.
#[component]
pub fn StatusBadge(
    status: ExecutionStatus,
    /// The desired status, to show a change under way.
    #[prop(optional)]
    desired: Option<ExecutionStatus>,
) -> impl IntoView {
    let (icon, tone) = status_look(&status);
    let text = status_text(&status, desired.as_ref());
    view! {
        <span class=format!("badge {tone}") data-status=status.as_str().to_owned()>
            <span class="icon" aria-hidden="true">{icon}</span>
            <span class="badge-text">{text}</span>
        </span>
    }
}

/// "OK", or "Warn: Invalid rows found" / "Error: Canceled".
pub fn health_text(h: &Health) -> String {
    let status = health_label(&h.status);
    match &h.code {
        Some(code) if h.status != HealthStatus::Ok => format!("{status}: {}", code_label(code)),
        _ => status,
    }
}

/// The health badge (status and code).
#[component]
pub fn HealthBadge(health: Health) -> impl IntoView {
    let (icon, tone) = health_look(&health.status);
    let text = health_text(&health);
    view! {
        <span class=format!("badge {tone}") data-health=health.status.as_str().to_owned()>
            <span class="icon" aria-hidden="true">{icon}</span>
            <span class="badge-text">{text}</span>
        </span>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jobs_api::HealthCode;
    use ExecutionStatus as S;

    #[test]
    fn pending_changes() {
        assert_eq!(status_text(&S::Running, Some(&S::Suspended)), "Running → suspending");
        assert_eq!(status_text(&S::Running, Some(&S::Canceled)), "Running → canceling");
        assert_eq!(status_text(&S::Suspended, Some(&S::Running)), "Suspended → resuming");
        assert_eq!(status_text(&S::Pending, Some(&S::Running)), "Pending");
        assert_eq!(status_text(&S::Completed, Some(&S::Running)), "Completed");
        assert_eq!(status_text(&S::Other("draining".into()), None), "draining");
    }

    #[test]
    fn health_texts() {
        assert_eq!(health_text(&Health::ok()), "OK");
        assert_eq!(health_text(&Health::warn(HealthCode::InvalidRowsFound)), "Warn: Invalid rows found");
        assert_eq!(health_text(&Health::error(HealthCode::Canceled, "x")), "Error: Canceled");
        let odd = Health {
            status: HealthStatus::Other("degraded".into()),
            code: Some(HealthCode::Other("quota".into())),
            message: None,
            log: None,
        };
        assert_eq!(health_text(&odd), "degraded: quota");
    }
}
