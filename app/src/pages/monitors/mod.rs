//! After publish: the monitors list, a monitor's page (overview, triggers, history, alerts)
//! and the shared pieces of the alerts pages. Every page refreshes itself while open.

pub mod alerts_table;
pub mod delegates_table;
pub mod detail;
pub mod filters;
pub mod findings_table;
pub mod history_chart;
pub mod list;

use std::future::Future;

use leptos::prelude::*;

use crate::client::ClientError;

/// How often an open page asks again: alerts change on the cluster's schedule (a minute at
/// the finest), so 10 s is live enough and costs one or two cheap queries per refresh.
pub const POLL_SECONDS: u64 = 10;

/// A counter that goes up every [`POLL_SECONDS`] while the page is open and visible (a tab
/// in the background asks nothing). Stops when the page is left.
pub fn use_poll() -> RwSignal<u32> {
    let tick = RwSignal::new(0u32);
    #[cfg(feature = "hydrate")]
    {
        let handle = set_interval_with_handle(
            move || {
                let hidden = web_sys::window().and_then(|w| w.document()).is_some_and(|d| d.hidden());
                if !hidden {
                    tick.update(|n| *n = n.wrapping_add(1));
                }
            },
            std::time::Duration::from_secs(POLL_SECONDS),
        );
        on_cleanup(move || {
            if let Ok(h) = handle {
                h.clear();
            }
        });
    }
    tick
}

/// Data that refreshes itself: the last good answer stays on screen while a refresh fails
/// (the failure is shown beside it), so a cluster hiccup never blanks the page. The first
/// answer is rendered on the server with the page and hydrated without a second fetch.
pub struct Live<T: Send + Sync + 'static> {
    resource: Resource<Result<T, ClientError>>,
    pub data: Memo<Option<T>>,
    pub error: Signal<Option<ClientError>>,
}

impl<T: Send + Sync + 'static> Clone for Live<T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T: Send + Sync + 'static> Copy for Live<T> {}

impl<T: Clone + PartialEq + Send + Sync + 'static> Live<T> {
    /// Reads the underlying resource, so the `<Transition>` around the caller waits for it
    /// while the server renders (and keeps the last view while a refresh runs).
    pub fn wait(&self) {
        self.resource.with(|_| ());
    }

    /// Nothing to show yet: no answer, and no error to show instead.
    pub fn loading(&self) -> bool {
        self.data.with(Option::is_none) && self.error.with(Option::is_none)
    }
}

