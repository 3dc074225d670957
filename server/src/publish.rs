//! Publishing drafts to the cluster and bringing cluster monitors back as drafts.
//!
//! - A first publish creates the monitor; later ones update it with `if_seq_no` /
//!   `if_primary_term`, so a monitor changed on the cluster meanwhile is never overwritten
//!   silently: the answer is a 409 listing what changed there, and the draft is kept.
//! - A retried publish never creates a second monitor. Before creating, a token is stored
//!   with the draft and embedded in the monitor's `ui_metadata`; if the server dies after
//!   the cluster created the monitor but before the link was recorded, the next publish
//!   finds the monitor by that token and adopts it.

use app::{
    api::{Call, ClusterCheck, Draft, PublishConflict, PublishRequest, PublishResult, ops},
    model::{convert, diff, validate},
};
use serde_json::{Value, json};

use crate::{
    AppState,
    cluster::{ClusterClient, require},
    drafts::links::{self, PublishRecord},
    error::{ApiError, ApiResult},
};

pub async fn publish_draft(state: AppState, call: Call<ops::PublishDraft>) -> ApiResult<PublishResult> {
    publish(&state, &call.params, call.body).await
}

pub async fn draft_for_monitor(state: AppState, call: Call<ops::OpenMonitorDraft>) -> ApiResult<Draft> {
    open_draft_for_monitor(&state, &call.params).await
}

pub async fn check_cluster(state: AppState, _: Call<ops::CheckDraftsOnCluster>) -> ApiResult<ClusterCheck> {
    Ok(ClusterCheck { changed_on_cluster: refresh_cluster_changes(&state).await? })
}

fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

fn normalized(monitor: &Value) -> ApiResult<Value> {
    convert::normalize_monitor_json(monitor).map_err(ApiError::invalid)
}

/// Publishes draft `id` at `request.version`.
pub async fn publish(state: &AppState, id: &str, request: PublishRequest) -> ApiResult<PublishResult> {
    let cluster = require(&state.cluster)?;
    let draft = state.drafts.get(id).await?;
    if draft.version != request.version {
        return Err(ApiError::DraftConflict {
            message: format!("This draft was changed elsewhere (you are publishing version {}, it is now at version {}).", request.version, draft.version),
            current: Box::new(draft),
        });
    }
    let errors = validate::validate_for_publish(&draft.document);
    if !errors.is_empty() {
        return Err(ApiError::invalid(errors));
    }
    let mut body = convert::to_monitor_json(&draft.document).map_err(ApiError::invalid)?;
    let published_body = normalized(&body)?.to_string();
    match &draft.published {
        Some(link) if !request.as_new => {
            let (seq_no, primary_term) = if request.overwrite {
                let current = cluster.get_monitor(&link.monitor_id).await?;
                (current["_seq_no"].as_i64().unwrap_or(link.seq_no), current["_primary_term"].as_i64().unwrap_or(link.primary_term))
            } else {
                (link.seq_no, link.primary_term)
            };
            tag(&mut body, id, None);
            match cluster.update_monitor(&link.monitor_id, seq_no, primary_term, &body).await {
                Ok(answer) => {
                    record(state, &draft, &link.monitor_id, &answer, &published_body).await?;
                    Ok(PublishResult { monitor_id: link.monitor_id.clone(), created: false, draft: state.drafts.get(id).await? })
                }
                Err(ApiError::Conflict { .. }) => Err(changed_on_cluster(state, cluster, &draft, &link.monitor_id).await),
                Err(ApiError::NotFound(_)) => {
                    links::set_cluster_changed(state.drafts.pool(), id, true).await?;
                    Err(ApiError::PublishConflict(Box::new(PublishConflict {
                        message: format!("Monitor {} no longer exists on the cluster. Your draft is kept; publish it as a new monitor to recreate it.", link.monitor_id),
                        errors: Default::default(),
                        changes: Vec::new(),
                        deleted: true,
                    })))
                }
                Err(other) => Err(other),
            }
        }
        _ => {
            let pool = state.drafts.pool();
            if let Some(token) = links::publish_token(pool, id).await? {
                if let Some(found) = find_by_token(cluster, &draft.document.name, &token).await? {
                    // An earlier create reached the cluster; adopt it and bring it up to date.
                    let monitor_id = found["_id"].as_str().unwrap_or_default().to_owned();
                    let seq_no = found["_seq_no"].as_i64().unwrap_or_default();
                    let term = found["_primary_term"].as_i64().unwrap_or_default();
                    tag(&mut body, id, Some(&token));
                    let answer = cluster.update_monitor(&monitor_id, seq_no, term, &body).await?;
                    record(state, &draft, &monitor_id, &answer, &published_body).await?;
                    return Ok(PublishResult { monitor_id, created: true, draft: state.drafts.get(id).await? });
                }
            }
            let token = uuid::Uuid::new_v4().simple().to_string();
            links::set_publish_token(pool, id, &token).await?;
            tag(&mut body, id, Some(&token));
            let answer = cluster.create_monitor(&body).await?;
            let monitor_id = answer["_id"].as_str().ok_or_else(|| ApiError::internal("cluster created a monitor without an _id"))?.to_owned();
            record(state, &draft, &monitor_id, &answer, &published_body).await?;
            Ok(PublishResult { monitor_id, created: true, draft: state.drafts.get(id).await? })
        }
    }
}

