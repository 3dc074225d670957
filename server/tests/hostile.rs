//! A corpus of hostile inputs through every write route of the route list: bodies that are
//! not the operation's shape (wrong JSON types, invalid UTF-8, truncation, deep nesting,
//! oversize), wrong content types, traversal and oversize ids in paths, and per-field
//! values that overflow, go negative, change type, inject or traverse. Every one must be a
//! 4xx JSON `{message, errors}` naming the field (400 and 422), never a 5xx or a dropped
//! connection, and afterwards the one existing draft and the drafts list are as they were.
//! The stub cluster answers 500 to everything past detection, so an input that slipped
//! through to the cluster would show as a 5xx here.

mod common;

use std::time::Duration;

use app::api::{contract::Method as OpMethod, ops::ALL};
use axum::{
    body::Body,
    http::{Method, Request, StatusCode, header},
};
use common::{TestApp, failed_logins_document, stub::Stub};
use monitor_studio::config::ClusterConfig;
use serde_json::{Value, json};

struct Case {
    what: String,
    method: Method,
    uri: String,
    content_type: Option<&'static str>,
    body: Vec<u8>,
}

fn method(m: OpMethod) -> Method {
    Method::from_bytes(m.as_str().as_bytes()).unwrap()
}

fn json_case(what: impl Into<String>, method: Method, uri: &str, body: &Value) -> Case {
    Case { what: what.into(), method, uri: uri.to_owned(), content_type: Some("application/json"), body: body.to_string().into_bytes() }
}

/// Bodies that no operation's body type accepts.
fn shapeless_bodies() -> Vec<(&'static str, Vec<u8>)> {
    let deep_array = format!("{}{}", "[".repeat(5_000), "]".repeat(5_000));
    let deep_object = format!("{}1{}", "{\"a\":".repeat(300), "}".repeat(300));
    vec![
        ("null", b"null".to_vec()),
        ("an array", b"[]".to_vec()),
        ("a string", b"\"drafts\"".to_vec()),
        ("a number", b"18446744073709551616".to_vec()),
        ("a boolean", b"true".to_vec()),
        ("invalid UTF-8", b"{\"name\": \"\xff\xfe\xfd\"}".to_vec()),
        ("truncated JSON", b"{\"document\": {\"name\": ".to_vec()),
        ("two documents", b"{} {}".to_vec()),
        ("a lone surrogate", b"{\"name\": \"\\ud800\"}".to_vec()),
        ("deeply nested arrays", deep_array.into_bytes()),
        ("deeply nested objects", deep_object.into_bytes()),
        ("empty", Vec::new()),
        ("a number beyond f64", b"{\"version\": 1e400, \"document\": {}, \"name\": 1e400}".to_vec()),
        ("a negative zero and NaN", b"{\"version\": -0, \"name\": NaN}".to_vec()),
        ("a duplicate key", b"{\"version\": 1, \"version\": \"x\"}".to_vec()),
    ]
}

/// Path values that are no id: traversal, encoded separators, NUL, overlong.
fn hostile_ids() -> Vec<String> {
    vec!["..".into(), ".".into(), "%2e%2e".into(), "..%2F..%2F_cluster%2Fsettings".into(), "a%2Fb".into(), "%00".into(), "%FF%FE".into(), "x".repeat(3_000), "a%20b".into(), "%3Cscript%3E".into()]
}

fn concrete(path: &str, id: &str) -> String {
    format!("/api/v1{}", path.replace("{id}", id).replace("{version}", "1"))
}

