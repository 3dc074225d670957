//! The channels API against a real OpenSearch node with the notifications plugin
//! (`scripts/test` starts one; run by hand with
//! `MONITOR_STUDIO_TEST_CLUSTER_URL=http://127.0.0.1:9200 cargo test -p server --test channels_cluster -- --ignored`).
//! The node is shared with other tests: every channel id is unique to the run and each test
//! deletes what it created; nothing here stops or resets the node.

mod common;

use std::{
    sync::{Arc, Mutex},
    time::{Duration, Instant},
};

use axum::{
    Router,
    extract::State,
    http::{Method, StatusCode},
    routing::post,
};
use common::TestApp;
use monitor_studio::config::ClusterConfig;
use serde_json::{Value, json};

async fn cluster_app() -> TestApp {
    let url = std::env::var("MONITOR_STUDIO_TEST_CLUSTER_URL")
        .expect("MONITOR_STUDIO_TEST_CLUSTER_URL is not set: start a node with scripts/opensearch-node start and export the URL it prints");
    TestApp::with_config(|c| c.cluster = Some(ClusterConfig { url, channel_hosts: vec!["127.0.0.1".into()], ..Default::default() })).await
}

/// A channel id no other run or person uses.
fn unique_id(what: &str) -> String {
    format!("ms-test-{what}-{}", uuid::Uuid::new_v4().simple())
}

/// A loopback HTTP receiver that records every request body and answers `status`.
struct Receiver {
    url: String,
    bodies: Arc<Mutex<Vec<String>>>,
}

async fn start_receiver(status: StatusCode) -> Receiver {
    let bodies = Arc::new(Mutex::new(Vec::new()));
    async fn record(State((bodies, status)): State<(Arc<Mutex<Vec<String>>>, StatusCode)>, body: String) -> (StatusCode, &'static str) {
        bodies.lock().expect("receiver lock").push(body);
        (status, if status.is_success() { "received" } else { "receiver is down for maintenance" })
    }
    let router = Router::new().route("/hook", post(record).put(record).patch(record)).with_state((bodies.clone(), status));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind receiver");
    let url = format!("http://{}/hook", listener.local_addr().expect("receiver addr"));
    tokio::spawn(async move { axum::serve(listener, router).await.expect("receiver serves") });
    Receiver { url, bodies }
}

fn webhook(id: &str, name: &str, url: &str) -> Value {
    json!({"id": id, "name": name, "description": "Monitor Studio test receiver", "config_type": "webhook", "url": url,
        "method": "POST", "header_params": {"Content-Type": "text/plain"}})
}

/// The list is a search: a channel shows up once the index has refreshed (about 1 s).
async fn listed(app: &TestApp, id: &str, want: bool) -> Value {
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let reply = app.get("/api/v1/channels").await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
        let found = reply.body["channels"].as_array().expect("channels").iter().find(|c| c["id"] == id).cloned();
        if found.is_some() == want {
            return found.unwrap_or(Value::Null);
        }
        assert!(Instant::now() < deadline, "channel {id} still {} the list after 15 s", if want { "missing from" } else { "in" });
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
}

