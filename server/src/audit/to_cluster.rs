//! The optional copy of the audit log in the cluster, so a security team can search the
//! portal's own log and alert on it with Monitor Studio (the gallery's "Portal: failed
//! sign-ins"). Set `MONITOR_STUDIO_AUDIT_TO_CLUSTER=true`.
//!
//! The database stays the record. One background task installs the index template
//! `monitor-studio-audit`, then copies what the cluster does not have yet into daily
//! indices `monitor-studio-audit-YYYY.MM.DD`, in batches, woken by each append. Each
//! document's id is `source:id` and is written with `create`, so a retry after a partial
//! failure, a restart or a cluster outage neither loses nor doubles an entry; the position
//! is kept in the database (`audit_copy`) and moves only past what the cluster accepted.

use std::time::Duration;

use app::api::{AuditEntry, AuditQuery};
use serde_json::{Value, json};

use super::AuditService;
use crate::{cluster::{ClusterClient, ops::AUDIT_INDEX_PREFIX}, error::{ApiError, ApiResult}};

/// Entries per `_bulk` request.
const BATCH: i64 = 500;
/// How long the task sleeps when nothing was appended (it is woken at once otherwise).
const IDLE: Duration = Duration::from_secs(5);
const MAX_BACKOFF: Duration = Duration::from_secs(60);

/// The index template: strict mappings, one shard, a replica when there is a node for it.
pub fn template() -> Value {
    let keyword = json!({ "type": "keyword" });
    json!({
        "index_patterns": [format!("{AUDIT_INDEX_PREFIX}*")],
        "priority": 100,
        "template": {
            "settings": { "index.number_of_shards": 1, "index.auto_expand_replicas": "0-1" },
            "mappings": {
                "dynamic": "strict",
                "properties": {
                    "@timestamp": { "type": "date" },
                    "id": { "type": "long" },
                    "source": keyword,
                    "actor": keyword,
                    "team_id": keyword,
                    "action": keyword,
                    "target": keyword,
                    "address": { "type": "ip" },
                    "outcome": { "type": "short" },
                    "failed": { "type": "boolean" }
                }
            }
        },
        "_meta": { "description": "Monitor Studio's audit log, copied from the portal's database" }
    })
}

/// One entry as (index, document id, document).
pub fn document(source: &str, entry: &AuditEntry) -> (String, String, Value) {
    let day = entry.at.get(..10).unwrap_or("1970-01-01").replace('-', ".");
    let doc = json!({
        "@timestamp": entry.at,
        "id": entry.id,
        "source": source,
        "actor": entry.actor,
        "team_id": entry.team_id,
        "action": entry.action,
        "target": entry.target,
        "address": entry.address,
        "outcome": entry.outcome,
        "failed": entry.outcome >= 400,
    });
    (format!("{AUDIT_INDEX_PREFIX}{day}"), format!("{source}:{}", entry.id), doc)
}

/// Starts the copy; it runs until the process ends.
pub fn spawn(audit: AuditService, cluster: ClusterClient) -> tokio::task::JoinHandle<()> {
    tokio::spawn(run(audit, cluster))
}

async fn run(audit: AuditService, cluster: ClusterClient) {
    let mut backoff = Duration::from_secs(1);
    let mut failing = false;
    let mut installed = false;
    loop {
        let result = step(&audit, &cluster, failing || !installed).await;
        installed |= result.is_ok();
        match result {
            Ok(Step::Copied(n)) => {
                if failing {
                    tracing::info!(entries = n, "the audit log's copy to the cluster goes on");
                }
                failing = false;
                backoff = Duration::from_secs(1);
            }
            Ok(Step::Idle) => audit.appended(IDLE).await,
            Err(error) => {
                // Said once per outage, then quietly retried.
                if !failing {
                    tracing::warn!(%error, "could not copy the audit log to the cluster; retrying");
                }
                failing = true;
                tokio::time::sleep(backoff).await;
                backoff = (backoff * 2).min(MAX_BACKOFF);
            }
        }
    }
}

enum Step {
    Copied(usize),
    Idle,
}

/// One batch: what comes after the position, into the cluster, and the position moved on.
/// The template is installed first, and again after a failure (the cluster may be new).
async fn step(audit: &AuditService, cluster: &ClusterClient, install_template: bool) -> ApiResult<Step> {
    if install_template {
        cluster.put_audit_template(&template()).await?;
    }
    let (source, after) = audit.copy_position().await?;
    let entries = audit.export(&AuditQuery { after: Some(after), limit: Some(BATCH), ..Default::default() }).await?;
    let Some(last) = entries.last() else { return Ok(Step::Idle) };
    let docs: Vec<_> = entries.iter().map(|e| document(&source, e)).collect();
    let answer = cluster.bulk_create_audit(&docs).await?;
    for item in &answer.items {
        let result = &item.create;
        match result.status {
            // Written, or written by an earlier try.
            200..=299 | 409 => {}
            429 | 500.. => return Err(ApiError::internal(format!("the cluster refused {} for now ({})", result.id, result.status))),
            status => {
                let reason = result.error.as_ref().map(|e| format!("{}: {}", e.kind, e.reason.as_deref().unwrap_or_default()));
                tracing::error!(id = %result.id, status, reason, "the cluster does not take this audit entry; it stays in the database only");
            }
        }
    }
    audit.copied_up_to(last.id).await?;
    Ok(Step::Copied(entries.len()))
}
