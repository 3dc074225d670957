//! The form ⇄ the cluster's monitor JSON.
//!
//! Export ([`to_monitor`], [`to_monitor_json`]) writes exactly what the Dashboards'
//! `formikToMonitor` + `formikToTrigger` + `prepareTriggers` write, `ui_metadata` included,
//! so a monitor published here reopens in the Dashboards' visual editor and vice versa.
//! Import ([`from_monitor_json`]) reads whatever a person pastes or the cluster returns;
//! [`normalize_monitor_json`] gives the canonical form used to tell real changes from
//! formatting differences.
//!
//! Deliberate differences from the Dashboards:
//! - New triggers and actions carry no `id` (the Dashboards invent `notification123456`);
//!   the cluster assigns one, and ids from the draft (i.e. from the cluster) are kept so an
//!   update does not re-create them.
//! - Weekly schedules spell Thursday `THU` (see [`super::schedule`]).
//! - Monitor types the form does not author are written from the draft's verbatim
//!   `raw_inputs` and trigger `raw` JSON.

mod import;
mod normalize;

pub use import::from_monitor_json;
pub use normalize::{canonical_search, normalize_monitor_json};

use serde_json::{Map, Value, json};

use super::draft::{ActionDraft, DefiningMethod, Filter, MonitorDraft, MonitorType, TriggerDraft};
use super::monitor::{
    Action, BucketLevelTrigger, ChainedAlertTrigger, DocLevelInput, DocumentLevelTrigger, Input, Monitor, MustacheTemplate,
    QueryLevelTrigger, Script, ScriptCondition, SearchInput, Throttle, Trigger, UriInput,
};
use super::{bucket, composite, document};
use super::query::{self, js_number_value};
use super::schedule::{to_schedule, to_ui_schedule};
use super::validate::{FieldErrors, INVALID_JSON};

/// The draft as the cluster's typed monitor. Fails only where no monitor can be built at
/// all (an extraction query that is not JSON, unreadable raw JSON); an *incomplete* draft
/// (no name, no index) still converts, so it can be previewed with `_execute`.
pub fn to_monitor(draft: &MonitorDraft) -> Result<Monitor, FieldErrors> {
    let mut errors = FieldErrors::new();
    let inputs = inputs(draft, &mut errors);
    let triggers = draft.triggers.iter().enumerate().filter_map(|(i, t)| trigger(draft, i, t, &mut errors)).collect();
    if !errors.is_empty() {
        return Err(errors);
    }
    let composite = draft.monitor_type == MonitorType::Composite;
    let ui_metadata = Some(ui_metadata(draft, &inputs));
    Ok(Monitor {
        r#type: if composite { "workflow" } else { "monitor" }.to_owned(),
        name: draft.name.clone(),
        monitor_type: draft.monitor_type,
        workflow_type: composite.then(|| "composite".to_owned()),
        enabled: draft.enabled,
        schedule: to_schedule(&draft.schedule),
        inputs,
        triggers,
        ui_metadata,
        owner: composite.then(|| "alerting".to_owned()),
        schema_version: composite.then_some(0),
    })
}

/// The re-postable body (`POST _plugins/_alerting/monitors`), exactly the Dashboards'
/// envelope. Raw inputs and raw triggers are written verbatim, so fields the typed model
/// does not know survive a round trip.
pub fn to_monitor_json(draft: &MonitorDraft) -> Result<Value, FieldErrors> {
    let monitor = to_monitor(draft)?;
    let mut v = serde_json::to_value(&monitor).map_err(|e| one("monitor", e.to_string()))?;
    if keeps_raw_inputs(draft)
        && let Some(raw) = &draft.raw_inputs
    {
        v["inputs"] = raw.clone();
    }
    for (i, t) in draft.triggers.iter().enumerate() {
        if let Some(raw) = &t.raw {
            v["triggers"][i] = raw.clone();
        }
    }
    Ok(v)
}

pub(crate) fn one(key: &str, message: impl Into<String>) -> FieldErrors {
    FieldErrors::from([(key.to_owned(), message.into())])
}

/// Inputs the form cannot show (another cluster's metrics, delegates that chain findings)
/// and bucket drafts imported before the form edited them keep their inputs verbatim.
pub fn keeps_raw_inputs(draft: &MonitorDraft) -> bool {
    draft.monitor_type != MonitorType::QueryLevel && draft.raw_inputs.is_some()
}

