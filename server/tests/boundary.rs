//! The cluster boundary through the router, against a stub cluster that records what
//! reached it: system and unlisted indices, extraction queries, cluster-metrics inputs,
//! internal channel URLs and acknowledging a missing monitor are refused by field with no
//! request sent; channel secrets are masked in answers and kept when the masks come back.

mod common;

use std::time::Duration;

use axum::http::{Method, StatusCode};
use common::{TestApp, failed_logins_document, stub::Stub};
use monitor_studio::config::ClusterConfig;
use serde_json::{Value, json};

const SAVED_URL: &str = "https://hooks.slack.com/services/T0123ABCD/B0456EFGH/s3cr3tT0kenValue";

fn saved_channel() -> Value {
    channel_at("on-call", SAVED_URL)
}

fn channel_at(id: &str, url: &str) -> Value {
    json!({"config_list": [{"config_id": id, "last_updated_time_ms": 1, "config": {
        "name": "On call", "description": "", "config_type": "webhook", "is_enabled": true,
        "webhook": {"url": url, "method": "POST", "header_params": {"Authorization": "Bearer pager-secret", "Content-Type": "application/json"}}}}],
        "total_hits": 1})
}

async fn stub() -> Stub {
    Stub::start(Duration::ZERO, |method, uri| match (method, uri) {
        ("POST", u) if u.starts_with("/_plugins/_alerting/monitors/_execute") => {
            Some((200, json!({"monitor_name": "m", "input_results": {"results": [{"took": 1, "hits": {"total": {"value": 0}}}]}, "trigger_results": {}})))
        }
        ("GET", "/_plugins/_notifications/configs/on-call") => Some((200, saved_channel())),
        // Saved before the boundary existed (or through the cluster directly).
        ("GET", "/_plugins/_notifications/configs/legacy") => Some((200, channel_at("legacy", "http://10.0.0.8/hooks/T0123ABCD/s3cr3tT0kenValue"))),
        ("GET", u) if u.starts_with("/_plugins/_notifications/configs?") => Some((200, saved_channel())),
        ("PUT", "/_plugins/_notifications/configs/on-call") => Some((200, json!({"config_id": "on-call"}))),
        _ => None,
    })
    .await
}

async fn app(stub: &Stub, indices: &[&str]) -> TestApp {
    let url = stub.url.clone();
    let indices = indices.iter().map(|s| s.to_string()).collect();
    TestApp::with_config(|c| c.cluster = Some(ClusterConfig { url, connect_timeout_ms: Some(1_000), indices, ..Default::default() })).await
}

fn preview_of(document: Value) -> Value {
    json!({ "document": document })
}

fn with_indices(indices: Value) -> Value {
    let mut document = failed_logins_document();
    document["indices"] = indices;
    document
}

fn with_query(query: Value) -> Value {
    let mut document = failed_logins_document();
    document["defining_method"] = json!("query");
    document["extraction_query"] = json!(query.to_string());
    document
}

#[tokio::test]
async fn system_wildcard_remote_and_unlisted_indices_are_refused_before_the_cluster_is_asked() {
    let stub = stub().await;
    let app = app(&stub, &["security-auditlog-*", "orders"]).await;
    for indices in [
        json!([".opendistro-alerting-config"]),
        json!([".opensearch-notifications-config"]),
        json!(["*"]),
        json!(["security-auditlog-*", ".kibana"]),
        json!(["remote:security-auditlog-x"]),
        json!(["logs-*"]),
        json!(["security-*"]),
        json!(["_all"]),
    ] {
        for route in ["/api/v1/preview", "/api/v1/preview/chart"] {
            let reply = app.post(route, preview_of(with_indices(indices.clone()))).await;
            assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{route} {indices}: {}", reply.text);
            assert!(reply.body["errors"]["indices"].is_string(), "{route} {indices}: {}", reply.text);
        }
    }
    let reply = app.get("/api/v1/cluster/fields?indices=.opendistro-alerting-config").await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", reply.text);
    assert!(reply.body["errors"]["indices"].as_str().unwrap().contains("system index"), "{}", reply.text);
    assert_eq!(stub.count("POST /_plugins/_alerting"), 0, "nothing may reach the cluster: {:?}", stub.seen.lock().unwrap());
    assert_eq!(stub.count("GET /.opendistro"), 0);
    let reply = app.post("/api/v1/preview", preview_of(with_indices(json!(["security-auditlog-2026.12.01"])))).await;
    assert_eq!(reply.status, StatusCode::OK, "an allowed index runs: {}", reply.text);
}

