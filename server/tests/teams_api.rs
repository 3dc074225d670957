//! Teams through the router: the permission matrix (every operation of the route list ×
//! every role, generated, so a new route cannot forget its permission), another team's
//! objects answering 404 and staying unchanged, and managing a team's members.

mod common;

use app::api::{Permission, TeamRole, ops::ALL};
use axum::http::{Method, StatusCode};
use common::{TestApp, failed_logins_document};
use serde_json::json;

fn concrete(path: &str) -> String {
    format!("/api/v1{}", path.replace("{id}", "x").replace("{version}", "1").replace("{username}", "nobody"))
}

fn method(m: app::api::contract::Method) -> Method {
    Method::from_bytes(m.as_str().as_bytes()).unwrap()
}

/// Whether someone with `role` in the current team (`None`: in no team), administrator or
/// not, holds `permission`.
fn holds(role: Option<TeamRole>, admin: bool, permission: Permission) -> bool {
    let needed = match permission {
        Permission::Public | Permission::SignedIn => return true,
        Permission::Admin => return admin,
        Permission::View => TeamRole::Viewer,
        Permission::Edit => TeamRole::Editor,
        Permission::Publish => TeamRole::Publisher,
        Permission::ManageTeam => TeamRole::TeamAdmin,
    };
    admin || role.is_some_and(|r| r >= needed)
}

#[tokio::test]
async fn the_permission_matrix_follows_the_route_list() {
    let app = TestApp::new().await;
    let mut callers = vec![(app.teamless_token("nobody-in-a-team").await, None, false), (app.token.clone(), Some(TeamRole::TeamAdmin), true)];
    for (i, role) in [TeamRole::Viewer, TeamRole::Editor, TeamRole::Publisher, TeamRole::TeamAdmin].into_iter().enumerate() {
        callers.push((app.token_in(&format!("member{i}"), "default", role).await, Some(role), false));
    }
    let mut checked = 0;
    for op in ALL {
        let body = matches!(op.method, app::api::contract::Method::Post | app::api::contract::Method::Put).then(|| json!({}));
        for (token, role, admin) in &callers {
            let reply = app.request_as(token, method(op.method), &concrete(op.path), body.clone()).await;
            let refused = matches!(reply.status, StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN);
            let allowed = holds(*role, *admin, op.permission);
            assert_eq!(!refused, allowed, "{} {} as {role:?} (admin {admin}) needs {}: {} {}", op.method.as_str(), op.path, op.permission.as_str(), reply.status, reply.text);
            if refused {
                let message = reply.body["message"].as_str().unwrap_or_default();
                assert!(message.contains("team") || message.contains("admin"), "a refusal says which team, role or permission it needs: {}", reply.text);
            }
            checked += 1;
        }
    }
    assert_eq!(checked, ALL.len() * callers.len());
}

#[tokio::test]
async fn another_teams_drafts_are_not_found_and_stay_unchanged() {
    let app = TestApp::new().await;
    let (a, b) = (app.team("Team A", &[]).await, app.team("Team B", &[]).await);
    let alice = app.token_in("alice", &a, TeamRole::Publisher).await;
    let bob = app.token_in("bob", &b, TeamRole::TeamAdmin).await;
    let created = app.request_as(&alice, Method::POST, "/api/v1/drafts", Some(json!({"document": failed_logins_document()}))).await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text);
    let id = created.body["id"].as_str().unwrap().to_owned();
    let version = created.body["version"].as_i64().unwrap();
    // Every draft operation of the route list, as the other team.
    let mut tried = 0;
    for op in ALL.iter().filter(|op| op.path.starts_with("/drafts/{id}")) {
        let query = if op.id == "diff_revisions" { "?from=1&to=1" } else { "" };
        let uri = format!("/api/v1{}{query}", op.path.replace("{id}", &id).replace("{version}", "1"));
        let body = op.takes_body.then(|| match op.id {
            "save_draft" => json!({"version": version, "document": failed_logins_document()}),
            "rename_draft" => json!({"version": version, "name": "taken over"}),
            "restore_revision" => json!({"version": version, "revision": 1}),
            _ => json!({"version": version}),
        });
        let reply = app.request_as(&bob, method(op.method), &uri, body).await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{} {} as another team: {}", op.method.as_str(), op.path, reply.text);
        assert!(!reply.text.contains("Failed logins"), "nothing of the draft is told: {}", reply.text);
        tried += 1;
    }
    assert!(tried >= 9, "{tried} draft operations");
    let listed = app.request_as(&bob, Method::GET, "/api/v1/drafts", None).await;
    assert_eq!(listed.body["total"], 0, "{}", listed.text);
    let theirs = app.request_as(&alice, Method::GET, &format!("/api/v1/drafts/{id}"), None).await;
    assert_eq!((theirs.status, theirs.body["version"].as_i64()), (StatusCode::OK, Some(version)), "unchanged: {}", theirs.text);
    assert_eq!(app.request_as(&alice, Method::GET, "/api/v1/drafts", None).await.body["total"], 1);
    // Nor are the other team's monitors or channels reachable by id.
    for uri in ["/api/v1/monitors/m1", "/api/v1/monitors/m1/alerts", "/api/v1/channels/c1"] {
        let reply = app.request_as(&bob, Method::GET, uri, None).await;
        assert!(matches!(reply.status, StatusCode::NOT_FOUND | StatusCode::SERVICE_UNAVAILABLE), "{uri}: {}", reply.text);
    }
}

