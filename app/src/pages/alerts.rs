//! The alerts dashboard (`/alerts`, "Alerts by triggers"): alerts of every monitor grouped
//! by trigger, with counts, filters, paging, a trigger's alert list, and Acknowledge for the
//! selected triggers. The cluster does the grouping (one aggregation per refresh), not the
//! browser over 10 000 alerts as in the Dashboards.

use std::collections::BTreeSet;

use leptos::prelude::*;

use super::monitors::{
    Live, LiveSection, Pager, alerts_table::AlertsTable,
    filters::{AlertFilterFields, AlertFilters},
    alerts_table::AlertSource,
    live, severity_label, use_poll, when,
};
use crate::{
    api::{AcknowledgeGroupsRequest, AlertGroup, EmbedGrant, AlertGroupList, Call, TriggerRef, ops},
    client,
    components::modal::ConfirmDialog,
};

/// A group's key: (monitor id, trigger id).
type Key = (String, String);

#[component]
pub fn AlertsPage() -> impl IntoView {
    let poll = use_poll();
    let filters = AlertFilters::new();
    let AlertFilters { offset, limit, .. } = filters;
    let reload = RwSignal::new(0u32);
    let selected = RwSignal::new(BTreeSet::<Key>::new());
    let open = RwSignal::new(None::<AlertGroup>);
    let confirming = RwSignal::new(false);
    let message = RwSignal::new(None::<String>);
    let groups: Live<AlertGroupList> =
        live(move || (filters.query(), poll.get(), reload.get()), |(query, ..)| client::call::<ops::ListAlertGroups>(Call::query(query)));
    let acknowledge = Callback::new(move |_| {
        confirming.set(false);
        let groups: Vec<TriggerRef> = selected.get_untracked().into_iter().map(|(monitor_id, trigger_id)| TriggerRef { monitor_id, trigger_id }).collect();
        leptos::task::spawn_local(async move {
            match client::call::<ops::AcknowledgeGroups>(Call::body(AcknowledgeGroupsRequest { groups })).await {
                Ok(r) if r.failed.is_empty() => message.set(Some(format!("Successfully acknowledged {} alert(s).", r.acknowledged.len()))),
                Ok(r) => message.set(Some(format!("Acknowledged {} alert(s); {} failed: {}", r.acknowledged.len(), r.failed.len(), r.failed[0].reason))),
                Err(e) => message.set(Some(e.message())),
            }
            selected.set(BTreeSet::new());
            reload.update(|n| *n += 1);
        });
    });
    let total = Signal::derive(move || groups.data.with(|d| d.as_ref().map_or(0, |l| l.total)));
    view! {
        <div class="page">
            <header class="page-header">
                <h1>"Alerts"</h1>
                {crate::pages::embed::may(EmbedGrant::Acknowledge).then(|| view! {
                <div class="row-buttons">
                    <button type="button" class="primary" disabled=move || selected.with(BTreeSet::is_empty) on:click=move |_| confirming.set(true)>
                        {move || match selected.with(BTreeSet::len) { 0 => "Acknowledge".to_owned(), n => format!("Acknowledge ({n})") }}
                    </button>
                </div>
                })}
            </header>
            <p class="muted">"Alerts by triggers. Only triggers with active alerts can be selected."</p>
            <p class="status-line" role="status" aria-live="polite">{move || message.get()}</p>
            <AlertFilterFields filters id_prefix="alerts"/>
            <LiveSection live=groups loading="Loading alerts…" empty="No alerts. Alerts appear here when a monitor's trigger condition is met."
                is_empty=|list: &AlertGroupList| list.groups.is_empty() show=move |list| view! { <GroupTable list selected open/> }.into_any()>
                <Pager label="Alerts pages" total offset limit/>
            </LiveSection>
            {move || confirming.get().then(|| view! {
                <ConfirmDialog title=format!("Acknowledge the active alerts of {} trigger(s)?", selected.with(BTreeSet::len))
                    body="Their actions stop notifying until the alerts end." confirm_label="Acknowledge"
                    on_confirm=acknowledge on_cancel=Callback::new(move |_| confirming.set(false))/>
            })}
            {move || open.get().map(|g| view! {
                <section class="panel" aria-labelledby="group-title">
                    <header class="page-header">
                        <h2 id="group-title">{format!("Alerts of {} \u{2014} {}", g.monitor_name, g.trigger_name)}</h2>
                        <button type="button" on:click=move |_| open.set(None)>"Close"</button>
                    </header>
                    <p class="muted">{format!("Severity {} \u{00b7} from {} \u{00b7} last updated {}", severity_label(&g.severity), when(&g.start_time), when(&g.last_updated))}</p>
                    <AlertsTable source=AlertSource::Trigger { monitor_id: g.monitor_id.clone(), trigger_id: g.trigger_id.clone() } poll show_monitor=true id_prefix="group-alerts"/>
                </section>
            })}
        </div>
    }
    .into_any()
}

#[component]
fn GroupTable(list: AlertGroupList, selected: RwSignal<BTreeSet<Key>>, open: RwSignal<Option<AlertGroup>>) -> impl IntoView {
    // Selection keeps only triggers that still have active alerts.
    let selectable: BTreeSet<Key> = list.groups.iter().filter(|g| g.active > 0).map(|g| (g.monitor_id.clone(), g.trigger_id.clone())).collect();
    selected.update_untracked(|s| s.retain(|k| selectable.contains(k)));
    view! {
        <table class="table">
            <caption>{format!("{} trigger(s) with alerts", list.total)}</caption>
            <thead><tr>
                <th scope="col"><span class="visually-hidden">"Select"</span></th>
                <th scope="col">"Alerts"</th>
                <th scope="col">"Active"</th>
                <th scope="col">"Acknowledged"</th>
                <th scope="col">"Errors"</th>
                <th scope="col">"Trigger name"</th>
                <th scope="col">"Trigger start time"</th>
                <th scope="col">"Trigger last updated"</th>
                <th scope="col">"Severity"</th>
                <th scope="col">"Monitor name"</th>
            </tr></thead>
            <tbody>{list.groups.into_iter().map(|g| group_row(g, selected, open)).collect_view()}</tbody>
        </table>
    }
    .into_any()
}

fn group_row(g: AlertGroup, selected: RwSignal<BTreeSet<Key>>, open: RwSignal<Option<AlertGroup>>) -> impl IntoView {
    let key: Key = (g.monitor_id.clone(), g.trigger_id.clone());
    let check = key.clone();
    let shown = g.clone();
    view! {
        <tr>
            <td><input type="checkbox" aria-label=format!("Select trigger {} of {}", g.trigger_name, g.monitor_name) disabled=g.active == 0
                prop:checked=move || selected.with(|s| s.contains(&check))
                on:change=move |ev| { let on = event_target_checked(&ev); selected.update(|s| { if on { s.insert(key.clone()); } else { s.remove(&key); } }); }/></td>
            <td><button type="button" class="link" on:click=move |_| open.set(Some(shown.clone()))>{format!("{} alerts", g.total)}</button></td>
            <td>{g.active}</td>
            <td>{g.acknowledged}</td>
            <td>{g.errors}</td>
            <td>{g.trigger_name.clone()}</td>
            <td>{when(&g.start_time)}</td>
            <td>{when(&g.last_updated)}</td>
            <td>{severity_label(&g.severity)}</td>
            <td>{crate::pages::embed::monitor_link(&g.monitor_id, g.monitor_name.clone())}</td>
        </tr>
    }
    .into_any()
}
