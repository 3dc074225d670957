//! Field errors of a draft, keyed by field path (`triggers[0].actions[1].name`), in the
//! Dashboards' words where the Dashboards have a rule (`public/utils/validate.js` and the
//! form components), in Monitor Studio's own words for its extra rules.
//!
//! Two levels, because a draft is saved long before it is finished:
//!
//! - [`validate`] reports what is *wrong* in what has been entered — bad characters, values
//!   out of range, duplicates, limits, invalid JSON — and the empty parts of things the
//!   person explicitly added (a filter without a field, a trigger without a name). It never
//!   complains that something has not been filled in yet, so it can run on every keystroke
//!   and autosave never refuses a draft.
//! - [`validate_for_publish`] adds *completeness*: a name, an index, a time field, a
//!   timezone, a cron expression, a channel for every action. Publishing needs all of it.
//!
//! The channel is only checked at publish time because it depends on the cluster: a
//! template or a monitor imported from elsewhere arrives without one (or with a foreign one).

use std::collections::BTreeMap;

use serde_json::Value;

use super::draft::{
    ActionScope, ClusterMetricsDraft, DefiningMethod, DocQueryDraft, FieldType, Filter, FilterOperator, Frequency, MonitorDraft, MonitorType, OperatorArity,
    TriggerDraft, limits,
};
use super::{bucket, composite, document};

/// Error message per field path. Sorted, so the first error is stable.
pub type FieldErrors = BTreeMap<String, String>;

pub const REQUIRED: &str = "Required.";
/// Composite monitors, in the Dashboards' words where they have them.
pub const TWO_DELEGATES: &str = "Delegate two or more monitors.";
pub const DELEGATE_TWICE: &str = "This monitor is already a delegate.";
pub const TWO_SELECTED: &str = "Trigger condition requires at least two monitors selected.";
pub const UNSELECTED_DELEGATE: &str = "Trigger condition is using unselected Delegate monitor.";
pub const POSITIVE_INTEGER: &str = "Must be a positive integer.";
pub const SELECT_TIMEZONE: &str = "Select a timezone.";
pub const SELECT_WEEKDAY: &str = "Must select at least one weekday";
pub const MONTHLY_DAY: &str = "Must be a positive integer between 1-31.";
pub const SPECIFY_INDEX: &str = "Must specify an index.";
pub const SELECT_TIME_FIELD: &str = "Select a time field.";
pub const METRIC_FIELD: &str = "Please select a field for the metric aggregation.";
pub const MAX_METRICS: &str = "Can have a maximum of 1 metric selections.";
pub const MAX_GROUP_BY: &str = "Can have a maximum of 1 group by selections.";
pub const DUPLICATED_METRICS: &str = "You have defined duplicated metrics.";
pub const GROUP_BY_REQUIRED: &str = "Must specify at least 1 group by expression.";
pub const SELECT_OPTION: &str = "Must select at least 1 option.";
pub const CONDITION_METRIC: &str = "Choose count of documents or one of the query's metrics.";
pub const GROUP_BY_FIELD: &str = "Please select a field for the group by.";
pub const RANGE_START: &str = "Start should be less than end range.";
pub const RANGE_END: &str = "End should be greater than start range.";
pub const INVALID_JSON: &str = "Invalid JSON.";
pub const TRIGGER_NAME_REQUIRED: &str = "Trigger name is required.";
pub const TRIGGER_NAME_USED: &str = "Trigger name already used.";
pub const ACTION_NAME_USED: &str = "Action name is already used.";
pub const THROTTLE: &str = "Throttle value must be greater than 0 and less than 1440.";
pub const NUMERICAL: &str = "Requires numerical value.";
pub const CONTROL_CHARACTERS: &str = "Must not contain control characters.";
pub const MAX_TRIGGERS: &str = "Monitors can only support up to 10 triggers.";
pub const MAX_FILTERS: &str = "Can have a maximum of 10 filters.";
pub const SEVERITY: &str = "Severity must be between 1 (highest) and 5 (lowest).";
pub const HOUR: &str = "Must be an hour between 0 and 23.";
pub const CRON_FIELDS: &str = "Must have five fields: minute hour day-of-month month day-of-week.";
pub const OPERATOR_FOR_TYPE: &str = "This operator is not available for the field's type.";
pub const NO_SPACES: &str = "Cannot contain spaces.";
pub const DEFINE_QUERY: &str = "You must define at least one query.";
pub const QUERY_NAME_USED: &str = "Query name is already used.";
/// What the cluster refuses in a query name, and what would break a trigger's expression.
pub const QUERY_NAME_RULE: &str = "Must not start with _, + or -, nor contain .., ^, *, ?, <, >, |, #, [, ] or =.";
pub const TAG_RULE: &str = "Must not contain brackets, braces, parentheses or =.";
pub const CONDITION_QUERY: &str = "Choose one of the queries or tags.";
pub const SELECT_API: &str = "Select an API.";
pub const PATH_PARAMS_REQUIRED: &str = "Path parameters are required for this API.";

