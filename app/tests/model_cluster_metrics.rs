//! Per cluster metrics monitors: the Dashboards' request types (alerting-ui-flow.md §1.7
//! "Cluster metrics"), what the form writes (the cluster's path, no URL), reading back what
//! the Dashboards and the cluster write, and the path-parameter rules.

mod model_support;

use app::model::cluster_metrics::DEFAULT_CLUSTER_METRICS_SCRIPT;
use app::model::convert::{from_monitor_json, normalize_monitor_json, to_monitor_json};
use app::model::validate::{validate, validate_for_publish};
use app::model::*;
use model_support::*;
use serde_json::{Value, json};

/// A cluster health monitor as the Dashboards write it.
fn dashboards_monitor() -> Value {
    json!({
        "name": "Cluster not green", "type": "monitor", "monitor_type": "cluster_metrics_monitor", "enabled": true,
        "schedule": {"period": {"interval": 1, "unit": "MINUTES"}},
        "inputs": [{"uri": {"api_type": "CLUSTER_HEALTH", "path": "_cluster/health", "path_params": "security-auditlog-*",
                            "url": "http://localhost:9200/_cluster/health/security-auditlog-*", "clusters": []}}],
        "triggers": [{"name": "Not green", "severity": "1", "condition": {"script": {"source": "ctx.results[0].status != \"green\"", "lang": "painless"}},
                      "actions": [], "min_time_between_executions": null, "rolling_window_size": null}],
        "ui_metadata": {"schedule": {"frequency": "interval", "period": {"interval": 1, "unit": "MINUTES"}}, "monitor_type": "cluster_metrics_monitor",
                        "search": {"searchType": "clusterMetrics"}}
    })
}

#[test]
fn the_dashboards_request_types_in_their_words() {
    let labels: Vec<&str> = ApiType::ALL.iter().map(|a| a.label()).collect();
    assert_eq!(
        labels,
        ["Cluster health", "Cluster stats", "Cluster settings", "Nodes stats", "List indices", "List pending tasks",
         "List index and shard recoveries", "List shards", "List snapshots", "List tasks"]
    );
    for a in ApiType::ALL {
        assert_eq!(ApiType::from_api_name(a.api_name()), Some(a));
        assert_eq!(ApiType::from_path(a.path()), Some(a), "{a:?}");
        assert!(a.path().starts_with('/'));
    }
    assert_eq!(ApiType::CatSnapshots.api_name(), "CAT_SNAPSHOTS");
    assert!(ApiType::CatSnapshots.requires_params());
    assert!(!ApiType::CatTasks.takes_params());
}

#[test]
fn a_dashboards_monitor_opens_in_the_form_and_is_written_with_the_clusters_path() {
    let d = from_monitor_json(&dashboards_monitor()).unwrap();
    assert_eq!(d.monitor_type, MonitorType::ClusterMetrics);
    assert_eq!(d.defining_method, DefiningMethod::ClusterMetrics);
    assert_eq!(d.raw_inputs, None);
    assert_eq!(d.cluster_metrics, ClusterMetricsDraft { api_type: Some(ApiType::ClusterHealth), path_params: "security-auditlog-*".into() });
    assert_eq!(d.triggers[0].raw, None, "its trigger is a query-level one, edited in the form");
    assert!(validate_for_publish(&d).is_empty(), "{:?}", validate_for_publish(&d));
    let v = to_monitor_json(&d).unwrap();
    assert_eq!(
        v["inputs"],
        json!([{"uri": {"api_type": "CLUSTER_HEALTH", "path": "/_cluster/health", "path_params": "security-auditlog-*", "url": "", "clusters": []}}])
    );
    assert_eq!(v["ui_metadata"]["search"], json!({"searchType": "clusterMetrics"}));
    assert_eq!(v["triggers"][0]["condition"]["script"]["source"], "ctx.results[0].status != \"green\"");

    // The cluster fills in the URL; the echo is the same monitor.
    let mut echo = v.clone();
    echo["inputs"][0]["uri"]["url"] = json!("http://localhost:9200/_cluster/health/security-auditlog-*");
    let reopened = from_monitor_json(&json!({"_id": "m1", "monitor": echo})).unwrap();
    assert_eq!(reopened.cluster_metrics, d.cluster_metrics);
    // A URL alone (an API-made monitor) names the type and its parameters too.
    let mut by_url = dashboards_monitor();
    by_url["inputs"][0]["uri"] = json!({"url": "http://localhost:9200/_cat/indices/logs-*"});
    let d = from_monitor_json(&by_url).unwrap();
    assert_eq!(d.cluster_metrics, ClusterMetricsDraft { api_type: Some(ApiType::CatIndices), path_params: "logs-*".into() });
    assert_eq!(normalize_monitor_json(&to_monitor_json(&d).unwrap()).unwrap()["inputs"][0]["uri"]["path"], "/_cat/indices");
}

