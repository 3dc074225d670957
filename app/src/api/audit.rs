//! The portal's audit log (`/api/v1/audit`, administrators): every state-changing call and
//! every sign-in, newest first.

use serde::{Deserialize, Serialize};

/// One entry of the audit log.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
pub struct AuditEntry {
    pub id: i64,
    pub at: String,
    /// The user name (for a failed sign-in: what was typed).
    pub actor: String,
    #[serde(default)]
    pub team_id: Option<String>,
    /// The operation id of the route list (`publish_draft`), or `sign_in` / `sign_in_failed`.
    pub action: String,
    /// The ids the action named, `/`-separated.
    pub target: String,
    #[serde(default)]
    pub address: Option<String>,
    /// The HTTP status answered.
    pub outcome: u16,
}

/// `GET /api/v1/audit` and `/audit/export` query.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct AuditQuery {
    /// Only this user name.
    #[serde(default)]
    pub actor: Option<String>,
    /// Only this action.
    #[serde(default)]
    pub action: Option<String>,
    /// Only refused or failed calls (status 400 and above).
    #[serde(default)]
    pub failed: Option<bool>,
    /// Only entries after this id (for an export: the last line of the previous one).
    #[serde(default)]
    pub after: Option<i64>,
    /// The list: 1 to 1000 (default 100); an export: 1 to 10,000 lines (default 10,000).
    #[serde(default)]
    pub limit: Option<i64>,
    /// The list only.
    #[serde(default)]
    pub offset: Option<i64>,
}

/// `GET /api/v1/audit` answer.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
pub struct AuditList {
    pub entries: Vec<AuditEntry>,
    pub total: i64,
}

