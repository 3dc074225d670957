//! History with authors, four-eyes publish and team templates through the router, with a
//! temporary SQLite (the approval that publishes on a real node is in `reviews_cluster.rs`).

mod common;

use std::time::Duration;

use app::api::TeamRole;
use axum::http::{Method, StatusCode};
use common::{TestApp, failed_logins_document, stub::Stub};
use serde_json::{Value, json};

/// A valid document that notifies nobody (so no channel has to be the team's).
fn document(name: &str) -> Value {
    let mut doc = failed_logins_document();
    doc["name"] = json!(name);
    doc["triggers"][0]["actions"] = json!([]);
    doc
}

struct Team {
    app: TestApp,
    id: String,
    editor: String,
    publisher: String,
    admin: String,
}

/// A team whose publishing needs approval, with an editor, a publisher and a team admin.
async fn four_eyes_team(app: TestApp) -> Team {
    let id = app.team("Payments", &[]).await;
    let editor = app.token_in("erin", &id, TeamRole::Editor).await;
    let publisher = app.token_in("paul", &id, TeamRole::Publisher).await;
    let admin = app.token_in("tess", &id, TeamRole::TeamAdmin).await;
    let set = app.request_as(&admin, Method::PUT, "/api/v1/team", Some(json!({"index_patterns": [], "publish_needs_approval": true}))).await;
    assert_eq!(set.status, StatusCode::OK, "{}", set.text);
    assert_eq!(set.body["publish_needs_approval"], true);
    Team { app, id, editor, publisher, admin }
}

impl Team {
    async fn draft(&self, token: &str, name: &str) -> (String, i64) {
        let created = self.app.request_as(token, Method::POST, "/api/v1/drafts", Some(json!({"document": document(name)}))).await;
        assert_eq!(created.status, StatusCode::CREATED, "{}", created.text);
        (created.body["id"].as_str().unwrap().to_owned(), created.body["version"].as_i64().unwrap())
    }

    async fn call(&self, token: &str, method: Method, uri: &str, body: Option<Value>) -> common::Reply {
        self.app.request_as(token, method, uri, body).await
    }
}

#[tokio::test]
async fn the_history_names_who_did_what_with_their_message_and_diffs_any_two_revisions() {
    let app = TestApp::new().await;
    let ann = app.member_token("ann").await;
    let created = app.request_as(&ann, Method::POST, "/api/v1/drafts", Some(json!({"document": document("Failed logins")}))).await;
    let id = created.body["id"].as_str().unwrap().to_owned();
    let mut doc = document("Failed logins");
    doc["triggers"][0]["severity"] = json!(3);
    let saved = app.put(&format!("/api/v1/drafts/{id}"), json!({"version": 1, "document": doc, "message": "  Lower the severity  "})).await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.text);
    let restored = app.request_as(&ann, Method::POST, &format!("/api/v1/drafts/{id}/restore"), Some(json!({"version": 2, "revision": 1, "message": "too quiet"}))).await;
    assert_eq!(restored.status, StatusCode::OK, "{}", restored.text);

    let history = app.get(&format!("/api/v1/drafts/{id}/history")).await;
    assert_eq!(history.status, StatusCode::OK, "{}", history.text);
    let rows: Vec<(String, String, i64, String)> = history
        .body
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["kind"].as_str().unwrap().into(), e["actor"].as_str().unwrap_or("").into(), e["version"].as_i64().unwrap(), e["message"].as_str().unwrap_or("").into()))
        .collect();
    assert_eq!(
        rows,
        [
            ("restored".into(), "ann".into(), 3, "too quiet".into()),
            ("saved".into(), "admin".into(), 2, "Lower the severity".into()),
            ("saved".into(), "ann".into(), 1, "".into()),
        ],
        "{}",
        history.text
    );
    let revisions = app.get(&format!("/api/v1/drafts/{id}/revisions")).await;
    assert_eq!((revisions.body[1]["author"].as_str(), revisions.body[1]["message"].as_str()), (Some("admin"), Some("Lower the severity")));

    let diff = app.get(&format!("/api/v1/drafts/{id}/diff?from=1&to=2")).await;
    assert_eq!(diff.status, StatusCode::OK, "{}", diff.text);
    assert_eq!(diff.body["changes"], json!([{"path": "triggers[0].severity", "before": "1", "after": "3"}]), "{}", diff.text);
    let same = app.get(&format!("/api/v1/drafts/{id}/diff?from=1&to=3")).await;
    assert_eq!(same.body["changes"], json!([]), "a restore publishes the same monitor: {}", same.text);
    let missing = app.get(&format!("/api/v1/drafts/{id}/diff?from=1&to=99")).await;
    assert_eq!(missing.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", missing.text);
    assert!(missing.body["errors"]["to"].is_string(), "{}", missing.text);

    // Messages are bounded and plain: a refusal names the field and stores nothing.
    for bad in ["x".repeat(1001), "bell\u{7}".into()] {
        let refused = app.put(&format!("/api/v1/drafts/{id}"), json!({"version": 3, "document": document("Failed logins"), "message": bad})).await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", refused.text);
        assert!(refused.body["errors"]["message"].is_string(), "{}", refused.text);
    }
    assert_eq!(app.get(&format!("/api/v1/drafts/{id}")).await.body["version"], 3, "nothing stored");
}

