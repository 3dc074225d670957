//! `_bulk` answers: per document, its status and, when it failed, why.

use serde::Deserialize;

#[derive(Debug, Deserialize)]
pub struct BulkAnswer {
    #[serde(default)]
    pub items: Vec<BulkItem>,
}

/// One line's result, keyed by its action (`create` here).
#[derive(Debug, Deserialize)]
pub struct BulkItem {
    #[serde(alias = "index")]
    pub create: BulkResult,
}

#[derive(Debug, Deserialize)]
pub struct BulkResult {
    #[serde(rename = "_id", default)]
    pub id: String,
    pub status: u16,
    #[serde(default)]
    pub error: Option<BulkError>,
}

#[derive(Debug, Deserialize)]
pub struct BulkError {
    #[serde(rename = "type", default)]
    pub kind: String,
    #[serde(default)]
    pub reason: Option<String>,
}
