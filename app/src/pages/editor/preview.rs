//! Previews on the real cluster: "Preview query and performance", "Preview condition
//! response", the rendered message and "Send test message". One dry run answers all of
//! them; its result is shared here so the trigger and action panels show the same run.

use leptos::prelude::*;

use super::state::{EditorCtx, use_editor};
use crate::{
    api::{BucketPreview, Call, QueryMatches, ChartRequest, ChartResult, PreviewRequest, PreviewResult, TestMessageRequest, TestMessageResult, ops},
    client::{self, ClientError},
    components::chart::PreviewChart,
    model::{DefiningMethod, MonitorType},
};

/// The last dry run and chart, and whether one is running.
#[derive(Clone, Copy)]
pub struct PreviewCtx {
    ctx: EditorCtx,
    pub result: RwSignal<Option<Result<PreviewResult, ClientError>>>,
    pub chart: RwSignal<Option<Result<ChartResult, ClientError>>>,
    pub running: RwSignal<bool>,
}

impl PreviewCtx {
    pub fn new(ctx: EditorCtx) -> PreviewCtx {
        PreviewCtx { ctx, result: RwSignal::new(None), chart: RwSignal::new(None), running: RwSignal::new(false) }
    }

    /// Runs the dry run (and the chart, for the visual editor) on the current draft.
    pub fn run(self) {
        let ctx = self.ctx;
        let document = ctx.draft.get_untracked();
        self.running.set(true);
        leptos::task::spawn_local(async move {
            // The chart is the per query visual editor's; per bucket previews list buckets.
            let visual = document.defining_method == DefiningMethod::Visual && document.monitor_type == MonitorType::QueryLevel;
            let chart_request = ChartRequest { document: document.clone(), time_zone: browser_time_zone() };
            let result = client::call::<ops::RunPreview>(Call::body(PreviewRequest { document })).await;
            if let Err(e) = &result {
                ctx.server_errors.update(|errs| errs.extend(e.field_errors()));
            }
            self.result.set(Some(result));
            if visual {
                self.chart.set(Some(client::call::<ops::RunChart>(Call::body(chart_request)).await));
            } else {
                self.chart.set(None);
            }
            self.running.set(false);
        });
    }
}

fn browser_time_zone() -> Option<String> {
    #[cfg(feature = "hydrate")]
    {
        let options = js_sys::Intl::DateTimeFormat::new(&js_sys::Array::new(), &js_sys::Object::new()).resolved_options();
        js_sys::Reflect::get(&options, &wasm_bindgen::JsValue::from_str("timeZone")).ok().and_then(|v| v.as_string())
    }
    #[cfg(not(feature = "hydrate"))]
    None
}

pub fn use_preview() -> PreviewCtx {
    expect_context::<PreviewCtx>()
}

