//! `/embed/monitors/:id`: one monitor's status card — its state, active alerts, the history
//! bar and its alerts (Acknowledge where the link grants it). Refreshes itself.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use super::EmbedFrame;
use crate::{
    api::{Call, MonitorDetail, ops},
    client,
    pages::monitors::{Live, RefreshError, alerts_table::{AlertSource, AlertsTable}, history_chart::HistoryPanel, live, use_poll, when},
};

#[component]
pub fn StatusCardPage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").unwrap_or_default()));
    let poll = use_poll();
    let detail: Live<MonitorDetail> = live(move || (id.get(), poll.get()), |(id, _)| client::call::<ops::GetMonitor>(Call::at(id)));
    let loaded = Memo::new(move |_| detail.data.with(Option::is_some));
    view! {
        <EmbedFrame>
            <Transition fallback=|| view! { <p class="loading" role="status">"Loading the monitor…"</p> }>
                {move || {
                    detail.wait();
                    match detail.data.get() {
                        Some(monitor) => view! { <RefreshError live=detail/> <Summary monitor/> }.into_any(),
                        None => match detail.error.get() {
                            Some(e) => view! {
                                <h1>"Monitor not found"</h1>
                                <div class="callout error" role="alert">{e.message()}</div>
                            }.into_any(),
                            None => view! { <p class="loading" role="status">"Loading the monitor…"</p> }.into_any(),
                        },
                    }
                }}
                {move || loaded.get().then(|| view! {
                    <HistoryPanel monitor_id=id.get() poll/>
                    <section class="panel" aria-labelledby="card-alerts-title">
                        <h2 id="card-alerts-title">"Alerts"</h2>
                        <AlertsTable source=AlertSource::Monitor(id.get()) poll id_prefix="card-alerts"/>
                    </section>
                })}
            </Transition>
        </EmbedFrame>
    }
}

#[component]
fn Summary(monitor: MonitorDetail) -> impl IntoView {
    let (state, class) = match (monitor.enabled, monitor.active_alerts) {
        (false, _) => ("Disabled", "badge"),
        (true, 0) => ("Enabled", "badge state-published"),
        (true, _) => ("Triggered", "badge alert-active"),
    };
    view! {
        <header class="page-header">
            <h1>{monitor.name.clone()} " " <span class=class>{state}</span></h1>
        </header>
        <dl class="overview">
            <div><dt>"Total active alerts"</dt><dd>{monitor.active_alerts}</dd></div>
            <div><dt>"Schedule"</dt><dd>{monitor.schedule.clone()}</dd></div>
            <div><dt>"Index"</dt><dd>{monitor.indices.join(", ")}</dd></div>
            <div><dt>"Last updated"</dt><dd>{when(&monitor.last_updated)}</dd></div>
        </dl>
    }
}