#[tokio::test]
async fn in_a_four_eyes_team_nobody_publishes_directly() {
    let team = four_eyes_team(TestApp::new().await).await;
    let (id, version) = team.draft(&team.editor, "Failed logins").await;
    for token in [&team.publisher, &team.admin] {
        let refused = team.call(token, Method::POST, &format!("/api/v1/drafts/{id}/publish"), Some(json!({"version": version}))).await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN, "{}", refused.text);
        assert!(refused.body["message"].as_str().unwrap().contains("needs approval"), "{}", refused.text);
    }
    // The team's setting shows in `me`, so the editor offers "Request review".
    let me = team.call(&team.editor, Method::GET, "/api/v1/me", None).await;
    assert_eq!(me.body["team"]["publish_needs_approval"], true, "{}", me.text);
}

#[tokio::test]
async fn a_review_freezes_a_revision_and_four_eyes_decide_it() {
    let team = four_eyes_team(TestApp::new().await).await;
    let (id, version) = team.draft(&team.editor, "Failed logins").await;
    let requested = team.call(&team.editor, Method::POST, &format!("/api/v1/drafts/{id}/review"), Some(json!({"version": version, "message": "new monitor"}))).await;
    assert_eq!(requested.status, StatusCode::CREATED, "{}", requested.text);
    let review = requested.body["id"].as_str().unwrap().to_owned();
    assert_eq!((requested.body["state"].as_str(), requested.body["author"].as_str(), requested.body["stale"].as_bool()), (Some("open"), Some("erin"), Some(false)));
    let again = team.call(&team.editor, Method::POST, &format!("/api/v1/drafts/{id}/review"), Some(json!({"version": version}))).await;
    assert_eq!(again.status, StatusCode::CONFLICT, "one open request per version: {}", again.text);
    let old = team.call(&team.editor, Method::POST, &format!("/api/v1/drafts/{id}/review"), Some(json!({"version": version - 1}))).await;
    assert_eq!(old.status, StatusCode::CONFLICT, "{}", old.text);

    // Who sees it waiting: publishers who are not the author.
    let waiting = |token: String| {
        let app = &team.app;
        async move { app.request_as(&token, Method::GET, "/api/v1/reviews?for_me=true", None).await.body.as_array().unwrap().len() }
    };
    assert_eq!(waiting(team.editor.clone()).await, 0, "not the author's own");
    assert_eq!(waiting(team.publisher.clone()).await, 1);
    let all = team.call(&team.editor, Method::GET, "/api/v1/reviews", None).await;
    assert_eq!(all.body.as_array().unwrap().len(), 1, "{}", all.text);
    let detail = team.call(&team.publisher, Method::GET, &format!("/api/v1/reviews/{review}"), None).await;
    assert_eq!(detail.status, StatusCode::OK, "{}", detail.text);
    assert_eq!((detail.body["can_decide"].as_bool(), detail.body["document"]["name"].as_str()), (Some(true), Some("Failed logins")));
    assert!(detail.body["changes"].as_array().unwrap().iter().any(|c| c["path"] == "name" && c["after"] == "Failed logins"), "a first publish shows everything as new: {}", detail.text);
    assert_eq!(team.call(&team.editor, Method::GET, &format!("/api/v1/reviews/{review}"), None).await.body["can_decide"], false);

    // The author cannot approve or reject their own request, whatever their role.
    let own_team_admin = team.app.token_in("ella", &team.id, TeamRole::TeamAdmin).await;
    let (own, own_version) = team.draft(&own_team_admin, "Own").await;
    let own_review = team.call(&own_team_admin, Method::POST, &format!("/api/v1/drafts/{own}/review"), Some(json!({"version": own_version}))).await.body["id"].as_str().unwrap().to_owned();
    for action in ["approve", "reject"] {
        let refused = team.call(&own_team_admin, Method::POST, &format!("/api/v1/reviews/{own_review}/{action}"), Some(json!({"comment": "fine by me"}))).await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN, "{action}: {}", refused.text);
    }
    // An editor cannot decide at all (the route list's permission).
    let denied = team.call(&team.editor, Method::POST, &format!("/api/v1/reviews/{own_review}/approve"), Some(json!({}))).await;
    assert_eq!(denied.status, StatusCode::FORBIDDEN, "{}", denied.text);

    // Rejecting needs a comment, naming the field.
    let bare = team.call(&team.publisher, Method::POST, &format!("/api/v1/reviews/{review}/reject"), Some(json!({}))).await;
    assert_eq!(bare.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", bare.text);
    assert!(bare.body["errors"]["comment"].is_string(), "{}", bare.text);
    let rejected = team.call(&team.publisher, Method::POST, &format!("/api/v1/reviews/{review}/reject"), Some(json!({"comment": "threshold too low"}))).await;
    assert_eq!(rejected.status, StatusCode::OK, "{}", rejected.text);
    assert_eq!((rejected.body["state"].as_str(), rejected.body["reviewer"].as_str(), rejected.body["comment"].as_str()), (Some("rejected"), Some("paul"), Some("threshold too low")));
    let twice = team.call(&team.publisher, Method::POST, &format!("/api/v1/reviews/{review}/approve"), Some(json!({}))).await;
    assert_eq!(twice.status, StatusCode::CONFLICT, "decided once: {}", twice.text);

    // The draft's history tells the story, with authors.
    let history = team.call(&team.editor, Method::GET, &format!("/api/v1/drafts/{id}/history"), None).await;
    let kinds: Vec<(&str, &str)> = history.body.as_array().unwrap().iter().map(|e| (e["kind"].as_str().unwrap(), e["actor"].as_str().unwrap())).collect();
    assert_eq!(kinds, [("rejected", "paul"), ("review_requested", "erin"), ("saved", "erin")], "{}", history.text);
}