#[tokio::test]
async fn queries_that_read_other_indices_are_refused_naming_query() {
    let stub = stub().await;
    let app = app(&stub, &[]).await;
    for query in [
        json!({"query": {"terms": {"user": {"index": ".opendistro-alerting-config", "id": "x", "path": "monitor.name"}}}}),
        json!({"query": {"more_like_this": {"fields": ["a"], "like": [{"_index": ".opensearch-notifications-config", "_id": "1"}]}}}),
        json!({"query": {"percolate": {"field": "query", "index": "queries", "id": "1"}}}),
        json!({"query": {"geo_shape": {"location": {"indexed_shape": {"index": "shapes", "id": "x", "path": "shape"}}}}}),
        json!({"query": {"wrapper": {"query": "eyJtYXRjaF9hbGwiOnt9fQ=="}}}),
    ] {
        let reply = app.post("/api/v1/preview", preview_of(with_query(query.clone()))).await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{query}: {}", reply.text);
        assert!(reply.body["errors"]["query"].as_str().unwrap().contains("not allowed"), "{query}: {}", reply.text);
    }
    assert_eq!(stub.count("POST /_plugins/_alerting"), 0);
}

#[tokio::test]
async fn publishing_a_draft_that_reads_a_system_index_changes_nothing() {
    let stub = stub().await;
    let app = app(&stub, &[]).await;
    let draft = app.create(with_indices(json!([".opendistro-alerting-config"]))).await;
    let id = draft["id"].as_str().unwrap();
    let reply = app.post(&format!("/api/v1/drafts/{id}/publish"), json!({"version": draft["version"]})).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", reply.text);
    assert!(reply.body["errors"]["indices"].is_string(), "{}", reply.text);
    assert_eq!(stub.count("POST /_plugins/_alerting/monitors"), 0);
    let after = app.get(&format!("/api/v1/drafts/{id}")).await;
    assert_eq!(after.body["version"], draft["version"]);
    assert!(after.body["published"].is_null(), "{}", after.text);
}

#[tokio::test]
async fn cluster_metrics_inputs_are_for_administrators_and_read_only_apis() {
    let stub = stub().await;
    let app = app(&stub, &[]).await;
    let metrics = |uri: Value| {
        let mut document = failed_logins_document();
        document["monitor_type"] = json!("cluster_metrics_monitor");
        document["raw_inputs"] = json!([{"uri": uri}]);
        preview_of(document)
    };
    let health = json!({"api_type": "CLUSTER_HEALTH", "path": "_cluster/health", "path_params": "", "url": "http://localhost:9200/_cluster/health"});
    let member = app.member_token("member").await;
    let reply = app.request_as(&member, Method::POST, "/api/v1/preview", Some(metrics(json!({"api_type": "CLUSTER_HEALTH", "path": "/_cluster/health"})))).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", reply.text);
    assert!(reply.body["errors"]["uri"].as_str().unwrap().contains("administrators"), "{}", reply.text);
    for uri in [health, json!({"api_type": "CLUSTER_HEALTH", "path": "/_cluster/settings"}), json!({"api_type": "DELETE", "path": "/_all"})] {
        let reply = app.post("/api/v1/preview", metrics(uri.clone())).await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{uri}: {}", reply.text);
        assert!(reply.body["errors"]["uri"].is_string(), "{uri}: {}", reply.text);
    }
    assert_eq!(stub.count("POST /_plugins/_alerting"), 0);
    let reply = app.post("/api/v1/preview", metrics(json!({"api_type": "CLUSTER_HEALTH", "path": "/_cluster/health", "path_params": "", "url": ""}))).await;
    assert_eq!(reply.status, StatusCode::OK, "an administrator's read-only metrics input runs: {}", reply.text);

    // What the form writes passes the same boundary, for administrators only.
    let mut document = failed_logins_document();
    document["monitor_type"] = json!("cluster_metrics_monitor");
    document["defining_method"] = json!("clusterMetrics");
    document["cluster_metrics"] = json!({"api_type": "CAT_INDICES", "path_params": "security-auditlog-*"});
    let reply = app.post("/api/v1/preview", preview_of(document.clone())).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    let reply = app.request_as(&member, Method::POST, "/api/v1/preview", Some(preview_of(document.clone()))).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", reply.text);
    assert!(reply.body["errors"]["uri"].as_str().unwrap().contains("administrators"), "{}", reply.text);
    // Path parameters that would reach another API are refused before the cluster sees them.
    document["cluster_metrics"]["path_params"] = json!("x/../../_security");
    let reply = app.post("/api/v1/preview", preview_of(document)).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", reply.text);
    assert!(reply.body["errors"]["uri"].as_str().unwrap().starts_with("Path parameters"), "{}", reply.text);
}

