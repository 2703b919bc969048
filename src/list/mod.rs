//! The jobs list's logic: the view the URL holds (`view`), the first load's handover
//! (`first_load`), the selection and its bulk runs (`selection`, `bulk_pool`), and saved views.

pub mod bulk_pool;
pub mod first_load;
pub mod saved_views;
pub mod selection;
pub mod view;
