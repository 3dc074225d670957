//! A per document monitor's findings (the Dashboards' Findings tab): when, which document
//! of which index, which queries it matched; each document's source on demand. Paged,
//! newest first, refreshed with the page.

use leptos::prelude::*;

use super::{Live, LiveSection, Pager, live, when};
use crate::{
    api::{Call, FindingList, FindingQuery, FindingRow, ops},
    client,
};

#[component]
pub fn FindingsTable(monitor_id: String, poll: RwSignal<u32>) -> impl IntoView {
    let (offset, limit) = (RwSignal::new(0u64), RwSignal::new(20u64));
    let findings: Live<FindingList> = live(
        move || (monitor_id.clone(), offset.get(), limit.get(), poll.get()),
        |(id, offset, limit, _)| {
            let query = FindingQuery { limit: Some(limit), offset: Some(offset) };
            client::call::<ops::ListMonitorFindings>(Call { params: id, query, body: Default::default() })
        },
    );
    let total = Signal::derive(move || findings.data.with(|d| d.as_ref().map_or(0, |l| l.total)));
    view! {
        <section class="panel" aria-labelledby="findings-title">
            <h2 id="findings-title">"Findings"</h2>
            <LiveSection live=findings loading="Loading findings…" empty="No findings yet: the monitor has not matched a document."
                is_empty=|list: &FindingList| list.findings.is_empty() show=move |list| view! { <FindingRows list/> }.into_any()>
                <Pager label="Findings pages" total offset limit/>
            </LiveSection>
        </section>
    }
}

#[component]
fn FindingRows(list: FindingList) -> impl IntoView {
    view! {
        <table class="table">
            <caption>{format!("{} finding(s)", list.total)}</caption>
            <thead><tr>
                <th scope="col">"Finding time"</th>
                <th scope="col">"Finding ID"</th>
                <th scope="col">"Document"</th>
                <th scope="col">"Index"</th>
                <th scope="col">"Query"</th>
            </tr></thead>
            <tbody>{list.findings.into_iter().map(finding_row).collect_view()}</tbody>
        </table>
    }
}

fn finding_row(f: FindingRow) -> impl IntoView + use<> {
    let queries: Vec<String> = f
        .queries
        .iter()
        .map(|q| if q.tags.is_empty() { q.name.clone() } else { format!("{} ({})", q.name, q.tags.join(", ")) })
        .collect();
    view! {
        <tr>
            <td>{when(&f.timestamp)}</td>
            <td class="mono">{f.id.clone()}</td>
            <td>
                {f.documents.into_iter().map(|d| {
                    let source = if d.found { serde_json::to_string_pretty(&d.source).unwrap_or_default() } else { "The document is gone.".to_owned() };
                    view! {
                        <details>
                            <summary class="mono">{d.id}</summary>
                            <pre class="mono">{source}</pre>
                        </details>
                    }
                }).collect_view()}
            </td>
            <td>{f.index.clone()}</td>
            <td>{queries.join("; ")}</td>
        </tr>
    }
}
