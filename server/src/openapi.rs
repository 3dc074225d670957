//! `GET /api/v1/openapi.json`: the API described for the tools that embed Monitor Studio.
//! Schemas are generated from the very types the handlers use (`app::api`, `app::model`),
//! so they cannot drift; the route table below names each operation once.

use app::{api::*, model::MonitorDraft};
use axum::{Router, routing::get};
use schemars::{JsonSchema, SchemaGenerator, generate::SchemaSettings};
use serde_json::{Map, Value, json};

use crate::{AppState, json::AppJson};

pub fn router() -> Router<AppState> {
    Router::new().route("/openapi.json", get(openapi))
}

async fn openapi() -> AppJson<Value> {
    AppJson(document())
}

/// One operation: method, path, summary, query parameters, request and response schemas.
struct Op {
    method: &'static str,
    path: &'static str,
    summary: &'static str,
    query: &'static [&'static str],
    request: Option<Value>,
    response: Option<Value>,
    status: u16,
}

fn op(method: &'static str, path: &'static str, summary: &'static str) -> Op {
    Op { method, path, summary, query: &[], request: None, response: None, status: 200 }
}

impl Op {
    fn query(mut self, names: &'static [&'static str]) -> Op {
        self.query = names;
        self
    }
    fn takes<T: JsonSchema>(mut self, g: &mut SchemaGenerator) -> Op {
        self.request = Some(g.subschema_for::<T>().to_value());
        self
    }
    fn gives<T: JsonSchema>(mut self, g: &mut SchemaGenerator) -> Op {
        self.response = Some(g.subschema_for::<T>().to_value());
        self
    }
    fn status(mut self, status: u16) -> Op {
        self.status = status;
        self
    }
}

fn operations(g: &mut SchemaGenerator) -> Vec<Op> {
    vec![
        op("get", "/drafts", "List drafts, newest first").query(&["search", "limit", "offset"]).gives::<DraftList>(g),
        op("post", "/drafts", "Create a draft (defaults, a document, or a template)").takes::<CreateDraft>(g).gives::<Draft>(g).status(201),
        op("post", "/drafts/import", "Import any monitor JSON as a draft").takes::<ImportDraft>(g).gives::<Draft>(g).status(201),
        op("post", "/drafts/check-cluster", "Flag drafts whose monitor changed on the cluster"),
        op("get", "/drafts/{id}", "One draft").gives::<Draft>(g),
        op("put", "/drafts/{id}", "Save a new version (409 if `version` is stale)").takes::<SaveDraft>(g).gives::<Draft>(g),
        op("delete", "/drafts/{id}", "Delete a draft").status(204),
        op("post", "/drafts/{id}/rename", "Rename").takes::<RenameDraft>(g).gives::<Draft>(g),
        op("post", "/drafts/{id}/duplicate", "Copy a draft").gives::<Draft>(g).status(201),
        op("get", "/drafts/{id}/revisions", "History of a draft").gives::<Vec<RevisionSummary>>(g),
        op("get", "/drafts/{id}/revisions/{version}", "One revision").gives::<Revision>(g),
        op("post", "/drafts/{id}/restore", "Restore a revision as the newest version").takes::<RestoreRevision>(g).gives::<Draft>(g),
        op("get", "/drafts/{id}/export", "The re-postable monitor body").gives::<ExportedMonitor>(g),
        op("post", "/drafts/{id}/publish", "Create or update the cluster monitor (409 with changes if it moved on)").takes::<PublishRequest>(g).gives::<PublishResult>(g),
        op("get", "/templates", "The templates gallery").gives::<Vec<TemplateInfo>>(g),
        op("post", "/schedule/preview", "A schedule in words and its next runs").takes::<app::model::Frequency>(g).gives::<SchedulePreview>(g),
        op("get", "/timezones", "IANA timezones").gives::<Vec<String>>(g),
        op("get", "/cluster", "The cluster's status and plugins").gives::<ClusterStatus>(g),
        op("get", "/cluster/indices", "Index, alias and data stream suggestions").query(&["pattern"]).gives::<Vec<IndexSuggestion>>(g),
        op("get", "/cluster/fields", "Mapped fields of indices, by type").query(&["indices"]).gives::<Vec<FieldInfo>>(g),
        op("post", "/preview", "Dry-run the (unsaved) document: query, triggers, rendered messages").takes::<PreviewRequest>(g).gives::<PreviewResult>(g),
        op("post", "/preview/chart", "The visual query over 5× its window, bucketed").takes::<ChartRequest>(g).gives::<ChartResult>(g),
        op("post", "/preview/test-message", "Send one action's message for real").takes::<TestMessageRequest>(g).gives::<TestMessageResult>(g),
        op("get", "/channels", "Notification channels").gives::<ChannelList>(g),
        op("post", "/channels", "Create a channel").takes::<ChannelInput>(g).gives::<Channel>(g).status(201),
        op("get", "/channels/{id}", "One channel").gives::<Channel>(g),
        op("put", "/channels/{id}", "Update a channel").takes::<ChannelInput>(g).gives::<Channel>(g),
        op("delete", "/channels/{id}", "Delete a channel").status(204),
        op("post", "/channels/{id}/test", "Send a test message").gives::<ChannelTestResult>(g),
        op("get", "/monitors", "Monitors on the cluster with alert counts").query(&["search", "state", "sort", "order", "limit", "offset"]).gives::<MonitorList>(g),
        op("post", "/monitors/bulk", "Enable, disable, delete or acknowledge several monitors").takes::<BulkMonitorRequest>(g).gives::<BulkResult>(g),
        op("get", "/monitors/{id}", "One monitor").gives::<MonitorDetail>(g),
        op("delete", "/monitors/{id}", "Delete a monitor").status(204),
        op("post", "/monitors/{id}/enable", "Enable (seq_no checked)").gives::<MonitorEnabled>(g),
        op("post", "/monitors/{id}/disable", "Disable (seq_no checked)").gives::<MonitorEnabled>(g),
        op("get", "/monitors/{id}/export", "The monitor as a re-postable body").gives::<ExportedMonitor>(g),
        op("get", "/monitors/{id}/history", "Per-trigger timeline and alert histogram").query(&["days"]).gives::<MonitorHistory>(g),
        op("get", "/monitors/{id}/alerts", "Alerts of a monitor").query(&["severity", "state", "search", "sort", "order", "limit", "offset"]).gives::<AlertList>(g),
        op("post", "/monitors/{id}/acknowledge", "Acknowledge active alerts").takes::<AcknowledgeRequest>(g).gives::<AcknowledgeResult>(g),
        op("post", "/monitors/{id}/draft", "The linked draft, or a new draft imported from the monitor").gives::<Draft>(g),
        op("get", "/alerts", "Alerts across monitors, grouped by trigger").query(&["severity", "state", "search", "sort", "order", "limit", "offset"]).gives::<AlertGroupList>(g),
        op("get", "/alerts/list", "The alerts of one trigger of one monitor").query(&["monitor_id", "trigger_id", "severity", "state", "search", "order", "limit", "offset"]).gives::<AlertList>(g),
        op("post", "/alerts/acknowledge", "Acknowledge the active alerts of trigger groups").takes::<AcknowledgeGroupsRequest>(g).gives::<AcknowledgeResult>(g),
        op("get", "/openapi.json", "This document"),
    ]
}

