//! Typed cluster answers through the whole app, against a stub cluster: an answer without
//! its concurrency tokens or of the wrong shape is a 502 that names the field (never a
//! silent zero), and "open the draft of a monitor" called many times at once ends in one
//! draft, answered to every caller.

mod common;

use std::time::Duration;

use axum::http::{Method, StatusCode};
use common::{
    TestApp, failed_logins_document,
    stub::{Stub, monitor_doc},
};
use serde_json::{Value, json};

const MONITOR: &str = "/_plugins/_alerting/monitors/m1";

fn without(mut doc: Value, field: &str) -> Value {
    doc.as_object_mut().unwrap().remove(field);
    doc
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_opens_of_a_monitors_draft_make_one_draft() {
    // A slow cluster, so all the calls are between their check and their insert at once.
    let stub = Stub::start(Duration::from_millis(100), |method, uri| (method == "GET" && uri == MONITOR).then(|| (200, monitor_doc("m1")))).await;
    let app = TestApp::with_cluster(&stub.url).await;
    let mut ids = Vec::new();
    for reply in app.post_concurrently(8, "/api/v1/monitors/m1/draft", json!({})).await {
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
        ids.push(reply.body["id"].as_str().unwrap().to_owned());
    }
    assert_eq!(ids.len(), 8);
    assert!(ids.iter().all(|id| *id == ids[0]), "every caller gets the same draft: {ids:?}");
    assert!(stub.count(&format!("GET {MONITOR}")) >= 2, "the calls really raced");
    let list = app.get("/api/v1/drafts").await;
    assert_eq!(list.body["total"], 1, "{}", list.text);
    let draft = app.get(&format!("/api/v1/drafts/{}", ids[0])).await;
    assert_eq!(draft.body["published"]["monitor_id"], "m1");
    assert_eq!((draft.body["published"]["seq_no"].as_i64(), draft.body["published"]["primary_term"].as_i64()), (Some(7), Some(2)));
    assert_eq!(draft.body["state"], "published");
    // Once linked, opening it again asks the cluster nothing.
    let before = stub.count("GET ");
    assert_eq!(app.post("/api/v1/monitors/m1/draft", json!({})).await.body["id"], json!(ids[0]));
    assert_eq!(stub.count("GET "), before);
}

#[tokio::test]
async fn a_monitor_without_its_concurrency_tokens_is_a_502_naming_them() {
    for missing in ["_seq_no", "_primary_term"] {
        let stub = Stub::start(Duration::ZERO, move |_, uri| (uri == MONITOR).then(|| (200, without(monitor_doc("m1"), missing)))).await;
        let app = TestApp::with_cluster(&stub.url).await;
        for (method, uri) in [(Method::GET, "/api/v1/monitors/m1"), (Method::POST, "/api/v1/monitors/m1/draft"), (Method::POST, "/api/v1/monitors/m1/disable")] {
            let body = (method == Method::POST).then(|| json!({}));
            let reply = app.request(method.clone(), uri, body).await;
            assert_eq!(reply.status, StatusCode::BAD_GATEWAY, "{method} {uri}: {}", reply.text);
            let message = reply.body["message"].as_str().unwrap();
            assert!(message.contains(missing) && message.contains("Reading the monitor"), "{method} {uri}: {message}");
        }
        assert_eq!(app.get("/api/v1/drafts").await.body["total"], 0, "no draft from an answer without tokens");
        assert_eq!(stub.count("PUT "), 0, "no update guarded by a made-up token");
    }
}

#[tokio::test]
async fn a_publish_answered_without_tokens_is_a_502_and_links_nothing() {
    let created = json!({"_id": "new-1", "_version": 1, "_seq_no": 0, "monitor": {}});
    let stub = Stub::start(Duration::ZERO, move |method, uri| (method == "POST" && uri.starts_with("/_plugins/_alerting/monitors?")).then(|| (201, created.clone()))).await;
    let app = TestApp::with_cluster(&stub.url).await;
    let id = app.create(failed_logins_document()).await["id"].as_str().unwrap().to_owned();
    let reply = app.post(&format!("/api/v1/drafts/{id}/publish"), json!({"version": 1})).await;
    assert_eq!(reply.status, StatusCode::BAD_GATEWAY, "{}", reply.text);
    assert!(reply.body["message"].as_str().unwrap().contains("_primary_term"), "{}", reply.text);
    let draft = app.get(&format!("/api/v1/drafts/{id}")).await;
    assert_eq!(draft.body["state"], "never_published");
    assert!(draft.body["published"].is_null());
}

#[tokio::test]
async fn answers_of_the_wrong_shape_are_502s_that_say_where() {
    let stub = Stub::start(Duration::ZERO, |_, uri| match uri {
        u if u.starts_with("/_plugins/_alerting/monitors/_search") => Some((200, json!({"hits": {"total": {"value": 1}, "hits": [{"_id": "m1", "_source": {"name": ["not", "text"]}}]}}))),
        u if u.starts_with("/_plugins/_alerting/monitors/alerts") => Some((200, json!({"alerts": []}))),
        u if u.starts_with("/_plugins/_notifications/configs") => Some((200, json!({"config_list": [{"config": {"name": "no id"}}]}))),
        _ => None,
    })
    .await;
    let app = TestApp::with_cluster(&stub.url).await;
    for (uri, expected) in [("/api/v1/monitors", "name"), ("/api/v1/monitors/m1/alerts", "totalAlerts"), ("/api/v1/channels", "config_id")] {
        let reply = app.get(uri).await;
        assert_eq!(reply.status, StatusCode::BAD_GATEWAY, "{uri}: {}", reply.text);
        let message = reply.body["message"].as_str().unwrap();
        assert!(message.contains(expected) && message.contains("does not understand"), "{uri}: {message}");
    }
}

#[tokio::test]
async fn a_monitor_page_reads_its_typed_answers() {
    let stub = Stub::start(Duration::ZERO, |_, uri| match uri {
        MONITOR => Some((200, monitor_doc("m1"))),
        u if u.starts_with("/_plugins/_alerting/monitors/_search") => Some((200, json!({"hits": {"total": {"value": 4, "relation": "eq"}, "hits": []}}))),
        _ => None,
    })
    .await;
    let app = TestApp::with_cluster(&stub.url).await;
    let reply = app.get("/api/v1/monitors/m1").await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    let m = &reply.body;
    assert_eq!((m["name"].as_str(), m["enabled"].as_bool(), m["seq_no"].as_i64(), m["primary_term"].as_i64(), m["version"].as_i64()), (Some("Failed logins"), Some(true), Some(7), Some(2), Some(3)));
    assert_eq!(m["indices"], json!(["security-auditlog-*"]));
    assert_eq!(m["triggers"][0]["name"], "Any");
    assert_eq!(m["triggers"][0]["condition"], "ctx.results[0].hits.total.value > 0");
    assert_eq!(m["active_alerts"], 4);
    assert_eq!(m["last_updated"], "2026-11-29T05:29:33.728Z");
    let history = app.get("/api/v1/monitors/m1/history?days=1").await;
    assert_eq!(history.status, StatusCode::OK, "{}", history.text);
    assert_eq!(history.body["rows"][0]["trigger_id"], "t1");
}

#[tokio::test]
async fn a_cluster_that_never_had_a_monitor_lists_none() {
    // What a fresh 2.19 node answers a monitor search: 404, "Configured indices are not found".
    let stub = Stub::start(Duration::ZERO, |_, uri| {
        uri.starts_with("/_plugins/_alerting/monitors/_search").then(|| {
            let reason = "Configured indices are not found: [.opendistro-alerting-config]";
            (404, json!({"error": {"root_cause": [{"type": "alerting_exception", "reason": reason}], "type": "alerting_exception", "reason": reason}, "status": 404}))
        })
    })
    .await;
    let app = TestApp::with_cluster(&stub.url).await;
    let reply = app.get("/api/v1/monitors").await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    assert_eq!(reply.body, json!({"monitors": [], "total": 0}));
    let check = app.post("/api/v1/drafts/check-cluster", json!({})).await;
    assert_eq!(check.status, StatusCode::OK, "{}", check.text);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_publishes_of_a_new_draft_create_one_monitor() {
    let written = |seq_no: i64| json!({"_id": "new-1", "_version": seq_no + 1, "_seq_no": seq_no, "_primary_term": 1, "monitor": {}});
    let stub = Stub::start(Duration::from_millis(50), move |method, uri| match (method, uri) {
        ("POST", u) if u.starts_with("/_plugins/_alerting/monitors?") => Some((201, written(0))),
        ("PUT", u) if u.starts_with("/_plugins/_alerting/monitors/new-1?") => Some((200, written(1))),
        _ => None,
    })
    .await;
    let app = TestApp::with_cluster(&stub.url).await;
    let id = app.create(failed_logins_document()).await["id"].as_str().unwrap().to_owned();
    let replies = app.post_concurrently(4, &format!("/api/v1/drafts/{id}/publish"), json!({"version": 1})).await;
    for reply in &replies {
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
        assert_eq!(reply.body["monitor_id"], "new-1");
    }
    assert_eq!(replies.iter().filter(|r| r.body["created"] == true).count(), 1, "one create, then updates");
    assert_eq!(stub.count("POST /_plugins/_alerting/monitors?"), 1, "one monitor on the cluster");
    assert_eq!(stub.count("PUT /_plugins/_alerting/monitors/new-1?"), 3);
    let draft = app.get(&format!("/api/v1/drafts/{id}")).await;
    assert_eq!((draft.body["state"].as_str(), draft.body["published"]["seq_no"].as_i64()), (Some("published"), Some(1)));
}
