//! The cluster (`/api/v1/cluster…`): its status and the lookups behind the pickers.

use serde::{Deserialize, Serialize};

/// `GET /api/v1/cluster`: whether a cluster is configured and reachable, and what it offers.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
pub struct ClusterStatus {
    pub configured: bool,
    pub reachable: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cluster_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub health: Option<String>,
    #[serde(default)]
    pub plugins: Vec<String>,
    #[serde(default)]
    pub has_alerting: bool,
    #[serde(default)]
    pub has_notifications: bool,
    /// What the UI cannot offer on this cluster, in words.
    #[serde(default)]
    pub unavailable: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// One index-combobox suggestion.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
pub struct IndexSuggestion {
    pub name: String,
    /// `index`, `alias` or `data_stream`.
    pub kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub health: Option<String>,
    /// For aliases and data streams: what they point to.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub targets: Vec<String>,
}

/// A mapped field, flattened to its dotted path, with the type the pickers filter on.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
pub struct FieldInfo {
    pub path: String,
    /// `number`, `text`, `keyword`, `boolean` or `date`.
    pub field_type: String,
}


/// `GET /api/v1/cluster/indices` query.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct IndexQuery {
    /// What the person typed; `q` looks up `q*` and `q`.
    #[serde(default)]
    pub pattern: String,
}

/// `GET /api/v1/cluster/fields` query.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct FieldsQuery {
    /// Comma-separated index names or patterns.
    pub indices: String,
}
