//! Backtest: "when would this monitor have fired over the last hours?", before publishing.
//! The unsaved document runs as dry runs (`_execute?dryrun=true`) at stepped
//! `period_end`s, so every monitor type whose query is anchored on `{{period_end}}` (the
//! visual editor's, extraction queries that use it, per bucket monitors) is judged by the
//! cluster itself, exactly as its scheduler would judge it. At most [`MAX_STEPS`] runs per
//! range (the step grows in whole intervals when the range holds more), run a part per call
//! (at most [`MAX_PART`]) so the page shows progress and can stop.

use app::{
    api::{BacktestPart, BacktestRequest, BacktestRun, Call, ops},
    model::{Frequency, IntervalUnit, MonitorDraft, NOT_BACKTESTABLE},
};

use super::monitor_for;
use crate::{
    api::Ctx,
    cluster::{ClusterClient, answers::execute::ExecuteAnswer, boundary::Access},
    error::{ApiError, ApiResult},
};

/// The most runs one range takes: a day at a one-minute schedule runs every minute.
pub const MAX_STEPS: i64 = 1440;
/// The most runs one call makes.
pub const MAX_PART: u32 = 50;
pub const MAX_HOURS: u32 = 168;
const MINUTE: i64 = 60_000;
const HOUR: i64 = 60 * MINUTE;

pub async fn run_backtest(state: Ctx, call: Call<ops::RunBacktest>) -> ApiResult<BacktestPart> {
    crate::embed::locks::check_locked(&state, &call.body.document)?;
    let plan = Plan::of(&call.body, chrono::Utc::now().timestamp_millis())?;
    if call.body.document.monitor_type == app::model::MonitorType::Composite {
        return super::composite::backtest(&state, &call.body.document, &plan).await;
    }
    backtest(&state.cluster().await?, &call.body.document, &state.access(), &plan).await
}

/// The range, its steps, and the part one call runs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Plan {
    pub from_ms: i64,
    pub to_ms: i64,
    pub step_ms: i64,
    pub total_steps: u32,
    /// The steps this call runs.
    pub part: std::ops::Range<u32>,
}

impl Plan {
    /// The plan of `request` at `now_ms`, or the field it gets wrong (before any cluster call).
    pub fn of(request: &BacktestRequest, now_ms: i64) -> ApiResult<Plan> {
        let document = &request.document;
        if !document.monitor_type.backtestable() {
            return Err(ApiError::field("monitor_type", NOT_BACKTESTABLE));
        }
        let interval_ms = match &document.schedule {
            Frequency::Interval { interval, unit } if *interval > 0 => {
                i64::from(*interval) * match unit {
                    IntervalUnit::Minutes => MINUTE,
                    IntervalUnit::Hours => HOUR,
                    IntervalUnit::Days => 24 * HOUR,
                }
            }
            _ => return Err(ApiError::field("schedule", "A backtest steps through the monitor's interval: choose \"By interval\" to backtest it.")),
        };
        if !(1..=MAX_HOURS).contains(&request.hours) {
            return Err(ApiError::field("hours", format!("Must be between 1 and {MAX_HOURS} hours.")));
        }
        let span = i64::from(request.hours) * HOUR;
        if interval_ms > span {
            return Err(ApiError::field("hours", "The range is shorter than one run of the monitor's interval."));
        }
        let to_ms = match request.end_ms {
            None => now_ms,
            Some(end) if end > now_ms + MINUTE || end < now_ms - 30 * 24 * HOUR => return Err(ApiError::field("end_ms", "Must be within the last 30 days.")),
            Some(end) => end.min(now_ms),
        };
        // Whole intervals per step, so every run is one the scheduler could have made.
        let intervals = span / interval_ms;
        let per_step = (intervals + MAX_STEPS - 1) / MAX_STEPS;
        let step_ms = per_step * interval_ms;
        let total_steps = (span / step_ms) as u32;
        let limit = request.limit.unwrap_or(MAX_PART);
        if !(1..=MAX_PART).contains(&limit) {
            return Err(ApiError::field("limit", format!("Must be between 1 and {MAX_PART} steps.")));
        }
        if request.offset >= total_steps {
            return Err(ApiError::field("offset", format!("This range has {total_steps} steps, 0 to {}.", total_steps - 1)));
        }
        let part = request.offset..(request.offset + limit).min(total_steps);
        Ok(Plan { from_ms: to_ms - i64::from(total_steps) * step_ms, to_ms, step_ms, total_steps, part })
    }

    /// When step `k` (0-based) runs: the last ends at `to_ms`.
    pub fn period_end(&self, k: u32) -> i64 {
        self.from_ms + i64::from(k + 1) * self.step_ms
    }
}

/// Runs the plan's part on the cluster, one dry run per step, in order.
pub async fn backtest(cluster: &ClusterClient, document: &MonitorDraft, access: &Access, plan: &Plan) -> ApiResult<BacktestPart> {
    let monitor = cluster.checked_monitor(monitor_for(document)?, access).await?;
    let mut runs = Vec::with_capacity(plan.part.len());
    for k in plan.part.clone() {
        let period_end_ms = plan.period_end(k);
        runs.push(match cluster.execute_monitor_at(&monitor, period_end_ms).await {
            Ok(answer) => run_of(period_end_ms, &answer),
            // One failed step is shown as such; the others still count.
            Err(ApiError::Cluster { message, .. }) => BacktestRun { period_end_ms, error: Some(message), ..Default::default() },
            Err(e) => return Err(e),
        });
    }
    Ok(BacktestPart { from_ms: plan.from_ms, to_ms: plan.to_ms, step_ms: plan.step_ms, total_steps: plan.total_steps, runs })
}

