//! Previews run the unsaved draft on the cluster through `_execute`: the query and its
//! performance, the chart, the trigger conditions and the rendered messages are exactly
//! what the cluster will produce, not a browser-side imitation. Only "Send test message"
//! uses `dryrun=false`, and only for the one action, with the condition forced true.

use app::{
    api::{
        ActionPreview, BucketPreview, Call, ChartPoint, ChartRequest, ChartResult, PreviewResult, QueryMatches, TestMessageRequest,
        TestMessageResult, TriggerPreview, ops,
    },
    model::{DefiningMethod, MetricAggregation, MonitorDraft, MonitorType, bucket, convert, monitor::Trigger, query},
};
use axum::http::StatusCode;
use serde_json::{Value, json};

pub mod backtest;
mod composite;

use crate::{
    api::Ctx,
    cluster::{
        ClusterClient,
        boundary::Access,
        answers::{
            self,
            execute::{ChartResponse, CompositeResponse, ExecuteAnswer, SearchSummary},
        },
    },
    error::{ApiError, ApiResult},
};


/// The monitor body a preview runs: the draft's, named even when the draft is not yet.
/// The caller's `access` decides which indices the monitor may read and whether
/// cluster-metrics inputs may run (see the boundary).
fn monitor_for(document: &MonitorDraft) -> ApiResult<Value> {
    if document.monitor_type == MonitorType::Composite {
        return Err(ApiError::field("monitor_type", app::model::composite::NOT_TESTED));
    }
    let reads_indices = matches!(document.monitor_type, MonitorType::QueryLevel | MonitorType::BucketLevel | MonitorType::DocLevel);
    if document.indices.is_empty() && reads_indices {
        return Err(ApiError::field("indices", "Must specify an index."));
    }
    let mut monitor = convert::to_monitor_json(document).map_err(ApiError::invalid)?;
    if document.name.trim().is_empty() {
        monitor["name"] = json!("TEMP_MONITOR");
    }
    // A per document run names its matches by query id: a query without one (not yet
    // published) is given its name, which is unique, so the answer can be read back.
    let queries = monitor.pointer_mut("/inputs/0/doc_level_input/queries").and_then(Value::as_array_mut);
    for q in queries.into_iter().flatten() {
        if q.get("id").is_none_or(Value::is_null)
            && let Some(name) = q.get("name").cloned()
        {
            q["id"] = name;
        }
    }
    Ok(monitor)
}

pub async fn run_preview(state: Ctx, call: Call<ops::RunPreview>) -> ApiResult<PreviewResult> {
    crate::embed::locks::check_locked(&state, &call.body.document)?;
    if call.body.document.monitor_type == MonitorType::Composite {
        return composite::preview(&state, &call.body.document).await;
    }
    preview(&state.cluster().await?, &call.body.document, &state.access()).await
}

/// "Preview query and performance" and "Preview condition response": one dry run.
pub async fn preview(cluster: &ClusterClient, document: &MonitorDraft, access: &Access) -> ApiResult<PreviewResult> {
    let monitor = cluster.checked_monitor(monitor_for(document)?, access).await?;
    let (answer, took) = cluster.execute_monitor(&monitor, true).await?;
    let mut result = parse_execute(document, &answer)?;
    result.request_ms = took.as_millis() as u64;
    Ok(result)
}

/// Reads an `_execute` answer, matching triggers and actions to the draft's by name (the
/// cluster keys them by ids it made up for the unsaved monitor). When the input failed (an
/// index the cluster user may not read answers 200 with the error inside), no trigger is
/// shown as triggered: the cluster ran its condition over nothing.
pub fn parse_execute(document: &MonitorDraft, body: &ExecuteAnswer) -> ApiResult<PreviewResult> {
    let input_failed = body.input_results.error.is_some();
    let response = body.input_results.results.first().cloned().unwrap_or(Value::Null);
    let summary: SearchSummary = if response.is_object() { answers::view(&response, "Running the monitor")? } else { SearchSummary::default() };
    let triggers = document
        .triggers
        .iter()
        .map(|t| {
            let found = body.trigger_results.values().find(|r| r.name == t.name);
            TriggerPreview {
                name: t.name.clone(),
                triggered: !input_failed && found.is_some_and(|r| r.triggered || !r.triggered_docs.is_empty()),
                error: found.and_then(|r| r.error.clone()),
                actions: t
                    .actions
                    .iter()
                    .map(|a| {
                        let r = found.and_then(|r| r.action_runs().find(|r| r.name == a.name));
                        ActionPreview {
                            name: a.name.clone(),
                            subject: r.and_then(|r| r.output.subject.clone()).unwrap_or_default(),
                            message: r.and_then(|r| r.output.message.clone()).unwrap_or_default(),
                            error: r.and_then(|r| r.error.clone()),
                        }
                    })
                    .collect(),
                buckets: if input_failed { Vec::new() } else { found.map(|r| r.bucket_keys()).unwrap_or_default() },
                documents: if input_failed { Vec::new() } else { found.map(|r| document_ids(&r.triggered_docs)).unwrap_or_default() },
            }
        })
        .collect();
    let buckets = if document.monitor_type == MonitorType::BucketLevel && response.is_object() {
        let composite: CompositeResponse = answers::view(&response, "Reading the buckets")?;
        composite
            .aggregations
            .buckets()
            .iter()
            .map(|b| BucketPreview { key: b.key.clone(), doc_count: b.doc_count, metrics: b.metric_values() })
            .collect()
    } else {
        Vec::new()
    };
    let matches = if document.monitor_type == MonitorType::DocLevel { query_matches(document, &response) } else { Vec::new() };
    Ok(PreviewResult {
        buckets,
        matches,
        took_ms: summary.took,
        request_ms: 0,
        hits: summary.hits.map(|h| h.total.value()),
        error: body.input_results.error.clone().or_else(|| body.error.clone()),
        response,
        triggers,
        delegates: Vec::new(),
        period_start: body.period_start.and_then(|t| t.rfc3339()).unwrap_or_default(),
        period_end: body.period_end.and_then(|t| t.rfc3339()).unwrap_or_default(),
    })
}

