//! The JSON shapes of `/api/v1`, shared by the server (which produces them) and the UI
//! (which consumes them), so the two can never drift apart.
//!
//! Timestamps are RFC 3339 strings in UTC: the browser bundle stays free of a date crate.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::model::{MonitorDraft, MonitorType};

/// Every error answer of the API: a sentence for people and, where the input was at fault,
/// one message per field path (`triggers[0].name`), which the UI shows next to the field.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
pub struct ErrorBody {
    pub message: String,
    #[serde(default)]
    pub errors: BTreeMap<String, String>,
}

/// How a draft relates to the monitor it was published as.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum PublishState {
    #[default]
    NeverPublished,
    Published,
    ChangedSincePublish,
    ChangedOnCluster,
}

impl PublishState {
    pub fn label(self) -> &'static str {
        match self {
            PublishState::NeverPublished => "Never published",
            PublishState::Published => "Published",
            PublishState::ChangedSincePublish => "Changed since publish",
            PublishState::ChangedOnCluster => "Changed on the cluster",
        }
    }
}

/// A row of the drafts list.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
pub struct DraftSummary {
    pub id: String,
    pub name: String,
    pub monitor_type: MonitorType,
    pub indices: Vec<String>,
    pub version: i64,
    pub updated_at: String,
    pub state: PublishState,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub monitor_id: Option<String>,
}

/// What is known about the cluster monitor a draft was published as.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
pub struct PublishedLink {
    pub monitor_id: String,
    pub seq_no: i64,
    pub primary_term: i64,
    pub published_at: String,
    /// The draft version that was published.
    pub draft_version: i64,
}

/// One draft, whole.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
pub struct Draft {
    pub id: String,
    /// Increases by one on every save; a save must name the version it started from.
    pub version: i64,
    pub created_at: String,
    pub updated_at: String,
    pub document: MonitorDraft,
    pub state: PublishState,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<PublishedLink>,
}

/// `GET /api/v1/drafts` answer.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
pub struct DraftList {
    pub drafts: Vec<DraftSummary>,
    pub total: i64,
}

/// `POST /api/v1/drafts` body. Without a document the draft starts from the defaults;
/// with `template` it starts from a gallery template.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateDraft {
    #[serde(default)]
    pub document: Option<MonitorDraft>,
    #[serde(default)]
    pub template: Option<String>,
}

/// `PUT /api/v1/drafts/{id}` body: optimistic concurrency by `version`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct SaveDraft {
    /// The version the editor started from. A stale one is refused with 409.
    pub version: i64,
    pub document: MonitorDraft,
}

/// `POST /api/v1/drafts/{id}/rename` body.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct RenameDraft {
    pub version: i64,
    pub name: String,
}

/// The 409 answer to a stale save: the draft as it is now, so the UI can offer
/// reload / overwrite / save as copy.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
pub struct Conflict {
    pub message: String,
    #[serde(default)]
    pub errors: BTreeMap<String, String>,
    pub current: Draft,
}

/// A row of a draft's history.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
pub struct RevisionSummary {
    pub version: i64,
    pub saved_at: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
pub struct Revision {
    pub version: i64,
    pub saved_at: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    pub document: MonitorDraft,
}

/// `POST /api/v1/drafts/{id}/restore` body.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct RestoreRevision {
    pub version: i64,
    pub revision: i64,
}

/// `POST /api/v1/drafts/import` body: any monitor JSON (a Dashboards export, a GET of a
/// monitor, a search hit).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ImportDraft {
    pub monitor: Value,
}

/// `GET /api/v1/drafts/{id}/export` answer: the re-postable monitor body.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
pub struct ExportedMonitor {
    pub monitor: Value,
}

/// A starter monitor of the templates gallery.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
pub struct TemplateInfo {
    pub id: String,
    pub title: String,
    pub description: String,
    pub category: String,
}

/// `POST /api/v1/schedule/preview` answer.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
pub struct SchedulePreview {
    pub description: String,
    /// The next five run times, RFC 3339 in the schedule's timezone.
    pub next_runs: Vec<String>,
}

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

/// `POST /api/v1/preview` body: run the (unsaved) document on the cluster as a dry run.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct PreviewRequest {
    pub document: MonitorDraft,
}

/// What one trigger did in a dry run.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
pub struct TriggerPreview {
    pub name: String,
    pub triggered: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// The messages as the cluster rendered them, per action (in the draft's order).
    #[serde(default)]
    pub actions: Vec<ActionPreview>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
pub struct ActionPreview {
    pub name: String,
    #[serde(default)]
    pub subject: String,
    #[serde(default)]
    pub message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// `POST /api/v1/preview` answer.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
pub struct PreviewResult {
    /// The search's own duration (`took`), in ms: "Monitor duration".
    pub took_ms: Option<u64>,
    /// The whole `_execute` round trip, in ms: "Request duration".
    pub request_ms: u64,
    /// `hits.total.value` of the query, when it has one.
    pub hits: Option<u64>,
    /// `input_results.results[0]`: the query response, as the cluster sent it.
    pub response: Value,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    pub triggers: Vec<TriggerPreview>,
    /// `periodStart`/`periodEnd` of the dry run (RFC 3339).
    #[serde(default)]
    pub period_start: String,
    #[serde(default)]
    pub period_end: String,
}

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

/// The channel types Monitor Studio can create and edit: the ones configured by a URL. Email
/// and SNS channels are listed (alerting can use them) but are managed in the Dashboards.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum ChannelType {
    #[default]
    Webhook,
    Slack,
    Chime,
    MicrosoftTeams,
}

impl ChannelType {
    pub const ALL: [ChannelType; 4] = [ChannelType::Webhook, ChannelType::Slack, ChannelType::Chime, ChannelType::MicrosoftTeams];

