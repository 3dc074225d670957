//! Per bucket monitors: the form ⇄ the Dashboards' JSON (alerting-ui-flow.md §1.4 C, §2
//! "Per bucket", §3 execution policy), import of what the cluster echoes, and the rules.

mod model_support;

use app::model::convert::{from_monitor_json, normalize_monitor_json, to_monitor_json};
use app::model::validate::{validate, validate_for_publish};
use app::model::*;
use model_support::*;
use serde_json::json;

fn scenario_c() -> MonitorDraft {
    from_monitor_json(&fixture("scenario_c_bucket_monitor.json")).unwrap()
}

#[test]
fn the_dashboards_visual_bucket_monitor_opens_in_the_visual_editor() {
    let d = scenario_c();
    assert_eq!(d.monitor_type, MonitorType::BucketLevel);
    assert_eq!(d.defining_method, DefiningMethod::Visual);
    assert_eq!(d.visual.group_by, ["host.keyword", "geo.src"]);
    assert_eq!(d.visual.metrics.len(), 2);
    let t = &d.triggers[0];
    assert_eq!(t.raw, None);
    let rows: Vec<_> = t.conditions.iter().map(|c| (c.and_or, c.metric.as_str(), c.threshold_enum, c.threshold_value)).collect();
    assert_eq!(rows, [(AndOr::And, "_count", ThresholdEnum::Above, 10.0), (AndOr::And, "avg_bytes", ThresholdEnum::Below, 5.0)]);
    assert_eq!(
        t.keyword_filter,
        Some(KeywordFilter { field: "host.keyword".into(), operator: KeywordOperator::Include, value: "web-1".into() })
    );
    assert_eq!(t.actions[0].scope, ActionScope::default());
    assert_eq!(t.actions[1].scope, ActionScope::PerExecution);
    assert!(validate_for_publish(&d).is_empty(), "{:?}", validate_for_publish(&d));
}

#[test]
fn the_form_writes_the_dashboards_json_exactly_ui_metadata_included() {
    assert_json_eq(&to_monitor_json(&scenario_c()).unwrap(), &fixture("scenario_c_bucket_monitor.json"), "scenario C");
}

#[test]
fn the_clusters_echo_reopens_the_same_draft() {
    let sent = to_monitor_json(&scenario_c()).unwrap();
    // The cluster re-serializes: `aggs` → `aggregations`, defaults spelled out, `lang` added.
    let mut echo = sent.clone();
    let composite = echo.pointer_mut("/inputs/0/search/query/aggregations/composite_agg").unwrap();
    let aggs = composite.as_object_mut().unwrap().remove("aggs").unwrap();
    composite["aggregations"] = aggs;
    composite["composite"]["size"] = json!(10);
    echo["triggers"][0]["bucket_level_trigger"]["condition"]["script"]["lang"] = json!("painless");
    echo["triggers"][0]["bucket_level_trigger"]["id"] = json!("t-1");
    let response = json!({"_id": "m1", "_seq_no": 3, "_primary_term": 1, "monitor": echo});
    let reopened = from_monitor_json(&response).unwrap();
    assert_eq!(reopened.defining_method, DefiningMethod::Visual);
    assert_eq!(reopened.triggers[0].conditions, scenario_c().triggers[0].conditions);
    assert_eq!(normalize_monitor_json(&response).unwrap(), normalize_monitor_json(&sent).unwrap());
}

#[test]
fn throttling_is_never_written_per_execution() {
    let mut d = scenario_c();
    d.triggers[0].actions[1].throttle_enabled = true;
    let v = to_monitor_json(&d).unwrap();
    let a = &v["triggers"][0]["bucket_level_trigger"]["actions"][1];
    assert_eq!(a["throttle_enabled"], false);
    assert!(a.get("throttle").is_none());
}

#[test]
fn a_hand_written_selector_opens_in_the_extraction_editor_and_is_kept() {
    let mut v = fixture("scenario_c_bucket_monitor.json");
    let selector = json!({"buckets_path": {"n": "_count"}, "parent_bucket_path": "composite_agg",
        "script": {"source": "params.n > 3 && params.n < 100", "lang": "painless"}, "gap_policy": "skip"});
    v["triggers"][0]["bucket_level_trigger"]["condition"] = selector.clone();
    let d = from_monitor_json(&v).unwrap();
    assert_eq!(d.defining_method, DefiningMethod::ExtractionQuery);
    let out = to_monitor_json(&d).unwrap();
    assert_eq!(out["triggers"][0]["bucket_level_trigger"]["condition"], selector);
    assert_json_eq(&out["inputs"], &v["inputs"], "the query as saved");
}

