//! Test helpers: the whole router over a fresh SQLite file, driven without a socket.

#![allow(dead_code)]

pub mod cluster;
pub mod secured;
pub mod stub;

use axum::{
    Router,
    body::Body,
    http::{Method, Request, StatusCode, header},
};
use http_body_util::BodyExt;
use monitor_studio::{AppState, Config, app};
use serde_json::Value;
use tower::ServiceExt;

pub struct TestApp {
    pub router: Router,
    pub state: AppState,
    /// An administrator's API token, sent with every request unless a request says otherwise.
    pub token: String,
    _dir: tempfile::TempDir,
}

/// The first administrator every test app has.
pub const ADMIN: &str = "admin";
pub const ADMIN_PASSWORD: &str = "correct horse battery staple";

pub struct Reply {
    pub status: StatusCode,
    pub body: Value,
    pub text: String,
    pub headers: axum::http::HeaderMap,
}

impl TestApp {
    pub async fn new() -> TestApp {
        Self::with_config(|_| {}).await
    }

    pub async fn with_config(tweak: impl FnOnce(&mut Config)) -> TestApp {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut config = Config::default();
        config.database_url = format!("sqlite://{}", dir.path().join("test.db").display());
        config.site_root = dir.path().join("site");
        tweak(&mut config);
        let state = AppState::new(config).await.expect("state");
        let admin = state.identity.create_local(ADMIN, ADMIN_PASSWORD, true).await.expect("the first administrator");
        let request = app::api::NewApiToken { name: "tests".into(), expires_in_days: None };
        let (_, token) = state.identity.create_token(&admin, None, &request).await.expect("a token");
        TestApp { router: app(state.clone()), state, token, _dir: dir }
    }

    /// A signed-in person who is not an administrator but administers the first team, and
    /// their API token.
    pub async fn member_token(&self, name: &str) -> String {
        self.token_in(name, "default", app::api::TeamRole::TeamAdmin).await
    }

    /// A new person with `role` in team `team_id` (not an administrator), and their API token.
    pub async fn token_in(&self, name: &str, team_id: &str, role: app::api::TeamRole) -> String {
        let user = self.state.identity.create_local(name, "a member's long password", false).await.expect("a member");
        self.state.teams.set_member(team_id, &user.id, role).await.expect("membership");
        let request = app::api::NewApiToken { name: "member".into(), expires_in_days: None };
        self.state.identity.create_token(&user, Some(team_id), &request).await.expect("a token").1
    }

    /// A person in no team, and their API token.
    pub async fn teamless_token(&self, name: &str) -> String {
        let user = self.state.identity.create_local(name, "a member's long password", false).await.expect("a person");
        let request = app::api::NewApiToken { name: "member".into(), expires_in_days: None };
        self.state.identity.create_token(&user, None, &request).await.expect("a token").1
    }

    /// A new team (made by the administrator) and its id.
    pub async fn team(&self, name: &str, index_patterns: &[&str]) -> String {
        let reply = self.post("/api/v1/teams", serde_json::json!({ "name": name, "index_patterns": index_patterns })).await;
        assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text);
        reply.body["id"].as_str().unwrap().to_owned()
    }

    /// A request with `token` instead of the administrator's.
    pub async fn request_as(&self, token: &str, method: Method, uri: &str, body: Option<Value>) -> Reply {
        let mut request = json_request(method, uri, body);
        request.headers_mut().insert(header::AUTHORIZATION, format!("Bearer {token}").parse().unwrap());
        self.send(request).await
    }

    pub async fn request(&self, method: Method, uri: &str, body: Option<Value>) -> Reply {
        self.send(json_request(method, uri, body)).await
    }

    /// Sends a request as the administrator (adding the token unless it names its own
    /// `Authorization`, or says `x-test-anonymous`).
    pub async fn send(&self, request: Request<Body>) -> Reply {
        send(self.router.clone(), self.authorized(request)).await
    }

    /// Sends a request exactly as given: no token is added.
    pub async fn send_as_is(&self, request: Request<Body>) -> Reply {
        send(self.router.clone(), request).await
    }

    fn authorized(&self, mut request: Request<Body>) -> Request<Body> {
        let headers = request.headers_mut();
        if headers.remove("x-test-anonymous").is_none() && !headers.contains_key(header::AUTHORIZATION) {
            headers.insert(header::AUTHORIZATION, format!("Bearer {}", self.token).parse().unwrap());
        }
        request
    }

    /// `n` identical POSTs at once, each on its own task (use a multi-threaded runtime).
    pub async fn post_concurrently(&self, n: usize, uri: &str, body: Value) -> Vec<Reply> {
        let mut calls = tokio::task::JoinSet::new();
        for _ in 0..n {
            let request = Request::post(uri).header(header::CONTENT_TYPE, "application/json").body(Body::from(body.to_string())).unwrap();
            calls.spawn(send(self.router.clone(), self.authorized(request)));
        }
        calls.join_all().await
    }

    pub async fn get(&self, uri: &str) -> Reply {
        self.request(Method::GET, uri, None).await
    }

    pub async fn post(&self, uri: &str, body: Value) -> Reply {
        self.request(Method::POST, uri, Some(body)).await
    }

    pub async fn put(&self, uri: &str, body: Value) -> Reply {
        self.request(Method::PUT, uri, Some(body)).await
    }

    pub async fn delete(&self, uri: &str) -> Reply {
        self.request(Method::DELETE, uri, None).await
    }

    /// A page's HTML without its scripts: what a person sees before any script runs (the
    /// hydration data the scripts carry does not count as rendered). Asserts a 200.
    pub async fn page(&self, path: &str) -> String {
        let reply = self.get(path).await;
        assert_eq!(reply.status, StatusCode::OK, "{path}: {}", reply.text);
        let mut html = String::new();
        let mut rest = reply.text.as_str();
        while let Some(start) = rest.find("<script") {
            html.push_str(&rest[..start]);
            rest = rest[start..].find("</script>").map_or("", |end| &rest[start + end + "</script>".len()..]);
        }
        html.push_str(rest);
        html
    }

    /// Creates a draft from the given document and returns its JSON.
    pub async fn create(&self, document: Value) -> Value {
        let reply = self.post("/api/v1/drafts", serde_json::json!({ "document": document })).await;
        assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text);
        reply.body
    }
}

