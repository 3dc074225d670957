//! Per document monitors: the form ⇄ the Dashboards' JSON (alerting-ui-flow.md §1.7 "Per
//! document", §2 "Per document", §3 execution policy), import of what the cluster echoes,
//! the query-string text both ways, and the rules.

mod model_support;

use app::model::convert::{from_monitor_json, normalize_monitor_json, to_monitor_json};
use app::model::document::{self, DEFAULT_DOC_EXTRACTION, DEFAULT_DOC_TRIGGER_SCRIPT};
use app::model::validate::{validate, validate_for_publish};
use app::model::*;
use model_support::*;
use serde_json::json;

fn scenario_d() -> MonitorDraft {
    from_monitor_json(&fixture("scenario_d_doc_monitor.json")).unwrap()
}

fn query(name: &str, field: &str, operator: FilterOperator, value: &str) -> DocQueryDraft {
    DocQueryDraft { id: None, name: name.into(), field: field.into(), operator, value: value.into(), tags: vec![] }
}

#[test]
fn the_dashboards_visual_document_monitor_opens_in_the_visual_editor() {
    let d = scenario_d();
    assert_eq!(d.monitor_type, MonitorType::DocLevel);
    assert_eq!(d.defining_method, DefiningMethod::Visual);
    assert_eq!(d.indices, ["security-auditlog-*"]);
    let rows: Vec<_> = d.doc_queries.iter().map(|q| (q.name.as_str(), q.field.as_str(), q.operator, q.value.as_str())).collect();
    assert_eq!(
        rows,
        [
            ("failed_login", "audit_category", FilterOperator::Is, "FAILED_LOGIN"),
            ("not_admin", "audit_request_effective_user", FilterOperator::IsNot, "admin"),
            ("late_format", "audit_format_version", FilterOperator::IsGreaterEqual, "4"),
        ]
    );
    assert_eq!(d.doc_queries[1].tags, ["auth", "sev1"]);
    let t = &d.triggers[0];
    assert_eq!(t.raw, None);
    let conditions: Vec<_> = t.doc_conditions.iter().map(|c| (c.and_or, c.target, c.value.as_str())).collect();
    assert_eq!(conditions, [(AndOr::And, DocTarget::Name, "failed_login"), (AndOr::And, DocTarget::Tag, "sev1")]);
    assert_eq!(t.actions[0].scope, ActionScope::PerExecution);
    assert!(validate_for_publish(&d).is_empty(), "{:?}", validate_for_publish(&d));
}

#[test]
fn the_form_writes_the_dashboards_json_exactly_ui_metadata_included() {
    assert_json_eq(&to_monitor_json(&scenario_d()).unwrap(), &fixture("scenario_d_doc_monitor.json"), "scenario D");
}

#[test]
fn the_clusters_echo_reopens_the_same_draft() {
    let sent = to_monitor_json(&scenario_d()).unwrap();
    // The cluster adds `fields`, `query_field_names`, `fan_out_enabled` and ids.
    let mut echo = sent.clone();
    for q in echo.pointer_mut("/inputs/0/doc_level_input/queries").unwrap().as_array_mut().unwrap() {
        q["fields"] = json!([]);
        q["query_field_names"] = json!([]);
    }
    echo["inputs"][0]["doc_level_input"]["fan_out_enabled"] = json!(true);
    echo["triggers"][0]["document_level_trigger"]["id"] = json!("t-1");
    let response = json!({"_id": "m1", "_seq_no": 3, "_primary_term": 1, "monitor": echo});
    let reopened = from_monitor_json(&response).unwrap();
    assert_eq!(reopened.defining_method, DefiningMethod::Visual);
    assert_eq!(reopened.doc_queries, scenario_d().doc_queries);
    assert_eq!(reopened.triggers[0].doc_conditions, scenario_d().triggers[0].doc_conditions);
    assert_eq!(reopened.triggers[0].id.as_deref(), Some("t-1"));
    assert_eq!(normalize_monitor_json(&response).unwrap(), normalize_monitor_json(&sent).unwrap());
}

#[test]
fn each_operator_is_the_dashboards_query_string_and_reads_back() {
    let cases = [
        (FilterOperator::Is, "FAILED_LOGIN", "audit_category:\"FAILED_LOGIN\""),
        (FilterOperator::IsNot, "admin", "NOT (audit_category:\"admin\")"),
        (FilterOperator::IsGreater, "3", "audit_category:>3"),
        (FilterOperator::IsGreaterEqual, "3.5", "audit_category:>=3.5"),
        (FilterOperator::IsLess, "-1", "audit_category:<-1"),
        (FilterOperator::IsLessEqual, "0", "audit_category:<=0"),
        // Quotes and backslashes are matched as typed.
        (FilterOperator::Is, "say \"hi\" \\o/", "audit_category:\"say \\\"hi\\\" \\\\o/\""),
    ];
    for (operator, value, text) in cases {
        let q = query("q", "audit_category", operator, value);
        assert_eq!(q.query_string(), text);
        assert_eq!(DocQueryDraft::from_query(&q.to_query()), Some(q), "{text}");
    }
    // Hand-written query-string syntax is not a row.
    for text in ["a:b OR c:d", "a:\"b\" AND c:\"d\"", "NOT (a:>3)", "a:\"unterminated", "just words"] {
        let q = app::model::monitor::DocLevelQuery { id: None, name: "q".into(), query: text.into(), tags: vec![], fields: vec![] };
        assert_eq!(DocQueryDraft::from_query(&q), None, "{text}");
    }
}

