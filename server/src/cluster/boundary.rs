//! The cluster boundary: what a person may make the cluster read or send on their behalf.
//! Every monitor body reaches the cluster (preview, chart, test message, publish, enable)
//! only as a [`CheckedMonitor`], which only [`ClusterClient::checked_monitor`] makes, and
//! every channel URL passes [`Boundary::check_channel_url`]:
//!
//! - indices: never a system index (a name starting with `.`), never one outside the
//!   configured allow-list (`MONITOR_STUDIO_CLUSTER_INDICES`), never a pattern that starts
//!   with a wildcard (it would reach system indices) or names another cluster; and what
//!   the names resolve to on the cluster is checked too, so an alias (or a wildcard
//!   matching one) never leads to an index the names themselves could not;
//! - queries: no clause that reads a document of another index (terms lookup,
//!   `more_like_this` or `pinned` naming an `_index`, `percolate` of a stored document,
//!   indexed shapes) and no `wrapper` query that would hide one;
//! - cluster-metrics inputs only for administrators, and only the read-only APIs the
//!   alerting plugin lists; `data_sources` (alert and finding indices) only the plugin's own;
//! - channel URLs: see [`super::destinations`].

use std::collections::BTreeMap;

use serde_json::Value;

use super::{ClusterClient, answers::lookups::ResolvedIndices};
use crate::error::{ApiError, ApiResult};

/// What one caller may reach beyond the server's own boundary: the current team's index
/// patterns (empty: no narrower than the server's) and, for administrators, cluster metrics.
#[derive(Clone, Debug, Default)]
pub struct Access {
    pub admin: bool,
    pub team_indices: Vec<String>,
}

/// Who may reach which indices, and which channel hosts an administrator allowed.
#[derive(Clone, Debug)]
pub struct Boundary {
    /// Index names or `prefix*` patterns; `*` alone is every index not starting with `.`.
    indices: Vec<String>,
    /// A team's index patterns, within which every name must also fall (empty: none set).
    team: Vec<String>,
    /// Channel hosts allowed although they are loopback, private or the cluster's own.
    pub(super) channel_hosts: Vec<String>,
    /// The cluster's own host, which channels may not name.
    pub(super) cluster_host: Option<String>,
}

/// A monitor body that passed [`Boundary::check_monitor`]: the only form in which
/// [`super::ClusterClient`] sends a monitor.
#[derive(Clone, Debug)]
pub struct CheckedMonitor(Value);

impl CheckedMonitor {
    pub fn body(&self) -> &Value {
        &self.0
    }

    /// A composite monitor, which the cluster keeps as a workflow.
    pub fn is_workflow(&self) -> bool {
        self.0.get("type").and_then(Value::as_str) == Some("workflow")
    }

    /// The same monitor with `ui_metadata.<key>` set: `ui_metadata` is the UI's own record,
    /// which the cluster never reads, so the monitor stays checked.
    pub fn with_ui_metadata(&self, key: &str, value: Value) -> CheckedMonitor {
        let mut body = self.0.clone();
        if !body["ui_metadata"].is_object() {
            body["ui_metadata"] = Value::Object(Default::default());
        }
        body["ui_metadata"][key] = value;
        CheckedMonitor(body)
    }
}

/// The read-only APIs a cluster-metrics input may call (the alerting plugin's `ApiType`).
const METRICS_APIS: [(&str, &str); 10] = [
    ("CAT_INDICES", "/_cat/indices"),
    ("CAT_PENDING_TASKS", "/_cat/pending_tasks"),
    ("CAT_RECOVERY", "/_cat/recovery"),
    ("CAT_SHARDS", "/_cat/shards"),
    ("CAT_SNAPSHOTS", "/_cat/snapshots"),
    ("CAT_TASKS", "/_cat/tasks"),
    ("CLUSTER_HEALTH", "/_cluster/health"),
    ("CLUSTER_SETTINGS", "/_cluster/settings"),
    ("CLUSTER_STATS", "/_cluster/stats"),
    ("NODES_STATS", "/_nodes/stats"),
];

/// Longest index name OpenSearch accepts, in bytes.
const MAX_INDEX_LEN: usize = 255;

