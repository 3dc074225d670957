//! Pure request bodies and answer readers for the monitors list and the alerts pages, kept
//! apart from the I/O so each shape is unit-tested against what a 2.19 node answers.

use std::collections::{BTreeMap, HashMap};

use app::api::{AcknowledgeFailure, AcknowledgeResult, AlertGroup, AlertRow, MonitorSort, MonitorSummary};
use chrono::{TimeZone, Utc};
use serde_json::{Value, json};

/// The cluster's default `plugins.alerting.monitor.max_monitors`: sorting by an alert
/// column reads every matching monitor, and there are never more than this.
pub const MAX_MONITORS: u64 = 1000;

/// Epoch milliseconds (what alerting writes) → RFC 3339 UTC (what the API answers).
pub fn time(v: &Value) -> Option<String> {
    let ms = v.as_i64().or_else(|| v.as_f64().map(|f| f as i64))?;
    Some(Utc.timestamp_millis_opt(ms).single()?.to_rfc3339_opts(chrono::SecondsFormat::Millis, true))
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
    let mut filter = vec![json!({"term": {"monitor.type": "monitor"}})];
    if let Some(enabled) = enabled {
        filter.push(json!({"term": {"monitor.enabled": enabled}}));
    }
    let must: Vec<Value> = search_query(search, &["monitor.name"]).into_iter().collect();
    let order = if descending { "desc" } else { "asc" };
    let by_name = json!({"monitor.name.keyword": {"order": if sort == MonitorSort::Name { order } else { "asc" }}});
    let sort = match sort {
        MonitorSort::State => vec![json!({"monitor.enabled": {"order": order}}), by_name],
        MonitorSort::Type => vec![json!({"monitor.monitor_type": {"order": order}}), by_name],
        MonitorSort::LastUpdated => vec![json!({"monitor.last_update_time": {"order": order, "unmapped_type": "date"}}), by_name],
        _ => vec![by_name],
    };
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
pub fn monitor_hits(answer: &Value) -> (Vec<MonitorSummary>, u64) {
    let total = answer["hits"]["total"]["value"].as_u64().or_else(|| answer["hits"]["total"].as_u64()).unwrap_or(0);
    let monitors = answer["hits"]["hits"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|hit| {
            let m = &hit["_source"];
            Some(MonitorSummary {
                id: hit["_id"].as_str()?.to_owned(),
                name: m["name"].as_str().unwrap_or_default().to_owned(),
                enabled: m["enabled"].as_bool().unwrap_or(false),
                monitor_type: m["monitor_type"].as_str().unwrap_or("query_level_monitor").to_owned(),
                last_updated: time(&m["last_update_time"]),
                ..MonitorSummary::default()
            })
        })
        .collect();
    (monitors, total)
}

/// The ONE alerts aggregation behind the list's counts: per monitor, ACTIVE / ACKNOWLEDGED /
/// ERROR / ignored (COMPLETED, never acknowledged) counts, the last notification and the
/// latest alert's trigger.
pub fn counts_query(monitor_ids: &[String]) -> Value {
    json!({
        "size": 0,
        "query": {"bool": {"filter": [{"terms": {"monitor_id": monitor_ids}}]}},
        "aggs": {"monitors": {
            "terms": {"field": "monitor_id", "size": monitor_ids.len().max(1)},
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

/// Fills each monitor's counts from [`counts_query`]'s answer (monitors without alerts keep
/// zeros; an answer without aggregations, i.e. no alert index yet, changes nothing).
pub fn apply_counts(monitors: &mut [MonitorSummary], answer: &Value) {
    let by_id: HashMap<&str, &Value> = answer["aggregations"]["monitors"]["buckets"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|b| Some((b["key"].as_str()?, b)))
        .collect();
    for m in monitors {
        let Some(b) = by_id.get(m.id.as_str()) else { continue };
        let count = |k: &str| b[k]["doc_count"].as_u64().unwrap_or(0);
        m.active = count("active");
        m.acknowledged = count("acknowledged");
        m.errors = count("errors");
        m.ignored = count("ignored");
        m.last_notification_time = time(&b["last_notification_time"]["value"]);
        m.latest_alert = b["latest"]["hits"]["hits"][0]["_source"]["trigger_name"].as_str().map(str::to_owned);
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

/// One alert from `GET …/monitors/alerts` (`id` inside) or from an alert-index search hit
/// (`_id` beside `_source`).
pub fn alert(v: &Value) -> Option<AlertRow> {
    let (id, a) = match v.get("_source") {
        Some(source) => (v["_id"].as_str()?, source),
        None => (v["id"].as_str()?, v),
    };
    let s = |k: &str| a[k].as_str().unwrap_or_default().to_owned();
    let bucket_keys: BTreeMap<String, String> = a["agg_alert_content"]["bucket"]["key"]
        .as_object()
        .into_iter()
        .flatten()
        .map(|(k, v)| (k.clone(), v.as_str().map_or_else(|| v.to_string(), str::to_owned)))
        .collect();
    Some(AlertRow {
        id: id.to_owned(),
        monitor_id: s("monitor_id"),
        monitor_name: s("monitor_name"),
        trigger_id: s("trigger_id"),
        trigger_name: s("trigger_name"),
        severity: a["severity"].as_str().map_or_else(|| a["severity"].as_i64().map(|n| n.to_string()).unwrap_or_default(), str::to_owned),
        state: s("state"),
        error_message: a["error_message"].as_str().filter(|m| !m.is_empty()).map(str::to_owned),
        start_time: time(&a["start_time"]),
        end_time: time(&a["end_time"]),
        acknowledged_time: time(&a["acknowledged_time"]),
        last_notification_time: time(&a["last_notification_time"]),
        bucket_keys,
    })
}

/// `{"success":[…],"failed":[{"id":{"failed_reason":"…"}}]}` → our shape.
pub fn acknowledge_result(answer: &Value) -> AcknowledgeResult {
    let acknowledged = answer["success"].as_array().into_iter().flatten().filter_map(|v| v.as_str().map(str::to_owned)).collect();
    let failed = answer["failed"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_object)
        .flat_map(|o| o.iter())
        .map(|(id, why)| AcknowledgeFailure { id: id.clone(), reason: why["failed_reason"].as_str().unwrap_or("Not acknowledged.").to_owned() })
        .collect();
    AcknowledgeResult { acknowledged, failed }
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
            "terms": {"field": "monitor_id", "size": MAX_MONITORS},
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
                        "_source": {"includes": ["monitor_name", "trigger_name", "severity"]}}},
                },
            }},
        }},
    })
}

