//! The allow-list: every cluster operation Monitor Studio performs, each with its fixed
//! method, path and documented query parameters, and each answering a typed answer of
//! [`super::answers`]. Nothing else can be sent (see [`super::transport`]).

use reqwest::{Method, StatusCode};
use serde::de::{DeserializeOwned, IgnoredAny};
use serde_json::{Value, json};

use super::{
    ClusterClient, ClusterInfo,
    answers::{
        SearchAnswer,
        alerts::{AcknowledgeAnswer, AlertsAnswer},
        bulk::BulkAnswer,
        channels::{ConfigList, CreatedConfig, TestAnswer},
        execute::ExecuteAnswer,
        findings::FindingsAnswer,
        lookups::{CatIndex, ClusterHealth, Mappings, PluginRow, ResolvedIndices, RootInfo},
        monitor::{MonitorDoc, WriteAnswer},
    },
    boundary::CheckedMonitor,
    error::from_answer,
    transport::{Answer, segment},
};
use crate::error::{ApiError, ApiResult};

/// Monitor, alert and channel ids: what the cluster generates (base64url) or what channel
/// ids may hold. Anything else is refused before a request is made.
pub fn checked_id<'a>(field: &str, id: &'a str) -> ApiResult<&'a str> {
    let ok = !id.is_empty() && id.len() <= 512 && id.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'+'));
    if ok { Ok(id) } else { Err(ApiError::field(field, format!("Not a valid id: {id:?}"))) }
}

/// An index pattern for lookups: index names, wildcards, commas, `:` for remote clusters.
pub fn checked_pattern<'a>(field: &str, pattern: &'a str) -> ApiResult<&'a str> {
    let ok = !pattern.is_empty()
        && pattern.len() <= 4096
        && !pattern.starts_with('_')
        && pattern.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'*' | b',' | b':' | b'+'));
    if ok { Ok(pattern) } else { Err(ApiError::field(field, format!("Not an index pattern Monitor Studio can look up: {pattern:?}"))) }
}

fn encode_pattern(pattern: &str) -> String {
    pattern.split(',').map(|p| segment(p).replace("%2A", "*")).collect::<Vec<_>>().join(",")
}

impl ClusterClient {
    async fn call(&self, method: Method, path: &str, query: &[(&str, String)], body: Option<&Value>, what: &str) -> ApiResult<Answer> {
        let answer = self.transport.send(method, path, query, body).await?;
        if answer.status.is_success() { Ok(answer) } else { Err(from_answer(&answer, what)) }
    }

    /// One call, its answer read as `T`.
    async fn call_as<T: DeserializeOwned>(&self, method: Method, path: &str, query: &[(&str, String)], body: Option<&Value>, what: &str) -> ApiResult<T> {
        Ok(self.call(method, path, query, body, what).await?.decode(what)?)
    }

    /// Like [`Self::call_as`], but a 404 is the given answer: what searching or listing an
    /// index that does not exist yet means (a fresh cluster has no monitors index, the
    /// alerting plugin answers `Configured indices are not found`).
    async fn call_or<T: DeserializeOwned>(&self, path: &str, query: &[(&str, String)], body: Option<&Value>, what: &str, missing: T) -> ApiResult<T> {
        let method = if body.is_some() { Method::POST } else { Method::GET };
        let answer = self.transport.send(method, path, query, body).await?;
        match answer.status {
            StatusCode::NOT_FOUND => Ok(missing),
            s if s.is_success() => Ok(answer.decode(what)?),
            _ => Err(from_answer(&answer, what)),
        }
    }

    pub(super) async fn detect(&self) -> ApiResult<ClusterInfo> {
        let root: RootInfo = self.call_as(Method::GET, "/", &[], None, "Reading the cluster's version").await?;
        let query = [("format", "json".to_owned()), ("h", "component".to_owned())];
        let rows: Vec<PluginRow> = self.call_as(Method::GET, "/_cat/plugins", &query, None, "Listing plugins").await?;
        let mut plugins: Vec<String> = rows.into_iter().filter_map(|p| p.component).collect();
        plugins.sort();
        plugins.dedup();
        let distribution = root.version.distribution.unwrap_or_else(|| "elasticsearch".to_owned());
        let opendistro = distribution != "opensearch";
        let has = |name: &str| plugins.iter().any(|p| p.contains(name));
        let has_alerting = has("alerting");
        let has_notifications = has("notifications") && !opendistro;
        let has_job_scheduler = has("job-scheduler") || has("job_scheduler");
        let mut unavailable = Vec::new();
        if !has_alerting {
            unavailable.push("The alerting plugin is not installed: previews and publishing are unavailable.".to_owned());
        }
        if !has_notifications {
            unavailable.push("The notifications plugin is not installed: channels cannot be listed, created or tested; type a destination id.".to_owned());
        }
        Ok(ClusterInfo {
            url: self.base_url().to_owned(),
            cluster_name: root.cluster_name,
            version: root.version.number,
            alerting_path: if opendistro { "/_opendistro/_alerting" } else { "/_plugins/_alerting" }.to_owned(),
            distribution,
            plugins,
            has_alerting,
            has_notifications,
            has_job_scheduler,
            unavailable,
        })
    }

