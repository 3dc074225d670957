//! Monitor JSON → the form: what "Import", "Edit" and "Duplicate" read.
//!
//! Accepts every shape a monitor travels in: a bare body (the Dashboards' "Export as
//! JSON"), a GET response (`{"_id","_version","_seq_no","_primary_term","monitor":{…}}`), a
//! search hit (`{"_id","_source":{…}}`) and workflow responses (`"workflow":{…}`). Values
//! other writers spell loosely are read leniently (`"true"`, severity `1` or `"1"`, units
//! in any case); server-made fields (`schema_version`, `last_update_time`, `enabled_time`,
//! `owner`, `data_sources`, `user`) are simply not read.

use serde_json::{Map, Value};

use super::super::draft::{
    ActionDraft, ActionScope, ApiType, ClusterMetricsDraft, DefiningMethod, DocQueryDraft, FieldType, Filter, FilterOperator, Metric, MetricAggregation,
    MonitorDraft, MonitorType, ThresholdEnum, TimeUnit, TriggerDraft, VisualQuery,
};
use super::super::monitor::{BucketCondition, DocLevelQuery, Trigger, TriggerKind, lenient};
use super::super::{bucket, composite, document};
use super::super::schedule::from_api_schedule;
use super::super::validate::FieldErrors;
use super::{canonical_search, one};

