//! The cluster status and the lookups behind the pickers (indices, aliases and data
//! streams by typeahead; the fields of some indices), as service functions over typed
//! answers, so a handler or a server-rendered page gets the API shapes in one call.

use std::collections::BTreeMap;

use app::api::{ClusterStatus, FieldInfo, IndexSuggestion};

use super::{ClusterClient, answers::lookups::Resolved, boundary::Access, fields::flatten_mappings};
use crate::error::ApiResult;

/// Never fails: an unreachable cluster is a status, not an error, so the UI can say so.
pub async fn status(cluster: Option<&ClusterClient>) -> ClusterStatus {
    let Some(cluster) = cluster else {
        return ClusterStatus { configured: false, ..Default::default() };
    };
    match cluster.info().await {
        Ok(info) => ClusterStatus {
            configured: true,
            reachable: true,
            version: Some(info.version),
            cluster_name: Some(info.cluster_name),
            health: cluster.cluster_health().await.ok().map(|h| h.status),
            plugins: info.plugins,
            has_alerting: info.has_alerting,
            has_notifications: info.has_notifications,
            unavailable: info.unavailable,
            error: None,
        },
        Err(e) => ClusterStatus { configured: true, reachable: false, error: Some(e.to_string()), ..Default::default() },
    }
}

/// Most suggestions per kind.
const MAX_PER_KIND: usize = 100;

/// Typeahead as in the Dashboards: for `q` look up `q*` and `q`; exact matches first;
/// only names the boundary lets a monitor read (never one starting with `.`); at most 100
/// per kind; data streams included.
pub async fn suggest_indices(cluster: &ClusterClient, q: &str, access: &Access) -> ApiResult<Vec<IndexSuggestion>> {
    let boundary = cluster.boundary().narrowed(access);
    let q = q.trim();
    if q.is_empty() {
        return Ok(Vec::new());
    }
    let pattern = if q.ends_with('*') { q.to_owned() } else { format!("{q}*,{q}") };
    let (resolved, health) = tokio::join!(cluster.resolve_index(&pattern), cluster.cat_indices(&pattern));
    let resolved = resolved?;
    // Health only colours the list; without it the names are still worth showing.
    let health: BTreeMap<String, String> = health.unwrap_or_default().into_iter().filter_map(|row| Some((row.index, row.health?))).collect();
    let mut out = Vec::new();
    let kinds: [(&str, Vec<Resolved>, fn(Resolved) -> Vec<String>); 3] = [
        ("alias", resolved.aliases, |r| r.indices),
        ("data_stream", resolved.data_streams, |r| r.backing_indices),
        ("index", resolved.indices, |_| Vec::new()),
    ];
    for (kind, items, targets) in kinds {
        let mut group: Vec<IndexSuggestion> = items
            .into_iter()
            // An alias is shown only when everything it leads to may be read.
            .filter(|item| boundary.shows(&item.name) && (kind != "alias" || item.indices.iter().all(|i| boundary.shows(i))))
            .map(|item| IndexSuggestion { health: health.get(&item.name).cloned(), kind: kind.to_owned(), name: item.name.clone(), targets: targets(item) })
            .collect();
        group.sort_by_key(|s| (s.name != q, !s.name.starts_with(q), s.name.clone()));
        group.truncate(MAX_PER_KIND);
        out.extend(group);
    }
    Ok(out)
}

/// The typed fields of comma-separated `indices`, unioned.
pub async fn fields(cluster: &ClusterClient, indices: &str, access: &Access) -> ApiResult<Vec<FieldInfo>> {
    let indices: Vec<String> = indices.split(',').map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned).collect();
    if indices.is_empty() {
        return Ok(Vec::new());
    }
    cluster.boundary().narrowed(access).check_indices("indices", indices.iter().map(String::as_str))?;
    cluster.check_resolved_indices("indices", &indices.iter().map(String::as_str).collect::<Vec<_>>(), access).await?;
    Ok(flatten_mappings(&cluster.mappings(&indices).await?))
}

