//! What a cluster that is down, slow or answering garbage does to Monitor Studio: a clear
//! error naming the problem, and drafts that stay editable and saved. A tiny stub server
//! plays the faulty cluster (a real node cannot fail on demand); it also records every
//! request, which proves the allow-list: hostile inputs never reach a forbidden path.

mod common;

use std::{
    sync::{Arc, Mutex},
    time::Duration,
};

use axum::http::StatusCode;
use common::{TestApp, failed_logins_document};
use monitor_studio::config::ClusterConfig;
use serde_json::json;

#[derive(Clone, Copy)]
enum Behaviour {
    /// A well-behaved cluster that answers `{}` (and its version at `/`).
    Empty,
    Garbage,
    Slow,
    ServerError,
}

/// Starts the stub; returns its URL and the request lines it saw.
async fn stub(behaviour: Behaviour) -> (String, Arc<Mutex<Vec<String>>>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = seen.clone();
    let app = axum::Router::new().fallback(move |request: axum::extract::Request| {
        let log = log.clone();
        async move {
            let uri = request.uri().to_string();
            log.lock().unwrap().push(format!("{} {}", request.method(), uri));
            let json = |status: StatusCode, body: serde_json::Value| {
                axum::response::Response::builder().status(status).header("content-type", "application/json").body(axum::body::Body::from(body.to_string())).unwrap()
            };
            match behaviour {
                Behaviour::Garbage => axum::response::Response::builder().status(200).body(axum::body::Body::from("<html>proxy login</html>")).unwrap(),
                Behaviour::Slow => {
                    tokio::time::sleep(Duration::from_secs(3)).await;
                    json(StatusCode::OK, json!({}))
                }
                Behaviour::ServerError => json(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    json!({"error": {"root_cause": [{"type": "exception", "reason": "shard failure"}], "reason": "shard failure"}, "status": 500}),
                ),
                Behaviour::Empty if uri == "/" => json(StatusCode::OK, json!({"cluster_name": "stub", "version": {"number": "2.19.4", "distribution": "opensearch"}})),
                Behaviour::Empty if uri.starts_with("/_cat/plugins") => json(StatusCode::OK, json!([{"component": "opensearch-alerting"}, {"component": "opensearch-notifications"}])),
                Behaviour::Empty => json(StatusCode::OK, json!({})),
            }
        }
    });
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (url, seen)
}

async fn app_for(url: String, request_timeout_ms: Option<u64>) -> TestApp {
    TestApp::with_config(|c| c.cluster = Some(ClusterConfig { url, request_timeout_ms, connect_timeout_ms: Some(500), ..Default::default() })).await
}

fn preview_body() -> serde_json::Value {
    json!({"document": failed_logins_document()})
}

#[tokio::test]
async fn a_cluster_that_is_down_is_named_and_drafts_still_save() {
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let app = app_for(format!("http://127.0.0.1:{port}"), None).await;
    let status = app.get("/api/v1/cluster").await;
    assert_eq!(status.status, StatusCode::OK);
    assert_eq!(status.body["configured"], true);
    assert_eq!(status.body["reachable"], false);
    assert!(status.body["error"].as_str().unwrap().contains("did not answer"), "{}", status.text);

    let preview = app.post("/api/v1/preview", preview_body()).await;
    assert_eq!(preview.status, StatusCode::BAD_GATEWAY, "{}", preview.text);
    let message = preview.body["message"].as_str().unwrap();
    assert!(message.contains(&format!("127.0.0.1:{port}")) && message.contains("Drafts are kept"), "{message}");

    let draft = app.create(failed_logins_document()).await;
    let id = draft["id"].as_str().unwrap();
    let publish = app.post(&format!("/api/v1/drafts/{id}/publish"), json!({"version": 1})).await;
    assert_eq!(publish.status, StatusCode::BAD_GATEWAY, "{}", publish.text);
    let saved = app.put(&format!("/api/v1/drafts/{id}"), json!({"version": 1, "document": failed_logins_document()})).await;
    assert_eq!(saved.status, StatusCode::OK, "editing goes on while the cluster is down");
    assert_eq!(app.get(&format!("/api/v1/drafts/{id}")).await.body["state"], "never_published");
}

