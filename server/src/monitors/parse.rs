//! Pure request bodies and answer readers for the monitors list and the alerts pages, kept
//! apart from the I/O so each shape is unit-tested against what a 2.19 node answers.

use std::collections::HashMap;

use app::{
    api::{AcknowledgeFailure, AcknowledgeResult, AlertGroup, AlertRow, MonitorSort, MonitorSummary},
    model::monitor::lenient,
};
use serde::{Deserialize, de::IgnoredAny};
use serde_json::{Value, json};

use crate::cluster::answers::{
    Buckets, DocCount, EpochMillis, Metric, SearchAnswer, TopHits,
    alerts::{AcknowledgeAnswer, AlertDoc},
    lenient_text,
    monitor::MonitorView,
};

/// The cluster's default `plugins.alerting.monitor.max_monitors`: sorting by an alert
/// column reads every matching monitor, and there are never more than this.
pub const MAX_MONITORS: u64 = 1000;

/// Epoch milliseconds (what alerting writes) → RFC 3339 UTC (what the API answers).
pub fn time(t: Option<EpochMillis>) -> Option<String> {
    t?.rfc3339()
}

/// A name search. Like the Dashboards, every word must appear in the name ("long monit" →
/// `*long* *monit*`, AND); words are split at punctuation too, because the analyzed name is,
/// so "web-errors" finds "Web errors (prod)". As well, the whole input matches as a
/// case-insensitive substring of the exact name (`.keyword`), so "ms-01" finds "ms-01". No
/// query syntax a person types is ever run: words keep only letters, digits, `_` and `.`.
pub fn search_query(search: &str, fields: &[&str]) -> Option<Value> {
    let text = search_text(search)?;
    let mut should = vec![json!({"query_string": {"query": text, "fields": fields, "default_operator": "AND"}})];
    let raw = search.trim();
    let pattern = format!("*{}*", raw.replace('\\', "\\\\").replace('*', "\\*").replace('?', "\\?"));
    for field in fields {
        should.push(json!({"wildcard": {format!("{field}.keyword"): {"value": pattern, "case_insensitive": true}}}));
    }
    Some(json!({"bool": {"should": should, "minimum_should_match": 1}}))
}

/// The words of [`search_query`] as query-string text (what the alerts API's
/// `searchString` takes); `None` when nothing searchable was typed.
pub fn search_text(search: &str) -> Option<String> {
    let words: Vec<String> = search
        .split(|c: char| !(c.is_alphanumeric() || c == '_' || c == '.'))
        .filter(|w| !w.is_empty())
        .map(|w| format!("*{}*", w.to_lowercase()))
        .collect();
    (!words.is_empty()).then(|| words.join(" "))
}

/// `enabled` filter of the list: `None` = all states.
pub fn monitors_query(search: &str, enabled: Option<bool>, sort: MonitorSort, descending: bool, from: u64, size: u64) -> Value {
    // Monitors and composite monitors (workflows, whose fields are `workflow.*`).
    let either = |field: &str, value: Value| {
        json!({"bool": {"should": [{"term": {format!("monitor.{field}"): value}}, {"term": {format!("workflow.{field}"): value}}], "minimum_should_match": 1}})
    };
    let mut filter = vec![json!({"bool": {"should": [{"term": {"monitor.type": "monitor"}}, {"term": {"workflow.type": "workflow"}}], "minimum_should_match": 1}})];
    if let Some(enabled) = enabled {
        filter.push(either("enabled", json!(enabled)));
    }
    let must: Vec<Value> = search_query(search, &["monitor.name", "workflow.name"]).into_iter().collect();
    let order = if descending { "desc" } else { "asc" };
    let name_order = if sort == MonitorSort::Name { order } else { "asc" };
    // Composite monitors have no `monitor.name`: they follow the monitors, by their own name.
    let by_name = [
        json!({"monitor.name.keyword": {"order": name_order, "missing": "_last", "unmapped_type": "keyword"}}),
        json!({"workflow.name.keyword": {"order": name_order, "unmapped_type": "keyword"}}),
    ];
    let first = match sort {
        MonitorSort::State => Some(json!({"monitor.enabled": {"order": order, "unmapped_type": "boolean"}})),
        MonitorSort::Type => Some(json!({"monitor.monitor_type": {"order": order, "unmapped_type": "keyword"}})),
        MonitorSort::LastUpdated => Some(json!({"monitor.last_update_time": {"order": order, "unmapped_type": "date"}})),
        _ => None,
    };
    let sort: Vec<Value> = first.into_iter().chain(by_name).collect();
    json!({
        "seq_no_primary_term": true,
        "version": true,
        "from": from,
        "size": size,
        "track_total_hits": true,
        "query": {"bool": {"filter": filter, "must": must}},
        "sort": sort,
    })
}

