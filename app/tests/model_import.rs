//! Monitor JSON → draft, round trips, and the canonical form used to detect changes.

mod model_support;

use app::model::convert::{from_monitor_json, normalize_monitor_json, to_monitor_json};
use app::model::{query, *};
use model_support::*;
use serde_json::{Value, json};

/// A visual draft as it reads back: extraction fields filled from the generated JSON.
fn settled(mut d: MonitorDraft) -> MonitorDraft {
    let body = query::search_body(&d.visual, &d.time_field);
    d.extraction_query = serde_json::to_string_pretty(&body).unwrap();
    for t in &mut d.triggers {
        t.script = query::trigger_condition_script(&d.visual, t.threshold_enum, t.threshold_value);
    }
    d
}

#[test]
fn visual_round_trip_is_exact() {
    for d in [scenario_a(), scenario_b()] {
        let back = from_monitor_json(&to_monitor_json(&d).unwrap()).unwrap();
        assert_eq!(back, settled(d.clone()), "{}", d.name);
        // …and the visual state itself never changes.
        assert_eq!(back.visual, d.visual);
        assert_eq!(back.defining_method, DefiningMethod::Visual);
        assert_eq!(to_monitor_json(&back).unwrap(), to_monitor_json(&d).unwrap());
    }
}

#[test]
fn visual_round_trip_of_every_filter_operator() {
    let mut d = scenario_a();
    for name in fixture_names("filters") {
        let f: Filter = serde_json::from_value(fixture(&format!("filters/{name}"))["filter"].clone()).unwrap();
        d.visual.filters = vec![f];
        let back = from_monitor_json(&to_monitor_json(&d).unwrap()).unwrap();
        assert_eq!(back.defining_method, DefiningMethod::Visual, "{name}");
        assert_eq!(back.visual, d.visual, "{name}");
    }
}

#[test]
fn extraction_round_trip_is_exact() {
    let d = extraction_draft();
    let back = from_monitor_json(&to_monitor_json(&d).unwrap()).unwrap();
    assert_eq!(back, d);
}

#[test]
fn get_response_with_wrappers_strings_and_server_fields() {
    let d = from_monitor_json(&fixture("get_response_api_made.json")).unwrap();
    let query = fixture("get_response_api_made.json")["monitor"]["inputs"][0]["search"]["query"].clone();
    let expected = MonitorDraft {
        name: "failed-logins".into(),
        monitor_type: MonitorType::QueryLevel,
        // No ui_metadata: made through the API, so it opens in the extraction editor.
        defining_method: DefiningMethod::ExtractionQuery,
        enabled: true,
        schedule: Frequency::Interval { interval: 5, unit: IntervalUnit::Minutes },
        indices: vec!["security-auditlog-*".into()],
        time_field: String::new(),
        visual: VisualQuery::default(),
        extraction_query: serde_json::to_string_pretty(&query).unwrap(),
        doc_queries: Vec::new(),
        cluster_metrics: ClusterMetricsDraft::default(),
        delegates: Vec::new(),
        triggers: vec![
            TriggerDraft {
                id: Some("t-0001".into()),
                name: "too-many-failed-logins".into(),
                severity: 1,
                script: "ctx.results[0].hits.total.value > 1".into(),
                actions: vec![
                    ActionDraft {
                        id: Some("a-0001".into()),
                        name: "post-to-webhook".into(),
                        destination_id: "audit-hook".into(),
                        subject: "Failed logins".into(),
                        message: "{{ctx.results.0.hits.total.value}} failed logins".into(),
                        throttle_enabled: false,
                        throttle_minutes: 10,
                        ..ActionDraft::default()
                    },
                    ActionDraft {
                        id: None,
                        name: "mail-security".into(),
                        destination_id: "sec-mail".into(),
                        subject: String::new(),
                        message: "Plain-string template".into(),
                        throttle_enabled: true,
                        throttle_minutes: 30,
                        ..ActionDraft::default()
                    },
                ],
                ..TriggerDraft::default()
            },
            TriggerDraft {
                name: "bare-pre-1.1-trigger".into(),
                severity: 3,
                script: "return false".into(),
                ..TriggerDraft::default()
            },
        ],
        raw_inputs: None,
    };
    assert_eq!(d, expected);

    // Re-exporting drops every server field and keeps the ids.
    let v = to_monitor_json(&d).unwrap();
    for key in ["schema_version", "last_update_time", "enabled_time", "owner", "data_sources", "user", "_id"] {
        assert!(v.get(key).is_none(), "{key} leaked");
    }
    assert_eq!(v["triggers"][0]["id"], "t-0001");
    assert_eq!(v["triggers"][0]["actions"][0]["id"], "a-0001");
    assert_eq!(v["schedule"], json!({"period": {"interval": 5, "unit": "MINUTES"}}));
}

