//! Memberships from identity-provider groups, through the router: administrators keep the
//! group → team mappings; a person signed in by a trusted proxy (or single sign-on, see
//! `tests/browser/oidc.test.mjs` with Keycloak) is in the mapped teams with the mapped
//! roles, follows their groups at the next sign-in, and keeps memberships set by hand.

mod common;

use app::api::TeamRole;
use axum::{
    body::Body,
    extract::ConnectInfo,
    http::{Method, Request, StatusCode},
};
use common::TestApp;
use serde_json::json;

async fn proxied_app() -> TestApp {
    TestApp::with_config(|c| {
        c.auth.proxy = Some(monitor_studio::auth::config::ProxyConfig { user_header: "X-Forwarded-User".into(), groups_header: Some("X-Forwarded-Groups".into()), trusted: vec!["10.0.0.0/8".into()] })
    })
    .await
}

/// `GET /api/v1/me` as `user` with `groups`, through the trusted proxy.
async fn me_through_proxy(app: &TestApp, user: &str, groups: &str) -> serde_json::Value {
    let mut request = Request::get("/api/v1/me").header("X-Forwarded-User", user).header("X-Forwarded-Groups", groups).body(Body::empty()).unwrap();
    request.extensions_mut().insert(ConnectInfo("10.1.2.3:5555".parse::<std::net::SocketAddr>().unwrap()));
    let reply = app.send_as_is(request).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    reply.body
}

fn teams_of(me: &serde_json::Value) -> Vec<(String, String)> {
    me["teams"].as_array().unwrap().iter().map(|t| (t["name"].as_str().unwrap().to_owned(), t["role"].as_str().unwrap_or("").to_owned())).collect()
}

#[tokio::test]
async fn mapped_groups_make_memberships_that_follow_the_groups() {
    let app = proxied_app().await;
    let (a, b) = (app.team("Team A", &[]).await, app.team("Team B", &[]).await);
    let set = app
        .put(
            "/api/v1/group-mappings",
            json!({"mappings": [
                {"group": "team-a", "team": a, "role": "editor"},
                {"group": "team-a-leads", "team": a, "role": "team_admin"},
                {"group": "team-b", "team": b, "role": "viewer"},
            ]}),
        )
        .await;
    assert_eq!(set.status, StatusCode::OK, "{}", set.text);
    assert_eq!(set.body[0]["team_name"], "Team A", "{}", set.text);
    assert_eq!(app.get("/api/v1/group-mappings").await.body.as_array().unwrap().len(), 3);

    // The highest mapped role per team.
    let me = me_through_proxy(&app, "carol", "team-a, team-a-leads, unrelated").await;
    assert_eq!(teams_of(&me), [("Team A".into(), "team_admin".into())], "{me}");
    assert_eq!(me["team"]["name"], "Team A");
    // Groups change at the provider: memberships follow at the next sign-in.
    let me = me_through_proxy(&app, "carol", "team-b").await;
    assert_eq!(teams_of(&me), [("Team B".into(), "viewer".into())], "{me}");
    let me = me_through_proxy(&app, "carol", "").await;
    assert_eq!(me["teams"], json!([]), "no groups, no teams: {me}");
    assert_eq!(me["team"], serde_json::Value::Null);
}

#[tokio::test]
async fn a_membership_set_by_hand_is_never_changed_by_groups() {
    let app = proxied_app().await;
    let a = app.team("Team A", &[]).await;
    me_through_proxy(&app, "dave", "").await;
    let lead = app.token_in("lead", &a, TeamRole::TeamAdmin).await;
    let added = app.request_as(&lead, Method::PUT, "/api/v1/team/members/dave", Some(json!({"role": "publisher"}))).await;
    assert_eq!(added.status, StatusCode::OK, "{}", added.text);
    app.put("/api/v1/group-mappings", json!({"mappings": [{"group": "team-a", "team": a, "role": "viewer"}]})).await;
    let me = me_through_proxy(&app, "dave", "team-a").await;
    assert_eq!(teams_of(&me), [("Team A".into(), "publisher".into())], "the hand-set role stays: {me}");
    let me = me_through_proxy(&app, "dave", "").await;
    assert_eq!(teams_of(&me), [("Team A".into(), "publisher".into())], "and is not removed with the group: {me}");
}