/// Reads monitor search hits (each `_source` is the bare monitor) and the total.
pub fn monitor_hits(answer: &SearchAnswer<MonitorView>) -> (Vec<MonitorSummary>, u64) {
    let monitors = answer
        .hits
        .hits
        .iter()
        .map(|hit| {
            let m = &hit.source;
            MonitorSummary {
                id: hit.id.clone(),
                name: m.name.clone(),
                enabled: m.enabled,
                monitor_type: m.monitor_type(),
                last_updated: time(m.last_update_time),
                ..MonitorSummary::default()
            }
        })
        .collect();
    (monitors, answer.hits.total.value())
}

/// The ONE alerts aggregation behind the list's counts: per monitor, ACTIVE / ACKNOWLEDGED /
/// ERROR / ignored (COMPLETED, never acknowledged) counts, the last notification and the
/// latest alert's trigger.
pub fn counts_query(monitor_ids: &[String]) -> Value {
    json!({
        "size": 0,
        "query": {"bool": {"filter": [alerts_of_any(monitor_ids)], "must_not": [{"term": {"state": "AUDIT"}}]}},
        "aggs": {"monitors": {
            "terms": owner_terms(monitor_ids.len()),
            "aggs": {
                "active": {"filter": {"term": {"state": "ACTIVE"}}},
                "acknowledged": {"filter": {"term": {"state": "ACKNOWLEDGED"}}},
                "errors": {"filter": {"term": {"state": "ERROR"}}},
                "ignored": {"filter": {"bool": {"filter": [{"term": {"state": "COMPLETED"}}], "must_not": [{"exists": {"field": "acknowledged_time"}}]}}},
                "last_notification_time": {"max": {"field": "last_notification_time"}},
                "latest": {"top_hits": {"size": 1, "sort": [{"start_time": {"order": "desc"}}], "_source": {"includes": ["trigger_name"]}}},
            },
        }},
    })
}

/// The aggregations of [`counts_query`].
#[derive(Debug, Default, Deserialize)]
pub struct CountsAggs {
    #[serde(default)]
    monitors: Buckets<CountsBucket>,
}

#[derive(Debug, Deserialize)]
struct CountsBucket {
    key: String,
    #[serde(flatten)]
    states: StateCounts,
    #[serde(default)]
    ignored: DocCount,
    #[serde(default)]
    last_notification_time: Metric,
    #[serde(default)]
    latest: TopHits<TriggerName>,
}

/// The per-state `filter` sub-aggregations of both alert aggregations.
#[derive(Debug, Default, Deserialize)]
struct StateCounts {
    #[serde(default)]
    active: DocCount,
    #[serde(default)]
    acknowledged: DocCount,
    #[serde(default)]
    errors: DocCount,
}

/// `_source: {"includes": ["trigger_name"]}` of a `top_hits`.
#[derive(Debug, Default, Deserialize)]
pub struct TriggerName {
    #[serde(default)]
    pub trigger_name: Option<String>,
}

/// A `min`/`max` of epoch milliseconds as RFC 3339.
fn metric_time(m: &Metric) -> Option<String> {
    time(m.value.map(|v| EpochMillis(v as i64)))
}

/// Fills each monitor's counts from [`counts_query`]'s answer (monitors without alerts keep
/// zeros; an answer without aggregations, i.e. no alert index yet, changes nothing).
pub fn apply_counts(monitors: &mut [MonitorSummary], answer: &SearchAnswer<IgnoredAny, CountsAggs>) {
    let Some(aggs) = &answer.aggregations else { return };
    let by_id: HashMap<&str, &CountsBucket> = aggs.monitors.buckets.iter().map(|b| (b.key.as_str(), b)).collect();
    for m in monitors {
        let Some(b) = by_id.get(m.id.as_str()) else { continue };
        m.active = b.states.active.doc_count;
        m.acknowledged = b.states.acknowledged.doc_count;
        m.errors = b.states.errors.doc_count;
        m.ignored = b.ignored.doc_count;
        m.last_notification_time = metric_time(&b.last_notification_time);
        m.latest_alert = b.latest.first().and_then(|s| s.trigger_name.clone());
    }
}