    /// Whether the cluster accepts this client's credentials: `GET _plugins/_security/authinfo`,
    /// which any signed-in user may call. A cluster without the security plugin (404)
    /// accepts everyone.
    pub async fn check_credentials(&self) -> ApiResult<()> {
        match self.call(Method::GET, "/_plugins/_security/authinfo", &[], None, "Signing in to the cluster").await {
            Ok(_) | Err(ApiError::NotFound(_)) => Ok(()),
            Err(e) => Err(e),
        }
    }

    /// `GET _cluster/health`.
    pub async fn cluster_health(&self) -> ApiResult<ClusterHealth> {
        self.call_as(Method::GET, "/_cluster/health", &[], None, "Reading cluster health").await
    }

    /// `GET _resolve/index/{pattern}`: indices, aliases and data streams.
    pub async fn resolve_index(&self, pattern: &str) -> ApiResult<ResolvedIndices> {
        let pattern = checked_pattern("pattern", pattern)?;
        let path = format!("/_resolve/index/{}", encode_pattern(pattern));
        self.call_or(&path, &[("expand_wildcards", "open".into())], None, "Looking up indices", ResolvedIndices::default()).await
    }

    /// `GET _cat/indices/{pattern}` for health per index.
    pub async fn cat_indices(&self, pattern: &str) -> ApiResult<Vec<CatIndex>> {
        let pattern = checked_pattern("pattern", pattern)?;
        let path = format!("/_cat/indices/{}", encode_pattern(pattern));
        let query = [("format", "json".to_owned()), ("h", "health,index,status".to_owned())];
        self.call_or(&path, &query, None, "Reading index health", Vec::new()).await
    }

    /// `GET {indices}/_mapping`.
    pub async fn mappings(&self, indices: &[String]) -> ApiResult<Mappings> {
        let joined = indices.join(",");
        let pattern = checked_pattern("indices", &joined)?;
        let path = format!("/{}/_mapping", encode_pattern(pattern));
        let query = [("allow_no_indices", "true".to_owned()), ("ignore_unavailable", "true".to_owned())];
        self.call_or(&path, &query, None, "Reading mappings", Mappings::new()).await
    }

    /// `POST {alerting}/monitors/_search` over the monitors (config) index. Each hit's
    /// `_source` is the bare monitor. A cluster that never had a monitor has no such index:
    /// nothing found.
    pub async fn search_monitors<S: DeserializeOwned>(&self, body: &Value) -> ApiResult<SearchAnswer<S>> {
        let path = format!("{}/monitors/_search", self.alerting_path().await);
        self.call_or(&path, &[], Some(body), "Searching monitors", SearchAnswer::empty()).await
    }

    /// `POST {alerting}/monitors/_search?index=.opendistro-alerting-alert*`: searches and
    /// aggregations over alerts (active and history). A cluster without alerts yet has no
    /// such index: nothing found.
    pub async fn search_alerts<S: DeserializeOwned, A: DeserializeOwned>(&self, body: &Value) -> ApiResult<SearchAnswer<S, A>> {
        let path = format!("{}/monitors/_search", self.alerting_path().await);
        let query = [("index", ".opendistro-alerting-alert*".to_owned())];
        self.call_or(&path, &query, Some(body), "Searching alerts", SearchAnswer::empty()).await
    }

    async fn monitor_path(&self, id: &str) -> ApiResult<String> {
        Ok(format!("{}/monitors/{}", self.alerting_path().await, segment(checked_id("monitor_id", id)?)))
    }

