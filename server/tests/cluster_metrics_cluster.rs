//! Per cluster metrics monitors on the real node: a cluster health monitor authored in the
//! form, its dry run answering with the cluster's health and the trigger's verdict, publish,
//! and the stored monitor reopening in the form. Run by `scripts/test` (`#[ignore]`d
//! without a node).

mod common;

use app::model::{ApiType, MonitorDraft, MonitorType};
use axum::http::StatusCode;
use common::{
    TestApp,
    cluster::{Node, cluster_url, unique},
};
use monitor_studio::config::ClusterConfig;
use serde_json::json;

#[tokio::test]
#[ignore = "needs a real OpenSearch node (scripts/test starts one)"]
async fn a_cluster_health_monitor_runs_on_the_cluster_and_reopens_in_the_form() {
    let node = Node::new();
    let app = TestApp::with_config(|c| c.cluster = Some(ClusterConfig { url: cluster_url(), ..Default::default() })).await;
    let name = unique("Cluster not red");
    let mut d = MonitorDraft { name: name.clone(), ..MonitorDraft::default() };
    d.set_monitor_type(MonitorType::ClusterMetrics);
    d.set_api_type(Some(ApiType::ClusterHealth));
    let mut trigger = d.new_trigger();
    assert_eq!(trigger.script, "ctx.results[0].status != \"green\"");
    trigger.script = "ctx.results[0].status != \"red\"".into();
    d.triggers.push(trigger);

    let created = app.create(serde_json::to_value(&d).unwrap()).await;
    let id = created["id"].as_str().unwrap().to_owned();
    let preview = app.post("/api/v1/preview", json!({"document": created["document"]})).await;
    assert_eq!(preview.status, StatusCode::OK, "{}", preview.text);
    assert!(matches!(preview.body["response"]["status"].as_str(), Some("green" | "yellow")), "{}", preview.text);
    assert_eq!(preview.body["triggers"][0]["triggered"], true, "{}", preview.text);

    // Cluster health takes indices as path parameters.
    let mut scoped = created["document"].clone();
    scoped["cluster_metrics"]["path_params"] = json!("no-such-index-*");
    let preview = app.post("/api/v1/preview", json!({"document": scoped})).await;
    assert_eq!(preview.status, StatusCode::OK, "{}", preview.text);
    assert!(preview.body["response"]["status"].is_string(), "{}", preview.text);

    let published = app.post(&format!("/api/v1/drafts/{id}/publish"), json!({"version": 1})).await;
    assert_eq!(published.status, StatusCode::OK, "{}", published.text);
    let monitor_id = published.body["monitor_id"].as_str().unwrap().to_owned();
    let stored = node.get(&format!("/_plugins/_alerting/monitors/{monitor_id}")).await;
    let uri = &stored["monitor"]["inputs"][0]["uri"];
    assert_eq!(uri["api_type"], "CLUSTER_HEALTH", "{stored}");
    assert_eq!(uri["path"], "/_cluster/health");
    assert_eq!(uri["url"], "http://localhost:9200/_cluster/health", "the cluster fills in the URL: {stored}");
    let reopened = app.post("/api/v1/drafts/import", json!({"monitor": stored})).await;
    assert!(reopened.status.is_success(), "{}", reopened.text);
    assert_eq!(reopened.body["document"]["cluster_metrics"], json!({"api_type": "CLUSTER_HEALTH", "path_params": ""}), "{}", reopened.text);
    assert!(reopened.body["document"]["raw_inputs"].is_null(), "{}", reopened.text);
    node.cleanup(&[monitor_id], None, None).await;
}
