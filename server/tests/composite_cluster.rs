//! Composite monitors on the real node: two query monitors published through the API, a
//! composite monitor chaining them ("the first fired and the second did not"), published as
//! a workflow; a run executes both delegates and raises the chained alert, which the monitor
//! page, its alerts table, its history and its delegates' states show, and which can be
//! acknowledged. A composite monitor refuses another team's monitor and one that does not
//! exist, and its delegates cannot be deleted while it uses them. Run by `scripts/test`
//! (`#[ignore]`d without a node).

mod common;

use std::time::Duration;

use app::api::TeamRole;
use app::model::{ActionDraft, ActionScope, ApiType, ChainConditionDraft, ChainOperator, DefiningMethod, MonitorDraft, MonitorType, TriggerDraft};
use axum::http::StatusCode;
use common::{
    TestApp,
    cluster::{Story, eventually},
};
use serde_json::{Value, json};

/// A per query monitor over `index` whose trigger fires when more than `above` documents match.
fn query_monitor(name: &str, index: &str, above: u64) -> MonitorDraft {
    MonitorDraft {
        name: name.into(),
        indices: vec![index.into()],
        defining_method: DefiningMethod::ExtractionQuery,
        extraction_query: r#"{"size": 0, "query": {"match_all": {}}}"#.into(),
        triggers: vec![TriggerDraft { name: format!("More than {above}"), script: format!("ctx.results[0].hits.total.value > {above}"), ..TriggerDraft::default() }],
        ..MonitorDraft::default()
    }
}

fn composite(name: &str, delegates: &[&str], channel: &str) -> MonitorDraft {
    let mut d = MonitorDraft { name: name.into(), ..MonitorDraft::default() };
    d.set_monitor_type(MonitorType::Composite);
    d.delegates = delegates.iter().map(|s| s.to_string()).collect();
    d.triggers = vec![TriggerDraft {
        name: "First alone".into(),
        chain_conditions: vec![
            ChainConditionDraft { operator: ChainOperator::Plain, monitor_id: delegates[0].into() },
            ChainConditionDraft { operator: ChainOperator::AndNot, monitor_id: delegates[1].into() },
        ],
        actions: vec![ActionDraft {
            name: "Tell the receiver".into(),
            destination_id: channel.into(),
            message: "{{ctx.monitor.name}} fired".into(),
            scope: ActionScope::PerExecution,
            ..ActionDraft::default()
        }],
        ..TriggerDraft::default()
    }];
    d
}

async fn publish(app: &TestApp, token: Option<&str>, document: &MonitorDraft) -> (StatusCode, Value) {
    let body = json!({"document": document});
    let created = match token {
        Some(t) => app.request_as(t, axum::http::Method::POST, "/api/v1/drafts", Some(body)).await,
        None => app.post("/api/v1/drafts", body).await,
    };
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text);
    let path = format!("/api/v1/drafts/{}/publish", created.body["id"].as_str().unwrap());
    let published = match token {
        Some(t) => app.request_as(t, axum::http::Method::POST, &path, Some(json!({"version": 1}))).await,
        None => app.post(&path, json!({"version": 1})).await,
    };
    (published.status, published.body)
}