    /// `…/workflows/{id}`: composite monitors have an API of their own.
    async fn workflow_path(&self, id: &str) -> ApiResult<String> {
        Ok(format!("{}/workflows/{}", self.alerting_path().await, segment(checked_id("monitor_id", id)?)))
    }

    /// `…/monitors/{id}`, or `…/workflows/{id}` for a composite monitor.
    async fn item_path(&self, id: &str, workflow: bool) -> ApiResult<String> {
        if workflow { self.workflow_path(id).await } else { self.monitor_path(id).await }
    }

    /// Where a monitor body is written: `…/monitors` or, for a composite one, `…/workflows`.
    async fn collection_of(&self, monitor: &CheckedMonitor) -> String {
        let kind = if monitor.is_workflow() { "workflows" } else { "monitors" };
        format!("{}/{kind}", self.alerting_path().await)
    }

    /// `GET {alerting}/monitors/{id}`, with its concurrency tokens. An id the monitors API
    /// does not know (404), or cannot read as a monitor (it answers a composite monitor's
    /// id with a 500), is read as a composite monitor: `GET {alerting}/workflows/{id}`.
    pub async fn get_monitor(&self, id: &str) -> ApiResult<MonitorDoc> {
        let not_there = |message: &str| message.contains("Configured indices are not found");
        match self.call_as(Method::GET, &self.monitor_path(id).await?, &[], None, "Reading the monitor").await {
            // A cluster that never had a monitor has no config index yet: this one is not there.
            Err(ApiError::Invalid { message, .. } | ApiError::Cluster { message, .. }) if not_there(&message) => {
                Err(ApiError::not_found(format!("Monitor {id} not found.")))
            }
            Err(first @ (ApiError::NotFound(_) | ApiError::Cluster { .. })) => {
                match self.call_as(Method::GET, &self.workflow_path(id).await?, &[], None, "Reading the composite monitor").await {
                    Ok(doc) => Ok(doc),
                    Err(_) if matches!(first, ApiError::NotFound(_)) => Err(ApiError::not_found(format!("Monitor {id} not found."))),
                    Err(_) => Err(first),
                }
            }
            other => other,
        }
    }

    /// `POST {alerting}/monitors?refresh=wait_for` (composite: `…/workflows`).
    pub async fn create_monitor(&self, monitor: &CheckedMonitor) -> ApiResult<WriteAnswer> {
        let path = self.collection_of(monitor).await;
        self.call_as(Method::POST, &path, &[("refresh", "wait_for".into())], Some(monitor.body()), "Publishing the monitor").await
    }

    /// `PUT {alerting}/monitors/{id}?if_seq_no&if_primary_term&refresh=wait_for`
    /// (composite: `…/workflows/{id}`).
    pub async fn update_monitor(&self, id: &str, seq_no: i64, primary_term: i64, monitor: &CheckedMonitor) -> ApiResult<WriteAnswer> {
        let query = [("refresh", "wait_for".to_owned()), ("if_seq_no", seq_no.to_string()), ("if_primary_term", primary_term.to_string())];
        let path = self.item_path(id, monitor.is_workflow()).await?;
        self.call_as(Method::PUT, &path, &query, Some(monitor.body()), "Updating the monitor").await
    }

    /// `DELETE {alerting}/monitors/{id}`, or `…/workflows/{id}` for a composite monitor
    /// (its delegates stay).
    pub async fn delete_monitor(&self, id: &str, workflow: bool) -> ApiResult<()> {
        let path = self.item_path(id, workflow).await?;
        let _: IgnoredAny = self.call_as(Method::DELETE, &path, &[("refresh", "true".into())], None, "Deleting the monitor").await?;
        Ok(())
    }

    /// `POST {alerting}/monitors/_execute?dryrun=…` with an unsaved monitor body; also
    /// answers how long the cluster took.
    pub async fn execute_monitor(&self, monitor: &CheckedMonitor, dryrun: bool) -> ApiResult<(ExecuteAnswer, std::time::Duration)> {
        let what = "Running the monitor";
        let path = format!("{}/monitors/_execute", self.alerting_path().await);
        let answer = self.call(Method::POST, &path, &[("dryrun", dryrun.to_string())], Some(monitor.body()), what).await?;
        Ok((answer.decode(what)?, answer.took))
    }

