//! The form model: what a person edits in the Create monitor flow and what a draft stores.
//!
//! It mirrors the Dashboards' form values (see `alerting-ui-flow.md` §1–§3) rather than the
//! cluster's monitor JSON, because the form holds things the cluster never sees: the visual
//! editor's state, a half-typed extraction query that is not yet valid JSON, thresholds as
//! numbers. [`crate::model::convert`] turns it into the monitor JSON and back.

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The monitor types the cluster knows (`monitor_type`). Only per query monitors are
/// authored visually today; the others round-trip through the extraction editor.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum MonitorType {
    #[default]
    #[serde(rename = "query_level_monitor")]
    QueryLevel,
    #[serde(rename = "bucket_level_monitor")]
    BucketLevel,
    #[serde(rename = "doc_level_monitor")]
    DocLevel,
    #[serde(rename = "cluster_metrics_monitor")]
    ClusterMetrics,
    #[serde(rename = "composite")]
    Composite,
}

impl MonitorType {
    pub const ALL: [MonitorType; 5] = [
        MonitorType::QueryLevel,
        MonitorType::BucketLevel,
        MonitorType::DocLevel,
        MonitorType::ClusterMetrics,
        MonitorType::Composite,
    ];

    /// The value of `monitor_type` on the wire.
    pub fn api_name(self) -> &'static str {
        match self {
            MonitorType::QueryLevel => "query_level_monitor",
            MonitorType::BucketLevel => "bucket_level_monitor",
            MonitorType::DocLevel => "doc_level_monitor",
            MonitorType::ClusterMetrics => "cluster_metrics_monitor",
            MonitorType::Composite => "composite",
        }
    }

    pub fn from_api_name(name: &str) -> Option<MonitorType> {
        MonitorType::ALL.into_iter().find(|t| t.api_name() == name)
    }

    /// The card title, in the Dashboards' words.
    pub fn label(self) -> &'static str {
        match self {
            MonitorType::QueryLevel => "Per query monitor",
            MonitorType::BucketLevel => "Per bucket monitor",
            MonitorType::DocLevel => "Per document monitor",
            MonitorType::ClusterMetrics => "Per cluster metrics monitor",
            MonitorType::Composite => "Composite monitor",
        }
    }

    /// The card's one-line description.
    pub fn description(self) -> &'static str {
        match self {
            MonitorType::QueryLevel => "Runs a query and generates alert notifications based on the matching criteria.",
            MonitorType::BucketLevel => "Runs a query and generates alert notifications based on group-by values.",
            MonitorType::DocLevel => "Runs a query and generates alert notifications for each matching document.",
            MonitorType::ClusterMetrics => "Runs API requests on the cluster to monitor its health.",
            MonitorType::Composite => "Runs multiple monitors in a sequence and generates a single alert.",
        }
    }

    /// Whether Monitor Studio can author this type in its form today.
    pub fn authorable(self) -> bool {
        matches!(self, MonitorType::QueryLevel)
    }
}

/// "Monitor defining method": the `searchType` of `ui_metadata.search`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
pub enum DefiningMethod {
    /// "Visual editor" (`graph`).
    #[default]
    #[serde(rename = "graph")]
    Visual,
    /// "Extraction query editor" (`query`).
    #[serde(rename = "query")]
    ExtractionQuery,
    /// "Anomaly detector" (`ad`): kept so such monitors survive import; not authored here.
    #[serde(rename = "ad")]
    AnomalyDetector,
    /// Cluster metrics monitors (`clusterMetrics`).
    #[serde(rename = "clusterMetrics")]
    ClusterMetrics,
}

impl DefiningMethod {
    pub fn label(self) -> &'static str {
        match self {
            DefiningMethod::Visual => "Visual editor",
            DefiningMethod::ExtractionQuery => "Extraction query editor",
            DefiningMethod::AnomalyDetector => "Anomaly detector",
            DefiningMethod::ClusterMetrics => "Cluster metrics",
        }
    }
}

