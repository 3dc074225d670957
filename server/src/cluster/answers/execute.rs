//! `POST …/monitors/_execute` (of an unsaved monitor, or of a saved one by id): what the
//! monitor's input returned and what each trigger and action did. The input results stay
//! JSON: the preview shows them to the person as the cluster returned them.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::Value;

use super::{EpochMillis, Total};

#[derive(Debug, Deserialize)]
pub struct ExecuteAnswer {
    /// A saved monitor's name (an unsaved one answers the body's).
    #[serde(default)]
    pub monitor_name: String,
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
    /// Bucket-level triggers: the buckets that met the condition, by a hash of their keys.
    pub agg_result_buckets: BTreeMap<String, BucketResult>,
    pub error: Option<String>,
    /// By action id; for bucket-level triggers by bucket hash, then action id.
    pub action_results: BTreeMap<String, ActionResults>,
    /// Document-level triggers: the documents that met the condition.
    #[serde(rename = "triggeredDocs")]
    pub triggered_docs: Vec<String>,
}

impl TriggerRun {
    /// Every action run, the first bucket's first for bucket-level triggers.
    pub fn action_runs(&self) -> impl Iterator<Item = &ActionRun> {
        self.action_results.values().flat_map(|r| match r {
            ActionResults::PerBucket(by_action) => by_action.values().collect::<Vec<_>>(),
            ActionResults::One(run) => vec![run],
        })
    }

    /// The group-by values of each bucket that met the condition, sorted.
    pub fn bucket_keys(&self) -> Vec<Vec<String>> {
        let mut keys: Vec<Vec<String>> = self.agg_result_buckets.values().map(|b| b.keys().to_vec()).collect();
        keys.sort();
        keys
    }
}

/// One bucket that met the condition: `{"agg_alert_content":{"bucket_keys":[…],…}}` in
/// 2.19 (the keys are also read unwrapped).
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct BucketResult {
    pub agg_alert_content: Option<BucketContent>,
    pub bucket_keys: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct BucketContent {
    /// The bucket's group-by values, in the order of the composite sources.
    pub bucket_keys: Vec<String>,
}

impl BucketResult {
    pub fn keys(&self) -> &[String] {
        self.agg_alert_content.as_ref().map_or(&self.bucket_keys, |c| &c.bucket_keys)
    }
}

/// A query-level trigger's action run, or a bucket-level trigger's runs per action.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum ActionResults {
    PerBucket(BTreeMap<String, ActionRun>),
    One(ActionRun),
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

/// A per bucket monitor's `composite_agg`, plainly or type-keyed.
#[derive(Debug, Default, Deserialize)]
pub struct CompositeResponse {
    #[serde(default)]
    pub aggregations: CompositeAggregations,
}

#[derive(Debug, Default, Deserialize)]
pub struct CompositeAggregations {
    #[serde(default)]
    pub composite_agg: Option<super::Buckets<CompositeBucket>>,
    #[serde(default, rename = "composite#composite_agg")]
    pub typed_composite_agg: Option<super::Buckets<CompositeBucket>>,
}

impl CompositeAggregations {
    pub fn buckets(&self) -> &[CompositeBucket] {
        self.composite_agg.as_ref().or(self.typed_composite_agg.as_ref()).map(|b| b.buckets.as_slice()).unwrap_or_default()
    }
}

#[derive(Debug, Deserialize)]
pub struct CompositeBucket {
    /// Group-by field → value.
    #[serde(default)]
    pub key: BTreeMap<String, Value>,
    #[serde(default)]
    pub doc_count: u64,
    /// The sub-aggregations (`avg_bytes: {value}`), named as the bucket selector reads them.
    #[serde(flatten)]
    pub metrics: BTreeMap<String, Value>,
}

impl CompositeBucket {
    /// Each single-value sub-aggregation's value, by name without a type prefix.
    pub fn metric_values(&self) -> BTreeMap<String, Option<f64>> {
        self.metrics
            .iter()
            .filter_map(|(name, v)| {
                let m = super::view::<super::Metric>(v, "a bucket's metric").ok()?;
                let name = name.rsplit('#').next().unwrap_or(name).to_owned();
                Some((name, m.value))
            })
            .collect()
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    /// A bucket-level trigger's result as 2.19 answers it, actions keyed by bucket then id.
    #[test]
    fn bucket_results_name_their_keys_and_their_actions_per_bucket() {
        let run: TriggerRun = serde_json::from_value(serde_json::json!({
            "name": "b",
            "agg_result_buckets": {
                "mallory": {"agg_alert_content": {"parent_bucket_path": "composite_agg", "bucket_keys": ["mallory"],
                            "bucket": {"doc_count": 3, "key": {"u": "mallory"}}}},
                "h2": {"bucket_keys": ["bob", "10.0.0.7"]}
            },
            "action_results": {"mallory": {"a1": {"id": "a1", "name": "Tell", "output": {"message": "m"}, "throttled": false, "error": null}}},
            "error": null
        }))
        .unwrap();
        assert_eq!(run.bucket_keys(), [vec!["bob".to_owned(), "10.0.0.7".to_owned()], vec!["mallory".to_owned()]]);
        let actions: Vec<_> = run.action_runs().map(|a| (a.name.as_str(), a.output.message.as_deref())).collect();
        assert_eq!(actions, [("Tell", Some("m"))]);
        // A query-level trigger's actions are keyed by id alone.
        let run: TriggerRun = serde_json::from_value(serde_json::json!({
            "name": "q", "triggered": true,
            "action_results": {"a1": {"id": "a1", "name": "Tell", "output": {"subject": "s", "message": "m"}, "throttled": false}}
        }))
        .unwrap();
        assert_eq!(run.action_runs().map(|a| a.name.as_str()).collect::<Vec<_>>(), ["Tell"]);
    }
}