#[tokio::test]
async fn channels_may_not_point_at_internal_hosts() {
    let stub = stub().await;
    let app = app(&stub, &[]).await;
    let cluster = stub.url.clone();
    for url in [
        format!("{cluster}/_cluster/settings"),
        "http://169.254.169.254/latest/meta-data/".to_owned(),
        "http://2130706433:9200/".to_owned(),
        "http://[::ffff:127.0.0.1]:9200/".to_owned(),
        "http://10.0.0.8/hook".to_owned(),
        "http://localhost:9200/_bulk".to_owned(),
        "http://metadata.google.internal/computeMetadata/v1/".to_owned(),
    ] {
        let body = json!({"name": "hook", "description": "", "config_type": "webhook", "url": url, "method": "POST", "header_params": {}});
        let reply = app.post("/api/v1/channels", body.clone()).await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{url}: {}", reply.text);
        assert!(reply.body["errors"]["url"].is_string(), "{url}: {}", reply.text);
        let reply = app.put("/api/v1/channels/on-call", body).await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{url}: {}", reply.text);
    }
    let injected = json!({"name": "hook", "description": "", "config_type": "webhook", "url": "https://example.com/x", "method": "POST",
        "header_params": {"Host": "127.0.0.1:9200", "X-Split": "a\r\nX-Injected: 1"}});
    let reply = app.post("/api/v1/channels", injected).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", reply.text);
    assert!(reply.body["errors"]["header_params.Host"].is_string() && reply.body["errors"]["header_params.X-Split"].is_string(), "{}", reply.text);
    assert_eq!(stub.count("POST /_plugins/_notifications"), 0);
    assert_eq!(stub.count("PUT /_plugins/_notifications"), 0);
}

#[tokio::test]
async fn channel_secrets_are_masked_and_kept_when_the_masks_come_back() {
    let stub = stub().await;
    let app = app(&stub, &[]).await;
    for reply in [app.get("/api/v1/channels/on-call").await, app.get("/api/v1/channels").await] {
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
        assert!(!reply.text.contains("s3cr3tT0kenValue") && !reply.text.contains("pager-secret"), "a secret leaked: {}", reply.text);
    }
    let shown = app.get("/api/v1/channels/on-call").await.body;
    assert_eq!(shown["url"], "https://hooks.slack.com/services/********/********/********");
    assert_eq!(shown["header_params"]["Authorization"], "********");
    assert_eq!(shown["header_params"]["Content-Type"], "application/json");
    let mut edited = json!({"name": "On call (renamed)", "description": "", "config_type": "webhook", "url": shown["url"], "method": "POST", "header_params": shown["header_params"]});
    let reply = app.put("/api/v1/channels/on-call", edited.clone()).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    let sent = stub.last_body("PUT /_plugins/_notifications/configs/on-call").expect("the update reached the cluster");
    assert_eq!(sent["config"]["webhook"]["url"], SAVED_URL);
    assert_eq!(sent["config"]["webhook"]["header_params"]["Authorization"], "Bearer pager-secret");
    assert_eq!(sent["config"]["name"], "On call (renamed)");
    edited["header_params"]["X-Api-Key"] = json!("********");
    let reply = app.put("/api/v1/channels/on-call", edited).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "a mask with nothing saved behind it: {}", reply.text);
    assert!(reply.body["errors"]["header_params.X-Api-Key"].is_string(), "{}", reply.text);
}

#[tokio::test]
async fn a_saved_internal_url_sent_back_masked_is_refused() {
    let stub = stub().await;
    let app = app(&stub, &[]).await;
    let shown = app.get("/api/v1/channels/legacy").await;
    assert_eq!(shown.status, StatusCode::OK, "{}", shown.text);
    assert!(shown.body["url"].as_str().unwrap().contains("********"), "{}", shown.text);
    let edited = json!({"name": "Renamed", "description": "", "config_type": "webhook", "url": shown.body["url"], "method": "POST", "header_params": shown.body["header_params"]});
    let reply = app.put("/api/v1/channels/legacy", edited).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "the restored URL meets the boundary too: {}", reply.text);
    assert!(reply.body["errors"]["url"].is_string(), "{}", reply.text);
    assert!(!reply.text.contains("s3cr3tT0kenValue"), "the refusal shows no secret: {}", reply.text);
    assert_eq!(stub.count("PUT /_plugins/_notifications"), 0);
}

