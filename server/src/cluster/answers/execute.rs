//! `POST …/monitors/_execute`: what the monitor's input returned and what each trigger and
//! action did. The input results stay JSON: the preview shows them to the person as the
//! cluster returned them.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::Value;

use super::{EpochMillis, Total};

#[derive(Debug, Deserialize)]
pub struct ExecuteAnswer {
    #[serde(default)]
    pub period_start: Option<EpochMillis>,
    #[serde(default)]
    pub period_end: Option<EpochMillis>,
    #[serde(default)]
    pub error: Option<String>,
    #[serde(default)]
    pub input_results: InputResults,
    /// Keyed by the trigger ids the cluster made up for the unsaved monitor.
    #[serde(default)]
    pub trigger_results: BTreeMap<String, TriggerRun>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct InputResults {
    pub results: Vec<Value>,
    pub error: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct TriggerRun {
    pub name: String,
    pub triggered: bool,
    /// Bucket-level triggers: the buckets that met the condition, by key.
    pub agg_result_buckets: BTreeMap<String, serde::de::IgnoredAny>,
    pub error: Option<String>,
    pub action_results: BTreeMap<String, ActionRun>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ActionRun {
    pub name: String,
    pub output: ActionOutput,
    pub error: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ActionOutput {
    pub subject: Option<String>,
    pub message: Option<String>,
}

/// What the preview reads of a search response it otherwise passes on whole.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct SearchSummary {
    pub took: Option<u64>,
    pub hits: Option<SummaryHits>,
}

#[derive(Debug, Default, Deserialize)]
pub struct SummaryHits {
    #[serde(default)]
    pub total: Total,
}

/// What the chart reads of its query's response.
#[derive(Debug, Default, Deserialize)]
pub struct ChartResponse {
    #[serde(default)]
    pub aggregations: ChartAggregations,
}

/// The chart query's `over` date histogram, keyed plainly or with its type
/// (`date_histogram#over`, when the search was made with `typed_keys`).
#[derive(Debug, Default, Deserialize)]
pub struct ChartAggregations {
    #[serde(default)]
    pub over: Option<super::Buckets<ChartBucket>>,
    #[serde(default, rename = "date_histogram#over")]
    pub typed_over: Option<super::Buckets<ChartBucket>>,
}

impl ChartAggregations {
    pub fn buckets(&self) -> &[ChartBucket] {
        self.over.as_ref().or(self.typed_over.as_ref()).map(|b| b.buckets.as_slice()).unwrap_or_default()
    }
}

#[derive(Debug, Deserialize)]
pub struct ChartBucket {
    pub key: EpochMillis,
    #[serde(default)]
    pub doc_count: u64,
    #[serde(default)]
    pub metric: Option<super::Metric>,
    /// `avg#metric` and the like, with typed keys.
    #[serde(flatten)]
    pub rest: BTreeMap<String, Value>,
}

impl ChartBucket {
    /// The metric's value, plainly or type-keyed (`max#metric`).
    pub fn metric_value(&self) -> Option<f64> {
        if let Some(m) = &self.metric {
            return m.value;
        }
        let (_, typed) = self.rest.iter().find(|(k, _)| k.ends_with("#metric"))?;
        super::view::<super::Metric>(typed, "the chart's metric").ok()?.value
    }
}
