//! Embedding (`/embed/…` pages, `/api/v1/embed-apps`): the applications an administrator
//! registers, the claims of the signed embed links their backends make, and what an
//! embedded page knows about the link it was opened with.

use serde::{Deserialize, Serialize};

use crate::model::{Frequency, IntervalUnit, MonitorDraft};
use strum::{EnumString, IntoStaticStr};

/// How an application signs its embed links.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, IntoStaticStr, EnumString)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
pub enum EmbedAlgorithm {
    /// HMAC-SHA256 with a secret Monitor Studio generates and shows once.
    #[default]
    HS256,
    /// Ed25519 with the application's own key pair; Monitor Studio keeps the public key.
    EdDSA,
}

/// A registered embedding application.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
pub struct EmbedApp {
    /// The `iss` of its tokens.
    pub id: String,
    pub name: String,
    /// The only origins that may frame the embed pages for it (`https://catalog.example.com`).
    pub origins: Vec<String>,
    /// The teams its links may act in (ids).
    pub teams: Vec<String>,
    /// The most its links may grant besides reading.
    pub grants: Vec<EmbedGrant>,
    pub algorithm: EmbedAlgorithm,
    pub created_by: String,
    pub created_at: String,
}

/// `POST /api/v1/embed-apps` body.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct NewEmbedApp {
    pub name: String,
    pub origins: Vec<String>,
    /// The teams its links may act in (ids); a link naming another is refused.
    pub teams: Vec<String>,
    /// The most its links may grant besides reading.
    #[serde(default)]
    pub grants: Vec<EmbedGrant>,
    #[serde(default)]
    pub algorithm: EmbedAlgorithm,
    /// For EdDSA: the application's Ed25519 public key, PEM (`-----BEGIN PUBLIC KEY-----`).
    #[serde(default)]
    pub public_key: Option<String>,
}

/// `POST /api/v1/embed-apps` answer: for HS256 the signing secret, shown only now.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
pub struct CreatedEmbedApp {
    pub app: EmbedApp,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret: Option<String>,
}

/// What a link opens.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, IntoStaticStr, EnumString)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
#[strum(serialize_all = "kebab-case")]
pub enum EmbedPage {
    /// `/embed/monitors/{monitor_id}`: one monitor's status card.
    #[default]
    Monitor,
    /// `/embed/monitors`: the team's monitors, filtered by `params`.
    Monitors,
    /// `/embed/create-monitor`: the authoring form, pre-filled from `params`.
    CreateMonitor,
    /// `/embed/alerts`: the team's alerts.
    Alerts,
}

/// What a link may do besides reading its page.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, IntoStaticStr, EnumString)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum EmbedGrant {
    /// Read the page's data (every link has it).
    Read,
    /// Create and save drafts, run previews.
    Author,
    /// Publish them to the cluster.
    Publish,
    /// Acknowledge alerts.
    Acknowledge,
}

impl EmbedGrant {
    /// Whether a link granting `grants` may do this: reading always.
    pub fn is_in(self, grants: &[EmbedGrant]) -> bool {
        self == EmbedGrant::Read || grants.contains(&self)
    }
}

/// The parameters a link fills in (and may lock). All optional.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct EmbedParams {
    /// A gallery template id (`failed-logins`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub template: Option<String>,
    /// The monitor's name, or (monitors page) a name filter.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The index pattern the monitor reads, or (monitors page) an index filter.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub index: Option<String>,
    /// The notification channel id of every action.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel: Option<String>,
    /// Run every this many minutes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interval_minutes: Option<u32>,
    /// Monitors page: only monitors whose name contains this tag.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tag: Option<String>,
}

impl EmbedParams {
    /// The draft these parameters describe: their template (or a blank monitor) with their
    /// name, index, schedule and channel filled in. `None` for an unknown template.
    pub fn draft(&self) -> Option<MonitorDraft> {
        let mut document = match &self.template {
            Some(id) => crate::model::templates::build(id)?,
            None => MonitorDraft::default(),
        };
        if let Some(name) = &self.name {
            document.name = name.clone();
        }
        if let Some(index) = &self.index {
            document.indices = vec![index.clone()];
        }
        if let Some(minutes) = self.interval_minutes {
            document.schedule = Frequency::Interval { interval: minutes, unit: IntervalUnit::Minutes };
        }
        if let Some(channel) = &self.channel {
            for action in document.triggers.iter_mut().flat_map(|t| t.actions.iter_mut()) {
                action.destination_id = channel.clone();
            }
        }
        Some(document)
    }
}

/// The parameters that can be locked, by their claim names.
pub const LOCKABLE: &[&str] = &["template", "name", "index", "channel", "interval_minutes"];

/// The claims of an embed link's token (a JWT signed by the application's backend).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
pub struct EmbedClaims {
    /// The application's id.
    pub iss: String,
    /// Who the host says is looking (shown in the audit log), optional.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sub: Option<String>,
    /// Expiry, seconds since the epoch: at most an hour after `iat` and after now.
    pub exp: i64,
    #[serde(default)]
    pub iat: Option<i64>,
    /// The team the page acts in.
    pub team: String,
    pub page: EmbedPage,
    /// The monitor of a status card.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub monitor_id: Option<String>,
    #[serde(default)]
    pub params: EmbedParams,
    /// Parameters the person cannot change (names of [`LOCKABLE`]).
    #[serde(default)]
    pub locked: Vec<String>,
    /// What the page may do besides reading.
    #[serde(default)]
    pub grants: Vec<EmbedGrant>,
}

/// What an embedded page knows about the link it was opened with (part of [`super::Me`]).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
pub struct EmbedView {
    pub app: String,
    /// The origins that may frame the page: where its events go.
    pub origins: Vec<String>,
    pub page: EmbedPage,
    #[serde(default)]
    pub monitor_id: Option<String>,
    pub params: EmbedParams,
    pub locked: Vec<String>,
    pub grants: Vec<EmbedGrant>,
    /// The link's token, which the page's own API calls send as `Authorization: Bearer`.
    pub token: String,
}

impl EmbedView {
    pub fn locks(&self, param: &str) -> bool {
        self.locked.iter().any(|l| l == param)
    }

    pub fn grants(&self, grant: EmbedGrant) -> bool {
        grant.is_in(&self.grants)
    }
}