#[tokio::test]
async fn acknowledging_alerts_of_a_missing_monitor_never_reaches_the_acknowledge_api() {
    let stub = stub().await;
    let app = app(&stub, &[]).await;
    let reply = app.post("/api/v1/monitors/gone-monitor/acknowledge", json!({"alerts": ["a1"]})).await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND, "{}", reply.text);
    assert!(reply.body["message"].as_str().unwrap().contains("gone-monitor"), "{}", reply.text);
    assert_eq!(stub.count("POST /_plugins/_alerting/monitors/gone-monitor/_acknowledge"), 0);
    for (method, uri) in [(Method::POST, "/api/v1/monitors/..%2F_security/acknowledge"), (Method::POST, "/api/v1/monitors/./enable"), (Method::DELETE, "/api/v1/monitors/a%2Fb")] {
        let reply = app.request(method, uri, Some(json!({"alerts": ["a1"]}))).await;
        assert!(reply.status == StatusCode::UNPROCESSABLE_ENTITY || reply.status == StatusCode::NOT_FOUND, "{uri}: {} {}", reply.status, reply.text);
        assert!(reply.body["message"].is_string(), "{uri}: {}", reply.text);
    }
    assert_eq!(stub.count("POST /_plugins/_alerting/monitors/.."), 0);
}

#[tokio::test]
async fn a_preview_whose_input_failed_never_shows_a_trigger_as_triggered() {
    // What the secured node answers for an index its user may not read: 200, the permission
    // error inside, and the condition (over nothing) reported as met.
    let stub = Stub::start(Duration::ZERO, |method, uri| {
        (method == "POST" && uri.starts_with("/_plugins/_alerting/monitors/_execute")).then(|| {
            (200, json!({"monitor_name": "m", "input_results": {"results": [], "error": "no permissions for [indices:data/read/search]"},
                "trigger_results": {"t1": {"name": "Too many failed logins", "triggered": true, "action_results": {}}}}))
        })
    })
    .await;
    let app = app(&stub, &[]).await;
    let reply = app.post("/api/v1/preview", preview_of(failed_logins_document())).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    assert_eq!(reply.body["triggers"][0]["triggered"], false, "{}", reply.text);
    assert!(reply.body["error"].as_str().unwrap().contains("no permissions"), "{}", reply.text);
}

#[tokio::test]
async fn a_team_reads_only_within_its_index_patterns() {
    let stub = stub().await;
    let app = app(&stub, &["security-auditlog-*", "team-a-*", "team-b-*"]).await;
    let team = app.team("Team A", &["team-a-*"]).await;
    let member = app.token_in("alice", &team, app::api::TeamRole::Editor).await;
    for indices in [json!(["team-b-logs"]), json!(["team-*"]), json!(["team-a-logs", "security-auditlog-x"])] {
        let reply = app.request_as(&member, Method::POST, "/api/v1/preview", Some(preview_of(with_indices(indices.clone())))).await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{indices}: {}", reply.text);
        assert!(reply.body["errors"]["indices"].as_str().unwrap().contains("outside"), "{indices}: {}", reply.text);
    }
    for index in ["team-b-logs", "security-auditlog-x"] {
        let fields = app.request_as(&member, Method::GET, &format!("/api/v1/cluster/fields?indices={index}"), None).await;
        assert_eq!(fields.status, StatusCode::UNPROCESSABLE_ENTITY, "{index}: {}", fields.text);
    }
    let other = app.request_as(&member, Method::POST, "/api/v1/preview", Some(preview_of(with_indices(json!(["team-b-logs"]))))).await;
    assert!(other.body["errors"]["indices"].as_str().unwrap().contains("your team's index patterns (team-a-*)"), "{}", other.text);
    assert_eq!(stub.count("POST /_plugins/_alerting"), 0, "nothing outside the team's patterns reached the cluster");
    let reply = app.request_as(&member, Method::POST, "/api/v1/preview", Some(preview_of(with_indices(json!(["team-a-logs"]))))).await;
    assert_eq!(reply.status, StatusCode::OK, "the team's own index runs: {}", reply.text);
    // A team admin cannot widen the patterns past the server's allow-list.
    let admin = app.token_in("lead", &team, app::api::TeamRole::TeamAdmin).await;
    let wider = app.request_as(&admin, Method::PUT, "/api/v1/team", Some(json!({"index_patterns": ["orders-*"]}))).await;
    assert_eq!(wider.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", wider.text);
    assert!(wider.body["errors"]["index_patterns[0]"].as_str().unwrap().contains("outside"), "{}", wider.text);
}
