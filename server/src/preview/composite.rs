//! A composite draft's preview. The cluster runs a composite monitor by id only, so before
//! it is published its run is put together here as the cluster would do it: each delegate,
//! a saved monitor of the team, is dry-run by id in order, and each trigger's expression is
//! evaluated over which of them would raise an alert (the shared model's
//! [`composite::evaluate`], the cluster's semantics). What this cannot show: findings a
//! delegate chains from the one before it (each runs on its own here).

use std::time::Instant;

use app::{
    api::{DelegatePreview, PreviewResult, TriggerPreview},
    model::{MonitorDraft, composite, convert, monitor::Input},
};

use crate::{
    api::Ctx,
    cluster::answers::execute::ExecuteAnswer,
    error::{ApiError, ApiResult},
};

pub async fn preview(state: &Ctx, document: &MonitorDraft) -> ApiResult<PreviewResult> {
    let started = Instant::now();
    let monitor = convert::to_monitor(document).map_err(ApiError::invalid)?;
    let delegates: Vec<String> = monitor
        .inputs
        .iter()
        .filter_map(|input| if let Input::CompositeInput(c) = input { Some(c.sequence.delegates.iter().map(|d| d.monitor_id.clone())) } else { None })
        .flatten()
        .collect();
    if delegates.iter().filter(|id| !id.trim().is_empty()).count() < composite::MIN_DELEGATES {
        return Err(ApiError::field("delegates", app::model::validate::TWO_DELEGATES));
    }
    let cluster = state.cluster().await?;
    let mut runs = Vec::with_capacity(delegates.len());
    for (i, id) in delegates.iter().enumerate() {
        if id.trim().is_empty() {
            return Err(ApiError::field(format!("delegates[{i}]"), app::model::validate::REQUIRED));
        }
        // Only the team's own monitors run, as publishing requires.
        state.check_monitor(id).await.map_err(|_| ApiError::field(format!("delegates[{i}]"), format!("No monitor with id {id:?} in your team.")))?;
        runs.push(match cluster.execute_saved_monitor(id).await {
            Ok(answer) => delegate_run(id, &answer),
            Err(ApiError::NotFound(_)) => return Err(ApiError::field(format!("delegates[{i}]"), format!("No monitor with id {id:?} on the cluster."))),
            Err(other) => return Err(other),
        });
    }
    let alerted = |id: &str| runs.iter().any(|r| r.monitor_id == id && r.alerted);
    let triggers = document
        .triggers
        .iter()
        .map(|t| {
            let source = t.raw.as_ref().and_then(|raw| raw.pointer("/chained_alert_trigger/condition/script/source")).and_then(|s| s.as_str()).map(str::to_owned);
            let source = source.unwrap_or_else(|| convert::chain_script(document, t));
            let (triggered, error) = match composite::evaluate(&source, alerted) {
                Ok(v) => (v, None),
                Err(message) => (false, Some(message)),
            };
            TriggerPreview { name: t.name.clone(), triggered, error, ..TriggerPreview::default() }
        })
        .collect();
    Ok(PreviewResult { request_ms: started.elapsed().as_millis() as u64, triggers, delegates: runs, ..PreviewResult::default() })
}

/// What `monitor[id=…]` reads of a delegate's dry run: whether any trigger would raise an
/// alert (a query trigger met, a bucket or a document that met its condition).
fn delegate_run(id: &str, answer: &ExecuteAnswer) -> DelegatePreview {
    let error = answer.error.clone().or_else(|| answer.input_results.error.clone());
    let fired: Vec<String> = answer
        .trigger_results
        .values()
        .filter(|r| r.error.is_none() && (r.triggered || !r.triggered_docs.is_empty() || !r.agg_result_buckets.is_empty()))
        .map(|r| r.name.clone())
        .collect();
    DelegatePreview { monitor_id: id.to_owned(), name: answer.monitor_name.clone(), alerted: error.is_none() && !fired.is_empty(), triggers: fired, error }
}
