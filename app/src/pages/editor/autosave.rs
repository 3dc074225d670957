//! Autosave: every change is sent to the server after a short pause. One save is in flight
//! at a time; changes made meanwhile are saved right after. A stale version (another tab
//! saved first) stops autosaving and offers reload / overwrite / save as copy, so nothing
//! is silently overwritten; a server that does not answer is retried while the tab keeps
//! the edits.

use leptos::prelude::*;

use super::state::EditorCtx;
use crate::{
    api::{Call, Conflict, CreateDraft, Draft, PublishState, SaveDraft, ops},
    client::{self, ClientError},
};

/// How long typing must pause before a save.
pub const DEBOUNCE_MS: u32 = 700;
const RETRY_MS: u32 = 3_000;

#[derive(Clone, Debug, PartialEq)]
pub enum Status {
    /// Nothing typed yet.
    Clean,
    Pending,
    Saving,
    /// Saved at this `Date.now()`.
    Saved(f64),
    Failed(String),
    Conflict(Box<Conflict>),
}

#[derive(Clone, Copy)]
pub struct Autosaver {
    ctx: EditorCtx,
    pub id: RwSignal<Option<String>>,
    pub version: RwSignal<i64>,
    pub status: RwSignal<Status>,
    /// How the draft relates to its cluster monitor, as of the last server answer.
    pub state: RwSignal<PublishState>,
    pub monitor_id: RwSignal<Option<String>>,
    in_flight: StoredValue<bool>,
    /// Bumped on every change; a timer only saves if no newer change came.
    generation: StoredValue<u64>,
}

impl Autosaver {
    pub fn new(ctx: EditorCtx, existing: Option<&Draft>) -> Autosaver {
        let saver = Autosaver {
            ctx,
            id: RwSignal::new(existing.map(|d| d.id.clone())),
            version: RwSignal::new(existing.map_or(0, |d| d.version)),
            status: RwSignal::new(Status::Clean),
            state: RwSignal::new(existing.map(|d| d.state).unwrap_or_default()),
            monitor_id: RwSignal::new(existing.and_then(|d| d.published.as_ref().map(|p| p.monitor_id.clone()))),
            in_flight: StoredValue::new(false),
            generation: StoredValue::new(0),
        };
        // React to edits (not to the initial load): `changes` only moves on edits.
        Effect::new(move |prev: Option<u64>| {
            let n = ctx.changes.get();
            if prev.is_some_and(|p| p != n) || (prev.is_none() && n > 0) {
                saver.schedule(DEBOUNCE_MS);
            }
            n
        });
        saver
    }

    fn schedule(self, delay_ms: u32) {
        if matches!(self.status.get_untracked(), Status::Conflict(_)) {
            return;
        }
        let generation = self.generation.get_value() + 1;
        self.generation.set_value(generation);
        self.status.set(Status::Pending);
        #[cfg(feature = "hydrate")]
        leptos::task::spawn_local(async move {
            gloo_timers::future::TimeoutFuture::new(delay_ms).await;
            if self.generation.get_value() == generation {
                self.save_now().await;
            }
        });
        #[cfg(not(feature = "hydrate"))]
        let _ = (delay_ms, generation);
    }

    /// Saves the current document (create on first save, then versioned updates).
    pub async fn save_now(self) {
        if self.in_flight.get_value() {
            // The running save re-checks the generation when it ends.
            return;
        }
        self.in_flight.set_value(true);
        let generation = self.generation.get_value();
        self.status.set(Status::Saving);
        let document = self.ctx.draft.get_untracked();
        let result: Result<Draft, ClientError> = match self.id.get_untracked() {
            None => client::call::<ops::CreateDraft>(Call::body(CreateDraft { document: Some(document), template: None })).await,
            Some(id) => {
                let body = SaveDraft { version: self.version.get_untracked(), document, message: None };
                client::call::<ops::SaveDraft>(Call { params: id, query: Default::default(), body }).await
            }
        };
        self.in_flight.set_value(false);
        match result {
            Ok(saved) => {
                let first = self.id.get_untracked().is_none();
                self.id.set(Some(saved.id.clone()));
                self.remember(&saved);
                self.ctx.server_errors.update(|e| e.retain(|k, _| k.starts_with("schedule.")));
                self.status.set(Status::Saved(now_ms()));
                if first {
                    replace_url(&format!("/drafts/{}", saved.id));
                }
                if self.generation.get_value() != generation {
                    self.schedule(DEBOUNCE_MS);
                }
            }
            Err(ClientError::Conflict(answer)) if let Some(conflict) = answer.read::<Conflict>() => self.status.set(Status::Conflict(Box::new(conflict))),
            Err(ClientError::Api { body, .. }) => {
                let errors = body.errors.iter().map(|(k, v)| (k.trim_start_matches("document.").to_owned(), v.clone())).collect::<Vec<_>>();
                self.ctx.server_errors.update(|e| e.extend(errors));
                self.status.set(Status::Failed(format!("Not saved: {}", body.message)));
            }
            Err(e) => {
                // Schedule first: `schedule` shows "Saving…", and the failure must stay
                // visible (and announced) until the retry actually runs.
                self.schedule(RETRY_MS);
                self.status.set(Status::Failed(e.message()));
            }
        }
    }