#[tokio::test]
async fn an_edit_makes_a_request_stale_and_a_stale_request_is_never_approved() {
    let team = four_eyes_team(TestApp::new().await).await;
    let (id, version) = team.draft(&team.editor, "Failed logins").await;
    let review = team.call(&team.editor, Method::POST, &format!("/api/v1/drafts/{id}/review"), Some(json!({"version": version}))).await.body["id"].as_str().unwrap().to_owned();
    let edited = team.call(&team.editor, Method::PUT, &format!("/api/v1/drafts/{id}"), Some(json!({"version": version, "document": document("Sneaky change")}))).await;
    assert_eq!(edited.status, StatusCode::OK, "{}", edited.text);
    let listed = team.call(&team.publisher, Method::GET, "/api/v1/reviews", None).await;
    assert_eq!(listed.body[0]["stale"], true, "{}", listed.text);
    assert_eq!(team.call(&team.publisher, Method::GET, "/api/v1/reviews?for_me=true", None).await.body, json!([]), "a stale request waits for nobody");
    let refused = team.call(&team.publisher, Method::POST, &format!("/api/v1/reviews/{review}/approve"), Some(json!({}))).await;
    assert_eq!(refused.status, StatusCode::CONFLICT, "{}", refused.text);
    assert!(refused.body["message"].as_str().unwrap().contains("edited after this request"), "{}", refused.text);
    assert_eq!(team.call(&team.publisher, Method::GET, &format!("/api/v1/reviews/{review}"), None).await.body["review"]["state"], "open", "nothing changed");
    // Asking again supersedes the stale request.
    let again = team.call(&team.editor, Method::POST, &format!("/api/v1/drafts/{id}/review"), Some(json!({"version": version + 1}))).await;
    assert_eq!(again.status, StatusCode::CREATED, "{}", again.text);
    let old = team.call(&team.publisher, Method::GET, &format!("/api/v1/reviews/{review}"), None).await;
    assert_eq!(old.body["review"]["state"], "withdrawn", "{}", old.text);
    // Only the author (or a team admin) withdraws.
    let newer = again.body["id"].as_str().unwrap();
    let other_editor = team.app.token_in("ed", &team.id, TeamRole::Editor).await;
    let not_theirs = team.call(&other_editor, Method::POST, &format!("/api/v1/reviews/{newer}/withdraw"), Some(json!({}))).await;
    assert_eq!(not_theirs.status, StatusCode::FORBIDDEN, "{}", not_theirs.text);
    let withdrawn = team.call(&team.editor, Method::POST, &format!("/api/v1/reviews/{newer}/withdraw"), Some(json!({"comment": "later"}))).await;
    assert_eq!((withdrawn.status, withdrawn.body["state"].as_str()), (StatusCode::OK, Some("withdrawn")), "{}", withdrawn.text);
}

