//! The notifications plugin's configs (`config_list` items) and its test-message answers.

use std::collections::BTreeMap;

use serde::Deserialize;

/// `GET _plugins/_notifications/configs[/{id}]`.
#[derive(Debug, Deserialize)]
pub struct ConfigList {
    pub config_list: Vec<ConfigItem>,
    #[serde(default)]
    pub total_hits: Option<u64>,
}

#[derive(Debug, Deserialize)]
pub struct ConfigItem {
    pub config_id: String,
    #[serde(default)]
    pub last_updated_time_ms: Option<i64>,
    pub config: ChannelConfig,
}

/// The shared fields, plus one object named after the type that holds its details.
#[derive(Debug, Deserialize)]
pub struct ChannelConfig {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub config_type: String,
    #[serde(default = "enabled")]
    pub is_enabled: bool,
    #[serde(default)]
    pub slack: Option<ChannelDetail>,
    #[serde(default)]
    pub chime: Option<ChannelDetail>,
    #[serde(default)]
    pub microsoft_teams: Option<ChannelDetail>,
    #[serde(default)]
    pub webhook: Option<ChannelDetail>,
}

fn enabled() -> bool {
    true
}

impl ChannelConfig {
    /// The details of this config's own type (URL-based types only; email and SNS have none).
    pub fn detail(&self) -> Option<&ChannelDetail> {
        match self.config_type.as_str() {
            "slack" => self.slack.as_ref(),
            "chime" => self.chime.as_ref(),
            "microsoft_teams" => self.microsoft_teams.as_ref(),
            "webhook" => self.webhook.as_ref(),
            _ => None,
        }
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ChannelDetail {
    pub url: Option<String>,
    pub method: Option<String>,
    pub header_params: BTreeMap<String, String>,
}

/// `POST _plugins/_notifications/configs`.
#[derive(Debug, Deserialize)]
pub struct CreatedConfig {
    pub config_id: String,
}

/// `POST _plugins/_notifications/feature/test/{id}` when delivered.
#[derive(Debug, Deserialize)]
pub struct TestAnswer {
    pub status_list: Vec<EventStatus>,
}

/// One delivery; also what a failed test's error reason holds (`event_status_list`).
#[derive(Debug, Deserialize)]
pub struct EventStatus {
    #[serde(default)]
    pub config_type: Option<String>,
    pub delivery_status: DeliveryStatus,
}

#[derive(Debug, Deserialize)]
pub struct DeliveryStatus {
    #[serde(default)]
    pub status_code: String,
    #[serde(default)]
    pub status_text: String,
}

/// The JSON inside a failed test message's error reason.
#[derive(Debug, Deserialize)]
pub struct FailedDelivery {
    pub event_status_list: Vec<EventStatus>,
}