fn inputs(draft: &MonitorDraft, errors: &mut FieldErrors) -> Vec<Input> {
    if keeps_raw_inputs(draft) {
        let raw = draft.raw_inputs.clone().unwrap_or_default();
        let parsed = serde_json::from_value::<Vec<Input>>(raw).map_err(|e| format!("Not valid inputs: {e}"));
        return parsed.unwrap_or_else(|message| {
            errors.insert("raw_inputs".into(), message);
            Vec::new()
        });
    }
    let indices: Vec<String> = draft.indices.iter().filter(|i| !i.is_empty()).cloned().collect();
    if draft.monitor_type == MonitorType::DocLevel {
        return doc_level_input(draft, indices, errors).map(Input::DocLevelInput).into_iter().collect();
    }
    if draft.monitor_type == MonitorType::ClusterMetrics {
        return vec![Input::Uri(uri_input(&draft.cluster_metrics))];
    }
    if draft.monitor_type == MonitorType::Composite {
        return vec![composite::input(&draft.delegates)];
    }
    let query = match draft.defining_method {
        DefiningMethod::Visual => search_body(draft),
        _ => match serde_json::from_str::<Value>(&draft.extraction_query) {
            Ok(v) => v,
            Err(_) => {
                errors.insert("extraction_query".into(), INVALID_JSON.into());
                Value::Null
            }
        },
    };
    vec![Input::Search(SearchInput { indices, query })]
}

/// `formikToClusterMetricsInput`, with the cluster's path and no URL (see
/// [`super::cluster_metrics`]).
fn uri_input(c: &super::draft::ClusterMetricsDraft) -> UriInput {
    UriInput {
        api_type: c.api_type.map(|a| a.api_name().to_owned()).unwrap_or_default(),
        path: c.api_type.map(|a| a.path().to_owned()).unwrap_or_default(),
        path_params: c.trimmed_params(),
        url: String::new(),
        clusters: Vec::new(),
    }
}

/// `formikToDocLevelInput`: the visual rows as query-string queries, or the extraction
/// editor's `{"description","queries"}` as typed.
fn doc_level_input(draft: &MonitorDraft, indices: Vec<String>, errors: &mut FieldErrors) -> Option<DocLevelInput> {
    if draft.defining_method == DefiningMethod::Visual {
        let queries = draft.doc_queries.iter().map(document::DocQueryDraft::to_query).collect();
        return Some(DocLevelInput { description: String::new(), indices, queries, fan_out_enabled: None });
    }
    match document::input_from_text(&draft.extraction_query) {
        Ok((description, queries)) => Some(DocLevelInput { description, indices, queries, fan_out_enabled: None }),
        Err(message) => {
            errors.insert("extraction_query".into(), message);
            None
        }
    }
}

/// The visual editor's saved search body for the draft's type.
pub fn search_body(draft: &MonitorDraft) -> Value {
    if draft.monitor_type == MonitorType::BucketLevel {
        query::bucket_search_body(&draft.visual, &draft.time_field)
    } else {
        query::search_body(&draft.visual, &draft.time_field)
    }
}

fn trigger(draft: &MonitorDraft, i: usize, t: &TriggerDraft, errors: &mut FieldErrors) -> Option<Trigger> {
    let path = format!("triggers[{i}]");
    if let Some(raw) = &t.raw {
        return serde_json::from_value(raw.clone())
            .map_err(|e| errors.insert(path, format!("Not a valid trigger: {e}")))
            .ok();
    }
    match draft.monitor_type {
        MonitorType::QueryLevel | MonitorType::ClusterMetrics => Some(Trigger::QueryLevel(query_level_trigger(draft, t))),
        MonitorType::BucketLevel => bucket_level_trigger(draft, t)
            .map_err(|message| errors.insert(format!("{path}.bucket_selector"), message))
            .ok()
            .map(Trigger::BucketLevel),
        MonitorType::DocLevel => Some(Trigger::DocumentLevel(document_level_trigger(draft, t))),
        MonitorType::Composite => Some(Trigger::Chained(chained_alert_trigger(draft, t))),
    }
}

/// `formikToCompositeLevelTrigger`: wrapped, the rows' expression or the typed one, every
/// action with its execution policy.
fn chained_alert_trigger(draft: &MonitorDraft, t: &TriggerDraft) -> ChainedAlertTrigger {
    ChainedAlertTrigger {
        id: t.id.clone(),
        name: t.name.clone(),
        severity: t.severity.to_string(),
        condition: ScriptCondition { script: Script::painless(chain_script(draft, t)) },
        actions: t.actions.iter().map(|a| scoped_action(draft.monitor_type, a)).collect(),
    }
}

