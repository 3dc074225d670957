//! The drafts API through the router with a temporary SQLite: the happy paths first, then
//! conflicts, bad input and limits. Every refusal must be a clear 4xx naming the field,
//! never a 500, and must leave the stored draft as it was.

mod common;

use axum::{
    body::Body,
    http::{Method, Request, StatusCode, header},
};
use common::{TestApp, failed_logins_document, stored_form};
use serde_json::json;

#[tokio::test]
async fn create_get_update_delete() {
    let app = TestApp::new().await;
    let created = app.create(failed_logins_document()).await;
    let id = created["id"].as_str().unwrap().to_owned();
    assert_eq!(created["version"], 1);
    assert_eq!(created["state"], "never_published");

    let got = app.get(&format!("/api/v1/drafts/{id}")).await;
    assert_eq!(got.status, StatusCode::OK);
    assert_eq!(got.body["document"], stored_form(failed_logins_document()));

    let mut doc = failed_logins_document();
    doc["name"] = json!("Failed logins (EU)");
    let saved = app.put(&format!("/api/v1/drafts/{id}"), json!({"version": 1, "document": doc})).await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.text);
    assert_eq!(saved.body["version"], 2);
    assert_eq!(saved.body["document"]["name"], "Failed logins (EU)");

    let list = app.get("/api/v1/drafts").await;
    assert_eq!(list.body["total"], 1);
    assert_eq!(list.body["drafts"][0]["name"], "Failed logins (EU)");
    assert_eq!(list.body["drafts"][0]["indices"], json!(["security-auditlog-*"]));

    assert_eq!(app.delete(&format!("/api/v1/drafts/{id}")).await.status, StatusCode::NO_CONTENT);
    let gone = app.get(&format!("/api/v1/drafts/{id}")).await;
    assert_eq!(gone.status, StatusCode::NOT_FOUND);
    assert!(gone.body["message"].as_str().unwrap().contains("not found"));
    assert_eq!(app.delete(&format!("/api/v1/drafts/{id}")).await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn empty_create_starts_from_the_defaults() {
    let app = TestApp::new().await;
    let reply = app.post("/api/v1/drafts", json!({})).await;
    assert_eq!(reply.status, StatusCode::CREATED);
    assert_eq!(reply.body["document"]["monitor_type"], "query_level_monitor");
    assert_eq!(reply.body["document"]["schedule"], json!({"frequency": "interval", "interval": 1, "unit": "MINUTES"}));
}

#[tokio::test]
async fn stale_version_is_a_conflict_and_changes_nothing() {
    let app = TestApp::new().await;
    let id = app.create(failed_logins_document()).await["id"].as_str().unwrap().to_owned();
    let url = format!("/api/v1/drafts/{id}");
    let mut tab_a = failed_logins_document();
    tab_a["name"] = json!("Tab A");
    let mut tab_b = failed_logins_document();
    tab_b["name"] = json!("Tab B");

    assert_eq!(app.put(&url, json!({"version": 1, "document": tab_a})).await.status, StatusCode::OK);
    let conflict = app.put(&url, json!({"version": 1, "document": tab_b})).await;
    assert_eq!(conflict.status, StatusCode::CONFLICT);
    assert!(conflict.body["message"].as_str().unwrap().contains("version 2"));
    assert_eq!(conflict.body["current"]["document"]["name"], "Tab A", "the answer carries the draft as it is now");
    assert_eq!(app.get(&url).await.body["document"]["name"], "Tab A");

    // Overwrite: the second tab resends against the current version.
    let overwrite = app.put(&url, json!({"version": 2, "document": tab_b})).await;
    assert_eq!(overwrite.status, StatusCode::OK);
    assert_eq!(overwrite.body["version"], 3);
}

#[tokio::test]
async fn every_save_keeps_a_revision_and_any_can_be_restored() {
    let app = TestApp::new().await;
    let id = app.create(failed_logins_document()).await["id"].as_str().unwrap().to_owned();
    for (version, name) in [(1, "Second"), (2, "Third")] {
        let mut doc = failed_logins_document();
        doc["name"] = json!(name);
        assert_eq!(app.put(&format!("/api/v1/drafts/{id}"), json!({"version": version, "document": doc})).await.status, StatusCode::OK);
    }
    let revisions = app.get(&format!("/api/v1/drafts/{id}/revisions")).await;
    let names: Vec<_> = revisions.body.as_array().unwrap().iter().map(|r| r["name"].as_str().unwrap().to_owned()).collect();
    assert_eq!(names, ["Third", "Second", "Failed logins"]);

    let first = app.get(&format!("/api/v1/drafts/{id}/revisions/1")).await;
    assert_eq!(first.body["document"]["name"], "Failed logins");

    let restored = app.post(&format!("/api/v1/drafts/{id}/restore"), json!({"version": 3, "revision": 1})).await;
    assert_eq!(restored.status, StatusCode::OK, "{}", restored.text);
    assert_eq!(restored.body["version"], 4);
    assert_eq!(restored.body["document"]["name"], "Failed logins");
    let revisions = app.get(&format!("/api/v1/drafts/{id}/revisions")).await;
    assert_eq!(revisions.body[0]["note"], "restored revision 1");

    assert_eq!(app.get(&format!("/api/v1/drafts/{id}/revisions/99")).await.status, StatusCode::NOT_FOUND);
    let stale = app.post(&format!("/api/v1/drafts/{id}/restore"), json!({"version": 1, "revision": 2})).await;
    assert_eq!(stale.status, StatusCode::CONFLICT);
}

#[tokio::test]
async fn rename_and_duplicate() {
    let app = TestApp::new().await;
    let id = app.create(failed_logins_document()).await["id"].as_str().unwrap().to_owned();
    let renamed = app.post(&format!("/api/v1/drafts/{id}/rename"), json!({"version": 1, "name": "Renamed"})).await;
    assert_eq!(renamed.status, StatusCode::OK);
    assert_eq!(renamed.body["document"]["name"], "Renamed");
    let copy = app.post(&format!("/api/v1/drafts/{id}/duplicate"), json!({})).await;
    assert_eq!(copy.status, StatusCode::CREATED);
    assert_eq!(copy.body["document"]["name"], "Renamed (copy)");
    assert_ne!(copy.body["id"], json!(id));
    assert_eq!(app.get("/api/v1/drafts").await.body["total"], 2);
}

#[tokio::test]
async fn search_and_paging() {
    let app = TestApp::new().await;
    for name in ["Failed logins", "Missing privileges", "Disk 100%_full"] {
        let mut doc = failed_logins_document();
        doc["name"] = json!(name);
        app.create(doc).await;
    }
    let found = app.get("/api/v1/drafts?search=privil").await;
    assert_eq!(found.body["total"], 1);
    assert_eq!(found.body["drafts"][0]["name"], "Missing privileges");
    // LIKE wildcards in the search are literal characters.
    assert_eq!(app.get("/api/v1/drafts?search=%25_").await.body["total"], 1);
    assert_eq!(app.get("/api/v1/drafts?search=auditlog").await.body["total"], 3, "indices are searched too");
    let page = app.get("/api/v1/drafts?limit=2&offset=2").await;
    assert_eq!(page.body["drafts"].as_array().unwrap().len(), 1);
    assert_eq!(page.body["total"], 3);
    let bad = app.get("/api/v1/drafts?limit=0").await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body["errors"]["limit"].is_string());
    assert_eq!(app.get("/api/v1/drafts?limit=abc").await.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn templates_create_drafts() {
    let app = TestApp::new().await;
    let templates = app.get("/api/v1/templates").await;
    let ids: Vec<_> = templates.body.as_array().unwrap().iter().map(|t| t["id"].as_str().unwrap().to_owned()).collect();
    assert!(ids.len() >= 5, "{ids:?}");
    for id in &ids {
        let reply = app.post("/api/v1/drafts", json!({"template": id})).await;
        assert_eq!(reply.status, StatusCode::CREATED, "template {id}: {}", reply.text);
    }
    let unknown = app.post("/api/v1/drafts", json!({"template": "nope"})).await;
    assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(unknown.body["errors"]["template"].as_str().unwrap().contains("nope"));
}

#[tokio::test]
async fn import_and_export_round_trip() {
    let app = TestApp::new().await;
    let id = app.create(failed_logins_document()).await["id"].as_str().unwrap().to_owned();
    let exported = app.get(&format!("/api/v1/drafts/{id}/export")).await;
    assert_eq!(exported.status, StatusCode::OK, "{}", exported.text);
    let monitor = exported.body["monitor"].clone();
    assert_eq!(monitor["monitor_type"], "query_level_monitor");
    assert_eq!(monitor["inputs"][0]["search"]["indices"], json!(["security-auditlog-*"]));

    // Import it back as the cluster would answer a GET (wrapped, with server fields).
    let mut stored = monitor.clone();
    stored["schema_version"] = json!(8);
    stored["last_update_time"] = json!(1_717_000_000_000_i64);
    let get_response = json!({"_id": "abc", "_version": 3, "_seq_no": 5, "_primary_term": 1, "monitor": stored});
    let imported = app.post("/api/v1/drafts/import", json!({"monitor": get_response})).await;
    assert_eq!(imported.status, StatusCode::CREATED, "{}", imported.text);
    let new_id = imported.body["id"].as_str().unwrap();
    let again = app.get(&format!("/api/v1/drafts/{new_id}/export")).await;
    assert_eq!(again.body["monitor"], monitor, "export → import → export is stable");
}

#[tokio::test]
async fn import_refuses_unknown_monitor_types_by_field() {
    let app = TestApp::new().await;
    let reply = app
        .post("/api/v1/drafts/import", json!({"monitor": {"name": "x", "monitor_type": "weird_monitor", "schedule": {"period": {"interval": 1, "unit": "MINUTES"}}}}))
        .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", reply.text);
    assert!(reply.body["errors"]["monitor.monitor_type"].as_str().unwrap().contains("weird_monitor"));
}

#[tokio::test]
async fn malformed_and_mistyped_bodies_are_400_naming_the_field() {
    let app = TestApp::new().await;
    let raw = |body: &'static str| {
        Request::builder().method(Method::POST).uri("/api/v1/drafts").header(header::CONTENT_TYPE, "application/json").body(Body::from(body)).unwrap()
    };
    let malformed = app.send(raw("{\"document\": ")).await;
    assert_eq!(malformed.status, StatusCode::BAD_REQUEST);
    assert!(malformed.body["message"].as_str().unwrap().starts_with("Malformed JSON"));

    let mut doc = failed_logins_document();
    doc["triggers"][0]["severity"] = json!("high");
    let wrong_type = app.post("/api/v1/drafts", json!({"document": doc})).await;
    assert_eq!(wrong_type.status, StatusCode::BAD_REQUEST);
    assert!(wrong_type.body["errors"].as_object().unwrap().keys().any(|k| k == "document.triggers[0].severity"), "{}", wrong_type.text);

    let mut doc = failed_logins_document();
    doc["monitor_type"] = json!("mystery_monitor");
    let unknown_type = app.post("/api/v1/drafts", json!({"document": doc})).await;
    assert_eq!(unknown_type.status, StatusCode::BAD_REQUEST);
    assert!(unknown_type.body["errors"]["document.monitor_type"].as_str().unwrap().contains("mystery_monitor"));

    let unknown_field = app.post("/api/v1/drafts", json!({"documnet": {}})).await;
    assert_eq!(unknown_field.status, StatusCode::BAD_REQUEST);

    let no_content_type = app
        .send(Request::builder().method(Method::POST).uri("/api/v1/drafts").body(Body::from("{}")).unwrap())
        .await;
    assert_eq!(no_content_type.status, StatusCode::UNSUPPORTED_MEDIA_TYPE, "a body must say it is JSON");
}

#[tokio::test]
async fn hostile_names_are_refused_and_the_stored_draft_stays_intact() {
    let app = TestApp::new().await;
    let id = app.create(failed_logins_document()).await["id"].as_str().unwrap().to_owned();
    let url = format!("/api/v1/drafts/{id}");
    for bad_name in ["x".repeat(10_000), "bell\u{7}name".to_owned(), "line\nbreak".to_owned()] {
        let mut doc = failed_logins_document();
        doc["name"] = json!(bad_name);
        let reply = app.put(&url, json!({"version": 1, "document": doc})).await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", reply.text);
        assert!(reply.body["errors"]["document.name"].is_string(), "{}", reply.text);
    }
    let stored = app.get(&url).await;
    assert_eq!(stored.body["version"], 1);
    assert_eq!(stored.body["document"], stored_form(failed_logins_document()));

    let mut doc = failed_logins_document();
    doc["name"] = json!("Failed logins 🔐 — Zürich");
    let emoji = app.put(&url, json!({"version": 1, "document": doc})).await;
    assert_eq!(emoji.status, StatusCode::OK, "emoji are welcome: {}", emoji.text);
    assert_eq!(app.get(&url).await.body["document"]["name"], "Failed logins 🔐 — Zürich");
}

#[tokio::test]
async fn oversized_bodies_are_413() {
    let app = TestApp::with_config(|c| c.max_body_bytes = 64 * 1024).await;
    let mut doc = failed_logins_document();
    doc["extraction_query"] = json!("x".repeat(100 * 1024));
    let reply = app.post("/api/v1/drafts", json!({"document": doc})).await;
    assert_eq!(reply.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(reply.body["message"].is_string());
}

#[tokio::test]
async fn unknown_routes_and_ids_are_404_in_the_error_shape() {
    let app = TestApp::new().await;
    let reply = app.get("/api/v1/nothing-here").await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    assert!(reply.body["message"].as_str().unwrap().contains("/api/v1/nothing-here"));
    assert_eq!(app.get("/api/v1/drafts/does-not-exist").await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn schedule_preview_checks_cron_and_timezone() {
    let app = TestApp::new().await;
    let ok = app.post("/api/v1/schedule/preview", json!({"frequency": "daily", "hour": 9, "timezone": "Europe/Berlin"})).await;
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.text);
    assert_eq!(ok.body["next_runs"].as_array().unwrap().len(), 5);
    assert!(ok.body["next_runs"][0].as_str().unwrap().contains("T09:00:00+0"));
    let bad = app.post("/api/v1/schedule/preview", json!({"frequency": "custom_cron", "expression": "every day", "timezone": "UTC"})).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body["errors"]["schedule.expression"].is_string());
    let zones = app.get("/api/v1/timezones").await;
    assert!(zones.body.as_array().unwrap().iter().any(|z| z == "America/New_York"));
}

#[tokio::test]
async fn health_and_readiness() {
    let app = TestApp::new().await;
    assert_eq!(app.get("/healthz").await.status, StatusCode::OK);
    let ready = app.get("/readyz").await;
    assert_eq!(ready.status, StatusCode::OK);
    assert_eq!(ready.body["database"], "ok");
    app.state.drafts.pool().close().await;
    assert_eq!(app.get("/readyz").await.status, StatusCode::SERVICE_UNAVAILABLE);
}

#[tokio::test]
async fn create_monitor_page_is_server_rendered_with_labels() {
    let app = TestApp::new().await;
    let reply = app.get("/create-monitor").await;
    assert_eq!(reply.status, StatusCode::OK);
    for label in ["Monitor name", "Monitor type", "Monitor defining method", "Frequency", "Index", "Time field", "Add trigger"] {
        assert!(reply.text.contains(label), "page lacks {label:?}");
    }
    assert!(reply.text.contains("/style/main."), "the stylesheet is referenced (tests/assets.rs checks the bundle)");
    // Values are in the HTML itself, so the page is right before (and without) the wasm.
    assert!(reply.text.contains(r#"value="query_level_monitor" checked"#), "the per query card is checked");
    assert!(reply.text.contains(r#"type="number""#) && reply.text.contains(r#"value="1""#), "Run every shows 1");
    let css = app.get("/style/main.css").await;
    assert_eq!(css.status, StatusCode::OK);
    assert!(css.headers[header::CONTENT_TYPE].to_str().unwrap().starts_with("text/css"));
}

#[tokio::test]
async fn responses_are_compressed_when_asked() {
    let app = TestApp::new().await;
    let reply = app
        .send(Request::builder().uri("/create-monitor").header(header::ACCEPT_ENCODING, "br").body(Body::empty()).unwrap())
        .await;
    assert_eq!(reply.headers[header::CONTENT_ENCODING], "br");
}
