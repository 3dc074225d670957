//! The form model: what a person edits in the Create monitor flow and what a draft stores.
//!
//! It mirrors the Dashboards' form values (see `alerting-ui-flow.md` §1–§3) rather than the
//! cluster's monitor JSON, because the form holds things the cluster never sees: the visual
//! editor's state, a half-typed extraction query that is not yet valid JSON, thresholds as
//! numbers. [`crate::model::convert`] turns it into the monitor JSON and back.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use strum::{EnumDiscriminants, EnumMessage, EnumProperty, EnumString, IntoStaticStr, VariantArray};

pub use super::bucket::{ActionScope, ActionableAlert, AndOr, BucketConditionDraft, KeywordFilter, KeywordOperator};
pub use super::cluster_metrics::{ApiType, ClusterMetricsDraft};
pub use super::composite::{ChainConditionDraft, ChainOperator};
pub use super::document::{DocConditionDraft, DocQueryDraft, DocTarget};

// Every name of a variant is written once, on the variant: the wire name in its serde and
// strum attributes (where serde's `rename_all` cannot spell it, both name it side by side and
// a test keeps them equal), the Dashboards' words in its strum `message`. The methods below
// are thin readers of those derives.

/// The monitor types the cluster knows (`monitor_type`), all authored in the form.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
#[derive(IntoStaticStr, EnumString, EnumMessage, VariantArray)]
#[serde(rename_all = "snake_case")]
pub enum MonitorType {
    #[default]
    #[serde(rename = "query_level_monitor")]
    #[strum(
        serialize = "query_level_monitor",
        message = "Per query monitor",
        detailed_message = "Runs a query and generates alert notifications based on the matching criteria."
    )]
    QueryLevel,
    #[serde(rename = "bucket_level_monitor")]
    #[strum(
        serialize = "bucket_level_monitor",
        message = "Per bucket monitor",
        detailed_message = "Runs a query and generates alert notifications based on group-by values."
    )]
    BucketLevel,
    #[serde(rename = "doc_level_monitor")]
    #[strum(
        serialize = "doc_level_monitor",
        message = "Per document monitor",
        detailed_message = "Runs a query and generates alert notifications for each matching document."
    )]
    DocLevel,
    #[serde(rename = "cluster_metrics_monitor")]
    #[strum(
        serialize = "cluster_metrics_monitor",
        message = "Per cluster metrics monitor",
        detailed_message = "Runs API requests on the cluster to monitor its health."
    )]
    ClusterMetrics,
    #[serde(rename = "composite")]
    #[strum(
        serialize = "composite",
        message = "Composite monitor",
        detailed_message = "Runs multiple monitors in a sequence and generates a single alert."
    )]
    Composite,
}

impl MonitorType {
    pub const ALL: [MonitorType; 5] = variant_array(MonitorType::VARIANTS);

    /// The value of `monitor_type` on the wire.
    pub fn api_name(self) -> &'static str {
        self.into()
    }

    pub fn from_api_name(name: &str) -> Option<MonitorType> {
        name.parse().ok()
    }

    /// The card title, in the Dashboards' words.
    pub fn label(self) -> &'static str {
        self.get_message().unwrap_or_default()
    }

    /// The card's one-line description.
    pub fn description(self) -> &'static str {
        self.get_detailed_message().unwrap_or_default()
    }

    /// Whether the input is a search (the query editors: visual or extraction).
    pub fn searches(self) -> bool {
        matches!(self, MonitorType::QueryLevel | MonitorType::BucketLevel)
    }

    /// Whether a backtest can replay this type: dry runs at past `period_end`s (a composite
    /// monitor's: of its delegates, which must be replayable themselves). Per document runs
    /// read the latest documents whatever the time, cluster metrics the cluster as it is now.
    pub fn backtestable(self) -> bool {
        matches!(self, MonitorType::QueryLevel | MonitorType::BucketLevel | MonitorType::Composite)
    }

    /// "Can have a maximum of N metric selections."
    pub fn max_metrics(self) -> usize {
        if self == MonitorType::BucketLevel { limits::MAX_BUCKET_METRICS } else { limits::MAX_QUERY_METRICS }
    }

    /// "Can have a maximum of N group by selections."
    pub fn max_group_by(self) -> usize {
        if self == MonitorType::BucketLevel { limits::MAX_BUCKET_GROUP_BY } else { limits::MAX_QUERY_GROUP_BY }
    }

    /// The message a new action starts with.
    pub fn default_message(self) -> &'static str {
        match self {
            MonitorType::BucketLevel => super::bucket::DEFAULT_BUCKET_MESSAGE,
            MonitorType::DocLevel => super::document::DEFAULT_DOC_MESSAGE,
            _ => DEFAULT_MESSAGE,
        }
    }

    /// "Perform action" of a new action: per alert for bucket monitors, per execution for
    /// the others (query monitors have no choice).
    pub fn default_action_scope(self) -> ActionScope {
        if self == MonitorType::BucketLevel { ActionScope::default() } else { ActionScope::PerExecution }
    }

    /// Whether actions choose "Perform action" (per execution or per alert).
    pub fn has_action_scope(self) -> bool {
        matches!(self, MonitorType::BucketLevel | MonitorType::DocLevel | MonitorType::Composite)
    }

    /// Whether an action may be throttled with this scope: never for per document
    /// monitors, only per alert for per bucket ones.
    pub fn can_throttle(self, scope: &ActionScope) -> bool {
        match self {
            MonitorType::DocLevel => false,
            MonitorType::BucketLevel => scope.throttles(),
            _ => true,
        }
    }
}

