//! After publish: the monitors on the cluster, their history and alerts.
//!
//! This module reads and acts on monitors through the allow-listed operations only
//! (`search_monitors`, `search_alerts`, `get_monitor`, `update_monitor`, `delete_monitor`,
//! `alerts`, `acknowledge`), and keeps each page cheap for the cluster: the list costs one
//! monitor search plus ONE alerts aggregation for every row's counts, and a monitor's
//! history is ONE aggregation ([`history`]), however many monitors and alerts there are.
//!
//! - [`parse`] and [`history`]: pure request bodies and answer readers (unit-tested);
//! - [`alerts`]: alerts tables, the alerts dashboard and acknowledgement;
//! - [`delegates`]: a composite monitor's delegates and how each fared in its runs;
//! - [`routes`]: the HTTP handlers.

pub mod alerts;
pub mod delegates;
pub mod findings;
pub mod history;
pub mod parse;
pub mod routes;

use app::{
    api::{BulkAction, BulkOutcome, BulkResult, ExportedMonitor, MonitorDetail, MonitorEnabled, MonitorList, MonitorSort, MonitorSummary, TriggerSummary, WorkflowRef},
    model,
};
use serde::de::IgnoredAny;
use serde_json::{Value, json};

use crate::{
    cluster::{
        ClusterClient,
        boundary::Access,
        answers::{
            self, SearchAnswer,
            monitor::{MonitorDoc, MonitorView, TriggerView},
        },
    },
    drafts::DraftService,
    error::{ApiError, ApiResult},
};

/// Page sizes: the Dashboards offer 5/10/20/50; anything up to this is accepted.
pub const MAX_PAGE_SIZE: u64 = app::api::MAX_MONITOR_PAGE;
/// The highest `offset` a search can page to (the cluster's `max_result_window`).
pub const MAX_OFFSET: u64 = 10_000;
/// Monitors per bulk action.
pub const MAX_BULK: usize = 200;

/// Fields the cluster sets itself: left out of the re-postable body and of updates (the
/// cluster stamps them again; `user` is never returned anyway).
const SERVER_FIELDS: [&str; 4] = ["last_update_time", "enabled_time", "schema_version", "user"];

pub fn check_page(limit: u64, offset: u64) -> ApiResult<()> {
    if !(1..=MAX_PAGE_SIZE).contains(&limit) {
        return Err(ApiError::field("limit", format!("Must be between 1 and {MAX_PAGE_SIZE}.")));
    }
    if offset > MAX_OFFSET {
        return Err(ApiError::field("offset", format!("Must be at most {MAX_OFFSET}.")));
    }
    Ok(())
}

/// The monitors list's parameters, already validated by the route.
/// Which of the cluster's monitors a request may see: only the current team's (`only`),
/// or, for an administrator, every monitor but other teams' (`except`), so monitors made
/// outside Monitor Studio can be found and adopted.
#[derive(Clone, Debug, Default)]
pub struct MonitorScope {
    pub only: Option<Vec<String>>,
    pub except: Vec<String>,
}

impl MonitorScope {
    /// Monitors narrowed to the scope, `id_field` naming the monitor id (`_id` in the
    /// monitors index).
    pub fn wrap(&self, query: Value, id_field: &str) -> Value {
        self.narrowed(query, |ids| json!({"terms": {id_field: ids}}))
    }

    /// Alerts narrowed to the scope: a composite monitor's own alerts name it as
    /// `workflow_id` (see [`parse::alerts_of`]).
    pub fn wrap_alerts(&self, query: Value) -> Value {
        self.narrowed(query, parse::alerts_of_any)
    }

    /// `query`, only where `matching` the scope's own ids and never where matching the
    /// ids it excludes.
    fn narrowed(&self, query: Value, matching: impl Fn(&[String]) -> Value) -> Value {
        let mut filter = vec![query];
        if let Some(only) = &self.only {
            filter.push(matching(only));
        }
        let must_not: Vec<Value> = if self.except.is_empty() { Vec::new() } else { vec![matching(&self.except)] };
        json!({"bool": {"filter": filter, "must_not": must_not}})
    }
}

