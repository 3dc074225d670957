//! Sign-in, sessions, CSRF, API tokens and trusted proxy headers, through the router. The
//! refusals of anonymous callers are generated from the route list, so a new route cannot
//! forget them.

mod common;

use app::api::{Permission, ops::ALL};
use axum::{
    body::Body,
    extract::ConnectInfo,
    http::{Method, Request, StatusCode, header},
};
use common::{ADMIN, ADMIN_PASSWORD, Reply, TestApp};
use serde_json::{Value, json};

const ORIGIN: &str = "http://127.0.0.1:3000";

fn concrete(path: &str) -> String {
    format!("/api/v1{}", path.replace("{id}", "x").replace("{version}", "1"))
}

fn method(m: app::api::contract::Method) -> Method {
    Method::from_bytes(m.as_str().as_bytes()).unwrap()
}

/// A request with no credentials at all.
fn anonymous(method: Method, uri: &str) -> Request<Body> {
    let builder = Request::builder().method(method.clone()).uri(uri).header(header::ORIGIN, ORIGIN);
    if method == Method::POST || method == Method::PUT {
        builder.header(header::CONTENT_TYPE, "application/json").body(Body::from("{}")).unwrap()
    } else {
        builder.body(Body::empty()).unwrap()
    }
}

#[tokio::test]
async fn every_operation_refuses_anonymous_callers_but_the_public_ones() {
    let app = TestApp::new().await;
    for op in ALL {
        let reply = app.send_as_is(anonymous(method(op.method), &concrete(op.path))).await;
        if op.permission == Permission::Public {
            assert_ne!(reply.status, StatusCode::UNAUTHORIZED, "{} {} is public", op.method.as_str(), op.path);
        } else {
            assert_eq!(reply.status, StatusCode::UNAUTHORIZED, "{} {}: {}", op.method.as_str(), op.path, reply.text);
            assert!(reply.body["message"].as_str().is_some_and(|m| m.contains("Sign in")), "{} {}: {}", op.method.as_str(), op.path, reply.text);
        }
    }
}

#[tokio::test]
async fn a_bad_token_is_refused_never_ignored() {
    let app = TestApp::new().await;
    for value in ["Bearer ms_not-a-token", "Bearer ", "Basic YWRtaW46eA==", "Bearer \u{7f}"] {
        let Ok(request) = Request::get("/api/v1/drafts").header(header::AUTHORIZATION, value).body(Body::empty()) else { continue };
        let reply = app.send_as_is(request).await;
        assert_eq!(reply.status, StatusCode::UNAUTHORIZED, "{value:?}: {}", reply.text);
    }
}

#[tokio::test]
async fn pages_send_anonymous_people_to_sign_in_and_back() {
    let app = TestApp::new().await;
    for path in ["/", "/drafts/abc", "/monitors?x=1", "/tokens"] {
        let reply = app.send_as_is(Request::get(path).body(Body::empty()).unwrap()).await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER, "{path}");
        let location = reply.headers[header::LOCATION].to_str().unwrap();
        assert!(location.starts_with("/sign-in?next=%2F"), "{path}: {location}");
    }
    let page = app.send_as_is(Request::get("/sign-in").body(Body::empty()).unwrap()).await;
    assert_eq!(page.status, StatusCode::OK);
    for label in ["Username", "Password", "Sign in"] {
        assert!(page.text.contains(label), "{label}");
    }
    // Health checks and assets stay open.
    assert_eq!(app.send_as_is(Request::get("/healthz").body(Body::empty()).unwrap()).await.status, StatusCode::OK);
    assert_eq!(app.send_as_is(Request::get("/style/main.css").body(Body::empty()).unwrap()).await.status, StatusCode::OK);
}

fn sign_in_form(username: &str, password: &str, next: &str, origin: &str) -> Request<Body> {
    let body = format!("username={}&password={}&next={}", enc(username), enc(password), enc(next));
    Request::post("/auth/sign-in").header(header::CONTENT_TYPE, "application/x-www-form-urlencoded").header(header::ORIGIN, origin).body(Body::from(body)).unwrap()
}

fn enc(s: &str) -> String {
    app::api::contract::encode_component(s)
}

/// Signs in with the form; the session cookie (`name=value`) and its full `Set-Cookie`.
async fn sign_in(app: &TestApp) -> (String, String) {
    let reply = app.send_as_is(sign_in_form(ADMIN, ADMIN_PASSWORD, "/monitors", ORIGIN)).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.text);
    assert_eq!(reply.headers[header::LOCATION], "/monitors");
    let set = reply.headers[header::SET_COOKIE].to_str().unwrap().to_owned();
    (set.split(';').next().unwrap().to_owned(), set)
}

