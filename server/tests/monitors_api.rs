//! `/api/v1/monitors…` and `/api/v1/alerts…` without a cluster, and with one that is down:
//! every route answers with a status and a sentence, never an empty body or a panic.

mod common;

use axum::http::{Method, StatusCode};
use common::TestApp;
use monitor_studio::config::ClusterConfig;
use serde_json::json;

/// Every monitors/alerts route, with a body where it takes one.
fn routes() -> Vec<(Method, &'static str, Option<serde_json::Value>)> {
    vec![
        (Method::GET, "/api/v1/monitors", None),
        (Method::GET, "/api/v1/monitors?search=web&state=enabled&sort=active&order=asc&limit=5&offset=5", None),
        (Method::POST, "/api/v1/monitors/bulk", Some(json!({"action": "disable", "ids": ["m1"]}))),
        (Method::GET, "/api/v1/monitors/m1", None),
        (Method::DELETE, "/api/v1/monitors/m1", None),
        (Method::POST, "/api/v1/monitors/m1/enable", None),
        (Method::POST, "/api/v1/monitors/m1/disable", None),
        (Method::GET, "/api/v1/monitors/m1/export", None),
        (Method::GET, "/api/v1/monitors/m1/history?days=7", None),
        (Method::GET, "/api/v1/monitors/m1/alerts?state=ACTIVE&severity=1", None),
        (Method::POST, "/api/v1/monitors/m1/acknowledge", Some(json!({"alerts": ["a1"]}))),
        (Method::GET, "/api/v1/alerts", None),
        (Method::GET, "/api/v1/alerts/list?monitor_id=m1&trigger_id=t1", None),
        (Method::POST, "/api/v1/alerts/acknowledge", Some(json!({"groups": [{"monitor_id": "m1", "trigger_id": "t1"}]}))),
    ]
}

#[tokio::test]
async fn without_a_cluster_every_route_says_so_with_503() {
    let app = TestApp::new().await;
    for (method, uri, body) in routes() {
        let reply = app.request(method.clone(), uri, body).await;
        assert_eq!(reply.status, StatusCode::SERVICE_UNAVAILABLE, "{method} {uri}: {}", reply.text);
        let message = reply.body["message"].as_str().unwrap_or_default();
        assert!(message.contains("No cluster is configured"), "{method} {uri}: {message}");
    }
}

#[tokio::test]
async fn a_cluster_that_is_down_is_a_clear_502() {
    // Port 9 (discard) refuses connections: the request fails at once, not after a timeout.
    let app = TestApp::with_config(|c| c.cluster = Some(ClusterConfig { url: "http://127.0.0.1:9".into(), ..Default::default() })).await;
    for uri in ["/api/v1/monitors", "/api/v1/monitors/m1", "/api/v1/monitors/m1/history", "/api/v1/alerts"] {
        let reply = app.get(uri).await;
        assert_eq!(reply.status, StatusCode::BAD_GATEWAY, "{uri}: {}", reply.text);
        let message = reply.body["message"].as_str().unwrap_or_default();
        assert!(message.contains("did not answer"), "{uri}: {message}");
    }
}

#[tokio::test]
async fn bad_parameters_are_refused_before_any_cluster_call() {
    // A configured but unreachable cluster: a 422 proves the request never got that far.
    let app = TestApp::with_config(|c| c.cluster = Some(ClusterConfig { url: "http://127.0.0.1:9".into(), ..Default::default() })).await;
    let cases = [
        ("/api/v1/monitors?state=sleeping", "state"),
        ("/api/v1/monitors?order=sideways", "order"),
        ("/api/v1/monitors?limit=0", "limit"),
        ("/api/v1/monitors?limit=500", "limit"),
        ("/api/v1/monitors/m1/history?days=31", "days"),
        ("/api/v1/monitors/m1/history?days=0", "days"),
        ("/api/v1/monitors/m1/history?hours=0", "hours"),
        ("/api/v1/monitors/m1/history?hours=721", "hours"),
        ("/api/v1/monitors/m1/history?days=1&hours=1", "hours"),
        ("/api/v1/monitors/m1/history?end_ms=99999999999999", "end_ms"),
        ("/api/v1/monitors/m1/history?end_ms=0", "end_ms"),
        ("/api/v1/monitors/m1/alerts?severity=9", "severity"),
        ("/api/v1/monitors/m1/alerts?state=SLEEPING", "state"),
        ("/api/v1/monitors/m1/alerts?sort=password", "sort"),
        ("/api/v1/alerts?offset=20000", "offset"),
        ("/api/v1/alerts/list?monitor_id=../_security&trigger_id=t", "monitor_id"),
    ];
    for (uri, field) in cases {
        let reply = app.get(uri).await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{uri}: {}", reply.text);
        assert!(reply.body["errors"][field].is_string(), "{uri}: {}", reply.text);
    }
    let reply = app.get("/api/v1/monitors?sort=password").await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{}", reply.text);
    let reply = app.get("/api/v1/monitors?unknown=1").await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{}", reply.text);
    let reply = app.post("/api/v1/monitors/bulk", json!({"action": "disable", "ids": []})).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", reply.text);
    assert_eq!(reply.body["errors"]["ids"], "Select at least one monitor.");
    let reply = app.post("/api/v1/monitors/bulk", json!({"action": "explode", "ids": ["m1"]})).await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{}", reply.text);
    let reply = app.post("/api/v1/monitors/m1/acknowledge", json!({"alerts": []})).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", reply.text);
    let reply = app.get("/api/v1/monitors/bad%20id").await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", reply.text);
}