#[tokio::test]
async fn garbage_answers_are_a_clear_bad_gateway() {
    let (url, _) = stub(Behaviour::Garbage).await;
    let app = app_for(url, None).await;
    let preview = app.post("/api/v1/preview", preview_body()).await;
    assert_eq!(preview.status, StatusCode::BAD_GATEWAY);
    assert!(preview.body["message"].as_str().unwrap().contains("not JSON"), "{}", preview.text);
}

#[tokio::test]
async fn a_slow_cluster_times_out_with_504() {
    let (url, _) = stub(Behaviour::Slow).await;
    let app = app_for(url, Some(300)).await;
    let started = std::time::Instant::now();
    let preview = app.post("/api/v1/preview", preview_body()).await;
    assert_eq!(preview.status, StatusCode::GATEWAY_TIMEOUT, "{}", preview.text);
    assert!(started.elapsed() < Duration::from_secs(3), "the timeout is the configured one");
    assert!(preview.body["message"].as_str().unwrap().contains("did not answer within"));
}

#[tokio::test]
async fn cluster_server_errors_carry_the_clusters_reason() {
    let (url, _) = stub(Behaviour::ServerError).await;
    let app = app_for(url, None).await;
    let preview = app.post("/api/v1/preview", preview_body()).await;
    assert_eq!(preview.status, StatusCode::BAD_GATEWAY);
    assert!(preview.body["message"].as_str().unwrap().contains("shard failure"), "{}", preview.text);
}

#[tokio::test]
async fn without_a_cluster_cluster_features_say_why() {
    let app = TestApp::new().await;
    let status = app.get("/api/v1/cluster").await;
    assert_eq!(status.body["configured"], false);
    for (uri, body) in [("/api/v1/preview", Some(preview_body())), ("/api/v1/cluster/indices?pattern=logs", None)] {
        let reply = match body {
            Some(b) => app.post(uri, b).await,
            None => app.get(uri).await,
        };
        assert_eq!(reply.status, StatusCode::SERVICE_UNAVAILABLE, "{uri}");
        assert!(reply.body["message"].as_str().unwrap().contains("No cluster is configured"));
    }
}

/// Paths the server may ever request, by prefix.
const ALLOWED: [&str; 10] = [
    "GET /?", "GET / ", "GET /_cat/plugins", "GET /_cluster/health", "GET /_resolve/index/", "GET /_cat/indices/",
    "/_plugins/_alerting/monitors", "/_plugins/_notifications/", "/_mapping", "GET /",
];

#[tokio::test]
async fn hostile_inputs_never_reach_a_path_outside_the_allow_list() {
    let (url, seen) = stub(Behaviour::Empty).await;
    let app = app_for(url, None).await;
    let probes = [
        "/api/v1/cluster/indices?pattern=_security",
        "/api/v1/cluster/indices?pattern=../_cluster/settings",
        "/api/v1/cluster/indices?pattern=logs/../../_snapshot",
        "/api/v1/cluster/indices?pattern=a%3F_delete_by_query",
        "/api/v1/cluster/fields?indices=_all/_delete_by_query",
        "/api/v1/cluster/fields?indices=logs,../../_security/user",
        "/api/v1/cluster/_security/user",
        "/api/v1/cluster/_cluster/settings",
        "/api/v1/_snapshot",
        "/api/v1/proxy/_cluster/settings",
        "/api/v1/monitors/..%2F..%2F_security%2Fuser/draft",
        "/api/v1/monitors/abc%3Fpretty/draft",
    ];
    for probe in probes {
        let reply = if probe.ends_with("/draft") { app.post(probe, json!({})).await } else { app.get(probe).await };
        assert!(reply.status.is_client_error(), "{probe} answered {}: {}", reply.status, reply.text);
    }
    // A normal lookup goes through, to the expected place.
    assert_eq!(app.get("/api/v1/cluster/indices?pattern=security-auditlog").await.status, StatusCode::OK);
    let seen = seen.lock().unwrap().clone();
    assert!(!seen.is_empty());
    for line in &seen {
        for forbidden in ["_security", "_cluster/settings", "_snapshot", "_delete_by_query", ".."] {
            assert!(!line.contains(forbidden), "forbidden request reached the cluster: {line}");
        }
        assert!(ALLOWED.iter().any(|a| line.starts_with(a) || line.contains(a)), "unexpected request: {line}");
    }
}
