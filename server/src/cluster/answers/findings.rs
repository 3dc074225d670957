//! `GET …/findings/_search`: what per document monitors found, each finding with the
//! documents it names (their source is a JSON *string* in the answer).

use serde::Deserialize;

use super::{EpochMillis, lenient_text};

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct FindingsAnswer {
    pub total_findings: u64,
    pub findings: Vec<FindingWithDocs>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct FindingWithDocs {
    pub finding: Finding,
    pub document_list: Vec<FindingDoc>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Finding {
    #[serde(deserialize_with = "lenient_text")]
    pub id: String,
    #[serde(deserialize_with = "lenient_text")]
    pub monitor_id: String,
    #[serde(deserialize_with = "lenient_text")]
    pub index: String,
    pub related_doc_ids: Vec<String>,
    pub queries: Vec<FindingQuery>,
    pub timestamp: Option<EpochMillis>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct FindingQuery {
    #[serde(deserialize_with = "lenient_text")]
    pub name: String,
    pub tags: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct FindingDoc {
    #[serde(deserialize_with = "lenient_text")]
    pub index: String,
    #[serde(deserialize_with = "lenient_text")]
    pub id: String,
    pub found: bool,
    /// The source, serialized.
    pub document: Option<String>,
}
