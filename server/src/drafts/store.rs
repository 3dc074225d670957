//! SQL for drafts and their revisions. Only this file knows the table layout.

use app::{
    api::{DraftSummary, HistoryEntry, HistoryKind, PublishState, PublishedLink, Revision, RevisionSummary},
    model::{MonitorDraft, MonitorType},
};
use sqlx::{FromRow, Sqlite, SqliteConnection, SqlitePool, Transaction};

use crate::error::{ApiError, ApiResult};

/// A `drafts` row as stored.
#[derive(Debug, Clone, FromRow)]
pub struct DraftRow {
    pub id: String,
    pub name: String,
    pub monitor_type: String,
    pub indices: String,
    pub document: String,
    pub version: i64,
    pub created_at: String,
    pub updated_at: String,
    pub monitor_id: Option<String>,
    pub seq_no: Option<i64>,
    pub primary_term: Option<i64>,
    pub published_version: Option<i64>,
    pub published_body: Option<String>,
    pub published_at: Option<String>,
    pub cluster_changed: i64,
    pub team_id: String,
}

impl DraftRow {
    pub fn document(&self) -> ApiResult<MonitorDraft> {
        serde_json::from_str(&self.document).map_err(|e| ApiError::internal(format!("stored draft {} unreadable: {e}", self.id)))
    }

    pub fn state(&self) -> PublishState {
        publish_state(self.monitor_id.as_deref(), self.version, self.published_version, self.cluster_changed)
    }

    pub fn published(&self) -> Option<PublishedLink> {
        Some(PublishedLink {
            monitor_id: self.monitor_id.clone()?,
            seq_no: self.seq_no?,
            primary_term: self.primary_term?,
            published_at: self.published_at.clone()?,
            draft_version: self.published_version?,
        })
    }
}

pub fn publish_state(monitor_id: Option<&str>, version: i64, published_version: Option<i64>, cluster_changed: i64) -> PublishState {
    match (monitor_id, published_version) {
        (None, _) | (_, None) => PublishState::NeverPublished,
        _ if cluster_changed != 0 => PublishState::ChangedOnCluster,
        (Some(_), Some(p)) if p != version => PublishState::ChangedSincePublish,
        _ => PublishState::Published,
    }
}

/// Columns derived from the document, kept beside it for listing and search.
pub struct Derived {
    pub name: String,
    pub monitor_type: &'static str,
    pub indices: String,
}

impl Derived {
    pub fn of(doc: &MonitorDraft) -> Derived {
        Derived {
            name: doc.name.clone(),
            monitor_type: doc.monitor_type.api_name(),
            indices: serde_json::to_string(&doc.indices).expect("strings serialize"),
        }
    }
}

/// A write transaction. `BEGIN IMMEDIATE` takes SQLite's write lock up front, so
/// concurrent writers queue on the busy timeout instead of one failing with `SQLITE_BUSY`
/// when its read turns into a write mid-transaction. (On PostgreSQL this is a plain
/// `BEGIN`; the statements inside are portable.)
pub(super) async fn write_tx(db: &SqlitePool) -> ApiResult<Transaction<'static, Sqlite>> {
    Ok(db.begin_with("BEGIN IMMEDIATE").await?)
}

const SELECT_DRAFT: &str = "SELECT id, name, monitor_type, indices, document, version, created_at, updated_at, \
     monitor_id, seq_no, primary_term, published_version, published_body, published_at, cluster_changed, team_id \
     FROM drafts WHERE id = ?";

pub(super) async fn find(db: impl sqlx::SqliteExecutor<'_>, id: &str) -> ApiResult<Option<DraftRow>> {
    Ok(sqlx::query_as::<_, DraftRow>(SELECT_DRAFT).bind(id).fetch_optional(db).await?)
}

/// Who saved a revision, what they said, and what the server did (`restored revision 3`).
#[derive(Clone, Copy, Debug, Default)]
pub struct RevisionMeta<'a> {
    pub note: Option<&'a str>,
    pub author: Option<&'a str>,
    pub message: Option<&'a str>,
}

pub(super) async fn insert(tx: &mut SqliteConnection, team: &str, id: &str, doc_json: &str, derived: &Derived, now: &str, meta: RevisionMeta<'_>) -> ApiResult<()> {
    sqlx::query(
        "INSERT INTO drafts (team_id, id, name, monitor_type, indices, document, version, created_at, updated_at) \
         VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?)",
    )
    .bind(team)
    .bind(id)
    .bind(&derived.name)
    .bind(derived.monitor_type)
    .bind(&derived.indices)
    .bind(doc_json)
    .bind(now)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    insert_revision(tx, id, 1, doc_json, now, meta).await
}

