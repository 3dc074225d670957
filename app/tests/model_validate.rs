//! Validation messages, one rule at a time, and the templates gallery.

mod model_support;

use app::model::convert::{from_monitor_json, to_monitor_json};
use app::model::validate::{validate, validate_for_publish};
use app::model::{templates, *};
use model_support::*;
use serde_json::{Value, json};

/// The single error of `draft` at `key` (and that there is one).
#[track_caller]
#[test]
fn valid_drafts_have_no_errors() {
    for d in [scenario_a(), scenario_b(), extraction_draft()] {
        assert_eq!(validate(&d), FieldErrors::new(), "{}", d.name);
        assert_eq!(validate_for_publish(&d), FieldErrors::new(), "{}", d.name);
    }
}

#[test]
fn an_empty_draft_saves_without_hints_but_cannot_publish() {
    let d = MonitorDraft::default();
    assert_eq!(validate(&d), FieldErrors::new());
    let e = validate_for_publish(&d);
    assert_eq!(error(&e, "name"), "Required.");
    assert_eq!(error(&e, "indices"), "Must specify an index.");
    assert_eq!(error(&e, "time_field"), "Select a time field.");
}

#[test]
fn name_rules() {
    let mut d = scenario_a();
    d.name = "bad\u{7}name".into();
    assert_eq!(error(&validate(&d), "name"), "Must not contain control characters.");
    d.name = "x".repeat(limits::MAX_NAME_CHARS + 1);
    assert_eq!(error(&validate(&d), "name"), "Monitor name must be 256 characters or less.");
    d.name = "🚨".repeat(limits::MAX_NAME_CHARS); // characters, not bytes
    assert!(validate_for_publish(&d).is_empty());
    d.name = "   ".into();
    assert_eq!(error(&validate_for_publish(&d), "name"), "Required.");
}

#[test]
fn schedule_rules() {
    let check = |freq: Frequency, key: &str, message: &str| {
        let d = MonitorDraft { schedule: freq.clone(), ..scenario_a() };
        assert_eq!(error(&validate(&d), key), message, "{freq:?}");
    };
    let tz = || "UTC".to_owned();
    check(
        Frequency::Interval { interval: 0, unit: IntervalUnit::Hours },
        "schedule.interval",
        "Must be a positive integer.",
    );
    check(
        Frequency::Weekly { days: vec![], hour: 1, timezone: tz() },
        "schedule.days",
        "Must select at least one weekday",
    );
    check(
        Frequency::Monthly { day: 0, hour: 1, timezone: tz() },
        "schedule.day",
        "Must be a positive integer between 1-31.",
    );
    check(
        Frequency::Monthly { day: 32, hour: 1, timezone: tz() },
        "schedule.day",
        "Must be a positive integer between 1-31.",
    );
    check(Frequency::Daily { hour: 24, timezone: tz() }, "schedule.hour", "Must be an hour between 0 and 23.");
    check(Frequency::Daily { hour: 9, timezone: "Europe Berlin".into() }, "schedule.timezone", "Select a timezone.");
    check(
        Frequency::CustomCron { expression: "0 9 * *".into(), timezone: tz() },
        "schedule.expression",
        "Must have five fields: minute hour day-of-month month day-of-week.",
    );
    for zone in ["UTC", "Europe/Berlin", "America/Argentina/Buenos_Aires", "Etc/GMT+5", "America/Port-au-Prince"] {
        let d = MonitorDraft { schedule: Frequency::Daily { hour: 0, timezone: zone.into() }, ..scenario_a() };
        assert!(validate(&d).is_empty(), "{zone}");
    }
    // Missing parts are completeness, checked at publish time only.
    let d = MonitorDraft { schedule: Frequency::Daily { hour: 9, timezone: String::new() }, ..scenario_a() };
    assert!(validate(&d).is_empty());
    assert_eq!(error(&validate_for_publish(&d), "schedule.timezone"), "Select a timezone.");
    let d = MonitorDraft { schedule: Frequency::CustomCron { expression: " ".into(), timezone: tz() }, ..scenario_a() };
    assert_eq!(error(&validate_for_publish(&d), "schedule.expression"), "Required.");
}

