//! One job's logic: its spec as text (`spec`) and in words (`spec_view`), its throughput, and
//! the actions it offers (`actions`).

pub mod actions;
pub mod spec;
pub mod spec_view;
pub mod throughput;