/// Writes a new version if and only if the stored one is `expected_version`.
/// Returns the new version, or `None` when the draft moved on (or is gone, or is another
/// team's).
pub(super) async fn update_if_version(
    tx: &mut SqliteConnection,
    team: Option<&str>,
    id: &str,
    expected_version: i64,
    doc_json: &str,
    derived: &Derived,
    now: &str,
    meta: RevisionMeta<'_>,
) -> ApiResult<Option<i64>> {
    let new_version = expected_version + 1;
    let result = sqlx::query(
        "UPDATE drafts SET name = ?, monitor_type = ?, indices = ?, document = ?, version = ?, updated_at = ? \
         WHERE id = ? AND version = ? AND (? IS NULL OR team_id = ?)",
    )
    .bind(&derived.name)
    .bind(derived.monitor_type)
    .bind(&derived.indices)
    .bind(doc_json)
    .bind(new_version)
    .bind(now)
    .bind(id)
    .bind(expected_version)
    .bind(team)
    .bind(team)
    .execute(&mut *tx)
    .await?;
    if result.rows_affected() == 0 {
        return Ok(None);
    }
    insert_revision(tx, id, new_version, doc_json, now, meta).await?;
    Ok(Some(new_version))
}

async fn insert_revision(tx: &mut SqliteConnection, id: &str, version: i64, doc_json: &str, now: &str, meta: RevisionMeta<'_>) -> ApiResult<()> {
    sqlx::query("INSERT INTO draft_revisions (draft_id, version, document, saved_at, note, author, message) VALUES (?, ?, ?, ?, ?, ?, ?)")
        .bind(id)
        .bind(version)
        .bind(doc_json)
        .bind(now)
        .bind(meta.note)
        .bind(meta.author)
        .bind(meta.message)
        .execute(&mut *tx)
        .await?;
    Ok(())
}

pub(super) async fn delete(db: &SqlitePool, team: Option<&str>, id: &str) -> ApiResult<bool> {
    let result = sqlx::query("DELETE FROM drafts WHERE id = ?1 AND (?2 IS NULL OR team_id = ?2)").bind(id).bind(team).execute(db).await?;
    Ok(result.rows_affected() > 0)
}

#[derive(FromRow)]
struct SummaryRow {
    id: String,
    name: String,
    monitor_type: String,
    indices: String,
    version: i64,
    updated_at: String,
    monitor_id: Option<String>,
    published_version: Option<i64>,
    cluster_changed: i64,
}

/// One page of the drafts list, newest first. `search` matches name or indices,
/// case-insensitively, as a plain substring (LIKE wildcards in it are taken literally).
pub(super) async fn list(db: &SqlitePool, team: Option<&str>, search: &str, limit: i64, offset: i64) -> ApiResult<(Vec<DraftSummary>, i64)> {
    let pattern = format!("%{}%", search.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_"));
    let rows = sqlx::query_as::<_, SummaryRow>(
        "SELECT id, name, monitor_type, indices, version, updated_at, monitor_id, published_version, cluster_changed \
         FROM drafts WHERE (?4 IS NULL OR team_id = ?4) AND (name LIKE ?1 ESCAPE '\\' OR indices LIKE ?1 ESCAPE '\\') \
         ORDER BY updated_at DESC, id LIMIT ?2 OFFSET ?3",
    )
    .bind(&pattern)
    .bind(limit)
    .bind(offset)
    .bind(team)
    .fetch_all(db)
    .await?;
    let total: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM drafts WHERE (?2 IS NULL OR team_id = ?2) AND (name LIKE ?1 ESCAPE '\\' OR indices LIKE ?1 ESCAPE '\\')")
        .bind(&pattern)
        .bind(team)
        .fetch_one(db)
        .await?;
    let drafts = rows
        .into_iter()
        .map(|r| DraftSummary {
            state: publish_state(r.monitor_id.as_deref(), r.version, r.published_version, r.cluster_changed),
            monitor_type: MonitorType::from_api_name(&r.monitor_type).unwrap_or_default(),
            indices: serde_json::from_str(&r.indices).unwrap_or_default(),
            id: r.id,
            name: r.name,
            version: r.version,
            updated_at: r.updated_at,
            monitor_id: r.monitor_id,
        })
        .collect();
    Ok((drafts, total))
}

#[derive(FromRow)]
struct RevisionRow {
    saved_at: String,
    note: Option<String>,
    author: Option<String>,
    message: Option<String>,
    document: String,
}

#[derive(FromRow)]
struct RevisionSummaryRow {
    version: i64,
    saved_at: String,
    note: Option<String>,
    author: Option<String>,
    message: Option<String>,
    document: String,
}

pub(super) async fn revisions(db: &SqlitePool, id: &str) -> ApiResult<Vec<RevisionSummary>> {
    let rows = sqlx::query_as::<_, RevisionSummaryRow>(
        "SELECT version, saved_at, note, author, message, document \
         FROM draft_revisions WHERE draft_id = ? ORDER BY version DESC",
    )
    .bind(id)
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| RevisionSummary { name: document_name(&r.document), version: r.version, saved_at: r.saved_at, note: r.note, author: r.author, message: r.message })
        .collect())
}

