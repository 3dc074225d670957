//! The cluster's monitor JSON (`alerting-api.md` §2), for every monitor type.
//!
//! These types are what Monitor Studio sends to and reads from `_plugins/_alerting`. They
//! are deliberately tolerant on input, because monitors reach us from many writers (the
//! Dashboards, Terraform, curl, the cluster's own echo): unknown fields are ignored, numbers
//! and booleans sent as strings are accepted (`"true"`, `"1"`), units in any case, and
//! query-level triggers with or without their `query_level_trigger` wrapper. On output they
//! are strict and shaped exactly like the Dashboards' `formikToMonitor`/`formikToTrigger`.

use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;

use super::draft::{IntervalUnit, MonitorType};

pub mod lenient;
mod trigger;

pub use trigger::*;

/// A whole monitor (or composite workflow) body.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Monitor {
    /// `"monitor"`, or `"workflow"` for composite monitors.
    #[serde(rename = "type", default = "default_type")]
    pub r#type: String,
    pub name: String,
    #[serde(default)]
    pub monitor_type: MonitorType,
    /// `"composite"` for workflows; absent otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub workflow_type: Option<String>,
    #[serde(default = "yes", deserialize_with = "lenient::bool")]
    pub enabled: bool,
    pub schedule: Schedule,
    #[serde(default)]
    pub inputs: Vec<Input>,
    #[serde(default)]
    pub triggers: Vec<Trigger>,
    /// Free-form state of the authoring UI; the cluster stores it untouched.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ui_metadata: Option<Value>,
    /// Sent by the Dashboards for workflows only (`"alerting"`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    /// Sent by the Dashboards for workflows only (`0`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schema_version: Option<i64>,
}

impl Monitor {
    /// A composite monitor's input (its delegates).
    pub fn composite_input(&self) -> Option<&CompositeInput> {
        self.inputs.iter().find_map(|input| if let Input::CompositeInput(c) = input { Some(c) } else { None })
    }
}

fn default_type() -> String {
    "monitor".to_owned()
}

fn yes() -> bool {
    true
}

/// Exactly one of `period` / `cron` (the cluster refuses both).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Schedule {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period: Option<Period>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cron: Option<Cron>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Period {
    #[serde(deserialize_with = "lenient::u32")]
    pub interval: u32,
    /// Case-insensitive on input (the cluster accepts `minutes`), upper-case on output.
    #[serde(deserialize_with = "lenient::interval_unit")]
    pub unit: IntervalUnit,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Cron {
    pub expression: String,
    #[serde(default)]
    pub timezone: String,
}

/// One input; the JSON key names the kind (`{"search":{…}}`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Input {
    /// Query and bucket monitors.
    Search(SearchInput),
    /// Document monitors.
    DocLevelInput(DocLevelInput),
    /// Cluster metrics monitors.
    Uri(UriInput),
    /// Composite monitors (workflows).
    CompositeInput(CompositeInput),
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SearchInput {
    #[serde(default)]
    pub indices: Vec<String>,
    /// The full search body; a Mustache template over `{{period_end}}` etc.
    #[serde(default)]
    pub query: Value,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DocLevelInput {
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub indices: Vec<String>,
    #[serde(default)]
    pub queries: Vec<DocLevelQuery>,
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "lenient::opt_bool")]
    pub fan_out_enabled: Option<bool>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DocLevelQuery {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    pub name: String,
    /// `query_string` syntax, e.g. `level:"ERROR"`.
    pub query: String,
    #[serde(default)]
    pub tags: Vec<String>,
    /// Not written by the Dashboards; the cluster echoes `[]`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct UriInput {
    #[serde(default)]
    pub api_type: String,
    #[serde(default)]
    pub path: String,
    #[serde(default)]
    pub path_params: String,
    #[serde(default)]
    pub url: String,
    #[serde(default)]
    pub clusters: Vec<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct CompositeInput {
    pub sequence: Sequence,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Sequence {
    #[serde(default)]
    pub delegates: Vec<Delegate>,
}

impl CompositeInput {
    /// The delegates' monitor ids, in the order they run.
    pub fn ordered_ids(&self) -> Vec<String> {
        let mut delegates: Vec<&Delegate> = self.sequence.delegates.iter().collect();
        delegates.sort_by_key(|d| d.order);
        delegates.into_iter().map(|d| d.monitor_id.clone()).collect()
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Delegate {
    #[serde(deserialize_with = "lenient::u32")]
    pub order: u32,
    pub monitor_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chained_monitor_findings: Option<Value>,
}

/// A Painless (conditions) or Mustache (templates) script.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Script {
    pub source: String,
    /// `painless` when absent; the Dashboards' visual bucket selectors leave it out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub params: Option<Value>,
}

impl Script {
    pub fn painless(source: impl Into<String>) -> Script {
        Script { source: source.into(), lang: Some("painless".to_owned()), params: None }
    }
}

/// `{"script":{…}}`: the condition of query, document and chained triggers.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ScriptCondition {
    pub script: Script,
}

/// One notification of a trigger.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Action {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    pub name: String,
    /// The Notifications channel's `config_id` (or a legacy destination id).
    #[serde(default)]
    pub destination_id: String,
    /// Optional on the cluster (the title then defaults); the Dashboards always send it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject_template: Option<MustacheTemplate>,
    pub message_template: MustacheTemplate,
    #[serde(default, deserialize_with = "lenient::bool")]
    pub throttle_enabled: bool,
    /// Only present when throttling is enabled (the Dashboards omit it otherwise).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub throttle: Option<Throttle>,
    /// Bucket, document and composite monitors only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action_execution_policy: Option<Value>,
}

/// `{"source":"…","lang":"mustache"}`; a bare string is accepted on input, as the cluster does.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MustacheTemplate {
    pub source: String,
    pub lang: String,
}