/// "Monitor defining method": the `searchType` of `ui_metadata.search`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
#[derive(IntoStaticStr, EnumString, EnumMessage, VariantArray)]
pub enum DefiningMethod {
    /// "Visual editor" (`graph`).
    #[default]
    #[serde(rename = "graph")]
    #[strum(serialize = "graph", message = "Visual editor")]
    Visual,
    /// "Extraction query editor" (`query`).
    #[serde(rename = "query")]
    #[strum(serialize = "query", message = "Extraction query editor")]
    ExtractionQuery,
    /// "Anomaly detector" (`ad`): kept so such monitors survive import; not authored here.
    #[serde(rename = "ad")]
    #[strum(serialize = "ad", message = "Anomaly detector")]
    AnomalyDetector,
    /// Cluster metrics monitors (`clusterMetrics`).
    #[serde(rename = "clusterMetrics")]
    #[strum(serialize = "clusterMetrics", message = "Cluster metrics")]
    ClusterMetrics,
}

impl DefiningMethod {
    /// The `searchType` on the wire.
    pub fn api_name(self) -> &'static str {
        self.into()
    }

    pub fn from_api_name(name: &str) -> Option<DefiningMethod> {
        name.parse().ok()
    }

    pub fn label(self) -> &'static str {
        self.get_message().unwrap_or_default()
    }
}

/// Units of "By interval" schedules, as the cluster spells them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
#[derive(IntoStaticStr, EnumString, EnumMessage, EnumProperty, VariantArray)]
#[serde(rename_all = "UPPERCASE")]
#[strum(serialize_all = "UPPERCASE", ascii_case_insensitive)]
pub enum IntervalUnit {
    #[default]
    #[strum(message = "Minutes", props(one = "minute"))]
    Minutes,
    #[strum(message = "Hours", props(one = "hour"))]
    Hours,
    #[strum(message = "Days", props(one = "day"))]
    Days,
}

impl IntervalUnit {
    pub const ALL: [IntervalUnit; 3] = variant_array(IntervalUnit::VARIANTS);

    pub fn api_name(self) -> &'static str {
        self.into()
    }

    /// Any case: the cluster accepts `minutes`.
    pub fn from_api_name(name: &str) -> Option<IntervalUnit> {
        name.parse().ok()
    }

    pub fn label(self) -> &'static str {
        self.get_message().unwrap_or_default()
    }

    /// One unit in words, for "Every 1 minute" ("Every 2 minutes" adds the `s`).
    pub fn singular(self) -> &'static str {
        self.get_str("one").unwrap_or_default()
    }

    /// Every name, for messages: `MINUTES, HOURS or DAYS`.
    pub fn choices() -> String {
        let names = IntervalUnit::ALL.map(IntervalUnit::api_name);
        match names.split_last() {
            Some((last, [])) => (*last).to_owned(),
            Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
            None => String::new(),
        }
    }
}

/// Days for the "Weekly" frequency, in the cron spelling the Dashboards emit (`MON,FRI`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
#[derive(IntoStaticStr, EnumMessage, VariantArray)]
#[serde(rename_all = "lowercase")]
#[strum(serialize_all = "UPPERCASE")]
pub enum Weekday {
    #[strum(message = "Monday")]
    Mon,
    #[strum(message = "Tuesday")]
    Tue,
    #[strum(message = "Wednesday")]
    Wed,
    #[strum(message = "Thursday")]
    Thu,
    #[strum(message = "Friday")]
    Fri,
    #[strum(message = "Saturday")]
    Sat,
    #[strum(message = "Sunday")]
    Sun,
}

impl Weekday {
    pub const ALL: [Weekday; 7] = variant_array(Weekday::VARIANTS);

    pub fn cron_name(self) -> &'static str {
        self.into()
    }

    pub fn label(self) -> &'static str {
        self.get_message().unwrap_or_default()
    }
}