#[tokio::test]
#[ignore = "needs a real OpenSearch node (scripts/test starts one)"]
async fn a_composite_monitor_runs_its_delegates_and_raises_a_chained_alert() {
    let Story { node, app, suffix, index, channel, receiver } = Story::start("chain", &[("FAILED_LOGIN", "mallory", 30), ("FAILED_LOGIN", "eve", 20)]).await;

    let (status, first) = publish(&app, None, &query_monitor(&format!("Any event {suffix}"), &index, 0)).await;
    assert_eq!(status, StatusCode::OK, "{first}");
    let (status, second) = publish(&app, None, &query_monitor(&format!("A flood {suffix}"), &index, 1000)).await;
    assert_eq!(status, StatusCode::OK, "{second}");
    let (m1, m2) = (first["monitor_id"].as_str().unwrap().to_owned(), second["monitor_id"].as_str().unwrap().to_owned());

    // Refusals, each naming its delegate: another team's monitor, one that does not exist.
    let other_team = app.team(&format!("Other {suffix}"), &["security-auditlog-*"]).await;
    let bob = app.token_in(&format!("bob-{suffix}"), &other_team, TeamRole::Publisher).await;
    let (status, theirs) = publish(&app, Some(&bob), &query_monitor(&format!("Theirs {suffix}"), &index, 0)).await;
    assert_eq!(status, StatusCode::OK, "{theirs}");
    let m3 = theirs["monitor_id"].as_str().unwrap().to_owned();
    let alice = app.member_token(&format!("alice-{suffix}")).await;
    let (status, refused) = publish(&app, Some(&alice), &composite(&format!("Borrowed {suffix}"), &[&m1, &m3], &channel)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{refused}");
    assert_eq!(refused["errors"]["delegates[1]"], json!(format!("No monitor with id {m3:?} in your team.")), "{refused}");
    let (status, refused) = publish(&app, None, &composite(&format!("Ghost {suffix}"), &[&m1, "NoSuchMonitor0000000"], &channel)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{refused}");
    assert_eq!(refused["errors"]["delegates[1]"], json!("No monitor with id \"NoSuchMonitor0000000\" on the cluster."), "{refused}");
    assert!(node.monitors_named(&format!("Ghost {suffix}")).await.is_empty());
    // Only per query, per bucket and per document monitors are delegates.
    let mut metrics = MonitorDraft { name: format!("Cluster health {suffix}"), ..MonitorDraft::default() };
    metrics.set_monitor_type(MonitorType::ClusterMetrics);
    metrics.set_api_type(Some(ApiType::ClusterHealth));
    let (status, health) = publish(&app, None, &metrics).await;
    assert_eq!(status, StatusCode::OK, "{health}");
    let m4 = health["monitor_id"].as_str().unwrap().to_owned();
    let (status, refused) = publish(&app, None, &composite(&format!("Health {suffix}"), &[&m1, &m4], &channel)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{refused}");
    assert_eq!(
        refused["errors"]["delegates[1]"],
        json!(format!("\"Cluster health {suffix}\" is a per cluster metrics monitor: a composite monitor chains per query, per bucket and per document monitors only.")),
        "{refused}"
    );
    // Delegates kept as JSON are checked the same way, down to the monitor whose findings one chains.
    let mut chained = composite(&format!("Chained {suffix}"), &[&m1, &m2], &channel);
    chained.raw_inputs = Some(json!([{"composite_input": {"sequence": {"delegates": [
        {"order": 1, "monitor_id": m1}, {"order": 2, "monitor_id": m2, "chained_monitor_findings": {"monitor_id": m3}}]}}}]));
    let (status, refused) = publish(&app, Some(&alice), &chained).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{refused}");
    assert_eq!(refused["errors"]["delegates[1].chained_monitor_findings"], json!(format!("No monitor with id {m3:?} in your team.")), "{refused}");

    // The preview before publishing: each delegate dry-run by id, the expression over them.
    let name = format!("Events but no flood {suffix}");
    let draft = composite(&name, &[&m1, &m2], &channel);
    let preview = app.post("/api/v1/preview", json!({"document": draft})).await;
    assert_eq!(preview.status, StatusCode::OK, "{}", preview.text);
    let ran: Vec<(&str, bool)> = preview.body["delegates"].as_array().unwrap().iter().map(|d| (d["name"].as_str().unwrap(), d["alerted"].as_bool().unwrap())).collect();
    assert_eq!(ran, [(format!("Any event {suffix}").as_str(), true), (format!("A flood {suffix}").as_str(), false)], "{}", preview.text);
    assert_eq!(preview.body["delegates"][0]["triggers"], json!(["More than 0"]));
    assert_eq!((preview.body["triggers"][0]["name"].as_str(), preview.body["triggers"][0]["triggered"].as_bool()), (Some("First alone"), Some(true)), "{}", preview.text);
    let mut both = draft.clone();
    both.triggers[0].chain_conditions[1].operator = ChainOperator::And;
    let preview = app.post("/api/v1/preview", json!({"document": both})).await;
    assert_eq!(preview.body["triggers"][0]["triggered"], false, "{}", preview.text);
    let borrowed = app.request_as(&alice, axum::http::Method::POST, "/api/v1/preview", Some(json!({"document": composite(&name, &[&m1, &m3], &channel)}))).await;
    assert_eq!(borrowed.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", borrowed.text);
    assert_eq!(borrowed.body["errors"]["delegates[1]"], json!(format!("No monitor with id {m3:?} in your team.")));
    // A backtest: the delegates dry-run at each past step, the expression over them.
    let backtest = app.post("/api/v1/preview/backtest", json!({"document": draft, "hours": 1, "limit": 5})).await;
    assert_eq!(backtest.status, StatusCode::OK, "{}", backtest.text);
    assert_eq!(backtest.body["total_steps"], 60, "{}", backtest.text);
    let fired: Vec<&Value> = backtest.body["runs"].as_array().unwrap().iter().map(|r| &r["triggered"]).collect();
    assert_eq!(fired, vec![&json!(["First alone"]); 5], "the first delegate reads every document at every step: {}", backtest.text);
    let backtest = app.post("/api/v1/preview/backtest", json!({"document": composite(&name, &[&m1, &m4], &channel), "hours": 1, "limit": 5})).await;
    assert_eq!(backtest.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", backtest.text);
    assert!(backtest.body["errors"]["delegates[1]"].as_str().unwrap().contains("cannot be replayed"), "{}", backtest.text);
    assert!(receiver.bodies.lock().unwrap().is_empty(), "a preview sends nothing");

    // Published as a workflow: its own API, the Dashboards' body.
    let (status, published) = publish(&app, None, &draft).await;
    assert_eq!(status, StatusCode::OK, "{published}");
    let workflow_id = published["monitor_id"].as_str().unwrap().to_owned();
    let stored = node.get(&format!("/_plugins/_alerting/workflows/{workflow_id}")).await;
    assert_eq!(stored["workflow"]["inputs"][0]["composite_input"]["sequence"]["delegates"], json!([{"order": 1, "monitor_id": m1}, {"order": 2, "monitor_id": m2}]));
    let condition = &stored["workflow"]["triggers"][0]["chained_alert_trigger"]["condition"]["script"]["source"];
    assert_eq!(condition, &json!(format!("(monitor[id={m1}] && !monitor[id={m2}])")));

    // The monitors list and the page know it as a composite monitor with two delegates.
    let listed = app.get(&format!("/api/v1/monitors?search={suffix}")).await;
    let row = listed.body["monitors"].as_array().unwrap().iter().find(|m| m["id"] == json!(workflow_id)).cloned().expect("listed");
    assert_eq!(row["monitor_type"], "composite", "{row}");
    let page = app.get(&format!("/api/v1/monitors/{workflow_id}")).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.text);
    assert_eq!(page.body["monitor_type"], "composite");
    let names: Vec<&str> = page.body["delegates"].as_array().unwrap().iter().map(|d| d["name"].as_str().unwrap()).collect();
    assert_eq!(names, [format!("Any event {suffix}"), format!("A flood {suffix}")]);
    let delegate_page = app.get(&format!("/api/v1/monitors/{m1}")).await;
    assert_eq!(delegate_page.body["workflows"][0]["name"], json!(name), "{}", delegate_page.text);

    // A run executes both delegates in order; only the first triggers, so the chain fires.
    let (status, run) = node.call(reqwest::Method::POST, &format!("/_plugins/_alerting/workflows/{workflow_id}/_execute"), None).await;
    assert_eq!(status, 200, "{run}");
    let ran: Vec<&str> = run["monitor_run_results"].as_array().unwrap().iter().map(|r| r["monitor_name"].as_str().unwrap()).collect();
    assert_eq!(ran, [format!("Any event {suffix}"), format!("A flood {suffix}")], "{run}");
    assert!(run["trigger_results"].as_object().unwrap().values().all(|t| t["triggered"] == true), "{run}");
    let sent = receiver.wait_for(Duration::from_secs(30), |b| b.contains(&name)).await.expect("the chained trigger's message");
    assert_eq!(sent, format!("{name} fired"));

    let alerts = eventually(Duration::from_secs(30), "the chained alert", || async {
        let listed = app.get(&format!("/api/v1/monitors/{workflow_id}/alerts")).await;
        assert_eq!(listed.status, StatusCode::OK, "{}", listed.text);
        (listed.body["total"] == 1).then_some(listed.body)
    })
    .await;
    let alert = &alerts["alerts"][0];
    assert_eq!((alert["state"].as_str(), alert["trigger_name"].as_str()), (Some("ACTIVE"), Some("First alone")), "{alerts}");
    let page = app.get(&format!("/api/v1/monitors/{workflow_id}")).await;
    assert_eq!(page.body["active_alerts"], 1, "{}", page.text);
    let delegates = page.body["delegates"].as_array().unwrap();
    assert_eq!((delegates[0]["triggered_runs"].as_u64(), delegates[1]["triggered_runs"].as_u64()), (Some(1), Some(0)), "{}", page.text);
    assert!(delegates[0]["last_triggered"].is_string() && delegates[1].get("last_triggered").is_none(), "{}", page.text);
    let history = app.get(&format!("/api/v1/monitors/{workflow_id}/history")).await;
    assert_eq!(history.status, StatusCode::OK, "{}", history.text);
    let row = &history.body["rows"][0];
    assert_eq!(row["trigger_name"], "First alone", "{}", history.text);
    assert!(row["segments"].as_array().unwrap().iter().any(|s| s["state"] == "triggered"), "the red shows: {row}");

    // A team member's alerts dashboard and monitors list count it under the composite monitor.
    let groups = app.request_as(&alice, axum::http::Method::GET, "/api/v1/alerts", None).await;
    assert_eq!(groups.status, StatusCode::OK, "{}", groups.text);
    let group = groups.body["groups"].as_array().unwrap().iter().find(|g| g["monitor_id"] == json!(workflow_id)).cloned().expect("the composite monitor's group");
    assert_eq!((group["monitor_name"].as_str(), group["trigger_name"].as_str(), group["active"].as_u64()), (Some(name.as_str()), Some("First alone"), Some(1)), "{group}");
    let in_group = app.request_as(&alice, axum::http::Method::GET, &format!("/api/v1/alerts/list?monitor_id={workflow_id}&trigger_id={}", group["trigger_id"].as_str().unwrap()), None).await;
    assert_eq!(in_group.body["total"], 1, "{}", in_group.text);
    let listed = app.request_as(&alice, axum::http::Method::GET, &format!("/api/v1/monitors?search={suffix}"), None).await;
    let row = listed.body["monitors"].as_array().unwrap().iter().find(|m| m["id"] == json!(workflow_id)).cloned().expect("listed for the team");
    assert_eq!((row["active"].as_u64(), row["latest_alert"].as_str()), (Some(1), Some("First alone")), "{row}");

    let acked = app.post(&format!("/api/v1/monitors/{workflow_id}/acknowledge"), json!({"alerts": [alert["id"]]})).await;
    assert_eq!(acked.status, StatusCode::OK, "{}", acked.text);
    assert_eq!(acked.body["acknowledged"].as_array().map(Vec::len), Some(1), "{}", acked.text);

    // Switched off and on again through its own API.
    for (verb, enabled) in [("disable", false), ("enable", true)] {
        let switched = app.post(&format!("/api/v1/monitors/{workflow_id}/{verb}"), json!({})).await;
        assert_eq!((switched.status, switched.body["enabled"].as_bool()), (StatusCode::OK, Some(enabled)), "{}", switched.text);
        assert_eq!(node.get(&format!("/_plugins/_alerting/workflows/{workflow_id}")).await["workflow"]["enabled"], json!(enabled));
    }
    // It opens as a draft in the form, its delegates and rows as published.
    let reopened = app.post(&format!("/api/v1/monitors/{workflow_id}/draft"), json!({})).await;
    assert!(reopened.status.is_success(), "{}", reopened.text);
    assert_eq!(reopened.body["document"]["delegates"], json!([m1, m2]), "{}", reopened.text);
    assert_eq!(reopened.body["document"]["triggers"][0]["chain_conditions"][1], json!({"operator": "AND NOT", "monitor_id": m2}));

    // Its delegates stay while it uses them; the composite monitor itself goes.
    let kept = app.delete(&format!("/api/v1/monitors/{m1}")).await;
    assert_eq!(kept.status, StatusCode::CONFLICT, "{}", kept.text);
    let gone = app.delete(&format!("/api/v1/monitors/{workflow_id}")).await;
    assert_eq!(gone.status, StatusCode::NO_CONTENT, "{}", gone.text);
    assert_eq!(app.get(&format!("/api/v1/monitors/{workflow_id}")).await.status, StatusCode::NOT_FOUND);

    node.cleanup(&[m1, m2, m3, m4], Some(&channel), Some(&index)).await;
}
