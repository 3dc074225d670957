//! The canonical form of a monitor, for "changed since publish" and "changed on cluster".
//!
//! Two bodies describing the same monitor differ textually in many ways: the cluster adds
//! ids, `schema_version`, `last_update_time`, `enabled_time`, `owner`, `data_sources`; it
//! wraps query-level triggers in `query_level_trigger`; it re-serializes the search body
//! (`gte` becomes `from` + `include_lower`, `{"term":{"f":v}}` becomes
//! `{"term":{"f":{"value":v,"boost":1.0}}}`, `bool` gains `adjust_pure_negative`, terms
//! aggregations gain `size`/`order`…); other writers send `"1"` for `1`. The canonical form
//! removes all of that so equality means "behaves the same".
//!
//! `ui_metadata` is left out on purpose: the cluster hides it from clients that are not the
//! Dashboards, and everything that changes behaviour lives in `schedule`, `inputs` and
//! `triggers`.

use serde_json::{Map, Value};

use super::super::monitor::Monitor;
use super::super::validate::FieldErrors;
use super::import::unwrap_monitor;
use super::one;

/// Fields the cluster adds or owns; not part of what a person authored.
const SERVER_FIELDS: [&str; 12] = [
    "_id",
    "id",
    "_version",
    "version",
    "schema_version",
    "last_update_time",
    "enabled_time",
    "owner",
    "data_sources",
    "user",
    "ui_metadata",
    "associated_workflows",
];

/// The canonical form of any monitor body (bare, GET response or search hit); see the
/// module docs. Errors: `monitor_type` for an unknown type, `monitor` for anything that
/// does not parse as a monitor.
pub fn normalize_monitor_json(v: &Value) -> Result<Value, FieldErrors> {
    let (mut body, _) = unwrap_monitor(v)?;
    for key in SERVER_FIELDS {
        body.remove(key);
    }
    let monitor: Monitor =
        serde_json::from_value(Value::Object(body)).map_err(|e| one("monitor", format!("Not a valid monitor: {e}")))?;
    let mut out = serde_json::to_value(&monitor).map_err(|e| one("monitor", e.to_string()))?;
    if let Some(obj) = out.as_object_mut() {
        obj.remove("ui_metadata");
        obj.remove("owner");
        obj.remove("schema_version");
    }
    if let Some(inputs) = out.get_mut("inputs").and_then(Value::as_array_mut) {
        for input in inputs {
            if let Some(query) = input.pointer_mut("/search/query") {
                *query = canonical_search(query);
            }
            if let Some(Value::Object(doc)) = input.get_mut("doc_level_input") {
                // The cluster's default, written or not.
                if doc.get("fan_out_enabled") == Some(&Value::Bool(true)) {
                    doc.remove("fan_out_enabled");
                }
                for q in doc.get_mut("queries").and_then(Value::as_array_mut).into_iter().flatten().filter_map(Value::as_object_mut) {
                    q.remove("id");
                }
            }
        }
    }
    if let Some(triggers) = out.get_mut("triggers").and_then(Value::as_array_mut) {
        for t in triggers {
            if let Value::Object(b) = crate::model::monitor::Trigger::unwrap_json_mut(t) {
                b.remove("id");
                b.retain(|_, v| !v.is_null());
                // The cluster's default language, written or not.
                if let Some(Value::Object(script)) = b.get_mut("condition").and_then(|c| c.get_mut("script")) {
                    script.entry("lang").or_insert_with(|| Value::String("painless".into()));
                }
                for a in b.get_mut("actions").and_then(Value::as_array_mut).into_iter().flatten() {
                    if let Some(a) = a.as_object_mut() {
                        a.remove("id");
                    }
                }
            }
        }
    }
    Ok(whole_numbers(out))
}

/// `1.0` → `1` everywhere: JSON does not distinguish them, serde_json's equality does.
fn whole_numbers(v: Value) -> Value {
    match v {
        Value::Number(n) if n.is_f64() => match n.as_f64() {
            Some(f) if f.fract() == 0.0 && f.abs() < 9.0e15 => Value::from(f as i64),
            _ => Value::Number(n),
        },
        Value::Array(a) => Value::Array(a.into_iter().map(whole_numbers).collect()),
        Value::Object(o) => Value::Object(o.into_iter().map(|(k, v)| (k, whole_numbers(v))).collect()),
        other => other,
    }
}

