//! Backtests on the real node: audit events at known times, the Failed-logins template
//! backtested over three hours in parts, and the runs that fire are exactly those whose
//! five-minute window holds the burst of failed logins. Run by `scripts/test` (these are
//! `#[ignore]`d without a node).

mod common;

use axum::http::StatusCode;
use common::{
    TestApp,
    cluster::{Node, cluster_url, unique},
};
use monitor_studio::config::ClusterConfig;
use serde_json::{Value, json};

#[tokio::test]
#[ignore = "needs a real OpenSearch node (scripts/test starts one)"]
async fn a_backtest_fires_exactly_where_the_burst_was() {
    let app = TestApp::with_config(|c| c.cluster = Some(ClusterConfig { url: cluster_url(), ..Default::default() })).await;
    let node = Node::new();
    let index = unique("security-auditlog");
    // A burst of three failed logins 100 minutes ago; one lone failure 40 minutes ago
    // (the trigger needs more than one).
    node.index_audit_events(&index, &[("FAILED_LOGIN", "mallory", 6000), ("FAILED_LOGIN", "mallory", 6010), ("FAILED_LOGIN", "mallory", 6020), ("FAILED_LOGIN", "bob", 2400)]).await;
    let burst_ms = chrono::Utc::now().timestamp_millis() - 6_000_000;
    let created = app.post("/api/v1/drafts", json!({"template": "failed-logins"})).await;
    let mut document = created.body["document"].clone();
    document["indices"] = json!([index]);

    let started = std::time::Instant::now();
    let (mut runs, mut end_ms, mut offset, mut total, mut calls) = (Vec::<Value>::new(), None::<i64>, 0u64, u64::MAX, 0);
    while offset < total {
        let mut body = json!({"document": document, "hours": 3, "offset": offset});
        if let Some(end) = end_ms {
            body["end_ms"] = json!(end);
        }
        let part = app.post("/api/v1/preview/backtest", body).await;
        assert_eq!(part.status, StatusCode::OK, "{}", part.text);
        total = part.body["total_steps"].as_u64().unwrap();
        end_ms = part.body["to_ms"].as_i64();
        assert_eq!(part.body["step_ms"], 60_000, "three hours at one minute: every interval");
        runs.extend(part.body["runs"].as_array().unwrap().iter().cloned());
        offset += part.body["runs"].as_array().unwrap().len() as u64;
        calls += 1;
    }
    println!("backtest: {} runs in {calls} calls, {:?}", runs.len(), started.elapsed());
    assert_eq!(runs.len(), 180);
    assert!(runs.iter().all(|r| r.get("error").is_none()), "{runs:?}");
    let fired: Vec<&Value> = runs.iter().filter(|r| !r["triggered"].as_array().unwrap().is_empty()).collect();
    assert!((4..=6).contains(&fired.len()), "the 5-minute window holds the burst 5 or 6 times: {fired:?}");
    for run in &fired {
        let at = run["period_end_ms"].as_i64().unwrap();
        assert!(at >= burst_ms - 30_000 && at <= burst_ms + 6 * 60_000 + 30_000, "{run}");
        assert_eq!(run["hits"], 3, "{run}");
        assert_eq!(run["triggered"], json!(["Too many failed logins"]));
    }
    // The lone failure 40 minutes ago was counted, and fired nothing.
    assert!(runs.iter().any(|r| r["hits"] == 1));
    node.cleanup(&[], None, Some(&index)).await;
}