#[tokio::test]
async fn an_invalid_draft_or_another_teams_channel_is_refused_before_review() {
    let team = four_eyes_team(TestApp::new().await).await;
    let created = team.call(&team.editor, Method::POST, "/api/v1/drafts", Some(json!({"document": failed_logins_document()}))).await;
    let id = created.body["id"].as_str().unwrap();
    let refused = team.call(&team.editor, Method::POST, &format!("/api/v1/drafts/{id}/review"), Some(json!({"version": 1}))).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", refused.text);
    assert!(refused.body["errors"]["triggers[0].actions[0].destination_id"].is_string(), "{}", refused.text);
    assert_eq!(team.call(&team.editor, Method::GET, "/api/v1/reviews", None).await.body, json!([]), "nothing stored");
}

#[tokio::test]
async fn another_teams_review_requests_are_not_found() {
    let team = four_eyes_team(TestApp::new().await).await;
    let (id, version) = team.draft(&team.editor, "Failed logins").await;
    let review = team.call(&team.editor, Method::POST, &format!("/api/v1/drafts/{id}/review"), Some(json!({"version": version}))).await.body["id"].as_str().unwrap().to_owned();
    let other = team.app.team("Other", &[]).await;
    let stranger = team.app.token_in("sam", &other, TeamRole::TeamAdmin).await;
    assert_eq!(team.call(&stranger, Method::GET, "/api/v1/reviews", None).await.body, json!([]));
    for (method, path) in [(Method::GET, ""), (Method::POST, "/approve"), (Method::POST, "/reject"), (Method::POST, "/withdraw")] {
        let body = (method == Method::POST).then(|| json!({"comment": "mine now"}));
        let reply = team.call(&stranger, method, &format!("/api/v1/reviews/{review}{path}"), body).await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{path}: {}", reply.text);
        assert!(!reply.text.contains("Failed logins"), "{}", reply.text);
    }
    assert_eq!(team.call(&team.editor, Method::GET, &format!("/api/v1/reviews/{review}"), None).await.body["review"]["state"], "open");
}

#[tokio::test]
async fn a_review_webhook_must_be_a_public_host_and_its_secret_stays_masked() {
    let team = four_eyes_team(TestApp::new().await).await;
    for bad in ["http://127.0.0.1:9/hook", "http://169.254.169.254/latest", "ftp://example.com/x", "http://metadata.internal/"] {
        let refused = team.call(&team.admin, Method::PUT, "/api/v1/team", Some(json!({"index_patterns": [], "publish_needs_approval": true, "review_webhook_url": bad}))).await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}: {}", refused.text);
        assert!(refused.body["errors"]["review_webhook_url"].is_string(), "{}", refused.text);
    }
    assert_eq!(team.call(&team.admin, Method::GET, "/api/v1/team", None).await.body["review_webhook_url"], Value::Null, "nothing stored");
    let secret = "https://93.184.215.14/hooks/T0123456789abcdef";
    let set = team.call(&team.admin, Method::PUT, "/api/v1/team", Some(json!({"index_patterns": [], "publish_needs_approval": true, "review_webhook_url": secret}))).await;
    assert_eq!(set.status, StatusCode::OK, "{}", set.text);
    let shown = set.body["review_webhook_url"].as_str().unwrap().to_owned();
    assert!(!shown.contains("T0123456789abcdef"), "masked: {shown}");
    // Sending the mask back keeps the secret.
    let kept = team.call(&team.admin, Method::PUT, "/api/v1/team", Some(json!({"index_patterns": [], "publish_needs_approval": true, "review_webhook_url": shown}))).await;
    assert_eq!(kept.status, StatusCode::OK, "{}", kept.text);
    let stored = team.app.state.teams.get(&team.id).await.unwrap().review_webhook_url;
    assert_eq!(stored.as_deref(), Some(secret));
}

