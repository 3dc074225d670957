//! "Select data" and "Query": indices, time field, and either the visual editor (metric,
//! time range, data filters, group by) or the extraction query editor.

use leptos::prelude::*;
use serde_json::Value;

use super::{inputs::*, state::use_editor};
use crate::model::{
    DefiningMethod, FieldType, Filter, FilterOperator, MetricAggregation, MonitorDraft, MonitorType, OperatorArity, TimeUnit,
    limits,
};

/// Splits the Index field's text into entries (`,` separates, as in the Dashboards).
pub fn split_indices(text: &str) -> Vec<String> {
    text.split(',').map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned).collect()
}

#[component]
pub fn SelectData() -> impl IntoView {
    let ctx = use_editor();
    let visual = Memo::new(move |_| ctx.draft.with(|d| d.defining_method == DefiningMethod::Visual));
    // A per document monitor has no time range: it reads the documents new since its last run.
    let per_document = Memo::new(move |_| ctx.draft.with(|d| d.monitor_type == MonitorType::DocLevel));
    // A cluster metrics monitor reads the cluster's API, not indices.
    let metrics = Memo::new(move |_| ctx.draft.with(|d| d.monitor_type == MonitorType::ClusterMetrics));
    // A composite monitor reads nothing itself: it runs its delegates.
    let chain = Memo::new(move |_| ctx.draft.with(|d| d.monitor_type == MonitorType::Composite));
    let fields = super::suggest::provide_fields();
    view! {
        <super::suggest::FieldLists/>
        <Show when=move || !chain.get() fallback=|| view! { <super::composite::DelegateMonitors/> }>
        <Show when=move || !metrics.get()>
        <section class="panel" id="select-data" aria-labelledby="select-data-title">
            <h2 id="select-data-title">"Select data"</h2>
            <DraftText label="Index" path="indices" on_change_only=true list="index-suggestions" placeholder="Select indices"
                help="You can use a * as a wildcard or date math index resolution in your index pattern. Separate entries with commas."
                on_typing=Callback::new(move |text: String| fields.index_typing.set(text))
                get=|d| d.indices.join(", ") set=|d, v| d.indices = split_indices(&v)/>
            <super::suggest::IndexSuggestions/>
            <Show when=move || visual.get() && !per_document.get()>
                <DraftText label="Time field" path="time_field" placeholder="@timestamp" list="time-field-options"
                    help="Choose the time field you want to use for your x-axis"
                    get=|d| d.time_field.clone() set=|d, v| d.time_field = v.trim().to_owned()/>
            </Show>
        </section>
        </Show>
        <section class="panel" id="query" aria-labelledby="query-title">
            <h2 id="query-title">"Query"</h2>
            {move || match (metrics.get(), visual.get(), per_document.get()) {
                (true, ..) => view! { <super::cluster_metrics::ClusterMetricsEditor/> }.into_any(),
                (_, true, true) => view! { <super::doc_queries::DocQueries/> }.into_any(),
                (_, true, false) => view! { <VisualEditor/> }.into_any(),
                (_, false, _) => view! { <ExtractionEditor/> }.into_any(),
            }}
            <super::preview::QueryPreview/>
        </section>
        </Show>
    }
}

fn aggregation_options() -> Vec<(String, String)> {
    MetricAggregation::ALL.iter().map(|m| (m.ui_name().to_owned(), m.label().to_owned())).collect()
}

