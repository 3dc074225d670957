//! Each team's own cluster identity, on the secured node: two teams whose cluster users can
//! each read only their own index. Monitor Studio's own patterns are left wide open on
//! purpose, so what is proved here is the cluster's half of the boundary: through the
//! team's identity, neither team can preview, look up or publish against the other's data,
//! while each works on its own. Run by `scripts/test` (`#[ignore]`d without the secured
//! node).

mod common;

use app::api::TeamRole;
use axum::http::StatusCode;
use common::{
    cluster::unique,
    secured::{Leftovers, Node, app_with},
};
use reqwest::Method;
use serde_json::{Value, json};

/// A cluster user who may read `index*` and use the alerting APIs, and nothing else.
async fn cluster_user(node: &Node, name: &str, index: &str) -> String {
    let password = format!("Qz7!{}-Wx9#", uuid::Uuid::new_v4().simple());
    let role = json!({
        "cluster_permissions": ["cluster:admin/opendistro/alerting/*", "cluster:admin/opensearch/alerting/*"],
        "index_permissions": [{"index_patterns": [format!("{index}*")], "allowed_actions": ["read", "indices:admin/mappings/get", "indices:admin/resolve/index"]}]
    });
    for (path, body) in [
        (format!("/_plugins/_security/api/roles/{name}"), role),
        (format!("/_plugins/_security/api/internalusers/{name}"), json!({"password": password})),
        (format!("/_plugins/_security/api/rolesmapping/{name}"), json!({"users": [name]})),
    ] {
        let (status, answer) = node.call(Method::PUT, &path, Some(body)).await;
        assert!(status == 200 || status == 201, "{path}: {status} {answer}");
    }
    password
}

async fn remove_cluster_user(node: &Node, name: &str) {
    for path in [format!("/_plugins/_security/api/rolesmapping/{name}"), format!("/_plugins/_security/api/internalusers/{name}"), format!("/_plugins/_security/api/roles/{name}")] {
        node.call(Method::DELETE, &path, None).await;
    }
}

async fn index_events(node: &Node, index: &str) {
    let now = chrono::Utc::now();
    let mut bulk = String::new();
    for i in 0..3 {
        let at = (now - chrono::Duration::seconds(5 + i)).format("%Y-%m-%dT%H:%M:%S%.3f+00:00").to_string();
        bulk.push_str(&format!("{}\n{}\n", json!({"index": {"_index": index}}), json!({"@timestamp": at, "audit_category": "FAILED_LOGIN", "audit_request_effective_user": "mallory"})));
    }
    let response = node
        .http
        .post(format!("{}/_bulk?refresh=true", node.secured.url))
        .basic_auth(&node.secured.username, Some(&node.secured.password))
        .header("content-type", "application/x-ndjson")
        .body(bulk)
        .send()
        .await
        .unwrap();
    assert!(response.status().is_success(), "{}", response.text().await.unwrap_or_default());
}

/// A "Failed logins" document reading `index`, notifying nobody.
fn document(name: &str, index: &str) -> Value {
    let mut doc = common::failed_logins_document();
    doc["name"] = json!(name);
    doc["indices"] = json!([index]);
    doc["triggers"][0]["actions"] = json!([]);
    doc
}