/// "Frequency" and its sub-fields. Every cron-based variant carries its timezone because the
/// cluster requires one for cron schedules. Written `{"frequency": "daily", "hour": 9, …}`;
/// read by [`super::tagged`].
#[derive(Clone, Debug, PartialEq, Serialize, EnumDiscriminants)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
#[serde(tag = "frequency", rename_all = "snake_case")]
#[strum_discriminants(
    name(FrequencyKind),
    doc = "The kinds of [`Frequency`], named as the Dashboards do (`ui_metadata.schedule.frequency`).",
    derive(Hash, IntoStaticStr, EnumString, VariantArray),
    strum(serialize_all = "camelCase")
)]
pub enum Frequency {
    /// "By interval": `{"period":{"interval":N,"unit":U}}`.
    Interval { interval: u32, unit: IntervalUnit },
    /// "Daily" around an hour (0–23): `0 H * * *`.
    Daily { hour: u8, timezone: String },
    /// "Weekly" on the chosen days: `0 H * * MON,FRI`.
    Weekly { days: Vec<Weekday>, hour: u8, timezone: String },
    /// "Monthly" on "Day N" (1–31): `0 H N */1 *`.
    Monthly { day: u8, hour: u8, timezone: String },
    /// "Custom cron expression": five-field UNIX cron, validated server-side.
    #[strum_discriminants(strum(serialize = "cronExpression"))]
    CustomCron { expression: String, timezone: String },
}

impl Default for Frequency {
    fn default() -> Self {
        Frequency::Interval { interval: 1, unit: IntervalUnit::Minutes }
    }
}

impl Frequency {
    /// The Dashboards' name of the frequency (`ui_metadata.schedule.frequency`).
    pub fn kind(&self) -> &'static str {
        FrequencyKind::from(self).name()
    }

    pub fn timezone(&self) -> Option<&str> {
        match self {
            Frequency::Interval { .. } => None,
            Frequency::Daily { timezone, .. }
            | Frequency::Weekly { timezone, .. }
            | Frequency::Monthly { timezone, .. }
            | Frequency::CustomCron { timezone, .. } => Some(timezone),
        }
    }
}

impl FrequencyKind {
    /// The Dashboards' name (`interval`, `daily`, `weekly`, `monthly`, `cronExpression`).
    pub fn name(self) -> &'static str {
        self.into()
    }

    pub fn parse(name: &str) -> Option<FrequencyKind> {
        name.parse().ok()
    }
}

/// A metric aggregation of the visual editor ("AVG OF bytes").
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
#[derive(IntoStaticStr, EnumString, EnumMessage, VariantArray)]
#[serde(rename_all = "lowercase")]
#[strum(serialize_all = "lowercase")]
pub enum MetricAggregation {
    #[default]
    #[strum(message = "count()")]
    Count,
    #[strum(message = "average()")]
    Avg,
    #[strum(message = "sum()")]
    Sum,
    #[strum(message = "min()")]
    Min,
    #[strum(message = "max()")]
    Max,
}

impl MetricAggregation {
    pub const ALL: [MetricAggregation; 5] = variant_array(MetricAggregation::VARIANTS);

    /// The name in `ui_metadata.search.aggregations[].aggregationType`.
    pub fn ui_name(self) -> &'static str {
        self.into()
    }

    pub fn from_ui_name(name: &str) -> Option<MetricAggregation> {
        name.parse().ok()
    }

    pub fn label(self) -> &'static str {
        self.get_message().unwrap_or_default()
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
pub struct Metric {
    pub aggregation: MetricAggregation,
    pub field: String,
}

/// Unit of "Time range for the last" (`bucketUnitOfTime`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
#[derive(IntoStaticStr, EnumString, EnumMessage, VariantArray)]
pub enum TimeUnit {
    #[serde(rename = "m")]
    #[strum(serialize = "m", message = "minute(s)")]
    Minutes,
    #[default]
    #[serde(rename = "h")]
    #[strum(serialize = "h", message = "hour(s)")]
    Hours,
    #[serde(rename = "d")]
    #[strum(serialize = "d", message = "day(s)")]
    Days,
}

impl TimeUnit {
    pub const ALL: [TimeUnit; 3] = variant_array(TimeUnit::VARIANTS);

    pub fn suffix(self) -> &'static str {
        self.into()
    }

    pub fn from_suffix(s: &str) -> Option<TimeUnit> {
        s.parse().ok()
    }

    pub fn label(self) -> &'static str {
        self.get_message().unwrap_or_default()
    }
}

/// The type of a mapped field, as far as the visual editor cares.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
#[derive(IntoStaticStr, EnumString, VariantArray)]
#[serde(rename_all = "lowercase")]
#[strum(serialize_all = "lowercase")]
pub enum FieldType {
    #[default]
    Number,
    Text,
    Keyword,
    Boolean,
    Date,
}

impl FieldType {
    /// The Dashboards' `fieldName[].type`.
    pub fn api_name(self) -> &'static str {
        self.into()
    }

    pub fn parse(name: &str) -> Option<FieldType> {
        name.parse().ok()
    }
}

