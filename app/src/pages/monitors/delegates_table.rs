//! A composite monitor's "Delegate monitors" on its page: in the order they run, each with
//! its state, its own active alerts, and how often and when it last triggered in this
//! composite monitor's runs.

use leptos::prelude::*;

use super::{type_label, when};
use crate::api::DelegateState;

#[component]
pub fn DelegatesTable(delegates: Vec<DelegateState>) -> impl IntoView {
    view! {
        <section class="panel" aria-labelledby="delegates-title">
            <h2 id="delegates-title">{format!("Delegate monitors ({})", delegates.len())}</h2>
            <table class="table">
                <thead><tr>
                    <th scope="col">"Order"</th><th scope="col">"Monitor name"</th><th scope="col">"Type"</th><th scope="col">"State"</th>
                    <th scope="col">"Active alerts"</th><th scope="col">"Triggered in runs"</th><th scope="col">"Last triggered in a run"</th>
                </tr></thead>
                <tbody>{delegates.into_iter().enumerate().map(|(i, d)| {
                    let name = if d.found {
                        view! { <a href=format!("/monitors/{}", d.id)>{d.name.clone()}</a> }.into_any()
                    } else {
                        view! { <span class="error">{format!("{} (deleted)", d.id)}</span> }.into_any()
                    };
                    let state = match (d.found, d.enabled) {
                        (false, _) => "Not found",
                        (true, true) => "Enabled",
                        (true, false) => "Disabled",
                    };
                    view! {
                        <tr>
                            <td>{i + 1}</td><td>{name}</td><td>{type_label(&d.monitor_type)}</td><td>{state}</td>
                            <td>{d.active_alerts}</td><td>{d.triggered_runs}</td><td>{when(&d.last_triggered)}</td>
                        </tr>
                    }
                }).collect_view()}</tbody>
            </table>
        </section>
    }
}
