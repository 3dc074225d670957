//! The drafts' side of publishing: which monitor a draft is linked to, with what
//! concurrency tokens and what body, the token of a create in flight, and whether the
//! monitor changed on the cluster. Each method is one transaction; "open the draft of a
//! monitor" ([`DraftService::import_linked`]) is one write transaction from the check for
//! an existing link to the new link, so concurrent calls all answer the same draft.

use std::{
    collections::HashMap,
    hash::{DefaultHasher, Hash, Hasher},
    sync::Arc,
};

use app::{api::{Draft, HistoryKind}, model::MonitorDraft};
use serde_json::Value;
use tokio::sync::{Mutex, OwnedMutexGuard};

use super::{DraftService, check_storable, links::{self, MonitorLink}, store::{self, Derived}, to_draft};
use crate::{db::now, error::{ApiError, ApiResult}};

/// A draft linked to a cluster monitor, with the body it last published.
#[derive(Debug, Clone, PartialEq)]
pub struct LinkedDraft {
    pub draft_id: String,
    pub monitor_id: String,
    /// The normalized monitor JSON as published; `None` if unreadable.
    pub published: Option<Value>,
}

/// Striped locks by draft id: bounded memory, and two drafts rarely share a stripe.
#[derive(Clone)]
pub(super) struct PublishLocks(Arc<[Arc<Mutex<()>>]>);

impl Default for PublishLocks {
    fn default() -> Self {
        PublishLocks((0..64).map(|_| Arc::new(Mutex::new(()))).collect())
    }
}

impl DraftService {
    /// Held for the whole of a publish of `draft_id`: a second publish of the same draft
    /// (a double click, two tabs) waits, then finds the link the first one recorded and
    /// updates that monitor instead of creating another. (Within this server process; the
    /// cluster's `if_seq_no` still guards against everyone else.)
    pub async fn publishing(&self, draft_id: &str) -> OwnedMutexGuard<()> {
        let mut hasher = DefaultHasher::new();
        draft_id.hash(&mut hasher);
        let stripe = (hasher.finish() % self.publishing.0.len() as u64) as usize;
        self.publishing.0[stripe].clone().lock_owned().await
    }

    /// The drafts linked to these monitors, as monitor id → draft id (one query).
    pub async fn drafts_for_monitors(&self, monitor_ids: &[String]) -> ApiResult<HashMap<String, String>> {
        links::drafts_for_monitors(&mut *self.db.acquire().await?, self.team.as_deref(), monitor_ids).await
    }

    /// The draft linked to a cluster monitor, if any.
    pub async fn draft_for_monitor(&self, monitor_id: &str) -> ApiResult<Option<Draft>> {
        let mut db = self.db.acquire().await?;
        let Some(id) = links::draft_for_monitor(&mut db, self.team.as_deref(), monitor_id).await? else { return Ok(None) };
        store::find(&mut *db, &id).await?.map(|row| to_draft(&row)).transpose()
    }

    /// The token of a create that may have reached the cluster without being recorded.
    pub async fn publish_token(&self, draft_id: &str) -> ApiResult<Option<String>> {
        links::publish_token(&mut *self.db.acquire().await?, draft_id).await
    }

    /// Stores the token a create is about to carry to the cluster (in the monitor's
    /// `ui_metadata`), so an interrupted create is found again instead of repeated.
    pub async fn set_publish_token(&self, draft_id: &str, token: &str) -> ApiResult<()> {
        let mut tx = store::write_tx(&self.db).await?;
        if !links::set_publish_token(&mut tx, draft_id, token).await? {
            return Err(ApiError::not_found(format!("Draft {draft_id} not found.")));
        }
        tx.commit().await?;
        Ok(())
    }

