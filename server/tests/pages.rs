//! The data pages are rendered on the server with their data (the server calls the same
//! operations in-process), so their HTML is complete before any wasm runs, and their error
//! states are rendered there too.

mod common;

use common::{TestApp, failed_logins_document};

async fn page(app: &TestApp, path: &str) -> String {
    app.page(path).await
}

#[tokio::test]
async fn the_drafts_page_lists_its_drafts() {
    let app = TestApp::new().await;
    let mut doc = failed_logins_document();
    doc["name"] = "Audit Unauthorized Access Events".into();
    app.create(doc).await;
    for path in ["/", "/drafts"] {
        let html = page(&app, path).await;
        assert!(html.contains("Audit Unauthorized Access Events"), "{path}: {html}");
        assert!(html.contains("1 draft(s)"), "{path}");
        assert!(!html.contains("Loading drafts"), "{path} rendered its loading state");
        // The templates gallery too.
        assert!(html.contains("Use template"), "{path}");
    }
}

#[tokio::test]
async fn the_drafts_page_says_when_there_are_none() {
    let app = TestApp::new().await;
    assert!(page(&app, "/").await.contains("No drafts yet."));
}

#[tokio::test]
async fn the_editor_renders_the_draft() {
    let app = TestApp::new().await;
    let draft = app.create(failed_logins_document()).await;
    let id = draft["id"].as_str().unwrap();
    let html = page(&app, &format!("/drafts/{id}")).await;
    assert!(html.contains("Failed logins"), "{html}");
    assert!(html.contains("security-auditlog-*"), "the index is rendered");
    assert!(html.contains("Too many failed logins"), "the trigger is rendered");
    assert!(!html.contains("Loading draft"));
}

#[tokio::test]
async fn a_missing_draft_renders_its_error() {
    let app = TestApp::new().await;
    let html = page(&app, "/drafts/does-not-exist").await;
    assert!(html.contains("not found"), "{html}");
    assert!(!html.contains("Loading draft"));
}

#[tokio::test]
async fn the_history_page_lists_revisions() {
    let app = TestApp::new().await;
    let draft = app.create(failed_logins_document()).await;
    let id = draft["id"].as_str().unwrap();
    let html = page(&app, &format!("/drafts/{id}/history")).await;
    for text in ["Version", "Who", "admin", "Saved", "Compare revisions", "From revision"] {
        assert!(html.contains(text), "{text}: {html}");
    }
    assert!(!html.contains("Loading history"));
}

#[tokio::test]
async fn the_review_pages_render_the_request_and_its_changes() {
    let app = TestApp::new().await;
    let mut doc = failed_logins_document();
    doc["triggers"][0]["actions"] = serde_json::json!([]);
    let id = app.create(doc).await["id"].as_str().unwrap().to_owned();
    let requested = app.post(&format!("/api/v1/drafts/{id}/review"), serde_json::json!({"version": 1, "message": "please look"})).await;
    let review = requested.body["id"].as_str().unwrap().to_owned();
    let list = page(&app, "/reviews").await;
    for text in ["Review requests", "Failed logins", "Waiting for review", "Waiting for me"] {
        assert!(list.contains(text), "{text}: {list}");
    }
    let detail = page(&app, &format!("/reviews/{review}")).await;
    for text in ["Review of", "please look", "A new monitor", "Run preview"] {
        assert!(detail.contains(text), "{text}: {detail}");
    }
    assert!(!detail.contains("Approve and publish"), "the author does not decide their own request");
    assert!(!detail.contains("Loading the review request"));
    assert!(page(&app, "/reviews/nope").await.contains("not found"));
}

/// Without a cluster the cluster pages say so in their server HTML.
#[tokio::test]
async fn cluster_pages_render_their_error_without_a_cluster() {
    let app = TestApp::new().await;
    for (path, loading) in [("/monitors", "Loading monitors"), ("/alerts", "Loading alerts"), ("/channels", "Checking the cluster")] {
        let html = page(&app, path).await;
        assert!(html.contains("No cluster") || html.contains("no cluster"), "{path}: {html}");
        assert!(!html.contains(loading), "{path} rendered its loading state");
    }
    let html = page(&app, "/monitors/some-id").await;
    assert!(html.contains("No cluster") || html.contains("no cluster"), "{html}");
    assert!(!html.contains("Loading the monitor"));
}


/// Building a router renders the app once with every resource load suppressed process-wide;
/// a page rendered meanwhile on another thread used to wait forever for its data (about 1
/// render in 150 while routers were built). Routers are built on one thread while another
/// renders pages; every render must finish.
#[test]
fn pages_render_while_other_routers_are_built() {
    let runtime = || tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let (app, id) = runtime().block_on(async {
        let app = TestApp::new().await;
        let draft = app.create(failed_logins_document()).await;
        let id = draft["id"].as_str().unwrap().to_owned();
        (app, id)
    });
    let state = app.state.clone();
    let done = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let builder = std::thread::spawn({
        let done = done.clone();
        move || {
            let _runtime = runtime().enter();
            let mut built = 0;
            while !done.load(std::sync::atomic::Ordering::Relaxed) {
                drop(monitor_studio::app(state.clone()));
                built += 1;
            }
            built
        }
    });
    let renders = runtime().block_on(async {
        let mut renders = 0;
        for path in ["/", &format!("/drafts/{id}"), &format!("/drafts/{id}/history")].into_iter().cycle().take(300) {
            let reply = tokio::time::timeout(std::time::Duration::from_secs(20), app.get(path)).await;
            assert!(reply.is_ok_and(|r| r.status == 200), "{path} did not render while routers were built");
            renders += 1;
        }
        renders
    });
    done.store(true, std::sync::atomic::Ordering::Relaxed);
    let built = builder.join().unwrap();
    assert!(built > 0 && renders == 300, "{built} routers built during {renders} renders");
}

#[tokio::test]
async fn the_team_page_renders_members_roles_and_patterns() {
    let app = TestApp::new().await;
    let team = app.team("Payments", &["payments-*"]).await;
    let lead = app.token_in("lead", &team, app::api::TeamRole::TeamAdmin).await;
    app.token_in("viewer", &team, app::api::TeamRole::Viewer).await;
    let request = axum::http::Request::get("/team").header("authorization", format!("Bearer {lead}")).body(axum::body::Body::empty()).unwrap();
    let html = app.send(request).await.text;
    for text in ["Team Payments", "payments-*", "lead", "viewer", "Team admin", "Add member", "Save index patterns", "Team: Payments"] {
        assert!(html.contains(text), "{text}: {html}");
    }
    assert!(!html.contains("Loading the team"));
}

#[tokio::test]
async fn the_audit_page_lists_what_happened_for_administrators_only() {
    let app = TestApp::new().await;
    app.create(failed_logins_document()).await;
    let html = page(&app, "/audit").await;
    for text in ["Audit log", "create_draft", "admin", "201", "Only refused or failed"] {
        assert!(html.contains(text), "{text}: {html}");
    }
    assert!(!html.contains("Loading the audit log"));
    let member = app.member_token("mia").await;
    let request = axum::http::Request::get("/audit").header("authorization", format!("Bearer {member}")).body(axum::body::Body::empty()).unwrap();
    let refused = app.send(request).await.text;
    assert!(!refused.contains("create_draft"), "a team admin is not an administrator: {refused}");
}