    /// `POST {alerting}/monitors/{id}/_execute?dryrun=true`: a dry run of a saved monitor
    /// (a composite draft's delegate), now or as if it ran at `period_end_ms`.
    pub async fn execute_saved_monitor(&self, id: &str, period_end_ms: Option<i64>) -> ApiResult<ExecuteAnswer> {
        let what = "Running a delegate monitor";
        let path = format!("{}/_execute", self.monitor_path(id).await?);
        let mut query = vec![("dryrun", "true".to_owned())];
        query.extend(period_end_ms.map(|t| ("period_end", format!("{t}ms"))));
        Ok(self.call(Method::POST, &path, &query, None, what).await?.decode(what)?)
    }

    /// A dry run of an unsaved monitor as if it ran at `period_end_ms` (a backtest step): its
    /// `{{period_end}}` is that time.
    pub async fn execute_monitor_at(&self, monitor: &CheckedMonitor, period_end_ms: i64) -> ApiResult<ExecuteAnswer> {
        let what = "Running the monitor in the past";
        let path = format!("{}/monitors/_execute", self.alerting_path().await);
        let query = [("dryrun", "true".to_owned()), ("period_end", format!("{period_end_ms}ms"))];
        Ok(self.call(Method::POST, &path, &query, Some(monitor.body()), what).await?.decode(what)?)
    }

    /// `GET {alerting}/monitors/alerts` with its documented parameters only.
    pub async fn alerts(&self, params: &AlertsQuery) -> ApiResult<AlertsAnswer> {
        let path = format!("{}/monitors/alerts", self.alerting_path().await);
        let mut query = vec![
            ("sortString", params.sort_string.clone().unwrap_or_else(|| "start_time".into())),
            ("sortOrder", params.sort_order.clone().unwrap_or_else(|| "desc".into())),
            ("size", params.size.unwrap_or(20).to_string()),
            ("startIndex", params.start_index.unwrap_or(0).to_string()),
            ("severityLevel", params.severity_level.clone().unwrap_or_else(|| "ALL".into())),
            ("alertState", params.alert_state.clone().unwrap_or_else(|| "ALL".into())),
        ];
        if let Some(s) = params.search_string.as_ref().filter(|s| !s.is_empty()) {
            query.push(("searchString", s.clone()));
        }
        if let Some(id) = &params.monitor_id {
            query.push(("monitorId", checked_id("monitor_id", id)?.to_owned()));
        }
        if let Some(id) = &params.workflow_ids {
            query.push(("workflowIds", checked_id("monitor_id", id)?.to_owned()));
        }
        self.call_as(Method::GET, &path, &query, None, "Reading alerts").await
    }

    /// `GET {alerting}/findings/_search` for one monitor, newest first. The API has no
    /// monitor filter of its own: its search string (a query-string query) names the
    /// monitor's id. No findings index yet (no finding ever) is no findings.
    pub async fn findings(&self, monitor_id: &str, size: u32, start_index: u32) -> ApiResult<FindingsAnswer> {
        let id = checked_id("monitor_id", monitor_id)?;
        let path = format!("{}/findings/_search", self.alerting_path().await);
        let query = [
            ("sortString", "timestamp".to_owned()),
            ("sortOrder", "desc".to_owned()),
            ("size", size.to_string()),
            ("startIndex", start_index.to_string()),
            ("searchString", format!("monitor_id:\"{id}\"")),
        ];
        self.call_or(&path, &query, None, "Reading findings", FindingsAnswer::default()).await
    }

    /// `POST {alerting}/monitors/{id}/_acknowledge/alerts` (a composite monitor's:
    /// `…/workflows/{id}/_acknowledge/alerts`).
    pub async fn acknowledge(&self, monitor_id: &str, workflow: bool, alert_ids: &[String]) -> ApiResult<AcknowledgeAnswer> {
        for id in alert_ids {
            checked_id("alerts", id)?;
        }
        let path = format!("{}/_acknowledge/alerts", self.item_path(monitor_id, workflow).await?);
        self.call_as(Method::POST, &path, &[], Some(&json!({ "alerts": alert_ids })), "Acknowledging alerts").await
    }

    /// `GET _plugins/_notifications/configs` (channels only, not email accounts/groups).
    pub async fn list_channels(&self) -> ApiResult<ConfigList> {
        let query = [
            ("config_type", "slack,chime,microsoft_teams,webhook,email,sns".to_owned()),
            ("max_items", "1000".to_owned()),
            // The plugin takes its own sort keys (`name`, `last_updated_time_ms`…); a field
            // path such as `config.name.keyword` is refused with "Sort on … not acceptable".
            ("sort_field", "name".to_owned()),
            ("sort_order", "asc".to_owned()),
        ];
        self.call_as(Method::GET, "/_plugins/_notifications/configs", &query, None, "Listing channels").await
    }

