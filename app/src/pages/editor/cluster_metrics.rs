//! The query of a per cluster metrics monitor: "Request type" (one of the cluster's
//! read-only APIs) and its "Path parameters". The cluster lets administrators only run
//! these; the server says so at the field when someone else tries.

use leptos::prelude::*;

use super::{inputs::*, state::use_editor};
use crate::model::{ApiType, MonitorType};

fn api_options() -> Vec<(String, String)> {
    std::iter::once((String::new(), "Select an API".to_owned()))
        .chain(ApiType::ALL.iter().map(|a| (a.api_name().to_owned(), a.label().to_owned())))
        .collect()
}

#[component]
pub fn ClusterMetricsEditor() -> impl IntoView {
    let ctx = use_editor();
    let api = Memo::new(move |_| ctx.draft.with(|d| d.cluster_metrics.api_type));
    let boundary = ctx.error("uri".into());
    let kept_as_json = Memo::new(move |_| ctx.draft.with(|d| d.monitor_type == MonitorType::ClusterMetrics && d.raw_inputs.is_some()));
    view! {
        <Show when=move || !kept_as_json.get()
            fallback=|| view! { <p class="callout">"This monitor's input (another cluster, or a URL of its own) is kept as JSON and published unchanged."</p> }>
            <DraftSelect label="Request type" path="cluster_metrics.api_type" options=api_options()
                help="Specify a request type to monitor cluster metrics such as health, JVM, and CPU usage."
                get=|d| d.cluster_metrics.api_type.map(|a| a.api_name().to_owned()).unwrap_or_default()
                set=|d, v| d.set_api_type(ApiType::from_api_name(&v))/>
            {move || api.get().filter(|a| a.takes_params()).map(|a| {
                let label = if a.requires_params() { "Path parameters" } else { "Path parameters - optional" };
                view! {
                    <DraftText label=label path="cluster_metrics.path_params" placeholder=a.example()
                        help=format!("Filter responses by providing path parameters for the {} API: {}/…", a.label().to_lowercase(), a.path())
                        get=|d| d.cluster_metrics.path_params.clone() set=|d, v| d.cluster_metrics.path_params = v/>
                }
            })}
            <p class="error" role="alert">{move || boundary.get()}</p>
        </Show>
    }
}
