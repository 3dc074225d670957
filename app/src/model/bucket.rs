//! Per bucket monitors: the trigger conditions a person builds row by row, the keyword
//! filter, how actions run per alert or per execution, and the bucket-selector JSON they
//! become — exactly as the Dashboards write it (`formikToTrigger.js`
//! `getBucketLevelTriggerCondition`, `formikToBucketLevelTriggerAction`) and read it back
//! (`triggerToFormik.js` `getBucketLevelTriggerConditions`).
//!
//! The composite aggregation the conditions run over is built by
//! [`super::query::bucket_search_body`]; its sub-aggregations are named by
//! [`super::query::bucket_metric_name`], and `_count` is each bucket's document count.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};
use strum::{EnumMessage, EnumString, IntoStaticStr, VariantArray};

use super::draft::{MetricAggregation, ThresholdEnum, VisualQuery, variant_array};
use super::monitor::{BucketCondition, Script};
use super::query::{bucket_metric_name, js_number};

/// `parent_bucket_path` of every visual bucket trigger.
pub const PARENT_BUCKET_PATH: &str = "composite_agg";
/// The document count of a bucket, always offered as a condition's metric.
pub const COUNT_METRIC: &str = "_count";
/// Its label (`DEFAULT_METRIC_AGGREGATION`).
pub const COUNT_LABEL: &str = "Count of documents";

/// The extraction editor's starting bucket selector. The Dashboards start from a
/// placeholder (`{"buckets_path":{"":""},…"params."}`) the cluster refuses; this one runs.
pub const DEFAULT_BUCKET_SELECTOR: &str = "{\n  \"buckets_path\": {\n    \"_count\": \"_count\"\n  },\n  \"parent_bucket_path\": \"composite_agg\",\n  \"script\": {\n    \"source\": \"params._count > 10000\",\n    \"lang\": \"painless\"\n  }\n}";

/// The Dashboards' default message of a bucket monitor's action: the query monitor's, plus
/// the alerts of this run by state, each with its group-by values.
pub const DEFAULT_BUCKET_MESSAGE: &str = "Monitor {{ctx.monitor.name}} just entered alert status. Please investigate the issue.\n  - Trigger: {{ctx.trigger.name}}\n  - Severity: {{ctx.trigger.severity}}\n  - Period start: {{ctx.periodStart}}\n  - Period end: {{ctx.periodEnd}}\n\n  - Deduped Alerts:\n  {{#ctx.dedupedAlerts}}\n    * {{id}} : {{bucket_keys}}\n  {{/ctx.dedupedAlerts}}\n\n  - New Alerts:\n  {{#ctx.newAlerts}}\n    * {{id}} : {{bucket_keys}}\n  {{/ctx.newAlerts}}\n\n  - Completed Alerts:\n  {{#ctx.completedAlerts}}\n    * {{id}} : {{bucket_keys}}\n  {{/ctx.completedAlerts}}";

/// How a condition joins the one before it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
#[derive(IntoStaticStr, EnumString, EnumMessage, VariantArray)]
#[serde(rename_all = "UPPERCASE")]
#[strum(serialize_all = "UPPERCASE")]
pub enum AndOr {
    #[default]
    #[strum(message = "&&")]
    And,
    #[strum(message = "||")]
    Or,
}

impl AndOr {
    pub const ALL: [AndOr; 2] = variant_array(AndOr::VARIANTS);

    pub fn label(self) -> &'static str {
        self.into()
    }

    /// The Painless operator.
    pub fn operator(self) -> &'static str {
        self.get_message().unwrap_or_default()
    }

    pub(crate) fn from_operator(op: &str) -> Option<AndOr> {
        AndOr::ALL.into_iter().find(|a| a.operator() == op)
    }
}

/// One row of "Trigger conditions": `[AND|OR] <metric> IS ABOVE <value>`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
pub struct BucketConditionDraft {
    /// Ignored on the first row.
    #[serde(default)]
    pub and_or: AndOr,
    /// `_count` or the name of one of the query's sub-aggregations (`avg_bytes`).
    pub metric: String,
    pub threshold_enum: ThresholdEnum,
    pub threshold_value: f64,
}

impl Default for BucketConditionDraft {
    fn default() -> Self {
        BucketConditionDraft {
            and_or: AndOr::And,
            metric: COUNT_METRIC.to_owned(),
            threshold_enum: ThresholdEnum::Above,
            threshold_value: 10000.0,
        }
    }
}