/// Data filter operators (§1.3). The serde names are the Dashboards' `operator` values so
/// `ui_metadata` written by either tool reads back.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
#[derive(IntoStaticStr, EnumString, EnumMessage, VariantArray)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum FilterOperator {
    #[default]
    #[strum(message = "is")]
    Is,
    #[strum(message = "is not")]
    IsNot,
    #[strum(message = "is null")]
    IsNull,
    #[strum(message = "is not null")]
    IsNotNull,
    #[strum(message = "is greater than")]
    IsGreater,
    #[strum(message = "is greater than equal")]
    IsGreaterEqual,
    #[strum(message = "is less than")]
    IsLess,
    #[strum(message = "is less than equal")]
    IsLessEqual,
    #[strum(message = "is in range")]
    InRange,
    #[strum(message = "is not in range")]
    NotInRange,
    #[strum(message = "starts with")]
    StartsWith,
    #[strum(message = "ends with")]
    EndsWith,
    #[strum(message = "contains")]
    Contains,
    #[serde(rename = "does_not_contains")]
    #[strum(serialize = "does_not_contains", message = "does not contain")]
    DoesNotContain,
}

impl FilterOperator {
    /// The Dashboards' `operator`.
    pub fn api_name(self) -> &'static str {
        self.into()
    }

    pub fn parse(name: &str) -> Option<FilterOperator> {
        name.parse().ok()
    }

    pub fn label(self) -> &'static str {
        self.get_message().unwrap_or_default()
    }

    /// The operators offered for a field type (§1.3).
    pub fn for_type(field_type: FieldType) -> &'static [FilterOperator] {
        use FilterOperator::*;
        match field_type {
            FieldType::Number | FieldType::Date => &[
                Is, IsNot, IsNull, IsNotNull, IsGreater, IsGreaterEqual, IsLess, IsLessEqual, InRange, NotInRange,
            ],
            FieldType::Text => &[Is, IsNot, IsNull, IsNotNull, StartsWith, EndsWith, Contains, DoesNotContain],
            FieldType::Keyword => &[Is, IsNot, IsNull, IsNotNull, StartsWith, EndsWith, Contains],
            FieldType::Boolean => &[Is, IsNot, IsNull],
        }
    }

    /// Whether the operator takes a value, a range, or nothing.
    pub fn arity(self) -> OperatorArity {
        match self {
            FilterOperator::IsNull | FilterOperator::IsNotNull => OperatorArity::None,
            FilterOperator::InRange | FilterOperator::NotInRange => OperatorArity::Range,
            _ => OperatorArity::One,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OperatorArity {
    None,
    One,
    Range,
}

/// One data filter: "field operator value". Values are JSON so numbers stay numbers and
/// booleans stay booleans in the generated query.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
pub struct Filter {
    pub field: String,
    pub field_type: FieldType,
    pub operator: FilterOperator,
    #[serde(default, skip_serializing_if = "Value::is_null")]
    pub value: Value,
    #[serde(default, skip_serializing_if = "Value::is_null")]
    pub range_start: Value,
    #[serde(default, skip_serializing_if = "Value::is_null")]
    pub range_end: Value,
}

/// The visual editor's state (`ui_metadata.search`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
pub struct VisualQuery {
    /// At most one for per query monitors ("Can have a maximum of 1 metric selections.").
    pub metrics: Vec<Metric>,
    /// "Time range for the last" N.
    pub time_range_value: u32,
    pub time_range_unit: TimeUnit,
    /// Up to 10, ANDed.
    pub filters: Vec<Filter>,
    /// Keyword fields; at most one for per query monitors.
    pub group_by: Vec<String>,
}

impl Default for VisualQuery {
    fn default() -> Self {
        VisualQuery { metrics: Vec::new(), time_range_value: 1, time_range_unit: TimeUnit::Hours, filters: Vec::new(), group_by: Vec::new() }
    }
}

/// The default of the extraction query editor.
pub const DEFAULT_EXTRACTION_QUERY: &str = "{\n  \"size\": 0,\n  \"query\": {\n    \"match_all\": {}\n  }\n}";

/// "IS ABOVE / IS BELOW / IS EXACTLY".
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
#[derive(IntoStaticStr, EnumString, EnumMessage, EnumProperty, VariantArray)]
#[serde(rename_all = "UPPERCASE")]
#[strum(serialize_all = "UPPERCASE", ascii_case_insensitive)]
pub enum ThresholdEnum {
    #[default]
    #[strum(message = "IS ABOVE", props(operator = ">"))]
    Above,
    #[strum(message = "IS BELOW", props(operator = "<"))]
    Below,
    #[strum(message = "IS EXACTLY", props(operator = "=="))]
    Exactly,
}

impl ThresholdEnum {
    pub const ALL: [ThresholdEnum; 3] = variant_array(ThresholdEnum::VARIANTS);

    pub fn label(self) -> &'static str {
        self.get_message().unwrap_or_default()
    }

    /// The Painless comparison of the condition.
    pub fn operator(self) -> &'static str {
        self.get_str("operator").unwrap_or_default()
    }

    /// The `enum` of `ui_metadata.triggers`, any case (`ABOVE`).
    pub fn from_name(s: &str) -> Option<ThresholdEnum> {
        s.parse().ok()
    }
}

/// Why [`MonitorType::backtestable`] is false, for the field `monitor_type`.
pub const NOT_BACKTESTABLE: &str = "Per query and per bucket monitors can be backtested, and composite monitors of them: per document monitors look at new documents only, cluster metrics at the cluster as it is now.";

