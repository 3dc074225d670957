//! The visual editor's state → OpenSearch search bodies, exactly as the Dashboards build
//! them (`formikToMonitor.js` `formikToGraphQuery`/`formikToUiGraphQuery`, `whereFilters.js`,
//! `formikToTrigger.js` `getCondition`), so a monitor made here and one made there are the
//! same JSON and either tool can reopen the other's work.
//!
//! Upstream quirks kept on purpose (`alerting-ui-flow.md` §7): the per-query group-by is a
//! *sibling* `terms_agg` that does not split the metric, and the trigger ignores it.

use serde_json::{Map, Value, json};

use super::draft::{FieldType, Filter, FilterOperator, MetricAggregation, ThresholdEnum, TimeUnit, VisualQuery};

/// The preview chart spans this many time buckets (`BUCKET_COUNT`).
pub const BUCKET_COUNT: u32 = 5;

/// Painless path of the document count (`HITS_TOTAL_RESULTS_PATH`).
pub const HITS_TOTAL_RESULTS_PATH: &str = "ctx.results[0].hits.total.value";
/// Painless path of the metric (`AGGREGATION_RESULTS_PATH`).
pub const AGGREGATION_RESULTS_PATH: &str = "ctx.results[0].aggregations.metric.value";

/// The `{{period_end}}`-anchored window that opens every saved query's `bool.filter`, so
/// consecutive runs neither overlap nor leave gaps.
pub fn time_filter(time_field: &str, value: u32, unit: TimeUnit) -> Value {
    let mut range = Map::new();
    range.insert(
        time_field.to_owned(),
        json!({
            "gte": format!("{{{{period_end}}}}||-{value}{}", unit.suffix()),
            "lte": "{{period_end}}",
            "format": "epoch_millis",
        }),
    );
    json!({ "range": range })
}

/// The saved search body of a per query monitor (§1.4 scenarios A and B).
pub fn search_body(visual: &VisualQuery, time_field: &str) -> Value {
    let mut filters = vec![time_filter(time_field, visual.time_range_value, visual.time_range_unit)];
    filters.extend(visual.filters.iter().map(filter_clause));
    json!({
        "size": 0,
        "aggregations": query_level_aggregations(visual),
        "query": { "bool": { "filter": filters } },
    })
}

/// `formikToAggregation`: every metric is written to the key `metric` (so the last one
/// wins, as upstream), plus the first group-by as a sibling `terms_agg`.
fn query_level_aggregations(visual: &VisualQuery) -> Value {
    let mut aggs = Map::new();
    for metric in &visual.metrics {
        aggs.insert("metric".to_owned(), metric_agg(metric.aggregation, &metric.field));
    }
    if let Some(field) = group_by(visual).first() {
        aggs.insert("terms_agg".to_owned(), json!({ "terms": { "field": field } }));
    }
    Value::Object(aggs)
}

/// The group-by fields without blanks (`formikToUiSearch` drops `''`).
fn group_by(visual: &VisualQuery) -> Vec<&str> {
    visual.group_by.iter().map(String::as_str).filter(|g| !g.is_empty()).collect()
}

/// `{"avg":{"field":f}}`; count becomes `value_count`.
fn metric_agg(aggregation: MetricAggregation, field: &str) -> Value {
    let kind = match aggregation {
        MetricAggregation::Count => "value_count",
        other => other.ui_name(),
    };
    let mut m = Map::new();
    m.insert(kind.to_owned(), json!({ "field": field }));
    Value::Object(m)
}

/// The name of a bucket monitor's sub-aggregation: `<type>_<field with . → _>`.
pub fn bucket_metric_name(aggregation: MetricAggregation, field: &str) -> String {
    format!("{}_{}", aggregation.ui_name(), field.replace('.', "_"))
}

/// The saved search body of a per bucket monitor (§1.4 scenario C): a `composite_agg` over
/// the group-by fields with one sub-aggregation per metric.
pub fn bucket_search_body(visual: &VisualQuery, time_field: &str) -> Value {
    let mut filters = vec![time_filter(time_field, visual.time_range_value, visual.time_range_unit)];
    filters.extend(visual.filters.iter().map(filter_clause));
    json!({
        "size": 0,
        "aggregations": { "composite_agg": {
            "composite": { "sources": composite_sources(visual) },
            "aggs": bucket_metrics(visual),
        }},
        "query": { "bool": { "filter": filters } },
    })
}