#[test]
fn search_hit_and_bare_body_read_the_same() {
    let bare = fixture("scenario_b_avg_filter_group_by.json");
    let hit = json!({"_index": ".opendistro-alerting-config", "_id": "x", "_score": 1.0, "_source": bare.clone()});
    let get = json!({"_id": "x", "_version": 1, "_seq_no": 0, "_primary_term": 1, "monitor": bare.clone()});
    let a = from_monitor_json(&bare).unwrap();
    assert_eq!(from_monitor_json(&hit).unwrap(), a);
    assert_eq!(from_monitor_json(&get).unwrap(), a);
    assert_eq!(a, settled(scenario_b()));
}

#[test]
fn the_clusters_reserialized_query_still_opens_in_the_visual_editor() {
    // A Dashboards user agent gets ui_metadata back next to the re-serialized query.
    let mut echo = fixture("scenario_b_cluster_echo.json");
    echo["monitor"]["ui_metadata"] = fixture("scenario_b_avg_filter_group_by.json")["ui_metadata"].clone();
    let d = from_monitor_json(&echo).unwrap();
    assert_eq!(d.defining_method, DefiningMethod::Visual);
    assert_eq!(d.visual, scenario_b().visual);
    assert_eq!(d.triggers[0].id.as_deref(), Some("j4Qd3pABtrig0000001"));
    assert_eq!(d.triggers[0].actions[0].id.as_deref(), Some("kYQd3pABact00000001"));
    assert_eq!(d.triggers[0].threshold_value, 100.0);
}

#[test]
fn a_query_changed_behind_the_visual_editor_opens_as_extraction() {
    let mut v = fixture("scenario_b_avg_filter_group_by.json");
    v["inputs"][0]["search"]["query"]["query"]["bool"]["filter"][1] = json!({"term": {"response": 404}});
    let d = from_monitor_json(&v).unwrap();
    assert_eq!(d.defining_method, DefiningMethod::ExtractionQuery);
    let q: Value = serde_json::from_str(&d.extraction_query).unwrap();
    assert_eq!(q["query"]["bool"]["filter"][1], json!({"term": {"response": 404}}));
    // The visual state is still restored, for whoever switches back on purpose.
    assert_eq!(d.visual, scenario_b().visual);
}

#[test]
fn open_distro_ui_metadata_is_understood() {
    let mut v = fixture("scenario_a_count.json");
    v["ui_metadata"]["search"] = json!({"searchType": "graph", "timeField": "@timestamp", "aggregationType": "count",
        "fieldName": "", "overDocuments": "all documents", "bucketValue": 5, "bucketUnitOfTime": "m",
        "where": {"fieldName": [], "operator": "is", "fieldValue": ""}});
    let d = from_monitor_json(&v).unwrap();
    assert_eq!(d.defining_method, DefiningMethod::Visual);
    assert_eq!(d.visual, scenario_a().visual);
}