/// Reads a monitor into a draft.
///
/// With `ui_metadata.search.searchType == "graph"` the visual editor's state is rebuilt
/// from `ui_metadata` — but only if it still generates the saved query; a monitor whose
/// query was changed behind the visual editor's back (or one without `ui_metadata`, e.g.
/// made through the API) opens in the extraction query editor with its query
/// pretty-printed and its trigger scripts as they are. As in the Dashboards, the
/// extraction query and trigger scripts are always filled from the JSON, so switching a
/// visual monitor to the extraction editor starts from what the visual editor built.
///
/// Errors are keyed like validation errors: `monitor_type` ("Unknown monitor type: x"),
/// `schedule`, `triggers[i]`, `triggers[i].severity`, and `monitor` for a document that
/// is not a monitor at all.
pub fn from_monitor_json(v: &Value) -> Result<MonitorDraft, FieldErrors> {
    let (m, monitor_type) = unwrap_monitor(v)?;
    let mut errors = FieldErrors::new();
    let mut d = MonitorDraft { monitor_type, ..MonitorDraft::default() };
    d.name = m.get("name").and_then(lenient::string_value).unwrap_or_default();
    match m.get("enabled").map_or(Some(true), lenient::bool_value) {
        Some(enabled) => d.enabled = enabled,
        None => {
            errors.insert("enabled".into(), "Must be true or false.".into());
        }
    }
    let ui = m.get("ui_metadata").filter(|u| u.is_object());
    let ui_search = ui.and_then(|u| u.get("search")).filter(|s| s.is_object());
    match m.get("schedule") {
        Some(s) => match from_api_schedule(s, ui.and_then(|u| u.get("schedule"))) {
            Ok(f) => d.schedule = f,
            Err(message) => {
                errors.insert("schedule".into(), message);
            }
        },
        None => {
            errors.insert("schedule".into(), "Required.".into());
        }
    }

    let inputs: Vec<Value> = m.get("inputs").and_then(Value::as_array).cloned().unwrap_or_default();
    let first = inputs.first().and_then(Value::as_object);
    let search = first.and_then(|i| i.get("search"));
    let body = first.and_then(|i| i.values().next());
    let listed = search.or_else(|| first.and_then(|i| i.get("doc_level_input")));
    d.indices = listed
        .and_then(|s| s.get("indices"))
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(lenient::string_value).collect())
        .unwrap_or_default();
    let doc_input = first.and_then(|i| i.get("doc_level_input")).filter(|_| monitor_type == MonitorType::DocLevel);
    let shown = match (search, body) {
        (Some(s), _) => s.get("query").cloned(),
        // The Dashboards show a per document input without its indices.
        (None, Some(b)) if doc_input.is_some() => {
            let mut b = b.clone();
            b.as_object_mut().map(|o| o.remove("indices"));
            Some(b)
        }
        (None, Some(b)) => Some(b.clone()),
        _ => None,
    };
    if let Some(q) = shown {
        d.extraction_query = serde_json::to_string_pretty(&q).unwrap_or_default();
    }
    let visual = ui_search.and_then(visual_from_ui);
    if let Some((time_field, v)) = &visual {
        d.time_field = time_field.clone();
        d.visual = v.clone();
    }

    let search_type =
        ui_search.and_then(|s| s.get("searchType")).and_then(Value::as_str).and_then(DefiningMethod::from_api_name);
    d.defining_method = match monitor_type {
        MonitorType::QueryLevel | MonitorType::BucketLevel => match search_type {
            Some(DefiningMethod::Visual) if visual_matches(monitor_type, visual.as_ref(), search) => DefiningMethod::Visual,
            Some(DefiningMethod::AnomalyDetector) => DefiningMethod::AnomalyDetector,
            _ => DefiningMethod::ExtractionQuery,
        },
        MonitorType::DocLevel => {
            let rows = doc_input.and_then(doc_queries_from);
            let visual = search_type == Some(DefiningMethod::Visual) && rows.is_some();
            d.doc_queries = rows.unwrap_or_default();
            if visual { DefiningMethod::Visual } else { DefiningMethod::ExtractionQuery }
        }
        MonitorType::ClusterMetrics => DefiningMethod::ClusterMetrics,
        MonitorType::Composite if search_type == Some(DefiningMethod::ExtractionQuery) => DefiningMethod::ExtractionQuery,
        MonitorType::Composite => DefiningMethod::Visual,
    };
    let uri = first.and_then(|i| i.get("uri")).filter(|_| monitor_type == MonitorType::ClusterMetrics);
    if monitor_type == MonitorType::ClusterMetrics {
        // A request type the form shows opens in it; other inputs (another cluster, a URL of
        // its own) are kept as JSON.
        match uri.and_then(cluster_metrics_from) {
            Some(c) if inputs.len() == 1 => d.cluster_metrics = c,
            _ => d.raw_inputs = Some(Value::Array(inputs.clone())),
        }
    } else if monitor_type == MonitorType::DocLevel {
        if !inputs.is_empty() && doc_input.is_none() {
            errors.insert("inputs".into(), "A per document monitor needs a doc_level_input.".into());
        }
    } else if monitor_type == MonitorType::Composite {
        // Delegates the list shows open in it; chained findings are kept as JSON.
        match composite::delegates_from(&inputs) {
            Some(delegates) => d.delegates = delegates,
            None if inputs.is_empty() => {}
            None => d.raw_inputs = Some(Value::Array(inputs.clone())),
        }
    } else if !inputs.is_empty() && search.is_none() {
        errors.insert("inputs".into(), format!("A {} needs a search input.", monitor_type.label().to_lowercase()));
    }

    let ui_triggers = ui.and_then(|u| u.get("triggers")).and_then(Value::as_object);
    let triggers = m.get("triggers").and_then(Value::as_array).cloned().unwrap_or_default();
    let mut visual_rows = true;
    for (i, tv) in triggers.iter().enumerate() {
        let path = format!("triggers[{i}]");
        let (key, body) = Trigger::unwrap_json(tv);
        let kind = key.and_then(TriggerKind::from_wrapper).unwrap_or(TriggerKind::QueryLevel);
        let expected = match monitor_type {
            MonitorType::QueryLevel | MonitorType::ClusterMetrics => TriggerKind::QueryLevel,
            MonitorType::BucketLevel => TriggerKind::BucketLevel,
            MonitorType::DocLevel => TriggerKind::DocumentLevel,
            MonitorType::Composite => TriggerKind::Chained,
        };
        if expected != kind {
            let label = monitor_type.label().to_lowercase();
            errors.insert(path, format!("A {label} cannot have a {}.", key.unwrap_or("query_level_trigger")));
            continue;
        }
        if !body.is_object() {
            errors.insert(path, "Not a trigger: expected a JSON object.".into());
            continue;
        }
        let mut t = trigger_from_json(body, ui_triggers, &path, &mut errors);
        if monitor_type == MonitorType::BucketLevel {
            visual_rows &= bucket_trigger_from_json(body, &mut t, &path, &mut errors);
        } else if monitor_type == MonitorType::DocLevel {
            // The expression is `script`; the rows show it when they can.
            match document::conditions_from(&t.script) {
                Some(rows) => t.doc_conditions = rows,
                None => visual_rows = false,
            }
        } else if monitor_type == MonitorType::Composite {
            match composite::conditions_from(&t.script) {
                Some(rows) => t.chain_conditions = rows,
                None => visual_rows = false,
            }
        }
        d.triggers.push(t);
    }
    // A bucket or document trigger whose condition the rows cannot show opens in the
    // extraction editor, where it is kept as written.
    if !visual_rows && d.defining_method == DefiningMethod::Visual {
        d.defining_method = DefiningMethod::ExtractionQuery;
    }
    if errors.is_empty() { Ok(d) } else { Err(errors) }
}

