//! The per document parts of the form: "Queries" row by row (name, field, operator, value,
//! tags) in the visual editor, and a trigger's conditions over those queries' names and
//! tags.

use leptos::prelude::*;

use super::{inputs::*, state::use_editor};
use crate::model::{
    AndOr, DocConditionDraft, DocQueryDraft, FilterOperator, MonitorDraft, document, limits,
};

fn query_mut(d: &mut MonitorDraft, i: usize) -> Option<&mut DocQueryDraft> {
    d.doc_queries.get_mut(i)
}

fn query(d: &MonitorDraft, i: usize) -> Option<&DocQueryDraft> {
    d.doc_queries.get(i)
}

/// "Queries": up to ten, each a row.
#[component]
pub fn DocQueries() -> impl IntoView {
    let ctx = use_editor();
    let count = Memo::new(move |_| ctx.draft.with(|d| d.doc_queries.len()));
    let error = ctx.error("doc_queries".into());
    let add = move |_: leptos::ev::MouseEvent| {
        ctx.edit(|d| {
            let n = d.doc_queries.len() + 1;
            d.doc_queries.push(DocQueryDraft { name: format!("query{n}"), ..DocQueryDraft::default() });
        })
    };
    view! {
        <fieldset class="group">
            <legend>"Queries"</legend>
            <Show when=move || count.get() == 0>
                <p class="muted">"You must define at least one query."</p>
            </Show>
            {move || (0..count.get()).map(|i| view! { <DocQueryRow index=i/> }).collect_view()}
            <p class="error" role="alert">{move || error.get()}</p>
            <button type="button" disabled=move || { count.get() >= limits::MAX_DOC_QUERIES } on:click=add>
                {move || if count.get() == 0 { "Add query" } else { "Add another query" }}
            </button>
            <p class="help">{format!(
                "You can add up to {} queries. Each runs over every new document of the indices; a match is a finding.",
                limits::MAX_DOC_QUERIES
            )}</p>
        </fieldset>
    }
}

fn operator_options() -> Vec<(String, String)> {
    document::OPERATORS.iter().map(|o| (o.api_name().to_owned(), o.label().to_owned())).collect()
}

#[component]
fn DocQueryRow(index: usize) -> impl IntoView {
    let ctx = use_editor();
    let i = index;
    let p = move |s: &str| format!("doc_queries[{i}].{s}");
    view! {
        <div class="filter-row" role="group" aria-label=format!("Query {}", i + 1)>
            <div class="row">
                <DraftText label="Query name" path=p("name") placeholder="Enter a name for the query"
                    get=move |d| query(d, i).map(|q| q.name.clone()).unwrap_or_default()
                    set=move |d, v| if let Some(q) = query_mut(d, i) { q.name = v.trim().to_owned() }/>
                <DraftText label="Field" path=p("field") placeholder="Enter the field to query" list="filter-field-options"
                    get=move |d| query(d, i).map(|q| q.field.clone()).unwrap_or_default()
                    set=move |d, v| if let Some(q) = query_mut(d, i) { q.field = v.trim().to_owned() }/>
                <DraftSelect label="Operator" path=p("operator") options=operator_options()
                    get=move |d| query(d, i).map(|q| q.operator.api_name().to_owned()).unwrap_or_default()
                    set=move |d, v| if let (Some(q), Some(op)) = (query_mut(d, i), FilterOperator::parse(&v)) { q.operator = op }/>
                <DraftText label="Value" path=p("value") placeholder="Enter the search term"
                    get=move |d| query(d, i).map(|q| q.value.clone()).unwrap_or_default()
                    set=move |d, v| if let Some(q) = query_mut(d, i) { q.value = v }/>
            </div>
            <DraftText label="Tags" path=p("tags") placeholder="sev1, auth" on_change_only=true
                help=format!("Tags to associate with your queries; separate them with commas (up to {}).", limits::MAX_DOC_TAGS)
                get=move |d| query(d, i).map(|q| q.tags.join(", ")).unwrap_or_default()
                set=move |d, v| if let Some(q) = query_mut(d, i) { q.tags = document::split_tags(&v) }/>
            <p class="help">{move || ctx.draft.with(|d| query(d, i).map(|q| format!("Query: {}", q.query_string())).unwrap_or_default())}</p>
            <button type="button" class="link" on:click=move |_| ctx.edit(|d| { if i < d.doc_queries.len() { d.doc_queries.remove(i); } })>
                {format!("Remove query {}", i + 1)}
            </button>
        </div>
    }
}