#[tokio::test]
#[ignore = "needs the secured OpenSearch node (scripts/test starts it)"]
async fn through_their_cluster_identities_two_teams_cannot_reach_each_others_data() {
    let node = Node::new();
    let app = app_with(node.secured.cluster_config()).await;
    let mut leftovers = Leftovers { secured: node.secured.clone(), monitors: Vec::new(), channels: Vec::new() };
    let suffix = unique("ident").replace('_', "-");
    let (index_a, index_b) = (format!("team-a-{suffix}"), format!("team-b-{suffix}"));
    index_events(&node, &index_a).await;
    index_events(&node, &index_b).await;
    let (user_a, user_b) = (format!("ms-a-{suffix}"), format!("ms-b-{suffix}"));
    let password_a = cluster_user(&node, &user_a, &index_a).await;
    let password_b = cluster_user(&node, &user_b, &index_b).await;

    let (team_a, team_b) = (app.team(&format!("A {suffix}"), &[]).await, app.team(&format!("B {suffix}"), &[]).await);
    // A wrong password is a field error, and nothing is stored.
    let wrong = app.put(&format!("/api/v1/teams/{team_a}/cluster-identity"), json!({"username": user_a, "password": "wrong"})).await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", wrong.text);
    assert!(wrong.body["errors"]["password"].is_string(), "{}", wrong.text);
    for (team, user, password) in [(&team_a, &user_a, &password_a), (&team_b, &user_b, &password_b)] {
        let set = app.put(&format!("/api/v1/teams/{team}/cluster-identity"), json!({"username": user, "password": password})).await;
        assert_eq!(set.status, StatusCode::OK, "{}", set.text);
        assert_eq!(set.body["cluster_identity"], json!(format!("basic auth as {user}")));
        assert!(!set.text.contains(password.as_str()), "the secret is never answered");
    }
    let a = app.token_in(&format!("alice-{suffix}"), &team_a, TeamRole::Publisher).await;
    let b = app.token_in(&format!("bob-{suffix}"), &team_b, TeamRole::Publisher).await;

    // Each team previews its own index, and fires.
    let own = app.request_as(&a, Method::POST, "/api/v1/preview", Some(json!({"document": document("A", &index_a)}))).await;
    assert_eq!(own.status, StatusCode::OK, "{}", own.text);
    assert_eq!(own.body["triggers"][0]["triggered"], true, "{}", own.text);

    // The other team's index: refused by the cluster, never shown as triggered.
    for (token, theirs) in [(&a, &index_b), (&b, &index_a)] {
        let preview = app.request_as(token, Method::POST, "/api/v1/preview", Some(json!({"document": document("X", theirs)}))).await;
        let shown_triggered = preview.status == StatusCode::OK && preview.body["triggers"][0]["triggered"] == true;
        assert!(!shown_triggered, "a preview of another team's index fired: {}", preview.text);
        assert!(preview.status != StatusCode::OK || preview.body["error"].is_string(), "the error is shown: {}", preview.text);
        assert!(!preview.text.contains("mallory"), "none of its data: {}", preview.text);
        let fields = app.request_as(token, Method::GET, &format!("/api/v1/cluster/fields?indices={theirs}"), None).await;
        assert_ne!(fields.status, StatusCode::OK, "field list of another team's index: {}", fields.text);
        // Publishing a monitor on it is refused too.
        let created = app.request_as(token, Method::POST, "/api/v1/drafts", Some(json!({"document": document(&format!("Theirs {suffix}"), theirs)}))).await;
        let id = created.body["id"].as_str().unwrap();
        let published = app.request_as(token, Method::POST, &format!("/api/v1/drafts/{id}/publish"), Some(json!({"version": 1}))).await;
        assert_ne!(published.status, StatusCode::OK, "published on another team's index: {}", published.text);
        if let Some(monitor) = published.body["monitor_id"].as_str() {
            leftovers.monitors.push(monitor.to_owned());
        }
    }

    // A's own monitor publishes through A's identity.
    let created = app.request_as(&a, Method::POST, "/api/v1/drafts", Some(json!({"document": document(&format!("A failed logins {suffix}"), &index_a)}))).await;
    let id = created.body["id"].as_str().unwrap();
    let published = app.request_as(&a, Method::POST, &format!("/api/v1/drafts/{id}/publish"), Some(json!({"version": 1}))).await;
    assert_eq!(published.status, StatusCode::OK, "{}", published.text);
    leftovers.monitors.push(published.body["monitor_id"].as_str().unwrap().to_owned());

    // Without its identity the team acts as the server again (administrators decide).
    let removed = app.delete(&format!("/api/v1/teams/{team_b}/cluster-identity")).await;
    assert_eq!(removed.status, StatusCode::NO_CONTENT, "{}", removed.text);
    remove_cluster_user(&node, &user_a).await;
    remove_cluster_user(&node, &user_b).await;
    for index in [&index_a, &index_b] {
        node.call(Method::DELETE, &format!("/{index}"), None).await;
    }
}