/// Loads with `fetch(source())` now and again whenever `source` changes (it reads the poll
/// tick, the filters, the page).
pub fn live<T, S, F, Fut>(source: impl Fn() -> S + Send + Sync + 'static, fetch: F) -> Live<T>
where
    T: Clone + PartialEq + Send + Sync + serde::Serialize + serde::de::DeserializeOwned + 'static,
    S: Clone + PartialEq + Send + Sync + 'static,
    F: Fn(S) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<T, ClientError>> + Send + 'static,
{
    let resource = Resource::new(source, fetch);
    // An unchanged answer redraws nothing (the memo compares): open dialogs, focus and
    // selections stay.
    let data = Memo::new(move |last: Option<&Option<T>>| match resource.get() {
        Some(Ok(value)) => Some(value),
        _ => last.cloned().flatten(),
    });
    let error = Signal::derive(move || resource.get().and_then(Result::err));
    Live { resource, data, error }
}

/// An RFC 3339 time as people read it here ("2026-11-29 05:29:35 UTC"), or "—".
pub fn when(t: &Option<String>) -> String {
    match t {
        Some(t) if t.len() >= 19 => format!("{} UTC", t[..19].replace('T', " ")),
        Some(t) => t.clone(),
        None => "\u{2014}".to_owned(),
    }
}

/// Severity as the Dashboards label it.
pub fn severity_label(s: &str) -> String {
    match s {
        "1" => "1 (Highest)".to_owned(),
        "2" => "2 (High)".to_owned(),
        "3" => "3 (Medium)".to_owned(),
        "4" => "4 (Low)".to_owned(),
        "5" => "5 (Lowest)".to_owned(),
        other => other.to_owned(),
    }
}

/// An alert state as the Dashboards show it: "Error: <message>" for errors.
pub fn state_label(state: &str, error: Option<&str>) -> String {
    let word = match state {
        "ACTIVE" => "Active",
        "ACKNOWLEDGED" => "Acknowledged",
        "COMPLETED" => "Completed",
        "ERROR" => "Error",
        "DELETED" => "Deleted",
        other => other,
    };
    match (state, error) {
        ("ERROR", Some(message)) => format!("Error: {message}"),
        _ => word.to_owned(),
    }
}

/// The type column: "Per query monitor" etc.
pub fn type_label(monitor_type: &str) -> String {
    crate::model::MonitorType::from_api_name(monitor_type).map_or_else(|| monitor_type.to_owned(), |t| t.label().to_owned())
}

/// `(value, label)` of the severity filter.
pub const SEVERITY_FILTER: [(&str, &str); 6] =
    [("ALL", "All severities"), ("1", "1 (Highest)"), ("2", "2 (High)"), ("3", "3 (Medium)"), ("4", "4 (Low)"), ("5", "5 (Lowest)")];

/// `(value, label)` of the alert state filter.
pub const STATE_FILTER: [(&str, &str); 6] =
    [("ALL", "All"), ("ACTIVE", "Active"), ("ACKNOWLEDGED", "Acknowledged"), ("COMPLETED", "Completed"), ("ERROR", "Error"), ("DELETED", "Deleted")];

/// The page sizes the Dashboards offer.
pub const PAGE_SIZES: [u64; 4] = [5, 10, 20, 50];

/// "Page 2 of 5" with Previous / Next, over `offset` and `limit`.
#[component]
pub fn Pager(#[prop(into)] label: String, total: Signal<u64>, offset: RwSignal<u64>, limit: RwSignal<u64>) -> impl IntoView {
    let pages = move || total.get().div_ceil(limit.get().max(1)).max(1);
    let page = move || offset.get() / limit.get().max(1) + 1;
    let size_id = format!("{}-page-size", label.to_lowercase().replace(' ', "-"));
    view! {
        <nav class="row-buttons pager" aria-label=label.clone()>
            <button type="button" disabled=move || offset.get() == 0
                on:click=move |_| offset.update(|o| *o = o.saturating_sub(limit.get_untracked()))>"Previous"</button>
            <span>{move || format!("Page {} of {}", page(), pages())}</span>
            <button type="button" disabled=move || { page() >= pages() }
                on:click=move |_| offset.update(|o| *o += limit.get_untracked())>"Next"</button>
            <label for=size_id.clone()>"Rows per page"</label>
            <select id=size_id prop:value=move || limit.get().to_string()
                on:change=move |ev| { limit.set(event_target_value(&ev).parse().unwrap_or(20)); offset.set(0); }>
                {PAGE_SIZES.iter().map(|n| view! { <option value=n.to_string()>{n.to_string()}</option> }).collect_view()}
            </select>
        </nav>
    }
    .into_any()
}

/// A live answer's place on a page: `loading` until the first answer (the server's render
/// waits for it), a refresh's error above the last good answer, `empty` when the answer holds
/// nothing (`is_empty`), else `show` of it; `children` (a pager) below.
#[component]
pub fn LiveSection<T, E, S>(
    live: Live<T>,
    loading: &'static str,
    empty: &'static str,
    is_empty: E,
    show: S,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView
where
    T: Clone + PartialEq + Send + Sync + 'static,
    E: Fn(&T) -> bool + Send + Sync + 'static,
    S: Fn(T) -> AnyView + Send + Sync + 'static,
{
    let pending = move || view! { <p class="loading" role="status">{loading}</p> };
    view! {
        <Transition fallback=pending>
            <RefreshError live/>
            {move || {
                live.wait();
                match live.data.get() {
                    None => live.loading().then(pending).into_any(),
                    Some(value) if is_empty(&value) => view! { <p class="empty">{empty}</p> }.into_any(),
                    Some(value) => show(value),
                }
            }}
            {children.map(|c| c())}
        </Transition>
    }
}

/// The error of a refresh, shown above data that is still the last good answer.
#[component]
pub fn RefreshError<T: Send + Sync + 'static>(live: Live<T>) -> impl IntoView {
    move || {
        live.error.get().map(|e| {
            let stale = live.data.with(Option::is_some);
            let text = if stale { format!("Could not refresh (showing the last answer): {}", e.message()) } else { e.message() };
            view! { <div class="callout error" role="alert">{text}</div> }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_the_dashboards_words() {
        assert_eq!(when(&Some("2026-11-29T05:29:35.734Z".into())), "2026-11-29 05:29:35 UTC");
        assert_eq!(when(&None), "\u{2014}");
        assert_eq!(severity_label("1"), "1 (Highest)");
        assert_eq!(state_label("ERROR", Some("Failed running query")), "Error: Failed running query");
        assert_eq!(state_label("ACKNOWLEDGED", None), "Acknowledged");
        assert_eq!(type_label("bucket_level_monitor"), "Per bucket monitor");
    }
}
