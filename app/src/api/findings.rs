//! Findings (`/api/v1/monitors/{id}/findings`): what a per document monitor found, one row
//! per run and matching document, with the queries it matched and the document itself.

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// `GET /api/v1/monitors/{id}/findings` query: newest first, a page at a time.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct FindingQuery {
    /// 1–100, default 20.
    pub limit: Option<u64>,
    pub offset: Option<u64>,
}

/// A query a finding matched.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
pub struct FindingQueryRef {
    pub name: String,
    #[serde(default)]
    pub tags: Vec<String>,
}

/// A document of a finding, as the cluster read it when listing.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
pub struct FindingDocument {
    pub id: String,
    pub index: String,
    /// False when the document is gone (deleted, or its index rolled away).
    pub found: bool,
    /// The document's source; `null` when not found.
    #[serde(default)]
    pub source: Value,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
pub struct FindingRow {
    pub id: String,
    /// When the monitor found it (RFC 3339).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timestamp: Option<String>,
    pub index: String,
    pub queries: Vec<FindingQueryRef>,
    pub documents: Vec<FindingDocument>,
}

/// `GET /api/v1/monitors/{id}/findings` answer.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
pub struct FindingList {
    pub findings: Vec<FindingRow>,
    pub total: u64,
}