pub struct ListParams {
    pub search: String,
    /// Only monitors that read this index pattern (as written in the monitor).
    pub index: Option<String>,
    /// `None`: all states.
    pub enabled: Option<bool>,
    pub sort: MonitorSort,
    pub descending: bool,
    pub limit: u64,
    pub offset: u64,
}

/// The monitors list. Sorting by name, state, type or last update pages on the cluster;
/// sorting by an alert column reads every matching monitor (at most [`parse::MAX_MONITORS`],
/// the cluster's own limit) and sorts them here, as the Dashboards do.
pub async fn list(cluster: &ClusterClient, drafts: &DraftService, scope: &MonitorScope, p: &ListParams) -> ApiResult<MonitorList> {
    check_page(p.limit, p.offset)?;
    let scoped = |mut query: Value| {
        let mut narrowed = scope.wrap(query["query"].take(), "_id");
        if let Some(index) = &p.index {
            let reads = json!({"nested": {"path": "monitor.inputs", "query": {"term": {"monitor.inputs.search.indices.keyword": index}}}});
            narrowed["bool"]["filter"].as_array_mut().expect("wrap makes a filter list").push(reads);
        }
        query["query"] = narrowed;
        query
    };
    let (mut monitors, total) = if p.sort.needs_alerts() {
        let query = scoped(parse::monitors_query(&p.search, p.enabled, MonitorSort::Name, false, 0, parse::MAX_MONITORS));
        let (mut all, total) = parse::monitor_hits(&cluster.search_monitors(&query).await?);
        add_counts(cluster, &mut all).await?;
        parse::sort_monitors(&mut all, p.sort, p.descending);
        (all.into_iter().skip(p.offset as usize).take(p.limit as usize).collect(), total)
    } else {
        let query = scoped(parse::monitors_query(&p.search, p.enabled, p.sort, p.descending, p.offset, p.limit));
        let (mut page, total) = parse::monitor_hits(&cluster.search_monitors(&query).await?);
        add_counts(cluster, &mut page).await?;
        (page, total)
    };
    let ids: Vec<String> = monitors.iter().map(|m: &MonitorSummary| m.id.clone()).collect();
    let links = drafts.drafts_for_monitors(&ids).await?;
    for m in &mut monitors {
        m.draft_id = links.get(&m.id).cloned();
    }
    Ok(MonitorList { monitors, total })
}

async fn add_counts(cluster: &ClusterClient, monitors: &mut [MonitorSummary]) -> ApiResult<()> {
    if monitors.is_empty() {
        return Ok(());
    }
    let ids: Vec<String> = monitors.iter().map(|m| m.id.clone()).collect();
    let answer = cluster.search_alerts(&parse::counts_query(&ids)).await?;
    parse::apply_counts(monitors, &answer);
    Ok(())
}

/// `GET …/monitors/{id}` with a 404 that says what happened.
pub async fn fetch(cluster: &ClusterClient, id: &str) -> ApiResult<MonitorDoc> {
    match cluster.get_monitor(id).await {
        Err(ApiError::NotFound(_)) => Err(ApiError::not_found(format!(
            "Monitor {id} was not found on the cluster. It may have been deleted; its alerts stay in the alert history."
        ))),
        other => other,
    }
}

/// The fields of a fetched monitor's body the server reads.
pub fn view(doc: &MonitorDoc) -> ApiResult<MonitorView> {
    answers::view(&doc.monitor, "Reading the monitor")
}

