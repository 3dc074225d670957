//! `GET /api/v1/openapi.json`: the API described for the tools that embed Monitor Studio.
//! Every operation comes from the one route list (`app::api::ops`) and every schema from the
//! very types the handlers read and answer, so the document cannot drift from the server.

use app::{
    api::{Call, Conflict, ErrorBody, Permission, contract::{Media, placeholders}, ops},
    model::MonitorDraft,
};
use schemars::generate::SchemaSettings;
use serde_json::{Map, Value, json};

use crate::{api::Ctx, auth::SESSION_COOKIE, error::ApiResult};

mod examples;

pub async fn get_openapi(_: Ctx, _: Call<ops::GetOpenApi>) -> ApiResult<Value> {
    Ok(document())
}

/// The error answers every operation may give, beside its own success status.
const ERRORS: [(&str, &str); 8] = [
    ("400", "Malformed input"),
    ("401", "Not signed in, or a token that is wrong, expired or revoked"),
    ("403", "Signed in, but not allowed (role, team, or what an embed link grants)"),
    ("404", "Not found"),
    ("413", "Body too large"),
    ("422", "Invalid field(s)"),
    ("502", "The cluster failed or is unreachable"),
    ("503", "No cluster configured"),
];

pub fn document() -> Value {
    let mut g = SchemaSettings::openapi3().into_generator();
    let error = g.subschema_for::<ErrorBody>().to_value();
    let conflict = g.subschema_for::<Conflict>().to_value();
    let _ = g.subschema_for::<MonitorDraft>();
    let mut paths = Map::new();
    for op in ops::ALL {
        let schemas = (op.schemas)(&mut g);
        let mut parameters: Vec<Value> = placeholders(op.path)
            .map(|name| json!({"name": name, "in": "path", "required": true, "schema": {"type": "string"}}))
            .collect();
        if let Some(query) = schemas.query {
            let query = query.to_value();
            let required: Vec<&str> = query["required"].as_array().into_iter().flatten().filter_map(Value::as_str).collect();
            for (name, schema) in query["properties"].as_object().into_iter().flatten() {
                let mut parameter = json!({"name": name, "in": "query", "required": required.contains(&name.as_str()), "schema": schema});
                if let Some(description) = schema.get("description") {
                    parameter["description"] = description.clone();
                }
                parameters.push(parameter);
            }
        }
        let ok = match schemas.response {
            Some(schema) => {
                // JSON lines: the schema of one line, an element of the answer's list.
                let schema = schema.to_value();
                let schema = if op.media == Media::JsonLines { schema.get("items").cloned().unwrap_or(schema) } else { schema };
                json!({"description": "OK", "content": {op.media.content_type(): {"schema": schema}}})
            }
            None => json!({"description": "No content"}),
        };
        let mut responses = Map::new();
        responses.insert(op.status.to_string(), ok);
        for (code, what) in ERRORS {
            let example = examples::error(code);
            responses.insert(code.into(), json!({"description": what, "content": {"application/json": {"schema": error, "example": example}}}));
        }
        responses.insert("409".into(), json!({"description": "Stale version or changed on the cluster", "content": {"application/json": {"schema": conflict}}}));
        let mut operation = json!({
            "operationId": op.id,
            "summary": op.summary.trim(),
            "parameters": parameters,
            "responses": responses,
            "x-permission": op.permission.as_str(),
            "security": if op.permission == Permission::Public { json!([]) } else { json!([{"bearerToken": []}, {"sessionCookie": [], "csrfToken": []}]) },
        });
        if let Some(grant) = op.embed {
            operation["x-embed-grant"] = json!(<&str>::from(grant));
        }
        if let Some(schema) = schemas.body {
            operation["requestBody"] = json!({"required": true, "content": {"application/json": {"schema": schema.to_value()}}});
            if let Some(example) = examples::request(op.id) {
                operation["requestBody"]["content"]["application/json"]["example"] = example;
            }
        }
        if let Some(example) = examples::response(op.id) {
            operation["responses"][op.status.to_string()]["content"][op.media.content_type()]["example"] = example;
        }
        let entry = paths.entry(format!("/api/v1{}", op.path)).or_insert_with(|| json!({}));
        entry[op.method.as_str().to_ascii_lowercase()] = operation;
    }
    json!({
        "openapi": "3.0.3",
        "info": {
            "title": "Monitor Studio API",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "Author OpenSearch alerting monitors as drafts and publish them. Every error is `ErrorBody`: {message, errors: {field.path: message}}. `x-permission` names what a caller must be allowed to do; `x-embed-grant` what an embed link must grant to call the operation (an operation without it is refused to every embed link). `/api/v1` is stable: a change to a path or a shape gets a new version."
        },
        "paths": paths,
        "components": {
            "schemas": g.take_definitions(true),
            "securitySchemes": {
                "bearerToken": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "An API token (`ms_…`, made on the API tokens page or with `monitor-studio admin token`), or the signed JWT of an embed link (what the link grants, in its team)."
                },
                "sessionCookie": {"type": "apiKey", "in": "cookie", "name": SESSION_COOKIE, "description": "The browser's session after signing in."},
                "csrfToken": {"type": "apiKey", "in": "header", "name": "X-CSRF-Token", "description": "With the session cookie, every state-changing request sends the session's CSRF token (the page's `<meta name=\"csrf-token\">`)."}
            }
        }
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
        // Security schemes, and which operations need none.
        assert_eq!(doc["components"]["securitySchemes"]["bearerToken"]["scheme"], "bearer");
        assert_eq!(doc["components"]["securitySchemes"]["sessionCookie"]["name"], "ms_session");
        assert_eq!(doc["paths"]["/api/v1/openapi.json"]["get"]["security"], json!([]));
        assert_eq!(doc["paths"]["/api/v1/drafts"]["post"]["security"][0], json!({"bearerToken": []}));
        assert_eq!(doc["paths"]["/api/v1/drafts"]["post"]["x-embed-grant"], "author");
        assert!(doc["paths"]["/api/v1/drafts"]["get"].get("x-embed-grant").is_none());
        // Examples of a request, an answer and the errors.
        assert_eq!(doc["paths"]["/api/v1/drafts"]["post"]["requestBody"]["content"]["application/json"]["example"]["template"], "failed-logins");
        let unprocessable = &doc["paths"]["/api/v1/drafts"]["post"]["responses"]["422"]["content"]["application/json"];
        assert!(unprocessable["example"]["errors"].is_object());
        assert_eq!(unprocessable["schema"]["$ref"], "#/components/schemas/ErrorBody");
        assert!(doc["paths"]["/api/v1/drafts/{id}/publish"]["post"]["responses"]["200"]["content"]["application/json"]["example"]["monitor_id"].is_string());
        let mut all = Vec::new();
        refs(&doc, &mut all);
        assert!(!all.is_empty());
        for r in all {
            let name = r.strip_prefix("#/components/schemas/").unwrap_or_else(|| panic!("unexpected ref {r}"));
            assert!(doc["components"]["schemas"][name].is_object(), "{r} is not defined");
        }
    }
}
