//! Mappings → the typed field list the pickers offer (§1.2 of the Dashboards flow): dotted
//! paths; `date`/`date_nanos` as date; the numeric types as number; `fields.keyword`
//! sub-fields as `<path>.keyword`; objects with `enabled: false`, fields with
//! `index: false`, and `nested` fields skipped; unioned across indices.

use std::collections::{BTreeMap, BTreeSet};

use app::api::FieldInfo;

use super::answers::lookups::{FieldSpec, Mappings};

pub fn flatten_mappings(mappings: &Mappings) -> Vec<FieldInfo> {
    let mut out = BTreeSet::new();
    for index in mappings.values() {
        walk(&index.mappings.properties, "", &mut out);
    }
    out.into_iter().collect()
}

fn walk(props: &BTreeMap<String, FieldSpec>, prefix: &str, out: &mut BTreeSet<FieldInfo>) {
    for (name, spec) in props {
        let path = if prefix.is_empty() { name.clone() } else { format!("{prefix}.{name}") };
        let kind = spec.kind.as_deref().unwrap_or("object");
        if kind == "nested" || spec.enabled == Some(false) || spec.index == Some(false) {
            continue;
        }
        if let Some(children) = &spec.properties {
            walk(children, &path, out);
            continue;
        }
        if let Some(field_type) = picker_type(kind) {
            out.insert(FieldInfo { path: path.clone(), field_type: field_type.to_owned() });
        }
        for (sub, sub_spec) in &spec.fields {
            if let Some(t) = sub_spec.kind.as_deref().and_then(picker_type) {
                out.insert(FieldInfo { path: format!("{path}.{sub}"), field_type: t.to_owned() });
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
        let mappings: Mappings = serde_json::from_value(mappings).unwrap();
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