/// The default Painless condition of a new extraction-editor trigger.
pub const DEFAULT_TRIGGER_SCRIPT: &str = "ctx.results[0].hits.total.value > 0";

/// Default subject of a new action.
pub const DEFAULT_MESSAGE_SUBJECT: &str = "Alerting Notification action";

/// The Dashboards' default message for query monitors (§3).
pub const DEFAULT_MESSAGE: &str = "Monitor {{ctx.monitor.name}} just entered alert status. Please investigate the issue.\n  - Trigger: {{ctx.trigger.name}}\n  - Severity: {{ctx.trigger.severity}}\n  - Period start: {{ctx.periodStart}}\n  - Period end: {{ctx.periodEnd}}";

/// One action of a trigger.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
pub struct ActionDraft {
    /// The cluster's id once published; kept so updates don't re-create actions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    pub name: String,
    /// The notification channel (`destination_id` = the channel's `config_id`).
    pub destination_id: String,
    pub subject: String,
    pub message: String,
    pub throttle_enabled: bool,
    /// Minutes, 1–1440.
    pub throttle_minutes: u32,
    /// "Perform action" of bucket monitors (query monitors run once per execution).
    #[serde(default)]
    pub scope: ActionScope,
}

impl Default for ActionDraft {
    fn default() -> Self {
        ActionDraft {
            id: None,
            name: String::new(),
            destination_id: String::new(),
            subject: DEFAULT_MESSAGE_SUBJECT.to_owned(),
            message: DEFAULT_MESSAGE.to_owned(),
            throttle_enabled: false,
            throttle_minutes: 10,
            scope: ActionScope::default(),
        }
    }
}

/// One trigger. Both condition forms are kept so switching the defining method loses nothing.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
pub struct TriggerDraft {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    pub name: String,
    /// 1 (Highest) … 5 (Lowest).
    pub severity: u8,
    /// Visual editor condition.
    pub threshold_enum: ThresholdEnum,
    pub threshold_value: f64,
    /// Extraction editor condition (Painless).
    pub script: String,
    /// Per bucket, visual editor: "Trigger conditions", one row each.
    #[serde(default = "super::bucket::default_conditions")]
    pub conditions: Vec<BucketConditionDraft>,
    /// Per bucket, visual editor: the optional keyword filter.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub keyword_filter: Option<KeywordFilter>,
    /// Per bucket, extraction editor: the bucket selector as typed.
    #[serde(default = "super::bucket::default_selector")]
    pub bucket_selector: String,
    /// Per document, visual editor: the conditions over query names and tags, one row each
    /// (the extraction editor's expression is `script`).
    #[serde(default)]
    pub doc_conditions: Vec<DocConditionDraft>,
    /// Composite, visual editor: the rows over delegate monitors (the extraction editor's
    /// expression is `script`).
    #[serde(default)]
    pub chain_conditions: Vec<ChainConditionDraft>,
    pub actions: Vec<ActionDraft>,
    /// For trigger kinds the form does not edit (bucket, document, chained): the cluster's
    /// trigger JSON, kept verbatim so imports of such monitors round-trip.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub raw: Option<Value>,
}

impl Default for TriggerDraft {
    fn default() -> Self {
        TriggerDraft {
            id: None,
            name: String::new(),
            severity: 1,
            threshold_enum: ThresholdEnum::Above,
            threshold_value: 10000.0,
            script: DEFAULT_TRIGGER_SCRIPT.to_owned(),
            conditions: super::bucket::default_conditions(),
            keyword_filter: None,
            bucket_selector: super::bucket::default_selector(),
            doc_conditions: Vec::new(),
            chain_conditions: Vec::new(),
            actions: Vec::new(),
            raw: None,
        }
    }
}

impl TriggerDraft {
    /// Back to the default query-level condition, which a bucket trigger does not use.
    pub fn reset_query_condition(&mut self) {
        let d = TriggerDraft::default();
        (self.script, self.threshold_enum, self.threshold_value) = (d.script, d.threshold_enum, d.threshold_value);
    }
}

/// A whole monitor as edited. This is the document a draft stores.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
pub struct MonitorDraft {
    pub name: String,
    pub monitor_type: MonitorType,
    pub defining_method: DefiningMethod,
    pub enabled: bool,
    pub schedule: Frequency,
    pub indices: Vec<String>,
    pub time_field: String,
    pub visual: VisualQuery,
    /// The extraction query as typed: text, so work in progress that is not yet valid JSON
    /// is saved too.
    pub extraction_query: String,
    /// Per document monitors, visual editor: the queries, one row each.
    #[serde(default)]
    pub doc_queries: Vec<DocQueryDraft>,
    /// Per cluster metrics monitors: the request type and its path parameters.
    #[serde(default)]
    pub cluster_metrics: ClusterMetricsDraft,
    /// Composite monitors: the delegate monitors' ids, in the order they run.
    #[serde(default)]
    pub delegates: Vec<String>,
    pub triggers: Vec<TriggerDraft>,
    /// For monitor types the form does not edit: the cluster's `inputs` verbatim.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub raw_inputs: Option<Value>,
}

