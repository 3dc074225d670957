//! Four-eyes publish (`/api/v1/reviews…`, `/api/v1/drafts/{id}/review`): in a team whose
//! publishing needs approval, an editor asks for review of one exact revision, and a
//! publisher who is not its author approves it (which publishes that revision) or rejects
//! it with a comment.

use serde::{Deserialize, Serialize};

use crate::model::{MonitorDraft, diff::Change};

/// Where a review request stands.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, strum::IntoStaticStr, strum::EnumString)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum ReviewState {
    #[default]
    Open,
    Approved,
    Rejected,
    Withdrawn,
}

/// A review request, as lists show it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
pub struct Review {
    pub id: String,
    pub draft_id: String,
    /// The monitor's name in the frozen revision.
    pub name: String,
    /// The frozen draft version.
    pub version: i64,
    pub author: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    pub state: ReviewState,
    /// The draft was edited after the request: it can no longer be approved.
    pub stale: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reviewer: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// The monitor the approval published (or the one this draft already runs as).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub monitor_id: Option<String>,
    pub created_at: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decided_at: Option<String>,
}

/// `GET /api/v1/reviews/{id}` answer: the request, its frozen revision, and what it changes
/// on the cluster (a semantic diff of normalized monitors; everything is new for a first
/// publish).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
pub struct ReviewDetail {
    pub review: Review,
    pub document: MonitorDraft,
    /// The monitor this would update (`None`: a first publish creates one).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deployed_monitor_id: Option<String>,
    pub changes: Vec<Change>,
    /// Whether the caller may approve or reject it (a publisher who is not its author).
    pub can_decide: bool,
}

/// `GET /api/v1/reviews` query.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ReviewQuery {
    /// Only requests in this state (default: every state).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<ReviewState>,
    /// Only open, current requests the caller may decide (not their own).
    #[serde(default)]
    pub for_me: bool,
}

/// `POST /api/v1/drafts/{id}/review` body: freeze `version` for review.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct RequestReview {
    pub version: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
}

/// `POST /api/v1/reviews/{id}/approve|reject|withdraw` body.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct DecideReview {
    /// Required to reject; optional otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
}
