//! The portal's audit log through the router: every state-changing call (refused ones
//! too) and every sign-in is appended with actor, team, target and outcome; reads are not;
//! only administrators browse it, with filters; and the table refuses updates and deletes.

mod common;

use app::api::TeamRole;
use axum::http::{Method, StatusCode, header};
use common::{ADMIN, ADMIN_PASSWORD, TestApp, sign_in_form};
use serde_json::json;

#[tokio::test]
async fn changes_refusals_and_sign_ins_are_appended_and_only_administrators_read_them() {
    let app = TestApp::new().await;
    let created = app.post("/api/v1/drafts", json!({})).await;
    assert_eq!(created.status, StatusCode::CREATED);
    let id = created.body["id"].as_str().unwrap().to_owned();
    assert_eq!(app.delete(&format!("/api/v1/drafts/{id}")).await.status, StatusCode::NO_CONTENT);
    app.get("/api/v1/drafts").await;
    let viewer = app.token_in("vera", "default", TeamRole::Viewer).await;
    let refused = app.request_as(&viewer, Method::POST, "/api/v1/drafts", Some(json!({}))).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert_eq!(app.send_as_is(sign_in_form(ADMIN, "not the password")).await.status, StatusCode::SEE_OTHER);
    assert_eq!(app.send_as_is(sign_in_form(ADMIN, ADMIN_PASSWORD)).await.status, StatusCode::SEE_OTHER);

    let log = app.get("/api/v1/audit").await;
    assert_eq!(log.status, StatusCode::OK, "{}", log.text);
    let entries = log.body["entries"].as_array().unwrap();
    let actions: Vec<&str> = entries.iter().map(|e| e["action"].as_str().unwrap()).collect();
    assert_eq!(actions, ["sign_in", "sign_in_failed", "create_draft", "delete_draft", "create_draft"], "newest first, reads left out");
    let delete = &entries[3];
    assert_eq!((delete["actor"].as_str(), delete["team_id"].as_str(), delete["outcome"].as_u64()), (Some(ADMIN), Some("default"), Some(204)));
    assert_eq!(delete["target"], format!("/drafts/{id}"));
    assert_eq!((entries[2]["actor"].as_str(), entries[2]["outcome"].as_u64()), (Some("vera"), Some(403)), "a refused call is recorded");
    assert_eq!((entries[1]["actor"].as_str(), entries[1]["outcome"].as_u64()), (Some(ADMIN), Some(401)));

    // Filters.
    let failed = app.get("/api/v1/audit?failed=true").await;
    assert_eq!(failed.body["total"], 2, "{}", failed.text);
    let by_vera = app.get("/api/v1/audit?actor=vera").await;
    assert_eq!(by_vera.body["total"], 1);
    let deletes = app.get("/api/v1/audit?action=delete_draft").await;
    assert_eq!(deletes.body["total"], 1);
    let bad = app.get("/api/v1/audit?limit=0").await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body["errors"]["limit"].is_string());

    // Only administrators read it; the refusal itself is no change and is not appended.
    let lead = app.token_in("lead", "default", TeamRole::TeamAdmin).await;
    assert_eq!(app.request_as(&lead, Method::GET, "/api/v1/audit", None).await.status, StatusCode::FORBIDDEN);

    // Append-only, down to the table.
    let pool = app.state.drafts.pool();
    assert!(sqlx::query("UPDATE audit_log SET actor = 'someone else'").execute(pool).await.is_err());
    assert!(sqlx::query("DELETE FROM audit_log").execute(pool).await.is_err());
    assert_eq!(app.get("/api/v1/audit").await.body["total"], 5);
}

fn lines(reply: &common::Reply) -> Vec<serde_json::Value> {
    reply.text.lines().map(|l| serde_json::from_str(l).expect("each line is one JSON entry")).collect()
}

#[tokio::test]
async fn the_log_is_exported_as_json_lines_oldest_first_with_the_same_filters_and_paged_by_the_last_id() {
    let app = TestApp::new().await;
    for _ in 0..3 {
        assert_eq!(app.post("/api/v1/drafts", json!({})).await.status, StatusCode::CREATED);
    }
    let viewer = app.token_in("vera", "default", TeamRole::Viewer).await;
    assert_eq!(app.request_as(&viewer, Method::POST, "/api/v1/drafts", Some(json!({}))).await.status, StatusCode::FORBIDDEN);

    let all = app.get("/api/v1/audit/export").await;
    assert_eq!(all.status, StatusCode::OK, "{}", all.text);
    assert_eq!(all.headers[header::CONTENT_TYPE], "application/x-ndjson");
    assert!(all.text.ends_with('\n'), "every line ends with a newline, the last one too");
    let entries = lines(&all);
    let ids: Vec<i64> = entries.iter().map(|e| e["id"].as_i64().unwrap()).collect();
    assert_eq!(ids.len(), 4);
    assert!(ids.windows(2).all(|w| w[0] < w[1]), "oldest first: {ids:?}");
    assert_eq!(entries[3]["actor"], "vera");
    assert_eq!(entries[3]["outcome"], 403);

    // Paging: a tool asks for what came after the last line it has.
    let first_two = lines(&app.get("/api/v1/audit/export?limit=2").await);
    assert_eq!(first_two.len(), 2);
    let rest = lines(&app.get(&format!("/api/v1/audit/export?after={}", first_two[1]["id"])).await);
    let rest_ids: Vec<i64> = rest.iter().map(|e| e["id"].as_i64().unwrap()).collect();
    assert_eq!(rest_ids, ids[2..]);
    assert!(app.get(&format!("/api/v1/audit/export?after={}", ids[3])).await.text.is_empty(), "nothing after the newest");

    // The list's filters.
    let refused = lines(&app.get("/api/v1/audit/export?failed=true").await);
    assert_eq!(refused.len(), 1);
    assert_eq!(lines(&app.get("/api/v1/audit/export?actor=vera&action=create_draft").await).len(), 1);

    // Refusals name the field; an export does not take an offset.
    for (query, field) in [("limit=0", "limit"), ("limit=10001", "limit"), ("offset=5", "offset"), ("after=-1", "after")] {
        let bad = app.get(&format!("/api/v1/audit/export?{query}")).await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{query}: {}", bad.text);
        assert!(bad.body["errors"][field].is_string(), "{query}: {}", bad.text);
    }
    let lead = app.token_in("lead", "default", TeamRole::TeamAdmin).await;
    assert_eq!(app.request_as(&lead, Method::GET, "/api/v1/audit/export", None).await.status, StatusCode::FORBIDDEN);
}
