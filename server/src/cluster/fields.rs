//! Mappings → the typed field list the pickers offer (§1.2 of the Dashboards flow): dotted
//! paths; `date`/`date_nanos` as date; the numeric types as number; `fields.keyword`
//! sub-fields as `<path>.keyword`; objects with `enabled: false`, fields with
//! `index: false`, and `nested` fields skipped; unioned across indices.

use std::collections::BTreeSet;

use app::api::FieldInfo;
use serde_json::Value;

pub fn flatten_mappings(mappings: &Value) -> Vec<FieldInfo> {
    let mut out = BTreeSet::new();
    if let Some(indices) = mappings.as_object() {
        for index in indices.values() {
            if let Some(props) = index["mappings"]["properties"].as_object() {
                walk(props, "", &mut out);
            }
        }
    }
    out.into_iter().collect()
}

fn walk(props: &serde_json::Map<String, Value>, prefix: &str, out: &mut BTreeSet<FieldInfo>) {
    for (name, spec) in props {
        let path = if prefix.is_empty() { name.clone() } else { format!("{prefix}.{name}") };
        let kind = spec["type"].as_str().unwrap_or("object");
        if kind == "nested" || spec["enabled"] == Value::Bool(false) || spec["index"] == Value::Bool(false) {
            continue;
        }
        if let Some(children) = spec["properties"].as_object() {
            walk(children, &path, out);
            continue;
        }
        if let Some(field_type) = picker_type(kind) {
            out.insert(FieldInfo { path: path.clone(), field_type: field_type.to_owned() });
        }
        if let Some(subfields) = spec["fields"].as_object() {
            for (sub, sub_spec) in subfields {
                if let Some(t) = sub_spec["type"].as_str().and_then(picker_type) {
                    out.insert(FieldInfo { path: format!("{path}.{sub}"), field_type: t.to_owned() });
                }
            }
        }
    }
}

fn picker_type(kind: &str) -> Option<&'static str> {
    match kind {
        "long" | "integer" | "short" | "byte" | "double" | "float" | "half_float" | "scaled_float" | "unsigned_long" => Some("number"),
        "date" | "date_nanos" => Some("date"),
        "keyword" | "constant_keyword" | "wildcard" => Some("keyword"),
        "text" | "match_only_text" => Some("text"),
        "boolean" => Some("boolean"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn audit_log_mapping_flattens_like_the_dashboards() {
        let mappings = json!({
            "security-auditlog-2026.11.29": {"mappings": {"properties": {
                "@timestamp": {"type": "date"},
                "audit_category": {"type": "text", "fields": {"keyword": {"type": "keyword", "ignore_above": 256}}},
                "audit_request_effective_user_is_admin": {"type": "boolean"},
                "audit_rest_request_params": {"properties": {"pretty": {"type": "text"}}},
                "bytes": {"type": "long"},
                "secret": {"type": "keyword", "index": false},
                "blob": {"type": "object", "enabled": false},
                "tags": {"type": "nested", "properties": {"k": {"type": "keyword"}}}
            }}},
            "security-auditlog-2026.11.28": {"mappings": {"properties": {"@timestamp": {"type": "date_nanos"}}}}
        });
        let fields: Vec<(String, String)> = flatten_mappings(&mappings).into_iter().map(|f| (f.path, f.field_type)).collect();
        let expected = [
            ("@timestamp", "date"),
            ("audit_category", "text"),
            ("audit_category.keyword", "keyword"),
            ("audit_request_effective_user_is_admin", "boolean"),
            ("audit_rest_request_params.pretty", "text"),
            ("bytes", "number"),
        ];
        assert_eq!(fields, expected.map(|(a, b)| (a.to_owned(), b.to_owned())));
    }
}