#[test]
fn index_rules() {
    let message = "One of your inputs contains invalid characters or spaces. Please omit: ? \" ,  ";
    for bad in ["logs *", "a,b", "what?", "\"quoted\"", "."] {
        let d = MonitorDraft { indices: vec!["ok-*".into(), bad.into()], ..scenario_a() };
        assert_eq!(error(&validate(&d), "indices"), message, "{bad}");
    }
    let d =
        MonitorDraft { indices: vec!["logs-*".into(), "<logs-{now/d}>".into(), "remote:idx".into()], ..scenario_a() };
    assert!(validate_for_publish(&d).is_empty());
    let d = MonitorDraft { indices: vec![], ..scenario_a() };
    assert_eq!(error(&validate_for_publish(&d), "indices"), "Must specify an index.");
    // Cluster metrics monitors have no indices.
    let d = MonitorDraft {
        monitor_type: MonitorType::ClusterMetrics,
        defining_method: DefiningMethod::ClusterMetrics,
        indices: vec![],
        raw_inputs: Some(json!([{"uri": {"api_type": "CLUSTER_HEALTH", "path": "_cluster/health"}}])),
        ..scenario_a()
    };
    assert!(!validate_for_publish(&d).contains_key("indices"));
}

#[test]
fn visual_editor_rules() {
    let mut d = scenario_b();
    d.visual.metrics[0].field.clear();
    assert_eq!(error(&validate(&d), "visual.metrics[0].field"), "Please select a field for the metric aggregation.");
    let mut d = scenario_b();
    d.visual.metrics.push(Metric { aggregation: MetricAggregation::Max, field: "bytes".into() });
    assert_eq!(error(&validate(&d), "visual.metrics"), "Can have a maximum of 1 metric selections.");
    let mut d = scenario_b();
    d.visual.time_range_value = 0;
    assert_eq!(error(&validate(&d), "visual.time_range_value"), "Must be a positive integer.");
    let mut d = scenario_b();
    d.visual.group_by.push("other.keyword".into());
    assert_eq!(error(&validate(&d), "visual.group_by"), "Can have a maximum of 1 group by selections.");
    d.visual.group_by = vec![String::new()];
    assert_eq!(error(&validate(&d), "visual.group_by"), "Please select a field for the group by.");
    let mut d = scenario_b();
    d.visual.filters = vec![d.visual.filters[0].clone(); 11];
    assert_eq!(error(&validate(&d), "visual.filters"), "Can have a maximum of 10 filters.");
}

fn filter_errors(f: Filter) -> FieldErrors {
    let mut d = scenario_a();
    d.visual.filters = vec![f];
    validate(&d)
}

#[test]
fn filter_rules() {
    let number = |operator, value: Value| Filter {
        field: "bytes".into(),
        field_type: FieldType::Number,
        operator,
        value,
        ..Filter::default()
    };
    let e = filter_errors(Filter { field: String::new(), ..number(FilterOperator::IsNull, Value::Null) });
    assert_eq!(error(&e, "visual.filters[0].field"), "Required.");
    assert_eq!(error(&filter_errors(number(FilterOperator::Is, Value::Null)), "visual.filters[0].value"), "Required.");
    assert_eq!(error(&filter_errors(number(FilterOperator::Is, "".into())), "visual.filters[0].value"), "Required.");
    assert_eq!(
        error(&filter_errors(number(FilterOperator::IsLess, "ten".into())), "visual.filters[0].value"),
        "Requires numerical value."
    );
    assert!(filter_errors(number(FilterOperator::IsNotNull, Value::Null)).is_empty());
    assert_eq!(
        error(&filter_errors(number(FilterOperator::Contains, "1".into())), "visual.filters[0].operator"),
        "This operator is not available for the field's type."
    );

    let range = |start: Value, end: Value| Filter {
        range_start: start,
        range_end: end,
        ..number(FilterOperator::InRange, Value::Null)
    };
    let e = filter_errors(range(json!(10), json!(5)));
    assert_eq!(error(&e, "visual.filters[0].range_start"), "Start should be less than end range.");
    assert_eq!(error(&e, "visual.filters[0].range_end"), "End should be greater than start range.");
    let e = filter_errors(range(json!(5), json!(5)));
    assert_eq!(error(&e, "visual.filters[0].range_start"), "Start should be less than end range.");
    assert_eq!(error(&e, "visual.filters[0].range_end"), "Start should be less than end range.");
    let e = filter_errors(range(Value::Null, json!(5)));
    assert_eq!(error(&e, "visual.filters[0].range_start"), "Required.");
    assert!(filter_errors(range(json!(1), json!(5))).is_empty());
}