/// A search body with the cluster's re-serialization undone: defaults dropped, short forms
/// used, `aggs` spelled `aggregations`. Applied to both sides of a comparison.
pub fn canonical_search(v: &Value) -> Value {
    let Value::Object(obj) = v else { return v.clone() };
    let mut out = Map::new();
    for (k, val) in obj {
        match k.as_str() {
            "query" | "post_filter" => out.insert(k.clone(), canonical_query(val)),
            // The cluster drops an empty `aggregations` (the visual editor's count query).
            "aggs" | "aggregations" if val.as_object().is_some_and(|o| o.is_empty()) => None,
            "aggs" | "aggregations" => out.insert("aggregations".to_owned(), canonical_aggs(val)),
            _ => out.insert(k.clone(), val.clone()),
        };
    }
    whole_numbers(Value::Object(out))
}

fn is_default(v: &Value, default: &Value) -> bool {
    match (v, default) {
        (Value::String(a), Value::String(b)) => a.eq_ignore_ascii_case(b),
        (Value::Number(a), Value::Number(b)) => a.as_f64() == b.as_f64(),
        _ => v == default,
    }
}

/// Removes the keys whose value is the query builder's default (and `boost: 1`).
fn drop_defaults(obj: &Map<String, Value>, defaults: &[(&str, Value)]) -> Map<String, Value> {
    obj.iter()
        .filter(|(k, v)| {
            let unit_boost = k.as_str() == "boost" && is_default(v, &Value::from(1));
            !unit_boost && !defaults.iter().any(|(dk, dv)| dk == k && is_default(v, dv))
        })
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect()
}

/// `{"f":{"value":v}}` → `{"f":v}` once only the main key is left.
fn short_form(v: &Value, main: &str, aliases: &[&str], defaults: &[(&str, Value)]) -> Value {
    let Value::Object(obj) = v else { return v.clone() };
    let mut o = drop_defaults(obj, defaults);
    for alias in aliases {
        if let Some(x) = o.remove(*alias) {
            o.insert(main.to_owned(), x);
        }
    }
    if o.len() == 1
        && let Some(x) = o.get(main)
    {
        return x.clone();
    }
    Value::Object(o)
}

/// Applies `f` to each `{field: body}` entry of a leaf query, dropping a top-level boost.
fn per_field(body: &Value, f: impl Fn(&Value) -> Value) -> Value {
    let Value::Object(obj) = body else { return body.clone() };
    let mut out = Map::new();
    for (k, v) in obj {
        match k.as_str() {
            "boost" if is_default(v, &Value::from(1)) => {}
            "boost" | "_name" => {
                out.insert(k.clone(), v.clone());
            }
            _ => {
                out.insert(k.clone(), f(v));
            }
        }
    }
    Value::Object(out)
}

fn canonical_query(q: &Value) -> Value {
    let Value::Object(obj) = q else { return q.clone() };
    let mut out = Map::new();
    for (kind, body) in obj {
        let b = match kind.as_str() {
            "bool" => canonical_bool(body),
            "range" => per_field(body, canonical_range),
            "term" => per_field(body, |v| short_form(v, "value", &[], &[("case_insensitive", false.into())])),
            "prefix" => per_field(body, |v| short_form(v, "value", &[], &[("case_insensitive", false.into())])),
            "wildcard" => {
                per_field(body, |v| short_form(v, "wildcard", &["value"], &[("case_insensitive", false.into())]))
            }
            "match_phrase" => per_field(body, |v| short_form(v, "query", &[], &match_phrase_defaults())),
            "match" => per_field(body, |v| short_form(v, "query", &[], &match_defaults())),
            "query_string" => with_object(body, |o| drop_defaults(o, &query_string_defaults())),
            "exists" | "terms" | "match_all" | "ids" => with_object(body, |o| drop_defaults(o, &[])),
            "constant_score" => with_object(body, |o| {
                let mut o = drop_defaults(o, &[]);
                if let Some(f) = o.get("filter").map(canonical_query) {
                    o.insert("filter".into(), f);
                }
                o
            }),
            "nested" => with_object(body, |o| {
                let mut o = drop_defaults(o, &[("ignore_unmapped", false.into()), ("score_mode", "avg".into())]);
                if let Some(f) = o.get("query").map(canonical_query) {
                    o.insert("query".into(), f);
                }
                o
            }),
            _ => body.clone(),
        };
        out.insert(kind.clone(), b);
    }
    Value::Object(out)
}

fn with_object(body: &Value, f: impl Fn(&Map<String, Value>) -> Map<String, Value>) -> Value {
    match body {
        Value::Object(o) => Value::Object(f(o)),
        other => other.clone(),
    }
}

