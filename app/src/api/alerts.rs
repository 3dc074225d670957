//! Alerts (`/api/v1/monitors/{id}/alerts…`, `/api/v1/alerts…`): tables, groups, acknowledge.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// One alert, as the alerts tables show it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
pub struct AlertRow {
    pub id: String,
    pub monitor_id: String,
    pub monitor_name: String,
    pub trigger_id: String,
    pub trigger_name: String,
    pub severity: String,
    /// ACTIVE, ACKNOWLEDGED, COMPLETED, ERROR or DELETED.
    pub state: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_message: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_time: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_time: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub acknowledged_time: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_notification_time: Option<String>,
    /// Bucket-level alerts: the group-by values (`agg_alert_content.bucket.key`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub bucket_keys: BTreeMap<String, String>,
}

/// `GET /api/v1/monitors/{id}/alerts` and `GET /api/v1/alerts/list` answer.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
pub struct AlertList {
    pub alerts: Vec<AlertRow>,
    pub total: u64,
}

/// `POST /api/v1/monitors/{id}/acknowledge` body.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct AcknowledgeRequest {
    pub alerts: Vec<String>,
}

/// An alert the cluster did not acknowledge, and its reason.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
pub struct AcknowledgeFailure {
    pub id: String,
    pub reason: String,
}

/// The acknowledge answers.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
pub struct AcknowledgeResult {
    pub acknowledged: Vec<String>,
    #[serde(default)]
    pub failed: Vec<AcknowledgeFailure>,
}

/// A row of the alerts dashboard: the alerts of one trigger of one monitor.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
pub struct AlertGroup {
    pub monitor_id: String,
    pub monitor_name: String,
    pub trigger_id: String,
    pub trigger_name: String,
    pub severity: String,
    pub total: u64,
    pub active: u64,
    pub acknowledged: u64,
    pub errors: u64,
    /// "Trigger start time": the first alert's start.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_time: Option<String>,
    /// "Trigger last updated": the latest notification, end or acknowledgement.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_updated: Option<String>,
}

/// `GET /api/v1/alerts` answer.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
pub struct AlertGroupList {
    pub groups: Vec<AlertGroup>,
    pub total: u64,
}

/// A trigger of a monitor: what the alerts dashboard selects.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct TriggerRef {
    pub monitor_id: String,
    pub trigger_id: String,
}

/// `POST /api/v1/alerts/acknowledge` body: every active alert of these triggers.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct AcknowledgeGroupsRequest {
    pub groups: Vec<TriggerRef>,
}

/// The query of the alerts tables and the alerts dashboard.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct AlertQuery {
    /// `ALL` (default) or 1–5.
    pub severity: Option<String>,
    /// `ALL` (default), ACTIVE, ACKNOWLEDGED, COMPLETED, ERROR or DELETED.
    pub state: Option<String>,
    #[serde(default)]
    pub search: String,
    pub sort: Option<String>,
    /// `asc` or `desc` (default).
    pub order: Option<String>,
    pub limit: Option<u64>,
    pub offset: Option<u64>,
    /// The alerts-dashboard flyout: the alerts of one trigger of one monitor.
    pub monitor_id: Option<String>,
    pub trigger_id: Option<String>,
}
