//! The portal's own audit log: the service that alone owns the `audit_log` table. Every
//! state-changing API call is appended by [`crate::api`] (the one place every operation
//! passes through, so a new route cannot forget it), and every sign-in, successful or not,
//! by [`crate::auth`]. Nothing updates or deletes an entry; the table refuses it too.
//! [`to_cluster`] optionally copies the log into the cluster.

pub mod to_cluster;

use app::api::{AuditEntry, AuditList, AuditQuery};
use sqlx::SqlitePool;

use crate::{
    db::now,
    error::{ApiError, ApiResult},
};

/// What one entry records; the time is added when it is appended.
pub struct Event<'a> {
    pub actor: &'a str,
    pub team_id: Option<&'a str>,
    pub action: &'a str,
    pub target: &'a str,
    pub address: Option<std::net::IpAddr>,
    pub outcome: u16,
}

/// The filters of [`AuditQuery`] as SQL: `?1` actor, `?2` action, `?3` failed only, `?4` after id.
macro_rules! filtered {
    () => {
        "(?1 IS NULL OR actor = ?1) AND (?2 IS NULL OR action = ?2) AND (?3 = 0 OR outcome >= 400) AND id > ?4"
    };
}

#[derive(Clone)]
pub struct AuditService {
    db: SqlitePool,
    /// Wakes the copy to the cluster when an entry is appended.
    appended: std::sync::Arc<tokio::sync::Notify>,
}

impl AuditService {
    pub fn new(db: SqlitePool) -> Self {
        AuditService { db, appended: Default::default() }
    }

    /// Returns when an entry has been appended since the last call, or after `at_most`.
    pub async fn appended(&self, at_most: std::time::Duration) {
        let _ = tokio::time::timeout(at_most, self.appended.notified()).await;
    }

    /// Where the copy to the cluster stands: this database's name in the copy, and the last
    /// entry the cluster has. Made on first use.
    pub async fn copy_position(&self) -> ApiResult<(String, i64)> {
        sqlx::query("INSERT INTO audit_copy (id, source, last_id) VALUES (1, ?, 0) ON CONFLICT (id) DO NOTHING")
            .bind(uuid::Uuid::new_v4().simple().to_string())
            .execute(&self.db)
            .await?;
        Ok(sqlx::query_as("SELECT source, last_id FROM audit_copy WHERE id = 1").fetch_one(&self.db).await?)
    }

    /// Records that the cluster has every entry up to `last_id`.
    pub async fn copied_up_to(&self, last_id: i64) -> ApiResult<()> {
        sqlx::query("UPDATE audit_copy SET last_id = ? WHERE id = 1 AND last_id < ?").bind(last_id).bind(last_id).execute(&self.db).await?;
        Ok(())
    }

    /// Appends an entry. The action it records has happened already, so a failure to write
    /// is logged loudly rather than answered.
    pub async fn append(&self, event: Event<'_>) {
        let result = sqlx::query("INSERT INTO audit_log (at, actor, team_id, action, target, address, outcome) VALUES (?, ?, ?, ?, ?, ?, ?)")
            .bind(now())
            .bind(event.actor)
            .bind(event.team_id)
            .bind(event.action)
            .bind(event.target)
            .bind(event.address.map(|a| a.to_string()))
            .bind(i64::from(event.outcome))
            .execute(&self.db)
            .await;
        match result {
            Ok(_) => self.appended.notify_one(),
            Err(error) => tracing::error!(%error, actor = event.actor, action = event.action, target = event.target, "could not append to the audit log"),
        }
    }

    /// Entries matching `q`, newest first.
    pub async fn list(&self, q: &AuditQuery) -> ApiResult<AuditList> {
        let limit = q.limit.unwrap_or(100);
        if !(1..=1000).contains(&limit) {
            return Err(ApiError::field("limit", "Must be between 1 and 1000."));
        }
        let offset = q.offset.unwrap_or(0);
        if offset < 0 {
            return Err(ApiError::field("offset", "Must not be negative."));
        }
        let entries = self.select(q, Order::NewestFirst, limit, offset).await?;
        let total: i64 = sqlx::query_scalar(concat!("SELECT COUNT(*) FROM audit_log WHERE ", filtered!()))
            .bind(&q.actor)
            .bind(&q.action)
            .bind(q.failed.unwrap_or(false))
            .bind(q.after.unwrap_or(0))
            .fetch_one(&self.db)
            .await?;
        Ok(AuditList { entries, total })
    }

    /// Entries matching `q`, oldest first, at most `q.limit` (10,000): an export, which
    /// goes on from the last id it gave (`after`).
    pub async fn export(&self, q: &AuditQuery) -> ApiResult<Vec<AuditEntry>> {
        let limit = q.limit.unwrap_or(EXPORT_LINES);
        if !(1..=EXPORT_LINES).contains(&limit) {
            return Err(ApiError::field("limit", format!("Must be between 1 and {EXPORT_LINES}.")));
        }
        if q.offset.is_some() {
            return Err(ApiError::field("offset", "An export goes on with `after` (the last line's id), not an offset."));
        }
        self.select(q, Order::OldestFirst, limit, 0).await
    }

    async fn select(&self, q: &AuditQuery, order: Order, limit: i64, offset: i64) -> ApiResult<Vec<AuditEntry>> {
        if q.after.is_some_and(|a| a < 0) {
            return Err(ApiError::field("after", "Must not be negative."));
        }
        macro_rules! select {
            ($order:literal) => {
                concat!("SELECT id, at, actor, team_id, action, target, address, outcome FROM audit_log WHERE ", filtered!(), " ORDER BY id ", $order, " LIMIT ?5 OFFSET ?6")
            };
        }
        let sql = match order {
            Order::NewestFirst => select!("DESC"),
            Order::OldestFirst => select!("ASC"),
        };
        let rows: Vec<(i64, String, String, Option<String>, String, String, Option<String>, i64)> = sqlx::query_as(sql)
            .bind(&q.actor)
            .bind(&q.action)
            .bind(q.failed.unwrap_or(false))
            .bind(q.after.unwrap_or(0))
            .bind(limit)
            .bind(offset)
            .fetch_all(&self.db)
            .await?;
        Ok(rows
            .into_iter()
            .map(|(id, at, actor, team_id, action, target, address, outcome)| AuditEntry { id, at, actor, team_id, action, target, address, outcome: outcome as u16 })
            .collect())
    }
}

/// The order entries are read in: a page of the log shows the newest first, an export
/// goes on from the oldest.
#[derive(Clone, Copy)]
enum Order {
    NewestFirst,
    OldestFirst,
}

/// The most lines one export answers.
const EXPORT_LINES: i64 = 10_000;

pub mod routes {
    //! `GET /api/v1/audit` and `/audit/export` (administrators).
    use app::api::{AuditEntry, AuditList, Call, ops};

    use crate::{api::Ctx, error::ApiResult};

    pub async fn list_audit(cx: Ctx, call: Call<ops::ListAudit>) -> ApiResult<AuditList> {
        cx.audit.list(&call.query).await
    }

    pub async fn export_audit(cx: Ctx, call: Call<ops::ExportAudit>) -> ApiResult<Vec<AuditEntry>> {
        cx.audit.export(&call.query).await
    }
}