/// The characters an index entry may not contain (`ILLEGAL_CHARACTERS`).
pub const ILLEGAL_INDEX_CHARACTERS: [&str; 4] = ["?", "\"", ",", " "];

/// "One of your inputs contains invalid characters or spaces. Please omit: ? \" ,  " —
/// the list is joined with spaces, so the message ends with the space character itself.
pub fn illegal_index_message() -> String {
    format!(
        "One of your inputs contains invalid characters or spaces. Please omit: {}",
        ILLEGAL_INDEX_CHARACTERS.join(" ")
    )
}

/// Errors in what has been entered; see the module docs. Used for hints while editing.
pub fn validate(draft: &MonitorDraft) -> FieldErrors {
    let mut e = FieldErrors::new();
    let name = draft.name.as_str();
    if name.chars().count() > limits::MAX_NAME_CHARS {
        // The Dashboards' flyout wording (`MONITOR_NAME_MAX_LENGTH`).
        e.insert("name".into(), format!("Monitor name must be {} characters or less.", limits::MAX_NAME_CHARS));
    } else if name.chars().any(char::is_control) {
        e.insert("name".into(), CONTROL_CHARACTERS.into());
    }
    schedule(&draft.schedule, &mut e);
    if has_indices(draft.monitor_type) {
        indices(&draft.indices, &mut e);
    }
    if draft.monitor_type == MonitorType::DocLevel {
        match draft.defining_method {
            DefiningMethod::Visual => doc_queries(&draft.doc_queries, &mut e),
            _ => {
                if let Err(message) = document::input_from_text(&draft.extraction_query) {
                    e.insert("extraction_query".into(), message);
                }
            }
        }
    } else if draft.monitor_type == MonitorType::ClusterMetrics {
        if !super::convert::keeps_raw_inputs(draft) {
            cluster_metrics(&draft.cluster_metrics, &mut e);
        }
    } else if draft.monitor_type == MonitorType::Composite {
        if !super::convert::keeps_raw_inputs(draft) {
            delegates(&draft.delegates, &mut e);
        }
    } else {
        match draft.defining_method {
            DefiningMethod::Visual => visual(draft, &mut e),
            _ => extraction_query(&draft.extraction_query, &mut e),
        }
    }
    triggers(draft, &mut e);
    e
}