fn composite_sources(visual: &VisualQuery) -> Vec<Value> {
    group_by(visual)
        .into_iter()
        .map(|f| {
            let mut source = Map::new();
            source.insert(f.to_owned(), json!({ "terms": { "field": f } }));
            Value::Object(source)
        })
        .collect()
}

fn bucket_metrics(visual: &VisualQuery) -> Value {
    let mut aggs = Map::new();
    for m in &visual.metrics {
        aggs.insert(bucket_metric_name(m.aggregation, &m.field), metric_agg(m.aggregation, &m.field));
    }
    Value::Object(aggs)
}

/// The preview-only chart query of a per query monitor (`formikToUiGraphQuery`): five
/// windows back from `now`, bucketed by a `date_histogram` named `over` with the legacy
/// `interval` parameter. `time_zone` is the browser's zone (`moment.tz.guess()` upstream).
pub fn chart_query(visual: &VisualQuery, time_field: &str, time_zone: &str) -> Value {
    let span =
        format!("now-{}{}", visual.time_range_value.saturating_mul(BUCKET_COUNT), visual.time_range_unit.suffix());
    let mut range = Map::new();
    range.insert(time_field.to_owned(), json!({ "gte": span, "lte": "now" }));
    let mut filters = vec![json!({ "range": range })];
    filters.extend(visual.filters.iter().map(filter_clause));

    // `formikToMetricAggregation`: only the first metric, and only once it has a field.
    let mut inner = Map::new();
    if let Some(m) = visual.metrics.first().filter(|m| !m.field.is_empty()) {
        inner.insert("metric".to_owned(), metric_agg(m.aggregation, &m.field));
    }
    if let Some(field) = group_by(visual).first() {
        inner.insert("terms_agg".to_owned(), json!({ "terms": { "field": field } }));
    }
    json!({
        "size": 0,
        "aggregations": { "over": {
            "date_histogram": {
                "field": time_field,
                "interval": format!("{}{}", visual.time_range_value, visual.time_range_unit.suffix()),
                "time_zone": time_zone,
                "min_doc_count": 0,
                "extended_bounds": { "min": span, "max": "now" },
            },
            "aggregations": inner,
        }},
        "query": { "bool": { "filter": filters } },
    })
}

/// One data filter as a query clause (`OPERATORS_QUERY_MAP`). Text fields use
/// `match_phrase`/`query_string` where keyword fields use `term`/`wildcard`; negations wrap
/// a single clause object in `bool.must_not` (an object, not an array, as upstream).
pub fn filter_clause(filter: &Filter) -> Value {
    use FilterOperator::*;
    let field = filter.field.as_str();
    let text = filter.field_type == FieldType::Text;
    let value = filter_value(filter, &filter.value);
    let on_field = |value: Value| {
        let mut m = Map::new();
        m.insert(field.to_owned(), value);
        Value::Object(m)
    };
    let clause = |kind: &str, body: Value| {
        let mut m = Map::new();
        m.insert(kind.to_owned(), body);
        Value::Object(m)
    };
    let must_not = |inner: Value| json!({ "bool": { "must_not": inner } });
    let is = || clause(if text { "match_phrase" } else { "term" }, on_field(value.clone()));
    let contains = || {
        let pattern = format!("*{}*", value_text(&value));
        if text {
            json!({ "query_string": { "query": pattern, "default_field": field } })
        } else {
            clause("wildcard", on_field(Value::String(pattern)))
        }
    };
    let in_range = || {
        let start = filter_value(filter, &filter.range_start);
        let end = filter_value(filter, &filter.range_end);
        clause("range", on_field(json!({ "gte": start, "lte": end })))
    };
    match filter.operator {
        Is => is(),
        IsNot => must_not(is()),
        IsNull => must_not(json!({ "exists": { "field": field } })),
        IsNotNull => json!({ "exists": { "field": field } }),
        IsGreater => clause("range", on_field(json!({ "gt": value }))),
        IsGreaterEqual => clause("range", on_field(json!({ "gte": value }))),
        IsLess => clause("range", on_field(json!({ "lt": value }))),
        IsLessEqual => clause("range", on_field(json!({ "lte": value }))),
        InRange => in_range(),
        NotInRange => must_not(in_range()),
        StartsWith => clause("prefix", on_field(value.clone())),
        EndsWith => clause("wildcard", on_field(Value::String(format!("*{}", value_text(&value))))),
        Contains => contains(),
        DoesNotContain => must_not(contains()),
    }
}