/// Strips the GET/search/workflow envelopes and checks `monitor_type`. Workflows are
/// composite monitors whatever their `monitor_type` says.
pub(crate) fn unwrap_monitor(v: &Value) -> Result<(Map<String, Value>, MonitorType), FieldErrors> {
    let not_a_monitor = || one("monitor", "Not a monitor: expected a JSON object with a name and a schedule.");
    let mut cur = v.as_object().ok_or_else(not_a_monitor)?;
    let mut workflow = false;
    for _ in 0..3 {
        let next = ["monitor", "workflow", "_source"]
            .into_iter()
            .find_map(|k| cur.get(k).and_then(Value::as_object).map(|inner| (k, inner)));
        match next {
            Some((k, inner)) => {
                workflow |= k == "workflow";
                cur = inner;
            }
            None => break,
        }
    }
    let mut m = cur.clone();
    workflow |= m.get("type").and_then(Value::as_str) == Some("workflow")
        || m.get("workflow_type").and_then(Value::as_str) == Some("composite");
    let monitor_type = if workflow {
        m.insert("type".into(), Value::String("workflow".into()));
        MonitorType::Composite
    } else {
        match m.get("monitor_type") {
            None | Some(Value::Null) => MonitorType::QueryLevel,
            Some(t) => {
                let name = lenient::string_value(t).unwrap_or_else(|| t.to_string());
                MonitorType::from_api_name(name.trim())
                    .ok_or_else(|| one("monitor_type", format!("Unknown monitor type: {name}")))?
            }
        }
    };
    m.insert("monitor_type".into(), Value::String(monitor_type.api_name().into()));
    Ok((m, monitor_type))
}

/// A query-level trigger (or, for other kinds, the parts the form shows).
fn trigger_from_json(
    body: &Value,
    ui_triggers: Option<&Map<String, Value>>,
    path: &str,
    errors: &mut FieldErrors,
) -> TriggerDraft {
    let mut t = TriggerDraft {
        id: body.get("id").and_then(lenient::string_value),
        name: body.get("name").and_then(lenient::string_value).unwrap_or_default(),
        ..TriggerDraft::default()
    };
    if let Some(s) = body.get("severity").filter(|s| !s.is_null()) {
        match lenient::u64_value(s).and_then(|n| u8::try_from(n).ok()) {
            Some(n) => t.severity = n,
            None => {
                errors.insert(format!("{path}.severity"), "Severity must be a number from 1 to 5.".into());
            }
        }
    }
    let script = body.get("condition").and_then(|c| c.get("script"));
    t.script = match script {
        Some(Value::String(s)) => s.clone(),
        Some(s) => s.get("source").and_then(Value::as_str).unwrap_or_default().to_owned(),
        None => String::new(),
    };
    if let Some(ui) = ui_triggers.and_then(|u| u.get(&t.name)) {
        if let Some(value) = ui.get("value").and_then(lenient::f64_value) {
            t.threshold_value = value;
        }
        if let Some(e) = ui.get("enum").and_then(Value::as_str).and_then(ThresholdEnum::from_name) {
            t.threshold_enum = e;
        }
    }
    let actions = body.get("actions").and_then(Value::as_array).cloned().unwrap_or_default();
    t.actions = actions.iter().map(action_from_json).collect();
    t
}

