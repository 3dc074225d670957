//! Composite monitors: the form ⇄ the Dashboards' workflow JSON (alerting-ui-flow.md §1.4
//! envelope, §1.7 "Composite"), import of what the cluster echoes, and the rules.

mod model_support;

use app::model::composite::{self, ChainConditionDraft, ChainOperator};
use app::model::convert::{from_monitor_json, normalize_monitor_json, to_monitor_json};
use app::model::validate::{validate, validate_for_publish};
use app::model::*;
use model_support::*;
use serde_json::{Value, json};

const A: &str = "qdYBw4gB2qeAWe54jQyZ";
const B: &str = "rtYBw4gB2qeAWe54wAx5";

fn scenario_e() -> MonitorDraft {
    from_monitor_json(&fixture("scenario_e_composite_monitor.json")).unwrap()
}

/// The fixture without the two clock readings the Dashboards add and the cluster stamps.
fn written_by_the_dashboards() -> Value {
    let mut v = fixture("scenario_e_composite_monitor.json");
    for key in ["last_update_time", "enabled_time"] {
        v.as_object_mut().unwrap().remove(key);
    }
    v
}

fn row(operator: ChainOperator, id: &str) -> ChainConditionDraft {
    ChainConditionDraft { operator, monitor_id: id.into() }
}

#[test]
fn the_dashboards_composite_monitor_opens_in_the_form() {
    let d = scenario_e();
    assert_eq!(d.monitor_type, MonitorType::Composite);
    assert_eq!(d.defining_method, DefiningMethod::Visual);
    assert_eq!(d.delegates, [A, B]);
    assert_eq!(d.raw_inputs, None);
    let t = &d.triggers[0];
    assert_eq!(t.raw, None);
    assert_eq!(t.chain_conditions, [row(ChainOperator::Plain, A), row(ChainOperator::AndNot, B)]);
    assert_eq!(t.actions[0].scope, ActionScope::PerExecution);
    assert!(validate_for_publish(&d).is_empty(), "{:?}", validate_for_publish(&d));
}

#[test]
fn the_form_writes_the_dashboards_json_exactly_ui_metadata_included() {
    assert_json_eq(&to_monitor_json(&scenario_e()).unwrap(), &written_by_the_dashboards(), "scenario E");
}

#[test]
fn the_clusters_echo_reopens_the_same_draft() {
    let sent = to_monitor_json(&scenario_e()).unwrap();
    let echo = json!({"_id": "w1", "_version": 1, "_seq_no": 3, "_primary_term": 1, "workflow": {
        "id": "w1", "schema_version": 8, "last_update_time": 1, "enabled_time": 1, "user": null,
        "name": sent["name"], "workflow_type": "composite", "enabled": true, "schedule": sent["schedule"],
        "inputs": sent["inputs"], "triggers": [{"chained_alert_trigger": {
            "id": "t1", "name": "Failed logins alone", "severity": "1",
            "condition": sent["triggers"][0]["chained_alert_trigger"]["condition"],
            "actions": [sent["triggers"][0]["chained_alert_trigger"]["actions"][0].clone()]}}],
        "audit_delegate_monitor_alerts": true, "ui_metadata": sent["ui_metadata"], "owner": "alerting"}});
    let reopened = from_monitor_json(&echo).unwrap();
    assert_eq!(reopened.delegates, [A, B]);
    assert_eq!(reopened.triggers[0].chain_conditions, scenario_e().triggers[0].chain_conditions);
    assert_eq!(normalize_monitor_json(&echo).unwrap(), normalize_monitor_json(&sent).unwrap());
}

#[test]
fn a_hand_written_expression_is_edited_as_text_and_kept_as_written() {
    // The Dashboards' own Cypress fixture: grouping parentheses the rows cannot show.
    let mut v = written_by_the_dashboards();
    let source = format!("(monitor[id={A}]) && (monitor[id={B}])");
    v["triggers"][0]["chained_alert_trigger"]["condition"]["script"]["source"] = json!(source);
    v["ui_metadata"]["search"]["searchType"] = json!("query");
    v["ui_metadata"]["triggers"]["Failed logins alone"] = json!(source);
    let d = from_monitor_json(&v).unwrap();
    assert_eq!(d.defining_method, DefiningMethod::ExtractionQuery);
    assert_eq!(d.triggers[0].script, source);
    assert_json_eq(&to_monitor_json(&d).unwrap(), &v, "kept as written");
}