/// A new trigger's conditions: one row, count of documents above 10000.
pub fn default_conditions() -> Vec<BucketConditionDraft> {
    vec![BucketConditionDraft::default()]
}

pub fn default_selector() -> String {
    DEFAULT_BUCKET_SELECTOR.to_owned()
}

/// "includes" / "excludes" of the keyword filter.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
#[derive(IntoStaticStr, EnumString, EnumMessage, VariantArray)]
#[serde(rename_all = "lowercase")]
#[strum(serialize_all = "lowercase")]
pub enum KeywordOperator {
    #[default]
    #[strum(message = "includes")]
    Include,
    #[strum(message = "excludes")]
    Exclude,
}

impl KeywordOperator {
    pub const ALL: [KeywordOperator; 2] = variant_array(KeywordOperator::VARIANTS);

    pub fn api_name(self) -> &'static str {
        self.into()
    }

    pub fn label(self) -> &'static str {
        self.get_message().unwrap_or_default()
    }
}

/// The trigger's optional keyword filter (`composite_agg_filter`): only buckets whose
/// group-by value matches count.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
pub struct KeywordFilter {
    /// One of the group-by fields.
    pub field: String,
    pub operator: KeywordOperator,
    /// A value or a regular expression, as the cluster's terms include/exclude read it.
    pub value: String,
}

/// "Actionable alerts" of an action that runs per alert.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
#[derive(IntoStaticStr, EnumString, EnumMessage, VariantArray)]
#[serde(rename_all = "UPPERCASE")]
#[strum(serialize_all = "UPPERCASE")]
pub enum ActionableAlert {
    #[strum(message = "De-duplicated")]
    Deduped,
    #[strum(message = "New")]
    New,
    #[strum(message = "Completed")]
    Completed,
}

impl ActionableAlert {
    pub const ALL: [ActionableAlert; 3] = variant_array(ActionableAlert::VARIANTS);

    pub fn api_name(self) -> &'static str {
        self.into()
    }

    pub fn label(self) -> &'static str {
        self.get_message().unwrap_or_default()
    }
}

/// "Perform action": once per run, or once per alert of the chosen states. Written
/// `{"scope": "per_alert", "actionable_alerts": […]}`; read by [`super::tagged`].
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
#[serde(tag = "scope", rename_all = "snake_case")]
pub enum ActionScope {
    PerAlert { actionable_alerts: Vec<ActionableAlert> },
    PerExecution,
}

impl Default for ActionScope {
    /// The Dashboards' default for bucket monitors: per alert, de-duplicated and new.
    fn default() -> Self {
        ActionScope::PerAlert { actionable_alerts: vec![ActionableAlert::Deduped, ActionableAlert::New] }
    }
}

impl ActionScope {
    /// `action_execution_policy`, as the cluster stores it.
    pub fn to_policy(&self) -> Value {
        match self {
            ActionScope::PerAlert { actionable_alerts } => {
                let names: Vec<&str> = actionable_alerts.iter().map(|a| a.api_name()).collect();
                json!({ "action_execution_scope": { "per_alert": { "actionable_alerts": names } } })
            }
            ActionScope::PerExecution => json!({ "action_execution_scope": { "per_execution": {} } }),
        }
    }

    /// Reads `action_execution_policy`; `None` when absent or not understood.
    pub fn from_policy(v: &Value) -> Option<ActionScope> {
        let scope = v.get("action_execution_scope")?;
        if scope.get("per_execution").is_some() {
            return Some(ActionScope::PerExecution);
        }
        let alerts = scope.get("per_alert")?.get("actionable_alerts")?.as_array()?;
        let actionable_alerts =
            alerts.iter().map(|a| a.as_str()?.parse().ok()).collect::<Option<Vec<ActionableAlert>>>()?;
        Some(ActionScope::PerAlert { actionable_alerts })
    }

    /// Throttling applies to per-alert actions only (the cluster refuses it per execution).
    pub fn throttles(&self) -> bool {
        matches!(self, ActionScope::PerAlert { .. })
    }
}

/// The metrics a condition may compare: `(name, label)`, count of documents first, then
/// each of the query's metrics (`avg_bytes`, "AVG OF bytes"), without duplicates.
pub fn metric_choices(visual: &VisualQuery) -> Vec<(String, String)> {
    let mut out = vec![(COUNT_METRIC.to_owned(), COUNT_LABEL.to_owned())];
    for m in visual.metrics.iter().filter(|m| !m.field.trim().is_empty()) {
        let name = bucket_metric_name(m.aggregation, &m.field);
        if !out.iter().any(|(n, _)| *n == name) {
            let kind = match m.aggregation {
                MetricAggregation::Count => "COUNT".to_owned(),
                other => other.ui_name().to_uppercase(),
            };
            out.push((name, format!("{kind} OF {}", m.field)));
        }
    }
    out
}