/// A filter value as it goes into the query. Number fields get numbers even when the value
/// was typed as text (the Dashboards' number input always yields a number).
fn filter_value(filter: &Filter, v: &Value) -> Value {
    match (filter.field_type, v) {
        (FieldType::Number, Value::String(s)) => match s.trim().parse::<f64>() {
            Ok(f) if f.is_finite() => js_number_value(f),
            _ => v.clone(),
        },
        _ => v.clone(),
    }
}

/// A value interpolated into a string the way JavaScript template literals do.
fn value_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.as_f64().map(js_number).unwrap_or_else(|| n.to_string()),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// The Painless condition of a visual-editor threshold trigger (`getCondition`): the hit
/// count when no metric is chosen, else the metric behind a null guard (an empty window
/// has no metric value and must not raise a script error).
pub fn trigger_condition_script(visual: &VisualQuery, threshold: ThresholdEnum, value: f64) -> String {
    let op = threshold.operator();
    let value = js_number(value);
    if visual.metrics.is_empty() {
        format!("{HITS_TOTAL_RESULTS_PATH} {op} {value}")
    } else {
        format!("return {AGGREGATION_RESULTS_PATH} == null ? false : {AGGREGATION_RESULTS_PATH} {op} {value}")
    }
}

/// A number as JavaScript prints it (`String(n)`): `100` not `100.0`, `1e+21`, `NaN`.
pub fn js_number(x: f64) -> String {
    if x.is_nan() {
        return "NaN".to_owned();
    }
    if x.is_infinite() {
        return if x > 0.0 { "Infinity" } else { "-Infinity" }.to_owned();
    }
    if x == 0.0 {
        return "0".to_owned(); // also -0
    }
    let a = x.abs();
    if (1e-6..1e21).contains(&a) {
        return format!("{x}");
    }
    // JavaScript switches to exponent form outside [1e-6, 1e21) and always signs it.
    let e = format!("{x:e}");
    match e.split_once('e') {
        Some((mantissa, exp)) if !exp.starts_with('-') => format!("{mantissa}e+{exp}"),
        _ => e,
    }
}

/// A number as a JSON value the way `JSON.stringify` writes it: whole numbers without a
/// fraction (`100`, not `100.0`), so fixtures and the cluster's echo compare equal.
pub fn js_number_value(x: f64) -> Value {
    if x.is_finite() && x.fract() == 0.0 && x.abs() < 9.007_199_254_740_992e15 {
        Value::from(x as i64)
    } else {
        serde_json::Number::from_f64(x).map(Value::Number).unwrap_or(Value::Null)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_print_like_javascript() {
        assert_eq!(js_number(100.0), "100");
        assert_eq!(js_number(-2.5), "-2.5");
        assert_eq!(js_number(0.1 + 0.2), "0.30000000000000004");
        assert_eq!(js_number(1e21), "1e+21");
        assert_eq!(js_number(1.5e-7), "1.5e-7");
        assert_eq!(js_number(-0.0), "0");
        assert_eq!(js_number_value(500.0), serde_json::json!(500));
        assert_eq!(js_number_value(0.5), serde_json::json!(0.5));
    }

    #[test]
    fn time_filter_is_period_end_anchored() {
        assert_eq!(
            time_filter("@timestamp", 5, TimeUnit::Minutes),
            serde_json::json!({"range":{"@timestamp":{"gte":"{{period_end}}||-5m","lte":"{{period_end}}","format":"epoch_millis"}}})
        );
    }
}
