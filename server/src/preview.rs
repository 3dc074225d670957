//! Previews run the unsaved draft on the cluster through `_execute`: the query and its
//! performance, the chart, the trigger conditions and the rendered messages are exactly
//! what the cluster will produce, not a browser-side imitation. Only "Send test message"
//! uses `dryrun=false`, and only for the one action, with the condition forced true.

use app::{
    api::{ActionPreview, Call, ChartPoint, ChartResult, PreviewResult, TestMessageResult, TriggerPreview, ops},
    model::{DefiningMethod, MetricAggregation, MonitorDraft, convert, query},
};
use serde_json::{Value, json};

use crate::{AppState, cluster::require, error::{ApiError, ApiResult}};

/// The monitor body a preview runs: the draft's, named even when the draft is not yet.
fn monitor_for(document: &MonitorDraft) -> ApiResult<Value> {
    if document.indices.is_empty() && document.monitor_type.authorable() {
        return Err(ApiError::field("indices", "Must specify an index."));
    }
    let mut monitor = convert::to_monitor_json(document).map_err(ApiError::invalid)?;
    if document.name.trim().is_empty() {
        monitor["name"] = json!("TEMP_MONITOR");
    }
    Ok(monitor)
}

pub async fn run_preview(state: AppState, call: Call<ops::RunPreview>) -> ApiResult<PreviewResult> {
    let request = call.body;
    let cluster = require(&state.cluster)?;
    let monitor = monitor_for(&request.document)?;
    let answer = cluster.execute_monitor(&monitor, true).await?;
    let mut result = parse_execute(&request.document, &answer.body);
    result.request_ms = answer.took.as_millis() as u64;
    Ok(result)
}

/// Reads an `_execute` answer, matching triggers and actions to the draft's by name (the
/// cluster keys them by ids it made up for the unsaved monitor).
pub fn parse_execute(document: &MonitorDraft, body: &Value) -> PreviewResult {
    let response = body["input_results"]["results"][0].clone();
    let hits = response["hits"]["total"]["value"].as_u64().or_else(|| response["hits"]["total"].as_u64());
    let results: Vec<&Value> = body["trigger_results"].as_object().map(|m| m.values().collect()).unwrap_or_default();
    let triggers = document
        .triggers
        .iter()
        .map(|t| {
            let found = results.iter().find(|r| r["name"].as_str() == Some(t.name.as_str()));
            let actions_found: Vec<&Value> =
                found.and_then(|r| r["action_results"].as_object()).map(|m| m.values().collect()).unwrap_or_default();
            TriggerPreview {
                name: t.name.clone(),
                triggered: found.is_some_and(|r| r["triggered"] == json!(true)),
                error: found.and_then(|r| r["error"].as_str().map(str::to_owned)),
                actions: t
                    .actions
                    .iter()
                    .map(|a| {
                        let r = actions_found.iter().find(|r| r["name"].as_str() == Some(a.name.as_str()));
                        ActionPreview {
                            name: a.name.clone(),
                            subject: r.and_then(|r| r["output"]["subject"].as_str()).unwrap_or_default().to_owned(),
                            message: r.and_then(|r| r["output"]["message"].as_str()).unwrap_or_default().to_owned(),
                            error: r.and_then(|r| r["error"].as_str().map(str::to_owned)),
                        }
                    })
                    .collect(),
            }
        })
        .collect();
    let millis = |v: &Value| v.as_i64().and_then(chrono::DateTime::from_timestamp_millis).map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true));
    PreviewResult {
        took_ms: response["took"].as_u64(),
        request_ms: 0,
        hits,
        error: body["input_results"]["error"].as_str().or_else(|| body["error"].as_str()).map(str::to_owned),
        response,
        triggers,
        period_start: millis(&body["period_start"]).unwrap_or_default(),
        period_end: millis(&body["period_end"]).unwrap_or_default(),
    }
}

