//! Publishing drafts to the cluster and bringing cluster monitors back as drafts.
//!
//! - A first publish creates the monitor; later ones update it with `if_seq_no` /
//!   `if_primary_term`, so a monitor changed on the cluster meanwhile is never overwritten
//!   silently: the answer is a 409 listing what changed there, and the draft is kept.
//! - A retried publish never creates a second monitor. Before creating, a token is stored
//!   with the draft and embedded in the monitor's `ui_metadata`; if the server dies after
//!   the cluster created the monitor but before the link was recorded, the next publish
//!   finds the monitor by that token and adopts it. Publishes of one draft run one at a
//!   time, so a double click updates the monitor the first click created.
//! - Links, tokens and flags are kept by the drafts service ([`crate::drafts::DraftService`]);
//!   this module only talks to the cluster and decides.

use app::{
    api::{Call, ClusterCheck, Draft, PublishConflict, PublishRequest, PublishResult, ops},
    model::{MonitorDraft, MonitorType, composite, convert, diff, validate},
};
use serde_json::{Value, json};

use crate::{
    api::Ctx,
    cluster::{
        ClusterClient,
        answers::monitor::{MonitorDoc, WriteAnswer},
        boundary::CheckedMonitor,
    },
    drafts::{DraftService, MonitorLink},
    error::{ApiError, ApiResult},
};

pub async fn publish_draft(state: Ctx, call: Call<ops::PublishDraft>) -> ApiResult<PublishResult> {
    publish(&state, &call.params, call.body).await
}

pub async fn draft_for_monitor(state: Ctx, call: Call<ops::OpenMonitorDraft>) -> ApiResult<Draft> {
    open_draft_for_monitor(&state, &call.params).await
}

pub async fn check_cluster(state: Ctx, _: Call<ops::CheckDraftsOnCluster>) -> ApiResult<ClusterCheck> {
    Ok(ClusterCheck { changed_on_cluster: refresh_cluster_changes(&state).await? })
}

fn normalized(monitor: &Value) -> ApiResult<Value> {
    convert::normalize_monitor_json(monitor).map_err(ApiError::invalid)
}

/// Publishes draft `id` at `request.version`; publishes of one draft run one at a time.
/// In a team whose publishing needs approval, only an approved review publishes.
pub async fn publish(state: &Ctx, id: &str, request: PublishRequest) -> ApiResult<PublishResult> {
    let drafts = state.drafts()?;
    let _one_at_a_time = drafts.publishing(id).await;
    // Another team's draft is not found, cluster or not; an embed link's, only its own.
    crate::embed::locks::check_own_draft(state, id).await?;
    let draft = drafts.get(id).await?;
    crate::embed::locks::check_locked(state, &draft.document)?;
    if state.team()?.current.publish_needs_approval {
        return Err(ApiError::Forbidden(format!(
            "Publishing in team {} needs approval: ask for review of this draft, and a publisher who is not its author approves it.",
            state.team()?.current.name
        )));
    }
    publish_locked(state, &drafts, draft, request).await
}