/// The monitor page's header and overview.
pub async fn detail(cluster: &ClusterClient, drafts: &DraftService, id: &str) -> ApiResult<MonitorDetail> {
    let got = fetch(cluster, id).await?;
    let m = view(&got)?;
    // The form model reads every shape a monitor comes in; its schedule gives the words.
    let draft = model::convert::from_monitor_json(&got.monitor).ok();
    let schedule = match &draft {
        Some(d) => model::schedule::describe(&d.schedule),
        None => m.schedule.as_ref().map_or_else(String::new, Value::to_string),
    };
    let defining_method = match &draft {
        Some(d) if d.monitor_type == model::MonitorType::ClusterMetrics => model::DefiningMethod::ClusterMetrics.label(),
        Some(d) => d.defining_method.label(),
        None => "Extraction query editor",
    };
    let active_query = json!({"size": 0, "track_total_hits": true, "query": {"bool": {"filter": [
        parse::alerts_of(id), {"term": {"state": "ACTIVE"}}]}}});
    let active: SearchAnswer<IgnoredAny, IgnoredAny> = cluster.search_alerts(&active_query).await?;
    let draft_id = drafts.drafts_for_monitors(&[id.to_owned()]).await?.remove(id);
    let delegates = if m.is_workflow() { delegates::states(cluster, id, &m.delegates()).await? } else { Vec::new() };
    let monitor_type = m.monitor_type();
    Ok(MonitorDetail {
        id: id.to_owned(),
        indices: m.indices(),
        triggers: triggers(&m.triggers),
        last_updated: parse::time(m.last_update_time),
        enabled_time: parse::time(m.enabled_time),
        name: m.name,
        enabled: m.enabled,
        monitor_type,
        defining_method: defining_method.to_owned(),
        schedule,
        version: got.version,
        seq_no: got.seq_no,
        primary_term: got.primary_term,
        active_alerts: active.hits.total.value(),
        draft_id,
        workflows: workflows(&got),
        delegates,
    })
}

/// The monitor page's trigger rows (kind wrappers already off, see [`TriggerView`]).
pub fn triggers(triggers: &[TriggerView]) -> Vec<TriggerSummary> {
    triggers
        .iter()
        .map(|t| TriggerSummary {
            id: t.id.clone().unwrap_or_default(),
            name: t.name.clone(),
            severity: t.severity.clone(),
            actions: t.actions,
            condition: t.condition.clone(),
        })
        .collect()
}

fn workflows(got: &MonitorDoc) -> Vec<WorkflowRef> {
    got.associated_workflows.iter().map(|w| WorkflowRef { id: w.id.clone(), name: w.name.clone() }).collect()
}

/// The monitor as the cluster returned it, minus what the cluster sets itself: what an
/// update sends back and what "Export as JSON" shows (trigger and action ids kept, so a
/// re-post updates rather than re-creates them).
pub fn editable(monitor: &Value) -> Value {
    let mut body = monitor.clone();
    if let Some(o) = body.as_object_mut() {
        for field in SERVER_FIELDS {
            o.remove(field);
        }
    }
    body
}

pub async fn export(cluster: &ClusterClient, id: &str) -> ApiResult<ExportedMonitor> {
    Ok(ExportedMonitor { monitor: editable(&fetch(cluster, id).await?.monitor) })
}

/// Enable/Disable: the whole monitor PUT back with `enabled` flipped, guarded by the
/// `_seq_no`/`_primary_term` just read. If someone changed it in between (409), the flip is
/// applied once more to the newer version: only `enabled` is ours to change.
pub async fn set_enabled(cluster: &ClusterClient, id: &str, enabled: bool, access: &Access) -> ApiResult<MonitorEnabled> {
    let mut attempt = 0;
    loop {
        let got = fetch(cluster, id).await?;
        if view(&got)?.enabled == enabled {
            return Ok(MonitorEnabled { id: id.to_owned(), enabled });
        }
        let mut body = editable(&got.monitor);
        body["enabled"] = json!(enabled);
        let body = if enabled { cluster.checked_monitor(body, access).await? } else { cluster.boundary().switched_off(body) };
        match cluster.update_monitor(id, got.seq_no, got.primary_term, &body).await {
            Ok(_) => return Ok(MonitorEnabled { id: id.to_owned(), enabled }),
            Err(ApiError::Conflict { .. }) if attempt == 0 => attempt += 1,
            Err(e) => return Err(e),
        }
    }
}

