//! Previews (`/api/v1/preview…`): dry runs of an unsaved document, the chart, a test message.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::model::MonitorDraft;

/// `POST /api/v1/preview` body: run the (unsaved) document on the cluster as a dry run.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct PreviewRequest {
    pub document: MonitorDraft,
}

/// What one trigger did in a dry run.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
pub struct TriggerPreview {
    pub name: String,
    pub triggered: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// The messages as the cluster rendered them, per action (in the draft's order); for a
    /// per bucket monitor, those of the first bucket that met the condition.
    #[serde(default)]
    pub actions: Vec<ActionPreview>,
    /// Per bucket monitors: the group-by values of each bucket that met the condition.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub buckets: Vec<Vec<String>>,
    /// Per document monitors: the ids of the documents that met the condition.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub documents: Vec<String>,
}

/// One query of a per document monitor and the documents it matched in the dry run (the
/// cluster looks at the last few documents of each shard).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
pub struct QueryMatches {
    /// The query's name.
    pub query: String,
    pub documents: Vec<String>,
}

/// One bucket of a per bucket monitor's query, as its trigger conditions see it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
pub struct BucketPreview {
    /// Group-by field → value.
    pub key: BTreeMap<String, Value>,
    pub doc_count: u64,
    /// Sub-aggregation name (`avg_bytes`) → value; `None` where the bucket has none.
    #[serde(default)]
    pub metrics: BTreeMap<String, Option<f64>>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
pub struct ActionPreview {
    pub name: String,
    #[serde(default)]
    pub subject: String,
    #[serde(default)]
    pub message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// `POST /api/v1/preview` answer.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
pub struct PreviewResult {
    /// The search's own duration (`took`), in ms: "Monitor duration".
    pub took_ms: Option<u64>,
    /// The whole `_execute` round trip, in ms: "Request duration".
    pub request_ms: u64,
    /// `hits.total.value` of the query, when it has one.
    pub hits: Option<u64>,
    /// `input_results.results[0]`: the query response, as the cluster sent it.
    pub response: Value,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    pub triggers: Vec<TriggerPreview>,
    /// Per bucket monitors: the buckets of this run (`composite_agg`), in the cluster's order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub buckets: Vec<BucketPreview>,
    /// Per document monitors: each query's matches, in the draft's order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub matches: Vec<QueryMatches>,
    /// Composite monitors: each delegate's dry run, in the order they run.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub delegates: Vec<DelegatePreview>,
    /// `periodStart`/`periodEnd` of the dry run (RFC 3339).
    #[serde(default)]
    pub period_start: String,
    #[serde(default)]
    pub period_end: String,
}

/// One delegate's dry run in a composite monitor's preview.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
pub struct DelegatePreview {
    pub monitor_id: String,
    pub name: String,
    /// Whether it would raise an alert: what `monitor[id=…]` tests.
    pub alerted: bool,
    /// The names of its triggers that met their condition.
    #[serde(default)]
    pub triggers: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// `POST /api/v1/preview/chart` body: the visual query over 5× its window, bucketed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ChartRequest {
    pub document: MonitorDraft,
    /// The browser's IANA timezone, for the buckets' boundaries.
    #[serde(default)]
    pub time_zone: Option<String>,
}

/// One bucket of the preview chart.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
pub struct ChartPoint {
    pub key_ms: i64,
    /// The metric's value (or the document count); `None` where the bucket has no value.
    pub value: Option<f64>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
pub struct ChartResult {
    /// "COUNT OF documents" or "AVG OF bytes".
    pub title: String,
    /// "FOR THE LAST 5 minute(s)".
    pub subtitle: String,
    pub points: Vec<ChartPoint>,
}

/// `POST /api/v1/preview/test-message` body: send one action's message for real.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct TestMessageRequest {
    pub document: MonitorDraft,
    pub trigger_index: usize,
    pub action_index: usize,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
pub struct TestMessageResult {
    pub message: String,
    pub subject: String,
    pub body: String,
}


/// `POST /api/v1/preview/backtest` body: "when would this have fired?" — the unsaved
/// document run as dry runs at stepped `period_end`s over the last `hours`, a part
/// (`offset`, `limit` steps) per call, so a page shows progress and can stop.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct BacktestRequest {
    pub document: MonitorDraft,
    /// How far back, 1 to 168 hours.
    pub hours: u32,
    /// The end of the range (ms since the epoch): left out on the first call (now), then
    /// the answer's `to_ms`, so every part covers the same range.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_ms: Option<i64>,
    /// The first step this call runs (0 on the first call).
    #[serde(default)]
    pub offset: u32,
    /// How many steps this call runs, 1 to 50 (default 50).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
}

/// `POST /api/v1/preview/backtest` answer: the range, its steps, and the runs of this part.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
pub struct BacktestPart {
    pub from_ms: i64,
    pub to_ms: i64,
    /// The time between two runs: the monitor's interval, or a multiple of it when the range
    /// holds more than `total_steps` intervals.
    pub step_ms: i64,
    pub total_steps: u32,
    pub runs: Vec<BacktestRun>,
}

/// One dry run of a backtest.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
pub struct BacktestRun {
    pub period_end_ms: i64,
    /// The triggers whose condition was met (per bucket monitors: with at least one bucket).
    pub triggered: Vec<String>,
    /// Per bucket monitors: how many buckets met a condition.
    #[serde(default)]
    pub buckets: u64,
    /// The query's hit count, when it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hits: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}
