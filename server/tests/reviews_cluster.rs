//! Four-eyes publish against the real node: an approval publishes exactly the frozen
//! revision, the review shows only what really changes on the deployed monitor, a monitor
//! changed on the cluster meanwhile is never overwritten by an approval, and the monitor's
//! history names who did what. Run by `scripts/test` (`#[ignore]`d without a node).

mod common;

use app::api::TeamRole;
use axum::http::StatusCode;
use common::{
    TestApp,
    cluster::{Node, cluster_url, unique},
};
use monitor_studio::config::ClusterConfig;
use reqwest::Method;
use serde_json::json;

#[tokio::test]
#[ignore = "needs a real OpenSearch node (scripts/test starts one)"]
async fn an_approval_publishes_the_frozen_revision_and_the_history_names_everyone() {
    let node = Node::new();
    let app = TestApp::with_config(|c| c.cluster = Some(ClusterConfig { url: cluster_url(), ..Default::default() })).await;
    let suffix = unique("review");
    let team = app.team(&format!("Reviewed {suffix}"), &[]).await;
    let (erin, paul, tess) = (format!("erin-{suffix}"), format!("paul-{suffix}"), format!("tess-{suffix}"));
    let editor = app.token_in(&erin, &team, TeamRole::Editor).await;
    let publisher = app.token_in(&paul, &team, TeamRole::Publisher).await;
    let lead = app.token_in(&tess, &team, TeamRole::TeamAdmin).await;
    let set = app.request_as(&lead, Method::PUT, "/api/v1/team", Some(json!({"index_patterns": [], "publish_needs_approval": true}))).await;
    assert_eq!(set.status, StatusCode::OK, "{}", set.text);
    let index = format!("security-auditlog-{suffix}");
    node.index_audit_events(&index, &[("FAILED_LOGIN", "mallory", 5), ("FAILED_LOGIN", "mallory", 10), ("FAILED_LOGIN", "eve", 15)]).await;

    // Erin authors the monitor and asks for review.
    let created = app.request_as(&editor, Method::POST, "/api/v1/drafts", Some(json!({"template": "failed-logins"}))).await;
    let id = created.body["id"].as_str().unwrap().to_owned();
    let mut doc = created.body["document"].clone();
    let name = format!("Reviewed failed logins {suffix}");
    doc["name"] = json!(name);
    doc["indices"] = json!([index]);
    doc["triggers"][0]["actions"] = json!([]);
    let saved = app.request_as(&editor, Method::PUT, &format!("/api/v1/drafts/{id}"), Some(json!({"version": 1, "document": doc.clone()}))).await;
    let version = saved.body["version"].as_i64().unwrap();
    let review = app.request_as(&editor, Method::POST, &format!("/api/v1/drafts/{id}/review"), Some(json!({"version": version, "message": "first cut"}))).await;
    assert_eq!(review.status, StatusCode::CREATED, "{}", review.text);
    let review_id = review.body["id"].as_str().unwrap().to_owned();
    assert!(node.monitors_named(&name).await.is_empty(), "nothing on the cluster before approval");

    // Paul reviews it with a preview of the frozen revision on the real node, and approves.
    let detail = app.request_as(&publisher, Method::GET, &format!("/api/v1/reviews/{review_id}"), None).await;
    assert_eq!((detail.status, detail.body["deployed_monitor_id"].clone()), (StatusCode::OK, json!(null)), "{}", detail.text);
    let preview = app.request_as(&publisher, Method::POST, "/api/v1/preview", Some(json!({"document": detail.body["document"]}))).await;
    assert_eq!(preview.status, StatusCode::OK, "{}", preview.text);
    assert_eq!(preview.body["triggers"][0]["triggered"], true, "{}", preview.text);
    let approved = app.request_as(&publisher, Method::POST, &format!("/api/v1/reviews/{review_id}/approve"), Some(json!({"comment": "looks right"}))).await;
    assert_eq!(approved.status, StatusCode::OK, "{}", approved.text);
    assert_eq!((approved.body["state"].as_str(), approved.body["reviewer"].as_str()), (Some("approved"), Some(paul.as_str())));
    let monitor_id = approved.body["monitor_id"].as_str().unwrap().to_owned();
    let deployed = node.get(&format!("/_plugins/_alerting/monitors/{monitor_id}")).await;
    assert_eq!(deployed["monitor"]["name"], json!(name), "{deployed}");
    assert_eq!(deployed["monitor"]["ui_metadata"]["monitor_studio"]["team_id"], json!(team), "{deployed}");

    // Erin raises the severity; the review shows exactly that change, nothing the server added.
    doc["triggers"][0]["severity"] = json!(2);
    let saved = app.request_as(&editor, Method::PUT, &format!("/api/v1/drafts/{id}"), Some(json!({"version": version, "document": doc}))).await;
    let version = saved.body["version"].as_i64().unwrap();
    let second = app.request_as(&editor, Method::POST, &format!("/api/v1/drafts/{id}/review"), Some(json!({"version": version}))).await;
    let second_id = second.body["id"].as_str().unwrap().to_owned();
    let detail = app.request_as(&publisher, Method::GET, &format!("/api/v1/reviews/{second_id}"), None).await;
    assert_eq!(detail.body["deployed_monitor_id"], json!(monitor_id), "{}", detail.text);
    assert_eq!(detail.body["changes"], json!([{"path": "triggers[0].severity", "before": "1", "after": "2"}]), "{}", detail.text);

    // Someone changes the monitor on the cluster meanwhile: the approval refuses to overwrite it.
    let current = node.get(&format!("/_plugins/_alerting/monitors/{monitor_id}")).await;
    let mut theirs = current["monitor"].clone();
    theirs["schedule"] = json!({"period": {"interval": 5, "unit": "MINUTES"}});
    let path = format!("/_plugins/_alerting/monitors/{monitor_id}?if_seq_no={}&if_primary_term={}", current["_seq_no"], current["_primary_term"]);
    assert_eq!(node.call(Method::PUT, &path, Some(theirs)).await.0, 200);
    let refused = app.request_as(&publisher, Method::POST, &format!("/api/v1/reviews/{second_id}/approve"), Some(json!({}))).await;
    assert_eq!(refused.status, StatusCode::CONFLICT, "{}", refused.text);
    let still = app.request_as(&publisher, Method::GET, &format!("/api/v1/reviews/{second_id}"), None).await;
    assert_eq!(still.body["review"]["state"], "open", "{}", still.text);
    let on_cluster = node.get(&format!("/_plugins/_alerting/monitors/{monitor_id}")).await;
    assert_eq!(on_cluster["monitor"]["schedule"]["period"]["interval"], 5, "the cluster's change stays");
    assert_eq!(on_cluster["monitor"]["triggers"][0]["query_level_trigger"]["severity"], "1");

    // The monitor page's history: who published, who approved, with their words.
    let changes = app.request_as(&editor, Method::GET, &format!("/api/v1/monitors/{monitor_id}/changes"), None).await;
    assert_eq!(changes.status, StatusCode::OK, "{}", changes.text);
    let entries: Vec<(String, String)> =
        changes.body.as_array().unwrap().iter().map(|e| (e["kind"].as_str().unwrap().to_owned(), e["actor"].as_str().unwrap_or("").to_owned())).collect();
    for expected in [("review_requested", &erin), ("published", &paul), ("approved", &paul), ("saved", &erin)] {
        assert!(entries.iter().any(|(k, a)| k == expected.0 && a == expected.1), "{expected:?} in {entries:?}");
    }
    let published = changes.body.as_array().unwrap().iter().find(|e| e["kind"] == "published").unwrap();
    assert!(published["message"].as_str().unwrap().contains("looks right"), "{published}");
    node.cleanup(&[monitor_id], None, Some(&index)).await;
}