/// The bucket selector of a bucket-level trigger, as rows when they can show it and always
/// as text. Returns whether the rows show it.
fn bucket_trigger_from_json(body: &Value, t: &mut TriggerDraft, path: &str, errors: &mut FieldErrors) -> bool {
    // The query-level condition fields do not apply: they keep their defaults.
    t.reset_query_condition();
    let raw = body.get("condition").cloned().unwrap_or(Value::Null);
    t.bucket_selector = serde_json::to_string_pretty(&raw).unwrap_or_default();
    let condition: BucketCondition = match serde_json::from_value(raw) {
        Ok(c) => c,
        Err(e) => {
            errors.insert(format!("{path}.condition"), format!("Not a bucket selector: {e}."));
            return false;
        }
    };
    t.keyword_filter = bucket::keyword_filter_from(&condition);
    match bucket::conditions_from(&condition) {
        Some(rows) => {
            t.conditions = rows;
            true
        }
        None => false,
    }
}

/// "Request type" and "Path parameters" of a `uri` input: by `api_type`, else by its path or
/// URL on this cluster. `None` for cross-cluster inputs and URLs the form cannot show.
fn cluster_metrics_from(uri: &Value) -> Option<ClusterMetricsDraft> {
    let text = |key: &str| uri.get(key).and_then(Value::as_str).unwrap_or_default().trim().to_owned();
    if uri.get("clusters").and_then(Value::as_array).is_some_and(|c| !c.is_empty()) {
        return None;
    }
    let url_path = text("url").strip_prefix("http://localhost:9200").map(str::to_owned);
    if !text("url").is_empty() && url_path.is_none() {
        return None;
    }
    let api_type = ApiType::from_api_name(&text("api_type"))
        .or_else(|| ApiType::from_path(&text("path")))
        .or_else(|| ApiType::ALL.into_iter().find(|a| url_path.as_deref().is_some_and(|p| p.starts_with(a.path()))))?;
    let mut path_params = text("path_params");
    if path_params.is_empty()
        && let Some(rest) = url_path.as_deref().and_then(|p| p.strip_prefix(api_type.path()))
    {
        path_params = rest.trim_matches('/').to_owned();
    }
    Some(ClusterMetricsDraft { api_type: Some(api_type), path_params })
}

/// The rows of a per document input's queries, or `None` when any query is not one the
/// rows can show.
fn doc_queries_from(input: &Value) -> Option<Vec<DocQueryDraft>> {
    let queries: Vec<DocLevelQuery> = serde_json::from_value(input.get("queries")?.clone()).ok()?;
    queries.iter().map(DocQueryDraft::from_query).collect()
}

fn action_from_json(a: &Value) -> ActionDraft {
    let template = |key: &str| match a.get(key) {
        Some(Value::String(s)) => s.clone(),
        Some(t) => t.get("source").and_then(Value::as_str).unwrap_or_default().to_owned(),
        None => String::new(),
    };
    let defaults = ActionDraft::default();
    ActionDraft {
        id: a.get("id").and_then(lenient::string_value),
        name: a.get("name").and_then(lenient::string_value).unwrap_or_default(),
        destination_id: a.get("destination_id").and_then(lenient::string_value).unwrap_or_default(),
        subject: template("subject_template"),
        message: template("message_template"),
        throttle_enabled: a.get("throttle_enabled").and_then(lenient::bool_value).unwrap_or(false),
        throttle_minutes: a
            .get("throttle")
            .and_then(|t| t.get("value"))
            .and_then(lenient::u64_value)
            .and_then(|n| u32::try_from(n).ok())
            .unwrap_or(defaults.throttle_minutes),
        scope: a.get("action_execution_policy").and_then(ActionScope::from_policy).unwrap_or_default(),
    }
}

