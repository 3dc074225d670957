//! The seed story against the real node: audit events in, the "Failed logins" monitor
//! authored through the API, previewed as a dry run, published, fired by the scheduler,
//! delivered to a webhook, acknowledged; plus conflicts, retries and cluster-side errors.
//! Run by `scripts/test` (these are `#[ignore]`d without a node).

mod common;

use std::time::Duration;

use axum::http::StatusCode;
use common::{
    TestApp,
    cluster::{Node, Receiver, cluster_url, eventually, unique},
};
use monitor_studio::config::ClusterConfig;
use reqwest::Method;
use serde_json::{Value, json};

async fn app() -> TestApp {
    TestApp::with_config(|c| c.cluster = Some(ClusterConfig { url: cluster_url(), channel_hosts: vec!["127.0.0.1".into()], ..Default::default() })).await
}

/// A "Failed logins" draft from the template, pointed at `index` and `channel`.
async fn failed_logins_draft(app: &TestApp, name: &str, index: &str, channel: &str) -> (String, i64, Value) {
    let created = app.post("/api/v1/drafts", json!({"template": "failed-logins"})).await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text);
    let id = created.body["id"].as_str().unwrap().to_owned();
    let mut doc = created.body["document"].clone();
    doc["name"] = json!(name);
    doc["indices"] = json!([index]);
    doc["triggers"][0]["actions"][0]["destination_id"] = json!(channel);
    doc["triggers"][0]["actions"][0]["message"] =
        json!("{{ctx.monitor.name}}: {{ctx.results.0.hits.total.value}} failed logins (severity {{ctx.trigger.severity}})");
    let saved = app.put(&format!("/api/v1/drafts/{id}"), json!({"version": 1, "document": doc})).await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.text);
    (id, saved.body["version"].as_i64().unwrap(), saved.body["document"].clone())
}