impl Default for MonitorDraft {
    fn default() -> Self {
        MonitorDraft {
            name: String::new(),
            monitor_type: MonitorType::QueryLevel,
            defining_method: DefiningMethod::Visual,
            enabled: true,
            schedule: Frequency::default(),
            indices: Vec::new(),
            time_field: String::new(),
            visual: VisualQuery::default(),
            extraction_query: DEFAULT_EXTRACTION_QUERY.to_owned(),
            doc_queries: Vec::new(),
            cluster_metrics: ClusterMetricsDraft::default(),
            delegates: Vec::new(),
            triggers: Vec::new(),
            raw_inputs: None,
        }
    }
}

impl MonitorDraft {
    /// "Add trigger": `Trigger N`, starting from this type's condition (a per document
    /// trigger names the first query, a cluster metrics one its request type's condition).
    pub fn new_trigger(&self) -> TriggerDraft {
        let mut t = TriggerDraft { name: format!("Trigger {}", self.triggers.len() + 1), ..TriggerDraft::default() };
        if self.monitor_type == MonitorType::ClusterMetrics {
            t.script = self.cluster_metrics.api_type.map_or(super::cluster_metrics::DEFAULT_CLUSTER_METRICS_SCRIPT, ApiType::default_condition).to_owned();
        }
        if self.monitor_type == MonitorType::Composite {
            t.chain_conditions = super::composite::default_conditions(&self.delegates);
            t.script = super::composite::script(&t.chain_conditions);
        }
        if self.monitor_type == MonitorType::DocLevel {
            t.script = super::document::DEFAULT_DOC_TRIGGER_SCRIPT.to_owned();
            t.doc_conditions = self
                .doc_queries
                .first()
                .map(|q| DocConditionDraft { value: q.name.clone(), ..DocConditionDraft::default() })
                .into_iter()
                .collect();
        }
        t
    }

    /// "Add action" on a trigger: `<trigger> action N`, this type's message and scope.
    pub fn new_action(&self, trigger: &TriggerDraft) -> ActionDraft {
        ActionDraft {
            name: format!("{} action {}", trigger.name, trigger.actions.len() + 1),
            message: self.monitor_type.default_message().to_owned(),
            scope: self.monitor_type.default_action_scope(),
            ..ActionDraft::default()
        }
    }

    /// Another monitor type, as a card click chooses it: the parts only one type uses stay,
    /// and an extraction query or trigger expression still at one type's default becomes the
    /// new type's default (a per document input is not a search body).
    pub fn set_monitor_type(&mut self, t: MonitorType) {
        use super::document::{DEFAULT_DOC_EXTRACTION, DEFAULT_DOC_TRIGGER_SCRIPT};
        let (query, script) = if t == MonitorType::DocLevel {
            (DEFAULT_DOC_EXTRACTION, DEFAULT_DOC_TRIGGER_SCRIPT)
        } else {
            (DEFAULT_EXTRACTION_QUERY, DEFAULT_TRIGGER_SCRIPT)
        };
        let script = match (t, self.cluster_metrics.api_type) {
            (MonitorType::ClusterMetrics, Some(api)) => api.default_condition(),
            (MonitorType::ClusterMetrics, None) => super::cluster_metrics::DEFAULT_CLUSTER_METRICS_SCRIPT,
            _ => script,
        };
        // Cluster metrics monitors have their own editor; the others start visual again.
        if t == MonitorType::ClusterMetrics {
            self.defining_method = DefiningMethod::ClusterMetrics;
        } else if self.defining_method == DefiningMethod::ClusterMetrics {
            self.defining_method = DefiningMethod::Visual;
        }
        if [DEFAULT_EXTRACTION_QUERY, DEFAULT_DOC_EXTRACTION].contains(&self.extraction_query.as_str()) {
            self.extraction_query = query.to_owned();
        }
        for trigger in &mut self.triggers {
            if trigger.script == DEFAULT_DOC_TRIGGER_SCRIPT || ClusterMetricsDraft::is_default_condition(&trigger.script) {
                trigger.script = script.to_owned();
            }
            for action in &mut trigger.actions {
                if !t.has_action_scope() || !self.monitor_type.has_action_scope() {
                    action.scope = t.default_action_scope();
                }
            }
        }
        self.monitor_type = t;
    }

    /// "Request type": the API, and trigger conditions still at a default follow it (the
    /// Dashboards replace them after asking).
    pub fn set_api_type(&mut self, api: Option<ApiType>) {
        self.cluster_metrics.api_type = api;
        if api.is_some_and(|a| !a.takes_params()) {
            self.cluster_metrics.path_params.clear();
        }
        let script = api.map_or(super::cluster_metrics::DEFAULT_CLUSTER_METRICS_SCRIPT, ApiType::default_condition);
        for t in self.triggers.iter_mut().filter(|t| ClusterMetricsDraft::is_default_condition(&t.script)) {
            t.script = script.to_owned();
        }
    }
}

