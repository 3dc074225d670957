//! The monitors and alerts pages' API against a real OpenSearch node (`scripts/test` starts
//! one; the URL comes from `MONITOR_STUDIO_TEST_CLUSTER_URL`). The node is shared: every
//! test uses its own uniquely named index and monitors and deletes them at the end; nothing
//! here stops, resets or reconfigures the node.
//!
//! Monitors and alerts are set up directly through the cluster's REST API (not through
//! Monitor Studio), so what is checked is what our API reads from and does to the cluster.

mod common;

use std::time::{Duration, Instant};

use axum::http::StatusCode;
use common::TestApp;
use monitor_studio::config::ClusterConfig;
use serde_json::{Value, json};

const ALERTING: &str = "_plugins/_alerting/monitors";

fn cluster_url() -> String {
    std::env::var("MONITOR_STUDIO_TEST_CLUSTER_URL")
        .expect("MONITOR_STUDIO_TEST_CLUSTER_URL must name the test node, e.g. http://127.0.0.1:9200 (scripts/opensearch-node start prints it)")
        .trim_end_matches('/')
        .to_owned()
}

async fn app() -> TestApp {
    let url = cluster_url();
    TestApp::with_config(|c| c.cluster = Some(ClusterConfig { url, channel_hosts: vec!["127.0.0.1".into()], ..Default::default() })).await
}

/// A name no other run (or test) uses.
fn unique(what: &str) -> String {
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos();
    format!("ms-it-{what}-{}-{}", std::process::id(), nanos % 1_000_000_000)
}