    fn channel_path(id: &str) -> ApiResult<String> {
        Ok(format!("/_plugins/_notifications/configs/{}", segment(checked_id("config_id", id)?)))
    }

    pub async fn get_channel(&self, id: &str) -> ApiResult<ConfigList> {
        self.call_as(Method::GET, &Self::channel_path(id)?, &[], None, "Reading the channel").await
    }

    pub async fn create_channel(&self, body: &Value) -> ApiResult<CreatedConfig> {
        self.call_as(Method::POST, "/_plugins/_notifications/configs", &[], Some(body), "Creating the channel").await
    }

    pub async fn update_channel(&self, id: &str, body: &Value) -> ApiResult<()> {
        let _: IgnoredAny = self.call_as(Method::PUT, &Self::channel_path(id)?, &[], Some(body), "Updating the channel").await?;
        Ok(())
    }

    pub async fn delete_channel(&self, id: &str) -> ApiResult<()> {
        let _: IgnoredAny = self.call_as(Method::DELETE, &Self::channel_path(id)?, &[], None, "Deleting the channel").await?;
        Ok(())
    }

    /// `POST _plugins/_notifications/feature/test/{id}`: sends a test message.
    pub async fn test_channel(&self, id: &str) -> ApiResult<TestAnswer> {
        let path = format!("/_plugins/_notifications/feature/test/{}", segment(checked_id("config_id", id)?));
        self.call_as(Method::POST, &path, &[], None, "Sending the test message").await
    }

    /// `PUT _index_template/monitor-studio-audit`: the mappings of the audit log's copy.
    pub async fn put_audit_template(&self, template: &Value) -> ApiResult<()> {
        self.call(Method::PUT, "/_index_template/monitor-studio-audit", &[], Some(template), "Installing the audit index template").await?;
        Ok(())
    }

    /// `POST _bulk` of `create` actions, each into a `monitor-studio-audit-…` index and
    /// nowhere else.
    pub async fn bulk_create_audit(&self, docs: &[(String, String, Value)]) -> ApiResult<BulkAnswer> {
        let mut lines = Vec::with_capacity(docs.len() * 2);
        for (index, id, doc) in docs {
            let suffix = index.strip_prefix(AUDIT_INDEX_PREFIX).unwrap_or_default();
            if suffix.is_empty() || !suffix.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
                return Err(ApiError::internal(format!("not an audit index: {index}")));
            }
            lines.push(json!({ "create": { "_index": index, "_id": id } }));
            lines.push(doc.clone());
        }
        let answer = self.transport.send_lines("/_bulk", &lines).await?;
        if !answer.status.is_success() {
            return Err(from_answer(&answer, "Copying the audit log"));
        }
        Ok(answer.decode("Copying the audit log")?)
    }
}

/// The audit log's copy lives in `monitor-studio-audit-YYYY.MM.DD`.
pub const AUDIT_INDEX_PREFIX: &str = "monitor-studio-audit-";

/// The documented parameters of `GET …/monitors/alerts`, nothing more.
#[derive(Clone, Debug, Default, serde::Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct AlertsQuery {
    pub sort_string: Option<String>,
    pub sort_order: Option<String>,
    pub size: Option<u32>,
    pub start_index: Option<u32>,
    pub search_string: Option<String>,
    pub severity_level: Option<String>,
    pub alert_state: Option<String>,
    pub monitor_id: Option<String>,
    /// One composite monitor's own alerts (`monitorId` answers plain monitors' only).
    pub workflow_ids: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_and_patterns_are_checked_before_any_request() {
        assert!(checked_id("monitor_id", "aBc-_9").is_ok());
        for bad in ["", "../_security", "a/b", "a?b", "a b", "%2e"] {
            assert!(checked_id("monitor_id", bad).is_err(), "{bad}");
        }
        assert!(checked_pattern("pattern", "security-auditlog-*,logs-2026.11.*").is_ok());
        for bad in ["_all", "_security", "a/b", "x?y", "a b", "logs#1", ""] {
            assert!(checked_pattern("pattern", bad).is_err(), "{bad}");
        }
        assert_eq!(encode_pattern("logs-*,a.b"), "logs-*,a.b");
    }
}
