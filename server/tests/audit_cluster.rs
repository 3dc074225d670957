//! The audit log's copy in the real node: the template is installed, entries arrive in
//! `monitor-studio-audit-*` with their fields, a lost position or a restart doubles
//! nothing, and the gallery's "Portal: failed sign-ins" fires on them in a dry run.
//! Run by `scripts/test` (`#[ignore]`d without a node).

mod common;

use std::time::Duration;

use axum::http::StatusCode;
use common::{TestApp, cluster::{Node, cluster_url, eventually, unique}, sign_in_form};
use monitor_studio::{audit::to_cluster, config::ClusterConfig};
use reqwest::Method;
use serde_json::{Value, json};

/// The copied documents of this test's database.
async fn copied(node: &Node, source: &str) -> Vec<Value> {
    node.call(Method::POST, "/monitor-studio-audit-*/_refresh", None).await;
    let (_, found) = node
        .call(
            Method::POST,
            "/monitor-studio-audit-*/_search",
            Some(json!({ "size": 100, "query": { "term": { "source": source } }, "sort": [{ "id": "asc" }] })),
        )
        .await;
    found["hits"]["hits"].as_array().cloned().unwrap_or_default().into_iter().map(|h| h["_source"].clone()).collect()
}

#[tokio::test]
#[ignore = "needs a real OpenSearch node (scripts/test starts one)"]
async fn the_audit_log_is_copied_to_the_cluster_once_and_the_portal_template_alerts_on_it() {
    let node = Node::new();
    let app = TestApp::with_config(|c| c.cluster = Some(ClusterConfig { url: cluster_url(), audit_to_cluster: true, ..Default::default() })).await;
    let cluster = app.state.cluster.clone().unwrap();
    let copy = to_cluster::spawn(app.state.audit.clone(), cluster.clone());

    let intruder = unique("intruder");
    for _ in 0..6 {
        assert_eq!(app.send_as_is(sign_in_form(&intruder, "guess")).await.status, StatusCode::SEE_OTHER);
    }
    assert_eq!(app.post("/api/v1/drafts", json!({})).await.status, StatusCode::CREATED);
    let (source, _) = app.state.audit.copy_position().await.unwrap();

    let docs = eventually(Duration::from_secs(30), "the entries in the cluster", || async {
        let docs = copied(&node, &source).await;
        (docs.len() == 7).then_some(docs)
    })
    .await;
    let (template_status, template) = node.call(Method::GET, "/_index_template/monitor-studio-audit", None).await;
    assert_eq!(template_status, 200, "{template}");
    assert_eq!(template["index_templates"][0]["index_template"]["template"]["mappings"]["properties"]["address"]["type"], "ip");
    let failed = &docs[0];
    assert_eq!((failed["actor"].as_str(), failed["action"].as_str()), (Some(intruder.as_str()), Some("sign_in_failed")));
    assert_eq!((failed["outcome"].as_u64(), failed["failed"].as_bool()), (Some(401), Some(true)));
    assert!(failed["@timestamp"].as_str().unwrap().ends_with('Z'));
    assert_eq!((docs[6]["action"].as_str(), docs[6]["failed"].as_bool(), docs[6]["team_id"].as_str()), (Some("create_draft"), Some(false), Some("default")));

    // A restart that lost its position copies again, and the cluster keeps one of each.
    copy.abort();
    sqlx::query("UPDATE audit_copy SET last_id = 0").execute(app.state.drafts.pool()).await.unwrap();
    let copy = to_cluster::spawn(app.state.audit.clone(), cluster);
    assert_eq!(app.post("/api/v1/drafts", json!({})).await.status, StatusCode::CREATED);
    eventually(Duration::from_secs(30), "the copy caught up", || async {
        (app.state.audit.copy_position().await.unwrap().1 == 8).then_some(())
    })
    .await;
    let ids: Vec<i64> = copied(&node, &source).await.iter().map(|d| d["id"].as_i64().unwrap()).collect();
    assert_eq!(ids, (1..=8).collect::<Vec<_>>(), "each entry once");
    copy.abort();

    // The gallery's portal template, as a dry run on what was copied.
    let created = app.post("/api/v1/drafts", json!({"template": "portal-failed-sign-ins"})).await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text);
    let preview = app.post("/api/v1/preview", json!({"document": created.body["document"]})).await;
    assert_eq!(preview.status, StatusCode::OK, "{}", preview.text);
    let trigger = &preview.body["triggers"][0];
    assert_eq!(trigger["triggered"], true, "{}", preview.text);
    let actors = &preview.body["response"]["aggregations"]["by_actor"]["buckets"];
    assert!(actors.as_array().unwrap().iter().any(|b| b["key"] == intruder.as_str()), "{actors}");
}
