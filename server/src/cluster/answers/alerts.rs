//! Alerts, as `GET …/monitors/alerts` lists them and as the alert indices store them (the
//! `_source` of a search hit), and the acknowledge answer.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::Value;

use super::{EpochMillis, lenient_text};

/// `GET …/monitors/alerts`.
#[derive(Debug, Deserialize)]
pub struct AlertsAnswer {
    #[serde(default)]
    pub alerts: Vec<AlertDoc>,
    #[serde(rename = "totalAlerts")]
    pub total_alerts: u64,
}

/// One alert. `id` is inside when listed by the alerts API; a search hit has it as `_id`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct AlertDoc {
    pub id: Option<String>,
    #[serde(deserialize_with = "lenient_text")]
    pub monitor_id: String,
    #[serde(deserialize_with = "lenient_text")]
    pub monitor_name: String,
    #[serde(deserialize_with = "lenient_text")]
    pub trigger_id: String,
    #[serde(deserialize_with = "lenient_text")]
    pub trigger_name: String,
    #[serde(deserialize_with = "lenient_text")]
    pub severity: String,
    #[serde(deserialize_with = "lenient_text")]
    pub state: String,
    pub error_message: Option<String>,
    pub start_time: Option<EpochMillis>,
    pub end_time: Option<EpochMillis>,
    pub acknowledged_time: Option<EpochMillis>,
    pub last_notification_time: Option<EpochMillis>,
    pub agg_alert_content: Option<AggAlertContent>,
}

/// A bucket-level alert's bucket.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct AggAlertContent {
    #[serde(default)]
    pub bucket: Option<AlertBucket>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct AlertBucket {
    /// The group-by values, any JSON scalar (`{"host": "web-1", "port": 443}`).
    #[serde(default)]
    pub key: BTreeMap<String, Value>,
}

/// `POST …/_acknowledge/alerts`: `{"success":[ids],"failed":[{"<id>":{"failed_reason":…}}]}`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct AcknowledgeAnswer {
    pub success: Vec<String>,
    pub failed: Vec<BTreeMap<String, FailedAlert>>,
}

#[derive(Debug, Default, Deserialize)]
pub struct FailedAlert {
    #[serde(default)]
    pub failed_reason: Option<String>,
}

/// `_source: {"includes": ["monitor_id", "workflow_id"]}` of an alert search.
#[derive(Debug, Default, Deserialize)]
pub struct MonitorIdOnly {
    #[serde(default)]
    pub monitor_id: Option<String>,
    #[serde(default)]
    pub workflow_id: Option<String>,
}

impl MonitorIdOnly {
    /// The monitor the alert belongs to: a composite monitor's own alert has no
    /// `monitor_id`, only its `workflow_id`.
    pub fn owner(self) -> Option<String> {
        self.monitor_id.filter(|id| !id.is_empty()).or(self.workflow_id.filter(|id| !id.is_empty()))
    }
}