/// "Preview query and performance": durations, hits, warning, and the chart or response.
#[component]
pub fn QueryPreview() -> impl IntoView {
    let preview = use_preview();
    let ctx = use_editor();
    let visual = Memo::new(move |_| ctx.draft.with(|d| d.defining_method == DefiningMethod::Visual));
    let per_bucket = Memo::new(move |_| ctx.draft.with(|d| d.monitor_type == MonitorType::BucketLevel));
    let per_document = Memo::new(move |_| ctx.draft.with(|d| d.monitor_type == MonitorType::DocLevel));
    let per_metrics = Memo::new(move |_| ctx.draft.with(|d| d.monitor_type == MonitorType::ClusterMetrics));
    view! {
        <section class="preview" aria-labelledby="query-preview-title">
            <div class="row-buttons">
                <h3 id="query-preview-title">"Preview query and performance"</h3>
                <button type="button" on:click=move |_| preview.run() disabled=move || preview.running.get()>
                    {move || if preview.running.get() { "Running…" } else { "Run" }}
                </button>
            </div>
            {move || match preview.result.get() {
                None => view! { <p class="muted">"Run the query on the cluster as a dry run to see its response and how long it takes."</p> }.into_any(),
                Some(Err(e)) => view! { <div class="callout error" role="alert">{e.message()}</div> }.into_any(),
                Some(Ok(r)) => view! {
                    <dl class="performance">
                        <dt>"Monitor duration"</dt><dd>{r.took_ms.map(|t| format!("{t} ms")).unwrap_or_else(|| "–".into())}</dd>
                        <dt>"Request duration"</dt><dd>{format!("{} ms", r.request_ms)}</dd>
                        <dt>"Hits"</dt><dd>{r.hits.map(|h| h.to_string()).unwrap_or_else(|| "–".into())}</dd>
                    </dl>
                    {(r.took_ms.unwrap_or(0) >= 100).then(|| view! { <p class="callout warning">"Large queries may impact monitor and remote cluster performance"</p> })}
                    {r.error.clone().map(|e| view! { <div class="callout error" role="alert">{e}</div> })}
                    {per_bucket.get().then(|| view! { <BucketTable buckets=r.buckets.clone()/> })}
                    {per_document.get().then(|| view! { <MatchesTable matches=r.matches.clone()/> })}
                    {(!visual.get()).then(|| view! {
                        <label for="extraction-response">{if per_metrics.get() { "Response" } else { "Extraction query response" }}</label>
                        <textarea id="extraction-response" readonly rows=12 prop:value=serde_json::to_string_pretty(&r.response).unwrap_or_default()></textarea>
                    })}
                }
                .into_any(),
            }}
            {move || match (visual.get(), preview.chart.get()) {
                (true, Some(Ok(chart))) => view! { <PreviewChart chart/> }.into_any(),
                (true, Some(Err(e))) => view! { <p class="error" role="alert">{e.message()}</p> }.into_any(),
                _ => ().into_any(),
            }}
        </section>
    }
}

/// "Preview condition response" for trigger `index`, with the chart and threshold line.
#[component]
pub fn TriggerPreviewPanel(index: usize) -> impl IntoView {
    let preview = use_preview();
    let ctx = use_editor();
    let threshold = Memo::new(move |_| {
        ctx.draft.with(|d| {
            let chart = d.defining_method == DefiningMethod::Visual && d.monitor_type == MonitorType::QueryLevel;
            chart.then(|| d.triggers.get(index).map(|t| t.threshold_value)).flatten()
        })
    });
    let per_bucket = Memo::new(move |_| ctx.draft.with(|d| d.monitor_type == MonitorType::BucketLevel));
    let per_document = Memo::new(move |_| ctx.draft.with(|d| d.monitor_type == MonitorType::DocLevel));
    view! {
        <div class="preview">
            <button type="button" on:click=move |_| preview.run() disabled=move || preview.running.get()>"Preview condition response"</button>
            <p class="condition-response" role="status">
                {move || match preview.result.get() {
                    Some(Ok(r)) => match r.triggers.get(index) {
                        Some(t) => match &t.error {
                            Some(e) => format!("Trigger condition response: error: {e}"),
                            None if per_bucket.get() => format!("Trigger condition response: {} bucket(s) would trigger", t.buckets.len()),
                            None if per_document.get() => format!("Trigger condition response: {} document(s) would trigger", t.documents.len()),
                            None => format!("Trigger condition response: {}", t.triggered),
                        },
                        None => String::new(),
                    },
                    Some(Err(e)) => e.message(),
                    None => String::new(),
                }}
            </p>
            {move || match (threshold.get(), preview.chart.get()) {
                (Some(t), Some(Ok(chart))) => view! { <PreviewChart chart threshold=t/> }.into_any(),
                _ => ().into_any(),
            }}
            // What would trigger, one per line: buckets by their group-by values, documents by id.
            {move || {
                let t = preview.result.get().and_then(Result::ok).and_then(|r| r.triggers.get(index).cloned()).unwrap_or_default();
                let (what, items): (&str, Vec<String>) = if per_bucket.get() {
                    ("Buckets", t.buckets.iter().map(|k| k.join(", ")).collect())
                } else if per_document.get() {
                    ("Documents", t.documents)
                } else {
                    ("", Vec::new())
                };
                (!items.is_empty()).then(|| view! {
                    <ul class="triggered-buckets" aria-label=format!("{what} that would trigger {}", index + 1)>
                        {items.into_iter().map(|item| view! { <li>{item}</li> }).collect_view()}
                    </ul>
                })
            }}
        </div>
    }
}