    /// The notifications plugin's `config_type`.
    pub fn as_str(self) -> &'static str {
        match self {
            ChannelType::Webhook => "webhook",
            ChannelType::Slack => "slack",
            ChannelType::Chime => "chime",
            ChannelType::MicrosoftTeams => "microsoft_teams",
        }
    }

    pub fn parse(s: &str) -> Option<ChannelType> {
        ChannelType::ALL.into_iter().find(|t| t.as_str() == s)
    }

    /// The label of the URL control for this type.
    pub fn url_label(self) -> &'static str {
        match self {
            ChannelType::Webhook => "Webhook URL",
            ChannelType::Slack => "Slack webhook URL",
            ChannelType::Chime => "Chime webhook URL",
            ChannelType::MicrosoftTeams => "Microsoft Teams webhook URL",
        }
    }
}

/// Any `config_type` in words, including the ones Monitor Studio only lists.
pub fn channel_type_label(config_type: &str) -> &str {
    match config_type {
        "webhook" => "Custom webhook",
        "slack" => "Slack",
        "chime" => "Amazon Chime",
        "microsoft_teams" => "Microsoft Teams",
        "email" => "Email",
        "sns" => "Amazon SNS",
        other => other,
    }
}

/// The HTTP methods the notifications plugin allows for custom webhooks.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
#[serde(rename_all = "UPPERCASE")]
pub enum WebhookMethod {
    #[default]
    Post,
    Put,
    Patch,
}

impl WebhookMethod {
    pub const ALL: [WebhookMethod; 3] = [WebhookMethod::Post, WebhookMethod::Put, WebhookMethod::Patch];

    pub fn as_str(self) -> &'static str {
        match self {
            WebhookMethod::Post => "POST",
            WebhookMethod::Put => "PUT",
            WebhookMethod::Patch => "PATCH",
        }
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

/// `POST /api/v1/preview/chart` body: the visual query over 5× its window, bucketed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ChartRequest {
    pub document: MonitorDraft,
    /// The browser's IANA timezone, for the buckets' boundaries.
    #[serde(default)]
    pub time_zone: Option<String>,
}

/// One bucket of the preview chart.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
pub struct ChartPoint {
    pub key_ms: i64,
    /// The metric's value (or the document count); `None` where the bucket has no value.
    pub value: Option<f64>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
pub struct ChartResult {
    /// "COUNT OF documents" or "AVG OF bytes".
    pub title: String,
    /// "FOR THE LAST 5 minute(s)".
    pub subtitle: String,
    pub points: Vec<ChartPoint>,
}

/// `POST /api/v1/preview/test-message` body: send one action's message for real.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct TestMessageRequest {
    pub document: MonitorDraft,
    pub trigger_index: usize,
    pub action_index: usize,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
pub struct TestMessageResult {
    pub message: String,
    pub subject: String,
    pub body: String,
}

// ---- After publish: monitors, their history and alerts (`/api/v1/monitors…`, `/api/v1/alerts…`).

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
#[serde(rename_all = "snake_case")]
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
    pub const ALL: [MonitorSort; 10] = [
        MonitorSort::Name,
        MonitorSort::State,
        MonitorSort::Type,
        MonitorSort::LastUpdated,
        MonitorSort::LatestAlert,
        MonitorSort::LastNotification,
        MonitorSort::Active,
        MonitorSort::Acknowledged,
        MonitorSort::Errors,
        MonitorSort::Ignored,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            MonitorSort::Name => "name",
            MonitorSort::State => "state",
            MonitorSort::Type => "type",
            MonitorSort::LastUpdated => "last_updated",
            MonitorSort::LatestAlert => "latest_alert",
            MonitorSort::LastNotification => "last_notification",
            MonitorSort::Active => "active",
            MonitorSort::Acknowledged => "acknowledged",
            MonitorSort::Errors => "errors",
            MonitorSort::Ignored => "ignored",
        }
    }

    /// The column header, in the Dashboards' words.
    pub fn label(self) -> &'static str {
        match self {
            MonitorSort::Name => "Monitor name",
            MonitorSort::State => "State",
            MonitorSort::Type => "Type",
            MonitorSort::LastUpdated => "Last updated",
            MonitorSort::LatestAlert => "Latest alert",
            MonitorSort::LastNotification => "Last notification time",
            MonitorSort::Active => "Active",
            MonitorSort::Acknowledged => "Acknowledged",
            MonitorSort::Errors => "Errors",
            MonitorSort::Ignored => "Ignored",
        }
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

impl TimelineState {
    pub fn label(self) -> &'static str {
        match self {
            TimelineState::NoAlerts => "No alerts",
            TimelineState::Triggered => "Triggered",
            TimelineState::Acknowledged => "Acknowledged",
            TimelineState::Error => "Error",
        }
    }
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
    pub segments: Vec<TimelineSegment>,
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