#[test]
fn cron_schedule_reopens_as_weekly_from_ui_metadata() {
    let d = extraction_draft();
    let back = from_monitor_json(&to_monitor_json(&d).unwrap()).unwrap();
    assert_eq!(back.schedule, d.schedule);
    // Without ui_metadata (API-made) it is a custom expression.
    let mut v = to_monitor_json(&d).unwrap();
    v.as_object_mut().unwrap().remove("ui_metadata");
    assert_eq!(
        from_monitor_json(&v).unwrap().schedule,
        Frequency::CustomCron { expression: "0 8 * * MON,THU".into(), timezone: "Europe/Berlin".into() }
    );
}

#[test]
fn import_errors_are_field_errors() {
    let mut v = fixture("scenario_a_count.json");
    v["monitor_type"] = json!("ppl_monitor");
    let e = from_monitor_json(&v).unwrap_err();
    assert_eq!(e.get("monitor_type").map(String::as_str), Some("Unknown monitor type: ppl_monitor"));
    assert_eq!(
        normalize_monitor_json(&v).unwrap_err().get("monitor_type").map(String::as_str),
        Some("Unknown monitor type: ppl_monitor")
    );

    let mut v = fixture("scenario_a_count.json");
    v["schedule"] = json!({"period": {"interval": 1, "unit": "SECONDS"}});
    v["triggers"][0]["severity"] = json!("critical");
    let e = from_monitor_json(&v).unwrap_err();
    assert!(e["schedule"].contains("SECONDS"));
    assert_eq!(e["triggers[0].severity"], "Severity must be a number from 1 to 5.");

    assert!(from_monitor_json(&json!([1, 2])).unwrap_err().contains_key("monitor"));
}

#[test]
fn normalized_published_body_equals_the_clusters_echo() {
    let published = to_monitor_json(&scenario_b()).unwrap();
    let echo = fixture("scenario_b_cluster_echo.json");
    assert_ne!(published, echo["monitor"]);
    assert_json_eq(
        &normalize_monitor_json(&published).unwrap(),
        &normalize_monitor_json(&echo).unwrap(),
        "published vs echo",
    );
}

#[test]
fn normalization_still_sees_real_changes() {
    let echo = normalize_monitor_json(&fixture("scenario_b_cluster_echo.json")).unwrap();
    let changes: [fn(&mut MonitorDraft); 6] = [
        |d| d.triggers[0].threshold_value = 200.0,
        |d| d.visual.time_range_value = 10,
        |d| d.visual.filters[0].value = 404.into(),
        |d| d.triggers[0].actions[0].throttle_enabled = false,
        |d| d.enabled = false,
        |d| d.indices.push("more-*".into()),
    ];
    for (i, change) in changes.iter().enumerate() {
        let mut d = scenario_b();
        change(&mut d);
        let n = normalize_monitor_json(&to_monitor_json(&d).unwrap()).unwrap();
        assert_ne!(n, echo, "change {i} went unnoticed");
    }
}

#[test]
fn normalization_accepts_loose_spellings() {
    let strict = json!({"name": "m", "type": "monitor", "monitor_type": "query_level_monitor", "enabled": true,
        "schedule": {"period": {"interval": 5, "unit": "MINUTES"}},
        "inputs": [{"search": {"indices": ["a"], "query": {"size": 0, "query": {"match_all": {}}}}}],
        "triggers": [{"name": "t", "severity": "1", "condition": {"script": {"source": "true", "lang": "painless"}},
            "actions": [{"name": "x", "destination_id": "d", "message_template": {"source": "m", "lang": "mustache"},
                         "throttle_enabled": true, "throttle": {"value": 10, "unit": "MINUTES"}}],
            "min_time_between_executions": null, "rolling_window_size": null}]});
    let loose = json!({"_id": "z", "_source": {"name": "m", "enabled": "true", "schema_version": 3,
        "schedule": {"period": {"interval": "5", "unit": "minutes"}},
        "inputs": [{"search": {"indices": ["a"], "query": {"query": {"match_all": {"boost": 1.0}}, "size": 0.0}}}],
        "triggers": [{"query_level_trigger": {"id": "abc", "name": "t", "severity": 1,
            "condition": {"script": {"source": "true"}},
            "actions": [{"id": "q", "name": "x", "destination_id": "d", "message_template": "m",
                         "throttle_enabled": "true", "throttle": {"value": "10", "unit": "minutes"}}]}}]}});
    assert_json_eq(&normalize_monitor_json(&loose).unwrap(), &normalize_monitor_json(&strict).unwrap(), "loose");
}