#[test]
fn hand_written_queries_and_expressions_open_in_the_extraction_editor_unchanged() {
    let mut m = fixture("scenario_d_doc_monitor.json");
    m["inputs"][0]["doc_level_input"]["queries"][0]["query"] = json!("audit_category:FAILED_LOGIN OR audit_category:MISSING_PRIVILEGES");
    let d = from_monitor_json(&m).unwrap();
    assert_eq!(d.defining_method, DefiningMethod::ExtractionQuery);
    let shown: serde_json::Value = serde_json::from_str(&d.extraction_query).unwrap();
    assert!(shown.get("indices").is_none(), "the Dashboards show the input without its indices");
    assert_eq!(shown["queries"][0]["query"], "audit_category:FAILED_LOGIN OR audit_category:MISSING_PRIVILEGES");
    let sent = to_monitor_json(&d).unwrap();
    assert_eq!(sent["inputs"], m["inputs"]);
    assert_eq!(sent["ui_metadata"]["search"]["searchType"], "query");

    let mut m = fixture("scenario_d_doc_monitor.json");
    let source = "(query[name=failed_login] || query[name=not_admin]) && !query[tag=sev1]";
    m["triggers"][0]["document_level_trigger"]["condition"]["script"]["source"] = json!(source);
    let d = from_monitor_json(&m).unwrap();
    assert_eq!(d.defining_method, DefiningMethod::ExtractionQuery);
    assert_eq!(d.triggers[0].script, source);
    assert_eq!(to_monitor_json(&d).unwrap()["triggers"][0]["document_level_trigger"]["condition"]["script"]["source"], source);
}

#[test]
fn expressions_are_built_and_read_row_by_row() {
    let rows = vec![
        DocConditionDraft { and_or: AndOr::And, target: DocTarget::Name, value: "a".into() },
        DocConditionDraft { and_or: AndOr::Or, target: DocTarget::Tag, value: "t".into() },
        DocConditionDraft { and_or: AndOr::And, target: DocTarget::Name, value: "b".into() },
    ];
    assert_eq!(document::script(&rows), "query[name=a] || query[tag=t] && query[name=b]");
    assert_eq!(document::conditions_from("query[name=a] || query[tag=t] && query[name=b]"), Some(rows));
    for text in ["", "query[name=a]  && query[name=b]", "query[id=x]", "!query[name=a]", "query[name=a] &&"] {
        assert_eq!(document::conditions_from(text), None, "{text:?}");
    }
}

#[test]
fn the_rules_name_each_field_in_the_dashboards_words() {
    let mut d = scenario_d();
    d.doc_queries[0].name = "failed login".into();
    d.doc_queries[1].name = "late_format".into();
    d.doc_queries[2].operator = FilterOperator::IsGreater;
    d.doc_queries[2].value = "four".into();
    d.doc_queries[1].tags = vec!["has space".into()];
    d.doc_queries[0].field = "a b".into();
    let e = validate(&d);
    assert_eq!(error(&e, "doc_queries[0].name"), "Cannot contain spaces.");
    assert_eq!(error(&e, "doc_queries[0].field"), "Must be a field name: no spaces, colons, quotes or parentheses.");
    assert_eq!(error(&e, "doc_queries[2].value"), "Requires numerical value.");
    assert_eq!(error(&e, "doc_queries[1].tags"), "Cannot contain spaces.");
    // The conditions name queries and tags that no longer exist.
    assert_eq!(error(&e, "triggers[0].doc_conditions[0].value"), "Choose one of the queries or tags.");
    assert_eq!(error(&e, "triggers[0].doc_conditions[1].value"), "Choose one of the queries or tags.");

    let mut d = scenario_d();
    d.doc_queries[2].name = "failed_login".into();
    d.doc_queries[1].name = "_hidden".into();
    d.doc_queries[0].value = "  ".into();
    d.doc_queries[0].operator = FilterOperator::StartsWith;
    let e = validate(&d);
    assert_eq!(error(&e, "doc_queries[2].name"), "Query name is already used.");
    assert!(error(&e, "doc_queries[1].name").starts_with("Must not start with _"));
    assert_eq!(error(&e, "doc_queries[0].value"), "Required.");
    assert_eq!(error(&e, "doc_queries[0].operator"), "This operator is not available for the field's type.");

    let mut d = scenario_d();
    d.doc_queries.clear();
    d.triggers[0].doc_conditions.clear();
    assert_eq!(error(&validate_for_publish(&d), "doc_queries"), "You must define at least one query.");
    assert_eq!(error(&validate(&d), "triggers[0].doc_conditions"), "Add at least one condition.");
    d.doc_queries = (0..11).map(|i| query(&format!("q{i}"), "f", FilterOperator::Is, "v")).collect();
    assert_eq!(error(&validate(&d), "doc_queries"), "Can have a maximum of 10 queries.");
    d.doc_queries.truncate(1);
    d.doc_queries[0].tags = (0..11).map(|i| format!("t{i}")).collect();
    assert_eq!(error(&validate(&d), "doc_queries[0].tags"), "Can have a maximum of 10 tags.");
}