pub async fn run_chart(state: AppState, call: Call<ops::RunChart>) -> ApiResult<ChartResult> {
    let request = call.body;
    let cluster = require(&state.cluster)?;
    let document = &request.document;
    if document.defining_method != DefiningMethod::Visual {
        return Err(ApiError::field("defining_method", "The chart previews the visual editor's query."));
    }
    if document.time_field.trim().is_empty() {
        return Err(ApiError::field("time_field", "Select a time field."));
    }
    let mut monitor = monitor_for(document)?;
    let tz = request.time_zone.as_deref().filter(|t| !t.is_empty()).unwrap_or("UTC");
    monitor["inputs"][0]["search"]["query"] = query::chart_query(&document.visual, &document.time_field, tz);
    monitor["triggers"] = json!([]);
    let answer = cluster.execute_monitor(&monitor, true).await?;
    let body = &answer.body;
    if let Some(error) = body["input_results"]["error"].as_str() {
        return Err(ApiError::Cluster { status: axum::http::StatusCode::BAD_GATEWAY, message: format!("The chart query failed: {error}"), errors: Default::default() });
    }
    Ok(chart_from(document, &body["input_results"]["results"][0]))
}

/// Buckets of the `over` date histogram, plain or `date_histogram#over` keyed.
pub fn chart_from(document: &MonitorDraft, response: &Value) -> ChartResult {
    let aggs = &response["aggregations"];
    let over = if aggs["over"].is_object() { &aggs["over"] } else { &aggs["date_histogram#over"] };
    let metric = document.visual.metrics.first();
    let points = over["buckets"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|b| {
            let value = match metric {
                None => b["doc_count"].as_f64(),
                Some(_) => b["metric"]["value"].as_f64().or_else(|| b.as_object().and_then(|o| o.iter().find(|(k, _)| k.ends_with("#metric")).and_then(|(_, v)| v["value"].as_f64()))),
            };
            ChartPoint { key_ms: b["key"].as_i64().unwrap_or_default(), value }
        })
        .collect();
    let title = match metric {
        None => "COUNT OF documents".to_owned(),
        Some(m) => format!("{} OF {}", if m.aggregation == MetricAggregation::Count { "COUNT".to_owned() } else { m.aggregation.ui_name().to_uppercase() }, m.field),
    };
    let v = &document.visual;
    let mut subtitle = format!("FOR THE LAST {} {}", v.time_range_value, v.time_range_unit.label());
    if let Some(g) = v.group_by.first() {
        subtitle.push_str(&format!(" GROUP BY {g}"));
    }
    ChartResult { title, subtitle, points }
}

pub async fn send_test_message(state: AppState, call: Call<ops::SendTestMessage>) -> ApiResult<TestMessageResult> {
    let request = call.body;
    let cluster = require(&state.cluster)?;
    let (i, j) = (request.trigger_index, request.action_index);
    let action = request
        .document
        .triggers
        .get(i)
        .and_then(|t| t.actions.get(j))
        .ok_or_else(|| ApiError::field("action_index", format!("Trigger {i} has no action {j}.")))?;
    if action.destination_id.trim().is_empty() {
        return Err(ApiError::field(format!("triggers[{i}].actions[{j}].destination_id"), "Required."));
    }
    let mut monitor = monitor_for(&request.document)?;
    let mut trigger = monitor["triggers"][i].clone();
    // Query-level triggers are sent unwrapped; the others carry their kind as the key.
    let inner = match trigger.as_object().map(|o| o.keys().next().cloned()) {
        Some(Some(k)) if k.ends_with("_trigger") => k,
        _ => String::new(),
    };
    let slot = if inner.is_empty() { &mut trigger } else { &mut trigger[&inner] };
    slot["condition"]["script"] = json!({"source": "return true", "lang": "painless"});
    slot["actions"] = json!([slot["actions"][j].clone()]);
    monitor["triggers"] = json!([trigger]);
    let answer = cluster.execute_monitor(&monitor, false).await?;
    let result = parse_execute(&request.document, &answer.body);
    let trigger = result.triggers.get(i).cloned().unwrap_or_default();
    let sent = trigger.actions.get(j).cloned().unwrap_or_default();
    if let Some(error) = result.error.or(trigger.error).or(sent.error) {
        return Err(ApiError::Cluster {
            status: axum::http::StatusCode::BAD_GATEWAY,
            message: format!("The test message was not sent: {error}"),
            errors: [(format!("triggers[{i}].actions[{j}].destination_id"), error)].into_iter().collect(),
        });
    }
    Ok(TestMessageResult { message: format!("Test message sent to \u{201c}{}.\u{201d}", action.destination_id), subject: sent.subject, body: sent.message })
}
