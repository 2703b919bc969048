//! Reusable pieces of the pages.

pub mod confirm_dialog;
pub mod filter_chips;
pub mod html_blocks;
pub mod job_actions;
pub mod job_cards;
pub mod job_rows;
pub mod metrics_card;
pub mod status_badge;