pub fn document() -> Value {
    let mut g = SchemaSettings::openapi3().into_generator();
    let ops = operations(&mut g);
    let error = g.subschema_for::<ErrorBody>().to_value();
    let conflict = g.subschema_for::<Conflict>().to_value();
    let _ = g.subschema_for::<MonitorDraft>();
    let mut paths = Map::new();
    for o in ops {
        let mut parameters: Vec<Value> = o
            .path
            .split('/')
            .filter_map(|seg| seg.strip_prefix('{').and_then(|s| s.strip_suffix('}')))
            .map(|name| json!({"name": name, "in": "path", "required": true, "schema": {"type": "string"}}))
            .collect();
        parameters.extend(o.query.iter().map(|name| json!({"name": name, "in": "query", "required": false, "schema": {"type": "string"}})));
        let ok = match o.response {
            Some(schema) => json!({"description": "OK", "content": {"application/json": {"schema": schema}}}),
            None => json!({"description": "OK"}),
        };
        let mut responses = Map::new();
        responses.insert(o.status.to_string(), ok);
        for (code, what) in [("400", "Malformed input"), ("404", "Not found"), ("413", "Body too large"), ("422", "Invalid field(s)"), ("502", "The cluster failed or is unreachable"), ("503", "No cluster configured")] {
            responses.insert(code.into(), json!({"description": what, "content": {"application/json": {"schema": error}}}));
        }
        responses.insert("409".into(), json!({"description": "Stale version or changed on the cluster", "content": {"application/json": {"schema": conflict}}}));
        let mut operation = json!({"summary": o.summary, "parameters": parameters, "responses": responses});
        if let Some(schema) = o.request {
            operation["requestBody"] = json!({"required": true, "content": {"application/json": {"schema": schema}}});
        }
        let entry = paths.entry(format!("/api/v1{}", o.path)).or_insert_with(|| json!({}));
        entry[o.method] = operation;
    }
    json!({
        "openapi": "3.0.3",
        "info": {
            "title": "Monitor Studio API",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "Author OpenSearch alerting monitors as drafts and publish them. Errors are {message, errors: {field.path: message}}."
        },
        "paths": paths,
        "components": {"schemas": g.take_definitions(true)}
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every `$ref` points at a schema the document defines.
    fn refs(v: &Value, out: &mut Vec<String>) {
        match v {
            Value::Object(m) => {
                if let Some(Value::String(r)) = m.get("$ref") {
                    out.push(r.clone());
                }
                m.values().for_each(|x| refs(x, out));
            }
            Value::Array(a) => a.iter().for_each(|x| refs(x, out)),
            _ => {}
        }
    }

    #[test]
    fn the_document_is_complete_and_self_contained() {
        let doc = document();
        assert_eq!(doc["openapi"], "3.0.3");
        for path in ["/api/v1/drafts", "/api/v1/drafts/{id}", "/api/v1/drafts/{id}/publish", "/api/v1/preview", "/api/v1/channels", "/api/v1/monitors/{id}/history"] {
            assert!(doc["paths"][path].is_object(), "{path} missing");
        }
        assert!(doc["paths"]["/api/v1/drafts/{id}"]["put"]["requestBody"].is_object());
        let mut all = Vec::new();
        refs(&doc, &mut all);
        assert!(!all.is_empty());
        for r in all {
            let name = r.strip_prefix("#/components/schemas/").unwrap_or_else(|| panic!("unexpected ref {r}"));
            assert!(doc["components"]["schemas"][name].is_object(), "{r} is not defined");
        }
    }
}
