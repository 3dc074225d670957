//! The monitors list (`/monitors`): every monitor on the cluster with its state, type,
//! latest alert and alert counts; search, state filter, sort, paging; bulk Acknowledge,
//! Enable, Disable and Delete with confirmation. Each row links to its draft where there is
//! one. Refreshes itself while open (one monitor search + one alerts aggregation).

use std::collections::BTreeSet;

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::{Live, LiveSection, Pager, live, type_label, use_poll, when};
use crate::{
    api::{BulkAction, BulkMonitorRequest, BulkResult, Call, MonitorList, MonitorListQuery, MonitorSort, MonitorSummary, ops},
    client,
    components::modal::ConfirmDialog,
    labels::Label,
};

#[component]
pub fn MonitorsPage() -> impl IntoView {
    let query = use_query_map();
    let poll = use_poll();
    let search = RwSignal::new(String::new());
    let state = RwSignal::new("all".to_owned());
    let sort = RwSignal::new(MonitorSort::Name);
    let descending = RwSignal::new(true);
    let offset = RwSignal::new(0u64);
    let limit = RwSignal::new(20u64);
    let reload = RwSignal::new(0u32);
    let selected = RwSignal::new(BTreeSet::<String>::new());
    let pending = RwSignal::new(None::<BulkAction>);
    let message = RwSignal::new(query.with_untracked(|q| q.get("deleted")).map(|_| "Monitor deleted successfully.".to_owned()));
    let query = move || MonitorListQuery {
        search: search.get(),
        state: Some(state.get()),
        sort: Some(sort.get()),
        order: Some(if descending.get() { "desc" } else { "asc" }.to_owned()),
        limit: Some(limit.get()),
        offset: Some(offset.get()),
    };
    let monitors: Live<MonitorList> =
        live(move || (query(), poll.get(), reload.get()), |(query, ..)| client::call::<ops::ListMonitors>(Call::query(query)));
    let run = Callback::new(move |_| {
        let Some(action) = pending.get_untracked() else { return };
        let ids: Vec<String> = selected.get_untracked().into_iter().collect();
        pending.set(None);
        leptos::task::spawn_local(async move {
            match client::call::<ops::BulkMonitors>(Call::body(BulkMonitorRequest { action, ids })).await {
                Ok(result) => {
                    let failed: Vec<String> = result.outcomes.iter().filter(|o| !o.ok).map(|o| format!("{}: {}", o.id, o.message)).collect();
                    let done = result.outcomes.len() - failed.len();
                    message.set(Some(if failed.is_empty() {
                        bulk_done(action, done, &result)
                    } else {
                        format!("{done} done, {} failed. {}", failed.len(), failed.join(" "))
                    }));
                    selected.set(BTreeSet::new());
                }
                Err(e) => message.set(Some(e.message())),
            }
            reload.update(|n| *n += 1);
        });
    });
    let total = Signal::derive(move || monitors.data.with(|d| d.as_ref().map_or(0, |l| l.total)));
    let bulk_button = move |action: BulkAction, label: &'static str| {
        view! {
            <button type="button" class=if action == BulkAction::Delete { "danger" } else { "" }
                disabled=move || selected.with(BTreeSet::is_empty) on:click=move |_| pending.set(Some(action))>{label}</button>
        }
    };
    view! {
        <div class="page">
            <header class="page-header">
                <h1>"Monitors"</h1>
                <div class="row-buttons">
                    {bulk_button(BulkAction::Acknowledge, "Acknowledge")}
                    {bulk_button(BulkAction::Enable, "Enable")}
                    {bulk_button(BulkAction::Disable, "Disable")}
                    {bulk_button(BulkAction::Delete, "Delete")}
                    <a class="button primary" href="/create-monitor">"Create monitor"</a>
                </div>
            </header>
            <p class="status-line" role="status" aria-live="polite">{move || message.get()}</p>
            <div class="row filters">
                <div class="field">
                    <label for="monitor-search">"Search"</label>
                    <input id="monitor-search" type="search" placeholder="Monitor name" prop:value=move || search.get()
                        on:input=move |ev| { search.set(event_target_value(&ev)); offset.set(0); }/>
                </div>
                <div class="field">
                    <label for="monitor-state">"State"</label>
                    <select id="monitor-state" prop:value=move || state.get() on:change=move |ev| { state.set(event_target_value(&ev)); offset.set(0); }>
                        <option value="all">"All states"</option>
                        <option value="enabled">"Enabled"</option>
                        <option value="disabled">"Disabled"</option>
                    </select>
                </div>
            </div>
            <LiveSection live=monitors loading="Loading monitors…" empty="There are no existing monitors that match. Create a monitor, or publish one of your drafts."
                is_empty=|list: &MonitorList| list.monitors.is_empty() show=move |list| view! { <MonitorTable list selected sort descending offset/> }.into_any()>
                <Pager label="Monitors pages" total offset limit/>
            </LiveSection>
            {move || pending.get().map(|action| {
                let n = selected.with(BTreeSet::len);
                let (title, body, label) = confirm_text(action, n);
                view! { <ConfirmDialog title body confirm_label=label on_confirm=run on_cancel=Callback::new(move |_| pending.set(None))/> }
            })}
        </div>
    }
    .into_any()
}

