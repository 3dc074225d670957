//! The drafts service: the one place where drafts are created, saved, versioned, imported
//! and exported, linked to the monitors they were published as, and flagged when those
//! changed on the cluster. The JSON API handlers ([`routes`]), publishing and the monitors
//! pages call these methods; no other code runs SQL on the drafts tables. So the rules
//! (optimistic concurrency, a revision per save, hard limits, one draft per monitor) hold
//! whichever door a request came through, and every change is one transaction.
//!
//! - [`store`]: SQL of drafts and revisions; [`links`]: SQL of the monitor link;
//! - [`publish_state`]: the link and publish-state methods of [`DraftService`].

mod links;
mod publish_state;
pub mod routes;
pub mod store;

pub use links::MonitorLink;
pub use publish_state::LinkedDraft;

use app::{
    api::{
        CreateDraft, Draft, DraftList, ExportedMonitor, HistoryEntry, HistoryKind, ImportDraft, RenameDraft, RestoreRevision, Revision, RevisionDiff,
        RevisionDiffQuery, RevisionSummary, SaveDraft,
    },
    model::{self, MonitorDraft},
};
use sqlx::SqlitePool;

use crate::db::now;
use crate::error::{ApiError, ApiResult};
use store::{DraftRow, Derived, RevisionMeta};

#[derive(Clone)]
pub struct DraftService {
    db: SqlitePool,
    /// Publishes of one draft run one at a time (see [`DraftService::publishing`]).
    publishing: publish_state::PublishLocks,
    /// The team whose drafts these are (`None`: every team's, for server-side work); a
    /// draft of another team is "not found", never "forbidden".
    team: Option<String>,
    /// Who is acting: the author of the revisions and events written (`None`: the server).
    actor: Option<String>,
}

/// Paging of the drafts list.
pub const DEFAULT_PAGE_SIZE: i64 = 50;
pub const MAX_PAGE_SIZE: i64 = 500;

impl DraftService {
    pub fn new(db: SqlitePool) -> Self {
        DraftService { db, publishing: publish_state::PublishLocks::default(), team: None, actor: None }
    }

    /// The same service, seeing and making only `team`'s drafts.
    pub fn in_team(&self, team: &str) -> DraftService {
        DraftService { team: Some(team.to_owned()), ..self.clone() }
    }

    /// The same service, recording `actor` as the author of what it writes.
    pub fn by(&self, actor: &str) -> DraftService {
        DraftService { actor: Some(actor.to_owned()), ..self.clone() }
    }

    /// Who is acting (`None`: the server itself).
    pub fn actor(&self) -> Option<&str> {
        self.actor.as_deref()
    }