/// Publishes `draft` (read under its publish lock, which the caller holds) at
/// `request.version`: for [`publish`] and for an approved review.
pub async fn publish_locked(state: &Ctx, drafts: &DraftService, draft: Draft, request: PublishRequest) -> ApiResult<PublishResult> {
    let id = draft.id.as_str();
    let message = crate::drafts::check_message("message", request.message.as_deref())?;
    let cluster = &state.cluster().await?;
    if draft.version != request.version {
        return Err(ApiError::DraftConflict {
            message: format!("This draft was changed elsewhere (you are publishing version {}, it is now at version {}).", request.version, draft.version),
            current: Box::new(draft),
        });
    }
    check_publishable(state, &draft.document).await?;
    let body = convert::to_monitor_json(&draft.document).map_err(ApiError::invalid)?;
    let published_body = normalized(&body)?.to_string();
    // Checked once, before anything is written; the tags added below stay inside it.
    let checked = cluster.checked_monitor(body, &state.access()).await?;
    match &draft.published {
        Some(link) if !request.as_new => {
            let (seq_no, primary_term) = if request.overwrite {
                let current = cluster.get_monitor(&link.monitor_id).await?;
                (current.seq_no, current.primary_term)
            } else {
                (link.seq_no, link.primary_term)
            };
            match cluster.update_monitor(&link.monitor_id, seq_no, primary_term, &tagged(&checked, drafts, id, None)).await {
                Ok(answer) => {
                    let draft = record(drafts, &draft, &answer, &published_body, message).await?;
                    Ok(PublishResult { monitor_id: link.monitor_id.clone(), created: false, draft })
                }
                Err(ApiError::Conflict { .. }) => Err(changed_on_cluster(drafts, cluster, &draft, &link.monitor_id).await),
                Err(ApiError::NotFound(_)) => {
                    drafts.set_cluster_changed(id, true).await?;
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
            if let Some(token) = drafts.publish_token(id).await? {
                if let Some(found) = find_by_token(cluster, &draft.document.name, &token).await? {
                    // An earlier create reached the cluster; adopt it and bring it up to date.
                    let answer = cluster.update_monitor(&found.id, found.seq_no, found.primary_term, &tagged(&checked, drafts, id, Some(&token))).await?;
                    let draft = record(drafts, &draft, &answer, &published_body, message).await?;
                    return Ok(PublishResult { monitor_id: answer.id, created: true, draft });
                }
            }
            let token = uuid::Uuid::new_v4().simple().to_string();
            drafts.set_publish_token(id, &token).await?;
            let answer = cluster.create_monitor(&tagged(&checked, drafts, id, Some(&token))).await?;
            let draft = record(drafts, &draft, &answer, &published_body, message).await?;
            Ok(PublishResult { monitor_id: answer.id, created: true, draft })
        }
    }
}

/// What publish refuses before asking the cluster: an invalid monitor, or an action that
/// names a channel that is not the team's (a 422 naming each field).
pub async fn check_publishable(state: &Ctx, document: &MonitorDraft) -> ApiResult<()> {
    let mut errors = validate::validate_for_publish(document);
    // A monitor notifies through its own team's channels only.
    for (i, trigger) in document.triggers.iter().enumerate() {
        for (j, action) in trigger.actions.iter().enumerate() {
            let id = action.destination_id.trim();
            if !id.is_empty() && state.check_channel(id).await.is_err() {
                errors.entry(format!("triggers[{i}].actions[{j}].destination_id")).or_insert_with(|| format!("No channel with id {id:?} in your team."));
            }
        }
    }
    if document.monitor_type == MonitorType::Composite {
        check_delegates(state, document, &mut errors).await?;
    }
    if errors.is_empty() { Ok(()) } else { Err(ApiError::invalid(errors)) }
}

/// A composite monitor chains its own team's monitors only, each a per query, per bucket
/// or per document monitor that exists on the cluster; each refusal names its delegate.
async fn check_delegates(state: &Ctx, document: &MonitorDraft, errors: &mut validate::FieldErrors) -> ApiResult<()> {
    let Ok(monitor) = convert::to_monitor(document) else { return Ok(()) };
    let referenced: Vec<(String, String)> = monitor
        .composite_input()
        .map(composite::referenced_monitors)
        .unwrap_or_default()
        .into_iter()
        .filter(|(field, id)| !id.trim().is_empty() && !errors.contains_key(field))
        .collect();
    if referenced.is_empty() {
        return Ok(());
    }
    let cluster = state.cluster().await?;
    for (field, id) in referenced {
        if let Some(message) = delegate_refusal(state, &cluster, &id, false).await? {
            errors.insert(field, message);
        }
    }
    Ok(())
}

/// Why monitor `id` cannot be a delegate of the caller's composite monitor, or `None` when
/// it can: it is not the team's, not on the cluster, not a type a composite monitor chains,
/// or (`replayed`: for a backtest) one whose past runs cannot be replayed.
pub async fn delegate_refusal(state: &Ctx, cluster: &ClusterClient, id: &str, replayed: bool) -> ApiResult<Option<String>> {
    if state.check_monitor(id).await.is_err() {
        return Ok(Some(format!("No monitor with id {id:?} in your team.")));
    }
    let view = match cluster.get_monitor(id).await {
        Ok(doc) => crate::monitors::view(&doc)?,
        Err(ApiError::NotFound(_)) => return Ok(Some(format!("No monitor with id {id:?} on the cluster."))),
        Err(ApiError::Invalid { .. }) => return Ok(Some(format!("Not a valid monitor id: {id:?}"))),
        Err(other) => return Err(other),
    };
    let kind = MonitorType::from_api_name(&view.monitor_type()).unwrap_or_default();
    Ok(if replayed && !(composite::can_delegate(kind) && kind.backtestable()) {
        Some(format!("{:?} cannot be replayed: {}", view.name, app::model::NOT_BACKTESTABLE))
    } else if !composite::can_delegate(kind) {
        Some(format!("{:?} is a {}: a composite monitor chains per query, per bucket and per document monitors only.", view.name, kind.label().to_lowercase()))
    } else {
        None
    })
}

/// What publishing `document` would change on the cluster: a semantic diff of the
/// normalized monitors (as import normalizes them, so server-added fields never show),
/// against monitor `deployed` or, for a first publish, against nothing.
pub async fn changes_against_deployed(state: &Ctx, deployed: Option<&str>, document: &MonitorDraft) -> ApiResult<Vec<diff::Change>> {
    let ours = normalized(&convert::to_monitor_json(document).map_err(ApiError::invalid)?)?;
    let theirs = match deployed {
        Some(id) => normalized(&state.cluster().await?.get_monitor(id).await?.monitor)?,
        None => json!({}),
    };
    Ok(diff::diff(&theirs, &ours))
}

/// Marks the monitor as Monitor Studio's: the team that owns it (so ownership survives a
/// restore of the database), the draft it came from and the pending publish.
fn tagged(monitor: &CheckedMonitor, drafts: &DraftService, draft_id: &str, token: Option<&str>) -> CheckedMonitor {
    monitor.with_ui_metadata("monitor_studio", json!({ "team_id": drafts.team(), "draft_id": draft_id, "publish_token": token }))
}

/// Links the draft to the monitor the cluster just wrote, with that write's tokens.
async fn record(drafts: &DraftService, draft: &Draft, written: &WriteAnswer, published_body: &str, message: Option<&str>) -> ApiResult<Draft> {
    let link = MonitorLink { monitor_id: &written.id, seq_no: written.seq_no, primary_term: written.primary_term, published_body };
    drafts.record_publish(&draft.id, draft.version, &link, message).await
}

/// Finds a monitor a previous, interrupted create made (same name, our token).
async fn find_by_token(cluster: &ClusterClient, name: &str, token: &str) -> ApiResult<Option<MonitorDoc>> {
    let hits = cluster.search_monitors::<serde::de::IgnoredAny>(&json!({"size": 50, "query": {"term": {"monitor.name.keyword": name}}})).await?;
    for hit in hits.hits.hits {
        let monitor = cluster.get_monitor(&hit.id).await?;
        if crate::monitors::view(&monitor)?.publish_token() == Some(token) {
            return Ok(Some(monitor));
        }
    }
    Ok(None)
}

/// The 409 of a stale update: what changed on the cluster since this draft published.
async fn changed_on_cluster(drafts: &DraftService, cluster: &ClusterClient, draft: &Draft, monitor_id: &str) -> ApiError {
    let result: ApiResult<ApiError> = async {
        let current = cluster.get_monitor(monitor_id).await?;
        let theirs = normalized(&current.monitor)?;
        let ours = drafts.published_body(&draft.id).await?.unwrap_or(Value::Null);
        let changes = diff::diff(&ours, &theirs);
        drafts.set_cluster_changed(&draft.id, true).await?;
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
/// Concurrent calls for one monitor all answer the same draft: the link is checked again
/// and made in one write transaction ([`crate::drafts::DraftService::import_linked`]).
pub async fn open_draft_for_monitor(state: &Ctx, monitor_id: &str) -> ApiResult<Draft> {
    let drafts = state.drafts()?;
    if let Some(draft) = drafts.draft_for_monitor(monitor_id).await? {
        return Ok(draft);
    }
    // Only the team's own monitors (and, for administrators, ones no team owns yet).
    state.check_monitor(monitor_id).await?;
    let cluster = &state.cluster().await?;
    let answer = cluster.get_monitor(monitor_id).await?;
    let document = convert::from_monitor_json(&answer.monitor).map_err(ApiError::invalid)?;
    let body = convert::to_monitor_json(&document).map_err(ApiError::invalid)?;
    let published_body = normalized(&body)?.to_string();
    let link = MonitorLink { monitor_id: &answer.id, seq_no: answer.seq_no, primary_term: answer.primary_term, published_body: &published_body };
    drafts.import_linked(document, &format!("imported from cluster monitor {monitor_id}"), &link).await
}

/// Compares every linked draft's published body with its monitor on the cluster, in one
/// search, and flags the drafts whose monitor changed there (one transaction). Returns the
/// flagged draft ids.
pub async fn refresh_cluster_changes(state: &Ctx) -> ApiResult<Vec<String>> {
    let cluster = &state.cluster().await?;
    let drafts = state.drafts()?;
    let linked = drafts.linked_drafts().await?;
    if linked.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<&str> = linked.iter().map(|l| l.monitor_id.as_str()).collect();
    let found = cluster.search_monitors::<Value>(&json!({"size": ids.len(), "query": {"ids": {"values": ids}}})).await?;
    let on_cluster: std::collections::HashMap<String, Value> =
        found.hits.hits.into_iter().filter_map(|hit| Some((hit.id, convert::normalize_monitor_json(&hit.source).ok()?))).collect();
    let flags: Vec<(String, bool)> = linked
        .into_iter()
        .map(|l| {
            let differs = match (on_cluster.get(&l.monitor_id), &l.published) {
                (Some(theirs), Some(ours)) => !diff::diff(ours, theirs).is_empty(),
                _ => true,
            };
            (l.draft_id, differs)
        })
        .collect();
    drafts.flag_cluster_changes(&flags).await?;
    Ok(flags.into_iter().filter(|(_, differs)| *differs).map(|(id, _)| id).collect())
}