/// In-memory sort for the alert columns (names break ties, so pages are stable).
pub fn sort_monitors(monitors: &mut [MonitorSummary], sort: MonitorSort, descending: bool) {
    monitors.sort_by(|a, b| {
        let primary = match sort {
            MonitorSort::Name => a.name.cmp(&b.name),
            MonitorSort::State => a.enabled.cmp(&b.enabled),
            MonitorSort::Type => a.monitor_type.cmp(&b.monitor_type),
            MonitorSort::LastUpdated => a.last_updated.cmp(&b.last_updated),
            MonitorSort::LatestAlert => a.latest_alert.cmp(&b.latest_alert),
            MonitorSort::LastNotification => a.last_notification_time.cmp(&b.last_notification_time),
            MonitorSort::Active => a.active.cmp(&b.active),
            MonitorSort::Acknowledged => a.acknowledged.cmp(&b.acknowledged),
            MonitorSort::Errors => a.errors.cmp(&b.errors),
            MonitorSort::Ignored => a.ignored.cmp(&b.ignored),
        };
        let primary = if descending { primary.reverse() } else { primary };
        primary.then_with(|| a.name.cmp(&b.name)).then_with(|| a.id.cmp(&b.id))
    });
}

/// One alert as a table row; `id` is the alert's (inside it when listed by the alerts API,
/// the hit's `_id` when searched).
pub fn alert(id: &str, a: &AlertDoc) -> AlertRow {
    let bucket_keys = a
        .agg_alert_content
        .as_ref()
        .and_then(|c| c.bucket.as_ref())
        .map(|b| b.key.iter().map(|(k, v)| (k.clone(), lenient::string_value(v).unwrap_or_else(|| v.to_string()))).collect())
        .unwrap_or_default();
    AlertRow {
        id: id.to_owned(),
        monitor_id: a.monitor_id.clone(),
        monitor_name: a.monitor_name.clone(),
        trigger_id: a.trigger_id.clone(),
        trigger_name: a.trigger_name.clone(),
        severity: a.severity.clone(),
        state: a.state.clone(),
        error_message: a.error_message.clone().filter(|m| !m.is_empty()),
        start_time: time(a.start_time),
        end_time: time(a.end_time),
        acknowledged_time: time(a.acknowledged_time),
        last_notification_time: time(a.last_notification_time),
        bucket_keys,
    }
}

/// The rows of alerts listed by the alerts API (an alert without an id is skipped: it
/// could not be acknowledged or linked).
pub fn api_alerts(alerts: &[AlertDoc]) -> Vec<AlertRow> {
    alerts.iter().filter_map(|a| Some(alert(a.id.as_deref()?, a))).collect()
}

/// `{"success":[…],"failed":[{"id":{"failed_reason":"…"}}]}` → our shape.
pub fn acknowledge_result(answer: &AcknowledgeAnswer) -> AcknowledgeResult {
    let failed = answer
        .failed
        .iter()
        .flat_map(|o| o.iter())
        .map(|(id, why)| AcknowledgeFailure { id: id.clone(), reason: why.failed_reason.clone().unwrap_or_else(|| "Not acknowledged.".to_owned()) })
        .collect();
    AcknowledgeResult { acknowledged: answer.success.clone(), failed }
}

/// The monitor an alert belongs to, as a terms aggregation's script: its `monitor_id`, or
/// for a composite monitor's own (chained) alert, which has none, its `workflow_id`.
pub fn owner_terms(size: usize) -> Value {
    json!({"script": {"lang": "painless", "source":
        "doc['monitor_id'].size() != 0 && doc['monitor_id'].value != '' ? doc['monitor_id'].value : (doc['workflow_id'].size() != 0 ? doc['workflow_id'].value : '')"},
        "size": size.max(1)})
}

/// Alerts of any of `ids`, plain or composite monitors (see [`alerts_of`]).
pub fn alerts_of_any(ids: &[String]) -> Value {
    json!({"bool": {"should": [{"terms": {"monitor_id": ids}}, {"terms": {"workflow_id": ids}}], "minimum_should_match": 1}})
}

/// The alerts of monitor `id`, plain or composite: a composite monitor's own (chained)
/// alerts carry its id as `workflow_id` and no `monitor_id`. Ids are unique across both, and
/// the delegates' AUDIT alerts inside a composite run are left out by the callers.
pub fn alerts_of(id: &str) -> Value {
    json!({"bool": {"should": [{"term": {"monitor_id": id}}, {"term": {"workflow_id": id}}], "minimum_should_match": 1}})
}

