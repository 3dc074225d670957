//! SQL for the link between a draft and its cluster monitor (publish, import from cluster)
//! and for the publish state kept beside it. Only [`super::DraftService`] calls these, each
//! inside the one transaction of the service method that needs them.

use sqlx::SqliteConnection;

use crate::error::ApiResult;

/// What one successful publish (or import from the cluster) links a draft to.
pub struct MonitorLink<'a> {
    pub monitor_id: &'a str,
    /// The monitor's concurrency tokens after the write: the next update is guarded by them.
    pub seq_no: i64,
    pub primary_term: i64,
    /// The normalized monitor JSON as published, for telling later what changed where.
    pub published_body: &'a str,
}

/// Links draft `draft_id` at `draft_version` (the version published); `false` when the draft
/// no longer exists. The raw database error is kept: a second draft for one monitor is a
/// unique-index violation the caller answers as a conflict.
pub(super) async fn record_publish(tx: &mut SqliteConnection, draft_id: &str, draft_version: i64, r: &MonitorLink<'_>, now: &str) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE drafts SET monitor_id = ?, seq_no = ?, primary_term = ?, published_version = ?, published_body = ?, \
         published_at = ?, cluster_changed = 0, publish_token = NULL WHERE id = ?",
    )
    .bind(r.monitor_id)
    .bind(r.seq_no)
    .bind(r.primary_term)
    .bind(draft_version)
    .bind(r.published_body)
    .bind(now)
    .bind(draft_id)
    .execute(tx)
    .await?;
    Ok(done.rows_affected() > 0)
}

/// The token of a create that may or may not have reached the cluster.
pub(super) async fn publish_token(db: &mut SqliteConnection, draft_id: &str) -> ApiResult<Option<String>> {
    Ok(sqlx::query_scalar::<_, Option<String>>("SELECT publish_token FROM drafts WHERE id = ?")
        .bind(draft_id)
        .fetch_optional(db)
        .await?
        .flatten())
}

pub(super) async fn set_publish_token(tx: &mut SqliteConnection, draft_id: &str, token: &str) -> ApiResult<bool> {
    let done = sqlx::query("UPDATE drafts SET publish_token = ? WHERE id = ?").bind(token).bind(draft_id).execute(tx).await?;
    Ok(done.rows_affected() > 0)
}

pub(super) async fn set_cluster_changed(tx: &mut SqliteConnection, draft_id: &str, changed: bool) -> ApiResult<()> {
    sqlx::query("UPDATE drafts SET cluster_changed = ? WHERE id = ?").bind(i64::from(changed)).bind(draft_id).execute(tx).await?;
    Ok(())
}

/// The draft linked to a monitor, if any.
pub(super) async fn draft_for_monitor(db: &mut SqliteConnection, team: Option<&str>, monitor_id: &str) -> ApiResult<Option<String>> {
    Ok(sqlx::query_scalar("SELECT id FROM drafts WHERE monitor_id = ?1 AND (?2 IS NULL OR team_id = ?2)").bind(monitor_id).bind(team).fetch_optional(db).await?)
}

/// Monitor id → the team owning the draft published as it.
pub(super) async fn monitor_owners(db: &mut SqliteConnection) -> ApiResult<std::collections::HashMap<String, String>> {
    let rows: Vec<(String, String)> = sqlx::query_as("SELECT monitor_id, team_id FROM drafts WHERE monitor_id IS NOT NULL").fetch_all(db).await?;
    Ok(rows.into_iter().collect())
}

/// The team owning the draft published as `monitor_id`.
pub(super) async fn monitor_team(db: &mut SqliteConnection, monitor_id: &str) -> ApiResult<Option<String>> {
    Ok(sqlx::query_scalar("SELECT team_id FROM drafts WHERE monitor_id = ?").bind(monitor_id).fetch_optional(db).await?)
}

/// Every linked draft (of `team`, or all): (draft id, monitor id, published body).
pub(super) async fn linked_drafts(db: &mut SqliteConnection, team: Option<&str>) -> ApiResult<Vec<(String, String, Option<String>)>> {
    Ok(sqlx::query_as("SELECT id, monitor_id, published_body FROM drafts WHERE monitor_id IS NOT NULL AND (?1 IS NULL OR team_id = ?1)").bind(team).fetch_all(db).await?)
}

/// The drafts linked to these monitors, as monitor id → draft id, in one query (the
/// monitors list links each row to its draft).
pub(super) async fn drafts_for_monitors(db: &mut SqliteConnection, team: Option<&str>, monitor_ids: &[String]) -> ApiResult<std::collections::HashMap<String, String>> {
    if monitor_ids.is_empty() {
        return Ok(Default::default());
    }
    let mut rows: Vec<(String, String)> = Vec::with_capacity(monitor_ids.len());
    // Plain `IN (…)` with bound values, in chunks well under every database's bind limit.
    for chunk in monitor_ids.chunks(500) {
        let mut query = sqlx::QueryBuilder::<sqlx::Sqlite>::new("SELECT monitor_id, id FROM drafts WHERE monitor_id IN (");
        let mut ids = query.separated(", ");
        for id in chunk {
            ids.push_bind(id);
        }
        query.push(")");
        if let Some(team) = team {
            query.push(" AND team_id = ").push_bind(team);
        }
        rows.extend(query.build_query_as::<(String, String)>().fetch_all(&mut *db).await?);
    }
    Ok(rows.into_iter().collect())
}