#[tokio::test]
async fn team_admins_manage_members_and_a_team_keeps_an_admin() {
    let app = TestApp::new().await;
    let team = app.team("Payments", &["payments-*"]).await;
    let lead = app.token_in("lead", &team, TeamRole::TeamAdmin).await;
    let viewer = app.token_in("viewer", &team, TeamRole::Viewer).await;
    app.teamless_token("carol").await;
    let shown = app.request_as(&lead, Method::GET, "/api/v1/team", None).await;
    assert_eq!(shown.status, StatusCode::OK, "{}", shown.text);
    assert_eq!(shown.body["name"], "Payments");
    assert_eq!(shown.body["index_patterns"], json!(["payments-*"]));
    let added = app.request_as(&lead, Method::PUT, "/api/v1/team/members/carol", Some(json!({"role": "editor"}))).await;
    assert_eq!(added.status, StatusCode::OK, "{}", added.text);
    assert!(added.body["members"].as_array().unwrap().iter().any(|m| m["username"] == "carol" && m["role"] == "editor"), "{}", added.text);
    // A viewer may look, not manage.
    let refused = app.request_as(&viewer, Method::PUT, "/api/v1/team/members/carol", Some(json!({"role": "team_admin"}))).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN, "{}", refused.text);
    // Unknown people and roles are named.
    let unknown = app.request_as(&lead, Method::PUT, "/api/v1/team/members/nobody", Some(json!({"role": "editor"}))).await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND, "{}", unknown.text);
    let bad_role = app.request_as(&lead, Method::PUT, "/api/v1/team/members/carol", Some(json!({"role": "owner"}))).await;
    assert!(bad_role.status.is_client_error() && bad_role.body["errors"]["role"].is_string(), "{}", bad_role.text);
    // The last team admin cannot step down or leave; nothing changes.
    for (m, body) in [(Method::PUT, Some(json!({"role": "viewer"}))), (Method::DELETE, None)] {
        let reply = app.request_as(&lead, m, "/api/v1/team/members/lead", body).await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", reply.text);
        assert!(reply.body["errors"]["role"].as_str().unwrap().contains("at least one team admin"), "{}", reply.text);
    }
    let after = app.request_as(&lead, Method::GET, "/api/v1/team", None).await;
    assert!(after.body["members"].as_array().unwrap().iter().any(|m| m["username"] == "lead" && m["role"] == "team_admin"));
    // Index patterns are names or prefixes, named by position when wrong.
    let bad = app.request_as(&lead, Method::PUT, "/api/v1/team", Some(json!({"index_patterns": ["payments-*", ".kibana"]}))).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", bad.text);
    assert!(bad.body["errors"]["index_patterns[1]"].is_string(), "{}", bad.text);
    assert_eq!(app.request_as(&lead, Method::GET, "/api/v1/team", None).await.body["index_patterns"], json!(["payments-*"]), "unchanged");
    let removed = app.request_as(&lead, Method::DELETE, "/api/v1/team/members/carol", None).await;
    assert_eq!(removed.status, StatusCode::NO_CONTENT, "{}", removed.text);
    // Team names are unique; only administrators make teams.
    let taken = app.post("/api/v1/teams", json!({"name": "Payments"})).await;
    assert_eq!(taken.status, StatusCode::CONFLICT, "{}", taken.text);
    let not_admin = app.request_as(&lead, Method::POST, "/api/v1/teams", Some(json!({"name": "Mine"}))).await;
    assert_eq!(not_admin.status, StatusCode::FORBIDDEN, "{}", not_admin.text);
}

#[tokio::test]
async fn me_names_the_current_team_and_a_token_stays_in_its_own() {
    let app = TestApp::new().await;
    let (a, b) = (app.team("Team A", &[]).await, app.team("Team B", &[]).await);
    let dana = app.token_in("dana", &a, TeamRole::Editor).await;
    let user = app.state.identity.user_named(Some("dana")).await.unwrap().unwrap();
    app.state.teams.set_member(&b, &user.id, TeamRole::Viewer).await.unwrap();
    let me = app.request_as(&dana, Method::GET, "/api/v1/me", None).await;
    assert_eq!(me.body["team"]["name"], "Team A", "{}", me.text);
    assert_eq!(me.body["team"]["role"], "editor");
    assert_eq!(me.body["teams"].as_array().unwrap().len(), 2, "{}", me.text);
    let switched = app.request_as(&dana, Method::POST, "/api/v1/me/team", Some(json!({"team": b}))).await;
    assert_eq!(switched.status, StatusCode::UNPROCESSABLE_ENTITY, "a token does not switch: {}", switched.text);
    assert!(switched.body["errors"]["team"].is_string());
    // Removed from its team, the token acts in none.
    app.state.teams.remove_member(&a, &user.id).await.unwrap();
    let me = app.request_as(&dana, Method::GET, "/api/v1/me", None).await;
    assert!(me.body["team"].is_null(), "{}", me.text);
    let drafts = app.request_as(&dana, Method::GET, "/api/v1/drafts", None).await;
    assert_eq!(drafts.status, StatusCode::FORBIDDEN, "{}", drafts.text);
}
