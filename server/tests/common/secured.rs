//! The secured node (`scripts/opensearch-node start --security`) as tests reach it: its
//! URL, administrator and CA from the environment `scripts/test` sets, direct calls as its
//! administrator to arrange and check, and clean-up of what a test made.

use std::{path::PathBuf, time::Duration};

use monitor_studio::config::ClusterConfig;
use reqwest::Method;
use serde_json::{Value, json};

use super::TestApp;

fn env(name: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| {
        panic!("{name} is not set: start the secured node with scripts/opensearch-node start --security (scripts/test does and sets it)")
    })
}

/// How to reach the secured node, from the environment `scripts/test` sets.
#[derive(Clone)]
pub struct Secured {
    pub url: String,
    pub username: String,
    pub password: String,
    pub ca_file: PathBuf,
}

impl Secured {
    pub fn from_env() -> Secured {
        let password_file = env("MONITOR_STUDIO_TEST_SECURE_CLUSTER_PASSWORD_FILE");
        let password = std::fs::read_to_string(&password_file).unwrap_or_else(|e| panic!("{password_file}: {e}")).trim().to_owned();
        Secured {
            url: env("MONITOR_STUDIO_TEST_SECURE_CLUSTER_URL").trim_end_matches('/').to_owned(),
            username: env("MONITOR_STUDIO_TEST_SECURE_CLUSTER_USERNAME"),
            password,
            ca_file: env("MONITOR_STUDIO_TEST_SECURE_CLUSTER_CA_FILE").into(),
        }
    }

    /// The configuration a person would write for this cluster: HTTPS, basic auth, the CA.
    pub fn cluster_config(&self) -> ClusterConfig {
        ClusterConfig {
            url: self.url.clone(),
            username: Some(self.username.clone()),
            password: Some(self.password.clone()),
            ca_file: Some(self.ca_file.clone()),
            // The test's webhook receiver listens on loopback, which channels may reach
            // only when an administrator allows it.
            channel_hosts: vec!["127.0.0.1".into()],
            ..Default::default()
        }
    }

    /// An HTTP client that trusts the demo CA (and nothing else in particular).
    pub fn http(&self) -> reqwest::Client {
        let pem = std::fs::read(&self.ca_file).unwrap_or_else(|e| panic!("{}: {e}", self.ca_file.display()));
        reqwest::Client::builder()
            .add_root_certificate(reqwest::Certificate::from_pem(&pem).expect("the CA file is PEM"))
            .timeout(Duration::from_secs(30))
            .build()
            .unwrap()
    }
}

pub async fn app_with(cluster: ClusterConfig) -> TestApp {
    TestApp::with_config(|c| c.cluster = Some(cluster)).await
}

/// Direct calls to the secured node as its administrator, to arrange and check.
pub struct Node {
    pub secured: Secured,
    pub http: reqwest::Client,
}

impl Node {
    pub fn new() -> Node {
        let secured = Secured::from_env();
        let http = secured.http();
        Node { secured, http }
    }

    pub async fn call(&self, method: Method, path: &str, body: Option<Value>) -> (u16, Value) {
        let mut request = self
            .http
            .request(method, format!("{}{path}", self.secured.url))
            .basic_auth(&self.secured.username, Some(&self.secured.password))
            .header("User-Agent", "OpenSearch-Dashboards test");
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.expect("the secured node answers");
        let status = response.status().as_u16();
        let text = response.text().await.unwrap_or_default();
        (status, serde_json::from_str(&text).unwrap_or(Value::String(text)))
    }

    /// A login attempt with these credentials; returns the HTTP status.
    pub async fn try_login(&self, user: &str, password: &str) -> u16 {
        let response = self
            .http
            .get(format!("{}/_cluster/health", self.secured.url))
            .basic_auth(user, Some(password))
            .header("User-Agent", "monitor-studio-test intruder")
            .send()
            .await
            .expect("the secured node answers");
        response.status().as_u16()
    }

    pub async fn create_webhook(&self, id: &str, url: &str) {
        let config = json!({"config_id": id, "config": {"name": id, "description": "test receiver", "config_type": "webhook", "is_enabled": true, "webhook": {"url": url, "method": "POST"}}});
        let (status, body) = self.call(Method::POST, "/_plugins/_notifications/configs", Some(config)).await;
        assert_eq!(status, 200, "{body}");
    }

    /// FAILED_LOGIN audit events of `user`, as the node recorded them.
    pub async fn failed_logins_of(&self, user: &str) -> Vec<Value> {
        let query = json!({"size": 20, "sort": [{"@timestamp": "desc"}], "query": {"bool": {"filter": [
            {"term": {"audit_category.keyword": "FAILED_LOGIN"}},
            {"term": {"audit_request_effective_user.keyword": user}}
        ]}}});
        let (status, body) = self.call(Method::POST, "/security-auditlog-*/_search?allow_no_indices=true", Some(query)).await;
        assert_eq!(status, 200, "{body}");
        body["hits"]["hits"].as_array().cloned().unwrap_or_default()
    }
}

impl super::cluster::NodeApi for Node {
    async fn call(&self, method: Method, path: &str, body: Option<Value>) -> (u16, Value) {
        Node::call(self, method, path, body).await
    }
}

/// Deletes what a test made on the node when it ends, passed or failed: a monitor left behind
/// would run every minute for as long as the node lives.
pub struct Leftovers {
    pub secured: Secured,
    pub monitors: Vec<String>,
    pub channels: Vec<String>,
}

impl Drop for Leftovers {
    fn drop(&mut self) {
        let (secured, monitors, channels) = (self.secured.clone(), std::mem::take(&mut self.monitors), std::mem::take(&mut self.channels));
        // Drop cannot await: a thread with its own runtime does the deleting.
        let _ = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
            runtime.block_on(async {
                let http = secured.http();
                let paths = monitors
                    .iter()
                    .map(|id| format!("/_plugins/_alerting/monitors/{id}"))
                    .chain(channels.iter().map(|id| format!("/_plugins/_notifications/configs/{id}")));
                for path in paths {
                    let _ = http.delete(format!("{}{path}", secured.url)).basic_auth(&secured.username, Some(&secured.password)).send().await;
                }
            });
        })
        .join();
    }
}