/// Marks the monitor as Monitor Studio's: the draft it came from and the pending publish.
fn tag(body: &mut Value, draft_id: &str, token: Option<&str>) {
    if !body["ui_metadata"].is_object() {
        body["ui_metadata"] = json!({});
    }
    body["ui_metadata"]["monitor_studio"] = json!({ "draft_id": draft_id, "publish_token": token });
}

async fn record(state: &AppState, draft: &Draft, monitor_id: &str, answer: &Value, published_body: &str) -> ApiResult<()> {
    links::record_publish(
        state.drafts.pool(),
        PublishRecord {
            draft_id: &draft.id,
            monitor_id,
            seq_no: answer["_seq_no"].as_i64().unwrap_or_default(),
            primary_term: answer["_primary_term"].as_i64().unwrap_or(1),
            draft_version: draft.version,
            published_body,
            now: &now(),
        },
    )
    .await
}

/// Finds a monitor a previous, interrupted create made (same name, our token).
async fn find_by_token(cluster: &ClusterClient, name: &str, token: &str) -> ApiResult<Option<Value>> {
    let hits = cluster.search_monitors(&json!({"size": 50, "query": {"term": {"monitor.name.keyword": name}}})).await?;
    for hit in hits["hits"]["hits"].as_array().into_iter().flatten() {
        let Some(id) = hit["_id"].as_str() else { continue };
        let monitor = cluster.get_monitor(id).await?;
        if monitor["monitor"]["ui_metadata"]["monitor_studio"]["publish_token"] == json!(token) {
            return Ok(Some(monitor));
        }
    }
    Ok(None)
}

/// The 409 of a stale update: what changed on the cluster since this draft published.
async fn changed_on_cluster(state: &AppState, cluster: &ClusterClient, draft: &Draft, monitor_id: &str) -> ApiError {
    let result: ApiResult<ApiError> = async {
        let current = cluster.get_monitor(monitor_id).await?;
        let theirs = normalized(&current)?;
        let row = crate::drafts::store::find(state.drafts.pool(), &draft.id).await?;
        let ours: Value = row.and_then(|r| r.published_body).and_then(|b| serde_json::from_str(&b).ok()).unwrap_or(Value::Null);
        let changes = diff::diff(&ours, &theirs);
        links::set_cluster_changed(state.drafts.pool(), &draft.id, true).await?;
        Ok(ApiError::PublishConflict(Box::new(PublishConflict {
            message: format!(
                "Monitor {monitor_id} was changed on the cluster since this draft published it ({} change(s)). Your draft is kept: review the changes, then publish again to overwrite them, or open the cluster's version.",
                changes.len()
            ),
            errors: Default::default(),
            changes,
            deleted: false,
        })))
    }
    .await;
    result.unwrap_or_else(|e| e)
}

/// The draft linked to a cluster monitor, or a new draft imported from it (and linked).
pub async fn open_draft_for_monitor(state: &AppState, monitor_id: &str) -> ApiResult<Draft> {
    let pool = state.drafts.pool();
    if let Some(draft_id) = links::draft_for_monitor(pool, monitor_id).await? {
        return state.drafts.get(&draft_id).await;
    }
    let cluster = require(&state.cluster)?;
    let answer = cluster.get_monitor(monitor_id).await?;
    let document = convert::from_monitor_json(&answer).map_err(ApiError::invalid)?;
    let body = convert::to_monitor_json(&document).map_err(ApiError::invalid)?;
    let draft = state.drafts.insert(document, &format!("imported from cluster monitor {monitor_id}")).await?;
    let published_body = normalized(&body)?.to_string();
    record(state, &draft, monitor_id, &answer, &published_body).await?;
    state.drafts.get(&draft.id).await
}

/// Compares every linked draft's published body with its monitor on the cluster, in one
/// search, and flags the drafts whose monitor changed there. Returns the flagged draft ids.
pub async fn refresh_cluster_changes(state: &AppState) -> ApiResult<Vec<String>> {
    let cluster = require(&state.cluster)?;
    let linked = links::linked_drafts(state.drafts.pool()).await?;
    if linked.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<&str> = linked.iter().map(|(_, m, _)| m.as_str()).collect();
    let found = cluster.search_monitors(&json!({"size": ids.len(), "query": {"ids": {"values": ids}}})).await?;
    let mut on_cluster = std::collections::HashMap::new();
    for hit in found["hits"]["hits"].as_array().into_iter().flatten() {
        if let (Some(id), Ok(n)) = (hit["_id"].as_str(), convert::normalize_monitor_json(&hit["_source"])) {
            on_cluster.insert(id.to_owned(), n);
        }
    }
    let mut changed = Vec::new();
    for (draft_id, monitor_id, published) in linked {
        let ours: Option<Value> = published.and_then(|b| serde_json::from_str(&b).ok());
        let differs = match (on_cluster.get(&monitor_id), ours) {
            (Some(theirs), Some(ours)) => !diff::diff(&ours, theirs).is_empty(),
            _ => true,
        };
        links::set_cluster_changed(state.drafts.pool(), &draft_id, differs).await?;
        if differs {
            changed.push(draft_id);
        }
    }
    Ok(changed)
}
