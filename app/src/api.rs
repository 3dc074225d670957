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
pub struct ErrorBody {
    pub message: String,
    #[serde(default)]
    pub errors: BTreeMap<String, String>,
}

/// How a draft relates to the monitor it was published as.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
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
pub struct DraftList {
    pub drafts: Vec<DraftSummary>,
    pub total: i64,
}

/// `POST /api/v1/drafts` body. Without a document the draft starts from the defaults;
/// with `template` it starts from a gallery template.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CreateDraft {
    #[serde(default)]
    pub document: Option<MonitorDraft>,
    #[serde(default)]
    pub template: Option<String>,
}

/// `PUT /api/v1/drafts/{id}` body: optimistic concurrency by `version`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SaveDraft {
    /// The version the editor started from. A stale one is refused with 409.
    pub version: i64,
    pub document: MonitorDraft,
}

/// `POST /api/v1/drafts/{id}/rename` body.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RenameDraft {
    pub version: i64,
    pub name: String,
}

/// The 409 answer to a stale save: the draft as it is now, so the UI can offer
/// reload / overwrite / save as copy.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Conflict {
    pub message: String,
    #[serde(default)]
    pub errors: BTreeMap<String, String>,
    pub current: Draft,
}

/// A row of a draft's history.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RevisionSummary {
    pub version: i64,
    pub saved_at: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Revision {
    pub version: i64,
    pub saved_at: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    pub document: MonitorDraft,
}

/// `POST /api/v1/drafts/{id}/restore` body.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RestoreRevision {
    pub version: i64,
    pub revision: i64,
}

/// `POST /api/v1/drafts/import` body: any monitor JSON (a Dashboards export, a GET of a
/// monitor, a search hit).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImportDraft {
    pub monitor: Value,
}

/// `GET /api/v1/drafts/{id}/export` answer: the re-postable monitor body.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ExportedMonitor {
    pub monitor: Value,
}

/// A starter monitor of the templates gallery.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TemplateInfo {
    pub id: String,
    pub title: String,
    pub description: String,
    pub category: String,
}

/// `POST /api/v1/schedule/preview` answer.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SchedulePreview {
    pub description: String,
    /// The next five run times, RFC 3339 in the schedule's timezone.
    pub next_runs: Vec<String>,
}

/// `GET /api/v1/cluster`: whether a cluster is configured and reachable, and what it offers.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
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
pub struct FieldInfo {
    pub path: String,
    /// `number`, `text`, `keyword`, `boolean` or `date`.
    pub field_type: String,
}

/// `POST /api/v1/preview` body: run the (unsaved) document on the cluster as a dry run.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PreviewRequest {
    pub document: MonitorDraft,
}

/// What one trigger did in a dry run.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
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
