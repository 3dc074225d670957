//! An alerts table: filters (search, severity, state), paging, and Acknowledge for the
//! selected alerts. Only ACTIVE alerts can be selected, as in the Dashboards. Used on the
//! monitor page and for one trigger's alerts on the alerts dashboard.

use std::collections::{BTreeMap, BTreeSet};

use leptos::prelude::*;

use super::{
    Live, LiveSection, Pager,
    filters::{AlertFilterFields, AlertFilters},
    live, severity_label, state_label, when,
};
use crate::{
    api::{AcknowledgeRequest, AlertList, EmbedGrant, AlertQuery, AlertRow, Call, ops},
    client::{self, ClientError},
};

/// Whose alerts a table shows.
#[derive(Clone, Debug, PartialEq)]
pub enum AlertSource {
    /// Every alert of one monitor.
    Monitor(String),
    /// The alerts of one trigger of one monitor (the alerts dashboard's flyout).
    Trigger { monitor_id: String, trigger_id: String },
}

impl AlertSource {
    async fn fetch(self, query: AlertQuery) -> Result<AlertList, ClientError> {
        match self {
            AlertSource::Monitor(id) => client::call::<ops::ListMonitorAlerts>(Call { params: id, query, body: Default::default() }).await,
            AlertSource::Trigger { monitor_id, trigger_id } => {
                let query = AlertQuery { monitor_id: Some(monitor_id), trigger_id: Some(trigger_id), ..query };
                client::call::<ops::ListGroupAlerts>(Call::query(query)).await
            }
        }
    }
}

#[component]
pub fn AlertsTable(
    source: AlertSource,
    poll: RwSignal<u32>,
    /// Adds a Monitor column (alerts of several monitors).
    #[prop(optional)]
    show_monitor: bool,
    /// Unique per page, for the controls' ids.
    #[prop(into)]
    id_prefix: String,
) -> impl IntoView {
    let filters = AlertFilters::new();
    let AlertFilters { offset, limit, .. } = filters;
    let selected = RwSignal::new(BTreeMap::<String, String>::new());
    let message = RwSignal::new(None::<String>);
    let alerts: Live<AlertList> = live(move || (source.clone(), filters.query(), poll.get()), |(source, query, ..)| source.fetch(query));
    // Selection survives refreshes, minus alerts that are no longer active.
    Effect::new(move |_| {
        if let Some(list) = alerts.data.get() {
            let active: BTreeSet<String> = list.alerts.iter().filter(|a| a.state == "ACTIVE").map(|a| a.id.clone()).collect();
            selected.update(|s| s.retain(|id, _| active.contains(id)));
        }
    });
    let acknowledge = move |_| {
        let mut by_monitor: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for (alert, monitor) in selected.get_untracked() {
            by_monitor.entry(monitor).or_default().push(alert);
        }
        leptos::task::spawn_local(async move {
            let (mut done, mut failed) = (0usize, Vec::new());
            for (monitor, ids) in by_monitor {
                match client::call::<ops::AcknowledgeAlerts>(Call { params: monitor, query: Default::default(), body: AcknowledgeRequest { alerts: ids } }).await {
                    Ok(r) => {
                        done += r.acknowledged.len();
                        failed.extend(r.failed.into_iter().map(|f| f.reason));
                    }
                    Err(e) => failed.push(e.message()),
                }
            }
            message.set(Some(match failed.first() {
                None => format!("Successfully acknowledged {done} alert(s)."),
                Some(reason) => format!("Acknowledged {done} alert(s); {} failed: {reason}", failed.len()),
            }));
            selected.set(BTreeMap::new());
            // Everything on the page refreshes at once (the monitor's counters, its history).
            poll.update(|n| *n = n.wrapping_add(1));
        });
    };
    let total = Signal::derive(move || alerts.data.with(|d| d.as_ref().map_or(0, |l| l.total)));
    view! {
        <div class="alerts-table">
            <AlertFilterFields filters id_prefix=id_prefix.clone()/>
            {crate::pages::embed::may(EmbedGrant::Acknowledge).then(|| view! {
            <div class="row-buttons">
                <button type="button" class="primary" disabled=move || selected.with(BTreeMap::is_empty) on:click=acknowledge>
                    {move || match selected.with(BTreeMap::len) { 0 => "Acknowledge".to_owned(), n => format!("Acknowledge ({n})") }}
                </button>
                <span class="muted">"Only active alerts can be acknowledged."</span>
            </div>
            })}
            <p class="status-line" role="status" aria-live="polite">{move || message.get()}</p>
            <LiveSection live=alerts loading="Loading alerts…" empty="No alerts match."
                is_empty=|list: &AlertList| list.alerts.is_empty() show=move |list| view! { <AlertRows list selected show_monitor/> }.into_any()>
                <Pager label="Alerts pages" total offset limit/>
            </LiveSection>
        </div>
    }
    .into_any()
}

#[component]
fn AlertRows(list: AlertList, selected: RwSignal<BTreeMap<String, String>>, show_monitor: bool) -> impl IntoView {
    // Bucket-level alerts: one column per group-by key.
    let keys: Vec<String> = list.alerts.iter().flat_map(|a| a.bucket_keys.keys().cloned()).collect::<BTreeSet<_>>().into_iter().collect();
    let headers = keys.clone();
    view! {
        <table class="table">
            <caption>{format!("{} alert(s)", list.total)}</caption>
            <thead><tr>
                <th scope="col"><span class="visually-hidden">"Select"</span></th>
                <th scope="col">"Alert start time"</th>
                <th scope="col">"Alert end time"</th>
                {show_monitor.then(|| view! { <th scope="col">"Monitor"</th> })}
                <th scope="col">"Trigger name"</th>
                {headers.into_iter().map(|k| view! { <th scope="col">{k}</th> }).collect_view()}
                <th scope="col">"Severity"</th>
                <th scope="col">"State"</th>
                <th scope="col">"Time acknowledged"</th>
            </tr></thead>
            <tbody>
                {list.alerts.into_iter().map(|a| alert_row(a, &keys, selected, show_monitor)).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}

fn alert_row(a: AlertRow, keys: &[String], selected: RwSignal<BTreeMap<String, String>>, show_monitor: bool) -> impl IntoView + use<> {
    let active = a.state == "ACTIVE";
    let (id, monitor) = (a.id.clone(), a.monitor_id.clone());
    let check_id = id.clone();
    let values: Vec<String> = keys.iter().map(|k| a.bucket_keys.get(k).cloned().unwrap_or_default()).collect();
    let label = format!("Select alert of {} started {}", a.trigger_name, when(&a.start_time));
    view! {
        <tr>
            <td><input type="checkbox" aria-label=label disabled=!active
                prop:checked=move || selected.with(|s| s.contains_key(&check_id))
                on:change=move |ev| {
                    let on = event_target_checked(&ev);
                    selected.update(|s| { if on { s.insert(id.clone(), monitor.clone()); } else { s.remove(&id); } });
                }/></td>
            <td>{when(&a.start_time)}</td>
            <td>{when(&a.end_time)}</td>
            {show_monitor.then(|| view! { <td>{crate::pages::embed::monitor_link(&a.monitor_id, a.monitor_name.clone())}</td> })}
            <td>{a.trigger_name.clone()}</td>
            {values.into_iter().map(|v| view! { <td>{v}</td> }).collect_view()}
            <td>{severity_label(&a.severity)}</td>
            <td><span class=format!("badge alert-{}", a.state.to_lowercase())>{state_label(&a.state, a.error_message.as_deref())}</span></td>
            <td>{when(&a.acknowledged_time)}</td>
        </tr>
    }
    .into_any()
}