/// [`validate`] plus completeness: everything the cluster needs to run the monitor.
pub fn validate_for_publish(draft: &MonitorDraft) -> FieldErrors {
    let mut e = validate(draft);
    let mut require = |key: &str, missing: bool, message: &str| {
        if missing {
            e.entry(key.to_owned()).or_insert_with(|| message.to_owned());
        }
    };
    require("name", draft.name.trim().is_empty(), REQUIRED);
    if let Some(tz) = draft.schedule.timezone() {
        require("schedule.timezone", tz.trim().is_empty(), SELECT_TIMEZONE);
    }
    if let Frequency::CustomCron { expression, .. } = &draft.schedule {
        require("schedule.expression", expression.trim().is_empty(), REQUIRED);
    }
    if has_indices(draft.monitor_type) {
        require("indices", draft.indices.iter().all(|i| i.trim().is_empty()), SPECIFY_INDEX);
    }
    if draft.monitor_type == MonitorType::DocLevel && draft.defining_method == DefiningMethod::Visual {
        require("doc_queries", draft.doc_queries.is_empty(), DEFINE_QUERY);
    } else if draft.monitor_type.searches() && draft.defining_method == DefiningMethod::Visual {
        require("time_field", draft.time_field.trim().is_empty(), SELECT_TIME_FIELD);
        if draft.monitor_type == MonitorType::BucketLevel {
            require("visual.group_by", draft.visual.group_by.is_empty(), GROUP_BY_REQUIRED);
        }
    }
    if draft.monitor_type == MonitorType::Composite && !super::convert::keeps_raw_inputs(draft) {
        require("delegates", draft.delegates.len() < composite::MIN_DELEGATES, TWO_DELEGATES);
        for (i, id) in draft.delegates.iter().enumerate() {
            require(&format!("delegates[{i}]"), id.trim().is_empty(), REQUIRED);
        }
        for (i, t) in draft.triggers.iter().enumerate().filter(|(_, t)| t.raw.is_none() && draft.defining_method == DefiningMethod::Visual) {
            require(&format!("triggers[{i}].chain_conditions"), t.chain_conditions.iter().filter(|c| !c.monitor_id.is_empty()).count() < 2, TWO_SELECTED);
        }
    }
    if draft.monitor_type == MonitorType::ClusterMetrics && !super::convert::keeps_raw_inputs(draft) {
        require("cluster_metrics.api_type", draft.cluster_metrics.api_type.is_none(), SELECT_API);
    }
    for (i, t) in draft.triggers.iter().enumerate().filter(|(_, t)| t.raw.is_none()) {
        for (j, a) in t.actions.iter().enumerate() {
            require(
                &format!("triggers[{i}].actions[{j}].destination_id"),
                a.destination_id.trim().is_empty(),
                REQUIRED,
            );
        }
    }
    e
}

/// Types whose input reads indices (cluster metrics and composite monitors have none).
fn has_indices(t: MonitorType) -> bool {
    matches!(t, MonitorType::QueryLevel | MonitorType::BucketLevel | MonitorType::DocLevel)
}

/// The largest interval the cluster stores (a Java `int`).
pub const MAX_INTERVAL: u32 = i32::MAX as u32;

fn schedule(freq: &Frequency, e: &mut FieldErrors) {
    let hour = |h: u8, e: &mut FieldErrors| {
        if h > 23 {
            e.insert("schedule.hour".into(), HOUR.into());
        }
    };
    match freq {
        Frequency::Interval { interval, .. } => {
            if *interval < 1 {
                e.insert("schedule.interval".into(), POSITIVE_INTEGER.into());
            } else if *interval > MAX_INTERVAL {
                e.insert("schedule.interval".into(), format!("At most {MAX_INTERVAL} (the cluster keeps intervals as 32-bit integers)."));
            }
        }
        Frequency::Daily { hour: h, .. } => hour(*h, e),
        Frequency::Weekly { days, hour: h, .. } => {
            if days.is_empty() {
                e.insert("schedule.days".into(), SELECT_WEEKDAY.into());
            }
            hour(*h, e);
        }
        Frequency::Monthly { day, hour: h, .. } => {
            if !(1..=31).contains(day) {
                e.insert("schedule.day".into(), MONTHLY_DAY.into());
            }
            hour(*h, e);
        }
        Frequency::CustomCron { expression, .. } => {
            let fields = expression.split_whitespace().count();
            if fields != 0 && fields != 5 {
                e.insert("schedule.expression".into(), CRON_FIELDS.into());
            }
        }
    }
    if let Some(tz) = freq.timezone().filter(|tz| !tz.is_empty())
        && !looks_like_iana_zone(tz)
    {
        e.insert("schedule.timezone".into(), SELECT_TIMEZONE.into());
    }
}