/// `input_results.results[0]` of a per document run, `{queryId: ["docId|index", …]}`, by
/// the draft's queries (the preview gave each its name as id; published ones keep theirs).
fn query_matches(document: &MonitorDraft, response: &Value) -> Vec<QueryMatches> {
    let by_id = response.as_object();
    let queries: Vec<(Option<String>, String)> = match document.defining_method {
        DefiningMethod::Visual => document.doc_queries.iter().map(|q| (q.id.clone(), q.name.clone())).collect(),
        _ => app::model::document::input_from_text(&document.extraction_query)
            .map(|(_, qs)| qs.into_iter().map(|q| (q.id, q.name)).collect())
            .unwrap_or_default(),
    };
    queries
        .into_iter()
        .map(|(id, name)| {
            let docs = by_id.and_then(|m| m.get(id.as_deref().unwrap_or(&name))).and_then(Value::as_array);
            let ids: Vec<String> = docs.into_iter().flatten().filter_map(Value::as_str).map(str::to_owned).collect();
            QueryMatches { query: name, documents: document_ids(&ids) }
        })
        .collect()
}

/// Document ids as the cluster lists them (`docId|index`), without the index, sorted.
fn document_ids(listed: &[String]) -> Vec<String> {
    let mut ids: Vec<String> = listed.iter().map(|d| d.split_once('|').map_or(d.as_str(), |(id, _)| id).to_owned()).collect();
    ids.sort();
    ids.dedup();
    ids
}

pub async fn run_chart(state: Ctx, call: Call<ops::RunChart>) -> ApiResult<ChartResult> {
    chart(&state.cluster().await?, &call.body, &state.access()).await
}

/// The visual editor's chart: its query as a date histogram, run once.
pub async fn chart(cluster: &ClusterClient, request: &ChartRequest, access: &Access) -> ApiResult<ChartResult> {
    let document = &request.document;
    if document.defining_method != DefiningMethod::Visual {
        return Err(ApiError::field("defining_method", "The chart previews the visual editor's query."));
    }
    if document.monitor_type != MonitorType::QueryLevel {
        return Err(ApiError::field("monitor_type", "The chart previews per query monitors; per bucket previews list their buckets."));
    }
    if document.time_field.trim().is_empty() {
        return Err(ApiError::field("time_field", "Select a time field."));
    }
    let mut monitor = monitor_for(document)?;
    let tz = request.time_zone.as_deref().filter(|t| !t.is_empty()).unwrap_or("UTC");
    crate::schedule::parse_timezone(tz).map_err(|_| ApiError::field("time_zone", format!("Unknown timezone: {tz:.100}")))?;
    monitor["inputs"][0]["search"]["query"] = query::chart_query(&document.visual, &document.time_field, tz);
    monitor["triggers"] = json!([]);
    let monitor = cluster.checked_monitor(monitor, access).await?;
    let (answer, _) = cluster.execute_monitor(&monitor, true).await?;
    if let Some(error) = &answer.input_results.error {
        return Err(ApiError::Cluster { status: StatusCode::BAD_GATEWAY, message: format!("The chart query failed: {error}"), errors: Default::default() });
    }
    let response: ChartResponse = match answer.input_results.results.first() {
        Some(result) => answers::view(result, "Running the chart query")?,
        None => ChartResponse::default(),
    };
    Ok(chart_from(document, &response))
}

