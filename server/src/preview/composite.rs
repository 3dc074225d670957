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
    model::{MonitorDraft, MonitorType, composite, convert, monitor::Input, validate},
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
    let (cluster, delegates) = checked_delegates(state, document, false).await?;
    let runs = run_delegates(&cluster, &delegates, None).await?;
    let triggers = document
        .triggers
        .iter()
        .map(|t| {
            let (triggered, error) = match composite::evaluate(&chain_source(document, t), |id| alerted(&runs, id)) {
                Ok(v) => (v, None),
                Err(message) => (false, Some(message)),
            };
            TriggerPreview { name: t.name.clone(), triggered, error, ..TriggerPreview::default() }
        })
        .collect();
    Ok(PreviewResult { request_ms: started.elapsed().as_millis() as u64, triggers, delegates: runs, ..PreviewResult::default() })
}

/// A backtest's part: at each step, every delegate dry-run at that `period_end`, then the
/// triggers that would have fired. Only delegates whose runs replay the past (per query and
/// per bucket monitors) can be backtested.
pub async fn backtest(state: &Ctx, document: &MonitorDraft, plan: &Plan) -> ApiResult<BacktestPart> {
    let (cluster, delegates) = checked_delegates(state, document, true).await?;
    let mut runs = Vec::with_capacity(plan.part.len());
    for k in plan.part.clone() {
        let period_end_ms = plan.period_end(k);
        let delegate_runs = run_delegates(&cluster, &delegates, Some(period_end_ms)).await?;
        let error = delegate_runs.iter().find_map(|r| r.error.as_ref().map(|e| format!("{}: {e}", r.name)));
        let mut triggered: Vec<String> = document
            .triggers
            .iter()
            .filter(|t| composite::evaluate(&chain_source(document, t), |id| alerted(&delegate_runs, id)).unwrap_or(false))
            .map(|t| t.name.clone())
            .collect();
        triggered.sort();
        runs.push(BacktestRun { period_end_ms, triggered: if error.is_some() { Vec::new() } else { triggered }, error, ..BacktestRun::default() });
    }
    Ok(BacktestPart { from_ms: plan.from_ms, to_ms: plan.to_ms, step_ms: plan.step_ms, total_steps: plan.total_steps, runs })
}

/// The delegates in order, each the team's own monitor on the cluster; for a backtest,
/// each a per query or per bucket monitor. Refusals name the delegate.
async fn checked_delegates(state: &Ctx, document: &MonitorDraft, backtest: bool) -> ApiResult<(ClusterClient, Vec<String>)> {
    let monitor = convert::to_monitor(document).map_err(ApiError::invalid)?;
    let delegates: Vec<String> = monitor
        .inputs
        .iter()
        .filter_map(|input| if let Input::CompositeInput(c) = input { Some(c.sequence.delegates.iter().map(|d| d.monitor_id.clone())) } else { None })
        .flatten()
        .collect();
    if delegates.iter().filter(|id| !id.trim().is_empty()).count() < composite::MIN_DELEGATES {
        return Err(ApiError::field("delegates", validate::TWO_DELEGATES));
    }
    let cluster = state.cluster().await?;
    for (i, id) in delegates.iter().enumerate() {
        let field = format!("delegates[{i}]");
        if id.trim().is_empty() {
            return Err(ApiError::field(field, validate::REQUIRED));
        }
        // Only the team's own monitors run, as publishing requires.
        state.check_monitor(id).await.map_err(|_| ApiError::field(&field, format!("No monitor with id {id:?} in your team.")))?;
        if backtest {
            let view = match cluster.get_monitor(id).await {
                Ok(doc) => crate::monitors::view(&doc)?,
                Err(ApiError::NotFound(_)) => return Err(ApiError::field(field, format!("No monitor with id {id:?} on the cluster."))),
                Err(other) => return Err(other),
            };
            if !MonitorType::from_api_name(&view.monitor_type()).is_some_and(|t| composite::can_delegate(t) && t.backtestable()) {
                return Err(ApiError::field(field, format!("{:?} cannot be replayed: {}", view.name, app::model::NOT_BACKTESTABLE)));
            }
        }
    }
    Ok((cluster, delegates))
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

/// A trigger's expression: kept as JSON, from its rows, or as typed.
fn chain_source(document: &MonitorDraft, t: &app::model::TriggerDraft) -> String {
    let raw = t.raw.as_ref().and_then(|raw| raw.pointer("/chained_alert_trigger/condition/script/source")).and_then(|s| s.as_str());
    raw.map_or_else(|| convert::chain_script(document, t), str::to_owned)
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