#[component]
fn VisualEditor() -> impl IntoView {
    let ctx = use_editor();
    let metric_count = Memo::new(move |_| ctx.draft.with(|d| d.visual.metrics.len()));
    let max_metrics = Memo::new(move |_| ctx.draft.with(|d| d.monitor_type.max_metrics()));
    let filter_count = Memo::new(move |_| ctx.draft.with(|d| d.visual.filters.len()));
    let group_count = Memo::new(move |_| ctx.draft.with(|d| d.visual.group_by.len()));
    let max_group_by = Memo::new(move |_| ctx.draft.with(|d| d.monitor_type.max_group_by()));
    let per_bucket = Memo::new(move |_| ctx.draft.with(|d| d.monitor_type == MonitorType::BucketLevel));
    let metrics_error = ctx.error("visual.metrics".into());
    let group_error = ctx.error("visual.group_by".into());
    view! {
        <div class="visual-editor">
            <fieldset class="group">
                <legend>"Metrics"</legend>
                <Show when=move || metric_count.get() == 0>
                    <p class="badge">"COUNT OF documents"</p>
                </Show>
                {move || (0..metric_count.get()).map(|i| view! { <MetricRow index=i/> }).collect_view()}
                <p class="error" role="alert">{move || metrics_error.get()}</p>
                <button type="button" disabled=move || { metric_count.get() >= max_metrics.get() }
                    on:click=move |_| ctx.edit(|d| d.visual.metrics.push(crate::model::Metric { aggregation: MetricAggregation::Count, field: String::new() }))>
                    "Add metric"
                </button>
                <p class="help">{move || format!("You can add up to {} metric(s).", max_metrics.get())}</p>
            </fieldset>
            <div class="row">
                <DraftNumber label="Time range for the last" path="visual.time_range_value" integer=true min=1.0
                    get=|d| f64::from(d.visual.time_range_value) set=|d, v| d.visual.time_range_value = v as u32/>
                <DraftSelect label="Time range unit" path="visual.time_range_unit"
                    options=TimeUnit::ALL.iter().map(|u| (u.suffix().to_owned(), u.label().to_owned())).collect()
                    get=|d| d.visual.time_range_unit.suffix().to_owned()
                    set=|d, v| if let Some(u) = TimeUnit::from_suffix(&v) { d.visual.time_range_unit = u }/>
            </div>
            <fieldset class="group">
                <legend>"Data filter"</legend>
                {move || (0..filter_count.get()).map(|i| view! { <FilterRow index=i/> }).collect_view()}
                <button type="button" disabled=move || { filter_count.get() >= limits::MAX_FILTERS }
                    on:click=move |_| ctx.edit(|d| d.visual.filters.push(Filter { field_type: FieldType::Keyword, ..Filter::default() }))>
                    "Add data filter"
                </button>
                <p class="help">{format!("You can add up to {} filters; they are combined with AND.", limits::MAX_FILTERS)}</p>
            </fieldset>
            <fieldset class="group">
                <legend>"Group by"</legend>
                {move || (0..group_count.get()).map(|i| view! {
                    <div class="row" role="group" aria-label=format!("Group by {}", i + 1)>
                        <DraftText label="Group by field" path=format!("visual.group_by[{i}]") placeholder="host.keyword" list="keyword-field-options"
                            get=move |d| d.visual.group_by.get(i).cloned().unwrap_or_default()
                            set=move |d, v| if let Some(g) = d.visual.group_by.get_mut(i) { *g = v.trim().to_owned() }/>
                        <button type="button" class="link" on:click=move |_| ctx.edit(|d| { if i < d.visual.group_by.len() { d.visual.group_by.remove(i); } })>
                            {format!("Remove group by {}", i + 1)}
                        </button>
                    </div>
                }).collect_view()}
                <p class="error" role="alert">{move || group_error.get()}</p>
                <button type="button" disabled=move || { group_count.get() >= max_group_by.get() }
                    on:click=move |_| ctx.edit(|d| d.visual.group_by.push(String::new()))>
                    "Add group by"
                </button>
                <p class="help">{move || if per_bucket.get() {
                    format!("Keyword fields; each bucket is one combination of their values. Required, up to {}.", max_group_by.get())
                } else {
                    "A keyword field (optional).".to_owned()
                }}</p>
            </fieldset>
        </div>
    }
}

#[component]
fn MetricRow(index: usize) -> impl IntoView {
    let ctx = use_editor();
    let i = index;
    let p = move |s: &str| format!("visual.metrics[{i}].{s}");
    view! {
        <div class="row" role="group" aria-label=format!("Metric {}", i + 1)>
            <DraftSelect label="Aggregation" path=p("aggregation") options=aggregation_options()
                get=move |d| d.visual.metrics.get(i).map(|m| m.aggregation.ui_name().to_owned()).unwrap_or_default()
                set=move |d, v| if let (Some(m), Some(a)) = (d.visual.metrics.get_mut(i), MetricAggregation::from_ui_name(&v)) { m.aggregation = a }/>
            <DraftText label="Field" path=p("field") placeholder="bytes" list="number-field-options"
                get=move |d| d.visual.metrics.get(i).map(|m| m.field.clone()).unwrap_or_default()
                set=move |d, v| if let Some(m) = d.visual.metrics.get_mut(i) { m.field = v.trim().to_owned() }/>
            <button type="button" class="link" on:click=move |_| ctx.edit(|d| { if i < d.visual.metrics.len() { d.visual.metrics.remove(i); } })>
                {format!("Remove metric {}", i + 1)}
            </button>
        </div>
    }
}

fn field_type_options() -> Vec<(String, String)> {
    [FieldType::Keyword, FieldType::Text, FieldType::Number, FieldType::Boolean]
        .map(|t| (t.api_name().to_owned(), t.api_name().to_owned()))
        .into()
}

fn field_type_of(s: &str) -> FieldType {
    FieldType::parse(s).unwrap_or(FieldType::Keyword)
}

/// A value typed in a filter, as JSON of the field's type (numbers stay numbers).
pub fn typed_value(field_type: FieldType, text: &str) -> Value {
    match field_type {
        FieldType::Number => text.trim().parse::<f64>().ok().and_then(serde_json::Number::from_f64).map(|n| {
            // 500 not 500.0, as the Dashboards send it.
            if n.as_f64().is_some_and(|f| f.fract() == 0.0 && f.abs() < 9e15) { Value::from(n.as_f64().unwrap_or_default() as i64) } else { Value::Number(n) }
        }).unwrap_or_else(|| Value::String(text.to_owned())),
        FieldType::Boolean => Value::Bool(text.trim().eq_ignore_ascii_case("true")),
        _ => Value::String(text.to_owned()),
    }
}

