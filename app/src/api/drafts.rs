//! Drafts (`/api/v1/drafts…`): the drafts list, one draft, its revisions, import and export.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::BodyPart;
use crate::model::{MonitorDraft, MonitorType};

/// How a draft relates to the monitor it was published as.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, strum::IntoStaticStr)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum PublishState {
    #[default]
    NeverPublished,
    Published,
    ChangedSincePublish,
    ChangedOnCluster,
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

/// What a page that only names or opens a draft reads of a [`Draft`] answer (see
/// [`crate::client::call_reading`]).
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct DraftRef {
    pub id: String,
    pub document: DraftRefName,
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct DraftRefName {
    pub name: String,
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

/// A [`CreateDraft`] that starts from a gallery template: what the drafts list's template
/// buttons send, so the first page most people open does not carry the code that writes a
/// whole monitor.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FromTemplate {
    pub template: String,
}

impl BodyPart<super::ops::CreateDraft> for FromTemplate {
    fn into_body(self) -> CreateDraft {
        CreateDraft { document: None, template: Some(self.template) }
    }
}

/// `PUT /api/v1/drafts/{id}` body: optimistic concurrency by `version`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct SaveDraft {
    /// The version the editor started from. A stale one is refused with 409.
    pub version: i64,
    pub document: MonitorDraft,
    /// What the author says about this change (kept in the history).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
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
    /// What the server did (`restored revision 3`, `created from template …`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Who saved it (`None` for revisions older than authors).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
    /// What the author said about it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
pub struct Revision {
    pub version: i64,
    pub saved_at: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    pub document: MonitorDraft,
}

/// What a history entry records.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, strum::IntoStaticStr, strum::EnumString)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum HistoryKind {
    Saved,
    Restored,
    Published,
    ReviewRequested,
    Approved,
    Rejected,
    Withdrawn,
}

/// One entry of a draft's history (`GET /api/v1/drafts/{id}/history`, and the monitor
/// page's): who did what, when, to which version, with their message.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
pub struct HistoryEntry {
    pub at: String,
    pub kind: HistoryKind,
    /// Who (`None` for revisions older than authors).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actor: Option<String>,
    pub version: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// What the server did, for saves (`restored revision 3`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub monitor_id: Option<String>,
}

/// `GET /api/v1/drafts/{id}/diff` query: two revisions of the draft.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct RevisionDiffQuery {
    pub from: i64,
    pub to: i64,
}

/// `GET /api/v1/drafts/{id}/diff` answer: what turns revision `from` into `to`, as a
/// semantic diff of the monitors they publish (normalized as import does).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
pub struct RevisionDiff {
    pub from: i64,
    pub to: i64,
    pub changes: Vec<crate::model::diff::Change>,
}

/// `POST /api/v1/drafts/{id}/restore` body.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct RestoreRevision {
    pub version: i64,
    pub revision: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
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


/// `GET /api/v1/drafts` query.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct DraftListQuery {
    /// Matches the name, case-insensitively.
    #[serde(default)]
    pub search: String,
    pub limit: Option<i64>,
    pub offset: Option<i64>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_template_part_reads_back_as_the_create_body_it_stands_for() {
        let part = FromTemplate { template: "audit-failed-logins".into() };
        let json = serde_json::to_string(&part).unwrap();
        let read: CreateDraft = serde_json::from_str(&json).unwrap();
        assert_eq!(read, part.into_body());
        assert_eq!(read, CreateDraft { document: None, template: Some("audit-failed-logins".into()) });
    }
}