#[test]
fn delegates_that_chain_findings_are_kept_as_json() {
    let mut v = written_by_the_dashboards();
    v["inputs"][0]["composite_input"]["sequence"]["delegates"][1]["chained_monitor_findings"] = json!({"monitor_id": A});
    let d = from_monitor_json(&v).unwrap();
    assert!(d.delegates.is_empty());
    assert_eq!(d.raw_inputs.as_ref(), Some(&v["inputs"]));
    assert_eq!(to_monitor_json(&d).unwrap()["inputs"], v["inputs"]);
}

#[test]
fn a_new_trigger_chains_every_delegate() {
    let d = MonitorDraft { monitor_type: MonitorType::Composite, delegates: vec![A.into(), B.into()], ..MonitorDraft::default() };
    let t = d.new_trigger();
    assert_eq!(t.chain_conditions, [row(ChainOperator::Plain, A), row(ChainOperator::And, B)]);
    assert_eq!(t.script, format!("(monitor[id={A}] && monitor[id={B}])"));
    assert_eq!(d.new_action(&t).scope, ActionScope::PerExecution);
}

#[test]
fn the_rules_of_delegates_and_conditions() {
    let mut d = scenario_e();
    d.delegates = vec![A.into()];
    assert_eq!(error(&validate_for_publish(&d), "delegates"), "Delegate two or more monitors.");
    assert!(validate(&d).contains_key("triggers[0].chain_conditions[1].monitor_id"), "B is no longer a delegate");
    assert_eq!(error(&validate(&d), "triggers[0].chain_conditions[1].monitor_id"), "Trigger condition is using unselected Delegate monitor.");

    let mut d = scenario_e();
    d.delegates.push(A.into());
    assert_eq!(error(&validate(&d), "delegates[2]"), "This monitor is already a delegate.");
    d.delegates = (0..11).map(|i| format!("m{i}")).collect();
    assert_eq!(error(&validate(&d), "delegates"), "A composite monitor can have a maximum of 10 delegate monitors.");

    let mut d = scenario_e();
    d.delegates.push(String::new());
    assert!(validate(&d).is_empty(), "an empty row while choosing is fine");
    assert_eq!(error(&validate_for_publish(&d), "delegates[2]"), "Required.");

    let mut d = scenario_e();
    d.triggers[0].chain_conditions.truncate(1);
    assert_eq!(error(&validate_for_publish(&d), "triggers[0].chain_conditions"), "Trigger condition requires at least two monitors selected.");
    let mut d = scenario_e();
    d.triggers[0].chain_conditions[0].operator = ChainOperator::And;
    d.triggers[0].chain_conditions[1].operator = ChainOperator::Not;
    let e = validate(&d);
    assert_eq!(error(&e, "triggers[0].chain_conditions[0].operator"), "Choose one of \"\", \"NOT\".");
    assert_eq!(error(&e, "triggers[0].chain_conditions[1].operator"), "Choose one of \"AND\", \"OR\", \"AND NOT\", \"OR NOT\".");

    let mut d = scenario_e();
    d.defining_method = DefiningMethod::ExtractionQuery;
    d.triggers[0].script = " ".into();
    assert_eq!(error(&validate(&d), "triggers[0].script"), "Required.");
}

#[test]
fn only_query_bucket_and_document_monitors_are_delegates() {
    let delegates: Vec<MonitorType> = MonitorType::ALL.into_iter().filter(|t| composite::can_delegate(*t)).collect();
    assert_eq!(delegates, [MonitorType::QueryLevel, MonitorType::BucketLevel, MonitorType::DocLevel]);
}