impl Boundary {
    pub fn new(indices: Vec<String>, channel_hosts: Vec<String>, cluster_url: &str) -> Boundary {
        let indices = if indices.is_empty() { vec!["*".to_owned()] } else { indices };
        let cluster_host = reqwest::Url::parse(cluster_url).ok().and_then(|u| u.host_str().map(str::to_ascii_lowercase));
        let channel_hosts = channel_hosts.into_iter().map(|h| h.trim().to_ascii_lowercase()).filter(|h| !h.is_empty()).collect();
        Boundary { indices, team: Vec::new(), channel_hosts, cluster_host }
    }

    /// This boundary narrowed to what `access` allows: names must also fall within the
    /// team's index patterns.
    pub fn narrowed(&self, access: &Access) -> Boundary {
        Boundary { team: access.team_indices.clone(), ..self.clone() }
    }

    /// One index name or pattern as a monitor, preview or lookup may name it.
    pub fn check_index(&self, pattern: &str) -> Result<(), String> {
        let p = pattern.trim();
        if p.is_empty() {
            return Err("An index name cannot be empty.".into());
        }
        if p.len() > MAX_INDEX_LEN {
            return Err(format!("An index name has at most {MAX_INDEX_LEN} bytes."));
        }
        if p.starts_with('.') {
            return Err(format!("{p:?} is a system index (its name starts with '.'): Monitor Studio never reads those."));
        }
        if p.starts_with(['*', '?']) {
            return Err(format!("{p:?} starts with a wildcard, which would reach system indices: start it with the index name."));
        }
        if p.contains(':') {
            return Err(format!("{p:?} names another cluster: only this cluster's indices can be read."));
        }
        if p == "_all" || p.starts_with(['_', '-', '+']) {
            return Err(format!("{p:?} is not an index name (names cannot start with '_', '-' or '+')."));
        }
        if let Some(c) = p.chars().find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '*' | '+'))) {
            return Err(format!("{p:?} holds {c:?}, which index names cannot hold."));
        }
        if p.contains("..") {
            return Err(format!("{p:?} is not an index name."));
        }
        if !self.indices.iter().any(|allowed| covers(allowed, p)) {
            return Err(format!("{p:?} is outside the indices this Monitor Studio may read ({}).", self.indices.join(", ")));
        }
        if !self.team.is_empty() && !self.team.iter().any(|allowed| covers(allowed, p)) {
            return Err(format!("{p:?} is outside your team's index patterns ({}).", self.team.join(", ")));
        }
        Ok(())
    }

    /// Checks every pattern of a list, naming the field in the error.
    pub fn check_indices<'a>(&self, field: &str, patterns: impl IntoIterator<Item = &'a str>) -> ApiResult<()> {
        for pattern in patterns {
            self.check_index(pattern).map_err(|message| ApiError::field(field, message))?;
        }
        Ok(())
    }

    /// What `patterns` resolved to on the cluster: every alias must lead only to indices
    /// the boundary allows (data streams are judged by their own name, which the patterns
    /// matched; their backing indices are `.ds-…` by design).
    pub fn check_resolved(&self, resolved: &ResolvedIndices) -> Result<(), String> {
        for name in resolved.indices.iter().map(|i| &i.name) {
            self.check_index(name)?;
        }
        for alias in &resolved.aliases {
            if let Some((index, why)) = alias.indices.iter().find_map(|index| self.check_index(index).err().map(|why| (index, why))) {
                return Err(format!("{:?} is an alias of {index:?}, which Monitor Studio may not read: {why}", alias.name));
            }
        }
        Ok(())
    }

    /// Whether a concrete name (from the cluster's own answer) may be shown.
    pub fn shows(&self, name: &str) -> bool {
        !name.contains('*') && self.check_index(name).is_ok()
    }

    /// Checks a monitor body before it is sent; `admin` allows cluster-metrics inputs.
    pub fn check_monitor(&self, monitor: Value, admin: bool) -> ApiResult<CheckedMonitor> {
        let mut errors = BTreeMap::new();
        if let Some(custom) = monitor.get("data_sources").and_then(Value::as_object).and_then(|d| d.values().filter_map(Value::as_str).find(|v| !plugin_index(v))) {
            errors.insert("data_sources".to_owned(), format!("Custom alert, finding and query indices cannot be set ({custom:?})."));
        }
        let inputs = monitor.get("inputs").and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default();
        for input in inputs {
            if let Some(search) = input.get("search") {
                self.check_input_indices(search, &mut errors);
                if let Some(query) = search.get("query") {
                    if let Err(message) = check_query(query, "query") {
                        errors.entry("query".to_owned()).or_insert(message);
                    }
                }
            }
            if let Some(doc_level) = input.get("doc_level_input") {
                self.check_input_indices(doc_level, &mut errors);
            }
            if let Some(uri) = input.get("uri") {
                if let Err(message) = check_metrics(uri, admin) {
                    errors.entry("uri".to_owned()).or_insert(message);
                }
            }
        }
        if errors.is_empty() { Ok(CheckedMonitor(monitor)) } else { Err(ApiError::invalid(errors)) }
    }

    /// An existing monitor being switched off: it then reads nothing, so it passes as it is
    /// (switching it on again goes through [`Self::check_monitor`]).
    pub fn switched_off(&self, mut monitor: Value) -> CheckedMonitor {
        monitor["enabled"] = Value::Bool(false);
        CheckedMonitor(monitor)
    }

    fn check_input_indices(&self, input: &Value, errors: &mut BTreeMap<String, String>) {
        let Some(indices) = input.get("indices").and_then(Value::as_array) else { return };
        for index in indices {
            let result = match index.as_str() {
                Some(name) => self.check_index(name),
                None => Err("Index names are strings.".to_owned()),
            };
            if let Err(message) = result {
                errors.entry("indices".to_owned()).or_insert(message);
            }
        }
    }
}