/// What one dry run says: which triggers fired (per bucket triggers: with a bucket), how
/// many buckets, the query's hits, or the error the run had.
pub fn run_of(period_end_ms: i64, answer: &ExecuteAnswer) -> BacktestRun {
    let error = answer.error.clone().or_else(|| answer.input_results.error.clone());
    let mut triggered = Vec::new();
    let mut buckets = 0u64;
    for run in answer.trigger_results.values() {
        let bucket_count = run.agg_result_buckets.len() as u64;
        buckets += bucket_count;
        if error.is_none() && run.error.is_none() && (run.triggered || bucket_count > 0) {
            triggered.push(run.name.clone());
        }
    }
    triggered.sort();
    let hits = answer.input_results.results.first().and_then(|r| r.pointer("/hits/total/value")).and_then(serde_json::Value::as_u64);
    BacktestRun { period_end_ms, triggered, buckets, hits, error }
}

#[cfg(test)]
mod tests {
    use super::*;
    use app::model::MonitorType;

    const NOW: i64 = 1_796_000_000_000;

    fn request(hours: u32, interval: u32, unit: IntervalUnit) -> BacktestRequest {
        let document = MonitorDraft { schedule: Frequency::Interval { interval, unit }, ..Default::default() };
        BacktestRequest { document, hours, end_ms: None, offset: 0, limit: None }
    }

    #[test]
    fn a_day_at_one_minute_runs_every_minute_and_a_week_in_whole_intervals() {
        let plan = Plan::of(&request(24, 1, IntervalUnit::Minutes), NOW).unwrap();
        assert_eq!((plan.step_ms, plan.total_steps), (MINUTE, 1440));
        let week = Plan::of(&request(168, 1, IntervalUnit::Minutes), NOW).unwrap();
        assert_eq!((week.step_ms, week.total_steps), (7 * MINUTE, 1440), "10080 intervals in at most 1440 steps");
        assert_eq!(plan.to_ms, NOW);
        assert_eq!(plan.period_end(plan.total_steps - 1), NOW, "the last run ends now");
        assert_eq!(plan.part, 0..MAX_PART);
        // A short range runs every interval.
        let hour = Plan::of(&request(1, 5, IntervalUnit::Minutes), NOW).unwrap();
        assert_eq!((hour.step_ms, hour.total_steps), (5 * MINUTE, 12));
        // The last part stops at the range's end.
        let last = Plan::of(&BacktestRequest { offset: 10, ..request(1, 5, IntervalUnit::Minutes) }, NOW).unwrap();
        assert_eq!(last.part, 10..12);
    }

    #[test]
    fn refusals_name_their_field() {
        let cron = BacktestRequest { document: MonitorDraft { schedule: Frequency::CustomCron { expression: "* * * * *".into(), timezone: "UTC".into() }, ..Default::default() }, ..request(24, 1, IntervalUnit::Minutes) };
        let doc_level = BacktestRequest { document: MonitorDraft { monitor_type: MonitorType::DocLevel, ..Default::default() }, ..request(24, 1, IntervalUnit::Minutes) };
        for (r, field) in [
            (request(0, 1, IntervalUnit::Minutes), "hours"),
            (request(169, 1, IntervalUnit::Minutes), "hours"),
            (request(1, 2, IntervalUnit::Hours), "hours"),
            (cron, "schedule"),
            (doc_level, "monitor_type"),
            (BacktestRequest { offset: 12, ..request(1, 5, IntervalUnit::Minutes) }, "offset"),
            (BacktestRequest { limit: Some(0), ..request(1, 5, IntervalUnit::Minutes) }, "limit"),
            (BacktestRequest { limit: Some(51), ..request(1, 5, IntervalUnit::Minutes) }, "limit"),
            (BacktestRequest { end_ms: Some(NOW + HOUR), ..request(1, 5, IntervalUnit::Minutes) }, "end_ms"),
        ] {
            let e = Plan::of(&r, NOW).expect_err(field);
            assert!(e.field_errors().contains_key(field), "{field}: {e:?}");
        }
    }

    #[test]
    fn a_run_reads_query_and_bucket_triggers() {
        let answer: ExecuteAnswer = serde_json::from_value(serde_json::json!({
            "input_results": {"results": [{"hits": {"total": {"value": 3}}}]},
            "trigger_results": {
                "a": {"name": "Too many failed logins", "triggered": true},
                "b": {"name": "Per address", "triggered": false, "agg_result_buckets": {"10.0.0.7": {}, "10.0.0.8": {}}},
                "c": {"name": "Quiet", "triggered": false},
            },
        }))
        .unwrap();
        let run = run_of(NOW, &answer);
        assert_eq!(run.triggered, ["Per address", "Too many failed logins"]);
        assert_eq!((run.buckets, run.hits, run.error), (2, Some(3), None));
        let failed: ExecuteAnswer = serde_json::from_value(serde_json::json!({"input_results": {"error": "no such index"}, "trigger_results": {"a": {"name": "A", "triggered": true}}})).unwrap();
        assert_eq!(run_of(NOW, &failed).triggered, Vec::<String>::new(), "a failed input fires nothing");
    }
}
