//! Alerts: a monitor's alerts table, the alerts dashboard (alerts grouped by trigger) and
//! acknowledgement. Only ACTIVE alerts can be acknowledged; the cluster says why for others.

use std::collections::BTreeMap;

use app::api::{AcknowledgeFailure, AcknowledgeResult, AlertGroupList, AlertList, BulkOutcome, BulkResult, TriggerRef};
use serde::de::IgnoredAny;
use serde_json::json;

use super::{MonitorScope, check_page, parse};
use crate::{
    cluster::{
        ClusterClient,
        answers::{SearchAnswer, alerts::{AlertDoc, MonitorIdOnly}},
        ops::{AlertsQuery, checked_id},
    },
    error::{ApiError, ApiResult},
};

/// The most alerts one acknowledge-everything action reads (the search window's limit).
const MAX_ACTIVE_READ: u64 = 10_000;

/// Filters and paging of the alerts tables: the API's query, read and checked here.
pub use app::api::AlertQuery as AlertParams;

/// The checked values of an [`AlertParams`]: a field error names the bad parameter.
trait Checked {
    fn severity(&self) -> ApiResult<Option<String>>;
    fn state(&self) -> ApiResult<Option<String>>;
    fn descending(&self) -> ApiResult<bool>;
    fn page(&self) -> ApiResult<(u64, u64)>;
}

impl Checked for AlertParams {
    fn severity(&self) -> ApiResult<Option<String>> {
        match self.severity.as_deref().map(str::trim) {
            None | Some("" | "ALL" | "all") => Ok(None),
            Some(s @ ("1" | "2" | "3" | "4" | "5")) => Ok(Some(s.to_owned())),
            Some(other) => Err(ApiError::field("severity", format!("Must be ALL or 1 to 5, not {other:?}."))),
        }
    }

    fn state(&self) -> ApiResult<Option<String>> {
        let state = self.state.as_deref().map(|s| s.trim().to_ascii_uppercase());
        match state.as_deref() {
            None | Some("" | "ALL") => Ok(None),
            Some(s @ ("ACTIVE" | "ACKNOWLEDGED" | "COMPLETED" | "ERROR" | "DELETED")) => Ok(Some(s.to_owned())),
            Some(other) => Err(ApiError::field("state", format!("Must be ALL, ACTIVE, ACKNOWLEDGED, COMPLETED, ERROR or DELETED, not {other:?}."))),
        }
    }

    fn descending(&self) -> ApiResult<bool> {
        match self.order.as_deref() {
            None | Some("desc") => Ok(true),
            Some("asc") => Ok(false),
            Some(other) => Err(ApiError::field("order", format!("Must be asc or desc, not {other:?}."))),
        }
    }

    fn page(&self) -> ApiResult<(u64, u64)> {
        let (limit, offset) = (self.limit.unwrap_or(20), self.offset.unwrap_or(0));
        check_page(limit, offset)?;
        Ok((limit, offset))
    }
}

/// A monitor's alerts table: `GET …/monitors/alerts?monitorId=` (active and history).
pub async fn monitor_alerts(cluster: &ClusterClient, monitor_id: &str, p: &AlertParams) -> ApiResult<AlertList> {
    let (limit, offset) = p.page()?;
    let sort = match p.sort.as_deref().unwrap_or("start_time") {
        s @ ("start_time" | "end_time" | "acknowledged_time" | "last_notification_time" | "severity" | "state") => s.to_owned(),
        // Text fields sort on their keyword sub-field.
        s @ ("trigger_name" | "monitor_name") => format!("{s}.keyword"),
        other => return Err(ApiError::field("sort", format!("Cannot sort alerts by {other:?}."))),
    };
    let query = AlertsQuery {
        sort_string: Some(sort),
        sort_order: Some(if p.descending()? { "desc" } else { "asc" }.to_owned()),
        size: Some(limit as u32),
        start_index: Some(offset as u32),
        search_string: parse::search_text(&p.search),
        severity_level: Some(p.severity()?.unwrap_or_else(|| "ALL".into())),
        alert_state: Some(p.state()?.unwrap_or_else(|| "ALL".into())),
        monitor_id: Some(monitor_id.to_owned()),
        workflow_ids: None,
    };
    let mut answer = cluster.alerts(&query).await?;
    if answer.total_alerts == 0 {
        // Perhaps a composite monitor: the API answers its alerts by `workflowIds` only.
        // Ids are unique across monitors and composite monitors, so at most one has any.
        answer = cluster.alerts(&AlertsQuery { monitor_id: None, workflow_ids: Some(monitor_id.to_owned()), ..query }).await?;
    }
    Ok(AlertList { alerts: parse::api_alerts(&answer.alerts), total: answer.total_alerts })
}