#[test]
fn the_extraction_editor_takes_the_inputs_description_and_queries() {
    let mut d = MonitorDraft { name: "x".into(), indices: vec!["logs".into()], ..MonitorDraft::default() };
    d.set_monitor_type(MonitorType::DocLevel);
    d.defining_method = DefiningMethod::ExtractionQuery;
    assert_eq!(d.extraction_query, DEFAULT_DOC_EXTRACTION);
    let v = to_monitor_json(&d).unwrap();
    assert_eq!(v["inputs"][0]["doc_level_input"]["queries"][0]["query"], "audit_category:\"FAILED_LOGIN\"");
    assert_eq!(v["inputs"][0]["doc_level_input"]["indices"], json!(["logs"]));

    d.extraction_query = "{\"queries\": 3}".into();
    assert!(error(&validate(&d), "extraction_query").starts_with("Not a per document input:"));
    d.extraction_query = "{\"queries\": [".into();
    assert_eq!(error(&validate(&d), "extraction_query"), "Invalid JSON.");
    assert!(to_monitor_json(&d).unwrap_err().contains_key("extraction_query"));
}

#[test]
fn switching_the_type_swaps_defaults_and_actions_run_per_execution_without_throttling() {
    let mut d = MonitorDraft {
        triggers: vec![TriggerDraft {
            name: "t".into(),
            actions: vec![ActionDraft { name: "a".into(), throttle_enabled: true, ..ActionDraft::default() }],
            ..TriggerDraft::default()
        }],
        ..MonitorDraft::default()
    };
    d.set_monitor_type(MonitorType::DocLevel);
    assert_eq!(d.triggers[0].script, DEFAULT_DOC_TRIGGER_SCRIPT);
    assert_eq!(d.triggers[0].actions[0].scope, ActionScope::PerExecution);
    d.doc_queries = vec![query("query1", "f", FilterOperator::Is, "v")];
    d.triggers[0].doc_conditions = vec![DocConditionDraft { value: "query1".into(), ..DocConditionDraft::default() }];
    let action = &to_monitor_json(&d).unwrap()["triggers"][0]["document_level_trigger"]["actions"][0];
    assert_eq!(action["throttle_enabled"], false, "never throttled: {action}");
    assert!(action.get("throttle").is_none());
    assert_eq!(action["action_execution_policy"], json!({"action_execution_scope": {"per_execution": {}}}));
    // Per alert is kept as chosen.
    d.triggers[0].actions[0].scope = ActionScope::PerAlert { actionable_alerts: vec![ActionableAlert::New] };
    let action = &to_monitor_json(&d).unwrap()["triggers"][0]["document_level_trigger"]["actions"][0];
    assert_eq!(action["action_execution_policy"]["action_execution_scope"]["per_alert"]["actionable_alerts"], json!(["NEW"]));

    d.set_monitor_type(MonitorType::QueryLevel);
    assert_eq!(d.triggers[0].script, DEFAULT_TRIGGER_SCRIPT);
    assert_eq!(d.extraction_query, DEFAULT_EXTRACTION_QUERY);
}

#[test]
fn a_document_monitor_refuses_other_trigger_kinds() {
    let mut m = fixture("scenario_d_doc_monitor.json");
    let body = m["triggers"][0]["document_level_trigger"].clone();
    m["triggers"][0] = json!({"bucket_level_trigger": body});
    let e = from_monitor_json(&m).unwrap_err();
    assert_eq!(error(&e, "triggers[0]"), "A per document monitor cannot have a bucket_level_trigger.");
    let mut m = fixture("scenario_d_doc_monitor.json");
    m["inputs"] = json!([{"search": {"indices": ["x"], "query": {}}}]);
    assert_eq!(error(&from_monitor_json(&m).unwrap_err(), "inputs"), "A per document monitor needs a doc_level_input.");
}
