//! Unit tests of [`super`], on answers shaped like a 2.19 node's (recorded from one).

use super::*;

fn read<T: serde::de::DeserializeOwned>(v: Value) -> T {
    serde_json::from_value(v).expect("the answer reads")
}

#[test]
fn times_are_rfc3339_utc() {
    assert_eq!(time(read(json!(1795930175734_i64))).as_deref(), Some("2026-11-29T05:29:35.734Z"));
    assert_eq!(time(read(json!(1.795930175734e12))).as_deref(), Some("2026-11-29T05:29:35.734Z"));
    assert_eq!(time(read(Value::Null)), None);
}

#[test]
fn search_words_are_wildcards_and_nothing_typed_is_run_as_syntax() {
    let q = search_query("Long monit", &["monitor.name"]).unwrap();
    let words = &q["bool"]["should"][0]["query_string"];
    assert_eq!(words["query"], "*long* *monit*");
    assert_eq!(words["default_operator"], "AND");
    assert_eq!(q["bool"]["should"][1]["wildcard"]["monitor.name.keyword"], json!({"value": "*Long monit*", "case_insensitive": true}));
    assert_eq!(q["bool"]["minimum_should_match"], 1);
    assert_eq!(search_text("a:b (c) <x> web-errors").as_deref(), Some("*a* *b* *c* *x* *web* *errors*"));
    let q = search_query("ms-01*?", &["monitor_name", "trigger_name"]).unwrap();
    assert_eq!(q["bool"]["should"][2]["wildcard"]["trigger_name.keyword"]["value"], "*ms-01\\*\\?*");
    assert!(search_query("   ", &["monitor.name"]).is_none());
    assert!(search_query("<>", &["monitor.name"]).is_none());
}

#[test]
fn the_list_query_filters_sorts_and_pages_on_the_cluster() {
    let q = monitors_query("web", Some(false), MonitorSort::LastUpdated, true, 40, 20);
    assert_eq!(q["from"], 40);
    assert_eq!(q["size"], 20);
    assert_eq!(q["seq_no_primary_term"], true);
    assert_eq!(q["query"]["bool"]["filter"][0]["bool"]["should"][0]["term"]["monitor.type"], "monitor");
    assert_eq!(q["query"]["bool"]["filter"][0]["bool"]["should"][1]["term"]["workflow.type"], "workflow");
    assert_eq!(q["query"]["bool"]["filter"][1]["bool"]["should"][1]["term"]["workflow.enabled"], false);
    assert_eq!(q["query"]["bool"]["must"][0]["bool"]["should"][0]["query_string"]["query"], "*web*");
    assert_eq!(q["sort"][0]["monitor.last_update_time"]["order"], "desc");
    assert_eq!(q["sort"][1]["monitor.name.keyword"]["order"], "asc");
    let q = monitors_query("", None, MonitorSort::Name, true, 0, 20);
    assert_eq!(q["query"]["bool"]["filter"].as_array().unwrap().len(), 1);
    assert_eq!(q["sort"][0]["monitor.name.keyword"]["order"], "desc");
    assert_eq!(q["sort"][1]["workflow.name.keyword"]["order"], "desc");
}

fn hits() -> SearchAnswer<MonitorView> {
    read(json!({"hits": {"total": {"value": 2, "relation": "eq"}, "hits": [
        {"_id": "m1", "_seq_no": 3, "_primary_term": 1, "_source": {"name": "Failed logins", "enabled": true,
            "monitor_type": "query_level_monitor", "last_update_time": 1795930173728_i64}},
        {"_id": "m2", "_source": {"name": "Quiet", "enabled": false, "monitor_type": "bucket_level_monitor"}},
    ]}}))
}

#[test]
fn counts_come_from_one_aggregation() {
    let (mut monitors, total) = monitor_hits(&hits());
    assert_eq!(total, 2);
    assert_eq!(monitors[0].last_updated.as_deref(), Some("2026-11-29T05:29:33.728Z"));
    let ids: Vec<String> = monitors.iter().map(|m| m.id.clone()).collect();
    let q = counts_query(&ids);
    assert_eq!(q["query"]["bool"]["filter"][0]["bool"]["should"][0]["terms"]["monitor_id"], json!(["m1", "m2"]));
    assert_eq!(q["query"]["bool"]["filter"][0]["bool"]["should"][1]["terms"]["workflow_id"], json!(["m1", "m2"]), "composite monitors' own alerts");
    assert!(q["aggs"]["monitors"]["terms"]["script"]["source"].as_str().unwrap().contains("workflow_id"));
    assert_eq!(q["aggs"]["monitors"]["terms"]["size"], 2);
    let answer = read(json!({"aggregations": {"monitors": {"buckets": [
        {"key": "m1", "doc_count": 4, "last_notification_time": {"value": 1795930175734_i64},
         "ignored": {"doc_count": 1}, "acknowledged": {"doc_count": 1}, "active": {"doc_count": 2}, "errors": {"doc_count": 0},
         "latest": {"hits": {"hits": [{"_id": "a", "_source": {"trigger_name": "always"}}]}}},
    ]}}}));
    apply_counts(&mut monitors, &answer);
    let m1 = &monitors[0];
    assert_eq!((m1.active, m1.acknowledged, m1.errors, m1.ignored), (2, 1, 0, 1));
    assert_eq!(m1.latest_alert.as_deref(), Some("always"));
    assert_eq!(m1.last_notification_time.as_deref(), Some("2026-11-29T05:29:35.734Z"));
    assert_eq!((monitors[1].active, monitors[1].latest_alert.clone()), (0, None));
    // No alert index yet: `search_alerts` answers without aggregations; nothing breaks.
    apply_counts(&mut monitors, &read(json!({"hits": {"hits": []}, "aggregations": {}})));
    apply_counts(&mut monitors, &SearchAnswer::empty());
    assert_eq!(monitors[0].active, 2);
}