/// strum's `VARIANTS` (a slice) as an array, so the `ALL` lists keep their type; a wrong `N`
/// fails to compile.
pub(crate) const fn variant_array<T: Copy, const N: usize>(variants: &[T]) -> [T; N] {
    assert!(variants.len() == N, "ALL must list every variant");
    let mut all = [variants[0]; N];
    let mut i = 1;
    while i < N {
        all[i] = variants[i];
        i += 1;
    }
    all
}

/// Limits shared by the form, the API and validation.
pub mod limits {
    pub const MAX_TRIGGERS: usize = 10;
    pub const MAX_FILTERS: usize = 10;
    pub const MAX_QUERY_METRICS: usize = 1;
    pub const MAX_QUERY_GROUP_BY: usize = 1;
    pub const MAX_BUCKET_METRICS: usize = 5;
    pub const MAX_BUCKET_GROUP_BY: usize = 2;
    pub const MAX_BUCKET_CONDITIONS: usize = 10;
    /// Per document monitors: queries, tags per query, trigger condition rows.
    pub const MAX_DOC_QUERIES: usize = 10;
    pub const MAX_DOC_TAGS: usize = 10;
    pub const MAX_DOC_CONDITIONS: usize = 10;
    pub const MIN_THROTTLE_MINUTES: u32 = 1;
    pub const MAX_THROTTLE_MINUTES: u32 = 1440;
    /// Names longer than this are refused: the cluster has no limit, but no person types a
    /// 10k-character monitor name on purpose and the lists must stay readable.
    pub const MAX_NAME_CHARS: usize = 256;
    pub const MAX_INDICES: usize = 100;
    pub const MAX_TEMPLATE_CHARS: usize = 100_000;
}

#[cfg(test)]
mod tests {
    use std::fmt::Debug;

    use serde::de::DeserializeOwned;
    use serde_json::json;

    use super::*;

