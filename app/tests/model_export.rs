//! Draft → monitor JSON, compared with fixtures written by hand from the Dashboards'
//! source (`formikToMonitor.js`, `whereFilters.js`, `formikToTrigger.js`, `helpers.js`
//! `prepareTriggers`, at alerting-dashboards-plugin a13fc35c).

mod model_support;

use app::model::convert::{self, to_monitor, to_monitor_json};
use app::model::monitor::{Input, Trigger};
use app::model::{query, schedule, *};
use model_support::*;
use serde_json::{Value, json};

#[test]
fn scenario_a_count_of_documents_matches_the_dashboards() {
    let v = to_monitor_json(&scenario_a()).unwrap();
    assert_json_eq(&v, &fixture("scenario_a_count.json"), "scenario A");
}

#[test]
fn scenario_b_avg_filter_group_by_matches_the_dashboards() {
    let v = to_monitor_json(&scenario_b()).unwrap();
    assert_json_eq(&v, &fixture("scenario_b_avg_filter_group_by.json"), "scenario B");
}

#[test]
fn every_filter_operator_matches_the_dashboards() {
    let names = fixture_names("filters");
    let mut seen = Vec::new();
    for name in &names {
        let case = fixture(&format!("filters/{name}"));
        let filter: Filter = serde_json::from_value(case["filter"].clone()).unwrap();
        assert_json_eq(&query::filter_clause(&filter), &case["clause"], &format!("{name} clause"));
        assert_json_eq(&convert::ui_filter(&filter), &case["ui"], &format!("{name} ui_metadata"));
        seen.push(filter.operator);
    }
    use FilterOperator::*;
    for op in [
        Is,
        IsNot,
        IsNull,
        IsNotNull,
        IsGreater,
        IsGreaterEqual,
        IsLess,
        IsLessEqual,
        InRange,
        NotInRange,
        StartsWith,
        EndsWith,
        Contains,
        DoesNotContain,
    ] {
        assert!(seen.contains(&op), "no fixture for {op:?}");
    }
    assert_eq!(names.len(), 22);
}

#[test]
fn filters_follow_the_time_filter_in_order() {
    let mut d = scenario_b();
    d.visual.filters.push(Filter {
        field: "message".into(),
        field_type: FieldType::Text,
        operator: FilterOperator::Contains,
        value: "oom".into(),
        ..Filter::default()
    });
    let body = query::search_body(&d.visual, "@timestamp");
    let filters = body["query"]["bool"]["filter"].as_array().unwrap();
    assert_eq!(filters.len(), 3);
    assert!(filters[0]["range"]["@timestamp"].is_object());
    assert_eq!(filters[1], json!({"term": {"response": 500}}));
    assert_eq!(filters[2], json!({"query_string": {"query": "*oom*", "default_field": "message"}}));
}

#[test]
fn a_number_typed_as_text_is_sent_as_a_number() {
    let f = Filter {
        field: "bytes".into(),
        field_type: FieldType::Number,
        operator: FilterOperator::IsGreater,
        value: "1024".into(),
        ..Filter::default()
    };
    assert_eq!(query::filter_clause(&f), json!({"range": {"bytes": {"gt": 1024}}}));
}

#[test]
fn trigger_scripts_match_get_condition() {
    for case in fixture("trigger_scripts.json").as_array().unwrap() {
        let mut visual = VisualQuery::default();
        if let Some(m) = case["metric"].as_str() {
            visual.metrics.push(Metric { aggregation: MetricAggregation::from_ui_name(m).unwrap(), field: "f".into() });
        }
        let threshold = ThresholdEnum::from_name(case["enum"].as_str().unwrap()).unwrap();
        let script = query::trigger_condition_script(&visual, threshold, case["value"].as_f64().unwrap());
        assert_eq!(script, case["script"].as_str().unwrap());
    }
}