    fn meta<'a>(&'a self, note: Option<&'a str>, message: Option<&'a str>) -> RevisionMeta<'a> {
        RevisionMeta { note, author: self.actor.as_deref(), message }
    }

    /// The team these drafts are of (`None`: every team's).
    pub fn team(&self) -> Option<&str> {
        self.team.as_deref()
    }

    /// The team new drafts go to (unscoped work files them under the first team).
    fn team_id(&self) -> &str {
        self.team.as_deref().unwrap_or("default")
    }

    /// Whether a stored draft is one of this service's team.
    fn sees(&self, row: &DraftRow) -> bool {
        self.team.as_deref().is_none_or(|team| team == row.team_id)
    }

    pub fn pool(&self) -> &SqlitePool {
        &self.db
    }

    /// A new draft from a template, a given document, or the defaults.
    pub async fn create(&self, request: CreateDraft) -> ApiResult<Draft> {
        let (document, note) = match (request.template, request.document) {
            (Some(_), Some(_)) => return Err(ApiError::bad_request("Give either a template or a document, not both.")),
            (Some(template), None) => {
                let doc = model::templates::build(&template)
                    .ok_or_else(|| ApiError::field("template", format!("Unknown template: {template}")))?;
                (doc, format!("created from template {template}"))
            }
            (None, Some(doc)) => (doc, "created".to_owned()),
            (None, None) => (MonitorDraft::default(), "created".to_owned()),
        };
        self.insert(document, &note).await
    }

    /// Inserts a new draft (used by create, duplicate, import and import-from-cluster).
    pub async fn insert(&self, document: MonitorDraft, note: &str) -> ApiResult<Draft> {
        check_storable(&document)?;
        let id = uuid::Uuid::new_v4().simple().to_string();
        let json = serde_json::to_string(&document).map_err(ApiError::internal)?;
        let mut tx = store::write_tx(&self.db).await?;
        store::insert(&mut tx, self.team_id(), &id, &json, &Derived::of(&document), &now(), self.meta(Some(note), None)).await?;
        let row = store::find(&mut *tx, &id).await?.ok_or_else(|| ApiError::internal("draft vanished inside its transaction"))?;
        tx.commit().await?;
        to_draft(&row)
    }

    pub async fn get(&self, id: &str) -> ApiResult<Draft> {
        let row = self.row(id).await?;
        to_draft(&row)
    }

    async fn row(&self, id: &str) -> ApiResult<DraftRow> {
        store::find(&self.db, id).await?.filter(|row| self.sees(row)).ok_or_else(|| ApiError::not_found(format!("Draft {id} not found.")))
    }

    pub async fn list(&self, search: &str, limit: Option<i64>, offset: Option<i64>) -> ApiResult<DraftList> {
        let limit = limit.unwrap_or(DEFAULT_PAGE_SIZE);
        if !(1..=MAX_PAGE_SIZE).contains(&limit) {
            return Err(ApiError::field("limit", format!("Must be between 1 and {MAX_PAGE_SIZE}.")));
        }
        let offset = offset.unwrap_or(0);
        if offset < 0 {
            return Err(ApiError::field("offset", "Must not be negative."));
        }
        let (drafts, total) = store::list(&self.db, self.team.as_deref(), search.trim(), limit, offset).await?;
        Ok(DraftList { drafts, total })
    }

    /// Saves a new version if `request.version` is the current one; otherwise answers 409
    /// with the current draft so that two tabs never silently overwrite each other.
    pub async fn save(&self, id: &str, request: SaveDraft) -> ApiResult<Draft> {
        let message = check_message("message", request.message.as_deref())?;
        self.write(id, request.version, request.document, None, message).await
    }

    async fn write(&self, id: &str, expected_version: i64, document: MonitorDraft, note: Option<&str>, message: Option<&str>) -> ApiResult<Draft> {
        check_storable(&document)?;
        let json = serde_json::to_string(&document).map_err(ApiError::internal)?;
        let mut tx = store::write_tx(&self.db).await?;
        let written = store::update_if_version(&mut tx, self.team.as_deref(), id, expected_version, &json, &Derived::of(&document), &now(), self.meta(note, message)).await?;
        match written {
            Some(_) => {
                let row = store::find(&mut *tx, id).await?.ok_or_else(|| ApiError::internal("draft vanished inside its transaction"))?;
                tx.commit().await?;
                to_draft(&row)
            }
            None => {
                drop(tx);
                let current = self.get(id).await?;
                Err(ApiError::DraftConflict {
                    message: format!(
                        "This draft was changed elsewhere (you edited version {expected_version}, it is now at version {}).",
                        current.version
                    ),
                    current: Box::new(current),
                })
            }
        }
    }

    pub async fn rename(&self, id: &str, request: RenameDraft) -> ApiResult<Draft> {
        if request.name.trim().is_empty() {
            return Err(ApiError::field("name", "Type a name for the monitor."));
        }
        let mut document = self.get(id).await?.document;
        document.name = request.name;
        self.write(id, request.version, document, Some("renamed"), None).await
    }

    /// A copy with " (copy)" appended, not linked to any published monitor.
    pub async fn duplicate(&self, id: &str) -> ApiResult<Draft> {
        let mut document = self.get(id).await?.document;
        document.name = copy_name(&document.name);
        strip_cluster_ids(&mut document);
        self.insert(document, &format!("duplicated from {id}")).await
    }

    pub async fn delete(&self, id: &str) -> ApiResult<()> {
        if store::delete(&self.db, self.team.as_deref(), id).await? { Ok(()) } else { Err(ApiError::not_found(format!("Draft {id} not found."))) }
    }

    pub async fn revisions(&self, id: &str) -> ApiResult<Vec<RevisionSummary>> {
        self.row(id).await?;
        store::revisions(&self.db, id).await
    }

    /// Who made draft `id` (the author of its first revision).
    pub async fn creator(&self, id: &str) -> ApiResult<Option<String>> {
        self.row(id).await?;
        Ok(store::creator(&self.db, id).await?.flatten())
    }

    pub async fn revision(&self, id: &str, version: i64) -> ApiResult<Revision> {
        self.row(id).await?;
        store::revision(&self.db, id, version).await?.ok_or_else(|| ApiError::not_found(format!("Draft {id} has no revision {version}.")))
    }

    /// Makes an old revision the newest version; history is kept, nothing is rewritten.
    pub async fn restore(&self, id: &str, request: RestoreRevision) -> ApiResult<Draft> {
        let message = check_message("message", request.message.as_deref())?;
        let old = self.revision(id, request.revision).await?;
        self.write(id, request.version, old.document, Some(&format!("restored revision {}", request.revision)), message).await
    }

    /// Every draft's current version, by id (this service's team's only).
    pub async fn versions(&self) -> ApiResult<std::collections::HashMap<String, i64>> {
        let rows: Vec<(String, i64)> = sqlx::query_as("SELECT id, version FROM drafts WHERE (?1 IS NULL OR team_id = ?1)").bind(self.team.as_deref()).fetch_all(&self.db).await?;
        Ok(rows.into_iter().collect())
    }

    /// Who did what to the draft, when, newest first: saves, restores, publishes, reviews.
    pub async fn history(&self, id: &str) -> ApiResult<Vec<HistoryEntry>> {
        self.row(id).await?;
        store::history(&self.db, id).await
    }

    /// What turns revision `from` into revision `to`, as the monitors they would publish
    /// (normalized as import does, so fields the form does not model never show).
    pub async fn diff(&self, id: &str, query: &RevisionDiffQuery) -> ApiResult<RevisionDiff> {
        let monitor = |document: &MonitorDraft| -> ApiResult<serde_json::Value> {
            let json = model::convert::to_monitor_json(document).map_err(ApiError::invalid)?;
            model::convert::normalize_monitor_json(&json).map_err(ApiError::invalid)
        };
        self.row(id).await?;
        let (from, to) = (self.revision(id, query.from).await, self.revision(id, query.to).await);
        let from = from.map_err(|_| ApiError::field("from", format!("Draft {id} has no revision {}.", query.from)))?;
        let to = to.map_err(|_| ApiError::field("to", format!("Draft {id} has no revision {}.", query.to)))?;
        Ok(RevisionDiff { from: query.from, to: query.to, changes: model::diff::diff(&monitor(&from.document)?, &monitor(&to.document)?) })
    }

    /// Appends an event (publish, review step) to draft `id`'s history, by the actor.
    pub async fn record_event(&self, id: &str, kind: HistoryKind, version: i64, monitor_id: Option<&str>, message: Option<&str>) -> ApiResult<()> {
        let actor = self.actor.as_deref().unwrap_or("monitor-studio");
        store::insert_event(&self.db, id, &store::NewEvent { kind, actor, version, monitor_id, message }, &now()).await
    }

    /// Any monitor JSON → a new draft.
    pub async fn import(&self, request: ImportDraft) -> ApiResult<Draft> {
        let document = model::convert::from_monitor_json(&request.monitor).map_err(|errors| {
            ApiError::invalid(errors.into_iter().map(|(k, v)| (format!("monitor.{k}"), v)).collect())
        })?;
        self.insert(document, "imported").await
    }

    /// The re-postable monitor body of a draft.
    pub async fn export(&self, id: &str) -> ApiResult<ExportedMonitor> {
        let document = self.get(id).await?.document;
        let monitor = model::convert::to_monitor_json(&document).map_err(ApiError::invalid)?;
        Ok(ExportedMonitor { monitor })
    }
}