impl ClusterClient {
    /// The only way to a [`CheckedMonitor`]: [`Boundary::check_monitor`], then what its
    /// inputs' indices resolve to on the cluster ([`Self::check_resolved_indices`]).
    pub async fn checked_monitor(&self, monitor: Value, access: &Access) -> ApiResult<CheckedMonitor> {
        let checked = self.boundary().narrowed(access).check_monitor(monitor, access.admin)?;
        let indices: Vec<&str> = checked.0["inputs"]
            .as_array()
            .into_iter()
            .flatten()
            .flat_map(|input| ["search", "doc_level_input"].map(|kind| &input[kind]["indices"]))
            .filter_map(Value::as_array)
            .flatten()
            .filter_map(Value::as_str)
            .collect();
        self.check_resolved_indices("indices", &indices, access).await?;
        Ok(checked)
    }

    /// Resolves `names` (already checked one by one) on the cluster and checks the result:
    /// one `_resolve/index` request; names that match nothing resolve to nothing.
    pub async fn check_resolved_indices(&self, field: &str, names: &[&str], access: &Access) -> ApiResult<()> {
        let names: Vec<&str> = names.iter().map(|n| n.trim()).filter(|n| !n.is_empty()).collect();
        if names.is_empty() {
            return Ok(());
        }
        let resolved = self.resolve_index(&names.join(",")).await?;
        self.boundary().narrowed(access).check_resolved(&resolved).map_err(|message| ApiError::field(field, message))
    }
}

/// The alerting plugin's own indices, which a monitor's `data_sources` name by default (the
/// cluster answers them on every monitor it has).
fn plugin_index(name: &str) -> bool {
    let name = name.trim_start_matches('<');
    name.starts_with(".opendistro-alerting-") || name.starts_with(".opensearch-alerting-")
}

/// Whether allow-list entry `allowed` (a name, `prefix*` or `*`) covers every index that
/// `pattern` can match. Conservative: a pattern is covered only when its literal start is.
fn covers(allowed: &str, pattern: &str) -> bool {
    match allowed.strip_suffix('*') {
        Some(prefix) if !prefix.contains(['*', '?']) => {
            let literal = &pattern[..pattern.find(['*', '?']).unwrap_or(pattern.len())];
            literal.starts_with(prefix)
        }
        _ => allowed == pattern,
    }
}

/// Query clauses that read a document of some index by name, and `wrapper`, which would
/// hide any clause from this check (its query is base64).
fn check_query(value: &Value, path: &str) -> Result<(), String> {
    match value {
        Value::Array(items) => items.iter().enumerate().try_for_each(|(i, v)| check_query(v, &format!("{path}[{i}]"))),
        Value::Object(map) => {
            for (key, inner) in map {
                let here = format!("{path}.{key}");
                let refused = match key.as_str() {
                    "wrapper" => Some("a wrapper query hides its clauses"),
                    "terms" if inner.as_object().is_some_and(|fields| fields.values().any(|f| f.get("index").is_some())) => {
                        Some("a terms lookup reads a document of another index")
                    }
                    "more_like_this" | "mlt" | "pinned" if mentions_index(inner) => Some("it names a document of another index"),
                    "percolate" if inner.get("index").is_some() || inner.get("id").is_some() => Some("it percolates a stored document of another index"),
                    "geo_shape" | "shape" | "xy_shape" if contains_key(inner, "indexed_shape") => Some("an indexed shape reads a document of another index"),
                    _ => None,
                };
                if let Some(reason) = refused {
                    return Err(format!("The query clause {here} is not allowed: {reason}."));
                }
                check_query(inner, &here)?;
            }
            Ok(())
        }
        _ => Ok(()),
    }
}

