//! The editor's state, shared through context by every section of the form: the draft
//! being edited, its errors, and which fields the person has already visited (errors show
//! on blur, as in the Dashboards, or everywhere after a publish attempt).

use std::collections::BTreeSet;

use leptos::prelude::*;

use crate::model::{FieldErrors, MonitorDraft, validate};

#[derive(Clone, Copy)]
pub struct EditorCtx {
    pub draft: RwSignal<MonitorDraft>,
    /// Validation in the browser, recomputed on every change (cheap, pure Rust).
    pub client_errors: Memo<FieldErrors>,
    /// Errors the server answered with (e.g. a refused save or publish).
    pub server_errors: RwSignal<FieldErrors>,
    pub touched: RwSignal<BTreeSet<String>>,
    pub show_all_errors: RwSignal<bool>,
    /// Called after every local edit; the autosaver listens here.
    pub changes: RwSignal<u64>,
}

impl EditorCtx {
    pub fn new(draft: MonitorDraft) -> EditorCtx {
        let draft = RwSignal::new(draft);
        EditorCtx {
            draft,
            client_errors: Memo::new(move |_| draft.with(validate::validate)),
            server_errors: RwSignal::new(FieldErrors::new()),
            touched: RwSignal::new(BTreeSet::new()),
            show_all_errors: RwSignal::new(false),
            changes: RwSignal::new(0),
        }
    }

    /// Applies a person's edit and marks the draft as changed.
    pub fn edit(&self, f: impl FnOnce(&mut MonitorDraft)) {
        self.draft.update(f);
        self.changes.update(|n| *n += 1);
    }

    pub fn touch(&self, path: &str) {
        if !self.touched.with_untracked(|t| t.contains(path)) {
            self.touched.update(|t| {
                t.insert(path.to_owned());
            });
        }
    }

    /// The error to show for a field path: the server's first, then the browser's once the
    /// field was visited.
    pub fn error(&self, path: String) -> Signal<Option<String>> {
        let ctx = *self;
        Signal::derive(move || {
            if let Some(e) = ctx.server_errors.with(|errs| errs.get(&path).cloned()) {
                return Some(e);
            }
            let visible = ctx.show_all_errors.get() || ctx.touched.with(|t| t.contains(&path));
            if visible { ctx.client_errors.with(|errs| errs.get(&path).cloned()) } else { None }
        })
    }
}

pub fn use_editor() -> EditorCtx {
    expect_context::<EditorCtx>()
}
