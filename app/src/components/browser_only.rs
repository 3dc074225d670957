//! Data only the browser loads: typeahead lists, the schedule preview, the cluster badge.
//! The server never reads it, so it never holds up a page's server rendering (a `Suspense`
//! that reads a browser-only resource could never resolve on the server), and the page
//! hydrates with the same empty state the server rendered before the browser fills it in.

use leptos::prelude::*;

/// The resource's value in the browser; always `None` while the server renders.
pub fn browser_only<T: Clone + Send + Sync + 'static>(resource: LocalResource<T>) -> Signal<Option<T>> {
    Signal::derive(move || if cfg!(feature = "hydrate") { resource.get() } else { None })
}
