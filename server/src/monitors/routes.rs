//! `/api/v1/monitors…` and `/api/v1/alerts…`: thin handlers over [`super`]. Without a
//! configured cluster every route answers 503 with a sentence saying so.

use app::api::{
    AcknowledgeGroupsRequest, AcknowledgeRequest, AcknowledgeResult, AlertGroupList, AlertList, BulkMonitorRequest, BulkResult, ExportedMonitor,
    MonitorDetail, MonitorEnabled, MonitorHistory, MonitorList, MonitorSort,
};
use axum::{
    Router,
    extract::{Path, State},
    http::StatusCode,
    routing::{get, post},
};
use serde::Deserialize;

use super::{ListParams, alerts::{self, AlertParams}, history};
use crate::{
    AppState,
    cluster::require,
    error::{ApiError, ApiResult},
    json::{AppJson, AppQuery},
};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/monitors", get(list_monitors))
        .route("/monitors/bulk", post(bulk))
        .route("/monitors/{id}", get(find_monitor).delete(delete_monitor))
        .route("/monitors/{id}/enable", post(enable))
        .route("/monitors/{id}/disable", post(disable))
        .route("/monitors/{id}/export", get(export))
        .route("/monitors/{id}/history", get(monitor_history))
        .route("/monitors/{id}/alerts", get(monitor_alerts))
        .route("/monitors/{id}/acknowledge", post(acknowledge))
        .route("/alerts", get(alert_groups))
        .route("/alerts/list", get(group_alerts))
        .route("/alerts/acknowledge", post(acknowledge_groups))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ListQuery {
    #[serde(default)]
    search: String,
    /// `all` (default), `enabled` or `disabled`.
    state: Option<String>,
    sort: Option<MonitorSort>,
    /// `asc` or `desc`; the Dashboards' default is name descending.
    order: Option<String>,
    limit: Option<u64>,
    offset: Option<u64>,
}

async fn list_monitors(State(state): State<AppState>, AppQuery(q): AppQuery<ListQuery>) -> ApiResult<AppJson<MonitorList>> {
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
    let params = ListParams { search: q.search, enabled, sort: q.sort.unwrap_or_default(), descending, limit: q.limit.unwrap_or(20), offset: q.offset.unwrap_or(0) };
    Ok(AppJson(super::list(require(&state.cluster)?, &state.drafts, &params).await?))
}

async fn bulk(State(state): State<AppState>, AppJson(request): AppJson<BulkMonitorRequest>) -> ApiResult<AppJson<BulkResult>> {
    Ok(AppJson(super::bulk(require(&state.cluster)?, request.action, &request.ids).await?))
}

async fn find_monitor(State(state): State<AppState>, Path(id): Path<String>) -> ApiResult<AppJson<MonitorDetail>> {
    Ok(AppJson(super::detail(require(&state.cluster)?, &state.drafts, &id).await?))
}

async fn delete_monitor(State(state): State<AppState>, Path(id): Path<String>) -> ApiResult<StatusCode> {
    super::delete(require(&state.cluster)?, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn enable(State(state): State<AppState>, Path(id): Path<String>) -> ApiResult<AppJson<MonitorEnabled>> {
    Ok(AppJson(super::set_enabled(require(&state.cluster)?, &id, true).await?))
}

async fn disable(State(state): State<AppState>, Path(id): Path<String>) -> ApiResult<AppJson<MonitorEnabled>> {
    Ok(AppJson(super::set_enabled(require(&state.cluster)?, &id, false).await?))
}

async fn export(State(state): State<AppState>, Path(id): Path<String>) -> ApiResult<AppJson<ExportedMonitor>> {
    Ok(AppJson(super::export(require(&state.cluster)?, &id).await?))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct HistoryQuery {
    days: Option<u32>,
}

/// The monitor (for its triggers) and ONE aggregation over its alerts.
async fn monitor_history(State(state): State<AppState>, Path(id): Path<String>, AppQuery(q): AppQuery<HistoryQuery>) -> ApiResult<AppJson<MonitorHistory>> {
    let days = q.days.unwrap_or(history::DEFAULT_DAYS);
    if !(1..=history::MAX_DAYS).contains(&days) {
        return Err(ApiError::field("days", format!("Must be between 1 and {} days.", history::MAX_DAYS)));
    }
    let cluster = require(&state.cluster)?;
    let monitor = super::get(cluster, &id).await?;
    let window = history::Window::last_days(chrono::Utc::now().timestamp_millis(), days);
    let answer = cluster.search_alerts(&history::query(&id, &window)).await?;
    Ok(AppJson(history::parse(&answer, &window, &history::monitor_triggers(&monitor["monitor"]))))
}

async fn monitor_alerts(State(state): State<AppState>, Path(id): Path<String>, AppQuery(q): AppQuery<AlertParams>) -> ApiResult<AppJson<AlertList>> {
    Ok(AppJson(alerts::monitor_alerts(require(&state.cluster)?, &id, &q).await?))
}

async fn acknowledge(State(state): State<AppState>, Path(id): Path<String>, AppJson(request): AppJson<AcknowledgeRequest>) -> ApiResult<AppJson<AcknowledgeResult>> {
    Ok(AppJson(alerts::acknowledge(require(&state.cluster)?, &id, &request.alerts).await?))
}

async fn alert_groups(State(state): State<AppState>, AppQuery(q): AppQuery<AlertParams>) -> ApiResult<AppJson<AlertGroupList>> {
    Ok(AppJson(alerts::groups(require(&state.cluster)?, &q).await?))
}

async fn group_alerts(State(state): State<AppState>, AppQuery(q): AppQuery<AlertParams>) -> ApiResult<AppJson<AlertList>> {
    Ok(AppJson(alerts::group_alerts(require(&state.cluster)?, &q).await?))
}

async fn acknowledge_groups(State(state): State<AppState>, AppJson(request): AppJson<AcknowledgeGroupsRequest>) -> ApiResult<AppJson<AcknowledgeResult>> {
    Ok(AppJson(alerts::acknowledge_groups(require(&state.cluster)?, &request.groups).await?))
}
