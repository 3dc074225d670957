//! `/api/v1/cluster…`: the cluster's status and the lookups behind the pickers.

use std::collections::BTreeMap;

use app::api::{Call, ClusterStatus, FieldInfo, IndexSuggestion, ops};
use serde_json::Value;

use super::{fields::flatten_mappings, require};
use crate::{AppState, error::ApiResult};

/// Never fails: an unreachable cluster is a status, not an error, so the UI can say so.
pub async fn cluster_status(state: AppState, _: Call<ops::GetCluster>) -> ApiResult<ClusterStatus> {
    let Some(cluster) = &state.cluster else {
        return Ok(ClusterStatus { configured: false, ..Default::default() });
    };
    match cluster.info().await {
        Ok(info) => {
            let health = cluster.health().await.ok().and_then(|h| h["status"].as_str().map(str::to_owned));
            Ok(ClusterStatus {
                configured: true,
                reachable: true,
                version: Some(info.version),
                cluster_name: Some(info.cluster_name),
                health,
                plugins: info.plugins,
                has_alerting: info.has_alerting,
                has_notifications: info.has_notifications,
                unavailable: info.unavailable,
                error: None,
            })
        }
        Err(e) => Ok(ClusterStatus { configured: true, reachable: false, error: Some(e.to_string()), ..Default::default() }),
    }
}

/// Typeahead as in the Dashboards: for `q` look up `q*` and `q`; exact matches first;
/// names starting with `.` hidden; at most 100 per kind; data streams included.
pub async fn suggest_indices(state: AppState, call: Call<ops::SuggestIndices>) -> ApiResult<Vec<IndexSuggestion>> {
    let cluster = require(&state.cluster)?;
    let q = call.query.pattern.trim();
    if q.is_empty() {
        return Ok(Vec::new());
    }
    let pattern = if q.ends_with('*') { q.to_owned() } else { format!("{q}*,{q}") };
    let (resolved, health) = tokio::join!(cluster.resolve_indices(&pattern), cluster.index_health(&pattern));
    let resolved = resolved?;
    let health: BTreeMap<String, String> = health
        .unwrap_or_default()
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|row| Some((row["index"].as_str()?.to_owned(), row["health"].as_str()?.to_owned())))
        .collect();
    let strings = |v: &Value| v.as_array().into_iter().flatten().filter_map(|s| s.as_str().map(str::to_owned)).collect::<Vec<_>>();
    let mut out = Vec::new();
    for (key, kind, targets_key) in [("aliases", "alias", "indices"), ("data_streams", "data_stream", "backing_indices"), ("indices", "index", "")] {
        let mut group: Vec<IndexSuggestion> = resolved[key]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|item| {
                let name = item["name"].as_str()?.to_owned();
                (!name.starts_with('.')).then(|| IndexSuggestion {
                    health: health.get(&name).cloned(),
                    targets: if targets_key.is_empty() { vec![] } else { strings(&item[targets_key]) },
                    kind: kind.to_owned(),
                    name,
                })
            })
            .collect();
        group.sort_by_key(|s| (s.name != q, !s.name.starts_with(q), s.name.clone()));
        group.truncate(100);
        out.extend(group);
    }
    Ok(out)
}

pub async fn list_fields(state: AppState, call: Call<ops::ListFields>) -> ApiResult<Vec<FieldInfo>> {
    let cluster = require(&state.cluster)?;
    let indices: Vec<String> = call.query.indices.split(',').map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned).collect();
    if indices.is_empty() {
        return Ok(Vec::new());
    }
    Ok(flatten_mappings(&cluster.mappings(&indices).await?))
}