#[test]
fn extraction_query_rules() {
    let mut d = extraction_draft();
    d.extraction_query = "{ nope".into();
    assert_eq!(error(&validate(&d), "extraction_query"), "Invalid JSON.");
    d.extraction_query = "[1, 2]".into();
    assert_eq!(error(&validate(&d), "extraction_query"), "Must be a JSON object.");
    // The visual editor does not read it.
    let mut d = scenario_a();
    d.extraction_query = "{ nope".into();
    assert!(validate(&d).is_empty());
}

#[test]
fn trigger_rules() {
    let mut d = scenario_b();
    d.triggers = vec![d.triggers[0].clone(); 11];
    for (i, t) in d.triggers.iter_mut().enumerate() {
        t.name = format!("t{i}");
    }
    assert_eq!(error(&validate(&d), "triggers"), "Monitors can only support up to 10 triggers.");

    let mut d = scenario_b();
    d.triggers[0].name = "  ".into();
    assert_eq!(error(&validate(&d), "triggers[0].name"), "Trigger name is required.");

    let mut d = scenario_b();
    let mut second = d.triggers[0].clone();
    second.name = " Big responses ".into();
    d.triggers.push(second);
    let e = validate(&d);
    assert_eq!(error(&e, "triggers[0].name"), "Trigger name already used.");
    assert_eq!(error(&e, "triggers[1].name"), "Trigger name already used.");

    for severity in [0, 6] {
        let mut d = scenario_b();
        d.triggers[0].severity = severity;
        assert_eq!(
            error(&validate(&d), "triggers[0].severity"),
            "Severity must be between 1 (highest) and 5 (lowest)."
        );
    }

    let mut d = scenario_b();
    d.triggers[0].threshold_value = f64::NAN;
    assert_eq!(error(&validate(&d), "triggers[0].threshold_value"), "Requires numerical value.");

    let mut d = extraction_draft();
    d.triggers[0].script = " ".into();
    assert_eq!(error(&validate(&d), "triggers[0].script"), "Required.");
}

#[test]
fn action_rules() {
    let mut d = scenario_b();
    let a = &mut d.triggers[0].actions[0];
    a.name.clear();
    a.subject.clear();
    a.message = " ".into();
    a.throttle_minutes = 0;
    let e = validate(&d);
    assert_eq!(error(&e, "triggers[0].actions[0].name"), "Required.");
    assert_eq!(error(&e, "triggers[0].actions[0].subject"), "Required.");
    assert_eq!(error(&e, "triggers[0].actions[0].message"), "Required.");
    assert_eq!(
        error(&e, "triggers[0].actions[0].throttle_minutes"),
        "Throttle value must be greater than 0 and less than 1440."
    );

    let mut d = scenario_b();
    d.triggers[0].actions[0].throttle_minutes = 1441;
    assert!(validate(&d).contains_key("triggers[0].actions[0].throttle_minutes"));
    d.triggers[0].actions[0].throttle_enabled = false; // the value is not sent then
    assert!(validate(&d).is_empty());

    let mut d = scenario_b();
    let copy = d.triggers[0].actions[0].clone();
    d.triggers[0].actions.push(copy);
    let e = validate(&d);
    assert_eq!(error(&e, "triggers[0].actions[0].name"), "Action name is already used.");
    assert_eq!(error(&e, "triggers[0].actions[1].name"), "Action name is already used.");
    // The same action name in another trigger is fine.
    let mut d = scenario_b();
    let mut other = d.triggers[0].clone();
    other.name = "Other".into();
    d.triggers.push(other);
    assert!(validate(&d).is_empty());

    let mut d = scenario_b();
    d.triggers[0].actions[0].destination_id.clear();
    assert!(validate(&d).is_empty(), "a channel is chosen late: not a hint");
    assert_eq!(error(&validate_for_publish(&d), "triggers[0].actions[0].destination_id"), "Required.");
}

