//! Monitors on the cluster (`/api/v1/monitors…`): the list, one monitor, its history.

use serde::{Deserialize, Serialize};
use strum::{IntoStaticStr, VariantArray};

/// A row of the monitors list (`GET /api/v1/monitors`): the monitor as the cluster has it,
/// its alert counts, and the draft it is linked to, if any.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
pub struct MonitorSummary {
    pub id: String,
    pub name: String,
    pub enabled: bool,
    /// `monitor_type` as the cluster spells it (`query_level_monitor`…).
    pub monitor_type: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_updated: Option<String>,
    /// "Latest alert": the trigger name of the most recent alert.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub latest_alert: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_notification_time: Option<String>,
    pub active: u64,
    pub acknowledged: u64,
    pub errors: u64,
    /// COMPLETED alerts that were never acknowledged.
    pub ignored: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub draft_id: Option<String>,
}

/// `GET /api/v1/monitors` answer.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
pub struct MonitorList {
    pub monitors: Vec<MonitorSummary>,
    pub total: u64,
}

/// What the monitors list can be sorted by (`sort=`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
#[derive(IntoStaticStr, VariantArray)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum MonitorSort {
    #[default]
    Name,
    State,
    Type,
    LastUpdated,
    LatestAlert,
    LastNotification,
    Active,
    Acknowledged,
    Errors,
    Ignored,
}

impl MonitorSort {
    pub const ALL: &[MonitorSort] = MonitorSort::VARIANTS;

    pub fn as_str(self) -> &'static str {
        self.into()
    }

    /// Whether sorting needs the alert counts (then every matching monitor is read).
    pub fn needs_alerts(self) -> bool {
        !matches!(self, MonitorSort::Name | MonitorSort::State | MonitorSort::Type | MonitorSort::LastUpdated)
    }
}

/// A bulk action of the monitors list.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum BulkAction {
    Enable,
    Disable,
    Delete,
    /// Acknowledges every active alert of the monitors.
    Acknowledge,
}

/// `POST /api/v1/monitors/bulk` body.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct BulkMonitorRequest {
    pub action: BulkAction,
    pub ids: Vec<String>,
}

/// The outcome for one monitor of a bulk action.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
pub struct BulkOutcome {
    pub id: String,
    pub ok: bool,
    /// What happened, in words ("Disabled.", "Acknowledged 2 alerts.", or why it failed).
    pub message: String,
}

/// `POST /api/v1/monitors/bulk` answer: one outcome per requested id, in order.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
pub struct BulkResult {
    pub outcomes: Vec<BulkOutcome>,
}

/// A row of the monitor page's triggers table.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
pub struct TriggerSummary {
    pub id: String,
    pub name: String,
    pub severity: String,
    pub actions: usize,
    /// The condition script (or, for document-level triggers, the query expression).
    #[serde(default)]
    pub condition: String,
}

/// A composite monitor this monitor is a delegate of.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
pub struct WorkflowRef {
    pub id: String,
    pub name: String,
}

/// The most monitors one page of `GET /api/v1/monitors` lists (the Dashboards offer
/// 5/10/20/50).
pub const MAX_MONITOR_PAGE: u64 = 100;

/// `GET /api/v1/monitors/{id}`: the monitor page's header and overview.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
pub struct MonitorDetail {
    pub id: String,
    pub name: String,
    pub enabled: bool,
    pub monitor_type: String,
    /// "Monitor defining method" in words.
    pub defining_method: String,
    pub indices: Vec<String>,
    /// The schedule in words ("Every 1 minute").
    pub schedule: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_updated: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enabled_time: Option<String>,
    /// The cluster's document version ("Monitor version number").
    pub version: i64,
    pub seq_no: i64,
    pub primary_term: i64,
    pub triggers: Vec<TriggerSummary>,
    pub active_alerts: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub draft_id: Option<String>,
    /// Composite monitors that use this one: the cluster refuses to delete it while any do.
    #[serde(default)]
    pub workflows: Vec<WorkflowRef>,
    /// A composite monitor's delegates, in the order they run.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub delegates: Vec<DelegateState>,
}