async fn with_cookie(app: &TestApp, cookie: &str, method: Method, uri: &str, body: Option<Value>, extra: &[(&str, &str)]) -> Reply {
    let mut builder = Request::builder().method(method).uri(uri).header(header::COOKIE, cookie);
    for (k, v) in extra {
        builder = builder.header(*k, *v);
    }
    let request = match body {
        Some(b) => builder.header(header::CONTENT_TYPE, "application/json").body(Body::from(b.to_string())).unwrap(),
        None => builder.body(Body::empty()).unwrap(),
    };
    app.send_as_is(request).await
}

#[tokio::test]
async fn a_session_works_and_its_cookie_is_locked_down() {
    let app = TestApp::new().await;
    let (cookie, set) = sign_in(&app).await;
    for attribute in ["HttpOnly", "SameSite=Lax", "Path=/"] {
        assert!(set.contains(attribute), "{set} lacks {attribute}");
    }
    assert!(!set.contains("Secure"), "plain http: no Secure flag ({set})");
    let me = with_cookie(&app, &cookie, Method::GET, "/api/v1/me", None, &[]).await;
    assert_eq!(me.status, StatusCode::OK, "{}", me.text);
    assert_eq!((me.body["username"].as_str(), me.body["signed_in_with"].as_str()), (Some(ADMIN), Some("session")));
    let csrf = me.body["csrf_token"].as_str().unwrap().to_owned();
    // The page itself carries the token for the browser's requests.
    let page = with_cookie(&app, &cookie, Method::GET, "/", None, &[]).await;
    assert!(page.text.contains(&csrf), "the page names the CSRF token");

    // State changes on the cookie need this site's origin and the token.
    let body = json!({});
    let refused = [
        vec![],
        vec![("origin", ORIGIN)],
        vec![("origin", ORIGIN), ("x-csrf-token", "wrong")],
        vec![("origin", "https://evil.example"), ("x-csrf-token", csrf.as_str())],
        vec![("sec-fetch-site", "cross-site"), ("x-csrf-token", csrf.as_str())],
    ];
    for headers in refused {
        let reply = with_cookie(&app, &cookie, Method::POST, "/api/v1/drafts", Some(body.clone()), &headers).await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN, "{headers:?}: {}", reply.text);
    }
    assert_eq!(app.get("/api/v1/drafts").await.body["total"], 0, "nothing was created by the refused requests");
    let made = with_cookie(&app, &cookie, Method::POST, "/api/v1/drafts", Some(body.clone()), &[("origin", ORIGIN), ("x-csrf-token", &csrf)]).await;
    assert_eq!(made.status, StatusCode::CREATED, "{}", made.text);
    let made = with_cookie(&app, &cookie, Method::POST, "/api/v1/drafts", Some(body), &[("sec-fetch-site", "same-origin"), ("x-csrf-token", &csrf)]).await;
    assert_eq!(made.status, StatusCode::CREATED, "{}", made.text);
}

#[tokio::test]
async fn sessions_are_secure_over_https() {
    let app = TestApp::with_config(|c| c.auth.public_url = Some("https://studio.example.com".into())).await;
    let reply = app.send_as_is(sign_in_form(ADMIN, ADMIN_PASSWORD, "/", "https://studio.example.com")).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.text);
    assert!(reply.headers[header::SET_COOKIE].to_str().unwrap().contains("Secure"));
}

#[tokio::test]
async fn wrong_passwords_cross_site_sign_ins_and_open_redirects_are_refused() {
    let app = TestApp::new().await;
    let wrong = app.send_as_is(sign_in_form(ADMIN, "not the password", "/", ORIGIN)).await;
    assert_eq!(wrong.status, StatusCode::SEE_OTHER);
    assert!(wrong.headers[header::LOCATION].to_str().unwrap().starts_with("/sign-in?error=wrong"));
    assert!(!wrong.headers.contains_key(header::SET_COOKIE));
    let nobody = app.send_as_is(sign_in_form("nobody", "whatever password", "/", ORIGIN)).await;
    assert_eq!(nobody.headers[header::LOCATION], wrong.headers[header::LOCATION], "unknown accounts answer like wrong passwords");
    let cross = app.send_as_is(sign_in_form(ADMIN, ADMIN_PASSWORD, "/", "https://evil.example")).await;
    assert_eq!(cross.status, StatusCode::FORBIDDEN);
    assert!(!cross.headers.contains_key(header::SET_COOKIE));
    let away = app.send_as_is(sign_in_form(ADMIN, ADMIN_PASSWORD, "//evil.example/x", ORIGIN)).await;
    assert_eq!(away.headers[header::LOCATION], "/", "sign-in never sends people to another site");
}

