//! "Triggers" and, inside each, "Actions": name, severity, condition, and the notifications
//! it sends.

use leptos::prelude::*;

use super::{inputs::*, state::use_editor};
use crate::components::channel_options::{ChannelChoices, id_for, name_for};
use crate::model::{ActionDraft, DefiningMethod, MonitorDraft, MonitorType, ThresholdEnum, TriggerDraft, limits};

fn severity_options() -> Vec<(String, String)> {
    (1..=5u8)
        .map(|s| {
            let label = match s {
                1 => "1 (Highest)".to_owned(),
                5 => "5 (Lowest)".to_owned(),
                n => n.to_string(),
            };
            (s.to_string(), label)
        })
        .collect()
}

fn trigger_mut(d: &mut MonitorDraft, i: usize) -> Option<&mut TriggerDraft> {
    d.triggers.get_mut(i)
}

fn action_mut(d: &mut MonitorDraft, i: usize, j: usize) -> Option<&mut ActionDraft> {
    d.triggers.get_mut(i).and_then(|t| t.actions.get_mut(j))
}

#[component]
pub fn Triggers() -> impl IntoView {
    let ctx = use_editor();
    let count = Memo::new(move |_| ctx.draft.with(|d| d.triggers.len()));
    let error = ctx.error("triggers".into());
    let add = move |_: leptos::ev::MouseEvent| {
        ctx.edit(|d| {
            let t = d.new_trigger();
            d.triggers.push(t);
        })
    };
    view! {
        <section class="panel" id="triggers" aria-labelledby="triggers-title">
            <h2 id="triggers-title">{move || format!("Triggers ({})", count.get())}</h2>
            <Show when=move || count.get() == 0>
                <div class="empty">
                    <p><strong>"No triggers"</strong></p>
                    <p>"Add a trigger to define conditions and actions."</p>
                </div>
            </Show>
            {move || (0..count.get()).map(|i| view! { <TriggerEditor index=i/> }).collect_view()}
            <p class="error" role="alert">{move || error.get()}</p>
            <button type="button" disabled=move || { count.get() >= limits::MAX_TRIGGERS } on:click=add>
                {move || if count.get() == 0 { "Add trigger" } else { "Add another trigger" }}
            </button>
            <p class="help">{format!("You can add up to {} triggers.", limits::MAX_TRIGGERS)}</p>
        </section>
    }
}