    /// Takes the server's word on version and publish state.
    pub fn remember(self, saved: &Draft) {
        self.version.set(saved.version);
        self.state.set(saved.state);
        self.monitor_id.set(saved.published.as_ref().map(|p| p.monitor_id.clone()));
    }

    /// Whether edits are waiting to be saved (or being saved).
    pub fn unsaved(self) -> bool {
        matches!(self.status.get_untracked(), Status::Pending | Status::Saving | Status::Failed(_))
    }

    /// Conflict resolution: take the other version and drop local edits.
    pub fn take_theirs(self, theirs: Draft) {
        self.version.set(theirs.version);
        self.ctx.draft.set(theirs.document);
        self.status.set(Status::Saved(now_ms()));
    }

    /// Conflict resolution: keep local edits and write them over the newer version.
    pub fn overwrite(self, theirs_version: i64) {
        self.version.set(theirs_version);
        self.status.set(Status::Pending);
        leptos::task::spawn_local(async move { self.save_now().await });
    }

    /// Conflict resolution: keep both; local edits become a new draft.
    pub fn save_as_copy(self) {
        self.id.set(None);
        self.version.set(0);
        self.ctx.draft.update(|d| d.name = format!("{} (copy)", d.name));
        self.status.set(Status::Pending);
        leptos::task::spawn_local(async move { self.save_now().await });
    }
}

fn now_ms() -> f64 {
    #[cfg(feature = "hydrate")]
    return js_sys_now();
    #[cfg(not(feature = "hydrate"))]
    0.0
}

#[cfg(feature = "hydrate")]
fn js_sys_now() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map(|p| p.now() + p.time_origin()).unwrap_or(0.0)
}

fn replace_url(path: &str) {
    #[cfg(feature = "hydrate")]
    if let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(path));
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = path;
}

/// "Saved · 2 s ago", "Saving…", "Not saved: …".
#[component]
pub fn SaveStatus() -> impl IntoView {
    let saver = expect_context::<Autosaver>();
    let tick = RwSignal::new(0.0_f64);
    #[cfg(feature = "hydrate")]
    {
        let handle = set_interval_with_handle(move || tick.set(now_ms()), std::time::Duration::from_secs(1));
        on_cleanup(move || {
            if let Ok(h) = handle {
                h.clear();
            }
        });
    }
    let text = move || match saver.status.get() {
        Status::Clean => match saver.id.get() {
            Some(_) => "Saved".to_owned(),
            None => "Not saved yet".to_owned(),
        },
        Status::Pending | Status::Saving => "Saving…".to_owned(),
        Status::Saved(at) => {
            let now = tick.get().max(at);
            format!("Saved · {} s ago", ((now - at) / 1000.0).floor() as i64)
        }
        Status::Failed(message) => message,
        Status::Conflict(_) => "Not saved: changed elsewhere".to_owned(),
    };
    view! {
        <p class="save-status" role="status" aria-live="polite" aria-label="Save status"
            class:save-failed=move || matches!(saver.status.get(), Status::Failed(_) | Status::Conflict(_))>
            {text}
        </p>
    }
}

#[component]
pub fn ConflictBanner() -> impl IntoView {
    let saver = expect_context::<Autosaver>();
    move || match saver.status.get() {
        Status::Conflict(conflict) => {
            let theirs = conflict.current.clone();
            let their_version = theirs.version;
            view! {
                <div class="callout warning" role="alert">
                    <p><strong>"This draft was changed in another tab or by someone else."</strong></p>
                    <p>{conflict.message.clone()}</p>
                    <div class="row-buttons">
                        <button type="button" on:click=move |_| saver.take_theirs(theirs.clone())>"Reload their version"</button>
                        <button type="button" on:click=move |_| saver.overwrite(their_version)>"Overwrite with mine"</button>
                        <button type="button" on:click=move |_| saver.save_as_copy()>"Save mine as a copy"</button>
                    </div>
                </div>
            }
            .into_any()
        }
        _ => ().into_any(),
    }
}