async fn send(router: Router, request: Request<Body>) -> Reply {
    let response = router.oneshot(request).await.expect("router answers");
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = response.into_body().collect().await.expect("body").to_bytes();
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let body = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
    Reply { status, body, text, headers }
}

/// A request with an optional JSON body.
fn json_request(method: Method, uri: &str, body: Option<Value>) -> Request<Body> {
    let builder = Request::builder().method(method).uri(uri);
    match body {
        Some(v) => builder.header(header::CONTENT_TYPE, "application/json").body(Body::from(serde_json::to_vec(&v).unwrap())).unwrap(),
        None => builder.body(Body::empty()).unwrap(),
    }
}

/// A complete, valid form document (the form model as JSON).
/// The sign-in form as a browser on the app's own origin posts it.
pub fn sign_in_form(username: &str, password: &str) -> Request<Body> {
    let enc = app::api::contract::encode_component;
    let body = format!("username={}&password={}&next=%2F", enc(username), enc(password));
    Request::post("/auth/sign-in")
        .header(axum::http::header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(axum::http::header::ORIGIN, "http://127.0.0.1:3000")
        .body(Body::from(body))
        .unwrap()
}

/// A document as a draft stores it: every field of the form, defaults filled in.
pub fn stored_form(document: Value) -> Value {
    let draft: app::model::MonitorDraft = serde_json::from_value(document).expect("a valid document");
    serde_json::to_value(draft).unwrap()
}

pub fn failed_logins_document() -> Value {
    serde_json::json!({
        "name": "Failed logins",
        "monitor_type": "query_level_monitor",
        "defining_method": "graph",
        "enabled": true,
        "schedule": {"frequency": "interval", "interval": 1, "unit": "MINUTES"},
        "indices": ["security-auditlog-*"],
        "time_field": "@timestamp",
        "visual": {
            "metrics": [],
            "time_range_value": 5,
            "time_range_unit": "m",
            "filters": [{"field": "audit_category.keyword", "field_type": "keyword", "operator": "is", "value": "FAILED_LOGIN"}],
            "group_by": []
        },
        "extraction_query": "{\"size\": 0, \"query\": {\"match_all\": {}}}",
        "triggers": [{
            "name": "Too many failed logins",
            "severity": 1,
            "threshold_enum": "ABOVE",
            "threshold_value": 1.0,
            "script": "ctx.results[0].hits.total.value > 0",
            "actions": [{
                "name": "Notify on-call",
                "destination_id": "on-call",
                "subject": "Alerting Notification action",
                "message": "Monitor {{ctx.monitor.name}} just entered alert status.",
                "throttle_enabled": false,
                "throttle_minutes": 10
            }]
        }]
    })
}

impl TestApp {
    /// The app, talking to the cluster at `url` (a stub or a closed port).
    pub async fn with_cluster(url: &str) -> TestApp {
        let url = url.to_owned();
        Self::with_config(|c| c.cluster = Some(monitor_studio::config::ClusterConfig { url, connect_timeout_ms: Some(1_000), ..Default::default() })).await
    }
}
