//! Per document monitors on the real node: a monitor of named queries authored through the
//! API, a dry run that names each query's matches and the documents that would trigger,
//! publish, and the scheduler's findings — one per matching document, listed with their
//! queries and sources — and an alert per document that met the condition. Run by
//! `scripts/test` (`#[ignore]`d without a node).

mod common;

use std::time::Duration;

use app::model::{ActionDraft, ActionScope, AndOr, DocConditionDraft, DocQueryDraft, DocTarget, FilterOperator, MonitorDraft, MonitorType, TriggerDraft};
use axum::http::StatusCode;
use common::cluster::{NodeApi, Story, eventually};
use serde_json::{Value, json};

fn doc_query(name: &str, field: &str, value: &str, tags: &[&str]) -> DocQueryDraft {
    DocQueryDraft { id: None, name: name.into(), field: field.into(), operator: FilterOperator::Is, value: value.into(), tags: tags.iter().map(|t| t.to_string()).collect() }
}

/// Failed logins of mallory: two queries, one condition over both.
fn draft(name: &str, index: &str, channel: &str) -> MonitorDraft {
    let mut d = MonitorDraft { name: name.into(), indices: vec![index.into()], ..MonitorDraft::default() };
    d.set_monitor_type(MonitorType::DocLevel);
    d.doc_queries = vec![
        doc_query("failed_login", "audit_category", "FAILED_LOGIN", &["auth"]),
        doc_query("mallory", "audit_request_effective_user", "mallory", &[]),
    ];
    d.triggers = vec![TriggerDraft {
        name: "Mallory failed to sign in".into(),
        doc_conditions: vec![
            DocConditionDraft { and_or: AndOr::And, target: DocTarget::Name, value: "failed_login".into() },
            DocConditionDraft { and_or: AndOr::And, target: DocTarget::Name, value: "mallory".into() },
        ],
        actions: vec![ActionDraft {
            name: "Tell the receiver".into(),
            destination_id: channel.into(),
            message: "{{ctx.monitor.name}}: {{ctx.alerts.size}} alert(s)".into(),
            scope: ActionScope::PerExecution,
            ..ActionDraft::default()
        }],
        ..TriggerDraft::default()
    }];
    d
}