/// A composite trigger's expression: from the rows in the visual editor, else as typed.
pub fn chain_script(draft: &MonitorDraft, t: &TriggerDraft) -> String {
    match draft.defining_method {
        DefiningMethod::Visual => composite::script(&t.chain_conditions),
        _ => t.script.clone(),
    }
}

/// `formikToBucketLevelTrigger`: wrapped, the visual rows or the typed bucket selector as
/// the condition, every action with its execution policy.
fn bucket_level_trigger(draft: &MonitorDraft, t: &TriggerDraft) -> Result<BucketLevelTrigger, String> {
    let condition = match draft.defining_method {
        DefiningMethod::Visual => bucket::condition(&t.conditions, t.keyword_filter.as_ref()),
        _ => bucket::selector_from_text(&t.bucket_selector)?,
    };
    Ok(BucketLevelTrigger {
        id: t.id.clone(),
        name: t.name.clone(),
        severity: t.severity.to_string(),
        condition,
        actions: t.actions.iter().map(|a| scoped_action(draft.monitor_type, a)).collect(),
    })
}

/// `formikToDocumentLevelTrigger`: wrapped, the visual rows' expression or the typed one.
fn document_level_trigger(draft: &MonitorDraft, t: &TriggerDraft) -> DocumentLevelTrigger {
    let source = match draft.defining_method {
        DefiningMethod::Visual => document::script(&t.doc_conditions),
        _ => t.script.clone(),
    };
    DocumentLevelTrigger {
        id: t.id.clone(),
        name: t.name.clone(),
        severity: t.severity.to_string(),
        condition: ScriptCondition { script: Script::painless(source) },
        actions: t.actions.iter().map(|a| scoped_action(draft.monitor_type, a)).collect(),
    }
}

/// A bucket or document monitor's action: its execution policy, and throttling only where
/// the type and scope allow it.
fn scoped_action(monitor_type: MonitorType, a: &ActionDraft) -> Action {
    let mut out = action(a);
    if !monitor_type.can_throttle(&a.scope) {
        out.throttle_enabled = false;
        out.throttle = None;
    }
    out.action_execution_policy = Some(a.scope.to_policy());
    out
}

/// `formikToQueryLevelTrigger`: unwrapped, severity as text, both always-null fields.
fn query_level_trigger(draft: &MonitorDraft, t: &TriggerDraft) -> QueryLevelTrigger {
    let visual = draft.monitor_type == MonitorType::QueryLevel && draft.defining_method == DefiningMethod::Visual;
    let source = if visual {
        query::trigger_condition_script(&draft.visual, t.threshold_enum, t.threshold_value)
    } else {
        t.script.clone()
    };
    QueryLevelTrigger {
        id: t.id.clone(),
        name: t.name.clone(),
        severity: t.severity.to_string(),
        condition: ScriptCondition { script: Script::painless(source) },
        actions: t.actions.iter().map(action).collect(),
        min_time_between_executions: None,
        rolling_window_size: None,
    }
}

/// Action JSON (§3): `throttle` only when throttling is on; no execution policy, which
/// query-level monitors do not have.
pub fn action(a: &ActionDraft) -> Action {
    Action {
        id: a.id.clone(),
        name: a.name.clone(),
        destination_id: a.destination_id.clone(),
        // Publishing requires a subject; one imported without any stays without.
        subject_template: (!a.subject.is_empty()).then(|| MustacheTemplate::new(a.subject.clone())),
        message_template: MustacheTemplate::new(a.message.clone()),
        throttle_enabled: a.throttle_enabled,
        throttle: a.throttle_enabled.then(|| Throttle { value: a.throttle_minutes, unit: "MINUTES".to_owned() }),
        action_execution_policy: None,
    }
}

/// `searchType` of `ui_metadata.search`.
pub fn search_type(draft: &MonitorDraft) -> &'static str {
    let method = match (draft.monitor_type, draft.defining_method) {
        (MonitorType::ClusterMetrics, _) | (_, DefiningMethod::ClusterMetrics) => DefiningMethod::ClusterMetrics,
        (MonitorType::QueryLevel | MonitorType::BucketLevel | MonitorType::DocLevel | MonitorType::Composite, DefiningMethod::Visual) => {
            DefiningMethod::Visual
        }
        (MonitorType::QueryLevel, DefiningMethod::AnomalyDetector) => DefiningMethod::AnomalyDetector,
        _ => DefiningMethod::ExtractionQuery,
    };
    method.api_name()
}