fn confirm_text(action: BulkAction, n: usize) -> (String, String, String) {
    match action {
        BulkAction::Delete => (format!("Delete {n} monitor(s)?"), "This action cannot be undone. Their drafts, if any, are kept.".into(), "Delete".into()),
        BulkAction::Disable => (format!("Disable {n} monitor(s)?"), "They stop running and raise no new alerts until enabled again.".into(), "Disable".into()),
        BulkAction::Enable => (format!("Enable {n} monitor(s)?"), "They run on their schedules again.".into(), "Enable".into()),
        BulkAction::Acknowledge => (
            format!("Acknowledge the active alerts of {n} monitor(s)?"),
            "Every active alert of the selected monitors is acknowledged: their actions stop notifying until the alerts end.".into(),
            "Acknowledge".into(),
        ),
    }
}

fn bulk_done(action: BulkAction, n: usize, result: &BulkResult) -> String {
    match action {
        BulkAction::Delete => format!("{n} monitor(s) deleted."),
        BulkAction::Disable => format!("{n} monitor(s) disabled."),
        BulkAction::Enable => format!("{n} monitor(s) enabled."),
        BulkAction::Acknowledge => result.outcomes.iter().map(|o| o.message.clone()).collect::<Vec<_>>().join(" "),
    }
}

#[component]
fn MonitorTable(list: MonitorList, selected: RwSignal<BTreeSet<String>>, sort: RwSignal<MonitorSort>, descending: RwSignal<bool>, offset: RwSignal<u64>) -> impl IntoView {
    let ids: Vec<String> = list.monitors.iter().map(|m| m.id.clone()).collect();
    let all_ids = ids.clone();
    let all_selected = move || !ids.is_empty() && selected.with(|s| ids.iter().all(|id| s.contains(id)));
    let header = move |column: MonitorSort| {
        let aria = move || match (sort.get() == column, descending.get()) {
            (false, _) => "none",
            (true, true) => "descending",
            (true, false) => "ascending",
        };
        view! {
            <th scope="col" aria-sort=aria>
                <button type="button" class="link" on:click=move |_| {
                    if sort.get_untracked() == column { descending.update(|d| *d = !*d) } else { sort.set(column); descending.set(true) }
                    offset.set(0);
                }>{column.label()}</button>
            </th>
        }
    };
    view! {
        <table class="table">
            <caption>{format!("{} monitor(s)", list.total)}</caption>
            <thead><tr>
                <th scope="col"><input type="checkbox" aria-label="Select all monitors on this page" prop:checked=all_selected
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        selected.update(|s| for id in &all_ids { if on { s.insert(id.clone()); } else { s.remove(id); } });
                    }/></th>
                {header(MonitorSort::Name)}
                {header(MonitorSort::State)}
                {header(MonitorSort::Type)}
                {header(MonitorSort::LatestAlert)}
                {header(MonitorSort::LastNotification)}
                {header(MonitorSort::Active)}
                {header(MonitorSort::Acknowledged)}
                {header(MonitorSort::Errors)}
                {header(MonitorSort::Ignored)}
                <th scope="col">"Draft"</th>
            </tr></thead>
            <tbody>{list.monitors.into_iter().map(|m| monitor_row(m, selected)).collect_view()}</tbody>
        </table>
    }
    .into_any()
}

fn monitor_row(m: MonitorSummary, selected: RwSignal<BTreeSet<String>>) -> impl IntoView {
    let (id, check) = (m.id.clone(), m.id.clone());
    view! {
        <tr>
            <td><input type="checkbox" aria-label=format!("Select {}", m.name)
                prop:checked=move || selected.with(|s| s.contains(&check))
                on:change=move |ev| { let on = event_target_checked(&ev); selected.update(|s| { if on { s.insert(id.clone()); } else { s.remove(&id); } }); }/></td>
            <td><a href=format!("/monitors/{}", m.id)>{m.name.clone()}</a></td>
            <td><span class=if m.enabled { "badge state-published" } else { "badge" }>{if m.enabled { "Enabled" } else { "Disabled" }}</span></td>
            <td>{type_label(&m.monitor_type)}</td>
            <td>{m.latest_alert.clone().unwrap_or_else(|| "\u{2014}".into())}</td>
            <td>{when(&m.last_notification_time)}</td>
            <td>{m.active}</td>
            <td>{m.acknowledged}</td>
            <td>{m.errors}</td>
            <td>{m.ignored}</td>
            <td>{match m.draft_id {
                Some(d) => view! { <a href=format!("/drafts/{d}")>"Open draft"</a> }.into_any(),
                None => view! { <span class="muted">"\u{2014}"</span> }.into_any(),
            }}</td>
        </tr>
    }
    .into_any()
}