/// The buckets of a per bucket monitor's dry run: group-by values, count and metrics.
#[component]
fn BucketTable(buckets: Vec<BucketPreview>) -> impl IntoView {
    if buckets.is_empty() {
        return view! { <p class="muted">"There is no data for the current selections."</p> }.into_any();
    }
    let keys: Vec<String> = buckets[0].key.keys().cloned().collect();
    let metrics: Vec<String> = buckets.iter().flat_map(|b| b.metrics.keys().cloned()).collect::<std::collections::BTreeSet<_>>().into_iter().collect();
    let text = |v: &serde_json::Value| match v {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    view! {
        <table class="table buckets">
            <caption>{format!("Buckets ({})", buckets.len())}</caption>
            <thead><tr>
                {keys.iter().map(|k| view! { <th scope="col">{k.clone()}</th> }).collect_view()}
                <th scope="col">"Count of documents"</th>
                {metrics.iter().map(|m| view! { <th scope="col">{m.clone()}</th> }).collect_view()}
            </tr></thead>
            <tbody>
                {buckets.iter().map(|b| view! {
                    <tr>
                        {keys.iter().map(|k| view! { <td>{b.key.get(k).map(text).unwrap_or_default()}</td> }).collect_view()}
                        <td>{b.doc_count}</td>
                        {metrics.iter().map(|m| view! { <td>{b.metrics.get(m).copied().flatten().map(|v| v.to_string()).unwrap_or_else(|| "–".into())}</td> }).collect_view()}
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}

/// A per document dry run: each query and the documents it matched among the last few of
/// each shard (the cluster's dry run does not read the whole index).
#[component]
fn MatchesTable(matches: Vec<QueryMatches>) -> impl IntoView {
    if matches.is_empty() {
        return view! { <p class="muted">"You must define at least one query."</p> }.into_any();
    }
    view! {
        <table class="table buckets">
            <caption>"Query matches among the latest documents"</caption>
            <thead><tr>
                <th scope="col">"Query name"</th>
                <th scope="col">"Matching documents"</th>
                <th scope="col">"Document ids"</th>
            </tr></thead>
            <tbody>
                {matches.into_iter().map(|m| view! {
                    <tr>
                        <td>{m.query}</td>
                        <td>{m.documents.len()}</td>
                        <td class="mono">{m.documents.join(", ")}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}

/// The message as the cluster rendered it in the last dry run, and "Send test message".
#[component]
pub fn ActionPreviewPanel(trigger: usize, action: usize) -> impl IntoView {
    let preview = use_preview();
    let ctx = use_editor();
    let sending = RwSignal::new(false);
    let outcome = RwSignal::new(None::<Result<TestMessageResult, ClientError>>);
    let send = move |_| {
        let document = ctx.draft.get_untracked();
        sending.set(true);
        leptos::task::spawn_local(async move {
            let request = TestMessageRequest { document, trigger_index: trigger, action_index: action };
            outcome.set(Some(client::call::<ops::SendTestMessage>(Call::body(request)).await));
            sending.set(false);
        });
    };
    view! {
        <div class="preview">
            <div class="row-buttons">
                <button type="button" on:click=move |_| preview.run() disabled=move || preview.running.get()>"Preview message"</button>
                <button type="button" on:click=send disabled=move || sending.get()>"Send test message"</button>
            </div>
            <p role="status" class="status-line">
                {move || match outcome.get() {
                    Some(Ok(r)) => r.message,
                    Some(Err(e)) => e.message(),
                    None => String::new(),
                }}
            </p>
            {move || preview.result.get().and_then(Result::ok).and_then(|r| r.triggers.get(trigger).and_then(|t| t.actions.get(action).cloned())).map(|a| {
                let id = format!("message-preview-{trigger}-{action}");
                view! {
                    <div class="message-preview">
                        <p class="label" id=format!("{id}-label")>"Message preview"</p>
                        <pre id=id.clone() class="rendered" role="region" aria-labelledby=format!("{id}-label")>{if a.subject.is_empty() { String::new() } else { format!("{}\n\n", a.subject) }}{a.message.clone()}</pre>
                        {a.error.map(|e| view! { <p class="error" role="alert">{e}</p> })}
                    </div>
                }
            })}
        </div>
    }
}