/// The alerts dashboard: one aggregation, grouped by monitor and trigger, sorted and paged
/// here (a cluster has at most 1000 monitors × 10 triggers).
pub async fn groups(cluster: &ClusterClient, scope: &MonitorScope, p: &AlertParams) -> ApiResult<AlertGroupList> {
    let (limit, offset) = p.page()?;
    let descending = p.descending()?;
    let filters = scope.wrap_alerts(parse::alert_filters(p.severity()?.as_deref(), p.state()?.as_deref(), &p.search));
    let mut groups = parse::groups(&cluster.search_alerts(&parse::groups_query(filters)).await?);
    let sort = p.sort.as_deref().unwrap_or("start_time");
    groups.sort_by(|a, b| {
        let primary = match sort {
            "last_updated" => a.last_updated.cmp(&b.last_updated),
            "monitor_name" => a.monitor_name.cmp(&b.monitor_name),
            "trigger_name" => a.trigger_name.cmp(&b.trigger_name),
            "severity" => a.severity.cmp(&b.severity),
            "active" => a.active.cmp(&b.active),
            "acknowledged" => a.acknowledged.cmp(&b.acknowledged),
            "errors" => a.errors.cmp(&b.errors),
            "total" => a.total.cmp(&b.total),
            _ => a.start_time.cmp(&b.start_time),
        };
        let primary = if descending { primary.reverse() } else { primary };
        primary.then_with(|| (&a.monitor_name, &a.trigger_name).cmp(&(&b.monitor_name, &b.trigger_name)))
    });
    let total = groups.len() as u64;
    Ok(AlertGroupList { groups: groups.into_iter().skip(offset as usize).take(limit as usize).collect(), total })
}

/// The alerts of one dashboard group (one trigger of one monitor), newest first.
pub async fn group_alerts(cluster: &ClusterClient, p: &AlertParams) -> ApiResult<AlertList> {
    let (limit, offset) = p.page()?;
    let monitor_id = checked_id("monitor_id", p.monitor_id.as_deref().unwrap_or_default())?;
    let trigger_id = checked_id("trigger_id", p.trigger_id.as_deref().unwrap_or_default())?;
    let mut filters = parse::alert_filters(p.severity()?.as_deref(), p.state()?.as_deref(), &p.search);
    if let Some(list) = filters.pointer_mut("/bool/filter").and_then(|f| f.as_array_mut()) {
        list.push(parse::alerts_of(monitor_id));
        list.push(json!({"term": {"trigger_id": trigger_id}}));
    }
    let order = if p.descending()? { "desc" } else { "asc" };
    let body = json!({"from": offset, "size": limit, "track_total_hits": true, "query": filters, "sort": [{"start_time": {"order": order}}]});
    let answer: SearchAnswer<AlertDoc> = cluster.search_alerts(&body).await?;
    let alerts = answer.hits.hits.iter().map(|hit| parse::alert(&hit.id, &hit.source)).collect();
    Ok(AlertList { alerts, total: answer.hits.total.value() })
}

