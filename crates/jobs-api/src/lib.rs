//! The Imply Polaris Jobs v1 API model: serde types for jobs, health, metrics, logs and
//! progress; the list filter and its query pairs; the status transition rules. No I/O.
//! See `docs/jobs-api.md` for the reference this follows.

pub mod decode;
pub mod enums;
pub mod error;
pub mod filter;
pub mod job;
pub mod json;
pub mod time;
pub mod transitions;

pub use enums::*;
pub use error::ErrorResponse;
pub use filter::{FilterError, JobFilter};
pub use job::*;
pub use time::Timestamp;
pub use transitions::{allowed_actions, check_transition, Action, TransitionError};
