//! The cluster boundary against the real node (`scripts/test` starts it): system indices
//! are never read through previews, field lists or suggestions, not even through an alias;
//! a channel cannot point at
//! the node itself; channel secrets are masked in answers yet kept on the node when an
//! update sends the masks back; acknowledging alerts of a missing monitor is a clear 404.
//! Everything made here has a unique name and is deleted.

mod common;

use axum::http::StatusCode;
use common::{TestApp, cluster::{Node, cluster_url, unique}, failed_logins_document};
use monitor_studio::config::ClusterConfig;
use reqwest::Method;
use serde_json::{Value, json};

async fn app(channel_hosts: &[&str]) -> TestApp {
    let url = cluster_url();
    let channel_hosts = channel_hosts.iter().map(|h| h.to_string()).collect();
    TestApp::with_config(|c| c.cluster = Some(ClusterConfig { url, channel_hosts, ..Default::default() })).await
}

fn preview_on(indices: Value, query: Option<Value>) -> Value {
    let mut document = failed_logins_document();
    document["indices"] = indices;
    if let Some(query) = query {
        document["defining_method"] = json!("query");
        document["extraction_query"] = json!(query.to_string());
    }
    json!({ "document": document })
}

#[tokio::test]
#[ignore = "needs the OpenSearch node (scripts/test starts it)"]
async fn system_indices_are_never_read_through_previews_fields_or_suggestions() {
    let node = Node::new();
    let app = app(&[]).await;
    let index = unique("ms-boundary");
    node.call(Method::POST, &format!("/{index}/_doc?refresh=true"), Some(json!({"@timestamp": chrono::Utc::now().to_rfc3339(), "audit_category": "FAILED_LOGIN"}))).await;
    // A monitor makes sure the alerting config index exists with something in it.
    let (status, created) = node
        .call(Method::POST, "/_plugins/_alerting/monitors", Some(json!({"type": "monitor", "name": unique("boundary"), "enabled": false,
            "schedule": {"period": {"interval": 1, "unit": "MINUTES"}}, "inputs": [{"search": {"indices": [index], "query": {"size": 0}}}], "triggers": []})))
        .await;
    assert_eq!(status, 201, "{created}");
    let monitor_id = created["_id"].as_str().unwrap().to_owned();

    let reply = app.post("/api/v1/preview", preview_on(json!([index]), None)).await;
    assert_eq!(reply.status, StatusCode::OK, "an ordinary index previews: {}", reply.text);

    for system in [".opendistro-alerting-config", ".opendistro-alerting-config*", ".opensearch-notifications-config", ".*", "*"] {
        let reply = app.post("/api/v1/preview", preview_on(json!([system]), None)).await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{system}: {}", reply.text);
        assert!(reply.body["errors"]["indices"].is_string(), "{system}: {}", reply.text);
        assert!(!reply.text.contains(&monitor_id), "{system}: the config index leaked: {}", reply.text);
    }
    let lookup = json!({"size": 10, "query": {"terms": {"monitor.name": {"index": ".opendistro-alerting-config", "id": monitor_id, "path": "monitor.name"}}}});
    let reply = app.post("/api/v1/preview", preview_on(json!([index]), Some(lookup))).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", reply.text);
    assert!(reply.body["errors"]["query"].is_string(), "{}", reply.text);

    let reply = app.get("/api/v1/cluster/fields?indices=.opendistro-alerting-config").await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", reply.text);
    for q in [".opendistro", ".", "*", "ms-boundary"] {
        let reply = app.get(&format!("/api/v1/cluster/indices?pattern={}", q.replace('*', "%2A"))).await;
        assert_eq!(reply.status, StatusCode::OK, "{q}: {}", reply.text);
        let names: Vec<&str> = reply.body.as_array().unwrap().iter().filter_map(|s| s["name"].as_str()).collect();
        assert!(names.iter().all(|n| !n.starts_with('.')), "{q}: system indices suggested: {names:?}");
        if q == "ms-boundary" {
            assert!(names.contains(&index.as_str()), "{q}: {names:?}");
        }
    }
    node.call(Method::DELETE, &format!("/_plugins/_alerting/monitors/{monitor_id}"), None).await;
    node.call(Method::DELETE, &format!("/{index}"), None).await;
}

