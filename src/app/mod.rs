//! What every page stands on: the connection and what the person chose (`session`), what this
//! device remembers (`settings`), the address (`router`), and the loading protocol (`loader`).

pub mod loader;
pub mod router;
pub mod session;
pub mod settings;
