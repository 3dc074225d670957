//! Helpers for tests against the real OpenSearch node (`scripts/test` starts it and sets
//! `MONITOR_STUDIO_TEST_CLUSTER_URL`), and a loopback webhook receiver.

use std::{
    sync::{Arc, Mutex},
    time::{Duration, Instant},
};

use serde_json::{Value, json};

/// The node's URL; these tests are `#[ignore]`d and run by `scripts/test`.
pub fn cluster_url() -> String {
    std::env::var("MONITOR_STUDIO_TEST_CLUSTER_URL")
        .expect("MONITOR_STUDIO_TEST_CLUSTER_URL is not set: start a node with scripts/opensearch-node start (scripts/test does)")
}

/// A name no other test run uses.
pub fn unique(prefix: &str) -> String {
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos();
    format!("{prefix}-{}", nanos % 10_000_000_000)
}

/// Direct calls to the node, for arranging and checking what the app did.
pub struct Node {
    pub url: String,
    pub http: reqwest::Client,
}

impl Node {
    pub fn new() -> Node {
        Node { url: cluster_url(), http: reqwest::Client::new() }
    }

    pub async fn call(&self, method: reqwest::Method, path: &str, body: Option<Value>) -> (u16, Value) {
        let mut request = self.http.request(method, format!("{}{}", self.url, path)).header("User-Agent", "OpenSearch-Dashboards test");
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.expect("node answers");
        let status = response.status().as_u16();
        let text = response.text().await.unwrap_or_default();
        (status, serde_json::from_str(&text).unwrap_or(Value::String(text)))
    }

    pub async fn get(&self, path: &str) -> Value {
        self.call(reqwest::Method::GET, path, None).await.1
    }

    /// Indexes audit-log events (`@timestamp` = now − `seconds_ago`) and refreshes.
    pub async fn index_audit_events(&self, index: &str, events: &[(&str, &str, i64)]) {
        let mut bulk = String::new();
        for (category, user, seconds_ago) in events {
            let at = chrono::Utc::now() - chrono::Duration::seconds(*seconds_ago);
            let doc = json!({
                "@timestamp": at.format("%Y-%m-%dT%H:%M:%S%.3f+00:00").to_string(),
                "audit_format_version": 4,
                "audit_category": category,
                "audit_cluster_name": "monitor-studio",
                "audit_node_name": "monitor-studio-node",
                "audit_request_origin": "REST",
                "audit_request_layer": "REST",
                "audit_request_remote_address": "10.0.0.7",
                "audit_request_effective_user": user,
                "audit_request_effective_user_is_admin": false,
                "audit_rest_request_method": "GET",
                "audit_rest_request_path": "/_cluster/health",
                "audit_rest_request_headers": {"User-Agent": ["curl/8.5.0"]}
            });
            bulk.push_str(&format!("{{\"index\":{{\"_index\":\"{index}\"}}}}\n{doc}\n"));
        }
        let response = self
            .http
            .post(format!("{}/_bulk?refresh=true", self.url))
            .header("Content-Type", "application/x-ndjson")
            .body(bulk)
            .send()
            .await
            .expect("bulk");
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["errors"], json!(false), "bulk failed: {body}");
    }

    /// A custom webhook channel that posts to `url`.
    pub async fn create_webhook(&self, id: &str, url: &str) {
        let (status, body) = self
            .call(
                reqwest::Method::POST,
                "/_plugins/_notifications/configs",
                Some(json!({"config_id": id, "config": {"name": id, "description": "test receiver", "config_type": "webhook", "is_enabled": true, "webhook": {"url": url, "method": "POST"}}})),
            )
            .await;
        assert_eq!(status, 200, "{body}");
    }

    pub async fn monitors_named(&self, name: &str) -> Vec<Value> {
        let (_, body) = self
            .call(reqwest::Method::POST, "/_plugins/_alerting/monitors/_search", Some(json!({"size": 50, "query": {"term": {"monitor.name.keyword": name}}})))
            .await;
        body["hits"]["hits"].as_array().cloned().unwrap_or_default()
    }

    pub async fn cleanup(&self, monitor_ids: &[String], channel: Option<&str>, index: Option<&str>) {
        for id in monitor_ids {
            self.call(reqwest::Method::DELETE, &format!("/_plugins/_alerting/monitors/{id}"), None).await;
        }
        if let Some(c) = channel {
            self.call(reqwest::Method::DELETE, &format!("/_plugins/_notifications/configs/{c}"), None).await;
        }
        if let Some(i) = index {
            self.call(reqwest::Method::DELETE, &format!("/{i}"), None).await;
        }
    }
}

