//! `/embed/monitors`: a team's monitors, filtered as the link says (name, tag, index: the
//! server applies them), with their state and alert counts. Refreshes itself.

use leptos::prelude::*;

use super::{EmbedFrame, link};
use crate::{
    api::{Call, MonitorList, MonitorListQuery, MonitorSummary, ops},
    client,
    pages::monitors::{Live, LiveSection, Pager, live, use_poll, when},
};

#[component]
pub fn EmbedMonitorsPage() -> impl IntoView {
    let poll = use_poll();
    // A link that filters by name or tag decides what the list shows.
    let searchable = link().is_none_or(|l| l.params.name.is_none() && l.params.tag.is_none());
    let search = RwSignal::new(String::new());
    let offset = RwSignal::new(0u64);
    let limit = RwSignal::new(20u64);
    let monitors: Live<MonitorList> = live(
        move || (search.get(), offset.get(), limit.get(), poll.get()),
        |(search, offset, limit, _)| client::call::<ops::ListMonitors>(Call::query(MonitorListQuery { search, limit: Some(limit), offset: Some(offset), ..Default::default() })),
    );
    let total = Signal::derive(move || monitors.data.with(|d| d.as_ref().map_or(0, |l| l.total)));
    view! {
        <EmbedFrame>
            <h1>"Monitors"</h1>
            {searchable.then(|| view! {
                <div class="field">
                    <label for="embed-monitor-search">"Search"</label>
                    <input id="embed-monitor-search" type="search" prop:value=move || search.get()
                        on:change=move |ev| { offset.set(0); search.set(event_target_value(&ev)); }/>
                </div>
            })}
            <LiveSection live=monitors loading="Loading monitors…" empty="No monitors."
                is_empty=|list: &MonitorList| list.monitors.is_empty() show=move |list| view! { <Rows list/> }.into_any()>
                <Pager label="Monitors pages" total offset limit/>
            </LiveSection>
        </EmbedFrame>
    }
}

#[component]
fn Rows(list: MonitorList) -> impl IntoView {
    view! {
        <table class="table">
            <caption>{format!("{} monitor(s)", list.total)}</caption>
            <thead><tr>
                <th scope="col">"Monitor name"</th>
                <th scope="col">"State"</th>
                <th scope="col">"Latest alert"</th>
                <th scope="col">"Active"</th>
                <th scope="col">"Acknowledged"</th>
                <th scope="col">"Last updated"</th>
            </tr></thead>
            <tbody>{list.monitors.into_iter().map(row).collect_view()}</tbody>
        </table>
    }
}

fn row(m: MonitorSummary) -> impl IntoView {
    view! {
        <tr>
            <td>{m.name}</td>
            <td>{if m.enabled { "Enabled" } else { "Disabled" }}</td>
            <td>{m.latest_alert.unwrap_or_else(|| "\u{2014}".to_owned())}</td>
            <td>{m.active}</td>
            <td>{m.acknowledged}</td>
            <td>{when(&m.last_updated)}</td>
        </tr>
    }
}