/// Field-level hostile values on the operations whose bodies carry them.
fn field_cases(draft_id: &str, version: i64) -> Vec<Case> {
    let mut cases = Vec::new();
    let save = format!("/api/v1/drafts/{draft_id}");
    let document = failed_logins_document();
    let mutate = |pointer: &str, value: Value| {
        let mut d = document.clone();
        *d.pointer_mut(pointer).unwrap_or_else(|| panic!("{pointer}")) = value;
        d
    };
    let strict_fields: [(&str, Vec<Value>); 14] = [
        ("/name", vec![json!(1), json!(null), json!(["a"]), json!({"$ne": 1})]),
        ("/monitor_type", vec![json!("bucket_level_monitor; DROP TABLE drafts"), json!(1), json!("../../etc/passwd")]),
        ("/defining_method", vec![json!("painless"), json!(true)]),
        ("/enabled", vec![json!("yes"), json!(1)]),
        ("/schedule/interval", vec![json!(-1), json!(4_294_967_296_u64), json!(1e300), json!("1"), json!(1.5), json!(18_446_744_073_709_551_616.0)]),
        ("/schedule/unit", vec![json!("FORTNIGHTS"), json!(null)]),
        ("/schedule/frequency", vec![json!("sometimes"), json!(["interval"])]),
        ("/indices", vec![json!("security-auditlog-*"), json!([1]), json!({"0": "x"})]),
        ("/visual/time_range_value", vec![json!(-5), json!(1e300), json!("5")]),
        ("/visual/filters/0/operator", vec![json!("is; rm -rf /"), json!(1)]),
        ("/triggers/0/severity", vec![json!(-1), json!(256), json!("1 OR 1=1"), json!(1e300)]),
        ("/triggers/0/threshold_value", vec![json!("NaN"), json!("1e400"), json!(null)]),
        ("/triggers/0/actions/0/throttle_minutes", vec![json!(-10), json!(1e300), json!("10")]),
        ("/triggers", vec![json!({"0": {}}), json!([{"name": 1}]), json!([[]])]),
    ];
    for (pointer, values) in strict_fields {
        for value in values {
            let doc = mutate(pointer, value.clone());
            cases.push(json_case(format!("save {pointer} = {value}"), Method::PUT, &save, &json!({"version": version, "document": doc})));
            cases.push(json_case(format!("create {pointer} = {value}"), Method::POST, "/api/v1/drafts", &json!({"document": doc})));
            cases.push(json_case(format!("preview {pointer} = {value}"), Method::POST, "/api/v1/preview", &json!({"document": doc})));
        }
    }
    for version in [json!(-1), json!(0), json!(9_223_372_036_854_775_808_u64), json!("1"), json!(null), json!(1.5)] {
        let body = json!({"version": version, "document": failed_logins_document()});
        cases.push(json_case(format!("save at version {version}"), Method::PUT, &save, &body));
        cases.push(json_case(format!("rename at version {version}"), Method::POST, &format!("{save}/rename"), &json!({"version": version, "name": "x"})));
        cases.push(json_case(format!("publish at version {version}"), Method::POST, &format!("{save}/publish"), &json!({"version": version})));
        cases.push(json_case(format!("restore at version {version}"), Method::POST, &format!("{save}/restore"), &json!({"version": version, "revision": 1})));
    }
    for revision in [json!(-1), json!(0), json!(9_223_372_036_854_775_808_u64), json!(999_999)] {
        cases.push(json_case(format!("restore revision {revision}"), Method::POST, &format!("{save}/restore"), &json!({"version": version, "revision": revision})));
    }
    for name in [json!(""), json!("   "), json!("x".repeat(100_000)), json!(1), json!(null)] {
        cases.push(json_case("rename to a hostile name", Method::POST, &format!("{save}/rename"), &json!({"version": version, "name": name})));
    }
    for monitor in [json!(null), json!([]), json!("x"), json!({"inputs": "x"}), json!({"triggers": [{"query_level_trigger": {"severity": "x"}}]}), json!({"schedule": {"period": {"interval": -1, "unit": "MINUTES"}}}), json!({"schedule": {"cron": {"expression": 5, "timezone": ["UTC"]}}}), json!({"monitor_type": "x".repeat(10_000)})] {
        cases.push(json_case(format!("import {monitor:.60}"), Method::POST, "/api/v1/drafts/import", &json!({"monitor": monitor})));
    }
    let frequencies = [
        json!({"frequency": "interval", "interval": 0, "unit": "MINUTES"}),
        json!({"frequency": "interval", "interval": 4_294_967_295_u64, "unit": "DAYS"}),
        json!({"frequency": "interval", "interval": -1, "unit": "MINUTES"}),
        json!({"frequency": "daily", "hour": 24, "timezone": "UTC"}),
        json!({"frequency": "daily", "hour": 256, "timezone": "UTC"}),
        json!({"frequency": "daily", "hour": 1, "timezone": "../../etc/passwd"}),
        json!({"frequency": "daily", "hour": 1, "timezone": "Mars/Olympus_Mons"}),
        json!({"frequency": "weekly", "days": [], "hour": 1, "timezone": "UTC"}),
        json!({"frequency": "weekly", "days": ["someday"], "hour": 1, "timezone": "UTC"}),
        json!({"frequency": "monthly", "day": 0, "hour": 1, "timezone": "UTC"}),
        json!({"frequency": "monthly", "day": 32, "hour": 1, "timezone": "UTC"}),
        json!({"frequency": "custom_cron", "expression": "", "timezone": "UTC"}),
        json!({"frequency": "custom_cron", "expression": "* * * * * * * * *", "timezone": "UTC"}),
        json!({"frequency": "custom_cron", "expression": "99 99 99 99 99", "timezone": "UTC"}),
        json!({"frequency": "custom_cron", "expression": "*/0 * * * *", "timezone": "UTC"}),
        json!({"frequency": "custom_cron", "expression": "0 0 31 2 *", "timezone": "UTC"}),
        json!({"frequency": "custom_cron", "expression": "x".repeat(100_000), "timezone": "UTC"}),
        json!({"frequency": "custom_cron", "expression": "0 * * * *", "timezone": ""}),
    ];
    for f in frequencies {
        cases.push(json_case(format!("schedule {f:.80}"), Method::POST, "/api/v1/schedule/preview", &f));
    }
    let channel = json!({"name": "hook", "description": "", "config_type": "webhook", "url": "https://example.com/hook", "method": "POST", "header_params": {}});
    let channel_with = |key: &str, value: Value| {
        let mut c = channel.clone();
        c[key] = value;
        c
    };
    let hostile_channels = [
        ("url", json!("http://169.254.169.254/latest/meta-data/")),
        ("url", json!("http://127.0.0.1:9200/_cluster/settings")),
        ("url", json!("http://[::1]:9200/")),
        ("url", json!("http://0x7f000001/")),
        ("url", json!("http://localhost/")),
        ("url", json!("javascript:alert(1)")),
        ("url", json!("file:///etc/passwd")),
        ("url", json!(format!("https://example.com/{}", "a".repeat(5_000)))),
        ("url", json!("https://example.com/\r\nHost: evil")),
        ("url", json!(1)),
        ("id", json!("../_security")),
        ("id", json!("a".repeat(600))),
        ("id", json!("a b")),
        ("name", json!("")),
        ("name", json!("x".repeat(5_000))),
        ("config_type", json!("email")),
        ("config_type", json!("sns")),
        ("method", json!("TRACE")),
        ("header_params", json!({"Host": "127.0.0.1"})),
        ("header_params", json!({"Transfer-Encoding": "chunked"})),
        ("header_params", json!({"X-A": "a\r\nX-B: b"})),
        ("header_params", json!({"Bad Name": "x"})),
        ("header_params", json!({"X-Empty-Name\u{0}": "x"})),
        ("header_params", json!(["X-A"])),
        ("enabled", json!("true")),
    ];
    for (key, value) in hostile_channels {
        let body = channel_with(key, value.clone());
        cases.push(json_case(format!("create channel {key} = {value:.60}"), Method::POST, "/api/v1/channels", &body));
        if key != "id" {
            cases.push(json_case(format!("update channel {key} = {value:.60}"), Method::PUT, "/api/v1/channels/on-call", &body));
        }
    }
    let bulk_ids: Vec<String> = (0..1_001).map(|i| format!("m{i}")).collect();
    for body in [
        json!({"action": "explode", "ids": ["a"]}),
        json!({"action": "delete", "ids": []}),
        json!({"action": "delete", "ids": bulk_ids}),
        json!({"action": "enable", "ids": ["../_security"]}),
        json!({"action": "disable", "ids": "a"}),
        json!({"action": "acknowledge", "ids": [1]}),
    ] {
        cases.push(json_case(format!("bulk {body:.60}"), Method::POST, "/api/v1/monitors/bulk", &body));
    }
    for body in [json!({"alerts": []}), json!({"alerts": ["../x"]}), json!({"alerts": "a"}), json!({"alerts": [null]})] {
        cases.push(json_case(format!("acknowledge {body}"), Method::POST, "/api/v1/monitors/m1/acknowledge", &body));
    }
    for body in [json!({"groups": []}), json!({"groups": [{"monitor_id": "../x", "trigger_id": "t"}]}), json!({"groups": [{"monitor_id": "m"}]})] {
        cases.push(json_case(format!("acknowledge groups {body}"), Method::POST, "/api/v1/alerts/acknowledge", &body));
    }
    for body in [
        json!({"name": "", "expires_in_days": 1}),
        json!({"name": "x".repeat(10_000)}),
        json!({"name": "t", "expires_in_days": -1}),
        json!({"name": "t", "expires_in_days": 4_294_967_296_u64}),
        json!({"name": "t", "expires_in_days": 0}),
        json!({"name": "t", "expires_in_days": 1_000_000}),
        json!({"name": ["t"]}),
    ] {
        cases.push(json_case(format!("create token {body:.60}"), Method::POST, "/api/v1/tokens", &body));
    }
    for (trigger, action) in [(json!(5), json!(0)), (json!(0), json!(9)), (json!(-1), json!(0)), (json!(18_446_744_073_709_551_616.0), json!(0))] {
        let body = json!({"document": failed_logins_document(), "trigger_index": trigger, "action_index": action});
        cases.push(json_case(format!("test message {trigger}/{action}"), Method::POST, "/api/v1/preview/test-message", &body));
    }
    // History, reviews, team settings and group mappings.
    let long = "x".repeat(1_001);
    for (what, body) in [
        ("save message too long", json!({"version": version, "document": failed_logins_document(), "message": long})),
        ("save message with a bell", json!({"version": version, "document": failed_logins_document(), "message": "a\u{7}"})),
    ] {
        cases.push(json_case(what, Method::PUT, &format!("/api/v1/drafts/{draft_id}"), &body));
    }
    for body in [json!({"version": version, "message": long}), json!({"version": "1"}), json!({"version": version, "message": 5})] {
        cases.push(json_case(format!("request review {body:.60}"), Method::POST, &format!("/api/v1/drafts/{draft_id}/review"), &body));
    }
    for body in [json!({"version": version, "revision": 1, "message": long})] {
        cases.push(json_case("restore message too long", Method::POST, &format!("/api/v1/drafts/{draft_id}/restore"), &body));
    }
    for query in ["from=a&to=1", "from=1", "from=1&to=99999999999999999999", "from=1&to=2&extra=1"] {
        cases.push(Case { what: format!("diff {query}"), method: Method::GET, uri: format!("/api/v1/drafts/{draft_id}/diff?{query}"), content_type: None, body: Vec::new() });
    }
    for url in ["http://127.0.0.1/hook", "http://[::1]/", "file:///etc/passwd", "http://metadata.google.internal/", "javascript:alert(1)"] {
        cases.push(json_case(format!("review webhook {url}"), Method::PUT, "/api/v1/team", &json!({"index_patterns": [], "review_webhook_url": url})));
    }
    for body in [
        json!({"mappings": [{"group": "g", "team": "../default", "role": "viewer"}]}),
        json!({"mappings": [{"group": "", "team": "default", "role": "viewer"}]}),
        json!({"mappings": [{"group": "g", "team": "default", "role": "root"}]}),
        json!({"mappings": "all"}),
    ] {
        cases.push(json_case(format!("group mappings {body:.60}"), Method::PUT, "/api/v1/group-mappings", &body));
    }
    for tz in [json!("../../etc/passwd"), json!(1), json!("x".repeat(10_000))] {
        let mut doc = failed_logins_document();
        doc["defining_method"] = json!("graph");
        cases.push(json_case(format!("chart in time zone {tz:.40}"), Method::POST, "/api/v1/preview/chart", &json!({"document": doc, "time_zone": tz})));
    }
    cases
}