#[test]
fn raw_triggers_are_not_form_checked() {
    // Drafts saved before the form edited a trigger kind keep it verbatim.
    let mut d = from_monitor_json(&json!({"name": "b", "workflow_type": "composite",
        "schedule": {"period": {"interval": 1, "unit": "MINUTES"}},
        "inputs": [{"composite_input": {"sequence": {"delegates": [{"order": 1, "monitor_id": "m1"}, {"order": 2, "monitor_id": "m2"}]}}}],
        "triggers": []}))
    .unwrap();
    d.triggers.push(TriggerDraft {
        name: "t".into(),
        severity: 9,
        raw: Some(json!({"chained_alert_trigger": {"name": "t", "severity": "9", "condition": {"script": {"source": "monitor[id=m1]"}}, "actions": []}})),
        ..TriggerDraft::default()
    });
    assert_eq!(validate_for_publish(&d), FieldErrors::new());
}

#[test]
fn templates_are_complete_except_for_the_channel() {
    let all = templates::all();
    assert_eq!(all.len(), 8);
    let mut ids: Vec<&str> = all.iter().map(|t| t.id).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), all.len(), "ids are unique");
    for t in &all {
        let d = templates::build(t.id).unwrap_or_else(|| panic!("{} does not build", t.id));
        let (category, index) = if t.id == "portal-failed-sign-ins" { ("Monitor Studio audit", "monitor-studio-audit-*") } else { ("Security audit", "security-auditlog-*") };
        assert_eq!(t.category, category);
        assert_eq!(d.indices, [index], "{}", t.id);
        assert_eq!(d.time_field, "@timestamp", "{}", t.id);
        assert_eq!(validate(&d), FieldErrors::new(), "{}", t.id);
        let publish = validate_for_publish(&d);
        assert!(!publish.is_empty() && publish.keys().all(|k| k.ends_with(".destination_id")), "{}: {publish:?}", t.id);
        // They publish and read back unchanged.
        let v = to_monitor_json(&d).unwrap();
        assert_eq!(from_monitor_json(&v).unwrap(), d, "{}", t.id);
    }
    assert!(templates::build("nope").is_none());
}

#[test]
fn failed_logins_is_the_classic() {
    let d = templates::build("failed-logins").unwrap();
    assert_eq!(d.name, "Failed logins");
    assert_eq!(d.defining_method, DefiningMethod::Visual);
    assert_eq!(d.schedule, Frequency::Interval { interval: 1, unit: IntervalUnit::Minutes });
    assert_eq!((d.visual.time_range_value, d.visual.time_range_unit), (5, TimeUnit::Minutes));
    assert!(d.visual.metrics.is_empty(), "count of documents");
    assert_eq!(
        d.visual.filters,
        [Filter {
            field: "audit_category.keyword".into(),
            field_type: FieldType::Keyword,
            operator: FilterOperator::Is,
            value: "FAILED_LOGIN".into(),
            ..Filter::default()
        }]
    );
    let t = &d.triggers[0];
    assert_eq!(
        (t.name.as_str(), t.severity, t.threshold_enum, t.threshold_value),
        ("Too many failed logins", 1, ThresholdEnum::Above, 1.0)
    );
    let a = &t.actions[0];
    assert_eq!((a.name.as_str(), a.destination_id.as_str()), ("Notify on-call", ""));
    assert_eq!((a.subject.as_str(), a.message.as_str()), (DEFAULT_MESSAGE_SUBJECT, DEFAULT_MESSAGE));

    let v = to_monitor_json(&d).unwrap();
    assert_eq!(
        v["inputs"][0]["search"]["query"]["query"]["bool"]["filter"][1],
        json!({"term": {"audit_category.keyword": "FAILED_LOGIN"}})
    );
    assert_eq!(v["triggers"][0]["condition"]["script"]["source"], "ctx.results[0].hits.total.value > 1");
}
