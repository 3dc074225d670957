//! SQL for the link between a draft and its cluster monitor (publish, import from cluster).

use sqlx::SqlitePool;

use crate::error::ApiResult;

/// Records the monitor a draft was published as (and what was published).
pub struct PublishRecord<'a> {
    pub draft_id: &'a str,
    pub monitor_id: &'a str,
    pub seq_no: i64,
    pub primary_term: i64,
    pub draft_version: i64,
    pub published_body: &'a str,
    pub now: &'a str,
}

pub async fn record_publish(db: &SqlitePool, r: PublishRecord<'_>) -> ApiResult<()> {
    sqlx::query(
        "UPDATE drafts SET monitor_id = ?, seq_no = ?, primary_term = ?, published_version = ?, published_body = ?, \
         published_at = ?, cluster_changed = 0, publish_token = NULL WHERE id = ?",
    )
    .bind(r.monitor_id)
    .bind(r.seq_no)
    .bind(r.primary_term)
    .bind(r.draft_version)
    .bind(r.published_body)
    .bind(r.now)
    .bind(r.draft_id)
    .execute(db)
    .await?;
    Ok(())
}

/// The token of a create that may or may not have reached the cluster.
pub async fn publish_token(db: &SqlitePool, draft_id: &str) -> ApiResult<Option<String>> {
    Ok(sqlx::query_scalar::<_, Option<String>>("SELECT publish_token FROM drafts WHERE id = ?")
        .bind(draft_id)
        .fetch_optional(db)
        .await?
        .flatten())
}

pub async fn set_publish_token(db: &SqlitePool, draft_id: &str, token: &str) -> ApiResult<()> {
    sqlx::query("UPDATE drafts SET publish_token = ? WHERE id = ?").bind(token).bind(draft_id).execute(db).await?;
    Ok(())
}

/// Forgets the link (the monitor was deleted on the cluster; the next publish creates one).
pub async fn unlink(db: &SqlitePool, draft_id: &str) -> ApiResult<()> {
    sqlx::query(
        "UPDATE drafts SET monitor_id = NULL, seq_no = NULL, primary_term = NULL, published_version = NULL, \
         published_body = NULL, published_at = NULL, cluster_changed = 0 WHERE id = ?",
    )
    .bind(draft_id)
    .execute(db)
    .await?;
    Ok(())
}

pub async fn set_cluster_changed(db: &SqlitePool, draft_id: &str, changed: bool) -> ApiResult<()> {
    sqlx::query("UPDATE drafts SET cluster_changed = ? WHERE id = ?").bind(i64::from(changed)).bind(draft_id).execute(db).await?;
    Ok(())
}

/// The draft linked to a monitor, if any.
pub async fn draft_for_monitor(db: &SqlitePool, monitor_id: &str) -> ApiResult<Option<String>> {
    Ok(sqlx::query_scalar("SELECT id FROM drafts WHERE monitor_id = ?").bind(monitor_id).fetch_optional(db).await?)
}

/// Every linked draft: (draft id, monitor id, published body).
pub async fn linked_drafts(db: &SqlitePool) -> ApiResult<Vec<(String, String, Option<String>)>> {
    Ok(sqlx::query_as("SELECT id, monitor_id, published_body FROM drafts WHERE monitor_id IS NOT NULL").fetch_all(db).await?)
}