impl MustacheTemplate {
    pub fn new(source: impl Into<String>) -> MustacheTemplate {
        MustacheTemplate { source: source.into(), lang: "mustache".to_owned() }
    }
}

impl<'de> Deserialize<'de> for MustacheTemplate {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        match Value::deserialize(d)? {
            Value::String(source) => Ok(MustacheTemplate::new(source)),
            Value::Object(obj) => {
                let source = match obj.get("source") {
                    Some(Value::String(s)) => s.clone(),
                    Some(Value::Null) | None => String::new(),
                    Some(other) => return Err(D::Error::custom(format!("template source must be text, not {other}"))),
                };
                let lang = obj.get("lang").and_then(Value::as_str).unwrap_or("mustache").to_owned();
                Ok(MustacheTemplate { source, lang })
            }
            other => Err(D::Error::custom(format!("expected a template, found {other}"))),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Throttle {
    #[serde(deserialize_with = "lenient::u32")]
    pub value: u32,
    /// Only `MINUTES` exists; upper-cased on input.
    #[serde(default = "minutes", deserialize_with = "lenient::upper")]
    pub unit: String,
}

fn minutes() -> String {
    "MINUTES".to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn query_level_trigger_reads_wrapped_and_bare_and_writes_bare() {
        let bare = json!({"name":"t","severity":1,"condition":{"script":{"source":"true"}},"actions":[]});
        let wrapped = json!({"query_level_trigger": bare.clone()});
        let a: Trigger = serde_json::from_value(bare).unwrap();
        let b: Trigger = serde_json::from_value(wrapped).unwrap();
        assert_eq!(a, b);
        let out = serde_json::to_value(&a).unwrap();
        assert_eq!(out["severity"], "1");
        // An absent `lang` (the cluster's default, painless) stays absent.
        assert_eq!(out["condition"]["script"].get("lang"), None);
        assert_eq!(out["min_time_between_executions"], Value::Null);
        assert!(out.get("query_level_trigger").is_none());
    }

    #[test]
    fn other_triggers_stay_wrapped() {
        let v = json!({"bucket_level_trigger":{"name":"b","severity":"2","condition":{
            "buckets_path":{"_count":"_count"},"parent_bucket_path":"composite_agg",
            "script":{"source":"params._count > 1"}},"actions":[]}});
        let t: Trigger = serde_json::from_value(v).unwrap();
        assert!(matches!(t, Trigger::BucketLevel(_)));
        let out = serde_json::to_value(&t).unwrap();
        assert_eq!(out["bucket_level_trigger"]["name"], "b");
    }

    #[test]
    fn lenient_scalars_and_unknown_fields() {
        let m: Monitor = serde_json::from_value(json!({
            "name":"m","enabled":"false","schedule":{"period":{"interval":"5","unit":"minutes"}},
            "surprise":1,"last_update_time":1717000000000i64,
            "inputs":[{"search":{"indices":["a"],"query":{}}}]
        }))
        .unwrap();
        assert!(!m.enabled);
        assert_eq!(m.schedule.period, Some(Period { interval: 5, unit: IntervalUnit::Minutes }));
        assert_eq!(m.r#type, "monitor");
    }

    #[test]
    fn action_template_may_be_a_bare_string() {
        let a: Action = serde_json::from_value(json!({
            "name":"a","destination_id":"d","message_template":"hi","throttle_enabled":"true",
            "throttle":{"value":"10","unit":"minutes"}}))
        .unwrap();
        assert_eq!(a.message_template, MustacheTemplate::new("hi"));
        assert!(a.throttle_enabled);
        assert_eq!(a.throttle, Some(Throttle { value: 10, unit: "MINUTES".into() }));
    }
}
