//! Per bucket monitors on the real node: the brute-force template grouped by user, a dry run
//! that lists every bucket and the one over the threshold, a test message sent once for the
//! run, publish, and the scheduler's alerts — one per bucket that met the condition, each
//! announced with its bucket's keys. Run by `scripts/test` (`#[ignore]`d without a node).

mod common;

use std::time::Duration;

use axum::http::StatusCode;
use common::cluster::{NodeApi, Story, eventually};
use serde_json::{Value, json};

const USER: &str = "audit_request_effective_user.keyword";

#[tokio::test]
#[ignore = "needs a real OpenSearch node (scripts/test starts one)"]
async fn a_bucket_monitor_fires_once_per_bucket_over_the_threshold() {
    // mallory fails three times and eve twice; bob once: two buckets are above 1.
    let events = [("FAILED_LOGIN", "mallory", 20), ("FAILED_LOGIN", "mallory", 30), ("FAILED_LOGIN", "mallory", 40), ("FAILED_LOGIN", "eve", 25), ("FAILED_LOGIN", "eve", 35), ("FAILED_LOGIN", "bob", 10), ("AUTHENTICATED", "bob", 15)];
    let Story { node, app, suffix, index, channel, receiver } = Story::start("bucket", &events).await;
    let name = format!("Failed logins per user {suffix}");

    let created = app.post("/api/v1/drafts", json!({"template": "brute-force-by-address"})).await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text);
    let id = created.body["id"].as_str().unwrap().to_owned();
    let mut doc = created.body["document"].clone();
    assert_eq!(doc["monitor_type"], "bucket_level_monitor");
    doc["name"] = json!(name);
    doc["indices"] = json!([index]);
    doc["visual"]["group_by"] = json!([USER]);
    doc["triggers"][0]["conditions"] = json!([{"metric": "_count", "threshold_enum": "ABOVE", "threshold_value": 1.0}]);
    doc["triggers"][0]["actions"][0]["destination_id"] = json!(channel);
    doc["triggers"][0]["actions"][0]["message"] = json!("{{ctx.monitor.name}} new: {{#ctx.newAlerts}}[{{bucket_keys}}]{{/ctx.newAlerts}}");
    let saved = app.put(&format!("/api/v1/drafts/{id}"), json!({"version": 1, "document": doc})).await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.text);
    let version = saved.body["version"].as_i64().unwrap();

    // The dry run lists every bucket of the window with its count, and names the two that
    // would trigger.
    let preview = app.post("/api/v1/preview", json!({"document": doc})).await;
    assert_eq!(preview.status, StatusCode::OK, "{}", preview.text);
    let counts: Vec<(String, u64)> = preview.body["buckets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| (b["key"][USER].as_str().unwrap().to_owned(), b["doc_count"].as_u64().unwrap()))
        .collect();
    assert_eq!(counts, [("bob".to_owned(), 1), ("eve".to_owned(), 2), ("mallory".to_owned(), 3)], "{}", preview.text);
    assert_eq!(preview.body["triggers"][0]["buckets"], json!([["eve"], ["mallory"]]), "{}", preview.text);
    assert!(receiver.bodies.lock().unwrap().is_empty(), "a dry run sends nothing");

    // "Send test message" sends one message for the run, whatever the buckets.
    let test = app.post("/api/v1/preview/test-message", json!({"document": doc, "trigger_index": 0, "action_index": 0})).await;
    assert_eq!(test.status, StatusCode::OK, "{}", test.text);
    let sent = receiver.wait_for(Duration::from_secs(30), |b| b.contains(&name)).await.expect("the test message arrives");
    assert!(sent.starts_with(&format!("{name} new: ")), "{sent}");
    receiver.bodies.lock().unwrap().clear();

    let published = app.post(&format!("/api/v1/drafts/{id}/publish"), json!({"version": version})).await;
    assert_eq!(published.status, StatusCode::OK, "{}", published.text);
    let monitor_id = published.body["monitor_id"].as_str().unwrap().to_owned();
    let stored = node.get(&format!("/_plugins/_alerting/monitors/{monitor_id}")).await;
    let trigger = &stored["monitor"]["triggers"][0]["bucket_level_trigger"];
    assert_eq!(trigger["condition"]["script"]["source"], "params._count > 1", "{stored}");
    assert_eq!(trigger["actions"][0]["action_execution_policy"]["action_execution_scope"]["per_alert"]["actionable_alerts"], json!(["NEW"]), "the template alerts on new buckets only");

    // The scheduler: one ACTIVE alert per bucket over the threshold, none for bob.
    node.run_soon(&monitor_id).await;
    let alerts = eventually(Duration::from_secs(120), "two ACTIVE alerts", || async {
        let body = node.get(&format!("/_plugins/_alerting/monitors/alerts?monitorId={monitor_id}")).await;
        let active: Vec<Value> = body["alerts"].as_array()?.iter().filter(|a| a["state"] == "ACTIVE").cloned().collect();
        (active.len() >= 2).then_some(active)
    })
    .await;
    let mut keys: Vec<Value> = alerts.iter().map(|a| a["agg_alert_content"]["bucket_keys"].clone()).collect();
    keys.sort_by_key(Value::to_string);
    assert_eq!(keys, [json!(["eve"]), json!(["mallory"])]);

    // Per alert, for new alerts: the message names each new bucket.
    let announced = receiver.wait_for(Duration::from_secs(60), |b| b.contains(&name)).await.expect("the monitor's message arrives");
    assert!(announced.contains("[eve]") || announced.contains("[mallory]"), "{announced}");
    assert!(!announced.contains("[bob]"), "{announced}");

    // Monitor Studio's own alert list names the bucket of each alert.
    let listed = app.get(&format!("/api/v1/monitors/{monitor_id}/alerts")).await;
    assert_eq!(listed.status, StatusCode::OK, "{}", listed.text);
    let text = listed.text.clone();
    assert!(text.contains("mallory") && text.contains("eve") && !text.contains("\"bob\""), "{text}");

    node.cleanup(&[monitor_id], Some(&channel), Some(&index)).await;
}
