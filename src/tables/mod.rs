//! The Tables board's logic: each target table's state from the jobs read (`board`), and the
//! expectations this device keeps per table (`expectations`).

pub mod board;
pub mod expectations;