fn contains_key(value: &Value, wanted: &str) -> bool {
    match value {
        Value::Object(map) => map.iter().any(|(k, v)| k == wanted || contains_key(v, wanted)),
        Value::Array(items) => items.iter().any(|v| contains_key(v, wanted)),
        _ => false,
    }
}

fn mentions_index(value: &Value) -> bool {
    contains_key(value, "_index") || contains_key(value, "index")
}

/// Cluster-metrics inputs: administrators only, one of the read-only APIs, this cluster.
fn check_metrics(uri: &Value, admin: bool) -> Result<(), String> {
    if !admin {
        return Err("Cluster metrics monitors can be created and run by administrators only.".into());
    }
    let text = |key: &str| uri.get(key).and_then(Value::as_str).unwrap_or_default().trim().to_owned();
    let api_type = text("api_type");
    let Some((_, api_path)) = METRICS_APIS.iter().find(|(name, _)| *name == api_type) else {
        let names: Vec<&str> = METRICS_APIS.iter().map(|(name, _)| *name).collect();
        return Err(format!("Choose a request type of {}.", names.join(", ")));
    };
    let path = text("path");
    if !path.is_empty() && path.trim_end_matches('/') != *api_path {
        return Err(format!("The path of {api_type} is {api_path}."));
    }
    if !text("url").is_empty() {
        return Err("A cluster metrics monitor calls this cluster's API by request type, not a URL.".into());
    }
    if uri.get("clusters").and_then(Value::as_array).is_some_and(|c| !c.is_empty()) {
        return Err("A cluster metrics monitor reads this cluster only.".into());
    }
    let params = text("path_params");
    if params.chars().any(|c| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ',' | '*'))) || params.starts_with(['.', '*', '_']) {
        return Err("Path parameters are index or node names, without '/', '?' or a leading '.'.".into());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn open() -> Boundary {
        Boundary::new(Vec::new(), Vec::new(), "http://127.0.0.1:9200")
    }

    #[test]
    fn system_wildcard_remote_and_traversal_patterns_are_refused() {
        let b = open();
        for ok in ["security-auditlog-*", "logs-2026.11.*", "a", "metrics+x"] {
            assert!(b.check_index(ok).is_ok(), "{ok}");
        }
        for bad in [".opendistro-alerting-config", ".*", "*", "*-logs", "?x", "other:logs", "_all", "-logs", "a/b", "a..b", "a b", "", "a,b", "<logs-{now/d}>", "%2e"] {
            assert!(b.check_index(bad).is_err(), "{bad}");
        }
        assert!(b.check_index(&"a".repeat(256)).is_err());
    }

    #[test]
    fn aliases_lead_only_where_the_names_may_go() {
        use crate::cluster::answers::lookups::Resolved;
        let resolved = |aliases: Vec<(&str, Vec<&str>)>, streams: Vec<(&str, Vec<&str>)>| ResolvedIndices {
            indices: vec![Resolved { name: "orders".into(), ..Default::default() }],
            aliases: aliases.into_iter().map(|(n, i)| Resolved { name: n.into(), indices: i.into_iter().map(Into::into).collect(), ..Default::default() }).collect(),
            data_streams: streams.into_iter().map(|(n, b)| Resolved { name: n.into(), backing_indices: b.into_iter().map(Into::into).collect(), ..Default::default() }).collect(),
        };
        let b = Boundary::new(vec!["orders*".into(), "logs-*".into()], Vec::new(), "");
        assert!(b.check_resolved(&resolved(vec![("orders-all", vec!["orders", "orders-2026"])], vec![("logs-app", vec![".ds-logs-app-000001"])])).is_ok());
        let into_system = b.check_resolved(&resolved(vec![("orders-config", vec!["orders", ".opendistro-alerting-config"])], vec![])).unwrap_err();
        assert!(into_system.contains("orders-config") && into_system.contains(".opendistro-alerting-config"), "{into_system}");
        assert!(b.check_resolved(&resolved(vec![("logs-secrets", vec!["secrets"])], vec![])).unwrap_err().contains("outside"));
    }

    #[test]
    fn the_allow_list_covers_only_what_starts_with_its_prefixes() {
        let b = Boundary::new(vec!["security-auditlog-*".into(), "orders".into()], Vec::new(), "");
        assert!(b.check_index("security-auditlog-2026.12.01").is_ok());
        assert!(b.check_index("security-auditlog-*").is_ok());
        assert!(b.check_index("orders").is_ok());
        for bad in ["security-*", "orders-2026", "orders*", "logs"] {
            assert!(b.check_index(bad).is_err(), "{bad}");
        }
        assert!(b.shows("orders") && !b.shows("orders*") && !b.shows("logs"));
    }

    #[test]
    fn extraction_queries_are_refused_by_field() {
        let b = open();
        let monitor = |query: Value| json!({"inputs": [{"search": {"indices": ["logs"], "query": query}}]});
        let refused = [
            json!({"query": {"terms": {"user": {"index": ".opendistro-alerting-config", "id": "1", "path": "x"}}}}),
            json!({"query": {"bool": {"filter": [{"more_like_this": {"like": [{"_index": "other", "_id": "1"}]}}]}}}),
            json!({"query": {"percolate": {"field": "q", "index": "other", "id": "1"}}}),
            json!({"query": {"geo_shape": {"location": {"indexed_shape": {"index": "shapes", "id": "1"}}}}}),
            json!({"query": {"wrapper": {"query": "eyJtYXRjaF9hbGwiOnt9fQ=="}}}),
            json!({"query": {"pinned": {"docs": [{"_index": "other", "_id": "1"}], "organic": {"match_all": {}}}}}),
        ];
        for query in refused {
            let err = b.check_monitor(monitor(query.clone()), true).unwrap_err();
            assert!(err.field_errors().contains_key("query"), "{query}");
        }
        let fine = json!({"size": 0, "query": {"bool": {"filter": [{"terms": {"user": ["a", "b"]}}, {"term": {"_index": "logs"}}]}}, "aggs": {"t": {"terms": {"field": "user"}}}});
        assert!(b.check_monitor(monitor(fine), false).is_ok());
    }

    #[test]
    fn monitor_indices_data_sources_and_metrics_are_checked() {
        let b = open();
        let err = b.check_monitor(json!({"inputs": [{"doc_level_input": {"indices": [".kibana"]}}]}), true).unwrap_err();
        assert!(err.field_errors()["indices"].contains("system index"));
        let err = b.check_monitor(json!({"data_sources": {"alerts_index": "victim"}, "inputs": []}), true).unwrap_err();
        assert!(err.field_errors().contains_key("data_sources"));
        let defaults = json!({"data_sources": {"alerts_index": ".opendistro-alerting-alerts", "alerts_history_index_pattern": "<.opendistro-alerting-alert-history-{now/d}-1>",
            "query_index": ".opensearch-alerting-queries", "findings_enabled": false, "query_index_mappings_by_type": {}}, "inputs": []});
        assert!(b.check_monitor(defaults, false).is_ok(), "the defaults every monitor carries pass");
        let metrics = |uri: Value| json!({"inputs": [{"uri": uri}]});
        let health = json!({"api_type": "CLUSTER_HEALTH", "path": "/_cluster/health", "path_params": "", "url": ""});
        assert!(b.check_monitor(metrics(health.clone()), true).is_ok());
        assert!(b.check_monitor(metrics(health), false).unwrap_err().field_errors()["uri"].contains("administrators"));
        for bad in [
            json!({"api_type": "CLUSTER_HEALTH", "path": "/_cluster/settings"}),
            json!({"api_type": "DELETE_INDEX"}),
            json!({"api_type": "CLUSTER_HEALTH", "url": "http://localhost:9200/_cluster/health"}),
            json!({"api_type": "CAT_INDICES", "path_params": "../_security"}),
            json!({"api_type": "CAT_INDICES", "clusters": ["remote"]}),
        ] {
            assert!(b.check_monitor(metrics(bad.clone()), true).is_err(), "{bad}");
        }
    }
}
