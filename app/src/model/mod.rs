//! The one model of a monitor, shared by the UI (compiled to wasm) and the server.
//!
//! - [`draft`]: the form a person edits and a draft stores;
//! - [`monitor`]: the cluster's monitor JSON, all monitor types;
//! - [`bucket`]: per bucket triggers and actions and their bucket-selector JSON;
//! - [`composite`]: composite monitors' delegates and chained trigger conditions;
//! - [`cluster_metrics`]: the request types of per cluster metrics monitors;
//! - [`document`]: per document queries and trigger conditions and their query-string text;
//! - [`query`]: the visual editor → search body, exactly as the Dashboards build it;
//! - [`convert`]: form ⇄ monitor JSON, including import normalization;
//! - [`validate`]: field errors keyed by field path, in the Dashboards' words;
//! - [`schedule`]: a schedule in words;
//! - [`templates`]: the starter monitors of the templates gallery.

pub mod bucket;
pub mod cluster_metrics;
pub mod composite;
pub mod convert;
pub mod diff;
pub mod document;
pub mod draft;
pub mod monitor;
pub mod query;
pub mod schedule;
mod tagged;
pub mod templates;
pub mod validate;

pub use draft::*;
pub use validate::FieldErrors;