/// A person's message about a change: optional, at most 1,000 characters, no control
/// characters but line breaks. Blank is none.
pub fn check_message<'a>(field: &str, message: Option<&'a str>) -> ApiResult<Option<&'a str>> {
    let Some(message) = message.map(str::trim).filter(|m| !m.is_empty()) else { return Ok(None) };
    if message.chars().count() > 1000 {
        return Err(ApiError::field(field, "At most 1000 characters."));
    }
    if message.chars().any(|c| c.is_control() && c != '\n' && c != '\t') {
        return Err(ApiError::field(field, "A message cannot hold control characters."));
    }
    Ok(Some(message))
}

fn to_draft(row: &DraftRow) -> ApiResult<Draft> {
    Ok(Draft {
        id: row.id.clone(),
        version: row.version,
        created_at: row.created_at.clone(),
        updated_at: row.updated_at.clone(),
        document: row.document()?,
        state: row.state(),
        published: row.published(),
    })
}

/// Hard limits: what may never be stored, complete or not. An incomplete or not yet valid
/// draft is fine (that is what drafts are for); a 10k-character name, control characters
/// in a name, more triggers than the cluster allows, or an out-of-range severity is not.
fn check_storable(document: &MonitorDraft) -> ApiResult<()> {
    let errors = storable_errors(document);
    if errors.is_empty() { Ok(()) } else { Err(ApiError::invalid(errors.into_iter().map(|(k, v)| (format!("document.{k}"), v)).collect())) }
}