/// A cheap shape check (`Europe/Berlin`, `UTC`, `Etc/GMT+5`, `America/Port-au-Prince`); the
/// server knows the real zone list.
pub fn looks_like_iana_zone(tz: &str) -> bool {
    !tz.starts_with('/')
        && !tz.ends_with('/')
        && !tz.contains("//")
        && tz.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && tz.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '/' | '_' | '-' | '+'))
}

fn indices(list: &[String], e: &mut FieldErrors) {
    let bad = |i: &str| i == "." || i == ".." || ILLEGAL_INDEX_CHARACTERS.iter().any(|c| i.contains(c));
    if list.iter().any(|i| !i.is_empty() && bad(i)) {
        e.insert("indices".into(), illegal_index_message());
    } else if list.len() > limits::MAX_INDICES {
        e.insert("indices".into(), format!("Can have a maximum of {} indices.", limits::MAX_INDICES));
    }
}

fn visual(draft: &MonitorDraft, e: &mut FieldErrors) {
    let v = &draft.visual;
    let t = draft.monitor_type;
    if v.metrics.len() > t.max_metrics() {
        e.insert("visual.metrics".into(), format!("Can have a maximum of {} metric selections.", t.max_metrics()));
    } else if v.metrics.iter().enumerate().any(|(i, m)| v.metrics[..i].contains(m)) {
        e.insert("visual.metrics".into(), DUPLICATED_METRICS.into());
    }
    for (i, m) in v.metrics.iter().enumerate() {
        if m.field.trim().is_empty() {
            e.insert(format!("visual.metrics[{i}].field"), METRIC_FIELD.into());
        }
    }
    if v.time_range_value < 1 {
        e.insert("visual.time_range_value".into(), POSITIVE_INTEGER.into());
    }
    if v.filters.len() > limits::MAX_FILTERS {
        e.insert("visual.filters".into(), MAX_FILTERS.into());
    }
    for (i, f) in v.filters.iter().enumerate() {
        filter(&format!("visual.filters[{i}]"), f, e);
    }
    if v.group_by.len() > t.max_group_by() {
        e.insert("visual.group_by".into(), format!("Can have a maximum of {} group by selections.", t.max_group_by()));
    } else if v.group_by.iter().enumerate().any(|(i, g)| v.group_by[..i].contains(g)) {
        e.insert("visual.group_by".into(), "Each field can be grouped by once.".into());
    } else if v.group_by.iter().any(|g| g.trim().is_empty()) {
        e.insert("visual.group_by".into(), GROUP_BY_FIELD.into());
    }
}

/// Missing value: JSON null or blank text (the Dashboards' `_.isEmpty(value?.toString())`).
fn blank(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::String(s) => s.trim().is_empty(),
        _ => false,
    }
}