#[test]
fn bucket_monitor_opens_in_the_form_and_exports_unchanged() {
    let bucket = json!({"name": "Per host", "type": "monitor", "monitor_type": "bucket_level_monitor", "enabled": true,
        "schedule": {"cron": {"expression": "*/5 * * * *", "timezone": "UTC"}},
        "inputs": [{"search": {"indices": ["logs-*"], "query": fixture("scenario_c_bucket_query.json")}}],
        "triggers": [{"bucket_level_trigger": {"id": "b1", "name": "Busy host", "severity": "2",
            "condition": {"buckets_path": {"_count": "_count"}, "parent_bucket_path": "composite_agg",
                          "script": {"source": "params._count > 10", "lang": "painless"}, "gap_policy": "skip"},
            "actions": [{"id": "a1", "name": "n", "destination_id": "d", "throttle_enabled": false,
                         "message_template": {"source": "m", "lang": "mustache"},
                         "action_execution_policy": {"action_execution_scope": {"per_alert": {"actionable_alerts": ["DEDUPED", "NEW"]}}}}]}}]});
    let d = from_monitor_json(&bucket).unwrap();
    assert_eq!(d.monitor_type, MonitorType::BucketLevel);
    assert_eq!(d.indices, ["logs-*"]);
    assert_eq!(d.triggers[0].name, "Busy host");
    assert_eq!(d.triggers[0].severity, 2);
    // No ui_metadata: the extraction editor, with the rows read from the selector too.
    assert_eq!(d.defining_method, DefiningMethod::ExtractionQuery);
    assert_eq!(d.raw_inputs, None);
    assert_eq!(d.triggers[0].raw, None);
    assert_eq!(d.triggers[0].conditions[0].metric, "_count");
    assert_eq!(d.triggers[0].conditions[0].threshold_value, 10.0);
    let out = to_monitor_json(&d).unwrap();
    assert_eq!(out["inputs"], bucket["inputs"]);
    assert_eq!(out["triggers"], bucket["triggers"]);
    assert_eq!(normalize_monitor_json(&out).unwrap(), normalize_monitor_json(&bucket).unwrap());
    assert_eq!(from_monitor_json(&out).unwrap(), d);
}

#[test]
fn workflow_response_imports_as_composite() {
    let wf = json!({"_id": "w1", "_version": 1, "workflow": {"type": "workflow", "workflow_type": "composite",
        "name": "Chain", "enabled": true, "schedule": {"period": {"interval": 1, "unit": "MINUTES"}},
        "inputs": [{"composite_input": {"sequence": {"delegates": [{"order": 1, "monitor_id": "m1"}]}}}],
        "triggers": [{"chained_alert_trigger": {"id": "c1", "name": "both", "severity": "1",
            "condition": {"script": {"source": "monitor[id=m1]", "lang": "painless"}}, "actions": []}}],
        "owner": "alerting", "schema_version": 8, "last_update_time": 1, "enabled_time": 1}});
    let d = from_monitor_json(&wf).unwrap();
    assert_eq!(d.monitor_type, MonitorType::Composite);
    let out = to_monitor_json(&d).unwrap();
    assert_eq!(out["type"], "workflow");
    assert_eq!(out["inputs"], wf["workflow"]["inputs"]);
    assert_eq!(normalize_monitor_json(&out).unwrap(), normalize_monitor_json(&wf).unwrap());
}
