//! `/api/v1/monitors…` and `/api/v1/alerts…`: thin handlers over [`super`]. Without a
//! configured cluster every route answers 503 with a sentence saying so.

use app::api::{
    AcknowledgeResult, AlertGroupList, AlertList, BulkResult, Call, ExportedMonitor, FindingList, MonitorDetail, MonitorEnabled,
    MonitorHistory, MonitorList, NoContent, ops,
};

use super::{ListParams, alerts, findings, history};
use crate::{
    api::Ctx,
    error::{ApiError, ApiResult},
};

pub async fn list_monitors(state: Ctx, call: Call<ops::ListMonitors>) -> ApiResult<MonitorList> {
    let q = call.query;
    let enabled = match q.state.as_deref() {
        None | Some("" | "all") => None,
        Some("enabled") => Some(true),
        Some("disabled") => Some(false),
        Some(other) => return Err(ApiError::field("state", format!("Must be all, enabled or disabled, not {other:?}."))),
    };
    let descending = match q.order.as_deref() {
        None | Some("desc") => true,
        Some("asc") => false,
        Some(other) => return Err(ApiError::field("order", format!("Must be asc or desc, not {other:?}."))),
    };
    // An embedded list shows what its link names: those filters are the host's, not the person's.
    let (search, index) = match crate::embed::locks::access(&state).filter(|a| a.claims.page == app::api::EmbedPage::Monitors) {
        Some(access) => {
            let p = &access.claims.params;
            (p.tag.clone().or_else(|| p.name.clone()).unwrap_or(q.search), p.index.clone())
        }
        None => (q.search, None),
    };
    let params = ListParams { search, index, enabled, sort: q.sort.unwrap_or_default(), descending, limit: q.limit.unwrap_or(20), offset: q.offset.unwrap_or(0) };
    let scope = state.monitor_scope().await?;
    super::list(&state.cluster().await?, &state.drafts()?, &scope, &params).await
}

pub async fn bulk(state: Ctx, call: Call<ops::BulkMonitors>) -> ApiResult<BulkResult> {
    for id in &call.body.ids {
        state.check_monitor(id).await?;
    }
    super::bulk(&state.cluster().await?, call.body.action, &call.body.ids, &state.access()).await
}

pub async fn find_monitor(state: Ctx, call: Call<ops::GetMonitor>) -> ApiResult<MonitorDetail> {
    state.check_monitor(&call.params).await?;
    super::detail(&state.cluster().await?, &state.drafts()?, &call.params).await
}

pub async fn delete_monitor(state: Ctx, call: Call<ops::DeleteMonitor>) -> ApiResult<NoContent> {
    state.check_monitor(&call.params).await?;
    super::delete(&state.cluster().await?, &call.params).await?;
    Ok(NoContent)
}

pub async fn enable(state: Ctx, call: Call<ops::EnableMonitor>) -> ApiResult<MonitorEnabled> {
    state.check_monitor(&call.params).await?;
    super::set_enabled(&state.cluster().await?, &call.params, true, &state.access()).await
}

pub async fn disable(state: Ctx, call: Call<ops::DisableMonitor>) -> ApiResult<MonitorEnabled> {
    state.check_monitor(&call.params).await?;
    super::set_enabled(&state.cluster().await?, &call.params, false, &state.access()).await
}

pub async fn export(state: Ctx, call: Call<ops::ExportMonitor>) -> ApiResult<ExportedMonitor> {
    state.check_monitor(&call.params).await?;
    super::export(&state.cluster().await?, &call.params).await
}

/// The monitor (for its triggers) and ONE aggregation over its alerts.
pub async fn monitor_history(state: Ctx, call: Call<ops::GetMonitorHistory>) -> ApiResult<MonitorHistory> {
    let window = history::Window::of_query(chrono::Utc::now().timestamp_millis(), &call.query)?;
    state.check_monitor(&call.params).await?;
    history::monitor_history(&state.cluster().await?, &call.params, window).await
}

pub async fn monitor_alerts(state: Ctx, call: Call<ops::ListMonitorAlerts>) -> ApiResult<AlertList> {
    state.check_monitor(&call.params).await?;
    alerts::monitor_alerts(&state.cluster().await?, &call.params, &call.query).await
}

pub async fn monitor_findings(state: Ctx, call: Call<ops::ListMonitorFindings>) -> ApiResult<FindingList> {
    state.check_monitor(&call.params).await?;
    findings::monitor_findings(&state.cluster().await?, &call.params, &call.query).await
}

pub async fn acknowledge(state: Ctx, call: Call<ops::AcknowledgeAlerts>) -> ApiResult<AcknowledgeResult> {
    state.check_monitor(&call.params).await?;
    alerts::acknowledge(&state.cluster().await?, &call.params, &call.body.alerts).await
}

pub async fn alert_groups(state: Ctx, call: Call<ops::ListAlertGroups>) -> ApiResult<AlertGroupList> {
    let scope = state.monitor_scope().await?;
    alerts::groups(&state.cluster().await?, &scope, &call.query).await
}

pub async fn group_alerts(state: Ctx, call: Call<ops::ListGroupAlerts>) -> ApiResult<AlertList> {
    if let Some(id) = call.query.monitor_id.as_deref().filter(|id| !id.is_empty()) {
        state.check_monitor(id).await?;
    }
    alerts::group_alerts(&state.cluster().await?, &call.query).await
}

pub async fn acknowledge_groups(state: Ctx, call: Call<ops::AcknowledgeGroups>) -> ApiResult<AcknowledgeResult> {
    for group in &call.body.groups {
        state.check_monitor(&group.monitor_id).await?;
    }
    alerts::acknowledge_groups(&state.cluster().await?, &call.body.groups).await
}