/// The visual editor's state from `ui_metadata.search`, current format (`aggregations`,
/// `filters`) or the Open Distro one (`aggregationType`/`fieldName`, a single `where`).
/// `None` when any part is not understood.
fn visual_from_ui(s: &Value) -> Option<(String, VisualQuery)> {
    let time_field = s.get("timeField").and_then(Value::as_str).unwrap_or_default().to_owned();
    let metrics = match s.get("aggregations") {
        Some(Value::Array(aggs)) => aggs
            .iter()
            .map(|a| {
                Some(Metric {
                    aggregation: MetricAggregation::from_ui_name(a.get("aggregationType")?.as_str()?)?,
                    field: a.get("fieldName").and_then(Value::as_str).unwrap_or_default().to_owned(),
                })
            })
            .collect::<Option<Vec<_>>>()?,
        _ => {
            let kind = s.get("aggregationType").and_then(Value::as_str).unwrap_or("count");
            let field = s.get("fieldName").and_then(Value::as_str).unwrap_or_default();
            if field.is_empty() {
                Vec::new()
            } else {
                vec![Metric { aggregation: MetricAggregation::from_ui_name(kind)?, field: field.to_owned() }]
            }
        }
    };
    let filters = match (s.get("filters"), s.get("where")) {
        (Some(Value::Array(fs)), _) => fs.iter().map(filter_from_ui).collect::<Option<Vec<_>>>()?,
        (_, Some(w)) if !label(w).is_empty() => vec![filter_from_ui(w)?],
        _ => Vec::new(),
    };
    let group_by = s
        .get("groupBy")
        .and_then(Value::as_array)
        .map(|g| g.iter().filter_map(Value::as_str).filter(|g| !g.is_empty()).map(str::to_owned).collect())
        .unwrap_or_default();
    let visual = VisualQuery {
        metrics,
        time_range_value: s
            .get("bucketValue")
            .map_or(Some(1), lenient::u64_value)
            .and_then(|n| u32::try_from(n).ok())?,
        time_range_unit: match s.get("bucketUnitOfTime") {
            None => TimeUnit::Hours,
            Some(u) => TimeUnit::from_suffix(u.as_str()?)?,
        },
        filters,
        group_by,
    };
    Some((time_field, visual))
}

fn label(f: &Value) -> &str {
    match f.get("fieldName") {
        Some(Value::Array(a)) => a.first().and_then(|x| x.get("label")).and_then(Value::as_str).unwrap_or_default(),
        Some(Value::String(s)) => s,
        _ => "",
    }
}

fn filter_from_ui(f: &Value) -> Option<Filter> {
    let kind = match f.get("fieldName") {
        Some(Value::Array(a)) => a.first().and_then(|x| x.get("type")).and_then(Value::as_str),
        _ => None,
    };
    let field_type = kind.map_or(Some(FieldType::Number), FieldType::parse)?;
    let operator = f.get("operator").and_then(Value::as_str).and_then(FilterOperator::parse)?;
    // `""` is the form's "no value"; a missing key is `undefined` upstream.
    let value = |key: &str| match f.get(key) {
        None => Value::Null,
        Some(Value::String(s)) if s.is_empty() => Value::Null,
        Some(v) => v.clone(),
    };
    Some(Filter {
        field: label(f).to_owned(),
        field_type,
        operator,
        value: value("fieldValue"),
        range_start: value("fieldRangeStart"),
        range_end: value("fieldRangeEnd"),
    })
}

/// Whether the visual state still builds the saved query (compared canonically, so the
/// cluster's re-serialized echo matches too).
fn visual_matches(monitor_type: MonitorType, visual: Option<&(String, VisualQuery)>, search: Option<&Value>) -> bool {
    let (Some((time_field, v)), Some(search)) = (visual, search) else { return false };
    let saved = search.get("query").cloned().unwrap_or(Value::Null);
    let built = MonitorDraft { monitor_type, time_field: time_field.clone(), visual: v.clone(), ..MonitorDraft::default() };
    canonical_search(&super::search_body(&built)) == canonical_search(&saved)
}