/// `getBucketLevelTriggerCondition`: the bucket selector of the visual conditions.
pub fn condition(conditions: &[BucketConditionDraft], filter: Option<&KeywordFilter>) -> BucketCondition {
    let mut buckets_path = Map::new();
    let mut parts = Vec::new();
    for (i, c) in conditions.iter().enumerate() {
        buckets_path.insert(c.metric.clone(), Value::String(c.metric.clone()));
        if i > 0 {
            parts.push(c.and_or.operator().to_owned());
        }
        parts.push(format!("params.{} {} {}", c.metric, c.threshold_enum.operator(), js_number(c.threshold_value)));
    }
    BucketCondition {
        buckets_path,
        parent_bucket_path: PARENT_BUCKET_PATH.to_owned(),
        script: Script { source: parts.join(" "), lang: None, params: None },
        composite_agg_filter: filter.filter(|f| !f.field.trim().is_empty()).map(|f| {
            let mut by_field = Map::new();
            by_field.insert(f.field.clone(), json!({ f.operator.api_name(): f.value }));
            Value::Object(by_field)
        }),
        gap_policy: None,
    }
}

/// The conditions a visual bucket selector was built from, or `None` when its script is
/// not one the rows can show (hand-written Painless, another parent path).
pub fn conditions_from(c: &BucketCondition) -> Option<Vec<BucketConditionDraft>> {
    if c.parent_bucket_path != PARENT_BUCKET_PATH {
        return None;
    }
    let tokens: Vec<&str> = c.script.source.split_whitespace().collect();
    let mut out = Vec::new();
    let mut rest = tokens.as_slice();
    while !rest.is_empty() {
        let and_or = if out.is_empty() {
            AndOr::And
        } else {
            let (op, tail) = rest.split_first()?;
            rest = tail;
            AndOr::from_operator(op)?
        };
        let [param, op, value, tail @ ..] = rest else { return None };
        rest = tail;
        let metric = param.strip_prefix("params.")?.to_owned();
        let threshold_enum = ThresholdEnum::ALL.into_iter().find(|t| t.operator() == *op)?;
        let threshold_value: f64 = value.parse().ok()?;
        out.push(BucketConditionDraft { and_or, metric, threshold_enum, threshold_value });
    }
    let rebuilt = condition(&out, keyword_filter_from(c).as_ref());
    let same = !out.is_empty()
        && rebuilt.buckets_path == c.buckets_path
        && rebuilt.script.source == c.script.source
        && rebuilt.composite_agg_filter == c.composite_agg_filter;
    same.then_some(out)
}

/// The keyword filter of `composite_agg_filter` (`{"host.keyword":{"include":"web-1"}}`).
pub fn keyword_filter_from(c: &BucketCondition) -> Option<KeywordFilter> {
    let (field, rule) = c.composite_agg_filter.as_ref()?.as_object()?.iter().next()?;
    let (op, value) = rule.as_object()?.iter().next()?;
    Some(KeywordFilter {
        field: field.clone(),
        operator: op.parse().ok()?,
        value: match value {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        },
    })
}

