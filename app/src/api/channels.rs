//! Notification channels (`/api/v1/channels…`).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use strum::{EnumString, IntoStaticStr, VariantArray};

/// The channel types Monitor Studio can create and edit: the ones configured by a URL. Email
/// and SNS channels are listed (alerting can use them) but are managed in the Dashboards.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
#[derive(IntoStaticStr, EnumString, VariantArray)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum ChannelType {
    #[default]
    Webhook,
    Slack,
    Chime,
    MicrosoftTeams,
}

impl ChannelType {
    pub const ALL: &[ChannelType] = ChannelType::VARIANTS;

    /// The notifications plugin's `config_type`.
    pub fn as_str(self) -> &'static str {
        self.into()
    }

    pub fn parse(s: &str) -> Option<ChannelType> {
        s.parse().ok()
    }
}

/// The HTTP methods the notifications plugin allows for custom webhooks.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
#[derive(IntoStaticStr, VariantArray)]
#[serde(rename_all = "UPPERCASE")]
#[strum(serialize_all = "UPPERCASE")]
pub enum WebhookMethod {
    #[default]
    Post,
    Put,
    Patch,
}

impl WebhookMethod {
    pub const ALL: &[WebhookMethod] = WebhookMethod::VARIANTS;

    pub fn as_str(self) -> &'static str {
        self.into()
    }
}

/// A notification channel (`GET /api/v1/channels…`), flattened from the plugin's config.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
pub struct Channel {
    /// The `config_id`: what an action's `destination_id` names.
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub description: String,
    /// The plugin's `config_type` (`webhook`, `slack`, `chime`, `microsoft_teams`, `email`, `sns`).
    #[serde(rename = "type")]
    pub config_type: String,
    pub enabled: bool,
    /// For webhook, Slack, Chime and Teams channels.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Custom webhooks only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub method: Option<String>,
    /// Custom webhooks only: headers sent with every message.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub header_params: BTreeMap<String, String>,
    /// RFC 3339 (UTC).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_updated: Option<String>,
}

/// `GET /api/v1/channels` answer, sorted by name.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
pub struct ChannelList {
    pub channels: Vec<Channel>,
    pub total: u64,
}

/// `POST /api/v1/channels` and `PUT /api/v1/channels/{id}` body.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ChannelInput {
    /// Create only, optional: the cluster generates one when absent. Letters, digits, `-`, `_`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    pub name: String,
    #[serde(default)]
    pub description: String,
    pub config_type: ChannelType,
    #[serde(default = "enabled_by_default")]
    pub enabled: bool,
    /// http or https.
    pub url: String,
    /// Custom webhooks only.
    #[serde(default)]
    pub method: WebhookMethod,
    /// Custom webhooks only.
    #[serde(default)]
    pub header_params: BTreeMap<String, String>,
}

fn enabled_by_default() -> bool {
    true
}

/// `POST /api/v1/channels/{id}/test` answer: the receiver accepted the test message.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
pub struct ChannelTestResult {
    pub id: String,
    /// The receiver's HTTP status, as the cluster reports it (`"200"`).
    pub status_code: String,
    /// The receiver's answer body, as the cluster reports it.
    #[serde(default)]
    pub status_text: String,
}


#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_the_serde_names() {
        for t in ChannelType::ALL {
            assert_eq!(serde_json::to_value(t).unwrap(), t.as_str());
            assert_eq!(ChannelType::parse(t.as_str()), Some(*t));
        }
        for m in WebhookMethod::ALL {
            assert_eq!(serde_json::to_value(m).unwrap(), m.as_str());
        }
        assert_eq!(ChannelType::MicrosoftTeams.as_str(), "microsoft_teams");
    }
}
