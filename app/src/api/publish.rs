//! Publishing a draft (`/api/v1/drafts/{id}/publish`) and what a refused publish says.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::drafts::Draft;

/// `POST /api/v1/drafts/{id}/publish` body.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct PublishRequest {
    /// The draft version being published (what the person sees).
    pub version: i64,
    /// After a conflict: write over the cluster's newer version.
    #[serde(default)]
    pub overwrite: bool,
    /// After the monitor was deleted on the cluster: create a new one.
    #[serde(default)]
    pub as_new: bool,
    /// What the publisher says about this publish (kept in the history).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
}

/// `POST /api/v1/drafts/{id}/publish` answer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
pub struct PublishResult {
    pub monitor_id: String,
    /// True when a new monitor was created, false for an update.
    pub created: bool,
    pub draft: Draft,
}

/// The 409 answer of a publish whose monitor changed on the cluster: what changed there
/// since this draft published it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
pub struct PublishConflict {
    pub message: String,
    #[serde(default)]
    pub errors: BTreeMap<String, String>,
    pub changes: Vec<crate::model::diff::Change>,
    /// True when the monitor no longer exists on the cluster.
    #[serde(default)]
    pub deleted: bool,
}


/// `POST /api/v1/drafts/check-cluster` answer.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
pub struct ClusterCheck {
    /// The ids of the drafts whose monitor changed on the cluster since they published it.
    pub changed_on_cluster: Vec<String>,
}