#[test]
fn rules_of_the_visual_bucket_editor() {
    let error = |d: &MonitorDraft, key: &str| validate_for_publish(d).get(key).cloned().unwrap_or_default();
    let mut d = scenario_c();
    d.visual.metrics.extend((0..4).map(|i| Metric { aggregation: MetricAggregation::Sum, field: format!("f{i}") }));
    assert_eq!(error(&d, "visual.metrics"), "Can have a maximum of 5 metric selections.");
    let mut d = scenario_c();
    d.visual.metrics.push(d.visual.metrics[0].clone());
    assert_eq!(error(&d, "visual.metrics"), "You have defined duplicated metrics.");
    let mut d = scenario_c();
    d.visual.group_by.push("third".into());
    assert_eq!(error(&d, "visual.group_by"), "Can have a maximum of 2 group by selections.");
    let mut d = scenario_c();
    d.visual.group_by.clear();
    d.triggers[0].keyword_filter = None;
    assert!(validate(&d).is_empty(), "group by is asked for at publish only");
    assert_eq!(error(&d, "visual.group_by"), "Must specify at least 1 group by expression.");
    let mut d = scenario_c();
    d.triggers[0].conditions[1].metric = "max_bytes".into();
    assert_eq!(error(&d, "triggers[0].conditions[1].metric"), "Choose count of documents or one of the query's metrics.");
    let mut d = scenario_c();
    d.triggers[0].conditions[0].threshold_value = f64::NAN;
    assert_eq!(error(&d, "triggers[0].conditions[0].threshold_value"), "Requires numerical value.");
    let mut d = scenario_c();
    d.triggers[0].conditions.clear();
    assert_eq!(error(&d, "triggers[0].conditions"), "Add at least one condition.");
    let mut d = scenario_c();
    d.triggers[0].conditions = vec![BucketConditionDraft::default(); 11];
    assert_eq!(error(&d, "triggers[0].conditions"), "Can have a maximum of 10 conditions.");
    let mut d = scenario_c();
    if let Some(f) = d.triggers[0].keyword_filter.as_mut() {
        f.field = "user".into();
        f.value = " ".into();
    }
    assert_eq!(error(&d, "triggers[0].keyword_filter.field"), "Choose one of the group-by fields.");
    assert_eq!(error(&d, "triggers[0].keyword_filter.value"), "Required.");
    let mut d = scenario_c();
    d.triggers[0].actions[0].scope = ActionScope::PerAlert { actionable_alerts: vec![] };
    assert_eq!(error(&d, "triggers[0].actions[0].actionable_alerts"), "Must select at least 1 option.");
}

#[test]
fn rules_of_the_bucket_selector_editor() {
    let mut d = scenario_c();
    d.defining_method = DefiningMethod::ExtractionQuery;
    d.triggers[0].bucket_selector = "{\"buckets_path\":{}}".into();
    let e = validate(&d);
    assert!(e["triggers[0].bucket_selector"].starts_with("Not a bucket selector"), "{e:?}");
    d.triggers[0].bucket_selector = "{".into();
    assert_eq!(validate(&d)["triggers[0].bucket_selector"], "Invalid JSON.");
    assert!(to_monitor_json(&d).unwrap_err().contains_key("triggers[0].bucket_selector"));
    d.triggers[0].bucket_selector = app::model::bucket::DEFAULT_BUCKET_SELECTOR.into();
    assert!(validate(&d).is_empty());
}

#[test]
fn a_trigger_of_the_wrong_kind_is_refused_on_import() {
    let mut v = fixture("scenario_c_bucket_monitor.json");
    v["triggers"] = json!([{"name": "q", "severity": "1", "condition": {"script": {"source": "true"}}, "actions": []}]);
    let e = from_monitor_json(&v).unwrap_err();
    assert_eq!(e["triggers[0]"], "A per bucket monitor cannot have a query_level_trigger.");
}