/// The subset of [`model::validate::validate`] that blocks storing, by field path.
pub fn storable_errors(document: &MonitorDraft) -> model::FieldErrors {
    use model::limits;
    let hard = model::validate::validate(document);
    let mut errors = model::FieldErrors::new();
    let mut keep = |key: &str| {
        if let Some(message) = hard.get(key) {
            errors.insert(key.to_owned(), message.clone());
        }
    };
    keep("name");
    keep("triggers");
    keep("visual.filters");
    for i in 0..document.triggers.len() {
        keep(&format!("triggers[{i}].severity"));
    }
    if document.indices.len() > limits::MAX_INDICES {
        errors.insert("indices".into(), format!("At most {} index entries.", limits::MAX_INDICES));
    }
    let too_long = |s: &str| s.chars().count() > limits::MAX_TEMPLATE_CHARS;
    if too_long(&document.extraction_query) {
        errors.insert("extraction_query".into(), format!("At most {} characters.", limits::MAX_TEMPLATE_CHARS));
    }
    for (i, t) in document.triggers.iter().enumerate() {
        if too_long(&t.script) {
            errors.insert(format!("triggers[{i}].script"), format!("At most {} characters.", limits::MAX_TEMPLATE_CHARS));
        }
        for (j, a) in t.actions.iter().enumerate() {
            if too_long(&a.message) || too_long(&a.subject) {
                errors.insert(format!("triggers[{i}].actions[{j}].message"), format!("At most {} characters.", limits::MAX_TEMPLATE_CHARS));
            }
        }
    }
    errors
}

fn copy_name(name: &str) -> String {
    let base = if name.trim().is_empty() { "Untitled monitor" } else { name };
    let suffix = " (copy)";
    let room = model::limits::MAX_NAME_CHARS - suffix.len();
    format!("{}{suffix}", base.chars().take(room).collect::<String>())
}

/// A copy is a new monitor: the cluster's trigger and action ids belong to the original.
pub(crate) fn strip_cluster_ids(document: &mut MonitorDraft) {
    for trigger in &mut document.triggers {
        trigger.id = None;
        for action in &mut trigger.actions {
            action.id = None;
        }
    }
}