/// The cluster's REST API, directly.
async fn os(method: reqwest::Method, path: &str, body: Option<Value>) -> (u16, Value) {
    let mut request = reqwest::Client::new().request(method, format!("{}/{path}", cluster_url()));
    if let Some(body) = body {
        request = request.json(&body);
    }
    let response = request.send().await.expect("the test node answers");
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

/// An index with three documents: the monitors' condition `hits > 0` is true.
async fn index_with_documents() -> String {
    let index = unique("logs");
    let (status, body) = os(reqwest::Method::PUT, &index, Some(json!({"settings": {"number_of_replicas": 0}}))).await;
    assert_eq!(status, 200, "{body}");
    for i in 0..3 {
        let doc = json!({"message": format!("failed login {i}"), "@timestamp": chrono::Utc::now().to_rfc3339()});
        os(reqwest::Method::POST, &format!("{index}/_doc?refresh=true"), Some(doc)).await;
    }
    index
}

/// A per query monitor every minute whose one trigger is true; no actions.
async fn create_monitor(name: &str, index: &str, enabled: bool) -> String {
    let monitor = json!({
        "type": "monitor", "monitor_type": "query_level_monitor", "name": name, "enabled": enabled,
        "schedule": {"period": {"interval": 1, "unit": "MINUTES"}},
        "inputs": [{"search": {"indices": [index], "query": {"size": 0, "query": {"match_all": {}}}}}],
        "triggers": [{"query_level_trigger": {"name": "Any document", "severity": "2",
            "condition": {"script": {"source": "ctx.results[0].hits.total.value > 0", "lang": "painless"}}, "actions": []}}],
    });
    let (status, body) = os(reqwest::Method::POST, &format!("{ALERTING}?refresh=true"), Some(monitor)).await;
    assert_eq!(status, 201, "{body}");
    body["_id"].as_str().expect("monitor id").to_owned()
}

/// Runs a saved monitor now, for real (`dryrun=false`): alerts are written at once.
async fn execute(id: &str) {
    let (status, body) = os(reqwest::Method::POST, &format!("{ALERTING}/{id}/_execute?dryrun=false"), None).await;
    assert_eq!(status, 200, "{body}");
    assert!(body["trigger_results"].as_object().is_some_and(|t| t.values().all(|r| r["triggered"] == true)), "{body}");
}

async fn cluster_enabled(id: &str) -> bool {
    let (status, body) = os(reqwest::Method::GET, &format!("{ALERTING}/{id}"), None).await;
    assert_eq!(status, 200, "{body}");
    body["monitor"]["enabled"].as_bool().expect("enabled")
}

async fn cluster_alert_states(id: &str) -> Vec<String> {
    let (_, body) = os(reqwest::Method::GET, &format!("{ALERTING}/alerts?monitorId={id}&alertState=ALL"), None).await;
    body["alerts"].as_array().into_iter().flatten().filter_map(|a| a["state"].as_str().map(str::to_owned)).collect()
}

async fn cleanup(ids: &[String], index: &str) {
    for id in ids {
        os(reqwest::Method::DELETE, &format!("{ALERTING}/{id}"), None).await;
    }
    os(reqwest::Method::DELETE, index, None).await;
}

/// Our list row of one monitor (searching its unique name).
async fn list_row(app: &TestApp, name: &str) -> Value {
    let reply = app.get(&format!("/api/v1/monitors?search={name}")).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    let rows = reply.body["monitors"].as_array().cloned().unwrap_or_default();
    rows.into_iter().find(|m| m["name"] == name).unwrap_or(Value::Null)
}

#[tokio::test]
#[ignore = "needs a real OpenSearch node (scripts/test starts one)"]
async fn the_scheduler_fires_and_the_pages_show_the_alert() {
    let app = app().await;
    let index = index_with_documents().await;
    let name = unique("scheduled");
    let id = create_monitor(&name, &index, true).await;

    // No _execute: the job scheduler must run the monitor on its own (every minute).
    let started = Instant::now();
    let row = loop {
        let row = list_row(&app, &name).await;
        if row["active"] == 1 {
            break row;
        }
        assert!(started.elapsed() < Duration::from_secs(180), "no ACTIVE alert after 3 minutes; last row: {row}");
        tokio::time::sleep(Duration::from_secs(5)).await;
    };
    assert_eq!(row["enabled"], true);
    assert_eq!(row["latest_alert"], "Any document");
    assert!(row["last_notification_time"].is_string(), "{row}");

    let detail = app.get(&format!("/api/v1/monitors/{id}")).await;
    assert_eq!(detail.status, StatusCode::OK, "{}", detail.text);
    assert_eq!(detail.body["active_alerts"], 1);
    assert_eq!(detail.body["schedule"], "Every 1 minute");

    let history = app.get(&format!("/api/v1/monitors/{id}/history")).await;
    assert_eq!(history.status, StatusCode::OK, "{}", history.text);
    let segments = history.body["rows"][0]["segments"].as_array().cloned().unwrap_or_default();
    assert!(segments.iter().any(|s| s["state"] == "triggered"), "no red segment: {}", history.text);
    assert!(history.body["histogram"].as_array().unwrap().iter().any(|b| b["count"].as_u64() > Some(0)));
    // The summary's figures come from the alert's own times: it started moments ago.
    let alert_start = alerts_start(&app, &id).await;
    let row = &history.body["rows"][0];
    let triggered = row["triggered_ms"].as_i64().unwrap();
    let age = chrono::Utc::now().timestamp_millis() - alert_start;
    assert!(triggered > 0 && triggered <= age + 2_000, "triggered {triggered} ms, the alert is {age} ms old: {row}");
    assert_eq!(row["last_alert_ms"].as_i64(), Some(alert_start));
    // Zoomed into the last hour: one-minute resolution, the same alert.
    let zoomed = app.get(&format!("/api/v1/monitors/{id}/history?hours=1")).await;
    assert_eq!(zoomed.status, StatusCode::OK, "{}", zoomed.text);
    assert_eq!(zoomed.body["interval_ms"], 60_000);
    assert!(zoomed.body["rows"][0]["segments"].as_array().unwrap().iter().any(|s| s["state"] == "triggered"), "{}", zoomed.text);

    let alerts = app.get(&format!("/api/v1/monitors/{id}/alerts")).await;
    assert_eq!(alerts.status, StatusCode::OK, "{}", alerts.text);
    assert_eq!(alerts.body["total"], 1);
    assert_eq!(alerts.body["alerts"][0]["state"], "ACTIVE");
    assert_eq!(alerts.body["alerts"][0]["trigger_name"], "Any document");
    cleanup(&[id], &index).await;
}

#[tokio::test]
#[ignore = "needs a real OpenSearch node (scripts/test starts one)"]
async fn acknowledging_through_our_api_acknowledges_on_the_cluster() {
    let app = app().await;
    let index = index_with_documents().await;
    let name = unique("ack");
    // Disabled: only `_execute` runs it, so the alert count is exactly what the test made.
    let id = create_monitor(&name, &index, false).await;
    execute(&id).await;

    let row = list_row(&app, &name).await;
    assert_eq!((row["active"].as_u64(), row["acknowledged"].as_u64(), row["errors"].as_u64()), (Some(1), Some(0), Some(0)), "{row}");

    let active = app.get(&format!("/api/v1/monitors/{id}/alerts?state=ACTIVE")).await;
    assert_eq!(active.body["total"], 1, "{}", active.text);
    let alert_id = active.body["alerts"][0]["id"].as_str().unwrap().to_owned();
    assert_eq!(active.body["alerts"][0]["severity"], "2");

    // The alerts dashboard groups it under its trigger.
    let groups = app.get(&format!("/api/v1/alerts?search={name}")).await;
    assert_eq!(groups.status, StatusCode::OK, "{}", groups.text);
    let group = groups.body["groups"].as_array().unwrap().iter().find(|g| g["monitor_id"] == id.as_str()).cloned().expect("a group");
    assert_eq!((group["active"].as_u64(), group["total"].as_u64()), (Some(1), Some(1)), "{group}");
    let in_group = app.get(&format!("/api/v1/alerts/list?monitor_id={id}&trigger_id={}", group["trigger_id"].as_str().unwrap())).await;
    assert_eq!(in_group.body["alerts"][0]["id"], alert_id.as_str(), "{}", in_group.text);

    let ack = app.post(&format!("/api/v1/monitors/{id}/acknowledge"), json!({"alerts": [alert_id]})).await;
    assert_eq!(ack.status, StatusCode::OK, "{}", ack.text);
    assert_eq!(ack.body["acknowledged"], json!([alert_id]));
    assert_eq!(cluster_alert_states(&id).await, ["ACKNOWLEDGED"]);
    // Acknowledging again is refused by the cluster, with its reason.
    let again = app.post(&format!("/api/v1/monitors/{id}/acknowledge"), json!({"alerts": [alert_id]})).await;
    assert_eq!(again.body["failed"][0]["reason"], "Alert has already been acknowledged.", "{}", again.text);

    let row = list_row(&app, &name).await;
    assert_eq!((row["active"].as_u64(), row["acknowledged"].as_u64()), (Some(0), Some(1)), "{row}");
    assert!(row.get("draft_id").is_none(), "no draft is linked yet: {row}");

    // Edit: the monitor becomes (or opens) a linked draft; the list and page then link to it.
    let draft = app.post(&format!("/api/v1/monitors/{id}/draft"), json!({})).await;
    assert_eq!(draft.status, StatusCode::OK, "{}", draft.text);
    let draft_id = draft.body["id"].as_str().unwrap().to_owned();
    assert_eq!(list_row(&app, &name).await["draft_id"], draft_id.as_str());
    assert_eq!(app.get(&format!("/api/v1/monitors/{id}")).await.body["draft_id"], draft_id.as_str());
    let history = app.get(&format!("/api/v1/monitors/{id}/history?days=1")).await;
    let states: Vec<&str> = history.body["rows"][0]["segments"].as_array().unwrap().iter().filter_map(|s| s["state"].as_str()).collect();
    assert!(states.contains(&"triggered") || states.contains(&"acknowledged"), "{states:?}");

    // The dashboard's group acknowledge: a new alert after the old one completes is not
    // needed; with nothing active it acknowledges nothing and says so.
    let none = app.post("/api/v1/alerts/acknowledge", json!({"groups": [{"monitor_id": id, "trigger_id": group["trigger_id"]}]})).await;
    assert_eq!(none.status, StatusCode::OK, "{}", none.text);
    assert_eq!(none.body["acknowledged"], json!([]));
    cleanup(&[id], &index).await;
}

#[tokio::test]
#[ignore = "needs a real OpenSearch node (scripts/test starts one)"]
async fn enable_and_disable_round_trip_on_the_cluster() {
    let app = app().await;
    let index = index_with_documents().await;
    let id = create_monitor(&unique("toggle"), &index, true).await;

    let reply = app.post(&format!("/api/v1/monitors/{id}/disable"), json!({})).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    assert_eq!(reply.body, json!({"id": id, "enabled": false}));
    assert!(!cluster_enabled(&id).await);
    let detail = app.get(&format!("/api/v1/monitors/{id}")).await;
    assert_eq!(detail.body["enabled"], false);

    let reply = app.post(&format!("/api/v1/monitors/{id}/enable"), json!({})).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    assert!(cluster_enabled(&id).await);
    // The rest of the monitor is untouched by the flip.
    let (_, got) = os(reqwest::Method::GET, &format!("{ALERTING}/{id}"), None).await;
    assert_eq!(got["monitor"]["triggers"][0]["query_level_trigger"]["name"], "Any document");
    assert_eq!(got["monitor"]["inputs"][0]["search"]["indices"], json!([index]));

    // Export: the re-postable body, without server-set fields, accepted by the cluster.
    let export = app.get(&format!("/api/v1/monitors/{id}/export")).await;
    assert_eq!(export.status, StatusCode::OK, "{}", export.text);
    let mut body = export.body["monitor"].clone();
    assert!(body.get("last_update_time").is_none() && body.get("enabled_time").is_none(), "{body}");
    body["name"] = json!(unique("reposted"));
    body["enabled"] = json!(false);
    let (status, reposted) = os(reqwest::Method::POST, &format!("{ALERTING}?refresh=true"), Some(body)).await;
    assert_eq!(status, 201, "{reposted}");
    cleanup(&[id, reposted["_id"].as_str().unwrap().to_owned()], &index).await;
}

#[tokio::test]
#[ignore = "needs a real OpenSearch node (scripts/test starts one)"]
async fn bulk_disable_acts_on_exactly_the_selected_monitors() {
    let app = app().await;
    let index = index_with_documents().await;
    let mut ids = Vec::new();
    for i in 0..3 {
        ids.push(create_monitor(&unique(&format!("bulk{i}")), &index, true).await);
    }
    let reply = app.post("/api/v1/monitors/bulk", json!({"action": "disable", "ids": [ids[0], ids[1]]})).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    let outcomes = reply.body["outcomes"].as_array().unwrap();
    assert_eq!(outcomes.len(), 2);
    assert!(outcomes.iter().all(|o| o["ok"] == true && o["message"] == "Disabled."), "{}", reply.text);
    assert!(!cluster_enabled(&ids[0]).await);
    assert!(!cluster_enabled(&ids[1]).await);
    assert!(cluster_enabled(&ids[2]).await, "the unselected monitor must stay enabled");

    // The list's state filter sees the same.
    let disabled = app.get("/api/v1/monitors?state=disabled&limit=100&search=ms-it-bulk").await;
    let names: Vec<String> = disabled.body["monitors"].as_array().unwrap().iter().map(|m| m["id"].as_str().unwrap().to_owned()).collect();
    assert!(names.contains(&ids[0]) && names.contains(&ids[1]) && !names.contains(&ids[2]), "{}", disabled.text);

    // Bulk acknowledge: one monitor with an active alert, one without.
    execute(&ids[2]).await;
    let ack = app.post("/api/v1/monitors/bulk", json!({"action": "acknowledge", "ids": [ids[2], ids[0]]})).await;
    assert_eq!(ack.body["outcomes"][0]["message"], "Acknowledged 1 alert(s).", "{}", ack.text);
    assert_eq!(ack.body["outcomes"][1]["message"], "No active alerts.");
    assert_eq!(cluster_alert_states(&ids[2]).await, ["ACKNOWLEDGED"]);

    // Bulk delete, then nothing of them is left.
    let deleted = app.post("/api/v1/monitors/bulk", json!({"action": "delete", "ids": ids})).await;
    assert!(deleted.body["outcomes"].as_array().unwrap().iter().all(|o| o["ok"] == true), "{}", deleted.text);
    for id in &ids {
        assert_eq!(os(reqwest::Method::GET, &format!("{ALERTING}/{id}"), None).await.0, 404);
    }
    cleanup(&[], &index).await;
}

#[tokio::test]
#[ignore = "needs a real OpenSearch node (scripts/test starts one)"]
async fn a_deleted_monitor_is_a_clear_404() {
    let app = app().await;
    let index = index_with_documents().await;
    let id = create_monitor(&unique("deleted"), &index, false).await;
    let reply = app.delete(&format!("/api/v1/monitors/{id}")).await;
    assert_eq!(reply.status, StatusCode::NO_CONTENT, "{}", reply.text);
    for uri in [format!("/api/v1/monitors/{id}"), format!("/api/v1/monitors/{id}/history"), format!("/api/v1/monitors/{id}/export")] {
        let reply = app.get(&uri).await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{uri}: {}", reply.text);
        let message = reply.body["message"].as_str().unwrap_or_default();
        assert!(message.contains("was not found on the cluster") && message.contains("deleted"), "{message}");
    }
    // Deleting it again is a 404 too (the cluster itself answers 500 for that).
    assert_eq!(app.delete(&format!("/api/v1/monitors/{id}")).await.status, StatusCode::NOT_FOUND);
    cleanup(&[], &index).await;
}

/// The monitors list, the monitor page and the alerts dashboard are rendered on the server
/// with the cluster's data (the browser hydrates them without asking again).
#[tokio::test]
#[ignore = "needs a real OpenSearch node (scripts/test starts one)"]
async fn the_pages_render_the_cluster_data_on_the_server() {
    let app = app().await;
    let index = index_with_documents().await;
    let name = unique("rendered");
    let id = create_monitor(&name, &index, true).await;
    execute(&id).await;

    let list = app.page("/monitors").await;
    assert!(list.contains(&name), "the monitors list names the monitor");
    assert!(!list.contains("Loading monitors"));

    let page = app.page(&format!("/monitors/{id}")).await;
    assert!(page.contains(&name) && page.contains("Any document"), "the monitor page shows the monitor and its trigger");
    assert!(page.contains("Every 1 minute"));
    assert!(page.contains("Active"), "the alerts table shows the active alert");
    assert!(!page.contains("Loading the monitor") && !page.contains("Loading history") && !page.contains("Loading alerts"));

    let alerts = app.page("/alerts").await;
    assert!(alerts.contains(&name), "the alerts dashboard lists the monitor's trigger");
    assert!(!alerts.contains("Loading alerts"));

    let missing = app.page("/monitors/no-such-monitor").await;
    assert!(missing.contains("Monitor not found"), "a missing monitor renders its error on the server");
    cleanup(&[id], &index).await;
}

/// When the monitor's alert started (ms), as its alerts list says.
async fn alerts_start(app: &TestApp, id: &str) -> i64 {
    let alerts = app.get(&format!("/api/v1/monitors/{id}/alerts")).await;
    let start = alerts.body["alerts"][0]["start_time"].as_str().unwrap_or_else(|| panic!("{}", alerts.text));
    chrono::DateTime::parse_from_rfc3339(start).unwrap().timestamp_millis()
}
