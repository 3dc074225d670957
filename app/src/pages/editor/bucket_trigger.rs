//! The per bucket parts of a trigger: "Trigger conditions" row by row and the keyword
//! filter (visual editor) or the bucket selector (extraction editor), and how each action
//! runs ("Perform action", "Actionable alerts").

use leptos::prelude::*;

use super::{inputs::*, state::use_editor};
use crate::model::{
    ActionDraft, ActionScope, ActionableAlert, AndOr, BucketConditionDraft, DefiningMethod, KeywordFilter, KeywordOperator,
    MonitorDraft, ThresholdEnum, TriggerDraft, bucket, limits,
};

fn trigger_mut(d: &mut MonitorDraft, i: usize) -> Option<&mut TriggerDraft> {
    d.triggers.get_mut(i)
}

fn condition_mut(d: &mut MonitorDraft, i: usize, k: usize) -> Option<&mut BucketConditionDraft> {
    d.triggers.get_mut(i).and_then(|t| t.conditions.get_mut(k))
}

fn condition(d: &MonitorDraft, i: usize, k: usize) -> Option<&BucketConditionDraft> {
    d.triggers.get(i).and_then(|t| t.conditions.get(k))
}

/// The condition of bucket trigger `index`, in the editor the draft uses.
#[component]
pub fn BucketCondition(index: usize) -> impl IntoView {
    let ctx = use_editor();
    let i = index;
    let visual = Memo::new(move |_| ctx.draft.with(|d| d.defining_method == DefiningMethod::Visual));
    move || {
        if visual.get() {
            view! { <ConditionRows index=i/> <KeywordFilterFields index=i/> }.into_any()
        } else {
            view! {
                <DraftText label="Trigger condition" path=format!("triggers[{i}].bucket_selector") rows=10
                    help="A bucket selector: buckets_path names the values the script reads as params (_count is the document count), parent_bucket_path the composite aggregation."
                    get=move |d| d.triggers.get(i).map(|t| t.bucket_selector.clone()).unwrap_or_default()
                    set=move |d, v| if let Some(t) = trigger_mut(d, i) { t.bucket_selector = v }/>
            }
            .into_any()
        }
    }
}

#[component]
fn ConditionRows(index: usize) -> impl IntoView {
    let ctx = use_editor();
    let i = index;
    let count = Memo::new(move |_| ctx.draft.with(|d| d.triggers.get(i).map_or(0, |t| t.conditions.len())));
    let error = ctx.error(format!("triggers[{i}].conditions"));
    view! {
        <fieldset class="group">
            <legend>"Trigger conditions"</legend>
            {move || (0..count.get()).map(|k| view! { <ConditionRow trigger=i index=k/> }).collect_view()}
            <p class="error" role="alert">{move || error.get()}</p>
            <button type="button" disabled=move || { count.get() >= limits::MAX_BUCKET_CONDITIONS }
                on:click=move |_| ctx.edit(|d| if let Some(t) = trigger_mut(d, i) { t.conditions.push(BucketConditionDraft::default()) })>
                "Add condition"
            </button>
            <p class="help">{format!("You can add up to {} conditions. A bucket triggers when they hold; AND binds before OR.", limits::MAX_BUCKET_CONDITIONS)}</p>
        </fieldset>
    }
}

#[component]
fn ConditionRow(trigger: usize, index: usize) -> impl IntoView {
    let ctx = use_editor();
    let (i, k) = (trigger, index);
    let p = move |s: &str| format!("triggers[{i}].conditions[{k}].{s}");
    let choices = Memo::new(move |_| ctx.draft.with(|d| bucket::metric_choices(&d.visual)));
    view! {
        <div class="row" role="group" aria-label=format!("Condition {}", k + 1)>
            {(k > 0).then(|| view! {
                <DraftSelect label="AND/OR" path=p("and_or")
                    options=AndOr::ALL.iter().map(|a| (a.label().to_owned(), a.label().to_owned())).collect()
                    get=move |d| condition(d, i, k).map(|c| c.and_or.label().to_owned()).unwrap_or_default()
                    set=move |d, v| if let (Some(c), Ok(a)) = (condition_mut(d, i, k), v.parse()) { c.and_or = a }/>
            })}
            {move || view! {
                <DraftSelect label="Metric" path=p("metric") options=choices.get()
                    get=move |d| condition(d, i, k).map(|c| c.metric.clone()).unwrap_or_default()
                    set=move |d, v| if let Some(c) = condition_mut(d, i, k) { c.metric = v }/>
            }}
            <DraftSelect label="Threshold" path=p("threshold_enum")
                options=ThresholdEnum::ALL.iter().map(|&t| (<&str>::from(t).to_owned(), t.label().to_owned())).collect()
                get=move |d| condition(d, i, k).map(|c| <&str>::from(c.threshold_enum).to_owned()).unwrap_or_default()
                set=move |d, v| if let (Some(c), Some(e)) = (condition_mut(d, i, k), ThresholdEnum::from_name(&v)) { c.threshold_enum = e }/>
            <DraftNumber label="Value" path=p("threshold_value")
                get=move |d| condition(d, i, k).map(|c| c.threshold_value).unwrap_or_default()
                set=move |d, v| if let Some(c) = condition_mut(d, i, k) { c.threshold_value = v }/>
            <button type="button" class="link" on:click=move |_| ctx.edit(|d| if let Some(t) = trigger_mut(d, i) { if k < t.conditions.len() { t.conditions.remove(k); } })>
                {format!("Remove condition {}", k + 1)}
            </button>
        </div>
    }
}