#[tokio::test]
async fn only_administrators_map_groups_and_bad_mappings_name_their_field() {
    let app = proxied_app().await;
    let a = app.team("Team A", &[]).await;
    let lead = app.token_in("lead", &a, TeamRole::TeamAdmin).await;
    for (method, body) in [(Method::GET, None), (Method::PUT, Some(json!({"mappings": [{"group": "g", "team": a, "role": "team_admin"}]})))] {
        let refused = app.request_as(&lead, method, "/api/v1/group-mappings", body).await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN, "{}", refused.text);
    }
    let many: Vec<_> = (0..501).map(|i| json!({"group": format!("g{i}"), "team": a, "role": "viewer"})).collect();
    for (body, field) in [
        (json!({"mappings": [{"group": "g", "team": "no-such-team", "role": "viewer"}]}), "mappings[0].team"),
        (json!({"mappings": [{"group": " ", "team": a, "role": "viewer"}]}), "mappings[0].group"),
        (json!({"mappings": [{"group": "bell\u{7}", "team": a, "role": "viewer"}]}), "mappings[0].group"),
        (json!({"mappings": [{"group": "g", "team": a, "role": "viewer"}, {"group": "g", "team": a, "role": "editor"}]}), "mappings[1].group"),
        (json!({"mappings": many}), "mappings"),
    ] {
        let refused = app.put("/api/v1/group-mappings", body).await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", refused.text);
        assert!(refused.body["errors"][field].is_string(), "{field}: {}", refused.text);
    }
    let unknown_role = app.put("/api/v1/group-mappings", json!({"mappings": [{"group": "g", "team": a, "role": "owner"}]})).await;
    assert_eq!(unknown_role.status, StatusCode::BAD_REQUEST, "{}", unknown_role.text);
    assert_eq!(app.get("/api/v1/group-mappings").await.body, json!([]), "nothing stored");
}

/// A request through the trusted proxy as `user`, from a page at `origin` (`None`: no
/// `Origin` header, as a tool would send).
async fn through_proxy(app: &TestApp, method: Method, uri: &str, user: &str, origin: Option<&str>, body: Option<serde_json::Value>) -> common::Reply {
    let mut builder = Request::builder().method(method).uri(uri).header("X-Forwarded-User", user).header("X-Forwarded-Groups", "team-a, team-b");
    if let Some(origin) = origin {
        builder = builder.header("Origin", origin);
    }
    let body = match body {
        Some(b) => {
            builder = builder.header("Content-Type", "application/json");
            Body::from(b.to_string())
        }
        None => Body::empty(),
    };
    let mut request = builder.body(body).unwrap();
    request.extensions_mut().insert(ConnectInfo("10.1.2.3:5555".parse::<std::net::SocketAddr>().unwrap()));
    app.send_as_is(request).await
}

#[tokio::test]
async fn a_person_signed_in_by_the_proxy_switches_teams_and_other_sites_cannot_act_for_them() {
    let app = proxied_app().await;
    let (a, b) = (app.team("Team A", &[]).await, app.team("Team B", &[]).await);
    let mapped = app.put("/api/v1/group-mappings", json!({"mappings": [{"group": "team-a", "team": a, "role": "editor"}, {"group": "team-b", "team": b, "role": "editor"}]})).await;
    assert_eq!(mapped.status, StatusCode::OK, "{}", mapped.text);
    let me = through_proxy(&app, Method::GET, "/api/v1/me", "erin", None, None).await;
    assert_eq!(me.body["team"]["name"], "Team A", "the first team by name: {}", me.text);

    let site = "http://127.0.0.1:3000";
    let switched = through_proxy(&app, Method::POST, "/api/v1/me/team", "erin", Some(site), Some(json!({"team": "Team B"}))).await;
    assert_eq!(switched.status, StatusCode::OK, "{}", switched.text);
    let me = through_proxy(&app, Method::GET, "/api/v1/me", "erin", None, None).await;
    assert_eq!(me.body["team"]["name"], "Team B", "the next request acts in the chosen team: {}", me.text);

    // The proxy adds its headers to whatever the browser sends, forged requests included.
    for origin in [Some("https://evil.example"), None] {
        let forged = through_proxy(&app, Method::POST, "/api/v1/drafts", "erin", origin, Some(json!({}))).await;
        assert_eq!(forged.status, StatusCode::FORBIDDEN, "{origin:?}: {}", forged.text);
        assert!(forged.body["message"].as_str().unwrap().contains("Cross-site"), "{}", forged.text);
        let back = through_proxy(&app, Method::POST, "/api/v1/me/team", "erin", origin, Some(json!({"team": "Team A"}))).await;
        assert_eq!(back.status, StatusCode::FORBIDDEN, "{origin:?}: {}", back.text);
    }
    let drafts = through_proxy(&app, Method::GET, "/api/v1/drafts", "erin", None, None).await;
    assert_eq!(drafts.body["total"], 0, "nothing was created: {}", drafts.text);
    let me = through_proxy(&app, Method::GET, "/api/v1/me", "erin", None, None).await;
    assert_eq!(me.body["team"]["name"], "Team B", "{}", me.text);
    let created = through_proxy(&app, Method::POST, "/api/v1/drafts", "erin", Some(site), Some(json!({}))).await;
    assert_eq!(created.status, StatusCode::CREATED, "the site's own pages still act: {}", created.text);
}
