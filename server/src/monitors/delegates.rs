//! A composite monitor's delegates on its page: which monitors run, in what order, whether
//! each still exists and is enabled, its own active alerts, and how often and when it last
//! triggered inside this composite monitor's runs (the AUDIT alerts the cluster writes for
//! delegates there). Two requests however many delegates: one monitor search, one alerts
//! aggregation.

use std::collections::HashMap;

use app::api::DelegateState;
use serde::Deserialize;
use serde_json::{Value, json};

use super::parse;
use crate::{
    cluster::{
        ClusterClient,
        answers::{Buckets, DocCount, EpochMillis, Metric, SearchAnswer, monitor::MonitorView},
    },
    error::ApiResult,
};

#[derive(Debug, Default, Deserialize)]
struct Aggs {
    #[serde(default)]
    delegates: Buckets<DelegateBucket>,
}

#[derive(Debug, Deserialize)]
struct DelegateBucket {
    key: String,
    #[serde(default)]
    active: DocCount,
    #[serde(default)]
    in_runs: InRuns,
}

#[derive(Debug, Default, Deserialize)]
struct InRuns {
    #[serde(default)]
    doc_count: u64,
    #[serde(default)]
    last: Metric,
}

/// The aggregation over the delegates' alerts: per delegate its ACTIVE alerts outside
/// composite runs, and its AUDIT alerts inside runs of `workflow_id`.
pub fn query(workflow_id: &str, delegates: &[String]) -> Value {
    json!({
        "size": 0,
        "query": {"terms": {"monitor_id": delegates}},
        "aggs": {"delegates": {
            "terms": {"field": "monitor_id", "size": delegates.len().max(1)},
            "aggs": {
                "active": {"filter": {"term": {"state": "ACTIVE"}}},
                "in_runs": {
                    "filter": {"bool": {"filter": [{"term": {"workflow_id": workflow_id}}, {"term": {"state": "AUDIT"}}]}},
                    "aggs": {"last": {"max": {"field": "start_time"}}},
                },
            },
        }},
    })
}

/// The delegates of composite monitor `workflow_id`, in order.
pub async fn states(cluster: &ClusterClient, workflow_id: &str, delegates: &[String]) -> ApiResult<Vec<DelegateState>> {
    if delegates.is_empty() {
        return Ok(Vec::new());
    }
    let found = cluster.search_monitors::<MonitorView>(&json!({"size": delegates.len(), "query": {"ids": {"values": delegates}}})).await?;
    let monitors: HashMap<String, MonitorView> = found.hits.hits.into_iter().map(|hit| (hit.id, hit.source)).collect();
    let answer: SearchAnswer<serde::de::IgnoredAny, Aggs> = cluster.search_alerts(&query(workflow_id, delegates)).await?;
    let counts: HashMap<String, DelegateBucket> =
        answer.aggregations.unwrap_or_default().delegates.buckets.into_iter().map(|b| (b.key.clone(), b)).collect();
    Ok(delegates
        .iter()
        .map(|id| {
            let monitor = monitors.get(id);
            let bucket = counts.get(id);
            DelegateState {
                id: id.clone(),
                name: monitor.map(|m| m.name.clone()).unwrap_or_default(),
                monitor_type: monitor.map(MonitorView::monitor_type).unwrap_or_default(),
                enabled: monitor.is_some_and(|m| m.enabled),
                found: monitor.is_some(),
                active_alerts: bucket.map_or(0, |b| b.active.doc_count),
                last_triggered: parse::time(bucket.and_then(|b| b.in_runs.last.value).map(|v| EpochMillis(v as i64))),
                triggered_runs: bucket.map_or(0, |b| b.in_runs.doc_count),
            }
        })
        .collect())
}