#[tokio::test]
#[ignore = "needs a real OpenSearch node (scripts/test starts one)"]
async fn failed_logins_end_to_end() {
    let node = Node::new();
    let app = app().await;
    let suffix = unique("e2e");
    let index = format!("security-auditlog-{suffix}");
    let channel = format!("audit-hook-{suffix}");
    let name = format!("Audit Unauthorized Access Events {suffix}");
    let receiver = Receiver::start().await;
    node.index_audit_events(&index, &[("FAILED_LOGIN", "mallory", 20), ("FAILED_LOGIN", "mallory", 15), ("FAILED_LOGIN", "eve", 10), ("AUTHENTICATED", "alice", 5), ("MISSING_PRIVILEGES", "bob", 5)]).await;
    node.create_webhook(&channel, &receiver.url).await;

    let status = app.get("/api/v1/cluster").await;
    assert_eq!(status.body["reachable"], true, "{}", status.text);
    assert!(status.body["plugins"].as_array().unwrap().iter().any(|p| p == "opensearch-alerting"));

    let (id, version, doc) = failed_logins_draft(&app, &name, &index, &channel).await;

    // Dry run: the query counts the 3 failed logins, the trigger (above 1) fires, and the
    // message is rendered by the cluster's mustache.
    let preview = app.post("/api/v1/preview", json!({"document": doc})).await;
    assert_eq!(preview.status, StatusCode::OK, "{}", preview.text);
    assert_eq!(preview.body["hits"], 3, "{}", preview.text);
    assert_eq!(preview.body["triggers"][0]["triggered"], true);
    assert_eq!(preview.body["triggers"][0]["actions"][0]["message"], json!(format!("{name}: 3 failed logins (severity 1)")));
    assert!(receiver.bodies.lock().unwrap().is_empty(), "a dry run sends nothing");

    // Publish; a second publish of the same version updates, never duplicates.
    let published = app.post(&format!("/api/v1/drafts/{id}/publish"), json!({"version": version})).await;
    assert_eq!(published.status, StatusCode::OK, "{}", published.text);
    assert_eq!(published.body["created"], true);
    let monitor_id = published.body["monitor_id"].as_str().unwrap().to_owned();
    assert_eq!(published.body["draft"]["state"], "published");
    let again = app.post(&format!("/api/v1/drafts/{id}/publish"), json!({"version": version})).await;
    assert_eq!(again.status, StatusCode::OK, "{}", again.text);
    assert_eq!(again.body["created"], false);
    assert_eq!(again.body["monitor_id"], json!(monitor_id));
    assert_eq!(node.monitors_named(&name).await.len(), 1);
    let check = app.post("/api/v1/drafts/check-cluster", json!({})).await;
    assert_eq!(check.body["changed_on_cluster"], json!([]), "a fresh publish is in sync: {}", check.text);

    // The monitor on the cluster keeps the visual editor's state.
    let stored = node.get(&format!("/_plugins/_alerting/monitors/{monitor_id}")).await;
    assert_eq!(stored["monitor"]["ui_metadata"]["search"]["searchType"], "graph");
    assert_eq!(stored["monitor"]["ui_metadata"]["monitor_studio"]["team_id"], "default", "the owning team is in the monitor itself");
    // …and opens again in the visual editor, although the cluster rewrote the query.
    let reopened = app.post("/api/v1/drafts/import", json!({"monitor": stored})).await;
    assert_eq!(
        reopened.body["document"]["defining_method"], "graph",
        "stored query: {}", stored["monitor"]["inputs"][0]["search"]["query"]
    );

    // The scheduler runs it (every minute): an ACTIVE alert of severity 1, and the webhook
    // gets the rendered message verbatim.
    let alert = eventually(Duration::from_secs(180), "an ACTIVE alert", || async {
        let alerts = node.get(&format!("/_plugins/_alerting/monitors/alerts?monitorId={monitor_id}")).await;
        alerts["alerts"].as_array().and_then(|a| a.iter().find(|a| a["state"] == "ACTIVE").cloned())
    })
    .await;
    assert_eq!(alert["severity"], "1");
    let delivered = receiver.wait_for(Duration::from_secs(60), |b| b.contains("failed logins")).await;
    assert_eq!(delivered.as_deref(), Some(format!("{name}: 3 failed logins (severity 1)").as_str()));

    // Acknowledge → ACKNOWLEDGED.
    let alert_id = alert["id"].as_str().unwrap();
    let (status, ack) = node.call(Method::POST, &format!("/_plugins/_alerting/monitors/{monitor_id}/_acknowledge/alerts"), Some(json!({"alerts": [alert_id]}))).await;
    assert_eq!(status, 200, "{ack}");
    assert_eq!(ack["success"], json!([alert_id]));
    let alerts = node.get(&format!("/_plugins/_alerting/monitors/alerts?monitorId={monitor_id}")).await;
    assert_eq!(alerts["alerts"][0]["state"], "ACKNOWLEDGED");

    node.cleanup(&[monitor_id], Some(&channel), Some(&index)).await;
}