    /// Every variant: name → variant → name, and the name is the serde name both ways.
    fn wire_names_round_trip<T>(name: fn(T) -> &'static str, parse: fn(&str) -> Option<T>) -> Vec<&'static str>
    where
        T: VariantArray + Copy + PartialEq + Debug + Serialize + DeserializeOwned,
    {
        T::VARIANTS
            .iter()
            .map(|&v| {
                let n = name(v);
                assert_eq!(parse(n), Some(v), "{n}");
                assert_eq!(serde_json::to_value(v).unwrap(), json!(n), "{v:?}");
                assert_eq!(serde_json::from_value::<T>(json!(n)).unwrap(), v, "{n}");
                n
            })
            .collect()
    }

    fn all_filled(texts: impl IntoIterator<Item = &'static str>) {
        for t in texts {
            assert!(!t.trim().is_empty(), "an empty label");
        }
    }

    #[test]
    fn monitor_types() {
        let names = wire_names_round_trip(MonitorType::api_name, MonitorType::from_api_name);
        assert_eq!(
            names,
            [
                "query_level_monitor",
                "bucket_level_monitor",
                "doc_level_monitor",
                "cluster_metrics_monitor",
                "composite"
            ]
        );
        assert_eq!(MonitorType::ALL, MonitorType::VARIANTS);
        all_filled(MonitorType::ALL.map(MonitorType::label));
        all_filled(MonitorType::ALL.map(MonitorType::description));
        assert_eq!(MonitorType::QueryLevel.label(), "Per query monitor");
        assert_eq!(MonitorType::from_api_name("QUERY_LEVEL_MONITOR"), None);
    }

    #[test]
    fn defining_methods() {
        let names = wire_names_round_trip(DefiningMethod::api_name, DefiningMethod::from_api_name);
        assert_eq!(names, ["graph", "query", "ad", "clusterMetrics"]);
        all_filled(DefiningMethod::VARIANTS.iter().map(|m| m.label()));
        assert_eq!(DefiningMethod::Visual.label(), "Visual editor");
    }

    #[test]
    fn interval_units() {
        let names = wire_names_round_trip(IntervalUnit::api_name, IntervalUnit::from_api_name);
        assert_eq!(names, ["MINUTES", "HOURS", "DAYS"]);
        assert_eq!(IntervalUnit::ALL, IntervalUnit::VARIANTS);
        for u in IntervalUnit::ALL {
            assert_eq!(IntervalUnit::from_api_name(&u.api_name().to_lowercase()), Some(u));
            assert_eq!(u.label().to_uppercase(), u.api_name());
            assert_eq!(format!("{}S", u.singular().to_uppercase()), u.api_name());
        }
        assert_eq!(IntervalUnit::from_api_name("Hours"), Some(IntervalUnit::Hours));
        assert_eq!(IntervalUnit::from_api_name("SECONDS"), None);
        assert_eq!(IntervalUnit::choices(), "MINUTES, HOURS or DAYS");
    }

    #[test]
    fn weekdays() {
        assert_eq!(Weekday::ALL, Weekday::VARIANTS);
        let cron: Vec<_> = Weekday::ALL.into_iter().map(Weekday::cron_name).collect();
        assert_eq!(cron, ["MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN"]);
        for d in Weekday::ALL {
            // The stored (serde) name is the cron name in lower case, both ways.
            let stored = d.cron_name().to_lowercase();
            assert_eq!(serde_json::to_value(d).unwrap(), json!(stored));
            assert_eq!(serde_json::from_value::<Weekday>(json!(stored)).unwrap(), d);
            assert!(d.label().to_uppercase().starts_with(d.cron_name()), "{d:?}");
        }
        assert_eq!(Weekday::Thu.label(), "Thursday");
    }

    #[test]
    fn frequency_kinds() {
        let names: Vec<_> = FrequencyKind::VARIANTS.iter().map(|k| k.name()).collect();
        assert_eq!(names, ["interval", "daily", "weekly", "monthly", "cronExpression"]);
        for &k in FrequencyKind::VARIANTS {
            assert_eq!(FrequencyKind::parse(k.name()), Some(k));
        }
        let tz = || "UTC".to_owned();
        let every = [
            Frequency::default(),
            Frequency::Daily { hour: 1, timezone: tz() },
            Frequency::Weekly { days: vec![Weekday::Mon], hour: 1, timezone: tz() },
            Frequency::Monthly { day: 1, hour: 1, timezone: tz() },
            Frequency::CustomCron { expression: "* * * * *".into(), timezone: tz() },
        ];
        let kinds: Vec<_> = every.iter().map(Frequency::kind).collect();
        assert_eq!(kinds, names);
        // The stored tag is serde's, not the Dashboards' name.
        assert_eq!(serde_json::to_value(&every[4]).unwrap()["frequency"], "custom_cron");
        assert_eq!(FrequencyKind::parse("custom_cron"), None);
    }

    #[test]
    fn metric_aggregations() {
        let names = wire_names_round_trip(MetricAggregation::ui_name, MetricAggregation::from_ui_name);
        assert_eq!(names, ["count", "avg", "sum", "min", "max"]);
        assert_eq!(MetricAggregation::ALL, MetricAggregation::VARIANTS);
        for m in MetricAggregation::ALL {
            assert!(m.label().ends_with("()"), "{m:?}");
        }
        assert_eq!(MetricAggregation::Avg.label(), "average()");
        assert_eq!(MetricAggregation::from_ui_name("AVG"), None);
    }

    #[test]
    fn time_units() {
        let names = wire_names_round_trip(TimeUnit::suffix, TimeUnit::from_suffix);
        assert_eq!(names, ["m", "h", "d"]);
        assert_eq!(TimeUnit::ALL, TimeUnit::VARIANTS);
        let labels = TimeUnit::ALL.map(TimeUnit::label);
        assert_eq!(labels, ["minute(s)", "hour(s)", "day(s)"]);
    }

    #[test]
    fn field_types() {
        let names = wire_names_round_trip(FieldType::api_name, FieldType::parse);
        assert_eq!(names, ["number", "text", "keyword", "boolean", "date"]);
        for &t in FieldType::VARIANTS {
            assert!(!FilterOperator::for_type(t).is_empty(), "{t:?}");
        }
    }

    #[test]
    fn filter_operators() {
        let names = wire_names_round_trip(FilterOperator::api_name, FilterOperator::parse);
        assert_eq!(names.len(), 14);
        assert_eq!(FilterOperator::DoesNotContain.api_name(), "does_not_contains");
        assert_eq!(FilterOperator::IsGreaterEqual.api_name(), "is_greater_equal");
        all_filled(FilterOperator::VARIANTS.iter().map(|o| o.label()));
        assert_eq!(FilterOperator::DoesNotContain.label(), "does not contain");
        // Every operator is offered for some field type.
        for o in FilterOperator::VARIANTS {
            assert!(FieldType::VARIANTS.iter().any(|&t| FilterOperator::for_type(t).contains(o)), "{o:?}");
        }
    }

    #[test]
    fn thresholds() {
        let name = |t: ThresholdEnum| -> &'static str { t.into() };
        let names = wire_names_round_trip(name, ThresholdEnum::from_name);
        assert_eq!(names, ["ABOVE", "BELOW", "EXACTLY"]);
        assert_eq!(ThresholdEnum::ALL, ThresholdEnum::VARIANTS);
        for t in ThresholdEnum::ALL {
            assert_eq!(ThresholdEnum::from_name(&format!("{t:?}")), Some(t));
            assert_eq!(t.label(), format!("IS {}", name(t)));
        }
        let operators = ThresholdEnum::ALL.map(ThresholdEnum::operator);
        assert_eq!(operators, [">", "<", "=="]);
        assert_eq!(ThresholdEnum::from_name("above"), Some(ThresholdEnum::Above));
        assert_eq!(ThresholdEnum::from_name("IS ABOVE"), None);
    }
}
