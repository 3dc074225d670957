//! Data only the browser loads: typeahead lists, the schedule preview, the cluster badge.
//! The server never reads it, so it never holds up a page's server rendering (a `Suspense`
//! that reads a browser-only resource could never resolve on the server), and the page
//! hydrates with the same empty state the server rendered before the browser fills it in.

use leptos::prelude::*;

/// The resource's value in the browser; always `None` while the server renders.
pub fn browser_only<T: Clone + Send + Sync + 'static>(resource: LocalResource<T>) -> Signal<Option<T>> {
    Signal::derive(move || if cfg!(feature = "hydrate") { resource.get() } else { None })
}

/// What `load` answers, loaded once in the browser after the page is hydrated; `None`
/// until then and while the server renders. For data that depends on nothing on the page,
/// lighter than a resource: a signal and a task, where a resource brings the machinery of
/// reloading when its inputs change (with the cluster badge's, every page's first load was
/// 0.7 to 1.8 kB bigger).
pub fn loaded_once<T, F>(load: impl Fn() -> F + 'static) -> ReadSignal<Option<T>>
where
    T: Send + Sync + 'static,
    F: Future<Output = T> + 'static,
{
    let (value, set) = signal(None::<T>);
    // Effects run only in the browser, once the page is hydrated.
    Effect::new(move |_| {
        let answer = load();
        leptos::task::spawn_local(async move { set.set(Some(answer.await)) });
    });
    value
}