#[component]
fn TriggerEditor(index: usize) -> impl IntoView {
    let ctx = use_editor();
    let i = index;
    let visual = Memo::new(move |_| ctx.draft.with(|d| d.defining_method == DefiningMethod::Visual));
    let per_bucket = Memo::new(move |_| ctx.draft.with(|d| d.monitor_type == MonitorType::BucketLevel));
    let per_document = Memo::new(move |_| ctx.draft.with(|d| d.monitor_type == MonitorType::DocLevel));
    let chain = Memo::new(move |_| ctx.draft.with(|d| d.monitor_type == MonitorType::Composite));
    let editable = Memo::new(move |_| ctx.draft.with(|d| d.triggers.get(i).is_some_and(|t| t.raw.is_none())));
    let action_count = Memo::new(move |_| ctx.draft.with(|d| d.triggers.get(i).map_or(0, |t| t.actions.len())));
    let title = Memo::new(move |_| ctx.draft.with(|d| d.triggers.get(i).map(|t| t.name.clone()).unwrap_or_default()));
    let p = move |s: &str| format!("triggers[{i}].{s}");
    let add_action = move |_: leptos::ev::MouseEvent| {
        ctx.edit(|d| {
            if let Some(action) = d.triggers.get(i).map(|t| d.new_action(t)) {
                d.triggers[i].actions.push(action);
            }
        })
    };
    view! {
        <fieldset class="trigger">
            <legend>{move || format!("Trigger {}: {}", i + 1, title.get())}</legend>
            <DraftText label="Trigger name" path=p("name")
                get=move |d| d.triggers.get(i).map(|t| t.name.clone()).unwrap_or_default()
                set=move |d, v| if let Some(t) = trigger_mut(d, i) { t.name = v }/>
            <DraftSelect label="Severity level" path=p("severity") options=severity_options()
                get=move |d| d.triggers.get(i).map(|t| t.severity.to_string()).unwrap_or_default()
                set=move |d, v| if let Some(t) = trigger_mut(d, i) { t.severity = v.parse().unwrap_or(1) }/>
            {move || match (editable.get(), visual.get()) {
                (false, _) => view! { <p class="callout">"This trigger kind is kept as JSON and published unchanged."</p> }.into_any(),
                (true, _) if per_bucket.get() => view! { <super::bucket_trigger::BucketCondition index=i/> }.into_any(),
                (true, true) if per_document.get() => view! { <super::doc_queries::DocConditionRows index=i/> }.into_any(),
                (true, true) if chain.get() => view! { <super::composite::ChainConditionRows index=i/> }.into_any(),
                (true, false) if per_document.get() || chain.get() => {
                    let over = if chain.get() { "the delegates' alerts in a run: monitor[id=…]" } else { "the queries: query[name=…] and query[tag=…]" };
                    view! {
                        <DraftText label="Trigger condition" path=p("script") rows=3
                            help=format!("An expression over {over}, joined with && and ||, negated with !, grouped with parentheses.")
                            get=move |d| d.triggers.get(i).map(|t| t.script.clone()).unwrap_or_default()
                            set=move |d, v| if let Some(t) = trigger_mut(d, i) { t.script = v }/>
                    }
                    .into_any()
                }
                (true, true) => view! {
                    <div class="row">
                        <DraftSelect label="Trigger condition" path=p("threshold_enum")
                            options=ThresholdEnum::ALL.iter().map(|&t| (<&str>::from(t).to_owned(), t.label().to_owned())).collect()
                            get=move |d| d.triggers.get(i).map(|t| <&str>::from(t.threshold_enum).to_owned()).unwrap_or_default()
                            set=move |d, v| if let (Some(t), Some(e)) = (trigger_mut(d, i), ThresholdEnum::from_name(&v)) { t.threshold_enum = e }/>
                        <DraftNumber label="Threshold value" path=p("threshold_value")
                            get=move |d| d.triggers.get(i).map(|t| t.threshold_value).unwrap_or_default()
                            set=move |d, v| if let Some(t) = trigger_mut(d, i) { t.threshold_value = v }/>
                    </div>
                }
                .into_any(),
                (true, false) => view! {
                    <DraftText label="Trigger condition" path=p("script") rows=4
                        help="A Painless script that returns true when the trigger should fire; ctx.results[0] is the query response."
                        get=move |d| d.triggers.get(i).map(|t| t.script.clone()).unwrap_or_default()
                        set=move |d, v| if let Some(t) = trigger_mut(d, i) { t.script = v }/>
                }
                .into_any(),
            }}
            <Show when=move || !chain.get()>
                <super::preview::TriggerPreviewPanel index=i/>
            </Show>
            <h3>{move || format!("Actions ({})", action_count.get())}</h3>
            {move || (0..action_count.get()).map(|j| view! { <ActionEditor trigger=i index=j/> }).collect_view()}
            <div class="row-buttons">
                <button type="button" on:click=add_action>"Add action"</button>
                <button type="button" class="danger" on:click=move |_| ctx.edit(|d| { if i < d.triggers.len() { d.triggers.remove(i); } })>
                    "Remove trigger"
                </button>
            </div>
        </fieldset>
    }
}