/// Clause lists are arrays (a single object is allowed on input), empty ones dropped.
fn canonical_bool(body: &Value) -> Value {
    let Value::Object(obj) = body else { return body.clone() };
    let mut out = drop_defaults(obj, &[("adjust_pure_negative", true.into())]);
    for key in ["must", "filter", "should", "must_not"] {
        let clauses: Vec<Value> = match out.remove(key) {
            Some(Value::Array(a)) => a.iter().map(canonical_query).collect(),
            Some(Value::Null) | None => Vec::new(),
            Some(one) => vec![canonical_query(&one)],
        };
        if !clauses.is_empty() {
            out.insert(key.to_owned(), Value::Array(clauses));
        }
    }
    Value::Object(out)
}

/// `from`/`to` + `include_*` → `gte`/`gt`/`lte`/`lt` (null bounds are open).
fn canonical_range(v: &Value) -> Value {
    let Value::Object(obj) = v else { return v.clone() };
    let mut o = drop_defaults(obj, &[]);
    let lower = o.remove("include_lower").and_then(|b| b.as_bool()).unwrap_or(true);
    let upper = o.remove("include_upper").and_then(|b| b.as_bool()).unwrap_or(true);
    if let Some(from) = o.remove("from").filter(|f| !f.is_null()) {
        o.insert(if lower { "gte" } else { "gt" }.into(), from);
    }
    if let Some(to) = o.remove("to").filter(|t| !t.is_null()) {
        o.insert(if upper { "lte" } else { "lt" }.into(), to);
    }
    Value::Object(o)
}

fn match_phrase_defaults() -> Vec<(&'static str, Value)> {
    vec![("slop", 0.into()), ("zero_terms_query", "NONE".into())]
}

fn match_defaults() -> Vec<(&'static str, Value)> {
    vec![
        ("operator", "OR".into()),
        ("prefix_length", 0.into()),
        ("max_expansions", 50.into()),
        ("fuzzy_transpositions", true.into()),
        ("lenient", false.into()),
        ("zero_terms_query", "NONE".into()),
        ("auto_generate_synonyms_phrase_query", true.into()),
    ]
}

fn query_string_defaults() -> Vec<(&'static str, Value)> {
    vec![
        ("fields", Value::Array(Vec::new())),
        ("type", "best_fields".into()),
        ("default_operator", "or".into()),
        ("max_determinized_states", 10000.into()),
        ("enable_position_increments", true.into()),
        ("fuzziness", "AUTO".into()),
        ("fuzzy_prefix_length", 0.into()),
        ("fuzzy_max_expansions", 50.into()),
        ("phrase_slop", 0.into()),
        ("escape", false.into()),
        ("auto_generate_synonyms_phrase_query", true.into()),
        ("fuzzy_transpositions", true.into()),
    ]
}

fn canonical_aggs(v: &Value) -> Value {
    let Value::Object(obj) = v else { return v.clone() };
    Value::Object(obj.iter().map(|(name, agg)| (name.clone(), canonical_agg(agg))).collect())
}

/// One aggregation: sub-aggregations under `aggregations`, builder defaults dropped.
fn canonical_agg(agg: &Value) -> Value {
    let Value::Object(obj) = agg else { return agg.clone() };
    let mut out = Map::new();
    for (k, v) in obj {
        let (key, val) = match k.as_str() {
            "aggs" | "aggregations" => ("aggregations".to_owned(), canonical_aggs(v)),
            "terms" => (k.clone(), with_object(v, |o| drop_defaults(o, &terms_defaults()))),
            "composite" => (k.clone(), with_object(v, canonical_composite)),
            "filter" => (k.clone(), canonical_query(v)),
            _ => (k.clone(), v.clone()),
        };
        out.insert(key, val);
    }
    Value::Object(out)
}

fn terms_defaults() -> Vec<(&'static str, Value)> {
    vec![
        ("size", 10.into()),
        ("min_doc_count", 1.into()),
        ("shard_min_doc_count", 0.into()),
        ("show_term_doc_count_error", false.into()),
        ("order", serde_json::json!([{"_count": "desc"}, {"_key": "asc"}])),
    ]
}

fn canonical_composite(o: &Map<String, Value>) -> Map<String, Value> {
    let mut o = drop_defaults(o, &[("size", 10.into())]);
    if let Some(Value::Array(sources)) = o.get("sources") {
        let sources = sources
            .iter()
            .map(|s| {
                with_object(s, |named| {
                    named
                        .iter()
                        .map(|(name, src)| {
                            let src = with_object(src, |kinds| {
                                kinds
                                    .iter()
                                    .map(|(kind, body)| {
                                        let defaults = [("missing_bucket", false.into()), ("order", "asc".into())];
                                        (kind.clone(), with_object(body, |b| drop_defaults(b, &defaults)))
                                    })
                                    .collect()
                            });
                            (name.clone(), src)
                        })
                        .collect()
                })
            })
            .collect();
        o.insert("sources".into(), Value::Array(sources));
    }
    o
}
