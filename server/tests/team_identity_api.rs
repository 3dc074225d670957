//! A team's cluster identity through the router, against a stub cluster: only
//! administrators set it, the cluster must accept it first, it is stored sealed and never
//! answered (the secured node proves it is used: `secured_teams.rs`).

mod common;

use std::time::Duration;

use app::api::TeamRole;
use axum::http::{Method, StatusCode};
use common::{TestApp, stub::Stub};
use serde_json::json;

#[tokio::test]
async fn only_accepted_credentials_are_kept_sealed_and_never_answered() {
    let stub = Stub::start(Duration::ZERO, |_, path| {
        path.starts_with("/_plugins/_security/authinfo").then(|| (200, json!({"user_name": "team-a"})))
    })
    .await;
    let app = TestApp::with_cluster(&stub.url).await;
    let team = app.team("Team A", &[]).await;
    let lead = app.token_in("lead", &team, TeamRole::TeamAdmin).await;
    let uri = format!("/api/v1/teams/{team}/cluster-identity");
    let refused = app.request_as(&lead, Method::PUT, &uri, Some(json!({"username": "team-a", "password": "s3cret-Passw0rd"}))).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN, "administrators only: {}", refused.text);
    for (body, field) in [
        (json!({"username": "team-a"}), "password"),
        (json!({"password": "x"}), "username"),
        (json!({}), "username"),
        (json!({"username": "a", "password": "b", "api_key": "c"}), "api_key"),
        (json!({"username": "a:b", "password": "c"}), "username"),
        (json!({"username": "a", "password": "line\nbreak"}), "password"),
    ] {
        let bad = app.put(&uri, body.clone()).await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{body}: {}", bad.text);
        assert!(bad.body["errors"][field].is_string(), "{field}: {}", bad.text);
    }
    assert_eq!(app.put("/api/v1/teams/nope/cluster-identity", json!({"api_key": "k"})).await.status, StatusCode::NOT_FOUND);

    let set = app.put(&uri, json!({"username": "team-a", "password": "s3cret-Passw0rd"})).await;
    assert_eq!(set.status, StatusCode::OK, "{}", set.text);
    assert_eq!(set.body["cluster_identity"], "basic auth as team-a");
    assert!(!set.text.contains("s3cret"), "{}", set.text);
    let team_page = app.request_as(&lead, Method::GET, "/api/v1/team", None).await;
    assert_eq!(team_page.body["cluster_identity"], "basic auth as team-a", "{}", team_page.text);
    assert!(!team_page.text.contains("s3cret"));
    let stored: Vec<u8> = sqlx::query_scalar("SELECT cluster_secret FROM teams WHERE id = ?").bind(&team).fetch_one(app.state.drafts.pool()).await.unwrap();
    assert!(!stored.windows(6).any(|w| w == b"s3cret"), "sealed at rest");
    assert_eq!(app.delete(&uri).await.status, StatusCode::NO_CONTENT);
    assert_eq!(app.request_as(&lead, Method::GET, "/api/v1/team", None).await.body["cluster_identity"], serde_json::Value::Null);
}

#[tokio::test]
async fn credentials_the_cluster_refuses_are_a_field_error_and_nothing_is_stored() {
    let stub = Stub::start(Duration::ZERO, |_, path| {
        path.starts_with("/_plugins/_security/authinfo").then(|| (401, json!({"error": "Unauthorized"})))
    })
    .await;
    let app = TestApp::with_cluster(&stub.url).await;
    let team = app.team("Team A", &[]).await;
    let refused = app.put(&format!("/api/v1/teams/{team}/cluster-identity"), json!({"api_key": "not-a-key"})).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", refused.text);
    assert!(refused.body["errors"]["api_key"].as_str().unwrap().contains("did not accept"), "{}", refused.text);
    assert_eq!(app.get(&format!("/api/v1/team")).await.body["cluster_identity"], serde_json::Value::Null);
    let no_cluster = TestApp::new().await;
    let team = no_cluster.team("Team B", &[]).await;
    let unavailable = no_cluster.put(&format!("/api/v1/teams/{team}/cluster-identity"), json!({"api_key": "k"})).await;
    assert_eq!(unavailable.status, StatusCode::SERVICE_UNAVAILABLE, "{}", unavailable.text);
}