fn condition_mut(d: &mut MonitorDraft, i: usize, k: usize) -> Option<&mut DocConditionDraft> {
    d.triggers.get_mut(i).and_then(|t| t.doc_conditions.get_mut(k))
}

fn condition(d: &MonitorDraft, i: usize, k: usize) -> Option<&DocConditionDraft> {
    d.triggers.get(i).and_then(|t| t.doc_conditions.get(k))
}

/// "Trigger conditions" of per document trigger `index`: rows of AND/OR and a query or tag.
#[component]
pub fn DocConditionRows(index: usize) -> impl IntoView {
    let ctx = use_editor();
    let i = index;
    let count = Memo::new(move |_| ctx.draft.with(|d| d.triggers.get(i).map_or(0, |t| t.doc_conditions.len())));
    let error = ctx.error(format!("triggers[{i}].doc_conditions"));
    let add = move |_: leptos::ev::MouseEvent| {
        ctx.edit(|d| {
            let first = document::condition_choices(&d.doc_queries).into_iter().next();
            if let Some(t) = d.triggers.get_mut(i) {
                let mut c = DocConditionDraft::default();
                if let Some((choice, _)) = first {
                    c.set_choice(&choice);
                }
                t.doc_conditions.push(c);
            }
        })
    };
    view! {
        <fieldset class="group">
            <legend>"Trigger conditions"</legend>
            {move || (0..count.get()).map(|k| view! { <DocConditionRow trigger=i index=k/> }).collect_view()}
            <p class="error" role="alert">{move || error.get()}</p>
            <button type="button" disabled=move || { count.get() >= limits::MAX_DOC_CONDITIONS } on:click=add>"Add condition"</button>
            <p class="help">{move || ctx.draft.with(|d| {
                let script = d.triggers.get(i).map(|t| document::script(&t.doc_conditions)).unwrap_or_default();
                format!("A document triggers when it matches: {script}. AND and OR bind equally and are read left to right.")
            })}</p>
        </fieldset>
    }
}

#[component]
fn DocConditionRow(trigger: usize, index: usize) -> impl IntoView {
    let ctx = use_editor();
    let (i, k) = (trigger, index);
    let p = move |s: &str| format!("triggers[{i}].doc_conditions[{k}].{s}");
    // The current choice stays listed (as "not found") when its query or tag is gone.
    let choices = Memo::new(move |_| {
        ctx.draft.with(|d| {
            let mut out = document::condition_choices(&d.doc_queries);
            if let Some(c) = condition(d, i, k).filter(|c| !out.iter().any(|(v, _)| *v == c.choice())) {
                out.insert(0, (c.choice(), format!("{} (not found)", c.value)));
            }
            out
        })
    });
    view! {
        <div class="row" role="group" aria-label=format!("Condition {}", k + 1)>
            {(k > 0).then(|| view! {
                <DraftSelect label="AND/OR" path=p("and_or")
                    options=AndOr::ALL.iter().map(|a| (a.label().to_owned(), a.label().to_owned())).collect()
                    get=move |d| condition(d, i, k).map(|c| c.and_or.label().to_owned()).unwrap_or_default()
                    set=move |d, v| if let (Some(c), Ok(a)) = (condition_mut(d, i, k), v.parse()) { c.and_or = a }/>
            })}
            {move || view! {
                <DraftSelect label="Query or tag" path=p("value") options=choices.get()
                    get=move |d| condition(d, i, k).map(DocConditionDraft::choice).unwrap_or_default()
                    set=move |d, v| if let Some(c) = condition_mut(d, i, k) { c.set_choice(&v) }/>
            }}
            <button type="button" class="link"
                on:click=move |_| ctx.edit(|d| if let Some(t) = d.triggers.get_mut(i) { if k < t.doc_conditions.len() { t.doc_conditions.remove(k); } })>
                {format!("Remove condition {}", k + 1)}
            </button>
        </div>
    }
}
