//! The route list, the router and the OpenAPI document agree: every operation declared in
//! `app::api::ops` is in the document and answered by the router, and the document names no
//! route the router does not serve.

mod common;

use std::collections::BTreeSet;

use app::api::{contract::Method as OpMethod, ops::ALL};
use axum::http::{Method, Request, StatusCode, header};
use common::TestApp;

fn method(m: OpMethod) -> Method {
    match m {
        OpMethod::Get => Method::GET,
        OpMethod::Post => Method::POST,
        OpMethod::Put => Method::PUT,
        OpMethod::Delete => Method::DELETE,
    }
}

#[tokio::test]
async fn the_document_lists_exactly_the_declared_operations() {
    let app = TestApp::new().await;
    let doc = app.get("/api/v1/openapi.json").await.body;
    let mut documented = BTreeSet::new();
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for (verb, operation) in item.as_object().expect("path item") {
            documented.insert((verb.to_uppercase(), path.clone(), operation["operationId"].as_str().unwrap_or_default().to_owned()));
            assert!(operation["x-permission"].is_string(), "{verb} {path} declares no permission");
        }
    }
    let declared: BTreeSet<_> = ALL.iter().map(|o| (o.method.as_str().to_owned(), format!("/api/v1{}", o.path), o.id.to_owned())).collect();
    assert_eq!(documented, declared);
    assert_eq!(declared.len(), ALL.len());
}

/// Each documented route reaches its handler: the answer is never the API's "No API route"
/// 404 nor a 405. (Ids are made up, so 404 "Draft not found", 422, 503 and the like are fine.)
#[tokio::test]
async fn every_documented_route_is_served() {
    let app = TestApp::new().await;
    let doc = app.get("/api/v1/openapi.json").await.body;
    for (path, item) in doc["paths"].as_object().unwrap() {
        let concrete = path.replace("{id}", "nope").replace("{version}", "1");
        for verb in item.as_object().unwrap().keys() {
            let verb = Method::from_bytes(verb.to_uppercase().as_bytes()).unwrap();
            let mut request = Request::builder().method(verb.clone()).uri(&concrete);
            let body = if verb == Method::POST || verb == Method::PUT {
                request = request.header(header::CONTENT_TYPE, "application/json");
                axum::body::Body::from("{}")
            } else {
                axum::body::Body::empty()
            };
            let reply = app.send(request.body(body).unwrap()).await;
            assert_ne!(reply.status, StatusCode::METHOD_NOT_ALLOWED, "{verb} {concrete}");
            assert!(!reply.text.contains("No API route"), "{verb} {concrete}: {}", reply.text);
        }
    }
}

/// Methods the route list does not declare are refused, not answered by some other route.
#[tokio::test]
async fn undeclared_methods_are_refused() {
    let app = TestApp::new().await;
    for op in ALL {
        let declared: BTreeSet<Method> = ALL.iter().filter(|o| o.path == op.path).map(|o| method(o.method)).collect();
        let uri = format!("/api/v1{}", op.path.replace("{id}", "nope").replace("{version}", "1"));
        for verb in [Method::GET, Method::POST, Method::PUT, Method::DELETE] {
            if declared.contains(&verb) {
                continue;
            }
            let reply = app.send(Request::builder().method(verb.clone()).uri(&uri).body(axum::body::Body::empty()).unwrap()).await;
            assert_eq!(reply.status, StatusCode::METHOD_NOT_ALLOWED, "{verb} {uri}");
        }
    }
}

/// A path value is one segment: an encoded slash or `..` addresses nothing else.
#[tokio::test]
async fn path_values_are_checked_by_their_type() {
    let app = TestApp::new().await;
    let draft = app.create(common::failed_logins_document()).await;
    let id = draft["id"].as_str().unwrap();
    let reply = app.get(&format!("/api/v1/drafts/{id}/revisions/one")).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", reply.text);
    assert!(reply.body["errors"]["version"].is_string(), "{}", reply.text);
    let reply = app.get(&format!("/api/v1/drafts/{id}/revisions/1")).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    let reply = app.get("/api/v1/drafts/..%2Fdrafts").await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND, "{}", reply.text);
}
