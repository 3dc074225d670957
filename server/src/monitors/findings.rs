//! A per document monitor's findings table: each finding with the queries it matched and
//! its documents, newest first.

use app::api::{FindingDocument, FindingList, FindingQuery, FindingQueryRef, FindingRow};
use serde_json::Value;

use super::check_page;
use crate::{
    cluster::{ClusterClient, answers::findings::FindingDoc},
    error::ApiResult,
};

pub async fn monitor_findings(cluster: &ClusterClient, monitor_id: &str, q: &FindingQuery) -> ApiResult<FindingList> {
    let (limit, offset) = (q.limit.unwrap_or(20), q.offset.unwrap_or(0));
    check_page(limit, offset)?;
    let answer = cluster.findings(monitor_id, limit as u32, offset as u32).await?;
    let findings = answer
        .findings
        .into_iter()
        // The search string matches the id anywhere in a finding: keep this monitor's only.
        .filter(|f| f.finding.monitor_id == monitor_id)
        .map(|f| FindingRow {
            id: f.finding.id,
            timestamp: f.finding.timestamp.and_then(|t| t.rfc3339()),
            index: f.finding.index,
            queries: f.finding.queries.into_iter().map(|q| FindingQueryRef { name: q.name, tags: q.tags }).collect(),
            documents: f.document_list.into_iter().map(document).collect(),
        })
        .collect();
    Ok(FindingList { findings, total: answer.total_findings })
}

/// A document as listed: its source parsed, or kept as the text the cluster sent.
fn document(d: FindingDoc) -> FindingDocument {
    let source = match d.document.filter(|_| d.found) {
        Some(text) => serde_json::from_str(&text).unwrap_or(Value::String(text)),
        None => Value::Null,
    };
    FindingDocument { id: d.id, index: d.index, found: d.found, source }
}