#[component]
fn KeywordFilterFields(index: usize) -> impl IntoView {
    let ctx = use_editor();
    let i = index;
    let on = Memo::new(move |_| ctx.draft.with(|d| d.triggers.get(i).is_some_and(|t| t.keyword_filter.is_some())));
    let fields = Memo::new(move |_| ctx.draft.with(|d| d.visual.group_by.iter().filter(|g| !g.is_empty()).map(|g| (g.clone(), g.clone())).collect::<Vec<_>>()));
    let p = move |s: &str| format!("triggers[{i}].keyword_filter.{s}");
    let filter = move |d: &MonitorDraft| d.triggers.get(i).and_then(|t| t.keyword_filter.clone()).unwrap_or_default();
    view! {
        <DraftCheckbox label="Keyword filter" path=format!("triggers[{i}].keyword_filter")
            get=move |d| d.triggers.get(i).is_some_and(|t| t.keyword_filter.is_some())
            set=move |d, v| {
                let field = first_group_by(&d.visual.group_by);
                if let Some(t) = trigger_mut(d, i) {
                    t.keyword_filter = v.then(|| KeywordFilter { field, ..KeywordFilter::default() });
                }
            }/>
        <Show when=move || on.get()>
            <div class="row" role="group" aria-label="Keyword filter">
                {move || view! {
                    <DraftSelect label="Group by field" path=p("field") options=fields.get()
                        get=move |d| filter(d).field set=move |d, v| if let Some(f) = filter_mut(d, i) { f.field = v }/>
                }}
                <DraftSelect label="Operator" path=p("operator")
                    options=KeywordOperator::ALL.iter().map(|o| (o.api_name().to_owned(), o.label().to_owned())).collect()
                    get=move |d| filter(d).operator.api_name().to_owned()
                    set=move |d, v| if let (Some(f), Ok(o)) = (filter_mut(d, i), v.parse()) { f.operator = o }/>
                <DraftText label="Value" path=p("value") placeholder="web-1"
                    help="A value of the field, or a regular expression."
                    get=move |d| filter(d).value set=move |d, v| if let Some(f) = filter_mut(d, i) { f.value = v }/>
            </div>
        </Show>
    }
}

fn filter_mut(d: &mut MonitorDraft, i: usize) -> Option<&mut KeywordFilter> {
    d.triggers.get_mut(i).and_then(|t| t.keyword_filter.as_mut())
}

fn first_group_by(group_by: &[String]) -> String {
    group_by.iter().find(|g| !g.is_empty()).cloned().unwrap_or_default()
}

fn action(d: &MonitorDraft, i: usize, j: usize) -> Option<&ActionDraft> {
    d.triggers.get(i).and_then(|t| t.actions.get(j))
}

fn action_mut(d: &mut MonitorDraft, i: usize, j: usize) -> Option<&mut ActionDraft> {
    d.triggers.get_mut(i).and_then(|t| t.actions.get_mut(j))
}

/// "Perform action" (Per execution / Per alert) and, per alert, "Actionable alerts".
#[component]
pub fn ActionScopeFields(trigger: usize, index: usize) -> impl IntoView {
    let ctx = use_editor();
    let (i, j) = (trigger, index);
    let per_alert = Memo::new(move |_| ctx.draft.with(|d| action(d, i, j).is_some_and(|a| a.scope.throttles())));
    let name = format!("perform-action-{i}-{j}");
    let error = ctx.error(format!("triggers[{i}].actions[{j}].actionable_alerts"));
    let radio = move |label: &'static str, alert: bool| {
        let checked = Memo::new(move |_| per_alert.get() == alert);
        view! {
            <label class="radio">
                <input type="radio" name=name.clone() checked=checked.get_untracked() prop:checked=checked
                    on:change=move |_| ctx.edit(|d| if let Some(a) = action_mut(d, i, j) {
                        a.scope = if alert { ActionScope::default() } else { ActionScope::PerExecution };
                    })/>
                {label}
            </label>
        }
    };
    view! {
        <fieldset class="group">
            <legend>"Perform action"</legend>
            {radio("Per execution", false)}
            {radio("Per alert", true)}
        </fieldset>
        <Show when=move || per_alert.get()>
            <fieldset class="group">
                <legend>"Actionable alerts"</legend>
                {ActionableAlert::ALL.into_iter().map(|kind| view! {
                    <DraftCheckbox label=kind.label() path=format!("triggers[{i}].actions[{j}].actionable_alerts.{}", kind.api_name())
                        get=move |d| matches!(action(d, i, j).map(|a| &a.scope), Some(ActionScope::PerAlert { actionable_alerts }) if actionable_alerts.contains(&kind))
                        set=move |d, on| if let Some(ActionScope::PerAlert { actionable_alerts }) = action_mut(d, i, j).map(|a| &mut a.scope) {
                            actionable_alerts.retain(|k| *k != kind);
                            if on {
                                actionable_alerts.push(kind);
                                actionable_alerts.sort_by_key(|k| ActionableAlert::ALL.iter().position(|x| x == k));
                            }
                        }/>
                }).collect_view()}
                <p class="error" role="alert">{move || error.get()}</p>
            </fieldset>
        </Show>
    }
}
