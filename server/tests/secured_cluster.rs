//! Monitor Studio against the secured node (`scripts/opensearch-node start --security`:
//! the security plugin, demo TLS certificates, a generated administrator password, audit
//! log into `security-auditlog-*`). Run by `scripts/test`, which starts the node and sets
//!
//! | variable | what |
//! |---|---|
//! | `MONITOR_STUDIO_TEST_SECURE_CLUSTER_URL` | `https://127.0.0.1:9201` |
//! | `MONITOR_STUDIO_TEST_SECURE_CLUSTER_USERNAME` | `admin` |
//! | `MONITOR_STUDIO_TEST_SECURE_CLUSTER_PASSWORD_FILE` | the generated password, in the cache |
//! | `MONITOR_STUDIO_TEST_SECURE_CLUSTER_CA_FILE` | the demo root CA (PEM) |
//!
//! The seed story as it runs in production: a login with a wrong password is refused by the
//! node and audited as `FAILED_LOGIN`; the "Failed logins" monitor, authored and published
//! through Monitor Studio's API, fires on those audit events; the webhook gets the rendered
//! message; the alert is acknowledged through the API. And the failures a person configuring
//! a secured cluster meets: a certificate that cannot be verified, wrong credentials.
//!
//! The node is shared: every test uses its own unique names and deletes what it made.

mod common;

use std::time::{Duration, Instant};

use axum::http::StatusCode;
use common::{
    cluster::{NodeApi, Receiver, eventually, unique},
    secured::{Leftovers, Node, Secured, app_with},
};
use monitor_studio::config::ClusterConfig;
use reqwest::Method;
use serde_json::json;

#[tokio::test]
#[ignore = "needs the secured OpenSearch node (scripts/test starts it)"]
async fn monitor_studio_reaches_the_secured_node_over_https_with_basic_auth_and_the_ca() {
    let secured = Secured::from_env();
    assert!(secured.url.starts_with("https://"), "{}", secured.url);
    let app = app_with(secured.cluster_config()).await;
    let status = app.get("/api/v1/cluster").await;
    assert_eq!(status.status, StatusCode::OK, "{}", status.text);
    assert_eq!(status.body["reachable"], true, "{}", status.text);
    let plugins = status.body["plugins"].as_array().cloned().unwrap_or_default();
    for plugin in ["opensearch-security", "opensearch-alerting", "opensearch-notifications"] {
        assert!(plugins.iter().any(|p| p == plugin), "{plugin} missing: {}", status.text);
    }
    assert_eq!(status.body["has_alerting"], true);
    assert!(matches!(status.body["health"].as_str(), Some("green" | "yellow")), "{}", status.text);
    // The credentials never come back in an answer.
    assert!(!status.text.contains(&secured.password), "the password leaked into {}", status.text);

    // Lookups go through the same connection: the audit indices are there to pick.
    let fields = app.get("/api/v1/cluster/fields?indices=security-auditlog-*").await;
    assert_eq!(fields.status, StatusCode::OK, "{}", fields.text);
}