fn generated_cases(draft_id: &str) -> Vec<Case> {
    let mut cases = Vec::new();
    for op in ALL.iter().filter(|op| op.method != OpMethod::Get) {
        let m = method(op.method);
        if op.takes_body {
            let uri = concrete(op.path, draft_id);
            for (what, body) in shapeless_bodies() {
                cases.push(Case { what: format!("{} with {what}", op.id), method: m.clone(), uri: uri.clone(), content_type: Some("application/json"), body });
            }
            for content_type in ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/json-patch+json"] {
                cases.push(Case { what: format!("{} as {content_type}", op.id), method: m.clone(), uri: uri.clone(), content_type: Some(content_type), body: b"{}".to_vec() });
            }
            cases.push(Case { what: format!("{} without a content type", op.id), method: m.clone(), uri: uri.clone(), content_type: None, body: b"{}".to_vec() });
            cases.push(Case { what: format!("{} with 2 MiB", op.id), method: m.clone(), uri: uri.clone(), content_type: Some("application/json"), body: vec![b' '; 2 * 1024 * 1024] });
        }
        if op.path.contains("{id}") {
            for id in hostile_ids() {
                let body = if op.takes_body { b"{}".to_vec() } else { Vec::new() };
                let content_type = op.takes_body.then_some("application/json");
                cases.push(Case { what: format!("{} at id {:.40}", op.id, id), method: m.clone(), uri: concrete(op.path, &id), content_type, body });
            }
        }
    }
    cases
}

