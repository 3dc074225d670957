//! The cluster's status in the top bar: which cluster, its version and health, or why
//! cluster features are unavailable. Drafts work either way.

use leptos::prelude::*;

use crate::components::browser_only::loaded_once;

use crate::{
    api::{Call, ops},
    client,
};

#[component]
pub fn ClusterBadge() -> impl IntoView {
    let status = loaded_once(|| client::call::<ops::GetCluster>(Call::at(())));
    view! {
        <p class="cluster-badge" role="status" aria-label="Cluster status">
            {move || status.get().map(|s| match s {
                Ok(s) if !s.configured => "No cluster configured: drafts only".to_owned(),
                Ok(s) if !s.reachable => format!("Cluster unreachable: {}", s.error.unwrap_or_default()),
                Ok(s) => {
                    let mut text = format!(
                        "Cluster {} · OpenSearch {} · {}",
                        s.cluster_name.unwrap_or_default(),
                        s.version.unwrap_or_default(),
                        s.health.unwrap_or_else(|| "unknown health".into())
                    );
                    if !s.unavailable.is_empty() {
                        text.push_str(&format!(" · {}", s.unavailable.join(" ")));
                    }
                    text
                }
                Err(e) => e.message(),
            })}
        </p>
    }
}