/// Delete, refused clearly where the cluster refuses: a delegate of a composite monitor.
pub async fn delete(cluster: &ClusterClient, id: &str) -> ApiResult<()> {
    let got = fetch(cluster, id).await?;
    let monitor = view(&got)?;
    let name = Some(monitor.name.clone()).filter(|n| !n.is_empty()).unwrap_or_else(|| id.to_owned());
    let refused = |workflows: &str| ApiError::Conflict {
        message: format!("Unable to delete \u{201c}{name}\u{201d}: it is part of the composite monitor(s) {workflows}. Remove it from them or delete them first."),
        errors: Default::default(),
    };
    let delegates = workflows(&got);
    if !delegates.is_empty() {
        let names: Vec<String> = delegates.iter().map(|w| format!("\u{201c}{}\u{201d}", if w.name.is_empty() { &w.id } else { &w.name })).collect();
        return Err(refused(&names.join(", ")));
    }
    match cluster.delete_monitor(id, monitor.is_workflow()).await {
        Ok(_) => Ok(()),
        Err(e) if e.to_string().contains("part of workflow") => Err(refused("on the cluster")),
        Err(e) => Err(e),
    }
}

/// Bulk enable / disable / delete / acknowledge: every id is tried, each gets an outcome.
pub async fn bulk(cluster: &ClusterClient, action: BulkAction, ids: &[String], access: &Access) -> ApiResult<BulkResult> {
    if ids.is_empty() {
        return Err(ApiError::field("ids", "Select at least one monitor."));
    }
    if ids.len() > MAX_BULK {
        return Err(ApiError::field("ids", format!("At most {MAX_BULK} monitors at once.")));
    }
    for (i, id) in ids.iter().enumerate() {
        crate::cluster::ops::checked_id(&format!("ids[{i}]"), id)?;
    }
    let mut unique: Vec<String> = Vec::with_capacity(ids.len());
    for id in ids {
        if !unique.contains(id) {
            unique.push(id.clone());
        }
    }
    if action == BulkAction::Acknowledge {
        return alerts::acknowledge_monitors(cluster, &unique).await;
    }
    let mut outcomes = Vec::with_capacity(unique.len());
    for id in unique {
        let result = match action {
            BulkAction::Enable => set_enabled(cluster, &id, true, access).await.map(|_| "Enabled."),
            BulkAction::Disable => set_enabled(cluster, &id, false, access).await.map(|_| "Disabled."),
            _ => delete(cluster, &id).await.map(|_| "Deleted."),
        };
        outcomes.push(match result {
            Ok(done) => BulkOutcome { id, ok: true, message: done.to_owned() },
            Err(e) => BulkOutcome { id, ok: false, message: e.to_string() },
        });
    }
    Ok(BulkResult { outcomes })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn updates_and_exports_leave_out_server_fields_only() {
        let m = json!({"type": "monitor", "schema_version": 8, "name": "x", "enabled": true, "enabled_time": 1, "last_update_time": 2,
            "owner": "alerting", "ui_metadata": {"schedule": {}}, "triggers": [{"query_level_trigger": {"id": "t1", "name": "T", "severity": "1",
            "condition": {"script": {"source": "true"}}, "actions": [{"id": "a1"}]}}]});
        let body = editable(&m);
        for f in SERVER_FIELDS {
            assert!(body.get(f).is_none(), "{f}");
        }
        assert_eq!(body["ui_metadata"], m["ui_metadata"]);
        assert_eq!(body["triggers"], m["triggers"]);
        assert_eq!(body["owner"], "alerting");
        let t = triggers(&serde_json::from_value::<MonitorView>(m).unwrap().triggers);
        assert_eq!(t, vec![TriggerSummary { id: "t1".into(), name: "T".into(), severity: "1".into(), actions: 1, condition: "true".into() }]);
    }

    #[test]
    fn indices_of_search_and_document_monitors() {
        let indices = |v: Value| serde_json::from_value::<MonitorView>(v).unwrap().indices();
        assert_eq!(indices(json!({"inputs": [{"search": {"indices": ["a", "b"]}}]})), ["a", "b"]);
        assert_eq!(indices(json!({"inputs": [{"doc_level_input": {"indices": ["d"]}}]})), ["d"]);
        assert!(indices(json!({"inputs": [{"uri": {"path": "/_cluster/health"}}]})).is_empty());
    }

    #[test]
    fn pages_are_bounded() {
        assert!(check_page(20, 0).is_ok());
        assert!(check_page(0, 0).is_err());
        assert!(check_page(101, 0).is_err());
        assert!(check_page(20, 10_001).is_err());
    }
}
