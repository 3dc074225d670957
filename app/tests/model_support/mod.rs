//! Helpers shared by the `model_*` tests: fixture loading and JSON comparison with a
//! readable failure message.

#![allow(dead_code)]

use serde_json::Value;

use app::model::*;

/// A fixture from `tests/fixtures/`, parsed.
pub fn fixture(name: &str) -> Value {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Names of the JSON files in a fixture directory, sorted.
pub fn fixture_names(dir: &str) -> Vec<String> {
    let path = format!("{}/tests/fixtures/{dir}", env!("CARGO_MANIFEST_DIR"));
    let mut names: Vec<String> = std::fs::read_dir(&path)
        .unwrap_or_else(|e| panic!("{path}: {e}"))
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.ends_with(".json"))
        .collect();
    names.sort();
    names
}

/// The error at `key`, or a failure listing the errors there are.
#[track_caller]
pub fn error(errors: &FieldErrors, key: &str) -> String {
    errors.get(key).cloned().unwrap_or_else(|| panic!("no error at {key}; errors: {errors:?}"))
}

/// Equality of two JSON values, printing both pretty on failure.
#[track_caller]
pub fn assert_json_eq(actual: &Value, expected: &Value, what: &str) {
    if actual != expected {
        panic!(
            "{what}: JSON differs\n--- actual ---\n{}\n--- expected ---\n{}",
            serde_json::to_string_pretty(actual).unwrap(),
            serde_json::to_string_pretty(expected).unwrap()
        );
    }
}

/// §1.4 scenario A: `logs-*`, `@timestamp`, last 5 minutes, count of documents, one
/// trigger IS ABOVE 100 without actions.
pub fn scenario_a() -> MonitorDraft {
    MonitorDraft {
        name: "Logs volume".into(),
        indices: vec!["logs-*".into()],
        time_field: "@timestamp".into(),
        visual: VisualQuery { time_range_value: 5, time_range_unit: TimeUnit::Minutes, ..VisualQuery::default() },
        triggers: vec![TriggerDraft {
            name: "Too many".into(),
            severity: 1,
            threshold_enum: ThresholdEnum::Above,
            threshold_value: 100.0,
            ..TriggerDraft::default()
        }],
        ..MonitorDraft::default()
    }
}

/// §1.4 scenario B: avg(bytes), filter `response is 500`, group by `host.keyword`, one
/// trigger with one throttled action.
pub fn scenario_b() -> MonitorDraft {
    MonitorDraft {
        name: "Web errors".into(),
        indices: vec!["logs-*".into()],
        time_field: "@timestamp".into(),
        visual: VisualQuery {
            metrics: vec![Metric { aggregation: MetricAggregation::Avg, field: "bytes".into() }],
            time_range_value: 5,
            time_range_unit: TimeUnit::Minutes,
            filters: vec![Filter {
                field: "response".into(),
                field_type: FieldType::Number,
                operator: FilterOperator::Is,
                value: 500.into(),
                ..Filter::default()
            }],
            group_by: vec!["host.keyword".into()],
        },
        triggers: vec![TriggerDraft {
            name: "Big responses".into(),
            severity: 2,
            threshold_value: 100.0,
            actions: vec![ActionDraft {
                name: "Notify ops".into(),
                destination_id: "ops-slack".into(),
                throttle_enabled: true,
                throttle_minutes: 10,
                ..ActionDraft::default()
            }],
            ..TriggerDraft::default()
        }],
        ..MonitorDraft::default()
    }
}

/// An extraction-query monitor with a cron schedule and ids from the cluster.
pub fn extraction_draft() -> MonitorDraft {
    let query = serde_json::json!({
        "size": 0,
        "query": { "bool": { "filter": [ { "term": { "audit_category.keyword": "FAILED_LOGIN" } } ] } }
    });
    MonitorDraft {
        name: "Extraction ✓ 🚨".into(),
        defining_method: DefiningMethod::ExtractionQuery,
        enabled: false,
        schedule: Frequency::Weekly {
            days: vec![Weekday::Mon, Weekday::Thu],
            hour: 8,
            timezone: "Europe/Berlin".into(),
        },
        indices: vec!["security-auditlog-*".into(), "other-*".into()],
        extraction_query: serde_json::to_string_pretty(&query).unwrap(),
        triggers: vec![TriggerDraft {
            id: Some("trig-1".into()),
            name: "Any".into(),
            severity: 4,
            threshold_enum: ThresholdEnum::Below,
            threshold_value: 7.5,
            script: "ctx.results[0].hits.total.value > 0".into(),
            actions: vec![ActionDraft {
                id: Some("act-1".into()),
                name: "Hook".into(),
                destination_id: "hook".into(),
                ..ActionDraft::default()
            }],
            ..TriggerDraft::default()
        }],
        ..MonitorDraft::default()
    }
}
