//! The channels API without a real node: no cluster configured is a clear 503 on every
//! route, and bad input is refused by field before any request reaches a cluster (the
//! configured one here is a closed port, so anything that did get sent would show as 502).

mod common;

use axum::http::{Method, StatusCode};
use common::TestApp;
use monitor_studio::config::ClusterConfig;
use serde_json::{Value, json};

fn webhook(url: &str) -> Value {
    json!({"name": "On-call hook", "description": "", "config_type": "webhook", "url": url, "method": "POST", "header_params": {}})
}

/// A local URL that refuses connections: a port that was free a moment ago.
fn closed_port_url() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("addr").port();
    drop(listener);
    format!("http://127.0.0.1:{port}")
}

async fn app_with_closed_cluster() -> TestApp {
    let url = closed_port_url();
    TestApp::with_config(|c| c.cluster = Some(ClusterConfig { url, connect_timeout_ms: Some(1_000), channel_hosts: vec!["127.0.0.1".into()], ..Default::default() })).await
}

#[tokio::test]
async fn every_route_answers_503_without_a_cluster() {
    let app = TestApp::new().await;
    let routes = [
        (Method::GET, "/api/v1/channels", None),
        (Method::POST, "/api/v1/channels", Some(webhook("https://example.com/hook"))),
        (Method::GET, "/api/v1/channels/ops-hook", None),
        (Method::PUT, "/api/v1/channels/ops-hook", Some(webhook("https://example.com/hook"))),
        (Method::DELETE, "/api/v1/channels/ops-hook", None),
        (Method::POST, "/api/v1/channels/ops-hook/test", None),
    ];
    for (method, uri, body) in routes {
        let reply = app.request(method.clone(), uri, body).await;
        assert_eq!(reply.status, StatusCode::SERVICE_UNAVAILABLE, "{method} {uri}: {}", reply.text);
        let message = reply.body["message"].as_str().unwrap_or_default();
        assert!(message.contains("No cluster is configured"), "{method} {uri}: {message}");
    }
}

#[tokio::test]
async fn a_url_that_is_not_http_is_422_naming_url() {
    let app = app_with_closed_cluster().await;
    for url in ["ftp://example.com/hook", "file:///etc/passwd", "example.com/hook", ""] {
        let reply = app.post("/api/v1/channels", webhook(url)).await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{url:?}: {}", reply.text);
        assert!(reply.body["errors"]["url"].is_string(), "{url:?}: {}", reply.text);
        assert!(reply.body["message"].as_str().unwrap().starts_with("url: "), "{}", reply.text);
    }
    let reply = app.put("/api/v1/channels/ops-hook", webhook("javascript:alert(1)")).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", reply.text);
    assert!(reply.body["errors"]["url"].as_str().unwrap().contains("http"), "{}", reply.text);
}

#[tokio::test]
async fn bad_ids_are_422_naming_id() {
    let app = app_with_closed_cluster().await;
    for id in ["has space", "../_security", "a/b", "plus+sign", ""] {
        let mut body = webhook("https://example.com/hook");
        body["id"] = json!(id);
        let reply = app.post("/api/v1/channels", body).await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{id:?}: {}", reply.text);
        assert!(reply.body["errors"]["id"].is_string(), "{id:?}: {}", reply.text);
    }
    for (method, uri) in [(Method::GET, "/api/v1/channels/a%20b"), (Method::DELETE, "/api/v1/channels/a%3Fb"), (Method::POST, "/api/v1/channels/..%2F_security/test")] {
        let reply = app.request(method, uri, None).await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{uri}: {}", reply.text);
        assert!(reply.body["errors"]["id"].is_string(), "{uri}: {}", reply.text);
    }
    let mut renamed = webhook("https://example.com/hook");
    renamed["id"] = json!("other-id");
    let reply = app.put("/api/v1/channels/ops-hook", renamed).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", reply.text);
    assert!(reply.body["errors"]["id"].as_str().unwrap().contains("cannot be changed"), "{}", reply.text);
}

#[tokio::test]
async fn missing_name_and_bad_headers_are_named_together() {
    let app = app_with_closed_cluster().await;
    let mut body = webhook("https://example.com/hook");
    body["name"] = json!("   ");
    body["header_params"] = json!({"X Bad": "1"});
    let reply = app.post("/api/v1/channels", body).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", reply.text);
    assert_eq!(reply.body["errors"]["name"], "Required.");
    assert!(reply.body["errors"]["header_params.X Bad"].is_string(), "{}", reply.text);
}

#[tokio::test]
async fn unknown_types_and_methods_are_400_naming_the_field() {
    let app = app_with_closed_cluster().await;
    let mut body = webhook("https://example.com/hook");
    body["config_type"] = json!("email");
    let reply = app.post("/api/v1/channels", body).await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{}", reply.text);
    assert!(reply.body["errors"]["config_type"].is_string(), "{}", reply.text);
    let mut body = webhook("https://example.com/hook");
    body["method"] = json!("GET");
    let reply = app.post("/api/v1/channels", body).await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{}", reply.text);
    assert!(reply.body["errors"]["method"].is_string(), "{}", reply.text);
}

#[tokio::test]
async fn valid_input_with_an_unreachable_cluster_is_a_clear_502() {
    let app = app_with_closed_cluster().await;
    let reply = app.post("/api/v1/channels", webhook("https://example.com/hook")).await;
    assert_eq!(reply.status, StatusCode::BAD_GATEWAY, "{}", reply.text);
    assert!(reply.body["message"].as_str().unwrap().contains("did not answer"), "{}", reply.text);
    let reply = app.get("/api/v1/channels").await;
    assert_eq!(reply.status, StatusCode::BAD_GATEWAY, "{}", reply.text);
}