#[tokio::test]
async fn a_new_request_is_announced_to_the_teams_webhook() {
    let hook = Stub::start(Duration::ZERO, |_, _| Some((200, json!({"ok": true})))).await;
    let app = TestApp::with_config(|c| {
        c.cluster = Some(monitor_studio::config::ClusterConfig { url: "http://127.0.0.1:9".into(), channel_hosts: vec!["127.0.0.1".into()], ..Default::default() })
    })
    .await;
    let team = four_eyes_team(app).await;
    let url = format!("{}/hooks/reviews", hook.url);
    let set = team.call(&team.admin, Method::PUT, "/api/v1/team", Some(json!({"index_patterns": [], "publish_needs_approval": true, "review_webhook_url": url}))).await;
    assert_eq!(set.status, StatusCode::OK, "{}", set.text);
    let (id, version) = team.draft(&team.editor, "Failed logins").await;
    let review = team.call(&team.editor, Method::POST, &format!("/api/v1/drafts/{id}/review"), Some(json!({"version": version, "message": "please"}))).await;
    assert_eq!(review.status, StatusCode::CREATED, "{}", review.text);
    let mut sent = None;
    for _ in 0..100 {
        sent = hook.last_body("POST /hooks/reviews");
        if sent.is_some() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let sent = sent.expect("the webhook was called");
    assert_eq!((sent["event"].as_str(), sent["team"].as_str()), (Some("review_requested"), Some("Payments")), "{sent}");
    assert_eq!((sent["review"]["id"].clone(), sent["review"]["message"].as_str()), (review.body["id"].clone(), Some("please")));
    assert!(sent["url"].as_str().unwrap().ends_with(&format!("/reviews/{}", review.body["id"].as_str().unwrap())), "{sent}");
}

#[tokio::test]
async fn a_team_template_is_the_teams_alone() {
    let team = four_eyes_team(TestApp::new().await).await;
    let (id, _) = team.draft(&team.editor, "Payments failed logins").await;
    let saved = team.call(&team.editor, Method::POST, "/api/v1/team/templates", Some(json!({"draft_id": id, "title": "Payments baseline"}))).await;
    assert_eq!(saved.status, StatusCode::CREATED, "{}", saved.text);
    let template = saved.body["id"].as_str().unwrap().to_owned();
    assert!(template.starts_with("team:"), "{template}");
    let again = team.call(&team.editor, Method::POST, "/api/v1/team/templates", Some(json!({"draft_id": id, "title": "Payments baseline"}))).await;
    assert_eq!(again.status, StatusCode::CONFLICT, "{}", again.text);
    let bad = team.call(&team.editor, Method::POST, "/api/v1/team/templates", Some(json!({"draft_id": id, "title": " "}))).await;
    assert!(bad.body["errors"]["title"].is_string(), "{}", bad.text);

    let gallery = team.call(&team.publisher, Method::GET, "/api/v1/templates", None).await;
    assert_eq!(gallery.body[0]["title"], "Payments baseline", "{}", gallery.text);
    assert_eq!(gallery.body[0]["category"], "Team template, by erin");
    let made = team.call(&team.publisher, Method::POST, "/api/v1/drafts", Some(json!({"template": template}))).await;
    assert_eq!(made.status, StatusCode::CREATED, "{}", made.text);
    assert_eq!(made.body["document"]["name"], "Payments failed logins");

    // Another team neither sees nor uses it.
    let other = team.app.team("Other", &[]).await;
    let stranger = team.app.token_in("sam", &other, TeamRole::TeamAdmin).await;
    let theirs = team.call(&stranger, Method::GET, "/api/v1/templates", None).await;
    assert!(!theirs.text.contains("Payments baseline"), "{}", theirs.text);
    let used = team.call(&stranger, Method::POST, "/api/v1/drafts", Some(json!({"template": template}))).await;
    assert_eq!(used.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", used.text);
    assert!(used.body["errors"]["template"].is_string(), "{}", used.text);
    assert_eq!(team.call(&stranger, Method::DELETE, &format!("/api/v1/team/templates/{template}"), None).await.status, StatusCode::NOT_FOUND);
    let from_their_draft = team.call(&stranger, Method::POST, "/api/v1/team/templates", Some(json!({"draft_id": id, "title": "Stolen"}))).await;
    assert_eq!(from_their_draft.status, StatusCode::NOT_FOUND, "{}", from_their_draft.text);
    assert_eq!(team.call(&team.editor, Method::DELETE, &format!("/api/v1/team/templates/{template}"), None).await.status, StatusCode::NO_CONTENT);
}
