//! Embedding through the router: registering applications, signed embed links (HS256 and
//! EdDSA) on pages and as bearer tokens of API calls, every refusal, framing, and locked
//! parameters enforced against crafted requests.

mod common;

use axum::http::{Method, StatusCode, header};
use common::{TestApp, failed_logins_document};
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde_json::{Value, json};

const HOST: &str = "http://127.0.0.1:4100";

/// An Ed25519 key pair made for these tests only.
const ED_PRIVATE: &str = "-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIBEOmrQylfwqJbz3TkiHu/emDbZZGpoCGrzuq0/gi9LM\n-----END PRIVATE KEY-----\n";
const ED_PUBLIC: &str = "-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEAVFyQo7FWO270JgZdNdBkDWLFZ2njOcrb+QPAhOLvz5M=\n-----END PUBLIC KEY-----\n";

fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

/// A registered HS256 application for team `default`: its id and secret.
async fn hs256_app(app: &TestApp, grants: Value) -> (String, String) {
    let reply = app.post("/api/v1/embed-apps", json!({"name": "Service catalogue", "origins": [HOST], "teams": ["default"], "grants": grants})).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text);
    (reply.body["app"]["id"].as_str().unwrap().to_owned(), reply.body["secret"].as_str().unwrap().to_owned())
}

fn sign_hs(secret: &str, claims: &Value) -> String {
    jsonwebtoken::encode(&Header::new(Algorithm::HS256), claims, &EncodingKey::from_secret(secret.as_bytes())).unwrap()
}

/// Claims for a link of `iss` opening `page`, valid for ten minutes.
fn claims(iss: &str, page: &str) -> Value {
    json!({"iss": iss, "sub": "jo@catalog", "iat": now(), "exp": now() + 600, "team": "default", "page": page})
}

fn with(mut claims: Value, extra: Value) -> Value {
    for (k, v) in extra.as_object().unwrap() {
        claims[k] = v.clone();
    }
    claims
}

/// The page at `path` opened with `token`, with no other credentials.
async fn open(app: &TestApp, path: &str, token: &str) -> common::Reply {
    let request = axum::http::Request::get(format!("{path}?token={token}")).body(axum::body::Body::empty()).unwrap();
    app.send_as_is(request).await
}

fn frame_ancestors(reply: &common::Reply) -> String {
    let csp = reply.headers.get(header::CONTENT_SECURITY_POLICY).map(|v| v.to_str().unwrap().to_owned()).unwrap_or_default();
    csp.split(';').map(str::trim).find(|d| d.starts_with("frame-ancestors")).unwrap_or_default().to_owned()
}