/// Who saved the first revision of draft `id` (who made it), if it exists.
pub(super) async fn creator(db: &SqlitePool, id: &str) -> ApiResult<Option<Option<String>>> {
    let row: Option<(Option<String>,)> =
        sqlx::query_as("SELECT author FROM draft_revisions WHERE draft_id = ? ORDER BY version LIMIT 1").bind(id).fetch_optional(db).await?;
    Ok(row.map(|(author,)| author))
}

/// The monitor name a stored revision had (read here rather than with a database's own
/// JSON functions, so the query stays plain SQL).
fn document_name(document: &str) -> String {
    #[derive(serde::Deserialize)]
    struct Named {
        #[serde(default)]
        name: String,
    }
    serde_json::from_str::<Named>(document).map(|d| d.name).unwrap_or_default()
}

pub(super) async fn revision(db: &SqlitePool, id: &str, version: i64) -> ApiResult<Option<Revision>> {
    let row = sqlx::query_as::<_, RevisionRow>(
        "SELECT saved_at, note, author, message, document FROM draft_revisions WHERE draft_id = ? AND version = ?",
    )
    .bind(id)
    .bind(version)
    .fetch_optional(db)
    .await?;
    row.map(|r| {
        let document = serde_json::from_str(&r.document).map_err(|e| ApiError::internal(format!("revision unreadable: {e}")))?;
        Ok(Revision { version, saved_at: r.saved_at, note: r.note, author: r.author, message: r.message, document })
    })
    .transpose()
}

/// A draft event to append (see `migrations/0006_history_reviews.sql`).
pub(super) struct NewEvent<'a> {
    pub kind: HistoryKind,
    pub actor: &'a str,
    pub version: i64,
    pub monitor_id: Option<&'a str>,
    pub message: Option<&'a str>,
}

pub(super) async fn insert_event(db: impl sqlx::SqliteExecutor<'_>, draft_id: &str, event: &NewEvent<'_>, now: &str) -> ApiResult<()> {
    sqlx::query("INSERT INTO draft_events (draft_id, at, actor, kind, version, monitor_id, message) VALUES (?, ?, ?, ?, ?, ?, ?)")
        .bind(draft_id)
        .bind(now)
        .bind(event.actor)
        .bind(<&str>::from(event.kind))
        .bind(event.version)
        .bind(event.monitor_id)
        .bind(event.message)
        .execute(db)
        .await?;
    Ok(())
}

#[derive(FromRow)]
struct EventRow {
    at: String,
    actor: String,
    kind: String,
    version: i64,
    monitor_id: Option<String>,
    message: Option<String>,
}

/// A draft's history: its revisions and events, newest first.
pub(super) async fn history(db: &SqlitePool, id: &str) -> ApiResult<Vec<HistoryEntry>> {
    let events = sqlx::query_as::<_, EventRow>("SELECT at, actor, kind, version, monitor_id, message FROM draft_events WHERE draft_id = ? ORDER BY id")
        .bind(id)
        .fetch_all(db)
        .await?;
    let mut entries: Vec<HistoryEntry> = revisions(db, id)
        .await?
        .into_iter()
        .rev()
        .map(|r| HistoryEntry {
            kind: if r.note.as_deref().is_some_and(|n| n.starts_with("restored revision")) { HistoryKind::Restored } else { HistoryKind::Saved },
            at: r.saved_at,
            actor: r.author,
            version: r.version,
            message: r.message,
            note: r.note,
            monitor_id: None,
        })
        .collect();
    for e in events {
        let kind = e.kind.parse().map_err(|_| ApiError::internal(format!("unknown draft event {:?} in the database", e.kind)))?;
        entries.push(HistoryEntry { at: e.at, kind, actor: Some(e.actor), version: e.version, message: e.message, note: None, monitor_id: e.monitor_id });
    }
    // Stable: a revision comes before the events of the same instant, as it happened.
    entries.sort_by(|a, b| a.at.cmp(&b.at));
    entries.reverse();
    Ok(entries)
}