/// A row of a composite monitor's "Delegate monitors" table.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
pub struct DelegateState {
    pub id: String,
    /// Empty when the monitor no longer exists.
    pub name: String,
    pub monitor_type: String,
    pub enabled: bool,
    /// Whether the monitor still exists on the cluster.
    pub found: bool,
    /// The monitor's own active alerts (outside composite runs).
    pub active_alerts: u64,
    /// When it last triggered in a run of this composite monitor.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_triggered: Option<String>,
    /// The number of times it triggered in runs of this composite monitor.
    pub triggered_runs: u64,
}

/// `POST /api/v1/monitors/{id}/enable` and `…/disable` answer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
pub struct MonitorEnabled {
    pub id: String,
    pub enabled: bool,
}

/// What a stretch of a trigger's timeline shows, with the Dashboards' colours.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum TimelineState {
    /// Green.
    #[default]
    NoAlerts,
    /// Red: an alert was ACTIVE (or, for a completed alert, before it was acknowledged).
    Triggered,
    /// Pink.
    Acknowledged,
    /// Grey.
    Error,
}


/// A stretch `[start_ms, end_ms)` of one state. History times are epoch milliseconds
/// (UTC) because they are drawn, not read; the labels people read come in [`TimeTick`].
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
pub struct TimelineSegment {
    pub start_ms: i64,
    pub end_ms: i64,
    pub state: TimelineState,
}

/// One row of the history: a trigger and its segments, covering the whole range.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
pub struct TriggerTimeline {
    pub trigger_id: String,
    pub trigger_name: String,
    /// Bucket-aligned (the range's resolution), for drawing.
    pub segments: Vec<TimelineSegment>,
    /// Exact time in the range spent triggered, acknowledged and in error, from the alerts'
    /// own times (overlapping alerts of one trigger count once each).
    #[serde(default)]
    pub triggered_ms: i64,
    #[serde(default)]
    pub acknowledged_ms: i64,
    #[serde(default)]
    pub error_ms: i64,
    /// When the latest alert in the range started.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_alert_ms: Option<i64>,
}

/// One bar of the alerts-over-time histogram: alerts open at some point of the bucket.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
pub struct HistogramBucket {
    pub start_ms: i64,
    pub count: u64,
}

/// An axis label.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
pub struct TimeTick {
    pub at_ms: i64,
    pub label: String,
}

/// `GET /api/v1/monitors/{id}/history?days=`: the timelines and the histogram.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
pub struct MonitorHistory {
    pub from_ms: i64,
    pub to_ms: i64,
    /// The bucket width: the resolution of the timelines.
    pub interval_ms: i64,
    pub rows: Vec<TriggerTimeline>,
    pub histogram: Vec<HistogramBucket>,
    pub ticks: Vec<TimeTick>,
}


/// `GET /api/v1/monitors` query.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct MonitorListQuery {
    #[serde(default)]
    pub search: String,
    /// `all` (default), `enabled` or `disabled`.
    pub state: Option<String>,
    pub sort: Option<MonitorSort>,
    /// `asc` or `desc`; the Dashboards' default is name descending.
    pub order: Option<String>,
    pub limit: Option<u64>,
    pub offset: Option<u64>,
}

/// `GET /api/v1/monitors/{id}/history` query.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct HistoryQuery {
    /// How many days back, 1 to 30.
    pub days: Option<u32>,
    /// Instead of `days`: how many hours back, 1 to 720 (zoomed in).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hours: Option<u32>,
    /// The end of the range, ms since the epoch (panned into the past); default now. At most
    /// 30 days back.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_ms: Option<i64>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sort_names_are_the_serde_names() {
        for s in MonitorSort::ALL {
            assert_eq!(serde_json::to_value(s).unwrap(), s.as_str());
        }
        assert_eq!(MonitorSort::LastNotification.as_str(), "last_notification");
    }
}
