//! Per cluster metrics monitors: the request type (one of the cluster's read-only APIs) and
//! its optional path parameters, as the Dashboards offer them (`API_TYPES` of
//! `clusterMetricsMonitorConstants.js`) and as the cluster reads them (`ClusterMetricsInput`).
//!
//! Deliberate difference from the Dashboards: the input names its API by `api_type` and the
//! cluster's own `path` (`/_cluster/health`) and leaves `url` empty, which the cluster fills
//! in; the Dashboards also write `url: "http://localhost:9200/…"`. Monitor Studio's boundary
//! refuses URLs, so a monitor can never be pointed anywhere but this cluster's API.

use serde::{Deserialize, Serialize};
use strum::{EnumMessage, EnumProperty, EnumString, IntoStaticStr, VariantArray};

use super::draft::variant_array;

/// The request types, in the Dashboards' order and words. `path` is the cluster's
/// `defaultPath`; `params` is `optional`, `required` or absent (`supportsPathParams`,
/// `requiresPathParams`); `condition` is the Dashboards' starting trigger condition.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
#[derive(IntoStaticStr, EnumString, EnumMessage, EnumProperty, VariantArray)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
#[strum(serialize_all = "SCREAMING_SNAKE_CASE")]
pub enum ApiType {
    #[strum(message = "Cluster health", props(path = "/_cluster/health", params = "optional", example = "indexAlias1,indexAlias2...", condition = "ctx.results[0].status != \"green\""))]
    ClusterHealth,
    #[strum(message = "Cluster stats", props(path = "/_cluster/stats", condition = "ctx.results[0].indices.count <= 0"))]
    ClusterStats,
    #[strum(message = "Cluster settings", props(path = "/_cluster/settings", condition = "ctx.results[0].transient != null"))]
    ClusterSettings,
    #[strum(message = "Nodes stats", props(path = "/_nodes/stats", condition = "ctx.results[0].nodes.NODE_ID.jvm.mem.heap_used_percent > 60"))]
    NodesStats,
    #[strum(message = "List indices", props(path = "/_cat/indices", params = "optional", example = "index1,index2...", condition = "for (int i = 0; i < ctx.results[0].indices.size(); ++i)\n  if (ctx.results[0].indices[i].health != \"green\") return true"))]
    CatIndices,
    #[strum(message = "List pending tasks", props(path = "/_cat/pending_tasks", condition = "ctx.results[0].tasks.size() >= 0"))]
    CatPendingTasks,
    #[strum(message = "List index and shard recoveries", props(path = "/_cat/recovery", params = "optional", example = "index1,index2...", condition = "ctx.results[0].INDEX_NAME.shards.length <= 0"))]
    CatRecovery,
    #[strum(message = "List shards", props(path = "/_cat/shards", params = "optional", example = "index1,index2...", condition = "for (int i = 0; i < ctx.results[0].shards.size(); ++i)\n  if (ctx.results[0].shards[i][\"unassigned.for\"] != null) return true"))]
    CatShards,
    #[strum(message = "List snapshots", props(path = "/_cat/snapshots", params = "required", example = "repositoryName", condition = "ctx.results[0].SNAPSHOT_ID.status == \"FAILED\""))]
    CatSnapshots,
    #[strum(message = "List tasks", props(path = "/_cat/tasks", condition = "ctx.results[0].tasks.length > 0"))]
    CatTasks,
}

/// The Dashboards' starting condition before a request type is chosen.
pub const DEFAULT_CLUSTER_METRICS_SCRIPT: &str = "ctx.results[0] != null";

impl ApiType {
    pub const ALL: [ApiType; 10] = variant_array(ApiType::VARIANTS);

    /// `api_type` on the wire.
    pub fn api_name(self) -> &'static str {
        self.into()
    }

    pub fn from_api_name(name: &str) -> Option<ApiType> {
        name.parse().ok()
    }

    pub fn label(self) -> &'static str {
        self.get_message().unwrap_or_default()
    }

    /// The cluster's path of the API (`/_cluster/health`).
    pub fn path(self) -> &'static str {
        self.get_str("path").unwrap_or_default()
    }

    pub fn takes_params(self) -> bool {
        self.get_str("params").is_some()
    }

    pub fn requires_params(self) -> bool {
        self.get_str("params") == Some("required")
    }

    /// The placeholder of "Path parameters".
    pub fn example(self) -> &'static str {
        self.get_str("example").unwrap_or_default()
    }

    /// The condition a new trigger of this request type starts from.
    pub fn default_condition(self) -> &'static str {
        self.get_str("condition").unwrap_or(DEFAULT_CLUSTER_METRICS_SCRIPT)
    }

    /// The request type whose path a cluster-written `path` or `url` names.
    pub fn from_path(path: &str) -> Option<ApiType> {
        let path = format!("/{}", path.trim_matches('/'));
        ApiType::ALL.into_iter().find(|t| path == t.path())
    }
}

/// "Request type" and "Path parameters".
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
pub struct ClusterMetricsDraft {
    /// `None` until one is chosen ("Select an API.").
    #[serde(default)]
    pub api_type: Option<ApiType>,
    /// Comma-separated index, alias, node or repository names, as typed.
    #[serde(default)]
    pub path_params: String,
}

impl ClusterMetricsDraft {
    /// The path parameters as the cluster reads them: no surrounding `/` or spaces.
    pub fn trimmed_params(&self) -> String {
        self.path_params.trim().trim_matches('/').to_owned()
    }

    /// The trigger conditions that are still a default, and so follow the request type.
    pub fn is_default_condition(script: &str) -> bool {
        script == DEFAULT_CLUSTER_METRICS_SCRIPT
            || script == super::draft::DEFAULT_TRIGGER_SCRIPT
            || ApiType::ALL.iter().any(|t| t.default_condition() == script)
    }
}

/// The characters "Path parameters" may not contain (`ILLEGAL_PATH_PARAMETER_CHARACTERS`).
pub const ILLEGAL_PATH_PARAMETER_CHARACTERS: [char; 10] = [':', '"', '+', '\\', '|', '?', '#', '>', '<', ' '];

/// `PATH_PARAMETER_ILLEGAL_CHARACTER_TEXT`.
pub fn illegal_params_message() -> String {
    let list: Vec<String> = ILLEGAL_PATH_PARAMETER_CHARACTERS.iter().map(char::to_string).collect();
    format!("The provided path parameters contain invalid characters or spaces. Please omit: {}", list.join(" "))
}
