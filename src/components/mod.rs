//! Pieces of the pages. They get data (signals) and callbacks, and never call the API.

pub mod confirm_dialog;
pub mod filter_chips;
pub mod job_actions;
pub mod job_cards;
pub mod job_rows;
pub mod keyed_rows;
pub mod metrics_card;
pub mod shortcuts;
pub mod spec_fields;
pub mod status_badge;
pub mod throughput_card;