/// A stub that answers detection, then 500 to everything: nothing hostile may get there.
async fn refusing_cluster() -> Stub {
    Stub::start(Duration::ZERO, |_, _| Some((500, json!({"error": {"type": "stub", "reason": "a hostile input reached the cluster"}, "status": 500})))).await
}

#[tokio::test]
async fn every_hostile_input_is_a_4xx_naming_the_field_and_changes_nothing() {
    let stub = refusing_cluster().await;
    let url = stub.url.clone();
    let app = TestApp::with_config(|c| c.cluster = Some(ClusterConfig { url, connect_timeout_ms: Some(1_000), ..Default::default() })).await;
    let draft = app.create(failed_logins_document()).await;
    let id = draft["id"].as_str().unwrap().to_owned();
    let version = draft["version"].as_i64().unwrap();
    let before = app.get(&format!("/api/v1/drafts/{id}")).await.body;
    let list_before = app.get("/api/v1/drafts").await.body;

    let mut cases = generated_cases(&id);
    cases.extend(field_cases(&id, version));
    assert!(cases.len() >= 300, "the corpus has {} inputs", cases.len());
    let mut by_status = std::collections::BTreeMap::<u16, usize>::new();
    let mut failures = Vec::new();
    for case in &cases {
        let mut request = Request::builder().method(case.method.clone()).uri(&case.uri);
        if let Some(ct) = case.content_type {
            request = request.header(header::CONTENT_TYPE, ct);
        }
        let Ok(request) = request.body(Body::from(case.body.clone())) else {
            // Not even a valid HTTP request (an id no URI can hold): nothing to send.
            continue;
        };
        let reply = app.send(request).await;
        *by_status.entry(reply.status.as_u16()).or_default() += 1;
        let named = reply.body["errors"].as_object().is_some_and(|e| !e.is_empty());
        let ok = reply.status.is_client_error()
            && reply.body["message"].as_str().is_some_and(|m| !m.is_empty())
            && (!matches!(reply.status, StatusCode::BAD_REQUEST | StatusCode::UNPROCESSABLE_ENTITY) || named);
        if !ok {
            failures.push(format!("{} {} ({}): {} {:.300}", case.method, case.uri.chars().take(80).collect::<String>(), case.what, reply.status, reply.text));
        }
    }
    eprintln!("hostile corpus: {} inputs, by status {by_status:?}", cases.len());
    assert!(failures.is_empty(), "{} of {} hostile inputs were not a clear 4xx:\n{}", failures.len(), cases.len(), failures.join("\n"));
    assert_eq!(app.get(&format!("/api/v1/drafts/{id}")).await.body, before, "the draft changed");
    assert_eq!(app.get("/api/v1/drafts").await.body, list_before, "the drafts list changed");
}
