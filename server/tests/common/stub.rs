//! A stub cluster on 127.0.0.1: answers `/` and `_cat/plugins` as a 2.19 node with the
//! alerting and notifications plugins, everything else as the test's `answer` says, and
//! records every request line. For what a real node cannot be made to do on demand:
//! answer a shape it never would, or be slow while many requests race.

use std::{
    sync::{Arc, Mutex},
    time::Duration,
};

use axum::{body::Body, extract::Request, http::StatusCode, response::Response};
use serde_json::{Value, json};

/// What the test's closure answers: `None` is a 404 with an OpenSearch error body.
pub type Answer = Option<(u16, Value)>;

pub struct Stub {
    pub url: String,
    pub seen: Arc<Mutex<Vec<String>>>,
    /// Each request line with the body it carried.
    pub bodies: Arc<Mutex<Vec<(String, String)>>>,
}

impl Stub {
    /// `answer(method, path_and_query)`; each answer is sent after `delay`.
    pub async fn start(delay: Duration, answer: impl Fn(&str, &str) -> Answer + Clone + Send + Sync + 'static) -> Stub {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let seen = Arc::new(Mutex::new(Vec::new()));
        let bodies = Arc::new(Mutex::new(Vec::new()));
        let (log, body_log) = (seen.clone(), bodies.clone());
        let app = axum::Router::new().fallback(move |request: Request| {
            let (log, body_log, answer) = (log.clone(), body_log.clone(), answer.clone());
            async move {
                let (method, uri) = (request.method().to_string(), request.uri().to_string());
                log.lock().unwrap().push(format!("{method} {uri}"));
                let sent = axum::body::to_bytes(request.into_body(), usize::MAX).await.unwrap_or_default();
                body_log.lock().unwrap().push((format!("{method} {uri}"), String::from_utf8_lossy(&sent).into_owned()));
                let (status, body) = if uri == "/" {
                    (200, json!({"cluster_name": "stub", "version": {"number": "2.19.4", "distribution": "opensearch"}}))
                } else if uri.starts_with("/_cat/plugins") {
                    (200, json!([{"component": "opensearch-alerting"}, {"component": "opensearch-notifications"}]))
                } else {
                    tokio::time::sleep(delay).await;
                    answer(&method, &uri).unwrap_or((404, json!({"error": {"type": "resource_not_found_exception", "reason": format!("stub: nothing at {uri}")}, "status": 404})))
                };
                Response::builder()
                    .status(StatusCode::from_u16(status).unwrap())
                    .header("content-type", "application/json")
                    .body(Body::from(body.to_string()))
                    .unwrap()
            }
        });
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        Stub { url, seen, bodies }
    }

    /// The body of the last request that matched `prefix`.
    pub fn last_body(&self, prefix: &str) -> Option<Value> {
        self.bodies.lock().unwrap().iter().rev().find(|(line, _)| line.starts_with(prefix)).and_then(|(_, b)| serde_json::from_str(b).ok())
    }

    /// How many requests matched `prefix` (`"POST /_plugins/_alerting/monitors?"`).
    pub fn count(&self, prefix: &str) -> usize {
        self.seen.lock().unwrap().iter().filter(|l| l.starts_with(prefix)).count()
    }
}

/// A per query monitor as `GET …/monitors/{id}` answers it (tokens included).
pub fn monitor_doc(id: &str) -> Value {
    json!({
        "_id": id, "_version": 3, "_seq_no": 7, "_primary_term": 2,
        "monitor": {
            "type": "monitor", "schema_version": 8, "name": "Failed logins", "monitor_type": "query_level_monitor",
            "enabled": true, "enabled_time": 1_795_930_173_728_i64, "last_update_time": 1_795_930_173_728_i64,
            "schedule": {"period": {"interval": 1, "unit": "MINUTES"}},
            "inputs": [{"search": {"indices": ["security-auditlog-*"], "query": {"size": 0, "query": {"match_all": {}}}}}],
            "triggers": [{"query_level_trigger": {"id": "t1", "name": "Any", "severity": "1",
                "condition": {"script": {"source": "ctx.results[0].hits.total.value > 0", "lang": "painless"}}, "actions": []}}],
            "ui_metadata": {}
        },
        "associated_workflows": []
    })
}