fn value_text(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn filter_mut(d: &mut MonitorDraft, i: usize) -> Option<&mut Filter> {
    d.visual.filters.get_mut(i)
}

#[component]
fn FilterRow(index: usize) -> impl IntoView {
    let ctx = use_editor();
    let fields = super::suggest::use_fields();
    let i = index;
    let field_type = Memo::new(move |_| ctx.draft.with(|d| d.visual.filters.get(i).map(|f| f.field_type).unwrap_or_default()));
    let arity = Memo::new(move |_| ctx.draft.with(|d| d.visual.filters.get(i).map(|f| f.operator.arity()).unwrap_or(OperatorArity::One)));
    let p = move |s: &str| format!("visual.filters[{i}].{s}");
    view! {
        <div class="filter-row" role="group" aria-label=format!("Data filter {}", i + 1)>
            <DraftText label="Field" path=p("field") placeholder="audit_category.keyword" list="filter-field-options"
                get=move |d| d.visual.filters.get(i).map(|f| f.field.clone()).unwrap_or_default()
                set=move |d, v| if let Some(f) = filter_mut(d, i) {
                    f.field = v.trim().to_owned();
                    // A field the mapping knows decides its type, and so the DSL clause.
                    if let Some(t) = fields.type_of(&f.field) {
                        f.field_type = t;
                        if !FilterOperator::for_type(t).contains(&f.operator) { f.operator = FilterOperator::Is; }
                    }
                }/>
            <DraftSelect label="Field type" path=p("field_type") options=field_type_options()
                get=move |d| d.visual.filters.get(i).map(|f| f.field_type.api_name().to_owned()).unwrap_or_default()
                set=move |d, v| if let Some(f) = filter_mut(d, i) {
                    f.field_type = field_type_of(&v);
                    if !FilterOperator::for_type(f.field_type).contains(&f.operator) { f.operator = FilterOperator::Is; }
                }/>
            {move || {
                let ops = FilterOperator::for_type(field_type.get())
                    .iter()
                    .map(|o| (serde_json::to_value(o).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default(), o.label().to_owned()))
                    .collect::<Vec<_>>();
                view! {
                    <DraftSelect label="Operator" path=p("operator") options=ops
                        get=move |d| d.visual.filters.get(i).and_then(|f| serde_json::to_value(f.operator).ok()).and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default()
                        set=move |d, v| if let (Some(f), Ok(op)) = (filter_mut(d, i), serde_json::from_value::<FilterOperator>(Value::String(v))) { f.operator = op }/>
                }
            }}
            {move || match arity.get() {
                OperatorArity::None => ().into_any(),
                OperatorArity::One => view! {
                    <DraftText label="Value" path=p("value")
                        get=move |d| d.visual.filters.get(i).map(|f| value_text(&f.value)).unwrap_or_default()
                        set=move |d, v| if let Some(f) = filter_mut(d, i) { f.value = typed_value(f.field_type, &v) }/>
                }
                .into_any(),
                OperatorArity::Range => view! {
                    <DraftText label="From" path=p("range_start")
                        get=move |d| d.visual.filters.get(i).map(|f| value_text(&f.range_start)).unwrap_or_default()
                        set=move |d, v| if let Some(f) = filter_mut(d, i) { f.range_start = typed_value(f.field_type, &v) }/>
                    <DraftText label="To" path=p("range_end")
                        get=move |d| d.visual.filters.get(i).map(|f| value_text(&f.range_end)).unwrap_or_default()
                        set=move |d, v| if let Some(f) = filter_mut(d, i) { f.range_end = typed_value(f.field_type, &v) }/>
                }
                .into_any(),
            }}
            <button type="button" class="link" on:click=move |_| ctx.edit(|d| { if i < d.visual.filters.len() { d.visual.filters.remove(i); } })>
                {format!("Remove data filter {}", i + 1)}
            </button>
        </div>
    }
}

#[component]
fn ExtractionEditor() -> impl IntoView {
    let ctx = use_editor();
    let pretty = move |_| {
        ctx.edit(|d| {
            if let Ok(v) = serde_json::from_str::<Value>(&d.extraction_query) {
                if let Ok(text) = serde_json::to_string_pretty(&v) {
                    d.extraction_query = text;
                }
            }
        })
    };
    view! {
        <DraftText label="Define extraction query" path="extraction_query" rows=14
            get=|d| d.extraction_query.clone() set=|d, v| d.extraction_query = v/>
        <Show when=move || ctx.draft.with(|d| d.monitor_type == MonitorType::BucketLevel)>
            <p class="help">"A per bucket monitor's triggers select buckets of a composite aggregation, by default the one named composite_agg."</p>
        </Show>
        <Show when=move || ctx.draft.with(|d| d.monitor_type == MonitorType::DocLevel)>
            <p class="help">"A per document monitor's input: a description and its queries, each with a name, a query in query-string syntax and tags. Its indices are those of Select data."</p>
        </Show>
        <button type="button" on:click=pretty>"Pretty-print"</button>
    }
}
