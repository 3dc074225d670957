//! Small building blocks shared by the pages.

pub mod account;
pub mod browser_only;
pub mod channel_options;
pub mod chart;
pub mod cluster_badge;
pub mod field;
pub mod modal;