#[test]
fn schedules_match_build_schedule_and_read_back() {
    for case in fixture("schedules.json").as_array().unwrap() {
        let freq: Frequency = serde_json::from_value(case["frequency"].clone()).unwrap();
        let what = case["describe"].as_str().unwrap();
        assert_json_eq(&schedule::to_api_schedule(&freq), &case["schedule"], what);
        assert_json_eq(&schedule::to_ui_schedule(&freq), &case["ui_schedule"], what);
        assert_eq!(schedule::describe(&freq), what);
        // With ui_metadata the friendly frequency comes back (the Dashboards reopen every
        // cron as "Custom cron expression"); without it, cron schedules are custom.
        let mut expected = freq.clone();
        if let Frequency::Weekly { days, .. } = &mut expected {
            days.sort();
        }
        assert_eq!(schedule::from_api_schedule(&case["schedule"], Some(&case["ui_schedule"])).unwrap(), expected);
        let bare = schedule::from_api_schedule(&case["schedule"], None).unwrap();
        match &freq {
            Frequency::Interval { .. } | Frequency::CustomCron { .. } => assert_eq!(bare, freq),
            other => assert_eq!(
                bare,
                Frequency::CustomCron {
                    expression: schedule::cron_expression(other).unwrap(),
                    timezone: other.timezone().unwrap().to_owned()
                }
            ),
        }
    }
}

#[test]
fn actions_with_and_without_throttle() {
    for case in fixture("actions.json").as_array().unwrap() {
        let draft: ActionDraft = serde_json::from_value(case["draft"].clone()).unwrap();
        let v = serde_json::to_value(convert::action(&draft)).unwrap();
        assert_json_eq(&v, &case["json"], case["_comment"].as_str().unwrap());
    }
}

#[test]
fn chart_query_of_scenario_b() {
    let d = scenario_b();
    let v = query::chart_query(&d.visual, &d.time_field, "Europe/Berlin");
    assert_json_eq(&v, &fixture("scenario_b_chart_query.json"), "chart query");
}

#[test]
fn chart_query_without_metric_has_an_empty_inner_aggregation() {
    let d = scenario_a();
    let v = query::chart_query(&d.visual, &d.time_field, "UTC");
    assert_eq!(v["aggregations"]["over"]["aggregations"], json!({}));
    assert_eq!(v["query"]["bool"]["filter"][0], json!({"range": {"@timestamp": {"gte": "now-25m", "lte": "now"}}}));
}

#[test]
fn bucket_query_of_scenario_c() {
    let visual = VisualQuery {
        metrics: vec![
            Metric { aggregation: MetricAggregation::Avg, field: "bytes".into() },
            Metric { aggregation: MetricAggregation::Count, field: "http.response".into() },
        ],
        time_range_value: 5,
        time_range_unit: TimeUnit::Minutes,
        filters: vec![],
        group_by: vec!["host.keyword".into()],
    };
    assert_json_eq(&query::bucket_search_body(&visual, "@timestamp"), &fixture("scenario_c_bucket_query.json"), "C");
}

#[test]
fn extraction_monitor_envelope() {
    let d = extraction_draft();
    let v = to_monitor_json(&d).unwrap();
    assert_eq!(v["enabled"], false);
    assert_eq!(v["schedule"], json!({"cron": {"expression": "0 8 * * MON,THU", "timezone": "Europe/Berlin"}}));
    assert_eq!(v["inputs"][0]["search"]["indices"], json!(["security-auditlog-*", "other-*"]));
    assert_eq!(v["inputs"][0]["search"]["query"], serde_json::from_str::<Value>(&d.extraction_query).unwrap());
    let t = &v["triggers"][0];
    assert_eq!(t["id"], "trig-1", "ids from the cluster are kept");
    assert_eq!(t["severity"], "4");
    assert_eq!(
        t["condition"],
        json!({"script": {"source": "ctx.results[0].hits.total.value > 0", "lang": "painless"}})
    );
    assert_eq!(t["actions"][0]["id"], "act-1");
    assert!(t["actions"][0].get("throttle").is_none());
    assert!(t["actions"][0].get("action_execution_policy").is_none());
    // Extraction monitors still carry the visual state, with searchType "query".
    assert_json_eq(
        &v["ui_metadata"]["search"],
        &json!({"searchType": "query", "timeField": "", "aggregations": [], "groupBy": [],
                "bucketValue": 1, "bucketUnitOfTime": "h", "filters": []}),
        "ui search",
    );
    assert_eq!(v["ui_metadata"]["triggers"], json!({"Any": {"value": 7.5, "enum": "BELOW"}}));
    assert_eq!(v["ui_metadata"]["schedule"]["weekly"]["thu"], true);
    assert_eq!(v["ui_metadata"]["schedule"]["frequency"], "weekly");
}