fn number(v: &Value) -> Option<f64> {
    match v {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

fn filter(path: &str, f: &Filter, e: &mut FieldErrors) {
    if f.field.trim().is_empty() {
        e.insert(format!("{path}.field"), REQUIRED.into());
    } else if !FilterOperator::for_type(f.field_type).contains(&f.operator) {
        e.insert(format!("{path}.operator"), OPERATOR_FOR_TYPE.into());
    }
    let numeric = matches!(f.field_type, FieldType::Number);
    match f.operator.arity() {
        OperatorArity::None => {}
        OperatorArity::One => {
            if blank(&f.value) {
                e.insert(format!("{path}.value"), REQUIRED.into());
            } else if numeric && number(&f.value).is_none() {
                e.insert(format!("{path}.value"), NUMERICAL.into());
            }
        }
        OperatorArity::Range => {
            let (start, end) = (&f.range_start, &f.range_end);
            for (key, v) in [("range_start", start), ("range_end", end)] {
                if blank(v) {
                    e.insert(format!("{path}.{key}"), REQUIRED.into());
                } else if number(v).is_none() {
                    e.insert(format!("{path}.{key}"), NUMERICAL.into());
                }
            }
            // `validateRange`, applied to each bound as upstream does.
            if let (Some(s), Some(t)) = (number(start), number(end))
                && t <= s
            {
                e.insert(format!("{path}.range_start"), RANGE_START.into());
                e.insert(format!("{path}.range_end"), if t == s { RANGE_START } else { RANGE_END }.into());
            }
        }
    }
}

fn extraction_query(text: &str, e: &mut FieldErrors) {
    match serde_json::from_str::<Value>(text) {
        Err(_) => {
            e.insert("extraction_query".into(), INVALID_JSON.into());
        }
        Ok(v) if !v.is_object() => {
            e.insert("extraction_query".into(), "Must be a JSON object.".into());
        }
        Ok(_) => {}
    }
}

fn triggers(draft: &MonitorDraft, e: &mut FieldErrors) {
    if draft.triggers.len() > limits::MAX_TRIGGERS {
        e.insert("triggers".into(), MAX_TRIGGERS.into());
    }
    let visual = draft.monitor_type == MonitorType::QueryLevel && draft.defining_method == DefiningMethod::Visual;
    for (i, t) in draft.triggers.iter().enumerate() {
        let p = format!("triggers[{i}]");
        let name = t.name.trim();
        if name.is_empty() {
            e.insert(format!("{p}.name"), TRIGGER_NAME_REQUIRED.into());
        } else if draft.triggers.iter().enumerate().any(|(k, o)| k != i && o.name.trim() == name) {
            e.insert(format!("{p}.name"), TRIGGER_NAME_USED.into());
        }
        if t.raw.is_some() {
            continue; // kept verbatim from the cluster; the form does not edit it
        }
        if !(1..=5).contains(&t.severity) {
            e.insert(format!("{p}.severity"), SEVERITY.into());
        }
        if draft.monitor_type == MonitorType::BucketLevel {
            bucket_trigger(draft, &p, t, e);
        } else if draft.monitor_type == MonitorType::DocLevel && draft.defining_method == DefiningMethod::Visual {
            doc_trigger(draft, &p, t, e);
        } else if draft.monitor_type == MonitorType::Composite && draft.defining_method == DefiningMethod::Visual {
            chain_trigger(draft, &p, t, e);
        } else if visual {
            if !t.threshold_value.is_finite() {
                e.insert(format!("{p}.threshold_value"), NUMERICAL.into());
            }
        } else if t.script.trim().is_empty() {
            e.insert(format!("{p}.script"), REQUIRED.into());
        }
        actions(&p, t, e);
    }
}

/// A per bucket trigger: its condition rows and keyword filter, or its bucket selector.
fn bucket_trigger(draft: &MonitorDraft, p: &str, t: &TriggerDraft, e: &mut FieldErrors) {
    if draft.defining_method != DefiningMethod::Visual {
        if let Err(message) = bucket::selector_from_text(&t.bucket_selector) {
            e.insert(format!("{p}.bucket_selector"), message);
        }
        return;
    }
    if t.conditions.is_empty() {
        e.insert(format!("{p}.conditions"), "Add at least one condition.".into());
    } else if t.conditions.len() > limits::MAX_BUCKET_CONDITIONS {
        e.insert(format!("{p}.conditions"), format!("Can have a maximum of {} conditions.", limits::MAX_BUCKET_CONDITIONS));
    }
    let metrics = bucket::metric_choices(&draft.visual);
    for (k, c) in t.conditions.iter().enumerate() {
        if !metrics.iter().any(|(name, _)| *name == c.metric) {
            e.insert(format!("{p}.conditions[{k}].metric"), CONDITION_METRIC.into());
        }
        if !c.threshold_value.is_finite() {
            e.insert(format!("{p}.conditions[{k}].threshold_value"), NUMERICAL.into());
        }
    }
    if let Some(f) = &t.keyword_filter {
        if !draft.visual.group_by.contains(&f.field) {
            e.insert(format!("{p}.keyword_filter.field"), "Choose one of the group-by fields.".into());
        }
        if f.value.trim().is_empty() {
            e.insert(format!("{p}.keyword_filter.value"), REQUIRED.into());
        }
    }
}

/// "Path parameters" of a cluster metrics request (`validateApiPathParameter`): only for the
/// APIs that take them, required where the API needs them, without illegal characters.
fn cluster_metrics(c: &ClusterMetricsDraft, e: &mut FieldErrors) {
    let params = c.trimmed_params();
    let Some(api) = c.api_type else { return };
    if params.is_empty() {
        if api.requires_params() {
            e.insert("cluster_metrics.path_params".into(), PATH_PARAMS_REQUIRED.into());
        }
    } else if !api.takes_params() {
        e.insert("cluster_metrics.path_params".into(), format!("The {} API takes no path parameters.", api.label().to_lowercase()));
    } else if params.contains(super::cluster_metrics::ILLEGAL_PATH_PARAMETER_CHARACTERS) {
        e.insert("cluster_metrics.path_params".into(), super::cluster_metrics::illegal_params_message());
    } else if params.contains('/') || params.starts_with(['.', '_', '*']) {
        // What the boundary refuses: another API's path, hidden or system indices.
        e.insert("cluster_metrics.path_params".into(), "Path parameters are names of indices, nodes or repositories: no '/', and no leading '.', '_' or '*'.".into());
    }
}

/// The queries of a per document monitor (`DocumentLevelQuery.js`, and what the cluster
/// refuses in names and tags).
fn doc_queries(queries: &[DocQueryDraft], e: &mut FieldErrors) {
    if queries.len() > limits::MAX_DOC_QUERIES {
        e.insert("doc_queries".into(), format!("Can have a maximum of {} queries.", limits::MAX_DOC_QUERIES));
    }
    for (i, q) in queries.iter().enumerate() {
        let p = format!("doc_queries[{i}]");
        let name = q.name.as_str();
        let bad_name = name.starts_with(['_', '+', '-']) || name.contains("..") || name.contains(['^', '*', '?', '<', '>', '|', '#', '[', ']', '=']);
        if name.is_empty() {
            e.insert(format!("{p}.name"), REQUIRED.into());
        } else if name.contains(char::is_whitespace) {
            e.insert(format!("{p}.name"), NO_SPACES.into());
        } else if bad_name || name.chars().count() > limits::MAX_NAME_CHARS {
            e.insert(format!("{p}.name"), QUERY_NAME_RULE.into());
        } else if queries[..i].iter().any(|o| o.name == q.name) {
            e.insert(format!("{p}.name"), QUERY_NAME_USED.into());
        }
        if q.field.trim().is_empty() {
            e.insert(format!("{p}.field"), REQUIRED.into());
        } else if q.field.contains(char::is_whitespace) || q.field.contains([':', '"', '(', ')']) {
            e.insert(format!("{p}.field"), "Must be a field name: no spaces, colons, quotes or parentheses.".into());
        }
        if !document::OPERATORS.contains(&q.operator) {
            e.insert(format!("{p}.operator"), OPERATOR_FOR_TYPE.into());
        }
        let comparison = !matches!(q.operator, FilterOperator::Is | FilterOperator::IsNot);
        if q.value.trim().is_empty() {
            e.insert(format!("{p}.value"), REQUIRED.into());
        } else if comparison && !q.value.trim().parse::<f64>().is_ok_and(f64::is_finite) {
            e.insert(format!("{p}.value"), NUMERICAL.into());
        } else if q.value.chars().any(char::is_control) {
            e.insert(format!("{p}.value"), CONTROL_CHARACTERS.into());
        }
        if q.tags.len() > limits::MAX_DOC_TAGS {
            e.insert(format!("{p}.tags"), format!("Can have a maximum of {} tags.", limits::MAX_DOC_TAGS));
        } else if q.tags.iter().any(|t| t.contains(char::is_whitespace)) {
            e.insert(format!("{p}.tags"), NO_SPACES.into());
        } else if q.tags.iter().any(|t| t.contains(['[', ']', '{', '}', '(', ')', '='])) {
            e.insert(format!("{p}.tags"), TAG_RULE.into());
        }
    }
}

/// A per document trigger's condition rows, each naming a query or a tag of the monitor.
/// The delegate list: at most ten, each monitor once.
fn delegates(list: &[String], e: &mut FieldErrors) {
    if list.len() > composite::MAX_DELEGATES {
        e.insert("delegates".into(), format!("A composite monitor can have a maximum of {} delegate monitors.", composite::MAX_DELEGATES));
    }
    for (i, id) in list.iter().enumerate() {
        if !id.is_empty() && list[..i].contains(id) {
            e.insert(format!("delegates[{i}]"), DELEGATE_TWICE.into());
        }
    }
}

/// A composite trigger's rows: each one fits its place and names a delegate.
fn chain_trigger(draft: &MonitorDraft, p: &str, t: &TriggerDraft, e: &mut FieldErrors) {
    if t.chain_conditions.len() > composite::MAX_DELEGATES {
        e.insert(format!("{p}.chain_conditions"), format!("Can have a maximum of {} conditions.", composite::MAX_DELEGATES));
    }
    for (k, c) in t.chain_conditions.iter().enumerate() {
        if !c.operator.fits(k == 0) {
            let choices: Vec<&str> = if k == 0 { composite::ChainOperator::FIRST.map(|o| o.label()).to_vec() } else { composite::ChainOperator::NEXT.map(|o| o.label()).to_vec() };
            e.insert(format!("{p}.chain_conditions[{k}].operator"), format!("Choose one of {}.", choices.iter().map(|c| format!("{c:?}")).collect::<Vec<_>>().join(", ")));
        }
        if !c.monitor_id.is_empty() && !draft.delegates.contains(&c.monitor_id) {
            e.insert(format!("{p}.chain_conditions[{k}].monitor_id"), UNSELECTED_DELEGATE.into());
        }
    }
}

fn doc_trigger(draft: &MonitorDraft, p: &str, t: &TriggerDraft, e: &mut FieldErrors) {
    if t.doc_conditions.is_empty() {
        e.insert(format!("{p}.doc_conditions"), "Add at least one condition.".into());
    } else if t.doc_conditions.len() > limits::MAX_DOC_CONDITIONS {
        e.insert(format!("{p}.doc_conditions"), format!("Can have a maximum of {} conditions.", limits::MAX_DOC_CONDITIONS));
    }
    let choices = document::condition_choices(&draft.doc_queries);
    for (k, c) in t.doc_conditions.iter().enumerate() {
        if !choices.iter().any(|(choice, _)| *choice == c.choice()) {
            e.insert(format!("{p}.doc_conditions[{k}].value"), CONDITION_QUERY.into());
        }
    }
}

fn actions(p: &str, t: &TriggerDraft, e: &mut FieldErrors) {
    for (j, a) in t.actions.iter().enumerate() {
        let q = format!("{p}.actions[{j}]");
        if matches!(&a.scope, ActionScope::PerAlert { actionable_alerts } if actionable_alerts.is_empty()) {
            e.insert(format!("{q}.actionable_alerts"), SELECT_OPTION.into());
        }
        if a.name.trim().is_empty() {
            e.insert(format!("{q}.name"), REQUIRED.into());
        } else if t.actions.iter().filter(|o| o.name == a.name).count() > 1 {
            e.insert(format!("{q}.name"), ACTION_NAME_USED.into());
        }
        for (key, text) in [("subject", &a.subject), ("message", &a.message)] {
            if text.trim().is_empty() {
                e.insert(format!("{q}.{key}"), REQUIRED.into());
            } else if text.chars().count() > limits::MAX_TEMPLATE_CHARS {
                e.insert(format!("{q}.{key}"), format!("Must be at most {} characters.", limits::MAX_TEMPLATE_CHARS));
            }
        }
        let range = limits::MIN_THROTTLE_MINUTES..=limits::MAX_THROTTLE_MINUTES;
        if a.throttle_enabled && !range.contains(&a.throttle_minutes) {
            e.insert(format!("{q}.throttle_minutes"), THROTTLE.into());
        }
    }
}
