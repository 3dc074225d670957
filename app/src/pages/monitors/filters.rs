//! The alert filters shared by the alerts dashboard and every alerts table: search,
//! severity, state and paging, as signals, their query string, and their controls.

use leptos::prelude::*;

use super::{SEVERITY_FILTER, STATE_FILTER};
use crate::api::AlertQuery;

#[derive(Clone, Copy)]
pub struct AlertFilters {
    pub search: RwSignal<String>,
    pub severity: RwSignal<String>,
    pub state: RwSignal<String>,
    pub offset: RwSignal<u64>,
    pub limit: RwSignal<u64>,
}

impl AlertFilters {
    pub fn new() -> AlertFilters {
        AlertFilters {
            search: RwSignal::new(String::new()),
            severity: RwSignal::new("ALL".to_owned()),
            state: RwSignal::new("ALL".to_owned()),
            offset: RwSignal::new(0),
            limit: RwSignal::new(20),
        }
    }

    /// The filters as the API's query (tracked: a change refetches).
    pub fn query(&self) -> AlertQuery {
        AlertQuery {
            search: self.search.get(),
            severity: Some(self.severity.get()),
            state: Some(self.state.get()),
            limit: Some(self.limit.get()),
            offset: Some(self.offset.get()),
            ..Default::default()
        }
    }
}

/// "Search", "Severity" and "State", with ids unique under `id_prefix`. Any change goes
/// back to the first page.
#[component]
pub fn AlertFilterFields(filters: AlertFilters, #[prop(into)] id_prefix: String) -> impl IntoView {
    let AlertFilters { search, severity, state, offset, .. } = filters;
    let (search_id, severity_id, state_id) = (format!("{id_prefix}-search"), format!("{id_prefix}-severity"), format!("{id_prefix}-state"));
    view! {
        <div class="row filters">
            <div class="field">
                <label for=search_id.clone()>"Search"</label>
                <input id=search_id type="search" placeholder="Monitor or trigger name" prop:value=move || search.get()
                    on:input=move |ev| { search.set(event_target_value(&ev)); offset.set(0); }/>
            </div>
            <div class="field">
                <label for=severity_id.clone()>"Severity"</label>
                <select id=severity_id prop:value=move || severity.get() on:change=move |ev| { severity.set(event_target_value(&ev)); offset.set(0); }>
                    {SEVERITY_FILTER.iter().map(|(v, l)| view! { <option value=*v>{*l}</option> }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for=state_id.clone()>"State"</label>
                <select id=state_id prop:value=move || state.get() on:change=move |ev| { state.set(event_target_value(&ev)); offset.set(0); }>
                    {STATE_FILTER.iter().map(|(v, l)| view! { <option value=*v>{*l}</option> }).collect_view()}
                </select>
            </div>
        </div>
    }
}