#[test]
fn no_triggers_means_no_ui_triggers() {
    let mut d = scenario_a();
    d.triggers.clear();
    let v = to_monitor_json(&d).unwrap();
    assert_eq!(v["triggers"], json!([]));
    assert!(v["ui_metadata"].get("triggers").is_none());
}

#[test]
fn invalid_extraction_query_is_a_field_error() {
    let mut d = extraction_draft();
    d.extraction_query = "{\"size\": 0,".into();
    let e = to_monitor(&d).unwrap_err();
    assert_eq!(e.get("extraction_query").map(String::as_str), Some("Invalid JSON."));
    // An incomplete draft still converts (for previews): no name, no index.
    let mut d = scenario_a();
    d.name.clear();
    d.indices.clear();
    assert!(to_monitor(&d).is_ok());
}

#[test]
fn typed_monitor_has_unwrapped_query_trigger() {
    let m = to_monitor(&scenario_b()).unwrap();
    assert!(matches!(&m.inputs[0], Input::Search(s) if s.indices == ["logs-*"]));
    assert!(matches!(&m.triggers[0], Trigger::QueryLevel(t) if t.severity == "2"));
}

#[test]
fn monitors_kept_as_json_are_written_verbatim() {
    // A per document draft imported before the form authored them keeps its JSON.
    let inputs = json!([{"doc_level_input": {"description": "", "indices": ["app-logs"], "fan_out_enabled": true,
        "queries": [{"id": "q1", "name": "errors", "query": "level:\"ERROR\"", "tags": ["sev1"], "fields": [],
                     "query_field_names": []}]}}]);
    let trigger = json!({"document_level_trigger": {"id": "t1", "name": "errs", "severity": "1",
        "condition": {"script": {"source": "query[tag=sev1]", "lang": "painless"}},
        "actions": [{"id": "a1", "name": "n", "destination_id": "d", "message_template": {"source": "m", "lang": "mustache"},
                     "throttle_enabled": false, "subject_template": {"source": "s", "lang": "mustache"},
                     "action_execution_policy": {"action_execution_scope": {"per_execution": {}}}}]}});
    let d = MonitorDraft {
        name: "Docs".into(),
        monitor_type: MonitorType::DocLevel,
        defining_method: DefiningMethod::ExtractionQuery,
        raw_inputs: Some(inputs.clone()),
        triggers: vec![TriggerDraft { name: "errs".into(), raw: Some(trigger.clone()), ..TriggerDraft::default() }],
        ..MonitorDraft::default()
    };
    let v = to_monitor_json(&d).unwrap();
    assert_eq!(v["monitor_type"], "doc_level_monitor");
    assert_eq!(v["inputs"], inputs, "unknown fields such as query_field_names survive");
    assert_eq!(v["triggers"][0], trigger);
    assert_eq!(v["ui_metadata"]["search"], json!({"searchType": "query"}));
    assert!(v["ui_metadata"].get("triggers").is_none());

}

#[test]
fn composite_monitors_are_workflows() {
    let d = MonitorDraft {
        name: "Chain".into(),
        monitor_type: MonitorType::Composite,
        delegates: vec!["m1".into(), "m2".into()],
        ..MonitorDraft::default()
    };
    let v = to_monitor_json(&d).unwrap();
    assert_eq!(v["inputs"], json!([{"composite_input": {"sequence": {"delegates": [
            {"order": 1, "monitor_id": "m1"}, {"order": 2, "monitor_id": "m2"}]}}}]));
    assert_eq!(v["type"], "workflow");
    assert_eq!(v["workflow_type"], "composite");
    assert_eq!(v["monitor_type"], "composite");
    assert_eq!(v["owner"], "alerting");
    assert_eq!(v["schema_version"], 0);
}