#[tokio::test]
#[ignore = "needs the secured OpenSearch node (scripts/test starts it)"]
async fn a_wrong_password_is_audited_and_the_failed_logins_monitor_fires_and_notifies() {
    let started = Instant::now();
    let node = Node::new();
    let app = app_with(node.secured.cluster_config()).await;
    let suffix = unique("secured");
    let channel = format!("secured-hook-{suffix}");
    let name = format!("Failed logins on the secured node {suffix}");
    let receiver = Receiver::start().await;
    let mut leftovers = Leftovers { secured: node.secured.clone(), monitors: vec![], channels: vec![channel.clone()] };
    node.create_webhook(&channel, &receiver.url).await;

    // Someone guesses: two passwords for a user that does not exist, one for the admin.
    let intruder = format!("mallory-{suffix}");
    for (user, password) in [(intruder.as_str(), "guess-1"), (intruder.as_str(), "guess-2"), ("admin", "not-the-password")] {
        assert_eq!(node.try_login(user, password).await, 401, "a wrong login for {user} must be refused");
    }
    // The node audits each refusal as FAILED_LOGIN in security-auditlog-*.
    let events = eventually(Duration::from_secs(30), "the FAILED_LOGIN audit events", || async {
        let events = node.failed_logins_of(&intruder).await;
        (events.len() >= 2).then_some(events)
    })
    .await;
    let event = &events[0]["_source"];
    assert_eq!(event["audit_request_layer"], "REST", "{event}");
    assert_eq!(event["audit_request_remote_address"], "127.0.0.1", "{event}");
    assert_eq!(event["audit_rest_request_path"], "/_cluster/health", "{event}");
    assert!(event["@timestamp"].is_string(), "{event}");
    assert!(events[0]["_index"].as_str().unwrap().starts_with("security-auditlog-"), "{}", events[0]);
    let audited = Instant::now();

    // The "Failed logins" template, untouched but for its name, channel and message: it reads
    // security-auditlog-* for FAILED_LOGIN in the last 5 minutes and fires above 1.
    let created = app.post("/api/v1/drafts", json!({"template": "failed-logins"})).await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text);
    let id = created.body["id"].as_str().unwrap().to_owned();
    let mut doc = created.body["document"].clone();
    assert_eq!(doc["indices"], json!(["security-auditlog-*"]));
    doc["name"] = json!(name);
    doc["triggers"][0]["actions"][0]["destination_id"] = json!(channel);
    doc["triggers"][0]["actions"][0]["message"] =
        json!("{{ctx.monitor.name}}: {{ctx.results.0.hits.total.value}} failed logins (severity {{ctx.trigger.severity}})");
    let saved = app.put(&format!("/api/v1/drafts/{id}"), json!({"version": 1, "document": doc})).await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.text);
    let version = saved.body["version"].as_i64().unwrap();

    // The dry run through Monitor Studio sees the audited failures (at least ours: other
    // tests fail logins on this node too) and the trigger fires.
    let preview = app.post("/api/v1/preview", json!({"document": saved.body["document"]})).await;
    assert_eq!(preview.status, StatusCode::OK, "{}", preview.text);
    assert!(preview.body["hits"].as_u64().unwrap_or(0) >= 3, "{}", preview.text);
    assert_eq!(preview.body["triggers"][0]["triggered"], true, "{}", preview.text);
    assert!(receiver.bodies.lock().unwrap().is_empty(), "a dry run sends nothing");

    let published = app.post(&format!("/api/v1/drafts/{id}/publish"), json!({"version": version})).await;
    assert_eq!(published.status, StatusCode::OK, "{}", published.text);
    assert_eq!(published.body["created"], true);
    let monitor_id = published.body["monitor_id"].as_str().unwrap().to_owned();
    leftovers.monitors.push(monitor_id.clone());
    node.run_soon(&monitor_id).await;

    // The scheduler runs it: an ACTIVE alert, read through Monitor Studio's API…
    let alert = eventually(Duration::from_secs(150), "an ACTIVE alert of the published monitor", || async {
        let alerts = app.get(&format!("/api/v1/monitors/{monitor_id}/alerts?state=ACTIVE")).await;
        assert_eq!(alerts.status, StatusCode::OK, "{}", alerts.text);
        alerts.body["alerts"].as_array().and_then(|a| a.first().cloned())
    })
    .await;
    let fired = Instant::now();
    assert_eq!(alert["severity"], "1", "{alert}");
    assert_eq!(alert["trigger_name"], "Too many failed logins", "{alert}");

    // …and the webhook got the message the cluster rendered.
    let delivered = receiver.wait_for(Duration::from_secs(60), |b| b.contains(&name)).await.expect("the notification reached the webhook");
    let prefix = format!("{name}: ");
    let count: u64 = delivered
        .strip_prefix(&prefix)
        .and_then(|rest| rest.strip_suffix(" failed logins (severity 1)"))
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("unexpected notification: {delivered:?}"));
    assert!(count >= 3, "{delivered}");

    // Acknowledge through the API.
    let alert_id = alert["id"].as_str().unwrap().to_owned();
    let ack = app.post(&format!("/api/v1/monitors/{monitor_id}/acknowledge"), json!({"alerts": [alert_id]})).await;
    assert_eq!(ack.status, StatusCode::OK, "{}", ack.text);
    assert_eq!(ack.body["acknowledged"], json!([alert_id]), "{}", ack.text);
    let acknowledged = app.get(&format!("/api/v1/monitors/{monitor_id}/alerts?state=ACKNOWLEDGED")).await;
    assert_eq!(acknowledged.body["alerts"][0]["id"], json!(alert_id), "{}", acknowledged.text);
    eprintln!(
        "seed story on the secured node: audited after {:.1} s, alert {:.1} s after the audit, whole test {:.1} s",
        (audited - started).as_secs_f64(),
        (fired - audited).as_secs_f64(),
        started.elapsed().as_secs_f64()
    );

    // Deleting through the API; the channel goes with the leftovers.
    let deleted = app.delete(&format!("/api/v1/monitors/{monitor_id}")).await;
    assert_eq!(deleted.status, StatusCode::NO_CONTENT, "{}", deleted.text);
    leftovers.monitors.clear();
}

