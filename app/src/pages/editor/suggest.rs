//! Suggestions from the cluster for the data pickers: indices, aliases and data streams for
//! "Index" (typeahead), and the mapped fields, by type, for "Time field", metrics, filters
//! and group-by. Without a cluster the lists stay empty and free text still works.

use leptos::prelude::*;

use crate::components::browser_only::browser_only;

use super::state::use_editor;
use crate::{
    api::{Call, FieldInfo, FieldsQuery, IndexQuery, ops},
    client,
    model::FieldType,
};

/// The fields of the selected indices, shared by the pickers.
#[derive(Clone, Copy)]
pub struct FieldsCtx {
    pub fields: Signal<Vec<FieldInfo>>,
    /// What the person is typing in "Index" (the last comma-separated entry).
    pub index_typing: RwSignal<String>,
}

impl FieldsCtx {
    /// The picker type of a mapped field, when the mapping knows it.
    pub fn type_of(&self, path: &str) -> Option<FieldType> {
        self.fields.with_untracked(|fields| {
            fields.iter().find(|f| f.path == path).map(|f| match f.field_type.as_str() {
                "number" => FieldType::Number,
                "text" => FieldType::Text,
                "boolean" => FieldType::Boolean,
                "date" => FieldType::Date,
                _ => FieldType::Keyword,
            })
        })
    }
}

pub fn provide_fields() -> FieldsCtx {
    let ctx = use_editor();
    let indices = Memo::new(move |_| ctx.draft.with(|d| d.indices.join(",")));
    let resource = browser_only(LocalResource::new(move || {
        let indices = indices.get();
        async move {
            if indices.is_empty() {
                return Vec::new();
            }
            client::call::<ops::ListFields>(Call::query(FieldsQuery { indices })).await.unwrap_or_default()
        }
    }));
    let fields = Signal::derive(move || resource.get().unwrap_or_default());
    let ctx = FieldsCtx { fields, index_typing: RwSignal::new(String::new()) };
    provide_context(ctx);
    ctx
}

pub fn use_fields() -> FieldsCtx {
    expect_context::<FieldsCtx>()
}

fn options(fields: &[FieldInfo], types: &[&str]) -> Vec<(String, String)> {
    fields.iter().filter(|f| types.contains(&f.field_type.as_str())).map(|f| (f.path.clone(), f.field_type.clone())).collect()
}

/// The datalists every picker refers to by id.
#[component]
pub fn FieldLists() -> impl IntoView {
    let fields = use_fields();
    let list = move |id: &'static str, types: &'static [&'static str]| {
        view! {
            <datalist id=id>
                {move || fields.fields.with(|f| options(f, types)).into_iter().map(|(v, t)| view! { <option value=v>{t}</option> }).collect_view()}
            </datalist>
        }
    };
    view! {
        {list("time-field-options", &["date"])}
        {list("number-field-options", &["number"])}
        {list("keyword-field-options", &["keyword"])}
        {list("filter-field-options", &["number", "text", "keyword", "boolean"])}
    }
}

/// Index typeahead: the entries already typed stay, the last one is completed.
#[component]
pub fn IndexSuggestions() -> impl IntoView {
    let fields = use_fields();
    let suggestions = browser_only(LocalResource::new(move || {
        let typed = fields.index_typing.get();
        async move {
            let last = typed.rsplit(',').next().unwrap_or_default().trim().to_owned();
            if last.is_empty() {
                return (typed, Vec::new());
            }
            let found = client::call::<ops::SuggestIndices>(Call::query(IndexQuery { pattern: last.clone() })).await.unwrap_or_default();
            (typed, found)
        }
    }));
    view! {
        <datalist id="index-suggestions">
            {move || suggestions.get().map(|(typed, found)| {
                let prefix = match typed.rfind(',') {
                    Some(i) => format!("{}, ", typed[..i].trim_end()),
                    None => String::new(),
                };
                found.into_iter().map(|s| {
                    let label = match (&s.kind[..], &s.health) {
                        ("alias", _) => format!("alias of {}", s.targets.join(", ")),
                        ("data_stream", _) => "data stream".to_owned(),
                        (_, Some(h)) => format!("index, {h}"),
                        _ => "index".to_owned(),
                    };
                    view! { <option value=format!("{prefix}{}", s.name)>{label}</option> }
                }).collect_view()
            })}
        </datalist>
    }
}