#[tokio::test]
#[ignore = "needs a real OpenSearch node (scripts/test starts one)"]
async fn a_monitor_changed_on_the_cluster_is_a_conflict_with_its_changes() {
    let node = Node::new();
    let app = app().await;
    let suffix = unique("conflict");
    let index = format!("security-auditlog-{suffix}");
    node.index_audit_events(&index, &[("FAILED_LOGIN", "mallory", 5)]).await;
    let name = format!("Conflicting monitor {suffix}");
    let (id, version, mut doc) = failed_logins_draft(&app, &name, &index, "nowhere").await;
    let published = app.post(&format!("/api/v1/drafts/{id}/publish"), json!({"version": version})).await;
    assert_eq!(published.status, StatusCode::OK, "{}", published.text);
    let monitor_id = published.body["monitor_id"].as_str().unwrap().to_owned();

    // Someone edits the monitor on the cluster: every 5 minutes instead of 1.
    let current = node.get(&format!("/_plugins/_alerting/monitors/{monitor_id}")).await;
    let mut theirs = current["monitor"].clone();
    theirs["schedule"] = json!({"period": {"interval": 5, "unit": "MINUTES"}});
    let (status, body) = node
        .call(Method::PUT, &format!("/_plugins/_alerting/monitors/{monitor_id}?if_seq_no={}&if_primary_term={}", current["_seq_no"], current["_primary_term"]), Some(theirs))
        .await;
    assert_eq!(status, 200, "{body}");

    // Our next publish is refused with what changed there; the draft is kept.
    doc["triggers"][0]["severity"] = json!(2);
    let saved = app.put(&format!("/api/v1/drafts/{id}"), json!({"version": version, "document": doc})).await;
    let version = saved.body["version"].as_i64().unwrap();
    let conflict = app.post(&format!("/api/v1/drafts/{id}/publish"), json!({"version": version})).await;
    assert_eq!(conflict.status, StatusCode::CONFLICT, "{}", conflict.text);
    let paths: Vec<&str> = conflict.body["changes"].as_array().unwrap().iter().map(|c| c["path"].as_str().unwrap()).collect();
    assert!(paths.iter().any(|p| p.contains("schedule.period.interval")), "{paths:?}");
    let kept = app.get(&format!("/api/v1/drafts/{id}")).await;
    assert_eq!(kept.body["document"]["triggers"][0]["severity"], 2);
    assert_eq!(kept.body["state"], "changed_on_cluster");

    // Overwrite on purpose.
    let overwritten = app.post(&format!("/api/v1/drafts/{id}/publish"), json!({"version": version, "overwrite": true})).await;
    assert_eq!(overwritten.status, StatusCode::OK, "{}", overwritten.text);
    let now = node.get(&format!("/_plugins/_alerting/monitors/{monitor_id}")).await;
    assert_eq!(now["monitor"]["schedule"]["period"]["interval"], 1);
    assert_eq!(now["monitor"]["triggers"][0]["query_level_trigger"]["severity"], "2");
    assert_eq!(app.get(&format!("/api/v1/drafts/{id}")).await.body["state"], "published");

    // Deleted on the cluster: a clear conflict, then publish as new.
    node.cleanup(std::slice::from_ref(&monitor_id), None, None).await;
    let gone = app.post(&format!("/api/v1/drafts/{id}/publish"), json!({"version": version})).await;
    assert_eq!(gone.status, StatusCode::CONFLICT, "{}", gone.text);
    assert_eq!(gone.body["deleted"], true);
    let recreated = app.post(&format!("/api/v1/drafts/{id}/publish"), json!({"version": version, "as_new": true})).await;
    assert_eq!(recreated.status, StatusCode::OK, "{}", recreated.text);
    assert_ne!(recreated.body["monitor_id"], json!(monitor_id));
    node.cleanup(&[recreated.body["monitor_id"].as_str().unwrap().to_owned()], None, Some(&index)).await;
}

#[tokio::test]
#[ignore = "needs a real OpenSearch node (scripts/test starts one)"]
async fn a_create_interrupted_before_the_link_was_saved_is_adopted_not_duplicated() {
    let node = Node::new();
    let app = app().await;
    let suffix = unique("retry");
    let index = format!("security-auditlog-{suffix}");
    node.index_audit_events(&index, &[("FAILED_LOGIN", "mallory", 5)]).await;
    let name = format!("Interrupted publish {suffix}");
    let (id, version, _) = failed_logins_draft(&app, &name, &index, "nowhere").await;

    // The server wrote its token, the cluster created the monitor, then the server died
    // before recording the link.
    app.state.drafts.set_publish_token(&id, "tok-123").await.unwrap();
    let exported = app.get(&format!("/api/v1/drafts/{id}/export")).await;
    let mut body = exported.body["monitor"].clone();
    body["ui_metadata"]["monitor_studio"] = json!({"draft_id": id, "publish_token": "tok-123"});
    let (status, created) = node.call(Method::POST, "/_plugins/_alerting/monitors?refresh=true", Some(body)).await;
    assert_eq!(status, 201, "{created}");

    let published = app.post(&format!("/api/v1/drafts/{id}/publish"), json!({"version": version})).await;
    assert_eq!(published.status, StatusCode::OK, "{}", published.text);
    assert_eq!(published.body["monitor_id"], created["_id"], "the existing monitor is adopted");
    assert_eq!(node.monitors_named(&name).await.len(), 1, "no second monitor");
    node.cleanup(&[created["_id"].as_str().unwrap().to_owned()], None, Some(&index)).await;
}

