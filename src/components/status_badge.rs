//! Execution status and health, each in words with an icon and a colour (never colour alone).
//! One description ([`Badge`]) for the jobs table's rows (written as HTML) and the job page (a
//! view, [`BadgeView`]), so that the two never differ.

use crate::text::format::{code_label, health_label, pending_change_label, status_label};
use jobs_api::{ExecutionStatus, Health, HealthStatus};
use leptos::prelude::*;

/// The icon (decorative: the words carry the meaning) and the colour class of a status. The
/// style sheet draws the icon from the badge's `data-status` (a test checks that the two agree).
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

/// What a badge shows: a colour class, the words, and the raw value for `data-status` or
/// `data-health` (the style sheet draws the decorative icon from it: see `status_look`). One
/// description for the job page and the jobs table rows, so the two never differ.
#[derive(Clone, Debug, PartialEq)]
pub struct Badge {
    pub tone: &'static str,
    pub text: String,
    /// The raw value, for `data-status` or `data-health`.
    pub of: BadgeOf,
}

/// What a badge shows the state of, with the API's raw value.
#[derive(Clone, Debug, PartialEq)]
pub enum BadgeOf {
    Status(String),
    Health(String),
}

impl BadgeOf {
    /// The attribute that carries the raw value, and the value.
    fn data(&self) -> (&'static str, &str) {
        match self {
            BadgeOf::Status(v) => ("data-status", v),
            BadgeOf::Health(v) => ("data-health", v),
        }
    }
}

impl Badge {
    pub fn status(status: &ExecutionStatus, desired: Option<&ExecutionStatus>) -> Self {
        let (_, tone) = status_look(status);
        Self { tone, text: status_text(status, desired), of: BadgeOf::Status(status.as_str().to_owned()) }
    }

    pub fn health(health: &Health) -> Self {
        let (_, tone) = health_look(&health.status);
        Self { tone, text: health_text(health), of: BadgeOf::Health(health.status.as_str().to_owned()) }
    }

    /// The badge as HTML, every text escaped: the words, the colour class, and the raw value,
    /// from which the style sheet draws the icon (`.badge[data-status=…]::before`, with empty
    /// alternative text: assistive technology reads the words only).
    pub fn write_html(&self, out: &mut crate::text::html::Html) {
        out.raw("<span class=\"badge ");
        out.raw(self.tone);
        let (attr, value) = self.of.data();
        out.raw("\" ");
        out.raw(attr);
        out.raw("=\"");
        out.text(value);
        out.raw("\">");
        out.text(&self.text);
        out.raw("</span>");
    }
}

/// A badge as a view: the same element as [`Badge::write_html`] writes. (Drawn again with a new
/// badge, only what differs is set.)
#[component]
pub fn BadgeView(badge: Badge) -> impl IntoView {
    let (status, health) = match badge.of {
        BadgeOf::Status(v) => (Some(v), None),
        BadgeOf::Health(v) => (None, Some(v)),
    };
    view! { <span class=format!("badge {}", badge.tone) data-status=status data-health=health>{badge.text}</span> }
}

/// "OK", or "Warn: Invalid rows found" / "Error: Canceled".
pub fn health_text(h: &Health) -> String {
    let status = health_label(&h.status);
    match &h.code {
        Some(code) if h.status != HealthStatus::Ok => format!("{status}: {}", code_label(code)),
        _ => status,
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

    /// The style sheet's icon for one raw value: its rule, or the default for values it has none for.
    fn css_icon(attr: &str, value: &str) -> String {
        let css = include_str!("../../style/main.css");
        let rule = format!(".badge[{attr}={value}]::before {{ content: \"");
        let icon = |from: &str| from.split('"').next().unwrap_or_default().to_owned();
        let default = ".badge::before { content: \"";
        match css.find(&rule) {
            Some(at) => icon(&css[at + rule.len()..]),
            None => icon(&css[css.find(default).expect("a default icon") + default.len()..]),
        }
    }

    #[test]
    fn the_style_sheet_draws_each_icon() {
        for s in S::ALL.iter().chain([&S::Other("draining".into())]) {
            assert_eq!(css_icon("data-status", s.as_str()), status_look(s).0, "{s:?}");
        }
        for h in HealthStatus::ALL.iter().chain([&HealthStatus::Other("degraded".into())]) {
            assert_eq!(css_icon("data-health", h.as_str()), health_look(h).0, "{h:?}");
        }
    }

    #[test]
    fn badge_html() {
        let mut out = crate::text::html::Html::default();
        Badge::status(&S::Running, Some(&S::Suspended)).write_html(&mut out);
        assert_eq!(out.as_str(), r#"<span class="badge tone-info" data-status="running">Running → suspending</span>"#);
        let mut out = crate::text::html::Html::default();
        Badge::health(&Health {
            status: HealthStatus::Other("<b>".into()),
            code: Some(HealthCode::Other("x\"y".into())),
            message: None,
            log: None,
        })
        .write_html(&mut out);
        assert_eq!(
            out.as_str(),
            r#"<span class="badge tone-muted" data-health="&lt;b&gt;">&lt;b&gt;: x&quot;y</span>"#
        );
    }
}