/// Buckets of the `over` date histogram, plain or `date_histogram#over` keyed.
pub fn chart_from(document: &MonitorDraft, response: &ChartResponse) -> ChartResult {
    let metric = document.visual.metrics.first();
    let points = response
        .aggregations
        .buckets()
        .iter()
        .map(|b| {
            let value = match metric {
                None => Some(b.doc_count as f64),
                Some(_) => b.metric_value(),
            };
            ChartPoint { key_ms: b.key.0, value }
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

pub async fn send_test_message(state: Ctx, call: Call<ops::SendTestMessage>) -> ApiResult<TestMessageResult> {
    test_message(&state.cluster().await?, &call.body, &state.access()).await
}

/// "Send test message": the one action, its trigger's condition forced true, run for real.
pub async fn test_message(cluster: &ClusterClient, request: &TestMessageRequest, access: &Access) -> ApiResult<TestMessageResult> {
    let (i, j) = (request.trigger_index, request.action_index);
    let draft_action = request
        .document
        .triggers
        .get(i)
        .and_then(|t| t.actions.get(j))
        .ok_or_else(|| ApiError::field("action_index", format!("Trigger {i} has no action {j}.")))?;
    let destination = &draft_action.destination_id;
    if destination.trim().is_empty() {
        return Err(ApiError::field(format!("triggers[{i}].actions[{j}].destination_id"), "Required."));
    }
    let mut monitor = monitor_for(&request.document)?;
    let mut trigger = monitor.pointer(&format!("/triggers/{i}")).cloned().ok_or_else(|| ApiError::field("trigger_index", format!("No trigger {i}.")))?;
    // Query-level triggers are sent unwrapped; the others carry their kind as the key.
    let slot = match Trigger::unwrap_json(&trigger).0 {
        Some(kind) => &mut trigger[kind],
        None => &mut trigger,
    };
    let mut action_body = slot.pointer(&format!("/actions/{j}")).cloned().ok_or_else(|| ApiError::field("action_index", format!("Trigger {i} has no action {j}.")))?;
    // Forced true, as the Dashboards do: for buckets, every bucket's count is at least 0;
    // for documents, any document any query matches — and the action runs once for the
    // run, not once per bucket or document.
    let per_bucket = slot.pointer("/condition/parent_bucket_path").and_then(Value::as_str).map(str::to_owned);
    let per_document = request.document.monitor_type == MonitorType::DocLevel;
    if per_document {
        let names: Vec<String> = monitor
            .pointer("/inputs/0/doc_level_input/queries")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|q| q.get("name").and_then(Value::as_str))
            .map(|name| format!("query[name={name}]"))
            .collect();
        slot["condition"]["script"] = json!({"source": names.join(" || "), "lang": "painless"});
    }
    if per_bucket.is_some() || per_document {
        action_body["action_execution_policy"] = bucket::ActionScope::PerExecution.to_policy();
        action_body["throttle_enabled"] = json!(false);
        if let Some(a) = action_body.as_object_mut() {
            a.remove("throttle");
        }
    }
    if let Some(parent) = &per_bucket {
        slot["condition"] = json!({"buckets_path": {"_count": "_count"}, "parent_bucket_path": parent,
            "script": {"source": "params._count >= 0", "lang": "painless"}});
    } else if !per_document {
        slot["condition"]["script"] = json!({"source": "return true", "lang": "painless"});
    }
    slot["actions"] = json!([action_body]);
    monitor["triggers"] = json!([trigger]);
    let monitor = cluster.checked_monitor(monitor, access).await?;
    let (answer, _) = cluster.execute_monitor(&monitor, false).await?;
    let result = parse_execute(&request.document, &answer)?;
    let trigger = result.triggers.get(i).cloned().unwrap_or_default();
    let sent = trigger.actions.get(j).cloned().unwrap_or_default();
    if per_bucket.is_some() && result.error.is_none() && trigger.buckets.is_empty() {
        return Err(ApiError::field(
            format!("triggers[{i}].actions[{j}].destination_id"),
            "The query returned no buckets, so no message was sent: send the test when the time range has data.",
        ));
    }
    if per_document && result.error.is_none() && trigger.documents.is_empty() {
        return Err(ApiError::field(
            format!("triggers[{i}].actions[{j}].destination_id"),
            "No recent document matched a query, so no message was sent: send the test when the index has matching documents.",
        ));
    }
    if let Some(error) = result.error.or(trigger.error).or(sent.error) {
        return Err(ApiError::Cluster {
            status: StatusCode::BAD_GATEWAY,
            message: format!("The test message was not sent: {error}"),
            errors: [(format!("triggers[{i}].actions[{j}].destination_id"), error)].into_iter().collect(),
        });
    }
    Ok(TestMessageResult { message: format!("Test message sent to \u{201c}{}.\u{201d}", destination), subject: sent.subject, body: sent.message })
}