/// `ui_metadata`: `{schedule, monitor_type, search, triggers}`. `triggers` maps each
/// query-level trigger's name to its visual threshold and is absent when there are no
/// triggers, as upstream (`prepareTriggers` only runs with trigger definitions).
fn ui_metadata(draft: &MonitorDraft, inputs: &[Input]) -> Value {
    let search = if matches!(draft.monitor_type, MonitorType::QueryLevel | MonitorType::BucketLevel) {
        ui_search(draft)
    } else {
        json!({ "searchType": search_type(draft) })
    };
    let mut ui = json!({
        "schedule": to_ui_schedule(&draft.schedule),
        "monitor_type": draft.monitor_type.api_name(),
        "search": search,
    });
    let query_like = matches!(draft.monitor_type, MonitorType::QueryLevel | MonitorType::ClusterMetrics);
    if draft.monitor_type == MonitorType::DocLevel && !keeps_raw_inputs(draft) {
        // `formikToDocLevelQueriesUiMetadata` and the trigger rows by trigger name.
        let queries: Vec<Value> = draft.doc_queries.iter().map(document::DocQueryDraft::ui_metadata).collect();
        ui["doc_level_input"] = json!({ "queries": queries });
        if !draft.triggers.is_empty() {
            let triggers: Map<String, Value> =
                draft.triggers.iter().filter(|t| t.raw.is_none()).map(|t| (t.name.clone(), document::ui_conditions(&t.doc_conditions))).collect();
            ui["triggers"] = Value::Object(triggers);
        }
    } else if draft.monitor_type == MonitorType::Composite {
        // `formikToCompositeUiMetadata`, and each trigger's expression by trigger name.
        if let Some(Input::CompositeInput(input)) = inputs.first() {
            ui["composite_input"] = json!({ "associatedMonitors": input, "query": "" });
        }
        if !draft.triggers.is_empty() {
            let triggers: Map<String, Value> =
                draft.triggers.iter().filter(|t| t.raw.is_none()).map(|t| (t.name.clone(), Value::String(chain_script(draft, t)))).collect();
            ui["triggers"] = Value::Object(triggers);
        }
    } else if draft.monitor_type == MonitorType::BucketLevel && !draft.triggers.is_empty() {
        // `{name: [{value, enum}]}`, one entry per condition row.
        let mut triggers = Map::new();
        for t in &draft.triggers {
            let rows: Vec<Value> = t
                .conditions
                .iter()
                .map(|c| json!({ "value": js_number_value(c.threshold_value), "enum": c.threshold_enum }))
                .collect();
            triggers.insert(t.name.clone(), Value::Array(rows));
        }
        ui["triggers"] = Value::Object(triggers);
    } else if query_like && !draft.triggers.is_empty() {
        let mut triggers = Map::new();
        for t in &draft.triggers {
            let threshold = serde_json::to_value(t.threshold_enum).unwrap_or(Value::Null);
            triggers.insert(t.name.clone(), json!({ "value": js_number_value(t.threshold_value), "enum": threshold }));
        }
        ui["triggers"] = Value::Object(triggers);
    }
    ui
}

/// `formikToUiSearch`: the visual editor's state. Extraction-query monitors carry it too
/// (with `searchType:"query"`), so switching back to the visual editor loses nothing.
pub fn ui_search(draft: &MonitorDraft) -> Value {
    let v = &draft.visual;
    let aggregations: Vec<Value> =
        v.metrics.iter().map(|m| json!({ "aggregationType": m.aggregation.ui_name(), "fieldName": m.field })).collect();
    let group_by: Vec<&String> = v.group_by.iter().filter(|g| !g.is_empty()).collect();
    json!({
        "searchType": search_type(draft),
        "timeField": draft.time_field,
        "aggregations": aggregations,
        "groupBy": group_by,
        "bucketValue": v.time_range_value,
        "bucketUnitOfTime": v.time_range_unit.suffix(),
        "filters": v.filters.iter().map(ui_filter).collect::<Vec<_>>(),
    })
}

/// A data filter as the Dashboards store it: `fieldName` is the combo box's selection,
/// `[{label, type}]`; an absent value is `""`; range bounds only when set.
pub fn ui_filter(f: &Filter) -> Value {
    let mut out = json!({
        "fieldName": [{ "label": f.field, "type": f.field_type }],
        "operator": f.operator,
        "fieldValue": if f.value.is_null() { json!("") } else { f.value.clone() },
    });
    for (key, v) in [("fieldRangeStart", &f.range_start), ("fieldRangeEnd", &f.range_end)] {
        if !v.is_null() {
            out[key] = v.clone();
        }
    }
    out
}