#[tokio::test]
async fn only_administrators_register_applications_and_the_secret_is_shown_once() {
    let app = TestApp::new().await;
    let lead = app.member_token("lead").await;
    let body = json!({"name": "Catalogue", "origins": [HOST], "teams": ["default"]});
    assert_eq!(app.request_as(&lead, Method::POST, "/api/v1/embed-apps", Some(body.clone())).await.status, StatusCode::FORBIDDEN);
    assert_eq!(app.request_as(&lead, Method::GET, "/api/v1/embed-apps", None).await.status, StatusCode::FORBIDDEN);

    let created = app.post("/api/v1/embed-apps", body.clone()).await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text);
    let secret = created.body["secret"].as_str().unwrap();
    assert!(secret.len() >= 40, "a 32-byte secret: {secret}");
    let listed = app.get("/api/v1/embed-apps").await;
    assert_eq!(listed.body.as_array().unwrap().len(), 1);
    assert!(!listed.text.contains(secret), "the list never shows the secret");
    assert_eq!(listed.body[0]["origins"], json!([HOST]));

    let again = app.post("/api/v1/embed-apps", body).await;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(again.body["errors"]["name"].is_string(), "{}", again.text);

    // The administrators' page lists it, rendered on the server.
    let page = app.page("/embedding").await;
    assert!(page.contains("Catalogue") && page.contains(HOST) && !page.contains(secret), "{page}");
    let id = created.body["app"]["id"].as_str().unwrap();
    assert_eq!(app.request_as(&lead, Method::DELETE, &format!("/api/v1/embed-apps/{id}"), None).await.status, StatusCode::FORBIDDEN);
    assert_eq!(app.delete(&format!("/api/v1/embed-apps/{id}")).await.status, StatusCode::NO_CONTENT);
    assert_eq!(app.delete(&format!("/api/v1/embed-apps/{id}")).await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_registration_is_refused_naming_its_field() {
    let app = TestApp::new().await;
    let cases = [
        (json!({"name": " ", "origins": [HOST], "teams": ["default"]}), "name"),
        (json!({"name": "x".repeat(101), "origins": [HOST], "teams": ["default"]}), "name"),
        (json!({"name": "A", "origins": [], "teams": ["default"]}), "origins"),
        (json!({"name": "A", "origins": ["https://*.example.com"], "teams": ["default"]}), "origins"),
        (json!({"name": "A", "origins": ["https://tool.example.com/path"], "teams": ["default"]}), "origins"),
        (json!({"name": "A", "origins": ["javascript:alert(1)"], "teams": ["default"]}), "origins"),
        (json!({"name": "A", "origins": [HOST], "teams": []}), "teams"),
        (json!({"name": "A", "origins": [HOST], "teams": ["no-such-team"]}), "teams"),
        (json!({"name": "A", "origins": [HOST], "teams": ["default"], "algorithm": "EdDSA"}), "public_key"),
        (json!({"name": "A", "origins": [HOST], "teams": ["default"], "algorithm": "EdDSA", "public_key": "not a key"}), "public_key"),
        (json!({"name": "A", "origins": [HOST], "teams": ["default"], "public_key": ED_PUBLIC}), "public_key"),
    ];
    for (body, field) in cases {
        let reply = app.post("/api/v1/embed-apps", body.clone()).await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{body}: {}", reply.text);
        assert!(reply.body["errors"][field].is_string(), "{body}: {}", reply.text);
    }
    let unknown = app.post("/api/v1/embed-apps", json!({"name": "A", "origins": [HOST], "teams": ["default"], "grants": ["admin"]})).await;
    assert!(unknown.status.is_client_error(), "{}", unknown.text);
    assert_eq!(app.get("/api/v1/embed-apps").await.body, json!([]), "nothing is stored");
}

#[tokio::test]
async fn a_link_opens_its_page_framed_only_by_its_application() {
    let app = TestApp::new().await;
    let (iss, secret) = hs256_app(&app, json!([])).await;
    let token = sign_hs(&secret, &claims(&iss, "alerts"));
    let page = open(&app, "/embed/alerts", &token).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.text);
    assert_eq!(frame_ancestors(&page), format!("frame-ancestors 'self' {HOST}"));
    // The page knows where its events go and what its calls send, and has no top bar.
    assert!(page.text.contains(&format!(r#"<meta name="embed-origins" content="{HOST}">"#)), "{}", page.text);
    assert!(page.text.contains(&format!(r#"<meta name="embed-token" content="{token}">"#)));
    // What the link grants and the link itself, which the browser reads from the head.
    assert!(page.text.contains(r#"<meta name="embed-grants" content="">"#), "{}", page.text);
    let link = meta_json(&page.text, "embed-link");
    assert_eq!((link["page"].as_str(), link["token"].as_str(), &link["grants"]), (Some("alerts"), Some(token.as_str()), &json!([])), "{link}");
    assert!(page.text.contains(r#"<script src="/embed/events.js"></script>"#));
    assert!(!page.text.contains("top-bar") && !page.text.contains("Skip to content"));
    assert!(page.text.contains("<h1>Alerts</h1>") || page.text.contains(">Alerts</h1>"), "{}", page.text);
    // Without the acknowledge grant there is nothing to acknowledge with.
    assert!(!page.text.contains(">Acknowledge<"), "{}", page.text);
    // Every other page stays framed by itself only.
    let other = app.get("/").await;
    assert_eq!(frame_ancestors(&other), "frame-ancestors 'self'");
    // The same token does not open another page.
    let elsewhere = open(&app, "/embed/monitors", &token).await;
    assert_eq!(elsewhere.status, StatusCode::FORBIDDEN);
    assert!(elsewhere.text.contains("opens /embed/alerts"), "{}", elsewhere.text);
    assert_eq!(frame_ancestors(&elsewhere), format!("frame-ancestors {HOST}"));
}

#[tokio::test]
async fn bad_links_get_a_refusal_page_that_says_why() {
    let app = TestApp::new().await;
    let (iss, secret) = hs256_app(&app, json!(["author"])).await;
    let base = claims(&iss, "alerts");
    let tampered = {
        let good = sign_hs(&secret, &base);
        let parts: Vec<&str> = good.split('.').collect();
        let forged = base64_url(&with(base.clone(), json!({"team": "other"})).to_string());
        format!("{}.{forged}.{}", parts[0], parts[2])
    };
    let ed = jsonwebtoken::encode(&Header::new(Algorithm::EdDSA), &base, &EncodingKey::from_ed_pem(ED_PRIVATE.as_bytes()).unwrap()).unwrap();
    let cases = [
        ("garbage", 401, "not a signed token"),
        (&sign_hs(&secret, &with(base.clone(), json!({"iss": "someone-else"}))), 401, "not registered"),
        (&sign_hs(&secret, &with(base.clone(), json!({"exp": now() - 120, "iat": now() - 700}))), 401, "expired"),
        (&tampered, 401, "signature is wrong"),
        (&sign_hs("another secret", &base), 401, "signature is wrong"),
        (&ed, 401, "signs with HS256"),
        (&sign_hs(&secret, &with(base.clone(), json!({"exp": now() + 7200}))), 403, "longer than an hour"),
        (&sign_hs(&secret, &with(base.clone(), json!({"team": "security"}))), 403, "team its application may not act in"),
        (&sign_hs(&secret, &with(base.clone(), json!({"grants": ["publish"]}))), 403, "which its application may not grant"),
        (&sign_hs(&secret, &with(base.clone(), json!({"locked": ["owner"]}))), 403, "which is no parameter"),
        (&sign_hs(&secret, &with(base.clone(), json!({"page": "monitor"}))), 403, "names its monitor"),
    ];
    for (token, status, words) in cases {
        let reply = open(&app, "/embed/alerts", token).await;
        assert_eq!(reply.status.as_u16(), status, "{words}: {}", reply.text);
        assert!(reply.text.contains("This embedded page cannot be shown") && reply.text.contains(words), "{words}: {}", reply.text);
        assert!(!reply.text.contains("<script"), "a refusal page runs nothing");
        let ancestors = frame_ancestors(&reply);
        assert!(ancestors == format!("frame-ancestors {HOST}") || ancestors == "frame-ancestors 'none'", "{ancestors}");
    }
    // An unknown application's refusal cannot be framed by anyone.
    let unknown = open(&app, "/embed/alerts", &sign_hs(&secret, &with(base.clone(), json!({"iss": "someone-else"})))).await;
    assert_eq!(frame_ancestors(&unknown), "frame-ancestors 'none'");
    // A deleted application's links stop at once.
    let token = sign_hs(&secret, &base);
    assert_eq!(open(&app, "/embed/alerts", &token).await.status, StatusCode::OK);
    app.delete(&format!("/api/v1/embed-apps/{iss}")).await;
    assert_eq!(open(&app, "/embed/alerts", &token).await.status, StatusCode::UNAUTHORIZED);
}

fn base64_url(text: &str) -> String {
    use base64::Engine;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(text)
}

#[tokio::test]
async fn an_eddsa_application_signs_with_its_own_key() {
    let app = TestApp::new().await;
    let reply = app.post("/api/v1/embed-apps", json!({"name": "On-call", "origins": [HOST], "teams": ["default"], "algorithm": "EdDSA", "public_key": ED_PUBLIC})).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text);
    assert!(reply.body.get("secret").is_none(), "no secret for a key pair");
    let iss = reply.body["app"]["id"].as_str().unwrap();
    let key = EncodingKey::from_ed_pem(ED_PRIVATE.as_bytes()).unwrap();
    let token = jsonwebtoken::encode(&Header::new(Algorithm::EdDSA), &claims(iss, "monitors"), &key).unwrap();
    assert_eq!(open(&app, "/embed/monitors", &token).await.status, StatusCode::OK);
    let me = app.request_as(&token, Method::GET, "/api/v1/me", None).await;
    assert_eq!(me.status, StatusCode::OK, "{}", me.text);
    assert_eq!(me.body["signed_in_with"], "embed");
    assert_eq!(me.body["embed"]["page"], "monitors");
    assert_eq!(me.body["is_admin"], false);
    // Signed with HS256 over the public key (the algorithm-confusion attack): refused.
    let confused = sign_hs(ED_PUBLIC, &claims(iss, "monitors"));
    assert_eq!(open(&app, "/embed/monitors", &confused).await.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn a_read_only_link_reads_and_cannot_write() {
    let app = TestApp::new().await;
    let (iss, secret) = hs256_app(&app, json!(["author", "publish", "acknowledge"])).await;
    let token = sign_hs(&secret, &claims(&iss, "monitors"));
    let templates = app.request_as(&token, Method::GET, "/api/v1/templates", None).await;
    assert_eq!(templates.status, StatusCode::OK, "{}", templates.text);
    for (method, path, body) in [
        (Method::POST, "/api/v1/drafts", Some(json!({"document": failed_logins_document()}))),
        (Method::POST, "/api/v1/alerts/acknowledge", Some(json!({"groups": []}))),
        (Method::POST, "/api/v1/monitors/m1/acknowledge", Some(json!({"alerts": []}))),
    ] {
        let reply = app.request_as(&token, method, path, body).await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN, "{path}: {}", reply.text);
        assert!(reply.body["message"].as_str().unwrap().contains("does not grant"), "{}", reply.text);
    }
    // Operations the route list does not open to embed links are refused to every link.
    for path in ["/api/v1/drafts", "/api/v1/embed-apps", "/api/v1/audit", "/api/v1/tokens", "/api/v1/team"] {
        let reply = app.request_as(&token, Method::GET, path, None).await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN, "{path}: {}", reply.text);
    }
    // A token is no session: it cannot make API tokens for itself.
    let reply = app.request_as(&token, Method::POST, "/api/v1/tokens", Some(json!({"name": "mine"}))).await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    // A forged bearer is unauthorized, and says why.
    let forged = sign_hs("guess", &claims(&iss, "monitors"));
    let reply = app.request_as(&forged, Method::GET, "/api/v1/templates", None).await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
    assert!(reply.body["message"].as_str().unwrap().contains("signature"), "{}", reply.text);
}

#[tokio::test]
async fn locked_parameters_hold_against_crafted_requests() {
    let app = TestApp::new().await;
    let (iss, secret) = hs256_app(&app, json!(["author"])).await;
    let link = with(
        claims(&iss, "create-monitor"),
        json!({"grants": ["author"], "locked": ["index", "channel", "interval_minutes", "name"],
               "params": {"template": "failed-logins", "name": "Catalogue: failed logins", "index": "security-auditlog-*", "channel": "on-call", "interval_minutes": 5}}),
    );
    let token = sign_hs(&secret, &link);

    // A new draft starts from the link's parameters.
    let created = app.request_as(&token, Method::POST, "/api/v1/drafts", Some(json!({}))).await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text);
    let id = created.body["id"].as_str().unwrap().to_owned();
    let document = created.body["document"].clone();
    assert_eq!(document["name"], "Catalogue: failed logins");
    assert_eq!(document["indices"], json!(["security-auditlog-*"]));
    assert_eq!(document["schedule"], json!({"frequency": "interval", "interval": 5, "unit": "MINUTES"}));

    // Each locked parameter changed by hand is refused, naming its field, and nothing changes.
    let changes = [
        ("name", json!("Something else"), "name"),
        ("indices", json!(["secret-*"]), "indices"),
        ("schedule", json!({"frequency": "interval", "interval": 1, "unit": "MINUTES"}), "schedule"),
    ];
    for (key, value, field) in changes {
        let mut crafted = document.clone();
        crafted[key] = value;
        let reply = app.request_as(&token, Method::PUT, &format!("/api/v1/drafts/{id}"), Some(json!({"version": 1, "document": crafted.clone()}))).await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{key}: {}", reply.text);
        assert!(reply.body["errors"][field].is_string(), "{}", reply.text);
        let preview = app.request_as(&token, Method::POST, "/api/v1/preview", Some(json!({"document": crafted}))).await;
        assert_eq!(preview.status, StatusCode::UNPROCESSABLE_ENTITY, "preview {key}: {}", preview.text);
    }
    let mut crafted = document.clone();
    crafted["triggers"][0]["actions"][0]["destination_id"] = json!("attacker-webhook");
    let reply = app.request_as(&token, Method::PUT, &format!("/api/v1/drafts/{id}"), Some(json!({"version": 1, "document": crafted}))).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(reply.body["errors"]["triggers"].is_string(), "{}", reply.text);
    let crafted = with(document.clone(), json!({"raw_inputs": [{"search": {"indices": ["secret-*"], "query": {}}}]}));
    let reply = app.request_as(&token, Method::PUT, &format!("/api/v1/drafts/{id}"), Some(json!({"version": 1, "document": crafted}))).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", reply.text);
    // A new draft cannot escape the locks either.
    let mut crafted = document.clone();
    crafted["indices"] = json!(["secret-*"]);
    let reply = app.request_as(&token, Method::POST, "/api/v1/drafts", Some(json!({"document": crafted}))).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(reply.body["errors"]["indices"].is_string(), "{}", reply.text);
    let stored = app.get(&format!("/api/v1/drafts/{id}")).await;
    assert_eq!(stored.body["version"], 1, "nothing was saved");

    // What is not locked can change.
    let mut edited = document.clone();
    edited["triggers"][0]["name"] = json!("Two failed logins");
    let reply = app.request_as(&token, Method::PUT, &format!("/api/v1/drafts/{id}"), Some(json!({"version": 1, "document": edited}))).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    // Publishing needs its own grant.
    let reply = app.request_as(&token, Method::POST, &format!("/api/v1/drafts/{id}/publish"), Some(json!({"version": 2}))).await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN, "{}", reply.text);
}

#[tokio::test]
async fn a_link_sees_only_its_own_drafts_and_its_own_monitor() {
    let app = TestApp::new().await;
    let (iss, secret) = hs256_app(&app, json!(["author"])).await;
    let theirs = app.create(failed_logins_document()).await["id"].as_str().unwrap().to_owned();
    let token = sign_hs(&secret, &with(claims(&iss, "create-monitor"), json!({"grants": ["author"]})));
    let page = open(&app, "/embed/create-monitor", &token).await;
    assert!(page.text.contains(r#"<meta name="embed-grants" content="author">"#), "{}", page.text);
    assert_eq!(meta_json(&page.text, "embed-link")["grants"], json!(["author"]));
    let reply = app.request_as(&token, Method::GET, &format!("/api/v1/drafts/{theirs}"), None).await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND, "another person's draft: {}", reply.text);
    let reply = app.request_as(&token, Method::PUT, &format!("/api/v1/drafts/{theirs}"), Some(json!({"version": 1, "document": failed_logins_document()}))).await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND, "{}", reply.text);
    assert_eq!(app.get(&format!("/api/v1/drafts/{theirs}")).await.body["version"], 1);

    // Another person behind the same application is someone else too.
    let mine = app.request_as(&token, Method::POST, "/api/v1/drafts", Some(json!({"document": failed_logins_document()}))).await;
    let mine = mine.body["id"].as_str().unwrap().to_owned();
    assert_eq!(app.request_as(&token, Method::GET, &format!("/api/v1/drafts/{mine}"), None).await.status, StatusCode::OK);
    let other_person = sign_hs(&secret, &with(claims(&iss, "create-monitor"), json!({"grants": ["author"], "sub": "mallory"})));
    assert_eq!(app.request_as(&other_person, Method::GET, &format!("/api/v1/drafts/{mine}"), None).await.status, StatusCode::NOT_FOUND);

    // A status card's link reads its monitor only (the check comes before the cluster).
    let card = sign_hs(&secret, &with(claims(&iss, "monitor"), json!({"monitor_id": "m-1"})));
    for path in ["/api/v1/monitors/m-2", "/api/v1/monitors/m-2/history", "/api/v1/monitors/m-2/alerts"] {
        let reply = app.request_as(&card, Method::GET, path, None).await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{path}: {}", reply.text);
    }
}

#[tokio::test]
async fn a_locked_template_keeps_the_query_triggers_and_actions() {
    let app = TestApp::new().await;
    let (iss, secret) = hs256_app(&app, json!(["author"])).await;
    let link = with(claims(&iss, "create-monitor"), json!({"grants": ["author"], "locked": ["template"], "params": {"template": "failed-logins", "channel": "on-call"}}));
    let token = sign_hs(&secret, &link);
    let other = app.request_as(&token, Method::POST, "/api/v1/drafts", Some(json!({"template": "missing-privileges"}))).await;
    assert_eq!(other.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", other.text);
    assert!(other.body["errors"]["template"].is_string(), "{}", other.text);

    let created = app.request_as(&token, Method::POST, "/api/v1/drafts", Some(json!({"template": "failed-logins"}))).await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text);
    let (id, document) = (created.body["id"].as_str().unwrap().to_owned(), created.body["document"].clone());
    // The parameters may change (they are not locked)…
    let renamed = with(document.clone(), json!({"name": "Failed logins on the catalogue", "indices": ["catalogue-audit-*"]}));
    let reply = app.request_as(&token, Method::PUT, &format!("/api/v1/drafts/{id}"), Some(json!({"version": 1, "document": renamed.clone()}))).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    // …the template's query and triggers may not.
    let mut loosened = renamed.clone();
    loosened["triggers"][0]["threshold_value"] = json!(1000.0);
    let reply = app.request_as(&token, Method::PUT, &format!("/api/v1/drafts/{id}"), Some(json!({"version": 2, "document": loosened}))).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", reply.text);
    assert!(reply.body["errors"]["template"].as_str().unwrap().contains("failed-logins"), "{}", reply.text);
    let mut emptied = renamed;
    emptied["triggers"] = json!([]);
    let reply = app.request_as(&token, Method::POST, "/api/v1/drafts", Some(json!({"template": "failed-logins", "document": emptied}))).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", reply.text);
    assert_eq!(app.get(&format!("/api/v1/drafts/{id}")).await.body["version"], 2);
}

#[tokio::test]
async fn a_person_s_own_session_opens_the_embed_pages_framed_by_registered_origins_only() {
    let app = TestApp::new().await;
    hs256_app(&app, json!([])).await;
    let signed_in = app.send_as_is(common::sign_in_form(common::ADMIN, common::ADMIN_PASSWORD)).await;
    let cookie = signed_in.headers[header::SET_COOKIE].to_str().unwrap().split(';').next().unwrap().to_owned();
    let get = |path: &str| axum::http::Request::get(path).header(header::COOKIE, &cookie).body(axum::body::Body::empty()).unwrap();
    let page = app.send_as_is(get("/embed/alerts")).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.text);
    assert_eq!(frame_ancestors(&page), format!("frame-ancestors 'self' {HOST}"));
    assert!(page.text.contains(&format!(r#"<meta name="embed-origins" content="{HOST}">"#)), "{}", page.text);
    assert!(!page.text.contains("embed-token"), "a session page has no link token");
    assert!(!page.text.contains("embed-link") && !page.text.contains("embed-grants"), "nor a link");
    assert!(!page.text.contains("top-bar"));
    // The same session's other pages are framed by nobody else.
    assert_eq!(frame_ancestors(&app.send_as_is(get("/monitors")).await), "frame-ancestors 'self'");
    // Without a session or a link, an embed page is no way in.
    let anonymous = app.send_as_is(axum::http::Request::get("/embed/alerts").body(axum::body::Body::empty()).unwrap()).await;
    assert!(anonymous.status.is_redirection() || anonymous.status == StatusCode::UNAUTHORIZED, "{}", anonymous.status);
}

/// The JSON in a page's `<meta name="{name}" content="…">`, unescaped.
fn meta_json(html: &str, name: &str) -> serde_json::Value {
    let start = format!(r#"<meta name="{name}" content=""#);
    let from = html.find(&start).unwrap_or_else(|| panic!("no {name} meta in {html}")) + start.len();
    let content = &html[from..from + html[from..].find('"').unwrap()];
    let json = content.replace("&quot;", "\"").replace("&#x27;", "'").replace("&#39;", "'").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
    serde_json::from_str(&json).unwrap_or_else(|e| panic!("{name}: {e} in {json}"))
}