#[tokio::test]
#[ignore = "needs a real OpenSearch node (scripts/test starts one)"]
async fn create_list_update_test_and_delete_a_webhook() {
    let app = cluster_app().await;
    let receiver = start_receiver(StatusCode::OK).await;
    let id = unique_id("hook");

    let created = app.post("/api/v1/channels", webhook(&id, "MS test hook", &receiver.url)).await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text);
    assert_eq!(created.body["id"], id.as_str());
    assert_eq!(created.body["type"], "webhook");
    assert_eq!(created.body["url"], receiver.url.as_str());
    assert_eq!(created.body["header_params"], json!({"Content-Type": "text/plain"}));
    assert!(created.body["last_updated"].as_str().is_some_and(|t| t.ends_with('Z')), "{}", created.text);

    let row = listed(&app, &id, true).await;
    assert_eq!((&row["name"], &row["enabled"]), (&json!("MS test hook"), &json!(true)));
    // The Channels page is rendered on the server with the list.
    let page = app.page("/channels").await;
    assert!(page.contains("MS test hook") && page.contains(&id), "the channels page lists the channel");
    assert!(!page.contains("Loading channels") && !page.contains("Checking the cluster"));

    let mut changed = webhook(&id, "MS test hook (renamed)", &receiver.url);
    changed["method"] = json!("PUT");
    changed["enabled"] = json!(false);
    let updated = app.put(&format!("/api/v1/channels/{id}"), changed).await;
    assert_eq!(updated.status, StatusCode::OK, "{}", updated.text);
    assert_eq!(updated.body["name"], "MS test hook (renamed)");
    assert_eq!((&updated.body["method"], &updated.body["enabled"]), (&json!("PUT"), &json!(false)));
    let got = app.get(&format!("/api/v1/channels/{id}")).await;
    assert_eq!(got.body, updated.body);

    let muted = app.request(Method::POST, &format!("/api/v1/channels/{id}/test"), None).await;
    assert_eq!(muted.status, StatusCode::CONFLICT, "{}", muted.text);
    assert!(muted.body["message"].as_str().unwrap().contains("muted"), "{}", muted.text);
    let enabled = app.put(&format!("/api/v1/channels/{id}"), webhook(&id, "MS test hook (renamed)", &receiver.url)).await;
    assert_eq!(enabled.status, StatusCode::OK, "{}", enabled.text);
    let sent = app.request(Method::POST, &format!("/api/v1/channels/{id}/test"), None).await;
    assert_eq!(sent.status, StatusCode::OK, "{}", sent.text);
    assert_eq!((&sent.body["status_code"], &sent.body["status_text"]), (&json!("200"), &json!("received")));
    let bodies = receiver.bodies.lock().unwrap().clone();
    assert_eq!(bodies, [format!("Test message content body for config id {id}")]);

    let deleted = app.delete(&format!("/api/v1/channels/{id}")).await;
    assert_eq!(deleted.status, StatusCode::NO_CONTENT, "{}", deleted.text);
    assert_eq!(app.get(&format!("/api/v1/channels/{id}")).await.status, StatusCode::NOT_FOUND);
    listed(&app, &id, false).await;
    assert_eq!(app.delete(&format!("/api/v1/channels/{id}")).await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
#[ignore = "needs a real OpenSearch node (scripts/test starts one)"]
async fn a_taken_id_is_409_naming_id_and_a_type_change_is_409() {
    let app = cluster_app().await;
    let id = unique_id("dup");
    let first = app.post("/api/v1/channels", webhook(&id, "MS test duplicate", "http://127.0.0.1:9/unused")).await;
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.text);

    let again = app.post("/api/v1/channels", webhook(&id, "MS test duplicate again", "http://127.0.0.1:9/unused")).await;
    assert_eq!(again.status, StatusCode::CONFLICT, "{}", again.text);
    assert!(again.body["errors"]["id"].is_string(), "{}", again.text);
    assert!(again.body["message"].as_str().unwrap().contains(&id), "{}", again.text);

    let mut slack = webhook(&id, "MS test duplicate", "https://hooks.slack.com/services/T/B/x");
    slack["config_type"] = json!("slack");
    let retyped = app.put(&format!("/api/v1/channels/{id}"), slack).await;
    assert_eq!(retyped.status, StatusCode::CONFLICT, "{}", retyped.text);
    assert!(retyped.body["errors"]["config_type"].is_string(), "{}", retyped.text);

    assert_eq!(app.delete(&format!("/api/v1/channels/{id}")).await.status, StatusCode::NO_CONTENT);
}

#[tokio::test]
#[ignore = "needs a real OpenSearch node (scripts/test starts one)"]
async fn a_failed_delivery_says_what_the_receiver_answered() {
    let app = cluster_app().await;
    let receiver = start_receiver(StatusCode::SERVICE_UNAVAILABLE).await;
    let id = unique_id("down");
    let created = app.post("/api/v1/channels", webhook(&id, "MS test down", &receiver.url)).await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text);

    let sent = app.request(Method::POST, &format!("/api/v1/channels/{id}/test"), None).await;
    assert_eq!(sent.status, StatusCode::BAD_GATEWAY, "{}", sent.text);
    let message = sent.body["message"].as_str().unwrap();
    assert!(message.starts_with("The test message was not delivered"), "{message}");
    assert!(message.contains("receiver is down for maintenance"), "{message}");
    assert_eq!(receiver.bodies.lock().unwrap().len(), 1, "the receiver was called once");

    assert_eq!(app.delete(&format!("/api/v1/channels/{id}")).await.status, StatusCode::NO_CONTENT);
    let missing = app.request(Method::POST, &format!("/api/v1/channels/{id}/test"), None).await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND, "{}", missing.text);
    assert!(missing.body["message"].as_str().unwrap().contains("not found"), "{}", missing.text);
}