/// Units of "By interval" schedules, as the cluster spells them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
pub enum IntervalUnit {
    #[default]
    #[serde(rename = "MINUTES")]
    Minutes,
    #[serde(rename = "HOURS")]
    Hours,
    #[serde(rename = "DAYS")]
    Days,
}

impl IntervalUnit {
    pub const ALL: [IntervalUnit; 3] = [IntervalUnit::Minutes, IntervalUnit::Hours, IntervalUnit::Days];

    pub fn api_name(self) -> &'static str {
        match self {
            IntervalUnit::Minutes => "MINUTES",
            IntervalUnit::Hours => "HOURS",
            IntervalUnit::Days => "DAYS",
        }
    }

    pub fn from_api_name(name: &str) -> Option<IntervalUnit> {
        IntervalUnit::ALL.into_iter().find(|u| u.api_name().eq_ignore_ascii_case(name))
    }

    pub fn label(self) -> &'static str {
        match self {
            IntervalUnit::Minutes => "Minutes",
            IntervalUnit::Hours => "Hours",
            IntervalUnit::Days => "Days",
        }
    }
}

/// Days for the "Weekly" frequency, in the cron spelling the Dashboards emit (`MON,FRI`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum Weekday {
    Mon,
    Tue,
    Wed,
    Thu,
    Fri,
    Sat,
    Sun,
}

impl Weekday {
    pub const ALL: [Weekday; 7] =
        [Weekday::Mon, Weekday::Tue, Weekday::Wed, Weekday::Thu, Weekday::Fri, Weekday::Sat, Weekday::Sun];

    pub fn cron_name(self) -> &'static str {
        match self {
            Weekday::Mon => "MON",
            Weekday::Tue => "TUE",
            Weekday::Wed => "WED",
            Weekday::Thu => "THU",
            Weekday::Fri => "FRI",
            Weekday::Sat => "SAT",
            Weekday::Sun => "SUN",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Weekday::Mon => "Monday",
            Weekday::Tue => "Tuesday",
            Weekday::Wed => "Wednesday",
            Weekday::Thu => "Thursday",
            Weekday::Fri => "Friday",
            Weekday::Sat => "Saturday",
            Weekday::Sun => "Sunday",
        }
    }
}

/// "Frequency" and its sub-fields. Every cron-based variant carries its timezone because the
/// cluster requires one for cron schedules.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
#[serde(tag = "frequency", rename_all = "snake_case")]
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
        match self {
            Frequency::Interval { .. } => "interval",
            Frequency::Daily { .. } => "daily",
            Frequency::Weekly { .. } => "weekly",
            Frequency::Monthly { .. } => "monthly",
            Frequency::CustomCron { .. } => "cronExpression",
        }
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

/// A metric aggregation of the visual editor ("AVG OF bytes").
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum MetricAggregation {
    #[default]
    Count,
    Avg,
    Sum,
    Min,
    Max,
}

impl MetricAggregation {
    pub const ALL: [MetricAggregation; 5] = [
        MetricAggregation::Count,
        MetricAggregation::Avg,
        MetricAggregation::Sum,
        MetricAggregation::Min,
        MetricAggregation::Max,
    ];

    /// The name in `ui_metadata.search.aggregations[].aggregationType`.
    pub fn ui_name(self) -> &'static str {
        match self {
            MetricAggregation::Count => "count",
            MetricAggregation::Avg => "avg",
            MetricAggregation::Sum => "sum",
            MetricAggregation::Min => "min",
            MetricAggregation::Max => "max",
        }
    }

    pub fn from_ui_name(name: &str) -> Option<MetricAggregation> {
        MetricAggregation::ALL.into_iter().find(|m| m.ui_name() == name)
    }

    pub fn label(self) -> &'static str {
        match self {
            MetricAggregation::Count => "count()",
            MetricAggregation::Avg => "average()",
            MetricAggregation::Sum => "sum()",
            MetricAggregation::Min => "min()",
            MetricAggregation::Max => "max()",
        }
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
pub enum TimeUnit {
    #[serde(rename = "m")]
    Minutes,
    #[default]
    #[serde(rename = "h")]
    Hours,
    #[serde(rename = "d")]
    Days,
}