#[test]
fn alert_columns_sort_in_memory_with_stable_ties() {
    let (mut monitors, _) = monitor_hits(&hits());
    monitors.push(MonitorSummary { id: "m0".into(), name: "Another".into(), active: 5, ..Default::default() });
    monitors[1].active = 5;
    sort_monitors(&mut monitors, MonitorSort::Active, true);
    let names: Vec<&str> = monitors.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(names, ["Another", "Quiet", "Failed logins"]);
    sort_monitors(&mut monitors, MonitorSort::Active, false);
    assert_eq!(monitors[0].name, "Failed logins");
}

#[test]
fn alerts_read_from_the_api_and_from_search_hits() {
    let api = json!({"id": "Q9", "version": 1, "monitor_id": "m1", "monitor_name": "ms", "trigger_id": "t1",
        "trigger_name": "always", "state": "ERROR", "error_message": "Failed running query", "severity": "1",
        "start_time": 1795930175734_i64, "last_notification_time": 1795930175734_i64, "end_time": null, "acknowledged_time": null});
    let listed: crate::cluster::answers::alerts::AlertsAnswer = read(json!({"alerts": [api, {"state": "ACTIVE"}], "totalAlerts": 2}));
    let rows = api_alerts(&listed.alerts);
    assert_eq!(rows.len(), 1, "an alert without an id is skipped");
    let a = &rows[0];
    assert_eq!((a.id.as_str(), a.state.as_str(), a.severity.as_str()), ("Q9", "ERROR", "1"));
    assert_eq!(a.error_message.as_deref(), Some("Failed running query"));
    assert_eq!(a.end_time, None);
    let hit = json!({"_id": "B1", "_source": {"monitor_id": "m2", "trigger_id": "t2", "state": "ACTIVE", "severity": 2,
        "start_time": 1795930175734_i64, "agg_alert_content": {"bucket": {"key": {"host": "web-1", "port": 443}}}}});
    let hit: crate::cluster::answers::Hit<AlertDoc> = read(hit);
    let b = alert(&hit.id, &hit.source);
    assert_eq!((b.id.as_str(), b.severity.as_str()), ("B1", "2"));
    assert_eq!(b.bucket_keys.get("host").map(String::as_str), Some("web-1"));
    assert_eq!(b.bucket_keys.get("port").map(String::as_str), Some("443"));
}

#[test]
fn acknowledge_answers_keep_each_reason() {
    let answer = read(json!({"success": ["a1"], "failed": [
        {"a2": {"failed_reason": "Alert has already been acknowledged."}},
        {"zzz": {"failed_reason": "Alert: zzz does not exist (it may have already completed)."}}]}));
    let r = acknowledge_result(&answer);
    assert_eq!(r.acknowledged, ["a1"]);
    assert_eq!(r.failed.len(), 2);
    assert_eq!(r.failed[0], AcknowledgeFailure { id: "a2".into(), reason: "Alert has already been acknowledged.".into() });
}

#[test]
fn dashboard_groups_are_per_monitor_and_trigger() {
    let filters = alert_filters(Some("1"), Some("ACTIVE"), "login");
    assert_eq!(filters["bool"]["filter"][0]["term"]["severity"], "1");
    assert_eq!(filters["bool"]["filter"][1]["term"]["state"], "ACTIVE");
    assert_eq!(filters["bool"]["filter"][2]["bool"]["should"][0]["query_string"]["fields"], json!(["monitor_name", "trigger_name"]));
    assert_eq!(filters["bool"]["must_not"][0]["term"]["state"], "AUDIT");
    let q = groups_query(filters);
    assert_eq!(q["size"], 0);
    assert_eq!(q["aggs"]["monitors"]["aggs"]["triggers"]["terms"]["field"], "trigger_id");
    let answer = read(json!({"aggregations": {"monitors": {"buckets": [{"key": "m1", "triggers": {"buckets": [{
        "key": "t1", "doc_count": 3, "active": {"doc_count": 1}, "acknowledged": {"doc_count": 1}, "errors": {"doc_count": 1},
        "first_start": {"value": 1795930000000_i64}, "last_notification": {"value": 1795930100000_i64},
        "last_end": {"value": null}, "last_ack": {"value": 1795930200000_i64},
        "latest": {"hits": {"hits": [{"_source": {"monitor_name": "ms", "trigger_name": "always", "severity": 2}}]}}}]}}]}}}));
    let g = groups(&answer);
    assert_eq!(g.len(), 1);
    assert_eq!((g[0].total, g[0].active, g[0].acknowledged, g[0].errors), (3, 1, 1, 1));
    assert_eq!(g[0].monitor_name, "ms");
    assert_eq!(g[0].start_time.as_deref(), Some("2026-11-29T05:26:40.000Z"));
    assert_eq!(g[0].last_updated.as_deref(), Some("2026-11-29T05:30:00.000Z"));
    assert_eq!(g[0].severity, "2");
    assert!(groups(&read(json!({"aggregations": {}}))).is_empty());
    assert!(groups(&SearchAnswer::empty()).is_empty());
}