#[tokio::test]
#[ignore = "needs a real OpenSearch node (scripts/test starts one)"]
async fn cluster_refusals_name_the_field_and_keep_the_draft() {
    let app = app().await;
    let suffix = unique("refused");
    let (id, version, _) = failed_logins_draft(&app, &format!("Refused {suffix}"), &format!("no-such-index-{suffix}"), "nowhere").await;
    let refused = app.post(&format!("/api/v1/drafts/{id}/publish"), json!({"version": version})).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", refused.text);
    assert!(refused.body["errors"]["indices"].as_str().unwrap().contains("not found"), "{}", refused.text);
    let kept = app.get(&format!("/api/v1/drafts/{id}")).await;
    assert_eq!(kept.body["state"], "never_published");
    assert_eq!(kept.body["version"], version);

    // A stale draft version is refused before the cluster is asked.
    let stale = app.post(&format!("/api/v1/drafts/{id}/publish"), json!({"version": version - 1})).await;
    assert_eq!(stale.status, StatusCode::CONFLICT);

    // Incomplete drafts are refused with field errors.
    let blank = app.post("/api/v1/drafts", json!({})).await;
    let blank_id = blank.body["id"].as_str().unwrap();
    let incomplete = app.post(&format!("/api/v1/drafts/{blank_id}/publish"), json!({"version": 1})).await;
    assert_eq!(incomplete.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(incomplete.body["errors"]["name"], "Required.");
    assert_eq!(incomplete.body["errors"]["indices"], "Must specify an index.");
}

#[tokio::test]
#[ignore = "needs a real OpenSearch node (scripts/test starts one)"]
async fn a_cluster_monitor_opens_as_a_linked_draft() {
    let node = Node::new();
    let app = app().await;
    let suffix = unique("import");
    let index = format!("app-logs-{suffix}");
    node.call(Method::PUT, &format!("/{index}"), None).await;
    // Made through the API, without ui_metadata: opens in the extraction query editor.
    let monitor = json!({
        "type": "monitor", "name": format!("API-made {suffix}"), "monitor_type": "query_level_monitor", "enabled": false,
        "schedule": {"period": {"interval": 10, "unit": "MINUTES"}},
        "inputs": [{"search": {"indices": [index], "query": {"size": 0, "query": {"match_all": {}}}}}],
        "triggers": [{"query_level_trigger": {"name": "any", "severity": "3", "condition": {"script": {"source": "ctx.results[0].hits.total.value > 0", "lang": "painless"}}, "actions": []}}]
    });
    let (status, created) = node.call(Method::POST, "/_plugins/_alerting/monitors?refresh=true", Some(monitor)).await;
    assert_eq!(status, 201, "{created}");
    let monitor_id = created["_id"].as_str().unwrap().to_owned();

    let draft = app.post(&format!("/api/v1/monitors/{monitor_id}/draft"), json!({})).await;
    assert_eq!(draft.status, StatusCode::OK, "{}", draft.text);
    assert_eq!(draft.body["document"]["defining_method"], "query");
    assert_eq!(draft.body["document"]["triggers"][0]["severity"], 3);
    assert_eq!(draft.body["published"]["monitor_id"], json!(monitor_id));
    assert_eq!(draft.body["state"], "published");
    let again = app.post(&format!("/api/v1/monitors/{monitor_id}/draft"), json!({})).await;
    assert_eq!(again.body["id"], draft.body["id"], "the same linked draft, not a new one");

    let check = app.post("/api/v1/drafts/check-cluster", json!({})).await;
    assert_eq!(check.status, StatusCode::OK, "{}", check.text);
    assert_eq!(check.body["changed_on_cluster"], json!([]), "an untouched import is in sync");

    node.cleanup(&[monitor_id], None, Some(&index)).await;
}

#[tokio::test]
#[ignore = "needs a real OpenSearch node (scripts/test starts one)"]
async fn extraction_previews_show_the_response_and_script_errors() {
    let app = app().await;
    let suffix = unique("extract");
    let node = Node::new();
    let index = format!("security-auditlog-{suffix}");
    node.index_audit_events(&index, &[("FAILED_LOGIN", "mallory", 5), ("FAILED_LOGIN", "eve", 5)]).await;
    let created = app.post("/api/v1/drafts", json!({})).await;
    let mut doc = created.body["document"].clone();
    doc["name"] = json!(format!("Extraction {suffix}"));
    doc["defining_method"] = json!("query");
    doc["indices"] = json!([index]);
    doc["extraction_query"] = json!(r#"{"size": 0, "query": {"term": {"audit_category.keyword": "FAILED_LOGIN"}}}"#);
    doc["triggers"] = json!([
        {"name": "fires", "severity": 1, "threshold_enum": "ABOVE", "threshold_value": 0.0, "script": "ctx.results[0].hits.total.value > 1", "actions": []},
        {"name": "broken", "severity": 2, "threshold_enum": "ABOVE", "threshold_value": 0.0, "script": "ctx.results[0].nope.value > 1", "actions": []}
    ]);
    let preview = app.post("/api/v1/preview", json!({"document": doc})).await;
    assert_eq!(preview.status, StatusCode::OK, "{}", preview.text);
    assert_eq!(preview.body["hits"], 2);
    assert_eq!(preview.body["response"]["hits"]["total"]["value"], 2);
    assert!(preview.body["took_ms"].is_u64());
    assert_eq!(preview.body["triggers"][0]["triggered"], true);
    assert!(preview.body["triggers"][1]["error"].is_string(), "{}", preview.text);
    node.cleanup(&[], None, Some(&index)).await;
}

#[tokio::test]
#[ignore = "needs a real OpenSearch node (scripts/test starts one)"]
async fn the_visual_chart_and_a_test_message() {
    let node = Node::new();
    let app = app().await;
    let suffix = unique("chart");
    let index = format!("security-auditlog-{suffix}");
    let channel = format!("chart-hook-{suffix}");
    let receiver = Receiver::start().await;
    node.index_audit_events(&index, &[("FAILED_LOGIN", "mallory", 30), ("FAILED_LOGIN", "mallory", 90), ("FAILED_LOGIN", "eve", 200)]).await;
    node.create_webhook(&channel, &receiver.url).await;
    let (_, _, doc) = failed_logins_draft(&app, &format!("Chart {suffix}"), &index, &channel).await;

    let chart = app.post("/api/v1/preview/chart", json!({"document": doc, "time_zone": "Europe/Berlin"})).await;
    assert_eq!(chart.status, StatusCode::OK, "{}", chart.text);
    assert_eq!(chart.body["title"], "COUNT OF documents");
    let points = chart.body["points"].as_array().unwrap();
    assert!(points.len() >= 5, "5× the window in buckets: {points:?}");
    let total: f64 = points.iter().filter_map(|p| p["value"].as_f64()).sum();
    assert_eq!(total, 3.0, "every event lands in a bucket");

    let sent = app.post("/api/v1/preview/test-message", json!({"document": doc, "trigger_index": 0, "action_index": 0})).await;
    assert_eq!(sent.status, StatusCode::OK, "{}", sent.text);
    let got = receiver.wait_for(Duration::from_secs(30), |b| b.contains("failed logins")).await;
    assert!(got.is_some(), "the test message reached the webhook");
    node.cleanup(&[], Some(&channel), Some(&index)).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
#[ignore = "needs a real OpenSearch node (scripts/test starts one)"]
async fn concurrent_opens_of_a_cluster_monitor_make_one_draft() {
    let node = Node::new();
    let app = app().await;
    let suffix = unique("race");
    let monitor = json!({
        "type": "monitor", "name": format!("Opened at once {suffix}"), "monitor_type": "query_level_monitor", "enabled": false,
        "schedule": {"period": {"interval": 10, "unit": "MINUTES"}},
        "inputs": [{"search": {"indices": ["logs-*"], "query": {"size": 0, "query": {"match_all": {}}}}}],
        "triggers": []
    });
    let (status, created) = node.call(Method::POST, "/_plugins/_alerting/monitors?refresh=true", Some(monitor)).await;
    assert_eq!(status, 201, "{created}");
    let monitor_id = created["_id"].as_str().unwrap().to_owned();

    let replies = app.post_concurrently(8, &format!("/api/v1/monitors/{monitor_id}/draft"), json!({})).await;
    for reply in &replies {
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
        assert_eq!(reply.body["id"], replies[0].body["id"], "one draft for every caller");
    }
    assert_eq!(replies[0].body["published"]["seq_no"], created["_seq_no"]);
    assert_eq!(app.get("/api/v1/drafts").await.body["total"], 1);
    node.cleanup(&[monitor_id], None, None).await;
}

#[tokio::test]
#[ignore = "needs a real OpenSearch node (scripts/test starts one)"]
async fn another_teams_monitors_and_channels_are_not_found_on_the_real_node() {
    let node = Node::new();
    let app = app().await;
    let suffix = unique("teams");
    let (a, b) = (app.team(&format!("A {suffix}"), &[]).await, app.team(&format!("B {suffix}"), &[]).await);
    let alice = app.token_in(&format!("alice-{suffix}"), &a, app::api::TeamRole::TeamAdmin).await;
    let bob = app.token_in(&format!("bob-{suffix}"), &b, app::api::TeamRole::TeamAdmin).await;
    let index = format!("security-auditlog-{suffix}");
    let channel = format!("team-a-hook-{suffix}");
    node.index_audit_events(&index, &[("FAILED_LOGIN", "mallory", 5)]).await;
    let made = app
        .request_as(&alice, Method::POST, "/api/v1/channels", Some(json!({"id": channel, "name": "Team A on call", "config_type": "webhook", "url": "http://127.0.0.1:9/hook"})))
        .await;
    assert_eq!(made.status, StatusCode::CREATED, "{}", made.text);
    // Alice's team publishes a monitor notifying its channel.
    let created = app.request_as(&alice, Method::POST, "/api/v1/drafts", Some(json!({"template": "failed-logins"}))).await;
    let id = created.body["id"].as_str().unwrap().to_owned();
    let mut doc = created.body["document"].clone();
    doc["name"] = json!(format!("Team A failed logins {suffix}"));
    doc["indices"] = json!([index]);
    doc["triggers"][0]["actions"][0]["destination_id"] = json!(channel);
    let saved = app.request_as(&alice, Method::PUT, &format!("/api/v1/drafts/{id}"), Some(json!({"version": 1, "document": doc.clone()}))).await;
    let version = saved.body["version"].as_i64().unwrap();
    let published = app.request_as(&alice, Method::POST, &format!("/api/v1/drafts/{id}/publish"), Some(json!({"version": version}))).await;
    assert_eq!(published.status, StatusCode::OK, "{}", published.text);
    let monitor_id = published.body["monitor_id"].as_str().unwrap().to_owned();
    assert_eq!(app.request_as(&alice, Method::GET, &format!("/api/v1/monitors/{monitor_id}"), None).await.status, StatusCode::OK);

    // Bob's team sees none of it, by list or by id, and cannot act on it.
    let listed = app.request_as(&bob, Method::GET, "/api/v1/monitors", None).await;
    assert!(!listed.text.contains(&monitor_id), "{}", listed.text);
    assert!(!app.request_as(&bob, Method::GET, "/api/v1/channels", None).await.text.contains(&channel));
    for (method, uri, body) in [
        (Method::GET, format!("/api/v1/monitors/{monitor_id}"), None),
        (Method::POST, format!("/api/v1/monitors/{monitor_id}/disable"), None),
        (Method::DELETE, format!("/api/v1/monitors/{monitor_id}"), None),
        (Method::POST, format!("/api/v1/monitors/{monitor_id}/acknowledge"), Some(json!({"alerts": ["a1"]}))),
        (Method::POST, format!("/api/v1/monitors/{monitor_id}/draft"), None),
        (Method::GET, format!("/api/v1/channels/{channel}"), None),
        (Method::POST, format!("/api/v1/channels/{channel}/test"), None),
        (Method::DELETE, format!("/api/v1/channels/{channel}"), None),
    ] {
        let reply = app.request_as(&bob, method.clone(), &uri, body).await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{method} {uri}: {}", reply.text);
    }
    // Nor can Bob's monitor notify through Alice's channel.
    let theirs = app.request_as(&bob, Method::POST, "/api/v1/drafts", Some(json!({"document": doc}))).await;
    let their_id = theirs.body["id"].as_str().unwrap().to_owned();
    let refused = app.request_as(&bob, Method::POST, &format!("/api/v1/drafts/{their_id}/publish"), Some(json!({"version": 1}))).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", refused.text);
    assert!(refused.body["errors"]["triggers[0].actions[0].destination_id"].as_str().unwrap().contains("in your team"), "{}", refused.text);
    // Still there and still enabled for Alice's team.
    let still = node.get(&format!("/_plugins/_alerting/monitors/{monitor_id}")).await;
    assert_eq!(still["monitor"]["enabled"], true, "{still}");
    node.cleanup(&[monitor_id], Some(&channel), Some(&index)).await;
}