#[tokio::test]
#[ignore = "needs a real OpenSearch node (scripts/test starts one)"]
async fn a_document_monitor_records_findings_and_alerts_per_matching_document() {
    let events = [("FAILED_LOGIN", "mallory", 30), ("FAILED_LOGIN", "eve", 20), ("AUTHENTICATED", "mallory", 10)];
    let Story { node, app, suffix, index, channel, receiver } = Story::start("docs", &events).await;
    let name = format!("Mallory's failed logins {suffix}");

    let created = app.create(serde_json::to_value(draft(&name, &index, &channel)).unwrap()).await;
    let id = created["id"].as_str().unwrap().to_owned();
    let doc = created["document"].clone();

    // The dry run (the cluster reads the last documents of each shard): each query's
    // matches, and the one document that meets both.
    let preview = app.post("/api/v1/preview", json!({"document": doc})).await;
    assert_eq!(preview.status, StatusCode::OK, "{}", preview.text);
    let matches: Vec<(String, usize)> = preview.body["matches"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| (m["query"].as_str().unwrap().to_owned(), m["documents"].as_array().unwrap().len()))
        .collect();
    assert_eq!(matches, [("failed_login".to_owned(), 2), ("mallory".to_owned(), 2)], "{}", preview.text);
    assert_eq!(preview.body["triggers"][0]["triggered"], true, "{}", preview.text);
    assert_eq!(preview.body["triggers"][0]["documents"].as_array().unwrap().len(), 1, "{}", preview.text);
    assert!(receiver.bodies.lock().unwrap().is_empty(), "a dry run sends nothing");

    // "Send test message": once, for the documents any query matches.
    let test = app.post("/api/v1/preview/test-message", json!({"document": doc, "trigger_index": 0, "action_index": 0})).await;
    assert_eq!(test.status, StatusCode::OK, "{}", test.text);
    let sent = receiver.wait_for(Duration::from_secs(30), |b| b.contains(&name)).await.expect("the test message arrives");
    assert_eq!(sent, format!("{name}: 3 alert(s)"), "the two failed logins and mallory's sign-in");
    assert_eq!(receiver.bodies.lock().unwrap().len(), 1, "one message for the run");
    receiver.bodies.lock().unwrap().clear();
    // With no document a query matches, nothing is sent and the field says why.
    let mut none = doc.clone();
    none["doc_queries"][1]["value"] = json!("nobody");
    none["doc_queries"][0]["value"] = json!("NO_SUCH_CATEGORY");
    let refused = app.post("/api/v1/preview/test-message", json!({"document": none, "trigger_index": 0, "action_index": 0})).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", refused.text);
    assert!(refused.body["errors"]["triggers[0].actions[0].destination_id"].as_str().unwrap().starts_with("No recent document"), "{}", refused.text);

    let published = app.post(&format!("/api/v1/drafts/{id}/publish"), json!({"version": 1})).await;
    assert_eq!(published.status, StatusCode::OK, "{}", published.text);
    let monitor_id = published.body["monitor_id"].as_str().unwrap().to_owned();
    let stored = node.get(&format!("/_plugins/_alerting/monitors/{monitor_id}")).await;
    assert_eq!(stored["monitor"]["triggers"][0]["document_level_trigger"]["condition"]["script"]["source"], "query[name=failed_login] && query[name=mallory]");
    assert_eq!(stored["monitor"]["inputs"][0]["doc_level_input"]["queries"][1]["query"], "audit_request_effective_user:\"mallory\"");
    let reopened = app.post("/api/v1/drafts/import", json!({"monitor": stored})).await;
    assert_eq!(reopened.body["document"]["defining_method"], "graph", "the stored monitor opens in the visual editor: {}", reopened.text);
    assert_eq!(app.get(&format!("/api/v1/monitors/{monitor_id}/findings")).await.body["total"], 0, "no finding before the first run");

    // A published monitor reads the documents indexed after it: new events, then a run.
    node.run_soon(&monitor_id).await;
    node.index_audit_events(&index, &[("FAILED_LOGIN", "mallory", 3), ("FAILED_LOGIN", "mallory", 2), ("FAILED_LOGIN", "eve", 1), ("AUTHENTICATED", "bob", 1)]).await;
    let findings = eventually(Duration::from_secs(120), "findings of the three failed logins", || async {
        let listed = app.get(&format!("/api/v1/monitors/{monitor_id}/findings")).await;
        assert_eq!(listed.status, StatusCode::OK, "{}", listed.text);
        (listed.body["findings"].as_array().map_or(0, Vec::len) >= 3).then_some(listed.body)
    })
    .await;
    let rows = findings["findings"].as_array().unwrap();
    assert_eq!(rows.len(), 3, "one finding per matching new document: {findings}");
    let mut users: Vec<&str> = rows.iter().map(|f| f["documents"][0]["source"]["audit_request_effective_user"].as_str().unwrap()).collect();
    users.sort_unstable();
    assert_eq!(users, ["eve", "mallory", "mallory"], "{findings}");
    for f in rows {
        assert_eq!(f["index"], json!(index));
        assert_eq!(f["documents"][0]["found"], true);
        let queries: Vec<&str> = f["queries"].as_array().unwrap().iter().map(|q| q["name"].as_str().unwrap()).collect();
        let user = f["documents"][0]["source"]["audit_request_effective_user"].as_str().unwrap();
        let expected: &[&str] = if user == "mallory" { &["failed_login", "mallory"] } else { &["failed_login"] };
        let mut queries = queries.clone();
        queries.sort_unstable();
        assert_eq!(queries, expected, "{f}");
        assert!(f["timestamp"].is_string());
    }
    // Paging and a bad page.
    let page = app.get(&format!("/api/v1/monitors/{monitor_id}/findings?limit=2&offset=2")).await;
    assert_eq!(page.body["findings"].as_array().unwrap().len(), 1, "{}", page.text);
    assert_eq!(page.body["total"], 3);
    let bad = app.get(&format!("/api/v1/monitors/{monitor_id}/findings?limit=0")).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", bad.text);
    assert!(bad.body["errors"]["limit"].is_string(), "{}", bad.text);

    // One alert per document that met the condition: mallory's two failed logins.
    let alerts = eventually(Duration::from_secs(60), "two ACTIVE alerts", || async {
        let body = node.get(&format!("/_plugins/_alerting/monitors/alerts?monitorId={monitor_id}")).await;
        let active: Vec<Value> = body["alerts"].as_array()?.iter().filter(|a| a["state"] == "ACTIVE").cloned().collect();
        (active.len() >= 2).then_some(active)
    })
    .await;
    assert_eq!(alerts.len(), 2, "{alerts:?}");
    let announced = receiver.wait_for(Duration::from_secs(60), |b| b.contains(&name)).await.expect("the monitor's message arrives");
    assert!(announced.contains("2 alert(s)"), "{announced}");

    node.cleanup(&[monitor_id], Some(&channel), Some(&index)).await;
}