/// What a test does the same way on either node (plain or secured) through its `call`.
#[allow(async_fn_in_trait, dead_code)]
pub trait NodeApi {
    async fn call(&self, method: reqwest::Method, path: &str, body: Option<Value>) -> (u16, Value);

    /// Makes the scheduler run an enabled monitor within seconds rather than a minute: an
    /// interval schedule first fires one interval after `enabled_time`, and the alerting API
    /// keeps an `enabled_time` given when a monitor goes from disabled to enabled (see
    /// scripts/opensearch-node.md). The monitor is otherwise unchanged.
    async fn run_soon(&self, monitor_id: &str) {
        for (enabled, enabled_time) in [(false, None), (true, Some(chrono::Utc::now().timestamp_millis() - 55_000))] {
            let (status, current) = self.call(reqwest::Method::GET, &format!("/_plugins/_alerting/monitors/{monitor_id}"), None).await;
            assert_eq!(status, 200, "{current}");
            let mut monitor = current["monitor"].clone();
            monitor["enabled"] = json!(enabled);
            monitor["enabled_time"] = enabled_time.map_or(Value::Null, |t| json!(t));
            let path = format!("/_plugins/_alerting/monitors/{monitor_id}?if_seq_no={}&if_primary_term={}", current["_seq_no"], current["_primary_term"]);
            let (status, body) = self.call(reqwest::Method::PUT, &path, Some(monitor)).await;
            assert_eq!(status, 200, "{body}");
        }
    }
}

impl NodeApi for Node {
    async fn call(&self, method: reqwest::Method, path: &str, body: Option<Value>) -> (u16, Value) {
        Node::call(self, method, path, body).await
    }
}

/// An HTTP server on 127.0.0.1 that records request bodies (a webhook endpoint).
#[derive(Clone)]
pub struct Receiver {
    pub url: String,
    pub bodies: Arc<Mutex<Vec<String>>>,
}

impl Receiver {
    pub async fn start() -> Receiver {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/hook", listener.local_addr().unwrap());
        let bodies = Arc::new(Mutex::new(Vec::new()));
        let store = bodies.clone();
        let app = axum::Router::new().fallback(move |body: String| {
            let store = store.clone();
            async move {
                store.lock().unwrap().push(body);
                "ok"
            }
        });
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        Receiver { url, bodies }
    }

    /// Waits until a received body satisfies `pred`; returns it.
    pub async fn wait_for(&self, timeout: Duration, pred: impl Fn(&str) -> bool) -> Option<String> {
        let deadline = Instant::now() + timeout;
        loop {
            if let Some(found) = self.bodies.lock().unwrap().iter().find(|b| pred(b)).cloned() {
                return Some(found);
            }
            if Instant::now() > deadline {
                return None;
            }
            tokio::time::sleep(Duration::from_millis(500)).await;
        }
    }
}

/// Polls `f` until it returns `Some`, or panics with `what` after `timeout`.
pub async fn eventually<T, F, Fut>(timeout: Duration, what: &str, mut f: F) -> T
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Option<T>>,
{
    let deadline = Instant::now() + timeout;
    loop {
        if let Some(v) = f().await {
            return v;
        }
        assert!(Instant::now() < deadline, "timed out after {timeout:?} waiting for {what}");
        tokio::time::sleep(Duration::from_secs(2)).await;
    }
}

/// What a cluster story starts from: the node, an app on it that may notify loopback
/// webhooks, a unique suffix, an audit index holding `events` (`[category, user,
/// seconds ago]`), and a webhook channel that posts to a receiver.
#[allow(dead_code)]
pub struct Story {
    pub node: Node,
    pub app: super::TestApp,
    pub suffix: String,
    pub index: String,
    pub channel: String,
    pub receiver: Receiver,
}

#[allow(dead_code)]
impl Story {
    pub async fn start(label: &str, events: &[(&str, &str, i64)]) -> Story {
        let node = Node::new();
        let config = monitor_studio::config::ClusterConfig { url: cluster_url(), channel_hosts: vec!["127.0.0.1".into()], ..Default::default() };
        let app = super::TestApp::with_config(|c| c.cluster = Some(config)).await;
        let suffix = unique(label);
        let index = format!("security-auditlog-{suffix}");
        let channel = format!("{label}-hook-{suffix}");
        let receiver = Receiver::start().await;
        node.index_audit_events(&index, events).await;
        node.create_webhook(&channel, &receiver.url).await;
        Story { node, app, suffix, index, channel, receiver }
    }
}
