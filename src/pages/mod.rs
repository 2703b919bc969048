//! One module per route (`lazy` loads the code of the job, new-job and connect pages when first shown).

pub mod bulk;
pub mod changes;
pub mod connect;
pub mod job;
pub mod jobs;
pub mod lazy;
pub mod list_controls;
pub mod new_job;
pub mod not_found;
pub mod tables;
pub mod views_manager;