pub fn groups(answer: &Value) -> Vec<AlertGroup> {
    let mut out = Vec::new();
    for m in answer["aggregations"]["monitors"]["buckets"].as_array().into_iter().flatten() {
        let Some(monitor_id) = m["key"].as_str() else { continue };
        for t in m["triggers"]["buckets"].as_array().into_iter().flatten() {
            let Some(trigger_id) = t["key"].as_str() else { continue };
            let latest = &t["latest"]["hits"]["hits"][0]["_source"];
            let count = |k: &str| t[k]["doc_count"].as_u64().unwrap_or(0);
            let last = ["last_notification", "last_end", "last_ack"].iter().filter_map(|k| t[*k]["value"].as_f64()).fold(None, |acc: Option<f64>, v| Some(acc.map_or(v, |a| a.max(v))));
            out.push(AlertGroup {
                monitor_id: monitor_id.to_owned(),
                monitor_name: latest["monitor_name"].as_str().unwrap_or_default().to_owned(),
                trigger_id: trigger_id.to_owned(),
                trigger_name: latest["trigger_name"].as_str().unwrap_or_default().to_owned(),
                severity: latest["severity"].as_str().unwrap_or_default().to_owned(),
                total: t["doc_count"].as_u64().unwrap_or(0),
                active: count("active"),
                acknowledged: count("acknowledged"),
                errors: count("errors"),
                start_time: time(&t["first_start"]["value"]),
                last_updated: last.and_then(|v| time(&json!(v))),
            });
        }
    }
    out
}

#[cfg(test)]
#[path = "parse_tests.rs"]
mod tests;