#[test]
fn inputs_the_form_cannot_show_are_kept_as_json() {
    for uri in [
        json!({"api_type": "CLUSTER_HEALTH", "path": "/_cluster/health", "clusters": ["remote-1"]}),
        json!({"url": "http://elsewhere:9200/_cluster/health"}),
        json!({"path": "/_snapshot/status"}),
    ] {
        let mut m = dashboards_monitor();
        m["inputs"][0]["uri"] = uri.clone();
        let d = from_monitor_json(&m).unwrap();
        assert_eq!(d.raw_inputs, Some(m["inputs"].clone()), "{uri}");
        assert_eq!(to_monitor_json(&d).unwrap()["inputs"], m["inputs"], "written back unchanged: {uri}");
        assert!(validate_for_publish(&d).is_empty(), "{uri}: {:?}", validate_for_publish(&d));
    }
}

#[test]
fn path_parameters_follow_the_request_type() {
    let mut d = MonitorDraft { name: "m".into(), ..MonitorDraft::default() };
    d.set_monitor_type(MonitorType::ClusterMetrics);
    assert_eq!(d.defining_method, DefiningMethod::ClusterMetrics);
    assert_eq!(error(&validate_for_publish(&d), "cluster_metrics.api_type"), "Select an API.");
    assert!(validate(&d).is_empty(), "not chosen yet is not a hint: {:?}", validate(&d));

    d.set_api_type(Some(ApiType::CatSnapshots));
    assert_eq!(error(&validate(&d), "cluster_metrics.path_params"), "Path parameters are required for this API.");
    d.cluster_metrics.path_params = "my repo".into();
    assert!(error(&validate(&d), "cluster_metrics.path_params").starts_with("The provided path parameters contain invalid characters or spaces. Please omit: : \" +"));
    d.cluster_metrics.path_params = "../_security".into();
    assert!(error(&validate(&d), "cluster_metrics.path_params").starts_with("Path parameters are names of"));
    d.cluster_metrics.path_params = "backups/x".into();
    assert!(error(&validate(&d), "cluster_metrics.path_params").starts_with("Path parameters are names of"), "no '/' inside");
    // Surrounding '/' are trimmed, as the Dashboards do.
    d.cluster_metrics.path_params = "/backups/".into();
    assert!(validate_for_publish(&d).is_empty(), "{:?}", validate_for_publish(&d));
    assert_eq!(to_monitor_json(&d).unwrap()["inputs"][0]["uri"]["path_params"], "backups");

    d.cluster_metrics.api_type = Some(ApiType::CatTasks);
    assert_eq!(error(&validate(&d), "cluster_metrics.path_params"), "The list tasks API takes no path parameters.");
    d.set_api_type(Some(ApiType::CatTasks));
    assert_eq!(d.cluster_metrics.path_params, "", "choosing an API without parameters clears them");
}

#[test]
fn trigger_conditions_start_from_the_request_types_and_follow_it_while_untouched() {
    let mut d = MonitorDraft::default();
    d.set_monitor_type(MonitorType::ClusterMetrics);
    let t = d.new_trigger();
    assert_eq!(t.script, DEFAULT_CLUSTER_METRICS_SCRIPT);
    d.triggers.push(t);
    d.set_api_type(Some(ApiType::ClusterHealth));
    assert_eq!(d.triggers[0].script, "ctx.results[0].status != \"green\"");
    assert_eq!(d.new_trigger().script, "ctx.results[0].status != \"green\"");
    d.triggers[0].script = "ctx.results[0].number_of_nodes < 3".into();
    d.set_api_type(Some(ApiType::CatIndices));
    assert_eq!(d.triggers[0].script, "ctx.results[0].number_of_nodes < 3", "a written condition stays");
    // Back to another type: the editor is visual again.
    d.set_monitor_type(MonitorType::QueryLevel);
    assert_eq!(d.defining_method, DefiningMethod::Visual);
}