/// Acknowledges the given alerts of one monitor, which must exist: the cluster's
/// acknowledge API, asked about a monitor that does not, holds a lock it never releases.
pub async fn acknowledge(cluster: &ClusterClient, monitor_id: &str, alert_ids: &[String]) -> ApiResult<AcknowledgeResult> {
    if alert_ids.is_empty() {
        return Err(ApiError::field("alerts", "Select at least one active alert."));
    }
    for (i, id) in alert_ids.iter().enumerate() {
        checked_id(&format!("alerts[{i}]"), id)?;
    }
    let workflow = super::view(&super::fetch(cluster, monitor_id).await?)?.is_workflow();
    Ok(parse::acknowledge_result(&cluster.acknowledge(monitor_id, workflow, alert_ids).await?))
}

/// Every ACTIVE alert of these (monitor, optional trigger) pairs, by monitor: ONE search.
async fn active_alerts(cluster: &ClusterClient, targets: &[(String, Option<String>)]) -> ApiResult<BTreeMap<String, Vec<String>>> {
    let mut should = Vec::new();
    for (monitor_id, trigger_id) in targets {
        let mut both = vec![parse::alerts_of(checked_id("monitor_id", monitor_id)?)];
        if let Some(t) = trigger_id {
            both.push(json!({"term": {"trigger_id": checked_id("trigger_id", t)?}}));
        }
        should.push(json!({"bool": {"filter": both}}));
    }
    let body = json!({
        "size": MAX_ACTIVE_READ,
        "_source": {"includes": ["monitor_id", "workflow_id"]},
        "query": {"bool": {"filter": [{"term": {"state": "ACTIVE"}}], "should": should, "minimum_should_match": 1}},
    });
    let answer: SearchAnswer<MonitorIdOnly, IgnoredAny> = cluster.search_alerts(&body).await?;
    let mut by_monitor: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for hit in answer.hits.hits {
        if let Some(monitor) = hit.source.owner() {
            by_monitor.entry(monitor).or_default().push(hit.id);
        }
    }
    Ok(by_monitor)
}

/// The monitors list's bulk Acknowledge: every active alert of each selected monitor.
pub async fn acknowledge_monitors(cluster: &ClusterClient, ids: &[String]) -> ApiResult<BulkResult> {
    let targets: Vec<(String, Option<String>)> = ids.iter().map(|id| (id.clone(), None)).collect();
    let mut active = active_alerts(cluster, &targets).await?;
    let mut outcomes = Vec::with_capacity(ids.len());
    for id in ids {
        let alerts = active.remove(id).unwrap_or_default();
        let outcome = if alerts.is_empty() {
            BulkOutcome { id: id.clone(), ok: true, message: "No active alerts.".into() }
        } else {
            match acknowledge(cluster, id, &alerts).await {
                Ok(r) if r.failed.is_empty() => BulkOutcome { id: id.clone(), ok: true, message: format!("Acknowledged {} alert(s).", r.acknowledged.len()) },
                Ok(r) => BulkOutcome {
                    id: id.clone(),
                    ok: false,
                    message: format!("Acknowledged {} alert(s); {} not: {}", r.acknowledged.len(), r.failed.len(), r.failed[0].reason),
                },
                Err(e) => BulkOutcome { id: id.clone(), ok: false, message: e.to_string() },
            }
        };
        outcomes.push(outcome);
    }
    Ok(BulkResult { outcomes })
}

/// The alerts dashboard's Acknowledge: every active alert of the selected triggers.
pub async fn acknowledge_groups(cluster: &ClusterClient, groups: &[TriggerRef]) -> ApiResult<AcknowledgeResult> {
    if groups.is_empty() {
        return Err(ApiError::field("groups", "Select at least one trigger with active alerts."));
    }
    let targets: Vec<(String, Option<String>)> = groups.iter().map(|g| (g.monitor_id.clone(), Some(g.trigger_id.clone()))).collect();
    let mut result = AcknowledgeResult::default();
    for (monitor_id, alerts) in active_alerts(cluster, &targets).await? {
        match acknowledge(cluster, &monitor_id, &alerts).await {
            Ok(r) => {
                result.acknowledged.extend(r.acknowledged);
                result.failed.extend(r.failed);
            }
            Err(e) => result.failed.extend(alerts.into_iter().map(|id| AcknowledgeFailure { id, reason: e.to_string() })),
        }
    }
    Ok(result)
}
