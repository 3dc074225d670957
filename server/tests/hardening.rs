//! What every response carries and what every request must pass: security headers, the
//! Host check, over-long URIs and over-large declared bodies, JSON-only bodies, JSON
//! errors for every status, closed CORS.

mod common;

use axum::{
    body::Body,
    http::{Method, Request, StatusCode, header},
};
use common::TestApp;

fn get(uri: &str) -> Request<Body> {
    Request::get(uri).body(Body::empty()).unwrap()
}

#[tokio::test]
async fn pages_carry_a_policy_naming_their_own_script_nonce() {
    let app = TestApp::new().await;
    let page = app.send(get("/create-monitor")).await;
    assert_eq!(page.status, StatusCode::OK);
    let csp = page.headers[header::CONTENT_SECURITY_POLICY].to_str().unwrap().to_owned();
    let nonce = csp.split("'nonce-").nth(1).and_then(|r| r.split('\'').next()).expect("a nonce in the policy");
    assert!(csp.contains("frame-ancestors 'self'") && csp.contains("'wasm-unsafe-eval'") && !csp.contains("script-src 'self' 'unsafe-inline'"), "{csp}");
    // Every inline script of the page carries that nonce, and no other.
    for script in page.text.split("<script").skip(1) {
        let tag = &script[..script.find('>').unwrap()];
        if !tag.contains("src=") {
            assert!(tag.contains(&format!("nonce=\"{nonce}\"")), "inline script without the nonce: <script{tag}>");
        }
    }
    assert_eq!(page.headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
    assert!(page.headers.contains_key(header::REFERRER_POLICY));
}

#[tokio::test]
async fn api_answers_are_not_cached_and_run_nothing() {
    let app = TestApp::new().await;
    let reply = app.get("/api/v1/drafts").await;
    assert_eq!(reply.headers[header::CACHE_CONTROL], "no-store");
    assert!(reply.headers[header::CONTENT_SECURITY_POLICY].to_str().unwrap().starts_with("default-src 'none'"));
    assert_eq!(reply.headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
}

#[tokio::test]
async fn another_host_name_is_refused() {
    let app = TestApp::new().await;
    let mut request = get("/api/v1/drafts");
    request.headers_mut().insert(header::HOST, "attacker.example".parse().unwrap());
    let reply = app.send(request).await;
    assert_eq!(reply.status, StatusCode::MISDIRECTED_REQUEST, "{}", reply.text);
    assert!(reply.body["message"].as_str().unwrap().contains("127.0.0.1:3000"));
    let mut probe = get("/readyz");
    probe.headers_mut().insert(header::HOST, "10.0.0.7:3000".parse().unwrap());
    assert_eq!(app.send(probe).await.status, StatusCode::OK, "health probes come by address");
    let mut ok = get("/api/v1/drafts");
    ok.headers_mut().insert(header::HOST, "127.0.0.1:3000".parse().unwrap());
    assert_eq!(app.send(ok).await.status, StatusCode::OK);
}

#[tokio::test]
async fn over_long_uris_and_over_large_declared_bodies_are_refused_in_json() {
    let app = TestApp::new().await;
    let reply = app.send(get(&format!("/api/v1/drafts?search={}", "x".repeat(9_000)))).await;
    assert_eq!(reply.status, StatusCode::URI_TOO_LONG);
    assert!(reply.body["message"].is_string(), "{}", reply.text);

    let request = Request::post("/api/v1/drafts").header(header::CONTENT_TYPE, "application/json").header(header::CONTENT_LENGTH, "999999999").body(Body::from("{}")).unwrap();
    let reply = app.send(request).await;
    assert_eq!(reply.status, StatusCode::PAYLOAD_TOO_LARGE, "refused on the declared length alone");
    assert!(reply.body["message"].is_string(), "{}", reply.text);
    assert_eq!(app.get("/api/v1/drafts").await.body["total"], 0);
}

#[tokio::test]
async fn only_json_bodies_are_read() {
    let app = TestApp::new().await;
    for content_type in ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/jsonp", "application/vnd.evil+json"] {
        let request = Request::post("/api/v1/drafts").header(header::CONTENT_TYPE, content_type).body(Body::from("{}")).unwrap();
        let reply = app.send(request).await;
        assert_eq!(reply.status, StatusCode::UNSUPPORTED_MEDIA_TYPE, "{content_type}: {}", reply.text);
        assert!(reply.body["message"].is_string());
    }
    let request = Request::post("/api/v1/drafts").header(header::CONTENT_TYPE, "application/json; charset=utf-8").body(Body::from("{}")).unwrap();
    assert_eq!(app.send(request).await.status, StatusCode::CREATED);
    assert_eq!(app.get("/api/v1/drafts").await.body["total"], 1, "only the JSON one was stored");
}

#[tokio::test]
async fn every_error_status_answers_json() {
    let app = TestApp::new().await;
    let cases = [
        (Method::DELETE, "/api/v1/drafts", StatusCode::METHOD_NOT_ALLOWED),
        (Method::PATCH, "/api/v1/drafts/x", StatusCode::METHOD_NOT_ALLOWED),
        (Method::GET, "/api/v1/nope", StatusCode::NOT_FOUND),
        (Method::GET, "/api/v1/drafts/missing", StatusCode::NOT_FOUND),
        (Method::GET, "/pkg/missing.wasm", StatusCode::NOT_FOUND),
    ];
    for (method, uri, status) in cases {
        let reply = app.send(Request::builder().method(method.clone()).uri(uri).body(Body::empty()).unwrap()).await;
        assert_eq!(reply.status, status, "{method} {uri}");
        assert!(reply.body["message"].is_string(), "{method} {uri}: {:?}", reply.text);
        assert!(reply.headers[header::CONTENT_TYPE].to_str().unwrap().starts_with("application/json"), "{method} {uri}");
    }
}

#[tokio::test]
async fn cors_is_closed_unless_origins_are_configured() {
    let preflight = || Request::builder().method(Method::OPTIONS).uri("/api/v1/drafts").header(header::ORIGIN, "https://tools.example.com").header("access-control-request-method", "POST").body(Body::empty()).unwrap();
    let closed = TestApp::new().await;
    let reply = closed.send(preflight()).await;
    assert!(!reply.headers.contains_key(header::ACCESS_CONTROL_ALLOW_ORIGIN), "no CORS by default");
    let open = TestApp::with_config(|c| c.auth.cors_origins = vec!["https://tools.example.com".into()]).await;
    let reply = open.send(preflight()).await;
    assert_eq!(reply.headers[header::ACCESS_CONTROL_ALLOW_ORIGIN], "https://tools.example.com");
    assert!(!reply.headers.contains_key(header::ACCESS_CONTROL_ALLOW_CREDENTIALS), "never with cookies");
}

#[test]
fn a_panic_is_a_json_500() {
    let response = monitor_studio::guard::panic_response(Box::new("boom"));
    assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
    assert!(response.headers()[header::CONTENT_TYPE].to_str().unwrap().starts_with("application/json"));
}