    /// Links draft `draft_id`, published at `draft_version`, to its monitor; clears the
    /// create token and the changed-on-cluster flag. Answers the draft as it now is. A
    /// monitor another draft is already linked to is a 409.
    /// Records the link and the publish in the draft's history (by the actor, with
    /// `message`), in one transaction.
    pub async fn record_publish(&self, draft_id: &str, draft_version: i64, link: &MonitorLink<'_>, message: Option<&str>) -> ApiResult<Draft> {
        let mut tx = store::write_tx(&self.db).await?;
        let now = now();
        if !links::record_publish(&mut tx, draft_id, draft_version, link, &now).await.map_err(|e| already_linked(e, link.monitor_id))? {
            return Err(ApiError::not_found(format!("Draft {draft_id} not found.")));
        }
        let actor = self.actor().unwrap_or("monitor-studio");
        let event = store::NewEvent { kind: HistoryKind::Published, actor, version: draft_version, monitor_id: Some(link.monitor_id), message };
        store::insert_event(&mut *tx, draft_id, &event, &now).await?;
        let row = store::find(&mut *tx, draft_id).await?.ok_or_else(|| ApiError::internal("draft vanished inside its transaction"))?;
        tx.commit().await?;
        to_draft(&row)
    }

    /// The draft linked to `link.monitor_id`, or else `document` as a new draft linked to
    /// it, in ONE write transaction: two calls at once for the same monitor both answer the
    /// draft the first one made.
    pub async fn import_linked(&self, document: MonitorDraft, note: &str, link: &MonitorLink<'_>) -> ApiResult<Draft> {
        check_storable(&document)?;
        let json = serde_json::to_string(&document).map_err(ApiError::internal)?;
        let mut tx = store::write_tx(&self.db).await?;
        // Any team's link counts: a monitor has one draft (the caller checked the monitor is its team's).
        let id = match links::draft_for_monitor(&mut tx, None, link.monitor_id).await? {
            Some(existing) => existing,
            None => {
                let id = uuid::Uuid::new_v4().simple().to_string();
                let now = now();
                store::insert(&mut tx, self.team_id(), &id, &json, &Derived::of(&document), &now, self.meta(Some(note), None)).await?;
                links::record_publish(&mut tx, &id, 1, link, &now).await?;
                id
            }
        };
        let row = store::find(&mut *tx, &id).await?.ok_or_else(|| ApiError::internal("draft vanished inside its transaction"))?;
        tx.commit().await?;
        to_draft(&row)
    }

    /// Flags (or clears) "changed on the cluster" for one draft.
    pub async fn set_cluster_changed(&self, draft_id: &str, changed: bool) -> ApiResult<()> {
        self.flag_cluster_changes(&[(draft_id.to_owned(), changed)]).await
    }

    /// Sets "changed on the cluster" for several drafts at once, in one transaction.
    pub async fn flag_cluster_changes(&self, flags: &[(String, bool)]) -> ApiResult<()> {
        let mut tx = store::write_tx(&self.db).await?;
        for (draft_id, changed) in flags {
            links::set_cluster_changed(&mut tx, draft_id, *changed).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// The normalized body last published from this draft.
    pub async fn published_body(&self, draft_id: &str) -> ApiResult<Option<Value>> {
        let row = store::find(&self.db, draft_id).await?.filter(|row| self.sees(row));
        Ok(row.and_then(|r| r.published_body).and_then(|b| serde_json::from_str(&b).ok()))
    }

    /// Which team owns each monitor a draft was published as (every team's).
    pub async fn monitor_owners(&self) -> ApiResult<HashMap<String, String>> {
        links::monitor_owners(&mut *self.db.acquire().await?).await
    }

    /// The team whose draft was published as `monitor_id`, if any.
    pub async fn monitor_team(&self, monitor_id: &str) -> ApiResult<Option<String>> {
        links::monitor_team(&mut *self.db.acquire().await?, monitor_id).await
    }

    /// Every draft linked to a monitor.
    pub async fn linked_drafts(&self) -> ApiResult<Vec<LinkedDraft>> {
        let rows = links::linked_drafts(&mut *self.db.acquire().await?, self.team.as_deref()).await?;
        Ok(rows
            .into_iter()
            .map(|(draft_id, monitor_id, body)| LinkedDraft { draft_id, monitor_id, published: body.and_then(|b| serde_json::from_str(&b).ok()) })
            .collect())
    }
}

/// One draft per monitor (a unique index): a second link is a conflict, not a 500.
fn already_linked(err: sqlx::Error, monitor_id: &str) -> ApiError {
    match err {
        sqlx::Error::Database(e) if e.is_unique_violation() => ApiError::Conflict {
            message: format!("Monitor {monitor_id} is already linked to another draft; open that draft instead."),
            errors: Default::default(),
        },
        other => other.into(),
    }
}