#[component]
fn ActionEditor(trigger: usize, index: usize) -> impl IntoView {
    let ctx = use_editor();
    let (i, j) = (trigger, index);
    let scoped = Memo::new(move |_| ctx.draft.with(|d| d.monitor_type.has_action_scope()));
    // Throttling applies to query monitors and to bucket actions that run per alert.
    let can_throttle = Memo::new(move |_| {
        ctx.draft.with(|d| d.triggers.get(i).and_then(|t| t.actions.get(j)).is_some_and(|a| d.monitor_type.can_throttle(&a.scope)))
    });
    let throttled = Memo::new(move |_| can_throttle.get() && ctx.draft.with(|d| d.triggers.get(i).and_then(|t| t.actions.get(j)).is_some_and(|a| a.throttle_enabled)));
    let p = move |s: &str| format!("triggers[{i}].actions[{j}].{s}");
    let channels = expect_context::<ChannelChoices>();
    view! {
        <div class="action" role="group" aria-label=format!("Action {} of trigger {}", j + 1, i + 1)>
            <DraftText label="Action name" path=p("name")
                get=move |d| d.triggers.get(i).and_then(|t| t.actions.get(j)).map(|a| a.name.clone()).unwrap_or_default()
                set=move |d, v| if let Some(a) = action_mut(d, i, j) { a.name = v }/>
            <DraftText label="Channel" path=p("destination_id") list="channel-list" placeholder="Select channel to notify"
                help="Choose a channel of your team by name (type to filter the list)."
                get=move |d| {
                    let id = d.triggers.get(i).and_then(|t| t.actions.get(j)).map(|a| a.destination_id.clone()).unwrap_or_default();
                    channels.list.with(|l| l.as_deref().map_or_else(|| id.clone(), |l| name_for(l, &id)))
                }
                set=move |d, v| if let Some(a) = action_mut(d, i, j) {
                    a.destination_id = channels.list.with_untracked(|l| id_for(l.as_deref().unwrap_or_default(), &v));
                    // An unknown channel is said at once, not only when publishing.
                    let unknown = !a.destination_id.is_empty() && channels.list.with_untracked(|l| l.as_ref().is_some_and(|l| !l.iter().any(|c| c.id == a.destination_id)));
                    let path = p("destination_id");
                    ctx.server_errors.update(|e| { if unknown { e.insert(path, format!("No channel named {:?} in your team: choose one from the list, or refresh it.", v.trim())); } else { e.remove(&path); } });
                }/>
            <button type="button" class="link" on:click=move |_| channels.refresh()>"Refresh channels"</button>
            <DraftText label="Message subject" path=p("subject")
                get=move |d| d.triggers.get(i).and_then(|t| t.actions.get(j)).map(|a| a.subject.clone()).unwrap_or_default()
                set=move |d, v| if let Some(a) = action_mut(d, i, j) { a.subject = v }/>
            <DraftText label="Message" path=p("message") rows=7
                help="Mustache template: {{ctx.monitor.name}}, {{ctx.trigger.name}}, {{ctx.trigger.severity}}, {{ctx.periodStart}}, {{ctx.periodEnd}}, {{ctx.results.0.hits.total.value}}…"
                get=move |d| d.triggers.get(i).and_then(|t| t.actions.get(j)).map(|a| a.message.clone()).unwrap_or_default()
                set=move |d, v| if let Some(a) = action_mut(d, i, j) { a.message = v }/>
            <Show when=move || scoped.get()>
                <super::bucket_trigger::ActionScopeFields trigger=i index=j/>
            </Show>
            <Show when=move || can_throttle.get()>
                <DraftCheckbox label="Enable action throttling" path=p("throttle_enabled")
                    get=move |d| d.triggers.get(i).and_then(|t| t.actions.get(j)).is_some_and(|a| a.throttle_enabled)
                    set=move |d, v| if let Some(a) = action_mut(d, i, j) { a.throttle_enabled = v }/>
            </Show>
            <Show when=move || throttled.get()>
                <DraftNumber label="Throttle (minutes)" path=p("throttle_minutes") integer=true min=1.0 max=1440.0
                    get=move |d| d.triggers.get(i).and_then(|t| t.actions.get(j)).map(|a| f64::from(a.throttle_minutes)).unwrap_or(10.0)
                    set=move |d, v| if let Some(a) = action_mut(d, i, j) { a.throttle_minutes = v as u32 }/>
            </Show>
            // A composite draft cannot be dry-run (see the delegate panel's note).
            <Show when=move || ctx.draft.with(|d| d.monitor_type != MonitorType::Composite)>
                <super::preview::ActionPreviewPanel trigger=i action=j/>
            </Show>
            <button type="button" class="link danger" on:click=move |_| ctx.edit(|d| if let Some(t) = trigger_mut(d, i) { if j < t.actions.len() { t.actions.remove(j); } })>
                {format!("Remove action {}", j + 1)}
            </button>
        </div>
    }
}