impl TimeUnit {
    pub const ALL: [TimeUnit; 3] = [TimeUnit::Minutes, TimeUnit::Hours, TimeUnit::Days];

    pub fn suffix(self) -> &'static str {
        match self {
            TimeUnit::Minutes => "m",
            TimeUnit::Hours => "h",
            TimeUnit::Days => "d",
        }
    }

    pub fn from_suffix(s: &str) -> Option<TimeUnit> {
        TimeUnit::ALL.into_iter().find(|u| u.suffix() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            TimeUnit::Minutes => "minute(s)",
            TimeUnit::Hours => "hour(s)",
            TimeUnit::Days => "day(s)",
        }
    }
}

/// The type of a mapped field, as far as the visual editor cares.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum FieldType {
    #[default]
    Number,
    Text,
    Keyword,
    Boolean,
    Date,
}

/// Data filter operators (§1.3). The serde names are the Dashboards' `operator` values so
/// `ui_metadata` written by either tool reads back.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum FilterOperator {
    #[default]
    Is,
    IsNot,
    IsNull,
    IsNotNull,
    IsGreater,
    IsGreaterEqual,
    IsLess,
    IsLessEqual,
    InRange,
    NotInRange,
    StartsWith,
    EndsWith,
    Contains,
    #[serde(rename = "does_not_contains")]
    DoesNotContain,
}

impl FilterOperator {
    pub fn label(self) -> &'static str {
        match self {
            FilterOperator::Is => "is",
            FilterOperator::IsNot => "is not",
            FilterOperator::IsNull => "is null",
            FilterOperator::IsNotNull => "is not null",
            FilterOperator::IsGreater => "is greater than",
            FilterOperator::IsGreaterEqual => "is greater than equal",
            FilterOperator::IsLess => "is less than",
            FilterOperator::IsLessEqual => "is less than equal",
            FilterOperator::InRange => "is in range",
            FilterOperator::NotInRange => "is not in range",
            FilterOperator::StartsWith => "starts with",
            FilterOperator::EndsWith => "ends with",
            FilterOperator::Contains => "contains",
            FilterOperator::DoesNotContain => "does not contain",
        }
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
#[serde(rename_all = "UPPERCASE")]
pub enum ThresholdEnum {
    #[default]
    Above,
    Below,
    Exactly,
}

impl ThresholdEnum {
    pub const ALL: [ThresholdEnum; 3] = [ThresholdEnum::Above, ThresholdEnum::Below, ThresholdEnum::Exactly];

    pub fn label(self) -> &'static str {
        match self {
            ThresholdEnum::Above => "IS ABOVE",
            ThresholdEnum::Below => "IS BELOW",
            ThresholdEnum::Exactly => "IS EXACTLY",
        }
    }

    pub fn operator(self) -> &'static str {
        match self {
            ThresholdEnum::Above => ">",
            ThresholdEnum::Below => "<",
            ThresholdEnum::Exactly => "==",
        }
    }

    pub fn from_name(s: &str) -> Option<ThresholdEnum> {
        ThresholdEnum::ALL.into_iter().find(|t| format!("{t:?}").eq_ignore_ascii_case(s))
    }
}

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
            actions: Vec::new(),
            raw: None,
        }
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
            triggers: Vec::new(),
            raw_inputs: None,
        }
    }
}

/// Limits shared by the form, the API and validation.
pub mod limits {
    pub const MAX_TRIGGERS: usize = 10;
    pub const MAX_FILTERS: usize = 10;
    pub const MAX_QUERY_METRICS: usize = 1;
    pub const MAX_QUERY_GROUP_BY: usize = 1;
    pub const MIN_THROTTLE_MINUTES: u32 = 1;
    pub const MAX_THROTTLE_MINUTES: u32 = 1440;
    /// Names longer than this are refused: the cluster has no limit, but no person types a
    /// 10k-character monitor name on purpose and the lists must stay readable.
    pub const MAX_NAME_CHARS: usize = 256;
    pub const MAX_INDICES: usize = 100;
    pub const MAX_TEMPLATE_CHARS: usize = 100_000;
}