#[tokio::test]
async fn sign_in_attempts_are_rate_limited_per_account() {
    let app = TestApp::new().await;
    for _ in 0..10 {
        let reply = app.send_as_is(sign_in_form(ADMIN, "wrong password!", "/", ORIGIN)).await;
        assert!(reply.headers[header::LOCATION].to_str().unwrap().starts_with("/sign-in?error=wrong"));
    }
    let limited = app.send_as_is(sign_in_form(ADMIN, ADMIN_PASSWORD, "/", ORIGIN)).await;
    assert!(limited.headers[header::LOCATION].to_str().unwrap().starts_with("/sign-in?error=limited"), "even the right password waits");
    assert!(!limited.headers.contains_key(header::SET_COOKIE));
}

#[tokio::test]
async fn sign_out_ends_the_session_and_everywhere_ends_them_all() {
    let app = TestApp::new().await;
    let (first, _) = sign_in(&app).await;
    let (second, _) = sign_in(&app).await;
    let csrf = with_cookie(&app, &first, Method::GET, "/api/v1/me", None, &[]).await.body["csrf_token"].as_str().unwrap().to_owned();
    let form = |csrf: &str| Request::post("/auth/sign-out").header(header::COOKIE, &first).header(header::ORIGIN, ORIGIN).header(header::CONTENT_TYPE, "application/x-www-form-urlencoded").body(Body::from(format!("csrf={csrf}"))).unwrap();
    assert_eq!(app.send_as_is(form("wrong")).await.status, StatusCode::FORBIDDEN, "sign-out needs the CSRF token too");
    let out = app.send_as_is(form(&csrf)).await;
    assert_eq!(out.status, StatusCode::SEE_OTHER);
    assert!(out.headers[header::SET_COOKIE].to_str().unwrap().contains("Max-Age=0"));
    assert_eq!(with_cookie(&app, &first, Method::GET, "/api/v1/me", None, &[]).await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(with_cookie(&app, &second, Method::GET, "/api/v1/me", None, &[]).await.status, StatusCode::OK);

    let (third, _) = sign_in(&app).await;
    let everywhere = app.post("/api/v1/me/sign-out-everywhere", json!({})).await;
    assert_eq!(everywhere.status, StatusCode::OK, "{}", everywhere.text);
    assert_eq!(everywhere.body["sessions_ended"], 2);
    for cookie in [&second, &third] {
        assert_eq!(with_cookie(&app, cookie, Method::GET, "/api/v1/me", None, &[]).await.status, StatusCode::UNAUTHORIZED);
    }
}

#[tokio::test]
async fn idle_sessions_expire() {
    let app = TestApp::with_config(|c| c.auth.session_idle_minutes = 0).await;
    let (cookie, _) = sign_in(&app).await;
    assert_eq!(with_cookie(&app, &cookie, Method::GET, "/api/v1/me", None, &[]).await.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn api_tokens_are_shown_once_used_and_revoked() {
    let app = TestApp::new().await;
    let created = app.post("/api/v1/tokens", json!({"name": "CI pipeline", "expires_in_days": 30})).await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text);
    let secret = created.body["secret"].as_str().unwrap().to_owned();
    let id = created.body["token"]["id"].as_str().unwrap().to_owned();
    assert!(secret.starts_with("ms_") && created.body["token"]["expires_at"].is_string());
    let listed = app.get("/api/v1/tokens").await;
    assert!(!listed.text.contains(&secret), "a token's secret is never listed");
    assert!(listed.body.as_array().unwrap().iter().any(|t| t["name"] == "CI pipeline"));

    let bearer = |s: &str| Request::get("/api/v1/me").header(header::AUTHORIZATION, format!("Bearer {s}")).body(Body::empty()).unwrap();
    let me = app.send_as_is(bearer(&secret)).await;
    assert_eq!((me.status, me.body["signed_in_with"].as_str()), (StatusCode::OK, Some("token")));
    assert!(me.body.get("csrf_token").is_none(), "a token carries no CSRF token: it has no ambient authority");
    let used = app.get("/api/v1/tokens").await;
    assert!(used.body.as_array().unwrap().iter().any(|t| t["id"] == id.as_str() && t["last_used_at"].is_string()), "last use is recorded");

    // A token is used without CSRF checks (it is no cookie a browser sends by itself).
    let draft = app.send_as_is(Request::post("/api/v1/drafts").header(header::AUTHORIZATION, format!("Bearer {secret}")).header(header::CONTENT_TYPE, "application/json").body(Body::from("{}")).unwrap()).await;
    assert_eq!(draft.status, StatusCode::CREATED, "{}", draft.text);

    assert_eq!(app.delete(&format!("/api/v1/tokens/{id}")).await.status, StatusCode::NO_CONTENT);
    assert_eq!(app.send_as_is(bearer(&secret)).await.status, StatusCode::UNAUTHORIZED, "a revoked token stops working");
    assert_eq!(app.delete("/api/v1/tokens/not-a-token").await.status, StatusCode::NOT_FOUND);

    for bad in [json!({"name": ""}), json!({"name": "x", "expires_in_days": 0}), json!({"name": "x", "expires_in_days": 10_000}), json!({"name": "a\u{0}b"})] {
        let reply = app.post("/api/v1/tokens", bad.clone()).await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}: {}", reply.text);
    }
}

#[tokio::test]
async fn an_expired_token_is_refused() {
    let app = TestApp::new().await;
    let created = app.post("/api/v1/tokens", json!({"name": "short-lived", "expires_in_days": 1})).await;
    let secret = created.body["secret"].as_str().unwrap().to_owned();
    sqlx::query("UPDATE api_tokens SET expires_at = '2000-01-01T00:00:00.000Z' WHERE name = 'short-lived'").execute(app.state.drafts.pool()).await.unwrap();
    let reply = app.send_as_is(Request::get("/api/v1/me").header(header::AUTHORIZATION, format!("Bearer {secret}")).body(Body::empty()).unwrap()).await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn proxy_headers_count_only_from_trusted_proxies() {
    let app = TestApp::with_config(|c| {
        c.auth.proxy = Some(monitor_studio::auth::config::ProxyConfig { user_header: "X-Forwarded-User".into(), groups_header: Some("X-Forwarded-Groups".into()), trusted: vec!["10.0.0.0/8".into()] })
    })
    .await;
    let from = |peer: &str| {
        let mut request = Request::get("/api/v1/me").header("X-Forwarded-User", "carol").header("X-Forwarded-Groups", "team-a, ops").body(Body::empty()).unwrap();
        request.extensions_mut().insert(ConnectInfo(peer.parse::<std::net::SocketAddr>().unwrap()));
        request
    };
    let trusted = app.send_as_is(from("10.1.2.3:5555")).await;
    assert_eq!(trusted.status, StatusCode::OK, "{}", trusted.text);
    assert_eq!((trusted.body["username"].as_str(), trusted.body["signed_in_with"].as_str()), (Some("carol"), Some("proxy")));
    assert_eq!(trusted.body["groups"], json!(["team-a", "ops"]));
    let untrusted = app.send_as_is(from("192.0.2.7:5555")).await;
    assert_eq!(untrusted.status, StatusCode::UNAUTHORIZED, "anyone can send the header: only the proxy's counts");
}

#[tokio::test]
async fn the_first_administrator_and_users_come_from_the_admin_command() {
    let app = TestApp::new().await;
    let taken = app.state.identity.create_local(ADMIN, "another long password", false).await;
    assert!(taken.is_err(), "user names are unique");
    for bad in ["", "has space", "semi;colon", &"x".repeat(65)] {
        assert!(app.state.identity.create_local(bad, "a long enough password", false).await.is_err(), "{bad:?}");
    }
    assert!(app.state.identity.create_local("bob", "short", false).await.is_err(), "passwords need 12 characters");
}

#[tokio::test]
async fn a_session_switches_to_a_team_it_may_act_in_only() {
    let app = TestApp::new().await;
    let ops = app.team("Operations", &[]).await;
    let (cookie, _) = sign_in(&app).await;
    let me = with_cookie(&app, &cookie, Method::GET, "/api/v1/me", None, &[]).await;
    assert_eq!(me.body["team"]["name"], "Default", "{}", me.text);
    let csrf = me.body["csrf_token"].as_str().unwrap().to_owned();
    let headers = [("origin", ORIGIN), ("x-csrf-token", csrf.as_str())];
    let switched = with_cookie(&app, &cookie, Method::POST, "/api/v1/me/team", Some(json!({"team": "Operations"})), &headers).await;
    assert_eq!(switched.status, StatusCode::OK, "{}", switched.text);
    assert_eq!(switched.body["team"]["id"], ops.as_str());
    // The choice sticks to the session: the drafts made now are the new team's.
    let created = with_cookie(&app, &cookie, Method::POST, "/api/v1/drafts", Some(json!({})), &headers).await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text);
    let in_default = app.get("/api/v1/drafts").await;
    assert_eq!(in_default.body["total"], 0, "the administrator's token acts in Default: {}", in_default.text);
    let unknown = with_cookie(&app, &cookie, Method::POST, "/api/v1/me/team", Some(json!({"team": "No such team"})), &headers).await;
    assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", unknown.text);
    assert!(unknown.body["errors"]["team"].is_string());
    let still = with_cookie(&app, &cookie, Method::GET, "/api/v1/me", None, &[]).await;
    assert_eq!(still.body["team"]["name"], "Operations", "a refused switch changes nothing");
}
