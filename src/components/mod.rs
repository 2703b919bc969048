//! Reusable pieces of the pages.

pub mod confirm_dialog;
pub mod filter_chips;
pub mod job_actions;
pub mod job_rows;
pub mod metrics_card;
pub mod status_badge;