/// Filters shared by the alerts dashboard queries.
pub fn alert_filters(severity: Option<&str>, state: Option<&str>, search: &str) -> Value {
    let mut filter = Vec::new();
    if let Some(sev) = severity {
        filter.push(json!({"term": {"severity": sev}}));
    }
    if let Some(state) = state {
        filter.push(json!({"term": {"state": state}}));
    }
    if let Some(q) = search_query(search, &["monitor_name", "trigger_name"]) {
        filter.push(q);
    }
    json!({"bool": {"filter": filter, "must_not": [{"term": {"state": "AUDIT"}}]}})
}

/// The alerts dashboard: one aggregation, monitor → trigger, with the counts and times.
pub fn groups_query(filters: Value) -> Value {
    json!({
        "size": 0,
        "query": filters,
        "aggs": {"monitors": {
            "terms": owner_terms(MAX_MONITORS as usize),
            "aggs": {"triggers": {
                "terms": {"field": "trigger_id", "size": 100},
                "aggs": {
                    "active": {"filter": {"term": {"state": "ACTIVE"}}},
                    "acknowledged": {"filter": {"term": {"state": "ACKNOWLEDGED"}}},
                    "errors": {"filter": {"term": {"state": "ERROR"}}},
                    "first_start": {"min": {"field": "start_time"}},
                    "last_notification": {"max": {"field": "last_notification_time"}},
                    "last_end": {"max": {"field": "end_time"}},
                    "last_ack": {"max": {"field": "acknowledged_time"}},
                    "latest": {"top_hits": {"size": 1, "sort": [{"start_time": {"order": "desc"}}],
                        "_source": {"includes": ["monitor_name", "workflow_name", "trigger_name", "severity"]}}},
                },
            }},
        }},
    })
}

/// The aggregations of [`groups_query`].
#[derive(Debug, Default, Deserialize)]
pub struct GroupsAggs {
    #[serde(default)]
    monitors: Buckets<GroupMonitor>,
}

#[derive(Debug, Deserialize)]
struct GroupMonitor {
    key: String,
    #[serde(default)]
    triggers: Buckets<GroupTrigger>,
}

#[derive(Debug, Deserialize)]
struct GroupTrigger {
    key: String,
    #[serde(default)]
    doc_count: u64,
    #[serde(flatten)]
    states: StateCounts,
    #[serde(default)]
    first_start: Metric,
    #[serde(default)]
    last_notification: Metric,
    #[serde(default)]
    last_end: Metric,
    #[serde(default)]
    last_ack: Metric,
    #[serde(default)]
    latest: TopHits<GroupLatest>,
}

#[derive(Debug, Default, Deserialize)]
struct GroupLatest {
    #[serde(default)]
    monitor_name: String,
    /// A composite monitor's own alert names it here (its `monitor_name` is empty).
    #[serde(default)]
    workflow_name: String,
    #[serde(default)]
    trigger_name: String,
    #[serde(default, deserialize_with = "lenient_text")]
    severity: String,
}

pub fn groups(answer: &SearchAnswer<IgnoredAny, GroupsAggs>) -> Vec<AlertGroup> {
    let mut out = Vec::new();
    let Some(aggs) = &answer.aggregations else { return out };
    for m in &aggs.monitors.buckets {
        for t in &m.triggers.buckets {
            let latest = t.latest.first();
            let text = |f: fn(&GroupLatest) -> &String| latest.map(f).cloned().unwrap_or_default();
            let last = [&t.last_notification, &t.last_end, &t.last_ack].iter().filter_map(|m| m.value).fold(None, |acc: Option<f64>, v| Some(acc.map_or(v, |a| a.max(v))));
            out.push(AlertGroup {
                monitor_id: m.key.clone(),
                monitor_name: latest.map(|l| if l.monitor_name.is_empty() { &l.workflow_name } else { &l.monitor_name }).cloned().unwrap_or_default(),
                trigger_id: t.key.clone(),
                trigger_name: text(|l| &l.trigger_name),
                severity: text(|l| &l.severity),
                total: t.doc_count,
                active: t.states.active.doc_count,
                acknowledged: t.states.acknowledged.doc_count,
                errors: t.states.errors.doc_count,
                start_time: metric_time(&t.first_start),
                last_updated: metric_time(&Metric { value: last }),
            });
        }
    }
    out
}

#[cfg(test)]
#[path = "parse_tests.rs"]
mod tests;
