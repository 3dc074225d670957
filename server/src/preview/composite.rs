//! A composite draft's preview and backtest. The cluster runs a composite monitor by id
//! only, so before it is published its run is put together here as the cluster would do
//! it: each delegate, a saved monitor of the team, is dry-run by id in order (now, or at a
//! backtest step's `period_end`), and each trigger's expression is evaluated over which of
//! them would raise an alert (the shared model's [`composite::evaluate`], the cluster's
//! semantics). What this cannot show: findings a delegate chains from the one before it
//! (each runs on its own here).

use std::time::Instant;

use app::{
    api::{BacktestPart, BacktestRun, DelegatePreview, PreviewResult, TriggerPreview},
    model::{
        MonitorDraft, composite, convert,
        monitor::{CompositeInput, Trigger},
        validate,
    },
};

use super::backtest::Plan;
use crate::{
    api::Ctx,
    cluster::{ClusterClient, answers::execute::ExecuteAnswer},
    error::{ApiError, ApiResult},
};

/// "Preview delegate monitors": one dry run of each delegate now.
pub async fn preview(state: &Ctx, document: &MonitorDraft) -> ApiResult<PreviewResult> {
    let started = Instant::now();
    let plan = checked(state, document, false).await?;
    let runs = run_delegates(&plan.cluster, &plan.delegates, None).await?;
    let triggers = plan
        .triggers
        .iter()
        .map(|(name, source)| {
            let (triggered, error) = match composite::evaluate(source, |id| alerted(&runs, id)) {
                Ok(v) => (v, None),
                Err(message) => (false, Some(message)),
            };
            TriggerPreview { name: name.clone(), triggered, error, ..TriggerPreview::default() }
        })
        .collect();
    Ok(PreviewResult { request_ms: started.elapsed().as_millis() as u64, triggers, delegates: runs, ..PreviewResult::default() })
}

/// A backtest's part: at each step, every delegate dry-run at that `period_end`, then the
/// triggers that would have fired. Only delegates whose runs replay the past (per query and
/// per bucket monitors) can be backtested.
pub async fn backtest(state: &Ctx, document: &MonitorDraft, steps: &Plan) -> ApiResult<BacktestPart> {
    let plan = checked(state, document, true).await?;
    let mut runs = Vec::with_capacity(steps.part.len());
    for k in steps.part.clone() {
        let period_end_ms = steps.period_end(k);
        let delegate_runs = run_delegates(&plan.cluster, &plan.delegates, Some(period_end_ms)).await?;
        let error = delegate_runs.iter().find_map(|r| r.error.as_ref().map(|e| format!("{}: {e}", r.name)));
        let mut triggered: Vec<String> = plan
            .triggers
            .iter()
            .filter(|(_, source)| composite::evaluate(source, |id| alerted(&delegate_runs, id)).unwrap_or(false))
            .map(|(name, _)| name.clone())
            .collect();
        triggered.sort();
        runs.push(BacktestRun { period_end_ms, triggered: if error.is_some() { Vec::new() } else { triggered }, error, ..BacktestRun::default() });
    }
    Ok(BacktestPart { from_ms: steps.from_ms, to_ms: steps.to_ms, step_ms: steps.step_ms, total_steps: steps.total_steps, runs })
}

/// What a composite draft runs: its delegates in order and each trigger's name and
/// expression, as publishing would write them (rows, typed text or kept JSON alike).
struct Checked {
    cluster: ClusterClient,
    delegates: Vec<String>,
    triggers: Vec<(String, String)>,
}

/// The draft's delegates, each one [`crate::publish::delegate_refusal`] lets run (for a
/// backtest, also replayable). Refusals name the delegate.
async fn checked(state: &Ctx, document: &MonitorDraft, backtest: bool) -> ApiResult<Checked> {
    let monitor = convert::to_monitor(document).map_err(ApiError::invalid)?;
    let delegates = monitor.composite_input().map(CompositeInput::ordered_ids).unwrap_or_default();
    if delegates.iter().filter(|id| !id.trim().is_empty()).count() < composite::MIN_DELEGATES {
        return Err(ApiError::field("delegates", validate::TWO_DELEGATES));
    }
    let cluster = state.cluster().await?;
    for (i, id) in delegates.iter().enumerate() {
        let field = format!("delegates[{i}]");
        if id.trim().is_empty() {
            return Err(ApiError::field(field, validate::REQUIRED));
        }
        if let Some(message) = crate::publish::delegate_refusal(state, &cluster, id, backtest).await? {
            return Err(ApiError::field(field, message));
        }
    }
    let triggers = monitor
        .triggers
        .iter()
        .filter_map(|t| if let Trigger::Chained(c) = t { Some((c.name.clone(), c.condition.script.source.clone())) } else { None })
        .collect();
    Ok(Checked { cluster, delegates, triggers })
}

async fn run_delegates(cluster: &ClusterClient, delegates: &[String], period_end_ms: Option<i64>) -> ApiResult<Vec<DelegatePreview>> {
    let mut runs = Vec::with_capacity(delegates.len());
    for (i, id) in delegates.iter().enumerate() {
        runs.push(match cluster.execute_saved_monitor(id, period_end_ms).await {
            Ok(answer) => delegate_run(id, &answer),
            Err(ApiError::NotFound(_)) => return Err(ApiError::field(format!("delegates[{i}]"), format!("No monitor with id {id:?} on the cluster."))),
            Err(ApiError::Cluster { message, .. }) => DelegatePreview { monitor_id: id.clone(), error: Some(message), ..DelegatePreview::default() },
            Err(other) => return Err(other),
        });
    }
    Ok(runs)
}

fn alerted(runs: &[DelegatePreview], id: &str) -> bool {
    runs.iter().any(|r| r.monitor_id == id && r.alerted)
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