#[tokio::test]
#[ignore = "needs the OpenSearch node (scripts/test starts it)"]
async fn an_alias_never_leads_to_a_system_index() {
    let node = Node::new();
    let app = app(&[]).await;
    let hidden = unique(".ms-hidden");
    let alias = unique("ms-innocent");
    let (status, made) = node.call(Method::POST, &format!("/{hidden}/_doc?refresh=true"), Some(json!({"@timestamp": chrono::Utc::now().to_rfc3339(), "secret": "s3cr3t"}))).await;
    assert!(status == 201, "{made}");
    let (status, made) = node.call(Method::POST, "/_aliases", Some(json!({"actions": [{"add": {"index": hidden, "alias": alias}}]}))).await;
    assert_eq!(status, 200, "{made}");

    for pattern in [alias.clone(), "ms-innocent-*".to_owned()] {
        let reply = app.post("/api/v1/preview", preview_on(json!([pattern]), Some(json!({"size": 10, "query": {"match_all": {}}})))).await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{pattern}: {}", reply.text);
        assert!(reply.body["errors"]["indices"].as_str().unwrap_or_default().contains(&hidden), "{pattern}: {}", reply.text);
        assert!(!reply.text.contains("s3cr3t"), "{pattern}: the hidden document leaked: {}", reply.text);
    }
    let reply = app.get(&format!("/api/v1/cluster/fields?indices={alias}")).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", reply.text);
    let reply = app.get("/api/v1/cluster/indices?pattern=ms-innocent").await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    assert!(!reply.text.contains(&alias), "an alias of a system index is not suggested: {}", reply.text);
    node.call(Method::DELETE, &format!("/{hidden}"), None).await;
}

#[tokio::test]
#[ignore = "needs the OpenSearch node (scripts/test starts it)"]
async fn a_channel_cannot_point_at_the_node_itself() {
    let node = Node::new();
    let app = app(&[]).await;
    let id = format!("ms-test-{}", uuid::Uuid::new_v4().simple());
    let base = cluster_url();
    let port = reqwest::Url::parse(&base).unwrap().port().unwrap_or(9200);
    for url in [format!("{base}/_cluster/settings"), format!("http://localhost:{port}/_bulk"), format!("http://2130706433:{port}/"), format!("http://[::ffff:127.0.0.1]:{port}/")] {
        let body = json!({"id": id, "name": "admin api", "description": "", "config_type": "webhook", "url": url, "method": "PUT", "header_params": {"Content-Type": "application/json"}});
        let reply = app.post("/api/v1/channels", body).await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{url}: {}", reply.text);
        assert!(reply.body["errors"]["url"].is_string(), "{url}: {}", reply.text);
    }
    let (status, _) = node.call(Method::GET, &format!("/_plugins/_notifications/configs/{id}"), None).await;
    assert_eq!(status, 404, "no channel may have been created");
}

#[tokio::test]
#[ignore = "needs the OpenSearch node (scripts/test starts it)"]
async fn channel_secrets_are_masked_in_answers_and_kept_on_the_node() {
    let node = Node::new();
    let app = app(&["127.0.0.1"]).await;
    let id = format!("ms-test-{}", uuid::Uuid::new_v4().simple());
    let url = "http://127.0.0.1:18099/hook?token=s3cr3t-t0ken-value";
    let body = json!({"id": id, "name": "Secret hook", "description": "", "config_type": "webhook", "url": url, "method": "POST",
        "header_params": {"Authorization": "Bearer pager-secret-1", "Content-Type": "application/json"}});
    let created = app.post("/api/v1/channels", body).await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text);
    let fetched = app.get(&format!("/api/v1/channels/{id}")).await;
    for reply in [&created, &fetched] {
        assert!(!reply.text.contains("s3cr3t-t0ken-value") && !reply.text.contains("pager-secret-1"), "a secret leaked: {}", reply.text);
        assert_eq!(reply.body["header_params"]["Authorization"], "********", "{}", reply.text);
        assert_eq!(reply.body["url"], "http://127.0.0.1:18099/hook?token=********", "{}", reply.text);
    }
    let shown = &created.body;
    let update = json!({"name": "Secret hook (renamed)", "description": "", "config_type": "webhook", "url": shown["url"], "method": "POST", "header_params": shown["header_params"]});
    let reply = app.put(&format!("/api/v1/channels/{id}"), update).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    let stored = node.get(&format!("/_plugins/_notifications/configs/{id}")).await;
    let webhook = &stored["config_list"][0]["config"]["webhook"];
    assert_eq!(webhook["url"], url, "{stored}");
    assert_eq!(webhook["header_params"]["Authorization"], "Bearer pager-secret-1", "{stored}");
    assert_eq!(stored["config_list"][0]["config"]["name"], "Secret hook (renamed)");
    assert_eq!(app.delete(&format!("/api/v1/channels/{id}")).await.status, StatusCode::NO_CONTENT);
}

#[tokio::test]
#[ignore = "needs the OpenSearch node (scripts/test starts it)"]
async fn acknowledging_alerts_of_a_missing_monitor_is_a_404_and_the_node_stays_responsive() {
    let app = app(&[]).await;
    let started = std::time::Instant::now();
    let reply = app.post("/api/v1/monitors/no-such-monitor-0000/acknowledge", json!({"alerts": ["a1"]})).await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND, "{}", reply.text);
    let reply = app.get("/api/v1/alerts").await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    assert!(started.elapsed() < std::time::Duration::from_secs(10), "took {:?}", started.elapsed());
}