/// The extraction editor's bucket selector as typed, checked as the cluster would.
pub fn selector_from_text(text: &str) -> Result<BucketCondition, String> {
    let v: Value = serde_json::from_str(text).map_err(|_| super::validate::INVALID_JSON.to_owned())?;
    let c: BucketCondition =
        serde_json::from_value(v).map_err(|e| format!("Not a bucket selector: {e}."))?;
    if c.buckets_path.is_empty() || c.buckets_path.keys().any(|k| k.trim().is_empty()) {
        return Err("buckets_path must name at least one variable.".to_owned());
    }
    if c.script.source.trim().is_empty() {
        return Err("The script is empty.".to_owned());
    }
    Ok(c)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::draft::Metric;

    fn row(and_or: AndOr, metric: &str, t: ThresholdEnum, v: f64) -> BucketConditionDraft {
        BucketConditionDraft { and_or, metric: metric.to_owned(), threshold_enum: t, threshold_value: v }
    }

    #[test]
    fn conditions_become_the_dashboards_bucket_selector_and_back() {
        let rows = [row(AndOr::And, "_count", ThresholdEnum::Above, 10.0), row(AndOr::And, "avg_bytes", ThresholdEnum::Below, 5.0)];
        let filter = KeywordFilter { field: "host.keyword".into(), operator: KeywordOperator::Include, value: "web-1".into() };
        let c = condition(&rows, Some(&filter));
        assert_eq!(
            serde_json::to_value(&c).unwrap(),
            json!({"parent_bucket_path": "composite_agg",
                   "buckets_path": {"_count": "_count", "avg_bytes": "avg_bytes"},
                   "script": {"source": "params._count > 10 && params.avg_bytes < 5"},
                   "composite_agg_filter": {"host.keyword": {"include": "web-1"}}})
        );
        assert_eq!(conditions_from(&c).unwrap(), rows);
        assert_eq!(keyword_filter_from(&c), Some(filter));
        let or = [row(AndOr::And, "_count", ThresholdEnum::Exactly, 0.5), row(AndOr::Or, "_count", ThresholdEnum::Above, 1e21)];
        let c = condition(&or, None);
        assert_eq!(c.script.source, "params._count == 0.5 || params._count > 1e+21");
        assert_eq!(conditions_from(&c).unwrap(), or);
    }

    #[test]
    fn hand_written_selectors_are_not_shown_as_rows() {
        for source in ["params._count > 1 && (params.a < 2)", "params._count >= 3", "return true", "params._count > x", ""] {
            let mut c = condition(&default_conditions(), None);
            c.script.source = source.to_owned();
            assert_eq!(conditions_from(&c), None, "{source}");
        }
        let mut c = condition(&default_conditions(), None);
        c.parent_bucket_path = "other".into();
        assert_eq!(conditions_from(&c), None);
        // A buckets_path that names more than the script uses is not the rows' either.
        let mut c = condition(&default_conditions(), None);
        c.buckets_path.insert("extra".into(), json!("extra"));
        assert_eq!(conditions_from(&c), None);
    }

    #[test]
    fn execution_policies_round_trip() {
        let scopes = [ActionScope::default(), ActionScope::PerExecution, ActionScope::PerAlert { actionable_alerts: vec![ActionableAlert::Completed] }];
        for s in scopes {
            assert_eq!(ActionScope::from_policy(&s.to_policy()), Some(s.clone()));
        }
        assert_eq!(
            ActionScope::default().to_policy(),
            json!({"action_execution_scope": {"per_alert": {"actionable_alerts": ["DEDUPED", "NEW"]}}})
        );
        assert_eq!(ActionScope::PerExecution.to_policy(), json!({"action_execution_scope": {"per_execution": {}}}));
        assert_eq!(ActionScope::from_policy(&json!({"action_execution_scope": {"per_alert": {"actionable_alerts": ["SOON"]}}})), None);
        assert_eq!(ActionableAlert::ALL.map(ActionableAlert::label), ["De-duplicated", "New", "Completed"]);
    }

    #[test]
    fn metric_choices_name_the_composite_sub_aggregations() {
        let visual = VisualQuery {
            metrics: vec![
                Metric { aggregation: MetricAggregation::Avg, field: "products.base_price".into() },
                Metric { aggregation: MetricAggregation::Count, field: "user".into() },
                Metric { aggregation: MetricAggregation::Max, field: String::new() },
            ],
            ..VisualQuery::default()
        };
        assert_eq!(
            metric_choices(&visual),
            [
                ("_count".to_owned(), "Count of documents".to_owned()),
                ("avg_products_base_price".to_owned(), "AVG OF products.base_price".to_owned()),
                ("count_user".to_owned(), "COUNT OF user".to_owned()),
            ]
        );
    }

    #[test]
    fn selectors_typed_by_hand_are_checked() {
        assert!(selector_from_text(DEFAULT_BUCKET_SELECTOR).is_ok());
        assert_eq!(selector_from_text("{").unwrap_err(), "Invalid JSON.");
        assert!(selector_from_text("{\"script\":{\"source\":\"true\"}}").unwrap_err().starts_with("Not a bucket selector"));
        let placeholder = r#"{"buckets_path":{"":""},"parent_bucket_path":"composite_agg","script":{"source":"params."}}"#;
        assert_eq!(selector_from_text(placeholder).unwrap_err(), "buckets_path must name at least one variable.");
    }
}