#[tokio::test]
#[ignore = "needs the secured OpenSearch node (scripts/test starts it)"]
async fn a_certificate_that_cannot_be_verified_is_refused_with_the_tls_reason() {
    let secured = Secured::from_env();
    // Without the demo CA the node's certificate has no trusted issuer.
    let app = app_with(ClusterConfig { ca_file: None, ..secured.cluster_config() }).await;
    let status = app.get("/api/v1/cluster").await;
    assert_eq!(status.status, StatusCode::OK, "{}", status.text);
    assert_eq!(status.body["configured"], true);
    assert_eq!(status.body["reachable"], false, "{}", status.text);
    let error = status.body["error"].as_str().unwrap_or_default().to_lowercase();
    assert!(error.contains("certificate"), "the reason names the certificate: {}", status.text);
    assert!(error.contains(&secured.url), "the reason names the cluster: {}", status.text);

    // A route that needs the cluster fails clearly, and the draft API still works.
    let monitors = app.get("/api/v1/monitors").await;
    assert_eq!(monitors.status, StatusCode::BAD_GATEWAY, "{}", monitors.text);
    assert!(monitors.body["message"].as_str().unwrap_or_default().to_lowercase().contains("certificate"), "{}", monitors.text);
    let draft = app.post("/api/v1/drafts", json!({"template": "failed-logins"})).await;
    assert_eq!(draft.status, StatusCode::CREATED, "{}", draft.text);

    // Skipping verification is possible, but only when asked for.
    let insecure = app_with(ClusterConfig { ca_file: None, insecure: true, ..secured.cluster_config() }).await;
    assert_eq!(insecure.get("/api/v1/cluster").await.body["reachable"], true);
}

#[tokio::test]
#[ignore = "needs the secured OpenSearch node (scripts/test starts it)"]
async fn wrong_credentials_are_a_clear_gateway_error_not_a_panic() {
    let secured = Secured::from_env();
    for (username, password) in [(secured.username.clone(), "not-the-password".to_owned()), ("nobody-at-all".to_owned(), secured.password.clone())] {
        let app = app_with(ClusterConfig { username: Some(username.clone()), password: Some(password.clone()), ..secured.cluster_config() }).await;
        let status = app.get("/api/v1/cluster").await;
        assert_eq!(status.status, StatusCode::OK, "{}", status.text);
        assert_eq!(status.body["reachable"], false, "{}", status.text);
        let error = status.body["error"].as_str().unwrap_or_default().to_lowercase();
        assert!(names_authentication(&error), "the reason names authentication: {}", status.text);

        for (method, uri, body) in [
            (Method::GET, "/api/v1/monitors", None),
            (Method::GET, "/api/v1/alerts", None),
            (Method::GET, "/api/v1/cluster/indices?pattern=security-auditlog", None),
        ] {
            let reply = app.request(method.clone(), uri, body).await;
            assert!(matches!(reply.status.as_u16(), 502 | 503), "{method} {uri}: {} {}", reply.status, reply.text);
            let message = reply.body["message"].as_str().unwrap_or_else(|| panic!("{method} {uri}: not a JSON error: {}", reply.text));
            assert!(names_authentication(&message.to_lowercase()), "{method} {uri}: {message}");
            assert!(!reply.text.contains(&password), "{method} {uri}: the password leaked: {}", reply.text);
        }
    }
}

/// The words a person reads as "the cluster did not accept who we said we are".
fn names_authentication(message: &str) -> bool {
    ["credential", "authenticat", "unauthorized", "401"].iter().any(|w| message.contains(w))
}
